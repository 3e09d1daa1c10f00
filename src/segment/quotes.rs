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
    let mut prev = ' ';
    let mut chars = text.char_indices().peekable();
    let mut mask = masks.iter().peekable();
    while let Some((i, c)) = chars.next() {
        while mask.peek().is_some_and(|m| m.end <= i) {
            mask.next();
        }
        if mask.peek().is_some_and(|m| m.start <= i) {
            // Quotations never cross code blocks or markup.
            stack.clear();
            prev = ' ';
            continue;
        }
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        if c == '\n'
            && text[i + 1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n')
        {
            stack.clear();
        }
        let word_before = prev.is_alphanumeric();
        let word_after = next.is_alphanumeric();
        prev = c;
        let apostrophe_like = matches!(c, '\'' | '\u{2019}' | '\u{2018}');
        if apostrophe_like && word_before && word_after {
            continue;
        }
        if let Some(pos) = stack.iter().rposition(|o| o.closers.contains(&c)) {
            let closes = !apostrophe_like || !word_after;
            if closes {
                regions.push(stack[pos].start..i + c.len_utf8());
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
}
