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

/// The marks that close a quotation.
const CLOSERS: [char; 8] = ['“', '”', '«', '»', '‘', '’', '"', '\''];

/// The open quotations, with an index that finds the innermost one a mark
/// closes in constant time. Searching the stack for it was quadratic in a
/// paragraph of thousands of opening marks that never close (issue #9:
/// 1 MB of `„auf eigenen Wunsch ` took 3.5 s).
#[derive(Default)]
struct Stack {
    open: Vec<Open>,
    /// For each mark of [`CLOSERS`], the positions in `open` of the
    /// quotations it closes, in order.
    closed_by: [Vec<usize>; CLOSERS.len()],
}

impl Stack {
    fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    fn clear(&mut self) {
        self.open.clear();
        self.closed_by.iter_mut().for_each(Vec::clear);
    }

    fn push(&mut self, open: Open) {
        for c in open.closers {
            if let Some(k) = CLOSERS.iter().position(|x| x == c) {
                self.closed_by[k].push(self.open.len());
            }
        }
        self.open.push(open);
    }

    /// The innermost open quotation that `c` closes.
    fn innermost_closed_by(&self, c: char) -> Option<usize> {
        let k = CLOSERS.iter().position(|&x| x == c)?;
        self.closed_by[k].last().copied()
    }

    fn truncate(&mut self, len: usize) {
        self.open.truncate(len);
        for positions in &mut self.closed_by {
            while positions.last().is_some_and(|&p| p >= len) {
                positions.pop();
            }
        }
    }
}

