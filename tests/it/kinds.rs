//! The kinds of the everyday mistakes that are no figure, key or name: a YAML text that cannot
//! be read (`syntax`), compared through `check --meddelanden=json` by their kind, their data
//! and their place rather than by their text.

use serde_json::{Value, json};

use crate::support::{arshjul, described, fixture, of_kind};

/// `check --meddelanden=json` of the `dussin` fixture: its stdout.
fn dussin() -> String {
    let project = fixture("dussin");
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    stdout
}

/// The expected `(place, fields)` of [`of_kind`], written shortly.
fn expect(rows: &[(&str, Vec<Value>)]) -> Vec<(String, Vec<Value>)> {
    rows.iter()
        .map(|(place, fields)| ((*place).to_owned(), fields.clone()))
        .collect()
}

/// The YAML mistakes of `dussin` (a tab, a key twice, a `: ` in a value, a quote inside a
/// quoted value, indentation, a decimal comma in a list and in a map, front matter never
/// closed) are `syntax`, each with its shape (`vad`), the key and what it quotes as written, at
/// its place.
#[test]
fn the_yaml_mistakes_of_dussin_are_syntax() {
    let stdout = dussin();
    let null = Value::Null;
    assert_eq!(
        of_kind(&stdout, "syntax", &["vad", "nyckel", "skrivet"]),
        expect(&[
            (
                "content/a/index.md:4:1",
                vec![json!("tabb"), null.clone(), null.clone()]
            ),
            (
                "content/b/index.md:4:1",
                vec![json!("dubbel_nyckel"), json!("titel"), null.clone()]
            ),
            (
                "content/h/index.md:1:1",
                vec![json!("öppen_front_matter"), null.clone(), null.clone()]
            ),
            (
                "content/n-kolon/index.md:3:8",
                vec![
                    json!("kolon_i_värde"),
                    json!("titel"),
                    json!("Verksamhetsplan 2027: fokus på unga")
                ]
            ),
            (
                "content/o-citat/index.md:3:8",
                vec![
                    json!("citattecken"),
                    json!("titel"),
                    json!("\"Planen \"Unga vuxna\" 2027\"")
                ]
            ),
            (
                "content/p-indrag/budget.yaml:9:4",
                vec![json!("indrag"), null.clone(), json!("rader:")]
            ),
            (
                "content/x-kaskad/budget.yaml:2:8",
                vec![json!("kolon_i_värde"), json!("enhet"), json!("tkr: x")]
            ),
            (
                "content/z-decimal/budget.yaml:11:34",
                vec![json!("decimalkomma"), null.clone(), json!("120,5")]
            ),
            (
                "content/zf-tabb/data.yaml:6:1",
                vec![json!("tabb"), null.clone(), null.clone()]
            ),
            (
                "content/zi-decimal-map/resultatrakning.yaml:7:53",
                vec![json!("decimalkomma"), null.clone(), json!("310,5")]
            ),
        ])
    );
    // Wrong indentation says where the line above starts.
    assert_eq!(
        of_kind(&stdout, "syntax", &["vad", "kolumn_ovanför"])
            .into_iter()
            .filter(|(_, f)| f[0] == "indrag")
            .map(|(_, f)| f[1].clone())
            .collect::<Vec<_>>(),
        [json!(5)]
    );
}

/// A quote and a bracket that are never closed, and a key written twice in front matter, are
/// `syntax` too, with the quote or bracket as `tecken`.
#[test]
fn a_quote_or_bracket_never_closed_is_syntax() {
    let project = fixture("minimal");
    let content = project.path().join("content");
    for (name, line) in [
        ("citat", "titel: \"Plan 2027"),
        ("hakparentes", "titel: [Plan, 2027"),
    ] {
        std::fs::create_dir_all(content.join(name)).unwrap();
        std::fs::write(
            content.join(name).join("index.md"),
            format!("---\ntyp: verksamhetsplan\n{line}\ndatum: 2020-11-27\n---\n# Inledning\n"),
        )
        .unwrap();
    }
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert_eq!(
        of_kind(&stdout, "syntax", &["vad", "tecken"]),
        expect(&[
            (
                "content/citat/index.md:3:8",
                vec![json!("öppet_citattecken"), json!("\"")]
            ),
            (
                "content/hakparentes/index.md:3:8",
                vec![json!("öppen_parentes"), json!("[")]
            ),
        ]),
        "{stderr}"
    );
}

