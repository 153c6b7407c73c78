import Core
import Data
import Diagnostics
import Symbolic
import Syntax

/// A function obtained by differentiation (`f'`, `grad(f)`, `hessian(f)`):
/// callable, and printed as its expression, vector or matrix of expressions.
public struct DerivedFunction: Sendable {
    public enum Output: Sendable {
        case scalar(Expr)
        case vector([Expr])
        case matrix([[Expr]])
    }

    public var name: String
    public var parameters: [String]
    public var output: Output

    public var description: String {
        switch output {
        case .scalar(let e): return e.description
        case .vector(let v): return "[" + v.map(\.description).joined(separator: ", ") + "]"
        case .matrix(let m): return "[" + m.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        }
    }

    /// Each output's printed form, parsed back: a derived function
    /// evaluates the simplified expression it prints, exactly as written, so
    /// `f'(4)` of `(4*x^3 - 45*x^2 + 160*x - 180)/10` is Python's value of
    /// that formula.
    var syntax: [ExpressionSyntax] {
        let outputs: [Expr]
        switch output {
        case .scalar(let e): outputs = [e]
        case .vector(let v): outputs = v
        case .matrix(let m): outputs = m.flatMap { $0 }
        }
        return outputs.compactMap { try? Parser.parseExpression(SourceFile(displayName: nil, text: $0.description)) }
    }
}

extension Session {
    /// Calls a derived function: binds its parameters and evaluates each
    /// output's printed form with the ordinary evaluator (numbers, vectors
    /// of rows or symbolic arguments alike).
    func applyDerived(_ d: DerivedFunction, _ arguments: [Value], _ scope: Scope, at range: SourceRange) throws -> Value {
        let forms = d.syntax
        var inner = Scope(locals: [:], columns: scope.columns, depth: scope.depth + 1)
        for (parameter, value) in zip(d.parameters, arguments) { inner.locals[parameter] = value }
        func one(_ form: ExpressionSyntax) throws -> Value {
            do {
                return try evaluate(form, inner)
            } catch var diagnostic as Diagnostic {
                diagnostic.range = range
                diagnostic.notes.append("in '\(d.name)' = \(form.description)")
                throw diagnostic
            }
        }
        func scalar(_ v: Value) throws -> Double {
            guard let x = v.scalar else {
                throw Diagnostic(.typeMismatch, "'\(d.name)' gives \(v.kindName) here; gd holds vectors of numbers only", at: range,
                                 notes: ["bind every name the derivative uses, or call it with numbers"])
            }
            return x
        }
        switch d.output {
        case .scalar:
            guard let form = forms.first else { throw Diagnostic(.evaluationError, "'\(d.name)' cannot be evaluated", at: range) }
            return try one(form)
        case .vector(let v):
            guard forms.count == v.count else { throw Diagnostic(.evaluationError, "'\(d.name)' cannot be evaluated", at: range) }
            return .vector(try forms.map { try scalar(try one($0)) })
        case .matrix(let m):
            let columns = m.first?.count ?? 0
            guard forms.count == m.count * columns else { throw Diagnostic(.evaluationError, "'\(d.name)' cannot be evaluated", at: range) }
            return .matrix(Matrix(rows: m.count, columns: columns, elements: try forms.map { try scalar(try one($0)) }))
        }
    }

    // MARK: Arithmetic on symbolic values

    func symbolicBinary(_ op: BinaryOperator, _ a: Value, _ b: Value, at range: SourceRange) throws -> Value {
        func expr(_ v: Value) throws -> Expr {
            switch v {
            case .symbolic(let e): return e
            case .number(let x): return .number(x)
            case .boolean(let b): return .number(b ? 1 : 0)
            default:
                throw Diagnostic(.typeMismatch, "cannot combine \(v.kindName) with a symbolic expression", at: range,
                                 notes: ["an unbound name stays symbolic; bind it first (x = 2) to compute with vectors"])
            }
        }
        let x = try expr(a), y = try expr(b)
        switch op {
        case .add: return .symbolic(x + y)
        case .subtract: return .symbolic(x - y)
        case .multiply: return .symbolic(x * y)
        case .divide: return .symbolic(x / y)
        case .power: return .symbolic(.power(x, y))
        case .matrixMultiply:
            throw Diagnostic(.typeMismatch, "'@' needs vectors or matrices, not symbolic expressions", at: range)
        default:
            throw Diagnostic(.typeMismatch, "cannot compare symbolic expressions", at: range, notes: ["bind the names first"])
        }
    }

