//! The same catalog as a Hugo site, for comparison: a page bundle per product whose
//! photos Hugo's own image processing turns into the same widths as WebP and JPEG at
//! the same quality, a list page per village, and the home page.
//!
//! Hugo 0.111 (Debian 12's) does not turn photos upright by their EXIF orientation
//! (`images.AutoOrient` came in 0.121), so it does a little less work per portrait.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether a `hugo` is on the PATH, and its version line.
pub fn version() -> Option<String> {
    let out = Command::new("hugo").arg("version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Writes a Hugo site for the etalase catalog `catalog` into `site` (replacing it),
/// photos hard-linked (copied where linking fails). Returns the site folder.
pub fn make_site(catalog: &Path, site: &Path, widths: &[u32], quality: u8) -> PathBuf {
    if site.exists() {
        fs::remove_dir_all(site).unwrap();
    }
    let content = site.join("content");
    fs::create_dir_all(site.join("layouts/_default")).unwrap();
    fs::create_dir_all(&content).unwrap();
    let title = field(
        &fs::read_to_string(catalog.join("catalog.yaml")).unwrap(),
        "title",
    );
    fs::write(
        site.join("config.toml"),
        format!(
            "baseURL = \"https://contoh.github.io/katalog/\"\ntitle = {title:?}\nlanguageCode = \"id\"\n\
             disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n\n[imaging]\nquality = {quality}\n\
             resampleFilter = \"Lanczos\"\nhint = \"photo\"\n"
        ),
    )
    .unwrap();
    let widths = widths
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    fs::write(
        site.join("layouts/_default/single.html"),
        SINGLE.replace("WIDTHS", &widths),
    )
    .unwrap();
    fs::write(site.join("layouts/_default/list.html"), LIST).unwrap();
    fs::write(
        content.join("_index.md"),
        format!("---\ntitle: {title:?}\n---\n"),
    )
    .unwrap();

    for village in sorted_dirs(catalog) {
        let Ok(yaml) = fs::read_to_string(village.join("village.yaml")) else {
            continue;
        };
        let vout = content.join(village.file_name().unwrap());
        fs::create_dir_all(&vout).unwrap();
        let story = fs::read_to_string(village.join("index.md")).unwrap_or_default();
        fs::write(
            vout.join("_index.md"),
            format!("---\ntitle: {:?}\n---\n{story}", field(&yaml, "name")),
        )
        .unwrap();
        for product in sorted_dirs(&village) {
            let Ok(yaml) = fs::read_to_string(product.join("product.yaml")) else {
                continue;
            };
            let pout = vout.join(product.file_name().unwrap());
            fs::create_dir_all(&pout).unwrap();
            let description = fs::read_to_string(product.join("index.md")).unwrap_or_default();
            fs::write(
                pout.join("index.md"),
                format!(
                    "---\ntitle: {:?}\nprice: {}\nunit: {:?}\ncategory: {}\n---\n{description}",
                    field(&yaml, "name"),
                    field(&yaml, "price"),
                    field(&yaml, "unit"),
                    field(&yaml, "category"),
                ),
            )
            .unwrap();
            for photo in fs::read_dir(&product).unwrap().flatten() {
                let name = photo.file_name();
                if name
                    .to_string_lossy()
                    .to_ascii_lowercase()
                    .ends_with(".jpg")
                {
                    let to = pout.join(&name);
                    if fs::hard_link(photo.path(), &to).is_err() {
                        fs::copy(photo.path(), &to).unwrap();
                    }
                }
            }
        }
    }
    site.to_path_buf()
}

/// The `hugo` command that builds `site`, with its image cache inside the site.
pub fn command(site: &Path) -> Command {
    let mut cmd = Command::new("hugo");
    cmd.arg("--quiet")
        .arg("--source")
        .arg(site)
        .arg("--destination")
        .arg(site.join("public"))
        .arg("--cacheDir")
        .arg(site.join(".hugo-cache"));
    cmd
}

/// Removes what Hugo keeps between builds: the output and the processed images.
pub fn clean(site: &Path) {
    for dir in ["public", "resources", ".hugo-cache"] {
        let _ = fs::remove_dir_all(site.join(dir));
    }
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The value of a top-level `key: value` line of a YAML file the generator wrote.
fn field(yaml: &str, key: &str) -> String {
    yaml.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .map(|v| v.trim().trim_matches('"').to_string())
        .unwrap_or_default()
}

const SINGLE: &str = r#"<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><p><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
<h1>{{ .Title }}</h1><p>Rp{{ .Params.price }} / {{ .Params.unit }}</p>
{{ range .Resources.ByType "image" }}{{ $img := . }}
<picture>
{{ $webp := slice }}{{ $jpeg := slice }}
{{ range (split "WIDTHS" " ") }}
  {{ $w := . }}
  {{ $webp = $webp | append (printf "%s %sw" ($img.Resize (printf "%sx webp" $w)).RelPermalink $w) }}
  {{ $jpeg = $jpeg | append (printf "%s %sw" ($img.Resize (printf "%sx jpg" $w)).RelPermalink $w) }}
{{ end }}
<source type="image/webp" srcset="{{ delimit $webp ", " }}">
<img srcset="{{ delimit $jpeg ", " }}" alt="{{ $.Title }}">
</picture>
{{ end }}
{{ .Content }}
</body></html>
"#;

const LIST: &str = r#"<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.price }} Rp{{ . }}{{ end }}</li>{{ end }}</ul>
</body></html>
"#;
