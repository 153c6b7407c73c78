#!/usr/bin/env python3
"""Cross-check: gd's CSV reader against pandas.read_csv on random files.

Writes random CSV files (fixed seed) mixing the forms the reader must
accept: plain, signed and exponent numbers of 1-25 digits, quoted numbers,
empty fields, NA, nan, inf, CRLF or LF line ends, blank lines, a BOM, and
no final newline. For each file, the numeric columns gd reads must be the
same doubles, bit for bit, as Python's correctly rounded float() gives for
the fields pandas.read_csv splits out (read as text), compared through the
loader's per-column checksum (sum of bit patterns modulo 2^64). Missing
values (blank, NA, nan) are NaN on both sides.

    python3 scripts/bench-data-crosscheck.py [LOADER] [--files N]

LOADER is the DataBench executable described in scripts/bench-data.py.
"""
import os
import random
import subprocess
import sys

import numpy as np
import pandas as pd

WORK = "/tmp/bench-data-crosscheck"


def random_number(generator: random.Random) -> str:
    form = generator.randrange(10)
    if form == 0:
        return generator.choice(["", "NA", "nan", "inf", "-inf", "  "])
    digits = "".join(generator.choice("0123456789") for _ in range(generator.randint(1, 25)))
    point = generator.randint(0, len(digits))
    text = digits[:point] + ("." if generator.random() < 0.8 else "") + digits[point:]
    if text in ("", "."):
        text = "0"
    if text.endswith(".") and generator.random() < 0.5:
        text += "0"
    if text.startswith(".") and generator.random() < 0.5:
        text = "0" + text
    if generator.random() < 0.3:
        text += generator.choice("eE") + generator.choice(["", "-", "+"]) + str(generator.randint(0, 330))
    if generator.random() < 0.3:
        text = generator.choice("-+") + text
    if generator.random() < 0.2:
        text = '"' + text + '"'
    return text


def write_file(path: str, generator: random.Random) -> None:
    columns = generator.randint(1, 4)
    rows = generator.randint(1, 30)
    newline = generator.choice(["\n", "\r\n"])
    lines = [",".join(f"c{index}" for index in range(columns))]
    for _ in range(rows):
        if generator.random() < 0.1:
            lines.append("")
        fields = [random_number(generator) for _ in range(columns)]
        if columns == 1 and fields[0].strip() == "":
            fields[0] = "NA"  # a lone empty field would be a blank line
        lines.append(",".join(fields))
    text = newline.join(lines)
    if generator.random() < 0.8:
        text += newline
    data = text.encode()
    if generator.random() < 0.2:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as file:
        file.write(data)


def main() -> None:
    arguments = sys.argv[1:]
    count = 300
    if "--files" in arguments:
        index = arguments.index("--files")
        count = int(arguments[index + 1])
        del arguments[index:index + 2]
    loader = arguments[0] if arguments else "/tmp/pkg-data/.build/release/DataBench"
    os.makedirs(WORK, exist_ok=True)
    generator = random.Random(2026)
    mismatches = 0
    for number in range(count):
        path = os.path.join(WORK, f"case-{number}.csv")
        write_file(path, generator)
        output = subprocess.run([loader, path, "1"], capture_output=True, text=True).stdout
        report = dict(item.split("=", 1) for item in output.split())
        ours = dict(item.split(":") for item in report.get("checksum", "").split(",") if item)
        # pandas splits the file (its CSV grammar); Python's float() reads
        # each field, correctly rounded: the reference doubles.
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        theirs = {}
        for name in frame.columns:
            values = []
            for text in frame[name]:
                stripped = text.strip(" \t")
                if stripped in ("", "NA") or stripped.lower() in ("nan", "-nan", "+nan"):
                    values.append(np.nan)
                    continue
                try:
                    values.append(float(stripped))
                except ValueError:
                    values = None  # text: gd reports no checksum for it
                    break
            if values is not None:
                bits = np.array(values, dtype=np.float64).view(np.uint64)
                theirs[name] = int(bits.sum(dtype=np.uint64))
        if int(report.get("rows", -1)) != len(frame) or {k: int(v) for k, v in ours.items()} != theirs:
            mismatches += 1
            print(f"MISMATCH {path}: gd rows={report.get('rows')} {ours}; pandas rows={len(frame)} {theirs}")
    print(f"{count} files, {mismatches} mismatches")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
