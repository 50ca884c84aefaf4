//! `arshjul new` and `arshjul watch`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{arshjul, described, fixture, pdf_text};

#[test]
fn every_starter_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    for kind in [
        "verksamhetsplan",
        "delårsrapport",
        "årsredovisning",
        "rapport",
    ] {
        let folder = format!("content/{}", kind.replace(['å', 'ä'], "a"));
        let (code, stdout, stderr) = described(&arshjul(dir.path(), &["new", kind, &folder]));
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        assert!(stdout.contains("skapade"), "{stdout}");
    }
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("varning"), "{stderr}");
    {
        let plan = pdf_text(&dir.path().join("build/verksamhetsplan.pdf"));
        assert!(plan.contains("kostnaderna är 21 000 tkr"), "{plan}");
    }
    // A second `new` into the same folder is refused.
    let (code, _, stderr) = described(&arshjul(dir.path(), &["new", "rapport", "content/rapport"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("inte tom"), "{stderr}");
}

/// Waits until `condition` holds, up to `limit`.
fn wait_for(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn watch_rebuilds_on_save_keeps_the_last_good_pdf_and_ends_on_ctrl_c() {
    let project = fixture("minimal");
    let watching = Watching::start(project.path());
    let expect = |needle: &str| {
        watching.expect(needle);
    };
    expect("bevakar 1 dokument");
    let pdf = project.path().join("build/plan.pdf");
    let index = project.path().join("content/plan/index.md");
    let first = std::fs::read(&pdf).unwrap();

    // An edit rebuilds.
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, text.replace("Ett stycke.", "Ett ändrat stycke.")).unwrap();
    expect("ombyggt");
    assert!(pdf_text(&pdf).contains("Ett ändrat stycke."));

    // A broken save prints its error and keeps the last good PDF.
    let good = std::fs::read(&pdf).unwrap();
    assert_ne!(good, first);
    std::fs::write(
        &index,
        text.replace("Ett stycke.", "Ett {{ trasigt stycke."),
    )
    .unwrap();
    expect("content/plan/index.md:8:");
    assert_eq!(std::fs::read(&pdf).unwrap(), good);

    // The next good save rebuilds; a new document is picked up.
    std::fs::write(&index, text.replace("Ett stycke.", "Ett lagat stycke.")).unwrap();
    expect("ombyggt");
    assert!(pdf_text(&pdf).contains("Ett lagat stycke."));
    let new = project.path().join("content/ny");
    std::fs::create_dir(&new).unwrap();
    std::fs::write(
        new.join("index.md"),
        "---\ntyp: rapport\ntitel: Ny\ndatum: 2021-01-01\n---\nNy text.\n",
    )
    .unwrap();
    expect("ny → build/ny.pdf");

    // Ctrl-C ends it cleanly.
    assert_eq!(watching.stop(), Some(0));
    let leftovers: Vec<String> = std::fs::read_dir(project.path().join("build"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A running `arshjul watch` whose output lines can be waited for.
struct Watching {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
}

impl Watching {
    fn start(project: &std::path::Path) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_arshjul"))
            .arg("watch")
            .current_dir(project)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel::<String>();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        let tx2 = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx2.send(line);
            }
        });
        Watching { child, lines }
    }

    /// Waits (up to 20 s) for a line holding `needle`; returns the lines up to it.
    fn expect(&self, needle: &str) -> Vec<String> {
        let mut seen = Vec::new();
        let found = wait_for(Duration::from_secs(20), || {
            while let Ok(line) = self.lines.try_recv() {
                let hit = line.contains(needle);
                seen.push(line);
                if hit {
                    return true;
                }
            }
            false
        });
        assert!(found, "{needle:?} not in:\n{}", seen.join("\n"));
        seen
    }

    /// The lines printed within `time`.
    fn quiet_for(&self, time: Duration) -> Vec<String> {
        std::thread::sleep(time);
        self.lines.try_iter().collect()
    }

    /// Ctrl-C; the exit code.
    fn stop(mut self) -> Option<i32> {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap().code()
    }
}

