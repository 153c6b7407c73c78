import Core
import Foundation

// The smart constructors: the only way to build an `Expr`, so every value is canonical.

extension Expr {
    public static func number(_ value: Number) -> Expr {
        // Small integers recur in every derivative (exponents, −1, 2); sharing
        // their nodes saves an allocation each time.
        if case .rational(let p, 1) = value, p >= Expr.smallIntegerRange.lowerBound, p <= Expr.smallIntegerRange.upperBound {
            return smallIntegers[Int(p - Expr.smallIntegerRange.lowerBound)]
        }
        return Expr(.number(value))
    }

    private static let smallIntegerRange: ClosedRange<Int64> = -16...16
    private static let smallIntegers: [Expr] = smallIntegerRange.map { Expr(.number(.rational($0, 1))) }

    /// A double constant; a decimal-looking value becomes an exact rational
    /// marked as a decimal (`0.75` → 3/4, printed `0.75`; see `Number`).
    public static func number(_ value: Double) -> Expr { Expr(.number(Number(value))) }

    public static func integer(_ value: Int) -> Expr { number(Number(value)) }

    /// `numerator/denominator` exactly; nil when the denominator is zero.
    public static func rational(_ numerator: Int, _ denominator: Int) -> Expr? {
        Number.fraction(Int64(numerator), Int64(denominator)).map { number($0) }
    }

    /// A free name, kept and printed verbatim.
    public static func symbol(_ name: String) -> Expr { Expr(.symbol(name)) }

    /// The canonical sum of `operands`: flattened, like terms collected, constants folded.
    public static func sum(_ operands: [Expr]) -> Expr {
        if operands.count == 1 { return operands[0] }
        var constant = Number.zero
        // The collected terms are the new sum's terms: one array, sorted in place.
        var collector = Collector<Term>(capacity: operands.count + 2)
        func addMonomial(_ monomial: Expr, _ coefficient: Number) {
            if let position = collector.position(of: monomial) {
                collector.entries[position].coefficient = collector.entries[position].coefficient + coefficient
            } else {
                collector.append(Term(coefficient: coefficient, monomial: monomial))
            }
        }
        for operand in operands {
            switch operand.kind {
            case .number(let n):
                constant = constant + n
            case .sum(let c, let terms):
                constant = constant + c
                for term in terms { addMonomial(term.monomial, term.coefficient) }
            default:
                let (c, m) = operand.coefficientAndMonomial
                addMonomial(m, c)
            }
        }
        var terms = collector.takeEntries()
        terms.removeAll { $0.coefficient.isZero }
        return makeSum(constant: constant, terms: terms)
    }

    /// Builds a sum from already-canonical, distinct monomials (sorts them).
    static func makeSum(constant: Number, terms unsorted: consuming [Term], alreadySorted: Bool = false) -> Expr {
        var terms = unsorted
        if terms.isEmpty { return .number(constant) }
        // In place: the callers hand over their only reference, so no copy is made.
        if terms.count > 1 && !alreadySorted { terms.sort { compareMonomials($0.monomial, $1.monomial) < 0 } }
        if terms.count == 1, constant.isZero {
            return scaledMonomial(terms[0].coefficient, terms[0].monomial)
        }
        return Expr(.sum(constant: constant, terms: terms))
    }

    /// `coefficient · monomial` for a canonical monomial (never a number or a sum).
    static func scaledMonomial(_ coefficient: Number, _ monomial: Expr) -> Expr {
        if coefficient.isOne { return monomial }
        if coefficient.isZero { return .zero }
        if case .product(let c, let factors) = monomial.kind, c.isOne {
            return Expr(.product(coefficient: coefficient, factors: factors))
        }
        return Expr(.product(coefficient: coefficient, factors: [monomial]))
    }

    /// The canonical product of `operands`: flattened, numbers folded into one
    /// coefficient, equal bases combined by adding exponents (`x*x` → `x^2`,
    /// `x/x` → 1). A number times a single sum is distributed.
    public static func product(_ operands: [Expr]) -> Expr {
        product(coefficient: .one, operands, rounds: 0)
    }

    /// `coefficient · Π operands`: the same as `product([.number(coefficient)] + operands)`
    /// without building the number node or the longer array.
    static func product(coefficient: Number, _ operands: [Expr]) -> Expr {
        product(coefficient: coefficient, operands, rounds: 0)
    }

