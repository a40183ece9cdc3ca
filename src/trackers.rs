//! Known trackers: a table, written for this crate, of widely used hosts that track
//! visitors (tag managers, analytics, advertising pixels, session recorders, embeds that
//! set cookies) and of the inline snippets that load them, each with the purpose it
//! needs consent for; and the bounded log of where the page pass found them.
//!
//! The table is a starting point, not a verdict: a host on it loads something that
//! needs consent on most sites, and an operator who knows better marks the element
//! with a category of their own. What the purposes mean in a policy's categories is one
//! mapping, [`TrackerPurpose::built_in_category`], the same that suggests categories for
//! cookies the Open Cookie Database knows (`discovery`).

// The HTML pass's tracker stage (being rebuilt beside this module) is what calls most of
// this; until it does, only the tests and the `Link` header filter do.

use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use crate::policy::{CategoryIndex, NECESSARY, Policy};

/// What a tracker needs consent for, in the words of the Open Cookie Database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum TrackerPurpose {
    /// Features the visitor asked for that a third party serves (chat, comments, maps),
    /// which set identifiers of their own.
    Functional,
    /// Measuring the site's use: analytics, session recording, performance monitoring,
    /// A/B testing.
    Analytics,
    /// Advertising, retargeting and social media pixels, and embeds whose provider
    /// profiles viewers.
    Advertising,
}

impl TrackerPurpose {
    /// The built-in category this purpose stands for: `Functional` is `functionality`,
    /// `Analytics` `performance`, `Advertising` `advertising` (see [`Category`](crate::Category)).
    pub fn built_in_category(self) -> &'static str {
        match self {
            Self::Functional => "functionality",
            Self::Analytics => "performance",
            Self::Advertising => "advertising",
        }
    }

    /// The purpose an Open Cookie Database category stands for: `Functional` and
    /// `Personalization` are functional, `Analytics` analytics, `Marketing` advertising.
    pub(crate) fn from_database(category: &str) -> Option<Self> {
        Some(match category {
            "Functional" | "Personalization" => Self::Functional,
            "Analytics" => Self::Analytics,
            "Marketing" => Self::Advertising,
            _ => return None,
        })
    }
}

/// The built-in category an Open Cookie Database category stands for: its purpose's
/// ([`TrackerPurpose::from_database`]), and `Security` and `Necessary` are `necessary`.
/// The one mapping from the database's words to the policy's categories.
pub(crate) fn built_in_category_of_database(category: &str) -> Option<&'static str> {
    match category {
        "Security" | "Necessary" => Some(NECESSARY),
        other => TrackerPurpose::from_database(other).map(TrackerPurpose::built_in_category),
    }
}

/// One known tracker: a host (with its subdomains), perhaps only under a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tracker {
    /// The registered host: it and every subdomain match (lowercase).
    pub(crate) host: &'static str,
    /// A path the tracker lives under on a host that serves other things too (`/tr` of
    /// `facebook.com`): matched at a segment boundary. Empty: the whole host.
    pub(crate) path: &'static str,
    /// Who runs it ("Google").
    pub(crate) provider: &'static str,
    /// The product ("Google Tag Manager").
    pub(crate) service: &'static str,
    /// What it needs consent for.
    pub(crate) purpose: TrackerPurpose,
}

impl Tracker {
    /// The policy's category for this tracker: the category whose id is the purpose's
    /// built-in one, else the one an operator's category alias of that id names (a
    /// policy calling its analytics category `statistics` gives the alias
    /// `performance`; see [`Gating::category_alias`](crate::Gating::category_alias)).
    /// `None`: the policy has no category for it, so no visitor can grant it
    /// (automatic gating keeps it inert for everyone).
    pub(crate) fn category_in(&self, policy: &Policy) -> Option<CategoryIndex> {
        policy.category_for_markup(self.purpose.built_in_category().as_bytes())
    }
}

const fn tracker(
    host: &'static str,
    path: &'static str,
    provider: &'static str,
    service: &'static str,
    purpose: TrackerPurpose,
) -> Tracker {
    Tracker {
        host,
        path,
        provider,
        service,
        purpose,
    }
}

use TrackerPurpose::{Advertising, Analytics, Functional};

const GOOGLE_TAG_MANAGER: Tracker = tracker(
    "googletagmanager.com",
    "",
    "Google",
    "Google Tag Manager",
    Analytics,
);
const GOOGLE_ANALYTICS: Tracker = tracker(
    "google-analytics.com",
    "",
    "Google",
    "Google Analytics",
    Analytics,
);
const META_PIXEL: Tracker = tracker(
    "connect.facebook.net",
    "",
    "Meta",
    "Meta Pixel",
    Advertising,
);
const HOTJAR: Tracker = tracker("hotjar.com", "", "Hotjar", "Hotjar", Analytics);
const MATOMO: Tracker = tracker("matomo.cloud", "", "InnoCraft", "Matomo", Analytics);
const TIKTOK: Tracker = tracker(
    "analytics.tiktok.com",
    "",
    "TikTok",
    "TikTok Pixel",
    Advertising,
);
const LINKEDIN: Tracker = tracker(
    "snap.licdn.com",
    "",
    "LinkedIn",
    "LinkedIn Insight Tag",
    Advertising,
);
const CLARITY: Tracker = tracker(
    "clarity.ms",
    "",
    "Microsoft",
    "Microsoft Clarity",
    Analytics,
);
const BING: Tracker = tracker(
    "bat.bing.com",
    "",
    "Microsoft",
    "Microsoft Advertising UET",
    Advertising,
);
const X_ADS: Tracker = tracker("static.ads-twitter.com", "", "X", "X Pixel", Advertising);
const PINTEREST: Tracker = tracker(
    "s.pinimg.com",
    "/ct",
    "Pinterest",
    "Pinterest Tag",
    Advertising,
);
const REDDIT: Tracker = tracker(
    "redditstatic.com",
    "/ads",
    "Reddit",
    "Reddit Pixel",
    Advertising,
);
const SNAP: Tracker = tracker("sc-static.net", "", "Snap", "Snap Pixel", Advertising);
const CRITEO: Tracker = tracker("criteo.net", "", "Criteo", "Criteo", Advertising);
const TABOOLA: Tracker = tracker("taboola.com", "", "Taboola", "Taboola", Advertising);
const OUTBRAIN: Tracker = tracker("outbrain.com", "", "Outbrain", "Outbrain", Advertising);
const SEGMENT: Tracker = tracker("cdn.segment.com", "", "Twilio", "Segment", Analytics);
const MIXPANEL: Tracker = tracker("cdn.mxpnl.com", "", "Mixpanel", "Mixpanel", Analytics);
const AMPLITUDE: Tracker = tracker("amplitude.com", "", "Amplitude", "Amplitude", Analytics);
const HEAP: Tracker = tracker("heapanalytics.com", "", "Heap", "Heap", Analytics);
const FULLSTORY: Tracker = tracker("fullstory.com", "", "FullStory", "FullStory", Analytics);
const MOUSEFLOW: Tracker = tracker("mouseflow.com", "", "Mouseflow", "Mouseflow", Analytics);
const CRAZY_EGG: Tracker = tracker("crazyegg.com", "", "Crazy Egg", "Crazy Egg", Analytics);
const YANDEX: Tracker = tracker("mc.yandex.ru", "", "Yandex", "Yandex Metrica", Analytics);
const ADOBE_TAGS: Tracker = tracker(
    "assets.adobedtm.com",
    "",
    "Adobe",
    "Adobe Experience Platform Tags",
    Analytics,
);
const HUBSPOT: Tracker = tracker(
    "hs-scripts.com",
    "",
    "HubSpot",
    "HubSpot tracking code",
    Analytics,
);
const INTERCOM: Tracker = tracker(
    "widget.intercom.io",
    "",
    "Intercom",
    "Intercom Messenger",
    Functional,
);
const DRIFT: Tracker = tracker("js.driftt.com", "", "Salesloft", "Drift", Functional);
const DISQUS: Tracker = tracker("disqus.com", "", "Disqus", "Disqus", Functional);
const ADDTHIS: Tracker = tracker("addthis.com", "", "Oracle", "AddThis", Advertising);
const QUANTCAST: Tracker = tracker(
    "quantserve.com",
    "",
    "Quantcast",
    "Quantcast Measure",
    Advertising,
);
const OPTIMIZELY: Tracker = tracker(
    "cdn.optimizely.com",
    "",
    "Optimizely",
    "Optimizely",
    Analytics,
);
const VWO: Tracker = tracker(
    "visualwebsiteoptimizer.com",
    "",
    "Wingify",
    "VWO",
    Analytics,
);
const NEW_RELIC: Tracker = tracker(
    "js-agent.newrelic.com",
    "",
    "New Relic",
    "New Relic Browser",
    Analytics,
);
const CLOUDFLARE: Tracker = tracker(
    "static.cloudflareinsights.com",
    "",
    "Cloudflare",
    "Cloudflare Web Analytics",
    Analytics,
);
const PLAUSIBLE: Tracker = tracker("plausible.io", "", "Plausible", "Plausible", Analytics);
const KLAVIYO: Tracker = tracker("klaviyo.com", "", "Klaviyo", "Klaviyo", Advertising);
const TEALIUM: Tracker = tracker("tiqcdn.com", "", "Tealium", "Tealium iQ", Analytics);

