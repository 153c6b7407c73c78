#!/usr/bin/env python3
"""Side-by-side benchmark: gd's BFGS against scipy.optimize.minimize(method="BFGS").

Runs the Moré–Garbow–Hillstrom (1981) problems at their standard starts with
exact gradients in SciPy, reads gd's numbers for the same problems (from the
Swift test `MGHTests`, which writes them when GD_BENCH_OPTIMIZE_OUT is set),
and prints one row per problem with both results and the ratio of total
evaluations (nfev + njev).

    python3 scripts/bench-optimize.py                     # runs `swift test` in the repository
    python3 scripts/bench-optimize.py --package DIR       # … in another package (e.g. a scratch one)
    python3 scripts/bench-optimize.py --gd-results FILE   # reuse a file the test already wrote

The residuals mirror Tests/OptimizeTests/MGHProblems.swift; the gradient of
F = sum(r_i^2) is derived symbolically by SymPy, so it is exact.
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import sympy as sp
from scipy.optimize import minimize


def rosenbrock(x):
    return [10 * (x[1] - x[0] ** 2), 1 - x[0]]


def freudenstein_roth(x):
    return [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]]


def powell_badly_scaled(x):
    return [10000 * x[0] * x[1] - 1, sp.exp(-x[0]) + sp.exp(-x[1]) - sp.Float(1.0001)]


def brown_badly_scaled(x):
    return [x[0] - 10 ** 6, x[1] - sp.Float(2e-6), x[0] * x[1] - 2]


def beale(x):
    y = [1.5, 2.25, 2.625]
    return [y[i] - x[0] * (1 - x[1] ** (i + 1)) for i in range(3)]


def jennrich_sampson(x):
    return [2 + 2 * i - (sp.exp(i * x[0]) + sp.exp(i * x[1])) for i in range(1, 11)]


def bard(x):
    y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
    r = []
    for i in range(1, 16):
        u, v = i, 16 - i
        w = min(u, v)
        r.append(y[i - 1] - (x[0] + u / (v * x[1] + w * x[2])))
    return r


def gaussian(x):
    y = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009]
    return [x[0] * sp.exp(-x[1] * ((8 - i) / 2 - x[2]) ** 2 / 2) - y[i - 1] for i in range(1, 16)]


def meyer(x):
    y = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872]
    return [x[0] * sp.exp(x[1] / (45 + 5 * i + x[2])) - y[i - 1] for i in range(1, 17)]


def box_3d(x):
    r = []
    for i in range(1, 11):
        t = 0.1 * i
        r.append(sp.exp(-t * x[0]) - sp.exp(-t * x[1]) - x[2] * (math.exp(-t) - math.exp(-10 * t)))
    return r


def powell_singular(x):
    return [x[0] + 10 * x[1], math.sqrt(5) * (x[2] - x[3]), (x[1] - 2 * x[2]) ** 2, math.sqrt(10) * (x[0] - x[3]) ** 2]


def wood(x):
    return [10 * (x[1] - x[0] ** 2), 1 - x[0], math.sqrt(90) * (x[3] - x[2] ** 2), 1 - x[2],
            math.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / math.sqrt(10)]


def kowalik_osborne(x):
    y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
    u = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
    return [y[i] - x[0] * (u[i] ** 2 + u[i] * x[1]) / (u[i] ** 2 + u[i] * x[2] + x[3]) for i in range(11)]


def brown_dennis(x):
    r = []
    for i in range(1, 21):
        t = i / 5
        r.append((x[0] + t * x[1] - math.exp(t)) ** 2 + (x[2] + x[3] * math.sin(t) - math.cos(t)) ** 2)
    return r


def osborne_1(x):
    y = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
         0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
    return [y[i] - (x[0] + x[1] * sp.exp(-10 * i * x[3]) + x[2] * sp.exp(-10 * i * x[4])) for i in range(33)]


def biggs_exp6(x):
    r = []
    for i in range(1, 14):
        t = 0.1 * i
        y = math.exp(-t) - 5 * math.exp(-10 * t) + 3 * math.exp(-4 * t)
        r.append(x[2] * sp.exp(-t * x[0]) - x[3] * sp.exp(-t * x[1]) + x[5] * sp.exp(-t * x[4]) - y)
    return r


def watson(x):
    n = len(x)
    r = []
    for i in range(1, 30):
        t = i / 29
        s1 = sum((j - 1) * t ** (j - 2) * x[j - 1] for j in range(2, n + 1))
        s2 = sum(t ** (j - 1) * x[j - 1] for j in range(1, n + 1))
        r.append(s1 - s2 ** 2 - 1)
    return r + [x[0], x[1] - x[0] ** 2 - 1]


def extended_rosenbrock(x):
    return [v for i in range(0, len(x), 2) for v in rosenbrock(x[i:i + 2])]


def extended_powell(x):
    return [v for i in range(0, len(x), 4) for v in powell_singular(x[i:i + 4])]


def penalty_1(x):
    a = math.sqrt(1e-5)
    return [a * (xi - 1) for xi in x] + [sum(xi ** 2 for xi in x) - sp.Rational(1, 4)]


def penalty_2(x):
    n = len(x)
    a = math.sqrt(1e-5)
    r = [x[0] - sp.Float(0.2)]
    for i in range(2, n + 1):
        y = math.exp(i / 10) + math.exp((i - 1) / 10)
        r.append(a * (sp.exp(x[i - 1] / 10) + sp.exp(x[i - 2] / 10) - y))
    for i in range(n + 1, 2 * n):
        r.append(a * (sp.exp(x[i - n] / 10) - math.exp(-0.1)))
    r.append(sum((n - j + 1) * x[j - 1] ** 2 for j in range(1, n + 1)) - 1)
    return r


def variably_dimensioned(x):
    s = sum((j + 1) * (x[j] - 1) for j in range(len(x)))
    return [xi - 1 for xi in x] + [s, s ** 2]


def trigonometric(x):
    n = len(x)
    c = sum(sp.cos(xi) for xi in x)
    return [n - c + (i + 1) * (1 - sp.cos(x[i])) - sp.sin(x[i]) for i in range(n)]


def brown_almost_linear(x):
    n = len(x)
    s = sum(x)
    return [x[i] + s - (n + 1) for i in range(n - 1)] + [sp.Mul(*x) - 1]


def boundary_start(n):
    h = 1 / (n + 1)
    return [(i * h) * (i * h - 1) for i in range(1, n + 1)]


def discrete_boundary(x):
    n = len(x)
    h = 1 / (n + 1)
    r = []
    for i in range(n):
        t = (i + 1) * h
        left = x[i - 1] if i > 0 else 0
        right = x[i + 1] if i < n - 1 else 0
        r.append(2 * x[i] - left - right + h * h * (x[i] + t + 1) ** 3 / 2)
    return r


def discrete_integral(x):
    n = len(x)
    h = 1 / (n + 1)
    t = [(j + 1) * h for j in range(n)]
    cubes = [(x[j] + t[j] + 1) ** 3 for j in range(n)]
    r = []
    for i in range(n):
        below = sum(t[j] * cubes[j] for j in range(i + 1))
        above = sum((1 - t[j]) * cubes[j] for j in range(i + 1, n))
        r.append(x[i] + h * ((1 - t[i]) * below + t[i] * above) / 2)
    return r


def broyden_tridiagonal(x):
    n = len(x)
    return [(3 - 2 * x[i]) * x[i] - (x[i - 1] if i > 0 else 0) - 2 * (x[i + 1] if i < n - 1 else 0) + 1 for i in range(n)]


def broyden_banded(x):
    n = len(x)
    r = []
    for i in range(n):
        s = sum(x[j] * (1 + x[j]) for j in range(max(0, i - 5), min(n - 1, i + 1) + 1) if j != i)
        r.append(x[i] * (2 + 5 * x[i] ** 2) + 1 - s)
    return r


def linear_full_rank(x):
    m = 20
    s = sum(x)
    return [(x[i] if i < len(x) else 0) - 2 * s / m - 1 for i in range(m)]


def linear_rank_1(x):
    w = sum((j + 1) * x[j] for j in range(len(x)))
    return [i * w - 1 for i in range(1, 21)]


def chebyquad(x):
    n = len(x)
    sums = [0] * n
    for xj in x:
        y = 2 * xj - 1
        previous, current = 1, y
        for i in range(n):
            sums[i] = sums[i] + current
            previous, current = current, 2 * y * current - previous
    r = []
    for i in range(n):
        degree = i + 1
        integral = 0 if degree % 2 == 1 else -1 / (degree * degree - 1)
        r.append(sums[i] / n - integral)
    return r


PROBLEMS = [
    ("rosenbrock", rosenbrock, [-1.2, 1]),
    ("freudenstein_roth", freudenstein_roth, [0.5, -2]),
    ("powell_badly_scaled", powell_badly_scaled, [0, 1]),
    ("brown_badly_scaled", brown_badly_scaled, [1, 1]),
    ("beale", beale, [1, 1]),
    ("jennrich_sampson", jennrich_sampson, [0.3, 0.4]),
    ("bard", bard, [1, 1, 1]),
    ("gaussian", gaussian, [0.4, 1, 0]),
    ("meyer", meyer, [0.02, 4000, 250]),
    ("box_3d", box_3d, [0, 10, 20]),
    ("powell_singular", powell_singular, [3, -1, 0, 1]),
    ("wood", wood, [-3, -1, -3, -1]),
    ("kowalik_osborne", kowalik_osborne, [0.25, 0.39, 0.415, 0.39]),
    ("brown_dennis", brown_dennis, [25, 5, -5, -1]),
    ("osborne_1", osborne_1, [0.5, 1.5, -1, 0.01, 0.02]),
    ("biggs_exp6", biggs_exp6, [1, 2, 1, 1, 1, 1]),
    ("watson_6", watson, [0] * 6),
    ("extended_rosenbrock_10", extended_rosenbrock, [-1.2, 1] * 5),
    ("extended_powell_8", extended_powell, [3, -1, 0, 1] * 2),
    ("penalty_1_4", penalty_1, [1, 2, 3, 4]),
    ("penalty_2_4", penalty_2, [0.5] * 4),
    ("variably_dimensioned_10", variably_dimensioned, [1 - j / 10 for j in range(1, 11)]),
    ("trigonometric_10", trigonometric, [0.1] * 10),
    ("brown_almost_linear_10", brown_almost_linear, [0.5] * 10),
    ("discrete_boundary_10", discrete_boundary, boundary_start(10)),
    ("discrete_integral_10", discrete_integral, boundary_start(10)),
    ("broyden_tridiagonal_10", broyden_tridiagonal, [-1] * 10),
    ("broyden_banded_10", broyden_banded, [-1] * 10),
    ("linear_full_rank_10", linear_full_rank, [1] * 10),
    ("linear_rank_1_10", linear_rank_1, [1] * 10),
    ("chebyquad_8", chebyquad, [j / 9 for j in range(1, 9)]),
]


def compile_problem(residuals, n):
    symbols = sp.symbols(f"x0:{n}")
    total = sum(r ** 2 for r in residuals(list(symbols)))
    value = sp.lambdify([symbols], total, "math")
    gradient = sp.lambdify([symbols], [sp.diff(total, s) for s in symbols], "math")
    return (lambda x: float(value(list(x)))), (lambda x: np.array(gradient(list(x)), dtype=float))


def run_scipy():
    rows = {}
    for name, residuals, start in PROBLEMS:
        f, g = compile_problem(residuals, len(start))
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            r = minimize(f, np.array(start, dtype=float), jac=g, method="BFGS")
        rows[name] = (bool(r.success), int(r.nit), int(r.nfev), int(r.njev), float(r.fun), r.message)
    return rows


def run_gd(package, results_file):
    if results_file is None:
        results_file = os.path.join(tempfile.mkdtemp(), "mgh-gd.txt")
        env = dict(os.environ, GD_BENCH_OPTIMIZE_OUT=results_file)
        subprocess.run(["swift", "test", "--filter", "MGHTests"], cwd=package, env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = {}
    with open(results_file) as handle:
        for line in handle:
            parts = line.split(" ", 6)
            if len(parts) < 7:
                continue
            name, success, nit, nfev, njev, fun, message = parts
            rows[name] = (success == "true", int(nit), int(nfev), int(njev), float(fun), message.strip())
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--package", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--gd-results", default=None)
    args = parser.parse_args()
    gd = run_gd(args.package, args.gd_results)
    scipy_rows = run_scipy()
    header = f"{'problem':24} {'scipy ok':>8} {'nit':>5} {'nfev':>5} {'njev':>5} {'fun':>12} | {'gd ok':>5} {'nit':>5} {'nfev':>5} {'njev':>5} {'fun':>12} | {'f+g gd/scipy':>12}"
    print(header)
    print("-" * len(header))
    solved_by_scipy = solved_by_both = within_budget = 0
    total_scipy = total_gd = 0
    for name, _, _ in PROBLEMS:
        s = scipy_rows[name]
        d = gd.get(name)
        if d is None:
            print(f"{name:24} missing from gd's results")
            continue
        ratio = (d[2] + d[3]) / (s[2] + s[3])
        # "Solves" means reaching SciPy's value: success, or the same F to 6 digits.
        same_value = abs(d[4] - s[4]) <= 1e-6 * max(1.0, abs(s[4])) or d[4] <= s[4]
        if s[0]:
            solved_by_scipy += 1
            total_scipy += s[2] + s[3]
            total_gd += d[2] + d[3]
            if d[0] or same_value:
                solved_by_both += 1
            if d[2] + d[3] <= s[2] + s[3]:
                within_budget += 1
        print(f"{name:24} {str(s[0]):>8} {s[1]:5d} {s[2]:5d} {s[3]:5d} {s[4]:12.6g} | {str(d[0]):>5} {d[1]:5d} {d[2]:5d} {d[3]:5d} {d[4]:12.6g} | {ratio:12.3f}")
    print()
    print(f"SciPy solves {solved_by_scipy} of {len(PROBLEMS)}; gd solves {solved_by_both} of those, "
          f"{within_budget} with no more f+g evaluations than SciPy; total f+g on them: gd {total_gd}, SciPy {total_scipy} "
          f"(ratio {total_gd / max(1, total_scipy):.3f}).")


if __name__ == "__main__":
    sys.exit(main())
