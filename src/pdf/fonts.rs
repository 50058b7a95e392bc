//! The bundled fonts (DejaVu Sans, Sans Bold and Sans Mono, Bitstream Vera licence, see
//! `assets/fonts/LICENSE-DejaVu.txt`) and their glyph widths for line breaking and alignment.
//!
//! The font files are compiled into the binary, parsed once per process, and embedded into every PDF
//! as subsets of the glyphs used, so a document looks the same on every machine.

use crate::error::{Error, Result};
use printpdf::ParsedFont;
use std::sync::OnceLock;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
const MONO: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");

/// Which of the bundled faces a text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Regular,
    Bold,
    /// Fixed width, for codes and keys copied by hand.
    Mono,
}

impl Face {
    pub(crate) const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Mono];
}

/// The parsed fonts with their advance widths per character.
pub struct Fonts {
    pub(crate) regular: ParsedFont,
    pub(crate) bold: ParsedFont,
    pub(crate) mono: ParsedFont,
}

/// Parsed once per process; only read afterwards, from any thread.
static FONTS: OnceLock<Fonts> = OnceLock::new();

fn parse(bytes: &[u8]) -> Result<ParsedFont> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings)
        .ok_or_else(|| Error::internal("het ingebouwde lettertype kon niet worden gelezen"))
}

impl Fonts {
    /// The fonts, parsed on first use (a few milliseconds) and then shared.
    pub fn get() -> Result<&'static Fonts> {
        if let Some(fonts) = FONTS.get() {
            return Ok(fonts);
        }
        let parsed = Fonts {
            regular: parse(REGULAR)?,
            bold: parse(BOLD)?,
            mono: parse(MONO)?,
        };
        // Two threads may parse at once; the first to finish wins, the other copy is dropped.
        let _ = FONTS.set(parsed);
        FONTS
            .get()
            .ok_or_else(|| Error::internal("de ingebouwde lettertypen zijn niet geladen"))
    }

    pub(crate) fn font(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Mono => &self.mono,
        }
    }

    /// The advance width of `text` in points at `size`, as the PDF viewer will place it.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let font = self.font(face);
        let units_per_em = font.pdf_font_metrics.units_per_em.max(1) as f32;
        let units: u32 = text
            .chars()
            .map(|c| {
                font.lookup_glyph_index(c as u32)
                    .map(|g| font.get_horizontal_advance(g) as u32)
                    .unwrap_or(0)
            })
            .sum();
        units as f32 * size / units_per_em
    }

    /// The height above the baseline of the tallest letters, in points at `size`.
    pub fn ascent(&self, size: f32) -> f32 {
        let font = &self.regular;
        let units_per_em = font.pdf_font_metrics.units_per_em.max(1) as f32;
        font.pdf_font_metrics.ascender as f32 * size / units_per_em
    }
}
