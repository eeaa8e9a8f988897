//! The command line as clap reads it: every command, flag and value.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use cookielint::capture::Moment;
use cookielint::export::ExportTarget;
use cookielint::output::Format;
use cookielint::render::RenderFormat;
use cookielint::scan::{TIMEOUT_RANGE, TimeRange, WAIT_RANGE};

#[derive(Debug, Parser)]
#[command(
    name = "cookielint",
    version,
    about = "Lint cookie declarations against the format and the consent rules."
)]
pub struct Cli {
    /// The configuration file [default: cookielint.toml or .cookielint.toml,
    /// found walking up from the current directory].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// When to colour output: `auto` colours a terminal unless `NO_COLOR` is
    /// set (`CLICOLOR_FORCE` colours anything).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
        #[arg(value_parser = RuleId, hide_possible_values = true)]
        rule: String,
        /// `text` to read (headings, indented examples), `markdown` as
        /// docs/rules.md has it [default: text on a terminal, else markdown].
        #[arg(long, value_enum)]
        format: Option<ExplainFormat>,
    },
    /// Write a starter declaration (never over a file that holds more than white space).
    Init {
        /// Where to write it: a file, or a folder to write `cookies.yaml` in.
        #[arg(default_value = DECLARATION)]
        path: PathBuf,
    },
    /// Render the public cookie charter (Markdown or HTML) from a declaration.
    Render(RenderArgs),
    /// Write the consent banner's configuration from a declaration.
    Export(ExportArgs),
    /// Hold a declaration against what the site was seen to set: browser
    /// captures (HAR, Playwright storageState, DevTools cookie lists, the EDPS
    /// Website Evidence Collector's inspection.json).
    Audit(AuditArgs),
    /// Draft a declaration from browser captures (those `audit` reads): one
    /// entry a cookie seen, filled from the Open Cookie Database where it
    /// knows the cookie, `purpose: TODO` where it does not.
    Import(ImportArgs),
    /// Load a page in headless Chromium and write every cookie it holds
    /// afterwards (first- and third-party, set by header or by script) as a
    /// Playwright `storageState` capture.
    Scan(ScanArgs),
    /// What the Open Cookie Database knows about cookie names: platform,
    /// category, controller, domain, retention, description, privacy link.
    /// Exit 1 when a name is unknown.
    Lookup(LookupArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
}

/// The declaration file `init` writes and `render` reads unless told otherwise.
pub const DECLARATION: &str = "cookies.yaml";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, directories or globs to check [default: the current directory].
    #[arg(value_name = "PATH|GLOB")]
    pub paths: Vec<String>,

    #[command(flatten)]
    pub report: ReportArgs,

    /// The name standard input goes by in findings.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,

    #[command(flatten)]
    pub rules: RuleArgs,
}

/// How a report of findings is written (`check`, `audit`).
#[derive(Debug, Default, Args)]
pub struct ReportArgs {
    /// How findings are printed [default: full; on GitHub Actions, full and
    /// annotations].
    #[arg(long, value_parser = report_format())]
    pub format: Option<Format>,

    /// Write the report to this file (atomically) instead of standard output;
    /// the summary still goes to standard error.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Print findings only, without the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Which rules run, and whether warnings fail (`check`, `audit`).
#[derive(Debug, Default, Args)]
pub struct RuleArgs {
    /// Run only these rules (comma-separated ids), overriding the configuration.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these rules (comma-separated ids), overriding the configuration.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Make warnings fail the run (exit 1), as errors do.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The declaration [default: cookies.yaml], then captures taken after
    /// consent.
    #[arg(value_name = "DECLARATION [CAPTURE]")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub labelled: LabelledCaptures,

    /// The site's URL, which says which cookies are first-party, when the
    /// declaration has no `site.url` [default: the first page captured].
    #[arg(long, value_name = "URL")]
    pub site: Option<String>,

    #[command(flatten)]
    pub report: ReportArgs,

    #[command(flatten)]
    pub rules: RuleArgs,
}

/// Captures named by the moment they were taken, as `audit` and `import`
/// take them.
#[derive(Debug, Args)]
pub struct LabelledCaptures {
    /// A capture taken before the visitor answered the consent banner (the
    /// plain first load of a page); repeatable.
    #[arg(long, value_name = "FILE")]
    pub before_consent: Vec<PathBuf>,

