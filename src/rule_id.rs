//! Every rule id, named once.
//!
//! Rule ids are a public interface: users write them in configurations,
//! suppressions and CI filters, so an id never changes. Each built-in rule
//! is defined by its file `rules/<id>.yaml`; [`BUILTIN`] is the list of
//! them, which `build.rs` embeds (and checks against `rules/`).

/// The file is not one well-formed YAML document (reported by the loader).
pub const YAML_SYNTAX: &str = "yaml-syntax";
/// The file does not follow the declaration format (reported by the schema).
pub const SCHEMA: &str = "schema";
pub const PURPOSE_REQUIRED: &str = "purpose-required";
pub const PURPOSE_TRANSLATIONS: &str = "purpose-translations";
pub const THIRD_PARTY_CONSENT: &str = "third-party-consent";
pub const NECESSARY_NO_CONSENT: &str = "necessary-no-consent";
pub const CONSENT_EXEMPTION: &str = "consent-exemption";
pub const PREFERENCES_EXEMPTION: &str = "preferences-exemption";
pub const STATISTICS_EXEMPTION: &str = "statistics-exemption";
pub const CONSENT_RECORD: &str = "consent-record";
pub const WITHDRAWAL_LINK: &str = "withdrawal-link";
pub const MAX_DURATION: &str = "max-duration";
pub const DURATION_CAP: &str = "duration-cap";
pub const DUPLICATE_COOKIE: &str = "duplicate-cookie";
pub const COOKIE_NAME_SYNTAX: &str = "cookie-name-syntax";
pub const COOKIE_PREFIX: &str = "cookie-prefix";
pub const SAMESITE_NONE_SECURE: &str = "samesite-none-secure";
pub const KNOWN_COOKIE_CATEGORY: &str = "known-cookie-category";
// The audit's rules: the declaration against what captures saw.
pub const UNDECLARED_COOKIE: &str = "undeclared-cookie";
pub const SET_BEFORE_CONSENT: &str = "set-before-consent";
pub const PARTY_MISMATCH: &str = "party-mismatch";
pub const DURATION_MISMATCH: &str = "duration-mismatch";
pub const ATTRIBUTE_MISMATCH: &str = "attribute-mismatch";
pub const UNSEEN_COOKIE: &str = "unseen-cookie";
/// A suppression that names no known rule, or gives no reason.
pub const INVALID_ALLOW: &str = "invalid-allow";
/// A suppression that suppresses nothing.
pub const UNUSED_ALLOW: &str = "unused-allow";

/// Every built-in rule, in the order `cookielint rules` lists them.
pub const BUILTIN: &[&str] = &[
    YAML_SYNTAX,
    SCHEMA,
    PURPOSE_REQUIRED,
    PURPOSE_TRANSLATIONS,
    THIRD_PARTY_CONSENT,
    NECESSARY_NO_CONSENT,
    CONSENT_EXEMPTION,
    PREFERENCES_EXEMPTION,
    STATISTICS_EXEMPTION,
    CONSENT_RECORD,
    WITHDRAWAL_LINK,
    MAX_DURATION,
    DURATION_CAP,
    DUPLICATE_COOKIE,
    COOKIE_NAME_SYNTAX,
    COOKIE_PREFIX,
    SAMESITE_NONE_SECURE,
    KNOWN_COOKIE_CATEGORY,
    UNDECLARED_COOKIE,
    SET_BEFORE_CONSENT,
    PARTY_MISMATCH,
    DURATION_MISMATCH,
    ATTRIBUTE_MISMATCH,
    UNSEEN_COOKIE,
    INVALID_ALLOW,
    UNUSED_ALLOW,
];

// Not rules of a declaration: mistakes in cookielint's own inputs, and its
// own failures, reported as findings so that every format can carry them.

/// A mistake in the configuration file.
pub const CONFIG: &str = "config";
/// A mistake in a rule file.
pub const RULE_FILE: &str = "rule-file";
/// A file cookielint failed on through a bug of its own.
pub const INTERNAL_ERROR: &str = "internal-error";
