//! Turns [`Block`]s into positioned text and lines on A4 pages. Pure arithmetic over glyph widths: no
//! PDF objects here, so the layout can be tested by its numbers, and the same input always gives the
//! same positions.
//!
//! Coordinates are PDF points (1/72 inch) from the bottom-left corner of the page, as PDF has them.

use super::fonts::{Face, Fonts};
use super::{Align, Block, Document, Paragraph, Row, Table};

/// A4 portrait in points.
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;
const MM: f32 = 72.0 / 25.4;
pub const MARGIN_LEFT: f32 = 22.0 * MM;
pub const MARGIN_RIGHT: f32 = 20.0 * MM;
pub const MARGIN_TOP: f32 = 20.0 * MM;
pub const MARGIN_BOTTOM: f32 = 18.0 * MM;
/// Room kept free above the bottom margin for the footer line.
const FOOTER_ROOM: f32 = 10.0 * MM;
const FOOTER_SIZE: f32 = 8.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.35;
/// Space between table columns.
const CELL_GAP: f32 = 4.0 * MM;
/// Space after a paragraph, as a multiple of its font size.
const PARAGRAPH_AFTER: f32 = 0.6;

pub const TEXT_WIDTH: f32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// Text whose baseline starts at (`x`, `y`).
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
    },
    /// A straight line.
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
    },
    /// The document's `image`-th picture (counting [`Block::Image`]s from 0), its bottom-left
    /// corner at (`x`, `y`), drawn `width` × `height` points.
    Image {
        image: usize,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
}

/// Pages of marks, in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Laid {
    pub pages: Vec<Vec<Mark>>,
}

struct Cursor<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Mark>>,
    /// Distance from the top of the page to the top of the next line.
    top: f32,
    bottom_limit: f32,
}

impl<'a> Cursor<'a> {
    fn new(fonts: &'a Fonts, footer: bool) -> Self {
        let reserve = if footer { FOOTER_ROOM } else { 0.0 };
        Cursor {
            fonts,
            pages: vec![Vec::new()],
            top: MARGIN_TOP,
            bottom_limit: PAGE_HEIGHT - MARGIN_BOTTOM - reserve,
        }
    }

    fn room(&self) -> f32 {
        self.bottom_limit - self.top
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.top = MARGIN_TOP;
    }

    fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(|p| p.is_empty())
    }

    /// Starts a new page unless `height` still fits (or the page is empty: then it must go here).
    fn ensure(&mut self, height: f32) {
        if height > self.room() && !self.page_is_empty() {
            self.new_page();
        }
    }

    fn mark(&mut self, mark: Mark) {
        self.pages
            .last_mut()
            .expect("there is always a page")
            .push(mark);
    }

    /// Baseline (from the page bottom) of a line of `size` whose top is at `self.top`.
    fn baseline(&self, size: f32) -> f32 {
        PAGE_HEIGHT - self.top - self.fonts.ascent(size)
    }

    fn text(&mut self, x: f32, face: Face, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        let y = self.baseline(size);
        self.mark(Mark::Text {
            x,
            y,
            face,
            size,
            text: text.to_string(),
        });
    }

    fn rule(&mut self, width: f32) {
        let y = PAGE_HEIGHT - self.top;
        self.mark(Mark::Line {
            from: (MARGIN_LEFT, y),
            to: (PAGE_WIDTH - MARGIN_RIGHT, y),
            width,
        });
    }
}

