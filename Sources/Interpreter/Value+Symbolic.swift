import Core
import Data
import Diagnostics
import Symbolic
import Syntax

/// A function obtained by calculus (`f'`, `grad(f)`, `hessian(f)`, and
/// `simplify` of one): callable, and printed as its expression, vector or
/// matrix of expressions. Each output is the canonical result with its
/// layout, so calling it computes exactly the printed formula.
public struct DerivedFunction: Sendable {
    public enum Output: Sendable {
        case scalar(SymbolicValue)
        case array(ExpressionArray)
    }

    public var name: String
    public var parameters: [String]
    public var output: Output
    /// The table columns a derivative of a data-bound loss reads (`grad(L)`
    /// of `L = F on T`), bound as vectors when it is called.
    public var columns: [String: Value] = [:]

    public var description: String {
        switch output {
        case .scalar(let e): return e.description
        case .array(let a): return a.description
        }
    }

    /// The same function with each output transformed (`simplify`, `expand`).
    func mapOutputs(_ transform: (SymbolicValue) throws -> SymbolicValue) rethrows -> DerivedFunction {
        var copy = self
        switch output {
        case .scalar(let e): copy.output = .scalar(try transform(e))
        case .array(let a): copy.output = .array(try a.map(transform))
        }
        return copy
    }
}

extension Evaluator {
    /// Calls a derived function: binds its parameters and evaluates each
    /// output's formula (numbers, vectors of rows or symbolic arguments alike).
    func applyDerived(_ d: DerivedFunction, _ arguments: [Value], _ scope: Scope, at range: SourceRange) throws -> Value {
        var bindings = d.columns
        for (parameter, value) in zip(d.parameters, arguments) { bindings[parameter] = value }
        func one(_ e: SymbolicValue) throws -> Value {
            do {
                return try evaluate(e.formula, bindings, at: range)
            } catch var diagnostic as Diagnostic {
                diagnostic.range = range
                diagnostic.notes.append("in '\(d.name)' = \(e.description)")
                throw diagnostic
            }
        }
        switch d.output {
        case .scalar(let e):
            return try one(e)
        case .array(let a):
            return try arrayValue(rows: a.rows, columns: a.columns, try a.elements.map(one), at: range)
        }
    }

    /// A vector or matrix from element values: numbers give a numeric array,
    /// expressions an array of expressions.
    func arrayValue(rows: Int?, columns: Int, _ values: [Value], at range: SourceRange) throws -> Value {
        if values.allSatisfy({ $0.scalar != nil }) {
            let numbers = values.compactMap(\.scalar)
            if let rows { return .matrix(Matrix(rows: rows, columns: columns, elements: numbers)) }
            return .vector(numbers)
        }
        var elements: [SymbolicValue] = []
        for value in values {
            guard let e = Evaluator.symbolic(value) else {
                throw Diagnostic(.typeMismatch, "an element here is \(value.kindName), not a number or an expression", at: range)
            }
            elements.append(e)
        }
        return .expressions(ExpressionArray(rows: rows, columns: columns, elements: elements))
    }

