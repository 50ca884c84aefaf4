//! Books (SIE) at the edges real books and real people produce (issue 22, points 1–15). Each test
//! writes its own SIE file, builds it with the real binary, and checks what is printed against
//! figures computed here from the lines it wrote, never with arshjul's own code; or that the
//! file is refused at its line, for its cause.

use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::support::{
    Reported, UnknownName, arshjul, described, kr, pdf_text, reported, unknown_names,
};

/// A project with one document (`content/f/doc`) over `se` as its SIE file and `yaml` as the
/// `typ: sie` data file; `typ` and `prose` make its index.md.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new(se: impl AsRef<[u8]>, yaml: &str) -> Project {
        Project::of_kind(se, yaml, "delårsrapport")
    }

    fn of_kind(se: impl AsRef<[u8]>, yaml: &str, typ: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("content/f/doc");
        std::fs::create_dir_all(&doc).unwrap();
        std::fs::write(
            dir.path().join("content/f/forbund.yaml"),
            "namn: Samordningsförbundet Prov\norganisationsnummer: 222000-0000\n",
        )
        .unwrap();
        std::fs::write(
            doc.join("index.md"),
            format!(
                "---\ntyp: {typ}\ntitel: Prov\ndatum: 2011-03-01\n---\n# Ekonomi\n\nResultatet är {{{{ resultatrakning.resultat.utfall | kr }}}}.\n"
            ),
        )
        .unwrap();
        std::fs::write(doc.join("bokforing.se"), se).unwrap();
        std::fs::write(doc.join("bokforing.yaml"), yaml).unwrap();
        Project { dir }
    }

    fn doc(&self) -> PathBuf {
        self.dir.path().join("content/f/doc")
    }

    /// Rewrites index.md's narrative (after the front matter).
    fn prose(&self, text: &str) {
        let index = self.doc().join("index.md");
        let old = std::fs::read_to_string(&index).unwrap();
        let front = &old[..old.rfind("---\n").unwrap() + 4];
        std::fs::write(index, format!("{front}{text}")).unwrap();
    }

    /// `arshjul <command>`: exit code and stderr.
    fn run(&self, command: &str) -> (i32, String) {
        let (code, stdout, stderr) = described(&arshjul(self.dir.path(), &[command]));
        assert!(!stderr.contains("panicked"), "{stdout}\n{stderr}");
        (code, stderr)
    }

    /// `arshjul check`, asserting its exit code: its stderr.
    fn check(&self, code: i32) -> String {
        let (got, stderr) = self.run("check");
        assert_eq!(got, code, "{stderr}");
        stderr
    }

    /// `arshjul check --meddelanden=json`, asserting its exit code: every diagnostic as its kind,
    /// place and figures.
    fn kinds(&self, code: i32) -> Vec<Reported> {
        let (got, stdout, stderr) =
            described(&arshjul(self.dir.path(), &["check", "--meddelanden=json"]));
        assert!(!stderr.contains("panicked"), "{stdout}\n{stderr}");
        assert_eq!(got, code, "{stderr}");
        reported(&stdout)
    }

    /// Builds (asserting success) and returns the PDF's text, read in-process.
    fn built(&self) -> String {
        let (code, stderr) = self.run("build");
        assert_eq!(code, 0, "{stderr}");
        pdf_text(&self.dir.path().join("build/f/doc.pdf"))
    }
}

/// `path:line:column` of the first line of `file` that contains `text` (the column of `text`),
/// as the messages write places.
fn place(project: &Project, file: &str, text: &str) -> String {
    let content = std::fs::read_to_string(project.doc().join(file)).unwrap();
    let (line, column) = content
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(text).map(|c| (i + 1, l[..c].chars().count() + 1)))
        .unwrap_or_else(|| panic!("{text:?} not in {file}"));
    format!("content/f/doc/{file}:{line}:{column}")
}

/// Where a message about the line of the SIE file `se` that starts with `start` points.
fn in_books(se: &str, start: &str) -> String {
    format!(
        "\n  --> content/f/doc/bokforing.se:{}:1",
        line_of(se, start)
    )
}

/// The line number (1-based) of the first line of `text` that starts with `start`.
fn line_of(text: &str, start: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?}"))
        + 1
}

/// An SIE date `yyyymmdd` as a number, for comparing.
type Day = u32;

/// What the test reads back from an SIE text it wrote, independently of arshjul: the vouchers
/// by (voucher date, account), and the records of a tag by their fields (quotes removed).
struct Read {
    vouchers: Vec<(Day, String, Decimal)>,
    records: Vec<Vec<String>>,
}

fn read(text: &str) -> Read {
    let mut vouchers = Vec::new();
    let mut records = Vec::new();
    let mut date = 0;
    for line in text.lines() {
        let fields: Vec<String> = line
            .split_whitespace()
            .map(|f| f.trim_matches('"').to_owned())
            .collect();
        match fields.first().map(String::as_str) {
            Some("#VER") => date = fields[3].parse().unwrap(),
            Some("#TRANS") => {
                vouchers.push((date, fields[1].clone(), fields[3].parse().unwrap()));
            }
            Some(tag) if tag.starts_with('#') => records.push(fields),
            _ => {}
        }
    }
    Read { vouchers, records }
}

impl Read {
    /// The sum of `tag` records for `year` whose account is in `accounts` and (for #PSALDO and
    /// #PBUDGET) whose month is in `months` (yyyymm, inclusive).
    fn sum(&self, tag: &str, year: &str, accounts: (u32, u32), months: (u32, u32)) -> Decimal {
        self.records
            .iter()
            .filter(|f| f[0] == tag && f[1] == year)
            .filter_map(|f| {
                let (month, account, amount) = if tag == "#PSALDO" || tag == "#PBUDGET" {
                    (f[2].parse::<u32>().unwrap(), &f[3], &f[5])
                } else {
                    (months.0, &f[2], &f[3])
                };
                let account: u32 = account.parse().unwrap();
                ((accounts.0..=accounts.1).contains(&account)
                    && (months.0..=months.1).contains(&month))
                .then(|| amount.parse::<Decimal>().unwrap())
            })
            .sum()
    }

    /// The vouchers' sum for `accounts` dated from `from` to `to` (yyyymmdd, inclusive).
    fn vouchers(&self, accounts: (u32, u32), from: Day, to: Day) -> Decimal {
        self.vouchers
            .iter()
            .filter(|(d, a, _)| {
                let a: u32 = a.parse().unwrap();
                (from..=to).contains(d) && (accounts.0..=accounts.1).contains(&a)
            })
            .map(|(_, _, v)| *v)
            .sum()
    }
}

