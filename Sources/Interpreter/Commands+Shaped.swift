import Core
import Data
import Diagnostics
import Numeric
import Optimize
import Syntax
import Training

/// descend, minimize, sgd and gradcheck for functions whose parameters are
/// vectors or matrices (LANGUAGE.md "Shaped parameters"): the start point
/// names each parameter's value, `from (W = zeros(3, 4), b = zeros(3))`,
/// which fixes its shape. The run itself is the scalar one on the
/// parameters flattened in order; results give them back by name (`r.W`),
/// and `r.x` holds them all, a start point for the next run.
extension CommandRunner {
    /// The start point of `from` (or `at`) when it names its values: `(W = …, b = …)`, or a result's `.x`.
    func namedStart(_ command: Command, _ key: OptionKeyword) throws -> Record? {
        guard let expression = command.option(key)?.expression else { return nil }
        if case .record(let record) = try evaluate(expression), record.kind == .namedValues { return record }
        return nil
    }

    /// Runs `body`, resolving an objective of number parameters; when it
    /// fails because a parameter, a symbolic number there, meets a vector
    /// or matrix (`W @ x`), the function needs a vector or matrix for it:
    /// the error then says to give the start by name, which sets each
    /// parameter's shape. (Those errors are of kind `symbolicOperand`.)
    func shapedStartHint<T>(_ command: Command, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var diagnostic as Diagnostic where diagnostic.kind == .symbolicOperand {
            guard case .user(let f)? = try? objectiveSubject(command).function else { throw diagnostic }
            let key: OptionKeyword = command.option(.at) != nil ? .at : .from
            let example = "\(key.rawValue) (\(f.parameters.map { "\($0) = zeros(…)" }.joined(separator: ", ")))"
            diagnostic.notes.insert("'\(f.name)' uses a parameter as a vector or matrix: give each parameter's start by name, "
                                    + "\(example), which sets its shape", at: 0)
            throw diagnostic
        }
    }

    /// The objective and the flat start of a run with named parameters.
    func shapedObjective(_ command: Command, start: Record, key: OptionKeyword) throws -> (ShapedObjective, [Double]) {
        let (function, name, table, tableName) = try objectiveSubject(command)
        let subject = command.subjects[0]
        guard case .user(let f) = function else {
            throw Diagnostic(.typeMismatch, "'\(name)' must be a function you defined, with named parameters", at: subject.range)
        }
        if let option = command.option(.reduce) {
            throw Diagnostic(.invalidArgument, "'reduce sum' is not available with parameters given by name", at: option.range)
        }
        let range = command.option(key)?.expression?.range ?? command.range
        let (shapes, flat) = try startShapes(of: f, start, at: range)
        if let table {
            for column in table.columns where f.parameters.contains(column.name) {
                io.warn("parameter '\(column.name)' hides the column of the same name in \(tableName ?? "the table")", at: subject.range)
            }
        }
        let objective = try ShapedObjective(evaluator: evaluator, function: f, shapes: shapes, table: table, at: subject.range)
        try objective.requireScalar(at: subject.range)
        return (objective, flat)
    }

    /// Each parameter's shape and the flat point, from values given by name.
    func startShapes(of f: UserFunction, _ start: Record, at range: SourceRange) throws -> ([TensorShape], [Double]) {
        for field in start.fields where !f.parameters.contains(field.name) {
            throw Diagnostic(.invalidArgument, "'\(field.name)' is not a parameter of '\(f.name)' (its parameters: \(f.parameters.joined(separator: ", ")))", at: range)
        }
        var shapes: [TensorShape] = []
        var flat: [Double] = []
        for parameter in f.parameters {
            guard let value = start.field(parameter) else {
                throw Diagnostic(.invalidArgument, "the start gives no value for '\(parameter)'", at: range,
                                 notes: ["give every parameter of '\(f.name)' by name: (\(f.parameters.map { "\($0) = …" }.joined(separator: ", ")))"])
            }
            guard let (shape, elements) = ShapedObjective.shape(of: value) else {
                throw Diagnostic(.typeMismatch, "'\(parameter)' must start at a number, vector or matrix, not \(value.kindName)", at: range)
            }
            guard shape.count > 0 else { throw Diagnostic(.invalidArgument, "'\(parameter)' has no elements", at: range) }
            shapes.append(shape)
            flat += elements
        }
        return (shapes, flat)
    }

