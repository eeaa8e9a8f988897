//! What a browser stores from a `Set-Cookie` header (RFC 6265bis §5.6),
//! and the pieces of a request URL that decide a cookie's domain and path.

use std::sync::Arc;

use cookie::Cookie;

use super::{Lifetime, Observation};
use crate::model::SameSite;
use crate::source::LineCol;

/// RFC 6265bis §5.6.1–2: browsers keep no cookie longer than 400 days,
/// whatever its `Max-Age` or `Expires` asks (limits.rs's
/// `browser-lifetime-cap`, which capture, below it, cannot name).
pub const LONGEST_LIFETIME_SECONDS: i64 = 400 * 86_400;

/// What a browser keeps of a cookie asked to live `seconds`.
pub fn kept_lifetime(seconds: i64) -> Lifetime {
    Lifetime::Seconds(seconds.min(LONGEST_LIFETIME_SECONDS))
}

/// The longest URL an observation shows, in characters: reports name the
/// request a cookie was seen at, and a capture's URL may be megabytes long.
pub const LONGEST_URL_SHOWN: usize = 500;

/// RFC 1035 §2.3.4: the longest host name. A longer "host" is no host a
/// browser connects to, and each cookie of a request would copy it.
const LONGEST_HOST: usize = 253;

/// A request: the URL it was made to as reports show it, its host
/// (lower-case), the path a cookie set without `Path` gets, and the time it
/// started, which lifetimes count from. Every cookie of the request shares
/// its URL and default path.
#[derive(Debug, Clone)]
pub struct Request {
    pub url: Option<Arc<str>>,
    pub host: Option<String>,
    pub default_path: Arc<str>,
    pub started: Option<i64>,
}

impl Request {
    pub fn new(url: Option<&str>, started: Option<i64>) -> Self {
        let (host, path) = url.map_or((None, "/"), split_url);
        Request {
            url: url.map(shown_url),
            host,
            default_path: Arc::from(default_path(path)),
            started,
        }
    }

    /// A sighting of a cookie by name only (a request's `Cookie` header):
    /// its domain is taken to be the request's host, its path is unknown.
    pub fn name_only(&self, name: &str, at: LineCol) -> Option<Observation> {
        Some(Observation {
            name: name.to_owned(),
            domain: self.host.clone()?,
            path: None,
            lifetime: Lifetime::Unknown,
            secure: None,
            http_only: None,
            same_site: None,
            url: self.url.clone(),
            at,
        })
    }

    /// The domain a browser stores a cookie under when its `Domain`
    /// attribute (or a HAR cookie's `domain`) is `domain`, or `None` when it
    /// refuses the cookie (RFC 6265 §5.3 steps 5 and 6): a public suffix
    /// other than the host itself (`Domain=co.uk` from `www.x.co.uk`), or a
    /// domain the host is not in (one that still starts with a dot once its
    /// leading dot is dropped is in none). A public suffix that is the host makes a
    /// host-only cookie.
    pub fn cookie_domain(&self, domain: Option<&str>) -> Option<String> {
        let host = self.host.as_deref()?;
        let Some(domain) = domain
            .map(normalise_domain)
            .filter(|domain| !domain.is_empty())
        else {
            return Some(host.to_owned());
        };
        if domain.starts_with('.') || (is_public_suffix(&domain) && domain != host) {
            return None;
        }
        domain_matches(host, &domain).then_some(domain)
    }

    /// The cookie a browser stores from one `Set-Cookie` line, or `None`
    /// when it stores none: no name (a line with no `=` or an empty name,
    /// which no declaration can name), a `Domain` it refuses
    /// ([`Request::cookie_domain`]), or an expiry in the past, which deletes
    /// a cookie rather than sets one. Attributes that do not parse are
    /// ignored, as browsers do.
    pub fn set_cookie(&self, line: &str, at: LineCol) -> Option<Observation> {
        let cookie = Cookie::parse(line).ok()?;
        let domain = self.cookie_domain(cookie.domain())?;
        let lifetime = if let Some(max_age) = cookie.max_age() {
            Lifetime::Seconds(max_age.whole_seconds())
        } else if let Some(expires) = cookie.expires_datetime() {
            self.started.map_or(Lifetime::Unknown, |started| {
                Lifetime::Seconds(expires.unix_timestamp().saturating_sub(started))
            })
        } else {
            Lifetime::Session
        };
        let lifetime = match lifetime {
            Lifetime::Seconds(seconds) if seconds <= 0 => return None,
            Lifetime::Seconds(seconds) => kept_lifetime(seconds),
            lifetime => lifetime,
        };
        let path = match cookie.path() {
            Some(path) if path.starts_with('/') => Arc::from(path),
            _ => Arc::clone(&self.default_path),
        };
        Some(Observation {
            name: cookie.name().to_owned(),
            domain,
            path: Some(path),
            lifetime,
            secure: Some(cookie.secure().unwrap_or(false)),
            http_only: Some(cookie.http_only().unwrap_or(false)),
            same_site: cookie.same_site().map(|same_site| match same_site {
                cookie::SameSite::Strict => SameSite::Strict,
                cookie::SameSite::Lax => SameSite::Lax,
                cookie::SameSite::None => SameSite::None,
            }),
            url: self.url.clone(),
            at,
        })
    }
}

