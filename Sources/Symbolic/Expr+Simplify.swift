import Foundation

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
        var memo = ExprMap<Expr>()
        return expanded(memo: &memo)
    }

    private func expanded(memo: inout ExprMap<Expr>) -> Expr {
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
        return (constant.isZero ? [] : [.number(constant)]) + terms.map { Expr.scaledMonomial($0.coefficient, $0.monomial) }
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

    /// Products with more operations than this are multiplied out in
    /// `simplified()` only when that gives at most `maximumCheapExpansionTerms` terms.
    public static let maximumCheapExpansionOperations = 24
    public static let maximumCheapExpansionTerms = 8
    /// Products of at most `maximumCheapExpansionOperations` are multiplied
    /// out in `simplified()` only when that gives at most this many products
    /// of terms (before like terms are collected).
    public static let maximumSmallExpansionTerms = 64

    /// Expressions with more operations than this are returned by `simplified()`
    /// as they are: their canonical form is already collected, and trying
    /// expansions everywhere costs more than it could save.
    public static let maximumSimplificationOperations = 5_000

    /// Sums and products with more operations than this are not multiplied out
    /// by `simplified()`.
    public static let maximumSumExpansionOperations = 200

    /// The smallest form this simplifier knows, "as far as a careful student
    /// would": bottom up, each product of sums (or integer power of a sum) is
    /// replaced by its expansion when that has fewer operations in print, and
    /// kept otherwise; like terms then meet in the enclosing sum. A polynomial
    /// in symbols nested deeper (a recurrence, `2*u*T7 - T6`) is multiplied out
    /// all the way when that is smaller (see `PolynomialExpander`).
    ///
    ///     (2*(x + 1)*(x - 1) + (x + 1)^2).simplified()   // 3*x^2 + 2*x - 1
    public func simplified() -> Expr {
        var memo = SimplificationMemo()
        return simplified(sharing: &memo)
    }

    /// Each expression `simplified()`, with one memo for all of them: what
    /// they share is simplified once. A gradient's partial derivatives repeat
    /// the formula's undifferentiated factors (`2·P·dP/dxᵢ` for every i); for
    /// the Chebyquad problem that sharing was four fifths of the work. Each
    /// node's simplification depends on that node alone, so every result is
    /// exactly the expression's own `simplified()`.
    public static func simplified(_ expressions: [Expr]) -> [Expr] {
        var memo = SimplificationMemo()
        return expressions.map { $0.simplified(sharing: &memo) }
    }

    private func simplified(sharing memo: inout SimplificationMemo) -> Expr {
        guard storage.expandable || storage.factorable || (storage.hasSineOrCosine && hasSquaresOfSineAndCosine), storage.operations <= Expr.maximumSimplificationOperations
        else { return self }
        let result = simplified(memo: &memo)
        // Rebuilding can reorder; never return something larger than the input.
        return result.storage.operations <= storage.operations ? result : self
    }

    private func simplified(memo: inout SimplificationMemo) -> Expr {
        guard storage.expandable || storage.factorable || (storage.hasSineOrCosine && hasSquaresOfSineAndCosine) else { return self }
        // The memo pays off for shared sub-trees of some size; small ones are
        // cheaper to simplify again than to hash into the table (as in the
        // differentiator).
        let memoise = storage.nodeCount >= 12
        if memoise, let known = memo.results[self] { return known }
        var rebuilt = self
        switch kind {
        case .number, .symbol:
            return self
        case .sum(let constant, let terms):
            if let simplifiedTerms = Expr.simplifiedChildren(count: terms.count, { terms[$0].monomial }, memo: &memo) {
                rebuilt = Expr.sum([.number(constant)] + zip(terms, simplifiedTerms).map { Expr.scaledProduct($0.0.coefficient, $0.1) })
            }
        case .product(let coefficient, let factors):
            if let simplifiedFactors = Expr.simplifiedChildren(count: factors.count, { factors[$0] }, memo: &memo) {
                rebuilt = Expr.product(coefficient: coefficient, simplifiedFactors)
            }
        case .power(let base, let exponent):
            let b = base.simplified(memo: &memo), e = exponent.simplified(memo: &memo)
            if b != base || e != exponent { rebuilt = Expr.power(b, e) }
        case .call(let function, let args):
            if let simplifiedArgs = Expr.simplifiedChildren(count: args.count, { args[$0] }, memo: &memo) {
                rebuilt = Expr.call(function, simplifiedArgs)
            }
        }
        var result = rebuilt
        // A polynomial nested deeper than one level (a recurrence such as
        // Chebyshev's) multiplied out all the way, when that is smaller.
        // Nested as it came, or as rebuilt: once its children are multiplied
        // out a node may look flat although they were what had to meet.
        if hasNestedExpansion || (rebuilt.storage !== storage && rebuilt.hasNestedExpansion), let candidate = memo.polynomials.smallerExpansion(of: rebuilt) {
            result = candidate
        }
        if let candidate = result.expandedOneLevel(), candidate.storage.operations < result.storage.operations {
            result = candidate
        }
        // Every product in a sum multiplied out at once, when like terms then
        // cancel (`σ(u)*(1 - y) - y*(1 - σ(u))` → `σ(u) - y`), where multiplying
        // out term by term (above) makes each term larger and so is not tried.
        if result.hasTwoTermsToMultiplyOut, result.storage.operations <= Expr.maximumSumExpansionOperations,
            let candidate = result.distributedOneLevel(), candidate.storage.operations < result.storage.operations
        {
            result = candidate
        }
        if let candidate = result.factoredOrCombined(depth: 0), candidate.storage.operations < result.storage.operations {
            result = candidate
        }
        // Factoring before multiplying out can be smaller still:
        // 2*(x - 1)*(x + 1)^3 + 3*(x - 1)^2*(x + 1)^2 → (x - 1)*(x + 1)^2*(5*x - 1).
        if rebuilt != result, let candidate = rebuilt.factoredOrCombined(depth: 0), candidate.storage.operations < result.storage.operations {
            result = candidate
        }
        if let candidate = result.withSumFactorsCombined(), candidate.storage.operations < result.storage.operations {
            result = candidate
        }
        if let candidate = result.withSquaresOfSineAndCosineCombined(), candidate.storage.operations < result.storage.operations {
            result = candidate
        }
        if memoise { memo.results[self] = result }
        return result
    }

    /// What one run of `simplified()` remembers: each node's result, and the
    /// polynomials multiplied out so far.
    struct SimplificationMemo {
        var results = ExprMap<Expr>()
        var polynomials = PolynomialExpander()
    }

    /// The children simplified, or nil when each one is unchanged: most are,
    /// and then no array is built (it was a fifth of a small gradient's time).
    private static func simplifiedChildren(count: Int, _ child: (Int) -> Expr, memo: inout SimplificationMemo) -> [Expr]? {
        var changed: [Expr] = []
        var anyChanged = false
        for i in 0..<count {
            let original = child(i)
            let simplified = original.simplified(memo: &memo)
            if !anyChanged {
                if simplified == original { continue }
                anyChanged = true
                changed.reserveCapacity(count)
                for j in 0..<i { changed.append(child(j)) }
            }
            changed.append(simplified)
        }
        return anyChanged ? changed : nil
    }

    /// This product (or power of a sum) multiplied out over its sum factors,
    /// without touching deeper levels; nil when there is nothing to distribute
    /// or the result would exceed `maximumExpansionTerms`.
    fileprivate func expandedOneLevel() -> Expr? {
        switch kind {
        case .product(let coefficient, let factors):
            guard factors.contains(where: { $0.isSumOrPowerOfSum }) else { return nil }
            // A large product that multiplies out into many terms repeats its other
            // factors in each of them; that is practically never smaller, and trying
            // dominated the cost of big gradients (see Benchmarks/bench-symbolic).
            // Beyond student size, multiplying out is not attempted at all: its cost
            // grows with the product of the sums' sizes (high derivatives of σ(x²)).
            if storage.operations > Expr.maximumSumExpansionOperations { return nil }
            // A small product may still multiply out into many terms: the
            // cube of an 11-term sum, 4*(x1 + 2*x2 + … + 10*x10 - 55)^3, has
            // 21 operations and 1,331 products (286 terms), and multiplying it
            // out in each partial derivative was four fifths of
            // variably_dimensioned_10's run. Multiplied out, it is never the smaller.
            let termLimit = storage.operations > Expr.maximumCheapExpansionOperations
                ? Expr.maximumCheapExpansionTerms : Expr.maximumSmallExpansionTerms
            var termCount = 1
            for factor in factors {
                let (product, overflow) = termCount.multipliedReportingOverflow(by: factor.expansionTermCount)
                if overflow || product > termLimit { return nil }
                termCount = product
            }
            if let bound = expansionLowerBound(coefficient: coefficient, factors: factors), bound >= storage.operations {
                return nil
            }
            var summands: [Expr] = [.number(coefficient)]
            for factor in factors {
                guard let next = Expr.distribute(summands, overPowerOf: factor) else { return nil }
                summands = next
            }
            return Expr.sum(summands)
        case .power:
            guard isSumOrPowerOfSum else { return nil }
            // Bounded as a product is (below).
            let termLimit = storage.operations > Expr.maximumCheapExpansionOperations
                ? Expr.maximumCheapExpansionTerms : Expr.maximumSmallExpansionTerms
            if expansionTermCount > termLimit { return nil }
            guard let summands = Expr.distribute([.one], overPowerOf: self) else { return nil }
            return Expr.sum(summands)
        case .sum(let constant, let terms):
            // Each term multiplied out, so that like terms across them can meet:
            // (2*x + 2)*(x - 1) + (x + 1)^2 → 3*x^2 + 2*x - 1. Only for sums of a
            // size a student would expand by hand; a large sum's terms rarely cancel.
            guard storage.operations <= Expr.maximumSumExpansionOperations else { return nil }
            var summands: [Expr] = [.number(constant)]
            var changed = false
            for term in terms {
                let scaled = Expr.scaledMonomial(term.coefficient, term.monomial)
                if let expansion = scaled.expandedOneLevel() {
                    summands.append(expansion)
                    changed = true
                } else {
                    summands.append(scaled)
                }
            }
            return changed ? Expr.sum(summands) : nil
        default:
            return nil
        }
    }

    /// A lower bound on the operations of `c·F·(Σ aₖ·mₖ)` multiplied out, for a
    /// product with exactly one sum factor, computed without building it: each
    /// term costs at least its factors side by side, less what merging equal bases
    /// could save (both factors and their `*`), and the terms need N − 1 signs.
    /// Nil for other shapes (they are multiplied out for real).
    private func expansionLowerBound(coefficient: Number, factors: [Expr]) -> Int? {
        // The factors other than the sum are walked in place (no array of them):
        // this runs for every product of a sum that simplification meets.
        var sumIndex: Int?
        for (i, factor) in factors.enumerated() {
            if case .sum = factor.kind {
                if sumIndex != nil { return nil }
                sumIndex = i
            } else if factor.isSumOrPowerOfSum {
                return nil
            }
        }
        guard let sumIndex, case .sum(let constant, let terms) = factors[sumIndex].kind else { return nil }
        var bound = terms.count - (constant.isZero ? 1 : 0)
        if !constant.isZero {
            let scaledConstant = coefficient * constant
            bound += Expr.layoutOperations(
                magnitude: scaledConstant.isNegative ? -scaledConstant : scaledConstant, factors: factors, skipping: sumIndex, monomial: nil)
        }
        for term in terms {
            let scaled = coefficient * term.coefficient
            var termBound = Expr.layoutOperations(
                magnitude: scaled.isNegative ? -scaled : scaled, factors: factors, skipping: sumIndex, monomial: term.monomial)
            func subtractMerge(_ factor: Expr) {
                let base = factor.baseAndExponent.base
                for (j, partner) in factors.enumerated() where j != sumIndex && partner.baseAndExponent.base == base {
                    // The first partner only, as the bound assumes.
                    termBound -= factor.storage.operations + partner.storage.operations + 1
                    break
                }
            }
            if case .product(_, let monomialFactors) = term.monomial.kind {
                for factor in monomialFactors { subtractMerge(factor) }
            } else {
                subtractMerge(term.monomial)
            }
            bound += max(termBound, 0)
        }
        return bound
    }

    /// How many terms this factor contributes when multiplied out (capped).
    private var expansionTermCount: Int {
        if case .sum(let constant, let terms) = kind { return terms.count + (constant.isZero ? 0 : 1) }
        if case .power(let base, let exponent) = kind, case .sum = base.kind, let n = exponent.numberValue?.integerValue, n > 0 {
            // Capped: only compared against small limits.
            let count = pow(Double(base.expansionTermCount), Double(n))
            return count > 1e9 ? 1_000_000_000 : Int(count)
        }
        return 1
    }

    var isSumOrPowerOfSum: Bool {
        if case .sum = kind { return true }
        if case .power(let base, let exponent) = kind, case .sum = base.kind,
            let n = exponent.numberValue?.integerValue, n > 0, n <= 64
        {
            return true
        }
        return false
    }

    /// Σ summands × factor, where a positive integer power of a sum is multiplied out.
    fileprivate static func distribute(_ summands: [Expr], overPowerOf factor: Expr) -> [Expr]? {
        if case .power(let base, let exponent) = factor.kind, case .sum = base.kind,
            let n = exponent.numberValue?.integerValue, n > 0, n <= 64
        {
            var result = summands
            for _ in 0..<n {
                guard let next = distribute(result, over: base) else { return nil }
                result = Expr.sum(next).summands
            }
            return result
        }
        return distribute(summands, over: factor)
    }

    /// Number of nodes in the tree (shared sub-trees counted each time).
    public var nodeCount: Int { storage.nodeCount }
}

