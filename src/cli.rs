//! The command line: translates arguments into library calls and findings
//! into an exit status. Exit 0: no error finding; 1: error findings (or
//! warnings, with `--deny-warnings`); 2: cookielint could not do its job (bad
//! flag, bad configuration or rule file, unreadable path, no file).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::discover;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::output::{self, FileReport, Format, Style, Totals};
use crate::render::{self, RenderFormat};
use crate::ruleset::{Origin, RuleSet};
use crate::source::{SourceFile, escape_controls};
use crate::yaml;
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

    /// When to colour output: `auto` colours a terminal unless `NO_COLOR` is
    /// set (`CLICOLOR_FORCE` colours anything).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

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
    Rules {
        /// Instead, run every rule's examples (built-in and your own) and say
        /// whether each behaves as documented.
        #[arg(long)]
        verify: bool,
    },
    /// Print a rule's documentation: what it checks, why, its source, examples.
    Explain {
        /// The rule id, as findings show it (e.g. `third-party-consent`).
        rule: String,
    },
    /// Write a starter declaration (never over an existing file).
    Init {
        /// Where to write it: a file, or a folder to write `cookies.yaml` in.
        #[arg(default_value = DECLARATION)]
        path: PathBuf,
    },
    /// Render the public cookie charter (Markdown or HTML) from a declaration.
    Render(RenderArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
struct RenderArgs {
    /// The declaration to render.
    #[arg(default_value = DECLARATION)]
    file: PathBuf,

    /// What to render.
    #[arg(long, value_enum, default_value_t = RenderFormat::Markdown)]
    format: RenderFormat,

    /// The language of the charter [default: the declaration's first].
    #[arg(long, value_name = "TAG")]
    lang: Option<String>,

    /// Write the charter to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// A page around the tables: `{{ cookies }}`, `{{ site.name }}`,
    /// `{{ site.url }}` and `{{ language }}` are filled in.
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,

    /// Compare the `--output` file with what rendering gives now: exit 1 with
    /// a short diff when they differ, 0 when they match.
    #[arg(long, requires = "output")]
    check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The declaration file `init` writes and `render` reads unless told otherwise.
const DECLARATION: &str = "cookies.yaml";

/// The starter declaration `cookielint init` writes; it passes every rule.
const STARTER: &str = include_str!("../examples/starter/cookies.yaml");

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files, directories or globs to check [default: the current directory].
    #[arg(value_name = "PATH|GLOB")]
    paths: Vec<String>,

    /// How findings are printed [default: full; on GitHub Actions, full and
    /// annotations].
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// Write the report to this file (atomically) instead of standard output;
    /// the summary still goes to standard error.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Print findings only, without the summary.
    #[arg(long, short = 'q')]
    quiet: bool,

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
        Command::Check(args) => check(&args, cli.config, cli.color, &mut stdout, &mut stderr),
        Command::Init { path } => init(&path, &mut stdout, &mut stderr),
        Command::Render(args) => render(&args, cli.config, cli.color, &mut stdout, &mut stderr),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "cookielint", &mut stdout);
            EXIT_CLEAN
        }
        Command::Rules { verify: true } => {
            match configured_rules(cli.config, Format::Full, cli.color, &mut stderr) {
                Some((_, rules)) => verify(rules, cli.color, &mut stdout, &mut stderr),
                None => EXIT_FAILURE,
            }
        }
        Command::Rules { verify: false } => {
            match configured_rules(cli.config, Format::Full, cli.color, &mut stderr) {
                Some((_, rules)) => write_out(&mut stdout, &rule_list(&rules)),
                None => EXIT_FAILURE,
            }
        }
        Command::Explain { rule } => {
            match configured_rules(cli.config, Format::Full, cli.color, &mut stderr) {
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

fn style_for(choice: ColorChoice, terminal: bool) -> Style {
    let env_set =
        |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty() && value != "0");
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if env_set("NO_COLOR") => false,
        ColorChoice::Auto => env_set("CLICOLOR_FORCE") || terminal,
    };
    Style { color, width: 100 }
}

