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
/// epoch on 10⁶ rows with batch 32) and must sum in gd's fixed order —
/// `fixedOrderSum(_:)` — so a seed gives the same bits everywhere.
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
    /// the k-th row of the batch summed at position k of `fixedOrderSum`'s
    /// order, then divided by m.
    ///
    /// - Parameters:
    ///   - parameters: θ, `parameterCount` values.
    ///   - rows: the batch, at least one row number in `0..<rowCount`.
    ///   - gradient: `parameterCount` values, overwritten.
    func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int>, into gradient: inout [Double]) throws

    /// The mean loss over the whole table in row order, L(θ) = (1/n) Σᵢ ℓᵢ(θ),
    /// summed in `fixedOrderSum`'s order.
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

/// The sum of `values` in gd's fixed order, Core's `FixedOrderSum` (the one
/// definition, shared with Numeric's compiled objectives and reproduced by
/// `scripts/sgd_reference.py`): element p goes into lane p mod 8, and the
/// lanes l₀…l₇ are combined as ((l₀ + l₄) + (l₂ + l₆)) + ((l₁ + l₅) + (l₃ + l₇)).
///
///     fixedOrderSum([1, 2, 3])   // 6
public func fixedOrderSum(_ values: UnsafeBufferPointer<Double>) -> Double {
    FixedOrderSum.of(values)
}

/// The sum of `values` in gd's fixed order; see the buffer version.
public func fixedOrderSum(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { FixedOrderSum.of($0) }
}

/// Combines eight lane sums as ((l₀ + l₄) + (l₂ + l₆)) + ((l₁ + l₅) + (l₃ + l₇)),
/// the last step of the fixed summation order.
@inline(__always)
public func combineLanes(_ lanes: SIMD8<Double>) -> Double {
    var sum = FixedOrderSum()
    sum.lanes = lanes
    sum.isEmpty = false
    return sum.total
}
