//! Trend reports as text (a table and sparkline per group) and CSV (one row
//! per bucket and group, for pandas or R).

use std::io::{self, Write};

use crate::lexicon::Category;
use crate::trends::{Row, Series, TrendReport};

const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A sparkline of the values, scaled to their own range.
pub fn sparkline(values: &[f64]) -> String {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|v| {
            if hi - lo < 1e-9 {
                SPARKS[3]
            } else {
                SPARKS[(((v - lo) / (hi - lo)) * 7.0).round() as usize]
            }
        })
        .collect()
}

/// Writes the text report.
pub fn text(
    out: &mut impl Write,
    r: &TrendReport,
    score_version: &str,
    lexicon_version: &str,
) -> io::Result<()> {
    let skipped: u64 = r.skipped.values().sum();
    writeln!(
        out,
        "trends by {}, grouped by {}: {} documents ({} without a date, not in the series), {} skipped",
        r.by, r.group_by, r.documents, r.undated, skipped
    )?;
    writeln!(
        out,
        "min group size {} ({} group-{}s merged into \"other\"); score v{}, lexicon {}",
        r.min_group_size, r.merged_into_other, r.by, score_version, lexicon_version
    )?;
    if let Some((a, b)) = &r.compared {
        writeln!(out, "emerging phrases: {b} compared with {a}")?;
    }
    for s in &r.series {
        series(out, s, r.by)?;
    }
    Ok(())
}

fn series(out: &mut impl Write, s: &Series, by: &str) -> io::Result<()> {
    let values: Vec<f64> = s.rows.iter().map(|r| r.pooled_frankness).collect();
    writeln!(
        out,
        "\n{}  {}  {}",
        s.group,
        sparkline(&values),
        s.trend.verdict
    )?;
    writeln!(
        out,
        "  {:<10} {:>5} {:>7} {:>6} {:>6} {:>6} {:>7} {:>6}  top rules",
        by, "docs", "words", "mean", "median", "pooled", "per 1k", "change"
    )?;
    for r in &s.rows {
        row(out, r)?;
    }
    if !s.emerging.is_empty() {
        writeln!(out, "  emerging:")?;
        for e in &s.emerging {
            writeln!(
                out,
                "    {}  {} → {}  ({:.2} → {:.2} per 1,000 words)",
                e.rule, e.before, e.after, e.rate_before, e.rate_after
            )?;
        }
    }
    Ok(())
}

fn row(out: &mut impl Write, r: &Row) -> io::Result<()> {
    let change = r.change.map_or("·".to_string(), |c| format!("{c:+.1}"));
    let top: Vec<String> = r
        .top_rules
        .iter()
        .map(|(rule, n)| format!("{rule} {n}"))
        .collect();
    writeln!(
        out,
        "  {:<10} {:>5} {:>7} {:>6.1} {:>6.1} {:>6.1} {:>7.2} {:>6}  {}",
        r.bucket,
        r.documents,
        r.words,
        r.mean_frankness,
        r.median_frankness,
        r.pooled_frankness,
        r.findings_per_1000_words,
        change,
        top.join(", ")
    )
}

/// The CSV columns, documented in the README.
pub fn csv_header() -> Vec<String> {
    let mut h: Vec<String> = [
        "group",
        "bucket",
        "documents",
        "words",
        "mean_frankness",
        "median_frankness",
        "pooled_frankness",
        "findings_per_1000_words",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend(
        Category::ALL
            .iter()
            .map(|c| format!("{}_per_1000_words", c.name())),
    );
    h.extend(
        ["change", "top_rules", "trend_slope", "trend_p"]
            .iter()
            .map(|s| s.to_string()),
    );
    h
}

/// Writes one CSV row per bucket and group.
pub fn csv(out: &mut impl Write, r: &TrendReport) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(csv_header())?;
    for s in &r.series {
        for row in &s.rows {
            let mut rec = vec![
                s.group.clone(),
                row.bucket.clone(),
                row.documents.to_string(),
                row.words.to_string(),
                row.mean_frankness.to_string(),
                row.median_frankness.to_string(),
                row.pooled_frankness.to_string(),
                row.findings_per_1000_words.to_string(),
            ];
            rec.extend(
                Category::ALL
                    .iter()
                    .map(|c| row.per_1000_words_by_category[c.name()].to_string()),
            );
            rec.push(row.change.map(|c| c.to_string()).unwrap_or_default());
            let top: Vec<String> = row
                .top_rules
                .iter()
                .map(|(rule, n)| format!("{rule}:{n}"))
                .collect();
            rec.push(top.join(";"));
            rec.push(s.trend.slope.map(|x| x.to_string()).unwrap_or_default());
            rec.push(s.trend.p_value.map(|x| x.to_string()).unwrap_or_default());
            w.write_record(rec)?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::sparkline;

    #[test]
    fn sparkline_scales_to_the_range() {
        assert_eq!(sparkline(&[0.0, 50.0, 100.0]), "▁▅█");
        assert_eq!(sparkline(&[80.0, 80.0]), "▄▄");
    }
}
