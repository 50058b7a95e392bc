//! Pictures in a PDF (the practice logo): PNG or JPEG, read and checked here, drawn as an image
//! XObject at a size that keeps the picture's aspect ratio.
//!
//! Decoding goes through the `image` crate (PNG and JPEG decoders only) under fixed limits, so a file
//! that claims a huge size or is damaged gives a Dutch error instead of eating the memory. The pixels
//! are stored in the PDF losslessly (Flate), so the same picture always gives the same bytes.

use crate::error::{Error, Result};
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use printpdf::{RawImage, RawImageData, RawImageFormat};
use std::io::Cursor;
use std::sync::Arc;

/// The largest side a picture may have, in pixels (a logo of 6000 pixels wide is a photo, not a logo).
pub const MAX_SIDE_PX: u32 = 6000;
/// The smallest side, in pixels: below this nothing is recognisable on paper.
pub const MIN_SIDE_PX: u32 = 16;
/// Memory the decoder may use at most (a 6000 × 6000 RGBA picture needs 144 MB).
const MAX_DECODE_BYTES: u64 = 160 * 1024 * 1024;

/// The file formats a picture may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
}

impl ImageKind {
    /// By the file's first bytes, never by its name.
    pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageKind::Jpeg)
        } else {
            None
        }
    }
    pub fn media_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
        }
    }
    fn format(self) -> ImageFormat {
        match self {
            ImageKind::Png => ImageFormat::Png,
            ImageKind::Jpeg => ImageFormat::Jpeg,
        }
    }
}

/// A checked picture and the box it is drawn in (at most `max_width_mm` × `max_height_mm`, aspect
/// ratio kept, never enlarged past the box).
#[derive(Clone, PartialEq)]
pub struct Image {
    bytes: Arc<[u8]>,
    kind: ImageKind,
    width_px: u32,
    height_px: u32,
    /// The widest the picture may be drawn, in millimetres.
    pub max_width_mm: f32,
    /// The tallest the picture may be drawn, in millimetres.
    pub max_height_mm: f32,
    pub align: super::Align,
}

/// The hash, not the bytes: `Debug` output goes into the file's `/ID` and into test messages.
impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digest = ring::digest::digest(&ring::digest::SHA256, &self.bytes);
        f.debug_struct("Image")
            .field("sha256", &crate::hex::encode(digest.as_ref()))
            .field("kind", &self.kind)
            .field("width_px", &self.width_px)
            .field("height_px", &self.height_px)
            .field("max_width_mm", &self.max_width_mm)
            .field("max_height_mm", &self.max_height_mm)
            .field("align", &self.align)
            .finish()
    }
}

fn unreadable() -> Error {
    Error::field(
        "logo",
        "Dit bestand is geen leesbare PNG- of JPEG-afbeelding. Kies een logo als .png of .jpg, bijvoorbeeld opnieuw opgeslagen vanuit een tekenprogramma.",
    )
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE_PX);
    limits.max_image_height = Some(MAX_SIDE_PX);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn decode(bytes: &[u8], kind: ImageKind) -> Result<DynamicImage> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    reader.limits(limits());
    reader.decode().map_err(|_| unreadable())
}

impl Image {
    /// Checks that `bytes` is a PNG or JPEG that decodes completely, with sides between
    /// [`MIN_SIDE_PX`] and [`MAX_SIDE_PX`]. The size is read from the header before anything is
    /// decoded. Drawn by default at most 60 × 20 mm, left-aligned.
    pub fn from_bytes(bytes: &[u8]) -> Result<Image> {
        let kind = ImageKind::sniff(bytes).ok_or_else(unreadable)?;
        let (width_px, height_px) = ImageReader::with_format(Cursor::new(bytes), kind.format())
            .into_dimensions()
            .map_err(|_| unreadable())?;
        if width_px > MAX_SIDE_PX || height_px > MAX_SIDE_PX {
            return Err(Error::field(
                "logo",
                format!(
                    "Deze afbeelding is {width_px} × {height_px} pixels; dat is te groot voor een logo (hoogstens {MAX_SIDE_PX} pixels per zijde). Verklein het logo, bijvoorbeeld tot 1200 pixels breed, en kies het opnieuw."
                ),
            ));
        }
        if width_px < MIN_SIDE_PX || height_px < MIN_SIDE_PX {
            return Err(Error::field(
                "logo",
                format!(
                    "Deze afbeelding is {width_px} × {height_px} pixels; dat is te klein om op papier leesbaar te zijn (minstens {MIN_SIDE_PX} pixels per zijde). Kies een grotere versie van het logo."
                ),
            ));
        }
        // The whole picture must decode: a truncated file would otherwise fail only when printing.
        decode(bytes, kind)?;
        Ok(Image {
            bytes: bytes.into(),
            kind,
            width_px,
            height_px,
            max_width_mm: 60.0,
            max_height_mm: 20.0,
            align: super::Align::Left,
        })
    }

    /// The box it is drawn in: at most `width_mm` × `height_mm`.
    pub fn fit(mut self, width_mm: f32, height_mm: f32) -> Self {
        self.max_width_mm = width_mm.max(1.0);
        self.max_height_mm = height_mm.max(1.0);
        self
    }

    pub fn align(mut self, align: super::Align) -> Self {
        self.align = align;
        self
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
    pub fn kind(&self) -> ImageKind {
        self.kind
    }
    pub fn width_px(&self) -> u32 {
        self.width_px
    }
    pub fn height_px(&self) -> u32 {
        self.height_px
    }

    /// The drawn size in points: as large as fits the box, aspect ratio kept.
    pub fn size_pt(&self) -> (f32, f32) {
        let mm = 72.0 / 25.4;
        let (bw, bh) = (self.max_width_mm * mm, self.max_height_mm * mm);
        let (w, h) = (self.width_px as f32, self.height_px as f32);
        let scale = (bw / w).min(bh / h);
        (w * scale, h * scale)
    }

    /// The pixels for printpdf: 8-bit grey or RGB, with a separate alpha channel when there is one.
    pub(crate) fn raw(&self) -> Result<RawImage> {
        let decoded = decode(&self.bytes, self.kind)?;
        let (format, pixels) = match (decoded.color().has_color(), decoded.color().has_alpha()) {
            (false, false) => (RawImageFormat::R8, decoded.into_luma8().into_raw()),
            (false, true) => (RawImageFormat::RG8, decoded.into_luma_alpha8().into_raw()),
            (true, false) => (RawImageFormat::RGB8, decoded.into_rgb8().into_raw()),
            (true, true) => (RawImageFormat::RGBA8, decoded.into_rgba8().into_raw()),
        };
        Ok(RawImage {
            pixels: RawImageData::U8(pixels),
            width: self.width_px as usize,
            height: self.height_px as usize,
            data_format: format,
            tag: Vec::new(),
        })
    }
}
