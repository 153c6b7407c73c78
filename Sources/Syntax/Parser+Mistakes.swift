import Core
import Diagnostics
import Foundation

/// The mistakes students who know Python make, each turned into an error
/// that says what gd writes instead, quoting their own statement rewritten
/// where that can be done. The tables of foreign forms are `ForeignForms`;
/// this file finds them. None of these errors suggests '*' unless a missing
/// '*' is the mistake.
extension Parser {
    /// `for`, `if`, `and`, … where gd expected something else.
    /// The keyword may be the token that cannot go on (`x and y`) or the one
    /// before it (`f = lambda x: …`, read as far as `lambda`).
    func foreignKeyword() -> Diagnostic? {
        for token in [current, previous] {
            guard case .name(let word) = token.kind, let advice = ForeignForms.keywords[word] else { continue }
            var notes = [advice]
            if let rewritten = rewriteKeywordLine(word, at: token.range.start) { notes.append("write: \(rewritten)") }
            return Diagnostic(.invalidStatement, "'\(word)' is Python; gd has no '\(word)'", at: token.range, notes: notes)
        }
        return nil
    }

    /// The student's own line in gd, for the forms that have one.
    private func rewriteKeywordLine(_ word: String, at start: Int) -> String? {
        let line = restOfLine(from: start)
        func match(_ pattern: String) -> [String]? {
            guard let expression = try? NSRegularExpression(pattern: pattern),
                  let found = expression.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { return nil }
            return (1..<found.numberOfRanges).map { index in
                Range(found.range(at: index), in: line).map { String(line[$0]) } ?? ""
            }
        }
        switch word {
        case "def":
            guard let parts = match(#"^def\s+(\w+)\s*\(([^)]*)\)\s*:\s*(?:return\s+)?(.*?)\s*$"#) else { return nil }
            return "\(parts[0])(\(parts[1])) = \(parts[2].isEmpty ? "…" : parts[2])"
        case "lambda":
            guard let parts = match(#"^lambda\s+([^:]*?)\s*:\s*(.*?)\s*$"#) else { return nil }
            return "f(\(parts[0])) = \(parts[1])"
        case "return":
            guard let parts = match(#"^return\s+(.+?)\s*$"#) else { return nil }
            return "f(x) = \(parts[0])"
        case "print":
            guard let parts = match(#"^print\s*\((.*)\)\s*$"#) ?? match(#"^print\s+(.+?)\s*$"#), !parts[0].isEmpty else { return nil }
            return parts[0]
        default:
            return nil
        }
    }

    /// A statement that starts with `word` followed by `next` and can only
    /// be a mistake: a Python keyword, `x += 1`, or a misspelled command
    /// (two words side by side never make a gd expression).
    mutating func statementMistake(_ word: String, next: Token) throws -> Diagnostic? {
        // A keyword followed by an operator (`lambda * w^2`, `in + 1`) is a
        // name someone bound, not Python.
        if ForeignForms.keywords[word] != nil, startsOperand(next) || next.kind == .leftParen || next.kind == .colon,
           let keyword = foreignKeyword() {
            return keyword
        }
        let compound: [Token.Kind] = [.plus, .minus, .star, .slash]
        if compound.contains(next.kind) {
            var trial = self
            try trial.advance()
            try trial.advance()
            if trial.current.kind == .assign, !trial.current.spaceBefore {
                let operatorText = file.text(in: next.range)
                let value = restOfLine(from: trial.current.range.end).trimmingCharacters(in: .whitespaces)
                return Diagnostic(.invalidStatement, "gd has no '\(operatorText)='", at: SourceRange(next.range.start, trial.current.range.end),
                                  notes: ["write: \(word) = \(word) \(operatorText) \(value.isEmpty ? "…" : value)"])
            }
        }
        guard next.spaceBefore else { return nil }
        // `F on T` is an expression (LANGUAGE.md), not a command; `diary on`
        // is a command's form.
        if next.name == "on" {
            var trial = self
            try trial.advance()
            try trial.advance()
            if !trial.atStatementEnd { return nil }
        }
        switch next.kind {
        case .name, .number, .string, .leftBracket, .leftParen: break
        default: return nil
        }
        let commands = CommandName.allCases.map(\.rawValue)
        if let command = ForeignForms.commandSpellings[word.lowercased()]?.rawValue ?? closestMatch(to: word.lowercased(), among: commands) {
            return Diagnostic(.invalidCommand, "unknown command '\(word)'", at: current.range, notes: ["did you mean '\(command)'?"])
        }
        // `diary on`, `format long`: a word of three letters or more before
        // another word reads as a command. Two short names (`x y`, `θ0 θ1`)
        // are more likely a product with '*' left out: the parser says so.
        guard word.count >= 3, case .name = next.kind else { return nil }
        return Diagnostic(.invalidCommand, "'\(word)' is not a command", at: current.range,
                          notes: ["gd's commands: \(commands.joined(separator: ", ")), and help, who, clear, reset, time, explain"])
    }

    /// `descend(loss, 0, 0.001)`: commands take `keyword value` options.
    mutating func commandCalledLikeAFunction(_ command: CommandName) throws -> Diagnostic {
        let start = current.range.start
        try advance()
        let arguments = try parseArguments()
        let range = SourceRange(start, previous.range.end)
        let spec = CommandSpec.of(command)
        var rewritten = command.rawValue
        var positional = ForeignForms.positionalOptions[command] ?? []
        for (index, argument) in arguments.enumerated() {
            let text = file.text(in: argument.value.range)
            if index == 0 && argument.label == nil {
                rewritten += " \(text)"
            } else if let label = argument.label {
                rewritten += " \(optionName(for: label, in: spec) ?? label) \(text)"
            } else if !positional.isEmpty {
                rewritten += " \(positional.removeFirst()) \(text)"
            } else {
                rewritten += " … \(text)"
            }
        }
        return Diagnostic(.invalidCommand, "\(command.rawValue) is a command, not a function: it takes 'keyword value' options, without brackets", at: range,
                          notes: ["write: \(rewritten)", "usage: \(spec.synopsis)"])
    }

    /// gd's name for an option, as written or as another library names it.
    private func optionName(for word: String, in spec: CommandSpec) -> String? {
        if spec.option(word) != nil { return word }
        return ForeignForms.optionAliases[word.lowercased()]?.first { spec.option($0) != nil }
    }

    /// `f'(x) = 0`, `2x = 4`: `=` after an expression.
    func misplacedAssignment(_ expression: ExpressionSyntax) -> Diagnostic {
        if case .call(let callee, _) = expression.kind, case .derivative(let name, _) = callee.kind {
            return Diagnostic(.invalidStatement, "gd does not solve equations written with '='", at: current.range,
                              notes: ["to find where \(name)' is zero, use: stationary \(name) from a to b (every one in a range) or stationary \(name) from P"])
        }
        return Diagnostic(.invalidStatement, "'=' binds a name (x = 2) or defines a function (f(x) = x^2); it cannot follow an expression", at: current.range,
                          notes: ["to compare, write '=='"])
    }

    /// A command given an expression where it needs a function's name.
    func subjectMistake(_ subject: ExpressionSyntax, of command: CommandName, commandStart: Int) -> Diagnostic? {
        // Only when there is a mistake to explain: this runs for every command.
        var rest: String { restOfLine(from: subject.range.end).trimmingCharacters(in: .whitespaces) }
        switch subject.kind {
        case .call(let callee, _) where callee.name != nil:
            let name = callee.name ?? ""
            return Diagnostic(.invalidCommand, "\(command.rawValue) needs the function's name, not a call", at: subject.range,
                              notes: ["write: \(command.rawValue) \(name) \(rest)"])
        case .binary, .negate, .number, .vector, .string:
            var names: [String] = []
            collectNames(subject, into: &names)
            let parameters = names.isEmpty ? "x" : names.joined(separator: ", ")
            return Diagnostic(.invalidCommand, "\(command.rawValue) needs the name of a function, not an expression", at: subject.range,
                              notes: ["define it first: loss(\(parameters)) = \(file.text(in: subject.range))", "then: \(command.rawValue) loss \(rest)"])
        default:
            return nil
        }
    }

    /// Names used as variables (not called), in the order first written.
    private func collectNames(_ expression: ExpressionSyntax, into names: inout [String]) {
        switch expression.kind {
        case .name(let name):
            if !names.contains(name), !["pi", "π", "e"].contains(name) { names.append(name) }
        case .negate(let a), .field(let a, _): collectNames(a, into: &names)
        case .binary(_, let a, let b):
            collectNames(a, into: &names)
            collectNames(b, into: &names)
        case .call(_, let arguments): arguments.forEach { collectNames($0.value, into: &names) }
        case .vector(let items): items.forEach { collectNames($0, into: &names) }
        case .index(let a, _): collectNames(a, into: &names)
        default: break
        }
    }

    /// An option written as another library writes it: `rate=0.1`, `lr 0.1`,
    /// or a plot's file name without quotes.
    func optionMistake(_ keyword: String, at range: SourceRange, of spec: CommandSpec, commandStart: Int, given: [String]) throws -> Diagnostic? {
        // Every option of every command passes here: a keyword of the
        // command with no `=` after it is no mistake, seen in the source
        // without lexing ahead (which cost more than the rest of a small
        // command's parse).
        if spec.name != .plot, spec.option(keyword) != nil, !mayBeFollowedByAssignment(range) { return nil }
        let next = try peek()
        if spec.name == .plot, keyword == "to", given.contains("to"), case .name(let fileName) = next.kind {
            let rest = restOfLine(from: next.range.start).split(separator: " ").first.map(String.init) ?? fileName
            return Diagnostic(.invalidCommand, "a plot's file name is a string", at: SourceRange(range.start, next.range.end),
                              notes: ["write: to \"\(rest)\""])
        }
        // A keyword of the command followed by its value is no mistake:
        // decided before the aliases are looked up, as every option of
        // every command passes here.
        if spec.option(keyword) != nil, next.kind != .assign { return nil }
        guard let gdName = optionName(for: keyword, in: spec) else { return nil }
        let rewritten = rewriteOptions(restOfLine(from: commandStart), spec: spec)
        if gdName != keyword {
            return Diagnostic(.unknownOption, "\(spec.name.rawValue) calls this option '\(gdName)'", at: range,
                              notes: ["write: \(rewritten)", "usage: \(spec.synopsis)"])
        }
        return Diagnostic(.unknownOption, "options are written 'keyword value', without '='", at: SourceRange(range.start, next.range.end),
                          notes: ["write: \(rewritten)"])
    }

    /// The command's text with `keyword=value` written `keyword value` and
    /// other libraries' option names replaced by gd's.
    private func rewriteOptions(_ text: String, spec: CommandSpec) -> String {
        guard let pattern = try? NSRegularExpression(pattern: #"(?<![\w.])([A-Za-z_]\w*)(\s*=(?!=)\s*|\s+)"#) else { return text }
        var result = ""
        var last = text.startIndex
        for found in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let whole = Range(found.range, in: text), let wordRange = Range(found.range(at: 1), in: text),
                  let gapRange = Range(found.range(at: 2), in: text) else { continue }
            let word = String(text[wordRange])
            let isAssignment = text[gapRange].contains("=")
            result += text[last..<whole.lowerBound]
            let isOption = spec.option(word) != nil || ForeignForms.optionAliases[word.lowercased()] != nil
            if isOption, let name = optionName(for: word, in: spec) {
                result += name + " "
            } else {
                result += word + (isAssignment ? " = " : String(text[gapRange]))
            }
            last = whole.upperBound
        }
        result += text[last...]
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// `np.mean(v)`, `math.exp(x)`, `math.pi`, `tips.tip.mean()`.
    mutating func foreignAccess(on object: ExpressionSyntax, isBareName: Bool, field: String, fieldRange: SourceRange) throws -> Diagnostic? {
        let isModule = isBareName && object.name.map { ForeignForms.modules.contains($0) } == true
        let isMethod = ForeignForms.methods.contains(field) && current.kind == .leftParen && !current.spaceBefore
        guard isModule || isMethod else { return nil }
        var argumentsText: String?
        let start = object.range.start
        if current.kind == .leftParen, !current.spaceBefore {
            let open = current.range
            _ = try parseArguments()
            argumentsText = file.text(in: SourceRange(open.end, previous.range.start))
        }
        let range = SourceRange(start, previous.range.end)
        if isModule {
            let module = object.name ?? ""
            let gdName = ForeignForms.moduleFunctions[field] ?? field
            let rewritten: String
            if let argumentsText { rewritten = gdName.isEmpty ? argumentsText : "\(gdName)(\(argumentsText))" } else { rewritten = field }
            return Diagnostic(.unknownName, "gd needs no '\(module).': its functions and constants are built in", at: range,
                              notes: ["write: \(rewritten)"])
        }
        let objectText = file.text(in: object.range)
        let arguments = argumentsText.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return Diagnostic(.unknownName, "gd has functions of a value, not methods", at: range,
                          notes: ["write: \(field)(\(objectText)\(arguments.isEmpty ? "" : ", " + arguments))"])
    }

    /// `[1 2 3]`, as Octave writes a vector.
    func vectorWithoutCommas(openedAt open: SourceRange) -> Diagnostic {
        let line = restOfLine(from: open.start)
        var notes: [String] = []
        if let close = line.firstIndex(of: "]") {
            let inner = line[line.index(after: line.startIndex)..<close]
            if !inner.contains(",") && !inner.contains("[") {
                notes.append("write: [\(inner.split(separator: " ").joined(separator: ", "))]")
            }
        }
        return Diagnostic(.missingOperator, "separate a vector's elements with ','", at: current.range, notes: notes)
    }

    /// The source from `offset` to the end of its line.
    /// False when the next token after `range` is certainly not `=`, read
    /// from the bytes (spaces and tabs skipped): a line break or a
    /// continuation backslash may hide one, so those say true.
    func mayBeFollowedByAssignment(_ range: SourceRange) -> Bool {
        let bytes = file.bytes
        var offset = range.end
        while offset < bytes.count, bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t") { offset += 1 }
        guard offset < bytes.count else { return false }
        switch bytes[offset] {
        case UInt8(ascii: "="): return offset + 1 >= bytes.count || bytes[offset + 1] != UInt8(ascii: "=")
        case UInt8(ascii: "\\"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): return true
        default: return false
        }
    }

    func restOfLine(from offset: Int) -> String {
        let text = file.text(in: SourceRange(offset, Int.max))
        return String(text.prefix { $0 != "\n" })
    }
}
