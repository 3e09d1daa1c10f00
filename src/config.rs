//! `klartext.toml`: the settings a team commits next to its texts.
//!
//! Found by walking up from the current folder (`klartext.toml`, then
//! `.klartext.toml`), or given with `--config`. Unknown keys are errors that
//! name the key and the file, so a typo never silently does nothing.
//!
//! ```toml
//! min-frankness = 70
//! fail-on = ["euphemism", "en.evasion.mistakes-were-made"]
//! lexicons = ["our-phrases.toml"]     # relative to this file
//! disable = ["hedge"]
//! ignore = ["drafts/**", "vendor/**"]
//!
//! [[override]]
//! paths = ["press/**"]
//! min-frankness = 85
//! fail-on = ["euphemism", "evasion"]
//! ```

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::lexicon::line_of;

/// File names looked for, in order, in each folder from the current one up.
pub const FILE_NAMES: [&str; 2] = ["klartext.toml", ".klartext.toml"];

/// The contents of a configuration file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// A document fails `check` below this frankness.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_frankness: Option<f64>,
    /// A document fails `check` with a counted finding of these categories or rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fail_on: Vec<String>,
    /// Extra lexicon files, relative to the configuration file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lexicons: Vec<PathBuf>,
    /// Rules, categories or languages switched off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disable: Vec<String>,
    /// Paths (globs, relative to the folder scanned) that are passed over.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Settings for some paths.
    #[serde(default, rename = "override", skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
}

/// Settings that apply to the paths matching `paths`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Globs matched against the document's path as given.
    pub paths: Vec<String>,
    /// Replaces `min-frankness` for these paths.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_frankness: Option<f64>,
    /// Replaces `fail-on` for these paths.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<Vec<String>>,
}

/// A loaded configuration and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The file, if any.
    pub path: Option<PathBuf>,
    /// Its contents (the defaults when there is no file).
    pub config: Config,
}

impl Loaded {
    /// Finds and reads the configuration: `explicit` if given, none if
    /// `isolated`, otherwise the first file found from `start` upwards.
    pub fn find(explicit: Option<&Path>, isolated: bool, start: &Path) -> Result<Loaded, String> {
        if let Some(path) = explicit {
            return Loaded::read(path);
        }
        if isolated {
            return Ok(Loaded::default());
        }
        for dir in start.ancestors() {
            for name in FILE_NAMES {
                let path = dir.join(name);
                if path.is_file() {
                    return Loaded::read(&path);
                }
            }
        }
        Ok(Loaded::default())
    }

    /// Reads one configuration file.
    pub fn read(path: &Path) -> Result<Loaded, String> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{name}: cannot read configuration: {e}"))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| format!(":{}", line_of(&text, s.start)))
                .unwrap_or_default();
            format!("{name}{line}: {}", e.message().trim())
        })?;
        // Lexicon paths are relative to the file that names them.
        let dir = path.parent().unwrap_or(Path::new("."));
        for lexicon in &mut config.lexicons {
            if lexicon.is_relative() {
                *lexicon = dir.join(&*lexicon);
            }
        }
        for o in &config.overrides {
            globs(&o.paths).map_err(|e| format!("{name}: {e}"))?;
        }
        globs(&config.ignore).map_err(|e| format!("{name}: {e}"))?;
        Ok(Loaded {
            path: Some(path.to_path_buf()),
            config,
        })
    }
}

/// A glob set of the patterns.
pub fn globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut set = GlobSetBuilder::new();
    for p in patterns {
        set.add(Glob::new(p).map_err(|e| format!("bad glob `{p}`: {e}"))?);
    }
    set.build().map_err(|e| e.to_string())
}

/// What `check` fails on when neither a configuration file nor the command
/// line sets a policy: the phrases that hide who decided or failed.
pub const DEFAULT_FAIL_ON: [&str; 2] = ["euphemism", "evasion"];

/// What decides whether a document passes `check`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    /// Minimum frankness.
    pub min_frankness: Option<f64>,
    /// Categories and rule ids that fail a document.
    pub fail_on: Vec<String>,
}

impl Config {
    /// The policy for the document at `path`: the top-level settings, then the
    /// overrides whose globs match (later ones win).
    pub fn policy(&self, path: &str) -> Policy {
        let mut p = Policy {
            min_frankness: self.min_frankness,
            fail_on: self.fail_on.clone(),
        };
        let path = path.strip_prefix("./").unwrap_or(path);
        for o in &self.overrides {
            if globs(&o.paths).is_ok_and(|g| g.is_match(path)) {
                if let Some(m) = o.min_frankness {
                    p.min_frankness = Some(m);
                }
                if let Some(f) = &o.fail_on {
                    p.fail_on = f.clone();
                }
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn unknown_keys_name_the_key_and_the_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = write(
            dir.path(),
            "klartext.toml",
            "min-frankness = 70\nfail-onn = [\"euphemism\"]\n",
        );
        let e = Loaded::read(&path).unwrap_err();
        assert!(
            e.contains("klartext.toml:2") && e.contains("fail-onn"),
            "{e}"
        );
        let path = write(
            dir.path(),
            "k2.toml",
            "[[override]]\npaths = [\"a\"]\nmin-franknes = 1\n",
        );
        let e = Loaded::read(&path).unwrap_err();
        assert!(e.contains("k2.toml:") && e.contains("min-franknes"), "{e}");
    }

    #[test]
    fn found_upwards_and_overrides_apply_by_path() {
        let dir = tempfile::TempDir::new().unwrap();
        write(
            dir.path(),
            ".klartext.toml",
            "min-frankness = 50\nfail-on = [\"evasion\"]\nlexicons = [\"mine.toml\"]\n[[override]]\npaths = [\"press/**\"]\nmin-frankness = 85\nfail-on = [\"euphemism\"]\n[[override]]\npaths = [\"drafts/**\"]\nmin-frankness = 0\n",
        );
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        let loaded = Loaded::find(None, false, &sub).unwrap();
        assert!(loaded.path.unwrap().ends_with(".klartext.toml"));
        let c = loaded.config;
        assert_eq!(c.lexicons[0], dir.path().join("mine.toml"));
        assert_eq!(
            c.policy("notes/x.md"),
            Policy {
                min_frankness: Some(50.0),
                fail_on: vec!["evasion".into()]
            }
        );
        assert_eq!(
            c.policy("press/2025/x.md"),
            Policy {
                min_frankness: Some(85.0),
                fail_on: vec!["euphemism".into()]
            }
        );
        assert_eq!(c.policy("./drafts/x.md").min_frankness, Some(0.0));
        assert!(Loaded::find(None, true, &sub).unwrap().path.is_none());
    }
}
