import Core
import Foundation

/// A numeric coefficient: an exact rational when possible, otherwise an IEEE double.
///
/// Rationals use checked `Int64` arithmetic; an operation that would overflow
/// falls back to the IEEE double of the same operation (never a trap). A
/// rational is always reduced with a positive denominator, so equal rationals
/// have equal representations.
///
/// A rational that came from a decimal (`0.1` is 1/10, and so is a number a
/// value of the session puts in) is a `decimal`: it computes exactly as the
/// rational it is, and prints as the shortest decimal that reads back to its
/// double (`0.01`, `2*x/3 + 0.1`), as the user wrote it. Arithmetic keeps the
/// mark: a decimal and any exact number give a decimal (0.1·0.1 = 0.01), two
/// plain rationals give a plain rational (`x/3` stays `x/3`), and a whole
/// number is always a plain rational (0.5·2 = 1), so integers are one value
/// whatever they came from. Values never depend on the mark; only the printed
/// form (and so the evaluation of a printed result, `0.1*x` as written) does.
///
/// Doubles compare and hash by bit pattern, so `Number.real(.nan)` equals
/// itself and `-0.0` differs from `0.0`: this is structural identity for
/// expressions, not IEEE comparison.
public enum Number: Hashable, Sendable, CustomStringConvertible {
    /// numerator / denominator, denominator > 0, gcd(numerator, denominator) = 1.
    case rational(Int64, Int64)
    /// A rational from decimals: numerator / denominator, reduced, denominator > 1
    /// (a whole number is a `rational`).
    case decimal(Int64, Int64)
    /// A value with no exact small rational form (or the result of inexact arithmetic).
    case real(Double)

    public static let zero = Number.rational(0, 1)
    public static let one = Number.rational(1, 1)
    public static let minusOne = Number.rational(-1, 1)

    public init(_ integer: Int) {
        self = .rational(Int64(integer), 1)
    }

    /// The exact rational a double's shortest round-trip decimal digits denote
    /// (`0.75` → 3/4, `0.1` → 1/10), marked as a decimal unless it is whole, when
    /// that rational converts back to the very same double; otherwise the double
    /// itself (`1e-300`, `inf`, `nan`, `-0.0`).
    ///
    /// A double that needs 16 or 17 significant digits is what a fraction
    /// with no finite decimal prints as (1/3 is 0.3333333333333333): it reads
    /// as the fraction of denominator at most a million whose double it is,
    /// when there is one, so a printed result reads back as the same value
    /// (the double is the same either way).
    public init(_ value: Double) {
        if let fraction = Number.shortFraction(printedAs: value) {
            self = fraction
        } else if case .rational(let n, let d)? = Number.exactRational(of: value) {
            self = d == 1 ? .rational(n, 1) : .decimal(n, d)
        } else {
            self = .real(value)
        }
    }

    /// Reduces `numerator / denominator`; nil when the denominator is zero.
    public static func fraction(_ numerator: Int64, _ denominator: Int64) -> Number? {
        guard denominator != 0 else { return nil }
        return makeRational(numerator, denominator)
    }

    // MARK: Queries

    public var doubleValue: Double {
        switch self {
        case .rational(let n, let d), .decimal(let n, let d): return d == 1 ? Double(n) : Double(n) / Double(d)
        case .real(let x): return x
        }
    }

    public var isZero: Bool {
        switch self {
        case .rational(let n, _): return n == 0
        case .decimal: return false  // never whole
        case .real: return false  // a real zero (±0.0) keeps its IEEE identity
        }
    }

    public var isOne: Bool { self == .one }

    @inline(__always)
    public var isNegative: Bool {
        switch self {
        case .rational(let n, _), .decimal(let n, _): return n < 0
        case .real(let x): return x.sign == .minus && !x.isNaN
        }
    }

    /// True for a rational from decimals, which prints as a decimal.
    public var isDecimal: Bool { if case .decimal = self { return true } else { return false } }

    /// The same value without the decimal mark (a decimal becomes its plain
    /// rational; other numbers are themselves).
    public var withoutDecimalMark: Number {
        if case .decimal(let n, let d) = self { return .rational(n, d) }
        return self
    }

