//! Cookie discovery: every cookie name the layer sees in live traffic, in bounded
//! memory, with what the policy declares of it and, for the names it does not declare,
//! a suggestion from the Open Cookie Database (see [`CookieDiscovery`]).

mod ocd;

use std::hash::{Hash as _, Hasher as _};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::cookie_header::trim;
use crate::policy::{NameClass, Policy};
use crate::set_cookie::SetPlace;
use crate::trackers::{TrackerLog, TrackerSnapshot};
use crate::warn_once::WarnedNames;

/// Names longer than this are not recorded (counted as left out): real cookie names are
/// short, and each recorded name is kept.
const MAX_NAME_LEN: usize = 128;

/// At most this many `Set-Cookie` forms (Domain, Path, lifetime, flags) are kept per
/// name.
const MAX_FORMS: usize = 4;

/// The most names a discovery keeps (see [`CookieDiscovery::with_capacity`]).
const MAX_CAPACITY: usize = 65_536;

/// How many slots a lookup probes before it gives up (the name is then left out).
const MAX_PROBES: usize = 32;

/// Cookies the layer has seen: the names in requests' `Cookie` headers (never their
/// values), and the names with their `Domain`, `Path`, lifetime and flags in responses'
/// `Set-Cookie` headers (also those the layer then removes), each with a count and when
/// it was first and last seen. A crawler sees what one visit sets; the layer sees what
/// every visitor's browser holds, cookies set from JavaScript included (they come back in
/// `Cookie` headers).
///
/// Turn it on with [`ConsentLayer::discover_cookies`](crate::ConsentLayer::discover_cookies)
/// and keep a clone to read: [`CookieDiscovery::snapshot`] lists every name with what the
/// policy declares of it, and a suggested category, provider and lifetime from the Open
/// Cookie Database when it knows the name (the `discover` example turns the
/// suggestions for undeclared names into a draft policy file). A server-set cookie that lives
/// longer than its declared duration, or is set at a `Domain` or `Path` its declaration
/// does not list (so a withdrawal cannot reach it), is warned about once, through
/// `tracing`.
///
/// Memory is bounded: at most `capacity` names (1,024 by default) are kept. Anyone can
/// send any cookie name, so names seen only in requests take at most half of them; the
/// names the application itself sets always find room in the other half. Past that,
/// new names are only counted ([`DiscoverySnapshot::left_out`]). Recording a name already
/// kept takes no lock and allocates nothing: a few atomic additions.
///
/// ```
/// use tower_cookie_consent::{ConsentLayer, CookieDiscovery, Policy};
///
/// let discovery = CookieDiscovery::new();
/// let layer = ConsentLayer::new(Policy::builder().build()?).discover_cookies(discovery.clone());
/// // ... serve, then:
/// let snapshot = discovery.snapshot();
/// assert!(snapshot.cookies.is_empty());
/// # Ok::<(), tower_cookie_consent::PolicyError>(())
/// ```
#[derive(Clone, Debug)]
pub struct CookieDiscovery {
    table: Arc<Table>,
    /// Trackers the page pass finds (see [`TrackerLog`]), in the same snapshot.
    trackers: TrackerLog,
}

struct Table {
    slots: Box<[OnceLock<Box<Observed>>]>,
    capacity: usize,
    /// Names kept, and of them those seen first in a request.
    kept: AtomicUsize,
    from_requests: AtomicUsize,
    left_out: AtomicU64,
    /// Keys the hash of names, so that no one can choose names that collide.
    seed: u64,
    /// The policy the layer enforces, given when the layer is built.
    policy: OnceLock<Arc<Policy>>,
    /// (kind, name) pairs already warned about.
    warned: WarnedNames,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("capacity", &self.capacity)
            .field("kept", &self.kept)
            .field("left_out", &self.left_out)
            .finish_non_exhaustive()
    }
}

struct Observed {
    name: Box<str>,
    in_requests: AtomicU64,
    set_by_server: AtomicU64,
    first_seen: u64,
    last_seen: AtomicU64,
    /// A digest of the last `Set-Cookie` form recorded: an unchanged form takes no lock.
    last_form: AtomicU64,
    forms: Mutex<Vec<SetCookieForm>>,
}

impl Default for CookieDiscovery {
    fn default() -> Self {
        Self::new()
    }
}

impl CookieDiscovery {
    /// Discovery keeping at most 1,024 names.
    pub fn new() -> Self {
        Self::with_capacity(1024)
    }

