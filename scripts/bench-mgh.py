#!/usr/bin/env python3
"""gd's `minimize` (BFGS) against scipy.optimize.minimize(method="BFGS", jac=exact gradient) on the
Moré–Garbow–Hillstrom (1981) problems, both run as whole processes in the same run.

    python3 scripts/bench-mgh.py                 # builds gd in release, runs every problem
    python3 scripts/bench-mgh.py --repeat 5      # median of 5 timed runs of each process (default 3)
    python3 scripts/bench-mgh.py --only rosenbrock,wood --no-build

The problems are the gd scripts Tests/golden/mgh/NAME.gd, written by scripts/mgh/generate.py. From the
same formula text the generator writes the Python for SciPy: f evaluates the text as written (NumPy over
the table columns), g is SymPy's exact gradient of it with common subexpressions shared (computed here,
outside the timed process). Each solver is timed as a whole process, start-up included:
`python3 -c "import numpy, scipy …; minimize(…)"` and `gd NAME.gd` (its report gives nit, nfev, njev).

"Solved" means f* within 1e-4·max(1, |F*|) of one of the paper's minima (the Swift MGH tests' criterion);
the budget compares total evaluations nfev + njev.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts", "mgh"))
import generate  # noqa: E402

from benchlib import release_binary

SOLVE = """
import json, warnings
from scipy.optimize import minimize
warnings.simplefilter("ignore")
with numpy.errstate(all="ignore"):
    r = minimize(f, numpy.array({start}, dtype=float), jac=g, method="BFGS")
print(json.dumps({{"fun": float(r.fun), "nit": int(r.nit), "nfev": int(r.nfev), "njev": int(r.njev),
                  "success": bool(r.success), "message": str(r.message)}}))
"""


def timed(cmd, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        out = p
    return statistics.median(times), out


def run_scipy(problem, repeat):
    code = generate.python_source(problem) + SOLVE.format(start=generate.vec(problem.start))
    seconds, p = timed([sys.executable, "-c", code], repeat)
    if p.returncode != 0:
        return None, seconds, p.stderr.strip().splitlines()[-1:]
    return json.loads(p.stdout.strip().splitlines()[-1]), seconds, None


def run_gd(gd, problem, repeat):
    script = os.path.join(generate.GOLDEN, problem.name + ".gd")
    seconds, p = timed([gd, script], repeat)
    fields = {}
    for line in p.stdout.splitlines():
        m = re.match(r"^(message|success|fun|nit|nfev|njev): (.*)$", line)
        if m and m.group(1) not in fields:
            fields[m.group(1)] = m.group(2)
    if p.returncode != 0 or not {"fun", "nit", "nfev", "njev"} <= fields.keys():
        return None, seconds, (p.stderr.strip() or p.stdout.strip()).splitlines()[:3]
    return {"fun": float(fields["fun"]), "nit": int(fields["nit"]), "nfev": int(fields["nfev"]),
            "njev": int(fields["njev"]), "success": fields.get("success") == "true",
            "message": fields.get("message", "")}, seconds, None


def reaches_minimum(problem, fun):
    minima = [problem.optimum] if problem.optimum is not None else problem.minima
    return any(abs(fun - m) <= 1e-4 * max(1.0, abs(m)) for m in minima)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per process; the median is shown")
    parser.add_argument("--only", default="", help="comma-separated problem names")
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    args = parser.parse_args()

    gd = release_binary("gd", build=not args.no_build)
    problems = generate.problems()
    if args.only:
        wanted = set(args.only.split(","))
        problems = [p for p in problems if p.name in wanted]

    head = (f"{'problem':24} | {'SciPy f*':>12} {'nit':>4} {'nfev':>4} {'njev':>4} {'time s':>6} {'ok':>2} | "
            f"{'gd f*':>12} {'nit':>4} {'nfev':>4} {'njev':>4} {'time s':>6} {'ok':>2} | {'f+g gd/Sc':>9} {'time Sc/gd':>10}")
    print(head)
    print("-" * len(head))
    tot = {"s_eval": 0, "g_eval": 0, "s_time": 0.0, "g_time": 0.0}
    scipy_solved = gd_solved = within_budget = 0
    failures, ratios = [], []
    for p in problems:
        s, s_time, s_err = run_scipy(p, args.repeat)
        d, g_time, g_err = run_gd(gd, p, args.repeat)
        tot["s_time"] += s_time
        tot["g_time"] += g_time
        if s is None or d is None:
            print(f"{p.name:24} | " + ("SciPy failed: " + " ".join(s_err) if s is None else "") +
                  ("gd failed: " + " / ".join(g_err) if d is None else ""))
            failures.append(p.name)
            continue
        s_ok, d_ok = reaches_minimum(p, s["fun"]), reaches_minimum(p, d["fun"])
        s_fg, d_fg = s["nfev"] + s["njev"], d["nfev"] + d["njev"]
        if s_ok:
            scipy_solved += 1
            tot["s_eval"] += s_fg
            tot["g_eval"] += d_fg
            if d_ok:
                gd_solved += 1
            else:
                failures.append(p.name)
            if d_fg <= s_fg:
                within_budget += 1
        ratios.append(s_time / g_time)
        print(f"{p.name:24} | {s['fun']:12.6g} {s['nit']:4d} {s['nfev']:4d} {s['njev']:4d} {s_time:6.3f} {'y' if s_ok else 'n':>2} | "
              f"{d['fun']:12.6g} {d['nit']:4d} {d['nfev']:4d} {d['njev']:4d} {g_time:6.3f} {'y' if d_ok else 'n':>2} | "
              f"{d_fg / s_fg:9.3f} {s_time / g_time:10.1f}")
    print()
    print(f"SciPy reaches a known minimum on {scipy_solved} of {len(problems)}; gd on {gd_solved} of those, "
          f"{within_budget} of them with nfev + njev no more than SciPy's.")
    print(f"Total nfev + njev on those: gd {tot['g_eval']}, SciPy {tot['s_eval']} "
          f"(ratio {tot['g_eval'] / max(1, tot['s_eval']):.3f}).")
    print(f"Whole-process time, sum of medians of {args.repeat}: python3 + SciPy {tot['s_time']:.2f} s, gd {tot['g_time']:.3f} s "
          f"(ratio {tot['s_time'] / max(1e-9, tot['g_time']):.1f}x); per problem SciPy/gd "
          f"min {min(ratios):.1f}x, median {statistics.median(ratios):.1f}x.")
    if failures:
        print("Not solved by gd (SciPy solved) or failed: " + ", ".join(failures))


if __name__ == "__main__":
    sys.exit(main())
