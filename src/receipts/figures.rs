//! How visitors choose: receipts counted by UTC day and kind of choice
//! ([`ChoiceCount`], which a store computes with one aggregate query), and the operator's
//! figures computed from those counts ([`Figures`]: acceptance and refusal per category,
//! per language, per method and per region, day by day).

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use super::{Event, Method, ReceiptId, ReceiptStore, StoreError};
use crate::policy::Policy;

/// Seconds in a UTC day (Unix time has no leap seconds).
const DAY: u64 = 86_400;

/// How many choices of one kind were recorded on one UTC day: one row of
/// [`ReceiptStore::choice_counts`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChoiceCount {
    /// The day, as its first second (midnight UTC).
    pub day: SystemTime,
    /// The receipts' event.
    pub event: Event,
    /// How the choices were made.
    pub method: Method,
    /// The language of the notice the visitors saw.
    pub language: String,
    /// The optional categories granted.
    pub granted: Vec<String>,
    /// The optional categories refused.
    pub refused: Vec<String>,
    /// The visitor's region, when the layer read one (see
    /// [`RegionSource`](crate::RegionSource)).
    pub region: Option<String>,
    /// How many choices: each receipt counts as many as it stands for (its
    /// `coalesced` count).
    pub count: u64,
}

impl ChoiceCount {
    /// A count, for a store of the operator's that answers
    /// [`ReceiptStore::choice_counts`] itself. `day` is moved to its midnight (UTC).
    pub fn new(
        day: SystemTime,
        event: Event,
        method: Method,
        language: String,
        granted: Vec<String>,
        refused: Vec<String>,
        count: u64,
    ) -> Self {
        Self {
            day: day_start(day),
            event,
            method,
            language,
            granted,
            refused,
            region: None,
            count,
        }
    }

    /// The visitors' region, for a count of choices that recorded one.
    #[must_use]
    pub fn region(mut self, region: Option<String>) -> Self {
        self.region = region;
        self
    }
}

/// The UTC day of `time` as `YYYY-MM-DD`.
pub(crate) fn day_format(time: SystemTime) -> String {
    let mut text = super::format_utc(time);
    text.truncate(10);
    text
}

/// Midnight (UTC) of the day `time` falls on.
pub(crate) fn day_start(time: SystemTime) -> SystemTime {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    SystemTime::UNIX_EPOCH + Duration::from_secs(seconds - seconds % DAY)
}

/// The default [`ReceiptStore::choice_counts`]: pages through
/// [`ReceiptStore::receipts_between`], a thousand receipts at a time, keeping only the
/// counts.
pub(super) async fn count_by_paging<S: ReceiptStore + ?Sized>(
    store: &S,
    since: SystemTime,
    until: SystemTime,
) -> Result<Vec<ChoiceCount>, StoreError> {
    type Key = (
        SystemTime,
        &'static str,
        &'static str,
        String,
        String,
        String,
        Option<String>,
    );
    let mut counts: BTreeMap<Key, (Event, Method, u64)> = BTreeMap::new();
    let mut after: Option<ReceiptId> = None;
    loop {
        let page = store.receipts_between(since, until, after, 1000).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.receipt_id);
        for receipt in &page {
            let key = (
                day_start(receipt.occurred_at),
                receipt.event.as_str(),
                receipt.method.as_str(),
                receipt.language.clone(),
                receipt.granted.join(" "),
                receipt.refused.join(" "),
                receipt.region.clone(),
            );
            let entry = counts
                .entry(key)
                .or_insert((receipt.event, receipt.method, 0));
            entry.2 += u64::from(receipt.coalesced);
        }
    }
    Ok(counts
        .into_iter()
        .map(
            |((day, _, _, language, granted, refused, region), (event, method, count))| {
                ChoiceCount::new(
                    day,
                    event,
                    method,
                    language,
                    ids(&granted),
                    ids(&refused),
                    count,
                )
                .region(region)
            },
        )
        .collect())
}

/// Category ids separated by spaces, as the stores keep them.
pub(super) fn ids(text: &str) -> Vec<String> {
    text.split(' ')
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

/// One day of a [`Series`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayFigure {
    /// The choices counted.
    pub choices: u64,
    /// Those that accepted: for a category, the choices granting it; for a language or a
    /// method, the choices granting every optional category.
    pub accepted: u64,
    /// Those that refused: for a category, the choices refusing it; for a language or a
    /// method, the choices refusing every optional category. (The rest, for a language
    /// or a method, granted some and refused others.)
    pub refused: u64,
}

/// The figures of one category, language or method, day by day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// The category id, the language tag or the method's name.
    pub key: String,
    /// What the operator reads: the category's label, or the key.
    pub label: String,
    /// One entry per day of the period, the first day first.
    pub days: Vec<DayFigure>,
}