const HEAD: &str = "#FLAGGA 0\n#PROGRAM \"prov\" 1.0\n#FORMAT PC8\n#SIETYP 4\n#FNAMN \"Samordningsförbundet Prov\"\n#RAR 0 20100101 20101231\n#KONTO 1930 \"Företagskonto\"\n#KONTO 2010 \"Eget kapital\"\n#KONTO 3010 \"Bidrag\"\n#KONTO 5010 \"Lokalhyra\"\n#KONTO 7010 \"Löner\"\n";

/// A voucher of two lines: `amount` debit on `debit`, credit on `credit`.
fn voucher(series_number: &str, date: &str, debit: &str, credit: &str, amount: &str) -> String {
    format!(
        "#VER {series_number} {date} \"Prov\"\n{{\n#TRANS {debit} {{}} {amount}\n#TRANS {credit} {{}} -{amount}\n}}\n"
    )
}

/// Books of 2010 with vouchers on both sides of 15 August.
fn august_vouchers() -> String {
    let mut se = format!("{HEAD}#IB 0 1930 100000\n#IB 0 2010 -100000\n");
    for (n, date, debit, credit, amount) in [
        (1, "20100110", "1930", "3010", "50000"),
        (2, "20100805", "5010", "1930", "12000"),
        (3, "20100814", "7010", "1930", "1000.50"),
        (4, "20100815", "5010", "1930", "200"),
        (5, "20100816", "7010", "1930", "4000"),
        (6, "20100820", "1930", "3010", "30000"),
    ] {
        se.push_str(&voucher(&format!("A {n}"), date, debit, credit, amount));
    }
    se
}

#[test]
fn p01_a_period_ending_mid_month_is_cut_by_voucher_date() {
    let se = august_vouchers();
    let project = Project::new(
        &se,
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-08-15 }\nkontoplan: bas\n",
    );
    let books = read(&se);
    // The result is the revenue less the costs of the vouchers up to 15 August.
    let result = -books.vouchers((3000, 8999), 20100101, 20100815);
    let bank = books.sum("#IB", "0", (1930, 1930), (0, 0))
        + books.vouchers((1930, 1930), 20100101, 20100815);
    assert_eq!(result, Decimal::new(3679950, 2));
    let text = project.built();
    assert!(
        text.contains(&format!("Resultatet är {} kr.", kr(result))),
        "{text}"
    );
    assert!(text.contains("Utfall 1 jan–15 aug 2010"), "{text}");
    assert!(
        text.contains(&format!("PERIODENS RESULTAT {}", kr(result))),
        "{text}"
    );
    assert!(text.contains("2010-08-15 2009-12-31"), "{text}");
    assert!(
        text.contains(&format!("Kassa och bank {} ", kr(bank))),
        "{text}"
    );
}

#[test]
fn p01_a_period_ending_mid_month_from_periodsaldo_is_an_error_at_till() {
    let mut se = format!("{HEAD}#IB 0 1930 100000\n#IB 0 2010 -100000\n");
    for (month, amount) in [("201007", "10000"), ("201008", "20000")] {
        se.push_str(&format!(
            "#PSALDO 0 {month} 1930 {{}} {amount}\n#PSALDO 0 {month} 3010 {{}} -{amount}\n"
        ));
    }
    let project = Project::new(
        &se,
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-08-15 }\nkontoplan: bas\n",
    );
    let stderr = project.check(1);
    assert!(
        stderr.contains(&format!(
            "fel: perioden slutar 2010-08-15, mitt i augusti 2010, men SIE-filen har bara saldon per månad (#PSALDO) och inga verifikationer\n  --> {}",
            place(&project, "bokforing.yaml", "2010-08-15")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("låt perioden sluta 2010-07-31 eller 2010-08-31"),
        "{stderr}"
    );
    // One cause, one message: no statement is made from the refused period.
    assert_eq!(stderr.matches("fel:").count(), 1, "{stderr}");
}

/// Books of 2010 from #PSALDO: every month's revenue and costs against the bank.
fn monthly_books(months: std::ops::RangeInclusive<u32>) -> String {
    let mut se = format!("{HEAD}#IB 0 1930 100000\n#IB 0 2010 -100000\n");
    for m in months {
        let month = 201000 + m;
        let revenue = 40000 + 1000 * m;
        let rent = 12000;
        let wages = 20000 + 333 * m;
        se.push_str(&format!(
            "#PSALDO 0 {month} 3010 {{}} -{revenue}\n#PSALDO 0 {month} 5010 {{}} {rent}\n#PSALDO 0 {month} 7010 {{}} {wages}.25\n#PSALDO 0 {month} 1930 {{}} {}\n",
            Decimal::from(revenue - rent - wages) - Decimal::new(25, 2)
        ));
    }
    se
}

#[test]
fn p02_a_period_starting_after_the_year_opens_at_the_day_before() {
    let se = monthly_books(1..=8);
    let project = Project::new(
        &se,
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-03-01, till: 2010-08-31 }\nkontoplan: bas\n",
    );
    let books = read(&se);
    let result = -books.sum("#PSALDO", "0", (3000, 8999), (201003, 201008));
    let before = -books.sum("#PSALDO", "0", (3000, 8999), (201001, 201002));
    let opening_bank = books.sum("#IB", "0", (1930, 1930), (0, 0))
        + books.sum("#PSALDO", "0", (1930, 1930), (201001, 201002));
    let closing_bank = opening_bank + books.sum("#PSALDO", "0", (1930, 1930), (201003, 201008));
    let text = project.built();
    assert!(
        text.contains(&format!("Resultatet är {} kr.", kr(result))),
        "{text}"
    );
    assert!(text.contains("Utfall mar–aug 2010"), "{text}");
    // The balance sheet opens on the last day of February, with the year's result so far.
    assert!(text.contains("2010-08-31 2010-02-28"), "{text}");
    assert!(
        text.contains(&format!(
            "Kassa och bank {} {}",
            kr(closing_bank),
            kr(opening_bank)
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Årets resultat hittills {} {}",
            kr(before + result),
            kr(before)
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "SUMMA TILLGÅNGAR {} {}",
            kr(closing_bank),
            kr(opening_bank)
        )),
        "{text}"
    );
}

/// #PSALDO −1 lines for `months` (1–12 of 2009): revenue and costs against the bank.
fn last_year_balances(months: std::ops::RangeInclusive<u32>) -> String {
    let mut se = String::new();
    for m in months {
        let month = 200900 + m;
        let revenue = 35000 + 700 * m;
        let rent = 11000;
        se.push_str(&format!(
            "#PSALDO -1 {month} 3010 {{}} -{revenue}\n#PSALDO -1 {month} 5010 {{}} {rent}\n#PSALDO -1 {month} 1930 {{}} {}\n",
            revenue - rent
        ));
    }
    se
}

