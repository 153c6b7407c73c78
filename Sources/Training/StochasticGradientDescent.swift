import Core

/// Mini-batch stochastic gradient descent over the rows of a table, the
/// engine of gd's `sgd` command.
///
/// The lectures' loop (LING 282 deck; Bottou, "Large-scale machine learning
/// with stochastic gradient descent", 2010):
///
///     for each epoch:
///         order ← shuffle(0 … n−1)          (unless noshuffle)
///         for each batch b of B consecutive rows of order (the last may be smaller):
///             g ← (1/|b|) Σ_{i∈b} ∇ℓᵢ(θ)
///             θ ← update(θ, g, αₜ)          (the optimizer's rule, t = steps so far)
///         record θ and L(θ) = (1/n) Σᵢ ℓᵢ(θ)
///
/// The generator is seeded once per run with `configuration.seed` and each
/// epoch shuffles the identity order afresh, so a seed fixes the run to the
/// bit on every machine (all sums follow `pairwiseSum`'s order). The
/// run stops early when a parameter or the whole-table loss is no longer
/// finite (`SGDStop.diverged`), or when `shouldStop` answers true, polled
/// before every batch (`SGDStop.interrupted`); either way the result holds
/// the parameters where it stopped. An objective that throws `Interrupted`
/// from `meanGradient` stops the run the same way (from `meanLoss` it is
/// rethrown: the whole-table loss of a stopped run is still computed).
///
/// - Parameters:
///   - objective: the per-row loss and its gradient over the table.
///   - start: θ at the start, one finite value per parameter.
///   - configuration: rate, batch, epochs, seed, optimizer, decay, shuffling.
///   - shouldStop: polled before each batch; Ctrl-C's flag by default.
///   - progress: called after each completed epoch.
/// - Throws: `SGDError` when a setting, the start or the table is unusable
///   (including a loss at the start that is not finite), and any error of
///   the objective other than `Interrupted`.
public func stochasticGradientDescent(
    minimizing objective: some RowObjective,
    from start: [Double],
    configuration: SGDConfiguration = SGDConfiguration(),
    shouldStop: () -> Bool = { Interrupt.isRequested },
    progress: ((SGDProgress) -> Void)? = nil
) throws -> SGDResult {
    try configuration.validate()
    let rowCount = objective.rowCount
    let parameterCount = objective.parameterCount
    guard parameterCount > 0 else { throw SGDError.noParameters }
    guard start.count == parameterCount else {
        throw SGDError.startLengthMismatch(expected: parameterCount, actual: start.count)
    }
    if let index = start.firstIndex(where: { !$0.isFinite }) {
        throw SGDError.nonFiniteStart(index: index, value: start[index])
    }
    guard rowCount > 0 else { throw SGDError.emptyTable }

    let batchSize: Int
    switch configuration.batchSize {
    case .all: batchSize = rowCount
    case .rows(let rows): batchSize = min(rows, rowCount)
    }
    let batchesPerEpoch = (rowCount + batchSize - 1) / batchSize

    var parameters = start
    let startLoss = try objective.meanLoss(at: parameters)
    guard startLoss.isFinite else { throw SGDError.nonFiniteStartLoss(startLoss) }

    var path = [parameters]
    var losses = [startLoss]
    var generator = SGDRandomGenerator(seed: configuration.seed)
    var optimizer = OptimizerState(configuration.optimizer, parameterCount: parameterCount)
    var gradient = [Double](repeating: 0, count: parameterCount)
    var lookAheadPoint = parameters
    // The row order, in a buffer of its own: a batch is handed out as a
    // pointer into it (an array slice would retain and release the array
    // twice a batch).
    let order = UnsafeMutableBufferPointer<Int>.allocate(capacity: rowCount)
    defer { order.deallocate() }
    var steps = 0
    var completedEpochs = 0
    var stop = SGDStop.completed
    var stoppedInsideEpoch = false

    SGDRandomGenerator.fillIdentity(order)
    epochs: while completedEpochs < configuration.epochs {
        let epoch = completedEpochs + 1
        if configuration.shuffles {
            if epoch > 1 { SGDRandomGenerator.fillIdentity(order) }
            generator.shuffle(order)
        }
        var batch = 0
        var batchStart = 0
        while batchStart < rowCount {
            if shouldStop() {
                stop = .interrupted(epoch: epoch, batch: batch)
                stoppedInsideEpoch = batch > 0
                break epochs
            }
            let batchEnd = min(batchStart + batchSize, rowCount)
            if batchEnd < rowCount {
                objective.prefetch(rows: UnsafeBufferPointer(rebasing: order[batchEnd..<min(batchEnd + batchSize, rowCount)]))
            }
            let rows = UnsafeBufferPointer(rebasing: order[batchStart..<batchEnd])
            do {
                if optimizer.evaluatesAhead {
                    optimizer.lookAhead(from: parameters, into: &lookAheadPoint)
                    try objective.meanGradient(at: lookAheadPoint, rows: rows, into: &gradient)
                } else {
                    try objective.meanGradient(at: parameters, rows: rows, into: &gradient)
                }
            } catch is Interrupted {
                stop = .interrupted(epoch: epoch, batch: batch)
                stoppedInsideEpoch = batch > 0
                break epochs
            }
            let rate = configuration.decay.rate(initial: configuration.rate, step: steps)
            optimizer.update(&parameters, gradient: gradient, rate: rate)
            steps += 1
            batch += 1
            batchStart = batchEnd
            if !parameters.allSatisfy(\.isFinite) {
                stop = .diverged(epoch: epoch, batch: batch)
                stoppedInsideEpoch = true
                break epochs
            }
        }
        let loss = try objective.meanLoss(at: parameters)
        completedEpochs = epoch
        path.append(parameters)
        losses.append(loss)
        progress?(SGDProgress(epoch: epoch, epochs: configuration.epochs, loss: loss, parameters: parameters))
        if !loss.isFinite {
            stop = .diverged(epoch: epoch, batch: batch)
            break epochs
        }
    }

    // A stop inside an epoch adds the point where it stopped, unless no
    // step of that epoch had run (then it is the last point already).
    if stoppedInsideEpoch {
        path.append(parameters)
        losses.append(try objective.meanLoss(at: parameters))
    }

    return SGDResult(
        x: parameters, fun: losses[losses.count - 1], path: path, losses: losses, epochs: completedEpochs,
        steps: steps, batchesPerEpoch: batchesPerEpoch, batchSize: batchSize, rowCount: rowCount, stop: stop,
        configuration: configuration)
}

