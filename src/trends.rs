//! Trends: frankness over time, per sender, department or corpus field.
//!
//! Documents are added to a [`TrendState`], the mergeable aggregation: per
//! group and time bucket, integer totals only (weights in thousandths,
//! frankness as a histogram of tenths, authors as hashes), so
//! [`TrendState::merge`] is associative and commutative and partial states
//! from several runs or machines give exactly the result of one run.
//! [`report`] turns a state into the numbers people read: per-bucket rows,
//! Theil–Sen slope and Mann–Kendall test per series, emerging phrases, with
//! small groups merged into "other".

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::lexicon::{Category, Lexicon, Milli};
use crate::pipeline::Analysis;
use crate::privacy::Privacy;
use crate::score::{self, round1};
use crate::stats;

/// The width of a time bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Calendar days.
    Day,
    /// ISO weeks (Monday to Sunday).
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

impl Period {
    /// The name used on the command line and in output.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// The bucket of a normalized date (`YYYY-MM-DD…`, as ingest writes
    /// it): a number that counts buckets, so gaps between buckets are seen.
    /// The date is taken as written, in its own time zone.
    pub fn bucket(self, date: &str) -> Option<i64> {
        let (y, m, d) = ymd(date)?;
        let days = days_from_civil(y, m, d);
        Some(match self {
            Period::Day => days,
            // 1970-01-05 was a Monday: weeks count from there.
            Period::Week => (days - 4).div_euclid(7),
            Period::Month => y * 12 + m - 1,
            Period::Quarter => y * 4 + (m - 1) / 3,
            Period::Year => y,
        })
    }

    /// The label of a bucket: `2025-03-03`, `2025-W10`, `2025-03`, `2025-Q1`, `2025`.
    pub fn label(self, bucket: i64) -> String {
        match self {
            Period::Day => {
                let (y, m, d) = civil_from_days(bucket);
                format!("{y:04}-{m:02}-{d:02}")
            }
            Period::Week => {
                // The ISO year is the year of the week's Thursday.
                let thursday = bucket * 7 + 4 + 3;
                let (y, _, _) = civil_from_days(thursday);
                let week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
                format!("{y:04}-W{week:02}")
            }
            Period::Month => format!(
                "{:04}-{:02}",
                bucket.div_euclid(12),
                bucket.rem_euclid(12) + 1
            ),
            Period::Quarter => format!("{:04}-Q{}", bucket.div_euclid(4), bucket.rem_euclid(4) + 1),
            Period::Year => format!("{bucket:04}"),
        }
    }

    /// The bucket a label names (the inverse of [`Period::label`]).
    pub fn parse_label(self, label: &str) -> Option<i64> {
        let (year, rest) = label.split_once('-').unwrap_or((label, ""));
        let y: i64 = year.parse().ok()?;
        match self {
            Period::Year if rest.is_empty() => Some(y),
            Period::Quarter => {
                let q: i64 = rest.strip_prefix('Q')?.parse().ok()?;
                (1..=4).contains(&q).then_some(y * 4 + q - 1)
            }
            Period::Month => {
                let m: i64 = rest.parse().ok()?;
                (1..=12).contains(&m).then_some(y * 12 + m - 1)
            }
            Period::Week => {
                let w: i64 = rest.strip_prefix('W')?.parse().ok()?;
                let jan4 = days_from_civil(y, 1, 4);
                let first_monday = (jan4 - 4).div_euclid(7);
                (1..=53).contains(&w).then_some(first_monday + w - 1)
            }
            Period::Day => self.bucket(label),
            Period::Year => None,
        }
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Period, String> {
        [
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::Year,
        ]
        .into_iter()
        .find(|p| p.name() == s)
        .ok_or_else(|| format!("unknown period `{s}` (day, week, month, quarter, year)"))
    }
}

fn ymd(date: &str) -> Option<(i64, i64, i64)> {
    let b = date.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = date[..4].parse().ok()?;
    let m = date[5..7].parse().ok()?;
    let d = date[8..10].parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// How documents are split into series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    /// One series.
    None,
    /// One series per author (pseudonym with `--pseudonymize`).
    Author,
    /// One series per author domain.
    Domain,
    /// One series per group (`--groups`, `--group-field`).
    Group,
    /// One series per value of a corpus field.
    Field(String),
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupBy::None => f.write_str("none"),
            GroupBy::Author => f.write_str("author"),
            GroupBy::Domain => f.write_str("domain"),
            GroupBy::Group => f.write_str("group"),
            GroupBy::Field(n) => write!(f, "field:{n}"),
        }
    }
}

