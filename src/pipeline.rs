//! The pipeline: items → analyzed documents, in parallel, in input order.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;
use std::sync::{Condvar, Mutex, PoisonError};

use crate::document::{Document, Lang, Mask, Meta};
use crate::ingest::{self, IngestOptions, Skipped, Unit};
use crate::langid;
use crate::lexicon::{Category, Lexicon, Milli};
use crate::matcher::{self, Match, Matcher};
use crate::score::{self, Score};
use crate::segment::{self, Segmented, char_at};
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

/// The buffers a thread's analyses work in, kept from one document to the
/// next: without them, every document allocated and grew them anew, and
/// two threads that allocate that often wait for each other in the
/// allocator (a sleep and a wake-up each time).
#[derive(Debug, Default)]
pub struct Scratch {
    seg: segment::Spare,
    find: matcher::Scratch,
}

impl Scratch {
    /// Text bytes up to which a document's buffers are kept for the next:
    /// a thread keeps some megabytes, not the buffers of the longest
    /// document it has seen.
    const KEPT: usize = 4 << 20;

    /// Takes back the buffers of `seg`, the segmentation of a text of
    /// `len` bytes.
    fn recycle(&mut self, seg: Segmented, len: usize) {
        if len <= Scratch::KEPT {
            self.seg.recycle(seg);
        } else {
            *self = Scratch::default();
        }
    }
}

/// Segments, matches and scores one document.
pub fn analyze(doc: &Document, matcher: &Matcher, options: &Options) -> Analysis {
    analyze_in(doc, matcher, options, &mut Scratch::default())
}

/// [`analyze`] in the buffers of `scratch`.
pub fn analyze_in(
    doc: &Document,
    matcher: &Matcher,
    options: &Options,
    scratch: &mut Scratch,
) -> Analysis {
    let seg = Segmented::of_in(doc, &mut scratch.seg);
    let lang = options
        .lang
        .or(doc.meta.lang)
        .unwrap_or_else(|| langid::detect(&seg));
    let matches = matcher.find_in(&seg, lang, &mut scratch.find);
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
            .filter(|t| !t.compound())
            .count() as u64;
    }
    let neutral_words = words - in_findings;
    scratch.recycle(seg, doc.text.len());
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
    let mut start = seg.tokens[s.start].span().start;
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
    let mut end = seg.tokens[s.end - 1].span().end;
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

/// Loads and analyzes one unit, in the buffers of `scratch`.
pub fn process(
    unit: Unit,
    matcher: &Matcher,
    options: &Options,
    ingest: &IngestOptions,
    scratch: &mut Scratch,
) -> Outcome {
    match ingest::load(unit, ingest) {
        Ok(doc) => Outcome::Analyzed(Box::new(analyze_in(&doc, matcher, options, scratch))),
        Err(s) => Outcome::Skipped(s),
    }
}

/// Loads and analyzes every unit and hands each outcome to `emit` in input
/// order, so output is the same at any thread count. `emit` may change an
/// outcome or take parts of it; what it leaves is dropped by the thread
/// that made it.
///
/// With one thread, everything runs on the calling thread, one unit after
/// the other. With `threads` of them, the calling thread reads `units` (a
/// sequential stream: containers are split there) into a queue, hands on
/// outcomes and, in between, loads and analyzes units of the queue itself,
/// beside `threads - 1` workers: as many busy threads as asked for. (A pool
/// of `threads` workers beside a reading thread put three threads on two
/// cores: the reader woke every few documents and pushed a worker off its
/// core.) At most `WINDOW_PER_THREAD` units per thread are in flight. Stops
/// reading at the first error `emit` returns, and returns it.
///
/// A worker's outcomes go back to it once handed on, and it drops them:
/// glibc's allocator locks the arena of the thread that allocated a block
/// to free it, and the calling thread freeing a worker's findings while
/// that worker allocated put one of them to sleep hundreds of times a run.
pub fn run<E>(
    mut units: impl Iterator<Item = Unit>,
    matcher: &Matcher,
    options: &Options,
    ingest: &IngestOptions,
    threads: usize,
    mut emit: impl FnMut(&mut Outcome) -> Result<(), E>,
) -> Result<(), E> {
    let work = |unit, scratch: &mut Scratch| process(unit, matcher, options, ingest, scratch);
    // The calling thread's buffers; each worker has its own.
    let mut scratch = Scratch::default();
    if threads <= 1 {
        return units.try_for_each(|unit| emit(&mut work(unit, &mut scratch)));
    }
    let window = WINDOW_PER_THREAD * threads;
    let shared = Shared::new(threads - 1);
    std::thread::scope(|scope| {
        // Closes the queue when this thread leaves, also by a panic, so the
        // workers stop and the scope can end.
        let _close = Close(&shared);
        for worker in 0..threads - 1 {
            let shared = &shared;
            scope.spawn(move || {
                let mut scratch = Scratch::default();
                while let Some((i, unit, spent)) = shared.take(worker) {
                    drop(spent);
                    shared.finish(i, Some(worker), caught(|| work(unit, &mut scratch)));
                }
            });
        }
        // Outcomes handed on, by the worker that made them, until they go
        // back with the next refill.
        let mut spent: Vec<Vec<Outcome>> = vec![Vec::new(); threads - 1];
        let (mut sent, mut next) = (0, 0);
        let mut reading = true;
        loop {
            // Refill the window.
            let mut more = Vec::new();
            while reading && sent + more.len() - next < window {
                match units.next() {
                    Some(unit) => more.push((sent + more.len(), unit)),
                    None => reading = false,
                }
            }
            sent += more.len();
            shared.give(more, &mut spent);
            for (maker, outcome) in shared.ready(&mut next) {
                // A panic is a bug: it is raised again here, where the
                // scope would otherwise wait for the thread that had it.
                let mut outcome = outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                emit(&mut outcome)?;
                if let Some(worker) = maker {
                    spent[worker].push(outcome);
                }
            }
            if next == sent {
                if reading {
                    continue;
                }
                return Ok(());
            }
            // Work on a unit too, or sleep until the next outcome is done
            // (or, while the window has room, a worker has nothing to do).
            match shared.take_now() {
                Some((i, unit)) => shared.finish(i, None, caught(|| work(unit, &mut scratch))),
                None => shared.wait(next, reading && sent - next < window),
            }
        }
    })
}

