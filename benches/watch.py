#!/usr/bin/env python3
"""Benchmark: edit-to-new-PDF of `arshjul watch` against `typst watch`, in one run.

Usage: python3 benches/watch.py [--edits N] [--document PATH-UNDER-content] [--report-pages N]
                                [--binary target/release/arshjul] [--typst typst] [--serve]

For each case (an example document, and a generated report of about 200 pages made of the
example prose, edited in its last paragraph) the script copies content/ to a temporary project,
writes the document's typst source with `arshjul build --emit-typst`, and starts both
`arshjul watch DOCUMENT` and `typst watch` on that source (same fonts, no system fonts). It then
edits one paragraph N times on each side, alternating which goes first, and measures for every
edit the time from the write to the moment the PDF on disk has changed. Both watchers run the
whole time, so both see the same machine. With --serve, arshjul runs with its live preview and
the script also measures edit-to-new-SVG: the time until the changed page has been fetched from
the preview as a browser does (waiting on /status, then GET /svg/N).

Prints the median, best and worst of each, in milliseconds. Build the binary first:
CARGO_TARGET_DIR=target cargo build --release.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROSE = "fou-sodertorn/mellan-principer-och-behov"


def generate_report(content, pages):
    """A report of about `pages` pages: the example report's prose, repeated in numbered parts."""
    text = open(os.path.join(content, PROSE, "index.md"), encoding="utf-8").read()
    _, front, body = text.split("---\n", 2)
    body = body.replace("{{ innehall() }}", "")
    # The example report is a little under 10 pages of prose.
    parts = max(1, round(pages / 9.5))
    out = ["---", front.strip(), "---", "{{ innehall() }}", ""]
    for n in range(1, parts + 1):
        out.append(re.sub(r"^# ", f"# Del {n}: ", body, flags=re.M))
    out.append("# Avslutning\n")
    out.append("Det här är rapportens sista stycke, det som redigeras under mätningen, och det "
               "står sist så att allt före det är oförändrat vid varje ändring.\n")
    target = os.path.join(content, "bench", "rapport-200")
    os.makedirs(target)
    with open(os.path.join(target, "index.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    # The report's förbund is the example prose's own (every document needs its forbund.yaml).
    shutil.copy(os.path.join(content, os.path.dirname(PROSE), "forbund.yaml"),
                os.path.join(content, "bench", "forbund.yaml"))
    return "bench/rapport-200"


def paragraph(lines, last):
    """The line of prose to edit: the longest one, or with `last` the last one."""
    prose = [i for i, l in enumerate(lines)
             if len(l) > 60 and not l.startswith(("#", "-", "|", "{", "<", "*", ">"))]
    if not prose:
        sys.exit("no paragraph to edit")
    return prose[-1] if last else max(prose, key=lambda i: len(lines[i]))


def wait_changed(path, before, start, what):
    while True:
        try:
            if os.stat(path).st_mtime_ns != before:
                return (time.perf_counter() - start) * 1000
        except FileNotFoundError:
            pass
        if time.perf_counter() - start > 30:
            sys.exit(f"{what}: no new PDF within 30 s")
        time.sleep(0.001)


def mtime(path):
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return 0


class Preview:
    """Follows the preview as the browser page does and notes when a changed page arrived."""

    def __init__(self, url, doc):
        self.url, self.doc = url, doc
        self.version, self.pages = None, []
        self.arrived = threading.Event()
        self.at = 0.0
        threading.Thread(target=self.follow, daemon=True).start()

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=60) as r:
            return r.read()

    def follow(self):
        try:
            self.follow_until_closed()
        except OSError:
            pass  # the watch ended

    def follow_until_closed(self):
        doc = urllib.parse.quote(self.doc)
        while True:
            after = "" if self.version is None else f"&efter={self.version}"
            s = json.loads(self.get(f"status?doc={doc}{after}"))
            if s["version"] == self.version:
                continue
            changed = [i for i, v in enumerate(s["sidor"])
                       if i >= len(self.pages) or self.pages[i] != v]
            for i in changed:
                self.get(f"svg/{i}?doc={doc}&v={s['sidor'][i]}")
            first = self.version is None
            self.version, self.pages = s["version"], s["sidor"]
            if not first and changed:
                self.at = time.perf_counter()
                self.arrived.set()


def run_case(args, doc, last_paragraph, report=False):
    work = tempfile.mkdtemp(prefix="arshjul-watch-")
    procs = []
    try:
        content = os.path.join(work, "content")
        shutil.copytree(os.path.join(ROOT, "content"), content)
        if report:
            doc = generate_report(content, args.report_pages)
        subprocess.run([args.binary, "build", doc, "--emit-typst"], cwd=work, check=True,
                       stdout=subprocess.DEVNULL)
        emitted = os.path.join(work, "build", doc)
        main_typ = os.path.join(emitted, "main.typ")
        typst_pdf = os.path.join(work, "typst.pdf")
        pdf = os.path.join(work, "build", doc + ".pdf")
        pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = re.search(r"Pages:\s+(\d+)", pages).group(1) if "Pages" in pages else "?"

        command = [args.binary, "watch", doc] + (["--serve", "0"] if args.serve else [])
        ours = subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        procs.append(ours)
        ready, url = threading.Event(), []

        def reader():
            for line in ours.stdout:
                m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
                if m:
                    url.append(m.group(1))
                if "bevakar" in line:
                    ready.set()
        threading.Thread(target=reader, daemon=True).start()
        theirs = subprocess.Popen(
            [args.typst, "watch", "--root", emitted, "--font-path", os.path.join(emitted, "fonts"),
             "--ignore-system-fonts", main_typ, typst_pdf],
            cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(theirs)
        if not ready.wait(120):
            sys.exit("arshjul watch did not start")
        start = time.perf_counter()
        while not os.path.exists(typst_pdf):
            if time.perf_counter() - start > 120:
                sys.exit("typst watch did not start")
            time.sleep(0.05)
        preview = Preview(url[0], doc) if args.serve else None
        time.sleep(1)

        index = os.path.join(content, doc, "index.md")
        md_lines = open(index, encoding="utf-8").read().split("\n")
        md_target = paragraph(md_lines, last_paragraph)
        source = open(main_typ, encoding="utf-8").read()
        # The same paragraph in the typst source: the line holding most of its words (the
        # typst source escapes punctuation and turns footnotes into calls).
        words = set(re.findall(r"\w+", md_lines[md_target]))
        typ_lines = source.split("\n")
        best = max(range(len(typ_lines)),
                   key=lambda i: len(words & set(re.findall(r"\w+", typ_lines[i]))))
        if len(words & set(re.findall(r"\w+", typ_lines[best]))) < len(words) * 0.8:
            sys.exit("paragraph not found in the typst source")
        end = sum(len(l) + 1 for l in typ_lines[:best]) + len(typ_lines[best])

        def edit_ours(n):
            edited = list(md_lines)
            edited[md_target] = md_lines[md_target] + f" Ändring {n}."
            before = mtime(pdf)
            if preview:
                preview.arrived.clear()
            start = time.perf_counter()
            with open(index, "w", encoding="utf-8") as f:
                f.write("\n".join(edited))
            took = wait_changed(pdf, before, start, f"arshjul, edit {n}")
            svg = None
            if preview:
                if not preview.arrived.wait(30):
                    sys.exit(f"edit {n}: the preview did not change")
                svg = (preview.at - start) * 1000
            return took, svg

        def edit_theirs(n):
            before = mtime(typst_pdf)
            start = time.perf_counter()
            with open(main_typ, "w", encoding="utf-8") as f:
                f.write(source[:end] + f" Ändring {n}." + source[end:])
            return wait_changed(typst_pdf, before, start, f"typst, edit {n}")

        ours_ms, svg_ms, theirs_ms = [], [], []
        for n in range(args.edits):
            # A writer pauses between saves; let both watchers settle.
            order = [0, 1] if n % 2 == 0 else [1, 0]
            for side in order:
                time.sleep(0.3)
                if side == 0:
                    took, svg = edit_ours(n)
                    ours_ms.append(took)
                    if svg is not None:
                        svg_ms.append(svg)
                else:
                    theirs_ms.append(edit_theirs(n))
        return doc, pages, ours_ms, svg_ms, theirs_ms
    finally:
        for p in procs:
            p.terminate()
            p.wait()
        shutil.rmtree(work, ignore_errors=True)


def line(name, values):
    return (f"  {name:<22} median {statistics.median(values):6.0f} ms   best {min(values):6.0f} ms"
            f"   worst {max(values):6.0f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--document", default="goteborg/verksamhetsplan-2020")
    parser.add_argument("--report-pages", type=int, default=200)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/arshjul"))
    parser.add_argument("--typst", default=shutil.which("typst") or "/root/.cargo/bin/typst")
    parser.add_argument("--serve", action="store_true", help="also measure the live preview")
    parser.add_argument("--only", choices=["document", "report"])
    args = parser.parse_args()
    for tool in (args.binary, args.typst):
        if not os.path.exists(tool):
            sys.exit(f"{tool} missing")
    cases = []
    if args.only != "report":
        cases.append((args.document, False, False))
    if args.only != "document":
        cases.append((None, True, True))
    for doc, last, report in cases:
        doc, pages, ours, svg, theirs = run_case(args, doc, last, report)
        where = "the last paragraph" if last else "the longest paragraph"
        print(f"{doc} ({pages} pages), {args.edits} edits of {where}, alternated:")
        print(line("arshjul watch → PDF", ours))
        if svg:
            print(line("arshjul watch → SVG", svg))
        print(line("typst watch → PDF", theirs))
        print(f"  ratio of medians arshjul/typst: "
              f"{statistics.median(ours) / statistics.median(theirs):.2f}")


if __name__ == "__main__":
    main()
