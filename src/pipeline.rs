//! The pipeline: items → analyzed documents, in parallel, in input order.

use std::ops::Range;
use std::sync::{Condvar, Mutex, PoisonError};

use crate::document::{Document, Lang, Mask, Meta};
use crate::ingest::{self, IngestOptions, Skipped, Unit};
use crate::langid;
use crate::lexicon::{Category, Lexicon, Milli};
use crate::matcher::{Match, Matcher};
use crate::score::{self, Score};
use crate::segment::{Segmented, char_at};
use crate::suppress;

/// Options that change what an analysis finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Force the language instead of detecting it.
    pub lang: Option<Lang>,
    /// Keep each document's text in its analysis, for reports that show
    /// whole documents (`scan --format html`).
    pub keep_text: bool,
}

/// A document's text as analyzed, with the parts that are not the author's
/// prose (quoted replies, signatures, code, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullText {
    /// The text (decoded, markup removed).
    pub text: String,
    /// Its masks, in text order.
    pub masks: Vec<Mask>,
}

/// A finding placed in its document.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The match (entry index, spans, context flags).
    pub m: Match,
    /// The entry's category.
    pub category: Category,
    /// The text as written.
    pub text: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters.
    pub column: usize,
    /// The sentence around the finding, on one line.
    pub sentence: String,
    /// Where the finding sits in `sentence` (bytes).
    pub highlight: Range<usize>,
    /// Covered by a suppression comment.
    pub suppressed: bool,
    /// Start and end (exclusive) as 1-based line and UTF-16 column, for SARIF.
    pub utf16: ((usize, usize), (usize, usize)),
}

impl Finding {
    /// Whether the finding lowers the score: not quoted, negated or suppressed.
    pub fn counted(&self) -> bool {
        self.m.counted() && !self.suppressed
    }
}

/// The result for one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Document id.
    pub id: String,
    /// Where it came from.
    pub source: String,
    /// Its language (detected or forced).
    pub lang: Lang,
    /// Bytes of its text (decoded, markup removed).
    pub bytes: u64,
    /// Words of scored text.
    pub words: u64,
    /// Words outside counted findings.
    pub neutral_words: u64,
    /// Counted weight per category (thousandths).
    pub weights: [Milli; 7],
    /// Frankness and its explanation.
    pub score: Score,
    /// Every finding, counted or not, in text order.
    pub findings: Vec<Finding>,
    /// Metadata from ingest.
    pub meta: Meta,
    /// Warnings about the document: from reading it (an unknown charset, a
    /// part left out), then unknown or unused suppressions.
    pub warnings: Vec<String>,
    /// The whole text, when [`Options::keep_text`] asked for it.
    pub full_text: Option<Box<FullText>>,
}

/// What became of one input.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Analyzed (boxed: an analysis is much larger than a skip record).
    Analyzed(Box<Analysis>),
    /// Not analyzed, with the reason.
    Skipped(Skipped),
}

/// Segments, matches and scores one document.
pub fn analyze(doc: &Document, matcher: &Matcher, options: &Options) -> Analysis {
    let seg = Segmented::of(doc);
    let lang = options
        .lang
        .or(doc.meta.lang)
        .unwrap_or_else(|| langid::detect(&seg));
    let matches = matcher.find(&seg, lang);
    let entries = matcher.lexicon().entries();
    let mut lines = LineIndex::new(&doc.text);
    let mut findings: Vec<Finding> = matches
        .into_iter()
        .map(|m| {
            // Matches come in text order: the index walks forward only.
            let (line, column, start16) = lines.locate(m.span.start);
            let (end_line, _, end16) = lines.locate(m.span.end);
            let utf16 = ((line, start16), (end_line, end16));
            let (sentence, highlight) = context(&doc.text, &seg, &m);
            Finding {
                category: entries[m.entry].category,
                text: doc.text[m.span.clone()].to_string(),
                m,
                line,
                column,
                highlight: fix_highlight(&sentence, highlight),
                sentence,
                suppressed: false,
                utf16,
            }
        })
        .collect();
    let mut warnings = doc.warnings.clone();
    warnings.extend(apply_suppressions(doc, matcher.lexicon(), &mut findings));
    let words = seg.words() as u64;
    let mut in_findings = 0u64;
    let mut weights = [0; 7];
    for f in findings.iter().filter(|f| f.counted()) {
        weights[f.category.index()] += entries[f.m.entry].weight;
        in_findings += seg.tokens[f.m.tokens.clone()]
            .iter()
            .filter(|t| !t.compound)
            .count() as u64;
    }
    let neutral_words = words - in_findings;
    Analysis {
        id: doc.id.clone(),
        source: doc.source.clone(),
        lang,
        bytes: doc.text.len() as u64,
        words,
        neutral_words,
        score: score::frankness(&weights, neutral_words),
        weights,
        findings,
        meta: doc.meta.clone(),
        warnings,
        full_text: options.keep_text.then(|| {
            Box::new(FullText {
                text: doc.text.clone(),
                masks: doc.masks.clone(),
            })
        }),
    }
}

