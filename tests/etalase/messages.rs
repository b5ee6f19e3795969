//! Every message pinned: each kind of diagnostic and each failure to run (exit 2) has a
//! small case here whose WHOLE output (exit code, stdout, stderr) is pinned in a snapshot,
//! in Indonesian (the default) and in English, as `just` pins its error messages. A
//! changed word, a lost help line or a message that turned into another shows up as a
//! snapshot diff to accept or fix.
//!
//! The content cases are a few small catalogs each holding many mistakes, made in code in
//! a temporary folder; every case runs the real binary twice, in a fresh folder each time:
//! as given (Indonesian) and with `--lang en` (for most `new` cases with `language: en`
//! in `catalog.yaml` instead, to show that it follows the catalog's language). The
//! temporary folder's path is printed as `[TMP]`.
//!
//! [`KINDS`] is the list of kinds: where each message is made, a piece of its English
//! words, and the case that pins it. Two tests keep it true:
//! - `every_kind_is_made_where_listed_and_pinned_by_its_case`: each piece is in `src/`
//!   and in its case's English snapshot;
//! - `no_diagnostic_is_made_without_a_pin`: the `Diagnostic::error(` /
//!   `Diagnostic::warning(` call sites of `src/` (tests left out) are as many as the call
//!   sites [`KINDS`] names. A new one fails it until it has a row and a case.
//!
//! Not reached, and why (not in [`KINDS`]):
//! - errors that need a file or folder the system refuses to read: the tests run as
//!   root in CI and in the dev container, where permissions stop nothing
//!   (`LoadError::Io`, `RunError::Io`, `ServeError::Io`, the IoError of a theme file,
//!   check's "cannot read the photo", `PhotoError::read_source`, the warning of a
//!   build whose pruning of the photo cache failed); `PhotoError::cache`'s own words
//!   are never shown: a cache that cannot be written stops the build (exit 2) with
//!   `RunError::Cache`'s;
//! - `PhotoError::internal` (a bug by definition) and `too_large_to_open` (the probe
//!   refuses every photo over the limit before a decoder could);
//! - `ServeError::Watch` and the watcher's own messages (inotify must fail), and the
//!   free hosts' size warnings after a build (a 25 MiB file or 20,000 files);
//! - `serve --lan`'s address for the phone, or its word that there is none: which one
//!   depends on the machine's network (`serve_speaks_the_catalogs_language` in
//!   `serve.rs` checks both languages).
//!
//! Longer than the ~500 lines a file is kept to, on purpose: the table of every kind and
//! the cases that make them are one list, read top to bottom when a message is added.

use crate::support::{CatalogTest, photos};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// One kind of message: where `src/` makes it, a piece of its English words (literal in
/// the source), and the case whose `_en` snapshot shows it. For a `Diagnostic::` call
/// site, `made` names the file and the call's number in it (`load.rs#3`: its third), so
/// that the rows name every call site once.
struct Kind {
    made: &'static str,
    says: &'static str,
    case: &'static str,
}

const fn kind(made: &'static str, says: &'static str, case: &'static str) -> Kind {
    Kind { made, says, case }
}

