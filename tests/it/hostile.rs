//! Hostile input stays harmless (issue 26): nothing is read from outside the project, nothing
//! hangs or exhausts the machine, nothing a writer types becomes a scheme, a placement or an
//! English message, and the preview holds against idle, oversized and foreign requests.
//!
//! Every build here runs under a cap on the process (address space and CPU time through
//! `ulimit`, wall time through `timeout`), asserts the Swedish message at its place, and that a
//! second, ordinary document of the same build still succeeds.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{described, pdf_text};

/// The address space a build may use, in KiB: far below what a decompression bomb or a string
/// doubled 64 times would need, well above a normal build.
const MEMORY_KIB: u64 = 1536 * 1024;
/// The CPU and wall time a build may take, in seconds.
const SECONDS: u64 = 120;

/// Runs `arshjul args` in `dir` under [`MEMORY_KIB`] and [`SECONDS`].
fn capped(dir: &Path, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_KIB}; ulimit -t {SECONDS}; exec timeout -s KILL {SECONDS} \"$@\""
        ))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_arshjul"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run arshjul under sh")
}

/// A project in a temporary folder with `files` (path under the project root, text), and the
/// ordinary document `content/f/annan` that every test expects to build beside the hostile one.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![
        (
            "content/f/forbund.yaml",
            "namn: Samordningsförbundet Fjärden\nmedlemmar: [Försäkringskassan, Arbetsförmedlingen, Region Fjärden, Fjärdens kommun]\n",
        ),
        (
            "content/f/annan/index.md",
            "---\ntyp: rapport\ntitel: Annan rapport\ndatum: 2021-03-01\n---\n# Annan\n\nDen andra rapporten byggs.\n",
        ),
    ];
    all.extend_from_slice(files);
    for (path, text) in all {
        write(&dir.path().join(path), text.as_bytes());
    }
    dir
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A report `index.md` with `body` as its narrative (its first line is line 6 of the file).
fn report(title: &str, body: &str) -> String {
    format!("---\ntyp: rapport\ntitel: {title}\ndatum: 2021-03-01\n---\n{body}")
}

/// Builds under the cap; returns the exit code and stderr, asserting that the ordinary
/// document was built and that nothing panicked or aborted.
fn build(project: &Path, args: &[&str]) -> (i32, String) {
    let (code, stdout, stderr) = described(&capped(project, args));
    assert!(
        !stderr.contains("panicked") && !stderr.contains("memory allocation"),
        "{stdout}\n{stderr}"
    );
    assert!(
        code == 0 || code == 1,
        "exit {code}, killed by the cap?\n{stdout}\n{stderr}"
    );
    let other = project.join("build/f/annan.pdf");
    if args.first() == Some(&"build") && !args.contains(&"html") {
        assert!(
            other.exists(),
            "the other document was not built:\n{stdout}\n{stderr}"
        );
    }
    assert!(
        stdout.contains("✓ f/annan"),
        "the other document did not succeed:\n{stdout}\n{stderr}"
    );
    // Swedish figures have no-break spaces between thousands: plain ones for the assertions.
    (code, format!("{stdout}\n{stderr}").replace('\u{a0}', " "))
}

/// The place (`content/…:line:column`) of each message in `output` that holds `needle`: the
/// `-->` line after it.
fn places<'a>(output: &'a str, needle: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = output.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .filter_map(|(i, _)| lines.get(i + 1)?.trim().strip_prefix("--> "))
        .collect()
}

/// Asserts that `output` says `needle` at `place` (a file, or the beginning of `file:line:`).
fn says_at(output: &str, needle: &str, place: &str) {
    let found = places(output, needle);
    assert!(
        found.iter().any(|p| p.starts_with(place)),
        "{needle:?} not at {place} (but at {found:?}):\n{output}"
    );
}

/// A symbolic link at `link` in the project to a file outside it holding `secret`; the folder
/// that holds the file, which must outlive the test.
#[cfg(unix)]
fn linked_outside(project: &Path, link: &str, secret: &str) -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("hemligt.yaml");
    std::fs::write(&file, secret).unwrap();
    std::os::unix::fs::symlink(&file, project.join(link)).unwrap();
    outside
}

