#!/usr/bin/env python3
"""Prints the table of gd's exp (Sources/Core/Exponential.swift), from exact
arithmetic, so it can be checked or regenerated rather than trusted.

For k in 0..<128, 2^(k/128) = H·(1 + T) where H is 2^(k/128) rounded to the
nearest double and T is the remainder 2^(k/128)/H − 1 rounded to the nearest
double. The table holds, per k, the bits of T and the bits of H minus
k << 45 (so that adding k << 45 back, with k's multiples of 128 carried into
the exponent field, gives the bits of 2^(k/128) scaled by 2^⌊k/128⌋).

Decimal arithmetic at 80 significant digits and Fraction's correctly rounded
conversion to float leave no doubt about any rounding.

    scripts/exp-table.py            # the Swift literal
    scripts/exp-table.py --check    # compare with the one in the source
"""
import re
import struct
import sys
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

N = 128
getcontext().prec = 80


def bits(value: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def hex_group(value: int) -> str:
    digits = "%016x" % value
    return "0x" + "_".join(digits[i:i + 4] for i in range(0, 16, 4))


def entries():
    for k in range(N):
        exact = Fraction(Decimal(2) ** (Decimal(k) / Decimal(N)))
        high = float(exact)  # Fraction → float rounds to nearest, ties to even
        tail = float(exact / Fraction(high) - 1)
        yield bits(tail), (bits(high) - (k << 45)) % 2**64


def swift_literal() -> str:
    return "".join(
        "    %s, %s,  // k = %d\n" % (hex_group(t), hex_group(h), k)
        for k, (t, h) in enumerate(entries()))


def main() -> int:
    if sys.argv[1:] == ["--check"]:
        source = (Path(__file__).resolve().parent.parent / "Sources/Core/Exponential.swift").read_text()
        found = re.findall(r"0x([0-9a-f_]{19}), 0x([0-9a-f_]{19}),  // k = \d+", source)
        table = [(int(t.replace("_", ""), 16), int(h.replace("_", ""), 16)) for t, h in found]
        if table != list(entries()):
            print("the table in Exponential.swift differs from exact arithmetic")
            return 1
        print("the table in Exponential.swift matches exact arithmetic (%d entries)" % len(table))
        return 0
    sys.stdout.write(swift_literal())
    return 0


if __name__ == "__main__":
    sys.exit(main())
