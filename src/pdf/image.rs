//! Pictures in a PDF (the practice logo): PNG or JPEG, read and checked here, drawn as an image
//! XObject at a size that keeps the picture's aspect ratio.
//!
//! Decoding goes through the `image` crate (PNG and JPEG decoders only) under fixed limits, so a file
//! that claims a huge size or is damaged gives a Dutch error instead of eating the memory. A picture
//! can be scaled once to the pixels its box needs ([`Image::from_bytes_fitted`], stored as a PNG made
//! with fixed encoder settings), so a PDF never carries, nor decodes, more pixels than it shows. The
//! pixels are stored in the PDF losslessly (Flate), so the same picture always gives the same bytes.

use crate::error::{Error, Result};
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageEncoder, ImageError, ImageFormat, ImageReader, Limits};
use printpdf::{RawImage, RawImageData, RawImageFormat};
use std::io::Cursor;
use std::sync::Arc;

/// The largest side a picture may have, in pixels (a logo of 4000 pixels wide is a photo, not a logo).
pub const MAX_SIDE_PX: u32 = 4000;
/// The smallest side, in pixels: below this nothing is recognisable on paper.
pub const MIN_SIDE_PX: u32 = 16;
/// Memory the decoder may use at most: a 4000 × 4000 RGBA picture (64 MB) fits, a 16-bit one or a
/// file that claims more does not.
const MAX_DECODE_BYTES: u64 = 64 * 1024 * 1024;

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

fn too_large(width_px: u32, height_px: u32) -> Error {
    Error::field(
        "logo",
        format!(
            "Deze afbeelding is {width_px} × {height_px} pixels; dat is te groot voor een logo (hoogstens {MAX_SIDE_PX} pixels per zijde, en niet meer dan {} MB aan beeldpunten). Verklein het logo, bijvoorbeeld tot 1200 pixels breed, en kies het opnieuw.",
            MAX_DECODE_BYTES / (1024 * 1024)
        ),
    )
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE_PX);
    limits.max_image_height = Some(MAX_SIDE_PX);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn decode(bytes: &[u8], kind: ImageKind, size: (u32, u32)) -> Result<DynamicImage> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    reader.limits(limits());
    reader.decode().map_err(|e| match e {
        // A picture that would need more memory than the limits (e.g. a decompression bomb: a tiny
        // file that claims a huge picture) is "too large", not "unreadable".
        ImageError::Limits(_) => too_large(size.0, size.1),
        _ => unreadable(),
    })
}

/// The kind and the size in pixels from the file's header, without decoding the pixels.
fn header(bytes: &[u8]) -> Result<(ImageKind, u32, u32)> {
    let kind = ImageKind::sniff(bytes).ok_or_else(unreadable)?;
    let (width_px, height_px) = ImageReader::with_format(Cursor::new(bytes), kind.format())
        .into_dimensions()
        .map_err(|_| unreadable())?;
    Ok((kind, width_px, height_px))
}

/// The size that fits `box_px` with the aspect ratio kept; never larger than the picture itself.
fn fitted(width_px: u32, height_px: u32, box_px: (u32, u32)) -> (u32, u32) {
    if width_px <= box_px.0 && height_px <= box_px.1 {
        return (width_px, height_px);
    }
    let scale = (box_px.0 as f64 / width_px as f64).min(box_px.1 as f64 / height_px as f64);
    let side = |px: u32| ((px as f64 * scale).round() as u32).max(1);
    (side(width_px).min(box_px.0), side(height_px).min(box_px.1))
}

impl Image {
    /// Checks that `bytes` is a PNG or JPEG that decodes completely, with sides between
    /// [`MIN_SIDE_PX`] and [`MAX_SIDE_PX`]. The size is read from the header before anything is
    /// decoded. Drawn by default at most 60 × 20 mm, left-aligned.
    pub fn from_bytes(bytes: &[u8]) -> Result<Image> {
        let (kind, width_px, height_px) = checked_header(bytes)?;
        // The whole picture must decode: a truncated file would otherwise fail only when printing.
        decode(bytes, kind, (width_px, height_px))?;
        Ok(Image::new(bytes.into(), kind, width_px, height_px))
    }

