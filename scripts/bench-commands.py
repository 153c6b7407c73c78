#!/usr/bin/env python3
"""Benchmark: gd's commands as a user types them, beside NumPy, pandas and
lean C loops on the same rows, in one run (issue 17's goals).

Data: x ~ U(0, 50), y = 0.15x + 1 + N(0, 1) (numpy seed 12345), written as
CSV with 9 significant digits (`%.9g`, typical data) and, for 10^6 rows,
with 17 (`%.17g`). gd runs in an interactive session on a pseudo-terminal,
so each command is timed by gd's own `time` (the whole command: compiling
the formula, the steps, the report) and its resident memory is read from
/proc between commands. Peers:

- descend: `descend loss on D from [0, 0] rate 0.0001 steps S` with
  `loss(a, b) = (y - a - b*x)^2`, per step (whole command / S), on one
  thread (GD_THREADS=1) and on two; NumPy's expression form (the lecture's
  loop: r = y - a - b*x; np.mean(r**2), np.mean(-2*r), np.mean(-2*x*r));
  a lean C loop (scripts/bench-commands-loop.c: one pass, scalar sums).
  Goals: gd ≤ ½ NumPy and ≤ 1.5× C on one core; two threads ≥ 1.7× one.
- sgd: `sgd loss on D from [0, 0] rate 0.0001 batch 32 epochs E`, per
  epoch; the lean C loop of the same algorithm (scripts/bench-training-loop.c
  with -DLEAN: 32-bit indices, scalar sums, shuffle, whole-table loss).
  Goal: ≤ 1.3× C.
- load: `D = load("FILE")` beside pandas.read_csv (best of the repeats).
  Goals: ≥ 2× pandas on 9 digits, ≥ 1.5× on 17 digits.
- a table of cost against rows (10^4 … 10^7): load (a process's first and
  the best of three), one descend step ((steps k+1 − steps 1)/k), one sgd
  epoch, each beside the lean C loop's on the same rows, gd's peak resident
  memory and what the loaded table retains (goal ≤ 8 bytes a cell + 1 MB).

Times are wall-clock (what a user waits), medians over ROUNDS rounds with
gd and its peers interleaved; a busy machine inflates them all, so compare
within the run. The load average is printed.

    python3 scripts/bench-commands.py [--rounds N] [--no-build] [--max-rows N]
    GD=/path/to/gd python3 scripts/bench-commands.py …   (that binary instead of a release build)
"""
import os
import pty
import re
import select
import signal
import statistics
import subprocess
import sys
import time

import numpy as np

from benchlib import ROOT, release_binary

WORK = "/tmp/bench-commands"
RATE = 0.0001


def data_files(rows):
    """(csv9, csv17 or None, binary x|y) for `rows` rows, generated once."""
    os.makedirs(WORK, exist_ok=True)
    csv9 = f"{WORK}/d{rows}.csv"
    csv17 = f"{WORK}/d{rows}-17.csv" if rows == 1_000_000 else None
    binary = f"{WORK}/d{rows}.bin"
    if all(p is None or os.path.exists(p) for p in (csv9, csv17, binary)):
        return csv9, csv17, binary
    generator = np.random.default_rng(12345)
    x = generator.uniform(0, 50, rows)
    y = 0.15 * x + 1 + generator.normal(0, 1, rows)
    for path, digits in ((csv9, 9), (csv17, 17)):
        if path is None:
            continue
        with open(path, "w") as f:
            f.write("x,y\n")
            chunk = 1_000_000
            for start in range(0, rows, chunk):
                block = np.column_stack([x[start:start + chunk], y[start:start + chunk]])
                f.write("\n".join(f"{a:.{digits}g},{b:.{digits}g}" for a, b in block.tolist()))
                f.write("\n")
    # The C peers read the rows gd reads: the CSV's values, not the unrounded ones.
    table = np.loadtxt(csv9, delimiter=",", skiprows=1) if rows <= 1_000_000 else None
    if table is None:
        import pandas as pd
        table = pd.read_csv(csv9).to_numpy()
    with open(binary, "wb") as f:
        f.write(table[:, 0].astype("<f8").tobytes())
        f.write(table[:, 1].astype("<f8").tobytes())
        f.write(np.zeros(rows, "<f8").tobytes())  # bench-training-loop's label column
    return csv9, csv17, binary


