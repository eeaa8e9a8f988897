//! A parsed YAML tree as bytes: `build.rs` parses the built-in rule files with
//! this module's parser and writes each tree this way, so that a run reads
//! the trees instead of parsing the YAML again (most of its start-up).
//!
//! The layout, integers little-endian: the file's normalised text (a
//! string), then its root node. A node is a tag byte, its span's start and
//! end and its `end` (`u32` each), then by tag: nothing (null), a byte
//! (boolean), an `i64`, an `f64`'s bits (`u64`), a string, or a `u32` count
//! of items (nodes) or entries (key string, key span start and end, node).
//! A string is its `u32` length and its UTF-8 bytes.

use super::{Entry, Node, Value};
use crate::source::Span;

pub const NULL: u8 = 0;
pub const BOOL: u8 = 1;
pub const INT: u8 = 2;
pub const FLOAT: u8 = 3;
pub const STRING: u8 = 4;
pub const SEQ: u8 = 5;
pub const MAP: u8 = 6;

/// The normalised text and the tree, or `None` if the bytes are not a whole,
/// well-formed tree.
pub fn decode(bytes: &[u8]) -> Option<(String, Node)> {
    let mut reader = Reader { bytes };
    let text = reader.string()?;
    let root = reader.node()?;
    reader.bytes.is_empty().then_some((text, root))
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (taken, rest) = self.bytes.split_first_chunk::<N>()?;
        self.bytes = rest;
        Some(*taken)
    }

    fn u32(&mut self) -> Option<usize> {
        usize::try_from(u32::from_le_bytes(self.take()?)).ok()
    }

    fn span(&mut self) -> Option<Span> {
        Some(Span::new(self.u32()?, self.u32()?))
    }

    fn string(&mut self) -> Option<String> {
        let length = self.u32()?;
        let (text, rest) = self.bytes.split_at_checked(length)?;
        self.bytes = rest;
        String::from_utf8(text.to_vec()).ok()
    }

    fn node(&mut self) -> Option<Node> {
        let [tag] = self.take()?;
        let span = self.span()?;
        let end = self.u32()?;
        let value = match tag {
            NULL => Value::Null,
            BOOL => Value::Bool(self.take::<1>()? != [0]),
            INT => Value::Int(i64::from_le_bytes(self.take()?)),
            FLOAT => Value::Float(f64::from_bits(u64::from_le_bytes(self.take()?))),
            STRING => Value::String(self.string()?),
            SEQ => {
                let count = self.u32()?;
                // Each item is at least a tag and three offsets: a count the
                // bytes cannot hold is refused before anything is reserved.
                let mut items = Vec::with_capacity(count.min(self.bytes.len() / 13));
                for _ in 0..count {
                    items.push(self.node()?);
                }
                Value::Seq(items)
            }
            MAP => {
                let count = self.u32()?;
                let mut entries = Vec::with_capacity(count.min(self.bytes.len() / 25));
                for _ in 0..count {
                    let key = self.string()?;
                    let key_span = self.span()?;
                    let value = self.node()?;
                    entries.push(Entry {
                        key,
                        key_span,
                        value,
                    });
                }
                Value::Map(entries)
            }
            _ => return None,
        };
        Some(Node { value, span, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_or_unknown_bytes_are_refused() {
        assert_eq!(decode(&[]), None);
        // An empty text, then a null node cut short.
        assert_eq!(decode(&[0, 0, 0, 0, NULL, 1, 0]), None);
        // An unknown tag.
        let mut bytes = vec![0, 0, 0, 0, 9];
        bytes.extend([0; 12]);
        assert_eq!(decode(&bytes), None);
        // A whole null node, then a stray byte.
        let mut bytes = vec![0, 0, 0, 0, NULL];
        bytes.extend([0; 12]);
        assert_eq!(
            decode(&bytes).map(|(_, node)| node.value),
            Some(Value::Null)
        );
        bytes.push(0);
        assert_eq!(decode(&bytes), None);
    }
}
