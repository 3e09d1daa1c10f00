//! A lexicon file as written: its TOML structure, and each entry as a
//! [`Record`] that keeps the lines messages and origins name.
//!
//! Shared with `build.rs` (through `#[path]`), which turns the built-in files
//! into records at build time so that start-up parses no TOML: this file
//! may only use `std`, `serde` and `toml`.

use std::borrow::Cow;

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[serde(default)]
    pub entry: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    pub id: Spanned<String>,
    pub patterns: Vec<Spanned<String>>,
    pub weight: Spanned<f64>,
    pub message: String,
    pub suggestion: String,
    pub hit: Vec<String>,
    pub miss: Vec<String>,
    pub source: Option<String>,
}

/// A file that is no lexicon TOML: the line of the error (when known) and
/// what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: Option<usize>,
    pub message: String,
}

/// Parses the TOML of a lexicon file.
pub fn parse(text: &str) -> Result<RawFile, SyntaxError> {
    toml::from_str(text).map_err(|e| SyntaxError {
        line: e.span().map(|s| line_of(text, s.start)),
        message: e.message().trim().to_string(),
    })
}

/// 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// One entry of a lexicon file, not yet validated, with the 1-based lines
/// that errors and the entry's origin name. A user file's records borrow
/// from its [`RawFile`]; the built-in records are static data written by
/// `build.rs`.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    /// Line of the `[[entry]]` header.
    pub line: usize,
    pub id: &'a str,
    pub id_line: usize,
    /// Each pattern as written, with its line.
    pub patterns: Cow<'a, [(&'a str, usize)]>,
    pub weight: f64,
    pub weight_line: usize,
    pub message: &'a str,
    pub suggestion: &'a str,
    pub hit: Cow<'a, [&'a str]>,
    pub miss: Cow<'a, [&'a str]>,
    pub source: Option<&'a str>,
}

/// The records of a parsed file, in file order.
pub fn records<'a>(raw: &'a RawFile, text: &str) -> Vec<Record<'a>> {
    // Every entry records its lines: count newlines once, not once per span.
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line = |offset: usize| newlines.partition_point(|&n| n < offset) + 1;
    let strs = |list: &'a [String]| list.iter().map(String::as_str).collect();
    raw.entry
        .iter()
        .map(|spanned| {
            let e = spanned.get_ref();
            Record {
                line: line(spanned.span().start),
                id: e.id.get_ref(),
                id_line: line(e.id.span().start),
                patterns: e
                    .patterns
                    .iter()
                    .map(|p| (p.get_ref().as_str(), line(p.span().start)))
                    .collect(),
                weight: *e.weight.get_ref(),
                weight_line: line(e.weight.span().start),
                message: &e.message,
                suggestion: &e.suggestion,
                hit: strs(&e.hit),
                miss: strs(&e.miss),
                source: e.source.as_deref(),
            }
        })
        .collect()
}
