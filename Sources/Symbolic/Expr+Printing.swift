import Core

// Printing in gd syntax: explicit `*`, the fewest parentheses that keep the
// meaning under gd's precedences (loosest to tightest: `+ -`, `* /`, unary
// `-`, `^` right-associative with a possibly signed exponent), numbers as
// exact rationals (`x/10`, `3*x/2`) or Core's `formatNumber` for doubles.
//
// A rational coefficient p/q prints as `p*…/q`; factors with negative
// exponents go below the line (`x/(2*y^2)`). A sum prints its terms in the
// canonical order, except that a sum that would start with a minus while some
// term is positive starts with its first positive term instead (`1 - σ(u)`,
// `y - θ0*x0`). A sum standing alone (the whole expression or a function
// argument) whose coefficients share a denominator q prints as `(…)/q` when
// that is smaller by `operationCount`, e.g. `(4*x^3 - 45*x^2 + 160*x - 180)/10`.

/// Precedence levels of printed forms (higher binds tighter).
enum PrintPrecedence {
    static let sum = 1
    static let product = 2
    static let negation = 3
    static let power = 4
    static let atom = 5
}

extension Expr: CustomStringConvertible {
    /// gd syntax that reads back to an equal expression.
    public var description: String { render(self, standalone: true).text }

    /// The number of operations in the printed form, counted as SymPy's
    /// `count_ops` counts a parsed expression: each binary or unary `+ - * / ^`
    /// and each function call counts one.
    public var operationCount: Int { Expr.operationCount(ofPrinted: description) }

    /// A letter of a name; ASCII without the Unicode property lookup, which
    /// would otherwise dominate counting a large printed derivative.
    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? (("a"..."z").contains(c) || ("A"..."Z").contains(c)) : c.properties.isAlphabetic
    }

    static func operationCount(ofPrinted text: String) -> Int {
        let scalars = Array(text.unicodeScalars)
        var count = 0
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if isLetter(c) || c == "_" {
                var j = i
                while j < scalars.count,
                    isLetter(scalars[j]) || scalars[j] == "_" || scalars[j] == "." || (48...57).contains(scalars[j].value)
                {
                    j += 1
                }
                if j < scalars.count, scalars[j] == "(" { count += 1 }
                i = j
            } else if (48...57).contains(c.value) || c == "." {
                // A number, including an exponent part such as 1e-05.
                var j = i
                while j < scalars.count, (48...57).contains(scalars[j].value) || scalars[j] == "." { j += 1 }
                if j < scalars.count, scalars[j] == "e", j + 1 < scalars.count {
                    var k = j + 1
                    if scalars[k] == "-" || scalars[k] == "+" { k += 1 }
                    if k < scalars.count, (48...57).contains(scalars[k].value) {
                        j = k
                        while j < scalars.count, (48...57).contains(scalars[j].value) { j += 1 }
                    }
                }
                i = j
            } else {
                if "+-*/^".unicodeScalars.contains(c) { count += 1 }
                i += 1
            }
        }
        return count
    }
}

// MARK: Structural operation count

extension Expr {
    /// The operations of the printed form, computed from the structure at
    /// construction (children's counts plus this node's own operators; see
    /// `ExprStorage`). It equals `operationCount` except that it ignores the
    /// printer's optional `(…)/q` factoring of a standalone sum, so it is an
    /// upper bound.
    static func numberOperations(_ n: Number) -> Int {
        switch n {
        case .rational(let p, let q): return (p < 0 ? 1 : 0) + (q != 1 ? 1 : 0)
        case .real(let x): return x.sign == .minus && !x.isNaN ? 1 : 0
        }
    }

    static func sumOperations(constant: Number, terms: [Term]) -> Int {
        var total = 0
        var allNegative = true
        for term in terms {
            let negative = term.coefficient.isNegative
            allNegative = allNegative && negative
            total += layoutOperations(magnitude: negative ? -term.coefficient : term.coefficient, monomial: term.monomial)
        }
        let hasConstant = !constant.isZero
        if hasConstant {
            allNegative = allNegative && constant.isNegative
            if case .rational(_, let q) = constant, q != 1 { total += 1 }
        }
        return total + terms.count - (hasConstant ? 0 : 1) + (allNegative ? 1 : 0)
    }

