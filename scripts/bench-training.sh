#!/usr/bin/env bash
# Benchmark of gd's sgd engine: one epoch of plain SGD, batch 32, on 10^6
# rows of a linear model's squared loss (x ~ U(0, 50), y = 0.15x + 1 + N(0, 1),
# numpy seed 12345), timed for
#   - the Training module (scripts/bench-training/main.swift, release build),
#   - the engine fed by Numeric's compiled programs, as `sgd` runs it
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

python3 - "$work/data.bin" "$rows" <<'PY'
import sys
import numpy as np
path, rows = sys.argv[1], int(sys.argv[2])
generator = np.random.default_rng(12345)
x = generator.uniform(0, 50, rows)
y = 0.15 * x + 1 + generator.normal(0, 1, rows)
with open(path, "wb") as f:
    f.write(x.astype("<f8").tobytes())
    f.write(y.astype("<f8").tobytes())
PY

gcc -O2 -ffp-contract=off -o "$work/loop" "$root/scripts/bench-training-loop.c"
gcc -O2 -ffp-contract=off -DSCALAR_SUMS -o "$work/loop-scalar" "$root/scripts/bench-training-loop.c"

# A scratch package linking the real sources, so the build needs nothing else.
ln -sfn "$root/Sources/Core" "$work/pkg/Sources/Core"
ln -sfn "$root/Sources/Training" "$work/pkg/Sources/Training"
ln -sfn "$root/Sources/Symbolic" "$work/pkg/Sources/Symbolic"
ln -sfn "$root/Sources/Numeric" "$work/pkg/Sources/Numeric"
ln -sfn "$root/scripts/bench-training" "$work/pkg/Sources/bench-training"
ln -sfn "$root/scripts/bench-training-compiled" "$work/pkg/Sources/bench-training-compiled"
cat > "$work/pkg/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "bench-training",
    targets: [
        .target(name: "Core"),
        .target(name: "Training", dependencies: ["Core"]),
        .target(name: "Symbolic", dependencies: ["Core"]),
        .target(name: "Numeric", dependencies: ["Core", "Symbolic"]),
        .executableTarget(name: "bench-training", dependencies: ["Training"]),
        .executableTarget(name: "bench-training-compiled", dependencies: ["Numeric", "Training"]),
    ],
    swiftLanguageModes: [.v6]
)
SWIFT
swift build -c release --package-path "$work/pkg" --product bench-training >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
swiftbin="$work/pkg/.build/release/bench-training"
compiledbin="$work/pkg/.build/release/bench-training-compiled"
# Numeric is someone else's module and may be mid-change: build it on the side.
swift build -c release --package-path "$work/pkg" --product bench-training-compiled >"$work/build-compiled.log" 2>&1 \
    || { echo "(the compiled-objective engine did not build: see $work/build-compiled.log)"; compiledbin=""; }

median_epoch_ms() {  # the median of the "epoch E ms T" lines for E >= 2
    awk '$1 == "epoch" && $2 >= 2 { print $4 }' "$1" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
better() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }

c_ms=1e9
scalar_ms=1e9
swift_ms=1e9
compiled_ms=1e9
for round in 1 2 3; do
    if [ -n "$compiledbin" ]; then
        "$compiledbin" "$work/data.bin" "$rows" "$epochs" "$rate" "$seed" >"$work/compiled$round.txt"
        compiled_ms=$(better "$compiled_ms" "$(median_epoch_ms "$work/compiled$round.txt")")
    fi
    "$work/loop" "$work/data.bin" "$rows" "$epochs" "$rate" "$seed" >"$work/c$round.txt"
    "$swiftbin" "$work/data.bin" "$rows" "$epochs" "$rate" "$seed" >"$work/swift$round.txt"
    "$work/loop-scalar" "$work/data.bin" "$rows" "$epochs" "$rate" "$seed" >"$work/scalar$round.txt"
    c_ms=$(better "$c_ms" "$(median_epoch_ms "$work/c$round.txt")")
    swift_ms=$(better "$swift_ms" "$(median_epoch_ms "$work/swift$round.txt")")
    scalar_ms=$(better "$scalar_ms" "$(median_epoch_ms "$work/scalar$round.txt")")
