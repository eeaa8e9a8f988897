//! Where serde_json stands in a capture while it streams it: a reader that
//! counts lines and character columns of the bytes it hands out, and values
//! that remember where in the file they started.
//!
//! serde_json tells positions only in errors, and in bytes; the derived
//! types that walk a capture cannot be handed a seed, so the reader's
//! position is reached through a thread-local set for the length of one
//! read ([`scope`]).
//!
//! serde_json pulls its input a byte at a time; response and request
//! bodies make most of a HAR, and no capture form reads them. So the reader
//! skips what lies between the quotes of a body ([`BODY_KEY`]) in runs,
//! counting its characters, and hands serde_json only what it must see to
//! fail as it would on the whole string: a stray control character, a
//! broken escape, the end of the file.

use std::cell::{Cell, RefCell};
use std::io::{self, BufRead, BufReader, Read};
use std::marker::PhantomData;
use std::rc::Rc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::source::LineCol;

/// Arrays and objects may nest this deep: far deeper than any capture
/// format, and as deep as serde_json allows the values it builds. It also
/// bounds the values serde_json skips (a response body held as JSON),
/// which it would otherwise stack up whatever their depth.
pub const MAX_NESTING: usize = 128;

/// The key whose string values are bodies (a HAR's `content.text` and
/// `postData.text`), skipped unread. No type that reads a capture may have
/// a field of this name: it would read it empty (or cut short).
const BODY_KEY: &[u8; 4] = b"text";

/// The positions the reader has reached, shared with the values it reads.
#[derive(Debug)]
pub struct Positions {
    /// Where the last byte handed out starts: the `{` of an object when
    /// serde_json starts to visit it, the offending byte when it fails.
    last: Cell<LineCol>,
    /// Where the string read last starts (its opening quote).
    string_start: Cell<LineCol>,
    /// Where reading first failed. serde_json reads on after a failure (to
    /// the end of the objects it was in) before it reports it.
    failed_at: Cell<Option<LineCol>>,
}

impl Positions {
    pub fn last(&self) -> LineCol {
        self.last.get()
    }

    fn fail_at(&self, at: LineCol) {
        if self.failed_at.get().is_none() {
            self.failed_at.set(Some(at));
        }
    }

    /// Where the error being reported arose.
    pub fn failure(&self) -> LineCol {
        self.failed_at.get().unwrap_or(self.last())
    }
}

const START: LineCol = LineCol { line: 1, column: 1 };

thread_local! {
    static CURRENT: RefCell<Option<Rc<Positions>>> = const { RefCell::new(None) };
}

fn current() -> Option<Rc<Positions>> {
    CURRENT.with(|current| current.borrow().clone())
}

/// Where the last byte read starts: the `[` or `{` of the array or object
/// a visitor has just been handed.
pub fn last_position() -> LineCol {
    current().map_or(START, |positions| positions.last())
}

/// Keeps where reading failed, if nothing failed before: a visitor calls it
/// when a value inside it fails, before serde_json reads on.
pub fn note_failure() {
    if let Some(positions) = current() {
        positions.fail_at(positions.last());
    }
}

/// Keeps `at` as where reading failed, if nothing failed before: a visitor
/// that refuses what it has read calls it with where that starts.
pub fn note_failure_at(at: LineCol) {
    if let Some(positions) = current() {
        positions.fail_at(at);
    }
}

/// A reader that follows the JSON it hands out just enough to know lines,
/// columns, where strings start and how deep arrays and objects nest.
pub struct Tracking<R> {
    inner: BufReader<R>,
    positions: Rc<Positions>,
    next: LineCol,
    after_cr: bool,
    in_string: bool,
    escaped: bool,
    depth: usize,
    started: bool,
    /// The start of the string being read, enough to tell a body's key.
    string_head: [u8; BODY_KEY.len()],
    string_length: usize,
    body: BodyWatch,
    /// The hex digits of a `\u` escape still to come: never skipped.
    hex_digits_due: u8,
}

/// How far the reader is into `"text": "…"` ([`BODY_KEY`]).
#[derive(Clone, Copy, PartialEq)]
enum BodyWatch {
    Elsewhere,
    /// A string that names a body has just closed.
    Key,
    /// ...and its colon has followed.
    Colon,
    /// Inside the body's string: its runs may be skipped.
    Body,
}

