//! `json`: one document with every finding and a summary. A stable contract,
//! documented in docs/json.md; `version` changes only when it breaks.

use std::io;

use serde::Serialize;

#[cfg(doc)]
use super::Record;
use super::Totals;
use super::document::{Frame, PLACEHOLDER};

/// The version of the JSON document's shape.
pub const VERSION: u32 = 1;

/// Findings are items of `findings`, at depth 2.
pub const ITEM_INDENT: usize = 4;

#[derive(Serialize)]
struct Document {
    version: u32,
    tool: Tool,
    findings: &'static str,
    summary: Totals,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// The document around its findings, whose items are [`Record`]s.
pub fn frame(totals: Totals) -> io::Result<Frame> {
    Frame::around(&Document {
        version: VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: PLACEHOLDER,
        summary: totals,
    })
}
