//! The charters the bundled declarations transcribe, held against the page
//! cookielint renders from them: for each seed, the French page has the
//! seed's sections in the seed's order, and every row of the seed's tables
//! (provider, service, cookie name, purpose) in the table of its category,
//! in the seed's order.
//!
//! The seeds' own text, as published, is in `tests/fixtures/seed-charters/`
//! (see its README): this test reads the charters, not the declarations, so
//! it is an oracle independent of what the transcription says.

mod common;

use std::path::Path;

use common::cookielint;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A part of a charter, as both the seeds and the page have them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    WhatIsACookie,
    WhyTheSiteUsesThem,
    /// The table of one category, by the format's word for it.
    Table(&'static str),
}

/// The section a heading opens, from its words; `None` for a heading (or a
/// line) that opens none of them. The seeds and the page word their
/// headings a little differently (`Qu'est ce` / `Qu'est-ce`, `A` / `À`).
fn section_of(heading: &str) -> Option<Section> {
    let words: String = heading
        .trim_start_matches('#')
        .trim()
        .to_lowercase()
        .chars()
        .map(|character| match character {
            'à' => 'a',
            'é' | 'è' => 'e',
            '\'' | '’' | '-' => ' ',
            other => other,
        })
        .collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let tables = [
        ("cookies necessaires", "necessary"),
        ("cookies de preferences", "preferences"),
        ("cookies de mesure d audience", "statistics"),
        ("cookies statistiques", "statistics"),
        ("cookies publicitaires", "marketing"),
    ];
    if words.starts_with("qu est ce qu un cookie") {
        Some(Section::WhatIsACookie)
    } else if words.starts_with("a quoi servent les cookies") {
        Some(Section::WhyTheSiteUsesThem)
    } else {
        tables
            .iter()
            .find(|(start, _)| words.starts_with(start))
            .map(|&(_, category)| Section::Table(category))
    }
}

/// One row of a charter's table: provider, service, cookie name, purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    provider: String,
    service: String,
    name: String,
    purpose: String,
}

impl Row {
    fn of(cells: &[&str]) -> Row {
        Row {
            provider: cells[0].to_string(),
            service: cells[1].to_string(),
            name: cells[2].to_string(),
            purpose: cells[3].to_string(),
        }
    }
}

/// A charter: its sections in order, and the rows of each table.
#[derive(Debug, Default)]
struct Charter {
    sections: Vec<Section>,
    rows: Vec<(&'static str, Row)>,
}

/// The seed's sections and table rows. A table row is a line of four
/// tab-separated cells under a table's heading (the header line and the
/// Markdown rule line excepted).
fn read_seed(text: &str) -> Charter {
    let mut charter = Charter::default();
    for line in text.lines().map(str::trim) {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cells.len() == 4 {
            let Some(Section::Table(category)) = charter.sections.last().copied() else {
                panic!("a table row outside a table's section: {line}");
            };
            let header = cells[0] == "Nom du prestataire";
            let rule = cells.iter().all(|cell| cell.chars().all(|c| c == '-'));
            if !header && !rule {
                charter.rows.push((category, Row::of(&cells)));
            }
        } else if let Some(section) = section_of(line) {
            charter.sections.push(section);
        }
    }
    charter
}

/// Rows the seed's text extraction broke apart: (seed, the row, what is
/// left of it in the text). The text keeps every word of the row, but out
/// of order and across lines; the test checks that the repair says no more
/// and no less than those words.
const BROKEN_ROWS: &[(&str, [&str; 4], &str)] = &[(
    "data.occitanie.education.gouv.fr",
    [
        "Opendatasoft",
        "Choix concernant vos préférences sur les cookies",
        "cookies_preferences",
        "Se souvenir du choix opéré par le visiteur concernant les cookies",
    ],
    "Opendatasoft\n\nChoix concernant vos cookies\\_preferences  \npréférences sur les cookies\n\nSe souvenir du choix opéré  \npar le visiteur concernant  \nles cookies",
)];

fn sorted_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .replace("\\_", "_")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    words.sort();
    words
}

/// The seed's charter, with its broken rows repaired, after the repair is
/// held to the seed's words.
fn seed_charter(site: &str, text: &str) -> Charter {
    let mut charter = read_seed(text);
    for (broken_site, cells, remains) in BROKEN_ROWS {
        if *broken_site != site {
            continue;
        }
        assert!(text.contains(remains), "{site}: the broken row is gone");
        assert_eq!(sorted_words(&cells.join(" ")), sorted_words(remains));
        let Some(Section::Table(category)) = charter.sections.last().copied() else {
            panic!("{site}: the broken row is outside a table");
        };
        charter.rows.push((category, Row::of(cells)));
    }
    charter
}

/// The page's text between tags, entities decoded.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for character in html.chars() {
        match character {
            '<' => in_tag = true,
            '>' => in_tag = false,
            other if !in_tag => text.push(other),
            _ => {}
        }
    }
    text.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page's sections in order (from its `<h2>`s), and each table's rows,
