//! The progress bar of long runs: on standard error, only on a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A run shorter than this shows no bar at all.
const DELAY: Duration = Duration::from_secs(1);

/// Counts documents and bytes and, once a run has taken longer than
/// [`DELAY`], draws them on standard error with the throughput and, when
/// the size of the inputs is known, the time left.
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: bool,
    documents: u64,
}

impl Progress {
    /// A progress display for reading `paths`; hidden (and free) unless
    /// `wanted` and standard error is a terminal outside CI.
    pub fn new(paths: &[PathBuf], wanted: bool) -> Progress {
        let bar = (wanted && shown_here()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
                .with_style(style(false));
            // The total size needs a walk of every folder: done aside, so the
            // run does not wait for it; the bar gets its length when known.
            let (paths, sized) = (paths.to_vec(), bar.clone());
            std::thread::Builder::new()
                .name("klartext-progress".into())
                .spawn(move || {
                    if let Some(total) = total_size(&paths) {
                        sized.set_length(total);
                        sized.set_style(style(true));
                    }
                })
                .ok();
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: false,
            documents: 0,
        }
    }

    /// One more input done, with the bytes of text it had.
    pub fn advance(&mut self, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        self.documents += 1;
        if !self.shown && self.start.elapsed() >= DELAY {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        bar.set_message(format!("{} documents", self.documents));
        bar.inc(bytes);
    }

    /// Runs `f` (which writes to standard error) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Whether a bar may be drawn: standard error is a terminal that can redraw
/// a line, and this is not a CI job (whose logs keep every frame).
fn shown_here() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

fn style(sized: bool) -> ProgressStyle {
    let template = if sized {
        "{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes}, {bytes_per_sec}, {eta} left, {msg}"
    } else {
        "{spinner} {elapsed_precise} {bytes}, {bytes_per_sec}, {msg}"
    };
    ProgressStyle::with_template(template).expect("the templates are valid")
}

/// The total size of the files under `paths`, if they are all files and
/// folders (standard input has no size).
fn total_size(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for path in paths {
        if path.as_os_str() == "-" {
            return None;
        }
        for entry in walkdir::WalkDir::new(path).into_iter().flatten() {
            if entry.file_type().is_file() {
                total += entry.metadata().map_or(0, |m| m.len());
            }
        }
    }
    Some(total)
}
