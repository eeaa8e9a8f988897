//! `cookielint init`: a starter declaration, never over an existing file.

use std::io::{self, Write};
use std::path::Path;

use crate::args::DECLARATION;
use crate::files::{missing_folder, shell_word, shown_path};
use crate::terminal::Context;
use crate::{EXIT_CLEAN, EXIT_FAILURE};

/// The starter declaration; it passes every rule (a test checks it).
const STARTER: &str = include_str!("../../../examples/starter/cookies.yaml");

pub fn run(path: &Path, context: &mut Context<'_>) -> u8 {
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
                context.stdout,
                "wrote {shown}: edit it, then run `cookielint check {shown}`"
            );
            EXIT_CLEAN
        }
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                context.stderr,
                "error: `{shown}` already exists; cookielint init does not overwrite it\n  help: Name another file: `cookielint init path/to/cookies.yaml`."
            );
            EXIT_FAILURE
        }
        Err(error) => {
            let _ = match missing_folder(&path) {
                Some(folder) => writeln!(
                    context.stderr,
                    "error: cannot write `{shown}`: the folder `{folder}` does not exist\n  help: Create it first (`mkdir -p {}`), or name a folder that exists: `cookielint init DIR` writes DIR/cookies.yaml.",
                    shell_word(&folder)
                ),
                None => writeln!(context.stderr, "error: cannot write `{shown}`: {error}"),
            };
            EXIT_FAILURE
        }
    }
}