    /// A formula evaluated with `bindings` (numbers, vectors of rows,
    /// symbolic values): the evaluator's own operations, node by node; all
    /// numbers take the direct route, `Formula.evaluate`, which uses the
    /// same scalar definitions.
    func evaluate(_ formula: Formula, _ bindings: [String: Value], at range: SourceRange) throws -> Value {
        if bindings.values.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
            if let x = formula.evaluate({ if case .number(let x)? = bindings[$0] { return x } else { return nil } }) {
                if case .binary(let op, _, _) = formula.ungrouped.kind, op.isComparison { return .boolean(x == 1) }
                return .number(x)
            }
        }
        var memo = IdentityMemo<Value>()
        func walk(_ f: Formula) throws -> Value {
            if let known = memo[ObjectIdentifier(f)] { return known }
            let value: Value
            switch f.kind {
            case .number(let x): value = .number(x)
            case .integer(let n): value = .number(Double(n))
            case .symbol(let name):
                if let bound = bindings[name] {
                    value = bound
                } else if let column = try tableColumn(named: name, at: range) {
                    value = column
                } else if let constant = Expr.constantValues[name] ?? Builtins.constants[name] {
                    value = .number(constant)
                } else {
                    value = .symbolic(.symbol(name))
                }
            case .group(let inner): value = try walk(inner)
            case .negate(let operand): value = try negate(try walk(operand), at: range)
            case .binary(let op, let a, let b):
                value = try binary(BinaryOperator(op), try walk(a), try walk(b), at: range, operands: (range, range))
            case .call(let function, let args):
                value = try Builtins.call(function.name, try args.map(walk), evaluator: self, at: range, argumentRanges: [])
            }
            memo[ObjectIdentifier(f)] = value
            return value
        }
        return try walk(formula)
    }

    /// `t.col` of a bound table, as the vector a per-row symbol stands for.
    func tableColumn(named symbol: String, at range: SourceRange) throws -> Value? {
        let parts = symbol.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, case .table(let table)? = global(parts[0]) else { return nil }
        return try column(of: table, parts[1], at: range)
    }

    // MARK: Arithmetic on symbolic values

    /// A value as a symbolic operand, when it can be one.
    static func symbolic(_ value: Value) -> SymbolicValue? {
        switch value {
        case .symbolic(let e): return e
        case .number(let x): return .number(x)
        case .boolean(let b): return .number(b ? 1 : 0)
        default: return nil
        }
    }

    func negate(_ value: Value, at range: SourceRange) throws -> Value {
        switch value {
        case .symbolic(let s):
            return .symbolic(SymbolicValue(formula: .negate(s.formula)))
        case .expressions(let a):
            return .expressions(try a.map { e in
                guard case .symbolic(let n) = try negate(.symbolic(e), at: range) else { return e }
                return n
            })
        default:
            guard let (shape, elements) = Arithmetic.array(value) else {
                throw Diagnostic(.typeMismatch, "cannot negate \(value.kindName)", at: range)
            }
            return Arithmetic.value(shape, elements.map { -$0 })
        }
    }

    func symbolicBinary(_ op: BinaryOperator, _ a: Value, _ b: Value, at range: SourceRange) throws -> Value {
        if case .expressions = a { return try expressionsBinary(op, a, b, at: range) }
        if case .expressions = b { return try expressionsBinary(op, a, b, at: range) }
        guard let x = Evaluator.symbolic(a), let y = Evaluator.symbolic(b) else {
            let other = Evaluator.symbolic(a) == nil ? a : b
            throw Diagnostic(.symbolicOperand, "cannot combine \(other.kindName) with a symbolic expression", at: range,
                             notes: ["an unbound name stays symbolic; bind it first (x = 2) to compute with vectors"])
        }
        guard let formulaOperator = Formula.Operator(op) else {
            throw Diagnostic(.symbolicOperand, "'@' needs vectors or matrices, not symbolic expressions", at: range)
        }
        return .symbolic(SymbolicValue(formula: .binary(formulaOperator, x.formula, y.formula)))
    }

    /// Elementwise arithmetic with an array of expressions (a number or an
    /// expression broadcasts; two arrays need the same shape).
    private func expressionsBinary(_ op: BinaryOperator, _ a: Value, _ b: Value, at range: SourceRange) throws -> Value {
        func elements(_ v: Value) -> (rows: Int?, columns: Int, [Value])? {
            switch v {
            case .expressions(let e): return (e.rows, e.columns, e.elements.map { .symbolic($0) })
            case .vector(let x): return (nil, x.count, x.map { .number($0) })
            case .matrix(let m): return (m.rows, m.columns, m.elements.map { .number($0) })
            default: return nil
            }
        }
        let left = elements(a), right = elements(b)
        if let left, let right {
            guard left.rows == right.rows, left.columns == right.columns else {
                throw Diagnostic(.shapeMismatch, "cannot combine arrays of different shapes with '\(op.rawValue)'", at: range)
            }
            return try arrayValue(rows: left.rows, columns: left.columns,
                                  zip(left.2, right.2).map { try symbolicBinary(op, $0, $1, at: range) }, at: range)
        }
        if let left { return try arrayValue(rows: left.rows, columns: left.columns, left.2.map { try symbolicBinary(op, $0, b, at: range) }, at: range) }
        if let right { return try arrayValue(rows: right.rows, columns: right.columns, right.2.map { try symbolicBinary(op, a, $0, at: range) }, at: range) }
        throw Diagnostic(.typeMismatch, "cannot combine \(a.kindName) with \(b.kindName)", at: range)
    }

    // MARK: Functions as formulas

    /// What a function stands for in calculus: its parameters and its
    /// formula in them (a symbolic value, a number, or an array of
    /// expressions), with the columns a data-bound loss reads.
    struct FunctionFormula {
        var parameters: [String]
        var output: Value
        var columns: [String: Value] = [:]
    }

    func functionFormula(_ function: Function, _ scope: Scope, at range: SourceRange) throws -> FunctionFormula {
        switch function {
        case .user(let f):
            // Taking a formula is a call of the body: it counts towards the
            // nesting limit, so a function defined through its own
            // derivative (`f(x) = f'(x)`) ends in an error, not a stack overflow.
            guard scope.depth < Evaluator.maximumCallDepth else {
                throw Diagnostic(.recursionTooDeep, "calls nested more than \(Evaluator.maximumCallDepth) deep (is '\(f.name)' defined through itself?)", at: range)
            }
            var inner = Scope(locals: [:], columns: scope.columns, depth: scope.depth + 1, columnsAsSymbols: true)
            for parameter in f.parameters { inner.locals[parameter] = .symbolic(.symbol(parameter)) }
            return FunctionFormula(parameters: f.parameters, output: try callBody(f, inner, at: range))
        case .derived(let d):
            switch d.output {
            case .scalar(let e): return FunctionFormula(parameters: d.parameters, output: .symbolic(e), columns: d.columns)
            case .array(let a): return FunctionFormula(parameters: d.parameters, output: .expressions(a), columns: d.columns)
            }
        case .builtin(let name):
            guard let builtin = BuiltinFunction.named(name), builtin.arity.contains(1) else {
                throw Diagnostic(.invalidArgument, "'\(name)' is a built-in without a formula", at: range)
            }
            return FunctionFormula(parameters: ["x"], output: .symbolic(SymbolicValue(formula: .call(builtin, [.symbol("x")]),
                                                                                        canonical: .call(builtin, [.symbol("x")]))))
        case .dataBound(let bound):
            let perRow = try perRowFormula(bound, scope, at: range)
            return FunctionFormula(parameters: perRow.parameters, output: try meanOverRows(perRow.output, at: range), columns: perRow.columns)
        }
    }

    /// F with T's columns as per-row symbols (a parameter wins over a column).
    func perRowFormula(_ bound: DataBoundFunction, _ scope: Scope, at range: SourceRange) throws -> FunctionFormula {
        let parameters = bound.function.parameters ?? []
        var symbols: [String: Value] = [:]
        var vectors: [String: Value] = [:]
        for column in bound.table.columns where !parameters.contains(column.name) {
            guard let numbers = column.numbers else { continue }
            symbols[column.name] = .symbolic(.symbol(column.name))
            vectors[column.name] = .vector(numbers)
        }
        var inner = scope
        inner.columns = symbols
        var formula = try functionFormula(bound.function, inner, at: range)
        formula.columns = vectors
        return formula
    }

    /// `mean(F)`: the mean over the rows of a per-row formula.
    func meanOverRows(_ value: Value, at range: SourceRange) throws -> Value {
        guard let e = Evaluator.symbolic(value) else {
            throw Diagnostic(.typeMismatch, "a per-row loss must give a number for each row, not \(value.kindName)", at: range)
        }
        return .symbolic(SymbolicValue(formula: .call(.mean, [e.formula])))
    }

    /// The canonical form calculus works on, or a located error.
    func canonical(_ e: SymbolicValue, at range: SourceRange) throws -> Expr {
        guard let canonical = e.canonical else {
            throw Diagnostic(.typeMismatch, "comparisons have no algebra: this expression gives true or false", at: range)
        }
        return canonical
    }

    // MARK: Calculus forms

    /// Evaluates a calculus form's operand by the binding rule: the names
    /// the form names are symbols inside it, even when bound outside.
    private func operand(_ syntax: ExpressionSyntax, naming names: [String], _ scope: Scope) throws -> Value {
        var inner = scope
        inner.columnsAsSymbols = true
        for name in names { inner.locals[name] = .symbolic(.symbol(name)) }
        return try evaluate(syntax, inner)
    }

    /// After the form, a name it named that the enclosing function binds (one
    /// of its parameters) takes that value again: in `g(x) = diff(x^3, x)`,
    /// `g(2)` is the derivative at 2.
    private func rebindingEnclosing(_ value: Value, _ names: [String], _ scope: Scope, at range: SourceRange) throws -> Value {
        var bindings: [String: Value] = [:]
        for name in names {
            if let local = scope.locals[name], !Evaluator.isSymbol(local, name) { bindings[name] = local }
        }
        if bindings.isEmpty { return value }
        return try substituteAll(value, bindings, at: range)
    }

    /// A number, or a symbolic constant (a formula of numbers only).
    static func isNumberLike(_ value: Value) -> Bool {
        switch value {
        case .number: return true
        case .symbolic(let e): return e.isConstant
        default: return false
        }
    }

    static func isSymbol(_ value: Value, _ name: String) -> Bool {
        if case .symbolic(let e) = value, case .symbol(let s) = e.formula.kind { return s == name }
        return false
    }

    /// A value calculus reads as expressions: functions stand for their formula.
    private func formulaOperand(_ value: Value, _ scope: Scope, at range: SourceRange) throws -> Value {
        if case .function(let f) = value { return try functionFormula(f, scope, at: range).output }
        return value
    }

    /// Applies `transform` to an expression, or to each element of an array.
    private func eachExpression(_ value: Value, at range: SourceRange, _ transform: (Expr) throws -> Expr) throws -> Value {
        switch value {
        case .symbolic(let e): return .symbolic(try .result(try transform(try canonical(e, at: range)), at: range))
        case .number(let x): return .symbolic(try .result(try transform(.number(x)), at: range))
        case .boolean(let b): return .symbolic(try .result(try transform(.number(b ? 1 : 0)), at: range))
        case .expressions(let a): return .expressions(try a.map { try .result(try transform(try canonical($0, at: range)), at: range) })
        case .vector(let v): return .expressions(.vector(try v.map { try .result(try transform(.number($0)), at: range) }))
        case .matrix(let m):
            return .expressions(ExpressionArray(rows: m.rows, columns: m.columns, elements: try m.elements.map { try .result(try transform(.number($0)), at: range) }))
        default:
            throw Diagnostic(.typeMismatch, "calculus works on expressions, functions and arrays of them, not \(value.kindName)", at: range)
        }
    }

    /// `diff`, `grad`, `hessian`, `subs`, `simplify`, `expand`, `latex`
    /// (and `table`, which reads labels): operations on values whose
    /// operands follow the binding rule. Nil when `name` is not one of them.
    func specialForm(_ name: String, _ arguments: [Argument], _ scope: Scope, at range: SourceRange) throws -> Value? {
        guard Builtins.specialForms.contains(name) else { return nil }
        func requireCount(_ counts: ClosedRange<Int>, _ usage: String) throws {
            guard counts.contains(arguments.count) else {
                throw Diagnostic(.wrongArgumentCount, "\(name) takes \(counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)") argument\(counts.upperBound == 1 ? "" : "s")", at: range, notes: ["usage: \(usage)"])
            }
        }
        if name != "subs" && name != "table" {
            for argument in arguments where argument.label != nil {
                throw Diagnostic(.invalidArgument, "\(name) takes no named arguments", at: argument.labelRange ?? range)
            }
        }
        switch name {
        case "diff":
            try requireCount(2...3, "diff(e, x) or diff(e, x, n)")
            guard let variable = arguments[1].value.name else {
                throw Diagnostic(.invalidArgument, "diff differentiates with respect to a name", at: arguments[1].value.range)
            }
            var order = 1
            if arguments.count == 3 {
                guard let n = try evaluate(arguments[2].value, scope).scalar, n.rounded() == n, n >= 0, n <= 100 else {
                    throw Diagnostic(.invalidArgument, "the order of a derivative is a whole number from 0 to 100", at: arguments[2].value.range)
                }
                order = Int(n)
            }
            let value = try formulaOperand(try operand(arguments[0].value, naming: [variable], scope), scope, at: arguments[0].value.range)
            let derivative = try eachExpression(value, at: range) { try SymbolicAdapter.derivative($0, variable, order: order, at: range) }
            return try rebindingEnclosing(derivative, [variable], scope, at: range)
        case "grad", "hessian":
            try requireCount(1...2, "\(name)(f) or \(name)(e, [x, y])")
            let (parameters, body, columns) = try differentiable(arguments, scope, form: name)
            let expr = try canonical(body, at: arguments[0].value.range)
            let output: ExpressionArray
            if name == "grad" {
                output = .vector(try SymbolicAdapter.gradient(expr, parameters, at: range).map(SymbolicValue.init))
            } else {
                output = .matrix(try SymbolicAdapter.hessian(expr, parameters, at: range).map { $0.map(SymbolicValue.init) })
            }
            return .function(.derived(DerivedFunction(name: "\(name)(\(arguments[0].value.description))", parameters: parameters,
                                                      output: .array(output), columns: columns)))
        case "subs":
            guard arguments.count >= 1, arguments[0].label == nil, arguments.dropFirst().allSatisfy({ $0.label != nil }) else {
                throw Diagnostic(.invalidArgument, "subs takes an expression and name = value pairs", at: range, notes: ["usage: subs(e, x = 2, y = 3)"])
            }
            let names = arguments.dropFirst().compactMap(\.label)
            var bindings: [String: Value] = [:]
            for argument in arguments.dropFirst() { bindings[argument.label ?? ""] = try evaluate(argument.value, scope) }
            let value = try formulaOperand(try operand(arguments[0].value, naming: names, scope), scope, at: arguments[0].value.range)
            let substituted: Value
            switch value {
            case .symbolic(let e): substituted = try substitute(e, bindings, at: range)
            case .expressions(let a):
                substituted = try arrayValue(rows: a.rows, columns: a.columns, try a.elements.map { try substitute($0, bindings, at: range) }, at: range)
            default: substituted = value
            }
            return try rebindingEnclosing(substituted, names, scope, at: range)
        case "simplify", "expand":
            try requireCount(1...1, "\(name)(e)")
            let value = try operand(arguments[0].value, naming: [], scope)
            let rewrite: (Expr) throws -> Expr = { e in
                name == "simplify" ? try SymbolicAdapter.simplify(e, at: range) : try SymbolicAdapter.expand(e, at: range)
            }
            if case .function(.derived(let d)) = value {
                return .function(.derived(try d.mapOutputs { try .result(try rewrite(try canonical($0, at: range)), at: range) }))
            }
            return try eachExpression(try formulaOperand(value, scope, at: arguments[0].value.range), at: range, rewrite)
        case "latex":
            try requireCount(1...1, "latex(e)")
            let value = try formulaOperand(try operand(arguments[0].value, naming: [], scope), scope, at: arguments[0].value.range)
            return .string(try latex(value, at: range))
        case "table":
            return try makeTable(arguments, scope, at: range)
        default:
            return nil
        }
    }

    /// Names replaced by values: a number when nothing is left free (the
    /// formula evaluated as it stands), otherwise the substituted expression.
    private func substitute(_ e: SymbolicValue, _ bindings: [String: Value], at range: SourceRange) throws -> Value {
        let free = e.formula.freeSymbols.filter {
            Expr.constantValues[$0] == nil && bindings[$0] == nil && (try? tableColumn(named: $0, at: range)) == nil
        }
        if free.isEmpty || bindings.values.contains(where: { Evaluator.symbolic($0) == nil }) {
            return try evaluate(e.formula, bindings, at: range)
        }
        var replacements: [String: SymbolicValue] = [:]
        for (name, value) in bindings { if let s = Evaluator.symbolic(value) { replacements[name] = s } }
        return .symbolic(e.substituting(replacements))
    }

    /// LaTeX of an expression, a number, or an array (a vector as a column
    /// `bmatrix`, a matrix as a `bmatrix`).
    private func latex(_ value: Value, at range: SourceRange) throws -> String {
        func one(_ e: SymbolicValue) throws -> String {
            // What the user wrote keeps their order and decimals; results of algebra are typeset as printed.
            // A formula too large written out (`a = a + a`, 40 times) is typeset as it prints, if that is small.
            if e.isAsWritten && e.formula.nodeCount <= SymbolicValue.printableNodes { return e.formula.latex }
            if e.isTooLargeToPrint { throw SymbolicValue.tooLarge(at: range) }
            return try SymbolicAdapter.latex(try canonical(e, at: range), at: range)
        }
        switch value {
        case .symbolic(let e): return try one(e)
        case .number(let x): return try SymbolicAdapter.latex(.number(x), at: range)
        case .expressions(let a):
            let rows = a.rows == nil ? a.elements.map { [$0] } : a.rowArrays
            return "\\begin{bmatrix} " + (try rows.map { try $0.map(one).joined(separator: " & ") }.joined(separator: " \\\\ ")) + " \\end{bmatrix}"
        case .vector, .matrix:
            return try latex(try eachExpression(value, at: range) { $0 }, at: range)
        case .function(.derived(let d)):
            switch d.output {
            case .scalar(let e): return try one(e)
            case .array(let a): return try latex(.expressions(a), at: range)
            }
        default:
            throw Diagnostic(.typeMismatch, "latex writes expressions, functions and arrays of them, not \(value.kindName)", at: range)
        }
    }

    /// The variables and body for `grad`/`hessian`: a function's parameters
    /// and formula, or an expression with an explicit list of variables.
    func differentiable(_ arguments: [Argument], _ scope: Scope, form: String) throws -> ([String], SymbolicValue, [String: Value]) {
        if arguments.count == 2 {
            guard case .vector(let items) = arguments[1].value.kind, !items.isEmpty else {
                throw Diagnostic(.invalidArgument, "\(form) needs the variables as a list of names, as [x, y]", at: arguments[1].value.range)
            }
            var names: [String] = []
            for item in items {
                guard let n = item.name else { throw Diagnostic(.invalidArgument, "expected a variable name", at: item.range) }
                names.append(n)
            }
            let value = try formulaOperand(try operand(arguments[0].value, naming: names, scope), scope, at: arguments[0].value.range)
            guard let body = Evaluator.symbolic(value) else {
                throw Diagnostic(.invalidArgument, "\(form) of \(value.kindName) would not be a scalar function", at: arguments[0].value.range)
            }
            return (names, body, [:])
        }
        let value = try evaluate(arguments[0].value, scope)
        guard case .function(let function) = value, let parameters = function.parameters, !parameters.isEmpty else {
            throw Diagnostic(.invalidArgument, "\(form) takes a function, or an expression and its variables as \(form)(e, [x, y])", at: arguments[0].value.range)
        }
        if case .builtin = function {
            throw Diagnostic(.invalidArgument, "\(form) takes a function you defined", at: arguments[0].value.range)
        }
        let formula = try functionFormula(function, scope, at: arguments[0].value.range)
        guard let body = Evaluator.symbolic(formula.output) else {
            throw Diagnostic(.invalidArgument, "\(form) of '\(function.name)' would not be a scalar function", at: arguments[0].value.range)
        }
        return (formula.parameters, body, formula.columns)
    }

    /// `f'`, `f''`: the derivative of a one-parameter function.
    func derivativeFunction(of name: String, order: Int, _ scope: Scope, at range: SourceRange) throws -> Value {
        let marks = String(repeating: "'", count: order)
        let value = try lookup(name, at: range, scope)
        guard case .function(let function) = value else {
            if case .matrix = value { return try notDerivable(name, value, marks, range) }
            if case .vector = value { return try notDerivable(name, value, marks, range) }
            throw Diagnostic(.invalidArgument, "'\(name)' is \(value.kindName), not a function to differentiate", at: range)
        }
        let formula = try functionFormula(function, scope, at: range)
        guard formula.parameters.count == 1 else {
            throw Diagnostic(.invalidArgument, "'\(name)' has \(formula.parameters.count) parameters; \(name)\(marks) is for functions of one", at: range,
                             notes: ["use grad(\(name)) for the vector of partial derivatives"])
        }
        guard let body = Evaluator.symbolic(formula.output) else {
            throw Diagnostic(.invalidArgument, "\(name)\(marks) is for functions of one parameter with a number as value", at: range)
        }
        let parameter = formula.parameters[0]
        let derivative = try SymbolicAdapter.derivative(try canonical(body, at: range), parameter, order: order, at: range)
        return .function(.derived(DerivedFunction(name: name + marks, parameters: [parameter], output: .scalar(SymbolicValue(derivative)),
                                                  columns: formula.columns)))
    }

    private func notDerivable(_ name: String, _ value: Value, _ marks: String, _ range: SourceRange) throws -> Value {
        throw Diagnostic(.invalidArgument, "' is the derivative mark, and '\(name)' is \(value.kindName)", at: range,
                         notes: ["for the transpose write transpose(\(name))"])
    }

    /// `explain diff(e, x)`, `explain grad(f)`, `explain f'`.
    func explain(_ expression: ExpressionSyntax) throws -> String {
        let scope = Scope()
        switch expression.kind {
        case .call(let callee, let arguments) where callee.name == "diff" && arguments.count == 2:
            guard let variable = arguments[1].value.name else {
                throw Diagnostic(.invalidArgument, "diff differentiates with respect to a name", at: arguments[1].value.range)
            }
            let value = try formulaOperand(try operand(arguments[0].value, naming: [variable], scope), scope, at: arguments[0].value.range)
            guard let e = Evaluator.symbolic(value) else {
                throw Diagnostic(.invalidArgument, "explain shows the derivation of one expression", at: expression.range)
            }
            return try SymbolicAdapter.explain(e, variable, at: expression.range)
        case .call(let callee, let arguments) where callee.name == "grad" && (1...2).contains(arguments.count):
            let (parameters, body, _) = try differentiable(arguments, scope, form: "grad")
            return try parameters.map { "∂/∂\($0):\n" + (try SymbolicAdapter.explain(body, $0, at: expression.range)) }.joined(separator: "\n\n")
        case .derivative(let name, 1):
            guard case .function(let function) = try lookup(name, at: expression.range, scope),
                  case let formula = try functionFormula(function, scope, at: expression.range), formula.parameters.count == 1,
                  let body = Evaluator.symbolic(formula.output)
            else {
                throw Diagnostic(.invalidArgument, "explain \(name)' needs a function of one parameter", at: expression.range)
            }
            return try SymbolicAdapter.explain(body, formula.parameters[0], at: expression.range)
        default:
            throw Diagnostic(.invalidArgument, "explain shows derivations: explain diff(e, x), explain grad(f) or explain f'", at: expression.range)
        }
    }
}

extension Formula.Operator {
    /// The formula operator of a syntax operator (nil for `@`).
    init?(_ op: BinaryOperator) {
        guard let match = Formula.Operator(rawValue: op.rawValue) else { return nil }
        self = match
    }
}

extension BinaryOperator {
    /// The syntax operator of a formula operator.
    init(_ op: Formula.Operator) {
        self = BinaryOperator(rawValue: op.rawValue) ?? .add
    }
}

extension Value {
    var isBuiltinFunction: Bool {
        if case .function(.builtin) = self { return true }
        return false
    }
}
