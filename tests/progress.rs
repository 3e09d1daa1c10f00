//! The progress bar: on a terminal only, after a second, never in CI or
//! with `--quiet`. A pseudo-terminal comes from `script` (util-linux).

use std::process::Command;

/// Runs klartext on standard input that takes 1.5 s to arrive, with its
/// standard error on a pseudo-terminal; returns what the terminal showed.
fn on_terminal(extra_args: &str, env_ci: bool) -> String {
    let feed = "(printf 'From a@example.invalid Thu Nov 26 00:00:00 2026\\nSubject: a\\n\\nHallo.\\n\\n'; \
                sleep 1.5; \
                printf 'From b@example.invalid Thu Nov 26 00:00:00 2026\\nSubject: b\\n\\nHallo Welt.\\n')";
    fed_on_terminal(feed, extra_args, env_ci)
}

/// Runs klartext on the mbox the shell command `feed` writes, with its
/// standard error on a pseudo-terminal; returns what the terminal showed.
fn fed_on_terminal(feed: &str, extra_args: &str, env_ci: bool) -> String {
    let bin = assert_cmd::cargo::cargo_bin("klartext");
    let cmd = format!(
        "{feed} | {} scan --format ndjson --format-in mbox {extra_args} - > /dev/null",
        bin.display()
    );
    let mut script = Command::new("script");
    script.args(["-qec", &cmd, "/dev/null"]).env_remove("CI");
    if env_ci {
        script.env("CI", "true");
    }
    let out = script.output().expect("`script` (util-linux) runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_long_run_on_a_terminal_shows_documents_and_bytes() {
    let shown = on_terminal("", false);
    assert!(shown.contains("2 documents"), "{shown:?}");
    assert!(shown.contains("B/s"), "throughput: {shown:?}");
}

#[test]
fn the_bar_is_drawn_a_few_times_a_second_not_for_every_document() {
    // One message, a pause for the bar to show, then 3,000 at once.
    let feed = "(printf 'From a@example.invalid Thu Nov 26 00:00:00 2026\\nSubject: a\\n\\nHallo.\\n\\n'; \
                sleep 1.2; \
                for i in $(seq 3000); do \
                  printf 'From b@example.invalid Thu Nov 26 00:00:00 2026\\nSubject: b\\n\\nHallo Welt.\\n\\n'; \
                done)";
    let shown = fed_on_terminal(feed, "", false);
    assert!(shown.contains("documents"), "{shown:?}");
    // Each drawing starts by clearing the line.
    let drawn = shown.matches("\u{1b}[2K").count();
    assert!(drawn < 300, "drawn {drawn} times for 3,001 documents");
}

#[test]
fn no_bar_in_ci_or_with_quiet() {
    assert!(!on_terminal("", true).contains("documents"));
    assert!(!on_terminal("--quiet", false).contains("documents"));
}

#[test]
fn no_bar_on_a_pipe() {
    let out = crate::util::klartext(crate::util::root())
        .args(["scan", "--format", "ndjson", "corpora"])
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
}
