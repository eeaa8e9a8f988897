//! The condition language of rule files: `when:` tests an entry's fields.
//!
//! ```yaml
//! when:                              # every key must hold (an implicit `all`)
//!   party: third                     # equality
//!   category: { in: [statistics, marketing] }
//!   domain: { present: true }
//!   name: { matches: "^_ga" }        # a regular expression (Rust `regex` syntax)
//!   duration: { longer_than: P13M }  # also `shorter_than`
//!   any:                             # `all`, `any`: lists of conditions
//!     - not: { attributes.secure: true }
//!     - duration: { longer_than: browser-lifetime-cap }
//! ```
//!
//! Wherever a duration is expected, a named limit (see [`crate::limits`])
//! may stand: `cnil-tracker-lifetime` (13 months), `browser-lifetime-cap`
//! (400 days). A misspelt name is a mistake, with "did you mean".
//!
//! A test of a field an entry holds in a malformed form is unknown for that
//! entry (`schema` reports the field), and unknowns combine as in Kleene's
//! three-valued logic: `not` unknown is unknown, `any` holds when one part
//! holds, `all` fails when one part fails, whatever the unknown part. The
//! rule fires only when its condition holds.

use regex::Regex;

use crate::limits;
use crate::model::{Cookie, CookieField, Duration, FIELDS, Field, FieldType, FieldValue};
use crate::source::Span;
use crate::suggest::did_you_mean;
use crate::yaml::{Node, Value};

#[derive(Debug, Clone)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test {
        field: &'static CookieField,
        test: Test,
    },
}

#[derive(Debug, Clone)]
pub enum Test {
    Equals(Literal),
    In(Vec<Literal>),
    Present(bool),
    Matches(Regex),
    LongerThan(Duration),
    ShorterThan(Duration),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    Str(String),
    Bool(bool),
    Duration(Duration),
}

/// A mistake in a condition, at the node that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub span: Span,
    pub message: String,
}

impl CompileError {
    fn at(node_span: Span, message: impl Into<String>) -> Self {
        CompileError {
            span: node_span,
            message: message.into(),
        }
    }
}

const COMBINATORS: &[&str] = &["all", "any", "not"];
const OPERATORS: &[&str] = &[
    "equals",
    "in",
    "present",
    "matches",
    "longer_than",
    "shorter_than",
];
/// Compiled patterns are bounded, so that a rule file cannot exhaust memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

