//! arshjul: the command line. Parses arguments and hands over to the pipeline; nothing else.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use arshjul::pipeline::{Formats, Options, Project, print_diagnostics};
use arshjul::{project, starters, watch};

/// Bygger verksamhetsplaner, delårsrapporter och årsredovisningar från YAML-data och Markdown
/// till PDF.
#[derive(Parser)]
#[command(name = "arshjul", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Projektmappen (standard: närmaste mapp uppåt som har en mapp content/).
    #[arg(long, global = true, value_name = "MAPP")]
    root: Option<PathBuf>,
    /// Skriv bara fel och varningar.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Skriv hur lång tid varje steg tog för varje dokument (läsning, sammanhang, berättelse, …).
    #[arg(long, global = true)]
    tider: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Bygger alla dokument (eller de namngivna) till build/.
    Build {
        /// Dokumentmappar, t.ex. content/goteborg/verksamhetsplan-2021 eller goteborg.
        #[arg(value_name = "DOKUMENT")]
        documents: Vec<String>,
        /// Skriv också den genererade typst-källan med typsnitt och bilder till build/<dokument>/.
        #[arg(long)]
        emit_typst: bool,
        /// Vanlig PDF i stället för PDF/A-2a och PDF/UA-1 (taggad i båda fallen).
        #[arg(long)]
        no_pdfa: bool,
        /// Arkivversionen: PDF/A-3a och PDF/UA-1 med dokumentets källfiler och siffror bifogade,
        /// så att `arshjul verifiera` kan bygga om den.
        #[arg(long)]
        arkiv: bool,
        /// Vad som skrivs: pdf, html eller pdf,html (PDF och webbversion, standard).
        #[arg(long, value_name = "FORMAT", default_value = "pdf,html", value_parser = Formats::parse)]
        format: Formats,
    },
    /// Kontrollerar allt som build kontrollerar, men skriver ingenting.
    Check {
        /// Dokumentmappar, t.ex. content/goteborg/verksamhetsplan-2021 eller goteborg.
        #[arg(value_name = "DOKUMENT")]
        documents: Vec<String>,
        /// Kontrollera som vanlig PDF i stället för PDF/A-2a och PDF/UA-1.
        #[arg(long)]
        no_pdfa: bool,
        /// Varningar räknas som fel (t.ex. en stor budgetavvikelse utan förklaring).
        #[arg(long)]
        strikt: bool,
        /// Vad som kontrolleras: pdf, html eller pdf,html (standard).
        #[arg(long, value_name = "FORMAT", default_value = "pdf,html", value_parser = Formats::parse)]
        format: Formats,
        /// Also every diagnostic as a line of JSON on stdout (`json`), its kind and figures as
        /// data, for the tests; hidden, not a promise to users.
        #[arg(long, hide = true, value_name = "FORMAT", value_parser = ["json"])]
        meddelanden: Option<String>,
    },
    /// Bygger och bygger sedan om det som en sparad ändring berör, tills Ctrl-C.
    Watch {
        /// Ett dokument (eller en mapp med dokument) att bevaka; standard: alla.
        #[arg(value_name = "DOKUMENT")]
        document: Option<String>,
        /// Visa dokumenten i webbläsaren på http://127.0.0.1:PORT/ (standard 8400; 0 = valfri ledig).
        #[arg(long, value_name = "PORT", num_args = 0..=1, default_missing_value = "8400")]
        serve: Option<u16>,
        /// Vanlig PDF i stället för PDF/A-2a och PDF/UA-1.
        #[arg(long)]
        no_pdfa: bool,
    },
    /// Bygger om en arkiv-PDF ur källfilerna den bär och säger "samma byte" eller vilka sidor
    /// och siffror som skiljer sig.
    Verifiera {
        /// PDF-filen, byggd med `arshjul build --arkiv`.
        #[arg(value_name = "PDF")]
        pdf: PathBuf,
    },
    /// Visar var en tryckt siffra kommer ifrån: kontona, beloppen, fil och rad, summan.
    Underlag {
        /// Dokumentmappen, t.ex. content/sjobygden/arsredovisning-2019.
        #[arg(value_name = "DOKUMENT")]
        document: String,
        /// Raden som den står i tabellen, t.ex. "S:a Rörelsens kostnader".
        #[arg(value_name = "RAD")]
        row: String,
    },
    /// Skapar ett nytt dokument från en mall som går att bygga direkt.
    New {
        /// verksamhetsplan, delårsrapport, årsredovisning eller rapport.
        #[arg(value_name = "TYP")]
        kind: String,
        /// Den nya dokumentmappen, t.ex. content/goteborg/verksamhetsplan-2027.
        #[arg(value_name = "MAPP")]
        folder: PathBuf,
    },
}

