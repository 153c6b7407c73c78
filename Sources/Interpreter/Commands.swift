import Core
import Data
import Diagnostics
import Optimize
import Symbolic
import Syntax

/// What a command leaves behind: the report it prints and the value bound
/// to its target (or `ans`). `interrupted` is set when Ctrl-C stopped it:
/// the partial result is still bound.
struct CommandResult {
    /// Renders the printed report. It runs only when the report is shown:
    /// after `;` nobody reads it, and formatting a long run's table can
    /// cost more than the run itself.
    private let renderReport: () -> String?
    var value: Value
    var interrupted = false

    init(report: @autoclosure @escaping () -> String?, value: Value, interrupted: Bool = false) {
        renderReport = report
        self.value = value
        self.interrupted = interrupted
    }

    var report: String? { renderReport() }
}

/// The commands (LANGUAGE.md "Optimisation commands" and "Plots"):
/// `descend` … `save`, each read through its typed options, run, and
/// reported. It keeps the objectives it has compiled, so running a loss
/// again costs no compilation.
final class CommandRunner {
    let evaluator: Evaluator
    /// Compiled objectives of functions already optimised (see `ObjectiveCache`).
    var objectiveCache = ObjectiveCache()
    /// The objective each subject last resolved to, with the bindings the
    /// resolution read and their versions (see `objective`).
    var resolvedObjectives: [String: (reads: [String: UInt64], objective: FunctionObjective)] = [:]

    init(evaluator: Evaluator) { self.evaluator = evaluator }

    deinit {
        // A compiled objective holds formulas as deep as the user's: free
        // them on a large stack (see `LargeStack`).
        var cache = objectiveCache
        var resolved = resolvedObjectives
        objectiveCache = ObjectiveCache()
        resolvedObjectives = [:]
        LargeStack.run {
            cache.removeAll()
            resolved.removeAll()
        }
    }

    var io: SessionIO { evaluator.io }

    func evaluate(_ expression: ExpressionSyntax) throws -> Value { try evaluator.evaluate(expression) }

    /// `reset`: the bindings the objectives were compiled against are gone.
    func forgetCompiledObjectives() {
        objectiveCache.removeAll()
        resolvedObjectives = [:]
    }
}

extension CommandRunner {
    func run(_ command: Command) throws -> CommandResult {
        switch command.name {
        case .descend: return try runDescend(command)
        case .minimize: return try runMinimize(command)
        case .gradcheck: return try runGradientCheck(command)
        case .classify: return try runClassify(command)
        case .stationary: return try runStationary(command)
        case .solve: return try runSolve(command)
        case .sgd: return try runSGD(command)
        case .search: return try runSearch(command)
        case .compare: return try runComparison(command)
        case .schedule: return try runSchedule(command)
        case .plot: return try runPlot(command)
        case .save: return try runSave(command)
        }
    }

    // MARK: Options

    func number(_ command: Command, _ key: OptionKeyword) throws -> Double? {
        let keyword = key.rawValue
        guard let option = command.option(key), let expression = option.expression else { return nil }
        guard let x = try evaluate(expression).scalar, x.isFinite else {
            throw Diagnostic(.invalidArgument, "'\(keyword)' takes a finite number", at: expression.range)
        }
        return x
    }

    func positive(_ command: Command, _ key: OptionKeyword) throws -> Double? {
        guard let x = try number(command, key) else { return nil }
        guard x > 0 else { throw Diagnostic(.invalidArgument, "'\(key.rawValue)' must be positive", at: command.option(key)?.range) }
        return x
    }

    func count(_ command: Command, _ key: OptionKeyword, limit: Int, minimum: Int = 0) throws -> Int? {
        guard let x = try number(command, key) else { return nil }
        guard x.rounded() == x, x >= Double(minimum), x <= Double(limit) else {
            throw Diagnostic(.invalidArgument, "'\(key.rawValue)' takes a whole number from \(minimum) to \(limit)", at: command.option(key)?.range)
        }
        return Int(x)
    }

