import Core
import Diagnostics

/// A lexical token. `spaceBefore` records whether white space (or a comment,
/// or a line continuation) separates it from the previous token: implicit
/// multiplication (`2x`) and the derivative mark (`f'`) need adjacency, and a
/// space ends an option's value in a command (`from 4 rate 0.3`).
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case number(Double)
        case name(String)
        case string(String)
        case plus, minus, star, slash, at, caret
        case leftParen, rightParen, leftBracket, rightBracket
        case comma, semicolon, colon, dot, prime
        case assign, equal, notEqual, less, lessEqual, greater, greaterEqual
        case newline
        case end
    }

    public var kind: Kind
    public var range: SourceRange
    public var spaceBefore: Bool

    public var name: String? {
        if case .name(let name) = kind { return name }
        return nil
    }

    public var isNumber: Bool {
        if case .number = kind { return true }
        return false
    }
}

extension Token.Kind {
    /// How the token reads in a message: `'+'`, `name 'x'`, `end of input`.
    public var description: String {
        switch self {
        case .number(let value): return "number '\(formatNumber(value))'"
        case .name(let name): return "'\(name)'"
        case .string: return "string"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .at: return "'@'"
        case .caret: return "'^'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .comma: return "','"
        case .semicolon: return "';'"
        case .colon: return "':'"
        case .dot: return "'.'"
        case .prime: return "'''"
        case .assign: return "'='"
        case .equal: return "'=='"
        case .notEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }
}