/// Every known tracker host, most used first (a URL is checked against each: the
/// order only decides which entry a host listed twice would get, and none is).
static TRACKERS: &[Tracker] = &[
    GOOGLE_TAG_MANAGER,
    GOOGLE_ANALYTICS,
    tracker(
        "analytics.google.com",
        "",
        "Google",
        "Google Analytics",
        Analytics,
    ),
    tracker(
        "doubleclick.net",
        "",
        "Google",
        "Google Marketing Platform",
        Advertising,
    ),
    tracker(
        "googlesyndication.com",
        "",
        "Google",
        "Google AdSense",
        Advertising,
    ),
    tracker(
        "googleadservices.com",
        "",
        "Google",
        "Google Ads",
        Advertising,
    ),
    tracker(
        "googletagservices.com",
        "",
        "Google",
        "Google Publisher Tag",
        Advertising,
    ),
    tracker(
        "adservice.google.com",
        "",
        "Google",
        "Google Ads",
        Advertising,
    ),
    tracker("google.com", "/maps", "Google", "Google Maps", Functional),
    META_PIXEL,
    tracker("facebook.com", "/tr", "Meta", "Meta Pixel", Advertising),
    HOTJAR,
    tracker("hotjar.io", "", "Hotjar", "Hotjar", Analytics),
    MATOMO,
    tracker("innocraft.cloud", "", "InnoCraft", "Matomo", Analytics),
    TIKTOK,
    LINKEDIN,
    tracker(
        "ads.linkedin.com",
        "",
        "LinkedIn",
        "LinkedIn Insight Tag",
        Advertising,
    ),
    CLARITY,
    BING,
    X_ADS,
    tracker("analytics.twitter.com", "", "X", "X Pixel", Advertising),
    PINTEREST,
    tracker(
        "ct.pinterest.com",
        "",
        "Pinterest",
        "Pinterest Tag",
        Advertising,
    ),
    REDDIT,
    tracker("alb.reddit.com", "", "Reddit", "Reddit Pixel", Advertising),
    SNAP,
    tracker("tr.snapchat.com", "", "Snap", "Snap Pixel", Advertising),
    CRITEO,
    tracker("criteo.com", "", "Criteo", "Criteo", Advertising),
    TABOOLA,
    OUTBRAIN,
    SEGMENT,
    tracker("api.segment.io", "", "Twilio", "Segment", Analytics),
    MIXPANEL,
    tracker("api-js.mixpanel.com", "", "Mixpanel", "Mixpanel", Analytics),
    AMPLITUDE,
    HEAP,
    FULLSTORY,
    MOUSEFLOW,
    CRAZY_EGG,
    YANDEX,
    tracker("mc.yandex.com", "", "Yandex", "Yandex Metrica", Analytics),
    ADOBE_TAGS,
    tracker("omtrdc.net", "", "Adobe", "Adobe Analytics", Analytics),
    tracker(
        "demdex.net",
        "",
        "Adobe",
        "Adobe Audience Manager",
        Advertising,
    ),
    HUBSPOT,
    tracker(
        "hs-analytics.net",
        "",
        "HubSpot",
        "HubSpot tracking code",
        Analytics,
    ),
    tracker(
        "hsadspixel.net",
        "",
        "HubSpot",
        "HubSpot ads pixel",
        Advertising,
    ),
    INTERCOM,
    tracker(
        "js.intercomcdn.com",
        "",
        "Intercom",
        "Intercom Messenger",
        Functional,
    ),
    DRIFT,
    tracker("youtube.com", "", "Google", "YouTube", Advertising),
    tracker("youtube-nocookie.com", "", "Google", "YouTube", Advertising),
    tracker("player.vimeo.com", "", "Vimeo", "Vimeo player", Analytics),
    DISQUS,
    tracker("disquscdn.com", "", "Disqus", "Disqus", Functional),
    ADDTHIS,
    tracker("sharethis.com", "", "ShareThis", "ShareThis", Advertising),
    QUANTCAST,
    tracker(
        "quantcount.com",
        "",
        "Quantcast",
        "Quantcast Measure",
        Advertising,
    ),
    OPTIMIZELY,
    VWO,
    NEW_RELIC,
    tracker(
        "nr-data.net",
        "",
        "New Relic",
        "New Relic Browser",
        Analytics,
    ),
    tracker(
        "browser.sentry-cdn.com",
        "",
        "Functional Software",
        "Sentry",
        Analytics,
    ),
    CLOUDFLARE,
    PLAUSIBLE,
    KLAVIYO,
    TEALIUM,
    tracker("stats.wp.com", "", "Automattic", "Jetpack Stats", Analytics),
];

