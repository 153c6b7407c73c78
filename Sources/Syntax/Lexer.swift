import Core
import Diagnostics
import Foundation

/// Turns source text into tokens on demand, following LANGUAGE.md's lexical
/// rules: `#` comments, `\` line continuation, numbers with the `e` exponent
/// rule, Unicode names read in NFC with subscript digits as digits, double-
/// quoted strings, and `'` as the derivative mark only directly after a name.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    /// Byte offset of each scalar, plus one past the end.
    private let offsets: [Int]
    private var position = 0
    private var previous: Token.Kind = .newline

    public init(_ file: SourceFile) {
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        var offset = 0
        for scalar in file.text.unicodeScalars {
            scalars.append(scalar)
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        self.scalars = scalars
        self.offsets = offsets
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let index = position + ahead
        return index < scalars.count ? scalars[index] : nil
    }

    private func range(from start: Int) -> SourceRange {
        SourceRange(offsets[start], offsets[position])
    }

    /// The next token; throws a located diagnostic for text that is not gd.
    public mutating func next() throws -> Token {
        let spaceBefore = try skipSpace()
        let start = position
        guard let scalar = peek() else {
            return Token(kind: .end, range: SourceRange(offsets[position], offsets[position]), spaceBefore: spaceBefore)
        }
        let kind: Token.Kind
        if scalar == "\n" {
            position += 1
            kind = .newline
        } else if isDigit(scalar) || (scalar == "." && peek(1).map(isDigit) == true && !previousIsOperand) {
            kind = try lexNumber()
        } else if isNameStart(scalar) {
            kind = .name(lexName())
        } else if scalar == "\"" {
            kind = try lexString()
        } else if scalar == "'" {
            kind = try lexPrime(spaceBefore: spaceBefore)
        } else {
            kind = try lexOperator(scalar)
        }
        previous = kind
        return Token(kind: kind, range: range(from: start), spaceBefore: spaceBefore)
    }

    private var previousIsOperand: Bool {
        switch previous {
        case .name, .number, .rightParen, .rightBracket, .prime, .string: return true
        default: return false
        }
    }

    /// Skips blanks, comments and `\`-newline continuations; reports whether
    /// anything was skipped.
    private mutating func skipSpace() throws -> Bool {
        var skipped = false
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\u{FEFF}" {
                position += 1
            } else if scalar == "#" {
                while let c = peek(), c != "\n" { position += 1 }
            } else if scalar == "\\" {
                // A continuation: `\`, optional blanks or a comment, then a newline.
                var look = position + 1
                while look < scalars.count, scalars[look] == " " || scalars[look] == "\t" || scalars[look] == "\r" { look += 1 }
                if look < scalars.count, scalars[look] == "#" {
                    while look < scalars.count, scalars[look] != "\n" { look += 1 }
                }
                if look >= scalars.count {
                    throw Diagnostic(.unexpectedEndOfInput, "the line continues after '\\' but the input ends", at: SourceRange(offsets[position], offsets[position] + 1))
                }
                if scalars[look] != "\n" {
                    let start = position
                    var end = position + 1
                    while end < scalars.count, isNameContinue(scalars[end]) { end += 1 }
                    let word = String(String.UnicodeScalarView(scalars[(start + 1)..<end]))
                    var note = "'\\' at the end of a line continues the statement on the next line"
                    if let letter = greekLetters[word] { note = "in a session, type \\\(word) and press Tab to get '\(letter)'" }
                    throw Diagnostic(.invalidCharacter, "unexpected '\\'", at: SourceRange(offsets[start], offsets[end]), notes: [note])
                }
                position = look + 1
            } else {
                break
            }
            skipped = true
        }
        return skipped
    }

    private mutating func lexNumber() throws -> Token.Kind {
        let start = position
        var integer = 0
        while let c = peek(), isDigit(c) {
            if position - start < 15 { integer = integer * 10 + Int(c.value - 0x30) }
            position += 1
        }
        // A plain integer of at most 15 digits is exactly that double: no
        // text round trip (printed derivatives are full of small integers).
        if position - start <= 15, peek() != ".", peek() != "e", peek() != "E" { return .number(Double(integer)) }
        if peek() == ".", let after = peek(1), isDigit(after) {
            position += 1
            while let c = peek(), isDigit(c) { position += 1 }
        }
        // `e`/`E` starts an exponent only when a digit (after an optional sign) follows.
        if let e = peek(), e == "e" || e == "E" {
            var look = 1
            if let sign = peek(1), sign == "+" || sign == "-" { look = 2 }
            if let digit = peek(look), isDigit(digit) {
                position += look
                while let c = peek(), isDigit(c) { position += 1 }
            }
        }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        guard let value = Double(text) else {
            throw Diagnostic(.invalidNumber, "'\(text)' is not a number", at: range(from: start))
        }
        return .number(value)
    }

    private mutating func lexName() -> String {
        var name = String.UnicodeScalarView()
        while let c = peek(), isNameContinue(c) {
            if let digit = subscriptDigit(c) { name.append(digit) } else { name.append(c) }
            position += 1
        }
        // ASCII is already in normal form; only other names need NFC (which
        // costs far more than lexing: gd parses derivatives it printed).
        if name.allSatisfy(\.isASCII) { return String(name) }
        return String(name).precomposedStringWithCanonicalMapping
    }

    private mutating func lexString() throws -> Token.Kind {
        let start = position
        position += 1
        var text = String.UnicodeScalarView()
        while let c = peek() {
            if c == "\"" {
                position += 1
                return .string(String(text))
            }
            if c == "\n" { break }
            if c == "\\", let escaped = peek(1) {
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: text.append(escaped)
                }
                position += 2
                continue
            }
            text.append(c)
            position += 1
        }
        throw Diagnostic(.unterminatedString, "this string has no closing '\"'", at: range(from: start))
    }

    private mutating func lexPrime(spaceBefore: Bool) throws -> Token.Kind {
        let start = position
        position += 1
        if !spaceBefore, case .name = previous { return .prime }
        if !spaceBefore, case .prime = previous { return .prime }
        // A single-quoted "string": find its end on this line to underline it.
        var look = position
        while look < scalars.count, scalars[look] != "'", scalars[look] != "\n" { look += 1 }
        if look < scalars.count, scalars[look] == "'" {
            let content = String(String.UnicodeScalarView(scalars[position..<look]))
            position = look + 1
            throw Diagnostic(.singleQuotedString, "strings use double quotes", at: range(from: start),
                             notes: ["write \"\(content)\"; ' is the derivative mark, as in f'"])
        }
        throw Diagnostic(.unexpectedToken, "unexpected ''': the derivative mark goes directly after a function's name, as in f'", at: range(from: start))
    }

    private mutating func lexOperator(_ scalar: Unicode.Scalar) throws -> Token.Kind {
        let start = position
        position += 1
        let next = peek()
        func two(_ kind: Token.Kind) -> Token.Kind { position += 1; return kind }
        switch scalar {
        case "+": return .plus
        case "-": return .minus
        case "*": return next == "*" ? two(.caret) : .star
        case "/": return .slash
        case "@": return .at
        case "^": return .caret
        case "(": return .leftParen
        case ")": return .rightParen
        case "[": return .leftBracket
        case "]": return .rightBracket
        case ",": return .comma
        case ";": return .semicolon
        case ":": return .colon
        case ".": return .dot
        case "=": return next == "=" ? two(.equal) : .assign
        case "!" where next == "=": return two(.notEqual)
        case "<": return next == "=" ? two(.lessEqual) : .less
        case ">": return next == "=" ? two(.greaterEqual) : .greater
        default:
            var notes: [String] = []
            switch scalar {
            case "∇": notes.append("gd writes the gradient as grad(f)")
            case "−", "–": notes.append("write the ASCII minus sign '-'")
            case "×", "·", "⋅": notes.append("write '*' to multiply")
            case "÷": notes.append("write '/' to divide")
            case "²": notes.append("write ^2 for a square")
            case "≤": notes.append("write '<='")
            case "≥": notes.append("write '>='")
            case "≠": notes.append("write '!='")
            default: break
            }
            throw Diagnostic(.invalidCharacter, "unexpected character '\(Character(scalar))'", at: range(from: start), notes: notes)
        }
    }
}

private func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 0x30 && scalar.value <= 0x39
}

private func subscriptDigit(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
    guard scalar.value >= 0x2080 && scalar.value <= 0x2089 else { return nil }
    return Unicode.Scalar(scalar.value - 0x2080 + 0x30)
}

func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
    // ASCII first: the Unicode property lookup is the lexer's largest cost.
    if scalar.isASCII { return scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
    return scalar.properties.isAlphabetic && scalar != "∇"
}

func isNameContinue(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII { return isNameStart(scalar) || isDigit(scalar) }
    return isNameStart(scalar) || isDigit(scalar) || subscriptDigit(scalar) != nil
        || scalar.properties.generalCategory == .nonspacingMark
        || scalar.properties.generalCategory == .spacingMark
}
