//! The embedded JSON Schema, compiled once, and its errors as `schema` findings
//! that point at nodes, never at bare JSON pointers.

use std::collections::HashMap;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, ValidationError, Validator};
use serde_json::Value as Json;

use crate::error::Error;
use crate::finding::{Interned, Label, Violation};
use crate::rule_id::SCHEMA;
use crate::source::Span;
use crate::suggest::{did_you_mean, misspelt_keys};
use crate::yaml::{Node, Value};

/// The normative definition of the format; `cookielint schema` prints it.
pub const SCHEMA_TEXT: &str = include_str!("../schema/cookielint.schema.json");

/// The format versions this build reads.
pub const SUPPORTED_VERSIONS: &[i64] = &[1];

pub struct Schema {
    definition: Json,
    validator: Validator,
}

/// A segment of a path into the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl Schema {
    pub fn compile() -> Result<Self, Error> {
        let invalid =
            |error: &dyn std::fmt::Display| Error::BuiltinData(format!("schema: {error}"));
        let definition: Json =
            serde_json::from_str(SCHEMA_TEXT).map_err(|error| invalid(&error))?;
        let id = definition
            .get("$id")
            .and_then(Json::as_str)
            .ok_or_else(|| invalid(&"no `$id`"))?;
        // `build` checks the schema it is given against its draft's
        // meta-schema, and building the draft 2020-12 meta-schema's own
        // validator was most of a one-file run. So the schema is registered
        // under its `$id`, as the 2020-12 resource it is, and entered through
        // a root that only refers to it; that root is checked against the
        // draft 6 meta-schema, four times cheaper to build. The test
        // `the_schema_is_valid_draft_2020_12` makes the check skipped here.
        let validator = {
            let registry = jsonschema::Registry::new()
                .add(
                    id,
                    jsonschema::Draft::Draft202012.create_resource_ref(&definition),
                )
                .and_then(jsonschema::RegistryBuilder::prepare)
                .map_err(|error| invalid(&error))?;
            // The schema's patterns need no look-around, so the linear-time
            // `regex` engine serves: no backtracking on hostile values.
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft6)
                .with_registry(&registry)
                .with_pattern_options(jsonschema::PatternOptions::regex())
                .build(&serde_json::json!({ "$ref": id }))
                .map_err(|error| invalid(&error))?
        };
        Ok(Schema {
            definition,
            validator,
        })
    }

    /// Checks `version` first: a file of another version is judged by nothing
    /// else. Returns the findings and whether the rules may run.
    pub fn validate(&self, root: &Node) -> (Vec<Violation>, bool) {
        if let Some(version) = root.get("version") {
            let supported =
                matches!(version.value, Value::Int(number) if SUPPORTED_VERSIONS.contains(&number));
            if !supported {
                let versions = code_list(SUPPORTED_VERSIONS);
                let message = match version.value {
                    Value::Int(number) => format!(
                        "format version `{number}` is not supported; this build reads {versions}"
                    ),
                    _ => format!(
                        "`version` must be a whole number, not {} ({}); this build reads {versions}",
                        version.kind_name(),
                        scalar_text(version)
                    ),
                };
                let violation =
                    Violation::new(SCHEMA, version.span, "unsupported version", message).with_help(
                        "Write `version: 1`, unquoted, or upgrade cookielint if the file is newer.",
                    );
                return (vec![violation], false);
            }
        }
        let instance = root.to_json();
        let mut misspelt_by_mapping = HashMap::new();
        // A file of 300,000 wrong values has 300,000 helps of a few texts.
        let mut helps = Interned::default();
        let mut violations: Vec<Violation> = self
            .validator
            .iter_errors(&instance)
            .flat_map(|error| self.describe(root, &error, &mut misspelt_by_mapping))
            .map(|mut violation| {
                violation.help = violation.help.map(|help| helps.get(help));
                violation
            })
            .collect();
        violations.extend(duplicate_languages(root));
        (violations, root.as_map().is_some())
    }

    /// The schema node that describes the value at `path`.
    fn schema_at(&self, path: &[Step]) -> Option<&Json> {
        let mut current = self.resolve(&self.definition)?;
        for step in path {
            current = match step {
                Step::Key(key) => current
                    .get("properties")
                    .and_then(|properties| properties.get(key))
                    .or_else(|| current.get("additionalProperties"))?,
                Step::Index(_) => current.get("items")?,
            };
            current = self.resolve(current)?;
        }
        Some(current)
    }

    fn resolve<'a>(&'a self, mut node: &'a Json) -> Option<&'a Json> {
        // The schema's own `$ref`s are local and not chained deeper than 2.
        for _ in 0..4 {
            let Some(reference) = node.get("$ref").and_then(Json::as_str) else {
                return Some(node);
            };
            node = self.definition.pointer(reference.strip_prefix('#')?)?;
        }
        Some(node)
    }

    fn description(&self, path: &[Step]) -> Option<&str> {
        self.schema_at(path)?.get("description")?.as_str()
    }

    /// What to write for a key given no value: the form, with an example,
    /// and whether the key may go instead.
    fn what_to_write(&self, path: &[Step], expected: &str) -> String {
        let Some((Step::Key(key), parent)) = path.split_last() else {
            return format!("Write {expected} here.");
        };
        let write = match patterned_field(path) {
            PatternedField::Duration => "Write how long the cookie lives: `session` (until the browser closes), or an ISO 8601 duration such as `P13M` (13 months), `P1Y`, `P30D` or `PT30M`.".to_string(),
            PatternedField::Other | PatternedField::Text | PatternedField::ConsentManager => {
                match self.description(path) {
                    Some(description) => format!("Write {expected} after `{key}:`. {description}"),
                    None => format!("Write {expected} after `{key}:`."),
                }
            }
            // `languages:` is a list of tags, not one.
            PatternedField::Language => {
                format!("Write a list of language tags after `{key}:`, such as `[fr, en]`.")
            }
            kind => pattern_explanation(kind).1.to_string(),
        };
        let required = self
            .schema_at(parent)
            .and_then(|schema| schema.get("required"))
            .and_then(Json::as_array)
            .is_some_and(|required| required.iter().any(|name| name.as_str() == Some(key)));
        if required {
            write
        } else {
            format!("{write} Or remove `{key}:`, which is optional.")
        }
    }

    fn known_keys(&self, path: &[Step]) -> Vec<&str> {
        self.schema_at(path)
            .and_then(|schema| schema.get("properties"))
            .and_then(Json::as_object)
            .map(|properties| properties.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// `misspelt_by_mapping` keeps each mapping's misspelt keys once found:
    /// an entry missing several required keys asks once per key.
    fn describe(
        &self,
        root: &Node,
        error: &ValidationError<'_>,
        misspelt_by_mapping: &mut HashMap<*const Node, Vec<String>>,
    ) -> Vec<Violation> {
        let path: Vec<Step> = error
            .instance_path()
            .iter()
            .map(|segment| match segment {
                LocationSegment::Property(key) => Step::Key(key.to_string()),
                LocationSegment::Index(index) => Step::Index(index),
            })
            .collect();
        let Some(node) = node_at(root, &path) else {
            return Vec::new();
        };
        let field = subject(root, &path);
        if is_purpose_required_territory(&path, node, error.kind()) {
            return Vec::new();
        }
        let owner = owner_name(root, &path);
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known = self.known_keys(&path);
                // One pass over the mapping: looking each key up would be
                // quadratic in a mapping of thousands of unknown keys.
                let unexpected: std::collections::HashSet<&str> =
                    unexpected.iter().map(String::as_str).collect();
                node.as_map()
                    .unwrap_or_default()
                    .iter()
                    .filter(|entry| unexpected.contains(entry.key.as_str()))
                    .map(|entry| unknown_key(&entry.key, entry, &known, &owner))
                    .collect()
            }
            ValidationErrorKind::Required { property } => {
                let property = property.as_str().unwrap_or_default();
                // The unknown key's finding, with its "did you mean", says it all.
                let misspelt = misspelt_by_mapping
                    .entry(std::ptr::from_ref(node))
                    .or_insert_with(|| {
                        misspelt_keys(node, &self.known_keys(&path))
                            .into_iter()
                            .map(str::to_string)
                            .collect()
                    });
                if misspelt.iter().any(|key| key == property) {
                    return Vec::new();
                }
                let mut child = path.clone();
                child.push(Step::Key(property.to_string()));
                let help = match self.description(&child) {
                    Some(description) => format!("Add `{property}:`. {description}"),
                    None => format!("Add `{property}:`."),
                };
                vec![
                    Violation::new(
                        SCHEMA,
                        node.span,
                        format!("`{property}` missing here"),
                        format!("{owner} has no `{property}`"),
                    )
                    .with_help(help),
                ]
            }
            ValidationErrorKind::Enum { options } => {
                let options: Vec<&str> = options
                    .as_array()
                    .map(|options| options.iter().filter_map(Json::as_str).collect())
                    .unwrap_or_default();
                let listed = code_list(&options);
                let shown = scalar_text(node);
                let mut help = format!("Use one of {listed}.");
                if let Some(suggestion) =
                    node.as_str().and_then(|text| did_you_mean(text, &options))
                {
                    help = format!("Did you mean `{suggestion}`? Allowed: {listed}.");
                }
                vec![
                    Violation::new(
                        SCHEMA,
                        node.span,
                        "not an allowed value",
                        format!("{shown} is not a valid {field}"),
                    )
                    .with_help(help),
                ]
            }
            ValidationErrorKind::Type { kind } => {
                if path.is_empty() {
                    return vec![Violation::new(
                        SCHEMA,
                        node.span,
                        format!("{} here", node.kind_name()),
                        format!(
                            "a declaration is a mapping with `version` and `cookies`, not {}",
                            node.kind_name()
                        ),
                    )];
                }
                let expected = match patterned_field(&path) {
                    PatternedField::Text => {
                        "a text (a string, or a mapping from language tag to string)".to_string()
                    }
                    _ => type_names(kind),
                };
                // `duration:` with nothing after it (which `import` writes
                // for a lifetime it could not see) is a value to fill in.
                if node.value == Value::Null
                    && !matches!(patterned_field(&path), PatternedField::ConsentManager)
                {
                    return vec![
                        Violation::new(
                            SCHEMA,
                            node.span,
                            "no value",
                            format!("{field} has no value"),
                        )
                        .with_help(self.what_to_write(&path, &expected)),
                    ];
                }
                let violation = Violation::new(
                    SCHEMA,
                    node.span,
                    format!("{} here", node.kind_name()),
                    format!("{field} must be {expected}, not {}", node.kind_name()),
                );
                vec![match node.as_str() {
                    Some(word) if is_yaml11_boolean(word) => violation.with_help(format!(
                        "YAML 1.2 reads `{word}` as a string; write `true` or `false`."
                    )),
                    // `consent_manager: #settings` is a comment: the value is null.
                    _ if node.value == Value::Null
                        && matches!(patterned_field(&path), PatternedField::ConsentManager) =>
                    {
                        violation.with_help(pattern_explanation(PatternedField::ConsentManager).1)
                    }
                    _ => violation,
                }]
            }
            ValidationErrorKind::Pattern { .. } => {
                let (what, help) = pattern_explanation(patterned_field(&path));
                vec![
                    Violation::new(
                        SCHEMA,
                        node.span,
                        format!("not {what}"),
                        format!("{} is not {what} ({field})", scalar_text(node)),
                    )
                    .with_help(help),
                ]
            }
            ValidationErrorKind::PropertyNames { error } => {
                let bad_key = error.instance().as_str().unwrap_or_default().to_string();
                let span = node
                    .entry(&bad_key)
                    .map_or(node.span, |entry| entry.key_span);
                vec![
                    Violation::new(
                        SCHEMA,
                        span,
                        "not a language tag",
                        format!("`{bad_key}` is not a BCP 47 language tag ({field})"),
                    )
                    .with_help("Key each text by a language tag such as `fr`, `en` or `pt-BR`."),
                ]
            }
            ValidationErrorKind::UniqueItems => Vec::new(),
            ValidationErrorKind::MinLength { .. } => vec![Violation::new(
                SCHEMA,
                node.span,
                "empty",
                format!("{field} is empty"),
            )],
            ValidationErrorKind::MinItems { .. } | ValidationErrorKind::MinProperties { .. } => {
                vec![Violation::new(
                    SCHEMA,
                    node.span,
                    "empty",
                    format!("{field} is empty"),
                )]
            }
            _ => vec![Violation::new(
                SCHEMA,
                node.span,
                "here",
                format!("{field}: {error}"),
            )],
        }
    }
}

