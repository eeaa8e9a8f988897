//! Reads an Open Cookie Database CSV as the build does and prints what it
//! holds, or the first mistake at its line and column (exit 1).
//! `scripts/refresh-cookie-database.sh` runs it on a new CSV before the CSV
//! replaces the one in `data/`: `cargo run --example cookie-database -- FILE`.

// A command-line tool of its own: its counts and errors belong on its streams.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use cookielint::knowledge::database::{self, Summary};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: cookie-database FILE.csv");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::from(2);
        }
    };
    match database::read(&text) {
        Ok(rows) => {
            let summary = Summary::of(&rows);
            println!(
                "{} rows, {} of them prefixes",
                summary.rows, summary.prefixes
            );
            for (category, count) in summary.categories {
                println!("{:<16}{count}", category.word());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{path}:{error}");
            ExitCode::from(1)
        }
    }
}
