//! Where serde_json stands in a capture while it streams it: a reader that
//! counts lines and character columns of the bytes it hands out, and values
//! that remember where in the file they started.
//!
//! serde_json tells positions only in errors, and in bytes; the derived
//! types that walk a capture cannot be handed a seed, so the reader's
//! position is reached through a thread-local set for the length of one
//! read ([`scope`]).

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
}

impl<R: Read> Tracking<R> {
    pub fn new(inner: R) -> Self {
        Tracking {
            inner: BufReader::with_capacity(64 * 1024, inner),
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
            match (self.escaped, byte) {
                (true, _) => self.escaped = false,
                (false, b'\\') => self.escaped = true,
                (false, b'"') => self.in_string = false,
                _ => {}
            }
            return Ok(());
        }
        match byte {
            b'"' => {
                self.in_string = true;
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
