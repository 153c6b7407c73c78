import Core
import Data
import Diagnostics
import Foundation
import Symbolic
import Syntax

/// One gd environment: the bindings and the statements run in it. Scripts,
/// `-e`, standard input, the interactive session and `gd test` all run
/// statements through `run(_:)`; only how output is shown differs.
///
/// Output and diagnostics go to two sinks (standard output and standard
/// error, or one recording for `gd test`). Diagnostics are rendered here, at
/// the edge; everything below throws them.
public final class Session {
    public var globals: [String: Value] = [:]
    /// Folder that relative paths (`load`, `plot … to`) are read against.
    public var baseDirectory: String
    /// Interactive sessions number nothing and name no file in diagnostics.
    public let isInteractive: Bool
    /// Width in columns for plots; a fixed default in scripts keeps golden
    /// output stable, a session sets the terminal's width.
    public var plotWidth: Int = 72
    /// Colour terminal plots, one colour a series: set only for a terminal
    /// without NO_COLOR (`Session.plotsWantColour`), never in recorded output.
    public var plotsInColour = false
    /// False where output must be reproducible (`gd test`, help examples):
    /// `time` then prints a placeholder instead of the elapsed time.
    public var showsTimings = true
    /// Where long commands draw a progress bar: set only when standard error
    /// is a terminal (never in scripts' recorded output).
    public var progress: ((String) -> Void)?
    /// Set by `quit` or `exit`: the script stops, with status 0, and a
    /// session ends.
    public private(set) var hasEnded = false

    let writeOutput: (String) -> Void
    let writeError: (String) -> Void
    /// Built-in names already reported as shadowed (a session says so once).
    private var shadowReported: Set<String> = []
    /// Compiled objectives of functions already optimised (see `ObjectiveCache`).
    var objectiveCache = ObjectiveCache()
    /// User-function calls with symbolic arguments already inlined in the
    /// statement being run (see `apply`); emptied before each statement.
    var inlinedCalls: [InlinedCall: Value] = [:]
    /// The source of the statement being run, for diagnostics and functions.
    var currentFile = SourceFile(displayName: nil, text: "")

    public init(baseDirectory: String = FileManager.default.currentDirectoryPath, isInteractive: Bool = false,
                output: @escaping (String) -> Void, errors: @escaping (String) -> Void) {
        self.baseDirectory = baseDirectory
        self.isInteractive = isInteractive
        self.writeOutput = output
        self.writeError = errors
    }

