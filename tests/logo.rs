//! The practice logo: only a readable PNG or JPEG of sensible size is accepted (a Dutch error and an
//! unchanged vault otherwise), it is kept in the vault, drawn at the top of every new zorgnota as an
//! image XObject, the PDF stays byte-identical for identical input, and an issued zorgnota keeps the
//! PDF it was issued with when the logo changes or goes.

mod billing_common;
mod common;

use billing_common::*;
use common::cli::Cli;
use dossierkluis::dossier::Regime;
use dossierkluis::ErrorCode;
use std::io::Cursor;
use std::process::Command;

/// A logo made here: a blue bar with a white stripe, `w` × `h` pixels, as PNG (with alpha) or JPEG.
fn logo(w: u32, h: u32, png: bool) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        if y > h / 3 && y < 2 * h / 3 && x > w / 10 {
            image::Rgba([255, 255, 255, 255])
        } else {
            image::Rgba([20, 60, (x * 255 / w.max(1)) as u8, 255])
        }
    });
    let mut out = Cursor::new(Vec::new());
    if png {
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
    } else {
        image::DynamicImage::ImageRgba8(img)
            .into_rgb8()
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .unwrap();
    }
    out.into_inner()
}

/// The image XObjects in a PDF, as (width, height) in pixels.
fn image_xobjects(pdf: &[u8]) -> Vec<(i64, i64)> {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|n| n.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .filter(|s| {
            // The soft mask (alpha) of a picture is an image too; count the picture itself.
            s.dict
                .get(b"ColorSpace")
                .and_then(|n| n.as_name())
                .is_ok_and(|n| n == b"DeviceRGB" || n == b"DeviceGray")
                && !s.dict.has(b"Decode")
        })
        .map(|s| {
            (
                s.dict.get(b"Width").unwrap().as_i64().unwrap(),
                s.dict.get(b"Height").unwrap().as_i64().unwrap(),
            )
        })
        .collect()
}

