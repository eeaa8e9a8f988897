//! Capture reading at full size: `cargo run --release --example capture --
//! generate OUT MEGABYTES` writes a HAR with bodies, `... -- hostile DIR`
//! writes issue 20's two hostile HARs (`long-url.har`: a 5 MB request URL
//! and 300 `Set-Cookie` headers; `joined-set-cookie.har`: one `Set-Cookie`
//! header of 1,000,000 cookies, 19 MB), `... -- read FILE` reads one and
//! prints the observations' count (or why it was refused) and the peak
//! memory.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "capture_har.rs"]
mod capture_har;

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use cookielint::capture::{self, Moment};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["generate", out, megabytes] => generate(out, megabytes),
        ["hostile", dir] => hostile(dir),
        ["read", file] => read(file),
        _ => Err(String::from(
            "usage: capture generate OUT MEGABYTES | capture hostile DIR | capture read FILE",
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

fn hostile(dir: &str) -> Result<String, String> {
    let write =
        |name: &str, what: &dyn Fn(&mut BufWriter<std::fs::File>) -> std::io::Result<()>| {
            let path = Path::new(dir).join(name);
            let mut out = BufWriter::new(std::fs::File::create(&path)?);
            what(&mut out)?;
            out.flush()
        };
    write("long-url.har", &|out| {
        capture_har::write_long_url_har(out, 5_000_000, 300)
    })
    .map_err(|error| error.to_string())?;
    write("joined-set-cookie.har", &|out| {
        capture_har::write_joined_set_cookie_har(out, 1_000_000)
    })
    .map_err(|error| error.to_string())?;
    Ok(format!(
        "wrote long-url.har and joined-set-cookie.har in {dir}"
    ))
}

fn read(file: &str) -> Result<String, String> {
    let read = capture::read(Path::new(file), file, Moment::AfterConsent, None);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|line| line.starts_with("VmHWM"))
        .unwrap_or("VmHWM: unknown");
    match read {
        Ok(capture) => Ok(format!(
            "{} observations; {peak}",
            capture.observations.len()
        )),
        Err(error) => Ok(format!("refused ({error}); {peak}")),
    }
}