impl FromStr for GroupBy {
    type Err = String;

    fn from_str(s: &str) -> Result<GroupBy, String> {
        Ok(match s {
            "none" => GroupBy::None,
            "author" => GroupBy::Author,
            "domain" => GroupBy::Domain,
            "group" => GroupBy::Group,
            _ => match s.strip_prefix("field:") {
                Some(name) if !name.is_empty() => GroupBy::Field(name.to_string()),
                _ => {
                    return Err(format!(
                        "unknown grouping `{s}` (none, author, domain, group, field:NAME)"
                    ));
                }
            },
        })
    }
}

/// The name of the single series when nothing splits the documents.
pub const ALL: &str = "all";
/// The series that small groups are merged into.
pub const OTHER: &str = "other";
/// The group of documents that lack the grouping key.
pub const UNKNOWN: &str = "(unknown)";

/// Totals of one group in one bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// Documents.
    pub documents: u64,
    /// Words.
    pub words: u64,
    /// Words outside counted findings.
    pub neutral_words: u64,
    /// Counted weight per category (thousandths), in [`Category::ALL`] order.
    pub weights: [Milli; 7],
    /// Counted findings per category.
    pub counted: [u64; 7],
    /// How many documents had each frankness (in tenths): exact means and
    /// medians that merge.
    pub frankness: BTreeMap<u16, u64>,
    /// Counted findings per rule.
    pub rules: BTreeMap<String, u64>,
    /// Keyed hashes of the distinct authors (never the addresses).
    pub authors: BTreeSet<String>,
}

impl Cell {
    fn merge(&mut self, o: &Cell) {
        self.documents += o.documents;
        self.words += o.words;
        self.neutral_words += o.neutral_words;
        for i in 0..7 {
            self.weights[i] += o.weights[i];
            self.counted[i] += o.counted[i];
        }
        for (k, n) in &o.frankness {
            *self.frankness.entry(*k).or_default() += n;
        }
        for (k, n) in &o.rules {
            *self.rules.entry(k.clone()).or_default() += n;
        }
        self.authors.extend(o.authors.iter().cloned());
    }

    fn counted_total(&self) -> u64 {
        self.counted.iter().sum()
    }
}

/// The mergeable aggregation of a trends run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendState {
    /// Bucket width.
    pub by: Period,
    /// How series are split.
    pub group_by: GroupBy,
    /// Per group, per bucket.
    pub cells: BTreeMap<String, BTreeMap<i64, Cell>>,
    /// Documents analyzed (dated or not).
    pub documents: u64,
    /// Documents without a date: counted here, left out of the series.
    pub undated: u64,
    /// Inputs skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
}

impl TrendState {
    /// An empty state.
    pub fn new(by: Period, group_by: GroupBy) -> TrendState {
        TrendState {
            by,
            group_by,
            cells: BTreeMap::new(),
            documents: 0,
            undated: 0,
            skipped: BTreeMap::new(),
        }
    }

