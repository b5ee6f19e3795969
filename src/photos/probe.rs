//! Recognising a photo from its bytes and reading its size and orientation
//! from the header alone, without decoding a pixel.

use std::io::Cursor;

use image::ImageDecoder;
use image::metadata::Orientation;

use crate::photos::format::{Format, PhotoInfo, swaps_axes};
use crate::photos::limits::{MAX_MEGAPIXELS, MAX_PHOTO_BYTES, image_limits};

use crate::photos::error::{PhotoError, cut_off_or, image_error};

/// Reads format, upright size and orientation from the header, and refuses
/// what the pipeline would refuse before decoding: unknown formats, files over
/// [`MAX_PHOTO_BYTES`] and photos over [`MAX_MEGAPIXELS`].
pub fn probe(bytes: &[u8]) -> Result<PhotoInfo, PhotoError> {
    let format = sniff(bytes)?;
    if bytes.len() as u64 > MAX_PHOTO_BYTES {
        return Err(PhotoError::too_many_bytes(
            bytes.len() as u64,
            MAX_PHOTO_BYTES,
        ));
    }
    let (stored_width, stored_height, orientation) = match format {
        Format::Jpeg => {
            let header = jpeg_header(bytes)?;
            if header.precision != 8 {
                return Err(PhotoError::rare_jpeg()
                    .with_detail(format!("{}-bit samples", header.precision)));
            }
            if let Some(coding) = header.unsupported_coding() {
                return Err(PhotoError::rare_jpeg().with_detail(coding));
            }
            let orientation = header
                .exif
                .map_or(Orientation::NoTransforms, exif_orientation);
            (header.width, header.height, orientation)
        }
        Format::Png | Format::Webp => image_header(bytes, format)?,
    };
    if stored_width == 0 || stored_height == 0 {
        return Err(PhotoError::damaged().with_detail("zero width or height in the header"));
    }
    if u64::from(stored_width) * u64::from(stored_height) > MAX_MEGAPIXELS * 1_000_000 {
        return Err(PhotoError::too_many_pixels(
            stored_width,
            stored_height,
            MAX_MEGAPIXELS,
        ));
    }
    let (width, height) = if swaps_axes(orientation) {
        (stored_height, stored_width)
    } else {
        (stored_width, stored_height)
    };
    Ok(PhotoInfo {
        format,
        width,
        height,
        stored_width,
        stored_height,
        orientation,
    })
}

/// Tells the format from the first bytes, never from the file name: phones and
/// chat apps often save HEIC or WebP under a `.jpg` name.
fn sniff(bytes: &[u8]) -> Result<Format, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::empty());
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Format::Webp);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Err(iso_media_error(bytes));
    }
    let other = if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "a GIF picture"
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        "a TIFF or camera RAW picture"
    } else if bytes.starts_with(b"BM") && bytes.len() > 26 {
        "a BMP picture"
    } else if bytes.starts_with(b"%PDF") {
        "a PDF document"
    } else {
        return Err(PhotoError::not_a_photo());
    };
    Err(PhotoError::other_format(other))
}

/// Names what an ISO media file (`....ftyp<brand>`) holds: HEIC, AVIF or a video.
fn iso_media_error(bytes: &[u8]) -> PhotoError {
    // The major brand and, within the ftyp box, the compatible brands.
    let box_len = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let ftyp = &bytes[8..box_len.clamp(12, bytes.len())];
    let brands: Vec<&[u8]> = ftyp.chunks_exact(4).collect();
    let has = |names: &[&[u8; 4]]| brands.iter().any(|b| names.iter().any(|n| *b == *n));
    if has(&[b"avif", b"avis"]) {
        PhotoError::other_format("an AVIF picture")
    } else if has(&[
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
        b"mif2",
    ]) {
        PhotoError::heic()
    } else {
        PhotoError::video()
    }
}