    private static func product(coefficient initialCoefficient: Number, _ operands: [Expr], rounds: Int) -> Expr {
        if operands.count == 1 { return scaled(operands[0], by: initialCoefficient) }
        if operands.count == 2 && initialCoefficient.isOne {
            // The common case `number · e`, without collecting bases.
            if case .number(let n) = operands[0].kind { return scaled(operands[1], by: n) }
            if case .number(let n) = operands[1].kind { return scaled(operands[0], by: n) }
        }
        var coefficient = initialCoefficient
        // One exponent per base, and the rest only when a base repeats: most
        // products have distinct bases, and an array per base cost an allocation each.
        var collector = Collector<Exponents>(capacity: operands.count + 2)
        func addFactor(_ base: Expr, _ exponent: Expr) {
            if let position = collector.position(of: base) {
                collector.entries[position].more.append(exponent)
            } else {
                collector.append(Exponents(base: base, first: exponent))
            }
        }
        for operand in operands {
            switch operand.kind {
            case .number(let n):
                coefficient = coefficient * n
            case .product(let c, let factors):
                coefficient = coefficient * c
                for factor in factors {
                    let (b, e) = factor.baseAndExponent
                    addFactor(b, e)
                }
            case .power(let b, let e):
                addFactor(b, e)
            default:
                addFactor(operand, .one)
            }
        }
        if coefficient.isZero { return .zero }
        var factors: [Expr] = []
        factors.reserveCapacity(collector.entries.count)
        var needsFlattening = false
        for entry in collector.entries {
            let factor: Expr
            if entry.more.isEmpty {
                // A single occurrence is already canonical (it came from a canonical operand).
                factor = entry.first.isOne ? entry.base : Expr(.power(base: entry.base, exponent: entry.first))
            } else {
                factor = power(entry.base, sum([entry.first] + entry.more))
            }
            switch factor.kind {
            case .number(let n): coefficient = coefficient * n
            case .product: needsFlattening = true; factors.append(factor)
            default: factors.append(factor)
            }
        }
        // Combining exponents can turn a power of a product back into a product
        // (`(x*y)^(1/2) * (x*y)^(1/2)`); flatten once more (bounded).
        if needsFlattening && rounds < 4 {
            return product(coefficient: coefficient, factors, rounds: rounds + 1)
        }
        if coefficient.isZero { return .zero }
        if factors.count >= 2, rounds < 4 {
            // One pass to see which of the rewrites below can apply (most
            // products have none): this runs for every product built.
            var exponentialCount = 0
            var hasSquareRoot = false
            var hasSine = false
            var sumCount = 0
            for factor in factors {
                switch factor.kind {
                case .call(let function, _):
                    if function == .exp { exponentialCount += 1 } else if function == .sqrt { hasSquareRoot = true }
                    if function == .sin || function == .sinh { hasSine = true }
                case .power(let base, let exponent):
                    if case .call(let function, _) = base.kind {
                        if function == .sqrt { hasSquareRoot = true }
                        if function == .sin || function == .sinh { hasSine = true }
                    }
                    if case .sum = base.kind, let n = exponent.numberValue?.integerValue, n > 0, n <= 64 { sumCount += 1 }
                case .sum:
                    sumCount += 1
                default:
                    break
                }
            }
            // exp(a)·exp(b) = exp(a + b) for all real a, b (`exp(x)*exp(-x)` → 1).
            if exponentialCount >= 2 {
                var exponentials: [Expr] = []
                var operands: [Expr] = []
                for factor in factors {
                    if case .call(let function, let args) = factor.kind, function == .exp, args.count == 1 {
                        exponentials.append(args[0])
                    } else {
                        operands.append(factor)
                    }
                }
                operands.append(call(.exp, [sum(exponentials)]))
                return product(coefficient: coefficient, operands, rounds: rounds + 1)
            }
            // u^m·sqrt(u)^k = sqrt(u)^(2m + k) wherever sqrt(u) is defined
            // (`x^2*(x^2 + 4)^-1*sqrt(x^2 + 4)^-1` → `x^2/(x^2 + 4)^(3/2)`).
            if hasSquareRoot {
                for (i, factor) in factors.enumerated() {
                    let (root, k) = factor.baseAndExponent
                    guard case .call(let function, let args) = root.kind, function == .sqrt, args.count == 1, let kn = k.numberValue, kn.isRational,
                        let j = factors.firstIndex(where: { $0.baseAndExponent.base == args[0] }),
                        let m = factors[j].baseAndExponent.exponent.numberValue, m.isRational
                    else { continue }
                    var operands = factors
                    operands[i] = power(root, .number(m * .rational(2, 1) + kn))
                    operands.remove(at: j)
                    return product(coefficient: coefficient, operands, rounds: rounds + 1)
                }
            }
            // sin(u)^a·cos(u)^-a = tan(u)^a wherever cos(u) ≠ 0, i.e. wherever
            // the original is defined (`cos(x)/sin(x)` → `1/tan(x)`); likewise
            // sinh/cosh = tanh (cosh is never 0).
            if hasSine {
                for (i, factor) in factors.enumerated() {
                    let (sine, a) = factor.baseAndExponent
                    guard case .call(let function, let args) = sine.kind, function == .sin || function == .sinh, a.numberValue?.isInteger ?? false,
                        let j = factors.firstIndex(where: { other in
                            let (cosine, b) = other.baseAndExponent
                            guard case .call(let g, let otherArgs) = cosine.kind, g == (function == .sin ? .cos : .cosh), otherArgs == args,
                                let bn = b.numberValue, let an = a.numberValue
                            else { return false }
                            return (an + bn).isZero
                        })
                    else { continue }
                    var operands = factors
                    operands[i] = power(call(function == .sin ? .tan : .tanh, args), a)
                    operands.remove(at: j)
                    return product(coefficient: coefficient, operands, rounds: rounds + 1)
                }
            }
            // The content of a sum factor joins the coefficient, so that it
            // meets the other numbers (`(2*x + 2)/(2*sqrt(u))` → `(x + 1)/sqrt(u)`)
            // and like bases meet (`(2*x - 2)/(x - 1)^2` → `2/(x - 1)`); exact,
            // since c·(s/c) = s for rationals. A lone sum times a number is
            // distributed instead (the canonical sum), so only with other factors.
            // The sign of each content depends on the coefficient so far, so the
            // sums are taken in canonical order: the result does not depend on
            // the order of the operands.
            if sumCount == 1, let i = factors.firstIndex(where: { $0.isSumOrPowerOfSum }),
                let (content, primitive) = factors[i].sumContent(multiplying: coefficient)
            {
                var operands = factors
                operands[i] = primitive
                return product(coefficient: coefficient * content, operands, rounds: rounds + 1)
            } else if sumCount > 1 {
                let sums = factors.indices.filter { factors[$0].isSumOrPowerOfSum }
                var operands = factors
                var newCoefficient = coefficient
                var pulled = false
                for i in sums.sorted(by: { compareFactors(factors[$0], factors[$1]) < 0 }) {
                    guard let (content, primitive) = factors[i].sumContent(multiplying: newCoefficient) else { continue }
                    operands[i] = primitive
                    newCoefficient = newCoefficient * content
                    pulled = true
                }
                if pulled { return product(coefficient: newCoefficient, operands, rounds: rounds + 1) }
            }
        }
        return makeProduct(coefficient: coefficient, factors: factors)
    }