/// Inline snippets, by a text every copy of the vendor's snippet holds. JavaScript is
/// case-sensitive and vendors write their hosts in lowercase, so these match as
/// written. `gtag(` alone is not one: the Consent Mode default (this layer's and the
/// operator's own) calls it before consent and must run; `gtag('config'` sends a hit.
static SNIPPETS: &[(&[u8], &Tracker)] = &[
    (b"googletagmanager.com/gtm.js", &GOOGLE_TAG_MANAGER),
    (b"googletagmanager.com/gtag/js", &GOOGLE_TAG_MANAGER),
    (b"GoogleAnalyticsObject", &GOOGLE_ANALYTICS),
    (b"google-analytics.com/analytics.js", &GOOGLE_ANALYTICS),
    (b"gtag('config'", &GOOGLE_TAG_MANAGER),
    (b"gtag(\"config\"", &GOOGLE_TAG_MANAGER),
    (b"fbq('init'", &META_PIXEL),
    (b"fbq(\"init\"", &META_PIXEL),
    (b"connect.facebook.net", &META_PIXEL),
    (b"_paq.push", &MATOMO),
    (b"_hjSettings", &HOTJAR),
    (b"hotjar.com/c/hotjar-", &HOTJAR),
    (b"ttq.load(", &TIKTOK),
    (b"_linkedin_partner_id", &LINKEDIN),
    (b"clarity.ms/tag/", &CLARITY),
    (b"bat.bing.com/bat.js", &BING),
    (b"ads-twitter.com/uwt.js", &X_ADS),
    (b"twq('config'", &X_ADS),
    (b"pintrk('load'", &PINTEREST),
    (b"rdt('init'", &REDDIT),
    (b"snaptr('init'", &SNAP),
    (b"criteo_q", &CRITEO),
    (b"_tfa.push", &TABOOLA),
    (b"obApi(", &OUTBRAIN),
    (b"segment.com/analytics.js", &SEGMENT),
    (b"mixpanel.init(", &MIXPANEL),
    (b"amplitude.getInstance(", &AMPLITUDE),
    (b"heap.load(", &HEAP),
    (b"_fs_org", &FULLSTORY),
    (b"_mfq", &MOUSEFLOW),
    (b"crazyegg.com/pages/scripts", &CRAZY_EGG),
    (b"mc.yandex.ru/metrika", &YANDEX),
    (b"adobedtm.com/", &ADOBE_TAGS),
    (b"hs-scripts.com/", &HUBSPOT),
    (b"intercomSettings", &INTERCOM),
    (b"drift.load(", &DRIFT),
    (b"disqus_config", &DISQUS),
    (b"addthis_config", &ADDTHIS),
    (b"_qevents", &QUANTCAST),
    (b"_vwo_code", &VWO),
    (b"optimizely.com/js/", &OPTIMIZELY),
    (b"NREUM", &NEW_RELIC),
    (b"cloudflareinsights.com/beacon", &CLOUDFLARE),
    (b"plausible.io/js/", &PLAUSIBLE),
    (b"klaviyo.com/onsite/js", &KLAVIYO),
    (b"tiqcdn.com/utag/", &TEALIUM),
];

/// The known tracker a URL loads from, as the browser reads the URL after the HTML
/// tokenizer (character references decoded: the caller decodes them; a `&` here is a
/// literal). Only absolute `http:`/`https:` URLs and scheme-relative ones (`//host`)
/// name a host; a relative URL is never a tracker. Read as the URL parser reads it:
/// leading and trailing C0 controls and spaces trimmed, tabs and newlines ignored,
/// `\` as `/`, the scheme and host in any ASCII case, userinfo, port, query and
/// fragment set aside, a trailing dot on the host ignored. The host matches a listed
/// host exactly or as a subdomain of it (`www.google-analytics.com`), never by a
/// suffix that is not at a dot (`evilgoogle-analytics.com` is not
/// `google-analytics.com`); a path-limited entry (`facebook.com/tr`) matches its
/// path or a path under it, ASCII case ignored. A host written with percent-escapes
/// or non-ASCII characters is compared as written (so not matched): the table lists
/// ASCII hosts.
pub(crate) fn tracker_for_url(url: &[u8]) -> Option<&'static Tracker> {
    // The URL parser's clean-up, without allocating: trimmed, then tabs and newlines
    // skipped as the bytes are read.
    let start = url.iter().position(|&byte| byte > b' ')?;
    let end = url.iter().rposition(|&byte| byte > b' ')? + 1;
    let mut bytes = url[start..end]
        .iter()
        .copied()
        .filter(|&byte| !matches!(byte, b'\t' | b'\n' | b'\r'))
        .map(|byte| if byte == b'\\' { b'/' } else { byte });
    // Scheme: `http:` or `https:` (then any number of slashes, as the parser takes for
    // special schemes), or none, then exactly two slashes for a scheme-relative URL.
    let mut head = [0u8; 6];
    let mut filled = 0;
    let mut next = bytes.next();
    while let Some(byte) = next {
        if byte == b':' || byte == b'/' || filled == head.len() {
            break;
        }
        head[filled] = byte.to_ascii_lowercase();
        filled += 1;
        next = bytes.next();
    }
    match (&head[..filled], next) {
        (b"http" | b"https", Some(b':')) => {
            next = bytes.next();
            while next == Some(b'/') {
                next = bytes.next();
            }
        }
        (b"", Some(b'/')) => {
            let mut slashes = 0;
            while next == Some(b'/') {
                slashes += 1;
                next = bytes.next();
            }
            // `/path` is relative to this host; `///x` a path too, for a relative URL.
            if slashes != 2 {
                return None;
            }
        }
        _ => return None,
    }
    // The authority runs to the first `/`, `?` or `#`; the host is after its last `@`
    // and before its port.
    let mut authority = [0u8; 256];
    let mut length = 0;
    while let Some(byte) = next {
        if matches!(byte, b'/' | b'?' | b'#') {
            break;
        }
        if length == authority.len() {
            return None;
        }
        authority[length] = byte.to_ascii_lowercase();
        length += 1;
        next = bytes.next();
    }
    let authority = &authority[..length];
    let host = match authority.iter().rposition(|&byte| byte == b'@') {
        Some(at) => &authority[at + 1..],
        None => authority,
    };
    let host = match host.iter().position(|&byte| byte == b':') {
        Some(colon) => &host[..colon],
        None => host,
    };
    let host = host.strip_suffix(b".").unwrap_or(host);
    if host.is_empty() {
        return None;
    }
    // The path, lowercased, up to the query or fragment: enough of it for the
    // longest listed path and the byte after it.
    let mut path = [0u8; 16];
    let mut path_length = 0;
    if next == Some(b'/') {
        while let Some(byte) = next {
            if matches!(byte, b'?' | b'#') || path_length == path.len() {
                break;
            }
            path[path_length] = byte.to_ascii_lowercase();
            path_length += 1;
            next = bytes.next();
        }
    }
    let path = &path[..path_length];
    TRACKERS
        .iter()
        .find(|tracker| host_matches(host, tracker.host) && path_matches(path, tracker.path))
}

