//! The crate's modules import in one direction: each sits on a floor and takes only from
//! its own floor or below, and no modules import each other in a circle. Every
//! `crate::module` path counts, `use` lines and inline paths alike (comments and the
//! `#[cfg(test)] mod tests` at the end of a file do not). A new module must be given a
//! floor here; the crate docs ("How the crate is built") show the same table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Floor by module: 0 is the declaration and the readers every layer shares; 4 is the
/// Tower wiring.
const FLOORS: &[(&str, u8)] = &[
    // The declaration, and what reads requests without knowing the layer.
    ("policy", 0),
    ("consent", 0),
    ("csp", 0),
    ("languages", 0),
    ("headers", 0),
    ("cookie_header", 0),
    ("escape", 0),
    ("warn_once", 0),
    ("host", 0),
    ("region", 0),
    ("test_policy", 0),
    ("admin_access", 0),
    ("trackers", 0),
    ("link_header", 0),
    // What renders or acts on the declaration, each on its own.
    ("html", 1),
    ("banner", 1),
    ("receipts", 1),
    ("set_cookie", 1),
    ("discovery", 1),
    ("injection", 1),
    // The layer's resolved configuration.
    ("config", 2),
    // Answers and passes that use the configuration.
    ("gating", 3),
    ("endpoint", 3),
    ("wiring", 3),
    ("extract", 3),
    ("gpc_applied", 3),
    // Tower's types.
    ("layer", 4),
    ("service", 4),
    ("future", 4),
    ("internals", 4),
    ("lib", 4),
];

/// The module a file belongs to: `src/x.rs` or `src/x/…` is `x`.
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap();
    let name = first.as_os_str().to_str().unwrap();
    name.trim_end_matches(".rs").to_owned()
}

/// The code of a file without comments and without its test module.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::name` in `code` (lowercase names only: types re-exported at the
/// root are named by their module where they are used inside the crate).
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        let next = rest[name.len()..].chars().next();
        if !name.is_empty() && next == Some(':') {
            found.push(name);
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The module graph: module -> (module it imports -> the files that do).
fn graph() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = module_of(relative);
        let text = std::fs::read_to_string(&file).unwrap();
        let entry = graph.entry(module.clone()).or_default();
        for name in crate_paths(&code(&text)) {
            if name != module {
                entry
                    .entry(name)
                    .or_default()
                    .insert(relative.display().to_string());
            }
        }
    }
    graph
}

#[test]
fn modules_import_only_from_their_floor_or_below() {
    let floors: BTreeMap<&str, u8> = FLOORS.iter().copied().collect();
    let graph = graph();
    let mut wrong = Vec::new();
    for (module, imports) in &graph {
        let Some(&floor) = floors.get(module.as_str()) else {
            wrong.push(format!("{module} has no floor in FLOORS"));
            continue;
        };
        for (import, files) in imports {
            match floors.get(import.as_str()) {
                None => wrong.push(format!(
                    "{files:?}: crate::{import} is not a module with a floor"
                )),
                Some(&to) if to > floor => wrong.push(format!(
                    "{files:?}: {module} (floor {floor}) imports {import} (floor {to})"
                )),
                Some(_) => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    let graph = graph();
    // Depth-first search, reporting the first circle found with its path.
    fn visit<'g>(
        module: &'g str,
        graph: &'g BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        path: &mut Vec<&'g str>,
        done: &mut BTreeSet<&'g str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|seen| *seen == module) {
            let mut circle: Vec<String> = path[at..].iter().map(|m| (*m).to_owned()).collect();
            circle.push(module.to_owned());
            return Some(circle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module);
        for import in graph.get(module).into_iter().flat_map(BTreeMap::keys) {
            if let Some(circle) = visit(import, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(module);
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        let circle = visit(module, &graph, &mut Vec::new(), &mut done);
        assert_eq!(circle, None, "an import circle");
    }
}

#[test]
fn the_checker_sees_inline_paths_and_skips_comments_and_tests() {
    let text = "use crate::policy::Policy;\n// crate::service in a comment\nfn f() { crate::html::Gate::new(); }\nlet x = mycrate::future::F;\n#[cfg(test)]\nmod tests { use crate::layer::X; }";
    assert_eq!(crate_paths(&code(text)), ["policy", "html"]);
}
