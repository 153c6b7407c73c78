import Core

// Symbolic differentiation. Every rule of calculus is applied here, once:
//
//   d(c + Σ aᵢ·mᵢ)   = Σ aᵢ·dmᵢ                                   sum rule
//   d(c · Π fᵢ)      = Σᵢ c · (Π_{j≠i} fⱼ) · dfᵢ                     product / quotient rule
//   d(u^n)           = n·u^(n−1)·du            (n free of x)         power rule (+ chain)
//   d(a^u)           = a^u·ln(a)·du            (a free of x)         exponential rule
//   d(u^v)           = u^v·(dv·ln(u) + v·du/u)                       general power rule
//   d f(u₁…uₙ)       = Σₖ ∂f/∂uₖ · duₖ          (∂f/∂uₖ from the table) chain rule
//   d mean(u)        = mean(du), d sum(u) = sum(du)                   linearity
//
// Results are built by the smart constructors, which collect like terms and
// cancel (σ(u)^-1 · σ(u)·(1 − σ(u)) = 1 − σ(u)) without expanding products.

extension Expr {
    /// The largest n accepted by `derivative(withRespectTo:order:)`.
    public static let maximumDerivativeOrder = 100

    /// d/d`variable` of this expression, in canonical form.
    ///
    ///     (x^2 - 4*x + 5).derivative(withRespectTo: "x")   // 2*x - 4
    ///
    /// The rules' result is then `simplified()`: a product is expanded only when
    /// that makes the printed result smaller.
    public func derivative(withRespectTo variable: String) -> Expr {
        var differentiator = Differentiator(variable: variable, recording: false)
        return differentiator.derivative(self).simplified()
    }

    /// Results with more nodes than this end `derivative(withRespectTo:order:)`
    /// with `SymbolicError.resultTooLarge` (high derivatives of σ(x²) or x^x grow
    /// exponentially; printing a million nodes helps no one).
    public static let maximumResultNodes = 1_000_000

    /// The `order`-th derivative (0 ≤ order ≤ 100); stops early once it is 0.
    ///
    /// This is the entry point for user-sized work: it polls `Interrupt.isRequested`
    /// (throwing Core's `Interrupted`) and throws `SymbolicError.resultTooLarge`
    /// rather than grow without bound; other errors are `SymbolicError`s.
    public func derivative(withRespectTo variable: String, order: Int) throws -> Expr {
        guard order >= 0, order <= Expr.maximumDerivativeOrder else { throw SymbolicError.derivativeOrderOutOfRange(order) }
        var result = self
        for step in 0..<order {
            if result.numberValue?.isZero ?? false { break }
            var differentiator = Differentiator(variable: variable, recording: false, interruptible: true)
            let raw = differentiator.derivative(result)
            if differentiator.interrupted || Interrupt.isRequested { throw Interrupted() }
            result = raw.simplified()
            if result.nodeCount > Expr.maximumResultNodes { throw SymbolicError.resultTooLarge(order: step + 1) }
        }
        return result
    }

    /// The partial derivatives with respect to `variables`, in their order.
    ///
    /// Each entry equals `derivative(withRespectTo:)` of its variable; the
    /// partials are simplified together, so the factors they share are
    /// simplified once (see `Expr.simplified(_:)`).
    public func gradient(withRespectTo variables: [String]) -> [Expr] {
        Expr.simplified(variables.map { variable in
            var differentiator = Differentiator(variable: variable, recording: false)
            return differentiator.derivative(self)
        })
    }

    /// The matrix of second partials ∂²/∂vᵢ∂vⱼ. Computed for j ≥ i and mirrored,
    /// so the printed matrix is symmetric.
    public func hessian(withRespectTo variables: [String]) -> [[Expr]] {
        // Unbounded: `nodeLimit: nil` never throws.
        (try? hessian(withRespectTo: variables, nodeLimit: nil)) ?? []
    }

    // MARK: Bounded, for what a user typed

    /// `derivative(withRespectTo:)` for formulas a user typed, which may be
    /// nested thousands deep: a formula nested N deep has a chain-rule
    /// derivative of about N²/2 nodes, built by sorting products of up to N
    /// deep factors (12,000 nested sines took hours). Throws
    /// `SymbolicError.derivativeTooLarge` as soon as a rule builds a result
    /// of more than `nodeLimit` nodes (before simplification, which may
    /// shrink it), and Core's `Interrupted` at Ctrl-C (polled at every node).
    public func derivative(withRespectTo variable: String, nodeLimit: Int) throws -> Expr {
        var differentiator = Differentiator(variable: variable, recording: false, interruptible: true, nodeLimit: nodeLimit)
        return try differentiator.boundedDerivative(self).simplified()
    }

