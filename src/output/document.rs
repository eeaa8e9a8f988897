//! The document formats (`json`, `sarif`, `gitlab`) are one JSON value each,
//! pretty-printed as serde_json prints it, written in pieces: the text up to
//! the list of findings, each finding as an item, and the text after it.

use std::io::{self, Write};

use serde::Serialize;

/// Stands for the list of findings in a document, to split it around.
pub const PLACEHOLDER: &str = "\u{1}cookielint-findings\u{1}";
/// Comes before every item; the writer drops the comma before the first.
pub const SEPARATOR: &str = ",\n";

/// A document's text around its list of findings.
#[derive(Debug, PartialEq, Eq)]
pub struct Frame {
    /// Up to and including the list's `[`.
    pub head: String,
    /// The indentation of the list's closing `]`, when it holds items.
    pub closing_indent: String,
    /// From the list's `]` on, with the final line break.
    pub tail: String,
}

impl Frame {
    /// Splits `document`, which holds [`PLACEHOLDER`] where the list goes.
    pub fn around(document: &impl Serialize) -> io::Result<Frame> {
        let text = serde_json::to_string_pretty(document).map_err(io::Error::other)?;
        let quoted = serde_json::to_string(PLACEHOLDER).map_err(io::Error::other)?;
        let at = text
            .find(&quoted)
            .ok_or_else(|| io::Error::other("the document has no place for findings"))?;
        let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
        let indent = text[line_start..]
            .len()
            .saturating_sub(text[line_start..].trim_start().len());
        Ok(Frame {
            head: format!("{}[", &text[..at]),
            closing_indent: " ".repeat(indent),
            tail: format!("]{}\n", &text[at + quoted.len()..]),
        })
    }
}

/// Writes `value` as an item of a list whose items are indented `indent`
/// spaces, preceded by [`SEPARATOR`]. JSON strings hold no raw line break,
/// so every line of the value is an indented line of the item.
pub fn item(value: &impl Serialize, indent: usize, out: &mut dyn Write) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    let margin = " ".repeat(indent);
    out.write_all(SEPARATOR.as_bytes())?;
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(margin.as_bytes())?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Head, items and tail make what serde_json prints for the whole value.
    fn assembled(
        document: serde_json::Value,
        items: &[serde_json::Value],
        indent: usize,
    ) -> String {
        let frame = Frame::around(&document).unwrap();
        let mut text = frame.head.clone().into_bytes();
        for (index, value) in items.iter().enumerate() {
            let mut part = Vec::new();
            item(value, indent, &mut part).unwrap();
            let part = if index == 0 { &part[1..] } else { &part[..] };
            text.extend_from_slice(part);
        }
        if !items.is_empty() {
            text.push(b'\n');
            text.extend_from_slice(frame.closing_indent.as_bytes());
        }
        text.extend_from_slice(frame.tail.as_bytes());
        String::from_utf8(text).unwrap()
    }

    #[test]
    fn pieces_print_as_the_whole_document() {
        let items = [json!({"a": 1, "b": [1, 2]}), json!({"c": "x\ny"})];
        for count in 0..=items.len() {
            let whole = json!({"v": 1, "runs": [{"list": items[..count], "z": {}}]});
            let framed = json!({"v": 1, "runs": [{"list": PLACEHOLDER, "z": {}}]});
            assert_eq!(
                assembled(framed, &items[..count], 8),
                serde_json::to_string_pretty(&whole).unwrap() + "\n"
            );
        }
        let top = assembled(json!(PLACEHOLDER), &items, 2);
        assert_eq!(
            top,
            serde_json::to_string_pretty(&json!(items)).unwrap() + "\n"
        );
    }
}
