//! `index.md`'s front matter, read into a typed [`FrontMatter`]: every key checked, every
//! problem collected with its place.

use crate::diagnostics::{self, Diagnostic, Missing, Named, Position};
use crate::money::Date;
use crate::yaml::{MapReader, Node, Value};

use super::Kind;

/// The adoption of a document (`fastställd:`): which body decided it, when, under which §.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Adoption {
    /// The deciding body (`styrelsen`).
    pub body: Option<String>,
    /// The date of the decision.
    pub date: Option<Date>,
    /// The paragraph of the minutes (`§ 108`).
    pub paragraph: Option<String>,
    /// Where the date is written, for messages about it.
    pub date_at: Option<Position>,
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
    "arkiv",
];

/// `index.md`'s front matter, checked.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// `typ`
    pub kind: Kind,
    /// `titel`
    pub title: String,
    /// `undertitel`
    pub subtitle: Option<String>,
    /// `dnr`, the diary number.
    pub dnr: Option<String>,
    /// `serie`
    pub series: Option<String>,
    /// `datum`
    pub date: Option<Date>,
    /// `redigerad`, the date of the last revision.
    pub revised: Option<Date>,
    /// `status: utkast` (the default) puts UTKAST on every page.
    pub draft: bool,
    /// `fastställd`
    pub adoption: Option<Adoption>,
    /// `författare`, as a list.
    pub authors: Vec<String>,
    /// `nyckelord`, as a list.
    pub keywords: Vec<String>,
    /// `brevhuvud`: the document is a letter (tjänsteutlåtande) with this heading.
    pub letterhead: Option<Letterhead>,
    /// `innehåll`: whether the layout places a table of contents (default: yes, but not under
    /// a letterhead).
    pub contents: bool,
    /// `underskrifter`, the årsredovisning's signatures.
    pub signatures: Option<Signatures>,
    /// `arkiv: true`: the PDF is the archive edition (PDF/A-3a carrying its sources, as with
    /// `build --arkiv`); where the key is written, for messages about it.
    pub archive: Option<Position>,
}

/// `brevhuvud: { handling, handläggare }`.
#[derive(Debug, Clone, Default)]
pub struct Letterhead {
    /// `handling`, the kind of paper (“Tjänsteutlåtande”).
    pub document: Option<String>,
    /// `handläggare`, who wrote it.
    pub officer: Option<String>,
}

/// `underskrifter: { ort, datum }`: where and when the board signs.
#[derive(Debug, Clone)]
pub struct Signatures {
    /// `ort`
    pub place: Option<String>,
    /// `datum`
    pub date: Option<Date>,
    /// Where `underskrifter` is written, for messages.
    pub at: Position,
}

impl Signatures {
    /// “Sjöby den 20 februari 2020”.
    pub fn line(&self) -> String {
        let mut line = self.place.clone().unwrap_or_default();
        if let Some(d) = self.date {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&format!("den {}", d.swedish()));
        }
        line
    }
}

pub(super) fn located(file: &str, node: &Node, message: String) -> Diagnostic {
    Diagnostic::error(message).in_file(file).at(node.position)
}

/// `status: fastställd` against `fastställd:`. A verksamhetsplan, delårsrapport or
/// årsredovisning is adopted by a body on a day, and its cover says so: without `fastställd:`
/// the cover would show neither UTKAST nor the adoption, an error at `status`. (A `rapport` may
/// be final without a decision: a published study, a tjänsteutlåtande.) An adoption dated after
/// today, or after the document's `datum`, is a warning at its date.
fn adoption_checks(
    status: &Node,
    kind: Option<Kind>,
    date: Option<Date>,
    draft: bool,
    adoption: Option<&Adoption>,
    file: &str,
    reader: &mut MapReader<'_>,
) {
    if draft {
        return;
    }
    let Some(adoption) = adoption else {
        if kind.is_some_and(|k| k != Kind::Report) {
            reader.report(
                located(
                    file,
                    status,
                    "`status: fastställd` men `fastställd:` saknas: omslaget visar då varken UTKAST eller när och av vem dokumentet fastställdes".into(),
                )
                .hint(format!(
                    "skriv t.ex. `fastställd: {{ organ: styrelsen, datum: {}, paragraf: § 12 }}`, eller `status: utkast` om dokumentet inte är fastställt ännu",
                    date.map_or_else(|| "2020-11-27".to_owned(), Date::iso)
                )),
            );
        }
        return;
    };
    let (Some(adopted), Some(at)) = (adoption.date, adoption.date_at) else {
        return;
    };
    let warning = |message: String| Diagnostic::warning(message).in_file(file).at(at);
    let today = crate::money::Date::today();
    if today.is_some_and(|t| adopted > t) {
        reader.report(
            warning(format!(
                "`fastställd` är daterad {}, ett datum som inte har varit ännu",
                adopted.swedish()
            ))
            .hint("skriv dagen då beslutet togs; är dokumentet inte fastställt ännu, skriv `status: utkast`"),
        );
    } else if let Some(written) = date
        && adopted > written
    {
        reader.report(
            warning(format!(
                "`fastställd` är daterad {}, efter dokumentets `datum` {}",
                adopted.swedish(),
                written.swedish()
            ))
            .hint("ett dokument dateras den dag det fastställs eller tidigare: rätta `datum` eller beslutets datum"),
        );
    }
}

