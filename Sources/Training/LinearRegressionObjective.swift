/// Least squares for a straight line through two columns, the lectures'
/// first model: ŷᵢ = θ₀ + θ₁·xᵢ and ℓᵢ(θ) = (ŷᵢ − yᵢ)², with parameters
/// `[θ₀, θ₁]` (intercept, slope).
///
/// Its gradient is ∂ℓᵢ/∂θ₀ = 2rᵢ and ∂ℓᵢ/∂θ₁ = 2rᵢxᵢ with the residual
/// rᵢ = (θ₀ + θ₁·xᵢ) − yᵢ, evaluated in exactly that order. The means are
/// `2·Σrᵢ / m` and `2·Σ(rᵢ·xᵢ) / m` (doubling is exact, so this equals
/// summing the per-row gradients), summed by `fixedOrderSum`'s lane rule.
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

    public func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int32>, into gradient: inout [Double]) {
        let intercept = parameters[0]
        let slope = parameters[1]
        var residualSums = SIMD4<Double>(repeating: 0)
        var weightedSums = SIMD4<Double>(repeating: 0)
        inputs.withUnsafeBufferPointer { xs in
            targets.withUnsafeBufferPointer { ys in
                // Gather four rows at a time into vectors: lane l takes batch
                // positions l, l+4, l+8, … as the lane rule asks.
                var position = 0
                let fullGroupsEnd = rows.count - rows.count % 4
                while position < fullGroupsEnd {
                    let row0 = Int(rows[position])
                    let row1 = Int(rows[position + 1])
                    let row2 = Int(rows[position + 2])
                    let row3 = Int(rows[position + 3])
                    let x = SIMD4(xs[row0], xs[row1], xs[row2], xs[row3])
                    let y = SIMD4(ys[row0], ys[row1], ys[row2], ys[row3])
                    let residual = (intercept + slope * x) - y
                    residualSums += residual
                    weightedSums += residual * x
                    position += 4
                }
                var lane = 0
                while position < rows.count {
                    let row = Int(rows[position])
                    let residual = (intercept + slope * xs[row]) - ys[row]
                    residualSums[lane] += residual
                    weightedSums[lane] += residual * xs[row]
                    position += 1
                    lane += 1
                }
            }
        }
        let count = Double(rows.count)
        gradient[0] = 2 * combineLanes(residualSums) / count
        gradient[1] = 2 * combineLanes(weightedSums) / count
    }

    public func meanLoss(at parameters: [Double]) -> Double {
        let intercept = parameters[0]
        let slope = parameters[1]
        var squareSums = SIMD4<Double>(repeating: 0)
        inputs.withUnsafeBufferPointer { xs in
            targets.withUnsafeBufferPointer { ys in
                var position = 0
                let fullGroupsEnd = xs.count - xs.count % 4
                while position < fullGroupsEnd {
                    let x = SIMD4(xs[position], xs[position + 1], xs[position + 2], xs[position + 3])
                    let y = SIMD4(ys[position], ys[position + 1], ys[position + 2], ys[position + 3])
                    let residual = (intercept + slope * x) - y
                    squareSums += residual * residual
                    position += 4
                }
                var lane = 0
                while position < xs.count {
                    let residual = (intercept + slope * xs[position]) - ys[position]
                    squareSums[lane] += residual * residual
                    position += 1
                    lane += 1
                }
            }
        }
        return combineLanes(squareSums) / Double(inputs.count)
    }
}
