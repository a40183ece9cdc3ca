//! Regimes by region: which rule a visitor's region puts the site under ([`Regime`]),
//! the groups policies may name (`EEA`, `EU`), and the suggested table with its sources.
//!
//! The region itself is read by the layer ([`RegionSource`](crate::RegionSource));
//! this is the declaration: what the site does for visitors of each region.

use crate::region::Region;

/// How the site treats visitors of a region.
///
/// From strictest to least strict: [`Consent`](Self::Consent),
/// [`ConsentUk`](Self::ConsentUk), [`OptOut`](Self::OptOut), [`None`](Self::None). A
/// visitor whose region is unknown (no region source, an absent or malformed header)
/// gets the strictest regime the policy declares.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Regime {
    /// The banner: nothing optional before the visitor agrees (the EU and EEA under the
    /// ePrivacy Directive, Switzerland, Brazil, Quebec).
    Consent,
    /// The banner, with the UK's exception (PECR Schedule A1): categories marked
    /// [`allowed_until_objected`](crate::Category::allowed_until_objected) run until
    /// the visitor objects.
    ConsentUk,
    /// A notice instead of the banner: everything runs until the visitor opts out with
    /// its one-click "Do not sell or share my personal information" control, which
    /// refuses the categories that [sell or share](crate::Category::sells_or_shares)
    /// data; Global Privacy Control refuses them too (US state laws, California first).
    OptOut,
    /// No banner and no notice: everything runs (Global Privacy Control is still
    /// honoured). The operator's choice for places with no cookie rule.
    None,
}

impl Regime {
    /// The name receipts and policy files use: `consent`, `consent_uk`, `opt_out`,
    /// `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consent => "consent",
            Self::ConsentUk => "consent_uk",
            Self::OptOut => "opt_out",
            Self::None => "none",
        }
    }

    /// The regime named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|regime| regime.as_str() == name)
    }

    pub(crate) const ALL: [Self; 4] = [Self::Consent, Self::ConsentUk, Self::OptOut, Self::None];

    /// Its position in [`Regime::ALL`], for tables indexed by regime.
    pub(crate) fn position(self) -> usize {
        self as usize
    }
}

/// The member states of the European Union (27, since 1 February 2020), as ISO 3166-1
/// codes. Source: europa.eu, "EU countries".
pub const EU: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// The European Economic Area: the EU and Iceland, Liechtenstein, Norway, which apply
/// the ePrivacy Directive through the EEA Agreement. Source: EFTA, "EEA Agreement".
pub const EEA: [&str; 30] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// US states whose privacy laws give a right to opt out of the sale or sharing of
/// personal data (targeted advertising), in force or enacted by 2026, as ISO 3166-2
/// codes. Sources: the IAPP's "US State Privacy Legislation Tracker"; California's CCPA
/// regulations, 11 CCR § 7025 (opt-out preference signals).
pub const US_OPT_OUT_STATES: [&str; 19] = [
    "US-CA", "US-CO", "US-CT", "US-DE", "US-IA", "US-IN", "US-KY", "US-MD", "US-MN", "US-MT",
    "US-NE", "US-NH", "US-NJ", "US-OR", "US-RI", "US-TN", "US-TX", "US-UT", "US-VA",
];

/// The codes a group name in a policy stands for.
pub(crate) fn group(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "EU" => Some(&EU),
        "EEA" => Some(&EEA),
        "US_OPT_OUT" => Some(&US_OPT_OUT_STATES),
        _ => None,
    }
}

/// The suggested table ([`PolicyBuilder::suggested_regimes`](crate::PolicyBuilder::suggested_regimes)):
/// the regime and the regions, with the law each row follows. Not legal advice.
pub(crate) const SUGGESTED: [(Regime, &[&str]); 3] = [
    // ePrivacy Directive art. 5(3) (EEA); Swiss revFADP and the FDPIC's guidance
    // (information and refusal; the strict reading is chosen); Brazil's LGPD and the
    // ANPD's cookie guide (2022); Quebec's Law 25 (s. 8.1, since September 2023).
    (Regime::Consent, &["EEA", "CH", "BR", "CA-QC"]),
    // PECR reg. 6 with Schedule A1 (Data (Use and Access) Act 2025, in force 5 February
    // 2026).
    (Regime::ConsentUk, &["GB"]),
    // CCPA/CPRA and the state laws of US_OPT_OUT_STATES.
    (Regime::OptOut, &["US_OPT_OUT"]),
];

/// The policy's regimes by region, checked: every code is a region or a group, no
/// region is given two regimes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RegionRules {
    /// (region, regime), subdivisions and countries alike, sorted by region for lookup.
    rules: Vec<(Region, Regime)>,
    /// The regime of a known region no rule names.
    other: Option<Regime>,
    /// The strictest regime declared: unknown regions get it.
    strictest: Option<Regime>,
}

impl RegionRules {
    /// Checks `declared` (each regime with the codes it was given) and `other`.
    pub(crate) fn new(
        declared: &[(Regime, Vec<String>)],
        other: Option<Regime>,
    ) -> Result<Self, super::PolicyError> {
        let mut rules: Vec<(Region, Regime, String)> = Vec::new();
        for (regime, codes) in declared {
            for code in codes {
                let regions: Vec<Region> =
                    match group(code) {
                        Some(members) => members
                            .iter()
                            .filter_map(|c| Region::parse_code(c))
                            .collect(),
                        None => vec![Region::parse_code(code).ok_or_else(|| {
                            super::PolicyError::UnknownRegion { code: code.clone() }
                        })?],
                    };
                for region in regions {
                    if let Some((_, known, by)) = rules.iter().find(|(r, _, _)| *r == region)
                        && known != regime
                    {
                        return Err(super::PolicyError::RegionTwice {
                            region: region.to_string(),
                            first: format!("{} (from `{by}`)", known.as_str()),
                            second: format!("{} (from `{code}`)", regime.as_str()),
                        });
                    }
                    rules.push((region, *regime, code.clone()));
                }
            }
        }
        let strictest = rules
            .iter()
            .map(|(_, regime, _)| *regime)
            .chain(other)
            .min();
        let mut rules: Vec<(Region, Regime)> = rules.into_iter().map(|(r, g, _)| (r, g)).collect();
        rules.sort_by_key(|(region, _)| region.to_string());
        rules.dedup();
        Ok(Self {
            rules,
            other,
            strictest,
        })
    }

