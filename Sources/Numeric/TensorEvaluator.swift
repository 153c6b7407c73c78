import CPrefetch
import Core
import Foundation
import Symbolic

/// Runs a `TensorProgram`: its value at a point or for one table row, the
/// gradient of a scalar output by the backward pass, and means over rows
/// (a whole table or a batch) summed in NumPy's pairwise order over the
/// rows, each gradient component on its own (as the scalar objectives'
/// compiled reductions and `sgd`'s batch gradients add them).
///
/// Not thread-safe: it owns its value and adjoint buffers.
public final class TensorEvaluator {
    public let program: TensorProgram
    /// The node whose value is the program's output.
    public let output: Int
    /// How many rows the table has (0 at a point).
    public let rowCount: Int
    let values: UnsafeMutablePointer<Double>
    private let adjoints: UnsafeMutablePointer<Double>
    /// Nodes that a parameter flows into and that flow into the output:
    /// the only ones the backward pass visits.
    private let backwardNodes: [Int]
    /// True once the nodes that no column flows into hold their values for
    /// `cachedParameters` (they are the same for every row).
    private var rowIndependentReady = false
    private var cachedParameters: [Double] = []
    /// The nodes lowered to plain records (no reference counting in the
    /// per-row loops), in order; `rowSteps` are those a column flows into.
    private let steps: [Step]
    private let rowSteps: [Step]
    private let backwardSteps: [Step]
    /// Side tables the steps index: constants' values, gathers' positions,
    /// concatenations' parts, built-in functions.
    private let constants: [[Double]]
    private let positions: [[Int]]
    private let parts: [[(offset: Int, count: Int, needsGradient: Bool)]]
    private let functions: [BuiltinFunction]
    /// The table's values row by row (`columnCount` numbers a row).
    private let rowMajor: UnsafeMutablePointer<Double>
    private let columnCount: Int
    /// The backward steps a column flows into (run per row) and the rest
    /// (run once per mean, from the boundary's mean adjoints).
    private let rowBackwardSteps: [Step]
    private let independentBackwardSteps: [Step]
    /// Where the per-row backward pass stops: each node's values and size.
    private let boundary: [(offset: Int, count: Int)]
    private let boundaryWidth: Int
    private let comparisons: [Formula.Operator]
    /// `mean`'s work space: eight lanes, a row's terms and a total, each 1 + `boundaryWidth` numbers.
    private let meanLanes: UnsafeMutablePointer<Double>
    private var walk = PairwiseWalk(count: 0)
    /// `mean`'s pending sums: one per level of the pairwise tree, and the leaf's.
    private let meanStack: UnsafeMutablePointer<Double>
    /// The steps no column flows into.
    private let independentSteps: [Step]
    /// Room for one node's values (softmax's and cross-entropy's exponentials).
    private let scratch: UnsafeMutablePointer<Double>
    /// The linear classifier's fused per-row part, when the program has that form (TensorEvaluator+Linear.swift).
    let linear: LinearClassifier?
    let linearBuffers: LinearClassifier.Buffers?

    /// A node as the loops read it: every field a plain value.
    struct Step {
        var kind: Kind
        var index: Int
        var offset: Int
        var count: Int
        /// The inputs' offsets and element counts (b unused by one-input kinds).
        var a: Int, aCount: Int, b: Int, bCount: Int
        /// How each input is read: 0 element for element, 1 one number for
        /// all, 2 a vector against a matrix's rows (element i mod n).
        var aMode: UInt8, bMode: UInt8
        var needsA: Bool, needsB: Bool
        /// Into the side table of its kind; for a product, the shape (m, inner, columns).
        var auxiliary: Int
        var m: Int, inner: Int, columns: Int
        var dependsOnColumn: Bool
        /// A power whose base is an array (a vector, a matrix or a per-row value) and whose
        /// exponent is a number: NumPy's rule (`arrayPower`), as the interpreter's arrays and table columns.
        var arrayToNumber = false

        enum Kind: UInt8 {
            case parameter, column, constant, negate, add, subtract, multiply, divide, power, comparison, function, larger, smaller
            case product, sum, mean, norm, maximum, minimum, softmax, hinge, crossentropy, argmax, gather, concatenate
            /// A vector of the row's columns (a concatenation of column nodes): `positions[auxiliary]` are the columns.
            case rowColumns
        }
    }

