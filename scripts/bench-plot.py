#!/usr/bin/env python3
"""Plotting a derivative costs what plotting the same formula written out
costs: `plot f' from a to b` against `plot g from a to b`, g typed by hand
as the printed derivative, in the same run (issue "One language, one
meaning": at most 1.2x). Each gd process draws the plot `--plots` times;
the script reports the median wall time of `--runs` processes for each, and
the ratio. f' is evaluated from the derivative's layout (the tree its
printed text reads as), g by the evaluator from the syntax tree: the same
walker, so the ratio should be close to 1.

    python3 scripts/bench-plot.py [--no-build] [--runs 11] [--plots 200]
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

from benchlib import release_binary

QUARTIC = "f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--plots", type=int, default=200)
    args = parser.parse_args()
    gd = os.environ.get("GD") or release_binary("gd", build=not args.no_build)
    printed = subprocess.run([gd, "-e", QUARTIC + "\nf'"], capture_output=True, text=True, check=True).stdout.strip()
    scripts = {
        "plot f'": QUARTIC + "\n" + "plot f' from 1 to 6.75;\n" * args.plots,
        "plot g (written out)": f"g(x) = {printed}\n" + "plot g from 1 to 6.75;\n" * args.plots,
    }
    times = {}
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, text in scripts.items():
            paths[name] = os.path.join(folder, name.split()[1].strip("'") + ".gd")
            with open(paths[name], "w") as f:
                f.write(text)
        for name in scripts:
            times[name] = []
        for _ in range(args.runs):  # interleaved, so load affects both alike
            for name, path in paths.items():
                start = time.perf_counter()
                subprocess.run([gd, path], check=True, stdout=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - start)
    print(f"f'(x) prints as {printed}")
    print(f"{'':22} {'median ms':>10} {'per plot ms':>12}")
    for name, values in times.items():
        median = statistics.median(values) * 1000
        print(f"{name:22} {median:10.1f} {median / args.plots:12.3f}")
    ratio = statistics.median(times["plot f'"]) / statistics.median(times["plot g (written out)"])
    print(f"ratio plot f' / plot g: {ratio:.2f} (goal <= 1.2)")


if __name__ == "__main__":
    main()
