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
use crate::wordtable::low_bytes;

pub use quotes::quote_regions;

/// One word of the text.
///
/// Twenty-four bytes, offsets as `u32` (a document is at most
/// [`MAX_TEXT`] bytes): the segmenter writes one per word and the
/// prefilter reads them all, and at 48 bytes (offsets as `usize`) they
/// were the most of the memory a document's analysis went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    span: [u32; 2],
    norm: [u32; 2],
    /// Index of the sentence the token belongs to.
    pub sentence: u32,
    /// The clause, and [`COMPOUND`].
    clause: u32,
}

/// The bit of [`Token::clause`] that marks a compound's part.
const COMPOUND: u32 = 1 << 31;

/// The longest text [`Segmented::new`] takes: 2 GiB, so that the offsets
/// of its words and of their folded forms (folding makes a text at most
/// half as long again) fit in a [`Token`].
pub const MAX_TEXT: usize = 2 << 30;

impl Token {
    /// Byte span in the original text.
    pub fn span(&self) -> Range<usize> {
        self.span[0] as usize..self.span[1] as usize
    }

    /// Byte span of the folded form in [`Segmented::norm`].
    pub fn norm(&self) -> Range<usize> {
        self.norm[0] as usize..self.norm[1] as usize
    }

    /// Index of the clause (part of a sentence between commas, colons, …).
    pub fn clause(&self) -> u32 {
        self.clause & !COMPOUND
    }

    /// Joined to the previous token by a hyphen only ("Headcount-Planung"):
    /// a part of a compound, not a word of its own when counting words.
    pub fn compound(&self) -> bool {
        self.clause & COMPOUND != 0
    }
}

/// What klartext sees in a text: its tokens, sentences and quote regions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmented {
    /// The words, in text order.
    pub tokens: Vec<Token>,
    /// The folded form of every token, each followed by one space, after a
    /// leading space (`" wir heben synergien "`): every word starts after a
    /// space and ends before one. The prefilter searches this buffer. It is
    /// UTF-8 (folded characters and ASCII), kept as bytes: matching compares
    /// bytes, and checking it again as a `String` cost a pass over it.
    pub norm: Vec<u8>,
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
    /// Panics on a text longer than [`MAX_TEXT`] (ingest skips those).
    pub fn new(text: &str, masks: &[Range<usize>]) -> Segmented {
        Segmented::new_in(text, masks, &mut Spare::default())
    }

    /// [`Segmented::new`] in the buffers of `spare`: a thread that segments
    /// one text after the other allocates only for a text longer than
    /// those before it.
    pub fn new_in(text: &str, masks: &[Range<usize>], spare: &mut Spare) -> Segmented {
        assert!(
            text.len() <= MAX_TEXT,
            "a document of {} bytes is over the segmenter's 2 GiB",
            text.len()
        );
        let bytes = text.as_bytes();
        let mut b = Builder::new(text, spare);
        let mut bits = WordBits::new(bytes);
        let mut prev_end: Option<usize> = None;
        for prose in unmasked(text.len(), masks) {
            // Indexes below `prose.end` need no bounds check in here.
            let here = &bytes[..prose.end];
            let mut i = prose.start;
            while i < prose.end {
                // ASCII fast path: most separators are spaces and punctuation,
                // most words plain ASCII letters.
                let c = here[i];
                let c = if c.is_ascii() {
                    if !ASCII_WORD[usize::from(c)] {
                        i += 1;
                        continue;
                    }
                    char::from(c)
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
                let (end, script) = word_at(text, &mut bits, start, prose.end);
                let boundary = match prev_end {
                    None => Boundary::None,
                    // A mask between two words (a code block) ends the sentence.
                    Some(p) if p < prose.start => Boundary::Sentence,
                    // One space: the commonest separator by far.
                    Some(p) if p + 1 == start && bytes[p] == b' ' => Boundary::None,
                    Some(p) => {
                        let prev = &b.seg.tokens[b.seg.tokens.len() - 1];
                        boundary(&text[p..start], &b.seg.norm[prev.norm()], c)
                    }
                };
                b.word(start..end, script, boundary);
                i = end;
                // Most words follow the last after one space: one test (a
                // branch mispredicted only where the run of them ends), no
                // separator to classify.
                while let Some(&[space, next]) = here.get(i..i + 2)
                    && (space == b' ') & ASCII_WORD[usize::from(next)]
                {
                    let (end, script) = word_at(text, &mut bits, i + 1, prose.end);
                    b.word(i + 1..end, script, Boundary::None);
                    i = end;
                }
                prev_end = Some(i);
            }
        }
        b.finish(masks)
    }

    /// Segments a document: its masks are left out and the quotations its
    /// format marks (Markdown block quotes) are added to those found by
    /// quotation marks.
    pub fn of(doc: &Document) -> Segmented {
        Segmented::of_in(doc, &mut Spare::default())
    }

    /// [`Segmented::of`] in the buffers of `spare` (see [`Segmented::new_in`]).
    pub fn of_in(doc: &Document, spare: &mut Spare) -> Segmented {
        let mut seg = Segmented::new_in(&doc.text, &doc.mask_ranges(), spare);
        if !doc.quotes.is_empty() {
            seg.quotes.extend(doc.quotes.iter().cloned());
            seg.quotes.sort_by_key(|r| (r.start, r.end));
        }
        seg
    }

    /// The folded form of token `i`, as UTF-8 bytes.
    pub fn norm_of(&self, i: usize) -> &[u8] {
        &self.norm[self.tokens[i].norm()]
    }

    /// Number of words: tokens that are not the tail of a hyphenated compound.
    pub fn words(&self) -> usize {
        self.tokens.iter().filter(|t| !t.compound()).count()
    }

    /// Index of the token whose folded form contains byte `offset` of
    /// [`Segmented::norm`] (or the next token when `offset` is a separator).
    pub fn token_at_norm(&self, offset: usize) -> usize {
        self.tokens
            .partition_point(|t| t.norm[1] as usize <= offset)
    }

    /// Whether token `first` is negated: a negation cue of `lang` stands
    /// before it in the same clause.
    pub fn negated(&self, first: usize, lang: Lang) -> bool {
        let clause = self.tokens[first].clause();
        (0..first)
            .rev()
            .take_while(|&i| self.tokens[i].clause() == clause)
            .any(|i| is_negation_cue(self.norm_of(i), lang))
    }

    /// Whether the byte span lies inside one quotation.
    pub fn quoted(&self, span: &Range<usize>) -> bool {
        self.quotes
            .iter()
            .any(|q| q.start <= span.start && span.end <= q.end)
    }
}

