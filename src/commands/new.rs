//! `etalase new`: scaffolds a village or product folder with a commented YAML file
//! (every field explained in Indonesian, for volunteers) and an `index.md` to fill in.

use crate::catalog::values::slug::slugify;
use crate::commands::Outcome;
use crate::diag::{Lang, Text, fsio};
use crate::text;
use std::path::{Path, PathBuf};

/// Why a scaffold could not be made (exit status 2: nothing was written).
#[derive(Debug)]
pub enum NewError {
    EmptyName,
    Exists(PathBuf),
    NoVillage { name: String, known: Vec<String> },
    Io(fsio::IoError),
}

impl NewError {
    /// The failure in the volunteer's language.
    pub fn text(&self) -> Text {
        match self {
            NewError::EmptyName => text!(
                en: "the name has no letters or digits to make a folder name from",
                id: "nama itu tidak punya huruf atau angka untuk dijadikan nama folder"
            ),
            NewError::Exists(p) => {
                let p = crate::diag::display_path(p);
                text!(
                    en: "{p} already exists: etalase never overwrites it; choose another name or edit that folder",
                    id: "{p} sudah ada: etalase tidak pernah menimpanya; pilih nama lain atau ubah folder itu"
                )
            }
            NewError::NoVillage { name, known } if known.is_empty() => text!(
                en: "there is no village {name:?} yet: make it first with `etalase new village {name:?}`",
                id: "belum ada desa {name:?}: buat dulu dengan `etalase new village {name:?}`"
            ),
            NewError::NoVillage { name, known } => {
                let known = known.join(", ");
                text!(
                    en: "there is no village {name:?}; the villages are: {known}",
                    id: "tidak ada desa {name:?}; desa yang ada: {known}"
                )
            }
            NewError::Io(e) => e.text(),
        }
    }
}

/// `etalase new village NAME` (`village` is `None`) and `etalase new product VILLAGE
/// NAME`: the folder made, and what to do next.
pub fn command(content: &Path, village: Option<&str>, name: &str, lang: Lang) -> Outcome {
    let made = match village {
        None => self::village(content, name),
        Some(v) => product(content, v, name),
    };
    match made {
        Ok(Made {
            dir,
            file,
            completed,
        }) => {
            let dir = crate::diag::display_path(&dir);
            let (made, next) = if completed {
                (
                    text!(
                        en: "added {dir}/{file}: the folder was there, its files are kept",
                        id: "ditambahkan: {dir}/{file}: foldernya sudah ada, isinya tetap"
                    ),
                    text!(
                        en: "next: fill in {file} there, then run `etalase check`",
                        id: "berikutnya: isi {file} di sana, lalu jalankan `etalase check`"
                    ),
                )
            } else {
                (
                    text!(en: "made {dir}/", id: "dibuat: {dir}/"),
                    text!(
                        en: "next: fill in the YAML file there, add photos, then run `etalase check`",
                        id: "berikutnya: isi file YAML di sana, tambahkan foto, lalu jalankan `etalase check`"
                    ),
                )
            };
            println!("{}\n{}", made.get(lang), next.get(lang));
            Outcome::Done
        }
        Err(e) => {
            crate::commands::report::failure(&e.text(), lang);
            Outcome::CouldNotRun
        }
    }
}

impl From<fsio::IoError> for NewError {
    fn from(e: fsio::IoError) -> Self {
        NewError::Io(e)
    }
}

/// What `new` made: the folder, its YAML file, and whether the folder was there
/// already (photos copied in first) and only lacked that file.
#[derive(Debug)]
pub struct Made {
    pub dir: PathBuf,
    pub file: &'static str,
    pub completed: bool,
}

/// Makes `<content>/<slug>/` with `village.yaml` and `index.md`, or adds them to the
/// folder when it lacks its `village.yaml`.
pub fn village(content: &Path, name: &str) -> Result<Made, NewError> {
    let name = name.trim();
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(NewError::EmptyName);
    }
    let dir = content.join(&slug);
    make(dir, "village.yaml", &village_yaml(name), VILLAGE_MD)
}

