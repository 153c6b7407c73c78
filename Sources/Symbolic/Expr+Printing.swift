import Core

// Printing in gd syntax: explicit `*`, the fewest parentheses that keep the
// meaning under gd's precedences (loosest to tightest: `+ -`, `* /`, unary
// `-`, `^` right-associative with a possibly signed exponent), numbers as
// exact rationals (`x/10`, `3*x/2`), or Core's `formatNumber` for doubles and
// for rationals from decimals (`0.1*x`, the shortest digits of their double).
//
// A rational coefficient p/q prints as `p*…/q`; factors with negative
// exponents go below the line (`x/(2*y^2)`). A sum prints its terms in the
// canonical order, except that a sum that would start with a minus while some
// term is positive starts with its first positive term instead (`1 - σ(u)`,
// `y - θ0*x0`). A sum standing alone (the whole expression or a function
// argument) whose coefficients share a denominator q prints as `(…)/q` when
// that is smaller by `operationCount`, e.g. `(4*x^3 - 45*x^2 + 160*x - 180)/10`.

extension Expr: CustomStringConvertible {
    /// gd syntax that reads back to an equal expression.
    public var description: String { layout.description }

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
        case .decimal(let p, _): return p < 0 ? 1 : 0
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
        case .decimal(let p, _): return p < 0 ? 1 : 0
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
        var exponentials: [Expr] = []
        for factor in factors {
            if case .power(let base, let exponent) = factor.kind, let e = exponent.numberValue, e.isNegative {
                layout.denominator.append(Expr.power(base, .number(-e)))
            } else if case .call(let function, _) = factor.kind, function == .exp {
                exponentials.append(factor)
            } else {
                layout.numerator.append(factor)
            }
        }
        // e^u goes last, as textbooks write it: `(x^2 + 6*x + 6)*exp(x)`, `x*exp(x)`.
        layout.numerator += exponentials
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
        let factored = "(" + sumLayout(constant: k, terms: ts).description + ")/\(q)"
        let plain = sumLayout(constant: constant, terms: terms).description
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

// MARK: gd syntax, through the layout

extension Expr {
    /// The formula this expression prints as: exactly the tree gd's parser
    /// reads from `description` (left-associative chains, the unary minus
    /// on the first factor, the printer's parentheses as `group` nodes).
    /// Evaluating or compiling the layout gives the value of the printed
    /// text, so a derivative shown to the user and the derivative computed
    /// are the same doubles, with nothing printed and parsed back.
    public var layout: Formula { layoutNode(self, standalone: true, memo: LayoutMemo()) }

