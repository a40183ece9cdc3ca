//! Any page, cut at fuzzer-chosen boundaries, through the gating pass for a fuzzer-chosen
//! visitor and settings: the output is the whole page's output; without a placeholder it
//! is exactly as long as the page and the head insert; with every category granted only
//! `data-` prefixes and `type` attributes are blanked (and live markup of undeclared
//! categories).
#![no_main]

use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::internals::{Granted, gate_chunks};
use tower_cookie_consent::{Category, Gating, Policy};

static POLICY: LazyLock<Arc<Policy>> = LazyLock::new(|| {
    Arc::new(
        Policy::builder()
            .category(Category::functionality())
            .category(Category::performance())
            .category(Category::advertising())
            .build()
            .expect("a valid policy"),
    )
});

const CATEGORIES: [&str; 3] = ["functionality", "performance", "advertising"];
const HEAD: &str = "<script>HEAD</script>";

fuzz_target!(|data: &[u8]| {
    // First byte: granted categories (3 bits), strict, placeholder, head insert, no
    // safety net; second:
    // how many cuts; then the cuts; the rest is the page.
    let flags = *data.first().unwrap_or(&0);
    let cut_count = usize::from(*data.get(1).unwrap_or(&0) % 8);
    let rest = data.get(2..).unwrap_or(&[]);
    let (cuts, page) = rest.split_at(cut_count.min(rest.len()));
    let mut offsets: Vec<usize> = cuts
        .iter()
        .map(|&cut| usize::from(cut) * 11 % (page.len() + 1))
        .collect();
    offsets.sort_unstable();

    let ids: Vec<&str> = CATEGORIES
        .iter()
        .enumerate()
        .filter(|(bit, _)| flags & (1 << bit) != 0)
        .map(|(_, id)| *id)
        .collect();
    let granted = Granted::new(&POLICY, &ids);
    let placeholder = flags & 0x10 != 0;
    let strict = flags & 0x08 != 0;
    let repair = flags & 0x40 == 0;
    let mut gating = Gating::new().strict(strict).repair(repair);
    if placeholder {
        gating = gating.placeholder("Allow it to see it.");
    }
    let head = (flags & 0x20 != 0).then_some(HEAD);

    let whole = gate_chunks(&POLICY, granted, Some(&gating), head, &[page]);
    let mut pieces: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    for &cut in offsets.iter().chain(std::iter::once(&page.len())) {
        pieces.push(&page[start..cut]);
        start = cut;
    }
    let cut = gate_chunks(&POLICY, granted, Some(&gating), head, &pieces);
    assert_eq!(cut, whole, "the same output at any cuts");
    if !placeholder {
        assert_eq!(whole.len(), page.len() + head.map_or(0, str::len));
    }
    // No safety net and nothing to activate, blank or note: the page is unchanged but
    // for the head insert (placed, or spaces at the end: UTF-16 ones in a UTF-16 page).
    if !repair && ids.is_empty() && !strict && !placeholder {
        let insert = head.unwrap_or("").as_bytes();
        let unchanged = (0..=page.len()).any(|at| {
            whole[..at] == page[..at]
                && whole[at..].starts_with(insert)
                && whole[at + insert.len()..] == page[at..]
        }) || (whole[..page.len()] == *page
            && whole[page.len()..]
                .iter()
                .all(|&byte| byte == b' ' || byte == 0));
        assert!(unchanged, "only the head insert changed the page");
    }

    // Everything granted, plain gating: only documented attributes change.
    let all = Granted::new(&POLICY, &CATEGORIES);
    let out = gate_chunks(&POLICY, all, Some(&Gating::new()), None, &pieces);
    assert_eq!(out.len(), page.len());
    // Runs of changed bytes, joined across spaces the page already had.
    let mut at = 0;
    while at < page.len() {
        if out[at] == page[at] {
            at += 1;
            continue;
        }
        let mut end = at;
        let mut last_changed = at;
        while end < page.len() && (out[end] != page[end] || page[end] == b' ') {
            if out[end] != page[end] {
                last_changed = end;
            }
            end += 1;
        }
        let end = last_changed + 1;
        assert!(out[at..end].iter().all(|&byte| byte == b' '));
        let run = page[at..end].to_ascii_lowercase();
        let after = page[end..].to_ascii_lowercase();
        let data_prefix = run.starts_with(b"data-")
            && [&b"src"[..], b"srcset", b"href", b"type"]
                .iter()
                .any(|name| after.starts_with(name) || run[5..].starts_with(name));
        // A `type` attribute (and the `data-` of a `data-type` after it); or, for a
        // category the policy does not declare (which no visitor can grant), live markup
        // made inert: a `src`, `srcset` or `href` attribute, a whole `<script>`, or a whole
        // start tag with more live copies of those than one edit has room for.
        let documented = [
            &b"type"[..],
            b"src",
            b"href",
            b"<script",
            b"<link",
            b"<img",
            b"<iframe",
        ]
        .iter()
        .any(|start| run.starts_with(start));
        assert!(data_prefix || documented, "{run:?}");
        at = end;
    }
});
