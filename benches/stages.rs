//! Per-stage micro benchmarks (divan), each reporting bytes per second and
//! each checking what it must produce: a stage that gets faster by finding
//! less fails here instead of looking good.
//!
//! Input: every file of `corpora/` (our own text), concatenated `COPIES`
//! times. When the lexicons or the corpus change, the expected counts below
//! change with them: update them from the panic message, after checking that
//! the change is intended.
//!
//! Run: `cargo bench --bench stages`.

use std::sync::OnceLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use klartext::ingest::{self, IngestOptions};
use klartext::matcher::Scratch;
use klartext::pipeline::{self, Options};
use klartext::segment::Spare;
use klartext::{Document, Lang, Lexicon, Matcher, MatcherBuilder, Segmented, score};

const COPIES: usize = 40;

fn main() {
    divan::main();
}

/// The German and the English documents of the demo corpus, each as one text.
fn corpus() -> &'static [(Lang, String); 2] {
    static TEXT: OnceLock<[(Lang, String); 2]> = OnceLock::new();
    TEXT.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
        let (mut de, mut en) = (String::new(), String::new());
        let opts = IngestOptions::default();
        for unit in ingest::units(&[root.join("de"), root.join("en")], &opts) {
            let doc = ingest::load(unit, &opts).expect("corpus file reads");
            let text = if doc.source.contains("/de/") {
                &mut de
            } else {
                &mut en
            };
            text.push_str(&doc.text);
            text.push_str("\n\n");
        }
        [(Lang::De, de.repeat(COPIES)), (Lang::En, en.repeat(COPIES))]
    })
}

fn matcher(prefilter: bool) -> Matcher {
    MatcherBuilder::new()
        .prefilter(prefilter)
        .build(Lexicon::builtin())
}

const LANGS: [usize; 2] = [0, 1];

/// Segmentation as the pipeline runs it: one text after the other in the
/// same buffers.
#[divan::bench(args = LANGS)]
fn segment(bencher: Bencher, lang: usize) {
    let (_, text) = &corpus()[lang];
    let mut spare = Spare::default();
    bencher.counter(BytesCount::of_str(text)).bench_local(|| {
        let seg = Segmented::new_in(black_box(text), &[], &mut spare);
        let tokens = seg.tokens.len();
        spare.recycle(seg);
        tokens
    });
}

/// Expected findings over the whole input, per language.
const FINDINGS: [usize; 2] = [1440, 1040];

#[divan::bench(args = LANGS)]
fn match_with_prefilter(bencher: Bencher, lang: usize) {
    bench_match(bencher, lang, true);
}

#[divan::bench(args = LANGS, sample_count = 10)]
fn match_without_prefilter(bencher: Bencher, lang: usize) {
    bench_match(bencher, lang, false);
}

fn bench_match(bencher: Bencher, lang: usize, prefilter: bool) {
    let (l, text) = &corpus()[lang];
    let seg = Segmented::new(text, &[]);
    let m = matcher(prefilter);
    assert_eq!(m.find(&seg, *l).len(), FINDINGS[lang], "findings ({l})");
    let mut scratch = Scratch::default();
    bencher
        .counter(BytesCount::of_str(text))
        .bench_local(|| m.find_in(black_box(&seg), *l, &mut scratch).len());
}

#[divan::bench(args = LANGS)]
fn analyze_document(bencher: Bencher, lang: usize) {
    let (_, text) = &corpus()[lang];
    let doc = Document::plain("bench", text.as_str());
    let m = matcher(true);
    let a = pipeline::analyze(&doc, &m, &Options::default());
    assert_eq!(a.findings.len(), FINDINGS[lang]);
    let mut scratch = pipeline::Scratch::default();
    bencher.counter(BytesCount::of_str(text)).bench_local(|| {
        pipeline::analyze_in(black_box(&doc), &m, &Options::default(), &mut scratch)
            .score
            .frankness
    });
}

#[divan::bench]
fn build_builtin_matcher() -> usize {
    matcher(true).lexicon().entries().len()
}

#[divan::bench]
fn decode_windows_1252(bencher: Bencher) {
    let (_, text) = &corpus()[0];
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    bencher
        .counter(BytesCount::new(bytes.len()))
        .with_inputs(|| bytes.clone().into_owned())
        .bench_values(|bytes| ingest::decode(black_box(bytes)).expect("decodes").0.len());
}

#[divan::bench]
fn markdown_masks(bencher: Bencher) {
    let (_, text) = &corpus()[0];
    let md = format!("```\ncode\n```\n\n{text}");
    bencher.counter(BytesCount::of_str(&md)).bench(|| {
        let doc = ingest::document(
            "b.md".into(),
            black_box(md.clone()),
            ingest::Format::Markdown,
            None,
        );
        assert_eq!(doc.masks.len(), MARKDOWN_MASKS);
        doc.masks.len()
    });
}

/// Masked ranges in the Markdown input: the leading code block plus every
/// code block of the German memos, once per copy.
const MARKDOWN_MASKS: usize = 1 + COPIES;

#[divan::bench]
fn parse_builtin_lexicon() -> usize {
    Lexicon::builtin().entries().len()
}

/// The per-document input of scoring: every paragraph of the corpus analyzed
/// as a document of its own, so the weights and word counts are real ones.
fn paragraph_analyses() -> &'static (Vec<pipeline::Analysis>, usize) {
    static ANALYSES: OnceLock<(Vec<pipeline::Analysis>, usize)> = OnceLock::new();
    ANALYSES.get_or_init(|| {
        let m = matcher(true);
        let mut bytes = 0;
        let mut out = Vec::new();
        for (_, text) in corpus() {
            for (i, para) in text
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .enumerate()
            {
                bytes += para.len();
                let doc = Document::plain(format!("p{i}"), para);
                out.push(pipeline::analyze(&doc, &m, &Options::default()));
            }
        }
        (out, bytes)
    })
}

/// Scores of every paragraph of the corpus: the formula over each
/// document's counted weights and neutral words (bytes: the paragraphs' text).
#[divan::bench]
fn score_documents(bencher: Bencher) {
    let (analyses, bytes) = paragraph_analyses();
    let input: Vec<_> = analyses
        .iter()
        .map(|a| (a.weights, a.neutral_words))
        .collect();
    let scored = analyses.iter().filter(|a| a.weights.iter().any(|&w| w > 0));
    assert_eq!(
        scored.count(),
        SCORED_PARAGRAPHS,
        "paragraphs with findings"
    );
    for a in analyses {
        assert_eq!(score::frankness(&a.weights, a.neutral_words), a.score);
    }
    bencher
        .counter(BytesCount::new(*bytes))
        .counter(ItemsCount::new(input.len()))
        .bench(|| {
            let mut below_100 = 0;
            for (weights, neutral) in black_box(&input) {
                let s = score::frankness(weights, *neutral);
                below_100 += usize::from(s.frankness < 100.0);
            }
            assert_eq!(below_100, SCORED_PARAGRAPHS);
            below_100
        });
}

/// Paragraphs with counted findings: 29 in one copy of both languages.
const SCORED_PARAGRAPHS: usize = 29 * COPIES;
