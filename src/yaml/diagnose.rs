//! The parser's errors, explained: what the writer most likely did, where,
//! and how to fix it.
//!
//! saphyr-parser says where it gave up, in its grammar's words, often a line
//! after the mistake. This looks at the text around that point (the line it
//! names and a bounded window before it, never the whole file) for the
//! common mistakes: a tab indenting a line, a plain value holding `: `, a key
//! indented unlike its siblings, an unclosed quote or bracket, a list item
//! without its `- `. Any other error gets plain words for the parser's.

use std::cmp::Reverse;

use super::SyntaxError;
use crate::source::{SourceFile, Span, ceil_boundary, floor_boundary};

/// How far from the failure the diagnosis reads: many times a cookie entry,
/// and a bound on the work a huge file can cause.
const WINDOW_BYTES: usize = 64 * 1024;
const WINDOW_LINES: usize = 200;
/// A value longer than this is not repeated, quoted, in the help.
const MAX_QUOTED_VALUE_CHARS: usize = 60;

/// What the parser reported, and what the tree builder knew at that point.
pub(super) struct Failure<'a> {
    /// Byte offset of the parser's error position.
    pub at: usize,
    /// The parser's own message.
    pub info: &'a str,
    /// The innermost `[` or `{` still open, when there is one.
    pub open_bracket: Option<usize>,
}

/// The error to report for `failure` in `file`.
pub(super) fn explain(file: &SourceFile, failure: &Failure<'_>) -> SyntaxError {
    let around = Around::new(file, failure.at);
    let info = failure.info;
    let diagnosis = if info.contains("recursion limit") {
        None
    } else if info.contains("tab") {
        around.tab()
    } else if info.contains("unknown escape") {
        around.unknown_escape()
    } else if info.contains("quoted scalar")
        && (info.contains("end of stream")
            || info.contains("indentation")
            || info.contains("document indicator"))
    {
        around.unclosed_quote(info.contains("indentation"))
    } else if info.starts_with("invalid trailing content") {
        around.after_quoted_string()
    } else if info.starts_with("mapping values are not allowed") {
        around.colon_in_value().or_else(|| around.misindented())
    } else if info.contains("did not find expected key") || info.contains("'-' indicator") {
        around.misindented()
    } else if info.starts_with("while parsing a flow") || info.contains("placement of ':'") {
        around.flow_colon_in_value().or_else(|| {
            failure
                .open_bracket
                .and_then(|bracket| around.unclosed_bracket(bracket))
        })
    } else {
        None
    };
    diagnosis.unwrap_or_else(|| in_plain_words(&around, info))
}

fn diagnosis(span: Span, label: &'static str, message: String, help: String) -> SyntaxError {
    SyntaxError {
        span,
        message,
        label,
        help: Some(help),
        no_document: false,
    }
}

