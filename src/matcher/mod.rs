//! Matching: segmented text + lexicon → matches.
//!
//! Prefilter, then verify. Every pattern has an *anchor*: a word, or a run of
//! up to three adjacent words ("in kürze", "es ist wie"), that every match
//! must contain (for a pattern whose top level is all alternatives, each
//! alternative is a part with its own anchor). The anchors' literals (one
//! set per language, over the entries that apply to it) are looked for in
//! the folded text ([`Segmented::norm`], where words are joined by single
//! spaces, so a run of words is one literal) word by word, through a hash
//! index of their rarest words (module `literals`); a hit in token `t` proposes
//! the few start positions from which the anchor can land on `t`, and only
//! those are verified by walking the pattern tree. The prefilter can only
//! drop starts that could never match: with it switched off
//! ([`MatcherBuilder::prefilter`]) every part is tried at every word and the
//! findings are the same (a test holds us to that).

mod literals;

use std::ops::Range;

use std::sync::OnceLock;

use rayon::prelude::*;

use crate::document::Lang;
use crate::lexicon::{Lexicon, Node, WordSet, WordTest};
use crate::segment::{Segmented, is_negation_cue};
use crate::wordtable::WordTable;
use literals::Literals;

/// One occurrence of a lexicon entry in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the entry in [`Lexicon::entries`].
    pub entry: usize,
    /// The matched tokens.
    pub tokens: Range<usize>,
    /// Byte span in the original text, from the first to the last matched word.
    pub span: Range<usize>,
    /// Inside a quotation: mentioned, not used.
    pub quoted: bool,
    /// Preceded by a negation cue in its clause.
    pub negated: bool,
}

impl Match {
    /// Whether the match lowers the score: not quoted and not negated.
    pub fn counted(&self) -> bool {
        !self.quoted && !self.negated
    }
}

/// A pattern, or one top-level alternative of it, ready to match.
struct Part {
    entry: usize,
    nodes: Vec<Node>,
    /// The literals of the anchor as the prefilter looks for them (with the
    /// word boundaries they need as spaces, see [`run_literals`]): every
    /// match contains one of them.
    anchor: Vec<String>,
    /// Fewest and most words before the anchor's (first) word: an anchor
    /// hit in token `t` can only belong to a match walked from
    /// `t - max ..= t - min`.
    before: (usize, usize),
    /// The tests one of which every match's first word passes, when the
    /// pattern cannot start with a gap or an optional group.
    first: Option<WordSet>,
    /// For an anchor of one run that a word always follows: the run's
    /// number of words and the tests one of which that word passes. A hit
    /// whose next word fails them belongs to no match: nothing is walked.
    after: Option<(usize, WordSet)>,
}

/// The word tests of the first word of every match of `nodes`, if that word
/// is always a word of the pattern (not a gap, not an optional group).
fn first_tests(nodes: &[Node]) -> Option<Vec<WordTest>> {
    match nodes.first()? {
        Node::Word(w) => Some(w.tests().to_vec()),
        Node::Gap(_) => None,
        Node::Alt(branches) => {
            let mut tests: Vec<WordTest> = Vec::new();
            for b in branches {
                for t in first_tests(b)? {
                    if !tests.contains(&t) {
                        tests.push(t);
                    }
                }
            }
            Some(tests)
        }
    }
}

/// An anchor of a sequence of nodes: a run of adjacent words (or a set of
/// such runs, one per branch of a group every match must pass) that every
/// match contains.
struct Anchor<'n> {
    /// How rare the anchor is: the sum of its words' [`rarity`].
    rarity: u32,
    /// The runs of [`Node::Word`]s.
    runs: Vec<&'n [Node]>,
    /// Fewest and most words before the anchor's first word.
    offset: (usize, usize),
    /// The nodes after the run, for an anchor of one run.
    rest: Option<&'n [Node]>,
}

/// Most words in one anchor: two or three adjacent words are rare enough.
const MAX_RUN: usize = 3;

/// Most literals a run of two or more words may stand for (its words'
/// alternatives multiply).
const MAX_RUN_LITERALS: usize = 4;

/// Content words that fill English business prose (folded). A pattern
/// with a rarer word anchors on that one: an anchor on "customer" proposes
/// a walk in nearly every paragraph of a memo. Only the choice of anchor
/// depends on this list, never what is found. (A German list of the same
/// kind made German documents slower, not faster, when measured: there is
/// none; see benches/README.md.)
const COMMON_WORDS: &[&str] = &[
    "account",
    "action",
    "business",
    "change",
    "client",
    "clients",
    "company",
    "contract",
    "cost",
    "costs",
    "customer",
    "customers",
    "data",
    "date",
    "day",
    "days",
    "deal",
    "decision",
    "due",
    "end",
    "give",
    "good",
    "great",
    "issue",
    "issues",
    "item",
    "items",
    "just",
    "last",
    "make",
    "management",
    "market",
    "meeting",
    "month",
    "need",
    "new",
    "next",
    "office",
    "one",
    "open",
    "order",
    "people",
    "plan",
    "point",
    "process",
    "product",
    "project",
    "projects",
    "quarter",
    "report",
    "review",
    "sales",
    "service",
    "staff",
    "system",
    "take",
    "team",
    "teams",
    "time",
    "today",
    "update",
    "very",
    "week",
    "well",
    "work",
    "year",
];

/// How rare a word set is as (part of) an anchor, by its commonest
/// literal: a function word ("the", "für": in nearly every sentence) least,
/// then a common content word ([`COMMON_WORDS`]), then other words, longer
/// ones rarer. Two function words side by side ("es ist") rate as one
/// common word, which is about how often they occur.
fn rarity(w: &WordSet) -> u32 {
    // A word that may start inside a longer one (`*projekt`, or lie inside
    // it, `*synergie*`) makes literals that do not start at a word: for
    // those the prefilter runs a second look-up on every word of every
    // document of the language (`*part*`: a search of the whole text). As
    // an anchor it is worth that only against function words.
    if opens_inside_word(w) {
        return INSIDE_WORD;
    }
    let mut min = None;
    for l in w.literals() {
        let r = word_rarity(l);
        if r == FUNCTION_WORD {
            // Nothing rates lower: the rest need not be looked up.
            return r;
        }
        min = Some(min.map_or(r, |m: u32| m.min(r)));
    }
    min.unwrap_or(0)
}

