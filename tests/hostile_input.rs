//! Hostile and malformed input, run through the real `cookielint` binary.
//!
//! Each test builds its input (in a temporary directory, or on standard input
//! with `-`), runs `cookielint check --format concise`, and pins the exit
//! status, every line on stdout, and the error lines and summary on stderr.
//! Expected positions were worked out from the input by hand (the arithmetic is
//! in the comments), following `format.md` ("Positions", "YAML") and
//! `rules.md` ("Precise points").

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

/// A hang guard, not a timing assertion: every input here is answered in well
/// under a second by a release build, and in a few by a debug one. A run that
/// takes this long has hung, and is killed so the test fails instead.
const WATCHDOG: Duration = Duration::from_secs(60);

const MIB: usize = 1024 * 1024;
const TOO_LARGE: &str = "the file is larger than the 8 MiB a declaration may be";
const EMPTY: &str = "the file is empty";
const ONLY_COMMENTS: &str = "the file holds only comments, no YAML document";
const NOT_UTF8: &str = "the file is not valid UTF-8; save it as UTF-8";
const NUL_BYTE: &str = "the file holds a NUL byte, which YAML text cannot";
const TOO_DEEP_FLOW: &str =
    "flow collections (`[`, `{`) are nested deeper than 255 levels; a declaration needs far fewer";
const TOO_DEEP: &str = "nesting is deeper than 256 levels; a declaration needs far fewer";
const SECOND_DOCUMENT: &str =
    "a second YAML document starts here; a declaration file holds exactly one";
const TAB_INDENTS: &str = "a tab indents this line; YAML indents with spaces";
const NEVER_CLOSED: &str = "this quoted string is never closed";

// ---------------------------------------------------------------- helpers

/// `cookielint check --format concise`, run from `dir`.
fn cookielint(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("cookielint").expect("the binary is built");
    command
        .current_dir(dir)
        .timeout(WATCHDOG)
        .args(["check", "--format", "concise"]);
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("cookielint starts")
}

/// A fresh directory holding `files`, each a name and its bytes.
fn dir_with(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().expect("a temporary directory");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("the file is written");
    }
    dir
}

/// Checks one file named `name` holding `bytes`, given by that relative name.
fn check_file(name: &str, bytes: impl AsRef<[u8]>) -> Output {
    let dir = dir_with(&[(name, bytes.as_ref())]);
    run(cookielint(dir.path()).arg(name))
}

/// Checks `bytes` given on standard input, shown as `name`.
fn check_stdin(name: &str, bytes: impl Into<Vec<u8>>) -> Output {
    let dir = TempDir::new().expect("a temporary directory");
    run(cookielint(dir.path())
        .args(["--stdin-filename", name, "-"])
        .write_stdin(bytes))
}

/// One concise line: `PATH:LINE:COL: SEVERITY [RULE] MESSAGE`.
fn line(name: &str, at: (usize, usize), severity: &str, rule: &str, message: &str) -> String {
    format!("{name}:{}:{}: {severity} [{rule}] {message}", at.0, at.1)
}

fn yaml_syntax(name: &str, at: (usize, usize), message: &str) -> String {
    line(name, at, "error", "yaml-syntax", message)
}