    /// A capture taken after accepting everything; repeatable.
    #[arg(long, value_name = "FILE")]
    pub after_consent: Vec<PathBuf>,

    /// When the captures were taken (ISO 8601 UTC, `2026-05-01T10:00:00Z`,
    /// or Unix seconds), for a cookie jar that does not say, such as a
    /// Playwright `storageState`: its cookies' lifetimes count from it.
    #[arg(long, value_name = "TIME", value_parser = captured_at)]
    pub captured_at: Option<i64>,
}

/// `--captured-at`, read.
fn captured_at(text: &str) -> Result<i64, String> {
    cookielint::capture::parse_time(text).ok_or_else(|| {
        format!("`{}` is not a time: write ISO 8601 UTC (`2026-05-01T10:00:00Z`) or Unix seconds (`1777629600`)", text.escape_default())
    })
}

impl LabelledCaptures {
    /// Every capture with its moment: those before consent, then those after
    /// it, `unlabelled` ones (given without a flag) last.
    pub fn with(&self, unlabelled: &[PathBuf]) -> Vec<(PathBuf, Moment)> {
        let before = self
            .before_consent
            .iter()
            .map(|path| (path, Moment::BeforeConsent));
        let after = self.after_consent.iter().chain(unlabelled);
        before
            .chain(after.map(|path| (path, Moment::AfterConsent)))
            .map(|(path, moment)| (path.clone(), moment))
            .collect()
    }
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The declaration to render.
    #[arg(default_value = DECLARATION)]
    pub file: PathBuf,

    /// What to render [default: the `--output` or `--template` file's
    /// extension (`.html`, `.htm`, `.md`, `.markdown`), else `html` for
    /// `--page`, else `markdown`].
    #[arg(long, value_parser = charter_format())]
    pub format: Option<RenderFormat>,

    /// The language of the charter [default: the declaration's first].
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,

    /// Write the charter to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The whole standalone page (introduction, what a cookie is, the
    /// tables, consent, browser settings) from the shipped template of the
    /// language, instead of the tables alone.
    #[arg(long, conflicts_with = "template")]
    pub page: bool,

    /// A page of your own around the tables: `{{ cookies }}`, `{{ site.name }}`,
    /// `{{ charter.consent }}`, … are filled in (the README lists them).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// Compare the `--output` file with what rendering gives now: exit 1 with
    /// a short diff when they differ, 0 when they match.
    #[arg(long, requires = "output")]
    pub check: bool,
}

impl RenderArgs {
    /// `--format`, or what the files named and `--page` imply: a file
    /// called `charter.html` is HTML, and a whole page is HTML unless asked
    /// otherwise.
    pub fn format(&self) -> RenderFormat {
        let by_extension = |path: &Path| {
            let extension = path.extension()?.to_str()?.to_ascii_lowercase();
            match extension.as_str() {
                "html" | "htm" => Some(RenderFormat::Html),
                "md" | "markdown" => Some(RenderFormat::Markdown),
                _ => None,
            }
        };
        self.format
            .or_else(|| self.output.as_deref().and_then(by_extension))
            .or_else(|| self.template.as_deref().and_then(by_extension))
            .unwrap_or(if self.page {
                RenderFormat::Html
            } else {
                RenderFormat::Markdown
            })
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The declaration to export.
    #[arg(default_value = DECLARATION)]
    pub file: PathBuf,

    /// The consent manager to configure.
    #[arg(long, value_parser = one_of(&ExportTarget::ALL, ExportTarget::name, |_| None))]
    pub to: ExportTarget,

    /// Write the configuration to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Compare the `--output` file with what exporting gives now: exit 1 with
    /// a short diff when they differ, 0 when they match.
    #[arg(long, requires = "output")]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Captures taken after consent.
    #[arg(value_name = "CAPTURE")]
    pub captures: Vec<PathBuf>,

    #[command(flatten)]
    pub labelled: LabelledCaptures,

    /// The site's URL, which says which cookies are first-party [default:
    /// the declaration's `site.url` with `--into`, else the first page
    /// captured].
    #[arg(long, value_name = "URL")]
    pub site: Option<String>,

    /// The site's languages, the first the default (`site.languages`):
    /// purposes get a text in each, English from the database, `TODO` in
    /// the others.
    #[arg(
        long,
        value_name = "TAGS",
        value_delimiter = ',',
        conflicts_with = "into"
    )]
    pub lang: Vec<String>,

