//! Suppressions with a reason:
//!
//! ```yaml
//!   # cookielint: allow(third-party-consent) reason: the payment provider's fraud check is strictly necessary
//!   - name: __stripe_mid
//! ```
//!
//! A full-line comment suppresses the named rules for the entry or key on the
//! next line that holds YAML (its whole value included). A suppression without
//! a reason, or naming no known rule, is `invalid-allow`; one that suppresses
//! nothing is `unused-allow`, as ruff reports an unused `noqa`.

use std::collections::HashMap;

use crate::finding::Violation;
use crate::rule_id::{INVALID_ALLOW, UNUSED_ALLOW};
use crate::ruleset::RuleSet;
use crate::source::{SourceFile, Span};
use crate::yaml::{Node, Value};

const MARKER: &str = "cookielint:";
const FORM: &str = "write `# cookielint: allow(rule-id) reason: why the rule does not apply here`";

/// One rule allowed over one region.
#[derive(Debug)]
struct Allow {
    rule: String,
    /// The rule id, inside the comment.
    at: Span,
    /// Findings that start here are suppressed.
    region: Span,
    used: bool,
}

/// The suppressions of one file, and the mistakes in them.
#[derive(Debug, Default)]
pub struct Suppressions {
    allows: Vec<Allow>,
    problems: Vec<Violation>,
}

/// A region an allow may cover: an entry of a list, or a key with its value.
fn regions(node: &Node, out: &mut Vec<Span>) {
    match &node.value {
        Value::Seq(items) => {
            for item in items {
                out.push(Span::new(item.span.start, item.end.max(item.span.end)));
                regions(item, out);
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                let end = entry
                    .value
                    .end
                    .max(entry.value.span.end)
                    .max(entry.key_span.end);
                out.push(Span::new(entry.key_span.start, end));
                regions(&entry.value, out);
            }
        }
        _ => {}
    }
}

/// Text that spans lines (block scalars): a `#` line inside it is content.
fn multiline_texts(node: &Node, text: &str, out: &mut Vec<Span>) {
    match &node.value {
        Value::String(_) if text[node.span.start..node.end].contains('\n') => {
            out.push(Span::new(node.span.start, node.end));
        }
        Value::Seq(items) => items
            .iter()
            .for_each(|item| multiline_texts(item, text, out)),
        Value::Map(entries) => entries
            .iter()
            .for_each(|entry| multiline_texts(&entry.value, text, out)),
        _ => {}
    }
}

