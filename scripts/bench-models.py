#!/usr/bin/env python3
"""Linear classifiers with a weight matrix (issue 13), gd beside its peers.

1. Held-out accuracy: a softmax classifier and a multiclass SVM trained by
   gd's `sgd` (L2-regularised, five shuffle seeds) on iris and on the 8×8
   digits, beside scikit-learn's LogisticRegression and LinearSVC on the
   same split (scripts/data/*-train.csv, *-test.csv; C = 1, which is
   λ = 1/(2·C·n) in gd's mean-loss form). LinearSVC uses its own
   random_state for each of the five seeds.
2. Speed: one epoch of batch-32 softmax SGD on the digits (1,347 rows, a
   10×64 W and b), gd's release binary against a vectorised NumPy
   implementation of the same algorithm in the same run: the same shuffle
   (gd's documented xoshiro256** / Fisher–Yates, from sgd_reference.py), the
   same updates, and like gd's report the loss over the whole table before
   and after the epoch. Both are measured in CPU time, not wall time (the
   machine is shared: wall times moved by 5× between runs), the fastest of
   medians of several runs (the fastest printed too): NumPy's per epoch with
   one BLAS thread, leaving out the shuffle (drawn once in plain Python);
   gd's as the difference between runs of 1 and of 201 epochs (so start-up,
   loading and compiling cancel), its own shuffle included. The final weights after one epoch are compared
   (largest relative difference).

    python3 scripts/bench-models.py            # builds gd in release mode first
"""
import os

# One BLAS thread: the epoch's products are tiny, and on a shared machine
# extra threads only wait for cores (measured: the median epoch went from
# 1.5 ms to 12 ms with OpenBLAS's default threads while others built).
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import pathlib  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from sgd_reference import Generator  # noqa: E402
from benchlib import release_binary  # noqa: E402

DATA = ROOT / "scripts" / "data"
GD = ROOT / ".build" / "release" / "gd"
SEEDS = [1, 2, 3, 4, 5]


def build() -> None:
    """gd in release with this machine's flags (scripts/release-flags), as the other benchmarks."""
    release_binary("gd")


def load(name: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    lines = (DATA / name).read_text().splitlines()
    header = lines[0].split(",")
    values = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    return values[:, :-1], values[:, -1].astype(int), header


def run_gd(script: str) -> str:
    result = subprocess.run([str(GD), "-e", script], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"gd failed:\n{result.stderr}")
    return result.stdout


DATASETS = {
    # name: (files, label column, scale written in the formula, epochs, {loss: rate})
    "iris": ("iris", "species", "", 100, {"softmax": 0.1, "svm": 0.1}),
    "digits": ("digits", "digit", "/16", 30, {"softmax": 0.5, "svm": 0.05}),
}


def gd_accuracies(dataset: str, loss: str) -> list[float]:
    files, label, scale, epochs, rates = DATASETS[dataset]
    rate = rates[loss]
    features, _, header = load(f"{files}-train.csv")
    n = len(features)
    classes = 3 if dataset == "iris" else 10
    lam = 1 / (2 * 1.0 * n)
    # The features scaled first, as NumPy (x / 16, then the product).
    vector = "([" + ", ".join(header[:-1]) + "]" + scale + ")"
    data_loss = f"crossentropy(scores(W, b), {label})" if loss == "softmax" else f"hinge(scores(W, b), {label})"
    lines = [
        f'T = load("scripts/data/{files}-train.csv"); V = load("scripts/data/{files}-test.csv")',
        f"scores(W, b) = W @ {vector} + b",
        f"loss(W, b) = {data_loss} + {lam!r}*sum(W^2)",
        f"correct(W, b) = argmax(scores(W, b)) == {label}",
    ]
    for seed in SEEDS:
        lines.append(f"r = sgd loss on T from (W = zeros({classes}, {len(header) - 1}), b = zeros({classes})) "
                     f"rate {rate} epochs {epochs} seed {seed};")
        lines.append("(correct on V)(r.W, r.b)")
    return [float(x) for x in run_gd("\n".join(lines)).split()]


def sklearn_accuracies(dataset: str, loss: str) -> list[float]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC
    files = DATASETS[dataset][0]
    x, y, _ = load(f"{files}-train.csv")
    xv, yv, _ = load(f"{files}-test.csv")
    if dataset == "digits":
        x, xv = x / 16, xv / 16
    if loss == "softmax":
        model = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
        return [float((model.predict(xv) == yv).mean())] * len(SEEDS)
    return [float((LinearSVC(C=1.0, random_state=seed, max_iter=20000).fit(x, y).predict(xv) == yv).mean()) for seed in SEEDS]


# One epoch of softmax SGD, NumPy's vectorised form of gd's algorithm.

def shuffled_order(n: int, seed: int) -> np.ndarray:
    """gd's first epoch order for `seed` (drawn in plain Python, outside the timing)."""
    generator = Generator(seed)
    order = list(range(n))
    generator.shuffle(order)
    return np.array(order)


def numpy_epoch(x: np.ndarray, y: np.ndarray, lam: float, rate: float, order: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float]:
    n, d = x.shape
    w = np.zeros((10, d))
    b = np.zeros(10)
    onehot = np.eye(10)[y]

    def full_loss(w: np.ndarray, b: np.ndarray) -> float:
        s = x @ w.T + b
        s = s - s.max(axis=1, keepdims=True)
        losses = np.log(np.exp(s).sum(axis=1)) - s[np.arange(n), y]
        return float(losses.mean() + lam * (w * w).sum())

    before = full_loss(w, b)
    for start in range(0, n, 32):
        rows = order[start:start + 32]
        xb = x[rows]
        s = xb @ w.T + b
        s = s - s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot[rows]) / len(rows)
        w = w - rate * (g.T @ xb + 2 * lam * w)
        b = b - rate * g.sum(axis=0)
    return w, b, before, full_loss(w, b)