/// Every kind, by the file that makes it.
#[rustfmt::skip]
const KINDS: &[Kind] = &[
    // load.rs: reading the folders.
    kind("load.rs#1 Diagnostic::error", "the catalog has no catalog.yaml", "no_catalog_file"),
    kind("load.rs#2 Diagnostic::warning", "no village.yaml here: skipped", "no_catalog_file"),
    kind("load.rs#3 Diagnostic::warning", "no product.yaml here: skipped", "files_and_folders"),
    kind("load.rs#4 Diagnostic::error", "must be named exactly", "files_and_folders"),
    kind("load.rs#5 Diagnostic::error", "is given twice: here and in", "files_and_folders"),
    kind("load.rs#6 Diagnostic::error", "did you mean", "yaml_syntax"),
    kind("load.rs#7 Diagnostic::error", "the keys here are:", "yaml_syntax"),
    kind("load.rs#8 Diagnostic::error", "this file is too large to be read", "files_and_folders"),
    kind("load.rs#9 Diagnostic::warning", "this file is not saved as UTF-8 text", "files_and_folders"),
    kind("load.rs#10 Diagnostic::error", "holds only the translated text", "files_and_folders"),
    kind("load.rs#11 Diagnostic::error", "this link leads nowhere (or in a circle): skipped", "files_and_folders"),
    kind("load.rs link", "this link leads outside the catalog folder: skipped", "files_and_folders"),
    kind("load.rs link", "links to folders are not followed: skipped", "files_and_folders"),
    kind("load.rs#12 Diagnostic::warning", "this photo format is not shown on the site", "files_and_folders"),
    kind("load.rs#13 Diagnostic::error", "which the site uses itself", "files_and_folders"),
    kind("load.rs#14 Diagnostic::error", "this folder name has no letters or digits", "files_and_folders"),
    kind("load.rs#15 Diagnostic::error", "both become the web address", "files_and_folders"),
    kind("load.rs#16 Diagnostic::error", "a name on disk can hold", "files_and_folders"),
    // portable.rs: names Windows cannot hold, each reason.
    kind("portable.rs#1 Diagnostic::warning", "this name cannot be used on Windows", "files_and_folders"),
    kind("portable.rs reason", "it holds the character", "files_and_folders"),
    kind("portable.rs reason", "it ends with a dot or a space", "files_and_folders"),
    kind("portable.rs reason", "is a name Windows reserves for a device", "files_and_folders"),
    // messages.rs: the YAML parser's complaints, each branch.
    kind("messages.rs#1 Diagnostic::error", "a Tab is used for indentation", "yaml_syntax"),
    kind("messages.rs invalid type", "tags: [segar, tanpa pengawet]", "yaml_syntax"),
    kind("messages.rs invalid type", "a group of `key: value` lines", "yaml_syntax"),
    kind("error_text.rs#3 Diagnostic::error (missing_space)", "has no space after the colon", "yaml_syntax"),
    kind("error_text.rs missing_space", "more lines of this file need the same", "yaml_syntax"),
    kind("messages.rs invalid type", "one price here; for several, write variants", "yaml_syntax"),
    kind("messages.rs invalid type", "compare this line with the example in the volunteer guide", "yaml_syntax"),
    kind("messages.rs flow", "is not closed with", "yaml_syntax"),
    kind("messages.rs", "inside a value: this line cannot be read", "yaml_syntax"),
    kind("messages.rs", "the lines here are not lined up", "yaml_syntax"),
    kind("messages.rs", "a value starts with a character YAML reserves", "yaml_syntax"),
    kind("messages.rs", "a quoted value is not closed", "yaml_syntax"),
    kind("messages.rs", "a key is given twice", "yaml_syntax"),
    kind("error_text.rs DUPLICATE_KEY", "is written twice: on line", "yaml_syntax"),
    kind("error_text.rs DUPLICATE_KEY", "is written twice: on line", "catalog_key_twice"),
    kind("fields.rs whatsapp_number", "keep only the number, like whatsapp:", "whatsapp_with_a_name"),
    kind("new.rs Made (completed)", "the folder was there, its files are kept", "new_product_into_photos"),
    kind("messages.rs", "this YAML nests or repeats too deeply to be a catalog file", "yaml_syntax"),
    kind("messages.rs", "this YAML cannot be read: ", "yaml_syntax"),
    kind("messages.rs control", "an invisible control character (", "yaml_syntax"),
    kind("messages.rs documents", "starts a second document here, but", "yaml_syntax"),
    kind("messages.rs key", "a key must be a word followed by `:`, like `name:`", "yaml_syntax"),
    kind("messages.rs unit", "write a value after the `:` or `-`, or delete the line", "yaml_syntax"),
    kind("messages.rs#2 Diagnostic::error", "between its key and its value", "yaml_syntax"),
    // resolve.rs: the values.
    kind("resolve.rs#1 Diagnostic::error", "has no `title`", "catalog_values"),
    kind("resolve.rs#2 Diagnostic::error", "language must be a language code like id or en", "catalog_values"),
    kind("resolve.rs#3 Diagnostic::error", "base_url must be a full web address", "catalog_values"),
    kind("resolve.rs#3 Diagnostic::error", "base_url must be the site's address alone", "base_url_extras"),
    kind("resolve.rs#4 Diagnostic::error", "is used in web addresses and must be lower-case letters", "catalog_values"),
    kind("resolve.rs#4 Diagnostic::error", "it is used in web addresses, which hold at most", "catalog_values"),
    kind("resolve.rs#5 Diagnostic::error", "a photo width must be between 16 and 4096 pixels", "catalog_values"),
    kind("resolve.rs#6 Diagnostic::error", "images.widths is empty", "catalog_words_and_logo"),
    kind("resolve.rs#7 Diagnostic::error", "quality must be between 1 and 100", "catalog_values"),
    kind("resolve.rs#8 Diagnostic::error", "unknown category", "product_values"),
    kind("resolve.rs#9 Diagnostic::error", "or add it to catalog.yaml under categories:", "product_values"),
    kind("resolve.rs#10 Diagnostic::error", "the product has no `category`", "product_values"),
    kind("resolve.rs#11 Diagnostic::error", "has no name", "product_values"),
    kind("resolve.rs#12 Diagnostic::warning", "the product has no price", "product_values"),
    kind("resolve.rs#13 Diagnostic::error", "availability must be tersedia, pre-order or habis", "product_values"),
    kind("resolve.rs#14 Diagnostic::warning", "the product has no photo yet", "product_values"),
    kind("resolve.rs#15 Diagnostic::error", "added must be a date, year-month-day", "product_values"),
    kind("resolve.rs#16 Diagnostic::warning", "Bukalapak no longer sells physical goods", "product_values"),
    kind("resolve.rs#17 Diagnostic::error", "copy the link from the", "product_values"),
    kind("links.rs", "the link goes to", "product_values"),
    kind("links.rs", "the link must start with https://", "product_values"),
    kind("links.rs", "this is not a web link", "product_values"),
    kind("resolve.rs link", "write the full address, like", "product_values"),
    kind("resolve.rs#18 Diagnostic::error", "buyers have no way to order this product", "product_values"),
    kind("resolve.rs#19 Diagnostic::error", "write the number in quotes", "product_values"),
    kind("phone.rs", "the WhatsApp number is empty", "product_values"),
    kind("phone.rs", "a WhatsApp number holds only digits, spaces and -", "product_values"),
    kind("phone.rs", "a WhatsApp number must be a mobile number", "product_values"),
    kind("phone.rs", "a WhatsApp number has 10 to 13 digits", "product_values"),
    kind("resolve.rs phone", "the quotes are curly", "curly_quotes"),
    kind("resolve.rs#20 Diagnostic::error", "price must be rupiah", "prices"),
    kind("resolve.rs price", "price must be written in decimal digits", "product_values"),
    kind("resolve.rs price", "is too large: the largest a price can be is", "product_values"),
    kind("resolve.rs#23 Diagnostic::warning", "has the same name as variant", "product_values"),
    kind("resolve.rs#21 Diagnostic::error", "is missing", "product_values"),
    kind("resolve.rs#22 Diagnostic::error", "a photo name is empty", "photo_names"),
    kind("resolve.rs photo", "is outside this folder", "photo_names"),
    kind("resolve.rs photo", "is not a JPEG, PNG or WebP photo", "photo_names"),
    kind("resolve.rs photo", "this is an iPhone HEIC photo: save it as JPEG and list", "photo_names"),
    kind("resolve.rs photo", "photos must be .jpg, .jpeg, .png or .webp files", "photo_names"),
    kind("resolve.rs photo", "is a link to a file outside the catalog folder", "photo_names"),
    kind("resolve.rs photo", "photo not found", "photo_names"),
    kind("resolve.rs photo", "copy the photo into this folder, or remove this line", "photo_names"),
    kind("resolve.rs photo", "the photos in this folder are:", "photo_names"),
    // build.rs: the language's words and the photos.
    kind("build.rs#1 Diagnostic::error", "there are no interface words for language", "catalog_words_and_logo"),
    kind("build.rs#2 Diagnostic::error", "the photo is cut off (truncated)", "photo_files"),
    kind("build.rs#3 Diagnostic::warning", "it will look blurry", "catalog_words_and_logo"),
    // diag/fsio.rs: a named pipe, socket or device where a file should be.
    kind("fsio.rs#1 Diagnostic::error", "is not a regular file but", "special_files"),
    // photos/error.rs: each photo the pipeline refuses.
    kind("photos/error.rs empty", "the file is empty (0 bytes)", "photo_files"),
    kind("photos/error.rs not_a_photo", "this file is not a photo etalase can read", "photo_files"),
    kind("photos/error.rs heic", "(most phones: Share", "photo_files"),
    kind("photos/error.rs other_format", "which etalase does not read", "photo_files"),
    kind("photos/error.rs video", "this is a video, not a photo", "photo_files"),
    kind("photos/error.rs rare_jpeg", "this JPEG uses a rare kind of compression", "photo_files"),
    kind("photos/error.rs damaged", "the photo is damaged and cannot be read", "photo_files"),
    kind("photos/error.rs too_many_pixels", "megapixels; the limit is", "photo_files"),
    kind("photos/error.rs truncated", "the photo is cut off (truncated)", "photo_files_build"),
    kind("photos/error.rs bad_shape", "too long and narrow for a web page", "photo_files_build"),
    // The rest of the content checks.
    kind("crowd.rs#1 Diagnostic::warning", "more like the ones above", "many_products"),
    kind("print.rs#1 Diagnostic::warning", "the printed catalog (cetak/) is made for up to", "many_products"),
    kind("print.rs#2 Diagnostic::warning", "no base_url: the printed catalog has no QR codes", "print_not_built"),
    kind("privacy.rs#1 Diagnostic::warning", "this looks like a personal phone number", "product_values"),
    kind("privacy.rs#2 Diagnostic::warning", "this looks like a home address", "product_values"),
    kind("icons.rs#1 Diagnostic::error", "logo must be a file in the content folder", "catalog_values"),
    kind("icons.rs logo", "is not in the content folder", "catalog_words_and_logo"),
    kind("icons.rs logo", "cannot be used: ", "theme_mistakes"),
    kind("theme.rs#1 Diagnostic::error", "the interface words cannot be read", "theme_mistakes"),
    kind("render.rs#1 Diagnostic::error", "template error: ", "theme_mistakes"),
    kind("render.rs template", "template error: ", "template_render"),
    kind("render.rs template", "template error: ", "template_unknown_block"),
    kind("seo.rs#1 Diagnostic::warning", "no base_url: links shared in WhatsApp will show no photo", "catalog_words_and_logo"),
    kind("seo.rs#1 Diagnostic::warning", "nor product feeds for the WhatsApp/Facebook and Google catalogs", "catalog_words_and_logo"),
    // product_feeds.rs: what Meta's and Google's catalogs would refuse (issue 19).
    kind("product_feeds.rs#1 Diagnostic::warning", "it is left out of the WhatsApp/Facebook and Google catalogs (feeds/), which require one", "product_feeds"),
    kind("product_feeds.rs#2 Diagnostic::warning", "no photo large enough for the WhatsApp/Facebook and Google catalogs", "product_feeds"),
    kind("product_feeds.rs#3 Diagnostic::warning", "the product feeds cut it at", "product_feeds"),
    kind("product_feeds.rs#4 Diagnostic::warning", "Meta's commerce policies often reject jamu and herbal remedies", "product_feeds"),
    kind("resolve.rs#27 Diagnostic::error", "feeds must be true or false", "product_feeds"),
    kind("product_feeds.rs#5 Diagnostic::warning", "so the product is left out of Google's feed (feeds/google.xml)", "product_feeds"),
    kind("product_feeds.rs#5 Diagnostic::warning", "so the product is left out of both feeds (feeds/)", "product_feeds"),
    kind("product_feeds.rs#5 Diagnostic::warning", "so the product is left out of the WhatsApp/Facebook catalog (feeds/meta.csv)", "product_feeds"),
    kind("product_feeds.rs#6 Diagnostic::warning", "a pre-order needs the day its orders ship for Google's catalog", "product_feeds"),
    kind("product_feeds.rs#7 Diagnostic::warning", "Google refuses a pre-order whose date has come", "product_feeds"),
    kind("product_feeds.rs#8 Diagnostic::warning", "Google takes a pre-order's date at most a year ahead", "product_feeds"),
    kind("resolve.rs#28 Diagnostic::error", "available_from must be a date, year-month-day", "product_feeds"),
    // diag.rs: `Diagnostic::warning` is made by `Diagnostic::error`.
    kind("diag.rs#1 Diagnostic::error", "warning: ", "product_values"),
    // Exit 2: failures to run.
    kind("load.rs LoadError::NotAFolder", "is not a folder: give the catalog folder with --content", "content_not_a_folder"),
    kind("write.rs WriteError::NotOurs", "already exists and was not made by etalase", "out_not_ours"),
    kind("fsio.rs IoError (WriteError::Io)", "create folder", "out_parent_is_file"),
    kind("build.rs RunError::Cache", "choose another with --cache", "cache_is_file"),
    kind("error.rs ErrorKind::Cache (RunError::Cache)", "choose another with --cache", "cache_file_is_folder"),
    kind("commands/cache.rs prune", ", kept ", "cache_prune"),
    kind("commands/cache.rs waiting", "is using the photo cache", "cache_prune_busy"),
    kind("commands/cache.rs LockError::TimedOut", "then prune again (or wait longer with --wait)", "cache_prune_busy"),
    kind("commands/cache.rs prune failed", "could not prune the photo cache", "cache_prune_not_a_folder"),
    kind("commands/cache.rs after_build", " no build used for ", "build_prunes_cache"),
    kind("new.rs NewError::Exists", "etalase never overwrites it", "new_village_exists"),
    kind("new.rs NewError::EmptyName", "the name has no letters or digits to make a folder name from", "new_empty_name"),
    kind("new.rs NewError::NoVillage", "make it first with `etalase new village", "new_product_no_village"),
    kind("new.rs NewError::NoVillage", "the villages are: ", "new_product_unknown_village"),
    kind("new.rs NewError::Io", "create folder", "new_io"),
    kind("init.rs InitError::NotEmpty", "etalase init never overwrites files", "init_not_empty"),
    kind("init.rs InitError::Io", "create folder", "init_io"),
    kind("print/chromium.rs NoBrowser(None)", "printing to PDF needs Chromium or Google Chrome", "print_no_browser"),
    kind("print/chromium.rs NoBrowser(Some)", "no such program; give the path of Chromium", "print_browser_missing"),
    kind("print/chromium.rs NotBuilt", "build the site first", "print_not_built"),
    kind("print/chromium.rs Failed", "without writing the PDF", "print_browser_fails"),
    kind("print/chromium.rs Timeout", "and was stopped; try again, or allow longer with --timeout", "print_timeout"),
    kind("print/chromium.rs Start", "could not start", "print_cannot_start"),
    kind("print/chromium.rs Io", "create folder", "print_pdf_dir_is_file"),
    kind("serve/mod.rs ServeError::NotAFolder", "is not a folder", "serve_not_a_folder"),
    kind("serve/mod.rs ServeError::Bind", "could not start the preview server", "serve_port_in_use"),
    kind("usage.rs InvalidValue", "; it can be: ", "usage_error"),
    // order.rs: share texts pasted whole (issue 15, point 2).
    kind("resolve.rs#25 Diagnostic::warning", "the words around it were dropped", "share_texts"),
    kind("resolve.rs share", "nothing to do; next time, paste only the link", "share_texts"),
    kind("links.rs", "there are words here but no link starting with https://", "share_texts"),
    kind("links.rs", "the text holds two links, ", "share_texts"),
    kind("resolve.rs share", "keep only the link to this product on", "share_texts"),
    kind("resolve.rs share", "as the start of a comment, so the link after it was not read", "share_texts"),
    // fields.rs: prices that cannot be one number, each for what it is (issue 15, point 3).
    kind("resolve.rs price", "holds what it buys; the price is the number alone", "prices"),
    kind("resolve.rs price", "is written in words; a price is written in digits", "prices"),
    kind("resolve.rs price", "is a range; a price is one number", "prices"),
    kind("resolve.rs price", "has a fraction of a rupiah; a price is whole rupiah", "prices"),
    // placeholders.rs: what the examples write, left in a group's catalog (issue 15, point 1).
    kind("placeholders.rs#1 Diagnostic::error", "is a made-up number from the examples (0812-0000-xxxx)", "placeholders"),
    kind("placeholders.rs#1 Diagnostic::error", "is a made-up number from the examples (0812-0000-xxxx)", "placeholders_unpublished"),
    kind("placeholders.rs#2 Diagnostic::error", "this is the example village `etalase init` made", "placeholders"),
    kind("placeholders.rs#2 Diagnostic::error", "this is the example product `etalase init` made", "placeholders_unpublished"),
    kind("parse.rs variant", "a variant is written with its name and its price", "variant_rows"),
    kind("resolve.rs#26 Diagnostic::error", "example must be true or false", "placeholders"),
    // parse.rs: keys in Indonesian, and where they belong (issue 15, point 5).
    kind("parse.rs key_words", "etalase reads keys in English only, as the guide writes them: write `", "indonesian_keys"),
    kind("parse.rs#3 Diagnostic::error", "` under `", "indonesian_keys"),
    kind("parse.rs key_words", "` is written under `", "indonesian_keys"),
    kind("parse.rs key_words", "write it under `", "indonesian_keys"),
    kind("parse.rs#4 Diagnostic::error", "the description is not written as a key", "indonesian_keys"),
    kind("parse.rs#5 Diagnostic::error", "a product's village is the folder it stands in", "indonesian_keys"),
    // parse.rs: values in curly quotes (issue 15, point 6).
    kind("parse.rs#6 Diagnostic::warning", "is in curly quotes (", "curly_quotes"),
    kind("parse.rs curly", "word processors and phone keyboards curl them", "curly_quotes"),
    // copies.rs and report.rs: products that vanish or double (issue 15, point 8).
    kind("copies.rs#1 Diagnostic::warning", "looks like a copy of the folder", "copied_and_skipped"),
    kind("report.rs summary", "skipped (see the warnings above)", "copied_and_skipped"),
    // serve/said.rs: what the preview says while it runs (issue 15, point 11).
    kind("serve/said.rs serving_at", "serving at ", "serve_session"),
    kind("serve/said.rs press_ctrl_c", "press Ctrl-C to stop", "serve_session"),
    kind("serve/said.rs rebuilt", " processed, ", "serve_session"),
    kind("serve/said.rs not_rebuilt", "; still serving the last good site", "serve_session"),
    kind("serve/said.rs stopped", "stopped", "serve_session"),
    kind("serve/said.rs not_built", "; the preview shows the problems until they are fixed and saved", "serve_broken_from_start"),
    // usage.rs: a command line clap cannot read, in the volunteer's language (point 11).
    kind("usage.rs UnknownArgument", "one word too many: ", "usage_name_without_quotes"),
    kind("usage.rs UnknownArgument", "a name with spaces goes in quotes", "usage_name_without_quotes"),
    kind("usage.rs Usage", "usage: ", "usage_name_without_quotes"),
    kind("usage.rs Usage", "more: ", "usage_name_without_quotes"),
    kind("usage.rs MissingRequiredArgument", "this command needs ", "usage_missing_name"),
    kind("usage.rs InvalidSubcommand", "did you mean '", "usage_unknown_command"),
    kind("usage.rs UnknownArgument", " here; did you mean ", "usage_unknown_option"),
    kind("usage.rs UnknownArgument", "this command takes no '", "usage_extra_word"),
    kind("usage.rs ValueValidation", "' is not a value for ", "usage_bad_port"),
    kind("usage.rs InvalidValue", "needs a value after it", "usage_no_value"),
    // workshop/words.rs: what `edit` says in the terminal (issue 16, points 1 and 9).
    kind("workshop/words.rs open_at", "workshop at ", "workshop_session"),
    kind("workshop/words.rs keep_it_secret", "anyone with this address can edit the catalog", "workshop_session"),
    kind("workshop/words.rs press_ctrl_c", "press Ctrl-C to stop", "workshop_session"),
    kind("workshop/words.rs stopped", "stopped", "workshop_session"),
    kind("serve/mod.rs ServeError::NotAFolder", "is not a folder", "edit_not_a_folder"),
    // photos/error.rs: the byte limit the workshop's uploads brought to the build too.
    kind("photos/error.rs too_many_bytes", "MB: make it smaller (most phones: share it through WhatsApp", "photo_too_many_bytes"),
];

