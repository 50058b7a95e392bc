//! PDFs for people: zorgnota's and invoices, a readable dossier copy, the recovery sheet, the privacy
//! statement. A small typed layer over `printpdf`: a [`Document`] is a list of [`Block`]s (title,
//! heading, paragraph, key-value list, table, rule, spacer, page break) laid out on A4 portrait with
//! fixed margins, word wrapping by real glyph widths, tables whose rows break across pages (the header
//! repeats), and an optional footer with "Pagina 1 van 3" on every page.
//!
//! What holds:
//! - The fonts are ours (DejaVu Sans, Sans Bold, Sans Mono from `assets/fonts/`, embedded as subsets);
//!   a PDF never depends on the fonts of the machine that opens it.
//! - Identical input gives identical bytes: no clock, no random document id. The date in the metadata
//!   is the one passed to [`Document::date`] (documents without one carry a fixed date).
//! - Text is real text in reading order, so `pdftotext` and screen readers get it back.
//! - [`protect`] makes the password-protected copy for e-mail (AES-256, PDF 2.0 security handler R6);
//!   [`generate_password`] makes a password a person can read aloud or type from an SMS.
//! - Pictures ([`Image`]: PNG or JPEG, the practice logo) are checked before they are accepted and
//!   drawn losslessly at a fixed box size with their aspect ratio kept.
//!
//! ```
//! use dossierkluis::format::euro;
//! use dossierkluis::pdf::{Block, Column, Document, Row, Table};
//! let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
//! let pdf = Document::new("Factuur 2026-0007")
//!     .author("Praktijk De Linde")
//!     .date(date)
//!     .footer("Praktijk De Linde · KvK 12345678")
//!     .push(Block::title("Factuur"))
//!     .push(Block::key_values([("Factuurnummer", "2026-0007")]))
//!     .push(
//!         Table::new(vec![Column::new("Omschrijving", 3.0), Column::new("Bedrag", 1.0).right()])
//!             .row(Row::new(["Consult 60 minuten", &euro(8500)]))
//!             .row(Row::new(["Totaal", &euro(8500)]).bold()),
//!     )
//!     .render()?;
//! assert!(pdf.starts_with(b"%PDF-"));
//! # Ok::<(), dossierkluis::Error>(())
//! ```
//!
//! No PDF/A claim: printpdf's PDF/A setting writes neither the XMP metadata nor the output intent that
//! PDF/A requires, so we say "embedded fonts, plain PDF" and nothing more (see `docs/pdf.md`).

mod fonts;
mod image;
pub mod layout;
pub mod markdown;
mod protect;
mod render;

pub use fonts::Face;
pub use image::{Image, ImageKind};
pub use protect::{generate_password, protect, EmailPassword};

use crate::error::Result;
use chrono::NaiveDate;

/// Horizontal alignment of a line of text inside its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    /// Amounts: the last character of every line ends at the same x.
    Right,
    Center,
}

/// A run of text in one face and size; wrapped to the text width. `\n` starts a new line.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub face: Face,
    /// Font size in points.
    pub size: f32,
    pub align: Align,
}

impl Paragraph {
    /// Regular 10 pt, left-aligned.
    pub fn new(text: impl Into<String>) -> Self {
        Paragraph {
            text: text.into(),
            face: Face::Regular,
            size: 10.0,
            align: Align::Left,
        }
    }
    pub fn bold(mut self) -> Self {
        self.face = Face::Bold;
        self
    }
    /// Monospace, for codes and keys a person has to copy character by character.
    pub fn mono(mut self) -> Self {
        self.face = Face::Mono;
        self
    }
    pub fn size(mut self, points: f32) -> Self {
        self.size = points.clamp(4.0, 72.0);
        self
    }
    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
}

/// A table column: a header title, a relative width and an alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width: columns share the text width in proportion to their weights.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, weight: f32) -> Self {
        Column {
            title: title.into(),
            weight,
            align: Align::Left,
        }
    }
    /// Right-aligned, for amounts and numbers.
    pub fn right(mut self) -> Self {
        self.align = Align::Right;
        self
    }
}

/// One table row; cells line up with the columns (missing cells are empty, extra cells are dropped).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    /// Bold, for a total line.
    pub bold: bool,
}

