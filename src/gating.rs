//! Server-side gating and Google Consent Mode: the operator's settings, the Consent Mode
//! state and snippet for one visitor, and the header fixes of a rewritten page (its
//! `Content-Security-Policy` included). The streaming rewrite itself is
//! `html::gate`.

use std::collections::BTreeMap;

use http::HeaderValue;
use http::header::{self, HeaderMap};

use crate::policy::{CategorySet, Policy, PolicyError};

/// Server-side gating of the elements marked with `data-consent` (or `data-category`):
/// see "Gating scripts and embeds" in the [crate docs](crate). Off unless the policy has one
/// ([`PolicyBuilder::gating`](crate::PolicyBuilder::gating), or a `[gating]` table in a
/// configuration file).
///
/// ```
/// use tower_cookie_consent::{Category, Gating, Policy};
///
/// let policy = Policy::builder()
///     .category(Category::advertising())
///     .gating(Gating::new().placeholder("This video shows once you allow advertising cookies."))
///     .build()?;
/// # Ok::<(), tower_cookie_consent::PolicyError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
#[must_use]
pub struct Gating {
    strict: bool,
    placeholder: Option<String>,
    placeholder_link: String,
    /// Hosts an activated URL may name (`None`: any host of an http(s) URL). Shared, so
    /// that each page's gate holds it without a copy.
    #[serde(deserialize_with = "shared_hosts")]
    allow_hosts: Option<std::sync::Arc<[String]>>,
}

impl Default for Gating {
    fn default() -> Self {
        Self {
            strict: false,
            placeholder: None,
            placeholder_link: "Cookie settings".to_owned(),
            allow_hosts: None,
        }
    }
}

impl Gating {
    /// Gating on: marked elements of granted categories are activated, the others stay
    /// as written.
    pub fn new() -> Self {
        Self::default()
    }

    /// Strict mode: an element of a category not granted is blanked whole (start tag,
    /// content and end tag become spaces) instead of staying inert in the page.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The text shown after an inert iframe, with a link to the preferences page. HTML
    /// pages then lose their `Content-Length` (sent chunked, or closed at the end): the
    /// placeholders add bytes that no header can foresee, since whether a page holds an
    /// inert iframe is known only once it has streamed.
    pub fn placeholder(mut self, text: impl Into<String>) -> Self {
        self.placeholder = Some(text.into());
        self
    }

    /// The text of the placeholder's link to the preferences page ("Cookie settings").
    pub fn placeholder_link(mut self, text: impl Into<String>) -> Self {
        self.placeholder_link = text.into();
        self
    }

    /// Limits activation to URLs on these hosts and relative URLs: a marked element
    /// whose `data-src`, `data-srcset`, `data-href` (or a script's `src`) names another
    /// host stays inert, with a warning once per page path. Hosts match exactly, ASCII
    /// case ignored (`www.youtube-nocookie.com` does not allow `youtube-nocookie.com`):
    /// list each one. Without this, any `http:`/`https:` URL may be activated (never
    /// another scheme: see "User content and sanitizers" in the [crate docs](crate)).
    ///
    /// In a configuration file: `allow_hosts = ["www.youtube-nocookie.com"]` in
    /// `[gating]`.
    ///
    /// ```
    /// use tower_cookie_consent::Gating;
    ///
    /// let gating = Gating::new().allow_hosts(["www.youtube-nocookie.com", "player.vimeo.com"]);
    /// ```
    pub fn allow_hosts<H: Into<String>>(mut self, hosts: impl IntoIterator<Item = H>) -> Self {
        self.allow_hosts = Some(hosts.into_iter().map(Into::into).collect());
        self
    }

    pub(crate) fn allowed_hosts(&self) -> Option<std::sync::Arc<[String]>> {
        self.allow_hosts.clone()
    }

    pub(crate) fn is_strict(&self) -> bool {
        self.strict
    }

    /// The placeholder's markup, when there is one: texts escaped, the link to `endpoint`.
    pub(crate) fn placeholder_markup(&self, endpoint: &str) -> Option<String> {
        let text = self.placeholder.as_deref()?;
        Some(format!(
            "<div class=\"cookie-consent-placeholder\" role=\"note\"><p>{}</p><a href=\"{}\">{}</a></div>",
            crate::escape_html(text),
            crate::escape_html(endpoint),
            crate::escape_html(&self.placeholder_link),
        ))
    }
}

