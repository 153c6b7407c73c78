#!/usr/bin/env bash
# A long grammar-aware fuzzing campaign: batches of random programs from
# ProgramGenerator (the generator the test suite runs with a fixed seed),
# each run by the release gd in its own process, so that a crash, a trap or
# a hang is caught and its input saved.
#
#   scripts/fuzz.sh [MINUTES] [FIRST_SEED]      (defaults: 60 minutes, seed 1)
#
# Outcome classes: completed (exit 0), located error (exit 1 with
# FILE:LINE:COL: error:), unlocated error (exit 1 without one), interrupted
# (130), hang (still running after 20 s), crash (any other status, e.g. a
# signal). Unlocated errors, hangs and crashes are saved to
# .build/fuzz-findings/ with their output; the script exits 1 if any crash
# or hang was found.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
minutes="${1:-60}"
seed="${2:-1}"
batch_size=200
time_limit=20

scripts/ensure-dependencies >/dev/null
read -r -a flags <<<"$(scripts/release-flags)"  # as scripts/gd builds .build/release
swift build -c release "${flags[@]}" --product gd >/dev/null || exit 2
swift build -c release "${flags[@]}" --product gd-fuzz >/dev/null || exit 2
bin="$(swift build -c release "${flags[@]}" --show-bin-path)"
findings="$root/.build/fuzz-findings"
mkdir -p "$findings"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

declare -A count=([completed]=0 [located]=0 [unlocated]=0 [interrupted]=0 [hang]=0 [crash]=0)
total=0
end=$((SECONDS + minutes * 60))
export SWIFT_BACKTRACE=enable=no
while [ "$SECONDS" -lt "$end" ]; do
    rm -rf "$work/batch" && mkdir -p "$work/batch"
    "$bin/gd-fuzz" "$seed" "$batch_size" "$work/batch" || exit 2
    for program in "$work/batch"/*.gd; do
        name="$(basename "$program")"
        (cd "$work/batch" && timeout "$time_limit" "$bin/gd" "$name" >"$work/out" 2>"$work/err" </dev/null)
        status=$?
        case "$status" in
            0) class=completed ;;
            1) if grep -qE "^[^ ]+:[0-9]+:[0-9]+: error: " "$work/err"; then class=located; else class=unlocated; fi ;;
            130) class=interrupted ;;
            124) class=hang ;;
            *) class=crash ;;
        esac
        count[$class]=$((count[$class] + 1))
        total=$((total + 1))
        if [ "$class" = unlocated ] || [ "$class" = hang ] || [ "$class" = crash ]; then
            cp "$program" "$findings/$class-$name"
            { echo "exit status $status"; cat "$work/out" "$work/err"; } | head -c 20000 >"$findings/$class-${name%.gd}.log"
            echo "$class: $findings/$class-$name (exit status $status)"
        fi
    done
    seed=$((seed + 1))
done
echo "programs run: $total (seeds up to $((seed - 1)), $batch_size a seed)"
for class in completed located unlocated interrupted hang crash; do echo "  $class: ${count[$class]}"; done
[ "${count[crash]}" -eq 0 ] && [ "${count[hang]}" -eq 0 ]
