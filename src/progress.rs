//! The progress bar of long runs: on standard error, only on a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// A run shorter than this shows no bar at all.
const DELAY: Duration = Duration::from_secs(1);

/// Counts documents and bytes and, once a run has taken longer than
/// [`DELAY`], draws them on standard error with the throughput and, when
/// the size of the inputs is known, the time left.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// The inputs, whose size is looked up once the bar is shown.
    paths: Vec<PathBuf>,
    start: Instant,
    shown: bool,
    /// Documents done: read by the bar when it is drawn (20 times a second
    /// at most), so a document costs an addition, not a formatted message.
    documents: Arc<AtomicU64>,
}

impl Progress {
    /// A progress display for reading `paths`; hidden (and free) unless
    /// `wanted` and standard error is a terminal outside CI.
    pub fn new(paths: &[PathBuf], wanted: bool) -> Progress {
        let documents = Arc::new(AtomicU64::new(0));
        let bar = (wanted && shown_here()).then(|| {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
                .with_style(style(false, &documents))
        });
        let paths = match bar {
            Some(_) => paths.to_vec(),
            None => Vec::new(),
        };
        Progress {
            bar,
            paths,
            start: Instant::now(),
            shown: false,
            documents,
        }
    }

    /// One more input done, with the bytes of text it had.
    pub fn advance(&mut self, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        self.documents.fetch_add(1, Ordering::Relaxed);
        bar.inc(bytes);
        if !self.shown && self.start.elapsed() >= DELAY {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
            let paths = std::mem::take(&mut self.paths);
            size_aside(paths, bar.clone(), Arc::clone(&self.documents));
        }
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

/// Looks up the total size of `paths` on a thread of its own and gives it to
/// the bar. Only once the bar is shown: the walk costs, and a run too short
/// for a bar should not pay for it.
fn size_aside(paths: Vec<PathBuf>, bar: ProgressBar, documents: Arc<AtomicU64>) {
    std::thread::Builder::new()
        .name("klartext-progress".into())
        .spawn(move || {
            if let Some(total) = total_size(&paths) {
                bar.set_length(total);
                bar.set_style(style(true, &documents));
            }
        })
        .ok();
}

/// The bar's look: with the total size (`sized`) or without, and the count
/// of `documents`.
fn style(sized: bool, documents: &Arc<AtomicU64>) -> ProgressStyle {
    let template = if sized {
        "{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes}, {bytes_per_sec}, {eta} left, {documents} documents"
    } else {
        "{spinner} {elapsed_precise} {bytes}, {bytes_per_sec}, {documents} documents"
    };
    let documents = Arc::clone(documents);
    ProgressStyle::with_template(template)
        .expect("the templates are valid")
        .with_key(
            "documents",
            move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}", documents.load(Ordering::Relaxed));
            },
        )
}

/// The total size of the files under `paths`, if they are all files and
/// folders (standard input has no size): exact up to [`EXACT`] files,
/// estimated past them.
fn total_size(paths: &[PathBuf]) -> Option<u64> {
    let (mut total, mut files) = (0, 0);
    for path in paths {
        if path.as_os_str() == "-" {
            return None;
        }
        // Through symbolic links, as the run reads them.
        for entry in walkdir::WalkDir::new(path)
            .follow_links(true)
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            files += 1;
            // Past the first files, one in `STRIDE` stands for the others.
            if files <= EXACT {
                total += entry.metadata().map_or(0, |m| m.len());
            } else if files % STRIDE == 0 {
                total += STRIDE * entry.metadata().map_or(0, |m| m.len());
            }
        }
    }
    Some(total)
}

/// Files whose sizes [`total_size`] adds up exactly …
const EXACT: u64 = 1024;
/// … and beyond them, one file in this many is looked at: listing a folder
/// costs a fraction of a microsecond a file, looking up each file's size
/// more than a microsecond, which on two busy cores made a run over folders
/// of 9 KB files 7 % slower than without the bar.
const STRIDE: u64 = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_added_up_exactly_then_estimated() {
        let dir = tempfile::tempdir().unwrap();
        let few = dir.path().join("few");
        std::fs::create_dir(&few).unwrap();
        for i in 0..10 {
            std::fs::write(few.join(format!("{i}.txt")), "x".repeat(i)).unwrap();
        }
        assert_eq!(total_size(std::slice::from_ref(&few)), Some(45));
        // Past the first files one in eight is looked at: for files of one
        // size, the estimate is off by a few of them at most.
        let many = dir.path().join("many");
        std::fs::create_dir(&many).unwrap();
        let n = EXACT + 8 * 100;
        for i in 0..n {
            std::fs::write(many.join(format!("{i}.txt")), "0123456789").unwrap();
        }
        let exact = 45 + 10 * n;
        let estimate = total_size(&[few.clone(), many.clone()]).unwrap();
        assert!(
            estimate.abs_diff(exact) <= 10 * STRIDE,
            "{estimate} for {exact}"
        );
        assert_eq!(total_size(&[many.clone(), PathBuf::from("-")]), None);
        // A folder of links to files counts the files.
        #[cfg(unix)]
        {
            let links = dir.path().join("links");
            std::fs::create_dir(&links).unwrap();
            for i in 0..10 {
                let name = format!("{i}.txt");
                std::os::unix::fs::symlink(few.join(&name), links.join(&name)).unwrap();
            }
            assert_eq!(total_size(&[links]), Some(45));
        }
    }
}
