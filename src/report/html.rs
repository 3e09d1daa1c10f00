//! `--format html`: one self-contained page for people who would rather
//! look than read tables.
//!
//! The page needs nothing but itself: CSS and SVG charts are inline, there
//! is no script, no font, no image and no link to anything outside it, and a
//! Content-Security-Policy forbids the browser to load or run anything
//! should a future change slip. Findings expand with `<details>` and explain
//! themselves with `title` tooltips, which work with scripts disabled. Every
//! piece of input text goes through [`esc`].
//!
//! `scan` gives a page of the annotated documents themselves when it read a
//! few ([`ANNOTATE_MAX`]), otherwise the least frank documents;
//! `trends` and `merge` give frankness over time per group, the category mix
//! and the phrases, charted by [`super::svg`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use super::escape as esc;
use super::svg;
use super::{Message, Report};
use crate::aggregate::Summary;
use crate::document::Mask;
use crate::lexicon::{Category, Lexicon};
use crate::pipeline::Analysis;
use crate::score::SCORE_VERSION;
use crate::stats;
use crate::trends::{Period, Series, TrendReport};

/// Up to this many documents, a scan's page shows each one whole.
pub const ANNOTATE_MAX: usize = 20;
/// The least frank documents listed.
pub const LEAST_FRANK: usize = 25;
/// Phrases in the top-phrases chart.
const TOP_PHRASES: usize = 15;
/// Skipped inputs listed by name (all are counted).
const SKIPPED_LISTED: usize = 50;

/// What the page says about the run, whichever command made it.
#[derive(Debug, Default)]
pub struct RunInfo {
    /// `scan`, `trends` or `merge`.
    pub command: &'static str,
    /// The score formula's version.
    pub score_version: String,
    /// The lexicons' version.
    pub lexicon_version: String,
    /// Documents analyzed.
    pub documents: u64,
    /// Words analyzed.
    pub words: u64,
    /// Counted findings.
    pub counted: u64,
    /// The mean frankness of the documents.
    pub mean_frankness: Option<f64>,
    /// Inputs skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Skipped inputs by name, with the reason (at most `SKIPPED_LISTED`).
    pub skipped_listed: Vec<(String, String)>,
    /// The first and last date (or bucket) of the documents.
    pub period: Option<(String, String)>,
    /// The options that shape the numbers, as (name, value).
    pub settings: Vec<(&'static str, String)>,
    /// What a reader should see first, in sentences.
    pub lead: Vec<String>,
    /// No input text may appear (`--no-text`).
    pub no_text: bool,
}

/// Keeps the least frank documents of a run, in a bounded buffer.
#[derive(Debug, Default)]
pub struct LeastFrank {
    kept: Vec<(u64, Analysis)>,
    seen: u64,
}

impl LeastFrank {
    /// Offers a document (in input order; ties keep the earlier one).
    pub fn offer(&mut self, a: &Analysis) {
        let seq = self.seen;
        self.seen += 1;
        let worse = |x: &(u64, Analysis)| x.1.score.frankness > a.score.frankness;
        if self.kept.len() >= LEAST_FRANK && !self.kept.last().is_some_and(worse) {
            return;
        }
        let mut a = a.clone();
        a.full_text = None;
        let at = self
            .kept
            .partition_point(|(s, k)| (k.score.frankness, *s) <= (a.score.frankness, seq));
        self.kept.insert(at, (seq, a));
        self.kept.truncate(LEAST_FRANK);
    }

