//! Lexicons: TOML files → one validated, immutable [`Lexicon`].
//!
//! The built-in files under `lexicons/` are compiled into the binary, parsed
//! at build time by `build.rs` ([`builtin`]); users add files and disable
//! entries through [`LexiconBuilder`]. Both go through the same validation.
//! Every error names the file and line.

pub mod builtin;
mod canonical;
pub mod pattern;
mod raw;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::document::Lang;
pub use canonical::canonical;
pub use pattern::{Node, Pattern, PatternError, WordSet, WordTest};
pub use raw::line_of;
use raw::{RawFile, Record};

/// What kind of hollow phrase an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Softened words for dismissals, layoffs, failures.
    Euphemism,
    /// Hype and fashion words that replace a concrete claim.
    Buzzword,
    /// Stock phrases that say nothing.
    Platitude,
    /// Weasel words and vagueness that avoid commitment.
    Hedge,
    /// Stock excuses that shift blame to circumstances.
    Excuse,
    /// Process language that turns people into numbers.
    Jargon,
    /// Agentless constructions that hide who decided or failed.
    Evasion,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 7] = [
        Category::Euphemism,
        Category::Buzzword,
        Category::Platitude,
        Category::Hedge,
        Category::Excuse,
        Category::Jargon,
        Category::Evasion,
    ];

    /// The lowercase name used in files, ids and output.
    pub fn name(self) -> &'static str {
        match self {
            Category::Euphemism => "euphemism",
            Category::Buzzword => "buzzword",
            Category::Platitude => "platitude",
            Category::Hedge => "hedge",
            Category::Excuse => "excuse",
            Category::Jargon => "jargon",
            Category::Evasion => "evasion",
        }
    }

    /// Position in [`Category::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Category {
    type Err = String;

    fn from_str(s: &str) -> Result<Category, String> {
        Category::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| format!("unknown category `{s}`"))
    }
}

/// A lexicon error, with the file and (where known) the line it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// The file (as given), or `--disable` for a bad disable request.
    pub file: String,
    /// 1-based line.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for LexiconError {}

/// Weights are kept in thousandths so that sums are exact integers: a
/// summary then merges associatively, whatever the order of the threads.
pub type Milli = u64;

/// Lowest and highest weight an entry may have, in thousandths.
pub const WEIGHT_RANGE: std::ops::RangeInclusive<Milli> = 500..=5000;

/// One hollow phrase: its patterns and what klartext says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// `<lang>.<category>.<slug>`.
    pub id: String,
    /// The language of the phrase.
    pub lang: Lang,
    /// Its category.
    pub category: Category,
    /// The compiled patterns; the entry matches where any does.
    pub patterns: Vec<Pattern>,
    /// How hollow it is, in thousandths (1000 = weight 1.0).
    pub weight: Milli,
    /// Why the phrase is hollow.
    pub message: String,
    /// What to say instead.
    pub suggestion: String,
    /// Sentences that must give a counted finding of this entry.
    pub hit: Vec<String>,
    /// Sentences that must not.
    pub miss: Vec<String>,
    /// Where the idea came from.
    pub source: Option<String>,
    /// `file:line` of the entry.
    pub origin: String,
}

impl Entry {
    /// The weight as a number (1.0 = an ordinary hollow phrase).
    pub fn weight_f64(&self) -> f64 {
        self.weight as f64 / 1000.0
    }

    /// Whether this entry applies to a document in `lang`. German documents
    /// also get the English buzzwords: German office language mixes them in.
    pub fn applies_to(&self, lang: Lang) -> bool {
        self.lang == lang || (lang == Lang::De && self.category == Category::Buzzword)
    }
}

/// An immutable, validated set of entries, sorted by id.
#[derive(Debug, Clone)]
pub struct Lexicon {
    entries: Vec<Entry>,
    version: String,
    /// The JSON of each entry's texts, escaped on first use: the
    /// per-document output repeats them with every finding, and escaping
    /// them each time was a quarter of the cost of writing it.
    json: Vec<std::sync::OnceLock<EntryJson>>,
}

/// The texts of an entry as JSON strings, as the output writes them.
#[derive(Debug, Clone)]
pub struct EntryJson {
    /// [`Entry::id`].
    pub id: Box<serde_json::value::RawValue>,
    /// [`Entry::message`].
    pub message: Box<serde_json::value::RawValue>,
    /// [`Entry::suggestion`].
    pub suggestion: Box<serde_json::value::RawValue>,
}

impl Lexicon {
    /// The built-in lexicons.
    pub fn builtin() -> Lexicon {
        LexiconBuilder::new()
            .build()
            .expect("the built-in lexicons are valid (checked by the test suite)")
    }