// ---------------------------------------------------------------------------------
// The checks on the table.

/// Every `.rs` file under `src/`, without its `#[cfg(test)] mod tests`.
fn source_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let code = match text.find("#[cfg(test)]\nmod tests") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
            let rel = e.path().strip_prefix(&root).unwrap();
            (rel.to_string_lossy().replace('\\', "/"), code)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn no_diagnostic_is_made_without_a_pin() {
    let mut sites = Vec::new();
    for (file, code) in source_files() {
        for call in ["Diagnostic::error(", "Diagnostic::warning("] {
            for (at, _) in code.match_indices(call) {
                sites.push(format!("{file}:{}", code[..at].matches('\n').count() + 1));
            }
        }
    }
    let mut listed: Vec<&str> = KINDS
        .iter()
        .map(|k| k.made)
        .filter(|m| m.contains("Diagnostic::"))
        .collect();
    listed.sort_unstable();
    listed.dedup();
    assert_eq!(
        sites.len(),
        listed.len(),
        "src/ makes diagnostics at {} places but tests/etalase/messages.rs pins {}: a \
         diagnostic was added (or removed) without its pin. Add a row to KINDS naming its \
         call site (`file.rs#N Diagnostic::error`), a case that makes it (or a mistake in an \
         existing case), and accept the snapshots with INSTA_UPDATE=always.\nThe call \
         sites:\n{}",
        sites.len(),
        listed.len(),
        sites.join("\n")
    );
}

#[test]
fn every_kind_is_made_where_listed_and_pinned_by_its_case() {
    let source: String = source_files().into_iter().map(|(_, code)| code).collect();
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/etalase/snapshots");
    let mut wrong = Vec::new();
    for k in KINDS {
        if !k.made.starts_with("cli.rs") && !source.contains(k.says) {
            wrong.push(format!("{}: {:?} is not in src/", k.made, k.says));
        }
        let snap = snapshots.join(format!("etalase__messages__{}_en.snap", k.case));
        let pinned = std::fs::read_to_string(&snap).unwrap_or_default();
        if !pinned.contains(k.says) {
            wrong.push(format!(
                "{}: {:?} is not in {}",
                k.made,
                k.says,
                snap.display()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------------
// Running a case.

/// How a case's English run asks for English.
#[derive(Clone, Copy)]
enum English {
    /// `--lang en` after the arguments.
    Flag,
    /// `language: en` in `content/catalog.yaml`.
    Catalog,
}

/// One pinned run: a folder made by `setup`, `etalase args…` run in it.
struct Case {
    name: &'static str,
    setup: fn(&CatalogTest),
    args: &'static [&'static str],
    english: English,
}

const fn case(name: &'static str, setup: fn(&CatalogTest), args: &'static [&'static str]) -> Case {
    Case {
        name,
        setup,
        args,
        english: English::Flag,
    }
}

/// Runs every case in both languages and pins each output.
fn pin_all(cases: &[Case]) {
    for c in cases {
        for lang in ["id", "en"] {
            let t = CatalogTest::empty();
            (c.setup)(&t);
            let mut args: Vec<String> = c.args.iter().map(|a| a.to_string()).collect();
            if lang == "en" {
                match c.english {
                    English::Flag => args.extend(["--lang".into(), "en".into()]),
                    English::Catalog => {
                        let path = t.path("content/catalog.yaml");
                        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
                        text.push_str("language: en\n");
                        t.write("content/catalog.yaml", text);
                    }
                }
            }
            let out = run(&t, &args, &[]);
            insta::assert_snapshot!(format!("{}_{lang}", c.name), out);
        }
    }
}

/// Runs `etalase args…` in the case's folder (with `env` added; `[TMP]` in a value is
/// the folder) and gives the whole output, the folder's path as `[TMP]`. A run past two
/// minutes is killed and fails the test.
fn run(t: &CatalogTest, args: &[String], env: &[(&str, &str)]) -> String {
    let tmp = t.dir.path().display().to_string();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_etalase"));
    cmd.args(args)
        .current_dir(t.dir.path())
        .env_remove("ETALASE_CACHE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v.replace("[TMP]", &tmp));
    }
    let mut child = cmd.spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).unwrap();
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("etalase {} ran past two minutes", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = (out.join().unwrap(), err.join().unwrap());
    let code = status
        .code()
        .map_or_else(|| "killed".to_string(), |c| c.to_string());
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            if a.is_empty() || a.contains([' ', '!', '"', '\'']) {
                format!("'{a}'")
            } else {
                a.clone()
            }
        })
        .collect();
    let whole = format!(
        "$ etalase {}\nexit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        shown.join(" ")
    );
    whole.replace(&tmp, "[TMP]")
}

// ---------------------------------------------------------------------------------
// Building blocks of the catalogs.

/// A good 1000×750 JPEG, made once: large enough for the product feeds (their image,
/// the 1.91:1 link preview, must be at least 500 pixels high).
fn good_photo() -> &'static [u8] {
    static PHOTO: OnceLock<Vec<u8>> = OnceLock::new();
    PHOTO.get_or_init(|| photos::jpeg(&photos::halves(1000, 750)))
}

/// A catalog with a title and a WhatsApp number for every product.
fn catalog(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        "title: Katalog Desa\nbase_url: https://kub-melati.github.io/katalog/\nwhatsapp: \"0812-3456-7890\"\n",
    );
}

/// A village `desa` with a name.
fn village(t: &CatalogTest) {
    t.write("content/desa/village.yaml", "name: Desa Contoh\n");
}

/// A product in `desa/<slug>` whose `product.yaml` is `yaml` as written.
fn raw_product(t: &CatalogTest, slug: &str, yaml: impl AsRef<[u8]>) {
    t.write(&format!("content/desa/{slug}/product.yaml"), yaml);
}

/// A good product in `desa/<slug>` (name, category, price and a photo) with `extra`
/// lines added to its `product.yaml`.
fn product(t: &CatalogTest, slug: &str, extra: &str) {
    raw_product(
        t,
        slug,
        format!("name: Produk {slug}\ncategory: makanan\nprice: 12000\n{extra}"),
    );
    t.write(&format!("content/desa/{slug}/foto.jpg"), good_photo());
}

#[cfg(unix)]
fn symlink(t: &CatalogTest, target: &str, link: &str) {
    std::os::unix::fs::symlink(target, t.path(link)).unwrap();
}

/// An executable shell script at `name`.
#[cfg(unix)]
fn script(t: &CatalogTest, name: &str, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    t.write(name, text);
    std::fs::set_permissions(t.path(name), std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A JPEG of only a header: SOI, a frame header of `precision` bits and `width` ×
/// `height`, EOI. Enough for the probe (`check`) and for the sizes a build plans.
fn jpeg_header(precision: u8, width: u16, height: u16) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, precision];
    b.extend(height.to_be_bytes());
    b.extend(width.to_be_bytes());
    b.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    b.extend([0xFF, 0xD9]);
    b
}

/// An ISO media file (an `ftyp` box naming `brand` alone, then padding): HEIC, AVIF or
/// a video (`isom`).
fn iso_media(brand: &[u8; 4]) -> Vec<u8> {
    let mut b = vec![0, 0, 0, 20];
    b.extend(b"ftyp");
    b.extend(brand);
    b.extend([0, 0, 0, 0]);
    b.extend(brand);
    b.extend([0; 16]);
    b
}

// ---------------------------------------------------------------------------------
// The content cases: catalogs full of mistakes, `check` (exit 1).

fn catalog_values(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        format!(
            "description: Katalog tanpa judul\nlanguage: Indonesia\nbase_url: kub-melati.github.io\n\
             categories:\n  Makanan Ringan: Makanan ringan\n  minuman: Minuman\n  {}khas: Terlalu panjang\n\
             images:\n  widths: [8, 640]\n  quality: 99999999999999999999999\nlogo: ../logo.png\n",
            "oleh-oleh-".repeat(20)
        ),
    );
}