pub(super) fn front_matter(
    node: &Node,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let mut reader = MapReader::open(node, file, "front matter", problems)?;
    let kind = match reader.get("typ") {
        None => {
            reader.report(
                Diagnostic::error_of(diagnostics::Kind::missing_choice(
                    Missing::FrontMatter,
                    "typ",
                    Kind::NAMES.iter().copied(),
                ))
                .in_file(file)
                .at(node.position),
            );
            None
        }
        Some(n) => {
            let kind = n.as_text().and_then(Kind::parse);
            if kind.is_none() {
                let written = n.as_text().unwrap_or("");
                reader.report(
                    Diagnostic::error_of(diagnostics::Kind::unknown_name(
                        Named::DocumentKind,
                        written,
                        Kind::NAMES.iter().copied(),
                    ))
                    .in_file(file)
                    .at(n.position),
                );
            }
            kind
        }
    };

    let title = match reader.text("titel") {
        Ok(Some(title)) => Some(title),
        // A misspelt `tittel` is one mistake, reported as the unknown key: not also a missing
        // `titel`.
        Ok(None) if !reader.misspelt("titel", &[]) => {
            reader.report(
                Diagnostic::error_of(diagnostics::Kind::missing_key(
                    Missing::FrontMatter,
                    "titel",
                ))
                .in_file(file)
                .at(node.position),
            );
            None
        }
        Ok(None) => None,
        Err(d) => {
            reader.report(d);
            None
        }
    };
    let subtitle = reader.text_or_report("undertitel");
    let dnr = reader.text_or_report("dnr");
    let series = reader.text_or_report("serie");
    let date = reader.date_or_report("datum");
    let revised = reader.date_or_report("redigerad");

    let status = reader.get("status");
    let draft = match status {
        None => true,
        Some(n) => match n.as_text().map(|t| crate::text::fold_ascii(t.trim())) {
            Some(t) if t == "utkast" => true,
            Some(t) if t == "faststalld" => false,
            _ => {
                reader.report(
                    Diagnostic::error_of(diagnostics::Kind::unknown_name(
                        Named::Status,
                        n.as_text().unwrap_or(""),
                        ["utkast", "fastställd"],
                    ))
                    .in_file(file)
                    .at(n.position),
                );
                true
            }
        },
    };

    let adoption = reader.inner(
        "fastställd",
        "skriv till exempel `fastställd: { organ: styrelsen, datum: 2020-11-27, paragraf: § 108 }`",
        &["organ", "datum", "paragraf"],
        |inner, _| Adoption {
            body: inner.text_or_report("organ"),
            paragraph: inner.text_or_report("paragraf"),
            date_at: inner.get("datum").map(|n| n.position),
            date: inner.date_or_report("datum"),
        },
    );
    if let Some(status) = status {
        adoption_checks(
            status,
            kind,
            date,
            draft,
            adoption.as_ref(),
            file,
            &mut reader,
        );
    }

    let authors = reader.texts_or_report("författare");
    let keywords = reader.texts_or_report("nyckelord");

    let letterhead = reader.inner(
        "brevhuvud",
        "skriv till exempel `brevhuvud: { handling: Tjänsteutlåtande, handläggare: Annika Ruys-Hagberg }`",
        &["handling", "handläggare"],
        |inner, _| Letterhead {
            document: inner.text_or_report("handling"),
            officer: inner.text_or_report("handläggare"),
        },
    );

    let contents = flag(&mut reader, "innehåll", file).unwrap_or(letterhead.is_none());
    let archive = match flag(&mut reader, "arkiv", file) {
        Some(true) => reader.get("arkiv").map(|n| n.position),
        _ => None,
    };

    // `underskrifter: { ort: Sjöby, datum: 2020-02-20 }`: “Sjöby den 20 februari 2020”.
    let signatures = reader.inner(
        "underskrifter",
        "skriv till exempel `underskrifter: { ort: Sjöby, datum: 2020-02-20 }`",
        &["ort", "datum"],
        |inner, at| Signatures {
            place: inner.text_or_report("ort"),
            date: inner.date_or_report("datum"),
            at,
        },
    );

    // Read with the statements (model::statement::Defaults).
    reader.get("avvikelser");
    reader.get("kolumner");
    problems.extend(reader.finish(FRONT_MATTER_KEYS, "front matter"));
    if problems.iter().any(Diagnostic::is_error) {
        return None;
    }
    let (kind, title) = (kind?, title?);

    Some(FrontMatter {
        kind,
        title,
        subtitle,
        dnr,
        series,
        date,
        revised,
        draft,
        adoption,
        authors,
        keywords,
        letterhead,
        contents,
        signatures,
        archive,
    })
}

/// A `true`/`false` key: `None` when it is not written, or (reported) when it is something
/// else.
fn flag(reader: &mut MapReader<'_>, key: &str, file: &str) -> Option<bool> {
    let node = reader.get(key)?;
    match node.value {
        Value::Bool(b) => Some(b),
        _ => {
            let kind = diagnostics::Kind::wrong_form(diagnostics::Form::Bool, key, node.kind());
            reader.report(Diagnostic::error_of(kind).in_file(file).at(node.position));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

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
        let signatures = f.signatures.unwrap();
        assert_eq!(signatures.at.line, 4);
        assert_eq!(signatures.line(), "Sjöby den 20 februari 2020");
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
    fn arkiv_is_true_or_false() {
        let (f, p) = parse_front("typ: rapport\ntitel: R\narkiv: true\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(f.unwrap().archive.map(|at| at.line), Some(4));
        let (f, p) = parse_front("typ: rapport\ntitel: R\narkiv: false\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(f.unwrap().archive, None);
        let (f, p) = parse_front("typ: rapport\ntitel: R\n");
        assert_eq!(f.unwrap().archive, None, "{p:?}");
        let (f, p) = parse_front("typ: rapport\ntitel: R\narkiv: ja\n");
        assert!(f.is_none());
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].message
                .starts_with("`arkiv` ska vara true eller false"),
            "{}",
            p[0].message
        );
        assert_eq!(p[0].position.map(|p| p.line), Some(4));
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