    /// With `fusing` false every row runs node by node, even a linear
    /// classifier (`LinearClassifier`); with `cachingFeatures` false a fused
    /// classifier computes its rows' features each pass, as for a table too
    /// large to keep them: the tests compare the three.
    public init(program: TensorProgram, output: Int, columns: [[Double]], fusing: Bool = true, cachingFeatures: Bool = true) {
        self.program = program
        self.output = output
        rowCount = columns.first?.count ?? 0
        let size = max(program.bufferSize, 1)
        values = .allocate(capacity: size)
        values.initialize(repeating: 0, count: size)
        adjoints = .allocate(capacity: size)
        adjoints.initialize(repeating: 0, count: size)
        var needed = [Bool](repeating: false, count: program.nodes.count)
        if program.nodes.indices.contains(output) { needed[output] = true }
        for index in program.nodes.indices.reversed() where needed[index] {
            for input in TensorProgram.inputs(of: program.nodes[index].operation) { needed[input] = true }
        }
        backwardNodes = program.nodes.indices.reversed().filter { needed[$0] && program.nodes[$0].dependsOnParameter }
        var constants: [[Double]] = [], positions: [[Int]] = [], parts: [[(offset: Int, count: Int, needsGradient: Bool)]] = []
        var functions: [BuiltinFunction] = []
        var comparisons: [Formula.Operator] = []
        var steps: [Step] = []
        for (index, node) in program.nodes.enumerated() {
            let inputs = TensorProgram.inputs(of: node.operation)
            func mode(_ input: Int) -> UInt8 {
                let shape = program.nodes[input].shape
                if shape.count == 1 && node.shape.count != 1 { return 1 }
                if shape != node.shape, case .vector = shape { return 2 }
                return 0
            }
            var step = Step(kind: .parameter, index: index, offset: node.offset, count: node.shape.count, a: 0, aCount: 0, b: 0, bCount: 0,
                            aMode: 0, bMode: 0, needsA: false, needsB: false, auxiliary: 0, m: 0, inner: 0, columns: 0,
                            dependsOnColumn: node.dependsOnColumn)
            if let first = inputs.first {
                step.a = program.nodes[first].offset
                step.aCount = program.nodes[first].shape.count
                step.aMode = mode(first)
                step.needsA = program.nodes[first].dependsOnParameter
            }
            if inputs.count == 2 {
                step.b = program.nodes[inputs[1]].offset
                step.bCount = program.nodes[inputs[1]].shape.count
                step.bMode = mode(inputs[1])
                step.needsB = program.nodes[inputs[1]].dependsOnParameter
            }
            switch node.operation {
            case .parameter(let k):
                step.kind = .parameter
                step.auxiliary = program.parameterOffsets[k]
            case .column(let k):
                step.kind = .column
                step.auxiliary = k
            case .constant(let values):
                step.kind = .constant
                step.auxiliary = constants.count
                constants.append(values)
            case .negate: step.kind = .negate
            case .elementwise(let op, _, _):
                switch op {
                case .add: step.kind = .add
                case .subtract: step.kind = .subtract
                case .multiply: step.kind = .multiply
                case .divide: step.kind = .divide
                case .power:
                    step.kind = .power
                    // An array's power by a number: the base a vector or matrix, or a
                    // per-row value (a column over the rows, as the scalar programs' block kernels).
                    let base = program.nodes[inputs[0]], exponent = program.nodes[inputs[1]]
                    step.arrayToNumber = (base.shape != .scalar || base.dependsOnColumn) && exponent.shape == .scalar && !exponent.dependsOnColumn
                default:
                    step.kind = .comparison
                    step.auxiliary = comparisons.count
                    comparisons.append(op)
                }
            case .function(let f, _):
                step.kind = .function
                step.auxiliary = functions.count
                functions.append(f)
            case .larger: step.kind = .larger
            case .smaller: step.kind = .smaller
            case .matrixProduct(let a, let b):
                step.kind = .product
                (step.m, step.inner, step.columns) = Self.productDimensions(program.nodes[a].shape, program.nodes[b].shape)
            case .sum: step.kind = .sum
            case .mean: step.kind = .mean
            case .norm: step.kind = .norm
            case .maximum: step.kind = .maximum
            case .minimum: step.kind = .minimum
            case .softmax: step.kind = .softmax
            case .hinge: step.kind = .hinge
            case .crossentropy: step.kind = .crossentropy
            case .argmax: step.kind = .argmax
            case .gather(_, let indices):
                step.kind = .gather
                step.auxiliary = positions.count
                positions.append(indices)
            case .concatenate(let inputs):
                var columnIndices: [Int] = []
                for input in inputs { if case .column(let k) = program.nodes[input].operation { columnIndices.append(k) } }
                if columnIndices.count == inputs.count {
                    // `[c1, c2, …]` from columns: read straight from the row.
                    step.kind = .rowColumns
                    step.auxiliary = positions.count
                    positions.append(columnIndices)
                } else {
                    step.kind = .concatenate
                    step.auxiliary = parts.count
                    parts.append(inputs.map { (program.nodes[$0].offset, program.nodes[$0].shape.count, program.nodes[$0].dependsOnParameter) })
                }
            }
            steps.append(step)
        }
        // A column node that only row vectors read needs no step of its own.
        var reads = [Int](repeating: 0, count: program.nodes.count)
        for (index, node) in program.nodes.enumerated() where steps[index].kind != .rowColumns {
            for input in TensorProgram.inputs(of: node.operation) { reads[input] += 1 }
        }
        if program.nodes.indices.contains(output) { reads[output] += 1 }
        let allSteps = steps
        steps.removeAll { $0.kind == .column && reads[$0.index] == 0 }
        self.steps = steps
        rowSteps = steps.filter(\.dependsOnColumn)
        independentSteps = steps.filter { !$0.dependsOnColumn }
        backwardSteps = backwardNodes.map { allSteps[$0] }
        rowBackwardSteps = backwardSteps.filter(\.dependsOnColumn)
        independentBackwardSteps = backwardSteps.filter { !$0.dependsOnColumn }
        // The boundary: nodes no column flows into that a parameter does, read
        // by a node a column flows into (or the output itself).
        var onBoundary = [Bool](repeating: false, count: program.nodes.count)
        for index in backwardNodes where program.nodes[index].dependsOnColumn {
            for input in TensorProgram.inputs(of: program.nodes[index].operation)
            where !program.nodes[input].dependsOnColumn && program.nodes[input].dependsOnParameter {
                onBoundary[input] = true
            }
        }
        if program.nodes.indices.contains(output), !program.nodes[output].dependsOnColumn, program.nodes[output].dependsOnParameter {
            onBoundary[output] = true
        }
        let boundaryNodes = program.nodes.indices.filter { onBoundary[$0] }
        boundary = boundaryNodes.map { (program.nodes[$0].offset, program.nodes[$0].shape.count) }
        linear = fusing ? LinearClassifier(program: program, output: output, rowSteps: rowSteps, boundary: boundaryNodes) : nil
        linearBuffers = linear.map { LinearClassifier.Buffers($0, caching: cachingFeatures) }
        let largestNode = program.nodes.reduce(1) { max($0, $1.shape.count) }
        scratch = .allocate(capacity: largestNode)
        scratch.initialize(repeating: 0, count: largestNode)
        boundaryWidth = boundary.reduce(0) { $0 + $1.count }
        meanLanes = .allocate(capacity: 10 * (1 + boundaryWidth))
        meanLanes.initialize(repeating: 0, count: 10 * (1 + boundaryWidth))
        meanStack = .allocate(capacity: (PairwiseWalk.maximumDepth + 1) * (1 + boundaryWidth))
        meanStack.initialize(repeating: 0, count: (PairwiseWalk.maximumDepth + 1) * (1 + boundaryWidth))
        self.constants = constants
        self.positions = positions
        self.parts = parts
        self.functions = functions
        self.comparisons = comparisons
        // Row-major: one row's columns are neighbours in memory, so a row
        // drawn at random (an sgd batch) costs a few cache lines, not one
        // miss per column (measured: a third of a digits epoch before).
        columnCount = columns.count
        rowMajor = .allocate(capacity: max(rowCount * columns.count, 1))
        for (k, column) in columns.enumerated() {
            for row in 0..<min(rowCount, column.count) { rowMajor[row * columns.count + k] = column[row] }
        }
    }

