//! arshjul: the command line. Parses arguments and hands over to the pipeline; nothing else.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use arshjul::diagnostics::Diagnostic;
use arshjul::pipeline::{Options, Project};
use arshjul::project;

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
    },
    /// Kontrollerar allt som build kontrollerar, men skriver ingenting.
    Check {
        /// Dokumentmappar, t.ex. content/goteborg/verksamhetsplan-2021 eller goteborg.
        #[arg(value_name = "DOKUMENT")]
        documents: Vec<String>,
        /// Kontrollera som vanlig PDF i stället för PDF/A-2a och PDF/UA-1.
        #[arg(long)]
        no_pdfa: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (documents, options) = match &cli.command {
        Command::Build {
            documents,
            emit_typst,
            no_pdfa,
        } => (
            documents,
            Options {
                write: true,
                emit_typst: *emit_typst,
                no_pdfa: *no_pdfa,
            },
        ),
        Command::Check { documents, no_pdfa } => (
            documents,
            Options {
                no_pdfa: *no_pdfa,
                ..Options::default()
            },
        ),
    };
    let root = match &cli.root {
        Some(root) if root.join("content").is_dir() => root.clone(),
        Some(root) => {
            eprintln!("fel: {} har ingen mapp content/", root.display());
            return ExitCode::from(2);
        }
        None => {
            let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            match project::find_root(&here) {
                Some(root) => root,
                None => {
                    eprintln!(
                        "fel: hittar inget projekt: ingen mapp content/ här eller i någon mapp ovanför\n  = tips: gå till projektmappen eller ange den med --root MAPP"
                    );
                    return ExitCode::from(2);
                }
            }
        }
    };
    let (project, warnings) = match Project::load(&root) {
        Ok(p) => p,
        Err(problems) => {
            print_all(&root, &problems);
            return ExitCode::from(1);
        }
    };
    print_all(&project.root, &warnings);

    let all = project::discover(&project.root);
    let chosen = match project::select(&all, &project.root, documents) {
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

    let outcomes = project.run(&chosen, options);
    let mut failed = 0;
    for outcome in &outcomes {
        print_all(&project.root, &outcome.diagnostics);
        if outcome.failed() {
            failed += 1;
            eprintln!(
                "✗ {}: {} fel",
                outcome.document.display_name(),
                outcome.diagnostics.iter().filter(|d| d.is_error()).count()
            );
        } else if !cli.quiet {
            let seconds = format!("{:.2}", outcome.elapsed.as_secs_f64()).replace('.', ",");
            match &outcome.written {
                Some(path) => println!(
                    "✓ {} → {} ({seconds} s)",
                    outcome.document.display_name(),
                    arshjul::diagnostics::display_path(path)
                ),
                None => println!(
                    "✓ {}: inga fel ({seconds} s)",
                    outcome.document.display_name()
                ),
            }
        }
    }
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

fn print_all(root: &std::path::Path, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprint!("{}", d.render(root));
    }
}
