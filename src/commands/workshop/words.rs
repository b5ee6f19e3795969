//! The workshop's own words, in the catalog's language (Indonesian by default, English
//! with `language: en`): its pages' interface and what it prints in the terminal. The
//! words it shares with the site (availability, "from", "price on request") come from
//! the theme's words files, as the site shows them.

use crate::diag::Text;
use crate::text;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The catalog's own words for the workshop, for a language other than Indonesian and
/// English (or to change a word of either): `workshop_<name>: …` lines in the same
/// words file as the site's (`content/_theme/i18n/<language>.yaml`), where `<name>` is
/// the name of the function below (`workshop_save: Simpen`; a label of a field, its
/// path after it: `workshop_product_label_price: Rega`), and a value in the words is
/// written `{n}`, `{name}`… as in the Indonesian ones. A word left out stays in
/// Indonesian, as on the site. Read once when the workshop starts
/// ([`use_own_words`]): one workshop serves one catalog.
static OWN: OnceLock<OwnWords> = OnceLock::new();

struct OwnWords {
    /// The catalog's language code, for the pages' `lang`.
    code: String,
    words: HashMap<String, String>,
}

/// Reads the catalog's own words for the workshop from its theme's words file for its
/// language, `language` (the catalog's `language:` code).
pub fn use_own_words(content: &std::path::Path, language: &str) {
    let mut diags = crate::diag::Diagnostics::new();
    let words: HashMap<String, String> = crate::site::theme::Theme::load(content)
        .map(|theme| theme.own_words(language, "workshop_", &mut diags))
        .unwrap_or_default();
    let _ = OWN.set(OwnWords {
        code: language.to_string(),
        words,
    });
}

/// The code of the pages' language: the catalog's when it has words of its own for
/// the workshop, else `lang`'s.
pub fn page_lang(lang: crate::diag::Lang) -> String {
    match OWN.get() {
        Some(own) if !own.words.is_empty() => own.code.clone(),
        _ => lang.code().to_string(),
    }
}

/// `text`, or the catalog's own word for `key` with the `values` put in.
fn own(key: &str, values: &[(&str, &dyn std::fmt::Display)], text: Text) -> Text {
    let Some(word) = OWN
        .get()
        .and_then(|o| o.words.get(&format!("workshop_{key}")))
    else {
        return text;
    };
    let mut said = word.clone();
    for (name, value) in values {
        said = said.replace(&format!("{{{name}}}"), &value.to_string());
    }
    Text::same(said)
}

/// [`own`] for a word that may be absent (a hint).
fn own_hint(
    key: &str,
    values: &[(&str, &dyn std::fmt::Display)],
    text: Option<Text>,
) -> Option<Text> {
    text.map(|t| own(key, values, t))
}

/// The first line of stdout: the address, with the secret, for this computer's
/// browser (the address its last word, for scripts and tests).
pub fn open_at(url: &str) -> Text {
    own(
        "open_at",
        &[("url", &url as &dyn std::fmt::Display)],
        text!(en: "workshop at {url}", id: "ruang kerja di {url}"),
    )
}

/// With `--lan`: the address a phone on the same Wi-Fi opens (a QR code of it follows).
pub fn on_a_phone(url: &str) -> Text {
    own(
        "on_a_phone",
        &[("url", &url as &dyn std::fmt::Display)],
        text!(
            en: "on a phone on the same Wi-Fi, open or scan: {url}",
            id: "di HP yang tersambung ke Wi-Fi yang sama, buka atau pindai: {url}"
        ),
    )
}

/// Below the addresses: the secret is in them.
pub fn keep_it_secret() -> Text {
    own(
        "keep_it_secret",
        &[],
        text!(
            en: "anyone with this address can edit the catalog until the workshop stops: share it only with the producers",
            id: "siapa pun yang punya alamat ini bisa mengubah katalog sampai ruang kerja dihentikan: bagikan hanya kepada para pembuat produk"
        ),
    )
}

/// The last line of the announcement.
pub fn press_ctrl_c() -> Text {
    own(
        "press_ctrl_c",
        &[],
        text!(en: "press Ctrl-C to stop", id: "tekan Ctrl-C untuk berhenti"),
    )
}

/// After Ctrl-C.
pub fn stopped() -> Text {
    own(
        "stopped",
        &[],
        text!(en: "stopped", id: "ruang kerja dihentikan"),
    )
}

/// `etalase start`: what it is doing, below the address.
pub fn opening(dir: &str) -> Text {
    own(
        "opening",
        &[("dir", &dir as &dyn std::fmt::Display)],
        text!(
            en: "the catalog in {dir} is open in the browser",
            id: "katalog di {dir} dibuka di browser"
        ),
    )
}

/// `etalase start` where no catalog was found: in the terminal and on the offer page.
pub fn no_catalog_here(dir: &str) -> Text {
    own(
        "no_catalog_here",
        &[("dir", &dir as &dyn std::fmt::Display)],
        text!(
            en: "there is no catalog in {dir} yet: the page in the browser offers to make one",
            id: "belum ada katalog di {dir}: halaman di browser menawarkan untuk membuatnya"
        ),
    )
}

/// Started by a double-click and could not run: the window waits to be read.
pub fn press_enter_to_close() -> Text {
    own(
        "press_enter_to_close",
        &[],
        text!(
            en: "press Enter to close this window",
            id: "tekan Enter untuk menutup jendela ini"
        ),
    )
}

/// The offer page's first line.
pub fn no_catalog_in(dir: &str) -> Text {
    own(
        "no_catalog_in",
        &[("dir", &dir as &dyn std::fmt::Display)],
        text!(
            en: "There is no catalog in the folder {dir} yet.",
            id: "Belum ada katalog di folder {dir}."
        ),
    )
}

/// `etalase start`: the last line of the message, for a window opened by a
/// double-click.
pub fn how_to_stop() -> Text {
    own(
        "how_to_stop",
        &[],
        text!(
            en: "to stop: close this window, press Ctrl-C, or press \"Stop the workshop\" at the bottom of its page",
            id: "untuk berhenti: tutup jendela ini, tekan Ctrl-C, atau tekan \"Hentikan ruang kerja\" di bawah halamannya"
        ),
    )
}

/// The front page's foot, above the `Hentikan` button.
pub fn how_to_stop_page() -> Text {
    own(
        "how_to_stop_page",
        &[],
        text!(
            en: "The workshop runs on the computer that started it. When the work is done, stop it here, or close etalase's window on that computer.",
            id: "Ruang kerja berjalan di komputer yang membukanya. Setelah selesai bekerja, hentikan di sini, atau tutup jendela etalase di komputer itu."
        ),
    )
}

