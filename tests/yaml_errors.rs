//! Broken YAML explained in the user's words, through the binary: for each
//! common mistake in `examples/broken/`, the exact `concise` line (the
//! position is the cause, not where the parser gave up) and the help line
//! of the `full` report.

mod common;

use std::path::Path;

use common::cookielint;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `(file in examples/broken, concise line after the path, help line)`.
const MISTAKES: &[(&str, &str, &str)] = &[
    (
        // Line 5 starts with a tab; the parser stops at `sessionid` on line 4.
        "tab-indent.cookies.yaml",
        ":5:1: error [yaml-syntax] a tab indents this line; YAML indents with spaces",
        "indent with spaces",
    ),
    (
        // `    purpose: ` is 13 characters: the value starts at 6:14; the
        // parser stops at the second `:`, 6:22.
        "colon-in-value.cookies.yaml",
        ":6:14: error [yaml-syntax] this value holds `: `, which YAML reads as a new key",
        "quote this value: `purpose: \"Audience: visits and pages seen\"`",
    ),
    (
        // Three spaces, then the key at 6:4; its sibling `provider` is on line 5.
        "misindented-key.cookies.yaml",
        ":6:4: error [yaml-syntax] this key is indented 3 spaces, its siblings 4",
        "indent it like line 5",
    ),
    (
        // `  - name: ` is 10 characters: the opening quote is 4:11.
        "unclosed-quote.cookies.yaml",
        ":4:11: error [yaml-syntax] this quoted string is never closed",
        "close it with `\"`",
    ),
    (
        // `name: csrftoken` at 11:3, the column of the list's `- ` (line 4).
        "missing-dash.cookies.yaml",
        ":11:3: error [yaml-syntax] a list item needs `- `, as on line 4; this entry has none",
        "start the entry with `- `",
    ),
];

fn path(file: &str) -> String {
    format!("examples/broken/{file}")
}

#[test]
fn concise_lines_point_at_the_cause() {
    for (file, line, _) in MISTAKES {
        let run = cookielint(
            Path::new(ROOT),
            &["check", "--format", "concise", &path(file)],
        );
        assert_eq!(run.status, 1, "{file}: {}", run.stderr);
        assert_eq!(run.stdout, format!("{}{line}\n", path(file)));
        assert_eq!(run.stderr, "checked 1 file: 1 error, 0 warnings\n");
    }
}

#[test]
fn full_reports_say_what_to_do() {
    for (file, _, help) in MISTAKES {
        let run = cookielint(Path::new(ROOT), &["check", "--format", "full", &path(file)]);
        assert_eq!(run.status, 1, "{file}: {}", run.stderr);
        let helps: Vec<&str> = run
            .stdout
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("help: "))
            .collect();
        assert_eq!(helps, [*help], "{file}:\n{}", run.stdout);
        assert!(!run.stdout.contains("while "), "{file}:\n{}", run.stdout);
    }
}

#[test]
fn rule_files_get_the_same_explanations() {
    let dir = common::project(&[
        ("cookielint.toml", "rule-paths = [\"policy\"]\n"),
        ("policy/r.yaml", "id: x\nwhen: {party: third\n"),
    ]);
    let run = cookielint(dir.path(), &["check", "--format", "full"]);
    assert!(
        run.stderr.contains("this `{` is never closed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: close it with `}`"),
        "{}",
        run.stderr
    );
}

/// `(message, help)` of each finding of a JSON report of `file` in `dir`.
fn said(dir: &Path, file: &str) -> Vec<(String, String)> {
    let run = cookielint(dir, &["check", "--format", "json", file]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| {
            let text = |key: &str| finding[key].as_str().unwrap_or_default().to_string();
            (text("message"), text("help"))
        })
        .collect()
}

fn pair(message: &str, help: &str) -> (String, String) {
    (message.to_string(), help.to_string())
}

