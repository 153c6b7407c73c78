import Core

/// The running sum of one reduction over the current leaf of NumPy's
/// pairwise tree (see Core's `PairwiseSum`): row k of the leaf goes into
/// lane k mod 8 while it is in a full group of eight, and the rows past the
/// leaf's last full group (only the very last leaf of a pass has them) are
/// kept to be added, in order, after the lanes are combined.
///
/// The evaluator walks the leaves with `PairwiseWalk`, never lets a block
/// cross a leaf's end, and pushes each leaf's `total` onto the reduction's
/// stack; so a block kernel only ever adds whole groups of eight here, then
/// at most seven tail rows at the very end.
struct LeafSum {
    var lanes = SIMD8<Double>(repeating: -0.0)
    var tail = SIMD8<Double>(repeating: 0)
    var tailCount = 0

    /// Adds the rows past the leaf's last full group, in order.
    @inline(__always)
    mutating func addTail(_ value: Double) {
        tail[tailCount & 7] = value
        tailCount += 1
    }

    /// The leaf's total, as `PairwiseSum.leaf` computes it.
    @inline(__always)
    var total: Double {
        var total = PairwiseSum.combine(lanes)
        for k in 0..<min(tailCount, 8) { total += tail[k] }
        return total
    }
}
