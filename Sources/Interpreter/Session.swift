import Core
import Data
import Diagnostics
import Foundation
import Symbolic
import Syntax

/// One gd session: statements run, in order, by four parts with one job
/// each. Scripts, `-e`, standard input, the interactive session, notebooks
/// and `gd test` all run statements through `run(_:)` (or `runCell`); only
/// how output is shown differs.
///
/// - `environment`: the bindings;
/// - `evaluator`: expressions to values, the calculus forms included;
/// - `commands`: `descend` … `save`, with the compiled objectives they keep;
/// - `io`: where text goes, where files come from, how output is drawn.
public final class Session {
    public let environment: Environment
    public let io: SessionIO
    let evaluator: Evaluator
    let commands: CommandRunner
    /// Set by `quit` or `exit`: the script stops, with status 0, and a
    /// session ends.
    public private(set) var hasEnded = false

    public init(baseDirectory: String = FileManager.default.currentDirectoryPath, isInteractive: Bool = false,
                output: @escaping (String) -> Void, errors: @escaping (String) -> Void) {
        io = SessionIO(baseDirectory: baseDirectory, isInteractive: isInteractive, output: output, errors: errors)
        environment = Environment()
        evaluator = Evaluator(environment: environment, io: io)
        commands = CommandRunner(evaluator: evaluator)
    }

    public enum Outcome: Equatable, Sendable {
        case completed
        case failed
        case interrupted
        /// The text stops inside brackets or after `\`: read another line.
        case incomplete
    }

    /// Runs every statement of `file` in order and stops at the first error,
    /// which is rendered to the error sink. In a session a statement that is
    /// incomplete (open brackets, trailing `\`) is reported as `.incomplete`
    /// before anything runs, so the caller can read a continuation line.
    @discardableResult
    public func run(_ file: SourceFile) -> Outcome {
        LargeStack.run { runStatements(file) }
    }

    private func runStatements(_ file: SourceFile) -> Outcome {
        if io.isInteractive, needsMoreInput(file) { return .incomplete }
        io.currentFile = file
        var parser = Parser(file)
        // Cleared once: a Ctrl-C that arrives while a statement runs, even one
        // that never polls the flag, stops the statements after it.
        Interrupt.clear()
        var statementRange: SourceRange?
        while true {
            do {
                let next = try parser.nextStatement()
                if let next { io.statementWillRun?(file, next.range) }
                parser.warnings.forEach(io.report)
                parser.warnings = []
                guard let statement = next else { return .completed }
                statementRange = statement.range
                try execute(statement)
                if hasEnded { return .completed }
                if Interrupt.isRequested {
                    throw Diagnostic(.interrupted, "interrupted; the statements after this one did not run", at: statement.range, severity: .warning)
                }
            } catch let diagnostic as Diagnostic {
                io.report(diagnostic)
                return diagnostic.kind == .interrupted ? .interrupted : .failed
            } catch is Interrupted {
                // Thrown by a computation that polls the flag (a plot, a derivative).
                io.report(Diagnostic(.interrupted, "interrupted", at: statementRange, severity: .warning))
                return .interrupted
            } catch {
                io.report(Diagnostic(.evaluationError, "\(error)", at: nil))
                return .failed
            }
        }
    }

    /// True when the text ends inside brackets or after a `\`: decided by the
    /// parser's typed diagnostic, never by matching its message.
    public func needsMoreInput(_ file: SourceFile) -> Bool {
        LargeStack.run { parsesToEndOfInput(file) }
    }

    private func parsesToEndOfInput(_ file: SourceFile) -> Bool {
        var parser = Parser(file)
        do {
            while try parser.nextStatement() != nil {}
            return false
        } catch let diagnostic as Diagnostic {
            return diagnostic.kind == .unexpectedEndOfInput
        } catch {
            return false
        }
    }

    // MARK: Statements

    func execute(_ parsed: ParsedStatement) throws {
        warnAboutJoinedNames(in: parsed.statement)
        evaluator.startStatement()
        defer { evaluator.startStatement() }
        switch parsed.statement {
        case .expression(let expression):
            let value = try evaluator.evaluate(expression)
            // Refused before `ans` is bound: a failed statement changes nothing.
            if !parsed.isSilent, case .symbolic(let e) = value, e.isTooLargeToPrint { throw SymbolicValue.tooLarge(at: expression.range) }
            environment.set("ans", value)
            if !parsed.isSilent { io.print(value.formatted()) }
        case .assignment(let name, let range, let expression):
            let value = try evaluator.evaluate(expression)
            bind(name, value, at: range)
        case .definition(let name, let range, let parameters, let body):
            try checkDefinition(name: name, parameters: parameters.map(\.0), body: body)
            for (parameter, parameterRange) in parameters {
                environment.shadowingWarning(parameter, at: parameterRange, as: "a parameter").map(io.report)
            }
            bind(name, .function(.user(UserFunction(name: name, parameters: parameters.map(\.0), body: body, source: io.currentFile))), at: range)
        case .command(let target, let targetRange, let command):
            let result = try commands.run(command)
            if !parsed.isSilent, let report = result.report { io.print(report) }
            if let target, let targetRange { bind(target, result.value, at: targetRange) } else { environment.set("ans", result.value) }
            if result.interrupted {
                // The partial result is bound; a script stops here (exit 130).
                throw Diagnostic(.interrupted, "interrupted; the partial result is bound to '\(target ?? "ans")'", at: command.nameRange, severity: .warning)
            }
        case .explain(let expression):
            let text = try evaluator.explain(expression)
            if !parsed.isSilent { io.print(text) }
        case .quit:
            hasEnded = true
        case .explainStep(let expression, let step):
            let text = try commands.explainStep(expression, step: step)
            if !parsed.isSilent { io.print(text) }
        case .who:
            io.print(environment.listing)
        case .reset:
            environment.reset()
            commands.forgetCompiledObjectives()
        case .clear(let names):
            try environment.clear(names)
        case .help(let topic, let range):
            io.print(try help(topic, at: range))
        case .time(var inner):
            inner.isSilent = parsed.isSilent
            let start = DispatchTime.now().uptimeNanoseconds
            try execute(inner)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            io.print(io.showsTimings ? "time: \(formatNumber(elapsed, significantDigits: 3)) ms" : "time: (elapsed time not shown in tests)")
        }
    }

