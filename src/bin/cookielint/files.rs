//! Files the binary writes: reports, charters, configurations, drafts and
//! captures, always whole, and the words that name them. A regular file is
//! written beside its real path (symbolic links followed) under a name
//! nobody can predict, then renamed over it, keeping its permissions; a
//! device, a pipe or standard output is written where it is. An output is
//! never one of the command's inputs.

use std::fs::{File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use cookielint::error::Error;
use cookielint::read::PIPE_WAIT;
use cookielint::source::escape_controls;
use tempfile::NamedTempFile;

use crate::terminal::Context;

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

/// An output that is one of the files the command reads: writing it would
/// destroy what the output is made from.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write the {what} to `{output}`: it is {same}{role}")]
#[diagnostic(
    code(cookielint::output),
    help("Name a file of its own for the output; cookielint never writes over what it reads.")
)]
struct OutputIsInput {
    what: &'static str,
    output: String,
    /// Empty when the two are named alike; else the input as named, and
    /// that it is the same file.
    same: String,
    role: &'static str,
}

/// Refuses to write the `what` to `output` when `output` is one of the
/// `inputs` (each with its role, as "the declaration it is made from"):
/// the same file, whatever path names it (links, `./`, hard links), so
/// compared by identity. Only a regular file is refused: reading from and
/// writing to one terminal, say, destroys nothing.
fn refuse_input<'a>(
    what: &'static str,
    output: &Path,
    inputs: impl IntoIterator<Item = (&'static str, &'a Path)>,
) -> Result<(), OutputIsInput> {
    let Some(written) = identity(output) else {
        return Ok(());
    };
    match inputs
        .into_iter()
        .find(|(_, input)| identity(input).as_ref() == Some(&written))
    {
        None => Ok(()),
        Some((role, input)) => {
            let (output, input) = (shown_path(output), shown_path(input));
            let same = if input == output {
                String::new()
            } else {
                format!("`{input}` (the same file), ")
            };
            Err(OutputIsInput {
                what,
                output,
                same,
                role,
            })
        }
    }
}

/// [`refuse_input`] for an `--output` if any, the configuration in use
/// counted among the inputs, and the refusal reported: whether the command
/// may go on.
pub fn may_write<'a>(
    what: &'static str,
    output: Option<&Path>,
    inputs: impl IntoIterator<Item = (&'static str, &'a Path)>,
    context: &mut Context<'_>,
) -> bool {
    let Some(output) = output else {
        return true;
    };
    let found = || {
        let found = cookielint::config::find(&context.current_dir)?;
        let relative = found.strip_prefix(&context.current_dir).ok();
        Some(relative.map_or_else(|| found.clone(), Path::to_path_buf))
    };
    let configuration = context.config.clone().or_else(found);
    let mut read: Vec<(&'static str, &Path)> = inputs.into_iter().collect();
    read.extend(
        configuration
            .as_deref()
            .map(|path| ("the configuration in use", path)),
    );
    match refuse_input(what, output, read) {
        Ok(()) => true,
        Err(refusal) => {
            context.report_error(&refusal);
            false
        }
    }
}

/// Which regular file a path names, links followed.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    metadata.is_file().then(|| (metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    std::fs::metadata(path)
        .ok()
        .filter(Metadata::is_file)
        .and(std::fs::canonicalize(path).ok())
}

/// Where the bytes of an output go as they are written.
pub enum Sink<'a> {
    /// No `--output`, or `/dev/stdout`.
    Stdout(io::BufWriter<&'a mut dyn Write>),
    /// A device, a pipe or another process's descriptor, written in place:
    /// replacing it with a regular file would leave its reader with nothing.
    InPlace(io::BufWriter<File>),
    /// A regular file (or none yet), written beside its real path and
    /// renamed over it once complete, so that a reader never sees half of it.
    Replacing {
        /// Taken when the output is complete, to close it before renaming.
        file: Option<io::BufWriter<NamedTempFile>>,
        /// The path with its links resolved: the link stays a link.
        target: PathBuf,
        /// The file replaced, whose permissions the new one keeps.
        replaced: Option<Box<Metadata>>,
    },
}

impl<'a> Sink<'a> {
    pub fn open(output: Option<&Path>, stdout: &'a mut dyn Write) -> io::Result<Self> {
        let Some(output) = output else {
            return Ok(Sink::Stdout(io::BufWriter::new(stdout)));
        };
        Ok(match resolve(output)? {
            Resolved::Stdout => Sink::Stdout(io::BufWriter::new(stdout)),
            Resolved::InPlace(path) => Sink::InPlace(io::BufWriter::new(open_in_place(&path)?)),
            Resolved::File(target) => {
                let replaced = match std::fs::metadata(&target) {
                    Ok(metadata) => Some(Box::new(metadata)),
                    Err(error) if error.kind() == io::ErrorKind::NotFound => None,
                    Err(error) => return Err(error),
                };
                let file = temporary_beside(&target, replaced.is_some())?;
                Sink::Replacing {
                    file: Some(io::BufWriter::new(file)),
                    target,
                    replaced,
                }
            }
        })
    }

    /// Completes the output: flushed, and a replacing file renamed over its
    /// target with the replaced file's permissions. Dropped without it, a
    /// replacing file leaves nothing behind.
    pub fn commit(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(stdout) => stdout.flush(),
            Sink::InPlace(file) => file.flush(),
            Sink::Replacing {
                file,
                target,
                replaced,
            } => {
                let file = file
                    .take()
                    .ok_or_else(|| io::Error::other("the output was closed"))?
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)?;
                if let Some(replaced) = replaced {
                    keep_permissions(file.as_file(), replaced)?;
                }
                file.as_file().sync_all()?;
                file.persist(&*target).map_err(|error| error.error)?;
                Ok(())
            }
        }
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(bytes),
            Sink::InPlace(file) => file.write(bytes),
            Sink::Replacing {
                file: Some(file), ..
            } => file.write(bytes),
            Sink::Replacing { file: None, .. } => Err(io::Error::other("the output was closed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::InPlace(file) => file.flush(),
            Sink::Replacing {
                file: Some(file), ..
            } => file.flush(),
            Sink::Replacing { file: None, .. } => Ok(()),
        }
    }
}