/// The URL a report shows: the whole of any URL a browser makes, the start
/// of a longer one.
fn shown_url(url: &str) -> Arc<str> {
    match url.char_indices().nth(LONGEST_URL_SHOWN) {
        Some((end, _)) => Arc::from(format!("{}…", &url[..end])),
        None => Arc::from(url),
    }
}

/// Whether the Public Suffix List has `domain` (lower-case, no leading dot)
/// as a suffix under which anyone may register names (`com`, `co.uk`,
/// `github.io`). A name the list does not know (`localhost`) is none.
pub fn is_public_suffix(domain: &str) -> bool {
    psl::suffix(domain.as_bytes())
        .is_some_and(|suffix| suffix.is_known() && suffix.as_bytes() == domain.as_bytes())
}

/// A domain as observations hold it: lower-case, without a leading dot.
pub fn normalise_domain(domain: &str) -> String {
    domain
        .strip_prefix('.')
        .unwrap_or(domain)
        .to_ascii_lowercase()
}

/// RFC 6265 §5.1.3: `host` is `domain` or a name under it (not an IP address).
pub fn domain_matches(host: &str, domain: &str) -> bool {
    host == domain
        || (host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
            && host.parse::<std::net::IpAddr>().is_err()
            && !host.starts_with('['))
}