#[cfg(unix)]
#[test]
fn p1_a_symlinked_data_file_outside_the_project_is_refused() {
    let project = project(&[(
        "content/f/pw/index.md",
        &report("Lösenord", "# Text\n\nEn rapport.\n"),
    )]);
    let _outside = linked_outside(
        project.path(),
        "content/f/pw/pw.yaml",
        "root:x:0:0:HEMLIGT:/root:/bin/bash\n",
    );
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 1, "{out}");
    says_at(&out, "leder utanför projektet", "content/f/pw/pw.yaml");
    assert!(!out.contains("HEMLIGT") && !out.contains("root:x"), "{out}");
    assert!(!project.path().join("build/f/pw.pdf").exists());
}

#[cfg(unix)]
#[test]
fn p1_a_symlinked_forbund_yaml_outside_the_project_is_refused() {
    let project = project(&[(
        "content/g/plan/index.md",
        &report("Plan", "# Text\n\n{{ forbund.namn }}\n"),
    )]);
    let _outside = linked_outside(
        project.path(),
        "content/g/forbund.yaml",
        "namn: HEMLIGT FÖRBUND\n",
    );
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 1, "{out}");
    says_at(&out, "leder utanför projektet", "content/g/forbund.yaml");
    assert!(!out.contains("HEMLIGT"), "{out}");
    assert!(!project.path().join("build/g/plan.html").exists());
}

#[test]
fn p2_a_document_folder_named_like_a_script_gets_a_relative_encoded_href() {
    let project = project(&[(
        "content/f/javascript:alert(document.title)/index.md",
        &report("Skript", "# Text\n\nEtt namn som ser ut som en länk.\n"),
    )]);
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 0, "{out}");
    let index = std::fs::read_to_string(project.path().join("build/f/index.html")).unwrap();
    assert!(
        index.contains("href=\"./javascript%3Aalert%28document.title%29.html\""),
        "{index}"
    );
    assert!(index.contains("href=\"./annan.html\""), "{index}");
    // No href in the page begins with a scheme.
    for href in index.split("href=\"").skip(1) {
        assert!(href.starts_with("./") || href.starts_with('#'), "{href}");
    }
}

#[test]
fn p3_links_without_a_scheme_must_stay_in_the_project() {
    let body = "# Länkar\n\n[a](/etc/passwd)\n\n[b](../../../../etc/passwd)\n\n[c](\\\\\\\\server\\\\share\\\\x.pdf)\n\n[d](annan-mapp/../../../../../hemligt.pdf)\n";
    let project = project(&[("content/f/lankar/index.md", &report("Länkar", body))]);
    for format in ["pdf", "html"] {
        let (code, out) = build(project.path(), &["build", "--format", format]);
        assert_eq!(code, 1, "{out}");
        says_at(
            &out,
            "länken `/etc/passwd` är en absolut sökväg",
            "content/f/lankar/index.md:8:1",
        );
        says_at(
            &out,
            "länken `../../../../etc/passwd` leder utanför projektet",
            "content/f/lankar/index.md:10:1",
        );
        says_at(&out, "nätverksdelning", "content/f/lankar/index.md:12:1");
        says_at(
            &out,
            "länken `annan-mapp/../../../../../hemligt.pdf` leder utanför",
            "content/f/lankar/index.md:14:1",
        );
        assert!(out.contains("✗ f/lankar: 4 fel"), "{out}");
        assert!(!project.path().join("build/f/lankar.pdf").exists());
        assert!(!project.path().join("build/f/lankar.html").exists());
    }
}

/// A narrative that loops 10^15 times, and one that doubles a text 64 times.
const HANGS: &str = "# Slingor\n\n{% for a in range(end=100000) %}{% for b in range(end=100000) %}\n{% for c in range(end=100000) %}x{% endfor %}{% endfor %}{% endfor %}\n";

