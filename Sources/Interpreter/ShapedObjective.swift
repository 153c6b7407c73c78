import Core
import Data
import Diagnostics
import Numeric
import Optimize
import Symbolic
import Syntax
import Training

/// A function of vector and matrix parameters as an objective: its
/// `TensorProgram` run at a point, or per row over a table with the mean
/// over the rows (over a batch, for sgd) in NumPy's pairwise order, and the
/// exact gradient by the backward pass. The optimisers see the parameters
/// flattened in order, each row-major (`W[0, 0]`, `W[0, 1]`, …, `b[0]`, …);
/// results give them back by name and shape.
final class ShapedObjective: Objective, RowObjective {
    let name: String
    /// The function's parameters, in order, and their shapes.
    let parameters: [String]
    let shapes: [TensorShape]
    /// One name per number: `W[0, 1]`, `b[2]`, `c` (what gradcheck lists).
    let parameterNames: [String]
    private let evaluator: TensorEvaluator
    private let origins: [ShapedTracer.Origin]
    /// True when the objective is a mean over a table's rows.
    let perRow: Bool
    let rowCount: Int
    var parameterCount: Int { parameterNames.count }

    /// Compiles `function` for parameters of the given shapes, per row over
    /// `table` when given. `range` is where errors point (the command's subject, or the call).
    /// `fusing` and `cachingFeatures` false choose `TensorEvaluator`'s slower paths (the tests compare them).
    init(evaluator session: Evaluator, function: UserFunction, shapes: [TensorShape], table: Table?, at range: SourceRange,
         fusing: Bool = true, cachingFeatures: Bool = true) throws {
        name = function.name
        parameters = function.parameters
        self.shapes = shapes
        var names: [String] = []
        for (parameter, shape) in zip(function.parameters, shapes) {
            switch shape {
            case .scalar: names.append(parameter)
            case .vector(let n): names += (0..<n).map { "\(parameter)[\($0)]" }
            case .matrix(let r, let c): names += (0..<r).flatMap { i in (0..<c).map { j in "\(parameter)[\(i), \(j)]" } }
            }
        }
        parameterNames = names
        // A per-row loss reads the table's numeric columns a parameter does not hide.
        var columns: [String] = []
        var data: [[Double]] = []
        if let table {
            for column in table.columns where !function.parameters.contains(column.name) {
                guard let numbers = column.numbers else { continue }
                columns.append(column.name)
                data.append(numbers)
            }
        }
        var tracer = ShapedTracer(evaluator: session, parameterShapes: shapes, columns: columns)
        let output = try tracer.trace(function, arguments: try tracer.parameterNodes(), at: range)
        // Missing values make the loss nan from the start: say which column
        // holds them before a run reports divergence (as for named numbers).
        for k in tracer.columnsRead.sorted() {
            let missing = data[k].reduce(0) { $1.isNaN ? $0 + 1 : $0 }
            guard missing > 0 else { continue }
            throw Diagnostic(.dataError, "column '\(columns[k])' has \(missing) missing value\(missing == 1 ? "" : "s") (nan) of \(data[k].count)",
                             at: range, notes: ["the loss would be nan from the start: drop or fill those rows first"])
        }
        perRow = table != nil
        rowCount = table?.rowCount ?? 0
        origins = tracer.origins
        evaluator = TensorEvaluator(program: tracer.program, output: output, columns: data, fusing: fusing, cachingFeatures: cachingFeatures)
    }

    var outputShape: TensorShape { evaluator.outputShape }

    /// True when the rows run through the fused linear classifier.
    var isFused: Bool { evaluator.fusesLinearClassifier }

    /// Checks that the output is a number (what an objective must be).
    func requireScalar(at range: SourceRange) throws {
        guard outputShape == .scalar else {
            throw Diagnostic(.typeMismatch, "the value of '\(name)' is \(outputShape), not a number", at: range,
                             notes: ["an objective gives one number: sum(…) or mean(…) of it, or a loss such as crossentropy(scores, y)"])
        }
    }

