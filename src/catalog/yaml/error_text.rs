//! The YAML parser's errors as diagnostics a volunteer can act on.
//!
//! The YAML parser speaks of "invalid type: string, expected a sequence"; a volunteer
//! needs "`tags` must be a list, like [segar, tanpa pengawet]". Each message keeps the
//! parser's meaning and adds the fix, in English and Indonesian.

use crate::catalog::yaml::YamlError;
use crate::diag::{Diagnostic, Pos, Text};
use crate::text;
use std::path::Path;

/// A diagnostic for a YAML file the parser refused.
pub fn error_diagnostic(path: &Path, pos: Pos, e: &YamlError, source: &str) -> Diagnostic {
    let m = e.message.as_str();
    let field = e.path.as_deref().unwrap_or("");
    if m.starts_with("could not find expected ':'")
        && let Some(d) = missing_colon(path, pos, source)
    {
        return d;
    }
    if let Some(rest) = m.strip_prefix(super::MISSING_SPACE) {
        return missing_space(path, pos, rest.trim_start());
    }
    let line_text = source.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
    let (message, help): (Text, Text) = if line_text.starts_with('\t')
        || m.contains("cannot start any token") && line_text.contains('\t')
    {
        (
            text!(
                en: "a Tab is used for indentation; YAML allows only spaces",
                id: "ada Tab untuk menjorokkan baris; YAML hanya boleh memakai spasi"
            ),
            text!(
                en: "replace the Tab at the start of the line with spaces",
                id: "ganti Tab di awal baris dengan spasi"
            ),
        )
    } else if let Some(code) = m.strip_prefix(super::CONTROL_CHARACTER) {
        let code = code.trim();
        (
            text!(
                en: "an invisible control character ({code}) is here, and YAML does not allow it",
                id: "ada karakter kontrol yang tidak terlihat ({code}) di sini, dan YAML tidak membolehkannya"
            ),
            text!(
                en: "delete it: retype this part of the line by hand (such characters come with text copied from other programs)",
                id: "hapus karakter itu: ketik ulang bagian baris ini (karakter seperti ini ikut terbawa saat menyalin teks dari program lain)"
            ),
        )
    } else if m == super::MORE_THAN_ONE_DOCUMENT {
        let file = path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        (
            text!(
                en: "`---` starts a second document here, but {file} holds one",
                id: "`---` memulai dokumen kedua di sini, padahal {file} hanya berisi satu"
            ),
            text!(
                en: "delete this `---` line (and what follows, if it is another product: each product has a folder of its own)",
                id: "hapus baris `---` ini (dan isi sesudahnya, kalau itu produk lain: setiap produk punya foldernya sendiri)"
            ),
        )
    } else if let Some(rest) = m.strip_prefix("invalid type: ")
        && rest.ends_with(", expected field identifier")
    {
        // A key that is a list or a group: `[a, b]: c`, `? [a]`.
        let (found_en, found_id) = describe_found(rest);
        (
            text!(
                en: "a key must be a word followed by `:`, like `name:`; found {found_en}",
                id: "kunci harus berupa kata diikuti `:`, seperti `name:`; yang tertulis {found_id}"
            ),
            text!(
                en: "write the key as a plain word; a line that starts with `[`, `{{` or `?` makes the key a list or a group",
                id: "tulis kuncinya sebagai kata biasa; baris yang diawali `[`, `{{` atau `?` membuat kuncinya jadi daftar atau kumpulan"
            ),
        )
    } else if m.starts_with("invalid type: unit value") {
        // `- ` or `key:` with nothing after it where a value must be.
        let what = if field.is_empty() || field == "." {
            "file".to_string()
        } else {
            format!("`{field}`")
        };
        (
            text!(en: "{what} is empty", id: "{what} kosong"),
            text!(
                en: "write a value after the `:` or `-`, or delete the line",
                id: "tulis nilainya sesudah tanda `:` atau `-`, atau hapus barisnya"
            ),
        )
    } else if let Some(rest) = m.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let (what_en, what_id) = if field.is_empty() || field == "." {
            ("the file".to_string(), "file ini".to_string())
        } else {
            (format!("`{field}`"), format!("`{field}`"))
        };
        let (exp_en, exp_id) = describe_expected(expected);
        let (found_en, found_id) = describe_found(found);
        let help = if field == "price" && found.starts_with("sequence") {
            // Several prices: that is what variants are for.
            text!(
                en: "one price here; for several, write variants: [{{ name: 250 ml, price: 12000 }}, {{ name: 500 ml, price: 20000 }}]",
                id: "satu harga saja di sini; untuk beberapa harga tulis variants: [{{ name: 250 ml, price: 12000 }}, {{ name: 500 ml, price: 20000 }}]"
            )
        } else {
            example_for(field)
        };
        (
            text!(en: "{what_en} must be {exp_en}; found {found_en}", id: "{what_id} harus berupa {exp_id}; yang tertulis {found_id}"),
            help,
        )
    } else if m.contains("expected ',' or ']'") || m.contains("expected ',' or '}'") {
        let (open, close) = if m.contains(']') {
            ('[', ']')
        } else {
            ('{', '}')
        };
        (
            text!(
                en: "a `{open}` is not closed with `{close}` before the end",
                id: "tanda `{open}` tidak ditutup dengan `{close}`"
            ),
            text!(
                en: "add the `{close}` at the end of the value, or put the value in quotes",
                id: "tambahkan `{close}` di akhir nilai, atau beri tanda kutip pada nilainya"
            ),
        )
    } else if m.starts_with("mapping values are not allowed") {
        (
            text!(
                en: "a `:` inside a value: this line cannot be read",
                id: "ada tanda `:` di dalam nilai: baris ini tidak bisa dibaca"
            ),
            text!(
                en: "put the value in quotes, like name: \"Jamu: Kunyit Asam\"",
                id: "beri tanda kutip pada nilainya, misalnya name: \"Jamu: Kunyit Asam\""
            ),
        )
    } else if m.starts_with("did not find expected key")
        || m.starts_with("did not find expected node content")
        || m.starts_with("block sequence entries are not allowed")
    {
        (
            text!(
                en: "the lines here are not lined up",
                id: "baris-baris di sini tidak sejajar"
            ),
            text!(
                en: "indent the lines under a key by the same number of spaces",
                id: "jorokkan baris-baris di bawah satu kunci dengan jumlah spasi yang sama"
            ),
        )
    } else if m.starts_with("found character that cannot start any token") {
        (
            text!(
                en: "a value starts with a character YAML reserves (like @ or `)",
                id: "nilai diawali tanda yang dipakai YAML (seperti @ atau `)"
            ),
            text!(en: "put the value in quotes", id: "beri tanda kutip pada nilainya"),
        )
    } else if m.starts_with("found unexpected end of stream")
        || m.starts_with("found unknown escape")
        || m.contains("quoted scalar")
    {
        (
            text!(en: "a quoted value is not closed", id: "tanda kutip pada nilai ini tidak ditutup"),
            text!(
                en: "close the quote at the end of the value",
                id: "tutup tanda kutip di akhir nilai"
            ),
        )
    } else if let Some((first, key)) = m
        .strip_prefix(super::DUPLICATE_KEY)
        .and_then(|rest| rest.trim_start().split_once(' '))
    {
        (
            text!(
                en: "`{key}` is written twice: on line {first} and here",
                id: "`{key}` ditulis dua kali: di baris {first} dan di sini"
            ),
            text!(
                en: "keep one of the two lines, line {first} or this one, and delete the other",
                id: "pertahankan salah satu dari dua baris itu, baris {first} atau baris ini, lalu hapus yang lain"
            ),
        )
    } else if m.starts_with("duplicate entry") || m.starts_with("duplicate field") {
        (
            text!(en: "a key is given twice", id: "ada kunci yang ditulis dua kali"),
            text!(en: "delete one of the two lines", id: "hapus salah satu barisnya"),
        )
    } else if m.contains("recursion limit") || m.contains("repetition limit") {
        (
            text!(
                en: "this YAML nests or repeats too deeply to be a catalog file",
                id: "YAML ini bertingkat atau berulang terlalu dalam untuk file katalog"
            ),
            text!(
                en: "write the values out plainly, without anchors (&) and aliases (*)",
                id: "tulis nilainya apa adanya, tanpa anchor (&) dan alias (*)"
            ),
        )
    } else {
        (
            text!(en: "this YAML cannot be read: {m}", id: "YAML ini tidak bisa dibaca: {m}"),
            text!(
                en: "compare this file with the example in the volunteer guide",
                id: "bandingkan file ini dengan contoh di panduan relawan"
            ),
        )
    };
    Diagnostic::error(path, pos, message).help(help)
}

