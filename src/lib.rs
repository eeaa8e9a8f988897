//! cookielint: lint cookie declarations (the inventory behind a site's cookie
//! charter) against the format's schema and the consent rules.
//!
//! The pipeline, one module a stage: [`source`] (bytes to text) →
//! [`yaml`] (text to a tree with spans) → [`schema`] (the tree against the
//! format) → [`model`] + [`checks`] (the rules) → [`finding`] (what to
//! report). [`discover`] finds the files and [`output`] renders findings.

pub mod audit;
pub mod capture;
pub mod checks;
pub mod config;
pub mod discover;
pub mod error;
pub mod export;
pub mod finding;
pub mod import;
pub mod knowledge;
pub mod limits;
pub mod lint;
pub mod model;
pub mod output;
pub mod read;
pub mod render;
pub mod rule_id;
pub mod ruleset;
pub mod scan;
pub mod schema;
pub mod session;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod yaml;

pub use error::Error;
pub use finding::{Finding, Severity};
pub use lint::Linter;
pub use ruleset::RuleSet;
