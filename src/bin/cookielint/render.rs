//! `cookielint render`: the charter of a declaration that passes `check`,
//! to standard output, to a file, or compared with the committed one.

use std::io;
use std::path::Path;

use cookielint::error::Error;
use cookielint::output::{self, Format, Totals};
use cookielint::read::read_small_text;
use cookielint::render::{Layout, short_diff};
use cookielint::session::{RenderFailure, RenderRequest, Session};
use cookielint::source::escape_controls;

use crate::args::RenderArgs;
use crate::files::{cannot_write, may_write, shell_word, shown_path, write_whole};
use crate::terminal::Context;
use crate::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, write_out};

pub fn run(args: &RenderArgs, context: &mut Context<'_>) -> u8 {
    let command = render_command(args, context.config.as_deref());
    let read = [
        Some(("the declaration it is made from", args.file.as_path())),
        args.template
            .as_deref()
            .map(|template| ("the template it is made from", template)),
    ];
    let output = args.output.as_deref().filter(|_| !args.check);
    if !may_write(CHARTER.what, output, read.into_iter().flatten(), context) {
        return EXIT_FAILURE;
    }
    let Some(session) = context.session(Format::Full) else {
        return EXIT_FAILURE;
    };
    let request = RenderRequest {
        file: &args.file,
        format: args.format(),
        language: args.lang.as_deref(),
        layout: match (&args.template, args.page) {
            (Some(template), _) => Layout::Template(template.as_path()),
            (None, true) => Layout::Page,
            (None, false) => Layout::Fragment,
        },
    };
    let charter = match session.render(&request) {
        Ok(charter) => charter,
        Err(failure) => return report_failure(failure, &CHARTER, context),
    };
    let destination = Destination {
        file: &args.file,
        output: args.output.as_deref(),
        check: args.check,
        command: &command,
    };
    deliver(&session, &destination, &charter, &CHARTER, context)
}

/// Where a command that publishes the declaration sends its text.
pub struct Destination<'a> {
    /// The declaration published.
    pub file: &'a Path,
    /// `--output`: the file written, or compared with under `--check`.
    pub output: Option<&'a Path>,
    pub check: bool,
    /// The command, without `--check`, that writes `output`.
    pub command: &'a str,
}

/// `text` written to `--output` (atomically), compared with it under
/// `--check`, or printed.
pub fn deliver(
    session: &Session,
    destination: &Destination<'_>,
    text: &str,
    publication: &Publication,
    context: &mut Context<'_>,
) -> u8 {
    match (destination.output, destination.check) {
        (Some(path), true) => {
            let declaration = session.shown(destination.file);
            compare(
                session,
                path,
                &declaration,
                text,
                publication,
                destination.command,
                context,
            )
        }
        (Some(path), false) => match write_whole(path, text.as_bytes(), context.stdout) {
            Ok(file) => {
                let shown = shown_path(path);
                let _ = if file {
                    writeln!(
                        context.stderr,
                        "wrote the {} to {shown}: commit it, and keep it in sync in CI with `{} --check`",
                        publication.what, destination.command
                    )
                } else {
                    writeln!(context.stderr, "wrote the {} to {shown}", publication.what)
                };
                EXIT_CLEAN
            }
            Err(source) => {
                context.report_error(&cannot_write(publication.what, path, source));
                EXIT_FAILURE
            }
        },
        (None, _) => write_out(context.stdout, text),
    }
}

/// What a command that publishes the declaration writes, as its messages
/// name it.
pub struct Publication {
    pub what: &'static str,
    pub verb: &'static str,
    pub gerund: &'static str,
}

const CHARTER: Publication = Publication {
    what: "charter",
    verb: "render",
    gerund: "rendering",
};

