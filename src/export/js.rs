//! The JavaScript values the exports write, and how they are written.

use std::fmt::Write as _;

use crate::source::is_hidden;

/// A JavaScript value, as the module writes it.
pub(super) enum Js {
    Object(Vec<(String, Js)>),
    Array(Vec<Js>),
    Str(String),
    Number(u64),
    Bool(bool),
    /// A cookie name, `*` standing for any run of characters, written as
    /// the regular expression literal that matches it ([`glob_regex`]).
    Glob(String),
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
            Js::Glob(name) => {
                let _ = write!(out, "/{}/", glob_regex(name));
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

/// A JavaScript string literal that holds `text` whatever it is: quotes,
/// backslashes and every character a string cannot hold raw (line breaks,
/// U+2028 and U+2029 before ES2019) escaped, and so are the characters a
/// reader of the file cannot see ([`is_hidden`]); `<` as well, so that the
/// file can be inlined in a `<script>` without a `</script>` or `<!--`
/// in a text changing where it ends.
pub(super) fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => push_code_units(&mut out, character),
            other if is_hidden(other) => push_code_units(&mut out, other),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// `\uXXXX` for each UTF-16 code unit of `character`, which is what a
/// JavaScript string and a regular expression without the `u` flag hold.
fn push_code_units(out: &mut String, character: char) {
    for unit in character.encode_utf16(&mut [0; 2]) {
        let _ = write!(out, "\\u{unit:04x}");
    }
}

/// The source of the regular expression literal that matches exactly the
/// cookie names `name` stands for, `*` being any run of characters, as
/// `audit::name_matches` reads it.
///
/// It must never backtrack catastrophically in the visitor's browser:
/// `^_.*_.*_.*x$`, the plain translation, takes seconds on forty
/// underscores, as each `.*` retries every split. So runs of `*` are one,
/// and each literal between two stars is matched at its leftmost occurrence
/// only, by a lookahead that captures up to it and a backreference that
/// consumes the capture: JavaScript never backtracks into a lookahead that
/// succeeded, so `a*b*c` is `^a(?=([\s\S]*?b))\1[\s\S]*c$`, which tries
/// each middle literal at one place. The leftmost occurrence is always a
/// right choice for a glob (taking a later one leaves less text for what
/// follows), so the language is unchanged; only the last star's run is
/// searched, once, from the end. A bound on the number of stars would
/// refuse names `check` accepts; this costs nothing for `_ga_*`, which is
/// still `^_ga_[\s\S]*$`. `[\s\S]` rather than `.`, which stops at line
/// breaks.
pub(super) fn glob_regex(name: &str) -> String {
    let mut parts: Vec<&str> = name.split('*').collect();
    let mut source = String::from("^");
    let Some(last) = parts.pop().filter(|_| !parts.is_empty()) else {
        push_literal(&mut source, name);
        source.push('$');
        return source;
    };
    let (first, middle) = parts.split_first().map_or(("", &[][..]), |(f, m)| (f, m));
    push_literal(&mut source, first);
    let mut group = 0;
    for literal in middle.iter().filter(|literal| !literal.is_empty()) {
        group += 1;
        source.push_str("(?=([\\s\\S]*?");
        push_literal(&mut source, literal);
        let _ = write!(source, "))\\{group}");
    }
    source.push_str("[\\s\\S]*");
    push_literal(&mut source, last);
    source.push('$');
    source
}

/// Text matched as it is in a regular expression literal: each character
/// with a meaning escaped, `/` which would end the literal, and as code
/// units every character a literal cannot hold (line breaks), a reader
/// cannot see, or an inlined `<script>` could end on, and any other outside
/// ASCII, so that the pattern reads the same without the `u` flag.
fn push_literal(out: &mut String, literal: &str) {
    for character in literal.chars() {
        if "^$\\.*+?()[]{}|/".contains(character) {
            out.push('\\');
            out.push(character);
        } else if character.is_ascii_graphic() && character != '<' || character == ' ' {
            out.push(character);
        } else {
            push_code_units(out, character);
        }
    }
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
    use super::{glob_regex, js_string, reopening_script};
    use crate::audit::name_matches;

    /// The pattern as Rust's fancy-regex reads the same regular expression:
    /// `\uXXXX` is `\x{XXXX}` there (the alphabet below has no character
    /// written as two code units).
    fn compiled(name: &str) -> fancy_regex::Regex {
        let source = glob_regex(name);
        let mut rust = String::new();
        let mut rest = source.as_str();
        while let Some(at) = rest.find("\\u") {
            let escaped = rest[..at].chars().rev().take_while(|c| *c == '\\').count() % 2 == 1;
            rust.push_str(&rest[..at]);
            if escaped {
                rust.push_str("\\u");
                rest = &rest[at + 2..];
            } else {
                rust.push_str(&format!("\\x{{{}}}", &rest[at + 2..at + 6]));
                rest = &rest[at + 6..];
            }
        }
        rust.push_str(rest);
        fancy_regex::Regex::new(&rust).unwrap_or_else(|error| panic!("{source}: {error}"))
    }

    /// A small deterministic generator (xorshift), so that the cases are
    /// the same on every run.
    struct Cases(u64);

    impl Cases {
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % bound as u64) as usize
        }

        fn text(&mut self, alphabet: &[char], longest: usize) -> String {
            let length = self.below(longest + 1);
            (0..length)
                .map(|_| alphabet[self.below(alphabet.len())])
                .collect()
        }
    }

