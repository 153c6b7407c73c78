#!/usr/bin/env python3
"""gd's `minimize … method newton` against SciPy's Newton-CG with exact gradients and Hessians, on the
classic smooth test functions of scripts/bench-newton.gd (none from the MGH set), each from several starts,
both run in the same run.

    python3 scripts/bench-newton.py                  # builds gd in release, runs every problem
    python3 scripts/bench-newton.py --no-build       # the existing release build
    python3 scripts/bench-newton.py --gd .build/debug/gd --only mccormick,hosaki

Each definition line of the .gd file (`NAME(params) = formula`) is read by gd as it stands and by SymPy
(with ^ as **); SymPy's exact gradient and Hessian, lambdified to NumPy, are what SciPy gets
(`minimize(f, x0, method="Newton-CG", jac=g, hess=h)`, default options). gd runs each problem in its own
process (`minimize NAME from START method newton`) and its report gives x, fun, success and the line
`stopped at:`.

Both final points are judged the same way, by SymPy's exact derivatives there:
- solved: F finite, ‖∇F‖∞ ≤ 1e-4·max(1, ‖H‖₂) (a point within about 1e-4 of a stationary point, at any
  scale of F, so a run 10^15 out along a valley does not count), H positive semidefinite
  (λmin ≥ −1e-6·max(1, ‖H‖₂): a local minimum, degenerate ones included), and F no larger than at
  the start;
- gd's word: when its report says "a minimum", H at its x must be positive definite by classify's own
  rule (every λ > √ε·max(1, max|λ|)); a report that says so where H disagrees is counted as a lie.
"same" marks runs where both solved and the two values of F agree to 1e-6·max(1, |F|).
"""
import argparse
import os
import re
import subprocess
import sys
import time

import numpy
import sympy
from scipy.optimize import minimize

from benchlib import ROOT, release_binary

DEFINITIONS = os.path.join(ROOT, "scripts", "bench-newton.gd")

# Starts: a standard one where the literature gives it, and points with singular or indefinite Hessians,
# far from the minimum, or between minima.
STARTS = {
    "booth": [[0, 0], [-5, 5], [10, -10]],
    "matyas": [[1, 2], [-5, 3], [10, 10]],
    "himmelblau": [[0, 0], [1, 4], [-4, 4], [-1, -1]],
    "threehump": [[1, 1], [-2, 2], [2.5, -1]],
    "sixhump": [[0.5, 0.5], [-1, 1], [1.5, -0.5]],
    "goldsteinprice": [[0.5, -0.5], [-0.5, -1.5], [1, 1]],
    "mccormick": [[0, 0], [2, 2], [-1, -2]],
    "hosaki": [[4.5, 3], [1, 1], [3, 1.5]],
    "styblinski": [[0, 0], [3, 3], [-1, 1]],
    "zakharov": [[1, 1, 1], [-2, 3, 1], [5, -5, 5]],
    "trid": [[0, 0, 0, 0], [1, 2, 3, 4], [-5, 5, -5, 5]],
    "dixonprice": [[1, 1, 1], [0.5, -0.5, 2], [3, 3, 3]],
    "sphere": [[1, 2, 3], [-5, 5, 0], [100, -100, 50]],
    "sumsquares": [[1, 1, 1], [-3, 2, 1], [10, -10, 10]],
    "rotatedellipsoid": [[1, 1, 1], [-3, 2, 1], [10, -10, 10]],
    "bohachevsky1": [[0.1, 0.1], [1, -1], [-0.5, 0.3]],
    "bohachevsky2": [[0.1, 0.1], [1, -1], [-0.5, 0.3]],
    "easom": [[3, 3], [2.8, 3.5], [3.5, 2.5]],
    "levy": [[0, 0], [2, 2], [-3, 4]],
    "branin": [[0, 0], [5, 5], [10, 5]],
    "leon": [[-1.2, 1], [0, 0], [2, 2]],
    "treccani": [[1, 1], [-1, 0.5], [-3, -1]],
    "brent": [[0, 0], [1, 1], [-5, 3]],
    "chungreynolds": [[1, 1], [-3, 2], [10, 0.5]],
    "quartic": [[1, 1, 1], [-2, 1, 0.5], [3, -3, 3]],
    "expbowl": [[0.5, 0.5], [1, 1], [2, -1]],
    "zettl": [[1, 1], [-1, 0.5], [2, -1]],
    "deckkersaarts": [[0, 10], [1, 12], [-1, -14]],
    "elattar": [[0, 0], [2, -2], [-1, 3]],
    "rastrigin": [[0.3, -0.2], [1.2, 0.9], [-2.1, 1.4]],
    "griewank": [[1, 1], [5, -3], [-10, 7]],
    "wayburnseader": [[0, 0], [2, 2], [-1, 3]],
    "hartmann": [[0.5, 0.5, 0.5], [0.1, 0.5, 0.9], [0.3, 0.2, 0.7]],
    "quadratic": [[0, 0], [10, -10], [-100, 50]],
    "price": [[0.5, 0.5], [1, -1], [3, 2]],
}