/// The operator's figures over a period of whole UTC days: acceptance and refusal per
/// category, per language, per method and per region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    /// The period's first day (midnight UTC).
    pub first_day: SystemTime,
    /// How many days the period has.
    pub days: usize,
    /// Per optional category of the policy (in its order), then any other category
    /// the receipts name (an older policy's), by id.
    pub categories: Vec<Series>,
    /// Per language of the notices, by tag.
    pub languages: Vec<Series>,
    /// Per method, in [`Method`]'s order; methods no receipt used are left out.
    pub methods: Vec<Series>,
    /// Per region, by its code (`DE`, `US-CA`): the choices whose receipt records a
    /// region (a region source is set); the others are in no region's series.
    pub regions: Vec<Series>,
}

impl Figures {
    /// The figures of `days` days from `first_day` (midnight UTC), from `counts` (as
    /// [`ReceiptStore::choice_counts`] returns them for that period); counts outside the
    /// period are ignored.
    pub fn from_counts(
        policy: &Policy,
        first_day: SystemTime,
        days: usize,
        counts: &[ChoiceCount],
    ) -> Self {
        let first_day = day_start(first_day);
        let day_index = |day: SystemTime| -> Option<usize> {
            let since = day.duration_since(first_day).ok()?.as_secs() / DAY;
            usize::try_from(since).ok().filter(|index| *index < days)
        };
        let mut categories: Vec<Series> = policy
            .indexed_categories()
            .filter(|(index, _)| !index.is_necessary())
            .map(|(_, category)| Series::new(category.id(), category.label(), days))
            .collect();
        let mut languages: BTreeMap<&str, Series> = BTreeMap::new();
        let mut methods: BTreeMap<usize, Series> = BTreeMap::new();
        let mut regions: BTreeMap<&str, Series> = BTreeMap::new();
        for count in counts {
            let Some(day) = day_index(count.day) else {
                continue;
            };
            for (ids, granted) in [(&count.granted, true), (&count.refused, false)] {
                for id in ids {
                    let position = match categories.iter().position(|series| &series.key == id) {
                        Some(position) => position,
                        None => {
                            categories.push(Series::new(id, id, days));
                            categories.len() - 1
                        }
                    };
                    categories[position].days[day].add(count.count, granted, !granted);
                }
            }
            let all = !count.granted.is_empty() && count.refused.is_empty();
            let none = count.granted.is_empty();
            languages
                .entry(&count.language)
                .or_insert_with(|| Series::new(&count.language, &count.language, days))
                .days[day]
                .add(count.count, all, none);
            methods
                .entry(method_order(count.method))
                .or_insert_with(|| {
                    let name = count.method.as_str();
                    Series::new(name, name, days)
                })
                .days[day]
                .add(count.count, all, none);
            if let Some(region) = &count.region {
                regions
                    .entry(region)
                    .or_insert_with(|| Series::new(region, region, days))
                    .days[day]
                    .add(count.count, all, none);
            }
        }
        // Categories of older policies after the policy's own, by id.
        let declared = policy
            .indexed_categories()
            .filter(|(index, _)| !index.is_necessary())
            .count();
        categories[declared..].sort_by(|a, b| a.key.cmp(&b.key));
        Self {
            first_day,
            days,
            categories,
            languages: languages.into_values().collect(),
            methods: methods.into_values().collect(),
            regions: regions.into_values().collect(),
        }
    }

    /// The midnight (UTC) that starts the period's day `index`.
    pub fn day(&self, index: usize) -> SystemTime {
        self.first_day + Duration::from_secs(DAY * index as u64)
    }
}

impl Series {
    fn new(key: &str, label: &str, days: usize) -> Self {
        Self {
            key: key.to_owned(),
            label: label.to_owned(),
            days: vec![DayFigure::default(); days],
        }
    }
}

impl DayFigure {
    fn add(&mut self, count: u64, accepted: bool, refused: bool) {
        self.choices += count;
        if accepted {
            self.accepted += count;
        }
        if refused {
            self.refused += count;
        }
    }
}

/// Where a method stands in [`Method`]'s order.
fn method_order(method: Method) -> usize {
    [
        Method::AcceptAll,
        Method::RejectAll,
        Method::Save,
        Method::Json,
        Method::Object,
        Method::Gpc,
        Method::Placeholder,
    ]
    .iter()
    .position(|known| *known == method)
    .unwrap_or(usize::MAX)
}

/// The day `days` days after the epoch's, for the stores' day numbers.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(super) fn day_number(days: i64) -> SystemTime {
    super::from_unix_seconds(days.saturating_mul(DAY as i64))
}
