//! The practice logo: a PNG or JPEG the practice chooses once, kept IN the vault (encrypted with
//! everything else, as the bytes of the file in `billing_settings.logo`, the column migration 2
//! reserved for it; never a path to a file that could move or leak), drawn at the top of every zorgnota
//! and invoice PDF made after it was set.
//!
//! What holds:
//! - A logo is accepted only if it is a readable PNG or JPEG of at most [`MAX_LOGO_BYTES`] with sides
//!   between 16 and 4000 pixels that decodes within the memory limit; otherwise a Dutch error says
//!   what to do, and nothing changes.
//! - What is stored is not the file but the logo scaled ONCE to the pixels its box on the nota needs
//!   at 300 dpi ([`LOGO_MAX_PX`], aspect ratio kept, never enlarged), as a PNG with fixed encoder
//!   settings. Making a PDF reads that stored PNG's header and decodes its small pixels once.
//! - An issued invoice keeps the PDF it was issued with (`invoice_pdfs`): setting, changing or
//!   clearing the logo later changes only PDFs made after that.
//! - Setting and clearing are logged (`practice_logo_set`, `practice_logo_cleared`) with the size,
//!   never the picture.

use crate::audit::AuditEvent;
use crate::error::{Error, Result};
use crate::pdf::{Image, ImageKind};
use crate::store::Store;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// The largest logo file accepted: 2 MB (a logo for A4 needs a few hundred kilobytes at most).
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;
/// The box the logo is drawn in at the top of an invoice, in millimetres (width × height).
pub const INVOICE_LOGO_BOX_MM: (f32, f32) = (60.0, 22.0);
/// The most pixels a stored logo has: [`INVOICE_LOGO_BOX_MM`] at 300 dpi (60 × 22 mm ≈ 709 × 260),
/// sharp on any office printer.
pub const LOGO_MAX_PX: (u32, u32) = (709, 260);

/// What the app shows of the logo: its kind, size and the picture as a `data:` URL for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogoInfo {
    pub media_type: String,
    pub width_px: u32,
    pub height_px: u32,
    pub size_bytes: usize,
    pub data_url: String,
}

impl LogoInfo {
    fn of(image: &Image) -> LogoInfo {
        LogoInfo {
            media_type: image.kind().media_type().to_string(),
            width_px: image.width_px(),
            height_px: image.height_px(),
            size_bytes: image.bytes().len(),
            data_url: format!(
                "data:{};base64,{}",
                image.kind().media_type(),
                BASE64.encode(image.bytes())
            ),
        }
    }
}

/// Checks a logo file's bytes (size first, then format and pixel size, then one full decode) and
/// gives the logo as it is stored: scaled to fit [`LOGO_MAX_PX`], as a PNG.
pub fn check(bytes: &[u8]) -> Result<Image> {
    if bytes.is_empty() {
        return Err(Error::field(
            "logo",
            "Dit bestand is leeg. Kies het logo opnieuw, als .png of .jpg.",
        ));
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(Error::field(
            "logo",
            "Dit bestand is groter dan 2 MB, de grens voor een logo. Sla het logo kleiner op (bijvoorbeeld 1200 pixels breed) en kies het opnieuw.",
        ));
    }
    Image::from_bytes_fitted(bytes, LOGO_MAX_PX)
}

/// The logo as stored, or `None`. What [`Store::set_practice_logo`] stored (a PNG within
/// [`LOGO_MAX_PX`]) is trusted after reading its header; anything else (a logo stored at full size
/// by an earlier version) gets the full [`check`] and is scaled in memory. A stored value that no
/// longer reads as a logo counts as none, so a damaged value can never block making an invoice.
pub(crate) fn load(conn: &Connection) -> Result<Option<Image>> {
    let bytes: Option<Vec<u8>> = conn
        .query_row("SELECT logo FROM billing_settings WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    Ok(
        bytes.and_then(|bytes| match Image::from_trusted_bytes(&bytes) {
            Ok(image)
                if image.kind() == ImageKind::Png
                    && image.width_px() <= LOGO_MAX_PX.0
                    && image.height_px() <= LOGO_MAX_PX.1 =>
            {
                Some(image)
            }
            _ => check(&bytes).ok(),
        }),
    )
}

/// The logo sized for the top of an invoice PDF: right-aligned in its box.
pub(crate) fn for_invoice(image: Image) -> Image {
    image
        .fit(INVOICE_LOGO_BOX_MM.0, INVOICE_LOGO_BOX_MM.1)
        .align(crate::pdf::Align::Right)
}

impl Store {
    /// The practice logo, if one is set.
    pub fn practice_logo(&self) -> Result<Option<LogoInfo>> {
        Ok(load(self.connection())?.as_ref().map(LogoInfo::of))
    }

    /// Sets (or replaces) the practice logo from a file's bytes: [`check`]ed, scaled to fit
    /// [`LOGO_MAX_PX`] and stored as that PNG. Logged as `practice_logo_set` with the stored size.
    pub fn set_practice_logo(&mut self, bytes: &[u8]) -> Result<LogoInfo> {
        let image = check(bytes)?;
        let info = LogoInfo::of(&image);
        let now = self.now_text();
        let detail = format!(
            "{}, {} × {} pixels",
            image.kind().media_type(),
            image.width_px(),
            image.height_px()
        );
        self.write(|tx, _| {
            // The other billing settings keep their values (or get their defaults if none were saved).
            tx.execute(
                "INSERT INTO billing_settings (id, logo, updated_at) VALUES (1, ?1, ?2) \
                 ON CONFLICT(id) DO UPDATE SET logo = excluded.logo, updated_at = excluded.updated_at",
                params![image.bytes(), now],
            )?;
            Ok((
                info.clone(),
                vec![AuditEvent::new("practice_logo_set", "practice", 1).detail(detail.clone())],
            ))
        })
    }

    /// Removes the practice logo; PDFs made from now on have none. Issued invoices keep theirs.
    /// Returns whether there was one. Logged as `practice_logo_cleared` (only when there was one).
    pub fn clear_practice_logo(&mut self) -> Result<bool> {
        let now = self.now_text();
        self.write(|tx, _| {
            let removed = tx.execute(
                "UPDATE billing_settings SET logo = NULL, updated_at = ?1 WHERE id = 1 AND logo IS NOT NULL",
                [now],
            )? > 0;
            let events = if removed {
                vec![AuditEvent::new("practice_logo_cleared", "practice", 1)]
            } else {
                Vec::new()
            };
            Ok((removed, events))
        })
    }
}