/// A base_url with a user name and password, a query and a fragment, as copied from a
/// browser's address bar or a shared link: none of it may reach the site's URLs.
fn base_url_extras(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        "title: Katalog Desa\nbase_url: https://relawan:rahasia@kub-melati.github.io/katalog?utm_source=wa#atas\n",
    );
}

fn catalog_words_and_logo(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        "title: Katalog Desa\nlanguage: jv\nwhatsapp: \"0812-3456-7890\"\n\
         images:\n  widths: []\nlogo: logo.png\n",
    );
    village(t);
    raw_product(
        t,
        "kecil",
        "name: Foto Kecil\ncategory: makanan\nprice: 12000\n",
    );
    t.write(
        "content/desa/kecil/foto.jpg",
        photos::jpeg(&photos::halves(100, 75)),
    );
}

/// What the product feeds leave out or cut (issue 19): no price, a photo too small, a
/// description past Google's limit, jamu on Meta, `feeds:` that is not yes or no, ids
/// too long for Google, for both and for Meta (its category out of Google's feed),
/// pre-orders without a day ahead or with one more than a year ahead, and
/// `available_from:` that is no date.
fn product_feeds(t: &CatalogTest) {
    catalog(t);
    let catalog_yaml = t.read("content/catalog.yaml");
    t.write(
        "content/catalog.yaml",
        format!("{catalog_yaml}feeds:\n  google:\n    leave_out: [kerajinan]\n"),
    );
    village(t);
    product(
        t,
        "kode-panjang",
        "id: KERIPIK-PARE-RENYAH-KUB-MELATI-DESA-CONTOH-BUNGKUS-250-GR\n",
    );
    let long = "J".repeat(120);
    product(t, "kode-sangat-panjang", &format!("id: {long}\n"));
    raw_product(
        t,
        "anyaman",
        format!("name: Tas Anyaman\ncategory: kerajinan\nprice: 90000\nid: {long}\n"),
    );
    t.write("content/desa/anyaman/foto.jpg", good_photo());
    product(t, "pesanan", "availability: pre-order\n");
    product(
        t,
        "pesanan-lama",
        "availability: pre-order\navailable_from: 2020-01-01\n",
    );
    product(
        t,
        "pesanan-jauh",
        "availability: pre-order\navailable_from: 2999-01-01\n",
    );
    product(
        t,
        "pesanan-salah",
        "availability: pre-order\navailable_from: besok\n",
    );
    raw_product(t, "tanpa-harga", "name: Tanpa Harga\ncategory: makanan\n");
    t.write("content/desa/tanpa-harga/foto.jpg", good_photo());
    product(t, "kecil", "");
    t.write("content/desa/kecil/foto.jpg", jpeg_header(8, 640, 480));
    product(t, "panjang", "");
    t.write(
        "content/desa/panjang/index.md",
        "Keripik renyah. ".repeat(400),
    );
    raw_product(
        t,
        "jamu",
        "name: Jamu Kunyit\ncategory: jamu\nprice: 10000\nfeeds: kadang\n",
    );
    t.write("content/desa/jamu/foto.jpg", good_photo());
}

fn theme_mistakes(t: &CatalogTest) {
    catalog(t);
    t.write("content/catalog.yaml", {
        let mut c = t.read("content/catalog.yaml");
        c.push_str("logo: logo.png\n");
        c
    });
    t.write("content/logo.png", "ini bukan gambar\n");
    village(t);
    product(t, "produk", "");
    t.write("content/_theme/i18n/id.yaml", "cart: [keranjang\n");
    t.write(
        "content/_theme/templates/product.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ product.name \n{% endblock %}\n",
    );
}

fn template_render(t: &CatalogTest) {
    catalog(t);
    village(t);
    product(t, "produk", "");
    t.write(
        "content/_theme/templates/product.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ product.tidak_ada.sama_sekali }}</p>\n{% endblock content %}\n",
    );
}

fn template_unknown_block(t: &CatalogTest) {
    catalog(t);
    village(t);
    product(t, "produk", "");
    t.write(
        "content/_theme/templates/product.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ product.name }}</p>\n{% endblock %}\n",
    );
}

fn no_catalog_file(t: &CatalogTest) {
    t.write("content/desa/catatan.txt", "bukan desa\n");
}

fn yaml_syntax(t: &CatalogTest) {
    catalog(t);
    village(t);
    let head = "name: Produk\ncategory: makanan\n";
    let files: &[(&str, String)] = &[
        ("tab", "name: Produk\n\tcategory: makanan\n".into()),
        ("tags-teks", format!("{head}tags: segar\n")),
        ("harga-daftar", format!("{head}price: [12000, 20000]\n")),
        ("daftar-saja", "- Produk\n- makanan\n".into()),
        (
            "pembuat-daftar",
            format!("{head}maker: [Bu Siti, Pak Budi]\n"),
        ),
        ("kurung-siku", format!("{head}tags: [segar, renyah\n")),
        (
            "kurung-kurawal",
            format!("{head}order: {{ whatsapp: \"0812-3456-7890\"\n"),
        ),
        (
            "titik-dua",
            "name: Jamu: Kunyit Asam\ncategory: minuman\n".into(),
        ),
        (
            "tidak-sejajar",
            format!("{head}variants:\n  - name: kecil\n price: 12000\n"),
        ),
        ("tanda-at", "name: @tokodesa\ncategory: makanan\n".into()),
        ("kutip", "name: \"Jamu Kunyit\ncategory: minuman\n".into()),
        ("kunci-ganda", format!("{head}price: 12000\nprice: 15000\n")),
        // Twice inside `{ }`, where the lines cannot tell which.
        (
            "kunci-ganda-kurawal",
            format!(
                "{head}order: {{ whatsapp: \"0812-3456-7890\", whatsapp: \"0813-1111-2222\" }}\n"
            ),
        ),
        ("terlalu-dalam", format!("name: {}\n", "[".repeat(130))),
        ("lainnya", "name: *produk\ncategory: makanan\n".into()),
        (
            "tanpa-titik-dua",
            "name: Tiwul Instan\ncategory makanan\n\nprice: 15000\n".into(),
        ),
        ("salah-eja", format!("{head}prise: 12000\n")),
        ("kunci-asing", format!("{head}warna: merah\n")),
        // Where the parser's own words were "control characters are not allowed at
        // position 5", "more than one document", "field identifier", "unit value".
        ("kontrol", "name: Sa\u{1}gon\ncategory: makanan\n".into()),
        ("dua-dokumen", format!("{head}---\nname: Produk Lain\n")),
        // `price:15000`: the parser blamed another line, or the end of the file.
        ("tanpa-spasi", format!("{head}price:15000\n")),
        (
            "semua-tanpa-spasi",
            "name:Tiwul Instan\ncategory:makanan\nprice:15000\n".into(),
        ),
        ("kunci-daftar", format!("{head}[kecil, besar]: 12000\n")),
        (
            "pilihan-kosong",
            format!("{head}variants:\n  - {{ name: kecil }}\n  - ~\n"),
        ),
    ];
    for (slug, yaml) in files {
        raw_product(t, slug, yaml);
    }
}

