import Core

// A program's `BlockSchedule` flattened for one evaluator: every step with
// its operands, buffers and accumulators resolved once, in buffers the
// evaluator owns, so that an evaluation touches no Swift array (no retain,
// release or bounds check per step) and decodes no optional per block.
//
// This matters for small batches: an SGD step over 32 rows runs each pass
// once, and before this the bookkeeping around the kernels (re-pointing
// blocks, building sinks, copying the schedule's arrays) cost as much as
// the kernels themselves. The values are unchanged: the same kernels run
// in the same order on the same operands.

/// One computing step of a pass, resolved.
struct PreparedStep {
    enum Kind: UInt8 { case unary, binary, accumulate }
    var kind: Kind
    var unaryOp: UnaryOp = .negate
    var binaryOp: BinaryOp = .add
    /// Operand nodes: per-row (read from `blocks`) or scalar (from `values`).
    var a = 0, b = 0
    var aRows = true, bRows = true
    /// The node whose rows the step produces, stored into `destination` (its
    /// block buffer) if a later step reads them.
    var node = 0
    var destination: UnsafeMutablePointer<Double>?
    /// The accumulator it adds into, if any.
    var sum: UnsafeMutablePointer<LeafSum>?
    /// The folded operation with a scalar (its scalar read from `values[postScalar]`).
    var post: ScalarOperation?
    var postScalar = 0
    /// An operation with a scalar applied to a per-row operand first (`aPre`/`bPre`).
    var aPre: PreparedPre?
    var bPre: PreparedPre?
}

/// A `pre` operation (see `BlockStep.binary`) with placeholder scalars; its
/// scalars are read from `values` at each block (`resolve`).
struct PreparedPre {
    var first: ScalarOperation
    var firstScalar: Int
    /// An addition or subtraction after a multiplication (`PostStep.then`).
    var then: ScalarOperation?
    var thenScalar = 0

    init(_ step: PostStep) {
        first = ScalarOperation(step.op, scalar: 0, scalarFirst: step.scalarFirst) ?? .add(0)
        firstScalar = step.scalar
        if let then = step.then {
            self.then = ScalarOperation(then.op, scalar: 0, scalarFirst: then.scalarFirst)
            thenScalar = then.scalar
        }
    }

    /// Whether the operation has an affine form (see `ScalarOperation.affine`).
    var isAffine: Bool { then != nil || first.affine != nil }

    /// The operation with its scalars: a product k then a sum is
    /// v·(k·m) + c, where the sum is v·m + c with m = ±1, so k·m is exact
    /// and v·(−k) is −(v·k): the same bits as the two operations in turn.
    @inline(__always)
    func resolve(_ values: UnsafeMutablePointer<Double>) -> ScalarOperation {
        let product = first.with(values[firstScalar])
        guard let then, case .multiply(let k) = product, let (m, c) = then.with(values[thenScalar]).affine else {
            return product
        }
        return .affine(m: k * m, c: c)
    }
}

/// A column a pass reads: pointed at for the whole table, gathered into
/// `destination` for a subset of rows.
struct PreparedGather {
    var node: Int
    var column: Int
    var destination: UnsafeMutablePointer<Double>
}

/// A reduction completed by a pass.
struct PreparedReduction {
    var node: Int
    var isSum: Bool
    /// The running sums of the leaves the current block touches.
    var accumulator: UnsafeMutablePointer<LeafSum>
    /// The finished leaves' totals not yet merged (`PairwiseWalk`'s stack),
    /// `PairwiseWalk.maximumDepth` values.
    var stack: UnsafeMutablePointer<Double>
}

/// A scalar node computed before a pass (or after the last).
struct PreparedScalar {
    var index: Int
    var node: Node
}

/// Index ranges of one pass into the prepared buffers.
struct PreparedPass {
    var scalars: Range<Int>
    var gathers: Range<Int>
    var steps: Range<Int>
    var reductions: Range<Int>
}

/// The flattened schedule. Allocated by `init`, freed by `deallocate()`
/// (the owning evaluator's `deinit`).
struct PreparedSchedule {
    let passCount: Int
    let passes: UnsafeMutableBufferPointer<PreparedPass>
    let scalars: UnsafeMutableBufferPointer<PreparedScalar>
    /// Scalar nodes computed after every pass.
    let finalScalars: Range<Int>
    let gathers: UnsafeMutableBufferPointer<PreparedGather>
    let steps: UnsafeMutableBufferPointer<PreparedStep>
    let reductions: UnsafeMutableBufferPointer<PreparedReduction>
    /// The largest number of columns one pass reads.
    let maximumGathers: Int
    /// The number of gathers of all passes.
    let gatherCount: Int