// MARK: Common factors and common denominators

extension Expr {
    /// Sums with more operations than this are not factored by `simplified()`.
    public static let maximumFactoringOperations = 200
    /// Factoring is kept only when what stays inside the parentheses has at
    /// most this many operations.
    public static let maximumFactoredInnerOperations = 24

    /// A factor read as `base^exponent`, where sqrt(u)^k reads as u^(k/2), so
    /// that `1/sqrt(u)` and `x^2/sqrt(u)^3` share the base u.
    private var rootBaseAndExponent: (base: Expr, exponent: Expr) {
        let (base, exponent) = baseAndExponent
        if case .call(let function, let args) = base.kind, function == .sqrt, args.count == 1, let k = exponent.numberValue, k.isRational {
            return (args[0], .number(k * .rational(1, 2)))
        }
        return (base, exponent)
    }

    /// `base^exponent` built back from `rootBaseAndExponent`: a half-integer
    /// exponent as a power of sqrt (u^(-3/2) → `1/sqrt(u)^3`).
    private static func rootPower(_ base: Expr, _ exponent: Expr) -> Expr {
        if case .rational(let p, 2) = exponent.numberValue { return power(call(.sqrt, [base]), .number(.rational(p, 1))) }
        return power(base, exponent)
    }

    /// Each product of sums in this sum (or this product) multiplied out, one
    /// level deep; nil when there is none or it exceeds `maximumCheapExpansionTerms`
    /// terms per product.
    fileprivate func distributedOneLevel() -> Expr? {
        var summands: [Expr] = []
        var changed = false
        for summand in self.summands {
            var coefficient = Number.one
            var factors = [summand]
            if case .product(let c, let fs) = summand.kind {
                coefficient = c
                factors = fs
            }
            guard factors.contains(where: { $0.isSumOrPowerOfSum }) else {
                summands.append(summand)
                continue
            }
            var parts: [Expr] = [.number(coefficient)]
            for factor in factors {
                guard let next = Expr.distribute(parts, overPowerOf: factor), next.count <= Expr.maximumCheapExpansionTerms else { return nil }
                parts = next
            }
            summands += parts
            changed = true
        }
        return changed ? Expr.sum(summands) : nil
    }

