//! The `cookielint` binary: arguments in, exit status out.

use std::process::ExitCode;

fn main() -> ExitCode {
    cookielint::cli::run()
}
