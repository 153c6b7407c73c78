import CPrefetch
import Core
import Dispatch
import Foundation

/// Evaluates one program, again and again, in a workspace it allocates once.
///
/// An evaluator is not thread-safe (it reuses its buffers); make one per
/// thread. Evaluating allocates nothing beyond the outputs array you pass
/// `into:` (reused when its capacity suffices).
///
/// Reductions over rows follow NumPy's pairwise order (Core's `PairwiseSum`):
/// the evaluator walks the leaves of the pairwise tree over the rows of a
/// pass, keeps one running sum per leaf that a block touches, and merges the
/// leaves' totals as the tree says. Over a large table (`parallelRowThreshold`) it
/// computes the two halves of the tree's root on two threads (`threadCount`)
/// and adds them, which is the same tree: the same bits for any number of
/// threads and any block size.
///
///     let evaluator = ProgramEvaluator(program: program)
///     var outputs: [Double] = []
///     try evaluator.evaluate(parameters: [θ0, θ1], over: table, into: &outputs)
///     try evaluator.evaluate(parameters: [θ0, θ1], over: table, rows: batch, into: &outputs)
public final class ProgramEvaluator {
    public let program: Program
    /// Rows per block (a multiple of 8). Blocks cover leaves of the pairwise
    /// tree (64–128 rows each over a large table) and may end inside one.
    public let blockSize: Int

    /// Threads a pass over a whole table may use: 1, or 2 to split the rows
    /// at the root of the pairwise tree. Unless set, the machine's
    /// (`defaultThreadCount`), read only when a pass is large enough to
    /// split: finding it reads the process environment and the CPU set,
    /// a fifth of a millisecond that a point objective never needs.
    public var threadCount: Int {
        get { chosenThreadCount ?? Self.defaultThreadCount }
        set { chosenThreadCount = min(max(newValue, 1), 2) }
    }
    private var chosenThreadCount: Int?

