//! What a handler sees: the visitor's [`Consent`], read from the consent cookie.
//!
//! - `cookie`: the consent cookie's value (its format is in the crate docs), encoded and
//!   decoded strictly;
//! - `signing`: its optional HMAC.

mod cookie;
mod signing;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub(crate) use cookie::{Decision, read_consent, unix_now};

pub(crate) use crate::policy::Undecided;
use crate::policy::{Category, CategorySet, Policy, Regime};
use crate::region::Region;

/// The visitor's consent, as the layer read it from the request. The layer puts one in
/// the extensions of every request it passes on.
///
/// # Example
///
/// ```
/// use http::Request;
/// use tower_cookie_consent::Consent;
///
/// fn analytics_allowed<B>(request: &Request<B>) -> bool {
///     request
///         .extensions()
///         .get::<Consent>()
///         .is_some_and(|consent| consent.allows("performance"))
/// }
/// # assert!(!analytics_allowed(&Request::new(())));
/// ```
#[derive(Clone)]
pub struct Consent {
    policy: Arc<Policy>,
    /// What the visitor allows now: the choice, with the signal and UK mode applied.
    granted: CategorySet,
    state: State,
    /// The request carried Global Privacy Control (`Sec-GPC: 1`).
    gpc: bool,
    /// The visitor's region, when the layer's source knows it.
    region: Option<Region>,
    /// The regime the region puts the visitor under.
    regime: Regime,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Undecided(Undecided),
    Decided(Decision),
}

/// The random identifier of one recorded choice, shown as 32 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConsentId([u8; 16]);

impl ConsentId {
    /// A fresh random id. Falls back to the time and a counter if the operating system's
    /// random source fails: an id only tells choices apart, it guards no secret.
    pub(crate) fn random() -> Self {
        let mut bytes = [0u8; 16];
        if getrandom::fill(&mut bytes).is_err() {
            use std::sync::atomic::{AtomicU64, Ordering};
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |since| since.as_nanos() as u64);
            bytes[..8].copy_from_slice(&nanos.to_le_bytes());
            bytes[8..].copy_from_slice(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
        }
        Self(bytes)
    }

    pub(crate) fn parse_hex(hex: &[u8]) -> Option<Self> {
        lowercase_hex(hex).map(Self)
    }

    /// Reads the id as the consent cookie and receipts write it: 32 lowercase hex
    /// digits.
    pub fn parse(text: &str) -> Option<Self> {
        Self::parse_hex(text.as_bytes())
    }

    /// The id's 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

/// The `N` bytes that `2 * N` lowercase hex digits write (`None` for anything else:
/// the `hex` crate alone would take upper case too, and the consent cookie is read
/// strictly).
pub(crate) fn lowercase_hex<const N: usize>(hex: &[u8]) -> Option<[u8; N]> {
    if hex.iter().any(u8::is_ascii_uppercase) {
        return None;
    }
    let mut bytes = [0u8; N];
    hex::decode_to_slice(hex, &mut bytes).ok()?;
    Some(bytes)
}

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConsentId({self})")
    }
}

impl Consent {
    /// The consent of a request whose consent cookie read as `read`, that carried
    /// Global Privacy Control when `gpc`, from `region` (`None`: unknown) under
    /// `regime`.
    ///
    /// Undecided visitors allow what their regime allows before a choice (the necessary
    /// category; in the UK regime the categories allowed until objected; everything
    /// under opt-out or no rule). The signal then refuses the categories that sell or
    /// share data, except those the visitor ticked while sending it.
    pub(crate) fn new(
        policy: Arc<Policy>,
        read: Result<Decision, Undecided>,
        gpc: bool,
        region: Option<Region>,
        regime: Regime,
    ) -> Self {
        let (chosen, opted_in, state) = match read {
            Ok(decision) => (
                decision.granted,
                decision.gpc_opt_ins,
                State::Decided(decision),
            ),
            Err(reason) => (
                policy.undecided_grants(regime),
                CategorySet::NECESSARY_ONLY,
                State::Undecided(reason),
            ),
        };
        let granted = if gpc {
            chosen.without(policy.gpc_categories().without(opted_in))
        } else {
            chosen
        };
        Self {
            policy,
            granted,
            state,
            gpc,
            region,
            regime,
        }
    }

    /// The visitor's region, as the layer's [`RegionSource`](crate::RegionSource) read
    /// it; `None` when unknown or when the layer reads none.
    pub fn region(&self) -> Option<Region> {
        self.region
    }

