//! Declarations built to make a linter slow or greedy: one long line, many
//! findings, many suppressions, nested anchors, long lists. Shared by the
//! scale tests (`tests/scale.rs`, under a watchdog and a memory limit) and
//! the benchmark that times them (`benches/hostile.rs`).

/// A named input and its text.
pub struct Case {
    pub name: &'static str,
    pub text: String,
}

/// Every case, at a scale: 1.0 is the size the issue reports measured (each
/// a few MB at most); tests run smaller scales in a debug build.
pub fn cases(scale: f64) -> Vec<Case> {
    let count = |full: usize| ((full as f64 * scale) as usize).max(2);
    vec![
        Case {
            name: "one-line-flow",
            text: one_line_flow(count(6_000)),
        },
        Case {
            name: "placeholder-purposes",
            text: placeholder_purposes(count(50_000)),
        },
        Case {
            name: "allow-comments",
            text: allow_comments(count(40_000)),
        },
        Case {
            name: "nested-anchors",
            text: nested_anchors(250, count(7_000_000)),
        },
        Case {
            name: "long-language-list",
            text: long_language_list(count(40_000)),
        },
        Case {
            name: "missing-translations",
            text: missing_translations(count(1_000), count(300)),
        },
        Case {
            name: "duplicates",
            text: duplicates(count(40_000)),
        },
        Case {
            name: "long-values",
            text: long_values(count(2_000_000)),
        },
        Case {
            name: "unknown-keys",
            text: unknown_keys(count(100_000)),
        },
        Case {
            name: "invalid-allows",
            text: invalid_allows(count(40_000)),
        },
        Case {
            name: "wrong-types",
            text: wrong_types(count(50_000)),
        },
        Case {
            name: "misspelt-keys",
            text: misspelt_keys(count(30_000)),
        },
    ]
}

/// A cookie entry in flow style, with a placeholder purpose and an unknown
/// key (two findings), and a third-party exemption (another).
fn flow_entry(index: usize) -> String {
    format!(
        "{{name: c{index}, provider: P, purpose: TODO, category: statistics, party: third, \
         consent: exempt, duration: P1D, colour: x}}"
    )
}

/// The whole declaration on one line: findings far past column 65,535.
pub fn one_line_flow(entries: usize) -> String {
    let cookies: Vec<String> = (0..entries).map(flow_entry).collect();
    format!("{{version: 1, cookies: [{}]}}\n", cookies.join(", "))
}

/// Block-style entries, each with a placeholder purpose and more findings.
pub fn placeholder_purposes(entries: usize) -> String {
    let mut text = String::from("version: 1\ncookies:\n");
    for index in 0..entries {
        text.push_str(&format!(
            "  - name: c{index}\n    provider: P\n    purpose: TODO\n    category: marketing\n    \
             party: third\n    consent: exempt\n    duration: P3Y\n"
        ));
    }
    text
}

/// An allow comment before every entry.
pub fn allow_comments(entries: usize) -> String {
    let mut text = String::from("version: 1\nsite:\n  languages: [en]\ncookies:\n");
    for index in 0..entries {
        text.push_str(&format!(
            "  # cookielint: allow(third-party-consent) reason: fraud check\n  - {{name: c{index}, \
             provider: P, purpose: Fraud check., category: necessary, party: third, \
             consent: exempt, duration: session}}\n"
        ));
    }
    text
}

/// Anchors nested `depth` deep around about `bytes` of text: a parser that
/// copies each anchored subtree keeps `depth` copies of it.
pub fn nested_anchors(depth: usize, bytes: usize) -> String {
    let item = "- abcdefghijklmnopqrstuvwxyz0123456789\n";
    let mut text = String::from("version: 1\nx:\n");
    let mut indent = String::from("  ");
    for level in 0..depth {
        text.push_str(&format!("{indent}- &a{level}\n"));
        indent.push_str("  ");
    }
    let line = format!("{indent}{item}");
    for _ in 0..(bytes / line.len()).max(1) {
        text.push_str(&line);
    }
    text.push_str("cookies: []\n");
    text
}

