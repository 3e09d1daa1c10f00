//! The `klartext` binary: command line, output and exit codes.

mod cli;
mod interrupt;
mod output;
mod progress;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::Parser;

use klartext::ingest::{self, IngestOptions};
use klartext::pipeline::{self, Outcome};
use klartext::report::html::{self, HtmlReport, LeastFrank, RunInfo};
use klartext::report::{Color, JsonReport, NdjsonReport, TextReport};
use klartext::segment::{Segmented, is_negation_cue};
use klartext::{
    Category, Lexicon, LexiconError, MatcherBuilder, Message, Report, Summary, examples, langid,
};

use cli::{
    CheckArgs, CheckFormat, Cli, ColorArg, Command, ConfigArgs, Emit, LangArg, LexiconArgs,
    LexiconCommand, ListFormat, OutputFormat, ReportArgs, ScanArgs, SourceConfig, TrendFormat,
    TrendsArgs,
};
use klartext::Matcher;
use output::Output;
use progress::Progress;

use klartext::privacy::Privacy;
use klartext::trends::{self, GroupBy, Period, TrendState};

/// Exit code: the check failed (a lexicon example failed).
const FAILED: u8 = 1;
/// Exit code: usage, input or lexicon error.
const ERROR: u8 = 2;

enum Error {
    Lexicon(LexiconError),
    Io(io::Error),
    Usage(String),
    /// Ctrl-C ended the run.
    Interrupted,
}

impl From<LexiconError> for Error {
    fn from(e: LexiconError) -> Error {
        Error::Lexicon(e)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::Io(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    interrupt::install();
    let result = match cli.command {
        Command::Scan(args) => scan(args),
        Command::Trends(args) => trends_command(args),
        Command::Check(args) => check(args),
        Command::Config { dump: _, config } => dump_config(&config),
        Command::Merge {
            partials,
            report,
            no_text,
        } => merge(&partials, &report, no_text),
        Command::Explain { rule, lexicon } => explain(&rule, &lexicon),
        Command::Tokens { path, lang, input } => input
            .options()
            .map_err(Error::Usage)
            .and_then(|opts| tokens(path, lang, &opts)),
        Command::Lexicon(LexiconCommand::List {
            lexicon,
            lang,
            category,
            format,
        }) => list(&lexicon, lang.and_then(LangArg::lang), category, format),
        Command::Lexicon(LexiconCommand::Test { lexicon }) => test(&lexicon),
        Command::Lexicon(LexiconCommand::Fmt { files, check }) => fmt(&files, check),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // Output cut short by a closed pipe (`klartext scan … | head`).
        Err(Error::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Error::Interrupted) => {
            eprintln!("klartext: {}", interrupt::summary());
            ExitCode::from(interrupt::EXIT_CODE)
        }
        Err(e) => {
            let msg = match e {
                Error::Lexicon(e) => format!("lexicon error: {e}"),
                Error::Io(e) => e.to_string(),
                Error::Usage(msg) => msg,
                Error::Interrupted => unreachable!("handled above"),
            };
            eprintln!("klartext: {msg}");
            ExitCode::from(ERROR)
        }
    }
}

fn lexicon(args: &LexiconArgs) -> Result<Lexicon, Error> {
    Ok(args.builder()?.build()?)
}

/// Reads and analyzes every input of `config` in parallel and hands each
/// outcome, in input order and with `privacy` applied, to `emit`.
fn analyze_all(
    config: &SourceConfig,
    matcher: &Matcher,
    privacy: &Privacy,
    mut emit: impl FnMut(&mut Outcome) -> io::Result<()>,
) -> Result<(), Error> {
    if config.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Error::Usage(
            "`-` (standard input) may be given only once".into(),
        ));
    }
    let pool = worker_pool(config.threads)?;
    let mut progress = Progress::new(&config.paths, !config.quiet);
    // After Ctrl-C no new input is taken; the documents in flight finish.
    let units =
        ingest::units(&config.paths, &config.ingest).take_while(|_| !interrupt::interrupted());
    let result = pipeline::run(
        units,
        matcher,
        &config.options,
        &config.ingest,
        pool.current_num_threads(),
        |outcome| {
            match outcome {
                Outcome::Analyzed(a) => {
                    progress.advance(a.bytes);
                    // Only when there is something to say: the bar is
                    // cleared and drawn again around it (two writes to the
                    // terminal per document made a run 15 % slower).
                    if !config.quiet && !a.warnings.is_empty() {
                        progress.suspend(|| {
                            for w in &a.warnings {
                                eprintln!("klartext: warning: {}: {w}", a.source);
                            }
                        });
                    }
                    privacy.apply(a);
                    interrupt::count(true);
                }
                Outcome::Skipped(s) => {
                    progress.advance(0);
                    if s.error {
                        progress.suspend(|| eprintln!("klartext: {}: {}", s.source, s.reason));
                    }
                    interrupt::count(false);
                }
            }
            emit(outcome)
        },
    );
    progress.finish();
    result?;
    if interrupt::interrupted() {
        return Err(Error::Interrupted);
    }
    Ok(())
}

