//! The file system's corner cases, through the binary: each gives a clear
//! error naming the path, the other files are still checked, and nothing
//! hangs or reads forever. The limits are bounded by construction: each run
//! here gets at most 20 s of CPU and 1 GiB of address space (`ulimit`), so a
//! runaway is killed and the test fails, without timing anything.
#![cfg(unix)]

mod common;

use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;

use common::{Run, project};

/// Runs `cookielint ARGS` in `dir` under CPU-time and memory limits.
fn bounded(dir: &Path, args: &[&str]) -> Run {
    let binary = assert_cmd::cargo::cargo_bin("cookielint");
    let output = Command::new("sh")
        .arg("-c")
        .arg("ulimit -t 20; ulimit -v 1048576; exec \"$0\" \"$@\"")
        .arg(binary)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sh runs");
    Run::of(output)
}

const GOOD: &str = "version: 1\ncookies: []\n";
const BAD: &str = "version: 1\ncookies:\n  - { name: _ga, provider: G, purpose: x, category: statistics, party: third, consent: exempt, duration: P1D }\n";

#[cfg(target_os = "linux")]
#[test]
fn a_file_that_cannot_be_read_is_named_and_the_others_checked() {
    // Reading /proc/self/mem from its start fails even for root, where
    // permission bits would not stop a read.
    let dir = project(&[("bad.cookies.yaml", BAD)]);
    let run = bounded(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "/proc/self/mem",
            "bad.cookies.yaml",
        ],
    );
    assert_eq!(run.status, 2);
    assert!(
        run.stdout.starts_with("bad.cookies.yaml:3:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .starts_with("error: cannot read `/proc/self/mem`: "),
        "{}",
        run.stderr
    );
}

