//! The small Markdown subset the documents Dossierkluis writes itself use (privacyverklaring,
//! verwerkingsregister, datalekregister), read into structured blocks once: the window shows those
//! blocks, [`to_document`] lays the same blocks out as a PDF with the [`super`] layout. So the screen
//! and the paper always say the same thing.
//!
//! The subset: `# ` a title, `## ` and deeper a heading, `- ` or `* ` a bullet item (a following line
//! that is no new item continues it), blank lines between paragraphs, other lines joined into one
//! paragraph. `**bold**` and `` `code` `` markers are dropped, their text kept. Anything else is text:
//! no HTML, no links, no tables, so there is nothing in it that a viewer could execute.

use super::{Block, Column, Document, Paragraph, Row, Table};
use serde::Serialize;

/// One block of a Markdown document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum MdBlock {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// A bullet list: one string per item.
    List(Vec<String>),
}

/// Drops inline emphasis markers; the text stays.
fn inline(text: &str) -> String {
    text.replace("**", "").replace('`', "").trim().to_string()
}

fn item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.strip_prefix("- ").or_else(|| t.strip_prefix("* "))
}

/// Reads the subset (see the module docs) into blocks, in order. Never fails: unknown syntax is text.
pub fn parse(markdown: &str) -> Vec<MdBlock> {
    enum Open {
        None,
        Paragraph(Vec<String>),
        List(Vec<String>),
    }
    fn close(open: &mut Open, out: &mut Vec<MdBlock>) {
        match std::mem::replace(open, Open::None) {
            Open::None => {}
            Open::Paragraph(lines) => out.push(MdBlock::Paragraph(inline(&lines.join(" ")))),
            Open::List(items) => out.push(MdBlock::List(items.iter().map(|i| inline(i)).collect())),
        }
    }
    let mut out = Vec::new();
    let mut open = Open::None;
    for line in markdown.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            close(&mut open, &mut out);
            continue;
        }
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && trimmed[hashes..].starts_with(' ') {
            close(&mut open, &mut out);
            let text = inline(&trimmed[hashes..]);
            out.push(if hashes == 1 {
                MdBlock::Title(text)
            } else {
                MdBlock::Heading(text)
            });
            continue;
        }
        if let Some(text) = item(line) {
            match &mut open {
                Open::List(items) => items.push(text.trim().to_string()),
                _ => {
                    close(&mut open, &mut out);
                    open = Open::List(vec![text.trim().to_string()]);
                }
            }
            continue;
        }
        match &mut open {
            Open::Paragraph(lines) => lines.push(trimmed.to_string()),
            // A line under an item that is no new item continues it.
            Open::List(items) => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(trimmed);
                }
            }
            Open::None => open = Open::Paragraph(vec![trimmed.to_string()]),
        }
    }
    close(&mut open, &mut out);
    out
}

/// The PDF blocks for parsed Markdown: title, headings, 10 pt paragraphs, and bullet lists as a
/// two-column table without header or lines, so a long item wraps under its own text.
pub fn to_blocks(blocks: &[MdBlock]) -> Vec<Block> {
    blocks
        .iter()
        .map(|b| match b {
            MdBlock::Title(t) => Block::title(t.clone()),
            MdBlock::Heading(t) => Block::heading(t.clone()),
            MdBlock::Paragraph(t) => Block::Paragraph(Paragraph::new(t.clone())),
            MdBlock::List(items) => {
                let mut table = Table::new(vec![Column::new("", 0.35), Column::new("", 9.65)])
                    .without_header()
                    .rows(items.iter().map(|i| Row::new(["•", i.as_str()])));
                table.size = 10.0;
                Block::Table(table)
            }
        })
        .collect()
}

/// A PDF document of `markdown`: its title (metadata) is the first `# ` title, or `fallback_title`.
/// Set author, date and footer on the result; render with [`Document::render`].
pub fn to_document(markdown: &str, fallback_title: &str) -> Document {
    let blocks = parse(markdown);
    let title = blocks
        .iter()
        .find_map(|b| match b {
            MdBlock::Title(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_else(|| fallback_title.to_string());
    Document::new(title).extend(to_blocks(&blocks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_titles_headings_paragraphs_and_lists_in_order() {
        let md = "# Privacyverklaring\n\n## Wie zijn wij\n\nPraktijk X, Utrecht.\nKvK: 1.\n\n- een\n- **twee**\n  vervolg\n* drie\n\nSlot.";
        assert_eq!(
            parse(md),
            vec![
                MdBlock::Title("Privacyverklaring".into()),
                MdBlock::Heading("Wie zijn wij".into()),
                MdBlock::Paragraph("Praktijk X, Utrecht. KvK: 1.".into()),
                MdBlock::List(vec!["een".into(), "twee vervolg".into(), "drie".into()]),
                MdBlock::Paragraph("Slot.".into()),
            ]
        );
    }

    #[test]
    fn a_heading_right_after_a_list_closes_it_and_a_hash_without_space_is_text() {
        let md = "- a\n## Kop\n#hashtag is tekst";
        assert_eq!(
            parse(md),
            vec![
                MdBlock::List(vec!["a".into()]),
                MdBlock::Heading("Kop".into()),
                MdBlock::Paragraph("#hashtag is tekst".into()),
            ]
        );
    }

    #[test]
    fn the_json_the_window_gets_names_each_kind() {
        let json = serde_json::to_value(parse("# T\n\n- a")).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{"kind": "title", "text": "T"}, {"kind": "list", "text": ["a"]}])
        );
    }

    #[test]
    fn the_document_title_is_the_first_title() {
        assert_eq!(to_document("tekst\n\n# Register", "x").title, "Register");
        assert_eq!(to_document("tekst", "Standaard").title, "Standaard");
    }
}