/// The threads of a run: `threads`, or one per core. Started once per
/// process (a process runs one command): they compile the lexicon, and
/// their number is how many threads analyze (`pipeline::run`, which runs
/// its own, so that the thread that reads works too).
fn worker_pool(threads: Option<usize>) -> Result<&'static rayon::ThreadPool, Error> {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    if let Some(pool) = POOL.get() {
        return Ok(pool);
    }
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        pool = pool.num_threads(n);
    }
    let pool = pool
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    Ok(POOL.get_or_init(|| pool))
}

/// The compiled lexicons of a run, parsed on its threads. They live until
/// the process ends: freeing them piece by piece at exit took longer than
/// scanning a short document.
fn matcher_for(config: &SourceConfig) -> Result<&'static Matcher, Error> {
    let matcher = worker_pool(config.threads)?.install(|| {
        lexicon(&config.lexicon).map(|lexicon| {
            MatcherBuilder::new()
                .prefilter(config.prefilter)
                .build(lexicon)
        })
    })?;
    Ok(Box::leak(Box::new(matcher)))
}

/// Whether text output is coloured: `--color`, else only on a terminal and
/// when NO_COLOR is not set.
fn colors(arg: ColorArg, terminal: bool) -> Color {
    match arg {
        ColorArg::Always => Color::Always,
        ColorArg::Never => Color::Never,
        ColorArg::Auto if terminal && std::env::var_os("NO_COLOR").is_none() => Color::Always,
        ColorArg::Auto => Color::Never,
    }
}

/// The options that shape a report's numbers, as the HTML page lists them.
fn privacy_settings(privacy: &Privacy) -> Vec<(&'static str, String)> {
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    vec![
        ("pseudonymized", yes_no(privacy.pseudonyms.is_some())),
        ("text of the input shown", yes_no(!privacy.no_text)),
    ]
}

fn scan(args: ScanArgs) -> Result<u8, Error> {
    let privacy = args.privacy.privacy().map_err(Error::Usage)?;
    let mut config = args.source.config(Vec::new()).map_err(Error::Usage)?;
    // Only the HTML page shows whole documents.
    config.options.keep_text = args.format == OutputFormat::Html && !privacy.no_text;
    let matcher = matcher_for(&config)?;
    let mut out = Output::open(args.output.as_deref()).map_err(Error::Usage)?;
    let color = colors(args.color, out.is_terminal());
    let lexicon = matcher.lexicon();
    let mut report: Box<dyn Report> = match args.format {
        OutputFormat::Text => Box::new(TextReport::new(&mut out, lexicon, color)),
        OutputFormat::Json => Box::new(JsonReport::new(&mut out, lexicon)),
        OutputFormat::Ndjson => Box::new(NdjsonReport::new(&mut out, lexicon)),
        OutputFormat::Html => Box::new(HtmlReport::new(
            &mut out,
            lexicon,
            privacy.no_text,
            privacy_settings(&privacy),
        )),
    };
    let mut summary = Summary::default();
    analyze_all(&config, matcher, &privacy, |outcome| match outcome {
        Outcome::Analyzed(a) => {
            summary.add(a);
            report.message(Message::Document(a))
        }
        Outcome::Skipped(s) => {
            summary.add_skipped(s);
            report.message(Message::Skipped(s))
        }
    })?;
    report.message(Message::Summary(&summary))?;
    report.finish()?;
    drop(report);
    out.commit()?;
    Ok(if summary.errors > 0 { ERROR } else { 0 })
}