    /// All entries, sorted by id.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.index_of(id).map(|i| &self.entries[i])
    }

    /// The texts of entry `i` (of [`Lexicon::entries`]) as JSON strings.
    pub fn json(&self, i: usize) -> &EntryJson {
        self.json[i].get_or_init(|| {
            let e = &self.entries[i];
            let json = |s: &str| serde_json::value::to_raw_value(s).expect("strings serialize");
            EntryJson {
                id: json(&e.id),
                message: json(&e.message),
                suggestion: json(&e.suggestion),
            }
        })
    }

    /// The index in [`Lexicon::entries`] of the entry with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.entries
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
    }

    /// The `lexicon_version` of this set: the built-in version with a
    /// fingerprint of the entries (`2026.11.0+1a2b3c4d`), or with
    /// `+custom.<hash>` when files were added or entries disabled.
    pub fn version(&self) -> &str {
        &self.version
    }
}

/// Builds a [`Lexicon`] from the built-in files, user files and disables.
#[derive(Debug, Clone)]
pub struct LexiconBuilder {
    builtin: bool,
    files: Vec<(String, String)>,
    disabled: Vec<String>,
}

impl Default for LexiconBuilder {
    fn default() -> Self {
        LexiconBuilder::new()
    }
}

impl LexiconBuilder {
    /// A builder that starts from the built-in lexicons.
    pub fn new() -> LexiconBuilder {
        LexiconBuilder {
            builtin: true,
            files: Vec::new(),
            disabled: Vec::new(),
        }
    }

    /// Leaves the built-in lexicons out.
    pub fn without_builtin(&mut self) -> &mut Self {
        self.builtin = false;
        self
    }

    /// Adds a lexicon file from disk.
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Self, LexiconError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| LexiconError {
            file: name.clone(),
            line: None,
            message: format!("cannot read lexicon: {e}"),
        })?;
        Ok(self.add_source(name, text))
    }

    /// Adds lexicon text under a name used in messages.
    pub fn add_source(&mut self, name: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.files.push((name.into(), text.into()));
        self
    }

    /// Disables an entry id, a category (`hedge`), a language (`en`) or a
    /// language's category (`de.hedge`).
    pub fn disable(&mut self, spec: impl Into<String>) -> &mut Self {
        self.disabled.push(spec.into());
        self
    }

    /// Parses, validates and assembles the lexicon.
    pub fn build(&self) -> Result<Lexicon, LexiconError> {
        // The files are assembled in parallel (on the current rayon pool); the
        // first error in file order is reported, as if done one by one. The
        // built-in files were parsed by build.rs; user files are parsed here.
        let builtin = builtin::FILES
            .iter()
            .zip(builtin::RECORDS)
            .filter(|_| self.builtin)
            .map(|((name, _), records)| Source::Builtin(name, records));
        let user = self
            .files
            .iter()
            .map(|(name, text)| Source::User(name, text));
        let sources: Vec<Source> = builtin.chain(user).collect();
        let parsed: Vec<Result<Vec<Entry>, LexiconError>> = sources
            .par_iter()
            .map(|source| match *source {
                Source::Builtin(name, Ok(records)) => assemble(name, records, true),
                Source::Builtin(name, Err((line, message))) => Err(LexiconError {
                    file: name.to_string(),
                    line: *line,
                    message: message.to_string(),
                }),
                Source::User(name, text) => parse_file(name, text),
            })
            .collect();
        let mut entries: Vec<Entry> = Vec::new();
        for file in parsed {
            entries.extend(file?);
        }
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        for pair in entries.windows(2) {
            if pair[0].id == pair[1].id {
                return Err(LexiconError {
                    file: pair[1].origin.clone(),
                    line: None,
                    message: format!("duplicate id `{}` (also at {})", pair[1].id, pair[0].origin),
                });
            }
        }
        for spec in &self.disabled {
            let before = entries.len();
            entries.retain(|e| !disables(spec, e));
            let known = before != entries.len() || is_category_spec(spec);
            if !known {
                return Err(LexiconError {
                    file: "--disable".into(),
                    line: None,
                    message: format!("`{spec}` is no rule id, category or language"),
                });
            }
        }
        // The fingerprint of the effective entries is part of the version, so
        // that any change to an entry changes `lexicon_version`, bumped
        // VERSION or not, and results of different lexicons never mix silently.
        let custom = !self.files.is_empty() || !self.disabled.is_empty() || !self.builtin;
        let hash = fingerprint(&entries);
        let version = if custom {
            format!("{}+custom.{hash:016x}", builtin::VERSION)
        } else {
            format!("{}+{:08x}", builtin::VERSION, hash >> 32)
        };
        let json = entries.iter().map(|_| std::sync::OnceLock::new()).collect();
        Ok(Lexicon {
            entries,
            version,
            json,
        })
    }
}