/// A URL's host (lower-case, without user, port or brackets' contents
/// changed; none when longer than a host name can be) and its path (`/`
/// when it has none).
pub fn split_url(url: &str) -> (Option<String>, &str) {
    let Some((_, rest)) = url.split_once("://") else {
        return (None, "/");
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(authority_end);
    let host_and_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if host_and_port.starts_with('[') {
        host_and_port
            .find(']')
            .map_or(host_and_port, |end| &host_and_port[..=end])
    } else {
        host_and_port.split(':').next().unwrap_or(host_and_port)
    };
    let path_end = after.find(['?', '#']).unwrap_or(after.len());
    let path = match &after[..path_end] {
        "" => "/",
        path => path,
    };
    let host = (!host.is_empty() && host.len() <= LONGEST_HOST).then(|| host.to_ascii_lowercase());
    (host, path)
}

/// RFC 6265 §5.1.4: the path a cookie without a `Path` attribute gets, the
/// request path up to its last `/`.
pub fn default_path(request_path: &str) -> String {
    match request_path.rfind('/') {
        Some(0) | None => String::from("/"),
        Some(last) => request_path[..last].to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: LineCol = LineCol { line: 1, column: 1 };

    fn request(url: &str) -> Request {
        Request::new(Some(url), Some(1_000_000))
    }

    #[test]
    fn splits_urls() {
        assert_eq!(
            split_url("https://WWW.Example.com/a/b?x=1"),
            (Some("www.example.com".into()), "/a/b")
        );
        assert_eq!(
            split_url("http://user:pw@example.com:8080"),
            (Some("example.com".into()), "/")
        );
        assert_eq!(
            split_url("http://[::1]:80/x#y"),
            (Some("[::1]".into()), "/x")
        );
        assert_eq!(split_url("data:text/plain,hi"), (None, "/"));
        assert_eq!(split_url("https:///path"), (None, "/path"));
    }

    #[test]
    fn default_paths_follow_rfc_6265() {
        assert_eq!(default_path("/"), "/");
        assert_eq!(default_path("/page"), "/");
        assert_eq!(default_path("/shop/cart"), "/shop");
        assert_eq!(default_path("/shop/"), "/shop");
        assert_eq!(default_path("odd"), "/");
    }

    #[test]
    fn domains_match_as_browsers_do() {
        assert!(domain_matches("www.example.com", "example.com"));
        assert!(domain_matches("example.com", "example.com"));
        assert!(!domain_matches("badexample.com", "example.com"));
        assert!(!domain_matches("example.com", "www.example.com"));
        assert!(!domain_matches("10.0.0.1", "0.0.1"));
    }

    #[test]
    fn a_public_suffix_is_a_domain_only_for_itself() {
        let site = request("https://www.x.co.uk/");
        for refused in [
            "a=b; Domain=.co.uk",
            "a=b; Domain=uk",
            "a=b; Domain=github.io",
        ] {
            assert_eq!(site.set_cookie(refused, AT), None, "{refused}");
        }
        let domain =
            |url: &str, line: &str| request(url).set_cookie(line, AT).map(|seen| seen.domain);
        assert_eq!(
            domain("https://www.x.co.uk/", "a=b; Domain=X.co.uk"),
            Some("x.co.uk".into())
        );
        // RFC 6265 §5.3 step 5: the host itself, host-only.
        assert_eq!(
            domain("https://co.uk/", "a=b; Domain=co.uk"),
            Some("co.uk".into())
        );
        assert_eq!(
            domain("http://localhost/", "a=b; Domain=localhost"),
            Some("localhost".into())
        );
        assert_eq!(
            domain("https://www.x.co.uk/", "a=b; Domain="),
            Some("www.x.co.uk".into())
        );
        assert!(
            is_public_suffix("co.uk") && is_public_suffix("com") && is_public_suffix("github.io")
        );
        assert!(!is_public_suffix("x.co.uk") && !is_public_suffix("localhost"));
    }

    #[test]
    fn a_long_url_is_shown_cut() {
        let long = format!(
            "https://www.example.com/?{}",
            "é".repeat(2 * LONGEST_URL_SHOWN)
        );
        let url = request(&long).url.unwrap();
        assert_eq!(url.chars().count(), LONGEST_URL_SHOWN + 1);
        assert!(url.ends_with("é…"));
        let host = format!("https://{}.example.com/", "a".repeat(LONGEST_HOST));
        assert_eq!(request(&host).set_cookie("a=b", AT), None);
    }

    #[test]
    fn max_age_wins_over_expires() {
        let seen = request("https://www.example.com/shop/cart")
            .set_cookie("id=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Max-Age=60; Domain=.Example.COM; Secure; HttpOnly; SameSite=Lax", AT)
            .unwrap();
        assert_eq!(seen.domain, "example.com");
        assert_eq!(seen.path.as_deref(), Some("/shop"));
        assert_eq!(seen.lifetime, Lifetime::Seconds(60));
        assert_eq!(
            (seen.secure, seen.http_only, seen.same_site),
            (Some(true), Some(true), Some(SameSite::Lax))
        );
    }

    #[test]
    fn lifetimes_beyond_what_browsers_keep_are_cut_to_400_days() {
        let request = request("https://example.com/");
        for line in [
            "a=b; Max-Age=63072000",
            "a=b; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
        ] {
            assert_eq!(
                request.set_cookie(line, AT).unwrap().lifetime,
                Lifetime::Seconds(400 * 86_400),
                "{line}"
            );
        }
    }

    #[test]
    fn expires_counts_from_the_request() {
        let seen = request("https://example.com/")
            .set_cookie("a=b; Expires=Tue, 13 Jan 1970 13:46:40 GMT", AT)
            .unwrap();
        assert_eq!(seen.lifetime, Lifetime::Seconds(86_400));
        let unknown_start = Request::new(Some("https://example.com/"), None);
        assert_eq!(
            unknown_start
                .set_cookie("a=b; Expires=Tue, 13 Jan 1970 13:46:40 GMT", AT)
                .unwrap()
                .lifetime,
            Lifetime::Unknown
        );
    }

    #[test]
    fn broken_lines_store_what_a_browser_would() {
        let request = request("https://example.com/");
        for ignored in [
            "novalue",
            "=value",
            "",
            ";",
            "a=b; Domain=other.org",
            "a=b; Max-Age=0",
            "a=b; Max-Age=-5",
        ] {
            assert_eq!(request.set_cookie(ignored, AT), None, "{ignored}");
        }
        let kept = request.set_cookie("a=b; Max-Age=soon; SameSite=Sometimes; Expires=never; Path=relative; ; =; Secure=no", AT).unwrap();
        assert_eq!(kept.lifetime, Lifetime::Session);
        assert_eq!(kept.path.as_deref(), Some("/"));
        assert_eq!((kept.same_site, kept.secure), (None, Some(true)));
        assert_eq!(
            request
                .set_cookie("a=b; Max-Age=99999999999999999999", AT)
                .unwrap()
                .lifetime,
            Lifetime::Seconds(LONGEST_LIFETIME_SECONDS)
        );
    }
}