/// The [`word_rarity`] of a function word, the lowest.
const FUNCTION_WORD: u32 = 10;

/// The [`rarity`] of a word set with a test that leaves the word's start
/// open: between function words and common ones.
const INSIDE_WORD: u32 = 15;

/// Whether a word of `w` may start inside a longer word (`*projekt`,
/// `*synergie*`).
fn opens_inside_word(w: &WordSet) -> bool {
    w.tests()
        .iter()
        .any(|t| matches!(t, WordTest::Suffix(_) | WordTest::Contains(_)))
}

/// The [`word_rarity`] of a common word; rarer words are neither function
/// words nor [`COMMON_WORDS`].
const COMMON_WORD: u32 = 20;

/// How rare one folded word is (see [`rarity`]).
fn word_rarity(word: &str) -> u32 {
    // "in", "so" and "an" are function words of both languages, so language
    // detection lists them in neither; here they are the commonest of all.
    if crate::langid::is_function_word(word) || matches!(word, "in" | "so" | "an") {
        FUNCTION_WORD
    } else if is_common_word(word) {
        COMMON_WORD
    } else {
        30 + word.len().min(12) as u32
    }
}

/// Whether `word` is one of [`COMMON_WORDS`] (a binary search of the
/// strings was, with [`rarity`], 8 % of start-up time).
fn is_common_word(word: &str) -> bool {
    static TABLE: OnceLock<WordTable<(), 1024>> = OnceLock::new();
    TABLE
        .get_or_init(|| WordTable::new(COMMON_WORDS.iter().map(|&w| (w, ())), ()))
        .get(word.as_bytes())
        .is_some()
}

/// The word sets of a run of adjacent words.
fn words_of(run: &[Node]) -> impl Iterator<Item = &WordSet> {
    run.iter().filter_map(|n| match n {
        Node::Word(w) => Some(&**w),
        _ => None,
    })
}

/// Whether the adjacent words `run` can be one anchor literal, as the folded
/// text holds them (joined by one space): inside the run a word's end and
/// the next word's start must be fixed by their tests (the first word exact
/// or a suffix, inner words exact, the last exact or a prefix), and the
/// alternatives must not multiply past [`MAX_RUN_LITERALS`]. A single word
/// always can.
fn run_fits(run: &[Node]) -> bool {
    let n = run.len();
    let fits = words_of(run).enumerate().all(|(i, w)| {
        w.tests().iter().all(|t| match t {
            WordTest::Exact(_) => true,
            WordTest::Prefix(_) => i + 1 == n,
            WordTest::Suffix(_) => i == 0,
            WordTest::Contains(_) => n == 1,
        })
    });
    let combinations = words_of(run).try_fold(1usize, |k, w| k.checked_mul(w.tests().len()));
    fits && (n == 1 || combinations.is_some_and(|c| c <= MAX_RUN_LITERALS))
}

/// The literals the prefilter looks for, for a run that [`run_fits`]: every
/// combination of its words' tests, joined by one space as in the folded
/// text ([`Segmented::norm`]), with a space before (after) it when the
/// first (last) test fixes the word's start (end). So a hit of "team"
/// inside "steam" is never reported for an exact word, and a literal that
/// starts with a space is looked up by its words alone (module `literals`).
fn run_literals(run: &[Node]) -> Vec<String> {
    let n = words_of(run).count();
    // The first word extends the empty literal; no vector is made for it.
    let start = [String::new()];
    let mut literals: Vec<String> = Vec::new();
    for (i, w) in words_of(run).enumerate() {
        let last = i + 1 == n;
        let befores: &[String] = if i == 0 { &start } else { &literals };
        let mut next = Vec::with_capacity(befores.len() * w.tests().len());
        for before in befores {
            for t in w.tests() {
                let mut l = String::with_capacity(before.len() + t.literal().len() + 2);
                l.push_str(before);
                if i > 0 || matches!(t, WordTest::Exact(_) | WordTest::Prefix(_)) {
                    l.push(' ');
                }
                l.push_str(t.literal());
                if last && matches!(t, WordTest::Exact(_) | WordTest::Suffix(_)) {
                    l.push(' ');
                }
                next.push(l);
            }
        }
        literals = next;
    }
    if n == 0 {
        // No words: the empty literal.
        literals.extend(start);
    }
    literals
}

