import Core
import Diagnostics

/// Parses gd statements one at a time, so a script runs up to its first
/// error and a session can ask for a continuation line when a statement is
/// incomplete (`Diagnostic.Kind.unexpectedEndOfInput`).
///
/// A Pratt parser driven by `BinaryOperator.precedence`. Every loop consumes
/// a token or exits, and recursion is bounded by `maximumNesting`.
public struct Parser {
    /// Real nesting (brackets, calls, unary signs, `^` chains, `time`
    /// prefixes) that the parser's own recursion follows.
    public static let maximumNesting = 200
    /// Operators (binary, calls, indexing, fields) in one statement. A flat
    /// chain such as `1+1+…+1` is parsed by a loop, but it is a tree as deep
    /// as it is long, and evaluating, printing and freeing it recurse that
    /// deep: this bounds the depth of everything built from one statement.
    public static let maximumOperators = 100_000

    private var lexer: Lexer
    /// The text parsed, for diagnostics that quote it rewritten.
    let file: SourceFile
    var current: Token
    var previous: Token
    private var lexError: Diagnostic?
    /// Open `(` and `[`: inside them newlines do not end a statement.
    private var bracketDepth: Int { openBrackets.count }
    /// Where each open bracket is, to point at the one never closed.
    private var openBrackets: [SourceRange] = []
    private var nesting = 0
    /// Operators in the current statement, against `maximumOperators`.
    private var operators = 0

    /// Warnings found while parsing (`e^2x`), for the caller to show; the
    /// caller takes them after each statement.
    public var warnings: [Diagnostic] = []

    public init(_ file: SourceFile) {
        self.file = file
        lexer = Lexer(file)
        let start = Token(kind: .newline, range: SourceRange(0, 0), spaceBefore: false)
        current = start
        previous = start
        primed = false
    }

    private var primed: Bool

    /// The next statement, or nil at the end of the input.
    public mutating func nextStatement() throws -> ParsedStatement? {
        if !primed {
            primed = true
            try advance()
        }
        while current.kind == .newline || current.kind == .semicolon { try advance() }
        if current.kind == .end { return nil }
        let start = current.range.start
        operators = 0
        let statement = try parseStatement()
        let end = previous.range.end
        var silent = false
        switch current.kind {
        case .semicolon:
            silent = true
            try advance()
        case .newline:
            try advance()
        case .end:
            break
        default:
            throw unexpected(afterStatement: true)
        }
        return ParsedStatement(statement: statement, range: SourceRange(start, end), isSilent: silent)
    }

    /// Parses a whole text as one expression (used by tests and `help`).
    public static func parseExpression(_ file: SourceFile) throws -> ExpressionSyntax {
        var parser = Parser(file)
        parser.primed = true
        try parser.advance()
        let expression = try parser.parseExpression()
        while parser.current.kind == .newline { try parser.advance() }
        guard parser.current.kind == .end else { throw parser.unexpected(afterStatement: true) }
        return expression
    }

    // MARK: Tokens

    mutating func advance() throws {
        previous = current
        switch previous.kind {
        case .leftParen, .leftBracket: openBrackets.append(previous.range)
        case .rightParen, .rightBracket: _ = openBrackets.popLast()
        default: break
        }
        repeat {
            current = try lexer.next()
        } while current.kind == .newline && bracketDepth > 0
    }

    /// The token after `current`, without consuming anything.
    func peek() throws -> Token {
        var copy = lexer
        var token = try copy.next()
        while token.kind == .newline && bracketDepth > 0 { token = try copy.next() }
        return token
    }

    /// The token after the current `(`, skipping newlines (inside it they do not end the statement).
    func peekInsideParenthesis() throws -> Token {
        var copy = lexer
        var token = try copy.next()
        while token.kind == .newline { token = try copy.next() }
        return token
    }

    /// The token after that, for a `(` about to be read: inside it,
    /// newlines do not end the statement.
    func peekTwice() throws -> Token {
        var copy = lexer
        var token = try copy.next()
        while token.kind == .newline { token = try copy.next() }
        token = try copy.next()
        while token.kind == .newline { token = try copy.next() }
        return token
    }