    /// Discovery keeping at most `capacity` names, between 2 and 65,536 (a larger
    /// number is taken as 65,536: no site sets that many cookie names, and the table's
    /// slots are allocated up front).
    pub fn with_capacity(capacity: usize) -> Self {
        let capacity = capacity.clamp(2, MAX_CAPACITY);
        let slots = (capacity * 2).next_power_of_two();
        let mut seed = [0u8; 8];
        // Without the system's randomness, a fixed key: names then collide only by
        // chance of the data, and a lookup probes a bounded number of slots anyway.
        let _ = getrandom::fill(&mut seed);
        Self {
            table: Arc::new(Table {
                slots: (0..slots).map(|_| OnceLock::new()).collect(),
                capacity,
                kept: AtomicUsize::new(0),
                from_requests: AtomicUsize::new(0),
                left_out: AtomicU64::new(0),
                seed: u64::from_le_bytes(seed) | 1,
                policy: OnceLock::new(),
                warned: WarnedNames::default(),
            }),
            trackers: TrackerLog::default(),
        }
    }

    /// The log the page pass records the trackers it finds in (shared: a clone).
    pub(crate) fn trackers(&self) -> &TrackerLog {
        &self.trackers
    }

    /// The layer's policy, for declarations and drift (the first layer given this
    /// discovery keeps it).
    pub(crate) fn attach(&self, policy: &Arc<Policy>) {
        let _ = self.table.policy.set(policy.clone());
    }

    /// Records the names of a request's `Cookie` header (at `now`, Unix seconds).
    pub(crate) fn record_request(&self, header: &[u8], now: u64) {
        for pair in crate::cookie_header::cookie_pairs(header) {
            if let Some(observed) = self.table.find_or_keep(pair.name, now, false) {
                observed.in_requests.fetch_add(1, Ordering::Relaxed);
                observed.last_seen.fetch_max(now, Ordering::Relaxed);
            }
        }
    }

    /// Records one `Set-Cookie` header of a response (at `now`, Unix seconds), and warns
    /// once when it drifts from its declaration.
    pub(crate) fn record_set_cookie(&self, value: &[u8], now: u64) {
        let Some(form) = SetCookieForm::parse(value, now) else {
            return;
        };
        let Some(observed) = self.table.find_or_keep(form.name.as_bytes(), now, true) else {
            return;
        };
        observed.set_by_server.fetch_add(1, Ordering::Relaxed);
        observed.last_seen.fetch_max(now, Ordering::Relaxed);
        let digest = form.digest();
        if observed.last_form.swap(digest, Ordering::Relaxed) == digest {
            return;
        }
        if let Some(policy) = self.table.policy.get() {
            self.warn_on_drift(policy, &form);
        }
        let mut forms = observed
            .forms
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if !forms.contains(&form) && forms.len() < MAX_FORMS {
            forms.push(form);
        }
    }

    fn warn_on_drift(&self, policy: &Policy, form: &SetCookieForm) {
        let NameClass::Category {
            rule: Some(rule), ..
        } = policy.classify(form.name.as_bytes())
        else {
            return;
        };
        let Some(rule) = policy.rules().get(rule) else {
            return;
        };
        let declared_days = crate::policy::duration_in_days(&rule.duration);
        if let (Some(days), Some(lifetime)) = (declared_days, form.lifetime_seconds)
            && lifetime > (days + 1).saturating_mul(24 * 60 * 60)
            && self.first_warning(b"lifetime", &form.name)
        {
            tracing::warn!(
                cookie = ?crate::warn_once::shown(form.name.as_bytes()),
                declared = rule.duration.as_str(),
                seconds = lifetime,
                "a cookie is set to live longer than its declaration says"
            );
        }
        let domain = form.domain.as_deref().map(normalized_domain);
        let path = form.path.as_deref().unwrap_or("/");
        let declared = (domain.is_none() && path == "/")
            || rule.locations().iter().any(|location| {
                location.domain().map(normalized_domain) == domain && location.path() == path
            });
        if !declared && self.first_warning(b"location", &form.name) {
            tracing::warn!(
                cookie = ?crate::warn_once::shown(form.name.as_bytes()),
                domain = ?domain.as_deref().map(|domain| crate::warn_once::shown(domain.as_bytes())),
                path = ?crate::warn_once::shown(path.as_bytes()),
                "a cookie is set at a Domain or Path its declaration does not list: \
                 withdrawing consent cannot delete it there"
            );
        }
    }

    fn first_warning(&self, kind: &[u8], name: &str) -> bool {
        let key = [kind, b"\0", name.as_bytes()].concat();
        tracing::enabled!(tracing::Level::WARN) && self.table.warned.first_time(&key)
    }