/// The best anchor of a sequence, if it has one: the run of required words
/// (or group of runs) that is rarest by [`rarity`].
fn anchor_of<'n>(nodes: &'n [Node]) -> Option<Anchor<'n>> {
    let mut best: Option<Anchor<'n>> = None;
    // Candidates are compared by rarity before one is built: building every
    // candidate's runs was a third of the matcher's start-up.
    let beats =
        |best: &Option<Anchor<'n>>, rarity: u32| best.as_ref().is_none_or(|b| rarity > b.rarity);
    // The rarity of the node at `i`, if it is a word.
    let rarity_at = |i: usize| match nodes.get(i) {
        Some(Node::Word(w)) => Some(rarity(w)),
        _ => None,
    };
    // The rarities of the nodes `i..i + MAX_RUN`, where a run from `i` may
    // end: each word's is computed once, and no vector is allocated.
    let mut window: [Option<u32>; MAX_RUN] = std::array::from_fn(rarity_at);
    let mut before = (0, 0);
    for (i, node) in nodes.iter().enumerate() {
        if i > 0 {
            window.rotate_left(1);
            window[MAX_RUN - 1] = rarity_at(i + MAX_RUN - 1);
        }
        match node {
            Node::Word(w) => {
                // A run that starts inside a word rates below any common
                // word, whatever follows: its literal is one of those that
                // cost a second look-up (see [`rarity`]).
                let cap = if opens_inside_word(w) {
                    COMMON_WORD - 1
                } else {
                    u32::MAX
                };
                let mut sum = 0;
                for (end, r) in (i..).zip(window) {
                    let Some(r) = r else { break };
                    sum += r;
                    if beats(&best, sum.min(cap)) && run_fits(&nodes[i..=end]) {
                        best = Some(Anchor {
                            rarity: sum.min(cap),
                            runs: vec![&nodes[i..=end]],
                            offset: before,
                            rest: Some(&nodes[end + 1..]),
                        });
                    }
                }
            }
            // A group every match passes through (no empty branch) anchors
            // on the union of its branches' anchors.
            Node::Alt(branches) if branches.iter().all(|b| !b.is_empty()) => {
                let inner: Option<Vec<Anchor<'n>>> =
                    branches.iter().map(|b| anchor_of(b)).collect();
                if let Some(inner) = inner {
                    let rarity = inner.iter().map(|a| a.rarity).min().unwrap_or_default();
                    if beats(&best, rarity) {
                        best = Some(Anchor {
                            rarity,
                            offset: (
                                before.0 + inner.iter().map(|a| a.offset.0).min().unwrap_or(0),
                                before.1 + inner.iter().map(|a| a.offset.1).max().unwrap_or(0),
                            ),
                            runs: inner.into_iter().flat_map(|a| a.runs).collect(),
                            rest: None,
                        });
                    }
                }
            }
            _ => {}
        }
        // Words before the next node: what `seq_span(&nodes[..i + 1])` gives.
        let (lo, hi) = node.span();
        before = (before.0 + lo, before.1 + hi);
    }
    best
}

/// Splits a pattern of `entry` into parts that each have an anchor (only a
/// pattern whose every word is inside groups with optional branches needs
/// splitting).
fn parts_of(entry: usize, nodes: &[Node]) -> Vec<Part> {
    if let Some(anchor) = anchor_of(nodes) {
        let first = first_tests(nodes);
        let after = anchor.rest.and_then(|rest| {
            let tests = first_tests(rest)?;
            Some((anchor.runs[0].len(), WordSet::new(tests)))
        });
        return vec![Part {
            entry,
            first: first.map(WordSet::new),
            after,
            anchor: anchor.runs.into_iter().fold(Vec::new(), |mut all, run| {
                // Most anchors are one run: its literals are the vector.
                let literals = run_literals(run);
                if all.is_empty() {
                    literals
                } else {
                    all.extend(literals);
                    all
                }
            }),
            before: anchor.offset,
            nodes: nodes.to_vec(),
        }];
    }
    let Some(i) = nodes.iter().position(|n| matches!(n, Node::Alt(_))) else {
        return Vec::new();
    };
    let Node::Alt(branches) = &nodes[i] else {
        unreachable!()
    };
    branches
        .iter()
        .flat_map(|b| {
            let mut spliced = nodes[..i].to_vec();
            spliced.extend(b.iter().cloned());
            spliced.extend(nodes[i + 1..].iter().cloned());
            parts_of(entry, &spliced)
        })
        .collect()
}

struct Prefilter {
    /// The anchor literals (numbered in sorted order).
    literals: Literals,
    /// For every literal, the parts that anchor on it.
    owners: Vec<Vec<u32>>,
}

/// Configures and builds a [`Matcher`].
#[derive(Debug, Clone)]
pub struct MatcherBuilder {
    prefilter: bool,
}

impl Default for MatcherBuilder {
    fn default() -> Self {
        MatcherBuilder { prefilter: true }
    }
}

impl MatcherBuilder {
    /// A builder with the prefilter on.
    pub fn new() -> MatcherBuilder {
        MatcherBuilder::default()
    }

    /// Switches the anchor prefilter on (default) or off. Off is slower
    /// and finds exactly the same; it exists to prove that.
    pub fn prefilter(&mut self, on: bool) -> &mut Self {
        self.prefilter = on;
        self
    }

    /// Compiles the lexicon's patterns.
    pub fn build(&self, lexicon: Lexicon) -> Matcher {
        // Entries are compiled in parallel (on the current rayon pool) and
        // their parts kept in entry order.
        let parts: Vec<Part> = lexicon
            .entries()
            .par_iter()
            .enumerate()
            .flat_map_iter(|(entry, e)| {
                e.patterns
                    .iter()
                    .flat_map(move |p| parts_of(entry, &p.nodes))
            })
            .collect();
        // One prefilter per language, over the anchors of the entries that
        // apply to it: a word looked up finds only literals that can count
        // there, and the two are built side by side.
        let prefilter = self.prefilter.then(|| {
            let entries = lexicon.entries();
            Lang::ALL
                .par_iter()
                .map(|&lang| build_prefilter(&parts, |part| entries[part.entry].applies_to(lang)))
                .collect()
        });
        Matcher {
            lexicon,
            parts,
            prefilter,
        }
    }
}

fn build_prefilter(parts: &[Part], wanted: impl Fn(&Part) -> bool) -> Prefilter {
    // Group parts by searched literal; the literals are numbered in sorted
    // order, so the build is deterministic.
    let mut by_literal: std::collections::HashMap<&str, Vec<u32>> =
        std::collections::HashMap::new();
    for (i, v) in parts.iter().enumerate().filter(|(_, v)| wanted(v)) {
        for literal in &v.anchor {
            let owners = by_literal.entry(literal).or_default();
            if owners.last() != Some(&(i as u32)) {
                owners.push(i as u32);
            }
        }
    }
    let mut anchors: Vec<&str> = by_literal.keys().copied().collect();
    anchors.sort_unstable();
    let owners = anchors
        .iter()
        .map(|a| by_literal.remove(a).unwrap_or_default())
        .collect();
    Prefilter {
        literals: Literals::new(&anchors),
        owners,
    }
}