/// Every attribute the layer reads in a page's markup, which a sanitizer must strip
/// from user content (lowercase; browsers match attribute names ASCII-case-insensitively,
/// so compare them that way): see "User content and sanitizers" in the
/// [crate docs](crate).
pub const CONSENT_MARKUP_ATTRIBUTES: &[&str] = &[
    "data-consent",
    "data-category",
    "data-src",
    "data-srcset",
    "data-href",
    "data-type",
];

/// `allow_hosts = [...]` of a configuration file, into the shared list.
fn shared_hosts<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<std::sync::Arc<[String]>>, D::Error> {
    use serde::Deserialize as _;
    Ok(Option::<Vec<String>>::deserialize(deserializer)?.map(Into::into))
}

/// The seven consent types of Google Consent Mode v2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConsentType {
    /// `ad_storage`
    AdStorage,
    /// `ad_user_data`
    AdUserData,
    /// `ad_personalization`
    AdPersonalization,
    /// `analytics_storage`
    AnalyticsStorage,
    /// `functionality_storage`
    FunctionalityStorage,
    /// `personalization_storage`
    PersonalizationStorage,
    /// `security_storage`
    SecurityStorage,
}

impl ConsentType {
    /// All seven, in the order the snippet lists them.
    pub const ALL: [Self; 7] = [
        Self::AdStorage,
        Self::AdUserData,
        Self::AdPersonalization,
        Self::AnalyticsStorage,
        Self::FunctionalityStorage,
        Self::PersonalizationStorage,
        Self::SecurityStorage,
    ];

    /// The name gtag.js uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AdStorage => "ad_storage",
            Self::AdUserData => "ad_user_data",
            Self::AdPersonalization => "ad_personalization",
            Self::AnalyticsStorage => "analytics_storage",
            Self::FunctionalityStorage => "functionality_storage",
            Self::PersonalizationStorage => "personalization_storage",
            Self::SecurityStorage => "security_storage",
        }
    }
}

/// Google Consent Mode v2 from the server's state: the layer puts
/// `gtag('consent','default',{…})` with the visitor's choice as the first child of
/// `<head>` of every HTML document (not of fragments fetched by scripts or htmx). Off
/// unless the policy has one ([`PolicyBuilder::consent_mode`](crate::PolicyBuilder::consent_mode),
/// or a `[consent_mode]` table in a configuration file).
///
/// The default mapping, for the categories the policy declares: `performance` →
/// `analytics_storage`; `advertising` → `ad_storage`, `ad_user_data`,
/// `ad_personalization`; `functionality` → `functionality_storage`,
/// `personalization_storage`; `necessary` → `security_storage` (always granted).
/// [`ConsentMode::map`] replaces one category's entry. A type is granted when every
/// category mapped to it is granted, and denied when none is mapped to it.
///
/// ```
/// use tower_cookie_consent::{Category, ConsentMode, ConsentType, Policy};
///
/// let policy = Policy::builder()
///     .category(Category::performance())
///     .category(Category::advertising())
///     .consent_mode(
///         ConsentMode::new()
///             .map("advertising", [ConsentType::AdStorage, ConsentType::AdUserData])
///             .region(["ES", "US-CA"])
///             .ads_data_redaction(true),
///     )
///     .build()?;
/// # Ok::<(), tower_cookie_consent::PolicyError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
#[must_use]
pub struct ConsentMode {
    /// Entries replacing the default mapping's, by category id.
    categories: BTreeMap<String, Vec<ConsentType>>,
    region: Vec<String>,
    ads_data_redaction: bool,
    url_passthrough: bool,
}

impl ConsentMode {
    /// Consent Mode with the default mapping.
    pub fn new() -> Self {
        Self::default()
    }

    /// Maps the category `category` to `types` (replacing its default entry; no types
    /// removes it).
    pub fn map(
        mut self,
        category: impl Into<String>,
        types: impl IntoIterator<Item = ConsentType>,
    ) -> Self {
        self.categories
            .insert(category.into(), types.into_iter().collect());
        self
    }

    /// The `region` of the default (ISO 3166-1 alpha-2 codes, with an optional
    /// ISO 3166-2 subdivision: `ES`, `US-CA`): the default applies there only.
    pub fn region<R: Into<String>>(mut self, regions: impl IntoIterator<Item = R>) -> Self {
        self.region = regions.into_iter().map(Into::into).collect();
        self
    }

    /// `gtag('set', 'ads_data_redaction', true)`: ad click identifiers are redacted
    /// while `ad_storage` is denied.
    pub fn ads_data_redaction(mut self, on: bool) -> Self {
        self.ads_data_redaction = on;
        self
    }