    /// Operations of `magnitude · Π factors` laid out as a fraction (no sign).
    static func layoutOperations(magnitude: Number, factors: [Expr]) -> Int {
        layoutOperations(magnitude: magnitude, factors: factors, skipping: nil, monomial: nil)
    }

    /// Operations of `magnitude · monomial` laid out as a fraction (no sign).
    static func layoutOperations(magnitude: Number, monomial: Expr) -> Int {
        layoutOperations(magnitude: magnitude, factors: [], skipping: nil, monomial: monomial)
    }

    /// Operations of `magnitude · Π factors · monomial` laid out as a fraction,
    /// leaving out `factors[skipped]` (no sign). Everything is read in place (a
    /// monomial's `factorList` would allocate an array): this runs for every
    /// sum built and every expansion bound.
    static func layoutOperations(magnitude: Number, factors: [Expr], skipping skipped: Int?, monomial: Expr?) -> Int {
        var numeratorItems = 0, denominatorItems = 0, total = 0
        if case .rational(let p, let q) = magnitude {
            if p != 1 { numeratorItems += 1 }
            if q != 1 { denominatorItems += 1 }
        } else if !magnitude.isOne {
            numeratorItems += 1
        }
        func count(_ factor: Expr) {
            if case .power(let base, let exponent) = factor.kind, let e = exponent.numberValue, e.isNegative {
                denominatorItems += 1
                total += base.storage.operations + (e == .minusOne ? 0 : 1 + (-e).operationsAsExponent)
            } else {
                numeratorItems += 1
                total += factor.storage.operations
            }
        }
        for (i, factor) in factors.enumerated() where i != skipped { count(factor) }
        if let monomial {
            if case .product(_, let monomialFactors) = monomial.kind {
                for factor in monomialFactors { count(factor) }
            } else {
                count(monomial)
            }
        }
        total += max(numeratorItems - 1, 0)
        if denominatorItems > 0 { total += denominatorItems }  // one `/` and the `*` between items
        return total
    }

}

extension Number {
    /// Operations of this number printed as an exponent.
    var operationsAsExponent: Int {
        switch self {
        case .rational(let p, let q): return (p < 0 ? 1 : 0) + (q != 1 ? 1 : 0)
        case .real(let x): return x.sign == .minus ? 1 : 0
        }
    }
}

// MARK: Shared layout (used by the gd printer and the LaTeX printer)

/// One term of a sum as printed: its sign, and the magnitude as coefficient · monomial.
struct SignedTerm {
    var isNegative: Bool
    var magnitude: Number
    var monomial: Expr  // `.one` for the constant term
}

/// A product laid out as a fraction.
struct FractionLayout {
    var numeratorCoefficient: Number  // ≥ 0; an integer unless the coefficient is a real
    var denominatorCoefficient: Int64  // ≥ 1
    var numerator: [Expr]
    var denominator: [Expr]  // bases raised to the positive exponent
}

extension Expr {
    /// The printed order of a sum's terms (constant last), with the leading-positive rule.
    static func signedTerms(constant: Number, terms: [Term]) -> [SignedTerm] {
        var items = terms.map { term in
            SignedTerm(isNegative: term.coefficient.isNegative, magnitude: term.coefficient.isNegative ? -term.coefficient : term.coefficient, monomial: term.monomial)
        }
        let constantIsZero: Bool = {
            if case .real(let x) = constant { return x == 0 && x.sign == .plus }
            return constant.isZero
        }()
        if !constantIsZero {
            items.append(SignedTerm(isNegative: constant.isNegative, magnitude: constant.isNegative ? -constant : constant, monomial: .one))
        }
        if let first = items.first, first.isNegative, let positive = items.firstIndex(where: { !$0.isNegative }) {
            let moved = items.remove(at: positive)
            items.insert(moved, at: 0)
        }
        return items
    }

    /// Splits `coefficient · Π factors` (coefficient ≥ 0) into numerator and denominator.
    static func fractionLayout(coefficient: Number, factors: [Expr]) -> FractionLayout {
        var layout = FractionLayout(numeratorCoefficient: coefficient, denominatorCoefficient: 1, numerator: [], denominator: [])
        if case .rational(let p, let q) = coefficient {
            layout.numeratorCoefficient = .rational(p, 1)
            layout.denominatorCoefficient = q
        }
        for factor in factors {
            if case .power(let base, let exponent) = factor.kind, let e = exponent.numberValue, e.isNegative {
                layout.denominator.append(Expr.power(base, .number(-e)))
            } else {
                layout.numerator.append(factor)
            }
        }
        return layout
    }