    /// For a sum, or a positive integer power of a sum, whose rational
    /// coefficients share a factor g ≠ 1 (the gcd of the numerators over the
    /// lcm of the denominators; an integer, or a fraction with both parts at
    /// most 1000), or are all negative: ±g (raised to the
    /// power) and the sum divided by it (`(2*x - 6)^2` → (4, `(x - 3)^2`),
    /// `-x - 1` → (-1, `x + 1`), `x/2 + 1/2` → (1/2, `x + 1`)); nil otherwise.
    /// The sign is minus when every coefficient is negative, and otherwise
    /// the one that leaves `coefficient`·g positive (`-5*(6*x - 2)` →
    /// `10*(1 - 3*x)`, as SymPy writes it). So a sum factor of a product has
    /// content 1 and not all terms negative, and `2*(x + 1)*y` and
    /// `10*(1 - 3*x)/d` read back as they print (see `readsBackUngrouped`).
    func sumContent(multiplying coefficient: Number) -> (content: Number, primitive: Expr)? {
        var base = self
        var k: Int64 = 1
        if case .power(let b, let e) = kind, let n = e.numberValue?.integerValue, n > 0, n <= 64 {
            base = b
            k = n
        }
        guard case .sum(let constant, let terms) = base.kind else { return nil }
        guard var content = base.storage.hasUnitIntegerContent ? .one : Expr.positiveContent(constant: constant, terms: terms),
            // A fraction only when small (`(ln(x) + 1)/2`); not 1/10^16 out of a double's digits.
            content.isInteger || content.isSmallFraction
        else { return nil }
        let allNegative = (constant.isZero || constant.isNegative) && terms.allSatisfy({ $0.coefficient.isNegative })
        if allNegative || (!content.isOne && k % 2 == 1 && coefficient.isNegative) { content = -content }
        guard !content.isOne, let scaled = content.power(k), let inverse = Number.one.dividing(by: content) else { return nil }
        let primitive = Expr.makeSum(
            constant: constant * inverse, terms: terms.map { Term(coefficient: $0.coefficient * inverse, monomial: $0.monomial) },
            alreadySorted: true)
        return (scaled, k == 1 ? primitive : Expr.power(primitive, .number(Number.rational(k, 1))))
    }