    /// `gradient(withRespectTo:)` bounded as `derivative(withRespectTo:nodeLimit:)` is.
    public func gradient(withRespectTo variables: [String], nodeLimit: Int) throws -> [Expr] {
        Expr.simplified(try variables.map { variable in
            var differentiator = Differentiator(variable: variable, recording: false, interruptible: true, nodeLimit: nodeLimit)
            return try differentiator.boundedDerivative(self)
        })
    }

    /// `hessian(withRespectTo:)`, bounded as `derivative(withRespectTo:nodeLimit:)`
    /// is for each first and second partial; nil for no bound.
    public func hessian(withRespectTo variables: [String], nodeLimit: Int?) throws -> [[Expr]] {
        let firsts = try nodeLimit.map { try gradient(withRespectTo: variables, nodeLimit: $0) } ?? gradient(withRespectTo: variables)
        // The upper triangle's raw second partials, then simplified together
        // (each equals its own `simplified()`): the entries repeat the
        // gradient's factors, so what they share is simplified once.
        var raw: [Expr] = []
        for i in variables.indices {
            for j in i..<variables.count {
                var differentiator = Differentiator(variable: variables[j], recording: false, interruptible: nodeLimit != nil, nodeLimit: nodeLimit ?? .max)
                raw.append(try nodeLimit == nil ? differentiator.derivative(firsts[i]) : differentiator.boundedDerivative(firsts[i]))
            }
        }
        let entries = Expr.simplified(raw)
        var matrix = Array(repeating: Array(repeating: Expr.zero, count: variables.count), count: variables.count)
        var k = 0
        for i in variables.indices {
            for j in i..<variables.count {
                matrix[i][j] = entries[k]
                matrix[j][i] = entries[k]
                k += 1
            }
        }
        return matrix
    }

    /// `derivation(withRespectTo:)` bounded as `derivative(withRespectTo:nodeLimit:)` is.
    public func derivation(withRespectTo variable: String, nodeLimit: Int) throws -> [DerivationStep] {
        var differentiator = Differentiator(variable: variable, recording: true, interruptible: true, nodeLimit: nodeLimit)
        let result = try differentiator.boundedDerivative(self)
        return derivation(differentiator, result: result)
    }

    /// The derivation of d/d`variable`, one step per rule applied, innermost
    /// first; the last step's result is exactly `derivative(withRespectTo:)`.
    /// Sub-expressions free of the variable and the variable itself need no step.
    public func derivation(withRespectTo variable: String) -> [DerivationStep] {
        var differentiator = Differentiator(variable: variable, recording: true)
        let result = differentiator.derivative(self)
        return derivation(differentiator, result: result)
    }

    /// The steps a recording differentiator took on this expression, with
    /// the trivial first step and the simplification step where they apply.
    private func derivation(_ differentiator: Differentiator, result: Expr) -> [DerivationStep] {
        let variable = differentiator.variable
        var steps = differentiator.steps
        if steps.last?.result != result || steps.last?.expression != self {
            // Trivial cases (a constant, the variable itself) have no rule step yet.
            steps.append(DerivationStep(expression: self, variable: variable, rule: contains(symbol: variable) ? .variable : .constant, result: result))
        }
        let simplified = result.simplified()
        if simplified != result {
            steps.append(DerivationStep(expression: self, variable: variable, rule: .simplify, result: simplified))
        }
        return steps
    }
}

/// One step of a derivation: d/d`variable` of `expression` is `result`, by `rule`.
public struct DerivationStep: Sendable, Equatable {
    public let expression: Expr
    public let variable: String
    public let rule: DerivationRule
    public let result: Expr
    /// The sub-expression as the user wrote it, when the derivation walked
    /// the written formula (`Formula.derivation`); it is what the step shows.
    public let written: Formula?

    public init(expression: Expr, variable: String, rule: DerivationRule, result: Expr, written: Formula? = nil) {
        self.expression = expression
        self.variable = variable
        self.rule = rule
        self.result = result
        self.written = written
    }
}