/// Missing, null, blank and empty purposes are `purpose-required`'s, not the schema's.
fn is_purpose_required_territory(path: &[Step], node: &Node, kind: &ValidationErrorKind) -> bool {
    let in_cookie =
        matches!(path, [Step::Key(cookies), Step::Index(_), ..] if cookies == "cookies");
    if !in_cookie {
        return false;
    }
    let blank = match &node.value {
        Value::Null => true,
        Value::String(text) => text.trim().is_empty(),
        Value::Map(entries) => entries.is_empty(),
        _ => false,
    };
    match &path[2..] {
        [] => matches!(kind, ValidationErrorKind::Required { property } if property == "purpose"),
        [Step::Key(key)] | [Step::Key(key), Step::Key(_)] => key == "purpose" && blank,
        _ => false,
    }
}

fn unknown_key(key: &str, entry: &crate::yaml::Entry, known: &[&str], owner: &str) -> Violation {
    let listed = code_list(known);
    let help = match did_you_mean(key, known) {
        Some(suggestion) => format!("Did you mean `{suggestion}`? Known keys: {listed}."),
        None => format!("Known keys: {listed}."),
    };
    Violation::new(
        SCHEMA,
        entry.key_span,
        "unknown key",
        format!("unknown key `{key}` in {owner}"),
    )
    .with_help(help)
}

