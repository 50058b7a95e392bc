/** Dutch text for the practice's privacy: settings, generated documents, datalekregister, minors. */
import type { DocumentKind } from '../ipc_retention_practice';

export const nlRetentionPractice = {
  settingsHeading: 'Privacy en bewaren',
  settingsIntro:
    'Hoe lang Dossierkluis dossiers bewaart voordat ze op de lijst "Te vernietigen" komen. Dossiers onder de WGBO (behandeling) bewaart u minstens 20 jaar na de laatste inhoudelijke wijziging; dat staat in de wet en kunt u hier niet korter maken (langer bewaren kan per dossier, in het tabblad Privacy).',
  coachingYears: 'Coaching: aantal jaar na het einde van het laatste traject',
  coachingHint: 'Coaching valt niet onder de WGBO; bewaar niet langer dan nodig. Standaard 2 jaar (1 tot 20).',
  prospectYears: 'Nooit cliënt geworden: aantal jaar na het laatste contact',
  prospectHint: 'Voor wie contact had maar geen traject, sessie of aantekening kreeg. Standaard 2 jaar (1 tot 20).',
  fixedTerms:
    'Vast: nota\'s en betalingen 7 jaar na het boekjaar (fiscale bewaarplicht); het logboek wordt nooit gewist (de wet vraagt minstens 5 jaar).',
  saveSettings: 'Bewaartermijnen opslaan',
  settingsSaved: (c: number, p: number) =>
    `Opgeslagen. Coaching: ${c} jaar na het laatste traject; nooit cliënt geworden: ${p} jaar na het laatste contact.`,

  documentsHeading: 'Privacydocumenten',
  documentsIntro:
    'Gemaakt uit uw praktijkprofiel en uw bewaartermijnen. Wijzigt u die, dan is het document meteen bijgewerkt. Geef de privacyverklaring aan uw cliënten of zet hem op uw website; het verwerkingsregister houdt u zelf bij (AVG art. 30).',
  kinds: {
    privacyverklaring: 'Privacyverklaring',
    verwerkingsregister: 'Verwerkingsregister',
    datalekregister: 'Datalekregister',
  } satisfies Record<DocumentKind, string>,
  missing: 'Nog niet ingevuld in uw praktijkprofiel:',
  missingWhere: 'Vul dit in bij Instellingen → Praktijk; tot dan staat er in het document "nog invullen".',
  toSettings: 'Naar Instellingen',
  savePdf: 'Opslaan als PDF…',
  saveMarkdown: 'Opslaan als tekst (Markdown)…',
  savedAs: (name: string) => `Opgeslagen als ${name}.`,

  breachHeading: 'Datalekregister',
  breachIntro:
    'Een datalek is elke keer dat persoonsgegevens bij iemand terechtkomen die ze niet mag zien, of verloren gaan: een nota naar het verkeerde e-mailadres, een kwijtgeraakte laptop of usb-stick. Leg elk datalek hier vast, ook als u het niet meldt (AVG art. 33 lid 5).',
  breach72h:
    'Melden bij de Autoriteit Persoonsgegevens moet zonder onnodige vertraging en zo mogelijk binnen 72 uur nadat u het lek ontdekte, tenzij het lek waarschijnlijk geen risico voor de betrokkenen oplevert. Is het risico hoog, informeer dan ook de betrokkenen zelf. Waren de gegevens goed versleuteld (zoals in een vergrendelde kluis), dan is het risico vaak klein; leg dan vast waarom u niet meldt.',
  apLink: 'Melden doet u via het meldloket van de Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl).',
  breachNone: 'Er is nog geen datalek vastgelegd.',
  newBreach: 'Datalek vastleggen…',
  saveBreach: 'Datalek vastleggen',
  breachSaved: 'Het datalek is vastgelegd in het register.',
  fields: {
    discovered_on: 'Ontdekt op',
    occurred_on: 'Gebeurd op (als bekend)',
    description: 'Wat is er gebeurd',
    descriptionHint: 'Zonder namen van cliënten.',
    data_kinds: 'Welke persoonsgegevens',
    data_kindsHint: 'Bijvoorbeeld: naam, adres, behandeldata, verslagen.',
    people_affected: 'Aantal betrokkenen (leeg als onbekend)',
    consequences: 'Mogelijke gevolgen',
    measures: 'Genomen maatregelen',
    reported_to_ap: 'Gemeld bij de Autoriteit Persoonsgegevens',
    reported_to_ap_on: 'Gemeld op',
    reported_to_ap_why: 'Waarom wel of niet gemeld',
    clients_informed: 'Betrokkenen geïnformeerd',
    clients_informed_on: 'Geïnformeerd op',
  },
  cols: { found: 'Ontdekt', what: 'Wat', people: 'Betrokkenen', ap: 'Gemeld bij AP', informed: 'Geïnformeerd' },
  notReported: 'niet gemeld',
  notInformed: 'nee',
  unknown: 'onbekend',

  warningsHeading: 'Toestemming ontbrak bij deze sessies',
  warningsIntro:
    'Op de datum van deze sessies was de toestemming voor de behandeling die de leeftijd van de cliënt toen vroeg er niet (WGBO):',
  warningLine: (band: string, missing: string) => `${band} Ontbrak: ${missing}.`,
  bands: {
    under12: 'Jonger dan 12.',
    from12_to15: '12 tot 16 jaar.',
    from16: '16 jaar of ouder.',
  } as Record<string, string>,
  toConsents: 'Naar de toestemmingen',
  overviewHeading: 'Toestemming minderjarigen',
  overviewLine: (n: number) =>
    n === 1 ? '1 sessie zonder de toestemming die de leeftijd vroeg' : `${n} sessies zonder de toestemming die de leeftijd vroeg`,
};
