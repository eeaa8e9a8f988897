//! "Did you mean …?" for misspelt keys, values and rule ids.

use crate::yaml::Node;

/// The keys of `known` that `mapping` lacks while it holds an unknown key
/// whose "did you mean" is that key. Each is one mistake, which the unknown
/// key's `schema` finding reports with its suggestion: nothing else may
/// report the key as missing, nor read it as absent. Linear in the mapping's
/// size: callers that ask about many keys compute this once.
pub fn misspelt_keys<'k>(mapping: &Node, known: &[&'k str]) -> Vec<&'k str> {
    let mut suggested: Vec<&'k str> = Vec::new();
    for entry in mapping.as_map().unwrap_or_default() {
        if known.contains(&entry.key.as_str()) {
            continue;
        }
        if let Some(suggestion) = did_you_mean(&entry.key, known)
            && !suggested.contains(&suggestion)
        {
            suggested.push(suggestion);
        }
    }
    suggested.retain(|key| mapping.get(key).is_none());
    suggested
}

pub fn misspelt(mapping: &Node, key: &str, known: &[&str]) -> bool {
    misspelt_keys(mapping, known).contains(&key)
}

/// The most edits a typo is.
const MAX_DISTANCE: usize = 3;

/// The candidate closest to `input`, when one is close enough to be a typo:
/// the same but for case, `-` or `_`; the only one that `input` (three
/// letters or more) abbreviates; or at most a third of its letters apart.
pub fn did_you_mean<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let folded = fold(input);
    if let Some(exact) = candidates
        .iter()
        .find(|candidate| fold(candidate) == folded)
    {
        return Some(exact);
    }
    if folded.chars().count() >= 3 {
        let mut abbreviated = candidates
            .iter()
            .filter(|candidate| fold(candidate).starts_with(&folded));
        if let (Some(only), None) = (abbreviated.next(), abbreviated.next()) {
            return Some(only);
        }
    }
    let length = folded.chars().count();
    candidates
        .iter()
        // Lengths more than 3 apart are further apart than that: a long key
        // costs no edit distance.
        .filter(|candidate| fold(candidate).chars().count().abs_diff(length) <= MAX_DISTANCE)
        .map(|candidate| (edit_distance(&folded, &fold(candidate)), *candidate))
        .filter(|(distance, candidate)| {
            let longest = length.max(candidate.chars().count());
            *distance <= MAX_DISTANCE && *distance * 3 <= longest
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["name", "provider", "purpose", "same_site", "http_only"];

    #[test]
    fn typos_find_the_key() {
        assert_eq!(did_you_mean("purpos", KEYS), Some("purpose"));
        assert_eq!(did_you_mean("provder", KEYS), Some("provider"));
        assert_eq!(did_you_mean("sameSite", KEYS), Some("same_site"));
        assert_eq!(did_you_mean("http-only", KEYS), Some("http_only"));
        assert_eq!(
            did_you_mean("None", &["strict", "lax", "none"]),
            Some("none")
        );
    }

    #[test]
    fn an_abbreviation_finds_the_only_word_it_begins() {
        let severities = &["error", "warning", "off"];
        assert_eq!(did_you_mean("warn", severities), Some("warning"));
        assert_eq!(did_you_mean("err", severities), Some("error"));
        assert_eq!(did_you_mean("stati", &["statistics", "stationery"]), None);
    }

    #[test]
    fn unrelated_words_find_nothing() {
        assert_eq!(did_you_mean("colour", KEYS), None);
        assert_eq!(did_you_mean("x", KEYS), None);
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }
}
