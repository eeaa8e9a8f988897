//! The library's module graph, read from its source: which top-level module
//! refers to which (`use crate::…` trees, inline `crate::…` paths, `super::`
//! paths that climb out of a module), and checks that no modules depend on
//! each other in a cycle, that every dependency points down the pipeline's
//! layers, and that the library builds without clap.
//! `cargo test --test architecture -- --nocapture` prints the graph.
//!
//! A scanner, not a parser: it only has to tell paths from comments and
//! literals, so it stays small and needs no dependency. Test modules count:
//! a `#[cfg(test)]` import ties two modules as much as any other.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use toml::Value;

/// The node for the crate root (`src/lib.rs`) and the items it defines.
const ROOT: &str = "crate";

/// A token's text (an identifier, `::` or one punctuation character) and line.
type Token = (String, usize);

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_ident(token: &str) -> bool {
    token.starts_with(is_ident_char)
}

/// The identifiers, `::` and punctuation of Rust source; comments, string,
/// char and raw string literals, lifetimes and whitespace leave no token.
fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let starts = |i: usize, with: &str| with.chars().enumerate().all(|(k, c)| at(i + k) == c);
    let end_of_run = |i: usize, keep: fn(char) -> bool| (i..).find(|&k| !keep(at(k))).unwrap_or(i);
    let mut tokens = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let (start, c) = (i, chars[i]);
        if starts(i, "//") {
            i = end_of_run(i, |c| c != '\n' && c != '\0');
        } else if starts(i, "/*") {
            let mut depth = 0; // block comments nest
            while i < chars.len() && (depth > 0 || i == start) {
                let change = i32::from(starts(i, "/*")) - i32::from(starts(i, "*/"));
                depth += change;
                i += if change == 0 { 1 } else { 2 };
            }
        } else if c == '"' || (c == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'')) {
            // A string or a char ('x', '\n'); a lone ' starts a lifetime.
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if is_ident_char(c) {
            i = end_of_run(i, is_ident_char);
            let word: String = chars[start..i].iter().collect();
            let hashes = end_of_run(i, |c| c == '#') - i;
            if matches!(word.as_str(), "r" | "br" | "cr") && at(i + hashes) == '"' {
                let closing = format!("\"{}", "#".repeat(hashes));
                i = (i + hashes + 1..chars.len())
                    .find(|&k| starts(k, &closing))
                    .unwrap_or(chars.len());
                i += closing.len();
            } else {
                tokens.push((word, line));
            }
        } else {
            i += if starts(i, "::") { 2 } else { 1 };
            if !c.is_whitespace() {
                tokens.push((chars[start..i].iter().collect(), line));
            }
        }
        let consumed = &chars[start..i.min(chars.len())];
        line += consumed.iter().filter(|&&c| c == '\n').count();
    }
    tokens
}

fn text(tokens: &[Token], pos: usize) -> &str {
    tokens.get(pos).map_or("", |(text, _)| text)
}

/// A path (a token a segment) and, for a `use`, the name it binds.
type Mention = (Vec<Token>, Option<String>);

/// The leaves of the use tree at `tokens[*pos..]`, each as its full path:
/// `a::{b, c::{self as d}, e::*}` gives `a::b`, `a::c` bound to `d`, `a::e`.
fn use_tree(tokens: &[Token], pos: &mut usize, prefix: &[Token], leaves: &mut Vec<Mention>) {
    let mut path = prefix.to_vec();
    loop {
        match text(tokens, *pos) {
            "::" => *pos += 1,
            "*" => {
                *pos += 1;
                leaves.push((path, None));
                return;
            }
            "{" => {
                *pos += 1;
                while !matches!(text(tokens, *pos), "}" | "") {
                    let before = *pos;
                    use_tree(tokens, pos, &path, leaves);
                    *pos += usize::from(*pos == before); // a `,`
                }
                *pos += 1;
                return;
            }
            word if is_ident(word) && word != "as" => {
                path.push(tokens[*pos].clone());
                *pos += 1;
            }
            _ => break,
        }
    }
    if path.len() == prefix.len() {
        return;
    }
    if path.last().is_some_and(|(segment, _)| segment == "self") {
        path.pop();
    }
    let mut binding = path.last().map(|(segment, _)| segment.clone());
    if text(tokens, *pos) == "as" {
        binding = Some(text(tokens, *pos + 1).to_string());
        *pos += 2;
    }
    leaves.push((path, binding));
}