    /// 2 on a machine with two or more cores, else 1; the environment
    /// variable `GD_THREADS` (1 or 2) overrides it.
    public static let defaultThreadCount: Int = {
        if let text = ProcessInfo.processInfo.environment["GD_THREADS"], let count = Int(text) {
            return min(max(count, 1), 2)
        }
        return min(2, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Rows from which a pass over a whole table uses two threads: below it
    /// handing half the rows to another thread costs more than it saves.
    public static let parallelRowThreshold = 1 << 16

    /// Rows per block by default. Each block buffer is 2 KiB, so a typical
    /// program's buffers and the blocks of its columns stay in the first-level
    /// cache. Measured over 10^6 rows (median ms, 128/256/512/1024 rows):
    /// least-squares gradient 0.57/0.55/0.55/0.55, logistic (from Symbolic)
    /// 4.0/3.9/4.3/4.7, absolute error 0.97/1.04/1.06/1.34; with fewer folded
    /// steps (before `post`) 1024 was 1.8× slower than 256. Again with step
    /// kernels and views (`StepKernel`, `BlockSchedule.plan`), the lecture's
    /// least-squares descent on 10^6 rows, CPU ms a step on one thread
    /// (128/256/512/1024/2048 rows): 1.39/1.10/1.44/1.77/1.56.
    public static let defaultBlockSize = 256

    private let slots: UnsafeMutablePointer<Double>
    /// The scalar value of each node (parameters, constants, reductions, and
    /// everything computed from them alone).
    private let values: UnsafeMutablePointer<Double>
    /// Where the current block of each per-row node starts.
    private let blocks: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    /// Each reduction's running sums over the leaves the current block
    /// touches (`leavesPerBlock` each; the first carries a leaf that the
    /// previous block left unfinished).
    private let sums: UnsafeMutablePointer<LeafSum>
    private let leavesPerBlock: Int
    /// The current block's segments (`BlockLeaves`), and the merges that
    /// follow each leaf it finishes (`PairwiseWalk.finishLeaf`).
    private let segmentEnds: UnsafeMutablePointer<Int>
    private let segmentMerges: UnsafeMutablePointer<Int>
    /// Each reduction's stack of leaf totals (`PairwiseWalk.maximumDepth` each).
    private let stacks: UnsafeMutablePointer<Double>
    /// The leaves of the pairwise tree over the last pass's rows (see `LeafPlan`).
    private let leafPlan = LeafPlan()
    /// The evaluator of the second half of the rows, made when first needed.
    private var worker: ProgramEvaluator?
    /// The schedule resolved to these buffers (see `PreparedSchedule`).
    private let prepared: PreparedSchedule
    /// Each prepared step's own kernel, if it has one (see `StepKernel`),
    /// borrowed without reference counting; `stepKernels` keeps them alive.
    private let stepKernelRefs: UnsafeMutablePointer<Unmanaged<StepKernel>?>
    private let stepKernels: [StepKernel]
    /// Where each gathered column of the current pass starts in the table.
    private let columnBases: UnsafeMutablePointer<UnsafePointer<Double>>
    /// The output nodes, and the position of the first per-row output (if any).
    private let outputNodes: UnsafeMutableBufferPointer<Int>
    private let firstPerRowOutput: Int?
    /// The columns the program reads (each once), for `prefetch`.
    private let readColumns: UnsafeMutableBufferPointer<Int>
    private let readColumnCount: Int
    /// The table `bindBatches(to:)` bound, kept alive while its columns are
    /// read through `batchBases` (each gather's column, in `prepared.gathers`' order).
    private var batchTable: ColumnTable?
    /// Its rows, −1 before binding (read each batch without touching the
    /// table: reading it retained and released its storage).
    private var boundRows = -1
    private let batchBases: UnsafeMutablePointer<UnsafePointer<Double>>
    /// Whether the gathered columns' blocks point at their gather buffers
    /// (a pass over a whole table points them into the table).
    private var blocksAtGathers = false

    public init(
        program: Program, blockSize: Int = ProgramEvaluator.defaultBlockSize,
        threadCount: Int? = nil
    ) {
        let lanes = 8
        chosenThreadCount = threadCount.map { min(max($0, 1), 2) }
        let rounded = (min(max(blockSize, lanes), 1 << 20) + lanes - 1) / lanes * lanes
        self.program = program
        self.blockSize = rounded
        let schedule = program.schedule
        slots = .allocate(capacity: max(1, schedule.slotCount * rounded))
        slots.initialize(repeating: 0, count: max(1, schedule.slotCount * rounded))
        values = .allocate(capacity: max(1, program.nodes.count))
        values.initialize(repeating: 0, count: max(1, program.nodes.count))
        blocks = .allocate(capacity: max(1, program.nodes.count))
        blocks.initialize(repeating: slots, count: max(1, program.nodes.count))
        // Leaves hold at least 64 rows except a table's only leaf, so a
        // block touches at most blockSize/64 + 2 of them.
        leavesPerBlock = rounded / 64 + 2
        sums = .allocate(capacity: max(1, schedule.reductionCount) * leavesPerBlock)
        sums.initialize(repeating: LeafSum(), count: max(1, schedule.reductionCount) * leavesPerBlock)
        segmentEnds = .allocate(capacity: leavesPerBlock)
        segmentEnds.initialize(repeating: 0, count: leavesPerBlock)
        segmentMerges = .allocate(capacity: leavesPerBlock)
        segmentMerges.initialize(repeating: 0, count: leavesPerBlock)
        let stackCapacity = max(1, schedule.reductionCount) * PairwiseWalk.maximumDepth
        stacks = .allocate(capacity: stackCapacity)
        stacks.initialize(repeating: 0, count: stackCapacity)
        prepared = PreparedSchedule(
            program: program, slots: slots, blockSize: rounded, sums: sums, leavesPerBlock: leavesPerBlock,
            stacks: stacks)
        stepKernelRefs = .allocate(capacity: max(1, prepared.steps.count))
        stepKernelRefs.initialize(repeating: nil, count: max(1, prepared.steps.count))
        var kernels: [StepKernel] = []
        // (The buffers hold at least one element: the passes' ranges say which are steps.)
        for pass in prepared.passes.prefix(prepared.passCount) {
            for k in pass.steps {
                guard let kernel = makeStepKernel(prepared.steps[k], blocks: blocks, values: values) else { continue }
                kernels.append(kernel)
                stepKernelRefs[k] = Unmanaged.passUnretained(kernel)
            }
        }
        stepKernels = kernels
        batchBases = .allocate(capacity: max(1, prepared.gatherCount))
        batchBases.initialize(repeating: UnsafePointer(slots), count: max(1, prepared.gatherCount))
        columnBases = .allocate(capacity: max(1, prepared.maximumGathers))
        columnBases.initialize(repeating: UnsafePointer(slots), count: max(1, prepared.maximumGathers))
        outputNodes = .allocate(capacity: max(1, program.outputs.count))
        _ = outputNodes.initialize(from: program.outputs)
        firstPerRowOutput = program.outputs.firstIndex { program.varies[$0] }
        var columns: [Int] = []
        for node in program.nodes { if case .column(let column) = node, !columns.contains(column) { columns.append(column) } }
        readColumns = .allocate(capacity: max(1, columns.count))
        _ = readColumns.initialize(from: columns)
        readColumnCount = columns.count
        // With one pass, a step's block is always its own buffer (only a
        // column's block moves, between the table and its gather buffer):
        // pointed at once. (A later pass may recompute a node in another
        // buffer: with several, each pass points its steps' blocks.)
        if prepared.passCount == 1 { pointStepBlocks(prepared.passes[0]) }
        // Constants never change: computed here, never again in a pass.
        for (index, node) in program.nodes.enumerated() {
            if case .constant(let bits) = node { values[index] = Double(bitPattern: bits) }
        }
    }

    deinit {
        slots.deallocate()
        values.deallocate()
        blocks.deallocate()
        sums.deallocate()
        segmentEnds.deallocate()
        segmentMerges.deallocate()
        stacks.deallocate()
        prepared.deallocate()
        stepKernelRefs.deallocate()
        columnBases.deallocate()
        outputNodes.deallocate()
        readColumns.deallocate()
        batchBases.deallocate()
    }

    // MARK: - At one point

    /// The outputs at one point: `parameters`, and `row` holding one value of
    /// each column the program reads (a one-row table: a reduction over it
    /// is its one value).
    public func evaluate(parameters: [Double], row: [Double] = []) throws(EvaluationError) -> [Double] {
        var outputs: [Double] = []
        try evaluate(parameters: parameters, row: row, into: &outputs)
        return outputs
    }

    /// As `evaluate(parameters:row:)`, writing the outputs into `outputs`.
    public func evaluate(parameters: [Double], row: [Double] = [], into outputs: inout [Double])
        throws(EvaluationError)
    {
        try checkParameters(parameters)
        if row.count < program.columnCount {
            throw .missingColumn(index: program.columnCount - 1, available: row.count)
        }
        for (index, node) in program.nodes.enumerated() {
            if case .column(let column) = node {
                values[index] = row[column]
            } else {
                // At a point a reduction is the scalar rule with n = 1: the
                // value itself (Python's semantics: no sum is taken).
                computeScalar(index, node, parameters, rowCount: 1)
            }
        }
        outputs.removeAll(keepingCapacity: true)
        for output in program.outputs { outputs.append(values[output]) }
    }

    // MARK: - Over rows

    /// The outputs over the rows of `table` (all of them, or those listed in
    /// `rows`, in that order, repeats allowed). Every output must be a
    /// scalar (see `Program.outputKinds`); use `evaluatePerRow` otherwise.
    public func evaluate(parameters: [Double], over table: ColumnTable, rows: [Int]? = nil)
        throws(EvaluationError) -> [Double]
    {
        var outputs: [Double] = []
        try evaluate(parameters: parameters, over: table, rows: rows, into: &outputs)
        return outputs
    }

    /// As `evaluate(parameters:over:rows:)`, writing the outputs into `outputs`.
    public func evaluate(
        parameters: [Double], over table: ColumnTable, rows: [Int]? = nil, into outputs: inout [Double]
    ) throws(EvaluationError) {
        if let rows {
            try rows.withUnsafeBufferPointer { (indices) throws(EvaluationError) in
                try evaluateScalars(parameters, table, indices, into: &outputs)
            }
        } else {
            try evaluateScalars(parameters, table, nil, into: &outputs)
        }
    }

    /// As `evaluate(parameters:over:rows:into:)` for a slice of row indices
    /// (a batch of a shuffled order).
    public func evaluate(
        parameters: [Double], over table: ColumnTable, rows: ArraySlice<Int>, into outputs: inout [Double]
    ) throws(EvaluationError) {
        try rows.withUnsafeBufferPointer { (indices) throws(EvaluationError) in
            try evaluateScalars(parameters, table, indices, into: &outputs)
        }
    }

    /// As `evaluate(parameters:over:rows:into:)` for row indices in a buffer
    /// (SGD's batch, a stretch of the engine's row order).
    public func evaluate(
        parameters: [Double], over table: ColumnTable, rows: UnsafeBufferPointer<Int>, into outputs: inout [Double]
    ) throws(EvaluationError) {
        try evaluateScalars(parameters, table, rows, into: &outputs)
    }

    /// Starts loading the values the program reads on `rows` of `table`
    /// into the cache, for an evaluation over those rows soon after (SGD's
    /// next batch, see `RowObjective.prefetch`). Only a hint: it computes
    /// and changes nothing, and does nothing if a row is outside the table. At most
    /// `prefetchLimit` rows are touched, as many as the caches can hold
    /// for a while beside a block's buffers.
    ///
    /// Measured (an SGD epoch on 10^6 rows, batch 32, least squares, the
    /// next batch hinted before each): the epoch's steps 12.7 → 7.6 ms,
    /// which had waited on a cache miss per column and row of each
    /// shuffled batch.
    public func prefetch(over table: ColumnTable, rows: UnsafeBufferPointer<Int>) {
        guard table.columnCount >= program.columnCount else { return }
        let rows = UnsafeBufferPointer(rebasing: rows.prefix(ProgramEvaluator.prefetchLimit))
        // Rows are checked all at once as in `evaluateRows`; a batch with a
        // row outside the table is not hinted (its evaluation reports it).
        let tableRows = table.rowCount
        var inRange = -1
        for row in rows { inRange &= ~row & (row &- tableRows) }
        guard inRange < 0 else { return }
        for k in 0..<readColumnCount {
            let base = table.columnBase(readColumns[k])
            for row in rows { gd_prefetch(base + row) }
        }
    }

    /// The most rows `prefetch` touches.
    public static let prefetchLimit = 256

    // MARK: - Batches of one table (SGD's step)

    /// Binds `table` for `evaluateBatch` and `prefetchBatch`, SGD's step:
    /// the table's checks and lookups made once for a run's thousands of
    /// batches, not once a batch. Binding again replaces the table; the
    /// evaluator keeps it alive.
    public func bindBatches(to table: ColumnTable) throws(EvaluationError) {
        if table.columnCount < program.columnCount {
            throw .missingColumn(index: program.columnCount - 1, available: table.columnCount)
        }
        for g in 0..<prepared.gatherCount { batchBases[g] = table.columnBase(prepared.gathers[g].column) }
        batchTable = table
        boundRows = table.rowCount
    }

    /// The rows of the table `bindBatches(to:)` bound (0 before).
    public var batchRowCount: Int { max(boundRows, 0) }

    /// As `evaluate(parameters:over:rows:into:)` over the bound table, for
    /// the same bits, writing the `program.outputCount` outputs at `outputs`.
    ///
    /// A batch of at most one leaf of the pairwise tree (`PairwiseSum.leafLimit`
    /// rows) runs each pass as one block, gathered straight from the columns
    /// found when binding: no per-call lookups, no leaf walk, no stacks.
    /// Measured with callgrind on the lecture's least-squares SGD (batch
    /// 32, 10^5 rows): the gradient's evaluation, calls included, went from
    /// 1,729 instructions a step through `evaluate(parameters:over:rows:into:)`
    /// to 1,388, and the next batch's prefetch from 430 to 266.
    ///
    /// Throws as `evaluate(parameters:over:rows:into:)` does, and
    /// `missingColumn` before a table is bound.
    public func evaluateBatch(
        parameters: UnsafeBufferPointer<Double>, rows: UnsafeBufferPointer<Int>,
        into outputs: UnsafeMutableBufferPointer<Double>
    ) throws(EvaluationError) {
        let tableRows = boundRows
        guard tableRows >= 0 else { throw .missingColumn(index: max(program.columnCount - 1, 0), available: 0) }
        if parameters.count != program.parameterCount {
            throw .parameterCountMismatch(expected: program.parameterCount, got: parameters.count)
        }
        if let position = firstPerRowOutput { throw .perRowOutput(output: position) }
        let count = rows.count
        guard count > 0, count <= PairwiseSum.leafLimit, count <= blockSize else {
            // Larger batches walk the tree as any other pass (bound: `boundRows` ≥ 0).
            guard let table = batchTable else { return }
            var computed: [Double] = []
            try evaluateScalars(Array(parameters), table, rows, into: &computed)
            _ = outputs.update(fromContentsOf: computed.prefix(outputs.count))
            return
        }
        var inRange = -1
        for row in rows { inRange &= ~row & (row &- tableRows) }
        if inRange >= 0, let row = rows.first(where: { $0 < 0 || $0 >= tableRows }) {
            throw .rowIndexOutOfRange(row: row, rowCount: tableRows)
        }
        let severalPasses = prepared.passCount > 1
        for pass in 0..<prepared.passCount {
            let plan = prepared.passes[pass]
            for k in plan.scalars {
                computeScalar(prepared.scalars[k].index, prepared.scalars[k].node, parameters, rowCount: count)
            }
            // (A later pass may gather a column into another buffer, or
            // recompute a node into another: then every pass points its own.)
            if severalPasses || !blocksAtGathers {
                for g in plan.gathers { blocks[prepared.gathers[g].node] = prepared.gathers[g].destination }
                blocksAtGathers = true
            }
            if severalPasses { pointStepBlocks(plan) }
            gather(plan.gathers, bases: batchBases + plan.gathers.lowerBound, rows, 0, count)
            runSteps(plan, count, .whole)
            for k in plan.reductions {
                let reduction = prepared.reductions[k]
                finish(reduction, reduction.accumulator[0].total, count)
                reduction.accumulator[0] = LeafSum()
            }
        }
        for k in prepared.finalScalars {
            computeScalar(prepared.scalars[k].index, prepared.scalars[k].node, parameters, rowCount: count)
        }
        for k in 0..<min(outputs.count, program.outputs.count) { outputs[k] = values[outputNodes[k]] }
    }

    /// As `prefetch(over:rows:)` over the bound table.
    public func prefetchBatch(rows: UnsafeBufferPointer<Int>) {
        guard let first = rows.baseAddress else { return }
        let tableRows = boundRows
        let rows = UnsafeBufferPointer(start: first, count: min(rows.count, ProgramEvaluator.prefetchLimit))
        var inRange = -1
        for row in rows { inRange &= ~row & (row &- tableRows) }
        guard inRange < 0 else { return }
        prefetch(readBases: batchBases, count: prepared.gatherCount, rows)
    }

    /// Every output with one value per row (of `table`, or of `rows` in that
    /// order); a scalar output is repeated on each row.
    public func evaluatePerRow(parameters: [Double], over table: ColumnTable, rows: [Int]? = nil)
        throws(EvaluationError) -> [[Double]]
    {
        let rowCount = rows?.count ?? table.rowCount
        var columns = [[Double]](repeating: [], count: program.outputs.count)
        for output in columns.indices { columns[output] = [Double](repeating: 0, count: rowCount) }
        func run(_ indices: UnsafeBufferPointer<Int>?) throws(EvaluationError) {
            try evaluateRows(parameters, table, indices) { output, start, block, count in
                columns[output].withUnsafeMutableBufferPointer { destination in
                    guard let base = destination.baseAddress else { return }
                    (base + start).update(from: block, count: count)
                }
            }
        }
        if let rows {
            try rows.withUnsafeBufferPointer { (indices) throws(EvaluationError) in try run(indices) }
        } else {
            try run(nil)
        }
        for (position, output) in program.outputs.enumerated() where !program.varies[output] {
            columns[position] = [Double](repeating: values[output], count: rowCount)
        }
        return columns
    }

    // MARK: - Private

    private func checkParameters(_ parameters: [Double]) throws(EvaluationError) {
        if parameters.count != program.parameterCount {
            throw .parameterCountMismatch(expected: program.parameterCount, got: parameters.count)
        }
    }

    /// Computes a node that is the same on every row from its operands' values.
    @inline(__always)
    private func computeScalar<Parameters: RandomAccessCollection<Double>>(
        _ index: Int, _ node: Node, _ parameters: Parameters, rowCount: Int
    ) where Parameters.Index == Int {
        switch node {
        case .constant(let bits): values[index] = Double(bitPattern: bits)
        case .parameter(let position): values[index] = parameters[position]
        case .unary(let op, let a): values[index] = op.apply(values[a])
        case .binary(let op, let a, let b): values[index] = op.apply(values[a], values[b])
        case .reduction(.mean, let a): values[index] = values[a]
        case .reduction(.sum, let a): values[index] = Double(rowCount) * values[a]
        case .column: break  // per-row
        }
    }

    private func evaluateScalars(
        _ parameters: [Double], _ table: ColumnTable, _ rows: UnsafeBufferPointer<Int>?,
        into outputs: inout [Double]
    ) throws(EvaluationError) {
        if let position = firstPerRowOutput { throw .perRowOutput(output: position) }
        try evaluateRows(parameters, table, rows) { _, _, _, _ in }
        let count = program.outputs.count
        if outputs.count == count {
            // Overwritten in place: SGD's gradient, once a batch.
            outputs.withUnsafeMutableBufferPointer { outputs in
                for k in 0..<count { outputs[k] = values[outputNodes[k]] }
            }
        } else {
            outputs.removeAll(keepingCapacity: true)
            for k in 0..<count { outputs.append(values[outputNodes[k]]) }
        }
    }

    /// Runs every pass over the rows, block by block, handing each block of
    /// a per-row output to `emit(output, firstRow, values, count)`.
    private func evaluateRows(
        _ parameters: [Double], _ table: ColumnTable, _ rows: UnsafeBufferPointer<Int>?,
        emit: (Int, Int, UnsafePointer<Double>, Int) -> Void
    ) throws(EvaluationError) {
        try checkParameters(parameters)
        if table.columnCount < program.columnCount {
            throw .missingColumn(index: program.columnCount - 1, available: table.columnCount)
        }
        let tableRows = table.rowCount
        if let rows {
            // One test for the whole batch, with no branch per row: row r is
            // in range when r ≥ 0 and r − n < 0 (no overflow: both are
            // non-negative), so when the sign bit of ~r & (r − n) is set;
            // the and of those over the batch keeps it only if every row
            // has it. (A loop of comparisons does not vectorise; with it a
            // batch of 32 took 114 ns in cache, 102 ns with this and the
            // outputs written in place.)
            var inRange = -1
            for row in rows { inRange &= ~row & (row &- tableRows) }
            if inRange >= 0, let row = rows.first(where: { $0 < 0 || $0 >= tableRows }) {
                throw .rowIndexOutOfRange(row: row, rowCount: tableRows)
            }
        }
        let rowCount = rows?.count ?? tableRows
        // Two threads only for scalar outputs over a whole large table.
        let splits = rows == nil && firstPerRowOutput == nil
            && rowCount >= Self.parallelRowThreshold && threadCount > 1

        for pass in 0..<prepared.passCount {
            let plan = prepared.passes[pass]
            for k in plan.scalars {
                computeScalar(prepared.scalars[k].index, prepared.scalars[k].node, parameters, rowCount: rowCount)
            }
            if splits {
                let left = PairwiseSum.leftCount(of: rowCount)
                let worker = self.worker ?? ProgramEvaluator(program: program, blockSize: blockSize, threadCount: 1)
                self.worker = worker
                worker.values.update(from: values, count: program.nodes.count)
                let halves = Halves(first: self, second: worker, table: table, pass: pass, left: left, count: rowCount)
                DispatchQueue.concurrentPerform(iterations: 2) { half in halves.run(half) }
                for k in plan.reductions {
                    let reduction = prepared.reductions[k]
                    let total = reduction.stack[0] + worker.prepared.reductions[k].stack[0]
                    finish(reduction, total, rowCount)
                }
            } else {
                sumRows(pass, table, rows, from: 0, count: rowCount, emit: emit)
                for k in plan.reductions {
                    let reduction = prepared.reductions[k]
                    finish(reduction, reduction.stack[0], rowCount)
                }
            }
        }
        for k in prepared.finalScalars {
            computeScalar(prepared.scalars[k].index, prepared.scalars[k].node, parameters, rowCount: rowCount)
        }
    }

    /// A reduction's value from its pairwise total: NumPy adds the total to
    /// its identity `+0` (so a sum of `-0`s is `+0`), and a mean divides it by n.
    @inline(__always)
    private func finish(_ reduction: PreparedReduction, _ tree: Double, _ rowCount: Int) {
        let total = 0 + tree
        values[reduction.node] = reduction.isSum ? total : total / Double(rowCount)
    }

    /// The two halves of the pairwise tree's root, one per thread; each
    /// evaluator leaves its half's totals at the bottom of its stacks.
    private final class Halves: @unchecked Sendable {
        // Each evaluator is used by one thread only, and the table is
        // immutable; `concurrentPerform` returns after both halves.
        let first: ProgramEvaluator
        let second: ProgramEvaluator
        let table: ColumnTable
        let pass: Int
        let left: Int
        let count: Int

        init(first: ProgramEvaluator, second: ProgramEvaluator, table: ColumnTable, pass: Int, left: Int, count: Int) {
            (self.first, self.second, self.table, self.pass, self.left, self.count) = (first, second, table, pass, left, count)
        }

        func run(_ half: Int) {
            if half == 0 {
                first.sumRows(pass, table, nil, from: 0, count: left) { _, _, _, _ in }
            } else {
                second.sumRows(pass, table, nil, from: left, count: count - left) { _, _, _, _ in }
            }
        }
    }

    /// Runs pass `pass` over rows `first ..< first + count` of the order
    /// (the table's rows, or `rows`), leaf by leaf of the pairwise tree over
    /// those rows, leaving each reduction's tree total at `stack[0]`.
    private func sumRows(
        _ pass: Int, _ table: ColumnTable, _ rows: UnsafeBufferPointer<Int>?, from first: Int, count: Int,
        emit: (Int, Int, UnsafePointer<Double>, Int) -> Void
    ) {
        let plan = prepared.passes[pass]
        for (k, g) in plan.gathers.enumerated() {
            let gather = prepared.gathers[g]
            columnBases[k] = table.columnBase(gather.column)
            if rows != nil { blocks[gather.node] = gather.destination }
        }
        blocksAtGathers = rows != nil
        if prepared.passCount > 1 { pointStepBlocks(plan) }
        // (Every leaf's running sums are back at zero: each block clears those it used.)

        if count <= PairwiseSum.leafLimit && count <= blockSize && firstPerRowOutput == nil {
            // One leaf in one block (an SGD batch): no walk, no stack.
            runBlock(plan, rows, first, count, .whole)
            for k in plan.reductions {
                let reduction = prepared.reductions[k]
                reduction.stack[0] = reduction.accumulator[0].total
                reduction.accumulator[0] = LeafSum()
            }
            return
        }
        let perRowOutputs = firstPerRowOutput == nil ? [] : program.schedule.passes[pass].perRowOutputs

        // Locals in the loops: no exclusivity checks on the evaluator's properties.
        planLeaves(count: count)
        let (leafEnds, leafMerges, lastLeaf) = (leafPlan.ends, leafPlan.merges, leafPlan.leafCount - 1)
        var leaf = 0
        var depth = 0
        var start = first
        var finished = false
        while !finished {
            // The block: up to `blockSize` rows, cut into segments at leaf ends.
            let limit = start + blockSize
            var segments = 0
            var end = start
            var endsInLeaf = false
            while true {
                let leafEnd = first + leafEnds[leaf]
                end = min(leafEnd, limit)
                segmentEnds[segments] = end - start
                if end == leafEnd {
                    segmentMerges[segments] = leafMerges[leaf]
                    segments += 1
                    if leaf == lastLeaf {
                        finished = true
                        break
                    }
                    leaf += 1
                    if end == limit { break }
                } else {
                    segments += 1
                    endsInLeaf = true
                    break
                }
            }
            let leaves = BlockLeaves(ends: UnsafePointer(segmentEnds), count: segments)
            runBlock(plan, rows, start, end - start, leaves)
            for (output, node) in perRowOutputs { emit(output, start, blocks[node], end - start) }
            start = end

            // Each finished leaf's total onto the stacks, merged as the tree says.
            guard !plan.reductions.isEmpty else { continue }
            for segment in 0..<(endsInLeaf ? segments - 1 : segments) {
                for k in plan.reductions {
                    let reduction = prepared.reductions[k]
                    reduction.stack[depth] = reduction.accumulator[segment].total
                }
                depth += 1
                for _ in 0..<segmentMerges[segment] {
                    depth -= 1
                    for k in plan.reductions {
                        let stack = prepared.reductions[k].stack
                        stack[depth - 1] = stack[depth - 1] + stack[depth]
                    }
                }
            }
            for k in plan.reductions {
                let sums = prepared.reductions[k].accumulator
                // A leaf the block ended inside goes on in the next block's first segment.
                sums[0] = endsInLeaf ? sums[segments - 1] : LeafSum()
                for segment in 1..<segments { sums[segment] = LeafSum() }
            }
        }
    }

    /// Points the blocks of the nodes the pass's steps compute at their buffers.
    private func pointStepBlocks(_ plan: PreparedPass) {
        for k in plan.steps {
            let step = prepared.steps[k]
            if let destination = step.destination { blocks[step.node] = destination }
        }
    }

    /// Finds the leaves of the pairwise tree over `count` rows, unless the
    /// last pass had as many rows (every pass over a table does).
    private func planLeaves(count: Int) {
        guard count != leafPlan.rowCount else { return }
        var walk = PairwiseWalk(count: count)
        var leaves = 0
        repeat {
            if leaves == leafPlan.capacity { leafPlan.grow() }
            leafPlan.ends[leaves] = walk.leafEnd
            leafPlan.merges[leaves] = walk.finishLeaf()
            leaves += 1
        } while !walk.isFinished
        leafPlan.leafCount = leaves
        leafPlan.rowCount = count
    }

    /// One block of one pass: rows `start ..< start + count` of the order.
    @inline(__always)
    private func runBlock(
        _ plan: PreparedPass, _ rows: UnsafeBufferPointer<Int>?, _ start: Int, _ count: Int, _ leaves: BlockLeaves
    ) {
        if let rows {
            gather(plan.gathers, bases: columnBases, rows, start, count)
        } else {
            for (k, g) in plan.gathers.enumerated() { blocks[prepared.gathers[g].node] = UnsafeMutablePointer(mutating: columnBases[k] + start) }
        }
        runSteps(plan, count, leaves)
    }

    /// The steps of one pass over the current block (`count` rows, cut at `leaves`).
    @inline(__always)
    private func runSteps(_ plan: PreparedPass, _ count: Int, _ leaves: BlockLeaves) {
        for k in plan.steps {
            if let kernel = stepKernelRefs[k] {
                kernel._withUnsafeGuaranteedRef { $0.run(count, leaves) }
                continue
            }
            let step = prepared.steps[k]
            switch step.kind {
            case .unary:
                applyBlock(step.unaryOp, blocks[step.a], count, sink(step, leaves))
            case .binary:
                let a: BlockOperand =
                    !step.aRows ? .scalar(values[step.a])
                    : step.aPre.map { .rowsThen(blocks[step.a], $0.resolve(values)) } ?? .rows(blocks[step.a])
                let b: BlockOperand =
                    !step.bRows ? .scalar(values[step.b])
                    : step.bPre.map { .rowsThen(blocks[step.b], $0.resolve(values)) } ?? .rows(blocks[step.b])
                applyBlock(step.binaryOp, a, b, count, sink(step, leaves))
            case .accumulate:
                if let sum = step.sum { accumulateBlock(blocks[step.a], count, into: sum, leaves) }
            }
        }
    }

    /// Copies rows `start ..< start + count` of the order out of every column
    /// the pass reads (the k-th gather's column starting at `bases[k]`), all
    /// columns of a row together (so that the cache misses of one row's
    /// columns are in flight at once, as in a hand-written loop).
    @inline(__always)
    private func gather(
        _ gathers: Range<Int>, bases: UnsafePointer<UnsafePointer<Double>>, _ rows: UnsafeBufferPointer<Int>,
        _ start: Int, _ count: Int
    ) {
        guard let indices = rows.baseAddress.map({ $0 + start }) else { return }
        let first = gathers.lowerBound
        switch gathers.count {
        case 1:
            let (d0, b0) = (prepared.gathers[first].destination, bases[0])
            for i in 0..<count { d0[i] = b0[indices[i]] }
        case 2:
            let (d0, b0) = (prepared.gathers[first].destination, bases[0])
            let (d1, b1) = (prepared.gathers[first + 1].destination, bases[1])
            for i in 0..<count {
                let row = indices[i]
                d0[i] = b0[row]
                d1[i] = b1[row]
            }
        case 3:
            let (d0, b0) = (prepared.gathers[first].destination, bases[0])
            let (d1, b1) = (prepared.gathers[first + 1].destination, bases[1])
            let (d2, b2) = (prepared.gathers[first + 2].destination, bases[2])
            for i in 0..<count {
                let row = indices[i]
                d0[i] = b0[row]
                d1[i] = b1[row]
                d2[i] = b2[row]
            }
        default:
            for (k, g) in gathers.enumerated() {
                let (destination, base) = (prepared.gathers[g].destination, bases[k])
                for i in 0..<count { destination[i] = base[indices[i]] }
            }
        }
    }

    /// Prefetches `rows` of the `count` columns starting at `bases`, all
    /// columns of a row together (see `prefetch(over:rows:)`).
    @inline(__always)
    private func prefetch(readBases bases: UnsafePointer<UnsafePointer<Double>>, count: Int, _ rows: UnsafeBufferPointer<Int>) {
        switch count {
        case 1:
            let b0 = bases[0]
            for row in rows { gd_prefetch(b0 + row) }
        case 2:
            let (b0, b1) = (bases[0], bases[1])
            for row in rows {
                gd_prefetch(b0 + row)
                gd_prefetch(b1 + row)
            }
        default:
            for k in 0..<count {
                let base = bases[k]
                for row in rows { gd_prefetch(base + row) }
            }
        }
    }

    @inline(__always)
    private func sink(_ step: PreparedStep, _ leaves: BlockLeaves) -> Sink {
        Sink(
            destination: step.destination, sum: step.sum, leaves: leaves,
            post: step.post.map { $0.with(values[step.postScalar]) })
    }
}

/// The leaves of the pairwise tree over `rowCount` rows in order, as
/// `PairwiseWalk` finds them: where each ends (counted from the pass's first
/// row) and how many merges of the stacks' top two entries follow it. Every
/// pass over the same number of rows has the same leaves, so an evaluator
/// finds them once, not on every pass (walking cost about 120 instructions
/// a leaf: 5% of a least-squares step over 10^6 rows).
private final class LeafPlan {
    var rowCount = -1
    var leafCount = 0
    private(set) var capacity = 16
    private(set) var ends: UnsafeMutablePointer<Int>
    private(set) var merges: UnsafeMutablePointer<Int>

    init() {
        ends = .allocate(capacity: capacity)
        merges = .allocate(capacity: capacity)
    }

    deinit {
        ends.deallocate()
        merges.deallocate()
    }

    /// Doubles the capacity, keeping the leaves found so far.
    func grow() {
        let larger = capacity * 2
        let (newEnds, newMerges) = (UnsafeMutablePointer<Int>.allocate(capacity: larger), UnsafeMutablePointer<Int>.allocate(capacity: larger))
        newEnds.moveInitialize(from: ends, count: capacity)
        newMerges.moveInitialize(from: merges, count: capacity)
        ends.deallocate()
        merges.deallocate()
        (ends, merges, capacity) = (newEnds, newMerges, larger)
    }
}

extension Program {
    /// Convenience for one-off use: a fresh evaluator at one point.
    public func evaluate(parameters: [Double], row: [Double] = []) throws(EvaluationError) -> [Double] {
        try ProgramEvaluator(program: self).evaluate(parameters: parameters, row: row)
    }

    /// Convenience for one-off use: a fresh evaluator over rows.
    public func evaluate(parameters: [Double], over table: ColumnTable, rows: [Int]? = nil)
        throws(EvaluationError) -> [Double]
    {
        try ProgramEvaluator(program: self).evaluate(parameters: parameters, over: table, rows: rows)
    }
}
