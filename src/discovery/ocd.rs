//! The Open Cookie Database's facts (Apache-2.0; `data/open-cookie-database/` in the
//! repository, built into the crate by `build.rs`): what a cookie name usually is, to
//! suggest a declaration for a cookie the policy does not declare. Its categories are
//! mapped onto this crate's built-in ones; nothing of it is ever shown to visitors.

/// One row of the table: a name, or a prefix (the database's wildcard rows).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Fact {
    pub(crate) name: &'static str,
    pub(crate) platform: &'static str,
    pub(crate) category: &'static str,
    pub(crate) domain: &'static str,
    pub(crate) retention: &'static str,
    pub(crate) controller: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/ocd_table.rs"));

/// What the database knows of `name`: its exact row, else the longest prefix row that
/// starts it.
pub(crate) fn lookup(name: &str) -> Option<&'static Fact> {
    match EXACT.binary_search_by(|fact| fact.name.as_bytes().cmp(name.as_bytes())) {
        Ok(at) => Some(&EXACT[at]),
        Err(_) => PREFIXES.iter().find(|fact| name.starts_with(fact.name)),
    }
}

/// The built-in category a database category stands for: `Functional` and
/// `Personalization` are functionality, `Analytics` performance, `Marketing`
/// advertising, `Security` and `Necessary` necessary (the one mapping, shared with the
/// tracker table: `trackers`).
pub(crate) fn built_in_category(database: &str) -> Option<&'static str> {
    crate::trackers::built_in_category_of_database(database)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_the_files_rows() {
        // 2,264 rows: 14 names listed twice, 1,989 names and 260 prefixes kept.
        assert_eq!(EXACT.len(), 1_989);
        assert_eq!(PREFIXES.len(), 260);
        assert!(EXACT.windows(2).all(|pair| pair[0].name < pair[1].name));
        assert!(
            PREFIXES
                .windows(2)
                .all(|pair| pair[0].name.len() >= pair[1].name.len())
        );
        let ga = lookup("_ga").unwrap();
        assert_eq!(
            (ga.platform, ga.category, ga.retention, ga.controller),
            ("Google Analytics", "Analytics", "2 years", "Google")
        );
        let fbp = lookup("_fbp").unwrap();
        assert_eq!(
            (fbp.category, fbp.domain),
            ("Marketing", "facebook.com (3rd party)")
        );
        // A quoted field keeps its comma.
        assert_eq!(
            lookup("atidvisitor").unwrap().retention,
            "6 months by default, modifiable"
        );
        // A prefix row serves every name it starts.
        assert_eq!(lookup("_hjSessionUser_123456").unwrap().platform, "Hotjar");
        assert_eq!(lookup("no-such-cookie-anywhere"), None);
        assert_eq!(built_in_category("Marketing"), Some("advertising"));
        assert_eq!(built_in_category("Unknown"), None);
    }
}
