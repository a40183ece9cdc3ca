//! The visitor's region, read from a request: [`Region`] (an ISO 3166-1 country and,
//! where given, the first-level ISO 3166-2 subdivision) and [`RegionSource`], the
//! header of the CDN the operator says requests come through (or the operator's
//! function of the request).
//!
//! Every header read here is the client's to write unless a CDN in front overwrites
//! it: the layer reads one only when the operator names its source
//! ([`ConsentLayer::region_from`](crate::ConsentLayer::region_from)). Even then a value
//! is read strictly and without allocating: a country is exactly two ASCII letters, a
//! subdivision one to three ASCII letters or digits; a header given more than once, a
//! value longer than a CDN ever writes, a reserved code (`XX`, `ZZ`, `T1`, continent
//! codes), or anything else is an unknown region, which gets the strictest regime the
//! policy declares.

use std::fmt;
use std::sync::Arc;

use http::Uri;
use http::header::{HeaderMap, HeaderName};

/// A visitor's region: an ISO 3166-1 alpha-2 country (`DE`, `US`) and, where the
/// source gives it, the first-level ISO 3166-2 subdivision of that country (`US-CA`,
/// `CA-QC`).
///
/// ```
/// use tower_cookie_consent::Region;
///
/// let california = Region::new("us", Some("ca")).unwrap();
/// assert_eq!(california.to_string(), "US-CA");
/// assert_eq!(california.country(), "US");
/// assert_eq!(california.subdivision(), Some("CA"));
/// assert_eq!(Region::new("XX", None), None); // Cloudflare's "unknown"
/// assert_eq!(Region::new("T1", None), None); // Cloudflare's "Tor"
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region {
    country: [u8; 2],
    /// Up to three bytes, `0`-padded; `len` 0 when absent.
    subdivision: [u8; 3],
    subdivision_len: u8,
}

/// Codes that name no country: user-assigned (`XX`, `ZZ`, Cloudflare's unknown), and
/// the continent or group codes some geolocation databases return (`EU`, `AP`).
const NOT_COUNTRIES: [&[u8; 2]; 4] = [b"XX", b"ZZ", b"EU", b"AP"];

impl Region {
    /// The region with this country and subdivision (letters in any case; digits allowed
    /// in a subdivision). `None` when the country is not two ASCII letters or names no
    /// country (`XX`, `ZZ`, `EU`, `AP`). A subdivision that is not one to three ASCII
    /// letters or digits is left out (the country still counts).
    pub fn new(country: &str, subdivision: Option<&str>) -> Option<Self> {
        Self::from_bytes(country.as_bytes(), subdivision.map(str::as_bytes))
    }

    pub(crate) fn from_bytes(country: &[u8], subdivision: Option<&[u8]>) -> Option<Self> {
        let [first, second] = country else {
            return None;
        };
        if !first.is_ascii_alphabetic() || !second.is_ascii_alphabetic() {
            return None;
        }
        let country = [first.to_ascii_uppercase(), second.to_ascii_uppercase()];
        if NOT_COUNTRIES.contains(&&country) {
            return None;
        }
        let mut region = Self {
            country,
            subdivision: [0; 3],
            subdivision_len: 0,
        };
        if let Some(code) = subdivision
            && (1..=3).contains(&code.len())
            && code.iter().all(u8::is_ascii_alphanumeric)
        {
            for (slot, byte) in region.subdivision.iter_mut().zip(code) {
                *slot = byte.to_ascii_uppercase();
            }
            region.subdivision_len = code.len() as u8;
        }
        Some(region)
    }

    /// The region of a code as policies write it: `DE`, or `US-CA` (exactly; no
    /// subdivision code is dropped here).
    pub(crate) fn parse_code(code: &str) -> Option<Self> {
        let (country, subdivision) = match code.split_once('-') {
            Some((country, subdivision)) => (country, Some(subdivision)),
            None => (code, None),
        };
        let region = Self::new(country, subdivision)?;
        (region.subdivision().map(str::len) == subdivision.map(str::len)).then_some(region)
    }

    /// The two upper-case letters of the country.
    pub fn country(&self) -> &str {
        // Two ASCII letters, checked when made.
        std::str::from_utf8(&self.country).unwrap_or("")
    }

