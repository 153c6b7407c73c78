/// A `RowObjective` from two closures over one row at a time: a simple,
/// general adapter (for tests, and for losses with no compiled form), slower
/// than a column-block implementation because it calls a closure per row.
///
/// Sums follow `pairwiseSum`'s order: the per-row values of a batch (or of
/// the table, for the loss) are collected in order and summed pairwise, then
/// divided by the row count.
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
        var terms = [[Double]](repeating: [], count: parameterCount)
        var rowGradientValues = [Double](repeating: 0, count: parameterCount)
        for row in rows {
            try rowGradient(parameters, row, &rowGradientValues)
            for j in 0..<parameterCount { terms[j].append(rowGradientValues[j]) }
        }
        let count = Double(rows.count)
        for j in 0..<parameterCount {
            gradient[j] = pairwiseSum(terms[j]) / count
        }
    }

    public func meanLoss(at parameters: [Double]) throws -> Double {
        var losses: [Double] = []
        losses.reserveCapacity(rowCount)
        for row in 0..<rowCount { losses.append(try rowLoss(parameters, row)) }
        return pairwiseSum(losses) / Double(rowCount)
    }
}
