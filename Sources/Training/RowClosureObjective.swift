/// A `RowObjective` from two closures over one row at a time: a simple,
/// general adapter (for tests, and for losses with no compiled form), slower
/// than a column-block implementation because it calls a closure per row.
///
/// Sums follow `fixedOrderSum`'s order: the k-th row of a batch (or of the
/// table, for the loss) adds into lane k mod 8, the lanes are combined by
/// `combineLanes`, then divided by the row count.
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

    public func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int>, into gradient: inout [Double]) throws {
        var laneSums = [SIMD8<Double>](repeating: SIMD8(repeating: 0), count: parameterCount)
        var rowGradientValues = [Double](repeating: 0, count: parameterCount)
        for (position, row) in rows.enumerated() {
            try rowGradient(parameters, row, &rowGradientValues)
            for j in 0..<parameterCount {
                laneSums[j][position % 8] += rowGradientValues[j]
            }
        }
        let count = Double(rows.count)
        for j in 0..<parameterCount {
            gradient[j] = combineLanes(laneSums[j]) / count
        }
    }

    public func meanLoss(at parameters: [Double]) throws -> Double {
        var lanes = SIMD8<Double>(repeating: 0)
        for row in 0..<rowCount {
            lanes[row % 8] += try rowLoss(parameters, row)
        }
        return combineLanes(lanes) / Double(rowCount)
    }
}
