//! YAML text to a tree of nodes, each with the span it was written at.
//!
//! Built on `saphyr-parser`'s event stream rather than a ready-made tree so that
//! this module decides, in one place, everything the format promises about
//! YAML: one document per file, duplicate keys refused, the YAML 1.2 core
//! schema for plain scalars, bounded nesting and alias expansion, and the
//! positions of block scalars and empty values (see README, "Design").

pub mod compact;
mod diagnose;

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as ParserSpan};

use crate::source::{CharOffsets, SourceFile, Span};

/// Deeper nesting than this is refused: no declaration needs more than 5.
pub const MAX_DEPTH: usize = 256;
/// Alias expansion may not grow the document past this many nodes.
pub const MAX_NODES_WITH_ALIASES: usize = 100_000;
/// Nor copy more than this much scalar text.
pub const MAX_ALIAS_TEXT_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Where diagnostics about the node point (for a block collection, its
    /// head: see `collection_span`).
    pub span: Span,
    /// Where the node's text ends, nested content included.
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// The file is not one well-formed YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    /// The short text shown at the span.
    pub label: &'static str,
    /// What to do, when this error knows better than the rule's own help.
    pub help: Option<String>,
    /// The file holds no document at all (empty, blank or only comments):
    /// what to do depends on what the file was meant to be.
    pub no_document: bool,
}

impl SyntaxError {
    fn new(span: Span, message: impl Into<String>) -> Self {
        SyntaxError {
            span,
            message: message.into(),
            label: "here",
            help: None,
            no_document: false,
        }
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The entry under `key`, when this node is a mapping that has it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|entry| entry.key == key)
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// Places this node and everything in it at `span`.
    fn relocate(&mut self, span: Span) {
        self.span = span;
        self.end = span.end;
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|item| item.relocate(span)),
            Value::Map(entries) => entries.iter_mut().for_each(|entry| {
                entry.key_span = span;
                entry.value.relocate(span);
            }),
            _ => {}
        }
    }

    /// What kind of value this is, in the words a diagnostic uses.
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The same data as JSON, for schema validation.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as Json;
        match &self.value {
            Value::Null => Json::Null,
            Value::Bool(flag) => Json::Bool(*flag),
            Value::Int(number) => Json::from(*number),
            Value::Float(number) => serde_json::Number::from_f64(*number)
                .map_or_else(|| Json::String(number.to_string()), Json::Number),
            Value::String(text) => Json::String(text.clone()),
            Value::Seq(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => Json::Object(
                entries
                    .iter()
                    .map(|entry| (entry.key.clone(), entry.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// How much a copy of this subtree adds to the document.
    fn weight(&self) -> Weight {
        let children: Box<dyn Iterator<Item = (Weight, usize)>> = match &self.value {
            Value::Seq(items) => Box::new(items.iter().map(|item| (item.weight(), 0))),
            Value::Map(entries) => Box::new(
                entries
                    .iter()
                    .map(|entry| (entry.value.weight(), entry.key.len())),
            ),
            Value::String(text) => {
                return Weight {
                    nodes: 1,
                    bytes: text.len(),
                    depth: 0,
                };
            }
            // A number, a boolean or null is a node to copy as well.
            _ => {
                return Weight {
                    nodes: 1,
                    bytes: 0,
                    depth: 0,
                };
            }
        };
        children.fold(
            Weight {
                nodes: 1,
                bytes: 0,
                depth: 1,
            },
            |total, (child, key_bytes)| Weight {
                nodes: total.nodes + child.nodes + usize::from(key_bytes > 0),
                bytes: total.bytes + child.bytes + key_bytes,
                depth: total.depth.max(child.depth + 1),
            },
        )
    }
}

/// What copying a subtree through an alias costs.
#[derive(Debug, Clone, Copy, Default)]
struct Weight {
    nodes: usize,
    bytes: usize,
    /// Levels of nesting: 0 for a scalar, 1 for a flat list or mapping.
    depth: usize,
}

/// Parses the whole text of `file` as exactly one YAML document.
pub fn parse(file: &SourceFile) -> Result<Node, SyntaxError> {
    parse_document(file).map(|document| document.root)
}

/// A parsed document, with the aliases it was built with.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub root: Node,
    /// Every alias, in the order written.
    pub aliases: Vec<Alias>,
}

/// An alias and the node it copies. Every node of the copy is placed at the
/// alias: a finding about a value an entry reaches through an alias belongs
/// to that entry, not to the one holding the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alias {
    pub span: Span,
    /// Where the anchored node is.
    pub anchor: Span,
}

/// [`parse`], keeping the aliases.
pub fn parse_document(file: &SourceFile) -> Result<Document, SyntaxError> {
    Builder::new(file).run()
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: Span,
        anchor: usize,
    },
    Map {
        entries: Vec<Entry>,
        pending_key: Option<(String, Span)>,
        keys: Option<HashSet<String>>,
        start: Span,
        anchor: usize,
    },
}

/// Small mappings look for duplicate keys by scanning; large ones by hashing.
const LINEAR_KEY_SCAN: usize = 16;

struct Builder<'a> {
    file: &'a SourceFile,
    stack: Vec<Frame>,
    /// Each anchored node, with what a copy of it costs and where its
    /// anchor (`&name`) is.
    anchors: HashMap<usize, (Node, Weight, Span)>,
    chars: CharOffsets<'a>,
    nodes_with_aliases: usize,
    alias_text_bytes: usize,
    /// What the copies kept for aliases hold, in all.
    anchored_nodes: usize,
    anchored_text_bytes: usize,
    /// End of the previous event: where a block scalar's indicator search starts.
    previous_end: usize,
    aliases: Vec<Alias>,
}

