//! Writes laid-out pages as a PDF with printpdf, and makes the result deterministic.
//!
//! printpdf names fonts, images and the file's `/ID` with a process-wide counter or at random, so the
//! same document would come out different on a second render. We name the fonts ourselves (fixed ids,
//! which also become the six-letter subset tags) and the pictures (`DKIMG0`, `DKIMG1`, … in document
//! order), and set `/ID` to a SHA-256 of the document's content (a picture counts by its own SHA-256).

use super::fonts::{Face, Fonts};
use super::layout::{Laid, Mark, PAGE_HEIGHT, PAGE_WIDTH};
use super::{Block, Document};
use crate::error::{Error, Result};
use printpdf::{
    FontId, ImageCompression, ImageOptimizationOptions, Line, LinePoint, Mm, Op, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem, XObject, XObjectId,
    XObjectTransform,
};

fn font_id(face: Face) -> FontId {
    // Six capitals: printpdf uses the first six characters as the subset tag (`DKSANS+DejaVuSans`).
    FontId(
        match face {
            Face::Regular => "DKREGU",
            Face::Bold => "DKBOLD",
            Face::Mono => "DKMONO",
        }
        .to_string(),
    )
}

/// Fixed names for pictures too: printpdf would draw random ones.
fn image_id(index: usize) -> XObjectId {
    XObjectId(format!("DKIMG{index}"))
}

fn point(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

fn page_ops(marks: &[Mark], pixels: &[(u32, u32)]) -> Vec<Op> {
    let mut ops = Vec::new();
    for mark in marks {
        match mark {
            // One text section per item: SetTextCursor is relative inside a section.
            Mark::Text {
                x,
                y,
                face,
                size,
                text,
            } => ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(font_id(*face)),
                    size: Pt(*size),
                },
                Op::SetTextCursor { pos: point(*x, *y) },
                Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                },
                Op::EndTextSection,
            ]),
            Mark::Line { from, to, width } => ops.extend([
                Op::SetOutlineThickness { pt: Pt(*width) },
                Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: point(from.0, from.1),
                                bezier: false,
                            },
                            LinePoint {
                                p: point(to.0, to.1),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                },
            ]),
            Mark::Image {
                image,
                x,
                y,
                width,
                height,
            } => {
                let Some(&(w_px, h_px)) = pixels.get(*image) else {
                    continue;
                };
                // At 72 dpi one pixel is one point; the scale then gives the laid-out size.
                ops.push(Op::UseXobject {
                    id: image_id(*image),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(*y)),
                        scale_x: Some(width / w_px as f32),
                        scale_y: Some(height / h_px as f32),
                        dpi: Some(72.0),
                        ..XObjectTransform::default()
                    },
                });
            }
        }
    }
    ops
}

fn timestamp(doc: &Document) -> i64 {
    // Documents without a date carry 1 January 2000, never "now".
    let date = doc
        .date
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date"));
    date.and_hms_opt(12, 0, 0)
        .expect("noon exists")
        .and_utc()
        .timestamp()
}

/// A content hash for the file's `/ID`: the same document always gets the same id.
fn content_id(doc: &Document, laid: &Laid) -> String {
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        format!("{:?}\u{0}{:?}", doc, laid).as_bytes(),
    );
    crate::hex::encode(&digest.as_ref()[..16])
}

pub fn render(fonts: &Fonts, doc: &Document, laid: &Laid) -> Result<Vec<u8>> {
    let mut pdf = PdfDocument::new(&doc.title);
    for face in Face::ALL {
        pdf.resources
            .fonts
            .map
            .insert(font_id(face), PdfFont::new(fonts.font(face).clone()));
    }
    let info = &mut pdf.metadata.info;
    info.author = doc.author.clone();
    info.subject = doc.subject.clone();
    info.creator = "Dossierkluis".to_string();
    info.producer = format!("Dossierkluis {}", crate::VERSION);
    let at = printpdf::OffsetDateTime::from_unix_timestamp(timestamp(doc))
        .map_err(|_| Error::internal("de datum van het document klopt niet"))?;
    info.creation_date = at;
    info.modification_date = at;
    info.metadata_date = at;

    let mut pixels = Vec::new();
    for (index, image) in doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Image(image) => Some(image),
            _ => None,
        })
        .enumerate()
    {
        pdf.resources
            .xobjects
            .map
            .insert(image_id(index), XObject::Image(image.raw()?));
        pixels.push((image.width_px(), image.height_px()));
    }

    let width = Mm(PAGE_WIDTH * 25.4 / 72.0);
    let height = Mm(PAGE_HEIGHT * 25.4 / 72.0);
    let pages: Vec<PdfPage> = if laid.pages.is_empty() {
        vec![PdfPage::new(width, height, Vec::new())]
    } else {
        laid.pages
            .iter()
            .map(|marks| PdfPage::new(width, height, page_ops(marks, &pixels)))
            .collect()
    };
    pdf.with_pages(pages);

    // Pictures lossless (Flate), never re-encoded as JPEG or shrunk; an opaque alpha channel and
    // colour that is really grey are dropped, which changes nothing visible.
    let options = PdfSaveOptions {
        subset_fonts: true,
        image_optimization: Some(ImageOptimizationOptions {
            quality: None,
            max_image_size: None,
            dither_greyscale: Some(false),
            convert_to_greyscale: Some(false),
            auto_optimize: Some(true),
            format: Some(ImageCompression::Flate),
        }),
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&options, &mut warnings);
    lo.compress();
    let id = content_id(doc, laid);
    if let Ok(ids) = lo.trailer.get_mut(b"ID").and_then(|o| o.as_array_mut()) {
        for entry in ids.iter_mut() {
            if let Ok(bytes) = entry.as_str_mut() {
                *bytes = id.clone().into_bytes();
            }
        }
    }
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| Error::io("Het opmaken van de PDF", &e))?;
    Ok(out)
}