    deinit {
        values.deallocate()
        adjoints.deallocate()
        rowMajor.deallocate()
        scratch.deallocate()
        meanLanes.deallocate()
        meanStack.deallocate()
    }

    public var outputShape: TensorShape { program.nodes[output].shape }

    /// True when rows run through the fused linear classifier (`LinearClassifier`).
    public var fusesLinearClassifier: Bool { linear != nil }

    // MARK: At a point or one row

    /// The output's values for `row` (nil at a point: the program reads no column).
    public func value(at parameters: [Double], row: Int? = nil) throws -> [Double] {
        try forward(parameters, row: row ?? 0)
        let node = program.nodes[output]
        return Array(UnsafeBufferPointer(start: values + node.offset, count: node.shape.count))
    }

    /// The scalar output and its gradient with respect to the flat parameters.
    public func valueAndGradient(at parameters: [Double], row: Int? = nil) throws -> (value: Double, gradient: [Double]) {
        try forward(parameters, row: row ?? 0)
        var gradient = [Double](repeating: 0, count: program.parameterCount)
        gradient.withUnsafeMutableBufferPointer { backward(into: $0.baseAddress) }
        return (values[program.nodes[output].offset], gradient)
    }

    // MARK: Means over rows

    /// The mean of the scalar output over `rows` (every row when nil), and
    /// with `gradient` its gradient: each component the pairwise sum of the
    /// rows' terms divided by their count. With `value` false the value may
    /// be left out (a fused classifier takes no logarithms; the value returned
    /// is then meaningless).
    public func mean(at parameters: [Double], rows: UnsafeBufferPointer<Int>?, gradient: Bool,
                     value: Bool = true) throws -> (value: Double, gradient: [Double]) {
        guard gradient else { return (try mean(at: parameters, rows: rows, value: value, gradientInto: nil), []) }
        var result = [Double](repeating: 0, count: program.parameterCount)
        let mean = try result.withUnsafeMutableBufferPointer { try self.mean(at: parameters, rows: rows, value: value, gradientInto: $0) }
        return (mean, result)
    }