fn load_config(args: &ConfigArgs) -> Result<klartext::config::Loaded, Error> {
    let cwd = std::env::current_dir()?;
    klartext::config::Loaded::find(args.config.as_deref(), args.isolated, &cwd)
        .map_err(Error::Usage)
}

fn dump_config(args: &ConfigArgs) -> Result<u8, Error> {
    let loaded = load_config(args)?;
    match &loaded.path {
        Some(p) => println!("# effective configuration, from {}", p.display()),
        None => println!("# effective configuration: no klartext.toml found, defaults"),
    }
    print!(
        "{}",
        toml::to_string(&loaded.config).map_err(|e| Error::Usage(e.to_string()))?
    );
    Ok(0)
}

/// The files changed since `base` under `paths` (relative to the current folder).
fn changed_files(
    base: &str,
    paths: &[std::path::PathBuf],
) -> Result<Vec<std::path::PathBuf>, Error> {
    let out = std::process::Command::new("git")
        .args([
            "diff",
            "--name-only",
            "--relative",
            "--diff-filter=d",
            base,
            "--",
        ])
        .args(paths)
        .output()
        .map_err(|e| Error::Usage(format!("--diff-base needs git: {e}")))?;
    if !out.status.success() {
        return Err(Error::Usage(format!(
            "git diff {base}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(std::path::PathBuf::from)
        .collect())
}

/// The frankness of `path` as it was at `base`, if it existed then.
fn frankness_at(
    base: &str,
    path: &str,
    matcher: &Matcher,
    options: &pipeline::Options,
) -> Option<f64> {
    let out = std::process::Command::new("git")
        .args(["show", &format!("{base}:./{path}")])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let format =
        ingest::Format::from_extension(std::path::Path::new(path)).unwrap_or(ingest::Format::Text);
    let doc = ingest::from_bytes(path.to_string(), path.to_string(), out.stdout, format).ok()?;
    Some(klartext::score::round1(
        pipeline::analyze(&doc, matcher, options).score.frankness,
    ))
}

fn check(mut args: CheckArgs) -> Result<u8, Error> {
    let loaded = load_config(&args.config)?;
    let config = loaded.config;
    // The configuration file first, then the command line.
    let lexicon_args = &mut args.source.lexicon;
    lexicon_args
        .files
        .splice(0..0, config.lexicons.iter().cloned());
    lexicon_args
        .disable
        .splice(0..0, config.disable.iter().cloned());
    args.source
        .input
        .exclude
        .extend(config.ignore.iter().cloned());
    if let Some(base) = &args.diff_base {
        args.source.paths = changed_files(base, &args.source.paths)?;
        if args.source.paths.is_empty() {
            println!("klartext: no document changed since {base}");
            return Ok(0);
        }
    }
    let source = args.source.config(Vec::new()).map_err(Error::Usage)?;
    let matcher = matcher_for(&source)?;
    let lexicon = matcher.lexicon();
    let known = |x: &String| lexicon.get(x).is_some() || x.parse::<klartext::Category>().is_ok();
    let all_fail_on = config
        .fail_on
        .iter()
        .chain(
            config
                .overrides
                .iter()
                .flat_map(|o| o.fail_on.iter().flatten()),
        )
        .chain(&args.fail_on);
    for x in all_fail_on {
        if !known(x) {
            return Err(Error::Usage(format!(
                "--fail-on: `{x}` is no category or rule id"
            )));
        }
    }
    let baseline = match &args.baseline {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
            Some(
                serde_json::from_str::<klartext::check::Baseline>(&text).map_err(|e| {
                    Error::Usage(format!("{}: not a klartext baseline: {e}", path.display()))
                })?,
            )
        }
    };
    // A gate that nobody configured still fails on the worst phrases.
    let unconfigured = args.fail_on.is_empty()
        && args.min_frankness.is_none()
        && config.fail_on.is_empty()
        && config.min_frankness.is_none()
        && config.overrides.is_empty();
    let mut results: Vec<(klartext::pipeline::Analysis, klartext::check::Verdict)> = Vec::new();
    let mut skipped = Vec::new();
    analyze_all(&source, matcher, &Privacy::default(), |outcome| {
        match outcome {
            Outcome::Analyzed(a) => {
                let mut policy = config.policy(&a.source);
                if args.min_frankness.is_some() {
                    policy.min_frankness = args.min_frankness;
                }
                if !args.fail_on.is_empty() {
                    policy.fail_on = args.fail_on.clone();
                }
                if unconfigured {
                    policy.fail_on = klartext::config::DEFAULT_FAIL_ON.map(String::from).to_vec();
                }
                let mut verdict = klartext::check::judge(a, &policy, lexicon, baseline.as_ref());
                if let Some(base) = &args.diff_base
                    && let Some(before) = frankness_at(base, &a.source, matcher, &source.options)
                    && before - verdict.frankness > args.max_drop
                {
                    verdict.reasons.push(format!(
                        "frankness dropped from {before:.1} to {:.1} since {base} (more than {})",
                        verdict.frankness, args.max_drop
                    ));
                    verdict.passed = false;
                }
                results.push(((**a).clone(), verdict));
            }
            Outcome::Skipped(s) => skipped.push(s.clone()),
        }
        Ok(())
    })?;
    let errors = skipped.iter().any(|s| s.error);
    if let Some(path) = &args.write_baseline {
        let baseline = klartext::check::Baseline::of(results.iter().map(|(a, _)| a), lexicon);
        let text = serde_json::to_string_pretty(&baseline).map_err(io::Error::from)?;
        write_atomically(path, (text + "\n").as_bytes())?;
        println!(
            "klartext: wrote {} findings to {}",
            baseline.findings.len(),
            path.display()
        );
        return Ok(if errors { ERROR } else { 0 });
    }
    let failed = results.iter().filter(|(_, v)| !v.passed).count();
    let stdout = io::stdout();
    let color = colors(args.color, stdout.is_terminal());
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        CheckFormat::Text => {
            let mut report = TextReport::new(&mut out, lexicon, color);
            for (a, _) in &results {
                report.message(Message::Document(a))?;
            }
            drop(report);
            for s in &skipped {
                writeln!(out, "skipped {}: {}", s.source, s.reason)?;
            }
            for (_, v) in results.iter().filter(|(_, v)| !v.passed) {
                writeln!(out, "FAIL {}: {}", v.source, v.reasons.join("; "))?;
            }
            match (errors, failed) {
                (true, _) => writeln!(
                    out,
                    "check incomplete: an input could not be read (see above)"
                )?,
                (false, 0) => writeln!(out, "check passed: {} documents", results.len())?,
                (false, n) => writeln!(out, "check failed: {n} of {} documents", results.len())?,
            }
        }
        CheckFormat::Json => {
            let docs: Vec<serde_json::Value> = results
                .iter()
                .map(|(a, v)| {
                    let mut d = klartext::report::document_value(a, lexicon);
                    d["passed"] = v.passed.into();
                    d["reasons"] = serde_json::json!(v.reasons);
                    d["checked_frankness"] = v.frankness.into();
                    for (i, f) in d["findings"]
                        .as_array_mut()
                        .into_iter()
                        .flatten()
                        .enumerate()
                    {
                        f["baselined"] = v.baselined[i].into();
                        f["failing"] = v.failing[i].into();
                    }
                    d
                })
                .collect();
            let skipped: Vec<serde_json::Value> = skipped
                .iter()
                .map(|s| serde_json::json!({"source": s.source, "kind": s.kind.name(), "reason": s.reason, "error": s.error}))
                .collect();
            let doc = serde_json::json!({
                "score_version": klartext::score::SCORE_VERSION,
                "lexicon_version": lexicon.version(),
                "passed": failed == 0 && !errors,
                "failed": failed,
                "documents": docs,
                "skipped": skipped,
            });
            serde_json::to_writer_pretty(&mut out, &doc).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        CheckFormat::Github => klartext::report::ci::github(&mut out, &results, lexicon)?,
        CheckFormat::Sarif => {
            let sarif = klartext::report::ci::sarif(&results, lexicon);
            serde_json::to_writer_pretty(&mut out, &sarif).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        CheckFormat::Markdown => klartext::report::ci::markdown(&mut out, &results, lexicon)?,
    }
    out.flush()?;
    Ok(if errors {
        ERROR
    } else if failed > 0 {
        FAILED
    } else {
        0
    })
}

/// What `trends --emit partial` writes and `merge` reads.
#[derive(serde::Serialize, serde::Deserialize)]
struct Partial {
    klartext_partial: u32,
    score_version: String,
    lexicon_version: String,
    state: TrendState,
}

/// Version of the partial file format.
const PARTIAL_VERSION: u32 = 1;

fn trends_command(args: TrendsArgs) -> Result<u8, Error> {
    let privacy = args.privacy.privacy().map_err(Error::Usage)?;
    let by: Period = args.by.parse().map_err(Error::Usage)?;
    let group_by: GroupBy = args.group_by.parse().map_err(Error::Usage)?;
    let keep = match &group_by {
        GroupBy::Field(name) => vec![(name.clone(), name.parse().map_err(Error::Usage)?)],
        _ => Vec::new(),
    };
    let options = cli::report_options(&args.report, by, privacy.clone()).map_err(Error::Usage)?;
    let config = args.source.config(keep).map_err(Error::Usage)?;
    let matcher = matcher_for(&config)?;
    let mut state = TrendState::new(by, group_by);
    let mut errors = 0;
    // The HTML page lists the least frank documents (with their text).
    let html = args.report.format == TrendFormat::Html && args.emit.is_none();
    let mut least = (html && !privacy.no_text).then(LeastFrank::default);
    let mut out = Output::open(args.report.output.as_deref()).map_err(Error::Usage)?;
    analyze_all(&config, matcher, &privacy, |outcome| {
        match outcome {
            Outcome::Analyzed(a) => {
                state.add(a, matcher.lexicon());
                if let Some(least) = &mut least {
                    least.offer(a);
                }
            }
            Outcome::Skipped(s) => {
                errors += u64::from(s.error);
                state.add_skipped(s.kind.name());
            }
        }
        Ok(())
    })?;
    let versions = (klartext::score::SCORE_VERSION, matcher.lexicon().version());
    match args.emit {
        Some(Emit::Partial) => {
            let partial = Partial {
                klartext_partial: PARTIAL_VERSION,
                score_version: versions.0.to_string(),
                lexicon_version: versions.1.to_string(),
                state,
            };
            serde_json::to_writer(&mut out, &partial).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        None => {
            let sources = TrendSources {
                lexicon: Some(matcher.lexicon()),
                least: least.as_ref(),
            };
            write_trends(
                &mut out,
                &state,
                &options,
                args.report.format,
                versions,
                sources,
            )?
        }
    }
    out.commit()?;
    Ok(if errors > 0 { ERROR } else { 0 })
}

fn merge(paths: &[std::path::PathBuf], args: &ReportArgs, no_text: bool) -> Result<u8, Error> {
    let mut merged: Option<Partial> = None;
    for path in paths {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::Usage(format!("{name}: {e}")))?;
        let part: Partial = serde_json::from_str(&text)
            .map_err(|e| Error::Usage(format!("{name}: not a klartext partial result: {e}")))?;
        if part.klartext_partial != PARTIAL_VERSION {
            return Err(Error::Usage(format!(
                "{name}: partial format {} (this klartext reads {PARTIAL_VERSION})",
                part.klartext_partial
            )));
        }
        match &mut merged {
            None => merged = Some(part),
            Some(m) => {
                // Numbers from different lexicons or formulas must not mix.
                if (&m.score_version, &m.lexicon_version)
                    != (&part.score_version, &part.lexicon_version)
                {
                    return Err(Error::Usage(format!(
                        "{name}: score {} / lexicon {} differs from the other partials (score {} / lexicon {})",
                        part.score_version,
                        part.lexicon_version,
                        m.score_version,
                        m.lexicon_version
                    )));
                }
                m.state
                    .merge(&part.state)
                    .map_err(|e| Error::Usage(format!("{name}: {e}")))?;
            }
        }
    }
    let m = merged.expect("clap requires at least one partial");
    let privacy = Privacy {
        pseudonyms: None,
        no_text,
    };
    let options = cli::report_options(args, m.state.by, privacy).map_err(Error::Usage)?;
    // Rules are explained from the built-in lexicons when the partials were
    // made with them; otherwise the page shows rule ids only.
    let builtin = (args.format == TrendFormat::Html)
        .then(Lexicon::builtin)
        .filter(|l| l.version() == m.lexicon_version);
    let mut out = Output::open(args.output.as_deref()).map_err(Error::Usage)?;
    write_trends(
        &mut out,
        &m.state,
        &options,
        args.format,
        (&m.score_version, &m.lexicon_version),
        TrendSources {
            lexicon: builtin.as_ref(),
            least: None,
        },
    )?;
    out.commit()?;
    Ok(0)
}

/// What an HTML trend page shows besides the state: rule explanations and
/// the least frank documents (neither is in a partial result).
struct TrendSources<'a> {
    lexicon: Option<&'a Lexicon>,
    least: Option<&'a LeastFrank>,
}

fn write_trends(
    out: &mut impl Write,
    state: &TrendState,
    options: &trends::ReportOptions,
    format: TrendFormat,
    (score_version, lexicon_version): (&str, &str),
    sources: TrendSources,
) -> Result<(), Error> {
    let report = trends::report(state, options);
    match format {
        TrendFormat::Json => {
            let doc = serde_json::json!({
                "score_version": score_version,
                "lexicon_version": lexicon_version,
                "pseudonymized": options.privacy.pseudonyms.is_some(),
                "no_text": options.privacy.no_text,
                "trends": report,
            });
            serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        TrendFormat::Csv => klartext::report::trends::csv(out, &report)?,
        TrendFormat::Text => {
            klartext::report::trends::text(out, &report, score_version, lexicon_version)?
        }
        TrendFormat::Html => {
            let info = trend_run_info(state, &report, options, (score_version, lexicon_version));
            html::trends_page(
                out,
                &info,
                &report,
                &state.rule_counts(),
                sources.lexicon,
                sources.least,
            )?
        }
    }
    Ok(())
}

/// The mean document frankness over cells (from their histograms of tenths).
fn mean_frankness<'a>(cells: impl Iterator<Item = &'a trends::Cell>) -> Option<f64> {
    let (mut sum, mut n) = (0u64, 0u64);
    for (tenths, count) in cells.flat_map(|c| &c.frankness) {
        sum += u64::from(*tenths) * count;
        n += count;
    }
    (n > 0).then(|| sum as f64 / 10.0 / n as f64)
}

/// The header of an HTML trend page.
fn trend_run_info(
    state: &TrendState,
    report: &trends::TrendReport,
    options: &trends::ReportOptions,
    (score_version, lexicon_version): (&str, &str),
) -> RunInfo {
    let cells = || state.cells.values().flat_map(|b| b.values());
    let labels = report
        .series
        .iter()
        .flat_map(|s| s.rows.iter().map(|r| &r.bucket));
    let period = labels
        .clone()
        .min()
        .zip(labels.max())
        .map(|(a, b)| (a.clone(), b.clone()));
    let mut settings = vec![
        ("time bucket", report.by.to_string()),
        ("grouped by", report.group_by.clone()),
        (
            "min group size",
            format!(
                "{} distinct authors ({} group-{}s merged into \"other\")",
                report.min_group_size, report.merged_into_other, report.by
            ),
        ),
        (
            "documents without a date",
            format!("{} (counted, not in the series)", report.undated),
        ),
    ];
    if let Some((a, b)) = &report.compared {
        settings.push(("emerging phrases", format!("{b} compared with {a}")));
    }
    settings.extend(privacy_settings(&options.privacy));
    let mean = mean_frankness(cells());
    let mut lead = vec![format!(
        "{} documents over {}; mean frankness {} of 100 (100 = nothing hollow).",
        report.documents,
        period
            .as_ref()
            .map_or("no dated period".to_string(), |(a, b)| format!(
                "{a} to {b}"
            )),
        mean.map_or("·".to_string(), |m| format!("{m:.1}"))
    )];
    let clear: Vec<String> = report
        .series
        .iter()
        .filter(|s| !s.trend.verdict.starts_with("no clear trend") && s.trend.p_value.is_some())
        .map(|s| format!("{}: {}.", s.group, s.trend.verdict))
        .collect();
    lead.push(match clear.len() {
        0 => format!(
            "No group shows a clear trend ({} groups).",
            report.series.len()
        ),
        1 => format!("1 of {} groups shows a clear trend:", report.series.len()),
        n => format!("{n} of {} groups show a clear trend:", report.series.len()),
    });
    lead.extend(clear);
    RunInfo {
        command: "trends",
        score_version: score_version.to_string(),
        lexicon_version: lexicon_version.to_string(),
        documents: report.documents,
        words: cells().map(|c| c.words).sum(),
        counted: cells().map(|c| c.counted.iter().sum::<u64>()).sum(),
        mean_frankness: mean,
        skipped: report.skipped.clone(),
        skipped_listed: Vec::new(),
        period,
        settings,
        lead,
        no_text: options.privacy.no_text,
    }
}

fn explain(rule: &str, args: &LexiconArgs) -> Result<u8, Error> {
    let lexicon = lexicon(args)?;
    let mut out = io::stdout().lock();
    if let Ok(category) = rule.parse::<Category>() {
        writeln!(out, "{category}: {}", category_about(category))?;
        for e in lexicon.entries().iter().filter(|e| e.category == category) {
            writeln!(out, "  {:<48} {}", e.id, e.patterns[0].source)?;
        }
        return Ok(0);
    }
    let Some(e) = lexicon.get(rule) else {
        let close: Vec<&str> = lexicon
            .entries()
            .iter()
            .map(|e| e.id.as_str())
            .filter(|id| id.contains(rule) || rule.contains(id.rsplit('.').next().unwrap_or(id)))
            .take(8)
            .collect();
        let hint = if close.is_empty() {
            "`klartext lexicon list` shows every rule".to_string()
        } else {
            format!("did you mean: {}?", close.join(", "))
        };
        return Err(Error::Usage(format!("no rule `{rule}`; {hint}")));
    };
    writeln!(out, "{}", e.id)?;
    writeln!(
        out,
        "  {} · {} · weight {:.1} · defined at {}",
        e.category,
        e.lang,
        e.weight_f64(),
        e.origin
    )?;
    writeln!(out, "\nWhy it is hollow:\n  {}", e.message)?;
    writeln!(out, "\nSay instead:\n  {}", e.suggestion)?;
    writeln!(out, "\nPatterns:")?;
    for p in &e.patterns {
        writeln!(out, "  {}", p.source)?;
    }
    writeln!(out, "\nFound in:")?;
    for s in &e.hit {
        writeln!(out, "  + {s}")?;
    }
    writeln!(out, "\nNot found in:")?;
    for s in &e.miss {
        writeln!(out, "  - {s}")?;
    }
    if let Some(source) = &e.source {
        writeln!(out, "\nSource: {source}")?;
    }
    Ok(0)
}

fn category_about(c: Category) -> &'static str {
    match c {
        Category::Euphemism => "softened words for dismissals, layoffs, failures",
        Category::Buzzword => "hype and fashion words that replace a concrete claim",
        Category::Platitude => "stock phrases that say nothing",
        Category::Hedge => "weasel words and vagueness that avoid commitment",
        Category::Excuse => "stock excuses that shift blame to circumstances",
        Category::Jargon => "process language that turns people into numbers",
        Category::Evasion => "agentless constructions that hide who decided or failed",
    }
}

fn tokens(path: std::path::PathBuf, lang: LangArg, opts: &IngestOptions) -> Result<u8, Error> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut code = 0;
    for unit in ingest::units(std::slice::from_ref(&path), opts) {
        match ingest::load(unit, opts) {
            Ok(doc) => show_tokens(&doc, lang, &mut out)?,
            Err(s) => {
                eprintln!("klartext: {}: {}", s.source, s.reason);
                code = ERROR;
            }
        }
    }
    out.flush()?;
    Ok(code)
}

