import Core
import Data
import Diagnostics
import Numeric
import Symbolic
import Syntax

/// Compiles a function whose parameters are vectors or matrices into a
/// `TensorProgram` (LANGUAGE.md "Shaped parameters"): the body is walked as
/// written, each operation on a parameter (or on a value computed from one,
/// or on a per-row column) becoming one node, calls of user functions
/// inlined. A part that reads neither a parameter nor a column is computed
/// once by the ordinary evaluator and enters the program as a constant, so
/// numbers mean here what they mean everywhere.
///
/// Inside a per-row function, `[c1, c2, …]` written from columns is the
/// current row's feature vector.
struct ShapedTracer {
    /// What a piece of the body became: a node of the program, or a value
    /// that depends on no parameter and no column.
    enum Traced {
        case node(Int)
        case value(Value)
    }

    /// Where a node came from, for errors found while it runs (a class out
    /// of range): the call that started the trace, and inside the function
    /// the operation's own text.
    struct Origin {
        let range: SourceRange
        let note: LocatedNote?
    }

    let evaluator: Evaluator
    var program: TensorProgram
    private(set) var origins: [Origin] = []
    /// Per-row columns by name, and their index in the program.
    private let columnIndex: [String: Int]
    private var columnNodes: [Int: Int] = [:]
    /// The columns the function reads, by their index in the program.
    var columnsRead: Set<Int> { Set(columnNodes.keys) }
    /// The functions being inlined, outermost first, with the range of each call.
    private var calls: [(function: UserFunction, range: SourceRange)] = []

    init(evaluator: Evaluator, parameterShapes: [TensorShape], columns: [String]) {
        self.evaluator = evaluator
        program = TensorProgram(parameterShapes: parameterShapes, columnCount: columns.count)
        var index: [String: Int] = [:]
        for (k, name) in columns.enumerated() { index[name] = k }
        columnIndex = index
    }

    /// The program's output node: `function` applied to its parameters
    /// (`arguments`, a node or value each), as called at `range`.
    mutating func trace(_ function: UserFunction, arguments: [Traced], at range: SourceRange) throws -> Int {
        let result = try inline(function, arguments, at: range)
        return try node(result, at: range)
    }

    /// The parameters as nodes, in order.
    mutating func parameterNodes() throws -> [Traced] {
        try program.parameterShapes.indices.map { k in .node(try add(.parameter(k), at: calls.last?.range ?? SourceRange(0, 0))) }
    }

    // MARK: Nodes

    private mutating func add(_ operation: TensorProgram.Operation, at range: SourceRange) throws -> Int {
        do {
            let index = try program.add(operation)
            origins.append(origin(range))
            return index
        } catch {
            throw Diagnostic(.shapeMismatch, error.message, at: range)
        }
    }

    private mutating func reshaped(_ node: Int, as shape: TensorShape, at range: SourceRange) throws -> Int {
        do {
            return try program.reshaped(node, as: shape)
        } catch {
            throw Diagnostic(.shapeMismatch, error.message, at: range)
        }
    }

    private func origin(_ range: SourceRange) -> Origin {
        guard let outer = calls.first, let inner = calls.last else { return Origin(range: range, note: nil) }
        return Origin(range: outer.range, note: LocatedNote("in '\(inner.function.name)', defined here", in: inner.function.source, at: range))
    }

    /// A traced piece as a node (a number, vector or matrix value becomes a constant).
    mutating func node(_ traced: Traced, at range: SourceRange) throws -> Int {
        switch traced {
        case .node(let index): return index
        case .value(let value):
            switch value {
            case .number, .boolean:
                return try add(.constant([value.scalar ?? .nan]), at: range)
            case .vector(let v):
                return try add(.constant(v), at: range)
            case .matrix(let m):
                return try reshaped(try add(.constant(m.elements), at: range), as: .matrix(m.rows, m.columns), at: range)
            case .symbolic(let e) where e.constantValue != nil:
                return try add(.constant([e.constantValue ?? .nan]), at: range)
            case .symbolic(let e):
                let names = e.formula.freeSymbols.sorted().map { "'\($0)'" }.joined(separator: ", ")
                throw Diagnostic(.unknownName, "\(names) \(names.contains(",") ? "are" : "is") neither a parameter, a column nor a bound name", at: range)
            default:
                throw Diagnostic(.typeMismatch, "a model computes with numbers, vectors and matrices, not \(value.kindName)", at: range)
            }
        }
    }

