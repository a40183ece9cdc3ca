//! Cookie consent as a property of the HTTP layer.
//!
//! Add one [`ConsentLayer`] to an axum or hyper service and declare the site's cookie
//! categories and cookies in a [`Policy`]. From then on the layer:
//!
//! - reads the visitor's recorded choice from the consent cookie and hands handlers a
//!   [`Consent`] (in the request extensions, or as an axum extractor);
//! - hides the cookies the visitor refused from the `Cookie` header the application sees;
//! - drops the `Set-Cookie` headers of categories the visitor has not accepted, on every
//!   response, and deletes refused cookies the browser still holds;
//! - injects a consent banner into HTML pages while the visitor has not chosen: a plain
//!   form, no JavaScript, styled under any Content-Security-Policy (see [`Banner`]);
//! - answers its endpoint (`/consent` by default), where the choice is recorded, changed
//!   or withdrawn by the banner's form or by `fetch`, and where `GET` shows the
//!   preferences page.
//!
//! Before the visitor chooses, only strictly necessary cookies get through. With
//! [`PolicyBuilder::signing_keys`] the consent cookie carries an HMAC, so that a recorded
//! choice cannot be forged. With [`ConsentLayer::record_receipts`] every choice also leaves
//! a durable receipt in a store the operator keeps (see [`receipts`]).
//!
//! # Example
//!
//! ```
//! use axum::{Router, response::AppendHeaders, routing::get};
//! use http::{Request, StatusCode, header};
//! use tower::ServiceExt;
//! use tower_cookie_consent::{Category, ConsentLayer, CookieRule, Policy};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let policy = Policy::builder()
//!     .category(Category::performance())
//!     .cookie(CookieRule::new("session", "necessary").duration("1 hour"))
//!     .cookie(CookieRule::new("_ga", "performance").duration("2 years").provider("Google"))
//!     .build()?;
//!
//! let app = Router::new()
//!     .route(
//!         "/",
//!         get(|| async {
//!             (
//!                 AppendHeaders([
//!                     (header::SET_COOKIE, "session=abc"),
//!                     (header::SET_COOKIE, "_ga=GA1.1.1"),
//!                 ]),
//!                 "hello",
//!             )
//!         }),
//!     )
//!     .layer(ConsentLayer::new(policy));
//!
//! // A first visit: the analytics cookie is not set.
//! let response = app
//!     .clone()
//!     .oneshot(Request::get("/").body(axum::body::Body::empty())?)
//!     .await?;
//! let cookies: Vec<_> = response.headers().get_all(header::SET_COOKIE).iter().collect();
//! assert_eq!(cookies, ["session=abc"]);
//!
//! // The visitor accepts everything: the endpoint records it and sends them back.
//! let response = app
//!     .oneshot(
//!         Request::post("/consent")
//!             .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
//!             .body(axum::body::Body::from("action=accept_all&return_to=/"))?,
//!     )
//!     .await?;
//! assert_eq!(response.status(), StatusCode::SEE_OTHER);
//! assert_eq!(response.headers()[header::LOCATION], "/");
//! # Ok(())
//! # }
//! ```
//!
//! # Where each setting lives
//!
//! One rule decides: **what the site declares and what its visitors are shown** is the
//! [`Policy`]'s: plain data, the same in code and in a policy file, the same on every
//! server of the site. **How this deployment runs** is the [`ConsentLayer`]'s: what it
//! trusts, how it reads a request, how long it waits, where receipts go. A setting that
//! is a function of the request (the language from a path, a path without the banner)
//! is the layer's, since it describes the deployment's URLs, not the declaration. Each
//! setting has exactly one place:
//!
//! | setting | where |
//! |---|---|
//! | categories, cookies, undeclared cookies, revision, consent lifetime | [`PolicyBuilder`] |
//! | the consent cookie (name, `Secure`, `Domain`), signing keys, the endpoint's path | [`PolicyBuilder`] |
//! | the banner: texts per language, policy link, position, colours, shown or not, the settings link, a custom renderer | [`Banner`], given to [`PolicyBuilder::banner`] |
//! | the policy's language and the languages offered | [`PolicyBuilder::language`], [`PolicyBuilder::languages`] |
//! | gating, Consent Mode, the GPC date | [`PolicyBuilder::gating`], [`PolicyBuilder::consent_mode`], [`PolicyBuilder::gpc_last_update`] |
//! | regimes by region; the site's controller; what a withdrawal also removes | [`PolicyBuilder::regime`], [`PolicyBuilder::other_regions`], [`PolicyBuilder::suggested_regimes`]; [`PolicyBuilder::controller`]; [`PolicyBuilder::delete_undeclared_on_withdrawal`], [`PolicyBuilder::clear_storage_on_withdrawal`] |
//! | the CDN header (or function) a request's region is read from | [`ConsentLayer::region_from`] with a [`RegionSource`] |
//! | a request's language before `Accept-Language`; paths that never get the banner | [`ConsentLayer::language_from`], [`ConsentLayer::skip_banner_when`] |
//! | origins and proxies trusted for posts; the endpoint's body timeout | [`ConsentLayer::trusted_origins`], [`ConsentLayer::trust_same_site_posts`], [`ConsentLayer::trust_forwarded_host`], [`ConsentLayer::endpoint_body_timeout`] |
//! | receipts: the store, its options, the per-client limit | [`ConsentLayer::record_receipts`] with [`receipts::Receipts`], [`ConsentLayer::receipt_limit`] |
//! | cookie discovery from traffic | [`ConsentLayer::discover_cookies`] with [`CookieDiscovery`] |
//!
//! Builder methods carry no `with_` prefix (as in tower-http); texts a renderer reads back
//! are fields ([`CookieRule::purpose`]). A text that says what a category or a cookie is
//! for is its `purpose`, in the API, in policy files and in `cookies.json` alike.
//!
//! # Wiring
//!
//! The layer must see the uncompressed response, every `Set-Cookie` of the site, and
//! requests to its own endpoint (`/consent` by default). So it goes inside compression,
//! outside everything that sets or reads cookies (session layers included), and on the
//! outermost router:
//!
//! ```
//! # use axum::{Router, routing::get};
//! # use tower_cookie_consent::{ConsentLayer, Policy};
//! # let policy = Policy::builder().build().unwrap();
//! # let shop = Router::new().route("/cart", get(|| async { "cart" }));
//! let app: Router = Router::new()
//!     .route("/", get(|| async { "home" }))
//!     .nest("/shop", shop)                  // nested routers inside...
//!     .layer(ConsentLayer::new(policy));    // ...the layer on the outer one
//!     // .layer(CompressionLayer::new())    // compression, if any, outside it
//! ```
//!
//! What goes wrong otherwise, and what the layer says about it (one `tracing` warning
//! per cause, not per request):
//!
//! | wiring | what happens | warned |
//! |---|---|---|
//! | compression inside the layer, or `ServeDir::precompressed_gzip` HTML | browsers get no banner (curl, which does not ask for gzip, does) | yes |
//! | the layer on a nested router (`Router::nest`) | the banner posts to `/consent` outside the nest: 404 | yes |
//! | `route_layer` instead of `layer` | the endpoint's path never reaches the layer: 404/405 | cannot be seen from inside |
//! | a session layer outside this one | its cookie escapes filtering | cannot be seen |
//!
//! With `tower::ServiceBuilder` around a whole `Router`, the router's body type must be
//! restored for axum:
//!
//! ```
//! # use axum::{Router, body::Body, routing::get};
//! # use tower::ServiceBuilder;
//! # use tower_cookie_consent::{ConsentBody, ConsentLayer, Policy};
//! # let policy = Policy::builder().build().unwrap();
//! let router: Router = Router::new().route("/", get(|| async { "home" }));
//! let service = ServiceBuilder::new()
//!     .map_response(|response: http::Response<ConsentBody<Body>>| response.map(Body::new))
//!     .layer(ConsentLayer::new(policy))
//!     .service(router);
//! ```
//!
//! For development over plain `http://`, turn the consent cookie's `Secure` off
//! ([`PolicyBuilder::consent_cookie_secure`]); browsers drop a `Secure` cookie set over
//! http, and no choice would be remembered.
//!
//! # The endpoint
//!
//! | request | answer |
//! |---|---|
//! | `POST {endpoint}` | records a choice (below) |
//! | `GET`/`HEAD {endpoint}` | the preferences page, the visitor's choice ticked |
//! | `GET`/`HEAD {endpoint}/banner.css` | the banner's stylesheet |
//! | `GET`/`HEAD {endpoint}/receipt` | the visitor's receipt as JSON, when receipts are recorded (see [`receipts`]) |
//! | `GET`/`HEAD {endpoint}/cookies.json` | the cookie declaration in the visitor's language (below) |
//! | `GET`/`HEAD /.well-known/gpc.json` | `{"gpc":true,"lastUpdate":"YYYY-MM-DD"}`, when a category [sells or shares](Category::sells_or_shares) data |
//! | any other method | 405 with `Allow` |
//!
//! Every endpoint URL takes an optional `?lang=` (an offered language): the banner's
//! form and links carry the page's language in it, so that the endpoint answers (and
//! receipts record) the language the visitor read, even when a path prefix chose it.
//! Answers with words carry `Content-Language`.
//!
//! `cookies.json` lists every category (`id`, `label`, `purpose`, `required`,
//! `sells_or_shares`, `allowed_until_objected`, `third_parties`: its cookies'
//! providers) with its cookies (`name`, `prefix`: the name is a prefix, `provider`,
//! `duration`, `purpose`, `locations`: `{domain, path}`, host-only at `/` first), the
//! consent cookie first among the necessary ones, in the visitor's language. It is the
//! same for every visitor of a language: `Cache-Control: public, max-age=3600`, `Vary:
//! Accept-Language`.
//!
//! The preferences page takes an optional `?return_to=` (a same-site path, else `/`) for
//! its form and its "back" link. It is served under its own strict
//! `Content-Security-Policy` (no script, styles from this origin, forms to this origin).
//! The stylesheet is `Cache-Control: public, max-age=31536000, immutable` when asked for
//! under its current version (`?v=` as the banner links it), `no-cache` otherwise.
//!
//! `POST {endpoint}` takes a form (`application/x-www-form-urlencoded`, what the banner's
//! `<form>` sends without JavaScript) or JSON (what `fetch` sends):
//!
//! | field | form | JSON |
//! |---|---|---|
//! | `action` | `accept_all`, `reject_all`, `save`, `opt_out` (the opt-out notice's "Do not sell or share my personal information": every category but those that [sell or share](Category::sells_or_shares)), or `placeholder` (a click-to-load placeholder's button, [`Gating::click_to_load`]: its one `category` added to the visitor's choice) | the same, as a string |
//! | `category` | repeated, one per granted category | `categories`: an array |
//! | `return_to` | a same-site path to go back to | the same |
//! | `object` | UK mode's "Object" button: a category id, refused (instead of an `action`) | the same |
//!
//! `accept_all`, `reject_all` and `opt_out` ignore the listed categories (the banner's form carries
//! its checkboxes whichever button is pressed); `save`, or no action, grants exactly the
//! listed ones. `placeholder` takes exactly one optional category and adds it to what
//! the visitor allows now: their choice, or for a visitor who has not chosen the
//! regime's default (so under `consent` that category granted and every other refused:
//! they have chosen, and the banner is gone). Listing `necessary` changes nothing. Other form fields are ignored
//! (submit buttons may add their own); JSON is strict and rejects unknown fields, since a
//! typo there would otherwise silently refuse.
//!
//! | answer | when |
//! |---|---|
//! | `303 See Other` to `return_to` | a form post; `/` when `return_to` is missing or not a safe same-site path |
//! | `204 No Content` | a JSON client (`Content-Type` or `Accept` names `application/json`) |
//! | `400 Bad Request` | an unknown category or action, a repeated field, bad JSON: the visitor's message, then the detail in brackets |
//! | `403 Forbidden` | a post from another site (below) |
//! | `408 Request Timeout` | the body took longer than [`ConsentLayer::endpoint_body_timeout`] (5 s by default) |
//! | `413 Payload Too Large` | a body over 8 KiB |
//! | `415 Unsupported Media Type` | another content type |
//! | `429 Too Many Requests` | with receipts on: a grant past the client's limit on receipts ([`ConsentLayer::receipt_limit`]; 20 per consent id a minute by default), with `Retry-After` (plain text, or JSON `{"error":"too_many_choices"}`); nothing is granted, no cookie is set. A refusal past the limit still takes effect (its receipt is coalesced) |
//! | `503 Service Unavailable` | with receipts on: a grant whose receipt could not be committed in time (an HTML page offering "Try again", which posts the same fields, and "Reject all", or JSON `{"error":"choice_not_saved"}`); nothing is granted, and no receipt of it is kept |
//!
//! A 303 or 204 sets the consent cookie and deletes the refused cookies the browser
//! sent (see "Deletions and caching"). A 303 also sets `{consent cookie}_saved=1`
//! (one minute, host-only, `HttpOnly`): the next page the visitor gets starts with a
//! `role="status"` message that the choice was saved, and that page deletes it. Every
//! answer carries `Cache-Control: no-store`.
//!
//! Posts from other sites are refused by the Fetch Metadata rule: `Sec-Fetch-Site:
//! same-origin` or `none` passes, `cross-site` is refused, `same-site` is refused unless
//! [`ConsentLayer::trust_same_site_posts`] is on. Only when a browser sends no
//! `Sec-Fetch-Site` is `Origin` compared with `Host` (host and port), and with
//! `X-Forwarded-Host`/`Forwarded: host=` when [`ConsentLayer::trust_forwarded_host`] is
//! on; `Origin: null` is refused. An origin listed in [`ConsentLayer::trusted_origins`]
//! always passes. So a reverse proxy that rewrites `Host` does not break the endpoint.
//!
//! # Deletions and caching
//!
//! For each refused cookie a request carries, the response deletes it (`Max-Age=0` and
//! an epoch `Expires`) at every place a copy sent on that request can live: host-only
//! and at each parent domain of the request's host up to and including the registrable
//! domain (by the public suffix list), at every path that path-matches the request's
//! path, and at the locations the policy declares. The deletions of one response fit in
//! a 4,096-byte head together with the response's own headers and 512 bytes kept for
//! what comes after (a stock nginx answers 502 to a bigger upstream head); each cookie
//! goes whole or waits, declared cookies first, and what waits is deleted on the next
//! requests, since the browser still sends it.
//!
//! Every HTML response that could carry the banner (the banner on and not skipped for
//! the request, a page it could go into) is one visitor's page, whoever asked: it gets
//! `Vary: Cookie` and `Vary: HX-Request` and `Cache-Control: private` (`public` and
//! `s-maxage` removed), and loses `CDN-Cache-Control` and `Surrogate-Control`. A page
//! the layer rewrites (banner, status message, gating) loses `ETag` and `Last-Modified`.
//! An undecided visitor's navigation (GET or HEAD, `Sec-Fetch-Dest: document` or
//! `iframe`, or without Fetch Metadata an `Accept` admitting `text/html`) loses
//! `If-None-Match`, `If-Modified-Since`, `Range` and `If-Range`; other requests keep
//! them, so assets revalidate with 304 for every visitor.
//!
//! # The consent cookie
//!
//! Its value is compact, printable and versioned:
//!
//! ```text
//! 1.{revision}.{decided_at}.{granted}.{consent_id}
//! 1.3.1764441482.functionality+performance.9f86d081884c7d659a2feaa0c55ad015
//! ```
//!
//! `1` is the format version; `revision` the policy revision the choice was made under;
//! `decided_at` seconds since the Unix epoch; `granted` the optional category ids joined by
//! `+` (empty when everything optional was refused; `necessary` is implied, never written);
//! `consent_id` 128 random bits in lowercase hex, so that a choice can be referred to later.
//!
//! A category ticked one by one while the browser sent Global Privacy Control is written
//! with a `!` after its id (`performance+advertising!`): the signal does not refuse it.
//! Only a category that [sells or shares](Category::sells_or_shares) data may carry the
//! mark. (The format version stays `1`: older values read the same; a build from before
//! the mark reads a marked value as undecided and asks again.)
//!
//! Parsing is strict. Anything but exactly this shape is "undecided", and so is a value
//! over 1,024 bytes, one that names an unknown or repeated category, comes from an older
//! or newer policy revision, is older than the consent lifetime, or is dated more than
//! five minutes in the future. Two consent cookies in one request (a sibling subdomain
//! may have tossed one in) also mean "undecided".
//!
//! With signing keys ([`PolicyBuilder::signing_keys`]) a sixth field follows: the
//! HMAC-SHA256, in lowercase hex, of the cookie's name, `=` and the five fields. It is
//! checked (in constant time) before anything else is read; a missing, truncated or
//! wrong signature means "undecided".
//!
//! The cookie is `Path=/; HttpOnly; SameSite=Lax; Secure` (unless turned off for
//! development) with a `Max-Age` of the consent lifetime (180 days by default, at most
//! 400). Its name is `__Host-cookie_consent` by default whenever it is `Secure` and
//! host-only, so that no sibling subdomain can toss one in; `cookie_consent` where it
//! cannot be prefixed (see [`PolicyBuilder::consent_cookie_name`]). A signed choice
//! found under the old name `cookie_consent` is read once and moved to the new one.
//!
//! # Languages
//!
//! The banner, the preferences page, the "saved" message, the settings link, the
//! endpoint's messages and `cookies.json` speak the visitor's language. The layer bundles
//! texts in the 24 official languages of the European Union, written for this banner
//! ([`BannerTexts::bundled`]); [`Banner::texts`] adds or replaces one (start from the
//! bundled texts to change a few words), and [`PolicyBuilder::languages`] narrows the
//! offer. Category labels and purposes ([`Category::translation`]; the built-in
//! categories come translated) and cookie purposes ([`CookieRule::translation`]) are
//! translated in the policy; a language without a translation shows the policy's own text (the layer warns
//! at build, through `tracing`, naming the languages).
//!
//! Each request's language is, in order: the operator's function
//! ([`ConsentLayer::language_from`]: a path prefix, a subdomain, a language cookie), when
//! it names an offered language (`de-AT` finds `de`); else `Accept-Language` (RFC 9110
//! q-values, ties in written order, `*`, `q=0` refusals, region fallback by RFC 4647
//! lookup, malformed items skipped, at most 32 ranges read); else the policy's language
//! ([`PolicyBuilder::language`], `en` by default). Every language's banner is rendered
//! when the layer is built, so a request pays one lookup. A page whose words
//! `Accept-Language` chose (even by its absence) gets `Vary: Accept-Language`; a page
//! the function chose does not. Receipts record the language of the notice shown.
//!
//! # Global Privacy Control
//!
//! A request carries the signal when it has a `Sec-GPC` header whose value is exactly
//! `1` (any other value counts as absent; of several headers, one `1` suffices). With
//! it, the categories marked with [`Category::sells_or_shares`] are refused whatever the
//! consent cookie says (their `Set-Cookie` headers dropped, the copies the browser sent
//! deleted, their gated scripts inert, [`Consent::allows`] false), unless the visitor
//! ticked them one by one while sending the signal: that explicit opt-in is kept in the
//! cookie and wins. "Accept all" is not one: under the signal it grants every category
//! but those, and the consent cookie and the receipt say so (the banner says it next to
//! the buttons). The banner and the preferences page mark those categories "Opt-out
//! preference signal honoured", unticked; the preferences page lists them as refused
//! with that reason, and the "Cookie settings" link
//! ([`Banner::settings_link`]) says the signal is honoured on every page of a browser
//! sending it. [`Consent::gpc`] exposes the signal. Responses that depended on it (a
//! banner, the settings link, or a choice the signal would change) get `Vary: Sec-GPC`.
//! `/.well-known/gpc.json` is served with [`PolicyBuilder::gpc_last_update`] as
//! `lastUpdate`.
//!
//! What the signal refused stays refused once it stops: a later request without it is
//! no opt-in (CCPA regulations, 11 CCR § 7025). So the first page request whose signal
//! refuses categories a visitor's choice granted gets the consent cookie written again
//! without them (same consent id, dated then), once; with receipts on, a `gpc_applied`
//! receipt records it, once per choice: its id is derived from the consent id and the
//! earlier choice's time, so repeats (other requests, other servers) are the same
//! receipt. Ticking them again, without the signal or one by one with it, grants them.
//!
//! # UK mode
//!
//! PECR Schedule A1 (in force since 5 February 2026) lets UK sites set cookies used only
//! for statistics or for the site's appearance without consent, as long as visitors can
//! object. Mark such a category with [`Category::allowed_until_objected`]: before any
//! choice it is allowed (for visitors under [`Regime::ConsentUk`]: with regimes by
//! region, only there), ticked in the banner's choices, and the banner's first layer
//! says so in one line with an "Object" button.
//!
//! The exception covers the site's own statistics only, so the builder refuses
//! ([`PolicyError::UkExceptionRefused`]) a marked category that sells or shares data,
//! the `advertising` category, and one with a cookie whose provider is neither the
//! site's [controller](PolicyBuilder::controller) nor declared as processing on the
//! site's behalf only ([`CookieRule::processor_only`]). Objecting records a choice that refuses
//! it, exactly like a refusal (consent cookie, deletions, a receipt with method
//! `object`); the banner's form sends its ticked boxes with the button, so the other
//! categories keep what they show (a JSON `object` grants what its `categories` list).
//! "Reject all" refuses it too. A category that also sells or shares data is off, and
//! unticked, while the browser sends Global Privacy Control. Off by default: in the EU such cookies need
//! consent like any other, so mark categories only for a UK audience.
//!
//! # Regions
//!
//! One site serves visitors under different laws. With [`ConsentLayer::region_from`]
//! the layer reads each request's region (an ISO 3166-1 country and, where the CDN
//! gives it, the first-level ISO 3166-2 subdivision) from the CDN the operator says
//! every request comes through, and the policy's [`PolicyBuilder::regime`] gives the
//! region a [`Regime`]:
//!
//! | regime | before a choice | shown |
//! |---|---|---|
//! | `consent` | necessary cookies only | the banner |
//! | `consent_uk` | necessary, and the categories allowed until objected | the banner, with "Object" |
//! | `opt_out` | everything but what Global Privacy Control refuses | a notice: "Do not sell or share my personal information" (action `opt_out`) and "Continue" |
//! | `none` | everything but what Global Privacy Control refuses | nothing |
//!
//! A subdivision's rule (`US-CA`) comes before its country's (`US`), then the regime
//! of [`PolicyBuilder::other_regions`]. A region that is unknown gets the strictest
//! regime the policy declares (`consent` before `consent_uk` before `opt_out` before
//! `none`): no source, a header absent, sent twice, longer than a CDN writes, or not
//! a two-letter country (`XX` and `T1` of Cloudflare, continent codes). A visitor's
//! recorded choice applies wherever it is read. Every receipt records the region and
//! the regime ([`receipts`]); an undecided visitor's responses that depend on the
//! regime vary on the source's headers; the Consent Mode default is the visitor's
//! state under the regime.
//!
//! | source | headers read |
//! |---|---|
//! | [`RegionSource::cloudflare`] | `CF-IPCountry`, `cf-region-code` |
//! | [`RegionSource::cloudfront`] | `CloudFront-Viewer-Country`, `CloudFront-Viewer-Country-Region` |
//! | [`RegionSource::vercel`] | `x-vercel-ip-country`, `x-vercel-ip-country-region` |
//! | [`RegionSource::akamai`] | `X-Akamai-Edgescape` (`country_code`, `region_code`) |
//! | [`RegionSource::headers`] | the two headers named (a Fastly VCL, an nginx `geoip2` block) |
//! | [`RegionSource::function`] | the headers the operator names |
//!
//! Any client can send these headers: give a source only when the CDN overwrites them
//! on every request, and the origin cannot be reached around it. Groups: `EEA`, `EU`
//! and `US_OPT_OUT` ([`EEA`], [`EU`], [`US_OPT_OUT_STATES`]).
//! [`PolicyBuilder::suggested_regimes`] adds the README's table, with its sources: a
//! starting point, not legal advice.
//!
//! # Withdrawal
//!
//! A choice posted to the endpoint that refuses what was allowed before it (by the last
//! choice, or by the regime before any) deletes, besides the copies the post carried,
//! every cookie the policy declares by exact name in those categories, host-only at
//! `/` and at every location its rule declares, whether or not the post carried it (a
//! copy at `/ads` is not sent to `/consent`). With [`ConsentLayer::discover_cookies`]
//! on, it also deletes them at every `Domain` and `Path` the application was seen
//! setting a cookie of those categories at, names of prefix rules (`_hjSession_1`)
//! included; without it a prefix rule names no cookie until a request carries one. Two
//! opt-ins of the policy reach further:
//! [`PolicyBuilder::delete_undeclared_on_withdrawal`] deletes the undeclared cookies the
//! post carries (`_fbp`, set by a script), off by default since an undeclared session
//! cookie would log visitors out; [`PolicyBuilder::clear_storage_on_withdrawal`] sends
//! `Clear-Site-Data: "storage"`, for sites whose own pages keep nothing in storage.
//!
//! # Gating scripts and embeds
//!
//! With [`Gating`] on (see [`PolicyBuilder::gating`]), the layer rewrites every HTML page
//! so that the elements operators write inert and mark with a category become active
//! only for visitors who granted it:
//!
//! - `<script type="text/plain" data-consent="performance" src="…">` (the real type, when
//!   not classic JavaScript, in `data-type`): `type` is blanked;
//! - `<iframe>`, `<img>` with `data-src` / `data-srcset`, `<link>` with `data-href`: the
//!   `data-` is blanked;
//! - `<noscript data-consent="…">`: `data-src=`, `data-srcset=`, `data-href=` inside;
//! - `data-category` is read where `data-consent` is missing.
//!
//! Blanking with spaces keeps every page's length, so `Content-Length` stays exact (but
//! with [`Gating::placeholder`], whose notes add bytes). For a category not granted the
//! element stays as written, or is blanked whole in strict mode. Gated pages get
//! `Vary: Cookie` and `Cache-Control: private` and lose `ETag` and `Last-Modified`.
//! [`ConsentMode`] adds Google Consent Mode v2's default, with the visitor's state, as
//! the first child of `<head>`, under the page's CSP (its script nonce, or the script's
//! hash added to a directive that restricts scripts without `'unsafe-inline'`). The
//! README has the full markup, mapping and CSP rules.
//!
//! [`Gating::automatic`] also gates known trackers the page leaves unmarked (from the
//! crate's table of tracker hosts and inline snippets, each with the category it
//! needs), and drops a `Link` response header's `preconnect`, `dns-prefetch`,
//! `preload`, `prefetch` or `modulepreload` link to a tracker's host, on every
//! response, for a visitor who has not granted its category.
//!
//! A site moving from another consent manager keeps its markup: [`Gating::cookieconsent`]
//! (`data-category`, ASCII case ignored, with `!category`), [`Gating::cookiebot`]
//! (`data-cookieconsent`, `data-cookieblock-src`), [`Gating::onetrust`]
//! (`optanon-category-C0002` classes) and [`Gating::klaro_service`] (`data-name`) each
//! turn one convention on, and [`Gating::category_alias`] names its categories in the
//! policy's (`statistics` stands for `performance` by default). None is on by default:
//! each makes the gate read more of what a page holds, and what visitors write in it.
//!
//! What the gate makes live is checked whatever the category: a URL it activates
//! (`data-src`, every URL of a `data-srcset`, `data-href`, and a granted script's `src`)
//! must be relative or `http:`/`https:` as the browser will read it (character
//! references decoded, tabs and newlines removed, leading controls and spaces trimmed,
//! the scheme's case ignored); [`Gating::allow_hosts`] narrows that to listed hosts.
//! Anything else leaves the element inert, with a warning once per page path. The
//! category `necessary` activates nothing: nothing needs gating for it, so markup that
//! claims it is a mistake or an attack (warned once).
//!
//! What it costs: a page with nothing to activate for the visitor (every optional
//! category refused, or a first visit) is read only up to the head insert and the
//! banner's place; the rest passes through as the application's own bytes. A visitor
//! who granted a category has every HTML page read whole by the one pass, as do all
//! visitors with the safety net ([`Gating::repair`]`(true)`: a marked element written
//! live by mistake is made inert for a visitor without its category), strict mode or a
//! placeholder, which act on elements not granted. Since milestone 3 the net is off by
//! default: it made every page of every visitor cost a whole read (about nine times what
//! serving a 270 KB page costs, README "Performance"), for a mistake that a test of the
//! page catches once. Consent Mode without gating reads a page only up to its head
//! insert.
//!
//! # Cookie discovery
//!
//! The layer sees every cookie a site uses: the names every visitor's browser sends back
//! (cookies set from JavaScript included, which only a crawler that runs every script
//! would see), and every `Set-Cookie` the application writes. With
//! [`ConsentLayer::discover_cookies`] it records them, in bounded memory, and
//! [`CookieDiscovery::snapshot`] lists each name with its counts, when it was first and
//! last seen, the forms it was set in (`Domain`, `Path`, lifetime, flags; never a
//! value), the declaration that covers it, or, for an undeclared name, a suggested
//! category, provider and lifetime from a snapshot of the Open Cookie Database's facts
//! (Apache-2.0, built into the crate; `data/open-cookie-database/` in the repository).
//! A server-set cookie that lives longer than its declared duration, or is set at a
//! `Domain` or `Path` its declaration does not list (where a withdrawal cannot reach
//! it), is warned about once. Off by default: recording a known name is a few atomic
//! additions per cookie and request, no lock and no allocation.
//!
//! The same snapshot lists, under `trackers` ([`TrackerSnapshot`]), the known trackers
//! the page pass finds left unmarked (a script, iframe, pixel, `noscript` pixel,
//! `<link rel=preconnect|dns-prefetch|preload|prefetch|modulepreload>` on a tracker's
//! host, or an inline snippet of one; from a table written for this crate of about 70
//! hosts and 45 snippet signatures, each with the purpose it needs consent for), and
//! other consent managers' markup the gate does not act on: one entry per (kind,
//! tracker or markup, page path), with a count, warned about once. Page paths are kept
//! without their query (it may hold a visitor's data), cut to 256 bytes, and with
//! anything but printable ASCII escaped.
//!
//! # User content and sanitizers
//!
//! The gate reads markup in the page, and a page that shows what visitors wrote (comments,
//! forum posts, profiles) carries their markup too. A sanitizer that keeps `data-*`
//! attributes (a common setting, for embeds) checks the scheme of `src` and `href` but
//! not of `data-src`: without the URL check above, `<iframe data-consent="…"
//! data-src="javascript:…">` would be made live. The URL check keeps script out, but a
//! visitor's markup could still ask to be activated for the visitors who granted its
//! category (an image on a tracker's host that the sanitizer's image proxy would have
//! caught, say). So strip from user content every attribute the layer reads:
//! [`CONSENT_MARKUP_ATTRIBUTES`] lists them (`data-consent`, `data-category`,
//! `data-src`, `data-srcset`, `data-href`, `data-type`, `data-poster`, `data-data`,
//! and for other consent managers' conventions `data-cookieconsent`,
//! `data-cookieblock-src`, `data-name`). OneTrust's convention ([`Gating::onetrust`])
//! reads a class name (`optanon-category-C0002`),
//! which no attribute list can strip: with it on, also drop from user content's
//! `class` every name starting with one of [`CONSENT_MARKUP_CLASS_PREFIXES`] (or keep
//! no classes). With `ammonia`:
//!
//! ```ignore
//! let mut sanitizer = ammonia::Builder::default();
//! sanitizer
//!     .add_generic_attribute_prefixes(["data-"])
//!     .attribute_filter(|_element, attribute, value| {
//!         (!tower_cookie_consent::CONSENT_MARKUP_ATTRIBUTES
//!             .iter()
//!             .any(|name| name.eq_ignore_ascii_case(attribute)))
//!         .then(|| value.into())
//!     });
//! let clean = sanitizer.clean(user_html).to_string();
//! ```
//!
//! (`conformance/tests/sanitizer.rs` builds this configuration and checks that nothing a
//! user writes through it is gated.)
//!
//! # The operator's pages
//!
//! With receipts recorded and [`ConsentLayer::admin_access`] set (off by default: an
//! [`AdminAccess`], the operator's check of the request or a bearer token compared in
//! constant time), the endpoint answers the operator too. A request the access refuses
//! passes to the application, as if these paths were not the layer's (so, usually, 404).
//!
//! - `GET {endpoint}/admin?from=YYYY-MM-DD&to=YYYY-MM-DD`: how visitors choose, by UTC
//!   day (the last 30 days by default; at most 366): acceptance and refusal per
//!   category (the choices that granted, refused it), per language of the notice and
//!   per method (`accept_all`, `reject_all`, `save`, `json`, `placeholder`, `opt_out`,
//!   `object`, `gpc`; for these
//!   two, accepted means every optional category granted, refused every one refused).
//!   One chart per series (plain SVG, `role="img"` with a title and a description),
//!   its numbers in a table beside it; no script, under a CSP of its own. `format=json`
//!   gives `{"categories":[…],"from":…,"languages":[…],"methods":[…],"to":…}`, each
//!   series `{"days":[{"accepted","choices","day","refused"}],"key","label"}`;
//!   `format=csv` the rows `dimension,key,day,choices,accepted,refused`. A receipt
//!   standing for several refusals (`coalesced`) counts as many. The stores count with
//!   one `GROUP BY` query ([`ReceiptStore::choice_counts`](receipts::ReceiptStore::choice_counts)).
//! - `GET {endpoint}/admin/subject?id=<consent id>` (or `cookie=<the consent cookie's
//!   value>`, as a visitor shows it): a data-subject request, every receipt of the
//!   consent id with the notices they name, as a printable page or `format=json`
//!   (`{"consent_id","receipts":[…],"notices":[{"notice_hash","policy_revision",
//!   "language","text"}]}`).
//! - `{endpoint}/admin/login` (with a token): a form that sets the `tcc_admin` cookie
//!   (`HttpOnly`, `SameSite=Strict`, `Path={endpoint}/admin`, 8 hours) holding an HMAC
//!   under the token, never the token. It is the layer's own cookie: not declared, it is
//!   never filtered or deleted.
//!
//! Parameters are read strictly even after the access check: an unknown or repeated
//! one, a malformed date or a longer period is a `400` saying which.
//!
//! # How the crate is built
//!
//! Modules import in one direction, each from its own floor or below
//! (`tests/layering.rs` fails on any other import, and on any circle):
//!
//! | floor | modules | what they are |
//! |---|---|---|
//! | 0 | `policy` (the declaration: categories, cookies, `policy::banner` and `policy::texts` for what visitors are shown, `policy::page` for gating and Consent Mode, `policy::region` for regimes by region), `consent`, `csp`, `languages`, `headers`, `host`, `cookie_header`, `escape`, `region` (a request's region, from the headers the operator trusts), `admin_access`, `trackers` (known tracker hosts and snippets, and the bounded log of where pages hold them), `link_header` (`Link` headers to trackers, gated) | the declaration, and readers of requests and headers that know nothing of the layer |
//! | 1 | `html`, `banner`, `receipts`, `set_cookie`, `injection`, `discovery` | what renders or acts on the declaration, each on its own |
//! | 2 | `config` | the layer's settings, resolved once |
//! | 3 | `gating`, `endpoint`, `gpc_applied`, `wiring`, `extract` | the page pass of a response, the endpoint's answers (one entry point, `endpoint::answer_if_ours`), the receipt a page request records when GPC overrides a choice |
//! | 4 | `layer`, `service`, `future` | Tower's types |
//!
//! One module owns each concern: `csp` reads every `Content-Security-Policy` (the
//! banner's styles, its form's `form-action`, the Consent Mode script's nonce or hash);
//! `html` holds the streaming tokenizers, `html::foreign` their foreign content and
//! `html::url` the rule for URLs the gate makes live.
//!
//! # Feature flags
//!
//! - `axum` (default): implements axum's `FromRequestParts` for [`Consent`], so that
//!   handlers can take it as an argument (and `Option<Consent>`); a missing layer is
//!   reported as "Is `ConsentLayer` enabled?". It also lets the layer warn when it was
//!   added to a nested router.
//! - `sqlite`: [`receipts::SqliteStore`], consent receipts in a SQLite file. Off by
//!   default: it builds sqlx and SQLite's C sources, about 90 more crates than the
//!   layer itself (158 crates with it, 69 without, by `cargo tree -e normal`), which a
//!   site recording receipts in PostgreSQL, in its own store or not at all would pay
//!   for nothing. Turn it on where receipts go to a file (the demo does).
//! - `postgres`: [`receipts::PostgresStore`], consent receipts in PostgreSQL, for
//!   several servers sharing one database.
//!
//! Without either, receipts can still go to [`receipts::TracingStore`] or to a store of
//! the operator's ([`receipts::ReceiptStore`]).