class Session:
    """An interactive gd on a pseudo-terminal: one command at a time."""

    def __init__(self, gd, threads):
        env = dict(os.environ, GD_THREADS=str(threads))
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(gd, [gd], env)
        self.read()

    def read(self, timeout=600):
        text = b""
        end = time.time() + timeout
        while time.time() < end:
            ready, _, _ = select.select([self.fd], [], [], 1)
            if ready:
                try:
                    text += os.read(self.fd, 1 << 16)
                except OSError:
                    break
                if text.rstrip().endswith(b"gd>"):
                    break
        return text.decode(errors="replace")

    def run(self, line):
        """The output of one line, and its `time:` in ms if it printed one."""
        os.write(self.fd, (line + "\n").encode())
        out = self.read()
        if "error" in out:
            sys.exit(f"gd: {line}\n{out}")
        match = re.search(r"time: ([0-9.]+) ms", out)
        return out, float(match.group(1)) if match else None

    def memory_kb(self, field):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return -1

    def close(self):
        os.write(self.fd, b"\x04")  # Ctrl-D leaves the session
        for _ in range(100):
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
            time.sleep(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def gd_commands(gd, csv, threads, steps, epochs, load_repeats=3):
    """gd's times (ms) for load, descend (per step), sgd (per epoch), and memory."""
    session = Session(gd, threads)
    session.run("loss(a, b) = (y - a - b*x)^2")
    before = session.memory_kb("VmRSS")
    loads = [session.run(f'time D = load("{csv}")')[1] for _ in range(load_repeats)]
    retained = session.memory_kb("VmRSS") - before
    results = {"load": min(loads), "first_load": loads[0], "retained_kb": retained}
    if steps:
        _, whole = session.run(f"time descend loss on D from [0, 0] rate {RATE} steps {steps} every {steps}")
        _, one = session.run(f"time descend loss on D from [0, 0] rate {RATE} steps 1")
        _, eleven = session.run(f"time descend loss on D from [0, 0] rate {RATE} steps 11 every 11")
        results["descend_step"] = whole / steps
        results["descend_marginal_step"] = (eleven - one) / 10
    if epochs:
        _, whole = session.run(f"time sgd loss on D from [0, 0] rate {RATE} batch 32 epochs {epochs} every {epochs}")
        results["sgd_epoch"] = whole / epochs
    results["peak_kb"] = session.memory_kb("VmHWM")
    session.close()
    return results


NUMPY_DESCEND = r"""
import sys, time
import numpy as np
path, rows, steps, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
data = np.fromfile(path, "<f8")
x, y = data[:rows], data[rows:2 * rows]
a = b = 0.0
start = time.perf_counter()
for _ in range(steps):
    r = y - a - b * x
    loss = np.mean(r ** 2)
    ga, gb = np.mean(-2 * r), np.mean(-2 * x * r)
    a, b = a - rate * ga, b - rate * gb
print((time.perf_counter() - start) * 1e3 / steps)
"""

PANDAS_LOAD = r"""
import sys, time
import pandas as pd
best = float("inf")
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    frame = pd.read_csv(sys.argv[1])
    best = min(best, time.perf_counter() - start)
print(best * 1e3)
"""


def run_float(command):
    return float(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()[-1])


def main():
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    max_rows = int(sys.argv[sys.argv.index("--max-rows") + 1]) if "--max-rows" in sys.argv else 10_000_000
    gd = os.environ.get("GD") or release_binary("gd", build="--no-build" not in sys.argv)
    os.makedirs(WORK, exist_ok=True)
    c_descend, c_sgd = f"{WORK}/descend-loop", f"{WORK}/sgd-lean"
    subprocess.run(["gcc", "-O2", "-o", c_descend, f"{ROOT}/scripts/bench-commands-loop.c"], check=True)
    subprocess.run(["gcc", "-O2", "-ffp-contract=off", "-DLEAN", "-o", c_sgd,
                    f"{ROOT}/scripts/bench-training-loop.c", "-lm"], check=True)
    import pandas
    print(f"NumPy {np.__version__}, pandas {pandas.__version__}; load average "
          f"{open('/proc/loadavg').read().split()[:3]} on {os.cpu_count()} cores")

    rows = 1_000_000
    csv9, csv17, binary = data_files(rows)
    steps, epochs = 200, 10
    times = {k: [] for k in ["gd1", "gd2", "gd_sgd", "numpy", "c", "c_sgd", "load9", "pd9", "load17", "pd17"]}
    for _ in range(rounds):
        one = gd_commands(gd, csv9, 1, steps, epochs)
        two = gd_commands(gd, csv9, 2, steps, 0)
        times["gd1"].append(one["descend_step"])
        times["gd2"].append(two["descend_step"])
        times["gd_sgd"].append(one["sgd_epoch"])
        times["load9"].append(min(one["load"], two["load"]))
        times["load17"].append(gd_commands(gd, csv17, 2, 0, 0)["load"])
        times["numpy"].append(run_float([sys.executable, "-c", NUMPY_DESCEND, binary, str(rows), "50", str(RATE)]))
        out = subprocess.run([c_descend, "descend", binary, str(rows), str(steps), str(RATE)],
                             capture_output=True, text=True, check=True).stdout.split()
        times["c"].append(float(out[1]))
        out = subprocess.run([c_sgd, binary, str(rows), str(epochs), str(RATE), "0"],
                             capture_output=True, text=True, check=True).stdout
        # The C loop's own epoch times (its thread's CPU time, reading excluded).
        times["c_sgd"].append(statistics.median(
            float(line.split()[3]) for line in out.splitlines() if line.startswith("epoch ")))
        times["pd9"].append(run_float([sys.executable, "-c", PANDAS_LOAD, csv9, "3"]))
        times["pd17"].append(run_float([sys.executable, "-c", PANDAS_LOAD, csv17, "3"]))
    m = {k: statistics.median(v) for k, v in times.items()}
    print(f"\n10^6 rows, medians of {rounds} rounds (wall ms)")
    print(f"descend step, whole command / {steps}:")
    print(f"  gd, 1 thread   {m['gd1']:8.3f}   NumPy/gd {m['numpy'] / m['gd1']:.2f} (goal >= 2)   "
          f"gd/C {m['gd1'] / m['c']:.2f} (goal <= 1.5)")
    print(f"  gd, 2 threads  {m['gd2']:8.3f}   1 thread / 2 threads {m['gd1'] / m['gd2']:.2f} (goal >= 1.7)   "
          f"NumPy/gd {m['numpy'] / m['gd2']:.2f}   gd/C {m['gd2'] / m['c']:.2f}")
    print(f"  NumPy          {m['numpy']:8.3f}")
    print(f"  lean C loop    {m['c']:8.3f}")
    print(f"sgd epoch (batch 32, whole command / {epochs}):")
    print(f"  gd             {m['gd_sgd']:8.2f}   gd/C {m['gd_sgd'] / m['c_sgd']:.2f} (goal <= 1.3)")
    print(f"  lean C loop    {m['c_sgd']:8.2f}   (median epoch, its thread's CPU time)")
    print("load (whole command, best of 3 per round):")
    print(f"  9 digits   gd {m['load9']:8.1f}   pandas {m['pd9']:8.1f}   pandas/gd {m['pd9'] / m['load9']:.2f} (goal >= 2)")
    print(f"  17 digits  gd {m['load17']:8.1f}   pandas {m['pd17']:8.1f}   pandas/gd {m['pd17'] / m['load17']:.2f} (goal >= 1.5)")
    print("  per round: " + ", ".join(f"{k} {[round(v, 3) for v in times[k]]}" for k in times))

    print("\ncost against rows (one round; wall ms; memory in MiB; C: the lean loops on the same rows)")
    print(f"{'rows':>9} {'load 1st':>9} {'load':>8} {'step':>8} {'C step':>8} {'epoch':>9} {'C epoch':>8} "
          f"{'peak':>8} {'retained':>9} {'goal':>7}")
    for count in (10_000, 100_000, 1_000_000, 10_000_000):
        if count > max_rows:
            break
        csv, _, binary = data_files(count)
        # The first load of a process meets fresh memory (page faults, the
        # kernel zeroing pages); the best of three is the figure the 10^6
        # ratios above use.
        r = gd_commands(gd, csv, 2, 0, 1, load_repeats=3)
        session = Session(gd, 2)
        session.run("loss(a, b) = (y - a - b*x)^2")
        session.run(f'D = load("{csv}")')
        # Enough steps that gd's whole-millisecond `time` resolves one step.
        extra = min(1000, max(10, 10_000_000 // count))
        _, one = session.run(f"time descend loss on D from [0, 0] rate {RATE} steps 1")
        _, more = session.run(f"time descend loss on D from [0, 0] rate {RATE} steps {extra + 1} every {extra + 1}")
        session.close()
        c_step = float(subprocess.run([c_descend, "descend", binary, str(count), str(extra), str(RATE)],
                                      capture_output=True, text=True, check=True).stdout.split()[1])
        out = subprocess.run([c_sgd, binary, str(count), "3", str(RATE), "0"],
                             capture_output=True, text=True, check=True).stdout
        c_epoch = statistics.median(float(line.split()[3]) for line in out.splitlines() if line.startswith("epoch "))
        goal = (8 * 2 * count) / 2**20 + 1
        print(f"{count:>9} {r['first_load']:9.1f} {r['load']:8.1f} {(more - one) / extra:8.3f} {c_step:8.3f} "
              f"{r['sgd_epoch']:9.1f} {c_epoch:8.1f} {r['peak_kb'] / 1024:8.1f} {r['retained_kb'] / 1024:9.1f} {goal:7.1f}")


if __name__ == "__main__":
    main()
