//! `cookielint export`: the consent banner's configuration of a declaration
//! that passes `check`, to standard output, to a file, or compared with the
//! committed one.

use std::path::Path;

use cookielint::output::Format;
use cookielint::source::escape_controls;

use crate::args::ExportArgs;
use crate::files::{cannot_write, shell_word, write_atomically};
use crate::render::{Publication, compare, report_failure};
use crate::terminal::Context;
use crate::{EXIT_CLEAN, EXIT_FAILURE, write_out};

const BANNER: Publication = Publication {
    what: "banner configuration",
    verb: "export",
    gerund: "exporting",
};

pub fn run(args: &ExportArgs, context: &mut Context<'_>) -> u8 {
    let command = export_command(args, context.config.as_deref());
    let Some(session) = context.session(Format::Full) else {
        return EXIT_FAILURE;
    };
    let configuration = match session.export(&args.file, args.to) {
        Ok(configuration) => configuration,
        Err(failure) => return report_failure(failure, &BANNER, context),
    };
    match (&args.output, args.check) {
        (Some(path), true) => {
            let declaration = session.shown(&args.file);
            compare(
                &session,
                path,
                &declaration,
                &configuration,
                &BANNER,
                &command,
                context,
            )
        }
        (Some(path), false) => match write_atomically(path, configuration.as_bytes()) {
            Ok(()) => EXIT_CLEAN,
            Err(source) => {
                context.report_error(&cannot_write("banner configuration", path, source));
                EXIT_FAILURE
            }
        },
        (None, _) => write_out(context.stdout, &configuration),
    }
}

/// The `export` command, without `--check`, that writes the file `--check`
/// compares with.
fn export_command(args: &ExportArgs, config: Option<&Path>) -> String {
    let lossy = |path: &Path| shell_word(&path.to_string_lossy());
    let mut words = vec![
        "cookielint export".to_string(),
        lossy(&args.file),
        format!("--to {}", args.to.name()),
    ];
    if let Some(config) = config {
        words.push(format!("--config {}", lossy(config)));
    }
    if let Some(output) = &args.output {
        words.push(format!("--output {}", lossy(output)));
    }
    escape_controls(&words.join(" ")).into_owned()
}
