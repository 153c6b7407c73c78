/// A `RowObjective` from two closures over one row at a time: a simple,
/// general adapter (for tests, and for losses with no compiled form), slower
/// than a column-block implementation because it calls a closure per row.
///
/// Sums follow `fixedOrderSum`'s lane rule: the k-th row of a batch (or of
/// the table, for the loss) adds into lane k mod 4, lanes combined as
/// (s₀ + s₁) + (s₂ + s₃), then divided by the row count.
public struct RowClosureObjective: RowObjective {
    public let rowCount: Int
    public let parameterCount: Int
    /// ℓᵢ(θ) for row i.
    public let rowLoss: (_ parameters: [Double], _ row: Int) throws -> Double
    /// Writes ∇ℓᵢ(θ) for row i into `gradient` (`parameterCount` values).
    public let rowGradient: (_ parameters: [Double], _ row: Int, _ gradient: inout [Double]) throws -> Void

    public init(
        rowCount: Int, parameterCount: Int,
        rowLoss: @escaping (_ parameters: [Double], _ row: Int) throws -> Double,
        rowGradient: @escaping (_ parameters: [Double], _ row: Int, _ gradient: inout [Double]) throws -> Void
    ) {
        self.rowCount = rowCount
        self.parameterCount = parameterCount
        self.rowLoss = rowLoss
        self.rowGradient = rowGradient
    }

    public func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int32>, into gradient: inout [Double]) throws {
        var laneSums = [SIMD4<Double>](repeating: SIMD4(repeating: 0), count: parameterCount)
        var rowGradientValues = [Double](repeating: 0, count: parameterCount)
        for (position, row) in rows.enumerated() {
            try rowGradient(parameters, Int(row), &rowGradientValues)
            for j in 0..<parameterCount {
                laneSums[j][position % 4] += rowGradientValues[j]
            }
        }
        let count = Double(rows.count)
        for j in 0..<parameterCount {
            gradient[j] = combineLanes(laneSums[j]) / count
        }
    }

    public func meanLoss(at parameters: [Double]) throws -> Double {
        var lanes = SIMD4<Double>(repeating: 0)
        for row in 0..<rowCount {
            lanes[row % 4] += try rowLoss(parameters, row)
        }
        return combineLanes(lanes) / Double(rowCount)
    }
}
