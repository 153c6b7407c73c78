import Core

extension ExpressionSyntax: CustomStringConvertible {
    /// The expression in gd syntax, as written (no reordering), with explicit
    /// `*` and the fewest parentheses that keep its meaning; precedence comes
    /// from `BinaryOperator.precedence`, the parser's own table.
    public var description: String { printed(context: 0, rightOperand: false) }

    private var precedence: Int {
        switch kind {
        case .binary(let op, _, _): return op.precedence
        case .on: return Precedence.comparison - 1
        case .negate: return Precedence.unary
        case .number(let value) where value < 0 || (value == 0 && value.sign == .minus): return Precedence.unary
        default: return Precedence.postfix
        }
    }

    private func printed(context: Int, rightOperand: Bool) -> String {
        let text = bare
        let own = precedence
        let needsParentheses = own < context || (own == context && rightOperand && own != Precedence.power && own != Precedence.unary)
        return needsParentheses ? "(\(text))" : text
    }

    private var bare: String {
        switch kind {
        case .number(let value): return formatNumber(value)
        case .string(let text): return quoted(text)
        case .name(let name): return name
        case .negate(let operand): return "-" + operand.printed(context: Precedence.unary, rightOperand: true)
        case .binary(let op, let left, let right):
            let leftContext = op.isRightAssociative ? op.precedence + 1 : op.precedence
            var leftText = left.printed(context: leftContext, rightOperand: false)
            // `(-2)^2` must keep its parentheses: unary minus binds looser than `^`.
            if op == .power, left.precedence <= Precedence.unary, !leftText.hasPrefix("(") { leftText = "(\(leftText))" }
            var rightText = right.printed(context: op.precedence, rightOperand: !op.isRightAssociative)
            // A signed exponent needs no parentheses: `x^-1` reads back the same.
            if op == .power, right.precedence == Precedence.unary { rightText = right.bare }
            switch op {
            case .power, .multiply, .divide: return "\(leftText)\(op.rawValue)\(rightText)"
            default: return "\(leftText) \(op.rawValue) \(rightText)"
            }
        case .call(let callee, let arguments):
            let list = arguments.map { argument in
                (argument.label.map { "\($0) = " } ?? "") + argument.value.description
            }
            return callee.printed(context: Precedence.postfix, rightOperand: false) + "(" + list.joined(separator: ", ") + ")"
        case .index(let base, let subscripts):
            let list = subscripts.map { item -> String in
                switch item {
                case .index(let e): return e.description
                case .slice(let a, let b, _): return (a?.description ?? "") + ":" + (b?.description ?? "")
                }
            }
            return base.printed(context: Precedence.postfix, rightOperand: false) + "[" + list.joined(separator: ", ") + "]"
        case .field(let base, let name):
            return base.printed(context: Precedence.postfix, rightOperand: false) + "." + name
        case .derivative(let name, let order):
            return name + String(repeating: "'", count: order)
        case .on(let function, let table):
            return function.printed(context: Precedence.comparison, rightOperand: false) + " on "
                + table.printed(context: Precedence.comparison, rightOperand: true)
        case .vector(let elements):
            return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .named(let values):
            return "(" + values.map { ($0.label ?? "") + " = " + $0.value.description }.joined(separator: ", ") + ")"
        }
    }
}

/// A string in gd syntax: double quotes, with `"` and `\` escaped.
public func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
        switch character {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        default: result.append(character)
        }
    }
    return result + "\""
}
