import Diagnostics
import Numeric
import Symbolic
import Syntax

/// An objective compiled into Numeric register programs, so a step costs no
/// tree walking: the value from the user's formula compiled in the order it
/// was written (values match Python's), the gradient and Hessian from their
/// simplified symbolic form. With a table, every output is the mean over
/// the rows (or over a batch), summed in Numeric's fixed 8-lane order.
final class CompiledObjective {
    let parameterCount: Int
    let table: ColumnTable?
    let columnNames: [String]
    private let session: Session
    private let function: UserFunction
    private let loss: ProgramEvaluator
    /// The gradient alone, compiled when first asked for: descend, BFGS and
    /// the classification of where they stopped use `joint`, so a large
    /// formula's gradient is usually compiled once, not twice.
    private var gradientOnly: ProgramEvaluator?
    private let gradientForms: [ExpressionSyntax]
    private let joint: ProgramEvaluator
    /// Built on first use: only Newton's method and the classification of
    /// where a run stopped need second derivatives.
    private var hessian: ProgramEvaluator?
    private var buffer: [Double] = []
    /// The joint program's point form (no table): what a descent step runs.
    private let jointAtPoint: PointEvaluator?
    /// `jointAtPoint` without reference counting, for the per-step call (as
    /// FunctionObjective's `borrowedCompiled`); `jointAtPoint` keeps it alive.
    private let borrowedJointAtPoint: Unmanaged<PointEvaluator>?
    private var jointOutputs: UnsafeMutableBufferPointer<Double>

    /// Why a formula could not be compiled; the caller then evaluates it
    /// with the interpreter instead.
    struct Unsupported: Error { var reason: String }

    /// `gradient` forms are the derivatives' printed, simplified forms
    /// parsed back: compiled as written, they give exactly the values
    /// `grad(f)(…)` and `f'(…)` show (exact for integer coefficients over a
    /// common denominator, where the canonical form's rational factors are not).
    init(session: Session, function: UserFunction, columns: [String: [Double]], gradient: [ExpressionSyntax]) throws {
        self.session = session
        self.function = function
        columnNames = columns.keys.sorted()
        parameterCount = function.parameters.count
        table = columns.isEmpty ? nil : try ColumnTable(columns: columns.keys.sorted().map { columns[$0] ?? [] })
        loss = try CompiledObjective.evaluator(session, function, columns.keys.sorted(), table != nil, loss: true, forms: [])
        gradientForms = gradient
        joint = try CompiledObjective.evaluator(session, function, columns.keys.sorted(), table != nil, loss: true, forms: gradient)
        jointAtPoint = table == nil ? try? PointEvaluator(program: joint.program) : nil
        borrowedJointAtPoint = jointAtPoint.map(Unmanaged.passUnretained)
        jointOutputs = .allocate(capacity: joint.program.outputCount)
        jointOutputs.initialize(repeating: 0)
    }

    deinit { jointOutputs.deallocate() }

    /// One program: optionally the user's formula first, then `forms`; with
    /// a table every output is its mean over the rows.
    private static func evaluator(_ session: Session, _ function: UserFunction, _ columnNames: [String], _ perRow: Bool,
                                  loss: Bool, forms: [ExpressionSyntax]) throws -> ProgramEvaluator {
        var b = ProgramBuilder(parameterCount: function.parameters.count, columnCount: columnNames.count)
        var names: [String: Register] = [:]
        for (index, name) in columnNames.enumerated() { names[name] = b.column(index) }
        for (index, name) in function.parameters.enumerated() { names[name] = b.parameter(index) }
        var compiler = SyntaxCompiler(session: session)
        var outputs: [Register] = []
        if loss { outputs.append(try compiler.compile(function.body, &b, names, depth: 0)) }
        for form in forms { outputs.append(try compiler.compile(form, &b, names, depth: 0)) }
        let reduced = perRow ? outputs.map { b.reduce(.mean, $0) } : outputs
        return ProgramEvaluator(program: try b.build(outputs: reduced))
    }

    private func run(_ evaluator: ProgramEvaluator, _ x: [Double], rows: ArraySlice<Int>? = nil) throws -> [Double] {
        if let table {
            if let rows {
                try evaluator.evaluate(parameters: x, over: table, rows: rows, into: &buffer)
            } else {
                try evaluator.evaluate(parameters: x, over: table, into: &buffer)
            }
        } else {
            try evaluator.evaluate(parameters: x, into: &buffer)
        }
        return buffer
    }

    func value(_ x: [Double]) throws -> Double { try run(loss, x)[0] }