/// `host` is `listed` or one of its subdomains.
fn host_matches(host: &[u8], listed: &str) -> bool {
    let listed = listed.as_bytes();
    host == listed
        || (host.len() > listed.len()
            && host.ends_with(listed)
            && host[host.len() - listed.len() - 1] == b'.')
}

/// `path` is `listed` (empty: any path) or under it.
fn path_matches(path: &[u8], listed: &str) -> bool {
    let listed = listed.as_bytes();
    listed.is_empty()
        || (path.starts_with(listed)
            && path
                .get(listed.len())
                .is_none_or(|&after| matches!(after, b'/' | b'.' | b'?' | b'#')))
}

/// Bytes that continue an identifier or a host name: a signature that starts with one
/// must not follow one (`rhythm_paq.push` is not Matomo, `evilgoogletagmanager.com` not
/// Google).
fn continues_name(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'$' | b'-')
}

/// Which two-byte starts some signature has: bit `first * 256 + second`.
const SNIPPET_STARTS: [u64; 1024] = {
    let mut table = [0u64; 1024];
    let mut index = 0;
    while index < SNIPPET_SIGNATURES.len() {
        let signature = SNIPPET_SIGNATURES[index];
        let bit = (signature[0] as usize) * 256 + signature[1] as usize;
        table[bit / 64] |= 1 << (bit % 64);
        index += 1;
    }
    table
};

/// The signatures alone, for the table of starts (a `const` cannot read the `static`).
const SNIPPET_SIGNATURES: &[&[u8]] = &[
    b"googletagmanager.com/gtm.js",
    b"googletagmanager.com/gtag/js",
    b"GoogleAnalyticsObject",
    b"google-analytics.com/analytics.js",
    b"gtag('config'",
    b"gtag(\"config\"",
    b"fbq('init'",
    b"fbq(\"init\"",
    b"connect.facebook.net",
    b"_paq.push",
    b"_hjSettings",
    b"hotjar.com/c/hotjar-",
    b"ttq.load(",
    b"_linkedin_partner_id",
    b"clarity.ms/tag/",
    b"bat.bing.com/bat.js",
    b"ads-twitter.com/uwt.js",
    b"twq('config'",
    b"pintrk('load'",
    b"rdt('init'",
    b"snaptr('init'",
    b"criteo_q",
    b"_tfa.push",
    b"obApi(",
    b"segment.com/analytics.js",
    b"mixpanel.init(",
    b"amplitude.getInstance(",
    b"heap.load(",
    b"_fs_org",
    b"_mfq",
    b"crazyegg.com/pages/scripts",
    b"mc.yandex.ru/metrika",
    b"adobedtm.com/",
    b"hs-scripts.com/",
    b"intercomSettings",
    b"drift.load(",
    b"disqus_config",
    b"addthis_config",
    b"_qevents",
    b"_vwo_code",
    b"optimizely.com/js/",
    b"NREUM",
    b"cloudflareinsights.com/beacon",
    b"plausible.io/js/",
    b"klaviyo.com/onsite/js",
    b"tiqcdn.com/utag/",
];

/// The first known tracker an inline script's text loads or calls, in the text's
/// order. One pass over the text: each byte pair is looked up in a bit table of the
/// signatures' first two bytes (8 KiB, built at compile time), and only where one
/// starts are the signatures compared. A signature that starts with a name character
/// counts only where no name character precedes it.
#[cfg_attr(
    not(any(test, feature = "__internals")),
    expect(
        dead_code,
        reason = "the pass searches pieces (SnippetSearch); the bench's lol_html rewrite \
                  searches whole texts"
    )
)]
pub(crate) fn tracker_in_snippet(text: &[u8]) -> Option<&'static Tracker> {
    scan_snippet(text, None)
}

/// [`tracker_in_snippet`] of `text`, which follows the byte `before` (if any) in the
/// script.
fn scan_snippet(text: &[u8], before: Option<u8>) -> Option<&'static Tracker> {
    if text.len() < 2 {
        return None;
    }
    for at in 0..text.len() - 1 {
        let bit = usize::from(text[at]) * 256 + usize::from(text[at + 1]);
        if SNIPPET_STARTS[bit / 64] & (1 << (bit % 64)) == 0 {
            continue;
        }
        let previous = if at > 0 { Some(text[at - 1]) } else { before };
        if previous.is_some_and(continues_name) && continues_name(text[at]) {
            continue;
        }
        let rest = &text[at..];
        if let Some((_, tracker)) = SNIPPETS
            .iter()
            .find(|(signature, _)| rest.starts_with(signature))
        {
            return Some(tracker);
        }
    }
    None
}

/// The longest snippet signature, and the byte before it: what a chunk boundary may
/// cut.
const SNIPPET_CARRY: usize = 48;

/// [`tracker_in_snippet`] over an inline script that comes in pieces (the page's
/// chunks): a signature cut by a boundary is found, and a piece's first byte is judged
/// with the byte before it. Keeps 49 bytes, never allocates.
#[derive(Clone, Debug)]
pub(crate) struct SnippetSearch {
    /// The last bytes fed (at most [`SNIPPET_CARRY`]) and the byte before them.
    tail: [u8; SNIPPET_CARRY],
    tail_len: usize,
    before_tail: Option<u8>,
}

impl Default for SnippetSearch {
    fn default() -> Self {
        Self {
            tail: [0; SNIPPET_CARRY],
            tail_len: 0,
            before_tail: None,
        }
    }
}

impl SnippetSearch {
    /// The first tracker whose signature ends in `piece` (the script's next bytes), if
    /// any. Once one is found, the caller stops feeding (or [`Self::reset`]s for the
    /// next script).
    pub(crate) fn feed(&mut self, piece: &[u8]) -> Option<&'static Tracker> {
        // Across the boundary: the tail and the head of the piece.
        let head = &piece[..piece.len().min(SNIPPET_CARRY)];
        let mut joined = [0u8; SNIPPET_CARRY * 2];
        joined[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        joined[self.tail_len..self.tail_len + head.len()].copy_from_slice(head);
        if self.tail_len > 0
            && let Some(tracker) =
                scan_snippet(&joined[..self.tail_len + head.len()], self.before_tail)
        {
            return Some(tracker);
        }
        let before = self
            .tail_len
            .checked_sub(1)
            .map(|last| self.tail[last])
            .or(self.before_tail);
        let found = scan_snippet(piece, before);
        // Keep the last bytes of everything fed so far.
        let total = self.tail_len + piece.len();
        let keep = total.min(SNIPPET_CARRY);
        let mut all_tail = [0u8; SNIPPET_CARRY];
        let mut before_tail = self.before_tail;
        for (slot, index) in (total - keep..total).enumerate() {
            all_tail[slot] = if index < self.tail_len {
                self.tail[index]
            } else {
                piece[index - self.tail_len]
            };
        }
        if total > keep {
            let index = total - keep - 1;
            before_tail = Some(if index < self.tail_len {
                self.tail[index]
            } else {
                piece[index - self.tail_len]
            });
        }
        self.tail = all_tail;
        self.tail_len = keep;
        self.before_tail = before_tail;
        found
    }