def gd_cpu_ms(script: str) -> float:
    """CPU time (user + system) of one gd process running `script`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run_gd(script)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return 1000 * ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def speed() -> None:
    features, labels, header = load("digits-train.csv")
    x = features / 16
    lam, rate, seed = 0.0001, 0.5, 1
    vector = "([" + ", ".join(header[:-1]) + "]/16)"  # x / 16 first, as NumPy
    prelude = [
        'T = load("scripts/data/digits-train.csv")',
        f"loss(W, b) = crossentropy(W @ {vector} + b, digit) + {lam!r}*sum(W^2)",
    ]
    run = "r = sgd loss on T from (W = zeros(10, 64), b = zeros(10)) rate {rate} epochs {epochs} seed {seed};"
    # gd's cost of one epoch: the CPU time of a run of 1 + K epochs less that
    # of a run of 1 (start-up, loading and compiling cancel), over K. The
    # epochs after the first differ from it only in their shuffle.
    # NumPy's epochs are timed between gd's runs, so both see the same
    # spells of a busy machine.
    extra, repeats, numpy_each = 200, 9, 6
    ones, manys, numpy_times = [], [], []
    order = shuffled_order(len(x), seed)
    for _ in range(repeats):
        ones.append(gd_cpu_ms("\n".join(prelude + [run.format(rate=rate, epochs=1, seed=seed)])))
        manys.append(gd_cpu_ms("\n".join(prelude + [run.format(rate=rate, epochs=1 + extra, seed=seed)])))
        for _ in range(numpy_each):
            started = time.process_time()
            w, b, _, _ = numpy_epoch(x, labels, lam, rate, order)
            numpy_times.append((time.process_time() - started) * 1000)
    gd_epoch = (statistics.median(manys) - statistics.median(ones)) / extra
    gd_fastest = (min(manys) - min(ones)) / extra
    output = run_gd("\n".join(prelude + [run.format(rate=rate, epochs=1, seed=seed), "r.W", "r.b"]))
    rows = [line for line in output.splitlines() if line.startswith("[")]
    gd_w = np.array(eval(rows[-2]))  # gd prints a matrix as nested lists
    gd_b = np.array(eval(rows[-1]))
    numpy_epoch_ms = statistics.median(numpy_times)
    difference = max(np.abs(gd_w - w).max() / np.abs(w).max(), np.abs(gd_b - b).max() / np.abs(b).max())
    print("one epoch of batch-32 softmax SGD on digits (1,347 rows, W 10×64), CPU time:")
    print(f"  gd {gd_epoch:.3f} ms (medians of {repeats} runs of 1 and of {1 + extra} epochs; fastest {gd_fastest:.3f} ms), "
          f"NumPy {numpy_epoch_ms:.3f} ms (median of {len(numpy_times)}, one BLAS thread; fastest {min(numpy_times):.3f} ms)")
    print(f"  gd is {numpy_epoch_ms / gd_epoch:.2f}× NumPy's speed (medians; {min(numpy_times) / gd_fastest:.2f}× by the fastest)")
    print(f"final weights after one epoch: largest relative difference {difference:.2e}")


def main() -> None:
    if "--no-build" not in sys.argv:
        build()
    print(f"held-out accuracy, mean over seeds {SEEDS} (gd sgd; scikit-learn C = 1)")
    for dataset in DATASETS:
        for loss, peer in (("softmax", "LogisticRegression"), ("svm", "LinearSVC")):
            ours = gd_accuracies(dataset, loss)
            theirs = sklearn_accuracies(dataset, loss)
            print(f"  {dataset:6}  {loss:7}  gd {100 * statistics.mean(ours):6.2f}%   {peer:18} {100 * statistics.mean(theirs):6.2f}%"
                  f"   difference {100 * (statistics.mean(ours) - statistics.mean(theirs)):+.2f} points")
    speed()


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
