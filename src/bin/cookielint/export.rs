//! `cookielint export`: the consent banner's configuration of a declaration
//! that passes `check`, to standard output, to a file, or compared with the
//! committed one.

use std::path::Path;

use cookielint::output::Format;
use cookielint::source::escape_controls;

use crate::EXIT_FAILURE;
use crate::args::ExportArgs;
use crate::files::{may_write, shell_word};
use crate::render::{Destination, Publication, deliver, report_failure};
use crate::terminal::Context;

const BANNER: Publication = Publication {
    what: "banner configuration",
    verb: "export",
    gerund: "exporting",
};

pub fn run(args: &ExportArgs, context: &mut Context<'_>) -> u8 {
    let command = export_command(args, context.config.as_deref());
    let output = args.output.as_deref().filter(|_| !args.check);
    let read = [("the declaration it is made from", args.file.as_path())];
    if !may_write(BANNER.what, output, read, context) {
        return EXIT_FAILURE;
    }
    let Some(session) = context.session(Format::Full) else {
        return EXIT_FAILURE;
    };
    let configuration = match session.export(&args.file, args.to) {
        Ok(configuration) => configuration,
        Err(failure) => return report_failure(failure, &BANNER, context),
    };
    let destination = Destination {
        file: &args.file,
        output: args.output.as_deref(),
        check: args.check,
        command: &command,
    };
    deliver(&session, &destination, &configuration, &BANNER, context)
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