DEFINITION = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\(([^)]*)\)\s*=\s*(.+)$")


def read_definitions():
    """[(name, parameters, formula text, definition line)] in file order."""
    problems = []
    with open(DEFINITIONS, encoding="utf-8") as file:
        for line in file:
            line = line.strip()
            match = DEFINITION.match(line)
            if match:
                name, params, formula = match.groups()
                problems.append((name, [p.strip() for p in params.split(",")], formula, line))
    return problems


class Exact:
    """F, ∇F and the Hessian of a formula, exact by SymPy, evaluated by NumPy."""

    def __init__(self, params, formula):
        self.symbols = sympy.symbols(params)
        expression = sympy.sympify(formula.replace("^", "**"), locals={p: s for p, s in zip(params, self.symbols)})
        gradient = [sympy.diff(expression, s) for s in self.symbols]
        hessian = [[sympy.diff(g, s) for s in self.symbols] for g in gradient]
        self._f = sympy.lambdify(self.symbols, expression, "numpy")
        self._g = sympy.lambdify(self.symbols, gradient, "numpy")
        self._h = sympy.lambdify(self.symbols, hessian, "numpy")

    def f(self, x):
        return float(self._f(*x))

    def g(self, x):
        return numpy.array(self._g(*x), dtype=float)

    def h(self, x):
        return numpy.array(self._h(*x), dtype=float)


def judge(exact, x, start_value):
    """(solved, eigenvalues, gradient max) at x, by the rule in the module's docstring."""
    x = numpy.asarray(x, dtype=float)
    with numpy.errstate(all="ignore"):
        if not numpy.all(numpy.isfinite(x)):
            return False, None, float("nan")
        value, gradient, hessian = exact.f(x), exact.g(x), exact.h(x)
    if not (numpy.isfinite(value) and numpy.all(numpy.isfinite(gradient)) and numpy.all(numpy.isfinite(hessian))):
        return False, None, float("nan")
    eigenvalues = numpy.linalg.eigvalsh(0.5 * (hessian + hessian.T))
    scale = max(1.0, float(numpy.max(numpy.abs(eigenvalues))))
    gradient_max = float(numpy.max(numpy.abs(gradient)))
    solved = gradient_max <= 1e-4 * scale and eigenvalues[0] >= -1e-6 * scale and value <= start_value
    return bool(solved), eigenvalues, gradient_max


def positive_definite_by_classify(eigenvalues):
    """classify's rule (Sources/Optimize/Stationary.swift, kindFromEigenvalues) for "minimum"."""
    threshold = 1.4901161193847656e-08 * max(1.0, float(numpy.max(numpy.abs(eigenvalues))))
    return bool(numpy.all(eigenvalues > threshold))


def run_scipy(exact, start):
    with numpy.errstate(all="ignore"):
        try:
            r = minimize(exact.f, numpy.array(start, dtype=float), method="Newton-CG", jac=exact.g, hess=exact.h)
            return {"x": [float(v) for v in r.x], "fun": float(r.fun), "success": bool(r.success)}
        except (ValueError, ArithmeticError) as error:
            return {"x": [float("nan")] * len(start), "fun": float("nan"), "success": False, "error": str(error)}


NUMBER = r"(-?(?:inf|nan|[0-9.]+(?:e[-+]?[0-9]+)?))"


def parse_numbers(text):
    return [float(v) for v in re.findall(NUMBER, text)]


