//! The one error type of the photo pipeline: a sentence a volunteer can act on.

use crate::photos::format::{Format, looks_cut_off};
use image::ImageError;
use std::fmt;
use std::path::Path;

/// What went wrong, for callers that treat kinds differently (a bad photo is a
/// content problem; a cache that cannot be written means etalase could not run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file is empty.
    Empty,
    /// The bytes are not JPEG, PNG or WebP (text, random data, an unknown format).
    NotAPhoto,
    /// An iPhone-style HEIC/HEIF photo.
    Heic,
    /// Another known picture or media format etalase does not read (AVIF, GIF, TIFF, video...).
    OtherFormat,
    /// The file ends before the picture does.
    Truncated,
    /// More pixels than the pipeline accepts, or a shape no web page can show.
    TooLarge,
    /// A JPEG, PNG or WebP whose data is damaged or uses a feature the decoders lack.
    Damaged,
    /// The source file could not be read.
    ReadSource,
    /// The photo cache could not be written or read.
    Cache,
    /// A step that should not fail did (an encoder or resizer error): a bug.
    Internal,
}

impl ErrorKind {
    /// Whether the photo is at fault (a content problem at the photo: exit status 1)
    /// rather than the machine (the cache cannot be written: etalase could not run,
    /// exit status 2). The one place this is decided.
    pub fn is_content_problem(self) -> bool {
        !matches!(self, ErrorKind::Cache)
    }
}

/// A photo that could not be turned into web images.
///
/// `message` is one plain sentence that names the fix; `detail` keeps the
/// decoder's own words for `--verbose` output and bug reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoError {
    pub kind: ErrorKind,
    /// One sentence naming the fix; this is what `Display` prints.
    pub message: String,
    /// The same sentence in Bahasa Indonesia.
    pub message_id: String,
    /// The underlying decoder or system error, when there is one.
    pub detail: Option<String>,
}

impl PhotoError {
    pub(crate) fn new(
        kind: ErrorKind,
        message: impl Into<String>,
        message_id: impl Into<String>,
    ) -> PhotoError {
        PhotoError {
            kind,
            message: message.into(),
            message_id: message_id.into(),
            detail: None,
        }
    }

    /// The message in both interface languages.
    pub fn text(&self) -> crate::diag::Text {
        crate::diag::Text {
            en: self.message.clone(),
            id: self.message_id.clone(),
        }
    }

    pub(crate) fn with_detail(mut self, detail: impl fmt::Display) -> PhotoError {
        self.detail = Some(detail.to_string());
        self
    }

    pub(crate) fn empty() -> PhotoError {
        PhotoError::new(
            ErrorKind::Empty,
            "the file is empty (0 bytes): copy the photo from the phone again",
            "file ini kosong (0 byte): salin lagi fotonya dari HP",
        )
    }

    pub(crate) fn not_a_photo() -> PhotoError {
        PhotoError::new(
            ErrorKind::NotAPhoto,
            "this file is not a photo etalase can read (JPEG, PNG or WebP): save it again as JPEG",
            "file ini bukan foto yang bisa dibaca etalase (JPEG, PNG atau WebP): simpan ulang sebagai JPEG",
        )
    }

    pub(crate) fn heic() -> PhotoError {
        PhotoError::new(
            ErrorKind::Heic,
            "this is an iPhone HEIC photo: save it as JPEG (most phones: Share → Save as JPEG)",
            "ini foto HEIC dari iPhone: simpan sebagai JPEG (di kebanyakan HP: Bagikan → Simpan sebagai JPEG)",
        )
    }

    pub(crate) fn other_format(name: &str) -> PhotoError {
        PhotoError::new(
            ErrorKind::OtherFormat,
            format!("this is {name}, which etalase does not read: save it again as JPEG"),
            format!("ini file {name}, yang tidak dibaca etalase: simpan ulang sebagai JPEG"),
        )
    }

    pub(crate) fn video() -> PhotoError {
        PhotoError::new(
            ErrorKind::OtherFormat,
            "this is a video, not a photo: use a photo (JPEG, PNG or WebP) instead",
            "ini video, bukan foto: pakai foto (JPEG, PNG atau WebP)",
        )
    }

    pub(crate) fn rare_jpeg() -> PhotoError {
        PhotoError::new(
            ErrorKind::Damaged,
            "this JPEG uses a rare kind of compression etalase cannot read: open it and save it again as an ordinary JPEG",
            "JPEG ini memakai jenis kompresi langka yang tidak bisa dibaca etalase: buka lalu simpan ulang sebagai JPEG biasa",
        )
    }

    pub(crate) fn internal(what: impl fmt::Display) -> PhotoError {
        PhotoError::new(
            ErrorKind::Internal,
            format!(
                "etalase failed while {what}: this is a bug in etalase, please report it with the photo"
            ),
            format!(
                "etalase gagal saat {what}: ini kesalahan etalase, mohon laporkan bersama fotonya"
            ),
        )
    }

    pub(crate) fn truncated() -> PhotoError {
        PhotoError::new(
            ErrorKind::Truncated,
            "the photo is cut off (truncated): copy it from the phone again",
            "foto ini terpotong: salin lagi dari HP",
        )
    }

    pub(crate) fn damaged() -> PhotoError {
        PhotoError::new(
            ErrorKind::Damaged,
            "the photo is damaged and cannot be read: copy it from the phone again, or open it and save it again as JPEG",
            "foto ini rusak dan tidak bisa dibaca: salin lagi dari HP, atau buka lalu simpan ulang sebagai JPEG",
        )
    }