/// The parts of a JPEG header the pipeline needs.
pub(crate) struct JpegHeader<'a> {
    pub width: u32,
    pub height: u32,
    /// Bits per sample: 8 for every photo a phone or camera writes.
    pub precision: u8,
    /// The EXIF payload, starting at the TIFF header.
    pub exif: Option<&'a [u8]>,
    /// The frame header's marker (`C0`..`CF`): which coding process the file uses.
    pub sof: u8,
    /// Colour components (1 grey, 3 YCbCr or RGB, 4 CMYK or YCCK).
    pub components: u8,
    /// Whether a DAC segment (arithmetic conditioning) comes before the frame.
    pub arithmetic_tables: bool,
}

impl JpegHeader<'_> {
    /// What of this JPEG's coding `jpeg-decoder` refuses, as the decoder would say it:
    /// arithmetic coding (SOF9..11, SOF13..15, or a DAC segment), the hierarchical
    /// (differential) processes SOF5..7, or a component count other than 1, 3 or 4.
    /// `check` refuses these from the header, as `build` does once it decodes.
    pub(crate) fn unsupported_coding(&self) -> Option<String> {
        match self.sof {
            0xC9..=0xCB | 0xCD..=0xCF => {
                Some(format!("arithmetic coding (SOF{})", self.sof - 0xC0))
            }
            _ if self.arithmetic_tables => Some("arithmetic coding (DAC)".to_string()),
            0xC5..=0xC7 => Some(format!("hierarchical coding (SOF{})", self.sof - 0xC0)),
            _ if !matches!(self.components, 1 | 3 | 4) => {
                Some(format!("{} colour components", self.components))
            }
            _ => None,
        }
    }
}

/// Walks the JPEG marker segments up to the frame header: frame size from
/// SOFn, EXIF from the first `Exif` APP1. Reads nothing of the compressed data.
pub(crate) fn jpeg_header(bytes: &[u8]) -> Result<JpegHeader<'_>, PhotoError> {
    let mut pos = 2;
    let mut exif = None;
    let mut frame = None;
    let mut arithmetic_tables = false;
    loop {
        if pos >= bytes.len() {
            return Err(PhotoError::truncated().with_detail("file ends inside the JPEG header"));
        }
        if bytes[pos] != 0xFF {
            return Err(PhotoError::damaged().with_detail("JPEG header: marker expected"));
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while pos < bytes.len() && bytes[pos] == 0xFF {
            pos += 1;
        }
        let Some(&marker) = bytes.get(pos) else {
            return Err(PhotoError::truncated());
        };
        pos += 1;
        match marker {
            // Markers without a length.
            0x01 | 0xD0..=0xD8 => continue,
            0xD9 => break,
            _ => {}
        }
        let Some(len) = bytes.get(pos..pos + 2) else {
            return Err(PhotoError::truncated());
        };
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        if len < 2 {
            return Err(PhotoError::damaged().with_detail("JPEG segment length below 2"));
        }
        let Some(data) = bytes.get(pos + 2..pos + len) else {
            return Err(PhotoError::truncated());
        };
        match marker {
            0xE1 if exif.is_none() && data.starts_with(b"Exif\0") && data.len() > 6 => {
                exif = Some(&data[6..]);
            }
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if data.len() < 6 {
                    return Err(PhotoError::damaged().with_detail("JPEG frame header too short"));
                }
                frame = Some((
                    data[0],
                    u32::from(u16::from_be_bytes([data[1], data[2]])),
                    u32::from(u16::from_be_bytes([data[3], data[4]])),
                    marker,
                    data[5],
                ));
                // EXIF comes before the frame header (the EXIF standard
                // puts APP1 right after SOI): nothing more to read.
                break;
            }
            0xCC => arithmetic_tables = true,
            0xDA => break,
            _ => {}
        }
        pos += len;
    }
    let Some((precision, height, width, sof, components)) = frame else {
        return Err(PhotoError::damaged().with_detail("JPEG without a frame header"));
    };
    Ok(JpegHeader {
        width,
        height,
        precision,
        exif,
        sof,
        components,
        arithmetic_tables,
    })
}

