//! Reports: typed messages → one writer per output format.
//!
//! The run sends every [`Message`] to a [`Report`] in input order; formats
//! that need the whole run (JSON) buffer until [`Report::finish`], streaming
//! formats (text, NDJSON) write at once.

pub mod ci;
pub mod html;
pub mod svg;
mod text;
pub mod trends;
mod wire;

use std::io::{self, Write};

use crate::aggregate::Summary;
use crate::ingest::Skipped;
use crate::lexicon::Lexicon;
use crate::pipeline::Analysis;
use crate::score::SCORE_VERSION;

pub use text::{Color, TextReport};

/// Escapes `s` for text and quoted attribute values of HTML and SVG (XML), and drops the characters
/// XML 1.0 does not allow at all (C0 controls other than tab and line breaks,
/// U+FFFE, U+FFFF), which no escape can make legal.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// One document as in `--format json` (for other commands' JSON output).
pub fn document_value(a: &Analysis, lexicon: &Lexicon) -> serde_json::Value {
    serde_json::to_value(wire::DocumentOut::new(a, lexicon)).expect("documents serialize")
}

/// What a run reports.
#[derive(Debug, Clone, Copy)]
pub enum Message<'a> {
    /// An analyzed document.
    Document(&'a Analysis),
    /// An input that was not analyzed.
    Skipped(&'a Skipped),
    /// The totals, sent once, last.
    Summary(&'a Summary),
}

/// An output format.
pub trait Report {
    /// Takes one message.
    fn message(&mut self, msg: Message<'_>) -> io::Result<()>;
    /// Ends the report.
    fn finish(&mut self) -> io::Result<()>;
}

/// `--format json`: one object with `documents`, `skipped` and `summary`.
pub struct JsonReport<'l, W: Write> {
    out: W,
    lexicon: &'l Lexicon,
    documents: Vec<Analysis>,
    skipped: Vec<Skipped>,
    summary: Summary,
}

impl<'l, W: Write> JsonReport<'l, W> {
    /// A JSON report to `out`.
    pub fn new(out: W, lexicon: &'l Lexicon) -> Self {
        JsonReport {
            out,
            lexicon,
            documents: Vec::new(),
            skipped: Vec::new(),
            summary: Summary::default(),
        }
    }
}

impl<W: Write> Report for JsonReport<'_, W> {
    fn message(&mut self, msg: Message<'_>) -> io::Result<()> {
        match msg {
            Message::Document(a) => self.documents.push(a.clone()),
            Message::Skipped(s) => self.skipped.push(s.clone()),
            Message::Summary(s) => self.summary = s.clone(),
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        let run = wire::RunOut {
            score_version: SCORE_VERSION,
            lexicon_version: self.lexicon.version(),
            documents: self
                .documents
                .iter()
                .map(|a| wire::DocumentOut::new(a, self.lexicon))
                .collect(),
            skipped: self.skipped.iter().map(wire::SkippedOut::from).collect(),
            summary: wire::SummaryOut::from(&self.summary),
        };
        serde_json::to_writer_pretty(&mut self.out, &run)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

/// `--format ndjson`: one JSON object per line, tagged by `type`
/// (`document`, `skipped`, `summary`), written as results arrive.
pub struct NdjsonReport<'l, W: Write> {
    out: W,
    lexicon: &'l Lexicon,
    /// One line, serialized here first: serde writes a line in many small
    /// pieces, cheaper into a `Vec` than each through the output's layers.
    line: Vec<u8>,
}

impl<'l, W: Write> NdjsonReport<'l, W> {
    /// An NDJSON report to `out`.
    pub fn new(out: W, lexicon: &'l Lexicon) -> Self {
        NdjsonReport {
            out,
            lexicon,
            line: Vec::new(),
        }
    }
}

impl<W: Write> Report for NdjsonReport<'_, W> {
    fn message(&mut self, msg: Message<'_>) -> io::Result<()> {
        let versions = (SCORE_VERSION, self.lexicon.version());
        let line = match msg {
            Message::Document(a) => wire::LineOut::Document {
                score_version: versions.0,
                lexicon_version: versions.1,
                document: wire::DocumentOut::new(a, self.lexicon),
            },
            Message::Skipped(s) => wire::LineOut::Skipped(s.into()),
            Message::Summary(s) => wire::LineOut::Summary {
                score_version: versions.0,
                lexicon_version: versions.1,
                summary: s.into(),
            },
        };
        self.line.clear();
        serde_json::to_writer(&mut self.line, &line)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