/// A lexicon file to assemble.
enum Source<'a> {
    /// A built-in file and its records from build.rs (or its TOML error).
    Builtin(&'static str, &'static builtin::Compiled),
    /// A user's file: its name and text.
    User(&'a str, &'a str),
}

fn is_category_spec(spec: &str) -> bool {
    let cat = spec.split_once('.').map_or(spec, |(lang, cat)| {
        if Lang::from_str(lang).is_ok() {
            cat
        } else {
            spec
        }
    });
    Category::from_str(cat).is_ok() || Lang::from_str(spec).is_ok()
}

fn disables(spec: &str, e: &Entry) -> bool {
    spec == e.id
        || spec == e.category.name()
        || spec == e.lang.code()
        || spec == format!("{}.{}", e.lang, e.category)
}

/// FNV-1a over what changes the numbers: ids, patterns and weights.
fn fingerprint(entries: &[Entry]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes.iter().chain([0xff].iter()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for e in entries {
        eat(e.id.as_bytes());
        eat(&e.weight.to_le_bytes());
        for p in &e.patterns {
            eat(p.source.as_bytes());
        }
    }
    h
}

/// Parses the TOML of a lexicon file, with the line of a syntax error.
fn parse_raw(name: &str, text: &str) -> Result<RawFile, LexiconError> {
    raw::parse(text).map_err(|e| LexiconError {
        file: name.to_string(),
        line: e.line,
        message: e.message,
    })
}

/// Parses, validates and assembles a user's lexicon file.
fn parse_file(name: &str, text: &str) -> Result<Vec<Entry>, LexiconError> {
    let raw = parse_raw(name, text)?;
    assemble(name, &raw::records(&raw, text), false)
}

/// Validates the records of the file `name` and makes them entries: the one
/// way in for built-in records and parsed user files alike.
fn assemble(name: &str, records: &[Record], builtin: bool) -> Result<Vec<Entry>, LexiconError> {
    let at = |line: usize, message: String| LexiconError {
        file: name.to_string(),
        line: Some(line),
        message,
    };
    // The built-in files are lexicons/<lang>/<category>.toml.
    let expected = builtin.then(|| {
        let mut parts = name.trim_end_matches(".toml").rsplit('/');
        let cat = parts.next().unwrap_or_default().to_string();
        let lang = parts.next().unwrap_or_default().to_string();
        format!("{lang}.{cat}.")
    });
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let id = r.id;
        let (lang, category) = parse_id(id).map_err(|m| at(r.id_line, m))?;
        if let Some(prefix) = &expected
            && !id.starts_with(prefix.as_str())
        {
            return Err(at(
                r.id_line,
                format!("id `{id}` does not belong in {name} (expected `{prefix}…`)"),
            ));
        }
        if r.patterns.is_empty() {
            return Err(at(r.line, format!("`{id}`: `patterns` is empty")));
        }
        let mut patterns = Vec::with_capacity(r.patterns.len());
        for &(p, line) in r.patterns.iter() {
            let pattern = Pattern::parse(p)
                .map_err(|e| at(line, format!("`{id}`: pattern {p:?} does not compile: {e}")))?;
            patterns.push(pattern);
        }
        let weight = (r.weight * 1000.0).round();
        if !(weight.is_finite() && WEIGHT_RANGE.contains(&(weight.max(0.0) as Milli))) {
            return Err(at(
                r.weight_line,
                format!("`{id}`: weight must be between 0.5 and 5.0"),
            ));
        }
        for (key, value) in [("message", r.message), ("suggestion", r.suggestion)] {
            if value.trim().is_empty() {
                return Err(at(r.line, format!("`{id}`: `{key}` is empty")));
            }
        }
        for (key, list) in [("hit", &r.hit), ("miss", &r.miss)] {
            if list.is_empty() {
                return Err(at(
                    r.line,
                    format!("`{id}`: `{key}` needs at least one example sentence"),
                ));
            }
        }
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        out.push(Entry {
            id: id.to_string(),
            lang,
            category,
            patterns,
            weight: weight as Milli,
            message: r.message.to_string(),
            suggestion: r.suggestion.to_string(),
            hit: strings(&r.hit),
            miss: strings(&r.miss),
            source: r.source.map(str::to_string),
            origin: format!("{name}:{}", r.line),
        });
    }
    Ok(out)
}

fn parse_id(id: &str) -> Result<(Lang, Category), String> {
    let mut parts = id.splitn(3, '.');
    let (Some(lang), Some(cat), Some(slug)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("id `{id}` must look like <lang>.<category>.<slug>"));
    };
    let lang = Lang::from_str(lang).map_err(|e| format!("id `{id}`: {e}"))?;
    let category = Category::from_str(cat).map_err(|e| format!("id `{id}`: {e}"))?;
    let slug_ok = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !slug_ok {
        return Err(format!(
            "id `{id}`: the slug may only have lowercase ASCII letters, digits and `-`"
        ));
    }
    Ok((lang, category))
}