/// The project root: `--root`, or the nearest folder upward holding `content/`.
fn find_root(root: Option<&PathBuf>) -> Result<PathBuf, String> {
    match root {
        Some(root) if root.join("content").is_dir() => Ok(root.clone()),
        Some(root) => Err(format!("{} har ingen mapp content/", root.display())),
        None => {
            let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            project::find_root(&here).ok_or_else(|| {
                "hittar inget projekt: ingen mapp content/ här eller i någon mapp ovanför\n  = tips: gå till projektmappen eller ange den med --root MAPP".to_owned()
            })
        }
    }
}

fn today() -> arshjul::money::Date {
    arshjul::money::Date::today().unwrap_or(arshjul::money::Date {
        year: 2026,
        month: 1,
        day: 1,
    })
}

/// `arshjul underlag <DOC> "<rad>"`: the trail of every figure printed on the rows of that
/// name, as the web edition's Underlag and build/<doc>.json give it.
fn underlag(root: Option<&PathBuf>, document: &str, row: &str) -> ExitCode {
    let root = match find_root(root) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("fel: {message}");
            return ExitCode::from(2);
        }
    };
    let (project, warnings) = match Project::load(&root) {
        Ok(p) => p,
        Err(problems) => {
            print_diagnostics(&root, &problems);
            return ExitCode::from(1);
        }
    };
    print_diagnostics(&project.root, &warnings);
    let all = project::discover(&project.root);
    let chosen = match project::select(&all, &project.root, &[document.to_owned()]) {
        Ok(c) if c.len() == 1 => c,
        Ok(c) => {
            eprintln!(
                "fel: `{document}` är {} dokument: ange en dokumentmapp\n  = tips: t.ex. {}",
                c.len(),
                c.first()
                    .map_or("content/förbund/dokument".into(), |d| d.display_name())
            );
            return ExitCode::from(2);
        }
        Err(message) => {
            eprintln!("fel: {message}");
            return ExitCode::from(2);
        }
    };
    let (trail, found) = project.trail(&chosen[0]);
    print_diagnostics(&project.root, &found);
    let Some(trail) = trail else {
        eprintln!(
            "✗ {}: dokumentet har fel, så siffrorna går inte att följa",
            chosen[0].display_name()
        );
        return ExitCode::from(1);
    };
    let items = trail.rows(row);
    if items.is_empty() {
        let names = trail.row_names();
        eprintln!("fel: ingen rad `{row}` i dokumentets tabeller");
        if let Some(near) = arshjul::diagnostics::nearest(row, names.iter().map(String::as_str)) {
            eprintln!("  = tips: menade du `{near}`?");
        }
        return ExitCode::from(2);
    }
    for item in items {
        print!("{}", trail.explain(item));
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (documents, options) = match &cli.command {
        Command::Build {
            documents,
            emit_typst,
            no_pdfa,
            arkiv,
            format,
        } => {
            if *arkiv && *no_pdfa {
                eprintln!(
                    "fel: --arkiv och --no-pdfa går inte ihop: arkivversionen är en PDF/A-3a\n  = tips: ta bort den ena"
                );
                return ExitCode::from(2);
            }
            (
                documents.clone(),
                Options {
                    write: true,
                    emit_typst: *emit_typst,
                    no_pdfa: *no_pdfa,
                    archive: *arkiv,
                    formats: *format,
                    ..Options::default()
                },
            )
        }
        Command::Check {
            documents,
            no_pdfa,
            format,
            ..
        } => (
            documents.clone(),
            Options {
                no_pdfa: *no_pdfa,
                formats: *format,
                ..Options::default()
            },
        ),
        Command::Watch {
            document,
            no_pdfa,
            serve,
        } => {
            let root = match find_root(cli.root.as_ref()) {
                Ok(r) => r,
                Err(message) => {
                    eprintln!("fel: {message}");
                    return ExitCode::from(2);
                }
            };
            let options = Options {
                write: true,
                no_pdfa: *no_pdfa,
                ..Options::default()
            };
            let selection: Vec<String> = document.iter().cloned().collect();
            return ExitCode::from(watch::run(&root, &selection, options, cli.quiet, *serve));
        }
        Command::Underlag { document, row } => {
            return underlag(cli.root.as_ref(), document, row);
        }
        Command::Verifiera { pdf } => {
            return ExitCode::from(arshjul::archive::verify::run(pdf));
        }
        Command::New { kind, folder } => {
            return match starters::create(kind, folder, today()) {
                Ok(files) => {
                    if !cli.quiet {
                        for f in files {
                            println!("skapade {}", f.display());
                        }
                    }
                    // Written, but where no other command looks: said, with the way out.
                    if let Some(warning) = starters::outside_content(kind, folder) {
                        eprint!("{}", warning.render(folder));
                    }
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("fel: {message}");
                    ExitCode::from(2)
                }
            };
        }
    };
    let root = match find_root(cli.root.as_ref()) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("fel: {message}");
            return ExitCode::from(2);
        }
    };
    let json = matches!(
        &cli.command,
        Command::Check {
            meddelanden: Some(_),
            ..
        }
    );
    let (project, warnings) = match Project::load(&root) {
        Ok(p) => p,
        Err(problems) => {
            print_diagnostics(&root, &problems);
            print_json(json, &problems);
            return ExitCode::from(1);
        }
    };
    print_diagnostics(&project.root, &warnings);
    print_json(json, &warnings);

    let all = project::discover(&project.root);
    let chosen = match project::select(&all, &project.root, &documents) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("fel: {message}");
            return ExitCode::from(2);
        }
    };
    if chosen.is_empty() {
        eprintln!(
            "varning: inga dokument under content/ (ett dokument är en mapp med en index.md)"
        );
        return ExitCode::SUCCESS;
    }

    let mut outcomes = project.run(&chosen, options);
    if let Command::Check { strikt: true, .. } = &cli.command {
        for outcome in &mut outcomes {
            for d in &mut outcome.diagnostics {
                d.severity = arshjul::diagnostics::Severity::Error;
            }
        }
    }
    let verb = if options.write {
        "byggt"
    } else {
        "kontrollerat"
    };
    let mut printed = Vec::new();
    for outcome in &outcomes {
        // With JSON on stdout, the lines that say a document is done stay off it.
        outcome.print(&project.root, cli.quiet || json, verb, &mut printed);
        print_json(json, &outcome.diagnostics);
        if cli.tider {
            println!("  {}", outcome.stage_times());
        }
    }
    let failed = outcomes.iter().filter(|o| o.failed()).count();
    if failed > 0 {
        eprintln!(
            "{failed} av {} dokument har fel{}",
            outcomes.len(),
            if options.write {
                "; tidigare PDF-filer är orörda"
            } else {
                ""
            }
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// With `--meddelanden=json`, each diagnostic as a line of JSON on stdout.
fn print_json(json: bool, diagnostics: &[arshjul::diagnostics::Diagnostic]) {
    if json {
        for d in diagnostics {
            println!("{}", d.json());
        }
    }
}