#[test]
fn p4_nested_loops_stop_with_a_located_error_and_the_others_build() {
    let doubling = format!(
        "# Text\n\n{{% set s = \"ab\" %}}\n{}",
        "{% set s = s ~ s %}\n".repeat(64)
    );
    let project = project(&[
        ("content/f/slingor/index.md", &report("Slingor", HANGS)),
        ("content/f/dubbel/index.md", &report("Dubbel", &doubling)),
    ]);
    let started = std::time::Instant::now();
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 1, "{out}");
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    // The innermost loop, where the count ran out.
    says_at(
        &out,
        "slingorna går för många varv",
        "content/f/slingor/index.md:9:1",
    );
    says_at(
        &out,
        "värdena mallen bygger blir för stora",
        "content/f/dubbel/index.md:",
    );
    let line: usize = places(&out, "blir för stora")[0]
        .rsplit(':')
        .nth(1)
        .and_then(|l| l.parse().ok())
        .expect(&out);
    // One of the doublings (lines 9–72), long before the last.
    assert!((9..40).contains(&line), "{out}");
    assert!(!project.path().join("build/f/slingor.pdf").exists());
}

/// A PNG chunk: length, type, data, CRC.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crate::support::crc32(&[&kind[..], data].concat());
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

/// A PNG of `width` × `height` pixels, RGB, whose rows are `rows` (stored, not compressed).
fn png(width: u32, height: u32, rows: &[u8]) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    // zlib with stored blocks of at most 65 535 bytes.
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = rows.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    if blocks.is_empty() {
        zlib.extend_from_slice(&[1, 0, 0, 0xFF, 0xFF]);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in rows {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IDAT", &zlib));
    out.extend(chunk(b"IEND", &[]));
    out
}

#[test]
fn p5_a_decompression_bomb_is_refused_before_decoding() {
    let project = project(&[
        (
            "content/f/bomb/index.md",
            &report(
                "Bomb",
                "# Bild\n\nText.\n\n![Karta över området](karta.png)\n",
            ),
        ),
        (
            "content/b/forbund.yaml",
            "namn: Förbundet B\nmedlemmar: [Försäkringskassan, Arbetsförmedlingen, Region B, B kommun]\nlogotyp: logga.png\n",
        ),
        (
            "content/b/plan/index.md",
            &report("Plan", "# Text\n\nText.\n"),
        ),
    ]);
    // 40 000 × 40 000 pixels (4,8 GB decoded) in a file of a few hundred bytes.
    let bomb = png(40_000, 40_000, &[]);
    write(&project.path().join("content/f/bomb/karta.png"), &bomb);
    write(&project.path().join("content/b/logga.png"), &bomb);
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 1, "{out}");
    says_at(
        &out,
        "bilden är 40 000 × 40 000 pixlar (1 600 megapixlar), mer än de 50 megapixlar",
        "content/f/bomb/index.md:10:1",
    );
    assert!(out.contains("förminska bilden"), "{out}");
    // As a logotyp, where the layout places it: at forbund.yaml's line.
    says_at(
        &out,
        "mer än de 50 megapixlar",
        "content/b/forbund.yaml:3:10",
    );
    assert!(!project.path().join("build/b/plan.pdf").exists());
}

#[test]
fn p5_a_very_large_photo_builds_with_a_warning_on_how_to_shrink_it() {
    let (width, height) = (1700u32, 1700u32);
    let mut rows = Vec::with_capacity((height * (width * 3 + 1)) as usize);
    let mut seed = 7u32;
    for _ in 0..height {
        // Each row: filter 0 (none), then noise, which does not compress.
        rows.extend((0..=width * 3).map(|i| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            if i == 0 { 0 } else { (seed >> 16) as u8 }
        }));
    }
    let photo = png(width, height, &rows);
    let megabytes = photo.len() as f64 / (1024.0 * 1024.0);
    assert!(megabytes > 8.0);
    let project = project(&[(
        "content/f/foto/index.md",
        &report("Foto", "# Bild\n\n![Brus](brus.png)\n"),
    )]);
    write(&project.path().join("content/f/foto/brus.png"), &photo);
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 0, "{out}");
    let size = format!("{megabytes:.1}").replace('.', ",");
    says_at(
        &out,
        &format!("bilden `brus.png` är {size} MB"),
        "content/f/foto/index.md:8:1",
    );
    assert!(out.contains("2 000 pixlar på bredden"), "{out}");
    assert!(project.path().join("build/f/foto.pdf").exists());
}

