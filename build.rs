//! Two things a build decides ahead of a run:
//!
//! - The built-in rule files (`rules/*.yaml`) are parsed with the same YAML
//!   layer a run uses, and each file's tree written to `OUT_DIR/<id>.tree` in
//!   the layout `src/yaml/compact.rs` reads: a run then starts from the trees
//!   instead of parsing every rule file again. A file that does not parse gets
//!   an empty tree, and a run loads it from its text, reporting its mistakes
//!   as it always has.
//! - The Open Cookie Database (`data/open-cookie-database/`) is read with
//!   `src/knowledge/database.rs` and written as `OUT_DIR/knowledge.rs`, a
//!   table sorted by name whose texts are ranges of one string,
//!   `OUT_DIR/knowledge.txt` (each distinct text once): `src/knowledge.rs`
//!   includes both, so a run parses nothing and pays nothing until it looks
//!   a cookie up. A CSV the reader rejects stops the build at its line.

use std::path::Path;

// `source` and `yaml` are the crate's own modules, compiled here as they are
// there; the build uses only part of them.
#[allow(dead_code)]
#[path = "src"]
mod parsing {
    pub mod source;
    pub mod yaml;
}
use parsing::{source, yaml};

// The refresh script's summary is not the build's concern.
#[allow(dead_code)]
#[path = "src/knowledge/database.rs"]
mod database;

#[path = "src/rule_id.rs"]
#[allow(dead_code)]
mod rule_id;

use source::SourceFile;
use yaml::compact::{BOOL, FLOAT, INT, MAP, NULL, SEQ, STRING};
use yaml::{Node, Value};

fn main() -> std::io::Result<()> {
    let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| std::io::Error::other("no OUT_DIR"))?;
    for watched in [
        "rules",
        "src/source.rs",
        "src/yaml.rs",
        "src/yaml",
        "src/rule_id.rs",
        COOKIE_DATABASE,
        "src/knowledge/database.rs",
    ] {
        println!("cargo::rerun-if-changed={watched}");
    }
    embed_builtin_rules(Path::new(&out_dir))?;
    embed_cookie_database(Path::new(&out_dir))?;
    for entry in std::fs::read_dir("rules")? {
        let path = entry?.path();
        let (Some(id), Some("yaml")) = (
            path.file_stem().and_then(|stem| stem.to_str()),
            path.extension().and_then(|extension| extension.to_str()),
        ) else {
            continue;
        };
        let bytes = std::fs::read(&path)?;
        let tree = SourceFile::decode(id, &bytes)
            .ok()
            .and_then(|source| {
                let root = yaml::parse(&source).ok()?;
                let mut out = Vec::new();
                string(source.text(), &mut out)?;
                node(&root, &mut out)?;
                Some(out)
            })
            .unwrap_or_default();
        std::fs::write(Path::new(&out_dir).join(format!("{id}.tree")), tree)?;
    }
    Ok(())
}