pub fn stop_workshop() -> Text {
    own(
        "stop_workshop",
        &[],
        text!(en: "Stop the workshop", id: "Hentikan ruang kerja"),
    )
}

/// The page after `Hentikan`.
pub fn stopped_page() -> Text {
    own(
        "stopped_page",
        &[],
        text!(
            en: "The workshop has stopped. Everything saved is in the catalog's folders. To work again, start etalase again (double-click it).",
            id: "Ruang kerja sudah dihentikan. Semua yang disimpan ada di folder katalog. Untuk bekerja lagi, jalankan etalase lagi (klik dua kali)."
        ),
    )
}

/// The offer: what a new catalog holds.
pub fn what_a_new_catalog_holds() -> Text {
    own(
        "what_a_new_catalog_holds",
        &[],
        text!(
            en: "etalase can make one here, as the command etalase init does: a folder with an example village and an example product to replace, and the recipes that publish it on the free hosts.",
            id: "etalase bisa membuatnya di sini, seperti perintah etalase init: satu folder berisi contoh desa dan contoh produk untuk diganti, dan resep untuk menerbitkannya di hosting gratis."
        ),
    )
}

pub fn new_catalog_name() -> Text {
    own(
        "new_catalog_name",
        &[],
        text!(en: "Name of the catalog's folder", id: "Nama folder katalog"),
    )
}

pub fn new_catalog_where(dir: &str) -> Text {
    own(
        "new_catalog_where",
        &[("dir", &dir as &dyn std::fmt::Display)],
        text!(
            en: "Made in {dir}. Letters, numbers and dashes, no slashes.",
            id: "Dibuat di dalam {dir}. Huruf, angka dan tanda hubung, tanpa garis miring."
        ),
    )
}

pub fn make_catalog() -> Text {
    own(
        "make_catalog",
        &[],
        text!(en: "Make the catalog", id: "Buat katalog"),
    )
}

pub fn not_a_folder_name() -> Text {
    own(
        "not_a_folder_name",
        &[],
        text!(
            en: "a folder's name, with no slash and not starting with a dot: for example katalog-kami",
            id: "tulis satu nama folder, tanpa garis miring dan tidak diawali titik: misalnya katalog-kami"
        ),
    )
}

/// After `Buat katalog`, on the page and in the terminal.
pub fn catalog_made(dir: &str) -> Text {
    own(
        "catalog_made",
        &[("dir", &dir as &dyn std::fmt::Display)],
        text!(
            en: "catalog made in {dir}",
            id: "katalog dibuat di {dir}"
        ),
    )
}

pub fn opening_soon() -> Text {
    own(
        "opening_soon",
        &[],
        text!(
            en: "The workshop opens on it in a moment.",
            id: "Sebentar lagi ruang kerja terbuka untuk katalog ini."
        ),
    )
}

pub fn open_workshop() -> Text {
    own(
        "open_workshop",
        &[],
        text!(en: "Open the workshop", id: "Buka ruang kerja"),
    )
}

pub fn title() -> Text {
    own("title", &[], text!(en: "Workshop", id: "Ruang kerja"))
}

pub fn preview() -> Text {
    own("preview", &[], text!(en: "See the site", id: "Lihat situs"))
}

pub fn sign_out() -> Text {
    own("sign_out", &[], text!(en: "Sign out", id: "Keluar"))
}

pub fn signed_out() -> Text {
    own(
        "signed_out",
        &[],
        text!(
            en: "You have signed out of the workshop.",
            id: "Anda sudah keluar dari ruang kerja."
        ),
    )
}

pub fn on_a_phone_title() -> Text {
    own(
        "on_a_phone_title",
        &[],
        text!(en: "Open it on a phone", id: "Buka di HP"),
    )
}

pub fn scan_this() -> Text {
    own(
        "scan_this",
        &[],
        text!(
            en: "Scan this code with the camera of a phone on the same Wi-Fi: it opens the workshop, signed in.",
            id: "Pindai kode ini dengan kamera HP yang tersambung ke Wi-Fi yang sama: ruang kerja langsung terbuka."
        ),
    )
}

pub fn no_problems() -> Text {
    own(
        "no_problems",
        &[],
        text!(en: "no problems", id: "tidak ada masalah"),
    )
}

pub fn problems(n: usize) -> Text {
    own("problems", &[("n", &n as &dyn std::fmt::Display)], {
        if n == 1 {
            text!(en: "1 problem", id: "1 masalah")
        } else {
            text!(en: "{n} problems", id: "{n} masalah")
        }
    })
}

/// Problems of a village's files that belong to none of its listed products (a
/// product whose files do not parse is not listed).
pub fn other_problems(n: usize) -> Text {
    own("other_problems", &[("n", &n as &dyn std::fmt::Display)], {
        if n == 1 {
            text!(en: "1 other problem", id: "1 masalah lain")
        } else {
            text!(en: "{n} other problems", id: "{n} masalah lain")
        }
    })
}

/// Problems of the catalog's own files (`catalog.yaml`, the theme).
pub fn catalog_problems(n: usize) -> Text {
    own(
        "catalog_problems",
        &[("n", &n as &dyn std::fmt::Display)],
        {
            if n == 1 {
                text!(en: "The catalog's settings have 1 problem.", id: "Pengaturan katalog punya 1 masalah.")
            } else {
                text!(
                    en: "The catalog's settings have {n} problems.",
                    id: "Pengaturan katalog punya {n} masalah."
                )
            }
        },
    )
}

pub fn no_products() -> Text {
    own(
        "no_products",
        &[],
        text!(en: "No products yet.", id: "Belum ada produk."),
    )
}

/// The front page's placeholder for a product without a photo (read by screen readers).
pub fn no_photo() -> Text {
    own(
        "no_photo",
        &[],
        text!(en: "no photo yet", id: "belum ada foto"),
    )
}

pub fn no_villages() -> Text {
    own(
        "no_villages",
        &[],
        text!(en: "No villages yet.", id: "Belum ada desa."),
    )
}

pub fn unreadable(e: &str) -> Text {
    own(
        "unreadable",
        &[("e", &e as &dyn std::fmt::Display)],
        text!(
            en: "The catalog cannot be read: {e}",
            id: "Katalog tidak bisa dibaca: {e}"
        ),
    )
}

pub fn refused_title() -> Text {
    own(
        "refused_title",
        &[],
        text!(en: "Not signed in", id: "Belum masuk"),
    )
}