/// A compiled lexicon, ready to match. Immutable and shared by all threads.
pub struct Matcher {
    lexicon: Lexicon,
    parts: Vec<Part>,
    /// The prefilter of each language of [`Lang::ALL`], in that order.
    prefilter: Option<Vec<Prefilter>>,
}

impl Matcher {
    /// A matcher over `lexicon` with the prefilter on.
    pub fn new(lexicon: Lexicon) -> Matcher {
        MatcherBuilder::new().build(lexicon)
    }

    /// The lexicon it matches.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// All matches of the entries that apply to `lang`, overlaps resolved
    /// (longest first, then highest weight, then earliest, then id), in text
    /// order.
    pub fn find(&self, seg: &Segmented, lang: Lang) -> Vec<Match> {
        self.find_in(seg, lang, &mut Scratch::default())
    }

    /// [`Matcher::find`] with the working buffers of `scratch`, which a
    /// thread that matches one text after the other keeps between them.
    pub fn find_in(&self, seg: &Segmented, lang: Lang, scratch: &mut Scratch) -> Vec<Match> {
        self.find_where(seg, lang, |_| true, scratch)
    }

    /// Matches of one entry only (whatever its language applies to), as
    /// used to test an entry's examples in isolation.
    pub fn find_entry(&self, seg: &Segmented, entry: usize) -> Vec<Match> {
        let lang = self.lexicon.entries()[entry].lang;
        self.find_where(seg, lang, |e| e == entry, &mut Scratch::default())
    }

    /// Every match of every entry that applies to `lang`, overlapping ones
    /// included (one per entry and span), in text order: what [`Matcher::find`]
    /// chooses from. For tests and debugging.
    pub fn find_all(&self, seg: &Segmented, lang: Lang) -> Vec<Match> {
        let mut scratch = Scratch::default();
        self.candidates(seg, lang, |_| true, &mut scratch);
        let quotes = QuoteIndex::new(seg);
        let buffers = &mut scratch.buffers;
        let mut out: Vec<Match> = scratch
            .raw
            .drain(..)
            .map(|(v, tokens)| self.placed(seg, lang, &quotes, v, tokens, buffers))
            .collect();
        out.sort_by_key(|m| (m.span.start, m.span.end, m.entry));
        out.dedup_by_key(|m| (m.span.clone(), m.entry));
        negate_by_clause(seg, lang, &mut out);
        out
    }

    fn find_where(
        &self,
        seg: &Segmented,
        lang: Lang,
        keep: impl Fn(usize) -> bool,
        scratch: &mut Scratch,
    ) -> Vec<Match> {
        self.candidates(seg, lang, keep, scratch);
        self.resolve(seg, lang, scratch)
    }

    /// Every (variant, tokens) match of the wanted entries, into
    /// `scratch.raw`.
    fn candidates(
        &self,
        seg: &Segmented,
        lang: Lang,
        keep: impl Fn(usize) -> bool,
        scratch: &mut Scratch,
    ) {
        let entries = self.lexicon.entries();
        let wanted = |v: u32| {
            let entry = self.parts[v as usize].entry;
            keep(entry) && entries[entry].applies_to(lang)
        };
        let Scratch {
            raw,
            starts,
            buffers,
            ..
        } = scratch;
        raw.clear();
        // Most proposed starts fail on their first word: it is tested before
        // a start is kept (and sorted) or walked.
        let first_word_fits = |v: u32, start: usize| {
            let part = &self.parts[v as usize];
            part.first
                .as_ref()
                .is_none_or(|first| first.matches(seg.norm_of(start)))
        };
        let mut try_at = |v: u32, start: usize| {
            let nodes = &self.parts[v as usize].nodes;
            let sentence_end = seg.sentences[seg.tokens[start].sentence as usize].end;
            if let Some(found) = best_match(nodes, seg, start, sentence_end, buffers) {
                raw.push((v, found));
            }
        };
        match &self.prefilter {
            Some(prefilters) => {
                let i = Lang::ALL.iter().position(|&l| l == lang);
                let pf = &prefilters[i.expect("Lang::ALL lists every language")];
                // An anchor hit in token `t` fixes where a match can start.
                starts.clear();
                pf.literals.for_each(seg, |literal, t| {
                    let owners = &pf.owners[literal as usize];
                    let first = seg.sentences[seg.tokens[t].sentence as usize].start;
                    for &v in owners {
                        let part = &self.parts[v as usize];
                        let (min, max) = part.before;
                        // The language's prefilter has only parts of entries
                        // that apply to it (the entry's own record is not
                        // looked at: one cache miss less for each owner).
                        if t < first + min || !keep(part.entry) {
                            continue;
                        }
                        if let Some((words, next)) = &part.after {
                            let at = t + words;
                            if at >= seg.tokens.len() || !next.matches(seg.norm_of(at)) {
                                continue;
                            }
                        }
                        let lo = t.saturating_sub(max).max(first);
                        // A plain loop: an inclusive range's iterator and
                        // `extend` cost more than the tests.
                        for start in lo..t - min + 1 {
                            if first_word_fits(v, start) {
                                starts.push((v, start as u32));
                            }
                        }
                    }
                });
                starts.sort_unstable();
                starts.dedup();
                for &(v, start) in starts.iter() {
                    try_at(v, start as usize);
                }
            }
            None => {
                for sentence in &seg.sentences {
                    for v in (0..self.parts.len() as u32).filter(|&v| wanted(v)) {
                        for start in sentence.clone().filter(|&start| first_word_fits(v, start)) {
                            try_at(v, start);
                        }
                    }
                }
            }
        }
        // A pattern that starts with a gap or an optional word can reach the
        // same match from several starts.
        raw.sort_unstable_by_key(|(v, r)| (*v, r.start, r.end));
        raw.dedup();
    }