/// The buffers of a segmentation that is no longer needed, for the next
/// ([`Segmented::new_in`]): a [`Segmented`] given back with
/// [`Spare::recycle`], and the builder's own.
#[derive(Debug, Default)]
pub struct Spare {
    seg: Segmented,
    folded: Vec<u8>,
}

impl Spare {
    /// Keeps the buffers of `seg` for the next segmentation.
    pub fn recycle(&mut self, seg: Segmented) {
        self.seg = seg;
    }

    /// Bytes of folded text the buffers hold room for.
    #[cfg(test)]
    pub fn kept(&self) -> usize {
        self.seg.norm.capacity()
    }
}

/// A [`Segmented`] being built, word by word.
struct Builder<'t, 's> {
    text: &'t str,
    seg: Segmented,
    sentence: u32,
    clause: u32,
    /// The first token of the current sentence.
    sentence_start: usize,
    /// The bytes of `seg.norm` written so far; the rest is room, so that
    /// most words are stored without a check of the vector's capacity or a
    /// change of its length (see [`Builder::word`]).
    norm_len: usize,
    /// A word folded character by character, before it is stored.
    folded: &'s mut Vec<u8>,
    /// [`Segmented::evidence`] so far, indexed by [`Lang`].
    evidence: [usize; 2],
    function_words: &'static crate::langid::FunctionWords,
}

impl<'t, 's> Builder<'t, 's> {
    fn new(text: &'t str, spare: &'s mut Spare) -> Builder<'t, 's> {
        let mut seg = std::mem::take(&mut spare.seg);
        seg.tokens.clear();
        seg.sentences.clear();
        seg.quotes.clear();
        // About one token per six bytes of prose.
        seg.tokens.reserve(text.len() / 6);
        // A folded word takes as many bytes as the word and one separator
        // (but where folding lengthens it), after the leading space; and
        // sixteen bytes of room past the last word for its store. What an
        // earlier text left in the buffer is written over before it is
        // read: only what it lacks is zeroed.
        seg.norm.resize(text.len() + 18, 0);
        seg.norm[0] = b' ';
        Builder {
            text,
            seg,
            sentence: 0,
            clause: 0,
            sentence_start: 0,
            norm_len: 1,
            folded: &mut spare.folded,
            evidence: [0; 2],
            function_words: crate::langid::table(),
        }
    }