pub fn how_to_get_in() -> Text {
    own(
        "how_to_get_in",
        &[],
        text!(
            en: "To get in, open the address the workshop printed on the computer it runs on, or scan its QR code with the phone.",
            id: "Untuk masuk, buka alamat yang ditampilkan ruang kerja di komputer tempat ia berjalan, atau pindai kode QR-nya dengan HP."
        ),
    )
}

pub fn no_session() -> Text {
    own(
        "no_session",
        &[],
        text!(
            en: "This page needs a session of the workshop.",
            id: "Halaman ini hanya untuk yang sudah masuk ke ruang kerja."
        ),
    )
}

pub fn wrong_key() -> Text {
    own(
        "wrong_key",
        &[],
        text!(
            en: "This key is not the workshop's (it changes each time the workshop starts).",
            id: "Kunci ini bukan kunci ruang kerja (kuncinya berganti setiap kali ruang kerja dimulai)."
        ),
    )
}

pub fn wrong_host() -> Text {
    own(
        "wrong_host",
        &[],
        text!(
            en: "The workshop answers only at its own address.",
            id: "Ruang kerja hanya menjawab di alamatnya sendiri."
        ),
    )
}

pub fn foreign_origin() -> Text {
    own(
        "foreign_origin",
        &[],
        text!(
            en: "This request came from another site: refused.",
            id: "Permintaan ini datang dari situs lain: ditolak."
        ),
    )
}

pub fn no_csrf() -> Text {
    own(
        "no_csrf",
        &[],
        text!(
            en: "This request did not come from a page of the workshop: reload the page and try again.",
            id: "Permintaan ini tidak datang dari halaman ruang kerja: muat ulang halamannya lalu coba lagi."
        ),
    )
}

/// Under a field whose value is read otherwise than typed: "read as Rp15.000".
pub fn read_as() -> Text {
    own("read_as", &[], text!(en: "Read as", id: "Dibaca sebagai"))
}

/// The label of a product's field, by its path in the format.
pub fn product_label(path: &str) -> Text {
    own(&format!("product_label_{path}"), &[], {
        match path {
            "name" => text!(en: "Name", id: "Nama"),
            "name_en" => text!(en: "Name in English", id: "Nama dalam bahasa Inggris"),
            "category" => text!(en: "Category", id: "Kategori"),
            "new_category" => text!(en: "New category", id: "Kategori baru"),
            "price" => text!(en: "Price", id: "Harga"),
            "unit" => text!(en: "Unit", id: "Satuan"),
            "availability" => text!(en: "Availability", id: "Ketersediaan"),
            "available_from" => {
                text!(en: "Pre-order: ships from", id: "Pre-order: dikirim mulai")
            }
            "maker" => text!(en: "Maker", id: "Pembuat"),
            "added" => text!(en: "Date added", id: "Tanggal ditambahkan"),
            "id" => {
                text!(en: "Id in the WhatsApp/Facebook and Google catalogs", id: "Kode di katalog WhatsApp/Facebook dan Google")
            }
            "feeds" => {
                text!(en: "In the WhatsApp/Facebook and Google catalogs", id: "Masuk katalog WhatsApp/Facebook dan Google")
            }
            "tags" => text!(en: "Tags", id: "Tag"),
            "description" => text!(en: "Description", id: "Deskripsi"),
            "photos" => text!(en: "Photos", id: "Foto"),
            "order.whatsapp" => text!(en: "WhatsApp", id: "WhatsApp"),
            "order.tokopedia" => text!(en: "Tokopedia", id: "Tokopedia"),
            "order.shopee" => text!(en: "Shopee", id: "Shopee"),
            "order.lazada" => text!(en: "Lazada", id: "Lazada"),
            "order.tiktok" => text!(en: "TikTok Shop", id: "TikTok Shop"),
            "order.bukalapak" => text!(en: "Bukalapak", id: "Bukalapak"),
            "order.blibli" => text!(en: "Blibli", id: "Blibli"),
            "order.instagram" => text!(en: "Instagram", id: "Instagram"),
            "order.facebook" => text!(en: "Facebook", id: "Facebook"),
            "order.website" => text!(en: "Website", id: "Situs web"),
            "labels.pirt" => text!(en: "P-IRT number", id: "Nomor P-IRT"),
            "labels.halal" => text!(en: "Halal certificate number", id: "Nomor sertifikat halal"),
            "labels.bpom" => text!(en: "BPOM number", id: "Nomor BPOM"),
            other => Text::same(other.to_string()),
        }
    })
}

/// The hint under a product's field: what to write.
pub fn product_hint(path: &str) -> Option<Text> {
    own_hint(&format!("product_hint_{path}"), &[], {
        Some(match path {
            "price" => text!(
                en: "In rupiah: 15000, 15rb, Rp 15.000 or 1,5jt",
                id: "Dalam rupiah: 15000, 15rb, Rp 15.000 atau 1,5jt"
            ),
            "unit" => text!(en: "For example: pack 250 g", id: "Misalnya: bungkus 250 g"),
            "available_from" => text!(
                en: "For a pre-order: the day the orders ship. Google lists a pre-order only with this date",
                id: "Untuk pre-order: tanggal pesanan mulai dikirim. Google hanya memuat pre-order yang punya tanggal ini"
            ),
            "id" => text!(
                en: "Leave empty to use the folder's path; write one (like KP-01) to keep it when the folder is renamed",
                id: "Kosongkan untuk memakai nama foldernya; isi (seperti KP-01) agar tetap sama walau foldernya diganti nama"
            ),
            "new_category" => text!(
                en: "To add a category, type its name: it is added to the catalog and chosen when you save",
                id: "Untuk menambah kategori, ketik namanya: kategori ditambahkan ke katalog dan dipilih saat disimpan"
            ),
            "order.whatsapp" => text!(
                en: "Leave empty to use the village's or the catalog's number",
                id: "Kosongkan untuk memakai nomor desa atau katalog"
            ),
            "order.tokopedia" | "order.shopee" | "order.lazada" | "order.tiktok" => text!(
                en: "Paste the link, or the whole text the app's Share button gives",
                id: "Tempel tautannya, atau seluruh teks dari tombol Bagikan di aplikasinya"
            ),
            "tags" => text!(
                en: "Words buyers search for, separated by commas",
                id: "Kata yang dicari pembeli, dipisah koma"
            ),
            "description" => text!(
                en: "As in WhatsApp: *bold*, _italic_, one line per item",
                id: "Seperti di WhatsApp: *tebal*, _miring_, satu baris per butir"
            ),
            _ => return None,
        })
    })
}