    /// The same, the gradient (when asked for) written into `target`
    /// (`parameterCount` numbers): no array per call, for sgd's batches.
    public func mean(at parameters: [Double], rows: UnsafeBufferPointer<Int>?, value: Bool = true,
                     gradientInto target: UnsafeMutableBufferPointer<Double>?) throws -> Double {
        let gradient = target != nil
        let count = rows?.count ?? rowCount
        // Per row: the value, then (for the gradient) the adjoints reaching
        // the boundary, the nodes that no column flows into.
        let width = 1 + (gradient ? boundaryWidth : 0)
        guard count > 0 else {
            if let target { target.update(repeating: .nan) }
            return .nan
        }
        // NumPy's pairwise tree over the rows, one leaf (at most 128 rows) at
        // a time: each leaf keeps eight interleaved partial sums per output
        // (row i of the leaf goes to lane i mod 8) while whole groups of
        // eight last, combines them, then adds the rest in order.
        let (lanes, rowTerms) = (meanLanes, meanLanes + 8 * width)
        // The pairwise tree's pending sums, `width` numbers each.
        var depth = 0
        walk.reset(count: count)
        rowIndependentReady = false
        defer { rowIndependentReady = false }
        let outputOffset = program.nodes[output].offset
        if let linear, let linearBuffers {
            // The row-independent values (the matrix, the bias, a regulariser) once.
            try forwardRowIndependent(parameters)
            linear.prepare(linearBuffers, values)
        }
        repeat {
            let leafCount = walk.leafEnd - walk.leafStart
            let full = leafCount & ~7
            // The leaf's total is summed in place, on top of the pending sums.
            let total = meanStack + depth * width
            total.update(repeating: -0.0, count: width)
            // (The fused classifier starts each lane from its first row's terms.)
            if linear == nil { lanes.update(repeating: -0.0, count: 8 * width) }
            if let linear, let linearBuffers {
                try linearLeaf(linear, linearBuffers, rows: rows, start: walk.leafStart, count: leafCount,
                               gradient: gradient, value: value || !gradient, width: width, lanes: lanes, total: total)
            } else {
                for i in 0..<leafCount {
                    let row = rows.map { $0[walk.leafStart + i] } ?? (walk.leafStart + i)
                    try forward(parameters, row: row, reuseRowIndependent: true)
                    rowTerms[0] = values[outputOffset]
                    if gradient { rowBackward(into: rowTerms + 1) }
                    if i < full {
                        let lane = lanes + (i & 7) * width
                        for j in 0..<width { lane[j] += rowTerms[j] }
                        if i == full - 1 {
                            for j in 0..<width {
                                total[j] = ((lanes[j] + lanes[width + j]) + (lanes[2 * width + j] + lanes[3 * width + j]))
                                    + ((lanes[4 * width + j] + lanes[5 * width + j]) + (lanes[6 * width + j] + lanes[7 * width + j]))
                            }
                        }
                    } else {
                        for j in 0..<width { total[j] += rowTerms[j] }
                    }
                }
            }
            depth += 1
            for _ in 0..<walk.finishLeaf() where depth >= 2 {
                let left = meanStack + (depth - 2) * width, right = left + width
                for j in 0..<width { left[j] += right[j] }
                depth -= 1
            }
        } while !walk.isFinished
        guard depth > 0 else { return .nan }
        let n = Double(count)
        // `numpy.sum` adds its identity +0 before dividing.
        let means = meanStack
        var j = 0
        while j + 4 <= width {  // four lanes at a time: lane-wise IEEE, the same bits
            let p = UnsafeMutableRawPointer(means + j)
            p.storeBytes(of: (SIMD4(repeating: 0) + p.loadUnaligned(as: SIMD4<Double>.self)) / SIMD4(repeating: n), as: SIMD4<Double>.self)
            j += 4
        }
        while j < width {
            means[j] = (0 + means[j]) / n
            j += 1
        }
        guard let target else { return means[0] }
        // The mean adjoints at the boundary, carried back once through the
        // part no column flows into (a regulariser, the parameters themselves).
        target.update(repeating: 0)
        backwardSteps.withUnsafeBufferPointer { list in
            for k in 0..<list.count { adjoints.advanced(by: list[k].offset).update(repeating: 0, count: list[k].count) }
        }
        var position = 1
        for node in boundary {
            (adjoints + node.offset).update(from: means + position, count: node.count)
            position += node.count
        }
        if let base = target.baseAddress {
            independentBackwardSteps.withUnsafeBufferPointer { list in
                for k in 0..<list.count { backward(list[k], base) }
            }
        }
        return means[0]
    }

