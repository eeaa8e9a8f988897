//! `full`: miette's graphical report, for people.
//!
//! miette is never handed a whole file: each finding gets an [`Excerpt`], the
//! few lines around its labels, with any long line cut to windows around
//! them. Drawing a finding then costs the size of what is shown, not of the
//! file, and no line is ever wider than miette's formatting can pad.

use std::fmt;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::Style;
use crate::finding::{Finding, Label, Severity};
use crate::source::{SourceFile, Span, ceil_boundary, floor_boundary, mask_hidden};

/// A line longer than this many bytes is shown as windows around its labels.
const LONG_LINE_BYTES: usize = 160;
/// Context kept on each side of a label on a long line.
const WINDOW_CONTEXT_BYTES: usize = 40;
/// The most of one label shown on a long line.
const LONGEST_SHOWN_LABEL_BYTES: usize = 60;
/// A label over more lines than this is shown on its first line only.
const MOST_LABEL_LINES: usize = 6;
/// Lines shown before and after each label (miette's default).
const CONTEXT_LINES: usize = 1;
/// What stands for text left out of a long line.
const ELLIPSIS: &str = "…";

pub fn render(findings: &[Finding], style: Style, out: &mut dyn Write) -> io::Result<()> {
    let theme = if style.color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(CONTEXT_LINES)
        // Breaking only at spaces keeps rule ids, keys and URLs whole, and
        // costs a tenth of finding Unicode line-break opportunities.
        .with_word_separator(textwrap::WordSeparator::AsciiSpace);
    for finding in findings {
        writeln!(out, "{}", draw(&handler, finding))?;
    }
    Ok(())
}

/// One finding, drawn by miette; should drawing fail or panic, the finding
/// is still reported, in one line, so one odd finding never ends a run.
fn draw(handler: &miette::GraphicalReportHandler, finding: &Finding) -> String {
    let drawn = catch_unwind(AssertUnwindSafe(|| {
        let shown = Shown::new(finding);
        let mut text = String::new();
        handler.render_report(&mut text, &shown).map(|()| text)
    }));
    match drawn {
        Ok(Ok(text)) => text,
        _ => format!(
            "{}\n  (cookielint could not draw this finding's source excerpt)\n",
            super::concise_line(finding)
        ),
    }
}

/// A finding as miette sees it: its labels moved into its excerpt.
struct Shown<'a> {
    finding: &'a Finding,
    excerpt: Excerpt,
    labels: Vec<miette::LabeledSpan>,
    /// The help, followed by a line for each place in another file.
    help: Option<String>,
}

impl<'a> Shown<'a> {
    fn new(finding: &'a Finding) -> Self {
        let source = finding.source.as_ref();
        let all_labels: Vec<(&Label, bool)> = std::iter::once((&finding.primary, true))
            .chain(finding.related.iter().map(|label| (label, false)))
            .collect();
        let spans: Vec<Span> = all_labels
            .iter()
            .map(|(label, _)| shown_span(source, label.span))
            .collect();
        let excerpt = Excerpt::new(source, &spans);
        let labels = all_labels
            .iter()
            .zip(&spans)
            .map(|((label, primary), span)| {
                let text = (!label.text.is_empty()).then(|| label.text.clone());
                let span = miette::SourceSpan::from(excerpt.map_span(*span));
                if *primary {
                    miette::LabeledSpan::new_primary_with_span(text, span)
                } else {
                    miette::LabeledSpan::new_with_span(text, span)
                }
            })
            .collect();
        let elsewhere = finding
            .elsewhere
            .iter()
            .map(|place| format!("{}:{}: {}", place.path, place.at, place.text));
        let help: Vec<String> = finding
            .help
            .iter()
            .map(|help| help.to_string())
            .chain(elsewhere)
            .collect();
        Shown {
            finding,
            excerpt,
            labels,
            help: (!help.is_empty()).then(|| help.join("\n")),
        }
    }
}

