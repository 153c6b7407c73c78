import Core

/// Why a run of `sgd` ended.
public enum SGDStop: Equatable, Sendable {
    /// Every epoch ran.
    case completed
    /// A parameter or the whole-table loss stopped being finite, found after
    /// batch `batch` (1-based) of epoch `epoch` (1-based); when the loss at
    /// the end of an epoch is what failed, `batch` is the epoch's last.
    case diverged(epoch: Int, batch: Int)
    /// Ctrl-C (or the caller's stop check) was seen before batch `batch + 1`
    /// of epoch `epoch`: `batch` batches of that epoch had run.
    case interrupted(epoch: Int, batch: Int)
}

/// The outcome of `stochasticGradientDescent`, with the fields the user reads
/// (`.x .fun .path .losses .epochs`) and what the report needs.
public struct SGDResult: Equatable, Sendable {
    /// The parameters at the end.
    public var x: [Double]
    /// The loss over the whole table at `x`.
    public var fun: Double
    /// The start, then the parameters at the end of each epoch; after a stop
    /// in the middle of an epoch, also the point where it stopped.
    public var path: [[Double]]
    /// The whole-table loss at each point of `path`.
    public var losses: [Double]
    /// The number of epochs completed.
    public var epochs: Int
    /// The number of updates taken (one per batch).
    public var steps: Int
    /// Batches in one epoch, ⌈n / B⌉.
    public var batchesPerEpoch: Int
    /// The number of rows in a batch, B (the last of an epoch may be smaller).
    public var batchSize: Int
    /// The number of rows in the table, n.
    public var rowCount: Int
    public var stop: SGDStop
    /// The settings of the run, as validated.
    public var configuration: SGDConfiguration

    public init(
        x: [Double], fun: Double, path: [[Double]], losses: [Double], epochs: Int, steps: Int, batchesPerEpoch: Int,
        batchSize: Int, rowCount: Int, stop: SGDStop, configuration: SGDConfiguration
    ) {
        self.x = x
        self.fun = fun
        self.path = path
        self.losses = losses
        self.epochs = epochs
        self.steps = steps
        self.batchesPerEpoch = batchesPerEpoch
        self.batchSize = batchSize
        self.rowCount = rowCount
        self.stop = stop
        self.configuration = configuration
    }

    /// True when the last point of `path` lies inside an epoch (a run
    /// stopped by divergence or Ctrl-C part way through one).
    public var endsInsideEpoch: Bool { path.count > epochs + 1 }

    /// True when the run was stopped by Ctrl-C (the session exits with 130
    /// in a script).
    public var wasInterrupted: Bool {
        if case .interrupted = stop { return true }
        return false
    }

    /// One English sentence saying why the run stopped, the report's last line.
    public var reason: String {
        let stepsText = "\(steps) step\(steps == 1 ? "" : "s")"
        switch stop {
        case .completed:
            let rows = batchSize == 1 ? "1 row" : "\(batchSize) rows"
            let batches = batchesPerEpoch == 1 ? "1 batch of \(rows)" : "\(batchesPerEpoch) batches of \(rows)"
            let summary = "Completed \(epochs) epoch\(epochs == 1 ? "" : "s") of \(batches) (\(stepsText)); loss \(formatNumber(fun))."
            // A diagnosis, not a stop: ending above the start usually means the rate is too large.
            guard let startLoss = losses.first, fun > startLoss else { return summary }
            return summary + " The loss ended above its start (\(formatNumber(startLoss))): the rate may be too large; try a smaller rate, such as \(smallerRate)."
        case .diverged(let epoch, let batch):
            let what = x.allSatisfy(\.isFinite) ? "the loss became \(formatNumber(fun))" : "the parameters became \(describeNonFinite(x))"
            return "Diverged in epoch \(epoch) at batch \(batch) (\(stepsText)): \(what); try a smaller rate, such as \(smallerRate)."
        case .interrupted(let epoch, let batch):
            return "Interrupted in epoch \(epoch) after batch \(batch) of \(batchesPerEpoch) (\(stepsText)); the result holds the parameters where it stopped."
        }
    }

    /// The rate suggested after a divergence: a tenth of the one used.
    private var smallerRate: String { formatNumber(configuration.rate / 10, significantDigits: 6) }

    private func describeNonFinite(_ values: [Double]) -> String {
        values.first(where: { $0.isNaN }).map(formatNumber) ?? values.first(where: { !$0.isFinite }).map(formatNumber) ?? "non-finite"
    }
}

/// What `stochasticGradientDescent` tells its progress callback after each
/// completed epoch (for a progress bar; the report is rendered afterwards).
public struct SGDProgress: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var loss: Double
    public var parameters: [Double]
}
