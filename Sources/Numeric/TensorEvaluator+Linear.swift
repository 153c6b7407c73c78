import Core
import Foundation

/// The lecture's linear classifier, fused: a per-row loss
///
///     crossentropy(M @ x + c, y) + R₁ + …      or      hinge(M @ x + c, y) + R₁ + …
///
/// with M an m×d matrix and c a vector of m that no column flows into (the
/// parameters W and b, or expressions of them), x a vector of d and y a
/// class that no parameter flows into (the row's features and label), and
/// R₁, … row-independent terms (regularisers), added on either side. Over a
/// leaf of rows (at most 128: a batch, or a stretch of the table) the
/// evaluator then computes the scores of all rows as one blocked product
/// (four classes by eight rows, from the features transposed), the
/// cross-entropy and its gradient with respect to the scores together, eight
/// rows at a time (softmax minus the one-hot label: no second pass of
/// exponentials), and adds each row's terms g ⊗ x straight into the pairwise
/// lanes, lane by lane in registers — instead of running every node for one
/// row at a time and copying its adjoints out. The features and labels,
/// which no parameter changes, are computed once for the table (`Buffers.cache`).
///
/// The arithmetic is the node-by-node evaluator's, element by element: each
/// score is a dot product added in order from 0, then the bias; the
/// cross-entropy's largest score, exponentials (`exponentialCore`, the same
/// bits as `exponential`), pairwise sum and quotients are the same
/// operations in each lane; a row's gradient terms are the same products
/// added to the same lanes in the same order. The one difference is the sign
/// of a zero: the node-by-node pass adds a product to a zeroed adjoint first
/// (0 + (−0) is +0), which can change a zero term's sign but no sum that is
/// not zero, and the mean's `0 + sum` makes every zero +0. So a model gives
/// the same bits either way (ShapedModelTests checks it against the
/// node-by-node pass, `fusing: false`, over random shapes, tables and batches).
struct LinearClassifier {
    /// Where M, x, c, y and R are in the evaluator's values.
    let matrix: Int, m: Int, d: Int
    let features: Int
    let bias: Int?
    let label: Int
    /// The loss node (where a class out of range is reported).
    let lossNode: Int
    let isHinge: Bool
    /// The row-independent terms, innermost first.
    let extras: [Int]
    /// Where the terms of M, c and each R start in a row's terms (after its value), when a parameter flows into them.
    let matrixTerm: Int?, biasTerm: Int?
    let extraTerms: [Int]
    /// The per-row steps no parameter flows into (the features and the label), in order.
    let dataSteps: [TensorEvaluator.Step]
    /// m rounded up to whole blocks of four classes (M's rows, the scores), and to eight (a row of score gradients).
    var paddedM: Int { (m + 3) & ~3 }
    var scorePitch: Int { (m + 7) & ~7 }