    /// A term of a sum read as `cos(u)^2·rest` or `sin(u)^2·rest`.
    private var squareOfSineOrCosine: (isCosine: Bool, argument: Expr, rest: [Expr])? {
        let factors = factorList
        for (i, factor) in factors.enumerated() {
            guard case .power(let base, let exponent) = factor.kind, exponent.numberValue == .rational(2, 1),
                case .call(let function, let args) = base.kind, function == .sin || function == .cos, args.count == 1
            else { continue }
            var rest = factors
            rest.remove(at: i)
            return (function == .cos, args[0], rest)
        }
        return nil
    }

    /// True for a sum with a term `cos(u)^2·…` and a term `sin(u)^2·…`: a
    /// cheap test, so that `simplified()` looks at such a sum although it has
    /// nothing to multiply out or factor.
    fileprivate var hasSquaresOfSineAndCosine: Bool {
        guard storage.hasSineOrCosine, case .sum(_, let terms) = kind, terms.count >= 2 else { return false }
        var cosine = false, sine = false
        for term in terms {
            // Read in place (no factor list, no rest): this runs on every sum
            // the simplifier meets.
            let monomial = term.monomial
            var square: Bool?
            if case .product(_, let factors) = monomial.kind {
                for factor in factors {
                    square = factor.isCosineSquare
                    if square != nil { break }
                }
            } else {
                square = monomial.isCosineSquare
            }
            guard let isCosine = square else { continue }
            if isCosine { cosine = true } else { sine = true }
            if cosine && sine { return true }
        }
        return false
    }

