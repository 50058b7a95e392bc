/**
 * Every text the window shows, in Dutch: the app's only language for now. An English translation
 * implements `Messages` in `en.ts` and `index.ts` chooses between them; no component holds text.
 */
export const nl = {
  app: {
    name: 'Dossierkluis',
    tagline: 'Uw praktijkdossiers, versleuteld op deze computer.',
  },
  unlock: {
    heading: 'Kluis openen',
    comingSoon:
      'Hier opent u straks uw kluis met uw wachtwoordzin. Dit scherm komt in een volgende versie.',
    passphrase: 'Wachtwoordzin',
    open: 'Openen',
  },
  footer: {
    version: (version: string) => `versie ${version}`,
    versionUnknown: 'versie onbekend',
  },
  errors: {
    internal:
      'Er ging iets mis in Dossierkluis. Start de app opnieuw; gebeurt het weer, neem dan contact op met de leverancier.',
  },
};

export type Messages = typeof nl;
