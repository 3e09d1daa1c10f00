//! Matching: segmented text + lexicon → matches.
//!
//! Prefilter, then verify. An Aho–Corasick automaton over one literal
//! *anchor* per pattern variant runs once over the folded text
//! ([`Segmented::norm`]); every hit proposes a (variant, sentence) pair, and
//! only those pairs are verified word by word. Every word a variant matches
//! contains its anchor, so the prefilter can only drop pairs that could never
//! match: with it switched off ([`MatcherBuilder::prefilter`]) every variant is
//! tried on every sentence and the findings are the same (a test holds us to
//! that).

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::document::Lang;
use crate::lexicon::{Lexicon, Step, Variant};
use crate::segment::{Segmented, is_negation_cue};

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

struct CompiledVariant {
    entry: usize,
    steps: Variant,
    /// Index in `steps` of the word whose literal is the prefilter anchor.
    anchor: usize,
    /// Fewest and most tokens a match has before its anchor word: an anchor
    /// hit in token `t` can only start a match in `t - max ..= t - min`.
    before: (usize, usize),
}

impl CompiledVariant {
    fn new(entry: usize, steps: Variant) -> CompiledVariant {
        // The anchor is the word whose shortest literal is longest: the
        // rarest the prefilter can look for.
        let selectivity = |s: &Step| match s {
            Step::Word(w) => w.min_literal_len(),
            Step::Gap(_) => 0,
        };
        let mut anchor = 0;
        for (i, step) in steps.iter().enumerate() {
            if selectivity(step) > selectivity(&steps[anchor]) {
                anchor = i;
            }
        }
        let (mut min, mut max) = (0, 0);
        for step in &steps[..anchor] {
            match step {
                Step::Word(_) => (min, max) = (min + 1, max + 1),
                Step::Gap(n) => max += usize::from(*n),
            }
        }
        CompiledVariant {
            entry,
            steps,
            anchor,
            before: (min, max),
        }
    }

    /// The literals of the anchor word: every match contains one of them,
    /// in the token its anchor word matched.
    fn anchor_literals(&self) -> impl Iterator<Item = &str> {
        match &self.steps[self.anchor] {
            Step::Word(w) => w.literals(),
            Step::Gap(_) => unreachable!("variants start with a word"),
        }
    }
}

struct Prefilter {
    automaton: AhoCorasick,
    /// For every anchor (automaton pattern id), the variants that need it.
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

    /// Switches the Aho–Corasick prefilter on (default) or off. Off is slower
    /// and finds exactly the same; it exists to prove that.
    pub fn prefilter(&mut self, on: bool) -> &mut Self {
        self.prefilter = on;
        self
    }

    /// Compiles the lexicon's patterns.
    pub fn build(&self, lexicon: Lexicon) -> Matcher {
        let mut variants = Vec::new();
        for (entry, e) in lexicon.entries().iter().enumerate() {
            for p in &e.patterns {
                for v in &p.variants {
                    variants.push(CompiledVariant::new(entry, v.clone()));
                }
            }
        }
        let prefilter = self.prefilter.then(|| build_prefilter(&variants));
        Matcher {
            lexicon,
            variants,
            prefilter,
        }
    }
}

fn build_prefilter(variants: &[CompiledVariant]) -> Prefilter {
    // Group variants by anchor literal; the automaton's patterns are the
    // distinct literals in sorted order, so the build is deterministic.
    let mut by_literal: std::collections::HashMap<&str, Vec<u32>> =
        std::collections::HashMap::new();
    for (i, v) in variants.iter().enumerate() {
        for lit in v.anchor_literals() {
            let owners = by_literal.entry(lit).or_default();
            if owners.last() != Some(&(i as u32)) {
                owners.push(i as u32);
            }
        }
    }
    let mut anchors: Vec<&str> = by_literal.keys().copied().collect();
    anchors.sort_unstable();
    let owners: Vec<Vec<u32>> = anchors
        .iter()
        .map(|a| by_literal.remove(a).unwrap_or_default())
        .collect();
    // Let aho-corasick choose the automaton: with thousands of anchors a
    // contiguous NFA builds several times faster than a DFA and searches
    // nearly as fast.
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&anchors)
        .expect("anchors are short literals");
    Prefilter { automaton, owners }
}

