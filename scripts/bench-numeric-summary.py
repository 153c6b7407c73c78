"""Reads RESULT/INFO lines from bench-numeric and its peers (standard input)
and prints one table of times and ratios."""
import sys

results, info = {}, []
for line in sys.stdin:
    parts = line.split()
    if parts and parts[0] == "RESULT":
        median, minimum = float(parts[3]), float(parts[4])
        results.setdefault(parts[1], {})[parts[2]] = (median, minimum, [float(v) for v in parts[5:]])
    elif parts:
        info.append(line.rstrip())


def cell(peers, name):
    p = peers.get(name)
    return f"{p[0]:6.2f} ({p[1]:5.2f})" if p else " " * 13 + "-"


def ratio(peers, name):
    p, gd = peers.get(name), peers["swift"]
    return f"{gd[0] / p[0]:.2f}" if p else "-"


print(f"{'case':29} {'gd ms':>14} {'numpy ms':>14} {'C -O2 ms':>14} {'gd/numpy':>9} {'gd/C':>6}  values vs peers")
# "case(sym)" rows (programs compiled from Symbolic derivatives) are compared
# with the peers of "case".
for case in list(results):
    if case.endswith("(sym)"):
        for name, value in results.get(case[: -len("(sym)")], {}).items():
            if name != "swift":
                results[case][name] = value
for case, peers in results.items():
    if "swift" not in peers:
        continue
    differences = []
    for name in ("numpy", "c"):
        if name in peers:
            pairs = zip(peers["swift"][2], peers[name][2])
            differences += [abs(a - b) / max(abs(b), 1e-300) for a, b in pairs]
    print(
        f"{case:29} {cell(peers, 'swift')} {cell(peers, 'numpy')} {cell(peers, 'c')} "
        f"{ratio(peers, 'numpy'):>9} {ratio(peers, 'c'):>6}  max rel. diff {max(differences, default=0):.1e}"
    )
print("times: median (minimum) over the repetitions; ratios are of medians")
for line in info:
    print(line)
