import Core
import Data
import Diagnostics
import Foundation
import Symbolic
import Syntax

/// Where names are looked up while evaluating: a function's parameters,
/// then the columns of the table a per-row loss runs `on` (LANGUAGE.md: a
/// parameter wins over a column, a column over a global), then the session's
/// globals, then the built-ins. An unbound name stays symbolic.
struct Scope {
    var locals: [String: Value] = [:]
    var columns: [String: Value] = [:]
    var depth = 0
    /// Set while a formula is being taken (a function's formula for
    /// calculus or compilation, a calculus form's operand): a column of a
    /// bound table, `t.col`, is then the per-row symbol `t.col` rather than
    /// its vector of values.
    var columnsAsSymbols = false
}

/// A user function called with symbolic arguments: see `Evaluator.apply`.
struct InlinedCall: Hashable {
    let function: String
    let arguments: [Formula]
    let columns: [String]
    let columnsAsSymbols: Bool
}

/// Evaluation: expressions to values (LANGUAGE.md "Expressions"), with the
/// calculus forms (`Value+Symbolic.swift`) and the built-ins it calls. It
/// reads the environment's bindings and never changes them; assignments are
/// the session's. With names left unbound it builds formulas: the one walker
/// both numbers and symbolic values go through.
final class Evaluator {
    static let maximumCallDepth = 200

    let environment: Environment
    /// For the paths a built-in reads (`load`) and the warnings a compiled
    /// objective gives.
    let io: SessionIO
    /// User-function calls with symbolic arguments already inlined in the
    /// statement being run (see `apply`); emptied before each statement.
    var inlinedCalls: [InlinedCall: Value] = [:]

    init(environment: Environment, io: SessionIO) {
        self.environment = environment
        self.io = io
    }

    /// The bindings read, with their versions, while set: what a resolved
    /// objective depends on (see `CommandRunner.objective`). Every read of
    /// a binding during evaluation goes through `global(_:)`.
    var recordedReads: [String: UInt64]?

    /// The value bound to `name`, recording the read when reads are recorded.
    func global(_ name: String) -> Value? {
        recordedReads?[name] = environment.version(of: name)
        return environment.globals[name]
    }

    /// Forgets what the previous statement inlined: a call's meaning may
    /// change when a statement rebinds a name.
    func startStatement() { inlinedCalls = [:] }

    func evaluate(_ expression: ExpressionSyntax, _ scope: Scope = Scope()) throws -> Value {
        switch expression.kind {
        case .number(let value):
            return .number(value)
        case .string(let text):
            return .string(text)
        case .name(let name):
            return try lookup(name, at: expression.range, scope)
        case .vector(let elements):
            return try vectorLiteral(elements, scope, at: expression.range)
        case .negate(let operand):
            return try negate(try evaluate(operand, scope), at: expression.range)
        case .binary(let op, let left, let right):
            let a = try evaluate(left, scope)
            let b = try evaluate(right, scope)
            // In a formula, arithmetic on numbers stays a formula: its value
            // as written is the same double, and its algebra is exact (`1/10`
            // is a tenth, not the double nearest it).
            if scope.columnsAsSymbols, !op.isComparison, op != .matrixMultiply, Evaluator.isNumberLike(a), Evaluator.isNumberLike(b) {
                return try symbolicBinary(op, a, b, at: expression.range)
            }
            return try binary(op, a, b, at: expression.range, operands: (left.range, right.range))
        case .call(let callee, let arguments):
            return try call(callee, arguments, scope, at: expression.range)
        case .index(let base, let subscripts):
            return try index(try evaluate(base, scope), subscripts, scope, at: expression.range)
        case .field(let base, let name):
            if scope.columnsAsSymbols, case .name(let tableName) = base.kind, scope.locals[tableName] == nil,
               case .table(let table)? = global(tableName) {
                // In a formula, a bound table's column is its per-row symbol.
                _ = try column(of: table, name, at: expression.range)
                return .symbolic(.symbol("\(tableName).\(name)"))
            }
            return try field(try evaluate(base, scope), name, at: expression.range, baseRange: base.range)
        case .derivative(let name, let order):
            return try derivativeFunction(of: name, order: order, scope, at: expression.range)
        case .named(let values):
            // `(W = zeros(3, 4), b = zeros(3))`: a start point for parameters
            // that are vectors or matrices, read by name.
            return .record(Record(kind: .namedValues, fields: try values.map { ($0.label ?? "", try evaluate($0.value, scope)) }))
        case .on(let functionSyntax, let tableSyntax):
            guard case .function(let function) = try evaluate(functionSyntax, scope), let parameters = function.parameters, !parameters.isEmpty else {
                throw Diagnostic(.typeMismatch, "'on' binds a function of parameters to a table's rows", at: functionSyntax.range,
                                 notes: ["define a per-row loss first, as loss(a, b) = (y - a - b*x)^2, then loss on T"])
            }
            guard case .table(let table) = try evaluate(tableSyntax, scope) else {
                throw Diagnostic(.typeMismatch, "'on' takes a table", at: tableSyntax.range, notes: ["load one with t = load(\"file.csv\")"])
            }
            return .function(.dataBound(DataBoundFunction(function: function, table: table, tableName: tableSyntax.description)))
        }
    }

