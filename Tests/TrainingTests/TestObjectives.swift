@testable import Training

/// Runs the engine without looking at the process-wide Ctrl-C flag (other
/// suites in the same test process may set it).
func runSGD(
    _ objective: some RowObjective, from start: [Double], _ configuration: SGDConfiguration = SGDConfiguration()
) throws -> SGDResult {
    try stochasticGradientDescent(minimizing: objective, from: start, configuration: configuration, shouldStop: { false })
}

/// The lectures' secret-number game: ŷ = x + θ, ℓ = (x + θ − y)², one parameter θ.
func secretNumberObjective(_ points: [(x: Double, y: Double)]) -> RowClosureObjective {
    RowClosureObjective(
        rowCount: points.count, parameterCount: 1,
        rowLoss: { theta, row in
            let residual = points[row].x + theta[0] - points[row].y
            return residual * residual
        },
        rowGradient: { theta, row, gradient in
            gradient[0] = 2 * (points[row].x + theta[0] - points[row].y)
        })
}

/// The same linear model as `LinearRegressionObjective`, one row at a time.
func linearClosureObjective(inputs: [Double], targets: [Double]) -> RowClosureObjective {
    RowClosureObjective(
        rowCount: inputs.count, parameterCount: 2,
        rowLoss: { theta, row in
            let residual = (theta[0] + theta[1] * inputs[row]) - targets[row]
            return residual * residual
        },
        rowGradient: { theta, row, gradient in
            let residual = (theta[0] + theta[1] * inputs[row]) - targets[row]
            gradient[0] = 2 * residual
            gradient[1] = 2 * residual * inputs[row]
        })
}

/// A one-parameter objective over `rowCount` rows whose gradient is a fixed
/// function of θ, recording every call (the batch rows and the point).
final class RecordingObjective: RowObjective, @unchecked Sendable {
    let rowCount: Int
    let parameterCount = 1
    let loss: (Double) -> Double
    let derivative: (Double) -> Double
    var batches: [[Int]] = []
    /// The rows of each `prefetch` hint, and how many batches had run before it.
    var prefetches: [(rows: [Int], afterBatches: Int)] = []
    var evaluationPoints: [Double] = []
    var failure: (any Error)?
    var failAfterBatches = Int.max

    init(rowCount: Int, loss: @escaping (Double) -> Double, derivative: @escaping (Double) -> Double) {
        self.rowCount = rowCount
        self.loss = loss
        self.derivative = derivative
    }

    func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int>, into gradient: inout [Double]) throws {
        if batches.count >= failAfterBatches, let failure { throw failure }
        batches.append(Array(rows))
        evaluationPoints.append(parameters[0])
        gradient[0] = derivative(parameters[0])
    }

    func meanLoss(at parameters: [Double]) -> Double { loss(parameters[0]) }

    func prefetch(rows: UnsafeBufferPointer<Int>) { prefetches.append((Array(rows), batches.count)) }
}

/// Uniform doubles in [low, high) from the sgd generator, for fixed-seed property tests.
func uniformValues(count: Int, seed: UInt64, in range: Range<Double>) -> [Double] {
    var generator = SGDRandomGenerator(seed: seed)
    return (0..<count).map { _ in
        range.lowerBound + (range.upperBound - range.lowerBound) * Double(generator.next() >> 11) * 0x1p-53
    }
}