    /// True for `cos(u)^2`, false for `sin(u)^2`, nil for anything else.
    private var isCosineSquare: Bool? {
        guard case .power(let base, let exponent) = kind, case .call(let function, let args) = base.kind,
              function == .sin || function == .cos, args.count == 1, exponent.numberValue == .rational(2, 1) else { return nil }
        return function == .cos
    }

    /// `a·cos(u)^2·m − a·sin(u)^2·m` → `a·cos(2u)·m` (the double angle) and
    /// `a·cos(u)^2·m + a·sin(u)^2·m` → `a·m` (Pythagoras): both hold for every
    /// real u, so the result is defined exactly where the sum is. Nil when the
    /// sum has no such pair (`2*cos(x)^2 - 2*sin(x)^2`, the second derivative
    /// of sin(x)^2, is `2*cos(2*x)`, as SymPy's simplify writes it).
    fileprivate func withSquaresOfSineAndCosineCombined() -> Expr? {
        guard hasSquaresOfSineAndCosine, case .sum(let constant, let terms) = kind else { return nil }
        let squares = terms.map { $0.monomial.squareOfSineOrCosine }
        var used = Array(repeating: false, count: terms.count)
        var summands: [Expr] = [.number(constant)]
        for i in terms.indices where !used[i] {
            guard let cosine = squares[i], cosine.isCosine else { continue }
            for j in terms.indices where !used[j] && j != i {
                guard let sine = squares[j], !sine.isCosine, sine.argument == cosine.argument,
                    Expr.product(sine.rest) == Expr.product(cosine.rest)
                else { continue }
                let a = terms[i].coefficient, b = terms[j].coefficient
                let rest = Expr.product(cosine.rest)
                if a == -b {
                    summands.append(Expr.scaledProduct(a, Expr.call(.cos, [Expr.integer(2) * cosine.argument]) * rest))
                } else if a == b {
                    summands.append(Expr.scaledProduct(a, rest))
                } else {
                    continue
                }
                used[i] = true
                used[j] = true
                break
            }
        }
        guard used.contains(true) else { return nil }
        for k in terms.indices where !used[k] { summands.append(Expr.scaledProduct(terms[k].coefficient, terms[k].monomial)) }
        return Expr.sum(summands)
    }