    /// The fused form of `program`'s per-row part, or nil when it has another form.
    init?(program: TensorProgram, output: Int, rowSteps: [TensorEvaluator.Step], boundary: [Int]) {
        let nodes = program.nodes
        guard nodes.indices.contains(output), nodes[output].shape == .scalar, nodes[output].dependsOnColumn else { return nil }
        var fused: Set<Int> = [output]
        var lossIndex = output
        var extraIndices: [Int] = []
        // Sums with row-independent terms, down to the loss (each passes its adjoint 1 on unchanged).
        while case .elementwise(.add, let a, let b) = nodes[lossIndex].operation {
            guard nodes[a].shape == .scalar, nodes[b].shape == .scalar else { return nil }
            if nodes[a].dependsOnColumn && !nodes[b].dependsOnColumn {
                lossIndex = a
                extraIndices.insert(b, at: 0)
            } else if nodes[b].dependsOnColumn && !nodes[a].dependsOnColumn {
                lossIndex = b
                extraIndices.insert(a, at: 0)
            } else {
                return nil
            }
            fused.insert(lossIndex)
        }
        let scoresIndex: Int, labelIndex: Int
        switch nodes[lossIndex].operation {
        case .crossentropy(let s, let y): (scoresIndex, labelIndex, isHinge) = (s, y, false)
        case .hinge(let s, let y): (scoresIndex, labelIndex, isHinge) = (s, y, true)
        default: return nil
        }
        // (At most a leaf of classes: a row's exponentials are then summed as one leaf.)
        guard case .vector(let m) = nodes[scoresIndex].shape, m > 0, m <= PairwiseSum.leafLimit,
              nodes[labelIndex].shape == .scalar, !nodes[labelIndex].dependsOnParameter else { return nil }
        fused.insert(scoresIndex)
        var productIndex = scoresIndex
        var biasIndex: Int?
        if case .elementwise(.add, let a, let b) = nodes[scoresIndex].operation {
            let (p, c) = nodes[a].dependsOnColumn ? (a, b) : (b, a)
            guard !nodes[c].dependsOnColumn, nodes[c].shape == .vector(m) else { return nil }
            (productIndex, biasIndex) = (p, c)
            fused.insert(p)
        }
        guard case .matrixProduct(let matrixIndex, let featuresIndex) = nodes[productIndex].operation,
              case .matrix(let rows, let d) = nodes[matrixIndex].shape, rows == m, d > 0,
              !nodes[matrixIndex].dependsOnColumn,
              nodes[featuresIndex].shape == .vector(d), nodes[featuresIndex].dependsOnColumn,
              !nodes[featuresIndex].dependsOnParameter
        else { return nil }
        // Every per-row node a parameter flows into is one of these, and the
        // row's terms are those of M, c and R only.
        guard Set(rowSteps.map(\.index).filter { nodes[$0].dependsOnParameter }) == fused else { return nil }
        var matrixTerm: Int?, biasTerm: Int?
        var extraTerms: [Int] = []
        var position = 1
        for node in boundary {
            if node == matrixIndex {
                matrixTerm = position
            } else if node == biasIndex {
                biasTerm = position
            } else if extraIndices.contains(node) {
                extraTerms.append(position)
            } else {
                return nil
            }
            position += nodes[node].shape.count
        }
        // A term added twice (R + R) would pass 2 to its node: not this form.
        guard Set(extraIndices).count == extraIndices.count else { return nil }
        self.m = m
        self.d = d
        matrix = nodes[matrixIndex].offset
        features = nodes[featuresIndex].offset
        bias = biasIndex.map { nodes[$0].offset }
        label = nodes[labelIndex].offset
        lossNode = lossIndex
        extras = extraIndices.map { nodes[$0].offset }
        self.matrixTerm = matrixTerm
        self.biasTerm = biasTerm
        self.extraTerms = extraTerms
        dataSteps = rowSteps.filter { !nodes[$0.index].dependsOnParameter }
    }

    /// Work space for one leaf of rows, allocated once per evaluator, and
    /// the table's features and labels once computed (`cache`).
    final class Buffers {
        /// M with its rows padded to whole blocks of four (zeros).
        let matrix: UnsafeMutablePointer<Double>
        /// The leaf's features transposed: feature t of row i at t·stride + i (stride: 128).
        let transposed: UnsafeMutablePointer<Double>
        /// The leaf's features row by row (d a row) and labels, when there is no cache.
        let features: UnsafeMutablePointer<Double>
        let labels: UnsafeMutablePointer<Double>
        /// Scores class by class (`stride` a class), the gradient with respect
        /// to them (`scorePitch` a row), losses; one block's exponentials (eight a class).
        let scores: UnsafeMutablePointer<Double>
        let exponentials: UnsafeMutablePointer<Double>
        /// The leaf's rows' classes.
        let classes: UnsafeMutablePointer<Int>
        let scoreGradients: UnsafeMutablePointer<Double>
        let losses: UnsafeMutablePointer<Double>
        /// Where each of the leaf's rows' features are (a whole block of eight more).
        let rowFeatures: UnsafeMutablePointer<UnsafePointer<Double>>
        /// Every row's features (d a row), every row's label, then the features
        /// transposed (`tablePitch` a feature), computed at the first pass: they depend on no parameter, and sgd reads each row
        /// once an epoch. Nil until then, and for tables larger than `cacheLimit` numbers.
        var cache: UnsafeMutablePointer<Double>?
        var cacheTried = false
        /// The pitch of the cache's transposed rows (rowCount rounded up to eight).
        var tablePitch = 0
        /// 32 MB at most (4·2²⁰ numbers); a larger table's rows are computed each time.
        static let cacheLimit = 1 << 22
        static let stride = PairwiseSum.leafLimit