/// The parser's message in the user's words, at the parser's position.
fn in_plain_words(around: &Around<'_>, info: &str) -> SyntaxError {
    let words: Option<(&str, &str)> = if info.contains("recursion limit") {
        // saphyr-parser counts flow levels in a byte, and stops at 256.
        Some((
            "flow collections (`[`, `{`) are nested deeper than 255 levels; a declaration needs far fewer",
            "nest fewer `[` and `{`",
        ))
    } else if info.contains("did not find expected key") {
        Some((
            "YAML expects a `key: value` here",
            "indent this line like the keys above it, or quote the value it belongs to",
        ))
    } else if info.contains("'-' indicator") {
        Some((
            "YAML expects a list item (`- `) here",
            "start the line with `- `, or indent it like the lines above",
        ))
    } else if info.starts_with("mapping values are not allowed") {
        Some((
            "this `:` starts a key where YAML expects none",
            "quote the value that holds `: `, or indent this line like its siblings",
        ))
    } else if info.starts_with("block sequence entries are not allowed") {
        Some((
            "a list item (`- `) cannot start here",
            "start the list on the next line, indented under its key",
        ))
    } else if info.starts_with("while parsing a flow sequence") {
        Some((
            "YAML expects `,` or `]` here, in a `[…]` list",
            "separate the items with `,` and close the list with `]`",
        ))
    } else if info.starts_with("while parsing a flow mapping") {
        Some((
            "YAML expects `,` or `}` here, in a `{…}` mapping",
            "separate the entries with `,` and close the mapping with `}`",
        ))
    } else if info.contains("misplaced bracket") {
        Some((
            "this bracket closes nothing",
            "delete it, or open the list or mapping it should close",
        ))
    } else if info.contains("unknown anchor") {
        Some((
            "this alias names no anchor defined before it",
            "quote the value if `*` is meant as text",
        ))
    } else if info.starts_with("unexpected character") || info.contains("cannot start with") {
        Some((
            "a plain value cannot start with this character",
            "quote the value",
        ))
    } else if info.starts_with("simple key expect") || info.contains("expected node content") {
        Some((
            "YAML cannot read this line as a key, a value or a list item",
            "check this line's indentation and its `:`, or quote its value",
        ))
    } else if info.contains("escape") {
        Some((
            "this double-quoted string holds an escape YAML does not know",
            "write a backslash as `\\\\`, or quote the value with `'` instead",
        ))
    } else if info.contains("block scalar") {
        Some((
            "this line of a block text (`|` or `>`) is not indented like its first line",
            "indent every line of the text at least as much as its first",
        ))
    } else if info.contains("comment intercepting") {
        Some((
            "a comment stands inside a value written over several lines",
            "quote the value, or move the comment",
        ))
    } else {
        None
    };
    let (message, help) = match words {
        Some((message, help)) => (message.to_string(), Some(help.to_string())),
        // Directives, tags and the like: rare in a declaration, and the
        // parser's own words name the construct.
        None => (format!("YAML cannot read the file here: {info}"), None),
    };
    SyntaxError {
        span: around.one_char(around.at),
        message,
        label: "here",
        help,
        no_document: false,
    }
}

/// The failure's position and the lines near it.
struct Around<'a> {
    file: &'a SourceFile,
    text: &'a str,
    at: usize,
    /// The line of the failure, when it starts within the window.
    line: Option<Line<'a>>,
    /// Where the window before the failure starts.
    floor: usize,
}

/// One line of text, without its line break.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    start: usize,
    text: &'a str,
}

/// Where a line's nodes start: its `- ` indicators, then its content.
#[derive(Debug)]
struct Shape<'a> {
    /// Columns of the line's `- ` indicators.
    dashes: Vec<usize>,
    /// Column of what follows the indicators.
    content: usize,
    /// A plain key and the column of its `:`.
    key: Option<(&'a str, usize)>,
    /// The columns of the value after `key: `, comment left out.
    value: Option<(usize, usize)>,
}

/// A column at which a block list or mapping of the lines above is open.
#[derive(Debug, Clone, Copy)]
struct Level<'a> {
    column: usize,
    /// A list's `- ` rather than a mapping's keys.
    item: bool,
    /// The nearest line with a node at that column.
    line: Line<'a>,
}

impl<'a> Around<'a> {
    fn new(file: &'a SourceFile, at: usize) -> Self {
        let text = file.text();
        let at = at.min(text.len());
        let floor = floor_boundary(text, at.saturating_sub(WINDOW_BYTES));
        let line = line_at(text, floor, at);
        Around {
            file,
            text,
            at,
            line,
            floor,
        }
    }

    fn one_char(&self, at: usize) -> Span {
        let end = self.text[at..]
            .chars()
            .next()
            .map_or(at, |next| at + next.len_utf8());
        Span::new(at, end)
    }

    fn line_number(&self, line: Line<'_>) -> usize {
        self.file.line_col(line.start).line
    }

    /// The lines before `line`, nearest first, within the window.
    fn lines_before(&self, line: Line<'a>) -> impl Iterator<Item = Line<'a>> + use<'a> {
        let (text, floor) = (self.text, self.floor);
        std::iter::successors(Some(line), move |line| {
            let end = line.start.checked_sub(1)?;
            line_at(text, floor, end)
        })
        .skip(1)
        .take(WINDOW_LINES)
    }

