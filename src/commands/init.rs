//! `etalase init DIR`: a new catalog repository, ready to publish.
//!
//! It holds `content/` with a commented `catalog.yaml` and one example village and
//! product (with a small photo drawn here) to replace, a `.gitignore` for what builds
//! leave behind, a README in Indonesian, and the deploy recipes for the free hosts:
//! GitHub Actions workflows for GitHub Pages and Cloudflare Pages, `.gitlab-ci.yml` for
//! GitLab Pages and `netlify.toml` for Netlify (Codeberg Pages is described in the
//! README). Every recipe downloads this version's release of etalase and keeps its
//! photo cache, `.etalase-cache/`, between runs. The files are the templates under
//! `templates/init/`, compiled into the binary; `docs/publishing.md` explains each host.

use crate::commands::Outcome;
use crate::diag::fsio;
use crate::diag::{Lang, Text};
use crate::text;
use std::path::{Path, PathBuf};

/// The GitHub repository whose releases the recipes download etalase from (archives
/// named by `.github/workflows/release.yml`).
pub const RELEASES_REPO: &str = "etalase-id/etalase";

/// The files of a new repository: (path in it, template). `@ETALASE_VERSION@` and
/// `@ETALASE_REPO@` are filled in.
const FILES: &[(&str, &str)] = &[
    (".gitignore", include_str!("../../templates/init/gitignore")),
    ("README.md", include_str!("../../templates/init/README.md")),
    (
        "content/catalog.yaml",
        include_str!("../../templates/init/content/catalog.yaml"),
    ),
    (
        "content/desa-contoh/village.yaml",
        include_str!("../../templates/init/content/desa-contoh/village.yaml"),
    ),
    (
        "content/desa-contoh/index.md",
        include_str!("../../templates/init/content/desa-contoh/index.md"),
    ),
    (
        "content/desa-contoh/produk-contoh/product.yaml",
        include_str!("../../templates/init/content/desa-contoh/produk-contoh/product.yaml"),
    ),
    (
        "content/desa-contoh/produk-contoh/index.md",
        include_str!("../../templates/init/content/desa-contoh/produk-contoh/index.md"),
    ),
    (
        ".github/workflows/pages.yml",
        include_str!("../../templates/init/github/pages.yml"),
    ),
    (
        ".github/workflows/cloudflare-pages.yml",
        include_str!("../../templates/init/github/cloudflare-pages.yml"),
    ),
    (
        ".gitlab-ci.yml",
        include_str!("../../templates/init/gitlab-ci.yml"),
    ),
    (
        "netlify.toml",
        include_str!("../../templates/init/netlify.toml"),
    ),
];

/// The example product's photo.
const PHOTO: &str = "content/desa-contoh/produk-contoh/foto.jpg";

/// Why a repository could not be made (exit status 2).
#[derive(Debug)]
pub enum InitError {
    /// The folder exists and holds something besides `.git`; the name of a folder
    /// beside it that does not exist yet, to suggest.
    NotEmpty(PathBuf, String),
    Io(fsio::IoError),
}

impl InitError {
    pub fn text(&self) -> Text {
        match self {
            InitError::NotEmpty(p, free) => {
                let p = crate::diag::display_path(p);
                text!(
                    en: "{p} is not empty: etalase init never overwrites files; name a new folder, like `etalase init {free}`",
                    id: "{p} tidak kosong: etalase init tidak pernah menimpa file; sebut folder baru, misalnya `etalase init {free}`",
                )
            }
            InitError::Io(e) => e.text(),
        }
    }
}

impl From<fsio::IoError> for InitError {
    fn from(e: fsio::IoError) -> Self {
        InitError::Io(e)
    }
}

/// A folder name beside `dir` that is not taken, to suggest instead of it: never the
/// name that just failed (`katalog-kami`, else `katalog-kami-2`, …).
fn free_name(dir: &Path) -> String {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let taken =
        |name: &str| dir.file_name().is_some_and(|n| n == name) || parent.join(name).exists();
    let shown = |name: &str| {
        let path = parent.join(name);
        match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => crate::diag::display_path(&path),
            _ => name.to_string(),
        }
    };
    let name = (1..)
        .map(|n| match n {
            1 => "katalog-kami".to_string(),
            n => format!("katalog-kami-{n}"),
        })
        .find(|name| !taken(name))
        .unwrap_or_default();
    shown(&name)
}

/// `etalase init DIR`: makes the repository and says what to do next.
pub fn command(dir: &Path, lang: Lang) -> Outcome {
    match init(dir) {
        Ok(files) => {
            let shown = crate::diag::display_path(dir);
            let count = files.len();
            let done = text!(
                en: "made {shown}/ with {count} files: an example catalog in content/ and the deploy recipes",
                id: "selesai: {shown}/ berisi {count} file: contoh katalog di content/ dan resep terbit",
            );
            let next = text!(
                en: "next: cd {shown}, replace the example village and product, run `etalase check`, then publish as README.md says",
                id: "berikutnya: cd {shown}, ganti contoh desa dan produk, jalankan `etalase check`, lalu terbitkan seperti tertulis di README.md",
            );
            println!("{}\n{}", done.get(lang), next.get(lang));
            Outcome::Done
        }
        Err(e) => {
            crate::commands::report::failure(&e.text(), lang);
            Outcome::CouldNotRun
        }
    }
}

