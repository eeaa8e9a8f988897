//! `json`: one document with every finding and a summary. A stable contract,
//! documented in docs/json.md; `version` changes only when it breaks.

use std::io::{self, Write};

use serde::Serialize;

use super::{Record, Totals};

/// The version of the JSON document's shape.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    findings: &'a [Record],
    summary: Totals,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

pub fn write(records: &[Record], totals: Totals, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: records,
        summary: totals,
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::other)?;
    writeln!(out)
}