#[test]
fn p03_last_year_without_figures_for_the_period_is_refused_at_kolumner() {
    let yaml = "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-08-31 }\nkolumner: [utfall, föregående_år]\n";
    // Only whole-year results for last year: nothing for January–August.
    let whole_year_only = monthly_books(1..=8).replace(
        "#IB 0 1930",
        "#RAR -1 20090101 20091231\n#RES -1 3010 -500000\n#RES -1 5010 130000\n#IB 0 1930",
    );
    let project = Project::new(&whole_year_only, yaml);
    let stderr = project.check(1);
    assert!(
        stderr.contains(&format!(
            "fel: kolumnen föregående_år kan inte visas: SIE-filen har inga periodsaldon för föregående år (#PSALDO −1) för jan–aug 2009\n  --> {}",
            place(&project, "bokforing.yaml", "[utfall")
        )),
        "{stderr}"
    );
    // No year −1 at all: said so.
    let project = Project::new(monthly_books(1..=8), yaml);
    let stderr = project.check(1);
    assert!(
        stderr.contains(
            "kolumnen föregående_år kan inte visas: SIE-filen har inget föregående räkenskapsår (#RAR −1)"
        ),
        "{stderr}"
    );
    // Asked in the front matter: the error is there.
    let project = Project::new(
        &whole_year_only,
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-08-31 }\n",
    );
    let index = project.doc().join("index.md");
    let text = std::fs::read_to_string(&index)
        .unwrap()
        .replace("datum:", "kolumner: [utfall, föregående_år]\ndatum:");
    std::fs::write(&index, text).unwrap();
    let stderr = project.check(1);
    assert!(
        stderr.contains(&format!(
            "kolumnen föregående_år kan inte visas: SIE-filen har inga periodsaldon för föregående år (#PSALDO −1) för jan–aug 2009\n  --> {}",
            place(&project, "index.md", "[utfall")
        )),
        "{stderr}"
    );
}

#[test]
fn p03_last_year_with_monthly_figures_is_printed_from_them() {
    // Last year's months January–June only: the column for January–June is there.
    let se = monthly_books(1..=6).replace(
        "#IB 0 1930",
        &format!(
            "#RAR -1 20090101 20091231\n{}#IB 0 1930",
            last_year_balances(1..=6)
        ),
    );
    let project = Project::new(
        &se,
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-06-30 }\nkolumner: [utfall, föregående_år]\n",
    );
    project.prose(
        "Resultatet är {{ resultatrakning.resultat.utfall | kr }}, föregående år {{ resultatrakning.resultat.foregaende_ar | kr }}.\n",
    );
    let books = read(&se);
    let result = -books.sum("#PSALDO", "0", (3000, 8999), (201001, 201006));
    let before = -books.sum("#PSALDO", "-1", (3000, 8999), (200901, 200906));
    let text = project.built();
    assert!(
        text.contains(&format!(
            "Resultatet är {} kr, föregående år {} kr.",
            kr(result),
            kr(before)
        )),
        "{text}"
    );
    assert!(
        text.contains("Utfall jan–jun 2010 Utfall jan–jun 2009"),
        "{text}"
    );
    // The same period a month longer has no figures for July 2009.
    let project = Project::new(
        se.replace("#PSALDO 0 201006", "#PSALDO 0 201007"),
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-07-31 }\nkolumner: [utfall, föregående_år]\n",
    );
    let stderr = project.check(1);
    assert!(stderr.contains("(#PSALDO −1) för juli 2009"), "{stderr}");
}

