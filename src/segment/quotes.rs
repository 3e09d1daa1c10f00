//! Quotation regions.
//!
//! A phrase in quotation marks is *mentioned*, not *used*. Quotation marks are
//! paired on a stack so that nesting („er sagte ‚…‘“) works; German, English,
//! French and straight quotes are understood, and an apostrophe between two
//! letters ("isn't") is never a quotation mark. A quotation that is still
//! open at the end of a paragraph was a stray mark: it is dropped rather than
//! allowed to hide the rest of the paragraph from scoring.

use std::ops::Range;

struct Open {
    start: usize,
    closers: &'static [char],
}

/// The byte ranges of all closed quotations in `text` (quotation marks
/// included), sorted by start. Masked ranges are not read.
pub fn quote_regions(text: &str, masks: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut regions = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut mask = masks.iter().peekable();
    let bytes = text.as_bytes();
    let mut at = 0;
    // Quotation marks and line breaks are rare: jump from one candidate byte
    // to the next (every mark this module knows starts with one of these
    // bytes in UTF-8) instead of decoding every character.
    while let Some(skip) = bytes[at..]
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b'\n' | 0xC2 | 0xE2))
    {
        let i = at + skip;
        let c = text[i..]
            .chars()
            .next()
            .expect("candidate starts a character");
        at = i + c.len_utf8();
        while mask.peek().is_some_and(|m| m.end <= i) {
            // Quotations never cross code blocks or markup.
            mask.next();
            stack.clear();
        }
        if mask.peek().is_some_and(|m| m.start <= i) {
            continue;
        }
        if c == '\n' {
            if text[at..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n')
            {
                stack.clear();
            }
            continue;
        }
        let word_before = text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let word_after = text[at..].chars().next().is_some_and(char::is_alphanumeric);
        let apostrophe_like = matches!(c, '\'' | '\u{2019}' | '\u{2018}');
        if apostrophe_like && word_before && word_after {
            continue;
        }
        if let Some(pos) = stack.iter().rposition(|o| o.closers.contains(&c)) {
            let closes = !apostrophe_like || !word_after;
            if closes {
                regions.push(stack[pos].start..at);
                stack.truncate(pos);
                continue;
            }
        }
        let closers: &'static [char] = match c {
            '„' => &['“', '”'],
            '“' => &['”'],
            '"' if !word_before || word_after => &['"'],
            '»' => &['«'],
            '«' => &['»'],
            '‚' => &['‘', '’'],
            '‘' if !word_before => &['’'],
            '\'' if !word_before && word_after => &['\''],
            _ => continue,
        };
        stack.push(Open { start: i, closers });
    }
    regions.sort_by_key(|r| (r.start, r.end));
    regions
}

#[cfg(test)]
mod tests {
    use super::quote_regions;

    fn quoted(text: &str) -> Vec<&str> {
        quote_regions(text, &[])
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn german_english_french_and_straight_quotes() {
        assert_eq!(
            quoted("Er sagte „auf eigenen Wunsch“."),
            ["„auf eigenen Wunsch“"]
        );
        assert_eq!(quoted("She said “let go” twice."), ["“let go”"]);
        assert_eq!(
            quoted("»Synergien« und «Impact»"),
            ["»Synergien«", "«Impact»"]
        );
        assert_eq!(quoted("the \"synergy\" word"), ["\"synergy\""]);
        assert_eq!(
            quoted("the 'customer isn't ready' excuse"),
            ["'customer isn't ready'"]
        );
    }

    #[test]
    fn nested_quotes() {
        assert_eq!(
            quoted("„Er nannte es ‚Neuausrichtung‘, nicht Abbau“"),
            [
                "„Er nannte es ‚Neuausrichtung‘, nicht Abbau“",
                "‚Neuausrichtung‘"
            ]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes_and_stray_marks_end_at_paragraphs() {
        assert!(quoted("It isn't ready and the team’s plan works.").is_empty());
        assert!(quoted("A stray „mark here\n\nand a new paragraph").is_empty());
    }

    #[test]
    fn quotations_do_not_cross_masks_and_masked_marks_are_ignored() {
        let text = "„Alpha `x` Beta“ and `\"` then \"Gamma\"";
        let code = |needle: &str| {
            let start = text.find(needle).unwrap();
            start..start + needle.len()
        };
        let masks = [code("`x`"), code("`\"`")];
        let found: Vec<&str> = quote_regions(text, &masks)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["\"Gamma\""]);
    }
}
