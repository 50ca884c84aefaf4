//! The diagnostics' tests: rendering, and each kind's text, hints and JSON.

use super::*;

#[test]
fn positions_count_characters() {
    let text = "första\nåäö x\n";
    assert_eq!(
        Position::of_offset(text, 0),
        Position { line: 1, column: 1 }
    );
    let x = text.find('x').unwrap();
    assert_eq!(
        Position::of_offset(text, x),
        Position { line: 2, column: 5 }
    );
    // An offset inside a multi-byte character does not panic.
    assert_eq!(Position::of_offset(text, 8).line, 2);
    assert_eq!(Position::of_offset(text, 999).line, 3);
}

#[test]
fn suggests_nearest_key() {
    let known = ["titel", "undertitel", "datum", "fastställd"];
    assert_eq!(nearest("tittel", known), Some("titel"));
    assert_eq!(nearest("faststalld", known), Some("fastställd"));
    assert_eq!(nearest("budget", known), None);
}

#[test]
fn a_kind_makes_its_message_and_carries_its_figures() {
    let d = Diagnostic::error_of(Kind::Mismatch {
        what: "summa kostnader 2020".into(),
        expected: rust_decimal::Decimal::from(101),
        computed: rust_decimal::Decimal::from(100),
        unit: crate::money::Unit::Kr,
    });
    assert_eq!(
        d.message,
        "summa kostnader 2020: väntat 101\u{a0}kr, beräknat 100\u{a0}kr"
    );
    let json: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
    assert_eq!(json["slag"], "fel_summa");
    assert_eq!(json["skillnad"], "1");
    assert_eq!(json["rad"], serde_json::Value::Null);
    assert!(
        Diagnostic::error("x")
            .json()
            .contains("\"slag\":\"övrigt\"")
    );
}

#[test]
fn an_unknown_key_makes_its_message_and_carries_its_suggestion() {
    let kind = |suggestion: Option<&str>| Kind::UnknownKey {
        key: "tittel".into(),
        known_in: "front matter".into(),
        suggestion: suggestion.map(str::to_owned),
    };
    let d = Diagnostic::error_of(kind(Some("titel")));
    assert_eq!(d.message, "okänd nyckel `tittel` i front matter");
    let json: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
    assert_eq!(json["slag"], "okänd_nyckel");
    assert_eq!(json["nyckel"], "tittel");
    assert_eq!(json["vad"], "front matter");
    assert_eq!(json["förslag"], "titel");
    let json: serde_json::Value =
        serde_json::from_str(&Diagnostic::error_of(kind(None)).json()).unwrap();
    assert_eq!(json["förslag"], serde_json::Value::Null);
    assert_eq!(kind::did_you_mean("titel"), "menade du `titel`?");
}

#[test]
fn an_unknown_name_makes_its_message_and_hint_and_carries_its_choices() {
    let charts = ["stapel", "liggande", "staplad", "ingen"];
    let d = Diagnostic::error_of(Kind::unknown_name(Named::Chart, "stapl", charts));
    assert_eq!(d.message, "okänt diagram `stapl`");
    assert_eq!(d.hints, ["menade du `stapel`?"]);
    let json: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
    assert_eq!(json["slag"], "okänt_namn");
    assert_eq!(json["vad"], "diagram");
    assert_eq!(json["skrivet"], "stapl");
    assert_eq!(json["förslag"], "stapel");
    assert_eq!(json["val"], serde_json::json!(charts));
    // Near none: the choices as the hint, in the words of what is named.
    let d = Diagnostic::error_of(Kind::unknown_name(Named::Chart, "cirkel", charts));
    assert_eq!(d.hints, ["skriv en av: stapel, liggande, staplad, ingen"]);
    let json: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
    assert_eq!(json["förslag"], serde_json::Value::Null);
    let d = Diagnostic::error_of(Kind::unknown_name(
        Named::IncomeColumn,
        "qqqq",
        ["budget", "utfall"],
    ));
    assert_eq!(
        (d.message.as_str(), d.hints.as_slice()),
        (
            "okänd kolumn `qqqq`",
            ["kolumner: budget, utfall".to_owned()].as_slice()
        )
    );
    // A row's amount under a column the statement lacks: no hint without a suggestion.
    let d = Diagnostic::error_of(Kind::unknown_name(
        Named::StatementColumn,
        "qqqq",
        ["utfall"],
    ));
    assert_eq!(d.message, "kolumnen `qqqq` finns inte");
    assert!(d.hints.is_empty());
}

