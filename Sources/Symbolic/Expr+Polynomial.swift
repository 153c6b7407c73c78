// Polynomial structure in chosen variables: what `solve` needs to know whether
// an objective has a closed-form minimiser (the normal equations).

extension Expr {
    /// The degree of this expression as a polynomial in `variable` (0 when it
    /// does not occur), or nil when it is not a polynomial in it (`1/x`, `sin(x)`,
    /// `x^(1/2)`, `abs(x)`, `2^x`). `sum` and `mean` are linear, so
    /// `mean((y - θ*x)^2)` has degree 2 in θ.
    public func polynomialDegree(in variable: String) -> Int? {
        if !contains(symbol: variable) { return 0 }
        switch kind {
        case .number: return 0
        case .symbol(let name): return name == variable ? 1 : 0
        case .sum(_, let terms):
            var degree = 0
            for term in terms {
                guard let d = term.monomial.polynomialDegree(in: variable) else { return nil }
                degree = max(degree, d)
            }
            return degree
        case .product(_, let factors):
            var degree = 0
            for factor in factors {
                guard let d = factor.polynomialDegree(in: variable) else { return nil }
                let (total, overflow) = degree.addingReportingOverflow(d)
                if overflow { return nil }
                degree = total
            }
            return degree
        case .power(let base, let exponent):
            guard !exponent.contains(symbol: variable), let n = exponent.numberValue?.integerValue, n > 0, n <= Int64(Int32.max),
                let d = base.polynomialDegree(in: variable)
            else { return nil }
            let (total, overflow) = d.multipliedReportingOverflow(by: Int(n))
            return overflow ? nil : total
        case .call(let function, let args):
            guard function.isLinearReduction, args.count == 1 else { return nil }
            return args[0].polynomialDegree(in: variable)
        }
    }

    /// This expression as an exact quadratic in `parameters`:
    /// f(θ) = ½·θᵀ·A·θ + bᵀ·θ + c with A the (constant) Hessian, b = ∇f(0) and
    /// c = f(0), so the minimiser (when A is positive definite) solves A·θ = −b,
    /// the normal equations. Entries may contain other symbols and reductions over
    /// columns (`mean(tips.total_bill^2)`).
    ///
    /// Throws `SymbolicError.notQuadratic(parameter:)` naming the first parameter
    /// in which f is not a polynomial of degree ≤ 2, or else the first parameter
    /// that remains in the Hessian (a cross term of degree > 2 such as θ0²·θ1).
    public func quadraticForm(in parameters: [String]) throws(SymbolicError) -> QuadraticForm {
        for parameter in parameters {
            guard let degree = polynomialDegree(in: parameter), degree <= 2 else { throw .notQuadratic(parameter: parameter) }
        }
        let hessian = self.hessian(withRespectTo: parameters)
        for row in hessian {
            for entry in row {
                if let offender = parameters.first(where: { entry.contains(symbol: $0) }) {
                    throw .notQuadratic(parameter: offender)
                }
            }
        }
        var zero: [String: Expr] = [:]
        for parameter in parameters { zero[parameter] = .zero }
        let linear = gradient(withRespectTo: parameters).map { $0.substituting(zero) }
        return QuadraticForm(parameters: parameters, quadratic: hessian, linear: linear, constant: substituting(zero))
    }
}

/// f(θ) = ½·θᵀ·A·θ + bᵀ·θ + c in the listed parameters (see `Expr.quadraticForm(in:)`).
public struct QuadraticForm: Sendable, Equatable {
    public let parameters: [String]
    /// A: the Hessian, free of the parameters, symmetric.
    public let quadratic: [[Expr]]
    /// b: the gradient at θ = 0.
    public let linear: [Expr]
    /// c: the value at θ = 0.
    public let constant: Expr
}

// MARK: Multiplying out nested polynomials