    /// Checks `bytes` like [`Image::from_bytes`] (decoding it once), then scales the picture down
    /// to fit `box_px` (width × height in pixels, aspect ratio kept, never enlarged) and keeps it as
    /// a PNG with fixed encoder settings: 8 bits per channel, grey or colour, alpha only when the
    /// picture has it. The same file always gives the same PNG.
    pub fn from_bytes_fitted(bytes: &[u8], box_px: (u32, u32)) -> Result<Image> {
        let (kind, width_px, height_px) = checked_header(bytes)?;
        let decoded = decode(bytes, kind, (width_px, height_px))?;
        let (w, h) = fitted(width_px, height_px, box_px);
        let decoded = if (w, h) == (width_px, height_px) {
            decoded
        } else {
            decoded.resize_exact(w, h, FilterType::Lanczos3)
        };
        let (color, pixels) = eight_bit(decoded);
        let mut png = Vec::new();
        PngEncoder::new_with_quality(&mut png, CompressionType::Best, PngFilter::Adaptive)
            .write_image(&pixels, w, h, color)
            .map_err(|_| {
                Error::internal("het verkleinde logo kon niet als PNG worden opgeslagen")
            })?;
        Ok(Image::new(png.into(), ImageKind::Png, w, h))
    }

    /// A picture this program checked and stored itself (by [`Image::from_bytes_fitted`]): only the
    /// header is read here; the pixels are decoded once, when a PDF is made.
    pub fn from_trusted_bytes(bytes: &[u8]) -> Result<Image> {
        let (kind, width_px, height_px) = header(bytes)?;
        Ok(Image::new(bytes.into(), kind, width_px, height_px))
    }

    fn new(bytes: Arc<[u8]>, kind: ImageKind, width_px: u32, height_px: u32) -> Image {
        Image {
            bytes,
            kind,
            width_px,
            height_px,
            max_width_mm: 60.0,
            max_height_mm: 20.0,
            align: super::Align::Left,
        }
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
        let decoded = decode(&self.bytes, self.kind, (self.width_px, self.height_px))?;
        let (color, pixels) = eight_bit(decoded);
        let format = match color {
            image::ExtendedColorType::L8 => RawImageFormat::R8,
            image::ExtendedColorType::La8 => RawImageFormat::RG8,
            image::ExtendedColorType::Rgb8 => RawImageFormat::RGB8,
            _ => RawImageFormat::RGBA8,
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

/// The header's size, checked against [`MIN_SIDE_PX`] and [`MAX_SIDE_PX`] before anything is decoded.
fn checked_header(bytes: &[u8]) -> Result<(ImageKind, u32, u32)> {
    let (kind, width_px, height_px) = header(bytes)?;
    if width_px > MAX_SIDE_PX || height_px > MAX_SIDE_PX {
        return Err(too_large(width_px, height_px));
    }
    if width_px < MIN_SIDE_PX || height_px < MIN_SIDE_PX {
        return Err(Error::field(
            "logo",
            format!(
                "Deze afbeelding is {width_px} × {height_px} pixels; dat is te klein om op papier leesbaar te zijn (minstens {MIN_SIDE_PX} pixels per zijde). Kies een grotere versie van het logo."
            ),
        ));
    }
    Ok((kind, width_px, height_px))
}

/// The pixels at 8 bits per channel: grey or colour, with alpha only when the picture has it.
fn eight_bit(decoded: DynamicImage) -> (image::ExtendedColorType, Vec<u8>) {
    use image::ExtendedColorType as C;
    match (decoded.color().has_color(), decoded.color().has_alpha()) {
        (false, false) => (C::L8, decoded.into_luma8().into_raw()),
        (false, true) => (C::La8, decoded.into_luma_alpha8().into_raw()),
        (true, false) => (C::Rgb8, decoded.into_rgb8().into_raw()),
        (true, true) => (C::Rgba8, decoded.into_rgba8().into_raw()),
    }
}

#[cfg(test)]
mod tests {
    use super::fitted;

    #[test]
    fn a_picture_is_scaled_down_to_fit_its_box_and_never_up() {
        assert_eq!(fitted(3000, 1000, (709, 260)), (709, 236), "width decides");
        assert_eq!(fitted(1000, 1000, (709, 260)), (260, 260), "height decides");
        assert_eq!(
            fitted(600, 200, (709, 260)),
            (600, 200),
            "small enough: unchanged"
        );
        assert_eq!(fitted(100, 50, (709, 260)), (100, 50), "never enlarged");
        assert_eq!(
            fitted(4000, 16, (709, 260)),
            (709, 3),
            "a thin line stays visible"
        );
    }
}