impl<R: Read> Tracking<R> {
    pub fn new(inner: R) -> Self {
        Tracking {
            inner: BufReader::with_capacity(256 * 1024, inner),
            positions: Rc::new(Positions {
                last: Cell::new(START),
                string_start: Cell::new(START),
                failed_at: Cell::new(None),
            }),
            next: START,
            after_cr: false,
            in_string: false,
            escaped: false,
            depth: 0,
            started: false,
            string_head: [0; BODY_KEY.len()],
            string_length: 0,
            body: BodyWatch::Elsewhere,
            hex_digits_due: 0,
        }
    }

    pub fn positions(&self) -> Rc<Positions> {
        Rc::clone(&self.positions)
    }

    /// Follows one byte; an error when it opens one level too many.
    fn follow(&mut self, byte: u8) -> io::Result<()> {
        let at = self.next;
        // A UTF-8 continuation byte belongs to the character before it.
        if byte & 0xC0 != 0x80 {
            self.positions.last.set(at);
        }
        match byte {
            b'\n' if self.after_cr => {}
            b'\n' | b'\r' => {
                self.next = LineCol {
                    line: at.line + 1,
                    column: 1,
                }
            }
            _ if byte & 0xC0 == 0x80 => {}
            _ => self.next.column += 1,
        }
        self.after_cr = byte == b'\r';
        if self.in_string {
            if self.hex_digits_due > 0 {
                self.hex_digits_due -= 1;
                return Ok(());
            }
            match (self.escaped, byte) {
                (true, b'u') => {
                    self.escaped = false;
                    self.hex_digits_due = 4;
                }
                (true, _) => self.escaped = false,
                (false, b'\\') => self.escaped = true,
                (false, b'"') => {
                    self.in_string = false;
                    self.body = match self.body {
                        BodyWatch::Elsewhere if self.names_a_body() => BodyWatch::Key,
                        _ => BodyWatch::Elsewhere,
                    };
                }
                _ => {}
            }
            if let Some(head) = self.string_head.get_mut(self.string_length) {
                *head = byte;
            }
            self.string_length = self.string_length.saturating_add(1);
            return Ok(());
        }
        self.body = match (self.body, byte) {
            (BodyWatch::Key, b':') => BodyWatch::Colon,
            (BodyWatch::Colon, b'"') => BodyWatch::Body,
            (body, b' ' | b'\t' | b'\n' | b'\r') => body,
            _ => BodyWatch::Elsewhere,
        };
        match byte {
            b'"' => {
                self.in_string = true;
                self.string_length = 0;
                self.positions.string_start.set(at);
            }
            b'[' | b'{' if self.depth == MAX_NESTING => {
                self.positions.fail_at(at);
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("arrays and objects nest deeper than {MAX_NESTING} levels"),
                ));
            }
            b'[' | b'{' => self.depth += 1,
            b']' | b'}' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(())
    }

    /// Whether the string just read is [`BODY_KEY`].
    fn names_a_body(&self) -> bool {
        self.string_length == BODY_KEY.len() && self.string_head == *BODY_KEY
    }

    /// Skips a body's characters up to the next one serde_json must see,
    /// and follows them: they hold no line break (a string holds none).
    fn skip_body_runs(&mut self) -> io::Result<()> {
        loop {
            let available = self.inner.fill_buf()?;
            let skipped = skippable(available);
            if skipped == 0 {
                return Ok(());
            }
            let characters = available[..skipped]
                .iter()
                .filter(|&&byte| byte & 0xC0 != 0x80)
                .count();
            self.inner.consume(skipped);
            if characters > 0 {
                self.next.column += characters;
                self.positions.last.set(LineCol {
                    line: self.next.line,
                    column: self.next.column - 1,
                });
            }
            self.after_cr = false;
        }
    }
}

