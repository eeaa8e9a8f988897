//! The command line: translates arguments into library calls and findings
//! into an exit status. Exit 0: no error finding; 1: error findings; 2:
//! cookielint could not do its job (bad flag, unreadable path, no file).

use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;

use crate::discover::{self, Input};
use crate::error::Error;
use crate::report::{self, Format, Style, Totals};
use crate::ruleset::RuleSet;
use crate::source::MAX_FILE_BYTES;
use crate::suggest::did_you_mean;
use crate::{Linter, schema};

#[derive(Debug, Parser)]
#[command(
    name = "cookielint",
    version,
    about = "Lint cookie declarations against the format and the consent rules."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check declaration files: files, directories (searched for cookies.yaml,
    /// cookies.yml, *.cookies.yaml, *.cookies.yml), quoted globs, or `-` for stdin.
    Check(CheckArgs),
    /// Print the JSON Schema of the declaration format.
    Schema,
    /// List every rule: id, severity, summary.
    Rules,
    /// Print a rule's documentation: what it checks, why, its source, examples.
    Explain {
        /// The rule id, as findings show it (e.g. `third-party-consent`).
        rule: String,
    },
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files, directories or globs to check [default: the current directory].
    #[arg(value_name = "PATH|GLOB")]
    paths: Vec<String>,

    /// How findings are printed.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    format: Format,

    /// The name standard input goes by in findings.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    stdin_filename: String,
}

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_CLEAN
            });
        }
    };
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    let status = match cli.command {
        Command::Schema => write_out(&mut stdout, schema::SCHEMA_TEXT),
        Command::Check(args) => check(&args, &mut stdout, &mut stderr),
        Command::Rules => with_rules(&mut stderr, |rules| {
            rules
                .iter()
                .map(|rule| {
                    format!(
                        "{:<24}{:<9}{}\n",
                        rule.id,
                        rule.severity
                            .map_or("off".to_string(), |severity| severity.to_string()),
                        rule.summary.trim()
                    )
                })
                .collect::<String>()
        })
        .map_or(EXIT_FAILURE, |text| write_out(&mut stdout, &text)),
        Command::Explain { rule } => match with_rules(&mut stderr, |rules| explain(rules, &rule)) {
            Some(Ok(text)) => write_out(&mut stdout, &text),
            Some(Err(error)) => {
                let _ = writeln!(stderr, "error: {error}");
                EXIT_FAILURE
            }
            None => EXIT_FAILURE,
        },
    };
    ExitCode::from(status)
}

fn with_rules<T>(stderr: &mut dyn Write, use_rules: impl FnOnce(&RuleSet) -> T) -> Option<T> {
    match RuleSet::builtin() {
        Ok(rules) => Some(use_rules(&rules)),
        Err(error) => {
            report_error(stderr, &error);
            None
        }
    }
}

fn explain(rules: &RuleSet, id: &str) -> Result<String, String> {
    match rules.get(id) {
        Some(rule) => Ok(rule.markdown()),
        None => {
            let suggestion = did_you_mean(id, &rules.ids())
                .map(|known| format!("; did you mean `{known}`?"))
                .unwrap_or_default();
            Err(format!(
                "no rule is called `{id}`{suggestion} (`cookielint rules` lists them)"
            ))
        }
    }
}

fn write_out(stdout: &mut dyn Write, text: &str) -> u8 {
    match write!(stdout, "{text}") {
        Ok(()) => EXIT_CLEAN,
        Err(_) => EXIT_FAILURE,
    }
}

fn check(args: &CheckArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let linter = match Linter::new() {
        Ok(linter) => linter,
        Err(error) => {
            report_error(stderr, &error);
            return EXIT_FAILURE;
        }
    };
    let discovery = discover::discover(&args.paths, &args.stdin_filename);
    let mut failed = !discovery.errors.is_empty();
    for error in &discovery.errors {
        report_error(stderr, error);
    }
    let style = Style {
        color: io::stdout().is_terminal() && !no_color(),
        width: 100,
    };
    // Files are linted and rendered in parallel; the reports are printed in
    // discovery order, so the output is the same whatever the thread count.
    let reports: Vec<Result<(Vec<u8>, Totals), Error>> = discovery
        .inputs
        .par_iter()
        .map(|input| {
            let bytes = read_input(input)?;
            let findings = linter.lint(input.shown(), &bytes);
            let mut rendered = Vec::new();
            report::render(&findings, args.format, style, &mut rendered).map_err(Error::Output)?;
            let mut totals = Totals::default();
            totals.add(&findings);
            Ok((rendered, totals))
        })
        .collect();
    let mut totals = Totals::default();
    for report in reports {
        match report {
            Ok((rendered, file_totals)) => {
                totals.merge(file_totals);
                if stdout.write_all(&rendered).is_err() {
                    return EXIT_FAILURE;
                }
            }
            Err(error) => {
                report_error(stderr, &error);
                failed = true;
            }
        }
    }
    let _ = writeln!(stderr, "{}", totals.summary());
    if failed {
        EXIT_FAILURE
    } else if totals.errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `NO_COLOR` set to anything but the empty string turns colour off.
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

fn report_error(stderr: &mut dyn Write, error: &Error) {
    let help = miette::Diagnostic::help(error)
        .map(|help| format!("\n  help: {help}"))
        .unwrap_or_default();
    let _ = writeln!(stderr, "error: {error}{help}");
}

/// Reads at most one byte more than a declaration may hold, so that a huge
/// file costs no more memory than the limit.
fn read_input(input: &Input) -> Result<Vec<u8>, Error> {
    let limit = MAX_FILE_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let result = match input {
        Input::Stdin(_) => io::stdin().lock().take(limit).read_to_end(&mut bytes),
        Input::File { path, .. } => {
            std::fs::File::open(path).and_then(|file| file.take(limit).read_to_end(&mut bytes))
        }
    };
    result.map(|_| bytes).map_err(|source| Error::Read {
        path: input.shown().into(),
        source,
    })
}