    /// The exponents a base occurs with in a product being collected.
    private struct Exponents: CollectedEntry {
        let base: Expr
        var first: Expr
        var more: [Expr] = []
        var key: Expr { base }
    }

    /// `n · e` for a canonical e: the same result as `product([n, e])`, faster.
    static func scaled(_ e: Expr, by n: Number) -> Expr {
        if n.isOne { return e }
        if n.isZero { return .zero }
        switch e.kind {
        case .number(let m):
            return .number(n * m)
        case .product(let c, let factors):
            let coefficient = c * n
            if coefficient.isZero { return .zero }
            if coefficient.isOne { return factors.count == 1 ? factors[0] : Expr(.product(coefficient: .one, factors: factors)) }
            return Expr(.product(coefficient: coefficient, factors: factors))
        case .sum(let constant, let terms):
            // Scaling keeps the monomials, hence their order.
            return makeSum(
                constant: constant * n,
                terms: terms.compactMap { term in
                    let c = term.coefficient * n
                    return c.isZero ? nil : Term(coefficient: c, monomial: term.monomial)
                }, alreadySorted: true)
        default:
            return Expr(.product(coefficient: n, factors: [e]))
        }
    }

    /// Builds a product from canonical factors with distinct bases (sorts them).
    static func makeProduct(coefficient: Number, factors unsorted: consuming [Expr]) -> Expr {
        if unsorted.isEmpty { return .number(coefficient) }
        if unsorted.count == 1 {
            if coefficient.isOne { return unsorted[0] }
            if case .sum(let constant, let terms) = unsorted[0].kind {
                // c·(a + b) → c·a + c·b, so that like terms always meet (as SymPy does).
                // Scaling keeps the monomials, hence their order.
                return makeSum(
                    constant: constant * coefficient,
                    terms: terms.compactMap { term in
                        let c = term.coefficient * coefficient
                        return c.isZero ? nil : Term(coefficient: c, monomial: term.monomial)
                    }, alreadySorted: true)
            }
            return Expr(.product(coefficient: coefficient, factors: unsorted))
        }
        // In place: the callers hand over their only reference, so no copy is made.
        var factors = unsorted
        factors.sort { compareFactors($0, $1) < 0 }
        return Expr(.product(coefficient: coefficient, factors: factors))
    }

