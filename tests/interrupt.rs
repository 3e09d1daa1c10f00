//! Issue #9: Ctrl-C ends a run promptly, with a partial summary, and leaves
//! a report file given with -o as it was.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// Starts klartext reading JSON Lines from a standard input that stays
/// open (as a terminal would), feeds it three documents and presses Ctrl-C.
fn interrupt_after_three(dir: &std::path::Path, extra: &[&str]) -> (Option<i32>, String, Duration) {
    let mut child: Child = Command::new(env!("CARGO_BIN_EXE_klartext"))
        .current_dir(dir)
        .args(["scan", "--threads", "1", "--format-in", "jsonl", "-q"])
        .args(extra)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for _ in 0..3 {
        writeln!(stdin, r#"{{"text":"Mistakes were made."}}"#).unwrap();
    }
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let pressed = Instant::now();
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    // Bounded wait: the run must end on its own.
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            pressed.elapsed() < Duration::from_secs(20),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = pressed.elapsed();
    drop(stdin);
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    (status.code(), err, took)
}

#[test]
fn ctrl_c_ends_a_waiting_run_with_a_partial_summary() {
    let dir = TempDir::new().unwrap();
    let (code, err, took) = interrupt_after_three(dir.path(), &["--format", "ndjson"]);
    assert_eq!(code, Some(130), "{err}");
    assert!(
        err.contains("interrupted: ") && err.contains(" documents analyzed, 0 inputs skipped"),
        "{err}"
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn ctrl_c_leaves_the_previous_report_file_in_place() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("report.html"), "previous").unwrap();
    let (code, err, _) =
        interrupt_after_three(dir.path(), &["--format", "html", "-o", "report.html"]);
    assert_eq!(code, Some(130), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report.html")).unwrap(),
        "previous"
    );
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "the temporary file is removed");
}
