//! The Open Cookie Database's CSV, read and checked. `build.rs` compiles
//! this same file to turn `data/open-cookie-database/` into the table
//! [`super`] searches, and `scripts/refresh-cookie-database.sh` runs it
//! (`--example cookie-database`) on a new CSV before it replaces the old:
//! what the build would reject, the refresh rejects first. It uses only the
//! standard library, as a build script's module must.

use std::fmt;

/// The columns a row needs, found by their header, whatever their order.
pub const COLUMNS: [&str; 10] = [
    "ID",
    "Platform",
    "Category",
    "Cookie / Data Key name",
    "Domain",
    "Description",
    "Retention period",
    "Data Controller",
    "User Privacy & GDPR Rights Portals",
    "Wildcard match",
];

/// A category as the database writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BaseCategory {
    Functional,
    Security,
    Necessary,
    Personalization,
    Analytics,
    Marketing,
}

impl BaseCategory {
    pub const ALL: [BaseCategory; 6] = [
        BaseCategory::Functional,
        BaseCategory::Security,
        BaseCategory::Necessary,
        BaseCategory::Personalization,
        BaseCategory::Analytics,
        BaseCategory::Marketing,
    ];

    /// The database's word for it.
    pub fn word(self) -> &'static str {
        match self {
            BaseCategory::Functional => "Functional",
            BaseCategory::Security => "Security",
            BaseCategory::Necessary => "Necessary",
            BaseCategory::Personalization => "Personalization",
            BaseCategory::Analytics => "Analytics",
            BaseCategory::Marketing => "Marketing",
        }
    }

    fn parse(word: &str) -> Option<BaseCategory> {
        BaseCategory::ALL
            .into_iter()
            .find(|category| category.word() == word)
    }
}

/// One cookie of the database, normalised: the name trimmed, and a name
/// ending in `*` (`SSPR_*`) made the prefix it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    /// The name is a prefix: it stands for every name that starts with it.
    pub prefix: bool,
    pub platform: String,
    pub category: BaseCategory,
    pub domain: String,
    pub description: String,
    pub retention: String,
    pub controller: String,
    pub privacy_link: String,
}

/// Why a CSV was rejected, and where: 1-based line and column (in
/// characters) of the character or field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for DatabaseError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for DatabaseError {}

/// Where a field starts in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    line: usize,
    column: usize,
}

impl Position {
    fn error(self, message: impl Into<String>) -> DatabaseError {
        DatabaseError {
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }
}

#[derive(Debug)]
struct Field {
    text: String,
    at: Position,
}

/// The rows of a database CSV, in file order, or the first mistake in it:
/// a CSV that RFC 4180 does not allow, a header without one of
/// [`COLUMNS`], a row with more or fewer fields than the header, an empty
/// name, an unknown category, or a `Wildcard match` other than 0 or 1.
/// Columns the header has beyond [`COLUMNS`] are ignored.
pub fn read(text: &str) -> Result<Vec<Row>, DatabaseError> {
    let mut records = records(text)?.into_iter();
    let Some(header) = records.next() else {
        return Err(DatabaseError {
            line: 1,
            column: 1,
            message: "the file is empty: expected a header naming the columns".to_string(),
        });
    };
    let mut indices = [0; COLUMNS.len()];
    for (index, column) in COLUMNS.iter().enumerate() {
        let mut found = header
            .iter()
            .enumerate()
            .filter(|(_, field)| field.text == *column);
        indices[index] = match (found.next(), found.next()) {
            (Some((position, _)), None) => position,
            (None, _) => {
                return Err(header[0]
                    .at
                    .error(format!("the header has no column `{column}`")));
            }
            (Some(_), Some((_, again))) => {
                return Err(again.at.error(format!("the header names `{column}` twice")));
            }
        };
    }
    let [
        _,
        platform,
        category,
        name,
        domain,
        description,
        retention,
        controller,
        privacy_link,
        wildcard,
    ] = indices;
    records
        .map(|record| {
            if record.len() != header.len() {
                return Err(record[0].at.error(format!(
                    "this row has {} fields where the header has {}",
                    record.len(),
                    header.len()
                )));
            }
            let field = |index: usize| &record[index];
            let category = BaseCategory::parse(&field(category).text).ok_or_else(|| {
                let known: Vec<&str> = BaseCategory::ALL.iter().map(|known| known.word()).collect();
                field(category).at.error(format!(
                    "unknown category `{}`: expected one of {}",
                    field(category).text,
                    known.join(", ")
                ))
            })?;
            let declared_prefix = match field(wildcard).text.as_str() {
                "0" => false,
                "1" => true,
                other => {
                    return Err(field(wildcard)
                        .at
                        .error(format!("`Wildcard match` is `{other}`: expected 0 or 1")));
                }
            };
            let trimmed = field(name).text.trim();
            let (name_text, starred) = match trimmed.strip_suffix('*') {
                Some(fixed) => (fixed, true),
                None => (trimmed, false),
            };
            if name_text.is_empty() {
                return Err(field(name).at.error("the cookie name is empty"));
            }
            Ok(Row {
                name: name_text.to_string(),
                prefix: declared_prefix || starred,
                platform: field(platform).text.trim().to_string(),
                category,
                domain: field(domain).text.trim().to_string(),
                description: field(description).text.trim().to_string(),
                retention: field(retention).text.trim().to_string(),
                controller: field(controller).text.trim().to_string(),
                privacy_link: field(privacy_link).text.trim().to_string(),
            })
        })
        .collect()
}

/// What a database holds, counted: what the refresh script prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub rows: usize,
    pub prefixes: usize,
    /// Rows per category, in [`BaseCategory::ALL`]'s order.
    pub categories: Vec<(BaseCategory, usize)>,
}

