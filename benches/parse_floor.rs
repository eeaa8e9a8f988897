//! The floor a `cookielint check` run is measured against: the same files,
//! found the same way, only read and parsed by the same YAML layer, on the
//! same threads, with nothing else.
//! `cargo run --release --example parse-floor -- DIR...`

// A command-line tool of its own: its count and errors belong on its streams.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use cookielint::discover::FileFilter;
use cookielint::discover::{Input, discover};
use cookielint::source::SourceFile;
use rayon::prelude::*;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let discovery = discover(&arguments, "<stdin>", &FileFilter::default());
    if !discovery.errors.is_empty() {
        eprintln!("parse-floor: {:?}", discovery.errors);
        return ExitCode::from(2);
    }
    let parsed: usize = discovery
        .inputs
        .par_iter()
        .filter_map(|input| match input {
            Input::File { path, .. } => std::fs::read(path).ok(),
            Input::Stdin(_) => None,
        })
        .filter(|bytes| {
            SourceFile::decode("floor", bytes)
                .ok()
                .is_some_and(|source| cookielint::yaml::parse(&source).is_ok())
        })
        .count();
    println!("{parsed} of {} files parsed", discovery.inputs.len());
    ExitCode::SUCCESS
}
