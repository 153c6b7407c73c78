#!/usr/bin/env python3
"""Two builds of gd side by side, in instructions executed (valgrind's
callgrind: the same count on a busy machine as on an idle one) and in CPU
time, on the workloads issue 11 measured:

  definition   start-up and `rosen(a, b) = …` (the 2-parameter Rosenbrock)
  first        one 1000-step `descend` after the definition (differentiates, compiles)
  again        each further identical `descend` (the compiled objective reused)
  1000 runs    CPU time of a process running 1000 of them (perf stat when present)
  start-up     a whole process of `1 + 1`
  MGH          each Moré–Garbow–Hillstrom golden script (Tests/golden/mgh), a
               whole process: instructions summed, and the scripts whose
               count changed by more than 5%

    python3 scripts/compare-builds.py OLD_GD NEW_GD [--no-mgh]

valgrind cannot read the debug info of a release build: a copy of each
binary without it (objcopy --strip-debug) is what runs.
"""
import os, re, shutil, statistics, subprocess, sys, tempfile

DEFINITION = "rosen(a, b) = (1 - a)^2 + 100*(b - a^2)^2\n"
DESCEND = "r = descend rosen from [-1.2, 1] rate 0.001 steps 1000;\n"

def instructions(binary, script):
    with tempfile.NamedTemporaryFile("w", suffix=".gd", delete=False) as f:
        f.write(script)
    count = instructions_of_file(binary, f.name)
    os.unlink(f.name)
    return count

def instructions_of_file(binary, path):
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary, path],
                         capture_output=True, text=True, cwd=os.path.dirname(os.path.abspath(path)))
    match = re.search(r"Collected : (\d+)", out.stderr)
    if not match:
        sys.exit("callgrind gave no count for %s:\n%s" % (binary, out.stderr[-2000:]))
    return int(match.group(1))

def cpu_ms(binary, script, rounds=5):
    if not shutil.which("perf"):
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".gd", delete=False) as f:
        f.write(script)
    times = []
    for _ in range(rounds):
        out = subprocess.run(["perf", "stat", "-x,", "-e", "task-clock", binary, f.name],
                             capture_output=True, text=True)
        value = out.stderr.strip().splitlines()[-1].split(",")[0]
        times.append(float(value))
    os.unlink(f.name)
    return statistics.median(times)

def measure(binary):
    d0 = instructions(binary, DEFINITION)
    d1 = instructions(binary, DEFINITION + DESCEND)
    d11 = instructions(binary, DEFINITION + DESCEND * 11)
    return {"definition": d0, "first": d1 - d0, "again": (d11 - d1) / 10}

def main():
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(arguments) != 2:
        sys.exit(__doc__)
    work = tempfile.mkdtemp()
    binaries = []
    for i, path in enumerate(arguments):
        copy = os.path.join(work, "gd%d" % i)
        subprocess.run(["objcopy", "--strip-debug", path, copy], check=True)
        binaries.append(copy)
    old, new = (measure(b) for b in binaries)
    old["start-up"], new["start-up"] = (instructions(b, "1 + 1\n") for b in binaries)
    print(f"{'instructions':<14} {'old':>14} {'new':>14} {'new/old':>8}")
    for key in ("start-up", "definition", "first", "again"):
        print(f"{key:<14} {old[key]:>14,.0f} {new[key]:>14,.0f} {new[key] / old[key]:>8.3f}")
    if "--no-mgh" not in sys.argv:
        folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "golden", "mgh")
        scripts = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".gd"))
        counts = [(os.path.basename(path), instructions_of_file(binaries[0], path), instructions_of_file(binaries[1], path))
                  for path in scripts]
        a, b = sum(c[1] for c in counts), sum(c[2] for c in counts)
        print(f"{'MGH (%d)' % len(counts):<14} {a:>14,.0f} {b:>14,.0f} {b / a:>8.3f}")
        for name, x, y in counts:
            if abs(y / x - 1) > 0.05:
                print(f"  {name:<22} {x:>12,.0f} {y:>14,.0f} {y / x:>8.3f}")
    # CPU time, alternating the two binaries so both see the same load.
    script = DEFINITION + DESCEND * 1000
    times = {0: [], 1: []}
    for _ in range(3):
        for i, b in enumerate(binaries):
            t = cpu_ms(b, script)
            if t is not None:
                times[i].append(t)
    if times[0]:
        a, b = statistics.median(times[0]), statistics.median(times[1])
        print(f"{'1000 runs, CPU ms':<18} {a:>10.1f} {b:>14.1f} {b / a:>8.3f}")
    shutil.rmtree(work)

if __name__ == "__main__":
    main()
