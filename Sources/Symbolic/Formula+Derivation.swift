// The derivation `explain` shows, walked over the formula as the user wrote
// it: each step names a sub-expression in the user's own form (`15*x^3`, not
// the canonical `-3*x^3/2` of a quartic divided by 10), applies one rule of
// calculus, and gives its result in canonical form. A chain of `+` and `-`
// is one sum rule. The steps end at exactly what `diff` prints.

extension Formula {
    /// The steps of d/d`variable` of this formula, innermost first; the last
    /// step's result is `canonical().derivative(withRespectTo: variable)`.
    /// Throws for a comparison, which has no derivative.
    public func derivation(withRespectTo variable: String) throws(SymbolicError) -> [DerivationStep] {
        let canonicalForm = try canonical()
        var walker = FormulaDerivationWalker(variable: variable)
        let raw = try walker.derivative(self)
        var steps = walker.steps
        let target = canonicalForm.derivative(withRespectTo: variable)
        if steps.isEmpty {
            steps.append(DerivationStep(expression: canonicalForm, variable: variable,
                                        rule: contains(variable) ? .variable : .constant, result: raw, written: self))
        }
        // The rules' result, brought to the form `diff` prints: an equal expression.
        if raw != target {
            steps.append(DerivationStep(expression: canonicalForm, variable: variable, rule: .simplify, result: target, written: self))
        }
        return steps
    }

    /// True when the symbol occurs.
    func contains(_ name: String) -> Bool { mentions(any: [name]) }
}

/// Walks a formula applying the rules, recording one step per rule.
private struct FormulaDerivationWalker {
    let variable: String
    var steps: [DerivationStep] = []
    /// A sub-formula met again (σ(w*x + b) in both logs of a loss) is
    /// explained once, as the differentiator memoises it.
    var memo: [Formula: Expr] = [:]

    init(variable: String) { self.variable = variable }

    mutating func derivative(_ f: Formula) throws(SymbolicError) -> Expr {
        if !f.contains(variable) { return .zero }
        switch f.kind {
        case .number, .integer: return .zero
        case .symbol(let name): return name == variable ? .one : .zero
        case .group(let inner): return try derivative(inner)
        default: break
        }
        if let known = memo[f] { return known }
        let (result, rule) = try apply(f)
        memo[f] = result
        steps.append(DerivationStep(expression: try f.canonical(), variable: variable, rule: rule, result: result, written: f))
        return result
    }

    /// The operands of a chain of `+` and `-` (through groups), with their signs.
    private func summands(_ f: Formula, negated: Bool = false, into result: inout [(Formula, Bool)]) {
        switch f.kind {
        case .binary(.add, let a, let b):
            summands(a, negated: negated, into: &result)
            summands(b, negated: negated, into: &result)
        case .binary(.subtract, let a, let b):
            summands(a, negated: negated, into: &result)
            summands(b, negated: !negated, into: &result)
        default:
            result.append((f, negated))
        }
    }

    private mutating func apply(_ f: Formula) throws(SymbolicError) -> (Expr, DerivationRule) {
        switch f.kind {
        case .negate(let a):
            return (-(try derivative(a)), .constantMultiple)
        case .binary(.add, _, _), .binary(.subtract, _, _):
            var parts: [(Formula, Bool)] = []
            summands(f, into: &parts)
            var terms: [Expr] = []
            for (part, negated) in parts {
                let d = try derivative(part)
                terms.append(negated ? -d : d)
            }
            return (Expr.sum(terms), .sum)
        case .binary(.multiply, let a, let b):
            let aDepends = a.contains(variable), bDepends = b.contains(variable)
            if !aDepends { return (try a.canonical() * derivative(b), .constantMultiple) }
            if !bDepends { return (try derivative(a) * b.canonical(), .constantMultiple) }
            let da = try derivative(a), db = try derivative(b)
            return (Expr.sum([da * (try b.canonical()), try a.canonical() * db]), .product)
        case .binary(.divide, let a, let b):
            if !b.contains(variable) { return (try derivative(a) / b.canonical(), .constantMultiple) }
            let da = try derivative(a), db = try derivative(b)
            let u = try a.canonical(), v = try b.canonical()
            return ((da * v - u * db) / Expr.power(v, 2), .quotient)
        case .binary(.power, let a, let b):
            let u = try a.canonical(), n = try b.canonical()
            if !b.contains(variable) {
                let du = try derivative(a)
                let lowered = n.numberValue.map { Expr.number($0 - .one) } ?? n - 1
                return (Expr.product([n, Expr.power(u, lowered), du]), .power(chain: a.ungrouped.symbolName != variable))
            }
            if !a.contains(variable) {
                let dv = try derivative(b)
                return (Expr.product([Expr.power(u, n), Expr.call(.ln, [u]), dv]), .exponential)
            }
            let du = try derivative(a), dv = try derivative(b)
            let inner = Expr.sum([dv * Expr.call(.ln, [u]), n * du / u])
            return (Expr.power(u, n) * inner, .generalPower)
        case .binary(let op, _, _):
            throw SymbolicError.noAlgebra(op.rawValue)
        case .call(let function, let args):
            var values: [Expr] = []
            for arg in args { values.append(try arg.canonical()) }
            if function.isLinearReduction {
                var inner: [Expr] = []
                for arg in args { inner.append(try derivative(arg)) }
                return (Expr.call(function, inner), .linearity(function))
            }
            // The chain rule: d f(u₁…uₙ) = Σₖ ∂f/∂uₖ · duₖ.
            let partials = function.partialDerivatives(at: values) ?? []
            var parts: [Expr] = []
            for (k, arg) in args.enumerated() where k < partials.count && arg.contains(variable) {
                let du = try derivative(arg)
                if !du.isZero { parts.append(partials[k] * du) }
            }
            let chain = !(args.count == 1 && args[0].ungrouped.symbolName == variable)
            return (Expr.sum(parts), .function(function, chain: chain))
        case .number, .integer, .symbol, .group:
            // Handled by `derivative` before a rule is applied.
            return (.zero, .constant)
        }
    }
}

extension Formula {
    /// The name when this is a symbol.
    var symbolName: String? {
        if case .symbol(let name) = kind { return name }
        return nil
    }
}