    /// Ready for another script.
    pub(crate) fn reset(&mut self) {
        *self = Self::default();
    }
}

/// The `rel` of a `<link>` that reaches a tracker's host before anything runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum LinkRel {
    Preconnect,
    DnsPrefetch,
    Preload,
    Prefetch,
    ModulePreload,
}

impl LinkRel {
    /// The `rel` keyword this is, ASCII case ignored (`None`: another keyword).
    pub(crate) fn from_keyword(keyword: &[u8]) -> Option<Self> {
        const KEYWORDS: [(&[u8], LinkRel); 5] = [
            (b"preconnect", LinkRel::Preconnect),
            (b"dns-prefetch", LinkRel::DnsPrefetch),
            (b"preload", LinkRel::Preload),
            (b"prefetch", LinkRel::Prefetch),
            (b"modulepreload", LinkRel::ModulePreload),
        ];
        KEYWORDS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(keyword))
            .map(|&(_, rel)| rel)
    }
}

/// Where in a page something was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum FoundKind {
    /// `<script src>` on a tracker's host.
    Script,
    /// `<iframe src>`.
    Iframe,
    /// `<img src>` (a pixel).
    Img,
    /// `<img src>` inside `<noscript>`.
    NoscriptImg,
    /// `<link rel=… href>` with one of these `rel`s.
    Link(LinkRel),
    /// An inline `<script>` holding a tracker's snippet.
    InlineSnippet,
    /// Markup of another consent manager the gate does not act on (its convention is
    /// off in the policy).
    OtherConsentManagerMarkup,
}

impl FoundKind {
    fn tag(self) -> u8 {
        match self {
            Self::Script => 1,
            Self::Iframe => 2,
            Self::Img => 3,
            Self::NoscriptImg => 4,
            Self::Link(LinkRel::Preconnect) => 5,
            Self::Link(LinkRel::DnsPrefetch) => 6,
            Self::Link(LinkRel::Preload) => 7,
            Self::Link(LinkRel::Prefetch) => 8,
            Self::Link(LinkRel::ModulePreload) => 9,
            Self::InlineSnippet => 10,
            Self::OtherConsentManagerMarkup => 11,
        }
    }

    /// How the snapshot names the kind: `script`, `iframe`, `img`, `noscript img`,
    /// `link rel=preconnect` (and the other `rel`s), `inline script`, `consent manager
    /// markup`.
    fn name(self) -> &'static str {
        match self {
            Self::Script => "script",
            Self::Iframe => "iframe",
            Self::Img => "img",
            Self::NoscriptImg => "noscript img",
            Self::Link(LinkRel::Preconnect) => "link rel=preconnect",
            Self::Link(LinkRel::DnsPrefetch) => "link rel=dns-prefetch",
            Self::Link(LinkRel::Preload) => "link rel=preload",
            Self::Link(LinkRel::Prefetch) => "link rel=prefetch",
            Self::Link(LinkRel::ModulePreload) => "link rel=modulepreload",
            Self::InlineSnippet => "inline script",
            Self::OtherConsentManagerMarkup => "consent manager markup",
        }
    }
}

/// What was found: a known tracker, or another consent manager's markup by the name of
/// its convention (a name from this crate's fixed set, such as `data-cookieconsent`,
/// never text of the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    Tracker(&'static Tracker),
    Markup(&'static str),
}

impl Found {
    fn key(self) -> &'static str {
        match self {
            Self::Tracker(tracker) => tracker.host,
            Self::Markup(name) => name,
        }
    }
}

/// The most bytes of a page path kept (before escaping).
const MAX_PATH_LEN: usize = 256;

/// How many slots a lookup probes before the finding is left out.
const MAX_PROBES: usize = 32;

/// The page path as the log keeps it: the path of `path_and_query` without its query
/// or fragment (a query may hold a visitor's data), cut to [`MAX_PATH_LEN`] bytes, and
/// every byte but printable ASCII written `%XX` (so no control character, quote or
/// non-ASCII byte reaches a log line or a snapshot as itself). Written into `out`;
/// returns its length.
fn kept_path(path_and_query: &[u8], out: &mut [u8; MAX_PATH_LEN * 3]) -> usize {
    let end = path_and_query
        .iter()
        .position(|&byte| byte == b'?' || byte == b'#')
        .unwrap_or(path_and_query.len())
        .min(MAX_PATH_LEN);
    let mut length = 0;
    for &byte in &path_and_query[..end] {
        if (0x21..0x7F).contains(&byte) && byte != b'"' && byte != b'\\' {
            out[length] = byte;
            length += 1;
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out[length] = b'%';
            out[length + 1] = HEX[usize::from(byte >> 4)];
            out[length + 2] = HEX[usize::from(byte & 0x0F)];
            length += 3;
        }
    }
    length
}

/// Where the page pass found known trackers left unmarked, and other consent managers'
/// markup the gate does not act on: one entry per (kind, tracker or markup, page path),
/// with a count and when it was first and last seen. Shared (cloning shares the log).
///
/// Bounded: at most `capacity` entries (1,024 by default). Past that, new findings are
/// only counted ([`TrackerSnapshot::left_out`]) and no longer warned about; the first
/// one left out is warned about once. Recording a finding already kept takes no lock
/// and allocates nothing (a hash, a probe, two atomic additions). Each new entry is
/// warned about once, through `tracing`, so a warning comes once per (kind, tracker,
/// path).
#[derive(Clone, Debug)]
pub(crate) struct TrackerLog {
    table: Arc<Findings>,
}

struct Findings {
    slots: Box<[OnceLock<Box<Finding>>]>,
    capacity: usize,
    kept: AtomicUsize,
    left_out: AtomicU64,
    warned_full: AtomicBool,
    hasher: std::collections::hash_map::RandomState,
}

impl std::fmt::Debug for Findings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Findings")
            .field("capacity", &self.capacity)
            .field("kept", &self.kept)
            .field("left_out", &self.left_out)
            .finish_non_exhaustive()
    }
}

struct Finding {
    kind: FoundKind,
    found: Found,
    page: Box<str>,
    count: AtomicU64,
    first_seen: u64,
    last_seen: AtomicU64,
}

