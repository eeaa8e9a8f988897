//! `cookielint check`: the configured rules over the files named, one
//! report, and an exit status from its totals. `audit` writes its report
//! the same way.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use cookielint::discover::Input;
use cookielint::output::{Format, ReportOptions, Totals};
use cookielint::session::Session;

use crate::args::{CheckArgs, ReportArgs, RuleArgs};
use crate::files::{Sink, may_write, report_write_error};
use crate::terminal::{Context, report_error};
use crate::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS};

pub fn run(args: &CheckArgs, context: &mut Context<'_>) -> u8 {
    let format = args.report.format.unwrap_or_default();
    let Some(session) = selected_session(&args.rules, format, context) else {
        return EXIT_FAILURE;
    };
    let discovery = session.discover(&args.paths, &args.stdin_filename);
    let mut failed = !discovery.errors.is_empty();
    for error in &discovery.errors {
        context.report_error(error);
    }
    let checked = discovery.inputs.iter().filter_map(|input| match input {
        Input::File { path, .. } => Some(("one of the files checked", path.as_path())),
        Input::Stdin(_) => None,
    });
    if !may_write("report", args.report.output.as_deref(), checked, context) {
        return EXIT_FAILURE;
    }
    let written = write_report(&args.report, &session, context, |options, sink, stderr| {
        session.write_report(&discovery.inputs, options, sink, |error| {
            report_error(stderr, &error);
            failed = true;
        })
    });
    match written {
        Some(totals) => status(&totals, failed, &args.report, &args.rules, context),
        None => EXIT_FAILURE,
    }
}

/// The configured session, with `--select` and `--ignore` applied; on a
/// mistake, it is reported and `None` returned.
pub fn selected_session(
    rules: &RuleArgs,
    format: Format,
    context: &mut Context<'_>,
) -> Option<Session> {
    let mut workspace = context.workspace(format)?;
    if let Err(error) = workspace.select(&rules.select, &rules.ignore) {
        context.report_error(&error);
        return None;
    }
    context.open(workspace, format)
}

/// Writes a report to standard output or `--output` (whole, or not at
/// all): `write` is given the options, the sink and standard error. On an
/// error writing it, the error is reported and `None` returned.
pub fn write_report(
    report: &ReportArgs,
    session: &Session,
    context: &mut Context<'_>,
    write: impl FnOnce(ReportOptions<'_>, &mut dyn Write, &mut dyn Write) -> io::Result<Totals>,
) -> Option<Totals> {
    let root = session.repository_root();
    let options = ReportOptions {
        format: report.format.unwrap_or_default(),
        style: context.style(report.output.is_none() && io::stdout().is_terminal()),
        // As ruff does: on GitHub Actions, a human report also annotates the pull request.
        annotate: report.format.is_none()
            && std::env::var_os("GITHUB_ACTIONS").is_some_and(|value| value == "true"),
        root: &root,
    };
    let output: Option<&Path> = report.output.as_deref();
    let stderr = &mut *context.stderr;
    let mut sink = match Sink::open(output, context.stdout) {
        Ok(sink) => sink,
        Err(error) => {
            report_error(stderr, &report_write_error(output, error));
            return None;
        }
    };
    let written = write(options, &mut sink, stderr);
    match written.and_then(|totals| sink.commit().map(|()| totals)) {
        Ok(totals) => Some(totals),
        Err(error) => {
            report_error(stderr, &report_write_error(output, error));
            None
        }
    }
}

/// The summary (unless `--quiet`) and the exit status of a report.
pub fn status(
    totals: &Totals,
    failed: bool,
    report: &ReportArgs,
    rules: &RuleArgs,
    context: &mut Context<'_>,
) -> u8 {
    if !report.quiet {
        let _ = writeln!(context.stderr, "{}", totals.summary());
    }
    if failed {
        EXIT_FAILURE
    } else if totals.errors > 0 || (rules.deny_warnings && totals.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