/// A `key value` line without its `:`. The parser notices only at the next line, so
/// the line named is the nearest one at or before that without a `:`, and the help
/// gives it back with the `:` in place.
/// `price:15000`: named as written, with the line as it should be. `rest` is
/// `OTHERS KEY:VALUE` (see `yaml::missing_space`).
fn missing_space(path: &Path, pos: Pos, rest: &str) -> Diagnostic {
    let (others, written) = rest.split_once(' ').unwrap_or(("0", rest));
    let (key, value) = written.split_once(':').unwrap_or((written, ""));
    let others: usize = others.parse().unwrap_or(0);
    let message = text!(
        en: "`{written}` has no space after the colon, so it is not read as the key `{key}` and its value",
        id: "`{written}` tidak memakai spasi sesudah titik dua, jadi tidak terbaca sebagai kunci `{key}` dan nilainya"
    );
    let help = match others {
        0 => text!(
            en: "write `{key}: {value}`, with a space after the colon",
            id: "tulis `{key}: {value}`, dengan spasi sesudah titik dua"
        ),
        n => text!(
            en: "write `{key}: {value}`, with a space after the colon; {n} more lines of this file need the same",
            id: "tulis `{key}: {value}`, dengan spasi sesudah titik dua; {n} baris lain di file ini perlu diperbaiki dengan cara yang sama"
        ),
    };
    Diagnostic::error(path, pos, message).help(help)
}

