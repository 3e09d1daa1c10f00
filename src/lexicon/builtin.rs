//! The built-in lexicons, compiled into the binary.
//!
//! `build.rs` finds the files (`lexicons/<lang>/<category>.toml`) and parses
//! them at build time: the run starts from their records and parses no
//! TOML. The texts stay in the binary for the tests and for tools that
//! read the files as written.

use std::borrow::Cow;

use super::raw::Record;

/// `lexicon_version` of the built-in set (from `lexicons/VERSION`).
pub const VERSION: &str = include_str!("../../lexicons/VERSION").trim_ascii();

/// Every built-in lexicon file: its path in the repository and its text.
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/files.rs"));

/// The entries of one built-in file as `build.rs` parsed them, or the line
/// and message of the file's TOML error.
pub(crate) type Compiled = Result<&'static [Record<'static>], (Option<usize>, &'static str)>;

/// Each file of [`FILES`] (same order), compiled.
pub(crate) static RECORDS: &[Compiled] = include!(concat!(env!("OUT_DIR"), "/records.rs"));
