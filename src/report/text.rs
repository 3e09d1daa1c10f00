//! `--format text`: for people at a terminal.

use std::io::{self, Write};

use crate::aggregate::Summary;
use crate::lexicon::{Category, Lexicon};
use crate::pipeline::{Analysis, Finding};
use crate::score::{SCORE_VERSION, round1};

use super::{Message, Report};

/// Whether the text report uses colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// Plain text, with a caret line under each finding.
    Never,
    /// ANSI colours, the finding highlighted in its sentence.
    Always,
}

/// Longest sentence shown whole; longer ones are cut around the finding.
const MAX_SENTENCE_CHARS: usize = 110;
const CONTEXT_CHARS: usize = 45;

/// The text report.
pub struct TextReport<'l, W: Write> {
    out: W,
    lexicon: &'l Lexicon,
    color: Color,
    skipped: Vec<String>,
}

impl<'l, W: Write> TextReport<'l, W> {
    /// A text report to `out`.
    pub fn new(out: W, lexicon: &'l Lexicon, color: Color) -> Self {
        TextReport {
            out,
            lexicon,
            color,
            skipped: Vec::new(),
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        match self.color {
            Color::Always => format!("\x1b[{code}m{s}\x1b[0m"),
            Color::Never => s.to_string(),
        }
    }

    fn document(&mut self, a: &Analysis) -> io::Result<()> {
        let counted = a.findings.iter().filter(|f| f.counted()).count();
        let findings = match (a.findings.len(), counted) {
            (0, _) => "no findings".to_string(),
            (n, c) if n == c => format!("{n} finding{}", plural(n)),
            (n, c) => format!("{n} finding{}, {c} counted", plural(n)),
        };
        let score = round1(a.score.frankness);
        let score_code = if score >= 80.0 {
            "1;32"
        } else if score >= 50.0 {
            "1;33"
        } else {
            "1;31"
        };
        writeln!(
            self.out,
            "{}  frankness {}  ({}, {} word{}, {})",
            self.paint("1", &a.id),
            self.paint(score_code, &format!("{score:.1}")),
            a.lang,
            a.words,
            plural(a.words as usize),
            findings
        )?;
        // Who wrote what when: e-mail and corpora carry it, and it tells the
        // reader which message of an archive this is.
        let meta: Vec<&str> = [&a.meta.date, &a.meta.author, &a.meta.subject]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !meta.is_empty() {
            writeln!(self.out, "  {}", self.paint("2", &meta.join(" · ")))?;
        }
        for f in &a.findings {
            self.finding(f)?;
        }
        if !a.findings.is_empty() {
            writeln!(self.out)?;
        }
        Ok(())
    }

    fn finding(&mut self, f: &Finding) -> io::Result<()> {
        let e = &self.lexicon.entries()[f.m.entry];
        let status = match (f.m.quoted, f.m.negated, f.suppressed) {
            (true, ..) => "  (quoted: mentioned, not counted)",
            (false, true, _) => "  (negated: not counted)",
            (false, false, true) => "  (suppressed by a comment: not counted)",
            _ => "",
        };
        let category_code = if f.counted() { "1;35" } else { "2" };
        writeln!(
            self.out,
            "  {}:{}  {}  {}{}",
            f.line,
            f.column,
            self.paint(category_code, e.category.name()),
            self.paint("2", &e.id),
            status
        )?;
        // Under --no-text there is no sentence to show.
        if !f.sentence.is_empty() {
            let (before, phrase, after) = window(&f.sentence, f.highlight.clone());
            match self.color {
                Color::Always => {
                    writeln!(
                        self.out,
                        "    {before}{}{after}",
                        self.paint("1;4;31", phrase)
                    )?;
                }
                Color::Never => {
                    writeln!(self.out, "    {before}{phrase}{after}")?;
                    let pad = before.chars().count();
                    let len = phrase.chars().count().max(1);
                    writeln!(self.out, "    {}{}", " ".repeat(pad), "^".repeat(len))?;
                }
            }
        }
        writeln!(self.out, "    {}", e.message)?;
        writeln!(
            self.out,
            "    {} {}",
            self.paint("1;36", "say instead:"),
            e.suggestion
        )
    }

    fn summary(&mut self, s: &Summary) -> io::Result<()> {
        for line in std::mem::take(&mut self.skipped) {
            writeln!(self.out, "{line}")?;
        }
        let pooled = s.pooled();
        write!(
            self.out,
            "{} document{}, {} word{}, {} finding{} ({} counted)",
            s.documents,
            plural(s.documents as usize),
            s.words,
            plural(s.words as usize),
            s.findings,
            plural(s.findings as usize),
            s.counted
        )?;
        if s.skipped > 0 {
            let reasons: Vec<String> = s
                .skipped_by_reason
                .iter()
                .map(|(r, n)| format!("{r} {n}"))
                .collect();
            write!(self.out, "; {} skipped ({})", s.skipped, reasons.join(", "))?;
        }
        writeln!(self.out)?;
        writeln!(
            self.out,
            "frankness: mean {:.1}, pooled {:.1}  (score v{}, lexicon {})",
            s.mean_frankness(),
            round1(pooled.frankness),
            SCORE_VERSION,
            self.lexicon.version()
        )?;
        let by_category: Vec<String> = Category::ALL
            .into_iter()
            .filter(|c| s.counted_by_category[c.index()] > 0)
            .map(|c| format!("{} {}", c.name(), s.counted_by_category[c.index()]))
            .collect();
        if !by_category.is_empty() {
            writeln!(self.out, "counted by category: {}", by_category.join(", "))?;
        }
        Ok(())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Splits the sentence around the highlight, cutting long sentences to a
/// window around it.
fn window(sentence: &str, h: std::ops::Range<usize>) -> (String, &str, String) {
    let (before, phrase, after) = (
        &sentence[..h.start],
        &sentence[h.clone()],
        &sentence[h.end..],
    );
    if sentence.chars().count() <= MAX_SENTENCE_CHARS {
        return (before.to_string(), phrase, after.to_string());
    }
    let b: Vec<char> = before.chars().collect();
    let before = if b.len() > CONTEXT_CHARS {
        let kept: String = b[b.len() - CONTEXT_CHARS..].iter().collect();
        // Start at a word boundary rather than in the middle of a word.
        let kept = kept.split_once(' ').map_or(kept.as_str(), |(_, rest)| rest);
        format!("…{kept}")
    } else {
        before.to_string()
    };
    let a: Vec<char> = after.chars().collect();
    let after = if a.len() > CONTEXT_CHARS {
        let kept: String = a[..CONTEXT_CHARS].iter().collect();
        let kept = kept
            .rsplit_once(' ')
            .map_or(kept.as_str(), |(head, _)| head);
        format!("{kept} …")
    } else {
        after.to_string()
    };
    (before, phrase, after)
}

impl<W: Write> Report for TextReport<'_, W> {
    fn message(&mut self, msg: Message<'_>) -> io::Result<()> {
        match msg {
            Message::Document(a) => self.document(a),
            Message::Skipped(s) => {
                let line = format!("skipped {}: {}", s.source, s.reason);
                self.skipped.push(line);
                Ok(())
            }
            Message::Summary(s) => self.summary(s),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
