//! `cookielint render`: the public cookie charter, built from the declaration.
//!
//! One section per category present, in a fixed order, each with a heading, a
//! sentence on consent and a table; words in French or English. The output
//! depends on nothing but the declaration and the options, so it is
//! byte-identical on every machine and run, which `render --check` relies on.

use std::fmt::Write as _;

use crate::model::{
    Category, Consent, Declaration, Duration, DurationWords, ENGLISH_DURATIONS, Field, Party,
    is_email_address, is_http_url, is_site_reference, text_in,
};
use crate::source::escape_controls;
use crate::yaml::Node;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderFormat {
    Markdown,
    Html,
}

impl RenderFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [RenderFormat; 2] = [RenderFormat::Markdown, RenderFormat::Html];

    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            RenderFormat::Markdown => "markdown",
            RenderFormat::Html => "html",
        }
    }
}

/// The words of the charter in one language.
struct Words {
    headings: [&'static str; 4],
    /// Whether and why consent is asked, per category.
    sentences: [&'static str; 4],
    columns: [&'static str; 7],
    first_party: &'static str,
    third_party: &'static str,
    /// Whether consent is asked: the last column's two answers.
    consent_asked: &'static str,
    consent_not_asked: &'static str,
    durations: DurationWords,
    page: PageWords,
}

/// The sentences of the whole page that depend on the declaration, and the
/// shipped pages themselves. `[…]` marks a link's text; `{…}` a value.
struct PageWords {
    /// The shipped pages, in HTML and in Markdown.
    html: Template<'static>,
    markdown: Template<'static>,
    title: &'static str,
    site_named: &'static str,
    site_unnamed: &'static str,
    contact_email: &'static str,
    contact_page: &'static str,
    banner: &'static str,
    /// Changing one's mind; `[…]` links to `site.consent_manager` when given.
    withdraw: &'static str,
    kept: &'static str,
    kept_for: &'static str,
    kept_for_the_session: &'static str,
    nothing_asked: &'static str,
    /// What the site's cookies are for: `{uses}` is the list of what each
    /// category is for, with its number of cookies.
    uses: &'static str,
    uses_nothing: &'static str,
    /// What each category is for, in the format's order.
    used_for: [&'static str; 4],
    /// One cookie, several cookies.
    cookie_counts: (&'static str, &'static str),
}

/// Each category's heading, in the format's order: the charter's table
/// headings, which the exported banners take as their category titles so
/// that a visitor reads the same name in both.
pub const FRENCH_HEADINGS: [&str; 4] = [
    "Cookies nécessaires au bon fonctionnement du site",
    "Cookies de préférences",
    "Cookies de mesure d'audience",
    "Cookies publicitaires",
];

/// [`FRENCH_HEADINGS`] in English.
pub const ENGLISH_HEADINGS: [&str; 4] = [
    "Cookies necessary for the site to work",
    "Preference cookies",
    "Audience measurement cookies",
    "Advertising cookies",
];

const FRENCH: Words = Words {
    headings: FRENCH_HEADINGS,
    sentences: [
        "Ces cookies sont indispensables au fonctionnement du site : ils ne requièrent pas votre consentement.",
        "Ces cookies mémorisent des choix qui ne sont pas indispensables au site : ils ne sont déposés qu'avec votre consentement.",
        "Ces cookies mesurent l'audience du site. Lorsque les statistiques sont anonymes, votre consentement n'est pas nécessaire ; sinon, ils ne sont déposés qu'avec votre consentement.",
        "Ces cookies servent à la publicité et au suivi de votre navigation : ils ne sont déposés qu'avec votre consentement.",
    ],
    columns: [
        "Nom du prestataire",
        "Service et emplacement",
        "Nom du cookie",
        "Finalités",
        "Durée de conservation",
        "Origine",
        "Consentement demandé",
    ],
    first_party: "interne",
    third_party: "tiers",
    consent_asked: "oui",
    consent_not_asked: "non",
    durations: DurationWords {
        session: "durée de la session",
        units: [
            ("an", "ans"),
            ("mois", "mois"),
            ("semaine", "semaines"),
            ("jour", "jours"),
            ("heure", "heures"),
            ("minute", "minutes"),
            ("seconde", "secondes"),
        ],
        and: "et",
    },
    page: PageWords {
        html: Template {
            shown: "templates/charter.fr.html",
            text: include_str!("../templates/charter.fr.html"),
        },
        markdown: Template {
            shown: "templates/charter.fr.md",
            text: include_str!("../templates/charter.fr.md"),
        },
        title: "Charte cookies",
        site_named: "le site {site}",
        site_unnamed: "ce site",
        contact_email: "Pour toute question sur ces cookies ou sur vos données personnelles, écrivez à {contact}.",
        contact_page: "Pour toute question sur ces cookies ou sur vos données personnelles, rendez-vous sur {contact}.",
        banner: "Lors de votre première visite, un bandeau vous propose d'accepter ou de refuser les cookies soumis à votre consentement. Refuser est aussi simple qu'accepter, et le site reste utilisable dans les deux cas.",
        withdraw: "Vous pouvez changer d'avis à tout moment en rouvrant le [gestionnaire de cookies] du site : retirer votre consentement est aussi simple que de le donner. Les cookies concernés ne sont alors plus déposés.",
        kept: "Le cookie {cookie} conserve votre choix {duration} ; il vous est ensuite demandé à nouveau.",
        kept_for: "pendant {duration}",
        kept_for_the_session: "jusqu'à la fermeture de votre navigateur",
        nothing_asked: "Aucun cookie de ce site ne requiert votre consentement : le site n'a donc rien à vous demander. Vous pouvez néanmoins bloquer ou supprimer ses cookies depuis votre navigateur, comme l'explique la section suivante.",
        uses: "Les cookies déposés par {site} servent {uses}. Les tableaux ci-dessous les décrivent un par un : qui les dépose et pour quel service, à quoi ils servent, combien de temps ils sont conservés, s'ils sont internes ou tiers, et si votre consentement est demandé.",
        uses_nothing: "Aucun cookie n'est déposé par {site}.",
        used_for: [
            "au bon fonctionnement du site",
            "à mémoriser vos préférences",
            "à mesurer l'audience du site",
            "à la publicité",
        ],
        cookie_counts: ("cookie", "cookies"),
    },
};

const ENGLISH: Words = Words {
    headings: ENGLISH_HEADINGS,
    sentences: [
        "These cookies are essential for the site to work: they do not require your consent.",
        "These cookies remember choices the site does not need: they are set only with your consent.",
        "These cookies measure the site's audience. When the statistics are anonymous, your consent is not needed; otherwise they are set only with your consent.",
        "These cookies serve advertising and follow your browsing: they are set only with your consent.",
    ],
    columns: [
        "Provider",
        "Service and location",
        "Cookie name",
        "Purpose",
        "Duration",
        "Party",
        "Consent asked",
    ],
    first_party: "first-party",
    third_party: "third-party",
    consent_asked: "yes",
    consent_not_asked: "no",
    durations: ENGLISH_DURATIONS,
    page: PageWords {
        html: Template {
            shown: "templates/charter.en.html",
            text: include_str!("../templates/charter.en.html"),
        },
        markdown: Template {
            shown: "templates/charter.en.md",
            text: include_str!("../templates/charter.en.md"),
        },
        title: "Cookie charter",
        site_named: "the site {site}",
        site_unnamed: "this site",
        contact_email: "For any question about these cookies or your personal data, write to {contact}.",
        contact_page: "For any question about these cookies or your personal data, go to {contact}.",
        banner: "On your first visit, a banner asks you to accept or refuse the cookies that need your consent. Refusing is as easy as accepting, and the site works either way.",
        withdraw: "You can change your mind at any time by opening the site's [cookie settings] again: withdrawing your consent is as easy as giving it. The cookies concerned are then no longer set.",
        kept: "The cookie {cookie} keeps your choice {duration}; you are then asked again.",
        kept_for: "for {duration}",
        kept_for_the_session: "until you close your browser",
        nothing_asked: "None of this site's cookies needs your consent, so the site has nothing to ask you. You can still block or delete its cookies in your browser, as the next section explains.",
        uses: "The cookies set by {site} are used {uses}. The tables below describe them one by one: who sets them and for which service, what they are for, how long they are kept, whether they are first- or third-party, and whether your consent is asked.",
        uses_nothing: "No cookie is set by {site}.",
        used_for: [
            "for the site to work",
            "to remember your preferences",
            "to measure the site's audience",
            "for advertising",
        ],
        cookie_counts: ("cookie", "cookies"),
    },
};

/// The languages the charter's own words exist in.
pub const LANGUAGES: &[&str] = &["fr", "en"];

fn words(language: &str) -> Option<&'static Words> {
    let primary = language
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match primary.as_str() {
        "fr" => Some(&FRENCH),
        "en" => Some(&ENGLISH),
        _ => None,
    }
}

/// Why a charter cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("the declaration does not provide the language `{asked}`; it provides {provided}")]
    LanguageNotDeclared { asked: String, provided: String },
    #[error(
        "cookielint cannot write a charter in `{0}` yet; it writes French (`fr`) and English (`en`)"
    )]
    NoWordsFor(String),
    #[error("the template: {0}")]
    Template(String),
    #[error(
        "the template `{0}` has no `{{{{ cookies }}}}`, so its page would have no table\n  help: Add `{{{{ cookies }}}}` where the tables go."
    )]
    TemplateWithoutCookies(String),
}