/// `site.languages` with many tags, every tag repeated in another case.
pub fn long_language_list(tags: usize) -> String {
    let mut text = String::from("version: 1\nsite:\n  languages:\n");
    for index in 0..tags {
        let tag = language_tag(index / 2);
        let tag = if index % 2 == 0 {
            tag
        } else {
            tag.to_uppercase()
        };
        text.push_str(&format!("    - {tag}\n"));
    }
    text.push_str("cookies: []\n");
    text
}

/// A tag of two to three letters, different for each index.
fn language_tag(index: usize) -> String {
    let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
    if index < 26 * 26 {
        format!("{}{}", letter(index / 26), letter(index))
    } else {
        format!(
            "{}{}{}",
            letter(index / 676),
            letter(index / 26),
            letter(index)
        )
    }
}

/// Many languages, many texts each in one language only.
pub fn missing_translations(languages: usize, entries: usize) -> String {
    let tags: Vec<String> = (0..languages).map(language_tag).collect();
    let mut text = format!(
        "version: 1\nsite:\n  languages: [{}]\ncookies:\n",
        tags.join(", ")
    );
    for index in 0..entries {
        text.push_str(&format!(
            "  - name: c{index}\n    provider: P\n    purpose: Why.\n    service: What.\n    \
             category: necessary\n    party: first\n    consent: exempt\n    duration: session\n"
        ));
    }
    text
}

/// The same cookie declared again and again.
pub fn duplicates(entries: usize) -> String {
    let mut text = String::from("version: 1\ncookies:\n");
    for _ in 0..entries {
        text.push_str(
            "  - {name: sid, provider: P, purpose: Session., category: necessary, party: first, \
             consent: exempt, duration: session}\n",
        );
    }
    text
}

/// Values long enough that quoting them in every message would multiply
/// the output: a name, an unknown key and an enum value.
pub fn long_values(bytes: usize) -> String {
    let long = "x".repeat(bytes / 3);
    format!(
        "version: 1\ncookies:\n  - name: \"{long} ;\"\n    provider: P\n    purpose: TODO\n    \
         category: {long}\n    party: third\n    consent: exempt\n    duration: P5Y\n    {long}: 1\n"
    )
}

/// One entry with a great many keys the format does not know.
pub fn unknown_keys(keys: usize) -> String {
    let mut text = String::from(
        "version: 1\ncookies:\n  - name: a\n    provider: P\n    purpose: x\n    \
         category: necessary\n    party: first\n    consent: exempt\n    duration: session\n",
    );
    for index in 0..keys {
        text.push_str(&format!("    k{index}: v\n"));
    }
    text
}

/// Suppressions that name no rule and give no reason.
pub fn invalid_allows(entries: usize) -> String {
    let mut text = String::from("version: 1\ncookies:\n");
    for index in 0..entries {
        text.push_str(&format!(
            "  # cookielint: allow(nope{index})\n  - {{name: c{index}, provider: P, purpose: x, \
             category: necessary, party: first, consent: exempt, duration: session}}\n"
        ));
    }
    text
}

/// Every value of every entry of the wrong type.
pub fn wrong_types(entries: usize) -> String {
    let mut text = String::from("version: 1\ncookies:\n");
    for _ in 0..entries {
        text.push_str(
            "  - {name: [x], provider: 1, purpose: x, category: 2, party: 3, consent: 4, \
             duration: 5}\n",
        );
    }
    text
}

/// Every key of every entry misspelt.
pub fn misspelt_keys(entries: usize) -> String {
    let mut text = String::from("version: 1\ncookies:\n");
    for index in 0..entries {
        text.push_str(&format!(
            "  - {{nme: c{index}, provder: P, purpse: x, categry: necessary, pary: first, \
             consnt: exempt, duraton: session}}\n"
        ));
    }
    text
}
