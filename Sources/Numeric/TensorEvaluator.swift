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
    /// The table's columns (each a column's values by row), empty at a point.
    private let columns: [[Double]]
    public var rowCount: Int { columns.first?.count ?? 0 }
    private let values: UnsafeMutablePointer<Double>
    private let adjoints: UnsafeMutablePointer<Double>
    /// Nodes that a parameter flows into and that flow into the output:
    /// the only ones the backward pass visits.
    private let backwardNodes: [Int]
    /// True once the nodes that no column flows into hold their values for
    /// `cachedParameters` (they are the same for every row).
    private var rowIndependentReady = false
    private var cachedParameters: [Double] = []

    public init(program: TensorProgram, output: Int, columns: [[Double]]) {
        self.program = program
        self.output = output
        self.columns = columns
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
    }

    deinit {
        values.deallocate()
        adjoints.deallocate()
    }

    public var outputShape: TensorShape { program.nodes[output].shape }

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
    /// rows' terms divided by their count.
    public func mean(at parameters: [Double], rows: UnsafeBufferPointer<Int>?, gradient: Bool) throws -> (value: Double, gradient: [Double]) {
        let count = rows?.count ?? rowCount
        let width = 1 + (gradient ? program.parameterCount : 0)
        guard count > 0 else { return (.nan, [Double](repeating: .nan, count: width - 1)) }
        // NumPy's pairwise tree over the rows, one leaf (at most 128 rows) at
        // a time: each leaf keeps eight interleaved partial sums per output
        // (row i of the leaf goes to lane i mod 8) while whole groups of
        // eight last, combines them, then adds the rest in order.
        var lanes = [Double](repeating: -0.0, count: 8 * width)
        var rowTerms = [Double](repeating: 0, count: width)
        var stack: [[Double]] = []
        var walk = PairwiseWalk(count: count)
        rowIndependentReady = false
        repeat {
            let leafCount = walk.leafEnd - walk.leafStart
            let full = leafCount & ~7
            for j in 0..<lanes.count { lanes[j] = -0.0 }
            var total = [Double](repeating: 0, count: width)
            for i in 0..<leafCount {
                let row = rows.map { $0[walk.leafStart + i] } ?? (walk.leafStart + i)
                try forward(parameters, row: row, reuseRowIndependent: true)
                rowTerms[0] = values[program.nodes[output].offset]
                if gradient { rowTerms.withUnsafeMutableBufferPointer { backward(into: $0.baseAddress.map { $0 + 1 }) } }
                if i < full {
                    let lane = (i & 7) * width
                    for j in 0..<width { lanes[lane + j] += rowTerms[j] }
                    if i == full - 1 || i + 1 == leafCount {
                        for j in 0..<width {
                            total[j] = ((lanes[j] + lanes[width + j]) + (lanes[2 * width + j] + lanes[3 * width + j]))
                                + ((lanes[4 * width + j] + lanes[5 * width + j]) + (lanes[6 * width + j] + lanes[7 * width + j]))
                        }
                    }
                } else {
                    if i == full, full == 0 { for j in 0..<width { total[j] = -0.0 } }
                    for j in 0..<width { total[j] += rowTerms[j] }
                }
            }
            stack.append(total)
            for _ in 0..<walk.finishLeaf() {
                guard let right = stack.popLast(), var left = stack.popLast() else { break }
                for j in 0..<width { left[j] += right[j] }
                stack.append(left)
            }
        } while !walk.isFinished
        rowIndependentReady = false
        guard let sums = stack.first else { return (.nan, []) }
        let n = Double(count)
        // `numpy.sum` adds its identity +0 before dividing.
        let means = sums.map { (0 + $0) / n }
        return (means[0], Array(means.dropFirst()))
    }

    // MARK: Forward

    private func forward(_ parameters: [Double], row: Int, reuseRowIndependent: Bool = false) throws {
        let skip = reuseRowIndependent && rowIndependentReady && parameters == cachedParameters
        for index in program.nodes.indices {
            let node = program.nodes[index]
            if skip && !node.dependsOnColumn { continue }
            try compute(index, node, parameters, row)
        }
        if reuseRowIndependent && !skip {
            rowIndependentReady = true
            cachedParameters = parameters
        }
    }

    private func compute(_ index: Int, _ node: TensorProgram.Node, _ parameters: [Double], _ row: Int) throws {
        let out = values + node.offset
        let n = node.shape.count
        func input(_ k: Int) -> UnsafeMutablePointer<Double> { values + program.nodes[k].offset }
        switch node.operation {
        case .parameter(let k):
            let start = program.parameterOffsets[k]
            for i in 0..<n { out[i] = parameters[start + i] }
        case .column(let k):
            out[0] = columns[k][row]
        case .constant(let c):
            for i in 0..<n { out[i] = c[i] }
        case .negate(let a):
            let x = input(a)
            for i in 0..<n { out[i] = -x[i] }
        case .elementwise(let op, let a, let b):
            let x = input(a), y = input(b)
            let sa = program.nodes[a].shape, sb = program.nodes[b].shape
            for i in 0..<n { out[i] = op.apply(x[Self.source(i, sa, node.shape)], y[Self.source(i, sb, node.shape)]) }
        case .function(let f, let a):
            let x = input(a)
            let value = f.unaryValue ?? { f.evaluate([$0]) }
            for i in 0..<n { out[i] = value(x[i]) }
        case .matrixProduct(let a, let b):
            let (m, inner, columns) = Self.productDimensions(program.nodes[a].shape, program.nodes[b].shape)
            let x = input(a), y = input(b)
            for i in 0..<m {
                for j in 0..<columns {
                    var total = 0.0
                    for t in 0..<inner { total += x[i * inner + t] * y[t * columns + j] }
                    out[i * columns + j] = total
                }
            }
        case .sum(let a):
            out[0] = 0 + PairwiseSum.tree(input(a), program.nodes[a].shape.count)
        case .mean(let a):
            let count = program.nodes[a].shape.count
            out[0] = count == 0 ? .nan : (0 + PairwiseSum.tree(input(a), count)) / Double(count)
        case .norm(let a):
            let x = input(a)
            var total = 0.0
            for i in 0..<program.nodes[a].shape.count { total += x[i] * x[i] }
            out[0] = total.squareRoot()
        case .maximum(let a), .minimum(let a):
            let x = input(a)
            let count = program.nodes[a].shape.count
            guard count > 0 else { throw TensorEvaluationError(node: index, message: "max and min of nothing have no value") }
            let f: BuiltinFunction
            if case .maximum = node.operation { f = .max } else { f = .min }
            out[0] = f.evaluate(Array(UnsafeBufferPointer(start: x, count: count)))
        case .softmax(let a):
            let x = input(a)
            let scores = Array(UnsafeBufferPointer(start: x, count: n))
            let top = scores.max() ?? 0
            for i in 0..<n { out[i] = exponential(scores[i] - top) }
            let total = 0 + PairwiseSum.tree(out, n)
            for i in 0..<n { out[i] /= total }
        case .hinge(let s, let c):
            let scores = input(s)
            let count = program.nodes[s].shape.count
            let y = try classIndex(input(c)[0], count, index)
            var total = 0.0
            for j in 0..<count where j != y { total += Swift.max(0, scores[j] - scores[y] + 1) }
            out[0] = total
        case .crossentropy(let s, let c):
            let x = input(s)
            let count = program.nodes[s].shape.count
            let y = try classIndex(input(c)[0], count, index)
            let scores = Array(UnsafeBufferPointer(start: x, count: count))
            let top = scores.max() ?? 0
            let shifted = scores.map { exponential($0 - top) }
            out[0] = Foundation.log(PairwiseSum.of(shifted)) + top - scores[y]
        case .argmax(let a):
            let x = input(a)
            var best = 0
            for i in 0..<program.nodes[a].shape.count where x[i] > x[best] { best = i }
            out[0] = Double(best)
        case .gather(let a, let indices):
            let x = input(a)
            for i in 0..<n { out[i] = x[indices[i]] }
        case .concatenate(let parts):
            var position = 0
            for part in parts {
                let x = input(part)
                for i in 0..<program.nodes[part].shape.count {
                    out[position] = x[i]
                    position += 1
                }
            }
        }
    }

    private func classIndex(_ value: Double, _ count: Int, _ node: Int) throws -> Int {
        guard value.isFinite, value == value.rounded(), value >= 0, value < Double(count) else {
            throw TensorEvaluationError(node: node, message: "class \(formatNumber(value)) is out of range for \(count) scores (classes are 0 … \(count - 1))")
        }
        return Int(value)
    }

    /// The input element that output element `i` reads under broadcasting.
    @inline(__always)
    static func source(_ i: Int, _ input: TensorShape, _ output: TensorShape) -> Int {
        if input.count == 1 { return 0 }
        if input == output { return i }
        if case .vector(let n) = input { return i % n }
        return i
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
        for index in backwardNodes {
            let node = program.nodes[index]
            for i in 0..<node.shape.count { adjoints[node.offset + i] = 0 }
        }
        guard program.nodes[output].dependsOnParameter else { return }
        adjoints[program.nodes[output].offset] = 1
        for index in backwardNodes {
            let node = program.nodes[index]
            let g = adjoints + node.offset
            let out = values + node.offset
            let n = node.shape.count
            func needs(_ k: Int) -> Bool { program.nodes[k].dependsOnParameter }
            func value(_ k: Int) -> UnsafeMutablePointer<Double> { values + program.nodes[k].offset }
            func adjoint(_ k: Int) -> UnsafeMutablePointer<Double> { adjoints + program.nodes[k].offset }
            switch node.operation {
            case .parameter(let k):
                let start = program.parameterOffsets[k]
                for i in 0..<n { gradient[start + i] += g[i] }
            case .column, .constant, .argmax:
                break
            case .negate(let a):
                let da = adjoint(a)
                for i in 0..<n { da[i] -= g[i] }
            case .elementwise(let op, let a, let b):
                let sa = program.nodes[a].shape, sb = program.nodes[b].shape
                let x = value(a), y = value(b), da = adjoint(a), db = adjoint(b)
                let needA = needs(a), needB = needs(b)
                for i in 0..<n {
                    let ia = Self.source(i, sa, node.shape), ib = Self.source(i, sb, node.shape)
                    let u = x[ia], v = y[ib], gi = g[i]
                    switch op {
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
                    case .power:
                        // d u^v = v·u^(v−1)·du + u^v·ln(u)·dv (the second only where v varies).
                        if needA { da[ia] += gi * (v == 0 ? 0 : v * pythonPower(u, v - 1)) }
                        if needB { db[ib] += gi * out[i] * Foundation.log(u) }
                    default:
                        break
                    }
                }
            case .function(let f, let a):
                let x = value(a), da = adjoint(a)
                for i in 0..<n { da[i] += g[i] * Self.derivative(f, x[i], out[i]) }
            case .matrixProduct(let a, let b):
                let (m, inner, columns) = Self.productDimensions(program.nodes[a].shape, program.nodes[b].shape)
                let x = value(a), y = value(b)
                if needs(a) {
                    let da = adjoint(a)
                    for i in 0..<m {
                        for t in 0..<inner {
                            var total = 0.0
                            for j in 0..<columns { total += g[i * columns + j] * y[t * columns + j] }
                            da[i * inner + t] += total
                        }
                    }
                }
                if needs(b) {
                    let db = adjoint(b)
                    for t in 0..<inner {
                        for j in 0..<columns {
                            var total = 0.0
                            for i in 0..<m { total += x[i * inner + t] * g[i * columns + j] }
                            db[t * columns + j] += total
                        }
                    }
                }
            case .sum(let a):
                let da = adjoint(a)
                for i in 0..<program.nodes[a].shape.count { da[i] += g[0] }
            case .mean(let a):
                let da = adjoint(a)
                let count = program.nodes[a].shape.count
                for i in 0..<count { da[i] += g[0] / Double(count) }
            case .norm(let a):
                let x = value(a), da = adjoint(a)
                guard out[0] != 0 else { break }
                for i in 0..<program.nodes[a].shape.count { da[i] += g[0] * x[i] / out[0] }
            case .maximum(let a), .minimum(let a):
                // The subgradient goes to the first element that attains it.
                let x = value(a), da = adjoint(a)
                for i in 0..<program.nodes[a].shape.count where x[i] == out[0] || (x[i].isNaN && out[0].isNaN) {
                    da[i] += g[0]
                    break
                }
            case .softmax(let a):
                // ∂pᵢ/∂sⱼ = pᵢ(δᵢⱼ − pⱼ): dsⱼ = pⱼ(gⱼ − Σᵢ gᵢpᵢ).
                let da = adjoint(a)
                var inner = 0.0
                for i in 0..<n { inner += g[i] * out[i] }
                for j in 0..<n { da[j] += out[j] * (g[j] - inner) }
            case .hinge(let s, let c):
                let scores = value(s), ds = adjoint(s)
                let count = program.nodes[s].shape.count
                let y = Int(value(c)[0])
                // Each term max(0, sⱼ − s_y + 1) counts where it is positive (0 at the kink).
                for j in 0..<count where j != y && scores[j] - scores[y] + 1 > 0 {
                    ds[j] += g[0]
                    ds[y] -= g[0]
                }
            case .crossentropy(let s, let c):
                // ∂/∂sⱼ = softmax(s)ⱼ − [j = y].
                let x = value(s), ds = adjoint(s)
                let count = program.nodes[s].shape.count
                let y = Int(value(c)[0])
                let scores = Array(UnsafeBufferPointer(start: x, count: count))
                let top = scores.max() ?? 0
                let shifted = scores.map { exponential($0 - top) }
                let total = PairwiseSum.of(shifted)
                for j in 0..<count { ds[j] += g[0] * (shifted[j] / total - (j == y ? 1 : 0)) }
            case .gather(let a, let indices):
                let da = adjoint(a)
                for i in 0..<n { da[indices[i]] += g[i] }
            case .concatenate(let parts):
                var position = 0
                for part in parts {
                    let count = program.nodes[part].shape.count
                    if needs(part) {
                        let dp = adjoint(part)
                        for i in 0..<count { dp[i] += g[position + i] }
                    }
                    position += count
                }
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