pub fn availability_choice(key: &str) -> Text {
    own(&format!("availability_choice_{key}"), &[], {
        match key {
            "tersedia" => text!(en: "Available", id: "Tersedia"),
            "pre-order" => text!(en: "Pre-order", id: "Pre-order"),
            "habis" => text!(en: "Sold out", id: "Habis"),
            _ => text!(en: "(not set: available)", id: "(tidak diisi: tersedia)"),
        }
    })
}

/// A choice of the product's `feeds:` field: in the product feeds, or left out.
pub fn feeds_choice(key: &str) -> Text {
    own(&format!("feeds_choice_{key}"), &[], {
        match key {
            "false" => text!(en: "No, leave it out", id: "Tidak, jangan dimasukkan"),
            _ => {
                text!(en: "Yes (when it has a price and a large photo)", id: "Ya (kalau ada harga dan foto besar)")
            }
        }
    })
}

pub fn save() -> Text {
    own("save", &[], text!(en: "Save", id: "Simpan"))
}

pub fn check_only() -> Text {
    own("check_only", &[], text!(en: "Check", id: "Periksa"))
}

pub fn add_product() -> Text {
    own(
        "add_product",
        &[],
        text!(en: "Add product", id: "Tambah produk"),
    )
}

pub fn back() -> Text {
    own(
        "back",
        &[],
        text!(en: "Back to the catalog", id: "Kembali ke katalog"),
    )
}

pub fn edit_product(name: &str) -> Text {
    own(
        "edit_product",
        &[("name", &name as &dyn std::fmt::Display)],
        text!(en: "Edit {name}", id: "Ubah {name}"),
    )
}

pub fn new_product_in(village: &str) -> Text {
    own(
        "new_product_in",
        &[("village", &village as &dyn std::fmt::Display)],
        text!(en: "New product in {village}", id: "Produk baru di {village}"),
    )
}

pub fn order_section() -> Text {
    own(
        "order_section",
        &[],
        text!(en: "Where to order", id: "Tempat memesan"),
    )
}

pub fn labels_section() -> Text {
    own(
        "labels_section",
        &[],
        text!(en: "Permits and certificates", id: "Izin dan sertifikat"),
    )
}

pub fn more_section() -> Text {
    own("more_section", &[], text!(en: "More", id: "Lainnya"))
}

pub fn variants_section() -> Text {
    own("variants_section", &[], text!(en: "Variants", id: "Varian"))
}

pub fn variant_name(n: usize) -> Text {
    own(
        "variant_name",
        &[("n", &n as &dyn std::fmt::Display)],
        text!(en: "Variant {n} name", id: "Nama varian {n}"),
    )
}

pub fn variant_price(n: usize) -> Text {
    own(
        "variant_price",
        &[("n", &n as &dyn std::fmt::Display)],
        text!(en: "Variant {n} price", id: "Harga varian {n}"),
    )
}

pub fn add_row() -> Text {
    own(
        "add_row",
        &[],
        text!(en: "Add a variant", id: "Tambah varian"),
    )
}

pub fn move_up() -> Text {
    own("move_up", &[], text!(en: "Move up", id: "Naikkan"))
}

pub fn remove() -> Text {
    own("remove", &[], text!(en: "Remove", id: "Hapus"))
}

pub fn make_cover() -> Text {
    own(
        "make_cover",
        &[],
        text!(en: "Make it the first photo", id: "Jadikan foto utama"),
    )
}

pub fn cover() -> Text {
    own("cover", &[], text!(en: "First photo", id: "Foto utama"))
}

pub fn photos_hint() -> Text {
    own(
        "photos_hint",
        &[],
        text!(
            en: "Take photos or choose them from the gallery; they are sent when you press Save.",
            id: "Ambil foto atau pilih dari galeri; fotonya dikirim saat Anda menekan Simpan."
        ),
    )
}

pub fn to_be_removed() -> Text {
    own(
        "to_be_removed",
        &[],
        text!(
            en: "Removed when you save (kept in the folder .etalase-sampah)",
            id: "Dihapus saat disimpan (disimpan di folder .etalase-sampah)"
        ),
    )
}

pub fn not_saved_yet() -> Text {
    own(
        "not_saved_yet",
        &[],
        text!(
            en: "Not saved yet: press Save when the form is ready.",
            id: "Belum disimpan: tekan Simpan kalau isian sudah siap."
        ),
    )
}

pub fn checked_ok() -> Text {
    own(
        "checked_ok",
        &[],
        text!(
            en: "Everything can be saved. Nothing was saved yet.",
            id: "Semua isian bisa disimpan. Belum ada yang disimpan."
        ),
    )
}

pub fn saved() -> Text {
    own("saved", &[], text!(en: "Saved.", id: "Tersimpan."))
}

pub fn see_on_site() -> Text {
    own(
        "see_on_site",
        &[],
        text!(en: "See it on the site", id: "Lihat di situs"),
    )
}

pub fn choose_again() -> Text {
    own(
        "choose_again",
        &[],
        text!(
            en: "Nothing was saved, so the photos chosen were not kept: choose them again.",
            id: "Belum ada yang disimpan, jadi foto yang dipilih belum tersimpan: pilih lagi fotonya."
        ),
    )
}

pub fn file_problems() -> Text {
    own(
        "file_problems",
        &[],
        text!(
            en: "The product's files have problems to fix by hand first (the form saves nothing until then):",
            id: "File produk ini punya masalah yang harus diperbaiki langsung di file dulu (formulir ini tidak menyimpan apa pun sampai itu beres):"
        ),
    )
}

pub fn not_found() -> Text {
    own(
        "not_found",
        &[],
        text!(en: "Not found", id: "Tidak ditemukan"),
    )
}

/// The label of a village's field, by its key in `village.yaml` (`story`: the text of
/// its `index.md`).
pub fn village_label(key: &str) -> Text {
    own(&format!("village_label_{key}"), &[], {
        match key {
            "name" => text!(en: "Name", id: "Nama"),
            "district" => text!(en: "District (kecamatan)", id: "Kecamatan"),
            "regency" => text!(en: "Regency or city", id: "Kabupaten atau kota"),
            "province" => text!(en: "Province", id: "Provinsi"),
            "group" => text!(en: "Producer group", id: "Kelompok usaha"),
            "whatsapp" => text!(en: "WhatsApp", id: "WhatsApp"),
            "story" => text!(en: "The village's story", id: "Cerita desa"),
            other => Text::same(other.to_string()),
        }
    })
}

