import Core
import Diagnostics

/// Binary operators with their precedence: the one table read by the parser
/// and by the printer (`Expression+Printing.swift`).
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", matrixMultiply = "@"
    case power = "^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    /// Higher binds tighter. Unary minus sits between `*` and `^`
    /// (`-x^2` is `-(x^2)`); calls, indexing and fields bind tightest.
    public var precedence: Int {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return Precedence.comparison
        case .add, .subtract: return Precedence.additive
        case .multiply, .divide, .matrixMultiply: return Precedence.multiplicative
        case .power: return Precedence.power
        }
    }

    public var isRightAssociative: Bool { self == .power }
    public var isComparison: Bool { precedence == Precedence.comparison }
}


/// An expression as written, with source ranges for diagnostics. The
/// interpreter evaluates this tree exactly as written (no reordering), so a
/// user's formula gives the same double as the same formula in Python.
public struct ExpressionSyntax: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        case name(String)
        case negate(ExpressionSyntax)
        case binary(BinaryOperator, ExpressionSyntax, ExpressionSyntax)
        case call(ExpressionSyntax, [Argument])
        case index(ExpressionSyntax, [Subscript])
        case field(ExpressionSyntax, String)
        /// `f'` (order 1), `f''` (order 2), …: only directly after a name.
        case derivative(String, order: Int)
        case vector([ExpressionSyntax])
        /// `F on T`: a per-row function bound to a table's rows. `on` binds
        /// looser than every operator and tighter than `,`.
        case on(ExpressionSyntax, ExpressionSyntax)
        /// `(W = zeros(3, 4), b = zeros(3))`: values by name, a start point
        /// for parameters that are vectors or matrices (every argument has a label).
        case named([Argument])
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

extension ExpressionSyntax {
    /// True for `F on T`.
    public var isOnForm: Bool {
        if case .on = kind { return true }
        return false
    }
}

/// A call argument; `label` is set for `subs(e, x = 2)` and `table(x = […])`.
public struct Argument: Sendable, Equatable {
    public var label: String?
    public var labelRange: SourceRange?
    public var value: ExpressionSyntax
}

/// One position inside `v[…]`: an index, or a half-open slice `a:b`.
public enum Subscript: Sendable, Equatable {
    case index(ExpressionSyntax)
    case slice(ExpressionSyntax?, ExpressionSyntax?, SourceRange)
}

/// A statement of LANGUAGE.md's "Statements" section.
public indirect enum Statement: Sendable, Equatable {
    case expression(ExpressionSyntax)
    case assignment(name: String, nameRange: SourceRange, value: ExpressionSyntax)
    case definition(name: String, nameRange: SourceRange, parameters: [(String, SourceRange)], body: ExpressionSyntax)
    case command(target: String?, targetRange: SourceRange?, Command)
    case explain(ExpressionSyntax)
    /// `explain R step K`: the update that produced row K of a run's table.
    case explainStep(ExpressionSyntax, step: ExpressionSyntax)
    case who
    case reset
    case clear([(String, SourceRange)])
    case help(String?, SourceRange?)
    case time(ParsedStatement)
    /// `quit`, `exit`, `quit()`, `exit()`: ends the session or script with
    /// status 0, as in Python, Octave and Julia.
    case quit

    public static func == (lhs: Statement, rhs: Statement) -> Bool {
        switch (lhs, rhs) {
        case (.expression(let a), .expression(let b)): return a == b
        case (.assignment(let a, _, let x), .assignment(let b, _, let y)): return a == b && x == y
        case (.definition(let a, _, let p, let x), .definition(let b, _, let q, let y)):
            return a == b && p.map(\.0) == q.map(\.0) && x == y
        case (.command(let a, _, let x), .command(let b, _, let y)): return a == b && x == y
        case (.explain(let a), .explain(let b)): return a == b
        case (.explainStep(let a, let k), .explainStep(let b, let l)): return a == b && k == l
        case (.who, .who), (.reset, .reset), (.quit, .quit): return true
        case (.clear(let a), .clear(let b)): return a.map(\.0) == b.map(\.0)
        case (.help(let a, _), .help(let b, _)): return a == b
        case (.time(let a), .time(let b)): return a == b
        default: return false
        }
    }
}

/// A statement with its extent and whether a `;` silenced it.
public struct ParsedStatement: Sendable, Equatable {
    public var statement: Statement
    public var range: SourceRange
    public var isSilent: Bool
}

/// An optimisation or plot command: its subjects (the objective, or what to
/// plot) and its `keyword value` options, validated against `CommandSpec`.
public struct Command: Sendable, Equatable {
    public var name: CommandName
    public var nameRange: SourceRange
    public var subjects: [ExpressionSyntax]
    public var options: [CommandOption]
    public var range: SourceRange
    /// For `compare`: the command run once per value (its options are that
    /// command's; one of them holds the values in `alternatives`).
    public var compared: CommandName? = nil

    public init(name: CommandName, nameRange: SourceRange, subjects: [ExpressionSyntax], options: [CommandOption], range: SourceRange,
                compared: CommandName? = nil) {
        self.name = name
        self.nameRange = nameRange
        self.subjects = subjects
        self.options = options
        self.range = range
        self.compared = compared
    }

    public func option(_ key: OptionKeyword) -> CommandOption? {
        options.first { $0.key == key }
    }

    /// For `compare`: the option whose values vary (the one given a list).
    public var variedOption: CommandOption? {
        options.first { !$0.alternatives.isEmpty }
    }
}

public struct CommandOption: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case expression(ExpressionSyntax)
        /// A bare word (`method nelder-mead`, `batch all`), normalised: `_` → `-`.
        case word(String, SourceRange)
        /// `decay linear 0.01`: the schedule's kind and its rate.
        case wordAndExpression(String, SourceRange, ExpressionSyntax)
        case flag
    }

    public var keyword: String {
        didSet { key = OptionKeyword(rawValue: keyword) }
    }
    /// The keyword as an enum, read once here: commands ask for their
    /// options by key several times each.
    public private(set) var key: OptionKeyword?
    public var keywordRange: SourceRange
    public var value: Value
    /// In a `compare`, every value of a listed option (`rate 0.1, 0.3, 1`),
    /// the first being `value`; empty elsewhere.
    public var alternatives: [Value] = []

    public var expression: ExpressionSyntax? {
        switch value {
        case .expression(let e), .wordAndExpression(_, _, let e): return e
        default: return nil
        }
    }

    public var word: String? {
        switch value {
        case .word(let w, _), .wordAndExpression(let w, _, _): return w
        default: return nil
        }
    }

    public var range: SourceRange {
        switch value {
        case .expression(let e): return SourceRange.covering(keywordRange, e.range)
        case .word(_, let r): return SourceRange.covering(keywordRange, r)
        case .wordAndExpression(_, _, let e): return SourceRange.covering(keywordRange, e.range)
        case .flag: return keywordRange
        }
    }
}