    /// Every place the application has been seen setting a cookie at (`Path` `/` when
    /// the `Set-Cookie` named none): a withdrawal deletes refused cookies there too, beyond what the policy
    /// declares. At most [`MAX_FORMS`] places per name, for the names kept.
    pub(crate) fn set_places(&self) -> Vec<SetPlace> {
        let mut places = Vec::new();
        for observed in self.table.slots.iter().filter_map(OnceLock::get) {
            if observed.set_by_server.load(Ordering::Relaxed) == 0 {
                continue;
            }
            let forms = observed
                .forms
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            for form in forms.iter() {
                places.push(SetPlace {
                    name: observed.name.clone(),
                    domain: form
                        .domain
                        .as_deref()
                        .map(|domain| normalized_domain(domain).into_boxed_str()),
                    path: form.path.as_deref().unwrap_or("/").into(),
                });
            }
        }
        places
    }

    /// Every name seen so far, in the order first seen, with what the policy declares of
    /// it or a suggestion.
    pub fn snapshot(&self) -> DiscoverySnapshot {
        let policy = self.table.policy.get();
        let mut cookies: Vec<SeenCookie> = self
            .table
            .slots
            .iter()
            .filter_map(OnceLock::get)
            .map(|observed| observed.seen(policy.map(Arc::as_ref)))
            .collect();
        cookies.sort_by(|a, b| (a.first_seen_unix, &a.name).cmp(&(b.first_seen_unix, &b.name)));
        DiscoverySnapshot {
            cookies,
            left_out: self.table.left_out.load(Ordering::Relaxed),
            trackers: self.trackers.snapshot(),
        }
    }
}

impl Table {
    /// The entry of `name`, kept now if there is room (`set` says the application set
    /// it: such names may use the whole table).
    fn find_or_keep(&self, name: &[u8], now: u64, set: bool) -> Option<&Observed> {
        if name.is_empty() || name.len() > MAX_NAME_LEN {
            self.left_out.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        let mask = self.slots.len() - 1;
        let start = keyed_hash(name, self.seed) as usize;
        for probe in 0..MAX_PROBES {
            let slot = &self.slots[(start + probe) & mask];
            if let Some(observed) = slot.get() {
                if observed.name.as_bytes() == name {
                    return Some(&**observed);
                }
                continue;
            }
            if !self.reserve(set) {
                self.left_out.fetch_add(1, Ordering::Relaxed);
                return None;
            }
            let Ok(text) = std::str::from_utf8(name) else {
                self.release(set);
                self.left_out.fetch_add(1, Ordering::Relaxed);
                return None;
            };
            let fresh = Box::new(Observed {
                name: text.into(),
                in_requests: AtomicU64::new(0),
                set_by_server: AtomicU64::new(0),
                first_seen: now,
                last_seen: AtomicU64::new(now),
                last_form: AtomicU64::new(0),
                forms: Mutex::new(Vec::new()),
            });
            match slot.set(fresh) {
                Ok(()) => return slot.get().map(|observed| &**observed),
                // Another thread took the slot first: it may hold this very name.
                Err(_) => {
                    self.release(set);
                    match slot.get() {
                        Some(observed) if observed.name.as_bytes() == name => {
                            return Some(&**observed);
                        }
                        _ => continue,
                    }
                }
            }
        }
        self.left_out.fetch_add(1, Ordering::Relaxed);
        None
    }

    /// Room for one more name: request-only names up to half the capacity.
    fn reserve(&self, set: bool) -> bool {
        if !set {
            let half = self.capacity / 2;
            if self
                .from_requests
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                    (n < half).then_some(n + 1)
                })
                .is_err()
            {
                return false;
            }
        }
        let kept = self
            .kept
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < self.capacity).then_some(n + 1)
            })
            .is_ok();
        if !kept && !set {
            self.from_requests.fetch_sub(1, Ordering::Relaxed);
        }
        kept
    }

    fn release(&self, set: bool) {
        self.kept.fetch_sub(1, Ordering::Relaxed);
        if !set {
            self.from_requests.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// A hash of `bytes` under `seed`, eight bytes at a time (a name is hashed on every
/// request: SipHash would cost more than the rest of the lookup). Each word goes through
/// MurmurHash3's avalanche (`fmix64`, a bijection) with the keyed state, so every input
/// bit reaches the low bits a slot is cut from, and how two names' states differ after a
/// word depends on the key: without it, names differing only in their last word's top
/// bytes shared a slot under every key (review finding 5). Not a cryptographic hash: a
/// lookup probes a bounded number of slots anyway.
fn keyed_hash(bytes: &[u8], seed: u64) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut hash = seed ^ (bytes.len() as u64).wrapping_mul(K);
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        hash = fmix64(hash ^ u64::from_le_bytes(word)).wrapping_add(seed);
    }
    fmix64(hash)
}

