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
    WrongHost { host: String },
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

    #[test]
    fn whatsapp_link_encodes_the_message() {
        assert_eq!(
            whatsapp_link("6281234567890", "Halo, saya mau pesan *Jamu* (250 ml)"),
            "https://wa.me/6281234567890?text=Halo%2C%20saya%20mau%20pesan%20%2AJamu%2A%20%28250%20ml%29"
        );
    }
}
