//! The load stage for one document: `index.md` (front matter and narrative), the inherited
//! `forbund.yaml`, and the document's data files, each value with its place for messages.
//!
//! Every problem is collected; loading goes on past the first one, so that `check` can print
//! them all.

mod front_matter;
mod organisation;

use std::path::Path;

pub use front_matter::{Adoption, FRONT_MATTER_KEYS, FrontMatter, Letterhead, Signatures};
pub use organisation::{BoardMember, Organisation};

use crate::diagnostics::{self, Diagnostic, Missing, Named, Position, display_path};
use crate::model::budget::Budget;
use crate::model::cashflow::CashFlow;
use crate::model::contributions::Contributions;
use crate::model::overview::Overview;
use crate::model::statement::Statement;
use crate::model::table::Table;
use crate::project::{self, DocumentRef, read_text};
use crate::yaml::{self, MapReader, Node};

/// The kind of document, which picks the layout (`typ:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// verksamhetsplan och budget
    Plan,
    /// delårsrapport
    InterimReport,
    /// årsredovisning
    AnnualReport,
    /// any other report
    Report,
}

impl Kind {
    const NAMES: [&'static str; 4] = [
        "verksamhetsplan",
        "delårsrapport",
        "årsredovisning",
        "rapport",
    ];

    fn parse(text: &str) -> Option<Kind> {
        match crate::text::fold_ascii(text.trim()).as_str() {
            "verksamhetsplan" => Some(Kind::Plan),
            "delarsrapport" => Some(Kind::InterimReport),
            "arsredovisning" => Some(Kind::AnnualReport),
            "rapport" => Some(Kind::Report),
            _ => None,
        }
    }

    /// The layout template for this kind.
    pub fn layout(self) -> &'static str {
        match self {
            Kind::Plan => "verksamhetsplan.typ",
            Kind::InterimReport => "delarsrapport.typ",
            Kind::AnnualReport => "arsredovisning.typ",
            Kind::Report => "rapport.typ",
        }
    }

    /// The name as written in front matter.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Plan => "verksamhetsplan",
            Kind::InterimReport => "delårsrapport",
            Kind::AnnualReport => "årsredovisning",
            Kind::Report => "rapport",
        }
    }
}

const DATA_KINDS: &[&str] = &[
    "budget",
    "resultaträkning",
    "balansräkning",
    "tabell",
    "sie",
    "kontoplan",
    "prognos",
    "nyckeltal",
];

/// A loaded document, ready for the template stages: typed from file to renderer.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it is.
    pub reference: DocumentRef,
    /// `content/.../index.md`, for messages.
    pub index_file: String,
    /// The checked front matter.
    pub front: FrontMatter,
    /// The narrative (Markdown with template expressions).
    pub body: String,
    /// The line of `index.md` where the narrative begins.
    pub body_first_line: usize,
    /// The organisation (`forbund.yaml`), if there is one.
    pub organisation: Option<Organisation>,
    /// The data by the name templates know it (`budget.yaml` → `budget`; an SIE file's
    /// statements as `resultatrakning` and `balansrakning`), in the order loaded.
    pub data: Vec<(String, DataFile)>,
    /// Each summary budget's medlemsbidrag per member and year, by budget name.
    pub contributions: Vec<(String, Contributions)>,
    /// The names whose values are unknown because loading them failed (already reported): a
    /// data file that gave no data, the statements an SIE file would have given, a
    /// `forbund.yaml` with errors. The narrative's expressions over them are no further errors.
    pub unknown: Vec<String>,
}

/// One data value of a document, checked.
// A document has a handful of data values: boxing the large ones would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum DataFile {
    /// `typ: budget`
    Budget(Budget),
    /// `typ: resultaträkning` or `balansräkning`, or one made from an SIE file's books.
    Statement(Statement),
    /// The kassaflödesanalys, from the books or from the year's written statements.
    CashFlow(CashFlow),
    /// `typ: tabell`, or the result month by month from the books.
    Table(Table),
    /// The flerårsöversikt of an årsredovisning, made from its books, earlier years' SIE files
    /// and `typ: nyckeltal` files.
    Overview(Overview),
    /// Any other data file (`typ: kontoplan`, `typ: prognos`), as written.
    Other(Node),
}