/// The part of `text` from the last `from` to the next `to` after it (a statement's table).
fn section<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text
        .rfind(from)
        .unwrap_or_else(|| panic!("no {from:?} in {text}"));
    let rest = &text[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

const YEARS: &str = "#RAR -1 20090101 20091231\n#KONTO 2091 \"Balanserat resultat\"\n#KONTO 2099 \"Årets resultat\"\n#KONTO 8999 \"Årets resultat\"\n";

#[test]
fn p04_the_closing_entry_is_taken_back_in_every_source_and_last_year_is_a_default_column() {
    // Last year closed from #PSALDO −1: the closing entry on 8999 against 2099 in December.
    let last_year = read(&last_year_balances(1..=12));
    let last_profit = -last_year.sum("#PSALDO", "-1", (3000, 8998), (200901, 200912));
    let this_year = read(&monthly_books(1..=12));
    let profit = -this_year.sum("#PSALDO", "0", (3000, 8998), (201001, 201012));
    let closing = |year: &str, month: &str, profit: Decimal| {
        format!(
            "#PSALDO {year} {month} 8999 {{}} {profit}\n#PSALDO {year} {month} 2099 {{}} -{profit}\n"
        )
    };
    let from_balances = monthly_books(1..=12).replace(
        "#IB 0 1930",
        &format!(
            "{YEARS}{}{}{}#IB 0 1930",
            last_year_balances(1..=12),
            closing("-1", "200912", last_profit),
            closing("0", "201012", profit)
        ),
    );
    // The same years from #RES, 8999 in both.
    let res = |year: &str, books: &Read, months: (u32, u32), profit: Decimal| {
        let mut lines = String::new();
        for (account, name) in [(3010, "3010"), (5010, "5010"), (7010, "7010")] {
            let sum = books.sum("#PSALDO", year, (account, account), months);
            if !sum.is_zero() {
                lines.push_str(&format!("#RES {year} {name} {sum}\n"));
            }
        }
        format!("{lines}#RES {year} 8999 {profit}\n")
    };
    // A closed year's closing balances hold the result on 2099.
    let bank =
        Decimal::from(100000) + this_year.sum("#PSALDO", "0", (1930, 1930), (201001, 201012));
    let from_results = format!(
        "{HEAD}{YEARS}#IB 0 1930 100000\n#IB 0 2010 -100000\n#UB 0 1930 {bank}\n#UB 0 2010 -100000\n#UB 0 2099 {}\n{}{}",
        -profit,
        res("-1", &last_year, (200901, 200912), last_profit),
        res("0", &this_year, (201001, 201012), profit)
    );
    // This year from vouchers, its bokslut a voucher on 31 December; last year from #RES.
    let mut from_vouchers = format!(
        "{HEAD}{YEARS}#IB 0 1930 100000\n#IB 0 2010 -100000\n{}",
        res("-1", &last_year, (200901, 200912), last_profit)
    );
    for m in 1..=12u32 {
        let month = 201000 + m;
        for (n, account) in [(1, 3010), (2, 5010), (3, 7010)] {
            let amount = this_year.sum("#PSALDO", "0", (account, account), (month, month));
            from_vouchers.push_str(&format!(
                "#VER A {} {month}15 \"Prov\"\n{{\n#TRANS {account} {{}} {amount}\n#TRANS 1930 {{}} {}\n}}\n",
                m * 10 + n,
                -amount
            ));
        }
    }
    from_vouchers.push_str(&voucher(
        "B 1",
        "20101231",
        "8999",
        "2099",
        &profit.to_string(),
    ));
    for se in [from_balances, from_results, from_vouchers] {
        let project = Project::of_kind(&se, "typ: sie\nfil: bokforing.se\n", "årsredovisning");
        let text = project.built();
        let income = section(&text, "Resultaträkning", "Balansräkning");
        // The default columns of an årsredovisning: this year and last year.
        assert!(
            income.contains("Utfall jan–dec 2010 Utfall jan–dec 2009"),
            "{se}\n{income}"
        );
        assert!(
            income.contains(&format!(
                "ÅRETS RESULTAT {} {}",
                kr(profit),
                kr(last_profit)
            )),
            "{se}\n{income}"
        );
        // 8999 is never a cost: no Skatter.
        assert!(!income.contains("Skatter"), "{income}");
        assert!(
            text.contains(&format!("Resultatet är {} kr.", kr(profit))),
            "{text}"
        );
    }
}

/// Books of 2010 whose opening equity holds last year's result either on 2099 (as BAS books
/// it until the årsstämma) or already in 2091.
fn equity_books(on_2099: bool) -> String {
    let opening = if on_2099 {
        "#IB 0 2091 -2912000\n#IB 0 2099 -150000\n"
    } else {
        "#IB 0 2091 -3062000\n"
    };
    format!(
        "{HEAD}{YEARS}#IB 0 1930 3262000\n{opening}#IB 0 2440 -200000\n#RES -1 3010 -1000000\n#RES -1 5010 850000\n#PSALDO 0 201012 3010 {{}} -400000\n#PSALDO 0 201012 5010 {{}} 270000\n#PSALDO 0 201012 1930 {{}} 130000\n#KONTO 2440 \"Leverantörsskulder\"\n"
    )
}

#[test]
fn p05_the_last_year_end_shows_that_years_result_as_the_resultatrakning_does() {
    for on_2099 in [true, false] {
        let se = equity_books(on_2099);
        let books = read(&se);
        let last_profit = -books.sum("#RES", "-1", (3000, 8998), (0, 0));
        let profit = -books.sum("#PSALDO", "0", (3000, 8998), (201001, 201012));
        let equity_opening = -books.sum("#IB", "0", (2000, 2099), (0, 0));
        let equity_change = -books.sum("#PSALDO", "0", (2000, 2099), (201001, 201012));
        let project = Project::of_kind(&se, "typ: sie\nfil: bokforing.se\n", "årsredovisning");
        let text = project.built();
        let income = section(&text, "Resultaträkning", "Balansräkning");
        assert!(
            income.contains(&format!(
                "ÅRETS RESULTAT {} {}",
                kr(profit),
                kr(last_profit)
            )),
            "{income}"
        );
        let balance = section(&text, "Balansräkning", "Kassaflödesanalys");
        assert!(balance.contains("2010-12-31 2009-12-31"), "{balance}");
        // Last year's result out of balanserat kapital at its end, as its own line.
        assert!(
            balance.contains(&format!(
                "Balanserat kapital {} {}",
                kr(equity_opening + equity_change),
                kr(equity_opening - last_profit)
            )),
            "{on_2099}: {balance}"
        );
        assert!(
            balance.contains(&format!(
                "Årets resultat {} {}",
                kr(profit),
                kr(last_profit)
            )),
            "{on_2099}: {balance}"
        );
    }
}

#[test]
fn p06_a_cash_flow_for_a_year_without_opening_balances_is_left_out_with_a_note() {
    // Year −1 has closing balances and a result, but no opening balances (#IB −1).
    let se = equity_books(true).replacen(
        "#RES -1",
        "#UB -1 1930 3262000\n#UB -1 2091 -2912000\n#UB -1 2099 -150000\n#UB -1 2440 -200000\n#RES -1",
        1,
    );
    let books = read(&se);
    let cash_start = books.sum("#IB", "0", (1900, 1999), (0, 0));
    let cash_end = cash_start + books.sum("#PSALDO", "0", (1900, 1999), (201001, 201012));
    let project = Project::of_kind(&se, "typ: sie\nfil: bokforing.se\n", "årsredovisning");
    let (code, stderr) = project.run("build");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "varning: kassaflödesanalysen för 2009 utelämnas: SIE-filen har inga ingående balanser för 2009 (#IB −1)"
        ) && stderr.contains(&format!("--> {}", place(&project, "bokforing.yaml", "bokforing.se"))),
        "{stderr}"
    );
    let text = pdf_text(&project.dir.path().join("build/f/doc.pdf"));
    let flow = section(&text, "Kassaflödesanalys", "Noter");
    // This year only, from its own opening balances; never last year from zeros.
    assert!(
        flow.contains(&format!(
            "Likvida medel vid årets början {}",
            kr(cash_start)
        )) && !flow.contains(&format!("{} 0", kr(cash_start))),
        "{flow}"
    );
    assert!(
        flow.contains(&format!("LIKVIDA MEDEL VID ÅRETS SLUT {}", kr(cash_end))),
        "{flow}"
    );
    assert!(!flow.contains("2009"), "{flow}");
}

#[test]
fn p07_an_impossible_period_or_date_is_an_error_at_its_line() {
    let mut se = format!("{HEAD}#IB 0 1930 1000\n#IB 0 2010 -1000\n");
    for m in 1..=12 {
        se.push_str(&format!("#PBUDGET 0 2010{m:02} 3010 {{}} -500000\n"));
    }
    let good = project_budget(&se);
    let broken = se.replace("#PBUDGET 0 201012", "#PBUDGET 0 202713");
    let project = Project::new(
        &broken,
        "typ: sie\nfil: bokforing.se\nkolumner: [budget, utfall, budget_helår]\n",
    );
    let stderr = project.check(1);
    assert!(
        stderr.contains(&format!(
            "fel: perioden `202713` i #PBUDGET finns inte{}",
            in_books(&broken, "#PBUDGET 0 202713")
        )),
        "{stderr}"
    );
    // As its kind: no month, so no suggestion and nothing to choose among.
    let (_, stdout, _) = described(&arshjul(
        project.dir.path(),
        &["check", "--meddelanden=json"],
    ));
    assert_eq!(
        unknown_names(&stdout),
        [UnknownName::new(
            &format!(
                "content/f/doc/bokforing.se:{}:1",
                line_of(&broken, "#PBUDGET 0 202713")
            ),
            "period",
            "202713",
            None
        )],
        "{stdout}"
    );
    // A month outside the fiscal year, and a voucher date that does not exist.
    let broken = se.replace("#PBUDGET 0 201012", "#PBUDGET 0 201101")
        + &voucher("A 1", "20100231", "1930", "3010", "100");
    let project = Project::new(&broken, "typ: sie\nfil: bokforing.se\n");
    let stderr = project.check(1);
    assert!(
        stderr.contains(&format!(
            "fel: perioden januari 2011 i #PBUDGET ligger utanför räkenskapsåret 2010-01-01 – 2010-12-31 (#RAR 0){}",
            in_books(&broken, "#PBUDGET 0 201101")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "fel: #VER ska ha ett verifikationsdatum (ÅÅÅÅMMDD), inte `20100231`{}",
            in_books(&broken, "#VER A 1")
        )),
        "{stderr}"
    );
    // Written right, the year's budget is every month's.
    let text = good.built();
    let budget = -read(&se).sum("#PBUDGET", "0", (3000, 3999), (201001, 201012));
    assert!(
        text.contains("Budget helår 2010") && text.contains(&kr(budget)),
        "{}: {text}",
        kr(budget)
    );
}