fn issued_zorgnota(store: &mut dossierkluis::Store, last: &str) -> i64 {
    let (client, sessions) =
        client_with_sessions(store, last, Regime::Wgbo, &["2026-11-02", "2026-11-09"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    store.issue_invoice(id).unwrap();
    id
}

#[test]
fn a_logo_is_kept_in_the_vault_and_drawn_on_every_new_zorgnota() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    assert!(store.practice_logo().unwrap().is_none(), "no logo at first");
    let without = issued_zorgnota(&mut store, "Zonder");
    let pdf_without = store.invoice_pdf(without).unwrap();
    assert!(
        image_xobjects(&pdf_without).is_empty(),
        "a zorgnota made before any logo has no picture"
    );

    let bytes = logo(600, 200, true);
    let info = store.set_practice_logo(&bytes).unwrap();
    assert_eq!((info.width_px, info.height_px), (600, 200));
    assert_eq!(info.media_type, "image/png");
    assert!(info.data_url.starts_with("data:image/png;base64,iVBOR"));
    assert_eq!(
        store.practice_logo().unwrap(),
        Some(info),
        "the logo reads back from the vault"
    );

    let with = issued_zorgnota(&mut store, "Met");
    let pdf = store.invoice_pdf(with).unwrap();
    assert_eq!(
        image_xobjects(&pdf),
        vec![(600, 200)],
        "the new zorgnota carries the logo as one image XObject at its full resolution"
    );
    if let Ok(out) = std::env::var("DOSSIERKLUIS_LOGO_PDF_OUT") {
        // To look at it: DOSSIERKLUIS_LOGO_PDF_OUT=/tmp/nota.pdf cargo test --test logo
        std::fs::write(out, &pdf).unwrap();
    }
    // Poppler draws it: the page has dark (logo) pixels in its top-right corner, where the box is.
    let png = render_first_page(&pdf);
    let dark_top_right = dark_pixels(&png, 0.6..1.0, 0.0..0.12);
    assert!(
        dark_top_right > 200,
        "pdftoppm shows the logo at the top right ({dark_top_right} dark pixels there)"
    );
    let audit = store.audit_recent(20).unwrap();
    assert!(audit.iter().any(|r| r.event == "practice_logo_set"));
}

#[test]
fn the_same_zorgnota_with_the_same_logo_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    store.set_practice_logo(&logo(300, 300, false)).unwrap();
    let (client, sessions) =
        client_with_sessions(&mut store, "Jansen", Regime::Wgbo, &["2026-11-02"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    let first = store.invoice_pdf(id).unwrap();
    let second = store.invoice_pdf(id).unwrap();
    assert!(
        first == second,
        "rendering the same concept with the same logo twice gives identical bytes"
    );
    let image = dossierkluis::logo::check(&logo(300, 300, false)).unwrap();
    let invoice = store.invoice(id).unwrap();
    let a = dossierkluis::billing::pdf::render_with_logo(&invoice, Some(&image)).unwrap();
    let b = dossierkluis::billing::pdf::render_with_logo(&invoice, Some(&image)).unwrap();
    assert!(a == b, "also outside the store");
    let other = dossierkluis::logo::check(&logo(300, 200, false)).unwrap();
    let c = dossierkluis::billing::pdf::render_with_logo(&invoice, Some(&other)).unwrap();
    assert!(a != c, "another logo gives another PDF");
}

#[test]
fn an_issued_zorgnota_keeps_its_pdf_when_the_logo_changes_or_goes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    store.set_practice_logo(&logo(600, 200, true)).unwrap();
    let id = issued_zorgnota(&mut store, "Bakker");
    let issued = store.invoice_pdf(id).unwrap();

    store.set_practice_logo(&logo(200, 400, false)).unwrap();
    assert!(
        store.invoice_pdf(id).unwrap() == issued,
        "a new logo does not touch the issued zorgnota's PDF"
    );
    assert!(store.clear_practice_logo().unwrap(), "there was a logo");
    assert!(store.practice_logo().unwrap().is_none());
    let after = store.invoice_pdf(id).unwrap();
    assert!(
        after == issued,
        "clearing the logo does not touch it either"
    );
    assert_eq!(image_xobjects(&after), vec![(600, 200)]);
    assert!(
        !store.clear_practice_logo().unwrap(),
        "clearing twice says there was none"
    );
}

#[test]
fn files_that_are_not_a_sensible_logo_are_refused_with_a_dutch_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    store.set_practice_logo(&logo(400, 100, true)).unwrap();
    let before = store.practice_logo().unwrap();

    let mut truncated = logo(400, 100, true);
    truncated.truncate(truncated.len() / 2);
    let mut too_big = logo(64, 64, true);
    too_big.resize(2 * 1024 * 1024 + 1, 0);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "leeg"),
        ("a PDF", b"%PDF-1.7 not a picture".to_vec(), "PNG- of JPEG"),
        ("a GIF", b"GIF89a\x01\x00\x01\x00".to_vec(), "PNG- of JPEG"),
        ("cut off half-way", truncated, "PNG- of JPEG"),
        ("over 2 MB", too_big, "2 MB"),
        ("8 × 8 pixels", logo(8, 8, true), "te klein"),
        ("6400 pixels wide", logo(6400, 20, true), "te groot"),
    ];
    for (what, bytes, says) in cases {
        let err = store.set_practice_logo(&bytes).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{what}");
        assert!(
            err.message.contains(says),
            "{what}: the message says why ({says}): {}",
            err.message
        );
        assert_eq!(
            store.practice_logo().unwrap(),
            before,
            "{what}: the logo that was set stays"
        );
    }
}

fn render_first_page(pdf: &[u8]) -> image::RgbImage {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nota.pdf");
    std::fs::write(&file, pdf).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&file)
        .arg(dir.path().join("page"))
        .status()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(status.success(), "pdftoppm renders the PDF");
    image::open(dir.path().join("page.png"))
        .unwrap()
        .into_rgb8()
}