    /// The subdivision's code within its country (`CA` of `US-CA`), when known.
    pub fn subdivision(&self) -> Option<&str> {
        let code = &self.subdivision[..usize::from(self.subdivision_len)];
        (!code.is_empty()).then(|| std::str::from_utf8(code).unwrap_or(""))
    }

    /// The same region without its subdivision.
    pub(crate) fn country_only(self) -> Self {
        Self {
            subdivision: [0; 3],
            subdivision_len: 0,
            ..self
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.country())?;
        if let Some(subdivision) = self.subdivision() {
            write!(f, "-{subdivision}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({self})")
    }
}

type RegionFn = Arc<dyn Fn(&Uri, &HeaderMap) -> Option<Region> + Send + Sync>;

/// Where the layer reads a request's [`Region`]: the header of the CDN that requests
/// come through, or the operator's function. Give it to
/// [`ConsentLayer::region_from`](crate::ConsentLayer::region_from) only when every
/// request reaches the site through that CDN, which overwrites the header: anyone can
/// send it otherwise, and choose their own law. See "Regions" in the crate docs.
///
/// ```
/// use tower_cookie_consent::{ConsentLayer, Policy, Region, RegionSource};
///
/// // Behind Cloudflare:
/// let layer = ConsentLayer::new(Policy::builder().build()?)
///     .region_from(RegionSource::cloudflare());
/// // Behind Fastly, with a VCL that sets `client-geo-country` and `client-geo-region`:
/// let fastly = RegionSource::headers("client-geo-country", Some("client-geo-region"));
/// // Or a function, naming the headers it reads (the responses vary on them):
/// let own = RegionSource::function(["x-country"], |_uri, headers| {
///     Region::new(headers.get("x-country")?.to_str().ok()?, None)
/// });
/// # Ok::<(), tower_cookie_consent::PolicyError>(())
/// ```
#[derive(Clone)]
pub struct RegionSource {
    kind: SourceKind,
    /// The request headers the region is read from, for `Vary`.
    headers: Vec<HeaderName>,
}

#[derive(Clone)]
enum SourceKind {
    /// A country header and an optional subdivision header.
    Headers {
        country: HeaderName,
        subdivision: Option<HeaderName>,
    },
    /// Akamai's `X-Akamai-Edgescape`: `key=value` pairs separated by commas.
    Edgescape,
    Function(RegionFn),
}

/// No CDN writes a country or subdivision header longer than this; a longer value is
/// not one of theirs.
const MAX_CODE_HEADER: usize = 16;

/// Akamai's Edgescape header carries a dozen fields (city, coordinates, networks): a
/// value past this is not Akamai's.
const MAX_EDGESCAPE: usize = 2048;

impl RegionSource {
    /// Cloudflare: `CF-IPCountry` (`XX` when unknown, `T1` for Tor: both unknown here)
    /// and `cf-region-code` (sent when the zone's "Add visitor location headers" managed
    /// transform is on).
    pub fn cloudflare() -> Self {
        Self::headers("cf-ipcountry", Some("cf-region-code"))
    }

    /// Amazon CloudFront: `CloudFront-Viewer-Country` and
    /// `CloudFront-Viewer-Country-Region` (both must be added to the distribution's
    /// origin request policy).
    pub fn cloudfront() -> Self {
        Self::headers(
            "cloudfront-viewer-country",
            Some("cloudfront-viewer-country-region"),
        )
    }

    /// Vercel: `x-vercel-ip-country` and `x-vercel-ip-country-region`.
    pub fn vercel() -> Self {
        Self::headers("x-vercel-ip-country", Some("x-vercel-ip-country-region"))
    }

    /// Akamai: `X-Akamai-Edgescape` (its `country_code` and `region_code` fields; the
    /// property must send the header to the origin).
    pub fn akamai() -> Self {
        Self {
            kind: SourceKind::Edgescape,
            headers: vec![HeaderName::from_static("x-akamai-edgescape")],
        }
    }

    /// A country header and an optional subdivision header set by the operator's CDN
    /// (a Fastly VCL, an nginx `geoip2` block), as two-letter and one-to-three
    /// character codes.
    ///
    /// # Panics
    ///
    /// When a name is not a valid header name: a start-up mistake, not a request's.
    pub fn headers(country: &str, subdivision: Option<&str>) -> Self {
        let name = |name: &str| {
            HeaderName::try_from(name.to_ascii_lowercase())
                .unwrap_or_else(|_| panic!("`{name}` is not a header name"))
        };
        let country = name(country);
        let subdivision = subdivision.map(name);
        let mut headers = vec![country.clone()];
        headers.extend(subdivision.clone());
        Self {
            kind: SourceKind::Headers {
                country,
                subdivision,
            },
            headers,
        }
    }

