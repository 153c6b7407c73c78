#!/usr/bin/env bash
# Benchmarks gd's compiled programs against NumPy and C loops (gcc -O2) on
# the same 10^6 rows, and prints the times and the ratios in one run.
#
#     scripts/bench-numeric.sh [repetitions]
#
# PACKAGE_DIR selects the Swift package that has the bench-numeric product
# (default: the repository). Times are medians (and minimums) over the
# repetitions of one gradient (or loss + gradient) evaluation, in CPU time
# of the measuring thread (all three peers), which a busy machine distorts
# less than wall-clock time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="${PACKAGE_DIR:-$(dirname "$here")}"
repetitions="${1:-30}"
work="$(mktemp -d /tmp/bench-numeric.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# This machine's build, as scripts/gd's (GD_VARIANT=baseline: the portable one).
read -r -a flags <<<"$("$here/release-flags")"
echo "building bench-numeric (release, ${flags[*]:-baseline}) in $package" >&2
(cd "$package" && swift build -c release "${flags[@]}" --product bench-numeric >&2)
bench="$(cd "$package" && swift build -c release "${flags[@]}" --product bench-numeric --show-bin-path)/bench-numeric"
gcc -O2 -o "$work/peers" "$here/bench-numeric-peers.c" -lm

"$bench" "$work" "$repetitions" > "$work/swift.txt"
"$work/peers" "$work" "$repetitions" > "$work/c.txt"
python3 "$here/bench-numeric-peers.py" "$work" "$repetitions" > "$work/numpy.txt"

cat "$work/swift.txt" "$work/c.txt" "$work/numpy.txt" | python3 "$here/bench-numeric-summary.py"
