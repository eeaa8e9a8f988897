//! Writes the hostile declarations of `tests/common/hostile.rs` at full
//! size: `cargo run --release --example hostile-corpus -- OUT_DIR [SCALE]`.
//! `benches/hostile.sh` times cookielint on each, in every format.

// A command-line tool: its output is the point.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/common/hostile.rs"]
mod hostile;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: hostile-corpus OUT_DIR [SCALE]");
        return ExitCode::from(2);
    };
    let scale = match args.next().map(|scale| scale.parse::<f64>()) {
        None => 1.0,
        Some(Ok(scale)) if scale > 0.0 => scale,
        Some(_) => {
            eprintln!("SCALE must be a positive number");
            return ExitCode::from(2);
        }
    };
    let out = std::path::Path::new(&out);
    if let Err(error) = std::fs::create_dir_all(out) {
        eprintln!("cannot create {}: {error}", out.display());
        return ExitCode::from(2);
    }
    for case in hostile::cases(scale) {
        let path = out.join(format!("{}.cookies.yaml", case.name));
        if let Err(error) = std::fs::write(&path, &case.text) {
            eprintln!("cannot write {}: {error}", path.display());
            return ExitCode::from(2);
        }
        println!("{} {} bytes", path.display(), case.text.len());
    }
    ExitCode::SUCCESS
}
