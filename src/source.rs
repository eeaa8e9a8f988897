//! A declaration file's text, and the mapping between byte offsets and the
//! line/column positions that diagnostics show.
//!
//! Text is normalised once on load: a leading BOM is dropped and every line
//! break (CRLF, lone CR) becomes LF. Lines and character columns are the same
//! before and after, so every position we report is true of the file on disk,
//! while the parser and miette only ever see one kind of line break.

use std::fmt;
use std::fmt::Write as _;
use std::ops::Range;

/// Every this many bytes of text, the count of characters before it is kept,
/// so that a column is counted from the nearest checkpoint rather than from
/// the start of its line, however long the line.
const CHAR_CHECKPOINT_BYTES: usize = 256;

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A region of a [`SourceFile`], as byte offsets into its normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// Why a file's bytes could not become text, and the text before the first
/// bad byte, for the diagnostic to show.
#[derive(Debug)]
pub struct DecodeError {
    pub at: LineCol,
    pub message: String,
    pub partial: Box<SourceFile>,
    /// The bytes look like a binary file (an executable, an image, an
    /// archive), not like text with a stray bad byte.
    pub binary: bool,
}

/// A file's name as it is shown in diagnostics, and its normalised text.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    /// `char_checkpoints[i]`: the characters in the first `i * CHAR_CHECKPOINT_BYTES` bytes.
    char_checkpoints: Vec<usize>,
    /// Bytes the file had before its text that normalising dropped: a BOM.
    dropped_prefix: usize,
    /// Offsets, in the text, of line breaks that were CRLF in the file.
    crlf_breaks: Vec<usize>,
}

impl SourceFile {
    /// Builds a source file from text that is already normalised (no BOM,
    /// LF line breaks only). Used for decoded files and for built-in data.
    pub fn new(name: impl Into<String>, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut chars_before = 0;
        let char_checkpoints = std::iter::once(0)
            .chain(text.as_bytes().chunks(CHAR_CHECKPOINT_BYTES).map(|chunk| {
                chars_before += count_chars(chunk);
                chars_before
            }))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            char_checkpoints,
            dropped_prefix: 0,
            crlf_breaks: Vec::new(),
        }
    }

    /// A file's text as read from `raw`, remembering what normalising
    /// changed so that byte offsets in the file can be given back.
    fn normalised(name: String, raw: &str, dropped_prefix: usize) -> Self {
        let crlf_breaks = raw
            .match_indices("\r\n")
            .enumerate()
            .map(|(earlier, (at, _))| at - earlier)
            .collect();
        SourceFile {
            dropped_prefix,
            crlf_breaks,
            ..SourceFile::new(name, normalise_line_breaks(raw))
        }
    }

    /// The byte offset in the file on disk of an offset in the text.
    pub fn file_offset(&self, offset: usize) -> usize {
        offset + self.dropped_prefix + self.crlf_breaks.partition_point(|&at| at < offset)
    }

    /// Decodes raw file bytes. The text must be UTF-8 without NUL bytes, since
    /// YAML allows neither invalid sequences nor NUL in a document.
    pub fn decode(name: impl Into<String>, bytes: &[u8]) -> Result<Self, DecodeError> {
        let name = name.into();
        let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let dropped_prefix = bytes.len() - without_bom.len();
        let bytes = without_bom;
        let (valid, utf8_error) = match std::str::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(error) => (
                // The prefix up to the error is valid UTF-8 by definition.
                std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default(),
                Some(error.valid_up_to()),
            ),
        };
        let forbidden = valid
            .char_indices()
            .find(|&(_, character)| is_forbidden_in_yaml(character));
        let (bad_at, message) = match (forbidden, utf8_error) {
            (Some((at, '\0')), _) => (
                at,
                "the file holds a NUL byte, which YAML text cannot".to_string(),
            ),
            (Some((at, character)), _) => (
                at,
                format!(
                    "the file holds the control character U+{:04X}, which YAML text cannot; write it as an escape in a double-quoted string",
                    u32::from(character)
                ),
            ),
            (None, Some(at)) => (
                at,
                "the file is not valid UTF-8; save it as UTF-8".to_string(),
            ),
            (None, None) => return Ok(SourceFile::normalised(name, valid, dropped_prefix)),
        };
        // Everything before the first bad byte is valid text: show it, so the
        // diagnostic can point into the file.
        let prefix = String::from_utf8_lossy(&bytes[..bad_at]);
        let file = SourceFile::normalised(name, &prefix, dropped_prefix);
        let at = file.line_col(file.text.len());
        Err(DecodeError {
            at,
            message,
            partial: Box::new(file),
            binary: looks_binary(bytes, bad_at),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The byte offset of a 1-based line and character column, clamped to the
    /// end of that line (and of the file).
    pub fn offset(&self, at: LineCol) -> usize {
        let Some(&line_start) = self.line_starts.get(at.line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_text = &self.text[line_start..];
        let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
        let within = line_text
            .char_indices()
            .nth(at.column.saturating_sub(1))
            .map_or(line_text.len(), |(byte, _)| byte);
        line_start + within
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        &self.text[self.line_span(line).range()]
    }

    /// Where a 1-based line's text is, without its line break (empty past
    /// the last line).
    pub fn line_span(&self, line: usize) -> Span {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return Span::new(self.text.len(), self.text.len());
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next_start| next_start - 1);
        Span::new(start, end)
    }

    /// The number of lines (a final line break starts no new line of text,
    /// but an empty file has one empty line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let line_start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        LineCol {
            line,
            column: self.chars_before(offset) - self.chars_before(line_start) + 1,
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts
            .partition_point(|&start| start <= offset)
            .max(1)
    }

    /// The characters in `text[..offset]`, in time bounded by the checkpoint
    /// interval.
    fn chars_before(&self, offset: usize) -> usize {
        let checkpoint = offset / CHAR_CHECKPOINT_BYTES;
        let from = checkpoint * CHAR_CHECKPOINT_BYTES;
        self.char_checkpoints.get(checkpoint).copied().unwrap_or(0)
            + count_chars(&self.text.as_bytes()[from..offset])
    }
}

