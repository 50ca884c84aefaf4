//! The command line: exit codes, located errors, atomic output, `--root`, `--emit-typst`.

use crate::support::{
    MissingKey, UnknownName, arshjul, described, fixture, missing_keys, pdf_text, skip,
    unknown_names,
};

#[test]
fn an_unknown_key_is_reported_as_its_kind_with_the_nearest_known_key() {
    let project = fixture("broken");
    // A second unknown key, near no known one.
    let index = project.path().join("content/a/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, text.replace("datum:", "qqqqqqqqq: 1\ndatum:")).unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stderr}");
    let unknown: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a line of JSON"))
        .filter(|v| v["slag"] == "okänd_nyckel")
        .collect();
    let said = |v: &serde_json::Value| {
        (
            v["fil"].as_str().unwrap_or_default().to_owned(),
            v["rad"].as_u64(),
            v["kolumn"].as_u64(),
            v["nyckel"].as_str().unwrap_or_default().to_owned(),
            v["vad"].as_str().unwrap_or_default().to_owned(),
            v["förslag"].as_str().map(str::to_owned),
        )
    };
    let file = "content/a/index.md".to_owned();
    let front = "front matter".to_owned();
    assert_eq!(
        unknown.iter().map(said).collect::<Vec<_>>(),
        [
            (
                file.clone(),
                Some(3),
                Some(1),
                "tittel".to_owned(),
                front.clone(),
                Some("titel".to_owned())
            ),
            (file, Some(4), Some(1), "qqqqqqqqq".to_owned(), front, None),
        ],
        "{stdout}"
    );
    // The text is the kind's, the same as before it had one.
    assert!(
        stderr.contains("fel: okänd nyckel `tittel` i front matter\n  --> content/a/index.md:3:1"),
        "{stderr}"
    );
    assert!(stderr.contains("tips: menade du `titel`?"), "{stderr}");
    assert!(
        stderr
            .contains("fel: okänd nyckel `qqqqqqqqq` i front matter\n  --> content/a/index.md:4:1"),
        "{stderr}"
    );
    assert!(stderr.contains("tips: kända nycklar: `typ`"), "{stderr}");
}

#[test]
fn an_unknown_name_is_reported_as_its_kind_with_the_nearest_known_name() {
    let project = fixture("broken");
    let content = project.path().join("content");
    // Beside the fixture's `typ: bugdet`: a data type near none, a chart and a document type
    // misspelt.
    std::fs::write(content.join("d/annat.yaml"), "typ: qqqqqqqq\n").unwrap();
    std::fs::write(
        content.join("f/diagram.yaml"),
        "typ: tabell\ntitel: Deltagare\ndiagram: stapl\nkategorier: [Norrby]\nserier:\n  - { namn: Antal, värden: [5] }\n",
    )
    .unwrap();
    std::fs::create_dir_all(content.join("h")).unwrap();
    std::fs::write(
        content.join("h/index.md"),
        "---\ntyp: rapprt\ntitel: H\ndatum: 2020-11-27\n---\nText.\n",
    )
    .unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stderr}");
    let mut unknown = unknown_names(&stdout);
    unknown.sort();
    assert_eq!(
        unknown,
        [
            UnknownName::new("content/d/annat.yaml:1:6", "datatyp", "qqqqqqqq", None),
            UnknownName::new(
                "content/d/budget.yaml:1:6",
                "datatyp",
                "bugdet",
                Some("budget")
            ),
            UnknownName::new(
                "content/f/diagram.yaml:3:10",
                "diagram",
                "stapl",
                Some("stapel")
            ),
            UnknownName::new(
                "content/h/index.md:2:6",
                "dokumenttyp",
                "rapprt",
                Some("rapport")
            ),
        ],
        "{stdout}"
    );
    // The names known, as data: the chart's.
    let chart: serde_json::Value = stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|v| v["vad"] == "diagram")
        .unwrap();
    assert_eq!(
        chart["val"],
        serde_json::json!(["stapel", "liggande", "staplad", "ingen"])
    );
    // The texts and hints are the kind's, the same as before it had one.
    for expected in [
        "fel: okänt diagram `stapl`\n  --> content/f/diagram.yaml:3:10",
        "tips: menade du `stapel`?",
        "fel: okänd datatyp `bugdet`\n  --> content/d/budget.yaml:1:6",
        "tips: menade du `budget`?",
        "fel: okänd datatyp `qqqqqqqq`\n  --> content/d/annat.yaml:1:6",
        "tips: skriv en av: budget, ",
        "fel: okänd dokumenttyp `rapprt`\n  --> content/h/index.md:2:6",
        "tips: menade du `rapport`?",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }
}