/// A compiled lexicon, ready to match. Immutable and shared by all threads.
pub struct Matcher {
    lexicon: Lexicon,
    variants: Vec<CompiledVariant>,
    prefilter: Option<Prefilter>,
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
        self.find_where(seg, lang, |_| true)
    }

    /// Matches of one entry only (whatever its language applies to), as
    /// used to test an entry's examples in isolation.
    pub fn find_entry(&self, seg: &Segmented, entry: usize) -> Vec<Match> {
        let lang = self.lexicon.entries()[entry].lang;
        self.find_where(seg, lang, |e| e == entry)
    }

    /// Every match of every entry that applies to `lang`, overlapping ones
    /// included (one per entry and span), in text order: what [`Matcher::find`]
    /// chooses from. For tests and debugging.
    pub fn find_all(&self, seg: &Segmented, lang: Lang) -> Vec<Match> {
        let mut gaps = Vec::new();
        let mut out: Vec<Match> = self
            .candidates(seg, lang, |_| true)
            .into_iter()
            .map(|(v, tokens)| self.placed(seg, lang, v, tokens, &mut gaps))
            .collect();
        out.sort_by_key(|m| (m.span.start, m.span.end, m.entry));
        out.dedup_by_key(|m| (m.span.clone(), m.entry));
        out
    }

    fn find_where(&self, seg: &Segmented, lang: Lang, keep: impl Fn(usize) -> bool) -> Vec<Match> {
        let raw = self.candidates(seg, lang, keep);
        self.resolve(seg, lang, raw)
    }

    /// Every (variant, tokens) match of the wanted entries.
    fn candidates(
        &self,
        seg: &Segmented,
        lang: Lang,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<(u32, Range<usize>)> {
        let entries = self.lexicon.entries();
        let wanted = |v: u32| {
            let entry = self.variants[v as usize].entry;
            keep(entry) && entries[entry].applies_to(lang)
        };
        let mut raw: Vec<(u32, Range<usize>)> = Vec::new();
        let mut gaps = Vec::new();
        let mut try_at = |v: u32, start: usize| {
            let sentence_end = seg.sentences[seg.tokens[start].sentence as usize].end;
            let steps = &self.variants[v as usize].steps;
            if let Some(end) = match_at(steps, seg, start, sentence_end, &mut gaps) {
                raw.push((v, start..end));
            }
        };
        match &self.prefilter {
            Some(pf) => {
                // An anchor hit in token `t` fixes where a match can start.
                let mut starts: Vec<(u32, u32)> = Vec::new();
                for hit in pf.automaton.find_overlapping_iter(&seg.norm) {
                    let t = seg.token_at_norm(hit.start());
                    let first = seg.sentences[seg.tokens[t].sentence as usize].start;
                    for &v in &pf.owners[hit.pattern().as_usize()] {
                        let (min, max) = self.variants[v as usize].before;
                        if t < first + min || !wanted(v) {
                            continue;
                        }
                        let lo = t.saturating_sub(max).max(first);
                        starts.extend((lo..=t - min).map(|start| (v, start as u32)));
                    }
                }
                starts.sort_unstable();
                starts.dedup();
                for (v, start) in starts {
                    try_at(v, start as usize);
                }
            }
            None => {
                for sentence in &seg.sentences {
                    for v in (0..self.variants.len() as u32).filter(|&v| wanted(v)) {
                        for start in sentence.clone() {
                            try_at(v, start);
                        }
                    }
                }
            }
        }
        raw
    }

    /// Keeps the best of overlapping matches and adds their context.
    ///
    /// A match is negated when a negation cue stands before it in its clause,
    /// or inside one of its gaps ("es kam zu *keinen* Zwischenfällen"): the
    /// words a gap skips are not part of the phrase.
    fn resolve(
        &self,
        seg: &Segmented,
        lang: Lang,
        mut raw: Vec<(u32, Range<usize>)>,
    ) -> Vec<Match> {
        let entries = self.lexicon.entries();
        let entry = |v: u32| self.variants[v as usize].entry;
        let span =
            |t: &Range<usize>| seg.tokens[t.start].span.start..seg.tokens[t.end - 1].span.end;
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
        let mut taken = vec![false; seg.tokens.len()];
        let mut out = Vec::new();
        let mut gaps = Vec::new();
        for (v, tokens) in raw {
            if taken[tokens.clone()].iter().any(|&t| t) {
                continue;
            }
            taken[tokens.clone()].iter_mut().for_each(|t| *t = true);
            out.push(self.placed(seg, lang, v, tokens, &mut gaps));
        }
        out.sort_by_key(|m| (m.span.start, m.span.end, m.entry));
        out
    }

    /// A match of variant `v` over `tokens`, with its span and context.
    fn placed(
        &self,
        seg: &Segmented,
        lang: Lang,
        v: u32,
        tokens: Range<usize>,
        gaps: &mut Vec<usize>,
    ) -> Match {
        let span = seg.tokens[tokens.start].span.start..seg.tokens[tokens.end - 1].span.end;
        let sentence_end = seg.sentences[seg.tokens[tokens.start].sentence as usize].end;
        match_at(
            &self.variants[v as usize].steps,
            seg,
            tokens.start,
            sentence_end,
            gaps,
        );
        let negated_inside = gaps.iter().any(|&t| is_negation_cue(seg.norm_of(t), lang));
        Match {
            entry: self.variants[v as usize].entry,
            // A match that ends inside a quotation quotes the phrase, even
            // when a gap reached back to words outside it.
            quoted: seg.quoted(&span) || seg.quoted(&seg.tokens[tokens.end - 1].span),
            negated: negated_inside || seg.negated(tokens.start, lang),
            tokens,
            span,
        }
    }
}

/// The end (exclusive token index) of the shortest way `steps` match from
/// token `at` without passing `end`; `gaps` is left holding the tokens the
/// gaps of that way skipped.
fn match_at(
    steps: &[Step],
    seg: &Segmented,
    at: usize,
    end: usize,
    gaps: &mut Vec<usize>,
) -> Option<usize> {
    gaps.clear();
    match_rest(steps, seg, at, end, gaps)
}

fn match_rest(
    steps: &[Step],
    seg: &Segmented,
    at: usize,
    end: usize,
    gaps: &mut Vec<usize>,
) -> Option<usize> {
    match steps.split_first() {
        None => Some(at),
        Some((Step::Word(w), rest)) => {
            if at < end && w.matches(seg.norm_of(at)) {
                match_rest(rest, seg, at + 1, end, gaps)
            } else {
                None
            }
        }
        Some((Step::Gap(n), rest)) => {
            let mark = gaps.len();
            for k in 0..=usize::from(*n) {
                if at + k > end {
                    break;
                }
                gaps.truncate(mark);
                gaps.extend(at..at + k);
                if let Some(e) = match_rest(rest, seg, at + k, end, gaps) {
                    return Some(e);
                }
            }
            gaps.truncate(mark);
            None
        }
    }
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
}
