import Core
import Foundation

extension Expr {
    /// Values of the built-in constants `e`, `pi` and `π`, used when a lookup
    /// does not bind them.
    public static let constantValues: [String: Double] = Constants.symbolic

    /// The value under IEEE arithmetic with symbols bound by `lookup` (then by
    /// `constantValues`); nil when some symbol is unbound.
    ///
    /// Powers use `pow`, as Python's `**`; built-ins use their table `evaluate`;
    /// `sum` and `mean` of a scalar are the scalar. Column data is evaluated by
    /// the compiled program, not here.
    public func evaluate(_ lookup: (String) -> Double?) -> Double? {
        switch kind {
        case .number(let n):
            return n.doubleValue
        case .symbol(let name):
            return lookup(name) ?? Expr.constantValues[name]
        case .sum(let constant, let terms):
            var total = 0.0
            for term in terms {
                guard let value = term.monomial.evaluate(lookup) else { return nil }
                total += term.coefficient.isOne ? value : term.coefficient.doubleValue * value
            }
            return total + constant.doubleValue
        case .product(let coefficient, let factors):
            var total = coefficient.doubleValue
            for factor in factors {
                guard let value = factor.evaluate(lookup) else { return nil }
                total *= value
            }
            return total
        case .power(let base, let exponent):
            guard let b = base.evaluate(lookup), let e = exponent.evaluate(lookup) else { return nil }
            return Foundation.pow(b, e)
        case .call(let function, let args):
            var values: [Double] = []
            values.reserveCapacity(args.count)
            for arg in args {
                guard let value = arg.evaluate(lookup) else { return nil }
                values.append(value)
            }
            return function.evaluate(values)
        }
    }

    /// The value with symbols bound by a dictionary (see `evaluate(_:)`).
    public func evaluate(_ bindings: [String: Double]) -> Double? {
        evaluate { bindings[$0] }
    }

    /// Replaces symbols by expressions, all at once, and re-canonicalises.
    ///
    ///     (x^2 + y).substituting(["x": 3])   // y + 9
    public func substituting(_ replacements: [String: Expr]) -> Expr {
        var mask: UInt64 = 0
        for name in replacements.keys { mask |= symbolMaskBit(name) }
        var memo = ExprMap<Expr>()
        return substituting(replacements, mask: mask, memo: &memo)
    }

    private func substituting(_ replacements: [String: Expr], mask: UInt64, memo: inout ExprMap<Expr>) -> Expr {
        if !mayContain(symbolMask: mask) { return self }
        if let known = memo[self] { return known }
        let result: Expr
        switch kind {
        case .number:
            result = self
        case .symbol(let name):
            result = replacements[name] ?? self
        case .sum(let constant, let terms):
            result = Expr.sum(
                [.number(constant)]
                    + terms.map { Expr.scaledProduct($0.coefficient, $0.monomial.substituting(replacements, mask: mask, memo: &memo)) })
        case .product(let coefficient, let factors):
            result = Expr.product([.number(coefficient)] + factors.map { $0.substituting(replacements, mask: mask, memo: &memo) })
        case .power(let base, let exponent):
            result = Expr.power(
                base.substituting(replacements, mask: mask, memo: &memo), exponent.substituting(replacements, mask: mask, memo: &memo))
        case .call(let function, let args):
            result = Expr.call(function, args.map { $0.substituting(replacements, mask: mask, memo: &memo) })
        }
        memo[self] = result
        return result
    }

    /// Every symbol name that occurs (including constants such as `e` and `pi`).
    public var freeSymbols: Set<String> {
        var names: Set<String> = []
        var seen = IdentitySet()
        collectSymbols(into: &names, &seen)
        return names
    }

    /// The free symbols in canonical order (constants, Greek names, plain names, columns).
    public var sortedFreeSymbols: [String] {
        freeSymbols.sorted { Expr.compareSymbolNames($0, $1) < 0 }
    }

    /// Visits each shared part once (`seen`): an expression built by
    /// repeated self-reference is exponentially larger written out.
    private func collectSymbols(into names: inout Set<String>, _ seen: inout IdentitySet) {
        switch kind {
        case .number: return
        case .symbol(let name): names.insert(name)
        default: guard seen.insert(ObjectIdentifier(storage)) else { return }
        }
        switch kind {
        case .number, .symbol: return
        case .sum(_, let terms): for term in terms { term.monomial.collectSymbols(into: &names, &seen) }
        case .product(_, let factors): for factor in factors { factor.collectSymbols(into: &names, &seen) }
        case .power(let base, let exponent):
            base.collectSymbols(into: &names, &seen)
            exponent.collectSymbols(into: &names, &seen)
        case .call(_, let args): for arg in args { arg.collectSymbols(into: &names, &seen) }
        }
    }

    /// Every sub-expression that is a call of `function` (e.g. the `mean(…)` reductions).
    public func calls(of function: BuiltinFunction) -> [Expr] {
        var found: [Expr] = []
        var seen = ExprMap<Bool>()
        func walk(_ e: Expr) {
            guard seen[e] == nil else { return }
            seen[e] = true
            switch e.kind {
            case .number, .symbol: return
            case .sum(_, let terms): for term in terms { walk(term.monomial) }
            case .product(_, let factors): for factor in factors { walk(factor) }
            case .power(let base, let exponent):
                walk(base)
                walk(exponent)
            case .call(let f, let args):
                if f == function { found.append(e) }
                for arg in args { walk(arg) }
            }
        }
        walk(self)
        return found
    }
}