fn files_and_folders(t: &CatalogTest) {
    catalog(t);
    village(t);
    // A product file named in the wrong case.
    t.write(
        "content/desa/huruf-besar/Product.yaml",
        "name: Huruf Besar\ncategory: makanan\n",
    );
    // The same key in product.yaml and in index.md's front matter.
    product(t, "dua-kali", "");
    t.write(
        "content/desa/dua-kali/index.md",
        "---\nprice: 15000\n---\nKeripik renyah.\n",
    );
    // A file too large to read, and one not saved as UTF-8.
    raw_product(t, "besar", "x".repeat(2 << 20));
    product(t, "latin", "");
    raw_product(
        t,
        "latin",
        b"name: Keripik Pis\xe9\ncategory: makanan\nprice: 12000\n".as_slice(),
    );
    // A translation with front matter.
    product(t, "terjemahan", "");
    t.write(
        "content/desa/terjemahan/index.en.md",
        "---\nname: Chips\n---\nCrispy chips.\n",
    );
    // Links: to nothing, out of the catalog, to a folder.
    product(t, "tautan", "");
    t.write("rahasia.txt", "bukan untuk situs\n");
    #[cfg(unix)]
    {
        symlink(t, "tidak-ada.jpg", "content/desa/tautan/hilang.jpg");
        symlink(t, "../../../rahasia.txt", "content/desa/tautan/rahasia.txt");
        symlink(t, "../dua-kali", "content/desa/tautan/folder");
    }
    // A photo format browsers cannot show.
    product(t, "heic", "");
    t.write("content/desa/heic/IMG_0001.HEIC", iso_media(b"heic"));
    // Folder names: one the site uses, one without letters, two giving one address.
    t.write("content/cari/village.yaml", "name: Cari\n");
    product(t, "!!!", "");
    product(t, "Tas Batik", "");
    product(t, "tas-batik", "");
    // A folder name whose web address is too long for a file name.
    product(t, &"中".repeat(51), "");
    // A folder that is not a product.
    t.write("content/desa/catatan/daftar.txt", "belum jadi produk\n");
    // Names Windows cannot hold.
    product(t, "windows", "");
    t.write("content/desa/windows/foto:depan.txt", "x");
    t.write("content/desa/windows/catatan.", "x");
    t.write("content/desa/windows/con.txt", "x");
}

fn product_values(t: &CatalogTest) {
    t.write("content/catalog.yaml", "title: Katalog Desa\n");
    t.write(
        "content/desa/village.yaml",
        "district: Kalibening\nwhatsapp: \"0812-3456-7890\"\n",
    );
    t.write("content/desa/index.md", "Desa di lereng gunung.\n");
    // Categories.
    product(t, "tanpa-kategori", "");
    raw_product(t, "tanpa-kategori", "name: Tanpa Kategori\nprice: 12000\n");
    raw_product(
        t,
        "kategori-mirip",
        "name: Mirip\ncategory: Makanan\nprice: 12000\n",
    );
    raw_product(
        t,
        "kategori-asing",
        "name: Asing\ncategory: snack\nprice: 12000\n",
    );
    for slug in ["kategori-mirip", "kategori-asing"] {
        t.write(&format!("content/desa/{slug}/foto.jpg"), good_photo());
    }
    // Name, price, variants, availability, date.
    raw_product(t, "tanpa-nama", "category: makanan\nprice: 12000\n");
    t.write("content/desa/tanpa-nama/foto.jpg", good_photo());
    raw_product(t, "tanpa-harga", "name: Tanpa Harga\ncategory: makanan\n");
    t.write("content/desa/tanpa-harga/foto.jpg", good_photo());
    product(t, "harga", "");
    raw_product(
        t,
        "harga",
        "name: Harga\ncategory: makanan\nprice: dua belas ribu\n",
    );
    product(
        t,
        "pilihan",
        "variants:\n  - { name: 250 ml, price: 12000 }\n  - { price: 20000 }\n",
    );
    product(t, "ketersediaan", "availability: besok\n");
    // Numbers YAML reads that no shop writes, one past any integer type, and two
    // variants of one name.
    product(t, "harga-heksa", "");
    raw_product(
        t,
        "harga-heksa",
        "name: Heksa\ncategory: makanan\nprice: 0x10\n",
    );
    product(t, "harga-besar", "");
    raw_product(
        t,
        "harga-besar",
        "name: Besar\ncategory: makanan\nprice: 99999999999999999999999999999999999999999\n",
    );
    product(
        t,
        "pilihan-ganda",
        "variants:\n  - { name: Kecil, price: 12000 }\n  - { name: kecil, price: 15000 }\n",
    );
    product(t, "tanggal", "added: 1 Mei 2026\n");
    // No photo.
    raw_product(
        t,
        "tanpa-foto",
        "name: Tanpa Foto\ncategory: makanan\nprice: 12000\n",
    );
    // Order links, each way wrong.
    product(
        t,
        "tautan",
        "order:\n  shopee: https://www.tokopedia.com/toko/produk\n  lazada: www.lazada.co.id/produk\n  \
         instagram: http://instagram.com/toko\n  facebook: https://\n  website: javascript:alert(1)\n  \
         bukalapak: https://www.bukalapak.com/p/123\n",
    );
    // WhatsApp numbers, each way wrong.
    product(t, "wa-kosong", "order:\n  whatsapp: \"\"\n");
    product(t, "wa-huruf", "order:\n  whatsapp: 0812-abc\n");
    product(t, "wa-rumah", "order:\n  whatsapp: \"021-555-1234\"\n");
    product(t, "wa-pendek", "order:\n  whatsapp: \"0812 34\"\n");
    product(t, "wa-kutip", "order:\n  whatsapp: “0812-3456-7890”\n");
    // No way to order: another village, without a number.
    t.write("content/tanpa-wa/village.yaml", "name: Tanpa WA\n");
    t.write(
        "content/tanpa-wa/produk/product.yaml",
        "name: Produk\ncategory: makanan\nprice: 12000\n",
    );
    t.write("content/tanpa-wa/produk/foto.jpg", good_photo());
    // Personal data in a description.
    product(t, "pribadi", "");
    t.write(
        "content/desa/pribadi/index.md",
        "Pesan ke 0812-3456-7890, ambil di Jl. Melati No. 12.\n",
    );
}

fn photo_names(t: &CatalogTest) {
    catalog(t);
    village(t);
    product(t, "kosong", "photos: [\"\"]\n");
    product(t, "keluar", "photos: [../tautan/foto.jpg]\n");
    product(t, "heic", "photos: [IMG_0001.heic]\n");
    product(t, "gif", "photos: [animasi.gif]\n");
    product(t, "tidak-ada", "photos: [sagon.jpg]\n");
    raw_product(
        t,
        "tidak-ada-kosong",
        "name: Kosong\ncategory: makanan\nprice: 12000\nphotos: [sagon.jpg]\n",
    );
    product(t, "tautan", "photos: [luar.jpg]\n");
    t.write("luar.jpg", good_photo());
    #[cfg(unix)]
    symlink(t, "../../../luar.jpg", "content/desa/tautan/luar.jpg");
}

fn photo_files(t: &CatalogTest) {
    catalog(t);
    village(t);
    let cut = {
        let good = good_photo();
        good[..good.len() / 2].to_vec()
    };
    let damaged = {
        let mut b = jpeg_header(8, 640, 480);
        b.truncate(b.len() - 2);
        b.extend([
            0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0,
        ]);
        b.extend([0x55; 200]);
        b.extend([0xFF, 0xD9]);
        b
    };
    let files: &[(&str, Vec<u8>)] = &[
        ("kosong", Vec::new()),
        ("teks", b"ini bukan foto, hanya teks\n".to_vec()),
        ("heic", iso_media(b"heic")),
        ("gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec()),
        ("video", iso_media(b"isom")),
        ("dua-belas-bit", jpeg_header(12, 640, 480)),
        ("lebar-nol", jpeg_header(8, 0, 480)),
        ("raksasa", jpeg_header(8, 10000, 6000)),
        ("terpotong", cut),
        ("rusak", damaged),
        ("sempit", jpeg_header(8, 320, 20000)),
    ];
    for (slug, bytes) in files {
        // Each photo is named in `photos:` (and the message names the file), but the
        // first, reported at the file itself. Each is a JPEG by its name.
        let listed = if *slug == "kosong" {
            ""
        } else {
            "photos: [foto.jpg]\n"
        };
        product(t, slug, listed);
        t.write(&format!("content/desa/{slug}/foto.jpg"), bytes);
    }
}

/// A named pipe where a photo, a description and the logo should be.
#[cfg(unix)]
fn special_files(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        "title: Katalog Desa\nwhatsapp: \"0812-3456-7890\"\nlogo: logo.png\n",
    );
    village(t);
    product(t, "pipa", "");
    for file in ["desa/pipa/pipa.jpg", "desa/pipa/index.md", "logo.png"] {
        let status = Command::new("mkfifo")
            .arg(t.path(&format!("content/{file}")))
            .status()
            .unwrap();
        assert!(status.success(), "mkfifo {file}");
    }
}

fn many_products(t: &CatalogTest) {
    catalog(t);
    village(t);
    for i in 0..1001 {
        raw_product(
            t,
            &format!("produk-{i:04}"),
            format!("name: Produk {i}\ncategory: makanan\nprice: 12000\n"),
        );
    }
}

#[test]
fn content_diagnostics_are_pinned() {
    pin_all(&[
        case("catalog_values", catalog_values, &["check"]),
        case("base_url_extras", base_url_extras, &["check"]),
        case("catalog_words_and_logo", catalog_words_and_logo, &["check"]),
        case("theme_mistakes", theme_mistakes, &["check"]),
        case("template_render", template_render, &["check"]),
        case("template_unknown_block", template_unknown_block, &["check"]),
        case("no_catalog_file", no_catalog_file, &["check"]),
        case("yaml_syntax", yaml_syntax, &["check"]),
        case("files_and_folders", files_and_folders, &["check"]),
        case("product_values", product_values, &["check"]),
        case("photo_names", photo_names, &["check"]),
    ]);
}

#[test]
fn product_feed_diagnostics_are_pinned() {
    pin_all(&[case("product_feeds", product_feeds, &["check"])]);
}

#[test]
fn photo_diagnostics_are_pinned() {
    pin_all(&[
        case("photo_files", photo_files, &["check"]),
        case("photo_files_build", photo_files, &["build"]),
    ]);
}

#[cfg(unix)]
#[test]
fn special_file_diagnostics_are_pinned() {
    pin_all(&[case("special_files", special_files, &["check"])]);
}

#[test]
fn crowded_diagnostics_are_pinned() {
    pin_all(&[case("many_products", many_products, &["check"])]);
}