    /// The regime the visitor's region puts them under (see "Regions" in the crate
    /// docs): what applies before they choose, and which banner or notice they get.
    pub fn regime(&self) -> Regime {
        self.regime
    }

    /// Whether the request carried the Global Privacy Control signal (`Sec-GPC: 1`).
    /// When it did, [`allows`](Self::allows) already refuses the categories that sell or
    /// share data, unless the visitor ticked them while sending it.
    pub fn gpc(&self) -> bool {
        self.gpc
    }

    /// The categories the visitor's recorded choice granted that the signal refuses
    /// now: the layer writes the choice again without them, once, with a
    /// `gpc_applied` receipt, so that they stay refused when the signal stops.
    pub(crate) fn refused_by_gpc(&self) -> CategorySet {
        match &self.state {
            State::Decided(decision) => {
                CategorySet::NECESSARY_ONLY.or(decision.granted.without(self.granted))
            }
            State::Undecided(_) => CategorySet::NECESSARY_ONLY,
        }
    }

    /// Whether what the visitor allows, or the banner they may see, would differ with
    /// the signal sent or not: before a choice (the banner says so), or for a choice
    /// that grants a category the signal refuses, without the visitor's opt-in.
    pub(crate) fn depends_on_gpc(&self) -> bool {
        let shared = self.policy.gpc_categories();
        self.policy.honours_gpc()
            && match &self.state {
                State::Undecided(_) => true,
                State::Decided(decision) => decision
                    .granted
                    .and(shared)
                    .without(decision.gpc_opt_ins)
                    .has_optional(),
            }
    }

    /// The recorded choice, when there is one.
    pub(crate) fn decision(&self) -> Option<&Decision> {
        match &self.state {
            State::Decided(decision) => Some(decision),
            State::Undecided(_) => None,
        }
    }

    /// Whether the visitor has made a choice that still counts.
    pub fn is_decided(&self) -> bool {
        matches!(self.state, State::Decided(_))
    }

    /// Why the visitor counts as undecided; `None` once decided.
    pub fn undecided_reason(&self) -> Option<Undecided> {
        match self.state {
            State::Undecided(reason) => Some(reason),
            State::Decided(_) => None,
        }
    }

    /// Whether cookies of the category with this id may be used. Always true for
    /// `necessary`; false for every other category until the visitor grants it, and for
    /// ids the policy does not declare.
    pub fn allows(&self, category: &str) -> bool {
        self.policy
            .category_index(category.as_bytes())
            .is_some_and(|index| self.granted.contains(index))
    }

    /// The granted categories, the necessary one first.
    pub fn granted(&self) -> impl Iterator<Item = &Category> + '_ {
        self.policy.categories_in(self.granted)
    }

    /// When the choice was made; `None` while undecided.
    pub fn decided_at(&self) -> Option<SystemTime> {
        match &self.state {
            State::Decided(decision) => Some(UNIX_EPOCH + Duration::from_secs(decision.decided_at)),
            State::Undecided(_) => None,
        }
    }

    /// The random id of the recorded choice; `None` while undecided.
    pub fn consent_id(&self) -> Option<ConsentId> {
        match &self.state {
            State::Decided(decision) => Some(decision.id),
            State::Undecided(_) => None,
        }
    }

    /// The policy this consent was read against.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The visitor's Google Consent Mode state, when the policy turns Consent Mode on:
    /// the object the layer writes into `gtag('consent', 'default', …)`, for templates
    /// that render their own tag.
    pub fn consent_mode(&self) -> Option<crate::ConsentModeState> {
        Some(
            self.policy
                .page_settings()
                .consent_mode
                .as_ref()?
                .state(self.granted),
        )
    }

    pub(crate) fn granted_set(&self) -> CategorySet {
        self.granted
    }
}

impl fmt::Debug for Consent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let granted: Vec<&str> = self.granted().map(Category::id).collect();
        let mut debug = f.debug_struct("Consent");
        match &self.state {
            State::Undecided(reason) => debug.field("undecided", reason),
            State::Decided(decision) => debug
                .field("consent_id", &decision.id)
                .field("decided_at", &decision.decided_at)
                .field("revision", &decision.revision),
        };
        debug
            .field("granted", &granted)
            .field("gpc", &self.gpc)
            .field("region", &self.region)
            .field("regime", &self.regime)
            .finish()
    }
}