    private func gradientEvaluator() throws -> ProgramEvaluator {
        if let gradientOnly { return gradientOnly }
        let compiled = try CompiledObjective.evaluator(session, function, columnNames, table != nil, loss: false, forms: gradientForms)
        gradientOnly = compiled
        return compiled
    }

    /// The mean gradient over a batch, written straight into `gradient`
    /// (no intermediate array: this runs once per SGD step).
    func batchGradient(_ x: [Double], rows: UnsafeBufferPointer<Int>, into gradient: inout [Double]) throws {
        guard let table else {
            try gradientEvaluator().evaluate(parameters: x, into: &gradient)
            return
        }
        try gradientEvaluator().evaluate(parameters: x, over: table, rows: rows, into: &gradient)
    }

    /// Starts loading a coming batch's rows into the cache (a hint, see
    /// `RowObjective.prefetch`); nothing before the first batch has compiled the gradient.
    func prefetchBatch(rows: UnsafeBufferPointer<Int>) {
        guard let table, let gradientOnly else { return }
        gradientOnly.prefetch(over: table, rows: rows)
    }

    func gradient(_ x: [Double], rows: ArraySlice<Int>? = nil) throws -> [Double] { try run(gradientEvaluator(), x, rows: rows) }

    func valueAndGradient(_ x: [Double]) throws -> (Double, [Double]) {
        let outputs = try run(joint, x)
        return (outputs[0], Array(outputs.dropFirst()))
    }

    /// F(x), with ∇F(x) written into `gradient`; at a point (no table) this
    /// allocates nothing.
    func valueAndGradient(_ x: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>) throws -> Double {
        let outputs: UnsafeMutableBufferPointer<Double>
        if let borrowedJointAtPoint, borrowedJointAtPoint._withUnsafeGuaranteedRef({ $0.evaluate(x, into: jointOutputs) }) {
            outputs = jointOutputs
        } else {
            let (value, computed) = try valueAndGradient(Array(x))
            _ = gradient.update(fromContentsOf: computed.prefix(gradient.count))
            return value
        }
        for i in 0..<min(gradient.count, outputs.count - 1) { gradient[i] = outputs[i + 1] }
        return outputs[0]
    }

    /// The Hessian as the Jacobian of the compiled gradient (forward-mode,
    /// exact to rounding), symmetrised; nil with a table (no point form).
    func hessianFromGradient(_ x: [Double]) -> [[Double]]? {
        // The joint program's outputs are F, then ∂F/∂xᵢ: rows 1… of its Jacobian are the Hessian.
        guard let jointAtPoint, let rows = jointAtPoint.jacobian(at: x), rows.count == parameterCount + 1 else { return nil }
        let jacobian = Array(rows.dropFirst())
        let n = parameterCount
        var symmetric = jacobian
        for i in 0..<n { for j in 0..<n { symmetric[i][j] = 0.5 * (jacobian[i][j] + jacobian[j][i]) } }
        return symmetric
    }

    /// The Hessian from its printed forms (row-major), compiling them the first time.
    func hessian(_ x: [Double], forms: @autoclosure () -> [ExpressionSyntax]) throws -> [[Double]] {
        if hessian == nil {
            hessian = try CompiledObjective.evaluator(session, function, columnNames, table != nil, loss: false, forms: forms())
        }
        guard let hessian else { return [] }
        let flat = try run(hessian, x)
        let n = parameterCount
        return (0..<n).map { Array(flat[($0 * n)..<(($0 + 1) * n)]) }
    }
}

/// Compiles a user's formula from its syntax tree, in the order written:
/// numbers, names (parameters, columns, bound numbers, constants), the
/// arithmetic operators and comparisons, built-ins with a Numeric operation,
/// `mean`/`sum` of a per-row value, and calls of the user's own functions
/// (inlined; columns stay visible inside them). Anything else is
/// `Unsupported` and the interpreter evaluates the formula instead.
struct SyntaxCompiler {
    let session: Session

    /// A user function's call already inlined into this program: the same
    /// function, argument registers and visible names compile to the same
    /// register (the builder shares equal nodes), so it is compiled once.
    /// Chebyshev polynomials written as `T8(y) = 2*y*T7(y) - T6(y)` call
    /// each other a Fibonacci number of times otherwise.
    private struct InlinedCall: Hashable {
        let function: String
        let arguments: [Register]
        let names: [String: Register]
    }

    /// Each inlined call's register, and how many levels below the call its
    /// compilation went (a reuse deeper down must still respect the limit).
    private var inlined: [InlinedCall: (register: Register, levels: Int)] = [:]
    /// The deepest level reached so far by the compilation under way.
    private var deepest = 0