/// The EXIF orientation tag; anything missing or unreadable counts as upright,
/// since broken metadata is no reason to refuse a photo.
pub(crate) fn exif_orientation(tiff: &[u8]) -> Orientation {
    let tag = exif::Reader::new()
        .read_raw(tiff.to_vec())
        .ok()
        .and_then(|exif| {
            exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .and_then(|field| field.value.get_uint(0))
        });
    match tag {
        Some(value) => u8::try_from(value)
            .ok()
            .and_then(Orientation::from_exif)
            .unwrap_or(Orientation::NoTransforms),
        // kamadak-exif refuses a whole block for one bad IFD; image's reader
        // looks at the orientation entry only.
        None => Orientation::from_exif_chunk(tiff).unwrap_or(Orientation::NoTransforms),
    }
}

/// Size and orientation of a PNG or WebP from `image`'s decoders, which read
/// only the chunks before the pixel data.
fn image_header(bytes: &[u8], format: Format) -> Result<(u32, u32, Orientation), PhotoError> {
    // `exif`: the EXIF read already (WebP), else asked of the decoder (PNG's eXIf chunk,
    // read bounded by the file).
    let header = |mut decoder: Box<dyn ImageDecoder + '_>, exif: Option<Option<&[u8]>>| {
        let (w, h) = decoder.dimensions();
        // Read through the same EXIF parser as JPEG; some writers wrongly
        // keep JPEG's "Exif\0\0" prefix in a PNG eXIf or WebP EXIF chunk.
        let exif = match exif {
            Some(exif) => exif.map(<[u8]>::to_vec),
            None => decoder.exif_metadata().ok().flatten(),
        };
        let orientation = exif.as_deref().map_or(Orientation::NoTransforms, |exif| {
            exif_orientation(exif.strip_prefix(b"Exif\0\0").unwrap_or(exif))
        });
        (w, h, orientation)
    };
    let result = match format {
        Format::Png => {
            // Without its colour profile, which the decoder would inflate unbounded.
            let (png, _) = crate::photos::metadata::png_without_iccp(bytes);
            image::codecs::png::PngDecoder::with_limits(Cursor::new(&*png), image_limits())
                .map(|d| header(Box::new(d), None))
        }
        Format::Webp => {
            // The EXIF chunk read here: the decoder allocates what its header claims.
            let exif = crate::photos::metadata::webp_chunk(bytes, b"EXIF");
            image::codecs::webp::WebPDecoder::new(Cursor::new(bytes))
                .map(|d| header(Box::new(d), Some(exif)))
        }
        Format::Jpeg => unreachable!("JPEG headers are read by jpeg_header"),
    };
    result.map_err(|err| cut_off_or(bytes, format, image_error(err)))
}

/// Whether a photo's bytes run to the format's end marker: a JPEG ends with EOI
/// (`FF D9`, perhaps followed by padding), a PNG with its `IEND` chunk, a WebP's RIFF
/// size matches the file. `check` uses it to find photos cut off in copying without
/// decoding them.
pub fn is_complete(bytes: &[u8], format: Format) -> bool {
    match format {
        // Entropy-coded data stuffs every FF with 00, so FF D9 near the end can only be
        // the marker; some cameras pad a few bytes after it.
        Format::Jpeg => bytes[bytes.len().saturating_sub(64)..]
            .windows(2)
            .any(|w| w == [0xFF, 0xD9]),
        Format::Png => {
            bytes.len() >= 12 && bytes[bytes.len() - 12..].windows(4).any(|w| w == b"IEND")
        }
        Format::Webp => {
            bytes.len() >= 8
                && u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize + 8
                    <= bytes.len()
        }
    }
}

#[cfg(test)]
mod tests {
    use image::metadata::Orientation;

    use crate::photos::error::ErrorKind;
    use crate::photos::format::Format;
    use crate::photos::probe::probe;
    use crate::photos::testutil;

    #[test]
    fn probe_reads_jpeg_png_webp_headers() {
        let rgb = testutil::textured(64, 48, 1);
        let jpeg = testutil::jpeg(&rgb, 90);
        let info = probe(&jpeg).unwrap();
        assert_eq!(
            (info.format, info.width, info.height),
            (Format::Jpeg, 64, 48)
        );
        let png = testutil::png(&image::DynamicImage::ImageRgb8(rgb.clone()));
        let info = probe(&png).unwrap();
        assert_eq!(
            (info.format, info.width, info.height),
            (Format::Png, 64, 48)
        );
        let webp = testutil::webp(&rgb);
        let info = probe(&webp).unwrap();
        assert_eq!(
            (info.format, info.width, info.height),
            (Format::Webp, 64, 48)
        );
    }

