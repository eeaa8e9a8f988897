//! `cookielint rules` and `cookielint explain`: the rules as configured,
//! and whether their examples hold.

use cookielint::output::{self, Format};
use cookielint::ruleset::{Origin, RuleSet};

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

/// `cookielint explain RULE`: the rule's documentation.
pub fn explain(id: &str, context: &mut Context<'_>) -> u8 {
    let Some(workspace) = context.workspace(Format::Full) else {
        return EXIT_FAILURE;
    };
    match workspace.rules().get(id) {
        Some(rule) => write_out(context.stdout, &rule.markdown()),
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