/// The rule a derivation step applies.
public enum DerivationRule: Sendable, Equatable, CustomStringConvertible {
    case constant
    case variable
    case sum
    case constantMultiple
    case product
    case quotient
    /// d(u^n) = n·u^(n−1)·du; `chain` when u is not the variable itself.
    case power(chain: Bool)
    case exponential
    case generalPower
    /// A built-in's own derivative; `chain` when its argument is not the variable itself.
    case function(BuiltinFunction, chain: Bool)
    case linearity(BuiltinFunction)
    /// The result rewritten to a smaller equal form: multiplied out, a common
    /// factor pulled out, or fractions over one denominator.
    case simplify

    public var description: String {
        switch self {
        case .constant: return "constant"
        case .variable: return "variable"
        case .sum: return "sum rule"
        case .constantMultiple: return "constant multiple"
        case .product: return "product rule"
        case .quotient: return "quotient rule"
        case .power(let chain): return chain ? "power rule and chain rule" : "power rule"
        case .exponential: return "exponential rule, d a^u = a^u*ln(a)*du"
        case .generalPower: return "general power rule, d u^v = u^v*(ln(u)*dv + v*du/u)"
        case .function(let f, let chain): return (chain ? "chain rule with " : "") + "\(f.ruleName), \(f.ruleText)"
        case .linearity(let f): return f.ruleName + ", " + f.ruleText
        case .simplify: return "simplify (an equal, smaller form)"
        }
    }
}

extension DerivationStep {
    /// Numbered lines, one step each:
    /// `3. chain rule with derivative of ln, d ln(u) = du/u: d/da ln(σ(a*x + b)) = x*(1 - σ(a*x + b))`.
    public static func render(_ steps: [DerivationStep]) -> String {
        steps.enumerated().map { index, step in
            let subject: String
            if let written = step.written?.ungrouped {
                switch written.kind {
                case .binary(.power, _, _): subject = written.description
                case .binary, .negate: subject = "(\(written))"
                default: subject = written.description
                }
            } else {
                switch step.expression.kind {
                case .sum, .product: subject = "(\(step.expression))"
                default: subject = step.expression.description
                }
            }
            return "\(index + 1). \(step.rule): d/d\(step.variable) \(subject) = \(step.result)"
        }.joined(separator: "\n")
    }
}

/// Walks an expression applying the rules; memoised per sub-expression.
struct Differentiator {
    let variable: String
    let mask: UInt64
    let recording: Bool
    var memo = ExprMap<Expr>()
    var steps: [DerivationStep] = []

    let interruptible: Bool
    /// Set when `Interrupt.isRequested` was seen; the result is then meaningless.
    var interrupted = false
    /// The most nodes a rule's result may have; past it the walk stops
    /// (`exceeded`), and its result is meaningless.
    let nodeLimit: Int
    var exceeded = false

    init(variable: String, recording: Bool, interruptible: Bool = false, nodeLimit: Int = .max) {
        self.variable = variable
        self.mask = symbolMaskBit(variable)
        self.recording = recording
        self.interruptible = interruptible
        self.nodeLimit = nodeLimit
    }

    /// `derivative(e)`, throwing when the walk was stopped: Core's
    /// `Interrupted` at Ctrl-C, `SymbolicError.derivativeTooLarge` past `nodeLimit`.
    mutating func boundedDerivative(_ e: Expr) throws -> Expr {
        let result = derivative(e)
        if interrupted { throw Interrupted() }
        if exceeded { throw SymbolicError.derivativeTooLarge(nodeLimit: nodeLimit) }
        return result
    }

    mutating func derivative(_ e: Expr) -> Expr {
        // A `nan` or `inf` anywhere makes the function nan or infinite
        // everywhere it is defined: no derivative, so nan (not the
        // derivative of the finite part).
        if e.storage.hasNonFiniteConstant { return .number(.nan) }
        if !e.mayContain(symbolMask: mask) { return .zero }
        if exceeded { return .zero }
        if interruptible && (interrupted || Interrupt.isRequested) {
            interrupted = true
            return .zero
        }
        switch e.kind {
        case .number: return .zero
        case .symbol(let name): return name == variable ? .one : .zero
        default: break
        }
        // Memoising pays off for shared sub-trees of some size; small ones are
        // cheaper to differentiate again than to hash into the table.
        let memoise = recording || e.storage.nodeCount >= 12
        if memoise, let known = memo[e] { return known }
        let (result, rule) = apply(e)
        if result.storage.nodeCount > nodeLimit {
            exceeded = true
            return .zero
        }
        if memoise { memo[e] = result }
        if recording, let rule { steps.append(DerivationStep(expression: e, variable: variable, rule: rule, result: result)) }
        return result
    }