#[test]
fn a_missing_key_makes_the_sentence_of_what_lacks_it() {
    let name = || "H".to_owned();
    let none: &[&str] = &[];
    for (kind, message, hint) in [
        (
            Kind::missing_key(Missing::SieData, "fil"),
            "`typ: sie` saknar `fil:` (SIE-filen)",
            None,
        ),
        (
            Kind::missing_choice(Missing::DataFile, "typ", ["budget", "tabell"]),
            "datafilen saknar `typ`",
            Some("skriv en av: budget, tabell"),
        ),
        (
            Kind::missing_choice(Missing::FrontMatter, "typ", ["rapport"]),
            "front matter saknar `typ`",
            Some("skriv en av: rapport"),
        ),
        (
            Kind::missing_key(Missing::FrontMatter, "titel"),
            "front matter saknar `titel`",
            None,
        ),
        (
            Kind::missing_key(Missing::Organisation, "namn"),
            "forbund.yaml saknar `namn`",
            None,
        ),
        (
            Kind::missing_key(Missing::Signatures, "styrelse"),
            "`underskrifter` kräver en styrelse: forbund.yaml saknar `styrelse`",
            Some(
                "lägg till `styrelse: [{ namn: ..., roll: ordförande, utsedd_av: ... }]` i forbund.yaml",
            ),
        ),
        (
            Kind::missing_key(Missing::BoardMember, "namn"),
            "ledamoten saknar `namn`",
            Some("skriv `{ namn: ..., roll: ..., utsedd_av: ... }`"),
        ),
        (
            Kind::missing_key(Missing::Share, "kommun"),
            "en kommun i `fördelning` saknar `kommun:`",
            Some("skriv kommunens namn, t.ex. `kommun: Mölndals stad`"),
        ),
        (
            Kind::missing_keys(Missing::Share, "andel", &["invånare"]),
            "en kommun i `fördelning` saknar `andel` eller `invånare`",
            Some("skriv `invånare: 70000` eller `andel: 0.6` (eller `andel: 60 %`)"),
        ),
        (
            Kind::missing_key(Missing::Budget, "år"),
            "budgeten saknar `år`",
            Some("skriv t.ex. `år: [2021, 2022, 2023]`"),
        ),
        (
            Kind::missing_key(Missing::Budget, "ingående_eget_kapital"),
            "budgeten saknar `ingående_eget_kapital`: det räknas som 0",
            Some(
                "skriv eget kapital vid första årets början, t.ex. `ingående_eget_kapital: 16900` (i budgetens enhet), eller 0",
            ),
        ),
        (
            Kind::missing_keys(Missing::BudgetPost { name: name() }, "belopp", none),
            "posten `H` saknar `belopp`",
            None,
        ),
        (
            Kind::missing_key(Missing::Group { name: name() }, "rader"),
            "gruppen `H` saknar `rader`",
            None,
        ),
        (
            Kind::missing_key(Missing::Plan, "grupper"),
            "kontoplanen saknar `grupper:`",
            None,
        ),
        (
            Kind::missing_keys(Missing::PlanGroup { name: name() }, "konton", &["grupper"]),
            "gruppen `H` saknar `konton:` (en lista) eller `grupper:`",
            None,
        ),
        (
            Kind::missing_key(Missing::Forecast, "rader"),
            "prognosfilen saknar `rader:` (en lista)",
            Some("skriv t.ex. `rader: [{ konto: 4010, prognos: -12500000 }]`"),
        ),
        (
            Kind::missing_key(Missing::ForecastPost { name: name() }, "prognos"),
            "raden för `H` saknar `prognos:`",
            None,
        ),
        (
            Kind::missing_key(
                Missing::ForecastAccount {
                    account: "4010".into(),
                },
                "prognos",
            ),
            "raden för konto 4010 saknar `prognos:`",
            None,
        ),
        (
            Kind::missing_keys(Missing::ForecastRow, "konto", &["post"]),
            "raden saknar `konto:` eller `post:`",
            Some(
                "skriv `konto: 4010` eller `post:` med radens namn som det står i resultaträkningen",
            ),
        ),
        (
            Kind::missing_key(Missing::Series { name: name() }, "värden"),
            "serien `H` saknar `värden`",
            None,
        ),
    ] {
        let d = Diagnostic::error_of(kind);
        assert_eq!(d.message, message);
        assert_eq!(d.hints, hint.into_iter().collect::<Vec<_>>(), "{message}");
    }
    let d = Diagnostic::error_of(Kind::missing_keys(Missing::ForecastRow, "konto", &["post"]));
    let json: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
    assert_eq!(json["slag"], "saknad_nyckel");
    assert_eq!(json["vad"], "rad");
    assert_eq!(json["namn"], serde_json::Value::Null);
    assert_eq!(json["nyckel"], "konto");
    assert_eq!(json["eller"], serde_json::json!(["post"]));
    assert_eq!(json["val"], serde_json::json!([]));
    let d = Diagnostic::error_of(Kind::missing_key(Missing::Group { name: name() }, "rader"));
    let json: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
    assert_eq!(
        (&json["vad"], &json["namn"]),
        (&"grupp".into(), &"H".into())
    );
}