/// Marketplace links pasted with the words the apps' Share buttons put around them: one
/// link of the platform is kept (a warning), two or none are errors.
fn share_texts(t: &CatalogTest) {
    catalog(t);
    village(t);
    product(
        t,
        "dibagikan",
        "order:\n  tokopedia: \"Cek Keripik Pare Bu Siti seharga Rp15.000. Dapatkan di Tokopedia sekarang! https://tk.tokopedia.com/ZSabc123/\"\n  \
         shopee: |\n    Lihat Sagon Kelapa 🥥 di Shopee!\n    https://id.shp.ee/abc123\n",
    );
    product(
        t,
        "dua-tautan",
        "order:\n  lazada: Jamu https://s.lazada.co.id/s.aaa atau Sagon https://s.lazada.co.id/s.bbb\n",
    );
    product(
        t,
        "tanpa-tautan",
        "order:\n  tiktok: Lihat Keripik Pare di TikTok Shop 🛍️\n",
    );
    // A hashtag unquoted: YAML reads the rest of the line, the link with it, as a comment.
    product(
        t,
        "tagar",
        "order:\n  tiktok: Keripik Pare Bu Siti #jajanan #oleholeh https://vt.tiktok.com/ZSk3abc12/\n",
    );
}

#[test]
fn share_text_diagnostics_are_pinned() {
    pin_all(&[case("share_texts", share_texts, &["check"])]);
}

// ---------------------------------------------------------------------------------
// Failures to run: exit 2.

/// A catalog that builds: one village, one product with its photo.
fn good_catalog(t: &CatalogTest) {
    catalog(t);
    village(t);
    product(t, "produk", "");
}

fn out_not_ours(t: &CatalogTest) {
    good_catalog(t);
    t.write("public/catatan-pribadi.txt", "jangan dihapus\n");
}

fn blocker(t: &CatalogTest) {
    t.write("penghalang", "sebuah file, bukan folder\n");
}

fn good_catalog_and_blocker(t: &CatalogTest) {
    good_catalog(t);
    blocker(t);
}

fn nothing(_: &CatalogTest) {}

fn one_village(t: &CatalogTest) {
    t.write("content/catalog.yaml", "title: Katalog Desa\n");
    t.write("content/sidomulyo/village.yaml", "name: Sidomulyo\n");
}

fn only_catalog(t: &CatalogTest) {
    t.write("content/catalog.yaml", "title: Katalog Desa\n");
}

fn busy_folder(t: &CatalogTest) {
    t.write("katalog/catatan.txt", "sudah ada isinya\n");
}

/// A catalog without `base_url` and a stand-in browser that prints nothing.
#[cfg(unix)]
fn print_setup(t: &CatalogTest, browser: &str) {
    t.write("content/catalog.yaml", "title: Katalog Desa\n");
    script(t, "chromium", browser);
}

#[cfg(unix)]
fn print_not_built(t: &CatalogTest) {
    print_setup(t, "#!/bin/sh\nexit 0\n");
}

/// The two printed pages in place, as a build leaves them (the browser never reads
/// them: it is a stand-in).
#[cfg(unix)]
fn built_print_pages(t: &CatalogTest) {
    t.write("public/cetak/index.html", "<p>katalog</p>\n");
    t.write("public/cetak/label/index.html", "<p>label</p>\n");
}

#[cfg(unix)]
fn print_browser_fails(t: &CatalogTest) {
    print_setup(
        t,
        "#!/bin/sh\necho 'Fontconfig error: Cannot load default config file' >&2\necho 'cannot open display' >&2\nexit 3\n",
    );
    built_print_pages(t);
}

#[cfg(unix)]
fn print_timeout(t: &CatalogTest) {
    print_setup(t, "#!/bin/sh\nexec sleep 30\n");
    built_print_pages(t);
}

#[cfg(unix)]
fn print_cannot_start(t: &CatalogTest) {
    t.write("content/catalog.yaml", "title: Katalog Desa\n");
    t.write("chromium", "bukan program\n");
    built_print_pages(t);
}

#[cfg(unix)]
fn print_pdf_dir_is_file(t: &CatalogTest) {
    print_not_built(t);
    built_print_pages(t);
    blocker(t);
}

#[test]
fn failures_to_run_are_pinned() {
    let new = |name, setup, args| Case {
        english: English::Catalog,
        ..case(name, setup, args)
    };
    pin_all(&[
        case(
            "content_not_a_folder",
            nothing,
            &["check", "--content", "tidak-ada"],
        ),
        case("out_not_ours", out_not_ours, &["build"]),
        case(
            "out_parent_is_file",
            good_catalog_and_blocker,
            &["build", "--out", "penghalang/public"],
        ),
        case(
            "cache_is_file",
            good_catalog_and_blocker,
            &["build", "--cache", "penghalang"],
        ),
        new(
            "new_village_exists",
            one_village,
            &["new", "village", "Sidomulyo"],
        ),
        new("new_empty_name", only_catalog, &["new", "village", "!!!"]),
        new(
            "new_product_no_village",
            only_catalog,
            &["new", "product", "sidomulyo", "Keripik Pare"],
        ),
        new(
            "new_product_unknown_village",
            one_village,
            &["new", "product", "Sukamaju", "Keripik Pare"],
        ),
        // No catalog at --content to take the language from: --lang says it.
        case(
            "new_io",
            good_catalog_and_blocker,
            &["new", "village", "Sukamaju", "--content", "penghalang"],
        ),
        case("init_not_empty", busy_folder, &["init", "katalog"]),
        case("init_io", blocker, &["init", "penghalang/katalog"]),
        case(
            "serve_not_a_folder",
            nothing,
            &["serve", "--content", "tidak-ada"],
        ),
        new("usage_error", only_catalog, &["check", "--lang", "jw"]),
    ]);
}

#[cfg(unix)]
#[test]
fn print_failures_are_pinned() {
    pin_all(&[
        case(
            "print_browser_missing",
            only_catalog,
            &["print", "--chromium", "/tidak/ada/chromium"],
        ),
        case(
            "print_not_built",
            print_not_built,
            &["print", "--no-build", "--chromium", "./chromium"],
        ),
        case(
            "print_browser_fails",
            print_browser_fails,
            &["print", "--no-build", "--chromium", "./chromium"],
        ),
        case(
            "print_timeout",
            print_timeout,
            &[
                "print",
                "--no-build",
                "--chromium",
                "./chromium",
                "--timeout",
                "1",
            ],
        ),
        case(
            "print_cannot_start",
            print_cannot_start,
            &["print", "--no-build", "--chromium", "./chromium"],
        ),
        case(
            "print_pdf_dir_is_file",
            print_pdf_dir_is_file,
            &[
                "print",
                "--no-build",
                "--chromium",
                "./chromium",
                "--pdf-dir",
                "penghalang",
            ],
        ),
    ]);
}

/// `print` with no browser on `PATH`: said before the build.
#[test]
fn print_without_a_browser_is_pinned() {
    for lang in ["id", "en"] {
        let t = CatalogTest::empty();
        only_catalog(&t);
        let mut args = vec!["print".to_string()];
        if lang == "en" {
            args.extend(["--lang".into(), "en".into()]);
        }
        let out = run(&t, &args, &[("PATH", "[TMP]/tanpa-program")]);
        insta::assert_snapshot!(format!("print_no_browser_{lang}"), out);
    }
}

/// `serve` on a port another program holds: the first build is made, then the port
/// refused.
#[test]
fn serve_on_a_port_in_use_is_pinned() {
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port().to_string();
    for lang in ["id", "en"] {
        let t = CatalogTest::empty();
        good_catalog(&t);
        let mut args: Vec<String> = ["serve", "--port", &port]
            .iter()
            .map(|a| a.to_string())
            .collect();
        if lang == "en" {
            args.extend(["--lang".into(), "en".into()]);
        }
        let out = run(&t, &args, &[]).replace(&port, "[PORT]");
        // The first build's time varies.
        let out = regex_free_ms(&out);
        insta::assert_snapshot!(format!("serve_port_in_use_{lang}"), out);
    }
    drop(held);
}