    /// The layouts of several expressions, each equal to its own `layout`,
    /// sharing the layout of what they share: a gradient's or Hessian's
    /// entries repeat the formula's factors (Chebyquad's partials each hold
    /// the eight sums Σᵢ Tₖ(2xᵢ − 1)), and laying them out again was a fifth
    /// of `minimize`'s set-up. The shared parts are shared `Formula` nodes,
    /// which the compiler reads once.
    public static func layouts(_ expressions: [Expr]) -> [Formula] {
        let memo = LayoutMemo()
        return expressions.map { layoutNode($0, standalone: true, memo: memo) }
    }
}

/// Layouts already made, by expression, standing alone or not. Only nodes
/// of some size are kept: small ones are cheaper to lay out again than to
/// look up. (Two tables keyed by `Expr` rather than one by a new key type:
/// the run-time lookup of a new type's Hashable conformance costs about
/// 0.4M instructions on first use, 2% of a small `minimize`.)
private final class LayoutMemo {
    static let minimumNodes = 8
    var standalone = ExprMap<Formula>()
    var inside = ExprMap<Formula>()
}

private func layoutNode(_ e: Expr, standalone: Bool = false, memo: LayoutMemo?) -> Formula {
    guard let memo, e.storage.nodeCount >= LayoutMemo.minimumNodes else { return layoutNodeOnce(e, standalone: standalone, memo: memo) }
    if let known = standalone ? memo.standalone[e] : memo.inside[e] { return known }
    let result = layoutNodeOnce(e, standalone: standalone, memo: memo)
    if standalone { memo.standalone[e] = result } else { memo.inside[e] = result }
    return result
}

private func layoutNodeOnce(_ e: Expr, standalone: Bool, memo: LayoutMemo?) -> Formula {
    switch e.kind {
    case .number(let n):
        return numberLayout(n)
    case .symbol(let name):
        return .symbol(name)
    case .call(let function, let args):
        return .call(function, args.map { layoutNode($0, standalone: true, memo: memo) })
    case .power(let base, let exponent):
        if let n = exponent.numberValue, n.isNegative {
            return productLayout(coefficient: .one, factors: [e], memo: memo)
        }
        return powerLayout(base, exponent, memo: memo)
    case .product(let c, let factors):
        if c.isNegative { return negatingLeadingFactor(productLayout(coefficient: -c, factors: factors, signed: true, memo: memo)) }
        return productLayout(coefficient: c, factors: factors, memo: memo)
    case .sum(let constant, let terms):
        if standalone, let (numerator, q) = Expr.factoredOverDenominator(constant: constant, terms: terms) {
            return .binary(.divide, .group(layoutNode(numerator, standalone: true, memo: memo)), Formula(.integer(q)))
        }
        return sumLayout(constant: constant, terms: terms, memo: memo)
    }
}

/// A number as its printed text reads: `-3` is the negation of 3, `2/3` a
/// division, a decimal or a double its shortest round-trip digits (the
/// double nearest a decimal's rational, which those digits read back to).
private func numberLayout(_ n: Number) -> Formula {
    switch n {
    case .rational(let p, 1):
        return integerLayout(p)
    case .rational(let p, let q):
        return .binary(.divide, integerLayout(p), Formula(.integer(q)))
    case .decimal, .real:
        let x = n.doubleValue
        return x.sign == .minus && !x.isNaN ? .negate(.number(-x)) : .number(x)
    }
}

private func integerLayout(_ p: Int64) -> Formula {
    // `-p` cannot overflow here: `Number` keeps numerators above Int64.min.
    p < 0 ? .negate(Formula(.integer(0 &- p))) : Formula(.integer(p))
}

/// Wraps `f` in parentheses when it binds looser than `minimum`.
private func grouped(_ f: Formula, atLeast minimum: Int) -> Formula {
    f.printedPrecedence >= minimum ? f : .group(f)
}

/// `"-" + text` as the parser reads it: the minus binds to the first factor
/// of a product or quotient chain (`-2*x` is `(-2)*x`), and to a whole power.
private func negatingLeadingFactor(_ f: Formula) -> Formula {
    if case .binary(let op, let a, let b) = f.kind, op == .multiply || op == .divide {
        return .binary(op, negatingLeadingFactor(a), b)
    }
    return .negate(f)
}

private func powerLayout(_ base: Expr, _ exponent: Expr, memo: LayoutMemo?) -> Formula {
    let baseNode = grouped(layoutNode(base, memo: memo), atLeast: Precedence.atom)
    let exponentNode = layoutNode(exponent, memo: memo)
    // `x^-1` reads as x^(-1); a signed number needs no parentheses there.
    let bare = exponentNode.printedPrecedence >= Precedence.power
        || (exponent.numberValue != nil && exponentNode.printedPrecedence == Precedence.unary)
    return .binary(.power, baseNode, bare ? exponentNode : .group(exponentNode))
}

private func chain(_ op: Formula.Operator, _ items: [Formula]) -> Formula? {
    guard var result = items.first else { return nil }
    for item in items.dropFirst() { result = .binary(op, result, item) }
    return result
}

/// `coefficient · Π factors` for a non-negative coefficient; `signed` when the
/// caller writes a unary minus in front.
///
/// gd reads `2*(a + b)` as a number times a lone sum, which distributes; so
/// when every factor above the line is a sum, the coefficient (or the minus)
/// multiplies the rest as a group, `2*((a + b)/y)`, to read back the same.
private func productLayout(coefficient: Number, factors: [Expr], signed: Bool = false, memo: LayoutMemo?) -> Formula {
    let layout = Expr.fractionLayout(coefficient: coefficient, factors: factors)
    var numerator = layout.numerator
    if let first = numerator.first, case .sum = first.kind,
        let other = numerator.firstIndex(where: { if case .sum = $0.kind { return false } else { return true } }),
        !layout.numeratorCoefficient.isOne || signed, !readsBackUngrouped(coefficient: signed ? -coefficient : coefficient, factors: factors, leading: first)
    {
        // `2*(a + b)*x^2` would read back as (2*a + 2*b)*x^2: lead with a factor that is not a sum.
        numerator.insert(numerator.remove(at: other), at: 0)
    }
    let numeratorIsSums = !numerator.isEmpty && numerator.allSatisfy { if case .sum = $0.kind { return true } else { return false } }
    let showsCoefficient = !layout.numeratorCoefficient.isOne || numerator.isEmpty
    if numeratorIsSums, numerator.count > 1, showsCoefficient || signed {
        // Lead with a sum that takes the number back out when read (`2*(y - 1)*(x*y - x + 1.5)`:
        // a sum with decimals keeps them, so `2*(x*y - x + 1.5)` would not come back).
        let coefficientAsRead = signed ? -coefficient : coefficient
        if !readsBackUngrouped(coefficient: coefficientAsRead, factors: factors, leading: numerator[0]),
            let j = numerator.indices.dropFirst().first(where: { readsBackUngrouped(coefficient: coefficientAsRead, factors: factors, leading: numerator[$0]) })
        {
            numerator.insert(numerator.remove(at: j), at: 0)
        }
    }
    // Below the line, `q*(s)` would read back as the sum q·s; when s has
    // decimals, q does not come back out of it (`1/(10*(x/10 + 0.05))` reads
    // as 1/(x + 0.5)). Lead with a factor that is not such a sum, or else
    // divide by q first: `1/10/(x/10 + 0.05)`.
    var denominator = layout.denominator
    let q = layout.denominatorCoefficient
    var dividesByCoefficientFirst = false
    if q != 1, let first = denominator.first, !readsBackBelowLine(first, times: q) {
        if let j = denominator.indices.dropFirst().first(where: { readsBackBelowLine(denominator[$0], times: q) }) {
            denominator.insert(denominator.remove(at: j), at: 0)
        } else {
            dividesByCoefficientFirst = true
        }
    }
    var bottom: [Formula] = []
    if q != 1 && !dividesByCoefficientFirst { bottom.append(Formula(.integer(q))) }
    for factor in denominator { bottom.append(grouped(layoutNode(factor, memo: memo), atLeast: Precedence.multiplicative + 1)) }
    let top = numerator.map { grouped(layoutNode($0, memo: memo), atLeast: Precedence.multiplicative + 1) }
    let below: Formula? = bottom.count > 1 ? chain(.multiply, bottom).map(Formula.group) : bottom.first
    func over(_ items: [Formula]) -> Formula {
        // `items` is never empty here: a product has a factor above or below the line.
        var above = chain(.multiply, items) ?? Formula(.integer(1))
        if dividesByCoefficientFirst { above = .binary(.divide, above, Formula(.integer(q))) }
        return below.map { .binary(.divide, above, $0) } ?? above
    }
    let number = numberLayout(layout.numeratorCoefficient)
    if !signed, let distributed = Expr.distributedNumerator(layout, coefficient: coefficient, factors: factors) {
        return over([grouped(layoutNode(distributed, memo: memo), atLeast: Precedence.multiplicative + 1)])
    }
    if numeratorIsSums && (showsCoefficient || signed),
        !readsBackUngrouped(coefficient: signed ? -coefficient : coefficient, factors: factors, leading: numerator[0])
    {
        let group = Formula.group(over(top))
        return showsCoefficient ? .binary(.multiply, number, group) : group
    }
    if !showsCoefficient { return over(top) }
    return over([number] + top)  // `3/x`, `1/(2*y)`, `2*x*y/3`
}

/// True when `c*(s)*…` printed without a group reads back as the product:
/// the parser distributes c over the leading sum s, and the product's
/// constructor takes the content back out (see `sumContent`),
/// so `2*(3*x - 2)/(2*x + 5)^2` needs no `2*(…)` around the quotient.
/// A decimal or a sum with a fractional content does not come back.
fileprivate func readsBackUngrouped(coefficient: Number, factors: [Expr], leading: Expr) -> Bool {
    guard case .rational(let p, let q) = coefficient, let index = factors.firstIndex(of: leading) else { return false }
    var rest = factors
    rest.remove(at: index)
    let numerator = Expr.scaled(leading, by: .rational(p, 1))
    let reread = Expr.product(coefficient: .rational(1, q), [numerator] + rest)
    return reread == Expr(.product(coefficient: coefficient, factors: factors))
}

extension Expr {
    /// `(10 - 30*x)/d` rather than `10*(1 - 3*x)/d`: when the only factor above
    /// the line is a sum and the whole number in front multiplies into it
    /// without a `*` of its own (every term but a constant has a coefficient
    /// already), the sum with the number multiplied in; nil otherwise. Read
    /// back, the product takes the number out again (checked). The LaTeX
    /// printer makes the same choice.
    static func distributedNumerator(_ layout: FractionLayout, coefficient: Number, factors: [Expr]) -> Expr? {
        guard layout.numerator.count == 1, !layout.numeratorCoefficient.isOne, let p = layout.numeratorCoefficient.integerValue,
            case .sum = layout.numerator[0].kind, readsBackUngrouped(coefficient: coefficient, factors: factors, leading: layout.numerator[0])
        else { return nil }
        let distributed = Expr.scaled(layout.numerator[0], by: .rational(p, 1))
        guard case .sum = distributed.kind, distributed.storage.operations < layout.numerator[0].storage.operations + 1 else { return nil }
        return distributed
    }
}

/// True unless `factor` is a sum that `q*(factor)` below a line would not
/// give back: read, q multiplies into the sum, and the power of the sum
/// takes q back out only when the sum has a rational content (no decimals).
private func readsBackBelowLine(_ factor: Expr, times q: Int64) -> Bool {
    guard case .sum = factor.kind else { return true }
    let scaled = Expr.scaled(factor, by: .rational(q, 1))
    return Expr.power(scaled, .minusOne) == Expr.scaled(Expr.power(factor, .minusOne), by: .rational(1, q))
}

private func sumLayout(constant: Number, terms: [Expr.Term], memo: LayoutMemo? = nil) -> Formula {
    let items = Expr.signedTerms(constant: constant, terms: terms)
    if let first = items.first, first.isNegative, !first.monomial.isOne,
        case let numerator = Expr.fractionLayout(coefficient: first.magnitude, factors: first.monomial.factorList).numerator,
        !numerator.isEmpty, numerator.allSatisfy({ if case .sum = $0.kind { return true } else { return false } })
    {
        // `-(a + b)*(c + d) - …` would read back with the minus inside the first
        // sum; negate the whole sum instead (every term is negative here).
        return .negate(.group(sumLayout(constant: -constant, terms: terms.map { Expr.Term(coefficient: -$0.coefficient, monomial: $0.monomial) }, memo: memo)))
    }
    var result: Formula?
    for item in items {
        let magnitude = item.monomial.isOne
            ? numberLayout(item.magnitude) : productLayout(coefficient: item.magnitude, factors: item.monomial.factorList, memo: memo)
        if let sum = result {
            result = .binary(item.isNegative ? .subtract : .add, sum, magnitude)
        } else {
            result = item.isNegative ? negatingLeadingFactor(magnitude) : magnitude
        }
    }
    return result ?? Formula(.integer(0))
}
