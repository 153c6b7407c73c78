#!/usr/bin/env python3
"""gd's derivatives against SymPy's on textbook exercises, in one run.

The cases are scripts/data/calculus-cases.txt (polynomials, quotients, chains,
symbolic exponents, machine-learning losses, partials, gradients, Hessians,
second and third derivatives). For each case this prints:

  - the size of gd's result, SymPy `diff`'s and SymPy `simplify(diff)`'s, each
    as SymPy's `count_ops` (gd's printed result parsed with evaluate=False, so
    it is counted as printed; a gradient or Hessian counts every entry once,
    a Hessian's upper triangle). SymPy's results are counted as SymPy holds
    them (the columns and the goals); count_ops counts an evaluated tree a
    little lower than the same text parsed as printed (`-x*exp(-x^2/2)`: 5
    against 6), so the totals also count SymPy's results as printed text,
    parsed like gd's ("as printed");
  - whether gd's result equals SymPy's at random points (relative 1e-9; points
    where SymPy's value is not real are skipped);
  - whether gd's LaTeX of the result parses back (SymPy's LaTeX parser) to the
    same value at those points;
  - SymPy's times for `diff` and for `simplify(diff)` (capped, --simplify-seconds).

gd runs once, in one release process over a generated script of all cases;
its time is that process's wall time less an empty process's (startup), the
median of --repeat runs. The totals line checks the goals: no case larger
than SymPy `diff`; no larger than `simplify(diff)` in at least 80%; gd's total
below a tenth of SymPy simplify's.

    scripts/bench-calculus.py                    # builds gd with swift build -c release
    scripts/bench-calculus.py --no-build         # the existing release build
    scripts/bench-calculus.py --gd PATH          # a given gd binary
    scripts/bench-calculus.py --only 'atan'      # cases whose text contains a string

SymPy's LaTeX parser needs antlr4-python3-runtime 4.11; with another version
installed, put 4.11 in a folder (pip install --target DIR
antlr4-python3-runtime==4.11.1) and pass --antlr DIR (or set GD_ANTLR_PATH).
Without it the LaTeX column says "-".
"""
import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time

import sympy
from sympy.parsing.sympy_parser import parse_expr

from benchlib import ROOT, release_binary


class σ(sympy.Function):
    """The logistic function, with its derivative as gd states it."""

    def fdiff(self, argindex=1):
        return σ(self.args[0]) * (1 - σ(self.args[0]))

    def _eval_evalf(self, prec):
        return (1 / (1 + sympy.exp(-self.args[0]))).evalf(prec)


FUNCTIONS = {
    "ln": sympy.log, "log": sympy.log, "exp": sympy.exp, "sqrt": sympy.sqrt, "sin": sympy.sin,
    "cos": sympy.cos, "tan": sympy.tan, "sec": sympy.sec, "csc": sympy.csc, "cot": sympy.cot,
    "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh,
    "tanh": sympy.tanh, "asinh": sympy.asinh, "acosh": sympy.acosh, "atanh": sympy.atanh,
    "log10": lambda u: sympy.log(u, 10), "log2": lambda u: sympy.log(u, 2), "cbrt": sympy.cbrt,
    "erf": sympy.erf, "abs": sympy.Abs, "σ": σ, "sigmoid": σ, "e": sympy.E, "pi": sympy.pi,
}


def parse(text, evaluate=True):
    text = text.replace("^", "**")
    local = dict(FUNCTIONS)
    for name in set(re.findall(r"\b[A-Za-z_]\w*\b", text)) - set(local):
        local[name] = sympy.Symbol(name)
    return parse_expr(text, local_dict=local, evaluate=evaluate)


def read_cases(path):
    cases = []
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, expression = line.split(":", 1)
        kind, variables = head.split()
        cases.append({"line": number, "kind": kind, "variables": variables.split(","), "expression": expression.strip()})
    return cases


def gd_call(case, latex):
    e, vs = case["expression"], case["variables"]
    kind = case["kind"]
    if kind == "d":
        call = f"diff({e}, {vs[0]})"
    elif kind in ("d2", "d3"):
        call = f"diff({e}, {vs[0]}, {kind[1]})"
    elif kind == "g":
        call = f"grad({e}, [{', '.join(vs)}])"
    elif kind == "h":
        call = f"hessian({e}, [{', '.join(vs)}])"
    else:
        sys.exit(f"unknown kind {kind!r}")
    return f"latex({call})" if latex else call