#[test]
fn p7_a_private_use_character_is_a_warning_and_places_nothing() {
    let project = project(&[
        (
            "content/p/forbund.yaml",
            "namn: Förbundet \u{F8FF}0\u{F8FF} Privat\nmedlemmar: [Försäkringskassan, Arbetsförmedlingen, Region P, P kommun]\n",
        ),
        (
            "content/p/plan/index.md",
            &report(
                "Plan",
                "{{ innehall() }}\n\n# Text\n\nVi heter {{ forbund.namn }} och skriver \u{F8FF}0\u{F8FF} själva. Slut på stycket.\n",
            ),
        ),
    ]);
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 0, "{out}");
    says_at(
        &out,
        "tecknet U+F8FF hör till Unicodes privata område",
        "content/p/forbund.yaml:1:17",
    );
    says_at(
        &out,
        "tecknet U+F8FF hör till Unicodes privata område",
        "content/p/plan/index.md:10:41",
    );
    assert!(!out.contains("typst"), "{out}");
    let html = std::fs::read_to_string(project.path().join("build/p/plan.html")).unwrap();
    assert!(
        html.contains("Slut på stycket."),
        "text after the mark is kept: {html}"
    );
    assert_eq!(
        html.matches("class=\"innehall\"")
            .count()
            .max(html.matches("Innehåll").count()),
        1,
        "{html}"
    );
    let text = pdf_text(&project.path().join("build/p/plan.pdf"));
    assert_eq!(
        text.matches("Innehåll").count(),
        1,
        "one table of contents: {text}"
    );
    assert!(text.contains("Förbundet 0 Privat"), "{text}");
    assert!(text.contains("Slut på stycket."), "{text}");
}

#[test]
fn p8_typst_messages_are_swedish_at_the_place_of_their_cause() {
    let deep = format!("# Djup\n\n{}djupt\n", "> ".repeat(300));
    let long_url = format!(
        "# Länk\n\n[lång](https://exempel.se/{})\n",
        "a".repeat(9000)
    );
    let project = project(&[
        (
            "content/g/forbund.yaml",
            "namn: Förbundet G\nmedlemmar: [Försäkringskassan, Arbetsförmedlingen, Region G, G kommun]\nlogotyp: logo.xyz\n",
        ),
        ("content/g/logo.xyz", "ingen bild alls"),
        (
            "content/g/omslag/index.md",
            &report("Omslag", "# Text\n\nText.\n"),
        ),
        (
            "content/f/tecken/index.md",
            &report("Rapport \u{1F980}", "# Text\n\nText.\n"),
        ),
        ("content/f/djup/index.md", &report("Djup", &deep)),
        ("content/f/url/index.md", &report("Url", &long_url)),
        (
            "content/f/svg/index.md",
            &report("Svg", "# Bild\n\n![Karta](karta.svg)\n"),
        ),
        (
            "content/f/svg/karta.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>&okand;</text></svg>",
        ),
        (
            "content/f/trasig/index.md",
            &report("Trasig", "# Bild\n\n![Foto](foto.png)\n"),
        ),
        ("content/f/trasig/foto.png", "\u{89}PNG\r\n\u{1a}\ntrasig"),
    ]);
    let (code, out) = build(project.path(), &["build", "--format", "pdf"]);
    assert_eq!(code, 1, "{out}");
    says_at(
        &out,
        "filen är ingen bild som arshjul känner igen",
        "content/g/forbund.yaml:3:10",
    );
    says_at(
        &out,
        "tecknet eller texten \"🦀\" finns inte i något av typsnitten",
        "content/f/tecken/index.md:3:16",
    );
    assert_eq!(
        out.matches("nästlad i för många nivåer").count(),
        1,
        "one cause, one message:\n{out}"
    );
    says_at(
        &out,
        "nästlad i för många nivåer",
        "content/f/djup/index.md:8:",
    );
    says_at(
        &out,
        "webbadressen är för lång",
        "content/f/url/index.md:8:1",
    );
    // The SVG file itself is the cause.
    says_at(&out, "SVG-bilden kan inte läsas", "content/f/svg/karta.svg");
    says_at(
        &out,
        "bilden kan inte läsas",
        "content/f/trasig/index.md:8:1",
    );
    for english in [
        "failed",
        "unknown",
        "could not",
        "too long",
        "exceeded",
        "typst:",
        "main.typ:",
    ] {
        assert!(!out.contains(english), "{english:?} in:\n{out}");
    }
}

