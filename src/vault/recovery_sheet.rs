//! The recovery sheet ("Herstelblad"): one printed A4 page with what opens the vault and its backups
//! when the passphrase is gone or the laptop is lost: the recovery code and the backup identity.
//!
//! When which sheet can be printed:
//! - The recovery code exists only at creation (and after a restore that made a new one): the vault
//!   keeps it only as a wrapping key, never in readable form. So the full sheet is made right then,
//!   from the [`RecoveryCode`] that [`Vault::create`] returned: the app offers "Herstelblad opslaan"
//!   on the screen that shows the code, and the CLI has `init --sheet FILE`.
//! - Later, from an unlocked vault, a sheet with only the backup identity can be printed again
//!   (`recovery-sheet --out FILE`); it says plainly that the code is on the first sheet.
//!
//! The sheet is a secret: it is written only where the user asks, never kept in the vault, and
//! producing it records `backup_identity_shown` in the audit log (no secret in the log line).

use crate::backup::BackupIdentity;
use crate::error::Result;
use crate::pdf::{Block, Document, Paragraph};
use crate::vault::{RecoveryCode, Vault};
use chrono::NaiveDate;
use zeroize::Zeroizing;

/// Everything printed on the sheet.
pub struct RecoverySheet<'a> {
    /// [`Vault::vault_id`]: which vault this sheet belongs to (also in backup file names).
    pub vault_id: &'a str,
    /// The day the vault was made.
    pub created_on: NaiveDate,
    /// The day the sheet was made (from the store's clock).
    pub printed_on: NaiveDate,
    /// `None` when reprinting later: the code is then no longer known.
    pub recovery_code: Option<&'a RecoveryCode>,
    pub backup_identity: &'a BackupIdentity,
}

impl RecoverySheet<'_> {
    /// The one-page PDF.
    pub fn render(&self) -> Result<Vec<u8>> {
        let code = self
            .recovery_code
            .map(|c| Zeroizing::new(c.expose_secret()));
        let mut doc = Document::new("Herstelblad Dossierkluis")
            .author("Dossierkluis")
            .subject(format!("Herstelblad voor kluis {}", self.vault_id))
            .date(self.printed_on)
            .push(Block::title("Herstelblad Dossierkluis"))
            .push(Block::text(
                "Met dit blad opent u uw kluis en al uw back-ups als u uw wachtwoordzin vergeten bent of \
                 uw laptop kwijt is. Wie dit blad heeft, kan uw dossiers lezen. Bewaar het daarom op \
                 papier op een veilige plek, zoals een brandkast of een afgesloten la. Bewaar het nooit in \
                 uw e-mail, niet als foto en niet als bestand op uw laptop of telefoon.",
            ))
            .push(Block::key_values([
                ("Kluis", self.vault_id.to_string()),
                ("Kluis gemaakt op", crate::dates::dutch_long(self.created_on)),
                ("Blad gemaakt op", crate::dates::dutch_long(self.printed_on)),
            ]))
            .push(Block::heading("Herstelcode"));
        doc = match &code {
            Some(code) => doc
                .push(Paragraph::new(code.as_str()).mono().bold().size(15.0))
                .push(Block::text(
                    "Acht groepjes van vier tekens. Hoofdletters, streepjes en de verwarring tussen O en 0 \
                     of I en 1 maken bij het intypen niet uit.",
                )),
            None => doc.push(Block::text(
                "De herstelcode staat op het eerste herstelblad, dat u kreeg toen de kluis werd gemaakt. \
                 Dossierkluis toont de code maar één keer en kan hem niet opnieuw afdrukken. Dit blad bevat \
                 alleen de back-upsleutel hieronder.",
            )),
        };
        doc = doc
            .push(Block::heading("Back-upsleutel"))
            .push(
                Paragraph::new(self.backup_identity.expose_secret())
                    .mono()
                    .size(8.5),
            )
            .push(Block::text(
                "Deze sleutel opent elke back-up van deze kluis, ook zonder Dossierkluis, met het \
                 standaardprogramma age. Zet de regel hierboven in een bestand sleutel.txt en typ:",
            ))
            .push(
                Paragraph::new("age -d -i sleutel.txt BACKUPBESTAND.age | tar -x")
                    .mono()
                    .size(9.0),
            )
            .push(Block::heading("Wat te doen"));
        for (situation, what_to_do) in [
            (
                "Wachtwoordzin vergeten?",
                "Kies in Dossierkluis \"Kluis herstellen\" en typ de herstelcode. Daarna kiest u een \
                 nieuwe wachtwoordzin; de herstelcode blijft geldig.",
            ),
            (
                "Nieuwe laptop?",
                "Installeer Dossierkluis, kies \"Back-up terugzetten\", kies het nieuwste back-upbestand \
                 en typ de herstelcode (of uw wachtwoordzin).",
            ),
            (
                "Dit blad kwijt?",
                "Open de kluis en druk een nieuw blad af met de back-upsleutel. De herstelcode kan niet \
                 opnieuw worden getoond: vergeet dan uw wachtwoordzin niet.",
            ),
        ] {
            doc = doc
                .push(Paragraph::new(situation).bold())
                .push(Block::text(what_to_do));
        }
        doc = doc.push(Block::Spacer(6.0)).push(Block::text(
            "Opgeborgen op (datum): ____________________    Waar: ______________________________",
        ));
        doc.render()
    }
}

/// The recovery sheet for an unlocked vault. Pass the code right after [`Vault::create`] (or a restore
/// that made a new code); pass `None` to reprint the backup identity later. Records
/// `backup_identity_shown` in the audit log.
pub fn recovery_sheet_pdf(
    vault: &mut Vault,
    recovery_code: Option<&RecoveryCode>,
) -> Result<Vec<u8>> {
    let info = Vault::info(vault.dir())?;
    let vault_id = info.vault_id;
    let printed_on = vault.store().context().clock.today();
    let created_on = info
        .created_at
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or(printed_on);
    let identity = crate::backup::backup_identity(vault)?;
    RecoverySheet {
        vault_id: &vault_id,
        created_on,
        printed_on,
        recovery_code,
        backup_identity: &identity,
    }
    .render()
}