/// The byte ranges of all closed quotations in `text` (quotation marks
/// included), sorted by start. Masked ranges are not read.
pub fn quote_regions(text: &str, masks: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut regions = Vec::new();
    let mut stack = Stack::default();
    let mut mask = masks.iter().peekable();
    let bytes = text.as_bytes();
    let mut candidates = Candidates::new(bytes);
    let mut at = 0;
    // Only the marks and line breaks matter, and a line break only while a
    // quotation is open: SIMD searches jump from one candidate byte to the
    // next, and other characters behind the lead bytes 0xC2 and 0xE2 (dashes,
    // no-break spaces, ellipses) are passed over without decoding. Passing a
    // candidate over is safe: before the next one that is acted on, nothing
    // touches the stack, and the mask loop below catches up then.
    while let Some(i) = candidates.next(at, !stack.is_empty()) {
        let (c, len) = match bytes[i] {
            b'\n' => ('\n', 1),
            b'"' => ('"', 1),
            b'\'' => ('\'', 1),
            0xC2 => match bytes[i + 1] {
                0xAB => ('«', 2),
                0xBB => ('»', 2),
                _ => {
                    at = i + 1;
                    continue;
                }
            },
            // 0xE2: the marks of this module are U+2018 to U+201E.
            _ => match (bytes[i + 1], bytes[i + 2]) {
                (0x80, 0x98) => ('‘', 3),
                (0x80, 0x99) => ('’', 3),
                (0x80, 0x9A) => ('‚', 3),
                (0x80, 0x9C) => ('“', 3),
                (0x80, 0x9D) => ('”', 3),
                (0x80, 0x9E) => ('„', 3),
                _ => {
                    at = i + 1;
                    continue;
                }
            },
        };
        at = i + len;
        while mask.peek().is_some_and(|m| m.end <= i) {
            // Quotations never cross code blocks or markup.
            mask.next();
            stack.clear();
        }
        if mask.peek().is_some_and(|m| m.start <= i) {
            continue;
        }
        if c == '\n' {
            let next_line = bytes[at..]
                .iter()
                .find(|b| !matches!(b, b' ' | b'\t' | b'\r'));
            if next_line == Some(&b'\n') {
                stack.clear();
            }
            continue;
        }
        let word_before = match i.checked_sub(1).map(|j| bytes[j]) {
            None => false,
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
            Some(_) => text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric),
        };
        let word_after = match bytes.get(at) {
            None => false,
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
            Some(_) => text[at..].chars().next().is_some_and(char::is_alphanumeric),
        };
        let apostrophe_like = matches!(c, '\'' | '\u{2019}' | '\u{2018}');
        if apostrophe_like && word_before && word_after {
            continue;
        }
        if let Some(pos) = stack.innermost_closed_by(c) {
            let closes = !apostrophe_like || !word_after;
            if closes {
                regions.push(stack.open[pos].start..at);
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

/// Candidate bytes in text order: `"`, `'` and the UTF-8 lead bytes 0xC2 and
/// 0xE2 (every mark starts with one of these), and line breaks on request.
/// Each search remembers its next hit, so the text is read about once per
/// search whatever the mix of candidates.
struct Candidates<'t> {
    bytes: &'t [u8],
    /// Per search (`"'`+0xE2, 0xC2, `\n`): its next hit at or after the last
    /// search position. Searches only move forward, so `None` stays true.
    next: [Option<usize>; 3],
    /// Whether `next[2]` has been searched at all.
    lines_searched: bool,
}

impl<'t> Candidates<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        let mut candidates = Candidates {
            bytes,
            next: [None; 3],
            lines_searched: false,
        };
        candidates.search(0, 0);
        candidates.search(1, 0);
        candidates
    }

    fn search(&mut self, k: usize, at: usize) {
        let hay = &self.bytes[at..];
        let found = match k {
            0 => memchr::memchr3(b'"', b'\'', 0xE2, hay),
            1 => memchr::memchr(0xC2, hay),
            _ => memchr::memchr(b'\n', hay),
        };
        self.next[k] = found.map(|p| at + p);
    }

    /// The first candidate at or after `at`; line breaks only if `lines`.
    fn next(&mut self, at: usize, lines: bool) -> Option<usize> {
        if lines && !self.lines_searched {
            self.lines_searched = true;
            self.search(2, at);
        }
        let searches = if lines { 3 } else { 2 };
        let mut nearest = None;
        for k in 0..searches {
            if self.next[k].is_some_and(|p| p < at) {
                self.search(k, at);
            }
            if let Some(p) = self.next[k]
                && nearest.is_none_or(|q| p < q)
            {
                nearest = Some(p);
            }
        }
        nearest
    }
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use proptest::prelude::*;

    use super::{Open, quote_regions};

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

    #[test]
    fn line_breaks_end_open_quotations_only_at_blank_lines() {
        assert_eq!(
            quoted("„über\nzwei Zeilen“ und \"one\r\nline\""),
            ["„über\nzwei Zeilen“", "\"one\r\nline\""]
        );
        // A line holding only spaces, tabs or carriage returns is blank.
        assert!(quoted("„offen\n \t\r\nzu“").is_empty());
        assert_eq!(quoted("»stray\n\n« and »closed\n"), ["« and »"]);
        // Blank lines with no open quotation change nothing.
        assert_eq!(quoted("\n\n„a“\n\n\n“b”\n"), ["„a“", "“b”"]);
    }

    #[test]
    fn apostrophes_inside_words_and_after_non_ascii_letters() {
        assert!(quoted("Björn’s and Müller's plan: don't, won‘t").is_empty());
        assert_eq!(
            quoted("‘Ärger’ and 'Öl' and 'x'"),
            ["‘Ärger’", "'Öl'", "'x'"]
        );
        // Closing apostrophe after a non-ASCII letter, before a space.
        assert_eq!(quoted("'Maß' ok"), ["'Maß'"]);
    }

    #[test]
    fn other_characters_behind_the_same_lead_bytes_are_not_marks() {
        // En dash, ellipsis, no-break space, section sign, single low-9 and
        // reversed-9 quotation marks (U+201B, U+201F are not understood).
        let text = "„a – b… c\u{a0}§ ‛d ‟e“";
        assert_eq!(quoted(text), [text]);
        assert!(quoted("– … \u{a0} ‛x‛ ‟y‟").is_empty());
    }

    #[test]
    fn a_mask_inside_a_quotation_drops_it_and_masked_marks_do_nothing() {
        let text = "„eins `zwei` drei“ und „vier“ \"x\n\ny\"";
        let code = text.find('`').unwrap()..text.rfind('`').unwrap() + 1;
        let found: Vec<&str> = quote_regions(text, &[code])
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["„vier“"]);
        // A mark right at the end of a mask is read.
        let text = "`„`“a”";
        let mask = 0..5;
        let found: Vec<&str> = quote_regions(text, std::slice::from_ref(&mask))
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["“a”"]);
    }

    /// The previous implementation: a byte loop over all candidate bytes.
    fn reference(text: &str, masks: &[Range<usize>]) -> Vec<Range<usize>> {
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

    fn pieces(count: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a",
            "x",
            "Ö",
            "ß",
            "1",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\n \t\r\n",
            ".",
            ",",
            "\"",
            "'",
            "’",
            "‘",
            "„",
            "“",
            "”",
            "»",
            "«",
            "‚",
            "‛",
            "–",
            "…",
            "\u{a0}",
            "§",
            "http://",
            "WWW.",
            "don't",
            "team’s",
            "word",
            "42",
        ]);
        prop::collection::vec(piece, count).prop_map(|v| v.concat())
    }

    /// A text and masks over it: any ranges, in text order or not.
    fn with_masks(
        text: impl Strategy<Value = String>,
    ) -> impl Strategy<Value = (String, Vec<Range<usize>>)> {
        text.prop_flat_map(|text| {
            let len = text.len();
            let ranges = prop::collection::vec((0..=len + 1, 0..=len + 1), 0..5);
            (Just(text), ranges, any::<bool>())
        })
        .prop_map(|(text, ranges, sorted)| {
            let mut masks: Vec<Range<usize>> = ranges
                .into_iter()
                .map(|(a, b)| a.min(b)..a.max(b))
                .collect();
            if sorted {
                masks.sort_by_key(|m| m.start);
            }
            (text, masks)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn same_regions_as_the_byte_loop((text, masks) in with_masks(pieces(0..40))) {
            prop_assert_eq!(quote_regions(&text, &masks), reference(&text, &masks));
            prop_assert_eq!(quote_regions(&text, &[]), reference(&text, &[]));
        }

        /// Long texts: the byte searches take their SIMD paths.
        #[test]
        fn same_regions_on_long_texts((text, masks) in with_masks(pieces(100..600))) {
            prop_assert_eq!(quote_regions(&text, &masks), reference(&text, &masks));
            prop_assert_eq!(quote_regions(&text, &[]), reference(&text, &[]));
        }
    }
}
