#!/usr/bin/env bash
# Benchmark of gd's sgd engine: one epoch of plain SGD, batch 32, on 10^6
# rows (x ~ U(0, 50), y = 0.15x + 1 + N(0, 1), label 1 with probability
# σ(0.2x − 5), numpy seed 12345), for three per-row losses of a line
# a + b*x: least squares, logistic log-loss (on label), absolute error
# (LOSSES overrides "mse logistic absolute"), timed for
#   - the Training module's built-in least-squares objective
#     (scripts/bench-training/main.swift, release build; mse only),
#   - the engine fed by Numeric's compiled programs, as `sgd` runs it: the
#     symbolic derivative compiled, the per-epoch loss as the user writes it
#     (scripts/bench-training-compiled/main.swift; skipped if it does not build),
#   - the same algorithm as a C loop (scripts/bench-training-loop.c, gcc -O2),
#   - scikit-learn's SGDRegressor, one epoch of batch-1 SGD, for scale (if installed),
#   - with GD=/path/to/gd, the gd command itself: `time sgd … epochs 10` on the
#     same rows loaded from CSV (wall time of the whole run, divided by 10).
# Each epoch includes its shuffle, its 31 250 steps and the whole-table loss;
# times are the thread's CPU time (steadier than wall time on a busy machine).
# The engines and the C loop must end on the same bits (checked). Reports the
# median epoch time (epochs 2..E) of the best of three alternating runs each
# (the machine may be busy: compare the two in the same run, not across runs),
# and the ratio Swift / C (goal: at most 1.3).
#
# usage: scripts/bench-training.sh        (ROWS, EPOCHS, WORK, GD override the defaults)
set -euo pipefail
rows=${ROWS:-1000000}
epochs=${EPOCHS:-15}
rate=0.0001
seed=0
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/bench-training}
mkdir -p "$work/pkg/Sources"

losses=${LOSSES:-mse logistic absolute}

python3 - "$work/data.bin" "$rows" <<'PY'
import sys
import numpy as np
path, rows = sys.argv[1], int(sys.argv[2])
generator = np.random.default_rng(12345)
x = generator.uniform(0, 50, rows)
y = 0.15 * x + 1 + generator.normal(0, 1, rows)
label = (generator.uniform(0, 1, rows) < 1 / (1 + np.exp(-(0.2 * x - 5)))).astype("<f8")
with open(path, "wb") as f:
    f.write(x.astype("<f8").tobytes())
    f.write(y.astype("<f8").tobytes())
    f.write(label.tobytes())
PY

gcc -O2 -ffp-contract=off -o "$work/loop" "$root/scripts/bench-training-loop.c" -lm
gcc -O2 -ffp-contract=off -DLEAN -o "$work/loop-scalar" "$root/scripts/bench-training-loop.c" -lm