    /// Adds the word at `span`, of `script`, which `boundary` separates
    /// from the word before it.
    #[inline(always)]
    fn word(&mut self, span: Range<usize>, script: Script, boundary: Boundary) {
        let seg = &mut self.seg;
        match boundary {
            Boundary::Sentence => {
                seg.sentences.push(self.sentence_start..seg.tokens.len());
                self.sentence_start = seg.tokens.len();
                self.sentence += 1;
                self.clause += 1;
            }
            Boundary::Clause => self.clause += 1,
            Boundary::None | Boundary::Compound => {}
        }
        let bytes = self.text.as_bytes();
        let norm = &mut seg.norm;
        let norm_start = self.norm_len;
        let len = span.len();
        let sample = seg.tokens.len() < crate::langid::SAMPLE;
        if script == Script::Ascii
            && len < 16
            && let Some(sixteen) = bytes.get(span.start..span.start + 16)
            && let Some(room) = norm.get_mut(norm_start..norm_start + 16)
        {
            // Most words: ASCII letters, digits (and apostrophes), which bit 5
            // lowercases or leaves alone, sixteen bytes at once, stored with
            // the space after them.
            let v = u128::from_le_bytes(sixteen.try_into().expect("sixteen bytes"));
            // The bytes after the word too, overwritten by the next word: no
            // mask by the length (a variable shift of 128 bits costs a
            // branch or several moves).
            let lower = v | u128::from_ne_bytes([0x20; 16]);
            room.copy_from_slice(&lower.to_le_bytes());
            room[len] = b' ';
            self.norm_len = norm_start + len + 1;
            if sample {
                // No branch on the answer: whether a word is a function word
                // is a coin toss for the branch predictor.
                let lo = lower as u64 & low_bytes(len.min(8));
                let (hit, lang) = self.function_words.probe(lo, len);
                self.evidence[lang as usize] += usize::from(hit);
            }
        } else {
            self.store_folded(span.clone(), script, sample);
        }
        let seg = &mut self.seg;
        // No offset is over `u32::MAX` (see `MAX_TEXT`).
        seg.tokens.push(Token {
            span: [span.start as u32, span.end as u32],
            norm: [norm_start as u32, (self.norm_len - 1) as u32],
            sentence: self.sentence,
            clause: self.clause
                | if boundary == Boundary::Compound {
                    COMPOUND
                } else {
                    0
                },
        });
    }

    /// Folds and stores a word the sixteen-byte store does not take (16
    /// bytes or longer, or not plain ASCII), and counts its language
    /// evidence when `sample`. Not inlined: keeping this out of the loop
    /// over words left that loop fewer values to keep on the stack.
    #[inline(never)]
    fn store_folded(&mut self, span: Range<usize>, script: Script, sample: bool) {
        let start = self.norm_len;
        let len = span.len();
        // Whole blocks of sixteen bytes, one past the word at least.
        let whole = (len / 16 + 1) * 16;
        let folded_in_blocks = script != Script::Other
            && match (
                self.text.as_bytes().get(span.start..span.start + whole),
                self.seg.norm.get_mut(start..start + whole),
            ) {
                (Some(from), Some(room)) => fold_blocks(from, len, room),
                _ => false,
            };
        let end = if folded_in_blocks {
            start + len
        } else {
            let folded = &mut *self.folded;
            folded.clear();
            for c in self.text[span].chars() {
                fold::push_folded(c, folded);
            }
            let norm = &mut self.seg.norm;
            let end = start + folded.len();
            // Room for the next store too; doubled, where folding has
            // lengthened the text so far, so that growing stays linear.
            if end + 17 > norm.len() {
                norm.resize((end + 17).max(2 * norm.len()), 0);
            }
            norm[start..end].copy_from_slice(folded);
            end
        };
        self.seg.norm[end] = b' ';
        self.norm_len = end + 1;
        if sample {
            let folded = &self.seg.norm[start..end];
            let found = self.function_words.get(folded);
            let ascii = script == Script::Ascii;
            let (de, en) = crate::langid::word_evidence(found, folded, ascii);
            self.evidence[Lang::De as usize] += de;
            self.evidence[Lang::En as usize] += en;
        }
    }

