// Rewrites beyond the canonical form: full expansion, and the "careful
// student" simplification that expands a product only when that makes the
// printed result smaller.

extension Expr {
    /// Largest number of terms an expansion may produce; beyond it the product
    /// is left as it is (expansion is exponential in the worst case).
    public static let maximumExpansionTerms = 20_000

    /// Products distributed over sums and integer powers of sums multiplied out,
    /// everywhere (also inside function arguments).
    ///
    ///     ((x + 1)^2).expanded()   // x^2 + 2*x + 1
    public func expanded() -> Expr {
        var memo: [Expr: Expr] = [:]
        return expanded(memo: &memo)
    }

    private func expanded(memo: inout [Expr: Expr]) -> Expr {
        if let known = memo[self] { return known }
        let result: Expr
        switch kind {
        case .number, .symbol:
            return self
        case .sum(let constant, let terms):
            result = Expr.sum([.number(constant)] + terms.map { Expr.scaledProduct($0.coefficient, $0.monomial.expanded(memo: &memo)) })
        case .product(let coefficient, let factors):
            var summands: [Expr] = [.number(coefficient)]
            var gaveUp = false
            for factor in factors {
                let expandedFactor = factor.expanded(memo: &memo)
                guard let next = Expr.distribute(summands, over: expandedFactor) else {
                    gaveUp = true
                    break
                }
                summands = next
            }
            result = gaveUp ? self : Expr.sum(summands)
        case .power(let base, let exponent):
            let expandedBase = base.expanded(memo: &memo)
            if case .sum = expandedBase.kind, let n = exponent.numberValue?.integerValue, n > 1, n <= 64 {
                var summands: [Expr] = [.one]
                var gaveUp = false
                for _ in 0..<n {
                    guard let next = Expr.distribute(summands, over: expandedBase) else {
                        gaveUp = true
                        break
                    }
                    // Collect after each multiplication so the term count stays polynomial.
                    summands = Expr.sum(next).summands
                }
                result = gaveUp ? Expr.power(expandedBase, exponent) : Expr.sum(summands)
            } else {
                result = Expr.power(expandedBase, exponent.expanded(memo: &memo))
            }
        case .call(let function, let args):
            result = Expr.call(function, args.map { $0.expanded(memo: &memo) })
        }
        memo[self] = result
        return result
    }

    /// The operands of a sum (constant first), or the expression itself.
    var summands: [Expr] {
        guard case .sum(let constant, let terms) = kind else { return [self] }
        return (constant.isZero ? [] : [.number(constant)]) + terms.map { Expr.scaledProduct($0.coefficient, $0.monomial) }
    }

    /// Σ summands × (Σ factor's summands), or nil when that exceeds the term limit.
    private static func distribute(_ summands: [Expr], over factor: Expr) -> [Expr]? {
        let parts = factor.summands
        guard summands.count * parts.count <= maximumExpansionTerms else { return nil }
        var result: [Expr] = []
        result.reserveCapacity(summands.count * parts.count)
        for s in summands {
            for p in parts { result.append(s * p) }
        }
        return result
    }

    /// Expressions above this many nodes are returned as they are by `simplified()`.
    public static let maximumSimplificationSize = 2_000

    /// The smallest form this simplifier knows, "as far as a careful student
    /// would": bottom up, each sub-expression is replaced by its expansion when
    /// that has fewer operations (`operationCount`), and kept otherwise.
    ///
    ///     (2*(x + 1)*(x - 1) + (x + 1)^2).simplified()   // 3*x^2 + 2*x - 1
    public func simplified() -> Expr {
        guard nodeCount <= Expr.maximumSimplificationSize else { return self }
        var memo: [Expr: Expr] = [:]
        let result = simplified(memo: &memo)
        // Rebuilding can reorder; never return something larger than the input.
        return result.operationCount <= operationCount ? result : self
    }

    private func simplified(memo: inout [Expr: Expr]) -> Expr {
        if let known = memo[self] { return known }
        let rebuilt: Expr
        switch kind {
        case .number, .symbol:
            return self
        case .sum(let constant, let terms):
            rebuilt = Expr.sum([.number(constant)] + terms.map { Expr.scaledProduct($0.coefficient, $0.monomial.simplified(memo: &memo)) })
        case .product(let coefficient, let factors):
            rebuilt = Expr.product([.number(coefficient)] + factors.map { $0.simplified(memo: &memo) })
        case .power(let base, let exponent):
            rebuilt = Expr.power(base.simplified(memo: &memo), exponent.simplified(memo: &memo))
        case .call(let function, let args):
            rebuilt = Expr.call(function, args.map { $0.simplified(memo: &memo) })
        }
        var result = rebuilt
        switch rebuilt.kind {
        case .sum, .product, .power:
            let candidate = rebuilt.expanded()
            if candidate != rebuilt, candidate.operationCount < rebuilt.operationCount { result = candidate }
        default:
            break
        }
        memo[self] = result
        return result
    }

    /// Number of nodes in the tree (shared sub-trees counted each time).
    public var nodeCount: Int { storage.nodeCount }
}
