#!/usr/bin/env python3
"""Reproduces small runs of gd's `sgd` bit for bit, in plain Python.

It follows the documented algorithm (LANGUAGE.md, `sgd`; the Training module's
doc comments) step by step: the xoshiro256** generator seeded by SplitMix64,
the Fisher-Yates shuffle with Lemire's bounded draws, batches of consecutive
shuffled rows, NumPy's pairwise summation order (numpy.sum's, written out in
`pairwise_sum` below), and each optimizer's update written with
the same operations in the same order. Python floats are IEEE doubles and
`math.sqrt`, `+ - * /` are correctly rounded, so the printed paths must match
the Swift engine to the last bit (`math.exp`, used by `decay exp`, is the C
library's, which equals gd's own exp on x86-64 with FMA and glibc; see
Sources/Core/Exponential.swift).

    python3 scripts/sgd_reference.py                 # the runs' paths, with repr()
    python3 scripts/sgd_reference.py --swift-fixture > Tests/TrainingTests/SGDReferenceFixture.swift
"""
import math
import sys

MASK = (1 << 64) - 1


class Generator:
    """xoshiro256** whose state is the first four outputs of SplitMix64(seed)."""

    def __init__(self, seed):
        state = seed & MASK
        words = []
        for _ in range(4):
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            words.append(z ^ (z >> 31))
        self.s = words

    @staticmethod
    def rotl(value, amount):
        return ((value << amount) | (value >> (64 - amount))) & MASK

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (self.rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self.rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def bounded(self, bound):
        """Lemire: high 64 bits of draw*bound, rejecting low bits below 2^64 mod bound."""
        threshold = (1 << 64) % bound
        while True:
            product = self.next() * bound
            if (product & MASK) >= threshold:
                return product >> 64

    def shuffle(self, order):
        for i in range(len(order) - 1, 0, -1):
            j = self.bounded(i + 1)
            order[i], order[j] = order[j], order[i]


def pairwise_tree(values, start, count):
    """NumPy's pairwise_sum: < 8 values in order from -0; up to 128 in eight
    partial sums combined ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the rest
    in order; more split at n/2 rounded down to a multiple of 8."""
    if count < 8:
        total = -0.0
        for i in range(start, start + count):
            total += values[i]
        return total
    if count <= 128:
        r = [values[start + k] for k in range(8)]
        i = 8
        while i < count - count % 8:
            for k in range(8):
                r[k] += values[start + i + k]
            i += 8
        total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < count:
            total += values[start + i]
            i += 1
        return total
    left = count // 2
    left -= left % 8
    return pairwise_tree(values, start, left) + pairwise_tree(values, start + left, count - left)


def pairwise_sum(values):
    """numpy.sum of a float64 array: its identity +0 plus the pairwise tree."""
    return 0.0 + pairwise_tree(values, 0, len(values))


def mean_gradient(theta, rows, xs, ys):
    """Linear model y^ = t0 + t1*x, squared loss: 2*sum(r)/m, 2*sum(r*x)/m."""
    t0, t1 = theta
    residuals = [(t0 + t1 * xs[i]) - ys[i] for i in rows]
    weighted = [r * xs[i] for r, i in zip(residuals, rows)]
    m = float(len(rows))
    return [2 * pairwise_sum(residuals) / m, 2 * pairwise_sum(weighted) / m]


def mean_loss(theta, xs, ys):
    t0, t1 = theta
    squares = []
    for x, y in zip(xs, ys):
        r = (t0 + t1 * x) - y
        squares.append(r * r)
    return pairwise_sum(squares) / float(len(xs))


def decayed_rate(rate, decay, step):
    t = float(step)
    if decay is None:
        return rate
    kind = decay[0]
    if kind == "linear":
        steps, final = decay[1], decay[2]
        if final is None:
            final = rate / 100
        return rate + (final - rate) * min(t, steps) / steps
    if kind == "inverse":
        return rate / (1 + decay[1] * t)
    if kind == "exp":
        return rate * math.exp(-decay[1] * t)
    raise ValueError(kind)


def sgd(xs, ys, start, rate, batch, epochs, seed, optimizer, decay=None, shuffle=True):
    n = len(xs)
    batch = n if batch == "all" else min(batch, n)
    theta = list(start)
    path, losses = [list(theta)], [mean_loss(theta, xs, ys)]
    generator = Generator(seed)
    name = optimizer[0]
    first = [0.0] * len(theta)
    second = [0.0] * len(theta)
    beta1_power, beta2_power = 1.0, 1.0
    steps = 0
    order = list(range(n))
    for epoch in range(epochs):
        if shuffle:
            order = list(range(n))
            generator.shuffle(order)
        for begin in range(0, n, batch):
            rows = order[begin:begin + batch]
            if name == "nesterov":
                point = [theta[j] + optimizer[1] * first[j] for j in range(len(theta))]
            else:
                point = theta
            g = mean_gradient(point, rows, xs, ys)
            a = decayed_rate(rate, decay, steps)
            for j in range(len(theta)):
                if name == "sgd":
                    theta[j] = theta[j] - a * g[j]
                elif name in ("momentum", "nesterov"):
                    first[j] = optimizer[1] * first[j] - a * g[j]
                    theta[j] = theta[j] + first[j]
                elif name == "adagrad":
                    eps = optimizer[1]
                    first[j] = first[j] + g[j] * g[j]
                    theta[j] = theta[j] - a * g[j] / (math.sqrt(first[j]) + eps)
                elif name == "rmsprop":
                    rho, eps = optimizer[1], optimizer[2]
                    first[j] = rho * first[j] + (1 - rho) * (g[j] * g[j])
                    theta[j] = theta[j] - a * g[j] / (math.sqrt(first[j]) + eps)
                elif name == "adam":
                    b1, b2, eps = optimizer[1], optimizer[2], optimizer[3]
                    if j == 0:
                        beta1_power = beta1_power * b1
                        beta2_power = beta2_power * b2
                    first[j] = b1 * first[j] + (1 - b1) * g[j]
                    second[j] = b2 * second[j] + (1 - b2) * (g[j] * g[j])
                    m_hat = first[j] / (1 - beta1_power)
                    v_hat = second[j] / (1 - beta2_power)
                    theta[j] = theta[j] - a * m_hat / (math.sqrt(v_hat) + eps)
            steps += 1
        path.append(list(theta))
        losses.append(mean_loss(theta, xs, ys))
    return path, losses


INPUTS = [0.5, 1.25, 2.0, 3.7, 4.1, 5.9, 6.4, 7.3, 8.8, 9.6]
TARGETS = [1.1, 1.3, 1.2, 1.6, 1.5, 1.9, 1.8, 2.2, 2.3, 2.4]

# name, start, rate, batch, epochs, seed, optimizer, decay, shuffle
RUNS = [
    ("plain", [0.0, 0.0], 0.01, 3, 3, 0, ("sgd",), None, True),
    ("adam", [0.0, 0.0], 0.1, 3, 3, 7, ("adam", 0.9, 0.999, 1e-8), None, True),
    ("momentum", [1.0, -0.5], 0.005, 3, 3, 1, ("momentum", 0.9), None, True),
    ("nesterov", [0.0, 0.0], 0.005, 4, 3, 2, ("nesterov", 0.8), None, True),
    ("adagrad", [0.0, 0.0], 0.5, 3, 3, 3, ("adagrad", 1e-8), None, True),
    ("rmsprop", [0.0, 0.0], 0.05, 3, 3, 4, ("rmsprop", 0.9, 1e-8), None, True),
    ("linear-decay-noshuffle-all", [0.0, 0.0], 0.02, "all", 4, 0, ("sgd",), ("linear", 3.0, 0.001), False),
    ("inverse-decay-batch-1", [0.0, 0.0], 0.01, 1, 2, 123456789, ("sgd",), ("inverse", 0.1), True),
    ("exp-decay-max-seed", [0.0, 0.0], 0.01, 3, 3, (1 << 64) - 1, ("sgd",), ("exp", 0.05), True),
]


def swift_optimizer(optimizer):
    name = optimizer[0]
    if name == "sgd":
        return ".plain"
    if name in ("momentum", "nesterov"):
        return ".%s(%r)" % (name, optimizer[1])
    if name == "adagrad":
        return ".adagrad(epsilon: %r)" % optimizer[1]
    if name == "rmsprop":
        return ".rmsprop(decay: %r, epsilon: %r)" % optimizer[1:]
    return ".adam(beta1: %r, beta2: %r, epsilon: %r)" % optimizer[1:]


def swift_decay(decay):
    if decay is None:
        return ".constant"
    if decay[0] == "linear":
        return ".linear(steps: %r, finalRate: %r)" % (decay[1], decay[2])
    return ".%s(%r)" % ("inverse" if decay[0] == "inverse" else "exponential", decay[1])


def strings(values):
    return "[" + ", ".join('"%r"' % v for v in values) + "]"


def print_swift_fixture():
    out = []
    out.append("// Generated by `python3 scripts/sgd_reference.py --swift-fixture`; do not edit.")
    out.append("// The paths come from the plain-Python run of the documented algorithm;")
    out.append("// numbers are Python repr() strings (exact round trip), parsed by the tests.")
    out.append("@testable import Training")
    out.append("")
    out.append("enum SGDReferenceFixture {")
    out.append("    static let inputs: [Double] = [%s]" % ", ".join(repr(v) for v in INPUTS))
    out.append("    static let targets: [Double] = [%s]" % ", ".join(repr(v) for v in TARGETS))
    draws = Generator(0)
    out.append("    /// The first eight draws of the generator seeded with 0.")
    out.append("    static let drawsForSeedZero: [UInt64] = [%s]" % ", ".join(str(draws.next()) for _ in range(8)))
    shuffler = Generator(42)
    shuffles = []
    for _ in range(3):
        order = list(range(10))
        shuffler.shuffle(order)
        shuffles.append("[" + ", ".join(map(str, order)) + "]")
    out.append("    /// Three epochs' shuffles of 10 rows with seed 42.")
    out.append("    static let shufflesForSeed42: [[Int]] = [%s]" % ", ".join(shuffles))
    out.append("")
    out.append("    struct Run {")
    out.append("        let name: String")
    out.append("        let start: [Double]")
    out.append("        let configuration: SGDConfiguration")
    out.append("        let path: [[String]]")
    out.append("        let losses: [String]")
    out.append("    }")
    out.append("")
    out.append("    static let runs: [Run] = [")
    for name, start, rate, batch, epochs, seed, optimizer, decay, shuffle in RUNS:
        path, losses = sgd(INPUTS, TARGETS, start, rate, batch, epochs, seed, optimizer, decay, shuffle)
        batch_text = ".all" if batch == "all" else ".rows(%d)" % batch
        out.append("        Run(")
        out.append('            name: "%s",' % name)
        out.append("            start: [%s]," % ", ".join(repr(v) for v in start))
        out.append("            configuration: SGDConfiguration(")
        out.append("                rate: %r, batchSize: %s, epochs: %d, seed: %d," % (rate, batch_text, epochs, seed))
        out.append("                optimizer: %s, decay: %s, shuffles: %s)," % (
            swift_optimizer(optimizer), swift_decay(decay), "true" if shuffle else "false"))
        out.append("            path: [%s]," % ", ".join(strings(p) for p in path))
        out.append("            losses: %s)," % strings(losses))
    out.append("    ]")
    out.append("}")
    print("\n".join(out))


def main():
    if "--swift-fixture" in sys.argv[1:]:
        print_swift_fixture()
        return
    for name, start, rate, batch, epochs, seed, optimizer, decay, shuffle in RUNS:
        path, losses = sgd(INPUTS, TARGETS, start, rate, batch, epochs, seed, optimizer, decay, shuffle)
        print(name)
        for epoch, (point, loss) in enumerate(zip(path, losses)):
            print("  %d %r %s" % (epoch, loss, " ".join(repr(v) for v in point)))


if __name__ == "__main__":
    main()
