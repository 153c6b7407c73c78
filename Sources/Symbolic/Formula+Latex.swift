import Core

// LaTeX of a formula as the user wrote it: their order of terms
// (`θ0 + θ1*x` → `\theta_{0} + \theta_{1} x`), their decimals (`0.1 x`,
// `1e-5*x` → `10^{-5} x`), their parentheses as `\left( \right)` except
// where the LaTeX already groups (a `\frac`'s parts, an exponent, a
// function's argument), and `\cdot` where a factor starts with a digit.

extension Formula {
    /// Standard LaTeX for the formula as written.
    public var latex: String { latexItem(standalone: true).text }

    private func latexItem(standalone: Bool = false) -> (text: String, precedence: Int) {
        switch kind {
        case .number(let x):
            return (latexDecimal(x), printedPrecedence)
        case .integer(let n):
            return (String(n), printedPrecedence)
        case .symbol(let name):
            return (latexSymbol(name == "π" ? "pi" : name), Precedence.atom)
        case .group(let inner):
            if standalone { return inner.latexItem(standalone: true) }
            return ("\\left(" + inner.latexItem(standalone: true).text + "\\right)", Precedence.atom)
        case .call(let function, let args):
            let inner = args.map { $0.latexItem(standalone: true).text }
            if let template = function.latexTemplate, inner.count == 1 {
                return (template.replacingOccurrences(of: "#", with: inner[0]), Precedence.atom)
            }
            if function == .log, inner.count == 2 {
                return ("\\log_{" + inner[1] + "}\\left(" + inner[0] + "\\right)", Precedence.atom)
            }
            return (function.latexName + "\\left(" + inner.joined(separator: ", ") + "\\right)", Precedence.atom)
        case .negate(let a):
            return ("-" + a.latexOperand(atLeast: Precedence.unary), Precedence.unary)
        case .binary(let op, let a, let b):
            switch op {
            case .add, .subtract:
                let right = b.latexOperand(atLeast: Precedence.additive + 1)
                return (a.latexOperand(atLeast: Precedence.additive) + (op == .add ? " + " : " - ") + right, Precedence.additive)
            case .multiply:
                let left = a.latexOperand(atLeast: Precedence.multiplicative)
                let right = b.latexOperand(atLeast: Precedence.multiplicative)
                let separator = (right.first?.isNumber ?? false) ? " \\cdot " : " "
                return (left + separator + right, Precedence.multiplicative)
            case .divide:
                return ("\\frac{" + a.latexItem(standalone: true).text + "}{" + b.latexItem(standalone: true).text + "}", Precedence.multiplicative)
            case .power:
                let base = latexBase(a)
                return (base + "^{" + b.latexItem(standalone: true).text + "}", Precedence.power)
            default:
                let symbol: String
                switch op {
                case .equal: symbol = " = "
                case .notEqual: symbol = " \\neq "
                case .less: symbol = " < "
                case .lessEqual: symbol = " \\leq "
                case .greater: symbol = " > "
                default: symbol = " \\geq "
                }
                return (a.latexItem().text + symbol + b.latexItem().text, Precedence.comparison)
            }
        }
    }

    /// The item, in `\left( \right)` when it binds looser than `minimum`.
    private func latexOperand(atLeast minimum: Int) -> String {
        let item = latexItem()
        return item.precedence >= minimum ? item.text : "\\left(" + item.text + "\\right)"
    }

    /// A power's base: anything but a name, a number or a call in brackets.
    private func latexBase(_ base: Formula) -> String {
        let item = base.latexItem()
        switch base.kind {
        case .symbol, .call, .group, .integer: return item.text
        case .number(let x) where x >= 0 && !latexDecimal(x).contains("^"): return item.text
        default: return "\\left(" + item.text + "\\right)"
        }
    }
}

/// A decimal as written in LaTeX: its shortest digits (`0.1`), a power of
/// ten for an exponent (`1e-05` → `10^{-5}`, `2.5e-07` → `2.5 \cdot 10^{-7}`).
func latexDecimal(_ x: Double) -> String {
    let text = formatNumber(x)
    guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), x.isFinite else {
        if x.isNaN { return "\\mathrm{nan}" }
        if x.isInfinite { return x < 0 ? "-\\infty" : "\\infty" }
        return text
    }
    var mantissa = String(text[..<e])
    var exponent = String(text[text.index(after: e)...])
    if exponent.hasPrefix("+") { exponent.removeFirst() }
    while exponent.hasPrefix("0") || exponent.hasPrefix("-0") {
        if exponent.hasPrefix("-0") { exponent = "-" + exponent.dropFirst(2) } else { exponent.removeFirst() }
    }
    var sign = ""
    if mantissa.hasPrefix("-") {
        sign = "-"
        mantissa.removeFirst()
    }
    let power = "10^{" + exponent + "}"
    return sign + (mantissa == "1" ? power : mantissa + " \\cdot " + power)
}
