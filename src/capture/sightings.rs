//! One observation per cookie, however often a capture shows it.

use std::collections::HashMap;
use std::sync::Arc;

use super::set_cookie::domain_matches;
use super::{Lifetime, Observation};

type Key = (String, String, Option<Arc<str>>);

/// The observations of one capture so far, in the order first added.
#[derive(Debug, Default)]
pub struct Sightings {
    index: HashMap<Key, usize>,
    observations: Vec<Observation>,
}

impl Sightings {
    /// Adds a sighting. The same name, domain and path seen again is the
    /// same cookie: it keeps its earliest sighting's place in the file and
    /// URL, the
    /// longest lifetime, and each attribute the first sighting that knew it.
    pub fn add(&mut self, seen: Observation) {
        let key = (seen.name.clone(), seen.domain.clone(), seen.path.clone());
        let Some(&index) = self.index.get(&key) else {
            self.index.insert(key, self.observations.len());
            self.observations.push(seen);
            return;
        };
        let known = &mut self.observations[index];
        // Positions in a file follow its order: the earliest is the first.
        if seen.at < known.at {
            known.at = seen.at;
            known.url = seen.url;
        }
        if seen.lifetime.is_longer_than(known.lifetime) {
            known.lifetime = seen.lifetime;
        }
        known.secure = known.secure.or(seen.secure);
        known.http_only = known.http_only.or(seen.http_only);
        known.same_site = known.same_site.or(seen.same_site);
    }

    /// How many cookies so far.
    pub fn len(&self) -> usize {
        self.observations.len()
    }

    /// The observations. A cookie seen by name only (path unknown) is left
    /// out when a fuller sighting of the same name covers the host it was
    /// sent to: it is that cookie sent back, not another one.
    pub fn into_observations(self) -> Vec<Observation> {
        let mut full: HashMap<&str, Vec<&str>> = HashMap::new();
        for seen in self.observations.iter().filter(|seen| seen.path.is_some()) {
            full.entry(&seen.name).or_default().push(&seen.domain);
        }
        let covered: Vec<bool> = self
            .observations
            .iter()
            .map(|seen| {
                seen.path.is_none()
                    && full.get(seen.name.as_str()).is_some_and(|domains| {
                        domains
                            .iter()
                            .any(|domain| domain_matches(&seen.domain, domain))
                    })
            })
            .collect();
        self.observations
            .into_iter()
            .zip(covered)
            .filter_map(|(seen, covered)| (!covered).then_some(seen))
            .collect()
    }
}

impl Lifetime {
    /// Unknown, then a session, then ever longer persistent lifetimes.
    fn is_longer_than(self, other: Lifetime) -> bool {
        let rank = |lifetime| match lifetime {
            Lifetime::Unknown => (0, 0),
            Lifetime::Session => (1, 0),
            Lifetime::Seconds(seconds) => (2, seconds),
        };
        rank(self) > rank(other)
    }
}
