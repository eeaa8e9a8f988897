//! Times as captures write them: ISO 8601 text (HAR's `startedDateTime`,
//! a cookie's `expires` in a HAR, `capturedAt`) or Unix seconds (a jar's
//! `expires`, `capturedAt`).

use serde::de::{self, Deserialize, Deserializer, Visitor};
use time::OffsetDateTime;
use time::format_description::well_known::{Iso8601, Rfc2822, Rfc3339};

/// A time in Unix seconds, or a value that was meant to be one and is not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Instant {
    At(i64),
    Unreadable,
}

impl Instant {
    pub fn seconds(self) -> Option<i64> {
        match self {
            Instant::At(seconds) => Some(seconds),
            Instant::Unreadable => None,
        }
    }
}

/// Unix seconds from ISO 8601 text (RFC 3339 first, the common case).
pub fn parse_iso8601(text: &str) -> Option<i64> {
    OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(text, &Iso8601::DEFAULT))
        .or_else(|_| OffsetDateTime::parse(text, &Rfc2822))
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

/// Whole seconds from a float, saturating: jars write fractions, and a
/// hostile file may write 1e300.
pub fn whole_seconds(value: f64) -> i64 {
    value as i64
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InstantVisitor;
        impl Visitor<'_> for InstantVisitor {
            type Value = Instant;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a time (ISO 8601 text or Unix seconds)")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Instant, E> {
                Ok(parse_iso8601(text).map_or(Instant::Unreadable, Instant::At))
            }
            fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Instant, E> {
                Ok(Instant::At(seconds))
            }
            fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Instant, E> {
                Ok(Instant::At(i64::try_from(seconds).unwrap_or(i64::MAX)))
            }
            fn visit_f64<E: de::Error>(self, seconds: f64) -> Result<Instant, E> {
                Ok(Instant::At(whole_seconds(seconds)))
            }
        }
        deserializer.deserialize_any(InstantVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_captures_write() {
        assert_eq!(parse_iso8601("2024-05-01T10:00:00.000Z"), Some(1714557600));
        assert_eq!(
            parse_iso8601("2024-05-01T12:00:00.123+02:00"),
            Some(1714557600)
        );
        assert_eq!(parse_iso8601("2024-05-01T10:00:00Z"), Some(1714557600));
        assert_eq!(parse_iso8601("yesterday"), None);
        assert_eq!(whole_seconds(1e300), i64::MAX);
        assert_eq!(whole_seconds(f64::NAN), 0);
    }
}