    /// Numerator, denominator and the decimal mark of an exact number; nil for a real.
    var exactParts: (numerator: Int64, denominator: Int64, isDecimal: Bool)? {
        switch self {
        case .rational(let n, let d): return (n, d, false)
        case .decimal(let n, let d): return (n, d, true)
        case .real: return nil
        }
    }

    /// The integer value when this is an integral rational.
    public var integerValue: Int64? {
        if case .rational(let n, 1) = self { return n }
        return nil
    }

    public var isInteger: Bool { integerValue != nil }
    /// True for an exact number (a plain rational or one from decimals).
    public var isRational: Bool { exactParts != nil }

    public var description: String {
        switch self {
        case .rational(let n, 1): return String(n)
        case .rational(let n, let d): return "\(n)/\(d)"
        case .decimal, .real: return formatNumber(doubleValue)
        }
    }

    // MARK: Arithmetic (exact where possible)

    public static prefix func - (value: Number) -> Number {
        switch value {
        case .rational(let n, let d), .decimal(let n, let d):
            let (negated, overflow) = Int64(0).subtractingReportingOverflow(n)
            return overflow ? .real(-value.doubleValue) : value.isDecimal ? .decimal(negated, d) : .rational(negated, d)
        case .real(let x): return .real(-x)
        }
    }

    public static func + (lhs: Number, rhs: Number) -> Number {
        if let (a, b, leftDecimal) = lhs.exactParts, let (c, d, rightDecimal) = rhs.exactParts {
            // Integers (most coefficients): no gcd needed; Int64.min goes the general
            // way, which makes it a real as makeRational does.
            if b == 1 && d == 1, let sum = checkedAdd(a, c), sum != .min { return .rational(sum, 1) }
            let g = gcd(b, d)
            if let left = checkedMultiply(a, d / g), let right = checkedMultiply(c, b / g),
                let numerator = checkedAdd(left, right), let denominator = checkedMultiply(b / g, d)
            {
                return makeRational(numerator, denominator, decimal: leftDecimal || rightDecimal)
            }
        }
        return .real(lhs.doubleValue + rhs.doubleValue)
    }

    public static func - (lhs: Number, rhs: Number) -> Number { lhs + (-rhs) }

    public static func * (lhs: Number, rhs: Number) -> Number {
        if let (a, b, leftDecimal) = lhs.exactParts, let (c, d, rightDecimal) = rhs.exactParts {
            // Integers: as makeRational would give (which turns Int64.min into a real).
            if b == 1 && d == 1, let product = checkedMultiply(a, c), product != .min { return .rational(product, 1) }
            // Cross-reduce first so that products of reduced fractions rarely overflow.
            let g1 = gcd(Swift.abs(a), d), g2 = gcd(Swift.abs(c), b)
            let a1 = g1 == 0 ? a : a / g1, d1 = g1 == 0 ? d : d / g1
            let c1 = g2 == 0 ? c : c / g2, b1 = g2 == 0 ? b : b / g2
            if let numerator = checkedMultiply(a1, c1), let denominator = checkedMultiply(b1, d1) {
                return makeRational(numerator, denominator, decimal: leftDecimal || rightDecimal)
            }
        }
        return .real(lhs.doubleValue * rhs.doubleValue)
    }

    /// Exact quotient; nil for division by an exact zero (kept symbolic by callers,
    /// since folding `x/0` would change what IEEE evaluation gives for signed zeros).
    public func dividing(by divisor: Number) -> Number? {
        if divisor.isZero { return nil }
        if let (c, d, isDecimal) = divisor.exactParts {
            // c != 0 here; Int64.min cannot be negated, so go through doubles.
            if c == .min { return .real(doubleValue / divisor.doubleValue) }
            // The reciprocal of a whole number may be a fraction; it keeps the mark.
            let reciprocal = Number.makeRational(c < 0 ? -d : d, c < 0 ? -c : c, decimal: isDecimal)
            return self * reciprocal
        }
        return .real(doubleValue / divisor.doubleValue)
    }