/// Makes `<content>/<village>/<slug>/` with `product.yaml` and `index.md` (or adds
/// them to the folder when it lacks its `product.yaml`). `village` may be the folder
/// name or the village's name as typed.
pub fn product(content: &Path, village: &str, name: &str) -> Result<Made, NewError> {
    let name = name.trim();
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(NewError::EmptyName);
    }
    let village_dir = find_village(content, village)?;
    let dir = village_dir.join(&slug);
    let categories = catalog_categories(content);
    make(
        dir,
        "product.yaml",
        &product_yaml(name, &categories),
        PRODUCT_MD,
    )
}

/// Makes `dir` with `file` holding `yaml` and an `index.md`. A folder that is there
/// without its `file` — photos copied from a phone first — gets the two files, never
/// overwriting one; a folder that has its `file` is refused.
fn make(dir: PathBuf, file: &'static str, yaml: &str, md: &str) -> Result<Made, NewError> {
    let completed = dir.is_dir();
    if completed && std::fs::symlink_metadata(dir.join(file)).is_ok() || dir.exists() && !completed
    {
        return Err(NewError::Exists(dir));
    }
    fsio::create_dir_all(&dir)?;
    fsio::write(&dir.join(file), yaml.as_bytes())?;
    if std::fs::symlink_metadata(dir.join("index.md")).is_err() {
        fsio::write(&dir.join("index.md"), md.as_bytes())?;
    }
    Ok(Made {
        dir,
        file,
        completed,
    })
}

/// The village folder for what the volunteer typed: the folder name, or any name whose
/// slug matches a village folder's.
fn find_village(content: &Path, typed: &str) -> Result<PathBuf, NewError> {
    let want = slugify(typed);
    let mut known = Vec::new();
    if let Ok(entries) = std::fs::read_dir(content) {
        let mut dirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join("village.yaml").is_file() || p.join("index.md").is_file())
            .collect();
        dirs.sort();
        for d in dirs {
            let folder = d
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if crate::catalog::load::is_ignored(&folder) {
                continue;
            }
            if folder == typed || slugify(&folder) == want {
                return Ok(d);
            }
            known.push(folder);
        }
    }
    Err(NewError::NoVillage {
        name: typed.to_string(),
        known,
    })
}

/// The category keys of the catalog, for the comment in a new product; the defaults
/// when `catalog.yaml` cannot be read.
fn catalog_categories(content: &Path) -> Vec<String> {
    let from_catalog = std::fs::read_to_string(content.join("catalog.yaml"))
        .ok()
        .and_then(|t| {
            crate::catalog::yaml::parse::<crate::catalog::schema::RawCatalog>(
                t.trim_start_matches('\u{feff}'),
            )
            .ok()
        })
        .and_then(|c| c.categories)
        .map(|m| m.keys().cloned().collect::<Vec<_>>());
    from_catalog.unwrap_or_else(|| {
        crate::catalog::resolve::DEFAULT_CATEGORIES
            .iter()
            .map(|(k, _, _)| k.to_string())
            .collect()
    })
}

/// YAML needs quotes around a value that would otherwise read as something else
/// (`Tas: Batik`, `#1`, `yes`).
fn yaml_text(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || " -.,()'/&".contains(c))
        && !s.starts_with(['-', '\'', '&'])
        && !matches!(
            s.to_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off"
        )
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn village_yaml(name: &str) -> String {
    format!(
        r#"# Desa baru. Lengkapi baris-baris di bawah, lalu jalankan: etalase check
# Baris yang diawali tanda # adalah catatan: tidak dibaca etalase.
# Hapus tanda # di depan sebuah baris untuk memakainya.

name: {name}            # nama desa, seperti yang dilihat pembeli (wajib)
# district: Wuluhan          # kecamatan
# regency: Jember            # kabupaten atau kota
# province: Jawa Timur       # provinsi
# group: KUB Melati          # nama kelompok usaha (KUB) atau koperasi
# whatsapp: "0812-0000-1234" # nomor WhatsApp untuk pesanan semua produk desa ini (pakai tanda kutip)
# photos: [sampul.jpg]       # foto desa; kalau tidak ditulis, semua foto di folder ini dipakai
"#,
        name = yaml_text(name)
    )
}