    /// The operator's function of the request. `headers` names every request header it
    /// reads: responses that depend on the region vary on them.
    ///
    /// # Panics
    ///
    /// When a name is not a valid header name.
    pub fn function<N: AsRef<str>>(
        headers: impl IntoIterator<Item = N>,
        read: impl Fn(&Uri, &HeaderMap) -> Option<Region> + Send + Sync + 'static,
    ) -> Self {
        let headers = headers
            .into_iter()
            .map(|name| {
                let name = name.as_ref();
                HeaderName::try_from(name.to_ascii_lowercase())
                    .unwrap_or_else(|_| panic!("`{name}` is not a header name"))
            })
            .collect();
        Self {
            kind: SourceKind::Function(Arc::new(read)),
            headers,
        }
    }

    /// The request headers this source reads.
    pub fn vary(&self) -> &[HeaderName] {
        &self.headers
    }

    /// The region of a request; `None` when unknown.
    pub fn read(&self, uri: &Uri, headers: &HeaderMap) -> Option<Region> {
        match &self.kind {
            SourceKind::Headers {
                country,
                subdivision,
            } => {
                let country = single(headers, country, MAX_CODE_HEADER)?;
                let subdivision = subdivision
                    .as_ref()
                    .and_then(|name| single(headers, name, MAX_CODE_HEADER));
                Region::from_bytes(trim(country), subdivision.map(trim))
            }
            SourceKind::Edgescape => {
                let value = single(headers, &self.headers[0], MAX_EDGESCAPE)?;
                edgescape(value)
            }
            SourceKind::Function(read) => read(uri, headers),
        }
    }
}

impl fmt::Debug for RegionSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            SourceKind::Headers { .. } => "headers",
            SourceKind::Edgescape => "edgescape",
            SourceKind::Function(_) => "function",
        };
        f.debug_struct("RegionSource")
            .field("kind", &kind)
            .field("headers", &self.headers)
            .finish()
    }
}

/// The value of a header sent exactly once and at most `max` bytes long. A repeated
/// header is ambiguous (the CDN's and the client's?), so it counts as absent.
fn single<'h>(headers: &'h HeaderMap, name: &HeaderName, max: usize) -> Option<&'h [u8]> {
    let mut values = headers.get_all(name).iter();
    let value = values.next()?;
    if values.next().is_some() || value.len() > max {
        return None;
    }
    Some(value.as_bytes())
}