def run_gd(gd, script):
    start = time.perf_counter()
    p = subprocess.run([gd], input=script, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit("gd failed:\n" + p.stderr[-3000:])
    return p.stdout.splitlines(), elapsed


def split_top(text):
    """The entries of gd's printed `[a, b]` or `[[a, b], [c, d]]` (flattened)."""
    text = text.strip()
    if not text.startswith("["):
        return [text]
    entries, depth, current = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
            if depth == 1:
                continue
        if ch == "]":
            depth -= 1
            if depth == 0:
                break
        if ch == "," and depth == 1:
            entries.append(current)
            current = ""
            continue
        current += ch
    entries.append(current)
    flat = []
    for entry in entries:
        flat += split_top(entry) if entry.strip().startswith("[") else [entry.strip()]
    return flat


def latex_entries(text):
    """The entries of gd's LaTeX: a bmatrix's cells, or the one formula."""
    m = re.fullmatch(r"\\begin\{bmatrix\}(.*)\\end\{bmatrix\}", text.strip())
    if not m:
        return [text.strip()]
    return [cell.strip() for row in m.group(1).split("\\\\") for cell in row.split("&")]


def sympy_results(case):
    f = parse(case["expression"])
    vs = [sympy.Symbol(v) for v in case["variables"]]
    kind = case["kind"]
    if kind == "d":
        return [sympy.diff(f, vs[0])]
    if kind in ("d2", "d3"):
        return [sympy.diff(f, vs[0], int(kind[1]))]
    if kind == "g":
        return [sympy.diff(f, v) for v in vs]
    return [sympy.diff(f, a, b) for a in vs for b in vs]


def printed_ops(expr):
    """count_ops of SymPy's printed text parsed back unevaluated, as gd's is counted."""
    try:
        return sympy.count_ops(parse(str(expr), evaluate=False))
    except Exception:
        return sympy.count_ops(expr)


def upper_triangle(entries, case):
    """A Hessian's entries on and above the diagonal (its size counts those once)."""
    if case["kind"] != "h":
        return entries
    n = len(case["variables"])
    return [entries[i * n + j] for i in range(n) for j in range(i, n)]


def with_time_limit(seconds, body):
    def alarm(signum, frame):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return body()
    except TimeoutError:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def sample_points(free, rng):
    """Three points: two with every variable in (0.1, 0.45), one in (1.5, 2.5)."""
    points = []
    for low, high in ((0.1, 0.45), (0.1, 0.45), (1.5, 2.5)):
        points.append({s: sympy.Float(rng.uniform(low, high), 30) for s in free})
    return points


def value(expr, point):
    v = sympy.N(expr.subs(point), 25)
    if not v.is_number:
        return None
    v = complex(v)
    if abs(v.imag) > 1e-12 * max(1.0, abs(v.real)) or v.real != v.real or abs(v.real) == float("inf"):
        return None
    return v.real


def same_values(reference, candidate, points):
    """True/False when some point has a real reference value; None when none does."""
    checked = 0
    for point in points:
        want = [value(r, point) for r in reference]
        if any(w is None for w in want):
            continue
        got = [value(c, point) for c in candidate]
        if any(g is None for g in got):
            return False
        checked += 1
        for w, g in zip(want, got):
            if abs(w - g) > 1e-9 * max(1.0, abs(w)):
                return False
    return None if checked == 0 else True


LATEX_FUNCTIONS = {
    r"\operatorname{arsinh}": r"\operatorname{asinh}", r"\operatorname{arcosh}": r"\operatorname{acosh}",
    r"\operatorname{artanh}": r"\operatorname{atanh}",
}


def parse_gd_latex(text):
    """gd's LaTeX read back by SymPy's parser: σ, erf and the area functions,
    which that parser does not know, are read as functions and mapped back."""
    from sympy.parsing.latex import parse_latex

    text = re.sub(r"\\operatorname\{(\w+)\}\\left\(", lambda m: "\\" + m.group(1) + "\\left(", text)
    # `x \left(x + 1\right)^{2}` is x times (x + 1)^2 in LaTeX; SymPy's parser
    # reads a letter (or a subscripted name) before a parenthesis as a call,
    # so the checker makes the product explicit.
    text = re.sub(r"(?<![\\A-Za-z])([A-Za-z]|_\{[^{}]*\})\s*\\left\(", r"\1 \\cdot \\left(", text)
    # SymPy's parser reads a lone `d` as a differential (`d\right)` → dright):
    # the checker spells the variable d as \delta and maps it back.
    text = re.sub(r"(?<![\\A-Za-z])d(?![A-Za-z])", r"\\delta ", text)
    parsed = parse_latex(text)
    mapping = {"sigma": σ, "asinh": sympy.asinh, "arsinh": sympy.asinh, "acosh": sympy.acosh, "arcosh": sympy.acosh,
               "atanh": sympy.atanh, "artanh": sympy.atanh, "erf": sympy.erf, "sec": sympy.sec, "csc": sympy.csc,
               "cot": sympy.cot, "exp": sympy.exp}
    for _ in range(10):  # nested calls are replaced from the outside in
        replacements = {}
        for f in parsed.atoms(sympy.Function):
            name = type(f).__name__
            if name in mapping and type(f) is not mapping[name]:
                replacements[f] = mapping[name](*f.args)
        if not replacements:
            break
        parsed = parsed.xreplace(replacements)
    symbols = {s: sympy.Symbol(re.sub(r"[{}\\]", "", s.name).replace("theta_", "θ").replace("delta", "d")) for s in parsed.free_symbols}
    parsed = parsed.xreplace(symbols)
    if sympy.Symbol("e") in parsed.free_symbols:
        parsed = parsed.subs(sympy.Symbol("e"), sympy.E)
    return parsed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=os.path.join(ROOT, "scripts", "data", "calculus-cases.txt"))
    ap.add_argument("--gd", help="a gd binary (default: the release build)")
    ap.add_argument("--no-build", action="store_true", help="use the existing release build")
    ap.add_argument("--only", help="only cases whose text contains this string")
    ap.add_argument("--repeat", type=int, default=5, help="gd runs to take the median of")
    ap.add_argument("--simplify-seconds", type=float, default=20.0, help="cap on one SymPy simplify")
    ap.add_argument("--antlr", default=os.environ.get("GD_ANTLR_PATH"), help="folder holding antlr4-python3-runtime 4.11")
    ap.add_argument("--quiet", action="store_true", help="totals only")
    args = ap.parse_args()
    if args.antlr:
        sys.path.insert(0, args.antlr)

    gd = args.gd or release_binary("gd", build=not args.no_build)
    cases = read_cases(args.cases)
    if args.only:
        cases = [c for c in cases if args.only in c["expression"]]

    script = "".join(gd_call(c, latex=False) + "\n" for c in cases)
    latex_script = "".join(gd_call(c, latex=True) + "\n" for c in cases)
    results, _ = run_gd(gd, script)
    latexes, _ = run_gd(gd, latex_script)
    if len(results) != len(cases) or len(latexes) != len(cases):
        sys.exit(f"gd printed {len(results)} results and {len(latexes)} LaTeX lines for {len(cases)} cases")
    runs, empty = [], []
    for _ in range(args.repeat):
        runs.append(run_gd(gd, script)[1])
        empty.append(run_gd(gd, "")[1])
    gd_seconds = max(statistics.median(runs) - statistics.median(empty), 0.0)

    rng = random.Random(20261207)
    rows = []
    totals = {"gd": 0, "diff": 0, "simplify": 0, "diff_s": 0.0, "simplify_s": 0.0}
    counts = {"larger_than_diff": 0, "le_simplify": 0, "simplify_timeout": 0, "wrong": 0, "unchecked": 0,
              "latex_bad": 0, "latex_unchecked": 0, "printed_larger_than_diff": 0, "printed_le_simplify": 0}
    latex_available = True
    for case, printed, latex in zip(cases, results, latexes):
        t0 = time.perf_counter()
        theirs = sympy_results(case)
        diff_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        simplified = with_time_limit(args.simplify_seconds, lambda: [sympy.simplify(r) for r in theirs])
        simplify_s = time.perf_counter() - t0
        ours_text = split_top(printed)
        ours_unevaluated = [parse(t, evaluate=False) for t in ours_text]
        ours = [parse(t) for t in ours_text]
        ops_gd = sum(sympy.count_ops(r) for r in upper_triangle(ours_unevaluated, case))
        ops_diff = sum(sympy.count_ops(r) for r in upper_triangle(theirs, case))
        ops_simplify = None if simplified is None else sum(sympy.count_ops(r) for r in upper_triangle(simplified, case))
        printed_diff = sum(printed_ops(r) for r in upper_triangle(theirs, case))
        printed_simplify = printed_diff if simplified is None else sum(printed_ops(r) for r in upper_triangle(simplified, case))
        counts["printed_larger_than_diff"] += ops_gd > printed_diff
        counts["printed_le_simplify"] += ops_gd <= printed_simplify
        free = sorted(set().union(*(r.free_symbols for r in theirs)) | set().union(*(r.free_symbols for r in ours)), key=str)
        points = sample_points(free, rng)
        equal = same_values(theirs, ours, points) if len(ours) == len(theirs) else False
        latex_ok = None
        if latex_available:
            try:
                parsed = [parse_gd_latex(t) for t in latex_entries(latex)]
                latex_ok = same_values(theirs, parsed, points) if len(parsed) == len(theirs) else False
            except ImportError:
                latex_available = False
            except Exception:
                latex_ok = False
        totals["gd"] += ops_gd
        totals["diff"] += ops_diff
        totals["diff_s"] += diff_s
        totals["simplify_s"] += simplify_s
        if ops_simplify is None:
            counts["simplify_timeout"] += 1
            reference = ops_diff
        else:
            totals["simplify"] += ops_simplify
            reference = ops_simplify
        counts["larger_than_diff"] += ops_gd > ops_diff
        counts["le_simplify"] += ops_gd <= reference
        counts["wrong"] += equal is False
        counts["unchecked"] += equal is None
        counts["latex_bad"] += latex_ok is False
        counts["latex_unchecked"] += latex_ok is None
        rows.append((case, printed, ops_gd, ops_diff, ops_simplify, equal, latex_ok, diff_s, simplify_s))

    mark = {True: "ok", False: "WRONG", None: "-"}
    if not args.quiet:
        print(f"{'line':>4} {'case':<58} {'gd':>4} {'diff':>4} {'simp':>4}  {'value':<5} {'latex':<5} {'diff s':>8} {'simp s':>8}  gd's result")
        for case, printed, ops_gd, ops_diff, ops_simplify, equal, latex_ok, diff_s, simplify_s in rows:
            label = f"{case['kind']} {','.join(case['variables'])}: {case['expression']}"
            flags = ""
            if ops_gd > ops_diff:
                flags = " >diff"
            elif ops_simplify is not None and ops_gd > ops_simplify:
                flags = " >simp"
            simp = "t/o" if ops_simplify is None else str(ops_simplify)
            print(f"{case['line']:>4} {label[:58]:<58} {ops_gd:>4} {ops_diff:>4} {simp:>4}  {mark[equal]:<5} {mark[latex_ok]:<5} "
                  f"{diff_s:8.4f} {simplify_s:8.3f}  {printed}{flags}")
        print()
    n = len(rows)
    print(f"cases: {n}   ops total: gd {totals['gd']}, SymPy diff {totals['diff']}, SymPy simplify(diff) {totals['simplify']}"
          f" (over the {n - counts['simplify_timeout']} cases simplify finished)")
    print(f"gd larger than SymPy diff: {counts['larger_than_diff']} cases (goal 0)")
    print(f"gd no larger than simplify(diff): {counts['le_simplify']}/{n} = {100 * counts['le_simplify'] / max(n, 1):.1f}% (goal >= 80%;"
          f" {counts['simplify_timeout']} simplify timeouts compared with diff)")
    print(f"counting SymPy's results as printed too: gd larger than diff in {counts['printed_larger_than_diff']} cases;"
          f" no larger than simplify(diff) in {counts['printed_le_simplify']}/{n} = {100 * counts['printed_le_simplify'] / max(n, 1):.1f}%")
    print(f"values: {counts['wrong']} differ from SymPy's, {counts['unchecked']} not checked (no real point)")
    if latex_available:
        print(f"LaTeX read back: {counts['latex_bad']} differ or fail to parse, {counts['latex_unchecked']} not checked")
    else:
        print("LaTeX read back: not checked (SymPy's LaTeX parser needs antlr4-python3-runtime 4.11; see --antlr)")
    ratio = gd_seconds / (totals["diff_s"] + totals["simplify_s"])
    print(f"time: gd {gd_seconds:.3f} s for all cases (one process, less startup, median of {args.repeat});"
          f" SymPy diff {totals['diff_s']:.3f} s, diff + simplify {totals['diff_s'] + totals['simplify_s']:.3f} s;"
          f" gd / (diff + simplify) = {ratio:.4f} (goal < 0.1)")


if __name__ == "__main__":
    main()