/// Dark pixels in a region given as fractions of the page's width and height (from the top left).
fn dark_pixels(page: &image::RgbImage, x: std::ops::Range<f32>, y: std::ops::Range<f32>) -> usize {
    let (w, h) = page.dimensions();
    page.enumerate_pixels()
        .filter(|(px, py, _)| {
            x.contains(&(*px as f32 / w as f32)) && y.contains(&(*py as f32 / h as f32))
        })
        .filter(|(_, _, p)| p.0.iter().map(|&c| c as u32).sum::<u32>() < 300)
        .count()
}

#[test]
fn the_cli_sets_and_clears_the_logo() {
    let cli = Cli::new();
    let demo = cli.run(&[
        "demo",
        "--clients",
        "3",
        "--years",
        "1",
        "--insecure-fast-kdf",
        "--json",
    ]);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let file = cli.dir().join("logo.jpg");
    std::fs::write(&file, logo(480, 160, false)).unwrap();
    let set = cli.run(&["--json", "practice", "logo", "set", file.to_str().unwrap()]);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&set.stdout).unwrap();
    assert_eq!(
        json["media_type"], "image/png",
        "a JPEG is stored as the normalised PNG (lossless from its pixels)"
    );
    assert_eq!(
        (json["width_px"].as_u64(), json["height_px"].as_u64()),
        (Some(480), Some(160))
    );

    let bad = cli.dir().join("logo.txt");
    std::fs::write(&bad, "geen plaatje").unwrap();
    let refused = cli.run(&["practice", "logo", "set", bad.to_str().unwrap()]);
    assert!(!refused.status.success(), "a text file is refused");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("PNG- of JPEG"),
        "with the Dutch reason: {}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let clear = cli.run(&["--json", "practice", "logo", "clear"]);
    assert!(clear.status.success());
    let json: serde_json::Value = serde_json::from_slice(&clear.stdout).unwrap();
    assert_eq!(json["removed"], true);
}

#[test]
fn the_logo_and_the_other_billing_settings_do_not_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("vault.db"), "2026-11-30");
    store.update_practice(&practice()).unwrap();
    // A logo in a vault whose billing settings were never saved: they keep their defaults (no VAT
    // choice either).
    store.set_practice_logo(&logo(300, 100, true)).unwrap();
    assert_eq!(
        store.billing_settings().unwrap(),
        dossierkluis::billing::settings::BillingSettings::default(),
        "setting the logo leaves the billing settings at their defaults"
    );
    let settings = dossierkluis::billing::settings::BillingSettings {
        number_prefix: "DW".into(),
        payment_term_days: 30,
        ..Default::default()
    };
    store.update_billing_settings(&settings).unwrap();
    assert_eq!(
        store.practice_logo().unwrap().map(|l| l.width_px),
        Some(300),
        "saving the billing settings keeps the logo"
    );
    store.set_practice_logo(&logo(200, 100, false)).unwrap();
    store.clear_practice_logo().unwrap();
    assert_eq!(
        store.billing_settings().unwrap().number_prefix,
        "DW",
        "changing and clearing the logo keeps the billing settings"
    );
}

/// A photo-like logo: `w` × `h` RGB with a gradient and pseudo-random noise (a fixed LCG, so the
/// same every run), as JPEG so it stays under the 2 MB file limit.
fn noisy_logo(w: u32, h: u32) -> Vec<u8> {
    let mut seed: u32 = 12345;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let mut noise = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            ((seed >> 16) % 64) as u8
        };
        image::Rgb([
            (x * 191 / w) as u8 + noise(),
            (y * 191 / h) as u8 + noise(),
            96 + noise(),
        ])
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    out.into_inner()
}