fn show_tokens(doc: &klartext::Document, lang: LangArg, out: &mut impl Write) -> Result<(), Error> {
    let seg = Segmented::of(doc);
    let (de, en) = langid::evidence(&seg);
    let lang = lang.lang().unwrap_or_else(|| langid::detect(&seg));

    let one_line = |s: &str| {
        s.chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect::<String>()
    };
    writeln!(
        out,
        "{}: lang {lang} (German evidence {de}, English {en}), {} words, {} sentences",
        doc.source,
        seg.words(),
        seg.sentences.len()
    )?;
    if doc.meta != klartext::Meta::default() {
        let meta = serde_json::to_string(&doc.meta).map_err(io::Error::from)?;
        writeln!(out, "metadata: {meta}")?;
    }
    for m in &doc.masks {
        writeln!(
            out,
            "not scored ({}) {}..{}: {}",
            m.kind.name(),
            m.range.start,
            m.range.end,
            one_line(&doc.text[m.range.clone()])
        )?;
    }
    for q in &seg.quotes {
        writeln!(
            out,
            "quotation {}..{}: {}",
            q.start,
            q.end,
            one_line(&doc.text[q.clone()])
        )?;
    }
    for (n, s) in seg.sentences.iter().enumerate() {
        writeln!(out, "sentence {}", n + 1)?;
        let mut clause = None;
        for i in s.clone() {
            let t = &seg.tokens[i];
            let span = t.span();
            let mut notes = Vec::new();
            if clause.is_some_and(|c| c != t.clause()) {
                notes.push("new clause");
            }
            clause = Some(t.clause());
            if t.compound() {
                notes.push("compound part");
            }
            if is_negation_cue(seg.norm_of(i), lang) {
                notes.push("negation cue");
            }
            if seg.quoted(&span) {
                notes.push("quoted");
            }
            writeln!(
                out,
                "  {:>6}..{:<6} {:<24} {:<24} {}",
                span.start,
                span.end,
                &doc.text[span.clone()],
                String::from_utf8_lossy(seg.norm_of(i)),
                notes.join(", ")
            )?;
        }
    }
    Ok(())
}