/// `cookielint init`: the starter declaration, never over an existing file.
fn init(path: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let path = if path.is_dir() {
        path.join(DECLARATION)
    } else {
        path.to_path_buf()
    };
    let shown = shown_path(&path);
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| file.write_all(STARTER.as_bytes()));
    match created {
        Ok(()) => {
            let _ = writeln!(
                stdout,
                "wrote {shown}: edit it, then run `cookielint check {shown}`"
            );
            EXIT_CLEAN
        }
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                stderr,
                "error: `{shown}` already exists; cookielint init does not overwrite it\n  help: Name another file: `cookielint init path/to/cookies.yaml`."
            );
            EXIT_FAILURE
        }
        Err(error) => {
            let _ = match missing_folder(&path) {
                Some(folder) => writeln!(
                    stderr,
                    "error: cannot write `{shown}`: the folder `{folder}` does not exist\n  help: Create it first (`mkdir -p {}`), or name a folder that exists: `cookielint init DIR` writes DIR/cookies.yaml.",
                    shell_word(&folder)
                ),
                None => writeln!(stderr, "error: cannot write `{shown}`: {error}"),
            };
            EXIT_FAILURE
        }
    }
}

/// A path as given, for messages: `./` dropped, control characters escaped.
fn shown_path(path: &Path) -> String {
    escape_controls(&path.strip_prefix(".").unwrap_or(path).to_string_lossy()).into_owned()
}

/// The folder a file would be written in, as shown, when it does not exist.
fn missing_folder(path: &Path) -> Option<String> {
    let folder = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())?;
    (!folder.exists()).then(|| shown_path(folder))
}

/// A word as a POSIX shell reads it back: quoted only when it needs to be.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./=:,@%+".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `--output` could not be written: the error names the file, and says what
/// to do when its folder is missing.
/// A report that could not be written, to its `--output` file or to
/// standard output.
fn report_write_error(output: Option<&Path>, error: io::Error) -> Error {
    match output {
        Some(path) => cannot_write("report", path, error),
        None => Error::Output(error),
    }
}

fn cannot_write(what: &'static str, path: &Path, source: io::Error) -> Error {
    let help = match missing_folder(path) {
        Some(folder) => format!(
            "The folder `{folder}` does not exist: create it first (`mkdir -p {}`).",
            shell_word(&folder)
        ),
        None => "Name a file in a folder you can write to.".to_string(),
    };
    Error::Write {
        what,
        path: shown_path(path),
        source,
        help,
    }
}

/// The configuration that applies, and the rules it asks for; on a mistake
/// in either, the mistakes are printed and `None` returned.
fn configured_rules(
    explicit: Option<PathBuf>,
    format: Format,
    color: ColorChoice,
    stderr: &mut dyn Write,
) -> Option<(Config, RuleSet)> {
    let path = explicit.or_else(|| config::find(Path::new(".")));
    let loaded = match &path {
        Some(path) => Config::load(path, &relative_to_current_dir(path)),
        None => {
            let config = Config::default();
            config.rules().map(|rules| (config, rules))
        }
    };
    match loaded {
        Ok(loaded) => Some(loaded),
        Err(problems) => {
            report_mistakes(&problems, format, color, stderr);
            None
        }
    }
}

