//! Command-line arguments, exactly as typed, and their conversion into the
//! configuration a run uses. The run never looks at `Args` directly.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use globset::{Glob, GlobSet, GlobSetBuilder};
use klartext::ingest::{CorpusOptions, DEFAULT_MAX_SIZE, Field, Format, Groups, IngestOptions};
use klartext::privacy::{Privacy, Pseudonymizer};
use klartext::trends::{Period, ReportOptions};
use klartext::{Category, Lang, LexiconBuilder, LexiconError};

/// Find hollow corporate phrases in German and English text and score every
/// document for frankness (100 = nothing hollow).
///
/// klartext reads plain text and Markdown files, folders and standard input,
/// finds dismissal euphemisms, buzzwords, platitudes, hedges, stock excuses,
/// people-as-numbers jargon and agentless evasions, tells you what to say
/// instead, and scores each document. Nothing leaves your machine.
///
/// Examples:
///   klartext scan corpora/                 scan a folder
///   klartext scan memo.md --format json    results for scripts
///   echo "Mistakes were made." | klartext scan -
///   klartext explain de.euphemism.auf-eigenen-wunsch
///   klartext tokens memo.txt               what klartext sees
#[derive(Debug, Parser)]
#[command(name = "klartext", version, verbatim_doc_comment, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find hollow phrases in files, folders or stdin and score each document.
    ///
    /// Exit status: 0 when every input was read, 2 when an input could not be
    /// read (the others are still scanned) or on a usage or lexicon error.
    Scan(ScanArgs),
    /// Pass or fail documents for CI: exit 1 when one is below
    /// --min-frankness or has a counted finding listed in --fail-on.
    ///
    /// Settings come from klartext.toml (or .klartext.toml) found from the
    /// current folder upwards, or --config; command-line flags override it.
    /// Exit status: 0 all pass, 1 a document fails, 2 usage or input error.
    ///
    /// Examples:
    ///   klartext check press/ --fail-on euphemism,evasion --min-frankness 70
    ///   klartext check docs/ --format github              (annotations in a GitHub workflow)
    ///   klartext check docs/ --format sarif > klartext.sarif
    ///   klartext check docs/ --write-baseline .klartext-baseline.json
    ///   klartext check docs/ --baseline .klartext-baseline.json
    ///   klartext check docs/ --diff-base origin/main --max-drop 5
    #[command(verbatim_doc_comment)]
    Check(CheckArgs),
    /// Show the effective configuration (klartext.toml).
    Config {
        /// Print the effective configuration as TOML.
        #[arg(long, required = true)]
        dump: bool,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Show how frankness moves over time, per sender, department or corpus
    /// field, with trend statistics and emerging phrases.
    ///
    /// Examples:
    ///   klartext trends archive.mbox --by month --group-by author --pseudonymize --pseudonym-key-file key
    ///   klartext trends corpus.csv --date-field date --group-by group --group-field dept --format csv
    ///   klartext trends part1/ --emit partial > a.json   (then: klartext merge a.json b.json)
    #[command(verbatim_doc_comment)]
    Trends(TrendsArgs),
    /// Combine partial results (`trends --emit partial`) into one trend
    /// report, the same as one run over all inputs.
    Merge {
        /// The partial result files.
        #[arg(required = true, value_name = "PARTIAL")]
        partials: Vec<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
        /// Show no text of the input (group names from corpus fields remain).
        #[arg(long)]
        no_text: bool,
    },
    /// Explain a rule (why it is hollow, what to say instead, its patterns
    /// and examples) or list the rules of a category.
    Explain {
        /// A rule id as shown in findings (e.g. en.evasion.mistakes-were-made),
        /// or a category (euphemism, buzzword, platitude, hedge, excuse,
        /// jargon, evasion).
        rule: String,
        #[command(flatten)]
        lexicon: LexiconArgs,
    },
    /// Show what klartext sees in a file: language evidence, parts that are
    /// not scored (code, quoted replies, signatures, …), quotations,
    /// sentences, tokens and negation cues.
    Tokens {
        /// The file to show (`-` reads standard input); a container (mbox,
        /// CSV, JSON Lines) shows each of its documents.
        path: PathBuf,
        /// Use this language for negation cues instead of detecting it.
        #[arg(long, value_enum, default_value_t = LangArg::Auto)]
        lang: LangArg,
        #[command(flatten)]
        input: InputArgs,
    },
    /// List or test lexicon entries.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
}

