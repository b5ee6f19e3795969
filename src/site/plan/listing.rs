//! Long lists split into pages: the front page's products, a village's, a category's,
//! and the list of every village. Page 1 is at the list's own address; page k at
//! `<list>/halaman/k/` ([`PAGES_FOLDER`]), with the same template, so that a theme and
//! the service worker tell its kind as they tell page 1's. Each page has its own
//! canonical address and title ("… — halaman 2") and a [`Pager`] between them.

use super::views::tv;
use super::{Context, Page, PageContext, PageMeta};
use crate::catalog::load::PAGES_FOLDER;
use crate::site::theme::Words;
use serde::Serialize;

/// Cards on one page of a list. 48 fills whole rows at 2, 3 and 4 columns (the grid's
/// widths on a phone, a tablet and a desktop). A card is about 1 KB of HTML with its
/// photo's six renditions named, so a page of them is about 50 KB raw and 7 KB
/// gzipped: with the header, the stylesheet and the script, well under the 150 KB raw
/// a cheap phone parses quickly and the 30 KB gzipped a first visit on metered data
/// should cost, while a village of 200 products is still only 5 pages.
pub const PER_PAGE: usize = 48;

/// How many pages a list of `n` items takes (1 for an empty list).
pub fn page_count(n: usize) -> usize {
    n.div_ceil(PER_PAGE).max(1)
}

/// The address of page `k` of the list at `dir` (`""` for the front page,
/// `desa-001/`, `kategori/jamu/`), relative to the site root.
pub fn page_href(dir: &str, k: usize) -> String {
    if k <= 1 {
        dir.to_string()
    } else {
        format!("{dir}{PAGES_FOLDER}/{k}/")
    }
}

/// `pager` in a list page's template, when the list has more than one page. Every
/// `href` is relative to the site root, like every other (`{{ root }}{{ p.href }}`).
#[derive(Serialize, Debug, Clone)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    /// "Halaman 2 dari 42" (`t.page_of`).
    pub label: String,
    /// The previous and the next page, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The page numbers to show, in order: the first, the last, those near the
    /// current one, and jumps of 10 and 100 from it, so that any page of a long list
    /// is a few taps away. `gap` marks a number that does not follow the one before.
    pub numbers: Vec<PageNumber>,
}

#[derive(Serialize, Debug, Clone)]
pub struct PageNumber {
    pub n: usize,
    pub href: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub current: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub gap: bool,
}

/// The numbers [`Pager::numbers`] shows on page `current` of `total`.
fn shown_numbers(current: usize, total: usize) -> Vec<usize> {
    let mut ns: Vec<usize> = vec![1, total];
    ns.extend(current.saturating_sub(2).max(1)..=(current + 2).min(total));
    for jump in [10, 100] {
        if current > jump {
            ns.push(current - jump);
        }
        if current + jump <= total {
            ns.push(current + jump);
        }
    }
    ns.sort_unstable();
    ns.dedup();
    ns
}

fn pager(dir: &str, current: usize, total: usize, words: &Words) -> Pager {
    let mut last = 0;
    let numbers = shown_numbers(current, total)
        .into_iter()
        .map(|n| {
            let gap = n > last + 1;
            last = n;
            PageNumber {
                n,
                href: page_href(dir, n),
                current: n == current,
                gap,
            }
        })
        .collect();
    Pager {
        current,
        total,
        label: words
            .get("page_of")
            .replace("{n}", &current.to_string())
            .replace("{total}", &total.to_string()),
        prev: (current > 1).then(|| page_href(dir, current - 1)),
        next: (current < total).then(|| page_href(dir, current + 1)),
        numbers,
    }
}

/// A list to plan as pages.
pub struct Listing {
    /// Its folder relative to the root: `""`, `desa-001/`, `kategori/jamu/`.
    pub dir: String,
    pub template: &'static str,
    /// Page 1's: the others' title and canonical address follow from it.
    pub meta: PageMeta,
    /// The rest of every page's context, the same on each (`root` is added).
    pub context: Context,
    /// The name of the list in the template (`products`, `villages`) and its items.
    pub key: &'static str,
    pub items: Vec<tera::Value>,
}

/// The pages of `list`: one when it fits on a page (with no `pager`, as before lists
/// were split), else [`page_count`] of them, each given its share of the items.
pub fn pages<'a>(list: Listing, base_url: Option<&str>, words: &Words) -> Vec<Page<'a>> {
    let total = page_count(list.items.len());
    let depth = list.dir.matches('/').count();
    (1..=total)
        .map(|k| {
            let from = (k - 1) * PER_PAGE;
            let items = list.items
                [from.min(list.items.len())..(from + PER_PAGE).min(list.items.len())]
                .to_vec();
            let extra = if k == 1 { 0 } else { 2 };
            let mut context: Context =
                vec![("root", tera::Value::from("../".repeat(depth + extra)))];
            context.extend(list.context.iter().cloned());
            context.push((list.key, tera::Value::from(items)));
            if total > 1 {
                context.push(("pager", tv(&pager(&list.dir, k, total, words))));
            }
            let mut meta = list.meta.clone();
            if k > 1 {
                let word = words.get("page_title").replace("{n}", &k.to_string());
                meta.title = format!("{} — {word}", meta.title);
                meta.description = format!("{} — {word}", meta.description);
                if let Some(base) = base_url {
                    meta.canonical = format!("{base}{}", page_href(&list.dir, k));
                }
            }
            let href = page_href(&list.dir, k);
            Page {
                path: format!("{href}index.html"),
                template: list.template,
                meta,
                context: PageContext::Ready(context),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_a_few_taps_from_any_other() {
        assert_eq!(shown_numbers(1, 1), [1]);
        assert_eq!(shown_numbers(1, 5), [1, 2, 3, 5]);
        assert_eq!(shown_numbers(3, 5), [1, 2, 3, 4, 5]);
        assert_eq!(
            shown_numbers(20, 209),
            [1, 10, 18, 19, 20, 21, 22, 30, 120, 209]
        );
        // From page 1, the taps to reach each page of 209, following the numbers shown.
        let total = 209;
        let mut taps = vec![usize::MAX; total + 1];
        taps[1] = 0;
        let mut todo = vec![1];
        while let Some(p) = todo.pop() {
            for n in shown_numbers(p, total) {
                if taps[p] + 1 < taps[n] {
                    taps[n] = taps[p] + 1;
                    todo.push(n);
                }
            }
        }
        assert!(taps[1..].iter().all(|&t| t <= 10), "{taps:?}");
    }

    #[test]
    fn a_list_is_split_into_pages_of_whole_rows() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(48), 1);
        assert_eq!(page_count(49), 2);
        assert_eq!(page_href("", 1), "");
        assert_eq!(page_href("", 2), "halaman/2/");
        assert_eq!(page_href("kategori/jamu/", 3), "kategori/jamu/halaman/3/");
        assert_eq!(PER_PAGE % 2 + PER_PAGE % 3 + PER_PAGE % 4, 0);
    }
}