    /// The canonical `base ^ exponent`.
    ///
    /// Folds only what keeps IEEE's answer: `u^0` = 1 and `1^u` = 1 (as `pow`
    /// gives, even for NaN), exact rational powers, exact roots of perfect
    /// powers; `0^-1` and `(-2)^(1/2)` stay symbolic. `(b^m)^n` becomes `b^(m·n)`
    /// and `(c·Π b^m)^n` becomes `c^n·Π b^(m·n)` only for integers m, n.
    public static func power(_ base: Expr, _ exponent: Expr) -> Expr {
        // An exponent written as a decimal keeps it (`x^2.5`, whose derivative
        // is `2.5*x^1.5`), except ±0.5, which is a square root as ±1/2 is.
        if let e = exponent.numberValue, e.isDecimal, e.withoutDecimalMark == .rational(1, 2) || e.withoutDecimalMark == .rational(-1, 2) {
            return power(base, .number(e.withoutDecimalMark))
        }
        if let e = exponent.numberValue {
            if e.isZero { return .one }
            if e.isOne { return base }
            // u^(1/2) is sqrt(u), and u^(-1/2) is 1/sqrt(u): one form for each
            // (both are defined exactly for u ≥ 0), so that they meet in products.
            if case .rational(let p, 2) = e, p == 1 || p == -1, base.numberValue.map({ foldPower($0, e) == nil }) ?? true {
                let root = call(.sqrt, [base])
                return p == 1 ? root : power(root, .minusOne)
            }
        }
        if base.isOne { return .one }
        switch base.kind {
        case .number(let b):
            if let e = exponent.numberValue, let folded = foldPower(b, e) { return .number(folded) }
        case .power(let innerBase, let innerExponent):
            // (b^m)^n = b^(m·n) for an integer n: b^m multiplied by itself n
            // times, wherever b^m is defined (for a non-integer m the rewrite
            // only extends the domain: (x^(1/2))^2 → x).
            if let n = exponent.numberValue, n.isInteger {
                if let m = innerExponent.numberValue { return power(innerBase, .number(m * n)) }
                return power(innerBase, innerExponent * exponent)
            }
        case .sum(let constant, let terms):
            // 1/(2*x + 2) = (1/2)/(x + 1): a positive rational content leaves a sum
            // under a negative integer power, so `1/(2*(x + 1))` reads back equal.
            if let n = exponent.numberValue?.integerValue, n < 0,
                !base.storage.hasUnitIntegerContent, let content = positiveContent(constant: constant, terms: terms), !content.isOne,
                let scaled = content.power(n), scaled.isRational, let inverse = Number.one.dividing(by: content)
            {
                let primitive = makeSum(
                    constant: constant * inverse, terms: terms.map { Term(coefficient: $0.coefficient * inverse, monomial: $0.monomial) },
                    alreadySorted: true)
                return product([.number(scaled), power(primitive, exponent)])
            }
        case .call(let function, let args) where function == .exp && args.count == 1:
            // exp(u)^n = exp(n*u) for an integer n.
            if let n = exponent.numberValue, n.isInteger { return Expr.call(.exp, [Expr.number(n) * args[0]]) }
        case .call(let function, let args) where function == .sqrt && args.count == 1:
            // sqrt(u)^n = u^(n/2) wherever sqrt(u) is defined (u ≥ 0, where
            // u^(n/2) is defined too): sqrt(u)^2 = u (`x/sqrt(x^2 + 1)^2` →
            // `x/(x^2 + 1)`), sqrt(u)^3 = u^(3/2). sqrt(u) and 1/sqrt(u) stay.
            if let n = exponent.numberValue?.integerValue, n % 2 == 0 || Swift.abs(n) >= 3 {
                if let half = Number.fraction(n, 2) { return power(args[0], .number(half)) }
            }
        case .call(let function, let args) where function == .cbrt && args.count == 1:
            // cbrt(u)^n = u^(n/3) where u > 0 (for u < 0 the real cube root is
            // defined and the power is not), so only for a u that is positive
            // everywhere: `2*x/(3*(x^2 + 1)^(2/3))`, as textbooks write it.
            if let n = exponent.numberValue?.integerValue, n != 1, n != -1, args[0].isPositiveEverywhere,
                let third = Number.fraction(n, 3)
            {
                return power(args[0], .number(third))
            }
        case .product(let coefficient, let factors):
            // (c·Π b^m)^n = c^n·Π b^(m·n) for an integer n, whatever the m:
            // an integer power of a product is the product of the powers.
            if let n = exponent.numberValue?.integerValue, let scaled = coefficient.power(n) {
                var operands: [Expr] = [.number(scaled)]
                for factor in factors { operands.append(power(factor, exponent)) }
                return product(operands)
            }
        default:
            break
        }
        return Expr(.power(base: base, exponent: exponent))
    }