/// The optimizer's running state (velocity, squared-gradient averages, Adam's
/// moments) and its update rule; the formulas are documented on
/// `SGDOptimizer` and written here in exactly that order.
struct OptimizerState {
    let optimizer: SGDOptimizer
    /// Velocity v (momentum, Nesterov), G (AdaGrad), E (RMSProp) or m (Adam).
    var first: [Double]
    /// Adam's v.
    var second: [Double]
    /// β₁ᵗ and β₂ᵗ for Adam's bias correction, as running products.
    var beta1Power = 1.0
    var beta2Power = 1.0

    init(_ optimizer: SGDOptimizer, parameterCount: Int) {
        self.optimizer = optimizer
        first = [Double](repeating: 0, count: parameterCount)
        if case .adam = optimizer {
            second = [Double](repeating: 0, count: parameterCount)
        } else {
            second = []
        }
    }

    /// True for Nesterov, whose gradient is taken at x + λ·v.
    var evaluatesAhead: Bool {
        if case .nesterov = optimizer { return true }
        return false
    }

    /// point ← x + λ·v (Nesterov's look-ahead).
    func lookAhead(from parameters: [Double], into point: inout [Double]) {
        guard case .nesterov(let lambda) = optimizer else { return }
        for j in parameters.indices {
            point[j] = parameters[j] + lambda * first[j]
        }
    }

    mutating func update(_ x: inout [Double], gradient g: [Double], rate: Double) {
        switch optimizer {
        case .plain:
            for j in x.indices {
                x[j] = x[j] - rate * g[j]
            }
        case .momentum(let lambda), .nesterov(let lambda):
            for j in x.indices {
                first[j] = lambda * first[j] - rate * g[j]
                x[j] = x[j] + first[j]
            }
        case .adagrad(let epsilon):
            for j in x.indices {
                first[j] = first[j] + g[j] * g[j]
                x[j] = x[j] - rate * g[j] / (first[j].squareRoot() + epsilon)
            }
        case .rmsprop(let decay, let epsilon):
            for j in x.indices {
                first[j] = decay * first[j] + (1 - decay) * (g[j] * g[j])
                x[j] = x[j] - rate * g[j] / (first[j].squareRoot() + epsilon)
            }
        case .adam(let beta1, let beta2, let epsilon):
            beta1Power = beta1Power * beta1
            beta2Power = beta2Power * beta2
            for j in x.indices {
                first[j] = beta1 * first[j] + (1 - beta1) * g[j]
                second[j] = beta2 * second[j] + (1 - beta2) * (g[j] * g[j])
                let firstCorrected = first[j] / (1 - beta1Power)
                let secondCorrected = second[j] / (1 - beta2Power)
                x[j] = x[j] - rate * firstCorrected / (secondCorrected.squareRoot() + epsilon)
            }
        }
    }
}