    /// The parameters by name, then `x`: all of them as one start point.
    func shapedFields(_ objective: ShapedObjective, _ x: [Double]) -> [(name: String, value: Value)] {
        let values = objective.values(x)
        let named = Array(zip(objective.parameters, values)).map { (name: $0.0, value: $0.1) }
        return named + [("x", .record(Record(kind: .namedValues, fields: named)))]
    }

    // MARK: descend

    func runShapedDescend(_ command: Command, _ start: Record) throws -> CommandResult {
        let (objective, x0) = try shapedObjective(command, start: start, key: .from)
        let (options, every) = try descendOptions(command)
        let result: DescendResult
        do {
            result = try descend(objective, from: x0, options: options)
        } catch {
            throw optimizeError(error, command)
        }
        let reason = compactReason(result.reason, objective, result.x)
        let fields = shapedFields(objective, result.x) + [
            ("fun", .number(result.fun)), ("losses", .vector(result.losses)), ("steps", .number(Double(result.steps))),
            ("converged", .boolean(result.converged)), ("reason", .string(reason)), ("rate", .number(options.rate)),
            ("rates", .vector(result.rates)),
        ] + ruleFields(result.rule)
        let report = {
            let header = ["step", "loss", "‖∇F‖"]
            let rows = descendReportSteps(totalSteps: result.steps, every: every).filter { $0 < result.losses.count }.map { step in
                [String(step), formatTableCell(result.losses[step]), formatTableCell(result.gradientNorms[step])]
            }
            return renderAlignedTable(header: header, rows: rows) + "\n" + reason
        }
        return CommandResult(report: report(), value: .record(Record(kind: .descent, fields: fields)), interrupted: result.interrupted)
    }

    /// A run's sentence with the flat point (`x = [a, b, …]`) replaced by the parameters by name.
    func compactReason(_ reason: String, _ objective: ShapedObjective, _ x: [Double]) -> String {
        let flat = "x = " + (x.count == 1 ? formatTableCell(x[0]) : "[" + x.map(formatTableCell).joined(separator: ", ") + "]")
        return reason.replacingOccurrences(of: flat, with: compactParameters(objective, x))
    }

    /// `W = [[0.1, 0.2], [0.3, 0.4]], b = [0, 1]`, a large one as its shape and size:
    /// `W = 10×64 matrix (‖W‖ = 3.21)`.
    func compactParameters(_ objective: ShapedObjective, _ x: [Double]) -> String {
        zip(objective.parameters, objective.values(x)).map { name, value in
            "\(name) = \(compactValue(value, name: name))"
        }.joined(separator: ", ")
    }