/// The hint under a village's field.
pub fn village_hint(key: &str) -> Option<Text> {
    own_hint(&format!("village_hint_{key}"), &[], {
        Some(match key {
            "group" => text!(
                en: "The producer group (KUB) or cooperative",
                id: "Nama kelompok usaha (KUB) atau koperasi"
            ),
            "whatsapp" => text!(
                en: "The order number for this village's products; empty: the catalog's",
                id: "Nomor pesanan untuk produk desa ini; kosongkan untuk memakai nomor katalog"
            ),
            "story" => text!(
                en: "Who you are, since when, what you make",
                id: "Siapa kalian, sejak kapan, apa yang dibuat"
            ),
            _ => return None,
        })
    })
}

/// The label of a catalog setting, by its key in `catalog.yaml`.
pub fn settings_label(key: &str) -> Text {
    own(&format!("settings_label_{key}"), &[], {
        match key {
            "title" => text!(en: "Title", id: "Judul"),
            "description" => text!(en: "Description", id: "Deskripsi"),
            "language" => text!(en: "Language", id: "Bahasa"),
            "base_url" => text!(en: "Site address (base_url)", id: "Alamat situs (base_url)"),
            "whatsapp" => text!(en: "WhatsApp", id: "WhatsApp"),
            "categories" => text!(en: "Categories", id: "Kategori"),
            "feeds" => text!(
                en: "WhatsApp/Facebook and Google catalogs",
                id: "Katalog WhatsApp/Facebook dan Google"
            ),
            other => Text::same(other.to_string()),
        }
    })
}

/// The hint under a catalog setting.
pub fn settings_hint(key: &str) -> Option<Text> {
    own_hint(&format!("settings_hint_{key}"), &[], {
        Some(match key {
            "base_url" => text!(
                en: "Where the site is published, like https://kub-melati.github.io/katalog/; may stay empty",
                id: "Alamat tempat situs diterbitkan, misalnya https://kub-melati.github.io/katalog/; boleh kosong"
            ),
            "whatsapp" => text!(
                en: "The order number of every product that has none of its own or of its village",
                id: "Nomor pesanan untuk produk yang tidak punya nomor sendiri atau nomor desa"
            ),
            "language" => text!(
                en: "The language of the site and of the workshop",
                id: "Bahasa situs dan ruang kerja"
            ),
            _ => return None,
        })
    })
}

/// The choices of `language:` (a code written otherwise stays shown as written).
pub fn language_choice(code: &str) -> Text {
    own(&format!("language_choice_{code}"), &[], {
        match code {
            "id" => text!(en: "Bahasa Indonesia", id: "Bahasa Indonesia"),
            "en" => text!(en: "English", id: "Bahasa Inggris"),
            _ => text!(en: "(not set: Bahasa Indonesia)", id: "(tidak diisi: Bahasa Indonesia)"),
        }
    })
}

/// Above the category rows: what the list does (issue 15: it adds to the built-in
/// categories, never takes them away).
pub fn categories_hint(built_in: &str) -> Text {
    own(
        "categories_hint",
        &[("built_in", &built_in as &dyn std::fmt::Display)],
        {
            text!(
                en: "The built-in categories ({built_in}) are always there for products; list here the catalog's own, or another name for a built-in one. A new category needs only its name.",
                id: "Kategori bawaan ({built_in}) selalu bisa dipakai produk; tulis di sini kategori milik katalog ini, atau nama lain untuk kategori bawaan. Kategori baru cukup diisi namanya."
            )
        },
    )
}

/// Above the feeds' checkboxes in the settings: what they do.
pub fn feeds_settings_hint() -> Text {
    own(
        "feeds_settings_hint",
        &[],
        text!(
            en: "With a site address, every product with a price and a large photo goes to the WhatsApp/Facebook catalog and to Google. Tick a category to keep its products out of one. Meta often refuses jamu and herbal remedies.",
            id: "Kalau alamat situs diisi, setiap produk yang punya harga dan foto besar dikirim ke katalog WhatsApp/Facebook dan ke Google. Centang kategori yang produknya tidak dikirim ke salah satunya. Meta sering menolak jamu dan ramuan herbal."
        ),
    )
}

/// A category's checkbox: kept out of Meta's catalog.
pub fn feeds_leave_out_meta() -> Text {
    own(
        "feeds_leave_out_meta",
        &[],
        text!(
            en: "Do not send to WhatsApp/Facebook",
            id: "Jangan kirim ke WhatsApp/Facebook"
        ),
    )
}

/// A category's checkbox: kept out of Google's catalog.
pub fn feeds_leave_out_google() -> Text {
    own(
        "feeds_leave_out_google",
        &[],
        text!(en: "Do not send to Google", id: "Jangan kirim ke Google"),
    )
}

pub fn category_key(n: usize) -> Text {
    own(
        "category_key",
        &[("n", &n as &dyn std::fmt::Display)],
        text!(en: "Category {n}: key", id: "Kategori {n}: kunci"),
    )
}

pub fn category_name(n: usize) -> Text {
    own(
        "category_name",
        &[("n", &n as &dyn std::fmt::Display)],
        text!(en: "Category {n}: name", id: "Kategori {n}: nama"),
    )
}

pub fn add_village() -> Text {
    own(
        "add_village",
        &[],
        text!(en: "Add a village", id: "Tambah desa"),
    )
}

pub fn edit_village_link() -> Text {
    own(
        "edit_village_link",
        &[],
        text!(en: "Edit the village", id: "Ubah desa"),
    )
}

pub fn edit_village(name: &str) -> Text {
    own(
        "edit_village",
        &[("name", &name as &dyn std::fmt::Display)],
        text!(en: "Village {name}", id: "Desa {name}"),
    )
}

pub fn settings() -> Text {
    own(
        "settings",
        &[],
        text!(en: "Catalog settings", id: "Pengaturan katalog"),
    )
}

/// The newer values shown after a conflict.
pub fn newer_shown() -> Text {
    own(
        "newer_shown",
        &[],
        text!(
            en: "The form now shows the newer values.",
            id: "Formulir ini sekarang berisi isian terbaru."
        ),
    )
}

pub fn photos_section() -> Text {
    own(
        "photos_section",
        &[],
        text!(en: "Product photos", id: "Foto produk"),
    )
}

// Deleting, the trash, and the last changes (issue 17, point 2).

/// A value for [`own`].
fn v(value: &dyn std::fmt::Display) -> &dyn std::fmt::Display {
    value
}

/// The link at the foot of a product's form.
pub fn delete_product() -> Text {
    own(
        "delete_product",
        &[],
        text!(en: "Delete product", id: "Hapus produk"),
    )
}