#[test]
fn a_wrong_form_makes_the_sentence_it_had() {
    let wrong = |what, key: Option<&str>, written: Option<&str>, expected| Kind::WrongForm {
        what,
        key: key.map(str::to_owned),
        written: written.map(str::to_owned),
        expected,
    };
    let subject = |subject: &str, found: Option<&str>| Shape::Subject {
        subject: subject.to_owned(),
        found: found.map(str::to_owned),
    };
    let item = Shape::Item {
        found: "ett tal".to_owned(),
    };
    let needed = Shape::Needed {
        found: "en lista".to_owned(),
    };
    for (kind, message) in [
        (
            Kind::wrong_written(Shape::Written, Form::Amount, None, "12 kr"),
            "`12 kr` är inte ett belopp; skriv till exempel 61478, -437001, 1234.50 eller \"1 234,50\"",
        ),
        (
            Kind::wrong_written(Shape::Written, Form::Date, None, "27/11 2020"),
            "`27/11 2020` är inte ett datum; skriv det som ÅÅÅÅ-MM-DD, t.ex. 2020-11-27",
        ),
        (
            wrong(needed, None, None, Form::Amount),
            "ett belopp behövs här, men värdet är en lista",
        ),
        (
            Kind::wrong_form(Form::Text, "titel", "en lista"),
            "`titel` ska vara en text, men är en lista",
        ),
        (
            wrong(item, Some("adress"), None, Form::Texts),
            "`adress` ska vara en lista av texter, men här står ett tal",
        ),
        (
            Kind::wrong_form(Form::TextOrList, "adress", "en tabell av nycklar"),
            "`adress` ska vara en text eller en lista, men är en tabell av nycklar",
        ),
        (
            Kind::wrong_form(Form::Date, "datum", "en lista"),
            "`datum` ska vara ett datum, men är en lista",
        ),
        (
            Kind::wrong_form(Form::Entries, "fastställd", "en text"),
            "`fastställd` ska vara nycklar med värden, men är en text",
        ),
        (
            wrong(
                subject("en rad", Some("ett tal")),
                None,
                None,
                Form::Entries,
            ),
            "en rad ska vara nycklar med värden, men är ett tal",
        ),
        (
            Kind::wrong_form(Form::AmountPerYear { years: 3 }, "belopp", "ett tal"),
            "`belopp` ska vara en lista med ett belopp per år (3), men är ett tal",
        ),
        (
            Kind::wrong_written(Shape::MapKey, Form::Year, Some("not"), "x"),
            "`not` ska ha ett år som nyckel, men har `x`",
        ),
        (
            Kind::wrong_form(Form::TextOrYearTexts, "not", "en lista"),
            "`not` ska vara en text eller år: text, men är en lista",
        ),
        (
            Kind::wrong_form_bare(Form::YearNumbers, "år"),
            "`år` ska vara årtal, t.ex. [2021, 2022, 2023]",
        ),
        (
            Kind::wrong_form_bare(Form::Years, "år"),
            "`år` ska vara en lista av årtal, t.ex. [2021, 2022, 2023]",
        ),
        (
            Kind::wrong_form(Form::Bool, "arkiv", "en text"),
            "`arkiv` ska vara true eller false, men är en text",
        ),
        (
            Kind::wrong_form(Form::Lines, "rader", "ett tal"),
            "`rader` ska vara en lista av poster och grupper, men är ett tal",
        ),
        (
            Kind::wrong_form(Form::Map, "noter", "en lista"),
            "`noter` ska vara en karta, men är en lista",
        ),
        (
            wrong(subject("noten för `Kassa`", None), None, None, Form::Text),
            "noten för `Kassa` ska vara en text",
        ),
        (
            Kind::wrong_written(Shape::No, Form::Year, Some("år"), "sjutton"),
            "`sjutton` är inget år",
        ),
        (
            Kind::wrong_form(Form::YearFigures, "år", "en lista"),
            "`år` ska vara år med sina nyckeltal, men är en lista",
        ),
        (
            wrong(
                subject("soliditeten", Some("en lista")),
                None,
                None,
                Form::Number,
            ),
            "soliditeten ska vara ett tal, men är en lista",
        ),
        (
            Kind::wrong_written(Shape::No, Form::Solidity, None, "hög"),
            "`hög` är ingen soliditet",
        ),
        (
            Kind::wrong_written(Shape::No, Form::AccountOrRange, None, "x"),
            "`x` är inget konto eller kontointervall",
        ),
        (
            Kind::wrong_form(Form::Shares, "fördelning", "en text"),
            "`fördelning` ska vara en lista av kommuner, men är en text",
        ),
        (
            Kind::wrong_form(Form::Number, "andel", "en lista"),
            "`andel` ska vara ett tal, men är en lista",
        ),
        (
            Kind::wrong_written(Shape::Written, Form::Share, Some("andel"), "1/3"),
            "`1/3` är inte en andel",
        ),
        (
            Kind::wrong_written(Shape::Quoted, Form::PositiveWhole, Some("invånare"), "-5"),
            "`invånare` ska vara ett positivt heltal, men är `-5`",
        ),
        (
            Kind::wrong_form(Form::Path, "logotyp", "ett tal"),
            "`logotyp` ska vara en sökväg, men är ett tal",
        ),
        (
            Kind::wrong_form(Form::List, "styrelse", "en text"),
            "`styrelse` ska vara en lista, men är en text",
        ),
        (
            wrong(Shape::Unbracketed, Some("belopp"), None, Form::List),
            "`belopp` ska vara en lista, men värdena står utan hakparenteser",
        ),
        (
            Kind::wrong_form_bare(Form::FilePath, "källa"),
            "`källa` ska vara en filväg",
        ),
        (
            Kind::wrong_form_bare(Form::FilePath, "prognos"),
            "`prognos` ska vara en filväg, t.ex. prognos.yaml",
        ),
        (
            Kind::wrong_form_bare(Form::List, "kolumner"),
            "`kolumner` ska vara en lista, t.ex. [budget, utfall]",
        ),
        (
            Kind::wrong_form_bare(Form::List, "kategorier"),
            "`kategorier` ska vara en lista",
        ),
        (
            Kind::wrong_form_bare(Form::Series, "serier"),
            "`serier` ska vara en lista av { namn, värden }",
        ),
        (
            Kind::wrong_form_bare(Form::Numbers, "värden"),
            "`värden` ska vara en lista av tal",
        ),
        (
            Kind::wrong_form_bare(Form::AccountsBool, "konton"),
            "`konton` ska vara true (en rad per konto) eller false (bara grupperna)",
        ),
        (
            Kind::wrong_form_bare(Form::Account, "konto"),
            "`konto` ska vara ett kontonummer, t.ex. 4010",
        ),
        (
            wrong(subject("en vikt", None), None, None, Form::Weight),
            "en vikt ska vara ett tal, 0 eller större",
        ),
        (
            Kind::wrong_written(
                Shape::Field {
                    field: SieField::Amount,
                },
                Form::Number,
                None,
                "12,5x",
            ),
            "beloppet `12,5x` är inget tal",
        ),
        (
            Kind::wrong_written(
                Shape::Field {
                    field: SieField::Account,
                },
                Form::Number,
                None,
                "19A0",
            ),
            "kontonumret `19A0` är inget tal",
        ),
        (
            Kind::wrong_written(
                Shape::Field {
                    field: SieField::Checksum,
                },
                Form::Number,
                None,
                "x",
            ),
            "kontrollsumman `x` är inget tal",
        ),
    ] {
        let d = Diagnostic::error_of(kind);
        assert_eq!(d.message, message);
        assert!(d.hints.is_empty(), "{message}");
    }
    let d = Diagnostic::error_of(Kind::wrong_written(
        Shape::Written,
        Form::Amount,
        None,
        "tolv",
    ));
    let json: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
    assert_eq!(json["slag"], "fel_form");
    assert_eq!(json["form"], "belopp");
    assert_eq!(json["nyckel"], serde_json::Value::Null);
    assert_eq!(json["skrivet"], "tolv");
    assert_eq!(json["funnet"], serde_json::Value::Null);
    assert_eq!(json.get("väntat"), None);
    let d = Diagnostic::error_of(Kind::wrong_form(Form::List, "styrelse", "en text"));
    let json: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
    assert_eq!(
        (&json["form"], &json["nyckel"], &json["funnet"]),
        (&"lista".into(), &"styrelse".into(), &"en text".into())
    );
}

