//! `full`: miette's graphical report, for people.

use std::io::{self, Write};

use super::Style;
use crate::finding::Finding;

pub fn render(findings: &[Finding], style: Style, out: &mut dyn Write) -> io::Result<()> {
    let theme = if style.color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    for finding in findings {
        let mut text = String::new();
        handler
            .render_report(&mut text, finding)
            .map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
    }
    Ok(())
}
