#!/usr/bin/env bash
# Compares gd's own exp (Sources/Core/Exponential.swift) with this machine's
# C library exp on N inputs (default 10^8) and prints how many differ in
# any bit, and whether the eight-lane form ever differs from the scalar one.
# On x86-64 with glibc ≥ 2.28 and an FMA CPU both counts should be 0.
# It checks this machine's build (scripts/release-flags); GD_VARIANT=baseline
# checks the portable one, whose fused steps are calls to the C library's fma.
#
#     scripts/exp-crosscheck.sh [N] [seed]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
read -r -a flags <<<"$(scripts/release-flags)"
swift build -c release "${flags[@]}" --product exp-crosscheck >&2
"$(swift build -c release "${flags[@]}" --product exp-crosscheck --show-bin-path)/exp-crosscheck" "${1:-100000000}" "${2:-1}"