fn missing_colon(path: &Path, pos: Pos, source: &str) -> Option<Diagnostic> {
    let (index, line) = source
        .lines()
        .enumerate()
        .take(pos.line)
        .filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && !t.contains(':')
        })
        .last()?;
    let indent = line.len() - line.trim_start().len();
    let text = line.trim();
    let fixed = match text.split_once(char::is_whitespace) {
        Some((key, value)) => format!("{key}: {}", value.trim_start()),
        None => format!("{text}: …"),
    };
    Some(
        Diagnostic::error(
            path,
            Pos::new(index + 1, line[..indent].chars().count() + 1),
            text!(
                en: "this line has no `:` between its key and its value",
                id: "baris ini tidak punya tanda `:` di antara kunci dan nilainya"
            ),
        )
        .help(text!(en: "write it like: {fixed}", id: "tulis seperti ini: {fixed}")),
    )
}

fn describe_expected(expected: &str) -> (&str, &str) {
    match expected {
        "a sequence" => ("a list", "daftar"),
        "a string" => ("text", "teks"),
        crate::catalog::schema::SCALAR_EXPECTED => ("text or a number", "teks atau angka"),
        "u8" | "u32" | "u64" | "i64" => ("a whole number", "bilangan bulat"),
        e if e.starts_with("struct") || e.starts_with("a map") => (
            "a group of `key: value` lines",
            "kumpulan baris `kunci: nilai`",
        ),
        "" => ("something else", "yang lain"),
        e => (e, e),
    }
}