# A scratch package linking the real sources, so the build needs nothing else.
ln -sfn "$root/Sources/Core" "$work/pkg/Sources/Core"
ln -sfn "$root/Sources/CPrefetch" "$work/pkg/Sources/CPrefetch"
ln -sfn "$root/Sources/Training" "$work/pkg/Sources/Training"
ln -sfn "$root/Sources/Symbolic" "$work/pkg/Sources/Symbolic"
ln -sfn "$root/Sources/Numeric" "$work/pkg/Sources/Numeric"
ln -sfn "$root/scripts/bench-training-support" "$work/pkg/Sources/BenchTrainingSupport"
ln -sfn "$root/scripts/bench-training" "$work/pkg/Sources/bench-training"
ln -sfn "$root/scripts/bench-training-compiled" "$work/pkg/Sources/bench-training-compiled"
# Built as scripts/gd builds gd, with this machine's flags (scripts/release-flags:
# AVX2 and FMA where the CPU has them; GD_VARIANT=baseline for the portable build).
read -r -a flags <<<"$("$root/scripts/release-flags")"
cat > "$work/pkg/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "bench-training",
    targets: [
        .target(name: "Core"),
        .target(name: "CPrefetch"),
        .target(name: "Training", dependencies: ["Core", "CPrefetch"]),
        .target(name: "Symbolic", dependencies: ["Core"]),
        .target(name: "Numeric", dependencies: ["Core", "CPrefetch", "Symbolic"]),
        .target(name: "BenchTrainingSupport", dependencies: ["Training"]),
        .executableTarget(name: "bench-training", dependencies: ["BenchTrainingSupport", "Training"]),
        .executableTarget(name: "bench-training-compiled", dependencies: ["BenchTrainingSupport", "Numeric", "Symbolic", "Training"]),
    ],
    swiftLanguageModes: [.v6]
)
SWIFT
swift build -c release "${flags[@]}" --package-path "$work/pkg" --product bench-training >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
swiftbin="$work/pkg/.build/release/bench-training"
compiledbin="$work/pkg/.build/release/bench-training-compiled"
# Numeric is someone else's module and may be mid-change: build it on the side.
swift build -c release "${flags[@]}" --package-path "$work/pkg" --product bench-training-compiled >"$work/build-compiled.log" 2>&1 \
    || { echo "(the compiled-objective engine did not build: see $work/build-compiled.log)"; compiledbin=""; }

median_epoch_ms() {  # the median of the "epoch E ms T" lines for E >= 2
    awk '$1 == "epoch" && $2 >= 2 { print $4 }' "$1" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
better() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }

ratio() { awk -v s="$1" -v c="$2" 'BEGIN { printf "%.2f", s / c }'; }
final_x() { awk '$1 == "x" { print $2, $3 }' "$1"; }
echo "sgd, batch 32, $rows rows, plain SGD, rate $rate: median time of one epoch (shuffle + steps + loss)"
echo "  (load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) on $(nproc 2>/dev/null || echo '?') cores)"
for loss in $losses; do
    c_ms=1e9
    scalar_ms=1e9
    swift_ms=1e9
    compiled_ms=1e9
    for round in 1 2 3; do
        if [ -n "$compiledbin" ]; then
            "$compiledbin" "$work/data.bin" "$rows" "$epochs" "$rate" "$seed" "$loss" >"$work/compiled-$loss$round.txt"
            compiled_ms=$(better "$compiled_ms" "$(median_epoch_ms "$work/compiled-$loss$round.txt")")
        fi
        "$work/loop" "$work/data.bin" "$rows" "$epochs" "$rate" "$seed" "$loss" >"$work/c-$loss$round.txt"
        c_ms=$(better "$c_ms" "$(median_epoch_ms "$work/c-$loss$round.txt")")
        if [ "$loss" = mse ]; then
            "$swiftbin" "$work/data.bin" "$rows" "$epochs" "$rate" "$seed" >"$work/swift$round.txt"
            "$work/loop-scalar" "$work/data.bin" "$rows" "$epochs" "$rate" "$seed" >"$work/scalar$round.txt"
            swift_ms=$(better "$swift_ms" "$(median_epoch_ms "$work/swift$round.txt")")
            scalar_ms=$(better "$scalar_ms" "$(median_epoch_ms "$work/scalar$round.txt")")
        fi
    done

    echo "$loss:"
    printf '  C loop (gcc -O2), lane sums    %8.2f ms\n' "$c_ms"
    if [ "$loss" = mse ]; then
        printf '  C loop, one scalar sum         %8.2f ms   (lean: one scalar sum, 32-bit indices; different bits)\n' "$scalar_ms"
        printf '  Training engine (Swift)        %8.2f ms   ratio %s to the lane C loop, %s to the scalar one (goal <= 1.3)\n' \
            "$swift_ms" "$(ratio "$swift_ms" "$c_ms")" "$(ratio "$swift_ms" "$scalar_ms")"
        [ "$(final_x "$work/swift1.txt")" = "$(final_x "$work/c-mse1.txt")" ] || echo "  Training engine: final parameters differ from C's"
    fi
    if [ -n "$compiledbin" ]; then
        printf '  engine + Numeric programs      %8.2f ms   ratio %s to the lane C loop (what `sgd` runs; goal <= 1.3)\n' \
            "$compiled_ms" "$(ratio "$compiled_ms" "$c_ms")"
        same=$(python3 - "$work/c-${loss}1.txt" "$work/compiled-${loss}1.txt" <<'PY'
import sys
def final(path):
    lines = open(path).read().split("\n")
    return [float(v) for v in next(l for l in lines if l.startswith("x ")).split()[1:]]
c, gd = final(sys.argv[1]), final(sys.argv[2])
print("yes" if c == gd else "NO: C %r, gd %r" % (c, gd))
PY
)
        echo "  same final parameters as C, bit for bit: $same"
    fi
