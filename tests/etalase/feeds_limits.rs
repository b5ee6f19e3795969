//! What Google and Meta refuse in a row, beyond a price and a photo (issue 19): an id
//! longer than the platform takes (Google's `g:id` 50 characters, Meta's `id` 100), and
//! a pre-order without a day ahead for Google's `g:availability_date`. Each keeps the
//! product out of that platform's feed only, with a warning at the product's file
//! naming the key that fixes it.

use crate::feeds::{a_month_ahead, build, catalog, get, google_items, meta_rows};
use crate::support::CatalogTest;

fn meta_ids(t: &CatalogTest) -> Vec<String> {
    meta_rows(t).into_iter().map(|r| r["id"].clone()).collect()
}

fn google_ids(t: &CatalogTest) -> Vec<String> {
    google_items(t)
        .iter()
        .map(|i| get(i, "g:id").to_string())
        .collect()
}

#[test]
fn an_id_longer_than_a_platform_takes_leaves_the_product_out_of_its_feed() {
    let t = catalog();
    let sixty = "KERIPIK-PARE-RENYAH-KUB-MELATI-DESA-CONTOH-BUNGKUS-250-GR"; // 57
    assert!(sixty.len() > 50 && sixty.len() <= 100);
    t.write(
        "content/desa/keripik/product.yaml",
        format!("name: Keripik Pare\ncategory: makanan\nprice: 15rb\nid: {sixty}\n"),
    );
    let long = "J".repeat(120);
    t.write(
        "content/lain/jamu/product.yaml",
        format!("name: Jamu Kunyit\ncategory: jamu\nprice: 10000\nid: {long}\n"),
    );
    // A folder's own path, with a variant's slug, is an id too.
    let folder = "sirup-jahe-merah-asli-dari-kebun-sendiri";
    std::fs::rename(
        t.path("content/desa/sirup"),
        t.path(&format!("content/desa/{folder}")),
    )
    .unwrap();
    let run = build(&t);
    let (meta, google) = (meta_ids(&t), google_ids(&t));
    assert!(meta.contains(&sixty.to_string()), "{meta:?}");
    assert!(!google.contains(&sixty.to_string()), "{google:?}");
    assert!(!meta.contains(&long) && !google.contains(&long));
    let variant = format!("desa/{folder}/250-ml");
    assert!(meta.contains(&variant), "{meta:?}");
    assert!(!google.iter().any(|id| id.contains(folder)), "{google:?}");
    // The others stay in both.
    assert!(meta.contains(&"desa/botol".to_string()) && google.contains(&"desa/botol".to_string()));

    let err = &run.stderr;
    run.expect_stderr_contains(&format!(
        "content/desa/keripik/product.yaml:4:5: warning: the product's id in the product feeds, `{sixty}`, is 57 characters long: Google takes at most 50, so the product is left out of Google's feed (feeds/google.xml)"
    ));
    run.expect_stderr_contains(&format!(
        "content/lain/jamu/product.yaml:4:5: warning: the product's id in the product feeds, `{long}`, is 120 characters long: Google takes at most 50 and Meta 100, so the product is left out of both feeds (feeds/)"
    ));
    run.expect_stderr_contains(&format!(
        "content/desa/{folder}/product.yaml:1:1: warning: the product's id in the product feeds, `desa/{folder}/1-liter`"
    ));
    assert_eq!(
        err.matches("write a short id in product.yaml, like `id: KP-01`")
            .count(),
        3,
        "{err}"
    );
}

#[test]
fn a_pre_order_is_in_googles_feed_only_with_a_day_ahead() {
    let t = catalog();
    let sirup = "content/desa/sirup/product.yaml";
    let with_day = t.read(sirup);
    let without: String = with_day
        .lines()
        .filter(|l| !l.starts_with("available_from:"))
        .map(|l| format!("{l}\n"))
        .collect();
    t.write(sirup, &without);
    let run = build(&t);
    let ids = ["desa/sirup/250-ml", "desa/sirup/1-liter"].map(String::from);
    let (meta, google) = (meta_ids(&t), google_ids(&t));
    assert!(ids.iter().all(|id| meta.contains(id)), "{meta:?}");
    assert!(ids.iter().all(|id| !google.contains(id)), "{google:?}");
    run.expect_stderr_contains(
        "content/desa/sirup/product.yaml:3:15: warning: a pre-order needs the day its orders ship for Google's catalog (feeds/google.xml), which refuses a pre-order without one: the product is left out of Google's feed",
    );
    run.expect_stderr_contains("add a line like `available_from: 2027-08-17`");

    // A day that has come is refused by Google as well.
    t.write(
        sirup,
        without.replace(
            "availability: pre-order\n",
            "availability: pre-order\navailable_from: 2020-01-01\n",
        ),
    );
    let run = build(&t);
    assert!(ids.iter().all(|id| !google_ids(&t).contains(id)));
    run.expect_stderr_contains(
        "content/desa/sirup/product.yaml:4:17: warning: available_from 2020-01-01 is not ahead: Google refuses a pre-order whose date has come",
    );

    // More than a year ahead, Google refuses it too.
    t.write(
        sirup,
        without.replace(
            "availability: pre-order\n",
            "availability: pre-order\navailable_from: 2999-01-01\n",
        ),
    );
    let run = build(&t);
    assert!(ids.iter().all(|id| !google_ids(&t).contains(id)));
    run.expect_stderr_contains(
        "content/desa/sirup/product.yaml:4:17: warning: available_from 2999-01-01 is more than a year ahead: Google takes a pre-order's date at most a year ahead",
    );

    // A day ahead: in Google's feed with that day.
    t.write(sirup, &with_day);
    let run = build(&t);
    let items = google_items(&t);
    let litre = items
        .iter()
        .find(|i| get(i, "g:id") == "desa/sirup/1-liter")
        .expect("the pre-order in Google's feed");
    assert_eq!(
        get(litre, "g:availability_date"),
        format!("{}T00:00Z", a_month_ahead())
    );
    assert!(!run.stderr.contains("available_from"), "{}", run.stderr);

    // A product that is not a pre-order needs no day.
    assert!(google_ids(&t).contains(&"desa/keripik".to_string()));
    // A day that is no date is the file's error, at its line.
    t.write(
        sirup,
        with_day.replace(
            &format!("available_from: {}", a_month_ahead()),
            "available_from: besok",
        ),
    );
    t.run(&["check", "--lang", "en"])
        .expect_code(1)
        .expect_stderr_contains(
            "content/desa/sirup/product.yaml:4:17: error: available_from must be a date, year-month-day like 2027-08-17; found \"besok\"",
        );
}

#[test]
fn a_pre_orders_ship_day_is_on_its_page_while_it_is_ahead() {
    let t = catalog();
    let sirup = "content/desa/sirup/product.yaml";
    let with_day = t.read(sirup);
    assert!(with_day.contains(&format!("available_from: {}", a_month_ahead())));
    build(&t);
    let day: jiff::civil::Date = a_month_ahead().parse().unwrap();
    let months = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    let said = format!(
        "Dikirim mulai {} {} {}.",
        day.day(),
        months[day.month() as usize - 1],
        day.year()
    );
    let page = t.read("public/desa/sirup/index.html");
    assert!(page.contains(&said), "{said} not in the page");
    // A day that has come says nothing to a buyer any more.
    t.write(
        sirup,
        with_day.replace(
            &format!("available_from: {}", a_month_ahead()),
            "available_from: 2020-01-01",
        ),
    );
    build(&t);
    assert!(
        !t.read("public/desa/sirup/index.html")
            .contains("Dikirim mulai")
    );
}
