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

The residuals transliterate Tests/OptimizeTests/MGHProblems.swift operation for
operation, and the gradient comes from the same dual-number arithmetic, so both
optimisers see bit-identical values and gradients: differences in the table
come from the optimisers alone (SciPy's matrix products use BLAS, whose
summation order differs from gd's left-to-right loops in the last bits).
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
from scipy.optimize import minimize


class Dual:
    """A value with its exact gradient, computed operation by operation exactly
    as Tests/OptimizeTests/DualNumbers.swift does (same formulas, same order),
    so SciPy and gd see bit-identical function values and gradients."""

    __slots__ = ("value", "gradient")

    def __init__(self, value, gradient=()):
        self.value = float(value)
        self.gradient = list(gradient)

    @staticmethod
    def variable(v, index, count):
        g = [0.0] * count
        g[index] = 1.0
        return Dual(v, g)

    @staticmethod
    def combine(a, x, b, y):
        if not x:
            return [b * yi for yi in y]
        if not y:
            return [a * xi for xi in x]
        return [a * xi + b * yi for xi, yi in zip(x, y)]

    @staticmethod
    def lift(v):
        return v if isinstance(v, Dual) else Dual(v)

    def __add__(self, other):
        other = Dual.lift(other)
        return Dual(self.value + other.value, Dual.combine(1.0, self.gradient, 1.0, other.gradient))

    def __radd__(self, other):
        return Dual.lift(other) + self

    def __sub__(self, other):
        other = Dual.lift(other)
        return Dual(self.value - other.value, Dual.combine(1.0, self.gradient, -1.0, other.gradient))

    def __rsub__(self, other):
        return Dual.lift(other) - self

    def __mul__(self, other):
        other = Dual.lift(other)
        return Dual(self.value * other.value, Dual.combine(other.value, self.gradient, self.value, other.gradient))

    def __rmul__(self, other):
        return Dual.lift(other) * self

    def __truediv__(self, other):
        other = Dual.lift(other)
        quotient = self.value / other.value
        return Dual(quotient, Dual.combine(1 / other.value, self.gradient, -quotient / other.value, other.gradient))

    def __rtruediv__(self, other):
        return Dual.lift(other) / self

    def __neg__(self):
        return Dual(-self.value, [-g for g in self.gradient])


def exp(a):
    if isinstance(a, Dual):
        e = math.exp(a.value)
        return Dual(e, [e * g for g in a.gradient])
    return math.exp(a)


def sin(a):
    if isinstance(a, Dual):
        return Dual(math.sin(a.value), [math.cos(a.value) * g for g in a.gradient])
    return math.sin(a)


def cos(a):
    if isinstance(a, Dual):
        return Dual(math.cos(a.value), [-math.sin(a.value) * g for g in a.gradient])
    return math.cos(a)


def sq(a):
    return a * a


def const(x, v):
    """T(v): a constant of the same kind as the variables."""
    return Dual(v) if isinstance(x[0], Dual) else float(v)


# Each function below transliterates its Swift twin in MGHProblems.swift,
# operation for operation, so that rounding is the same.

def rosenbrock(x):
    return [10 * (x[1] - x[0] * x[0]), 1 - x[0]]


def freudenstein_roth(x):
    return [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]]


def powell_badly_scaled(x):
    return [10000 * x[0] * x[1] - 1, exp(-x[0]) + exp(-x[1]) - 1.0001]


def brown_badly_scaled(x):
    return [x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]


def beale(x):
    y = [1.5, 2.25, 2.625]
    power = const(x, 1)
    r = []
    for i in range(3):
        power = power * x[1]
        r.append(y[i] - x[0] * (1 - power))
    return r


def jennrich_sampson(x):
    r = []
    for i in range(1, 11):
        t = float(i)
        r.append(2 + 2 * t - (exp(t * x[0]) + exp(t * x[1])))
    return r


def bard(x):
    y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
    r = []
    for i in range(1, 16):
        u, v = float(i), float(16 - i)
        w = min(u, v)
        r.append(y[i - 1] - (x[0] + u / (v * x[1] + w * x[2])))
    return r