    /// This product with each sum factor over its common denominator, even
    /// where that alone is not smaller: what the product then cancels may be
    /// (`-1/(x^2*(1/x^2 + 1))` → `-1/(x^2 + 1)`). Nil when no factor changes.
    fileprivate func withSumFactorsCombined() -> Expr? {
        guard case .product(let coefficient, let factors) = kind, storage.factorable else { return nil }
        var changed = false
        var operands: [Expr] = []
        operands.reserveCapacity(factors.count)
        for factor in factors {
            let (base, exponent) = factor.baseAndExponent
            if base.storage.isFactorableSum, let combined = base.factoredOrCombined(depth: 0) {
                operands.append(Expr.power(combined, exponent))
                changed = true
            } else {
                operands.append(factor)
            }
        }
        return changed ? Expr.product(coefficient: coefficient, operands) : nil
    }

    /// A sum with two terms that hold a sum factor: only then can multiplying
    /// out at once make like terms meet that term-by-term expansion (which
    /// bounds its cost first) does not try.
    private var hasTwoTermsToMultiplyOut: Bool {
        guard case .sum(_, let terms) = kind, storage.expandable else { return false }
        var count = 0
        for term in terms where term.monomial.storage.expandable || term.monomial.isExpandableFactor {
            count += 1
            if count == 2 { return true }
        }
        return false
    }