    /// One row's adjoints at the boundary (written to `terms`), after a forward pass.
    private func rowBackward(into terms: UnsafeMutablePointer<Double>) {
        rowBackwardSteps.withUnsafeBufferPointer { list in
            for k in 0..<list.count { adjoints.advanced(by: list[k].offset).update(repeating: 0, count: list[k].count) }
        }
        for node in boundary { adjoints.advanced(by: node.offset).update(repeating: 0, count: node.count) }
        adjoints[program.nodes[output].offset] = 1
        if program.nodes[output].dependsOnColumn {
            rowBackwardSteps.withUnsafeBufferPointer { list in
                // No parameter step is among them (a parameter reads no column): nothing reaches `terms` directly.
                for k in 0..<list.count { backward(list[k], terms) }
            }
        }
        var position = 0
        for node in boundary {
            for i in 0..<node.count { terms[position + i] = adjoints[node.offset + i] }
            position += node.count
        }
    }

    // MARK: Forward

    func forward(_ parameters: [Double], row: Int, reuseRowIndependent: Bool = false) throws {
        let skip = reuseRowIndependent && rowIndependentReady && parameters == cachedParameters
        try parameters.withUnsafeBufferPointer { x in
            try (skip ? rowSteps : steps).withUnsafeBufferPointer { list in
                for k in 0..<list.count { try compute(list[k], x, row) }
            }
        }
        if reuseRowIndependent && !skip {
            rowIndependentReady = true
            cachedParameters = parameters
        }
    }

    /// The nodes no column flows into, at `parameters`: the rows' passes then skip them.
    private func forwardRowIndependent(_ parameters: [Double]) throws {
        try parameters.withUnsafeBufferPointer { x in
            try independentSteps.withUnsafeBufferPointer { list in
                for k in 0..<list.count { try compute(list[k], x, 0) }
            }
        }
        rowIndependentReady = true
        cachedParameters = parameters
    }

    @inline(__always)
    private static func read(_ base: UnsafeMutablePointer<Double>, _ mode: UInt8, _ count: Int, _ i: Int) -> Double {
        switch mode {
        case 0: return base[i]
        case 1: return base[0]
        default: return base[i % count]
        }
    }