/// An empty file is a declaration not yet written: `init` writes one into it.
#[test]
fn an_empty_file_says_so_and_init_fills_it() {
    const INIT: &str = "Run `cookielint init` with this file's path: it writes a starter declaration into an empty file.";
    let dir = common::project(&[("empty.yaml", ""), ("blank.yaml", "\n  \n")]);
    assert_eq!(
        said(dir.path(), "empty.yaml"),
        [pair("the file is empty", INIT)]
    );
    assert_eq!(
        said(dir.path(), "blank.yaml"),
        [pair("the file is empty: it holds only white space", INIT)]
    );
    for file in ["empty.yaml", "blank.yaml"] {
        let init = cookielint(dir.path(), &["init", file]);
        assert_eq!(
            (init.status, init.stdout.as_str(), init.stderr.as_str()),
            (
                0,
                format!("wrote {file}: edit it, then run `cookielint check {file}`\n").as_str(),
                ""
            )
        );
        let check = cookielint(dir.path(), &["check", file]);
        assert_eq!(
            (check.status, check.stderr.as_str()),
            (0, "checked 1 file: 0 errors, 0 warnings\n"),
            "{}",
            check.stdout
        );
    }
}

/// A file of comments is someone's words: `init` leaves it alone.
#[test]
fn a_file_of_comments_says_where_the_declaration_goes() {
    let comments = "# The cookies of data.example.fr\n\n# to do\n";
    let dir = common::project(&[("cookies.yaml", comments)]);
    assert_eq!(
        said(dir.path(), "cookies.yaml"),
        [pair(
            "the file holds only comments, no YAML document",
            "Write the declaration after the comments: `version: 1`, then a `cookies:` list (`cookielint init example.yaml` writes one to start from)."
        )]
    );
    let init = cookielint(dir.path(), &["init", "cookies.yaml"]);
    assert_eq!(init.status, 2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("cookies.yaml")).expect("read"),
        comments
    );
}

/// An executable, an image or an archive named like a declaration is said
/// to be one, not a text with a bad character; a stray byte in text is
/// still that byte.
#[test]
fn a_binary_file_is_named_as_one() {
    const BINARY: &str = "this looks like a binary file, not a YAML declaration";
    const HELP: &str = "A declaration is a YAML text file, such as `cookies.yaml`; check that this is the file you meant.";
    let dir = tempfile::tempdir().expect("tempdir");
    let files: [(&str, &[u8]); 4] = [
        (
            "elf.yaml",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
        ),
        ("png.yaml", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("zip.yaml", b"PK\x03\x04\x14\0\0\0\x08\0"),
        ("sqlite.yaml", b"SQLite format 3\0\x10\0\x01\x01\0@  \0"),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
        assert_eq!(said(dir.path(), name), [pair(BINARY, HELP)], "{name}");
    }
    std::fs::write(
        dir.path().join("text.yaml"),
        b"version: 1\ncookies: []\nx: a\x7fb\n",
    )
    .expect("write");
    assert_eq!(
        said(dir.path(), "text.yaml"),
        [pair(
            "the file holds the control character U+007F, which YAML text cannot; write it as an escape in a double-quoted string",
            "Fix the YAML at this point; until it parses, no other rule can judge the file."
        )]
    );
}

/// `duration:` with nothing after it, as `import` writes for a cookie seen
/// by name only, asks for a value in the format's words.
#[test]
fn a_key_with_no_value_says_what_to_write() {
    let entry = "version: 1\ncookies:\n  - name: sid\n    provider: Us\n    purpose: Sign-in.\n    category: necessary\n    party: first\n    consent: exempt\n    # TODO: the captures saw it by name only: say how long it lives\n    duration:\n    domain:\n";
    let dir = common::project(&[("cookies.yaml", entry)]);
    assert_eq!(
        said(dir.path(), "cookies.yaml"),
        [
            pair(
                "`duration` of cookie `sid` has no value",
                "Write how long the cookie lives: `session` (until the browser closes), or an ISO 8601 duration such as `P13M` (13 months), `P1Y`, `P30D` or `PT30M`."
            ),
            pair(
                "`domain` of cookie `sid` has no value",
                "Write a string after `domain:`. The domain that sets the cookie, such as `.google-analytics.com`. Or remove `domain:`, which is optional."
            ),
        ]
    );
    let concise = cookielint(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(
        concise.stdout,
        "cookies.yaml:10:5: error [schema] `duration` of cookie `sid` has no value\n\
         cookies.yaml:11:5: error [schema] `domain` of cookie `sid` has no value\n"
    );
}
