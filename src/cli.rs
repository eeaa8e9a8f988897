//! The command line: translates arguments into library calls and findings
//! into an exit status. Exit 0: no error finding; 1: error findings (or
//! warnings, with `--deny-warnings`); 2: cookielint could not do its job (bad
//! flag, bad configuration or rule file, unreadable path, no file).

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::discover::{self, Input};
use crate::error::Error;
use crate::report::{self, Format, Style, Totals};
use crate::ruleset::{Origin, RuleSet};
use crate::source::{MAX_FILE_BYTES, escape_controls};
use crate::{Linter, schema};

#[derive(Debug, Parser)]
#[command(
    name = "cookielint",
    version,
    about = "Lint cookie declarations against the format and the consent rules."
)]
struct Cli {
    /// The configuration file [default: cookielint.toml or .cookielint.toml,
    /// found walking up from the current directory].
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

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
    /// List every rule: id, severity after configuration, summary, and where a
    /// user's own rule is defined.
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

    /// Run only these rules (comma-separated ids), overriding the configuration.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    select: Vec<String>,

    /// Do not run these rules (comma-separated ids), overriding the configuration.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    ignore: Vec<String>,

    /// Make warnings fail the run (exit 1), as errors do.
    #[arg(long)]
    deny_warnings: bool,
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
        Command::Check(args) => check(&args, cli.config, &mut stdout, &mut stderr),
        Command::Rules => match configured_rules(cli.config, Format::Full, &mut stderr) {
            Some((_, rules)) => write_out(&mut stdout, &rule_list(&rules)),
            None => EXIT_FAILURE,
        },
        Command::Explain { rule } => {
            match configured_rules(cli.config, Format::Full, &mut stderr) {
                Some((_, rules)) => match rules.get(&rule) {
                    Some(found) => write_out(&mut stdout, &found.markdown()),
                    None => {
                        let _ = writeln!(
                            stderr,
                            "error: no rule is called `{rule}`{} (`cookielint rules` lists them)",
                            rules.suggest(&rule)
                        );
                        EXIT_FAILURE
                    }
                },
                None => EXIT_FAILURE,
            }
        }
    };
    ExitCode::from(status)
}

fn write_out(stdout: &mut dyn Write, text: &str) -> u8 {
    match write!(stdout, "{text}") {
        Ok(()) => EXIT_CLEAN,
        Err(_) => EXIT_FAILURE,
    }
}

/// `cookielint rules`: one line a rule.
fn rule_list(rules: &RuleSet) -> String {
    rules
        .iter()
        .map(|rule| {
            let severity = rule
                .severity
                .map_or("off".to_string(), |severity| severity.to_string());
            let origin = match &rule.origin {
                Origin::Builtin => String::new(),
                Origin::User(path) => format!(" [{path}]"),
            };
            format!(
                "{:<24}{:<9}{}{origin}\n",
                rule.id,
                severity,
                rule.summary.trim()
            )
        })
        .collect()
}

fn style_for(terminal: bool) -> Style {
    Style {
        color: terminal && !no_color(),
        width: 100,
    }
}

/// The configuration that applies, and the rules it asks for; on a mistake
/// in either, the mistakes are printed and `None` returned.
fn configured_rules(
    explicit: Option<PathBuf>,
    format: Format,
    stderr: &mut dyn Write,
) -> Option<(Config, RuleSet)> {
    let path = explicit.or_else(|| config::find(Path::new(".")));
    let loaded = match &path {
        Some(path) => Config::load(path, &relative_to_current_dir(path)).and_then(|config| {
            let rules = config.rules()?;
            Ok((config, rules))
        }),
        None => {
            let config = Config::default();
            config.rules().map(|rules| (config, rules))
        }
    };
    match loaded {
        Ok(loaded) => Some(loaded),
        Err(problems) => {
            let _ = report::render(
                &problems,
                format,
                style_for(io::stderr().is_terminal()),
                stderr,
            );
            let _ = writeln!(
                stderr,
                "error: the configuration or a rule file is invalid ({} mistake{})",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            None
        }
    }
}

fn relative_to_current_dir(path: &Path) -> String {
    let current = std::env::current_dir().unwrap_or_default();
    let shown = std::path::absolute(path)
        .ok()
        .and_then(|absolute| absolute.strip_prefix(&current).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    escape_controls(&shown.to_string_lossy()).into_owned()
}

/// Applies `--select` and `--ignore`; an unknown id is an error.
fn select_rules(rules: &mut RuleSet, select: &[String], ignore: &[String]) -> Result<(), String> {
    if let Some(unknown) = select
        .iter()
        .chain(ignore)
        .find(|id| rules.get(id).is_none())
    {
        return Err(format!(
            "no rule is called `{unknown}`{} (`cookielint rules` lists them)",
            rules.suggest(unknown)
        ));
    }
    if !select.is_empty() {
        let ids: Vec<String> = rules.ids().iter().map(|id| id.to_string()).collect();
        for id in ids {
            let chosen = select.contains(&id);
            let severity = rules.get(&id).and_then(|rule| match rule.severity {
                // A selected rule runs even when the configuration turned it off.
                None if chosen => Some(rule.default_severity),
                severity => severity.filter(|_| chosen),
            });
            rules.set_severity(&id, severity);
        }
    }
    for id in ignore {
        rules.set_severity(id, None);
    }
    Ok(())
}

fn check(
    args: &CheckArgs,
    config: Option<PathBuf>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let Some((config, mut rules)) = configured_rules(config, args.format, stderr) else {
        return EXIT_FAILURE;
    };
    if let Err(message) = select_rules(&mut rules, &args.select, &args.ignore) {
        let _ = writeln!(stderr, "error: {message}");
        return EXIT_FAILURE;
    }
    let linter = match Linter::with_rules(rules, config.languages.clone()) {
        Ok(linter) => linter,
        Err(error) => {
            report_error(stderr, &error);
            return EXIT_FAILURE;
        }
    };
    let discovery = discover::discover(&args.paths, &args.stdin_filename, &config.filter);
    let mut failed = !discovery.errors.is_empty();
    for error in &discovery.errors {
        report_error(stderr, error);
    }
    let style = style_for(io::stdout().is_terminal());
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
    } else if totals.errors > 0 || (args.deny_warnings && totals.warnings > 0) {
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