/// The second and later copies of a tag in `site.languages`. Tags compare
/// case-insensitively (`FR` is `fr`), which `uniqueItems` cannot say, so the
/// schema's own duplicate errors give way to these.
fn duplicate_languages(root: &Node) -> Vec<Violation> {
    let Some(items) = root
        .get("site")
        .and_then(|site| site.get("languages"))
        .and_then(Node::as_seq)
    else {
        return Vec::new();
    };
    let mut first_seen: HashMap<String, (Span, &str)> = HashMap::new();
    items
        .iter()
        .filter_map(|item| {
            let tag = item.as_str()?;
            let (first, first_tag) = *first_seen
                .entry(tag.to_lowercase())
                .or_insert((item.span, tag));
            (first != item.span).then(|| {
                let same_case = if first_tag == tag {
                    String::new()
                } else {
                    format!(" (as `{first_tag}`: tags compare case-insensitively)")
                };
                Violation::new(
                    SCHEMA,
                    item.span,
                    "listed again here",
                    format!(
                        "{} is listed twice in `languages`{same_case}",
                        scalar_text(item)
                    ),
                )
                .with_related(Label::new(first, "first listed here"))
                .with_help("Remove the second copy.")
            })
        })
        .collect()
}

pub fn node_at<'a>(root: &'a Node, path: &[Step]) -> Option<&'a Node> {
    path.iter().try_fold(root, |node, step| match step {
        Step::Key(key) => node.get(key),
        Step::Index(index) => node.as_seq()?.get(*index),
    })
}