/// Makes the repository in `dir`, which must not exist or be empty (a fresh `git
/// clone` of an empty repository, holding only `.git`, counts as empty). Returns the
/// files written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<String>, InitError> {
    if dir.exists() {
        let busy = !dir.is_dir()
            || std::fs::read_dir(dir)
                .map_err(|source| fsio::IoError {
                    path: dir.to_path_buf(),
                    action: "read",
                    source,
                })?
                .flatten()
                .any(|e| e.file_name() != ".git");
        if busy {
            return Err(InitError::NotEmpty(dir.to_path_buf(), free_name(dir)));
        }
    }
    let version = format!("v{}", env!("CARGO_PKG_VERSION"));
    let mut written = Vec::new();
    for (rel, template) in FILES {
        let text = template
            .replace("@ETALASE_VERSION@", &version)
            .replace("@ETALASE_REPO@", RELEASES_REPO);
        put(dir, rel, text.as_bytes())?;
        written.push(rel.to_string());
    }
    put(dir, PHOTO, &example_photo())?;
    written.push(PHOTO.to_string());
    Ok(written)
}

fn put(dir: &Path, rel: &str, bytes: &[u8]) -> fsio::Result<()> {
    let path = crate::output::paths::out_path(dir, rel);
    if let Some(parent) = path.parent() {
        fsio::create_dir_all(parent)?;
    }
    fsio::write(&path, bytes)
}

/// An 800×600 JPEG of a paper pouch on a table, drawn here, so the example product
/// goes through the photo pipeline like a real one.
fn example_photo() -> Vec<u8> {
    let (w, h) = (800u32, 600u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let in_pouch = (0.35..0.65).contains(&fx) && (0.25..0.85).contains(&fy);
        let label = (0.40..0.60).contains(&fx) && (0.45..0.62).contains(&fy);
        if label {
            image::Rgb([250, 244, 230])
        } else if in_pouch {
            let shade = (fx - 0.35) / 0.3;
            image::Rgb([
                (176.0 - 40.0 * shade) as u8,
                (120.0 - 30.0 * shade) as u8,
                70,
            ])
        } else if fy > 0.8 {
            image::Rgb([120, 84, 52])
        } else {
            let t = fy / 0.8;
            image::Rgb([(236.0 - 30.0 * t) as u8, (226.0 - 30.0 * t) as u8, 206])
        }
    });
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    // Encoding an in-memory image into a Vec cannot fail.
    let _ = img.write_with_encoder(encoder);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_with_files_but_takes_an_empty_clone() {
        let tmp = tempfile::tempdir().unwrap();
        let clone = tmp.path().join("clone");
        std::fs::create_dir_all(clone.join(".git")).unwrap();
        assert!(init(&clone).is_ok());
        let busy = tmp.path().join("busy");
        std::fs::create_dir_all(&busy).unwrap();
        std::fs::write(busy.join("notes.txt"), "mine").unwrap();
        let err = init(&busy).unwrap_err();
        assert!(matches!(err, InitError::NotEmpty(..)));
        assert!(err.text().id.contains("tidak kosong"));
        assert_eq!(
            std::fs::read_to_string(busy.join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_dir(&busy).unwrap().count(), 1);

        // The folder suggested instead is free, never the one that failed.
        let kami = tmp.path().join("katalog-kami");
        std::fs::create_dir_all(&kami).unwrap();
        std::fs::write(kami.join("notes.txt"), "mine").unwrap();
        let err = init(&kami).unwrap_err();
        let suggested = tmp.path().join("katalog-kami-2");
        let shown = crate::diag::display_path(&suggested);
        assert!(
            err.text().en.contains(&format!("`etalase init {shown}`")),
            "{}",
            err.text().en
        );
    }

    #[test]
    fn the_recipes_name_this_version() {
        let tmp = tempfile::tempdir().unwrap();
        let files = init(&tmp.path().join("k")).unwrap();
        assert!(files.contains(&".gitlab-ci.yml".to_string()));
        for rel in files.iter().filter(|f| !f.ends_with(".jpg")) {
            let text = std::fs::read_to_string(tmp.path().join("k").join(rel)).unwrap();
            assert!(!text.contains("@ETALASE_"), "{rel}");
        }
        let ci = std::fs::read_to_string(tmp.path().join("k/.gitlab-ci.yml")).unwrap();
        assert!(ci.contains(&format!("\"v{}\"", env!("CARGO_PKG_VERSION"))));
    }
}
