#!/usr/bin/env python3
"""NumPy's and pandas' sums and means of the columns PairwiseSumTests builds.

Each column of length n is drawn from SplitMix64 seeded with n (gd's Core
generator, reimplemented here): value = (2u - 1) * 2^e, u uniform in [0, 1)
from the top 53 bits of one output, e = (next output mod 13) - 6, so values
of many scales make the order of addition show in the last bits.

    python3 scripts/pairwise-reference.py            # one line per length: n sum mean (bit patterns in hex)
    python3 scripts/pairwise-reference.py --digest   # the digests PairwiseSumTests records

Lengths: 1 ... 1000 and 1000000. The mean is pandas.Series.mean when pandas
is installed, numpy.mean otherwise (the same double: pandas divides numpy's
sum by n), as the last line says.
"""
import struct
import sys

import numpy as np

MASK = (1 << 64) - 1


def column(n):
    state = n
    def next_value():
        nonlocal state
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)
    values = []
    for _ in range(n):
        u = (next_value() >> 11) * 2.0 ** -53
        e = next_value() % 13 - 6
        values.append((2 * u - 1) * 2.0 ** e)
    return np.array(values, dtype=np.float64)


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def main():
    try:
        import pandas as pd
        mean = lambda a: pd.Series(a).mean()
        source = "pandas " + pd.__version__
    except ImportError:
        mean = np.mean
        source = "numpy.mean"
    lengths = list(range(1, 1001)) + [1000000]
    rows = []
    for n in lengths:
        a = column(n)
        rows.append((n, bits(np.sum(a)), bits(mean(a))))
    if "--digest" in sys.argv:
        digest = 0xCBF29CE484222325
        for n, s, m in rows[:1000]:
            for word in (s, m):
                digest = ((digest ^ word) * 0x100000001B3) & MASK
        print(f"digest 1...1000 0x{digest:016X}")
        n, s, m = rows[-1]
        print(f"{n} sum 0x{s:016X} mean 0x{m:016X}")
    else:
        for n, s, m in rows:
            print(f"{n} {s:016X} {m:016X}")
    print(f"numpy {np.__version__} {source}")


main()
