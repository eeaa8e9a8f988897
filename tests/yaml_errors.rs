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
