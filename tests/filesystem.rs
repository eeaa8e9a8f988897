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

/// A declaration `render` and `export` publish, and a capture `import`
/// and `audit` read.
const STARTER: &str = include_str!("../examples/starter/cookies.yaml");
const CAPTURE: &str = include_str!("fixtures/captures/storage-state.json");

/// `path`'s file type and permission bits, links not followed.
fn kind_and_mode(path: &Path) -> (String, u32) {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let metadata = std::fs::symlink_metadata(path).expect("exists");
    let kind = metadata.file_type();
    let kind = if kind.is_symlink() {
        "link"
    } else if kind.is_fifo() {
        "fifo"
    } else if kind.is_char_device() {
        "char device"
    } else if kind.is_file() {
        "file"
    } else {
        "other"
    };
    (kind.to_string(), metadata.permissions().mode() & 0o7777)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("readable")
}

#[test]
fn the_temporary_file_is_unpredictable_and_never_a_link_planted_for_it() {
    let dir = project(&[("cookies.yaml", STARTER), ("victim.txt", "precious\n")]);
    // The old name was `.NAME.PID.tmp`: a shell that plants a link under its
    // own PID, then becomes cookielint (`exec` keeps the PID), is another
    // user who planted links for the next PIDs.
    let binary = assert_cmd::cargo::cargo_bin("cookielint");
    for (args, written) in [
        ("render --page --output charter.html", "cookie_consent"),
        ("check --format json --output charter.html", "\"findings\""),
    ] {
        let output = Command::new("sh")
            .arg("-c")
            .arg("ln -sf victim.txt \".charter.html.$$.tmp\" && exec \"$0\" $1")
            .arg(&binary)
            .arg(args)
            .current_dir(dir.path())
            .output()
            .expect("sh runs");
        let run = Run::of(output);
        assert!(run.status == 0, "{args}: {}", run.stderr);
        assert_eq!(read(dir.path(), "victim.txt"), "precious\n", "{args}");
        assert!(read(dir.path(), "charter.html").contains(written), "{args}");
    }
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert_eq!(
        left.len(),
        2,
        "the planted links, and nothing of ours: {left:?}"
    );
}