    #[test]
    fn each_regex_matches_exactly_the_names_its_glob_matches() {
        let alphabet = [
            'a', 'b', '_', '*', '.', '/', '\\', '$', '(', '[', '\n', '\u{2028}', '<', 'é',
            '\u{202e}',
        ];
        let letters = &alphabet[..3];
        let mut cases = Cases(0x9e37_79b9_7f4a_7c15);
        let mut matched = 0;
        for _ in 0..1_500 {
            let glob = cases.text(&alphabet, 7);
            let regex = compiled(&glob);
            for _ in 0..30 {
                // Half the names are the glob with its stars filled in, so
                // that many match; the others are anything.
                let name = if cases.below(2) == 0 {
                    glob.split('*')
                        .map(str::to_string)
                        .reduce(|name, part| name + &cases.text(letters, 3) + &part)
                        .unwrap_or_default()
                } else {
                    cases.text(&alphabet, 9)
                };
                let expected = name_matches(&glob, &name);
                matched += usize::from(expected);
                assert_eq!(
                    regex.is_match(&name).unwrap(),
                    expected,
                    "glob {glob:?} ({}) on {name:?}",
                    glob_regex(&glob)
                );
            }
        }
        assert!(matched > 10_000, "too few names matched to tell: {matched}");
    }

    #[test]
    fn a_regex_holds_no_line_break_no_hidden_character_and_no_end_of_script() {
        for name in [
            "a\nb*c\u{2028}d\u{2029}*\re",
            "</script><!--*-->",
            "\u{202e}x*\u{1b}[2J",
            "😀*",
        ] {
            let source = glob_regex(name);
            assert!(source.chars().all(|c| c.is_ascii_graphic()), "{source}");
            assert!(!source.contains("</") && !source.contains("<!"), "{source}");
        }
        assert_eq!(glob_regex("😀*"), "^\\ud83d\\ude00[\\s\\S]*$");
        assert_eq!(glob_regex("a/b"), "^a\\/b$");
    }

    #[test]
    fn stars_become_one_search_each_and_never_nest() {
        assert_eq!(glob_regex("_ga_*"), "^_ga_[\\s\\S]*$");
        assert_eq!(glob_regex("theme"), "^theme$");
        assert_eq!(glob_regex("*"), "^[\\s\\S]*$");
        assert_eq!(glob_regex("a**b"), "^a[\\s\\S]*b$");
        assert_eq!(glob_regex("a*b*c"), "^a(?=([\\s\\S]*?b))\\1[\\s\\S]*c$");
        assert_eq!(
            glob_regex("_*_*_*x"),
            "^_(?=([\\s\\S]*?_))\\1(?=([\\s\\S]*?_))\\2[\\s\\S]*x$"
        );
    }

    #[test]
    fn a_string_holds_no_line_terminator_and_no_hidden_character() {
        assert_eq!(
            js_string("a\u{2028}b\u{2029}c\u{1b}d\u{202e}e\nf\"g\\h\u{7f}"),
            "\"a\\u2028b\\u2029c\\u001bd\\u202ee\\nf\\\"g\\\\h\\u007f\""
        );
        assert_eq!(js_string("Publicité"), "\"Publicité\"");
    }

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