    /// Adds one analyzed document (after `privacy` was applied to it).
    pub fn add(&mut self, a: &Analysis, lexicon: &Lexicon) {
        self.documents += 1;
        let Some(bucket) = a.meta.date.as_deref().and_then(|d| self.by.bucket(d)) else {
            self.undated += 1;
            return;
        };
        let group = match &self.group_by {
            GroupBy::None => Some(ALL.to_string()),
            GroupBy::Author => a.meta.author.clone(),
            GroupBy::Domain => a
                .meta
                .author
                .as_deref()
                .and_then(|x| x.rsplit_once('@'))
                .map(|(_, d)| d.to_string()),
            GroupBy::Group => a.meta.group.clone(),
            GroupBy::Field(name) => a.meta.fields.get(name).cloned(),
        }
        .unwrap_or_else(|| UNKNOWN.to_string());
        let cell = self
            .cells
            .entry(group)
            .or_default()
            .entry(bucket)
            .or_default();
        cell.documents += 1;
        cell.words += a.words;
        cell.neutral_words += a.neutral_words;
        for c in Category::ALL {
            cell.weights[c.index()] += a.weights[c.index()];
        }
        for f in a.findings.iter().filter(|f| f.counted()) {
            cell.counted[f.category.index()] += 1;
            *cell
                .rules
                .entry(lexicon.entries()[f.m.entry].id.clone())
                .or_default() += 1;
        }
        let tenths = (round1(a.score.frankness) * 10.0).round() as u16;
        *cell.frankness.entry(tenths).or_default() += 1;
        let author = a.meta.author.as_deref().unwrap_or(&a.id);
        cell.authors
            .insert(blake3::hash(author.as_bytes()).to_hex()[..16].to_string());
    }

    /// Counted findings per rule id, over every group and bucket.
    pub fn rule_counts(&self) -> BTreeMap<String, u64> {
        let mut all: BTreeMap<String, u64> = BTreeMap::new();
        for cell in self.cells.values().flat_map(BTreeMap::values) {
            for (rule, n) in &cell.rules {
                *all.entry(rule.clone()).or_default() += n;
            }
        }
        all
    }

    /// Counts a skipped input.
    pub fn add_skipped(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }

    /// Merges another state of the same shape into this one.
    pub fn merge(&mut self, o: &TrendState) -> Result<(), String> {
        if (self.by, &self.group_by) != (o.by, &o.group_by) {
            return Err(format!(
                "cannot merge a state by {} grouped by {} into one by {} grouped by {}",
                o.by.name(),
                o.group_by,
                self.by.name(),
                self.group_by
            ));
        }
        for (group, buckets) in &o.cells {
            let mine = self.cells.entry(group.clone()).or_default();
            for (b, cell) in buckets {
                mine.entry(*b).or_default().merge(cell);
            }
        }
        self.documents += o.documents;
        self.undated += o.undated;
        for (k, n) in &o.skipped {
            *self.skipped.entry(k.clone()).or_default() += n;
        }
        Ok(())
    }
}

/// Options that shape a report (not the state).
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Groups with fewer distinct authors in a bucket are merged into "other".
    pub min_group_size: usize,
    /// Compare these two bucket ranges for emerging phrases instead of the
    /// first and second half of the period.
    pub compare: Option<(std::ops::RangeInclusive<i64>, std::ops::RangeInclusive<i64>)>,
    /// What may be shown.
    pub privacy: Privacy,
}

/// One bucket of one series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The bucket label.
    pub bucket: String,
    /// Documents.
    pub documents: u64,
    /// Words.
    pub words: u64,
    /// Mean document frankness.
    pub mean_frankness: f64,
    /// Median document frankness.
    pub median_frankness: f64,
    /// All findings over all words.
    pub pooled_frankness: f64,
    /// Counted findings per 1,000 words.
    pub findings_per_1000_words: f64,
    /// The same per category.
    pub per_1000_words_by_category: BTreeMap<&'static str, f64>,
    /// Pooled frankness minus that of the previous bucket of the series.
    pub change: Option<f64>,
    /// The most frequent rules with counts.
    pub top_rules: Vec<(String, u64)>,
}

