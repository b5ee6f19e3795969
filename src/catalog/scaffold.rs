//! The files of a new village or product, as `etalase new` and the workshop make them:
//! a YAML file with the name filled in and every other field commented out and
//! explained in Indonesian, for volunteers, and an `index.md` to fill in.

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

/// A new village's `village.yaml`: its name, and every other field commented out with
/// what it is for, in Indonesian.
pub fn village_yaml(name: &str) -> String {
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

/// A new product's `product.yaml`: its name and a category of `categories`, and every
/// other field commented out with what it is for, in Indonesian.
pub fn product_yaml(name: &str, categories: &[String]) -> String {
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
# available_from: 2027-08-17 # untuk pre-order: tanggal pesanan mulai dikirim
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
# id: sagon-kelapa           # kode produk di katalog WhatsApp/Facebook dan Google
# feeds: false               # false: produk ini tidak dikirim ke katalog itu
"#,
        name = yaml_text(name),
        categories = categories.join(", ")
    )
}

/// A new village's `index.md`: where its story goes.
pub const VILLAGE_MD: &str = "<!-- Tulis cerita desa dan kelompok di bawah ini: siapa kalian, sejak kapan,\n     apa yang dibuat. Kalimat biasa saja; baris kosong memisahkan paragraf. -->\n";

/// A new product's `index.md`: where its description goes.
pub const PRODUCT_MD: &str = "<!-- Tulis keterangan produk di bawah ini: bahan, ukuran, rasa, cara menyimpan.\n     Daftar bisa ditulis dengan tanda - di awal baris. -->\n";

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
        assert!(full.available_from.is_some() && full.id.is_some() && full.feeds.is_some());
    }
}