/// The link at the foot of a village's form.
pub fn delete_village() -> Text {
    own(
        "delete_village",
        &[],
        text!(en: "Delete village", id: "Hapus desa"),
    )
}

pub fn delete_product_titled(name: &str) -> Text {
    own(
        "delete_product_titled",
        &[("name", v(&name))],
        text!(en: "Delete {name}", id: "Hapus {name}"),
    )
}

pub fn delete_village_titled(name: &str) -> Text {
    own(
        "delete_village_titled",
        &[("name", v(&name))],
        text!(en: "Delete the village {name}", id: "Hapus desa {name}"),
    )
}

pub fn sure_delete_product(name: &str, n: usize) -> Text {
    own(
        "sure_delete_product",
        &[("name", v(&name)), ("n", v(&n))],
        text!(
            en: "Sure? {name} and its {n} photo(s) leave the catalog and the site. They are kept in the Trash and can be restored from the Trash.",
            id: "Yakin? {name} dan {n} fotonya keluar dari katalog dan situs. Semuanya disimpan di Sampah dan bisa dipulihkan dari Sampah."
        ),
    )
}

pub fn sure_delete_village(name: &str, n: usize) -> Text {
    own(
        "sure_delete_village",
        &[("name", v(&name)), ("n", v(&n))],
        text!(
            en: "Sure? The village {name} and its {n} product(s) leave the catalog and the site. They are kept in the Trash and can be restored from the Trash.",
            id: "Yakin? Desa {name} dan {n} produknya keluar dari katalog dan situs. Semuanya disimpan di Sampah dan bisa dipulihkan dari Sampah."
        ),
    )
}

pub fn yes_delete() -> Text {
    own("yes_delete", &[], text!(en: "Yes, delete", id: "Ya, hapus"))
}

pub fn cancel() -> Text {
    own("cancel", &[], text!(en: "Cancel", id: "Batal"))
}

/// The front page after a deletion.
pub fn deleted() -> Text {
    own(
        "deleted",
        &[],
        text!(
            en: "Deleted. It is in the Trash, and can be restored from there.",
            id: "Sudah dihapus. Ada di Sampah, dan bisa dipulihkan dari sana."
        ),
    )
}

pub fn trash_title() -> Text {
    own("trash_title", &[], text!(en: "Trash", id: "Sampah"))
}

pub fn trash_hint() -> Text {
    own(
        "trash_hint",
        &[],
        text!(
            en: "What was deleted in the workshop, newest first. It is not on the site and never goes into git. Restore puts it back where it was.",
            id: "Yang dihapus di ruang kerja, terbaru di atas. Tidak tampil di situs dan tidak ikut ke git. Pulihkan mengembalikannya ke tempat semula."
        ),
    )
}

pub fn trash_empty() -> Text {
    own(
        "trash_empty",
        &[],
        text!(en: "The Trash is empty.", id: "Sampah kosong."),
    )
}

/// The button of a trash entry.
pub fn restore() -> Text {
    own("restore", &[], text!(en: "Restore", id: "Pulihkan"))
}

pub fn trash_product(name: &str) -> Text {
    own(
        "trash_product",
        &[("name", v(&name))],
        text!(en: "Product {name}", id: "Produk {name}"),
    )
}

pub fn trash_village(name: &str) -> Text {
    own(
        "trash_village",
        &[("name", v(&name))],
        text!(en: "Village {name}", id: "Desa {name}"),
    )
}

pub fn trash_photo(file: &str, name: &str) -> Text {
    own(
        "trash_photo",
        &[("file", v(&file)), ("name", v(&name))],
        text!(en: "Photo {file} of {name}", id: "Foto {file} dari {name}"),
    )
}

pub fn trash_file(file: &str, name: &str) -> Text {
    own(
        "trash_file",
        &[("file", v(&file)), ("name", v(&name))],
        text!(en: "File {file} of {name}", id: "File {file} dari {name}"),
    )
}

pub fn restored_to(path: &str) -> Text {
    own(
        "restored_to",
        &[("path", v(&path))],
        text!(en: "Restored to {path}.", id: "Sudah dipulihkan ke {path}."),
    )
}

pub fn restored_beside(path: &str) -> Text {
    own(
        "restored_beside",
        &[("path", v(&path))],
        text!(
            en: "Its place was taken meanwhile: restored beside it, as {path}.",
            id: "Tempat asalnya sudah terisi: dipulihkan di sebelahnya, sebagai {path}."
        ),
    )
}

pub fn history_title() -> Text {
    own(
        "history_title",
        &[],
        text!(en: "Last changes", id: "Perubahan terakhir"),
    )
}

pub fn history_hint() -> Text {
    own(
        "history_hint",
        &[],
        text!(
            en: "The changes made from every phone since the workshop started, newest first. The newest can be undone, then the one before, one by one.",
            id: "Perubahan dari semua HP sejak ruang kerja dibuka, terbaru di atas. Yang terbaru bisa dibatalkan, lalu yang sebelumnya, satu per satu."
        ),
    )
}

pub fn history_empty() -> Text {
    own(
        "history_empty",
        &[],
        text!(
            en: "No changes since the workshop started.",
            id: "Belum ada perubahan sejak ruang kerja dibuka."
        ),
    )
}

/// The button of the newest change.
pub fn undo() -> Text {
    own("undo", &[], text!(en: "Undo", id: "Batalkan"))
}

pub fn undone() -> Text {
    own("undone", &[], text!(en: "Undone.", id: "Sudah dibatalkan."))
}

pub fn undo_stale() -> Text {
    own(
        "undo_stale",
        &[],
        text!(
            en: "That change is undone already, or a newer one was made: see the list again.",
            id: "Perubahan itu sudah dibatalkan, atau ada perubahan yang lebih baru: lihat daftarnya lagi."
        ),
    )
}

pub fn change_new_product(name: &str) -> Text {
    own(
        "change_new_product",
        &[("name", v(&name))],
        text!(en: "Add the product {name}", id: "Tambah produk {name}"),
    )
}

pub fn change_photos(n: usize, name: &str) -> Text {
    own(
        "change_photos",
        &[("n", v(&n)), ("name", v(&name))],
        text!(en: "Add photos ({n}) to {name}", id: "Tambah foto ({n}) di {name}"),
    )
}

pub fn change_village(name: &str) -> Text {
    own(
        "change_village",
        &[("name", v(&name))],
        text!(en: "Edit the village {name}", id: "Ubah desa {name}"),
    )
}

pub fn change_new_village(name: &str) -> Text {
    own(
        "change_new_village",
        &[("name", v(&name))],
        text!(en: "Add the village {name}", id: "Tambah desa {name}"),
    )
}

