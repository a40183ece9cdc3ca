//! Reading a posted choice (a form or JSON) and checking `return_to`.

use percent_encoding::percent_decode;
use serde::Deserialize;

use crate::policy::{CategorySet, Policy};
use crate::receipts::Method;

/// `return_to` values longer than this are replaced by `/`.
const MAX_RETURN_TO: usize = 2048;

/// A posted choice before it is checked against the policy.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Choice {
    action: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
    return_to: Option<String>,
    /// UK mode's "Object" button: the category objected to.
    object: Option<String>,
}

impl Choice {
    fn granted(&self, policy: &Policy) -> Result<CategorySet, String> {
        let mut listed = CategorySet::NECESSARY_ONLY;
        for id in &self.categories {
            let index = policy
                .category_index(id.as_bytes())
                .ok_or_else(|| format!("unknown category `{}`", shorten(id)))?;
            listed = listed.with(index);
        }
        if let Some(objected) = &self.object {
            if self.action.is_some() {
                return Err("a choice has either an `action` or an `object`".to_owned());
            }
            let index = policy
                .category_index(objected.as_bytes())
                .filter(|index| !index.is_necessary())
                .ok_or_else(|| format!("unknown category `{}`", shorten(objected)))?;
            let objected = CategorySet::NECESSARY_ONLY.with(index);
            return Ok(listed.without(objected));
        }
        match self.action.as_deref() {
            Some("accept_all") => Ok(policy.all_categories()),
            Some("reject_all") => Ok(CategorySet::NECESSARY_ONLY),
            // The opt-out notice's "Do not sell or share my personal information".
            Some("opt_out") => Ok(policy.all_categories().without(policy.gpc_categories())),
            Some("save") | None => Ok(listed),
            // A click-to-load placeholder's button: exactly one optional category, which
            // the post adds to the visitor's choice.
            Some("placeholder") => {
                if self.categories.len() != 1 || !listed.has_optional() {
                    return Err("a placeholder grants exactly one optional category".to_owned());
                }
                Ok(listed)
            }
            Some(other) => Err(format!(
                "unknown action `{}`; use accept_all, reject_all, opt_out, save or placeholder",
                shorten(other)
            )),
        }
    }
}

/// A posted body, read as a form or as JSON and checked against the policy: the granted
/// categories and `return_to`, or the 400 message.
#[cfg(feature = "__internals")]
pub(crate) fn parse_choice(
    body: &[u8],
    json: bool,
    policy: &Policy,
) -> Result<(CategorySet, Option<String>), String> {
    let choice = read_choice(body, json, policy)?;
    Ok((choice.granted, choice.return_to))
}