#[test]
fn a_large_logo_is_stored_once_at_the_size_its_box_needs_and_keeps_the_pdf_small() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let file = noisy_logo(3000, 1000);
    assert!(
        file.len() <= dossierkluis::logo::MAX_LOGO_BYTES,
        "the test file itself is an acceptable logo file ({} bytes)",
        file.len()
    );
    let info = store.set_practice_logo(&file).unwrap();
    let (max_w, max_h) = dossierkluis::logo::LOGO_MAX_PX;
    assert_eq!(
        (info.width_px, info.height_px),
        (709, 236),
        "stored scaled to the 60 × 22 mm box at 300 dpi (at most {max_w} × {max_h}), aspect ratio 3:1 kept"
    );
    assert_eq!(info.media_type, "image/png", "stored as a lossless PNG");
    assert_eq!(
        store.practice_logo().unwrap(),
        Some(info.clone()),
        "what reads back is the stored, scaled logo"
    );
    // The same file set again gives the very same stored PNG (fixed encoder settings).
    let again = store.set_practice_logo(&file).unwrap();
    assert!(again == info, "scaling and encoding are deterministic");

    let id = issued_zorgnota(&mut store, "Groot");
    let pdf = store.invoice_pdf(id).unwrap();
    assert_eq!(
        image_xobjects(&pdf),
        vec![(709, 236)],
        "the PDF carries the scaled logo, not the 3000 × 1000 original"
    );
    // The original's 9 MB of noisy pixels would make a PDF of several MB; the scaled logo has at
    // most 709 × 260 × 3 = 553 kB of pixels, Flate-compressed.
    assert!(
        pdf.len() < 700 * 1024,
        "a zorgnota with a large logo stays under 700 kB ({} bytes)",
        pdf.len()
    );
    let (client, sessions) =
        client_with_sessions(&mut store, "Groot2", Regime::Wgbo, &["2026-11-16"]);
    let concept = store.create_invoice(client, &sessions).unwrap();
    assert!(
        store.invoice_pdf(concept).unwrap() == store.invoice_pdf(concept).unwrap(),
        "with a scaled logo the same concept still gives byte-identical PDFs"
    );
}

/// A PNG whose header claims `w` × `h` pixels at 16 bits RGBA, with almost no data: a tiny file
/// that would need `w × h × 8` bytes of memory to decode (a "decompression bomb").
fn bomb_png(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([16, 6, 0, 0, 0]); // 16 bits, RGBA, deflate, standard filters, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    // The start of a zlib stream of zero bytes; a real bomb would go on for megabytes of it.
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0xDA, 0xED, 0xC1, 0x01, 0x0D, 0x00, 0x00],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn a_decompression_bomb_is_refused_as_too_large_before_it_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    store.set_practice_logo(&logo(400, 100, true)).unwrap();
    let before = store.practice_logo().unwrap();
    // 4000 × 4000 is within the limit per side, but 16-bit RGBA needs 128 MB to decode.
    let bomb = bomb_png(4000, 4000);
    assert!(
        bomb.len() < 200,
        "the file itself is tiny ({} bytes)",
        bomb.len()
    );
    let started = std::time::Instant::now();
    let err = store.set_practice_logo(&bomb).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("te groot") && err.message.contains("4000 × 4000"),
        "the message says the picture is too large, not that it is unreadable: {}",
        err.message
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "refused from the header, without decoding 128 MB"
    );
    assert_eq!(
        store.practice_logo().unwrap(),
        before,
        "the logo that was set stays"
    );
}

#[test]
fn a_full_size_logo_stored_by_an_earlier_version_is_still_drawn_scaled() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    store.set_practice_logo(&logo(300, 100, true)).unwrap();
    // What an earlier version stored: the chosen file itself, here a 1500 × 500 JPEG.
    let conn = rusqlite::Connection::open(dir.path().join("vault.db")).unwrap();
    conn.execute(
        "UPDATE billing_settings SET logo = ?1 WHERE id = 1",
        [logo(1500, 500, false)],
    )
    .unwrap();
    drop(conn);
    let info = store
        .practice_logo()
        .unwrap()
        .expect("the old logo still counts");
    assert_eq!(
        (info.width_px, info.height_px, info.media_type.as_str()),
        (709, 236, "image/png"),
        "checked and scaled like a newly chosen logo"
    );
    let id = issued_zorgnota(&mut store, "Oud");
    assert_eq!(
        image_xobjects(&store.invoice_pdf(id).unwrap()),
        vec![(709, 236)],
        "the nota gets the scaled logo, not the full-size one"
    );
}