/// Polynomials in symbols with exact coefficients, multiplied out, for
/// `simplified()`: a recurrence such as `T8(y) = 2*y*T7(y) - T6(y)` applied
/// to `2*x - 1` is a degree-8 polynomial in x written with Fibonacci-many
/// copies of its lower terms, and so is its derivative; multiplied out it
/// has 9 terms. Each expression's polynomial is computed once (from its
/// children's, so bottom up) and refused, cheaply, as soon as it has more
/// terms than the expression has operations: then it could not be smaller
/// in print (every term but one costs a `+` or `-`). Products of large
/// multivariate sums are refused that way before they are multiplied.
///
/// A polynomial is an array of terms sorted by monomial, not a dictionary:
/// a dictionary keyed by a new type made the runtime look up its Hashable
/// conformance on first use, 0.4–0.7M instructions (2–4% of a small `minimize`).
struct PolynomialExpander {
    /// A monomial: (symbol index << 32 | exponent) for each symbol, sorted by
    /// symbol; empty for 1.
    typealias Monomial = [UInt64]

    struct Term {
        var monomial: Monomial
        var coefficient: Number
    }

    /// Terms sorted by monomial (`precedes`), monomials distinct, coefficients
    /// exact and non-zero.
    typealias Polynomial = [Term]

    /// The most term pairs one multiplication may form, whatever the caps.
    static let maximumPairs = 4_096
    /// The highest exponent multiplied out.
    static let maximumExponent: UInt64 = 64

    private var symbolIndices: [String: UInt64] = [:]
    private var symbolNames: [String] = []
    /// Results by expression (nil: not a polynomial, or too large).
    private var memo = ExprMap<Polynomial?>()

    /// This expression multiplied out, when it is a polynomial in symbols
    /// with exact coefficients and that form has fewer operations; nil otherwise.
    mutating func smallerExpansion(of e: Expr) -> Expr? {
        // Fewer terms than operations is necessary: a sum of n terms prints n − 1 signs.
        guard let polynomial = polynomial(e), polynomial.count <= e.storage.operations,
            PolynomialExpander.printedOperations(polynomial) < e.storage.operations
        else { return nil }
        let candidate = expression(polynomial)
        return candidate.storage.operations < e.storage.operations ? candidate : nil
    }

    /// The most terms `e`'s polynomial may have: one more than its operations.
    private static func cap(_ e: Expr) -> Int { max(e.storage.operations + 1, 2) }

    mutating func polynomial(_ e: Expr) -> Polynomial? {
        switch e.kind {
        case .number(let n):
            guard n.exactParts != nil else { return nil }
            return n.isZero ? [] : [Term(monomial: [], coefficient: n)]
        case .symbol(let name):
            return [Term(monomial: [index(of: name) << 32 | 1], coefficient: .one)]
        case .call:
            return nil
        default:
            break
        }
        if let known = memo[e] { return known }
        let result = computePolynomial(e)
        memo[e] = result
        return result
    }

    private mutating func computePolynomial(_ e: Expr) -> Polynomial? {
        let cap = PolynomialExpander.cap(e)
        switch e.kind {
        case .sum(let constant, let terms):
            guard constant.exactParts != nil else { return nil }
            var all: [Term] = constant.isZero ? [] : [Term(monomial: [], coefficient: constant)]
            for term in terms {
                guard let part = polynomial(term.monomial) else { return nil }
                for t in part {
                    guard let scaled = PolynomialExpander.exact(t.coefficient * term.coefficient) else { return nil }
                    all.append(Term(monomial: t.monomial, coefficient: scaled))
                }
                // Like terms rarely halve a sum: past twice the cap, refused before collecting.
                if all.count > 2 * cap { return nil }
            }
            guard let total = PolynomialExpander.collected(all), total.count <= cap else { return nil }
            return total
        case .product(let coefficient, let factors):
            guard coefficient.exactParts != nil else { return nil }
            var total: Polynomial = [Term(monomial: [], coefficient: coefficient)]
            for factor in factors {
                guard let part = polynomial(factor), let next = PolynomialExpander.multiply(total, part, cap: cap) else { return nil }
                total = next
            }
            return total
        case .power(let base, let exponent):
            guard let n = exponent.numberValue?.integerValue, n > 0, n <= Int64(PolynomialExpander.maximumExponent),
                let part = polynomial(base)
            else { return nil }
            var total: Polynomial = [Term(monomial: [], coefficient: .one)]
            for _ in 0..<n {
                guard let next = PolynomialExpander.multiply(total, part, cap: cap) else { return nil }
                total = next
            }
            return total
        case .number, .symbol, .call:
            return nil
        }
    }

