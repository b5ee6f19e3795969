//! The keys volunteers write in Indonesian (`harga:`, `nama:`, `foto:`), or in the wrong
//! place (`whatsapp:` at the top of `product.yaml`), and the key each one means.
//!
//! They are not accepted as synonyms: the format has one spelling of each key, the
//! English one, since other tools read the files too (the workshop writes them) and two
//! spellings of every key would make two kinds of every file. So each is an error at
//! its line naming the key meant ([`crate::catalog::load`] words it). Spelling slips of
//! the English keys (`prise:`) are found by their distance to the keys; these words are
//! too far from the key they mean for that.

use crate::catalog::schema::FileKind;

/// What an unknown key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meant {
    /// A key of the same mapping.
    Key(&'static str),
    /// A key of the mapping under another key of this one: `whatsapp` under `order:`.
    Under(&'static str, &'static str),
    /// A description: not a key, it is the text of `index.md`.
    Description,
    /// The village of a product: not a key, it is the folder the product stands in.
    Village,
}

/// The words written for a WhatsApp number.
const PHONE: &[&str] = &[
    "wa",
    "whatsapp",
    "whatsap",
    "watsap",
    "no_wa",
    "nomor_wa",
    "nomer_wa",
    "no_whatsapp",
    "nomor_whatsapp",
    "whatsapp_number",
    "nomor",
    "nomer",
    "hp",
    "no_hp",
    "nomor_hp",
    "telepon",
    "telpon",
    "telp",
    "tlp",
    "no_telp",
    "nomor_telepon",
    "phone",
    "kontak",
];

/// The words written for a way to order, in a file whose only way is WhatsApp.
const ORDER: &[&str] = &["pesan", "pemesanan", "cara_pesan", "order", "beli"];

const PHOTOS: &[&str] = &[
    "foto", "fotos", "gambar", "photo", "picture", "pictures", "image", "images", "img", "galeri",
];

/// The words written for a description in `catalog.yaml`, where it is a key.
const DESCRIBED: &[&str] = &[
    "deskripsi",
    "keterangan",
    "penjelasan",
    "cerita",
    "info",
    "informasi",
];

/// The words written for a description in a village's or a product's file, where it is
/// the text of `index.md`.
const DESCRIPTION: &[&str] = &[
    "description",
    "deskripsi",
    "keterangan",
    "penjelasan",
    "cerita",
    "info",
    "informasi",
];

/// The order channels by the words written for them, at the top of `product.yaml`
/// (meaning a key under `order:`) and under `order:`.
const CHANNELS: &[(&[&str], &str)] = &[
    (&["tokopedia", "tokped"], "tokopedia"),
    (&["shopee", "shoppe", "shope"], "shopee"),
    (&["lazada"], "lazada"),
    (&["tiktok", "tiktok_shop", "tiktokshop"], "tiktok"),
    (&["bukalapak"], "bukalapak"),
    (&["blibli"], "blibli"),
    (&["instagram", "ig"], "instagram"),
    (&["facebook", "fb"], "facebook"),
    (
        &["website", "web", "situs", "situs_web", "toko_online"],
        "website",
    ),
];

