//! The bundled fonts (DejaVu Sans, Sans Bold and Sans Mono, Bitstream Vera licence, see
//! `assets/fonts/LICENSE-DejaVu.txt`) and their glyph widths for line breaking and alignment.
//!
//! The font files are compiled into the binary, parsed once per process, and embedded into every PDF
//! as subsets of the glyphs used, so a document looks the same on every machine.

use crate::error::{Error, Result};
use printpdf::ParsedFont;
use std::cell::OnceCell;
use std::rc::Rc;

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

// ParsedFont holds `Rc`s (layout caches), so it cannot be shared between threads: each thread that
// renders parses the fonts once and drops them when it ends.
thread_local! {
    static FONTS: OnceCell<Rc<Fonts>> = const { OnceCell::new() };
}

fn parse(bytes: &[u8]) -> Result<ParsedFont> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings)
        .ok_or_else(|| Error::internal("het ingebouwde lettertype kon niet worden gelezen"))
}

impl Fonts {
    /// The fonts, parsed once per thread (parsing takes a few milliseconds).
    pub fn get() -> Result<Rc<Fonts>> {
        FONTS.with(|cell| {
            if let Some(f) = cell.get() {
                return Ok(Rc::clone(f));
            }
            let fonts = Rc::new(Fonts {
                regular: parse(REGULAR)?,
                bold: parse(BOLD)?,
                mono: parse(MONO)?,
            });
            Ok(Rc::clone(cell.get_or_init(|| fonts)))
        })
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
