//! Output for CI: GitHub workflow commands, SARIF 2.1.0 and a Markdown summary.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::check::{Verdict, fingerprint};
use crate::lexicon::Lexicon;
use crate::pipeline::Analysis;

/// Escapes the message of a GitHub workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property (file, title) of a GitHub workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per counted finding: `::error` when the finding
/// fails the document, `::warning` otherwise; then one per document that
/// fails for its frankness.
pub fn github(
    out: &mut impl Write,
    results: &[(Analysis, Verdict)],
    lexicon: &Lexicon,
) -> io::Result<()> {
    for (a, v) in results {
        for (i, f) in a.findings.iter().enumerate() {
            if !f.counted() || v.baselined[i] {
                continue;
            }
            let e = &lexicon.entries()[f.m.entry];
            let level = if v.failing[i] { "error" } else { "warning" };
            let message = format!("{} Say instead: {}", e.message, e.suggestion);
            writeln!(
                out,
                "::{level} file={},line={},col={},title={}::{}",
                escape_property(&a.source),
                f.line,
                f.column,
                escape_property(&format!("klartext {} ({})", e.id, e.category)),
                escape_data(&message)
            )?;
        }
        if let Some(reason) = v.reasons.iter().find(|r| r.starts_with("frankness")) {
            writeln!(
                out,
                "::error file={},title=klartext::{}",
                escape_property(&a.source),
                escape_data(reason)
            )?;
        }
    }
    Ok(())
}

/// SARIF 2.1.0: one rule per lexicon entry, one result per counted finding,
/// regions in UTF-16 columns, fingerprints that survive moved lines.
pub fn sarif(results: &[(Analysis, Verdict)], lexicon: &Lexicon) -> Value {
    let rules: Vec<Value> = lexicon
        .entries()
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "name": e.id.replace(['.', '-'], "_"),
                "shortDescription": { "text": e.message },
                "fullDescription": { "text": format!("{} Say instead: {}", e.message, e.suggestion) },
                "help": { "text": e.suggestion, "markdown": format!("**Say instead:** {}", e.suggestion) },
                "defaultConfiguration": { "level": "warning" },
                "properties": { "category": e.category.name(), "weight": e.weight_f64(), "tags": [e.category.name(), e.lang.code()] },
            })
        })
        .collect();
    let mut out = Vec::new();
    for (a, v) in results {
        for (i, f) in a.findings.iter().enumerate() {
            if !f.counted() || v.baselined[i] {
                continue;
            }
            let e = &lexicon.entries()[f.m.entry];
            let ((line, col), (end_line, end_col)) = f.utf16;
            out.push(json!({
                "ruleId": e.id,
                "ruleIndex": f.m.entry,
                "level": if v.failing[i] { "error" } else { "warning" },
                "message": { "text": format!("{} Say instead: {}", e.message, e.suggestion) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": a.source.replace('\\', "/") },
                        "region": { "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col }
                    }
                }],
                "partialFingerprints": { "klartextFinding/v1": fingerprint(&e.id, f) },
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "klartext",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": out,
        }]
    })
}

/// A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
pub fn markdown(
    out: &mut impl Write,
    results: &[(Analysis, Verdict)],
    lexicon: &Lexicon,
) -> io::Result<()> {
    let failed = results.iter().filter(|(_, v)| !v.passed).count();
    let verdict = if failed == 0 {
        "✅ passed"
    } else {
        "❌ failed"
    };
    writeln!(
        out,
        "### klartext: {verdict} ({failed} of {} documents failed)\n",
        results.len()
    )?;
    writeln!(out, "| document | frankness | counted findings | result |")?;
    writeln!(out, "| --- | ---: | ---: | --- |")?;
    for (a, v) in results {
        let counted = a.findings.iter().filter(|f| f.counted()).count();
        let result = if v.passed {
            "pass".to_string()
        } else {
            format!("**fail**: {}", v.reasons.join("; "))
        };
        writeln!(
            out,
            "| `{}` | {:.1} | {} | {} |",
            a.source.replace('|', "\\|"),
            v.frankness,
            counted,
            result.replace('|', "\\|")
        )?;
    }
    let failing: Vec<String> = results
        .iter()
        .flat_map(|(a, v)| {
            a.findings
                .iter()
                .enumerate()
                .filter(|(i, _)| v.failing[*i])
                .map(move |(_, f)| {
                    let e = &lexicon.entries()[f.m.entry];
                    format!(
                        "- `{}:{}:{}` **{}** ({}): {} *Say instead:* {}",
                        a.source, f.line, f.column, e.id, e.category, e.message, e.suggestion
                    )
                })
        })
        .collect();
    if !failing.is_empty() {
        writeln!(out, "\n#### Findings that fail the check\n")?;
        for line in failing {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping() {
        assert_eq!(
            escape_data("50% done\r\nnext: a, b"),
            "50%25 done%0D%0Anext: a, b"
        );
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
