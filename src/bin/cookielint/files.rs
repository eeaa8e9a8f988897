//! Files the binary writes: reports and charters, always whole (written
//! beside their target, then renamed), and the words that name them.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use cookielint::error::Error;
use cookielint::source::escape_controls;

/// A path as given, for messages: `./` dropped, control characters escaped.
pub fn shown_path(path: &Path) -> String {
    escape_controls(&path.strip_prefix(".").unwrap_or(path).to_string_lossy()).into_owned()
}

/// The folder a file would be written in, as shown, when it does not exist.
pub fn missing_folder(path: &Path) -> Option<String> {
    let folder = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())?;
    (!folder.exists()).then(|| shown_path(folder))
}

/// A word as a POSIX shell reads it back: quoted only when it needs to be.
pub fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./=:,@%+".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// A report that could not be written, to its `--output` file or to
/// standard output.
pub fn report_write_error(output: Option<&Path>, error: io::Error) -> Error {
    match output {
        Some(path) => cannot_write("report", path, error),
        None => Error::Output(error),
    }
}

/// `--output` could not be written: the error names the file, and says what
/// to do when its folder is missing.
pub fn cannot_write(what: &'static str, path: &Path, source: io::Error) -> Error {
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

/// Where a report goes as it is written: standard output, or a file
/// written beside its target and renamed over it once complete, so that a
/// reader never sees half a report.
pub enum Sink<'a> {
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
    pub fn open(output: Option<&Path>, stdout: &'a mut dyn Write) -> io::Result<Self> {
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

    pub fn commit(&mut self) -> io::Result<()> {
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
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = temporary_beside(path);
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })
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
}