        init(_ model: LinearClassifier, caching: Bool) {
            cacheTried = !caching
            func zeros(_ count: Int) -> UnsafeMutablePointer<Double> {
                let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
                p.initialize(repeating: 0, count: count)
                return p
            }
            matrix = zeros(model.paddedM * model.d)
            transposed = zeros(model.d * Self.stride)
            features = zeros(Self.stride * model.d)
            labels = zeros(Self.stride)
            scores = zeros(Self.stride * model.paddedM)
            exponentials = zeros(8 * model.m)
            classes = .allocate(capacity: Self.stride)
            classes.initialize(repeating: 0, count: Self.stride)
            scoreGradients = zeros(Self.stride * model.scorePitch)
            losses = zeros(Self.stride)
            rowFeatures = .allocate(capacity: Self.stride + 8)
            rowFeatures.initialize(repeating: UnsafePointer(features), count: Self.stride + 8)
        }

        deinit {
            for p in [matrix, transposed, features, labels, scores, exponentials, scoreGradients, losses] { p.deallocate() }
            rowFeatures.deallocate()
            classes.deallocate()
            cache?.deallocate()
        }
    }

    /// Copies M (row-independent, computed) into its padded buffer.
    func prepare(_ buffers: Buffers, _ values: UnsafeMutablePointer<Double>) {
        buffers.matrix.update(from: values + matrix, count: m * d)
    }
}

extension TensorEvaluator {
    /// The table's features and labels for every row, computed once (nil for
    /// a table too large to keep, or when a row's data cannot be computed:
    /// then each pass computes its rows and reports the error where the
    /// node-by-node pass would).
    private func linearCache(_ model: LinearClassifier, _ buffers: LinearClassifier.Buffers) -> UnsafeMutablePointer<Double>? {
        if buffers.cacheTried { return buffers.cache }
        buffers.cacheTried = true
        // The rows, their labels, and the rows transposed (feature t of row i
        // at t·tablePitch + i, tablePitch = rowCount rounded up to eight).
        let tablePitch = (rowCount + 7) & ~7
        let (count, overflow) = tablePitch.multipliedReportingOverflow(by: 2 * model.d + 1)
        guard !overflow, rowCount > 0, count <= LinearClassifier.Buffers.cacheLimit else { return nil }
        let cache = UnsafeMutablePointer<Double>.allocate(capacity: count)
        cache.initialize(repeating: 0, count: count)
        let labels = cache + rowCount * model.d
        let transposed = labels + rowCount
        let noParameters = UnsafeBufferPointer<Double>(start: nil, count: 0)
        do {
            for row in 0..<rowCount {
                for step in model.dataSteps { try compute(step, noParameters, row) }
                (cache + row * model.d).update(from: values + model.features, count: model.d)
                labels[row] = values[model.label]
                for t in 0..<model.d { transposed[t * tablePitch + row] = values[model.features + t] }
            }
        } catch {
            cache.deallocate()
            return nil
        }
        buffers.cache = cache
        buffers.tablePitch = tablePitch
        return cache
    }