#[test]
fn p9_a_link_to_a_missing_file_and_an_unclosed_comment_are_warnings_at_their_place() {
    let body = "# Bilagor\n\nSe [bilagan](bilaga-1.pdf) och [planen](plan.pdf).\n\nSynlig text.\n\n<!-- en anteckning som aldrig stängs\n\nDold text.\n";
    let project = project(&[
        ("content/f/bilagor/index.md", &report("Bilagor", body)),
        ("content/f/bilagor/plan.pdf", "%PDF-1.7"),
    ]);
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 0, "{out}");
    says_at(
        &out,
        "länken `bilaga-1.pdf` leder ingenstans",
        "content/f/bilagor/index.md:8:4",
    );
    assert!(!out.contains("plan.pdf` leder"), "{out}");
    says_at(
        &out,
        "kommentaren `<!--` stängs aldrig",
        "content/f/bilagor/index.md:12:1",
    );
}

#[test]
fn p9_the_error_count_is_the_errors_shown() {
    let project = project(&[
        (
            "content/h/forbund.yaml",
            "namn: Förbundet H\nmedlemmar: Bara en text\n",
        ),
        (
            "content/h/a/index.md",
            &report("A", "# A\n\n[x](javascript:alert(1))\n"),
        ),
        ("content/h/b/index.md", &report("B", "# B\n\nText.\n")),
    ]);
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 1, "{out}");
    // The link refused by both editions is one error; forbund.yaml's is shown once, and counted
    // for both documents as such.
    assert_eq!(out.matches("har schemat `javascript:`").count(), 1, "{out}");
    assert!(out.contains("✗ h/a: 2 fel ("), "{out}");
    assert!(out.contains("✗ h/b: 1 fel, varav 1 visade ovan ("), "{out}");
}

#[test]
fn p9_a_table_of_many_rows_builds_as_pdfa() {
    let mut csv = String::from("Insats;Deltagare\n");
    for i in 0..300 {
        csv.push_str(&format!(
            "Insats nummer {i} med ett långt namn som beskriver vad insatsen gör för deltagarna i kommunen;{}\n",
            i % 17
        ));
    }
    let project = project(&[
        (
            "content/f/tabell/index.md",
            &report("Tabell", "# Tabell\n\n{{ tabell(namn=\"insatser\") }}\n"),
        ),
        (
            "content/f/tabell/insatser.yaml",
            "typ: tabell\ntitel: Deltagare per insats\nkälla: insatser.csv\ndiagram: liggande\n",
        ),
        ("content/f/tabell/insatser.csv", &csv),
    ]);
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("title and author"), "{out}");
    assert!(project.path().join("build/f/tabell.pdf").exists());
}

/// `arshjul watch --serve 0` on a project, under the cap: its port, and the child to stop.
struct Serving {
    child: std::process::Child,
    port: u16,
}

