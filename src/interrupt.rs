//! Ctrl-C: the first one ends the run promptly with a partial summary.
//!
//! The reader stops taking new inputs, the documents already in flight
//! (at most 16 per thread) are finished, and the run ends with exit code 130
//! and a summary on standard error. A report going to a file (`-o`) is not
//! put in place: it would be partial. Should the run not end within
//! [`GRACE`] (an input that blocks, such as a terminal on standard input),
//! or on a second Ctrl-C, the process exits at once, after removing the
//! temporary report file.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// Exit code of an interrupted run (128 + SIGINT, as shells report it).
pub const EXIT_CODE: u8 = 130;
/// How long an interrupted run may take to end on its own.
const GRACE: Duration = Duration::from_secs(2);

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static ANALYZED: AtomicU64 = AtomicU64::new(0);
static SKIPPED: AtomicU64 = AtomicU64::new(0);
/// The temporary file of a report being written with `-o`.
static TEMP_FILE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Installs the Ctrl-C handler (once, at start).
pub fn install() {
    // Without a handler (it cannot be set) Ctrl-C ends the process as usual.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            exit_now();
        }
        std::thread::spawn(|| {
            std::thread::sleep(GRACE);
            exit_now();
        });
    });
}

/// Whether Ctrl-C was pressed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Counts an outcome for the partial summary.
pub fn count(analyzed: bool) {
    let counter = if analyzed { &ANALYZED } else { &SKIPPED };
    counter.fetch_add(1, Ordering::Relaxed);
}

/// The partial summary.
pub fn summary() -> String {
    format!(
        "interrupted: {} documents analyzed, {} inputs skipped; the rest was not read (a report file given with -o is left as it was)",
        ANALYZED.load(Ordering::Relaxed),
        SKIPPED.load(Ordering::Relaxed)
    )
}

/// Remembers (or forgets, with `None`) the temporary report file.
pub fn temp_file(path: Option<PathBuf>) {
    if let Ok(mut t) = TEMP_FILE.lock() {
        *t = path;
    }
}

fn exit_now() -> ! {
    if let Ok(Some(path)) = TEMP_FILE.lock().as_deref() {
        let _ = std::fs::remove_file(path);
    }
    eprintln!("klartext: {}", summary());
    std::process::exit(i32::from(EXIT_CODE));
}
