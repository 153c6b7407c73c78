import Core

// The canonical order of terms and factors, which is also the printed order.
//
// Terms of a sum: higher total degree first (the constant is always last),
// ties broken factor by factor ("graded lexicographic": x^2, x*y, y^2).
// Factors of a product: numbers, then symbols, then calls, then powers of
// compound bases and sums (`x*(1 - σ(u))`, `-2*x0*(y - θ0*x0)`).
//
// Symbols sort by class, then by name with digit runs compared as numbers
// (θ2 before θ10): the constants e, pi, π first; then names starting with a
// non-ASCII letter (θ0, σ: by the lectures' convention these are the
// parameters, written before the data they multiply, as in `θ1*x1`); then
// plain names; then column references such as `tips.total_bill`, which also
// count as degree 0 (data, like a coefficient), so a residual prints as
// `tips.tip - θ0 - θ1*tips.total_bill`.

extension Expr {
    static func isConstantName(_ name: String) -> Bool { Constants.symbolic[name] != nil }

    /// Degree 0 for data and constants: column references (`t.col`) and e, pi.
    static func symbolOrderDegree(_ name: String) -> Double {
        (isConstantName(name) || name.utf8.contains(UInt8(ascii: "."))) ? 0 : 1
    }

    private static func rank(_ kind: Kind) -> Int {
        switch kind {
        case .number: return 0
        case .symbol: return 1
        case .call: return 2
        case .power: return 3
        case .product: return 4
        case .sum: return 5
        }
    }

    /// Total order on expressions used as bases (−1, 0, 1).
    static func compareBases(_ a: Expr, _ b: Expr) -> Int {
        if a == b { return 0 }
        let ra = rank(a.kind), rb = rank(b.kind)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a.kind, b.kind) {
        case (.number(let x), .number(let y)):
            return Number.compare(x, y)
        case (.symbol, .symbol):
            guard let x = a.storage.symbolKey, let y = b.storage.symbolKey else { return 0 }
            return SymbolKey.compare(x, y)
        case (.call(let f, let xs), .call(let g, let ys)):
            if f.name != g.name { return f.name.utf8.lexicographicallyPrecedes(g.name.utf8) ? -1 : 1 }
            return compareLists(xs, ys, by: compareBases)
        case (.power(let b1, let e1), .power(let b2, let e2)):
            let c = compareBases(b1, b2)
            return c != 0 ? c : compareBases(e1, e2)
        case (.product(let c1, let f1), .product(let c2, let f2)):
            let c = compareLists(f1, f2, by: compareFactors)
            return c != 0 ? c : Number.compare(c1, c2)
        case (.sum(let k1, let t1), .sum(let k2, let t2)):
            for (x, y) in zip(t1, t2) {
                let c = compareMonomials(x.monomial, y.monomial)
                if c != 0 { return c }
                let d = Number.compare(y.coefficient, x.coefficient)
                if d != 0 { return d }
            }
            if t1.count != t2.count { return t1.count < t2.count ? -1 : 1 }
            return Number.compare(k1, k2)
        default:
            return 0
        }
    }

    /// Factors of a product: by base, then higher numeric exponent first.
    static func compareFactors(_ a: Expr, _ b: Expr) -> Int {
        let (b1, e1) = a.baseAndExponent
        let (b2, e2) = b.baseAndExponent
        let c = compareBases(b1, b2)
        if c != 0 { return c }
        if let n1 = e1.numberValue, let n2 = e2.numberValue { return Number.compare(n2, n1) }
        return compareBases(e1, e2)
    }

    /// Monomials of a sum: higher degree first, then factor by factor.
    static func compareMonomials(_ a: Expr, _ b: Expr) -> Int {
        if a == b { return 0 }
        let da = a.storage.orderDegree, db = b.storage.orderDegree
        if da != db { return da > db ? -1 : 1 }
        return compareLists(a.factorList, b.factorList, by: compareFactors)
    }

    /// The factors of a monomial (`x*y^2` → [x, y^2]; `sin(x)` → [sin(x)]).
    var factorList: [Expr] {
        if case .product(_, let factors) = kind { return factors }
        return [self]
    }

    static func compareLists(_ xs: [Expr], _ ys: [Expr], by compare: (Expr, Expr) -> Int) -> Int {
        for (x, y) in zip(xs, ys) {
            let c = compare(x, y)
            if c != 0 { return c }
        }
        return xs.count == ys.count ? 0 : (xs.count < ys.count ? -1 : 1)
    }

    /// Names by class, then "naturally": digit runs compare as numbers (x2 < x10).
    static func compareSymbolNames(_ a: String, _ b: String) -> Int {
        SymbolKey.compare(SymbolKey(a), SymbolKey(b))
    }

}

/// A symbol name prepared for ordering: its class, then its scalars compared
/// with digit runs as numbers.
struct SymbolKey: Sendable {
    let symbolClass: Int
    let scalars: [UInt32]

    init(_ name: String) {
        scalars = name.unicodeScalars.map(\.value)
        if Expr.isConstantName(name) {
            symbolClass = 0
        } else if scalars.contains(46) {  // "." : a column reference
            symbolClass = 3
        } else if let first = scalars.first, first > 127 {
            symbolClass = 1
        } else {
            symbolClass = 2
        }
    }

    private static func isDigit(_ value: UInt32) -> Bool { value >= 48 && value <= 57 }

    static func compare(_ a: SymbolKey, _ b: SymbolKey) -> Int {
        if a.symbolClass != b.symbolClass { return a.symbolClass < b.symbolClass ? -1 : 1 }
        let xs = a.scalars, ys = b.scalars
        var i = 0, j = 0
        while i < xs.count && j < ys.count {
            if isDigit(xs[i]) && isDigit(ys[j]) {
                var i2 = i, j2 = j
                while i2 < xs.count && isDigit(xs[i2]) { i2 += 1 }
                while j2 < ys.count && isDigit(ys[j2]) { j2 += 1 }
                var p = i, q = j
                while p < i2 - 1 && xs[p] == 48 { p += 1 }  // skip leading zeros
                while q < j2 - 1 && ys[q] == 48 { q += 1 }
                if i2 - p != j2 - q { return i2 - p < j2 - q ? -1 : 1 }
                while p < i2 {
                    if xs[p] != ys[q] { return xs[p] < ys[q] ? -1 : 1 }
                    p += 1
                    q += 1
                }
                i = i2
                j = j2
            } else {
                if xs[i] != ys[j] { return xs[i] < ys[j] ? -1 : 1 }
                i += 1
                j += 1
            }
        }
        if xs.count - i != ys.count - j { return xs.count - i < ys.count - j ? -1 : 1 }
        // Same but for leading zeros ("x01" vs "x1"): plain scalar order decides.
        if xs == ys { return 0 }
        return xs.lexicographicallyPrecedes(ys) ? -1 : 1
    }
}