    func compute(_ step: Step, _ parameters: UnsafeBufferPointer<Double>, _ row: Int) throws {
        let out = values + step.offset
        let n = step.count
        let x = values + step.a, y = values + step.b
        switch step.kind {
        case .parameter:
            if let base = parameters.baseAddress { out.update(from: base + step.auxiliary, count: n) }
        case .column:
            out[0] = rowMajor[row * columnCount + step.auxiliary]
        case .constant:
            constants[step.auxiliary].withUnsafeBufferPointer { c in for i in 0..<n { out[i] = c[i] } }
        case .negate:
            for i in 0..<n { out[i] = -x[i] }
        case .add:
            if step.aMode == 0 && step.bMode == 0 {
                for i in 0..<n { out[i] = x[i] + y[i] }
            } else {
                for i in 0..<n { out[i] = Self.read(x, step.aMode, step.aCount, i) + Self.read(y, step.bMode, step.bCount, i) }
            }
        case .subtract:
            for i in 0..<n { out[i] = Self.read(x, step.aMode, step.aCount, i) - Self.read(y, step.bMode, step.bCount, i) }
        case .multiply:
            if step.aMode == 1 && step.bMode == 0 {
                let u = x[0]
                for i in 0..<n { out[i] = u * y[i] }
            } else if step.aMode == 0 && step.bMode == 0 {
                for i in 0..<n { out[i] = x[i] * y[i] }
            } else {
                for i in 0..<n { out[i] = Self.read(x, step.aMode, step.aCount, i) * Self.read(y, step.bMode, step.bCount, i) }
            }
        case .divide:
            if step.aMode == 0 && step.bMode == 1 {
                let v = y[0]
                for i in 0..<n { out[i] = x[i] / v }
            } else {
                for i in 0..<n { out[i] = Self.read(x, step.aMode, step.aCount, i) / Self.read(y, step.bMode, step.bCount, i) }
            }
        case .power:
            if step.arrayToNumber {
                let e = y[0]
                if e == 2 {
                    for i in 0..<n { out[i] = x[i] * x[i] }  // arrayPower's square, without a test per element
                } else {
                    for i in 0..<n { out[i] = Self.arrayPower(x[i], e) }
                }
            } else {
                for i in 0..<n { out[i] = pythonPower(Self.read(x, step.aMode, step.aCount, i), Self.read(y, step.bMode, step.bCount, i)) }
            }
        case .comparison:
            let op = comparisons[step.auxiliary]
            for i in 0..<n { out[i] = op.apply(Self.read(x, step.aMode, step.aCount, i), Self.read(y, step.bMode, step.bCount, i)) }
        case .function:
            let f = functions[step.auxiliary]
            if let value = f.unaryValue {
                for i in 0..<n { out[i] = value(x[i]) }
            } else {
                for i in 0..<n { out[i] = f.evaluate([x[i]]) }
            }
        case .larger, .smaller:
            let f: BuiltinFunction = step.kind == .larger ? .max : .min
            for i in 0..<n { out[i] = f.evaluate([Self.read(x, step.aMode, step.aCount, i), Self.read(y, step.bMode, step.bCount, i)]) }
        case .product:
            // Each element is a dot product added in order from 0 (the
            // evaluator's `@`); the elements' sums advance together, t by t,
            // so the additions of different elements overlap (one element's
            // chain of dependent additions would wait on each other).
            let (m, inner, columns) = (step.m, step.inner, step.columns)
            for k in 0..<(m * columns) { out[k] = 0 }
            if columns == 1 {
                // Four rows at a time, each its own chain of additions in t
                // (kept in registers; the four chains overlap).
                var i = 0
                while i + 4 <= m {
                    let r0 = x + i * inner, r1 = r0 + inner, r2 = r1 + inner, r3 = r2 + inner
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    for t in 0..<inner {
                        let yt = y[t]
                        s0 += r0[t] * yt
                        s1 += r1[t] * yt
                        s2 += r2[t] * yt
                        s3 += r3[t] * yt
                    }
                    out[i] = s0
                    out[i + 1] = s1
                    out[i + 2] = s2
                    out[i + 3] = s3
                    i += 4
                }
                while i < m {
                    let r = x + i * inner
                    var total = 0.0
                    for t in 0..<inner { total += r[t] * y[t] }
                    out[i] = total
                    i += 1
                }
            } else {
                for i in 0..<m {
                    for t in 0..<inner {
                        let xit = x[i * inner + t]
                        for j in 0..<columns { out[i * columns + j] += xit * y[t * columns + j] }
                    }
                }
            }
        case .sum:
            out[0] = 0 + PairwiseSum.tree(x, step.aCount)
        case .mean:
            out[0] = step.aCount == 0 ? .nan : (0 + PairwiseSum.tree(x, step.aCount)) / Double(step.aCount)
        case .norm:
            var total = 0.0
            for i in 0..<step.aCount { total += x[i] * x[i] }
            out[0] = total.squareRoot()
        case .maximum, .minimum:
            guard step.aCount > 0 else { throw TensorEvaluationError(node: step.index, message: "max and min of nothing have no value") }
            out[0] = (step.kind == .maximum ? BuiltinFunction.max : BuiltinFunction.min).evaluate(Array(UnsafeBufferPointer(start: x, count: step.aCount)))
        case .softmax:
            let top = Self.largest(x, n)
            for i in 0..<n { out[i] = exponential(x[i] - top) }
            let total = 0 + PairwiseSum.tree(out, n)
            for i in 0..<n { out[i] /= total }
        case .hinge:
            let count = step.aCount
            let c = try classIndex(y[0], count, step.index)
            var total = 0.0
            for j in 0..<count where j != c { total += Swift.max(0, x[j] - x[c] + 1) }
            out[0] = total
        case .crossentropy:
            let count = step.aCount
            let c = try classIndex(y[0], count, step.index)
            out[0] = Foundation.log(shiftedExponentialSum(x, count)) + Self.largest(x, count) - x[c]
        case .argmax:
            var best = 0
            for i in 0..<step.aCount where x[i] > x[best] { best = i }
            out[0] = Double(best)
        case .gather:
            positions[step.auxiliary].withUnsafeBufferPointer { indices in for i in 0..<n { out[i] = x[indices[i]] } }
        case .concatenate:
            var position = 0
            for part in parts[step.auxiliary] {
                let source = values + part.offset
                for i in 0..<part.count { out[position + i] = source[i] }
                position += part.count
            }
        case .rowColumns:
            let rowValues = rowMajor + row * columnCount
            positions[step.auxiliary].withUnsafeBufferPointer { columns in for i in 0..<n { out[i] = rowValues[columns[i]] } }
        }
    }

    /// One element of `v^e`, v a vector or matrix and e a number, as NumPy
    /// computes `v**e` and the evaluator's arrays do (`Arithmetic.arrayPower`,
    /// the block kernels' rule too): `v*v` for 2, `sqrt(v)` for 0.5, `1/v`
    /// for −1, `pow` otherwise. A number to a power is Python's `pow`.
    @inline(__always)
    static func arrayPower(_ x: Double, _ exponent: Double) -> Double {
        switch exponent {
        case 2: return x * x
        case 0.5: return x < 0 ? .nan : x.squareRoot()
        case -1: return 1 / x
        default: return Foundation.pow(x, exponent)
        }
    }