/// How messages name the value at `path`: a top-level key alone (`site`),
/// a cookie by its name, a field by its keys within the cookie or `site`
/// (`attributes.path` of cookie `sid`), an item of a list by its number.
fn subject(root: &Node, path: &[Step]) -> String {
    let (owner, rest) = match path {
        [Step::Key(cookies), Step::Index(_), rest @ ..] if cookies == "cookies" => {
            (Some(owner_name(root, path)), rest)
        }
        [Step::Key(site), rest @ ..] if site == "site" && !rest.is_empty() => {
            (Some(owner_name(root, path)), rest)
        }
        _ => (None, path),
    };
    let keys: Vec<&str> = rest
        .iter()
        .filter_map(|step| match step {
            Step::Key(key) => Some(key.as_str()),
            Step::Index(_) => None,
        })
        .collect();
    let field = match rest.last() {
        None => None,
        Some(Step::Index(index)) => Some(format!("item {} of `{}`", index + 1, keys.join("."))),
        Some(Step::Key(_)) => Some(format!("`{}`", keys.join("."))),
    };
    match (field, owner) {
        (Some(field), Some(owner)) => format!("{field} of {owner}"),
        (Some(field), None) => field,
        (None, Some(owner)) => owner,
        (None, None) => "the declaration".to_string(),
    }
}

/// How messages name the mapping a path is in: a cookie by its name.
fn owner_name(root: &Node, path: &[Step]) -> String {
    match path {
        [Step::Key(cookies), Step::Index(index), ..] if cookies == "cookies" => {
            let entry = root
                .get("cookies")
                .and_then(Node::as_seq)
                .and_then(|items| items.get(*index));
            match entry
                .and_then(|entry| entry.get("name"))
                .and_then(Node::as_str)
            {
                Some(name) => format!("cookie `{name}`"),
                None => format!("cookie #{}", index + 1),
            }
        }
        [Step::Key(site), ..] if site == "site" => "`site`".to_string(),
        _ => "the declaration".to_string(),
    }
}

