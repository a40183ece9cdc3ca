//! Builds the Open Cookie Database's table (`data/open-cookie-database/facts.csv`,
//! Apache-2.0) into the crate at compile time, for cookie discovery's suggestions
//! (`src/discovery/ocd.rs` includes the generated file): exact names sorted by their
//! bytes, for a binary search; prefixes (the wildcard rows) longest first, so that the
//! first match is the most specific. Of a name listed twice, the first row counts.

use std::fmt::Write as _;

const SOURCE: &str = "data/open-cookie-database/facts.csv";

fn main() {
    println!("cargo:rerun-if-changed={SOURCE}");
    let csv = std::fs::read_to_string(SOURCE).expect("the Open Cookie Database's facts");
    let mut lines = csv.lines();
    let header = fields(lines.next().expect("a header line"));
    let column = |name: &str| {
        header
            .iter()
            .position(|field| field == name)
            .unwrap_or_else(|| panic!("{SOURCE} has no `{name}` column"))
    };
    let columns = [
        column("name"),
        column("platform"),
        column("category"),
        column("domain"),
        column("retention"),
        column("data_controller"),
    ];
    let wildcard = column("wildcard");
    let mut seen = std::collections::HashSet::new();
    let (mut exact, mut prefixes) = (Vec::new(), Vec::new());
    for line in lines.filter(|line| !line.is_empty()) {
        let row = fields(line);
        let values: Vec<String> = columns.iter().map(|&at| row[at].clone()).collect();
        let is_prefix = row[wildcard] == "1";
        if values[0].is_empty() || !seen.insert((values[0].clone(), is_prefix)) {
            continue;
        }
        if is_prefix {
            prefixes.push(values);
        } else {
            exact.push(values);
        }
    }
    exact.sort_by(|a, b| a[0].as_bytes().cmp(b[0].as_bytes()));
    prefixes.sort_by(|a, b| b[0].len().cmp(&a[0].len()).then(a[0].cmp(&b[0])));
    let table = |rows: &[Vec<String>]| {
        let mut out = String::from("&[\n");
        for row in rows {
            writeln!(
                out,
                "Fact {{ name: {:?}, platform: {:?}, category: {:?}, domain: {:?}, retention: {:?}, controller: {:?} }},",
                row[0], row[1], row[2], row[3], row[4], row[5]
            )
            .unwrap();
        }
        out.push(']');
        out
    };
    let generated = format!(
        "/// The exact names, sorted by their bytes.\nstatic EXACT: &[Fact] = {};\n\
         /// The prefixes, longest first.\nstatic PREFIXES: &[Fact] = {};\n",
        table(&exact),
        table(&prefixes)
    );
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("ocd_table.rs");
    std::fs::write(out, generated).unwrap();
}

/// The fields of one CSV line (RFC 4180: a quoted field may hold commas and `""`).
fn fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}