    /// gcd of the numerators over lcm of the denominators, when every coefficient is rational.
    static func positiveContent(constant: Number, terms: [Term]) -> Number? {
        // No array of the numbers: this runs for every sum factor of a product built.
        // A sum with decimals keeps them (`x*y - x + 2.625` has no content),
        // unless it has a fraction too (`x/10 + 0.05`): with fractions written
        // as such, exact fractions are the sum's style, and its content makes
        // `1/(x/10 + 0.05)` the `20/(2*x + 1)` it is.
        var numeratorGCD: Int64 = 0
        var denominatorLCM: Int64 = 1
        var decimals = false, fractions = false
        func include(_ number: Number) -> Bool {
            guard let (p, q, isDecimal) = number.exactParts, p != .min else { return false }
            if isDecimal { decimals = true } else if q != 1 { fractions = true }
            numeratorGCD = gcd(numeratorGCD, Swift.abs(p))
            guard let lcm = checkedMultiply(denominatorLCM / gcd(denominatorLCM, q), q) else { return false }
            denominatorLCM = lcm
            return true
        }
        guard include(constant) else { return nil }
        for term in terms where !include(term.coefficient) { return nil }
        guard numeratorGCD > 0, !decimals || fractions else { return nil }
        return Number.fraction(numeratorGCD, denominatorLCM)
    }

    /// The value of `base ^ exponent` when it can be folded without changing the
    /// IEEE result; nil to keep the power symbolic.
    static func foldPower(_ base: Number, _ exponent: Number) -> Number? {
        if let n = exponent.integerValue {
            guard let value = base.power(n) else { return nil }
            if case .real(let x) = value, !x.isFinite { return nil }
            return value
        }
        if let (p, q, _) = exponent.exactParts, base.isRational {
            guard let root = base.exactRoot(q), let value = root.power(p) else { return nil }
            return value
        }
        if !base.isRational || !exponent.isRational {
            // An inexact operand: IEEE pow is the value evaluation would give anyway.
            let value = Foundation.pow(base.doubleValue, exponent.doubleValue)
            return value.isFinite ? Number(value) : nil
        }
        return nil
    }

    /// A built-in applied to arguments, after the function's own exact rewrites
    /// (`ln(1)` → 0, `mean(3*u)` → `3*mean(u)`, `log(u)` → `ln(u)`).
    public static func call(_ function: BuiltinFunction, _ arguments: [Expr]) -> Expr {
        if let rewritten = function.rewrite(arguments) { return rewritten }
        return Expr(.call(function, arguments))
    }

    /// A built-in by name or alias (`sigmoid` or `σ`), checking its arity.
    public static func call(named name: String, _ arguments: [Expr]) throws(SymbolicError) -> Expr {
        guard let function = BuiltinFunction.named(name) else {
            throw .unknownFunction(name: name, suggestion: closestBuiltinName(to: name))
        }
        guard function.arity.contains(arguments.count) else {
            throw .wrongArgumentCount(function: name, expected: function.arity, got: arguments.count)
        }
        return call(function, arguments)
    }

    // MARK: Operators

    public static func + (lhs: Expr, rhs: Expr) -> Expr { sum([lhs, rhs]) }
    public static func - (lhs: Expr, rhs: Expr) -> Expr { sum([lhs, scaled(rhs, by: .minusOne)]) }
    public static func * (lhs: Expr, rhs: Expr) -> Expr { product([lhs, rhs]) }
    /// `lhs · rhs^-1`; division by an exact zero stays symbolic (`x*0^-1`).
    public static func / (lhs: Expr, rhs: Expr) -> Expr { product([lhs, power(rhs, .minusOne)]) }
    public static prefix func - (operand: Expr) -> Expr { scaled(operand, by: .minusOne) }
}

extension Expr {
    /// True when the value is positive for every real value of its names (a
    /// sufficient test: a positive constant plus terms that are never
    /// negative, `x^2 + 1`; `exp(u)`; a positive number).
    var isPositiveEverywhere: Bool {
        switch kind {
        case .number(let n): return Number.compare(n, .zero) > 0 && !n.isNonFinite
        case .call(let function, _): return function == .exp
        case .sum(let constant, let terms):
            return Number.compare(constant, .zero) > 0 && !constant.isNonFinite
                && terms.allSatisfy { Number.compare($0.coefficient, .zero) > 0 && $0.monomial.isNonNegativeEverywhere }
        case .product(let coefficient, let factors):
            return Number.compare(coefficient, .zero) > 0 && factors.allSatisfy(\.isPositiveEverywhere)
        case .power(let base, let exponent):
            return base.isPositiveEverywhere && exponent.numberValue != nil
        case .symbol: return false
        }
    }

