import Core
import Foundation

/// A numeric coefficient: an exact rational when possible, otherwise an IEEE double.
///
/// Rationals use checked `Int64` arithmetic; an operation that would overflow
/// falls back to the IEEE double of the same operation (never a trap). A
/// rational is always reduced with a positive denominator, so equal rationals
/// have equal representations.
///
/// Doubles compare and hash by bit pattern, so `Number.real(.nan)` equals
/// itself and `-0.0` differs from `0.0`: this is structural identity for
/// expressions, not IEEE comparison.
public enum Number: Hashable, Sendable, CustomStringConvertible {
    /// numerator / denominator, denominator > 0, gcd(numerator, denominator) = 1.
    case rational(Int64, Int64)
    /// A value with no exact small rational form (or the result of inexact arithmetic).
    case real(Double)

    public static let zero = Number.rational(0, 1)
    public static let one = Number.rational(1, 1)
    public static let minusOne = Number.rational(-1, 1)

    public init(_ integer: Int) {
        self = .rational(Int64(integer), 1)
    }

    /// The exact rational a double's shortest round-trip decimal digits denote
    /// (`0.75` → 3/4, `0.1` → 1/10), when that rational converts back to the very
    /// same double; otherwise the double itself (`1e-300`, `inf`, `nan`, `-0.0`).
    public init(_ value: Double) {
        if let exact = Number.exactRational(of: value) {
            self = exact
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
        case .rational(let n, let d): return d == 1 ? Double(n) : Double(n) / Double(d)
        case .real(let x): return x
        }
    }

    public var isZero: Bool {
        switch self {
        case .rational(let n, _): return n == 0
        case .real: return false  // a real zero (±0.0) keeps its IEEE identity
        }
    }

    public var isOne: Bool { self == .one }

    public var isNegative: Bool {
        switch self {
        case .rational(let n, _): return n < 0
        case .real(let x): return x.sign == .minus && !x.isNaN
        }
    }

    /// The integer value when this is an integral rational.
    public var integerValue: Int64? {
        if case .rational(let n, 1) = self { return n }
        return nil
    }

    public var isInteger: Bool { integerValue != nil }
    public var isRational: Bool { if case .rational = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .rational(let n, 1): return String(n)
        case .rational(let n, let d): return "\(n)/\(d)"
        case .real(let x): return formatNumber(x)
        }
    }

    // MARK: Arithmetic (exact where possible)

    public static prefix func - (value: Number) -> Number {
        switch value {
        case .rational(let n, let d):
            let (negated, overflow) = Int64(0).subtractingReportingOverflow(n)
            return overflow ? .real(-value.doubleValue) : .rational(negated, d)
        case .real(let x): return .real(-x)
        }
    }

    public static func + (lhs: Number, rhs: Number) -> Number {
        if case .rational(let a, let b) = lhs, case .rational(let c, let d) = rhs {
            // Integers (most coefficients): no gcd needed; Int64.min goes the general
            // way, which makes it a real as makeRational does.
            if b == 1 && d == 1, let sum = checkedAdd(a, c), sum != .min { return .rational(sum, 1) }
            let g = gcd(b, d)
            if let left = checkedMultiply(a, d / g), let right = checkedMultiply(c, b / g),
                let numerator = checkedAdd(left, right), let denominator = checkedMultiply(b / g, d)
            {
                return makeRational(numerator, denominator)
            }
        }
        return .real(lhs.doubleValue + rhs.doubleValue)
    }

    public static func - (lhs: Number, rhs: Number) -> Number { lhs + (-rhs) }

    public static func * (lhs: Number, rhs: Number) -> Number {
        if case .rational(let a, let b) = lhs, case .rational(let c, let d) = rhs {
            // Integers: as makeRational would give (which turns Int64.min into a real).
            if b == 1 && d == 1, let product = checkedMultiply(a, c), product != .min { return .rational(product, 1) }
            // Cross-reduce first so that products of reduced fractions rarely overflow.
            let g1 = gcd(Swift.abs(a), d), g2 = gcd(Swift.abs(c), b)
            let a1 = g1 == 0 ? a : a / g1, d1 = g1 == 0 ? d : d / g1
            let c1 = g2 == 0 ? c : c / g2, b1 = g2 == 0 ? b : b / g2
            if let numerator = checkedMultiply(a1, c1), let denominator = checkedMultiply(b1, d1) {
                return makeRational(numerator, denominator)
            }
        }
        return .real(lhs.doubleValue * rhs.doubleValue)
    }

    /// Exact quotient; nil for division by an exact zero (kept symbolic by callers,
    /// since folding `x/0` would change what IEEE evaluation gives for signed zeros).
    public func dividing(by divisor: Number) -> Number? {
        if divisor.isZero { return nil }
        if case .rational(let c, let d) = divisor {
            // c != 0 here; Int64.min cannot be negated, so go through doubles.
            if c == .min { return .real(doubleValue / divisor.doubleValue) }
            let reciprocal = c < 0 ? Number.rational(-d, -c) : Number.rational(d, c)
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
        guard case .rational = self else { return .real(Foundation.pow(doubleValue, Double(exponent))) }
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
        guard n >= 2, n <= 64, case .rational(let p, let q) = self, p >= 0 else { return nil }
        guard let rootP = integerRoot(p, n), let rootQ = integerRoot(q, n) else { return nil }
        return .rational(rootP, rootQ)
    }

    /// Total order by value (NaN last), ties broken by representation.
    static func compare(_ lhs: Number, _ rhs: Number) -> Int {
        if case .rational(let a, let b) = lhs, case .rational(let c, let d) = rhs {
            if let left = checkedMultiply(a, d), let right = checkedMultiply(c, b) {
                return left < right ? -1 : (left > right ? 1 : 0)
            }
        }
        let x = lhs.doubleValue, y = rhs.doubleValue
        if x.isNaN || y.isNaN {
            if x.isNaN && y.isNaN { return 0 }
            return x.isNaN ? 1 : -1
        }
        if x < y { return -1 }
        if x > y { return 1 }
        // Equal values: rational before real, then by bits, so the order is total.
        switch (lhs, rhs) {
        case (.rational, .real): return -1
        case (.real, .rational): return 1
        case (.real(let a), .real(let b)):
            return a.bitPattern < b.bitPattern ? -1 : (a.bitPattern > b.bitPattern ? 1 : 0)
        default: return 0
        }
    }

    // MARK: Hashable by bits for reals

    public static func == (lhs: Number, rhs: Number) -> Bool {
        switch (lhs, rhs) {
        case (.rational(let a, let b), .rational(let c, let d)): return a == c && b == d
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
        case .real(let x):
            hasher.combine(1)
            hasher.combine(x.bitPattern)
        }
    }

    // MARK: Helpers

    static func makeRational(_ numerator: Int64, _ denominator: Int64) -> Number {
        if numerator == .min || denominator == .min {
            return .real(Double(numerator) / Double(denominator))
        }
        var n = numerator, d = denominator
        if d < 0 {
            n = -n
            d = -d
        }
        let g = gcd(Swift.abs(n), d)
        return g > 1 ? .rational(n / g, d / g) : .rational(n, d)
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