#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// List the entries of the effective lexicon.
    List {
        #[command(flatten)]
        lexicon: LexiconArgs,
        /// Only this language.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Only this category.
        #[arg(long, value_parser = parse_category)]
        category: Option<Category>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Run every `hit` and `miss` example of every entry (built-in and
    /// --lexicon files). Exit status 1 when an example fails.
    Test {
        #[command(flatten)]
        lexicon: LexiconArgs,
    },
    /// Rewrite lexicon files in canonical form: entries sorted by id, keys in
    /// a fixed order, white space normalized.
    Fmt {
        /// The lexicon files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Change nothing; exit with status 1 when a file is not canonical.
        #[arg(long)]
        check: bool,
    },
}

/// Options that choose the lexicon, shared by every command that matches.
#[derive(Debug, Args, Clone, Default)]
pub struct LexiconArgs {
    /// Add a lexicon file (TOML; format in lexicons/README.md). Repeatable.
    #[arg(long = "lexicon", value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Switch off a rule id, a category (hedge), a language (en) or a
    /// language's category (de.hedge). Repeatable, or comma-separated.
    #[arg(long, value_name = "ID|CATEGORY", value_delimiter = ',')]
    pub disable: Vec<String>,
    /// Leave the built-in lexicons out: only --lexicon files are used.
    #[arg(long)]
    pub no_builtin: bool,
}

impl LexiconArgs {
    /// The lexicon these options describe.
    pub fn builder(&self) -> Result<LexiconBuilder, LexiconError> {
        let mut builder = LexiconBuilder::new();
        if self.no_builtin {
            builder.without_builtin();
        }
        for file in &self.files {
            builder.add_file(file)?;
        }
        for spec in &self.disable {
            builder.disable(spec.trim());
        }
        Ok(builder)
    }
}

/// Options that say how inputs are found and read.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Input")]
pub struct InputArgs {
    /// Read every input in this format instead of detecting it from the file
    /// extension or content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format_in: Option<FormatArg>,
    /// Corpus (CSV, JSON Lines): the field with the text, by name or 1-based
    /// column number [default: text].
    #[arg(long, value_name = "FIELD")]
    pub text_field: Option<Field>,
    /// Corpus: the field with the document id [default: FILE#RECORD].
    #[arg(long, value_name = "FIELD")]
    pub id_field: Option<Field>,
    /// Corpus: the field with the date (ISO 8601, RFC 2822 or German forms
    /// like 03.03.2025).
    #[arg(long, value_name = "FIELD")]
    pub date_field: Option<Field>,
    /// Corpus: the field with the author.
    #[arg(long, value_name = "FIELD")]
    pub author_field: Option<Field>,
    /// Corpus: the field with the group (department, section).
    #[arg(long, value_name = "FIELD")]
    pub group_field: Option<Field>,
    /// CSV: the field delimiter [default: ,].
    #[arg(long, value_name = "CHAR", value_parser = parse_byte)]
    pub delimiter: Option<u8>,
    /// CSV: the quote character [default: "].
    #[arg(long, value_name = "CHAR", value_parser = parse_byte)]
    pub quote: Option<u8>,
    /// CSV: the first row is data, not a header (address fields by number).
    #[arg(long)]
    pub no_header: bool,
    /// Corpus: the texts are e-mail bodies (as in the Enron corpus): their
    /// quoted replies, forwards, signatures and disclaimers are not scored.
    #[arg(long)]
    pub mail_bodies: bool,
    /// In folders, read only files whose path (relative to the folder)
    /// matches this glob, e.g. '*.eml' or 'press/**'. Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,
    /// In folders, pass over files and folders whose path matches this glob.
    /// Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// In folders, also read hidden files and folders (names starting with `.`).
    #[arg(long)]
    pub hidden: bool,
    /// Skip documents (files, messages, records) larger than this, with a
    /// reason: bytes, or with K, M or G (powers of 1024) [default: 50M, that
    /// is 50 MiB]. The limit holds for the bytes read and for the decoded
    /// text; a longer message or record in an mbox, CSV or JSON Lines file
    /// is read past, never held. At most 2G.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_size: Option<u64>,
    /// Map authors to groups (departments): a CSV file of `address,group`
    /// lines; `*` is a wildcard (`*@sales.example.com,Sales`).
    #[arg(long, value_name = "FILE")]
    pub groups: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Markdown,
    Html,
    Email,
    Mbox,
    Jsonl,
    Csv,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::Email => Format::Email,
            FormatArg::Mbox => Format::Mbox,
            FormatArg::Jsonl => Format::JsonLines,
            FormatArg::Csv => Format::Csv,
        }
    }
}