#[test]
fn a_name_with_a_hint_of_its_own_keeps_it_after_the_suggestion() {
    let units = ["kr", "tkr", "mnkr"];
    let hints = |kind: Kind| Diagnostic::error_of(kind).hints;
    let unit = |named, written| Kind::unknown_name(Named::Unit { named }, written, units);
    assert_eq!(
        Diagnostic::error_of(unit(true, "Tkr")).message,
        "okänd enhet `Tkr`"
    );
    assert_eq!(
        hints(unit(true, "Tkr")),
        ["menade du `tkr`?", "skriv kr, tkr eller mnkr"]
    );
    assert_eq!(
        Diagnostic::error_of(unit(false, "sek")).message,
        "okänd enhet"
    );
    assert_eq!(hints(unit(false, "sek")), ["skriv kr, tkr eller mnkr"]);
    let status = Kind::unknown_name(Named::Status, "faststäld", ["utkast", "fastställd"]);
    assert_eq!(
        Diagnostic::error_of(status.clone()).message,
        "okänd status `faststäld`"
    );
    assert_eq!(
        hints(status),
        [
            "menade du `fastställd`?",
            "skriv `utkast` eller `fastställd`"
        ]
    );
    let section = Kind::unknown_name(
        Named::Section { group: "G".into() },
        "skuld",
        ["tillgångar", "skulder"],
    );
    assert_eq!(
        Diagnostic::error_of(section.clone()).message,
        "okänt avsnitt `skuld` för gruppen `G`"
    );
    assert_eq!(
        hints(section),
        ["menade du `skulder`?", "skriv en av: tillgångar, skulder"]
    );
    let plan = Kind::unknown_name(Named::Plan, "qqq", ["bas", "kommun-bas"]);
    assert_eq!(
        Diagnostic::error_of(plan.clone()).message,
        "okänd kontoplan `qqq`"
    );
    assert_eq!(
        hints(plan),
        ["skriv `bas`, `kommun-bas` eller en egen kontoplan, t.ex. `kontoplan.yaml`"]
    );
    let weights = Kind::unknown_name(Named::Periodisation, "jamm", ["jämn"]);
    assert_eq!(
        Diagnostic::error_of(weights.clone()).message,
        "okänd `periodisering`"
    );
    assert_eq!(
        hints(weights),
        ["menade du `jämn`?", kind::PERIODISATION_HINT]
    );
    let column = Kind::UnknownName {
        what: Named::UnlistedColumn,
        written: "prognos".into(),
        suggestion: None,
        choices: vec!["utfall".into(), "budget".into()],
    };
    assert_eq!(
        Diagnostic::error_of(column.clone()).message,
        "kolumnen `prognos` finns inte i `kolumner`"
    );
    assert_eq!(
        hints(column),
        ["lägg till den: kolumner: [utfall, budget, prognos]"]
    );
    let period = Kind::unknown_name(
        Named::SiePeriod {
            tag: "#PSALDO".into(),
        },
        "201813",
        [],
    );
    assert_eq!(
        Diagnostic::error_of(period.clone()).message,
        "perioden `201813` i #PSALDO finns inte"
    );
    assert_eq!(
        hints(period),
        [
            "en period skrivs ÅÅÅÅMM med månad 01–12, t.ex. 201008 för augusti 2010; exportera filen igen från bokföringssystemet"
        ]
    );
}

