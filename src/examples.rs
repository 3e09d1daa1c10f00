//! Lexicon self-tests: every entry carries sentences it must and must not
//! match, and this module runs them (for `klartext lexicon test` and for
//! `cargo test`), so adding an entry adds its test.

use crate::matcher::Matcher;
use crate::segment::Segmented;

/// An example that did not behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The entry id.
    pub id: String,
    /// Where the entry is defined (`file:line`).
    pub origin: String,
    /// `hit` or `miss`.
    pub kind: &'static str,
    /// The example sentence.
    pub sentence: String,
    /// What happened instead.
    pub problem: String,
}

/// Runs every `hit` and `miss` example of every entry of the matcher's
/// lexicon, each against its entry alone, and returns the failures and the
/// number of examples run. A `hit` whose words another entry matches too is
/// a failure: no phrase may be listed twice.
pub fn run(matcher: &Matcher) -> (Vec<Failure>, usize) {
    let entries = matcher.lexicon().entries();
    let mut failures = Vec::new();
    let mut count = 0;
    for (i, e) in entries.iter().enumerate() {
        let cases = e
            .hit
            .iter()
            .map(|s| ("hit", s))
            .chain(e.miss.iter().map(|s| ("miss", s)));
        for (kind, sentence) in cases {
            count += 1;
            let seg = Segmented::new(sentence, &[]);
            let found = matcher.find_entry(&seg, i);
            let counted = found.iter().filter(|m| m.counted()).count();
            let mut problem = match (kind, counted) {
                ("hit", 0) if found.is_empty() => Some("no match".to_string()),
                ("hit", 0) => Some("matched, but quoted or negated, so not counted".to_string()),
                ("miss", n) if n > 0 => {
                    let texts: Vec<&str> =
                        found.iter().map(|m| &sentence[m.span.clone()]).collect();
                    Some(format!("matched {texts:?}"))
                }
                _ => None,
            };
            // Two entries that match the same words are one phrase listed
            // twice: overlap resolution would silently hide one of them.
            if kind == "hit" && problem.is_none() {
                let all = matcher.find_all(&seg, e.lang);
                let twins: Vec<&str> = all
                    .iter()
                    .filter(|other| other.entry != i)
                    .filter(|other| found.iter().any(|mine| mine.span == other.span))
                    .map(|other| entries[other.entry].id.as_str())
                    .collect();
                if !twins.is_empty() {
                    problem = Some(format!(
                        "the same words are matched by {}",
                        twins.join(", ")
                    ));
                }
            }
            if let Some(problem) = problem {
                failures.push(Failure {
                    id: e.id.clone(),
                    origin: e.origin.clone(),
                    kind,
                    sentence: sentence.clone(),
                    problem,
                });
            }
        }
    }
    (failures, count)
}