    /// `gtag('set', 'url_passthrough', true)`: ad click information passes in URLs while
    /// storage is denied.
    pub fn url_passthrough(mut self, on: bool) -> Self {
        self.url_passthrough = on;
        self
    }

    /// Checked against the policy's categories: the mapping by type.
    pub(crate) fn resolve(
        &self,
        policy_categories: &[crate::Category],
    ) -> Result<ResolvedConsentMode, PolicyError> {
        let index_of = |id: &str| {
            policy_categories
                .iter()
                .position(|category| category.id() == id)
        };
        let defaults: [(&str, &[ConsentType]); 4] = [
            (crate::NECESSARY, &[ConsentType::SecurityStorage]),
            ("performance", &[ConsentType::AnalyticsStorage]),
            (
                "advertising",
                &[
                    ConsentType::AdStorage,
                    ConsentType::AdUserData,
                    ConsentType::AdPersonalization,
                ],
            ),
            (
                "functionality",
                &[
                    ConsentType::FunctionalityStorage,
                    ConsentType::PersonalizationStorage,
                ],
            ),
        ];
        let mut mapping: Vec<(usize, Vec<ConsentType>)> = Vec::new();
        for (id, types) in defaults {
            if self.categories.contains_key(id) {
                continue;
            }
            if let Some(index) = index_of(id) {
                mapping.push((index, types.to_vec()));
            }
        }
        for (id, types) in &self.categories {
            let index = index_of(id).ok_or_else(|| PolicyError::UnknownCategory {
                used_by: "consent_mode".to_owned(),
                category: id.clone(),
            })?;
            mapping.push((index, types.clone()));
        }
        let mut types = [0u64; 7];
        for (index, mapped) in mapping {
            for consent_type in mapped {
                let slot = ConsentType::ALL
                    .iter()
                    .position(|known| *known == consent_type)
                    .unwrap_or(0);
                types[slot] |= 1 << index;
            }
        }
        for region in &self.region {
            let valid = (2..=6).contains(&region.len())
                && region
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
            if !valid {
                return Err(PolicyError::InvalidRegion {
                    region: region.clone(),
                });
            }
        }
        Ok(ResolvedConsentMode {
            types,
            region: self.region.clone(),
            ads_data_redaction: self.ads_data_redaction,
            url_passthrough: self.url_passthrough,
        })
    }
}

/// Consent Mode checked against the policy: for each type, the categories mapped to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResolvedConsentMode {
    types: [u64; 7],
    region: Vec<String>,
    ads_data_redaction: bool,
    url_passthrough: bool,
}

impl ResolvedConsentMode {
    pub(crate) fn state(&self, granted: CategorySet) -> ConsentModeState {
        let bits = granted.bits();
        let value = |slot: usize| {
            let mapped = self.types[slot];
            if mapped != 0 && mapped & bits == mapped {
                "granted"
            } else {
                "denied"
            }
        };
        ConsentModeState {
            ad_storage: value(0),
            ad_user_data: value(1),
            ad_personalization: value(2),
            analytics_storage: value(3),
            functionality_storage: value(4),
            personalization_storage: value(5),
            security_storage: value(6),
            region: self.region.clone(),
            ads_data_redaction: self.ads_data_redaction,
            url_passthrough: self.url_passthrough,
        }
    }
}

/// The Consent Mode state of one visitor, as the layer writes it into pages: serialized
/// (with serde, to JSON say) it is the object of `gtag('consent', 'default', …)`, for
/// templates that render their own tag. From [`Consent::consent_mode`](crate::Consent::consent_mode).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConsentModeState {
    /// `"granted"` or `"denied"`.
    pub ad_storage: &'static str,
    /// `"granted"` or `"denied"`.
    pub ad_user_data: &'static str,
    /// `"granted"` or `"denied"`.
    pub ad_personalization: &'static str,
    /// `"granted"` or `"denied"`.
    pub analytics_storage: &'static str,
    /// `"granted"` or `"denied"`.
    pub functionality_storage: &'static str,
    /// `"granted"` or `"denied"`.
    pub personalization_storage: &'static str,
    /// `"granted"` or `"denied"`.
    pub security_storage: &'static str,
    /// The regions the default applies to (all when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub region: Vec<String>,
    /// Whether `ads_data_redaction` is set (not part of the consent object).
    #[serde(skip)]
    pub ads_data_redaction: bool,
    /// Whether `url_passthrough` is set (not part of the consent object).
    #[serde(skip)]
    pub url_passthrough: bool,
}

