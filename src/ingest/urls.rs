//! URLs in running text are not prose: `https://ai-powered.example` must not
//! count as a buzzword.

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

fn next_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = text[at..].find(['h', 'H', 'w', 'W']).map(|i| at + i) {
        let rest = &bytes[i..];
        let starts = rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"http://")
            || rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"https://")
            || rest.len() >= 4 && rest[..4].eq_ignore_ascii_case(b"www.");
        let at_word_start = i == 0
            || !text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        if starts && at_word_start {
            return Some(i);
        }
        at = i + 1;
    }
    None
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