    /// True when multiplying out this node would multiply out a product of
    /// sums below it too (`u*(2*u^2 - 1)`, `(x*(x + 1) - 14)^2`): only then
    /// can multiplying out all the way find more than `expandedOneLevel`,
    /// which multiplies out products of plain sums and their powers. A cheap
    /// test on the children's flags, so that most products (`-2*x*(y - θ*x)`)
    /// are not read as polynomials at all.
    fileprivate var hasNestedExpansion: Bool {
        switch kind {
        case .product(_, let factors):
            return factors.contains { $0.hasExpansionInside }
        case .power(let base, _):
            return isSumOrPowerOfSum && base.storage.expandable
        case .sum(_, let terms):
            return storage.expandable && terms.contains { $0.monomial.hasNestedExpansion }
        default:
            return false
        }
    }

    /// A factor that holds a product of sums (or a power of a sum) inside a sum.
    private var hasExpansionInside: Bool {
        switch kind {
        case .sum: return storage.expandable
        case .power(let base, _): return base.storage.expandable
        default: return false
        }
    }

    /// A polynomial term: symbols raised to positive integer powers.
    private var isPolynomialMonomial: Bool {
        for factor in factorList {
            let (base, exponent) = factor.baseAndExponent
            guard base.symbolName != nil, let n = exponent.numberValue?.integerValue, n > 0 else { return false }
        }
        return true
    }

