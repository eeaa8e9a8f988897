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

/// The candidate closest to `input`, when one is close enough to be a typo
/// (see [`Candidates::closest`]).
pub fn did_you_mean<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // A file repeats its misspellings entry after entry: short inputs'
    // answers are remembered, per thread, for the same candidates.
    if input.len() > MOST_REMEMBERED_INPUT_BYTES {
        return Candidates::new(candidates).closest(input);
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    candidates.hash(&mut hasher);
    let key = (hasher.finish(), input.to_string());
    let remembered = ANSWERS.with(|answers| answers.borrow().get(&key).copied());
    let found = remembered.unwrap_or_else(|| {
        let found = Candidates::new(candidates).closest_index(input);
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

/// Candidates folded once: a caller asking about many inputs (`lookup`'s
/// names against the Open Cookie Database's) folds each candidate once,
/// not once an input.
pub struct Candidates<'a> {
    names: Vec<&'a str>,
    folded: Vec<Vec<char>>,
    counts: Vec<LetterCounts>,
}

impl<'a> Candidates<'a> {
    pub fn new(names: &[&'a str]) -> Self {
        let folded: Vec<Vec<char>> = names.iter().map(|name| fold(name)).collect();
        Candidates {
            names: names.to_vec(),
            counts: folded.iter().map(|name| letter_counts(name)).collect(),
            folded,
        }
    }

    /// The candidate closest to `input`, when one is close enough to be a
    /// typo: the same but for case, `-` or `_`; the only one that `input`
    /// (three letters or more) abbreviates; or at most a third of the
    /// letters apart, counting the letters as compared (without `-` and `_`:
    /// `nope` is no typo of `__code`).
    pub fn closest(&self, input: &str) -> Option<&'a str> {
        self.closest_index(input).map(|index| self.names[index])
    }

    fn closest_index(&self, input: &str) -> Option<usize> {
        let folded = fold(input);
        if let Some(exact) = self
            .folded
            .iter()
            .position(|candidate| *candidate == folded)
        {
            return Some(exact);
        }
        if folded.len() >= 3 {
            let mut abbreviated = self
                .folded
                .iter()
                .enumerate()
                .filter(|(_, candidate)| candidate.starts_with(&folded));
            if let (Some((only, _)), None) = (abbreviated.next(), abbreviated.next()) {
                return Some(only);
            }
        }
        let length = folded.len();
        let counts = letter_counts(&folded);
        let mut rows = (Vec::new(), Vec::new());
        self.folded
            .iter()
            .zip(&self.counts)
            .enumerate()
            .filter_map(|(index, (candidate, candidate_counts))| {
                let most = MAX_DISTANCE.min(length.max(candidate.len()) / 3);
                // Each edit changes the length by one at most, and the
                // letter counts by two: candidates further apart than that
                // (most of them) cost no edit distance.
                if candidate.len().abs_diff(length) > most
                    || counts_apart(&counts, candidate_counts) > 2 * most
                {
                    return None;
                }
                let distance = edit_distance(&folded, candidate, most, &mut rows);
                (distance <= most).then_some((distance, index))
            })
            .min_by_key(|&(distance, _)| distance)
            .map(|(_, index)| index)
    }
}

/// How many letters of each of 32 groups a text holds (a count stops at
/// 255): a lower bound on edit distance cheaper than the distance.
type LetterCounts = [u8; 32];

fn letter_counts(text: &[char]) -> LetterCounts {
    let mut counts = [0u8; 32];
    for &letter in text {
        let count = &mut counts[letter as usize % 32];
        *count = count.saturating_add(1);
    }
    counts
}

/// The sum of the differences of two texts' counts: at most twice the
/// edits between them (a substitution takes one letter from a group and
/// adds one to another; an insertion or deletion changes one).
fn counts_apart(a: &LetterCounts, b: &LetterCounts) -> usize {
    a.iter()
        .zip(b)
        .map(|(a, b)| usize::from(a.abs_diff(*b)))
        .sum()
}

fn fold(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Levenshtein distance over characters, in two rows the caller lends; once
/// it is sure to exceed `most`, a number above `most`: most candidates are
/// ruled out in a few rows.
fn edit_distance(
    a: &[char],
    b: &[char],
    most: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> usize {
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
        // A row's least value never falls in the rows below it.
        if previous.iter().min().is_some_and(|&least| least > most) {
            return most + 1;
        }
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
    fn dashes_and_underscores_are_not_letters_that_count() {
        // Two edits in four letters: `__code`'s underscores made it six.
        assert_eq!(did_you_mean("nope", &["__code"]), None);
        assert_eq!(did_you_mean("nope", &["none", "__code"]), Some("none"));
        assert_eq!(did_you_mean("__cod", &["__code"]), Some("__code"));
        assert_eq!(
            did_you_mean("sesionid", &["_session_id"]),
            Some("_session_id")
        );
    }

    #[test]
    fn candidates_folded_once_answer_as_did_you_mean() {
        let candidates = Candidates::new(KEYS);
        for input in ["purpos", "sameSite", "colour", "x", "nme", "provder"] {
            assert_eq!(
                candidates.closest(input),
                did_you_mean(input, KEYS),
                "{input}"
            );
        }
    }

    #[test]
    fn distances() {
        let within = |a: &str, b: &str, most| {
            let chars = |text: &str| text.chars().collect::<Vec<_>>();
            edit_distance(&chars(a), &chars(b), most, &mut (Vec::new(), Vec::new()))
        };
        let distance = |a, b| within(a, b, usize::MAX - 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("é", "e"), 1);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(within("kitten", "sitting", 3), 3);
        assert_eq!(within("kitten", "sitting", 2), 3);
        assert_eq!(within("abcdefgh", "zyxwvuts", 1), 2);
    }

    #[test]
    fn letter_counts_never_overstate_the_distance() {
        let words = [
            "kitten", "sitting", "", "abc", "é", "e", "!!", "a!", "__code", "nope",
        ];
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let distance = edit_distance(&a, &b, usize::MAX - 1, &mut (Vec::new(), Vec::new()));
                let apart = counts_apart(&letter_counts(&a), &letter_counts(&b));
                assert!(apart <= 2 * distance, "{a:?} {b:?}");
            }
        }
    }
}
