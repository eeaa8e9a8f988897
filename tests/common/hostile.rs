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
    [
        ("one-line-flow", one_line_flow(count(6_000))),
        ("placeholder-purposes", placeholder_purposes(count(50_000))),
        ("allow-comments", allow_comments(count(40_000))),
        ("nested-anchors", nested_anchors(250, count(7_000_000))),
        ("long-language-list", long_language_list(count(40_000))),
        (
            "missing-translations",
            missing_translations(count(1_000), count(300)),
        ),
        ("duplicates", duplicates(count(40_000))),
        ("long-values", long_values(count(2_000_000))),
        ("unknown-keys", unknown_keys(count(100_000))),
        ("invalid-allows", invalid_allows(count(40_000))),
        ("wrong-types", wrong_types(count(50_000))),
        ("misspelt-keys", misspelt_keys(count(30_000))),
    ]
    .into_iter()
    .map(|(name, text)| Case { name, text })
    .collect()
}

/// `head`, then `line(index)` for each of `count` indexes.
fn repeated(head: &str, count: usize, line: impl Fn(usize) -> String) -> String {
    let mut text = String::from(head);
    for index in 0..count {
        text.push_str(&line(index));
    }
    text
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
    repeated("version: 1\ncookies:\n", entries, |index| {
        format!(
            "  - name: c{index}\n    provider: P\n    purpose: TODO\n    category: marketing\n    \
             party: third\n    consent: exempt\n    duration: P3Y\n"
        )
    })
}

/// An allow comment before every entry.
pub fn allow_comments(entries: usize) -> String {
    repeated(
        "version: 1\nsite:\n  languages: [en]\ncookies:\n",
        entries,
        |index| {
            format!(
                "  # cookielint: allow(third-party-consent) reason: fraud check\n  - {{name: c{index}, \
             provider: P, purpose: Fraud check., category: necessary, party: third, \
             consent: exempt, duration: session}}\n"
            )
        },
    )
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
    repeated("version: 1\ncookies:\n", entries, |_| {
        "  - {name: sid, provider: P, purpose: Session., category: necessary, party: first, \
             consent: exempt, duration: session}\n"
            .to_string()
    })
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
    repeated(
        "version: 1\ncookies:\n  - name: a\n    provider: P\n    purpose: x\n    \
         category: necessary\n    party: first\n    consent: exempt\n    duration: session\n",
        keys,
        |index| format!("    k{index}: v\n"),
    )
}

/// Suppressions that name no rule and give no reason.
pub fn invalid_allows(entries: usize) -> String {
    repeated("version: 1\ncookies:\n", entries, |index| {
        format!(
            "  # cookielint: allow(nope{index})\n  - {{name: c{index}, provider: P, purpose: x, \
             category: necessary, party: first, consent: exempt, duration: session}}\n"
        )
    })
}

/// Every value of every entry of the wrong type.
pub fn wrong_types(entries: usize) -> String {
    repeated("version: 1\ncookies:\n", entries, |_| {
        "  - {name: [x], provider: 1, purpose: x, category: 2, party: 3, consent: 4, \
             duration: 5}\n"
            .to_string()
    })
}

/// Every key of every entry misspelt.
pub fn misspelt_keys(entries: usize) -> String {
    repeated("version: 1\ncookies:\n", entries, |index| {
        format!(
            "  - {{nme: c{index}, provder: P, purpse: x, categry: necessary, pary: first, \
             consnt: exempt, duraton: session}}\n"
        )
    })
}