/// Counts the characters of valid UTF-8 by its lead bytes, without decoding.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&byte| (byte & 0xC0) != 0x80).count()
}

/// Turns a run of increasing byte offsets into line/columns in time linear in
/// the text, however long its lines: findings are located in sorted order.
pub struct LineColCursor<'a> {
    file: &'a SourceFile,
    offset: usize,
    at: LineCol,
}

impl<'a> LineColCursor<'a> {
    pub fn new(file: &'a SourceFile) -> Self {
        LineColCursor {
            file,
            offset: 0,
            at: LineCol { line: 1, column: 1 },
        }
    }

    pub fn line_col(&mut self, offset: usize) -> LineCol {
        let offset = offset.min(self.file.text.len());
        let skipped = &self.file.text.as_bytes()[self.offset.min(offset)..offset];
        self.at = if offset < self.offset || skipped.contains(&b'\n') {
            self.file.line_col(offset)
        } else {
            LineCol {
                line: self.at.line,
                column: self.at.column + count_chars(skipped),
            }
        };
        self.offset = offset;
        self.at
    }
}

/// Turns the parser's character indices into byte offsets. Successive
/// queries are close to each other, so each costs the distance it moves.
pub struct CharOffsets<'a> {
    text: &'a str,
    char_index: usize,
    byte: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            char_index: 0,
            byte: 0,
        }
    }

    pub fn byte_offset(&mut self, char_index: usize) -> usize {
        while self.char_index < char_index {
            let Some(next) = self.text[self.byte..].chars().next() else {
                break;
            };
            self.byte += next.len_utf8();
            self.char_index += 1;
        }
        while self.char_index > char_index {
            let Some(previous) = self.text[..self.byte].chars().next_back() else {
                break;
            };
            self.byte -= previous.len_utf8();
            self.char_index -= 1;
        }
        self.byte
    }
}