/// Words that mean one key, by mapping: `(kind, parent, words, meant)`.
const WORDS: &[(FileKind, &str, &[&str], Meant)] = {
    use FileKind::{Catalog, Product, Village};
    use Meant::{Key, Under};
    &[
        // catalog.yaml
        (
            Catalog,
            "",
            &["judul", "nama", "name", "nama_katalog"],
            Key("title"),
        ),
        (Catalog, "", DESCRIBED, Key("description")),
        (Catalog, "", &["bahasa", "lang"], Key("language")),
        (
            Catalog,
            "",
            &[
                "url",
                "alamat",
                "alamat_situs",
                "alamat_web",
                "situs",
                "website",
                "web",
                "domain",
            ],
            Key("base_url"),
        ),
        (Catalog, "", PHONE, Key("whatsapp")),
        (Catalog, "", ORDER, Key("whatsapp")),
        (
            Catalog,
            "",
            &["kategori", "kategori_produk", "category", "jenis"],
            Key("categories"),
        ),
        (Catalog, "", PHOTOS, Key("images")),
        (Catalog, "", &["lambang", "ikon", "icon"], Key("logo")),
        (
            Catalog,
            "images",
            &["lebar", "ukuran", "width"],
            Key("widths"),
        ),
        (Catalog, "images", &["kualitas", "mutu"], Key("quality")),
        // village.yaml
        (
            Village,
            "",
            &[
                "nama",
                "nama_desa",
                "desa",
                "kampung",
                "dusun",
                "kelurahan",
                "village",
                "judul",
            ],
            Key("name"),
        ),
        (Village, "", &["kecamatan", "kec"], Key("district")),
        (
            Village,
            "",
            &[
                "kabupaten",
                "kab",
                "kota",
                "kabupaten_kota",
                "kab_kota",
                "kabkota",
            ],
            Key("regency"),
        ),
        (
            Village,
            "",
            &["provinsi", "propinsi", "prov"],
            Key("province"),
        ),
        (
            Village,
            "",
            &[
                "kelompok",
                "kelompok_usaha",
                "kub",
                "koperasi",
                "ukm",
                "umkm",
                "paguyuban",
            ],
            Key("group"),
        ),
        (Village, "", PHONE, Key("whatsapp")),
        (Village, "", ORDER, Key("whatsapp")),
        (Village, "", PHOTOS, Key("photos")),
        (Village, "", DESCRIPTION, Meant::Description),
        // product.yaml
        (
            Product,
            "",
            &[
                "nama",
                "nama_produk",
                "nama_barang",
                "produk",
                "judul",
                "title",
            ],
            Key("name"),
        ),
        (
            Product,
            "",
            &[
                "nama_en",
                "nama_inggris",
                "nama_english",
                "nama_bahasa_inggris",
                "name_english",
                "english_name",
                "name_eng",
            ],
            Key("name_en"),
        ),
        (
            Product,
            "",
            &["kategori", "kategory", "categories", "jenis"],
            Key("category"),
        ),
        (
            Product,
            "",
            &["harga", "harga_jual", "harga_satuan", "biaya", "rp"],
            Key("price"),
        ),
        (
            Product,
            "",
            &[
                "satuan", "kemasan", "isi", "berat", "ukuran", "volume", "per",
            ],
            Key("unit"),
        ),
        (
            Product,
            "",
            &[
                "ketersediaan",
                "stok",
                "stock",
                "status",
                "tersedia",
                "persediaan",
                "available",
            ],
            Key("availability"),
        ),
        (
            Product,
            "",
            &["varian", "variasi", "variant", "pilihan", "options"],
            Key("variants"),
        ),
        (Product, "", PHOTOS, Key("photos")),
        (
            Product,
            "",
            &[
                "tag",
                "tagar",
                "hashtag",
                "kata_kunci",
                "keyword",
                "keywords",
            ],
            Key("tags"),
        ),
        (
            Product,
            "",
            &[
                "pembuat",
                "produsen",
                "pengrajin",
                "perajin",
                "penjual",
                "pemilik",
                "dibuat_oleh",
                "made_by",
                "producer",
                "seller",
            ],
            Key("maker"),
        ),
        (
            Product,
            "",
            &[
                "label",
                "izin",
                "perizinan",
                "sertifikat",
                "sertifikasi",
                "legalitas",
            ],
            Key("labels"),
        ),
        (
            Product,
            "",
            &["ditambahkan", "tanggal", "tanggal_masuk", "tgl", "date"],
            Key("added"),
        ),
        (
            Product,
            "",
            &[
                "pesan",
                "pemesanan",
                "cara_pesan",
                "cara_order",
                "beli",
                "pembelian",
            ],
            Key("order"),
        ),
        (Product, "", PHONE, Under("order", "whatsapp")),
        (
            Product,
            "",
            &["pirt", "p_irt", "spp_irt", "sppirt", "no_pirt"],
            Under("labels", "pirt"),
        ),
        (
            Product,
            "",
            &["halal", "sertifikat_halal", "no_halal"],
            Under("labels", "halal"),
        ),
        (
            Product,
            "",
            &["bpom", "no_bpom", "pom"],
            Under("labels", "bpom"),
        ),
        (Product, "", DESCRIPTION, Meant::Description),
        (
            Product,
            "",
            &[
                "desa",
                "kampung",
                "dusun",
                "village",
                "kecamatan",
                "kabupaten",
            ],
            Meant::Village,
        ),
        (
            Product,
            "variants[]",
            &[
                "nama", "ukuran", "isi", "judul", "pilihan", "varian", "jenis", "satuan", "unit",
            ],
            Key("name"),
        ),
        (
            Product,
            "variants[]",
            &["harga", "harga_jual", "rp"],
            Key("price"),
        ),
        (Product, "order", PHONE, Key("whatsapp")),
        (
            Product,
            "labels",
            &[
                "p_irt",
                "spp_irt",
                "sppirt",
                "no_pirt",
                "nomor_pirt",
                "izin_pirt",
                "irt",
            ],
            Key("pirt"),
        ),
        (
            Product,
            "labels",
            &[
                "sertifikat_halal",
                "no_halal",
                "nomor_halal",
                "halal_mui",
                "mui",
            ],
            Key("halal"),
        ),
        (
            Product,
            "labels",
            &["pom", "no_bpom", "nomor_bpom", "bpom_ri", "md", "nie"],
            Key("bpom"),
        ),
    ]
};