    // MARK: Walking the body

    private struct Locals {
        var nodes: [String: Int] = [:]
        var values: [String: Value] = [:]
    }

    private mutating func inline(_ function: UserFunction, _ arguments: [Traced], at range: SourceRange) throws -> Traced {
        guard calls.count < Evaluator.maximumCallDepth else {
            throw Diagnostic(.recursionTooDeep, "calls nested more than \(Evaluator.maximumCallDepth) deep (is '\(function.name)' recursive?)", at: range)
        }
        guard arguments.count == function.parameters.count else {
            throw Diagnostic(.invalidArgument, "'\(function.name)' takes \(function.parameters.count) argument\(function.parameters.count == 1 ? "" : "s"), not \(arguments.count)",
                             at: range)
        }
        var locals = Locals()
        for (parameter, argument) in zip(function.parameters, arguments) {
            switch argument {
            case .node(let index): locals.nodes[parameter] = index
            case .value(let value): locals.values[parameter] = value
            }
        }
        calls.append((function, range))
        defer { calls.removeLast() }
        do {
            return try walk(function.body, locals)
        } catch let diagnostic as Diagnostic {
            throw diagnostic.movedToCall(of: function, at: range)
        }
    }

    private func scope(_ locals: Locals) -> Scope {
        Scope(locals: locals.values, columns: [:], depth: calls.count)
    }

    /// True when `syntax` reads a traced name (a parameter, a column, a
    /// local holding a node) or calls a function of the user's, which is
    /// inlined rather than evaluated.
    private func readsTraced(_ syntax: ExpressionSyntax, _ locals: Locals) -> Bool {
        switch syntax.kind {
        case .number, .string, .derivative: return false
        case .name(let name):
            if locals.nodes[name] != nil { return true }
            if locals.values[name] != nil { return false }
            return columnIndex[name] != nil
        case .negate(let a), .field(let a, _): return readsTraced(a, locals)
        case .binary(_, let a, let b), .on(let a, let b): return readsTraced(a, locals) || readsTraced(b, locals)
        case .call(let callee, let arguments):
            if let name = callee.name, locals.values[name] == nil, case .function(.user)? = evaluator.global(name) { return true }
            return readsTraced(callee, locals) || arguments.contains { readsTraced($0.value, locals) }
        case .index(let base, let subscripts):
            return readsTraced(base, locals) || subscripts.contains { item in
                switch item {
                case .index(let e): return readsTraced(e, locals)
                case .slice(let a, let b, _): return (a.map { readsTraced($0, locals) } ?? false) || (b.map { readsTraced($0, locals) } ?? false)
                }
            }
        case .vector(let elements): return elements.contains { readsTraced($0, locals) }
        case .named(let values): return values.contains { readsTraced($0.value, locals) }
        }
    }

    private mutating func walk(_ syntax: ExpressionSyntax, _ locals: Locals) throws -> Traced {
        if !readsTraced(syntax, locals) { return .value(try evaluator.evaluate(syntax, scope(locals))) }
        let range = syntax.range
        switch syntax.kind {
        case .name(let name):
            if let index = locals.nodes[name] { return .node(index) }
            if let k = columnIndex[name] {
                if let known = columnNodes[k] { return .node(known) }
                let index = try add(.column(k), at: range)
                columnNodes[k] = index
                return .node(index)
            }
            return .value(try evaluator.evaluate(syntax, scope(locals)))
        case .negate(let operand):
            return .node(try add(.negate(try node(try walk(operand, locals), at: operand.range)), at: range))
        case .binary(let op, let left, let right):
            let a = try walk(left, locals), b = try walk(right, locals)
            if case .value(let x) = a, case .value(let y) = b {
                return .value(try evaluator.binary(op, x, y, at: range, operands: (left.range, right.range)))
            }
            let x = try node(a, at: left.range), y = try node(b, at: right.range)
            if op == .matrixMultiply { return .node(try add(.matrixProduct(x, y), at: range)) }
            guard let formulaOperator = Formula.Operator(rawValue: op.rawValue) else {
                throw Diagnostic(.invalidArgument, "'\(op.rawValue)' is not available on parameters", at: range)
            }
            return .node(try add(.elementwise(formulaOperator, x, y), at: range))
        case .vector(let elements):
            var parts: [Int] = []
            for element in elements { parts.append(try node(try walk(element, locals), at: element.range)) }
            return .node(try add(.concatenate(parts), at: range))
        case .index(let base, let subscripts):
            return .node(try index(try node(try walk(base, locals), at: base.range), subscripts, locals, at: range))
        case .call(let callee, let arguments):
            return try call(callee, arguments, locals, at: range)
        case .field, .on, .derivative, .named, .number, .string:
            throw Diagnostic(.invalidArgument, "this form is not available on parameters that are vectors or matrices", at: range)
        }
    }