/// The character boundary at or before `at` (clamped to the text).
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The character boundary at or after `at` (clamped to the text).
pub fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Control characters written as `\u{1b}`, so that text from a file (a value
/// in a message, a file name) can never move the cursor, recolour a
/// terminal or split a line of output; so are the characters that reorder
/// or hide text ([`is_hidden`]), so that it reads as it is.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    escape_hidden_but(text, |_| false)
}

/// [`escape_controls`] keeping line breaks: for a text of several lines,
/// such as a finding's help.
pub fn escape_controls_but_line_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    escape_hidden_but(text, |character| character == '\n')
}

fn escape_hidden_but(text: &str, kept: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    let escaped = |character: char| is_hidden(character) && !kept(character);
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if escaped(character) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(character));
        } else {
            out.push(character);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a character is one a reader cannot see as it is: a control
/// character; a bidirectional control (U+061C, U+200E–U+200F, U+202A–U+202E,
/// U+2066–U+2069), which makes text display in another order than it is
/// read (the "Trojan Source" spoofing); a line or paragraph separator
/// (U+2028–U+2029), which a terminal or an editor may break a line at; or
/// a zero-width character (U+200B–U+200D, U+2060–U+2064, U+FEFF), which
/// makes two different names look the same. Joiners are legitimate in some
/// scripts and emoji, but a cookie report or charter shows names and
/// sentences where they hide more than they join.
pub fn is_hidden(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// `text` with each [`is_hidden`] character but the tab replaced by a
/// visible one of the same length in bytes and in characters (U+FFFD, or
/// `¤` for the two-byte ones): for source lines shown with labels at byte
/// offsets, which must stay where they are.
pub fn mask_hidden(text: &str) -> std::borrow::Cow<'_, str> {
    let masked = |character: char| character != '\t' && is_hidden(character);
    if !text.chars().any(masked) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|character| match character.len_utf8() {
                _ if !masked(character) => character,
                1 => '?',
                2 => '\u{a4}',
                _ => '\u{fffd}',
            })
            .collect(),
    )
}

/// YAML's printable set excludes C0 controls but tab and line breaks, DEL,
/// and C1 controls but NEL.
/// Whether bytes that are not text (the first bad one at `bad_at`) look
/// like a binary file: text never starts with a bad byte, and a stray bad
/// byte in text comes alone, while a binary format's header (ELF, PNG,
/// gzip, zip, SQLite) starts with one or holds several control bytes.
fn looks_binary(bytes: &[u8], bad_at: usize) -> bool {
    const SAMPLE: usize = 1024;
    let controls = bytes
        .iter()
        .take(SAMPLE)
        .filter(|&&byte| matches!(byte, 0..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F))
        .count();
    bad_at == 0 || controls >= 2
}