    private mutating func index(of name: String) -> UInt64 {
        if let known = symbolIndices[name] { return known }
        let new = UInt64(symbolNames.count)
        symbolIndices[name] = new
        symbolNames.append(name)
        return new
    }

    /// A coefficient that stayed exact (an overflow makes a double, which would round).
    private static func exact(_ n: Number) -> Number? { n.exactParts == nil ? nil : n }

    /// The order of monomials in a polynomial (lexicographic on their powers).
    static func precedes(_ a: Monomial, _ b: Monomial) -> Bool {
        var i = 0
        while i < a.count, i < b.count {
            if a[i] != b[i] { return a[i] < b[i] }
            i += 1
        }
        return a.count < b.count
    }

    /// Terms sorted, equal monomials added, zeros dropped; nil when a sum is inexact.
    private static func collected(_ terms: consuming [Term]) -> Polynomial? {
        var terms = terms
        // Most products come out in order with distinct monomials (a monomial
        // times a polynomial always has them distinct): then there is nothing to do.
        var ordered = true
        for i in terms.indices.dropFirst() where !precedes(terms[i - 1].monomial, terms[i].monomial) {
            ordered = false
            break
        }
        if ordered { return terms }
        // Sorting is deterministic, so equal monomials are added in the same
        // order every run (exact sums, though an overflow could depend on it).
        terms.sort { precedes($0.monomial, $1.monomial) }
        var result: Polynomial = []
        result.reserveCapacity(terms.count)
        for term in terms {
            if let last = result.last, last.monomial == term.monomial {
                guard let sum = exact(last.coefficient + term.coefficient) else { return nil }
                result[result.count - 1].coefficient = sum
            } else {
                result.append(term)
            }
        }
        result.removeAll { $0.coefficient.isZero }
        return result
    }

    /// c·p, or nil when a coefficient becomes inexact.
    private static func scaled(_ p: Polynomial, by c: Number) -> Polynomial? {
        if c.isOne { return p }
        if c.isZero { return [] }
        var result = p
        for i in result.indices {
            guard let scaled = exact(result[i].coefficient * c) else { return nil }
            result[i].coefficient = scaled
        }
        return result
    }

    /// a·b, or nil when it would have more than `cap` terms or too many pairs.
    private static func multiply(_ a: Polynomial, _ b: Polynomial, cap: Int) -> Polynomial? {
        if a.isEmpty || b.isEmpty { return [] }
        if a.count == 1, a[0].monomial.isEmpty { return b.count > cap ? nil : scaled(b, by: a[0].coefficient) }
        if b.count == 1, b[0].monomial.isEmpty { return a.count > cap ? nil : scaled(a, by: b[0].coefficient) }
        let (pairs, overflow) = a.count.multipliedReportingOverflow(by: b.count)
        if overflow || pairs > maximumPairs { return nil }
        // Refused early, without multiplying, when a count of terms is past
        // the cap: a's monomials free of b's symbols, each times every
        // monomial of b, are all distinct (two such products agree on b's
        // symbols only through b's monomial, and then on the rest only
        // through a's). Other pairs could cancel some of them exactly, so
        // this may refuse a product that would be small; refusing only keeps
        // the expression as it is. A sum over many variables times another
        // sum stops here (Chebyquad: Σᵢ T8(2xᵢ - 1) times T8'(2x₁ - 1) has
        // 57·8 such products).
        let maskA = symbolMask(a), maskB = symbolMask(b)
        if freeCount(a, of: maskB) * b.count > cap || freeCount(b, of: maskA) * a.count > cap { return nil }
        var products: [Term] = []
        products.reserveCapacity(pairs)
        for t1 in a {
            for t2 in b {
                guard let monomial = product(t1.monomial, t2.monomial), let coefficient = exact(t1.coefficient * t2.coefficient) else {
                    return nil
                }
                products.append(Term(monomial: monomial, coefficient: coefficient))
            }
        }
        guard let result = collected(products), result.count <= cap else { return nil }
        return result
    }

