/// NumPy's pairwise summation: the one order in which gd adds the values of
/// a vector or of a table's rows (`sum`, `mean`, `var`, compiled reductions,
/// SGD's batch gradients and whole-table loss), so that a sum over a table
/// is the double `numpy.sum` and `pandas.Series.mean` give for the same
/// column (checked bit for bit against NumPy 2.4.6 on every length 1…1000
/// and on 10^6 rows: `Tests/CoreTests/PairwiseSumTests.swift`).
///
/// The order, as NumPy's `pairwise_sum` (numpy/_core/src/umath/loops_utils.h.src)
/// writes it, for n values a₀…aₙ₋₁:
///
/// - n < 8: added one after another, starting from `-0`;
/// - 8 ≤ n ≤ 128 (a *leaf*): eight partial sums rᵢ, r_k the sum of
///   a_k, a_{k+8}, a_{k+16}, … over the full groups of eight, combined as
///   ((r₀ + r₁) + (r₂ + r₃)) + ((r₄ + r₅) + (r₆ + r₇)); then the values past the
///   last full group added to that in order;
/// - n > 128: split at m = ⌊n/2⌋ rounded down to a multiple of 8, each part
///   summed so, and the two added (left + right).
///
/// `numpy.sum` then adds that to its identity `+0` (so a sum of `-0`s is
/// `+0`, and the sum of nothing is `+0`): `of(_:)` does the same. A mean is
/// that sum divided by n, as NumPy's and pandas' `mean`.
///
/// Every part of the tree is independent of the others, so a block evaluator
/// may compute leaves one after another (`PairwiseWalk`) and two threads the
/// two halves of the root, and still get these bits.
///
///     PairwiseSum.of([1e16, 1, -1e16, 1])   // 1.0: ((1e16 + 1) + -1e16) + 1, and 1e16 + 1 rounds to 1e16
public enum PairwiseSum {
    /// The largest run of values summed as one leaf.
    public static let leafLimit = 128

    /// The size of the left part when `count` (> `leafLimit`) values are split.
    @inlinable
    public static func leftCount(of count: Int) -> Int {
        let half = count / 2
        return half - half % 8
    }

    /// ((r₀ + r₁) + (r₂ + r₃)) + ((r₄ + r₅) + (r₆ + r₇)): a leaf's eight partial sums combined.
    @inlinable
    public static func combine(_ lanes: SIMD8<Double>) -> Double {
        ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
    }

    /// The sum of `values` as `numpy.sum` computes it: `+0` plus the pairwise tree.
    public static func of(_ values: UnsafeBufferPointer<Double>) -> Double {
        guard let base = values.baseAddress else { return 0 }
        return 0 + tree(base, values.count)
    }

    /// The sum of `values` as `numpy.sum` computes it; see the buffer version.
    public static func of(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { of($0) }
    }

    /// The sum of any collection of values (copied into an array first).
    public static func of<C: Collection>(_ values: C) -> Double where C.Element == Double {
        of(Array(values))
    }

    /// The pairwise tree over the `count` values from `start` when a caller
    /// computes the leaves itself (values it never stores, such as per-row
    /// terms of a gradient): `leaf(first, n)` returns the sum of values
    /// `first ..< first + n` as `leaf(_:_:)` would, one sum per lane of `T`
    /// (several sums at once: lane-wise IEEE addition, the same bits as
    /// separate trees). Without the identity (see `of(_:)`).
    @inlinable
    public static func tree<T: SIMD>(count: Int, from start: Int = 0, leaf: (Int, Int) -> T) -> T
    where T.Scalar == Double {
        if count <= leafLimit { return leaf(start, count) }
        let left = leftCount(of: count)
        return tree(count: left, from: start, leaf: leaf) + tree(count: count - left, from: start + left, leaf: leaf)
    }

    /// NumPy's `pairwise_sum` of `count` values at `base`, without the identity.
    public static func tree(_ base: UnsafePointer<Double>, _ count: Int) -> Double {
        if count <= leafLimit { return leaf(base, count) }
        let left = leftCount(of: count)
        return tree(base, left) + tree(base + left, count - left)
    }

    /// One leaf (at most `leafLimit` values; fewer than eight are added in
    /// order from `-0`, which is the same as eight empty partial sums of `-0`
    /// combined and then the values added in order).
    @inlinable
    public static func leaf(_ base: UnsafePointer<Double>, _ count: Int) -> Double {
        var lanes = SIMD8<Double>(repeating: -0.0)
        let full = count & ~7
        var i = 0
        while i < full {
            lanes += UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Double>.self)
            i += 8
        }
        var total = combine(lanes)
        while i < count {
            total += base[i]
            i += 1
        }
        return total
    }
}

/// The leaves of the pairwise tree over `count` values, one after another,
/// for an evaluator that computes values a block at a time and sums each
/// leaf as it goes: after each leaf it pushes the leaf's total onto a stack
/// and then merges the top two entries (left + right) as many times as
/// `finishLeaf()` says, which builds exactly `PairwiseSum.tree`.
///
///     var walk = PairwiseWalk(count: n)
///     repeat {
///         let total = sum of rows walk.leafStart ..< walk.leafEnd
///         push(total); for _ in 0..<walk.finishLeaf() { let b = pop(); let a = pop(); push(a + b) }
///     } while !walk.isFinished
///     // the stack holds one value, PairwiseSum.tree(values, n)
///
/// The stack never holds more than `maximumDepth` values.
public struct PairwiseWalk: Sendable {
    /// Deepest possible tree (each split at least halves the count) plus the leaf.
    public static let maximumDepth = 64

    /// The current leaf's rows, relative to the start of the walked range.
    public private(set) var leafStart = 0
    public private(set) var leafEnd = 0
    /// True once the last leaf has been finished.
    public private(set) var isFinished = false

    /// The inner nodes above the current leaf, root first: where the node's
    /// right part starts and ends, and whether the walk is inside it already.
    private var rightStarts: [Int]
    private var rightEnds: [Int]
    private var inRight: [Bool]
    private var depth = 0

    public init(count: Int) {
        rightStarts = [Int](repeating: 0, count: Self.maximumDepth)
        rightEnds = [Int](repeating: 0, count: Self.maximumDepth)
        inRight = [Bool](repeating: false, count: Self.maximumDepth)
        reset(count: count)
    }

    /// Starts again over `count` values (no allocation).
    public mutating func reset(count: Int) {
        depth = 0
        isFinished = false
        descend(from: 0, to: max(0, count))
    }

    /// Ends the current leaf: returns how many merges of the top two stack
    /// entries follow its push, and moves to the next leaf (if any).
    public mutating func finishLeaf() -> Int {
        var merges = 0
        while depth > 0 {
            let top = depth - 1
            if !inRight[top] {
                inRight[top] = true
                descend(from: rightStarts[top], to: rightEnds[top])
                return merges
            }
            depth -= 1
            merges += 1
        }
        isFinished = true
        return merges
    }

    /// Goes down the left parts from the node over `start ..< end` to a leaf.
    private mutating func descend(from start: Int, to end: Int) {
        var count = end - start
        while count > PairwiseSum.leafLimit {
            let left = PairwiseSum.leftCount(of: count)
            rightStarts[depth] = start + left
            rightEnds[depth] = start + count
            inRight[depth] = false
            depth += 1
            count = left
        }
        leafStart = start
        leafEnd = start + count
    }
}
