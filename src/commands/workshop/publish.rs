//! `Terbitkan` (issue 17, point 1): `GET /terbitkan` shows what will be published (the
//! things changed since the last commit, in plain words, or that nothing changed),
//! where it goes (the remote's name and address, without credentials) and the button;
//! `POST /terbitkan` publishes ([`crate::commands::publish::publish`]) and says what
//! happened or what failed, in plain words: the check's errors (nothing is sent), the
//! remote moved on (nothing overwritten: a button brings its changes in first), no
//! sign-in (how to sign in once with git), no network. Without git, or without a
//! repository or a remote, the page says how to publish the built site by hand, with a
//! button that builds it and shows the build's size report.

use super::fields;
use super::guard::Session;
use super::page::{self, escape};
use super::posted::Posted;
use super::{Workshop, words};
use crate::commands::publish::changes::{self, How, Item, Kind};
use crate::commands::publish::git::Failure;
use crate::commands::publish::{self, Found, NotPublished, Published, Remote};
use crate::diag::Diagnostic;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::sync::Arc;

/// The page's address.
pub const PATH: &str = "/terbitkan";

/// `GET /terbitkan`.
pub async fn page(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
) -> Response {
    page::blocking(move || {
        let view = View {
            shop: &shop,
            session: &session,
        };
        page::html(StatusCode::OK, view.render(None))
    })
    .await
}

/// `POST /terbitkan`: `aksi=terbitkan` publishes, `aksi=tarik` brings the remote's
/// changes in first, `aksi=bangun` builds the site to publish by hand.
pub async fn post(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    posted: Posted,
) -> Response {
    page::blocking(move || {
        let view = View {
            shop: &shop,
            session: &session,
        };
        let lang = shop.lang;
        let (status, outcome) = match posted.get("aksi") {
            "bangun" => view.build_by_hand(),
            action => {
                let done =
                    publish::publish(&shop.content, lang, action == "tarik", &super::lock_wait());
                view.outcome(done)
            }
        };
        page::html(status, view.render(Some(&outcome)))
    })
    .await
}

struct View<'a> {
    shop: &'a Workshop,
    session: &'a Session,
}

