//! `cookielint scan`: finds the browser, runs the library's scan, writes
//! the capture and says in one line what it holds.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use cookielint::capture::Moment;
use cookielint::output::Format;
use cookielint::scan::{Interrupt, Scan, ScanError, ScanRequest, scan};

use crate::args::{ReportArgs, RuleArgs, ScanArgs};
use crate::audit::Audited;
use crate::check::selected_session;
use crate::files::{cannot_write, may_write, shown_path, write_whole};
use crate::terminal::Context;
use crate::{EXIT_CLEAN, EXIT_FAILURE};

/// The executables looked for on `PATH`, in order, when neither `--chrome`
/// nor `CHROME` names one.
const CHROME_NAMES: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// A capture as written, for what follows the scan.
pub struct Capture {
    /// The `--output` file; `None` when it went to standard output (or,
    /// given a declaration, nowhere: the audit's report goes there).
    pub path: Option<PathBuf>,
    /// Whether it is labelled as taken before consent.
    pub before_consent: bool,
    /// The capture as written.
    pub document: Vec<u8>,
}

pub fn run(args: &ScanArgs, context: &mut Context<'_>) -> u8 {
    let capture = match write_capture(args, context) {
        Ok(capture) => capture,
        Err(status) => return status,
    };
    match &args.declaration {
        None => EXIT_CLEAN,
        Some(declaration) => audit(declaration, &capture, &args.url, context),
    }
}

/// `scan URL DECLARATION`: the capture just made, audited against the
/// declaration, with `audit`'s defaults; the scanned URL is the site when
/// the declaration has no `site.url`.
fn audit(declaration: &Path, capture: &Capture, url: &str, context: &mut Context<'_>) -> u8 {
    let (report, rules) = (ReportArgs::default(), RuleArgs::default());
    let Some(session) = selected_session(&rules, Format::Full, context) else {
        return EXIT_FAILURE;
    };
    let moment = if capture.before_consent {
        Moment::BeforeConsent
    } else {
        Moment::AfterConsent
    };
    let shown = match &capture.path {
        Some(path) => session.shown(path),
        None => format!("<scan of {url}>"),
    };
    let read = cookielint::capture::read_from(capture.document.as_slice(), &shown, moment, None);
    match read {
        Ok(read) => {
            let audited = Audited {
                declaration,
                captures: std::slice::from_ref(&read),
                site: Some(url),
            };
            crate::audit::report(&session, &audited, &report, &rules, context)
        }
        Err(error) => {
            context.report_error(&cookielint::Error::from(error));
            EXIT_FAILURE
        }
    }
}

/// Scans the page and writes the capture; on failure, says why and gives
/// the exit status.
pub fn write_capture(args: &ScanArgs, context: &mut Context<'_>) -> Result<Capture, u8> {
    let audited = args.declaration.as_deref().map(|declaration| {
        (
            "the declaration the capture is audited against",
            declaration,
        )
    });
    if !may_write("capture", args.output.as_deref(), audited, context) {
        return Err(EXIT_FAILURE);
    }
    let chrome = find_chrome(
        args.chrome.as_deref(),
        std::env::var_os("CHROME"),
        std::env::var_os("PATH"),
    )
    .map_err(|words| {
        let _ = writeln!(
            context.stderr,
            "error: {words}\n  help: Install Chromium (Debian: `apt-get install chromium`), or give its path with `--chrome PATH` or `CHROME=PATH`."
        );
        EXIT_FAILURE
    })?;
    let stop = Stop::on_signals();
    let request = ScanRequest {
        wait: args.wait,
        timeout: args.timeout,
        set_cookies: args.set_cookie.clone(),
        click: args.click.clone(),
        extra_args: args.chrome_arg.clone(),
        interrupt: stop.interrupt.clone(),
        ..ScanRequest::new(&args.url, chrome)
    };
    let scanned = scan(&request);
    if let Some(status) = stop.scan_over() {
        context.report_error(&ScanError::Interrupted);
        return Err(status);
    }
    let scanned = scanned.map_err(|error| {
        context.report_error(&error);
        EXIT_FAILURE
    })?;
    let mut document = Vec::new();
    // Writing to memory cannot fail.
    let _ = scanned.write_storage_state(args.before_consent, &mut document);
    match &args.output {
        Some(path) => {
            write_whole(path, &document, context.stdout).map_err(|source| {
                context.report_error(&cannot_write("capture", path, source));
                EXIT_FAILURE
            })?;
        }
        // Given a declaration, standard output is the audit's.
        None if args.declaration.is_some() => {}
        None => context.stdout.write_all(&document).map_err(|error| {
            context.report_error(&cookielint::Error::Output(error));
            EXIT_FAILURE
        })?,
    }
    let _ = writeln!(context.stderr, "{}", summary(&scanned));
    Ok(Capture {
        path: args.output.clone(),
        before_consent: args.before_consent,
        document,
    })
}