/// Marks the findings that suppression comments cover; returns warnings
/// (`line N: …`) for comments naming nothing known or suppressing nothing.
fn apply_suppressions(doc: &Document, lexicon: &Lexicon, findings: &mut [Finding]) -> Vec<String> {
    // Most documents have no suppression comment: skip the line scan. (The
    // searcher is built once: building it was a fifth of the search.)
    static KLARTEXT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"klartext"));
    if KLARTEXT.find(doc.text.as_bytes()).is_none() {
        return Vec::new();
    }
    let (rules, mut warnings) = suppress::parse(&doc.text, lexicon);
    for s in &rules {
        let mut used = false;
        for f in findings.iter_mut() {
            if s.covers(f.line, &lexicon.entries()[f.m.entry].id, f.category) {
                f.suppressed = true;
                used = true;
            }
        }
        if !used {
            warnings.push((
                s.line,
                "suppression comment suppressed no finding".to_string(),
            ));
        }
    }
    warnings.sort();
    warnings
        .into_iter()
        .map(|(line, w)| format!("line {line}: {w}"))
        .collect()
}

/// Whitespace replaced char by char can change byte lengths (a no-break
/// space is two bytes, its replacement one): recompute the highlight so it
/// still sits on character boundaries of the display sentence.
fn fix_highlight(display: &str, original: Range<usize>) -> Range<usize> {
    if display.is_char_boundary(original.start)
        && display.is_char_boundary(original.end.min(display.len()))
    {
        original.start..original.end.min(display.len())
    } else {
        0..0
    }
}

/// Bytes of a finding's sentence kept on each side of the finding. A text
/// without sentence punctuation is one sentence: keeping all of it for every
/// finding made a 1 MB line of repeated phrases take minutes and gigabytes
/// (issue #9). Real sentences are shorter, so they are kept whole.
pub const MAX_CONTEXT: usize = 400;

