//! The page pass's tokenizer on documents where it once disagreed with html5ever's
//! (fuzz/fuzz_targets/tokenizer_differential.rs), checked against what a browser's tree
//! builder makes of them (html5ever's, in the comments); and the skim over tags no stage
//! reads (src/html/skim.rs) against the general states, on html5lib-tests' documents,
//! the real pages of tests/fixtures/ and documents made to defeat it.

mod html5lib;

use tower_cookie_consent::internals::{Token, tokens, tokens_read_in_full};

fn start(name: &str) -> Token {
    Token::StartTag {
        name: name.as_bytes().to_vec(),
        attributes: Vec::new(),
        self_closing: false,
    }
}

fn end(name: &str) -> Token {
    Token::EndTag {
        name: name.as_bytes().to_vec(),
    }
}

fn at_every_chunk_size(document: &str) -> Vec<Token> {
    let whole = tokens(document.as_bytes(), document.len());
    for chunk in 1..document.len() {
        assert_eq!(
            tokens(document.as_bytes(), chunk),
            whole,
            "chunks of {chunk}"
        );
    }
    whole
}

#[test]
fn a_template_end_tag_with_no_template_open_leaves_foreign_content_open() {
    // The tree builder ignores the `</template>`: the `<style>` is SVG's, and `<b>`
    // breaks out of it as an HTML element (`svg > style`, then `b`).
    assert_eq!(
        at_every_chunk_size("<svg></template><style><b></b></style>"),
        [
            start("svg"),
            end("template"),
            start("style"),
            start("b"),
            end("b"),
            end("style"),
        ]
    );
}

#[test]
fn a_template_in_an_integration_point_closes_only_what_it_holds() {
    // `</template>` closes the inner `<svg>` and the template, not the foreignObject nor
    // the outer `<svg>`: the `<style>` after `</foreignObject>` is SVG's again.
    assert_eq!(
        at_every_chunk_size(
            "<svg><foreignObject><template><svg></template></foreignObject><style><b></b></style>"
        ),
        [
            start("svg"),
            start("foreignobject"),
            start("template"),
            start("svg"),
            end("template"),
            end("foreignobject"),
            start("style"),
            start("b"),
            end("b"),
            end("style"),
        ]
    );
}

#[test]
fn a_template_around_foreign_content_closes_it() {
    // `<template><svg>` then `</template>`: the `<style>` after it is HTML's (raw text).
    assert_eq!(
        at_every_chunk_size("<template><svg><g></template><style><b></b></style>"),
        [
            start("template"),
            start("svg"),
            start("g"),
            end("template"),
            start("style"),
            Token::Text(b"<b></b>".to_vec()),
            end("style"),
        ]
    );
}

/// The tokens of the elements read in full, with and without the skim, at chunk sizes
/// `chunks` and whole: the same, and the same as the general states give a sink that
/// reads everything (filtered to those elements).
fn skim_agrees(document: &[u8], chunks: impl IntoIterator<Item = usize>) {
    let shown = String::from_utf8_lossy(document);
    let general = tokens_read_in_full(document, document.len().max(1), false);
    let everything: Vec<Token> = tokens(document, document.len().max(1))
        .into_iter()
        .filter(|token| match token {
            Token::StartTag { name, .. } | Token::EndTag { name } => {
                READ_IN_FULL.contains(&name.as_slice())
            }
            Token::Text(_) => false,
            Token::Markup(_) => true,
        })
        .collect();
    let without_text: Vec<Token> = general
        .iter()
        .filter(|token| !matches!(token, Token::Text(_)))
        .cloned()
        .collect();
    assert_eq!(without_text, everything, "general states, {shown:?}");
    for chunk in chunks.into_iter().chain([document.len().max(1)]) {
        assert_eq!(
            tokens_read_in_full(document, chunk, true),
            general,
            "skimmed in chunks of {chunk}, {shown:?}"
        );
    }
}

/// The names the skim hands back (src/html/skim.rs's list, restated: a name dropped
/// from there makes this test fail on the documents that use it).
const READ_IN_FULL: [&[u8]; 20] = [
    b"script",
    b"style",
    b"title",
    b"textarea",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
    b"plaintext",
    b"svg",
    b"math",
    b"template",
    b"img",
    b"link",
    b"source",
    b"video",
    b"audio",
    b"object",
    b"embed",
];

#[test]
fn the_skim_tells_of_the_same_tokens_in_html5lib_documents() {
    let documents = html5lib::documents();
    assert!(documents.len() > 1400);
    for (_, _, document) in &documents {
        skim_agrees(document, [1, 2, 3, 7, 64]);
    }
}

#[test]
fn the_skim_tells_of_the_same_tokens_in_real_pages() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");
    let mut pages = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|extension| extension == "html")
        {
            skim_agrees(&std::fs::read(&path).unwrap(), [1, 7, 64, 1000, 8192]);
            pages += 1;
        }
    }
    assert!(pages >= 9);
}

#[test]
fn the_skim_tells_of_the_same_tokens_at_every_boundary_of_hard_documents() {
    // Quotes, `=` and `/` where the attribute states differ in where a value starts;
    // names that start like one read in full; `<` that is text; tags cut anywhere.
    let documents: [&str; 27] = [
        "<svg><foreignObject/><style><img></style></svg>",
        "<svg><foreignObject a=b/><style><img></style></foreignObject></svg>",
        "<svg><foreignObject a='b'/ ><style><img></style></svg><style><img></style>",
        // Foreign content: every tag passed over opens or closes its element, `/>` opens
        // nothing, and what follows is read as SVG's or HTML's accordingly.
        "<svg><g><path d=a/><style><img></style></g></svg><style><img></style>",
        r#"<svg><g a="x"/><style><img></style></svg><img>"#,
        "<svg><g / ><style><img></style></svg><style><b></style>",
        "<svg><p><style><img></style>",
        "<svg><g></G></SVG><style><img></style>",
        "<math><mi><style><img></style></mi><mo/><style><img></style></math>",
        "<svg><foreignObject><div></div><style><b></style></foreignObject><style><b></style>",
        "<svg><desc><p>x</p><style><b></style></desc></svg><textarea><img></textarea>",
        "<math><annotation-xml encoding=text/html><div><style><b></style></div></annotation-xml>",
        "<svg><font color=red><style><img></style>",
        "<svg><font><style><img></style></font></svg>",
        "<div><svg><g></div><style><img></style>",
        r#"<p a="<img src=x>">x</p><img src=y>"#,
        r#"<p a=<img b="c>"><script>1</script>"#,
        r#"<p "a="><img>"><img x>"#,
        r#"<p a= ="b>"<img>"#,
        r#"<p a / = "b><img>" ><img c>"#,
        r#"<p a/="b><img>"><iframe></iframe>"#,
        r#"</p a="<img>"><style>x</style>"#,
        "<scripts><script>a<b</script><templates><template><svgs><svg><style><img></style></svg>",
        "a < b <1 </ x> </> <? y ><!-- <img> --><img>",
        "<P CLASS='x>'><IMG SRC=1><NoScRiPt><img></NOSCRIPT>",
        "<div\n\tclass=\"a\"\r\x0c>t</div\n><link\nrel=x>",
        "<a b='x' c=\"y\"d=e f>g<hr/><br/ ><img/src=z>",
    ];
    for document in documents {
        skim_agrees(document.as_bytes(), 1..document.len());
    }
}