    /// `from P`, `at P`: a vector of the parameters' values in order, or one
    /// number for all of them.
    func point(_ command: Command, _ key: OptionKeyword, parameters: [String]) throws -> [Double]? {
        let keyword = key.rawValue
        guard let option = command.option(key), let expression = option.expression else { return nil }
        switch try evaluate(expression) {
        case .number(let x): return [Double](repeating: x, count: parameters.count)
        case .vector(let v) where v.count == parameters.count: return v
        case .vector(let v):
            throw Diagnostic(.shapeMismatch, "'\(keyword)' has \(v.count) values for \(parameters.count) parameter\(parameters.count == 1 ? "" : "s") (\(parameters.joined(separator: ", ")))", at: expression.range)
        case let other:
            throw Diagnostic(.typeMismatch, "'\(keyword)' takes a number or a vector, not \(other.kindName)", at: expression.range)
        }
    }

    /// The objective of an optimisation command: a function (a name, or any
    /// expression giving one: `F on T`, `grad`-free forms), per row over the
    /// table of `on T` when given. Its formula is resolved now; a function
    /// already compiled with the same resolved formula is reused.
    func objective(_ command: Command) throws -> FunctionObjective {
        // Resolving the same subject again gives the same formula while no
        // binding the resolution read has changed: reuse its objective
        // without resolving (resolving cost more than a 1000-step descent
        // of a small function). Objectives over a table are resolved each
        // time, as they are never cached (see `ObjectiveCache`).
        let subject = command.subjects[0].description
        // Only the subject and the bindings decide the resolution: `on` and
        // `reduce` are read by it, so a command with either resolves anew.
        let overTable = command.option(.on) != nil || command.option(.reduce) != nil
        if !overTable, let known = resolvedObjectives[subject], evaluator.environment.isCurrent(known.reads) {
            known.objective.range = command.range
            return known.objective
        }
        evaluator.recordedReads = [:]
        defer { evaluator.recordedReads = nil }
        let (objective, overRows) = try shapedStartHint(command) { try resolvedObjective(command) }
        if !overTable, !overRows, let reads = evaluator.recordedReads {
            if resolvedObjectives.count >= 64 { resolvedObjectives = [:] }
            resolvedObjectives[subject] = (reads, objective)
        }
        return objective
    }

    /// The objective of `command` resolved now, and whether it runs over a
    /// table's rows.
    private func resolvedObjective(_ command: Command) throws -> (FunctionObjective, overRows: Bool) {
        let (function, name, table, tableName) = try objectiveSubject(command)
        let subject = command.subjects[0]
        // `reduce sum`: the rows' losses added (deck 004's Σ form), not averaged.
        let sums = command.option(.reduce)?.word == "sum"
        if let option = command.option(.reduce), table == nil {
            throw Diagnostic(.invalidArgument, "'reduce' goes with a table: F on T reduce sum", at: option.range)
        }
        let resolved = try FunctionObjective.resolve(evaluator: evaluator, function: function, name: name, nameRange: subject.range, table: table, tableName: tableName)
        // Missing values make the loss nan from the start: say which column
        // holds them before a run reports divergence or a nan minimiser.
        for (column, value) in resolved.columns.sorted(by: { $0.key < $1.key }) {
            guard case .vector(let values) = value else { continue }
            let missing = missingCount(values, asIn: table?.column(named: column))
            guard missing > 0 else { continue }
            let range = command.option(.on)?.expression?.range ?? subject.range
            throw Diagnostic(.dataError, "column '\(column)' of \(tableName ?? "the table") has \(missing) missing value\(missing == 1 ? "" : "s") (nan) of \(values.count)",
                             at: range, notes: ["the loss would be nan from the start: drop or fill those rows first"])
        }
        let key = ObjectiveCache.Key(parameters: resolved.parameters, formula: resolved.formula.formula)
        if table == nil, let cached = objectiveCache.objective(for: key) {
            cached.range = command.range
            return (cached, false)
        }
        let objective = try FunctionObjective(name: name, parameters: resolved.parameters, formula: resolved.formula, columns: resolved.columns,
                                              rowCount: resolved.rowCount, sumsRows: sums, at: command.range)
        if table == nil { objectiveCache.store(objective, for: key) }
        return (objective, table != nil)
    }