impl ConsentModeState {
    /// The script text the layer injects: the `dataLayer`/`gtag` shim, the consent
    /// default, and the `set` commands that are on.
    ///
    /// ```
    /// # use tower_cookie_consent::{Category, ConsentMode, Policy};
    /// # let policy = Policy::builder().category(Category::performance())
    /// #     .consent_mode(ConsentMode::new()).build().unwrap();
    /// # let state = policy.consent_mode_state_for(&[]).unwrap();
    /// assert_eq!(
    ///     state.script(),
    ///     "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}\
    ///      gtag('consent','default',{\"ad_storage\":\"denied\",\"ad_user_data\":\"denied\",\
    ///      \"ad_personalization\":\"denied\",\"analytics_storage\":\"denied\",\
    ///      \"functionality_storage\":\"denied\",\"personalization_storage\":\"denied\",\
    ///      \"security_storage\":\"granted\"});"
    /// );
    /// ```
    pub fn script(&self) -> String {
        let mut script = String::from(
            "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('consent','default',",
        );
        // Strings from a fixed set and checked region codes: nothing to escape.
        script.push_str(&serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned()));
        script.push_str(");");
        if self.ads_data_redaction {
            script.push_str("gtag('set','ads_data_redaction',true);");
        }
        if self.url_passthrough {
            script.push_str("gtag('set','url_passthrough',true);");
        }
        script
    }
}

/// How the Consent Mode script may run under the response's CSP.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ScriptPermit {
    /// No policy restricts inline scripts (none, or one relying on `'unsafe-inline'`).
    Inline,
    /// Every policy that restricts scripts allows this nonce.
    Nonce(String),
    /// The script's hash was added to each restricting policy.
    HashAdded,
}

/// The Consent Mode `<script>` element for `state` under the response's CSP (whose
/// restricting policies get the script's hash when no shared nonce serves).
pub(crate) fn consent_mode_element(state: &ConsentModeState, headers: &mut HeaderMap) -> String {
    let script = state.script();
    match permit_inline_script(headers, &script) {
        ScriptPermit::Nonce(nonce) => format!("<script nonce=\"{nonce}\">{script}</script>"),
        ScriptPermit::Inline | ScriptPermit::HashAdded => format!("<script>{script}</script>"),
    }
}

/// The sources of an inline script's directive in one policy: `script-src-elem`, else
/// `script-src`, else `default-src`; with the byte offset where the directive ends.
fn script_directive(policy: &str) -> Option<(usize, Vec<&str>)> {
    for wanted in ["script-src-elem", "script-src", "default-src"] {
        let mut offset = 0;
        for directive in policy.split(';') {
            let end = offset + directive.len();
            let mut tokens = directive.split_ascii_whitespace();
            if tokens
                .next()
                .is_some_and(|name| name.eq_ignore_ascii_case(wanted))
            {
                return Some((end, tokens.collect()));
            }
            offset = end + 1;
        }
    }
    None
}

/// What one policy asks of an inline script: `None` if it lets any run.
fn restriction(policy: &str) -> Option<(usize, Option<&str>)> {
    let (end, sources) = script_directive(policy)?;
    let mut nonce = None;
    let mut unsafe_inline = false;
    let mut overrides_inline = false;
    for source in sources {
        let lower = source.to_ascii_lowercase();
        if lower.starts_with("'nonce-") && source.len() > 8 && source.ends_with('\'') {
            let value = &source[7..source.len() - 1];
            if value
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"+/=_-".contains(&byte))
            {
                nonce.get_or_insert(value);
            }
            overrides_inline = true;
        } else if lower.starts_with("'sha") || lower == "'strict-dynamic'" {
            overrides_inline = true;
        } else if lower == "'unsafe-inline'" {
            unsafe_inline = true;
        }
    }
    if unsafe_inline && !overrides_inline {
        // Relies on 'unsafe-inline': a hash would switch it off for every other script.
        return None;
    }
    Some((end, nonce))
}

