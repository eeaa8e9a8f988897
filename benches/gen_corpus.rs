//! Writes a deterministic corpus of realistic declarations for benchmarks:
//! `cargo run --release --example gen-corpus -- OUT_DIR COUNT`.
//!
//! Each file declares 20 cookies with French and English texts, drawn from
//! the kinds real charters list (sessions, CSRF, language, consent record,
//! audience measurement, advertising); one file in ten carries a mistake
//! (an exempt third-party cookie, a placeholder purpose, a bad duration).

// A command-line tool of its own: its usage and errors belong on stderr.
#![allow(clippy::print_stderr)]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// One kind of cookie a charter lists: name, provider, category, party,
/// consent, duration, French and English purposes.
struct Kind(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const KINDS: &[Kind] = &[
    Kind(
        "sessionid",
        "Opendatasoft",
        "necessary",
        "first",
        "exempt",
        "P14D",
        "Se souvenir de l'utilisateur d'une page à une autre.",
        "Remember the user from one page to the next.",
    ),
    Kind(
        "csrftoken",
        "Opendatasoft",
        "necessary",
        "first",
        "exempt",
        "P52W",
        "Protéger les formulaires contre la falsification de requêtes.",
        "Protect forms against request forgery.",
    ),
    Kind(
        "django_language",
        "Opendatasoft",
        "necessary",
        "first",
        "exempt",
        "session",
        "Se souvenir de la langue du visiteur.",
        "Remember the visitor's language.",
    ),
    Kind(
        "_pk_id.*",
        "Matomo",
        "statistics",
        "first",
        "exempt",
        "P13M",
        "Mesure d'audience anonyme.",
        "Anonymous audience measurement.",
    ),
    Kind(
        "_pk_ses.*",
        "Matomo",
        "statistics",
        "first",
        "exempt",
        "PT30M",
        "Mesure de la visite en cours.",
        "Measurement of the current visit.",
    ),
    Kind(
        "_ga",
        "Google",
        "statistics",
        "third",
        "required",
        "P13M",
        "Mesure d'audience par Google Analytics.",
        "Audience measurement by Google Analytics.",
    ),
    Kind(
        "IDE",
        "Google",
        "marketing",
        "third",
        "required",
        "P13M",
        "Publicité ciblée.",
        "Targeted advertising.",
    ),
    Kind(
        "theme",
        "Example",
        "preferences",
        "first",
        "required",
        "P6M",
        "Se souvenir du thème choisi.",
        "Remember the chosen theme.",
    ),
];

/// A small linear congruential generator: the same corpus on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % bound as u64) as usize
    }
}

fn declaration(index: usize) -> String {
    let mut random = Lcg(index as u64);
    let faulty = index.is_multiple_of(10);
    let mut text = format!(
        "# yaml-language-server: $schema=../schema/cookielint.schema.json\nversion: 1\nsite:\n  name: Portail open data n° {index}\n  url: https://data{index}.example.fr\n  languages: [fr, en]\ncookies:\n  - name: cookies_preferences\n    provider: Opendatasoft\n    service:\n      fr: Choix concernant vos préférences sur les cookies\n      en: Choice regarding your cookie preferences\n    purpose:\n      fr: Se souvenir du choix opéré par le visiteur concernant les cookies\n      en: Remember the choice the visitor made about cookies\n    category: necessary\n    party: first\n    consent: exempt\n    stores_consent: true\n    duration: P6M\n"
    );
    for slot in 1..20 {
        let Kind(name, provider, category, party, consent, duration, fr, en) =
            KINDS[random.next(KINDS.len())];
        let consent = if faulty && slot == 7 && party == "third" {
            "exempt"
        } else {
            consent
        };
        let fr = if faulty && slot == 11 { "TODO" } else { fr };
        let duration = if faulty && slot == 15 {
            "13 months"
        } else {
            duration
        };
        let anonymous = if category == "statistics" && party == "first" {
            "\n    anonymous: true"
        } else {
            ""
        };
        let _ = write!(
            text,
            "\n  - name: {name}_{slot}\n    provider: {provider}\n    service: {{ fr: Service {slot}, en: Service {slot} }}\n    purpose:\n      fr: \"{fr}\"\n      en: \"{en}\"\n    category: {category}\n    party: {party}{anonymous}\n    consent: {consent}\n    duration: {duration}\n    attributes: {{ secure: true, http_only: true, same_site: lax, path: / }}\n"
        );
    }
    text
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(out), Some(count)) = (
        args.next(),
        args.next().and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen-corpus OUT_DIR COUNT");
        return ExitCode::from(2);
    };
    let out = PathBuf::from(out);
    for index in 0..count {
        // 100 files a folder, as a monorepo of sites would hold them.
        let dir = out.join(format!("group{:04}", index / 100));
        let written = std::fs::create_dir_all(&dir).and_then(|()| {
            std::fs::write(
                dir.join(format!("site{index:06}.cookies.yaml")),
                declaration(index),
            )
        });
        if let Err(error) = written {
            eprintln!("gen-corpus: cannot write under {}: {error}", dir.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
