//! `cookielint init`: a starter declaration, never over an existing file
//! unless it holds nothing but white space.

use std::fs::{self, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
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
    let created = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| file.write_all(STARTER.as_bytes()))
        .or_else(|error| match error.kind() {
            io::ErrorKind::AlreadyExists if fill_blank(&path)? => Ok(()),
            _ => Err(error),
        });
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

/// A blank file is one this many bytes long at most: what `touch`, an
/// editor or `cookielint check`'s advice for an empty file leaves.
const BLANK_LIMIT: u64 = 4096;

/// Writes the starter into `path` when it is a regular file (not a link)
/// holding nothing but white space; `Ok(false)` when it holds anything else.
fn fill_blank(path: &Path) -> io::Result<bool> {
    let before = fs::symlink_metadata(path)?;
    if !before.file_type().is_file() || before.len() > BLANK_LIMIT {
        return Ok(false);
    }
    let mut file = OpenOptions::new().read(true).write(true).open(path)?;
    // The path may have become a link between the look and the opening.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let opened = file.metadata()?;
        if (opened.dev(), opened.ino()) != (before.dev(), before.ino()) {
            return Ok(false);
        }
    }
    let mut text = Vec::new();
    (&mut file).take(BLANK_LIMIT + 1).read_to_end(&mut text)?;
    if !text.iter().all(u8::is_ascii_whitespace) {
        return Ok(false);
    }
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(STARTER.as_bytes())?;
    Ok(true)
}