/// Makes the response's CSP let `script` run inline (see [`ScriptPermit`]).
pub(crate) fn permit_inline_script(headers: &mut HeaderMap, script: &str) -> ScriptPermit {
    let values: Vec<HeaderValue> = headers
        .get_all(header::CONTENT_SECURITY_POLICY)
        .iter()
        .cloned()
        .collect();
    let texts: Vec<&str> = values
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    let policies = texts.iter().flat_map(|text| text.split(','));
    let mut shared_nonce: Option<Option<&str>> = None;
    let mut restricted = false;
    for policy in policies {
        if let Some((_, nonce)) = restriction(policy) {
            restricted = true;
            shared_nonce = match shared_nonce {
                None => Some(nonce),
                Some(known) if known == nonce => Some(known),
                Some(_) => Some(None),
            };
        }
    }
    if !restricted {
        return ScriptPermit::Inline;
    }
    if let Some(Some(nonce)) = shared_nonce {
        return ScriptPermit::Nonce(nonce.to_owned());
    }
    let hash = format!("'sha256-{}'", base64(&sha256(script.as_bytes())));
    headers.remove(header::CONTENT_SECURITY_POLICY);
    for text in &texts {
        let rewritten: Vec<String> = text
            .split(',')
            .map(|policy| match restriction(policy) {
                Some((end, _)) => {
                    let mut policy = policy.to_owned();
                    policy.insert_str(end, &format!(" {hash}"));
                    policy
                }
                None => policy.to_owned(),
            })
            .collect();
        if let Ok(value) = HeaderValue::from_str(&rewritten.join(",")) {
            headers.append(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    // Values that were not text pass as they were.
    for value in values.iter().filter(|value| value.to_str().is_err()) {
        headers.append(header::CONTENT_SECURITY_POLICY, value.clone());
    }
    ScriptPermit::HashAdded
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).into()
}

/// Standard base64 with padding, as CSP hash sources are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &byte)| n | u32::from(byte) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The page pass for this response, when the policy turns gating or Consent Mode on and
/// the response is an HTML page the layer can rewrite: the gate, with the headers made
/// true for the page it will produce (see [`fix_gated_headers`]).
///
/// `document` says whether the request loads a whole document (see [`loads_document`]):
/// only those get the Consent Mode default; fragments are gated all the same.
pub(crate) fn page_gate(
    config: &crate::config::Config,
    granted: CategorySet,
    document: bool,
    page: Option<http::uri::PathAndQuery>,
    parts: &mut http::response::Parts,
) -> Option<crate::html::Gate> {
    let settings = config.policy.page_settings();
    if settings.gating.is_none() && settings.consent_mode.is_none() {
        return None;
    }
    if !crate::injection::is_rewritable(parts) {
        crate::wiring::warn_if_encoded(config, &parts.headers);
        return None;
    }
    let head_insert = settings
        .consent_mode
        .as_ref()
        .filter(|_| document)
        .map(|mode| consent_mode_element(&mode.state(granted), &mut parts.headers));
    let insert_len = head_insert.as_ref().map_or(0, String::len);
    let gate = crate::html::Gate::new(
        config.policy.clone(),
        granted,
        settings.gating.as_ref(),
        config.placeholder.clone(),
        head_insert.map(bytes::Bytes::from),
        page,
    );
    fix_gated_headers(&mut parts.headers, insert_len, gate.may_grow());
    Some(gate)
}

/// Whether a request loads a whole document, which gets the Consent Mode default: not an
/// htmx partial (`HX-Request` without `HX-Boosted`), and a `Sec-Fetch-Dest` of
/// `document`, `iframe`, `frame`, `embed` or `object` when it is sent (a `fetch` of a
/// fragment sends `empty`).
pub(crate) fn loads_document(headers: &HeaderMap) -> bool {
    !crate::injection::is_htmx_partial(headers)
        && headers.get("sec-fetch-dest").is_none_or(|destination| {
            matches!(
                destination.as_bytes(),
                b"document" | b"iframe" | b"frame" | b"embed" | b"object"
            )
        })
}

/// Whether gating or Consent Mode rewrites the policy's pages, for every visitor: a
/// navigation then loses its conditional headers (see the service), or a 304 could keep
/// a copy rewritten for another choice.
pub(crate) fn rewrites_pages(policy: &Policy) -> bool {
    let settings = policy.page_settings();
    settings.gating.is_some() || settings.consent_mode.is_some()
}

/// The headers of a page the pass rewrites: `Content-Length` grown by the head insert
/// (or removed when placeholders may add bytes), no validators (`ETag`, weak or strong,
/// `Last-Modified`: a 304 would bring back a page rewritten for another choice), no
/// ranges or digests, `Cache-Control: private` and `Vary: Cookie`.
fn fix_gated_headers(headers: &mut HeaderMap, insert_len: usize, may_grow: bool) {
    // Validators go with the length fix; the page is this visitor's whoever asks.
    crate::injection::fix_headers(headers, insert_len);
    crate::injection::keep_out_of_shared_caches(headers);
    if may_grow {
        headers.remove(header::CONTENT_LENGTH);
    }
}

/// The policy-level settings of the page pass, checked at build.
#[derive(Clone, Debug, Default)]
pub(crate) struct PageSettings {
    pub(crate) gating: Option<Gating>,
    pub(crate) consent_mode: Option<ResolvedConsentMode>,
}

impl Policy {
    /// The Consent Mode state for a visitor who granted these category ids (and
    /// `necessary`); `None` when Consent Mode is off. For tests and templates that know
    /// ids rather than a request's [`Consent`](crate::Consent).
    pub fn consent_mode_state_for(&self, granted: &[&str]) -> Option<ConsentModeState> {
        let set = granted
            .iter()
            .filter_map(|id| self.category_index(id.as_bytes()))
            .fold(CategorySet::NECESSARY_ONLY, CategorySet::with);
        Some(self.page_settings().consent_mode.as_ref()?.state(set))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), output);
        }
        // The CSP spec's example: sha256 of `alert('Hello, world.');`.
        assert_eq!(
            base64(&sha256(b"alert('Hello, world.');")),
            "qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="
        );
    }

    fn csp(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(value),
            );
        }
        headers
    }

    fn after(headers: &HeaderMap) -> Vec<&str> {
        headers
            .get_all(header::CONTENT_SECURITY_POLICY)
            .iter()
            .map(|value| value.to_str().unwrap())
            .collect()
    }

    #[test]
    fn the_script_is_permitted_as_each_policy_allows() {
        let hash = format!("'sha256-{}'", base64(&sha256(b"x()")));
        let mut none = HeaderMap::new();
        assert_eq!(permit_inline_script(&mut none, "x()"), ScriptPermit::Inline);
        assert!(none.is_empty());

        let mut unsafe_inline = csp(&["script-src 'self' 'unsafe-inline'"]);
        assert_eq!(
            permit_inline_script(&mut unsafe_inline, "x()"),
            ScriptPermit::Inline
        );
        assert_eq!(after(&unsafe_inline), ["script-src 'self' 'unsafe-inline'"]);

        let mut styles_only = csp(&["style-src 'self'"]);
        assert_eq!(
            permit_inline_script(&mut styles_only, "x()"),
            ScriptPermit::Inline
        );

        let mut nonce = csp(&["default-src 'self'; script-src 'nonce-r4nd0m' 'strict-dynamic'"]);
        assert_eq!(
            permit_inline_script(&mut nonce, "x()"),
            ScriptPermit::Nonce("r4nd0m".to_owned())
        );
        assert_eq!(
            after(&nonce),
            ["default-src 'self'; script-src 'nonce-r4nd0m' 'strict-dynamic'"]
        );

        let mut hashes = csp(&["script-src 'sha256-abc=' 'unsafe-inline'; img-src *"]);
        assert_eq!(
            permit_inline_script(&mut hashes, "x()"),
            ScriptPermit::HashAdded
        );
        assert_eq!(
            after(&hashes),
            [format!(
                "script-src 'sha256-abc=' 'unsafe-inline' {hash}; img-src *"
            )]
        );

        let mut default_only = csp(&["default-src 'self'"]);
        assert_eq!(
            permit_inline_script(&mut default_only, "x()"),
            ScriptPermit::HashAdded
        );
        assert_eq!(after(&default_only), [format!("default-src 'self' {hash}")]);

        // The element directive is the one browsers read for a <script>.
        let mut elem = csp(&["script-src 'self'; script-src-elem 'self'"]);
        permit_inline_script(&mut elem, "x()");
        assert_eq!(
            after(&elem),
            [format!("script-src 'self'; script-src-elem 'self' {hash}")]
        );

        // Two policies with different nonces: no nonce serves both, the hash goes in each.
        let mut two = csp(&[
            "script-src 'nonce-a'",
            "script-src 'nonce-b', style-src 'self'",
        ]);
        assert_eq!(
            permit_inline_script(&mut two, "x()"),
            ScriptPermit::HashAdded
        );
        assert_eq!(
            after(&two),
            [
                format!("script-src 'nonce-a' {hash}"),
                format!("script-src 'nonce-b' {hash}, style-src 'self'"),
            ]
        );
    }
}
