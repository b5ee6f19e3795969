//! Metadata read straight from a photo's bytes, never allocating more than a bound: the
//! colour profile (ICC) of a PNG (`iCCP`, inflated to at most [`MAX_ICC_BYTES`]) or a
//! WebP (`ICCP`), and a WebP's EXIF. The decoders of `image` would read these too, but
//! without a bound of their own: `png` inflates a profile up to the whole allocation
//! limit of the photo (a 255 KB file took 533 MB), and `image-webp` allocates what a
//! chunk header claims before reading it. So the profile is taken out of a PNG before
//! its decoder sees it, and a WebP's chunks are read here. (A JPEG's profile comes in
//! 64 KB segments, at most 255 of them: `jpeg-decoder` reads it, bounded by the file.)

use std::borrow::Cow;

use crate::photos::limits::MAX_ICC_BYTES;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The chunks of a PNG up to its first `IDAT`: (offset of the chunk, its type, its data).
/// Stops quietly at anything malformed, which the decoder then reports.
fn png_chunks(bytes: &[u8]) -> impl Iterator<Item = (usize, [u8; 4], &[u8])> {
    let mut pos = PNG_SIGNATURE.len();
    std::iter::from_fn(move || {
        let head = bytes.get(pos..pos + 8)?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = [head[4], head[5], head[6], head[7]];
        if &kind == b"IDAT" || &kind == b"IEND" {
            return None;
        }
        let data = bytes.get(pos + 8..(pos + 8).checked_add(len)?)?;
        let at = pos;
        pos = pos + 12 + len;
        Some((at, kind, data))
    })
}

/// A PNG without its `iCCP` chunks, for the decoder, and the profile they held (the
/// first), inflated to at most [`MAX_ICC_BYTES`]; `None` when there is none, or it is
/// damaged or larger (the photo is then shown as sRGB). Borrowed when there is no
/// profile to take out, the common case.
pub(crate) fn png_without_iccp(bytes: &[u8]) -> (Cow<'_, [u8]>, Option<Vec<u8>>) {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return (Cow::Borrowed(bytes), None);
    }
    let found: Vec<(usize, &[u8])> = png_chunks(bytes)
        .filter(|(_, kind, _)| kind == b"iCCP")
        .map(|(at, _, data)| (at, data))
        .collect();
    let Some(&(_, first)) = found.first() else {
        return (Cow::Borrowed(bytes), None);
    };
    let mut rest = Vec::with_capacity(bytes.len());
    let mut from = 0;
    for (at, data) in &found {
        rest.extend_from_slice(&bytes[from..*at]);
        from = at + 12 + data.len();
    }
    rest.extend_from_slice(&bytes[from..]);
    (Cow::Owned(rest), iccp_profile(first))
}

/// An `iCCP` chunk's data: a name of 1 to 79 bytes, a zero, the compression method (0,
/// zlib), the compressed profile.
fn iccp_profile(data: &[u8]) -> Option<Vec<u8>> {
    let name_end = data.iter().take(80).position(|&b| b == 0)?;
    if name_end == 0 || data.get(name_end + 1) != Some(&0) {
        return None;
    }
    fdeflate::decompress_to_vec_bounded(&data[name_end + 2..], MAX_ICC_BYTES).ok()
}

/// The data of the first chunk `fourcc` of a WebP (RIFF) file; `None` when there is none
/// or it claims more bytes than the file holds.
pub(crate) fn webp_chunk<'a>(bytes: &'a [u8], fourcc: &[u8; 4]) -> Option<&'a [u8]> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return None;
    }
    let mut pos = 12usize;
    while let Some(head) = bytes.get(pos..pos + 8) {
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let data = bytes.get(pos + 8..(pos + 8).checked_add(len)?)?;
        if &head[..4] == fourcc {
            return Some(data);
        }
        // Chunks are padded to an even length.
        pos = pos + 8 + len + (len & 1);
    }
    None
}

/// A WebP's colour profile, when it holds one no larger than [`MAX_ICC_BYTES`].
pub(crate) fn webp_icc(bytes: &[u8]) -> Option<&[u8]> {
    webp_chunk(bytes, b"ICCP").filter(|icc| icc.len() <= MAX_ICC_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photos::testutil;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&[0; 4]); // CRC, not looked at here
        out
    }

    fn with_iccp(png: &[u8], compressed: &[u8]) -> Vec<u8> {
        let mut data = b"icc\0\0".to_vec();
        data.extend_from_slice(compressed);
        let ihdr_end = 8 + 12 + 13;
        let mut out = png[..ihdr_end].to_vec();
        out.extend(chunk(b"iCCP", &data));
        out.extend_from_slice(&png[ihdr_end..]);
        out
    }

    #[test]
    fn a_png_profile_is_taken_out_and_inflated_within_the_bound() {
        let png = testutil::png(&image::DynamicImage::ImageRgb8(testutil::textured(8, 8, 1)));
        let (same, none) = png_without_iccp(&png);
        assert!(matches!(same, Cow::Borrowed(_)) && none.is_none());

        let profile = vec![7u8; 3000];
        let tagged = with_iccp(&png, &fdeflate::compress_to_vec(&profile));
        let (rest, icc) = png_without_iccp(&tagged);
        assert_eq!(&*rest, &png[..]);
        assert_eq!(icc, Some(profile));

        // Inflating past the bound gives no profile, and the decoder never sees it.
        let huge = fdeflate::compress_to_vec(&vec![0u8; MAX_ICC_BYTES + 1]);
        let bomb = with_iccp(&png, &huge);
        let (rest, icc) = png_without_iccp(&bomb);
        assert_eq!(&*rest, &png[..]);
        assert_eq!(icc, None);
    }

    #[test]
    fn a_webp_chunk_claiming_more_than_the_file_is_not_read() {
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X".to_vec();
        webp.extend_from_slice(&10u32.to_le_bytes());
        webp.extend_from_slice(&[0; 10]);
        webp.extend_from_slice(b"ICCP");
        webp.extend_from_slice(&3u32.to_le_bytes());
        webp.extend_from_slice(b"abc\0");
        webp.extend_from_slice(b"EXIF");
        webp.extend_from_slice(&u32::MAX.to_le_bytes());
        webp.extend_from_slice(b"short");
        assert_eq!(webp_icc(&webp), Some(&b"abc"[..]));
        assert_eq!(webp_chunk(&webp, b"EXIF"), None);
    }
}