    /// This sum with its common factor pulled out (`x^2*exp(x) + 2*x*exp(x)` →
    /// `x*(x + 2)*exp(x)`) and its fractions over their common denominator
    /// (`1/(x + 1) - x/(x + 1)^2` → `1/(x + 1)^2`), the rest multiplied out
    /// where that is smaller; nil when nothing is common. Every step is an
    /// identity wherever the sum is defined: a·c + b·c = (a + b)·c, and
    /// a/d + b = (a + b·d)/d where d ≠ 0, which holds wherever a/d is defined.
    /// The result may be larger than the sum: callers compare.
    func factoredOrCombined(depth: Int) -> Expr? {
        guard case .sum(let constant, let terms) = kind, storage.isFactorableSum, storage.operations <= Expr.maximumFactoringOperations else {
            return nil
        }
        // A polynomial stays as a textbook writes it (`3*x^2 + 2*x`, not `x*(3*x + 2)`).
        if terms.allSatisfy({ $0.monomial.isPolynomialMonomial }) { return nil }
        // Each summand as its coefficient and factors read as base^exponent.
        struct Summand {
            var coefficient: Number
            var factors: [(base: Expr, exponent: Expr)]
        }
        // A base read twice in one term (u^-1 and sqrt(u)^-1) has its exponents added.
        func merged(_ factors: [Expr]) -> [(base: Expr, exponent: Expr)] {
            var result: [(base: Expr, exponent: Expr)] = []
            for factor in factors {
                let (base, exponent) = factor.rootBaseAndExponent
                if let i = result.firstIndex(where: { $0.base == base }) {
                    result[i].exponent = result[i].exponent + exponent
                } else {
                    result.append((base, exponent))
                }
            }
            return result
        }
        var summands: [Summand] = terms.map { term in
            Summand(coefficient: term.coefficient, factors: merged(term.monomial.factorList))
        }
        if !constant.isZero { summands.append(Summand(coefficient: constant, factors: [])) }
        // The bases to pull out, each with the least exponent it has over the
        // summands (an absent base has exponent 0): below the line when that
        // is negative (a common denominator); otherwise the base occurs in
        // every summand. Exponents must differ by numbers (x^(n - 1) and x^n).
        var pulled: [(base: Expr, exponent: Expr)] = []
        var seen = ExprMap<Bool>()
        for summand in summands {
            for (base, _) in summand.factors where seen[base] == nil {
                seen[base] = true
                var exponents: [Expr] = []
                var inEvery = true
                for other in summands {
                    if let match = other.factors.first(where: { $0.base == base }) {
                        exponents.append(match.exponent)
                    } else {
                        inEvery = false
                        exponents.append(.zero)
                    }
                }
                // The least exponent: one that every other exceeds by a number ≥ 0.
                guard let least = exponents.first(where: { candidate in
                    exponents.allSatisfy { ($0 - candidate).numberValue.map { !$0.isNegative } ?? false }
                }) else { continue }
                if least.isZero { continue }
                if !inEvery, !(least.numberValue?.isNegative ?? false) { continue }
                pulled.append((base, least))
            }
        }
        if pulled.isEmpty { return nil }
        // The numbers' common part: the gcd of the numerators over the lcm of
        // the denominators, negative when every coefficient is.
        let coefficients = summands.map(\.coefficient)
        var content = Expr.positiveContent(constant: .zero, terms: coefficients.map { Term(coefficient: $0, monomial: .one) }) ?? .one
        if coefficients.allSatisfy(\.isNegative) { content = -content }
        guard let inverse = Number.one.dividing(by: content) else { return nil }
        var innerSummands: [Expr] = []
        innerSummands.reserveCapacity(summands.count)
        for summand in summands {
            var operands: [Expr] = []
            for (base, exponent) in summand.factors {
                if let common = pulled.first(where: { $0.base == base }) {
                    operands.append(Expr.rootPower(base, exponent - common.exponent))
                } else {
                    operands.append(Expr.rootPower(base, exponent))
                }
            }
            for common in pulled where !summand.factors.contains(where: { $0.base == common.base }) {
                operands.append(Expr.rootPower(common.base, -common.exponent))
            }
            innerSummands.append(Expr.product(coefficient: summand.coefficient * inverse, operands))
        }
        var inner = Expr.sum(innerSummands)
        // Multiplied out (one level, every term) where no larger, so that what
        // cancels cancels (`σ(u)*(1 - y) - y*(1 - σ(u))` → `σ(u) - y`) and a
        // polynomial reads as one (`x*(x + 2) + 4*x + 6` → `x^2 + 6*x + 6`).
        if let expansion = inner.distributedOneLevel(), expansion.storage.operations <= inner.storage.operations { inner = expansion }
        if depth < 2, let factoredInner = inner.factoredOrCombined(depth: depth + 1),
            factoredInner.storage.operations < inner.storage.operations
        {
            inner = factoredInner
        }
        // A large sum left inside is not what a student factors out, and the
        // next derivative of such a product repeats the whole sum in every
        // term (the n-th derivatives of σ(σ(σ(x))) grew several times faster).
        if inner.storage.operations > Expr.maximumFactoredInnerOperations { return nil }
        var operands = pulled.map { Expr.rootPower($0.base, $0.exponent) }
        operands.append(inner)
        return Expr.product(coefficient: content, operands)
    }
}