done

same=$(python3 - "$work/c1.txt" "$work/swift1.txt" ${compiledbin:+"$work/compiled1.txt"} <<'PY'
import sys
def final(path):
    lines = open(path).read().split("\n")
    return [float(v) for v in next(l for l in lines if l.startswith("x ")).split()[1:]]
finals = [final(path) for path in sys.argv[1:]]
print("yes" if all(f == finals[0] for f in finals) else "NO: %r" % finals)
PY
)

ratio() { awk -v s="$1" -v c="$2" 'BEGIN { printf "%.2f", s / c }'; }
echo "sgd, batch 32, $rows rows, plain SGD, rate $rate: median time of one epoch (shuffle + steps + loss)"
echo "  (load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) on $(nproc 2>/dev/null || echo '?') cores)"
printf '  C loop (gcc -O2), lane sums    %8.2f ms\n' "$c_ms"
printf '  C loop, one scalar sum         %8.2f ms   (different bits; the simplest C)\n' "$scalar_ms"
printf '  Training engine (Swift)        %8.2f ms   ratio %s to the lane C loop, %s to the scalar one (goal <= 1.3)\n' \
    "$swift_ms" "$(ratio "$swift_ms" "$c_ms")" "$(ratio "$swift_ms" "$scalar_ms")"
if [ -n "$compiledbin" ]; then
    printf '  engine + Numeric programs      %8.2f ms   ratio %s to the lane C loop (what `sgd` runs)\n' \
        "$compiled_ms" "$(ratio "$compiled_ms" "$c_ms")"
fi
echo "  same final parameters, bit for bit: $same"

if [ -n "${GD:-}" ]; then
    python3 - "$work/data.bin" "$rows" "$work/data.csv" <<'PY'
import sys
from array import array
path, rows, csv = sys.argv[1], int(sys.argv[2]), sys.argv[3]
values = array("d")
with open(path, "rb") as f:
    values.frombytes(f.read())
with open(csv, "w") as f:
    f.write("x,y\n")
    for i in range(rows):
        f.write("%r,%r\n" % (values[i], values[rows + i]))
PY
    cat > "$work/sgd.gd" <<GD
d = load("data.csv")
loss(a, b) = (a + b*x - y)^2
time r = sgd loss on d from [0, 0] rate $rate epochs 10 seed $seed;
r.x
GD
    gd_out=$("$GD" "$work/sgd.gd" 2>&1)
    gd_ms=$(echo "$gd_out" | awk '/^time:/ { print $2 / 10 }')
    c_ten=$("$work/loop" "$work/data.bin" "$rows" 10 "$rate" "$seed" | awk '/^x / { print $2, $3 }')
    gd_x=$(echo "$gd_out" | tr -d '[],' | awk '/^[0-9-]/ { print $1, $2 }')
    gd_same=$(python3 -c "import sys; a, b = sys.argv[1].split(), sys.argv[2].split(); print('yes' if [float(v) for v in a] == [float(v) for v in b] else 'NO')" "$c_ten" "$gd_x")
    printf '  gd: time sgd … epochs 10      %8.2f ms   per epoch, wall (ratio %s to the lane C loop; same bits as C: %s)\n' \
        "$gd_ms" "$(ratio "$gd_ms" "$c_ms")" "$gd_same"
fi

if python3 -c "import sklearn" 2>/dev/null; then
    python3 - "$work/data.bin" "$rows" <<'PY'
import sys, time, warnings
import numpy as np
from sklearn.linear_model import SGDRegressor
path, rows = sys.argv[1], int(sys.argv[2])
data = np.fromfile(path, dtype="<f8")
x, y = data[:rows].reshape(-1, 1), data[rows:]
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
