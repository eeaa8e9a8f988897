//! Which files a `check` covers: named files, directories searched for
//! declaration file names, globs expanded by cookielint itself, and stdin.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::read::{read_capped, read_file};
use crate::source::escape_controls;

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input, shown under this name.
    Stdin(String),
    /// A file, shown under the path as given (or relative to the current directory).
    File { path: PathBuf, shown: String },
}

impl Input {
    /// Reads at most one byte more than a declaration may hold, so that a huge
    /// file (or `/dev/zero`) costs no more than the limit. A named pipe is read
    /// on a thread of its own, so that one nobody writes to cannot hang the run.
    pub fn read(&self) -> Result<Vec<u8>, Error> {
        let result = match self {
            Input::Stdin(_) => read_capped(&mut io::stdin().lock()),
            Input::File { path, .. } => read_file(path),
        };
        result.map_err(|source| Error::Read {
            path: self.shown().into(),
            source,
        })
    }

    pub fn shown(&self) -> &str {
        match self {
            Input::Stdin(name) => name,
            Input::File { shown, .. } => shown,
        }
    }
}

/// The inputs found, and the arguments that could not be resolved.
#[derive(Debug, Default)]
pub struct Discovery {
    pub inputs: Vec<Input>,
    pub errors: Vec<Error>,
}

/// Which files a directory search or a glob picks up.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    /// The folder `include` and `exclude` are relative to (absolute).
    pub root: PathBuf,
    /// When empty, the declaration file names (`cookies.yaml`, …).
    pub include: Vec<glob::Pattern>,
    pub exclude: Vec<glob::Pattern>,
}

const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

impl FileFilter {
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let absolute = std::path::absolute(path).ok()?;
        absolute
            .strip_prefix(&self.root)
            .ok()
            .map(Path::to_path_buf)
    }

    /// Whether a file found by a search is linted.
    pub fn picks(&self, path: &Path, has_declaration_name: bool) -> bool {
        let relative = self.relative(path);
        let matches = |patterns: &[glob::Pattern]| {
            relative.as_deref().is_some_and(|relative| {
                patterns
                    .iter()
                    .any(|p| p.matches_path_with(relative, MATCH))
            })
        };
        let included = if self.include.is_empty() {
            has_declaration_name
        } else {
            matches(&self.include)
        };
        included && !matches(&self.exclude)
    }

    /// Whether `exclude` removes a file a glob matched.
    pub fn excludes(&self, path: &Path) -> bool {
        self.relative(path).is_some_and(|relative| {
            self.exclude
                .iter()
                .any(|pattern| pattern.matches_path_with(&relative, MATCH))
        })
    }
}

/// The folder that holds `.git` at or above `current_dir`; `current_dir`
/// itself when there is none. Reports give paths relative to it.
pub fn repository_root(current_dir: &Path) -> PathBuf {
    current_dir
        .ancestors()
        .find(|folder| folder.join(".git").exists())
        .map_or_else(|| current_dir.to_path_buf(), Path::to_path_buf)
}

pub const STDIN_ARGUMENT: &str = "-";

/// Whether a file name is one `check` picks up in a directory.
pub fn is_declaration_name(file_name: &str) -> bool {
    matches!(file_name, "cookies.yaml" | "cookies.yml")
        || file_name.ends_with(".cookies.yaml")
        || file_name.ends_with(".cookies.yml")
}

fn is_glob(argument: &str) -> bool {
    argument.contains(['*', '?', '['])
}

/// Resolves command-line arguments, in order, without duplicates. With no
/// argument, the current directory is searched.
pub fn discover(arguments: &[String], stdin_name: &str, filter: &FileFilter) -> Discovery {
    let mut discovery = Discovery::default();
    let mut seen = HashSet::new();
    let mut push = |discovery: &mut Discovery, input: Input| {
        if seen.insert(input.shown().to_string()) {
            discovery.inputs.push(input);
        }
    };
    let default = [".".to_string()];
    let arguments = if arguments.is_empty() {
        &default[..]
    } else {
        arguments
    };
    for argument in arguments {
        if argument == STDIN_ARGUMENT {
            push(
                &mut discovery,
                Input::Stdin(escape_controls(stdin_name).into_owned()),
            );
            continue;
        }
        let path = Path::new(argument);
        let found_before = discovery.inputs.len();
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, filter, &mut files, &mut discovery.errors);
            for file in files {
                push(&mut discovery, file_input(file));
            }
            if discovery.inputs.len() == found_before {
                discovery.errors.push(Error::NothingFound(argument.clone()));
            }
        } else if path.exists() {
            push(&mut discovery, file_input(path.to_path_buf()));
        } else if is_glob(argument) {
            let matches = match glob::glob(argument) {
                Ok(matches) => matches,
                Err(error) => {
                    discovery.errors.push(Error::BadGlob {
                        pattern: argument.clone(),
                        message: error.msg.to_string(),
                    });
                    continue;
                }
            };
            let mut files = Vec::new();
            for matched in matches {
                match matched {
                    Ok(path) if path.is_dir() => {
                        walk(&path, filter, &mut files, &mut discovery.errors);
                    }
                    Ok(path) if !filter.excludes(&path) => files.push(path),
                    Ok(_) => {}
                    Err(error) => discovery.errors.push(Error::Read {
                        path: error.path().to_path_buf(),
                        source: error.into(),
                    }),
                }
            }
            files.sort();
            for file in files {
                push(&mut discovery, file_input(file));
            }
            if discovery.inputs.len() == found_before {
                discovery.errors.push(Error::NoMatch(argument.clone()));
            }
        } else {
            discovery.errors.push(Error::NoSuchPath(argument.clone()));
        }
    }
    discovery
}