/// Number of entries per language and category, for listings.
pub fn counts(lexicon: &Lexicon) -> BTreeMap<(Lang, Category), usize> {
    let mut out = BTreeMap::new();
    for e in lexicon.entries() {
        *out.entry((e.lang, e.category)).or_default() += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[entry]]
id = "en.hedge.kind-of"
patterns = ["kind of"]
weight = 1.0
message = "Vague."
suggestion = "Say how much."
hit = ["It is kind of done."]
miss = ["What kind is it?"]
"#;

    fn build(text: &str) -> Result<Lexicon, LexiconError> {
        LexiconBuilder::new()
            .without_builtin()
            .add_source("user.toml", text)
            .build()
    }

    #[test]
    fn a_good_file_builds_with_a_custom_version() {
        let lex = build(GOOD).unwrap();
        assert_eq!(lex.entries().len(), 1);
        let e = lex.get("en.hedge.kind-of").unwrap();
        assert_eq!(
            (e.lang, e.category, e.weight),
            (Lang::En, Category::Hedge, 1000)
        );
        assert_eq!(e.origin, "user.toml:2");
        assert!(lex.version().contains("+custom."), "{}", lex.version());
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad_pattern = GOOD.replace("\"kind of\"", "\"kind (of\"");
        let e = build(&bad_pattern).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("user.toml", Some(4)));
        assert!(e.message.contains("not closed"), "{e}");

        let unknown_key = GOOD.replace("weight", "wieght");
        let e = build(&unknown_key).unwrap_err();
        assert!(e.to_string().starts_with("user.toml:"), "{e}");
        assert!(e.message.contains("wieght"), "{e}");

        let bad_id = GOOD.replace("en.hedge.kind-of", "en.fluff.kind-of");
        let e = build(&bad_id).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("unknown category `fluff`"), "{e}");

        let heavy = GOOD.replace("weight = 1.0", "weight = 9.0");
        assert!(
            build(&heavy)
                .unwrap_err()
                .message
                .contains("between 0.5 and 5.0")
        );

        let syntax = GOOD.replace("weight = 1.0", "weight = ");
        assert_eq!(build(&syntax).unwrap_err().line, Some(5));
    }

    /// build.rs compiles the built-in files into records: they must be what
    /// parsing the files gives now, or the binary would run on a stale or
    /// mistranslated copy of its lexicons.
    #[test]
    fn builtin_records_are_what_parsing_the_files_gives() {
        assert_eq!(builtin::RECORDS.len(), builtin::FILES.len());
        for ((name, text), compiled) in builtin::FILES.iter().zip(builtin::RECORDS) {
            let raw = raw::parse(text);
            let parsed = match &raw {
                Ok(raw) => Ok(raw::records(raw, text)),
                Err(e) => Err((e.line, e.message.as_str())),
            };
            // `Record` is invariant in its lifetime (it holds `Cow`s):
            // compared as written out, every field and the weight's exact
            // value included.
            assert!(
                format!("{parsed:?}") == format!("{compiled:?}"),
                "{name}: the compiled records differ from the file"
            );
        }
        // And both ways in give the same entries.
        let mut from_text = LexiconBuilder::new();
        from_text.without_builtin();
        for (name, text) in builtin::FILES {
            from_text.add_source(*name, *text);
        }
        let from_text = from_text.build().unwrap();
        let compiled = Lexicon::builtin();
        assert!(from_text.entries() == compiled.entries());
        assert_eq!(
            fingerprint(from_text.entries()),
            fingerprint(compiled.entries())
        );
    }

    #[test]
    fn duplicates_and_unknown_disables_are_errors() {
        let twice = format!("{GOOD}{GOOD}");
        assert!(build(&twice).unwrap_err().message.contains("duplicate id"));
        let e = LexiconBuilder::new()
            .disable("de.nonsense.x")
            .build()
            .unwrap_err();
        assert!(e.message.contains("no rule id, category or language"));
    }

    #[test]
    fn disable_by_id_category_and_language() {
        let all = Lexicon::builtin();
        let no_hedge = LexiconBuilder::new().disable("hedge").build().unwrap();
        assert!(
            no_hedge
                .entries()
                .iter()
                .all(|e| e.category != Category::Hedge)
        );
        assert!(no_hedge.entries().len() < all.entries().len());
        let no_de = LexiconBuilder::new().disable("de").build().unwrap();
        assert!(no_de.entries().iter().all(|e| e.lang == Lang::En));
        let id = all.entries()[0].id.clone();
        let one_less = LexiconBuilder::new().disable(id.clone()).build().unwrap();
        assert!(one_less.get(&id).is_none());
        assert_eq!(one_less.entries().len() + 1, all.entries().len());
        assert_ne!(one_less.version(), all.version());
    }
}