    /// Write the declaration to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "into")]
    pub output: Option<PathBuf>,

    /// Replace `--output` if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,

    /// Add the cookies this existing declaration lacks at the end of its
    /// `cookies` list, leaving the rest of the file as it is.
    #[arg(long, value_name = "DECLARATION")]
    pub into: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// Cookie names as a browser shows them (`_ga_ABC123`), or as a
    /// declaration writes them (`_ga_*`: looked up by its part before `*`).
    #[arg(required = true, value_name = "NAME")]
    pub names: Vec<String>,

    /// How the answer is printed.
    #[arg(long, value_enum, default_value_t = LookupFormat::Text)]
    pub format: LookupFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LookupFormat {
    /// For people: one block a match.
    Text,
    /// For scripts: one document (docs/json.md).
    Json,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The page to load (an http or https URL).
    pub url: String,

    /// A declaration to audit the capture against.
    pub declaration: Option<PathBuf>,

    /// Label the capture as taken before the visitor answered the consent
    /// banner (a plain first load).
    #[arg(long, conflicts_with_all = ["set_cookie", "click"])]
    pub before_consent: bool,

    /// Set a cookie for the page's host before it loads (repeatable): how a
    /// consent cookie is pre-set for an after-consent scan.
    #[arg(long, value_name = "NAME=VALUE", value_parser = name_value)]
    pub set_cookie: Vec<(String, String)>,

    /// Click the element this CSS selector finds once the page has loaded
    /// (a banner's "accept"), waiting up to the timeout for it to appear,
    /// then wait again.
    #[arg(long, value_name = "SELECTOR")]
    pub click: Option<String>,

    /// Write the capture to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// How long to wait after the load, and after the click, for cookies
    /// set late.
    #[arg(long, value_name = "SECONDS", default_value = "3", value_parser = seconds_within(WAIT_RANGE))]
    pub wait: Duration,

    /// How long the browser may take to start and the page to load, and
    /// the element to click to appear.
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds_within(TIMEOUT_RANGE))]
    pub timeout: Duration,

    /// The Chromium or Chrome to run [default: `CHROME`, else `chromium`,
    /// `chromium-browser` or `google-chrome` on PATH].
    #[arg(long, value_name = "PATH")]
    pub chrome: Option<PathBuf>,

    /// One more switch for Chromium (repeatable), such as
    /// `--chrome-arg=--proxy-server=HOST:PORT`.
    #[arg(long, value_name = "SWITCH", allow_hyphen_values = true)]
    pub chrome_arg: Vec<String>,
}

/// `NAME=VALUE`, split at the first `=`.
fn name_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => Err("expected NAME=VALUE, such as `consent=all`".to_string()),
    }
}

/// A number of seconds in `range`, such as `3` or `0.5`.
fn seconds_within(range: TimeRange) -> impl Fn(&str) -> Result<Duration, String> + Clone {
    move |text| {
        text.parse::<f64>()
            .ok()
            .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
            .filter(|duration| range.holds(*duration))
            .ok_or_else(|| format!("expected a number of seconds {range}, such as `3` or `0.5`"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Markdown,
}

/// A rule id: any word, since the configuration may add rules, with the
/// built-in ids as the values shells complete.
#[derive(Debug, Clone, Copy)]
struct RuleId;

impl TypedValueParser for RuleId {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            cookielint::rule_id::BUILTIN.iter().map(PossibleValue::new),
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A flag that takes one of the library's formats, named and described by
/// the library, so that a new format needs no change here.
fn one_of<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
    help: fn(T) -> Option<&'static str>,
) -> impl TypedValueParser<Value = T> {
    let values = all.iter().map(move |&value| {
        let possible = PossibleValue::new(name(value));
        match help(value) {
            Some(help) => possible.help(help),
            None => possible,
        }
    });
    PossibleValuesParser::new(values).try_map(move |chosen: String| {
        all.iter()
            .copied()
            .find(|value| name(*value) == chosen)
            .ok_or_else(|| format!("`{chosen}` is not one of the formats"))
    })
}

fn report_format() -> impl TypedValueParser<Value = Format> {
    one_of(&Format::ALL, Format::name, |format| {
        Some(format.description())
    })
}

fn charter_format() -> impl TypedValueParser<Value = RenderFormat> {
    one_of(&RenderFormat::ALL, RenderFormat::name, |_| None)
}