#[test]
fn an_output_that_is_an_input_is_refused_whatever_names_it() {
    let dir = project(&[
        ("cookies.yaml", STARTER),
        ("page.html", "<main>{{ cookies }}</main>\n"),
        ("state.json", CAPTURE),
        ("cookielint.toml", "languages = [\"en\"]\n"),
    ]);
    std::os::unix::fs::symlink("cookies.yaml", dir.path().join("link.yaml")).expect("link");
    std::fs::hard_link(
        dir.path().join("cookies.yaml"),
        dir.path().join("hard.yaml"),
    )
    .expect("hard link");
    let help = "\n  help: Name a file of its own for the output; cookielint never writes over what it reads.\n";
    let cases: [(&[&str], &str); 14] = [
        (
            &[
                "render",
                "cookies.yaml",
                "--page",
                "--output",
                "cookies.yaml",
            ],
            "cannot write the charter to `cookies.yaml`: it is the declaration it is made from",
        ),
        (
            &[
                "render",
                "cookies.yaml",
                "--page",
                "--output",
                "./link.yaml",
            ],
            "cannot write the charter to `link.yaml`: it is `cookies.yaml` (the same file), the declaration it is made from",
        ),
        (
            &["render", "link.yaml", "--output", "hard.yaml"],
            "cannot write the charter to `hard.yaml`: it is `link.yaml` (the same file), the declaration it is made from",
        ),
        (
            &["render", "--template", "page.html", "--output", "page.html"],
            "cannot write the charter to `page.html`: it is the template it is made from",
        ),
        (
            &["export", "--to", "klaro", "-o", "link.yaml"],
            "cannot write the banner configuration to `link.yaml`: it is `cookies.yaml` (the same file), the declaration it is made from",
        ),
        (
            &["check", "-o", "cookies.yaml"],
            "cannot write the report to `cookies.yaml`: it is one of the files checked",
        ),
        (
            &["check", "hard.yaml", "--output", "link.yaml"],
            "cannot write the report to `link.yaml`: it is `hard.yaml` (the same file), one of the files checked",
        ),
        (
            &[
                "--config",
                "cookielint.toml",
                "check",
                "-o",
                "cookielint.toml",
            ],
            "cannot write the report to `cookielint.toml`: it is the configuration in use",
        ),
        (
            // Found, not named.
            &["render", "--output", "./cookielint.toml"],
            "cannot write the charter to `cookielint.toml`: it is the configuration in use",
        ),
        (
            &["audit", "cookies.yaml", "state.json", "-o", "state.json"],
            "cannot write the report to `state.json`: it is a capture audited",
        ),
        (
            &["audit", "cookies.yaml", "state.json", "-o", "link.yaml"],
            "cannot write the report to `link.yaml`: it is `cookies.yaml` (the same file), the declaration audited",
        ),
        (
            &["import", "state.json", "-o", "state.json", "--force"],
            "cannot write the declaration to `state.json`: it is a capture it is made from",
        ),
        (
            &[
                "import",
                "--before-consent",
                "state.json",
                "--into",
                "state.json",
            ],
            "cannot write the declaration to `state.json`: it is a capture it is made from",
        ),
        (
            // Refused before any browser is looked for.
            &[
                "scan",
                "https://site.test/",
                "cookies.yaml",
                "-o",
                "hard.yaml",
            ],
            "cannot write the capture to `hard.yaml`: it is `cookies.yaml` (the same file), the declaration the capture is audited against",
        ),
    ];
    for (args, error) in cases {
        let run = bounded(dir.path(), args);
        assert_eq!(
            (run.status, run.stdout.as_str(), run.stderr.as_str()),
            (2, "", format!("error: {error}{help}").as_str()),
            "{args:?}"
        );
        assert_eq!(read(dir.path(), "cookies.yaml"), STARTER, "{args:?}");
        assert_eq!(read(dir.path(), "state.json"), CAPTURE, "{args:?}");
        assert_eq!(
            read(dir.path(), "page.html"),
            "<main>{{ cookies }}</main>\n"
        );
        assert_eq!(kind_and_mode(&dir.path().join("link.yaml")).0, "link");
    }
    let compared = bounded(
        dir.path(),
        &["render", "--check", "--output", "cookies.yaml"],
    );
    assert_eq!(
        compared.status, 1,
        "--check only reads: {}",
        compared.stderr
    );
}

