//! Command-line arguments, exactly as typed, and their conversion into the
//! configuration a run uses. The run never looks at `Args` directly.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Show what klartext sees in a file: language evidence, masked parts,
    /// quotations, sentences, tokens and negation cues.
    Tokens {
        /// The file to show (`-` reads standard input).
        path: PathBuf,
        /// Use this language for negation cues instead of detecting it.
        #[arg(long, value_enum, default_value_t = LangArg::Auto)]
        lang: LangArg,
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
}

impl LexiconArgs {
    /// The lexicon these options describe.
    pub fn builder(&self) -> Result<LexiconBuilder, LexiconError> {
        let mut builder = LexiconBuilder::new();
        for file in &self.files {
            builder.add_file(file)?;
        }
        for spec in &self.disable {
            builder.disable(spec.trim());
        }
        Ok(builder)
    }
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan; `-` reads standard input. Folders are
    /// searched recursively for .txt and .md files (hidden ones are left out).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format: text for people, json (one object) or ndjson (one line
    /// per document, then a summary line) for programs.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Language of the documents; auto detects German or English per document.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Worker threads (default: one per core, or RAYON_NUM_THREADS).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Verify every pattern on every sentence instead of using the
    /// Aho–Corasick prefilter: slower, finds exactly the same (a debugging aid).
    #[arg(long)]
    pub no_prefilter: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Ndjson,
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

/// Everything a scan needs, resolved from the arguments.
#[derive(Debug)]
pub struct ScanConfig {
    pub paths: Vec<PathBuf>,
    pub format: OutputFormat,
    pub options: klartext::pipeline::Options,
    pub lexicon: LexiconArgs,
    pub threads: Option<usize>,
    pub color: ColorArg,
    pub prefilter: bool,
}

impl From<ScanArgs> for ScanConfig {
    fn from(a: ScanArgs) -> ScanConfig {
        ScanConfig {
            paths: a.paths,
            format: a.format,
            options: klartext::pipeline::Options {
                lang: a.lang.lang(),
            },
            lexicon: a.lexicon,
            threads: a.threads,
            color: a.color,
            prefilter: !a.no_prefilter,
        }
    }
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