    /// The largest score as Swift's `max()` of the array finds it (the evaluator's softmax shift).
    /// (`Sequence.max()` keeps its first element and takes each later one
    /// that compares larger, so a `nan` first stays and a later one is
    /// passed over; the same loop here, without building an array per row.)
    @inline(__always)
    static func largest(_ x: UnsafePointer<Double>, _ count: Int) -> Double {
        guard count > 0 else { return 0 }
        var result = x[0]
        for i in 1..<count where result < x[i] { result = x[i] }
        return result
    }

    /// Σ exp(sⱼ − max s) in the pairwise order, the terms into `scratch`
    /// (as many numbers as the largest node has; read by the backward pass).
    private func shiftedExponentialSum(_ x: UnsafeMutablePointer<Double>, _ count: Int) -> Double {
        let top = Self.largest(x, count)
        for j in 0..<count { scratch[j] = exponential(x[j] - top) }
        return 0 + PairwiseSum.tree(scratch, count)
    }

    func classIndex(_ value: Double, _ count: Int, _ node: Int) throws -> Int {
        guard value.isFinite, value == value.rounded(), value >= 0, value < Double(count) else {
            throw TensorEvaluationError(node: node, message: "class \(formatNumber(value)) is out of range for \(count) scores (classes are 0 … \(count - 1))")
        }
        return Int(value)
    }

    /// (rows of A, the shared dimension, columns of B) with a vector on the
    /// left read as a row and on the right as a column.
    static func productDimensions(_ a: TensorShape, _ b: TensorShape) -> (Int, Int, Int) {
        let (m, inner): (Int, Int)
        switch a {
        case .matrix(let r, let c): (m, inner) = (r, c)
        default: (m, inner) = (1, a.count)
        }
        switch b {
        case .matrix(_, let c): return (m, inner, c)
        default: return (m, inner, 1)
        }
    }

    // MARK: Backward

    /// Writes ∂output/∂parameters into `gradient` (parameterCount numbers),
    /// after a forward pass.
    private func backward(into gradient: UnsafeMutablePointer<Double>?) {
        guard let gradient else { return }
        for i in 0..<program.parameterCount { gradient[i] = 0 }
        backwardSteps.withUnsafeBufferPointer { list in
            for k in 0..<list.count {
                let step = list[k]
                for i in 0..<step.count { adjoints[step.offset + i] = 0 }
            }
            guard let first = list.first, first.index == output else { return }
            adjoints[first.offset] = 1
            for k in 0..<list.count { backward(list[k], gradient) }
        }
    }

    @inline(__always)
    private static func position(_ mode: UInt8, _ count: Int, _ i: Int) -> Int {
        switch mode {
        case 0: return i
        case 1: return 0
        default: return i % count
        }
    }

