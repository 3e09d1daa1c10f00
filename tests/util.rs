//! Helpers shared by the integration tests.

use std::path::Path;
use std::sync::OnceLock;

use assert_cmd::Command;
use klartext::pipeline::{self, Analysis, Options};
use klartext::{Document, Lexicon, Matcher};

/// The built-in matcher, built once for all tests.
pub fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::new(Lexicon::builtin()))
}

/// Analyzes one text with the built-in lexicons and detected language.
pub fn analyze(text: &str) -> Analysis {
    pipeline::analyze(&Document::plain("t", text), matcher(), &Options::default())
}

/// Analyzes a document with the built-in lexicons.
pub fn analyze_doc(doc: &Document) -> Analysis {
    pipeline::analyze(doc, matcher(), &Options::default())
}

/// (rule id, category, text, counted) of every finding.
pub fn findings(a: &Analysis) -> Vec<(String, String, String, bool)> {
    let entries = matcher().lexicon().entries();
    a.findings
        .iter()
        .map(|f| {
            let e = &entries[f.m.entry];
            (
                e.id.clone(),
                e.category.name().to_string(),
                f.text.clone(),
                f.counted(),
            )
        })
        .collect()
}

/// The `klartext` binary, run in `dir`, with colours and thread settings
/// from the environment removed.
pub fn klartext(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("klartext").expect("binary built");
    cmd.current_dir(dir)
        .env_remove("RAYON_NUM_THREADS")
        .env_remove("NO_COLOR");
    cmd
}

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary and parses its standard output as JSON.
pub fn json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().expect("runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}
