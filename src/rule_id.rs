//! The rule ids that the code itself reports under or runs, named once.
//!
//! Rule ids are a public interface: users write them in configurations,
//! suppressions and CI filters, so an id never changes. The rules
//! themselves are defined by their files in `rules/`; a test checks that
//! every id here that names a rule has one.

/// The file is not one well-formed YAML document (reported by the loader).
pub const YAML_SYNTAX: &str = "yaml-syntax";
/// The file does not follow the declaration format (reported by the schema).
pub const SCHEMA: &str = "schema";
/// A suppression that names no known rule, or gives no reason.
pub const INVALID_ALLOW: &str = "invalid-allow";
/// A suppression that suppresses nothing.
pub const UNUSED_ALLOW: &str = "unused-allow";

// The named checks that rule files call with `check:`.
pub const PURPOSE_REQUIRED: &str = "purpose-required";
pub const PURPOSE_TRANSLATIONS: &str = "purpose-translations";
pub const STATISTICS_EXEMPTION: &str = "statistics-exemption";
pub const DUPLICATE_COOKIE: &str = "duplicate-cookie";
pub const CONSENT_RECORD: &str = "consent-record";

/// The rules a declaration is checked against, whose ids the code names.
pub const RULES: &[&str] = &[
    YAML_SYNTAX,
    SCHEMA,
    INVALID_ALLOW,
    UNUSED_ALLOW,
    PURPOSE_REQUIRED,
    PURPOSE_TRANSLATIONS,
    STATISTICS_EXEMPTION,
    DUPLICATE_COOKIE,
    CONSENT_RECORD,
];

// Not rules of a declaration: mistakes in cookielint's own inputs, and its
// own failures, reported as findings so that every format can carry them.

/// A mistake in the configuration file.
pub const CONFIG: &str = "config";
/// A mistake in a rule file.
pub const RULE_FILE: &str = "rule-file";
/// A file cookielint failed on through a bug of its own.
pub const INTERNAL_ERROR: &str = "internal-error";