/// `path` from the crate root, led by a `crate` token, when written in the
/// module `scope`; None for paths into other crates and relative paths.
fn absolute(path: &[Token], scope: &[String]) -> Option<Vec<Token>> {
    let (first, line) = path.first()?;
    let climbs = path.iter().take_while(|(name, _)| name == "super").count();
    let (kept, rest) = match first.as_str() {
        "crate" => (0, &path[1..]),
        "self" => (scope.len(), &path[1..]),
        "super" => (scope.len().checked_sub(climbs)?, &path[climbs..]),
        _ if scope.is_empty() => (0, path), // paths start at the crate root there
        _ => return None,
    };
    let mut absolute = vec![(ROOT.to_string(), *line)];
    absolute.extend(scope[..kept].iter().map(|name| (name.clone(), *line)));
    absolute.extend_from_slice(rest);
    Some(absolute)
}

/// Every `use` leaf, and every inline path that starts with `crate`, `self`
/// or `super`, from the crate root, in a file of module path `file_scope`.
fn mentions(tokens: &[Token], file_scope: &[String]) -> Vec<Mention> {
    let (mut found, mut scope) = (Vec::new(), file_scope.to_vec());
    let mut inline_modules_opened_at = Vec::new();
    let (mut depth, mut pos) = (0_usize, 0);
    while let Some((word, _)) = tokens.get(pos) {
        pos += 1;
        let mut written = Vec::new();
        match word.as_str() {
            "use" => use_tree(tokens, &mut pos, &[], &mut written),
            "mod" if text(tokens, pos + 1) == "{" => {
                scope.push(text(tokens, pos).to_string());
                inline_modules_opened_at.push(depth);
            }
            "crate" | "self" | "super" if text(tokens, pos) == "::" => {
                let mut path = vec![tokens[pos - 1].clone()];
                while text(tokens, pos) == "::" && is_ident(text(tokens, pos + 1)) {
                    path.push(tokens[pos + 1].clone());
                    pos += 2;
                }
                written.push((path, None));
            }
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if inline_modules_opened_at.last() == Some(&depth) {
                    inline_modules_opened_at.pop();
                    scope.pop();
                }
            }
            _ => {}
        }
        for (path, binding) in written {
            found.extend(absolute(&path, &scope).map(|path| (path, binding)));
        }
    }
    found
}

/// `src/checks/when.rs` is `checks::when`, `src/checks/mod.rs` is `checks`,
/// `src/lib.rs` is the crate root.
fn module_path(file: &str) -> Vec<String> {
    let inside = file.trim_start_matches("src/").trim_end_matches(".rs");
    let mut path: Vec<String> = inside.split('/').map(str::to_string).collect();
    if path.last().is_some_and(|last| last == "mod") || path == ["lib"] {
        path.pop();
    }
    path
}

/// (from, to), each a top-level module or the crate root.
type Edge = (String, String);

/// Each edge → `file:line` of its first reference, sorted.
type Edges = BTreeMap<Edge, String>;

/// The module graph of library files given as (path from the repository, text).
/// A name the crate root binds (`pub use lint::Linter`) leads to its module.
fn module_graph(files: &[(impl AsRef<str>, impl AsRef<str>)]) -> Edges {
    let (mut scanned, mut modules) = (Vec::new(), BTreeSet::new());
    for (file, text) in files {
        let (file, text) = (file.as_ref(), text.as_ref());
        let scope = module_path(file);
        modules.extend(scope.first().cloned());
        scanned.push((file, mentions(&tokenize(text), &scope), scope));
    }
    let mut reexports = BTreeMap::new();
    for (_, found, _) in scanned.iter().filter(|(file, _, _)| *file == "src/lib.rs") {
        for (path, binding) in found {
            if let (Some((module, _)), Some(name)) = (path.get(1), binding)
                && modules.contains(module)
            {
                reexports.insert(name, module);
            }
        }
    }
    let mut edges = Edges::new();
    for (file, found, scope) in &scanned {
        let from = scope.first().map_or(ROOT, String::as_str);
        for (path, _) in found {
            let (name, line) = path.get(1).unwrap_or(&path[0]);
            let to = modules.get(name).or(reexports.get(name).copied());
            let to = to.map_or(ROOT, String::as_str);
            if to != from {
                let at = format!("{file}:{line}");
                edges.entry((from.into(), to.into())).or_insert(at);
            }
        }
    }
    edges
}

