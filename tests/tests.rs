//! Integration tests: one binary, one module per area.

mod util;

mod check;
mod cli;
mod context;
mod fuzz_regressions;
mod hostile;
mod html;
mod ingest;
mod interrupt;
mod lexicons;
mod must_hold;
mod prefilter;
mod progress;
mod properties;
mod trends;