fn project_budget(se: &str) -> Project {
    Project::new(
        se,
        "typ: sie\nfil: bokforing.se\nkolumner: [budget, utfall, budget_helår]\n",
    )
}

#[test]
fn p12_nothing_after_omfattn_is_counted() {
    // Vouchers into March, but the books are complete only to 31 January.
    let mut se = format!("{HEAD}#OMFATTN 20100131\n#IB 0 1930 1000\n#IB 0 2010 -1000\n");
    for (n, date, amount) in [
        (1, "20100112", "1000"),
        (2, "20100131", "250.50"),
        (3, "20100201", "7000"),
        (4, "20100315", "9000"),
    ] {
        se.push_str(&voucher(&format!("A {n}"), date, "1930", "3010", amount));
    }
    let books = read(&se);
    let counted = -books.vouchers((3000, 3999), 20100101, 20100131);
    let yaml = "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-03-31 }\nofullständig: tillåt\n";
    let project = Project::new(&se, yaml);
    let text = project.built();
    assert!(
        text.contains(&format!("Resultatet är {} kr.", kr(counted))),
        "{text}"
    );
    assert!(
        text.contains("Bokföringen omfattar t.o.m. 31 januari 2010"),
        "{text}"
    );
    // The same from #PSALDO: February and March are not counted.
    let mut se = format!("{HEAD}#OMFATTN 20100131\n#IB 0 1930 1000\n#IB 0 2010 -1000\n");
    for (month, amount) in [(201001, 1250), (201002, 7000), (201003, 9000)] {
        se.push_str(&format!(
            "#PSALDO 0 {month} 1930 {{}} {amount}\n#PSALDO 0 {month} 3010 {{}} -{amount}\n"
        ));
    }
    let counted = -read(&se).sum("#PSALDO", "0", (3000, 3999), (201001, 201001));
    let project = Project::new(&se, yaml);
    let text = project.built();
    assert!(
        text.contains(&format!("Resultatet är {} kr.", kr(counted))),
        "{text}"
    );
}

#[test]
fn p12_without_omfattn_the_books_end_with_their_last_month_of_figures() {
    // #PSALDO for January–March only, no #OMFATTN, and a period to August: April–August would
    // be counted as nothing. An error at `till:`; with `ofullständig: tillåt`, a remark.
    let mut se = format!("{HEAD}#IB 0 1930 1000\n#IB 0 2010 -1000\n");
    for (month, amount) in [(201001, 1250), (201002, 7000), (201003, 9000)] {
        se.push_str(&format!(
            "#PSALDO 0 {month} 1930 {{}} {amount}\n#PSALDO 0 {month} 3010 {{}} -{amount}\n"
        ));
    }
    let yaml = "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-08-31 }\n";
    let project = Project::new(&se, yaml);
    let stderr = project.check(1);
    assert!(
        stderr.contains("fel: SIE-filen har inga belopp (#PSALDO eller verifikationer) efter mars 2010, men perioden slutar 2010-08-31\n  --> content/f/doc/bokforing.yaml:3:35"),
        "{stderr}"
    );
    assert!(
        stderr.contains("välj en period som slutar senast 2010-03-31"),
        "{stderr}"
    );
    // Allowed: built, the figures those of January–March, said under the statements.
    let counted = -read(&se).sum("#PSALDO", "0", (3000, 3999), (201001, 201012));
    let project = Project::new(&se, &format!("{yaml}ofullständig: tillåt\n"));
    let text = project.built();
    assert!(
        text.contains(&format!("Resultatet är {} kr.", kr(counted))),
        "{text}"
    );
    assert!(
        text.contains("Bokföringen har belopp t.o.m. 31 mars 2010"),
        "{text}"
    );
    // Up to March itself nothing is said.
    let project = Project::new(&se, &yaml.replace("2010-08-31", "2010-03-31"));
    assert!(!project.check(0).contains("inga belopp"));
}

#[test]
fn p14_a_row_without_budget_adds_up_in_every_column() {
    // A budget for revenue and rent, none for wages (7010): its avvikelse counts in the sum.
    let mut se = monthly_books(1..=3);
    for m in 1..=3 {
        se.push_str(&format!(
            "#PBUDGET 0 20100{m} 3010 {{}} -45000\n#PBUDGET 0 20100{m} 5010 {{}} 11000\n"
        ));
    }
    let books = read(&se);
    let months = (201001, 201003);
    let rent = books.sum("#PSALDO", "0", (5010, 5010), months);
    let rent_budget = books.sum("#PBUDGET", "0", (5010, 5010), months);
    let wages = books.sum("#PSALDO", "0", (7010, 7010), months);
    let project = Project::new(
        &se,
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-03-31 }\n",
    );
    let text = project.built();
    // Övriga externa kostnader: budget, utfall, avvikelse.
    assert!(
        text.contains(&format!(
            "Övriga externa kostnader {} {} {}",
            kr(-rent_budget),
            kr(-rent),
            kr(rent_budget - rent)
        )),
        "{text}"
    );
    // Personalkostnader: no budget; its avvikelse is its utfall against nothing.
    assert!(
        text.contains(&format!("Personalkostnader {} {}", kr(-wages), kr(-wages))),
        "{text}"
    );
    // The sum's avvikelse is the rows' avvikelser added up.
    assert!(
        text.contains(&format!(
            "S:a Rörelsens kostnader {} {} {}",
            kr(-rent_budget),
            kr(-rent - wages),
            kr(rent_budget - rent - wages)
        )),
        "{text}"
    );
}