    /// `self ^ exponent` for an integer exponent, exactly when it fits; nil when the
    /// base is an exact zero and the exponent negative.
    public func power(_ exponent: Int64) -> Number? {
        if exponent == 0 { return .one }
        if exponent < 0 {
            if isZero { return nil }
            if exponent == .min { return .real(Foundation.pow(doubleValue, Double(exponent))) }
            guard let positive = power(-exponent) else { return nil }
            return Number.one.dividing(by: positive)
        }
        guard isRational else { return .real(Foundation.pow(doubleValue, Double(exponent))) }
        // Exponentiation by squaring, with every step checked.
        var result = Number.one
        var base = self
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = result * base }
            remaining >>= 1
            if remaining > 0 { base = base * base }
            if case .real = result { return .real(Foundation.pow(doubleValue, Double(exponent))) }
            if case .real = base { return .real(Foundation.pow(doubleValue, Double(exponent))) }
        }
        return result
    }

    /// The exact `n`-th root of a non-negative rational when both its numerator and
    /// denominator are perfect `n`-th powers (`(9/4)^(1/2)` = 3/2), else nil.
    func exactRoot(_ n: Int64) -> Number? {
        guard n >= 2, n <= 64, let (p, q, isDecimal) = exactParts, p >= 0 else { return nil }
        guard let rootP = integerRoot(p, n), let rootQ = integerRoot(q, n) else { return nil }
        return Number.makeRational(rootP, rootQ, decimal: isDecimal)
    }

    /// Total order by value (NaN last), ties broken by representation.
    static func compare(_ lhs: Number, _ rhs: Number) -> Int {
        if let (a, b, _) = lhs.exactParts, let (c, d, _) = rhs.exactParts {
            if let left = checkedMultiply(a, d), let right = checkedMultiply(c, b) {
                if left != right { return left < right ? -1 : 1 }
                return lhs.isDecimal == rhs.isDecimal ? 0 : (lhs.isDecimal ? 1 : -1)
            }
        }
        let x = lhs.doubleValue, y = rhs.doubleValue
        if x.isNaN || y.isNaN {
            if x.isNaN && y.isNaN { return 0 }
            return x.isNaN ? 1 : -1
        }
        if x < y { return -1 }
        if x > y { return 1 }
        // Equal values: rational, then decimal, then real, then by bits, so the order is total.
        func rank(_ n: Number) -> Int {
            switch n {
            case .rational: return 0
            case .decimal: return 1
            case .real: return 2
            }
        }
        if rank(lhs) != rank(rhs) { return rank(lhs) < rank(rhs) ? -1 : 1 }
        switch (lhs, rhs) {
        case (.real(let a), .real(let b)):
            return a.bitPattern < b.bitPattern ? -1 : (a.bitPattern > b.bitPattern ? 1 : 0)
        default: return 0
        }
    }

    // MARK: Hashable by bits for reals

    public static func == (lhs: Number, rhs: Number) -> Bool {
        switch (lhs, rhs) {
        case (.rational(let a, let b), .rational(let c, let d)): return a == c && b == d
        case (.decimal(let a, let b), .decimal(let c, let d)): return a == c && b == d
        case (.real(let x), .real(let y)): return x.bitPattern == y.bitPattern
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .rational(let n, let d):
            hasher.combine(0)
            hasher.combine(n)
            hasher.combine(d)
        case .decimal(let n, let d):
            hasher.combine(2)
            hasher.combine(n)
            hasher.combine(d)
        case .real(let x):
            hasher.combine(1)
            hasher.combine(x.bitPattern)
        }
    }

    // MARK: Helpers

    /// `numerator / denominator` reduced; marked as a decimal when `decimal`
    /// and the result is not whole.
    static func makeRational(_ numerator: Int64, _ denominator: Int64, decimal: Bool = false) -> Number {
        if numerator == .min || denominator == .min {
            return .real(Double(numerator) / Double(denominator))
        }
        var n = numerator, d = denominator
        if d < 0 {
            n = -n
            d = -d
        }
        let g = gcd(Swift.abs(n), d)
        if g > 1 {
            n /= g
            d /= g
        }
        return decimal && d != 1 ? .decimal(n, d) : .rational(n, d)
    }

    /// The decimal p/q with the smallest q ≤ 10^6 among the continued
    /// fraction's convergents of `value` whose IEEE quotient is `value`, for a
    /// value of magnitude below 1000 whose shortest digits number 16 or more;
    /// nil otherwise. Two such fractions differ by at least 10^-12, far more
    /// than the width of the values that round to one double there, so the
    /// answer is the one fraction near it with that denominator bound.
    private static func shortFraction(printedAs value: Double) -> Number? {
        let magnitude = Swift.abs(value)
        guard magnitude.isFinite, magnitude < 1000, magnitude != magnitude.rounded(.down) else { return nil }
        var significant = value.description
        if let e = significant.firstIndex(where: { $0 == "e" || $0 == "E" }) { significant = String(significant[..<e]) }
        significant = significant.filter(\.isNumber)
        while significant.hasPrefix("0") { significant.removeFirst() }
        while significant.hasSuffix("0") { significant.removeLast() }
        guard significant.count >= 16 else { return nil }
        // Convergents h/k of the continued fraction [a0; a1, a2, …] of the magnitude.
        var (previousH, h): (Int64, Int64) = (1, Int64(magnitude.rounded(.down)))
        var (previousK, k): (Int64, Int64) = (0, 1)
        var remainder = magnitude - magnitude.rounded(.down)
        for _ in 0..<40 {
            guard remainder > 0 else { return nil }
            let inverse = 1 / remainder
            guard inverse < 1e7 else { return nil }
            let a = inverse.rounded(.down)
            remainder = inverse - a
            guard let termH = checkedMultiply(Int64(a), h), let nextH = checkedAdd(termH, previousH),
                let termK = checkedMultiply(Int64(a), k), let nextK = checkedAdd(termK, previousK), nextK <= 1_000_000
            else { return nil }
            (previousH, h) = (h, nextH)
            (previousK, k) = (k, nextK)
            if Double(h) / Double(k) == magnitude {
                return makeRational(value < 0 ? -h : h, k, decimal: true)
            }
        }
        return nil
    }

    private static func exactRational(of value: Double) -> Number? {
        guard value.isFinite else { return nil }
        if value == 0 { return value.sign == .minus ? nil : .zero }
        // Swift's description is the shortest round-trip decimal ("0.1", "1e-05", "12.0").
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            guard let parsed = Int(text[text.index(after: e)...]) else { return nil }
            exponent = parsed
        }
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        var digits = ""
        var fractionDigits = 0
        var seenPoint = false
        for character in mantissa {
            if character == "." {
                seenPoint = true
            } else {
                digits.append(character)
                if seenPoint { fractionDigits += 1 }
            }
        }
        // Strip trailing zeros of the fraction ("12.0" → 12).
        while fractionDigits > 0, digits.hasSuffix("0") {
            digits.removeLast()
            fractionDigits -= 1
        }
        guard digits.count <= 18, var integer = Int64(digits) else { return nil }
        if negative { integer = -integer }
        let scale = exponent - fractionDigits
        guard Swift.abs(scale) <= 18, let power = checkedPowerOfTen(Swift.abs(scale)) else { return nil }
        let candidate: Number
        if scale >= 0 {
            guard let numerator = checkedMultiply(integer, power) else { return nil }
            candidate = .rational(numerator, 1)
        } else {
            candidate = makeRational(integer, power)
        }
        // Only accept a rational that evaluates back to exactly this double.
        guard case .rational = candidate, candidate.doubleValue == value else { return nil }
        return candidate
    }
}

