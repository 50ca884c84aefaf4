#!/usr/bin/env python3
"""Benchmark: edit-to-new-PDF time while `arshjul watch` runs.

Usage: python3 benches/watch.py [--edits N] [--document PATH-UNDER-content] [--binary ...]

Copies content/ to a temporary project, starts `arshjul watch DOCUMENT` (release binary), then
edits one paragraph of the document's index.md N times and measures, for each edit, the time from
the write to the moment the PDF on disk has changed. Prints the median and the worst. Build the
binary first: cargo build --release.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def first_plan(content):
    for dirpath, _, files in sorted(os.walk(content)):
        if "index.md" in files and "verksamhetsplan" in dirpath:
            return os.path.relpath(dirpath, content)
    for dirpath, _, files in sorted(os.walk(content)):
        if "index.md" in files:
            return os.path.relpath(dirpath, content)
    sys.exit("no document in content/")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--document")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/arshjul"))
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} missing: run cargo build --release first")
    work = tempfile.mkdtemp(prefix="arshjul-watch-")
    shutil.copytree(os.path.join(ROOT, "content"), os.path.join(work, "content"))
    doc = args.document or first_plan(os.path.join(work, "content"))
    index = os.path.join(work, "content", doc, "index.md")
    pdf = os.path.join(work, "build", doc + ".pdf")

    proc = subprocess.Popen([args.binary, "watch", doc], cwd=work, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    ready = threading.Event()

    def reader():
        for line in proc.stdout:
            if "bevakar" in line:
                ready.set()
    threading.Thread(target=reader, daemon=True).start()
    if not ready.wait(60):
        proc.kill()
        sys.exit("watch did not start")

    original = open(index, encoding="utf-8").read()
    lines = original.split("\n")
    # The longest line of prose is the paragraph we edit.
    target = max(range(len(lines)), key=lambda i: len(lines[i]) if not lines[i].startswith(("#", "-", "|", "{", "<")) else 0)
    latencies = []
    try:
        for n in range(args.edits):
            before = os.stat(pdf).st_mtime_ns if os.path.exists(pdf) else 0
            edited = list(lines)
            edited[target] = lines[target] + f" Ändring {n}."
            time.sleep(0.25)  # let the previous rebuild settle, as a writer pauses between saves
            start = time.perf_counter()
            with open(index, "w", encoding="utf-8") as f:
                f.write("\n".join(edited))
            while True:
                if os.path.exists(pdf) and os.stat(pdf).st_mtime_ns != before:
                    break
                if time.perf_counter() - start > 10:
                    sys.exit(f"edit {n}: no new PDF within 10 s")
                time.sleep(0.001)
            latencies.append((time.perf_counter() - start) * 1000)
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"document: {doc}, {args.edits} one-paragraph edits while `arshjul watch` runs")
    print(f"edit-to-new-PDF median {statistics.median(latencies):.0f} ms, worst {max(latencies):.0f} ms, "
          f"best {min(latencies):.0f} ms")


if __name__ == "__main__":
    main()