    /// True when the value is never negative where it is defined: an even
    /// power, `exp(u)`, or a product of such.
    private var isNonNegativeEverywhere: Bool {
        switch kind {
        case .power(_, let exponent):
            if let n = exponent.numberValue?.integerValue, n > 0, n % 2 == 0 { return true }
            return isPositiveEverywhere
        case .product(let coefficient, let factors):
            return Number.compare(coefficient, .zero) > 0 && factors.allSatisfy(\.isNonNegativeEverywhere)
        default:
            return isPositiveEverywhere
        }
    }
}

extension Number {
    /// A rational whose numerator and denominator are both at most 1000 in size.
    var isSmallFraction: Bool {
        if case .rational(let p, let q) = self { return p > -1000 && p < 1000 && q <= 1000 }
        return false
    }
}

/// An entry of a `Collector`, found by its key.
protocol CollectedEntry {
    var key: Expr { get }
}

extension Expr.Term: CollectedEntry {
    var key: Expr { monomial }
}

/// Finds equal keys by linear search while they are few and through a hash
/// table once they are many: the constructors' collection of like terms and
/// like bases, where most calls see two or three keys. The entries live in
/// one array, which becomes the result (a sum's terms), so collecting costs
/// one allocation in the common case.
struct Collector<Entry: CollectedEntry> {
    var entries: [Entry] = []
    private var index: ExprMap<Int>?
    private static var linearLimit: Int { 12 }

    init(capacity: Int) { entries.reserveCapacity(capacity) }

    func position(of key: Expr) -> Int? {
        if let index { return index[key] }
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }

    mutating func append(_ entry: Entry) {
        let key = entry.key
        entries.append(entry)
        if index != nil {
            index?[key] = entries.count - 1
        } else if entries.count > Self.linearLimit {
            var table = ExprMap<Int>(capacity: entries.count * 2)
            for (i, e) in entries.enumerated() { table[e.key] = i }
            index = table
        }
    }

    /// The entries, leaving the collector empty (so the array is not shared).
    mutating func takeEntries() -> [Entry] {
        defer { entries = [] }
        return entries
    }
}

extension Expr: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
}

/// Errors raised by the symbolic layer; each carries its data, messages are built in one place.
public enum SymbolicError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownFunction(name: String, suggestion: String?)
    case wrongArgumentCount(function: String, expected: ClosedRange<Int>, got: Int)
    case derivativeOrderOutOfRange(Int)
    /// `quadraticForm`: the objective is not quadratic; `parameter` is the one that breaks it.
    case notQuadratic(parameter: String)
    /// An n-th derivative grew beyond `Expr.maximumResultNodes` at this order.
    case resultTooLarge(order: Int)
    /// A derivative's rules built a result of more than this many nodes
    /// (`derivative(withRespectTo:nodeLimit:)`).
    case derivativeTooLarge(nodeLimit: Int)
    /// A comparison (`==`, `<`, …) inside a formula given to the algebra.
    case noAlgebra(String)

    public var description: String {
        switch self {
        case .unknownFunction(let name, let suggestion):
            return "unknown function '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .wrongArgumentCount(let function, let expected, let got):
            let wanted =
                expected.lowerBound == expected.upperBound
                ? "\(expected.lowerBound)"
                : (expected.upperBound == Int.max ? "at least \(expected.lowerBound)" : "\(expected.lowerBound) to \(expected.upperBound)")
            return "'\(function)' takes \(wanted) argument\(wanted == "1" ? "" : "s"), got \(got)"
        case .derivativeOrderOutOfRange(let n):
            return "derivative order must be between 0 and \(Expr.maximumDerivativeOrder), got \(n)"
        case .notQuadratic(let parameter):
            return "the objective is not quadratic in '\(parameter)'"
        case .resultTooLarge(let order):
            return "the derivative of order \(order) is too large to show (more than \(Expr.maximumResultNodes) nodes)"
        case .derivativeTooLarge(let nodeLimit):
            return "the derivative grows past \(nodeLimit) terms"
        case .noAlgebra(let op):
            return "'\(op)' has no derivative: comparisons give true or false"
        }
    }
}