func gcd(_ a: Int64, _ b: Int64) -> Int64 {
    var x = a, y = b
    while y != 0 { (x, y) = (y, x % y) }
    return Swift.abs(x)
}

func checkedMultiply(_ a: Int64, _ b: Int64) -> Int64? {
    let (value, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? nil : value
}

func checkedAdd(_ a: Int64, _ b: Int64) -> Int64? {
    let (value, overflow) = a.addingReportingOverflow(b)
    return overflow ? nil : value
}

private func checkedPowerOfTen(_ exponent: Int) -> Int64? {
    var result: Int64 = 1
    for _ in 0..<exponent {
        guard let next = checkedMultiply(result, 10) else { return nil }
        result = next
    }
    return result
}

/// The integer `n`-th root of `value` when it is exact.
private func integerRoot(_ value: Int64, _ n: Int64) -> Int64? {
    if value < 2 { return value >= 0 ? value : nil }
    let estimate = Int64((Foundation.pow(Double(value), 1 / Double(n))).rounded())
    for candidate in max(0, estimate - 1)...(estimate + 1) {
        var product: Int64 = 1
        var overflowed = false
        for _ in 0..<n {
            guard let next = checkedMultiply(product, candidate) else {
                overflowed = true
                break
            }
            product = next
        }
        if !overflowed && product == value { return candidate }
    }
    return nil
}