    /// A standalone sum whose coefficients share a denominator q prints as
    /// `(numerator)/q` when that has fewer operations; this returns the scaled
    /// numerator and q in that case (the LaTeX printer follows the same choice).
    static func factoredOverDenominator(constant: Number, terms: [Term]) -> (numerator: Expr, denominator: Int64)? {
        guard let q = commonDenominator(constant: constant, terms: terms) else { return nil }
        let scale = Number.rational(q, 1)
        let scaled = makeSum(
            constant: constant * scale, terms: terms.map { Term(coefficient: $0.coefficient * scale, monomial: $0.monomial) }, alreadySorted: true)
        guard case .sum = scaled.kind else { return nil }
        // Counted structurally, not by printing both forms (which was three
        // quarters of printing a large derivative): the two sums have the same
        // monomials, so what their insides print to is the same on both sides
        // and cancels, and a sum's own layout is exactly `sumOperations`
        // (checked against the printed text in PrintingTests).
        return scaled.storage.operations + 1 < sumOperations(constant: constant, terms: terms) ? (scaled, q) : nil
    }

    /// The decision of `factoredOverDenominator` made by printing both forms
    /// and counting their operations: the definition it must agree with.
    static func factoredOverDenominatorByPrinting(constant: Number, terms: [Term]) -> Bool {
        guard let q = commonDenominator(constant: constant, terms: terms) else { return false }
        let scale = Number.rational(q, 1)
        let scaled = makeSum(
            constant: constant * scale, terms: terms.map { Term(coefficient: $0.coefficient * scale, monomial: $0.monomial) }, alreadySorted: true)
        guard case .sum(let k, let ts) = scaled.kind else { return false }
        let factored = "(" + renderSum(constant: k, terms: ts) + ")/\(q)"
        let plain = renderSum(constant: constant, terms: terms)
        return operationCount(ofPrinted: factored) < operationCount(ofPrinted: plain)
    }

    /// The least common denominator of a sum's rational coefficients, when > 1.
    static func commonDenominator(constant: Number, terms: [Term]) -> Int64? {
        var lcm: Int64 = 1
        for number in [constant] + terms.map(\.coefficient) {
            guard case .rational(_, let q) = number else { return nil }
            guard let next = checkedMultiply(lcm / gcd(lcm, q), q) else { return nil }
            lcm = next
        }
        return lcm > 1 ? lcm : nil
    }
}

// MARK: gd syntax

private func render(_ e: Expr, standalone: Bool = false) -> (text: String, precedence: Int) {
    switch e.kind {
    case .number(let n):
        return renderNumber(n)
    case .symbol(let name):
        return (name, PrintPrecedence.atom)
    case .call(let function, let args):
        return (function.name + "(" + args.map { render($0, standalone: true).text }.joined(separator: ", ") + ")", PrintPrecedence.atom)
    case .power(let base, let exponent):
        if let n = exponent.numberValue, n.isNegative {
            return (renderProduct(coefficient: .one, factors: [e]), PrintPrecedence.product)
        }
        return (renderPower(base, exponent), PrintPrecedence.power)
    case .product(let c, let factors):
        if c.isNegative { return ("-" + renderProduct(coefficient: -c, factors: factors, signed: true), PrintPrecedence.product) }
        return (renderProduct(coefficient: c, factors: factors), PrintPrecedence.product)
    case .sum(let constant, let terms):
        if standalone, let (numerator, q) = Expr.factoredOverDenominator(constant: constant, terms: terms) {
            return ("(" + numerator.description + ")/\(q)", PrintPrecedence.product)
        }
        return (renderSum(constant: constant, terms: terms), PrintPrecedence.sum)
    }
}

private func renderNumber(_ n: Number) -> (text: String, precedence: Int) {
    switch n {
    case .rational(let p, 1):
        return (String(p), p < 0 ? PrintPrecedence.negation : PrintPrecedence.atom)
    case .rational(let p, let q):
        return ("\(p)/\(q)", PrintPrecedence.product)
    case .real(let x):
        return (formatNumber(x), x.sign == .minus && !x.isNaN ? PrintPrecedence.negation : PrintPrecedence.atom)
    }
}