/// How many bytes at the start of `bytes`, inside a string, serde_json
/// would read past without a remark: all but a quote, a control character
/// and an escape that is broken or cut off.
fn skippable(bytes: &[u8]) -> usize {
    let mut at = 0;
    loop {
        at += plain_run(&bytes[at..]);
        match bytes.get(at..) {
            Some(
                [
                    b'\\',
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't',
                    ..,
                ],
            ) => at += 2,
            Some([b'\\', b'u', digits @ ..])
                if digits
                    .get(..4)
                    .is_some_and(|digits| digits.iter().all(u8::is_ascii_hexdigit)) =>
            {
                at += 6;
            }
            _ => return at,
        }
    }
}

/// How many bytes at the start of `bytes` are neither a quote, a backslash
/// nor a control character. Tested eight at a time, in a `u64`.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each byte below `limit`, exact up to the first one.
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH;
    let equal = |word: u64, byte: u8| below(word ^ (ONES * u64::from(byte)), 1);
    let mut at = 0;
    while let Some(word) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*word);
        let special = equal(word, b'"') | equal(word, b'\\') | below(word, 0x20);
        if special != 0 {
            return at + special.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
        .unwrap_or(bytes.len() - at)
}

impl<R: Read> Read for Tracking<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            self.started = true;
            // serde_json does not skip a byte order mark; editors on
            // Windows write one, and it is no character of the text.
            if self.inner.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
                self.inner.consume(3);
            }
        }
        if self.body == BodyWatch::Body && !self.escaped && self.hex_digits_due == 0 {
            self.skip_body_runs()?;
        }
        let available = self.inner.fill_buf()?;
        let count = buf.len().min(available.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.inner.consume(count);
        for &byte in &buf[..count] {
            self.follow(byte)?;
        }
        Ok(count)
    }
}

/// Makes `positions` the ones [`AtObject`] and [`AtString`] read until
/// the guard is dropped.
pub fn scope(positions: &Rc<Positions>) -> ScopeGuard {
    let previous = CURRENT.with(|current| current.replace(Some(Rc::clone(positions))));
    ScopeGuard { previous }
}

/// Restores the positions in force before [`scope`].
pub struct ScopeGuard {
    previous: Option<Rc<Positions>>,
}

impl Drop for ScopeGuard {
    fn drop(&mut self) {
        CURRENT.with(|current| *current.borrow_mut() = self.previous.take());
    }
}

/// A JSON object read as `T`, and where its `{` stands.
#[derive(Debug, Clone, PartialEq)]
pub struct AtObject<T> {
    pub at: LineCol,
    pub value: T,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for AtObject<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = AtObject<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let at = last_position();
                let value = T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .inspect_err(|_| note_failure())?;
                Ok(AtObject { at, value })
            }
        }
        deserializer.deserialize_map(ObjectVisitor(PhantomData))
    }
}

/// A JSON string, and where its opening quote stands.
#[derive(Debug, Clone, PartialEq)]
pub struct AtString {
    pub at: LineCol,
    pub value: String,
}

impl<'de> Deserialize<'de> for AtString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringVisitor;
        impl Visitor<'_> for StringVisitor {
            type Value = AtString;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                let at = current().map_or(START, |positions| positions.string_start.get());
                Ok(AtString {
                    at,
                    value: value.to_owned(),
                })
            }
        }
        deserializer.deserialize_string(StringVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_run_ends_at_the_first_byte_serde_json_remarks() {
        let plain = "é💡 abc <p>".repeat(3);
        for stop in ["\"", "\\", "\n", "\u{1}", "\u{1f}"] {
            for at in 0..plain.len() {
                let text = [&plain.as_bytes()[..at], stop.as_bytes(), plain.as_bytes()].concat();
                assert_eq!(plain_run(&text), at, "{stop:?} at {at}");
            }
        }
        assert_eq!(plain_run(plain.as_bytes()), plain.len());
        assert_eq!(plain_run(b""), 0);
    }

    #[test]
    fn escapes_are_skipped_whole_or_not_at_all() {
        assert_eq!(skippable(br#"a\"b\\c\/\b\f\n\r\t\u00E9d"end"#), 26);
        for cut_or_broken in [&br"ab\"[..], br"ab\u00", br"ab\x", br"ab\u00g9"] {
            assert_eq!(skippable(cut_or_broken), 2, "{cut_or_broken:?}");
        }
    }
}