impl DataFile {
    /// The kind as a writer names it: `budget`, `resultaträkning`, `balansräkning`,
    /// `kassaflödesanalys`, `tabell`, or another file's `typ:` as written.
    pub fn kind(&self) -> Option<&str> {
        match self {
            DataFile::Budget(_) => Some("budget"),
            DataFile::Statement(s) => Some(s.kind.name()),
            DataFile::CashFlow(_) => Some("kassaflödesanalys"),
            DataFile::Table(_) => Some("tabell"),
            DataFile::Overview(_) => Some("flerårsöversikt"),
            DataFile::Other(node) => match &node.value {
                crate::yaml::Value::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| k.name == "typ")
                    .and_then(|(_, v)| v.as_text()),
                _ => None,
            },
        }
    }
}

impl Document {
    /// The data value called `name`.
    pub fn get(&self, name: &str) -> Option<&DataFile> {
        self.data.iter().find(|(n, _)| n == name).map(|(_, d)| d)
    }

    /// The names of the data values with their kind as a writer names it (`budget`,
    /// `resultaträkning`, `tabell`, ...), which the narrative's `tabell(namn=...)` may place.
    pub fn kinds(&self) -> Vec<(String, String)> {
        self.data
            .iter()
            .filter_map(|(n, d)| d.kind().map(|k| (n.clone(), k.to_owned())))
            .collect()
    }

    /// The warnings for rows at or over `avvikelser:` that have no `kommentar:` and that the
    /// narrative does not explain either; `explained` are the (data name, row) the narrative's
    /// `avvikelse(...)` calls named.
    pub fn unexplained(&self, explained: &[(String, String)]) -> Vec<Diagnostic> {
        self.statements()
            .flat_map(|(name, s)| {
                s.unexplained
                    .iter()
                    .filter(move |(row, _)| {
                        !explained.iter().any(|(data, r)| data == name && r == row)
                    })
                    .map(|(_, warning)| warning.clone())
            })
            .collect()
    }

    /// The budgets, by name, in the order loaded.
    pub fn budgets(&self) -> impl Iterator<Item = (&str, &Budget)> {
        self.data.iter().filter_map(|(n, d)| match d {
            DataFile::Budget(b) => Some((n.as_str(), b)),
            _ => None,
        })
    }

    /// The statements, by name, in the order loaded.
    pub fn statements(&self) -> impl Iterator<Item = (&str, &Statement)> {
        self.data.iter().filter_map(|(n, d)| match d {
            DataFile::Statement(s) => Some((n.as_str(), s)),
            _ => None,
        })
    }
}