fn is_forbidden_in_yaml(character: char) -> bool {
    matches!(character, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\x7F' | '\u{80}'..='\u{84}' | '\u{86}'..='\u{9F}')
}

fn normalise_line_breaks(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> LineCol {
        LineCol { line, column }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("t", "a: é😀x\nb: y\n".to_string());
        let x = file.text().find('x').unwrap();
        assert_eq!(file.line_col(x), at(1, 6));
        assert_eq!(file.offset(at(1, 6)), x);
        assert_eq!(file.line_col(file.text().find('b').unwrap()), at(2, 1));
    }

    #[test]
    fn crlf_and_lone_cr_are_line_breaks() {
        let file = SourceFile::decode("t", b"a: 1\r\nb: 2\rc: 3\n").unwrap();
        assert_eq!(file.text(), "a: 1\nb: 2\nc: 3\n");
        assert_eq!(file.line_col(file.text().find('c').unwrap()), at(3, 1));
    }

    #[test]
    fn file_offsets_count_what_normalising_dropped() {
        let raw = b"\xEF\xBB\xBFa: 1\r\nb: 2\rc: 3\r\nd: 4\n";
        let file = SourceFile::decode("t", raw).unwrap();
        for (key, expected) in [("a", 3), ("b", 9), ("c", 14), ("d", 20)] {
            let in_text = file.text().find(&format!("{key}:")).unwrap();
            assert_eq!(file.file_offset(in_text), expected, "{key}");
            assert_eq!(raw[expected], key.as_bytes()[0]);
        }
    }

    #[test]
    fn bom_is_dropped_and_not_counted() {
        let file = SourceFile::decode("t", b"\xEF\xBB\xBFversion: 1\n").unwrap();
        assert_eq!(file.text(), "version: 1\n");
    }

    #[test]
    fn invalid_utf8_points_at_first_bad_byte() {
        let error = SourceFile::decode("t", b"a: 1\nb: caf\xE9\n").unwrap_err();
        assert_eq!(error.at, at(2, 7));
        assert!(error.message.contains("UTF-8"));
    }

    #[test]
    fn nul_byte_is_refused() {
        let error = SourceFile::decode("t", b"a: 1\n\nb: \0\n").unwrap_err();
        assert_eq!(error.at, at(3, 4));
        assert!(error.message.contains("NUL"), "{}", error.message);
    }

    #[test]
    fn cursor_and_char_offsets_agree_with_direct_lookups() {
        let file = SourceFile::new("t", "aé😀b\nxy\n😀😀z".to_string());
        let mut cursor = LineColCursor::new(&file);
        let mut chars = CharOffsets::new(file.text());
        for (char_index, (byte, _)) in file.text().char_indices().enumerate() {
            assert_eq!(cursor.line_col(byte), file.line_col(byte));
            assert_eq!(chars.byte_offset(char_index), byte);
        }
        assert_eq!(chars.byte_offset(1), 1);
        assert_eq!(cursor.line_col(1), LineCol { line: 1, column: 2 });
        assert_eq!(chars.byte_offset(999), file.text().len());
    }

    #[test]
    fn controls_are_escaped() {
        assert_eq!(
            escape_controls("a\u{1b}[31mb\nc\u{85}"),
            "a\\u{1b}[31mb\\u{a}c\\u{85}"
        );
        assert!(matches!(
            escape_controls("plain é"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn text_that_reorders_or_hides_itself_is_escaped() {
        assert_eq!(
            escape_controls("a\u{202e}b\u{2066}c\u{200b}d\u{2028}e\u{feff}"),
            "a\\u{202e}b\\u{2066}c\\u{200b}d\\u{2028}e\\u{feff}"
        );
        assert_eq!(
            escape_controls_but_line_breaks("a\nb\u{1b}c\u{202e}"),
            "a\nb\\u{1b}c\\u{202e}"
        );
    }

    #[test]
    fn masking_keeps_every_offset() {
        let text = "a\u{202e}b\u{85}c\u{1b}d\te\u{61c}";
        let masked = mask_hidden(text);
        assert_eq!(masked, "a\u{fffd}b\u{a4}c?d\te\u{a4}");
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.chars().count(), text.chars().count());
        assert!(matches!(
            mask_hidden("plain\té"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_first_bad_byte_wins() {
        let error = SourceFile::decode("t", b"a: 1\nx: a\0b\ny: caf\xE9\n").unwrap_err();
        assert_eq!(error.at, at(2, 5));
        let error = SourceFile::decode("t", b"a: \x1b[31m\n").unwrap_err();
        assert_eq!(error.at, at(1, 4));
        assert!(error.message.contains("U+001B"));
        assert!(SourceFile::decode("t", "a: \t\u{85}é\r\n".as_bytes()).is_ok());
    }

    #[test]
    fn offsets_past_the_line_clamp_to_its_end() {
        let file = SourceFile::new("t", "ab\ncd".to_string());
        assert_eq!(file.offset(at(1, 99)), 2);
        assert_eq!(file.offset(at(9, 1)), 5);
    }
}
