//! Issue #6: `klartext check` for CI: exit codes, config, suppressions,
//! baselines, SARIF, GitHub annotations.

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

use crate::util::{klartext, root};

const HOLLOW: &str = "# Personalie\n\nHerr Krause verlässt uns auf eigenen Wunsch und steht weiterhin beratend zur Verfügung.\n";
const FRANK: &str =
    "# Quartal\n\nWir haben im März 40 Drehbänke ausgeliefert. Der Umsatz stieg um 4 Prozent.\n";

fn dir_with(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn check(dir: &Path, args: &[&str]) -> Output {
    klartext(dir)
        .arg("check")
        .arg("--isolated")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn exit_codes_and_verdicts_name_rule_file_line_and_column() {
    let dir = dir_with(&[("frank.md", FRANK), ("hollow.md", HOLLOW)]);
    assert_eq!(
        check(dir.path(), &["frank.md", "--fail-on", "euphemism"])
            .status
            .code(),
        Some(0)
    );
    let out = check(dir.path(), &["hollow.md", "--fail-on", "euphemism"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("FAIL hollow.md: euphemism de.euphemism.auf-eigenen-wunsch at 3:26"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        check(dir.path(), &["hollow.md"]).status.code(),
        Some(1),
        "by default euphemisms fail"
    );
    assert_eq!(
        check(dir.path(), &["hollow.md", "--fail-on", "hedge"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        check(dir.path(), &["hollow.md", "--min-frankness", "50"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        check(dir.path(), &["missing.md", "frank.md"]).status.code(),
        Some(2)
    );
    assert_eq!(
        check(dir.path(), &["frank.md", "--fail-on", "nonsense"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn sarif_validates_against_the_schema_and_counts_utf16_columns() {
    // "Ärger" and the emoji come before the finding: 1 char = 1 UTF-16 unit
    // for "Ä", 1 char = 2 units for "😀".
    let line = "Ärger 😀 heute: Mistakes were made.";
    let dir = dir_with(&[
        ("a.txt", &format!("First line.\n{line}\n")),
        ("hollow.md", HOLLOW),
    ]);
    let out = check(
        dir.path(),
        &[
            "a.txt",
            "hollow.md",
            "--format",
            "sarif",
            "--fail-on",
            "evasion",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut schema: Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    // Erratum: the published schema's pattern for `language` (of runs and
    // tool components) has a stray `]` ("…]?$") that draft-07's own
    // meta-schema rejects as a regex; the intended pattern is a two-letter
    // language with an optional region.
    fn fix(v: &mut Value) -> usize {
        match v {
            Value::String(s) if s == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" => {
                *s = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
                1
            }
            Value::Array(a) => a.iter_mut().map(fix).sum(),
            Value::Object(o) => o.values_mut().map(fix).sum(),
            _ => 0,
        }
    }
    assert_eq!(fix(&mut schema), 2, "the vendored schema changed");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut broken = sarif.clone();
    broken.as_object_mut().unwrap().remove("version");
    assert!(
        !validator.is_valid(&broken),
        "the validator does reject invalid SARIF"
    );
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(
        rules.len(),
        klartext::Lexicon::builtin().entries().len(),
        "one rule per entry"
    );
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "en.evasion.mistakes-were-made")
        .unwrap();
    let region = &result["locations"][0]["physicalLocation"]["region"];
    let before = &line[..line.find("Mistakes").unwrap()];
    assert_eq!(region["startLine"], 2);
    assert_eq!(region["startColumn"], before.encode_utf16().count() + 1);
    assert_ne!(
        region["startColumn"],
        before.chars().count() + 1,
        "UTF-16, not characters"
    );
    assert_eq!(
        region["endColumn"],
        before.encode_utf16().count() + "Mistakes were made".len() + 1
    );
    assert_eq!(result["level"], "error");
    assert!(result["partialFingerprints"]["klartextFinding/v1"].is_string());
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "en.evasion.mistakes-were-made");
}

#[test]
fn github_annotations_escape_special_characters() {
    let lexicon = "[[entry]]\nid = \"en.platitude.odd\"\npatterns = [\"odd phrase\"]\nweight = 1.0\nmessage = \"100% vague: it says, nothing\\nat all\"\nsuggestion = \"Say it: plainly, 50%.\"\nhit = [\"An odd phrase.\"]\nmiss = [\"Odd.\"]\n";
    let dir = dir_with(&[
        ("odd.toml", lexicon),
        (
            "a:b,c.txt",
            "This is an odd phrase here.\nAnd another odd phrase.\n",
        ),
    ]);
    let out = check(
        dir.path(),
        &[
            "a:b,c.txt",
            "--no-builtin",
            "--lexicon",
            "odd.toml",
            "--fail-on",
            "platitude",
            "--format",
            "github",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "one command per finding: {text}");
    assert_eq!(
        lines[0],
        "::error file=a%3Ab%2Cc.txt,line=1,col=12,title=klartext en.platitude.odd (platitude)::100%25 vague: it says, nothing%0Aat all Say instead: Say it: plainly, 50%25."
    );
    assert!(
        lines[1].starts_with("::error file=a%3Ab%2Cc.txt,line=2,col=13,"),
        "{}",
        lines[1]
    );
}

#[test]
fn suppression_comments_cover_exactly_the_named_rule_and_lines() {
    let text = "# Memo\n\n<!-- klartext-disable-next-line de.euphemism.auf-eigenen-wunsch -->\nHerr Krause verlässt uns auf eigenen Wunsch und steht weiterhin beratend zur Verfügung.\nFrau Lange verlässt uns auf eigenen Wunsch.\n\n<!-- klartext-disable euphemism -->\nEs wurden Fehler gemacht. Wir haben uns einvernehmlich getrennt.\n<!-- klartext-enable -->\n<!-- klartext-disable-next-line no.such.rule -->\nMistakes were made.\n";
    let dir = dir_with(&[("memo.md", text)]);
    let out = check(dir.path(), &["memo.md", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings: Vec<(u64, String, bool)> = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
                f["suppressed"].as_bool().unwrap(),
            )
        })
        .collect();
    let suppressed = |line: u64, rule: &str| {
        findings
            .iter()
            .find(|f| f.0 == line && f.1 == rule)
            .map(|f| f.2)
    };
    assert_eq!(
        suppressed(4, "de.euphemism.auf-eigenen-wunsch"),
        Some(true),
        "{findings:?}"
    );
    assert_eq!(
        suppressed(4, "de.euphemism.beratend-zur-seite-stehen"),
        Some(false),
        "other rule, same line"
    );
    assert_eq!(
        suppressed(5, "de.euphemism.auf-eigenen-wunsch"),
        Some(false),
        "same rule, next line"
    );
    assert_eq!(
        suppressed(8, "de.euphemism.einvernehmliche-trennung"),
        Some(true),
        "category in a region"
    );
    assert_eq!(
        suppressed(8, "de.evasion.fehler-wurden-gemacht"),
        Some(false),
        "other category in the region"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "memo.md: line 10: suppression names no known rule or category: `no.such.rule`"
        ),
        "{stderr}"
    );
}

#[test]
fn baselines_accept_old_findings_and_survive_moved_paragraphs() {
    let original = "Erster Absatz: Herr Krause verlässt uns auf eigenen Wunsch.\n\nZweiter Absatz: Es wurden Fehler gemacht.\n";
    let dir = dir_with(&[("memo.md", original)]);
    let args = ["memo.md", "--fail-on", "euphemism,evasion"];
    assert_eq!(check(dir.path(), &args).status.code(), Some(1));
    let wrote = klartext(dir.path())
        .args([
            "check",
            "--isolated",
            "memo.md",
            "--write-baseline",
            "baseline.json",
        ])
        .output()
        .unwrap();
    assert_eq!(wrote.status.code(), Some(0));
    let with_baseline = |dir: &Path| {
        check(
            dir,
            &[
                "memo.md",
                "--fail-on",
                "euphemism,evasion",
                "--baseline",
                "baseline.json",
            ],
        )
    };
    assert_eq!(
        with_baseline(dir.path()).status.code(),
        Some(0),
        "{}",
        stdout(&with_baseline(dir.path()))
    );

    let moved = "Zweiter Absatz: Es wurden Fehler gemacht.\n\nNeu dazwischen: Wir liefern am Montag.\n\nErster Absatz: Herr Krause verlässt uns auf eigenen Wunsch.\n";
    fs::write(dir.path().join("memo.md"), moved).unwrap();
    assert_eq!(
        with_baseline(dir.path()).status.code(),
        Some(0),
        "moved paragraphs pass"
    );

    let added = format!("{moved}\nDritter Absatz: Wir haben uns einvernehmlich getrennt.\n");
    fs::write(dir.path().join("memo.md"), added).unwrap();
    let out = with_baseline(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let fail_line = stdout(&out)
        .lines()
        .find(|l| l.starts_with("FAIL"))
        .unwrap()
        .to_string();
    assert!(
        fail_line.contains("de.euphemism.einvernehmliche-trennung"),
        "{fail_line}"
    );
    assert!(
        !fail_line.contains("auf-eigenen-wunsch") && !fail_line.contains("fehler"),
        "only the new finding: {fail_line}"
    );
}

#[test]
fn config_files_unknown_keys_and_per_path_overrides() {
    let dir = dir_with(&[
        (
            "klartext.toml",
            "fail-on = [\"evasion\"]\n\n[[override]]\npaths = [\"press/**\"]\nfail-on = [\"euphemism\"]\nmin-frankness = 90\n\n[[override]]\npaths = [\"drafts/**\"]\nfail-on = []\n",
        ),
        ("press/a.md", HOLLOW),
        ("drafts/b.md", "Es wurden Fehler gemacht.\n"),
        ("notes/c.md", "Es wurden Fehler gemacht.\n"),
        ("notes/d.md", HOLLOW),
    ]);
    let run = |path: &str| {
        klartext(dir.path())
            .args(["check", path])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run("press/a.md"), Some(1), "press fails on euphemism");
    assert_eq!(run("drafts/b.md"), Some(0), "drafts fail on nothing");
    assert_eq!(run("notes/c.md"), Some(1), "elsewhere evasion fails");
    assert_eq!(run("notes/d.md"), Some(0), "elsewhere euphemism passes");
    let isolated = klartext(dir.path())
        .args(["check", "--isolated", "drafts/b.md"])
        .output()
        .unwrap();
    assert_eq!(
        isolated.status.code(),
        Some(1),
        "--isolated ignores the file: the default policy fails evasion"
    );
    let flag = klartext(dir.path())
        .args(["check", "notes/d.md", "--fail-on", "euphemism"])
        .output()
        .unwrap();
    assert_eq!(flag.status.code(), Some(1), "flags override the file");

    let dump = klartext(dir.path())
        .args(["config", "--dump"])
        .output()
        .unwrap();
    let dump = stdout(&dump);
    assert!(
        dump.contains("klartext.toml") && dump.contains("fail-on = [\"evasion\"]"),
        "{dump}"
    );

    fs::write(
        dir.path().join("klartext.toml"),
        "fail-on = [\"evasion\"]\nmin-frankenss = 3\n",
    )
    .unwrap();
    let out = klartext(dir.path())
        .args(["check", "notes/c.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("klartext.toml:2") && stderr.contains("min-frankenss"),
        "{stderr}"
    );
}

#[test]
fn markdown_summary_for_pull_requests() {
    let dir = dir_with(&[("frank.md", FRANK), ("hollow.md", HOLLOW)]);
    let out = check(
        dir.path(),
        &[
            "frank.md",
            "hollow.md",
            "--fail-on",
            "euphemism",
            "--format",
            "markdown",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.starts_with("### klartext: ❌ failed (1 of 2 documents failed)"),
        "{text}"
    );
    assert!(text.contains("| `frank.md` | 100.0 | 0 | pass |"), "{text}");
    assert!(
        text.contains("- `hollow.md:3:26` **de.euphemism.auf-eigenen-wunsch**"),
        "{text}"
    );
}

#[test]
fn diff_base_checks_changed_documents_and_their_drop() {
    let dir = dir_with(&[("a.md", FRANK), ("b.md", FRANK), ("old.md", HOLLOW)]);
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&[
        "-c",
        "user.email=t@example.com",
        "-c",
        "user.name=t",
        "add",
        ".",
    ]);
    git(&[
        "-c",
        "user.email=t@example.com",
        "-c",
        "user.name=t",
        "commit",
        "-qm",
        "base",
    ]);
    // a.md gets a hollow sentence; b.md is untouched; old.md was hollow already.
    fs::write(
        dir.path().join("a.md"),
        format!("{FRANK}\nEs wurden Fehler gemacht, zeitnah ändern wir das.\n"),
    )
    .unwrap();
    let out = check(
        dir.path(),
        &[
            ".",
            "--diff-base",
            "HEAD",
            "--fail-on",
            "hedge",
            "--max-drop",
            "5",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("FAIL a.md:") && text.contains("frankness dropped from 100.0 to"),
        "{text}"
    );
    assert!(
        !text.contains("old.md") && !text.contains("b.md"),
        "only changed documents: {text}"
    );
    let lenient = check(
        dir.path(),
        &[
            ".",
            "--diff-base",
            "HEAD",
            "--fail-on",
            "jargon",
            "--max-drop",
            "90",
        ],
    );
    assert_eq!(
        lenient.status.code(),
        Some(0),
        "a drop within --max-drop passes"
    );
    let none = check(dir.path(), &["b.md", "--diff-base", "HEAD"]);
    assert_eq!(none.status.code(), Some(0));
    assert!(stdout(&none).contains("no document changed since HEAD"));
}