fn describe_found(found: &str) -> (String, String) {
    if found.starts_with("map") {
        (
            "a group of `key: value` lines".into(),
            "kumpulan baris `kunci: nilai`".into(),
        )
    } else if found.starts_with("sequence") {
        ("a list".into(), "daftar".into())
    } else if let Some(s) = found.strip_prefix("string ") {
        (format!("the text {s}"), format!("teks {s}"))
    } else if let Some(n) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        (format!("the number {n}"), format!("angka {n}"))
    } else {
        (found.to_string(), found.to_string())
    }
}

/// An example of the value a field takes, for the help line.
fn example_for(path: &str) -> Text {
    let last = path.rsplit(['.', '[']).next().unwrap_or(path);
    let example = match last {
        "tags" => "tags: [segar, tanpa pengawet]",
        "photos" => "photos: [botol.jpg, DSC_0042.JPG]",
        "variants" => "variants: [{ name: 250 ml, price: 12000 }]",
        "order" => "order: { whatsapp: \"0812-0000-1234\" }",
        "labels" => "labels: { pirt: \"2063509010123-25\" }",
        "categories" => "categories: { makanan: Makanan }",
        "images" => "images: { widths: [320, 640, 1280] }",
        "widths" => "widths: [320, 640, 1280]",
        "quality" => "quality: 75",
        "name" => "name: Keripik Tempe Sagu",
        "price" => "price: 12000",
        "unit" => "unit: bungkus 100 g",
        _ => {
            return text!(
                en: "compare this line with the example in the volunteer guide",
                id: "bandingkan baris ini dengan contoh di panduan relawan"
            );
        }
    };
    text!(en: "write it like: {example}", id: "tulis seperti ini: {example}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_without_its_colon_is_named_with_the_fix() {
        let text = "name: Tiwul Instan\ncategory makanan\n\nprice: 15000\n";
        let e =
            crate::catalog::yaml::parse::<crate::catalog::schema::RawProduct>(text).unwrap_err();
        let d = error_diagnostic(Path::new("p.yaml"), e.pos.unwrap(), &e, text);
        assert_eq!(
            d.render(crate::diag::Lang::Id),
            "p.yaml:2:1: error: baris ini tidak punya tanda `:` di antara kunci dan nilainya\n  help: tulis seperti ini: category: makanan"
        );
    }

    /// A list or map where text or a number belongs is named as such, at the value.
    #[test]
    fn a_list_for_a_name_says_what_was_found_and_where() {
        let text = "category: makanan\nname: [a, b]\n";
        let e =
            crate::catalog::yaml::parse::<crate::catalog::schema::RawProduct>(text).unwrap_err();
        let pos = e.pos.unwrap();
        assert_eq!((pos.line, pos.col), (2, 7), "{e:?}");
        let d = error_diagnostic(Path::new("p.yaml"), pos, &e, text);
        let shown = d.render(crate::diag::Lang::Id);
        assert!(
            shown.contains("`name` harus berupa teks atau angka; yang tertulis daftar"),
            "{shown}"
        );
        assert!(shown.contains("name: Keripik Tempe Sagu"), "{shown}");
        // Several prices in a list: the help points to variants.
        let text = "price: [18000, 20000]\n";
        let e =
            crate::catalog::yaml::parse::<crate::catalog::schema::RawProduct>(text).unwrap_err();
        let d = error_diagnostic(Path::new("p.yaml"), e.pos.unwrap(), &e, text);
        let shown = d.render(crate::diag::Lang::Id);
        assert!(
            shown.contains("untuk beberapa harga tulis variants: [{ name: 250 ml"),
            "{shown}"
        );
        // A list left open is that mistake, not a list where a number belongs.
        let e = crate::catalog::yaml::parse::<crate::catalog::schema::RawProduct>(
            "name: a\nprice: [10000\n",
        )
        .unwrap_err();
        assert!(e.message.contains("expected ',' or ']'"), "{e:?}");
    }
}