/// The summary `check` ends with on stderr.
fn summary(files: usize, errors: usize, warnings: usize) -> String {
    let plural =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    format!(
        "checked {}: {}, {}",
        plural(files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// Asserts the exit status, that stdout is exactly `stdout` (one finding a
/// line), and that stderr holds, besides `help:` lines, exactly one line
/// starting with each of `errors` and then the summary for `files` files and
/// the findings in `stdout`.
fn assert_run(output: &Output, status: i32, stdout: &[String], files: usize, errors: &[&str]) {
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    let context = format!("--- stdout:\n{out}--- stderr:\n{err}");
    assert_eq!(output.status.code(), Some(status), "exit status\n{context}");
    let expected_out: String = stdout.iter().map(|line| format!("{line}\n")).collect();
    assert_eq!(out, expected_out, "stdout\n{context}");

    let err_lines: Vec<&str> = err
        .lines()
        .filter(|line| !line.starts_with("  help: "))
        .collect();
    let count = |severity: &str| {
        let marker = format!(": {severity} [");
        stdout.iter().filter(|line| line.contains(&marker)).count()
    };
    let expected_summary = summary(files, count("error"), count("warning"));
    assert_eq!(
        err_lines.last().copied(),
        Some(expected_summary.as_str()),
        "summary\n{context}"
    );
    let err_lines = &err_lines[..err_lines.len() - 1];
    assert_eq!(err_lines.len(), errors.len(), "stderr errors\n{context}");
    for (actual, expected) in err_lines.iter().zip(errors) {
        assert!(actual.starts_with(expected), "stderr error\n{context}");
    }
}

/// One file checked, no error on stderr.
fn assert_findings(output: &Output, status: i32, stdout: &[String]) {
    assert_run(output, status, stdout, 1, &[]);
}

/// `text` with every LF replaced by `line_break`.
fn with_breaks(text: &str, line_break: &str) -> String {
    text.replace('\n', line_break)
}

/// `version` and `cookies` on lines 1 and 2, then `rest` from line 3.
fn declaration(rest: &str) -> String {
    format!("version: 1\ncookies: []\n{rest}")
}

/// A cookie entry on one line, as a flow mapping, that breaks exactly one
/// rule: `third-party-consent`, at its `exempt`. `provider` is quoted and
/// holds `provider_text`.
fn third_party_exempt_flow_entry(provider_text: &str) -> String {
    format!(
        "  - {{ name: sid, provider: \"{provider_text}\", category: necessary, \
         party: third, consent: exempt, duration: session, purpose: x }}\n"
    )
}

const THIRD_PARTY_EXEMPT: &str =
    "`sid` is set by another site (`party: third`) but marked `consent: exempt`";

/// A declaration with a duplicate key: one `yaml-syntax` finding, `broken_finding`.
const BROKEN: &[u8] = b"version: 1\ncookies: []\nversion: 1\n";

/// The one finding of [`BROKEN`] when it is named `name`.
fn broken_finding(name: &str) -> String {
    yaml_syntax(
        name,
        (3, 1),
        "the key `version` is given twice in this mapping (first at 1:1)",
    )
}

/// A block document nested `levels` deep, one level a line, each line
/// indented one space more than the one before: `item` is `-` for nested
/// lists, `k:` for nested mappings.
fn indented_nesting(levels: usize, item: &str) -> String {
    (0..levels)
        .map(|depth| format!("{}{item}\n", " ".repeat(depth)))
        .collect()
}

// ------------------------------------------------------------ no document

#[test]
fn empty_file_is_yaml_syntax_at_1_1() {
    let name = "empty.cookies.yaml";
    let expected = [yaml_syntax(name, (1, 1), EMPTY)];
    assert_findings(&check_file(name, ""), 1, &expected);
    assert_findings(&check_stdin(name, ""), 1, &expected);
}

#[test]
fn comments_only_file_is_yaml_syntax_at_1_1() {
    let name = "comments.cookies.yaml";
    let text = "# cookies of the site\n\n   # indented comment\n#\n\n";
    assert_findings(
        &check_file(name, text),
        1,
        &[yaml_syntax(name, (1, 1), ONLY_COMMENTS)],
    );
}

// -------------------------------------------------------------- encoding

#[test]
fn latin1_byte_is_yaml_syntax_at_its_line() {
    let name = "latin1.cookies.yaml";
    // `x: caf` is 6 characters: the Latin-1 `é` (0xE9) is column 7 of line 3.
    let bytes = b"version: 1\ncookies: []\nx: caf\xE9\nsite: {}\n";
    let expected = [yaml_syntax(name, (3, 7), NOT_UTF8)];
    assert_findings(&check_file(name, bytes), 1, &expected);
    assert_findings(&check_stdin(name, bytes.to_vec()), 1, &expected);
}

#[test]
fn invalid_utf8_sequences_are_yaml_syntax_at_the_first_bad_byte() {
    let name = "bad.cookies.yaml";
    // A UTF-16 surrogate encoded in UTF-8, at 3:4.
    let surrogate = b"version: 1\ncookies: []\nx: \xED\xA0\x80\n";
    assert_findings(
        &check_file(name, surrogate),
        1,
        &[yaml_syntax(name, (3, 4), NOT_UTF8)],
    );
    // A multi-byte sequence cut short by the end of the file: `cookies: "`
    // is 10 characters, so the lone lead byte is 2:11.
    let truncated = b"version: 1\ncookies: \"\xC3";
    assert_findings(
        &check_file(name, truncated),
        1,
        &[yaml_syntax(name, (2, 11), NOT_UTF8)],
    );
}

#[test]
fn nul_byte_is_yaml_syntax_at_its_line() {
    let name = "nul.cookies.yaml";
    // `x: a` is 4 characters: the NUL is 3:5.
    let bytes = b"version: 1\ncookies: []\nx: a\0b\n";
    assert_findings(
        &check_file(name, bytes),
        1,
        &[yaml_syntax(name, (3, 5), NUL_BYTE)],
    );
}

#[test]
fn nul_byte_before_an_invalid_byte_is_the_first_bad_byte() {
    let name = "nul-then-latin1.cookies.yaml";
    // rules.md: "yaml-syntax at the line of the first bad byte". The NUL on
    // line 2 (2:5) comes before the Latin-1 byte on line 3 (3:7).
    let bytes = b"version: 1\nx: a\0b\ny: caf\xE9\n";
    assert_findings(
        &check_file(name, bytes),
        1,
        &[yaml_syntax(name, (2, 5), NUL_BYTE)],
    );
}

#[test]
fn leading_bom_is_ignored() {
    let name = "bom.cookies.yaml";
    assert_findings(
        &check_file(name, "\u{FEFF}version: 1\ncookies: []\n"),
        0,
        &[],
    );
    // A BOM and nothing else is an empty file.
    assert_findings(
        &check_file(name, "\u{FEFF}"),
        1,
        &[yaml_syntax(name, (1, 1), EMPTY)],
    );
}

#[test]
fn leading_bom_does_not_shift_positions() {
    let name = "bom.cookies.yaml";
    // Each input has its finding on line 1, where a counted BOM would show.
    // `{version: 1, cookies: [], ` is 26 characters: the second `version` is 1:27.
    let duplicate = b"{version: 1, cookies: [], version: 1}\n".as_slice();
    let duplicate_line = yaml_syntax(
        name,
        (1, 27),
        "the key `version` is given twice in this mapping (first at 1:2)",
    );
    // `x: caf` is 6 characters: the Latin-1 byte is 1:7.
    let latin1 = b"x: caf\xE9\n".as_slice();
    let latin1_line = yaml_syntax(name, (1, 7), NOT_UTF8);
    for (body, expected) in [(duplicate, duplicate_line), (latin1, latin1_line)] {
        for bom in [&b""[..], b"\xEF\xBB\xBF"] {
            let bytes = [bom, body].concat();
            assert_findings(&check_file(name, bytes), 1, std::slice::from_ref(&expected));
        }
    }
}

// ----------------------------------------------------------- line breaks

#[test]
fn crlf_and_lone_cr_give_the_same_positions_as_lf() {
    let name = "breaks.cookies.yaml";
    // A rule finding at line 5: `    consent: ` is 13 characters, so 5:14.
    let rule = "version: 1\ncookies:\n  - name: sid\n    party: third\n    consent: exempt\n    \
                provider: Example\n    category: necessary\n    duration: session\n    \
                purpose: Keeps the visitor signed in.\n";
    let rule_line = line(
        name,
        (5, 14),
        "error",
        "third-party-consent",
        THIRD_PARTY_EXEMPT,
    );
    // A parser error at line 5: the second `name` key, at 5:5.
    let duplicate = "version: 1\ncookies:\n  - name: sid\n    provider: Example\n    name: sid\n";
    let duplicate_line = yaml_syntax(
        name,
        (5, 5),
        "the key `name` is given twice in this mapping (first at 3:5)",
    );
    // A scanner error at line 5: the opening quote, at 5:11.
    let quote = "version: 1\ncookies:\n  - provider: Example\n    category: necessary\n    \
                 name: \"sid\n";
    let quote_line = yaml_syntax(name, (5, 11), NEVER_CLOSED);
    for (text, expected) in [
        (rule, rule_line),
        (duplicate, duplicate_line),
        (quote, quote_line),
    ] {
        for line_break in ["\n", "\r\n", "\r"] {
            let output = check_file(name, with_breaks(text, line_break));
            assert_findings(&output, 1, std::slice::from_ref(&expected));
        }
    }
}

// ------------------------------------------------------------ YAML syntax

#[test]
fn tab_indentation_is_yaml_syntax_at_the_tab() {
    let name = "tabs.cookies.yaml";
    // The parser stops at what the tab indents, 3:2; cookielint points at
    // the tab itself, 3:1.
    for text in [
        "version: 1\ncookies:\n\t- name: sid\n",
        "version: 1\nsite:\n\tname: Example\ncookies: []\n",
    ] {
        assert_findings(
            &check_file(name, text),
            1,
            &[yaml_syntax(name, (3, 1), TAB_INDENTS)],
        );
    }
}

#[test]
fn tab_indenting_a_key_is_reported_on_the_tab_line() {
    let name = "tabs.cookies.yaml";
    // saphyr reports the start of the plain scalar it was scanning (`sid`,
    // 3:11); cookielint points at the tab, 4:1, as for the tab above.
    let text = "version: 1\ncookies:\n  - name: sid\n\tprovider: Example\n";
    assert_findings(
        &check_file(name, text),
        1,
        &[yaml_syntax(name, (4, 1), TAB_INDENTS)],
    );
}

#[test]
fn unclosed_double_quote_is_yaml_syntax_at_the_opening_quote() {
    let name = "quote.cookies.yaml";
    // At the end of the file: `site: { name: ` is 14 characters, so 3:15.
    let at_end = declaration("site: { name: \"Example }\n");
    assert_findings(
        &check_file(name, at_end),
        1,
        &[yaml_syntax(name, (3, 15), NEVER_CLOSED)],
    );
    // Swallowing the following lines: `  - name: ` is 10 characters, so 3:11.
    let swallowing = "version: 1\ncookies:\n  - name: \"sid\n    provider: Example\n";
    assert_findings(
        &check_file(name, swallowing),
        1,
        &[yaml_syntax(name, (3, 11), NEVER_CLOSED)],
    );
}

#[test]
fn two_documents_are_yaml_syntax_at_the_second_start() {
    let name = "two.cookies.yaml";
    let cases = [
        ("version: 1\ncookies: []\n---\nversion: 1\ncookies: []\n", 3),
        (
            "---\nversion: 1\ncookies: []\n---\nversion: 1\ncookies: []\n",
            4,
        ),
        // After `...`, a second document needs no `---`: it starts at its content.
        ("version: 1\ncookies: []\n...\nversion: 1\n", 4),
        // A trailing `---` starts a second, empty document.
        ("version: 1\ncookies: []\n---\n", 3),
    ];
    for (text, second) in cases {
        assert_findings(
            &check_file(name, text),
            1,
            &[yaml_syntax(name, (second, 1), SECOND_DOCUMENT)],
        );
    }
    // An end marker followed only by comments is still one document.
    let one = "version: 1\ncookies: []\n...\n# the end\n";
    assert_findings(&check_file(name, one), 0, &[]);
}

#[test]
fn duplicate_key_is_yaml_syntax_at_the_second_key() {
    let name = "dup.cookies.yaml";
    let cases = [
        (
            "version: 1\ncookies: []\nversion: 1\n",
            (3, 1),
            "the key `version` is given twice in this mapping (first at 1:1)",
        ),
        (
            "version: 1\ncookies:\n  - name: a\n    provider: p\n    name: b\n",
            (5, 5),
            "the key `name` is given twice in this mapping (first at 3:5)",
        ),
        // Quoted and plain are the same key. `  - { ` is 6 characters and
        // `name: a, ` 9 more, so the quoted key is 3:16.
        (
            "version: 1\ncookies:\n  - { name: a, \"name\": b }\n",
            (3, 16),
            "the key `name` is given twice in this mapping (first at 3:7)",
        ),
    ];
    for (text, at, message) in cases {
        assert_findings(
            &check_file(name, text),
            1,
            &[yaml_syntax(name, at, message)],
        );
    }
}

// ---------------------------------------------------------------- limits

/// A billion-laughs bomb: `a0` is a list of 9 strings, and each of `a1` to
/// `a9`, on lines 2 to 10, a list of 9 aliases of the one before.
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=9 {
        let aliases = vec![format!("*a{}", level - 1); 9].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
    }
    text
}

#[test]
fn alias_bomb_is_yaml_syntax_where_the_limit_is_crossed() {
    let name = "bomb.cookies.yaml";
    // Nodes copied by aliases: a copy of a0 is 10 nodes, so line 2 copies 90
    // and a1 is 91 nodes; line 3 copies 9 * 91 = 819 (909 so far), a2 is 820;
    // line 4 copies 7,380 (8,289), a3 is 7,381; line 5 copies 66,429 (74,718),
    // a4 is 66,430. The first alias on line 6 brings the total to 141,148,
    // past 100,000: it is 6:10, after the 9 characters of `a5: &a5 [`.
    assert_findings(
        &check_file(name, alias_bomb()),
        1,
        &[yaml_syntax(
            name,
            (6, 10),
            "aliases expand the document past 100000 nodes",
        )],
    );
}

#[test]
fn aliases_copying_too_much_text_are_yaml_syntax() {
    let name = "text-bomb.cookies.yaml";
    // A 1 MiB string, aliased 20 times: the 17th copy passes 16 MiB. `b: [`
    // is 4 characters and each `*a, ` 4 more, so the 17th alias is 4:69.
    let aliases = vec!["*a"; 20].join(", ");
    let text = declaration(&format!("a: &a {}\nb: [{aliases}]\n", "x".repeat(MIB)));
    assert_findings(
        &check_file(name, text),
        1,
        &[yaml_syntax(
            name,
            (4, 69),
            "aliases expand the document past 16 MiB of text",
        )],
    );
}

#[test]
fn self_referencing_alias_is_yaml_syntax() {
    let name = "loop.cookies.yaml";
    // An anchor is defined when its node ends, so `*c` inside `&c [...]` names
    // nothing: `cookies: &c [` is 13 characters, so the alias is 2:14.
    assert_findings(
        &check_file(name, "version: 1\ncookies: &c [*c]\n"),
        1,
        &[yaml_syntax(
            name,
            (2, 14),
            "this alias names no anchor defined before it",
        )],
    );
}

#[test]
fn deep_flow_nesting_is_yaml_syntax_without_crashing() {
    let name = "deep-flow.cookies.yaml";
    // The contract promises the line where the limit is crossed; the column
    // is pinned by the test below.
    for text in [
        format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        format!("{}{}\n", "{a: ".repeat(10_000), "}".repeat(10_000)),
        // Unclosed, so that nothing but the limit stops the parser.
        format!("{}\n", "[".repeat(10_000)),
    ] {
        let output = check_file(name, text);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{stdout}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 1, "{stdout}");
        let prefix = format!("{name}:1:");
        assert!(lines[0].starts_with(&prefix), "{stdout}");
        assert!(lines[0].contains(": error [yaml-syntax] "), "{stdout}");
    }
}

#[test]
fn flow_nesting_stops_at_the_parsers_limit_of_255_flow_levels() {
    let name = "deep-flow.cookies.yaml";
    // saphyr-parser counts flow levels in a byte and refuses the 256th, one
    // short of the 256 levels block style allows; cookielint reports it in its
    // own words. A declaration whose root is a flow mapping (level 1), holding
    // `site` (level 2), whose `name` is lists nested from level 3 to `depth`.
    let prefix = "{version: 1, cookies: [], site: {name: ";
    let nested = |depth: usize| {
        let lists = depth - 2;
        format!("{prefix}{}x{}}}}}\n", "[".repeat(lists), "]".repeat(lists))
    };
    // 255 levels are allowed: only `name` is wrong, at its first `[`, 1:40
    // (`prefix` is 39 characters).
    assert_findings(
        &check_file(name, nested(255)),
        1,
        &[line(
            name,
            (1, 40),
            "error",
            "schema",
            "`name` of `site` must be a string, not a list",
        )],
    );
    // 256 are not: the 256th level is the 254th `[`, at 1:(39 + 254).
    assert_findings(
        &check_file(name, nested(256)),
        1,
        &[yaml_syntax(name, (1, 293), TOO_DEEP_FLOW)],
    );
}

#[test]
fn deep_block_nesting_on_one_line_is_yaml_syntax_without_crashing() {
    let name = "deep-block.cookies.yaml";
    // 10,000 compact nested lists, `- - - ... x`: the 257th `-` is the first
    // too deep, after 256 `- `, at 1:513.
    let text = format!("{}x\n", "- ".repeat(10_000));
    assert_findings(
        &check_file(name, text),
        1,
        &[yaml_syntax(name, (1, 513), TOO_DEEP)],
    );
}

#[test]
fn deep_block_nesting_on_successive_lines_is_yaml_syntax_without_crashing() {
    let name = "deep-block.cookies.yaml";
    // One level a line, each indented one space more: level n is line n,
    // column n, and level 257 is the first too deep. 3,000 levels take 4.5 MB;
    // 10,000 would take 50 MB and meet the size limit first.
    for item in ["-", "k:"] {
        assert_findings(
            &check_file(name, indented_nesting(3_000, item)),
            1,
            &[yaml_syntax(name, (257, 257), TOO_DEEP)],
        );
    }
}

#[test]
fn aliases_cannot_nest_the_document_past_the_depth_limit() {
    let name = "deep-alias.cookies.yaml";
    // rules.md: "nesting deeper than 256 levels [...] is yaml-syntax". `a0`
    // (level 2) holds lists down to level 251; `a1` nests a copy of `a0` under
    // as many lists again, so the copy would run from level 252 to 501. The
    // alias crosses the limit: `a1: &a1 ` is 8 characters and 250 `[` follow,
    // so it is 4:259.
    let lists = |inner: &str| format!("{}{inner}{}", "[".repeat(250), "]".repeat(250));
    let text = declaration(&format!(
        "a0: &a0 {}\na1: &a1 {}\n",
        lists("x"),
        lists("*a0")
    ));
    assert_findings(
        &check_file(name, text),
        1,
        &[yaml_syntax(
            name,
            (4, 259),
            "nesting is deeper than 256 levels once this alias is expanded",
        )],
    );
}

#[test]
fn fifty_megabyte_file_is_yaml_syntax_too_large() {
    let name = "huge.cookies.yaml";
    let mut bytes = declaration("").into_bytes();
    bytes.resize(50_000_000, b'#');
    bytes.push(b'\n');
    let expected = [yaml_syntax(name, (1, 1), TOO_LARGE)];
    assert_findings(&check_file(name, &bytes), 1, &expected);
    assert_findings(&check_stdin(name, bytes), 1, &expected);
}

#[test]
fn size_limit_is_exactly_8_mib() {
    let name = "edge.cookies.yaml";
    // A valid declaration padded with a comment to exactly 8 MiB is read...
    let mut bytes = declaration("# ").into_bytes();
    bytes.resize(8 * MIB - 1, b'x');
    bytes.push(b'\n');
    assert_eq!(bytes.len(), 8 * MIB);
    assert_findings(&check_file(name, &bytes), 0, &[]);
    // ...and one byte more is not.
    bytes.insert(0, b'\n');
    assert_findings(
        &check_file(name, &bytes),
        1,
        &[yaml_syntax(name, (1, 1), TOO_LARGE)],
    );
}

#[test]
fn a_declaration_on_one_long_line_is_checked_quickly() {
    let name = "minified.cookies.yaml";
    // JSON is YAML: 6,000 valid cookies, minified onto one 0.96 MB line. The
    // same text with a line break between cookies takes about a second in a
    // debug build; on one line a release build takes 76 s.
    let cookie = |i: usize| {
        format!(
            "{{\"name\":\"c{i}\",\"provider\":\"Example\",\"category\":\"necessary\",\
             \"party\":\"first\",\"consent\":\"exempt\",\"duration\":\"session\",\
             \"purpose\":\"Keeps the visitor signed in.\"}}"
        )
    };
    let cookies: Vec<String> = (0..6_000).map(cookie).collect();
    let text = format!("{{\"version\":1,\"cookies\":[{}]}}\n", cookies.join(","));
    assert_findings(&check_file(name, text), 0, &[]);
}

// --------------------------------------------------------------- columns

#[test]
fn columns_count_unicode_scalar_values() {
    let name = "unicode.cookies.yaml";
    // Before the provider's text, line 3 holds `  - { name: sid, provider: "`
    // (28 characters); after it, `", category: necessary, party: third,
    // consent: ` (47), so `exempt` is at 28 + length + 47 + 1 = 76 + length.
    let cases = [
        // `é😀`: 2 scalar values and 2 graphemes, 6 bytes, 3 UTF-16 units.
        // Column 78; it would be 82 in bytes, 79 in UTF-16 units.
        ("é😀", 78),
        // `e` + combining acute, then thumbs up + skin tone: 4 scalar values,
        // 2 graphemes, 11 bytes, 6 UTF-16 units. Column 80; 78 in graphemes,
        // 87 in bytes, 82 in UTF-16 units.
        ("e\u{301}👍🏽", 80),
    ];
    for (text, column) in cases {
        let declaration = format!(
            "version: 1\ncookies:\n{}",
            third_party_exempt_flow_entry(text)
        );
        assert_findings(
            &check_file(name, declaration),
            1,
            &[line(
                name,
                (3, column),
                "error",
                "third-party-consent",
                THIRD_PARTY_EXEMPT,
            )],
        );
    }
}

#[test]
fn parser_error_columns_count_unicode_scalar_values() {
    let name = "unicode.cookies.yaml";
    // `site: { name: ` is 14 characters and `"é😀"` 4 more, then a space: the
    // stray `]` is 3:20 (3:22 in bytes).
    let text = declaration("site: { name: \"é😀\" ] }\n");
    assert_findings(
        &check_file(name, text),
        1,
        &[yaml_syntax(
            name,
            (3, 20),
            "YAML expects `,` or `}` here, in a `{…}` mapping",
        )],
    );
}

#[test]
fn unicode_line_separators_are_not_line_breaks() {
    let name = "separators.cookies.yaml";
    // U+2028 and NEL (U+0085) are not line breaks (format.md: LF, CRLF, lone
    // CR): the wrong `url` stays on line 5, `  url: ` is 7 characters.
    for name_value in ["\"a\u{2028}b\u{85}c\"", "a\u{2028}b\u{85}c"] {
        let text = declaration(&format!("site:\n  name: {name_value}\n  url: 3\n"));
        assert_findings(
            &check_file(name, text),
            1,
            &[line(
                name,
                (5, 8),
                "error",
                "schema",
                "`url` of `site` must be a string, not a number",
            )],
        );
    }
}

// ------------------------------------------------------- unreadable paths

#[test]
fn unreadable_paths_exit_2_and_other_files_are_still_checked() {
    let valid = "good.cookies.yaml";
    let broken = "broken.cookies.yaml";
    let dir = dir_with(&[(valid, declaration("").as_bytes()), (broken, BROKEN)]);
    // A directory with a declaration's name holds no declaration to find.
    std::fs::create_dir(dir.path().join("x.cookies.yaml")).expect("a directory");
    let output =
        run(cookielint(dir.path()).args([valid, "x.cookies.yaml", broken, "missing.cookies.yaml"]));
    assert_run(
        &output,
        2,
        &[broken_finding(broken)],
        2,
        &[
            "error: no declaration file found under `x.cookies.yaml`",
            "error: `missing.cookies.yaml` does not exist",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_read_exits_2_and_other_files_are_still_checked() {
    let broken = "broken.cookies.yaml";
    let dir = dir_with(&[
        ("good.cookies.yaml", declaration("").as_bytes()),
        (broken, BROKEN),
    ]);
    // Found by the walk, but opening it fails.
    std::os::unix::fs::symlink("nowhere", dir.path().join("dangling.cookies.yaml"))
        .expect("a symbolic link");
    let output = run(cookielint(dir.path()).arg("."));
    assert_run(
        &output,
        2,
        &[broken_finding(broken)],
        2,
        &["error: cannot read `dangling.cookies.yaml`: "],
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_found_by_a_directory_walk_does_not_hang_the_check() {
    let broken = "broken.cookies.yaml";
    let dir = dir_with(&[(broken, BROKEN)]);
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.cookies.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Expected: the walk takes regular files only (a FIFO named on the
    // command line, as `<(...)` gives, is still read).
    let output = run(cookielint(dir.path()).arg("."));
    assert_findings(&output, 1, &[broken_finding(broken)]);
}

// --------------------------------------------------- terminal-safe output

/// Stdout holds findings, each line starting with `prefix`, and no control
/// character but the LFs that end the lines.
fn assert_terminal_safe(output: &Output, prefix: &str) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.is_empty(), "no finding");
    assert!(
        stdout.lines().all(|line| line.starts_with(prefix)),
        "{stdout:?}"
    );
    let controls: Vec<char> = stdout
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(controls.is_empty(), "{controls:?} in {stdout:?}");
}

#[test]
fn control_characters_in_values_do_not_reach_the_terminal() {
    let name = "escape.cookies.yaml";
    // YAML escapes, valid in a double-quoted scalar: an ANSI colour, a bell, a
    // vertical tab, a NEL. The name is echoed by `third-party-consent` (and,
    // once it exists, by `cookie-name-syntax`).
    let text = "version: 1\ncookies:\n  - name: \"a\\e[31mRED\\a\\vb\\N\"\n    \
                provider: p\n    category: necessary\n    party: third\n    \
                consent: exempt\n    duration: session\n    purpose: Session.\n";
    let output = check_file(name, text);
    assert_eq!(output.status.code(), Some(1));
    assert_terminal_safe(&output, &format!("{name}:"));
}

#[test]
fn bidirectional_and_invisible_characters_are_shown_not_obeyed() {
    // `_ga` written backwards behind a right-to-left override, a zero-width
    // space in the provider, an isolate in a comment of the line shown.
    let text = "version: 1\ncookies:\n  - name: \"\u{202e}ag_\"\n    \
                provider: Goo\u{200b}gle\n    category: statistics\n    \
                party: third\n    consent: exempt  # \u{2067}not exempt\u{2069}\n    \
                duration: P13M\n    purpose: Audience.\n";
    let dir = dir_with(&[("bidi.cookies.yaml", text.as_bytes())]);
    for format in ["concise", "full"] {
        let output = run(Command::cargo_bin("cookielint")
            .expect("the binary is built")
            .current_dir(dir.path())
            .timeout(WATCHDOG)
            .args(["check", "--format", format, "bidi.cookies.yaml"]));
        assert_eq!(output.status.code(), Some(1), "{format}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let hidden: Vec<char> = stdout
            .chars()
            .filter(|c| matches!(c, '\u{200b}' | '\u{202e}' | '\u{2067}' | '\u{2069}'))
            .collect();
        assert!(hidden.is_empty(), "{format}: {hidden:?} in {stdout}");
        assert!(stdout.contains("`\\u{202e}ag_`"), "{format}: {stdout}");
        if format == "full" {
            // The source line, masked character for character.
            assert!(
                stdout.contains("consent: exempt  # \u{fffd}not exempt\u{fffd}"),
                "{stdout}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_file_name_with_a_line_break_stays_on_one_line() {
    let dir = dir_with(&[("a\nb.cookies.yaml", BROKEN)]);
    let output = run(cookielint(dir.path()).arg("."));
    assert_eq!(output.status.code(), Some(1));
    // One finding: one line, however the name is shown.
    assert_eq!(
        output.stdout.iter().filter(|&&byte| byte == b'\n').count(),
        1
    );
    assert_terminal_safe(&output, "a");
}

#[test]
fn an_entry_of_forty_thousand_unknown_keys_is_answered_in_linear_time() {
    // Each unknown key is one finding; looking each up again in its mapping,
    // or asking about every misspelling once per field a rule reads, made
    // this quadratic (minutes for a 1 MiB file).
    let mut text = String::from("version: 1\ncookies:\n  - name: sid\n");
    for index in 0..40_000 {
        text.push_str(&format!("    k{index}: 1\n"));
    }
    let output = check_file("cookies.yaml", &text);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("[schema] unknown key `k").count(), 40_000);
    // provider, category, party, consent, duration; and purpose-required.
    assert_eq!(stdout.lines().count(), 40_006);
}