    /// The nearest line before `line` with something on it but a comment.
    fn previous_content(&self, line: Line<'a>) -> Option<Line<'a>> {
        self.lines_before(line).find(|line| !line.is_blank())
    }

    fn line_after(&self, line: Line<'a>) -> Option<Line<'a>> {
        let end = line.start + line.text.len();
        // A line cut at the window's edge has no next line within it.
        if !self.text[end..].starts_with('\n') {
            return None;
        }
        let start = end + 1;
        let ceiling = ceil_boundary(self.text, (start + WINDOW_BYTES).min(self.text.len()));
        let rest = &self.text[start..ceiling];
        Some(Line {
            start,
            text: &rest[..rest.find('\n').unwrap_or(rest.len())],
        })
    }

    /// A tab in the indentation of the failing line or the two after it
    /// (the parser may fail on the token before the tab); else a tab next to
    /// the failure.
    fn tab(&self) -> Option<SyntaxError> {
        let line = self.line?;
        let indenting = std::iter::successors(Some(line), |line| self.line_after(*line))
            .take(3)
            .find_map(|line| {
                let indentation = &line.text[..line.text.len() - line.text.trim_start().len()];
                indentation.find('\t').map(|tab| line.start + tab)
            });
        if let Some(tab) = indenting {
            return Some(diagnosis(
                self.one_char(tab),
                "tab",
                "a tab indents this line; YAML indents with spaces".to_string(),
                "indent with spaces".to_string(),
            ));
        }
        let line_end = line.start + line.text.len();
        let tab = self.text[..self.at]
            .strip_suffix('\t')
            .map(str::len)
            .or_else(|| {
                self.text[self.at..line_end]
                    .find('\t')
                    .map(|tab| self.at + tab)
            })?;
        Some(diagnosis(
            self.one_char(tab),
            "tab",
            "a tab stands where YAML needs a space".to_string(),
            "replace the tab with spaces".to_string(),
        ))
    }

    /// The parser stops at the opening quote of a string that runs to the
    /// end of the file or into lines indented too little to be its own.
    fn unclosed_quote(&self, ran_into_indentation: bool) -> Option<SyntaxError> {
        let quote = self.text[self.at..]
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))?;
        let line = self.line?;
        if ran_into_indentation
            && let Some(next) = self.line_after(line)
            && next.text.contains(quote)
        {
            // The quote is closed on the next line: the string was meant
            // to go on over two lines.
            let start = next.start + next.indent();
            return Some(diagnosis(
                self.one_char(start),
                "indented too little",
                format!(
                    "this line goes on with the quoted string of line {}, but is indented too little to belong to it",
                    self.line_number(line)
                ),
                "indent it further, or keep the quoted string on one line".to_string(),
            ));
        }
        Some(diagnosis(
            self.one_char(self.at),
            "opened here",
            "this quoted string is never closed".to_string(),
            format!("close it with `{quote}`"),
        ))
    }

