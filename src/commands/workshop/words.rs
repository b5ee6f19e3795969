//! The workshop's own words, in the catalog's language (Indonesian by default, English
//! with `language: en`): its pages' interface and what it prints in the terminal. The
//! words it shares with the site (availability, "from", "price on request") come from
//! the theme's words files, as the site shows them.

use crate::diag::Text;
use crate::text;

/// The first line of stdout: the address, with the secret, for this computer's
/// browser (the address its last word, for scripts and tests).
pub fn open_at(url: &str) -> Text {
    text!(en: "workshop at {url}", id: "ruang kerja di {url}")
}

/// With `--lan`: the address a phone on the same Wi-Fi opens (a QR code of it follows).
pub fn on_a_phone(url: &str) -> Text {
    text!(
        en: "on a phone on the same Wi-Fi, open or scan: {url}",
        id: "di HP yang tersambung ke Wi-Fi yang sama, buka atau pindai: {url}"
    )
}

/// Below the addresses: the secret is in them.
pub fn keep_it_secret() -> Text {
    text!(
        en: "anyone with this address can edit the catalog until the workshop stops: share it only with the producers",
        id: "siapa pun yang punya alamat ini bisa mengubah katalog sampai ruang kerja dihentikan: bagikan hanya kepada para pembuat produk"
    )
}

/// The last line of the announcement.
pub fn press_ctrl_c() -> Text {
    text!(en: "press Ctrl-C to stop", id: "tekan Ctrl-C untuk berhenti")
}

/// After Ctrl-C.
pub fn stopped() -> Text {
    text!(en: "stopped", id: "ruang kerja dihentikan")
}

pub fn title() -> Text {
    text!(en: "Workshop", id: "Ruang kerja")
}

pub fn preview() -> Text {
    text!(en: "See the site", id: "Lihat situs")
}

pub fn sign_out() -> Text {
    text!(en: "Sign out", id: "Keluar")
}

pub fn signed_out() -> Text {
    text!(
        en: "You have signed out of the workshop.",
        id: "Anda sudah keluar dari ruang kerja."
    )
}

pub fn on_a_phone_title() -> Text {
    text!(en: "Open it on a phone", id: "Buka di HP")
}

pub fn scan_this() -> Text {
    text!(
        en: "Scan this code with the camera of a phone on the same Wi-Fi: it opens the workshop, signed in.",
        id: "Pindai kode ini dengan kamera HP yang tersambung ke Wi-Fi yang sama: ruang kerja langsung terbuka."
    )
}

pub fn no_problems() -> Text {
    text!(en: "no problems", id: "tidak ada masalah")
}

pub fn problems(n: usize) -> Text {
    if n == 1 {
        text!(en: "1 problem", id: "1 masalah")
    } else {
        text!(en: "{n} problems", id: "{n} masalah")
    }
}

/// Problems of a village's files that belong to none of its listed products (a
/// product whose files do not parse is not listed).
pub fn other_problems(n: usize) -> Text {
    if n == 1 {
        text!(en: "1 other problem", id: "1 masalah lain")
    } else {
        text!(en: "{n} other problems", id: "{n} masalah lain")
    }
}

/// Problems of the catalog's own files (`catalog.yaml`, the theme).
pub fn catalog_problems(n: usize) -> Text {
    if n == 1 {
        text!(en: "The catalog's settings have 1 problem.", id: "Pengaturan katalog punya 1 masalah.")
    } else {
        text!(
            en: "The catalog's settings have {n} problems.",
            id: "Pengaturan katalog punya {n} masalah."
        )
    }
}

pub fn no_products() -> Text {
    text!(en: "No products yet.", id: "Belum ada produk.")
}

pub fn no_villages() -> Text {
    text!(en: "No villages yet.", id: "Belum ada desa.")
}

pub fn unreadable(e: &str) -> Text {
    text!(
        en: "The catalog cannot be read: {e}",
        id: "Katalog tidak bisa dibaca: {e}"
    )
}

pub fn refused_title() -> Text {
    text!(en: "Not signed in", id: "Belum masuk")
}

pub fn how_to_get_in() -> Text {
    text!(
        en: "To get in, open the address the workshop printed on the computer it runs on, or scan its QR code with the phone.",
        id: "Untuk masuk, buka alamat yang ditampilkan ruang kerja di komputer tempat ia berjalan, atau pindai kode QR-nya dengan HP."
    )
}

pub fn no_session() -> Text {
    text!(
        en: "This page needs a session of the workshop.",
        id: "Halaman ini hanya untuk yang sudah masuk ke ruang kerja."
    )
}

pub fn wrong_key() -> Text {
    text!(
        en: "This key is not the workshop's (it changes each time the workshop starts).",
        id: "Kunci ini bukan kunci ruang kerja (kuncinya berganti setiap kali ruang kerja dimulai)."
    )
}

pub fn wrong_host() -> Text {
    text!(
        en: "The workshop answers only at its own address.",
        id: "Ruang kerja hanya menjawab di alamatnya sendiri."
    )
}

pub fn foreign_origin() -> Text {
    text!(
        en: "This request came from another site: refused.",
        id: "Permintaan ini datang dari situs lain: ditolak."
    )
}

pub fn no_csrf() -> Text {
    text!(
        en: "This request did not come from a page of the workshop: reload the page and try again.",
        id: "Permintaan ini tidak datang dari halaman ruang kerja: muat ulang halamannya lalu coba lagi."
    )
}