    // MARK: Indexing

    private mutating func index(_ base: Int, _ subscripts: [Subscript], _ locals: Locals, at range: SourceRange) throws -> Int {
        for item in subscripts {
            let parts: [ExpressionSyntax?]
            switch item {
            case .index(let e): parts = [e]
            case .slice(let a, let b, _): parts = [a, b]
            }
            for case let e? in parts where readsTraced(e, locals) {
                throw Diagnostic(.invalidArgument, "an index must not depend on a parameter or a column", at: e.range)
            }
        }
        let scope = scope(locals)
        switch program.shape(of: base) {
        case .scalar:
            throw Diagnostic(.invalidArgument, "a number takes no index", at: range)
        case .vector(let n):
            guard subscripts.count == 1 else { throw Diagnostic(.invalidArgument, "a vector takes one index", at: range) }
            switch subscripts[0] {
            case .index(let e):
                let i = try evaluator.position(e, count: n, scope)
                return try reshaped(try add(.gather(base, [i]), at: range), as: .scalar, at: range)
            case .slice(let a, let b, _):
                return try add(.gather(base, Array(try evaluator.sliceBounds(a, b, count: n, scope))), at: range)
            }
        case .matrix(let r, let c):
            guard subscripts.count <= 2 else { throw Diagnostic(.invalidArgument, "a matrix takes at most two indices", at: range) }
            let rows: [Int]
            var rowsIsSlice = false
            switch subscripts[0] {
            case .index(let e): rows = [try evaluator.position(e, count: r, scope)]
            case .slice(let a, let b, _): rows = Array(try evaluator.sliceBounds(a, b, count: r, scope)); rowsIsSlice = true
            }
            var columns = Array(0..<c)
            var columnsIsSlice = true
            if subscripts.count == 2 {
                switch subscripts[1] {
                case .index(let e): columns = [try evaluator.position(e, count: c, scope)]; columnsIsSlice = false
                case .slice(let a, let b, _): columns = Array(try evaluator.sliceBounds(a, b, count: c, scope))
                }
            }
            let picked = try add(.gather(base, rows.flatMap { i in columns.map { i * c + $0 } }), at: range)
            switch (rowsIsSlice, columnsIsSlice) {
            case (false, false): return try reshaped(picked, as: .scalar, at: range)
            case (true, true): return try reshaped(picked, as: .matrix(rows.count, columns.count), at: range)
            default: return picked
            }
        }
    }

    // MARK: Calls

    private mutating func call(_ callee: ExpressionSyntax, _ arguments: [Argument], _ locals: Locals, at range: SourceRange) throws -> Traced {
        guard let name = callee.name else {
            throw Diagnostic(.invalidArgument, "call a function by its name inside a model", at: callee.range)
        }
        if locals.nodes[name] != nil || columnIndex[name] != nil {
            throw Diagnostic(.notCallable, "cannot call '\(name)'", at: callee.range, notes: ["write '*' to multiply: \(name)*(…)"])
        }
        for argument in arguments where argument.label != nil {
            throw Diagnostic(.invalidArgument, "\(name) takes no named arguments", at: argument.labelRange ?? range)
        }
        var traced: [Traced] = []
        for argument in arguments { traced.append(try walk(argument.value, locals)) }
        let bound = locals.values[name] ?? evaluator.global(name)
        if case .function(.user(let f))? = bound {
            return try inline(f, traced, at: range)
        }
        let values = traced.compactMap { if case .value(let v) = $0 { return v } else { return nil } }
        if values.count == traced.count {
            let function: Function
            if case .function(let f)? = bound { function = f } else { function = .builtin(name) }
            return .value(try evaluator.apply(function, values, scope(locals), at: range, argumentRanges: arguments.map(\.value.range)))
        }
        guard bound == nil else {
            throw Diagnostic(.invalidArgument, "'\(name)' cannot take parameters that are vectors or matrices", at: callee.range)
        }
        return .node(try builtin(name, traced, arguments, at: range))
    }