impl<'a> Builder<'a> {
    fn new(file: &'a SourceFile) -> Self {
        Builder {
            file,
            stack: Vec::new(),
            anchors: HashMap::new(),
            chars: CharOffsets::new(file.text()),
            nodes_with_aliases: 0,
            alias_text_bytes: 0,
            anchored_nodes: 0,
            anchored_text_bytes: 0,
            previous_end: 0,
            aliases: Vec::new(),
        }
    }

    fn span(&mut self, span: &ParserSpan) -> Span {
        let start = self.chars.byte_offset(span.start.index());
        Span::new(start, self.chars.byte_offset(span.end.index()))
    }

    /// The parser's error, explained where it most likely comes from.
    fn scan_error(&mut self, scan: &ScanError) -> SyntaxError {
        let at = self.chars.byte_offset(scan.marker().index());
        let text = self.file.text();
        let open_bracket = self.stack.iter().rev().find_map(|frame| {
            let (Frame::Seq { start, .. } | Frame::Map { start, .. }) = frame;
            text[start.start..]
                .starts_with(['[', '{'])
                .then_some(start.start)
        });
        let failure = diagnose::Failure {
            at,
            info: scan.info(),
            open_bracket,
        };
        diagnose::explain(self.file, &failure)
    }

    fn error(&self, span: Span, message: impl Into<String>) -> SyntaxError {
        SyntaxError::new(span, message)
    }