/// A rule whose rate rose.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Emerging {
    /// The rule id.
    pub rule: String,
    /// Counted findings in the earlier period.
    pub before: u64,
    /// Counted findings in the later period.
    pub after: u64,
    /// Findings per 1,000 words, earlier and later.
    pub rate_before: f64,
    /// See `rate_before`.
    pub rate_after: f64,
}

/// Trend statistics of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Theil–Sen slope of pooled frankness, points per bucket.
    pub slope: Option<f64>,
    /// Mann–Kendall S.
    pub mann_kendall_s: Option<i64>,
    /// Mann–Kendall two-sided p-value.
    pub p_value: Option<f64>,
    /// The trend in words.
    pub verdict: String,
}

/// One series (a group).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The group's name (a pseudonym under `--pseudonymize`).
    pub group: String,
    /// Its buckets, in time order.
    pub rows: Vec<Row>,
    /// Its trend.
    pub trend: Trend,
    /// Rules whose rate rose most.
    pub emerging: Vec<Emerging>,
}

/// A whole trends report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendReport {
    /// Bucket width.
    pub by: &'static str,
    /// How series are split.
    pub group_by: String,
    /// Documents analyzed.
    pub documents: u64,
    /// Documents without a date (not in any series).
    pub undated: u64,
    /// Inputs skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// The minimum distinct authors a group needs in a bucket to be shown.
    pub min_group_size: usize,
    /// Group-buckets merged into "other" for being too small.
    pub merged_into_other: u64,
    /// The two periods compared for emerging phrases.
    pub compared: Option<(String, String)>,
    /// The series.
    pub series: Vec<Series>,
}

/// How many rules a row lists.
const TOP_RULES: usize = 3;
/// How many emerging phrases a series lists.
const TOP_EMERGING: usize = 5;
/// Below this p-value a trend is stated as real.
const SIGNIFICANT: f64 = 0.05;

/// Computes the report of a state.
pub fn report(state: &TrendState, opts: &ReportOptions) -> TrendReport {
    // Small groups are merged into "other", bucket by bucket.
    let mut groups: BTreeMap<String, BTreeMap<i64, Cell>> = BTreeMap::new();
    let mut merged = 0;
    let split = state.group_by != GroupBy::None;
    for (group, buckets) in &state.cells {
        for (b, cell) in buckets {
            let name = if split && cell.authors.len() < opts.min_group_size {
                merged += 1;
                OTHER
            } else {
                group.as_str()
            };
            groups
                .entry(name.to_string())
                .or_default()
                .entry(*b)
                .or_default()
                .merge(cell);
        }
    }
    let all_buckets: BTreeSet<i64> = groups.values().flat_map(|b| b.keys().copied()).collect();
    let periods = opts.compare.clone().or_else(|| {
        let (first, last) = (*all_buckets.first()?, *all_buckets.last()?);
        let mid = first + (last - first + 1) / 2;
        (mid > first).then(|| (first..=mid - 1, mid..=last))
    });
    // "other" last, so the named groups come first.
    let mut names: Vec<&String> = groups.keys().filter(|g| *g != OTHER).collect();
    names.extend(groups.keys().filter(|g| *g == OTHER));
    let series = names
        .into_iter()
        .map(|g| series(state.by, g, &groups[g], periods.as_ref()))
        .collect();
    TrendReport {
        by: state.by.name(),
        group_by: state.group_by.to_string(),
        documents: state.documents,
        undated: state.undated,
        skipped: state.skipped.clone(),
        min_group_size: opts.min_group_size,
        merged_into_other: merged,
        compared: periods.map(|(a, b)| {
            let range = |r: &std::ops::RangeInclusive<i64>| {
                format!(
                    "{}..{}",
                    state.by.label(*r.start()),
                    state.by.label(*r.end())
                )
            };
            (range(&a), range(&b))
        }),
        series,
    }
}

