import Core
import Foundation

/// How many rows go into each step of `sgd`.
public enum BatchSize: Equatable, Sendable {
    /// Batches of this many rows (the last of an epoch may be smaller);
    /// `rows(1)` is classic stochastic gradient descent.
    case rows(Int)
    /// One batch of the whole table: full-batch gradient descent.
    case all
}

/// The update rule applied to each batch's mean gradient: Core's
/// `UpdateRule`, the one implementation `descend` uses too.
public typealias SGDOptimizer = UpdateRule

/// How the learning rate shrinks, counted per step (one step per batch, so
/// t = 0 for the first update of the run and grows across epochs): the same
/// three schedules as `descend`, computed by Core's `LearningRateDecay`
/// (this type adds `.constant` and sgd's validation).
public enum SGDDecay: Equatable, Sendable {
    /// αₜ = α.
    case constant
    /// From α to `finalRate` (default α/100) in a straight line over `steps`
    /// steps, then held: αₜ = α + (α_ρ − α)·min(t, ρ)/ρ.
    case linear(steps: Double, finalRate: Double?)
    /// αₜ = α / (1 + ρ·t).
    case inverse(Double)
    /// αₜ = α·e^(−ρ·t), through gd's own `exp` (Core's `exponential`), so
    /// like the others it gives the same bits everywhere.
    case exponential(Double)

    /// The rate for step t (0-based) when the configured rate is `initial`.
    public func rate(initial: Double, step: Int) -> Double {
        switch self {
        case .constant: return initial
        case .linear(let steps, let finalRate): return LearningRateDecay.linear(steps: steps, final: finalRate).rate(base: initial, update: step)
        case .inverse(let rho): return LearningRateDecay.inverse(rho).rate(base: initial, update: step)
        case .exponential(let rho): return LearningRateDecay.exponential(rho).rate(base: initial, update: step)
        }
    }
}

/// Everything `sgd` takes besides the objective and the start, with the
/// documented defaults: rate 0.01, batch 32, 10 epochs, seed 0, plain SGD,
/// no decay, shuffled every epoch, a report row every epoch.
public struct SGDConfiguration: Equatable, Sendable {
    /// The learning rate α (before decay); finite and positive.
    public var rate: Double
    public var batchSize: BatchSize
    /// The number of passes over the table, 0 … `maximumEpochs`; 0 only
    /// evaluates the start.
    public var epochs: Int
    /// Seeds the generator once per run (see `SGDRandomGenerator`).
    public var seed: UInt64
    public var optimizer: SGDOptimizer
    public var decay: SGDDecay
    /// False for `noshuffle`: every epoch takes the rows in table order.
    public var shuffles: Bool
    /// `every K`: the report shows every K-th epoch (and the first and last);
    /// nil: a selection, as descend's report makes (`reportRows`).
    public var reportEvery: Int?

    public init(
        rate: Double = 0.01, batchSize: BatchSize = .rows(32), epochs: Int = 10, seed: UInt64 = 0,
        optimizer: SGDOptimizer = .plain, decay: SGDDecay = .constant, shuffles: Bool = true,
        reportEvery: Int? = nil
    ) {
        self.rate = rate
        self.batchSize = batchSize
        self.epochs = epochs
        self.seed = seed
        self.optimizer = optimizer
        self.decay = decay
        self.shuffles = shuffles
        self.reportEvery = reportEvery
    }

    /// The most epochs a run may ask for: the result keeps a point per
    /// epoch, so this bounds its memory (and the report's length).
    public static let maximumEpochs = 1_000_000

    /// Checks every setting, throwing the first that is out of range.
    public func validate() throws(SGDError) {
        guard rate.isFinite, rate > 0 else { throw .invalidRate(rate) }
        if case .rows(let rows) = batchSize, rows < 1 { throw .invalidBatchSize(rows) }
        guard epochs >= 0, epochs <= Self.maximumEpochs else { throw .invalidEpochs(epochs) }
        if let reportEvery, reportEvery < 1 { throw .invalidReportInterval(reportEvery) }
        do {
            try optimizer.validate()
        } catch {
            throw .optimizer(error)
        }
        switch decay {
        case .constant:
            break
        case .linear(let steps, let finalRate):
            guard steps.isFinite, steps > 0 else { throw .invalidDecay("linear", parameter: steps) }
            if let finalRate, !(finalRate.isFinite && finalRate >= 0) { throw .invalidFinalRate(finalRate) }
        case .inverse(let rho):
            guard rho.isFinite, rho >= 0 else { throw .invalidDecay("inverse", parameter: rho) }
        case .exponential(let rho):
            guard rho.isFinite, rho >= 0 else { throw .invalidDecay("exp", parameter: rho) }
        }
    }

    /// The seed for `seed S`: a whole number in 0 ≤ S < 2⁶⁴.
    public static func seed(from value: Double) throws(SGDError) -> UInt64 {
        // 2⁶⁴ is exactly representable; UInt64.max is not (it rounds up to it).
        guard value.isFinite, value >= 0, value < 18_446_744_073_709_551_616.0, value.rounded(.towardZero) == value
        else { throw .invalidSeed(value) }
        return UInt64(value)
    }

    /// A count typed by the user (`batch B`, `epochs E`, `every K`) as an
    /// `Int`: a whole number from 0 to 2³¹ − 1, so converting never traps;
    /// the range each option needs is checked by `validate()`.
    public static func count(from value: Double, for option: String) throws(SGDError) -> Int {
        guard value.isFinite, value >= 0, value <= Double(Int32.max), value.rounded(.towardZero) == value
        else { throw .notACount(option: option, value: value) }
        return Int(value)
    }
}