impl Default for TrackerLog {
    fn default() -> Self {
        Self::with_capacity(1024)
    }
}

impl TrackerLog {
    /// A log keeping at most `capacity` findings (between 1 and 65,536).
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let capacity = capacity.clamp(1, 65_536);
        let slots = (capacity * 2).next_power_of_two();
        Self {
            table: Arc::new(Findings {
                slots: (0..slots).map(|_| OnceLock::new()).collect(),
                capacity,
                kept: AtomicUsize::new(0),
                left_out: AtomicU64::new(0),
                warned_full: AtomicBool::new(false),
                hasher: std::collections::hash_map::RandomState::new(),
            }),
        }
    }

    /// Records that `found` was found as `kind` on the page at `path_and_query` (the
    /// request's path and query, as it came: see [`kept_path`] for what is kept).
    pub(crate) fn record(&self, kind: FoundKind, found: Found, path_and_query: &[u8]) {
        self.record_at(kind, found, path_and_query, crate::consent::unix_now());
    }

    fn record_at(&self, kind: FoundKind, found: Found, path_and_query: &[u8], now: u64) {
        let mut buffer = [0u8; MAX_PATH_LEN * 3];
        let length = kept_path(path_and_query, &mut buffer);
        let page = &buffer[..length];
        let table = &self.table;
        let mut hasher = table.hasher.build_hasher();
        hasher.write_u8(kind.tag());
        hasher.write(found.key().as_bytes());
        hasher.write_u8(0);
        hasher.write(page);
        let start = hasher.finish() as usize;
        let mask = table.slots.len() - 1;
        for probe in 0..MAX_PROBES {
            let slot = &table.slots[(start + probe) & mask];
            if let Some(finding) = slot.get() {
                if finding.is(kind, found, page) {
                    finding.seen(now);
                    return;
                }
                continue;
            }
            if table
                .kept
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                    (n < table.capacity).then_some(n + 1)
                })
                .is_err()
            {
                break;
            }
            let fresh = Box::new(Finding {
                kind,
                found,
                // Printable ASCII by construction.
                page: String::from_utf8_lossy(page).into(),
                count: AtomicU64::new(1),
                first_seen: now,
                last_seen: AtomicU64::new(now),
            });
            match slot.set(fresh) {
                Ok(()) => {
                    warn_found(kind, found, page);
                    return;
                }
                Err(_) => {
                    table.kept.fetch_sub(1, Ordering::Relaxed);
                    if let Some(finding) = slot.get()
                        && finding.is(kind, found, page)
                    {
                        finding.seen(now);
                        return;
                    }
                }
            }
        }
        table.left_out.fetch_add(1, Ordering::Relaxed);
        if !table.warned_full.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                capacity = table.capacity,
                "the log of trackers found in pages is full: new findings are only counted"
            );
        }
    }

    /// Every finding kept, in the order first seen (then by kind, name and page).
    pub(crate) fn snapshot(&self) -> TrackerSnapshot {
        let mut findings: Vec<(u64, TrackerFinding)> = self
            .table
            .slots
            .iter()
            .filter_map(OnceLock::get)
            .map(|finding| (finding.first_seen, finding.snapshot()))
            .collect();
        findings.sort_by(|(a_time, a), (b_time, b)| {
            (a_time, &a.kind, &a.host, &a.markup, &a.page)
                .cmp(&(b_time, &b.kind, &b.host, &b.markup, &b.page))
        });
        TrackerSnapshot {
            findings: findings.into_iter().map(|(_, finding)| finding).collect(),
            left_out: self.table.left_out.load(Ordering::Relaxed),
        }
    }
}

fn warn_found(kind: FoundKind, found: Found, page: &[u8]) {
    let page = crate::warn_once::shown(page);
    match found {
        Found::Tracker(tracker) => tracing::warn!(
            kind = kind.name(),
            tracker = tracker.host,
            service = tracker.service,
            category = tracker.purpose.built_in_category(),
            page = ?page,
            "a page loads a known tracker that is not marked with a consent category"
        ),
        Found::Markup(markup) => tracing::warn!(
            markup,
            page = ?page,
            "a page holds another consent manager's markup, which the gate does not act on \
             (its convention is off in the policy's gating)"
        ),
    }
}

impl Finding {
    fn is(&self, kind: FoundKind, found: Found, page: &[u8]) -> bool {
        self.kind == kind && self.found.key() == found.key() && self.page.as_bytes() == page
    }

    fn seen(&self, now: u64) {
        self.count.fetch_add(1, Ordering::Relaxed);
        self.last_seen.fetch_max(now, Ordering::Relaxed);
    }

    fn snapshot(&self) -> TrackerFinding {
        let (host, service, provider, purpose, category, markup) = match self.found {
            Found::Tracker(tracker) => (
                Some(tracker.host.to_owned()),
                Some(tracker.service.to_owned()),
                Some(tracker.provider.to_owned()),
                Some(tracker.purpose),
                Some(tracker.purpose.built_in_category().to_owned()),
                None,
            ),
            Found::Markup(markup) => (None, None, None, None, None, Some(markup.to_owned())),
        };
        TrackerFinding {
            kind: self.kind.name().to_owned(),
            host,
            service,
            provider,
            purpose,
            built_in_category: category,
            markup,
            page: self.page.to_string(),
            count: self.count.load(Ordering::Relaxed),
            first_seen: time_of(self.first_seen),
            last_seen: time_of(self.last_seen.load(Ordering::Relaxed)),
        }
    }
}

fn time_of(unix: u64) -> String {
    let time = UNIX_EPOCH + Duration::from_secs(unix);
    humantime::format_rfc3339_seconds(time).to_string()
}

/// The trackers and other consent managers' markup found in pages, in a
/// [`DiscoverySnapshot`](crate::DiscoverySnapshot) (serde).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct TrackerSnapshot {
    /// One entry per (kind, tracker or markup, page path), in the order first seen.
    pub findings: Vec<TrackerFinding>,
    /// Findings not kept: the log was full.
    pub left_out: u64,
}

