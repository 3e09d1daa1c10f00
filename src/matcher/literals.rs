//! Finds the prefilter's anchor literals in the folded text, word by word.
//!
//! The folded text ([`Segmented::norm`]) is every word between single
//! spaces. So a literal that starts with a space (`" wir heben "`,
//! `" digitalisier"`) can only start just before a word, and one that starts
//! inside a word and has a space further on (`"projekt "`) can only start
//! where its part before that space ends a word. Each such literal is filed
//! under a key made of a few bytes of one of its words, and every word of
//! the text is looked up once: a bit of an 8 KB bitmap answers for nearly
//! every word, and the few that pass are compared. Literals of neither kind
//! (inside one word, as a `*ierung*` test gives) are left to an Aho–Corasick
//! automaton over the whole text; the built-in lexicons have none.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::{COMMON_WORD, word_rarity};
use crate::segment::Segmented;
use crate::wordtable::{low_bytes, mix, pack};

/// A set of literals to find, each named by its index.
pub(super) struct Literals {
    literals: Vec<Literal>,
    /// Literals that start with a space, by the first bytes of one of their
    /// words.
    heads: Index<FIRST>,
    /// Literals that start inside a word and have a space further on, by
    /// the last bytes of their part before that space.
    tails: Index<LAST>,
    /// The other literals, and their indexes.
    rest: Option<(AhoCorasick, Vec<u32>)>,
}

impl Literals {
    /// The set of `literals` (distinct, not empty).
    pub(super) fn new(literals: &[&str]) -> Literals {
        let mut heads = Vec::new();
        let mut tails = Vec::new();
        let mut rest = Vec::new();
        for (id, l) in literals.iter().enumerate() {
            let first_space = l.find(' ');
            let id = id as u32;
            let to_file = match (l.strip_prefix(' ').and_then(key_word), first_space) {
                (Some((before, word, whole)), _) => {
                    ToFile::new(id, word.as_bytes(), whole, before, l).map(|f| (f, &mut heads))
                }
                (None, Some(p)) if p > 0 => {
                    ToFile::new(id, &l.as_bytes()[..p], false, 0, l).map(|f| (f, &mut tails))
                }
                // Inside one word (or spaces only).
                _ => None,
            };
            match to_file {
                Some((f, index)) => index.push(f),
                // Also a literal with a word too long to file (no word of a
                // lexicon is).
                None => rest.push(id),
            }
        }
        let rest = (!rest.is_empty()).then(|| {
            let searched = rest.iter().map(|&id| literals[id as usize]);
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(searched)
                .expect("anchors are short literals");
            (automaton, rest)
        });
        Literals {
            literals: literals
                .iter()
                .map(|l| Literal::new(l.as_bytes()))
                .collect(),
            heads: Index::new(&heads),
            tails: Index::new(&tails),
            rest,
        }
    }

    /// Calls `hit(id, token)` for every occurrence of every literal in
    /// `seg`'s folded text, overlapping ones included, in no particular
    /// order: `token` holds the occurrence's first word byte (for a literal
    /// that starts with a space, the word after it).
    pub(super) fn for_each(&self, seg: &Segmented, mut hit: impl FnMut(u32, usize)) {
        let norm = &seg.norm[..];
        // One pass over the words per index, each only when it has
        // literals: the built-in lexicons file none by a word's end.
        if !self.heads.is_empty() {
            for (t, token) in seg.tokens.iter().enumerate() {
                let word = token.norm();
                for filed in self.heads.get(norm, &word) {
                    if !filed.fits(word.len()) {
                        continue;
                    }
                    let Some(first) = t.checked_sub(usize::from(filed.before)) else {
                        continue;
                    };
                    // The space before its first word.
                    if self.occurs(filed, norm, seg.tokens[first].norm().start - 1) {
                        hit(filed.id, first);
                    }
                }
            }
        }
        if !self.tails.is_empty() {
            for (t, token) in seg.tokens.iter().enumerate() {
                let word = token.norm();
                for filed in self.tails.get(norm, &word) {
                    // The part before the space ends the word.
                    if filed.fits(word.len())
                        && self.occurs(filed, norm, word.end - usize::from(filed.len))
                    {
                        hit(filed.id, t);
                    }
                }
            }
        }
        if let Some((automaton, ids)) = &self.rest {
            for m in automaton.find_overlapping_iter(norm) {
                let id = ids[m.pattern().as_usize()];
                let lead = self.literals[id as usize].bytes.starts_with(b" ");
                let t = seg.token_at_norm(m.start() + usize::from(lead));
                // Spaces only, after the last word: no word to report.
                if t < seg.tokens.len() {
                    hit(id, t);
                }
            }
        }
    }
}