pub fn compile(node: &Node) -> Result<Condition, CompileError> {
    let Some(entries) = node.as_map() else {
        return Err(CompileError::at(
            node.span,
            format!(
                "a condition is a mapping of fields (or `all`, `any`, `not`) to tests, not {}",
                node.kind_name()
            ),
        ));
    };
    if entries.is_empty() {
        return Err(CompileError::at(node.span, "this condition tests nothing"));
    }
    let mut parts = entries
        .iter()
        .map(|entry| match entry.key.as_str() {
            "all" => compile_list(&entry.value).map(Condition::All),
            "any" => compile_list(&entry.value).map(Condition::Any),
            "not" => compile(&entry.value).map(|inner| Condition::Not(Box::new(inner))),
            path => compile_field(path, entry.key_span, &entry.value),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if parts.len() == 1 {
        parts.remove(0)
    } else {
        Condition::All(parts)
    })
}

fn compile_list(node: &Node) -> Result<Vec<Condition>, CompileError> {
    match node.as_seq() {
        Some(items) if !items.is_empty() => items.iter().map(compile).collect(),
        _ => Err(CompileError::at(
            node.span,
            "`all` and `any` take a non-empty list of conditions",
        )),
    }
}

fn compile_field(path: &str, key_span: Span, value: &Node) -> Result<Condition, CompileError> {
    let Some(field) = CookieField::find(path) else {
        let known: Vec<&str> = FIELDS
            .iter()
            .map(|field| field.name)
            .chain(COMBINATORS.iter().copied())
            .collect();
        let hint = did_you_mean(path, &known)
            .map(|suggestion| format!("; did you mean `{suggestion}`?"))
            .unwrap_or_else(|| format!("; conditions test {}", known.join(", ")));
        return Err(CompileError::at(
            key_span,
            format!("`{path}` is not a field a condition can test{hint}"),
        ));
    };
    let tests = match value.as_map() {
        Some(operators) => operators
            .iter()
            .map(|operator| {
                compile_operator(field, &operator.key, operator.key_span, &operator.value)
            })
            .collect::<Result<Vec<_>, _>>()?,
        None => vec![Test::Equals(literal(field, value)?)],
    };
    if tests.is_empty() {
        return Err(CompileError::at(
            value.span,
            format!(
                "give `{}` a value, or a test such as `{{ in: [...] }}`",
                field.name
            ),
        ));
    }
    let mut conditions: Vec<Condition> = tests
        .into_iter()
        .map(|test| Condition::Test { field, test })
        .collect();
    Ok(if conditions.len() == 1 {
        conditions.remove(0)
    } else {
        Condition::All(conditions)
    })
}

fn compile_operator(
    field: &'static CookieField,
    operator: &str,
    operator_span: Span,
    argument: &Node,
) -> Result<Test, CompileError> {
    let name = field.name;
    let duration_only = |test: fn(Duration) -> Test| match field.field_type {
        FieldType::Duration => match literal(field, argument)? {
            Literal::Duration(duration) => Ok(test(duration)),
            _ => Err(CompileError::at(argument.span, "expected a duration")),
        },
        _ => Err(CompileError::at(
            operator_span,
            format!("`{operator}` compares durations, and `{name}` is not one"),
        )),
    };
    match operator {
        "equals" => Ok(Test::Equals(literal(field, argument)?)),
        "in" => match argument.as_seq() {
            Some(items) if !items.is_empty() => Ok(Test::In(
                items
                    .iter()
                    .map(|item| literal(field, item))
                    .collect::<Result<_, _>>()?,
            )),
            _ => Err(CompileError::at(
                argument.span,
                "`in` takes a non-empty list of values",
            )),
        },
        "present" => match argument.value {
            Value::Bool(flag) => Ok(Test::Present(flag)),
            _ => Err(CompileError::at(
                argument.span,
                "`present` takes `true` or `false`",
            )),
        },
        "matches" => {
            if !matches!(field.field_type, FieldType::Text | FieldType::Choice(_)) {
                return Err(CompileError::at(
                    operator_span,
                    format!("`matches` tests text, and `{name}` is not text"),
                ));
            }
            let Some(pattern) = argument.as_str() else {
                return Err(CompileError::at(
                    argument.span,
                    "`matches` takes a regular expression, as a string",
                ));
            };
            regex::RegexBuilder::new(pattern)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map(Test::Matches)
                .map_err(|error| {
                    let reason = error.to_string();
                    let reason = reason.lines().last().unwrap_or_default().trim().to_string();
                    CompileError::at(argument.span, format!("bad regular expression: {reason}"))
                })
        }
        "longer_than" => duration_only(Test::LongerThan),
        "shorter_than" => duration_only(Test::ShorterThan),
        unknown => {
            let hint = did_you_mean(unknown, OPERATORS)
                .map(|suggestion| format!("; did you mean `{suggestion}`?"))
                .unwrap_or_else(|| format!("; tests are {}", OPERATORS.join(", ")));
            Err(CompileError::at(
                operator_span,
                format!("`{unknown}` is not a test{hint}"),
            ))
        }
    }
}

/// A value a field is compared with, checked against the field's type.
fn literal(field: &CookieField, node: &Node) -> Result<Literal, CompileError> {
    let name = field.name;
    match (field.field_type, &node.value) {
        (FieldType::Text, Value::String(text)) => Ok(Literal::Str(text.clone())),
        (FieldType::Choice(allowed), Value::String(text)) if allowed.contains(&text.as_str()) => {
            Ok(Literal::Str(text.clone()))
        }
        (FieldType::Choice(allowed), _) => {
            let listed = allowed.join(", ");
            let hint = node
                .as_str()
                .and_then(|text| did_you_mean(text, allowed))
                .map(|suggestion| format!("did you mean `{suggestion}`? "))
                .unwrap_or_default();
            Err(CompileError::at(
                node.span,
                format!("`{name}` is never this; {hint}it is one of {listed}"),
            ))
        }
        (FieldType::Flag, Value::Bool(flag)) => Ok(Literal::Bool(*flag)),
        (FieldType::Duration, Value::String(text)) => duration(text)
            .map(Literal::Duration)
            .map_err(|message| CompileError::at(node.span, message)),
        (FieldType::Text, _) => Err(CompileError::at(
            node.span,
            format!("`{name}` is text; compare it with a string"),
        )),
        (FieldType::Flag, _) => Err(CompileError::at(
            node.span,
            format!("`{name}` is `true` or `false`"),
        )),
        (FieldType::Duration, _) => Err(CompileError::at(
            node.span,
            "expected a duration: `session` or ISO 8601, like `P13M`",
        )),
    }
}

/// A duration as a condition writes it: ISO 8601, `session`, or a named limit.
fn duration(text: &str) -> Result<Duration, String> {
    if let Some(duration) = Duration::parse(text) {
        return Ok(duration);
    }
    if limits::looks_like_name(text) {
        return limits::find(text).map(|limit| limit.duration);
    }
    Err(format!(
        "`{text}` is not a duration: write `session` or ISO 8601, like `P13M`"
    ))
}

impl Condition {
    /// Whether the entry meets the condition: `None` (unknown) when a field
    /// it reads is malformed in this entry, combined as Kleene's logic does,
    /// so that an unknown part decides only what the known parts leave open:
    /// `any` with one part true holds, `all` with one part false does not,
    /// whatever the malformed field would have been.
    pub fn holds(&self, cookie: &Cookie<'_>) -> Option<bool> {
        match self {
            Condition::All(parts) => decide(parts, cookie, false),
            Condition::Any(parts) => decide(parts, cookie, true),
            Condition::Not(inner) => inner.holds(cookie).map(|holds| !holds),
            Condition::Test { field, test } => match (field.read)(cookie) {
                Field::Invalid(_) => None,
                Field::Absent => Some(test.holds(false, None)),
                Field::Defaulted(value) => Some(test.holds(false, Some(value))),
                Field::Present(value, _) => Some(test.holds(true, Some(value))),
            },
        }
    }
}

/// `all` (`decisive` false) or `any` (`decisive` true): one part equal to
/// `decisive` settles it; otherwise an unknown part leaves it unknown.
fn decide(parts: &[Condition], cookie: &Cookie<'_>, decisive: bool) -> Option<bool> {
    let mut outcome = Some(!decisive);
    for part in parts {
        match part.holds(cookie) {
            Some(holds) if holds == decisive => return Some(decisive),
            Some(_) => {}
            None => outcome = None,
        }
    }
    outcome
}

impl Test {
    /// `written`: whether the entry writes the field, which is all `present`
    /// asks; the other tests compare `value`, which a default may supply.
    fn holds(&self, written: bool, value: Option<FieldValue<'_>>) -> bool {
        match (self, value) {
            (Test::Present(wanted), _) => written == *wanted,
            (_, None) => false,
            (Test::Equals(expected), Some(value)) => literal_is(expected, value),
            (Test::In(options), Some(value)) => {
                options.iter().any(|option| literal_is(option, value))
            }
            (Test::Matches(pattern), Some(value)) => {
                matches!(value, FieldValue::Str(text) if pattern.is_match(text))
            }
            (Test::LongerThan(limit), Some(value)) => {
                matches!(value, FieldValue::Duration(duration) if duration > *limit)
            }
            (Test::ShorterThan(limit), Some(value)) => {
                matches!(value, FieldValue::Duration(duration) if duration < *limit)
            }
        }
    }
}

fn literal_is(literal: &Literal, value: FieldValue<'_>) -> bool {
    match (literal, value) {
        (Literal::Str(expected), FieldValue::Str(actual)) => expected == actual,
        (Literal::Bool(expected), FieldValue::Bool(actual)) => *expected == actual,
        (Literal::Duration(expected), FieldValue::Duration(actual)) => *expected == actual,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Declaration;
    use crate::source::SourceFile;
    use crate::yaml;

    fn parse(text: &str) -> (SourceFile, Node) {
        let file = SourceFile::new("t.yaml", text.to_string());
        let node = yaml::parse(&file).unwrap();
        (file, node)
    }

    /// Whether `condition` holds for the single entry of `entry`.
    fn holds(condition: &str, entry: &str) -> Option<bool> {
        let (_, condition) = parse(condition);
        let condition = compile(&condition).unwrap();
        let (_, declaration) = parse(&format!("version: 1\ncookies:\n  - {entry}\n"));
        let declaration = Declaration::new(&declaration, &[]);
        condition.holds(&declaration.cookies[0])
    }

    fn error(condition: &str) -> String {
        let (file, node) = parse(condition);
        let error = compile(&node).unwrap_err();
        format!("{} {}", file.line_col(error.span.start), error.message)
    }

    #[test]
    fn equality_and_implicit_all() {
        assert_eq!(
            holds(
                "{party: third, consent: exempt}",
                "{party: third, consent: exempt}"
            ),
            Some(true)
        );
        assert_eq!(
            holds(
                "{party: third, consent: exempt}",
                "{party: third, consent: required}"
            ),
            Some(false)
        );
        assert_eq!(holds("{party: third}", "{consent: exempt}"), Some(false));
    }

    #[test]
    fn membership_presence_and_patterns() {
        assert_eq!(
            holds(
                "{category: {in: [statistics, marketing]}}",
                "{category: marketing}"
            ),
            Some(true)
        );
        assert_eq!(
            holds("{domain: {present: true}}", "{domain: .x.org}"),
            Some(true)
        );
        assert_eq!(holds("{domain: {present: false}}", "{name: x}"), Some(true));
        // A default is a value, not a field the entry writes.
        assert_eq!(
            holds("{anonymous: {present: true}}", "{name: x}"),
            Some(false)
        );
        assert_eq!(
            holds("{anonymous: {present: false}}", "{name: x}"),
            Some(true)
        );
        assert_eq!(
            holds("{anonymous: {present: true}}", "{anonymous: false}"),
            Some(true)
        );
        assert_eq!(
            holds("{anonymous: {present: false}}", "{anonymous: false}"),
            Some(false)
        );
        assert_eq!(
            holds("{name: {matches: '(?i)^__host-'}}", "{name: __HOST-id}"),
            Some(true)
        );
        assert_eq!(
            holds("{name: {matches: '^_ga'}}", "{name: x_ga}"),
            Some(false)
        );
    }

    #[test]
    fn durations_compare_in_seconds() {
        let longer = "{duration: {longer_than: P13M}}";
        assert_eq!(holds(longer, "{duration: P1Y1M}"), Some(false));
        assert_eq!(holds(longer, "{duration: P396D}"), Some(true));
        assert_eq!(holds(longer, "{duration: session}"), Some(false));
        assert_eq!(
            holds("{duration: {shorter_than: P1D}}", "{duration: session}"),
            Some(true)
        );
        // A year is twelve months: durations are equal when their seconds are.
        assert_eq!(holds("{duration: P1Y}", "{duration: P12M}"), Some(true));
    }

    #[test]
    fn named_limits_stand_for_durations() {
        let longer = "{duration: {longer_than: cnil-tracker-lifetime}}";
        assert_eq!(holds(longer, "{duration: P1Y1M}"), Some(false));
        assert_eq!(holds(longer, "{duration: P396D}"), Some(true));
        assert_eq!(
            holds("{duration: browser-lifetime-cap}", "{duration: P400D}"),
            Some(true)
        );
        assert_eq!(
            error("duration: {longer_than: cnil-tracker-lifetme}"),
            "1:25 no limit is called `cnil-tracker-lifetme`; did you mean `cnil-tracker-lifetime`?"
        );
        assert_eq!(
            error("duration: {in: [P1D, eu-cookie-law]}"),
            "1:22 no limit is called `eu-cookie-law`; the limits are cnil-tracker-lifetime, browser-lifetime-cap"
        );
    }

    #[test]
    fn combinators_and_defaults() {
        let insecure = "{not: {attributes.secure: true}}";
        assert_eq!(holds(insecure, "{name: x}"), Some(true));
        assert_eq!(holds(insecure, "{attributes: {secure: true}}"), Some(false));
        assert_eq!(
            holds("{anonymous: false}", "{name: x}"),
            Some(true),
            "anonymous defaults to false"
        );
        assert_eq!(
            holds(
                "{any: [{party: third}, {category: marketing}]}",
                "{party: first, category: marketing}"
            ),
            Some(true)
        );
    }

    #[test]
    fn malformed_fields_silence_the_condition() {
        assert_eq!(
            holds(
                "{not: {attributes.secure: true}}",
                "{attributes: {secure: yes}}"
            ),
            None
        );
        assert_eq!(
            holds(
                "{attributes.same_site: none}",
                "{attributes: {same_site: None}}"
            ),
            None
        );
        assert_eq!(
            holds("{duration: {longer_than: P13M}}", "{duration: 13 months}"),
            None
        );
    }

    /// Kleene's truth tables, on an entry where `party: third` holds,
    /// `party: first` does not, and `attributes.secure` is malformed.
    #[test]
    fn unknowns_combine_as_in_three_valued_logic() {
        const ENTRY: &str = "{party: third, attributes: {secure: 7}}";
        let operands = [
            ("{party: third}", Some(true)),
            ("{party: first}", Some(false)),
            ("{attributes.secure: true}", None),
        ];
        let kleene_and = |a: Option<bool>, b: Option<bool>| match (a, b) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        };
        let kleene_or = |a: Option<bool>, b: Option<bool>| match (a, b) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        };
        for (left, left_value) in operands {
            assert_eq!(
                holds(&format!("{{not: {left}}}"), ENTRY),
                left_value.map(|v| !v)
            );
            for (right, right_value) in operands {
                assert_eq!(
                    holds(&format!("{{all: [{left}, {right}]}}"), ENTRY),
                    kleene_and(left_value, right_value),
                    "all: [{left}, {right}]"
                );
                assert_eq!(
                    holds(&format!("{{any: [{left}, {right}]}}"), ENTRY),
                    kleene_or(left_value, right_value),
                    "any: [{left}, {right}]"
                );
            }
        }
        // The tables written out, so that a slip in the helpers above shows.
        let unknown = "{attributes.secure: true}";
        assert_eq!(
            holds(&format!("{{any: [{unknown}, {{party: third}}]}}"), ENTRY),
            Some(true)
        );
        assert_eq!(
            holds(&format!("{{any: [{unknown}, {{party: first}}]}}"), ENTRY),
            None
        );
        assert_eq!(
            holds(&format!("{{all: [{{party: first}}, {unknown}]}}"), ENTRY),
            Some(false)
        );
        assert_eq!(
            holds(&format!("{{all: [{{party: third}}, {unknown}]}}"), ENTRY),
            None
        );
        assert_eq!(holds(&format!("{{not: {{not: {unknown}}}}}"), ENTRY), None);
        // An implicit `all` is an `all`.
        assert_eq!(
            holds("{party: first, attributes.secure: true}", ENTRY),
            Some(false)
        );
    }

    #[test]
    fn a_missing_path_alone_breaks_the_host_prefix() {
        let (_, rule) = parse(include_str!("../../rules/cookie-prefix.yaml"));
        let condition = compile(rule.get("when").unwrap()).unwrap();
        let (_, declaration) =
            parse("version: 1\ncookies:\n  - {name: __Host-id, attributes: {secure: 7}}\n");
        let declaration = Declaration::new(&declaration, &[]);
        assert_eq!(condition.holds(&declaration.cookies[0]), Some(true));
    }

    #[test]
    fn mistakes_are_located_and_explained() {
        assert_eq!(
            error("categry: marketing"),
            "1:1 `categry` is not a field a condition can test; did you mean `category`?"
        );
        assert_eq!(
            error("category: marketting"),
            "1:11 `category` is never this; did you mean `marketing`? it is one of necessary, preferences, statistics, marketing"
        );
        assert_eq!(
            error("name: {matches: '(unclosed'}"),
            "1:17 bad regular expression: error: unclosed group"
        );
        assert_eq!(
            error("name: {match: x}"),
            "1:8 `match` is not a test; did you mean `matches`?"
        );
        assert_eq!(
            error("name: {longer_than: P1D}"),
            "1:8 `longer_than` compares durations, and `name` is not one"
        );
        assert_eq!(
            error("duration: {longer_than: 13 months}"),
            "1:25 `13 months` is not a duration: write `session` or ISO 8601, like `P13M`"
        );
        assert_eq!(
            error("any: []"),
            "1:6 `all` and `any` take a non-empty list of conditions"
        );
        assert_eq!(
            error("[party]"),
            "1:1 a condition is a mapping of fields (or `all`, `any`, `not`) to tests, not a list"
        );
    }
}
