import Core
import Data
import Diagnostics
import Numeric
import Optimize
import Symbolic
import Syntax

/// A function as an optimisation objective, built from its resolved
/// formula: the value compiled from the formula as written (values match
/// Python's), the gradient and Hessian from the simplified symbolic
/// derivatives, compiled from their layout (the tree their printed form
/// reads as, so they give exactly the values `grad(f)(…)` prints). With a
/// table, the function is a per-row loss: its columns are bound row by row
/// and the objective is the mean over the rows.
///
/// It owns everything it reads: the formulas and the column data were
/// resolved when it was built, so later bindings never change it.
final class FunctionObjective: Objective {
    let name: String
    let parameterNames: [String]
    /// The per-row columns, as vectors (empty without a table).
    let columns: [String: Value]
    let rowCount: Int?
    /// The formula as written, with names resolved.
    let formula: Formula
    /// Its canonical form, what derivatives are taken of.
    let body: Expr
    let gradientFunction: DerivedFunction
    /// The command being run, where evaluation errors point (updated when a cached objective is reused).
    var range: SourceRange
    /// The compiled programs (always present; optional for the commands
    /// that once fell back to the interpreter).
    let compiled: CompiledObjective?
    /// `compiled` without reference counting, for the per-step call: binding
    /// the optional retained and released it on every descent step, a fifth
    /// of a small problem's step. `compiled` keeps it alive.
    private let borrowedCompiled: Unmanaged<CompiledObjective>?

    /// The resolved formula of `function` (per row over `table` when given),
    /// checked as LANGUAGE.md asks before a run starts.
    static func resolve(evaluator: Evaluator, function: Function, name: String, nameRange: SourceRange, table: Table?, tableName: String?)
        throws -> (parameters: [String], formula: SymbolicValue, columns: [String: Value], rowCount: Int?)
    {
        guard let parameters = function.parameters, !parameters.isEmpty else {
            throw Diagnostic(.typeMismatch, "'\(name)' must be a function you defined, with named parameters", at: nameRange)
        }
        let resolved: Evaluator.FunctionFormula
        if let table {
            for column in table.columns where parameters.contains(column.name) {
                evaluator.io.warn("parameter '\(column.name)' hides the column of the same name in \(tableName ?? "the table")", at: nameRange)
            }
            resolved = try evaluator.perRowFormula(DataBoundFunction(function: function, table: table, tableName: tableName ?? "the table"),
                                                 Scope(), at: nameRange)
        } else {
            resolved = try evaluator.functionFormula(function, Scope(), at: nameRange)
        }
        guard var formula = Evaluator.symbolic(resolved.output) else {
            throw Diagnostic(.typeMismatch, "the value of '\(name)' is \(resolved.output.kindName), not a number", at: nameRange)
        }
        if table != nil, let folded = try foldingOtherTables(formula.formula, evaluator: evaluator, perRow: Set(resolved.columns.keys), at: nameRange) {
            // A per-row loss runs over one table's rows; `mean(D.x)` of another
            // table is a number here, computed as the evaluator computes it.
            do {
                formula = SymbolicValue(formula: folded, canonical: try folded.canonical())
            } catch {
                formula = SymbolicValue(formula: folded, canonical: nil)
            }
        }
        var columns = resolved.columns
        // A free name that is neither a parameter, a column nor a global is an error before the run starts.
        for symbol in formula.formula.freeSymbols.sorted() where !parameters.contains(symbol) && columns[symbol] == nil
            && Expr.constantValues[symbol] == nil {
            if let table, let column = table.column(named: symbol), !column.isNumeric {
                throw Diagnostic(.typeMismatch, "'\(name)' uses column '\(symbol)', which is text (\(column.kindDescription))", at: nameRange)
            }
            let parts = symbol.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2, case .table(let t)? = evaluator.global(parts[0]), let numbers = t.column(named: parts[1])?.numbers {
                columns[symbol] = .vector(numbers)
                continue
            }
            throw Diagnostic(.unknownName, "'\(name)' uses '\(symbol)', which is neither a parameter\(table == nil ? "" : ", a column") nor a bound name", at: nameRange,
                             notes: table == nil ? ["bind it first, or give the table with 'on'"] : ["columns of \(tableName ?? "the table"): \(table?.columnNames.joined(separator: ", ") ?? "")"])
        }
        if table != nil, reducesOverColumns(formula.formula, Set(resolved.columns.keys)) {
            throw Diagnostic(.invalidArgument, "with 'on', '\(name)' is a per-row loss: it must not take mean or sum over columns itself", at: nameRange,
                             notes: ["drop 'on' to use a loss written with mean(…) over columns"])
        }
        return (parameters, formula, columns, table?.rowCount)
    }