#[test]
fn p08_an_opening_balance_that_is_not_last_years_closing_is_a_warning_at_the_ib_line() {
    let se = equity_books(true).replacen(
        "#RES -1",
        "#IB -1 1930 3111000\n#IB -1 2091 -2912000\n#IB -1 2440 -199000\n#UB -1 1930 3261000\n#UB -1 2091 -2912000\n#UB -1 2099 -150000\n#UB -1 2440 -199000\n#RES -1 8999 150000\n#RES -1",
        1,
    );
    let books = read(&se);
    let closing = |account: &str| {
        books
            .records
            .iter()
            .find(|f| f[0] == "#UB" && f[1] == "-1" && f[2] == account)
            .map(|f| f[3].parse::<Decimal>().unwrap())
            .unwrap()
    };
    let opening = books.sum("#IB", "0", (1930, 1930), (0, 0));
    let project = Project::of_kind(&se, "typ: sie\nfil: bokforing.se\n", "årsredovisning");
    let (code, stderr) = project.run("build");
    assert_eq!(code, 0, "{stderr}");
    let shown = |v: Decimal| format!("{}\u{a0}kr", kr(v).replace(' ', "\u{a0}"));
    assert!(
        stderr.contains(&format!(
            "varning: konto 1930: ingående balans {} (#IB 0) är inte förra årets utgående balans {} (#UB −1 på rad {}), skillnad {}\n  --> content/f/doc/bokforing.se:{}:1",
            shown(opening),
            shown(closing("1930")),
            line_of(&se, "#UB -1 1930"),
            shown(opening - closing("1930")),
            line_of(&se, "#IB 0 1930")
        )),
        "{stderr}"
    );
    // As a kind: #IB 0 against #UB −1, at the #IB line.
    let difference = Reported {
        slag: "skillnad".to_owned(),
        place: format!(
            "content/f/doc/bokforing.se:{}:1",
            line_of(&se, "#IB 0 1930")
        ),
        figures: Some((
            opening,
            closing("1930"),
            opening - closing("1930"),
            "kr".into(),
        )),
    };
    let kinds = project.kinds(0);
    assert!(
        kinds.contains(&difference),
        "missing {difference:?} in {kinds:?}"
    );
    // Each account once; an account that agrees is not named.
    assert_eq!(stderr.matches("konto 1930:").count(), 1, "{stderr}");
    assert!(stderr.contains("konto 2440:"), "{stderr}");
    assert!(!stderr.contains("konto 2091:"), "{stderr}");
}

/// `text` as CP437 bytes, as the SIE standard writes files (the Swedish letters of these tests).
fn cp437(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'å' => 0x86,
            'ä' => 0x84,
            'ö' => 0x94,
            'Å' => 0x8F,
            'Ä' => 0x8E,
            'Ö' => 0x99,
            c => u8::try_from(c).expect("an ASCII character"),
        })
        .collect()
}

/// `bytes` with every `from` replaced by `to`.
fn replaced(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while let Some(i) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(to);
        rest = &rest[i + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// The #KSUMMA of `records` (CP437 lines), computed here as SIE 4B §10 defines it: CRC-32
/// (polynomial EDB88320, preset FFFFFFFF, inverted at the end) over every record's tag and
/// fields, without the blanks between fields, the quotes around them and the braces.
fn ksumma(records: &[u8]) -> u32 {
    let mut counted_bytes = Vec::with_capacity(records.len());
    let mut quoted = false;
    for &byte in records {
        let counted = match byte {
            b'"' => {
                quoted = !quoted;
                false
            }
            b' ' | b'\t' | b'{' | b'}' | b'\r' | b'\n' => quoted && byte != b'\n',
            _ => true,
        };
        if counted {
            counted_bytes.push(byte);
        }
    }
    crate::support::crc32(&counted_bytes)
}

#[test]
fn p09_ksumma_is_checked_as_the_sie_standard_defines_it() {
    let body = cp437(&format!(
        "{}#IB 0 1930 1000\n#IB 0 2010 -1000\n{}",
        HEAD.replace("#FLAGGA 0\n", ""),
        voucher("A 1", "20100110", "1930", "3010", "250.75")
    ));
    let sum = ksumma(&body);
    let file = |body: &[u8], sum: &str| {
        [
            b"#FLAGGA 0\n#KSUMMA\n".as_slice(),
            body,
            format!("#KSUMMA {sum}\n").as_bytes(),
        ]
        .concat()
    };
    let yaml = "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-01-31 }\n";
    // Written right, the file builds without a word about its checksum.
    let project = Project::new(file(&body, &sum.to_string()), yaml);
    let stderr = project.check(0);
    assert!(!stderr.contains("KSUMMA"), "{stderr}");
    // An amount changed by hand (both lines, so that the voucher still balances).
    let edited = replaced(&body, b"250.75", b"2500.75");
    let after = ksumma(&edited);
    assert_ne!(after, sum);
    let whole = file(&edited, &sum.to_string());
    let project = Project::new(&whole, yaml);
    let stderr = project.check(1);
    let last = whole.split(|b| *b == b'\n').count() - 1;
    assert!(
        stderr.contains(&format!(
            "fel: kontrollsumman stämmer inte: #KSUMMA anger {sum}, men filens innehåll ger {after}\n  --> content/f/doc/bokforing.se:{last}:1"
        )),
        "{stderr}"
    );
    assert_eq!(stderr.matches("fel:").count(), 1, "{stderr}");
    // Cut short: the opening #KSUMMA has no closing one.
    let project = Project::new([b"#FLAGGA 0\n#KSUMMA\n".as_slice(), &body].concat(), yaml);
    let stderr = project.check(1);
    assert!(
        stderr.contains("fel: filen tar slut utan den avslutande kontrollsumman (#KSUMMA) som det inledande #KSUMMA lovar\n  --> content/f/doc/bokforing.se:2:1"),
        "{stderr}"
    );
}

#[test]
fn p10_the_same_voucher_twice_is_an_error_at_the_second_ver() {
    let once = voucher("A 7", "20100110", "1930", "3010", "1200");
    let se = format!(
        "{HEAD}#IB 0 1930 1000\n#IB 0 2010 -1000\n{once}{}{once}",
        voucher("A 8", "20100111", "5010", "1930", "300")
    );
    let second = se
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("#VER A 7"))
        .map(|(i, _)| i + 1)
        .collect::<Vec<_>>();
    assert_eq!(second.len(), 2);
    let yaml = "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-01-31 }\n";
    let project = Project::new(&se, yaml);
    let stderr = project.check(1);
    assert!(
        stderr.contains(&format!(
            "fel: verifikation A 7 finns redan på rad {}, med samma datum och konteringar: den skulle räknas två gånger\n  --> content/f/doc/bokforing.se:{}:1",
            second[0], second[1]
        )),
        "{stderr}"
    );
    assert_eq!(stderr.matches("fel:").count(), 1, "{stderr}");
    // Two different vouchers under one number: a warning, both counted.
    let se = format!(
        "{HEAD}#IB 0 1930 1000\n#IB 0 2010 -1000\n{once}{}",
        voucher("A 7", "20100112", "5010", "1930", "300")
    );
    let project = Project::new(&se, yaml);
    let stderr = project.check(0);
    assert!(
        stderr.contains("varning: verifikationsnumret A 7 används av 2 olika verifikationer"),
        "{stderr}"
    );
    let text = project.built();
    let result = -read(&se).vouchers((3000, 8999), 20100101, 20100131);
    assert!(
        text.contains(&format!("Resultatet är {} kr.", kr(result))),
        "{text}"
    );
}

#[test]
fn p11_an_account_missing_from_konto_is_a_warning_at_its_first_use_and_keeps_its_zero() {
    // 7510 is used but not named; 0930 is named with its leading zero, and outside the plan.
    let se = format!(
        "{HEAD}#KONTO 0930 \"Kassa i utlandet\"\n#IB 0 1930 1000\n#IB 0 2010 -1000\n{}{}{}",
        voucher("A 1", "20100110", "1930", "3010", "5000"),
        voucher("A 2", "20100111", "7510", "1930", "1200"),
        voucher("A 3", "20100112", "0930", "3010", "300")
    );
    let project = Project::new(
        &se,
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-01-31 }\nkonton: true\n",
    );
    let stderr = project.check(1);
    assert!(
        stderr.contains(&format!(
            "varning: konto 7510 saknas bland SIE-filens konton (#KONTO): det visas som ”Konto 7510”{}",
            in_books(&se, "#TRANS 7510")
        )),
        "{stderr}"
    );
    assert_eq!(stderr.matches("konto 7510 saknas").count(), 1, "{stderr}");
    // 0930 is a balance account no group of the plan holds: named as written, with its zero.
    assert!(
        stderr.contains("fel: konto 0930 Kassa i utlandet (ingående 0\u{a0}kr, utgående 300\u{a0}kr) hör inte till någon grupp i kontoplanen"),
        "{stderr}"
    );
    assert!(!stderr.contains("konto 930 "), "{stderr}");
    // One cause, one message: the sheet's sums do not also say it.
    assert_eq!(stderr.matches("fel:").count(), 1, "{stderr}");
    // Placed by an own plan, it prints as written.
    std::fs::write(
        project.doc().join("egen.yaml"),
        "typ: kontoplan\ngrupper:\n  - { namn: Kassa, avsnitt: tillgångar, konton: [\"0900-1999\"] }\n  - { namn: Kapital, avsnitt: eget_kapital, konton: [\"2000-2099\"] }\n  - { namn: Intäkter, avsnitt: resultat, konton: [\"3000-3999\"] }\n  - { namn: Kostnader, avsnitt: resultat, konton: [\"4000-7999\"] }\n",
    )
    .unwrap();
    std::fs::write(
        project.doc().join("bokforing.yaml"),
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-01-31 }\nkonton: true\nkontoplan: egen.yaml\n",
    )
    .unwrap();
    let text = project.built();
    let books = read(&se);
    let cash = books.vouchers((930, 930), 20100101, 20100131);
    assert!(
        text.contains(&format!("Kassa i utlandet {} 0", kr(cash))),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Konto 7510 {}",
            kr(-books.vouchers((7510, 7510), 20100101, 20100131))
        )),
        "{text}"
    );
}

