//! A large HAR written as a stream, shared by `tests/capture.rs` and the
//! `capture` example, in the shape of a real capture with bodies: many
//! entries, each with a dozen request and response headers, and response
//! bodies that make most of the bytes, as DevTools exports them (HTML and
//! scripts with escaped quotes, line breaks and `\u` escapes, images in
//! base64). Each MiB's entries send a `Cookie` header and set two cookies;
//! 50 distinct cookies in all.

use std::io::{self, Write};

/// How many distinct cookies the HAR sets.
pub const COOKIES: usize = 50;

/// Entries in each MiB of the file.
const ENTRIES_PER_MEGABYTE: usize = 8;

/// What an entry takes besides its body, about.
const ENTRY_OVERHEAD: usize = 2 * 1024;

const BODY_BYTES: usize = (1024 * 1024) / ENTRIES_PER_MEGABYTE - ENTRY_OVERHEAD;

/// Bodies as JSON string contents (escaped), and their MIME type and encoding.
const BODY_KINDS: [(&str, &str, &str); 4] = [
    (
        "<div class=\\\"card\\\" data-id=\\\"42\\\"><a href=\\\"/caf\\u00e9?x=1&amp;y=2\\\">Café – menu</a> \\u003cb\\u003e</div>\\n",
        "text/html",
        "",
    ),
    (
        "function f(a,b){return a&&b?\\\"yes\\\":'no'}; var re=/\\\\d+/g; // 💡 comment\\n",
        "application/javascript",
        "",
    ),
    ("", "image/png", "base64"),
    (
        "{\\\"id\\\":12345,\\\"name\\\":\\\"Zoë\\\",\\\"tags\\\":[\\\"a\\\",\\\"b\\\"],\\\"ok\\\":true},\\n",
        "application/json",
        "",
    ),
];

/// Writes a HAR of about `megabytes` MiB.
pub fn write_har(out: &mut impl Write, megabytes: usize) -> io::Result<()> {
    let bodies: Vec<String> = BODY_KINDS
        .iter()
        .map(|(snippet, _, _)| match snippet.is_empty() {
            true => base64_noise(BODY_BYTES),
            false => snippet.repeat(BODY_BYTES / snippet.len()),
        })
        .collect();
    out.write_all(b"{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"cookielint\", \"version\": \"0\"},\n\"pages\": [{\"startedDateTime\": \"2024-05-01T10:00:00.000Z\", \"id\": \"page_1\", \"title\": \"https://www.example.com/\", \"pageTimings\": {\"onContentLoad\": 120.5, \"onLoad\": 300.25}}],\n\"entries\": [\n")?;
    for megabyte in 0..megabytes {
        let cookie = megabyte % COOKIES;
        for slot in 0..ENTRIES_PER_MEGABYTE {
            let entry = megabyte * ENTRIES_PER_MEGABYTE + slot;
            let kind = slot % BODY_KINDS.len();
            let (_, mime, encoding) = BODY_KINDS[kind];
            let body = &bodies[kind];
            let encoding = match encoding {
                "" => String::new(),
                encoding => format!(", \"encoding\": \"{encoding}\""),
            };
            let separator = if entry == 0 { "" } else { ",\n" };
            write!(
                out,
                "{separator}{{\"_initiator\": {{\"type\": \"script\", \"stack\": {{\"callFrames\": [{{\"functionName\": \"load\", \"scriptId\": \"17\", \"url\": \"https://www.example.com/app.js\", \"lineNumber\": 0, \"columnNumber\": 4211}}]}}}}, \"_priority\": \"High\", \"_resourceType\": \"document\", \"cache\": {{}}, \"connection\": \"443\", \"pageref\": \"page_1\",
\"request\": {{\"method\": \"GET\", \"url\": \"https://www.example.com/page/{entry}?q=caf%C3%A9\", \"httpVersion\": \"http/2.0\", \"headers\": [{{\"name\": \":authority\", \"value\": \"www.example.com\"}}, {{\"name\": \":method\", \"value\": \"GET\"}}, {{\"name\": \":path\", \"value\": \"/page/{entry}\"}}, {{\"name\": \"accept\", \"value\": \"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\"}}, {{\"name\": \"accept-encoding\", \"value\": \"gzip, deflate, br, zstd\"}}, {{\"name\": \"accept-language\", \"value\": \"fr-FR,fr;q=0.9,en;q=0.8\"}}, {{\"name\": \"cookie\", \"value\": \"c{cookie}=1; seen=1\"}}, {{\"name\": \"referer\", \"value\": \"https://www.example.com/\"}}, {{\"name\": \"sec-ch-ua\", \"value\": \"\\\"Chromium\\\";v=\\\"156\\\", \\\"Not A Brand\\\";v=\\\"99\\\"\"}}, {{\"name\": \"sec-fetch-mode\", \"value\": \"navigate\"}}, {{\"name\": \"user-agent\", \"value\": \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36\"}}], \"queryString\": [{{\"name\": \"q\", \"value\": \"café\"}}], \"cookies\": [{{\"name\": \"seen\", \"value\": \"1\"}}], \"headersSize\": -1, \"bodySize\": 0}},
\"response\": {{\"status\": 200, \"statusText\": \"\", \"httpVersion\": \"http/2.0\", \"headers\": [{{\"name\": \"cache-control\", \"value\": \"private, max-age=0\"}}, {{\"name\": \"content-encoding\", \"value\": \"br\"}}, {{\"name\": \"content-security-policy\", \"value\": \"default-src 'self'; script-src 'self' 'nonce-r4nd0m' https://cdn.example.net; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'\"}}, {{\"name\": \"content-type\", \"value\": \"{mime}; charset=utf-8\"}}, {{\"name\": \"date\", \"value\": \"Wed, 01 May 2024 10:00:00 GMT\"}}, {{\"name\": \"etag\", \"value\": \"W/\\\"5e1-{entry}\\\"\"}}, {{\"name\": \"server\", \"value\": \"nginx\"}}, {{\"name\": \"set-cookie\", \"value\": \"c{cookie}=1; Path=/; Max-Age={entry}00\"}}, {{\"name\": \"set-cookie\", \"value\": \"seen=1; Path=/\"}}, {{\"name\": \"strict-transport-security\", \"value\": \"max-age=63072000; includeSubDomains; preload\"}}, {{\"name\": \"vary\", \"value\": \"Accept-Encoding\"}}], \"cookies\": [],
\"content\": {{\"size\": {size}, \"mimeType\": \"{mime}\", \"compression\": 0{encoding}, \"text\": \"{body}\"}}, \"redirectURL\": \"\", \"headersSize\": -1, \"bodySize\": -1, \"_transferSize\": {size}, \"_error\": null}},
\"serverIPAddress\": \"192.0.2.10\", \"startedDateTime\": \"2024-05-01T10:00:00.000Z\", \"time\": 41.7, \"timings\": {{\"blocked\": 1.2, \"dns\": -1, \"ssl\": -1, \"connect\": -1, \"send\": 0.1, \"wait\": 30.5, \"receive\": 9.9, \"_blocked_queueing\": 0.8}}}}",
                size = body.len(),
            )?;
        }
    }
    out.write_all(b"\n]}}\n")
}

