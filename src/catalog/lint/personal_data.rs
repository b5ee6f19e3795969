//! Personal details in free text: a warning when a description or story looks like it
//! holds a personal phone number or a home address.
//!
//! A catalog is published to the open web, and volunteers often paste a seller's
//! message into `index.md` whole: "hubungi Bu Siti 0812-3456-7890, Jl. Melati No. 12,
//! RT 03/RW 05". The order number belongs in the `whatsapp:` field (shown only as a
//! link); the place is the village and kecamatan. The patterns are deliberately
//! narrow (Indonesian mobile numbers, a street with a house number, RT/RW) so that
//! prices, weights and licence numbers do not trip them.

use crate::catalog::load::{Source, SourceFile};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::text;
use std::path::Path;

/// What was found, with its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    Phone,
    Address,
}

/// Warns at every phone number or home address in the Markdown stories and
/// descriptions of `source`.
pub fn check(source: &Source) -> Diagnostics {
    use rayon::prelude::*;
    let mut diags = Diagnostics::default();
    for village in &source.villages {
        check_body(&village.dir, &village.doc.files, &village.story, &mut diags);
    }
    // Thousands of descriptions: read on every core.
    let found: Vec<Diagnostics> = source
        .villages
        .par_iter()
        .flat_map_iter(|v| &v.products)
        .map(|product| {
            let mut diags = Diagnostics::default();
            check_body(
                &product.dir,
                &product.doc.files,
                &product.description,
                &mut diags,
            );
            diags
        })
        .collect();
    for d in found {
        diags.extend(d);
    }
    diags
}

/// Checks the body of `dir/index.md`, whose front matter (if any) is among `files`.
fn check_body(dir: &Path, files: &[SourceFile], body: &str, diags: &mut Diagnostics) {
    if body.is_empty() {
        return;
    }
    let index = dir.join("index.md");
    // The body follows the front matter's closing `---` line.
    let first_line = files
        .iter()
        .find(|f| f.path == index)
        .map_or(1, |f| f.line_offset + f.text.matches('\n').count() + 2);
    for (start, _, finding) in scan(body) {
        let before = &body[..start];
        let line = first_line + before.matches('\n').count();
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let pos = Pos::new(line, col);
        diags.push(match finding {
            Finding::Phone => Diagnostic::warning(
                &index,
                pos,
                text!(
                    en: "this looks like a personal phone number: the site is public",
                    id: "ini tampak seperti nomor HP pribadi: situs ini dilihat semua orang"
                ),
            )
            .help(text!(
                en: "delete it here and put the ordering number in the `whatsapp:` field instead",
                id: "hapus dari sini dan tulis nomor untuk pesanan di kolom `whatsapp:`"
            )),
            Finding::Address => Diagnostic::warning(
                &index,
                pos,
                text!(
                    en: "this looks like a home address: the site is public",
                    id: "ini tampak seperti alamat rumah: situs ini dilihat semua orang"
                ),
            )
            .help(text!(
                en: "delete it; name only the village and kecamatan (buyers order over WhatsApp)",
                id: "hapus; sebut desa dan kecamatannya saja (pembeli memesan lewat WhatsApp)"
            )),
        });
    }
}

/// Every phone number and home address in `text`: (start byte, end byte, kind), in
/// order.
pub fn scan(text: &str) -> Vec<(usize, usize, Finding)> {
    let mut found = Vec::new();
    for (line_start, line) in lines_with_offsets(text) {
        // Both a number and an address (a house or RT number) need a digit: most
        // lines of a description have none.
        if !line.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        for (s, e) in phones(line) {
            found.push((line_start + s, line_start + e, Finding::Phone));
        }
        for (s, e) in addresses(line) {
            found.push((line_start + s, line_start + e, Finding::Address));
        }
    }
    found.sort_by_key(|f| f.0);
    found
}

fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = offset;
        offset += l.len();
        (start, l)
    })
}

