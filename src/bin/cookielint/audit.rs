//! `cookielint audit`: a declaration held against browser captures, its
//! `check` findings and the audit's in one report.

use std::path::{Path, PathBuf};

use cookielint::capture::Capture;
use cookielint::session::Session;

use crate::EXIT_FAILURE;
use crate::args::{AuditArgs, DECLARATION, ReportArgs, RuleArgs};
use crate::check::{selected_session, status, write_report};
use crate::files::may_write;
use crate::terminal::Context;

pub fn run(args: &AuditArgs, context: &mut Context<'_>) -> u8 {
    let format = args.report.format.unwrap_or_default();
    let (declaration, unlabelled) = match args.files.split_first() {
        Some((declaration, captures)) => (declaration.clone(), captures),
        None => (PathBuf::from(DECLARATION), &[][..]),
    };
    let captures = args.labelled.with(unlabelled);
    if captures.is_empty() {
        let _ = writeln!(
            context.stderr,
            "error: no capture to audit against\n  help: Give captures after the declaration, or with `--before-consent FILE` and `--after-consent FILE` (see `cookielint scan` to make one)."
        );
        return EXIT_FAILURE;
    }
    let read = std::iter::once(("the declaration audited", declaration.as_path())).chain(
        captures
            .iter()
            .map(|(path, _)| ("a capture audited", path.as_path())),
    );
    if !may_write("report", args.report.output.as_deref(), read, context) {
        return EXIT_FAILURE;
    }
    let Some(session) = selected_session(&args.rules, format, context) else {
        return EXIT_FAILURE;
    };
    let captures = captures
        .iter()
        .map(|(path, moment)| session.read_capture(path, *moment, args.labelled.captured_at))
        .collect::<Result<Vec<_>, _>>();
    match captures {
        Ok(captures) => {
            for capture in &captures {
                context.warn_undated(capture);
            }
            let site = args.site.as_deref();
            let audited = Audited {
                declaration: &declaration,
                captures: &captures,
                site,
            };
            report(&session, &audited, &args.report, &args.rules, context)
        }
        Err(error) => {
            context.report_error(&error);
            EXIT_FAILURE
        }
    }
}

/// What an audit holds against what.
pub struct Audited<'a> {
    pub declaration: &'a Path,
    pub captures: &'a [Capture],
    /// The site's URL, for a declaration without `site.url`.
    pub site: Option<&'a str>,
}

/// The audit, reported as `report` and `rules` say.
pub fn report(
    session: &Session,
    audited: &Audited<'_>,
    report: &ReportArgs,
    rules: &RuleArgs,
    context: &mut Context<'_>,
) -> u8 {
    let findings = session.audit(audited.declaration, audited.captures, audited.site);
    let findings = match findings {
        Ok(findings) => findings,
        Err(error) => {
            context.report_error(&error);
            return EXIT_FAILURE;
        }
    };
    let written = write_report(report, session, context, |options, sink, _| {
        session.write_findings(&findings, options, sink)
    });
    match written {
        Some(totals) => status(&totals, false, report, rules, context),
        None => EXIT_FAILURE,
    }
}