    // MARK: From syntax to symbolic expressions

    /// The expression `e` as a symbolic `Expr`: names in `bindings` become
    /// the given expressions (the variables of differentiation stay symbols),
    /// bound numbers become numbers, table columns become column symbols
    /// (`tips.tip`), and calls of user functions are inlined.
    func symbolicExpression(_ e: ExpressionSyntax, _ bindings: [String: Expr], _ scope: Scope, depth: Int = 0) throws -> Expr {
        var inlined = InlinedCalls()
        return try symbolicExpression(e, bindings, scope, depth: depth, &inlined)
    }

    /// User functions' calls already inlined during one conversion: a call
    /// binds only the function's own parameters, so the same function and
    /// arguments give the same expression, converted once. Chebyshev
    /// polynomials written as `T8(y) = 2*y*T7(y) - T6(y)` call each other a
    /// Fibonacci number of times otherwise.
    struct InlinedCalls {
        struct Call: Hashable {
            let function: String
            let arguments: [Expr]
        }

        /// Each call's expression, and how many levels below the call its
        /// conversion went (a reuse deeper down must still respect the limit).
        var entries: [Call: (expression: Expr, levels: Int)] = [:]
        /// The deepest level reached so far by the conversion under way.
        var deepest = 0
        /// Set when the conversion under way evaluated something (its result
        /// may then depend on the scope's depth): such calls are not reused.
        var evaluated = false
        /// Off only in tests, which check that reuse changes no result.
        var reuses = true
    }