/// Indonesian mobile numbers: `08` then 8 to 11 more digits, or `+62`/`62` then `8`
/// and 8 to 11 more, with spaces, dots or dashes between groups (`0812-3456-7890`,
/// `+62 812 3456 7890`, `(0812) 3456789`).
fn phones(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes[i] == b'+' || bytes[i] == b'(' || bytes[i].is_ascii_digit();
        let after_word = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'/');
        if !starts_number || after_word {
            i += 1;
            continue;
        }
        // Gather digits, allowing one separator between them.
        let mut digits = String::new();
        let mut j = i;
        if bytes[j] == b'+' || bytes[j] == b'(' {
            j += 1;
        }
        let mut end = j;
        while j < bytes.len() {
            let b = bytes[j];
            if b.is_ascii_digit() {
                digits.push(b as char);
                j += 1;
                end = j;
            } else if matches!(b, b' ' | b'-' | b'.' | b')')
                && j + 1 < bytes.len()
                && (bytes[j + 1].is_ascii_digit() || (b == b')' && bytes[j + 1] == b' '))
                && !digits.is_empty()
            {
                j += 1;
            } else {
                break;
            }
        }
        let national = digits
            .strip_prefix("62")
            .filter(|rest| rest.starts_with('8'))
            .map(|rest| format!("0{rest}"))
            .unwrap_or_else(|| digits.clone());
        let followed_by_word = bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
        if national.starts_with("08") && (10..=13).contains(&national.len()) && !followed_by_word {
            out.push((i, end));
            i = end;
        } else {
            i = j.max(i + 1);
        }
    }
    out
}

/// A street with a house number (`Jl. Melati No. 12`, `Jalan Raya Ambulu no 5`) or a
/// neighbourhood unit (`RT 03/RW 05`, `RT.3 RW.5`, `Rt 003 / Rw 002`).
fn addresses(line: &str) -> Vec<(usize, usize)> {
    let lower = line.to_ascii_lowercase();
    let mut out = Vec::new();
    for street in ["jl.", "jln.", "jln ", "jl ", "jalan "] {
        let mut from = 0;
        while let Some(k) = lower[from..].find(street) {
            let at = from + k;
            from = at + street.len();
            if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            // A house number within the next few words of the same line.
            let rest = &lower[from..];
            let window = &rest[..rest.len().min(60)];
            let numbered = ["no.", "no ", "nomor "].iter().any(|no| {
                window.find(no).is_some_and(|n| {
                    window[n + no.len()..]
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_digit())
                })
            });
            if numbered {
                out.push((at, from));
            }
        }
    }
    let mut from = 0;
    while let Some(k) = lower[from..].find("rt") {
        let at = from + k;
        from = at + 2;
        if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let rest = &lower[from..];
        let after_rt = rest.trim_start_matches(['.', ' ', ':']);
        let digits = after_rt.len()
            - after_rt
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        if digits == 0 || digits > 3 {
            continue;
        }
        let tail = after_rt[digits..].trim_start_matches([' ', '/', ',', '-']);
        if let Some(rw) = tail.strip_prefix("rw")
            && rw
                .trim_start_matches(['.', ' ', ':'])
                .starts_with(|c: char| c.is_ascii_digit())
        {
            out.push((at, from));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Finding, scan};

    fn kinds(text: &str) -> Vec<Finding> {
        scan(text).into_iter().map(|f| f.2).collect()
    }

    #[test]
    fn finds_indonesian_mobile_numbers_written_every_way() {
        for text in [
            "Hubungi Bu Siti 081234567890 ya",
            "WA: 0812-3456-7890",
            "telp 0812 3456 789",
            "+62 812-3456-7890",
            "+6281234567890",
            "628123456789.",
            "(0812) 3456 7890",
            "0857.1234.5678",
        ] {
            assert_eq!(kinds(text), vec![Finding::Phone], "{text}");
        }
    }

    #[test]
    fn leaves_prices_weights_and_licence_numbers_alone() {
        for text in [
            "Harga Rp 12.000 per 250 gram",
            "PIRT 2063509010123-25",
            "NIB 9120001234567",
            "BPOM MD 123456789012",
            "Tahun 2019 kami mulai, 80 anggota",
            "kode ID35110000123450521",
            "ukuran 08 x 12 cm",
        ] {
            assert_eq!(kinds(text), vec![], "{text}");
        }
    }

    #[test]
    fn finds_home_addresses_but_not_street_names_alone() {
        for text in [
            "Rumah kami di Jl. Melati No. 12, Ambulu",
            "jalan Raya Puger no 5",
            "Jln Mawar Gg. 3 Nomor 7",
            "RT 03/RW 05 Dukuhdempok",
            "rt.3 rw.5",
            "Rt 003 / Rw 002",
        ] {
            assert_eq!(kinds(text), vec![Finding::Address], "{text}");
        }
        for text in [
            "Dijual di pasar Jl. Ambulu setiap Minggu",
            "Kartu nomor 5",
            "sort by art 3",
        ] {
            assert_eq!(kinds(text), vec![], "{text}");
        }
    }

    #[test]
    fn positions_are_byte_offsets_of_the_match() {
        let text = "Baris satu.\nPesan ke 0812-3456-7890.\n";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].0..found[0].1], "0812-3456-7890");
    }
}