fn listing(edges: &Edges) -> String {
    edges
        .iter()
        .map(|((from, to), at)| format!("{from} -> {to} ({at})\n"))
        .collect()
}

/// The edges of a shortest path from `start` to `goal`; None if there is none.
fn shortest_path<'g>(edges: &'g Edges, start: &str, goal: &str) -> Option<Vec<&'g Edge>> {
    let mut reached_by: BTreeMap<&str, &Edge> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        if node == goal {
            let mut path = Vec::new();
            let mut at = goal;
            while let Some(&edge) = reached_by.get(at) {
                path.push(edge);
                at = &edge.0;
            }
            path.reverse();
            return Some(path);
        }
        for edge in edges.keys().filter(|(from, _)| from == node) {
            if edge.1 != start && !reached_by.contains_key(edge.1.as_str()) {
                reached_by.insert(&edge.1, edge);
                queue.push_back(&edge.1);
            }
        }
    }
    None
}

/// Each strongly connected component of more than one module, with cycles
/// through it that together use every edge inside it: each is the shortest
/// way back along one edge not yet shown. None when the graph has no cycle.
fn cycle_report(edges: &Edges) -> Option<String> {
    let reaches = |from: &str, to: &str| shortest_path(edges, from, to).is_some();
    let mut components: BTreeMap<Vec<&str>, Vec<String>> = BTreeMap::new();
    let mut shown = BTreeSet::new();
    for edge @ (from, to) in edges.keys() {
        if shown.contains(edge) {
            continue;
        }
        let Some(back) = shortest_path(edges, to, from) else {
            continue;
        };
        let mut cycle = from.clone();
        for step in [edge].into_iter().chain(back) {
            cycle += &format!(" -> {} ({})", step.1, edges[step]);
            shown.insert(step);
        }
        let mut members: Vec<&str> = edges.keys().map(|(node, _)| node.as_str()).collect();
        members.retain(|node| reaches(from, node) && reaches(node, from));
        members.dedup();
        components.entry(members).or_default().push(cycle);
    }
    let mut report = String::from("the library's modules depend on each other in cycles:\n");
    for (members, cycles) in &components {
        let cycles = cycles.join("\n    ");
        report += &format!("  {{{}}}\n    {cycles}\n", members.join(", "));
    }
    report += "Every dependency must point one way: move the shared item down into a module both can depend on.";
    (!components.is_empty()).then_some(report)
}

/// What keeps the library from building without clap: the clap crates must
/// be optional dependencies that a feature enables, and no library file may
/// name them in code (comments may).
fn clap_problems(manifest: &str, files: &[(impl AsRef<str>, impl AsRef<str>)]) -> Vec<String> {
    let manifest: toml::Table = manifest.parse().unwrap();
    let table = |name| manifest.get(name).and_then(Value::as_table).cloned();
    let (dependencies, features) = (table("dependencies"), table("features"));
    let (dependencies, features) = (
        dependencies.unwrap_or_default(),
        features.unwrap_or_default(),
    );
    let lists = features.values().filter_map(Value::as_array).flatten();
    // `dep:clap`, `clap` and `clap/derive` enable clap; `clap?/derive` does not.
    let enablers = lists.filter_map(Value::as_str);
    let enabled: BTreeSet<&str> = enablers
        .filter_map(|enabler| enabler.trim_start_matches("dep:").split('/').next())
        .collect();
    let mut problems = Vec::new();
    for dependency in ["clap", "clap_complete"] {
        let spec = dependencies.get(dependency);
        if spec.and_then(|spec| spec.get("optional")) != Some(&Value::Boolean(true)) {
            problems.push(format!("Cargo.toml: {dependency} is not `optional = true`"));
        }
        if !enabled.contains(dependency) {
            problems.push(format!("Cargo.toml: no feature enables {dependency}"));
        }
    }
    for (file, text) in files {
        for (name, line) in tokenize(text.as_ref()) {
            if name == "clap" || name == "clap_complete" {
                problems.push(format!(
                    "{}:{line}: the library names {name}",
                    file.as_ref()
                ));
            }
        }
    }
    problems
}