    private func backward(_ step: Step, _ gradient: UnsafeMutablePointer<Double>) {
        let g = adjoints + step.offset
        let out = values + step.offset
        let n = step.count
        let x = values + step.a, y = values + step.b
        let da = adjoints + step.a, db = adjoints + step.b
        let needA = step.needsA, needB = step.needsB
        switch step.kind {
        case .parameter:
            let target = gradient + step.auxiliary
            for i in 0..<n { target[i] += g[i] }
        case .column, .constant, .argmax, .comparison, .rowColumns:
            break
        case .negate:
            for i in 0..<n { da[i] -= g[i] }
        case .add, .subtract, .multiply, .divide, .power:
            if step.kind == .add && step.aMode == 0 && step.bMode == 0 {
                if needA { for i in 0..<n { da[i] += g[i] } }
                if needB { for i in 0..<n { db[i] += g[i] } }
                return
            }
            if step.kind == .power && step.aMode == 0 && step.bMode == 1 && !needB && y[0] == 2 {
                // A square (a regulariser's W^2): d u² = 2u du.
                for i in 0..<n { da[i] += g[i] * (2 * x[i]) }
                return
            }
            if step.kind == .multiply && step.aMode == 1 && step.bMode == 0 && !needA {
                let u = x[0]
                for i in 0..<n { db[i] += g[i] * u }
                return
            }
            for i in 0..<n {
                let ia = Self.position(step.aMode, step.aCount, i), ib = Self.position(step.bMode, step.bCount, i)
                let u = x[ia], v = y[ib], gi = g[i]
                switch step.kind {
                case .add:
                    if needA { da[ia] += gi }
                    if needB { db[ib] += gi }
                case .subtract:
                    if needA { da[ia] += gi }
                    if needB { db[ib] -= gi }
                case .multiply:
                    if needA { da[ia] += gi * v }
                    if needB { db[ib] += gi * u }
                case .divide:
                    if needA { da[ia] += gi / v }
                    if needB { db[ib] -= gi * out[i] / v }
                default:
                    // d u^v = v·u^(v−1)·du + u^v·ln(u)·dv (the second only where v varies).
                    // pow(u, 1) is u exactly, so a square's 2·u is the same double as
                    // 2·pow(u, 1), without a pow per element (a regulariser's sum(W^2) is in every row).
                    if needA { da[ia] += gi * (v == 0 ? 0 : (v == 2 ? 2 * u : v * pythonPower(u, v - 1))) }
                    if needB { db[ib] += gi * out[i] * Foundation.log(u) }
                }
            }
        case .function:
            let f = functions[step.auxiliary]
            for i in 0..<n { da[i] += g[i] * Self.derivative(f, x[i], out[i]) }
        case .larger, .smaller:
            // The subgradient follows the first argument that attains the result (`nan` wins).
            for i in 0..<n {
                let ia = Self.position(step.aMode, step.aCount, i), ib = Self.position(step.bMode, step.bCount, i)
                let u = x[ia], v = y[ib]
                let first = u.isNaN || (!v.isNaN && (step.kind == .larger ? u >= v : u <= v))
                if first {
                    if needA { da[ia] += g[i] }
                } else if needB {
                    db[ib] += g[i]
                }
            }
        case .product:
            let (m, inner, columns) = (step.m, step.inner, step.columns)
            if needA {
                if columns == 1 {
                    // A matrix times a vector: dA = g ⊗ y.
                    for i in 0..<m {
                        let gi = g[i]
                        for t in 0..<inner { da[i * inner + t] += gi * y[t] }
                    }
                } else {
                    for i in 0..<m {
                        for t in 0..<inner {
                            var total = 0.0
                            for j in 0..<columns { total += g[i * columns + j] * y[t * columns + j] }
                            da[i * inner + t] += total
                        }
                    }
                }
            }
            if needB {
                for t in 0..<inner {
                    for j in 0..<columns {
                        var total = 0.0
                        for i in 0..<m { total += x[i * inner + t] * g[i * columns + j] }
                        db[t * columns + j] += total
                    }
                }
            }
        case .sum:
            let gi = g[0]
            for i in 0..<step.aCount { da[i] += gi }
        case .mean:
            for i in 0..<step.aCount { da[i] += g[0] / Double(step.aCount) }
        case .norm:
            guard out[0] != 0 else { break }
            for i in 0..<step.aCount { da[i] += g[0] * x[i] / out[0] }
        case .maximum, .minimum:
            // The subgradient goes to the first element that attains it.
            for i in 0..<step.aCount where x[i] == out[0] || (x[i].isNaN && out[0].isNaN) {
                da[i] += g[0]
                break
            }
        case .softmax:
            // ∂pᵢ/∂sⱼ = pᵢ(δᵢⱼ − pⱼ): dsⱼ = pⱼ(gⱼ − Σᵢ gᵢpᵢ).
            var inner = 0.0
            for i in 0..<n { inner += g[i] * out[i] }
            for j in 0..<n { da[j] += out[j] * (g[j] - inner) }
        case .hinge:
            let c = Int(y[0])
            // Each term max(0, sⱼ − s_y + 1) counts where it is positive (0 at the kink).
            for j in 0..<step.aCount where j != c && x[j] - x[c] + 1 > 0 {
                da[j] += g[0]
                da[c] -= g[0]
            }
        case .crossentropy:
            // ∂/∂sⱼ = softmax(s)ⱼ − [j = y].
            let count = step.aCount
            let c = Int(y[0])
            let total = shiftedExponentialSum(x, count)
            let gc = g[0]
            for j in 0..<count { da[j] += gc * (scratch[j] / total - (j == c ? 1 : 0)) }
        case .gather:
            positions[step.auxiliary].withUnsafeBufferPointer { indices in for i in 0..<n { da[indices[i]] += g[i] } }
        case .concatenate:
            var position = 0
            for part in parts[step.auxiliary] {
                if part.needsGradient {
                    let dp = adjoints + part.offset
                    for i in 0..<part.count { dp[i] += g[position + i] }
                }
                position += part.count
            }
        }
    }

    /// f′ at x (with y = f(x)), fast for the common functions; otherwise
    /// from the function's own derivative rule.
    static func derivative(_ f: BuiltinFunction, _ x: Double, _ y: Double) -> Double {
        switch f {
        case .exp: return y
        case .ln: return 1 / x
        case .sqrt: return 0.5 / y
        case .tanh: return 1 - y * y
        case .sigmoid: return y * (1 - y)
        case .abs: return x > 0 ? 1 : (x < 0 ? -1 : 0)
        case .sin: return Foundation.cos(x)
        case .cos: return -Foundation.sin(x)
        case .hinge: return 1 - x > 0 ? -1 : 0
        case .sign, .step: return 0
        default: return f.derivativeValue(at: x)
        }
    }
}