    #[test]
    fn probe_swaps_width_and_height_for_rotated_photos() {
        let rgb = testutil::textured(64, 48, 2);
        let plain = testutil::jpeg(&rgb, 90);
        for value in 1..=8u16 {
            let jpeg = testutil::with_exif(&plain, &testutil::exif_tiff(value, true));
            let info = probe(&jpeg).unwrap();
            let expected = if value >= 5 { (48, 64) } else { (64, 48) };
            assert_eq!((info.width, info.height), expected, "orientation {value}");
            assert_eq!(Some(info.orientation), Orientation::from_exif(value as u8));
        }
        let png = testutil::png_with_exif(
            &image::DynamicImage::ImageRgb8(rgb.clone()),
            &testutil::exif_tiff(6, false),
        );
        let info = probe(&png).unwrap();
        assert_eq!((info.width, info.height), (48, 64));
        let webp = testutil::webp_with_exif(&rgb, &testutil::exif_tiff(8, false));
        let info = probe(&webp).unwrap();
        assert_eq!((info.width, info.height), (48, 64));
        assert_eq!(info.orientation, Orientation::Rotate270);
    }

    #[test]
    fn broken_exif_counts_as_upright() {
        let plain = testutil::jpeg(&testutil::textured(32, 16, 3), 90);
        let jpeg = testutil::with_exif(&plain, b"II*\0\xff\xff\xff\xffgarbage");
        let info = probe(&jpeg).unwrap();
        assert_eq!((info.width, info.height), (32, 16));
    }

    #[test]
    fn probe_refuses_over_50_megapixels_from_the_header_alone() {
        // A JPEG header claiming 10000×6000 followed by nothing: refused
        // before any decoder sees it.
        let jpeg = testutil::jpeg_header_only(10000, 6000);
        let err = probe(&jpeg).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooLarge);
        assert_eq!(
            err.to_string(),
            "the photo is 60 megapixels; the limit is 50: make it smaller"
        );
        // A PNG decompression bomb: 8000×7000 of zeros compresses to a few KB.
        let bomb = testutil::png(&image::DynamicImage::ImageLuma8(image::GrayImage::new(
            8000, 7000,
        )));
        assert!(bomb.len() < 56_000_000 / 100, "{} bytes", bomb.len());
        assert_eq!(probe(&bomb).unwrap_err().kind, ErrorKind::TooLarge);
    }

    #[test]
    fn probe_names_formats_it_cannot_read() {
        let cases: &[(&[u8], ErrorKind)] = &[
            (b"", ErrorKind::Empty),
            (b"<html><body>Not found</body></html>", ErrorKind::NotAPhoto),
            (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", ErrorKind::Heic),
            (b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic", ErrorKind::Heic),
            (
                b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf",
                ErrorKind::OtherFormat,
            ),
            (
                b"\0\0\0\x18ftypisom\0\0\0\0isommp41",
                ErrorKind::OtherFormat,
            ),
            (b"GIF89a\x01\0\x01\0", ErrorKind::OtherFormat),
        ];
        for (bytes, kind) in cases {
            let err = probe(bytes).unwrap_err();
            assert_eq!(err.kind, *kind, "{:?}", String::from_utf8_lossy(bytes));
        }
        let heic = probe(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").unwrap_err();
        assert_eq!(
            heic.to_string(),
            "this is an iPhone HEIC photo: save it as JPEG (most phones: Share → Save as JPEG)"
        );
    }

    #[test]
    fn probe_of_a_cut_header_is_truncated() {
        let jpeg = testutil::jpeg(&testutil::textured(64, 48, 4), 90);
        for cut in [2, 3, 10, 30] {
            let err = probe(&jpeg[..cut]).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Truncated, "cut at {cut}");
        }
    }
}