#[test]
fn a_device_a_pipe_and_standard_output_are_written_where_they_are() {
    let dir = project(&[("cookies.yaml", STARTER)]);
    let path = |name: &str| dir.path().join(name);
    // Linked, not named: the old code would have replaced /dev/null itself
    // with a regular file when run as root.
    std::os::unix::fs::symlink("/dev/null", path("null")).expect("link");
    let run = bounded(dir.path(), &["render", "--page", "--output", "null"]);
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "wrote the charter to null\n")
    );
    assert_eq!(kind_and_mode(&path("null")).0, "link");
    assert_eq!(kind_and_mode(Path::new("/dev/null")).0, "char device");
    // Where the runner may make a device (root), one in the folder itself.
    let made = Command::new("mknod")
        .args(["device", "c", "1", "3"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if made {
        let run = bounded(dir.path(), &["check", "-o", "./device"]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_eq!(kind_and_mode(&path("device")).0, "char device");
    }

    std::os::unix::fs::symlink("/dev/stdout", path("out")).expect("link");
    let printed = bounded(dir.path(), &["render", "--page"]);
    let run = bounded(dir.path(), &["export", "--to", "klaro", "-o", "out"]);
    assert_eq!(
        (run.status, run.stderr.as_str()),
        (0, "wrote the banner configuration to out\n")
    );
    assert!(
        run.stdout.contains("cookieName: \"cookie_consent\""),
        "{}",
        run.stdout
    );
    assert_eq!(kind_and_mode(&path("out")).0, "link");
    let run = bounded(dir.path(), &["render", "--page", "-o", "out"]);
    assert_eq!(
        run.stdout, printed.stdout,
        "the charter, on standard output"
    );
    let run = bounded(dir.path(), &["import", "--force", "-o", "out", "/dev/null"]);
    assert_eq!(run.status, 2, "an empty capture: {}", run.stderr);

    let status = Command::new("mkfifo")
        .arg(path("pipe.html"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let reader = {
        let pipe = path("pipe.html");
        std::thread::spawn(move || std::fs::read_to_string(pipe))
    };
    let run = bounded(dir.path(), &["render", "--page", "--output", "pipe.html"]);
    assert_eq!(
        (run.status, run.stderr.as_str()),
        (0, "wrote the charter to pipe.html\n")
    );
    // Replaced by a file, the pipe would leave its reader waiting forever.
    assert_eq!(kind_and_mode(&path("pipe.html")).0, "fifo");
    let read = reader.join().expect("reader").expect("read");
    assert_eq!(read, printed.stdout, "the pipe's reader gets the charter");

    let run = bounded(dir.path(), &["check", "--output", "pipe.html"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: cannot write the report to `pipe.html`: it is a pipe, and nothing read from it within 10 s\n  help: Name a file in a folder you can write to.\n",
        "a pipe nobody reads is given up, not waited for"
    );
}

#[test]
fn a_link_is_written_through_and_a_file_keeps_its_mode_and_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = project(&[
        ("site/cookies.yaml", STARTER),
        ("site/charter.html", "old\n"),
        ("state.json", CAPTURE),
    ]);
    let path = |name: &str| dir.path().join(name);
    std::os::unix::fs::symlink("site/charter.html", path("charter.html")).expect("link");
    std::os::unix::fs::symlink("site/cookies.yaml", path("cookies.yaml")).expect("link");
    for (name, mode) in [("site/charter.html", 0o640), ("site/cookies.yaml", 0o600)] {
        std::fs::set_permissions(path(name), std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    // As root, the file also keeps an owner that is not the runner.
    let root = std::fs::metadata(path("state.json")).expect("exists").uid() == 0;
    if root {
        std::os::unix::fs::chown(path("site/charter.html"), Some(4321), Some(4321)).expect("chown");
    }
    let run = bounded(
        dir.path(),
        &["render", "--page", "--output", "charter.html"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(kind_and_mode(&path("charter.html")), ("link".into(), 0o777));
    assert_eq!(
        kind_and_mode(&path("site/charter.html")),
        ("file".into(), 0o640)
    );
    assert!(read(dir.path(), "site/charter.html").contains("cookie_consent"));
    if root {
        let metadata = std::fs::metadata(path("site/charter.html")).expect("exists");
        assert_eq!((metadata.uid(), metadata.gid()), (4321, 4321));
    }

    let run = bounded(dir.path(), &["render", "--output", "new.md"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let (kind, mode) = kind_and_mode(&path("new.md"));
    assert_eq!(kind, "file");
    assert_eq!(
        mode & 0o600,
        0o600,
        "a new file is made as any other: {mode:o}"
    );

    let run = bounded(
        dir.path(),
        &["import", "state.json", "--into", "cookies.yaml"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("wrote 2 cookies to cookies.yaml"),
        "{}",
        run.stdout
    );
    assert_eq!(kind_and_mode(&path("cookies.yaml")).0, "link");
    assert_eq!(
        kind_and_mode(&path("site/cookies.yaml")),
        ("file".into(), 0o600)
    );
    let merged = read(dir.path(), "site/cookies.yaml");
    assert!(
        merged.starts_with(STARTER) && merged.contains("- name: _ga"),
        "the real declaration has the cookies added: {merged}"
    );
}