/// One finding: what was found on which page, how often, and when.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct TrackerFinding {
    /// Where in the page: `script`, `iframe`, `img`, `noscript img`, `link
    /// rel=preconnect` (`dns-prefetch`, `preload`, `prefetch`, `modulepreload`),
    /// `inline script`, or `consent manager markup`.
    pub kind: String,
    /// The tracker's listed host (`googletagmanager.com`; its subdomains included).
    pub host: Option<String>,
    /// The tracker's product ("Google Tag Manager").
    pub service: Option<String>,
    /// Who runs it ("Google").
    pub provider: Option<String>,
    /// What it needs consent for.
    pub purpose: Option<TrackerPurpose>,
    /// The built-in category for that purpose (`performance`), to mark it with.
    pub built_in_category: Option<String>,
    /// For another consent manager's markup: its convention (`data-cookieconsent`).
    pub markup: Option<String>,
    /// The page's path (no query: it may hold a visitor's data), at most 256 bytes,
    /// anything but printable ASCII escaped as `%XX`.
    pub page: String,
    /// How many times it was found.
    pub count: u64,
    /// When it was first found (RFC 3339, UTC).
    pub first_seen: String,
    /// When it was last found.
    pub last_seen: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_of(url: &str) -> Option<&'static str> {
        tracker_for_url(url.as_bytes()).map(|tracker| tracker.host)
    }

    #[test]
    fn the_table_is_large_and_well_formed() {
        assert!(TRACKERS.len() >= 40, "{}", TRACKERS.len());
        for tracker in TRACKERS {
            assert!(
                tracker.host.bytes().all(|byte| byte.is_ascii_lowercase()
                    || byte.is_ascii_digit()
                    || matches!(byte, b'.' | b'-')),
                "{}",
                tracker.host
            );
            assert!(tracker.path.is_empty() || tracker.path.starts_with('/'));
            assert!(tracker.path.len() < 15);
        }
        // The two lists of signatures are one.
        assert_eq!(SNIPPETS.len(), SNIPPET_SIGNATURES.len());
        for ((signature, _), listed) in SNIPPETS.iter().zip(SNIPPET_SIGNATURES) {
            assert_eq!(signature, listed);
            assert!(signature.len() >= 4);
            // A piece's search carries enough for the longest one and the byte before.
            assert!(signature.len() < SNIPPET_CARRY);
        }
    }

    #[test]
    fn urls_match_by_host_and_subdomain() {
        let cases = [
            (
                "https://www.googletagmanager.com/gtm.js?id=GTM-X",
                Some("googletagmanager.com"),
            ),
            (
                "http://www.google-analytics.com/analytics.js",
                Some("google-analytics.com"),
            ),
            (
                "//connect.facebook.net/en_US/fbevents.js",
                Some("connect.facebook.net"),
            ),
            (
                "HTTPS://STATIC.HOTJAR.COM/c/hotjar-1.js",
                Some("hotjar.com"),
            ),
            (
                "https://user:pass@snap.licdn.com:443/li.lms-analytics/insight.min.js",
                Some("snap.licdn.com"),
            ),
            ("https://www.clarity.ms./tag/abc", Some("clarity.ms")),
            (
                "https://www.facebook.com/tr?id=1&ev=PageView",
                Some("facebook.com"),
            ),
            ("https://www.facebook.com/TR/", Some("facebook.com")),
            (
                "https://www.youtube-nocookie.com/embed/x",
                Some("youtube-nocookie.com"),
            ),
            ("https://player.vimeo.com/video/1", Some("player.vimeo.com")),
            ("https://s.pinimg.com/ct/core.js", Some("s.pinimg.com")),
            // The URL parser's clean-up: spaces and controls around, tabs and
            // newlines within, backslashes as slashes.
            (
                " \u{1}https://www.google-analytics.com/a \n",
                Some("google-analytics.com"),
            ),
            (
                "ht\ttps://www.goo\ngle-analytics.com/",
                Some("google-analytics.com"),
            ),
            (
                "https:\\\\www.google-analytics.com\\a",
                Some("google-analytics.com"),
            ),
            (
                "\\\\www.google-analytics.com/a",
                Some("google-analytics.com"),
            ),
            (
                "https:www.google-analytics.com/a",
                Some("google-analytics.com"),
            ),
            // A host that only ends like a listed one, or a listed name elsewhere.
            ("https://evilgoogle-analytics.com/a.js", None),
            ("https://google-analytics.com.evil.example/a.js", None),
            ("https://evil.example/www.google-analytics.com/a.js", None),
            ("https://evil.example/?u=//www.google-analytics.com", None),
            ("https://www.google-analytics.com@evil.example/a.js", None),
            ("https://evil.example#@www.google-analytics.com", None),
            ("https://www.facebook.com/trx", None),
            ("https://www.facebook.com/", None),
            ("https://s.pinimg.com/images/x.png", None),
            // Relative URLs, other schemes, nothing.
            ("/www.google-analytics.com/analytics.js", None),
            ("///www.google-analytics.com/analytics.js", None),
            ("www.google-analytics.com/analytics.js", None),
            ("google-analytics.com", None),
            ("javascript://www.google-analytics.com/%0aalert(1)", None),
            ("ftp://www.google-analytics.com/", None),
            ("https://", None),
            ("//", None),
            ("", None),
            ("   ", None),
            ("https://www.google%2danalytics.com/", None),
        ];
        for (url, host) in cases {
            assert_eq!(host_of(url), host, "{url:?}");
        }
        // Never a panic, whatever the bytes.
        for url in [&b"\xff\xfe//\xff"[..], b"https://\xff@", &[b'a'; 70_000]] {
            let _ = tracker_for_url(url);
        }
        let long_host = format!("https://{}.google-analytics.com/", "a".repeat(300));
        assert_eq!(host_of(&long_host), None);
    }

    #[test]
    fn snippets_are_found_in_one_pass() {
        let gtm = "(function(w,d,s,l,i){w[l]=w[l]||[];var f=d.getElementsByTagName(s)[0],\
                   j=d.createElement(s);j.async=true;j.src=\
                   'https://www.googletagmanager.com/gtm.js?id='+i;f.parentNode.insertBefore(j,f);\
                   })(window,document,'script','dataLayer','GTM-XXXX');";
        let cases = [
            (gtm, Some("Google Tag Manager")),
            (
                "window.dataLayer = window.dataLayer || [];\nfunction gtag(){dataLayer.push(arguments);}\ngtag('js', new Date());\ngtag('config', 'G-1');",
                Some("Google Tag Manager"),
            ),
            (
                "window['GoogleAnalyticsObject']=r;ga('create','UA-1','auto');",
                Some("Google Analytics"),
            ),
            (
                "!function(f,b,e,v,n,t,s){}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init','1');",
                Some("Meta Pixel"),
            ),
            (
                "var _paq = window._paq = window._paq || [];_paq.push(['trackPageView']);",
                Some("Matomo"),
            ),
            (
                "(function(h,o,t,j,a,r){h._hjSettings={hjid:1,hjsv:6};})",
                Some("Hotjar"),
            ),
            ("ttq.load('C1');ttq.page();", Some("TikTok Pixel")),
            (
                "_linkedin_partner_id = \"1\";",
                Some("LinkedIn Insight Tag"),
            ),
            (
                "t.src=\"https://www.clarity.ms/tag/\"+i;",
                Some("Microsoft Clarity"),
            ),
            (
                "window.intercomSettings = {app_id: 'x'};",
                Some("Intercom Messenger"),
            ),
            ("var _mfq = _mfq || [];", Some("Mouseflow")),
            // The Consent Mode default runs before consent: not a tracker.
            (
                "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('consent','default',{\"ad_storage\":\"denied\"});",
                None,
            ),
            // A signature inside a longer name is not one.
            (
                "var rhythm_paq = 1; my_paq.push(1); x_hjSettings = 2;",
                None,
            ),
            ("s='https://evilgoogletagmanager.com/gtm.js'", None),
            ("s='https://evil-googletagmanager.com/gtm.js'", None),
            ("console.log('hello')", None),
            ("", None),
            ("_", None),
        ];
        for (text, service) in cases {
            assert_eq!(
                tracker_in_snippet(text.as_bytes()).map(|tracker| tracker.service),
                service,
                "{text:?}"
            );
        }
        // The first in the text's order wins; a signature at the very end counts.
        assert_eq!(
            tracker_in_snippet(b"_mfq; _paq.push").map(|tracker| tracker.service),
            Some("Mouseflow")
        );
        assert_eq!(
            tracker_in_snippet(b"x=NREUM").map(|tracker| tracker.service),
            Some("New Relic Browser")
        );
        assert_eq!(tracker_in_snippet(b"x=NREU"), None);
    }

    #[test]
    fn snippets_cut_anywhere_are_found_in_pieces() {
        let texts = [
            &b"var x = 1; (function(){ w._paq = w._paq || []; _paq.push(['trackPageView']); })();"
                [..],
            b"a;s.src='https://www.googletagmanager.com/gtm.js?id=1'",
            b"rhythm_paq.push(1); my_paq.push(2)",
            b"x=NREUM",
        ];
        for text in texts {
            let whole = tracker_in_snippet(text);
            // Every single cut, and every byte fed alone.
            for cut in 0..=text.len() {
                let mut search = SnippetSearch::default();
                let found = search
                    .feed(&text[..cut])
                    .or_else(|| search.feed(&text[cut..]));
                assert_eq!(
                    found,
                    whole,
                    "{:?} cut at {cut}",
                    String::from_utf8_lossy(text)
                );
            }
            let mut search = SnippetSearch::default();
            let found = text
                .iter()
                .find_map(|byte| search.feed(std::slice::from_ref(byte)));
            assert_eq!(
                found,
                whole,
                "{:?} byte by byte",
                String::from_utf8_lossy(text)
            );
        }
        assert_eq!(
            tracker_in_snippet(b"rhythm_paq.push(1); my_paq.push(2)"),
            None
        );
        let mut search = SnippetSearch::default();
        assert!(search.feed(b"x=_paq.pu").is_none());
        search.reset();
        assert_eq!(search.feed(b"sh"), None);
    }

    #[test]
    fn purposes_map_onto_the_built_in_categories() {
        assert_eq!(
            built_in_category_of_database("Marketing"),
            Some("advertising")
        );
        assert_eq!(
            built_in_category_of_database("Analytics"),
            Some("performance")
        );
        assert_eq!(
            built_in_category_of_database("Personalization"),
            Some("functionality")
        );
        assert_eq!(built_in_category_of_database("Security"), Some(NECESSARY));
        assert_eq!(built_in_category_of_database("Unknown"), None);
        let policy = Policy::builder()
            .category(crate::Category::performance())
            .build()
            .unwrap();
        let ga = tracker_for_url(b"https://www.google-analytics.com/a.js").unwrap();
        assert_eq!(
            ga.category_in(&policy),
            policy.category_index(b"performance")
        );
        let pixel = tracker_for_url(b"https://www.facebook.com/tr?id=1").unwrap();
        assert_eq!(pixel.category_in(&policy), None);
    }

    #[test]
    fn the_log_counts_each_finding_once_and_is_bounded() {
        let log = TrackerLog::with_capacity(3);
        let ga = Found::Tracker(tracker_for_url(b"https://www.google-analytics.com/a").unwrap());
        let hotjar = Found::Tracker(tracker_for_url(b"https://static.hotjar.com/c").unwrap());
        log.record_at(FoundKind::Script, ga, b"/a?email=x@example.com", 1_000);
        log.record_at(FoundKind::Script, ga, b"/a?other", 1_005);
        log.record_at(FoundKind::InlineSnippet, ga, b"/a", 1_006);
        log.record_at(
            FoundKind::Link(LinkRel::Preconnect),
            hotjar,
            b"/b\n2026 INFO forged\"\xff",
            1_007,
        );
        // Full: counted, not kept.
        log.record_at(FoundKind::Iframe, hotjar, b"/c", 1_008);
        log.record_at(
            FoundKind::OtherConsentManagerMarkup,
            Found::Markup("data-cookieconsent"),
            b"/c",
            1_009,
        );
        // A kept finding is still counted.
        log.record_at(FoundKind::Script, ga, b"/a", 1_010);
        let snapshot = log.snapshot();
        assert_eq!(snapshot.left_out, 2);
        let rows: Vec<_> = snapshot
            .findings
            .iter()
            .map(|finding| {
                (
                    finding.kind.as_str(),
                    finding.host.as_deref(),
                    finding.page.as_str(),
                    finding.count,
                    finding.first_seen.as_str(),
                    finding.last_seen.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "script",
                    Some("google-analytics.com"),
                    "/a",
                    3,
                    "1970-01-01T00:16:40Z",
                    "1970-01-01T00:16:50Z"
                ),
                (
                    "inline script",
                    Some("google-analytics.com"),
                    "/a",
                    1,
                    "1970-01-01T00:16:46Z",
                    "1970-01-01T00:16:46Z"
                ),
                (
                    "link rel=preconnect",
                    Some("hotjar.com"),
                    "/b%0A2026%20INFO%20forged%22%FF",
                    1,
                    "1970-01-01T00:16:47Z",
                    "1970-01-01T00:16:47Z"
                ),
            ]
        );
        let json = serde_json::to_string(&snapshot.findings[0]).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"script","host":"google-analytics.com","service":"Google Analytics","provider":"Google","purpose":"Analytics","built_in_category":"performance","markup":null,"page":"/a","count":3,"first_seen":"1970-01-01T00:16:40Z","last_seen":"1970-01-01T00:16:50Z"}"#
        );
    }

    #[test]
    fn long_paths_are_cut_and_markup_is_logged_by_convention() {
        let log = TrackerLog::default();
        let long = format!("/{}", "é".repeat(200));
        log.record_at(
            FoundKind::OtherConsentManagerMarkup,
            Found::Markup("data-cookieconsent"),
            long.as_bytes(),
            5,
        );
        let snapshot = log.snapshot();
        let finding = &snapshot.findings[0];
        assert_eq!(finding.page.len(), 1 + 255 * 3);
        assert!(finding.page.starts_with("/%C3%A9"));
        assert_eq!(finding.markup.as_deref(), Some("data-cookieconsent"));
        assert_eq!(finding.kind, "consent manager markup");
        assert_eq!(finding.host, None);
    }
}