    /// Keeps the best of overlapping matches and adds their context.
    ///
    /// A match is negated when a negation cue stands before it in its clause,
    /// or inside one of its gaps ("es kam zu *keinen* Zwischenfällen"): the
    /// words a gap skips are not part of the phrase.
    fn resolve(&self, seg: &Segmented, lang: Lang, scratch: &mut Scratch) -> Vec<Match> {
        let Scratch {
            raw,
            taken,
            buffers,
            ..
        } = scratch;
        let entries = self.lexicon.entries();
        let entry = |v: u32| self.parts[v as usize].entry;
        let span =
            |t: &Range<usize>| seg.tokens[t.start].span().start..seg.tokens[t.end - 1].span().end;
        raw.sort_by(|(va, ta), (vb, tb)| {
            let (sa, sb) = (span(ta), span(tb));
            let (ea, eb) = (entry(*va), entry(*vb));
            (sb.len(), entries[eb].weight)
                .cmp(&(sa.len(), entries[ea].weight))
                .then(ta.start.cmp(&tb.start))
                .then(ea.cmp(&eb))
                .then(ta.end.cmp(&tb.end))
                .then(va.cmp(vb))
        });
        taken.clear();
        taken.resize(seg.tokens.len(), false);
        let mut out = Vec::new();
        let quotes = QuoteIndex::new(seg);
        for (v, tokens) in raw.drain(..) {
            if taken[tokens.clone()].iter().any(|&t| t) {
                continue;
            }
            taken[tokens.clone()].iter_mut().for_each(|t| *t = true);
            out.push(self.placed(seg, lang, &quotes, v, tokens, buffers));
        }
        out.sort_by_key(|m| (m.span.start, m.span.end, m.entry));
        negate_by_clause(seg, lang, &mut out);
        out
    }

    /// A match of variant `v` over `tokens`, with its span and context
    /// (negation by a cue before it in its clause comes later, from
    /// [`negate_by_clause`]).
    fn placed(
        &self,
        seg: &Segmented,
        lang: Lang,
        quotes: &QuoteIndex,
        v: u32,
        tokens: Range<usize>,
        buffers: &mut WalkBuffers,
    ) -> Match {
        let span = seg.tokens[tokens.start].span().start..seg.tokens[tokens.end - 1].span().end;
        let sentence_end = seg.sentences[seg.tokens[tokens.start].sentence as usize].end;
        best_match(
            &self.parts[v as usize].nodes,
            seg,
            tokens.start,
            sentence_end,
            buffers,
        );
        let negated_inside = buffers
            .gaps
            .iter()
            .any(|&t| is_negation_cue(seg.norm_of(t), lang));
        Match {
            entry: self.parts[v as usize].entry,
            // A match that ends inside a quotation quotes the phrase, even
            // when a gap reached back to words outside it.
            quoted: quotes.quoted(&span) || quotes.quoted(&seg.tokens[tokens.end - 1].span()),
            negated: negated_inside,
            tokens,
            span,
        }
    }
}

/// Answers [`Segmented::quoted`] in logarithmic time: asking every quotation
/// for every match was quadratic on a text of thousands of quoted phrases
/// (issue #9).
struct QuoteIndex<'s> {
    /// The quotations, sorted by start.
    quotes: &'s [Range<usize>],
    /// `max_end[i]`: the furthest end of `quotes[..=i]`.
    max_end: Vec<usize>,
}

impl<'s> QuoteIndex<'s> {
    fn new(seg: &'s Segmented) -> QuoteIndex<'s> {
        debug_assert!(seg.quotes.is_sorted_by_key(|q| q.start));
        let max_end = seg
            .quotes
            .iter()
            .scan(0, |max, q| {
                *max = q.end.max(*max);
                Some(*max)
            })
            .collect();
        QuoteIndex {
            quotes: &seg.quotes,
            max_end,
        }
    }

    /// Whether the byte span lies inside one quotation: of the quotations
    /// that start at or before it, the one that ends furthest holds it.
    fn quoted(&self, span: &Range<usize>) -> bool {
        let n = self.quotes.partition_point(|q| q.start <= span.start);
        n > 0 && self.max_end[n - 1] >= span.end
    }
}

/// Marks the matches that a negation cue before them in their clause negates
/// ([`Segmented::negated`]). For matches sorted by first token, each walks
/// back only to its clause start or to the previous match's first token,
/// whose answer it then inherits when that token is in its clause: linear
/// in the tokens, and only the clauses with matches are read. (Walking back
/// to the clause start for every match was quadratic on a long text without
/// punctuation full of matches, issue #9; reading every token up to the last
/// match was a tenth of the matcher's time on ordinary text.)
fn negate_by_clause(seg: &Segmented, lang: Lang, matches: &mut [Match]) {
    // The previous match's first token, and whether a cue stands before it
    // in its clause.
    let mut prev: Option<(usize, bool)> = None;
    for m in matches {
        let first = m.tokens.start;
        let stop = match prev {
            Some((p, _)) if first < p => {
                // Out of order (not produced by this module): ask directly.
                m.negated |= seg.negated(first, lang);
                continue;
            }
            Some((p, _)) => p,
            None => 0,
        };
        let clause = seg.tokens[first].clause();
        let mut t = first;
        let mut cue = false;
        while t > stop && seg.tokens[t - 1].clause() == clause {
            t -= 1;
            if is_negation_cue(seg.norm_of(t), lang) {
                cue = true;
                break;
            }
        }
        if let Some((p, p_cue)) = prev
            && !cue
            && t == p
            && seg.tokens[p].clause() == clause
        {
            cue = p_cue;
        }
        prev = Some((first, cue));
        m.negated |= cue;
    }
}

/// The rest of a pattern to walk after a group: a linked list on the stack.
struct Cont<'a> {
    nodes: &'a [Node],
    next: Option<&'a Cont<'a>>,
}