fn trim(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

/// The region of an `X-Akamai-Edgescape` value: its `country_code` and `region_code`
/// fields. A field given twice makes the value ambiguous: unknown.
fn edgescape(value: &[u8]) -> Option<Region> {
    let (mut country, mut subdivision) = (None, None);
    for field in value.split(|&byte| byte == b',') {
        let Some(at) = field.iter().position(|&byte| byte == b'=') else {
            continue;
        };
        let (key, value) = (trim(&field[..at]), trim(&field[at + 1..]));
        let slot = match key {
            b"country_code" => &mut country,
            b"region_code" => &mut subdivision,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return None;
        }
    }
    Region::from_bytes(country?, subdivision)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    /// Request headers, as (name, value) pairs.
    type Pairs<'a> = &'a [(&'a str, &'a [u8])];

    fn read(source: &RegionSource, pairs: Pairs<'_>) -> Option<String> {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                HeaderName::try_from(*name).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        source
            .read(&Uri::from_static("/"), &headers)
            .map(|region| region.to_string())
    }

    #[test]
    fn cloudflare_headers_are_read_strictly() {
        let source = RegionSource::cloudflare();
        let cases: &[(Pairs<'_>, Option<&str>)] = &[
            (&[("cf-ipcountry", b"DE")], Some("DE")),
            (
                &[("cf-ipcountry", b"us"), ("cf-region-code", b"ca")],
                Some("US-CA"),
            ),
            (&[("cf-ipcountry", b" GB ")], Some("GB")),
            (&[], None),
            (&[("cf-ipcountry", b"XX")], None),
            (&[("cf-ipcountry", b"T1")], None),
            (&[("cf-ipcountry", b"EU")], None),
            (&[("cf-ipcountry", b"DEU")], None),
            (&[("cf-ipcountry", b"D")], None),
            (&[("cf-ipcountry", b"")], None),
            (&[("cf-ipcountry", b"D\xc3\xa9")], None),
            (&[("cf-ipcountry", b"DE"), ("cf-ipcountry", b"US")], None),
            (&[("cf-ipcountry", b"DE"), ("cf-ipcountry", b"DE")], None),
            // A malformed or repeated subdivision is dropped; the country stays.
            (
                &[("cf-ipcountry", b"US"), ("cf-region-code", b"CALI")],
                Some("US"),
            ),
            (
                &[("cf-ipcountry", b"US"), ("cf-region-code", b"C-A")],
                Some("US"),
            ),
            (
                &[
                    ("cf-ipcountry", b"US"),
                    ("cf-region-code", b"CA"),
                    ("cf-region-code", b"TX"),
                ],
                Some("US"),
            ),
            // A subdivision alone says nothing.
            (&[("cf-region-code", b"CA")], None),
        ];
        for (pairs, expected) in cases {
            assert_eq!(read(&source, pairs).as_deref(), *expected, "{pairs:?}");
        }
        let long = vec![b'A'; 64 * 1024];
        assert_eq!(read(&source, &[("cf-ipcountry", &long)]), None);
    }

    #[test]
    fn each_cdn_has_its_headers() {
        assert_eq!(
            read(
                &RegionSource::cloudfront(),
                &[
                    ("cloudfront-viewer-country", b"CA"),
                    ("cloudfront-viewer-country-region", b"QC")
                ]
            )
            .as_deref(),
            Some("CA-QC")
        );
        assert_eq!(
            read(
                &RegionSource::vercel(),
                &[
                    ("x-vercel-ip-country", b"BR"),
                    ("x-vercel-ip-country-region", b"SP")
                ]
            )
            .as_deref(),
            Some("BR-SP")
        );
        // Another CDN's header is not read.
        assert_eq!(
            read(&RegionSource::vercel(), &[("cf-ipcountry", b"DE")]),
            None
        );
    }

    #[test]
    fn edgescape_fields_are_read_once() {
        let akamai = RegionSource::akamai();
        let header = "x-akamai-edgescape";
        let value: &[u8] =
            b"georegion=246,country_code=US,region_code=CA,city=SANJOSE,lat=37.33,long=-121.89";
        assert_eq!(read(&akamai, &[(header, value)]).as_deref(), Some("US-CA"));
        assert_eq!(
            read(&akamai, &[(header, b"country_code=FR")]).as_deref(),
            Some("FR")
        );
        assert_eq!(read(&akamai, &[(header, b"region_code=CA")]), None);
        assert_eq!(
            read(&akamai, &[(header, b"country_code=US,country_code=DE")]),
            None
        );
        assert_eq!(read(&akamai, &[(header, b"country_code")]), None);
        assert_eq!(read(&akamai, &[(header, b",,,=,")]), None);
        let mut long = b"country_code=US,".to_vec();
        long.resize(MAX_EDGESCAPE + 1, b'x');
        assert_eq!(read(&akamai, &[(header, &long)]), None);
    }

    #[test]
    fn a_function_names_its_headers() {
        let source = RegionSource::function(["X-Country"], |_, headers| {
            Region::new(headers.get("x-country")?.to_str().ok()?, None)
        });
        assert_eq!(source.vary(), [HeaderName::from_static("x-country")]);
        assert_eq!(
            read(&source, &[("x-country", b"nz")]).as_deref(),
            Some("NZ")
        );
    }

    #[test]
    fn policy_codes_are_exact() {
        assert_eq!(
            Region::parse_code("US-CA")
                .map(|r| r.to_string())
                .as_deref(),
            Some("US-CA")
        );
        assert_eq!(
            Region::parse_code("DE").map(|r| r.to_string()).as_deref(),
            Some("DE")
        );
        assert_eq!(Region::parse_code("US-CALI"), None);
        assert_eq!(Region::parse_code("US-"), None);
        assert_eq!(Region::parse_code("XX"), None);
        assert_eq!(Region::parse_code("USA"), None);
    }
}