    deinit {
        // Bindings may hold trees thousands of levels deep, freed by
        // recursion: free them on a large stack too (see `LargeStack`).
        var bindings = globals
        var cache = objectiveCache
        globals = [:]
        objectiveCache = ObjectiveCache()
        LargeStack.run {
            bindings.removeAll()
            cache.removeAll()
        }
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
        if isInteractive, needsMoreInput(file) { return .incomplete }
        currentFile = file
        var parser = Parser(file)
        // Cleared once: a Ctrl-C that arrives while a statement runs, even one
        // that never polls the flag, stops the statements after it.
        Interrupt.clear()
        var statementRange: SourceRange?
        while true {
            do {
                let next = try parser.nextStatement()
                parser.warnings.forEach(report)
                parser.warnings = []
                guard let statement = next else { return .completed }
                statementRange = statement.range
                try execute(statement)
                if hasEnded { return .completed }
                if Interrupt.isRequested {
                    throw Diagnostic(.interrupted, "interrupted; the statements after this one did not run", at: statement.range, severity: .warning)
                }
            } catch let diagnostic as Diagnostic {
                report(diagnostic)
                return diagnostic.kind == .interrupted ? .interrupted : .failed
            } catch is Interrupted {
                // Thrown by a computation that polls the flag (a plot, a derivative).
                report(Diagnostic(.interrupted, "interrupted", at: statementRange, severity: .warning))
                return .interrupted
            } catch {
                report(Diagnostic(.evaluationError, "\(error)", at: nil))
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

    func report(_ diagnostic: Diagnostic) {
        writeError(render(diagnostic, in: currentFile))
    }

    func warn(_ message: String, at range: SourceRange?, notes: [String] = []) {
        report(Diagnostic(.warning, message, at: range, notes: notes, severity: .warning))
    }

    func print(_ text: String) {
        writeOutput(text.hasSuffix("\n") ? text : text + "\n")
    }

    // MARK: Statements

    func execute(_ parsed: ParsedStatement) throws {
        warnAboutJoinedNames(in: parsed.statement)
        inlinedCalls = [:]
        defer { inlinedCalls = [:] }
        switch parsed.statement {
        case .expression(let expression):
            let value = try evaluate(expression)
            globals["ans"] = value
            if !parsed.isSilent { print(format(value)) }
        case .assignment(let name, let range, let expression):
            let value = try evaluate(expression)
            try bind(name, value, at: range)
        case .definition(let name, let range, let parameters, let body):
            try checkDefinition(name: name, parameters: parameters.map(\.0), body: body)
            for (parameter, parameterRange) in parameters { noteShadowing(parameter, at: parameterRange, as: "a parameter") }
            try bind(name, .function(.user(UserFunction(name: name, parameters: parameters.map(\.0), body: body, source: currentFile))), at: range)
        case .command(let target, let targetRange, let command):
            let result = try run(command)
            if !parsed.isSilent, let report = result.report { print(report) }
            if let target, let targetRange { try bind(target, result.value, at: targetRange) } else { globals["ans"] = result.value }
            if result.interrupted {
                // The partial result is bound; a script stops here (exit 130).
                throw Diagnostic(.interrupted, "interrupted; the partial result is bound to '\(target ?? "ans")'", at: command.nameRange, severity: .warning)
            }
        case .explain(let expression):
            let text = try explain(expression)
            if !parsed.isSilent { print(text) }
        case .quit:
            hasEnded = true
        case .explainStep(let expression, let step):
            let text = try explainStep(expression, step: step)
            if !parsed.isSilent { print(text) }
        case .who:
            print(whoListing())
        case .reset:
            globals = [:]
            shadowReported = []
            objectiveCache.removeAll()
        case .clear(let names):
            for (name, range) in names where globals[name] == nil {
                let suggestion = closestMatch(to: name, among: globals.keys)
                throw Diagnostic(.unknownName, "'\(name)' is not bound", at: range, notes: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
            }
            for (name, _) in names { globals[name] = nil }
        case .help(let topic, let range):
            print(try help(topic, at: range))
        case .time(var inner):
            inner.isSilent = parsed.isSilent
            let start = DispatchTime.now().uptimeNanoseconds
            try execute(inner)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            print(showsTimings ? "time: \(formatNumber(elapsed, significantDigits: 3)) ms" : "time: (elapsed time not shown in tests)")
        }
    }

    func bind(_ name: String, _ value: Value, at range: SourceRange) throws {
        noteShadowing(name, at: range, as: "your value")
        globals[name] = value
    }

    private func noteShadowing(_ name: String, at range: SourceRange, as what: String) {
        guard globals[name] == nil, Builtins.constants[name] != nil || Builtins.isFunction(name), !shadowReported.contains(name) else { return }
        shadowReported.insert(name)
        let kind = Builtins.constants[name] != nil ? "the constant" : "the built-in function"
        warn("'\(name)' now names \(what); \(kind) '\(name)' is hidden", at: range, notes: ["'clear \(name)' brings it back"])
    }

    /// Catches a name such as `θ0θ1` in a definition whose parts are its
    /// parameters: two names never multiply by juxtaposition.
    private func checkDefinition(name: String, parameters: [String], body: ExpressionSyntax) throws {
        var problem: Diagnostic?
        func visit(_ e: ExpressionSyntax) {
            guard problem == nil else { return }
            switch e.kind {
            case .name(let n):
                if !parameters.contains(n), globals[n] == nil, Builtins.constants[n] == nil, !Builtins.isFunction(n),
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
        var known = Set(names.map(\.0)).union(globals.keys)
        var warned: Set<String> = []
        for (name, range) in names where globals[name] == nil && Builtins.constants[name] == nil && !Builtins.isFunction(name) && !warned.contains(name) {
            known.remove(name)
            defer { known.insert(name) }
            guard let parts = splitIntoNames(name, known: known) else { continue }
            warned.insert(name)
            warn("'\(name)' is one name, not a product", at: range, notes: ["\(parts.joined(separator: "*"))? two names never multiply without '*'"])
        }
    }

    private func whoListing() -> String {
        if globals.isEmpty { return "no bindings" }
        return globals.keys.sorted().map { name in
            let value = globals[name] ?? .number(.nan)
            switch value {
            case .function(let f): return "\(name): function of \((f.parameters ?? []).joined(separator: ", "))"
            case .table(let t): return "\(name): table, \(t.rowCount) rows × \(t.columns.count) columns"
            case .record(let r): return "\(name): \(r.kind)"
            default: return "\(name): \(value.kindName.split(separator: " ").dropFirst().joined(separator: " ")) = \(formatTruncated(value, limit: 60))"
            }
        }.joined(separator: "\n")
    }

    private func formatTruncated(_ value: Value, limit: Int) -> String {
        let text = format(value)
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// Resolves a path as LANGUAGE.md says: relative to the script's folder.
    func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] { return home + path.dropFirst(1) }
        return (baseDirectory as NSString).appendingPathComponent(path)
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