/// A page around the tables, with placeholders, and how messages name it.
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    pub shown: &'a str,
    pub text: &'a str,
}

/// One row of a table: the texts as they are shown, before escaping.
struct Row {
    provider: String,
    service: String,
    name: String,
    purpose: String,
    duration: String,
    party: String,
    consent: String,
}

/// A text as a charter shows it: on one line (a purpose's line breaks are
/// wrapping, not meaning), control characters written out.
fn shown(text: &str) -> String {
    escape_controls(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// The rows of each category, in the format's order, and what the page
/// says around them.
struct Charter {
    sections: Vec<(Category, Vec<Row>)>,
    site_name: String,
    /// The three addresses, each empty unless a link may point at it
    /// ([`link_target`]).
    site_url: String,
    contact: String,
    consent_manager: String,
    asks_consent: bool,
    /// The cookie that keeps the consent choice longest, and how long.
    consent_record: Option<(String, Duration)>,
}

/// The languages a declaration gives its texts in: `site.languages`, else
/// the configured ones, else the format's default, as `check` judges them.
fn provided_languages(root: &Node, configured: &[String]) -> Vec<String> {
    let languages = crate::model::site_languages(root);
    if !languages.is_empty() {
        languages
    } else if !configured.is_empty() {
        configured.to_vec()
    } else {
        vec![crate::model::DEFAULT_LANGUAGE.to_string()]
    }
}

fn charter(declaration: &Declaration<'_>, language: &str, first: &str, words: &Words) -> Charter {
    let text = |field: Field<'_, &str>| shown(field.value().unwrap_or_default());
    let sections = Category::ALL
        .iter()
        .filter_map(|category| {
            let rows: Vec<Row> = declaration
                .cookies
                .iter()
                .filter(|cookie| cookie.category.value() == Some(*category))
                .map(|cookie| Row {
                    provider: text(cookie.provider),
                    service: service_and_location(
                        text_in(cookie.service, language, first),
                        cookie.domain.value(),
                    ),
                    name: text(cookie.name),
                    purpose: shown(text_in(cookie.purpose, language, first).unwrap_or_default()),
                    duration: match cookie.duration {
                        Field::Present(duration, _) => duration.words(&words.durations),
                        // Rendered with `schema` turned off: the value as written.
                        other => shown(other.node().and_then(Node::as_str).unwrap_or_default()),
                    },
                    party: match cookie.party.value() {
                        Some(Party::Third) => words.third_party.to_string(),
                        _ => words.first_party.to_string(),
                    },
                    consent: match cookie.consent.value() {
                        Some(Consent::Required) => words.consent_asked.to_string(),
                        Some(Consent::Exempt) => words.consent_not_asked.to_string(),
                        // Rendered with `schema` turned off: nothing to claim.
                        None => String::new(),
                    },
                })
                .collect();
            (!rows.is_empty()).then_some((*category, rows))
        })
        .collect();
    let address = |field| Some(text(field)).filter(|value| link_target(value).is_some());
    Charter {
        sections,
        site_name: text(declaration.site_name),
        site_url: address(declaration.site_url).unwrap_or_default(),
        contact: address(declaration.site_contact).unwrap_or_default(),
        consent_manager: address(declaration.site_consent_manager).unwrap_or_default(),
        asks_consent: declaration
            .cookies
            .iter()
            .any(|cookie| cookie.consent.value() == Some(Consent::Required)),
        consent_record: declaration
            .cookies
            .iter()
            .filter(|cookie| cookie.stores_consent.value() == Some(true))
            .filter_map(|cookie| Some((text(cookie.name), cookie.duration.value()?)))
            .max_by_key(|(_, duration)| *duration),
    }
}

/// The "service and location" cell: the service, and the domain that sets
/// the cookie in brackets after it; the domain alone when no service is
/// declared, so that the cell is never empty when the declaration says where.
fn service_and_location(service: Option<&str>, domain: Option<&str>) -> String {
    let service = service.map(shown).filter(|service| !service.is_empty());
    let domain = domain.map(shown).filter(|domain| !domain.is_empty());
    match (service, domain) {
        (Some(service), Some(domain)) => format!("{service} ({domain})"),
        (Some(text), None) | (None, Some(text)) => text,
        (None, None) => String::new(),
    }
}

/// `text` with each character `replacement` names replaced.
fn escape(text: &str, replacement: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match replacement(character) {
            Some(replaced) => out.push_str(replaced),
            None => out.push(character),
        }
    }
    out
}

/// Markdown text: HTML-significant characters become entities, Markdown's
/// own are escaped, and a line break cannot end a table row.
fn markdown_text(text: &str) -> String {
    escape(text, |character| {
        Some(match character {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '\n' | '\r' => " ",
            '\\' => "\\\\",
            '`' => "\\`",
            '*' => "\\*",
            '_' => "\\_",
            '[' => "\\[",
            ']' => "\\]",
            '|' => "\\|",
            '#' => "\\#",
            '~' => "\\~",
            _ => return None,
        })
    })
}

fn html_text(text: &str) -> String {
    escape(text, |character| {
        Some(match character {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => return None,
        })
    })
}

/// Where a link to an address of the declaration points, if anywhere: an
/// absolute http(s) URL, an email address (`mailto:`) or a reference on the
/// site (`#…`, `/…`). Every link the page writes, and every address a
/// template may put in an `href` (`{{ site.url }}`), goes through here:
/// anything else (`javascript:`, `data:`, which only a run with `schema`
/// turned off lets through) is no link. Percent-encoded beyond the
/// characters a URL keeps as they are: a Markdown destination cannot be
/// ended early by `)` or `>`, and an HTML `href` holds a valid URL whatever
/// the declaration wrote.
fn link_target(address: &str) -> Option<String> {
    let target = if is_http_url(address) || is_site_reference(address) {
        address.to_string()
    } else if is_email_address(address) {
        format!("mailto:{address}")
    } else {
        return None;
    };
    let mut out = String::with_capacity(target.len());
    for character in target.chars() {
        if character.is_ascii_alphanumeric() || "-._~:/?#@!$&'*+,;=%".contains(character) {
            out.push(character);
        } else {
            let mut bytes = [0; 4];
            for byte in character.encode_utf8(&mut bytes).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    Some(out)
}

impl RenderFormat {
    /// A text from the declaration or the charter's words, escaped.
    fn text(self, text: &str) -> String {
        match self {
            RenderFormat::Markdown => markdown_text(text),
            RenderFormat::Html => html_text(text),
        }
    }

    /// A link to `address` around `text`, already in this format; `text`
    /// alone when a link may not point at `address`.
    fn link(self, text: &str, address: &str) -> String {
        match (link_target(address), self) {
            (None, _) => text.to_string(),
            (Some(target), RenderFormat::Markdown) => format!("[{text}]({target})"),
            (Some(target), RenderFormat::Html) => {
                format!("<a href=\"{}\">{text}</a>", html_text(&target))
            }
        }
    }

    /// A cookie's name in a sentence: in Markdown escaped as the tables
    /// show it (a code span would show `&lt;` as it is, and must not hold
    /// raw `<`), in HTML as code.
    fn cookie_name(self, name: &str) -> String {
        match self {
            RenderFormat::Markdown => markdown_text(name),
            RenderFormat::Html => format!("<code>{}</code>", html_text(name)),
        }
    }

    /// Paragraphs, already in this format, as one block.
    fn paragraphs(self, paragraphs: &[String]) -> String {
        match self {
            RenderFormat::Markdown => paragraphs.join("\n\n"),
            RenderFormat::Html => paragraphs
                .iter()
                .map(|paragraph| format!("<p>{paragraph}</p>"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// One of the page's sentences in `format`: its words escaped, the text in
/// `[…]` a link to `link` (plain text without one), each `{name}` replaced
/// by its value, which is already in the format.
fn sentence(
    words: &str,
    format: RenderFormat,
    link: Option<&str>,
    values: &[(&str, &str)],
) -> String {
    let linked = match (words.split_once('['), link) {
        (Some((before, rest)), link) => {
            let (inside, after) = rest.split_once(']').unwrap_or((rest, ""));
            let inside = format.text(inside);
            let inside = match link {
                Some(target) => format.link(&inside, target),
                None => inside,
            };
            format!("{}{inside}{}", format.text(before), format.text(after))
        }
        (None, _) => format.text(words),
    };
    // One pass, so that a value holding `{…}` is never replaced in turn.
    let mut out = String::with_capacity(linked.len());
    let mut rest = linked.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let (_, value) = values.iter().find(|(name, _)| *name == &after[..close])?;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The page's sentences that depend on the declaration, as placeholders
/// (`charter.…`) fill them in.
fn page_sentences(
    charter: &Charter,
    words: &Words,
    format: RenderFormat,
) -> [(&'static str, String); 5] {
    let page = &words.page;
    let title = match charter.site_name.as_str() {
        "" => page.title.to_string(),
        name => format!("{} · {name}", page.title),
    };
    let site = match (charter.site_name.as_str(), charter.site_url.as_str()) {
        ("", "") => format.text(page.site_unnamed),
        (name, url) => {
            let shown = format.text(if name.is_empty() { url } else { name });
            let site = format.link(&shown, url);
            sentence(page.site_named, format, None, &[("site", &site)])
        }
    };
    let contact = match charter.contact.as_str() {
        "" => String::new(),
        address if is_email_address(address) => {
            let link = format.link(&format.text(address), address);
            format.paragraphs(&[sentence(
                page.contact_email,
                format,
                None,
                &[("contact", &link)],
            )])
        }
        address => {
            let link = format.link(&format.text(address), address);
            format.paragraphs(&[sentence(
                page.contact_page,
                format,
                None,
                &[("contact", &link)],
            )])
        }
    };
    let consent = if charter.asks_consent {
        let manager = Some(charter.consent_manager.as_str()).filter(|link| !link.is_empty());
        let mut paragraphs = vec![
            sentence(page.banner, format, None, &[]),
            sentence(page.withdraw, format, manager, &[]),
        ];
        if let Some((name, duration)) = &charter.consent_record {
            let how_long = if duration.is_session() {
                sentence(page.kept_for_the_session, format, None, &[])
            } else {
                let length = format.text(&duration.words(&words.durations));
                sentence(page.kept_for, format, None, &[("duration", &length)])
            };
            paragraphs.push(sentence(
                page.kept,
                format,
                None,
                &[
                    ("duration", &how_long),
                    ("cookie", &format.cookie_name(name)),
                ],
            ));
        }
        format.paragraphs(&paragraphs)
    } else {
        format.paragraphs(&[sentence(page.nothing_asked, format, None, &[])])
    };
    let uses = format.paragraphs(&[uses_sentence(charter, words, format, &site)]);
    [
        ("charter.title", format.text(&title)),
        ("charter.site", site),
        ("charter.contact", contact),
        ("charter.consent", consent),
        ("charter.uses", uses),
    ]
}

/// What the site's cookies are for, category by category, each with its
/// number of cookies: "au bon fonctionnement du site (3 cookies) et à la
/// publicité (1 cookie)".
fn uses_sentence(charter: &Charter, words: &Words, format: RenderFormat, site: &str) -> String {
    let page = &words.page;
    let uses: Vec<String> = charter
        .sections
        .iter()
        .map(|(category, rows)| {
            let (one, several) = page.cookie_counts;
            let unit = if rows.len() == 1 { one } else { several };
            format!(
                "{} ({} {unit})",
                page.used_for[category.index()],
                rows.len()
            )
        })
        .collect();
    let uses = match uses.as_slice() {
        [] => return sentence(page.uses_nothing, format, None, &[("site", site)]),
        [only] => only.clone(),
        [first @ .., last] => format!("{} {} {last}", first.join(", "), words.durations.and),
    };
    sentence(
        page.uses,
        format,
        None,
        &[("site", site), ("uses", &format.text(&uses))],
    )
}

fn cells(row: &Row) -> [&str; 7] {
    [
        &row.provider,
        &row.service,
        &row.name,
        &row.purpose,
        &row.duration,
        &row.party,
        &row.consent,
    ]
}

fn markdown(charter: &Charter, words: &Words) -> String {
    let mut out = String::new();
    for (index, (category, rows)) in charter.sections.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "## {}\n\n{}\n",
            words.headings[category.index()],
            words.sentences[category.index()]
        );
        let _ = writeln!(out, "| {} |", words.columns.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(words.columns.len()));
        for row in rows {
            let texts: Vec<String> = cells(row).iter().map(|cell| markdown_text(cell)).collect();
            let _ = writeln!(out, "| {} |", texts.join(" | "));
        }
    }
    out
}

fn html(charter: &Charter, words: &Words) -> String {
    let mut out = String::new();
    for (category, rows) in &charter.sections {
        let id = category.word();
        let _ = writeln!(
            out,
            "<section class=\"cookielint-category\" id=\"cookies-{id}\" aria-labelledby=\"cookies-{id}-title\">"
        );
        let _ = writeln!(
            out,
            "  <h2 id=\"cookies-{id}-title\">{}</h2>",
            html_text(words.headings[category.index()])
        );
        let _ = writeln!(
            out,
            "  <p>{}</p>",
            html_text(words.sentences[category.index()])
        );
        // The heading names the table: a caption would say it a second time.
        let _ = writeln!(out, "  <table aria-labelledby=\"cookies-{id}-title\">");
        let _ = writeln!(out, "    <thead>\n      <tr>");
        for column in words.columns {
            let _ = writeln!(out, "        <th scope=\"col\">{}</th>", html_text(column));
        }
        let _ = writeln!(out, "      </tr>\n    </thead>\n    <tbody>");
        for row in rows {
            let _ = writeln!(out, "      <tr>");
            for (column, cell) in cells(row).iter().enumerate() {
                // The cookie's name heads its row, for screen readers.
                if column == 2 {
                    let _ = writeln!(
                        out,
                        "        <th scope=\"row\"><code>{}</code></th>",
                        html_text(cell)
                    );
                } else {
                    let _ = writeln!(out, "        <td>{}</td>", html_text(cell));
                }
            }
            let _ = writeln!(out, "      </tr>");
        }
        let _ = writeln!(out, "    </tbody>\n  </table>\n</section>");
    }
    out
}

/// The placeholders a template may hold.
const PLACEHOLDERS: &[&str] = &[
    "cookies",
    "site.name",
    "site.url",
    "site.contact",
    "site.consent_manager",
    "language",
    "charter.title",
    "charter.site",
    "charter.contact",
    "charter.consent",
    "charter.uses",
];

/// A template's text with its placeholders filled from `values`; `{{{{`
/// stands for a literal `{{`. A line that holds nothing but placeholders
/// left empty goes, with the blank line after it, so that a paragraph the
/// declaration has nothing for leaves no gap. Also says whether
/// `{{ cookies }}` was filled: a page without the tables is not a charter.
fn fill(template: &str, values: &[(&str, &str)]) -> Result<(String, bool), RenderError> {
    let mut out = String::with_capacity(template.len());
    let mut has_cookies = false;
    let mut after_removed_line = false;
    for (index, line) in template.split_inclusive('\n').enumerate() {
        if after_removed_line && line.trim().is_empty() {
            after_removed_line = false;
            continue;
        }
        let filled = fill_line(line, index + 1, values)?;
        has_cookies |= filled.has_cookies;
        after_removed_line = filled.only_empty_placeholders;
        if !filled.only_empty_placeholders {
            out.push_str(&filled.text);
        }
    }
    Ok((out, has_cookies))
}

/// One line of a template, filled.
struct FilledLine {
    text: String,
    has_cookies: bool,
    /// The line held placeholders, all empty, and nothing but white space.
    only_empty_placeholders: bool,
}

fn fill_line(
    line: &str,
    number: usize,
    values: &[(&str, &str)],
) -> Result<FilledLine, RenderError> {
    let mut text = String::with_capacity(line.len());
    let mut has_cookies = false;
    let mut placeholders = 0;
    let mut written = false;
    let mut rest = line;
    while let Some(open) = rest.find("{{") {
        written |= !rest[..open].trim().is_empty();
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        if let Some(literal) = after.strip_prefix("{{") {
            text.push_str("{{");
            written = true;
            rest = literal;
            continue;
        }
        let Some(close) = after.find("}}") else {
            return Err(RenderError::Template(format!(
                "line {number}: `{{{{` is not closed by `}}}}`"
            )));
        };
        let name = after[..close].trim();
        let Some((_, value)) = values.iter().find(|(key, _)| *key == name) else {
            let hint = crate::suggest::did_you_mean(name, PLACEHOLDERS)
                .map(|known| format!("; did you mean `{{{{ {known} }}}}`?"))
                .unwrap_or_else(|| format!("; placeholders are {}", PLACEHOLDERS.join(", ")));
            return Err(RenderError::Template(format!(
                "line {number}: no placeholder is called `{name}`{hint}"
            )));
        };
        has_cookies |= name == "cookies";
        placeholders += 1;
        written |= !value.is_empty();
        text.push_str(value);
        rest = &after[close + 2..];
    }
    written |= !rest.trim().is_empty();
    text.push_str(rest);
    Ok(FilledLine {
        text,
        has_cookies,
        only_empty_placeholders: placeholders > 0 && !written,
    })
}

/// What the tables are rendered into: nothing (the tables alone), the
/// shipped page of the language, or a template (`T`: its path or its text).
#[derive(Debug, Clone, Copy)]
pub enum Layout<T> {
    Fragment,
    Page,
    Template(T),
}

/// Renders the charter of a declaration that passed `check`.
pub fn render(
    root: &Node,
    configured_languages: &[String],
    language: &str,
    format: RenderFormat,
    layout: Layout<Template<'_>>,
) -> Result<String, RenderError> {
    let provided = provided_languages(root, configured_languages);
    if !provided
        .iter()
        .any(|tag| tag.eq_ignore_ascii_case(language))
    {
        return Err(RenderError::LanguageNotDeclared {
            asked: language.to_string(),
            provided: provided
                .iter()
                .map(|tag| format!("`{tag}`"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let words = words(language).ok_or_else(|| RenderError::NoWordsFor(language.to_string()))?;
    let first = provided.first().map_or("", String::as_str);
    let declaration = Declaration::new(root, configured_languages);
    let charter = charter(&declaration, language, first, words);
    let tables = match format {
        RenderFormat::Markdown => markdown(&charter, words),
        RenderFormat::Html => html(&charter, words),
    };
    let template = match layout {
        Layout::Fragment => return Ok(tables),
        Layout::Page => match format {
            RenderFormat::Markdown => words.page.markdown,
            RenderFormat::Html => words.page.html,
        },
        Layout::Template(template) => template,
    };
    let site = [
        ("site.name", format.text(&charter.site_name)),
        ("site.url", format.text(&charter.site_url)),
        ("site.contact", format.text(&charter.contact)),
        (
            "site.consent_manager",
            format.text(&charter.consent_manager),
        ),
    ];
    let sentences = page_sentences(&charter, words, format);
    // The template's line breaks lay the page out, not the tables' last one.
    let mut values: Vec<(&str, &str)> = vec![
        ("cookies", tables.trim_end_matches('\n')),
        ("language", language),
    ];
    values.extend(
        site.iter()
            .chain(&sentences)
            .map(|(name, value)| (*name, value.as_str())),
    );
    let (page, has_cookies) = fill(template.text, &values)?;
    if has_cookies {
        Ok(page)
    } else {
        Err(RenderError::TemplateWithoutCookies(
            template.shown.to_string(),
        ))
    }
}

/// The language a charter is rendered in by default: the file's first.
pub fn default_language(root: &Node, configured: &[String]) -> String {
    provided_languages(root, configured).swap_remove(0)
}

/// A unified diff (three lines of context) between what a file holds and
/// what rendering or exporting gives now, at most [`MOST_DIFF_LINES`]
/// lines of it. Only the part between the common beginning and end is
/// compared line by line; when that part is too long to compare cheaply
/// (a file replaced wholesale), it is shown as one hunk.
pub fn short_diff(committed: &str, rendered: &str, name: &str) -> String {
    const MOST_COMPARED: usize = 5_000;
    let old: Vec<&str> = committed.lines().collect();
    let new: Vec<&str> = rendered.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let removed = &old[prefix..old.len() - suffix];
    let added = &new[prefix..new.len() - suffix];
    let mut lines = Vec::new();
    if removed.len().max(added.len()) > MOST_COMPARED {
        lines.push(format!("@@ line {} @@", prefix + 1));
        lines.extend(removed.iter().map(|line| format!("-{line}")));
        lines.extend(added.iter().map(|line| format!("+{line}")));
    } else {
        // The context lines around the changed part, so hunks at its edges
        // show them too; line numbers count from the start of the file.
        let start = prefix.saturating_sub(CONTEXT);
        let old_end = (old.len() - suffix + CONTEXT).min(old.len());
        let new_end = (new.len() - suffix + CONTEXT).min(new.len());
        let diff = similar::TextDiff::configure()
            .algorithm(similar::Algorithm::Myers)
            .diff_slices(&old[start..old_end], &new[start..new_end]);
        for group in diff.grouped_ops(CONTEXT) {
            lines.push(hunk_header(&group, start));
            for op in &group {
                for change in diff.iter_changes(op) {
                    let sign = match change.tag() {
                        similar::ChangeTag::Equal => ' ',
                        similar::ChangeTag::Delete => '-',
                        similar::ChangeTag::Insert => '+',
                    };
                    lines.push(format!("{sign}{}", change.value()));
                }
            }
        }
    }
    if lines.is_empty() {
        lines.push(
            "(the lines are the same: the files differ in line endings or the final newline)"
                .into(),
        );
    }
    let mut out = format!("--- {name} (as committed)\n+++ {name} (as rendered now)\n");
    for line in lines.iter().take(MOST_DIFF_LINES) {
        let _ = writeln!(out, "{line}");
    }
    if lines.len() > MOST_DIFF_LINES {
        let _ = writeln!(
            out,
            "... ({} more lines of diff)",
            lines.len() - MOST_DIFF_LINES
        );
    }
    out
}

/// Lines of context around each change in [`short_diff`].
const CONTEXT: usize = 3;

/// The most lines of diff [`short_diff`] shows.
pub const MOST_DIFF_LINES: usize = 60;

/// `@@ -l,n +l,n @@`, as `diff -u` numbers lines, from 1.
fn hunk_header(group: &[similar::DiffOp], offset: usize) -> String {
    let (Some(first), Some(last)) = (group.first(), group.last()) else {
        return String::from("@@ @@");
    };
    let old = first.old_range().start..last.old_range().end;
    let new = first.new_range().start..last.new_range().end;
    let range = |range: std::ops::Range<usize>| {
        let start = if range.is_empty() {
            range.start
        } else {
            range.start + 1
        };
        format!("{},{}", start + offset, range.len())
    };
    format!("@@ -{} +{} @@", range(old), range(new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_french() {
        let french = |text| {
            crate::model::Duration::parse(text)
                .unwrap()
                .words(&FRENCH.durations)
        };
        assert_eq!(french("P1Y2M3D"), "1 an, 2 mois et 3 jours");
        assert_eq!(french("session"), "durée de la session");
        assert_eq!(french("P52W"), "52 semaines");
    }

    #[test]
    fn the_service_cell_says_where_when_no_service_is_declared() {
        let cell = service_and_location;
        assert_eq!(
            cell(Some("Search"), Some(".example.com")),
            "Search (.example.com)"
        );
        assert_eq!(cell(Some("Search"), None), "Search");
        assert_eq!(cell(None, Some(".example.com")), ".example.com");
        assert_eq!(cell(Some(" "), Some("example.com")), "example.com");
        assert_eq!(cell(None, None), "");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            markdown_text("a|b <script> & *x*\nnext"),
            "a\\|b &lt;script&gt; &amp; \\*x\\* next"
        );
        assert_eq!(
            html_text("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn a_diff_shows_each_change_with_its_context_and_line_numbers() {
        let committed: String = (1..=20).map(|n| format!("line {n}\n")).collect();
        let rendered = committed
            .replace("line 2\n", "line two\n")
            .replace("line 15\n", "")
            .replace("line 19\n", "line 19\nline 19½\n");
        assert_eq!(
            short_diff(&committed, &rendered, "charter.md"),
            "--- charter.md (as committed)
+++ charter.md (as rendered now)
@@ -1,5 +1,5 @@
 line 1
-line 2
+line two
 line 3
 line 4
 line 5
@@ -12,9 +12,9 @@
 line 12
 line 13
 line 14
-line 15
 line 16
 line 17
 line 18
 line 19
+line 19½
 line 20
"
        );
    }

    #[test]
    fn a_long_diff_is_cut_and_says_how_much_is_left() {
        let committed: String = (0..100).map(|n| format!("old {n}\n")).collect();
        let rendered: String = (0..100).map(|n| format!("new {n}\n")).collect();
        let diff = short_diff(&committed, &rendered, "f");
        assert_eq!(diff.lines().count(), 2 + MOST_DIFF_LINES + 1, "{diff}");
        assert!(diff.ends_with("... (141 more lines of diff)\n"), "{diff}");
        let line_endings = short_diff("a\nb\n", "a\r\nb", "f");
        assert!(line_endings.contains("line endings"), "{line_endings}");
    }

    #[test]
    fn templates() {
        let values = [("cookies", "TABLES"), ("site.name", "Site")];
        assert_eq!(
            fill("<h1>{{ site.name }}</h1>{{cookies}}{{{{ raw", &values).unwrap(),
            ("<h1>Site</h1>TABLES{{ raw".to_string(), true)
        );
        assert_eq!(
            fill("<h1>{{ site.name }}</h1>{{{{ cookies }}", &values).unwrap(),
            ("<h1>Site</h1>{{ cookies }}".to_string(), false),
            "a literal `{{ cookies }}` is not the tables"
        );
        assert_eq!(
            fill("a\n{{ cookie }}", &values).unwrap_err().to_string(),
            "the template: line 2: no placeholder is called `cookie`; did you mean `{{ cookies }}`?"
        );
        assert!(fill("{{ cookies", &values).is_err());
    }

    #[test]
    fn a_line_of_empty_placeholders_goes_with_the_blank_line_after_it() {
        let values = [
            ("cookies", "TABLES"),
            ("charter.contact", ""),
            ("site.name", ""),
        ];
        assert_eq!(
            fill(
                "intro\n\n  {{ charter.contact }}\n\n{{ cookies }}\n",
                &values
            )
            .unwrap(),
            ("intro\n\nTABLES\n".to_string(), true)
        );
        assert_eq!(
            fill("<p>{{ site.name }}</p>\n{{ site.name }} x\n\nend", &values).unwrap(),
            ("<p></p>\n x\n\nend".to_string(), false),
            "a line with more than empty placeholders stays"
        );
    }

    #[test]
    fn sentences_link_their_bracketed_words_and_fill_their_values_once() {
        let format = RenderFormat::Html;
        assert_eq!(
            sentence(
                "Open the [settings] {site}.",
                format,
                Some("#a\"b"),
                &[("site", "{site}")]
            ),
            "Open the <a href=\"#a%22b\">settings</a> {site}."
        );
        assert_eq!(
            sentence(
                "Open the [settings] <now>.",
                RenderFormat::Markdown,
                None,
                &[]
            ),
            "Open the settings &lt;now&gt;."
        );
    }

    #[test]
    fn only_addresses_a_link_may_point_at_are_linked() {
        for (address, target) in [
            ("https://shop.example/a b", None),
            (
                "https://shop.example/é",
                Some("https://shop.example/%C3%A9"),
            ),
            ("dpo@shop.example", Some("mailto:dpo@shop.example")),
            ("/cookies#settings", Some("/cookies#settings")),
            ("#settings", Some("#settings")),
            ("//evil.example", None),
            ("javascript:alert(1)", None),
            ("JavaScript:alert(1)", None),
            ("data:text/html,x", None),
            ("", None),
        ] {
            assert_eq!(link_target(address).as_deref(), target, "{address}");
        }
        assert_eq!(
            RenderFormat::Markdown.link("home", "javascript:alert(1)"),
            "home"
        );
    }
}