/// Splits `text` into lines no wider than `width`, by whole words where possible. A word wider than
/// the line is broken between characters. `\n` forces a line break; an empty line stays empty.
pub fn wrap(fonts: &Fonts, face: Face, size: f32, text: &str, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for hard_line in text.split('\n') {
        let mut line = String::new();
        for word in hard_line.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if fonts.width(face, size, &candidate) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: break it between characters if it is still too wide.
            for c in word.chars() {
                line.push(c);
                if fonts.width(face, size, &line) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    lines
}

fn x_for(
    fonts: &Fonts,
    face: Face,
    size: f32,
    text: &str,
    left: f32,
    width: f32,
    align: Align,
) -> f32 {
    match align {
        Align::Left => left,
        Align::Right => left + width - fonts.width(face, size, text),
        Align::Center => left + (width - fonts.width(face, size, text)) / 2.0,
    }
}

fn paragraph(c: &mut Cursor, p: &Paragraph) {
    let line_height = p.size * LEADING;
    for line in wrap(c.fonts, p.face, p.size, &p.text, TEXT_WIDTH) {
        c.ensure(line_height);
        let x = x_for(
            c.fonts,
            p.face,
            p.size,
            &line,
            MARGIN_LEFT,
            TEXT_WIDTH,
            p.align,
        );
        c.text(x, p.face, p.size, &line);
        c.top += line_height;
    }
    c.top += p.size * PARAGRAPH_AFTER;
}

/// Column left edges and widths from the relative weights.
fn columns(weights: &[f32]) -> Vec<(f32, f32)> {
    let gaps = CELL_GAP * weights.len().saturating_sub(1) as f32;
    let total: f32 = weights
        .iter()
        .map(|w| w.max(0.0))
        .sum::<f32>()
        .max(f32::EPSILON);
    let mut x = MARGIN_LEFT;
    weights
        .iter()
        .map(|w| {
            let width = (TEXT_WIDTH - gaps) * w.max(0.0) / total;
            let col = (x, width);
            x += width + CELL_GAP;
            col
        })
        .collect()
}

struct LaidRow {
    cells: Vec<Vec<String>>,
    height: f32,
}

fn lay_row(c: &Cursor, table: &Table, cols: &[(f32, f32)], row: &Row, face: Face) -> LaidRow {
    let line_height = table.size * LEADING;
    let cells: Vec<Vec<String>> = cols
        .iter()
        .enumerate()
        .map(|(i, &(_, width))| {
            let text = row.cells.get(i).map(String::as_str).unwrap_or("");
            wrap(c.fonts, face, table.size, text, width)
        })
        .collect();
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    LaidRow {
        cells,
        height: lines as f32 * line_height + table.size * 0.35,
    }
}

fn draw_row(c: &mut Cursor, table: &Table, cols: &[(f32, f32)], laid: &LaidRow, face: Face) {
    let line_height = table.size * LEADING;
    let top = c.top;
    for (i, lines) in laid.cells.iter().enumerate() {
        let (left, width) = cols[i];
        let align = table.columns[i].align;
        c.top = top;
        for line in lines {
            let x = x_for(c.fonts, face, table.size, line, left, width, align);
            c.text(x, face, table.size, line);
            c.top += line_height;
        }
    }
    c.top = top + laid.height;
}

fn table(c: &mut Cursor, table: &Table) {
    if table.columns.is_empty() {
        return;
    }
    let weights: Vec<f32> = table.columns.iter().map(|col| col.weight).collect();
    let cols = columns(&weights);
    let header_row = Row {
        cells: table.columns.iter().map(|col| col.title.clone()).collect(),
        bold: true,
    };
    let header = table
        .header
        .then(|| lay_row(c, table, &cols, &header_row, Face::Bold));
    let draw_header = |c: &mut Cursor, header: &LaidRow| {
        draw_row(c, table, &cols, header, Face::Bold);
        c.rule(0.6);
        c.top += table.size * 0.35;
    };
    let header_height = header
        .as_ref()
        .map_or(0.0, |h| h.height + table.size * 0.35);
    let first_row_height = table
        .rows
        .first()
        .map_or(0.0, |r| lay_row(c, table, &cols, r, r.face()).height);
    // Never a header alone at the bottom of a page.
    c.ensure(header_height + first_row_height);
    if let Some(h) = &header {
        draw_header(c, h);
    }
    let line_height = table.size * LEADING;
    for row in &table.rows {
        let face = row.face();
        let laid = lay_row(c, table, &cols, row, face);
        if laid.height <= c.room() {
            draw_row(c, table, &cols, &laid, face);
            continue;
        }
        let fresh_page_room = c.bottom_limit - MARGIN_TOP - header_height;
        if !c.page_is_empty() && laid.height <= fresh_page_room {
            // The whole row on the next page: a row is read as one thing.
            c.new_page();
            if let Some(h) = &header {
                draw_header(c, h);
            }
            draw_row(c, table, &cols, &laid, face);
            continue;
        }
        // Taller than a page (a long note in a cell): line by line, so nothing falls off the page.
        let lines = laid.cells.iter().map(Vec::len).max().unwrap_or(0);
        for i in 0..lines {
            if line_height > c.room() {
                c.new_page();
                if let Some(h) = &header {
                    draw_header(c, h);
                }
            }
            for (col, cell) in laid.cells.iter().enumerate() {
                if let Some(line) = cell.get(i) {
                    let (left, width) = cols[col];
                    let x = x_for(
                        c.fonts,
                        face,
                        table.size,
                        line,
                        left,
                        width,
                        table.columns[col].align,
                    );
                    c.text(x, face, table.size, line);
                }
            }
            c.top += line_height;
        }
        c.top += table.size * 0.35;
    }
    c.top += table.size * PARAGRAPH_AFTER;
}

fn key_values(c: &mut Cursor, pairs: &[(String, String)], size: f32) {
    let label_width = pairs
        .iter()
        .map(|(k, _)| c.fonts.width(Face::Bold, size, k))
        .fold(0.0_f32, f32::max)
        .min(TEXT_WIDTH * 0.4);
    let value_left = MARGIN_LEFT + label_width + CELL_GAP;
    let value_width = TEXT_WIDTH - label_width - CELL_GAP;
    let line_height = size * LEADING;
    for (key, value) in pairs {
        let keys = wrap(c.fonts, Face::Bold, size, key, label_width);
        let values = wrap(c.fonts, Face::Regular, size, value, value_width);
        let lines = keys.len().max(values.len());
        c.ensure(lines as f32 * line_height);
        // Line by line, so a value longer than a page continues on the next one.
        for i in 0..lines {
            if line_height > c.room() {
                c.new_page();
            }
            if let Some(line) = keys.get(i) {
                c.text(MARGIN_LEFT, Face::Bold, size, line);
            }
            if let Some(line) = values.get(i) {
                c.text(value_left, Face::Regular, size, line);
            }
            c.top += line_height;
        }
    }
    c.top += size * PARAGRAPH_AFTER;
}

/// Lays out the whole document; footers come last, once the page count is known.
pub fn lay_out(fonts: &Fonts, doc: &Document) -> Laid {
    let mut c = Cursor::new(fonts, doc.footer.is_some());
    let mut images = 0;
    for block in &doc.blocks {
        match block {
            Block::Title(text) => {
                let p = Paragraph::new(text.clone()).bold().size(18.0);
                c.ensure(p.size * LEADING + 3.0 * 10.0 * LEADING);
                paragraph(&mut c, &p);
            }
            Block::Heading(text) => {
                let p = Paragraph::new(text.clone()).bold().size(12.5);
                c.top += 4.0;
                // Keep a heading with at least three lines of what follows.
                c.ensure(p.size * LEADING + 3.0 * 10.0 * LEADING);
                paragraph(&mut c, &p);
            }
            Block::Paragraph(p) => paragraph(&mut c, p),
            Block::KeyValues(pairs) => key_values(&mut c, pairs, 10.0),
            Block::Table(t) => table(&mut c, t),
            Block::Rule => {
                c.ensure(8.0);
                c.top += 3.0;
                c.rule(0.5);
                c.top += 8.0;
            }
            Block::Spacer(mm) => {
                c.top += mm.max(0.0) * MM;
                if c.room() < 0.0 {
                    c.new_page();
                }
            }
            Block::PageBreak => {
                if !c.page_is_empty() {
                    c.new_page();
                }
            }
            Block::Image(image) => {
                let (width, height) = image.size_pt();
                c.ensure(height);
                let x = match image.align {
                    Align::Left => MARGIN_LEFT,
                    Align::Right => PAGE_WIDTH - MARGIN_RIGHT - width,
                    Align::Center => MARGIN_LEFT + (TEXT_WIDTH - width) / 2.0,
                };
                c.mark(Mark::Image {
                    image: images,
                    x,
                    y: PAGE_HEIGHT - c.top - height,
                    width,
                    height,
                });
                images += 1;
                c.top += height + 4.0 * MM;
            }
        }
    }
    let mut pages = c.pages;
    if let Some(footer) = &doc.footer {
        let total = pages.len();
        let y = MARGIN_BOTTOM;
        for (i, page) in pages.iter_mut().enumerate() {
            page.push(Mark::Line {
                from: (MARGIN_LEFT, y + FOOTER_SIZE * 1.6),
                to: (PAGE_WIDTH - MARGIN_RIGHT, y + FOOTER_SIZE * 1.6),
                width: 0.3,
            });
            if !footer.is_empty() {
                page.push(Mark::Text {
                    x: MARGIN_LEFT,
                    y,
                    face: Face::Regular,
                    size: FOOTER_SIZE,
                    text: footer.clone(),
                });
            }
            let numbers = format!("Pagina {} van {}", i + 1, total);
            let x = PAGE_WIDTH - MARGIN_RIGHT - fonts.width(Face::Regular, FOOTER_SIZE, &numbers);
            page.push(Mark::Text {
                x,
                y,
                face: Face::Regular,
                size: FOOTER_SIZE,
                text: numbers,
            });
        }
    }
    Laid { pages }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{Column, Row};
    use proptest::prelude::*;

    fn fonts() -> &'static Fonts {
        Fonts::get().unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn wrapped_lines_fit_and_keep_every_word(
            words in prop::collection::vec("[a-zA-Zëé€0-9,.]{1,30}", 0..80),
            width in 40.0f32..TEXT_WIDTH,
        ) {
            let fonts = fonts();
            let text = words.join(" ");
            let lines = wrap(fonts, Face::Regular, 10.0, &text, width);
            for line in &lines {
                prop_assert!(
                    fonts.width(Face::Regular, 10.0, line) <= width + 0.01 || line.chars().count() == 1,
                    "line wider than the column: {line:?}"
                );
            }
            // Nothing lost: joining the lines gives back the characters, only spaces moved.
            let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(squash(&lines.concat()), squash(&text));
        }

        #[test]
        fn no_text_runs_into_the_footer_or_off_the_page(
            paragraphs in prop::collection::vec("[a-z ]{0,400}", 1..30),
            rows in 0usize..80,
            tall in "[a-z ]{0,9000}",
        ) {
            let fonts = fonts();
            let mut doc = Document::new("t").footer("voet");
            for p in &paragraphs {
                doc = doc.push(Block::text(p.clone()));
            }
            doc = doc.push(
                Table::new(vec![Column::new("A", 1.0), Column::new("B", 1.0).right()])
                    .rows((0..rows).map(|i| Row::new([format!("rij {i}"), "1,00".to_string()])))
                    .row(Row::new([tall.clone(), "2,00".to_string()])),
            );
            doc = doc.push(Block::key_values([("Aantekening", tall.clone())]));
            let laid = lay_out(fonts, &doc);
            for page in &laid.pages {
                for mark in page {
                    if let Mark::Text { x, y, size, text, face } = mark {
                        prop_assert!(*x >= MARGIN_LEFT - 0.01, "left of the margin: {text}");
                        prop_assert!(
                            x + fonts.width(*face, *size, text) <= PAGE_WIDTH - MARGIN_RIGHT + 0.01,
                            "past the right margin: {text}"
                        );
                        let footer = *size == FOOTER_SIZE && *y == MARGIN_BOTTOM;
                        prop_assert!(
                            footer || *y > MARGIN_BOTTOM + FOOTER_ROOM - *size,
                            "body text in the footer area: {text} at {y}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn right_aligned_cells_end_at_the_column_edge() {
        let fonts = fonts();
        let doc = Document::new("t").push(
            Table::new(vec![
                Column::new("Omschrijving", 3.0),
                Column::new("Bedrag", 1.0).right(),
            ])
            .row(Row::new(["a", "€ 1,00"]))
            .row(Row::new(["b", "€ 1.234.567,89"])),
        );
        let laid = lay_out(fonts, &doc);
        let ends: Vec<f32> = laid.pages[0]
            .iter()
            .filter_map(|m| match m {
                Mark::Text {
                    x,
                    face,
                    size,
                    text,
                    ..
                } if text.starts_with('€') || text == "Bedrag" => {
                    Some(x + fonts.width(*face, *size, text))
                }
                _ => None,
            })
            .collect();
        assert_eq!(ends.len(), 3);
        for e in &ends {
            assert!(
                (e - (PAGE_WIDTH - MARGIN_RIGHT)).abs() < 0.01,
                "amounts end at the right margin: {ends:?}"
            );
        }
    }
}
