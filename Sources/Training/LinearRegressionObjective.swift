import Core

/// Least squares for a straight line through two columns, the lectures'
/// first model: ŷᵢ = θ₀ + θ₁·xᵢ and ℓᵢ(θ) = (ŷᵢ − yᵢ)², with parameters
/// `[θ₀, θ₁]` (intercept, slope).
///
/// Its gradient is ∂ℓᵢ/∂θ₀ = 2rᵢ and ∂ℓᵢ/∂θ₁ = 2rᵢxᵢ with the residual
/// rᵢ = (θ₀ + θ₁·xᵢ) − yᵢ, evaluated in exactly that order. The means are
/// `2·Σrᵢ / m` and `2·Σ(rᵢ·xᵢ) / m` (doubling is exact, so this equals
/// summing the per-row gradients), summed in `pairwiseSum`'s order.
///
/// It is the fast built-in objective for tests and benchmarks; the engine
/// treats it like any other `RowObjective`.
public struct LinearRegressionObjective: RowObjective, Sendable {
    public let inputs: [Double]
    public let targets: [Double]

    /// - Throws: `SGDError.columnLengthsDiffer` when the columns differ in length.
    public init(inputs: [Double], targets: [Double]) throws(SGDError) {
        guard inputs.count == targets.count else {
            throw .columnLengthsDiffer(inputs.count, targets.count)
        }
        self.inputs = inputs
        self.targets = targets
    }

    public var rowCount: Int { inputs.count }
    public var parameterCount: Int { 2 }

    public func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int>, into gradient: inout [Double]) {
        let intercept = parameters[0]
        let slope = parameters[1]
        let sums = inputs.withUnsafeBufferPointer { xs in
            targets.withUnsafeBufferPointer { ys in
                PairwiseSum.tree(count: rows.count) { first, count in
                    // One leaf of the pairwise tree: lane l takes leaf
                    // positions l, l+8, l+16, … of the full groups of eight.
                    var residualSums = SIMD8<Double>(repeating: -0.0)
                    var weightedSums = SIMD8<Double>(repeating: -0.0)
                    var position = first
                    let fullGroupsEnd = first + (count & ~7)
                    while position < fullGroupsEnd {
                        var x = SIMD8<Double>()
                        var y = SIMD8<Double>()
                        for lane in 0..<8 {
                            let row = rows[position + lane]
                            x[lane] = xs[row]
                            y[lane] = ys[row]
                        }
                        let residual = (intercept + slope * x) - y
                        residualSums += residual
                        weightedSums += residual * x
                        position += 8
                    }
                    var total = SIMD2(PairwiseSum.combine(residualSums), PairwiseSum.combine(weightedSums))
                    while position < first + count {
                        let row = rows[position]
                        let residual = (intercept + slope * xs[row]) - ys[row]
                        total += SIMD2(residual, residual * xs[row])
                        position += 1
                    }
                    return total
                }
            }
        }
        let count = Double(rows.count)
        gradient[0] = 2 * (0 + sums[0]) / count
        gradient[1] = 2 * (0 + sums[1]) / count
    }

    public func meanLoss(at parameters: [Double]) -> Double {
        let intercept = parameters[0]
        let slope = parameters[1]
        let sums = inputs.withUnsafeBufferPointer { xs in
            targets.withUnsafeBufferPointer { ys in
                PairwiseSum.tree(count: xs.count) { first, count in
                    var squareSums = SIMD8<Double>(repeating: -0.0)
                    var position = first
                    let fullGroupsEnd = first + (count & ~7)
                    while position < fullGroupsEnd {
                        var x = SIMD8<Double>()
                        var y = SIMD8<Double>()
                        for lane in 0..<8 {
                            x[lane] = xs[position + lane]
                            y[lane] = ys[position + lane]
                        }
                        let residual = (intercept + slope * x) - y
                        squareSums += residual * residual
                        position += 8
                    }
                    var total = SIMD2(PairwiseSum.combine(squareSums), 0)
                    while position < first + count {
                        let residual = (intercept + slope * xs[position]) - ys[position]
                        total[0] += residual * residual
                        position += 1
                    }
                    return total
                }
            }
        }
        return (0 + sums[0]) / Double(inputs.count)
    }
}