impl Serving {
    fn start(project: &Path) -> Serving {
        use std::io::BufRead;
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v {MEMORY_KIB}; ulimit -t {SECONDS}; exec \"$@\""
            ))
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_arshjul"))
            .args(["watch", "--serve", "0"])
            .current_dir(project)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut port = None;
        for line in out.lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("förhandsvisning: http://127.0.0.1:") {
                port = rest.trim_end_matches('/').parse().ok();
            }
            if line.starts_with("bevakar") {
                break;
            }
        }
        let port = port.expect("the preview did not start");
        Serving { child, port }
    }

    /// A request with `head` (its line and headers, without the blank line) on a new
    /// connection: the answer's status line and body.
    fn ask(&self, head: &str) -> (String, String) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        write!(s, "{head}\r\nConnection: close\r\n\r\n").unwrap();
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        let answer = String::from_utf8_lossy(&bytes);
        let status = answer.lines().next().unwrap_or_default().to_owned();
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    fn get(&self, path: &str) -> (String, String) {
        self.ask(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}",
            self.port
        ))
    }

    /// The server's resident memory, in KiB.
    fn resident_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn p6_the_preview_serves_the_page_while_500_connections_stand_idle() {
    let project = project(&[]);
    let serving = Serving::start(project.path());
    let idle: Vec<std::net::TcpStream> = (0..500)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", serving.port)).unwrap())
        .collect();
    // Half of them begin a request and never finish it.
    for mut s in idle.iter().step_by(2) {
        use std::io::Write;
        let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    }
    let started = std::time::Instant::now();
    let (status, body) = serving.get("/?doc=f/annan");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}\n{body}");
    assert!(
        body.contains("class=\"vald\" href=\"/?doc=f/annan\""),
        "{body}"
    );
    // Each document's PDF and web edition are linked, and served.
    assert!(body.contains("href=\"/pdf?doc=f/annan\">PDF</a>"), "{body}");
    assert!(
        body.contains("href=\"/webb?doc=f/annan\">webb</a>"),
        "{body}"
    );
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    let (status, pdf) = serving.get("/pdf?doc=f/annan");
    assert!(
        status.starts_with("HTTP/1.1 200") && pdf.starts_with("%PDF"),
        "{status}"
    );
    let (status, html) = serving.get("/webb?doc=f/annan");
    assert!(
        status.starts_with("HTTP/1.1 200") && html.contains("Den andra rapporten byggs."),
        "{status}"
    );
    drop(idle);
    // And it goes on serving.
    let (status, _) = serving.get("/status?doc=f/annan");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
}

#[test]
fn p6_the_preview_answers_only_its_own_host_and_only_get() {
    let project = project(&[]);
    let serving = Serving::start(project.path());
    let port = serving.port;
    for host in [
        "rebinding.exempel.se".to_owned(),
        format!("rebinding.exempel.se:{port}"),
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let (status, body) = serving.ask(&format!("GET /status HTTP/1.1\r\nHost: {host}"));
        assert!(status.starts_with("HTTP/1.1 403"), "{host}: {status}");
        assert!(!body.contains("f/annan"), "{body}");
    }
    let (status, _) = serving.ask("GET /status HTTP/1.1");
    assert!(status.starts_with("HTTP/1.1 4"), "no Host: {status}");
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let (status, _) = serving.ask(&format!("{method} / HTTP/1.1\r\nHost: 127.0.0.1:{port}"));
        assert!(status.starts_with("HTTP/1.1 405"), "{method}: {status}");
    }
    let (status, body) = serving.ask(&format!("GET /status HTTP/1.1\r\nHost: localhost:{port}"));
    assert!(
        status.starts_with("HTTP/1.1 200") && body.contains("f/annan"),
        "{status}"
    );
}

#[test]
fn p6_a_10_mb_request_line_gets_4xx_and_the_memory_stays_flat() {
    use std::io::{Read, Write};
    let project = project(&[]);
    let serving = Serving::start(project.path());
    let before = serving.resident_kib();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", serving.port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let mut writer = s.try_clone().unwrap();
    let sending = std::thread::spawn(move || {
        let mut sent = 0;
        let _ = writer.write_all(b"GET /");
        let chunk = vec![b'a'; 64 * 1024];
        while sent < 10 * 1024 * 1024 {
            if writer.write_all(&chunk).is_err() {
                break;
            }
            sent += chunk.len();
        }
        let _ = writer.write_all(b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        sent
    });
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    sending.join().unwrap();
    let answer = String::from_utf8_lossy(&answer);
    let status = answer.lines().next().unwrap_or_default();
    assert!(status.starts_with("HTTP/1.1 4"), "{status:?}");
    let after = serving.resident_kib();
    assert!(
        after < before + 8 * 1024,
        "the memory grew from {before} KiB to {after} KiB"
    );
    let (status, _) = serving.get("/");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
}