    var atStatementEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .end: return true
        default: return false
        }
    }

    private mutating func expect(_ kind: Token.Kind, _ what: String) throws {
        guard current.kind == kind else { throw expected(what) }
        try advance()
    }

    private func expected(_ what: String) -> Diagnostic {
        if current.kind == .end, let open = openBrackets.last {
            return Diagnostic(.unexpectedEndOfInput, "this bracket is never closed", at: open, notes: ["expected \(what) before the end of the input"])
        }
        if let foreign = foreignKeyword() { return foreign }
        return Diagnostic(.expectedExpression, "expected \(what), found \(current.kind.description)", at: current.range)
    }

    /// An error for a token that cannot follow what came before, with the
    /// hints students need: `2 x` and `(a)(b)` ask for `*`.
    private func unexpected(afterStatement: Bool) -> Diagnostic {
        if current.kind == .end, let open = openBrackets.last {
            return Diagnostic(.unexpectedEndOfInput, "this bracket is never closed", at: open)
        }
        if let foreign = foreignKeyword() { return foreign }
        let previousIsOperand: Bool
        switch previous.kind {
        case .number, .name, .rightParen, .rightBracket, .prime, .string: previousIsOperand = true
        default: previousIsOperand = false
        }
        switch current.kind {
        case .name where previousIsOperand, .number where previousIsOperand, .leftParen where previousIsOperand:
            return Diagnostic(.missingOperator, "expected an operator before \(current.kind.description)", at: current.range,
                              notes: ["write '*' to multiply"])
        case .leftBracket where previousIsOperand:
            return Diagnostic(.missingOperator, "expected an operator before '['", at: current.range,
                              notes: ["write '*' to multiply; index a vector written directly after its name, as v[0]"])
        case .rightParen, .rightBracket:
            return Diagnostic(.unexpectedToken, "\(current.kind.description) has no matching opening bracket", at: current.range)
        default:
            return Diagnostic(.unexpectedToken, "unexpected \(current.kind.description)", at: current.range)
        }
    }

    /// Counts one operator of the statement; `range` is where it is.
    private mutating func countOperator(at range: SourceRange) throws {
        operators += 1
        if operators > Parser.maximumOperators {
            throw Diagnostic(.nestingTooDeep, "statement too long (more than \(Parser.maximumOperators) operators)", at: range,
                             notes: ["split it into several statements, binding parts to names"])
        }
    }

    private mutating func enterNesting() throws {
        nesting += 1
        if nesting > Parser.maximumNesting {
            throw Diagnostic(.nestingTooDeep, "expression nested too deeply (more than \(Parser.maximumNesting) levels)", at: current.range)
        }
    }

    // MARK: Statements

    // statement := 'who' | 'reset' | 'clear' NAME+ | 'help' [NAME] | 'time' statement
    //            | 'explain' expression | [NAME '='] COMMAND … | NAME '=' expression
    //            | NAME '(' NAME {',' NAME} ')' '=' expression | expression
    private mutating func parseStatement() throws -> Statement {
        if case .name(let word) = current.kind {
            let next = try peek()
            let nextEndsStatement = next.kind == .newline || next.kind == .semicolon || next.kind == .end
            switch word {
            case "who" where nextEndsStatement:
                try advance()
                return .who
            case "reset" where nextEndsStatement:
                try advance()
                return .reset
            case "quit" where nextEndsStatement || isEmptyCall(), "exit" where nextEndsStatement || isEmptyCall():
                try advance()
                if current.kind == .leftParen {
                    try advance()
                    try advance()
                }
                return .quit
            case "help" where isEmptyCall():
                // `help()`, as Python writes it.
                try advance()
                try advance()
                try advance()
                return .help(nil, nil)
            case "help" where nextEndsStatement || next.name != nil:
                try advance()
                // A topic may be a phrase (`help random search`): every word
                // to the end of the statement, for help to look up.
                var words: [String] = []
                let start = current.range.start
                while case .name(let topic) = current.kind {
                    words.append(topic)
                    try advance()
                }
                if words.isEmpty { return .help(nil, nil) }
                return .help(words.joined(separator: " "), SourceRange(start, previous.range.end))
            case "clear" where next.name != nil || nextEndsStatement:
                try advance()
                var names: [(String, SourceRange)] = []
                while case .name(let name) = current.kind {
                    names.append((name, current.range))
                    try advance()
                }
                if names.isEmpty {
                    throw Diagnostic(.invalidStatement, "clear needs the names to remove", at: previous.range,
                                     notes: ["write 'clear NAME'; 'reset' removes every binding"])
                }
                return .clear(names)
            case "time" where startsOperand(next) || next.name != nil:
                try advance()
                let start = current.range.start
                try enterNesting()
                defer { nesting -= 1 }
                let inner = try parseStatement()
                return .time(ParsedStatement(statement: inner, range: SourceRange(start, previous.range.end), isSilent: false))
            case "explain" where startsOperand(next):
                try advance()
                let subject = try parseExpression()
                // explain R step K
                if current.name == "step" {
                    try advance()
                    return .explainStep(subject, step: try parseExpression())
                }
                return .explain(subject)
            default:
                break
            }
            if let command = CommandName(rawValue: word) {
                if startsOperand(next) || (next.kind == .leftParen && next.spaceBefore) {
                    return .command(target: nil, targetRange: nil, try parseCommand(command))
                }
                if next.kind == .leftParen { throw try commandCalledLikeAFunction(command) }
            }
            if next.kind == .assign {
                let nameRange = current.range
                try advance()
                try advance()
                if case .name(let commandWord) = current.kind, let command = CommandName(rawValue: commandWord) {
                    let after = try peek()
                    if startsOperand(after) || (after.kind == .leftParen && after.spaceBefore) {
                        return .command(target: word, targetRange: nameRange, try parseCommand(command))
                    }
                    if after.kind == .leftParen { throw try commandCalledLikeAFunction(command) }
                }
                return .assignment(name: word, nameRange: nameRange, value: try parseItem())
            }
            if next.kind == .leftParen, let definition = try parseDefinitionIfPresent(word) {
                return definition
            }
            if let mistake = try statementMistake(word, next: next) { throw mistake }
        }
        let expression = try parseItem()
        if current.kind == .assign { throw misplacedAssignment(expression) }
        return .expression(expression)
    }

    /// item := expression [ 'on' expression ]
    ///
    /// `F on T` outside a command (where `on T` is the command's option):
    /// looser than every operator, tighter than `,`.
    private mutating func parseItem() throws -> ExpressionSyntax {
        let function = try parseExpression()
        guard case .name("on") = current.kind else { return function }
        try advance()
        let table = try parseExpression()
        return ExpressionSyntax(.on(function, table), SourceRange.covering(function.range, table.range))
    }

    /// True at `NAME()` followed by the end of the statement (`quit()`, `help()`).
    private func isEmptyCall() -> Bool {
        var trial = self
        guard (try? trial.advance()) != nil, trial.current.kind == .leftParen, !trial.current.spaceBefore,
              (try? trial.advance()) != nil, trial.current.kind == .rightParen, (try? trial.advance()) != nil else { return false }
        return trial.atStatementEnd
    }

    func startsOperand(_ token: Token) -> Bool {
        switch token.kind {
        case .name, .number, .leftBracket, .string: return true
        default: return false
        }
    }

    /// `f(x, y) = body`: recognised by looking ahead on a copy of the parser,
    /// so a call such as `f(2)` is left for the expression parser.
    private mutating func parseDefinitionIfPresent(_ name: String) throws -> Statement? {
        var trial = self
        let nameRange = trial.current.range
        guard (try? trial.advance()) != nil, (try? trial.advance()) != nil else { return nil }
        var parameters: [(String, SourceRange)] = []
        while true {
            guard case .name(let parameter) = trial.current.kind else { return nil }
            parameters.append((parameter, trial.current.range))
            guard (try? trial.advance()) != nil else { return nil }
            if trial.current.kind == .comma {
                guard (try? trial.advance()) != nil else { return nil }
                continue
            }
            break
        }
        guard trial.current.kind == .rightParen else { return nil }
        guard (try? trial.advance()) != nil, trial.current.kind == .assign else { return nil }
        self = trial
        try advance()
        var seen: Set<String> = []
        for (parameter, range) in parameters where !seen.insert(parameter).inserted {
            throw Diagnostic(.invalidStatement, "parameter '\(parameter)' appears twice", at: range)
        }
        let body = try parseExpression()
        return .definition(name: name, nameRange: nameRange, parameters: parameters, body: body)
    }

    // MARK: Commands

    // command := COMMAND subject {',' subject} {KEYWORD [value]}
    //          | 'compare' COMMAND subject {KEYWORD [value {',' value}]}
    private mutating func parseCommand(_ name: CommandName, allowingAlternatives: Bool = false) throws -> Command {
        if name == .compare { return try parseComparison() }
        let spec = CommandSpec.of(name)
        let nameRange = current.range
        try advance()
        var subjects = [try parseExpression()]
        while current.kind == .comma {
            try advance()
            subjects.append(try parseExpression())
        }
        if name.takesFunction, let subject = subjects.first, let mistake = subjectMistake(subject, of: name, commandStart: nameRange.start) { throw mistake }
        if subjects.count > spec.subjectCount.upperBound {
            throw Diagnostic(.invalidCommand, "\(name.rawValue) takes \(spec.subjectCount.upperBound == 1 ? "one function" : "at most \(spec.subjectCount.upperBound) items")",
                             at: subjects[spec.subjectCount.upperBound].range, notes: ["usage: \(spec.synopsis)"])
        }
        var options: [CommandOption] = []
        while !atStatementEnd {
            guard case .name(var keyword) = current.kind else {
                throw Diagnostic(.unexpectedToken, "expected an option of \(name.rawValue), found \(current.kind.description)", at: current.range,
                                 notes: ["usage: \(spec.synopsis)"])
            }
            let keywordRange = current.range
            if name == .plot || name == .schedule || allowingAlternatives, keyword == "to", case .string = try peek().kind { keyword = "file" }
            // A comparison also takes the plot's `to "file.svg"` and `ascii` for its curves.
            let comparisonOption = allowingAlternatives && keyword == "ascii" ? OptionSpec(.ascii, kind: .flag, summary: "") : nil
            if comparisonOption == nil,
               let mistake = try optionMistake(keyword, at: keywordRange, of: spec, commandStart: nameRange.start, given: options.map(\.keyword)) {
                throw mistake
            }
            guard let option = spec.option(keyword) ?? comparisonOption
                ?? (keyword == "file" ? OptionSpec(.file, kind: .expression, summary: "") : nil) else {
                let suggestion = closestMatch(to: keyword, among: spec.options.map(\.keyword))
                throw Diagnostic(.unknownOption, "\(name.rawValue) has no option '\(keyword)'", at: keywordRange,
                                 notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? []) + ["usage: \(spec.synopsis)"])
            }
            if options.contains(where: { $0.keyword == keyword }) {
                throw Diagnostic(.duplicateOption, "option '\(keyword)' is given twice", at: keywordRange)
            }
            try advance()
            let value = try parseOptionValue(option, keyword: keyword)
            var alternatives: [CommandOption.Value] = []
            if allowingAlternatives, current.kind == .comma, option.kind != .flag {
                alternatives = [value]
                while current.kind == .comma {
                    try advance()
                    alternatives.append(try parseOptionValue(option, keyword: keyword))
                }
            }
            options.append(CommandOption(keyword: keyword, key: OptionKeyword(rawValue: keyword), keywordRange: keywordRange, value: value, alternatives: alternatives))
        }
        let range = SourceRange(nameRange.start, previous.range.end)
        for required in spec.required where !options.contains(where: { $0.keyword == required.rawValue }) {
            throw Diagnostic(.missingOption, "\(name.rawValue) needs '\(required.rawValue)'", at: range, notes: ["usage: \(spec.synopsis)"])
        }
        return Command(name: name, nameRange: nameRange, subjects: subjects, options: options, range: range)
    }

    private mutating func parseOptionValue(_ option: OptionSpec, keyword: String) throws -> CommandOption.Value {
        switch option.kind {
        case .flag:
            return .flag
        case .expression:
            return .expression(try parseExpression())
        case .word(let allowed):
            let (word, range) = try parseWord(allowed, for: keyword)
            return .word(word, range)
        case .expressionOrWord(let allowed):
            if case .name(let word) = current.kind, allowed.contains(word) {
                let range = current.range
                try advance()
                return .word(word, range)
            }
            return .expression(try parseExpression())
        case .wordThenExpression(let allowed):
            let (word, range) = try parseWord(allowed, for: keyword)
            return .wordAndExpression(word, range, try parseExpression())
        }
    }

    // comparison := 'compare' ('descend' | 'minimize' | 'sgd') … with exactly
    // one option given a comma-separated list of values.
    private mutating func parseComparison() throws -> Command {
        let spec = CommandSpec.of(.compare)
        let nameRange = current.range
        try advance()
        guard case .name(let word) = current.kind, let inner = CommandName(rawValue: word), CommandName.comparable.contains(inner) else {
            throw Diagnostic(.invalidCommand, "compare runs descend, minimize or sgd once per value of one option", at: current.range,
                             notes: ["usage: \(spec.synopsis)", "as: compare descend f from 4 rate 0.1, 0.3, 1 steps 30"])
        }
        var command = try parseCommand(inner, allowingAlternatives: true)
        let varied = command.options.filter { !$0.alternatives.isEmpty }
        guard varied.count == 1 else {
            let range = varied.count > 1 ? varied[1].range : command.range
            throw Diagnostic(.invalidCommand, varied.isEmpty ? "compare needs one option with several values, separated by commas"
                                                               : "compare varies one option at a time; '\(varied[0].keyword)' and '\(varied[1].keyword)' both list values",
                             at: range, notes: ["as: compare descend f from 4 rate 0.1, 0.3, 1 steps 30"])
        }
        command.compared = inner
        command.name = .compare
        command.nameRange = nameRange
        command.range = SourceRange(nameRange.start, command.range.end)
        return command
    }

    /// A bare word such as `nelder-mead`: names joined by adjacent `-`;
    /// `_` is read as `-` so `nelder_mead` works too.
    private mutating func parseWord(_ allowed: [String], for keyword: String) throws -> (String, SourceRange) {
        guard case .name(let first) = current.kind else { throw expected("one of \(allowed.joined(separator: ", ")) after '\(keyword)'") }
        let start = current.range.start
        var word = first
        try advance()
        while current.kind == .minus, !current.spaceBefore {
            let next = try peek()
            guard case .name(let part) = next.kind, !next.spaceBefore else { break }
            try advance()
            try advance()
            word += "-" + part
        }
        let range = SourceRange(start, previous.range.end)
        let normalised = word.replacingOccurrences(of: "_", with: "-").lowercased()
        guard allowed.contains(normalised) else {
            let suggestion = closestMatch(to: normalised, among: allowed)
            throw Diagnostic(.invalidArgument, "'\(word)' is not a choice for '\(keyword)'", at: range,
                             notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? []) + ["choices: \(allowed.joined(separator: ", "))"])
        }
        return (normalised, range)
    }

    // MARK: Expressions

    public mutating func parseExpression(_ minimumPrecedence: Int = 0) throws -> ExpressionSyntax {
        try enterNesting()
        defer { nesting -= 1 }
        var left = try parseUnary()
        while true {
            let op: BinaryOperator
            var implicit = false
            if let binary = binaryOperator(current.kind) {
                op = binary
            } else if previous.isNumber, !current.spaceBefore, current.name != nil || current.kind == .leftParen {
                // `15x^3`, `2(x+1)`: a number directly before a name or `(` multiplies.
                op = .multiply
                implicit = true
            } else {
                break
            }
            if op.precedence < minimumPrecedence { break }
            // `e^2x` is e^2*x (LANGUAGE.md), rarely what is meant: warn. Other
            // bases are the lectures' style (`10x^3y^2`) and stay quiet.
            if implicit, case .name(let following) = current.kind, case .binary(.power, let base, let exponent) = left.kind,
               base.name == "e", case .number = exponent.kind, exponent.range.end == previous.range.end {
                let exponentText = file.text(in: SourceRange(exponent.range.start, current.range.end))
                warnings.append(Diagnostic(.warning, "'e^\(exponentText)' is read as e^\(file.text(in: exponent.range))*\(following)",
                                           at: SourceRange(left.range.start, current.range.end),
                                           notes: ["write e^(\(exponentText)) for e to the power \(exponentText)"], severity: .warning))
            }
            if implicit, case .binary(.divide, _, let divisor) = left.kind, divisor.range.end == previous.range.end {
                let text = "\(current.kind.description)"
                throw Diagnostic(.ambiguousImplicitMultiplication, "ambiguous: a number after '/' followed directly by \(text)",
                                 at: SourceRange(divisor.range.start, current.range.end),
                                 notes: ["add parentheses: write (a/b)*x or a/(b*x)"])
            }
            // Only an unparenthesised chain: `(p > 0.5) == y` compares a
            // comparison's result (its range then covers the parentheses).
            if op.isComparison, case .binary(let inner, let a, let b) = left.kind, inner.isComparison,
               left.range == SourceRange.covering(a.range, b.range) {
                throw Diagnostic(.chainedComparison, "comparisons do not chain", at: current.range,
                                 notes: ["compare one pair at a time"])
            }
            try countOperator(at: current.range)
            if !implicit { try advance() }
            let right = try parseExpression(op.isRightAssociative ? op.precedence : op.precedence + 1)
            left = ExpressionSyntax(.binary(op, left, right), SourceRange.covering(left.range, right.range))
        }
        return left
    }

    private func binaryOperator(_ kind: Token.Kind) -> BinaryOperator? {
        switch kind {
        case .plus: return .add
        case .minus: return .subtract
        case .star: return .multiply
        case .slash: return .divide
        case .at: return .matrixMultiply
        case .caret: return .power
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        default: return nil
        }
    }

    // unary := ('-' | '+') unary-operand | postfix
    private mutating func parseUnary() throws -> ExpressionSyntax {
        if current.kind == .minus || current.kind == .plus {
            let isMinus = current.kind == .minus
            let start = current.range.start
            try advance()
            let operand = try parseExpression(Precedence.unary)
            if !isMinus { return operand }
            return ExpressionSyntax(.negate(operand), SourceRange(start, operand.range.end))
        }
        return try parsePostfix()
    }

    // postfix := primary { '(' args ')' | '[' subscripts ']' | '.' NAME | "'" }
    private mutating func parsePostfix() throws -> ExpressionSyntax {
        let primaryIsParenthesised = current.kind == .leftParen
        var expression = try parsePrimary()
        var isBareName = expression.name != nil
        while true {
            switch current.kind {
            case .leftParen:
                // `(a)(b)` is a missing `*`, but `(F on T)(p)` calls the bound loss.
                if primaryIsParenthesised, !expression.isOnForm {
                    throw Diagnostic(.missingOperator, "expected an operator before '('", at: current.range, notes: ["write '*' to multiply: (a)*(b)"])
                }
                if case .number = expression.kind { return expression }
                try countOperator(at: current.range)
                let arguments = try parseArguments()
                expression = ExpressionSyntax(.call(expression, arguments), SourceRange(expression.range.start, previous.range.end))
            case .leftBracket where !current.spaceBefore:
                if case .number = expression.kind {
                    throw Diagnostic(.missingOperator, "expected an operator before '['", at: current.range, notes: ["write '*' to multiply"])
                }
                try countOperator(at: current.range)
                let subscripts = try parseSubscripts()
                expression = ExpressionSyntax(.index(expression, subscripts), SourceRange(expression.range.start, previous.range.end))
            case .dot:
                try countOperator(at: current.range)
                try advance()
                guard case .name(let field) = current.kind else { throw expected("a field name after '.'") }
                let fieldRange = current.range
                try advance()
                if let mistake = try foreignAccess(on: expression, isBareName: isBareName, field: field, fieldRange: fieldRange) { throw mistake }
                expression = ExpressionSyntax(.field(expression, field), SourceRange(expression.range.start, previous.range.end))
            case .prime:
                guard isBareName, let name = expression.name else {
                    throw Diagnostic(.unexpectedToken, "the derivative mark ' goes directly after a function's name", at: current.range)
                }
                var order = 0
                while current.kind == .prime {
                    order += 1
                    try advance()
                }
                expression = ExpressionSyntax(.derivative(name, order: order), SourceRange(expression.range.start, previous.range.end))
            default:
                return expression
            }
            isBareName = false
        }
    }

    // primary := NUMBER | STRING | NAME | '(' expression ')' | '[' [expression {',' expression}] ']'
    private mutating func parsePrimary() throws -> ExpressionSyntax {
        let token = current
        switch token.kind {
        case .number(let value):
            try advance()
            return ExpressionSyntax(.number(value), token.range)
        case .string(let text):
            try advance()
            return ExpressionSyntax(.string(text), token.range)
        case .name(let name):
            if let gdName = ForeignForms.constants[name] {
                throw Diagnostic(.unknownName, "'\(name)' is Python's spelling", at: token.range, notes: ["gd writes \(gdName)"])
            }
            try advance()
            return ExpressionSyntax(.name(name), token.range)
        case .leftParen:
            if case .name = try peekInsideParenthesis().kind, try peekTwice().kind == .assign { return try parseNamedValues() }
            try advance()
            try enterNesting()
            defer { nesting -= 1 }
            var inner = try parseItem()
            guard current.kind == .rightParen else {
                if current.kind == .comma {
                    throw Diagnostic(.unexpectedToken, "unexpected ',' inside parentheses", at: current.range, notes: ["write a vector with square brackets: [a, b]"])
                }
                throw expected("')'")
            }
            try advance()
            inner.range = SourceRange(token.range.start, previous.range.end)
            return inner
        case .leftBracket:
            try advance()
            try enterNesting()
            defer { nesting -= 1 }
            var elements: [ExpressionSyntax] = []
            if current.kind != .rightBracket {
                elements.append(try parseItem())
                while current.kind == .comma {
                    try advance()
                    elements.append(try parseItem())
                }
            }
            guard current.kind == .rightBracket else {
                if startsOperand(current) || current.kind == .leftParen, current.spaceBefore { throw vectorWithoutCommas(openedAt: token.range) }
                throw expected("',' or ']' in the vector")
            }
            try advance()
            return ExpressionSyntax(.vector(elements), SourceRange(token.range.start, previous.range.end))
        default:
            throw expected("an expression")
        }
    }

    /// named = "(" NAME "=" item { "," NAME "=" item } ")"   — values by name: `(W = zeros(3, 4), b = zeros(3))`
    private mutating func parseNamedValues() throws -> ExpressionSyntax {
        let open = current
        try enterNesting()
        defer { nesting -= 1 }
        var values: [Argument] = []
        repeat {
            try advance()  // '(' or ','
            guard case .name(let name) = current.kind else { throw expected("a name, then '=' and its value") }
            let labelRange = current.range
            try advance()
            guard current.kind == .assign else { throw expected("'=' after '\(name)'") }
            try advance()
            if values.contains(where: { $0.label == name }) {
                throw Diagnostic(.invalidArgument, "'\(name)' is given twice", at: labelRange)
            }
            values.append(Argument(label: name, labelRange: labelRange, value: try parseItem()))
        } while current.kind == .comma
        guard current.kind == .rightParen else { throw expected("',' or ')' after the named values") }
        try advance()
        return ExpressionSyntax(.named(values), SourceRange(open.range.start, previous.range.end))
    }

    mutating func parseArguments() throws -> [Argument] {
        try advance()  // '('
        var arguments: [Argument] = []
        if current.kind != .rightParen {
            repeat {
                if arguments.count > 0 { try advance() }
                var label: String?
                var labelRange: SourceRange?
                if case .name(let name) = current.kind, try peek().kind == .assign {
                    label = name
                    labelRange = current.range
                    try advance()
                    try advance()
                }
                arguments.append(Argument(label: label, labelRange: labelRange, value: try parseItem()))
            } while current.kind == .comma
        }
        guard current.kind == .rightParen else { throw expected("',' or ')' in the argument list") }
        try advance()
        return arguments
    }

    private mutating func parseSubscripts() throws -> [Subscript] {
        try advance()  // '['
        var subscripts: [Subscript] = []
        repeat {
            if subscripts.count > 0 { try advance() }
            let start = current.range.start
            var first: ExpressionSyntax?
            if current.kind != .colon { first = try parseExpression() }
            if current.kind == .colon {
                try advance()
                var second: ExpressionSyntax?
                if current.kind != .rightBracket && current.kind != .comma { second = try parseExpression() }
                subscripts.append(.slice(first, second, SourceRange(start, previous.range.end)))
            } else if let first {
                subscripts.append(.index(first))
            }
        } while current.kind == .comma
        guard current.kind == .rightBracket else { throw expected("']' after the index") }
        try advance()
        return subscripts
    }
}

extension ExpressionSyntax {
    public var name: String? {
        if case .name(let name) = kind { return name }
        return nil
    }
}
