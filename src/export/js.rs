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

/// The script that makes a link to `fragment` (`site.consent_manager`)
/// open the manager's preferences when clicked, the charter's link as any
/// other, and a page loaded with the fragment too. The click is caught on
/// the document, so that a link added after the script ran counts. `opener`
/// is the manager's own part, a constant of its module: it defines
/// `openPreferences()`, and `whenStarted(then)`, which calls `then` once the
/// manager can open them. The fragment goes in as a string only.
pub(super) fn reopening_script(fragment: &str, opener: &'static str) -> String {
    format!(
        "// The charter's link to the consent manager (site.consent_manager) opens the preferences.
(function (fragment) {{
  // Imported where there is no page, as in server-side rendering: nothing to wire.
  if (typeof document === \"undefined\") return;
{opener}  // Compared as the browser resolves and percent-encodes a link's href.
  function reopens(url) {{
    return url === new URL(fragment, location.href.split(\"#\")[0]).href;
  }}
  document.addEventListener(\"click\", function (event) {{
    var link = event.target instanceof Element ? event.target.closest(\"a[href]\") : null;
    if (link && reopens(link.href)) {{
      event.preventDefault();
      openPreferences();
    }}
  }});
  whenStarted(function () {{
    if (reopens(location.href)) openPreferences();
  }});
}})({});
",
        js_string(fragment)
    )
}

#[cfg(test)]
mod tests {
    use super::{js_string, reopening_script};

    #[test]
    fn the_fragment_is_a_string_the_script_cannot_end_on() {
        let script = reopening_script("#a\"b</script>", "  function openPreferences() {}\n");
        assert!(
            script.ends_with("})(\"#a\\\"b\\u003c/script>\");\n"),
            "{script}"
        );
        assert!(!script.contains("</script>"), "{script}");
        assert!(
            script.contains("return;\n  function openPreferences() {}\n  // "),
            "{script}"
        );
    }

    #[test]
    fn a_string_cannot_end_the_script_it_is_inlined_in() {
        assert_eq!(js_string("</script>"), "\"\\u003c/script>\"");
    }
}