    func compactValue(_ value: Value, name: String) -> String {
        let short = { (x: Double) in formatNumber(x, significantDigits: 4) }
        switch value {
        case .vector(let v) where v.count <= 12:
            return "[" + v.map(short).joined(separator: ", ") + "]"
        case .matrix(let m) where m.elements.count <= 12:
            return "[" + m.rowArrays.map { "[" + $0.map(short).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        case .vector(let v):
            return "a vector of \(v.count) (‖\(name)‖ = \(short(v.reduce(0) { $0 + $1 * $1 }.squareRoot())))"
        case .matrix(let m):
            return "a \(m.rows)×\(m.columns) matrix (‖\(name)‖ = \(short(m.elements.reduce(0) { $0 + $1 * $1 }.squareRoot())))"
        default:
            return value.scalar.map(short) ?? value.formatted()
        }
    }

    // MARK: minimize

    func runShapedMinimize(_ command: Command, _ start: Record) throws -> CommandResult {
        let (objective, x0) = try shapedObjective(command, start: start, key: .from)
        var options = try minimizeOptions(command)
        // Classifying where it stopped takes 2n gradients without a Hessian: only for small models.
        options.classifiesStoppingPoint = x0.count <= ShapedObjective.classificationLimit
        let result: MinimizeResult
        do {
            result = try minimize(objective, from: x0, options: options)
        } catch {
            throw optimizeError(error, command)
        }
        var fields: [(name: String, value: Value)] = [
            ("message", .string(result.message)), ("success", .boolean(result.success)), ("fun", .number(result.fun)),
        ] + shapedFields(objective, result.x) + [("nit", .number(Double(result.nit)))]
        if let jac = result.jac {
            fields.append(("jac", .record(Record(kind: .namedValues, fields: Array(zip(objective.parameters, objective.values(jac))).map { (name: $0.0, value: $0.1) }))))
        }
        fields += [("nfev", .number(Double(result.nfev))), ("njev", .number(Double(result.njev))),
                   ("status", .number(Double(result.status.rawValue))), ("losses", .vector(result.losses))]
        var lines = ["message: \(result.message)", "success: \(result.success)", "fun: \(formatNumber(result.fun))"]
        for (name, value) in zip(objective.parameters, objective.values(result.x)) { lines.append("\(name): \(compactValue(value, name: name))") }
        lines += ["nit: \(result.nit)", "nfev: \(result.nfev)", "njev: \(result.njev)"]
        if result.method == .newton { lines.append("nhev: \(result.nhev)") }
        if let kind = result.pointKind { lines.append("stopped at: \(kind.description)") }
        return CommandResult(report: lines.joined(separator: "\n"), value: .record(Record(kind: .minimisation, fields: fields)),
                             interrupted: result.interrupted)
    }

    // MARK: sgd

    func runShapedSGD(_ command: Command, _ start: Record) throws -> CommandResult {
        let (objective, x0) = try shapedObjective(command, start: start, key: .from)
        guard objective.perRow else { throw sgdNeedsTable(command) }
        if let every = command.option(.every), every.word == "step" {
            throw Diagnostic(.invalidArgument, "'every step' is not available with parameters given by name", at: every.range)
        }
        let configuration = try sgdConfiguration(command)
        let result = try runSGD(objective, from: x0, configuration, command)
        let fields = shapedFields(objective, result.x) + [
            ("fun", .number(result.fun)), ("losses", .vector(result.losses)), ("epochs", .number(Double(result.epochs))),
            ("steps", .number(Double(result.steps))), ("reason", .string(result.reason)), ("rate", .number(configuration.rate)),
        ] + ruleFields(configuration.optimizer)
        var interrupted = false
        if case .interrupted = result.stop { interrupted = true }
        let report = {
            var rows = reportRows(total: result.epochs, every: configuration.reportEvery).map { [String($0), formatNumber(result.losses[$0], significantDigits: 6)] }
            if result.endsInsideEpoch, let last = result.losses.last {
                rows.append(["\(result.epochs + 1) (part)", formatNumber(last, significantDigits: 6)])
            }
            return renderAlignedTable(header: ["epoch", "loss"], rows: rows, rule: false) + "\n" + result.reason
                + "\n" + self.compactParameters(objective, result.x)
        }
        return CommandResult(report: report(), value: .record(Record(kind: .sgdRun, fields: fields)), interrupted: interrupted)
    }

    // MARK: gradcheck

    func runShapedGradientCheck(_ command: Command, _ at: Record) throws -> CommandResult {
        if let option = command.option(.grad) {
            throw Diagnostic(.invalidArgument, "'grad G' is not available with parameters given by name", at: option.range)
        }
        let (objective, x) = try shapedObjective(command, start: at, key: .at)
        let result: GradientCheckResult
        do {
            result = try gradientCheck(objective, at: x, suppliedGradient: nil, step: try positive(command, .h), forward: command.option(.forward) != nil)
        } catch {
            throw optimizeError(error, command)
        }
        func named(_ flat: [Double]) -> Value {
            .record(Record(kind: .namedValues, fields: Array(zip(objective.parameters, objective.values(flat))).map { (name: $0.0, value: $0.1) }))
        }
        let record = Record(kind: .gradientCheck, fields: [
            ("analytic", named(result.analytic)), ("numeric", named(result.numeric)),
            ("errors", .vector(result.relativeErrors)), ("verdict", .string(result.summary)),
        ])
        return CommandResult(report: renderGradientCheckReport(result), value: .record(record))
    }
}

extension ShapedObjective {
    /// Up to this many numbers, minimize classifies where it stopped.
    static let classificationLimit = 50
}

/// A number for report tables: eight significant digits, zero as `0` (Optimize's cells).
func formatTableCell(_ value: Double) -> String { value == 0 ? "0" : formatNumber(value, significantDigits: 8) }

/// Right-aligned columns under a header, with a rule of dashes (as descend's
/// table) or without (as sgd's).
func renderAlignedTable(header: [String], rows: [[String]], rule: Bool = true) -> String {
    var widths = header.map(\.count)
    for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in String(repeating: " ", count: max(0, widths[i] - cell.count)) + cell }.joined(separator: "  ")
    }
    var lines = [line(header)]
    if rule { lines.append(line(widths.map { String(repeating: "-", count: $0) })) }
    lines += rows.map(line)
    return lines.joined(separator: "\n")
}

