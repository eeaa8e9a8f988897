//! "Did you mean …?" for misspelt keys, values and rule ids.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

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

/// The most edits a typo is.
const MAX_DISTANCE: usize = 3;

/// The candidate closest to `input`, when one is close enough to be a typo:
/// the same but for case, `-` or `_`; the only one that `input` (three
/// letters or more) abbreviates; or at most a third of its letters apart.
pub fn did_you_mean<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // A file repeats its misspellings entry after entry: short inputs'
    // answers are remembered, per thread, for the same candidates.
    if input.len() > MOST_REMEMBERED_INPUT_BYTES {
        return closest(input, candidates).map(|index| candidates[index]);
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    candidates.hash(&mut hasher);
    let key = (hasher.finish(), input.to_string());
    let remembered = ANSWERS.with(|answers| answers.borrow().get(&key).copied());
    let found = remembered.unwrap_or_else(|| {
        let found = closest(input, candidates);
        ANSWERS.with(|answers| {
            let mut answers = answers.borrow_mut();
            if answers.len() >= MOST_REMEMBERED_ANSWERS {
                answers.clear();
            }
            answers.insert(key, found);
        });
        found
    });
    found.and_then(|index| candidates.get(index).copied())
}

/// Inputs longer than this are not remembered (a key may be megabytes).
const MOST_REMEMBERED_INPUT_BYTES: usize = 64;
/// Answers remembered per thread before starting afresh.
const MOST_REMEMBERED_ANSWERS: usize = 4_096;

thread_local! {
    static ANSWERS: RefCell<HashMap<(u64, String), Option<usize>>> = RefCell::new(HashMap::new());
}

/// The index of the candidate `did_you_mean` suggests.
fn closest(input: &str, candidates: &[&str]) -> Option<usize> {
    let folded = fold(input);
    let folded_candidates: Vec<(Vec<char>, usize)> = candidates
        .iter()
        .enumerate()
        .map(|(index, candidate)| (fold(candidate), index))
        .collect();
    if let Some(&(_, exact)) = folded_candidates
        .iter()
        .find(|(candidate, _)| *candidate == folded)
    {
        return Some(exact);
    }
    if folded.len() >= 3 {
        let mut abbreviated = folded_candidates
            .iter()
            .filter(|(candidate, _)| candidate.starts_with(&folded));
        if let (Some(&(_, only)), None) = (abbreviated.next(), abbreviated.next()) {
            return Some(only);
        }
    }
    let length = folded.len();
    let mut rows = (Vec::new(), Vec::new());
    folded_candidates
        .iter()
        // Lengths more than 3 apart are further apart than that: a long key
        // costs no edit distance.
        .filter(|(candidate, _)| candidate.len().abs_diff(length) <= MAX_DISTANCE)
        .map(|(candidate, index)| (edit_distance(&folded, candidate, &mut rows), *index))
        .filter(|&(distance, index)| {
            let longest = length.max(candidates[index].chars().count());
            distance <= MAX_DISTANCE && distance * 3 <= longest
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, index)| index)
}

fn fold(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Levenshtein distance over characters, in two rows the caller lends.
fn edit_distance(a: &[char], b: &[char], rows: &mut (Vec<usize>, Vec<usize>)) -> usize {
    let (previous, current) = rows;
    previous.clear();
    previous.extend(0..=b.len());
    for (i, a_char) in a.iter().enumerate() {
        current.clear();
        current.push(i + 1);
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != b_char);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        std::mem::swap(previous, current);
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
        let distance = |a: &str, b: &str| {
            let chars = |text: &str| text.chars().collect::<Vec<_>>();
            edit_distance(&chars(a), &chars(b), &mut (Vec::new(), Vec::new()))
        };
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("é", "e"), 1);
        assert_eq!(distance("abc", ""), 3);
    }
}