private func parenthesized(_ item: (text: String, precedence: Int), atLeast minimum: Int) -> String {
    item.precedence >= minimum ? item.text : "(" + item.text + ")"
}

private func renderPower(_ base: Expr, _ exponent: Expr) -> String {
    let baseText = parenthesized(render(base), atLeast: PrintPrecedence.atom)
    let exponentItem = render(exponent)
    // `x^-1` reads as x^(-1); a signed number needs no parentheses there.
    let exponentText =
        exponentItem.precedence >= PrintPrecedence.power || (exponent.numberValue != nil && exponentItem.precedence == PrintPrecedence.negation)
        ? exponentItem.text : "(" + exponentItem.text + ")"
    return baseText + "^" + exponentText
}

/// `coefficient · Π factors` for a non-negative coefficient; `signed` when the
/// caller writes a unary minus in front.
///
/// gd reads `2*(a + b)` as a number times a lone sum, which distributes; so
/// when every factor above the line is a sum, the coefficient (or the minus)
/// multiplies the rest as a group, `2*((a + b)/y)`, to read back the same.
private func renderProduct(coefficient: Number, factors: [Expr], signed: Bool = false) -> String {
    let layout = Expr.fractionLayout(coefficient: coefficient, factors: factors)
    var numerator = layout.numerator
    if let first = numerator.first, case .sum = first.kind,
        let other = numerator.firstIndex(where: { if case .sum = $0.kind { return false } else { return true } })
    {
        // `2*(a + b)*x^2` would read back as (2*a + 2*b)*x^2: lead with a factor that is not a sum.
        numerator.insert(numerator.remove(at: other), at: 0)
    }
    let numeratorIsSums = !numerator.isEmpty && numerator.allSatisfy { if case .sum = $0.kind { return true } else { return false } }
    let showsCoefficient = !layout.numeratorCoefficient.isOne || numerator.isEmpty
    var bottom: [String] = []
    if layout.denominatorCoefficient != 1 { bottom.append(String(layout.denominatorCoefficient)) }
    for factor in layout.denominator { bottom.append(parenthesized(render(factor), atLeast: PrintPrecedence.product + 1)) }
    var rest = numerator.map { parenthesized(render($0), atLeast: PrintPrecedence.product + 1) }.joined(separator: "*")
    if bottom.count == 1 {
        rest += "/" + bottom[0]
    } else if bottom.count > 1 {
        rest += "/(" + bottom.joined(separator: "*") + ")"
    }
    if numeratorIsSums && (showsCoefficient || signed) {
        let group = "(" + rest + ")"
        return showsCoefficient ? renderNumber(layout.numeratorCoefficient).text + "*" + group : group
    }
    if !showsCoefficient { return rest }
    let number = renderNumber(layout.numeratorCoefficient).text
    if numerator.isEmpty { return number + rest }  // `3/x`, `1/(2*y)`
    return number + "*" + rest
}

private func renderSum(constant: Number, terms: [Expr.Term]) -> String {
    let items = Expr.signedTerms(constant: constant, terms: terms)
    if let first = items.first, first.isNegative, !first.monomial.isOne,
        case let numerator = Expr.fractionLayout(coefficient: first.magnitude, factors: first.monomial.factorList).numerator,
        !numerator.isEmpty, numerator.allSatisfy({ if case .sum = $0.kind { return true } else { return false } })
    {
        // `-(a + b)*(c + d) - …` would read back with the minus inside the first
        // sum; negate the whole sum instead (every term is negative here).
        return "-(" + renderSum(constant: -constant, terms: terms.map { Expr.Term(coefficient: -$0.coefficient, monomial: $0.monomial) }) + ")"
    }
    var text = ""
    for (i, item) in items.enumerated() {
        let magnitude: String
        if item.monomial.isOne {
            magnitude = renderNumber(item.magnitude).text
        } else {
            magnitude = renderProduct(coefficient: item.magnitude, factors: item.monomial.factorList)
        }
        if i == 0 {
            text = (item.isNegative ? "-" : "") + magnitude
        } else {
            text += (item.isNegative ? " - " : " + ") + magnitude
        }
    }
    return text
}