fn list(
    args: &LexiconArgs,
    lang: Option<klartext::Lang>,
    category: Option<Category>,
    format: ListFormat,
) -> Result<u8, Error> {
    let lexicon = lexicon(args)?;
    let entries: Vec<_> = lexicon
        .entries()
        .iter()
        .filter(|e| lang.is_none_or(|l| e.lang == l) && category.is_none_or(|c| e.category == c))
        .collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = entries
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "id": e.id,
                        "lang": e.lang,
                        "category": e.category,
                        "weight": e.weight_f64(),
                        "patterns": e.patterns.iter().map(|p| p.source.as_str()).collect::<Vec<_>>(),
                        "message": e.message,
                        "suggestion": e.suggestion,
                        "origin": e.origin,
                    })
                })
                .collect();
            let doc = serde_json::json!({ "lexicon_version": lexicon.version(), "entries": rows });
            serde_json::to_writer_pretty(&mut out, &doc).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            for e in &entries {
                writeln!(
                    out,
                    "{:<48} {:>4.1}  {}",
                    e.id,
                    e.weight_f64(),
                    e.patterns[0].source
                )?;
            }
            writeln!(
                out,
                "{} entr{} (lexicon {})",
                entries.len(),
                if entries.len() == 1 { "y" } else { "ies" },
                lexicon.version()
            )?;
        }
    }
    out.flush()?;
    Ok(0)
}