def gaussian(x):
    y = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009]
    r = []
    for i in range(1, 16):
        t = (8 - float(i)) / 2
        d = t - x[2]
        r.append(x[0] * exp(-x[1] * d * d / 2) - y[i - 1])
    return r


def meyer(x):
    y = [34780.0, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872]
    r = []
    for i in range(1, 17):
        t = 45 + 5 * float(i)
        r.append(x[0] * exp(x[1] / (t + x[2])) - y[i - 1])
    return r


def box_3d(x):
    r = []
    for i in range(1, 11):
        t = 0.1 * float(i)
        r.append(exp(-t * x[0]) - exp(-t * x[1]) - x[2] * (math.exp(-t) - math.exp(-10 * t)))
    return r


def powell_singular(x):
    return [x[0] + 10 * x[1], math.sqrt(5.0) * (x[2] - x[3]), sq(x[1] - 2 * x[2]), math.sqrt(10.0) * sq(x[0] - x[3])]


def wood(x):
    return [10 * (x[1] - x[0] * x[0]), 1 - x[0], math.sqrt(90.0) * (x[3] - x[2] * x[2]), 1 - x[2],
            math.sqrt(10.0) * (x[1] + x[3] - 2), (x[1] - x[3]) / math.sqrt(10.0)]


def kowalik_osborne(x):
    y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
    u = [4.0, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
    r = []
    for i in range(11):
        uu = u[i] * u[i]
        numerator = uu + u[i] * x[1]
        denominator = uu + u[i] * x[2] + x[3]
        r.append(y[i] - x[0] * numerator / denominator)
    return r


def brown_dennis(x):
    r = []
    for i in range(1, 21):
        t = float(i) / 5
        r.append(sq(x[0] + t * x[1] - math.exp(t)) + sq(x[2] + x[3] * math.sin(t) - math.cos(t)))
    return r


def osborne_1(x):
    y = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
         0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
    r = []
    for i in range(33):
        t = 10 * float(i)
        r.append(y[i] - (x[0] + x[1] * exp(-t * x[3]) + x[2] * exp(-t * x[4])))
    return r


def biggs_exp6(x):
    r = []
    for i in range(1, 14):
        t = 0.1 * float(i)
        y = math.exp(-t) - 5 * math.exp(-10 * t) + 3 * math.exp(-4 * t)
        r.append(x[2] * exp(-t * x[0]) - x[3] * exp(-t * x[1]) + x[5] * exp(-t * x[4]) - y)
    return r


def watson(x):
    n = len(x)
    r = []
    for i in range(1, 30):
        t = float(i) / 29
        sum1, sum2 = const(x, 0), const(x, 0)
        for j in range(2, n + 1):
            sum1 = sum1 + float(j - 1) * math.pow(t, float(j - 2)) * x[j - 1]
        for j in range(1, n + 1):
            sum2 = sum2 + math.pow(t, float(j - 1)) * x[j - 1]
        r.append(sum1 - sum2 * sum2 - 1)
    r.append(x[0])
    r.append(x[1] - x[0] * x[0] - 1)
    return r


def extended_rosenbrock(x):
    return [v for i in range(0, len(x), 2) for v in rosenbrock([x[i], x[i + 1]])]


def extended_powell(x):
    return [v for i in range(0, len(x), 4) for v in powell_singular(x[i:i + 4])]


def penalty_1(x):
    a = math.sqrt(1e-5)
    r = [a * (xi - 1) for xi in x]
    total = const(x, 0)
    for xi in x:
        total = total + xi * xi
    r.append(total - 0.25)
    return r


def penalty_2(x):
    n = len(x)
    a = math.sqrt(1e-5)
    r = [x[0] - 0.2]
    for i in range(2, n + 1):
        y = math.exp(float(i) / 10) + math.exp(float(i - 1) / 10)
        r.append(a * (exp(x[i - 1] / 10) + exp(x[i - 2] / 10) - y))
    for i in range(n + 1, 2 * n):
        r.append(a * (exp(x[i - n] / 10) - math.exp(-0.1)))
    total = const(x, 0)
    for j in range(1, n + 1):
        total = total + float(n - j + 1) * x[j - 1] * x[j - 1]
    r.append(total - 1)
    return r


def variably_dimensioned(x):
    r = [xi - 1 for xi in x]
    total = const(x, 0)
    for j in range(len(x)):
        total = total + float(j + 1) * (x[j] - 1)
    r.append(total)
    r.append(total * total)
    return r


def trigonometric(x):
    n = float(len(x))
    cos_sum = const(x, 0)
    for xi in x:
        cos_sum = cos_sum + cos(xi)
    return [n - cos_sum + float(i + 1) * (1 - cos(x[i])) - sin(x[i]) for i in range(len(x))]


def brown_almost_linear(x):
    n = len(x)
    total = const(x, 0)
    for xi in x:
        total = total + xi
    r = [x[i] + total - float(n + 1) for i in range(n - 1)]
    product = const(x, 1)
    for xi in x:
        product = product * xi
    r.append(product - 1)
    return r


def boundary_start(n):
    h = 1 / float(n + 1)
    return [(float(i) * h) * (float(i) * h - 1) for i in range(1, n + 1)]


def discrete_boundary(x):
    n = len(x)
    h = 1 / float(n + 1)
    r = []
    for i in range(n):
        t = float(i + 1) * h
        left = x[i - 1] if i > 0 else const(x, 0)
        right = x[i + 1] if i < n - 1 else const(x, 0)
        cube = (x[i] + t + 1) * (x[i] + t + 1) * (x[i] + t + 1)
        r.append(2 * x[i] - left - right + h * h * cube / 2)
    return r


def discrete_integral(x):
    n = len(x)
    h = 1 / float(n + 1)
    t = [float(j) * h for j in range(1, n + 1)]
    cubes = []
    for j in range(n):
        shifted = x[j] + t[j] + 1
        cubes.append(shifted * shifted * shifted)
    r = []
    for i in range(n):
        below, above = const(x, 0), const(x, 0)
        for j in range(i + 1):
            below = below + t[j] * cubes[j]
        for j in range(i + 1, n):
            above = above + (1 - t[j]) * cubes[j]
        r.append(x[i] + h * ((1 - t[i]) * below + t[i] * above) / 2)
    return r


def broyden_tridiagonal(x):
    n = len(x)
    r = []
    for i in range(n):
        left = x[i - 1] if i > 0 else const(x, 0)
        right = x[i + 1] if i < n - 1 else const(x, 0)
        r.append((3 - 2 * x[i]) * x[i] - left - 2 * right + 1)
    return r


def broyden_banded(x):
    n = len(x)
    r = []
    for i in range(n):
        total = const(x, 0)
        for j in range(max(0, i - 5), min(n - 1, i + 1) + 1):
            if j != i:
                total = total + x[j] * (1 + x[j])
        r.append(x[i] * (2 + 5 * x[i] * x[i]) + 1 - total)
    return r


def linear_full_rank(x):
    m = 20
    total = const(x, 0)
    for xi in x:
        total = total + xi
    return [(x[i] if i < len(x) else const(x, 0)) - 2 * total / float(m) - 1 for i in range(m)]


def linear_rank_1(x):
    weighted = const(x, 0)
    for j in range(len(x)):
        weighted = weighted + float(j + 1) * x[j]
    return [float(i) * weighted - 1 for i in range(1, 21)]


def chebyquad(x):
    n = len(x)
    sums = [const(x, 0) for _ in range(n)]
    for j in range(n):
        y = 2 * x[j] - 1
        previous, current = const(x, 1), y
        for i in range(n):
            sums[i] = sums[i] + current
            following = 2 * y * current - previous
            previous = current
            current = following
    r = []
    for i in range(n):
        degree = i + 1
        integral = 0.0 if degree % 2 == 1 else -1.0 / float(degree * degree - 1)
        r.append(sums[i] / float(n) - integral)
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
    """F(x) = sum of r_i^2 left to right, and its gradient by dual numbers, as the Swift test computes them."""
    def value(x):
        total = 0.0
        for r in residuals([float(v) for v in x]):
            total = total + r * r
        return total

    def gradient(x):
        variables = [Dual.variable(float(x[i]), i, n) for i in range(n)]
        total = Dual(0.0)
        for r in residuals(variables):
            total = total + r * r
        return np.array(total.gradient if total.gradient else [0.0] * n, dtype=float)

    return value, gradient


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
