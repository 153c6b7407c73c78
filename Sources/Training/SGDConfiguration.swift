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

/// The update rule applied to each batch's mean gradient g at step t, with
/// learning rate αₜ (after decay). Every state vector starts at zero.
///
/// The arithmetic is written exactly as below (same operations, same order)
/// so that `scripts/sgd_reference.py` reproduces it bit for bit.
public enum SGDOptimizer: Equatable, Sendable {
    /// Plain SGD: x ← x − αₜ·g.
    case plain
    /// Heavy-ball momentum as the lectures write it:
    /// v ← λ·v − αₜ·g; x ← x + v.
    case momentum(Double)
    /// Nesterov's accelerated gradient (Sutskever et al., 2013): the same as
    /// momentum, but g is taken at the look-ahead point x + λ·v.
    case nesterov(Double)
    /// AdaGrad (Duchi et al., 2011): G ← G + g·g; x ← x − (αₜ·g) / (√G + ε).
    case adagrad(epsilon: Double)
    /// RMSProp (Hinton, 2012): E ← ρ·E + (1 − ρ)·(g·g);
    /// x ← x − (αₜ·g) / (√E + ε).
    case rmsprop(decay: Double, epsilon: Double)
    /// Adam (Kingma & Ba, 2015): m ← β₁·m + (1 − β₁)·g;
    /// v ← β₂·v + (1 − β₂)·(g·g); m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ);
    /// x ← x − (αₜ·m̂) / (√v̂ + ε), with t counted from 1 and β₁ᵗ, β₂ᵗ kept
    /// as running products (β·β·…, exact IEEE products, no `pow`).
    case adam(beta1: Double, beta2: Double, epsilon: Double)

    /// λ when `momentum` is not given: 0.9.
    public static let defaultMomentum = 0.9
    /// ε of AdaGrad, RMSProp and Adam: 1e-8 (added to the square root).
    public static let defaultEpsilon = 1e-8
    /// ρ of RMSProp: 0.9 (Hinton's lecture; Keras's default).
    public static let defaultRMSPropDecay = 0.9
    /// β₁ of Adam: 0.9.
    public static let defaultBeta1 = 0.9
    /// β₂ of Adam: 0.999.
    public static let defaultBeta2 = 0.999

    /// The keywords of `optimizer NAME`, in the order the help lists them.
    public static let names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]

    /// The optimizer a user asked for with `optimizer NAME` and `momentum λ`,
    /// each optional, with the defaults above.
    ///
    /// `momentum λ` alone (or with `optimizer sgd`, as in PyTorch's
    /// `SGD(momentum=λ)`) means heavy-ball momentum; with `nesterov` it sets
    /// λ; with an adaptive method it is an error, since they have no λ.
    /// A name is matched ignoring case, `-` and `_`.
    public static func named(_ name: String?, momentum: Double?) throws(SGDError) -> SGDOptimizer {
        let key = (name ?? "sgd").lowercased().filter { $0 != "-" && $0 != "_" }
        switch key {
        case "sgd", "plain":
            if let momentum { return .momentum(momentum) }
            return .plain
        case "momentum": return .momentum(momentum ?? defaultMomentum)
        case "nesterov": return .nesterov(momentum ?? defaultMomentum)
        default: break
        }
        let adaptive: SGDOptimizer
        switch key {
        case "adagrad": adaptive = .adagrad(epsilon: defaultEpsilon)
        case "rmsprop": adaptive = .rmsprop(decay: defaultRMSPropDecay, epsilon: defaultEpsilon)
        case "adam": adaptive = .adam(beta1: defaultBeta1, beta2: defaultBeta2, epsilon: defaultEpsilon)
        default:
            let given = name ?? ""
            throw .unknownOptimizer(given, suggestion: closestMatch(to: given.lowercased(), among: names))
        }
        if momentum != nil { throw .momentumNotApplicable(optimizer: key) }
        return adaptive
    }

    /// The keyword that selects this optimizer (`sgd` for `plain`).
    public var name: String {
        switch self {
        case .plain: "sgd"
        case .momentum: "momentum"
        case .nesterov: "nesterov"
        case .adagrad: "adagrad"
        case .rmsprop: "rmsprop"
        case .adam: "adam"
        }
    }
}

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
        switch optimizer {
        case .plain:
            break
        case .momentum(let lambda), .nesterov(let lambda):
            guard lambda.isFinite, lambda >= 0, lambda < 1 else { throw .invalidMomentum(lambda) }
        case .adagrad(let epsilon):
            try Self.requirePositive(epsilon, named: "epsilon")
        case .rmsprop(let decay, let epsilon):
            try Self.requireFraction(decay, named: "decay")
            try Self.requirePositive(epsilon, named: "epsilon")
        case .adam(let beta1, let beta2, let epsilon):
            try Self.requireFraction(beta1, named: "beta1")
            try Self.requireFraction(beta2, named: "beta2")
            try Self.requirePositive(epsilon, named: "epsilon")
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

    private static func requirePositive(_ value: Double, named name: String) throws(SGDError) {
        guard value.isFinite, value > 0 else { throw .invalidOptimizerSetting(name, value) }
    }

    private static func requireFraction(_ value: Double, named name: String) throws(SGDError) {
        guard value.isFinite, value >= 0, value < 1 else { throw .invalidOptimizerSetting(name, value) }
    }
}
