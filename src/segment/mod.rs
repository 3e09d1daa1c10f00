//! Segmentation: original text → tokens, sentences, clauses and quote regions.
//!
//! Every span here is a byte range into the document's original text; the
//! folded forms used for matching live in one separate buffer
//! ([`Segmented::norm`]), so matching never moves an offset (see
//! [`fold`]).

pub mod fold;
mod quotes;

use std::ops::Range;

use crate::document::{Document, Lang};

pub use quotes::quote_regions;

/// One word of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the original text.
    pub span: Range<usize>,
    /// Byte span of the folded form in [`Segmented::norm`].
    pub norm: Range<usize>,
    /// Index of the sentence the token belongs to.
    pub sentence: u32,
    /// Index of the clause (part of a sentence between commas, colons, …).
    pub clause: u32,
    /// Joined to the previous token by a hyphen only ("Headcount-Planung"):
    /// a part of a compound, not a word of its own when counting words.
    pub compound: bool,
}

/// What klartext sees in a text: its tokens, sentences and quote regions.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    /// The words, in text order.
    pub tokens: Vec<Token>,
    /// The folded form of every token, each followed by one space, after a
    /// leading space (`" wir heben synergien "`): every word starts after a
    /// space and ends before one. The prefilter searches this buffer.
    pub norm: String,
    /// Token index ranges of the sentences, in order, covering all tokens.
    pub sentences: Vec<Range<usize>>,
    /// Byte ranges of quotations, including the quotation marks.
    pub quotes: Vec<Range<usize>>,
    /// Language evidence of the first words: German and English function
    /// words (and German words with umlauts), counted while folding
    /// ([`crate::langid::evidence`]).
    pub evidence: (usize, usize),
}

