//! Errors that stop cookielint from doing its job. Findings are never errors.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("cannot read `{path}`: {source}")]
    #[diagnostic(
        code(cookielint::io),
        help("Check that the path exists and is readable.")
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("`{0}` does not exist")]
    #[diagnostic(
        code(cookielint::path),
        help("Give a file, a directory, a quoted glob, or `-` for standard input.")
    )]
    NoSuchPath(String),

    #[error("the glob `{pattern}` is malformed: {message}")]
    #[diagnostic(code(cookielint::glob))]
    BadGlob { pattern: String, message: String },

    #[error("`{0}` matched no file")]
    #[diagnostic(
        code(cookielint::path),
        help("Check the pattern; quote it so that cookielint, not the shell, expands it.")
    )]
    NoMatch(String),

    #[error("no declaration file found under `{0}`")]
    #[diagnostic(
        code(cookielint::path),
        help(
            "cookielint looks for `cookies.yaml`, `cookies.yml`, `*.cookies.yaml` and `*.cookies.yml`; name a file to check it whatever its name."
        )
    )]
    NothingFound(String),

    #[error("cannot write the report: {0}")]
    #[diagnostic(code(cookielint::output))]
    Output(std::io::Error),

    /// `--output` could not be written; `what` is the report or the charter.
    #[error("cannot write the {what} to `{path}`: {source}")]
    #[diagnostic(code(cookielint::output))]
    Write {
        what: &'static str,
        path: String,
        source: std::io::Error,
        #[help]
        help: String,
    },

    #[error("no rule is called `{id}`{suggestion} (`cookielint rules` lists them)")]
    #[diagnostic(code(cookielint::rule))]
    UnknownRule { id: String, suggestion: String },

    /// A capture `audit` was given cannot be read.
    #[error("{0}")]
    #[diagnostic(code(cookielint::capture))]
    Capture(String, #[help] Option<String>),

    #[error("built-in data is broken ({0}); this is a bug in cookielint")]
    #[diagnostic(code(cookielint::internal))]
    BuiltinData(String),
}