fn test(args: &LexiconArgs) -> Result<u8, Error> {
    let lexicon = lexicon(args)?;
    let entries = lexicon.entries().len();
    let matcher = MatcherBuilder::new().build(lexicon);
    let (failures, count) = examples::run(&matcher);
    let mut out = io::stdout().lock();
    for f in &failures {
        writeln!(
            out,
            "{}: {}: {} example {:?}: {}",
            f.origin, f.id, f.kind, f.sentence, f.problem
        )?;
    }
    writeln!(
        out,
        "{} examples of {} entries: {} passed, {} failed",
        count,
        entries,
        count - failures.len(),
        failures.len()
    )?;
    Ok(if failures.is_empty() { 0 } else { FAILED })
}

/// Replaces the file at `path` with `bytes`, all or nothing (see [`Output`]).
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    let mut out = Output::open(Some(path)).map_err(Error::Usage)?;
    out.write_all(bytes)?;
    Ok(out.commit()?)
}

fn fmt(files: &[std::path::PathBuf], check: bool) -> Result<u8, Error> {
    let mut code = 0;
    for path in files {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::Usage(format!("{name}: {e}")))?;
        let canonical = klartext::lexicon::canonical(&name, &text)?;
        if canonical == text {
            continue;
        }
        if check {
            println!("{name}: not in canonical form (run `klartext lexicon fmt {name}`)");
            code = FAILED;
        } else {
            write_atomically(path, canonical.as_bytes())?;
            println!("{name}: rewritten");
        }
    }
    Ok(code)
}