/// `rebuilt in 123 ms` → `rebuilt in [N] ms`, and so `dibangun ulang dalam 123 ms`.
fn regex_free_ms(text: &str) -> String {
    text.lines()
        .map(|line| {
            let said = ["rebuilt in ", "dibangun ulang dalam "]
                .iter()
                .find_map(|head| Some((*head, line.strip_prefix(head)?)));
            match said {
                Some((head, rest)) => match rest.split_once(" ms") {
                    Some((n, tail)) if n.bytes().all(|b| b.is_ascii_digit()) => {
                        format!("{head}[N] ms{tail}")
                    }
                    _ => line.to_string(),
                },
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

// ---------------------------------------------------------------------------------
// The photo cache: pruning, and a cache that cannot be written.

/// A cache entry as a build seals it, last used `days` ago, in the cache at `cache`.
fn cache_entry(t: &CatalogTest, cache: &str, key: &str, days: u64) {
    let dir = format!("{cache}/photos/{}/{key}", &key[..2]);
    t.write(&format!("{dir}/320.webp"), [7u8; 2000]);
    t.write(&format!("{dir}/meta.json"), "{}");
    let when = std::time::SystemTime::now() - Duration::from_secs(days * 86_400);
    std::fs::File::options()
        .write(true)
        .open(t.path(&format!("{dir}/meta.json")))
        .unwrap()
        .set_modified(when)
        .unwrap();
}

fn old_and_new_cache_entries(t: &CatalogTest) {
    cache_entry(t, ".etalase-cache", &"a".repeat(32), 40);
    cache_entry(t, ".etalase-cache", &"b".repeat(32), 2);
}

/// A build holds the cache (a shared lock on its folder, held by this test process for
/// as long as it runs).
fn cache_in_use(t: &CatalogTest) {
    old_and_new_cache_entries(t);
    let held = std::fs::File::open(t.path(".etalase-cache")).unwrap();
    held.lock_shared().unwrap();
    std::mem::forget(held);
}

fn good_catalog_and_old_cache_entry(t: &CatalogTest) {
    good_catalog(t);
    cache_entry(t, ".etalase-cache", &"a".repeat(32), 40);
}

/// A good catalog built once, then a folder where one of its cache files should be.
fn cache_file_is_a_folder(t: &CatalogTest) {
    good_catalog(t);
    crate::support::run_in(t.dir.path(), &["build", "--cache", "cache"]).expect_code(0);
    let meta = walkdir::WalkDir::new(t.path("cache"))
        .into_iter()
        .flatten()
        .find(|e| e.file_name() == "meta.json")
        .unwrap();
    let entry = meta.path().parent().unwrap();
    std::fs::remove_file(meta.path()).unwrap();
    std::fs::remove_file(entry.join("320.webp")).unwrap();
    std::fs::create_dir(entry.join("320.webp")).unwrap();
}

#[test]
fn photo_cache_messages_are_pinned() {
    pin_all(&[
        case(
            "cache_prune",
            old_and_new_cache_entries,
            &["cache", "prune"],
        ),
        case(
            "cache_prune_busy",
            cache_in_use,
            &["cache", "prune", "--wait", "1"],
        ),
        case(
            "cache_prune_not_a_folder",
            blocker,
            &["cache", "prune", "--cache", "penghalang"],
        ),
        case(
            "cache_file_is_folder",
            cache_file_is_a_folder,
            &["build", "--cache", "cache"],
        ),
    ]);
    // A build that prunes: its closing line's seconds vary.
    for lang in ["id", "en"] {
        let t = CatalogTest::empty();
        good_catalog_and_old_cache_entry(&t);
        let mut args = vec!["build".to_string()];
        if lang == "en" {
            args.extend(["--lang".into(), "en".into()]);
        }
        let out = run(&t, &args, &[]);
        let out: Vec<String> = out
            .lines()
            .map(|line| {
                let timed = line.rsplit_once(" in ").or(line.rsplit_once(" dalam "));
                match timed.and_then(|(head, tail)| Some((head, tail.split_once(';')?.1))) {
                    Some((head, rest)) if line.contains(" MB ") => format!("{head} [TIME];{rest}"),
                    _ => line.to_string(),
                }
            })
            .collect();
        insta::assert_snapshot!(format!("build_prunes_cache_{lang}"), out.join("\n"));
    }
}

/// A key written twice in `catalog.yaml` (a second `base_url:` added at the end): one
/// message naming the key and both lines, and nothing that follows only from the file
/// failing to parse (no "no title", no product "without a way to order" for want of the
/// catalog's number).
fn catalog_key_twice(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        "title: Katalog Desa\nbase_url: https://kub-melati.github.io/katalog/\nwhatsapp: \"0812-3456-7890\"\nbase_url: https://kub-melati.github.io/\n",
    );
    village(t);
    product(t, "produk", "");
}

#[test]
fn a_key_written_twice_is_one_message() {
    pin_all(&[case("catalog_key_twice", catalog_key_twice, &["check"])]);
}

/// The catalog's number with a name after it: the help keeps the number as written,
/// and the products that would use it get no follow-on "no way to order".
fn whatsapp_with_a_name(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        "title: Katalog Desa\nbase_url: https://kub-melati.github.io/katalog/\nwhatsapp: \"0812-3456-7890 (Bu Siti)\"\n",
    );
    village(t);
    product(t, "produk", "");
}

#[test]
fn a_number_with_a_name_after_it_is_one_message() {
    pin_all(&[case(
        "whatsapp_with_a_name",
        whatsapp_with_a_name,
        &["check"],
    )]);
}

// ---------------------------------------------------------------------------------
// Prices that cannot be one number (issue 15, point 3).

/// A product whose price (and its variant's) is each kind of text that is no price,
/// each quoted back as written, and one whose prices are spelled as price tags write
/// them (no message).
fn prices(t: &CatalogTest) {
    catalog(t);
    village(t);
    for (slug, price) in [
        ("satuan", "15.000/pcs"),
        ("huruf", "lima belas ribu"),
        ("kisaran", "15-20rb"),
        ("sen", "150.00"),
        ("nego", "15rb nego"),
    ] {
        product(t, slug, "");
        raw_product(
            t,
            slug,
            format!("name: Produk {slug}\ncategory: makanan\nprice: {price}\n"),
        );
    }
    product(t, "pilihan", "");
    raw_product(
        t,
        "pilihan",
        "name: Pilihan\ncategory: makanan\nvariants:\n  - name: Kecil\n    price: Rp 15.000 per toples\n  - name: Besar\n    price: 1,5\n",
    );
    product(t, "label-harga", "");
    raw_product(
        t,
        "label-harga",
        "name: Label Harga\ncategory: makanan\nprice: 15rb\nvariants:\n  - { name: Besar, price: \"1,5jt\" }\n  - name: Jumbo\n    price: 2 juta\n",
    );
}

#[test]
fn price_diagnostics_are_pinned() {
    pin_all(&[case("prices", prices, &["check"])]);
}

/// A product folder whose photos were copied in before its `product.yaml` was made.
fn product_folder_with_photos(t: &CatalogTest) {
    one_village(t);
    t.write("content/sidomulyo/keripik-pare/foto.jpg", good_photo());
}

/// `new product` on a folder that holds photos but no `product.yaml` adds the file and
/// keeps the photos (it refused before); on a folder with its `product.yaml`, it still
/// refuses.
#[test]
fn new_completes_a_folder_that_lacks_its_yaml() {
    pin_all(&[Case {
        english: English::Catalog,
        ..case(
            "new_product_into_photos",
            product_folder_with_photos,
            &["new", "product", "sidomulyo", "Keripik Pare"],
        )
    }]);
    let t = CatalogTest::empty();
    product_folder_with_photos(&t);
    t.run(&["new", "product", "sidomulyo", "Keripik Pare"])
        .expect_code(0);
    assert_eq!(
        std::fs::read(t.path("content/sidomulyo/keripik-pare/foto.jpg")).unwrap(),
        good_photo()
    );
    assert!(
        t.read("content/sidomulyo/keripik-pare/product.yaml")
            .contains("Keripik Pare")
    );
    t.run(&["new", "product", "sidomulyo", "Keripik Pare"])
        .expect_code(2);
}

/// What the examples write, left in a group's catalog about to be published: a
/// made-up number in each place a number goes, `init`'s example village and product,
/// and an `example:` that is neither true nor false.
fn placeholders(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        "title: Katalog Desa\nexample: mungkin\nbase_url: https://kub-melati.github.io/katalog/\nwhatsapp: \"0812-0000-0000\"\n",
    );
    t.write(
        "content/desa-contoh/village.yaml",
        "name: Desa Contoh\nwhatsapp: \"0812 0000 0001\"\n",
    );
    t.write(
        "content/desa-contoh/produk-contoh/product.yaml",
        "name: Produk Contoh\ncategory: makanan\nprice: 15000\norder:\n  whatsapp: \"+62 812-0000-0002\"\n",
    );
    t.write("content/desa-contoh/produk-contoh/foto.jpg", good_photo());
}

/// The same before `base_url` is written: warnings.
fn placeholders_unpublished(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        "title: Katalog Desa\nwhatsapp: \"0812-0000-0000\"\n",
    );
    t.write("content/desa-contoh/village.yaml", "name: Desa Contoh\n");
    t.write(
        "content/desa-contoh/produk-contoh/product.yaml",
        "name: Produk Contoh\ncategory: makanan\nprice: 15000\n",
    );
    t.write("content/desa-contoh/produk-contoh/foto.jpg", good_photo());
}

/// Variants written as a name and a price each, and a key in the wrong case.
fn variant_rows(t: &CatalogTest) {
    catalog(t);
    village(t);
    t.write(
        "content/desa/jamu/product.yaml",
        "name: Jamu Kunyit\ncategory: jamu\nPrice: Rp 15.000\nvariants:\n  - 250 ml: 15000\n  - 500 ml: 28rb\n",
    );
}

#[test]
fn placeholder_diagnostics_are_pinned() {
    pin_all(&[
        case("placeholders", placeholders, &["check"]),
        case(
            "placeholders_unpublished",
            placeholders_unpublished,
            &["check"],
        ),
        case("variant_rows", variant_rows, &["check"]),
    ]);
}

// ---------------------------------------------------------------------------------
// Keys in Indonesian and values in curly quotes (issue 15, points 5 and 6).

/// Keys written in Indonesian (or where they do not belong) in every kind of file and
/// nested mapping: each named with the key meant, in the place it is valid.
fn indonesian_keys(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        "judul: Katalog Desa\nbase_url: https://kub-melati.github.io/katalog/\nno_wa: \"0812-3456-7890\"\n\
         gambar:\n  kualitas: 80\n",
    );
    t.write(
        "content/desa/village.yaml",
        "nama: Desa Contoh\nkecamatan: Wuluhan\nkabupaten: Jember\ndeskripsi: Desa pesisir.\n",
    );
    product(t, "kunci", "");
    raw_product(
        t,
        "kunci",
        "nama: Keripik Pare\nnama_inggris: Bitter Gourd Chips\nkategori: makanan\nharga: 15000 # per bungkus\n\
         satuan: bungkus 100 g\nketersediaan: tersedia\nfoto: [foto.jpg]\nlabel:\n  no_pirt: \"2063509010123-25\"\n\
         pembuat: Bu Siti\ntag: [renyah]\ndesa: Sidomulyo\nvarian:\n  - nama: Kecil\n    harga: 10000\n\
         pesan:\n  wa: \"0812-3456-7890\"\n  tokped: https://www.tokopedia.com/kub/keripik\n",
    );
    product(t, "salah-tempat", "");
    raw_product(
        t,
        "salah-tempat",
        "name: Sagon\ncategory: makanan\nprice: 12000\nwhatsapp: \"0812-3456-7890\"\nshopee: https://shopee.co.id/Sagon-i.1.2\n\
         tokped: https://www.tokopedia.com/kub/sagon\nhp: \"0813-1111-2222\"\n",
    );
}