/// Writes `bytes` to `path` whole, as [`Sink`] does (`/dev/stdout` is
/// `stdout`); says whether it was a regular file, not a stream.
pub fn write_whole(path: &Path, bytes: &[u8], stdout: &mut dyn Write) -> io::Result<bool> {
    let mut sink = Sink::open(Some(path), stdout)?;
    sink.write_all(bytes)?;
    sink.commit()?;
    Ok(matches!(sink, Sink::Replacing { .. }))
}

/// What an output path names once its links are followed.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    Stdout,
    InPlace(PathBuf),
    /// A regular file, one to create, or a folder (which renaming refuses).
    File(PathBuf),
}

/// Links a path may go through before it is refused, as Linux allows.
const MAX_LINKS: usize = 40;

/// Follows `path`'s links one at a time, so that the file replaced is the
/// one they lead to, and so that a descriptor (`/dev/stdout`,
/// `/proc/self/fd/N`) is seen before it is followed to what it holds.
fn resolve(path: &Path) -> io::Result<Resolved> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        if ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
            .iter()
            .any(|name| current == Path::new(name))
        {
            return Ok(Resolved::Stdout);
        }
        if current.starts_with("/dev/fd") || current.starts_with("/proc") {
            return Ok(Resolved::InPlace(current));
        }
        let metadata = match std::fs::symlink_metadata(&current) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok(Resolved::File(current));
            }
            Err(error) => return Err(error),
        };
        if metadata.is_symlink() {
            let target = std::fs::read_link(&current)?;
            // An absolute target replaces the folder it is joined to.
            current = current
                .parent()
                .map_or_else(|| target.clone(), |folder| folder.join(&target));
        } else if metadata.is_file() || metadata.is_dir() {
            return Ok(Resolved::File(current));
        } else {
            return Ok(Resolved::InPlace(current));
        }
    }
    Err(io::Error::other(format!(
        "it goes through more than {MAX_LINKS} symbolic links"
    )))
}

/// Opens a device or a pipe for writing. A pipe's opening waits for its
/// reader, at most [`PIPE_WAIT`], on a thread of its own so that a pipe
/// nobody reads cannot hang the run.
fn open_in_place(path: &Path) -> io::Result<File> {
    let open = |path: &Path| {
        // A regular file behind a descriptor is written as `>` would.
        let truncate = std::fs::metadata(path).is_ok_and(|metadata| metadata.is_file());
        File::options().write(true).truncate(truncate).open(path)
    };
    if !is_pipe(path) {
        return open(path);
    }
    let (sender, receiver) = mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = sender.send(open(&owned));
    });
    receiver.recv_timeout(PIPE_WAIT).unwrap_or_else(|_| {
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "it is a pipe, and nothing read from it within {} s",
                PIPE_WAIT.as_secs()
            ),
        ))
    })
}

#[cfg(unix)]
fn is_pipe(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|metadata| metadata.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_pipe(_: &Path) -> bool {
    false
}

/// A new file in `target`'s folder, named `.NAME.XXXXXX.tmp` with a random
/// middle and created exclusively: a file or a link planted in a shared
/// folder is never opened nor followed. Private while it is written when it
/// replaces a file (it gets that file's permissions before the rename);
/// otherwise created as any new file is, within the umask.
fn temporary_beside(target: &Path, replaces: bool) -> io::Result<NamedTempFile> {
    let name = target.file_name().map_or_else(
        || "output".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let folder = match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if !replaces {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    #[cfg(not(unix))]
    let _ = replaces;
    builder.tempfile_in(folder)
}

/// Gives `file` the mode of the file it replaces, and its owner and group
/// where the runner may (root may; others keep what they can).
#[cfg(unix)]
fn keep_permissions(file: &File, replaced: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    if std::os::unix::fs::fchown(file, Some(replaced.uid()), Some(replaced.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(replaced.gid()));
    }
    file.set_permissions(replaced.permissions())
}

#[cfg(not(unix))]
fn keep_permissions(file: &File, replaced: &Metadata) -> io::Result<()> {
    file.set_permissions(replaced.permissions())
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

    #[cfg(unix)]
    #[test]
    fn links_are_followed_one_at_a_time_to_what_they_name() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.html");
        std::fs::write(&real, "").unwrap();
        std::os::unix::fs::symlink("real.html", dir.path().join("link.html")).unwrap();
        std::os::unix::fs::symlink("link.html", dir.path().join("chain.html")).unwrap();
        std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
        assert_eq!(
            resolve(&dir.path().join("chain.html")).unwrap(),
            Resolved::File(real)
        );
        assert_eq!(
            resolve(&dir.path().join("new.html")).unwrap(),
            Resolved::File(dir.path().join("new.html"))
        );
        assert_eq!(resolve(Path::new("/dev/stdout")).unwrap(), Resolved::Stdout);
        assert_eq!(
            resolve(Path::new("/dev/null")).unwrap(),
            Resolved::InPlace("/dev/null".into())
        );
        assert_eq!(
            resolve(&dir.path().join("loop")).unwrap_err().to_string(),
            "it goes through more than 40 symbolic links"
        );
    }
}