impl Summary {
    pub fn of(rows: &[Row]) -> Summary {
        Summary {
            rows: rows.len(),
            prefixes: rows.iter().filter(|row| row.prefix).count(),
            categories: BaseCategory::ALL
                .into_iter()
                .map(|category| {
                    let count = rows.iter().filter(|row| row.category == category).count();
                    (category, count)
                })
                .collect(),
        }
    }
}

/// The records of an RFC 4180 CSV: fields separated by commas, records by
/// LF or CRLF; a quoted field may hold commas, line breaks and `""` for a
/// quote. A blank last line ends the file, not a record.
fn records(text: &str) -> Result<Vec<Vec<Field>>, DatabaseError> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut chars = text.chars().peekable();
    let mut position = Position { line: 1, column: 1 };
    let advance = |position: &mut Position, c: char| {
        if c == '\n' {
            position.line += 1;
            position.column = 1;
        } else {
            position.column += 1;
        }
    };
    while chars.peek().is_some() {
        let start = position;
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            advance(&mut position, '"');
            loop {
                match chars.next() {
                    None => return Err(start.error("this quoted field is never closed")),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        position.column += 2;
                        field.push('"');
                    }
                    Some('"') => {
                        advance(&mut position, '"');
                        break;
                    }
                    Some(c) => {
                        advance(&mut position, c);
                        field.push(c);
                    }
                }
            }
            if !matches!(chars.peek(), None | Some(',' | '\n' | '\r')) {
                return Err(position.error(
                    "a closing quote must end its field: expected a comma or the end of the line",
                ));
            }
        } else {
            while let Some(&c) = chars.peek() {
                match c {
                    ',' | '\n' | '\r' => break,
                    '"' => {
                        return Err(position.error(
                            "a quote inside an unquoted field: quote the whole field and double this quote",
                        ));
                    }
                    _ => {
                        chars.next();
                        advance(&mut position, c);
                        field.push(c);
                    }
                }
            }
        }
        record.push(Field {
            text: field,
            at: start,
        });
        match chars.next() {
            Some(',') => {
                position.column += 1;
                if chars.peek().is_none() {
                    record.push(Field {
                        text: String::new(),
                        at: position,
                    });
                    records.push(std::mem::take(&mut record));
                }
            }
            Some('\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                advance(&mut position, '\n');
                records.push(std::mem::take(&mut record));
            }
            Some('\r') => {
                return Err(
                    position.error("a carriage return outside quotes not followed by a line feed")
                );
            }
            Some(_) => {
                advance(&mut position, '\n');
                records.push(std::mem::take(&mut record));
            }
            None => records.push(std::mem::take(&mut record)),
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n";

    fn texts(text: &str) -> Vec<Vec<String>> {
        records(text)
            .unwrap()
            .into_iter()
            .map(|record| record.into_iter().map(|field| field.text).collect())
            .collect()
    }

    fn error(text: &str) -> String {
        read(text).unwrap_err().to_string()
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        assert_eq!(
            texts("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,\n"),
            [vec!["a", "b, c", "say \"hi\""], vec!["two\nlines", "", ""]]
        );
        assert_eq!(texts("a,b"), [vec!["a", "b"]]);
        assert_eq!(texts("a,"), [vec!["a", ""]]);
        assert_eq!(texts(""), Vec::<Vec<String>>::new());
    }

    #[test]
    fn malformed_csv_is_located() {
        assert_eq!(
            records("a,b\nc,\"open\nstill").unwrap_err().to_string(),
            "2:3: this quoted field is never closed"
        );
        assert_eq!(
            records("a,b\nc,d\"e\n").unwrap_err().to_string(),
            "2:4: a quote inside an unquoted field: quote the whole field and double this quote"
        );
        assert_eq!(
            records("\"a\"b,c\n").unwrap_err().to_string(),
            "1:4: a closing quote must end its field: expected a comma or the end of the line"
        );
        assert_eq!(
            records("é,\"x\ny\"z\n").unwrap_err().to_string(),
            "2:3: a closing quote must end its field: expected a comma or the end of the line"
        );
    }

    #[test]
    fn columns_are_found_by_name_whatever_their_order() {
        let shuffled = "Wildcard match,Cookie / Data Key name,ID,Platform,Category,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Extra\n\
                        1,\"_ga_\",x,Google Analytics,Analytics,google.com,\"Counts, visits\",2 years,Google,https://policies.google.com/privacy,ignored\n";
        let rows = read(shuffled).unwrap();
        assert_eq!(
            rows,
            [Row {
                name: "_ga_".to_string(),
                prefix: true,
                platform: "Google Analytics".to_string(),
                category: BaseCategory::Analytics,
                domain: "google.com".to_string(),
                description: "Counts, visits".to_string(),
                retention: "2 years".to_string(),
                controller: "Google".to_string(),
                privacy_link: "https://policies.google.com/privacy".to_string(),
            }]
        );
    }

    #[test]
    fn names_are_trimmed_and_a_star_makes_a_prefix() {
        let rows = read(&format!(
            "{HEADER}a,P,Marketing,SSPR_*,,,,,,0\nb,P,Functional,\"tabbed\t\",,,,,,0\n"
        ))
        .unwrap();
        assert_eq!((rows[0].name.as_str(), rows[0].prefix), ("SSPR_", true));
        assert_eq!((rows[1].name.as_str(), rows[1].prefix), ("tabbed", false));
    }

    #[test]
    fn bad_rows_name_their_line_and_field() {
        assert_eq!(
            error("ID,Platform\n"),
            "1:1: the header has no column `Category`"
        );
        assert_eq!(
            error(&format!("{HEADER}a,P,Tracking,n,,,,,,0\n")),
            "2:5: unknown category `Tracking`: expected one of Functional, Security, Necessary, Personalization, Analytics, Marketing"
        );
        assert_eq!(
            error(&format!("{HEADER}a,P,Analytics,n,,,,,,yes\n")),
            "2:22: `Wildcard match` is `yes`: expected 0 or 1"
        );
        assert_eq!(
            error(&format!("{HEADER}a,P,Analytics,n\n")),
            "2:1: this row has 4 fields where the header has 10"
        );
        assert_eq!(
            error(&format!("{HEADER}a,P,Analytics, ,,,,,,0\n")),
            "2:15: the cookie name is empty"
        );
        assert_eq!(
            error(&HEADER.replace("Domain", "ID")),
            "1:45: the header names `ID` twice"
        );
        assert_eq!(
            error(""),
            "1:1: the file is empty: expected a header naming the columns"
        );
    }

    #[test]
    fn the_summary_counts_rows_prefixes_and_categories() {
        let rows = read(&format!(
            "{HEADER}a,P,Analytics,x,,,,,,1\nb,P,Analytics,y,,,,,,0\nc,P,Security,z,,,,,,0\n"
        ))
        .unwrap();
        let summary = Summary::of(&rows);
        assert_eq!((summary.rows, summary.prefixes), (3, 1));
        assert!(summary.categories.contains(&(BaseCategory::Analytics, 2)));
        assert!(summary.categories.contains(&(BaseCategory::Marketing, 0)));
    }
}
