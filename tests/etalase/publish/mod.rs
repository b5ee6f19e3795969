//! Publishing: `etalase init` and its deploy recipes, the files hosts read (`_headers`,
//! `404.html`), and the size report a build ends with. The recipes are parsed as their
//! hosts parse them (YAML for GitHub Actions and GitLab CI, TOML for Netlify), and the
//! shell of the GitLab and Netlify recipes is run for real, with a `curl` on `PATH`
//! that hands out an archive of this very binary, named as the release workflow names
//! it. The 404 page is opened in Debian's headless chromium at deep unknown addresses.

use crate::support::static_host::StaticHost;
use crate::support::{CatalogTest, http, run_in};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

mod hosts;

const VERSION: &str = concat!("v", env!("CARGO_PKG_VERSION"));
const LINUX: &str = "x86_64-unknown-linux-gnu";

/// A repository made by `etalase init repo`, in a temporary folder.
fn initialised() -> (CatalogTest, PathBuf) {
    let t = CatalogTest::empty();
    let run = t.run(&["init", "repo"]);
    run.expect_code(0);
    assert!(run.stdout.contains("selesai: repo/"), "{}", run.stdout);
    let repo = t.path("repo");
    (t, repo)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn yaml(path: &Path) -> Value {
    etalase::catalog::yaml::parse::<Value>(&read(path))
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

#[test]
fn init_makes_a_repository_that_checks_builds_and_keeps_its_photo_cache() {
    let (t, repo) = initialised();
    let ignored: Vec<String> = read(&repo.join(".gitignore"))
        .lines()
        .map(str::to_string)
        .collect();
    for dir in [
        "public/",
        ".etalase-cache/",
        ".public.etalase-new/",
        ".etalase-sampah/",
    ] {
        assert!(ignored.iter().any(|l| l == dir), "{dir} in .gitignore");
    }
    let check = run_in(&repo, &["check"]);
    check.expect_code(0);
    assert!(
        check.stderr.contains("0 kesalahan"),
        "the example passes check:\n{}",
        check.stderr
    );
    let first = run_in(&repo, &["build"]);
    first.expect_code(0);
    assert_eq!(first.processed_and_cached(), (1, 0), "{}", first.stderr);
    t.check_site("repo/public");
    let product = read(&repo.join("public/desa-contoh/produk-contoh/index.html"));
    assert!(product.contains("Produk Contoh") && product.contains("Rp15.000"));
    assert!(
        product.contains(".webp"),
        "the example photo went through the pipeline"
    );
    // The folder every recipe keeps between runs is where builds keep the photos: a
    // second build in a fresh checkout with it restored processes none.
    assert!(repo.join(".etalase-cache").is_dir());
    std::fs::remove_dir_all(repo.join("public")).unwrap();
    let again = run_in(&repo, &["build"]);
    again.expect_code(0);
    assert_eq!(again.processed_and_cached(), (0, 1), "{}", again.stderr);
    // Nothing a build leaves beside the catalog (the site, its hidden folders, the
    // output's lock file, the cache) would be committed.
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(&repo)
            .output()
            .expect("git");
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    git(&["init", "-q"]);
    let untracked = git(&["status", "--porcelain", "--untracked-files=all"]);
    let made_by_builds: Vec<&str> = untracked
        .lines()
        .filter(|l| l.contains("public") || l.contains("etalase-"))
        .collect();
    assert!(made_by_builds.is_empty(), "{made_by_builds:#?}");
}

#[test]
fn init_never_overwrites_a_folder_with_files() {
    let t = CatalogTest::empty();
    t.write("repo/catatan.txt", "punya saya");
    let run = t.run(&["init", "repo"]);
    run.expect_code(2)
        .expect_stderr_contains("kesalahan: repo tidak kosong");
    let run = t.run(&["init", "repo", "--lang", "en"]);
    run.expect_code(2)
        .expect_stderr_contains("error: repo is not empty");
    assert_eq!(t.read("repo/catatan.txt"), "punya saya");
    assert_eq!(std::fs::read_dir(t.path("repo")).unwrap().count(), 1);
}

/// The steps of a GitHub Actions job.
fn steps<'a>(workflow: &'a Value, job: &str) -> &'a Vec<Value> {
    workflow["jobs"][job]["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("job {job}: {workflow}"))
}

fn position(steps: &[Value], pred: impl Fn(&Value) -> bool) -> usize {
    steps
        .iter()
        .position(pred)
        .unwrap_or_else(|| panic!("no such step in {steps:?}"))
}

fn uses(step: &Value, action: &str) -> bool {
    step["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with(&format!("{action}@")))
}

#[test]
fn the_deploy_recipes_parse_and_each_keeps_the_photo_cache() {
    let (_t, repo) = initialised();

    // GitHub Pages and Cloudflare Pages, on GitHub Actions: the cache is restored
    // before the build, the build is etalase's, and what is published is public/.
    let pages = yaml(&repo.join(".github/workflows/pages.yml"));
    let cloudflare = yaml(&repo.join(".github/workflows/cloudflare-pages.yml"));
    for (workflow, job) in [(&pages, "build"), (&cloudflare, "deploy")] {
        assert_eq!(workflow["env"]["ETALASE_VERSION"], VERSION);
        let steps = steps(workflow, job);
        let cache = position(steps, |s| uses(s, "actions/cache"));
        assert_eq!(steps[cache]["with"]["path"], ".etalase-cache");
        assert!(
            steps[cache]["with"]["restore-keys"].is_string(),
            "an older cache is restored when the key is new"
        );
        let build = position(steps, |s| s["run"] == "etalase build");
        assert!(cache < build);
        let get = position(steps, |s| {
            s["run"].as_str().is_some_and(|r| r.contains("curl"))
        });
        assert!(get < build);
        assert!(
            steps[get]["run"]
                .as_str()
                .unwrap()
                .contains(&format!("etalase-${{ETALASE_VERSION}}-{LINUX}"))
        );
    }
    let upload = position(steps(&pages, "build"), |s| {
        uses(s, "actions/upload-pages-artifact")
    });
    assert_eq!(steps(&pages, "build")[upload]["with"]["path"], "public");
    assert!(
        steps(&pages, "deploy")
            .iter()
            .any(|s| uses(s, "actions/deploy-pages"))
    );
    assert_eq!(pages["permissions"]["pages"], "write");
    let wrangler = &steps(&cloudflare, "deploy")[position(steps(&cloudflare, "deploy"), |s| {
        uses(s, "cloudflare/wrangler-action")
    })];
    assert!(
        wrangler["with"]["command"]
            .as_str()
            .unwrap()
            .starts_with("pages deploy public ")
    );
    // One switch: the Cloudflare project variable turns one on and the other off.
    assert_eq!(
        pages["jobs"]["build"]["if"],
        "vars.CLOUDFLARE_PROJECT == ''"
    );
    assert_eq!(
        cloudflare["jobs"]["deploy"]["if"],
        "vars.CLOUDFLARE_PROJECT != ''"
    );

    // GitLab Pages: the job named `pages`, its cache, its artifact.
    let gitlab = yaml(&repo.join(".gitlab-ci.yml"));
    let job = &gitlab["pages"];
    assert_eq!(gitlab["variables"]["ETALASE_VERSION"], VERSION);
    assert_eq!(job["cache"]["paths"], json!([".etalase-cache/"]));
    assert_eq!(job["artifacts"]["paths"], json!(["public"]));

    // Netlify: publish public/, the cache plugin on .etalase-cache.
    let netlify: toml::Table = read(&repo.join("netlify.toml")).parse().unwrap();
    assert_eq!(netlify["build"]["publish"].as_str(), Some("public"));
    assert_eq!(
        netlify["build"]["environment"]["ETALASE_VERSION"].as_str(),
        Some(VERSION)
    );
    let plugins = netlify["plugins"].as_array().unwrap();
    let cache = plugins
        .iter()
        .find(|p| p["package"].as_str() == Some("netlify-plugin-cache"))
        .expect("netlify-plugin-cache");
    assert_eq!(
        cache["inputs"]["paths"].as_array().unwrap()[0].as_str(),
        Some(".etalase-cache")
    );

    // The archive the recipes download is the one the release workflow makes.
    let release =
        read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml"));
    assert!(release.contains(r#"name="etalase-${GITHUB_REF_NAME}-${TARGET}""#));
    assert!(release.contains(&format!(
        "target: {LINUX}, os: ubuntu-22.04, exe: etalase, archive: tar.gz"
    )));

    // The shell of the GitLab and Netlify recipes, run for real: the archive comes from
    // a `curl` that checks the address; the build must leave public/ and the cache.
    let script: Vec<String> = job["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    let env = [
        ("ETALASE_VERSION", VERSION),
        ("ETALASE_REPO", etalase::commands::init::RELEASES_REPO),
    ];
    run_recipe(&repo, &script.join("\n"), &env);
    let command = netlify["build"]["command"].as_str().unwrap().to_string();
    std::fs::remove_dir_all(repo.join("public")).unwrap();
    run_recipe(&repo, &command, &env);
}

/// Runs a recipe's shell in `repo` with a fake `curl` serving the release archive.
fn run_recipe(repo: &Path, script: &str, env: &[(&str, &str)]) {
    let tools = tempfile::tempdir().unwrap();
    let name = format!("etalase-{VERSION}-{LINUX}");
    let staging = tools.path().join(&name);
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_etalase"), staging.join("etalase")).unwrap();
    let archive = tools.path().join(format!("{name}.tar.gz"));
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(tools.path())
        .arg(&name)
        .status()
        .unwrap();
    assert!(tar.success());
    let url = format!(
        "https://github.com/{}/releases/download/{VERSION}/{name}.tar.gz",
        etalase::commands::init::RELEASES_REPO
    );
    let bin = tools.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let curl = bin.join("curl");
    std::fs::write(
        &curl,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do last=\"$a\"; done\n[ \"$last\" = \"{url}\" ] || {{ echo \"unexpected address $last\" >&2; exit 22; }}\ncat '{}'\n",
            archive.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&curl, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // The recipes unpack into /tmp (GitLab, Netlify): a private TMPDIR is not used by
    // them, so the unpacked folder is removed after.
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let out = Command::new("sh")
        .arg("-ec")
        .arg(script)
        .current_dir(repo)
        .env("PATH", path)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(Path::new("/tmp").join(&name));
    assert!(
        out.status.success(),
        "the recipe failed:\n{script}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(repo.join("public/index.html").is_file());
    assert!(repo.join(".etalase-cache").is_dir());
}