pub fn report_failure(
    failure: RenderFailure,
    publication: &Publication,
    context: &mut Context<'_>,
) -> u8 {
    match failure {
        RenderFailure::Failed(error) => {
            context.report_error(&error);
            EXIT_FAILURE
        }
        RenderFailure::Findings { shown, findings } => {
            let style = context.stderr_style();
            let _ = output::render(&findings, Format::Full, style, context.stderr);
            let mut totals = Totals::default();
            totals.add(&findings);
            let _ = writeln!(
                context.stderr,
                "{}\nerror: `{shown}` has errors; fix them before {} its {}",
                totals.summary(),
                publication.gerund,
                publication.what
            );
            EXIT_FINDINGS
        }
        RenderFailure::Unreadable(shown) => {
            let _ = writeln!(
                context.stderr,
                "error: `{shown}` cannot be read as a declaration, and `yaml-syntax` is turned off, so nothing says why\n  help: Run `cookielint check --select yaml-syntax {}`.",
                shell_word(&shown)
            );
            EXIT_FAILURE
        }
        RenderFailure::Charter(error) => {
            let _ = writeln!(context.stderr, "error: {error}");
            EXIT_FAILURE
        }
        RenderFailure::Export(error) => {
            let _ = writeln!(context.stderr, "error: {error}");
            EXIT_FAILURE
        }
    }
}

/// `render --check` and `export --check`: whether the committed file is
/// what publishing gives now.
fn compare(
    session: &Session,
    path: &Path,
    declaration: &str,
    published: &str,
    publication: &Publication,
    command: &str,
    context: &mut Context<'_>,
) -> u8 {
    let Publication { what, verb, .. } = publication;
    let name = session.shown(path);
    let committed = match read_small_text(path) {
        Ok(committed) => committed,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            let _ = writeln!(
                context.stderr,
                "error: `{name}` does not exist, so there is no {what} to compare\n  help: Write it with `{command}`, then commit it."
            );
            return EXIT_FINDINGS;
        }
        Err(source) => {
            context.report_error(&Error::Read {
                path: name.into(),
                source,
            });
            return EXIT_FAILURE;
        }
    };
    if committed == published {
        return EXIT_CLEAN;
    }
    let _ = write!(
        context.stdout,
        "{}",
        short_diff(&committed, published, &name)
    );
    let _ = writeln!(
        context.stderr,
        "error: `{name}` is not what `cookielint {verb}` gives for `{declaration}` now\n  help: Write it again with `{command}`, then commit it."
    );
    EXIT_FINDINGS
}

/// The `render` command, without `--check`, that writes the file `--check`
/// compares with: the flags as given, so that it can be pasted.
fn render_command(args: &RenderArgs, config: Option<&Path>) -> String {
    let lossy = |path: &Path| path.to_string_lossy().into_owned();
    let options = [
        (
            "--format",
            args.format.map(|format| format.name().to_string()),
        ),
        ("--lang", args.lang.clone()),
        ("--template", args.template.as_deref().map(lossy)),
        ("--config", config.map(lossy)),
        ("--output", args.output.as_deref().map(lossy)),
    ];
    let mut words = vec![
        "cookielint render".to_string(),
        shell_word(&lossy(&args.file)),
    ];
    if args.page {
        words.push("--page".to_string());
    }
    for (flag, value) in options {
        if let Some(value) = value {
            words.push(format!("{flag} {}", shell_word(&value)));
        }
    }
    escape_controls(&words.join(" ")).into_owned()
}

#[cfg(test)]
mod tests {
    use cookielint::render::RenderFormat;

    use super::*;

    #[test]
    fn render_command_repeats_the_flags_given() {
        let args = RenderArgs {
            file: "site/cookies.yaml".into(),
            format: Some(RenderFormat::Markdown),
            lang: Some("en".into()),
            output: Some("public/charter en.md".into()),
            template: Some("page.md".into()),
            page: false,
            check: true,
        };
        assert_eq!(
            render_command(&args, Some(Path::new("ci/cookielint.toml"))),
            "cookielint render site/cookies.yaml --format markdown --lang en --template page.md --config ci/cookielint.toml --output 'public/charter en.md'"
        );
        let page = RenderArgs {
            template: None,
            page: true,
            format: None,
            ..args
        };
        assert_eq!(
            render_command(&page, None),
            "cookielint render site/cookies.yaml --page --lang en --output 'public/charter en.md'"
        );
    }
}