/// A label's span, kept to its first lines and to the text.
fn shown_span(source: &SourceFile, span: Span) -> Span {
    let length = source.text().len();
    let start = span.start.min(length);
    let end = span.end.clamp(start, length);
    let first_line = source.line_of(start);
    if source.line_of(end) > first_line + MOST_LABEL_LINES {
        Span::new(start, source.line_span(first_line).end.max(start))
    } else {
        Span::new(start, end)
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.finding, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let url = &self.finding.url;
        (!url.is_empty()).then(|| Box::new(url) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.excerpt)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// A piece of a source line kept in the excerpt.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where it starts in the excerpt's text.
    shown_at: usize,
    /// What it is in the source.
    source: Span,
}

#[derive(Debug)]
struct ExcerptLine {
    /// 1-based, in the source.
    number: usize,
    /// Where the line is in the excerpt's text, without its line break.
    shown: Span,
    /// Runs of lines that follow each other in the source share a block.
    block: usize,
    pieces: Vec<Piece>,
}

/// The lines of a file that one finding shows, as miette reads them.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    lines: Vec<ExcerptLine>,
    /// Each line's first character column in the source, for the header
    /// miette prints (`path:line:column`).
    source_columns: Vec<Vec<(usize, usize)>>,
}

impl Excerpt {
    fn new(source: &SourceFile, spans: &[Span]) -> Self {
        let mut wanted: Vec<(usize, usize)> = spans
            .iter()
            .map(|span| {
                let first = source.line_of(span.start);
                let last = source.line_of(span.end);
                (
                    first.saturating_sub(CONTEXT_LINES).max(1),
                    (last + CONTEXT_LINES).min(source.line_count()),
                )
            })
            .collect();
        wanted.sort_unstable();
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        for (first, last) in wanted {
            match blocks.last_mut() {
                Some(block) if first <= block.1 + 1 => block.1 = block.1.max(last),
                _ => blocks.push((first, last)),
            }
        }
        let mut excerpt = Excerpt {
            name: source.name().to_string(),
            text: String::new(),
            lines: Vec::new(),
            source_columns: Vec::new(),
        };
        for (block, &(first, last)) in blocks.iter().enumerate() {
            for number in first..=last {
                excerpt.push_line(source, number, block, spans);
            }
        }
        excerpt
    }

    fn push_line(&mut self, source: &SourceFile, number: usize, block: usize, spans: &[Span]) {
        let line = source.line_span(number);
        let windows = if line.end - line.start <= LONG_LINE_BYTES {
            vec![line]
        } else {
            windows(source.text(), line, spans)
        };
        let start = self.text.len();
        let mut pieces = Vec::with_capacity(windows.len());
        let mut columns = Vec::with_capacity(windows.len());
        for window in windows {
            if window.start > line.start && !self.text.ends_with(ELLIPSIS) {
                self.text.push_str(ELLIPSIS);
            }
            pieces.push(Piece {
                shown_at: self.text.len(),
                source: window,
            });
            let column = if window.start == line.start {
                1
            } else {
                source.line_col(window.start).column
            };
            columns.push((self.text.len(), column));
            // A declaration's line may hold a bidirectional override or a
            // zero-width character: shown masked, the labels' offsets kept.
            self.text
                .push_str(&mask_hidden(&source.text()[window.range()]));
            if window.end < line.end {
                self.text.push_str(ELLIPSIS);
            }
        }
        self.lines.push(ExcerptLine {
            number,
            shown: Span::new(start, self.text.len()),
            block,
            pieces,
        });
        self.source_columns.push(columns);
        self.text.push('\n');
    }

    /// Where a source offset is shown; an offset left out of the excerpt is
    /// shown at the nearest kept text.
    fn map_offset(&self, offset: usize) -> usize {
        let mut nearest = self.text.len();
        for piece in self.lines.iter().flat_map(|line| &line.pieces) {
            if offset < piece.source.start {
                return nearest.min(piece.shown_at);
            }
            nearest = piece.shown_at + (offset.min(piece.source.end) - piece.source.start);
            if offset <= piece.source.end {
                return nearest;
            }
        }
        nearest
    }

    fn map_span(&self, span: Span) -> std::ops::Range<usize> {
        let start = self.map_offset(span.start);
        start..self.map_offset(span.end).max(start)
    }

    /// The index of the excerpt line an offset of the excerpt falls on.
    fn line_at(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|line| line.shown.end < offset)
            .min(self.lines.len().saturating_sub(1))
    }

    /// The source column (1-based) of an excerpt offset on line `index`.
    fn source_column(&self, index: usize, offset: usize) -> usize {
        let Some(columns) = self.source_columns.get(index) else {
            return 1;
        };
        let piece = columns.partition_point(|&(shown_at, _)| shown_at <= offset);
        match piece.checked_sub(1).and_then(|piece| columns.get(piece)) {
            Some(&(shown_at, column)) => {
                let between = self
                    .text
                    .as_bytes()
                    .get(shown_at..offset)
                    .unwrap_or_default();
                column
                    + between
                        .iter()
                        .filter(|&&byte| (byte & 0xC0) != 0x80)
                        .count()
            }
            None => 1,
        }
    }
}