/// The sentence around match `m`, on one line, cut to [`MAX_CONTEXT`] bytes
/// on each side of the match (at a space, marked with `…`), and where the
/// match sits in it.
fn context(text: &str, seg: &Segmented, m: &Match) -> (String, Range<usize>) {
    let mut span = sentence_span(text, seg, m.tokens.start);
    let mut before = "";
    let mut after = "";
    if m.span.start - span.start > MAX_CONTEXT {
        let mut cut = m.span.start - MAX_CONTEXT;
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        // Start after a space rather than in the middle of a word.
        if let Some(space) = text[cut..m.span.start].find(' ') {
            cut += space + 1;
        }
        span.start = cut;
        before = "… ";
    }
    if span.end - m.span.end > MAX_CONTEXT {
        let mut cut = m.span.end + MAX_CONTEXT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(space) = text[m.span.end..cut].rfind(' ') {
            cut = m.span.end + space;
        }
        span.end = cut;
        after = " …";
    }
    let mut sentence = String::with_capacity(before.len() + span.len() + after.len());
    sentence.push_str(before);
    // Every white-space character but the space becomes one space: the
    // runs between them are copied whole, found by a look at each byte (a
    // character is decoded only where a byte starts a non-ASCII one). One
    // of several bytes (a no-break space) becomes one byte, so the match's
    // start and end move back by the bytes lost before them.
    let shown_text = &text[span.clone()];
    let bytes = shown_text.as_bytes();
    let mut at = m.span.start - span.start..m.span.end - span.start;
    let (mut from, mut k) = (0, 0);
    while k < bytes.len() {
        let width = match bytes[k] {
            b'\t'..=b'\r' => 1,
            0xC0.. => Some(char_at(shown_text, k))
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if width == 0 {
            k += 1;
            continue;
        }
        sentence.push_str(&shown_text[from..k]);
        sentence.push(' ');
        let lost = width - 1;
        if k < m.span.start - span.start {
            at.start -= lost;
        }
        if k < m.span.end - span.start {
            at.end -= lost;
        }
        from = k + width;
        k = from;
    }
    sentence.push_str(&shown_text[from..]);
    let highlight = fix_highlight(&sentence, before.len() + at.start..before.len() + at.end);
    sentence.push_str(after);
    (sentence, highlight)
}

/// Byte span of the sentence that holds token `token`, with the punctuation
/// that closes it.
fn sentence_span(text: &str, seg: &Segmented, token: usize) -> Range<usize> {
    let s = &seg.sentences[seg.tokens[token].sentence as usize];
    let mut start = seg.tokens[s.start].span.start;
    // Keep an opening quotation mark or bracket that sticks to the first word.
    for c in text[..start].chars().rev() {
        if c.is_whitespace()
            || c.is_alphanumeric()
            || matches!(c, '.' | '!' | '?' | ':' | ';' | ',')
        {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = seg.tokens[s.end - 1].span.end;
    for c in text[end..].chars() {
        if c.is_whitespace() || c.is_alphanumeric() {
            break;
        }
        end += c.len_utf8();
    }
    start..end
}

/// A position that moves forward through the text, counting lines and
/// columns on the way: a finding's line and column are counted from the
/// previous finding's, never from the start of the text or line. On a single
/// line of a megabyte with thousands of findings, counting from the line
/// start each time was quadratic (issue #9); counting the lines of the whole
/// text up front was a pass over text that no finding needed.
struct LineIndex<'t> {
    text: &'t str,
    /// The last position located: its byte offset, 1-based line, and the
    /// characters and UTF-16 units from its line start to it.
    at: usize,
    line: usize,
    chars: usize,
    utf16: usize,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> LineIndex<'t> {
        LineIndex {
            text,
            at: 0,
            line: 1,
            chars: 0,
            utf16: 0,
        }
    }

    /// 1-based line, character column and UTF-16 column (what SARIF
    /// counts) of byte `offset`. Cheap when offsets come in increasing order;
    /// any order gives the right answer.
    fn locate(&mut self, offset: usize) -> (usize, usize, usize) {
        if offset < self.at {
            *self = LineIndex::new(self.text);
        }
        let mut from = self.at;
        let bytes = &self.text.as_bytes()[from..offset];
        if let Some(last) = memchr::memrchr(b'\n', bytes) {
            self.line += memchr::memchr_iter(b'\n', bytes).count();
            (self.chars, self.utf16) = (0, 0);
            from += last + 1;
        }
        // Offsets are those of tokens: character boundaries. The standard
        // library counts characters eight bytes at a time; a character of
        // four bytes (lead byte 0xF0 and up) is two UTF-16 units.
        let line = &self.text[from..offset];
        let chars = line.chars().count();
        let astral = line.bytes().filter(|&b| b >= 0xF0).count();
        self.chars += chars;
        self.utf16 += chars + astral;
        self.at = offset;
        (self.line, self.chars + 1, self.utf16 + 1)
    }
}

/// Documents in flight per worker thread: read or being analyzed, or done
/// and waiting for an earlier one to be handed on. Enough to keep every
/// worker busy when documents differ in length; bounded, so memory does not
/// grow with the number of inputs.
const WINDOW_PER_THREAD: usize = 16;

/// Loads and analyzes one unit.
pub fn process(
    unit: Unit,
    matcher: &Matcher,
    options: &Options,
    ingest: &IngestOptions,
) -> Outcome {
    match ingest::load(unit, ingest) {
        Ok(doc) => Outcome::Analyzed(Box::new(analyze(&doc, matcher, options))),
        Err(s) => Outcome::Skipped(s),
    }
}

/// Loads and analyzes every unit and hands each outcome to `emit` in input
/// order, so output is the same at any thread count.
///
/// With one thread in `pool`, everything runs on the calling thread, one
/// unit after the other. With more, the calling thread reads `units` (a
/// sequential stream: containers are split there) and hands on outcomes,
/// while the pool's threads load and analyze; at most
/// `WINDOW_PER_THREAD` units per thread are in flight. Stops reading at the
/// first error `emit` returns, and returns it.
///
/// The calling thread sleeps until half the window is done, then hands on
/// every outcome that is next in order and refills the window: woken for
/// every document, it cost two context switches per document (one of them
/// pushing a worker off its core).
pub fn run<E>(
    units: impl Iterator<Item = Unit>,
    matcher: &Matcher,
    options: &Options,
    ingest: &IngestOptions,
    pool: &rayon::ThreadPool,
    mut emit: impl FnMut(Outcome) -> Result<(), E>,
) -> Result<(), E> {
    if pool.current_num_threads() <= 1 {
        return units
            .map(|unit| process(unit, matcher, options, ingest))
            .try_for_each(emit);
    }
    let window = WINDOW_PER_THREAD * pool.current_num_threads();
    let shared = Shared {
        state: Mutex::new(Done::default()),
        woken: Condvar::new(),
        low: window / 2,
    };
    let mut result = Ok(());
    let mut next = 0;
    pool.in_place_scope(|scope| {
        let mut units = units.fuse();
        let mut sent = 0;
        loop {
            // Refill the window.
            let mut reading = result.is_ok();
            while reading && sent - next < window {
                let Some(unit) = units.next() else {
                    reading = false;
                    break;
                };
                let (shared, i) = (&shared, sent);
                shared.lock().in_flight += 1;
                scope.spawn(move |_| {
                    // A panic is a bug: it is kept and raised again on the
                    // calling thread, which would otherwise wait for it.
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        process(unit, matcher, options, ingest)
                    }));
                    shared.finish(i, outcome);
                });
                sent += 1;
            }
            if next == sent {
                break;
            }
            // Sleep until the next outcome in order is done and, while there
            // is more to read, half the window too; then hand on every
            // outcome that is next in order.
            let low = if reading { shared.low } else { usize::MAX };
            let ready = {
                let mut done = shared.lock();
                (done.next, done.low) = (next, low);
                while !done.can_go_on() {
                    done.sleeping = true;
                    done = shared
                        .woken
                        .wait(done)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                done.sleeping = false;
                let mut ready = Vec::new();
                while let Some(outcome) = done.finished.remove(&(next + ready.len())) {
                    ready.push(outcome);
                }
                ready
            };
            for outcome in ready {
                let outcome = outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                if result.is_ok() {
                    result = emit(outcome);
                }
                next += 1;
            }
        }
    });
    result
}

