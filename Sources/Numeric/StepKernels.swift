import Core

// A step's kernel chosen once, when the evaluator is made, instead of on
// every block.
//
// `runBlock` used to decide, for each step of each block, which operation,
// which operand forms and which sink to use (`applyBlock` → `binary` →
// `drain`), rebuilding the operands and the sink as enums each time; and
// an operation with a scalar folded into the loop (`pre`, `post`) was a
// switch on every eight rows. A `StepKernel` makes those choices once: a
// block reads its operands' current pointers and scalars and runs one
// specialised loop, with a folded arithmetic operation as v·m + c
// (`ScalarOperation.affine`, the same bits) and a folded square as v·v.
//
// Measured with callgrind over a least-squares `descend` on 10^6 rows (the
// lecture's `(y - a - b*x)^2`, six steps a pass then): 21 instructions a
// row before, 14 after (the loops themselves included); CPU time a step
// 1.45 → 1.07 ms.
//
// Only the arithmetic operations, which nearly every formula's hot steps
// are, get one; every other step (powers, whose kernel depends on the
// exponent's value, comparisons, unary operations, accumulations, and a
// division folded in as `pre`/`post`) keeps the general path.

/// One step of a pass with its operation and operand forms fixed; `run`
/// computes a block (`count` rows, cut at `leaves`). A closure made in a
/// generic function, so its body is that function's specialisation (a
/// generic class's overriding method would run unspecialised, through
/// metadata lookups: 3× the instructions, measured).
final class StepKernel {
    let run: (_ count: Int, _ leaves: BlockLeaves) -> Void
    init(run: @escaping (Int, BlockLeaves) -> Void) { self.run = run }
}

/// Where a step's operands live: each node's current block of rows
/// (`blocks[node]`) and each node's scalar value (`values[node]`).
struct StepStorage {
    let blocks: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    let values: UnsafeMutablePointer<Double>
}

/// How a kernel reads one operand of its step on each block.
protocol OperandReader {
    associatedtype Values: RowValues
    static func read(_ node: Int, _ pre: PreparedPre?, _ storage: StepStorage) -> Values
}

/// The node's current block of rows.
enum RowsReader: OperandReader {
    @inline(__always)
    static func read(_ node: Int, _ pre: PreparedPre?, _ storage: StepStorage) -> BlockRows {
        BlockRows(base: storage.blocks[node])
    }
}

/// The node's scalar value on every row.
enum ScalarReader: OperandReader {
    @inline(__always)
    static func read(_ node: Int, _ pre: PreparedPre?, _ storage: StepStorage) -> Broadcast {
        Broadcast(value: storage.values[node])
    }
}

/// The node's current block with an operation with a scalar applied first
/// (`pre`), in its affine form (see `ScalarOperation.affine`).
enum AffineReader: OperandReader {
    @inline(__always)
    static func read(_ node: Int, _ pre: PreparedPre?, _ storage: StepStorage) -> AffineRows<BlockRows> {
        // `pre` has an affine form for this reader (see `makeStepKernel`).
        let (m, c) = pre?.resolve(storage.values).affine ?? (1, -0.0)
        return AffineRows(values: BlockRows(base: storage.blocks[node]), m: m, c: c)
    }
}

/// The kernel of `step` if it has one of its own (see above), reading
/// operand blocks from `blocks` and scalars from `values`.
func makeStepKernel(
    _ step: PreparedStep, blocks: UnsafeMutablePointer<UnsafeMutablePointer<Double>>,
    values: UnsafeMutablePointer<Double>
) -> StepKernel? {
    guard step.kind == .binary else { return nil }
    switch step.binaryOp {
    case .add: return binaryStepKernel(Add.self, step, blocks, values)
    case .subtract: return binaryStepKernel(Subtract.self, step, blocks, values)
    case .multiply: return binaryStepKernel(Multiply.self, step, blocks, values)
    case .divide: return binaryStepKernel(Divide.self, step, blocks, values)
    default: return nil
    }
}

private enum ReaderKind { case rows, scalar, affine }
private enum PostKind { case none, affine, square }

private func binaryStepKernel<Op: BinaryKernel>(
    _: Op.Type, _ step: PreparedStep, _ blocks: UnsafeMutablePointer<UnsafeMutablePointer<Double>>,
    _ values: UnsafeMutablePointer<Double>
) -> StepKernel? {
    // A division before or after the operation keeps the general path.
    func kind(_ rows: Bool, _ pre: PreparedPre?) -> ReaderKind? {
        guard rows else { return .scalar }
        guard let pre else { return .rows }
        return pre.isAffine ? .affine : nil
    }
    let postKind: PostKind
    switch step.post {
    case nil: postKind = .none
    case .square: postKind = .square
    case let post?: guard post.affine != nil else { return nil }; postKind = .affine
    }
    let storage = StepStorage(blocks: blocks, values: values)
    func make<A: OperandReader, B: OperandReader>(_: A.Type, _: B.Type) -> StepKernel {
        func sink(_ leaves: BlockLeaves) -> Sink {
            Sink(destination: step.destination, sum: step.sum, leaves: leaves, post: nil)
        }
        func rows(_ count: Int) -> BinaryRows<Op, A.Values, B.Values> {
            BinaryRows(
                a: A.read(step.a, step.aPre, storage),
                b: B.read(step.b, step.bPre, storage))
        }
        switch postKind {
        case .none:
            return StepKernel { count, leaves in drain(count, sink(leaves), rows(count)) }
        case .square:
            return StepKernel { count, leaves in drain(count, sink(leaves), SquaredRows(values: rows(count))) }
        case .affine:
            return StepKernel { count, leaves in
                let (m, c) = step.post?.with(values[step.postScalar]).affine ?? (1, -0.0)
                drain(count, sink(leaves), AffineRows(values: rows(count), m: m, c: c))
            }
        }
    }
    guard let a = kind(step.aRows, step.aPre), let b = kind(step.bRows, step.bPre) else { return nil }
    switch (a, b) {
    case (.rows, .rows): return make(RowsReader.self, RowsReader.self)
    case (.rows, .scalar): return make(RowsReader.self, ScalarReader.self)
    case (.scalar, .rows): return make(ScalarReader.self, RowsReader.self)
    case (.scalar, .scalar): return nil  // not a per-row step
    case (.affine, .rows): return make(AffineReader.self, RowsReader.self)
    case (.rows, .affine): return make(RowsReader.self, AffineReader.self)
    case (.affine, .affine): return make(AffineReader.self, AffineReader.self)
    case (.affine, .scalar): return make(AffineReader.self, ScalarReader.self)
    case (.scalar, .affine): return make(ScalarReader.self, AffineReader.self)
    }
}