/// Ctrl-C or SIGTERM during the scan stops it (the library ends the browser
/// and removes its profile), nothing is written, and the command exits as a
/// shell reports a process the signal ended: 128 + its number, 130 for
/// Ctrl-C, 143 for SIGTERM. After the scan, a signal does what it always
/// does.
#[derive(Default)]
struct Stop {
    interrupt: Interrupt,
    /// The signal received, 0 for none.
    received: Arc<AtomicI32>,
    over: Arc<AtomicBool>,
}

impl Stop {
    fn on_signals() -> Stop {
        let stop = Stop::default();
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGINT, SIGTERM};
            // Without the handler (it cannot fail in practice), a signal
            // ends the scan as it ends any command.
            if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) {
                let (interrupt, received, over) = (
                    stop.interrupt.clone(),
                    stop.received.clone(),
                    stop.over.clone(),
                );
                std::thread::spawn(move || {
                    for signal in signals.forever() {
                        // Stored before `over` is read, and `scan_over`
                        // does the reverse: one of the two sees the other.
                        received.store(signal, Ordering::SeqCst);
                        if over.load(Ordering::SeqCst) {
                            let _ = signal_hook::low_level::emulate_default_handler(signal);
                        }
                        interrupt.raise();
                    }
                });
            }
        }
        stop
    }

    /// Marks the scan over; the exit status when a signal came during it.
    fn scan_over(&self) -> Option<u8> {
        self.over.store(true, Ordering::SeqCst);
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(u8::try_from(128 + signal).unwrap_or(EXIT_FAILURE)),
        }
    }
}

/// `scanned URL: 5 cookies on 2 domains (1 beyond the page's host: tracker.test)`.
fn summary(scanned: &Scan) -> String {
    let plural =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    let foreign = scanned.foreign_domains();
    let beyond = if foreign.is_empty() {
        String::new()
    } else {
        format!(
            " ({} beyond the page's host: {})",
            foreign.len(),
            foreign.join(", ")
        )
    };
    cookielint::source::escape_controls(&format!(
        "scanned {}: {} on {}{beyond}",
        scanned.page_url,
        plural(scanned.cookies.len(), "cookie"),
        plural(scanned.domains().len(), "domain"),
    ))
    .into_owned()
}

/// The browser to run: `--chrome`, else `CHROME`, else the first of
/// [`CHROME_NAMES`] on `PATH`; a bare name is looked up on `PATH`. When
/// there is none, the words say where it was looked for.
fn find_chrome(
    flag: Option<&Path>,
    variable: Option<OsString>,
    search_path: Option<OsString>,
) -> Result<PathBuf, String> {
    let on_path = |name: &Path| {
        let folders = search_path.as_deref().map(std::env::split_paths);
        folders
            .into_iter()
            .flatten()
            .map(|folder| folder.join(name))
            .find(|candidate| candidate.is_file())
    };
    let resolve = |given: &Path| {
        if given.components().count() > 1 || given.is_absolute() {
            given.is_file().then(|| given.to_path_buf())
        } else {
            on_path(given)
        }
    };
    let variable = variable
        .filter(|value| !value.is_empty())
        .map(PathBuf::from);
    match (flag, variable) {
        (Some(given), _) => resolve(given)
            .ok_or_else(|| format!("no Chromium at `{}` (given by --chrome)", shown_path(given))),
        (None, Some(given)) => resolve(&given)
            .ok_or_else(|| format!("no Chromium at `{}` (given by CHROME)", shown_path(&given))),
        (None, None) => CHROME_NAMES
            .iter()
            .find_map(|name| on_path(Path::new(name)))
            .ok_or_else(|| {
                format!(
                    "no Chromium found: none of `{}` is on PATH, and neither --chrome nor CHROME names one",
                    CHROME_NAMES.join("`, `")
                )
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_is_the_flag_then_the_variable_then_path() {
        let folder = tempfile::tempdir().unwrap();
        let chromium = folder.path().join("chromium");
        let chrome = folder.path().join("google-chrome");
        std::fs::write(&chromium, "").unwrap();
        std::fs::write(&chrome, "").unwrap();
        let path = Some(folder.path().as_os_str().to_owned());
        assert_eq!(
            find_chrome(Some(&chrome), Some("chromium".into()), path.clone()),
            Ok(chrome.clone())
        );
        assert_eq!(
            find_chrome(None, Some("google-chrome".into()), path.clone()),
            Ok(chrome.clone())
        );
        assert_eq!(
            find_chrome(None, Some("".into()), path.clone()),
            Ok(chromium)
        );
        assert_eq!(
            find_chrome(None, Some("/nonexistent/chrome".into()), path),
            Err("no Chromium at `/nonexistent/chrome` (given by CHROME)".to_string())
        );
    }
}