    /// Off only in tests, which check that reuse changes no program.
    var reusesInlinedCalls = true

    init(session: Session) { self.session = session }

    static let unaryOperations: [String: UnaryOp] = [
        "exp": .exp, "ln": .ln, "log10": .log10, "sqrt": .sqrt, "abs": .abs, "sign": .sign,
        "sin": .sin, "cos": .cos, "tan": .tan, "asin": .asin, "acos": .acos, "atan": .atan, "tanh": .tanh,
        "sigmoid": .sigmoid, "σ": .sigmoid, "step": .step, "heaviside": .step, "hinge": .hinge,
    ]

    mutating func compile(_ e: ExpressionSyntax, _ b: inout ProgramBuilder, _ names: [String: Register], depth: Int) throws -> Register {
        guard depth < Session.maximumCallDepth else { throw CompiledObjective.Unsupported(reason: "nested too deeply") }
        deepest = max(deepest, depth)
        switch e.kind {
        case .number(let x):
            return b.constant(x)
        case .name(let name):
            if let register = names[name] { return register }
            if let x = session.globals[name]?.scalar { return b.constant(x) }
            if session.globals[name] == nil, let x = Builtins.constants[name] { return b.constant(x) }
            throw CompiledObjective.Unsupported(reason: "name '\(name)'")
        case .negate(let operand):
            return b.unary(.negate, try compile(operand, &b, names, depth: depth + 1))
        case .binary(let op, let left, let right):
            let l = try compile(left, &b, names, depth: depth + 1)
            let r = try compile(right, &b, names, depth: depth + 1)
            let operation: BinaryOp
            switch op {
            case .add: operation = .add
            case .subtract: operation = .subtract
            case .multiply: operation = .multiply
            case .divide: operation = .divide
            case .power: operation = .power
            case .equal: operation = .equal
            case .notEqual: operation = .notEqual
            case .less: operation = .less
            case .lessEqual: operation = .lessOrEqual
            case .greater: operation = .greater
            case .greaterEqual: operation = .greaterOrEqual
            case .matrixMultiply: throw CompiledObjective.Unsupported(reason: "@")
            }
            return b.binary(operation, l, r)
        case .call(let callee, let arguments):
            guard let name = callee.name, arguments.allSatisfy({ $0.label == nil }) else {
                throw CompiledObjective.Unsupported(reason: "call")
            }
            let args = try arguments.map { try compile($0.value, &b, names, depth: depth + 1) }
            if names[name] == nil, case .function(.user(let f))? = session.globals[name] {
                guard f.parameters.count == args.count else { throw CompiledObjective.Unsupported(reason: "arity") }
                let call = InlinedCall(function: name, arguments: args, names: names)
                if reusesInlinedCalls, let known = inlined[call], depth + 1 + known.levels < Session.maximumCallDepth {
                    deepest = max(deepest, depth + 1 + known.levels)
                    return known.register
                }
                var inner = names.filter { !f.parameters.contains($0.key) }
                for (parameter, register) in zip(f.parameters, args) { inner[parameter] = register }
                let outer = deepest
                deepest = depth + 1
                let register = try compile(f.body, &b, inner, depth: depth + 1)
                inlined[call] = (register, deepest - (depth + 1))
                deepest = max(outer, deepest)
                return register
            }
            guard names[name] == nil, session.globals[name] == nil else { throw CompiledObjective.Unsupported(reason: "'\(name)' is bound") }
            if let op = SyntaxCompiler.unaryOperations[name], args.count == 1 { return b.unary(op, args[0]) }
            switch (name, args.count) {
            case ("log", 1): return b.unary(.ln, args[0])
            case ("log", 2): return b.binary(.divide, b.unary(.ln, args[0]), b.unary(.ln, args[1]))
            case ("max", 2...): return args.dropFirst().reduce(args[0]) { b.binary(.maximum, $0, $1) }
            case ("min", 2...): return args.dropFirst().reduce(args[0]) { b.binary(.minimum, $0, $1) }
            case ("mean", 1): return b.reduce(.mean, args[0])
            case ("sum", 1): return b.reduce(.sum, args[0])
            default: throw CompiledObjective.Unsupported(reason: "built-in '\(name)'")
            }
        case .field(let base, let field):
            if case .name(let tableName) = base.kind, let register = names["\(tableName).\(field)"] { return register }
            throw CompiledObjective.Unsupported(reason: "field")
        default:
            throw CompiledObjective.Unsupported(reason: "expression")
        }
    }
}
