//! klartext finds hollow corporate phrases in German and English text and
//! scores every document for frankness.
//!
//! # The pipeline
//!
//! Data flows one way, one stage per module:
//!
//! | stage | module | main type |
//! | --- | --- | --- |
//! | bytes → documents | [`ingest`] | [`Document`] |
//! | text → tokens, sentences, quotations | [`segment`] | [`Segmented`] |
//! | lexicon files → validated entries | [`lexicon`] | [`Lexicon`] |
//! | tokens + lexicon → matches | [`matcher`] | [`Matcher`], [`Match`] |
//! | matches + words → frankness | [`score`] | [`Score`] |
//! | documents → totals | [`aggregate`] | [`Summary`] |
//! | results → text, JSON, NDJSON | [`report`] | [`Report`] |
//!
//! [`pipeline`] wires the stages together with rayon. The library never
//! prints; the `klartext` binary owns the command line and exit codes.
//!
//! # Example
//!
//! ```
//! use klartext::{Document, Lexicon, Matcher, pipeline};
//!
//! let matcher = Matcher::new(Lexicon::builtin());
//! let doc = Document::plain("memo", "Frau Schneider verlässt das Unternehmen auf eigenen Wunsch.");
//! let result = pipeline::analyze(&doc, &matcher, &pipeline::Options::default());
//!
//! assert_eq!(result.lang.code(), "de");
//! let finding = &result.findings[0];
//! let entry = &matcher.lexicon().entries()[finding.m.entry];
//! assert_eq!(entry.category.name(), "euphemism");
//! assert_eq!(finding.text, "auf eigenen Wunsch");
//! assert!(result.score.frankness < 100.0);
//! ```

#![deny(missing_docs)]

pub mod aggregate;
pub mod check;
pub mod config;
pub mod document;
pub mod examples;
pub mod ingest;
pub mod langid;
pub mod lexicon;
pub mod matcher;
pub mod pipeline;
pub mod privacy;
pub mod report;
pub mod score;
pub mod segment;
pub mod stats;
pub mod suppress;
pub mod trends;
mod wordtable;

pub use aggregate::Summary;
pub use document::{Document, Lang, Meta};
pub use lexicon::{Category, Entry, Lexicon, LexiconBuilder, LexiconError};
pub use matcher::{Match, Matcher, MatcherBuilder};
pub use report::{Message, Report};
pub use score::Score;
pub use segment::Segmented;