/// Values typed in curly quotes (“ ” ‘ ’ „ “), as word processors and phone keyboards
/// make them: each read as straight-quoted with a warning, a key too; a quote inside a
/// value is text (a WhatsApp number with one is still named as such).
fn curly_quotes(t: &CatalogTest) {
    t.write(
        "content/catalog.yaml",
        "title: “Katalog Desa”\nbase_url: https://kub-melati.github.io/katalog/\nwhatsapp: „0812-3456-7890“\n",
    );
    village(t);
    product(t, "kutip", "");
    raw_product(
        t,
        "kutip",
        "“name”: “Jamu: Kunyit Asam”\ncategory: ‘minuman’\nprice: ”15000”\nvariants: [{ name: “Kecil”, price: “10rb” }]\n",
    );
    product(t, "di-tengah", "");
    raw_product(
        t,
        "di-tengah",
        "name: Keripik “Pedas” Bu Siti\ncategory: makanan\nprice: 12000\norder:\n  whatsapp: “0812-3456-7890\n",
    );
    // A key in Indonesian with its value in curly quotes: the line to write has straight ones.
    product(t, "harga-kutip", "");
    raw_product(
        t,
        "harga-kutip",
        "name: Kue\ncategory: makanan\nharga: “15rb”\n",
    );
}

#[test]
fn indonesian_keys_and_curly_quotes_are_pinned() {
    pin_all(&[
        case("indonesian_keys", indonesian_keys, &["check"]),
        case("curly_quotes", curly_quotes, &["check"]),
    ]);
}

// ---------------------------------------------------------------------------------
// Products that vanish or double without a word (issue 15, point 8).

/// A product, an unchanged copy of its folder (a warning naming both), a folder named
/// as a copy holding another product (nothing), and a folder of photos without its
/// `product.yaml` (counted in the closing line).
fn copied_and_skipped(t: &CatalogTest) {
    catalog(t);
    village(t);
    product(t, "sagon", "");
    product(t, "sagon - Copy", "");
    raw_product(
        t,
        "sagon - Copy",
        "name: Produk sagon\ncategory: makanan\nprice: 15000\n",
    );
    product(t, "sagon (2)", "");
    raw_product(
        t,
        "sagon (2)",
        "name: Sagon Pandan\ncategory: makanan\nprice: 12000\n",
    );
    t.write("content/desa/keripik/foto.jpg", good_photo());
}

#[test]
fn copies_and_skipped_folders_are_pinned() {
    pin_all(&[case("copied_and_skipped", copied_and_skipped, &["check"])]);
}
// ---------------------------------------------------------------------------------
// What `serve` says while it runs (issue 15, point 11).

/// A good catalog whose product is broken by a save, then mended, while `serve` runs;
/// then Ctrl-C. The whole output, its port as `[PORT]` and its times as `[N]`.
fn serve_session(t: &CatalogTest, args: &[&str], saves: &[&str]) -> String {
    let tmp = t.dir.path().display().to_string();
    let preview = crate::support::serve::Preview::start(t.dir.path(), args);
    let events = preview.events();
    for (i, save) in saves.iter().enumerate() {
        t.write("content/desa/produk/product.yaml", save);
        let want = if i % 2 == 0 { "problems" } else { "reload" };
        let event = events.recv_timeout(Duration::from_secs(30)).unwrap();
        assert_eq!(event.name, want);
    }
    let (port, banner) = (preview.port.to_string(), preview.banner.clone());
    let (code, stdout, stderr) = preview.stop_with_stdout();
    let code = code.map_or_else(|| "killed".to_string(), |c| c.to_string());
    let mut stdout = stdout.join("\n");
    if !stdout.is_empty() {
        stdout.push('\n');
    }
    let whole = format!(
        "$ etalase serve --port 0 {}\nexit {code}\n--- stdout\n{banner}\n{stdout}--- stderr\n{stderr}",
        args.join(" ")
    );
    regex_free_ms(&whole.replace(&tmp, "[TMP]").replace(&port, "[PORT]"))
}

const BROKEN: &str = "name: Produk\ncategory: makanan\nprice: dua belas ribu\n";
const MENDED: &str = "name: Produk\ncategory: makanan\nprice: 12000\n";

/// `serve`'s lines, from its address to its stop, in the catalog's language (it spoke
/// English on an Indonesian catalog).
#[test]
fn serve_status_lines_are_pinned() {
    for lang in ["id", "en"] {
        let mut args = vec!["--cache", "cache"];
        if lang == "en" {
            args.extend(["--lang", "en"]);
        }
        let t = CatalogTest::empty();
        good_catalog(&t);
        let out = serve_session(&t, &args, &[BROKEN, MENDED]);
        insta::assert_snapshot!(format!("serve_session_{lang}"), out);

        let t = CatalogTest::empty();
        good_catalog(&t);
        raw_product(&t, "produk", BROKEN);
        let out = serve_session(&t, &args, &[]);
        insta::assert_snapshot!(format!("serve_broken_from_start_{lang}"), out);
    }
}

/// Mistakes on the command line (clap finds them): said in the catalog's language,
/// with the fix (they were clap's English on an Indonesian catalog).
#[test]
fn usage_errors_are_pinned() {
    let by_catalog = |name, args| Case {
        english: English::Catalog,
        ..case(name, one_village, args)
    };
    pin_all(&[
        by_catalog(
            "usage_name_without_quotes",
            &["new", "product", "sidomulyo", "Keripik", "Pare"],
        ),
        by_catalog("usage_missing_name", &["new", "product", "sidomulyo"]),
        by_catalog("usage_unknown_command", &["bulid"]),
        by_catalog("usage_unknown_option", &["check", "--konten", "isi"]),
        by_catalog("usage_extra_word", &["check", "isi"]),
        case("usage_bad_port", one_village, &["serve", "--port", "satu"]),
        case("usage_no_value", one_village, &["serve", "--port"]),
    ]);
}

// ---------------------------------------------------------------------------------
// The volunteer guide's examples (docs/panduan-relawan.md, section 13): pinned as the
// guide shows them, so that guide.rs finds every message the guide quotes.

/// The mistakes the guide walks through, each as the guide writes it.
fn guide_examples(t: &CatalogTest) {
    catalog(t);
    village(t);
    // A line indented one space more than the one above it.
    product(
        t,
        "kue",
        "order:\n  shopee: https://shopee.co.id/Kue-i.1.2\n   lazada: https://www.lazada.co.id/products/kue-i1.html\n",
    );
    product(t, "stik", "order:\n  shopee: shopee.co.id/abc\n");
    product(t, "pilihan", "variants:\n  - { price: 16000 }\n");
    product(t, "siap", "availability: ready stock\n");
    raw_product(
        t,
        "tikar-pandan",
        "name: Tikar Pandan\ncategory: kerajinan\nprice: 85000\nphotos: [foto1.jpg]\n",
    );
    t.write("content/desa/tikar-pandan/tikar.jpg", good_photo());
}

/// The villages of the guide's `new` examples: `balung-lor` made, beside two others.
fn guide_villages(t: &CatalogTest) {
    catalog(t);
    for (slug, name) in [
        ("balung-lor", "Balung Lor"),
        ("dukuhdempok", "Dukuhdempok"),
        ("lipursari", "Lipursari"),
    ] {
        t.write(
            &format!("content/{slug}/village.yaml"),
            format!("name: {name}\n"),
        );
    }
}

#[test]
fn guide_examples_are_pinned() {
    pin_all(&[
        case("guide_examples", guide_examples, &["check"]),
        case("guide_no_content", nothing, &["check"]),
    ]);
    // `new` takes its language from the catalog, as a volunteer's catalog gives it.
    let new = |name, setup, args| Case {
        name,
        setup,
        args,
        english: English::Catalog,
    };
    pin_all(&[
        new(
            "guide_new_village_exists",
            guide_villages,
            &["new", "village", "Balung Lor"],
        ),
        new(
            "guide_new_product_unknown_village",
            guide_villages,
            &["new", "product", "balunglor", "Keripik Pare"],
        ),
    ]);
}

// What `edit` (the workshop) says in the terminal (issue 16, points 1 and 9).

/// `edit` started on a good catalog, then Ctrl-C: the whole output, its port as
/// `[PORT]`, its secret as `[KEY]`, its times as `[N]`.
fn workshop_session(t: &CatalogTest, args: &[&str]) -> String {
    let tmp = t.dir.path().display().to_string();
    let shop = crate::support::serve::Preview::start_command(t.dir.path(), "edit", args);
    let (port, banner) = (shop.port.to_string(), shop.banner.clone());
    let key = banner
        .rsplit_once("kunci=")
        .map(|(_, k)| k.to_string())
        .unwrap_or_else(|| panic!("{banner}"));
    let (code, stdout, stderr) = shop.stop_with_stdout();
    let code = code.map_or_else(|| "killed".to_string(), |c| c.to_string());
    let mut stdout = stdout.join("\n");
    if !stdout.is_empty() {
        stdout.push('\n');
    }
    let whole = format!(
        "$ etalase edit --port 0 {}\nexit {code}\n--- stdout\n{banner}\n{stdout}--- stderr\n{stderr}",
        args.join(" ")
    );
    regex_free_ms(
        &whole
            .replace(&tmp, "[TMP]")
            .replace(&key, "[KEY]")
            .replace(&port, "[PORT]"),
    )
}

#[test]
fn workshop_messages_are_pinned() {
    pin_all(&[case(
        "edit_not_a_folder",
        nothing,
        &["edit", "--content", "tidak-ada"],
    )]);
    for lang in ["id", "en"] {
        let mut args = vec!["--cache", "cache"];
        if lang == "en" {
            args.extend(["--lang", "en"]);
        }
        let t = CatalogTest::empty();
        good_catalog(&t);
        let out = workshop_session(&t, &args);
        insta::assert_snapshot!(format!("workshop_session_{lang}"), out);
    }
}

// ---------------------------------------------------------------------------------
// A photo over the byte limit (issue 16: the workshop's uploads and the build refuse it
// alike).

/// A product whose photo is a real JPEG padded past 30 MB.
fn photo_too_many_bytes(t: &CatalogTest) {
    catalog(t);
    village(t);
    product(t, "sagon", "");
    let mut big = good_photo().to_vec();
    big.resize(30_000_001, 0);
    t.write("content/desa/sagon/foto.jpg", big);
}

#[test]
fn a_photo_over_the_byte_limit_is_pinned() {
    pin_all(&[case(
        "photo_too_many_bytes",
        photo_too_many_bytes,
        &["check"],
    )]);
}