fn parse_byte(s: &str) -> Result<u8, String> {
    let s = match s {
        "\\t" | "tab" => "\t",
        _ => s,
    };
    match s.as_bytes() {
        [b] if b.is_ascii() => Ok(*b),
        _ => Err(format!("`{s}` is not one ASCII character")),
    }
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&s[..i], s[i..].trim()),
        None => (s, ""),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 500K, 64M, 2G)"))?;
    let factor: u64 = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return Err(format!("`{unit}` is not a size unit (K, M or G)")),
    };
    // A document is held whole, and its words' offsets are 32 bits.
    let max = klartext::segment::MAX_TEXT as u64;
    n.checked_mul(factor)
        .filter(|&size| size <= max)
        .ok_or_else(|| format!("`{s}` is over the largest document klartext reads, 2G"))
}

fn globs(patterns: &[String]) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut set = GlobSetBuilder::new();
    for p in patterns {
        set.add(Glob::new(p).map_err(|e| format!("bad glob `{p}`: {e}"))?);
    }
    set.build().map(Some).map_err(|e| e.to_string())
}

impl InputArgs {
    /// The ingest options these arguments describe.
    pub fn options(&self) -> Result<IngestOptions, String> {
        let defaults = CorpusOptions::default();
        let groups = match &self.groups {
            None => Groups::default(),
            Some(path) => {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{name}: cannot read groups file: {e}"))?;
                Groups::parse(&name, &text)?
            }
        };
        Ok(IngestOptions {
            format: self.format_in.map(FormatArg::format),
            corpus: CorpusOptions {
                text: self.text_field.clone().unwrap_or(defaults.text),
                id: self.id_field.clone(),
                date: self.date_field.clone(),
                author: self.author_field.clone(),
                group: self.group_field.clone(),
                delimiter: self.delimiter.unwrap_or(defaults.delimiter),
                quote: self.quote.unwrap_or(defaults.quote),
                header: !self.no_header,
                mail_bodies: self.mail_bodies,
                keep: Vec::new(),
            },
            max_size: self.max_size.unwrap_or(DEFAULT_MAX_SIZE),
            hidden: self.hidden,
            include: globs(&self.glob)?,
            exclude: globs(&self.exclude)?,
            groups,
        })
    }
}

/// What to read and how to analyze it: shared by `scan` and `trends`.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Files or folders to read; `-` reads standard input. Folders are
    /// searched recursively (hidden files are left out). Formats: plain
    /// text, Markdown, HTML, e-mail (.eml, mbox, Maildir folders), CSV and
    /// JSON Lines corpora; detected by extension, then by content.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Language of the documents; auto detects German or English per document.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Threads that read and analyze documents (default: one per core, or
    /// RAYON_NUM_THREADS). The output is the same for every N; with 1,
    /// documents are read and analyzed one after the other on one thread.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no warnings on standard error; errors are still
    /// shown. (The bar only appears on a terminal, outside CI, for runs
    /// longer than a second.)
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Verify every pattern on every sentence instead of using the anchor
    /// prefilter: slower, finds exactly the same (a debugging aid).
    #[arg(long)]
    pub no_prefilter: bool,
}

