//! Capture reading at full size: `cargo run --release --example capture --
//! generate OUT MEGABYTES` writes a HAR with bodies, `... -- read FILE`
//! reads it and prints the observations' count and the peak memory.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "capture_har.rs"]
mod capture_har;

use std::io::BufWriter;
use std::path::Path;
use std::process::ExitCode;

use cookielint::capture::{self, Moment};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["generate", out, megabytes] => generate(out, megabytes),
        ["read", file] => read(file),
        _ => Err(String::from(
            "usage: capture generate OUT MEGABYTES | capture read FILE",
        )),
    };
    match result {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn generate(out: &str, megabytes: &str) -> Result<String, String> {
    let megabytes: usize = megabytes.parse().map_err(|_| "MEGABYTES is a number")?;
    let file = std::fs::File::create(out).map_err(|error| error.to_string())?;
    capture_har::write_har(&mut BufWriter::new(file), megabytes)
        .map_err(|error| error.to_string())?;
    Ok(format!("wrote {out}"))
}

fn read(file: &str) -> Result<String, String> {
    let capture = capture::read(Path::new(file), file, Moment::AfterConsent, None)
        .map_err(|error| error.to_string())?;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|line| line.starts_with("VmHWM"))
        .unwrap_or("VmHWM: unknown");
    Ok(format!(
        "{} observations; {peak}",
        capture.observations.len()
    ))
}