#[test]
fn a_total_keeps_its_sentence_and_carries_its_figures() {
    use rust_decimal::Decimal;
    let total = |what, sum| Diagnostic::error_of(Kind::Total { what, sum });
    let d = total(Totalled::Voucher, Decimal::new(25, 2));
    assert_eq!(
        d.message,
        "verifikationen balanserar inte: summan är 0,25\u{a0}kr i stället för 0"
    );
    assert_eq!(
        d.hints,
        ["debet och kredit i en verifikation ska ta ut varandra"]
    );
    let d = total(Totalled::OpeningBalances, Decimal::from(-1000));
    assert_eq!(
        d.message,
        "ingående balanser summerar till −1\u{a0}000\u{a0}kr, inte 0"
    );
    let json: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
    assert_eq!(
        (
            &json["slag"],
            &json["vad"],
            &json["väntat"],
            &json["beräknat"]
        ),
        (
            &"skillnad".into(),
            &"ingående balanser".into(),
            &"0".into(),
            &"-1000".into()
        )
    );
    assert_eq!(
        (&json["skillnad"], &json["enhet"]),
        (&"1000".into(), &"kr".into())
    );
    let d = total(Totalled::Shares, Decimal::new(1125, 3));
    assert_eq!(
        d.message,
        "andelarna i `fördelning` summerar till 112,5\u{a0}%, inte 100\u{a0}%"
    );
    assert_eq!(
        d.hints,
        [
            "kommunernas andelar av sin fjärdedel ska tillsammans bli 1 (100\u{a0}%); minska med 12,5\u{a0}%"
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
    assert_eq!(
        (
            &json["väntat"],
            &json["beräknat"],
            &json["skillnad"],
            &json["enhet"]
        ),
        (&"100".into(), &"112.5".into(), &"-12.5".into(), &"%".into())
    );
}

#[test]
fn renders_location_and_hint() {
    let d = Diagnostic::error("okänd nyckel `tittel`")
        .in_file("content/a/index.md")
        .at(Position { line: 2, column: 1 })
        .hint("menade du `titel`?");
    let text = d.render(Path::new("/nonexistent"));
    assert!(text.starts_with("fel: okänd nyckel `tittel`\n"));
    assert!(text.contains("--> content/a/index.md:2:1"));
    assert!(text.contains("tips: menade du `titel`?"));
}