/// The files of `dussin` that do not exist (a data file's `källa`, a CSV source, an image) are
/// `saknad_fil`: the path as written, the folder searched, and the file beside it whose name
/// differs only in case, where there is one. (`k`'s path out of the project depends on where
/// the copy of the fixture lies: from a temporary folder it reaches `/etc/passwd`.)
#[test]
fn the_files_of_dussin_that_do_not_exist_are_saknad_fil() {
    let stdout = dussin();
    assert_eq!(
        of_kind(&stdout, "saknad_fil", &["skrivet", "sökt_i", "förslag"]),
        expect(&[
            (
                "content/f/stat.yaml:4:8",
                vec![json!("saknas.csv"), json!("content/f"), Value::Null]
            ),
            (
                "content/zd-csv/deltagare.yaml:3:8",
                vec![
                    json!("Deltagare.csv"),
                    json!("content/zd-csv"),
                    json!("deltagare.csv")
                ]
            ),
            (
                "content/zj-bild/index.md:8:1",
                vec![
                    json!("Karta.png"),
                    json!("content/zj-bild"),
                    json!("karta.png")
                ]
            ),
        ])
    );
}

/// The files of `dussin` saved as Windows-1252 (a document, a CSV file) are `teckenkodning`
/// warnings, `vad` `windows_1252`, on the file.
#[test]
fn the_files_of_dussin_saved_as_windows_1252_are_teckenkodning() {
    let stdout = dussin();
    assert_eq!(
        of_kind(&stdout, "teckenkodning", &["vad", "allvarlighet"]),
        expect(&[
            (
                "content/i/index.md:null:null",
                vec![json!("windows_1252"), json!("varning")]
            ),
            (
                "content/ze-csv-latin1/deltagare.csv:null:null",
                vec![json!("windows_1252"), json!("varning")]
            ),
        ])
    );
}

/// A UTF-8 document with a stray byte is a `teckenkodning` error at the byte, with the byte and
/// the character that shows the file to be UTF-8; a UTF-16 document that breaks off is one
/// too.
#[test]
fn a_stray_byte_and_broken_utf16_are_teckenkodning() {
    let project = fixture("minimal");
    let content = project.path().join("content");
    let mut stray = b"---\ntyp: verksamhetsplan\ntitel: F\xc3\xb6rbundet\ndatum: 2020-11-27\n---\n# Inledning\n\nTr\xe4d\n".to_vec();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "---\ntyp: verksamhetsplan\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    utf16.push(b'x');
    for (name, bytes) in [("byte", &mut stray), ("utf16", &mut utf16)] {
        std::fs::create_dir_all(content.join(name)).unwrap();
        std::fs::write(content.join(name).join("index.md"), bytes).unwrap();
    }
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert_eq!(
        of_kind(
            &stdout,
            "teckenkodning",
            &["vad", "allvarlighet", "byte", "exempel", "exempel_rad"]
        ),
        expect(&[
            (
                "content/byte/index.md:8:3",
                vec![
                    json!("felaktig_byte"),
                    json!("fel"),
                    json!("0xE4"),
                    json!("ö"),
                    json!(3)
                ]
            ),
            (
                "content/utf16/index.md:null:null",
                vec![
                    json!("trasig_utf16"),
                    json!("fel"),
                    Value::Null,
                    Value::Null,
                    Value::Null
                ]
            ),
        ]),
        "{stderr}"
    );
}