done

if [ -n "${GD:-}" ]; then
    python3 - "$work/data.bin" "$rows" "$work/data.csv" <<'PY'
import sys
from array import array
path, rows, csv = sys.argv[1], int(sys.argv[2]), sys.argv[3]
values = array("d")
with open(path, "rb") as f:
    values.frombytes(f.read())
with open(csv, "w") as f:
    f.write("x,y,label\n")
    for i in range(rows):
        f.write("%r,%r,%r\n" % (values[i], values[rows + i], values[2 * rows + i]))
PY
    for loss in $losses; do
        case $loss in
            mse) formula='(a + b*x - y)^2' ;;
            logistic) formula='-(label*ln(sigmoid(a + b*x)) + (1 - label)*ln(1 - sigmoid(a + b*x)))' ;;
            absolute) formula='abs(a + b*x - y)' ;;
        esac
        cat > "$work/sgd.gd" <<GD
d = load("data.csv")
loss(a, b) = $formula
time r = sgd loss on d from [0, 0] rate $rate epochs 10 seed $seed;
r.x
GD
        gd_out=$(cd "$work" && "$GD" "$work/sgd.gd" 2>&1)
        gd_ms=$(echo "$gd_out" | awk '/^time:/ { print $2 / 10 }')
        c_ten=$("$work/loop" "$work/data.bin" "$rows" 10 "$rate" "$seed" "$loss" | awk '/^x / { print $2, $3 }')
        gd_x=$(echo "$gd_out" | tr -d '[],' | awk '/^[0-9-]/ { print $1, $2 }')
        gd_same=$(python3 -c "import sys; a, b = sys.argv[1].split(), sys.argv[2].split(); print('yes' if [float(v) for v in a] == [float(v) for v in b] else 'NO')" "$c_ten" "$gd_x" 2>/dev/null || echo '?')
        c_one=$(median_epoch_ms "$work/c-${loss}1.txt")
        printf '  gd %-9s time sgd … epochs 10  %8.2f ms per epoch, wall (ratio %s to the C loop; same bits as C: %s)\n' \
            "$loss:" "$gd_ms" "$(ratio "$gd_ms" "$c_one")" "$gd_same"
    done
fi

if python3 -c "import sklearn" 2>/dev/null; then
    python3 - "$work/data.bin" "$rows" <<'PY'
import sys, time, warnings
import numpy as np
from sklearn.linear_model import SGDRegressor
path, rows = sys.argv[1], int(sys.argv[2])
data = np.fromfile(path, dtype="<f8")
x, y = data[:rows].reshape(-1, 1), data[rows:2 * rows]
times = []
for repeat in range(3):
    model = SGDRegressor(max_iter=1, tol=None, learning_rate="constant", eta0=1e-4,
                         penalty=None, shuffle=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        begin = time.perf_counter()
        model.fit(x, y)
        times.append((time.perf_counter() - begin) * 1e3)
print("  scikit-learn SGDRegressor      %8.2f ms   (batch 1: one step per row; for scale)" % min(times))
PY
else
    echo "  scikit-learn not installed (pip install scikit-learn) - skipped"
fi
