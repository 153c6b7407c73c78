/// The update rules of `descend` and `sgd` (LANGUAGE.md, `help descend`,
/// `help sgd`): the one implementation of each, read by both commands.
///
/// Each rule maps the gradient g at step t (counted from 1) and the learning
/// rate αₜ (after decay) to a new point. Every state vector starts at zero.
/// The arithmetic is written exactly as each formula below reads, left to
/// right, with the same operations in the same order, so that a plain Python
/// transcription of the formula (`scripts/sgd_reference.py`,
/// `scripts/descend_reference.py`) reproduces a run bit for bit.
public enum UpdateRule: Equatable, Sendable {
    /// Plain gradient descent: x ← x − αₜ·g.
    case plain
    /// Heavy-ball momentum as the lectures write it:
    /// v ← λ·v − αₜ·g; x ← x + v.
    case momentum(Double)
    /// Nesterov's accelerated gradient (Sutskever et al., 2013): the same as
    /// momentum, but g is taken at the look-ahead point x + λ·v.
    case nesterov(Double)
    /// AdaGrad (Duchi et al., 2011): G ← G + g·g; x ← x − αₜ·g / (√G + ε).
    case adagrad(epsilon: Double)
    /// RMSProp (Hinton, 2012): E ← ρ·E + (1 − ρ)·(g·g);
    /// x ← x − αₜ·g / (√E + ε).
    case rmsprop(decay: Double, epsilon: Double)
    /// Adam (Kingma & Ba, 2015): m ← β₁·m + (1 − β₁)·g;
    /// v ← β₂·v + (1 − β₂)·(g·g); m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ);
    /// x ← x − αₜ·m̂ / (√v̂ + ε), where β₁ᵗ and β₂ᵗ are running products
    /// (β₁ᵗ = β₁ᵗ⁻¹·β₁, starting from 1: no `pow`, so every machine agrees).
    case adam(beta1: Double, beta2: Double, epsilon: Double)

    /// PyTorch's defaults (torch.optim), except λ: `optimizer momentum`
    /// without `momentum λ` means λ = 0.9, the usual choice (PyTorch's
    /// SGD has momentum 0, which is plain descent here).
    public static let defaultMomentum = 0.9
    /// ε of RMSProp and Adam (PyTorch: 1e-8).
    public static let defaultEpsilon = 1e-8
    /// ε of AdaGrad (PyTorch: 1e-10).
    public static let defaultAdaGradEpsilon = 1e-10
    /// ρ of RMSProp (PyTorch's `alpha`: 0.99).
    public static let defaultRMSPropDecay = 0.99
    /// β₁ of Adam (PyTorch: 0.9).
    public static let defaultBeta1 = 0.9
    /// β₂ of Adam (PyTorch: 0.999).
    public static let defaultBeta2 = 0.999

