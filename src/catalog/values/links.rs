//! Order links: which hosts each marketplace lives on, and the WhatsApp link.

use std::fmt;

/// A place a buyer can order from, other than WhatsApp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Tokopedia,
    Shopee,
    Lazada,
    Tiktok,
    Bukalapak,
    Blibli,
    Instagram,
    Facebook,
    Website,
}

impl Platform {
    pub const ALL: [Platform; 9] = [
        Platform::Tokopedia,
        Platform::Shopee,
        Platform::Lazada,
        Platform::Tiktok,
        Platform::Bukalapak,
        Platform::Blibli,
        Platform::Instagram,
        Platform::Facebook,
        Platform::Website,
    ];

    /// The key in `order:`.
    pub fn key(self) -> &'static str {
        match self {
            Platform::Tokopedia => "tokopedia",
            Platform::Shopee => "shopee",
            Platform::Lazada => "lazada",
            Platform::Tiktok => "tiktok",
            Platform::Bukalapak => "bukalapak",
            Platform::Blibli => "blibli",
            Platform::Instagram => "instagram",
            Platform::Facebook => "facebook",
            Platform::Website => "website",
        }
    }

    /// The name buyers know it by.
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::Tokopedia => "Tokopedia",
            Platform::Shopee => "Shopee",
            Platform::Lazada => "Lazada",
            Platform::Tiktok => "TikTok Shop",
            Platform::Bukalapak => "Bukalapak",
            Platform::Blibli => "Blibli",
            Platform::Instagram => "Instagram",
            Platform::Facebook => "Facebook",
            Platform::Website => "Website",
        }
    }

    /// The domains whose host (or any sub-domain of which) a link may have. Short-link
    /// hosts are included: `tk.tokopedia.com` and `tokopedia.link`, `id.shp.ee`,
    /// `s.lazada.co.id`, `vt.tiktok.com`. TikTok Shop Indonesia moved onto Tokopedia's
    /// `shop-id.tokopedia.com` in 2024.
    pub fn domains(self) -> &'static [&'static str] {
        match self {
            Platform::Tokopedia => &["tokopedia.com", "tokopedia.link"],
            Platform::Shopee => &["shopee.co.id", "shp.ee", "shopee.com"],
            Platform::Lazada => &["lazada.co.id", "lzd.co", "lazada.com"],
            Platform::Tiktok => &["tiktok.com", "shop-id.tokopedia.com"],
            Platform::Bukalapak => &["bukalapak.com"],
            Platform::Blibli => &["blibli.com"],
            Platform::Instagram => &["instagram.com", "instagr.am"],
            Platform::Facebook => &["facebook.com", "fb.com", "fb.me"],
            Platform::Website => &[],
        }
    }

    /// An example link, for messages.
    pub fn example(self) -> &'static str {
        match self {
            Platform::Tokopedia => "https://www.tokopedia.com/toko/produk",
            Platform::Shopee => "https://shopee.co.id/Nama-Produk-i.123.456",
            Platform::Lazada => "https://www.lazada.co.id/products/nama-produk-i123.html",
            Platform::Tiktok => "https://shop-id.tokopedia.com/view/product/123",
            Platform::Bukalapak => "https://www.bukalapak.com/p/...",
            Platform::Blibli => "https://www.blibli.com/p/...",
            Platform::Instagram => "https://www.instagram.com/namatoko",
            Platform::Facebook => "https://www.facebook.com/namatoko",
            Platform::Website => "https://toko-kami.id/produk",
        }
    }
}

/// Why an order link was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    NotHttps(String),
    Unparsable,
    WrongHost {
        host: String,
    },
    /// Words with no `https://` link among them.
    NoLinkInText,
    /// A share text with two different links of the platform: which one is meant is
    /// not plain.
    TwoLinks {
        first: String,
        second: String,
    },
}

