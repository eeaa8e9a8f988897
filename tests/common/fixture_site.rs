//! The fixture site of tests/scan.rs and benches/scan.sh, served over
//! HTTPS on loopback with a committed self-signed certificate for `*.test`
//! (valid until 2126); Chromium is told to map `.test` names to 127.0.0.1
//! and to accept the certificate.
//!
//! `site.test/` sets a session cookie (`Secure; HttpOnly;
//! SameSite=Strict`) and a one-year one by header, a one-day one by script,
//! and shows a consent banner; accepting sets `consent=all` and only then
//! loads a pixel from `tracker.test`, which sets a two-year `SameSite=None;
//! Secure` cookie: a third-party cookie, seen only if the scan reads the
//! whole jar and the browser lets third-party cookies through.
//!
//! `site.test/late` is the same page, its banner added by a timer 1.5 s
//! after the load: what a scan's click must wait for.
//!
//! `site.test/never` never answers, for the scan's timeout.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CERTIFICATE: &[u8] = include_bytes!("../fixtures/scan/cert.pem");
const KEY: &[u8] = include_bytes!("../fixtures/scan/key.pem");

/// The site's page; `TRACKER` is replaced by the tracker's origin, and
/// `SHOW_BANNER` by the statement that shows the banner.
const PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Fixture site</title></head>
<body>
<script>
document.cookie = "theme=dark; Path=/; Max-Age=86400";
function loadTracker() {
  const pixel = new Image();
  pixel.src = "TRACKER/pixel.gif";
  document.body.appendChild(pixel);
}
function showBanner() {
  const banner = document.createElement("div");
  banner.id = "banner";
  banner.innerHTML = 'We use cookies. <button id="accept">Accept all</button>';
  document.body.prepend(banner);
  document.getElementById("accept").addEventListener("click", () => {
    document.cookie = "consent=all; Path=/; Max-Age=15552000";
    loadTracker();
  });
}
SHOW_BANNER
if (document.cookie.split("; ").includes("consent=all")) loadTracker();
</script>
</body></html>
"#;

/// A 1×1 transparent GIF.
const PIXEL: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

/// The fixture site, served until dropped; dropping it stops the server and
/// waits for every connection's thread.
pub struct FixtureSite {
    port: u16,
    /// The paths asked for, in order.
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl FixtureSite {
    pub fn start() -> FixtureSite {
        let certificates = vec![CertificateDer::from_pem_slice(CERTIFICATE).unwrap()];
        let key = PrivateKeyDer::from_pem_slice(KEY).unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certificates, key)
        .unwrap();
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let acceptor = {
            let (stop, connections, requests) =
                (stop.clone(), connections.clone(), requests.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (config, stop, requests) = (config.clone(), stop.clone(), requests.clone());
                    let handle =
                        std::thread::spawn(move || serve(stream, config, &stop, port, &requests));
                    connections.lock().unwrap().push(handle);
                }
            })
        };
        FixtureSite {
            port,
            requests,
            stop,
            acceptor: Some(acceptor),
            connections,
        }
    }

    pub fn url(&self, host: &str, path: &str) -> String {
        format!("https://{host}:{}{path}", self.port)
    }

    /// Whether the browser has asked for `path` yet.
    // Tests ask; benches/scan_site.rs only serves.
    #[allow(dead_code)]
    pub fn was_asked_for(&self, path: &str) -> bool {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .any(|asked| asked == path)
    }
}

impl Drop for FixtureSite {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the acceptor, which then sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        for connection in self.connections.lock().unwrap().drain(..) {
            let _ = connection.join();
        }
    }
}

/// Answers one connection's requests (one at a time, then closes).
fn serve(
    stream: TcpStream,
    config: Arc<rustls::ServerConfig>,
    stop: &AtomicBool,
    port: u16,
    requests: &Mutex<Vec<String>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Ok(connection) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(connection, stream);
    let mut request = Vec::new();
    let mut buffer = [0; 4096];
    while !request.windows(4).any(|window| window == b"\r\n\r\n") {
        match tls.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(read) => request.extend_from_slice(&buffer[..read]),
        }
    }
    let request = String::from_utf8_lossy(&request);
    let path = request.split(' ').nth(1).unwrap_or("/");
    requests.lock().unwrap().push(path.to_string());
    let host = request
        .lines()
        .find_map(|line| line.strip_prefix("Host: ").or(line.strip_prefix("host: ")))
        .and_then(|host| host.split(':').next())
        .unwrap_or_default();
    let page = |show_banner: &str| {
        PAGE.replace("TRACKER", &format!("https://tracker.test:{port}"))
            .replace("SHOW_BANNER", show_banner)
            .into_bytes()
    };
    let (status, headers, body): (&str, Vec<&str>, Vec<u8>) = match (host, path) {
        ("site.test", "/" | "/late") => (
            "200 OK",
            vec![
                "Content-Type: text/html; charset=utf-8",
                "Set-Cookie: session_id=s3cr3t; Path=/; Secure; HttpOnly; SameSite=Strict",
                "Set-Cookie: visitor=v1; Path=/; Max-Age=31536000; Secure; SameSite=Lax",
            ],
            page(if path == "/" {
                "showBanner();"
            } else {
                "setTimeout(showBanner, 1500);"
            }),
        ),
        ("site.test", "/never") => {
            // A page that never answers: the scan's timeout must end it.
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
            }
            return;
        }
        ("tracker.test", "/pixel.gif") => (
            "200 OK",
            vec![
                "Content-Type: image/gif",
                "Set-Cookie: tracker_uid=t-123; Path=/; Max-Age=63072000; Secure; SameSite=None",
            ],
            PIXEL.to_vec(),
        ),
        _ => (
            "404 Not Found",
            vec!["Content-Type: text/plain"],
            b"not found".to_vec(),
        ),
    };
    let mut response = format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for header in headers {
        response.push_str(header);
        response.push_str("\r\n");
    }
    response.push_str("\r\n");
    let _ = tls.write_all(response.as_bytes());
    let _ = tls.write_all(&body);
    let _ = tls.flush();
    tls.conn.send_close_notify();
    let _ = tls.flush();
}