/// as the cells of each `<tr>` of the section's `<tbody>`.
fn read_page(html: &str) -> Charter {
    let mut charter = Charter::default();
    for part in html.split("<h2").skip(1) {
        let heading = part.split("</h2>").next().unwrap_or_default();
        let heading = text_of(&format!("<h2{heading}"));
        let Some(section) = section_of(&heading) else {
            continue;
        };
        charter.sections.push(section);
        let Section::Table(category) = section else {
            continue;
        };
        let body = part
            .split("<tbody>")
            .nth(1)
            .and_then(|body| body.split("</tbody>").next())
            .unwrap_or_else(|| panic!("the table of {category} has no body"));
        for row in body.split("</tr>").filter(|row| row.contains("<tr")) {
            let cells: Vec<String> = row
                .split("</t")
                .filter_map(|cell| cell.rfind("<t").map(|start| &cell[start..]))
                .map(text_of)
                .collect();
            charter.rows.push((category, page_row(&cells)));
        }
    }
    charter
}

/// A page row, by its columns: provider, service and location, cookie
/// name, purpose, then duration, party and consent.
fn page_row(cells: &[String]) -> Row {
    assert_eq!(cells.len(), 7, "{cells:?}");
    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
    Row::of(&cells[..4])
}

/// `wanted` in order, each once, somewhere in `found`.
fn in_order<T: PartialEq>(wanted: &[T], found: &[T]) -> bool {
    let mut found = found.iter();
    wanted.iter().all(|item| found.any(|other| other == item))
}

#[test]
fn each_seed_has_its_sections_and_rows_in_the_french_page_in_its_order() {
    let charters = Path::new(ROOT).join("tests/fixtures/seed-charters");
    let mut sites: Vec<String> = std::fs::read_dir(&charters)
        .expect("the seed charters")
        .filter_map(|entry| {
            let name = entry.expect("an entry").file_name();
            name.to_string_lossy()
                .strip_suffix(".txt")
                .map(str::to_string)
        })
        .collect();
    sites.sort();
    assert_eq!(sites.len(), 5, "{sites:?}");
    for site in &sites {
        let text = std::fs::read_to_string(charters.join(format!("{site}.txt"))).expect("seed");
        let seed = seed_charter(site, &text);
        assert!(
            seed.sections.len() >= 3 && seed.rows.len() >= 4,
            "{site}: the seed reads as {seed:?}"
        );

        let declaration = format!("examples/seeds/{site}.cookies.yaml");
        let run = cookielint(
            Path::new(ROOT),
            &["render", &declaration, "--page", "--lang", "fr"],
        );
        assert_eq!(run.status, 0, "{site}: {}", run.stderr);
        let page = read_page(&run.stdout);

        assert!(
            in_order(&seed.sections, &page.sections),
            "{site}: the seed's sections {:?} are not in that order in the page's {:?}",
            seed.sections,
            page.sections
        );
        assert!(
            in_order(&seed.rows, &page.rows),
            "{site}: the seed's rows\n{:#?}\nare not in that order in the page's\n{:#?}",
            seed.rows,
            page.rows
        );
    }
}

#[test]
fn the_oracle_reads_sections_rows_and_finds_what_is_missing() {
    let seed = read_seed(
        "## Qu'est ce qu'un cookie ?\n\nA quoi servent les cookies sur le site\n\n\
         Cookies nécessaires au bon fonctionnement\n\n\
         Nom du prestataire\tService et emplacement\tNom du cookies\tFinalités\n\
         --\t--\t--\t--\n\
         P\tS\ta\tFirst.\nP\tS\tb\tSecond.\n",
    );
    assert_eq!(
        seed.sections,
        [
            Section::WhatIsACookie,
            Section::WhyTheSiteUsesThem,
            Section::Table("necessary")
        ]
    );
    assert_eq!(seed.rows.len(), 2);
    let row = |name: &str, purpose: &str| -> String {
        format!(
            "<tr><td>P</td><td>S</td><th scope=\"row\"><code>{name}</code></th><td>{purpose}</td>\
             <td>1 jour</td><td>interne</td><td>non</td></tr>"
        )
    };
    let page = |first: &str, second: &str| {
        read_page(&format!(
            "<h2 id=\"a\">Qu&#39;est-ce qu&#39;un cookie ?</h2><h2>À quoi servent les cookies ?</h2>\
             <h2 id=\"n\">Cookies nécessaires au site</h2><table><thead><tr><th>x</th></tr></thead>\
             <tbody>{first}{second}</tbody></table>"
        ))
    };
    let whole = page(&row("a", "First."), &row("b", "Second."));
    assert!(in_order(&seed.sections, &whole.sections));
    assert!(in_order(&seed.rows, &whole.rows));
    let swapped = page(&row("b", "Second."), &row("a", "First."));
    assert!(!in_order(&seed.rows, &swapped.rows));
    let other_purpose = page(&row("a", "First."), &row("b", "Other."));
    assert!(!in_order(&seed.rows, &other_purpose.rows));
    let reordered =
        read_page("<h2>Cookies nécessaires</h2><tbody></tbody><h2>Qu'est-ce qu'un cookie</h2>");
    assert!(!in_order(&seed.sections, &reordered.sections));
}