/// The fields whose pattern a mismatch is explained for.
enum PatternedField {
    Text,
    Duration,
    Url,
    Contact,
    ConsentManager,
    Language,
    Path,
    Other,
}

fn patterned_field(path: &[Step]) -> PatternedField {
    let keys: Vec<&str> = path
        .iter()
        .filter_map(|step| match step {
            Step::Key(key) => Some(key.as_str()),
            Step::Index(_) => None,
        })
        .collect();
    match keys.as_slice() {
        ["site", "url"] => PatternedField::Url,
        ["site", "contact"] => PatternedField::Contact,
        ["site", "consent_manager"] => PatternedField::ConsentManager,
        ["site", "languages"] => PatternedField::Language,
        ["cookies", "duration"] => PatternedField::Duration,
        ["cookies", "attributes", "path"] => PatternedField::Path,
        ["cookies", "purpose" | "service"] => PatternedField::Text,
        _ => PatternedField::Other,
    }
}

fn pattern_explanation(kind: PatternedField) -> (&'static str, &'static str) {
    match kind {
        PatternedField::Duration => (
            "a valid duration",
            "Write `session`, or an ISO 8601 duration: `P`, then whole numbers with Y, M, W, D in that order, then `T` and H, M, S; for example `P13M`, `P1Y1M`, `P30D`, `PT30M`.",
        ),
        PatternedField::Url => (
            "an absolute http(s) URL",
            "Write the site's address with its scheme, such as `https://data.example.fr`.",
        ),
        PatternedField::Contact => (
            "an email address or an absolute http(s) URL",
            "Write the address visitors write to, such as `dpo@example.fr` (without `mailto:`), or a contact page's address with its scheme, such as `https://example.fr/contact`.",
        ),
        PatternedField::ConsentManager => (
            "an absolute http(s) URL or a reference starting with `#` or `/`",
            "Write the link that reopens the consent banner: `https://example.fr/cookies/settings`, `/cookies/settings`, or `\"#cookie-settings\"` (quoted: in YAML `#` starts a comment).",
        ),
        PatternedField::Language => (
            "a BCP 47 language tag",
            "Use a language tag such as `fr`, `en` or `pt-BR`.",
        ),
        PatternedField::Path => (
            "a cookie path",
            "A cookie's `Path` starts with `/`, such as `/` or `/admin`.",
        ),
        PatternedField::Text | PatternedField::Other => (
            "in the expected form",
            "See `cookielint schema` for the form this field takes.",
        ),
    }
}