    /// Binds a name, telling the user once when it hides a built-in.
    func bind(_ name: String, _ value: Value, at range: SourceRange) {
        environment.bind(name, value, at: range).map(io.report)
    }

    /// Catches a name such as `θ0θ1` in a definition whose parts are its
    /// parameters: two names never multiply by juxtaposition.
    private func checkDefinition(name: String, parameters: [String], body: ExpressionSyntax) throws {
        var problem: Diagnostic?
        func visit(_ e: ExpressionSyntax) {
            guard problem == nil else { return }
            switch e.kind {
            case .name(let n):
                if !parameters.contains(n), !environment.isKnown(n),
                   let split = splitIntoNames(n, known: Set(parameters)) {
                    problem = Diagnostic(.unknownName, "unknown name '\(n)'", at: e.range, notes: ["\(split.joined(separator: "*"))? two names never multiply without '*'"])
                }
            case .negate(let a), .field(let a, _): visit(a)
            case .binary(_, let a, let b): visit(a); visit(b)
            case .call(let f, let args): visit(f); args.forEach { visit($0.value) }
            case .index(let a, let subs):
                visit(a)
                for s in subs {
                    switch s {
                    case .index(let i): visit(i)
                    case .slice(let x, let y, _): x.map(visit); y.map(visit)
                    }
                }
            case .vector(let items): items.forEach(visit)
            default: break
            }
        }
        visit(body)
        if let problem { throw problem }
    }

    /// `xy` in `diff(10x^3y^2 + 5xy^3, x)`, copied from a slide, is one name:
    /// an unbound name made of names that the statement uses, or that are
    /// bound, gets a warning (in a definition it is an error, above).
    private func warnAboutJoinedNames(in statement: Statement) {
        var expressions: [ExpressionSyntax] = []
        switch statement {
        case .expression(let e), .assignment(_, _, let e), .explain(let e): expressions = [e]
        case .command(_, _, let command): expressions = command.subjects + command.options.compactMap(\.expression)
        default: return
        }
        var names: [(String, SourceRange)] = []
        func visit(_ e: ExpressionSyntax) {
            switch e.kind {
            case .name(let n): names.append((n, e.range))
            case .negate(let a), .field(let a, _): visit(a)
            case .binary(_, let a, let b): visit(a); visit(b)
            case .call(let f, let args): visit(f); args.forEach { visit($0.value) }
            case .index(let a, let subs):
                visit(a)
                for sub in subs {
                    switch sub {
                    case .index(let i): visit(i)
                    case .slice(let x, let y, _): x.map(visit); y.map(visit)
                    }
                }
            case .vector(let items): items.forEach(visit)
            default: break
            }
        }
        expressions.forEach(visit)
        var known = Set(names.map(\.0)).union(environment.globals.keys)
        var warned: Set<String> = []
        for (name, range) in names where !environment.isKnown(name) && !warned.contains(name) {
            known.remove(name)
            defer { known.insert(name) }
            guard let parts = splitIntoNames(name, known: known) else { continue }
            warned.insert(name)
            io.warn("'\(name)' is one name, not a product", at: range, notes: ["\(parts.joined(separator: "*"))? two names never multiply without '*'"])
        }
    }

}

/// `θ0θ1` → ["θ0", "θ1"] when the name is a concatenation of known names.
func splitIntoNames(_ name: String, known: Set<String>) -> [String]? {
    let characters = Array(name)
    func split(_ start: Int, _ depth: Int) -> [String]? {
        if start == characters.count { return [] }
        guard depth < 8 else { return nil }
        for end in stride(from: characters.count, to: start, by: -1) {
            let part = String(characters[start..<end])
            if known.contains(part), let rest = split(end, depth + 1) { return [part] + rest }
        }
        return nil
    }
    guard let parts = split(0, 0), parts.count > 1 else { return nil }
    return parts
}
