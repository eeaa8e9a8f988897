//! The packages other registries carry (the PyPI wheel, the pre-commit
//! mirror, the npm packages, the GitHub Action) and the docs that tell users
//! which version to pin all name Cargo.toml's version: a release bumps
//! Cargo.toml, and this test lists every place that still says otherwise.
//! The packages themselves are built and installed by `scripts/*-e2e.sh` in
//! `.ci/run`.

use std::path::{Path, PathBuf};

use regex::Regex;
use toml::Value;

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    let path = repository().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn toml_file(relative: &str) -> Value {
    toml::from_str(&read(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

fn cargo_version() -> String {
    toml_file("Cargo.toml")["package"]["version"]
        .as_str()
        .expect("Cargo.toml has a package version")
        .to_owned()
}

/// The files users read or registries publish, where a version to pin
/// appears: docs, the packaging folders, the action and the workflows.
fn published_text_files() -> Vec<PathBuf> {
    let mut files = vec![
        repository().join("README.md"),
        repository().join("CONTRIBUTING.md"),
        repository().join("action.yml"),
    ];
    let mut folders: Vec<PathBuf> = ["docs", "packaging", "python", ".github"]
        .iter()
        .map(|folder| repository().join(folder))
        .collect();
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable folder entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|name| name != "node_modules") {
                    folders.push(path);
                }
            } else {
                files.push(path);
            }
        }
    }
    files.retain(|path| path.is_file());
    files.sort();
    files
}

/// Every version a user is told to pin: `rev: vX` (pre-commit),
/// `cookielint==X` (pip), `cookielint@X` (npm), `cookielint/cookielint@vX`
/// (GitHub Actions), as `(file, line, version)`.
fn pinned_versions() -> Vec<(String, usize, String)> {
    // A version: dot-, dash- or plus-separated parts (`0.2.0-rc.1`), so
    // that the punctuation of a sentence after it is not taken in.
    let pins = Regex::new(
        &[
            r"rev:\s*v(?<rev>VERSION)",
            r"cookielint(?:-pre-commit)?==(?<pip>VERSION)",
            r"cookielint(?:/cookielint)?@v?(?<npm>VERSION)",
        ]
        .join("|")
        .replace("VERSION", r"[0-9]+(?:[.+-][0-9A-Za-z]+)*"),
    )
    .expect("a valid regex");
    let mut found = Vec::new();
    for path in published_text_files() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let relative = path
            .strip_prefix(repository())
            .unwrap_or(&path)
            .display()
            .to_string();
        for (index, line) in text.lines().enumerate() {
            for captures in pins.captures_iter(line) {
                let version = ["rev", "pip", "npm"]
                    .iter()
                    .find_map(|name| captures.name(name))
                    .expect("one alternative matched");
                found.push((relative.clone(), index + 1, version.as_str().to_owned()));
            }
        }
    }
    found
}

#[test]
fn every_pinned_version_in_docs_and_packages_is_cargo_s() {
    let version = cargo_version();
    let pins = pinned_versions();
    let stale: Vec<String> = pins
        .iter()
        .filter(|(_, _, pinned)| *pinned != version)
        .map(|(file, line, pinned)| format!("{file}:{line}: {pinned}"))
        .collect();
    assert!(
        stale.is_empty(),
        "Cargo.toml says {version}, these pin another version:\n{}",
        stale.join("\n")
    );
    // The places users copy from must be among those read, or the check
    // above would pass by finding nothing.
    for expected in [
        "docs/ci.md",
        "docs/ci/github-workflow.yml",
        "docs/ci/gitlab-ci.yml",
        "packaging/pre-commit/README.md",
        "packaging/pre-commit/pyproject.toml",
        "packaging/pre-commit/.pre-commit-hooks.yaml",
    ] {
        assert!(
            pins.iter().any(|(file, _, _)| file == expected),
            "no pinned version found in {expected}: {pins:?}"
        );
    }
}

#[test]
fn the_wheel_takes_its_version_from_cargo_toml() {
    let project = &toml_file("pyproject.toml")["project"];
    assert!(
        project.get("version").is_none(),
        "pyproject.toml must not repeat the version"
    );
    assert_eq!(
        project["dynamic"].as_array().map(Vec::as_slice),
        Some(&[Value::from("version")][..])
    );
    let maturin = &toml_file("pyproject.toml")["tool"]["maturin"];
    assert_eq!(maturin["bindings"].as_str(), Some("bin"));
}

#[test]
fn the_pre_commit_mirror_pins_the_wheel_of_this_version() {
    let version = cargo_version();
    let project = &toml_file("packaging/pre-commit/pyproject.toml")["project"];
    assert_eq!(project["version"].as_str(), Some(version.as_str()));
    assert_eq!(
        project["dependencies"].as_array().map(Vec::as_slice),
        Some(&[Value::from(format!("cookielint=={version}"))][..])
    );
}

#[test]
fn the_npm_package_and_its_platform_packages_are_this_version() {
    let version = cargo_version();
    let manifest: serde_json::Value =
        serde_json::from_str(&read("packaging/npm/cookielint/package.json"))
            .expect("packaging/npm/cookielint/package.json is JSON");
    assert_eq!(manifest["version"].as_str(), Some(version.as_str()));
    let platforms = manifest["optionalDependencies"]
        .as_object()
        .expect("the platform packages are optional dependencies");
    // Linux (x64, arm64, glibc and musl), macOS and Windows, as the release builds them.
    assert_eq!(platforms.len(), 8, "{platforms:?}");
    for (package, pinned) in platforms {
        assert!(package.starts_with("@cookielint/cli-"), "{package}");
        assert_eq!(pinned.as_str(), Some(version.as_str()), "{package}");
    }
}

#[test]
fn the_action_installs_this_version_by_default() {
    let action = read("action.yml");
    let default = Regex::new(r"(?m)^  version:\n(?:    .*\n)*?    default: '([^']*)'$")
        .expect("a valid regex")
        .captures(&action)
        .expect("action.yml's `version` input has a default");
    assert_eq!(&default[1], cargo_version());
}