impl LinkError {
    /// What is wrong, in both interface languages.
    pub fn text(&self) -> crate::diag::Text {
        use crate::text;
        match self {
            LinkError::NotHttps(scheme) if scheme.is_empty() => text!(
                en: "the link must start with https://",
                id: "tautan harus diawali https://"
            ),
            LinkError::NotHttps(scheme) => text!(
                en: "the link must start with https://, not {scheme}:",
                id: "tautan harus diawali https://, bukan {scheme}:"
            ),
            LinkError::Unparsable => {
                text!(en: "this is not a web link", id: "ini bukan tautan web")
            }
            LinkError::WrongHost { host } => {
                text!(en: "the link goes to {host}", id: "tautan ini menuju {host}")
            }
            LinkError::NoLinkInText => text!(
                en: "there are words here but no link starting with https://",
                id: "di sini ada kata-kata tetapi tidak ada tautan yang diawali https://"
            ),
            LinkError::TwoLinks { first, second } => text!(
                en: "the text holds two links, {first} and {second}: which one is meant is not clear",
                id: "teks ini berisi dua tautan, {first} dan {second}: tidak jelas mana yang dimaksud"
            ),
        }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

/// Checks an order link for `platform` and returns it normalised (as the URL parser
/// prints it).
pub fn check_link(platform: Platform, link: &str) -> Result<String, LinkError> {
    let link = link.trim();
    let url = match url::Url::parse(link) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return Err(LinkError::NotHttps(String::new()));
        }
        Err(_) => return Err(LinkError::Unparsable),
    };
    if url.scheme() != "https" {
        return Err(LinkError::NotHttps(url.scheme().to_string()));
    }
    let Some(url::Host::Domain(host)) = url.host() else {
        return Err(LinkError::Unparsable);
    };
    if !url.username().is_empty() || url.password().is_some() {
        // "https://shopee.co.id@evil.example/" looks like Shopee and is not.
        return Err(LinkError::WrongHost {
            host: host.to_string(),
        });
    }
    let host = host.to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let domains = platform.domains();
    if !domains.is_empty()
        && !domains
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    {
        return Err(LinkError::WrongHost {
            host: host.to_string(),
        });
    }
    Ok(url.to_string())
}

/// An order link as found in what was written under its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    /// The link, normalised as [`check_link`] gives it.
    pub url: String,
    /// True when words around the link (a marketplace app's share text) were dropped.
    pub words_dropped: bool,
}

/// Finds the order link for `platform` in `value`: the value itself when it is a link,
/// or else the one link of the platform that stands in a share text copied whole from
/// a marketplace app (`Lihat Sagon Kelapa di Shopee! https://id.shp.ee/abc123`), its
/// words and trailing punctuation dropped. The words are never matched (each app words
/// them its own way, and changes them): only the links in the text count. The link kept
/// passes [`check_link`] like any other. Two different links of the platform, or none,
/// are errors: which one is meant is not plain.
pub fn find_link(platform: Platform, value: &str) -> Result<FoundLink, LinkError> {
    let value = value.trim();
    let alone = !value.contains(char::is_whitespace);
    // A link alone is checked as written (a share text is never parsed as one URL: the
    // URL parser would keep the words after the link, percent-encoded, in its path).
    let first_error = if alone {
        match check_link(platform, value) {
            Ok(url) => {
                return Ok(FoundLink {
                    url,
                    words_dropped: false,
                });
            }
            Err(e) => Some(e),
        }
    } else {
        None
    };
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    let links: Vec<&str> = finder.links(value).map(|l| l.as_str()).collect();
    let mut ours: Vec<&str> = Vec::new();
    let mut foreign: Option<LinkError> = None;
    for link in &links {
        match check_link(platform, link) {
            Err(LinkError::WrongHost { host }) => {
                foreign.get_or_insert(LinkError::WrongHost { host });
            }
            // An `http://` link of the platform counts too: its error is the one to show.
            _ if !ours.contains(link) => ours.push(link),
            _ => {}
        }
    }
    match ours.as_slice() {
        [link] if alone && *link == value => Err(first_error.unwrap_or(LinkError::Unparsable)),
        [link] => check_link(platform, link).map(|url| FoundLink {
            url,
            words_dropped: true,
        }),
        [first, second, ..] => Err(LinkError::TwoLinks {
            first: first.to_string(),
            second: second.to_string(),
        }),
        [] => Err(first_error.or(foreign).unwrap_or(LinkError::NoLinkInText)),
    }
}

/// `https://wa.me/<number>?text=<message>`, the message percent-encoded.
pub fn whatsapp_link(number: &str, message: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(message, QUERY_VALUE);
    format!("https://wa.me/{number}?text={encoded}")
}