    pub(crate) fn too_many_pixels(width: u32, height: u32, limit_mp: u64) -> PhotoError {
        let mp = f64::from(width) * f64::from(height) / 1e6;
        // Rounding 50.006 to "50 megapixels; the limit is 50" would read as a
        // contradiction: just over the limit shows one decimal, rounded up.
        let shown = if mp.round() as u64 > limit_mp {
            format!("{mp:.0}")
        } else {
            format!("{:.1}", (mp * 10.0).ceil() / 10.0)
        };
        PhotoError::new(
            ErrorKind::TooLarge,
            format!("the photo is {shown} megapixels; the limit is {limit_mp}: make it smaller"),
            format!("foto ini {shown} megapiksel; batasnya {limit_mp}: perkecil ukurannya"),
        )
    }

    pub(crate) fn too_many_bytes(bytes: u64, limit: u64) -> PhotoError {
        // Shown in decimal megabytes, as phones and file managers show sizes; just over
        // the limit shows one decimal, rounded up, so it never reads as the limit itself.
        let mb = bytes as f64 / 1e6;
        let shown = format!("{:.1}", (mb * 10.0).ceil() / 10.0);
        let limit = limit / 1_000_000;
        PhotoError::new(
            ErrorKind::TooLarge,
            format!(
                "the photo is {shown} MB; the limit is {limit} MB: make it smaller (most phones: share it through WhatsApp or save a smaller copy)"
            ),
            format!(
                // A decimal comma, as Indonesian writes numbers.
                "foto ini {} MB; batasnya {limit} MB: perkecil ukurannya (di kebanyakan HP: bagikan lewat WhatsApp atau simpan salinan yang lebih kecil)",
                shown.replace('.', ",")
            ),
        )
    }

    pub(crate) fn too_large_to_open() -> PhotoError {
        PhotoError::new(
            ErrorKind::TooLarge,
            "the photo needs too much memory to open: make it smaller",
            "foto ini butuh terlalu banyak memori untuk dibuka: perkecil ukurannya",
        )
    }

    pub(crate) fn bad_shape(width: u32, height: u32) -> PhotoError {
        PhotoError::new(
            ErrorKind::TooLarge,
            format!(
                "the photo is {width}×{height} pixels, too long and narrow for a web page: crop it"
            ),
            format!(
                "foto ini {width}×{height} piksel, terlalu panjang dan sempit untuk halaman web: potong fotonya"
            ),
        )
    }

    pub(crate) fn read_source(path: &Path, err: &std::io::Error) -> PhotoError {
        PhotoError::new(
            ErrorKind::ReadSource,
            format!(
                "could not read {} ({err}): check that the file is there and readable",
                path.display()
            ),
            format!(
                "tidak bisa membaca {} ({err}): pastikan filenya ada dan bisa dibuka",
                path.display()
            ),
        )
    }

    /// The cache could not be written: not a content problem (see
    /// [`ErrorKind::is_content_problem`]); the detail names the path and the system's words.
    pub(crate) fn cache(path: &Path, err: &std::io::Error) -> PhotoError {
        // The cache's own errors name the path already (cache.rs `with_path`).
        let shown = path.display().to_string();
        let detail = match err.to_string() {
            e if e.starts_with(&shown) => e,
            e => format!("{shown}: {e}"),
        };
        PhotoError::new(
            ErrorKind::Cache,
            format!(
                "could not write the photo cache at {} ({err}): check the disk has space and the folder is writable",
                path.display()
            ),
            format!(
                "tidak bisa menulis cache foto di {} ({err}): pastikan disk masih ada ruang dan folder bisa ditulisi",
                path.display()
            ),
        )
        .with_detail(detail)
    }
}

impl fmt::Display for PhotoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PhotoError {}

/// A PNG or WebP decode failure is reported as a cut-off file when the
/// container shows the end is missing: the WebP decoder calls a short file a
/// "corrupt bitstream", which would send the volunteer the wrong way.
pub(crate) fn cut_off_or(bytes: &[u8], format: Format, err: PhotoError) -> PhotoError {
    if err.kind == crate::photos::ErrorKind::Damaged && looks_cut_off(bytes, format) {
        PhotoError {
            detail: err.detail,
            ..PhotoError::truncated()
        }
    } else {
        err
    }
}

/// Maps `image`'s errors for PNG and WebP to a sentence.
pub(crate) fn image_error(err: ImageError) -> PhotoError {
    match &err {
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            PhotoError::truncated().with_detail(err)
        }
        ImageError::Limits(_) => PhotoError::too_large_to_open().with_detail(err),
        _ => {
            // The PNG and WebP decoders report a short file as a decoding
            // error whose text says so.
            let text = err.to_string().to_ascii_lowercase();
            if text.contains("end of file") || text.contains("eof") || text.contains("truncated") {
                PhotoError::truncated().with_detail(err)
            } else {
                PhotoError::damaged().with_detail(err)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::photos::error::PhotoError;

    #[test]
    fn megapixel_message_never_contradicts_itself() {
        let over = PhotoError::too_many_pixels(7071, 7072, 50);
        assert_eq!(
            over.to_string(),
            "the photo is 50.1 megapixels; the limit is 50: make it smaller"
        );
        let sixty = PhotoError::too_many_pixels(10000, 6000, 50);
        assert_eq!(
            sixty.to_string(),
            "the photo is 60 megapixels; the limit is 50: make it smaller"
        );
    }
}