impl Segmented {
    /// Segments `text`, leaving out the byte ranges in `masks` (sorted,
    /// non-overlapping), which are not prose (code, markup).
    pub fn new(text: &str, masks: &[Range<usize>]) -> Segmented {
        // Built as bytes: a short ASCII word is stored eight bytes at once
        // (a `String` would check or copy byte by byte); validated at the end.
        // Eight bytes of room past the last word for that store.
        let mut norm = Vec::with_capacity(text.len() + 10);
        norm.push(b' ');
        let mut seg = Segmented {
            // About one token per six bytes of prose.
            tokens: Vec::with_capacity(text.len() / 6),
            ..Segmented::default()
        };
        let mut sentence = 0u32;
        let mut clause = 0u32;
        let mut sentence_start = 0usize;
        let mut prev_end: Option<usize> = None;
        let bytes = text.as_bytes();
        let function_words = crate::langid::table();
        for prose in unmasked(text.len(), masks) {
            let mut i = prose.start;
            while i < prose.end {
                // ASCII fast path: most separators are spaces and punctuation,
                // most words plain ASCII letters.
                let b = bytes[i];
                let c = if b.is_ascii() {
                    if !ASCII_WORD[usize::from(b)] {
                        i += 1;
                        continue;
                    }
                    char::from(b)
                } else if latin1_letter(bytes, i) {
                    char_at(text, i)
                } else {
                    let c = char_at(text, i);
                    if !c.is_alphanumeric() {
                        i += c.len_utf8();
                        continue;
                    }
                    c
                };
                let start = i;
                let end = ascii_word_end(bytes, i, prose.end);
                // A non-ASCII letter or an apostrophe may continue the word.
                let ascii = end == prose.end || (bytes[end].is_ascii() && bytes[end] != b'\'');
                i = if ascii {
                    end
                } else {
                    word_end(text, end, prose.end)
                };
                let boundary = match prev_end {
                    None => Boundary::None,
                    // A mask between two words (a code block) ends the sentence.
                    Some(p) if p < prose.start => Boundary::Sentence,
                    // One space: the commonest separator by far.
                    Some(p) if p + 1 == start && bytes[p] == b' ' => Boundary::None,
                    Some(p) => {
                        let prev = &seg.tokens[seg.tokens.len() - 1];
                        boundary(&text[p..start], &norm[prev.norm.clone()], c)
                    }
                };
                match boundary {
                    Boundary::Sentence => {
                        seg.sentences.push(sentence_start..seg.tokens.len());
                        sentence_start = seg.tokens.len();
                        sentence += 1;
                        clause += 1;
                    }
                    Boundary::Clause => clause += 1,
                    Boundary::None | Boundary::Compound => {}
                }
                let norm_start = norm.len();
                let word = &bytes[start..i];
                let ascii = ascii || word.is_ascii();
                let sample = seg.tokens.len() < crate::langid::SAMPLE;
                let mut function_word = None;
                if ascii && word.len() < 8 && start + 8 <= bytes.len() {
                    // Most words: ASCII letters, digits (and apostrophes), which
                    // bit 5 lowercases or leaves alone, eight bytes at once,
                    // stored with the space after them.
                    let eight = &bytes[start..start + 8];
                    let v = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
                    let lower = (v | splat(0x20)) & crate::wordtable::low_bytes(word.len());
                    norm.extend_from_slice(
                        &(lower | (u64::from(b' ') << (8 * word.len()))).to_le_bytes(),
                    );
                    norm.truncate(norm_start + word.len() + 1);
                    if sample {
                        function_word = function_words.get_short(lower, word.len());
                    }
                } else {
                    if ascii {
                        norm.extend_from_slice(word);
                        norm[norm_start..].make_ascii_lowercase();
                    } else {
                        for c in text[start..i].chars() {
                            fold::push_folded(c, &mut norm);
                        }
                    }
                    if sample {
                        function_word = function_words.get(&norm[norm_start..]);
                    }
                    norm.push(b' ');
                }
                let norm_end = norm.len() - 1;
                if sample {
                    let folded = &norm[norm_start..norm_end];
                    let (de, en) = crate::langid::word_evidence(function_word, folded, ascii);
                    seg.evidence.0 += de;
                    seg.evidence.1 += en;
                }
                seg.tokens.push(Token {
                    span: start..i,
                    norm: norm_start..norm_end,
                    sentence,
                    clause,
                    compound: boundary == Boundary::Compound,
                });
                prev_end = Some(i);
            }
        }
        if sentence_start < seg.tokens.len() {
            seg.sentences.push(sentence_start..seg.tokens.len());
        }
        seg.norm = String::from_utf8(norm).expect("folded words are UTF-8");
        seg.quotes = quote_regions(text, masks);
        seg
    }

    /// Segments a document: its masks are left out and the quotations its
    /// format marks (Markdown block quotes) are added to those found by
    /// quotation marks.
    pub fn of(doc: &Document) -> Segmented {
        let mut seg = Segmented::new(&doc.text, &doc.mask_ranges());
        if !doc.quotes.is_empty() {
            seg.quotes.extend(doc.quotes.iter().cloned());
            seg.quotes.sort_by_key(|r| (r.start, r.end));
        }
        seg
    }

    /// The folded form of token `i`.
    pub fn norm_of(&self, i: usize) -> &str {
        &self.norm[self.tokens[i].norm.clone()]
    }

    /// Number of words: tokens that are not the tail of a hyphenated compound.
    pub fn words(&self) -> usize {
        self.tokens.iter().filter(|t| !t.compound).count()
    }

    /// Index of the token whose folded form contains byte `offset` of
    /// [`Segmented::norm`] (or the next token when `offset` is a separator).
    pub fn token_at_norm(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.norm.end <= offset)
    }

    /// Whether token `first` is negated: a negation cue of `lang` stands
    /// before it in the same clause.
    pub fn negated(&self, first: usize, lang: Lang) -> bool {
        let clause = self.tokens[first].clause;
        (0..first)
            .rev()
            .take_while(|&i| self.tokens[i].clause == clause)
            .any(|i| is_negation_cue(self.norm_of(i), lang))
    }

    /// Whether the byte span lies inside one quotation.
    pub fn quoted(&self, span: &Range<usize>) -> bool {
        self.quotes
            .iter()
            .any(|q| q.start <= span.start && span.end <= q.end)
    }
}

