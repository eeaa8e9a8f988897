//! `cookielint check`: the configured rules over the files named, one
//! report, and an exit status from its totals.

use std::io::{self, IsTerminal};

use cookielint::output::ReportOptions;

use crate::args::CheckArgs;
use crate::files::{Sink, report_write_error};
use crate::terminal::{Context, report_error};
use crate::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS};

pub fn run(args: &CheckArgs, context: &mut Context<'_>) -> u8 {
    let format = args.format.unwrap_or_default();
    let Some(mut workspace) = context.workspace(format) else {
        return EXIT_FAILURE;
    };
    if let Err(error) = workspace.select(&args.select, &args.ignore) {
        context.report_error(&error);
        return EXIT_FAILURE;
    }
    let Some(session) = context.open(workspace, format) else {
        return EXIT_FAILURE;
    };
    let discovery = session.discover(&args.paths, &args.stdin_filename);
    let mut failed = !discovery.errors.is_empty();
    for error in &discovery.errors {
        context.report_error(error);
    }
    let root = session.repository_root();
    let options = ReportOptions {
        format,
        style: context.style(args.output.is_none() && io::stdout().is_terminal()),
        // As ruff does: on GitHub Actions, a human report also annotates the pull request.
        annotate: args.format.is_none()
            && std::env::var_os("GITHUB_ACTIONS").is_some_and(|value| value == "true"),
        root: &root,
    };
    let output = args.output.as_deref();
    let stderr = &mut *context.stderr;
    let mut sink = match Sink::open(output, context.stdout) {
        Ok(sink) => sink,
        Err(error) => {
            report_error(stderr, &report_write_error(output, error));
            return EXIT_FAILURE;
        }
    };
    let written = session.write_report(&discovery.inputs, options, &mut sink, |error| {
        report_error(stderr, &error);
        failed = true;
    });
    let totals = match written.and_then(|totals| sink.commit().map(|()| totals)) {
        Ok(totals) => totals,
        Err(error) => {
            report_error(stderr, &report_write_error(output, error));
            return EXIT_FAILURE;
        }
    };
    if !args.quiet {
        let _ = writeln!(stderr, "{}", totals.summary());
    }
    if failed {
        EXIT_FAILURE
    } else if totals.errors > 0 || (args.deny_warnings && totals.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