    /// One bit per symbol (by index, folded to 64), or-ed over the monomials.
    private static func symbolMask(_ polynomial: Polynomial) -> UInt64 {
        var mask: UInt64 = 0
        for term in polynomial { mask |= monomialMask(term.monomial) }
        return mask
    }

    private static func monomialMask(_ monomial: Monomial) -> UInt64 {
        var mask: UInt64 = 0
        for power in monomial { mask |= 1 << ((power >> 32) % 64) }
        return mask
    }

    /// How many monomials certainly have none of the symbols in `mask`.
    private static func freeCount(_ polynomial: Polynomial, of mask: UInt64) -> Int {
        var count = 0
        for term in polynomial where monomialMask(term.monomial) & mask == 0 { count += 1 }
        return count
    }

    /// The operations of the polynomial printed as a canonical sum (as
    /// `Expr.sumOperations` counts them), without building it: a term
    /// `c*x^2*y` costs its `*`s, a `^` per power and a `/` for a fraction,
    /// and the terms are joined by signs.
    static func printedOperations(_ polynomial: Polynomial) -> Int {
        var total = 0
        var allNegative = true
        for term in polynomial {
            let coefficient = term.coefficient, monomial = term.monomial
            allNegative = allNegative && coefficient.isNegative
            let magnitude = coefficient.isNegative ? -coefficient : coefficient
            var items = monomial.count
            if case .rational(let p, let q) = magnitude {
                if q != 1 { total += 1 }
                if p != 1 && !monomial.isEmpty { items += 1 }
            } else if !magnitude.isOne && !monomial.isEmpty {
                items += 1
            }
            for power in monomial where power & 0xFFFF_FFFF > 1 { total += 1 }
            total += max(items - 1, 0)
        }
        return total + max(polynomial.count - 1, 0) + (allNegative && !polynomial.isEmpty ? 1 : 0)
    }

    /// The product of two monomials (exponents added), nil past the highest exponent.
    private static func product(_ a: Monomial, _ b: Monomial) -> Monomial? {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var result: Monomial = []
        result.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let sa = a[i] >> 32, sb = b[j] >> 32
            if sa == sb {
                let exponent = (a[i] & 0xFFFF_FFFF) + (b[j] & 0xFFFF_FFFF)
                if exponent > maximumExponent { return nil }
                result.append(sa << 32 | exponent)
                i += 1
                j += 1
            } else if sa < sb {
                result.append(a[i])
                i += 1
            } else {
                result.append(b[j])
                j += 1
            }
        }
        result.append(contentsOf: a[i...])
        result.append(contentsOf: b[j...])
        return result
    }

    /// The polynomial as a canonical expression.
    private func expression(_ polynomial: Polynomial) -> Expr {
        let summands = polynomial.map { term in
            let factors = term.monomial.map { power in
                Expr.power(.symbol(symbolNames[Int(power >> 32)]), .number(.rational(Int64(power & 0xFFFF_FFFF), 1)))
            }
            return factors.isEmpty ? Expr.number(term.coefficient) : Expr.product(coefficient: term.coefficient, factors)
        }
        return summands.isEmpty ? .zero : Expr.sum(summands)
    }
}
