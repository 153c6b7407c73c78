/// What `sgd` minimises: the mean of a per-row loss ℓᵢ(θ) over the rows of a
/// table, L(θ) = (1/n) Σᵢ ℓᵢ(θ), whose gradient can be taken over any subset
/// of rows (a mini-batch).
///
/// The engine owns the row order: each epoch it shuffles an array of row
/// numbers and hands out consecutive slices of it, so an implementation sees
/// a batch as row numbers and gathers the columns it needs (a slice shares
/// the engine's storage: no copy). Implementations should not allocate per
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
    ///   - rows: the batch, at least one row number in `0..<rowCount`
    ///     (a slice: its indices do not start at 0).
    ///   - gradient: `parameterCount` values, overwritten.
    func meanGradient(at parameters: [Double], rows: ArraySlice<Int>, into gradient: inout [Double]) throws

    /// The mean loss over the whole table in row order, L(θ) = (1/n) Σᵢ ℓᵢ(θ),
    /// summed in `fixedOrderSum`'s order.
    func meanLoss(at parameters: [Double]) throws -> Double
}

/// The sum of `values` in gd's fixed order — the same order as Numeric's
/// `FixedOrderSum`, which the compiled objectives use, so that the engine's
/// built-in objectives and `scripts/sgd_reference.py` agree with them:
/// element p (counted from 0 in the order given) goes into lane p mod 8 of
/// eight partial sums, each a left-to-right IEEE sum from +0, and the lanes
/// l₀…l₇ are combined by halving as ((l₀ + l₄) + (l₂ + l₆)) + ((l₁ + l₅) + (l₃ + l₇)).
///
/// This is the order of every sum over rows in `sgd` (batch gradients and
/// whole-table losses). It is what a `SIMD8<Double>` accumulator computes,
/// so loops run at vector speed while giving the same bits on every machine
/// (unlike relaxed or fused arithmetic).
///
///     fixedOrderSum([1, 2, 3])   // ((1 + 0) + (3 + 0)) + ((2 + 0) + (0 + 0)) = 6
public func fixedOrderSum(_ values: UnsafeBufferPointer<Double>) -> Double {
    var lanes = SIMD8<Double>(repeating: 0)
    var position = 0
    let fullGroupsEnd = values.count - values.count % 8
    while position < fullGroupsEnd {
        lanes += SIMD8(
            values[position], values[position + 1], values[position + 2], values[position + 3],
            values[position + 4], values[position + 5], values[position + 6], values[position + 7])
        position += 8
    }
    var lane = 0
    while position < values.count {
        lanes[lane] += values[position]
        position += 1
        lane += 1
    }
    return combineLanes(lanes)
}

/// The sum of `values` in gd's fixed order; see the buffer version.
public func fixedOrderSum(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { fixedOrderSum($0) }
}

/// Combines eight lane sums as ((l₀ + l₄) + (l₂ + l₆)) + ((l₁ + l₅) + (l₃ + l₇)),
/// the last step of the fixed summation order.
@inline(__always)
public func combineLanes(_ lanes: SIMD8<Double>) -> Double {
    let half = lanes.lowHalf + lanes.highHalf  // (l0+l4, l1+l5, l2+l6, l3+l7)
    return (half[0] + half[2]) + (half[1] + half[3])
}