/// MurmurHash3's 64-bit finalizer: each input bit flips each output bit with
/// probability about one half.
fn fmix64(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

fn normalized_domain(domain: &str) -> String {
    domain.trim_start_matches('.').to_ascii_lowercase()
}

fn time_of(unix: u64) -> String {
    let time = UNIX_EPOCH + Duration::from_secs(unix);
    humantime::format_rfc3339_seconds(time.max(UNIX_EPOCH)).to_string()
}

impl Observed {
    fn seen(&self, policy: Option<&Policy>) -> SeenCookie {
        let declared = policy.and_then(|policy| declared(policy, &self.name));
        let suggestion = policy.and_then(|policy| suggestion(policy, &self.name));
        let forms = self
            .forms
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone();
        let last_seen = self.last_seen.load(Ordering::Relaxed);
        SeenCookie {
            name: self.name.to_string(),
            seen_in_requests: self.in_requests.load(Ordering::Relaxed),
            set_by_server: self.set_by_server.load(Ordering::Relaxed),
            first_seen: time_of(self.first_seen),
            last_seen: time_of(last_seen),
            first_seen_unix: self.first_seen,
            declared,
            set_cookie: forms,
            suggestion,
        }
    }
}

fn declared(policy: &Policy, name: &str) -> Option<Declared> {
    match policy.classify(name.as_bytes()) {
        NameClass::ConsentCookie => Some(Declared {
            category: crate::policy::NECESSARY.to_owned(),
            rule: "the consent cookie".to_owned(),
        }),
        NameClass::Category {
            index,
            rule: Some(rule),
        } => Some(Declared {
            category: policy.categories()[index.position()].id().to_owned(),
            rule: policy.rules()[rule].pattern().to_string(),
        }),
        _ => None,
    }
}

fn suggestion(policy: &Policy, name: &str) -> Option<Suggestion> {
    let fact = ocd::lookup(name)?;
    let built_in = ocd::built_in_category(fact.category);
    // The policy's own category of that id, when it declares one.
    let category = built_in
        .filter(|id| {
            policy
                .categories()
                .iter()
                .any(|category| category.id() == *id)
        })
        .map(str::to_owned);
    Some(Suggestion {
        category,
        built_in_category: built_in.map(str::to_owned),
        database_category: fact.category.to_owned(),
        platform: fact.platform.to_owned(),
        provider: fact.controller.to_owned(),
        lifetime: fact.retention.to_owned(),
        domain: fact.domain.to_owned(),
        source: "Open Cookie Database".to_owned(),
    })
}

/// What [`CookieDiscovery::snapshot`] returns (serde: JSON for an operator's tool, or
/// the `discover` example's input).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct DiscoverySnapshot {
    /// Every name kept, in the order first seen.
    pub cookies: Vec<SeenCookie>,
    /// Sightings of names not kept: past the capacity, longer than 128 bytes, or not
    /// UTF-8.
    pub left_out: u64,
    /// Known trackers the page pass found unmarked in pages, and other consent
    /// managers' markup it does not act on, by page (at most 1,024 findings; a snapshot
    /// written before this field existed reads as none).
    #[serde(default)]
    pub trackers: TrackerSnapshot,
}

/// One cookie name the layer has seen.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct SeenCookie {
    /// The name (never a value).
    pub name: String,
    /// How many requests' `Cookie` headers carried it.
    pub seen_in_requests: u64,
    /// How many responses' `Set-Cookie` headers set it (also those the layer removed).
    pub set_by_server: u64,
    /// When it was first seen (RFC 3339, UTC).
    pub first_seen: String,
    /// When it was last seen.
    pub last_seen: String,
    #[serde(skip)]
    first_seen_unix: u64,
    /// The declaration that covers it, if any.
    pub declared: Option<Declared>,
    /// The distinct forms it was set in (at most four).
    pub set_cookie: Vec<SetCookieForm>,
    /// What the Open Cookie Database says of the name, when it knows it: a suggested
    /// declaration for an undeclared name, a second opinion on a declared one.
    pub suggestion: Option<Suggestion>,
}