#[test]
fn a_missing_key_is_reported_as_its_kind_with_what_lacks_it() {
    let project = fixture("broken");
    let content = project.path().join("content");
    // A data file without `typ`, a series without `värden`, a front matter without `typ` and
    // one without `titel` (and a status misspelt: an unknown name, its own hint after the
    // suggestion).
    std::fs::write(content.join("f/annat.yaml"), "titel: Annat\n").unwrap();
    std::fs::write(
        content.join("f/diagram.yaml"),
        "typ: tabell\ntitel: Deltagare\nkategorier: [Norrby]\nserier:\n  - { namn: Antal }\n",
    )
    .unwrap();
    for (dir, front) in [("h", "titel: H"), ("i", "typ: rapport\nstatus: faststäld")] {
        std::fs::create_dir_all(content.join(dir)).unwrap();
        std::fs::write(
            content.join(dir).join("index.md"),
            format!("---\n{front}\ndatum: 2020-11-27\n---\nText.\n"),
        )
        .unwrap();
    }
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        missing_keys(&stdout),
        [
            MissingKey::new("content/f/annat.yaml:1:1", "datafil", None, "typ", &[]),
            MissingKey::new(
                "content/f/diagram.yaml:5:5",
                "serie",
                Some("Antal"),
                "värden",
                &[]
            ),
            // Beside them, the fixture's document without `datum` (a warning).
            MissingKey::new(
                "content/f/index.md:null:null",
                "dokument",
                None,
                "datum",
                &[]
            ),
            MissingKey::new("content/h/index.md:2:1", "front matter", None, "typ", &[]),
            MissingKey::new("content/i/index.md:2:1", "front matter", None, "titel", &[]),
        ],
        "{stdout}"
    );
    // The values `typ` takes, as data.
    let data: serde_json::Value = stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|v| v["vad"] == "datafil")
        .unwrap();
    assert!(
        data["val"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("budget")),
        "{data}"
    );
    // The texts and hints are the kind's, the same as before it had one.
    for expected in [
        "fel: datafilen saknar `typ`\n  --> content/f/annat.yaml:1:1",
        "tips: skriv en av: budget, ",
        "fel: serien `Antal` saknar `värden`\n  --> content/f/diagram.yaml:5:5",
        "fel: front matter saknar `typ`\n  --> content/h/index.md:2:1",
        "tips: skriv en av: verksamhetsplan, delårsrapport, årsredovisning, rapport\n",
        "fel: front matter saknar `titel`\n  --> content/i/index.md:2:1",
        "fel: okänd status `faststäld`\n  --> content/i/index.md:3:9",
        "  = tips: menade du `fastställd`?\n  = tips: skriv `utkast` eller `fastställd`\n",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }
    assert!(
        unknown_names(&stdout).contains(&UnknownName::new(
            "content/i/index.md:3:9",
            "status",
            "faststäld",
            Some("fastställd")
        )),
        "{stdout}"
    );
}