#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    missing_debug_implementations,
    unreachable_pub,
    rust_2018_idioms
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod admin_access;
mod banner;
mod config;
mod consent;
mod cookie_header;
mod csp;
mod discovery;
mod endpoint;
mod escape;
#[cfg(feature = "axum")]
mod extract;
mod future;
mod gating;
mod gpc_applied;
mod headers;
mod host;
mod html;
mod injection;
#[cfg(feature = "__internals")]
pub mod internals;
mod languages;
mod layer;
mod link_header;
mod policy;
pub mod receipts;
mod region;
mod service;
mod set_cookie;
mod trackers;
mod warn_once;
mod wiring;

// The unit tests use the test policy every integration test, bench and fuzz target uses:
// one file, which names the crate as its users do.
#[cfg(test)]
extern crate self as tower_cookie_consent;
#[cfg(test)]
#[path = "../tests/common/policy.rs"]
mod test_policy;

#[doc(inline)]
pub use admin_access::AdminAccess;
#[doc(inline)]
pub use consent::{Consent, ConsentId};
#[doc(inline)]
pub use discovery::{
    CookieDiscovery, Declared, DiscoverySnapshot, SeenCookie, SetCookieForm, Suggestion,
};
#[cfg(feature = "axum")]
#[doc(inline)]
pub use extract::MissingConsent;
#[doc(inline)]
pub use future::ResponseFuture;
#[doc(inline)]
pub use html::ConsentBody;
#[doc(inline)]
pub use injection::NoBanner;
#[doc(inline)]
pub use layer::ConsentLayer;
#[doc(inline)]
pub use policy::{
    Banner, BannerContext, BannerTexts, Category, Colors, CookieLocation, CookieRule, InvalidColor,
    NECESSARY, NamePattern, PlaceholderTexts, Policy, PolicyBuilder, PolicyError, Position,
    ReceiptTexts, Undecided, UndeclaredCookies,
};
#[doc(inline)]
pub use policy::{
    CONSENT_MARKUP_ATTRIBUTES, CONSENT_MARKUP_CLASS_PREFIXES, ConsentMode, ConsentModeState,
    ConsentType, Gating,
};
#[doc(inline)]
pub use policy::{EEA, EU, Regime, US_OPT_OUT_STATES};
#[doc(inline)]
pub use region::{Region, RegionSource};
#[doc(inline)]
pub use service::ConsentService;
#[doc(inline)]
pub use trackers::{TrackerFinding, TrackerPurpose, TrackerSnapshot};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
