#!/usr/bin/env python3
"""Compare gd's symbolic differentiation with SymPy and SymEngine, in one run.

Runs the bench-symbolic executable (JSON lines: each case's input, gd's
derivatives and gd's in-process time), then, on the same inputs:
  - SymPy `diff`, and `diff` + `simplify` (capped: see --simplify-seconds),
  - SymEngine `diff` (pip install symengine),
and prints times side by side with ratios, and output sizes as SymPy's
`count_ops` (gd's printed result parsed with evaluate=False). The size check
"gd <= SymPy diff" is reported per case and over the fixed-seed random set.

    scripts/bench-symbolic.py                       # builds with swift build -c release
    scripts/bench-symbolic.py --bench-binary PATH   # an already built bench-symbolic
    scripts/bench-symbolic.py --quick               # fewer repetitions

Notes on translating gd syntax for the peers: `^` is `**`; a column name such
as `tips.tip` becomes `tips_tip`; `mean(u)` is differentiated as `u` (it is
linear, so sizes compare like for like); `σ` is a SymPy function whose
derivative is σ(1 - σ), and for SymEngine (no user functions with derivative)
it is 1/(1 + exp(-u)).
"""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time

import sympy
from sympy.parsing.sympy_parser import parse_expr

from benchlib import release_binary

try:
    import symengine
except ImportError:  # the table says so
    symengine = None


class σ(sympy.Function):
    """The logistic function with its derivative, as gd states it."""

    def fdiff(self, argindex=1):
        return σ(self.args[0]) * (1 - σ(self.args[0]))


FUNCTIONS = {
    "ln": sympy.log, "log": sympy.log, "exp": sympy.exp, "sqrt": sympy.sqrt, "sin": sympy.sin,
    "cos": sympy.cos, "tan": sympy.tan, "tanh": sympy.tanh, "atan": sympy.atan, "asin": sympy.asin,
    "acos": sympy.acos, "abs": sympy.Abs, "e": sympy.E, "pi": sympy.pi,
}


def to_python(text):
    text = text.replace("^", "**")
    text = re.sub(r"\bmean\(", "(", text)
    return re.sub(r"([A-Za-z_]\w*)\.(\w+)", r"\1_\2", text)


def sympy_expr(text, evaluate=True, sigmoid=σ):
    local = dict(FUNCTIONS)
    local["σ"] = sigmoid
    return parse_expr(to_python(text), local_dict=local, evaluate=evaluate)


def python_name(name):
    return re.sub(r"([A-Za-z_]\w*)\.(\w+)", r"\1_\2", name)


def median_seconds(body, budget):
    samples = []
    start = time.perf_counter()
    while len(samples) < 3 or (time.perf_counter() - start < budget and len(samples) < 10000):
        t0 = time.perf_counter()
        body()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


class Timeout(Exception):
    pass


def with_time_limit(seconds, body):
    def alarm(signum, frame):
        raise Timeout()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return body()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bench_lines(args):
    if args.from_json:
        with open(args.from_json, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    binary = args.bench_binary
    if binary is None:
        binary = release_binary("bench-symbolic")
    command = [binary] + (["--quick"] if args.quick else [])
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def fmt_time(seconds):
    if seconds is None:
        return "—"
    micros = seconds * 1e6
    return f"{micros:.1f} µs" if micros < 1000 else f"{micros / 1000:.2f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench-binary")
    parser.add_argument("--from-json", help="read bench-symbolic output from a file instead of running it")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--simplify-seconds", type=float, default=20.0, help="cap for SymPy simplify per case")
    args = parser.parse_args()
    budget = 0.1 if args.quick else 1.0

    cases = bench_lines(args)
    timed = [c for c in cases if c["kind"] != "random"]
    random_cases = [c for c in cases if c["kind"] == "random"]

    print(f"SymPy {sympy.__version__}, SymEngine {symengine.__version__ if symengine else 'not installed'}")
    print()
    header = ("case", "gd", "SymEngine", "SE/gd", "SymPy diff", "SP/gd", "ops gd", "ops SymPy", "ops simplify", "gd ≤ SymPy")
    rows = [header]
    violations = []
    for case in timed:
        variables = [sympy.Symbol(python_name(v)) for v in case["variables"]]
        expr = sympy_expr(case["input"])
        gd_seconds = case["microseconds"] / 1e6

        sympy_results = [sympy.diff(expr, v) for v in variables]
        sympy_seconds = median_seconds(lambda: [sympy.diff(expr, v) for v in variables], budget)
        ops_sympy = sum(sympy.count_ops(r) for r in sympy_results)
        ops_gd = sum(sympy.count_ops(sympy_expr(r, evaluate=False)) for r in case["results"])

        try:
            simplified = with_time_limit(args.simplify_seconds, lambda: [sympy.simplify(r) for r in sympy_results])
            ops_simplify = str(sum(sympy.count_ops(r) for r in simplified))
        except Timeout:
            ops_simplify = f"> {args.simplify_seconds:g} s"

        se_seconds = None
        if symengine is not None:
            se_expr = symengine.sympify(sympy_expr(case["input"], sigmoid=lambda u: 1 / (1 + sympy.exp(-u))))
            se_vars = [symengine.Symbol(python_name(v)) for v in case["variables"]]
            se_seconds = median_seconds(lambda: [symengine.diff(se_expr, v) for v in se_vars], budget)

        ok = ops_gd <= ops_sympy
        if not ok:
            violations.append((case["case"], case["results"], [str(r) for r in sympy_results]))
        rows.append((
            case["case"], fmt_time(gd_seconds), fmt_time(se_seconds),
            f"{se_seconds / gd_seconds:.2f}" if se_seconds else "—",
            fmt_time(sympy_seconds), f"{sympy_seconds / gd_seconds:.0f}",
            str(ops_gd), str(ops_sympy), ops_simplify, "yes" if ok else "NO",
        ))

    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[j]) if j == 0 else cell.rjust(widths[j]) for j, cell in enumerate(row)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print()
    print("SE/gd and SP/gd: the peer's time over gd's (above 1: gd is faster). Times are medians of")
    print("in-process runs of the whole gradient; ops are SymPy count_ops summed over the gradient.")

    # Sizes on the fixed-seed random set.
    larger, equal, smaller = [], 0, 0
    for case in random_cases:
        variable = sympy.Symbol(case["variables"][0])
        theirs = sympy.count_ops(sympy.diff(sympy_expr(case["input"]), variable))
        ours = sympy.count_ops(sympy_expr(case["results"][0], evaluate=False))
        if ours > theirs:
            larger.append((case["input"], case["results"][0], ours, theirs))
        elif ours == theirs:
            equal += 1
        else:
            smaller += 1
    if random_cases:
        print()
        print(f"random expressions (fixed seed): {len(random_cases)}; gd's d/dx smaller than SymPy's: {smaller}, "
              f"equal: {equal}, larger: {len(larger)}")
        for given, ours, a, b in larger[:10]:
            print(f"  larger: d/dx {given}  →  {ours}   ({a} ops vs SymPy {b})")
    for name, ours, theirs in violations:
        print(f"  {name}: gd {ours} vs SymPy {theirs}")
    return 0 if not violations and not larger else 1


if __name__ == "__main__":
    sys.exit(main())