impl Literals {
    /// Whether the literal `filed` occurs in `text` at `at`: its first eight
    /// bytes (or fewer) are compared with what `filed` holds, the rest with
    /// the literal only where they agree.
    #[inline(always)]
    fn occurs(&self, filed: &Filed, text: &[u8], at: usize) -> bool {
        let eight = |from: usize| {
            let bytes = text[from..from + 8].try_into().expect("eight bytes");
            u64::from_le_bytes(bytes)
        };
        // Most checks end here, before the literal's own record is read.
        if at + 8 <= text.len() && eight(at) & low_bytes(usize::from(filed.filled)) != filed.first {
            return false;
        }
        let literal = &self.literals[filed.id as usize];
        let len = literal.bytes.len();
        if at + len.max(8) > text.len() {
            return text[at..].starts_with(&literal.bytes);
        }
        len <= 8
            || (eight(at + len - 8) == literal.last
                && (len <= 16 || text[at + 8..at + len - 8] == literal.bytes[8..len - 8]))
    }
}

/// A literal, with its last eight bytes as an integer (its first eight
/// are in each [`Filed`] of it): most comparisons fail on one of them,
/// without a library call. (Literals filed under one key often share their
/// first eight bytes: `" personal"` begins some forty of them.)
struct Literal {
    bytes: Box<[u8]>,
    /// The last eight bytes, when the literal is longer than eight.
    last: u64,
}

impl Literal {
    fn new(bytes: &[u8]) -> Literal {
        Literal {
            bytes: bytes.into(),
            last: pack(&bytes[bytes.len().saturating_sub(8)..]),
        }
    }
}

/// The word a literal that starts with a space (given without it) is filed
/// under: its rarest by [`word_rarity`], a whole word rather than a prefix
/// (the last word when no space follows it) unless the whole words are all
/// common; as (words before it, word, whole), if it has a word.
fn key_word(words: &str) -> Option<(usize, &str, bool)> {
    // "a b " splits into "a", "b", "": every piece before the last is whole.
    let pieces: Vec<&str> = words.split(' ').collect();
    let last = pieces.len() - 1;
    pieces
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.is_empty())
        .map(|(k, &w)| (k, w, k < last))
        .max_by_key(|&(k, w, whole)| {
            let rarity = word_rarity(w);
            let usable = whole || w.len() >= SHORTEST_PREFIX;
            (
                usable,
                rarity > COMMON_WORD,
                whole,
                rarity,
                std::cmp::Reverse(k),
            )
        })
}

/// A prefix shorter than this is filed under only when its literal has no
/// other word: a key is no longer than the shortest prefix filed, and short
/// keys are shared by many words.
const SHORTEST_PREFIX: usize = 6;

/// Keys from the first bytes of a word (the `END` of an [`Index`]).
const FIRST: bool = false;
/// Keys from the last bytes of a word.
const LAST: bool = true;

/// Literals filed under keys of up to `width` bytes from one end of a word
/// ([`FIRST`] or [`LAST`]).
/// A key is those bytes (little-endian) and their count in the top byte, so
/// no key is 0, the empty slot.
struct Index<const END: bool> {
    width: usize,
    /// One bit per hash value: most words of a text are in no literal, and
    /// this bitmap (8 KB) says so without a look at the slots.
    bits: Box<[u64; BITMAP_WORDS]>,
    /// Open addressing over `(key, first, end)`, each naming a run of `filed`.
    slots: Vec<(u64, u32, u32)>,
    filed: Vec<Filed>,
}

/// A literal filed under a key, with the length of the word or part it is
/// filed by: most literals under a key (forty begin with `" personal"`)
/// are told apart from a word by its length alone, before its bytes are
/// compared.
///
/// Sixteen bytes, with what the first look at a word and at the text needs:
/// as one array (and the first bytes of each literal in it) these stay in
/// the cache, where looking up the words before a part and each literal's
/// first bytes apart took two misses more for most words that pass.
#[derive(Debug, Clone, Copy)]
struct Filed {
    /// The literal's first eight bytes (little-endian), or all of it.
    first: u64,
    id: u32,
    /// The length of the part.
    len: u8,
    /// For a literal that starts with a space: its words before the word
    /// of the part.
    before: u8,
    /// How many bytes of `first` the literal fills (1 to 8).
    filled: u8,
    /// The part is a whole word: a word passes only at exactly `len`
    /// bytes, not at `len` or more.
    whole: bool,
}

/// A literal to file under `part`, the word (or start or end of one) that
/// comes `before` words after its start.
struct ToFile<'l> {
    id: u32,
    part: &'l [u8],
    whole: bool,
    before: usize,
    literal: &'l str,
}