/// `f()`, or the panic it raised.
fn caught<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
}

/// An outcome, and the worker that made it (`None`: the calling thread).
type Made = (Option<usize>, std::thread::Result<Outcome>);

/// The queue of units to analyze and the outcomes not yet handed on,
/// shared by the calling thread of [`run`] and its workers.
struct Shared {
    state: Mutex<State>,
    /// Workers sleep here while the queue is empty.
    work: Condvar,
    /// The calling thread sleeps here, see [`Shared::wait`].
    done: Condvar,
}

#[derive(Default)]
struct State {
    /// Units read and not yet taken, with their index in the input.
    queue: VecDeque<(usize, Unit)>,
    /// Outcomes handed on, for each worker to drop: those it made.
    spent: Vec<Vec<Outcome>>,
    /// No more units come: workers stop when the queue is empty.
    closed: bool,
    /// Workers sleeping on an empty queue.
    idle: usize,
    /// Finished outcomes by unit index, until they are handed on.
    finished: BTreeMap<usize, Made>,
    /// The calling thread sleeps until this outcome is finished …
    awaited: Option<usize>,
    /// … or, when this is set, until a worker runs out of units.
    wake_on_idle: bool,
}

impl State {
    /// Whether the calling thread, waiting for outcome `next`, has
    /// something to do.
    fn can_go_on(&self, next: usize) -> bool {
        self.finished.contains_key(&next) || (self.wake_on_idle && self.idle > 0)
    }
}

impl Shared {
    fn new(workers: usize) -> Shared {
        Shared {
            state: Mutex::new(State {
                spent: vec![Vec::new(); workers],
                ..State::default()
            }),
            work: Condvar::new(),
            done: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Panics are caught before a worker takes the lock: poisoning would
        // mean a bug here, and the state is still whole.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `units`, waking as many sleeping workers as they need, and
    /// passes on the `spent` outcomes to their workers.
    fn give(&self, units: Vec<(usize, Unit)>, spent: &mut [Vec<Outcome>]) {
        if units.is_empty() && spent.iter().all(Vec::is_empty) {
            return;
        }
        let mut state = self.lock();
        for (to, from) in state.spent.iter_mut().zip(spent) {
            to.append(from);
        }
        for _ in 0..state.idle.min(units.len()) {
            self.work.notify_one();
        }
        state.queue.extend(units);
    }

    /// The next unit for `worker`, waiting for one, and the outcomes it
    /// made that have been handed on since it last asked; `None` once the
    /// queue is closed.
    fn take(&self, worker: usize) -> Option<(usize, Unit, Vec<Outcome>)> {
        let mut state = self.lock();
        loop {
            if let Some((i, unit)) = state.queue.pop_front() {
                return Some((i, unit, std::mem::take(&mut state.spent[worker])));
            }
            if state.closed {
                return None;
            }
            state.idle += 1;
            if let Some(next) = state.awaited
                && state.can_go_on(next)
            {
                self.done.notify_one();
            }
            state = self
                .work
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.idle -= 1;
        }
    }

    /// The next unit, if one is queued (for the calling thread).
    fn take_now(&self) -> Option<(usize, Unit)> {
        self.lock().queue.pop_front()
    }

    /// Files the outcome of unit `i`, made by `maker`, and wakes the
    /// calling thread when it waits for it.
    fn finish(&self, i: usize, maker: Option<usize>, outcome: std::thread::Result<Outcome>) {
        let mut state = self.lock();
        state.finished.insert(i, (maker, outcome));
        if state.awaited == Some(i) {
            self.done.notify_one();
        }
    }

    /// The finished outcomes from `next` on, in order, as far as they go;
    /// `next` is moved past them.
    fn ready(&self, next: &mut usize) -> Vec<Made> {
        let mut state = self.lock();
        let mut ready = Vec::new();
        while let Some(outcome) = state.finished.remove(next) {
            ready.push(outcome);
            *next += 1;
        }
        ready
    }

    /// Sleeps until outcome `next` is finished or, with `wake_on_idle`, a
    /// worker has run out of units.
    fn wait(&self, next: usize, wake_on_idle: bool) {
        let mut state = self.lock();
        state.awaited = Some(next);
        state.wake_on_idle = wake_on_idle;
        while !state.can_go_on(next) {
            state = self
                .done
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.awaited = None;
    }
}

/// Closes the queue of [`Shared`] when dropped: what is still queued is
/// dropped, sleeping workers wake and stop.
struct Close<'s>(&'s Shared);

impl Drop for Close<'_> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.closed = true;
        state.queue.clear();
        self.0.work.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Format, SkipKind};
    use crate::lexicon::Lexicon;