    /// The NaNs in `values`: the count `load` took of the table's column
    /// when `values` is that column's very storage (a scan of 10^6 rows per
    /// command cost more than a tenth of a full-batch step), else counted.
    private func missingCount(_ values: [Double], asIn column: Column?) -> Int {
        if case .numeric(let stored, let missing)? = column?.content, stored.count == values.count,
           stored.withUnsafeBufferPointer({ $0.baseAddress }) == values.withUnsafeBufferPointer({ $0.baseAddress }) {
            return missing
        }
        return values.reduce(0) { $1.isNaN ? $0 + 1 : $0 }
    }

    /// The function an optimisation command optimises and the table it
    /// runs over (`on T`, or the table of `F on T`).
    func objectiveSubject(_ command: Command) throws -> (function: Function, name: String, table: Table?, tableName: String?) {
        let subject = command.subjects[0]
        let name = subject.name ?? subject.description
        let function: Function
        switch subject.name.flatMap(evaluator.global) {
        case .function(let f)?:
            function = f
        case let other?:
            throw Diagnostic(.typeMismatch, "'\(name)' is \(other.kindName), not a function", at: subject.range)
        case nil:
            if let bare = subject.name {
                let bindings = evaluator.environment.globals
                let suggestion = closestMatch(to: bare, among: bindings.keys.filter {
                    if case .function = bindings[$0] { return true } else { return false }
                })
                throw Diagnostic(.unknownName, "'\(bare)' is not a function you defined", at: subject.range,
                                 notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? []) + ["define it first, as \(bare)(x) = (x - 2)^2"])
            }
            guard case .function(let f) = try evaluate(subject) else {
                throw Diagnostic(.invalidArgument, "\(command.name.rawValue) takes the name of a function you defined", at: subject.range,
                                 notes: ["define it first: F(x) = …, then \(command.name.rawValue) F …"])
            }
            function = f
        }
        return try objectiveTable(command, function, name)
    }

    /// The per-row function and the table of `on T` (or of `F on T`), when there is one.
    private func objectiveTable(_ command: Command, _ function: Function, _ name: String) throws
        -> (function: Function, name: String, table: Table?, tableName: String?)
    {
        var table: Table?
        var tableName: String?
        if let on = command.option(.on)?.expression {
            guard case .table(let t) = try evaluate(on) else {
                throw Diagnostic(.typeMismatch, "'on' takes a table", at: on.range, notes: ["load one with t = load(\"file.csv\")"])
            }
            table = t
            tableName = on.description
        }
        var perRow = function
        if table == nil, case .dataBound(let bound) = function {
            // `descend (F on T)` is `descend F on T`.
            perRow = bound.function
            table = bound.table
            tableName = bound.tableName
        }
        return (perRow, name, table, tableName)
    }

    func decay(_ command: Command, rate: Double) throws -> LearningRateDecay? {
        guard let option = command.option(.decay), let kind = option.word, let expression = option.expression else {
            if let final = command.option(.final) {
                throw Diagnostic(.invalidArgument, "'final' goes with 'decay linear ρ'", at: final.range)
            }
            return nil
        }
        guard let rho = try evaluate(expression).scalar, rho.isFinite, rho >= 0 else {
            throw Diagnostic(.invalidArgument, "the decay rate ρ must be a number ≥ 0", at: expression.range)
        }
        switch kind {
        case "linear": return .linear(steps: rho, final: try number(command, .final))
        case "inverse": return .inverse(rho)
        default: return .exponential(rho)
        }
    }

    /// One value per parameter: a number for one parameter, else a vector.
    func parameterValue(_ x: [Double]) -> Value { x.count == 1 ? .number(x[0]) : .vector(x) }

    /// Points along a path: a vector for one parameter, else a matrix of rows.
    func pathValue(_ path: [[Double]]) -> Value {
        if path.first?.count == 1 { return .vector(path.map { $0[0] }) }
        return .matrix(Matrix(rows: path))
    }

    /// As `pathValue(_: [[Double]])`, sharing the path's storage.
    func pathValue(_ path: PointPath) -> Value {
        if path.dimension == 1 { return .vector(path.coordinates) }
        return .matrix(Matrix(rows: path.count, columns: path.dimension, elements: path.coordinates))
    }

    func optimizeError(_ error: Error, _ command: Command) -> Diagnostic {
        if let diagnostic = error as? Diagnostic { return diagnostic }
        return Diagnostic(.invalidArgument, "\(error)", at: command.range)
    }

    // MARK: descend

    /// `optimizer NAME` and the rules' hyperparameters (`momentum`, `beta1`,
    /// `beta2`, `eps`, `rho`), read the same way by descend and sgd.
    func updateRule(_ command: Command) throws -> UpdateRule {
        let momentum = try number(command, .momentum), beta1 = try number(command, .beta1), beta2 = try number(command, .beta2)
        let epsilon = try number(command, .eps), rho = try number(command, .rho)
        do {
            return try UpdateRule.named(command.option(.optimizer)?.word, momentum: momentum, beta1: beta1, beta2: beta2, epsilon: epsilon, rho: rho)
        } catch {
            throw Diagnostic(.invalidArgument, error.message, at: OptionKeyword(rawValue: error.keyword).flatMap { command.option($0)?.range } ?? command.range,
                             notes: error.note.map { [$0] } ?? [])
        }
    }

    /// The rule and its hyperparameters as result fields: `optimizer`, then each setting.
    func ruleFields(_ rule: UpdateRule) -> [(name: String, value: Value)] {
        [("optimizer", .string(rule.name))] + rule.settings.map { ($0.name, .number($0.value)) }
    }

    func runDescend(_ command: Command) throws -> CommandResult {
        if let start = try namedStart(command, .from) { return try runShapedDescend(command, start) }
        let objective = try objective(command)
        let start = try point(command, .from, parameters: objective.parameterNames) ?? []
        let (options, every) = try descendOptions(command)
        let result: DescendResult
        do {
            result = try descend(objective, from: start, options: options)
        } catch {
            throw optimizeError(error, command)
        }
        return CommandResult(report: renderDescendReport(result, every: every), value: .record(descentRecord(result, rate: options.rate)),
                             interrupted: result.interrupted)
    }

    /// descend's options (`rate`, `steps`, `tol`, the rule, `decay`, `linesearch`) and `every`.
    func descendOptions(_ command: Command) throws -> (DescendOptions, every: Int?) {
        let rate = try positive(command, .rate) ?? 0.1
        let rule = try updateRule(command)
        if let search = command.option(.linesearch) ?? command.option(.exact) {
            switch rule {
            case .plain, .momentum: break
            default:
                throw Diagnostic(.invalidArgument, "linesearch goes with the plain and momentum rules, not \(rule.name)", at: search.range,
                                 notes: ["the adaptive rules scale each coordinate's step themselves"])
            }
        }
        let options = DescendOptions(rate: rate, steps: try count(command, .steps, limit: 1_000_000),
                                     tolerance: try positive(command, .tol), decay: try decay(command, rate: rate),
                                     lineSearch: command.option(.linesearch) != nil, rule: rule, exactLineSearch: command.option(.exact) != nil)
        return (options, try count(command, .every, limit: 1_000_000, minimum: 1))
    }

    func descentRecord(_ result: DescendResult, rate: Double) -> Record {
        Record(kind: .descent, fields: [
            ("x", parameterValue(result.x)), ("fun", .number(result.fun)), ("path", pathValue(result.path)),
            ("losses", .vector(result.losses)), ("steps", .number(Double(result.steps))),
            ("converged", .boolean(result.converged)), ("reason", .string(result.reason)), ("rate", .number(rate)), ("rates", .vector(result.rates)),
        ] + ruleFields(result.rule), run: .descent(result))
    }

    // MARK: minimize

    func runMinimize(_ command: Command) throws -> CommandResult {
        if let start = try namedStart(command, .from) { return try runShapedMinimize(command, start) }
        let objective = try objective(command)
        let start = try point(command, .from, parameters: objective.parameterNames) ?? []
        let options = try minimizeOptions(command)
        let result: MinimizeResult
        do {
            result = try minimize(objective, from: start, options: options)
        } catch {
            throw optimizeError(error, command)
        }
        var fields: [(name: String, value: Value)] = [
            ("message", .string(result.message)), ("success", .boolean(result.success)), ("fun", .number(result.fun)),
            ("x", parameterValue(result.x)), ("nit", .number(Double(result.nit))),
        ]
        if let jac = result.jac { fields.append(("jac", parameterValue(jac))) }
        fields += [("nfev", .number(Double(result.nfev))), ("njev", .number(Double(result.njev))),
                   ("status", .number(Double(result.status.rawValue)))]
        if let hessInv = result.hessInv { fields.append(("hess_inv", .matrix(Matrix(rows: hessInv)))) }
        fields.append(("losses", .vector(result.losses)))
        return CommandResult(report: renderMinimizeReport(result), value: .record(Record(kind: .minimisation, fields: fields, run: .minimize(result))),
                             interrupted: result.interrupted)
    }

    /// minimize's options: `method`, `tol`, `maxiter`.
    func minimizeOptions(_ command: Command) throws -> MinimizeOptions {
        let method = command.option(.method)?.word.flatMap(MinimizeMethod.init(name:)) ?? .bfgs
        return MinimizeOptions(method: method, tolerance: try positive(command, .tol),
                               maxIterations: try count(command, .maxiter, limit: 10_000_000, minimum: 1))
    }

    // MARK: gradcheck, classify, stationary, solve

    func runGradientCheck(_ command: Command) throws -> CommandResult {
        if let at = try namedStart(command, .at) { return try runShapedGradientCheck(command, at) }
        let objective = try objective(command)
        let at = try point(command, .at, parameters: objective.parameterNames) ?? []
        var supplied: (([Double]) throws -> [Double])?
        if let gradOption = command.option(.grad)?.expression {
            guard case .function(let g) = try evaluate(gradOption) else {
                throw Diagnostic(.typeMismatch, "'grad' takes a function returning the gradient vector", at: gradOption.range)
            }
            let range = gradOption.range
            supplied = { x in
                let value = try self.evaluator.apply(g, x.map { .number($0) }, Scope(locals: [:], columns: objective.columns), at: range, argumentRanges: [])

                switch value {
                case .vector(let v): return v
                case .number(let n): return [n]
                default: throw Diagnostic(.typeMismatch, "the gradient function gives \(value.kindName), not a vector", at: range)
                }
            }
        }
        let result: GradientCheckResult
        do {
            result = try gradientCheck(objective, at: at, suppliedGradient: supplied, step: try positive(command, .h),
                                       forward: command.option(.forward) != nil)
        } catch {
            throw optimizeError(error, command)
        }
        let record = Record(kind: .gradientCheck, fields: [
            ("analytic", .vector(result.analytic)), ("numeric", .vector(result.numeric)),
            ("errors", .vector(result.relativeErrors)), ("verdict", .string(result.summary)),
        ])
        return CommandResult(report: renderGradientCheckReport(result), value: .record(record))
    }

    func classificationRecord(_ c: PointClassification) -> Record {
        Record(kind: .classification, fields: [
            ("x", parameterValue(c.point)), ("fun", .number(c.value)), ("gradient", .vector(c.gradient)),
            ("eigenvalues", .vector(c.eigenvalues)), ("kind", .string(c.kind.rawValue)),
        ])
    }

    func runClassify(_ command: Command) throws -> CommandResult {
        let objective = try objective(command)
        let at = try point(command, .at, parameters: objective.parameterNames) ?? []
        do {
            let c = try classifyPoint(objective, at: at)
            return CommandResult(report: renderClassification(c), value: .record(classificationRecord(c)))
        } catch {
            throw optimizeError(error, command)
        }
    }

    func runStationary(_ command: Command) throws -> CommandResult {
        let objective = try objective(command)
        do {
            if command.option(.to) != nil {
                guard objective.parameterNames.count == 1 else {
                    throw Diagnostic(.invalidArgument, "'from a to b' scans one parameter; this function has \(objective.parameterNames.count)", at: command.range,
                                     notes: ["use 'stationary F from P' for Newton's method from a point"])
                }
                let a = try number(command, .from) ?? 0, b = try number(command, .to) ?? 0
                guard a < b else { throw Diagnostic(.invalidArgument, "the range must run from a smaller to a larger number", at: command.option(.to)?.range) }
                let points = try stationaryPoints(of: objective, from: a, to: b)
                let record = Record(kind: .stationaryPoints, fields: [
                    ("x", .vector(points.map(\.x))), ("fun", .vector(points.map(\.value))),
                    ("minima", .vector(points.filter { $0.kind == .minimum }.map(\.x))),
                    ("maxima", .vector(points.filter { $0.kind == .maximum }.map(\.x))),
                ])
                return CommandResult(report: renderStationaryPoints(points, parameterName: objective.parameterNames[0], from: a, to: b), value: .record(record))
            }
            let start = try point(command, .from, parameters: objective.parameterNames) ?? []
            let result = try newtonStationaryPoint(objective, from: start)
            var record = classificationRecord(result.classification)
            record.kind = .stationaryPoint
            record.fields.append(("converged", .boolean(result.converged)))
            return CommandResult(report: renderNewtonStationary(result), value: .record(record))
        } catch {
            throw optimizeError(error, command)
        }
    }

    func runSolve(_ command: Command) throws -> CommandResult {
        if let start = try namedStart(command, .from) { return try runShapedSolve(command, start) }
        if let from = command.option(.from) {
            throw Diagnostic(.invalidArgument, "solve takes 'from' only to give vector or matrix parameters their shapes, by name: from (θ = zeros(4))", at: from.range)
        }
        let objective = try objective(command)
        do {
            _ = try objective.body.quadraticForm(in: objective.parameterNames)
        } catch {
            throw Diagnostic(.invalidArgument, "solve needs an objective quadratic in its parameters: \(error)", at: command.subjects[0].range,
                             notes: ["use descend or minimize for other objectives"])
        }
        do {
            let solution = try solveQuadratic(objective)
            var report = "exact minimiser from the normal equations:\n"
            // Twelve significant digits: the closed form's last bits are rounding
            // (2 prints as 2, not 1.9999999999999998); `.x` keeps every bit.
            for (name, value) in zip(objective.parameterNames, solution.x) { report += "  \(name) = \(formatNumber(value, significantDigits: 12))\n" }
            report += "  loss = \(formatNumber(solution.fun, significantDigits: 12))"
            if let warning = solution.conditionWarning { report += "\nwarning: \(warning)" }
            let record = Record(kind: .solution, fields: [("x", parameterValue(solution.x)), ("fun", .number(solution.fun))])
            return CommandResult(report: report, value: .record(record))
        } catch {
            throw optimizeError(error, command)
        }
    }

}