impl Suppressions {
    pub fn collect(source: &SourceFile, root: &Node, rules: &RuleSet) -> Self {
        let text = source.text();
        let mut suppressions = Suppressions::default();
        if !text.contains(MARKER) {
            return suppressions;
        }
        let mut targets = Vec::new();
        regions(root, &mut targets);
        targets.sort_unstable_by_key(|region| region.start);
        let mut contents = Vec::new();
        multiline_texts(root, text, &mut contents);
        let lines: Vec<(usize, &str)> = text
            .split_inclusive('\n')
            .scan(0, |offset, line| {
                let start = *offset;
                *offset += line.len();
                Some((start, line.trim_end_matches('\n')))
            })
            .collect();
        // For each line, the next line after it that holds YAML (not a
        // comment or blank): found in one pass from the end.
        let mut next_yaml_line = vec![None; lines.len()];
        let mut following = None;
        for (index, &(_, line)) in lines.iter().enumerate().rev() {
            next_yaml_line[index] = following;
            let trimmed = line.trim_start();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                following = Some(index);
            }
        }
        // Block scalars are laid out in document order and never overlap.
        let inside_content = |offset: usize| {
            let after = contents.partition_point(|content| content.start <= offset);
            after > 0 && offset < contents[after - 1].end
        };
        for (index, &(line_start, line)) in lines.iter().enumerate() {
            let indent = line.len() - line.trim_start().len();
            let Some(body) = line.trim_start().strip_prefix('#') else {
                continue;
            };
            let Some(directive) = body.trim_start().strip_prefix(MARKER) else {
                continue;
            };
            if inside_content(line_start) {
                continue;
            }
            let comment = Span::new(line_start + indent, line_start + line.len());
            let directive_start = line_start + line.len() - directive.len();
            // The largest entry or key that starts on the next YAML line.
            let target = next_yaml_line[index].and_then(|next| {
                let (next_start, next) = lines[next];
                let first = targets.partition_point(|region| region.start < next_start);
                let last = targets.partition_point(|region| region.start < next_start + next.len());
                targets[first..last]
                    .iter()
                    .max_by_key(|region| region.end - region.start)
                    .copied()
            });
            suppressions.parse(directive, directive_start, comment, target, rules);
        }
        suppressions
    }

    fn problem(&mut self, span: Span, label: &str, message: String) {
        self.problems
            .push(Violation::new(INVALID_ALLOW, span, label, message));
    }

    fn parse(
        &mut self,
        directive: &str,
        directive_start: usize,
        comment: Span,
        target: Option<Span>,
        rules: &RuleSet,
    ) {
        let trimmed = directive.trim_start();
        let offset = directive_start + directive.len() - trimmed.len();
        let Some(list_and_rest) = trimmed.strip_prefix("allow(") else {
            return self.problem(
                comment,
                "not a suppression",
                format!("cookielint cannot read this comment; {FORM}"),
            );
        };
        let Some((list, rest)) = list_and_rest.split_once(')') else {
            return self.problem(
                comment,
                "unclosed",
                format!("`allow(` is not closed; {FORM}"),
            );
        };
        let Some(target) = target else {
            return self.problem(
                comment,
                "nothing follows",
                "this suppression is followed by no entry or key for it to apply to".to_string(),
            );
        };
        let mut list_offset = offset + "allow(".len();
        let mut named = 0;
        for raw in list.split(',') {
            let id = raw.trim();
            let at = list_offset + (raw.len() - raw.trim_start().len());
            list_offset += raw.len() + 1;
            if id.is_empty() {
                continue;
            }
            named += 1;
            let span = Span::new(at, at + id.len());
            if rules.get(id).is_none() || matches!(id, INVALID_ALLOW | UNUSED_ALLOW) {
                self.problem(
                    span,
                    "unknown rule",
                    format!("no rule is called `{id}`{}", rules.suggest(id)),
                );
                continue;
            }
            self.allows.push(Allow {
                rule: id.to_string(),
                at: span,
                region: target,
                used: false,
            });
        }
        if named == 0 {
            return self.problem(
                comment,
                "no rule",
                format!("`allow()` names no rule; {FORM}"),
            );
        }
        let reason = rest
            .trim_start()
            .strip_prefix("reason:")
            .map(str::trim)
            .unwrap_or_default();
        if reason.is_empty() {
            self.problem(
                comment,
                "no reason",
                "this suppression gives no reason: add `reason: ` and why the rule does not apply here".to_string(),
            );
        }
    }

    /// Drops the findings an allow covers. Findings and allows are swept in
    /// order of position: regions come from the tree, so two of them are
    /// either nested or apart, and the allows open at a position form a
    /// stack per rule, outermost (first written) at the bottom.
    pub fn apply(&mut self, violations: &mut Vec<Violation>) {
        if self.allows.is_empty() {
            return;
        }
        let covers = |allow: &Allow, at: usize| {
            (allow.region.start..allow.region.end.max(allow.region.start + 1)).contains(&at)
        };
        let mut allows_by_start: Vec<usize> = (0..self.allows.len()).collect();
        allows_by_start.sort_by_key(|&index| (self.allows[index].region.start, index));
        let mut violations_by_start: Vec<usize> = (0..violations.len()).collect();
        violations_by_start.sort_by_key(|&index| violations[index].primary.span.start);
        let mut open: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut next_allow = 0;
        let mut suppressed = vec![false; violations.len()];
        let mut used = vec![false; self.allows.len()];
        for index in violations_by_start {
            let violation = &violations[index];
            let at = violation.primary.span.start;
            while let Some(&allow) = allows_by_start.get(next_allow) {
                if self.allows[allow].region.start > at {
                    break;
                }
                // What no longer covers where this allow starts has ended
                // for good: the stack stays a chain of nested regions.
                let region_start = self.allows[allow].region.start;
                let stack = open.entry(self.allows[allow].rule.as_str()).or_default();
                while stack
                    .last()
                    .is_some_and(|&earlier| !covers(&self.allows[earlier], region_start))
                {
                    stack.pop();
                }
                stack.push(allow);
                next_allow += 1;
            }
            let Some(stack) = open.get_mut(violation.rule.as_str()) else {
                continue;
            };
            while stack
                .last()
                .is_some_and(|&allow| !covers(&self.allows[allow], at))
            {
                stack.pop();
            }
            if let Some(&allow) = stack.iter().find(|&&allow| covers(&self.allows[allow], at)) {
                used[allow] = true;
                suppressed[index] = true;
            }
        }
        for (allow, used) in self.allows.iter_mut().zip(used) {
            allow.used |= used;
        }
        let mut index = 0;
        violations.retain(|_| {
            index += 1;
            !suppressed[index - 1]
        });
    }

    /// The mistakes in the suppressions, and the allows that suppressed
    /// nothing of rules that `ran` (an allow for a rule turned off, or for
    /// an audit rule in a plain `check`, may be needed where it runs).
    pub fn into_findings(self, ran: impl Fn(&str) -> bool) -> Vec<Violation> {
        let mut findings = self.problems;
        for allow in self.allows.into_iter().filter(|allow| !allow.used) {
            if ran(&allow.rule) {
                findings.push(Violation::new(
                    UNUSED_ALLOW,
                    allow.at,
                    "suppresses nothing",
                    format!(
                        "`allow({})` suppresses nothing: `{}` does not fire here",
                        allow.rule, allow.rule
                    ),
                ));
            }
        }
        findings
    }
}