impl Row {
    pub fn new<S: Into<String>>(cells: impl IntoIterator<Item = S>) -> Self {
        Row {
            cells: cells.into_iter().map(Into::into).collect(),
            bold: false,
        }
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    fn face(&self) -> Face {
        if self.bold {
            Face::Bold
        } else {
            Face::Regular
        }
    }
}

/// A table with a bold header row (repeated on every page it continues on) and wrapping cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Show the column titles as a header row.
    pub header: bool,
    /// Font size in points.
    pub size: f32,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Self {
        Table {
            columns,
            rows: Vec::new(),
            header: true,
            size: 9.5,
        }
    }
    /// Without a header row (e.g. two address blocks side by side).
    pub fn without_header(mut self) -> Self {
        self.header = false;
        self
    }
    pub fn row(mut self, row: Row) -> Self {
        self.rows.push(row);
        self
    }
    pub fn rows(mut self, rows: impl IntoIterator<Item = Row>) -> Self {
        self.rows.extend(rows);
        self
    }
}

/// One piece of a document, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document title: bold 18 pt.
    Title(String),
    /// A section heading: bold 12.5 pt, kept together with the lines after it.
    Heading(String),
    Paragraph(Paragraph),
    /// Labels in bold with their values beside them ("Factuurnummer  2026-0001").
    KeyValues(Vec<(String, String)>),
    Table(Table),
    /// A thin horizontal line across the text width.
    Rule,
    /// Empty space, in millimetres.
    Spacer(f32),
    /// Continue on a new page.
    PageBreak,
    /// A picture (the practice logo), as large as fits its box with its aspect ratio kept.
    Image(Image),
}

impl Block {
    pub fn title(text: impl Into<String>) -> Self {
        Block::Title(text.into())
    }
    pub fn heading(text: impl Into<String>) -> Self {
        Block::Heading(text.into())
    }
    /// A regular 10 pt paragraph; use [`Block::Paragraph`] with a [`Paragraph`] for more control.
    pub fn text(text: impl Into<String>) -> Self {
        Block::Paragraph(Paragraph::new(text))
    }
    pub fn key_values<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Block::KeyValues(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl From<Paragraph> for Block {
    fn from(p: Paragraph) -> Self {
        Block::Paragraph(p)
    }
}

impl From<Image> for Block {
    fn from(i: Image) -> Self {
        Block::Image(i)
    }
}

impl From<Table> for Block {
    fn from(t: Table) -> Self {
        Block::Table(t)
    }
}

/// A document to render: metadata, blocks, and an optional footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// The date in the PDF metadata (creation and modification); pass the document's own date.
    pub date: Option<NaiveDate>,
    /// `Some(text)`: a footer on every page with `text` on the left and "Pagina n van N" on the right.
    pub footer: Option<String>,
    pub blocks: Vec<Block>,
}

impl Document {
    /// A document with `title` in its metadata (what a PDF viewer shows in its title bar).
    pub fn new(title: impl Into<String>) -> Self {
        Document {
            title: title.into(),
            author: String::new(),
            subject: String::new(),
            date: None,
            footer: None,
            blocks: Vec::new(),
        }
    }
    pub fn author(mut self, author: impl Into<String>) -> Self {
        self.author = author.into();
        self
    }
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = subject.into();
        self
    }
    pub fn date(mut self, date: NaiveDate) -> Self {
        self.date = Some(date);
        self
    }
    /// A footer on every page: `text` on the left (may be empty), "Pagina n van N" on the right.
    pub fn footer(mut self, text: impl Into<String>) -> Self {
        self.footer = Some(text.into());
        self
    }
    pub fn push(mut self, block: impl Into<Block>) -> Self {
        self.blocks.push(block.into());
        self
    }
    pub fn extend(mut self, blocks: impl IntoIterator<Item = Block>) -> Self {
        self.blocks.extend(blocks);
        self
    }

    /// The PDF file's bytes. The same document always gives the same bytes.
    pub fn render(&self) -> Result<Vec<u8>> {
        let fonts = fonts::Fonts::get()?;
        let laid = layout::lay_out(fonts, self);
        render::render(fonts, self, &laid)
    }

    /// The number of pages [`Document::render`] will produce.
    pub fn page_count(&self) -> Result<usize> {
        let fonts = fonts::Fonts::get()?;
        Ok(layout::lay_out(fonts, self).pages.len())
    }
}
