import Core
import Foundation

// LaTeX, laid out like the gd printer (same term order, same fractions):
// `\frac{…}{…}`, `x^{2}`, `\sigma\left(u\right)`, `\theta_{0}` for θ0.

extension Expr {
    /// Standard LaTeX for the expression.
    ///
    ///     ((4*x^3 - 45*x^2)/10).latex   // \frac{2 x^{3}}{5} - \frac{9 x^{2}}{2}
    public var latex: String { latexItem(self, standalone: true).text }
}

/// `θ0` → `\theta_{0}`, `x_1` → `x_{1}`, `pi` → `\pi`, `rate` → `\mathrm{rate}`,
/// `tips.total_bill` → `\mathrm{tips.total\_bill}`.
func latexSymbol(_ name: String) -> String {
    if name == "pi" { return "\\pi" }
    if name.contains(".") { return "\\mathrm{" + escapeLatex(name) + "}" }
    var head = Substring(name)
    var subscriptText = ""
    if let underscore = name.firstIndex(of: "_"), underscore != name.startIndex {
        head = name[..<underscore]
        subscriptText = String(name[name.index(after: underscore)...])
    } else if let firstDigit = name.firstIndex(where: { $0.isASCII && $0.isNumber }), firstDigit != name.startIndex,
        name[firstDigit...].allSatisfy({ $0.isASCII && $0.isNumber })
    {
        head = name[..<firstDigit]
        subscriptText = String(name[firstDigit...])
    }
    let headText: String
    if head.count == 1, let first = head.first {
        headText = greekLetterLatex[first] ?? accentedLatex(first) ?? String(first)
    } else {
        headText = "\\mathrm{" + escapeLatex(String(head)) + "}"
    }
    if subscriptText.isEmpty { return headText }
    let subscriptLatex = subscriptText.allSatisfy(\.isNumber) ? subscriptText : latexSymbol(subscriptText)
    return headText + "_{" + subscriptLatex + "}"
}

/// A letter with one combining accent as LaTeX: `ŷ` → `\hat{y}`, `x̄` →
/// `\bar{x}`, `θ̂` → `\hat{\theta}`; nil for anything else.
private func accentedLatex(_ letter: Character) -> String? {
    let scalars = Array(String(letter).decomposedStringWithCanonicalMapping.unicodeScalars)
    guard scalars.count == 2, let accent = latexAccents[scalars[1].value] else { return nil }
    let base = Character(scalars[0])
    guard base.isLetter else { return nil }
    return "\\" + accent + "{" + (greekLetterLatex[base] ?? String(base)) + "}"
}

/// Combining marks (by scalar value) and their LaTeX accent commands.
private let latexAccents: [UInt32: String] = [
    0x0302: "hat", 0x0304: "bar", 0x0305: "bar", 0x0303: "tilde", 0x0307: "dot", 0x0308: "ddot", 0x0301: "acute",
    0x0300: "grave", 0x0306: "breve", 0x030C: "check", 0x20D7: "vec",
]

private func escapeLatex(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\backslash ").replacingOccurrences(of: "_", with: "\\_")
        .replacingOccurrences(of: "{", with: "\\{").replacingOccurrences(of: "}", with: "\\}")
}