    fn run(mut self) -> Result<Document, SyntaxError> {
        let mut parser = Parser::new_from_str(self.file.text());
        let mut document: Option<Node> = None;
        let mut documents_started = 0;
        while let Some(next) = parser.next_event() {
            let (event, parser_span) = match next {
                Ok(event) => event,
                Err(scan) => return Err(self.scan_error(&scan)),
            };
            let span = self.span(&parser_span);
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    documents_started += 1;
                    if documents_started > 1 {
                        return Err(self.error(
                            span,
                            "a second YAML document starts here; a declaration file holds exactly one",
                        ));
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let is_str_tag = tag.as_ref().is_some_and(|tag| tag.suffix == "str");
                    let node = self.scalar(&text, style, is_str_tag, span);
                    self.record_anchor(anchor, &node, span)?;
                    self.complete(node, &mut document)?;
                }
                Event::Alias(anchor) => {
                    let node = self.expand_alias(anchor, span)?;
                    self.complete(node, &mut document)?;
                }
                Event::SequenceStart(anchor, _) => {
                    self.open(
                        Frame::Seq {
                            items: Vec::new(),
                            start: span,
                            anchor,
                        },
                        span,
                    )?;
                }
                Event::MappingStart(anchor, _) => {
                    self.open(
                        Frame::Map {
                            entries: Vec::new(),
                            pending_key: None,
                            keys: None,
                            start: span,
                            anchor,
                        },
                        span,
                    )?;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some(node) = self.close(span)? {
                        self.complete(node, &mut document)?;
                    }
                }
            }
            self.previous_end = span.end;
        }
        match document {
            Some(root) => Ok(Document {
                root,
                aliases: self.aliases,
            }),
            None => {
                let text = self.file.text();
                let message = if text.is_empty() {
                    "the file is empty"
                } else if text.trim().is_empty() {
                    "the file is empty: it holds only white space"
                } else {
                    "the file holds only comments, no YAML document"
                };
                Err(SyntaxError {
                    no_document: true,
                    ..self.error(Span::new(0, 0), message)
                })
            }
        }
    }

    fn open(&mut self, frame: Frame, span: Span) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(
                span,
                format!("nesting is deeper than {MAX_DEPTH} levels; a declaration needs far fewer"),
            ));
        }
        if let Some(Frame::Map {
            pending_key: None, ..
        }) = self.stack.last()
        {
            return Err(self.error(
                span,
                "a mapping key must be a plain string, not a list or a mapping",
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self, end: Span) -> Result<Option<Node>, SyntaxError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(None);
        };
        let (value, start, anchor) = match frame {
            Frame::Seq {
                items,
                start,
                anchor,
            } => (Value::Seq(items), start, anchor),
            Frame::Map {
                entries,
                start,
                anchor,
                ..
            } => (Value::Map(entries), start, anchor),
        };
        let span = self.collection_span(&value, start, end);
        let node = Node {
            value,
            span,
            end: end.end.max(start.end),
        };
        self.record_anchor(anchor, &node, start)?;
        Ok(Some(node))
    }

    /// Where diagnostics about a whole list or mapping point: a one-line flow
    /// collection whole, else its opening bracket; a block mapping at its
    /// first key; a block list at its first `-`.
    fn collection_span(&self, value: &Value, start: Span, end: Span) -> Span {
        let text = self.file.text();
        let opening = Span::new(start.start, (start.start + 1).min(text.len()));
        if text[start.start..].starts_with(['{', '[']) {
            let whole = Span::new(start.start, end.end.max(start.end));
            return if text[whole.range()].contains('\n') {
                opening
            } else {
                whole
            };
        }
        match value {
            Value::Map(entries) => entries.first().map_or(opening, |entry| entry.key_span),
            _ => opening,
        }
    }

    /// Keeps a copy of an anchored node for its aliases. The copies count
    /// toward their own limits, as alias expansions do: anchors nested
    /// inside each other would otherwise copy the same text once per level.
    /// `written`: the event's span, which starts with the node's properties.
    fn record_anchor(
        &mut self,
        anchor: usize,
        node: &Node,
        written: Span,
    ) -> Result<(), SyntaxError> {
        if anchor == 0 {
            return Ok(());
        }
        let weight = node.weight();
        self.anchored_nodes += weight.nodes;
        self.anchored_text_bytes += weight.bytes;
        if self.anchored_nodes > MAX_NODES_WITH_ALIASES
            || self.anchored_text_bytes > MAX_ALIAS_TEXT_BYTES
        {
            return Err(self.error(
                node.span,
                format!(
                    "anchors hold more than {MAX_NODES_WITH_ALIASES} nodes or {} MiB of text in all; a declaration needs far fewer",
                    MAX_ALIAS_TEXT_BYTES / (1024 * 1024)
                ),
            ));
        }
        let place = self.anchor_place(written).unwrap_or(node.span);
        self.anchors.insert(anchor, (node.clone(), weight, place));
        Ok(())
    }

    /// The `&name` among the properties that start `written`.
    fn anchor_place(&self, written: Span) -> Option<Span> {
        let text = &self.file.text()[written.range()];
        let start = text.find('&')?;
        let length = text[start..]
            .find(|c: char| c.is_whitespace() || "[]{},".contains(c))
            .unwrap_or(text.len() - start);
        Some(Span::new(
            written.start + start,
            written.start + start + length,
        ))
    }

    /// An alias becomes a copy of its anchor's node, every node of it shown
    /// where the alias is, as long as the copies stay within the limits.
    fn expand_alias(&mut self, anchor: usize, span: Span) -> Result<Node, SyntaxError> {
        let Some((target, weight, place)) = self.anchors.get(&anchor) else {
            return Err(self.error(span, "this alias names no anchor defined before it"));
        };
        if self.stack.len() + weight.depth > MAX_DEPTH {
            return Err(self.error(
                span,
                format!("nesting is deeper than {MAX_DEPTH} levels once this alias is expanded"),
            ));
        }
        self.nodes_with_aliases += weight.nodes;
        self.alias_text_bytes += weight.bytes;
        if self.nodes_with_aliases > MAX_NODES_WITH_ALIASES {
            return Err(self.error(
                span,
                format!("aliases expand the document past {MAX_NODES_WITH_ALIASES} nodes"),
            ));
        }
        if self.alias_text_bytes > MAX_ALIAS_TEXT_BYTES {
            return Err(self.error(
                span,
                format!(
                    "aliases expand the document past {} MiB of text",
                    MAX_ALIAS_TEXT_BYTES / (1024 * 1024)
                ),
            ));
        }
        self.aliases.push(Alias {
            span,
            anchor: *place,
        });
        let mut node = target.clone();
        node.relocate(span);
        Ok(node)
    }

    fn scalar(&self, text: &str, style: ScalarStyle, is_str_tag: bool, span: Span) -> Node {
        let value = if style == ScalarStyle::Plain && !is_str_tag {
            resolve_plain(text)
        } else {
            Value::String(text.to_string())
        };
        let span = match style {
            // saphyr places a block scalar on its first line of content; the
            // format places it at its `|` or `>` indicator.
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let before = &self.file.text()[self.previous_end.min(span.start)..span.start];
                before
                    .find(['|', '>'])
                    .map_or(span, |at| Span::new(self.previous_end + at, span.end))
            }
            _ => span,
        };
        Node {
            value,
            span,
            end: span.end,
        }
    }

    /// Puts a finished node where it belongs: as a key, a value, an item, or
    /// the document itself.
    fn complete(&mut self, node: Node, document: &mut Option<Node>) -> Result<(), SyntaxError> {
        let Some(frame) = self.stack.last_mut() else {
            *document = Some(node);
            return Ok(());
        };
        match frame {
            Frame::Seq { items, .. } => items.push(node),
            Frame::Map {
                entries,
                pending_key,
                keys,
                ..
            } => match pending_key.take() {
                None => {
                    let key = scalar_key_text(&node).ok_or_else(|| {
                        SyntaxError::new(
                            node.span,
                            "a mapping key must be a plain string, not a list or a mapping",
                        )
                    })?;
                    let seen = match keys {
                        Some(keys) => !keys.insert(key.clone()),
                        None => entries.iter().any(|entry| entry.key == key),
                    };
                    if seen {
                        let first = entries
                            .iter()
                            .find(|entry| entry.key == key)
                            .map(|entry| self.file.line_col(entry.key_span.start));
                        let first = first.map_or(String::new(), |at| format!(" (first at {at})"));
                        return Err(SyntaxError::new(
                            node.span,
                            format!("the key `{key}` is given twice in this mapping{first}"),
                        ));
                    }
                    if keys.is_none() && entries.len() >= LINEAR_KEY_SCAN {
                        let mut all: HashSet<String> =
                            entries.iter().map(|entry| entry.key.clone()).collect();
                        all.insert(key.clone());
                        *keys = Some(all);
                    }
                    *pending_key = Some((key, node.span));
                }
                Some((key, key_span)) => {
                    let mut value = node;
                    // An empty value (`key:`) is shown at its key.
                    if value.value == Value::Null && value.span.start == value.span.end {
                        value.span = key_span;
                        value.end = key_span.end;
                    }
                    entries.push(Entry {
                        key,
                        key_span,
                        value,
                    });
                }
            },
        }
        Ok(())
    }
}