fn per_1000(count: u64, words: u64) -> f64 {
    if words == 0 {
        0.0
    } else {
        round2(1000.0 * count as f64 / words as f64)
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn series(
    by: Period,
    group: &str,
    buckets: &BTreeMap<i64, Cell>,
    periods: Option<&(std::ops::RangeInclusive<i64>, std::ops::RangeInclusive<i64>)>,
) -> Series {
    let mut rows = Vec::with_capacity(buckets.len());
    let mut points = Vec::with_capacity(buckets.len());
    let mut previous: Option<f64> = None;
    for (b, cell) in buckets {
        let pooled = round1(score::frankness(&cell.weights, cell.neutral_words).frankness);
        let sum: u64 = cell.frankness.iter().map(|(t, n)| u64::from(*t) * n).sum();
        let mean = round1(sum as f64 / 10.0 / cell.documents.max(1) as f64);
        let mut rules: Vec<(String, u64)> =
            cell.rules.iter().map(|(r, n)| (r.clone(), *n)).collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        rules.truncate(TOP_RULES);
        rows.push(Row {
            bucket: by.label(*b),
            documents: cell.documents,
            words: cell.words,
            mean_frankness: mean,
            median_frankness: median_tenths(&cell.frankness),
            pooled_frankness: pooled,
            findings_per_1000_words: per_1000(cell.counted_total(), cell.words),
            per_1000_words_by_category: Category::ALL
                .into_iter()
                .map(|c| (c.name(), per_1000(cell.counted[c.index()], cell.words)))
                .collect(),
            change: previous.map(|p| round1(pooled - p)),
            top_rules: rules,
        });
        points.push((*b as f64, pooled));
        previous = Some(pooled);
    }
    Series {
        group: group.to_string(),
        trend: trend(by, &points),
        emerging: periods.map_or_else(Vec::new, |p| emerging(buckets, p)),
        rows,
    }
}

fn median_tenths(hist: &BTreeMap<u16, u64>) -> f64 {
    let n: u64 = hist.values().sum();
    if n == 0 {
        return 100.0;
    }
    // The k-th smallest value, 0-based.
    let nth = |k: u64| {
        let mut seen = 0;
        for (v, c) in hist {
            seen += c;
            if seen > k {
                return f64::from(*v) / 10.0;
            }
        }
        100.0
    };
    if n % 2 == 1 {
        nth(n / 2)
    } else {
        round1((nth(n / 2 - 1) + nth(n / 2)) / 2.0)
    }
}

fn trend(by: Period, points: &[(f64, f64)]) -> Trend {
    let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    let slope = stats::theil_sen(points).map(|s| (s * 1000.0).round() / 1000.0);
    let mk = stats::mann_kendall(&ys);
    let verdict = match (mk, slope) {
        (None, _) => format!("too few {}s for a trend", by.name()),
        (Some(mk), slope) if mk.p < SIGNIFICANT => {
            let dir = if mk.s < 0 { "falling" } else { "rising" };
            let per = slope
                .map(|s| format!(", {s:+.1} points per {}", by.name()))
                .unwrap_or_default();
            format!("frankness {dir}, {}{per}", p_text(mk.p))
        }
        (Some(mk), _) => format!("no clear trend, {}", p_text(mk.p)),
    };
    Trend {
        slope,
        mann_kendall_s: mk.map(|m| m.s),
        p_value: mk.map(|m| (m.p * 10_000.0).round() / 10_000.0),
        verdict,
    }
}

/// `p < 0.001` or `p = 0.123`.
fn p_text(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

fn emerging(
    buckets: &BTreeMap<i64, Cell>,
    (early, late): &(std::ops::RangeInclusive<i64>, std::ops::RangeInclusive<i64>),
) -> Vec<Emerging> {
    let total = |range: &std::ops::RangeInclusive<i64>| {
        let mut cell = Cell::default();
        for (_, c) in buckets.range(range.clone()) {
            cell.merge(c);
        }
        cell
    };
    let (a, b) = (total(early), total(late));
    let rate = |n: u64, words: u64| {
        if words == 0 {
            0.0
        } else {
            1000.0 * n as f64 / words as f64
        }
    };
    let mut out: Vec<Emerging> = b
        .rules
        .iter()
        .filter_map(|(rule, &after)| {
            let before = a.rules.get(rule).copied().unwrap_or(0);
            let (ra, rb) = (rate(before, a.words), rate(after, b.words));
            (after > before && rb > ra).then(|| Emerging {
                rule: rule.clone(),
                before,
                after,
                rate_before: round2(ra),
                rate_after: round2(rb),
            })
        })
        .collect();
    out.sort_by(|x, y| {
        (y.rate_after - y.rate_before)
            .total_cmp(&(x.rate_after - x.rate_before))
            .then(x.rule.cmp(&y.rule))
    });
    out.truncate(TOP_EMERGING);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_labels() {
        assert_eq!(
            Period::Month.label(Period::Month.bucket("2025-03-31T23:59:00+02:00").unwrap()),
            "2025-03"
        );
        assert_eq!(
            Period::Quarter.label(Period::Quarter.bucket("2025-05-01").unwrap()),
            "2025-Q2"
        );
        assert_eq!(
            Period::Year.label(Period::Year.bucket("2024-12-31").unwrap()),
            "2024"
        );
        assert_eq!(
            Period::Day.label(Period::Day.bucket("2024-02-29").unwrap()),
            "2024-02-29"
        );
        // ISO weeks: 2025-03-03 is a Monday of week 10; 2021-01-03 belongs to 2020-W53.
        assert_eq!(
            Period::Week.label(Period::Week.bucket("2025-03-03").unwrap()),
            "2025-W10"
        );
        assert_eq!(
            Period::Week.label(Period::Week.bucket("2025-03-09").unwrap()),
            "2025-W10"
        );
        assert_eq!(
            Period::Week.label(Period::Week.bucket("2021-01-03").unwrap()),
            "2020-W53"
        );
        assert_eq!(
            Period::Week.label(Period::Week.bucket("2024-12-30").unwrap()),
            "2025-W01"
        );
        for p in [
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::Year,
        ] {
            let b = p.bucket("2025-03-05").unwrap();
            assert_eq!(p.parse_label(&p.label(b)), Some(b), "{p:?}");
        }
        assert_eq!(Period::Month.bucket("03.03.2025"), None);
    }

    #[test]
    fn median_of_a_histogram() {
        let h: BTreeMap<u16, u64> = [(500, 1), (800, 2), (1000, 1)].into();
        assert_eq!(median_tenths(&h), 80.0);
        let h: BTreeMap<u16, u64> = [(500, 1), (800, 1)].into();
        assert_eq!(median_tenths(&h), 65.0);
    }

    #[test]
    fn merging_is_commutative_and_rejects_other_shapes() {
        let mut a = TrendState::new(Period::Month, GroupBy::Author);
        let mut b = a.clone();
        a.documents = 2;
        a.cells
            .entry("x".into())
            .or_default()
            .entry(5)
            .or_default()
            .documents = 2;
        b.documents = 3;
        b.cells
            .entry("x".into())
            .or_default()
            .entry(5)
            .or_default()
            .documents = 3;
        b.cells
            .entry("y".into())
            .or_default()
            .entry(6)
            .or_default()
            .documents = 1;
        let mut ab = a.clone();
        ab.merge(&b).unwrap();
        let mut ba = b.clone();
        ba.merge(&a).unwrap();
        assert_eq!(ab, ba);
        assert_eq!(ab.cells["x"][&5].documents, 5);
        assert!(
            ab.merge(&TrendState::new(Period::Week, GroupBy::Author))
                .is_err()
        );
    }
}
