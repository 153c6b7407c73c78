import Core
import Data
import Diagnostics
import Numeric
import Optimize
import Symbolic
import Syntax

/// A user's function as an optimisation objective. The value follows the
/// formula exactly as written (values match Python's); the gradient and
/// Hessian are the simplified symbolic derivatives, evaluated from their
/// printed form. With `on TABLE` the function is a per-row loss: its
/// columns are bound row-wise (as vectors) and the objective is the mean
/// over the rows.
final class FunctionObjective: Objective {
    let session: Session
    let function: UserFunction
    let parameterNames: [String]
    let columns: [String: Value]
    let rowCount: Int?
    let gradientFunction: DerivedFunction
    /// The command being run, where evaluation errors point (updated when a cached objective is reused).
    var range: SourceRange
    let body: Expr

    init(session: Session, name: String, nameRange: SourceRange, table: Table?, tableName: String?, at range: SourceRange) throws {
        guard case .function(let value)? = session.globals[name] else {
            if session.globals[name] == nil {
                let suggestion = closestMatch(to: name, among: session.globals.keys.filter {
                    if case .function(.user) = session.globals[$0] { return true } else { return false }
                })
                throw Diagnostic(.unknownName, "'\(name)' is not a function you defined", at: nameRange,
                                 notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? []) + ["define it first, as \(name)(x) = (x - 2)^2"])
            }
            throw Diagnostic(.typeMismatch, "'\(name)' is \(session.globals[name]?.kindName ?? "unbound"), not a function", at: nameRange)
        }
        guard case .user(let function) = value else {
            throw Diagnostic(.typeMismatch, "'\(name)' must be a function you defined, with named parameters", at: nameRange)
        }
        self.session = session
        self.function = function
        self.parameterNames = function.parameters
        self.range = range
        var columns: [String: Value] = [:]
        var bindings = Dictionary(uniqueKeysWithValues: function.parameters.map { ($0, Expr.symbol($0)) })
        if let table {
            for column in table.columns {
                if function.parameters.contains(column.name) {
                    session.warn("parameter '\(column.name)' hides the column of the same name in \(tableName ?? "the table")", at: nameRange)
                    continue
                }
                if let numbers = column.numbers { columns[column.name] = .vector(numbers) }
                bindings[column.name] = .symbol(column.name)
            }
            rowCount = table.rowCount
        } else {
            rowCount = nil
        }
        self.columns = columns
        let scope = Scope(locals: [:], columns: columns, depth: 0)
        let body = try session.symbolicExpression(function.body, bindings, scope)
        self.body = body
        // A free name that is neither a parameter, a column nor a global is an error before the run starts.
        for symbol in body.freeSymbols.sorted() where !function.parameters.contains(symbol) && columns[symbol] == nil
            && Expr.constantValues[symbol] == nil {
            if let table, let column = table.column(named: symbol), !column.isNumeric {
                throw Diagnostic(.typeMismatch, "'\(name)' uses column '\(symbol)', which is text (\(column.kindDescription))", at: nameRange)
            }
            if symbol.contains(".") { continue }
            throw Diagnostic(.unknownName, "'\(name)' uses '\(symbol)', which is neither a parameter\(table == nil ? "" : ", a column") nor a bound name", at: nameRange,
                             notes: table == nil ? ["bind it first, or give the table with 'on'"] : ["columns of \(tableName ?? "the table"): \(table?.columnNames.joined(separator: ", ") ?? "")"])
        }
        let reductions = [BuiltinFunction.mean, BuiltinFunction.sum]
        if table != nil, reductions.flatMap({ body.calls(of: $0) }).contains(where: { call in
            !call.freeSymbols.isDisjoint(with: Set(columns.keys))
        }) {
            throw Diagnostic(.invalidArgument, "with 'on', '\(name)' is a per-row loss: it must not take mean or sum over columns itself", at: nameRange,
                             notes: ["drop 'on' to use a loss written with mean(…) over columns"])
        }
        // The partial derivatives, simplified together (what they share is
        // simplified once, see `Expr.gradient`); then each one's printed form
        // parsed back, on its own core when the formula is large (the same
        // results either way). Splitting the simplification across cores
        // instead repeated the shared part on each and was no faster here.
        let derivatives = body.gradient(withRespectTo: function.parameters)
        let partial: @Sendable (Expr) -> (Expr, ExpressionSyntax?) = { derivative in
            return (derivative, try? Parser.parseExpression(SourceFile(displayName: nil, text: derivative.description)))
        }
        let partials = body.nodeCount >= FunctionObjective.parallelDifferentiationSize
            ? orderedConcurrentMap(derivatives, partial) : derivatives.map(partial)
        gradientFunction = DerivedFunction(name: "grad(\(name))", parameters: function.parameters, output: .vector(partials.map(\.0)))
        gradientForms = partials.compactMap(\.1)
        // Compile when every piece has a Numeric form; otherwise the
        // interpreter evaluates the same formulas (slower, same meaning).
        var columnData: [String: [Double]] = [:]
        for (name, value) in columns { if case .vector(let v) = value { columnData[name] = v } }
        for symbol in body.freeSymbols where symbol.contains(".") {
            let parts = symbol.split(separator: ".", maxSplits: 1).map(String.init)
            if case .table(let t)? = session.globals[parts[0]], let numbers = t.column(named: parts[1])?.numbers { columnData[symbol] = numbers }
        }
        compiled = try? CompiledObjective(session: session, function: function, columns: columnData, gradient: gradientForms)
        borrowedCompiled = compiled.map(Unmanaged.passUnretained)
    }

    /// Formulas of at least this many nodes have their partial derivatives
    /// printed and parsed one per core: below it, starting threads costs
    /// more than it saves.
    static let parallelDifferentiationSize = 400

    /// The compiled programs, or nil when the formula uses something the
    /// compiler does not handle (then the interpreter evaluates it).
    let compiled: CompiledObjective?
    /// `compiled` without reference counting, for the per-step call: binding
    /// the optional retained and released it on every descent step, a fifth
    /// of a small problem's step. `compiled` keeps it alive.
    private let borrowedCompiled: Unmanaged<CompiledObjective>?

    let gradientForms: [ExpressionSyntax]
    /// Second derivatives are differentiated only when a method asks for them.
    private lazy var hessianForms: [ExpressionSyntax] = DerivedFunction(
        name: "hessian(\(function.name))", parameters: parameterNames,
        output: .matrix(body.hessian(withRespectTo: parameterNames))).syntax

    private func scope(_ x: [Double]) -> Scope {
        var scope = Scope(locals: [:], columns: columns, depth: 1)
        for (name, value) in zip(parameterNames, x) { scope.locals[name] = .number(value) }
        return scope
    }

    /// The mean over rows of a per-row value (a number is its own mean).
    private func reduce(_ value: Value, _ what: String) throws -> Double {
        switch value {
        case .number(let x): return x
        case .boolean(let b): return b ? 1 : 0
        case .vector(let v) where rowCount != nil && v.count == rowCount:
            return v.isEmpty ? .nan : PairwiseSum.of(v) / Double(v.count)
        default:
            throw Diagnostic(.typeMismatch, "the \(what) of '\(function.name)' is \(value.kindName), not a number", at: range)
        }
    }

    func value(_ x: [Double]) throws -> Double {
        if let compiled { return try compiled.value(x) }
        return try reduce(session.evaluate(function.body, scope(x)), "value")
    }

    func valueAndGradient(_ x: [Double]) throws -> (value: Double, gradient: [Double]) {
        if let compiled { return try compiled.valueAndGradient(x) }
        return (try value(x), try gradient(x))
    }

    func valueAndGradient(_ x: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>) throws -> Double {
        if let borrowedCompiled {
            return try borrowedCompiled._withUnsafeGuaranteedRef { try $0.valueAndGradient(x, into: gradient) }
        }
        let (value, computed) = try valueAndGradient(Array(x))
        guard computed.count == gradient.count else { throw OptimizeError.gradientSize(expected: gradient.count, found: computed.count) }
        _ = gradient.update(fromContentsOf: computed)
        return value
    }

    func gradient(_ x: [Double]) throws -> [Double] {
        if let compiled { return try compiled.gradient(x) }
        let scope = scope(x)
        return try gradientForms.map { try reduce(session.evaluate($0, scope), "gradient") }
    }

    func cheapExactHessian(_ x: [Double]) throws -> [[Double]]? {
        if let fromGradient = compiled?.hessianFromGradient(x) { return fromGradient }
        return try hessian(x)
    }

    func hessian(_ x: [Double]) throws -> [[Double]]? {
        if let compiled { return try compiled.hessian(x, forms: hessianForms) }
        let scope = scope(x)
        let n = parameterNames.count
        let flat = try hessianForms.map { try reduce(session.evaluate($0, scope), "Hessian") }
        guard flat.count == n * n else { return nil }
        return (0..<n).map { Array(flat[($0 * n)..<(($0 + 1) * n)]) }
    }
}
