//! A draft policy file from cookie discovery: `cargo run --example discover -- SNAPSHOT`
//! reads a snapshot ([`CookieDiscovery::snapshot`] as JSON: the demo serves its own at
//! `/discovery.json`; `-` reads standard input) and prints a policy file (TOML, the format
//! `PolicyBuilder` reads) declaring every cookie the snapshot saw undeclared that the Open
//! Cookie Database knows, with its suggested category, provider and lifetime; the names
//! it does not know are listed in comments. Known trackers the layer found unmarked in
//! pages are listed in comments too, each with the markup that gates it (their
//! categories are declared). Check every entry and write each purpose in your own
//! words (visitors read them) before using it.
//!
//! ```sh
//! cargo run --example demo --features sqlite &
//! curl -s http://127.0.0.1:3000/discovery.json > snapshot.json
//! cargo run --example discover -- snapshot.json > draft-policy.toml
//! ```
//!
//! [`CookieDiscovery::snapshot`]: tower_cookie_consent::CookieDiscovery::snapshot

use std::collections::BTreeSet;
use std::io::Read as _;

use tower_cookie_consent::{DiscoverySnapshot, NECESSARY, TrackerFinding};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: discover SNAPSHOT.json   (- for standard input)");
        std::process::exit(2);
    };
    let mut json = String::new();
    let read = if path == "-" {
        std::io::stdin().read_to_string(&mut json).map(drop)
    } else {
        std::fs::read_to_string(&path).map(|text| json = text)
    };
    if let Err(error) = read {
        eprintln!("discover: cannot read {path}: {error}");
        std::process::exit(1);
    }
    match serde_json::from_str::<DiscoverySnapshot>(&json) {
        Ok(snapshot) => print!("{}", draft(&snapshot)),
        Err(error) => {
            eprintln!("discover: {path} is not a discovery snapshot: {error}");
            std::process::exit(1);
        }
    }
}

/// Whether `name` can be declared: a cookie name as RFC 6265 writes one (names seen in
/// requests are whatever a client sent).
fn declarable(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// The draft policy file for `snapshot`.
pub fn draft(snapshot: &DiscoverySnapshot) -> String {
    let mut categories = BTreeSet::new();
    let mut cookies = Vec::new();
    let mut unknown = Vec::new();
    for seen in snapshot
        .cookies
        .iter()
        .filter(|seen| seen.declared.is_none())
    {
        if !declarable(&seen.name) {
            continue;
        }
        let Some(suggestion) = &seen.suggestion else {
            unknown.push(seen);
            continue;
        };
        // The built-in category the database's stands for (declared below when the
        // policy does not), functionality for one it has no counterpart for.
        let category = suggestion
            .built_in_category
            .clone()
            .unwrap_or_else(|| "functionality".to_owned());
        if category != NECESSARY {
            categories.insert(category.clone());
        }
        let mut cookie = toml::Table::new();
        cookie.insert("name".into(), seen.name.clone().into());
        cookie.insert("category".into(), category.into());
        cookie.insert("provider".into(), suggestion.provider.clone().into());
        cookie.insert("duration".into(), suggestion.lifetime.clone().into());
        // Left empty on purpose: what visitors are told is written by the operator.
        cookie.insert("purpose".into(), String::new().into());
        cookies.push(toml::Value::Table(cookie));
    }
    // Trackers found unmarked: their categories are declared, their markup commented.
    let findings = &snapshot.trackers.findings;
    for finding in findings {
        if let Some(category) = &finding.built_in_category {
            categories.insert(category.clone());
        }
    }
    let mut file = toml::Table::new();
    let categories: Vec<toml::Value> = categories
        .into_iter()
        .map(|id| {
            let mut category = toml::Table::new();
            category.insert("id".into(), id.into());
            toml::Value::Table(category)
        })
        .collect();
    if !categories.is_empty() {
        file.insert("categories".into(), categories.into());
    }
    if !cookies.is_empty() {
        file.insert("cookies".into(), cookies.into());
    }
    let mut out = String::from(
        "# A draft from cookie discovery: each cookie below was seen undeclared, and its\n\
         # category, provider and duration are the Open Cookie Database's suggestion\n\
         # (Apache-2.0). Check each one, and write its purpose in your words.\n",
    );
    for seen in unknown {
        out.push_str(&format!(
            "# Seen undeclared, not in the database: {:?} ({} requests, set {} times)\n",
            seen.name, seen.seen_in_requests, seen.set_by_server
        ));
    }
    if !findings.is_empty() {
        out.push_str(
            "#\n# Known trackers found unmarked in pages: mark each as shown (or turn on\n\
             # `automatic = true` in [gating]), and check the category.\n",
        );
    }
    for finding in findings {
        out.push_str(&tracker_comment(finding));
    }
    out.push('\n');
    out.push_str(&toml::to_string(&file).expect("a table of strings serializes"));
    out
}

/// Two comment lines for a finding: what was found where, and the markup that gates it.
/// Texts from the snapshot are written with `{:?}`, so that none can end the comment.
fn tracker_comment(finding: &TrackerFinding) -> String {
    let category = finding
        .built_in_category
        .as_deref()
        .unwrap_or("functionality");
    let what = match (&finding.service, &finding.host, &finding.markup) {
        (Some(service), Some(host), _) => format!("{service:?} ({host:?})"),
        (_, _, Some(markup)) => format!("{markup:?}"),
        _ => "something".to_owned(),
    };
    let markup = match finding.kind.as_str() {
        "script" => {
            format!("<script type=\"text/plain\" data-consent=\"{category}\" src=\"…\"></script>")
        }
        "iframe" => format!("<iframe data-consent=\"{category}\" data-src=\"…\"></iframe>"),
        "img" => format!("<img data-consent=\"{category}\" data-src=\"…\" alt=\"\">"),
        "noscript img" => {
            format!(
                "<noscript data-consent=\"{category}\"><img data-src=\"…\" alt=\"\"></noscript>"
            )
        }
        "inline script" => {
            format!("<script type=\"text/plain\" data-consent=\"{category}\">…</script>")
        }
        link if link.starts_with("link rel=") => format!(
            "<link rel=\"{}\" data-consent=\"{category}\" data-href=\"…\"> (in a Link header: \
             send it only to visitors who allow {category})",
            &link["link rel=".len()..]
        ),
        _ => "its convention turned on in [gating] (cookieconsent, cookiebot, onetrust, \
              klaro_services)"
            .to_owned(),
    };
    format!(
        "# - {} {what} on {:?}, {} times: {markup}\n",
        finding.kind, finding.page, finding.count
    )
}