    /// One leaf of rows (`rows[start ..< start + count]`, or those rows of
    /// the table) through the fused linear classifier: their values and
    /// (with `gradient`) terms added to `lanes` and `total` exactly as the
    /// node-by-node loop in `mean` adds them: row i to lane i mod 8 while
    /// whole groups of eight last (each lane's rows in order), the lanes
    /// combined, the rest added to the total in order.
    func linearLeaf(_ model: LinearClassifier, _ buffers: LinearClassifier.Buffers, rows: UnsafeBufferPointer<Int>?,
                    start: Int, count: Int, gradient: Bool, value: Bool, width: Int,
                    lanes: UnsafeMutablePointer<Double>, total: UnsafeMutablePointer<Double>) throws {
        let (m, d) = (model.m, model.d)
        var pitch = LinearClassifier.Buffers.stride
        var columns = buffers.transposed
        // Row i's features and label: from the cache, or computed into the leaf's buffers.
        let rowFeatures = buffers.rowFeatures
        let cache = linearCache(model, buffers)
        if let cache {
            let labels = cache + rowCount * model.d
            for i in 0..<count {
                let row = rows.map { $0[start + i] } ?? (start + i)
                rowFeatures[i] = UnsafePointer(cache + row * d)
                buffers.labels[i] = labels[row]
            }
        } else {
            let noParameters = UnsafeBufferPointer<Double>(start: nil, count: 0)
            for i in 0..<count {
                let row = rows.map { $0[start + i] } ?? (start + i)
                for step in model.dataSteps { try compute(step, noParameters, row) }
                (buffers.features + i * d).update(from: values + model.features, count: d)
                rowFeatures[i] = UnsafePointer(buffers.features + i * d)
                buffers.labels[i] = values[model.label]
            }
        }
        // The features transposed, eight rows at a time (one 64-byte store per
        // feature); the table's rows in order are transposed in the cache already.
        // (Rows past the last are the first row again: their scores are not kept.)
        let blocks = (count + 7) & ~7
        for i in count..<blocks { rowFeatures[i] = rowFeatures[0] }
        var r0 = 0
        if let cache, rows == nil {
            pitch = buffers.tablePitch
            columns = cache + rowCount * (d + 1) + start
            r0 = blocks
        }
        while r0 < blocks {
            let (p0, p1, p2, p3) = (rowFeatures[r0], rowFeatures[r0 + 1], rowFeatures[r0 + 2], rowFeatures[r0 + 3])
            let (p4, p5, p6, p7) = (rowFeatures[r0 + 4], rowFeatures[r0 + 5], rowFeatures[r0 + 6], rowFeatures[r0 + 7])
            for t in 0..<d {
                let x = SIMD8<Double>(p0[t], p1[t], p2[t], p3[t], p4[t], p5[t], p6[t], p7[t])
                UnsafeMutableRawPointer(buffers.transposed + t * pitch + r0).storeBytes(of: x, as: SIMD8<Double>.self)
            }
            r0 += 8
        }
        // The scores, four classes by eight rows at a time: 8 chains of
        // additions that overlap, each score's own chain in order over t
        // (the last one or two classes two by eight).
        let pitchOfScores = model.scorePitch
        let pitch8 = LinearClassifier.Buffers.stride
        var k0 = 0
        while k0 < m {
            let w0 = buffers.matrix + k0 * d, w1 = w0 + d, w2 = w1 + d, w3 = w2 + d
            r0 = 0
            while r0 < blocks && m - k0 <= 2 {
                var s0 = SIMD8<Double>(repeating: 0), s1 = s0
                var column = UnsafeRawPointer(columns + r0)
                for t in 0..<d {
                    let x = column.loadUnaligned(as: SIMD8<Double>.self)
                    s0 += w0[t] * x
                    s1 += w1[t] * x
                    column += pitch * MemoryLayout<Double>.stride
                }
                let out = UnsafeMutableRawPointer(buffers.scores + k0 * pitch8 + r0)
                out.storeBytes(of: s0, as: SIMD8<Double>.self)
                out.storeBytes(of: s1, toByteOffset: pitch8 * 8, as: SIMD8<Double>.self)
                r0 += 8
            }
            while r0 < blocks {
                var s0 = SIMD8<Double>(repeating: 0), s1 = s0, s2 = s0, s3 = s0
                var column = UnsafeRawPointer(columns + r0)
                for t in 0..<d {
                    let x = column.loadUnaligned(as: SIMD8<Double>.self)
                    s0 += w0[t] * x
                    s1 += w1[t] * x
                    s2 += w2[t] * x
                    s3 += w3[t] * x
                    column += pitch * MemoryLayout<Double>.stride
                }
                let out = UnsafeMutableRawPointer(buffers.scores + k0 * pitch8 + r0)
                out.storeBytes(of: s0, as: SIMD8<Double>.self)
                out.storeBytes(of: s1, toByteOffset: pitch8 * 8, as: SIMD8<Double>.self)
                out.storeBytes(of: s2, toByteOffset: 2 * pitch8 * 8, as: SIMD8<Double>.self)
                out.storeBytes(of: s3, toByteOffset: 3 * pitch8 * 8, as: SIMD8<Double>.self)
                r0 += 8
            }
            k0 += 4
        }
        // The bias: s = M @ x + c, class by class.
        if let bias = model.bias.map({ values + $0 }) {
            for k in 0..<m {
                let scores = UnsafeMutableRawPointer(buffers.scores + k * pitch8)
                let b = SIMD8<Double>(repeating: bias[k])
                for r in stride(from: 0, to: blocks, by: 8) {
                    scores.storeBytes(of: scores.loadUnaligned(fromByteOffset: r * 8, as: SIMD8<Double>.self) + b,
                                      toByteOffset: r * 8, as: SIMD8<Double>.self)
                }
            }
        }
        // The rows' classes, in order (the first out of range is the error).
        let classes = buffers.classes
        for i in 0..<count { classes[i] = try classIndex(buffers.labels[i], m, model.lossNode) }
        func score(_ row: Int, _ k: Int) -> Double { buffers.scores[k * pitch8 + row] }
        if model.isHinge {
            for i in 0..<count {
                let c = classes[i]
                let g = buffers.scoreGradients + i * pitchOfScores
                var loss = Double.nan
                if value {
                    loss = 0
                    for j in 0..<m where j != c { loss += Swift.max(0, score(i, j) - score(i, c) + 1) }
                }
                if gradient {
                    for j in 0..<m { g[j] = 0 }
                    for j in 0..<m where j != c && score(i, j) - score(i, c) + 1 > 0 {
                        g[j] += 1
                        g[c] -= 1
                    }
                }
                // + R₁ + … (the sums' order; an addition's operands commute exactly).
                for extra in model.extras { loss += values[extra] }
                buffers.losses[i] = loss
            }
        } else {
            // Cross-entropy, eight rows at a time (each lane one row, the same
            // operations as row by row): the largest score as `Sequence.max()`
            // finds it, exp(sⱼ − top) by `exponentialCore` (the same bits as
            // `exponential` where it applies, `exponential` elsewhere), their
            // sum as `PairwiseSum.leaf` adds a row's values (eight partial
            // sums combined, the rest in order), and ∂/∂sⱼ = eⱼ/Σ − [j = y].
            typealias Eight = SIMD8<Double>
            let e = buffers.exponentials
            func scores(_ k: Int, _ r0: Int) -> Eight { UnsafeRawPointer(buffers.scores + k * pitch8 + r0).loadUnaligned(as: Eight.self) }
            withExponentialTable { table in
                var r0 = 0
                while r0 < blocks {
                    var top = scores(0, r0)
                    for k in 1..<m {
                        let s = scores(k, r0)
                        top.replace(with: s, where: top .< s)
                    }
                    for k in 0..<m {
                        let shifted = scores(k, r0) - top
                        var ek = exponentialCore(shifted, table: table)
                        let core = exponentialCoreLanes(shifted)
                        if !all(core) {
                            for lane in 0..<8 where !core[lane] { ek[lane] = exponential(shifted[lane]) }
                        }
                        UnsafeMutableRawPointer(e + 8 * k).storeBytes(of: ek, as: Eight.self)
                    }
                    func exponentials(_ k: Int) -> Eight { UnsafeRawPointer(e + 8 * k).loadUnaligned(as: Eight.self) }
                    let full = m & ~7
                    var partial = (Eight(repeating: -0.0), Eight(repeating: -0.0), Eight(repeating: -0.0), Eight(repeating: -0.0),
                                   Eight(repeating: -0.0), Eight(repeating: -0.0), Eight(repeating: -0.0), Eight(repeating: -0.0))
                    var k = 0
                    while k < full {
                        partial.0 += exponentials(k)
                        partial.1 += exponentials(k + 1)
                        partial.2 += exponentials(k + 2)
                        partial.3 += exponentials(k + 3)
                        partial.4 += exponentials(k + 4)
                        partial.5 += exponentials(k + 5)
                        partial.6 += exponentials(k + 6)
                        partial.7 += exponentials(k + 7)
                        k += 8
                    }
                    var sum = ((partial.0 + partial.1) + (partial.2 + partial.3)) + ((partial.4 + partial.5) + (partial.6 + partial.7))
                    while k < m {
                        sum += exponentials(k)
                        k += 1
                    }
                    sum = Eight(repeating: 0) + sum  // shiftedExponentialSum's 0 + tree
                    let rowsHere = Swift.min(8, count - r0)
                    if value {
                        for lane in 0..<rowsHere {
                            var loss = Foundation.log(sum[lane]) + top[lane] - score(r0 + lane, classes[r0 + lane])
                            for extra in model.extras { loss += values[extra] }
                            buffers.losses[r0 + lane] = loss
                        }
                    }
                    if gradient {
                        for k in 0..<m {
                            let g = exponentials(k) / sum
                            for lane in 0..<rowsHere { buffers.scoreGradients[(r0 + lane) * pitchOfScores + k] = g[lane] }
                        }
                        for lane in 0..<rowsHere { buffers.scoreGradients[(r0 + lane) * pitchOfScores + classes[r0 + lane]] -= 1 }
                    }
                    r0 += 8
                }
            }
        }
        // Each row's terms into its lane: lane by lane, the lane's rows in
        // order (the same additions per element as row by row), each group
        // of four numbers kept in a register over the lane's rows.
        let full = count & ~7
        for lane in 0..<8 {
            let target = lanes + lane * width
            addTerms(model, buffers, rowFeatures, from: lane, to: full, by: 8, gradient, value, fresh: true, target)
        }
        if full > 0 {
            // ((0 + 1) + (2 + 3)) + ((4 + 5) + (6 + 7)), four numbers at a time.
            var j = 0
            while j + 4 <= width {
                func lane(_ k: Int) -> SIMD4<Double> { UnsafeRawPointer(lanes + k * width + j).loadUnaligned(as: SIMD4<Double>.self) }
                let sum = ((lane(0) + lane(1)) + (lane(2) + lane(3))) + ((lane(4) + lane(5)) + (lane(6) + lane(7)))
                UnsafeMutableRawPointer(total + j).storeBytes(of: sum, as: SIMD4<Double>.self)
                j += 4
            }
            while j < width {
                total[j] = ((lanes[j] + lanes[width + j]) + (lanes[2 * width + j] + lanes[3 * width + j]))
                    + ((lanes[4 * width + j] + lanes[5 * width + j]) + (lanes[6 * width + j] + lanes[7 * width + j]))
                j += 1
            }
        }
        addTerms(model, buffers, rowFeatures, from: full, to: count, by: 1, gradient, value, fresh: false, total)
    }

