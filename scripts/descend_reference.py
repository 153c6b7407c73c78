#!/usr/bin/env python3
"""Reproduces gd's `descend … optimizer NAME` bit for bit, in plain Python.

Each update rule is transcribed from its documented formula (`help descend`,
LANGUAGE.md, Sources/Core/UpdateRule.swift), left to right, one operation at a
time; the gradients are gd's own printed gradients (`grad(q)`, `grad(r)`,
`f'`) transcribed the same way. Python floats are IEEE doubles and + - * /
sqrt are correctly rounded, and `x**n` is the C library's pow, which gd calls
too, so every point of every path must be the same double.

    python3 scripts/descend_reference.py          # the expected paths, as gd prints them
    python3 scripts/descend_reference.py --gd     # the gd script that makes them
    python3 scripts/descend_reference.py --ravine # deck 002's momentum comparison: c.fun

The last is Tests/golden/compare/lecture-002-ravine.gd's `compare descend q
from [1, 1] rate 0.035 steps 60 momentum 0, 0.5, 0.7, 0.9` as the deck's loop
(v <- lambda*v - alpha*grad f(x); x <- x + v), the loss after 60 steps of each.

Tests/InterpreterTests/DescendReferenceTests.swift runs both and compares.
"""
import math
import sys

# name, gd definition, gd's printed gradient (checked by the test), Python gradient
FUNCTIONS = {
    "q": ("q(x, y) = x^2/2 + 25y^2", "[x, 50*y]",
          lambda p: [p[0], 50 * p[1]]),
    "r": ("r(x, y) = (1 - x)^2 + 100(y - x^2)^2", "[2*x - 400*x*(y - x^2) - 2, 200*y - 200*x^2]",
          lambda p: [2 * p[0] - 400 * p[0] * (p[1] - p[0] ** 2) - 2, 200 * p[1] - 200 * p[0] ** 2]),
    "f": ("f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10", "[(4*x^3 - 45*x^2 + 160*x - 180)/10]",
          lambda p: [(4 * p[0] ** 3 - 45 * p[0] ** 2 + 160 * p[0] - 180) / 10]),
}

# function, start, rate, steps, optimizer and its settings (PyTorch's defaults unless given)
RUNS = [
    ("q", [1.0, 1.0], 0.1, 25, ("adam", {})),
    ("q", [1.0, 1.0], 0.05, 25, ("rmsprop", {})),
    ("q", [1.0, 1.0], 0.5, 25, ("adagrad", {})),
    ("q", [1.0, 1.0], 0.01, 25, ("nesterov", {"momentum": 0.9})),
    ("r", [-1.2, 1.0], 0.02, 40, ("adam", {"beta1": 0.8, "beta2": 0.99, "eps": 1e-6})),
    ("r", [-1.2, 1.0], 0.01, 40, ("rmsprop", {"rho": 0.9})),
    ("r", [-1.2, 1.0], 0.3, 40, ("adagrad", {"eps": 1e-8})),
    ("r", [-1.2, 1.0], 0.0005, 40, ("nesterov", {"momentum": 0.5})),
    ("f", [4.0], 0.3, 20, ("adam", {})),
    ("f", [4.0], 0.1, 20, ("rmsprop", {})),
    ("f", [4.0], 1.0, 20, ("adagrad", {})),
    ("f", [4.0], 0.3, 20, ("nesterov", {})),
]

DEFAULTS = {"momentum": 0.9, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "rho": 0.99}