    func lookup(_ name: String, at range: SourceRange, _ scope: Scope) throws -> Value {
        if let value = scope.locals[name] ?? scope.columns[name] ?? global(name) { return value }
        if let constant = Builtins.constants[name] { return .number(constant) }
        if name == "true" || name == "false" { return .boolean(name == "true") }
        if Builtins.isFunction(name) { return .function(.builtin(name)) }
        return .symbolic(.symbol(name))
    }

    func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, at range: SourceRange, operands: (SourceRange, SourceRange)) throws -> Value {
        switch (a, b) {
        case (.symbolic, _), (_, .symbolic), (.expressions, _), (_, .expressions): return try symbolicBinary(op, a, b, at: range)
        default: break
        }
        if op == .matrixMultiply, let product = try Arithmetic.matrixProduct(a, b, at: range) { return product }
        if let result = try Arithmetic.elementwise(op, a, b, at: range) { return result }
        if op == .add, case .string(let x) = a, case .string(let y) = b {
            // Checked before joining: doubling a string 34 times would ask for 16 GiB.
            guard x.utf8.count + y.utf8.count <= Arithmetic.maximumElements else {
                throw Diagnostic(.invalidArgument, "the joined string would be longer than the limit of 10,000,000 bytes", at: range)
            }
            return .string(x + y)
        }
        if op == .equal || op == .notEqual, case .string(let x) = a, case .string(let y) = b {
            return .boolean((x == y) == (op == .equal))
        }
        let offender = Arithmetic.array(a) == nil ? (a, operands.0) : (b, operands.1)
        var notes: [String] = []
        if case .function(let f) = offender.0 { notes.append("call the function with arguments, as \(f.name)(…)") }
        if case .table = offender.0 { notes.append("use a column, as t.name") }
        throw Diagnostic(.typeMismatch, "cannot use \(offender.0.kindName) with '\(op.rawValue)'", at: offender.1, notes: notes)
    }

    private func vectorLiteral(_ elements: [ExpressionSyntax], _ scope: Scope, at range: SourceRange) throws -> Value {
        let values = try elements.map { try evaluate($0, scope) }
        if values.isEmpty { return .vector([]) }
        if values.allSatisfy({ $0.scalar != nil }) { return .vector(values.compactMap(\.scalar)) }
        if values.allSatisfy({ Evaluator.symbolic($0) != nil }) {
            return .expressions(.vector(values.compactMap(Evaluator.symbolic)))
        }
        if values.contains(where: { if case .expressions = $0 { return true } else { return false } }) {
            // Rows of expressions (or numbers): a matrix of expressions.
            var rows: [[SymbolicValue]] = []
            for (value, element) in zip(values, elements) {
                let row: [SymbolicValue]
                switch value {
                case .expressions(let a) where a.rows == nil: row = a.elements
                case .vector(let v): row = v.map { .number($0) }
                default: throw Diagnostic(.shapeMismatch, "every row of a matrix needs the same number of elements", at: element.range)
                }
                if let first = rows.first, first.count != row.count {
                    throw Diagnostic(.shapeMismatch, "every row of a matrix needs \(first.count) elements", at: element.range)
                }
                rows.append(row)
            }
            return .expressions(.matrix(rows))
        }
        if case .vector(let first) = values[0] {
            var rows: [[Double]] = []
            for (value, element) in zip(values, elements) {
                guard case .vector(let row) = value, row.count == first.count else {
                    throw Diagnostic(.shapeMismatch, "every row of a matrix needs \(first.count) numbers", at: element.range)
                }
                rows.append(row)
            }
            return .matrix(Matrix(rows: rows))
        }
        for (value, element) in zip(values, elements) where value.scalar == nil {
            if case .symbolic = value {
                throw Diagnostic(.typeMismatch, "a vector holds numbers; this element is symbolic", at: element.range,
                                 notes: ["bind its names first, or use grad(e, [x, y]) for a vector of expressions"])
            }
            throw Diagnostic(.typeMismatch, "a vector holds numbers, not \(value.kindName)", at: element.range)
        }
        return .vector([])
    }

    // MARK: Calls

    private func call(_ callee: ExpressionSyntax, _ arguments: [Argument], _ scope: Scope, at range: SourceRange) throws -> Value {
        // `grad(F)(W0, b0)` with vector or matrix arguments: the gradient of F as a model.
        if let gradient = try shapedGradientCall(callee, arguments, scope, at: range) { return gradient }
        return try callWithValues(callee, arguments, scope, at: range)
    }

    private func callWithValues(_ callee: ExpressionSyntax, _ arguments: [Argument], _ scope: Scope, at range: SourceRange) throws -> Value {
        let function: Function
        if let name = callee.name {
            let bound = scope.locals[name] ?? scope.columns[name] ?? global(name)
            if bound == nil, let special = try specialForm(name, arguments, scope, at: range) { return special }
            switch bound {
            case .function(let f)?:
                function = f
            case let value?:
                var notes = ["'\(name)' is \(value.kindName), not a function"]
                if value.scalar != nil { notes.append("write '*' to multiply: \(name)*(…)") }
                throw Diagnostic(.notCallable, "cannot call '\(name)'", at: callee.range, notes: notes)
            case nil:
                guard Builtins.isFunction(name) else {
                    let candidates = Array(environment.globals.keys) + Builtins.allNames + Array(scope.locals.keys)
                    let suggestion = closestMatch(to: name, among: candidates)
                    throw Diagnostic(.unknownFunction, "unknown function '\(name)'", at: callee.range,
                                     notes: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
                }
                function = .builtin(name)
            }
        } else {
            guard case .function(let f) = try evaluate(callee, scope) else {
                throw Diagnostic(.notCallable, "this is not a function", at: callee.range)
            }
            function = f
        }
        for argument in arguments where argument.label != nil {
            throw Diagnostic(.invalidArgument, "\(function.name) takes no named arguments", at: argument.labelRange ?? range)
        }
        let values = try arguments.map { try evaluate($0.value, scope) }
        return try apply(function, values, scope, at: range, argumentRanges: arguments.map(\.value.range))
    }

    func apply(_ function: Function, _ values: [Value], _ scope: Scope, at range: SourceRange, argumentRanges: [SourceRange]) throws -> Value {
        switch function {
        case .builtin(let name):
            // In a formula, a built-in of numbers stays a formula (`sin(1)`,
            // as written and exact), like arithmetic on numbers.
            if scope.columnsAsSymbols, let function = BuiltinFunction.named(name), function.arity.contains(values.count),
               !values.isEmpty, values.allSatisfy({ Evaluator.isNumberLike($0) }) {
                return try Builtins.symbolicCall(name, values, evaluator: self, at: range)
            }
            return try Builtins.call(name, values, evaluator: self, at: range, argumentRanges: argumentRanges)
        case .user(let f):
            let arguments = try spreadArguments(values, count: f.parameters.count, name: f.name, at: range)
            guard scope.depth < Evaluator.maximumCallDepth else {
                throw Diagnostic(.recursionTooDeep, "calls nested more than \(Evaluator.maximumCallDepth) deep (is '\(f.name)' recursive?)", at: range)
            }
            // Calls can multiply without nesting deep (k(x) = h(h(x)), h(x) =
            // g(g(x)), … 40 times is 2^40 calls of the innermost): Ctrl-C
            // stops them at the next call.
            if Interrupt.isRequested {
                throw Diagnostic(.interrupted, "interrupted while calling '\(f.name)'", at: range, severity: .warning)
            }
            // A call with symbolic arguments inlines the body; the same
            // function and arguments inline to the same formula, so each is
            // taken once per statement (Chebyshev's T8(y) = 2*y*T7(y) - T6(y)
            // calls T7 and T6 a Fibonacci number of times otherwise).
            var key: InlinedCall?
            if arguments.contains(where: { if case .symbolic = $0 { return true } else { return false } }),
               let formulas = Optional(arguments.compactMap { Evaluator.symbolic($0)?.formula }), formulas.count == arguments.count {
                key = InlinedCall(function: f.name, arguments: formulas, columns: scope.columns.keys.sorted(), columnsAsSymbols: scope.columnsAsSymbols)
                if let key, let known = inlinedCalls[key] { return known }
            }
            // A function stands for its formula: a bound expression in the
            // body (`e1 = x^2 + 3x; f(x) = e1`) is in f's parameters too, so
            // the parameters left in the result are put in for afterwards.
            // An argument that itself names a parameter (`g(g(x))`, `f(y, x)`)
            // is put in only then, in that one pass: bound in the body, its
            // own `x` would be put in for a second time (g(g(x)) was
            // sin(sin(sin(x))) for g(x) = sin(x)).
            let parameters = Set(f.parameters)
            var inner = Scope(locals: [:], columns: scope.columns, depth: scope.depth + 1, columnsAsSymbols: scope.columnsAsSymbols)
            for (parameter, value) in zip(f.parameters, arguments) {
                inner.locals[parameter] = valueMentions(value, parameters) ? .symbolic(.symbol(parameter)) : value
            }
            var result = try callBody(f, inner, at: range)
            if valueMentions(result, parameters) {
                var bindings: [String: Value] = [:]
                for (parameter, value) in zip(f.parameters, arguments) where !Evaluator.isSymbol(value, parameter) { bindings[parameter] = value }
                if !bindings.isEmpty { result = try substituteAll(result, bindings, at: range) }
            }
            if let key { inlinedCalls[key] = result }
            return result
        case .dataBound(let bound):
            if let shaped = try applyShapedDataBound(bound, values, at: range) { return shaped }
            let arguments = try spreadArguments(values, count: bound.function.parameters?.count ?? 0, name: bound.name, at: range)
            return try applyDataBound(bound, arguments, scope, at: range)
        case .derived(let d):
            let arguments = try spreadArguments(values, count: d.parameters.count, name: d.name, at: range)
            return try applyDerived(d, arguments, scope, at: range)
        }
    }

    /// True when a symbolic result still names one of `names`.
    private func valueMentions(_ value: Value, _ names: Set<String>) -> Bool {
        switch value {
        case .symbolic(let e): return e.formula.mentions(any: names)
        case .expressions(let a): return a.elements.contains { $0.formula.mentions(any: names) }
        default: return false
        }
    }

    /// Every name of `bindings` put in for its value, in a symbolic result.
    func substituteAll(_ value: Value, _ bindings: [String: Value], at range: SourceRange) throws -> Value {
        switch value {
        case .symbolic(let e): return try evaluate(e.formula, bindings, at: range)
        case .expressions(let a):
            return try arrayValue(rows: a.rows, columns: a.columns, try a.elements.map { try evaluate($0.formula, bindings, at: range) }, at: range)
        default: return value
        }
    }

    /// Evaluates a user function's body in `inner` (its parameters bound). An
    /// error inside points at the call, and says where inside `f` it failed.
    func callBody(_ f: UserFunction, _ inner: Scope, at range: SourceRange) throws -> Value {
        do {
            return try evaluate(f.body, inner)
        } catch let diagnostic as Diagnostic {
            throw diagnostic.movedToCall(of: f, at: range)
        }
    }

    /// `(F on T)(p)`: the mean over T's rows of F at p, F's columns bound to
    /// the table's vectors.
    func applyDataBound(_ bound: DataBoundFunction, _ arguments: [Value], _ scope: Scope, at range: SourceRange) throws -> Value {
        let parameters = bound.function.parameters ?? []
        var columns: [String: Value] = [:]
        for column in bound.table.columns where !parameters.contains(column.name) {
            if let numbers = column.numbers { columns[column.name] = .vector(numbers) }
        }
        var inner = scope
        inner.columns = columns
        let perRow = try apply(bound.function, arguments, inner, at: range, argumentRanges: [])
        return try Builtins.call("mean", [perRow], evaluator: self, at: range, argumentRanges: [range])
    }

    /// A function of n parameters may be called with n values or with one
    /// vector of length n (`loss(r.x)`).
    private func spreadArguments(_ values: [Value], count: Int, name: String, at range: SourceRange) throws -> [Value] {
        if values.count == count { return values }
        if values.count == 1, count > 1, case .vector(let v) = values[0], v.count == count { return v.map { .number($0) } }
        throw Diagnostic(.wrongArgumentCount, "'\(name)' takes \(count) argument\(count == 1 ? "" : "s"), not \(values.count)", at: range)
    }

    // MARK: Indexing and fields

    private func index(_ base: Value, _ subscripts: [Subscript], _ scope: Scope, at range: SourceRange) throws -> Value {
        if case .table(let table) = base {
            guard subscripts.count == 1, case .index(let e) = subscripts[0], case .string(let name) = try evaluate(e, scope) else {
                throw Diagnostic(.invalidArgument, "index a table with a column name, as t[\"name\"]", at: range)
            }
            return try column(of: table, name, at: range)
        }
        switch base {
        case .vector(let v):
            guard subscripts.count == 1 else { throw Diagnostic(.invalidArgument, "a vector takes one index", at: range) }
            switch subscripts[0] {
            case .index(let e):
                return .number(v[try position(e, count: v.count, scope)])
            case .slice(let a, let b, _):
                let bounds = try sliceBounds(a, b, count: v.count, scope)
                return .vector(Array(v[bounds]))
            }
        case .matrix(let m):
            guard subscripts.count <= 2 else { throw Diagnostic(.invalidArgument, "a matrix takes at most two indices", at: range) }
            let rows: [Int]
            var rowsIsSlice = false
            switch subscripts[0] {
            case .index(let e): rows = [try position(e, count: m.rows, scope)]
            case .slice(let a, let b, _): rows = Array(try sliceBounds(a, b, count: m.rows, scope)); rowsIsSlice = true
            }
            var columns = Array(0..<m.columns)
            var columnsIsSlice = true
            if subscripts.count == 2 {
                switch subscripts[1] {
                case .index(let e): columns = [try position(e, count: m.columns, scope)]; columnsIsSlice = false
                case .slice(let a, let b, _): columns = Array(try sliceBounds(a, b, count: m.columns, scope))
                }
            }
            let picked = rows.map { r in columns.map { c in m[r, c] } }
            switch (rowsIsSlice, columnsIsSlice) {
            case (false, false): return .number(picked[0][0])
            case (false, true): return .vector(picked[0])
            case (true, false): return .vector(picked.map { $0[0] })
            case (true, true): return .matrix(Matrix(rows: picked.count, columns: columns.count, elements: picked.flatMap { $0 }))
            }
        case .record(let record):
            // `c.runs[0]` or `c.runs["0.3"]`: a record's fields by position or by name.
            guard subscripts.count == 1, case .index(let e) = subscripts[0] else {
                throw Diagnostic(.invalidArgument, "a result takes one index: a position or a field's name", at: range)
            }
            if case .string(let name) = try evaluate(e, scope) {
                guard let value = record.field(name) else {
                    let suggestion = closestMatch(to: name, among: record.fields.map(\.name))
                    throw Diagnostic(.unknownName, "the \(record.kind) has no field '\(name)'", at: e.range,
                                     notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? []) + ["its fields: \(record.fields.map(\.name).joined(separator: ", "))"])
                }
                return value
            }
            return record.fields[try position(e, count: record.fields.count, scope)].value
        case .expressions(let a):
            guard subscripts.count == 1, case .index(let e) = subscripts[0] else {
                throw Diagnostic(.invalidArgument, "index an array of expressions with one position", at: range)
            }
            if a.rows == nil { return .symbolic(a.elements[try position(e, count: a.elements.count, scope)]) }
            let rows = a.rowArrays
            return .expressions(.vector(rows[try position(e, count: rows.count, scope)]))
        default:
            // `r.x[0]` of a one-parameter result: its x is the number itself.
            let notes = base.scalar != nil ? ["a number has no elements (a one-parameter result's x is a number, not a vector)"] : []
            throw Diagnostic(.typeMismatch, "cannot index \(base.kindName)", at: range, notes: notes)
        }
    }

    /// A 0-based position; negative counts from the end.
    func position(_ expression: ExpressionSyntax, count: Int, _ scope: Scope) throws -> Int {
        let value = try evaluate(expression, scope)
        guard let x = value.scalar, x.rounded() == x, abs(x) < 1e15 else {
            throw Diagnostic(.invalidArgument, "an index must be a whole number", at: expression.range)
        }
        let i = Int(x)
        let resolved = i < 0 ? count + i : i
        guard resolved >= 0, resolved < count else {
            throw Diagnostic(.indexOutOfRange, "index \(i) is out of range for \(count) element\(count == 1 ? "" : "s")", at: expression.range,
                             notes: ["indices start at 0; -1 is the last"])
        }
        return resolved
    }

    func sliceBounds(_ a: ExpressionSyntax?, _ b: ExpressionSyntax?, count: Int, _ scope: Scope) throws -> Range<Int> {
        func bound(_ e: ExpressionSyntax?, _ fallback: Int) throws -> Int {
            guard let e else { return fallback }
            guard let x = try evaluate(e, scope).scalar, x.rounded() == x, abs(x) < 1e15 else {
                throw Diagnostic(.invalidArgument, "a slice bound must be a whole number", at: e.range)
            }
            let i = Int(x)
            return max(0, min(count, i < 0 ? count + i : i))
        }
        let start = try bound(a, 0)
        let end = try bound(b, count)
        return start..<max(start, end)
    }

    func column(of table: Table, _ name: String, at range: SourceRange) throws -> Value {
        guard let column = table.column(named: name) else {
            let suggestion = closestMatch(to: name, among: table.columnNames)
            throw Diagnostic(.unknownName, "the table has no column '\(name)'", at: range,
                             notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? []) + ["its columns: \(table.columnNames.joined(separator: ", "))"])
        }
        if let numbers = column.numbers { return .vector(numbers) }
        throw Diagnostic(.typeMismatch, "column '\(name)' is text (\(column.kindDescription)); gd computes with numeric columns", at: range)
    }

    private func field(_ base: Value, _ name: String, at range: SourceRange, baseRange: SourceRange) throws -> Value {
        switch base {
        case .table(let table):
            return try column(of: table, name, at: range)
        case .record(let record):
            guard let value = record.field(name) else {
                let suggestion = closestMatch(to: name, among: record.fields.map(\.name))
                throw Diagnostic(.unknownName, "the \(record.kind) has no field '\(name)'", at: range,
                                 notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? []) + ["its fields: \(record.fields.map(\.name).joined(separator: ", "))"])
            }
            return value
        case .symbolic(let s) where s.canonical?.symbolName != nil:
            // `tips.tip` with `tips` unbound stays symbolic, as any unbound name.
            return .symbolic(.symbol("\(s.canonical?.symbolName ?? "").\(name)"))
        default:
            throw Diagnostic(.typeMismatch, "\(base.kindName) has no fields", at: baseRange)
        }
    }
}

extension Diagnostic {
    /// An error raised inside a user function's body, as the user sees it:
    /// the body's ranges point into the text `f` was defined in, so the
    /// error points at the call instead, with a note and caret where inside
    /// the definition it began (the innermost call's, once). Running out of
    /// depth and Ctrl-C just point at the call.
    func movedToCall(of f: UserFunction, at call: SourceRange) -> Diagnostic {
        var moved = self
        if kind != .recursionTooDeep && kind != .interrupted, let inside = range, locatedNotes.isEmpty {
            moved.locatedNotes.append(LocatedNote("in '\(f.name)', defined here", in: f.source, at: inside))
        }
        moved.range = call
        return moved
    }
}