    /// Whether any regime is declared by region.
    pub(crate) fn is_empty(&self) -> bool {
        self.strictest.is_none()
    }

    /// Whether the regime depends on the region: two regimes at least are declared.
    pub(crate) fn varies(&self) -> bool {
        let mut regimes = self
            .rules
            .iter()
            .map(|(_, regime)| *regime)
            .chain(self.other);
        let first = regimes.next();
        regimes.any(|regime| Some(regime) != first)
    }

    /// The regime of a region: its subdivision's rule, else its country's, else the
    /// regime for other regions, else the strictest. Unknown regions get the strictest.
    /// `None` when the policy declares no regimes.
    pub(crate) fn regime_for(&self, region: Option<Region>) -> Option<Regime> {
        let strictest = self.strictest?;
        let Some(region) = region else {
            return Some(strictest);
        };
        let find = |region: Region| {
            self.rules
                .iter()
                .find(|(known, _)| *known == region)
                .map(|(_, regime)| *regime)
        };
        let by_subdivision = region.subdivision().and_then(|_| find(region));
        Some(
            by_subdivision
                .or_else(|| find(region.country_only()))
                .or(self.other)
                .unwrap_or(strictest),
        )
    }

    /// The regimes some visitor may get.
    pub(crate) fn declared(&self) -> impl Iterator<Item = Regime> + '_ {
        Regime::ALL.into_iter().filter(|regime| {
            self.other == Some(*regime) || self.rules.iter().any(|(_, known)| known == regime)
        })
    }
}

/// The `[regions]` table of a policy file: one list of codes per regime, and `other`.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RegionsFile {
    pub(crate) consent: Vec<String>,
    pub(crate) consent_uk: Vec<String>,
    pub(crate) opt_out: Vec<String>,
    pub(crate) none: Vec<String>,
    pub(crate) other: Option<Regime>,
    /// Start from the suggested table.
    pub(crate) suggested: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str) -> Option<Region> {
        Region::parse_code(code)
    }

    #[test]
    fn subdivisions_before_countries_before_other() {
        let rules = RegionRules::new(
            &[
                (Regime::Consent, vec!["EEA".into(), "CA-QC".into()]),
                (Regime::OptOut, vec!["US-CA".into()]),
                (Regime::None, vec!["US".into(), "CA".into()]),
            ],
            Some(Regime::None),
        )
        .unwrap();
        let regime = |code: &str| rules.regime_for(region(code)).unwrap();
        assert_eq!(regime("DE"), Regime::Consent);
        assert_eq!(regime("NO"), Regime::Consent);
        assert_eq!(regime("CH"), Regime::None);
        assert_eq!(regime("US-CA"), Regime::OptOut);
        assert_eq!(regime("US-TX"), Regime::None);
        assert_eq!(regime("US"), Regime::None);
        assert_eq!(regime("CA-QC"), Regime::Consent);
        assert_eq!(regime("CA-ON"), Regime::None);
        // A subdivision inside the EEA follows its country.
        assert_eq!(regime("FR-IDF"), Regime::Consent);
        assert_eq!(rules.regime_for(None), Some(Regime::Consent));
        assert!(rules.varies());
    }

    #[test]
    fn unknown_regions_get_the_strictest_declared() {
        let rules = RegionRules::new(
            &[(Regime::OptOut, vec!["US-CA".into()])],
            Some(Regime::None),
        )
        .unwrap();
        assert_eq!(rules.regime_for(None), Some(Regime::OptOut));
        assert_eq!(rules.regime_for(region("JP")), Some(Regime::None));
        let none = RegionRules::new(&[], None).unwrap();
        assert!(none.is_empty());
        assert_eq!(none.regime_for(region("DE")), None);
    }

    #[test]
    fn a_region_cannot_have_two_regimes() {
        let error = RegionRules::new(
            &[
                (Regime::Consent, vec!["EEA".into()]),
                (Regime::None, vec!["NO".into()]),
            ],
            None,
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the region `NO` is given two regimes: consent (from `EEA`) and none (from `NO`)"
        );
        let invalid = RegionRules::new(&[(Regime::Consent, vec!["Europe".into()])], None);
        assert_eq!(
            invalid.unwrap_err().to_string(),
            "`Europe` is neither an ISO 3166 region (`DE`, `US-CA`) nor a group (`EEA`, \
             `EU`, `US_OPT_OUT`)"
        );
        // The same regime twice (EU within EEA) is no conflict.
        assert!(
            RegionRules::new(&[(Regime::Consent, vec!["EEA".into(), "EU".into()])], None).is_ok()
        );
    }

    #[test]
    fn groups_hold_valid_codes() {
        for code in EEA.iter().chain(&EU).chain(&US_OPT_OUT_STATES) {
            assert!(Region::parse_code(code).is_some(), "{code}");
        }
        assert!(EU.iter().all(|code| EEA.contains(code)));
    }
}