/// What `key`, unknown in the mapping at `parent` (`""` the top, `order`, `variants[]`)
/// of a file of `kind`, means, when it is a word for one of the format's keys. Letter
/// case, `-` and spaces do not matter (`No WA` is `no_wa`).
pub fn meant_key(kind: FileKind, parent: &str, key: &str) -> Option<Meant> {
    let word: String = key
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    let word = word.as_str();
    if let Some((_, _, _, meant)) = WORDS
        .iter()
        .find(|(k, p, words, _)| *k == kind && *p == parent && words.contains(&word))
    {
        return Some(*meant);
    }
    let channel = CHANNELS
        .iter()
        .find(|(words, _)| words.contains(&word))
        .map(|(_, c)| *c)?;
    match (kind, parent) {
        (FileKind::Product, "") => Some(Meant::Under("order", channel)),
        (FileKind::Product, "order") => Some(Meant::Key(channel)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::schema::keys_of;

    /// Every key meant is a key of its mapping (or of the one under it), and no word is
    /// another key where it stands.
    #[test]
    fn every_key_meant_is_a_key_there() {
        for (kind, parent, words, meant) in WORDS {
            let keys = keys_of(*kind, parent).unwrap();
            match meant {
                Meant::Key(k) => assert!(keys.contains(k), "{k} in {parent:?}"),
                Meant::Under(p, k) => {
                    assert!(keys.contains(p), "{p}");
                    assert!(keys_of(*kind, p).unwrap().contains(k), "{p}.{k}");
                }
                Meant::Description | Meant::Village => {}
            }
            // A shared list may hold the key itself (`whatsapp` in PHONE): never asked.
            for w in words.iter().filter(|w| *meant != Meant::Key(w)) {
                assert!(!keys.contains(w), "{w} is a key of {parent:?}");
            }
        }
        for (_, channel) in CHANNELS {
            assert!(crate::catalog::schema::ORDER_KEYS.contains(channel));
        }
    }

    #[test]
    fn the_key_meant_depends_on_the_file() {
        use FileKind::*;
        assert_eq!(meant_key(Product, "", "harga"), Some(Meant::Key("price")));
        assert_eq!(meant_key(Product, "", "Harga"), Some(Meant::Key("price")));
        assert_eq!(
            meant_key(Product, "variants[]", "harga"),
            Some(Meant::Key("price"))
        );
        assert_eq!(meant_key(Catalog, "", "nama"), Some(Meant::Key("title")));
        assert_eq!(meant_key(Village, "", "desa"), Some(Meant::Key("name")));
        assert_eq!(meant_key(Product, "", "desa"), Some(Meant::Village));
        assert_eq!(
            meant_key(Product, "", "No WA"),
            Some(Meant::Under("order", "whatsapp"))
        );
        assert_eq!(
            meant_key(Product, "", "whatsapp"),
            Some(Meant::Under("order", "whatsapp"))
        );
        assert_eq!(
            meant_key(Village, "", "no-wa"),
            Some(Meant::Key("whatsapp"))
        );
        assert_eq!(
            meant_key(Product, "order", "wa"),
            Some(Meant::Key("whatsapp"))
        );
        assert_eq!(
            meant_key(Product, "", "tokped"),
            Some(Meant::Under("order", "tokopedia"))
        );
        assert_eq!(
            meant_key(Product, "order", "ig"),
            Some(Meant::Key("instagram"))
        );
        assert_eq!(meant_key(Catalog, "", "ig"), None);
        assert_eq!(meant_key(Product, "", "warna"), None);
    }
}