/// The outcomes the workers finished, and how many are still being worked
/// on, shared with the calling thread of [`run`].
#[derive(Default)]
struct Done {
    /// Finished outcomes by unit index, until they are handed on.
    finished: std::collections::BTreeMap<usize, std::thread::Result<Outcome>>,
    /// Units spawned and not yet finished.
    in_flight: usize,
    /// The index of the outcome the calling thread hands on next.
    next: usize,
    /// The calling thread goes on only when `in_flight` is at most this.
    low: usize,
    /// The calling thread sleeps, waiting for [`Done::can_go_on`].
    sleeping: bool,
}

impl Done {
    /// Whether the calling thread has something to do: the next outcome
    /// is there, and enough of the window is free to refill it.
    fn can_go_on(&self) -> bool {
        self.in_flight <= self.low && self.finished.contains_key(&self.next)
    }
}

/// What the calling thread of [`run`] and the workers share.
struct Shared {
    state: Mutex<Done>,
    woken: Condvar,
    /// Half the window: how far `in_flight` falls before the calling thread
    /// is woken while there is more to read.
    low: usize,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Done> {
        // A worker's panic is caught before it takes the lock: poisoning
        // would mean a bug here, and the state is still whole.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Files the outcome of unit `i`, and wakes the calling thread when
    /// what it waits for has come.
    fn finish(&self, i: usize, outcome: std::thread::Result<Outcome>) {
        let mut done = self.lock();
        done.finished.insert(i, outcome);
        done.in_flight -= 1;
        if done.sleeping && done.can_go_on() {
            done.sleeping = false;
            self.woken.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "Zeile eins\nÄrger über „x“ und 😀 y";
        let mut idx = LineIndex::new(text);
        let y = text.rfind('y').unwrap();
        assert_eq!(idx.locate(y), (2, 22, 23));
        assert_eq!(idx.locate(0), (1, 1, 1), "going back works too");
        assert_eq!(idx.locate(text.find('x').unwrap()), (2, 13, 13));
        assert_eq!(idx.locate(y), (2, 22, 23));
    }
}