/// Writes the list `src/ruleset.rs` includes: each rule of
/// `rule_id::BUILTIN`, in its order, with its file's text and tree. A rule
/// file the list does not name, or a name without its file, stops the build.
fn embed_builtin_rules(out_dir: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir("rules")? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|extension| extension == "yaml")
        {
            files.push(
                path.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    let unlisted: Vec<&String> = files
        .iter()
        .filter(|id| !rule_id::BUILTIN.contains(&id.as_str()))
        .collect();
    let missing: Vec<&&str> = rule_id::BUILTIN
        .iter()
        .filter(|id| !files.iter().any(|file| file == *id))
        .collect();
    if !unlisted.is_empty() || !missing.is_empty() {
        return Err(std::io::Error::other(format!(
            "rules/ and rule_id::BUILTIN (src/rule_id.rs) disagree: files not listed {unlisted:?}, listed ids without a file {missing:?}"
        )));
    }
    // Paths relative to the crate being compiled, not the one this script
    // ran for: two checkouts sharing a target folder (CI's pre-commit test
    // builds a clone in a temporary folder) may reuse this output.
    let mut list = String::from("&[\n");
    for id in rule_id::BUILTIN {
        list.push_str(&format!(
            "    ({id:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/rules/{id}.yaml\")), include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{id}.tree\"))),\n",
        ));
    }
    list.push(']');
    std::fs::write(out_dir.join("builtin_rules.rs"), list)
}

const COOKIE_DATABASE: &str = "data/open-cookie-database/open-cookie-database.csv";

/// Writes the table `src/knowledge.rs` includes: the database's rows sorted
/// by name (rows of one name in file order), each text a range of
/// `knowledge.txt`, and the indices of the prefix rows.
fn embed_cookie_database(out_dir: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(COOKIE_DATABASE)?;
    let mut rows = database::read(&text)
        .map_err(|error| std::io::Error::other(format!("{COOKIE_DATABASE}:{error}")))?;
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let mut texts = String::new();
    let mut placed: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut place = |text: &str| -> std::io::Result<String> {
        if let Some(range) = placed.get(text) {
            return Ok(range.clone());
        }
        let start = texts.len();
        texts.push_str(text);
        let bound = |at: usize| u32::try_from(at).map_err(std::io::Error::other);
        let range = format!("Slice({}, {})", bound(start)?, bound(texts.len())?);
        placed.insert(text.to_string(), range.clone());
        Ok(range)
    };
    let mut table = format!("static ENTRIES: [Packed; {}] = [\n", rows.len());
    for row in &rows {
        table.push_str(&format!(
            "    Packed {{ name: {}, prefix: {}, platform: {}, category: BaseCategory::{:?}, domain: {}, description: {}, retention: {}, controller: {}, privacy_link: {} }},\n",
            place(&row.name)?,
            row.prefix,
            place(&row.platform)?,
            row.category,
            place(&row.domain)?,
            place(&row.description)?,
            place(&row.retention)?,
            place(&row.controller)?,
            place(&row.privacy_link)?,
        ));
    }
    let prefixes: Vec<String> = (0..rows.len())
        .filter(|&index| rows[index].prefix)
        .map(|index| index.to_string())
        .collect();
    table.push_str(&format!(
        "];\nstatic PREFIXES: [u32; {}] = [{}];\n",
        prefixes.len(),
        prefixes.join(", ")
    ));
    std::fs::write(out_dir.join("knowledge.txt"), texts)?;
    std::fs::write(out_dir.join("knowledge.rs"), table)
}

fn offset(value: usize, out: &mut Vec<u8>) -> Option<()> {
    out.extend(u32::try_from(value).ok()?.to_le_bytes());
    Some(())
}

fn string(text: &str, out: &mut Vec<u8>) -> Option<()> {
    offset(text.len(), out)?;
    out.extend(text.as_bytes());
    Some(())
}

fn node(node: &Node, out: &mut Vec<u8>) -> Option<()> {
    let tag = match node.value {
        Value::Null => NULL,
        Value::Bool(_) => BOOL,
        Value::Int(_) => INT,
        Value::Float(_) => FLOAT,
        Value::String(_) => STRING,
        Value::Seq(_) => SEQ,
        Value::Map(_) => MAP,
    };
    out.push(tag);
    offset(node.span.start, out)?;
    offset(node.span.end, out)?;
    offset(node.end, out)?;
    match &node.value {
        Value::Null => {}
        Value::Bool(flag) => out.push(u8::from(*flag)),
        Value::Int(number) => out.extend(number.to_le_bytes()),
        Value::Float(number) => out.extend(number.to_bits().to_le_bytes()),
        Value::String(text) => string(text, out)?,
        Value::Seq(items) => {
            offset(items.len(), out)?;
            for item in items {
                self::node(item, out)?;
            }
        }
        Value::Map(entries) => {
            offset(entries.len(), out)?;
            for entry in entries {
                string(&entry.key, out)?;
                offset(entry.key_span.start, out)?;
                offset(entry.key_span.end, out)?;
                self::node(&entry.value, out)?;
            }
        }
    }
    Some(())
}
