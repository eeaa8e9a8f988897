//! Reading what a user names: declarations, configurations, rule files,
//! templates, committed charters, captures. Every reader goes through here,
//! so that one limit holds everywhere and no file, device or pipe can make a
//! run hang or exhaust memory.

use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// The largest file cookielint reads. A charter of 20 cookies is about 6 KB;
/// this allows 1,000 times that, and bounds memory on hostile input.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Reads at most one byte more than a declaration may hold.
pub fn read_capped(reader: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map(|_| bytes)
}

/// Reads a file, a device or a pipe, at most one byte past the size limit,
/// so that neither `/dev/zero` nor a pipe nobody writes to can hang a run.
/// Used for declarations, configurations and rule files alike.
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    if !is_pipe(path) {
        return std::fs::File::open(path).and_then(|mut file| read_capped(&mut file));
    }
    let (sender, receiver) = mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = sender.send(std::fs::File::open(owned).and_then(|mut file| read_capped(&mut file)));
    });
    receiver.recv_timeout(PIPE_WAIT).unwrap_or_else(|_| {
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "it is a pipe, and nothing was written to it within {} s",
                PIPE_WAIT.as_secs()
            ),
        ))
    })
}

/// Reads a configuration, a rule file, a template or a committed charter: the
/// same limits as a declaration, and a file past the size limit is an error
/// rather than a finding.
pub fn read_small_file(path: &Path) -> io::Result<Vec<u8>> {
    let bytes = read_file(path)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("it is larger than {} MiB", MAX_FILE_BYTES / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

/// Reads a text file that `render` is given (a template, a committed
/// charter) within [`read_small_file`]'s limits; it must be UTF-8.
pub fn read_small_text(path: &Path) -> io::Result<String> {
    String::from_utf8(read_small_file(path)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

/// How long a pipe named on the command line may stay silent.
pub const PIPE_WAIT: Duration = Duration::from_secs(10);

#[cfg(unix)]
fn is_pipe(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|meta| meta.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_pipe(_: &Path) -> bool {
    false
}