    init(
        program: Program, slots: UnsafeMutablePointer<Double>, blockSize: Int,
        sums: UnsafeMutablePointer<LeafSum>, leavesPerBlock: Int, stacks: UnsafeMutablePointer<Double>
    ) {
        let schedule = program.schedule
        var passes: [PreparedPass] = []
        var scalars: [PreparedScalar] = []
        var gathers: [PreparedGather] = []
        var steps: [PreparedStep] = []
        var reductions: [PreparedReduction] = []
        var maximumGathers = 0
        func addScalars(_ stage: Int) -> Range<Int> {
            let first = scalars.count
            // (Constants are not listed: the evaluator computes them once.)
            for index in schedule.scalarsBefore[stage] {
                if case .constant = program.nodes[index] { continue }
                scalars.append(PreparedScalar(index: index, node: program.nodes[index]))
            }
            return first..<scalars.count
        }
        for (number, plan) in schedule.passes.enumerated() {
            let scalarRange = addScalars(number)
            let firstGather = gathers.count
            let firstStep = steps.count
            for step in plan.steps {
                switch step {
                case .loadColumn(let node, let column, let slot):
                    gathers.append(PreparedGather(node: node, column: column, destination: slots + slot * blockSize))
                case .unary(let op, let source, let node, let slot, let reduction, let post):
                    var prepared = PreparedStep(kind: .unary)
                    prepared.unaryOp = op
                    prepared.a = source
                    prepared.node = node
                    prepared.destination = slot.map { slots + $0 * blockSize }
                    prepared.sum = reduction.map { sums + $0 * leavesPerBlock }
                    Self.fold(post, into: &prepared)
                    steps.append(prepared)
                case .binary(let op, let a, let b, let node, let slot, let reduction, let post, let aPre, let bPre):
                    var prepared = PreparedStep(kind: .binary)
                    prepared.binaryOp = op
                    (prepared.a, prepared.aRows) = Self.operand(a)
                    (prepared.b, prepared.bRows) = Self.operand(b)
                    prepared.aPre = aPre.map(PreparedPre.init)
                    prepared.bPre = bPre.map(PreparedPre.init)
                    prepared.node = node
                    prepared.destination = slot.map { slots + $0 * blockSize }
                    prepared.sum = reduction.map { sums + $0 * leavesPerBlock }
                    Self.fold(post, into: &prepared)
                    steps.append(prepared)
                case .accumulate(let source, let reduction):
                    var prepared = PreparedStep(kind: .accumulate)
                    prepared.a = source
                    prepared.sum = sums + reduction * leavesPerBlock
                    steps.append(prepared)
                }
            }
            maximumGathers = max(maximumGathers, gathers.count - firstGather)
            let firstReduction = reductions.count
            for (node, op, accumulator) in plan.reductions {
                reductions.append(
                    PreparedReduction(
                        node: node, isSum: op == .sum, accumulator: sums + accumulator * leavesPerBlock,
                        stack: stacks + accumulator * PairwiseWalk.maximumDepth))
            }
            passes.append(
                PreparedPass(
                    scalars: scalarRange, gathers: firstGather..<gathers.count, steps: firstStep..<steps.count,
                    reductions: firstReduction..<reductions.count))
        }
        finalScalars = addScalars(schedule.passes.count)
        passCount = passes.count
        self.passes = Self.copy(passes)
        self.scalars = Self.copy(scalars)
        self.gathers = Self.copy(gathers)
        self.steps = Self.copy(steps)
        self.reductions = Self.copy(reductions)
        self.maximumGathers = maximumGathers
        gatherCount = gathers.count
    }

    func deallocate() {
        passes.deallocate()
        scalars.deallocate()
        gathers.deallocate()
        steps.deallocate()
        reductions.deallocate()
    }

    private static func operand(_ operand: Operand) -> (Int, Bool) {
        switch operand {
        case .rows(let node): return (node, true)
        case .uniform(let node): return (node, false)
        }
    }

    /// The folded operation, with a placeholder scalar (read at each block).
    private static func fold(_ post: PostStep?, into step: inout PreparedStep) {
        guard let post else { return }
        // A folded power is only ever the constant 2 (see `BlockSchedule.plan`).
        step.post = post.op == .power ? .square : ScalarOperation(post.op, scalar: 0, scalarFirst: post.scalarFirst)
        step.postScalar = post.scalar
    }

    private static func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, array.count))
        _ = buffer.initialize(from: array)
        // Only the first `array.count` elements are ever read (ranges index them).
        return buffer
    }
}
