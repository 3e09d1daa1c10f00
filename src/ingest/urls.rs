//! URLs in running text are not prose: `https://ai-powered.example` must not
//! count as a buzzword.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::document::{Mask, MaskKind};

/// Masks for the URLs in `text`: from `http://`, `https://` or `www.` to
/// the next white space or closing bracket, without trailing punctuation.
pub fn masks(text: &str) -> Vec<Mask> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = next_start(&text[from..]) {
        let start = from + found;
        let rest = &text[start..];
        let len = rest
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | ']' | '»' | '“' | '”')
            })
            .unwrap_or(rest.len());
        let url = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        out.push(Mask {
            range: start..start + url.len().max(1),
            kind: MaskKind::Url,
        });
        from = start + len.max(1);
    }
    out
}

/// Where URLs can start: one SIMD-accelerated search for all three
/// prefixes, instead of stopping at every `h` and `w` of the text.
fn url_starts() -> &'static AhoCorasick {
    static STARTS: OnceLock<AhoCorasick> = OnceLock::new();
    STARTS.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(["https://", "http://", "www."])
            .expect("three literals")
    })
}

fn next_start(text: &str) -> Option<usize> {
    url_starts().find_iter(text).map(|m| m.start()).find(|&i| {
        !text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::masks;

    #[test]
    fn urls_are_found_without_trailing_punctuation() {
        let text = "See https://ai-powered.example/a?b=1, or www.synergy.example. (http://x.example/y) Thewww.no";
        let found: Vec<&str> = masks(text).into_iter().map(|m| &text[m.range]).collect();
        assert_eq!(
            found,
            [
                "https://ai-powered.example/a?b=1",
                "www.synergy.example",
                "http://x.example/y"
            ]
        );
    }
}