#[test]
fn watch_rebuilds_on_a_file_read_outside_the_document_folder_and_only_then() {
    let project = fixture("minimal");
    let content = project.path().join("content");
    std::fs::write(
        content.join("delad.csv"),
        "Kommun;Deltagare\nMölndal;12\nPartille;7\n",
    )
    .unwrap();
    std::fs::write(
        content.join("plan/statistik.yaml"),
        "typ: tabell\ntitel: Deltagare per kommun\nkälla: ../delad.csv\ndiagram: ingen\n",
    )
    .unwrap();
    // And one outside content/ altogether, in the project's own data folder.
    let data = project.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("aldrar.csv"), "Ålder;Antal\n18–29;31\n").unwrap();
    std::fs::write(
        content.join("plan/aldrar.yaml"),
        "typ: tabell\ntitel: Deltagare per ålder\nkälla: ../../data/aldrar.csv\ndiagram: ingen\n",
    )
    .unwrap();
    let index = content.join("plan/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replace(
            "Ett stycke.",
            "Ett stycke.\n\n{{ tabell(namn=\"statistik\") }}\n\n{{ tabell(namn=\"aldrar\") }}",
        ),
    )
    .unwrap();
    let pdf = project.path().join("build/plan.pdf");

    let watch = Watching::start(project.path());
    watch.expect("bevakar 1 dokument");
    let before = pdf_text(&pdf);
    assert!(before.contains("Mölndal 12"), "{before}");

    // The CSV one level above the document's folder: saved, the PDF follows.
    std::fs::write(
        content.join("delad.csv"),
        "Kommun;Deltagare\nMölndal;4711\nPartille;7\n",
    )
    .unwrap();
    watch.expect("ombyggt");
    let after = pdf_text(&pdf);
    assert!(after.contains("Mölndal 4 711"), "{after}");

    std::fs::write(data.join("aldrar.csv"), "Ålder;Antal\n18–29;2024\n").unwrap();
    watch.expect("ombyggt");
    let after = pdf_text(&pdf);
    assert!(after.contains("18–29 2 024"), "{after}");

    // A file no build read is no reason to build.
    std::fs::write(content.join("anteckningar.txt"), "att göra\n").unwrap();
    let lines = watch.quiet_for(Duration::from_millis(800));
    assert!(
        !lines.iter().any(|l| l.contains("ombyggt")),
        "{}",
        lines.join("\n")
    );

    // A save that empties the file first and writes it a moment later builds the full file.
    std::fs::write(content.join("delad.csv"), "").unwrap();
    std::thread::sleep(Duration::from_millis(60));
    std::fs::write(
        content.join("delad.csv"),
        "Kommun;Deltagare\nMölndal;815\nPartille;7\n",
    )
    .unwrap();
    let lines = watch.expect("ombyggt");
    assert!(
        !lines.iter().any(|l| l.contains("fel")),
        "{}",
        lines.join("\n")
    );
    assert!(pdf_text(&pdf).contains("Mölndal 815"));
    assert_eq!(watch.stop(), Some(0));
}

#[test]
fn watch_takes_an_atomic_save_and_drops_a_removed_document() {
    let project = fixture("minimal");
    let other = project.path().join("content/annan");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(
        other.join("index.md"),
        "---\ntyp: rapport\ntitel: Annan\ndatum: 2021-01-01\n---\nAnnan text.\n",
    )
    .unwrap();
    let watch = Watching::start(project.path());
    watch.expect("bevakar 2 dokument");

    // An editor's atomic save: write a temporary file, rename it over the old one.
    let index = project.path().join("content/plan/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let temporary = project.path().join("content/plan/.index.md.tmp");
    std::fs::write(
        &temporary,
        text.replace("Ett stycke.", "Ett atomärt stycke."),
    )
    .unwrap();
    std::fs::rename(&temporary, &index).unwrap();
    let lines = watch.expect("ombyggt");
    assert!(
        lines.iter().all(|l| !l.contains("annan")),
        "only the saved document is built: {}",
        lines.join("\n")
    );
    let pdf = project.path().join("build/plan.pdf");
    assert!(pdf_text(&pdf).contains("Ett atomärt stycke."));
    let rebuilt = std::fs::read(&pdf).unwrap();

    std::fs::remove_dir_all(&other).unwrap();
    watch.expect("annan: borttaget");
    assert_eq!(watch.stop(), Some(0));

    // The world kept between rebuilds makes the same PDF as a build from scratch.
    std::fs::remove_file(&pdf).unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        std::fs::read(&pdf).unwrap() == rebuilt,
        "the rebuilt PDF differs"
    );
}

#[test]
fn the_preview_works_in_a_real_browser() {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_arshjul"));
    let Some(stdout) =
        crate::support::browser_script("preview.mjs", &["playwright-core"], &[binary.as_os_str()])
    else {
        return;
    };
    assert!(stdout.contains("11 passed, 0 failed"), "{stdout}");
}