/// Counts that should agree and do not are `fel_antal`: in `dussin` a budget post with one
/// amount for two years and a CSV row with three fields under a header of two; in a table, a
/// series with two values for three categories.
#[test]
fn counts_that_disagree_are_fel_antal() {
    let fields = ["vad", "nyckel", "namn", "antal", "väntat_antal"];
    let null = Value::Null;
    assert_eq!(
        of_kind(&dussin(), "fel_antal", &fields),
        expect(&[
            (
                "content/d/budget.yaml:5:29",
                vec![
                    json!("belopp"),
                    json!("belopp"),
                    null.clone(),
                    json!(1),
                    json!(2)
                ]
            ),
            (
                "content/g/stat.csv:3:1",
                vec![
                    json!("fält"),
                    null.clone(),
                    null.clone(),
                    json!(3),
                    json!(2)
                ]
            ),
        ])
    );
    let project = fixture("minimal");
    let dir = project.path().join("content/tabell");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("stat.yaml"),
        "typ: tabell\ntitel: T\nkategorier: [a, b, c]\nserier:\n  - namn: Lerum\n    värden: [1, 2]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("index.md"),
        "---\ntyp: rapport\ntitel: Tabell\ndatum: 2020-11-27\n---\nText.\n",
    )
    .unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert_eq!(
        of_kind(&stdout, "fel_antal", &fields),
        expect(&[(
            "content/tabell/stat.yaml:6:13",
            vec![
                json!("värden"),
                null.clone(),
                json!("Lerum"),
                json!(2),
                json!(3)
            ]
        )]),
        "{stderr}"
    );
}

/// The narratives of `dussin` that ask their template for what is not there (a block never
/// closed, a misspelt field, an index past the end, an unknown filter or tag, a list or a table
/// written out whole) are
/// `mall`, each with what it asked for (`vad`, `namn`) and of what (`i`), at its place.
#[test]
fn the_template_mistakes_of_dussin_are_mall() {
    let stdout = dussin();
    let null = Value::Null;
    assert_eq!(
        of_kind(&stdout, "mall", &["vad", "namn", "i"]),
        expect(&[
            (
                "content/j/index.md:5:6",
                vec![json!("ostängd"), json!("if"), null.clone()]
            ),
            (
                "content/q-stavning/index.md:6:26",
                vec![json!("fält"), json!("summa_kostnad"), json!("budget")]
            ),
            (
                "content/r-index/index.md:6:41",
                vec![json!("index"), json!("3"), json!("budget.summa_kostnader")]
            ),
            (
                "content/s-filter/index.md:12:38",
                vec![json!("filter"), json!("Tkr"), null.clone()]
            ),
            (
                "content/t-tagg/index.md:6:12",
                vec![json!("tagg"), json!("procent"), null.clone()]
            ),
            (
                "content/u-ra/index.md:6:14",
                vec![json!("lista"), null.clone(), json!("budget.medlemsbidrag")]
            ),
            (
                "content/u-ra/index.md:6:52",
                vec![json!("tabell"), null.clone(), json!("budget")]
            ),
            (
                "content/ze-csv-latin1/index.md:6:48",
                vec![json!("fält"), json!("titl"), json!("dokument")]
            ),
        ])
    );
}

/// The documents of `dussin` without `datum` are warned as `saknad_nyckel` of the `dokument`,
/// key `datum`, in their index.md.
#[test]
fn a_document_without_datum_is_a_missing_key_of_the_document() {
    let stdout = dussin();
    let undated: Vec<String> = of_kind(&stdout, "saknad_nyckel", &["vad", "nyckel"])
        .into_iter()
        .filter(|(_, fields)| fields[0] == "dokument")
        .map(|(place, fields)| {
            assert_eq!(fields[1], "datum", "{place}");
            place
        })
        .collect();
    let expected: Vec<String> = ["d", "e", "f", "g", "i", "k", "l"]
        .iter()
        .map(|d| format!("content/{d}/index.md:null:null"))
        .collect();
    assert_eq!(undated, expected, "{stdout}");
}

/// A budget's cost written as a negative amount (`dussin`'s zb-varningar) is a warning of the
/// kind `negativ_kostnad`, with the post, the year and the amount as written.
#[test]
fn a_negative_cost_is_its_kind_with_post_year_and_amount() {
    let stdout = dussin();
    assert_eq!(
        of_kind(
            &stdout,
            "negativ_kostnad",
            &["namn", "år", "belopp", "allvarlighet"]
        ),
        expect(&[(
            "content/zb-varningar/budget.yaml:10:34",
            vec![
                json!("Kansli"),
                json!(2021),
                json!("-500"),
                json!("varning")
            ]
        )])
    );
}
