//! What the preview says on the terminal while it runs, in the volunteer's language:
//! where it is, each rebuild's outcome, and that it stopped. The address stays a
//! whole word of its own (`http://127.0.0.1:1111/`) in both languages, for the
//! scripts and tests that read it.

use crate::commands::report::plural;
use crate::diag::Text;
use crate::text;

/// The first line of stdout: where the preview is on this computer.
pub fn serving_at(url: &str) -> Text {
    text!(en: "serving at {url}", id: "pratinjau di {url}")
}

/// With `--lan`: the address a phone on the same Wi-Fi opens (a QR code of it follows).
pub fn on_a_phone(url: &str) -> Text {
    text!(
        en: "on a phone on the same Wi-Fi: {url}",
        id: "di HP yang tersambung ke Wi-Fi yang sama: {url}"
    )
}

/// With `--lan`, on a computer with no address but its own.
pub fn no_lan_address() -> Text {
    text!(
        en: "no Wi-Fi or network address found: connect this computer to the phone's Wi-Fi",
        id: "tidak ada alamat Wi-Fi atau jaringan: sambungkan komputer ini ke Wi-Fi yang sama dengan HP"
    )
}

/// The last line of the announcement.
pub fn press_ctrl_c() -> Text {
    text!(en: "press Ctrl-C to stop", id: "tekan Ctrl-C untuk berhenti")
}

/// A good build.
pub fn rebuilt(ms: u128, pages: usize, processed: usize, cached: usize) -> Text {
    let (en_pages, en_photos) = (plural(pages, "page"), plural(processed, "photo"));
    text!(
        en: "rebuilt in {ms} ms: {en_pages}, {en_photos} processed, {cached} from cache",
        id: "dibangun ulang dalam {ms} ms: {pages} halaman, {processed} foto diproses, {cached} dari cache"
    )
}

/// A build with errors after a good one: the good one is still served.
pub fn not_rebuilt(errors: usize) -> Text {
    let en_errors = plural(errors, "error");
    text!(
        en: "not rebuilt: {en_errors}; still serving the last good site",
        id: "tidak dibangun ulang: {errors} kesalahan; pratinjau tetap menampilkan situs terakhir yang berhasil"
    )
}

/// A build with errors and no good one before it.
pub fn not_built(errors: usize) -> Text {
    let en_errors = plural(errors, "error");
    text!(
        en: "not built: {en_errors}; the preview shows the problems until they are fixed and saved",
        id: "tidak dibangun: {errors} kesalahan; perbaiki lalu simpan: sementara itu pratinjau menampilkannya"
    )
}

/// One change the watcher could not report.
pub fn watch_trouble(e: &str) -> Text {
    text!(
        en: "warning: watching for changes: {e}",
        id: "peringatan: saat mengawasi perubahan: {e}"
    )
}

/// After Ctrl-C, once the working folder is removed.
pub fn stopped() -> Text {
    text!(en: "stopped", id: "pratinjau dihentikan")
}