def run_gd(gd, line, name, start):
    script = f"{line}\nminimize {name} from {format_vector(start)} method newton\n"
    p = subprocess.run([gd, "-e", script], capture_output=True, text=True)
    report = {}
    for out_line in p.stdout.splitlines():
        key, _, value = out_line.partition(": ")
        report[key] = value
    if p.returncode != 0 or "x" not in report:
        return {"x": [float("nan")] * len(start), "fun": float("nan"), "success": False, "stopped": "error: " + (p.stderr.strip().splitlines() or ["?"])[-1]}
    x = parse_numbers(report["x"])
    return {"x": x, "fun": float(report["fun"]), "success": report.get("success") == "true", "stopped": report.get("stopped at", "")}


def format_vector(v):
    return "[" + ", ".join(repr(float(a)) if not float(a).is_integer() else str(int(a)) for a in v) + "]"


def short(v):
    return "[" + ", ".join(f"{a:.4g}" for a in v) + "]"


def main():
    parser = argparse.ArgumentParser(description="gd's minimize … method newton against SciPy's Newton-CG on classic test functions.")
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    parser.add_argument("--gd", help="the gd binary to run (default: the release build)")
    parser.add_argument("--only", help="comma-separated function names")
    args = parser.parse_args()
    gd = args.gd or release_binary("gd", build=not args.no_build)
    only = set(args.only.split(",")) if args.only else None

    problems = [p for p in read_definitions() if only is None or p[0] in only]
    missing = [p[0] for p in problems if p[0] not in STARTS]
    if missing:
        sys.exit(f"no starts for {', '.join(missing)}")
    header = f"{'problem':<17} {'start':<18} {'SciPy f':>13} {'gd f':>13}  {'SciPy x':<28} {'gd x':<28} solved  same  gd says"
    print(header)
    print("-" * len(header))
    totals = {"runs": 0, "scipy": 0, "gd": 0, "both": 0, "scipy_only": 0, "gd_only": 0, "same": 0, "lies": 0,
              "gd_minimum_words": 0}
    scipy_seconds = gd_seconds = 0.0
    failures = []
    for name, params, formula, line in problems:
        exact = Exact(params, formula)
        for start in STARTS[name]:
            start_value = exact.f(numpy.array(start, dtype=float))
            t0 = time.perf_counter()
            s = run_scipy(exact, start)
            scipy_seconds += time.perf_counter() - t0
            t0 = time.perf_counter()
            g = run_gd(gd, line, name, start)
            gd_seconds += time.perf_counter() - t0
            s_solved, _, _ = judge(exact, s["x"], start_value)
            g_solved, g_eigen, g_gradient = judge(exact, g["x"], start_value)
            says_minimum = g["stopped"].startswith("a minimum")
            lie = says_minimum and (g_eigen is None or not positive_definite_by_classify(g_eigen) or g_gradient > 1e-5)
            same = s_solved and g_solved and abs(s["fun"] - g["fun"]) <= 1e-6 * max(1.0, abs(s["fun"]))
            totals["runs"] += 1
            totals["scipy"] += s_solved
            totals["gd"] += g_solved
            totals["both"] += s_solved and g_solved
            totals["scipy_only"] += s_solved and not g_solved
            totals["gd_only"] += g_solved and not s_solved
            totals["same"] += same
            totals["lies"] += lie
            totals["gd_minimum_words"] += says_minimum
            if s_solved and not g_solved:
                failures.append(f"{name} from {start}")
            words = g["stopped"].split(" (")[0][:40] + (" (LIE)" if lie else "")
            solved = ("S" if s_solved else "-") + ("G" if g_solved else "-")
            print(f"{name:<17} {short(start):<18} {s['fun']:>13.6g} {g['fun']:>13.6g}  {short(s['x']):<28} {short(g['x']):<28} "
                  f"{solved:<6}  {'yes' if same else '':<4}  {words}")
    print()
    print(f"{len(problems)} functions, {totals['runs']} runs (function × start)")
    print(f"solved by SciPy Newton-CG: {totals['scipy']}   by gd newton: {totals['gd']}   by both: {totals['both']}")
    print(f"solved by SciPy only: {totals['scipy_only']}   by gd only: {totals['gd_only']}   same minimum (both solved, same F): {totals['same']}")
    print(f"gd reports saying 'a minimum': {totals['gd_minimum_words']}, where the Hessian disagrees: {totals['lies']}")
    print(f"wall time: SciPy {scipy_seconds:.2f} s in this process; gd {gd_seconds:.2f} s in {totals['runs']} processes (start-up included)")
    if failures:
        print("SciPy solved, gd did not: " + "; ".join(failures))


if __name__ == "__main__":
    main()
