@testable import Symbolic

/// A tiny parser of the printed gd syntax, for round-trip tests only (the real
/// parser lives in Syntax). Grammar, loosest to tightest:
///
///     sum     = product (("+" | "-") product)*
///     product = unary (("*" | "/") unary)*
///     unary   = "-" unary | power
///     power   = atom ("^" unary)?          -- right-associative, signed exponent
///     atom    = number | name | name "(" sum ("," sum)* ")" | "(" sum ")"
struct TestParser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0

    static func parse(_ text: String) throws -> Expr {
        var parser = TestParser(scalars: Array(text.unicodeScalars))
        let result = try parser.sum()
        parser.skipSpaces()
        guard parser.position == parser.scalars.count else { throw Failure(description: "trailing input in \(text)") }
        return result
    }

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private mutating func skipSpaces() {
        while position < scalars.count, scalars[position] == " " { position += 1 }
    }

    private mutating func peek() -> Unicode.Scalar? {
        skipSpaces()
        return position < scalars.count ? scalars[position] : nil
    }

    private mutating func expect(_ scalar: Unicode.Scalar) throws {
        guard peek() == scalar else { throw Failure(description: "expected \(scalar) at \(position)") }
        position += 1
    }

    private mutating func sum() throws -> Expr {
        var result = try product()
        while let c = peek(), c == "+" || c == "-" {
            position += 1
            let rhs = try product()
            result = c == "+" ? result + rhs : result - rhs
        }
        return result
    }

    private mutating func product() throws -> Expr {
        var result = try unary()
        while let c = peek(), c == "*" || c == "/" {
            position += 1
            let rhs = try unary()
            result = c == "*" ? result * rhs : result / rhs
        }
        return result
    }

    private mutating func unary() throws -> Expr {
        if peek() == "-" {
            position += 1
            return -(try unary())
        }
        return try power()
    }

    private mutating func power() throws -> Expr {
        let base = try atom()
        if peek() == "^" {
            position += 1
            return Expr.power(base, try unary())
        }
        return base
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { (48...57).contains(c.value) }
    private static func isNameStart(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" }

    private mutating func atom() throws -> Expr {
        guard let c = peek() else { throw Failure(description: "unexpected end") }
        if c == "(" {
            position += 1
            let inner = try sum()
            try expect(")")
            return inner
        }
        if TestParser.isDigit(c) || c == "." {
            var text = ""
            while position < scalars.count, TestParser.isDigit(scalars[position]) || scalars[position] == "." {
                text.unicodeScalars.append(scalars[position])
                position += 1
            }
            if position + 1 < scalars.count, scalars[position] == "e" {
                var lookahead = position + 1
                if scalars[lookahead] == "-" || scalars[lookahead] == "+" { lookahead += 1 }
                if lookahead < scalars.count, TestParser.isDigit(scalars[lookahead]) {
                    text.unicodeScalars.append(contentsOf: scalars[position..<lookahead])
                    position = lookahead
                    while position < scalars.count, TestParser.isDigit(scalars[position]) {
                        text.unicodeScalars.append(scalars[position])
                        position += 1
                    }
                }
            }
            guard let value = Double(text) else { throw Failure(description: "bad number \(text)") }
            return .number(value)
        }
        if TestParser.isNameStart(c) {
            var name = ""
            while position < scalars.count,
                TestParser.isNameStart(scalars[position]) || TestParser.isDigit(scalars[position]) || scalars[position] == "."
            {
                name.unicodeScalars.append(scalars[position])
                position += 1
            }
            if peek() == "(" {
                position += 1
                var args = [try sum()]
                while peek() == "," {
                    position += 1
                    args.append(try sum())
                }
                try expect(")")
                return try Expr.call(named: name, args)
            }
            return .symbol(name)
        }
        throw Failure(description: "unexpected \(c) at \(position)")
    }
}