    /// The documents, least frank first.
    pub fn documents(&self) -> impl Iterator<Item = &Analysis> {
        self.kept.iter().map(|(_, a)| a)
    }
}

/// `scan --format html`: buffers what the page needs (bounded) and writes
/// it at [`Report::finish`].
pub struct HtmlReport<'l, W: Write> {
    out: W,
    lexicon: &'l Lexicon,
    no_text: bool,
    settings: Vec<(&'static str, String)>,
    annotated: Vec<Analysis>,
    least: LeastFrank,
    rules: BTreeMap<usize, u64>,
    dates: Option<(String, String)>,
    skipped: Vec<(String, String)>,
    summary: Summary,
}

impl<'l, W: Write> HtmlReport<'l, W> {
    /// A page to `out`; `settings` are the options that shape the numbers.
    pub fn new(
        out: W,
        lexicon: &'l Lexicon,
        no_text: bool,
        settings: Vec<(&'static str, String)>,
    ) -> Self {
        HtmlReport {
            out,
            lexicon,
            no_text,
            settings,
            annotated: Vec::new(),
            least: LeastFrank::default(),
            rules: BTreeMap::new(),
            dates: None,
            skipped: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// The run in two sentences: how frank on average, and the least frank.
    fn lead(&self) -> Vec<String> {
        let s = &self.summary;
        let mut lead = vec![format!(
            "{} documents, {} counted findings; mean frankness {:.1} of 100 (100 = nothing hollow).",
            s.documents,
            s.counted,
            s.frankness_tenths as f64 / 10.0 / s.documents.max(1) as f64
        )];
        if let Some(a) = self.least.documents().next() {
            lead.push(format!(
                "Least frank: {} ({:.1}).",
                a.meta.subject.as_deref().unwrap_or(&a.id),
                a.score.frankness
            ));
        }
        lead
    }

    fn document(&mut self, a: &Analysis) {
        for f in a.findings.iter().filter(|f| f.counted()) {
            *self.rules.entry(f.m.entry).or_default() += 1;
        }
        if let Some(d) = a.meta.date.as_deref().and_then(|d| d.get(..10)) {
            let (lo, hi) = self
                .dates
                .get_or_insert_with(|| (d.to_string(), d.to_string()));
            if d < lo.as_str() {
                *lo = d.to_string();
            }
            if d > hi.as_str() {
                *hi = d.to_string();
            }
        }
        if !self.no_text {
            self.least.offer(a);
            // Whole documents only while there are few of them.
            if self.least.seen as usize <= ANNOTATE_MAX {
                self.annotated.push(a.clone());
            } else {
                self.annotated.clear();
            }
        }
    }
}

impl<W: Write> Report for HtmlReport<'_, W> {
    fn message(&mut self, msg: Message<'_>) -> io::Result<()> {
        match msg {
            Message::Document(a) => self.document(a),
            Message::Skipped(s) => {
                if self.skipped.len() < SKIPPED_LISTED {
                    self.skipped.push((s.source.clone(), s.reason.clone()));
                }
            }
            Message::Summary(s) => self.summary = s.clone(),
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        let s = &self.summary;
        let info = RunInfo {
            command: "scan",
            score_version: SCORE_VERSION.to_string(),
            lexicon_version: self.lexicon.version().to_string(),
            documents: s.documents,
            words: s.words,
            counted: s.counted,
            mean_frankness: (s.documents > 0)
                .then(|| s.frankness_tenths as f64 / 10.0 / s.documents as f64),
            skipped: s
                .skipped_by_reason
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            skipped_listed: std::mem::take(&mut self.skipped),
            period: self.dates.clone(),
            settings: std::mem::take(&mut self.settings),
            lead: self.lead(),
            no_text: self.no_text,
        };
        let mut page = Page::new(&info, Some(self.lexicon));
        let per_category: Vec<svg::Bar> = Category::ALL
            .iter()
            .map(|c| svg::Bar {
                label: c.name(),
                value: s.counted_by_category[c.index()] as f64,
                href: None,
            })
            .collect();
        page.section("categories", "Findings by category", |p| {
            p.bars(
                ("categories", "Counted findings by category"),
                "Counted findings per category",
                "findings",
                &per_category,
            );
        });
        let top = top_rules(self.rules.iter().map(|(e, n)| (*e, *n)));
        page.phrases(self.lexicon, &top, &[]);
        let few = !self.annotated.is_empty() && s.documents as usize <= ANNOTATE_MAX;
        if few {
            page.annotated(&self.annotated, self.lexicon);
        } else if !self.no_text {
            page.least_frank(self.least.documents(), self.lexicon);
        }
        self.out.write_all(page.end().as_bytes())?;
        self.out.flush()
    }
}

/// The rules with the most counted findings, most first (ties by entry).
fn top_rules(counts: impl Iterator<Item = (usize, u64)>) -> Vec<(usize, u64)> {
    let mut v: Vec<(usize, u64)> = counts.filter(|(_, n)| *n > 0).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(TOP_PHRASES);
    v
}

/// A number as people read it: whole numbers without decimals.
fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// `trends --format html` (and `merge`): the trend report, the counted
/// findings per rule over the whole period, and the least frank documents
/// (none from `merge`: partial results do not carry documents).
pub fn trends_page(
    out: &mut impl Write,
    info: &RunInfo,
    report: &TrendReport,
    rules: &BTreeMap<String, u64>,
    lexicon: Option<&Lexicon>,
    least: Option<&LeastFrank>,
) -> io::Result<()> {
    let mut page = Page::new(info, lexicon);
    let axis = Axis::of(report);
    page.section("trends", "Frankness over time", |p| {
        p.para(&format!(
            "Pooled frankness per {} (all findings over all words of the {0}; 100 = nothing hollow), one chart per group, with the Theil–Sen trend line. The number under each {0} is how many documents it rests on.",
            report.by
        ));
        for (i, s) in report.series.iter().enumerate() {
            p.frankness_chart(i, s, &axis);
        }
        if report.series.is_empty() {
            p.para("No dated documents: there is no series to show.");
        }
    });
    page.section("categories", "Category mix over time", |p| {
        p.para("Counted findings per 1,000 words, stacked by category.");
        for (i, s) in report.series.iter().enumerate() {
            p.category_chart(i, s, &axis);
        }
    });
    let Some(lexicon) = lexicon else {
        page.rule_counts_without_lexicon(rules);
        return out.write_all(page.end().as_bytes());
    };
    let top = top_rules(
        rules
            .iter()
            .filter_map(|(id, n)| Some((lexicon.index_of(id)?, *n))),
    );
    page.phrases(lexicon, &top, &report.series);
    match least {
        Some(least) if !info.no_text => page.least_frank(least.documents(), lexicon),
        _ => {}
    }
    out.write_all(page.end().as_bytes())
}

/// The x axis shared by every chart of a trend report: every bucket from
/// the first to the last, gaps included.
struct Axis {
    first: i64,
    labels: Vec<String>,
    period: Option<Period>,
}

/// An axis longer than this shows only the buckets that have documents.
const AXIS_MAX: i64 = 400;

impl Axis {
    fn of(report: &TrendReport) -> Axis {
        let period: Option<Period> = report.by.parse().ok();
        let buckets: Vec<i64> = period
            .map(|p| {
                report
                    .series
                    .iter()
                    .flat_map(|s| &s.rows)
                    .filter_map(|r| p.parse_label(&r.bucket))
                    .collect()
            })
            .unwrap_or_default();
        let (lo, hi) = (buckets.iter().min(), buckets.iter().max());
        match (period, lo, hi) {
            (Some(p), Some(&lo), Some(&hi)) if hi - lo < AXIS_MAX => Axis {
                first: lo,
                labels: (lo..=hi).map(|b| p.label(b)).collect(),
                period: Some(p),
            },
            _ => {
                let mut labels: Vec<String> = report
                    .series
                    .iter()
                    .flat_map(|s| s.rows.iter().map(|r| r.bucket.clone()))
                    .collect();
                labels.sort();
                labels.dedup();
                Axis {
                    first: 0,
                    labels,
                    period: None,
                }
            }
        }
    }

    /// The x index of a bucket label.
    fn index(&self, label: &str) -> Option<usize> {
        match self.period {
            Some(p) => usize::try_from(p.parse_label(label)? - self.first).ok(),
            None => self.labels.iter().position(|l| l == label),
        }
    }
}

/// The page being written: a string, written out once it is complete.
struct Page<'l> {
    html: String,
    lexicon: Option<&'l Lexicon>,
    /// Entries named anywhere on the page, explained at its end.
    explained: BTreeSet<usize>,
}

impl<'l> Page<'l> {
    fn new(info: &RunInfo, lexicon: Option<&'l Lexicon>) -> Page<'l> {
        let mut p = Page {
            html: String::with_capacity(64 * 1024),
            lexicon,
            explained: BTreeSet::new(),
        };
        let title = format!("klartext report: {}", info.command);
        let _ = write!(
            p.html,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <meta name=\"generator\" content=\"klartext {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
            env!("CARGO_PKG_VERSION"),
            esc(&title),
            esc(&title)
        );
        if !info.lead.is_empty() {
            let _ = writeln!(
                p.html,
                "<p class=\"lead\">{}</p>",
                esc(&info.lead.join(" "))
            );
        }
        p.summary(info);
        p
    }

    fn end(mut self) -> String {
        self.explanations();
        self.html.push_str(
            "<footer><p>Made by klartext. Nothing in this page was loaded from elsewhere; it runs no script.</p></footer>\n</main>\n</body>\n</html>\n",
        );
        self.html
    }

    fn section(&mut self, id: &str, heading: &str, body: impl FnOnce(&mut Page)) {
        let _ = writeln!(
            self.html,
            "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>",
            esc(heading)
        );
        body(self);
        self.html.push_str("</section>\n");
    }

    fn para(&mut self, text: &str) {
        let _ = writeln!(self.html, "<p>{}</p>", esc(text));
    }

    fn chart(&mut self, svg: &str) {
        let _ = writeln!(self.html, "<figure class=\"chart\">{svg}</figure>");
    }

    /// A bar chart `(id, title)` whose description lists every bar.
    fn bars(
        &mut self,
        (id, title): (&str, &str),
        what: &str,
        value_label: &str,
        bars: &[svg::Bar],
    ) {
        let items: Vec<String> = bars
            .iter()
            .map(|b| format!("{} {}", b.label, fmt_num(b.value)))
            .collect();
        self.chart(&svg::bar_chart(&svg::BarChart {
            id,
            title,
            description: &format!("{what}: {}.", items.join(", ")),
            value_label,
            bars,
        }));
    }

    fn summary(&mut self, info: &RunInfo) {
        self.section("summary", "What was analyzed", |p| {
            let skipped: u64 = info.skipped.values().sum();
            let mut rows: Vec<(&str, String)> = vec![
                ("documents analyzed", info.documents.to_string()),
                ("words", info.words.to_string()),
                ("counted findings", info.counted.to_string()),
                (
                    "mean frankness",
                    info.mean_frankness
                        .map_or("·".into(), |f| format!("{f:.1} of 100")),
                ),
                ("inputs skipped", skipped.to_string()),
            ];
            if let Some((a, b)) = &info.period {
                rows.push(("period", format!("{a} to {b}")));
            }
            rows.push(("score version", info.score_version.clone()));
            rows.push(("lexicon version", info.lexicon_version.clone()));
            rows.extend(info.settings.iter().map(|(k, v)| (*k, v.clone())));
            p.html.push_str("<dl class=\"facts\">\n");
            for (k, v) in rows {
                let _ = writeln!(p.html, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
            }
            p.html.push_str("</dl>\n");
            if skipped > 0 {
                p.skipped(info, skipped);
            }
        });
    }

    fn skipped(&mut self, info: &RunInfo, total: u64) {
        let reasons: Vec<String> = info
            .skipped
            .iter()
            .map(|(k, n)| format!("{} {}", n, esc(k)))
            .collect();
        let _ = writeln!(
            self.html,
            "<details class=\"skipped\"><summary>{total} inputs skipped: {}</summary>\n<ul>",
            reasons.join(", ")
        );
        for (source, reason) in &info.skipped_listed {
            let _ = writeln!(
                self.html,
                "<li><code>{}</code>: {}</li>",
                esc(source),
                esc(reason)
            );
        }
        if (info.skipped_listed.len() as u64) < total {
            let _ = writeln!(
                self.html,
                "<li>… the run's error output names every one.</li>"
            );
        }
        self.html.push_str("</ul></details>\n");
    }

    fn frankness_chart(&mut self, i: usize, s: &Series, axis: &Axis) {
        let mut counts = vec![0; axis.labels.len()];
        let mut points = Vec::new();
        for r in &s.rows {
            if let Some(x) = axis.index(&r.bucket) {
                counts[x] = r.documents;
                points.push((x, r.pooled_frankness));
            }
        }
        let trend = s.trend.slope.and_then(|b| trend_line(&points, b));
        let lines = [svg::Line {
            name: "pooled frankness",
            points,
            trend,
        }];
        let title = format!("Frankness over time: {}", s.group);
        let description = format!(
            "Pooled frankness per bucket for {}: {}. Trend: {}.",
            s.group,
            s.rows
                .iter()
                .map(|r| format!("{} {:.1} (n={})", r.bucket, r.pooled_frankness, r.documents))
                .collect::<Vec<_>>()
                .join(", "),
            s.trend.verdict
        );
        let _ = writeln!(
            self.html,
            "<article class=\"series\">\n<h3>{}</h3>\n<p class=\"verdict\">{}</p>",
            esc(&s.group),
            esc(&format!("Trend: {}.", s.trend.verdict))
        );
        self.chart(&svg::line_chart(&svg::LineChart {
            id: &format!("frankness-{i}"),
            title: &title,
            description: &description,
            x_labels: &axis.labels,
            y_label: "frankness (0–100)",
            y_range: (0.0, 100.0),
            lines: &lines,
            counts: &counts,
        }));
        self.html.push_str("</article>\n");
    }

    fn category_chart(&mut self, i: usize, s: &Series, axis: &Axis) {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
        let mut values = vec![vec![0.0; names.len()]; axis.labels.len()];
        for r in &s.rows {
            if let Some(x) = axis.index(&r.bucket) {
                for (k, name) in names.iter().enumerate() {
                    values[x][k] = r
                        .per_1000_words_by_category
                        .get(name)
                        .copied()
                        .unwrap_or(0.0);
                }
            }
        }
        let description = format!(
            "Counted findings per 1,000 words by category for {}, per bucket: {}.",
            s.group,
            s.rows
                .iter()
                .map(|r| format!("{} {:.2}", r.bucket, r.findings_per_1000_words))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(self.html, "<h3>{}</h3>", esc(&s.group));
        self.chart(&svg::stacked_bars(&svg::StackedBars {
            id: &format!("categories-{i}"),
            title: &format!("Category mix over time: {}", s.group),
            description: &description,
            x_labels: &axis.labels,
            y_label: "findings per 1,000 words",
            segments: &names,
            values: &values,
        }));
    }

    /// Top phrases and emerging phrases per series, linked to their explanation.
    fn phrases(&mut self, lexicon: &Lexicon, top: &[(usize, u64)], series: &[Series]) {
        let entries = lexicon.entries();
        self.explained.extend(top.iter().map(|(e, _)| *e));
        self.section("phrases", "Phrases", |p| {
            if top.is_empty() {
                p.para("No counted findings.");
            }
            let hrefs: Vec<String> = top
                .iter()
                .map(|(e, _)| format!("#rule-{}", entries[*e].id))
                .collect();
            let bars: Vec<svg::Bar> = top
                .iter()
                .zip(&hrefs)
                .map(|((e, n), h)| svg::Bar {
                    label: &entries[*e].id,
                    value: *n as f64,
                    href: Some(h),
                })
                .collect();
            if !bars.is_empty() {
                p.bars(
                    ("top-phrases", "Top phrases"),
                    "Counted findings per rule",
                    "findings",
                    &bars,
                );
            }
            for (i, s) in series.iter().enumerate() {
                p.emerging(i, s, lexicon);
            }
        });
    }

    fn emerging(&mut self, i: usize, s: &Series, lexicon: &Lexicon) {
        let known: Vec<(usize, &crate::trends::Emerging)> = s
            .emerging
            .iter()
            .filter_map(|e| Some((lexicon.index_of(&e.rule)?, e)))
            .collect();
        if known.is_empty() {
            return;
        }
        let labels: Vec<(String, String)> = known
            .iter()
            .map(|(_, e)| {
                (
                    format!("{} ({} → {})", e.rule, e.before, e.after),
                    format!("#rule-{}", e.rule),
                )
            })
            .collect();
        let bars: Vec<svg::Bar> = known
            .iter()
            .zip(&labels)
            .map(|((_, e), (l, h))| svg::Bar {
                label: l,
                value: e.after as f64,
                href: Some(h),
            })
            .collect();
        self.explained.extend(known.iter().map(|(x, _)| *x));
        self.bars(
            (
                &format!("emerging-{i}"),
                &format!("Emerging phrases: {}", s.group),
            ),
            "Counted findings in the later period (earlier → later in the label)",
            "findings in the later period",
            &bars,
        );
    }

    /// What every rule named on the page means, and what to say instead.
    fn explanations(&mut self) {
        let Some(lexicon) = self.lexicon else { return };
        if self.explained.is_empty() {
            return;
        }
        let explained = std::mem::take(&mut self.explained);
        self.section("rules", "What the phrases mean", |p| {
            p.html.push_str("<dl class=\"rules\">\n");
            for e in explained {
                let e = &lexicon.entries()[e];
                let _ = writeln!(
                    p.html,
                    "<dt id=\"rule-{}\"><code>{}</code> <span class=\"cat\">{}{}</span></dt><dd>{} <strong>Say instead:</strong> {}</dd>",
                    esc(&e.id),
                    esc(&e.id),
                    // The same colour and pattern as in the category charts.
                    svg::swatch(e.category.index()),
                    e.category.name(),
                    esc(&e.message),
                    esc(&e.suggestion)
                );
            }
            p.html.push_str("</dl>\n");
        });
    }

    fn rule_counts_without_lexicon(&mut self, rules: &BTreeMap<String, u64>) {
        self.section("phrases", "Phrases", |p| {
            p.para("The lexicon these partial results were made with is not loaded: rules are shown by id only.");
            p.html.push_str("<ul>\n");
            for (id, n) in rules {
                let _ = writeln!(p.html, "<li><code>{}</code>: {n}</li>", esc(id));
            }
            p.html.push_str("</ul>\n");
        });
    }

    fn least_frank<'a>(&mut self, docs: impl Iterator<Item = &'a Analysis>, lexicon: &Lexicon) {
        self.section("documents", "Least frank documents", |p| {
            p.para("Open a document to see its findings in their sentences.");
            p.html.push_str(
                "<div class=\"doclist\" role=\"list\">\n<div class=\"docrow head\" aria-hidden=\"true\"><span>document</span><span>author</span><span>date</span><span>frankness</span><span>findings</span></div>\n",
            );
            for a in docs {
                p.html
                    .push_str("<details class=\"doc\" role=\"listitem\">\n<summary class=\"docrow\">");
                let _ = writeln!(
                    p.html,
                    "<span>{}</span><span>{}</span><span>{}</span><span>{:.1}</span><span>{}</span></summary>",
                    esc(a.meta.subject.as_deref().unwrap_or(&a.id)),
                    esc(a.meta.author.as_deref().unwrap_or("·")),
                    esc(a.meta.date.as_deref().map_or("·", |d| d.get(..10).unwrap_or(d))),
                    a.score.frankness,
                    a.findings.iter().filter(|f| f.counted()).count()
                );
                p.findings(a, lexicon);
                p.html.push_str("</details>\n");
            }
            p.html.push_str("</div>\n");
        });
    }

    /// A document's findings, each in its sentence, highlighted.
    fn findings(&mut self, a: &Analysis, lexicon: &Lexicon) {
        self.html.push_str("<ol class=\"findings\">\n");
        for f in &a.findings {
            self.explained.insert(f.m.entry);
            let e = &lexicon.entries()[f.m.entry];
            let h = f.highlight.clone();
            // Under --no-text the sentence is empty: privacy cleared it.
            let sentence = if h.end > f.sentence.len() || h.is_empty() {
                String::new()
            } else {
                format!(
                    "{}<mark class=\"c-{}\">{}</mark>{}",
                    esc(&f.sentence[..h.start]),
                    e.category.name(),
                    esc(&f.sentence[h.clone()]),
                    esc(&f.sentence[h.end..])
                )
            };
            let _ = writeln!(
                self.html,
                "<li><q>{sentence}</q> <span class=\"where\">line {}</span> <a href=\"#rule-{}\"><code>{}</code></a>{}<br><span class=\"say\">Say instead: {}</span></li>",
                f.line,
                esc(&e.id),
                esc(&e.id),
                not_counted(f),
                esc(&e.suggestion)
            );
        }
        self.html.push_str("</ol>\n");
    }

    fn annotated(&mut self, docs: &[Analysis], lexicon: &Lexicon) {
        self.section("annotated", "The documents", |p| {
            p.overview(docs);
            p.para("Each finding is marked in the text; hover over it (or read the list below the text) for what is hollow and what to say instead. Greyed text is not the author's own words (quoted replies, signatures, code) and is not scored.");
            for (i, a) in docs.iter().enumerate() {
                p.annotated_document(i, a, lexicon);
            }
        });
    }

    /// A table of the documents, each linked to its annotated text.
    fn overview(&mut self, docs: &[Analysis]) {
        self.html.push_str(
            "<table class=\"overview\">\n<caption>Frankness per document (100 = nothing hollow)</caption>\n<thead><tr><th scope=\"col\">document</th><th scope=\"col\">frankness</th><th scope=\"col\">counted findings</th><th scope=\"col\">words</th></tr></thead>\n<tbody>\n",
        );
        for (i, a) in docs.iter().enumerate() {
            let _ = writeln!(
                self.html,
                "<tr><td><a href=\"#doc-{i}\">{}</a></td><td>{:.1}</td><td>{}</td><td>{}</td></tr>",
                esc(a.meta.subject.as_deref().unwrap_or(&a.id)),
                a.score.frankness,
                a.findings.iter().filter(|f| f.counted()).count(),
                a.words
            );
        }
        self.html.push_str("</tbody>\n</table>\n");
    }

    fn annotated_document(&mut self, i: usize, a: &Analysis, lexicon: &Lexicon) {
        let _ = writeln!(
            self.html,
            "<article class=\"document\" id=\"doc-{i}\">\n<h3>{}</h3>\n<p class=\"meta\">{}</p>",
            esc(a.meta.subject.as_deref().unwrap_or(&a.id)),
            esc(&document_facts(a))
        );
        if let Some(full) = &a.full_text {
            self.html.push_str("<div class=\"text\">");
            let spans = annotation_spans(a, &full.masks);
            let mut at = 0;
            for (range, kind) in spans {
                self.html.push_str(&esc(&full.text[at..range.start]));
                let inner = esc(&full.text[range.clone()]);
                match kind {
                    Span::Mask(m) => {
                        let _ = write!(
                            self.html,
                            "<span class=\"masked\" title=\"{}: not scored\">{inner}</span>",
                            m.name()
                        );
                    }
                    Span::Finding(k) => {
                        let f = &a.findings[k];
                        self.explained.insert(f.m.entry);
                        let e = &lexicon.entries()[f.m.entry];
                        let _ = write!(
                            self.html,
                            "<mark class=\"c-{}{}\" title=\"{}: {} Say instead: {}{}\">{inner}<sup>{}</sup></mark>",
                            e.category.name(),
                            if f.counted() { "" } else { " quiet" },
                            esc(&e.id),
                            esc(&e.message),
                            esc(&e.suggestion),
                            not_counted(f),
                            e.category.name()
                        );
                    }
                }
                at = range.end;
            }
            self.html.push_str(&esc(&full.text[at..]));
            self.html.push_str("</div>\n");
        }
        if !a.findings.is_empty() {
            self.findings(a, lexicon);
        }
        self.html.push_str("</article>\n");
    }
}

/// What a highlighted range of an annotated document is.
enum Span {
    Mask(crate::document::MaskKind),
    Finding(usize),
}

/// The masks and findings of a document as non-overlapping ranges in text
/// order (a finding wins over a mask it overlaps; of overlapping findings
/// the first is shown).
fn annotation_spans(a: &Analysis, masks: &[Mask]) -> Vec<(Range<usize>, Span)> {
    let mut all: Vec<(Range<usize>, Span)> = a
        .findings
        .iter()
        .enumerate()
        .map(|(k, f)| (f.m.span.clone(), Span::Finding(k)))
        .collect();
    all.extend(masks.iter().map(|m| (m.range.clone(), Span::Mask(m.kind))));
    all.sort_by_key(|(r, s)| (r.start, matches!(s, Span::Mask(_))));
    let mut out: Vec<(Range<usize>, Span)> = Vec::with_capacity(all.len());
    let mut end = 0;
    for (r, s) in all {
        if r.start >= end && r.end > r.start {
            end = r.end;
            out.push((r, s));
        }
    }
    out
}

/// Why a finding does not count, for people (empty when it counts).
fn not_counted(f: &crate::pipeline::Finding) -> &'static str {
    if f.suppressed {
        " (suppressed: not counted)"
    } else if f.m.quoted {
        " (in quotation marks: not counted)"
    } else if f.m.negated {
        " (negated: not counted)"
    } else {
        ""
    }
}

/// Author, date, language, words and frankness of a document, on one line.
fn document_facts(a: &Analysis) -> String {
    let mut parts = Vec::new();
    if let Some(x) = &a.meta.author {
        parts.push(x.clone());
    }
    if let Some(d) = &a.meta.date {
        parts.push(d.clone());
    }
    parts.push(format!("{} words", a.words));
    parts.push(a.lang.code().to_string());
    parts.push(format!("frankness {:.1}", a.score.frankness));
    parts.join(" · ")
}

/// The Theil–Sen line through the points: slope `b`, intercept the median
/// of y − b·x, from the first point's x to the last's, cut where it leaves
/// the scale of 0 to 100.
fn trend_line(points: &[(usize, f64)], b: f64) -> Option<((f64, f64), (f64, f64))> {
    let mut rest: Vec<f64> = points.iter().map(|(x, y)| y - b * *x as f64).collect();
    let a = stats::median(&mut rest)?;
    let (mut x0, mut x1) = (points.first()?.0 as f64, points.last()?.0 as f64);
    if b != 0.0 {
        let (at0, at100) = (-a / b, (100.0 - a) / b);
        x0 = x0.max(at0.min(at100));
        x1 = x1.min(at0.max(at100));
    }
    (x0 <= x1).then_some(((x0, a + b * x0), (x1, a + b * x1)))
}

/// The page's style: readable type, the categories told apart by colour
/// and by underline style and a printed label.
const CSS: &str = "
:root{color-scheme:light;--ink:#1b1b1b;--muted:#555;--line:#ccc}
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.3rem;border-bottom:2px solid var(--ink);padding-bottom:.2rem;margin-top:2.5rem}h3{font-size:1.1rem;margin:1.5rem 0 .3rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1.5rem;margin:0}.facts dt{color:var(--muted)}.facts dd{margin:0;font-variant-numeric:tabular-nums}
figure.chart{margin:.5rem 0 1.5rem}figure.chart svg{width:100%;height:auto;max-width:100%}
.verdict{margin:.2rem 0;color:var(--muted)}.lead{font-size:1.1rem;border-left:4px solid var(--ink);padding:.2rem 0 .2rem .8rem;margin:0 0 1rem}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.overview{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}.overview caption{text-align:left;color:var(--muted);padding-bottom:.3rem}.overview th,.overview td{padding:.25rem .8rem .25rem 0;border-bottom:1px solid var(--line);text-align:left}
.rules dt{margin-top:.6rem}.rules dd{margin:0 0 0 1.5rem}.cat{color:var(--muted);font-size:.85em}.cat svg{vertical-align:-2px;margin:0 .3em 0 .4em}
.docrow{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr) 7rem 6rem 5rem;gap:.5rem;padding:.35rem .5rem;align-items:baseline}
.docrow span{overflow-wrap:anywhere}.docrow.head{font-weight:600;border-bottom:1px solid var(--ink)}
details.doc{border-bottom:1px solid var(--line)}details.doc>summary{cursor:pointer}details.doc[open]>summary{background:#f3f3f3}
.findings{margin:.3rem 0 1rem;padding-left:2rem}.findings li{margin:.4rem 0}.where{color:var(--muted);font-size:.85em}.say{color:var(--muted)}
.document{border-top:1px solid var(--line);margin-top:1.5rem}.document .meta{color:var(--muted);margin:.2rem 0 .6rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:#fafafa;border:1px solid var(--line);padding:.8rem 1rem;max-height:40rem;overflow:auto}
.masked{color:#6b6b6b;font-style:italic}
mark{background:#fff3b0;color:inherit;padding:0 .1em;text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:2px}
mark sup{font-size:.65em;color:var(--muted);margin-left:.15em}mark.quiet{background:#eee}
.c-euphemism{text-decoration-style:solid}.c-buzzword{text-decoration-style:double}.c-platitude{text-decoration-style:dotted}.c-hedge{text-decoration-style:dashed}.c-excuse{text-decoration-style:wavy}.c-jargon{text-decoration-style:solid;text-decoration-thickness:4px}.c-evasion{text-decoration-style:dotted;text-decoration-thickness:4px}
footer{margin-top:3rem;color:var(--muted);font-size:.85em}
@media print{.text{max-height:none}details.doc{break-inside:avoid}}
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, MaskKind};
    use crate::matcher::Matcher;
    use crate::pipeline::{self, Options};

    fn matcher() -> &'static Matcher {
        static M: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
        M.get_or_init(|| Matcher::new(Lexicon::builtin()))
    }

    fn analyze(id: &str, text: &str) -> Analysis {
        let options = Options {
            keep_text: true,
            ..Options::default()
        };
        pipeline::analyze(&Document::plain(id, text), matcher(), &options)
    }

    #[test]
    fn escaping_covers_markup_and_both_quotes() {
        assert_eq!(
            esc(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(
            esc("Grüße\u{c}\tok"),
            "Grüße\tok",
            "no form feed: HTML forbids it"
        );
    }

    #[test]
    fn least_frank_keeps_the_lowest_in_order_with_ties_by_input_order() {
        let hollow = analyze(
            "h",
            "Mistakes were made. We will leverage synergies going forward.",
        );
        let frank = analyze("f", "The invoice is correct and I paid it on Monday.");
        assert!(hollow.score.frankness < frank.score.frankness);
        let mut least = LeastFrank::default();
        for i in 0..LEAST_FRANK + 10 {
            let mut a = if i % 4 == 1 {
                hollow.clone()
            } else {
                frank.clone()
            };
            a.id = format!("{i}");
            least.offer(&a);
        }
        let ids: Vec<&str> = least.documents().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), LEAST_FRANK);
        // Hollow ones first (1, 5, 9, …), then frank ones from the start.
        let hollow_ids: Vec<String> = (0..LEAST_FRANK + 10)
            .filter(|i| i % 4 == 1)
            .map(|i| i.to_string())
            .collect();
        assert_eq!(
            ids[..hollow_ids.len()],
            hollow_ids.iter().map(String::as_str).collect::<Vec<_>>()[..]
        );
        assert_eq!(ids[hollow_ids.len()], "0");
        assert!(
            least.documents().all(|a| a.full_text.is_none()),
            "no whole texts held"
        );
    }

    #[test]
    fn findings_win_over_masks_and_spans_never_overlap() {
        let text = "Mistakes were made. -- \nJane, sent from my phone";
        let mut a = analyze("t", text);
        assert!(!a.findings.is_empty());
        let masks = vec![
            Mask {
                range: 0..5,
                kind: MaskKind::Code,
            },
            Mask {
                range: 20..text.len(),
                kind: MaskKind::Signature,
            },
        ];
        a.full_text = None;
        let spans = annotation_spans(&a, &masks);
        assert!(matches!(spans[0].1, Span::Finding(0)));
        assert!(spans.windows(2).all(|w| w[0].0.end <= w[1].0.start));
        assert!(matches!(
            spans.last().unwrap().1,
            Span::Mask(MaskKind::Signature)
        ));
    }

    #[test]
    fn the_trend_line_passes_through_the_median_offset() {
        let points = [(0, 10.0), (1, 12.0), (2, 14.0), (5, 20.0)];
        let ((x0, y0), (x1, y1)) = trend_line(&points, 2.0).unwrap();
        assert_eq!((x0, y0, x1, y1), (0.0, 10.0, 5.0, 20.0));
        assert_eq!(trend_line(&[], 1.0), None);
        // A steep fall is cut where it reaches 0.
        let falling = [(0, 30.0), (1, 20.0), (2, 10.0), (3, 0.0), (4, 0.0)];
        let ((x0, y0), (x1, y1)) = trend_line(&falling, -10.0).unwrap();
        assert_eq!((x0, y0), (0.0, 30.0));
        assert!((x1 - 3.0).abs() < 1e-9 && y1.abs() < 1e-9, "{x1} {y1}");
    }

    #[test]
    fn an_annotated_document_escapes_its_text_and_marks_its_findings() {
        let a = analyze("<b>", "<i>Mistakes were made</i> & nobody said who.");
        let mut page = Page {
            html: String::new(),
            lexicon: None,
            explained: BTreeSet::new(),
        };
        page.annotated_document(0, &a, matcher().lexicon());
        let html = page.html;
        assert!(html.contains("<h3>&lt;b&gt;</h3>"), "{html}");
        assert!(
            html.contains("&lt;i&gt;<mark class=\"c-evasion\""),
            "{html}"
        );
        assert!(html.contains("&lt;/i&gt; &amp; nobody"), "{html}");
        assert!(!html.contains("<i>"));
    }
}