private func latexItem(_ e: Expr, standalone: Bool = false) -> (text: String, precedence: Int) {
    switch e.kind {
    case .number(let n):
        return latexNumber(n)
    case .symbol(let name):
        return (latexSymbol(name), Precedence.atom)
    case .call(let function, let args):
        let inner = args.map { latexItem($0, standalone: true).text }
        if let template = function.latexTemplate, inner.count == 1 {
            return (template.replacingOccurrences(of: "#", with: inner[0]), Precedence.atom)
        }
        switch function {
        case .log where inner.count == 2: return ("\\log_{" + inner[1] + "}\\left(" + inner[0] + "\\right)", Precedence.atom)
        default: return (function.latexName + "\\left(" + inner.joined(separator: ", ") + "\\right)", Precedence.atom)
        }
    case .power(let base, let exponent):
        if let n = exponent.numberValue, n.isNegative {
            return (latexProduct(coefficient: .one, factors: [e]), Precedence.multiplicative)
        }
        if case .rational(1, 2) = exponent.numberValue {
            return ("\\sqrt{" + latexItem(base).text + "}", Precedence.atom)
        }
        let baseItem = latexItem(base)
        let baseText = baseItem.precedence >= Precedence.atom ? baseItem.text : "\\left(" + baseItem.text + "\\right)"
        return (baseText + "^{" + latexItem(exponent).text + "}", Precedence.power)
    case .product(let c, let factors):
        if c.isNegative { return ("-" + latexProduct(coefficient: -c, factors: factors), Precedence.multiplicative) }
        return (latexProduct(coefficient: c, factors: factors), Precedence.multiplicative)
    case .sum(let constant, let terms):
        if standalone, let (numerator, q) = Expr.factoredOverDenominator(constant: constant, terms: terms) {
            return ("\\frac{" + latexItem(numerator).text + "}{\(q)}", Precedence.multiplicative)
        }
        var text = ""
        for (i, item) in Expr.signedTerms(constant: constant, terms: terms).enumerated() {
            let magnitude =
                item.monomial.isOne
                ? latexNumber(item.magnitude).text
                : latexProduct(coefficient: item.magnitude, factors: item.monomial.factorList)
            text += i == 0 ? (item.isNegative ? "-" : "") + magnitude : (item.isNegative ? " - " : " + ") + magnitude
        }
        return (text, Precedence.additive)
    }
}

private func latexNumber(_ n: Number) -> (text: String, precedence: Int) {
    switch n {
    case .rational(let p, 1): return (String(p), p < 0 ? Precedence.unary : Precedence.atom)
    case .rational(let p, let q):
        return ((p < 0 ? "-" : "") + "\\frac{\(Swift.abs(p))}{\(q)}", Precedence.multiplicative)
    case .decimal, .real:
        // As the user writes a decimal in LaTeX: `0.1`, `10^{-5}`, `2.5 \cdot 10^{-7}`.
        let x = n.doubleValue
        let text = latexDecimal(x)
        if text.contains("\\cdot") { return (text, Precedence.multiplicative) }
        if text.contains("^") { return (text, x.sign == .minus ? Precedence.unary : Precedence.power) }
        return (text, x.sign == .minus ? Precedence.unary : Precedence.atom)
    }
}

private func latexFactor(_ factor: Expr) -> String {
    let item = latexItem(factor)
    return item.precedence > Precedence.multiplicative ? item.text : "\\left(" + item.text + "\\right)"
}

private func latexProduct(coefficient: Number, factors: [Expr]) -> String {
    let layout = Expr.fractionLayout(coefficient: coefficient, factors: factors)
    let showsNumeratorCoefficient = !layout.numeratorCoefficient.isOne || layout.numerator.isEmpty
    let isFraction = layout.denominatorCoefficient != 1 || !layout.denominator.isEmpty
    // A lone factor above or below a \frac's line needs no brackets: the
    // line groups it (`\frac{1}{x^{2} + 1}`, not `\frac{1}{\left(x^{2} + 1\right)}`).
    func items(_ number: String?, _ factors: [Expr]) -> [String] {
        if isFraction, number == nil, factors.count == 1 { return [latexItem(factors[0], standalone: true).text] }
        return (number.map { [$0] } ?? []) + factors.map(latexFactor)
    }
    let distributed = Expr.distributedNumerator(layout, coefficient: coefficient, factors: factors)
    let top = distributed.map { [latexItem($0, standalone: true).text] }
        ?? items(showsNumeratorCoefficient ? latexNumber(layout.numeratorCoefficient).text : nil, layout.numerator)
    let bottom = items(layout.denominatorCoefficient != 1 ? String(layout.denominatorCoefficient) : nil, layout.denominator)
    let numerator = juxtaposed(top)
    return bottom.isEmpty ? numerator : "\\frac{" + numerator + "}{" + juxtaposed(bottom) + "}"
}

/// Factors side by side, with `\cdot` where a factor starts with a digit:
/// `2 10^{x}` would read as 210^{x}, so it is `2 \cdot 10^{x}`.
private func juxtaposed(_ items: [String]) -> String {
    var text = ""
    for item in items {
        if !text.isEmpty { text += item.first?.isNumber ?? false ? " \\cdot " : " " }
        text += item
    }
    return text
}
