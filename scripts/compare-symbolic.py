#!/usr/bin/env python3
"""Two builds of the `bench-symbolic` executable side by side: gd's time per
case (median of ROUNDS runs of each) and the total over the cases both
builds run, with the cases whose time grew most. Issue 11 measured its
before/after this way (the old build from a worktree of the old commit).

    python3 scripts/compare-symbolic.py OLD_BENCH_SYMBOLIC NEW_BENCH_SYMBOLIC [--rounds N]

Times are wall-clock microseconds as each executable reports them; a busy
machine inflates both, so compare within one run.
"""
import json, statistics, subprocess, sys

def run(binary):
    """Microseconds per case name (a case printed more than once is summed)."""
    times = {}
    for line in subprocess.run([binary], capture_output=True, text=True, check=True).stdout.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        times[record["case"]] = times.get(record["case"], 0.0) + record["microseconds"]
    return times

def main():
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    if "--rounds" in sys.argv:
        arguments = [a for a in arguments if a != str(rounds)]
    if len(arguments) != 2:
        sys.exit(__doc__)
    old_runs, new_runs = [], []
    for _ in range(rounds):  # alternating, so both see the same load
        old_runs.append(run(arguments[0]))
        new_runs.append(run(arguments[1]))
    # A case timed as -1 was not timed (the benchmark's marker): left out.
    cases = [c for c in old_runs[0] if all(c in r and r[c] > 0 for r in old_runs + new_runs)]
    old = {c: statistics.median(r[c] for r in old_runs) for c in cases}
    new = {c: statistics.median(r[c] for r in new_runs) for c in cases}
    total_old, total_new = sum(old.values()), sum(new.values())
    print(f"{len(cases)} cases in both; old {total_old:.1f} us, new {total_new:.1f} us, new/old {total_new / total_old:.3f}")
    print(f"median case new/old {statistics.median(new[c] / old[c] for c in cases):.3f}")
    for case in sorted(cases, key=lambda c: old[c] - new[c])[:10]:
        print(f"  {case:<24} {old[case]:>10.1f} {new[case]:>10.1f} {new[case] / old[case]:>7.2f}")

if __name__ == "__main__":
    main()
