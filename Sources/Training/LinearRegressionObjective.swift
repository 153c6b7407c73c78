/// Least squares for a straight line through two columns, the lectures'
/// first model: ŷᵢ = θ₀ + θ₁·xᵢ and ℓᵢ(θ) = (ŷᵢ − yᵢ)², with parameters
/// `[θ₀, θ₁]` (intercept, slope).
///
/// Its gradient is ∂ℓᵢ/∂θ₀ = 2rᵢ and ∂ℓᵢ/∂θ₁ = 2rᵢxᵢ with the residual
/// rᵢ = (θ₀ + θ₁·xᵢ) − yᵢ, evaluated in exactly that order. The means are
/// `2·Σrᵢ / m` and `2·Σ(rᵢ·xᵢ) / m` (doubling is exact, so this equals
/// summing the per-row gradients), summed in `fixedOrderSum`'s order.
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
        // The sums live inside the innermost closure (returned, not captured)
        // so that they stay in registers.
        let (residualSums, weightedSums) = inputs.withUnsafeBufferPointer { xs in
            targets.withUnsafeBufferPointer { ys in
                var residualSums = SIMD8<Double>(repeating: 0)
                var weightedSums = SIMD8<Double>(repeating: 0)
                // Gather eight rows at a time into vectors: lane l takes
                // batch positions l, l+8, l+16, … as the fixed order asks.
                var position = 0
                let fullGroupsEnd = rows.count - rows.count % 8
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
                var lane = 0
                while position < rows.count {
                    let row = rows[position]
                    let residual = (intercept + slope * xs[row]) - ys[row]
                    residualSums[lane] += residual
                    weightedSums[lane] += residual * xs[row]
                    position += 1
                    lane += 1
                }
                return (residualSums, weightedSums)
            }
        }
        let count = Double(rows.count)
        gradient[0] = 2 * combineLanes(residualSums) / count
        gradient[1] = 2 * combineLanes(weightedSums) / count
    }

    public func meanLoss(at parameters: [Double]) -> Double {
        let intercept = parameters[0]
        let slope = parameters[1]
        var squareSums = SIMD8<Double>(repeating: 0)
        inputs.withUnsafeBufferPointer { xs in
            targets.withUnsafeBufferPointer { ys in
                var position = 0
                let fullGroupsEnd = xs.count - xs.count % 8
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
