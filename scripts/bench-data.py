#!/usr/bin/env python3
"""Benchmark: gd's CSV loader beside pandas.read_csv, in one run.

Generates 10^6 rows (x ~ U(0, 50), y = 0.15x + 1 + N(0, 1) noise, numpy
seed 0), writes them twice as CSV, typical data (9 significant digits,
`%.9g`) and full precision (17 digits, `%.17g`), then for each file:

- times gd's loader (best of 5 loads in one process, three processes) and
  reads its resident memory before the first load, after it (retained) and
  at its peak;
- times pandas.read_csv the same way (interleaved with gd's runs, so both
  see the same machine load) and its peak memory;
- checks that gd read every value exactly: per column, the sum of the
  doubles' bit patterns modulo 2^64 equals that of Python's own correctly
  rounded reading (`float_precision="round_trip"`);

and prints the ratios: of the best times over all rounds, and of the
medians of the rounds' best times (steadier when other programs share the
machine). Goals: gd ≥ 2× faster than pandas on typical data and no slower
on 17-digit data; retained ≤ 8 bytes per numeric cell + 1 MB; peak ≤
retained + file size.

The loader is the package's `bench-data` executable
(Benchmarks/bench-data/main.swift), built in release by this script:

    python3 scripts/bench-data.py

Options: the loader's path (default as above); --rows N (default 10^6);
--rounds N (default 3).
"""
import os
import statistics
import subprocess
import sys
import time

import numpy as np

from benchlib import release_binary

ROWS = 1_000_000
ROUNDS = 3
REPEATS = 5
WORK = "/tmp/bench-data"

PANDAS_CHILD = r"""
import sys, time
import pandas as pd
path, repeats = sys.argv[1], int(sys.argv[2])
def field(name):
    for line in open("/proc/self/status"):
        if line.startswith(name + ":"):
            return int(line.split()[1])
before = field("VmRSS")
best = float("inf")
for _ in range(repeats):
    start = time.perf_counter()
    frame = pd.read_csv(path)
    best = min(best, time.perf_counter() - start)
    if _ == 0:
        after, peak = field("VmRSS"), field("VmHWM")
    del frame
print(f"seconds={best} rss_before_kb={before} rss_after_kb={after} hwm_kb={peak}")
"""


def parse_report(text: str) -> dict:
    report = {}
    for item in text.split():
        key, _, value = item.partition("=")
        report[key] = value
    return report


def bit_checksums(path: str) -> dict:
    import warnings
    import pandas as pd
    with warnings.catch_warnings():
        # Deprecated in pandas 3, still the way to get Python's exact float().
        warnings.simplefilter("ignore")
        frame = pd.read_csv(path, float_precision="round_trip")
    sums = {}
    for name in frame.columns:
        bits = frame[name].to_numpy(dtype=np.float64).view(np.uint64)
        sums[name] = int(bits.sum(dtype=np.uint64))
    return sums


def main() -> None:
    arguments = sys.argv[1:]
    rows = ROWS
    if "--rows" in arguments:
        index = arguments.index("--rows")
        rows = int(arguments[index + 1])
        del arguments[index:index + 2]
    rounds = ROUNDS
    if "--rounds" in arguments:
        index = arguments.index("--rounds")
        rounds = max(1, int(arguments[index + 1]))
        del arguments[index:index + 2]
    if arguments:
        loader = arguments[0]
    else:
        loader = release_binary("bench-data")
    os.makedirs(WORK, exist_ok=True)

    generator = np.random.default_rng(0)
    x = generator.uniform(0, 50, rows)
    y = 0.15 * x + 1 + generator.normal(0, 1, rows)
    data = np.column_stack([x, y])
    files = {}
    for label, form in [("typical (9 digits)", "%.9g"), ("full (17 digits)", "%.17g")]:
        path = os.path.join(WORK, f"xy-{rows}-{form[2:-1]}.csv")
        if not os.path.exists(path):
            np.savetxt(path, data, fmt=form, delimiter=",", header="x,y", comments="")
        files[label] = path

    print(f"{rows} rows × 2 numeric columns; best of {rounds} rounds of {REPEATS} loads, "
          f"gd and pandas interleaved; median of the rounds' bests; memory in MiB")
    print(f"{'file':<20} {'MiB':>6} {'gd s':>8} {'pandas s':>9} {'speed-up':>9} "
          f"{'median':>7} {'retained':>9} {'goal':>6} {'peak':>6} {'goal':>6} {'pd peak':>8} exact")
    for label, path in files.items():
        size_mb = os.path.getsize(path) / 2**20
        ours_runs, theirs_runs = [], []
        for _ in range(rounds):
            ours_runs.append(parse_report(subprocess.run(
                [loader, path, str(REPEATS)], capture_output=True, text=True, check=True).stdout))
            theirs_runs.append(parse_report(subprocess.run(
                [sys.executable, "-c", PANDAS_CHILD, path, str(REPEATS)],
                capture_output=True, text=True, check=True).stdout))
        ours_seconds = min(float(run["seconds"]) for run in ours_runs)
        theirs_seconds = min(float(run["seconds"]) for run in theirs_runs)
        median_ratio = (statistics.median(float(run["seconds"]) for run in theirs_runs)
                        / statistics.median(float(run["seconds"]) for run in ours_runs))
        ours, theirs = ours_runs[0], theirs_runs[0]
        retained = (int(ours["rss_after_kb"]) - int(ours["rss_before_kb"])) / 1024
        peak = (int(ours["hwm_kb"]) - int(ours["rss_before_kb"])) / 1024
        retained_goal = 8 * 2 * rows / 2**20 + 1
        peak_goal = retained + size_mb
        pandas_peak = (int(theirs["hwm_kb"]) - int(theirs["rss_before_kb"])) / 1024
        expected = bit_checksums(path)
        got = dict(item.split(":") for item in ours["checksum"].split(","))
        exact = all(int(got[name]) == value for name, value in expected.items())
        print(f"{label:<20} {size_mb:6.1f} {ours_seconds:8.4f} {theirs_seconds:9.4f} "
              f"{theirs_seconds / ours_seconds:8.2f}× {median_ratio:6.2f}× {retained:9.1f} {retained_goal:6.1f} "
              f"{peak:6.1f} {peak_goal:6.1f} {pandas_peak:8.1f} {'yes' if exact else 'NO'}")
        # The peak goal is tight (the file's bytes plus the columns): show the margin unrounded.
        print(f"{'':<20} peak {(peak_goal - peak) * 1024:+.0f} KiB under its goal, retained "
              f"{(retained_goal - retained) * 1024:+.0f} KiB under its goal")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"note: load average {load:.1f} on {os.cpu_count()} cores during the run; times are noisy")


if __name__ == "__main__":
    main()
