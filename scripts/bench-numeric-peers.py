"""NumPy peer for bench-numeric: the same gradients in NumPy's expression form.

    python3 bench-numeric-peers.py DATA_DIR [repetitions]

Prints "RESULT <case> numpy <median ms> <min ms> <values…>" like bench-numeric.
"""
import sys
import time

import numpy as np

directory = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench-numeric-data"
repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 30
x = np.fromfile(f"{directory}/x.f64", dtype="<f8")
y = np.fromfile(f"{directory}/y.f64", dtype="<f8")
label = np.fromfile(f"{directory}/label.f64", dtype="<f8")
t0, t1 = 1.4, -0.6


def mse():
    r = t0 + t1 * x - y
    return [2 * np.mean(r), 2 * np.mean(r * x)]


def logistic():
    e = 1 / (1 + np.exp(-(t0 + t1 * x))) - label
    return [np.mean(e), np.mean(e * x)]


def absolute():
    s = np.sign(t0 + t1 * x - y)
    return [np.mean(s), np.mean(s * x)]


def mse_loss_gradient():
    r = t0 + t1 * x - y
    return [np.mean(r**2), 2 * np.mean(r), 2 * np.mean(r * x)]


def logistic_loss_gradient():
    p = 1 / (1 + np.exp(-(t0 + t1 * x)))
    loss = np.mean(-(label * np.log(p) + (1 - label) * np.log(1 - p)))
    e = p - label
    return [loss, np.mean(e), np.mean(e * x)]


def absolute_loss_gradient():
    r = t0 + t1 * x - y
    s = np.sign(r)
    return [np.mean(np.abs(r)), np.mean(s), np.mean(s * x)]


cases = [
    ("mse-gradient", mse),
    ("mse-loss+gradient", mse_loss_gradient),
    ("logistic-gradient", logistic),
    ("logistic-loss+gradient", logistic_loss_gradient),
    ("absolute-gradient", absolute),
    ("absolute-loss+gradient", absolute_loss_gradient),
]
for name, function in cases:
    times = []
    for _ in range(repetitions):
        start = time.thread_time()  # CPU time: robust to other load
        values = function()
        times.append((time.thread_time() - start) * 1e3)
    times.sort()
    shown = " ".join(repr(float(v)) for v in values)
    print(f"RESULT {name} numpy {times[len(times) // 2]:.3f} {times[0]:.3f} {shown}")