/// Issue 20's first hostile HAR: one request to a URL of `url_bytes`
/// bytes, whose response sets `cookies` cookies, each in its own
/// `Set-Cookie` header. Each cookie is seen at that URL.
pub fn write_long_url_har(
    out: &mut impl Write,
    url_bytes: usize,
    cookies: usize,
) -> io::Result<()> {
    let query = "a".repeat(url_bytes.saturating_sub(HEAD.len() + 1));
    write!(
        out,
        "{{\"log\": {{\"entries\": [{{\"startedDateTime\": \"2024-05-01T10:00:00.000Z\", \"request\": {{\"url\": \"{HEAD}?{query}\", \"headers\": []}}, \"response\": {{\"headers\": ["
    )?;
    for cookie in 0..cookies {
        let separator = if cookie == 0 { "" } else { ",\n" };
        write!(
            out,
            "{separator}{{\"name\": \"set-cookie\", \"value\": \"c{cookie}=1; Path=/; Max-Age=86400\"}}"
        )?;
    }
    out.write_all(b"]}}]}}\n")
}

/// Issue 20's second hostile HAR: one `Set-Cookie` header joining
/// `cookies` distinct cookies with newlines, 19 bytes each.
pub fn write_joined_set_cookie_har(out: &mut impl Write, cookies: usize) -> io::Result<()> {
    write!(
        out,
        "{{\"log\": {{\"entries\": [{{\"request\": {{\"url\": \"{HEAD}\"}}, \"response\": {{\"headers\": [{{\"name\": \"Set-Cookie\", \"value\": \""
    )?;
    for cookie in 0..cookies {
        write!(out, "c{cookie:06}=v; Path=/\\n")?;
    }
    out.write_all(b"\"}]}}]}}\n")
}

/// Where the hostile HARs' request goes.
const HEAD: &str = "https://www.example.com/";

/// Base64 of pseudo-random bytes, as an image body is exported.
fn base64_noise(length: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..length)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from(ALPHABET[(state >> 58) as usize])
        })
        .collect()
}
