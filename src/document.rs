//! The load stage for one document: `index.md` (front matter and narrative), the inherited
//! `forbund.yaml`, and the document's data files, each value with its place for messages.
//!
//! Every problem is collected; loading goes on past the first one, so that `check` can print
//! them all.

use std::collections::BTreeMap;
use std::path::Path;

use crate::context::TemplateValue;
use crate::diagnostics::{Diagnostic, Position, display_path, nearest};
use crate::money::Date;
use crate::project::{self, DocumentRef};
use crate::yaml::{self, MapReader, Node, Value};

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

/// The adoption of a document (`fastställd:`): which body decided it, when, under which §.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Adoption {
    /// The deciding body (`styrelsen`).
    pub body: Option<String>,
    /// The date of the decision.
    pub date: Option<Date>,
    /// The paragraph of the minutes (`§ 108`).
    pub paragraph: Option<String>,
}

impl Adoption {
    /// “Antagen av styrelsen den 27 november 2020, § 108”.
    pub fn line(&self) -> String {
        let mut line = String::from("Antagen");
        if let Some(body) = &self.body {
            line.push_str(&format!(" av {body}"));
        }
        if let Some(date) = self.date {
            line.push_str(&format!(" den {}", date.swedish()));
        }
        if let Some(p) = &self.paragraph {
            line.push_str(&format!(", {p}"));
        }
        line
    }
}

/// The keys of `index.md`'s front matter.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "typ",
    "titel",
    "undertitel",
    "dnr",
    "datum",
    "status",
    "fastställd",
    "författare",
    "serie",
    "redigerad",
    "brevhuvud",
    "innehåll",
    "nyckelord",
    "underskrifter",
    "avvikelser",
    "kolumner",
];

const ORGANISATION_KEYS: &[&str] = &[
    "namn",
    "kortnamn",
    "organisationsnummer",
    "säte",
    "adress",
    "bildat",
    "medlemmar",
    "logotyp",
    "webbplats",
    "telefon",
    "e-post",
    "styrelse",
    "medlemsbidrag",
];

const DATA_KINDS: &[&str] = &[
    "budget",
    "resultaträkning",
    "balansräkning",
    "tabell",
    "sie",
    "kontoplan",
    "prognos",
];

/// `index.md`'s front matter, checked.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// `typ`
    pub kind: Kind,
    /// `titel`
    pub title: String,
    /// `datum`
    pub date: Option<Date>,
    /// `status: utkast` (the default) puts UTKAST on every page.
    pub draft: bool,
    /// `fastställd`
    pub adoption: Option<Adoption>,
    /// `författare`, as a list.
    pub authors: Vec<String>,
    /// `nyckelord`, as a list.
    pub keywords: Vec<String>,
    /// `innehåll`: whether the layout places a table of contents (default: yes, but not under
    /// a letterhead).
    pub contents: bool,
    /// The whole front matter, for templates, with the computed texts added.
    pub value: TemplateValue,
    /// Where `underskrifter` is written, when it is (the årsredovisning's signatures).
    pub signatures: Option<Position>,
}

/// A loaded document, ready for the template stages.
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
    pub organisation: Option<TemplateValue>,
    /// The organisation's name, for metadata.
    pub organisation_name: Option<String>,
    /// Data files by name (`budget.yaml` → `budget`).
    pub data: BTreeMap<String, TemplateValue>,
    /// The budgets among them, checked, by name.
    pub budgets: Vec<(String, crate::model::budget::Budget)>,
    /// The organisation's members (`medlemmar`).
    pub members: Vec<String>,
    /// Each summary budget's medlemsbidrag per member and year, by budget name.
    pub contributions: Vec<(String, crate::model::contributions::Contributions)>,
}