fn scalar_key_text(node: &Node) -> Option<String> {
    Some(match &node.value {
        Value::String(text) => text.clone(),
        Value::Null => "null".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Int(number) => number.to_string(),
        Value::Float(number) => number.to_string(),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

/// The YAML 1.2 core schema: `yes`, `on` and friends stay strings.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(octal) = text.strip_prefix("0o") {
        if let Ok(number) = i64::from_str_radix(octal, 8) {
            return Value::Int(number);
        }
    } else if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(number) = i64::from_str_radix(hex, 16) {
            return Value::Int(number);
        }
    } else if is_core_int(text) {
        if let Ok(number) = text.parse::<i64>() {
            return Value::Int(number);
        }
        if let Ok(number) = text.parse::<f64>() {
            return Value::Float(number);
        }
    } else if is_core_float(text)
        && let Ok(number) = text.parse::<f64>()
    {
        return Value::Float(number);
    }
    Value::String(text.to_string())
}

fn is_core_int(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            all_digits(whole) && all_digits(fraction) && !(whole.is_empty() && fraction.is_empty())
        }
        None => !mantissa.is_empty() && all_digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|exponent| {
        let digits = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
        !digits.is_empty() && all_digits(digits)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (SourceFile, Result<Node, SyntaxError>) {
        let file = SourceFile::new("t.yaml", text.to_string());
        let parsed = parse(&file);
        (file, parsed)
    }

    fn at(file: &SourceFile, span: Span) -> String {
        file.line_col(span.start).to_string()
    }

    #[test]
    fn core_schema_scalars() {
        let (_, node) = load("a: yes\nb: true\nc: 1\nd: 1.5\ne: ~\nf: '1'\ng: on\nh: 0x1F\n");
        let node = node.unwrap();
        assert_eq!(node.get("a").unwrap().value, Value::String("yes".into()));
        assert_eq!(node.get("b").unwrap().value, Value::Bool(true));
        assert_eq!(node.get("c").unwrap().value, Value::Int(1));
        assert_eq!(node.get("d").unwrap().value, Value::Float(1.5));
        assert_eq!(node.get("e").unwrap().value, Value::Null);
        assert_eq!(node.get("f").unwrap().value, Value::String("1".into()));
        assert_eq!(node.get("g").unwrap().value, Value::String("on".into()));
        assert_eq!(node.get("h").unwrap().value, Value::Int(31));
    }

    #[test]
    fn floats_follow_the_core_pattern() {
        for float in ["1.", ".5", "1e3", "-2.5E-3"] {
            assert!(is_core_float(float), "{float}");
        }
        for not_float in [".", "e3", "1e", "1.2.3", "P1D"] {
            assert!(!is_core_float(not_float), "{not_float}");
        }
    }

    #[test]
    fn spans_of_keys_values_and_flow_mappings() {
        let (file, node) = load("cookies:\n  - {name: x}\n  - name: y\n    party: first\n");
        let node = node.unwrap();
        let items = node.get("cookies").unwrap().as_seq().unwrap();
        assert_eq!(at(&file, items[0].span), "2:5");
        assert_eq!(at(&file, items[1].span), "3:5");
        assert_eq!(items[1].span.end - items[1].span.start, "name".len());
        let party = items[1].entry("party").unwrap();
        assert_eq!(at(&file, party.key_span), "4:5");
        assert_eq!(at(&file, party.value.span), "4:12");
    }

    #[test]
    fn block_scalar_is_at_its_indicator() {
        let (file, node) = load("a: |\n  text\nb: >-\n  folded\nc: &x |\n  z\n");
        let node = node.unwrap();
        assert_eq!(at(&file, node.get("a").unwrap().span), "1:4");
        assert_eq!(at(&file, node.get("b").unwrap().span), "3:4");
        // A node with properties starts at its anchor, as an anchored quoted string does.
        assert_eq!(at(&file, node.get("c").unwrap().span), "5:4");
    }

    #[test]
    fn empty_value_is_at_its_key() {
        let (file, node) = load("a:\nb: {c: }\n");
        let node = node.unwrap();
        assert_eq!(node.get("a").unwrap().value, Value::Null);
        assert_eq!(at(&file, node.get("a").unwrap().span), "1:1");
        assert_eq!(
            at(&file, node.get("b").unwrap().get("c").unwrap().span),
            "2:5"
        );
    }

    #[test]
    fn duplicate_key_is_an_error_at_the_second() {
        let (file, node) = load("a: 1\nb: 2\na: 3\n");
        let error = node.unwrap_err();
        assert_eq!(at(&file, error.span), "3:1");
        assert!(error.message.contains("`a`"), "{}", error.message);
        assert!(error.message.contains("first at 1:1"), "{}", error.message);
    }

    #[test]
    fn duplicate_key_in_a_large_mapping() {
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k7: again\n");
        let (file, node) = load(&text);
        assert_eq!(at(&file, node.unwrap_err().span), "41:1");
    }

    #[test]
    fn quoted_and_plain_keys_are_the_same_key() {
        let (_, node) = load("a: 1\n'a': 2\n");
        assert!(node.is_err());
    }

    #[test]
    fn second_document_is_an_error() {
        let (file, node) = load("a: 1\n---\nb: 2\n");
        assert_eq!(at(&file, node.unwrap_err().span), "2:1");
    }

    #[test]
    fn no_document() {
        for (text, message) in [
            ("", "the file is empty"),
            ("\n \n", "the file is empty: it holds only white space"),
            (
                "# only a comment\n",
                "the file holds only comments, no YAML document",
            ),
        ] {
            let (file, node) = load(text);
            let error = node.unwrap_err();
            assert_eq!(at(&file, error.span), "1:1");
            assert_eq!(error.message, message);
            assert!(error.no_document);
        }
    }

    #[test]
    fn deep_nesting_is_refused_early() {
        let text: String = (0..10_000)
            .map(|i| format!("{}- \n", " ".repeat(i * 2)))
            .collect();
        let (file, node) = load(&text);
        let error = node.unwrap_err();
        assert!(
            error.message.contains("deeper than 256"),
            "{}",
            error.message
        );
        assert_eq!(file.line_col(error.span.start).line, 257);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10u8 {
            let (name, previous) = ((b'a' + level) as char, (b'a' + level - 1) as char);
            let items = vec![format!("*{previous}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{items}]\n"));
        }
        let (file, node) = load(&text);
        let error = node.unwrap_err();
        assert!(error.message.contains("100000 nodes"), "{}", error.message);
        assert!(file.line_col(error.span.start).line <= 10);
    }

    #[test]
    fn aliases_within_limits_are_copied() {
        let (_, node) = load("a: &x {k: v}\nb: *x\n");
        let node = node.unwrap();
        assert_eq!(node.get("b").unwrap().get("k").unwrap().as_str(), Some("v"));
    }

    #[test]
    fn a_copy_is_placed_at_its_alias() {
        let text = "a: &x {k: [v]}\nb: *x\n";
        let file = SourceFile::new("t.yaml", text.to_string());
        let document = parse_document(&file).unwrap();
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let (alias, anchor) = (at("*x"), at("&x"));
        assert_eq!(
            document.aliases,
            [Alias {
                span: alias,
                anchor
            }]
        );
        let copy = document.root.get("b").unwrap();
        let entry = copy.entry("k").unwrap();
        assert_eq!((copy.span, entry.key_span), (alias, alias));
        assert_eq!(entry.value.as_seq().unwrap()[0].span, alias);
        // The original stays where it is written.
        assert_eq!(
            document
                .root
                .get("a")
                .unwrap()
                .entry("k")
                .unwrap()
                .key_span
                .start,
            text.find("k:").unwrap()
        );
    }

    #[test]
    fn complex_key_is_refused() {
        let (_, node) = load("? [a, b]\n: c\n");
        assert!(node.unwrap_err().message.contains("plain string"));
    }

    #[test]
    fn json_conversion() {
        let (_, node) = load("a: [1, x, null, true]\n");
        assert_eq!(
            node.unwrap().to_json(),
            serde_json::json!({"a": [1, "x", null, true]})
        );
    }
}