    /// The keywords of `optimizer NAME`, in the order the help lists them.
    public static let names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]

    /// The hyperparameters a user may name, with the rules each applies to.
    public enum Setting: String, Sendable, CaseIterable {
        case momentum, beta1, beta2, eps, rho

        /// The rules (by keyword) that take this setting.
        public var appliesTo: [String] {
            switch self {
            case .momentum: ["sgd", "momentum", "nesterov"]
            case .beta1, .beta2: ["adam"]
            case .eps: ["adagrad", "rmsprop", "adam"]
            case .rho: ["rmsprop"]
            }
        }
    }

    /// The rule a user asked for with `optimizer NAME` and the named
    /// hyperparameters, each optional, with the defaults above, validated.
    ///
    /// `momentum λ` alone (or with `optimizer sgd`, as in PyTorch's
    /// `SGD(momentum=λ)`) means heavy-ball momentum. A setting the rule does
    /// not have is an error. A name is matched ignoring case, `-` and `_`.
    public static func named(
        _ name: String?, momentum: Double? = nil, beta1: Double? = nil, beta2: Double? = nil, epsilon: Double? = nil,
        rho: Double? = nil
    ) throws(UpdateRuleError) -> UpdateRule {
        let key = (name ?? "sgd").lowercased().filter { $0 != "-" && $0 != "_" }
        let canonical = key == "plain" ? "sgd" : key
        guard names.contains(canonical) else {
            let given = name ?? ""
            throw .unknown(given, suggestion: closestMatch(to: given.lowercased(), among: names))
        }
        let given: [(Setting, Double?)] = [(.momentum, momentum), (.beta1, beta1), (.beta2, beta2), (.eps, epsilon), (.rho, rho)]
        for (setting, value) in given where value != nil && !setting.appliesTo.contains(canonical) {
            throw .notApplicable(setting, rule: canonical)
        }
        let rule: UpdateRule
        switch canonical {
        case "sgd": rule = momentum.map { .momentum($0) } ?? .plain
        case "momentum": rule = .momentum(momentum ?? defaultMomentum)
        case "nesterov": rule = .nesterov(momentum ?? defaultMomentum)
        case "adagrad": rule = .adagrad(epsilon: epsilon ?? defaultAdaGradEpsilon)
        case "rmsprop": rule = .rmsprop(decay: rho ?? defaultRMSPropDecay, epsilon: epsilon ?? defaultEpsilon)
        default: rule = .adam(beta1: beta1 ?? defaultBeta1, beta2: beta2 ?? defaultBeta2, epsilon: epsilon ?? defaultEpsilon)
        }
        try rule.validate()
        return rule
    }

    /// Checks each hyperparameter: λ, ρ, β₁, β₂ in [0, 1); ε finite and positive.
    public func validate() throws(UpdateRuleError) {
        func fraction(_ value: Double, _ setting: Setting) throws(UpdateRuleError) {
            guard value.isFinite, value >= 0, value < 1 else { throw .invalid(setting, value) }
        }
        func positive(_ value: Double, _ setting: Setting) throws(UpdateRuleError) {
            guard value.isFinite, value > 0 else { throw .invalid(setting, value) }
        }
        switch self {
        case .plain: break
        case .momentum(let lambda), .nesterov(let lambda): try fraction(lambda, .momentum)
        case .adagrad(let epsilon): try positive(epsilon, .eps)
        case .rmsprop(let decay, let epsilon):
            try fraction(decay, .rho)
            try positive(epsilon, .eps)
        case .adam(let beta1, let beta2, let epsilon):
            try fraction(beta1, .beta1)
            try fraction(beta2, .beta2)
            try positive(epsilon, .eps)
        }
    }

    /// The keyword that selects this rule (`sgd` for `plain`).
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

    /// The hyperparameters in force, by their keywords, in a fixed order
    /// (for results, reports and legends).
    public var settings: [(name: String, value: Double)] {
        switch self {
        case .plain: []
        case .momentum(let lambda), .nesterov(let lambda): [("momentum", lambda)]
        case .adagrad(let epsilon): [("eps", epsilon)]
        case .rmsprop(let decay, let epsilon): [("rho", decay), ("eps", epsilon)]
        case .adam(let beta1, let beta2, let epsilon): [("beta1", beta1), ("beta2", beta2), ("eps", epsilon)]
        }
    }

    /// True for Nesterov, whose gradient is taken at x + λ·v.
    public var evaluatesAhead: Bool {
        if case .nesterov = self { return true }
        return false
    }
}

/// Why a rule's settings cannot be used; `setting` names the keyword at fault.
public enum UpdateRuleError: Error, Equatable, Sendable {
    case unknown(String, suggestion: String?)
    case notApplicable(UpdateRule.Setting, rule: String)
    case invalid(UpdateRule.Setting, Double)

    /// The option keyword to point at: `optimizer` or the setting's own.
    public var keyword: String {
        switch self {
        case .unknown: "optimizer"
        case .notApplicable(let setting, _), .invalid(let setting, _): setting.rawValue
        }
    }

    public var message: String {
        switch self {
        case .unknown(let name, _):
            "unknown optimizer '\(name)'; the optimizers are \(UpdateRule.names.joined(separator: ", "))"
        case .notApplicable(let setting, let rule):
            "'\(setting.rawValue)' applies to optimizer \(setting.appliesTo.joined(separator: " or ")), not \(rule)"
        case .invalid(.momentum, let value):
            "the momentum must be at least 0 and below 1, not \(formatNumber(value))"
        case .invalid(.eps, let value):
            "eps must be a positive number, not \(formatNumber(value))"
        case .invalid(let setting, let value):
            "\(setting.rawValue) must be at least 0 and below 1, not \(formatNumber(value))"
        }
    }

    /// A "did you mean" hint, when there is one.
    public var note: String? {
        if case .unknown(_, let suggestion?) = self { return "did you mean '\(suggestion)'?" }
        if case .invalid(.momentum, let value) = self, value >= 1 {
            return "with λ ≥ 1 each step keeps the whole last step and adds to it: the run never settles, whatever the rate (0.9 is usual)"
        }
        return nil
    }
}

/// A rule's running state (velocity, squared-gradient sums or averages,
/// Adam's moments) and the update itself.
public struct UpdateRuleState: Sendable {
    public let rule: UpdateRule
    /// Velocity v (momentum, Nesterov), G (AdaGrad), E (RMSProp) or m (Adam).
    public var first: [Double]
    /// Adam's v (empty for the other rules).
    public var second: [Double]
    /// β₁ᵗ and β₂ᵗ for Adam's bias correction, as running products.
    public var beta1Power = 1.0
    public var beta2Power = 1.0
    /// Updates taken so far (t after an update).
    public var step = 0

    public init(_ rule: UpdateRule, parameterCount: Int) {
        self.rule = rule
        first = [Double](repeating: 0, count: parameterCount)
        if case .adam = rule {
            second = [Double](repeating: 0, count: parameterCount)
        } else {
            second = []
        }
    }

    /// True for Nesterov, whose gradient is taken at x + λ·v.
    public var evaluatesAhead: Bool { rule.evaluatesAhead }

