#!/usr/bin/env python3
"""Writes scripts/data/twoclass.csv: 40 points in two classes for logistic
regression, separable-ish but not perfectly.

Each class is 20 points drawn from a normal distribution around its own
centre (class 0 around (-1, -0.5), class 1 around (1, 0.75), standard
deviation 0.9 in each coordinate), so the classes overlap a little and no
line separates them perfectly: the logistic loss has a finite minimiser.
Python's own Mersenne Twister with seed 7 makes the file the same on every
run; values are rounded to 3 decimals so the file reads easily.
Run from the repository root:  python3 scripts/data/generate-twoclass.py
"""
import pathlib
import random

CENTRES = {0: (-1.0, -0.5), 1: (1.0, 0.75)}
PER_CLASS = 20
SPREAD = 0.9


def main() -> None:
    generator = random.Random(7)
    rows = []
    for label, (cx, cy) in CENTRES.items():
        for _ in range(PER_CLASS):
            rows.append((round(generator.gauss(cx, SPREAD), 3), round(generator.gauss(cy, SPREAD), 3), label))
    generator.shuffle(rows)
    lines = ["x1,x2,label"] + [f"{x1!r},{x2!r},{label}" for x1, x2, label in rows]
    pathlib.Path("scripts/data/twoclass.csv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
