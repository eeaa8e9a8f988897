//! What the integration tests share: running the binary, and making a
//! throw-away project of files.

// Each test crate uses some of these.
#![allow(dead_code)]

use std::path::Path;
use std::process::Output;

use tempfile::TempDir;

/// A declaration with one finding: a third-party cookie marked exempt
/// (`third-party-consent` at 8:14).
pub const THIRD_PARTY_EXEMPT: &str = "version: 1
cookies:
  - name: _ga
    provider: Google
    purpose: Audience measurement.
    category: statistics
    party: third
    consent: exempt
    duration: P13M
";

/// How a run of the binary ended.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(output: Output) -> Run {
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Runs `cookielint ARGS` in `dir`, with `env` set and the variables that
/// change its output (colour, GitHub Actions) otherwise unset.
pub fn cookielint_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = assert_cmd::Command::cargo_bin("cookielint").expect("the binary is built");
    command
        .current_dir(dir)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (key, value) in env {
        command.env(key, value);
    }
    Run::of(command.output().expect("cookielint runs"))
}

pub fn cookielint(dir: &Path, args: &[&str]) -> Run {
    cookielint_with_env(dir, args, &[])
}

/// A temporary folder holding `files` (name, text), folders made as needed.
pub fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}
