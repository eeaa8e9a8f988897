//! The `cookielint` binary: arguments in, exit status out. Everything it
//! does is a call into the library; this shell owns what the library must
//! not: the command line, the environment, the terminal, the exit status.
//!
//! Exit 0: no error finding; 1: error findings (or warnings, with
//! `--deny-warnings`); 2: cookielint could not do its job (bad flag, bad
//! configuration or rule file, unreadable path, no file); 130 or 143: a
//! scan stopped by SIGINT or SIGTERM (`scan.rs`).

mod args;
mod audit;
mod check;
mod export;
mod files;
mod import;
mod init;
mod lookup;
mod render;
mod rules;
mod scan;
mod terminal;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use args::{Cli, Command};

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
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
    let mut context = terminal::Context {
        config: cli.config,
        color: cli.color,
        current_dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        stdout: &mut stdout,
        stderr: &mut stderr,
    };
    let status = match cli.command {
        Command::Schema => write_out(context.stdout, cookielint::schema::SCHEMA_TEXT),
        Command::Check(args) => check::run(&args, &mut context),
        Command::Init { path } => init::run(&path, &mut context),
        Command::Render(args) => render::run(&args, &mut context),
        Command::Export(args) => export::run(&args, &mut context),
        Command::Audit(args) => audit::run(&args, &mut context),
        Command::Import(args) => import::run(&args, &mut context),
        Command::Scan(args) => scan::run(&args, &mut context),
        Command::Lookup(args) => lookup::run(&args, &mut context),
        Command::Completions { shell } => completions(shell, context.stdout),
        Command::Rules { verify: true } => rules::verify(&mut context),
        Command::Rules { verify: false } => rules::list(&mut context),
        Command::Explain { rule, format } => rules::explain(&rule, format, &mut context),
    };
    ExitCode::from(status)
}

/// The completion script for `shell`. clap's fish script completes flags
/// only: the rule ids `explain` takes are added to it.
fn completions(shell: clap_complete::Shell, stdout: &mut dyn Write) -> u8 {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "cookielint", stdout);
    if shell != clap_complete::Shell::Fish {
        return EXIT_CLEAN;
    }
    let ids = cookielint::rule_id::BUILTIN.join(" ");
    write_out(
        stdout,
        &format!(
            "complete -c cookielint -n \"__fish_cookielint_using_subcommand explain\" -f -a \"{ids}\"\n"
        ),
    )
}

fn write_out(stdout: &mut dyn Write, text: &str) -> u8 {
    match write!(stdout, "{text}") {
        Ok(()) => EXIT_CLEAN,
        Err(_) => EXIT_FAILURE,
    }
}
