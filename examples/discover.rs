//! A draft policy file from cookie discovery: `cargo run --example discover -- SNAPSHOT`
//! reads a snapshot ([`CookieDiscovery::snapshot`] as JSON: the demo serves its own at
//! `/discovery.json`; `-` reads standard input) and prints a policy file (TOML, the format
//! `PolicyBuilder` reads) declaring every cookie the snapshot saw undeclared that the Open
//! Cookie Database knows, with its suggested category, provider and lifetime; the names
//! it does not know are listed in comments. Check every entry and write each purpose in
//! your own words (visitors read them) before using it.
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

use tower_cookie_consent::{DiscoverySnapshot, NECESSARY};

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
    out.push('\n');
    out.push_str(&toml::to_string(&file).expect("a table of strings serializes"));
    out
}
