//! The JavaScript values the exports write, and how they are written.

use std::fmt::Write as _;

/// A JavaScript value, as the module writes it.
pub(super) enum Js {
    Object(Vec<(String, Js)>),
    Array(Vec<Js>),
    Str(String),
    Number(u64),
    Bool(bool),
    /// The source of a regular expression, written as a literal.
    Regex(String),
    /// JavaScript written as is: only the module's own constants, never a
    /// declaration's text.
    Code(&'static str),
}

impl Js {
    pub(super) fn write(&self, out: &mut String, depth: usize) {
        let indent = |out: &mut String, depth: usize| out.push_str(&"  ".repeat(depth));
        match self {
            Js::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Js::Array(items) if items.is_empty() => out.push_str("[]"),
            Js::Object(entries) => {
                out.push_str("{\n");
                for (key, value) in entries {
                    indent(out, depth + 1);
                    out.push_str(&js_key(key));
                    out.push_str(": ");
                    value.write(out, depth + 1);
                    out.push_str(",\n");
                }
                indent(out, depth);
                out.push('}');
            }
            Js::Array(items) => {
                out.push_str("[\n");
                for item in items {
                    indent(out, depth + 1);
                    item.write(out, depth + 1);
                    out.push_str(",\n");
                }
                indent(out, depth);
                out.push(']');
            }
            Js::Str(text) => out.push_str(&js_string(text)),
            Js::Number(number) => {
                let _ = write!(out, "{number}");
            }
            Js::Bool(flag) => {
                let _ = write!(out, "{flag}");
            }
            Js::Regex(source) => {
                let _ = write!(out, "/{}/", source.replace('/', "\\/"));
            }
            Js::Code(code) => out.push_str(code),
        }
    }
}

/// A key bare when it is an identifier, quoted otherwise.
fn js_key(key: &str) -> String {
    let mut characters = key.chars();
    let identifier = characters
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && characters.all(|character| character.is_ascii_alphanumeric() || character == '_');
    if identifier {
        key.to_string()
    } else {
        js_string(key)
    }
}

/// A JSON string is a JavaScript string; `<` escaped as well, so that the
/// module can be inlined in a `<script>` without a `</script>` ending it.
pub(super) fn js_string(text: &str) -> String {
    serde_json::Value::from(text)
        .to_string()
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::js_string;

    #[test]
    fn a_string_cannot_end_the_script_it_is_inlined_in() {
        assert_eq!(js_string("</script>"), "\"\\u003c/script>\"");
    }
}