/// The declaration that covers a seen name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Declared {
    /// Its category's id.
    pub category: String,
    /// The rule's name pattern (`_ga`, `_hj*`).
    pub rule: String,
}

/// A suggested declaration, from the Open Cookie Database's facts (Apache-2.0). Its
/// words are facts for the operator; what visitors are told is written in the policy.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Suggestion {
    /// The policy's category it maps to (`functionality`, `performance`, `advertising`
    /// or `necessary`), when the policy declares that category.
    pub category: Option<String>,
    /// The built-in category the database's stands for, declared by the policy or not
    /// (`None` for a database category with no counterpart).
    pub built_in_category: Option<String>,
    /// The database's category (`Functional`, `Analytics`, `Marketing`, ...).
    pub database_category: String,
    /// The product that sets it ("Google Analytics").
    pub platform: String,
    /// Who controls its data ("Google").
    pub provider: String,
    /// How long it usually lives, as the database words it.
    pub lifetime: String,
    /// The domain it is usually set on ("(3rd party)" when another site's).
    pub domain: String,
    /// Where the suggestion comes from.
    pub source: String,
}

/// A `Set-Cookie` header's name and attributes (never its value).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct SetCookieForm {
    /// The cookie's name.
    pub name: String,
    /// `Domain`, as written (a host-only cookie has none).
    pub domain: Option<String>,
    /// `Path`, as written.
    pub path: Option<String>,
    /// How long it lives, in seconds, from `Max-Age` (or `Expires`); `None`: a session
    /// cookie.
    pub lifetime_seconds: Option<u64>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite`, as written.
    pub same_site: Option<String>,
}

impl SetCookieForm {
    /// Reads a `Set-Cookie` value; `None` for a deletion (nothing is set) or a value
    /// without a name. Attribute values longer than 256 bytes are cut.
    fn parse(value: &[u8], now: u64) -> Option<Self> {
        // The value is bytes (browsers take obs-text as it comes); only the name and the
        // attributes are read, each as text.
        let mut parts = value.split(|&byte| byte == b';');
        let pair = parts.next()?;
        let equals = pair.iter().position(|&byte| byte == b'=')?;
        let name = trim(&pair[..equals]);
        if name.is_empty() {
            return None;
        }
        let mut form = Self {
            name: std::str::from_utf8(name).ok()?.to_owned(),
            domain: None,
            path: None,
            lifetime_seconds: None,
            secure: false,
            http_only: false,
            same_site: None,
        };
        let (mut max_age, mut expires): (Option<i64>, Option<SystemTime>) = (None, None);
        let bounded = |value: &str| value.chars().take(256).collect::<String>();
        for attribute in parts {
            let attribute = String::from_utf8_lossy(attribute);
            let (key, value) = attribute.split_once('=').unwrap_or((&attribute, ""));
            let key = std::str::from_utf8(trim(key.as_bytes())).unwrap_or("");
            let value = std::str::from_utf8(trim(value.as_bytes())).unwrap_or("");
            match key.to_ascii_lowercase().as_str() {
                "domain" if !value.is_empty() => form.domain = Some(bounded(value)),
                "path" if value.starts_with('/') => form.path = Some(bounded(value)),
                "max-age" => max_age = value.parse().ok(),
                "expires" => expires = httpdate::parse_http_date(value).ok(),
                "secure" => form.secure = true,
                "httponly" => form.http_only = true,
                "samesite" => form.same_site = Some(bounded(value)),
                _ => {}
            }
        }
        // `Max-Age` wins over `Expires` (RFC 6265 §5.3); a past one deletes.
        let lifetime = match (max_age, expires) {
            (Some(seconds), _) => Some(seconds),
            (None, Some(at)) => Some(
                at.duration_since(UNIX_EPOCH)
                    .map_or(0, |since| since.as_secs() as i64)
                    - now as i64,
            ),
            (None, None) => None,
        };
        match lifetime {
            Some(seconds) if seconds <= 0 => None,
            Some(seconds) => {
                form.lifetime_seconds = Some(seconds as u64);
                Some(form)
            }
            None => Some(form),
        }
    }

    /// What tells one form of a name from another (never 0, the "none yet" digest),
    /// without building anything. The lifetime from `Expires` moves with the clock: it
    /// counts to the day.
    fn digest(&self) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (
            &self.domain,
            &self.path,
            self.lifetime_seconds.map(|seconds| seconds / 86_400),
            self.secure,
            self.http_only,
            &self.same_site,
        )
            .hash(&mut hasher);
        hasher.finish() | 1
    }
}
