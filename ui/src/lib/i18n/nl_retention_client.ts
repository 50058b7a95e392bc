/** Dutch text for the rest of the Privacy tab: extending a request, langer bewaren, copies, intervisie. */
export const nlRetentionClient = {
  // A request's term.
  extend: 'Termijn verlengen…',
  extendHeading: 'Termijn verlengen',
  extendHint:
    'Verlengen kan alleen binnen de eerste maand, met hooguit twee maanden (samen drie maanden na ontvangst). Laat de cliënt binnen de eerste maand weten waarom.',
  extendMonths: 'Met',
  extendMonthsOption: (n: number) => (n === 1 ? '1 maand' : `${n} maanden`),
  extendReason: 'Reden (die vertelt u ook de cliënt)',
  extendSave: 'Termijn verlengen',
  extended: (date: string) => `De termijn is verlengd. Beantwoorden uiterlijk ${date}.`,
  extendedBecause: (reason: string) => `verlengd: ${reason}`,
  cancel: 'Annuleren',
  // Rejecting a request.
  reject: 'Afwijzen…',
  rejectHeading: 'Verzoek afwijzen',
  rejectHint:
    'Wijs een verzoek alleen af met een reden die u de cliënt ook schriftelijk geeft, bijvoorbeeld een wettelijke bewaarplicht of de privacy van een ander. De cliënt kan daarover een klacht indienen bij de Autoriteit Persoonsgegevens.',
  rejectReason: 'Reden van afwijzing',
  rejectSave: 'Verzoek afwijzen',
  rejected: 'Het verzoek is afgewezen; de reden staat erbij.',
  rejectedBecause: (reason: string) => `afgewezen: ${reason}`,
  // Langer bewaren.
  keepLonger: 'Langer bewaren…',
  keepHeading: 'Langer bewaren',
  keepHint:
    'Bewaar het dossier langer als goede zorg dat vereist (WGBO art. 7:454 lid 3), bijvoorbeeld bij een erfelijke aandoening of een jong kind. De reden wordt vastgelegd.',
  keepHow: 'Hoe lang',
  keepByYears: 'Aantal jaren extra',
  keepByDate: 'Tot een datum',
  keepYears: 'Jaren extra (na de huidige bewaartermijn)',
  keepUntil: 'Bewaren tot',
  keepReason: 'Reden',
  keepSave: 'Langer bewaren',
  kept: (date: string) => `Het dossier wordt bewaard tot ${date}.`,
  // Kopie voor de cliënt.
  copyHeading: 'Kopie voor de cliënt',
  copyExplain:
    'Voor een verzoek om inzage, afschrift of overdraagbaarheid. Persoonlijke werkaantekeningen horen niet bij het dossier en komen nooit in een kopie.',
  copyWorkNotes: (n: number) =>
    n === 0 ? '' : n === 1 ? '1 werkaantekening blijft buiten de kopie.' : `${n} werkaantekeningen blijven buiten de kopie.`,
  copyOpen: 'Kopie maken…',
  copyFormat: 'Vorm',
  copyPdf: 'PDF (leesbaar, voor inzage of afschrift)',
  copyJson: 'JSON (machineleesbaar, voor overdraagbaarheid)',
  copyEntries: 'Aantekeningen in de kopie',
  copyNoEntries: 'Dit dossier heeft geen aantekeningen die in een kopie kunnen.',
  copyWithhold: 'achterhouden (passage over een ander)',
  copyWithholdHint:
    'Houd alleen aantekeningen achter die de persoonlijke levenssfeer van een ander raken (WGBO art. 7:456). De kopie vermeldt hoeveel er zijn weggelaten, niet welke.',
  copySave: 'Opslaan…',
  copySaved: (name: string) => `De kopie is opgeslagen als ${name}. Geef haar veilig aan de cliënt.`,
  copyAnswers: 'Is hiermee dit verzoek afgehandeld?',
  copyMarkAnswered: (kind: string, date: string) => `${kind} van ${date} op afgehandeld zetten`,
  copyAnswered: 'Het verzoek staat op afgehandeld.',
  shareSection: 'Delen met toestemming',
  // Intervisie.
  intervisionHeading: 'Samenvatting voor intervisie',
  intervisionOpen: 'Samenvatting voor intervisie…',
  intervisionRemoved: (n: number) =>
    `Weggehaald of vervangen (${n} keer): naam en roepnaam, geboortedatum, adres, postcode en woonplaats, e-mail, telefoon, huisarts, zorgverzekeraar en polisnummer, cliëntnummer en de namen van vertegenwoordigers, door [cliënt], [woonplaats] enzovoort. Datums staan er als maand en jaar; werkaantekeningen staan er niet in.`,
  intervisionReadFirst:
    'Lees de tekst helemaal: namen die Dossierkluis niet kent (een collega, een werkgever, een school) kunnen er nog in staan. Pas dan de aantekening aan of bespreek de casus zonder deze samenvatting.',
  intervisionPreview: 'Voorbeeld (alleen lezen)',
  intervisionRefused: 'Opslaan kan nu niet:',
  intervisionConsentWhere:
    'Ontbreekt de toestemming? Leg die vast op het tabblad Toestemmingen (doel: geanonimiseerd bespreken in intervisie).',
  intervisionSave: 'Opslaan…',
  intervisionSaved: (name: string) => `De geanonimiseerde samenvatting is opgeslagen als ${name} en in het logboek gezet.`,
  close: 'Sluiten',
  // Kopie voor waarnemer of verwijzing.
  shareHeading: 'Kopie voor waarnemer of verwijzing',
  shareExplain:
    'Alleen met toestemming van de cliënt voor dat doel (WGBO art. 7:457). Zonder werkaantekeningen. Het delen wordt in het logboek gezet.',
  sharePurpose: 'Voor',
  sharePurposes: { waarnemer: 'een waarnemer', verwijzing: 'verwijzing naar een andere zorgverlener' },
  shareFormat: 'Vorm',
  sharePdf: 'PDF (leesbaar)',
  shareJson: 'JSON (machineleesbaar)',
  shareSave: 'Opslaan…',
  shareSaved: (name: string) => `De kopie is opgeslagen als ${name} en in het logboek gezet.`,
  shareConsentWhere: 'Ontbreekt de toestemming? Leg die vast op het tabblad Toestemmingen en probeer het dan opnieuw.',
  toConsents: 'Naar Toestemmingen',
};