    /// The segmented text, with its last sentence and its quotations
    /// (`masks`: the ranges left out).
    fn finish(mut self, masks: &[Range<usize>]) -> Segmented {
        let seg = &mut self.seg;
        seg.norm.truncate(self.norm_len);
        seg.evidence = (
            self.evidence[Lang::De as usize],
            self.evidence[Lang::En as usize],
        );
        if self.sentence_start < seg.tokens.len() {
            seg.sentences.push(self.sentence_start..seg.tokens.len());
        }
        seg.quotes = quote_regions(self.text, masks);
        self.seg
    }
}

/// The end of the word that starts at `start` (not past `limit`), and its
/// [`Script`].
#[inline(always)]
fn word_at(text: &str, bits: &mut WordBits, start: usize, limit: usize) -> (usize, Script) {
    let bytes = text.as_bytes();
    let end = bits.end(start, limit);
    // A non-ASCII letter or an apostrophe may continue the word.
    if end == limit || (bytes[end].is_ascii() && bytes[end] != b'\'') {
        (end, Script::Ascii)
    } else {
        word_rest(text, bits, start, end, limit)
    }
}

/// [`word_at`] for a word whose ASCII letters and digits from `start` end
/// at `end`, before a non-ASCII character or an apostrophe: Latin-1
/// letters (umlauts, ß) are passed here, and the ASCII after them by the
/// bits again; anything else character by character.
#[inline(always)]
fn word_rest(
    text: &str,
    bits: &mut WordBits,
    start: usize,
    mut end: usize,
    limit: usize,
) -> (usize, Script) {
    let bytes = text.as_bytes();
    let mut script = Script::Ascii;
    while end < limit && !(bytes[end].is_ascii() && bytes[end] != b'\'') {
        if latin1_letter(bytes, end) {
            script = Script::Latin1;
            end = bits.end((end + 2).min(limit), limit);
            continue;
        }
        let rest = word_end(text, end, limit);
        if rest > end {
            let script = if bytes[start..rest].is_ascii() {
                Script::Ascii
            } else {
                Script::Other
            };
            return (rest, script);
        }
        break;
    }
    (end, script)
}

/// What a word's bytes are, which says how it is folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    /// ASCII letters, digits and apostrophes: setting bit 5 of every byte
    /// folds them.
    Ascii,
    /// ASCII and letters of Latin-1 (0xC3 and one more byte): setting bit 5
    /// of every byte but the 0xC3s folds them, but for ß (0xC3 0x9F, "ss").
    Latin1,
    /// Anything else: folded character by character.
    Other,
}

/// Folds the Latin-1 (or ASCII) word that starts `from` and is `len` bytes
/// long into `room`, sixteen bytes at a time (`from` and `room` hold whole
/// blocks of sixteen, past the word), unless it has a ß: then `false`.
fn fold_blocks(from: &[u8], len: usize, room: &mut [u8]) -> bool {
    for (k, (block, out)) in from
        .chunks_exact(16)
        .zip(room.chunks_exact_mut(16))
        .enumerate()
    {
        let v = u128::from_le_bytes(block.try_into().expect("sixteen bytes"));
        // The bytes of the word in this block.
        let inside = match len - 16 * k {
            n @ 0..16 => !(u128::MAX << (8 * n)),
            _ => u128::MAX,
        };
        if bytes_equal(v, 0x9F) & inside != 0 {
            return false;
        }
        // 0x80 in each 0xC3 byte, moved to 0x20: bit 5 is set in the others.
        let keep = bytes_equal(v, 0xC3) >> 2;
        let lower = v | (u128::from_ne_bytes([0x20; 16]) & !keep);
        out.copy_from_slice(&lower.to_le_bytes());
    }
    true
}

/// The high bit of each byte of `v` that is `b` (exactly: no sum carries
/// into the next byte).
fn bytes_equal(v: u128, b: u8) -> u128 {
    let low7 = u128::from_ne_bytes([0x7F; 16]);
    let y = v ^ u128::from_ne_bytes([b; 16]);
    !(((y & low7) + low7) | y | low7)
}