/// The parts of a long line to show: a window around each label on it,
/// merged where they meet, on character boundaries.
fn windows(text: &str, line: Span, spans: &[Span]) -> Vec<Span> {
    let mut windows: Vec<Span> = spans
        .iter()
        .filter(|span| span.start <= line.end && span.end >= line.start)
        .map(|span| {
            let start = span.start.max(line.start);
            let end = span
                .end
                .min(line.end)
                .min(start + LONGEST_SHOWN_LABEL_BYTES);
            Span::new(
                floor_boundary(
                    text,
                    start.saturating_sub(WINDOW_CONTEXT_BYTES).max(line.start),
                ),
                ceil_boundary(text, (end + WINDOW_CONTEXT_BYTES).min(line.end)),
            )
        })
        .collect();
    if windows.is_empty() {
        windows.push(Span::new(
            line.start,
            ceil_boundary(text, line.start + LONG_LINE_BYTES),
        ));
    }
    windows.sort_unstable_by_key(|window| window.start);
    let mut merged: Vec<Span> = Vec::with_capacity(windows.len());
    for window in windows {
        match merged.last_mut() {
            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
            _ => merged.push(window),
        }
    }
    merged
}

impl miette::SourceCode for Excerpt {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        if self.lines.is_empty() || span.offset() + span.len() > self.text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        let first = self.line_at(span.offset());
        let last = self.line_at(span.offset() + span.len().saturating_sub(1));
        let block = self.lines[first].block;
        let mut from = first;
        while first - from < context_lines_before && from > 0 && self.lines[from - 1].block == block
        {
            from -= 1;
        }
        let mut to = last.max(first);
        while to - last < context_lines_after
            && to + 1 < self.lines.len()
            && self.lines[to + 1].block == block
        {
            to += 1;
        }
        let data_start = self.lines[from].shown.start;
        let data_end = (self.lines[to].shown.end + 1).min(self.text.len());
        let column = if context_lines_before == 0 {
            self.source_column(first, span.offset())
        } else {
            1
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[data_start..data_end],
            (data_start, data_end - data_start).into(),
            self.lines[from].number - 1,
            column - 1,
            to - from + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, spans: &[Span]) -> Excerpt {
        Excerpt::new(&SourceFile::new("t", text.to_string()), spans)
    }

    #[test]
    fn short_lines_are_shown_whole_with_one_line_of_context() {
        let text = "a: 1\nb: 2\nc: 3\nd: 4\n";
        let at = text.find("c:").unwrap();
        let shown = excerpt(text, &[Span::new(at, at + 1)]);
        assert_eq!(shown.text, "b: 2\nc: 3\nd: 4\n");
        assert_eq!(shown.map_span(Span::new(at, at + 1)), 5..6);
    }

    #[test]
    fn long_lines_are_cut_around_the_label() {
        let text = format!(
            "k: [{}needle{}]\n",
            "x, ".repeat(30_000),
            ", y".repeat(30_000)
        );
        let at = text.find("needle").unwrap();
        let shown = excerpt(&text, &[Span::new(at, at + 6)]);
        assert!(shown.text.len() < 200, "{}", shown.text);
        let range = shown.map_span(Span::new(at, at + 6));
        assert_eq!(&shown.text[range.clone()], "needle");
        assert_eq!(shown.source_column(0, range.start), at + 1);
    }

    #[test]
    fn distant_labels_are_separate_blocks() {
        let text: String = (1..=100).map(|n| format!("k{n}: v\n")).collect();
        let first = text.find("k3:").unwrap();
        let second = text.find("k90:").unwrap();
        let shown = excerpt(
            &text,
            &[Span::new(second, second + 3), Span::new(first, first + 2)],
        );
        let numbers: Vec<usize> = shown.lines.iter().map(|line| line.number).collect();
        assert_eq!(numbers, [2, 3, 4, 89, 90, 91]);
        assert_eq!(shown.lines[2].block, 0);
        assert_eq!(shown.lines[3].block, 1);
    }
}