#[test]
fn p13_a_built_in_plan_that_does_not_fit_kptyp_is_said() {
    // A company's BAS books: 8310 is Ränteintäkter, which Kommun-Bas takes for taxes.
    let se = format!(
        "{HEAD}#KPTYP BAS2014\n#KONTO 8310 \"Ränteintäkter\"\n#IB 0 1930 1000\n#IB 0 2010 -1000\n{}",
        voucher("A 1", "20100110", "1930", "8310", "75")
    );
    let yaml = "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-01-31 }\nkontoplan: kommun-bas\n";
    let project = Project::new(&se, yaml);
    let stderr = project.check(0);
    assert!(
        stderr.contains(&format!(
            "varning: `kontoplan: kommun-bas` passar inte bokföringens kontoplan BAS2014 (#KPTYP på rad {}): kontona grupperas efter Kommun-Bas, inte BAS för företag, t.ex. hamnar 8310 Ränteintäkter under ”Skatteintäkter och generella statsbidrag”\n  --> {}",
            line_of(&se, "#KPTYP"),
            place(&project, "bokforing.yaml", "kommun-bas")
        )),
        "{stderr}"
    );
    // `bas` fits; so does a file that does not say.
    let project = Project::new(&se, &yaml.replace("kommun-bas", "bas"));
    let stderr = project.check(0);
    assert!(!stderr.contains("KPTYP"), "{stderr}");
    let project = Project::new(se.replace("#KPTYP BAS2014\n", ""), yaml);
    let (_, stderr) = project.run("check");
    assert!(!stderr.contains("KPTYP"), "{stderr}");
    // The reverse: Kommun-Bas books under the default `bas`.
    let municipal = se.replace("#KPTYP BAS2014", "#KPTYP \"Kommun-Bas 19\"");
    let project = Project::new(
        &municipal,
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-01-01, till: 2010-01-31 }\n",
    );
    let stderr = project.check(0);
    assert!(
        stderr.contains("varning: `kontoplan: bas` passar inte bokföringens kontoplan Kommun-Bas 19 (#KPTYP på rad"),
        "{stderr}"
    );
    assert!(stderr.contains("skriv `kontoplan: kommun-bas`"), "{stderr}");
}

/// The errors (`fel:` lines) of a run, each with the place under it.
fn errors(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("fel: "))
        .map(|(i, l)| format!("{l}\n{}", lines.get(i + 1).copied().unwrap_or_default()))
        .collect()
}

