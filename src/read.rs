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
    receiver
        .recv_timeout(PIPE_WAIT)
        .unwrap_or_else(|_| Err(silent_pipe()))
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

/// The largest capture (a HAR, a cookie jar) cookielint reads. A HAR with
/// response bodies is often 50–500 MB; captures are read as a stream, so
/// this bounds time, not memory.
pub const MAX_CAPTURE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Opens a file, a device or a pipe to be read as a stream of at most
/// `limit` bytes: reading past it is an error, not a silent end, and a pipe
/// that stays silent for [`PIPE_WAIT`] is an error rather than a hang.
pub fn open_stream(path: &Path, limit: u64) -> io::Result<Capped<Box<dyn Read + Send>>> {
    let source: Box<dyn Read + Send> = if is_pipe(path) {
        Box::new(PipeReader::open(path)?)
    } else {
        Box::new(std::fs::File::open(path)?)
    };
    Ok(Capped {
        inner: source,
        left: limit,
        limit,
    })
}

/// A reader that fails once more than `limit` bytes come from `inner`.
pub struct Capped<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // One byte past the limit tells a file that is too large from one
        // that ends exactly at it.
        let allowed = buf
            .len()
            .min(usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..allowed])?;
        if read as u64 > self.left {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!("it is larger than {}", in_units(self.limit)),
            ));
        }
        self.left -= read as u64;
        Ok(read)
    }
}

/// A size in the largest binary unit that divides it.
fn in_units(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    UNITS
        .iter()
        .find(|(_, size)| bytes >= *size && bytes.is_multiple_of(*size))
        .map_or_else(
            || format!("{bytes} bytes"),
            |(unit, size)| format!("{} {unit}", bytes / size),
        )
}

/// A pipe read on another thread, chunk by chunk, so that each wait for the
/// writer is bounded by [`PIPE_WAIT`] (opening a FIFO blocks until a writer
/// comes, and so may each read).
struct PipeReader {
    chunks: mpsc::Receiver<io::Result<Vec<u8>>>,
    pending: Vec<u8>,
    consumed: usize,
}

impl PipeReader {
    /// At most this many chunks wait to be read: memory stays bounded.
    const CHUNKS_AHEAD: usize = 4;
    const CHUNK_BYTES: usize = 64 * 1024;

    fn open(path: &Path) -> io::Result<Self> {
        let (sender, chunks) = mpsc::sync_channel(Self::CHUNKS_AHEAD);
        let owned = path.to_path_buf();
        std::thread::spawn(move || {
            let mut file = match std::fs::File::open(owned) {
                Ok(file) => file,
                Err(error) => return drop(sender.send(Err(error))),
            };
            loop {
                let mut chunk = vec![0; Self::CHUNK_BYTES];
                let result = file.read(&mut chunk).map(|read| {
                    chunk.truncate(read);
                    chunk
                });
                let done = !matches!(&result, Ok(chunk) if !chunk.is_empty());
                if sender.send(result).is_err() || done {
                    return;
                }
            }
        });
        Ok(PipeReader {
            chunks,
            pending: Vec::new(),
            consumed: 0,
        })
    }
}

impl Read for PipeReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.consumed == self.pending.len() {
            self.pending = match self.chunks.recv_timeout(PIPE_WAIT) {
                Ok(chunk) => chunk?,
                Err(mpsc::RecvTimeoutError::Disconnected) => Vec::new(),
                Err(mpsc::RecvTimeoutError::Timeout) => return Err(silent_pipe()),
            };
            self.consumed = 0;
        }
        let read = buf.len().min(self.pending.len() - self.consumed);
        buf[..read].copy_from_slice(&self.pending[self.consumed..self.consumed + read]);
        self.consumed += read;
        Ok(read)
    }
}

fn silent_pipe() -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        format!(
            "it is a pipe, and nothing was written to it within {} s",
            PIPE_WAIT.as_secs()
        ),
    )
}

#[cfg(unix)]
fn is_pipe(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|meta| meta.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_pipe(_: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_past_its_limit_is_an_error_not_an_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("capture.har");
        std::fs::write(&path, b"0123456789").unwrap();
        let mut exact = Vec::new();
        open_stream(&path, 10)
            .unwrap()
            .read_to_end(&mut exact)
            .unwrap();
        assert_eq!(exact, b"0123456789");
        let error = open_stream(&path, 9)
            .unwrap()
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert_eq!(error.to_string(), "it is larger than 9 bytes");
        assert_eq!(in_units(MAX_CAPTURE_BYTES), "2 GiB");
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_streams_in_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&pipe)
                .status()
                .unwrap()
                .success()
        );
        let writer = {
            let pipe = pipe.clone();
            std::thread::spawn(move || std::fs::write(pipe, vec![b'x'; 200_000]).unwrap())
        };
        let mut read = Vec::new();
        open_stream(&pipe, MAX_CAPTURE_BYTES)
            .unwrap()
            .read_to_end(&mut read)
            .unwrap();
        writer.join().unwrap();
        assert_eq!(read.len(), 200_000);
    }
}
