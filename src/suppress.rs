//! Suppression comments: the writer's way to say "this phrase is meant".
//!
//! In Markdown and HTML:
//!
//! ```text
//! <!-- klartext-disable RULE|CATEGORY … -->   … <!-- klartext-enable -->
//! <!-- klartext-disable-next-line RULE|CATEGORY … -->
//! ```
//!
//! In any text, on the line it concerns: `klartext: ignore RULE|CATEGORY …`.
//! Without a rule, `klartext-disable` and `klartext-disable-next-line`
//! suppress every rule. A suppressed finding is reported as suppressed and
//! never counted; a suppression that names no known rule or category, or
//! that suppressed nothing, is a warning.

use std::ops::RangeInclusive;
use std::str::FromStr;

use crate::lexicon::{Category, Lexicon};

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// 1-based line of the comment.
    pub line: usize,
    /// The lines it covers.
    pub lines: RangeInclusive<usize>,
    /// Rule ids and categories; empty means every rule.
    pub targets: Vec<String>,
}

impl Suppression {
    /// Whether this suppression covers a finding of `rule` in `category` on `line`.
    pub fn covers(&self, line: usize, rule: &str, category: Category) -> bool {
        self.lines.contains(&line)
            && (self.targets.is_empty()
                || self
                    .targets
                    .iter()
                    .any(|t| t == rule || t == category.name()))
    }
}

const DISABLE: &str = "klartext-disable";
const DISABLE_NEXT: &str = "klartext-disable-next-line";
const ENABLE: &str = "klartext-enable";
const IGNORE: &str = "klartext: ignore";

/// The suppressions of a text, and warnings about unknown targets (with the
/// line they are on).
pub fn parse(text: &str, lexicon: &Lexicon) -> (Vec<Suppression>, Vec<(usize, String)>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let mut open: Option<(usize, Vec<String>)> = None;
    let last = text.lines().count().max(1);
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let mut rest = line;
        while let Some(at) = rest.find("<!--") {
            let after = &rest[at + 4..];
            let end = after.find("-->").unwrap_or(after.len());
            let comment = after[..end].trim();
            rest = &after[end..];
            if let Some(targets) = comment.strip_prefix(DISABLE_NEXT) {
                let targets = split(targets, n, lexicon, &mut warnings);
                out.push(Suppression {
                    line: n,
                    lines: n + 1..=n + 1,
                    targets,
                });
            } else if let Some(targets) = comment.strip_prefix(DISABLE) {
                let targets = split(targets, n, lexicon, &mut warnings);
                if let Some((start, t)) = open.take() {
                    out.push(Suppression {
                        line: start,
                        lines: start..=n,
                        targets: t,
                    });
                }
                open = Some((n, targets));
            } else if comment.starts_with(ENABLE)
                && let Some((start, targets)) = open.take()
            {
                out.push(Suppression {
                    line: start,
                    lines: start..=n,
                    targets,
                });
            }
        }
        if let Some(at) = line.find(IGNORE) {
            let targets = line[at + IGNORE.len()..].trim_end_matches("-->");
            let targets = split(targets, n, lexicon, &mut warnings);
            out.push(Suppression {
                line: n,
                lines: n..=n,
                targets,
            });
        }
    }
    if let Some((start, targets)) = open {
        out.push(Suppression {
            line: start,
            lines: start..=last,
            targets,
        });
    }
    out.sort_by_key(|s| s.line);
    (out, warnings)
}

fn split(
    targets: &str,
    line: usize,
    lexicon: &Lexicon,
    warnings: &mut Vec<(usize, String)>,
) -> Vec<String> {
    let targets: Vec<String> = targets
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    for t in &targets {
        if lexicon.get(t).is_none() && Category::from_str(t).is_err() {
            warnings.push((
                line,
                format!("suppression names no known rule or category: `{t}`"),
            ));
        }
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_cover_the_named_lines() {
        let lex = Lexicon::builtin();
        let text = "a\n<!-- klartext-disable-next-line euphemism -->\nb\n<!-- klartext-disable -->\nc\nd\n<!-- klartext-enable -->\ne klartext: ignore hedge, nonsense.rule\n";
        let (s, warnings) = parse(text, &lex);
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s[0].lines.clone(), s[0].targets.clone()),
            (3..=3, vec!["euphemism".to_string()])
        );
        assert_eq!((s[1].lines.clone(), s[1].targets.is_empty()), (4..=7, true));
        assert_eq!(s[2].lines, 8..=8);
        assert!(s[2].covers(8, "x", Category::Hedge) && !s[2].covers(8, "x", Category::Jargon));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, 8);
        assert!(warnings[0].1.contains("nonsense.rule"));
    }
}
