//! Who may read the operator's pages under `{endpoint}/admin` (the consent figures and
//! data-subject requests): a check of the request that the operator writes (their own
//! session, a header their proxy sets), or a bearer token compared in constant time,
//! also accepted as a cookie that the token's login form sets.

use std::fmt;
use std::sync::Arc;

use hmac::{Hmac, Mac};
use http::header;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::cookie_header::cookie_pairs;

/// The operator's check of a request.
type Check = Arc<dyn Fn(&http::request::Parts) -> bool + Send + Sync>;

/// The admin cookie's name: the layer's own cookie, which it never filters or deletes
/// (it is not in any policy's declaration, and only the endpoint sets it).
pub(crate) const ADMIN_COOKIE: &str = "tcc_admin";

/// How long the admin cookie lasts, in seconds (8 hours: a working day).
pub(crate) const ADMIN_COOKIE_MAX_AGE: u64 = 8 * 3600;

/// Who may read `{endpoint}/admin` and `{endpoint}/admin/subject`, set with
/// [`ConsentLayer::admin_access`](crate::ConsentLayer::admin_access). Without it those
/// paths are not the layer's: requests for them reach the application, which answers
/// them as any path it does not know (404). A request the access refuses goes the same
/// way, so nobody can tell the pages exist.
///
/// ```
/// use tower_cookie_consent::AdminAccess;
///
/// // A token from the environment: `Authorization: Bearer <token>`, or the cookie
/// // that the login form at `{endpoint}/admin/login` sets.
/// let access = AdminAccess::bearer_token("a long random secret, 32 bytes or more");
///
/// // The site's own check (a header its authenticating proxy sets, say).
/// let access = AdminAccess::when(|request| {
///     request.headers.get("x-auth-role").is_some_and(|role| role == "consent-admin")
/// });
/// ```
#[derive(Clone)]
pub struct AdminAccess {
    check: Option<Check>,
    token: Option<Token>,
}

/// A bearer token, kept as what is compared: its SHA-256, and the admin cookie's value
/// (an HMAC of a fixed text under the token, so the cookie never holds the token).
#[derive(Clone)]
struct Token {
    digest: [u8; 32],
    cookie: [u8; 32],
}

impl AdminAccess {
    /// Access for requests that `check` accepts (it sees the request's head: method,
    /// URI, headers, extensions).
    pub fn when(check: impl Fn(&http::request::Parts) -> bool + Send + Sync + 'static) -> Self {
        Self {
            check: Some(Arc::new(check)),
            token: None,
        }
    }

    /// Access with `token`: sent as `Authorization: Bearer <token>`, or typed into the
    /// login form at `{endpoint}/admin/login`, which sets the `tcc_admin` cookie
    /// (`HttpOnly`, `SameSite=Strict`, for `{endpoint}/admin` only, 8 hours). Both are
    /// compared in constant time. An empty token gives access to nobody (and says so in
    /// a `tracing` warning).
    pub fn bearer_token(token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        if token.is_empty() {
            tracing::warn!("the admin token is empty: nobody has access to the admin pages");
            return Self {
                check: None,
                token: None,
            };
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(token.as_bytes())
            .expect("HMAC takes a key of any length");
        mac.update(b"tower-cookie-consent admin cookie 1");
        Self {
            check: None,
            token: Some(Token {
                digest: Sha256::digest(token.as_bytes()).into(),
                cookie: mac.finalize().into_bytes().into(),
            }),
        }
    }

    /// Whether `request` may read the admin pages.
    pub(crate) fn allows(&self, request: &http::request::Parts) -> bool {
        if self.check.as_ref().is_some_and(|check| check(request)) {
            return true;
        }
        let Some(token) = &self.token else {
            return false;
        };
        let bearer = request
            .headers
            .get_all(header::AUTHORIZATION)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|value| value.split_once(' '))
            // The scheme's name is case-insensitive (RFC 9110, section 11.1).
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
            .any(|(_, presented)| token.matches(presented.trim_start_matches(' ')));
        bearer || self.cookie_in(request)
    }

    /// Whether `request` carries the admin cookie of this token.
    fn cookie_in(&self, request: &http::request::Parts) -> bool {
        let Some(token) = &self.token else {
            return false;
        };
        request
            .headers
            .get_all(header::COOKIE)
            .iter()
            .flat_map(|value| cookie_pairs(value.as_bytes()))
            .filter(|pair| pair.name == ADMIN_COOKIE.as_bytes())
            .filter_map(|pair| crate::consent::lowercase_hex::<32>(pair.value))
            .any(|value| bool::from(value.ct_eq(&token.cookie)))
    }

    /// Whether a token was set (the login form exists only then).
    pub(crate) fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// Whether `presented` is the token.
    pub(crate) fn token_matches(&self, presented: &str) -> bool {
        self.token
            .as_ref()
            .is_some_and(|token| token.matches(presented))
    }

    /// The admin cookie's value (hex), when a token was set.
    pub(crate) fn cookie_value(&self) -> Option<String> {
        self.token.as_ref().map(|token| hex::encode(token.cookie))
    }
}

impl Token {
    fn matches(&self, presented: &str) -> bool {
        // Digests of equal length, compared in constant time: neither the token's
        // length nor its bytes show in the time an answer takes.
        let presented: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        bool::from(presented.ct_eq(&self.digest))
    }
}

impl fmt::Debug for AdminAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the token, nor what is derived from it.
        f.debug_struct("AdminAccess")
            .field("check", &self.check.as_ref().map(|_| "Fn(&Parts) -> bool"))
            .field("token", &self.token.as_ref().map(|_| "<hidden>"))
            .finish()
    }
}