    /// A run-time error of the program, located where its operation was written.
    private func located<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TensorEvaluationError {
            let origin = origins.indices.contains(error.node) ? origins[error.node] : nil
            var diagnostic = Diagnostic(.evaluationError, error.message, at: origin?.range)
            if let note = origin?.note { diagnostic.locatedNotes.append(note) }
            throw diagnostic
        }
    }

    // MARK: Values

    /// The parameters of a flat point, by shape.
    func values(_ x: [Double]) -> [Value] {
        var result: [Value] = []
        var start = 0
        for shape in shapes {
            let part = Array(x[start..<(start + shape.count)])
            start += shape.count
            result.append(Self.value(part, shape))
        }
        return result
    }

    static func value(_ elements: [Double], _ shape: TensorShape) -> Value {
        switch shape {
        case .scalar: return .number(elements.first ?? .nan)
        case .vector: return .vector(elements)
        case .matrix(let r, let c): return .matrix(Matrix(rows: r, columns: c, elements: elements))
        }
    }

    /// The shape of a value given for a parameter, nil for a value that is not numbers.
    static func shape(of value: Value) -> (TensorShape, [Double])? {
        switch value {
        case .number, .boolean: return value.scalar.map { (.scalar, [$0]) }
        case .vector(let v): return (.vector(v.count), v)
        case .matrix(let m): return (.matrix(m.rows, m.columns), m.elements)
        default: return nil
        }
    }

    /// The function's value at a point: the mean over the rows for a
    /// per-row function (a number), else its output by shape.
    func output(_ x: [Double]) throws -> Value {
        if perRow { return .number(try value(x)) }
        let outputs = try located { try evaluator.value(at: x) }
        return Self.value(outputs, outputShape)
    }

    func value(_ x: [Double]) throws -> Double {
        try located {
            if perRow { return try evaluator.mean(at: x, rows: nil, gradient: false).value }
            return try evaluator.value(at: x)[0]
        }
    }

    func gradient(_ x: [Double]) throws -> [Double] { try valueAndGradient(x).gradient }

    func valueAndGradient(_ x: [Double]) throws -> (value: Double, gradient: [Double]) {
        try located {
            if perRow { return try evaluator.mean(at: x, rows: nil, gradient: true) }
            return try evaluator.valueAndGradient(at: x)
        }
    }

    // MARK: RowObjective (sgd)

    func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int>, into gradient: inout [Double]) throws {
        // sgd never reads a batch's loss (RowObjective): not computed.
        guard gradient.count == parameterCount else {
            let computed = try located { try evaluator.mean(at: parameters, rows: rows, gradient: true, value: false).gradient }
            for k in 0..<min(gradient.count, computed.count) { gradient[k] = computed[k] }
            return
        }
        try gradient.withUnsafeMutableBufferPointer { target in
            _ = try located { try evaluator.mean(at: parameters, rows: rows, value: false, gradientInto: target) }
        }
    }

    func meanLoss(at parameters: [Double]) throws -> Double { try value(parameters) }
}

extension Evaluator {
    /// True when `values` give a function of these parameters vectors or
    /// matrices for some of them, one value each: the call runs as a model
    /// (one vector for all of a function's numbers spreads as before).
    static func areShapedArguments(_ values: [Value], for parameters: [String]) -> Bool {
        guard values.count == parameters.count else { return false }
        let shaped = values.contains { value in
            switch value {
            case .vector, .matrix: return true
            default: return false
            }
        }
        guard shaped else { return false }
        // `F(v)` of a one-parameter F with a vector of one: the spread reading, as before.
        if parameters.count == 1, case .vector(let v) = values[0], v.count == 1 { return false }
        return values.allSatisfy { ShapedObjective.shape(of: $0) != nil }
    }

    /// `(F on T)(W, b)` with vector or matrix arguments: the mean over T's
    /// rows of F as a model; nil for other arguments.
    func applyShapedDataBound(_ bound: DataBoundFunction, _ values: [Value], at range: SourceRange) throws -> Value? {
        guard case .user(let f) = bound.function, Evaluator.areShapedArguments(values, for: f.parameters) else { return nil }
        let parts = values.compactMap(ShapedObjective.shape(of:))
        let objective = try ShapedObjective(evaluator: self, function: f, shapes: parts.map(\.0), table: bound.table, at: range)
        try objective.requireScalar(at: range)
        let mean = try objective.value(parts.flatMap(\.1))
        return .number(mean)
    }
}

extension Evaluator {
    /// `grad(F)(W0, b0)` with vector or matrix arguments: the exact gradient
    /// of F as a model (reverse mode), as shaped values — the one
    /// parameter's, or all of them by name (`g.W`, `g.b`). Nil for any other
    /// call, which then runs as before (`grad(F)` of scalar parameters is a
    /// printable function of its own), and for a function whose value at
    /// these arguments is not a number (`grad(f)([1, 2])` of f(x) = x^3,
    /// whose error stays the evaluator's).
    func shapedGradientCall(_ callee: ExpressionSyntax, _ arguments: [Argument], _ scope: Scope, at range: SourceRange) throws -> Value? {
        guard case .call(let inner, let innerArguments) = callee.kind, inner.name == "grad", innerArguments.count == 1,
              innerArguments[0].label == nil, arguments.allSatisfy({ $0.label == nil }),
              scope.locals["grad"] == nil, scope.columns["grad"] == nil, global("grad") == nil
        else { return nil }
        guard case .function(let function) = try evaluate(innerArguments[0].value, scope) else { return nil }
        var table: Table?
        let perRow: Function
        if case .dataBound(let bound) = function {
            perRow = bound.function
            table = bound.table
        } else {
            perRow = function
        }
        guard case .user(let f) = perRow else { return nil }
        let values = try arguments.map { try evaluate($0.value, scope) }
        guard Evaluator.areShapedArguments(values, for: f.parameters) else { return nil }
        let parts = values.compactMap(ShapedObjective.shape(of:))
        let objective = try ShapedObjective(evaluator: self, function: f, shapes: parts.map(\.0), table: table, at: range)
        // Not a number: no gradient; the call's own error says why.
        guard objective.outputShape == .scalar else { return nil }
        let gradient = objective.values(try objective.gradient(parts.flatMap(\.1)))
        if gradient.count == 1 { return gradient[0] }
        return .record(Record(kind: .namedValues, fields: Array(zip(f.parameters, gradient)).map { (name: $0.0, value: $0.1) }))
    }
}