pub fn change_settings() -> Text {
    own(
        "change_settings",
        &[],
        text!(en: "Edit the settings", id: "Ubah pengaturan"),
    )
}

pub fn change_delete_product(name: &str) -> Text {
    own(
        "change_delete_product",
        &[("name", v(&name))],
        text!(en: "Delete the product {name}", id: "Hapus produk {name}"),
    )
}

pub fn change_delete_village(name: &str) -> Text {
    own(
        "change_delete_village",
        &[("name", v(&name))],
        text!(en: "Delete the village {name}", id: "Hapus desa {name}"),
    )
}

pub fn change_restore(what: &str) -> Text {
    // "Produk Keripik Pare" inside a sentence: "Pulihkan produk Keripik Pare".
    let mut chars = what.chars();
    let what: String = chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default();
    own(
        "change_restore",
        &[("what", v(&what))],
        text!(en: "Restore {what}", id: "Pulihkan {what}"),
    )
}

pub fn publish() -> Text {
    own("publish", &[], text!(en: "Publish", id: "Terbitkan"))
}

pub fn publish_to(remote: &str, url: &str) -> Text {
    own(
        "publish_to",
        &[("remote", v(&remote)), ("url", v(&url))],
        text!(
            en: "Publish sends the catalog's changes to {remote} ({url}); your host then puts them on the site within a few minutes. The catalog is checked first: nothing is published while it has errors.",
            id: "Terbitkan mengirim perubahan katalog ke {remote} ({url}); layanan hosting Anda lalu menampilkannya di situs dalam beberapa menit. Katalog diperiksa dulu: tidak ada yang diterbitkan selama masih ada kesalahan."
        ),
    )
}

pub fn changes_title() -> Text {
    own(
        "changes_title",
        &[],
        text!(en: "What will be published", id: "Yang akan diterbitkan"),
    )
}

pub fn change_line(how: &str, what: &str) -> Text {
    let text = match how {
        "added" => text!(en: "Added: {what}", id: "Ditambah: {what}"),
        "removed" => text!(en: "Removed: {what}", id: "Dihapus: {what}"),
        _ => text!(en: "Changed: {what}", id: "Diubah: {what}"),
    };
    own(&format!("change_{how}"), &[("what", v(&what))], text)
}

pub fn nothing_changed() -> Text {
    own(
        "nothing_changed",
        &[],
        text!(
            en: "Nothing has changed since the last publish.",
            id: "Tidak ada yang berubah sejak terakhir diterbitkan."
        ),
    )
}

pub fn unsent(n: usize) -> Text {
    own(
        "unsent",
        &[("n", v(&n))],
        text!(
            en: "{n} saved change(s) on this computer are not sent yet: Publish sends them.",
            id: "{n} perubahan yang tersimpan di komputer ini belum terkirim: Terbitkan akan mengirimnya."
        ),
    )
}

pub fn open_form() -> Text {
    own(
        "open_form",
        &[],
        text!(en: "Open its form", id: "Buka formulirnya"),
    )
}

pub fn published(id: &str, subject: &str, remote: &str) -> Text {
    own(
        "published",
        &[
            ("id", v(&id)),
            ("subject", v(&subject)),
            ("remote", v(&remote)),
        ],
        text!(
            en: "Sent to {remote} as change {id} ({subject}). Your host publishes it within a few minutes.",
            id: "Terkirim ke {remote} sebagai perubahan {id} ({subject}). Layanan hosting Anda menerbitkannya dalam beberapa menit."
        ),
    )
}

pub fn published_earlier(n: usize, remote: &str) -> Text {
    own(
        "published_earlier",
        &[("n", v(&n)), ("remote", v(&remote))],
        text!(
            en: "Sent {n} earlier change(s) to {remote}. Your host publishes them within a few minutes.",
            id: "{n} perubahan sebelumnya terkirim ke {remote}. Layanan hosting Anda menerbitkannya dalam beberapa menit."
        ),
    )
}

pub fn nothing_to_send(remote: &str) -> Text {
    own(
        "nothing_to_send",
        &[("remote", v(&remote))],
        text!(
            en: "Nothing to send: {remote} already holds every change.",
            id: "Tidak ada yang perlu dikirim: {remote} sudah memuat semua perubahan."
        ),
    )
}

pub fn merged_first(remote: &str) -> Text {
    own(
        "merged_first",
        &[("remote", v(&remote))],
        text!(
            en: "The changes made elsewhere were brought in from {remote} first; the site now has both.",
            id: "Perubahan yang dibuat di tempat lain diambil dulu dari {remote}; situs kini memuat keduanya."
        ),
    )
}

pub fn not_published_errors(n: usize) -> Text {
    own(
        "not_published_errors",
        &[("n", v(&n))],
        text!(
            en: "Not published: the check found {n} error(s) in the catalog. Nothing was sent. Fix them, then press Publish again.",
            id: "Belum diterbitkan: pemeriksaan menemukan {n} kesalahan di katalog. Tidak ada yang dikirim. Perbaiki dulu, lalu tekan Terbitkan lagi."
        ),
    )
}

pub fn check_failed(why: &str) -> Text {
    own(
        "check_failed",
        &[("why", v(&why))],
        text!(
            en: "Not published: the catalog could not be checked: {why}",
            id: "Belum diterbitkan: katalog tidak bisa diperiksa: {why}"
        ),
    )
}

pub fn moved_on(remote: &str) -> Text {
    own(
        "moved_on",
        &[("remote", v(&remote))],
        text!(
            en: "Not sent yet: {remote} has changes made elsewhere (another computer, or the host's website) that this computer does not have. Nothing was overwritten. Bring those changes in first, then it is sent again.",
            id: "Belum terkirim: {remote} berisi perubahan dari tempat lain (komputer lain, atau situs layanan hosting) yang belum ada di komputer ini. Tidak ada yang ditimpa. Ambil dulu perubahan itu, lalu kirim lagi."
        ),
    )
}

pub fn bring_in() -> Text {
    own(
        "bring_in",
        &[],
        text!(
            en: "Bring in the changes first, then publish",
            id: "Ambil perubahan itu dulu, lalu terbitkan"
        ),
    )
}