fn report_mistakes(
    problems: &[Finding],
    format: Format,
    color: ColorChoice,
    stderr: &mut dyn Write,
) {
    let style = style_for(color, io::stderr().is_terminal());
    let _ = output::render(problems, format, style, stderr);
    let _ = writeln!(
        stderr,
        "error: the configuration or a rule file is invalid ({} mistake{})",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
}

/// Whether every example of the user's rules behaves as documented; the
/// ones that do not are reported as mistakes in their rule files. `check`
/// and `render` run them, since they compile the schema anyway; `rules` and
/// `explain` would have to compile it for them, so there `rules --verify`
/// runs them.
fn user_examples_hold(
    linter: &Linter,
    format: Format,
    color: ColorChoice,
    stderr: &mut dyn Write,
) -> bool {
    let user_rules = linter
        .rules()
        .iter()
        .filter(|rule| rule.origin != Origin::Builtin);
    let mistakes = linter.example_mistakes(user_rules);
    if !mistakes.is_empty() {
        report_mistakes(&mistakes, format, color, stderr);
    }
    mistakes.is_empty()
}

/// `cookielint rules --verify`: every rule's examples, built-in and the
/// user's, run against the rules as their files wrote them.
fn verify(
    rules: RuleSet,
    color: ColorChoice,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let linter = match Linter::with_rules(rules, Vec::new()) {
        Ok(linter) => linter,
        Err(error) => {
            report_error(stderr, &error);
            return EXIT_FAILURE;
        }
    };
    let examples: usize = linter.rules().iter().map(|rule| rule.examples.len()).sum();
    let rules = linter.rules().ids().len();
    let mistakes = linter.example_mistakes(linter.rules().iter());
    if mistakes.is_empty() {
        let _ = writeln!(
            stdout,
            "{examples} examples of {rules} rules: each behaves as documented"
        );
        return EXIT_CLEAN;
    }
    let style = style_for(color, io::stderr().is_terminal());
    let _ = output::render(&mistakes, Format::Full, style, stderr);
    let _ = writeln!(
        stderr,
        "error: {} of {examples} examples of {rules} rules do not behave as documented",
        mistakes.len()
    );
    EXIT_FAILURE
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
    color: ColorChoice,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let format = args.format.unwrap_or_default();
    let Some((config, mut rules)) = configured_rules(config, format, color, stderr) else {
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
    if !user_examples_hold(&linter, format, color, stderr) {
        return EXIT_FAILURE;
    }
    let mut discovery = discover::discover(&args.paths, &args.stdin_filename, &config.filter);
    // The same report whatever order the arguments or the file system gave.
    discovery.inputs.sort_by(|a, b| a.shown().cmp(b.shown()));
    let mut failed = !discovery.errors.is_empty();
    for error in &discovery.errors {
        report_error(stderr, error);
    }
    // As ruff does: on GitHub Actions, a human report also annotates the pull request.
    let annotate = args.format.is_none()
        && std::env::var_os("GITHUB_ACTIONS").is_some_and(|value| value == "true");
    let style = style_for(color, args.output.is_none() && io::stdout().is_terminal());
    // Files are linted and rendered in parallel, a batch at a time, and
    // written in path order as each batch ends: the output is the same
    // whatever the thread count, and memory holds one batch's reports.
    let mut sink = match Sink::open(args.output.as_deref(), stdout) {
        Ok(sink) => sink,
        Err(error) => {
            report_error(stderr, &report_write_error(args.output.as_deref(), error));
            return EXIT_FAILURE;
        }
    };
    let lint_file = |input: &discover::Input| {
        let bytes = input.read()?;
        let findings = linter.lint(input.shown(), &bytes);
        if findings.len() > output::FINDINGS_PER_SLICE {
            return Ok(Linted::Many(findings));
        }
        output::report_file(&findings, format, style, annotate, linter.rules())
            .map(Linted::Rendered)
            .map_err(Error::Output)
    };
    let written = (|| {
        let mut writer = output::ReportWriter::begin(format, annotate, linter.rules(), &mut sink)?;
        for batch in discovery.inputs.chunks(FILES_PER_BATCH) {
            // One file is linted here: starting the thread pool would cost
            // more than it saves.
            let reports: Vec<Result<Linted, Error>> = match batch {
                [input] => vec![lint_file(input)],
                inputs => inputs.par_iter().map(lint_file).collect(),
            };
            for report in reports {
                match report {
                    Ok(Linted::Rendered(report)) => writer.file(&report)?,
                    Ok(Linted::Many(findings)) => writer.file_in_slices(&findings, style)?,
                    Err(error) => {
                        report_error(stderr, &error);
                        failed = true;
                    }
                }
            }
        }
        writer.finish()
    })();
    let totals = match written.and_then(|totals| sink.commit().map(|()| totals)) {
        Ok(totals) => totals,
        Err(error) => {
            report_error(stderr, &report_write_error(args.output.as_deref(), error));
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

/// `cookielint render`: the charter of a declaration that passes `check`.
fn render(
    args: &RenderArgs,
    config: Option<PathBuf>,
    color: ColorChoice,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let command = render_command(args, config.as_deref());
    let Some((config, rules)) = configured_rules(config, Format::Full, color, stderr) else {
        return EXIT_FAILURE;
    };
    let linter = match Linter::with_rules(rules, config.languages.clone()) {
        Ok(linter) => linter,
        Err(error) => {
            report_error(stderr, &error);
            return EXIT_FAILURE;
        }
    };
    if !user_examples_hold(&linter, Format::Full, color, stderr) {
        return EXIT_FAILURE;
    }
    let shown = relative_to_current_dir(&args.file);
    let input = discover::Input::File {
        path: args.file.clone(),
        shown: shown.clone(),
    };
    let bytes = match input.read() {
        Ok(bytes) => bytes,
        Err(error) => {
            report_error(stderr, &error);
            return EXIT_FAILURE;
        }
    };
    // A charter is never published from a declaration that fails the policy.
    let findings = linter.lint(&shown, &bytes);
    if findings
        .iter()
        .any(|finding| finding.severity == Severity::Error)
    {
        let style = style_for(color, io::stderr().is_terminal());
        let _ = output::render(&findings, Format::Full, style, stderr);
        let mut totals = Totals::default();
        totals.add(&findings);
        let _ = writeln!(
            stderr,
            "{}\nerror: `{shown}` has errors; fix them before rendering its charter",
            totals.summary()
        );
        return EXIT_FINDINGS;
    }
    let root = match SourceFile::decode(shown.as_str(), &bytes)
        .ok()
        .and_then(|source| yaml::parse(&source).ok())
    {
        Some(root) => root,
        None => return EXIT_FAILURE,
    };
    let template = match &args.template {
        Some(path) => match crate::read::read_small_text(path) {
            Ok(text) => Some(text),
            Err(source) => {
                report_error(
                    stderr,
                    &Error::Read {
                        path: path.clone(),
                        source,
                    },
                );
                return EXIT_FAILURE;
            }
        },
        None => None,
    };
    let language = args
        .lang
        .clone()
        .unwrap_or_else(|| render::default_language(&root, &config.languages));
    let charter = match render::render(
        &root,
        &config.languages,
        &language,
        args.format,
        template.as_deref(),
    ) {
        Ok(charter) => charter,
        Err(error) => {
            let _ = writeln!(stderr, "error: {error}");
            return EXIT_FAILURE;
        }
    };
    match (&args.output, args.check) {
        (Some(path), true) => {
            let name = relative_to_current_dir(path);
            let committed = match crate::read::read_small_text(path) {
                Ok(committed) => committed,
                Err(error) if error.kind() == io::ErrorKind::NotFound => {
                    let _ = writeln!(
                        stderr,
                        "error: `{name}` does not exist, so there is no charter to compare\n  help: Write it with `{command}`, then commit it."
                    );
                    return EXIT_FINDINGS;
                }
                Err(source) => {
                    report_error(
                        stderr,
                        &Error::Read {
                            path: name.into(),
                            source,
                        },
                    );
                    return EXIT_FAILURE;
                }
            };
            if committed == charter {
                EXIT_CLEAN
            } else {
                let _ = write!(
                    stdout,
                    "{}",
                    render::short_diff(&committed, &charter, &name)
                );
                let _ = writeln!(
                    stderr,
                    "error: `{name}` is not what `cookielint render` gives for `{shown}` now; render it again and commit the result"
                );
                EXIT_FINDINGS
            }
        }
        (Some(path), false) => match write_atomically(path, charter.as_bytes()) {
            Ok(()) => EXIT_CLEAN,
            Err(source) => {
                report_error(stderr, &cannot_write("charter", path, source));
                EXIT_FAILURE
            }
        },
        (None, _) => write_out(stdout, &charter),
    }
}

/// The `render` command, without `--check`, that writes the file `--check`
/// compares with: the flags as given, so that it can be pasted.
fn render_command(args: &RenderArgs, config: Option<&Path>) -> String {
    let lossy = |path: &Path| path.to_string_lossy().into_owned();
    let format = args
        .format
        .to_possible_value()
        .map(|value| value.get_name().to_string());
    let options = [
        ("--format", format),
        ("--lang", args.lang.clone()),
        ("--template", args.template.as_deref().map(lossy)),
        ("--config", config.map(lossy)),
        ("--output", args.output.as_deref().map(lossy)),
    ];
    let mut words = vec![
        "cookielint render".to_string(),
        shell_word(&lossy(&args.file)),
    ];
    for (flag, value) in options {
        if let Some(value) = value {
            words.push(format!("{flag} {}", shell_word(&value)));
        }
    }
    escape_controls(&words.join(" ")).into_owned()
}

/// Files linted together before their reports are written.
const FILES_PER_BATCH: usize = 64;

/// A file of a batch: its report, or, when it has more findings than fit
/// comfortably beside their report, the findings to write in slices.
enum Linted {
    Rendered(FileReport),
    Many(Vec<crate::finding::Finding>),
}

/// Where a report goes as it is written: standard output, or a file
/// written beside its target and renamed over it once complete, so that a
/// reader never sees half a report.
enum Sink<'a> {
    Stdout(io::BufWriter<&'a mut dyn Write>),
    File {
        /// Taken when the report is complete, to close it before renaming.
        file: Option<io::BufWriter<std::fs::File>>,
        temporary: PathBuf,
        target: PathBuf,
        committed: bool,
    },
}

impl<'a> Sink<'a> {
    fn open(output: Option<&Path>, stdout: &'a mut dyn Write) -> io::Result<Self> {
        let Some(target) = output else {
            return Ok(Sink::Stdout(io::BufWriter::new(stdout)));
        };
        let temporary = temporary_beside(target);
        Ok(Sink::File {
            file: Some(io::BufWriter::new(std::fs::File::create(&temporary)?)),
            temporary,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    fn commit(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(stdout) => stdout.flush(),
            Sink::File {
                file,
                temporary,
                target,
                committed,
            } => {
                let file = file
                    .take()
                    .ok_or_else(|| io::Error::other("the report was closed"))?;
                file.into_inner()
                    .map_err(io::IntoInnerError::into_error)
                    .and_then(|file| file.sync_all())?;
                std::fs::rename(&*temporary, &*target)?;
                *committed = true;
                Ok(())
            }
        }
    }
}

impl Drop for Sink<'_> {
    /// A report that was never completed leaves no temporary file behind.
    fn drop(&mut self) {
        if let Sink::File {
            temporary,
            committed: false,
            ..
        } = self
        {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(bytes),
            Sink::File {
                file: Some(file), ..
            } => file.write(bytes),
            Sink::File { file: None, .. } => Err(io::Error::other("the report was closed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File {
                file: Some(file), ..
            } => file.flush(),
            Sink::File { file: None, .. } => Ok(()),
        }
    }
}

fn temporary_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(
        || "report".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes beside the target, then renames: a reader never sees half a report.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = temporary_beside(path);
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })
}

fn report_error(stderr: &mut dyn Write, error: &Error) {
    let help = miette::Diagnostic::help(error)
        .map(|help| format!("\n  help: {help}"))
        .unwrap_or_default();
    let _ = writeln!(stderr, "error: {error}{help}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("out/charter.fr.md"), "out/charter.fr.md");
        assert_eq!(shell_word("my site"), "'my site'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn render_command_repeats_the_flags_given() {
        let args = RenderArgs {
            file: "site/cookies.yaml".into(),
            format: RenderFormat::Markdown,
            lang: Some("en".into()),
            output: Some("public/charter en.md".into()),
            template: Some("page.md".into()),
            check: true,
        };
        assert_eq!(
            render_command(&args, Some(Path::new("ci/cookielint.toml"))),
            "cookielint render site/cookies.yaml --format markdown --lang en --template page.md --config ci/cookielint.toml --output 'public/charter en.md'"
        );
    }
}