/// Whether a folded word negates what follows it in its clause.
pub fn is_negation_cue(word: &[u8], lang: Lang) -> bool {
    match lang {
        Lang::De => {
            word.starts_with(b"kein")
                || matches!(
                    word,
                    b"nicht" | b"nichts" | b"nie" | b"niemals" | b"ohne" | b"weder"
                )
        }
        Lang::En => {
            word.ends_with(b"n't")
                || matches!(
                    word,
                    b"no" | b"not" | b"never" | b"without" | b"nor" | b"neither" | b"cannot"
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

/// Whether a period after the folded word `word` does not end a sentence:
/// an abbreviation. A `match` on the bytes (by length, then content), not a
/// search of a list: this runs at every period.
fn is_abbreviation(word: &[u8]) -> bool {
    matches!(
        word,
        b"abs"
            | b"bspw"
            | b"bzgl"
            | b"bzw"
            | b"ca"
            | b"co"
            | b"corp"
            | b"dipl"
            | b"dr"
            | b"etc"
            | b"evtl"
            | b"fr"
            | b"ggf"
            | b"hr"
            | b"inc"
            | b"inkl"
            | b"ing"
            | b"jr"
            | b"ltd"
            | b"mio"
            | b"mr"
            | b"mrd"
            | b"mrs"
            | b"ms"
            | b"nr"
            | b"prof"
            | b"sog"
            | b"sr"
            | b"st"
            | b"tsd"
            | b"usw"
            | b"vgl"
            | b"vs"
            | b"zzgl"
    )
}

/// Classifies the separator between two words; `prev` is the folded word
/// before it.
///
/// One pass over the separator's bytes (most are one to three bytes long)
/// notes what the rules below ask for.
fn boundary(sep: &str, prev: &[u8], next_first: char) -> Boundary {
    match sep {
        " " => return Boundary::None,
        "-" | "\u{2010}" | "\u{2011}" => return Boundary::Compound,
        // The commonest others, without the loop below (whose `match` on
        // each byte is a jump the branch predictor misses).
        ", " => return Boundary::Clause,
        ". " if period_ends_sentence(prev, next_first) => return Boundary::Sentence,
        ". " => return Boundary::None,
        _ => {}
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
        if after.chars().any(char::is_whitespace) && period_ends_sentence(prev, next_first) {
            return Boundary::Sentence;
        }
    }
    if clause {
        return Boundary::Clause;
    }
    Boundary::None
}

/// Whether a period (or an ellipsis) followed by white space ends the
/// sentence, after the folded word `prev` and before a word that starts
/// with `next_first`.
fn period_ends_sentence(prev: &[u8], next_first: char) -> bool {
    let chars = prev.iter().filter(|&&b| !(0x80..0xC0).contains(&b)).count();
    // "am 3. März": a short number before the period is an ordinal.
    let ordinal = prev.len() <= 2 && prev.iter().all(u8::is_ascii_digit);
    let lowercase_next = next_first.is_lowercase();
    !(lowercase_next || is_abbreviation(prev) || chars <= 1 || ordinal)
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

/// Which bytes of the text are ASCII letters or digits, one bit per byte,
/// worked out 64 bytes at a time as words ask: each byte is classified
/// once, where a word-by-word scan classified the sixteen bytes from every
/// word's start.
struct WordBits<'t> {
    bytes: &'t [u8],
    /// The 64-byte block of `bits` (`usize::MAX`: none yet).
    block: usize,
    /// Bit `k`: byte `64 * block + k` is an ASCII letter or digit.
    bits: u64,
}

impl<'t> WordBits<'t> {
    fn new(bytes: &'t [u8]) -> WordBits<'t> {
        WordBits {
            bytes,
            block: usize::MAX,
            bits: 0,
        }
    }

    /// The end of the run of ASCII letters and digits from `i` (not past
    /// `limit`, at most the text's length).
    #[inline(always)]
    fn end(&mut self, mut i: usize, limit: usize) -> usize {
        while i < limit {
            let block = i / 64;
            if block != self.block {
                self.block = block;
                self.bits = block_bits(self.bytes, 64 * block);
            }
            // Bits from `i` on, of bytes that stop the run.
            let stops = !self.bits >> (i % 64);
            if stops != 0 {
                return (i + stops.trailing_zeros() as usize).min(limit);
            }
            i = 64 * (block + 1);
        }
        limit
    }
}

/// The bits of the ASCII letters and digits among the 64 bytes from
/// `start` (none past the end of `bytes`).
fn block_bits(bytes: &[u8], start: usize) -> u64 {
    match bytes.get(start..start + 64) {
        Some(block) => block.chunks_exact(8).rev().fold(0, |bits, eight| {
            let v = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            bits << 8 | high_bits(word_bytes(v))
        }),
        None => bytes[start..].iter().rev().fold(0, |bits, &b| {
            bits << 1 | u64::from(ASCII_WORD[usize::from(b)])
        }),
    }
}

/// The high bits of the eight bytes of `v` as eight bits, the first byte's
/// lowest: one multiplication moves each into place (no two products
/// overlap, so nothing carries).
#[inline(always)]
fn high_bits(v: u64) -> u64 {
    ((v & HIGH) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The high bit of each byte of an integer.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each of the eight bytes of `v` that is an ASCII letter
/// or digit.
#[inline(always)]
fn word_bytes(v: u64) -> u64 {
    // The high bit of each byte of `x` (all below 0x80) that is at least
    // `lo`: no sum carries into the next byte.
    let at_least = |x: u64, lo: u8| x.wrapping_add(splat(0x80 - lo)) & HIGH;
    let x = v & !HIGH;
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    let lower = x | splat(0x20);
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    // Not the non-ASCII bytes (high bit set), whose low bits may look so.
    (digit | letter) & !v
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

/// The character that starts at byte `i` of `text`.
pub(crate) fn char_at(text: &str, i: usize) -> char {
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
        (0..seg.tokens.len())
            .map(|i| std::str::from_utf8(seg.norm_of(i)).expect("folded words are UTF-8"))
            .collect()
    }

    /// The folded form of a word, character by character.
    fn folded(word: &str) -> String {
        let mut out = Vec::new();
        word.chars().for_each(|c| fold::push_folded(c, &mut out));
        String::from_utf8(out).unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The sixteen-byte store, the one-space run and the branch-free
        /// function-word count give what folding and counting each word on
        /// its own gives: words of every length around 8 and 16 bytes, mixed
        /// case, digits, apostrophes, umlauts, function words of both
        /// languages, all kinds of separators, and text ending mid-word.
        #[test]
        fn words_fold_and_count_as_one_by_one(
            words in proptest::collection::vec(
                "(the|DER|und|Für|über|we|a|[a-zA-Z0-9]{1,20}|[a-zÄöü']{1,12}|isn't|İ{1,20}ẞ?|[a-zA-ZÀ-ÿ]{1,40})",
                0..40,
            ),
            seps in proptest::collection::vec("( |  |, |\\. |-|\n|\n\n| – )", 40),
        ) {
            let mut text = String::new();
            for (w, sep) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(sep);
            }
            if let Some(last) = words.last() {
                // Sometimes no separator after the last word.
                if last.len() % 2 == 0 {
                    text.truncate(text.trim_end_matches(|c: char| !c.is_alphanumeric()).len());
                }
            }
            let seg = Segmented::new(&text, &[]);
            let mut evidence = (0, 0);
            for (i, t) in seg.tokens.iter().enumerate() {
                let word = &text[t.span()];
                let norm = seg.norm_of(i);
                let want = folded(word);
                proptest::prop_assert_eq!(norm, want.as_bytes());
                if i < crate::langid::SAMPLE {
                    let found = crate::langid::table().get(norm);
                    let (de, en) = crate::langid::word_evidence(found, norm, word.is_ascii());
                    evidence.0 += de;
                    evidence.1 += en;
                }
            }
            proptest::prop_assert_eq!(seg.evidence, evidence);
        }

        /// Texts segmented one after the other in the same buffers, a long
        /// one before a short one and the other way round, each give what
        /// they give alone: nothing an earlier text left behind is read.
        #[test]
        fn a_text_segmented_in_the_buffers_of_others_is_segmented_alike(
            texts in proptest::collection::vec(
                "((Wir|we|ÄRGER|isn't|İẞ|„so“|[a-zA-ZÀ-ÿ]{1,20})( |, |\\. |-|\n\n| \")){0,60}",
                1..6,
            ),
        ) {
            let mut spare = Spare::default();
            for text in &texts {
                // A masked middle, where it falls between characters.
                let (start, end) = (text.len() / 3, text.len() / 2);
                let masks: Vec<Range<usize>> = (text.is_char_boundary(start)
                    && text.is_char_boundary(end))
                .then_some(start..end)
                .into_iter()
                .collect();
                let masks = &masks[..];
                let seg = Segmented::new_in(text, masks, &mut spare);
                proptest::prop_assert_eq!(&seg, &Segmented::new(text, masks));
                spare.recycle(seg);
            }
        }
    }

    #[test]
    fn folding_that_lengthens_the_text_keeps_every_word() {
        // "İ" (two bytes) folds to "i̇" (three): the folded text outgrows the
        // room made for it, word after word, between plain ASCII words.
        let written: Vec<String> = (0..200)
            .map(|k| match k % 3 {
                0 => "İ".repeat(k % 40 + 1),
                1 => "plain".to_string(),
                _ => format!("Wort{k}"),
            })
            .collect();
        let text = written.join(" ");
        let seg = Segmented::new(&text, &[]);
        let want: Vec<String> = written.iter().map(|w| folded(w)).collect();
        assert_eq!(words(&seg), want);
        assert!(seg.norm.len() > text.len() + 18, "the test grows the text");
        assert_eq!(seg.norm, format!(" {} ", want.join(" ")).as_bytes());
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
        // Every byte value at positions around the 64-byte blocks of a
        // 150-byte text (its last block short), asked from several starts
        // in turn, so blocks are both reused and worked out anew.
        let len = 150;
        for b in 0..=255u8 {
            for pos in [0, 1, 7, 8, 15, 16, 62, 63, 64, 65, 127, 128, 140, 149] {
                let mut bytes = vec![b'a'; len];
                bytes[pos] = b;
                let expected = |from: usize, limit: usize| {
                    (from..limit)
                        .find(|&k| !ASCII_WORD[usize::from(bytes[k])])
                        .unwrap_or(limit)
                };
                let mut bits = WordBits::new(&bytes);
                for limit in [len, pos + 1, pos.saturating_sub(3).max(70)] {
                    for from in [0, 1, 63, 64, 65, 130, 0] {
                        let from = from.min(limit);
                        assert_eq!(
                            bits.end(from, limit),
                            expected(from, limit),
                            "{b} at {pos}, from {from}, limit {limit}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn bytes_equal_marks_exactly_the_equal_bytes() {
        for b in 0..=255u8 {
            for x in 0..=255u8 {
                for pos in [0, 7, 8, 15] {
                    let mut bytes = [b ^ 0xFF; 16];
                    bytes[pos] = x;
                    let want = u128::from_le_bytes(bytes.map(|y| if y == b { 0x80 } else { 0 }));
                    assert_eq!(bytes_equal(u128::from_le_bytes(bytes), b), want, "{b} {x}");
                }
            }
        }
    }

    #[test]
    fn latin1_words_fold_in_blocks_and_ss_falls_back() {
        // Every Latin-1 letter, capital and small, in words of 1 to 40 bytes:
        // folded in blocks as character by character.
        let letters: Vec<char> = ('\u{C0}'..='\u{FF}')
            .filter(|&c| c.is_alphanumeric() && c != 'ß')
            .collect();
        for n in 1..=40 {
            let word: String = (0..n)
                .map(|k| letters[(k * 7 + n) % letters.len()])
                .collect();
            let word = &word[..word.floor_char_boundary(40)];
            let text = format!("{word} Ende und noch mehr Text danach, lang genug für zwei Blöcke");
            let seg = Segmented::new(&text, &[]);
            assert_eq!(words(&seg)[0], folded(word), "{word}");
        }
        // ß takes the character path: "ss", two bytes for two.
        let seg = Segmented::new("Grüße, STRAẞE und Maße: GRÖSSE ÄRGER daß", &[]);
        assert_eq!(
            words(&seg),
            [
                "grüsse", "strasse", "und", "masse", "grösse", "ärger", "dass"
            ]
        );
    }

    #[test]
    fn high_bits_gathers_each_byte() {
        for k in 0..8 {
            assert_eq!(high_bits(0x80 << (8 * k)), 1 << k);
            assert_eq!(high_bits(!(0x80 << (8 * k))), 0xFF & !(1 << k));
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
        assert_eq!(&text[seg.tokens[4].span()], "GRÖẞER");
        assert!(seg.tokens[2].compound());
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
        let cases: [(&str, &str, char, Boundary); 20] = [
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
            (". ", "meier", 'e', None),
            (". ", "a", 'E', None),
            (",  ", "wir", 'h', Clause),
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
        assert_eq!(seg.norm, b" alpha beta gamma ");
        assert_eq!(seg.token_at_norm(0), 0);
        assert_eq!(seg.token_at_norm(1), 0);
        assert_eq!(seg.token_at_norm(7), 1);
        assert_eq!(seg.token_at_norm(11), 2);
        assert_eq!(Segmented::new("", &[]).norm, b" ");
    }
}