fn product_yaml(name: &str, categories: &[String]) -> String {
    let default = if categories.iter().any(|c| c == "lainnya") {
        "lainnya".to_string()
    } else {
        categories
            .first()
            .cloned()
            .unwrap_or_else(|| "lainnya".into())
    };
    format!(
        r#"# Produk baru. Lengkapi baris-baris di bawah, lalu jalankan: etalase check
# Baris yang diawali tanda # adalah catatan: tidak dibaca etalase.
# Hapus tanda # di depan sebuah baris untuk memakainya.
# Foto: salin foto dari HP ke folder ini (JPG, PNG atau WebP).

name: {name}            # nama produk, seperti yang dilihat pembeli (wajib)
category: {default}     # pilih satu: {categories} (wajib)
# price: 12000               # harga dalam rupiah: 12000, "Rp 12.000" atau 12rb
# unit: bungkus 250 gram     # satuan yang dijual
# availability: tersedia     # tersedia, pre-order atau habis
# variants:                  # pilihan ukuran/rasa, masing-masing boleh punya harga
#   - {{ name: 250 gram, price: 12000 }}
#   - {{ name: 500 gram, price: 22000 }}
# photos: [depan.jpg, DSC_0042.JPG]  # urutan foto; kalau tidak ditulis, semua foto di folder ini
# tags: [renyah, tanpa pengawet]     # kata kunci
# maker: Ibu Siti            # pembuat
# added: 2026-05-01         # tanggal masuk katalog (tahun-bulan-tanggal), untuk feed produk baru
# name_en: Bitter Gourd Chips  # nama dalam bahasa Inggris, untuk situs `language: en`
#                              # (deskripsi bahasa Inggris: file index.en.md di folder ini)
# order:                     # tempat memesan; tanpa ini dipakai nomor WhatsApp desa atau katalog
#   whatsapp: "0812-0000-1234"
#   tokopedia: https://www.tokopedia.com/toko-anda/nama-produk
#   shopee: https://shopee.co.id/Nama-Produk-i.123.456
# labels:                    # izin dan sertifikat, tampil di halaman produk
#   pirt: "2063509010123-25" # nomor P-IRT
#   halal: "ID35110000123450521"
#   bpom: "MD 123456789012"
"#,
        name = yaml_text(name),
        categories = categories.join(", ")
    )
}

const VILLAGE_MD: &str = "<!-- Tulis cerita desa dan kelompok di bawah ini: siapa kalian, sejak kapan,\n     apa yang dibuat. Kalimat biasa saja; baris kosong memisahkan paragraf. -->\n";

const PRODUCT_MD: &str = "<!-- Tulis keterangan produk di bawah ini: bahan, ukuran, rasa, cara menyimpan.\n     Daftar bisa ditulis dengan tanda - di awal baris. -->\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_would_misread() {
        assert_eq!(yaml_text("Keripik Pare"), "Keripik Pare");
        assert_eq!(yaml_text("Tas: Batik"), "\"Tas: Batik\"");
        assert_eq!(yaml_text("yes"), "\"yes\"");
        assert_eq!(yaml_text("2024"), "\"2024\"");
        assert_eq!(yaml_text("#1 \"asli\""), "\"#1 \\\"asli\\\"\"");
    }

    #[test]
    fn scaffolds_parse_as_yaml_with_their_comments() {
        let cats = vec!["makanan".to_string(), "lainnya".to_string()];
        let p: crate::catalog::schema::RawProduct =
            crate::catalog::yaml::parse(&product_yaml("Tas: Batik", &cats)).unwrap();
        assert_eq!(p.name.unwrap().as_text(), "Tas: Batik");
        assert_eq!(p.category.as_deref(), Some("lainnya"));
        let v: crate::catalog::schema::RawVillage =
            crate::catalog::yaml::parse(&village_yaml("Sidomulyo")).unwrap();
        assert_eq!(v.name.unwrap().as_text(), "Sidomulyo");
        // Every commented-out line is itself valid YAML once uncommented.
        let uncommented: String = product_yaml("X", &cats)
            .lines()
            .filter_map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_lowercase() || c == ' ') => {
                    Some(rest)
                }
                Some(_) => None,
                None => Some(l),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let full: crate::catalog::schema::RawProduct = crate::catalog::yaml::parse(&uncommented)
            .unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert!(full.order.is_some() && full.labels.is_some() && full.variants.is_some());
    }
}