/// Privacy options for HR use (see the README's section for HR and works councils).
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Privacy")]
pub struct PrivacyArgs {
    /// Replace author addresses with stable keyed pseudonyms (needs
    /// --pseudonym-key-file, --pseudonym-key or KLARTEXT_PSEUDONYM_KEY).
    #[arg(long)]
    pub pseudonymize: bool,
    /// The key for --pseudonymize, as text; the same key gives the same
    /// pseudonyms. Prefer a key file: arguments are visible to other users.
    #[arg(
        long,
        value_name = "KEY",
        env = "KLARTEXT_PSEUDONYM_KEY",
        hide_env_values = true
    )]
    pub pseudonym_key: Option<String>,
    /// A file holding the key for --pseudonymize.
    #[arg(long, value_name = "FILE")]
    pub pseudonym_key_file: Option<PathBuf>,
    /// Show no text of the input: no phrases, sentences or subjects; only
    /// rule ids and counts.
    #[arg(long)]
    pub no_text: bool,
}

impl PrivacyArgs {
    /// The privacy settings these arguments describe.
    pub fn privacy(&self) -> Result<Privacy, String> {
        let key =
            match (&self.pseudonym_key_file, &self.pseudonym_key) {
                (Some(path), _) => Some(std::fs::read(path).map_err(|e| {
                    format!("{}: cannot read the pseudonym key: {e}", path.display())
                })?),
                (None, Some(key)) => Some(key.as_bytes().to_vec()),
                (None, None) => None,
            };
        let pseudonyms = match (self.pseudonymize, key) {
            (false, _) => None,
            (true, Some(key)) if !key.trim_ascii().is_empty() => {
                Some(Pseudonymizer::new(key.trim_ascii()))
            }
            (true, _) => {
                return Err("--pseudonymize needs a key: --pseudonym-key-file FILE, --pseudonym-key KEY or KLARTEXT_PSEUDONYM_KEY".into());
            }
        };
        Ok(Privacy {
            pseudonyms,
            no_text: self.no_text,
        })
    }
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format: text for people, json (one object) or ndjson (one line
    /// per document, then a summary line) for programs, html (one
    /// self-contained page: up to 20 documents annotated in full, otherwise
    /// the least frank ones; use with -o).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Write the output to FILE instead of standard output. The file is
    /// replaced only when the report is complete.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    #[command(flatten)]
    pub privacy: PrivacyArgs,
}

/// Options of trend reports, shared by `trends` and `merge`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Report")]
pub struct ReportArgs {
    /// Output format: text (a table and sparkline per group), json
    /// (everything), csv (one row per bucket and group) or html (one
    /// self-contained page with charts; use with -o).
    #[arg(long, value_enum, default_value_t = TrendFormat::Text)]
    pub format: TrendFormat,
    /// Write the output to FILE instead of standard output. The file is
    /// replaced only when the report is complete.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A group with fewer distinct authors in a bucket is merged into
    /// "other" and never shown on its own.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_group_size: usize,
    /// Emerging phrases: compare these two periods (bucket labels, e.g.
    /// --compare 2024-01..2024-06 2024-07..2024-12) instead of the first and
    /// second half of the period.
    #[arg(long, num_args = 2, value_names = ["A..B", "C..D"])]
    pub compare: Vec<String>,
}

#[derive(Debug, Args)]
pub struct TrendsArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The width of a time bucket (by the documents' dates).
    #[arg(long, value_name = "PERIOD", default_value = "month", value_parser = ["day", "week", "month", "quarter", "year"])]
    pub by: String,
    /// Split into one series per author, author domain, group (--groups,
    /// --group-field) or corpus field (field:NAME).
    #[arg(long, value_name = "KEY", default_value = "none")]
    pub group_by: String,
    /// Write the aggregation state as JSON (for `klartext merge`) instead of
    /// a report.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub emit: Option<Emit>,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub privacy: PrivacyArgs,
}

/// Where the configuration comes from.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Configuration")]
pub struct ConfigArgs {
    /// Read this configuration file instead of looking for klartext.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Fail a document whose frankness is below N (0-100).
    #[arg(long, value_name = "N")]
    pub min_frankness: Option<f64>,
    /// Fail a document with a counted finding of these categories or rule
    /// ids (comma-separated or repeated), e.g. euphemism,evasion. Without
    /// any policy (here or in klartext.toml) check fails on euphemism,evasion.
    #[arg(long, value_name = "CATEGORY|RULE", value_delimiter = ',')]
    pub fail_on: Vec<String>,
    /// Output: text, json, github (workflow commands), sarif (SARIF 2.1.0)
    /// or markdown (a summary for pull-request comments).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Accept the findings recorded in this baseline file: only new ones fail.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Check only documents changed since this git revision, and fail a
    /// changed document whose frankness dropped by more than --max-drop.
    #[arg(long, value_name = "REF")]
    pub diff_base: Option<String>,
    /// With --diff-base: the largest accepted drop in frankness, in points.
    #[arg(long, value_name = "N", default_value_t = 5.0)]
    pub max_drop: f64,
    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Github,
    Sarif,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// The mergeable aggregation state.
    Partial,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendFormat {
    Text,
    Json,
    Csv,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Ndjson,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Auto,
    De,
    En,
}

impl LangArg {
    pub fn lang(self) -> Option<Lang> {
        match self {
            LangArg::Auto => None,
            LangArg::De => Some(Lang::De),
            LangArg::En => Some(Lang::En),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

fn parse_category(s: &str) -> Result<Category, String> {
    s.parse()
}

/// What a run reads and how it analyzes it, resolved from the arguments.
#[derive(Debug)]
pub struct SourceConfig {
    pub paths: Vec<PathBuf>,
    pub ingest: IngestOptions,
    pub options: klartext::pipeline::Options,
    pub lexicon: LexiconArgs,
    pub threads: Option<usize>,
    pub quiet: bool,
    pub prefilter: bool,
}

impl SourceArgs {
    /// The configuration; `keep` names corpus fields to keep as metadata.
    pub fn config(self, keep: Vec<(String, Field)>) -> Result<SourceConfig, String> {
        let mut ingest = self.input.options()?;
        ingest.corpus.keep = keep;
        Ok(SourceConfig {
            ingest,
            paths: self.paths,
            options: klartext::pipeline::Options {
                lang: self.lang.lang(),
                keep_text: false,
            },
            lexicon: self.lexicon,
            threads: self.threads,
            quiet: self.quiet,
            prefilter: !self.no_prefilter,
        })
    }
}

/// The trend report options of `trends` and `merge`.
pub fn report_options(
    args: &ReportArgs,
    by: Period,
    privacy: Privacy,
) -> Result<ReportOptions, String> {
    let compare = match args.compare.as_slice() {
        [] => None,
        [a, b] => {
            let range = |s: &str| -> Result<std::ops::RangeInclusive<i64>, String> {
                let (from, to) = s
                    .split_once("..")
                    .ok_or_else(|| format!("--compare `{s}`: expected FROM..TO"))?;
                let parse = |l: &str| {
                    by.parse_label(l).ok_or_else(|| {
                        format!(
                            "--compare: `{l}` is not a {} label (e.g. {})",
                            by.name(),
                            by.label(by.bucket("2025-03-03").unwrap_or(0))
                        )
                    })
                };
                Ok(parse(from)?..=parse(to)?)
            };
            Some((range(a)?, range(b)?))
        }
        _ => unreachable!("clap takes exactly two values"),
    };
    Ok(ReportOptions {
        min_group_size: args.min_group_size,
        compare,
        privacy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_flag_and_command_has_help() {
        fn walk(cmd: &clap::Command, path: &str) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                assert!(arg.get_help().is_some(), "{path} --{id} has no help text");
            }
            for sub in cmd.get_subcommands() {
                assert!(
                    sub.get_about().is_some(),
                    "{path} {} has no help",
                    sub.get_name()
                );
                walk(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        walk(&Cli::command(), "klartext");
    }
}
