/** Dutch text for the due list on a chosen date and the read-only (restricted) dossier. */
export const nlRetentionPolish = {
  // Bewaren: the due list for any date.
  dueOn: 'Te vernietigen per',
  dueOnHint: 'Bijvoorbeeld het einde van het jaar: 31-12-2026. Leeg is vandaag.',
  dueShow: 'Toon',
  dueNoneOn: (date: string) => `Op ${date} is van geen enkel dossier de bewaartermijn verstreken.`,
  dueNow: 'nu te vernietigen',
  dueNotYet: 'nog niet',
  // The dossier while it is restricted (AVG art. 18).
  restrictedBanner:
    'Beperkt (AVG art. 18): dit dossier is alleen te lezen. De beperking opheffen kan in het tabblad Privacy.',
};
