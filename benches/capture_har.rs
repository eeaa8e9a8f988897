//! A large HAR written as a stream, shared by `tests/capture.rs` and the
//! `capture` example: entries whose response bodies make the size, each
//! with a request `Cookie` header and two `Set-Cookie` headers (50 distinct
//! cookies in all), the shape of a real capture with bodies.

use std::io::{self, Write};

/// Each entry's response body.
pub const BODY_BYTES: usize = 1024 * 1024;

/// How many distinct cookies the HAR sets.
pub const COOKIES: usize = 50;

/// Writes a HAR of about `megabytes` MiB.
pub fn write_har(out: &mut impl Write, megabytes: usize) -> io::Result<()> {
    let body = "x".repeat(BODY_BYTES);
    out.write_all(b"{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"cookielint\", \"version\": \"0\"},\n\"entries\": [\n")?;
    for entry in 0..megabytes {
        let cookie = entry % COOKIES;
        let separator = if entry == 0 { "" } else { ",\n" };
        write!(
            out,
            "{separator}{{\"startedDateTime\": \"2024-05-01T10:00:00.000Z\", \"request\": {{\"method\": \"GET\", \"url\": \"https://www.example.com/page/{entry}\", \"headers\": [{{\"name\": \"cookie\", \"value\": \"c{cookie}=1; seen=1\"}}], \"cookies\": [{{\"name\": \"seen\", \"value\": \"1\"}}]}},\n\"response\": {{\"status\": 200, \"headers\": [{{\"name\": \"set-cookie\", \"value\": \"c{cookie}=1; Path=/; Max-Age={entry}00\"}}, {{\"name\": \"set-cookie\", \"value\": \"seen=1; Path=/\"}}], \"cookies\": [], \"content\": {{\"size\": {BODY_BYTES}, \"mimeType\": \"text/html\", \"text\": \"{body}\"}}}}, \"timings\": {{\"send\": 0, \"wait\": 1, \"receive\": 1}}}}"
        )?;
    }
    out.write_all(b"\n]}}\n")
}
