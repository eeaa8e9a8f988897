//! `cookielint rules` and `cookielint explain`: the rules as configured,
//! and whether their examples hold.

use std::io::{self, IsTerminal};

use cookielint::output::{self, Format};
use cookielint::ruleset::{Origin, RuleSet};
use cookielint::source::escape_controls;

use crate::args::ExplainFormat;
use crate::terminal::Context;
use crate::{EXIT_CLEAN, EXIT_FAILURE, write_out};

/// `cookielint rules`: one line a rule.
pub fn list(context: &mut Context<'_>) -> u8 {
    match context.workspace(Format::Full) {
        Some(workspace) => write_out(context.stdout, &rule_list(workspace.rules())),
        None => EXIT_FAILURE,
    }
}

fn rule_list(rules: &RuleSet) -> String {
    rules
        .iter()
        .map(|rule| {
            let severity = rule
                .severity
                .map_or("off".to_string(), |severity| severity.to_string());
            let origin = match &rule.origin {
                Origin::Builtin => String::new(),
                Origin::User(path) => format!(" [{path}]"),
            };
            format!(
                "{:<24}{:<9}{}{origin}\n",
                rule.id,
                severity,
                rule.summary.trim()
            )
        })
        .collect()
}

/// `cookielint explain RULE`: the rule's documentation, as text to read on
/// a terminal, as Markdown (docs/rules.md's) elsewhere, or as `format` says.
pub fn explain(id: &str, format: Option<ExplainFormat>, context: &mut Context<'_>) -> u8 {
    let Some(workspace) = context.workspace(Format::Full) else {
        return EXIT_FAILURE;
    };
    let terminal = io::stdout().is_terminal();
    let format = format.unwrap_or(if terminal {
        ExplainFormat::Text
    } else {
        ExplainFormat::Markdown
    });
    match workspace.rules().get(id) {
        Some(rule) => {
            let markdown = rule.markdown();
            let shown = match format {
                ExplainFormat::Markdown => markdown,
                ExplainFormat::Text => text(&markdown, context.style(terminal).color),
            };
            write_out(context.stdout, &shown)
        }
        None => {
            context.report_error(&cookielint::Error::UnknownRule {
                id: id.to_string(),
                suggestion: workspace.rules().suggest(id),
            });
            EXIT_FAILURE
        }
    }
}

/// `cookielint rules --verify`: every rule's examples, built-in and the
/// user's, run against the rules as their files wrote them.
pub fn verify(context: &mut Context<'_>) -> u8 {
    let Some(workspace) = context.workspace(Format::Full) else {
        return EXIT_FAILURE;
    };
    let checked = match workspace.verify_examples() {
        Ok(checked) => checked,
        Err(error) => {
            context.report_error(&error);
            return EXIT_FAILURE;
        }
    };
    let (examples, rules) = (checked.examples, checked.rules);
    if checked.mistakes.is_empty() {
        let _ = writeln!(
            context.stdout,
            "{examples} examples of {rules} rules: each behaves as documented"
        );
        return EXIT_CLEAN;
    }
    let style = context.stderr_style();
    let _ = output::render(&checked.mistakes, Format::Full, style, context.stderr);
    let _ = writeln!(
        context.stderr,
        "error: {} of {examples} examples of {rules} rules do not behave as documented",
        checked.mistakes.len()
    );
    EXIT_FAILURE
}

const BOLD: &str = "\x1b[1m";
const UNDERLINE: &str = "\x1b[4m";
const RESET: &str = "\x1b[0m";

/// A rule's Markdown as text to read: headings emphasised (bold with
/// colour, underlined with `=` or `-` without), examples indented without
/// their fences, code spans bold with colour and bare without. A user's
/// rule file wrote the text: control characters are escaped.
fn text(markdown: &str, color: bool) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_code = false;
    for line in markdown.lines() {
        let line = escape_controls(line);
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str("    ");
            out.push_str(&line);
        } else if let Some(title) = line.strip_prefix("## ") {
            heading(&mut out, title, '=', color.then_some(UNDERLINE));
        } else if let Some(title) = line.strip_prefix("### ") {
            heading(&mut out, title, '-', color.then_some(""));
        } else {
            code_spans(&mut out, &line, color);
        }
        out.push('\n');
    }
    out
}

/// `title` in bold (and `style`) with colour, else underlined with `rule`.
fn heading(out: &mut String, title: &str, rule: char, style: Option<&str>) {
    let mut plain = String::new();
    code_spans(&mut plain, title, false);
    match style {
        Some(style) => out.push_str(&format!("{BOLD}{style}{plain}{RESET}")),
        None => {
            let width = plain.chars().count();
            out.push_str(&plain);
            out.push('\n');
            out.extend(std::iter::repeat_n(rule, width));
        }
    }
}

/// `line` with its `` `code` `` spans in bold with colour, bare without.
fn code_spans(out: &mut String, line: &str, color: bool) {
    for (index, part) in line.split('`').enumerate() {
        let code = index % 2 == 1;
        if code && color {
            out.push_str(&format!("{BOLD}{part}{RESET}"));
        } else {
            out.push_str(part);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKDOWN: &str =
        "## an-id\n\nSays `why`.\n\n### Why\n\nBecause.\n\nPasses:\n\n```yaml\nname: `x`\n```\n";

    #[test]
    fn plain_text_underlines_headings_and_indents_examples() {
        assert_eq!(
            text(MARKDOWN, false),
            "an-id\n=====\n\nSays why.\n\nWhy\n---\n\nBecause.\n\nPasses:\n\n    name: `x`\n"
        );
    }

    #[test]
    fn colour_makes_headings_and_code_bold() {
        assert_eq!(
            text(MARKDOWN, true),
            "\x1b[1m\x1b[4man-id\x1b[0m\n\nSays \x1b[1mwhy\x1b[0m.\n\n\x1b[1mWhy\x1b[0m\n\nBecause.\n\nPasses:\n\n    name: `x`\n"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert!(!text("## a\x1b]0;x\x07\n", true).contains('\x07'));
    }
}