    /// `n` units: documents of different lengths, some with hollow phrases,
    /// every seventh not analyzed.
    fn units(n: usize) -> impl Iterator<Item = Unit> {
        (0..n).map(|i| {
            if i % 7 == 3 {
                return Unit::Skip(Skipped::new(format!("s{i}"), SkipKind::Binary, "binary"));
            }
            let mut text = format!("Dokument {i}. ");
            for k in 0..i % 13 {
                text.push_str(if k % 3 == 0 {
                    "Wir heben Synergien und verlassen das Unternehmen auf eigenen Wunsch. "
                } else {
                    "The plan ships on Monday, and mistakes were made. "
                });
            }
            Unit::Bytes {
                id: format!("d{i}"),
                source: format!("d{i}"),
                bytes: text.into_bytes(),
                format: Format::Text,
            }
        })
    }

    fn matcher() -> &'static Matcher {
        static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
        MATCHER.get_or_init(|| Matcher::new(Lexicon::builtin()))
    }

    /// An outcome in one line: id, number of findings, score.
    fn line(o: &Outcome) -> String {
        match o {
            Outcome::Analyzed(a) => format!("{} {} {:?}", a.id, a.findings.len(), a.score),
            Outcome::Skipped(s) => format!("skipped {}", s.source),
        }
    }

    /// What `run` hands on at `threads`, one line per outcome, and the
    /// error `emit` returned, when it fails at outcome `fail_at`.
    fn run_at(
        threads: usize,
        n: usize,
        fail_at: Option<usize>,
    ) -> (Vec<String>, Result<(), usize>) {
        let matcher = matcher();
        let mut seen = Vec::new();
        let ingest = IngestOptions::default();
        let result = run(
            units(n),
            matcher,
            &Options::default(),
            &ingest,
            threads,
            |o| {
                if Some(seen.len()) == fail_at {
                    return Err(seen.len());
                }
                seen.push(line(o));
                Ok(())
            },
        );
        (seen, result)
    }

    #[test]
    fn every_unit_is_handed_on_in_order_at_any_thread_count() {
        // Many times the window, so that it is refilled, drained and
        // refilled again.
        let n = 40 * WINDOW_PER_THREAD;
        let (one, result) = run_at(1, n, None);
        assert_eq!(result, Ok(()));
        assert_eq!(one.len(), n);
        assert_eq!(one[3], "skipped s3");
        assert!(one[1].starts_with("d1 "), "{}", one[1]);
        assert!(one.iter().any(|l| !l.contains(" 0 ")), "some findings");
        // One thread analyzes all in the same buffers: as each in its own.
        let ingest = IngestOptions::default();
        let fresh: Vec<String> = units(n)
            .map(|u| {
                let o = process(
                    u,
                    matcher(),
                    &Options::default(),
                    &ingest,
                    &mut Scratch::default(),
                );
                line(&o)
            })
            .collect();
        assert_eq!(one, fresh);
        for threads in [2, 3, 5] {
            assert_eq!(
                run_at(threads, n, None),
                (one.clone(), Ok(())),
                "{threads} threads"
            );
        }
    }

    #[test]
    fn an_error_of_emit_stops_the_run() {
        for threads in [1, 2, 3] {
            let (seen, result) = run_at(threads, 20 * WINDOW_PER_THREAD, Some(50));
            assert_eq!(result, Err(50), "{threads} threads");
            assert_eq!(seen.len(), 50);
        }
    }

    #[test]
    fn the_buffers_of_a_long_document_are_not_kept() {
        let mut scratch = Scratch::default();
        let options = Options::default();
        let short = Document::plain("s", "Wir heben Synergien.");
        analyze_in(&short, matcher(), &options, &mut scratch);
        assert!(scratch.seg.kept() > 0);
        let long = "Wir heben Synergien. ".repeat(Scratch::KEPT / 20);
        let long = Document::plain("l", &long);
        let a = analyze_in(&long, matcher(), &options, &mut scratch);
        assert_eq!(a.findings.len(), Scratch::KEPT / 20);
        assert_eq!(scratch.seg.kept(), 0);
    }

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