impl<'l> ToFile<'l> {
    /// `None` for a part too long or too far into its literal for a
    /// [`Filed`] (hundreds of bytes; no word of a lexicon comes near).
    fn new(
        id: u32,
        part: &'l [u8],
        whole: bool,
        before: usize,
        literal: &'l str,
    ) -> Option<ToFile<'l>> {
        (part.len() <= usize::from(u8::MAX) && before <= usize::from(u8::MAX)).then_some(ToFile {
            id,
            part,
            whole,
            before,
            literal,
        })
    }
}

impl Filed {
    /// Whether a word of `len` bytes can hold the part as filed.
    #[inline]
    fn fits(&self, len: usize) -> bool {
        if self.whole {
            len == self.len as usize
        } else {
            len >= self.len as usize
        }
    }
}

/// Most bytes a key takes: seven, and their count in the eighth.
const MAX_WIDTH: usize = 7;

/// The words of [`Index::bits`]: a fixed number, so that a look-up needs
/// no bounds check.
const BITMAP_WORDS: usize = 1 << (BITMAP_BITS - 6);

/// Bits of a hash that pick a bit of [`Index::bits`].
const BITMAP_BITS: u32 = 16;

impl<const END: bool> Index<END> {
    /// An index of `(id, part, whole)`: a word passes when it is `part`
    /// (`whole`) or begins (for [`LAST`]: ends) with it.
    fn new(literals: &[ToFile]) -> Index<END> {
        // A word begins or ends with a part of at least `width` bytes only
        // if its first or last `width` bytes are the part's: so `width` is
        // the shortest such part. A whole part shorter than that is the
        // whole key.
        let width = literals
            .iter()
            .filter(|f| !f.whole)
            .map(|f| f.part.len())
            .min()
            .unwrap_or(MAX_WIDTH)
            .clamp(1, MAX_WIDTH);
        let mut keyed: Vec<(u64, Filed)> = literals
            .iter()
            .map(|f| {
                let bytes = f.literal.as_bytes();
                let filled = bytes.len().min(8);
                let filed = Filed {
                    first: pack(&bytes[..filled]),
                    id: f.id,
                    len: u8::try_from(f.part.len()).expect("checked by ToFile::new"),
                    before: u8::try_from(f.before).expect("checked by ToFile::new"),
                    filled: filled as u8,
                    whole: f.whole,
                };
                (key::<END>(f.part, 0..f.part.len(), width), filed)
            })
            .collect();
        keyed.sort_unstable_by_key(|(k, f)| (*k, f.id));
        let distinct = keyed.chunk_by(|a, b| a.0 == b.0).count();
        let mut index = Index {
            width,
            bits: Box::new([0; BITMAP_WORDS]),
            slots: vec![(0, 0, 0); (2 * distinct).next_power_of_two().max(2)],
            filed: keyed.iter().map(|&(_, filed)| filed).collect(),
        };
        let mut first = 0;
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            let k = run[0].0;
            let bit = Self::bit_of(k);
            index.bits[bit / 64] |= 1 << (bit % 64);
            let mut slot = index.slot_of(k);
            while index.slots[slot].0 != 0 {
                slot = (slot + 1) & (index.slots.len() - 1);
            }
            index.slots[slot] = (k, first as u32, (first + run.len()) as u32);
            first += run.len();
        }
        index
    }

    fn is_empty(&self) -> bool {
        self.filed.is_empty()
    }

    /// The first slot to probe for `key`: the top bits of its mix (the low
    /// bits of a product depend on the low bits of the key only, here its
    /// first bytes).
    fn slot_of(&self, key: u64) -> usize {
        (mix(key) >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    /// The bit of [`Index::bits`] for `key`.
    fn bit_of(key: u64) -> usize {
        (mix(key) >> (64 - BITMAP_BITS)) as usize
    }

    /// The literals filed under the key of the word at `word` of `text`.
    #[inline(always)]
    fn get(&self, text: &[u8], word: &Range<usize>) -> &[Filed] {
        let k = key::<END>(text, word.clone(), self.width);
        let bit = Self::bit_of(k);
        if self.bits[bit / 64] & (1 << (bit % 64)) == 0 {
            return &[];
        }
        let mut slot = self.slot_of(k);
        loop {
            match self.slots[slot] {
                (0, _, _) => return &[],
                (found, first, end) if found == k => {
                    return &self.filed[first as usize..end as usize];
                }
                _ => slot = (slot + 1) & (self.slots.len() - 1),
            }
        }
    }
}

/// The key of the word at `word` of `text` (not empty): up to `width`
/// bytes from its `END`. Eight bytes are read at once where the text has
/// them.
#[inline]
fn key<const END: bool>(text: &[u8], word: Range<usize>, width: usize) -> u64 {
    let n = word.len().min(width);
    let packed = match END {
        FIRST => match text.get(word.start..word.start + 8) {
            Some(eight) => {
                u64::from_le_bytes(eight.try_into().expect("eight bytes")) & low_bytes(n)
            }
            None => pack(&text[word.start..word.start + n]),
        },
        LAST => match word.end.checked_sub(8) {
            Some(from) => {
                u64::from_le_bytes(text[from..word.end].try_into().expect("eight bytes"))
                    >> (64 - 8 * n)
            }
            None => pack(&text[word.end - n..word.end]),
        },
    };
    packed | (n as u64) << 56
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every occurrence of every literal, as a search of each at every
    /// position finds them: (literal, token of its first word byte).
    fn searched(literals: &[&str], seg: &Segmented) -> Vec<(u32, usize)> {
        let norm = &seg.norm[..];
        let mut hits = Vec::new();
        for (id, l) in literals.iter().enumerate() {
            let lead = usize::from(l.starts_with(' '));
            for at in 0..norm.len() {
                if norm[at..].starts_with(l.as_bytes()) {
                    let t = seg.token_at_norm(at + lead);
                    if t < seg.tokens.len() {
                        hits.push((id as u32, t));
                    }
                }
            }
        }
        hits.sort_unstable();
        hits
    }

    fn found(literals: &[&str], seg: &Segmented) -> Vec<(u32, usize)> {
        let mut hits = Vec::new();
        Literals::new(literals).for_each(seg, |id, t| hits.push((id, t)));
        hits.sort_unstable();
        hits
    }

    #[test]
    fn words_prefixes_runs_tails_and_infixes() {
        let literals = [
            " digitalisier",
            " in kürze ",
            " mutual agreement ",
            " team ",
            "projekt ",
            "ierung",
            " change pha",
        ];
        let seg = Segmented::new(
            "In Kürze: die Digitalisierung im Team-Projekt, steam team. \
             By mutual agreement we change phases; das Großprojekt.",
            &[],
        );
        let hits = found(&literals, &seg);
        assert_eq!(hits, searched(&literals, &seg));
        let ids: Vec<u32> = hits.iter().map(|&(id, _)| id).collect();
        assert_eq!(ids, [0, 1, 2, 3, 3, 4, 4, 5, 6], "{hits:?}");
    }

    #[test]
    fn literals_with_words_too_long_to_file_are_still_found() {
        let long = "x".repeat(300);
        let (head, tail) = (format!(" {long} end "), format!("{long} end "));
        let seg = Segmented::new(&format!("a {long} end b"), &[]);
        let literals = [head.as_str(), tail.as_str(), " a "];
        let index = Literals::new(&literals);
        assert_eq!(index.heads.filed.len(), 1, "only the short one is filed");
        let hits = found(&literals, &seg);
        assert_eq!(hits, searched(&literals, &seg));
        assert_eq!(hits, [(0, 1), (1, 1), (2, 0)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn finds_what_a_search_at_every_position_finds(
            text in "[abcä ,.-]{0,80}",
            literals in proptest::collection::btree_set("[abä ]{1,7}", 1..8),
        ) {
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            let seg = Segmented::new(&text, &[]);
            prop_assert_eq!(found(&literals, &seg), searched(&literals, &seg));
        }

        /// Long literals cut from the folded text itself (so that they
        /// occur), some with their last character changed (so that they
        /// agree with the text in their first eight bytes but not in their
        /// last): every length around the 8 and 16 bytes compared as integers.
        #[test]
        fn finds_long_literals_and_their_near_misses(
            text in "[abcä ,.-]{0,120}",
            cuts in proptest::collection::vec((0usize..200, 1usize..30, any::<bool>()), 1..8),
        ) {
            let seg = Segmented::new(&text, &[]);
            let norm = std::str::from_utf8(&seg.norm).expect("folded text is UTF-8");
            let mut literals = std::collections::BTreeSet::new();
            for (start, len, change) in cuts {
                let (start, end) = (start.min(norm.len()), (start + len).min(norm.len()));
                let Some(cut) = norm.get(start..end).filter(|c| !c.trim().is_empty()) else {
                    continue;
                };
                let mut literal = cut.to_string();
                if change {
                    let last = literal.pop().expect("not empty");
                    literal.push(if last == 'a' { 'b' } else { 'a' });
                }
                literals.insert(literal);
            }
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            prop_assert_eq!(found(&literals, &seg), searched(&literals, &seg));
        }
    }
}