    /// Adds the terms of the leaf's rows first, first + step, … (before `end`,
    /// in order) to `target`; with `fresh` to −0 instead of what `target`
    /// holds (the lanes' start: the same sums, without clearing them first).
    private func addTerms(_ model: LinearClassifier, _ buffers: LinearClassifier.Buffers, _ rowFeatures: UnsafeMutablePointer<UnsafePointer<Double>>,
                          from first: Int, to end: Int, by step: Int, _ gradient: Bool, _ value: Bool, fresh: Bool,
                          _ target: UnsafeMutablePointer<Double>) {
        let (m, d) = (model.m, model.d)
        let g = buffers.scoreGradients
        let pitch = model.scorePitch
        if fresh {
            target[0] = -0.0
            if gradient {
                if let term = model.biasTerm { (target + term).update(repeating: -0.0, count: m) }
                for term in model.extraTerms { target[term] = -0.0 }
            }
        }
        var i = first
        while value && i < end {
            target[0] += buffers.losses[i]
            i += step
        }
        guard gradient else { return }
        if let term = model.matrixTerm {
            // g ⊗ x: rows k and k + 1 of M's terms sixteen numbers at a time,
            // eight independent sums in registers over the rows (each
            // number's additions still in row order).
            typealias Four = SIMD4<Double>
            var k = 0
            while k < m {
                let pair = k + 1 < m
                let row = target + term + k * d, next = pair ? row + d : row
                var t = 0
                while t + 16 <= d {
                    let base = UnsafeMutableRawPointer(row + t), nextBase = UnsafeMutableRawPointer(next + t)
                    var s0 = Four(repeating: -0.0), s1 = s0, s2 = s0, s3 = s0, n0 = s0, n1 = s0, n2 = s0, n3 = s0
                    if !fresh {
                        s0 = base.loadUnaligned(as: Four.self)
                        s1 = base.loadUnaligned(fromByteOffset: 32, as: Four.self)
                        s2 = base.loadUnaligned(fromByteOffset: 64, as: Four.self)
                        s3 = base.loadUnaligned(fromByteOffset: 96, as: Four.self)
                        n0 = nextBase.loadUnaligned(as: Four.self)
                        n1 = nextBase.loadUnaligned(fromByteOffset: 32, as: Four.self)
                        n2 = nextBase.loadUnaligned(fromByteOffset: 64, as: Four.self)
                        n3 = nextBase.loadUnaligned(fromByteOffset: 96, as: Four.self)
                    }
                    i = first
                    while i < end {
                        let gk = g[i * pitch + k], gn = pair ? g[i * pitch + k + 1] : 0
                        let x = UnsafeRawPointer(rowFeatures[i] + t)
                        let x0 = x.loadUnaligned(as: Four.self), x1 = x.loadUnaligned(fromByteOffset: 32, as: Four.self)
                        let x2 = x.loadUnaligned(fromByteOffset: 64, as: Four.self), x3 = x.loadUnaligned(fromByteOffset: 96, as: Four.self)
                        s0 += gk * x0
                        s1 += gk * x1
                        s2 += gk * x2
                        s3 += gk * x3
                        n0 += gn * x0
                        n1 += gn * x1
                        n2 += gn * x2
                        n3 += gn * x3
                        i += step
                    }
                    base.storeBytes(of: s0, as: Four.self)
                    base.storeBytes(of: s1, toByteOffset: 32, as: Four.self)
                    base.storeBytes(of: s2, toByteOffset: 64, as: Four.self)
                    base.storeBytes(of: s3, toByteOffset: 96, as: Four.self)
                    if pair {
                        nextBase.storeBytes(of: n0, as: Four.self)
                        nextBase.storeBytes(of: n1, toByteOffset: 32, as: Four.self)
                        nextBase.storeBytes(of: n2, toByteOffset: 64, as: Four.self)
                        nextBase.storeBytes(of: n3, toByteOffset: 96, as: Four.self)
                    }
                    t += 16
                }
                for kk in k..<(pair ? k + 2 : k + 1) {
                    let rowK = target + term + kk * d
                    for tt in t..<d {
                        var sum = fresh ? -0.0 : rowK[tt]
                        i = first
                        while i < end {
                            sum += g[i * pitch + kk] * rowFeatures[i][tt]
                            i += step
                        }
                        rowK[tt] = sum
                    }
                }
                k += 2
            }
        }
        if let term = model.biasTerm {
            for k in 0..<m {
                i = first
                while i < end {
                    target[term + k] += g[i * pitch + k]
                    i += step
                }
            }
        }
        for term in model.extraTerms {
            i = first
            while i < end {
                target[term] += 1
                i += step
            }
        }
    }
}
