#!/usr/bin/env python3
"""Benchmark: wall time and peak memory of cold `arshjul build` runs, median of several.

Usage: python3 benches/bench.py [--runs N] [--binary target/release/arshjul]

Prints, for the release binary:
  - a cold build of every example document in content/ (documents in parallel),
  - a cold build of each document alone,
  - the sum of the single builds (the parallel build should be clearly below it),
  - if the typst CLI is on PATH: `typst compile` of each document's --emit-typst source with the
    same fonts (the engine alone: our target is a single build within 1.2x of it).
Each run is a new process, so every run is cold. Peak memory is the maximum resident set size
reported by /usr/bin/time. Build the binary first: cargo build --release.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(cmd, cwd, runs):
    """Median wall seconds and median peak RSS (MiB) of `runs` runs of cmd."""
    walls, peaks = [], []
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r") as stats:
            # Wall time from a monotonic clock here (GNU time rounds to 10 ms); peak RSS from it.
            start = time.perf_counter()
            proc = subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", stats.name] + cmd,
                cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            walls.append(time.perf_counter() - start)
            if proc.returncode != 0:
                sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
            peaks.append(int(stats.read().split()[-1]) / 1024)
    return statistics.median(walls), statistics.median(peaks)


def documents(root):
    docs = []
    for dirpath, _, files in os.walk(os.path.join(root, "content")):
        if "index.md" in files:
            docs.append(os.path.relpath(dirpath, os.path.join(root, "content")))
    return sorted(docs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/arshjul"))
    parser.add_argument("--format", default="pdf",
                        help="what the single builds write: pdf (the default, as typst compile does), html or pdf,html")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} missing: run cargo build --release first")

    # Work on a copy so that build/ of the checkout is left alone.
    work = tempfile.mkdtemp(prefix="arshjul-bench-")
    shutil.copytree(os.path.join(ROOT, "content"), os.path.join(work, "content"))
    docs = documents(work)
    print(f"{len(docs)} documents, median of {args.runs} cold runs, {os.cpu_count()} cores\n")
    print(f"{'what':50} {'wall s':>8} {'peak MiB':>9}")
    print(f"{'  (includes starting /usr/bin/time and the process)':50}")

    wall_both, peak_both = measure([args.binary, "build", "--quiet"], work, args.runs)
    print(f"{'all documents, PDF and HTML (parallel)':50} {wall_both:8.3f} {peak_both:9.1f}")
    wall, peak = measure([args.binary, "build", "--quiet", "--format", args.format], work, args.runs)
    print(f"{'all documents, --format ' + args.format + ' (parallel)':50} {wall:8.3f} {peak:9.1f}")
    singles = {}
    for doc in docs:
        wall_one, peak_one = measure(
            [args.binary, "build", "--quiet", "--format", args.format, doc], work, args.runs)
        singles[doc] = wall_one
        print(f"{'  ' + doc:50} {wall_one:8.3f} {peak_one:9.1f}")
    total = sum(singles.values())
    print(f"{'sum of single builds':50} {total:8.3f}")
    print(f"{'parallel / sum':50} {wall / total:8.2f}")

    typst = shutil.which("typst")
    if not typst:
        print("\ntypst CLI not on PATH: `cargo install typst-cli --version 0.15.1 --locked` to compare")
        return
    subprocess.run([args.binary, "build", "--quiet", "--format", "pdf", "--emit-typst"], cwd=work,
                   check=True)
    print(f"\n{'typst CLI, --emit-typst source, PDF/A-2a+UA-1':50} {'wall s':>8} {'peak MiB':>9} {'ours/typst':>10}")
    for doc in docs:
        folder = os.path.join(work, "build", doc)
        cmd = [typst, "compile", "--root", folder, "--font-path", os.path.join(folder, "fonts"),
               "--ignore-system-fonts", "--pdf-standard", "a-2a", "--pdf-standard", "ua-1",
               os.path.join(folder, "main.typ"),
               os.path.join(folder, "typst.pdf")]
        wall_t, peak_t = measure(cmd, work, args.runs)
        print(f"{'  ' + doc:50} {wall_t:8.3f} {peak_t:9.1f} {singles[doc] / wall_t:10.2f}")


if __name__ == "__main__":
    main()
