//! The stylesheet shared by the banner and the preferences page.
//!
//! Every rule is scoped under `.tcc` so that the page's own styles are neither changed
//! nor (for the common element selectors) able to change the banner, but two that make
//! room for it on the page. What it is for:
//! - a bar that never covers the focused element: the page reserves the bar's greatest
//!   height at its end (`body::after`, or `::before` for a top bar), so that the last
//!   links can scroll clear of it, and `scroll-padding` keeps focus moved by the
//!   keyboard clear of it everywhere else (WCAG 2.2 SC 2.4.11);
//! - "Accept all" and "Reject all" side by side, the same size, from 320 px up, and in
//!   view however long the text: the bar is a column whose text shrinks first (down to
//!   one line, then it scrolls), then the opened "Customize" section; the button row
//!   never shrinks;
//! - 2.75rem (44 px) targets, a visible focus ring (the scrolling parts keep room for
//!   it), reflow down to 320 px at 200 % text, and no motion unless the visitor has no
//!   preference against it;
//! - no label broken inside a word: a button is never narrower than its longest word
//!   (`min-width:min-content`), the row wraps instead;
//! - a short viewport (under 30rem tall: 400 % zoom, or 200 % text on a phone) gets the
//!   bar as one scrolling box of up to 75 % of the height instead of a fixed row under
//!   a scrolling text, since there is no room for both: every control is reached by
//!   scrolling or by the keyboard, and focus scrolls it into view;
//! - the UK regime's "Object" buttons sit in the button row, in view without scrolling.

use std::fmt::Write as _;

use crate::policy::{Colors, Position};

/// The banner takes at most this much of the viewport; the page's `scroll-padding`
/// matches, so that focus moved by the keyboard lands above it.
const MAX_BANNER_HEIGHT: &str = "min(50vh,24rem)";

pub(super) fn stylesheet(colors: &Colors, position: Position) -> String {
    let Colors {
        background: bg,
        text: fg,
        accent,
        accent_text,
    } = colors;
    let (edge, border_edge, reserve) = match position {
        Position::Bottom => ("bottom", "top", "after"),
        Position::Top => ("top", "bottom", "before"),
    };
    let mut css = String::with_capacity(2400);
    let _ = write!(
        css,
        "html{{scroll-padding-{edge}:{MAX_BANNER_HEIGHT}}}\
body::{reserve}{{content:\"\";display:block;height:{MAX_BANNER_HEIGHT}}}\
.tcc,.tcc *{{box-sizing:border-box}}\
.tcc{{background:{bg};color:{fg};font:1rem/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;text-align:left;letter-spacing:normal;overflow-wrap:break-word}}\
.tcc-banner{{position:fixed;left:0;right:0;{edge}:0;z-index:2147483647;display:flex;flex-direction:column;max-height:{MAX_BANNER_HEIGHT};margin:0;padding:1rem;border-{border_edge}:2px solid {fg};box-shadow:0 0 1rem rgba(0,0,0,.3)}}\
.tcc-inner{{max-width:60rem;margin:0 auto}}\
.tcc-banner .tcc-inner{{display:flex;flex-direction:column;flex:0 1 auto;width:100%;min-height:0}}\
.tcc-text{{flex:0 1000 auto;min-height:2.75rem;overflow:auto;padding:.3125rem;scroll-padding:.3125rem}}\
.tcc-banner form{{display:flex;flex-direction:column;flex:0 1 auto;min-height:0}}\
.tcc-banner .tcc-actions{{flex:none}}\
.tcc-banner form>details{{flex:0 1 auto;min-height:0;overflow:auto;padding:0 .3125rem;scroll-padding:.3125rem}}\
.tcc h1,.tcc h2{{margin:0 0 .5rem;font-size:1.25rem;font-weight:700;line-height:1.3;color:{fg}}}\
.tcc h1{{font-size:1.75rem}}\
.tcc p{{margin:0 0 .75rem;color:{fg}}}\
.tcc .tcc-notice{{font-weight:700}}\
.tcc a{{color:{fg};text-decoration:underline}}\
.tcc-actions{{display:flex;flex-wrap:wrap;gap:.75rem;margin:0 0 .75rem}}\
.tcc .tcc-button{{flex:1 1 0;min-height:2.75rem;min-width:min-content;overflow-wrap:break-word;margin:0;padding:.5rem 1rem;border:2px solid {accent};border-radius:.375rem;background:{accent};color:{accent_text};font:inherit;font-weight:700;line-height:1.25;cursor:pointer}}\
.tcc .tcc-button:hover{{text-decoration:underline}}\
.tcc :focus-visible{{outline:3px solid {fg};outline-offset:2px}}\
.tcc details{{margin:0}}\
.tcc summary{{display:list-item;min-height:2.75rem;padding:.625rem 0;font-weight:700;cursor:pointer}}\
.tcc fieldset{{margin:0;padding:0;border:0;min-width:0}}\
.tcc legend{{padding:0;margin:0 0 .5rem;font-weight:700}}\
.tcc-category{{margin:0 0 .75rem;padding:.75rem;border:1px solid {fg};border-radius:.375rem}}\
.tcc-category label{{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;min-height:2rem;font-weight:700}}\
.tcc-category input{{flex:none;width:1.5rem;height:1.5rem;margin:0;accent-color:{accent}}}\
.tcc .tcc-cookies summary{{min-height:2.75rem;padding:.625rem 0;font-weight:400}}\
.tcc-always{{font-weight:400}}\
.tcc .tcc-purposes{{margin:0 0 .75rem}}\
.tcc .tcc-gpc{{font-style:italic}}\
.tcc .tcc-object{{flex:1 1 auto;min-height:2.75rem;min-width:min-content;margin:0;padding:.375rem .75rem;border:2px solid {fg};border-radius:.375rem;background:{bg};color:{fg};font:inherit;cursor:pointer}}\
.tcc ul{{margin:.25rem 0 0;padding-left:1.25rem}}\
.tcc li{{margin:0 0 .25rem}}\
.tcc code{{font-family:ui-monospace,monospace;overflow-wrap:anywhere}}\
.tcc-page{{margin:0;padding:1rem}}\
.tcc-page main{{max-width:60rem;margin:0 auto}}\
.tcc table{{width:100%;border-collapse:collapse;margin:1rem 0;display:block;overflow-x:auto}}\
.tcc caption{{text-align:left;font-weight:700;padding:0 0 .5rem}}\
.tcc th,.tcc td{{text-align:left;vertical-align:top;padding:.5rem;border:1px solid {fg}}}\
.tcc [hidden]{{display:none}}\
@media (max-height:30rem){{html{{scroll-padding-{edge}:75vh}}body::{reserve}{{height:75vh}}.tcc-banner{{display:block;max-height:75vh;overflow:auto;scroll-padding:.5rem}}.tcc-banner .tcc-inner,.tcc-banner form{{display:block}}.tcc-text,.tcc-banner form>details{{overflow:visible}}}}\
@media (max-width:30rem){{.tcc-banner{{padding:.75rem}}.tcc .tcc-actions{{gap:.5rem}}.tcc .tcc-button{{padding:.5rem}}}}\
@media (prefers-reduced-motion:no-preference){{.tcc .tcc-button{{transition:box-shadow .15s}}.tcc .tcc-button:hover{{box-shadow:0 0 0 2px {fg}}}}}"
    );
    css
}

/// A content hash for the stylesheet's versioned URL (FNV-1a: stable across builds and
/// platforms, unlike `std`'s hasher).
pub(super) fn version(css: &str) -> u64 {
    css.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
