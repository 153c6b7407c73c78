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
    shouldStop: (() -> Bool)? = nil,
    progress: ((SGDProgress) -> Void)? = nil,
    observing observedStep: Int? = nil,
    observer: ((SGDStepObservation) -> Void)? = nil
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
    var optimizer = UpdateRuleState(configuration.optimizer, parameterCount: parameterCount)
    var gradient = [Double](repeating: 0, count: parameterCount)
    var lookAheadPoint = parameters
    var order = RowOrder(rowCount: rowCount, batchSize: batchSize)
    defer { order.deallocate() }
    var steps = 0
    var completedEpochs = 0
    var stop = SGDStop.completed
    var stoppedInsideEpoch = false

    // Ctrl-C by default, polled without a task-local lookup per batch (that
    // lookup cost a twentieth of a batch-32 step).
    let interrupt = Interrupt.poll()
    let stopRequested = shouldStop ?? { interrupt.isRequested }
    order.fillIdentity()
    epochs: while completedEpochs < configuration.epochs {
        let epoch = completedEpochs + 1
        if configuration.shuffles {
            if epoch > 1 { order.fillIdentity() }
            order.shuffle(&generator)
        }
        var batch = 0
        var batchStart = 0
        var rows = order.batch(0..<min(batchSize, rowCount))
        while batchStart < rowCount {
            if stopRequested() {
                stop = .interrupted(epoch: epoch, batch: batch)
                stoppedInsideEpoch = batch > 0
                break epochs
            }
            let batchEnd = min(batchStart + batchSize, rowCount)
            let nextRows = batchEnd < rowCount ? order.batch(batchEnd..<min(batchEnd + batchSize, rowCount)) : rows
            if batchEnd < rowCount { objective.prefetch(rows: nextRows) }
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
            if let observer, observedStep.map({ $0 == steps + 1 }) ?? true {
                // `explain R step K` replays the run to this update and reads it whole;
                // with no step given, every update is observed (`every step`, `plot R steps`).
                let before = optimizer, point = parameters
                optimizer.update(&parameters, gradient: gradient, rate: rate)
                observer(SGDStepObservation(step: steps + 1, epoch: epoch, batch: batch + 1, rows: Array(rows), point: point,
                                            evaluatedAt: optimizer.evaluatesAhead ? lookAheadPoint : point, gradient: gradient,
                                            rate: rate, stateBefore: before, result: parameters))
            } else {
                optimizer.update(&parameters, gradient: gradient, rate: rate)
            }
            steps += 1
            batch += 1
            batchStart = batchEnd
            rows = nextRows
            if !allFinite(parameters) {
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

/// One update of a run, as `explain R step K` shows it: the batch's rows,
/// the point, the mean gradient, the rate and the rule's state before it.
public struct SGDStepObservation: Sendable {
    /// The update's number in the run, from 1.
    public var step: Int
    /// The epoch and the batch within it, both from 1.
    public var epoch: Int
    public var batch: Int
    /// The batch's rows, 0-based, in the order the shuffle gave them.
    public var rows: [Int]
    /// θ before the update.
    public var point: [Double]
    /// Where the gradient was taken: θ, or Nesterov's look-ahead θ + λv.
    public var evaluatedAt: [Double]
    /// The batch's mean gradient there.
    public var gradient: [Double]
    /// αₜ after decay.
    public var rate: Double
    public var stateBefore: UpdateRuleState
    /// θ after the update.
    public var result: [Double]
}

/// The engine's row order, shuffled each epoch and handed out a batch at a
/// time as a buffer of row numbers (a pointer into storage of its own: an
/// array slice would retain and release the array twice a batch).
///
/// With fewer than 2^32 rows and batches of at most `narrowBatchLimit`
/// rows, the order is kept as 32-bit row numbers, as a C programmer's loop
/// keeps it: half the memory the shuffle's random swaps and the batches'
/// reads go through. Each batch is widened into one of two small buffers
/// of `Int`s (the objective's interface) when handed out: the next batch
/// (prefetched) and the current one are both valid at once. The shuffle
/// is the same permutation for either width (`SGDRandomGenerator.shuffle`).
/// Measured, the lecture's `sgd ... batch 32 epochs 10` on 10^6 rows as a
/// whole command, medians of 5 alternated runs: 163 → 147 ms (the lean C
/// loop's 10 epochs: 134 ms; with 64-bit indices it loses 2–3.5 ms an epoch).
/// Widening costs about 40 instructions a batch of 32.
private struct RowOrder {
    /// The order when it is kept as 32-bit row numbers, else nil.
    let narrow: UnsafeMutableBufferPointer<UInt32>?
    /// The order as `Int`s when it is not narrow; else the two batch buffers.
    let wide: UnsafeMutableBufferPointer<Int>
    let batchSize: Int
    /// Which batch buffer the next batch goes into.
    private var nextBuffer = 0

    /// Batches larger than this keep an `Int` order (two widened batches
    /// of `batch all` would cost more memory than the order saves).
    static let narrowBatchLimit = 1 << 16

    init(rowCount: Int, batchSize: Int) {
        self.batchSize = batchSize
        if rowCount <= Int(UInt32.max), batchSize <= Self.narrowBatchLimit {
            narrow = .allocate(capacity: rowCount)
            wide = .allocate(capacity: 2 * batchSize)
        } else {
            narrow = nil
            wide = .allocate(capacity: rowCount)
        }
    }

    func deallocate() {
        narrow?.deallocate()
        wide.deallocate()
    }

    func fillIdentity() {
        if let narrow { SGDRandomGenerator.fillIdentity(narrow) } else { SGDRandomGenerator.fillIdentity(wide) }
    }

    func shuffle(_ generator: inout SGDRandomGenerator) {
        if let narrow { generator.shuffle(narrow) } else { generator.shuffle(wide) }
    }

    /// The rows at `positions` of the order, valid until the next batch but one is asked for.
    @inline(__always)
    mutating func batch(_ positions: Range<Int>) -> UnsafeBufferPointer<Int> {
        guard let narrow, let narrowBase = narrow.baseAddress, let wideBase = wide.baseAddress else {
            return UnsafeBufferPointer(rebasing: wide[positions])
        }
        let destination = wideBase + nextBuffer * batchSize
        nextBuffer ^= 1
        let source = narrowBase + positions.lowerBound
        for k in 0..<positions.count { destination[k] = Int(source[k]) }
        return UnsafeBufferPointer(start: destination, count: positions.count)
    }
}

/// Checked after every update: a plain loop (`allSatisfy` with a key path
/// was a call and a closure a step).
@inline(__always)
private func allFinite(_ values: [Double]) -> Bool {
    for value in values where !value.isFinite { return false }
    return true
}