/// A posted choice, checked.
pub(crate) struct PostedChoice {
    pub(crate) granted: CategorySet,
    pub(crate) return_to: Option<String>,
    /// How it was made, for its receipt.
    pub(crate) method: Method,
    /// The visitor ticked the granted categories one by one (not "Accept all"): under
    /// Global Privacy Control that is an explicit opt-in.
    pub(crate) ticked: bool,
    /// "Accept all" (a button or a JSON action): under Global Privacy Control it grants
    /// everything but what the signal refuses.
    pub(crate) refuses_gpc_categories_under_signal: bool,
    /// The fields that make this choice, checked, to post it again ("Try again" on
    /// the page saying it could not be saved).
    pub(crate) fields: Vec<(&'static str, String)>,
    /// A placeholder's button: `granted` (one category) is added to the visitor's
    /// choice, not put in its place.
    pub(crate) adds_to_choice: bool,
}

/// [`parse_choice`], with the way the choice was made.
pub(crate) fn read_choice(
    body: &[u8],
    json: bool,
    policy: &Policy,
) -> Result<PostedChoice, String> {
    let choice = if json {
        parse_json(body)?
    } else {
        parse_form(body)?
    };
    let granted = choice.granted(policy)?;
    let method = match choice.action.as_deref() {
        _ if choice.object.is_some() => Method::Object,
        _ if json => Method::Json,
        Some("accept_all") => Method::AcceptAll,
        Some("reject_all") => Method::RejectAll,
        Some("opt_out") => Method::OptOut,
        Some("placeholder") => Method::Placeholder,
        _ => Method::Save,
    };
    let adds_to_choice = choice.object.is_none() && choice.action.as_deref() == Some("placeholder");
    let ticked = matches!(choice.action.as_deref(), None | Some("save"));
    let accept_all = choice.object.is_none() && choice.action.as_deref() == Some("accept_all");
    // Every value was checked above (a known action, known categories).
    let mut fields = Vec::with_capacity(choice.categories.len() + 1);
    if let Some(action) = choice.action {
        fields.push(("action", action));
    }
    if let Some(object) = choice.object {
        fields.push(("object", object));
    }
    fields.extend(choice.categories.into_iter().map(|id| ("category", id)));
    Ok(PostedChoice {
        granted,
        return_to: choice.return_to,
        method,
        ticked,
        refuses_gpc_categories_under_signal: accept_all,
        fields,
        adds_to_choice,
    })
}

/// Error messages quote what was posted, but not a whole 8 KiB of it.
fn shorten(text: &str) -> String {
    let cut: String = text.chars().take(64).collect();
    cut.escape_debug().to_string()
}

fn parse_form(body: &[u8]) -> Result<Choice, String> {
    let mut choice = Choice::default();
    for (key, value) in form_urlencoded::parse(body) {
        let single = match &*key {
            "category" => {
                choice.categories.push(value.into_owned());
                continue;
            }
            "action" => &mut choice.action,
            "return_to" => &mut choice.return_to,
            "object" => &mut choice.object,
            _ => continue,
        };
        if single.replace(value.into_owned()).is_some() {
            return Err(format!("the field `{key}` is given more than once"));
        }
    }
    Ok(choice)
}

fn parse_json(body: &[u8]) -> Result<Choice, String> {
    serde_json::from_slice(body).map_err(|error| format!("invalid JSON: {error}"))
}

/// `return_to` when it is a path on this site, else `None`.
///
/// Only a path that starts with a single `/` is accepted: no scheme, no `//host`, no
/// backslash anywhere (browsers read `/\host` as `//host`), no whitespace or control
/// characters (browsers strip tabs and newlines, which turns `/\t/host` into `//host`),
/// no non-ASCII (send it percent-encoded). After one and after two rounds of
/// percent-decoding the path must still start with a single `/` and hold no control
/// characters, so that a decoded form handed on by the application cannot escape either.
pub(crate) fn safe_return_to(raw: &str) -> Option<&str> {
    fn stays_on_site(path: &[u8]) -> bool {
        path.first() == Some(&b'/')
            && !matches!(path.get(1), Some(b'/' | b'\\'))
            && !path.iter().any(u8::is_ascii_control)
    }
    let bytes = raw.as_bytes();
    let printable = bytes
        .iter()
        .all(|&byte| byte.is_ascii_graphic() && byte != b'\\');
    if raw.len() > MAX_RETURN_TO || !printable || !stays_on_site(bytes) {
        return None;
    }
    let once: Vec<u8> = percent_decode(bytes).collect();
    let twice: Vec<u8> = percent_decode(&once).collect();
    (stays_on_site(&once) && stays_on_site(&twice)).then_some(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_to_accepts_same_site_paths() {
        for good in [
            "/",
            "/a",
            "/a/b?c=d&e=%20f#top",
            "/caf%C3%A9",
            "/a//b",
            "/a:b",
        ] {
            assert_eq!(safe_return_to(good), Some(good), "{good:?}");
        }
    }

    #[test]
    fn return_to_refuses_everything_that_leaves() {
        let bad = [
            "",
            "a",
            "//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil",
            "/%2Fevil.example",
            "/%2fevil.example",
            "/%5Cevil.example",
            "/%252Fevil.example",
            "/%09/evil.example",
            "/a%0d%0aSet-Cookie:x=1",
            "/\u{ff0f}evil.example",
            "/é",
        ];
        for payload in bad {
            assert_eq!(safe_return_to(payload), None, "{payload:?}");
        }
        assert_eq!(
            safe_return_to(&format!("/{}", "a".repeat(MAX_RETURN_TO))),
            None
        );
    }

    #[test]
    fn forms_parse_with_repeated_categories() {
        let choice =
            parse_form(b"action=save&category=a&category=b&return_to=%2Fx%3Fy%3D1&submit=")
                .unwrap();
        assert_eq!(choice.action.as_deref(), Some("save"));
        assert_eq!(choice.categories, ["a", "b"]);
        assert_eq!(choice.return_to.as_deref(), Some("/x?y=1"));
        assert_eq!(
            parse_form(b"action=save&action=accept_all").unwrap_err(),
            "the field `action` is given more than once"
        );
    }
}
