#!/usr/bin/env python3
"""A 1000-step `descend` of the 2-parameter Rosenbrock function in gd beside
the lecture's own Python `gradient_descent` loop (Data 100, lecture 16) with a
hand-coded gradient, in the same run. Both time the loop inside the process
(gd's `time` statement; Python's perf_counter), median of repeated runs.

    python3 scripts/bench-descend.py [--runs N]
Goal (issue 4): at most 2 µs per step including the recorded path, and at
least 50× faster than the Python loop.
"""
import argparse, os, re, statistics, subprocess, time
import numpy as np

from benchlib import release_binary

STEPS, RATE, START = 1000, 0.001, (-1.2, 1.0)

def gradient_descent(df, initial_guess, alpha, n):
    """The lecture's loop, verbatim: n guesses, the start included."""
    guesses = [initial_guess]
    current_guess = initial_guess
    while len(guesses) < n:
        current_guess = current_guess - alpha * df(current_guess)
        guesses.append(current_guess)
    return np.array(guesses)

def rosenbrock_gradient(p):
    a, b = p
    return np.array([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)])

def python_ms():
    start = time.perf_counter()
    path = gradient_descent(rosenbrock_gradient, np.array(START), RATE, STEPS + 1)
    return (time.perf_counter() - start) * 1000, path[-1]

def gd_ms(gd):
    """(first run, its end point, second run): the first `descend` in a fresh
    process includes differentiating Rosenbrock and compiling it; the second
    reuses the compiled objective, as repeated runs in a lesson do."""
    command = f"time r = descend rosen from [{START[0]}, {START[1]}] rate {RATE} steps {STEPS};\n"
    script = "rosen(a, b) = (1 - a)^2 + 100(b - a^2)^2\n" + command + "r.x\n" + command
    out = subprocess.run([gd], input=script, capture_output=True, text=True, check=True).stdout
    first, second = (float(t) for t in re.findall(r"time: ([0-9.e+-]+) ms", out))
    return first, out.strip().splitlines()[-2], second

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    args = parser.parse_args()
    gd = release_binary("gd", build=not args.no_build)
    py = [python_ms() for _ in range(args.runs)]
    g = [gd_ms(gd) for _ in range(args.runs)]
    py_median = statistics.median(t for t, _ in py)
    gd_median = statistics.median(t for t, _, _ in g)
    warm_median = statistics.median(t for _, _, t in g)
    print(f"{'1000 steps of descend, Rosenbrock':52} {'ms':>9} {'µs/step':>9}  end point")
    print(f"{'Python lecture loop (NumPy gradient)':52} {py_median:9.3f} {py_median:9.3f}  {py[0][1]}")
    print(f"{'gd descend, first run (differentiates, compiles)':52} {gd_median:9.3f} {gd_median:9.3f}  {g[0][1]}")
    print(f"{'gd descend, again (compiled objective reused)':52} {warm_median:9.3f} {warm_median:9.3f}")
    for label, t in (("first run", gd_median), ("again", warm_median)):
        print(f"ratio Python / gd, {label}: {py_median / t:.1f}x   (goals: ≤ 2 µs/step: {'met' if t <= 2 else 'NOT met'}; "
              f"≥ 50x: {'met' if py_median / t >= 50 else 'NOT met'})")

if __name__ == "__main__":
    main()