#[test]
fn p15_messages_on_books_name_months_amounts_and_lines_once_per_cause() {
    // Books with every kind of figure for January, which all agree.
    let good = format!(
        "{HEAD}#IB 0 1930 1000\n#IB 0 2010 -1000\n#UB 0 1930 1100\n#UB 0 2010 -1000\n#RES 0 3010 -100\n#PSALDO 0 201001 1930 {{}} 100\n#PSALDO 0 201001 3010 {{}} -100\n{}",
        voucher("A 1", "20100105", "1930", "3010", "100")
    );
    let yaml = "typ: sie\nfil: bokforing.se\n";
    let stderr = Project::new(&good, yaml).check(0);
    assert!(!stderr.contains("fel:"), "{stderr}");
    let check = |se: &str, yaml: &str| -> Vec<String> {
        let stderr = Project::new(se, yaml).check(1);
        errors(&stderr)
    };
    // A voucher a cent off: the amount the Swedish way, and nothing else about it.
    let cent = good.replace("#TRANS 3010 {} -100", "#TRANS 3010 {} -99.99");
    assert_eq!(
        check(&cent, yaml),
        [format!(
            "fel: verifikationen balanserar inte: summan är 0,01\u{a0}kr i stället för 0{}",
            in_books(&cent, "#VER A 1")
        )],
    );
    // As its kind: the sum against 0, in kronor.
    assert_eq!(
        Project::new(&cent, yaml).kinds(1),
        [Reported {
            slag: "skillnad".into(),
            place: format!(
                "content/f/doc/bokforing.se:{}:1",
                line_of(&cent, "#VER A 1")
            ),
            figures: Some((
                Decimal::ZERO,
                Decimal::new(1, 2),
                Decimal::new(-1, 2),
                "kr".into()
            )),
        }]
    );
    // A #TRANS without its amount: one error, at it.
    let missing = good.replace("#TRANS 1930 {} 100", "#TRANS 1930 {}");
    assert_eq!(
        check(&missing, yaml),
        [format!(
            "fel: #TRANS saknar belopp{}",
            in_books(&missing, "#TRANS 1930")
        )],
    );
    // A month's balances that do not sum to zero: the month in words, at its first #PSALDO.
    let month =
        format!("{HEAD}#PSALDO 0 201012 1930 {{}} 100\n#PSALDO 0 201012 3010 {{}} -100.01\n");
    assert_eq!(
        check(&month, yaml),
        [format!(
            "fel: periodsaldona för december 2010 summerar inte till 0, skillnad −0,01\u{a0}kr{}",
            in_books(&month, "#PSALDO 0 201012")
        )],
    );
    // #RES against the vouchers: at the #RES line.
    let result = good
        .replace("#RES 0 3010 -100", "#RES 0 3010 -120")
        .replace(
            "#PSALDO 0 201001 1930 {} 100\n#PSALDO 0 201001 3010 {} -100\n",
            "",
        );
    assert_eq!(
        check(&result, yaml),
        [format!(
            "fel: konto 3010: #RES −120\u{a0}kr är inte årets verifikationer −100\u{a0}kr, skillnad −20\u{a0}kr{}",
            in_books(&result, "#RES 0 3010")
        )],
    );
    // A period outside #RAR, and a reversed one: one error each, saying which.
    let outside = "typ: sie\nfil: bokforing.se\nperiod: { från: 2011-01-01, till: 2011-03-31 }\n";
    let errors = check(&good, outside);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("fel: perioden 2011-01-01 – 2011-03-31 ligger inte inom räkenskapsåret"),
        "{errors:?}"
    );
    let reversed = "typ: sie\nfil: bokforing.se\nperiod: { från: 2010-03-31, till: 2010-01-01 }\n";
    let errors = check(&good, reversed);
    assert_eq!(
        errors,
        [
            "fel: perioden är omvänd: den börjar 2010-03-31 men slutar redan 2010-01-01\n  --> content/f/doc/bokforing.yaml:3:9"
        ]
    );
    // UTF-16, as some systems save: read as what it is.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(good.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let project = Project::new(utf16, yaml);
    let text = project.built();
    let profit = -read(&good).sum("#RES", "0", (3000, 8999), (0, 0));
    assert!(
        text.contains(&format!("Resultatet är {} kr.", kr(profit))),
        "{text}"
    );
}

#[test]
fn p15_books_that_disagree_with_themselves_are_differences_with_both_figures() {
    // The books of p15, whose figures for January all agree: 100 kr from 3010 to 1930.
    let good = format!(
        "{HEAD}#IB 0 1930 1000\n#IB 0 2010 -1000\n#UB 0 1930 1100\n#UB 0 2010 -1000\n#RES 0 3010 -100\n#PSALDO 0 201001 1930 {{}} 100\n#PSALDO 0 201001 3010 {{}} -100\n{}",
        voucher("A 1", "20100105", "1930", "3010", "100")
    );
    let psaldo = "#PSALDO 0 201001 1930 {} 100\n#PSALDO 0 201001 3010 {} -100\n";
    // Books without vouchers: the year is #IB plus the periods' balances.
    let no_vouchers = format!(
        "{HEAD}#IB 0 1930 1000\n#IB 0 2010 -1000\n#UB 0 1930 1150\n#UB 0 2010 -1000\n{psaldo}"
    );
    let yaml = "typ: sie\nfil: bokforing.se\n";
    for (se, at, message, (expected, computed, difference)) in [
        // #PSALDO against the month's vouchers.
        (
            good.replace(
                "#PSALDO 0 201001 3010 {} -100",
                "#PSALDO 0 201001 3010 {} -90",
            ),
            "#PSALDO 0 201001 3010",
            "konto 3010, januari 2010: #PSALDO är −90\u{a0}kr men verifikationerna summerar till −100\u{a0}kr, skillnad 10\u{a0}kr",
            (-90, -100, 10),
        ),
        // #UB against #IB and the year's vouchers.
        (
            good.replace("#UB 0 1930 1100", "#UB 0 1930 1150"),
            "#UB 0 1930",
            "konto 1930: #UB 1\u{a0}150\u{a0}kr är inte #IB 1\u{a0}000\u{a0}kr + årets verifikationer 100\u{a0}kr, skillnad 50\u{a0}kr",
            (1_150, 1_100, 50),
        ),
        // #RES against the year's vouchers.
        (
            good.replace("#RES 0 3010 -100", "#RES 0 3010 -120")
                .replace(psaldo, ""),
            "#RES 0 3010",
            "konto 3010: #RES −120\u{a0}kr är inte årets verifikationer −100\u{a0}kr, skillnad −20\u{a0}kr",
            (-120, -100, -20),
        ),
        // Without vouchers: #UB against #IB and the periods' balances.
        (
            no_vouchers,
            "#UB 0 1930",
            "konto 1930: #UB 1\u{a0}150\u{a0}kr är inte #IB 1\u{a0}000\u{a0}kr + periodernas saldon 100\u{a0}kr, skillnad 50\u{a0}kr",
            (1_150, 1_100, 50),
        ),
        // A month whose balances do not sum to zero: the sum against 0, at its first #PSALDO.
        (
            format!("{HEAD}#PSALDO 0 201012 1930 {{}} 100\n#PSALDO 0 201012 3010 {{}} -90\n"),
            "#PSALDO 0 201012",
            "periodsaldona för december 2010 summerar inte till 0, skillnad 10\u{a0}kr",
            (10, 0, 10),
        ),
    ] {
        let project = Project::new(&se, yaml);
        let kind = Reported {
            slag: "skillnad".to_owned(),
            place: format!("content/f/doc/bokforing.se:{}:1", line_of(&se, at)),
            figures: Some((
                Decimal::from(expected),
                Decimal::from(computed),
                Decimal::from(difference),
                "kr".into(),
            )),
        };
        let kinds = project.kinds(1);
        assert!(kinds.contains(&kind), "missing {kind:?} in {kinds:?}");
        let stderr = project.check(1);
        assert!(
            stderr.contains(&format!("fel: {message}{}", in_books(&se, at))),
            "{message:?} not in:\n{stderr}"
        );
    }
}