    /// `formula` with each reduction over another bound table's columns
    /// (`mean(D.x)`, reading no parameter and no per-row column) replaced by
    /// its value; nil when there is none.
    private static func foldingOtherTables(_ formula: Formula, evaluator: Evaluator, perRow: Set<String>, at range: SourceRange) throws -> Formula? {
        var changed = false
        var memo = IdentityMemo<Formula>()
        func walk(_ f: Formula) throws -> Formula {
            if let known = memo[ObjectIdentifier(f)] { return known }
            let result: Formula
            switch f.kind {
            case .number, .integer, .symbol: result = f
            case .negate(let a): result = .negate(try walk(a))
            case .group(let a): result = try walk(a)
            case .binary(let op, let a, let b): result = .binary(op, try walk(a), try walk(b))
            case .call(let function, let args):
                let free = args.first?.freeSymbols ?? []
                if function == .mean || function == .sum, args.count == 1, !free.isEmpty,
                   free.allSatisfy({ $0.contains(".") && !perRow.contains($0) }),
                   case .number(let x) = try evaluator.evaluate(f, [:], at: range) {
                    changed = true
                    result = .number(x)
                } else {
                    result = .call(function, try args.map(walk))
                }
            }
            memo[ObjectIdentifier(f)] = result
            return result
        }
        let folded = try walk(formula)
        return changed ? folded : nil
    }

    /// True when some `mean(…)` or `sum(…)` in `formula` reads a per-row column.
    private static func reducesOverColumns(_ formula: Formula, _ perRow: Set<String>) -> Bool {
        var found = false
        var seen = IdentitySet()
        func walk(_ f: Formula) {
            guard !found, seen.insert(ObjectIdentifier(f)) else { return }
            switch f.kind {
            case .number, .integer, .symbol: return
            case .negate(let a), .group(let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            case .call(let function, let args):
                if function == .mean || function == .sum, args.contains(where: { !$0.freeSymbols.isDisjoint(with: perRow) }) {
                    found = true
                    return
                }
                args.forEach(walk)
            }
        }
        walk(formula)
        return found
    }

    init(name: String, parameters: [String], formula: SymbolicValue, columns: [String: Value], rowCount: Int?, sumsRows: Bool = false,
         at range: SourceRange) throws {
        self.name = name
        self.parameterNames = parameters
        self.columns = rowCount == nil ? [:] : columns
        self.rowCount = rowCount
        self.range = range
        self.formula = formula.formula
        guard let body = formula.canonical else {
            throw Diagnostic(.typeMismatch, "'\(name)' gives true or false (a comparison), which has no derivative", at: range,
                             notes: ["a proportion of true rows is an accuracy: compute it with (F on T)(p), not as an objective"])
        }
        self.body = body
        // The partial derivatives, simplified together (what they share is
        // simplified once, see `Expr.gradient`), then laid out as printed.
        let partials = try SymbolicAdapter.gradient(body, parameters, at: range)
        let derivatives = zip(partials, Expr.layouts(partials)).map { SymbolicValue(formula: $1, canonical: $0) }
        gradientFunction = DerivedFunction(name: "grad(\(name))", parameters: parameters, output: .array(.vector(derivatives)))
        var columnData: [String: [Double]] = [:]
        for (name, value) in columns { if case .vector(let v) = value { columnData[name] = v } }
        do {
            compiled = try CompiledObjective(
                parameters: parameters, columns: columnData, perRow: rowCount != nil, sumsRows: sumsRows, loss: formula.formula,
                gradient: derivatives.map(\.formula),
                hessian: { Expr.layouts(try SymbolicAdapter.hessian(body, parameters, at: range).flatMap { $0 }) })
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            throw Diagnostic(.invalidArgument, "'\(name)' cannot be compiled: \(error)", at: range)
        }
        borrowedCompiled = compiled.map(Unmanaged.passUnretained)
    }

    private func program() throws -> CompiledObjective {
        guard let compiled else { throw Diagnostic(.evaluationError, "'\(name)' has no compiled form", at: range) }
        return compiled
    }

    func value(_ x: [Double]) throws -> Double { try program().value(x) }

    func valueAndGradient(_ x: [Double]) throws -> (value: Double, gradient: [Double]) { try program().valueAndGradient(x) }

    func valueAndGradient(_ x: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>) throws -> Double {
        if let borrowedCompiled {
            return try borrowedCompiled._withUnsafeGuaranteedRef { try $0.valueAndGradient(x, into: gradient) }
        }
        let (value, computed) = try valueAndGradient(Array(x))
        guard computed.count == gradient.count else { throw OptimizeError.gradientSize(expected: gradient.count, found: computed.count) }
        _ = gradient.update(fromContentsOf: computed)
        return value
    }

    func gradient(_ x: [Double]) throws -> [Double] { try program().gradient(x) }

    func cheapExactHessian(_ x: [Double]) throws -> [[Double]]? {
        if let fromGradient = compiled?.hessianFromGradient(x) { return fromGradient }
        return try hessian(x)
    }

    func hessian(_ x: [Double]) throws -> [[Double]]? { try program().hessian(x) }
}