#[test]
fn links_that_loop_or_dangle() {
    let dir = project(&[("site/cookies.yaml", BAD)]);
    let site = dir.path().join("site");
    std::os::unix::fs::symlink("loop.cookies.yaml", site.join("loop.cookies.yaml"))
        .expect("file loop");
    std::os::unix::fs::symlink("nowhere.yaml", site.join("gone.cookies.yaml")).expect("dangling");
    std::os::unix::fs::symlink("..", site.join("up")).expect("directory loop");
    let run = bounded(dir.path(), &["check", "--format", "concise", "site"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("site/cookies.yaml:3:"),
        "the real file is still checked: {}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("error: cannot read `site/gone.cookies.yaml`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: cannot read `site/loop.cookies.yaml`"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("site/up"),
        "links to directories are not followed: {}",
        run.stderr
    );
}

#[test]
fn a_directory_named_like_a_declaration() {
    let dir = project(&[
        ("cookies.yaml/inner.txt", "x"),
        ("site/shop.cookies.yaml", GOOD),
    ]);
    let run = bounded(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(
        (run.status, run.stderr.as_str()),
        (0, "checked 1 file: 0 errors, 0 warnings\n")
    );
    let run = bounded(dir.path(), &["check", "cookies.yaml"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .starts_with("error: no declaration file found under `cookies.yaml`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_device_is_read_only_up_to_the_size_limit() {
    let dir = project(&[]);
    let run = bounded(dir.path(), &["check", "--format", "concise", "/dev/zero"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "/dev/zero:1:1: error [yaml-syntax] the file is larger than the 8 MiB a declaration may be\n"
    );
}

#[test]
fn a_pipe_with_a_writer_is_read_and_one_without_is_given_up() {
    let dir = project(&[("bad.cookies.yaml", BAD)]);
    let fed = dir.path().join("fed.cookies.yaml");
    let silent = dir.path().join("silent.cookies.yaml");
    for pipe in [&fed, &silent] {
        let status = Command::new("mkfifo").arg(pipe).status().expect("mkfifo");
        assert!(status.success());
    }
    // A writer, as a shell's `<(...)` gives.
    let writer = std::thread::spawn(move || std::fs::write(fed, BAD));
    let run = bounded(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "fed.cookies.yaml",
            "silent.cookies.yaml",
            "bad.cookies.yaml",
        ],
    );
    writer.join().expect("writer thread").expect("written");
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stdout.lines().count(),
        2,
        "the fed pipe and the file: {}",
        run.stdout
    );
    assert!(run.stdout.contains("fed.cookies.yaml:3:"), "{}", run.stdout);
    assert!(
        run.stderr.starts_with("error: cannot read `silent.cookies.yaml`: it is a pipe, and nothing was written to it within 10 s"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_pipe_found_by_a_directory_search_is_skipped() {
    let dir = project(&[("site/cookies.yaml", GOOD)]);
    let status = Command::new("mkfifo")
        .arg(dir.path().join("site/pipe.cookies.yaml"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let run = bounded(dir.path(), &["check", "site"]);
    assert_eq!(
        (run.status, run.stderr.as_str()),
        (0, "checked 1 file: 0 errors, 0 warnings\n")
    );
}

#[test]
fn a_hundred_thousand_files_in_one_directory() {
    let dir = project(&[]);
    let crowd = dir.path().join("crowd");
    std::fs::create_dir(&crowd).expect("mkdir");
    for index in 0..100_000 {
        std::fs::write(crowd.join(format!("note{index:06}.txt")), "").expect("write");
    }
    std::fs::write(crowd.join("cookies.yaml"), BAD).expect("write");
    std::fs::write(crowd.join("zz.cookies.yml"), GOOD).expect("write");
    let run = bounded(dir.path(), &["check", "--format", "concise", "crowd"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "checked 2 files: 1 error, 0 warnings\n");
}

#[test]
fn a_path_that_is_not_utf8() {
    let dir = project(&[]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.cookies.yaml");
    std::fs::write(dir.path().join(name), BAD).expect("write");
    let run = bounded(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("caf\u{fffd}.cookies.yaml:3:"),
        "shown with a replacement character: {}",
        run.stdout
    );
}

#[test]
fn limits_answer_within_bounded_time_and_memory() {
    let bomb: String = std::iter::once("a: &a [x, x, x, x, x, x, x, x, x]\n".to_string())
        .chain((1..10u8).map(|level| {
            let (name, previous) = ((b'a' + level) as char, (b'a' + level - 1) as char);
            format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{previous}"); 9].join(", ")
            )
        }))
        .collect();
    let deep = format!("{}x{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let dir = project(&[("bomb.cookies.yaml", &bomb), ("deep.cookies.yaml", &deep)]);
    std::fs::write(
        dir.path().join("huge.cookies.yaml"),
        vec![b'#'; 50 * 1024 * 1024],
    )
    .expect("50 MB");
    let run = bounded(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(
        lines[0].starts_with("bomb.cookies.yaml:")
            && lines[0].contains("aliases expand the document past 100000 nodes")
    );
    assert!(
        lines[1].starts_with("deep.cookies.yaml:1:")
            && lines[1].contains("nested deeper than 255 levels")
    );
    assert!(
        lines[2].starts_with("huge.cookies.yaml:1:1:")
            && lines[2].contains("larger than the 8 MiB")
    );
}

#[test]
fn configuration_and_rule_files_are_read_within_the_limits() {
    let dir = project(&[
        ("cookies.yaml", GOOD),
        ("cookielint.toml", "rule-paths = [\"/dev/zero\"]\n"),
    ]);
    let run = bounded(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.starts_with(
            "/dev/zero:1:1: error [rule-file] cannot read this rule file: it is larger than 8 MiB"
        ),
        "{}",
        run.stderr
    );
    let run = bounded(dir.path(), &["--config", "/dev/zero", "check"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .contains("cannot read the configuration: it is larger than 8 MiB"),
        "{}",
        run.stderr
    );
}

#[test]
fn render_reads_a_template_and_a_committed_charter_within_the_limits() {
    let dir = project(&[("cookies.yaml", GOOD)]);
    let status = Command::new("mkfifo")
        .arg(dir.path().join("pipe.html"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    std::fs::write(dir.path().join("huge.html"), vec![b' '; 9 * 1024 * 1024]).expect("9 MiB");
    for (args, error) in [
        (
            ["render", "--template", "pipe.html"],
            "error: cannot read `pipe.html`: it is a pipe, and nothing was written to it within 10 s",
        ),
        (
            ["render", "--template", "huge.html"],
            "error: cannot read `huge.html`: it is larger than 8 MiB",
        ),
        (
            ["render", "--check", "--output=pipe.html"],
            "error: cannot read `pipe.html`: it is a pipe, and nothing was written to it within 10 s",
        ),
        (
            ["render", "--check", "--output=huge.html"],
            "error: cannot read `huge.html`: it is larger than 8 MiB",
        ),
    ] {
        let run = bounded(dir.path(), &args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with(error), "{args:?}: {}", run.stderr);
    }
}
