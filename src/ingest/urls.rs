//! URLs in running text are not prose: `https://ai-powered.example` must not
//! count as a buzzword.

use std::sync::LazyLock;

use memchr::memmem;

use crate::document::{Mask, MaskKind};

/// Masks for the URLs in `text`: from `http://`, `https://` or `www.` to
/// the next white space or closing bracket, without trailing punctuation.
pub fn masks(text: &str) -> Vec<Mask> {
    let mut out = Vec::new();
    let mut starts = Starts::new(text);
    let mut from = 0;
    while let Some(start) = starts.next_from(from) {
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

/// Where URLs can start: `http://`, `https://` and `www.` in any ASCII case.
///
/// Three SIMD substring searches, each stopping only at a real candidate:
/// `://` (the scheme before it is then compared), and `w.` and `W.` (every
/// case of `www.` ends in one of them; the two letters before are then
/// compared). Sentence ends and the `w` of ordinary words cost nothing.
/// Before its anchor a prefix has only letters, which hold no other anchor:
/// prefixes never overlap and their starts come in the order of the anchors,
/// so this finds the same starts as one search for the three prefixes.
struct Starts<'t> {
    text: &'t str,
    finders: &'static [memmem::Finder<'static>; 3],
    /// Per finder: its next match at or after the last search position.
    /// Searches only move forward, so `None` stays true.
    next: [Option<usize>; 3],
}

impl<'t> Starts<'t> {
    fn new(text: &'t str) -> Self {
        // Built once: building them for every document cost as much as a
        // search of a short one.
        static FINDERS: LazyLock<[memmem::Finder<'static>; 3]> = LazyLock::new(|| {
            [
                memmem::Finder::new(b"://"),
                memmem::Finder::new(b"w."),
                memmem::Finder::new(b"W."),
            ]
        });
        let mut starts = Starts {
            text,
            finders: &FINDERS,
            next: [None; 3],
        };
        for k in 0..3 {
            starts.search(k, 0);
        }
        starts
    }

    fn search(&mut self, k: usize, at: usize) {
        self.next[k] = self.finders[k]
            .find(&self.text.as_bytes()[at..])
            .map(|p| at + p);
    }

    /// The first start at or after `from` that begins a word: the character
    /// before it, if it lies at or after `from`, is not alphanumeric.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        loop {
            // Bring every finder up to `from`, then take the nearest match.
            let mut nearest: Option<(usize, usize)> = None;
            for k in 0..3 {
                if self.next[k].is_some_and(|p| p < from) {
                    self.search(k, from);
                }
                if let Some(p) = self.next[k]
                    && nearest.is_none_or(|(q, _)| p < q)
                {
                    nearest = Some((p, k));
                }
            }
            let (found, k) = nearest?;
            self.search(k, found + 1);
            let before = &bytes[from..found];
            let start = match k {
                0 => ends_with_ignore_case(before, b"https")
                    .or_else(|| ends_with_ignore_case(before, b"http")),
                _ => ends_with_ignore_case(before, b"ww"),
            };
            let Some(start) = start.map(|len| found - len) else {
                continue;
            };
            let word_start = start == from
                || match bytes[start - 1] {
                    b if b.is_ascii() => !b.is_ascii_alphanumeric(),
                    _ => !self.text[..start]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric),
                };
            if word_start {
                return Some(start);
            }
        }
    }
}

/// `Some(suffix.len())` if `bytes` ends with `suffix`, ignoring ASCII case.
fn ends_with_ignore_case(bytes: &[u8], suffix: &[u8]) -> Option<usize> {
    let start = bytes.len().checked_sub(suffix.len())?;
    bytes[start..]
        .eq_ignore_ascii_case(suffix)
        .then_some(suffix.len())
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use aho_corasick::{AhoCorasick, MatchKind};
    use proptest::prelude::*;

    use super::masks;
    use crate::document::{Mask, MaskKind};

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

    fn found(text: &str) -> Vec<&str> {
        masks(text).into_iter().map(|m| &text[m.range]).collect()
    }

    #[test]
    fn prefixes_in_any_ascii_case() {
        assert_eq!(
            found("WWW.Example.org, HTTPS://A.example and HtTp://b.example."),
            ["WWW.Example.org", "HTTPS://A.example", "HtTp://b.example"]
        );
    }

    #[test]
    fn prefixes_inside_words_do_not_start_urls() {
        assert!(found("xhttp://a.example Öwww.b.example 1https://c.example").is_empty());
        assert!(found("awwww.example ahttps://x").is_empty());
        // Not alphanumeric before: punctuation, a non-ASCII symbol, a dash.
        assert_eq!(
            found("(www.a.example) —https://b.example"),
            ["www.a.example", "https://b.example"]
        );
    }

    #[test]
    fn incomplete_prefixes_and_text_edges() {
        assert!(found("http:/ www http: https:/x ww.x w.w.w.").is_empty());
        assert_eq!(found("www."), ["www"]);
        assert_eq!(found("http://"), ["http://"]);
        assert_eq!(found("wwww."), Vec::<&str>::new());
        assert_eq!(found("a.www.b http://x"), ["www.b", "http://x"]);
    }

    /// The previous implementation: one ASCII-case-insensitive Aho–Corasick
    /// search for the three prefixes.
    fn reference(text: &str) -> Vec<Mask> {
        static STARTS: OnceLock<AhoCorasick> = OnceLock::new();
        let starts = STARTS.get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostFirst)
                .build(["https://", "http://", "www."])
                .expect("three literals")
        });
        let next_start = |text: &str| {
            starts.find_iter(text).map(|m| m.start()).find(|&i| {
                !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            })
        };
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

    fn pieces(count: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a", "x", "Z", "ö", "1", " ", "\n", ".", ":", "/", "//", "://", "'", "\"", ")", "»",
            "“", "—", "w", "W", "www.", "WWW.", "wWw.", "ww.", "http://", "HTTP://", "https://",
            "HtTpS://", "http:/", "https", "example", ",", "?", "<",
        ]);
        prop::collection::vec(piece, count).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn same_masks_as_the_aho_corasick_search(text in pieces(0..40)) {
            let got: Vec<_> = masks(&text).into_iter().map(|m| m.range).collect();
            let want: Vec<_> = reference(&text).into_iter().map(|m| m.range).collect();
            prop_assert_eq!(got, want);
        }

        /// Long texts: the substring searches take their SIMD paths.
        #[test]
        fn same_masks_on_long_texts(text in pieces(100..600)) {
            let got: Vec<_> = masks(&text).into_iter().map(|m| m.range).collect();
            let want: Vec<_> = reference(&text).into_iter().map(|m| m.range).collect();
            prop_assert_eq!(got, want);
        }
    }
}