impl View<'_> {
    /// The page: the outcome of a post first, when there is one, then what a publish
    /// would do now.
    fn render(&self, outcome: Option<&str>) -> String {
        let lang = self.shop.lang;
        let title = words::publish().get(lang).to_string();
        let mut main = page::form_header(lang, &title);
        if let Some(outcome) = outcome {
            main.push_str(outcome);
        }
        match publish::find(&self.shop.content) {
            Found::Repo(repo) => match &repo.remote {
                Some(remote) => {
                    let pending = publish::pending(&repo);
                    main.push_str(&self.ready(remote, &pending));
                }
                None => main.push_str(&self.by_hand(words::no_remote().get(lang))),
            },
            Found::NoGit => main.push_str(&self.by_hand(words::no_git().get(lang))),
            Found::NotARepo => main.push_str(&self.by_hand(words::not_a_repo().get(lang))),
        }
        page::document(lang, &title, &main)
    }

    /// Where the catalog goes, what changed, and the button.
    fn ready(&self, remote: &Remote, pending: &publish::Pending) -> String {
        let lang = self.shop.lang;
        let mut out = format!(
            "<p class=\"where\">{}</p><section class=\"changes\"><h2>{}</h2>",
            escape(words::publish_to(&remote.name, &remote.url).get(lang)),
            escape(words::changes_title().get(lang)),
        );
        if pending.items.is_empty() {
            out.push_str(&format!(
                "<p class=\"nothing\">{}</p>",
                escape(words::nothing_changed().get(lang))
            ));
        } else {
            out.push_str(&self.items(&pending.items));
        }
        if pending.unsent > 0 {
            out.push_str(&format!(
                "<p class=\"unsent\">{}</p>",
                escape(words::unsent(pending.unsent).get(lang))
            ));
        }
        out.push_str("</section>");
        out.push_str(&self.button("terbitkan", words::publish().get(lang)));
        out
    }

    /// The things changed, one a line, a product with the way to its form.
    fn items(&self, items: &[Item]) -> String {
        let lang = self.shop.lang;
        let mut out = String::from("<ul class=\"changes\">");
        for item in items {
            let how = match item.how {
                How::Added => "added",
                How::Changed => "changed",
                How::Removed => "removed",
            };
            let what = changes::item_words(item).get(lang).to_string();
            let link = match item.kind {
                Kind::Product
                    if super::product_dir(&self.shop.content, &item.village, &item.product)
                        .is_some() =>
                {
                    format!(
                        " <a href=\"{}\">{}</a>",
                        escape(&super::product::form_url(&item.village, &item.product)),
                        escape(words::open_form().get(lang))
                    )
                }
                _ => String::new(),
            };
            out.push_str(&format!(
                "<li class=\"{how}\">{}{link}</li>",
                escape(words::change_line(how, &what).get(lang))
            ));
        }
        out.push_str("</ul>");
        out
    }

    /// A form of one button, posting `aksi=action`.
    fn button(&self, action: &str, label: &str) -> String {
        format!(
            "<form method=\"post\" action=\"{PATH}\" class=\"publish-form\">{}<div class=\"bar\">{}</div></form>",
            fields::csrf(&self.session.csrf),
            fields::action(action, label, "primary"),
        )
    }

    /// How to publish the built site by hand, after `why`.
    fn by_hand(&self, why: &str) -> String {
        let lang = self.shop.lang;
        let folder = publish::site_folder(&self.shop.content);
        let folder = folder.display().to_string();
        let mut out = format!("<section class=\"by-hand\"><p>{}</p><ol>", escape(why));
        for step in words::by_hand_steps(&folder) {
            out.push_str(&format!("<li>{}</li>", escape(step.get(lang))));
        }
        out.push_str("</ol>");
        out.push_str(&self.button("bangun", words::build_site().get(lang)));
        out.push_str("</section>");
        out
    }

    /// The site built by hand, with the build's report: (status, outcome's HTML).
    fn build_by_hand(&self) -> (StatusCode, String) {
        let lang = self.shop.lang;
        let started = std::time::Instant::now();
        match publish::build_by_hand(&self.shop.content, &self.shop.cache, lang) {
            Ok((folder, report)) => {
                let shown_folder = folder.display().to_string();
                let summary = crate::commands::report::summary(
                    &report,
                    Some(&folder),
                    started.elapsed().as_secs_f64(),
                );
                if report.has_errors() {
                    let errors: Vec<Diagnostic> = errors_of(report.diagnostics);
                    let mut out =
                        message("problem", "alert", words::not_built(errors.len()).get(lang));
                    out.push_str(&self.errors(&errors));
                    return (StatusCode::UNPROCESSABLE_ENTITY, out);
                }
                let mut lines = vec![summary];
                if let Some(size) = &report.size {
                    lines.extend(crate::site::static_hosts::report_lines(
                        size,
                        &crate::site::static_hosts::Limits::FREE_HOSTS,
                        lang,
                    ));
                }
                let mut out = message(
                    "saved",
                    "status",
                    words::built_into(&shown_folder).get(lang),
                );
                out.push_str(&format!(
                    "<pre class=\"size-report\">{}</pre>",
                    escape(&lines.join("\n"))
                ));
                (StatusCode::OK, out)
            }
            Err(why) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                message("problem", "alert", why.get(lang)),
            ),
        }
    }

    /// What a publish did, in plain words: (status, outcome's HTML).
    fn outcome(&self, done: Result<Published, NotPublished>) -> (StatusCode, String) {
        let lang = self.shop.lang;
        let published = match done {
            Ok(p) => p,
            Err(e) => return self.not_published(e),
        };
        let remote = &published.remote.name;
        let mut out = String::new();
        if published.merged {
            out.push_str(&message(
                "saved",
                "status",
                words::merged_first(remote).get(lang),
            ));
        }
        let said = match (&published.commit, published.sent) {
            (Some(commit), _) => words::published(&commit.id, &commit.subject, remote),
            (None, 0) => words::nothing_to_send(remote),
            (None, n) => words::published_earlier(n, remote),
        };
        out.push_str(&message("saved published", "status", said.get(lang)));
        if !published.items.is_empty() {
            out.push_str(&self.items(&published.items));
        }
        (StatusCode::OK, out)
    }

    fn not_published(&self, e: NotPublished) -> (StatusCode, String) {
        let lang = self.shop.lang;
        let problem = |text: &str| message("problem", "alert", text);
        match e {
            // The page itself says how to publish by hand.
            NotPublished::NoGit | NotPublished::NotARepo | NotPublished::NoRemote => {
                (StatusCode::CONFLICT, String::new())
            }
            NotPublished::NoBranch => (StatusCode::CONFLICT, problem(words::no_branch().get(lang))),
            NotPublished::Busy(why) => (StatusCode::SERVICE_UNAVAILABLE, problem(why.get(lang))),
            NotPublished::CheckFailed(why) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                problem(words::check_failed(why.get(lang)).get(lang)),
            ),
            NotPublished::Errors(errors) => {
                let mut out = problem(words::not_published_errors(errors.len()).get(lang));
                out.push_str(&self.errors(&errors));
                (StatusCode::UNPROCESSABLE_ENTITY, out)
            }
            NotPublished::Conflict { remote } => (
                StatusCode::CONFLICT,
                problem(words::conflict(&remote.name).get(lang)),
            ),
            NotPublished::Git {
                failure,
                committed,
                remote,
            } => {
                let mut out = match &failure {
                    Failure::MovedOn => {
                        let mut out = problem(words::moved_on(&remote.name).get(lang));
                        out.push_str(&self.button("tarik", words::bring_in().get(lang)));
                        out
                    }
                    Failure::NoCredentials => {
                        problem(words::no_credentials(&remote.name, &remote.url).get(lang))
                    }
                    Failure::NoNetwork => problem(words::no_network(&remote.url).get(lang)),
                    Failure::TimedOut => problem(words::git_timed_out().get(lang)),
                    Failure::NoGit => problem(words::no_git().get(lang)),
                    Failure::Other(lines) => {
                        let mut out = problem(words::git_failed().get(lang));
                        out.push_str(&format!("<pre class=\"git-said\">{}</pre>", escape(lines)));
                        out
                    }
                };
                if let Some(commit) = committed {
                    out.push_str(&format!(
                        "<p class=\"kept\">{}</p>",
                        escape(words::kept_here(&commit.id).get(lang))
                    ));
                }
                let status = match failure {
                    Failure::MovedOn => StatusCode::CONFLICT,
                    _ => StatusCode::BAD_GATEWAY,
                };
                (status, out)
            }
        }
    }

    /// The check's errors as the build prints them, each with the way to its
    /// product's form when it is a product's.
    fn errors(&self, errors: &[Diagnostic]) -> String {
        let lang = self.shop.lang;
        let content = &self.shop.content;
        let mut out = String::from("<ul class=\"problems-list errors\">");
        for d in errors {
            let inside = d.path.strip_prefix(content).unwrap_or(&d.path);
            let parts: Vec<String> = inside
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let link = match parts.as_slice() {
                [village, product, _, ..]
                    if super::product_dir(content, village, product).is_some() =>
                {
                    format!(
                        " <a href=\"{}\">{}</a>",
                        escape(&super::product::form_url(village, product)),
                        escape(words::open_form().get(lang))
                    )
                }
                _ => String::new(),
            };
            out.push_str(&format!(
                "<li><code>{}</code>{link}</li>",
                escape(&d.render(lang))
            ));
        }
        out.push_str("</ul>");
        out
    }
}

/// The errors of a run's diagnostics, in the build's order.
fn errors_of(diagnostics: crate::diag::Diagnostics) -> Vec<Diagnostic> {
    diagnostics
        .sorted()
        .into_iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .collect()
}

/// A message above the page: `class` `saved` or `problem`, `role` `status` or `alert`.
fn message(class: &str, role: &str, text: &str) -> String {
    format!(
        "<p class=\"message {class}\" role=\"{role}\">{}</p>",
        escape(text)
    )
}
