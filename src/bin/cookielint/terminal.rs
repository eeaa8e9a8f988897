//! What a command knows of where it runs, and how it tells the user about
//! mistakes: colours from flags and the environment, errors on stderr.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use cookielint::Finding;
use cookielint::capture::Capture;
use cookielint::output::{self, Format, Style};
use cookielint::session::{OpenError, Session, Workspace};

use crate::args::ColorChoice;

/// What every command is given: the global flags, the current directory,
/// and the two streams.
pub struct Context<'a> {
    pub config: Option<PathBuf>,
    pub color: ColorChoice,
    pub current_dir: PathBuf,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
}

impl Context<'_> {
    /// How a report is drawn on a stream that is, or not, a terminal.
    pub fn style(&self, terminal: bool) -> Style {
        let env_set = |name: &str| {
            std::env::var_os(name).is_some_and(|value| !value.is_empty() && value != "0")
        };
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if env_set("NO_COLOR") => false,
            ColorChoice::Auto => env_set("CLICOLOR_FORCE") || terminal,
        };
        Style { color, width: 100 }
    }

    /// How a report on stderr is drawn.
    pub fn stderr_style(&self) -> Style {
        self.style(io::stderr().is_terminal())
    }

    /// The configuration that applies and the rules it asks for; on a
    /// mistake in either, the mistakes are printed (in `format`) and `None`
    /// returned.
    pub fn workspace(&mut self, format: Format) -> Option<Workspace> {
        match Workspace::load(&self.current_dir, self.config.as_deref()) {
            Ok(workspace) => Some(workspace),
            Err(mistakes) => {
                self.report_mistakes(&mistakes, format);
                None
            }
        }
    }

    /// The workspace compiled into a session that lints; on a user rule
    /// whose examples do not hold, or a failure, what went wrong is printed
    /// (mistakes in `format`) and `None` returned.
    pub fn open(&mut self, workspace: Workspace, format: Format) -> Option<Session> {
        match workspace.open() {
            Ok(session) => Some(session),
            Err(OpenError::RuleExamples(mistakes)) => {
                self.report_mistakes(&mistakes, format);
                None
            }
            Err(OpenError::Failed(error)) => {
                self.report_error(&error);
                None
            }
        }
    }

    /// The configured session, as `workspace` then `open` give it.
    pub fn session(&mut self, format: Format) -> Option<Session> {
        let workspace = self.workspace(format)?;
        self.open(workspace, format)
    }

    /// Mistakes in the configuration or a rule file, and what they are.
    pub fn report_mistakes(&mut self, mistakes: &[Finding], format: Format) {
        let style = self.stderr_style();
        let _ = output::render(mistakes, format, style, self.stderr);
        let _ = writeln!(
            self.stderr,
            "error: the configuration or a rule file is invalid ({} mistake{})",
            mistakes.len(),
            if mistakes.len() == 1 { "" } else { "s" }
        );
    }

    pub fn report_error(&mut self, error: &dyn miette::Diagnostic) {
        report_error(self.stderr, error);
    }

    /// A capture whose persistent cookies have no lifetime, because nothing
    /// says when it was taken: said once, with the way to give the time.
    pub fn warn_undated(&mut self, capture: &Capture) {
        if capture.undated == 0 {
            return;
        }
        let count = capture.undated;
        let _ = writeln!(
            self.stderr,
            "warning: `{}` does not say when it was taken, so the lifetime of its {count} persistent cookie{} is unknown\n  help: Give the time it was taken with `--captured-at 2026-05-01T10:00:00Z` (or add `\"capturedAt\"` to the file; `cookielint scan` writes it).",
            capture.shown,
            if count == 1 { "" } else { "s" },
        );
    }
}

/// An error, and what to do about it, on its own lines.
pub fn report_error(stderr: &mut dyn Write, error: &dyn miette::Diagnostic) {
    let help = miette::Diagnostic::help(error)
        .map(|help| format!("\n  help: {help}"))
        .unwrap_or_default();
    let _ = writeln!(stderr, "error: {error}{help}");
}