    /// A built-in applied to arguments of which at least one is a node.
    private mutating func builtin(_ name: String, _ traced: [Traced], _ arguments: [Argument], at range: SourceRange) throws -> Int {
        func argument(_ k: Int) throws -> Int { try node(traced[k], at: arguments[k].value.range) }
        func arity(_ allowed: ClosedRange<Int>) throws {
            guard allowed.contains(traced.count) else {
                throw Diagnostic(.invalidArgument, "\(name) takes \(allowed.lowerBound == allowed.upperBound ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) or \(allowed.upperBound)") argument\(allowed.upperBound == 1 ? "" : "s") here",
                                 at: range)
            }
        }
        switch name {
        case "sum", "mean", "norm", "softmax", "argmax":
            try arity(1...1)
            let a = try argument(0)
            let operation: TensorProgram.Operation
            switch name {
            case "sum": operation = .sum(a)
            case "mean": operation = .mean(a)
            case "norm": operation = .norm(a)
            case "softmax": operation = .softmax(a)
            default: operation = .argmax(a)
            }
            return try add(operation, at: range)
        case "max", "min":
            if traced.count == 1 {
                let a = try argument(0)
                return try add(name == "max" ? .maximum(a) : .minimum(a), at: range)
            }
            // Elementwise over several (`max(0, s)`), left to right: the first that attains it wins, as in max(a, b, …).
            var result = try argument(0)
            for k in 1..<traced.count {
                let next = try argument(k)
                result = try add(name == "max" ? .larger(result, next) : .smaller(result, next), at: range)
            }
            return result
        case "hinge":
            try arity(1...2)
            if traced.count == 1 { return try add(.function(.hinge, try argument(0)), at: range) }
            return try add(.hinge(try argument(0), try argument(1)), at: range)
        case "crossentropy":
            try arity(2...2)
            return try add(.crossentropy(try argument(0), try argument(1)), at: range)
        case "dot":
            try arity(2...2)
            let a = try argument(0), b = try argument(1)
            guard case .vector = program.shape(of: a), case .vector = program.shape(of: b) else {
                throw Diagnostic(.shapeMismatch, "dot takes two vectors", at: range)
            }
            return try add(.matrixProduct(a, b), at: range)
        case "transpose":
            try arity(1...1)
            let a = try argument(0)
            switch program.shape(of: a) {
            case .matrix(let r, let c):
                let indices = (0..<c).flatMap { j in (0..<r).map { i in i * c + j } }
                return try reshaped(try add(.gather(a, indices), at: range), as: .matrix(c, r), at: range)
            case .vector(let n):
                // As the evaluator's: a vector is a row, its transpose the n×1 column.
                return try reshaped(try add(.gather(a, Array(0..<n)), at: range), as: .matrix(n, 1), at: range)
            case .scalar:
                return a
            }
        case "polyval":
            // Horner's rule as the built-in: θₙ, then θₖ + x·y for k = n−1 … 0.
            try arity(2...2)
            let theta = try argument(0), x = try argument(1)
            guard case .vector(let n) = program.shape(of: theta), n > 0 else {
                throw Diagnostic(.shapeMismatch, "polyval's coefficients must be a vector", at: arguments[0].value.range)
            }
            func coefficient(_ k: Int) throws -> Int {
                try reshaped(try add(.gather(theta, [k]), at: range), as: .scalar, at: range)
            }
            var y = try coefficient(n - 1)
            for k in stride(from: n - 2, through: 0, by: -1) {
                y = try add(.elementwise(.add, try coefficient(k), try add(.elementwise(.multiply, x, y), at: range)), at: range)
            }
            return y
        case "log":
            try arity(1...2)
            let ln = try add(.function(.ln, try argument(0)), at: range)
            guard traced.count == 2 else { return ln }
            return try add(.elementwise(.divide, ln, try add(.function(.ln, try argument(1)), at: range)), at: range)
        default:
            if let function = BuiltinFunction.named(name), function.arity.contains(1), !function.isLinearReduction, traced.count == 1 {
                return try add(.function(function, try argument(0)), at: range)
            }
            throw Diagnostic(.invalidArgument, "\(name) is not available on parameters that are vectors or matrices", at: range,
                             notes: ["available: elementwise arithmetic, @, transpose, sum, mean, norm, max, min, softmax, hinge, crossentropy, argmax, dot, polyval, indexing and slicing, and the functions of one number"])
        }
    }
}
