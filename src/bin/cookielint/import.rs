//! `cookielint import`: a declaration drafted from browser captures, to
//! standard output, a new file, or appended to an existing declaration.

use std::path::Path;

use cookielint::capture::{self, Capture};
use cookielint::error::Error;
use cookielint::import::{Draft, Merged, declaration, into};
use cookielint::output::Format;

use crate::args::ImportArgs;
use crate::files::{cannot_write, may_write, shell_word, shown_path, write_whole};
use crate::terminal::Context;
use crate::{EXIT_CLEAN, EXIT_FAILURE};

pub fn run(args: &ImportArgs, context: &mut Context<'_>) -> u8 {
    let labelled = args.labelled.with(&args.captures);
    if labelled.is_empty() {
        let _ = writeln!(
            context.stderr,
            "error: no capture to import from\n  help: Give captures (`cookielint import first-load.har`), or with `--before-consent FILE` and `--after-consent FILE` (see `cookielint scan` to make one)."
        );
        return EXIT_FAILURE;
    }
    if let Some(tag) = args.lang.iter().find(|tag| !is_language_tag(tag)) {
        let _ = writeln!(
            context.stderr,
            "error: `--lang {}`: `{tag}` is not a language tag\n  help: Give BCP 47 tags separated by commas, the default language first: `--lang fr,en`.",
            args.lang.join(",")
        );
        return EXIT_FAILURE;
    }
    if let Some(output) = &args.output
        && !args.force
        && output.exists()
    {
        let shown = shown_path(output);
        let _ = writeln!(
            context.stderr,
            "error: `{shown}` already exists; cookielint import does not overwrite it\n  help: Add the cookies it lacks with `--into {}` (the rest of the file is kept), or replace it with `--force`.",
            shell_word(&shown)
        );
        return EXIT_FAILURE;
    }
    let written = args.into.as_deref().or(args.output.as_deref());
    let read = labelled
        .iter()
        .map(|(path, _)| ("a capture it is made from", path.as_path()));
    if !may_write("declaration", written, read, context) {
        return EXIT_FAILURE;
    }
    let mut captures: Vec<Capture> = Vec::with_capacity(labelled.len());
    for (path, moment) in &labelled {
        match capture::read(path, &shown_path(path), *moment, args.labelled.captured_at) {
            Ok(capture) => captures.push(capture),
            Err(error) => {
                context.report_error(&Error::from(error));
                return EXIT_FAILURE;
            }
        }
    }
    // The configuration's `known-cookies` describe the team's own cookies.
    let Some(session) = context.session(Format::default()) else {
        return EXIT_FAILURE;
    };
    let draft = Draft {
        captures: &captures,
        known: session.known(),
        site: args.site.as_deref(),
        languages: &args.lang,
    };
    let status = match &args.into {
        Some(path) => merge(path, &draft, context),
        None => {
            let drafted = declaration(&draft);
            match &args.output {
                Some(path) => write(path, &drafted, context),
                None => match write!(context.stdout, "{}", drafted.text) {
                    Ok(()) => EXIT_CLEAN,
                    Err(error) => {
                        context.report_error(&Error::Output(error));
                        EXIT_FAILURE
                    }
                },
            }
        }
    };
    // Said once the draft is written, as what to look at in it.
    if status == EXIT_CLEAN {
        for capture in &captures {
            context.warn_undated(capture);
        }
    }
    status
}

/// `--into`: the declaration with the cookies it lacks appended.
fn merge(path: &Path, draft: &Draft<'_>, context: &mut Context<'_>) -> u8 {
    let shown = shown_path(path);
    let raw = match cookielint::read::read_small_text(path) {
        Ok(raw) => raw,
        Err(error) => {
            let _ = writeln!(
                context.stderr,
                "error: cannot read `{shown}`: {error}\n  help: `--into` takes an existing declaration; to start one, use `--output {}`.",
                shell_word(&shown)
            );
            return EXIT_FAILURE;
        }
    };
    match into(&raw, &shown, draft) {
        Ok(merged) if merged.added == 0 => {
            let _ = writeln!(
                context.stdout,
                "{shown} already declares every cookie seen: nothing to add"
            );
            EXIT_CLEAN
        }
        Ok(merged) => write(path, &merged, context),
        Err(error) => {
            let _ = writeln!(
                context.stderr,
                "error: {}\n  help: {}",
                error.message, error.help
            );
            EXIT_FAILURE
        }
    }
}

fn write(path: &Path, written: &Merged, context: &mut Context<'_>) -> u8 {
    let shown = shown_path(path);
    match write_whole(path, written.text.as_bytes(), context.stdout) {
        // Written to standard output or a pipe, the draft is all there is to say.
        Ok(false) => EXIT_CLEAN,
        Ok(true) => {
            let cookies = match written.added {
                1 => "1 cookie".to_string(),
                many => format!("{many} cookies"),
            };
            let _ = writeln!(
                context.stdout,
                "wrote {cookies} to {shown}: fill in its TODOs, then run `cookielint check {}`",
                shell_word(&shown)
            );
            EXIT_CLEAN
        }
        Err(error) => {
            context.report_error(&cannot_write("declaration", path, error));
            EXIT_FAILURE
        }
    }
}

/// A BCP 47 tag's shape: a language of 2 to 8 letters, then subtags of 1 to
/// 8 letters or digits (`fr`, `en-GB`, `zh-Hant-TW`).
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    (2..=8).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len()) && subtag.chars().all(|c| c.is_ascii_alphanumeric())
        })
}
