//! The page pass's tokenizer on documents where it once disagreed with html5ever's
//! (fuzz/fuzz_targets/tokenizer_differential.rs), checked against what a browser's tree
//! builder makes of them (html5ever's, in the comments).

use tower_cookie_consent::internals::{Token, tokens};

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