extension CommandRunner {
    /// `solve F [on T] from (θ = zeros(n))`: the exact minimiser of an
    /// objective quadratic in its (vector) parameters — least squares,
    /// ridge — from its normal equations H θ = −∇F(0). The gradient of a
    /// quadratic is affine, ∇F(θ) = ∇F(0) + H θ, so H's columns are
    /// ∇F(eₖ) − ∇F(0), each gradient exact (reverse mode); a check at one
    /// more point tells a quadratic from anything else.
    func runShapedSolve(_ command: Command, _ start: Record) throws -> CommandResult {
        let (objective, x0) = try shapedObjective(command, start: start, key: .from)
        let n = x0.count
        guard n <= 2000 else {
            throw Diagnostic(.invalidArgument, "solve builds an n×n system: at most 2000 numbers, not \(n)", at: command.range, notes: ["use descend, minimize or sgd"])
        }
        let origin = [Double](repeating: 0, count: n)
        let g0 = try objective.gradient(origin)
        var columns: [[Double]] = []
        for k in 0..<n {
            if Interrupt.isRequested { throw Diagnostic(.interrupted, "interrupted while building the normal equations", at: command.range) }
            var unit = origin
            unit[k] = 1
            columns.append(zip(try objective.gradient(unit), g0).map { $0 - $1 })
        }
        let hessian = (0..<n).map { i in (0..<n).map { j in columns[j][i] } }
        // A quadratic's gradient at another point is the affine prediction (to rounding).
        let probe = (0..<n).map { 0.5 + 0.25 * Double($0 % 3) }
        let predicted = (0..<n).map { i in g0[i] + (0..<n).reduce(0.0) { $0 + hessian[i][$1] * probe[$1] } }
        let actual = try objective.gradient(probe)
        let scale = max(1, actual.map(abs).max() ?? 0, predicted.map(abs).max() ?? 0)
        if let worst = zip(actual, predicted).map({ abs($0 - $1) }).max(), worst > 1e-7 * scale {
            throw Diagnostic(.invalidArgument, "solve needs an objective quadratic in its parameters; '\(objective.name)' is not (its gradient is not linear)",
                             at: command.subjects[0].range, notes: ["use descend or minimize for other objectives"])
        }
        let solution: [Double]
        do {
            solution = try solveLinearSystem(hessian, g0.map { -$0 })
        } catch {
            throw Diagnostic(.invalidArgument, "solve: the normal equations have no unique solution (\(error.description))", at: command.range,
                             notes: ["a ridge term λ*sum(θ^2) makes them solvable"])
        }
        let loss = try objective.value(solution)
        var report = "exact minimiser from the normal equations:\n"
        for (name, value) in zip(objective.parameters, objective.values(solution)) {
            let text: String
            switch value {
            case .vector(let v): text = "[" + v.map { formatNumber($0, significantDigits: 12) }.joined(separator: ", ") + "]"
            default: text = compactValue(value, name: name)
            }
            report += "  \(name) = \(text)\n"
        }
        report += "  loss = \(formatNumber(loss, significantDigits: 12))"
        let record = Record(kind: .solution, fields: shapedFields(objective, solution) + [("fun", .number(loss))])
        return CommandResult(report: report, value: .record(record))
    }
}