/// Loads a document; problems are collected, and the document is returned only without errors.
pub fn load(root: &Path, reference: &DocumentRef) -> (Option<Document>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let index_file = reference.index_file();
    let text = match read_text(&reference.dir.join("index.md"), &index_file, &mut problems) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let (front_text, front_first_line, body, body_first_line) = match split_front_matter(&text) {
        Some(parts) => parts,
        None if text.starts_with("---") => {
            return (
                None,
                vec![
                    Diagnostic::error("front matter stängs aldrig: raden `---` efter den saknas")
                        .in_file(&index_file)
                        .at(Position { line: 1, column: 1 })
                        .hint("avsluta nycklarna med en rad som bara innehåller `---`"),
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
            defaults.explained = crate::model::statement::Defaults::explained_in(body);
            front_matter(&node, &index_file, &mut problems)
        }
        Err(d) => {
            problems.push(d);
            None
        }
    };

    let (organisation, organisation_name, member_split) =
        match project::organisation_file(root, reference) {
            Some(path) => {
                let rel = display_path(path.strip_prefix(root).unwrap_or(&path));
                organisation(&path, &rel, root, &mut problems)
            }
            None => (None, None, None),
        };

    let (data, budgets) = data_files(reference, root, &defaults, &mut problems);
    let members = match &organisation {
        Some(TemplateValue::Map(entries)) => entries
            .iter()
            .find(|(k, _)| k == "medlemmar")
            .map(|(_, v)| match v {
                TemplateValue::List(items) => items
                    .iter()
                    .filter_map(|i| match i {
                        TemplateValue::Text(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let contributions = crate::model::contributions::for_budgets(
        &budgets,
        &members,
        member_split.as_ref(),
        &mut problems,
    );

    let has_board = matches!(&organisation, Some(TemplateValue::Map(entries))
        if entries.iter().any(|(k, v)| k == "styrelse" && matches!(v, TemplateValue::List(l) if !l.is_empty())));
    if let Some(at) = front.as_ref().and_then(|f| f.signatures)
        && !has_board
    {
        problems.push(
            Diagnostic::error("`underskrifter` kräver en styrelse: forbund.yaml saknar `styrelse`")
                .in_file(&index_file)
                .at(at)
                .hint("lägg till `styrelse: [{ namn: ..., roll: ordförande, utsedd_av: ... }]` i forbund.yaml"),
        );
    }
    // With readable front matter the document goes on, so that the narrative's problems are
    // found in the same run; the pipeline writes no PDF while there are errors.
    let Some(front) = front else {
        return (None, problems);
    };
    (
        Some(Document {
            reference: reference.clone(),
            index_file,
            front,
            body: body.to_owned(),
            body_first_line,
            organisation,
            organisation_name,
            data,
            budgets,
            members,
            contributions,
        }),
        problems,
    )
}

/// Reads a text file: UTF-8, or Windows-1252 / ISO-8859-1 as Swedish offices save them, with a
/// note that UTF-8 is preferred.
fn read_text(path: &Path, shown: &str, notes: &mut Vec<Diagnostic>) -> Result<String, Diagnostic> {
    crate::project::record_read(path);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(format!("kan inte läsa filen: {e}")).in_file(shown))?;
    let (text, legacy) = yaml::decode_text(&bytes);
    if legacy {
        notes.push(yaml::not_utf8_note(shown));
    }
    Ok(text)
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

fn located(file: &str, node: &Node, message: String) -> Diagnostic {
    Diagnostic::error(message).in_file(file).at(node.position)
}

fn date_of(node: &Node, file: &str, key: &str) -> Result<Date, Diagnostic> {
    let text = node.as_text().ok_or_else(|| {
        located(
            file,
            node,
            format!("`{key}` ska vara ett datum, men är {}", node.kind()),
        )
    })?;
    Date::parse(text).map_err(|m| located(file, node, m))
}

fn text_list(node: &Node, file: &str, key: &str) -> Result<Vec<String>, Diagnostic> {
    match &node.value {
        Value::Null => Ok(Vec::new()),
        Value::Seq(items) => items
            .iter()
            .map(|i| {
                i.as_text().map(str::to_owned).ok_or_else(|| {
                    located(
                        file,
                        i,
                        format!(
                            "`{key}` ska vara en lista av texter, men här står {}",
                            i.kind()
                        ),
                    )
                })
            })
            .collect(),
        _ => node.as_text().map(|t| vec![t.to_owned()]).ok_or_else(|| {
            located(
                file,
                node,
                format!(
                    "`{key}` ska vara en text eller en lista, men är {}",
                    node.kind()
                ),
            )
        }),
    }
}

fn front_matter(node: &Node, file: &str, problems: &mut Vec<Diagnostic>) -> Option<FrontMatter> {
    let mut reader = match MapReader::new(node, file, "front matter") {
        Ok(r) => r,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let mut fields: Vec<(String, TemplateValue)> = Vec::new();
    let mut ok = true;
    let fail = |problems: &mut Vec<Diagnostic>, d: Diagnostic| {
        problems.push(d);
        false
    };

    let kind = match reader.get("typ") {
        None => {
            ok = fail(
                problems,
                Diagnostic::error("front matter saknar `typ`")
                    .in_file(file)
                    .at(node.position)
                    .hint(format!("skriv en av: {}", Kind::NAMES.join(", "))),
            );
            None
        }
        Some(n) => match n.as_text().and_then(Kind::parse) {
            Some(k) => Some(k),
            None => {
                let written = n.as_text().unwrap_or("");
                let mut d = located(file, n, format!("okänd dokumenttyp `{written}`"));
                d = match nearest(written, Kind::NAMES) {
                    Some(k) => d.hint(format!("menade du `{k}`?")),
                    None => d.hint(format!("skriv en av: {}", Kind::NAMES.join(", "))),
                };
                ok = fail(problems, d);
                None
            }
        },
    };

    let text_field =
        |reader: &mut MapReader<'_>, key: &str, problems: &mut Vec<Diagnostic>| -> Option<String> {
            match reader.text(key) {
                Ok(v) => v,
                Err(d) => {
                    problems.push(d);
                    None
                }
            }
        };
    let title = text_field(&mut reader, "titel", problems);
    if title.is_none()
        && !reader.misspelt("titel", &[])
        && !problems.iter().any(|d| d.message.contains("`titel`"))
    {
        ok = fail(
            problems,
            Diagnostic::error("front matter saknar `titel`")
                .in_file(file)
                .at(node.position),
        );
    }
    for key in ["undertitel", "dnr", "serie"] {
        if let Some(v) = text_field(&mut reader, key, problems) {
            fields.push((key.to_owned(), TemplateValue::Text(v)));
        }
    }

    let date_field =
        |reader: &mut MapReader<'_>, key: &str, problems: &mut Vec<Diagnostic>| -> Option<Date> {
            let n = reader.get(key)?;
            match date_of(n, file, key) {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.push(e);
                    None
                }
            }
        };
    let date = date_field(&mut reader, "datum", problems);
    let revised = date_field(&mut reader, "redigerad", problems);

    let draft = match reader.get("status") {
        None => true,
        Some(n) => match n.as_text().map(|t| crate::text::fold_ascii(t.trim())) {
            Some(t) if t == "utkast" => true,
            Some(t) if t == "faststalld" => false,
            _ => {
                ok = fail(
                    problems,
                    located(
                        file,
                        n,
                        format!("okänd status `{}`", n.as_text().unwrap_or("")),
                    )
                    .hint("skriv `utkast` eller `fastställd`"),
                );
                true
            }
        },
    };

    let adoption = match reader.get("fastställd") {
        None => None,
        Some(n) => match MapReader::new(n, file, "`fastställd`") {
            Err(d) => {
                ok = fail(problems, d.hint("skriv till exempel `fastställd: { organ: styrelsen, datum: 2020-11-27, paragraf: § 108 }`"));
                None
            }
            Ok(mut inner) => {
                let body = text_field(&mut inner, "organ", problems);
                let paragraph = text_field(&mut inner, "paragraf", problems);
                let adoption_date = date_field(&mut inner, "datum", problems);
                let unknown = inner.unknown_keys(&["organ", "datum", "paragraf"], "`fastställd`");
                ok &= unknown.is_empty();
                problems.extend(unknown);
                Some(Adoption {
                    body,
                    date: adoption_date,
                    paragraph,
                })
            }
        },
    };

    let list_field =
        |reader: &mut MapReader<'_>, key: &str, problems: &mut Vec<Diagnostic>| -> Vec<String> {
            match reader.get(key).map(|n| text_list(n, file, key)) {
                None => Vec::new(),
                Some(Ok(v)) => v,
                Some(Err(d)) => {
                    problems.push(d);
                    Vec::new()
                }
            }
        };
    let authors = list_field(&mut reader, "författare", problems);
    let keywords = list_field(&mut reader, "nyckelord", problems);

    let letterhead = match reader.get("brevhuvud") {
        None => None,
        Some(n) => match MapReader::new(n, file, "`brevhuvud`") {
            Err(d) => {
                ok = fail(problems, d.hint("skriv till exempel `brevhuvud: { handling: Tjänsteutlåtande, handläggare: Annika Ruys-Hagberg }`"));
                None
            }
            Ok(mut inner) => {
                let mut entries = Vec::new();
                for key in ["handling", "handläggare"] {
                    if let Some(v) = text_field(&mut inner, key, problems) {
                        entries.push((key.to_owned(), TemplateValue::Text(v)));
                    }
                }
                let unknown = inner.unknown_keys(&["handling", "handläggare"], "`brevhuvud`");
                ok &= unknown.is_empty();
                problems.extend(unknown);
                Some(TemplateValue::Map(entries))
            }
        },
    };

    let contents = match reader.get("innehåll") {
        None => letterhead.is_none(),
        Some(n) => match n.value {
            Value::Bool(b) => b,
            _ => {
                ok = fail(
                    problems,
                    located(
                        file,
                        n,
                        format!("`innehåll` ska vara true eller false, men är {}", n.kind()),
                    ),
                );
                true
            }
        },
    };

    // `underskrifter: { ort: Sjöby, datum: 2020-02-20 }`: “Sjöby den 20 februari 2020”.
    let signatures_at = reader.get("underskrifter").map(|n| n.position);
    let signatures = match reader.get("underskrifter") {
        None => None,
        Some(n) => match MapReader::new(n, file, "`underskrifter`") {
            Err(d) => {
                ok = fail(
                    problems,
                    d.hint("skriv till exempel `underskrifter: { ort: Sjöby, datum: 2020-02-20 }`"),
                );
                None
            }
            Ok(mut inner) => {
                let place = text_field(&mut inner, "ort", problems);
                let signed = date_field(&mut inner, "datum", problems);
                let unknown = inner.unknown_keys(&["ort", "datum"], "`underskrifter`");
                ok &= unknown.is_empty();
                problems.extend(unknown);
                let mut line = place.clone().unwrap_or_default();
                if let Some(d) = signed {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(&format!("den {}", d.swedish()));
                }
                let text = |v: Option<String>| v.map_or(TemplateValue::None, TemplateValue::Text);
                Some(TemplateValue::Map(vec![
                    ("ort".into(), text(place)),
                    ("datum".into(), text(signed.map(Date::iso))),
                    ("rad".into(), TemplateValue::Text(line)),
                ]))
            }
        },
    };

    // Read with the statements (model::statement::Defaults).
    reader.get("avvikelser");
    reader.get("kolumner");
    let unknown = reader.unknown_keys(FRONT_MATTER_KEYS, "front matter");
    ok &= unknown.is_empty();
    problems.extend(unknown);

    if !ok || problems.iter().any(Diagnostic::is_error) {
        return None;
    }
    let (kind, title) = (kind?, title?);

    fields.push(("typ".into(), TemplateValue::Text(kind.name().into())));
    fields.push(("titel".into(), TemplateValue::Text(title.clone())));
    fields.push(("utkast".into(), TemplateValue::Bool(draft)));
    fields.push(("innehåll".into(), TemplateValue::Bool(contents)));
    if let Some(d) = date {
        fields.push(("datum".into(), TemplateValue::Text(d.iso())));
        fields.push(("datum_text".into(), TemplateValue::Text(d.swedish())));
        fields.push(("år".into(), TemplateValue::Integer(i64::from(d.year))));
        fields.push(("månad".into(), TemplateValue::Integer(i64::from(d.month))));
        fields.push(("dag".into(), TemplateValue::Integer(i64::from(d.day))));
    }
    if let Some(d) = revised {
        fields.push(("redigerad".into(), TemplateValue::Text(d.iso())));
        fields.push(("redigerad_text".into(), TemplateValue::Text(d.swedish())));
    }
    if let Some(a) = &adoption {
        fields.push(("antagen".into(), TemplateValue::Text(a.line())));
    }
    let list =
        |v: &[String]| TemplateValue::List(v.iter().cloned().map(TemplateValue::Text).collect());
    fields.push(("författare".into(), list(&authors)));
    fields.push(("nyckelord".into(), list(&keywords)));
    fields.push((
        "brevhuvud".into(),
        letterhead.unwrap_or(TemplateValue::None),
    ));
    fields.push((
        "underskrifter".into(),
        signatures.unwrap_or(TemplateValue::None),
    ));
    // Layouts may ask for every optional key; absent ones are none.
    for key in [
        "undertitel",
        "dnr",
        "serie",
        "datum",
        "datum_text",
        "redigerad",
        "redigerad_text",
        "antagen",
    ] {
        if !fields.iter().any(|(k, _)| k == key) {
            fields.push((key.into(), TemplateValue::None));
        }
    }
    Some(FrontMatter {
        kind,
        title,
        date,
        draft,
        adoption,
        authors,
        keywords,
        contents,
        value: TemplateValue::Map(fields),
        signatures: signatures_at,
    })
}

/// What `forbund.yaml` gives: its template value, the name, and the medlemsbidrag split.
type Organisation = (
    Option<TemplateValue>,
    Option<String>,
    Option<crate::model::contributions::Split>,
);

/// Loads `forbund.yaml`.
fn organisation(
    path: &Path,
    shown: &str,
    root: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Organisation {
    let text = match read_text(path, shown, problems) {
        Ok(t) => t,
        Err(d) => {
            problems.push(d);
            return (None, None, None);
        }
    };
    let node = match yaml::parse(&text, shown, 0) {
        Ok(n) => n,
        Err(d) => {
            problems.push(d);
            return (None, None, None);
        }
    };
    let mut reader = match MapReader::new(&node, shown, "forbund.yaml") {
        Ok(r) => r,
        Err(d) => {
            problems.push(d);
            return (None, None, None);
        }
    };
    let name = match reader.text("namn") {
        Ok(Some(n)) => Some(n),
        Ok(None) => {
            problems.push(
                Diagnostic::error("forbund.yaml saknar `namn`")
                    .in_file(shown)
                    .at(node.position),
            );
            None
        }
        Err(d) => {
            problems.push(d);
            None
        }
    };
    for key in [
        "kortnamn",
        "organisationsnummer",
        "säte",
        "webbplats",
        "telefon",
        "e-post",
    ] {
        if let Err(d) = reader.text(key) {
            problems.push(d);
        }
    }
    for key in ["adress", "medlemmar"] {
        if let Some(n) = reader.get(key)
            && let Err(d) = text_list(n, shown, key)
        {
            problems.push(d);
        }
    }
    // Members are always several, and one text would be printed as one member's name.
    if let Some(n) = reader.get("medlemmar")
        && let Value::String(_) = n.value
    {
        let d = located(
            shown,
            n,
            "`medlemmar` ska vara en lista, men är en text".to_owned(),
        );
        problems.push(match yaml::list_hint(n, "medlemmar") {
            Some(hint) => d.hint(hint),
            None => d.hint("skriv listan inom hakparenteser: medlemmar: [Försäkringskassan, Arbetsförmedlingen, …]"),
        });
    }
    if let Some(n) = reader.get("bildat")
        && let Err(d) = date_of(n, shown, "bildat")
    {
        problems.push(d);
    }
    if let Some(n) = reader.get("styrelse") {
        board(n, shown, problems);
    }
    let mut logo = None;
    if let Some(n) = reader.get("logotyp") {
        match n.as_text() {
            Some(rel) => {
                let dir = path.parent().unwrap_or(root);
                match crate::project::project_path(root, dir, rel) {
                    Ok(p) => logo = Some(p),
                    Err(m) => problems.push(m.error().in_file(shown).at(n.position)),
                }
            }
            None => problems.push(located(
                shown,
                n,
                format!("`logotyp` ska vara en sökväg, men är {}", n.kind()),
            )),
        }
    }
    let split = reader.get("medlemsbidrag").and_then(|n| {
        let (split, found) = crate::model::contributions::read(n, shown);
        problems.extend(found);
        split
    });
    problems.extend(reader.unknown_keys(ORGANISATION_KEYS, "forbund.yaml"));

    let mut value = TemplateValue::from(&node);
    if let TemplateValue::Map(entries) = &mut value {
        // Lists are also offered as lines, and a single address line as a list.
        for (k, v) in entries.iter_mut() {
            if (k == "adress" || k == "medlemmar")
                && let TemplateValue::Text(t) = v
            {
                *v = TemplateValue::List(vec![TemplateValue::Text(t.clone())]);
            }
        }
        if let Some(p) = logo {
            entries.push(("logotyp_sökväg".into(), TemplateValue::Text(p)));
        }
    }
    (Some(value), name, split)
}

/// `styrelse:` in forbund.yaml: a list of `{ namn, roll, utsedd_av }`, each with a `namn`.
fn board(node: &Node, file: &str, problems: &mut Vec<Diagnostic>) {
    let Value::Seq(members) = &node.value else {
        problems.push(
            located(
                file,
                node,
                format!("`styrelse` ska vara en lista, men är {}", node.kind()),
            )
            .hint("skriv t.ex. `styrelse: [{ namn: Anna Lindqvist, roll: ordförande, utsedd_av: Mölndals stad }]`"),
        );
        return;
    };
    for member in members {
        let mut m = match MapReader::new(member, file, "en ledamot") {
            Ok(m) => m,
            Err(d) => {
                problems.push(d.hint("skriv `{ namn: ..., roll: ..., utsedd_av: ... }`"));
                continue;
            }
        };
        match m.text("namn") {
            Ok(Some(_)) => {}
            Ok(None) => problems.push(
                located(file, member, "ledamoten saknar `namn`".into())
                    .hint("skriv `{ namn: ..., roll: ..., utsedd_av: ... }`"),
            ),
            Err(d) => problems.push(d),
        }
        for key in ["roll", "utsedd_av"] {
            if let Err(d) = m.text(key) {
                problems.push(d);
            }
        }
        problems.extend(m.unknown_keys(&["namn", "roll", "utsedd_av"], "en ledamot"));
    }
}

/// Every `*.yaml` in the document folder (but `forbund.yaml`) with a known `typ:`.
type DataFiles = (
    BTreeMap<String, TemplateValue>,
    Vec<(String, crate::model::budget::Budget)>,
);

fn data_files(
    reference: &DocumentRef,
    root: &Path,
    defaults: &crate::model::statement::Defaults,
    problems: &mut Vec<Diagnostic>,
) -> DataFiles {
    let mut data = BTreeMap::new();
    let mut budgets = Vec::new();
    let mut statements = Vec::new();
    crate::project::record_read(&reference.dir);
    let Ok(entries) = std::fs::read_dir(&reference.dir) else {
        return (data, budgets);
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
    for path in paths {
        let shown = display_path(path.strip_prefix(root).unwrap_or(&path));
        let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        let text = match read_text(&path, &shown, problems) {
            Ok(t) => t,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let node = match yaml::parse(&text, &shown, 0) {
            Ok(n) => n,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let mut reader = match MapReader::new(&node, &shown, "en datafil") {
            Ok(r) => r,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        match reader.get("typ") {
            None => problems.push(
                Diagnostic::error("datafilen saknar `typ`")
                    .in_file(&shown)
                    .at(node.position)
                    .hint(format!("skriv en av: {}", DATA_KINDS.join(", "))),
            ),
            Some(n) => {
                let written = n.as_text().unwrap_or("");
                let folded = crate::text::fold_ascii(written);
                if !DATA_KINDS
                    .iter()
                    .any(|k| crate::text::fold_ascii(k) == folded)
                {
                    let d = located(&shown, n, format!("okänd datatyp `{written}`"));
                    problems.push(match nearest(written, DATA_KINDS.iter().copied()) {
                        Some(k) => d.hint(format!("menade du `{k}`?")),
                        None => d.hint(format!("skriv en av: {}", DATA_KINDS.join(", "))),
                    });
                }
            }
        }
        if [
            "forbund",
            "dokument",
            "data",
            "budgetar",
            "standardtabeller",
            "narrativ",
            "placerade",
            "noter",
        ]
        .contains(&name.as_str())
        {
            problems.push(
                Diagnostic::error(format!(
                    "datafilen kan inte heta `{name}`: namnet används redan i mallarna"
                ))
                .in_file(&shown),
            );
            continue;
        }
        let kind = reader
            .get("typ")
            .and_then(Node::as_text)
            .map(|t| crate::text::fold_ascii(t.trim()))
            .unwrap_or_default();
        let statement_kind = match kind.as_str() {
            "resultatrakning" => Some(crate::model::statement::Kind::Income),
            "balansrakning" => Some(crate::model::statement::Kind::Balance),
            _ => None,
        };
        if let Some(statement_kind) = statement_kind {
            let (statement, found) =
                crate::model::statement::read(&node, &shown, statement_kind, defaults);
            problems.extend(found);
            if let Some(s) = statement {
                data.insert(name.clone(), s.to_template());
                // A driftredovisning (budget against utfall per verksamhet) is no statement of
                // the period: it takes no part in the cross-checks.
                if name != "driftredovisning" {
                    statements.push(s);
                }
            }
            continue;
        }
        if kind == "sie" {
            let (income, balance, flow) =
                read_sie(&node, &shown, &reference.dir, root, defaults, problems);
            if let Some(flow) = flow {
                data.insert("kassaflodesanalys".into(), flow.to_template());
            }
            if let (Some(income), Some(balance)) = (income, balance) {
                for (suffix, statement) in [("resultatrakning", income), ("balansrakning", balance)]
                {
                    let key = if data.contains_key(suffix) || paths_have(&reference.dir, suffix) {
                        format!("{name}_{suffix}")
                    } else {
                        suffix.to_owned()
                    };
                    // The result month by month, as a chart: `tabell(namn="resultat_manader")`.
                    if let Some(chart) = statement.monthly_chart() {
                        data.insert(
                            key.replace("resultatrakning", "resultat_manader"),
                            chart.to_template(),
                        );
                    }
                    data.insert(key, statement.to_template());
                    statements.push(statement);
                }
            }
            continue;
        }
        if kind == "tabell" {
            let (table, found) = crate::model::table::read(&node, &shown, &reference.dir, root);
            problems.extend(found);
            if let Some(t) = table {
                data.insert(name.clone(), t.to_template());
            }
            continue;
        }
        if kind == "budget" {
            let (budget, found) = crate::model::budget::read(&node, &shown);
            problems.extend(found);
            if let Some(b) = budget {
                data.insert(name.clone(), b.to_template());
                budgets.push((name, b));
            }
            continue;
        }
        data.insert(name, TemplateValue::from(&node));
    }
    let all: Vec<&crate::model::budget::Budget> = budgets.iter().map(|(_, b)| b).collect();
    crate::model::budget::check_rollups(&all, problems);
    let statements: Vec<&crate::model::statement::Statement> = statements.iter().collect();
    crate::model::statement::check_result_against_equity(&statements, problems);
    // Hand-written statements of a whole year: their kassaflödesanalys, computed and checked.
    let of = |kind| statements.iter().filter(move |s| s.kind == kind);
    if !data.contains_key("kassaflodesanalys")
        && let (1, 1) = (
            of(crate::model::statement::Kind::Income).count(),
            of(crate::model::statement::Kind::Balance).count(),
        )
        && let (Some(income), Some(balance)) = (
            of(crate::model::statement::Kind::Income).next(),
            of(crate::model::statement::Kind::Balance).next(),
        )
        && let Some(flow) = crate::model::cashflow::from_statements(income, balance)
    {
        flow.check(problems);
        data.insert("kassaflodesanalys".into(), flow.to_template());
    }
    (data, budgets)
}

/// Whether the document folder has a data file called `name`.
fn paths_have(dir: &Path, name: &str) -> bool {
    dir.join(format!("{name}.yaml")).is_file() || dir.join(format!("{name}.yml")).is_file()
}

/// `typ: sie`: reads the SIE file and makes its statements for the period.
fn read_sie(
    node: &Node,
    shown: &str,
    dir: &Path,
    root: &Path,
    defaults: &crate::model::statement::Defaults,
    problems: &mut Vec<Diagnostic>,
) -> (
    Option<crate::model::statement::Statement>,
    Option<crate::model::statement::Statement>,
    Option<crate::model::cashflow::CashFlow>,
) {
    use crate::model::sie;
    let Ok(mut map) = MapReader::new(node, shown, "SIE-filen") else {
        return (None, None, None);
    };
    map.get("typ");
    let Some(file_node) = map.get("fil") else {
        problems.push(
            Diagnostic::error("`typ: sie` saknar `fil:` (SIE-filen)")
                .in_file(shown)
                .at(node.position),
        );
        return (None, None, None);
    };
    let period_node = map.get("period");
    let period = match period_node {
        None => None,
        Some(p) => {
            let mut inner = match MapReader::new(p, shown, "`period`") {
                Ok(m) => m,
                Err(d) => {
                    problems.push(d);
                    return (None, None, None);
                }
            };
            let from = inner.get("från").map(|n| date_of(n, shown, "från"));
            let to = inner.get("till").map(|n| date_of(n, shown, "till"));
            problems.extend(inner.unknown_keys(&["från", "till"], "`period`"));
            match (from, to) {
                (Some(Ok(a)), Some(Ok(b))) => Some((a, b)),
                (a, b) => {
                    for e in [a, b].into_iter().flatten().filter_map(Result::err) {
                        problems.push(e);
                    }
                    None
                }
            }
        }
    };
    let plan_name = map
        .get("kontoplan")
        .and_then(Node::as_text)
        .unwrap_or("bas")
        .to_owned();
    let plan = match sie::plan(&plan_name) {
        Some(p) => p,
        // Not a built-in plan: a project's own mapping file of account ranges to rows.
        None if plan_name.ends_with(".yaml") || plan_name.ends_with(".yml") => {
            let n = map.get("kontoplan").unwrap_or(node);
            let path = match crate::project::project_path(root, dir, &plan_name) {
                Ok(p) => p,
                Err(m) => {
                    problems.push(m.error().in_file(shown).at(n.position));
                    return (None, None, None);
                }
            };
            let plan_file = path.trim_start_matches('/').to_owned();
            let text = match read_text(&root.join(&plan_file), &plan_file, problems) {
                Ok(t) => t,
                Err(d) => {
                    problems.push(d);
                    return (None, None, None);
                }
            };
            match yaml::parse(&text, &plan_file, 0) {
                Ok(plan_node) => sie::mapping(&plan_node, &plan_file, problems),
                Err(d) => {
                    problems.push(d);
                    return (None, None, None);
                }
            }
        }
        None => {
            let n = map.get("kontoplan").unwrap_or(node);
            problems.push(
                located(shown, n, format!("okänd kontoplan `{plan_name}`")).hint(
                    "skriv `bas`, `kommun-bas` eller en egen kontoplan, t.ex. `kontoplan.yaml`",
                ),
            );
            return (None, None, None);
        }
    };
    let accounts_as_rows = match map.get("konton") {
        None => false,
        Some(Node {
            value: Value::Bool(b),
            ..
        }) => *b,
        Some(n) => {
            problems.push(located(
                shown,
                n,
                "`konton` ska vara true (en rad per konto) eller false (bara grupperna)".into(),
            ));
            true
        }
    };
    let notes = map.get("noter");
    let mut forecasts = sie::Forecasts::default();
    let mut forecast_file = None;
    if let Some(n) = map.get("prognos") {
        // A `typ: prognos` file beside the document: the year's prognosis per account.
        let read = n
            .as_text()
            .ok_or_else(|| {
                crate::diagnostics::PathError::from(
                    "`prognos` ska vara en filväg, t.ex. prognos.yaml".to_owned(),
                )
            })
            .and_then(|rel| crate::project::project_path(root, dir, rel));
        match read {
            Ok(path) => {
                let f = path.trim_start_matches('/').to_owned();
                match read_text(&root.join(&f), &f, problems).and_then(|t| yaml::parse(&t, &f, 0)) {
                    Ok(node) => forecasts = sie::forecasts(&node, &f, problems),
                    Err(d) => problems.push(d),
                }
                forecast_file = Some(f);
            }
            Err(m) => problems.push(m.error().in_file(shown).at(n.position)),
        }
    }
    let request = sie::Request {
        forecasts,
        forecast_file,
        period,
        period_at: Some((shown.to_owned(), period_node.unwrap_or(node).position)),
        accounts_as_rows,
        allow_incomplete: sie::allow_incomplete(map.get("ofullständig"), shown, problems),
        report_signs: crate::model::statement::signs(map.get("tecken"), shown, problems),
        form: crate::model::statement::form(map.get("form"), shown, problems),
        columns: crate::model::statement::income_columns(map.get("kolumner"), shown, problems)
            .or_else(|| defaults.columns.clone()),
    };
    // `avvikelser:` on the books (or in front matter): the rows the books make are checked as
    // written ones are; their place is the `typ: sie` file, the rows having no line of their own.
    let comments = map.get("kommentarer");
    let threshold_at = map.get("avvikelser").map_or(node.position, |n| n.position);
    let threshold =
        crate::model::statement::Threshold::read(map.get("avvikelser"), shown, problems)
            .or(defaults.threshold);
    problems.extend(map.unknown_keys(sie::KEYS, "SIE-filen"));
    let Some(rel) = file_node.as_text() else {
        problems.push(located(shown, file_node, "`fil` ska vara en filväg".into()));
        return (None, None, None);
    };
    let path = match crate::project::project_path(root, dir, rel) {
        Ok(p) => p,
        Err(m) => {
            problems.push(m.error().in_file(shown).at(file_node.position));
            return (None, None, None);
        }
    };
    let se_file = path.trim_start_matches('/').to_owned();
    let bytes = match std::fs::read(root.join(&se_file)) {
        Ok(b) => b,
        Err(e) => {
            problems
                .push(Diagnostic::error(format!("kan inte läsa SIE-filen: {e}")).in_file(&se_file));
            return (None, None, None);
        }
    };
    let text = sie::decode(&bytes);
    let (books, found) = sie::parse(&text, &se_file);
    problems.extend(found);
    // A closed year (8999 against 2099) reads like an open one.
    let books = crate::model::closing::reopen(&books);
    let (mut income, mut balance) = sie::statements(&books, &plan, &request, &se_file, problems);
    if let Some(notes) = notes {
        crate::model::notes::attach(notes, shown, &mut [&mut income, &mut balance], problems);
    }
    if let Some(comments) = comments {
        crate::model::notes::attach_comments(comments, shown, &mut [&mut income], problems);
    }
    if let Some(threshold) = threshold {
        let report = crate::model::statement::Unexplained {
            file: shown,
            at: Some(threshold_at),
            hint: "skriv `kommentarer: { <radens namn>: varför utfallet avviker }` i SIE-filens datafil, eller förklara raden i texten med `{{ avvikelse(rad=\"<radens namn>\") }}`",
        };
        for (_, lines) in &income.sections {
            threshold.check(
                lines,
                &income.columns,
                income.unit,
                &defaults.explained,
                &report,
                problems,
            );
        }
    }
    // An amount of the books that could not be read is reported once; the balance over it is
    // unknown.
    if !books.unknown {
        balance.check_balance(Position { line: 1, column: 1 }, problems);
    }
    let flow = crate::model::closing::annual(
        &books,
        &plan,
        &plan_name,
        period,
        &mut income,
        accounts_as_rows,
        (shown, file_node.position),
        problems,
    );
    (Some(income), Some(balance), flow)
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

    fn parse_front(text: &str) -> (Option<FrontMatter>, Vec<Diagnostic>) {
        let node = yaml::parse(text, "i.md", 1).unwrap();
        let mut problems = Vec::new();
        let f = front_matter(&node, "i.md", &mut problems);
        (f, problems)
    }

    #[test]
    fn reads_front_matter() {
        let (f, p) = parse_front(
            "typ: verksamhetsplan\ntitel: Plan\ndatum: 2020-11-27\nstatus: fastställd\nfastställd: { organ: styrelsen, datum: 2020-11-27, paragraf: § 108 }\n",
        );
        assert!(p.is_empty(), "{p:?}");
        let f = f.unwrap();
        assert_eq!(f.kind, Kind::Plan);
        assert!(!f.draft);
        assert_eq!(
            f.adoption.unwrap().line(),
            "Antagen av styrelsen den 27 november 2020, § 108"
        );
    }

    #[test]
    fn signatures_read_as_a_line_and_are_checked() {
        let (f, p) = parse_front(
            "typ: årsredovisning\ntitel: Å\nunderskrifter: { ort: Sjöby, datum: 2020-02-20 }\n",
        );
        assert!(p.is_empty(), "{p:?}");
        let f = f.unwrap();
        assert_eq!(f.signatures.map(|p| p.line), Some(4));
        let shown = format!("{:?}", f.value);
        assert!(
            shown.contains("Text(\"Sjöby den 20 februari 2020\")"),
            "{shown}"
        );
        let (f, p) = parse_front(
            "typ: årsredovisning\ntitel: Å\nunderskrifter: { ort: Sjöby, datum: 20/2, plats: x }\n",
        );
        assert!(f.is_none());
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("20/2")), "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains("okänd nyckel `plats`")),
            "{messages:?}"
        );
    }

    #[test]
    fn reports_every_front_matter_problem() {
        let (f, p) = parse_front("typ: rapprt\ntittel: X\ndatum: 27/11\nstatus: klar\n");
        assert!(f.is_none());
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("okänd dokumenttyp `rapprt`")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("27/11")));
        assert!(messages.iter().any(|m| m.contains("okänd status")));
        assert!(messages.iter().any(|m| m.contains("okänd nyckel `tittel`")));
        // The misspelt `tittel` is the one mistake: not also a missing `titel`.
        assert!(!messages.iter().any(|m| m.contains("saknar `titel`")));
        let date = p.iter().find(|d| d.message.contains("27/11")).unwrap();
        assert_eq!(date.position.map(|p| p.line), Some(4));
    }
}