/// Loads a document; problems are collected, and the document is returned only without errors.
pub fn load(root: &Path, reference: &DocumentRef) -> (Option<Document>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let index_file = reference.index_file();
    let text = match read_text(
        &reference.dir.join("index.md"),
        &index_file,
        "filen",
        &mut problems,
    ) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let (front_text, front_first_line, body, body_first_line) = match split_front_matter(&text) {
        Some(parts) => parts,
        None if text.starts_with("---") => {
            return (
                None,
                vec![
                    Diagnostic::error_of(crate::diagnostics::Kind::Syntax {
                        what: crate::diagnostics::Syntax::FrontMatterOpen,
                    })
                    .in_file(&index_file)
                    .at(Position { line: 1, column: 1 }),
                ],
            );
        }
        None => {
            return (
                None,
                vec![
                    Diagnostic::error("index.md saknar front matter")
                        .in_file(&index_file)
                        .at(Position { line: 1, column: 1 })
                        .hint("börja filen med en rad `---`, nycklar som `typ: rapport` och `titel: ...`, och en rad `---`"),
                ],
            );
        }
    };
    let mut defaults = crate::model::statement::Defaults::default();
    let front = match yaml::parse(front_text, &index_file, front_first_line - 1) {
        Ok(node) => {
            defaults = crate::model::statement::Defaults::read(&node, &index_file, &mut problems);
            front_matter::front_matter(&node, &index_file, &mut problems)
        }
        Err(d) => {
            problems.push(d);
            None
        }
    };

    let mut organisation_failed = false;
    let organisation = match project::organisation_file(root, reference) {
        Some(path) => {
            let rel = display_path(path.strip_prefix(root).unwrap_or(&path));
            let before = errors(&problems);
            let read = organisation::read(&path, &rel, root, &mut problems);
            organisation_failed = errors(&problems) > before;
            read
        }
        None => {
            problems.push(no_organisation(root, reference, &index_file));
            None
        }
    };

    let kind = front.as_ref().map(|f| f.kind);
    let (mut data, unread, sources) = data_files(reference, root, &defaults, kind, &mut problems);
    if kind == Some(Kind::AnnualReport) {
        let founded = organisation.as_ref().and_then(|o| founded(&o.written));
        let asked_at = named_at(body, body_first_line).map(|at| (index_file.clone(), at));
        overview(
            &mut data,
            reference,
            root,
            &sources,
            founded,
            asked_at,
            &mut problems,
        );
    }
    let budgets = data.iter().filter_map(|(n, d)| match d {
        DataFile::Budget(b) => Some((n.as_str(), b)),
        _ => None,
    });
    let contributions = crate::model::contributions::for_budgets(
        budgets,
        organisation.as_ref().map_or(&[][..], |o| &o.members),
        organisation.as_ref().and_then(|o| o.split.as_ref()),
        &mut problems,
    );

    let has_board = organisation.as_ref().is_some_and(|o| !o.board.is_empty());
    if let Some(at) = front
        .as_ref()
        .and_then(|f| f.signatures.as_ref())
        .map(|s| s.at)
        && !has_board
    {
        problems.push(
            Diagnostic::error_of(diagnostics::Kind::missing_key(
                Missing::Signatures,
                "styrelse",
            ))
            .in_file(&index_file)
            .at(at),
        );
    }
    // With readable front matter the document goes on, so that the narrative's problems are
    // found in the same run; the pipeline writes no PDF while there are errors.
    let Some(front) = front else {
        return (None, problems);
    };
    let unknown = if errors(&problems) == 0 {
        Vec::new()
    } else {
        unknown_names(&data, unread, organisation_failed)
    };
    (
        Some(Document {
            reference: reference.clone(),
            index_file,
            front,
            body: body.to_owned(),
            body_first_line,
            organisation,
            data,
            contributions,
            unknown,
        }),
        problems,
    )
}

/// How many of `problems` are errors.
fn errors(problems: &[Diagnostic]) -> usize {
    problems.iter().filter(|d| d.is_error()).count()
}

/// The names whose values are unknown (see [`Document::unknown`]): the data files that gave no
/// data, then, when there are such, the statements and overview they would have given, and
/// `forbund` when its file had errors.
fn unknown_names(
    data: &[(String, DataFile)],
    unread: Vec<String>,
    organisation_failed: bool,
) -> Vec<String> {
    let mut names: Vec<String> = unread.into_iter().filter(|n| n != "forbund").collect();
    if !names.is_empty() {
        for derived in [
            "resultatrakning",
            "balansrakning",
            "kassaflodesanalys",
            "flerarsoversikt",
        ] {
            if !data.iter().any(|(n, _)| n == derived) {
                names.push(derived.to_owned());
            }
        }
    }
    if organisation_failed {
        names.push("forbund".to_owned());
    }
    names
}

/// The error for a document that inherits no `forbund.yaml`: every folder searched, from the
/// document's up to `content/`, each recorded as read so that `watch` rebuilds when one
/// appears.
fn no_organisation(root: &Path, reference: &DocumentRef, index_file: &str) -> Diagnostic {
    let folders: Vec<String> = project::organisation_folders(root, reference)
        .map(|dir| {
            project::record_read(&dir.join("forbund.yaml"));
            display_path(dir.strip_prefix(root).unwrap_or(dir))
        })
        .collect();
    let parent = reference
        .name
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(
            || "content".to_owned(),
            |p| format!("content/{}", display_path(p)),
        );
    Diagnostic::error(format!(
        "dokumentet har ingen forbund.yaml: den söktes i {}",
        folders.join(", ")
    ))
    .in_file(index_file)
    .hint(format!(
        "lägg förbundets forbund.yaml (med `namn:` och `medlemmar:`) i {parent}, så gäller den alla dokument där under; `arshjul new` skriver en när ingen finns"
    ))
}

