import Diagnostics
import Numeric
import Symbolic

/// An objective compiled into Numeric register programs, so a step costs no
/// tree walking: the value from the user's formula as written (values match
/// Python's), the gradient and Hessian from the layouts of their simplified
/// symbolic form (the values their printed forms give). With a table, every
/// output is the mean over the rows (or over a batch), summed in Numeric's
/// fixed order.
final class CompiledObjective {
    let parameterCount: Int
    let table: ColumnTable?
    let columnNames: [String]
    private let parameterNames: [String]
    private let perRow: Bool
    /// Per row, the outputs are sums over the rows (`reduce sum`), not means.
    private let sumsRows: Bool
    private let lossFormula: Formula
    private let loss: ProgramEvaluator
    /// The gradient alone, compiled when first asked for: descend, BFGS and
    /// the classification of where they stopped use `joint`, so a large
    /// formula's gradient is usually compiled once, not twice.
    private var gradientOnly: ProgramEvaluator?
    private let gradientForms: [Formula]
    private let hessianForms: () throws -> [Formula]
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

    /// `loss` is the formula as written; `gradient` the layouts of the
    /// partial derivatives and `hessian` (taken when first needed) those of
    /// the second partials, row-major. Symbols are parameters or columns.
    init(parameters: [String], columns: [String: [Double]], perRow: Bool, sumsRows: Bool = false, loss: Formula, gradient: [Formula],
         hessian: @escaping () throws -> [Formula]) throws {
        self.sumsRows = sumsRows
        parameterNames = parameters
        columnNames = columns.keys.sorted()
        parameterCount = parameters.count
        self.perRow = perRow
        lossFormula = loss
        gradientForms = gradient
        hessianForms = hessian
        table = columns.isEmpty ? nil : try ColumnTable(columns: columns.keys.sorted().map { columns[$0] ?? [] })
        self.loss = try CompiledObjective.evaluator(parameters, columnNames, perRow, sumsRows, [loss])
        joint = try CompiledObjective.evaluator(parameters, columnNames, perRow, sumsRows, [loss] + gradient)
        jointAtPoint = table == nil ? try? PointEvaluator(program: joint.program) : nil
        borrowedJointAtPoint = jointAtPoint.map(Unmanaged.passUnretained)
        jointOutputs = .allocate(capacity: joint.program.outputCount)
        jointOutputs.initialize(repeating: 0)
    }

    deinit { jointOutputs.deallocate() }

    /// One program computing `formulas` in order; per row, every output is
    /// its mean over the rows.
    private static func evaluator(_ parameters: [String], _ columnNames: [String], _ perRow: Bool, _ sumsRows: Bool,
                                  _ formulas: [Formula]) throws -> ProgramEvaluator {
        var b = ProgramBuilder(parameterCount: parameters.count, columnCount: columnNames.count)
        var names: [String: Register] = [:]
        for (index, name) in columnNames.enumerated() { names[name] = b.column(index) }
        for (index, name) in parameters.enumerated() { names[name] = b.parameter(index) }
        var outputs: [Register] = []
        for formula in formulas { outputs.append(try b.add(formula) { names[$0] }) }
        let reduced = perRow ? outputs.map { b.reduce(sumsRows ? .sum : .mean, $0) } : outputs
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
        let compiled = try CompiledObjective.evaluator(parameterNames, columnNames, perRow, sumsRows, gradientForms)
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

    /// What `batchGradient` runs over a table, bound to it for a loop that
    /// runs it every step (sgd's `evaluateBatch`); nil at a point or when
    /// the gradient does not compile.
    func batchGradientEvaluator() -> ProgramEvaluator? {
        guard let table, let evaluator = try? gradientEvaluator() else { return nil }
        do { try evaluator.bindBatches(to: table) } catch { return nil }
        return evaluator
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

    /// The Hessian from the layouts of the second partials (row-major),
    /// compiling them the first time (taking them may be refused as too
    /// large: `SymbolicAdapter.hessian`).
    func hessian(_ x: [Double]) throws -> [[Double]] {
        if hessian == nil {
            hessian = try CompiledObjective.evaluator(parameterNames, columnNames, perRow, sumsRows, try hessianForms())
        }
        guard let hessian else { return [] }
        let flat = try run(hessian, x)
        let n = parameterCount
        return (0..<n).map { Array(flat[($0 * n)..<(($0 + 1) * n)]) }
    }
}