#[test]
fn check_reports_every_error_with_its_place_and_exits_1() {
    let project = fixture("broken");
    let output = arshjul(project.path(), &["check"]);
    let (code, stdout, stderr) = described(&output);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    for expected in [
        // A misspelt key, with the nearest known key as a hint.
        "okänd nyckel `tittel` i front matter\n  --> content/a/index.md:3:1",
        "tips: menade du `titel`?",
        // YAML that does not parse, at the bracket that never closes.
        "fel: `[` stängs aldrig med `]`\n  --> content/b/index.md:3:8",
        // A template expression naming a field that does not exist.
        "fältet `nman` finns inte i `forbund`\n  --> content/c/index.md:7:28",
        "menade du `namn`?",
        // A data file of an unknown type, and a missing image, in the same document.
        "okänd datatyp `bugdet`\n  --> content/d/budget.yaml:1:6",
        "menade du `budget`?",
        "`karta.png` finns inte (sökt i content/d)\n  --> content/d/index.md:8:1",
        // No front matter at all.
        "index.md saknar front matter\n  --> content/e/index.md:1:1",
        // A date that does not exist.
        "`2020-31-01` är inte ett datum",
        "--> content/g/index.md:4:8",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    // One mistake, one message: the misspelt `tittel` is not also a missing `titel`.
    assert!(!stderr.contains("saknar `titel`"), "{stderr}");
    assert!(stdout.contains("✓ f: inga fel"), "{stdout}");
    assert!(stderr.contains("6 av 7 dokument har fel"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // check writes nothing.
    assert!(!project.path().join("build").exists());
}

#[test]
fn build_writes_one_pdf_per_document_and_exits_0() {
    let project = fixture("minimal");
    let output = arshjul(project.path(), &["build"]);
    let (code, stdout, stderr) = described(&output);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf = project.path().join("build/plan.pdf");
    assert!(stdout.contains("plan → build/plan.pdf"), "{stdout}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(text.contains("Minimal plan"), "{text}");
    assert!(text.contains("Ett stycke."), "{text}");
    // A draft (the default status) carries the watermark.
    assert!(text.contains("UTKAST"), "{text}");
    assert!(text.contains("sida 3 (3)"), "{text}");
}

#[test]
fn a_failed_build_leaves_the_previous_pdf() {
    let project = fixture("minimal");
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    let pdf = project.path().join("build/plan.pdf");
    let before = std::fs::read(&pdf).unwrap();
    let index = project.path().join("content/plan/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replace("Ett stycke.", "Ett {{ fel.här }} stycke."),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/plan/index.md:8:"), "{stderr}");
    assert!(stderr.contains("tidigare PDF-filer är orörda"), "{stderr}");
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    let mut leftovers: Vec<_> = std::fs::read_dir(project.path().join("build"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        vec![
            std::ffi::OsString::from("plan.html"),
            std::ffi::OsString::from("plan.json"),
            std::ffi::OsString::from("plan.pdf")
        ]
    );
}

#[test]
fn the_command_line_errors_exit_2() {
    let project = fixture("minimal");
    let (code, _, _) = described(&arshjul(project.path(), &["bygg"]));
    assert_eq!(code, 2);
    let (code, _, _) = described(&arshjul(project.path(), &["build", "--okänd"]));
    assert_eq!(code, 2);
    let (code, _, stderr) = described(&arshjul(project.path(), &["build", "finns-inte"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("hittar inget dokument `finns-inte`"),
        "{stderr}"
    );
    let empty = tempfile::tempdir().unwrap();
    let (code, _, stderr) = described(&arshjul(empty.path(), &["build"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("ingen mapp content/"), "{stderr}");
}

#[test]
fn root_and_document_selection() {
    let project = fixture("broken");
    let elsewhere = tempfile::tempdir().unwrap();
    let root = project.path().to_str().unwrap();
    // Only the good document: exit 0, and only it is built.
    let (code, stdout, stderr) =
        described(&arshjul(elsewhere.path(), &["build", "--root", root, "f"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(project.path().join("build/f.pdf").is_file());
    assert!(!project.path().join("build/a.pdf").exists());
    // From inside a document folder the root is found upward.
    let (code, _, stderr) = described(&arshjul(&project.path().join("content/c"), &["check", "."]));
    assert_eq!(code, 1);
    assert!(stderr.contains("content/c/index.md:7:28"), "{stderr}");
    assert!(
        !stderr.contains("content/a/"),
        "only the named document: {stderr}"
    );
}

#[test]
fn emit_typst_writes_a_source_that_compiles_on_its_own() {
    let project = fixture("bilder");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build", "--emit-typst"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let dir = project.path().join("build/doc");
    let source = std::fs::read_to_string(dir.join("main.typ")).unwrap();
    assert!(source.contains("#set document("), "{source}");
    assert!(dir.join("fonts/Carlito-Regular.ttf").is_file());
    assert!(source.contains("/content/doc/karta.png"), "{source}");
    assert!(dir.join("content/doc/karta.png").is_file());
    // Compiled by typst with the emitted folder as its root, as `typst compile --root build/doc`
    // would: the image the source names is beside it, and the pages come out.
    let (engine, _) = arshjul::typeset::Engine::new(&dir);
    let world = arshjul::typeset::DocumentWorld::new(&engine, &dir, "/main.typ", source, None)
        .expect("a world over the emitted folder");
    let compiled = typst::compile::<typst_layout::PagedDocument>(&world);
    let document = compiled.output.unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        )
    });
    assert!(!document.pages().is_empty());
}

#[test]
fn images_come_from_inside_the_project_only() {
    let project = fixture("bilder");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build", "--emit-typst"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf = project.path().join("build/doc.pdf");
    let images = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output();
    match images {
        Ok(images) => {
            let list = String::from_utf8_lossy(&images.stdout);
            assert!(
                list.contains("120"),
                "the 120×60 image is in the PDF:\n{list}"
            );
        }
        Err(_) => skip("pdfimages saknas: bildens plats i PDF-filen kontrolleras inte"),
    }
    // --emit-typst copies the image beside the source, at the path the source names.
    assert!(
        project
            .path()
            .join("build/doc/content/doc/karta.png")
            .is_file()
    );

    // A symlink that leads out of the project is refused, with the place in the Markdown.
    let index = project.path().join("content/doc/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", project.path().join("content/doc/ut.png"))
            .unwrap();
        std::fs::write(&index, format!("{text}\n![ut](ut.png)\n")).unwrap();
        let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
        assert_eq!(code, 1);
        assert!(
            stderr.contains("`ut.png` ligger utanför projektet"),
            "{stderr}"
        );
        assert!(stderr.contains("content/doc/index.md:11:1"), "{stderr}");
    }
    // A path that climbs out is refused too.
    std::fs::write(&index, format!("{text}\n![x](../../../etc/passwd)\n")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("content/doc/index.md:11:1"), "{stderr}");
}

#[test]
fn typst_errors_point_at_the_markdown_that_caused_them() {
    let project = fixture("bilder");
    let index = project.path().join("content/doc/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!("{text}\nEtt stycke.\n\n![Trasig](trasig.png)\n"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("bilden kan inte läsas"), "{stderr}");
    assert!(!stderr.contains("typst:"), "in Swedish: {stderr}");
    assert!(stderr.contains("content/doc/index.md:13:1"), "{stderr}");
    assert!(!project.path().join("build/doc.pdf").exists());
}

#[test]
fn a_project_layout_overrides_the_built_in_one() {
    let project = fixture("bilder");
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    {
        let text = pdf_text(&project.path().join("build/doc.pdf"));
        assert!(text.contains("Eget omslag: Bilder och layout"), "{text}");
    }
    // A template error in the project's layout names that file.
    std::fs::write(
        project.path().join("layouts/_omslag.typ"),
        "#page[\n  {{ dokument.titl }}\n]\n",
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("layouts/_omslag.typ:2:"), "{stderr}");
    assert!(stderr.contains("menade du `titel`?"), "{stderr}");
}

/// `--tider` prints each stage a document went through, by name and in order, with its time:
/// the stages are a flat list, and one that does not run (the PDF's, with `--format html`;
/// everything after a failed load) is not listed.
#[test]
fn tider_lists_the_stages_each_document_went_through() {
    let project = fixture("minimal");
    let stages_of = |stdout: &str| -> Vec<String> {
        let line = stdout
            .lines()
            .find(|l| l.starts_with("  läsning"))
            .unwrap_or_else(|| panic!("ingen rad med tider:\n{stdout}"));
        line.trim()
            .split(" · ")
            .map(|stage| {
                let (name, time) = stage
                    .strip_suffix(" ms")
                    .and_then(|s| s.rsplit_once(' '))
                    .unwrap_or_else(|| panic!("`{stage}` är inte `namn tid ms`"));
                assert!(
                    time.replace(',', ".").parse::<f64>().is_ok(),
                    "{stage} saknar sin tid"
                );
                name.to_owned()
            })
            .collect()
    };
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build", "--tider"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(
        stages_of(&stdout),
        [
            "läsning",
            "underlag",
            "sammanhang",
            "berättelse",
            "webbversion",
            "markdown",
            "layout",
            "sättning",
            "skrivning"
        ]
    );
    let (code, stdout, stderr) = described(&arshjul(
        project.path(),
        &["check", "--tider", "--format", "html"],
    ));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(
        stages_of(&stdout),
        [
            "läsning",
            "underlag",
            "sammanhang",
            "berättelse",
            "webbversion"
        ]
    );
    // Without the flag, no times.
    let (_, stdout, _) = described(&arshjul(project.path(), &["check"]));
    assert!(!stdout.contains("läsning"), "{stdout}");

    // A document whose front matter cannot be read stops after loading.
    let index = project.path().join("content/plan/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, text.replacen("typ:", "typ: [", 1)).unwrap();
    let (code, stdout, _) = described(&arshjul(project.path(), &["check", "--tider"]));
    assert_eq!(code, 1);
    assert_eq!(stages_of(&stdout), ["läsning"]);
}

/// A data file named like a value the templates already have (`budgetkolumn`, `placerade`,
/// `avvikelseankare`, ...) would be hidden behind it: an error naming the file.
#[test]
fn a_data_file_cannot_take_a_name_the_templates_use() {
    for name in ["budgetkolumn", "avvikelseankare", "placerade", "noter"] {
        let project = fixture("minimal");
        std::fs::write(
            project.path().join(format!("content/plan/{name}.yaml")),
            "typ: tabell\nkolumner: [a]\nrader: []\n",
        )
        .unwrap();
        let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
        assert_eq!(code, 1, "{name}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "datafilen kan inte heta `{name}`: namnet används redan i mallarna\n  --> content/plan/{name}.yaml"
            )),
            "{stderr}"
        );
    }
}