/// Whether a folded word negates what follows it in its clause.
pub fn is_negation_cue(word: &str, lang: Lang) -> bool {
    match lang {
        Lang::De => {
            word.starts_with("kein")
                || matches!(
                    word,
                    "nicht" | "nichts" | "nie" | "niemals" | "ohne" | "weder"
                )
        }
        Lang::En => {
            word.ends_with("n't")
                || matches!(
                    word,
                    "no" | "not" | "never" | "without" | "nor" | "neither" | "cannot"
                )
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boundary {
    None,
    Compound,
    Clause,
    Sentence,
}

/// Folded words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "abs", "bspw", "bzgl", "bzw", "ca", "co", "corp", "dipl", "dr", "etc", "evtl", "fr", "ggf",
    "hr", "inc", "inkl", "ing", "jr", "ltd", "mio", "mr", "mrd", "mrs", "ms", "nr", "prof", "sog",
    "sr", "st", "tsd", "usw", "vgl", "vs", "zzgl",
];

/// Classifies the separator between two words; `prev` is the folded word
/// before it.
///
/// One pass over the separator's bytes (most are one to three bytes long)
/// notes what the rules below ask for.
fn boundary(sep: &str, prev: &[u8], next_first: char) -> Boundary {
    if sep == " " {
        return Boundary::None;
    }
    if matches!(sep, "-" | "\u{2010}" | "\u{2011}") {
        return Boundary::Compound;
    }
    let bytes = sep.as_bytes();
    let mut newlines = 0;
    let mut last_newline = None;
    let mut dot = None;
    let mut clause = false;
    for (k, &b) in bytes.iter().enumerate() {
        match b {
            b'!' | b'?' => return Boundary::Sentence,
            b'\n' => {
                newlines += 1;
                last_newline = Some(k);
            }
            b'.' => {
                dot.get_or_insert(k);
            }
            b',' | b';' | b':' | b'(' | b')' | b'[' | b']' => clause = true,
            b'-' => clause |= bytes[..k].ends_with(b" ") && bytes[k + 1..].starts_with(b" "),
            // U+2026 (…), U+2013 (–) and U+2014 (—).
            0xE2 => match &bytes[k + 1..] {
                [0x80, 0xA6, ..] => {
                    dot.get_or_insert(k);
                }
                [0x80, 0x93 | 0x94, ..] => clause = true,
                _ => {}
            },
            _ => {}
        }
    }
    // A blank line (or a line of punctuation only).
    if newlines >= 2 {
        return Boundary::Sentence;
    }
    if let Some(nl) = last_newline {
        // A new list item, heading, quote or table row starts a new sentence.
        let line = sep[nl + 1..].trim_start();
        if line.starts_with(['-', '*', '+', '#', '>', '•', '|']) {
            return Boundary::Sentence;
        }
    }
    if let Some(dot) = dot {
        let after = &sep[dot..];
        let chars = prev.iter().filter(|&&b| !(0x80..0xC0).contains(&b)).count();
        let ends = after.chars().any(char::is_whitespace)
            && !next_first.is_lowercase()
            && !ABBREVIATIONS.iter().any(|a| a.as_bytes() == prev)
            && chars > 1
            // "am 3. März": a short number before the period is an ordinal.
            && !(prev.len() <= 2 && prev.iter().all(u8::is_ascii_digit));
        if ends {
            return Boundary::Sentence;
        }
    }
    if clause {
        return Boundary::Clause;
    }
    Boundary::None
}

/// ASCII letters and digits, as a table: the tokenizer asks for every byte.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Byte `b` in each of the eight bytes of an integer.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The end of the run of ASCII letters and digits from `i` (not past
/// `limit`), eight bytes at a time: most words end within the first eight,
/// with one branch instead of one per letter.
fn ascii_word_end(bytes: &[u8], mut i: usize, limit: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `x` (all below 0x80) that is at least
    // `lo`: no sum carries into the next byte.
    let at_least = |x: u64, lo: u8| x.wrapping_add(splat(0x80 - lo)) & HIGH;
    while i + 8 <= limit {
        let v = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let x = v & !HIGH;
        let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
        let lower = x | splat(0x20);
        let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
        // Non-ASCII bytes (high bit set) end the run too.
        let stop = !(digit | letter) & HIGH | (v & HIGH);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < limit && ASCII_WORD[usize::from(bytes[i])] {
        i += 1;
    }
    i
}

/// The end of the word starting at `i`: letters, digits and combining marks;
/// an apostrophe or soft hyphen stays inside when a letter or digit follows.
fn word_end(text: &str, mut i: usize, limit: usize) -> usize {
    while i < limit {
        let b = text.as_bytes()[i];
        if b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        if latin1_letter(text.as_bytes(), i) {
            i += 2;
            continue;
        }
        let c = char_at(text, i);
        let len = c.len_utf8();
        let inside = c.is_alphanumeric()
            || ('\u{0300}'..='\u{036F}').contains(&c)
            || (matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{00AD}')
                && i + len < limit
                && char_at(text, i + len).is_alphanumeric());
        if !inside {
            break;
        }
        i += len;
    }
    i
}

/// Whether the character at byte `i` is a letter of Latin-1 (U+00C0 to
/// U+00FF: umlauts, ß, accented letters), told from its two bytes without a
/// Unicode table: all of that block are letters but `×` and `÷`.
fn latin1_letter(bytes: &[u8], i: usize) -> bool {
    bytes[i] == 0xC3 && bytes.get(i + 1).is_some_and(|&b| b != 0x97 && b != 0xB7)
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().expect("index inside text")
}

/// The byte ranges of `0..len` that no mask covers.
fn unmasked(len: usize, masks: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(masks.len() + 1);
    let mut at = 0;
    for m in masks {
        if m.start > at {
            out.push(at..m.start);
        }
        at = at.max(m.end);
    }
    if at < len {
        out.push(at..len);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(seg: &Segmented) -> Vec<&str> {
        (0..seg.tokens.len()).map(|i| seg.norm_of(i)).collect()
    }

    #[test]
    fn latin1_letters_are_the_alphanumeric_characters_of_their_block() {
        for c in '\u{80}'..='\u{7FF}' {
            let text = format!("{c}x");
            let want = ('\u{C0}'..='\u{FF}').contains(&c) && c.is_alphanumeric();
            assert_eq!(latin1_letter(text.as_bytes(), 0), want, "{c:?}");
        }
    }

    #[test]
    fn ascii_words_end_where_the_table_says() {
        // Every byte value at every position of a 20-byte window, with and
        // without room for the eight-byte steps.
        for b in 0..=255u8 {
            for pos in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[pos] = b;
                let expected = |from: usize, limit: usize| {
                    (from..limit)
                        .find(|&k| !ASCII_WORD[usize::from(bytes[k])])
                        .unwrap_or(limit.max(from))
                };
                for limit in [20, pos + 1, pos.saturating_sub(3)] {
                    for from in [0, 1] {
                        assert_eq!(
                            ascii_word_end(&bytes, from, limit),
                            expected(from, limit),
                            "{b} at {pos}, from {from}, limit {limit}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn tokens_keep_original_spans() {
        let text = "Die KI-basierten Lösungen – GRÖẞER.";
        let seg = Segmented::new(text, &[]);
        assert_eq!(
            words(&seg),
            ["die", "ki", "basierten", "lösungen", "grösser"]
        );
        assert_eq!(&text[seg.tokens[4].span.clone()], "GRÖẞER");
        assert!(seg.tokens[2].compound);
        assert_eq!(seg.words(), 4);
    }

    #[test]
    fn apostrophes_and_soft_hyphens_stay_inside_words() {
        let seg = Segmented::new("The customer isn’t ready. Digi\u{00AD}tal", &[]);
        assert_eq!(
            words(&seg),
            ["the", "customer", "isn't", "ready", "digital"]
        );
    }

    #[test]
    fn sentences_respect_abbreviations_ordinals_and_decimals() {
        let seg = Segmented::new(
            "Am 3. März kam z. B. Dr. Meier. Er wuchs um 3.5 Prozent! Dann ging er.",
            &[],
        );
        assert_eq!(seg.sentences.len(), 3, "{:?}", seg.sentences);
    }

    #[test]
    fn separators_are_classified() {
        use Boundary::*;
        let cases: [(&str, &str, char, Boundary); 17] = [
            (" ", "wir", 'h', None),
            ("-", "ki", 'b', Compound),
            ("\u{2011}", "ki", 'b', Compound),
            (", ", "wir", 'h', Clause),
            (" - ", "wir", 'h', Clause),
            ("- ", "wir", 'h', None),
            (" – ", "wir", 'h', Clause),
            ("—", "wir", 'h', Clause),
            ("! ", "ja", 'n', Sentence),
            ("\n\n", "titel", 'E', Sentence),
            ("\n", "zeile", 'w', None),
            ("\n  • ", "zeile", 'P', Sentence),
            (". ", "meier", 'E', Sentence),
            (". ", "dr", 'M', None),
            (". ", "3", 'M', None),
            ("… ", "und", 'D', Sentence),
            (".", "3", '5', None),
        ];
        for (sep, prev, next, want) in cases {
            assert_eq!(
                boundary(sep, prev.as_bytes(), next),
                want,
                "{sep:?} after {prev}"
            );
        }
    }

    #[test]
    fn blank_lines_and_list_items_end_sentences() {
        let seg = Segmented::new(
            "Titel ohne Punkt\n\nErster Satz\n- Punkt eins\n- Punkt zwei",
            &[],
        );
        assert_eq!(seg.sentences.len(), 4);
    }

    #[test]
    fn masks_are_not_tokens_and_end_sentences() {
        let text = "Wir heben\n```\ncode\n```\nSynergien";
        let start = text.find("```").unwrap();
        let end = text.rfind("```").unwrap() + 3;
        let masks = [std::ops::Range { start, end }];
        let seg = Segmented::new(text, &masks);
        assert_eq!(words(&seg), ["wir", "heben", "synergien"]);
        assert_eq!(seg.sentences.len(), 2);
    }

    #[test]
    fn negation_is_limited_to_the_clause() {
        let seg = Segmented::new("Das war nicht einvernehmlich, sondern einvernehmlich.", &[]);
        assert!(seg.negated(3, Lang::De));
        assert!(!seg.negated(5, Lang::De));
        let seg = Segmented::new("This wasn't a mutual agreement", &[]);
        assert!(seg.negated(3, Lang::En));
    }

    #[test]
    fn token_at_norm_maps_prefilter_hits_back() {
        let seg = Segmented::new("Alpha, beta\n\nGAMMA", &[]);
        // Every word between single spaces, whatever separated it.
        assert_eq!(seg.norm, " alpha beta gamma ");
        assert_eq!(seg.token_at_norm(0), 0);
        assert_eq!(seg.token_at_norm(1), 0);
        assert_eq!(seg.token_at_norm(7), 1);
        assert_eq!(seg.token_at_norm(11), 2);
        assert_eq!(Segmented::new("", &[]).norm, " ");
    }
}
