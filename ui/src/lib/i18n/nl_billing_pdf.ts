/** The Dutch texts for the practice logo, printing, and "Maak nota" with chosen sessions. */
export const nlBillingPdf = {
  logo: {
    heading: 'Logo op nota’s',
    intro:
      'Het logo staat rechtsboven op elke zorgnota en factuur die u vanaf nu maakt. Het wordt versleuteld in de kluis bewaard. Kies een PNG- of JPEG-bestand van hoogstens 2 MB.',
    none: 'Er is nog geen logo ingesteld.',
    choose: 'Logo kiezen…',
    replace: 'Ander logo kiezen…',
    remove: 'Logo verwijderen',
    previewAlt: 'Het logo van uw praktijk',
    size: (w: number, h: number) => `${w} × ${h} pixels`,
    saved: 'Het logo is opgeslagen. Het staat op elke nota die u vanaf nu maakt.',
    removed: 'Het logo is verwijderd. Nota’s die al zijn uitgereikt, houden hun logo.',
  },
  print: {
    open: 'Afdrukken…',
    heading: 'Nota afdrukken',
    printer: 'Printer',
    defaultMark: '(standaard)',
    copies: 'Aantal exemplaren',
    go: 'Afdrukken',
    cancel: 'Annuleren',
    loading: 'Printers zoeken…',
    none: 'Er is geen printer gevonden. Sla de PDF op met “PDF opslaan…” en druk hem af vanuit uw PDF-lezer, of sluit een printer aan en probeer het opnieuw.',
    sent: (printer: string, copies: number) =>
      `De nota is naar ${printer} gestuurd (${copies === 1 ? '1 exemplaar' : `${copies} exemplaren`}).`,
    copiesInvalid: 'Kies 1 tot 20 exemplaren.',
  },
  make: {
    open: 'Maak nota…',
    heading: 'Nota maken',
    intro: 'Kies de gehouden sessies die op deze nota komen. Sessies die u uitvinkt, blijven staan voor een volgende nota.',
    none: 'Er zijn geen gehouden sessies die nog niet op een nota staan.',
    total: 'Totaal',
    go: 'Maak concept',
    cancel: 'Annuleren',
    loading: 'Sessies ophalen…',
    noneChosen: 'Vink minstens één sessie aan.',
    count: (n: number) => (n === 1 ? '1 sessie gekozen' : `${n} sessies gekozen`),
    plusVat: '+ 21% btw',
    inclVat: 'incl. btw',
    nota: (kind: 'zorgnota' | 'factuur', n: number) =>
      `${kind === 'zorgnota' ? 'Zorgnota (behandeling)' : 'Factuur (coaching)'}, ${n === 1 ? '1 sessie' : `${n} sessies`}`,
    vatOf: (amount: string) => `waarvan btw ${amount}`,
    separate:
      "Behandelingen en coaching komen op aparte nota's: een zorgnota en een factuur. 'Maak concepten' maakt ze allebei.",
    goMany: 'Maak concepten',
  },
};