/// An årsredovisning reports a whole fiscal year: a statement whose period is only part of its
/// `räkenskapsår` is an error at `period:` (`at`). A period outside the fiscal year is already
/// the statement's own error, and no period means the whole year.
fn whole_year(statement: &Statement, file: &str, at: Position) -> Option<Diagnostic> {
    let (Some(year), Some(period)) = (statement.fiscal_year, statement.period) else {
        return None;
    };
    if period == year || period.0 > period.1 || period.0 < year.0 || period.1 > year.1 {
        return None;
    }
    let span = |(from, to): (crate::money::Date, crate::money::Date)| {
        format!("{} – {}", from.swedish(), to.swedish())
    };
    Some(
        Diagnostic::error(format!(
            "en årsredovisning redovisar hela räkenskapsåret {}, men perioden är {}",
            span(year),
            span(period)
        ))
        .in_file(file)
        .at(at)
        .hint(format!(
            "skriv `period: {{ från: {}, till: {} }}`, eller `typ: delårsrapport` i index.md om rapporten gäller en del av året",
            year.0.iso(),
            year.1.iso()
        )),
    )
}

/// Splits `---` front matter from the body: (front matter, its first line, body, body's first
/// line), lines 1-based.
fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let start = first.len();
    let mut offset = start;
    for (i, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let front = &text[start..offset];
            let body = &text[offset + line.len()..];
            // Front matter starts on line 2; the closing line is line i + 2.
            return Some((front, 2, body, i + 3));
        }
        offset += line.len();
    }
    None
}

/// The data files the flerårsöversikt is made from besides the statements: the `typ: sie` and
/// the `typ: nyckeltal` files, each with its place.
#[derive(Default)]
struct OverviewFiles {
    books: Vec<(String, Node)>,
    written: Vec<(String, Node)>,
}

/// The year the förbund was formed, from `bildat:` in forbund.yaml (checked there).
fn founded(written: &Node) -> Option<i32> {
    let crate::yaml::Value::Map(entries) = &written.value else {
        return None;
    };
    let (_, date) = entries.iter().find(|(k, _)| k.name == "bildat")?;
    crate::money::Date::parse(date.as_text()?)
        .ok()
        .map(|d| d.year)
}

/// Where the narrative names the flerårsöversikt (placed or quoted), in `index.md`.
fn named_at(body: &str, first_line: usize) -> Option<Position> {
    let offset = ["flerarsoversikt", "flerårsöversikt"]
        .iter()
        .filter_map(|name| body.find(name))
        .min()?;
    let at = Position::of_offset(body, offset);
    Some(Position {
        line: at.line + first_line - 1,
        column: at.column,
    })
}

/// Adds the flerårsöversikt of an årsredovisning to its data, as `flerarsoversikt`.
fn overview(
    data: &mut Vec<(String, DataFile)>,
    reference: &DocumentRef,
    root: &Path,
    files: &OverviewFiles,
    founded: Option<i32>,
    asked_at: Option<(String, Position)>,
    problems: &mut Vec<Diagnostic>,
) {
    let sources = crate::model::overview::Sources {
        root,
        dir: &reference.dir,
        books: files.books.iter().map(|(f, n)| (f.clone(), n)).collect(),
        written: files.written.iter().map(|(f, n)| (f.clone(), n)).collect(),
        statements: data
            .iter()
            .filter_map(|(n, d)| match d {
                DataFile::Statement(s) if n != "driftredovisning" => Some(s),
                _ => None,
            })
            .collect(),
        founded,
        asked_at,
    };
    if let Some(overview) = crate::model::overview::build(&sources, problems) {
        insert(data, "flerarsoversikt", DataFile::Overview(overview));
    }
}