def descend(gradient, start, rate, steps, name, settings):
    s = dict(DEFAULTS)
    if name == "adagrad":
        s["eps"] = 1e-10
    s.update(settings)
    x = list(start)
    n = len(x)
    first = [0.0] * n   # v (momentum, Nesterov), G (AdaGrad), E (RMSProp), m (Adam)
    second = [0.0] * n  # Adam's v
    beta1_power, beta2_power = 1.0, 1.0
    path = [list(x)]
    for _ in range(steps):
        if name == "nesterov":
            g = gradient([x[j] + s["momentum"] * first[j] for j in range(n)])
        else:
            g = gradient(x)
        if name == "adam":
            beta1_power = beta1_power * s["beta1"]
            beta2_power = beta2_power * s["beta2"]
        for j in range(n):
            if name == "nesterov":
                # v <- lambda*v - alpha*g; x <- x + v
                first[j] = s["momentum"] * first[j] - rate * g[j]
                x[j] = x[j] + first[j]
            elif name == "adagrad":
                # G <- G + g*g; x <- x - alpha*g/(sqrt(G) + eps)
                first[j] = first[j] + g[j] * g[j]
                x[j] = x[j] - rate * g[j] / (math.sqrt(first[j]) + s["eps"])
            elif name == "rmsprop":
                # E <- rho*E + (1 - rho)*(g*g); x <- x - alpha*g/(sqrt(E) + eps)
                first[j] = s["rho"] * first[j] + (1 - s["rho"]) * (g[j] * g[j])
                x[j] = x[j] - rate * g[j] / (math.sqrt(first[j]) + s["eps"])
            elif name == "adam":
                # m <- b1*m + (1 - b1)*g; v <- b2*v + (1 - b2)*(g*g)
                # m^ = m/(1 - b1^t); v^ = v/(1 - b2^t); x <- x - alpha*m^/(sqrt(v^) + eps)
                first[j] = s["beta1"] * first[j] + (1 - s["beta1"]) * g[j]
                second[j] = s["beta2"] * second[j] + (1 - s["beta2"]) * (g[j] * g[j])
                m_hat = first[j] / (1 - beta1_power)
                v_hat = second[j] / (1 - beta2_power)
                x[j] = x[j] - rate * m_hat / (math.sqrt(v_hat) + s["eps"])
            else:
                raise ValueError(name)
        path.append(list(x))
    return path


def number(x):
    """A double as gd prints it: Python's repr without a trailing '.0'."""
    text = repr(x)
    return text[:-2] if text.endswith(".0") else text


def gd_path(path):
    if len(path[0]) == 1:
        return "[" + ", ".join(number(p[0]) for p in path) + "]"
    return "[" + ", ".join("[" + ", ".join(number(v) for v in p) + "]" for p in path) + "]"


def gd_script():
    lines = [definition for definition, _, _ in FUNCTIONS.values()]
    lines += ["grad(%s)" % name for name in FUNCTIONS]
    for name, start, rate, steps, (rule, settings) in RUNS:
        options = "".join(" %s %r" % item for item in settings.items())
        point = number(start[0]) if len(start) == 1 else "[" + ", ".join(number(v) for v in start) + "]"
        lines.append("descend %s from %s rate %r steps %d optimizer %s%s;" % (name, point, rate, steps, rule, options))
        lines.append("ans.path")
    return "\n".join(lines) + "\n"


def expected_output():
    lines = [gradient_text for _, gradient_text, _ in FUNCTIONS.values()]
    for name, start, rate, steps, (rule, settings) in RUNS:
        lines.append(gd_path(descend(FUNCTIONS[name][2], start, rate, steps, rule, settings)))
    return "\n".join(lines) + "\n"



def ravine_losses():
    """The deck's momentum loop on q(x, y) = x^2/2 + 25y^2, from [1, 1]."""
    losses = []
    for momentum in [0.0, 0.5, 0.7, 0.9]:
        x, y = 1.0, 1.0
        vx, vy = 0.0, 0.0
        for _ in range(60):
            gx, gy = x, 50 * y
            vx = momentum * vx - 0.035 * gx
            vy = momentum * vy - 0.035 * gy
            x = x + vx
            y = y + vy
        losses.append(x ** 2 / 2 + 25 * y ** 2)
    return "[" + ", ".join(number(v) for v in losses) + "]\n"


if __name__ == "__main__":
    if "--ravine" in sys.argv[1:]:
        sys.stdout.write(ravine_losses())
    else:
        sys.stdout.write(gd_script() if "--gd" in sys.argv[1:] else expected_output())