    func symbolicExpression(_ e: ExpressionSyntax, _ bindings: [String: Expr], _ scope: Scope, depth: Int,
                                    _ inlined: inout InlinedCalls) throws -> Expr {
        guard depth < Session.maximumCallDepth else {
            throw Diagnostic(.recursionTooDeep, "functions nested more than \(Session.maximumCallDepth) deep", at: e.range)
        }
        inlined.deepest = max(inlined.deepest, depth)
        func convert(_ x: ExpressionSyntax) throws -> Expr { try symbolicExpression(x, bindings, scope, depth: depth + 1, &inlined) }
        func evaluated(_ x: ExpressionSyntax) throws -> Value {
            inlined.evaluated = true
            return try evaluate(x, scope)
        }
        switch e.kind {
        case .number(let x):
            return .number(x)
        case .name(let name):
            if let bound = bindings[name] { return bound }
            if let value = scope.locals[name] ?? scope.columns[name] ?? globals[name] {
                return try symbolicValue(value, name: name, at: e.range)
            }
            if name == "pi" || name == "π" || name == "e" { return .symbol(name == "π" ? "pi" : name) }
            return .symbol(name)
        case .negate(let operand):
            return -(try convert(operand))
        case .binary(let op, let left, let right):
            let x = try convert(left), y = try convert(right)
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .power: return .power(x, y)
            default: throw Diagnostic(.typeMismatch, "'\(op.rawValue)' has no derivative", at: e.range)
            }
        case .field(let base, let field):
            if case .name(let tableName) = base.kind, case .table(let table)? = globals[tableName] {
                guard table.column(named: field)?.isNumeric == true else {
                    _ = try column(of: table, field, at: e.range)
                    throw Diagnostic(.typeMismatch, "column '\(field)' is not numeric", at: e.range)
                }
                return .symbol("\(tableName).\(field)")
            }
            if case .name(let tableName) = base.kind, globals[tableName] == nil { return .symbol("\(tableName).\(field)") }
            return try symbolicValue(try evaluated(e), name: e.description, at: e.range)
        case .call(let callee, let arguments):
            let values = try arguments.map { try convert($0.value) }
            if case .derivative(let name, let order) = callee.kind {
                inlined.evaluated = true  // looked up in the scope, like an evaluation
                guard case .function(.derived(let d)) = try derivativeFunction(of: name, order: order, scope, at: callee.range),
                      case .scalar(let body) = d.output, let parameter = d.parameters.first, values.count == 1 else {
                    throw Diagnostic(.invalidArgument, "\(name)\(String(repeating: "'", count: order)) takes one argument", at: e.range)
                }
                return SymbolicAdapter.substitute(body, [parameter: values[0]])
            }
            guard let name = callee.name else { throw Diagnostic(.invalidArgument, "cannot differentiate through this call", at: e.range) }
            let bound = bindings[name] == nil ? (scope.locals[name] ?? globals[name]) : nil
            if case .function(.user(let f))? = bound {
                guard f.parameters.count == values.count else {
                    throw Diagnostic(.wrongArgumentCount, "'\(f.name)' takes \(f.parameters.count) arguments, not \(values.count)", at: e.range)
                }
                let call = InlinedCalls.Call(function: name, arguments: values)
                if inlined.reuses, let known = inlined.entries[call], depth + 1 + known.levels < Session.maximumCallDepth {
                    inlined.deepest = max(inlined.deepest, depth + 1 + known.levels)
                    return known.expression
                }
                var inner: [String: Expr] = [:]
                for (parameter, value) in zip(f.parameters, values) { inner[parameter] = value }
                let (outerDeepest, outerEvaluated) = (inlined.deepest, inlined.evaluated)
                (inlined.deepest, inlined.evaluated) = (depth + 1, false)
                let result = try symbolicExpression(
                    f.body, inner, Scope(locals: [:], columns: scope.columns, depth: scope.depth + 1), depth: depth + 1, &inlined)
                if !inlined.evaluated { inlined.entries[call] = (result, inlined.deepest - (depth + 1)) }
                (inlined.deepest, inlined.evaluated) = (max(outerDeepest, inlined.deepest), outerEvaluated || inlined.evaluated)
                return result
            }
            if case .function(.derived(let d))? = bound, case .scalar(let body) = d.output, d.parameters.count == values.count {
                return SymbolicAdapter.substitute(body, Dictionary(uniqueKeysWithValues: zip(d.parameters, values)))
            }
            if let bound, !(bound.isBuiltinFunction) {
                throw Diagnostic(.notCallable, "'\(name)' is \(bound.kindName), not a function", at: callee.range)
            }
            do {
                return try Expr.call(named: name, values)
            } catch {
                let suggestion = closestMatch(to: name, among: Builtins.allNames + Array(globals.keys))
                throw Diagnostic(.unknownFunction, "unknown function '\(name)'", at: callee.range, notes: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
            }
        default:
            return try symbolicValue(try evaluated(e), name: e.description, at: e.range)
        }
    }

    private func symbolicValue(_ value: Value, name: String, at range: SourceRange) throws -> Expr {
        switch value {
        case .number(let x): return .number(x)
        case .boolean(let b): return .number(b ? 1 : 0)
        case .symbolic(let e): return e
        case .function: throw Diagnostic(.typeMismatch, "'\(name)' is a function; call it with arguments", at: range)
        default: throw Diagnostic(.typeMismatch, "'\(name)' is \(value.kindName); symbolic calculus works on scalars", at: range)
        }
    }

    // MARK: Calculus forms

    /// `diff`, `grad`, `hessian`, `subs`, `simplify`, `expand`, `latex`,
    /// `table`: forms that read their arguments unevaluated. Nil when `name`
    /// is not one of them.
    func specialForm(_ name: String, _ arguments: [Argument], _ scope: Scope, at range: SourceRange) throws -> Value? {
        guard Builtins.specialForms.contains(name) else { return nil }
        func requireCount(_ counts: ClosedRange<Int>, _ usage: String) throws {
            guard counts.contains(arguments.count) else {
                throw Diagnostic(.wrongArgumentCount, "\(name) takes \(counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)") argument\(counts.upperBound == 1 ? "" : "s")", at: range, notes: ["usage: \(usage)"])
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
            let expression = try symbolicExpression(arguments[0].value, [variable: .symbol(variable)], scope)
            return .symbolic(try SymbolicAdapter.derivative(expression, variable, order: order, at: range))
        case "grad", "hessian":
            try requireCount(1...2, "\(name)(f) or \(name)(e, [x, y])")
            let (parameters, body) = try differentiable(arguments, scope, form: name)
            if name == "grad" {
                return .function(.derived(DerivedFunction(name: "grad(\(arguments[0].value.description))", parameters: parameters,
                                                          output: .vector(try SymbolicAdapter.gradient(body, parameters, at: range)))))
            }
            return .function(.derived(DerivedFunction(name: "hessian(\(arguments[0].value.description))", parameters: parameters,
                                                      output: .matrix(try SymbolicAdapter.hessian(body, parameters, at: range)))))
        case "subs":
            guard arguments.count >= 1, arguments.dropFirst().allSatisfy({ $0.label != nil }) else {
                throw Diagnostic(.invalidArgument, "subs takes an expression and name = value pairs", at: range, notes: ["usage: subs(e, x = 2, y = 3)"])
            }
            let expression = try symbolicOperand(arguments[0], scope)
            var replacements: [String: Expr] = [:]
            for argument in arguments.dropFirst() {
                replacements[argument.label ?? ""] = try symbolicExpression(argument.value, [:], scope)
            }
            let result = SymbolicAdapter.substitute(expression, replacements)
            if let number = try? SymbolicAdapter.evaluate(result, [:], at: range), SymbolicAdapter.freeSymbols(result).isEmpty { return .number(number) }
            return .symbolic(result)
        case "simplify", "expand", "latex":
            try requireCount(1...1, "\(name)(e)")
            let expression = try symbolicOperand(arguments[0], scope)
            switch name {
            case "simplify": return .symbolic(try SymbolicAdapter.simplify(expression, at: range))
            case "expand": return .symbolic(try SymbolicAdapter.expand(expression, at: range))
            default: return .string(try SymbolicAdapter.latex(expression, at: range))
            }
        case "table":
            return try makeTable(arguments, scope, at: range)
        default:
            return nil
        }
    }

    /// The operand of `simplify`, `latex`, …: an expression, or a function
    /// (its body in its own parameters).
    private func symbolicOperand(_ argument: Argument, _ scope: Scope) throws -> Expr {
        if let name = argument.value.name, case .function(.user(let f))? = globals[name] {
            return try symbolicExpression(f.body, Dictionary(uniqueKeysWithValues: f.parameters.map { ($0, Expr.symbol($0)) }), scope)
        }
        if let name = argument.value.name, case .function(.derived(let d))? = globals[name], case .scalar(let e) = d.output { return e }
        return try symbolicExpression(argument.value, [:], scope)
    }

    /// The variables and body for `grad`/`hessian`: a function's parameters
    /// and body, or an expression with an explicit list of variables.
    func differentiable(_ arguments: [Argument], _ scope: Scope, form: String) throws -> ([String], Expr) {
        if arguments.count == 2 {
            guard case .vector(let items) = arguments[1].value.kind, !items.isEmpty else {
                throw Diagnostic(.invalidArgument, "\(form) needs the variables as a list of names, as [x, y]", at: arguments[1].value.range)
            }
            var names: [String] = []
            for item in items {
                guard let n = item.name else { throw Diagnostic(.invalidArgument, "expected a variable name", at: item.range) }
                names.append(n)
            }
            let bindings = Dictionary(names.map { ($0, Expr.symbol($0)) }, uniquingKeysWith: { a, _ in a })
            return (names, try symbolicExpression(arguments[0].value, bindings, scope))
        }
        let value = try evaluate(arguments[0].value, scope)
        guard case .function(let function) = value, let parameters = function.parameters, !parameters.isEmpty else {
            throw Diagnostic(.invalidArgument, "\(form) takes a function, or an expression and its variables as \(form)(e, [x, y])", at: arguments[0].value.range)
        }
        switch function {
        case .user(let f):
            return (parameters, try symbolicExpression(f.body, Dictionary(uniqueKeysWithValues: parameters.map { ($0, Expr.symbol($0)) }), scope))
        case .derived(let d):
            guard case .scalar(let e) = d.output else {
                throw Diagnostic(.invalidArgument, "\(form) of '\(d.name)' would not be a scalar function", at: arguments[0].value.range)
            }
            return (parameters, e)
        case .builtin:
            throw Diagnostic(.invalidArgument, "\(form) takes a function you defined", at: arguments[0].value.range)
        }
    }

    /// `f'`, `f''`: the derivative of a one-parameter function.
    func derivativeFunction(of name: String, order: Int, _ scope: Scope, at range: SourceRange) throws -> Value {
        let marks = String(repeating: "'", count: order)
        let value = try lookup(name, at: range, scope)
        let parameter: String
        let body: Expr
        switch value {
        case .function(.user(let f)):
            guard f.parameters.count == 1 else {
                throw Diagnostic(.invalidArgument, "'\(name)' has \(f.parameters.count) parameters; \(name)\(marks) is for functions of one", at: range,
                                 notes: ["use grad(\(name)) for the vector of partial derivatives"])
            }
            parameter = f.parameters[0]
            body = try symbolicExpression(f.body, [parameter: .symbol(parameter)], scope)
        case .function(.derived(let d)):
            guard d.parameters.count == 1, case .scalar(let e) = d.output else {
                throw Diagnostic(.invalidArgument, "\(name)\(marks) is for functions of one parameter", at: range)
            }
            parameter = d.parameters[0]
            body = e
        case .function(.builtin(let builtin)):
            parameter = "x"
            body = try Expr.call(named: builtin, [.symbol("x")])
        case .matrix, .vector:
            throw Diagnostic(.invalidArgument, "' is the derivative mark, and '\(name)' is \(value.kindName)", at: range,
                             notes: ["for the transpose write transpose(\(name))"])
        default:
            throw Diagnostic(.invalidArgument, "'\(name)' is \(value.kindName), not a function to differentiate", at: range)
        }
        let derivative = try SymbolicAdapter.derivative(body, parameter, order: order, at: range)
        return .function(.derived(DerivedFunction(name: name + marks, parameters: [parameter], output: .scalar(derivative))))
    }

    /// `explain diff(e, x)`, `explain grad(f)`, `explain f'`.
    func explain(_ expression: ExpressionSyntax) throws -> String {
        let scope = Scope()
        switch expression.kind {
        case .call(let callee, let arguments) where callee.name == "diff" && arguments.count == 2:
            guard let variable = arguments[1].value.name else {
                throw Diagnostic(.invalidArgument, "diff differentiates with respect to a name", at: arguments[1].value.range)
            }
            let e = try symbolicExpression(arguments[0].value, [variable: .symbol(variable)], scope)
            return try SymbolicAdapter.explain(e, variable, at: expression.range)
        case .call(let callee, let arguments) where callee.name == "grad" && (1...2).contains(arguments.count):
            let (parameters, body) = try differentiable(arguments, scope, form: "grad")
            return try parameters.map { "∂/∂\($0):\n" + (try SymbolicAdapter.explain(body, $0, at: expression.range)) }.joined(separator: "\n\n")
        case .derivative(let name, 1):
            guard case .function(.user(let f)) = try lookup(name, at: expression.range, scope), f.parameters.count == 1 else {
                throw Diagnostic(.invalidArgument, "explain \(name)' needs a function of one parameter you defined", at: expression.range)
            }
            let body = try symbolicExpression(f.body, [f.parameters[0]: .symbol(f.parameters[0])], scope)
            return try SymbolicAdapter.explain(body, f.parameters[0], at: expression.range)
        default:
            throw Diagnostic(.invalidArgument, "explain shows derivations: explain diff(e, x), explain grad(f) or explain f'", at: expression.range)
        }
    }
}

extension Value {
    var isBuiltinFunction: Bool {
        if case .function(.builtin) = self { return true }
        return false
    }
}