/// Every `*.yaml` in the document folder (but `forbund.yaml`) with a known `typ:`, read and
/// checked, with the checks across them (detail against summary budgets, the result against
/// the change in eget kapital, the kassaflödesanalys of a year's written statements) and
/// against the document's `kind` (an årsredovisning's statements cover a whole year); and the
/// files the flerårsöversikt reads.
fn data_files(
    reference: &DocumentRef,
    root: &Path,
    defaults: &crate::model::statement::Defaults,
    kind: Option<Kind>,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<(String, DataFile)>, Vec<String>, OverviewFiles) {
    let mut data = Vec::new();
    let mut for_overview = OverviewFiles::default();
    crate::project::record_read(&reference.dir);
    let Ok(entries) = std::fs::read_dir(&reference.dir) else {
        return (data, Vec::new(), for_overview);
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && p.file_name().is_some_and(|n| n != "forbund.yaml")
        })
        .collect();
    paths.sort();
    let names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    for path in paths {
        let shown = display_path(path.strip_prefix(root).unwrap_or(&path));
        let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        let Some(node) = project::read_yaml(&path, &shown, problems) else {
            continue;
        };
        let Some(mut reader) = MapReader::open(&node, &shown, "en datafil", problems) else {
            continue;
        };
        match reader.get("typ") {
            None => problems.push(
                Diagnostic::error_of(diagnostics::Kind::missing_choice(
                    Missing::DataFile,
                    "typ",
                    DATA_KINDS.iter().copied(),
                ))
                .in_file(&shown)
                .at(node.position),
            ),
            Some(n) => {
                let written = n.as_text().unwrap_or("");
                let folded = crate::text::fold_ascii(written);
                if !DATA_KINDS
                    .iter()
                    .any(|k| crate::text::fold_ascii(k) == folded)
                {
                    problems.push(
                        Diagnostic::error_of(diagnostics::Kind::unknown_name(
                            Named::DataKind,
                            written,
                            DATA_KINDS.iter().copied(),
                        ))
                        .in_file(&shown)
                        .at(n.position),
                    );
                }
            }
        }
        if crate::names::is_reserved(&crate::text::fold_ascii(&name)) {
            problems.push(
                Diagnostic::error(format!(
                    "datafilen kan inte heta `{name}`: namnet används redan i mallarna"
                ))
                .in_file(&shown),
            );
            continue;
        }
        let data_kind = reader
            .get("typ")
            .and_then(Node::as_text)
            .map(|t| crate::text::fold_ascii(t.trim()))
            .unwrap_or_default();
        // Where the period is written: an årsredovisning's is checked against the year.
        let period_at = reader.get("period").map_or(node.position, |n| n.position);
        let annual = kind == Some(Kind::AnnualReport);
        let value = match data_kind.as_str() {
            "resultatrakning" | "balansrakning" => {
                let statement_kind = if data_kind == "resultatrakning" {
                    crate::model::statement::Kind::Income
                } else {
                    crate::model::statement::Kind::Balance
                };
                let (statement, found) =
                    crate::model::statement::read(&node, &shown, statement_kind, defaults);
                problems.extend(found);
                if annual {
                    problems.extend(
                        statement
                            .as_ref()
                            .and_then(|s| whole_year(s, &shown, period_at)),
                    );
                }
                statement.map(DataFile::Statement)
            }
            "sie" => {
                for_overview.books.push((shown.clone(), node.clone()));
                let read = crate::model::from_sie::read(
                    &node,
                    &shown,
                    &reference.dir,
                    root,
                    defaults,
                    problems,
                );
                // The books' two statements share one period: said once.
                if annual {
                    problems.extend(
                        read.income
                            .as_ref()
                            .and_then(|s| whole_year(s, &shown, period_at)),
                    );
                }
                if let Some(flow) = read.cash_flow {
                    insert(&mut data, "kassaflodesanalys", DataFile::CashFlow(flow));
                }
                for (suffix, statement) in [
                    ("resultatrakning", read.income),
                    ("balansrakning", read.balance),
                ] {
                    let Some(statement) = statement else { continue };
                    let key = if has(&data, suffix) || paths_have(&reference.dir, suffix) {
                        format!("{name}_{suffix}")
                    } else {
                        suffix.to_owned()
                    };
                    // The result month by month, as a chart: `tabell(namn="resultat_manader")`.
                    if let Some(chart) = statement.monthly_chart() {
                        insert(
                            &mut data,
                            &key.replace("resultatrakning", "resultat_manader"),
                            DataFile::Table(chart),
                        );
                    }
                    insert(&mut data, &key, DataFile::Statement(statement));
                }
                None
            }
            "tabell" => {
                let (table, found) = crate::model::table::read(&node, &shown, &reference.dir, root);
                problems.extend(found);
                table.map(DataFile::Table)
            }
            "budget" => {
                let (budget, found) = crate::model::budget::read(&node, &shown);
                problems.extend(found);
                budget.map(DataFile::Budget)
            }
            "nyckeltal" => {
                for_overview.written.push((shown.clone(), node.clone()));
                Some(DataFile::Other(node))
            }
            _ => Some(DataFile::Other(node)),
        };
        if let Some(value) = value {
            insert(&mut data, &name, value);
        }
    }
    let budgets: Vec<&Budget> = data
        .iter()
        .filter_map(|(_, d)| match d {
            DataFile::Budget(b) => Some(b),
            _ => None,
        })
        .collect();
    crate::model::budget::check_rollups(&budgets, problems);
    // A driftredovisning (budget against utfall per verksamhet) is no statement of the period:
    // it takes no part in the cross-checks.
    let statements: Vec<&Statement> = data
        .iter()
        .filter_map(|(n, d)| match d {
            DataFile::Statement(s) if n != "driftredovisning" => Some(s),
            _ => None,
        })
        .collect();
    crate::model::statement::check_result_against_equity(&statements, problems);
    // Hand-written statements of a whole year: their kassaflödesanalys, computed and checked.
    let of = |kind| statements.iter().filter(move |s| s.kind == kind);
    if !has(&data, "kassaflodesanalys")
        && let (1, 1) = (
            of(crate::model::statement::Kind::Income).count(),
            of(crate::model::statement::Kind::Balance).count(),
        )
        && let (Some(income), Some(balance)) = (
            of(crate::model::statement::Kind::Income).next(),
            of(crate::model::statement::Kind::Balance).next(),
        )
    {
        match crate::model::cashflow::from_statements(income, balance) {
            Ok(flow) => {
                flow.check(problems);
                insert(&mut data, "kassaflodesanalys", DataFile::CashFlow(flow));
            }
            // An årsredovisning has a kassaflödesanalys: one that cannot be made is said.
            Err(why) => {
                if let (Some(Kind::AnnualReport), Some((reason, hint))) = (kind, why.reason()) {
                    problems.push(
                        Diagnostic::warning(format!(
                            "årsredovisningen får ingen kassaflödesanalys: {reason}"
                        ))
                        .in_file(&balance.file)
                        .hint(hint),
                    );
                }
            }
        }
    }
    let unread = names.into_iter().filter(|n| !has(&data, n)).collect();
    (data, unread, for_overview)
}

/// Whether `data` has a value called `name`.
fn has(data: &[(String, DataFile)], name: &str) -> bool {
    data.iter().any(|(n, _)| n == name)
}

/// Adds `value` as `name`, in place of a value of that name already there.
fn insert(data: &mut Vec<(String, DataFile)>, name: &str, value: DataFile) {
    match data.iter_mut().find(|(n, _)| n == name) {
        Some((_, old)) => *old = value,
        None => data.push((name.to_owned(), value)),
    }
}

/// Whether the document folder has a data file called `name`.
fn paths_have(dir: &Path, name: &str) -> bool {
    dir.join(format!("{name}.yaml")).is_file() || dir.join(format!("{name}.yml")).is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let (front, first, body, body_line) =
            split_front_matter("---\ntyp: rapport\n---\n# Rubrik\n").unwrap();
        assert_eq!(front, "typ: rapport\n");
        assert_eq!(first, 2);
        assert_eq!(body, "# Rubrik\n");
        assert_eq!(body_line, 4);
        assert!(split_front_matter("# Ingen\n").is_none());
        assert!(split_front_matter("---\ntyp: x\n").is_none());
    }
}
