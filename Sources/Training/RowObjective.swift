import Core
/// What `sgd` minimises: the mean of a per-row loss ℓᵢ(θ) over the rows of a
/// table, L(θ) = (1/n) Σᵢ ℓᵢ(θ), whose gradient can be taken over any subset
/// of rows (a mini-batch).
///
/// The engine owns the row order: each epoch it shuffles a buffer of row
/// numbers and hands out consecutive stretches of it, so an implementation
/// sees a batch as row numbers and gathers the columns it needs (a pointer
/// into the engine's buffer, valid during the call: no copy, no reference
/// counting). Implementations should not allocate per
/// row (the engine calls `meanGradient` once per batch, 31 250 times an
/// epoch on 10⁶ rows with batch 32) and must sum in NumPy's pairwise order —
/// `pairwiseSum(_:)` — so a seed gives the same bits everywhere (and the
/// lecture's NumPy loop's).
///
/// The batch loss is deliberately not asked for: the engine never needs it
/// (reports use the whole-table loss once per epoch), and a compiled
/// gradient need not evaluate the loss itself.
public protocol RowObjective {
    /// The number of rows n (the table's length).
    var rowCount: Int { get }

    /// The number of parameters, the length of θ and of every gradient.
    var parameterCount: Int { get }

    /// Writes the mean gradient over the given rows,
    /// `gradient[j] = (1/m) Σₖ ∂ℓ_{rows[k]}/∂θⱼ (θ)` with m = `rows.count`,
    /// the k-th row of the batch at position k of `pairwiseSum`'s order,
    /// then divided by m.
    ///
    /// - Parameters:
    ///   - parameters: θ, `parameterCount` values.
    ///   - rows: the batch, at least one row number in `0..<rowCount`.
    ///   - gradient: `parameterCount` values, overwritten.
    func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int>, into gradient: inout [Double]) throws

    /// The mean loss over the whole table in row order, L(θ) = (1/n) Σᵢ ℓᵢ(θ),
    /// summed in `pairwiseSum`'s order.
    func meanLoss(at parameters: [Double]) throws -> Double

    /// A hint that `meanGradient` will be asked for these rows next: an
    /// implementation may start loading their values into the cache
    /// (`gd_prefetch`), so that the rows of a shuffled batch, scattered over
    /// the table, are not fetched from memory one cache miss after another
    /// while the batch computes. It must change nothing else; the default
    /// does nothing. The engine calls it with the next batch just before it
    /// computes the current one.
    func prefetch(rows: UnsafeBufferPointer<Int>)
}

extension RowObjective {
    public func prefetch(rows: UnsafeBufferPointer<Int>) {}
}

/// The sum of `values` in gd's one order for sums over rows, NumPy's
/// pairwise summation (Core's `PairwiseSum`, shared with Numeric's compiled
/// objectives and reproduced by `scripts/sgd_reference.py`): `numpy.sum`'s double.
///
///     pairwiseSum([1, 2, 3])   // 6
public func pairwiseSum(_ values: UnsafeBufferPointer<Double>) -> Double {
    PairwiseSum.of(values)
}

/// The sum of `values` in NumPy's pairwise order; see the buffer version.
public func pairwiseSum(_ values: [Double]) -> Double {
    PairwiseSum.of(values)
}