/// Everything but unreserved characters is encoded, so the message survives every
/// WhatsApp client (spaces as `%20`, not `+`).
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_platform_hosts_and_short_links() {
        for (p, link) in [
            (
                Platform::Tokopedia,
                "https://www.tokopedia.com/kubmelati/jamu",
            ),
            (Platform::Tokopedia, "https://tk.tokopedia.com/ZSabc/"),
            (Platform::Shopee, "https://shopee.co.id/Jamu-i.12345.67890"),
            (Platform::Shopee, "https://id.shp.ee/abc123"),
            (Platform::Lazada, "https://s.lazada.co.id/s.abc"),
            (
                Platform::Lazada,
                "https://www.lazada.co.id/products/x-i1.html",
            ),
            (
                Platform::Tiktok,
                "https://shop-id.tokopedia.com/view/product/1",
            ),
            (Platform::Tiktok, "https://vt.tiktok.com/ZSabc/"),
            (Platform::Instagram, "https://www.instagram.com/kubmelati"),
            (Platform::Facebook, "https://m.facebook.com/kubmelati"),
            (Platform::Website, "https://kub-melati.id/"),
        ] {
            assert!(check_link(p, link).is_ok(), "{link}");
        }
    }

    #[test]
    fn refuses_foreign_hosts_and_schemes() {
        assert_eq!(
            check_link(Platform::Shopee, "https://example.com/shopee.co.id"),
            Err(LinkError::WrongHost {
                host: "example.com".into()
            })
        );
        assert_eq!(
            check_link(Platform::Shopee, "https://notshopee.co.id/x"),
            Err(LinkError::WrongHost {
                host: "notshopee.co.id".into()
            })
        );
        assert!(matches!(
            check_link(Platform::Shopee, "https://shopee.co.id@evil.example/"),
            Err(LinkError::WrongHost { .. })
        ));
        assert_eq!(
            check_link(Platform::Website, "javascript:alert(1)"),
            Err(LinkError::NotHttps("javascript".into()))
        );
        assert_eq!(
            check_link(Platform::Tokopedia, "http://www.tokopedia.com/x"),
            Err(LinkError::NotHttps("http".into()))
        );
        assert_eq!(
            check_link(Platform::Tokopedia, "www.tokopedia.com/x"),
            Err(LinkError::NotHttps(String::new()))
        );
    }

    fn found(platform: Platform, value: &str) -> Result<FoundLink, LinkError> {
        find_link(platform, value)
    }

    fn kept(url: &str) -> Result<FoundLink, LinkError> {
        Ok(FoundLink {
            url: url.into(),
            words_dropped: true,
        })
    }

    #[test]
    fn a_link_alone_is_kept_without_a_word() {
        assert_eq!(
            found(Platform::Shopee, "  https://id.shp.ee/abc123\n"),
            Ok(FoundLink {
                url: "https://id.shp.ee/abc123".into(),
                words_dropped: false
            })
        );
    }

    #[test]
    fn the_link_is_found_in_each_apps_share_text() {
        // As the apps' Share → Copy link buttons word them (2025-2026), emoji, line
        // breaks and prices included; the words are never matched, only the link.
        for (platform, text, url) in [
            (
                Platform::Tokopedia,
                "Cek Keripik Pare Bu Siti seharga Rp15.000. Dapatkan di Tokopedia sekarang! https://tk.tokopedia.com/ZSabc123/",
                "https://tk.tokopedia.com/ZSabc123/",
            ),
            (
                Platform::Tokopedia,
                "Ada Jamu Kunyit Asam 250ml nih 😍\nCek di Tokopedia, yuk!\nhttps://www.tokopedia.com/kubmelati/jamu-kunyit-asam-250ml?extParam=src%3Dshop.",
                "https://www.tokopedia.com/kubmelati/jamu-kunyit-asam-250ml?extParam=src%3Dshop",
            ),
            (
                Platform::Shopee,
                "Lihat Sagon Kelapa di Shopee! https://id.shp.ee/abc123",
                "https://id.shp.ee/abc123",
            ),
            (
                Platform::Shopee,
                "Dapatkan Sagon Kelapa 🥥 dengan harga Rp12.000 di Shopee!\r\nhttps://shopee.co.id/Sagon-Kelapa-i.12345.67890?sp_atk=ab12&xptdk=cd34 🛒",
                "https://shopee.co.id/Sagon-Kelapa-i.12345.67890?sp_atk=ab12&xptdk=cd34",
            ),
            (
                Platform::Lazada,
                "Cek Batik Ecoprint Daun Jati 🍃 hanya Rp185.000 di Lazada! Tunggu apa lagi? https://s.lazada.co.id/s.Zk9aB?cc",
                "https://s.lazada.co.id/s.Zk9aB?cc",
            ),
            (
                Platform::Lazada,
                "[Batik Ecoprint] Rp185.000 💥 (https://www.lazada.co.id/products/batik-ecoprint-i123.html)",
                "https://www.lazada.co.id/products/batik-ecoprint-i123.html",
            ),
            (
                Platform::Tiktok,
                "Lihat Keripik Pare Bu Siti di TikTok Shop 🛍️\nHarga Rp15.000\nhttps://vt.tiktok.com/ZSk3abc12/\nSalin tautan ini dan buka di aplikasi TikTok.",
                "https://vt.tiktok.com/ZSk3abc12/",
            ),
            (
                Platform::Tiktok,
                "Keripik Pare Bu Siti #jajanan #oleholeh https://vt.tiktok.com/ZSk3abc12/ #fyp",
                "https://vt.tiktok.com/ZSk3abc12/",
            ),
            (
                Platform::Tiktok,
                "👉https://shop-id.tokopedia.com/view/product/1729384756?region=ID&locale=id-ID!",
                "https://shop-id.tokopedia.com/view/product/1729384756?region=ID&locale=id-ID",
            ),
        ] {
            assert_eq!(found(platform, text), kept(url), "{text}");
        }
    }

    #[test]
    fn a_link_of_another_platform_in_the_text_is_ignored() {
        // The Shopee text names a Tokopedia shop too: only the Shopee link is the
        // shopee: link.
        assert_eq!(
            found(
                Platform::Shopee,
                "Sagon Kelapa di Shopee https://id.shp.ee/abc123 (juga di https://tk.tokopedia.com/ZSx/)"
            ),
            kept("https://id.shp.ee/abc123")
        );
        // The same link twice is one link.
        assert_eq!(
            found(
                Platform::Shopee,
                "https://id.shp.ee/abc123\nLihat di Shopee: https://id.shp.ee/abc123"
            ),
            kept("https://id.shp.ee/abc123")
        );
    }

    #[test]
    fn two_links_or_none_stay_errors() {
        assert_eq!(
            found(
                Platform::Tokopedia,
                "Keripik https://tk.tokopedia.com/ZSa/ atau Sagon https://tk.tokopedia.com/ZSb/"
            ),
            Err(LinkError::TwoLinks {
                first: "https://tk.tokopedia.com/ZSa/".into(),
                second: "https://tk.tokopedia.com/ZSb/".into()
            })
        );
        assert_eq!(
            found(Platform::Shopee, "Lihat Sagon Kelapa di Shopee!"),
            Err(LinkError::NoLinkInText)
        );
        // Only a link of another platform: named as before.
        assert_eq!(
            found(
                Platform::Shopee,
                "Cek di Tokopedia! https://tk.tokopedia.com/ZSabc123/"
            ),
            Err(LinkError::WrongHost {
                host: "tk.tokopedia.com".into()
            })
        );
    }

    #[test]
    fn the_link_kept_passes_every_check_of_a_link() {
        // http:// in a share text is refused as it is alone.
        assert_eq!(
            found(Platform::Shopee, "Lihat di Shopee! http://id.shp.ee/abc123"),
            Err(LinkError::NotHttps("http".into()))
        );
        // A look-alike host is not the platform's.
        assert_eq!(
            found(
                Platform::Shopee,
                "Lihat di Shopee! https://shopee.co.id.evil.example/x"
            ),
            Err(LinkError::WrongHost {
                host: "shopee.co.id.evil.example".into()
            })
        );
        // A link alone keeps its own errors (words after a link are never part of it).
        assert_eq!(
            found(Platform::Tokopedia, "www.tokopedia.com/x"),
            Err(LinkError::NotHttps(String::new()))
        );
        assert_eq!(
            found(Platform::Facebook, "https://"),
            Err(LinkError::Unparsable)
        );
        assert_eq!(
            found(Platform::Website, "javascript:alert(1)"),
            Err(LinkError::NotHttps("javascript".into()))
        );
    }

    #[test]
    fn whatsapp_link_encodes_the_message() {
        assert_eq!(
            whatsapp_link("6281234567890", "Halo, saya mau pesan *Jamu* (250 ml)"),
            "https://wa.me/6281234567890?text=Halo%2C%20saya%20mau%20pesan%20%2AJamu%2A%20%28250%20ml%29"
        );
    }
}