/// The working buffers of [`Matcher::find_in`], kept from one text to the
/// next.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Prefilter hits: (variant, start token) to walk from.
    starts: Vec<(u32, u32)>,
    /// Matches found, before overlaps are resolved: (variant, tokens).
    raw: Vec<(u32, Range<usize>)>,
    /// Tokens a resolved match has taken.
    taken: Vec<bool>,
    buffers: WalkBuffers,
}

/// The buffers the walks over one text reuse, one walk after the other
/// (a walk of a pattern with gaps would allocate its own otherwise).
#[derive(Debug, Default)]
struct WalkBuffers {
    /// The words the gaps of the last best match skipped inside it.
    gaps: Vec<usize>,
    /// Tokens skipped by gaps on the current path.
    skipped: Vec<usize>,
}

/// The walk of one pattern from one start.
struct Walk<'s, 'b> {
    seg: &'s Segmented,
    /// The sentence end: no match goes past it.
    end: usize,
    /// Tokens skipped by gaps on the current path.
    skipped: &'b mut Vec<usize>,
    /// The best match so far (first word .. after the last word).
    best: Option<Range<usize>>,
    /// Nodes visited: at most `walks × (nodes + 1)` of the pattern
    /// ([`crate::lexicon::pattern::walks`], bounded at load), whatever the text.
    steps: usize,
}

impl Walk<'_, '_> {
    fn go(
        &mut self,
        nodes: &[Node],
        k: Option<&Cont<'_>>,
        pos: usize,
        first: Option<usize>,
        last: usize,
        gaps: &mut Vec<usize>,
    ) {
        self.steps += 1;
        match nodes.split_first() {
            None => match k {
                Some(c) => self.go(c.nodes, c.next, pos, first, last, gaps),
                None => {
                    let Some(first) = first else { return };
                    // The longest match wins, then the earliest.
                    let better = self.best.as_ref().is_none_or(|b| {
                        (last - first, std::cmp::Reverse(first))
                            > (b.len(), std::cmp::Reverse(b.start))
                    });
                    if better {
                        self.best = Some(first..last);
                        gaps.clear();
                        gaps.extend(
                            self.skipped
                                .iter()
                                .copied()
                                .filter(|t| (first..last).contains(t)),
                        );
                    }
                }
            },
            Some((Node::Word(w), rest)) => {
                if pos < self.end && w.matches(self.seg.norm_of(pos)) {
                    self.go(rest, k, pos + 1, first.or(Some(pos)), pos + 1, gaps);
                }
            }
            Some((Node::Gap(n), rest)) => {
                let mark = self.skipped.len();
                for g in 0..=usize::from(*n) {
                    if pos + g > self.end {
                        break;
                    }
                    if self.dead_end(rest, pos + g) {
                        continue;
                    }
                    self.skipped.truncate(mark);
                    self.skipped.extend(pos..pos + g);
                    self.go(rest, k, pos + g, first, last, gaps);
                }
                self.skipped.truncate(mark);
            }
            Some((Node::Alt(branches), rest)) => {
                let cont = Cont {
                    nodes: rest,
                    next: k,
                };
                for b in branches {
                    if !self.dead_end(b, pos) {
                        self.go(b, Some(&cont), pos, first, last, gaps);
                    }
                }
            }
        }
    }

    /// Whether `nodes` begin with a word that the token at `pos` is not:
    /// tested here, a gap's lengths and a group's branches that fail on
    /// their first word (most of them) cost no call.
    #[inline(always)]
    fn dead_end(&self, nodes: &[Node], pos: usize) -> bool {
        match nodes.first() {
            Some(Node::Word(w)) => pos >= self.end || !w.matches(self.seg.norm_of(pos)),
            _ => false,
        }
    }
}

/// The best match of `nodes` walked from token `at` without passing `end`:
/// the longest (then the earliest) over all alternatives and gap lengths, as
/// tokens from its first to after its last matched word. `buffers.gaps`
/// is left holding the words the gaps of that match skipped inside it.
fn best_match(
    nodes: &[Node],
    seg: &Segmented,
    at: usize,
    end: usize,
    buffers: &mut WalkBuffers,
) -> Option<Range<usize>> {
    walk(nodes, seg, at, end, buffers).best
}

