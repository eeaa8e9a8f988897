//! Serves the fixture site of tests/scan.rs on loopback, prints its page's
//! URL, and stops when standard input closes: what benches/scan.sh scans
//! and scripts/record-hars.sh records.

#![allow(clippy::print_stdout)]

#[path = "../tests/common/fixture_site.rs"]
mod fixture_site;

use std::io::Read;

fn main() {
    let site = fixture_site::FixtureSite::start();
    println!("{}", site.url("site.test", "/"));
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    drop(site);
}