pub fn no_credentials(remote: &str, url: &str) -> Text {
    own(
        "no_credentials",
        &[("remote", v(&remote)), ("url", v(&url))],
        text!(
            en: "Not sent: {remote} ({url}) asks for a sign-in, and this computer has not signed in to it. Sign in once with the git program on this computer: in GitHub Desktop press \"Push origin\" (or in a terminal, in the catalog's folder, run git push) and sign in when asked; git remembers it. Then press Publish again.",
            id: "Belum terkirim: {remote} ({url}) meminta masuk (login), dan komputer ini belum masuk ke sana. Masuklah sekali dengan program git di komputer ini: di GitHub Desktop tekan \"Push origin\" (atau di terminal, di folder katalog, jalankan git push) dan masuk saat diminta; git akan mengingatnya. Lalu tekan Terbitkan lagi."
        ),
    )
}

pub fn no_network(url: &str) -> Text {
    own(
        "no_network",
        &[("url", v(&url))],
        text!(
            en: "Not sent: {url} could not be reached. Check the internet connection, then press Publish again.",
            id: "Belum terkirim: {url} tidak bisa dihubungi. Periksa sambungan internet, lalu tekan Terbitkan lagi."
        ),
    )
}

pub fn git_timed_out() -> Text {
    own(
        "git_timed_out",
        &[],
        text!(
            en: "Not sent: git did not finish within 2 minutes and was stopped. The connection may be too slow: try again later.",
            id: "Belum terkirim: git tidak selesai dalam 2 menit dan dihentikan. Sambungan mungkin terlalu lambat: coba lagi nanti."
        ),
    )
}

pub fn git_failed() -> Text {
    own(
        "git_failed",
        &[],
        text!(
            en: "Not sent: git stopped with this message (show it to a volunteer who knows git):",
            id: "Belum terkirim: git berhenti dengan pesan ini (tunjukkan kepada relawan yang paham git):"
        ),
    )
}

pub fn kept_here(id: &str) -> Text {
    own(
        "kept_here",
        &[("id", v(&id))],
        text!(
            en: "Your changes are saved on this computer as change {id}, and are sent at the next Publish.",
            id: "Perubahan Anda sudah tersimpan di komputer ini sebagai perubahan {id}, dan akan dikirim saat Terbitkan berikutnya."
        ),
    )
}

pub fn conflict(remote: &str) -> Text {
    own(
        "conflict",
        &[("remote", v(&remote))],
        text!(
            en: "Not sent: the same file was changed both on {remote} and on this computer, so the changes cannot be combined by themselves. Nothing was changed or sent. A volunteer who knows git must combine them (git pull, then resolve the conflict); then press Publish again.",
            id: "Belum terkirim: berkas yang sama diubah di {remote} dan di komputer ini, jadi perubahannya tidak bisa digabung sendiri. Tidak ada yang diubah atau dikirim. Relawan yang paham git perlu menggabungkannya (git pull, lalu selesaikan konfliknya); lalu tekan Terbitkan lagi."
        ),
    )
}

pub fn no_branch() -> Text {
    own(
        "no_branch",
        &[],
        text!(
            en: "Not sent: the catalog's repository is on no branch. Ask a volunteer who knows git to check out the branch the host builds.",
            id: "Belum terkirim: repositori katalog tidak sedang berada di cabang (branch) mana pun. Minta relawan yang paham git memilih cabang yang dibangun layanan hosting."
        ),
    )
}

pub fn no_git() -> Text {
    own(
        "no_git",
        &[],
        text!(
            en: "This computer has no git program, so the workshop cannot send the catalog to a host by itself. Publish the site by hand:",
            id: "Komputer ini tidak punya program git, jadi ruang kerja tidak bisa mengirim katalog ke layanan hosting sendiri. Terbitkan situsnya dengan tangan:"
        ),
    )
}

pub fn not_a_repo() -> Text {
    own(
        "not_a_repo",
        &[],
        text!(
            en: "This catalog's folder is not a git repository (etalase init makes one), so the workshop cannot send it to a host by itself. Publish the site by hand:",
            id: "Folder katalog ini bukan repositori git (etalase init membuatnya), jadi ruang kerja tidak bisa mengirimnya ke layanan hosting sendiri. Terbitkan situsnya dengan tangan:"
        ),
    )
}

pub fn no_remote() -> Text {
    own(
        "no_remote",
        &[],
        text!(
            en: "This catalog's repository has no remote to send it to. Add one once with GitHub Desktop: open the catalog's folder (File → Add local repository), press \"Publish repository\", and sign in; after that, Publish sends every change. Until then, publish the site by hand:",
            id: "Repositori katalog ini belum punya remote (tujuan kiriman). Tambahkan sekali dengan GitHub Desktop: buka folder katalog (File → Add local repository), tekan \"Publish repository\", lalu masuk; setelah itu Terbitkan mengirim setiap perubahan. Sementara itu, terbitkan situsnya dengan tangan:"
        ),
    )
}

pub fn by_hand_steps(folder: &str) -> [Text; 3] {
    [
        own(
            "by_hand_build",
            &[],
            text!(
                en: "Press \"Build the site\" below: the site is built from the catalog, checked first.",
                id: "Tekan \"Bangun situs\" di bawah: situs dibangun dari katalog, setelah diperiksa."
            ),
        ),
        own(
            "by_hand_upload",
            &[("folder", v(&folder))],
            text!(
                en: "Upload the whole folder {folder} to Netlify Drop (app.netlify.com/drop: drag the folder onto the page) or to Cloudflare Pages (Workers & Pages → Create → Pages → Upload assets).",
                id: "Unggah seluruh folder {folder} ke Netlify Drop (app.netlify.com/drop: seret foldernya ke halaman itu) atau ke Cloudflare Pages (Workers & Pages → Create → Pages → Upload assets)."
            ),
        ),
        own(
            "by_hand_guide",
            &[],
            text!(
                en: "Each time the catalog changes, build and upload again. The volunteer guide, section 15, shows every step.",
                id: "Setiap kali katalog berubah, bangun dan unggah lagi. Panduan relawan bagian 15 menunjukkan setiap langkahnya."
            ),
        ),
    ]
}

pub fn build_site() -> Text {
    own(
        "build_site",
        &[],
        text!(en: "Build the site", id: "Bangun situs"),
    )
}

pub fn built_into(folder: &str) -> Text {
    own(
        "built_into",
        &[("folder", v(&folder))],
        text!(
            en: "Built. Upload the folder {folder} now.",
            id: "Selesai dibangun. Unggah folder {folder} sekarang."
        ),
    )
}

pub fn not_built(n: usize) -> Text {
    own(
        "not_built",
        &[("n", v(&n))],
        text!(
            en: "Not built: the check found {n} error(s) in the catalog. Fix them, then build again.",
            id: "Tidak dibangun: pemeriksaan menemukan {n} kesalahan di katalog. Perbaiki dulu, lalu bangun lagi."
        ),
    )
}
