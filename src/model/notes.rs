//! Noter: the numbered notes of an årsredovisning. A statement row's `not:` becomes a number in
//! a “Not” column, and the texts a Noter section, numbered in the order the statements print
//! (resultaträkning, balansräkning, kassaflödesanalys, driftredovisning); the same text twice
//! keeps one number. Other documents keep their notes as footnotes.

/// `noter: { "Kassa och bank": "text" }` on a `typ: sie`: notes on the rows the books make,
/// by the row's name as printed (a group of the account plan, or `1930 Bank` with `konton: true`).
/// A name no statement has is an error at its key, with the nearest name as a hint.
pub fn attach(
    node: &crate::yaml::Node,
    file: &str,
    statements: &mut [&mut super::statement::Statement],
    problems: &mut Vec<crate::diagnostics::Diagnostic>,
) {
    attach_to_rows(node, file, statements, Attached::Note, problems);
}

/// `kommentarer: { "Nettoomsättning": "text" }` on a `typ: sie`: why a row the books make
/// deviates from its budget (the `kommentar:` of a written row), by the row's printed name.
pub fn attach_comments(
    node: &crate::yaml::Node,
    file: &str,
    statements: &mut [&mut super::statement::Statement],
    problems: &mut Vec<crate::diagnostics::Diagnostic>,
) {
    attach_to_rows(node, file, statements, Attached::Comment, problems);
}

/// What a map of row names gives the rows.
#[derive(Clone, Copy)]
enum Attached {
    Note,
    Comment,
}

fn attach_to_rows(
    node: &crate::yaml::Node,
    file: &str,
    statements: &mut [&mut super::statement::Statement],
    what: Attached,
    problems: &mut Vec<crate::diagnostics::Diagnostic>,
) {
    use crate::diagnostics::{Diagnostic, Kind, Named};
    use crate::yaml::Value;
    let (key_name, item) = match what {
        Attached::Note => ("noter", "noten"),
        Attached::Comment => ("kommentarer", "kommentaren"),
    };
    let Value::Map(entries) = &node.value else {
        problems.push(
            Diagnostic::error_of(crate::diagnostics::Kind::wrong_form(
                crate::diagnostics::Form::Map,
                key_name,
                node.kind(),
            ))
            .in_file(file)
            .at(node.position)
            .hint(format!(
                "skriv t.ex. `{key_name}: {{ Kassa och bank: Medlen står på ett konto i banken. }}`"
            )),
        );
        return;
    };
    fn place(lines: &mut [super::statement::Line], name: &str, text: &str, what: Attached) -> bool {
        let mut found = false;
        for line in lines {
            if line.name == name {
                let slot = match what {
                    Attached::Note => &mut line.keys.note,
                    Attached::Comment => &mut line.keys.comment,
                };
                *slot = Some(text.to_owned());
                found = true;
            }
            found |= place(&mut line.lines, name, text, what);
        }
        found
    }
    fn names(lines: &[super::statement::Line], out: &mut Vec<String>) {
        for line in lines {
            out.push(line.name.clone());
            names(&line.lines, out);
        }
    }
    for (key, value) in entries {
        let Some(text) = value.as_text() else {
            problems.push(
                Diagnostic::error_of(crate::diagnostics::Kind::WrongForm {
                    what: crate::diagnostics::Shape::Subject {
                        subject: format!("{item} för `{}`", key.name),
                        found: None,
                    },
                    key: None,
                    written: None,
                    expected: crate::diagnostics::Form::Text,
                })
                .in_file(file)
                .at(value.position),
            );
            continue;
        };
        let mut found = false;
        for statement in statements.iter_mut() {
            for (_, lines) in &mut statement.sections {
                found |= place(lines, &key.name, text, what);
            }
        }
        if !found {
            let mut all = Vec::new();
            for statement in statements.iter() {
                for (_, lines) in &statement.sections {
                    names(lines, &mut all);
                }
            }
            problems.push(
                Diagnostic::error_of(Kind::unknown_name(
                    Named::NoteRow,
                    &key.name,
                    all.iter().map(String::as_str),
                ))
                .in_file(file)
                .at(key.position),
            );
        }
    }
}