/// The library's files (src/ but the binaries), sorted, as (path from the
/// repository, text).
fn library_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut files, mut directories) = (Vec::new(), vec![root.join("src")]);
    while let Some(directory) = directories.pop() {
        for entry in std::fs::read_dir(&directory).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_string_lossy();
            let relative = relative.replace('\\', "/");
            if path.is_dir() && relative != "src/bin" {
                directories.push(path);
            } else if relative.ends_with(".rs") && relative != "src/main.rs" {
                files.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
#[allow(clippy::print_stdout, reason = "the listing is this test's output")]
fn prints_the_module_graph() {
    let edges = module_graph(&library_files());
    assert!(!edges.is_empty(), "the scanner found no edge");
    print!("{}", listing(&edges));
}

#[test]
fn modules_do_not_depend_on_each_other_in_a_cycle() {
    if let Some(report) = cycle_report(&module_graph(&library_files())) {
        panic!("{report}");
    }
}

/// The library's modules from the bottom of the pipeline up: a module may
/// use only modules on earlier lines. A new module is placed here, which is
/// where a reader learns what it stands on.
const LAYERS: &[&[&str]] = &[
    &["error", "read", "rule_id", "source"],
    &["yaml", "finding", "discover"],
    &["suggest"],
    &["model"],
    &["capture", "knowledge"],
    &["limits", "schema"],
    &["audit"],
    &["import"],
    &["checks"],
    &["ruleset"],
    &["suppress", "config"],
    &["lint"],
    &["output", "render"],
    // A banner names its categories as the charter does.
    &["export"],
    &["scan"],
    &["session"],
];

/// Each edge that does not point down [`LAYERS`], and each module it does
/// not place.
fn layer_problems(edges: &Edges, modules: &BTreeSet<String>) -> Vec<String> {
    let layer = |module: &str| LAYERS.iter().position(|layer| layer.contains(&module));
    let mut problems: Vec<String> = modules
        .iter()
        .filter(|module| layer(module).is_none())
        .map(|module| format!("`{module}` has no place in LAYERS (tests/architecture.rs): put it above what it uses"))
        .collect();
    for ((from, to), at) in edges {
        if let (Some(from_layer), Some(to_layer)) = (layer(from), layer(to))
            && to_layer >= from_layer
        {
            problems.push(format!(
                "{from} -> {to} ({at}) points up or sideways: `{to}` is not below `{from}` in LAYERS"
            ));
        }
    }
    problems
}

#[test]
fn dependencies_point_down_the_pipeline() {
    let files = library_files();
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|(file, _)| module_path(file).first().cloned())
        .collect();
    let problems = layer_problems(&module_graph(&files), &modules);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_library_builds_without_clap() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let manifest = std::fs::read_to_string(manifest).unwrap();
    let problems = clap_problems(&manifest, &library_files());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The module graph of `files`, as printed, in a crate that also has the
/// empty top-level modules `a` to `i`.
fn listed(files: &[(&str, &str)]) -> String {
    let others: Vec<String> = ('a'..='i').map(|name| format!("src/{name}.rs")).collect();
    let mut all = files.to_vec();
    all.extend(others.iter().map(|path| (path.as_str(), "")));
    listing(&module_graph(&all))
}

#[test]
fn use_trees_nest_rename_glob_and_span_lines() {
    let m = "use crate::{a::{self, X}, b::{c::Y as Z, *}};\nuse crate::d\n  ::E;\nuse std::fmt;";
    let expected = "m -> a (src/m.rs:1)\nm -> b (src/m.rs:1)\nm -> d (src/m.rs:2)\n";
    assert_eq!(listed(&[("src/m.rs", m)]), expected);
}

#[test]
fn inline_paths_count_and_visibility_does_not() {
    let m = "pub(crate) fn f() -> crate::a::T {\n    crate::b::g::<u8>()\n}\npub(in crate::m) struct S;";
    let expected = "m -> a (src/m.rs:1)\nm -> b (src/m.rs:2)\n";
    assert_eq!(listed(&[("src/m.rs", m)]), expected);
}

#[test]
fn comments_strings_and_chars_are_not_paths() {
    let m = r#"// crate::a
/* crate::b /* nested */ crate::c */
/// crate::d
fn f<'a>(s: &'a str) { ("crate::e \" crate::f", '"', b'\'', b"crate::g"); }
fn g() { crate::h::i(); }"#;
    assert_eq!(listed(&[("src/m.rs", m)]), "m -> h (src/m.rs:5)\n");
}

#[test]
fn raw_strings_are_not_paths() {
    let m = r###"const A: &str = r#"crate::a "quoted" "#;
const B: &[u8] = br"crate::b";
const C: &str = r##"x"#crate::c"##;
fn f() { let r#type = crate::d::e(); }"###;
    assert_eq!(listed(&[("src/m.rs", m)]), "m -> d (src/m.rs:4)\n");
}

#[test]
fn names_bound_by_lib_rs_resolve_to_their_module() {
    let lib = "pub use a::{Thing, Other as Renamed};\npub use self::b::Error;\nuse std::fmt;";
    let m = "use crate::Thing;\nfn f() -> crate::Renamed {}\nfn g() -> crate::Error {}\nfn h() { crate::helper() }";
    let expected = "crate -> a (src/lib.rs:1)\ncrate -> b (src/lib.rs:2)\n\
                    m -> a (src/m.rs:1)\nm -> b (src/m.rs:3)\nm -> crate (src/m.rs:4)\n";
    assert_eq!(listed(&[("src/lib.rs", lib), ("src/m.rs", m)]), expected);
}

#[test]
fn super_paths_count_only_when_they_climb_out_of_the_top_level_module() {
    let m_x = "use super::Hit;\nuse super::super::b::Z;";
    let n =
        "mod tests {\n    use super::*;\n    fn t() { super::super::d::f(); }\n}\nuse super::e::g;";
    let expected = "m -> b (src/m/x.rs:2)\nn -> d (src/n.rs:3)\nn -> e (src/n.rs:5)\n";
    assert_eq!(listed(&[("src/m/x.rs", m_x), ("src/n.rs", n)]), expected);
}

/// "a>b c>d": a graph of two edges, each first seen on line 1 of its source.
fn graph(list: &str) -> Edges {
    let edge = |(from, to): (&str, &str)| ((from.into(), to.into()), format!("src/{from}.rs:1"));
    let pairs = list.split(' ').filter_map(|pair| pair.split_once('>'));
    pairs.map(edge).collect()
}

#[test]
fn cycle_report_names_each_cycle_with_its_edges() {
    let report = cycle_report(&graph("a>b b>c c>a c>d e>f f>e"));
    let expected = "the library's modules depend on each other in cycles:\n  {a, b, c}\n    \
                    a -> b (src/a.rs:1) -> c (src/b.rs:1) -> a (src/c.rs:1)\n  {e, f}\n    \
                    e -> f (src/e.rs:1) -> e (src/f.rs:1)\nEvery dependency must point one way: \
                    move the shared item down into a module both can depend on.";
    assert_eq!(report.as_deref(), Some(expected));
    assert_eq!(cycle_report(&graph("a>b b>c a>c")), None);
}

#[test]
fn clap_check_accepts_an_optional_clap_behind_a_feature() {
    let manifest = r#"features = { cli = ["dep:clap", "clap_complete/unstable"] }
dependencies = { clap = { version = "4", optional = true }, clap_complete = { version = "4", optional = true } }"#;
    let library = [(
        "src/lib.rs",
        "//! The CLI (clap) is in src/bin.\npub mod lint;",
    )];
    assert_eq!(clap_problems(manifest, &library), Vec::<String>::new());
    let today =
        r#"dependencies = { clap = "4", clap_complete = { version = "4", optional = true } }"#;
    let library = [("src/output.rs", "#[derive(clap::ValueEnum)]\nenum F {}")];
    let expected = [
        "Cargo.toml: clap is not `optional = true`",
        "Cargo.toml: no feature enables clap",
        "Cargo.toml: no feature enables clap_complete",
        "src/output.rs:1: the library names clap",
    ];
    assert_eq!(clap_problems(today, &library), expected);
}

#[test]
fn layer_problems_name_upward_edges_and_unplaced_modules() {
    let modules: BTreeSet<String> = ["source", "yaml", "novel"].map(String::from).into();
    let problems = layer_problems(&graph("yaml>source source>yaml"), &modules);
    assert_eq!(
        problems,
        [
            "`novel` has no place in LAYERS (tests/architecture.rs): put it above what it uses",
            "source -> yaml (src/source.rs:1) points up or sideways: `yaml` is not below `source` in LAYERS",
        ]
    );
}
