#!/usr/bin/env python3
"""Whole-process start-up: `gd -e '1 + 1'` (release build) beside
`python3 -c 'import sympy'`, in the same run, median of repeated runs.

    python3 scripts/bench-startup.py [--runs N]
"""
import argparse, os, statistics, subprocess, sys, time

from benchlib import release_binary


def median_ms(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    args = parser.parse_args()
    gd = release_binary("gd", build=not args.no_build)
    gd_ms = median_ms([gd, "-e", "1 + 1"], args.runs)
    sympy_ms = median_ms([sys.executable, "-c", "import sympy"], args.runs)
    print(f"{'command':34} {'median ms':>10}")
    print(f"{'gd -e 1 + 1 (release)':34} {gd_ms:10.1f}")
    print(f"{'python3 -c import sympy':34} {sympy_ms:10.1f}")
    print(f"ratio: sympy import / gd = {sympy_ms / gd_ms:.1f}x; goal gd < 20 ms: {'met' if gd_ms < 20 else 'NOT met'}")

if __name__ == "__main__":
    main()