fn file_input(path: PathBuf) -> Input {
    let shown =
        escape_controls(&path.strip_prefix(".").unwrap_or(&path).to_string_lossy()).into_owned();
    Input::File { path, shown }
}

/// Folders a search never enters below its root, ignore files or not: they
/// hold other projects' files, never the site's own declarations.
const NEVER_SEARCHED: &[&str] = &["node_modules"];

/// Whether a search enters this folder: not a hidden one, not one of
/// [`NEVER_SEARCHED`]. The folder the search starts from is always entered.
fn is_searched_folder(entry: &ignore::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.depth() == 0
        || !entry.file_type().is_some_and(|kind| kind.is_dir())
        || !(name.starts_with('.') || NEVER_SEARCHED.contains(&name.as_ref()))
}

/// Collects the files `filter` picks below `directory`, sorted, as ripgrep
/// and ruff would search it: `.gitignore` files (inside a git repository),
/// `.ignore` files, git's own excludes. Hidden folders and `node_modules` are
/// skipped, and links to directories are never followed.
fn walk(directory: &Path, filter: &FileFilter, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let walker = ignore::WalkBuilder::new(directory)
        // Hidden files named like declarations are checked; hidden folders are not.
        .hidden(false)
        .filter_entry(is_searched_folder)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                walk_errors(error, directory, errors);
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name().to_string_lossy();
        if !file_type.is_dir()
            && filter.picks(entry.path(), is_declaration_name(&name))
            && is_readable_file(entry.path(), file_type)
        {
            files.push(entry.into_path());
        }
    }
}

/// Turns what a walk could not read (a folder, an ignore file, a pattern in
/// one) into errors naming the path.
fn walk_errors(error: ignore::Error, path: &Path, errors: &mut Vec<Error>) {
    match error {
        ignore::Error::Partial(parts) => {
            for part in parts {
                walk_errors(part, path, errors);
            }
        }
        ignore::Error::WithDepth { err, .. } => walk_errors(*err, path, errors),
        ignore::Error::WithPath { path, err } => walk_errors(*err, &path, errors),
        ignore::Error::Io(source) => errors.push(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
        other => errors.push(Error::Read {
            path: path.to_path_buf(),
            source: io::Error::other(other.to_string()),
        }),
    }
}

/// Regular files, and links to them. A FIFO or device found by a walk would
/// block or never end; a dangling link is kept so that its error is reported.
fn is_readable_file(path: &Path, file_type: std::fs::FileType) -> bool {
    file_type.is_file()
        || (file_type.is_symlink() && std::fs::metadata(path).map_or(true, |meta| meta.is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_names() {
        for name in [
            "cookies.yaml",
            "cookies.yml",
            "site.cookies.yaml",
            "a.b.cookies.yml",
        ] {
            assert!(is_declaration_name(name), "{name}");
        }
        for name in [
            "cookies.json",
            "mycookies.yaml",
            "cookies.yaml.bak",
            "cookies",
        ] {
            assert!(!is_declaration_name(name), "{name}");
        }
    }

    #[test]
    fn walk_errors_name_the_path_they_are_about() {
        let mut errors = Vec::new();
        let unreadable = ignore::Error::WithDepth {
            depth: 2,
            err: Box::new(ignore::Error::WithPath {
                path: "site/private".into(),
                err: Box::new(ignore::Error::Io(io::ErrorKind::PermissionDenied.into())),
            }),
        };
        let bad_pattern = ignore::Error::Partial(vec![ignore::Error::WithPath {
            path: "site/.gitignore".into(),
            err: Box::new(ignore::Error::WithLineNumber {
                line: 3,
                err: Box::new(ignore::Error::Glob {
                    glob: Some("a{b".into()),
                    err: "unclosed alternate group".into(),
                }),
            }),
        }]);
        walk_errors(unreadable, Path::new("."), &mut errors);
        walk_errors(bad_pattern, Path::new("."), &mut errors);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2);
        assert!(
            messages[0].starts_with("cannot read `site/private`: permission denied"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].starts_with("cannot read `site/.gitignore`: line 3: ")
                && messages[1].contains("a{b"),
            "{}",
            messages[1]
        );
    }

    #[test]
    fn dot_prefix_is_dropped() {
        assert_eq!(
            file_input(PathBuf::from("./a/cookies.yaml")).shown(),
            "a/cookies.yaml"
        );
        assert_eq!(
            file_input(PathBuf::from("a/cookies.yaml")).shown(),
            "a/cookies.yaml"
        );
    }
}