    /// The parser stops at what follows a closing quote on its line.
    fn after_quoted_string(&self) -> Option<SyntaxError> {
        let line = self.line?;
        let before = self.text[line.start..self.at].trim_end_matches(' ');
        let closing = before.chars().next_back()?;
        let continues_word = self.text[self.at..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if closing == '\'' && before.len() == self.at - line.start && continues_word {
            return Some(diagnosis(
                self.one_char(self.at - 1),
                "ends the string",
                "this apostrophe ends the single-quoted string early".to_string(),
                "inside '…', write an apostrophe as `''`; or quote the value with `\"` instead"
                    .to_string(),
            ));
        }
        if !matches!(closing, '"' | '\'') {
            return None;
        }
        Some(diagnosis(
            self.one_char(self.at),
            "after the closing quote",
            format!("text follows the closing `{closing}` of this quoted string"),
            "put the whole value inside the quotes".to_string(),
        ))
    }

    /// The parser stops at the opening quote; the culprit is the first
    /// backslash YAML does not know.
    fn unknown_escape(&self) -> Option<SyntaxError> {
        let line = self.line?;
        let line_end = line.start + line.text.len();
        let mut rest = self.text[self.at..line_end].char_indices();
        let (backslash, escaped) = loop {
            let (offset, character) = rest.next()?;
            if character != '\\' {
                continue;
            }
            let (_, escaped) = rest.next()?;
            if !is_yaml_escape(escaped) {
                break (self.at + offset, escaped);
            }
        };
        Some(diagnosis(
            Span::new(backslash, backslash + 1 + escaped.len_utf8()),
            "unknown escape",
            format!("`\\{escaped}` is not an escape YAML knows in a double-quoted string"),
            "write a backslash as `\\\\`, or quote the value with `'` instead".to_string(),
        ))
    }

    /// `key: a: b`: the parser stops at the second `: `; the culprit is
    /// the value. Also a plain value going on to a next line that holds `: `.
    fn colon_in_value(&self) -> Option<SyntaxError> {
        let line = self.line?;
        let shape = line.shape();
        if let (Some((key, colon)), Some((start, end))) = (shape.key, shape.value)
            && line.start + colon < self.at
        {
            let value = &line.text[start..end];
            return Some(value_holds_colon(
                line.start + start,
                line.start + end,
                key,
                value,
            ));
        }
        // A continuation line with `: ` reads as a key. Keys in a
        // declaration are single words; words with a space are text.
        let (key, _) = shape.key?;
        let previous = self.previous_content(line)?;
        let previous_shape = previous.shape();
        let (start, end) = previous_shape.value?;
        let plain = !previous.text[start..].starts_with(['"', '\'', '[', '{', '|', '>']);
        if !key.contains(' ')
            || !shape.dashes.is_empty()
            || !plain
            || line.indent() <= previous.indent()
        {
            return None;
        }
        Some(diagnosis(
            Span::new(previous.start + start, previous.start + end),
            "holds `: ` on its next line",
            "this value holds `: `, which YAML reads as a new key".to_string(),
            "quote this value: put all of it between `\"`".to_string(),
        ))
    }

    /// `{ purpose: a: b }`: the same mistake inside a flow mapping.
    fn flow_colon_in_value(&self) -> Option<SyntaxError> {
        let line = self.line?;
        if !self.text[self.at..].starts_with(": ") {
            return None;
        }
        let within = self.at - line.start;
        let entry_start = line.text[..within]
            .rfind(['{', '[', ','])
            .map_or(0, |at| at + 1);
        let entry = &line.text[entry_start..within];
        let separator = entry.find(": ")?;
        let key = entry[..separator].trim();
        let value_start = entry_start + separator + 2;
        let value_start = value_start
            + (line.text[value_start..].len() - line.text[value_start..].trim_start().len());
        let value_end = line.text[within..]
            .find([',', '}', ']'])
            .map_or(line.text.len(), |end| within + end);
        let value = line.text[value_start..value_end].trim_end();
        Some(value_holds_colon(
            line.start + value_start,
            line.start + value_start + value.len(),
            key,
            value,
        ))
    }

    /// A bracket still open when the parser meets the end of the file, or a
    /// block key on a later line.
    fn unclosed_bracket(&self, bracket: usize) -> Option<SyntaxError> {
        let at_end = self.text[self.at..].trim_start().is_empty();
        let later_key = self.line.is_some_and(|line| {
            line.start > bracket && line.indent() == 0 && line.shape().key.is_some()
        });
        if !at_end && !later_key {
            return None;
        }
        let (open, close) = if self.text[bracket..].starts_with('[') {
            ('[', ']')
        } else {
            ('{', '}')
        };
        Some(diagnosis(
            self.one_char(bracket),
            "opened here",
            format!("this `{open}` is never closed"),
            format!("close it with `{close}`"),
        ))
    }

    /// A line whose indentation matches no list or mapping open above it,
    /// or a mapping's column where a list's items stand.
    fn misindented(&self) -> Option<SyntaxError> {
        let line = self.line?;
        let shape = line.shape();
        let item = !shape.dashes.is_empty();
        let column = line.indent();
        let levels = self.levels_before(line);
        let at = |level_item: bool| {
            levels
                .iter()
                .find(|level| level.column == column && level.item == level_item)
        };
        if !item && let Some(list) = at(true) {
            if let Some(sibling) = self.sibling_key_elsewhere(line, &shape, list, &levels) {
                return Some(self.indented_unlike(line, column, sibling, "key"));
            }
            return Some(diagnosis(
                self.one_char(line.start + column),
                "needs `- `",
                format!(
                    "a list item needs `- `, as on line {}; this entry has none",
                    self.line_number(list.line)
                ),
                "start the entry with `- `".to_string(),
            ));
        }
        if at(item).is_some() {
            return None;
        }
        let sibling = levels
            .iter()
            .filter(|level| level.item == item)
            .min_by_key(|level| (level.column.abs_diff(column), Reverse(level.column)))?;
        Some(self.indented_unlike(
            line,
            column,
            *sibling,
            if item { "list item" } else { "key" },
        ))
    }

    /// When a key stands at a list's `- ` column but is no key of the list's
    /// last entry, it more likely belongs to that entry, indented too little.
    fn sibling_key_elsewhere(
        &self,
        line: Line<'a>,
        shape: &Shape<'_>,
        list: &Level<'a>,
        levels: &[Level<'a>],
    ) -> Option<Level<'a>> {
        let (key, _) = shape.key?;
        let entry_keys = levels.iter().find(|level| {
            !level.item && level.column > list.column && level.line.start >= list.line.start
        })?;
        let in_entry = self
            .lines_before(line)
            .take_while(|earlier| earlier.start >= list.line.start)
            .any(|earlier| {
                let earlier_shape = earlier.shape();
                earlier_shape.content == entry_keys.column
                    && earlier_shape.key.is_some_and(|(other, _)| other == key)
            });
        (!in_entry).then_some(*entry_keys)
    }

    fn indented_unlike(
        &self,
        line: Line<'_>,
        column: usize,
        sibling: Level<'_>,
        what: &str,
    ) -> SyntaxError {
        let spaces = |count: usize| format!("{count} space{}", if count == 1 { "" } else { "s" });
        let siblings = if what == "key" {
            "its siblings"
        } else {
            "the items before it"
        };
        diagnosis(
            self.one_char(line.start + column),
            "indented differently",
            format!(
                "this {what} is indented {}, {siblings} {}",
                spaces(column),
                sibling.column
            ),
            format!("indent it like line {}", self.line_number(sibling.line)),
        )
    }

    /// The columns at which the lines above `line` leave a list or mapping
    /// open, deepest first: each line's nodes left of every later line's.
    fn levels_before(&self, line: Line<'a>) -> Vec<Level<'a>> {
        let mut levels: Vec<Level<'a>> = Vec::new();
        let mut limit = usize::MAX;
        for earlier in self.lines_before(line).filter(|line| !line.is_blank()) {
            let shape = earlier.shape();
            let nodes = shape
                .dashes
                .iter()
                .map(|&column| (column, true))
                .chain(std::iter::once((shape.content, false)));
            let mut new: Vec<Level<'a>> = nodes
                .filter(|&(column, _)| column < limit)
                .map(|(column, item)| Level {
                    column,
                    item,
                    line: earlier,
                })
                .collect();
            new.reverse();
            if let Some(leftmost) = new.last() {
                limit = leftmost.column;
            }
            levels.extend(new);
            if limit == 0 {
                break;
            }
        }
        levels
    }
}

/// `key: a: b`, explained at the value, with the value quoted in the help
/// when it is short enough to repeat.
fn value_holds_colon(start: usize, end: usize, key: &str, value: &str) -> SyntaxError {
    let help = if value.chars().count() <= MAX_QUOTED_VALUE_CHARS && !key.is_empty() {
        format!("quote this value: `{key}: {}`", quoted(value))
    } else {
        "quote this value: put all of it between `\"`".to_string()
    };
    diagnosis(
        Span::new(start, end),
        "holds `: `",
        "this value holds `: `, which YAML reads as a new key".to_string(),
        help,
    )
}

/// `value` as a YAML quoted string: double quotes unless it holds some.
fn quoted(value: &str) -> String {
    if !value.contains(['"', '\\']) {
        format!("\"{value}\"")
    } else if !value.contains('\'') {
        format!("'{value}'")
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// What may follow `\` in a double-quoted string (YAML 1.2, 5.7).
fn is_yaml_escape(character: char) -> bool {
    matches!(
        character,
        '0' | 'a'
            | 'b'
            | 't'
            | '\t'
            | 'n'
            | 'v'
            | 'f'
            | 'r'
            | 'e'
            | ' '
            | '"'
            | '/'
            | '\\'
            | 'N'
            | '_'
            | 'L'
            | 'P'
            | 'x'
            | 'u'
            | 'U'
    )
}

impl<'a> Line<'a> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    fn is_blank(&self) -> bool {
        let content = self.text.trim_start();
        content.is_empty() || content.starts_with('#')
    }

    fn shape(&self) -> Shape<'a> {
        let text = self.text;
        let mut dashes = Vec::new();
        let mut column = self.indent();
        while text[column..] == *"-" || text[column..].starts_with("- ") {
            dashes.push(column);
            column += 1;
            column += text[column..].len() - text[column..].trim_start_matches(' ').len();
        }
        let content = &text[column..];
        let key = plain_key(content).map(|(key, colon)| (key, column + colon));
        let value = key.and_then(|(_, colon)| {
            let after = colon + 1;
            let rest = &text[after..];
            let start = after + (rest.len() - rest.trim_start().len());
            let comment = text[start..].find(" #").map_or(text.len(), |at| start + at);
            let end = start + text[start..comment].trim_end().len();
            (end > start && !text[start..].starts_with('#')).then_some((start, end))
        });
        Shape {
            dashes,
            content: column,
            key,
            value,
        }
    }
}

/// A plain key at the start of `content` and the offset of its `:`.
fn plain_key(content: &str) -> Option<(&str, usize)> {
    if content.starts_with([
        '"', '\'', '[', '{', '#', '&', '*', '!', '|', '>', '%', '@', '`', '?',
    ]) {
        return None;
    }
    let colon = content
        .match_indices(':')
        .map(|(at, _)| at)
        .find(|&at| content[at + 1..].is_empty() || content[at + 1..].starts_with([' ', '\t']))?;
    let key = &content[..colon];
    (!key.is_empty() && !key.contains(" #")).then_some((key, colon))
}

/// The line holding byte `at`, when it starts at or after `floor`.
fn line_at(text: &str, floor: usize, at: usize) -> Option<Line<'_>> {
    if at < floor {
        return None;
    }
    let start = match text[floor..at].rfind('\n') {
        Some(newline) => floor + newline + 1,
        None if floor == 0 => 0,
        None => return None,
    };
    let ceiling = ceil_boundary(text, (at + WINDOW_BYTES).min(text.len()));
    let rest = &text[start..ceiling];
    Some(Line {
        start,
        text: &rest[..rest.find('\n').unwrap_or(rest.len())],
    })
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use crate::yaml::parse;

    /// `LINE:COL`, the message and the help of the error `text` gives.
    fn explained(text: &str) -> (String, String, String) {
        let file = SourceFile::new("t.yaml", text.to_string());
        let error = parse(&file).expect_err("the text is broken");
        assert!(text.is_char_boundary(error.span.start) && text.is_char_boundary(error.span.end));
        assert!(error.span.start <= error.span.end && error.span.end <= text.len());
        let at = file.line_col(error.span.start).to_string();
        (at, error.message, error.help.unwrap_or_default())
    }

    fn assert_explained(text: &str, at: &str, message: &str, help: &str) {
        assert_eq!(
            explained(text),
            (at.to_string(), message.to_string(), help.to_string()),
            "{text}"
        );
    }

    const TAB: &str = "a tab indents this line; YAML indents with spaces";

    #[test]
    fn a_tab_in_indentation_is_pointed_at() {
        for (text, at) in [
            ("cookies:\n\t- name: sid\n", "2:1"),
            ("site:\n\tname: x\n", "2:1"),
            // The parser fails on `sid`, the line before the tab.
            ("cookies:\n  - name: sid\n\tprovider: x\n", "3:1"),
            ("cookies:\n  - name: sid\n  \tprovider: x\n", "3:3"),
        ] {
            assert_explained(text, at, TAB, "indent with spaces");
        }
    }

    #[test]
    fn a_value_holding_colon_space_is_quoted_in_the_help() {
        assert_explained(
            "cookies:\n  - name: sid\n    purpose: Audience: visits\n    party: first\n",
            "3:14",
            "this value holds `: `, which YAML reads as a new key",
            "quote this value: `purpose: \"Audience: visits\"`",
        );
        assert_explained(
            "cookies:\n  - { name: sid, purpose: Audience: visits }\n",
            "2:27",
            "this value holds `: `, which YAML reads as a new key",
            "quote this value: `purpose: \"Audience: visits\"`",
        );
        // A value with `"` is quoted with `'`; a long one is not repeated.
        let (_, _, help) = explained("a: say \"hi\": now\n");
        assert_eq!(help, "quote this value: `a: 'say \"hi\": now'`");
        let (_, _, help) = explained(&format!("a: {}: b\n", "x".repeat(80)));
        assert_eq!(help, "quote this value: put all of it between `\"`");
    }

    #[test]
    fn a_continuation_line_holding_colon_space_is_the_value_s() {
        assert_explained(
            "cookies:\n  - purpose: Keeps the visitor\n      signed in: always\n",
            "2:14",
            "this value holds `: `, which YAML reads as a new key",
            "quote this value: put all of it between `\"`",
        );
    }

    #[test]
    fn a_key_indented_unlike_its_siblings() {
        for (text, at, message, help) in [
            (
                "cookies:\n  - name: sid\n    provider: x\n     purpose: y\n",
                "4:6",
                "this key is indented 5 spaces, its siblings 4",
                "indent it like line 3",
            ),
            (
                "cookies:\n  - name: sid\n    provider: x\n   purpose: y\n",
                "4:4",
                "this key is indented 3 spaces, its siblings 4",
                "indent it like line 3",
            ),
            (
                "site:\n  name: x\n url: y\n",
                "3:2",
                "this key is indented 1 space, its siblings 2",
                "indent it like line 2",
            ),
            (
                "version: 1\n cookies: []\n",
                "2:2",
                "this key is indented 1 space, its siblings 0",
                "indent it like line 1",
            ),
            // Blank and comment lines are not siblings.
            (
                "cookies:\n  - name: sid\n    # note\n\n     purpose: y\n",
                "5:6",
                "this key is indented 5 spaces, its siblings 4",
                "indent it like line 2",
            ),
            // A key at the list's column that its last entry lacks belongs
            // to that entry.
            (
                "cookies:\n  - name: sid\n    provider: x\n  purpose: y\n",
                "4:3",
                "this key is indented 2 spaces, its siblings 4",
                "indent it like line 3",
            ),
            (
                "cookies:\n  - name: a\n - name: b\n",
                "3:2",
                "this list item is indented 1 space, the items before it 2",
                "indent it like line 2",
            ),
        ] {
            assert_explained(text, at, message, help);
        }
    }

    #[test]
    fn an_unclosed_quote_is_shown_where_it_opens() {
        for (text, at, quote) in [
            ("cookies:\n  - name: \"sid\n    provider: x\n", "2:11", '"'),
            ("cookies:\n  - name: 'sid\n    provider: x\n", "2:11", '\''),
            ("site: { name: \"x }\n", "1:15", '"'),
            ("a: \"x\n", "1:4", '"'),
        ] {
            assert_explained(
                text,
                at,
                "this quoted string is never closed",
                &format!("close it with `{quote}`"),
            );
        }
    }

    #[test]
    fn a_quoted_string_going_on_under_indented() {
        let (at, message, _) = explained("cookies:\n  - name: \"sid\n  x\"\n");
        assert_eq!(at, "3:3");
        assert!(message.contains("quoted string of line 2"), "{message}");
    }

    #[test]
    fn a_list_item_without_its_dash() {
        for (text, at) in [
            (
                "cookies:\n  - name: sid\n    party: x\n  name: y\n    party: z\n",
                "4:3",
            ),
            ("cookies:\n  - name: sid\n\n  name: y\n", "4:3"),
        ] {
            assert_explained(
                text,
                at,
                "a list item needs `- `, as on line 2; this entry has none",
                "start the entry with `- `",
            );
        }
    }

    #[test]
    fn an_unclosed_bracket_is_shown_where_it_opens() {
        for (text, at, help) in [
            ("cookies: [a, b\n", "1:10", "close it with `]`"),
            ("cookies: [a, b\nsite: x\n", "1:10", "close it with `]`"),
            ("site: {name: x\ncookies: []\n", "1:7", "close it with `}`"),
        ] {
            let (found_at, message, found_help) = explained(text);
            assert_eq!(
                (found_at.as_str(), found_help.as_str()),
                (at, help),
                "{text}"
            );
            assert!(message.ends_with("is never closed"), "{message}");
        }
    }

    #[test]
    fn quoted_strings_ended_early_or_with_bad_escapes() {
        let (at, message, help) = explained("a: 'the visitor's choice'\n");
        assert_eq!(at, "1:16");
        assert_eq!(
            message,
            "this apostrophe ends the single-quoted string early"
        );
        assert!(help.contains("`''`"), "{help}");
        let (at, message, _) = explained("a: \"x\" y\n");
        assert_eq!(
            (at.as_str(), message.as_str()),
            ("1:8", "text follows the closing `\"` of this quoted string")
        );
        let (at, message, _) = explained("a: \"x\\\\y \\q\"\n");
        assert_eq!(at, "1:10");
        assert_eq!(
            message,
            "`\\q` is not an escape YAML knows in a double-quoted string"
        );
    }

    #[test]
    fn other_errors_are_in_plain_words() {
        for text in [
            "cookies: - a\n",
            "a: [b]]\n",
            "a: @b\n",
            "a: {b: c] }\n",
            "cookies:\n  name: a\n  - b\n",
        ] {
            let (_, message, help) = explained(text);
            assert!(!message.contains("while "), "{text}: {message}");
            assert!(!help.is_empty(), "{text}: {message}");
        }
    }

    #[test]
    fn mangled_declarations_never_panic_and_spans_stay_on_characters() {
        let valid = "version: 1\nsite: { name: \"é\", url: 'https://x.fr' }\ncookies:\n  - name: sid\n    purpose: Keeps 😀 signed in.\n    party: first\n  - [a, b]\n";
        let inserts = [
            "\t", ": ", "\"", "'", "- ", "  ", "\n", "[", "{", "é", "\\q", "#", "\n ",
        ];
        // A fixed linear congruential sequence: the same cases on every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            usize::try_from(state >> 33).unwrap() % bound
        };
        for _ in 0..3000 {
            let mut text = valid.to_string();
            for _ in 0..1 + next(3) {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if next(4) == 0 {
                    let mut end = (at + 1 + next(4)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                } else {
                    text.insert_str(at, inserts[next(inserts.len())]);
                }
            }
            let file = SourceFile::new("t.yaml", text.clone());
            if let Err(error) = parse(&file) {
                let span = error.span;
                assert!(span.start <= span.end && span.end <= text.len(), "{text:?}");
                assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "{text:?}"
                );
                assert!(
                    !error.message.starts_with("while "),
                    "{text:?}: {}",
                    error.message
                );
            }
        }
    }

    #[test]
    fn the_window_bounds_what_is_read_of_a_huge_line() {
        // The failing line starts 8 MB before the failure: no indentation
        // can be judged, and the plain words remain.
        let text = format!("a: {} b: c\n", "x".repeat(8 * 1024 * 1024));
        let (at, message, _) = explained(&text);
        assert!(at.starts_with("1:"), "{at}");
        assert!(!message.contains("while "), "{message}");
    }
}