    private func isVariable(_ e: Expr) -> Bool { e.symbolName == variable }

    /// The derivative of a compound expression and the rule used (nil: nothing to explain).
    private mutating func apply(_ e: Expr) -> (Expr, DerivationRule?) {
        switch e.kind {
        case .number, .symbol:
            return (derivative(e), nil)

        case .sum(_, let terms):
            var parts: [Expr] = []
            for term in terms where term.monomial.mayContain(symbolMask: mask) {
                if recording && !term.coefficient.isOne {
                    // Explain `10*x^3` as one constant multiple (same result as 10·d(x^3)).
                    let d = derivative(Expr.scaledMonomial(term.coefficient, term.monomial))
                    if !d.isZero { parts.append(d) }
                    continue
                }
                let d = derivative(term.monomial)
                if !d.isZero { parts.append(Expr.scaledProduct(term.coefficient, d)) }
            }
            return (Expr.sum(parts), .sum)

        case .product(let coefficient, let factors):
            let dependent = factors.indices.filter { factors[$0].contains(symbol: variable, mask: mask) }
            if dependent.isEmpty { return (.zero, nil) }
            var parts: [Expr] = []
            for i in dependent {
                let d = derivative(factors[i])
                if d.isZero { continue }
                var operands: [Expr] = []
                operands.reserveCapacity(factors.count)
                for j in factors.indices where j != i { operands.append(factors[j]) }
                operands.append(d)
                parts.append(Expr.product(coefficient: coefficient, operands))
            }
            let rule: DerivationRule
            if dependent.count == 1 {
                rule = .constantMultiple
            } else {
                let inDenominator = dependent.contains { i in factors[i].baseAndExponent.exponent.numberValue?.isNegative ?? false }
                let inNumerator = dependent.contains { i in !(factors[i].baseAndExponent.exponent.numberValue?.isNegative ?? false) }
                rule = inDenominator && inNumerator ? .quotient : .product
            }
            return (Expr.sum(parts), rule)

        case .power(let base, let exponent):
            let baseDepends = base.contains(symbol: variable, mask: mask)
            let exponentDepends = exponent.contains(symbol: variable, mask: mask)
            if !exponentDepends {
                // d(u^n) = n·u^(n−1)·du
                let du = derivative(base)
                let lowered = exponent.numberValue.map { Expr.number($0 - .one) } ?? exponent - 1
                let result = Expr.product([exponent, Expr.power(base, lowered), du])
                return (result, .power(chain: !isVariable(base)))
            }
            if !baseDepends {
                // d(a^u) = a^u·ln(a)·du
                let du = derivative(exponent)
                return (Expr.product([e, Expr.call(.ln, [base]), du]), .exponential)
            }
            let du = derivative(base), dv = derivative(exponent)
            let inner = Expr.sum([dv * Expr.call(.ln, [base]), exponent * du / base])
            return (e * inner, .generalPower)

        case .call(let function, let args):
            if function.isLinearReduction {
                let inner = args.map { derivative($0) }
                return (Expr.call(function, inner), .linearity(function))
            }
            // The chain rule: d f(u₁…uₙ) = Σₖ ∂f/∂uₖ · duₖ.
            let partials = function.partialDerivatives(at: args) ?? []
            var parts: [Expr] = []
            for (k, arg) in args.enumerated() where k < partials.count && arg.mayContain(symbolMask: mask) {
                let du = derivative(arg)
                if !du.isZero { parts.append(partials[k] * du) }
            }
            let chain = !(args.count == 1 && isVariable(args[0]))
            return (Expr.sum(parts), .function(function, chain: chain))
        }
    }
}

extension Expr {
    /// `coefficient · e` without building a temporary number node when the coefficient is 1.
    static func scaledProduct(_ coefficient: Number, _ e: Expr) -> Expr {
        scaled(e, by: coefficient)
    }
}