    /// The look-ahead on arrays (`point` must have x's length).
    public func lookAhead(from x: [Double], into point: inout [Double]) {
        x.withUnsafeBufferPointer { x in point.withUnsafeMutableBufferPointer { lookAhead(from: x, into: $0) } }
    }

    /// point ← x + λ·v (Nesterov's look-ahead; a copy of x for the other rules).
    @inlinable
    public func lookAhead(from x: UnsafeBufferPointer<Double>, into point: UnsafeMutableBufferPointer<Double>) {
        guard case .nesterov(let lambda) = rule else {
            for j in 0..<x.count { point[j] = x[j] }
            return
        }
        for j in 0..<x.count { point[j] = x[j] + lambda * first[j] }
    }

    /// One update of x in place from the gradient g and the rate αₜ.
    /// Always inlined: for a small problem the call and the rule's switch
    /// were a tenth of a descent step.
    @inlinable @inline(__always)
    public mutating func update(_ x: UnsafeMutableBufferPointer<Double>, gradient g: UnsafeBufferPointer<Double>, rate: Double) {
        step += 1
        switch rule {
        case .plain:
            for j in 0..<x.count { x[j] = UpdateRuleState.plain(x: x[j], g: g[j], rate: rate) }
        case .momentum(let lambda), .nesterov(let lambda):
            for j in 0..<x.count { (first[j], x[j]) = UpdateRuleState.momentum(x: x[j], v: first[j], g: g[j], rate: rate, lambda: lambda) }
        case .adagrad(let epsilon):
            for j in 0..<x.count { (first[j], x[j]) = UpdateRuleState.adagrad(x: x[j], sum: first[j], g: g[j], rate: rate, epsilon: epsilon) }
        case .rmsprop(let decay, let epsilon):
            for j in 0..<x.count {
                (first[j], x[j]) = UpdateRuleState.rmsprop(x: x[j], average: first[j], g: g[j], rate: rate, decay: decay, epsilon: epsilon)
            }
        case .adam(let beta1, let beta2, let epsilon):
            beta1Power = beta1Power * beta1
            beta2Power = beta2Power * beta2
            for j in 0..<x.count {
                let s = UpdateRuleState.adam(x: x[j], m: first[j], v: second[j], g: g[j], rate: rate, beta1: beta1, beta2: beta2,
                                             epsilon: epsilon, beta1Power: beta1Power, beta2Power: beta2Power)
                first[j] = s.m
                second[j] = s.v
                x[j] = s.x
            }
        }
    }

    /// The same update on arrays.
    public mutating func update(_ x: inout [Double], gradient g: [Double], rate: Double) {
        x.withUnsafeMutableBufferPointer { point in
            g.withUnsafeBufferPointer { gradient in update(point, gradient: gradient, rate: rate) }
        }
    }

    // Each rule for one coordinate: the formula, once. `update` calls these,
    // and `explain … step` calls them to show the intermediate quantities.

    /// x − α·g
    @inlinable @inline(__always)
    public static func plain(x: Double, g: Double, rate: Double) -> Double {
        x - rate * g
    }

    /// v ← λ·v − α·g; x ← x + v
    @inlinable @inline(__always)
    public static func momentum(x: Double, v: Double, g: Double, rate: Double, lambda: Double) -> (v: Double, x: Double) {
        let velocity = lambda * v - rate * g
        return (velocity, x + velocity)
    }

    /// G ← G + g·g; x ← x − α·g / (√G + ε)
    @inlinable @inline(__always)
    public static func adagrad(x: Double, sum: Double, g: Double, rate: Double, epsilon: Double) -> (sum: Double, x: Double) {
        let total = sum + g * g
        return (total, x - rate * g / (total.squareRoot() + epsilon))
    }

    /// E ← ρ·E + (1 − ρ)·(g·g); x ← x − α·g / (√E + ε)
    @inlinable @inline(__always)
    public static func rmsprop(x: Double, average: Double, g: Double, rate: Double, decay: Double, epsilon: Double) -> (average: Double, x: Double) {
        let mean = decay * average + (1 - decay) * (g * g)
        return (mean, x - rate * g / (mean.squareRoot() + epsilon))
    }

    /// m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·(g·g); m̂ = m/(1 − β₁ᵗ);
    /// v̂ = v/(1 − β₂ᵗ); x ← x − α·m̂ / (√v̂ + ε), with β₁ᵗ, β₂ᵗ already
    /// advanced to this step.
    @inlinable @inline(__always)
    public static func adam(
        x: Double, m: Double, v: Double, g: Double, rate: Double, beta1: Double, beta2: Double, epsilon: Double,
        beta1Power: Double, beta2Power: Double
    ) -> (m: Double, v: Double, mHat: Double, vHat: Double, x: Double) {
        let m = beta1 * m + (1 - beta1) * g
        let v = beta2 * v + (1 - beta2) * (g * g)
        let mHat = m / (1 - beta1Power)
        let vHat = v / (1 - beta2Power)
        return (m, v, mHat, vHat, x - rate * mHat / (vHat.squareRoot() + epsilon))
    }
}