fn type_names(kind: &TypeKind) -> String {
    let name = |json_type: &JsonType| match json_type {
        JsonType::Array => "a list",
        JsonType::Boolean => "a boolean (`true` or `false`)",
        JsonType::Integer => "an integer",
        JsonType::Null => "null",
        JsonType::Number => "a number",
        JsonType::Object => "a mapping",
        JsonType::String => "a string",
    };
    match kind {
        TypeKind::Single(json_type) => name(json_type).to_string(),
        TypeKind::Multiple(types) => types
            .iter()
            .map(|json_type| name(&json_type))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// `a`, `b`, `c`: values as messages list them.
fn code_list(items: &[impl std::fmt::Display]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Words YAML 1.1 read as booleans and YAML 1.2 (the format's) reads as strings.
fn is_yaml11_boolean(word: &str) -> bool {
    ["yes", "no", "on", "off", "y", "n"]
        .iter()
        .any(|boolean| word.eq_ignore_ascii_case(boolean))
}

/// A value as a message quotes it.
fn scalar_text(node: &Node) -> String {
    match &node.value {
        Value::String(text) => format!("`{text}`"),
        Value::Int(number) => format!("`{number}`"),
        Value::Float(number) => format!("`{number}`"),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Null => "an empty value".to_string(),
        Value::Seq(_) | Value::Map(_) => node.kind_name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Duration;

    /// The schema's duration pattern and the model's parser agree, so the
    /// rules judge exactly the durations the schema accepts.
    #[test]
    fn schema_and_model_agree_on_durations() {
        let definition: Json = serde_json::from_str(SCHEMA_TEXT).unwrap();
        let pattern = definition["$defs"]["duration"]["pattern"].as_str().unwrap();
        let pattern = regex::Regex::new(pattern).unwrap();
        let cases = [
            "session",
            "P0D",
            "P13M",
            "P1Y1M",
            "PT30M",
            "P1DT1H1M1S",
            "P1W",
            "P1Y2M3W4D",
            "PT1S",
            "",
            "P",
            "PT",
            "P1DT",
            "Session",
            "p1d",
            "P1M1Y",
            "P1.5D",
            "P1D1D",
            "1D",
            "P-1D",
            "P1H",
            "PT1D",
            "P1Y ",
            "PT1H1H",
            "P1MT",
            "PTS",
            "P1W1Y",
        ];
        for case in cases {
            assert_eq!(
                pattern.is_match(case),
                Duration::parse(case).is_some(),
                "{case:?}"
            );
        }
    }

    /// The schema's `site.contact` and `site.consent_manager` patterns and
    /// the model's forms agree, so the charter links to exactly what the
    /// schema accepts.
    #[test]
    fn schema_and_model_agree_on_site_links() {
        use crate::model::StringForm;
        let definition: Json = serde_json::from_str(SCHEMA_TEXT).unwrap();
        let site = &definition["properties"]["site"]["properties"];
        let cases = [
            "dpo@example.fr",
            "first.last+cookies@mail.example.co.uk",
            "https://example.fr",
            "http://example.fr/contact?topic=cookies#form",
            "https://example.fr/<script>",
            "#cookie-settings",
            "#",
            "/",
            "/cookies/settings",
            "//evil.example/",
            "mailto:dpo@example.fr",
            "javascript:alert(1)",
            "dpo@example",
            "dpo@@example.fr",
            "@example.fr",
            "dpo@example..fr",
            "dpo@example.fr/x",
            "d po@example.fr",
            "https://user@example.fr",
            "https://",
            "https://example.fr/a b",
            "example.fr",
            "# settings",
            "",
        ];
        for (key, form) in [
            ("contact", StringForm::Contact),
            ("consent_manager", StringForm::ConsentManager),
        ] {
            let pattern = regex::Regex::new(site[key]["pattern"].as_str().unwrap()).unwrap();
            for case in cases {
                assert_eq!(
                    pattern.is_match(case),
                    form.accepts(case),
                    "{key}: {case:?}"
                );
            }
        }
    }

    /// The keys the model reads misspellings against are the schema's.
    #[test]
    fn model_keys_are_the_schema_keys() {
        use crate::model::{ATTRIBUTE_KEYS, COOKIE_KEYS, SITE_KEYS, TOP_KEYS};
        let schema = Schema::compile().unwrap();
        let keys = |path: &[Step]| {
            let mut keys = schema.known_keys(path);
            keys.sort_unstable();
            keys
        };
        let sorted = |keys: &[&'static str]| {
            let mut keys = keys.to_vec();
            keys.sort_unstable();
            keys
        };
        let cookie = [Step::Key("cookies".into()), Step::Index(0)];
        let attributes = [
            cookie[0].clone(),
            Step::Index(0),
            Step::Key("attributes".into()),
        ];
        assert_eq!(keys(&[]), sorted(TOP_KEYS));
        assert_eq!(keys(&[Step::Key("site".into())]), sorted(SITE_KEYS));
        assert_eq!(keys(&cookie), sorted(COOKIE_KEYS));
        assert_eq!(keys(&attributes), sorted(ATTRIBUTE_KEYS));
    }

    #[test]
    fn the_schema_is_valid_draft_2020_12() {
        let definition: Json = serde_json::from_str(SCHEMA_TEXT).unwrap();
        assert_eq!(
            definition["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if let Err(error) = jsonschema::draft202012::meta::validate(&definition) {
            panic!("{error} at {}", error.instance_path());
        }
    }

    #[test]
    fn language_tags_agree_with_the_schema() {
        let definition: Json = serde_json::from_str(SCHEMA_TEXT).unwrap();
        let pattern = definition["$defs"]["language"]["pattern"].as_str().unwrap();
        let pattern = regex::Regex::new(pattern).unwrap();
        for case in [
            "fr",
            "en",
            "pt-BR",
            "zh-Hant-TW",
            "f",
            "english language",
            "fr_FR",
            "",
            "-fr",
            "fr-",
        ] {
            assert_eq!(
                pattern.is_match(case),
                crate::model::is_language_tag(case),
                "{case:?}"
            );
        }
    }
}
