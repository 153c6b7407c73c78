/// What `sgd` minimises: the mean of a per-row loss ℓᵢ(θ) over the rows of a
/// table, L(θ) = (1/n) Σᵢ ℓᵢ(θ), whose gradient can be taken over any subset
/// of rows (a mini-batch).
///
/// The engine owns the row order: each epoch it shuffles an index buffer and
/// hands out consecutive slices of it, so an implementation sees the batch as
/// row numbers and gathers the columns it needs. Implementations should not
/// allocate per call (the engine calls `meanGradient` once per batch, 31 250
/// times an epoch on 10⁶ rows with batch 32) and must sum in a fixed order —
/// `fixedOrderSum(_:)`'s lane rule — so a seed gives the same bits everywhere.
///
/// The batch loss is deliberately not asked for: the engine never needs it
/// (reports use the whole-table loss once per epoch), and a compiled
/// gradient need not evaluate the loss itself.
public protocol RowObjective {
    /// The number of rows n (the table's length); at most `Int32.max`.
    var rowCount: Int { get }

    /// The number of parameters, the length of θ and of every gradient.
    var parameterCount: Int { get }

    /// Writes the mean gradient over the given rows,
    /// `gradient[j] = (1/m) Σₖ ∂ℓ_{rows[k]}/∂θⱼ (θ)` with m = `rows.count`,
    /// summed in the order of `rows` by the lane rule of `fixedOrderSum(_:)`.
    ///
    /// - Parameters:
    ///   - parameters: θ, `parameterCount` values.
    ///   - rows: the batch, row numbers in `0..<rowCount`, at least one.
    ///   - gradient: `parameterCount` values, overwritten.
    func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int32>, into gradient: inout [Double]) throws

    /// The mean loss over the whole table in row order, L(θ) = (1/n) Σᵢ ℓᵢ(θ),
    /// summed by the lane rule of `fixedOrderSum(_:)`.
    func meanLoss(at parameters: [Double]) throws -> Double
}

/// The sum of `values` in gd's fixed order: element p goes into lane p mod 4
/// of four partial sums (each a left-to-right IEEE sum), and the lanes are
/// combined as (s₀ + s₁) + (s₂ + s₃).
///
/// This is the order of every sum over rows in `sgd` (batch gradients and
/// whole-table losses), written once here for reference: it is what a
/// `SIMD4<Double>` accumulator computes, so loops can use one and run at
/// vector speed while giving the same bits on every machine (unlike relaxed
/// or fused arithmetic). `scripts/sgd_reference.py` mirrors it.
///
///     fixedOrderSum([1, 2, 3, 4, 5])   // ((1 + 5) + 2) + (3 + 4) = 15
public func fixedOrderSum(_ values: UnsafeBufferPointer<Double>) -> Double {
    var lanes = SIMD4<Double>(repeating: 0)
    var position = 0
    let fullGroupsEnd = values.count - values.count % 4
    while position < fullGroupsEnd {
        lanes += SIMD4(values[position], values[position + 1], values[position + 2], values[position + 3])
        position += 4
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

/// Combines four lane sums as (s₀ + s₁) + (s₂ + s₃), the last step of the
/// fixed summation order.
@inline(__always)
public func combineLanes(_ lanes: SIMD4<Double>) -> Double {
    (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
}