/// The walk [`best_match`] makes.
fn walk<'s, 'b>(
    nodes: &[Node],
    seg: &'s Segmented,
    at: usize,
    end: usize,
    buffers: &'b mut WalkBuffers,
) -> Walk<'s, 'b> {
    let WalkBuffers { gaps, skipped } = buffers;
    skipped.clear();
    let mut walk = Walk {
        seg,
        end,
        skipped,
        best: None,
        steps: 0,
    };
    walk.go(nodes, None, at, None, at, gaps);
    walk
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LexiconBuilder;

    const LEX: &str = r#"
[[entry]]
id = "de.euphemism.beratend"
patterns = ["steh* ~4 beratend zur (verfügung|seite)", "(scheidet|schied) ~6 aus"]
weight = 3.0
message = "m"
suggestion = "s"
hit = ["x"]
miss = ["y"]

[[entry]]
id = "de.euphemism.wunsch"
patterns = ["auf [ihren|seinen] eigen* wunsch"]
weight = 3.0
message = "m"
suggestion = "s"
hit = ["x"]
miss = ["y"]

[[entry]]
id = "de.hedge.eigen"
patterns = ["eigen* wunsch"]
weight = 1.0
message = "m"
suggestion = "s"
hit = ["x"]
miss = ["y"]

[[entry]]
id = "de.jargon.eigen"
patterns = ["eigen* wunsch"]
weight = 2.0
message = "m"
suggestion = "s"
hit = ["x"]
miss = ["y"]

[[entry]]
id = "en.buzzword.game-changer"
patterns = ["game-changer"]
weight = 2.0
message = "m"
suggestion = "s"
hit = ["x"]
miss = ["y"]

[[entry]]
id = "en.hedge.arguably"
patterns = ["arguably"]
weight = 1.0
message = "m"
suggestion = "s"
hit = ["x"]
miss = ["y"]
"#;

    fn matcher(prefilter: bool) -> Matcher {
        let lex = LexiconBuilder::new()
            .without_builtin()
            .add_source("t.toml", LEX)
            .build()
            .unwrap();
        MatcherBuilder::new().prefilter(prefilter).build(lex)
    }

    fn found(text: &str, lang: Lang) -> Vec<(String, String, bool)> {
        let m = matcher(true);
        let seg = Segmented::new(text, &[]);
        let with = m.find(&seg, lang);
        assert_eq!(
            with,
            matcher(false).find(&seg, lang),
            "prefilter changed the result"
        );
        with.iter()
            .map(|f| {
                let id = m.lexicon().entries()[f.entry].id.clone();
                (id, text[f.span.clone()].to_string(), f.counted())
            })
            .collect()
    }

    fn hit(id: &str, text: &str) -> (String, String, bool) {
        (id.to_string(), text.to_string(), true)
    }

    #[test]
    fn common_words_are_sorted() {
        assert!(COMMON_WORDS.is_sorted());
    }

    #[test]
    fn common_words_are_found_and_nothing_else() {
        for w in COMMON_WORDS {
            assert!(is_common_word(w), "{w}");
            for other in [
                &w[1..],
                &w[..w.len() - 1],
                &format!("{w}s"),
                &format!("x{w}"),
            ] {
                assert_eq!(
                    is_common_word(other),
                    COMMON_WORDS.contains(&other),
                    "{other}"
                );
            }
        }
        for w in [
            "",
            "the",
            "managements",
            "customerservice",
            "kundenzufriedenheit",
        ] {
            assert!(!is_common_word(w), "{w}");
        }
    }

    /// `pattern` compiled as the one pattern of the test entry
    /// `de.euphemism.wunsch`, with that entry's index.
    fn compiled(pattern: &str) -> (usize, Vec<Node>) {
        let lex = LEX.replace("auf [ihren|seinen] eigen* wunsch", pattern);
        let lexicon = LexiconBuilder::new()
            .without_builtin()
            .add_source("t.toml", &lex)
            .build()
            .unwrap();
        let entry = lexicon.index_of("de.euphemism.wunsch").unwrap();
        (entry, lexicon.entries()[entry].patterns[0].nodes.clone())
    }

    /// The literals the prefilter looks for, for a one-pattern entry.
    fn anchor_literals(pattern: &str) -> Vec<String> {
        let (_, nodes) = compiled(pattern);
        let anchor = anchor_of(&nodes).unwrap();
        anchor.runs.into_iter().flat_map(run_literals).collect()
    }

    #[test]
    fn adjacent_fixed_words_anchor_together() {
        // The optional group and the prefix "eigen*" (its end is open) break
        // the run: the rarest run is "wunsch" alone, an exact word (a space
        // on either side).
        assert_eq!(
            anchor_literals("auf [ihren|seinen] eigen* wunsch"),
            [" wunsch "]
        );
        // Up to three words; a prefix may close a run (no space after) …
        assert_eq!(
            anchor_literals("*lich auf eigenen wunsch*"),
            [" auf eigenen wunsch"]
        );
        // … and a suffix open it (no space before), where the other words
        // are function words only: a literal that starts inside a word
        // costs the prefilter a second look-up of every word of the
        // language, so a rarer word elsewhere anchors instead.
        assert_eq!(anchor_literals("*lich auf"), ["lich auf "]);
        assert_eq!(anchor_literals("*lich ausgeschieden"), [" ausgeschieden "]);
        assert_eq!(
            anchor_literals("(*projekt|vorhaben) ~1 (wurde|ist) gestoppt"),
            [" wurde gestoppt ", " ist gestoppt "]
        );
        // Alternatives multiply into several literals.
        assert_eq!(
            anchor_literals("(ist|war) ausgeschieden"),
            [" ist ausgeschieden ", " war ausgeschieden "]
        );
    }

    #[test]
    fn a_word_after_a_one_run_anchor_is_tested_before_walking() {
        let after = |pattern: &str| {
            let (entry, nodes) = compiled(pattern);
            parts_of(entry, &nodes)[0]
                .after
                .as_ref()
                .map(|(words, next)| {
                    let tests: Vec<String> = next.tests().iter().map(|t| t.to_string()).collect();
                    (*words, tests)
                })
        };
        // Five alternatives do not join "synergien" in one run (at most four
        // literals): the anchor is "synergien", and one of them follows it.
        assert_eq!(
            after("wir ~2 synergien (heben|hoben|hebt|gehoben|erzielen) [jetzt]"),
            Some((
                1,
                ["heben", "hoben", "hebt", "gehoben", "erzielen"]
                    .map(String::from)
                    .to_vec()
            ))
        );
        // A gap or an optional group after the anchor, the anchor last, or an
        // anchor in a group's branches: no word to test.
        assert_eq!(
            after("synergien ~2 (heben|hoben|hebt|gehoben|erzielen)"),
            None
        );
        assert_eq!(after("synergien [heben|hoben|hebt|gehoben|erzielen]"), None);
        assert_eq!(after("wir heben synergien"), None);
        assert_eq!(after("(synergien heben|mehrwert stiften) jetzt"), None);
    }

    #[test]
    fn gaps_alternatives_and_longest_match_wins() {
        assert_eq!(
            found("Er steht uns auch künftig beratend zur Seite.", Lang::De),
            [hit(
                "de.euphemism.beratend",
                "steht uns auch künftig beratend zur Seite"
            )]
        );
        assert_eq!(
            found("Sie scheidet auf ihren eigenen Wunsch aus.", Lang::De),
            [hit(
                "de.euphemism.beratend",
                "scheidet auf ihren eigenen Wunsch aus"
            )]
        );
        assert_eq!(
            found("Er geht auf eigenen Wunsch.", Lang::De),
            [hit("de.euphemism.wunsch", "auf eigenen Wunsch")]
        );
    }

    #[test]
    fn on_equal_spans_the_heavier_entry_wins() {
        assert_eq!(
            found("Es war ihr eigener Wunsch.", Lang::De),
            [hit("de.jargon.eigen", "eigener Wunsch")]
        );
    }

    /// Nodes of a pattern tree, groups counted once more for the step that
    /// continues after them.
    fn size(nodes: &[Node]) -> usize {
        nodes
            .iter()
            .map(|n| match n {
                Node::Alt(branches) => 2 + branches.iter().map(|b| size(b)).sum::<usize>(),
                _ => 1,
            })
            .sum()
    }

    /// Issue #9: the work of walking one pattern from one start is bounded by
    /// the pattern alone, `walks × (size + 1)` steps, on the text that
    /// makes it work hardest: one long sentence of words that pass every
    /// test. The bound is what makes `MAX_WALKS` a bound on matching time.
    #[test]
    fn walking_one_start_is_bounded_by_the_pattern() {
        use crate::lexicon::pattern::{MAX_WALKS, Pattern, walks};
        let text = "aaaa ".repeat(200);
        let seg = Segmented::new(&text, &[]);
        for source in [
            "aaa* ~8 aaa*",
            "aaa* ~8 [aaa*] ~8 [aaa*] ~8 aaa*",
            "aaa* [~8 [~8 [~8 [~8 aaa*]]]] aaa*",
            "aaa* (~8 aaa*|aaa* ~8) [~8] [~8] aaa*",
            "aaa* ~8 [aaa* aaa*] ~8 [aaa*|~2] ~8 ~8 aaa*",
        ] {
            let nodes = Pattern::parse(source).unwrap().nodes;
            let bound = walks(&nodes) * (size(&nodes) + 1);
            assert!(walks(&nodes) <= MAX_WALKS, "{source}");
            for at in [0, 100] {
                let mut buffers = WalkBuffers::default();
                let w = walk(&nodes, &seg, at, seg.tokens.len(), &mut buffers);
                assert!(w.best.is_some(), "{source}");
                assert!(
                    w.steps <= bound,
                    "{source}: {} steps, bound {bound}",
                    w.steps
                );
            }
        }
    }

    #[test]
    fn matches_do_not_cross_sentences() {
        assert!(found("Er steht da. Beratend zur Seite ist keiner.", Lang::De).is_empty());
    }

    #[test]
    fn english_buzzwords_apply_to_german_but_not_other_categories() {
        assert_eq!(
            found("Das ist ein Game-Changer und arguably gut.", Lang::De),
            [hit("en.buzzword.game-changer", "Game-Changer")]
        );
        assert_eq!(
            found("A true gamechanger, arguably.", Lang::En),
            [
                hit("en.buzzword.game-changer", "gamechanger"),
                hit("en.hedge.arguably", "arguably")
            ]
        );
        assert!(found("Er geht auf eigenen Wunsch.", Lang::En).is_empty());
    }

    #[test]
    fn negation_reaches_every_match_of_its_clause_and_no_further() {
        let text = "Not arguably, arguably a game-changer and arguably so. \
                    Arguably not; never arguably a game-changer, arguably.";
        let seg = Segmented::new(text, &[]);
        let found = matcher(true).find(&seg, Lang::En);
        let negated: Vec<bool> = found.iter().map(|m| m.negated).collect();
        assert_eq!(
            negated,
            [true, false, false, false, false, true, true, false]
        );
        // The same as asking each match on its own (walking back to its
        // clause start).
        for m in &found {
            assert_eq!(m.negated, seg.negated(m.tokens.start, Lang::En), "{m:?}");
        }
    }

    #[test]
    fn quoted_and_negated_are_reported_not_counted() {
        let text = "„Auf eigenen Wunsch“ ist eine Floskel.";
        assert_eq!(
            found(text, Lang::De),
            [(
                "de.euphemism.wunsch".to_string(),
                "Auf eigenen Wunsch".to_string(),
                false
            )]
        );
        let f = matcher(true).find(
            &Segmented::new("Er steht uns, so „beratend zur Seite“, bei.", &[]),
            Lang::De,
        );
        assert!(f[0].quoted, "a match ending inside a quotation is quoted");
        let f = matcher(true).find(&Segmented::new("Nicht auf eigenen Wunsch.", &[]), Lang::De);
        assert!(f[0].negated && !f[0].quoted);
        let f = matcher(true).find(
            &Segmented::new("Er steht nicht beratend zur Seite.", &[]),
            Lang::De,
        );
        assert!(f[0].negated, "a cue inside a gap negates");
        let f = matcher(true).find(
            &Segmented::new("Er steht beratend zur Seite.", &[]),
            Lang::De,
        );
        assert!(!f[0].negated);
    }

    #[test]
    fn one_scratch_for_text_after_text_finds_what_fresh_buffers_find() {
        let texts = [
            "Er steht uns auch künftig beratend zur Seite, auf eigenen Wunsch.",
            "Not arguably, arguably a game-changer and arguably so. \
             Arguably not; never arguably a game-changer, arguably.",
            "„Auf eigenen Wunsch“ ist eine Floskel. Es war ihr eigener Wunsch.",
            "Er steht nicht beratend zur Seite.",
            "kurz",
        ];
        for prefilter in [true, false] {
            let m = matcher(prefilter);
            let mut scratch = Scratch::default();
            // Each text after longer and shorter ones, with more and fewer
            // matches.
            for text in texts.iter().chain(texts.iter().rev()) {
                let seg = Segmented::new(text, &[]);
                for lang in [Lang::De, Lang::En] {
                    let fresh = m.find(&seg, lang);
                    assert_eq!(m.find_in(&seg, lang, &mut scratch), fresh, "{text}");
                }
            }
            assert!(!m.find(&Segmented::new(texts[0], &[]), Lang::De).is_empty());
        }
    }
}
