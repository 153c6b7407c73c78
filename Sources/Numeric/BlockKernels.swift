import Core
// Tight loops that apply one operation to a block of rows.
//
// Each operation gets its own loop with the operation inlined: the kernels
// are generic over the operation and the operand forms (rows or a scalar),
// and the switch in `applyBlock` picks one specialisation per block, never
// per row. (Closures capturing the operands were not reliably inlined: the
// scalar-operand loops then ran 3× slower.)
//
// Rows go eight at a time as `SIMD8<Double>`: lane-wise IEEE arithmetic, so
// each row's value is exactly `op.apply` of that row's operands, while
// selects (`sign`, `max`, comparisons) become masks instead of unpredictable
// branches (`sign` over 10^6 random rows: 4.8 ms with branches, 0.6 ms with
// masks). `exp` and σ have a vector form too (gd's own exp, eight lanes at
// once); functions without one (`ln`, `pow`, …) call the scalar function
// for each lane. The tail of a block (fewer than eight rows) uses
// the scalar definition directly.
//
// A kernel hands its results to a `Sink`: stored into a block buffer, added
// into a reduction's lanes (so `mean(a*b)` never stores `a*b`), or both.
// On the way it may apply one more arithmetic operation with a scalar (the
// single consumer of the value, folded in: `θ1*x + θ0` is one loop, not
// two), which saves a store and a reload per row and changes no bits.

typealias Lanes = SIMD8<Double>

/// Where a kernel's results go.
struct Sink {
    /// The block buffer to store into, if any later step reads it.
    var destination: UnsafeMutablePointer<Double>?
    /// The reduction to add each row into: one running sum per leaf of the
    /// pairwise tree that the block touches (`leaves`).
    var sum: UnsafeMutablePointer<LeafSum>?
    /// Where the block's rows change leaf.
    var leaves = BlockLeaves.whole
    /// An operation with a scalar applied to each result first, if any.
    var post: ScalarOperation?
}

/// `v ⊕ s` or `s ⊕ v` for an arithmetic ⊕ and a scalar s, applied to a
/// kernel's results before they reach the sink.
enum ScalarOperation {
    case add(Double)  // v + s (= s + v)
    case multiply(Double)  // v * s (= s * v)
    case subtract(Double)  // v - s
    case subtractFrom(Double)  // s - v
    case divide(Double)  // v / s
    case divideInto(Double)  // s / v
    /// v*v: a per-row value to the constant power 2 over rows (NumPy's `square`).
    case square
    /// v·m + c: a product then a sum applied in one (see `PreparedPre.resolve`).
    case affine(m: Double, c: Double)

    /// The operation `op` with `scalar` on the side `scalarFirst` says, if arithmetic.
    init?(_ op: BinaryOp, scalar: Double, scalarFirst: Bool) {
        switch op {
        case .add: self = .add(scalar)
        case .multiply: self = .multiply(scalar)
        case .subtract: self = scalarFirst ? .subtractFrom(scalar) : .subtract(scalar)
        case .divide: self = scalarFirst ? .divideInto(scalar) : .divide(scalar)
        default: return nil
        }
    }

    /// The same operation with another scalar.
    @inline(__always) func with(_ s: Double) -> ScalarOperation {
        switch self {
        case .add: return .add(s)
        case .multiply: return .multiply(s)
        case .subtract: return .subtract(s)
        case .subtractFrom: return .subtractFrom(s)
        case .divide: return .divide(s)
        case .divideInto: return .divideInto(s)
        case .square: return .square
        case .affine: return self
        }
    }

    @inline(__always) func lanes(_ v: Lanes) -> Lanes {
        switch self {
        case .add(let s): return Add.lanes(v, Lanes(repeating: s))
        case .multiply(let s): return Multiply.lanes(v, Lanes(repeating: s))
        case .subtract(let s): return Subtract.lanes(v, Lanes(repeating: s))
        case .subtractFrom(let s): return Subtract.lanes(Lanes(repeating: s), v)
        case .divide(let s): return Divide.lanes(v, Lanes(repeating: s))
        case .divideInto(let s): return Divide.lanes(Lanes(repeating: s), v)
        case .square: return Multiply.lanes(v, v)
        case .affine(let m, let c): return v * Lanes(repeating: m) + Lanes(repeating: c)
        }
    }

    @inline(__always) func row(_ v: Double) -> Double {
        switch self {
        case .add(let s): return Add.row(v, s)
        case .multiply(let s): return Multiply.row(v, s)
        case .subtract(let s): return Subtract.row(v, s)
        case .subtractFrom(let s): return Subtract.row(s, v)
        case .divide(let s): return Divide.row(v, s)
        case .divideInto(let s): return Divide.row(s, v)
        case .square: return Multiply.row(v, v)
        case .affine(let m, let c): return v * m + c
        }
    }
}

extension ScalarOperation {
    /// The operation as v·m + c, when that gives the same bits for every v
    /// (nil for the divisions and the square): v + s is v·1 + s (v·1 is v),
    /// v − s is v·1 + (−s) (IEEE defines subtraction so), s − v is
    /// v·(−1) + s (negation is exact), and v·s is v·s + (−0) (x + (−0) is x,
    /// ±0 included). Only a `nan`'s payload may differ, which gd never shows.
    /// A kernel with this form needs no switch per row (see `AffineRows`).
    var affine: (m: Double, c: Double)? {
        switch self {
        case .add(let s): return (1, s)
        case .subtract(let s): return (1, -s)
        case .subtractFrom(let s): return (-1, s)
        case .multiply(let s): return (s, -0.0)
        case .affine(let m, let c): return (m, c)
        case .divide, .divideInto, .square: return nil
        }
    }
}

/// A kernel's values times m plus c, lane by lane (never fused into one
/// rounding: Swift does not contract a * b + c).
struct AffineRows<Values: RowValues>: RowValues {
    let values: Values
    // Broadcast once: with `Lanes(repeating:)` in `lanes`, LLVM computed
    // some lanes as scalars and blended them in (twice the instructions).
    let m: Lanes
    let c: Lanes

    @inline(__always) init(values: Values, m: Double, c: Double) {
        (self.values, self.m, self.c) = (values, Lanes(repeating: m), Lanes(repeating: c))
    }
    @inline(__always) func lanes(_ i: Int) -> Lanes { values.lanes(i) * m + c }
    @inline(__always) func row(_ i: Int) -> Double { values.row(i) * m[0] + c[0] }
}

/// A kernel's values squared (v·v: a power 2 folded into its operand's loop).
struct SquaredRows<Values: RowValues>: RowValues {
    let values: Values
    @inline(__always) func lanes(_ i: Int) -> Lanes {
        let v = values.lanes(i)
        return v * v
    }
    @inline(__always) func row(_ i: Int) -> Double {
        let v = values.row(i)
        return v * v
    }
}

/// A kernel's values with a scalar operation applied.
struct PostRows<Values: RowValues>: RowValues {
    let values: Values
    let post: ScalarOperation
    @inline(__always) func lanes(_ i: Int) -> Lanes { post.lanes(values.lanes(i)) }
    @inline(__always) func row(_ i: Int) -> Double { post.row(values.row(i)) }
}

/// A block operand as a kernel sees it.
enum BlockOperand {
    case rows(UnsafePointer<Double>)
    /// Rows with an operation with a scalar applied first (a `pre` operand).
    case rowsThen(UnsafePointer<Double>, ScalarOperation)
    case scalar(Double)
}

/// Something that yields the value of each row of a block.
protocol RowValues {
    /// Rows `i ..< i + 8` (`i` a multiple of 8).
    func lanes(_ i: Int) -> Lanes
    /// Row `i` alone.
    func row(_ i: Int) -> Double
}

struct BlockRows: RowValues {
    let base: UnsafePointer<Double>
    @inline(__always) func lanes(_ i: Int) -> Lanes { UnsafeRawPointer(base + i).loadUnaligned(as: Lanes.self) }
    @inline(__always) func row(_ i: Int) -> Double { base[i] }
}

struct Broadcast: RowValues {
    let value: Double
    @inline(__always) func lanes(_ i: Int) -> Lanes { Lanes(repeating: value) }
    @inline(__always) func row(_ i: Int) -> Double { value }
}

/// A unary operation in both forms: eight lanes and one row.
protocol UnaryKernel {
    static func lanes(_ x: Lanes) -> Lanes
    static func row(_ x: Double) -> Double
}

/// A binary operation in both forms.
protocol BinaryKernel {
    static func lanes(_ a: Lanes, _ b: Lanes) -> Lanes
    static func row(_ a: Double, _ b: Double) -> Double
}

struct UnaryRows<Op: UnaryKernel, Source: RowValues>: RowValues {
    let source: Source
    @inline(__always) func lanes(_ i: Int) -> Lanes { Op.lanes(source.lanes(i)) }
    @inline(__always) func row(_ i: Int) -> Double { Op.row(source.row(i)) }
}

struct BinaryRows<Op: BinaryKernel, A: RowValues, B: RowValues>: RowValues {
    let a: A
    let b: B
    @inline(__always) func lanes(_ i: Int) -> Lanes { Op.lanes(a.lanes(i), b.lanes(i)) }
    @inline(__always) func row(_ i: Int) -> Double { Op.row(a.row(i), b.row(i)) }
}

/// Runs `values` over `count` rows into `sink`, through its scalar operation if any.
@inline(__always)
func drain<Values: RowValues>(_ count: Int, _ sink: Sink, _ values: Values) {
    if let post = sink.post {
        store(count, sink, PostRows(values: values, post: post))
    } else {
        store(count, sink, values)
    }
}

/// How a block's rows divide among the leaves of the pairwise tree: rows
/// `0 ..< ends[0]` add into the first leaf's running sum, `ends[0] ..< ends[1]`
/// into the second's, and so on. Every leaf but the table's last starts and
/// ends at a multiple of 8 from the block's start (the evaluator cuts blocks
/// so), so row `i` of a segment goes to lane `(i − segment start) mod 8` = `i mod 8`.
struct BlockLeaves {
    var ends: UnsafePointer<Int>?
    var count: Int

    /// One segment: the whole block (`ends` nil).
    static var whole: BlockLeaves { BlockLeaves(ends: nil, count: 1) }

    @inline(__always) func end(_ segment: Int, blockCount: Int) -> Int { ends?[segment] ?? blockCount }
}

/// Runs `values` over `count` rows into `sink`. With a reduction, each
/// segment of rows (`sink.leaves`) adds into its own leaf's running sum: its
/// full groups of eight into the lanes, and rows past its last full group
/// (only the table's last leaf has them) kept in order (see `LeafSum`).
@inline(__always)
private func store<Values: RowValues>(_ count: Int, _ sink: Sink, _ values: Values) {
    let full = count & ~7
    var i = 0
    if let sums = sink.sum {
        for segment in 0..<sink.leaves.count {
            let end = sink.leaves.end(segment, blockCount: count)
            let segmentFull = i + ((end - i) & ~7)
            let sum = sums + segment
            var accumulator = sum.pointee.lanes
            if let destination = sink.destination {
                while i < segmentFull {
                    let value = values.lanes(i)
                    UnsafeMutableRawPointer(destination + i).storeBytes(of: value, as: Lanes.self)
                    accumulator += value
                    i += 8
                }
                sum.pointee.lanes = accumulator
                while i < end {
                    let value = values.row(i)
                    destination[i] = value
                    sum.pointee.addTail(value)
                    i += 1
                }
            } else {
                while i < segmentFull {
                    accumulator += values.lanes(i)
                    i += 8
                }
                sum.pointee.lanes = accumulator
                while i < end {
                    sum.pointee.addTail(values.row(i))
                    i += 1
                }
            }
        }
    } else if let destination = sink.destination {
        while i < full {
            UnsafeMutableRawPointer(destination + i).storeBytes(of: values.lanes(i), as: Lanes.self)
            i += 8
        }
        while i < count {
            destination[i] = values.row(i)
            i += 1
        }
    }
}

// MARK: - Dispatch

func applyBlock(_ op: UnaryOp, _ source: UnsafePointer<Double>, _ count: Int, _ sink: Sink) {
    @inline(__always) func run<Op: UnaryKernel>(_: Op.Type) {
        drain(count, sink, UnaryRows<Op, BlockRows>(source: BlockRows(base: source)))
    }
    switch op {
    case .negate: run(Negate.self)
    case .abs: run(Absolute.self)
    case .sqrt: run(SquareRoot.self)
    case .sign: run(Sign.self)
    case .step: run(Step.self)
    case .exp: withExponentialTable { drain(count, sink, ExponentialRows(source: BlockRows(base: source), table: $0)) }
    case .ln: run(PerLane<LnTag>.self)
    case .log10: run(PerLane<Log10Tag>.self)
    case .sin: run(PerLane<SinTag>.self)
    case .cos: run(PerLane<CosTag>.self)
    case .tan: run(PerLane<TanTag>.self)
    case .asin: run(PerLane<AsinTag>.self)
    case .acos: run(PerLane<AcosTag>.self)
    case .atan: run(PerLane<AtanTag>.self)
    case .tanh: run(PerLane<TanhTag>.self)
    case .sigmoid: withExponentialTable { drain(count, sink, SigmoidRows(source: BlockRows(base: source), table: $0)) }
    case .hinge: run(Hinge.self)
    case .builtin(let index):
        // A built-in without a kernel of its own: its scalar value per row.
        drain(count, sink, BuiltinRows(source: BlockRows(base: source), index: index))
    }
}

func applyBlock(
    _ op: BinaryOp, _ a: BlockOperand, _ b: BlockOperand, _ count: Int, _ sink: Sink
) {
    if op == .power, case .rows(let base) = a, case .scalar(let exponent) = b {
        // NumPy's powers of an array by a number (`fast_scalar_power`), which
        // LANGUAGE.md makes gd's over table columns: `c^2` is `c*c` (NumPy's
        // `square`), `c^0.5` is `sqrt(c)`, `c^-1` is `1/c`; other powers `pow`.
        switch exponent {
        case 2: binary(Multiply.self, a, a, count, sink)
        case 0.5: applyBlock(.sqrt, base, count, sink)
        case -1: binary(Divide.self, .scalar(1), a, count, sink)
        default: binary(Power.self, a, b, count, sink)
        }
        return
    }
    switch op {
    case .add: binary(Add.self, a, b, count, sink)
    case .subtract: binary(Subtract.self, a, b, count, sink)
    case .multiply: binary(Multiply.self, a, b, count, sink)
    case .divide: binary(Divide.self, a, b, count, sink)
    case .power: binary(Power.self, a, b, count, sink)
    case .maximum: binary(Maximum.self, a, b, count, sink)
    case .minimum: binary(Minimum.self, a, b, count, sink)
    case .equal: binary(Compare<EqualTag>.self, a, b, count, sink)
    case .notEqual: binary(Compare<NotEqualTag>.self, a, b, count, sink)
    case .less: binary(Compare<LessTag>.self, a, b, count, sink)
    case .lessOrEqual: binary(Compare<LessOrEqualTag>.self, a, b, count, sink)
    case .greater: binary(Compare<GreaterTag>.self, a, b, count, sink)
    case .greaterOrEqual: binary(Compare<GreaterOrEqualTag>.self, a, b, count, sink)
    }
}

/// One specialised loop per operand form (rows or scalar on each side).
@inline(__always)
private func binary<Op: BinaryKernel>(_: Op.Type, _ a: BlockOperand, _ b: BlockOperand, _ count: Int, _ sink: Sink) {
    switch (a, b) {
    case (.rows(let p), .rows(let q)):
        drain(count, sink, BinaryRows<Op, BlockRows, BlockRows>(a: BlockRows(base: p), b: BlockRows(base: q)))
    case (.rows(let p), .scalar(let t)):
        drain(count, sink, BinaryRows<Op, BlockRows, Broadcast>(a: BlockRows(base: p), b: Broadcast(value: t)))
    case (.scalar(let s), .rows(let q)):
        drain(count, sink, BinaryRows<Op, Broadcast, BlockRows>(a: Broadcast(value: s), b: BlockRows(base: q)))
    case (.scalar(let s), .scalar(let t)):
        drain(count, sink, BinaryRows<Op, Broadcast, Broadcast>(a: Broadcast(value: s), b: Broadcast(value: t)))
    case (.rowsThen(let p, let f), .rows(let q)):
        drain(count, sink, BinaryRows<Op, PostRows<BlockRows>, BlockRows>(a: PostRows(values: BlockRows(base: p), post: f), b: BlockRows(base: q)))
    case (.rows(let p), .rowsThen(let q, let g)):
        drain(count, sink, BinaryRows<Op, BlockRows, PostRows<BlockRows>>(a: BlockRows(base: p), b: PostRows(values: BlockRows(base: q), post: g)))
    case (.rowsThen(let p, let f), .rowsThen(let q, let g)):
        drain(
            count, sink,
            BinaryRows<Op, PostRows<BlockRows>, PostRows<BlockRows>>(
                a: PostRows(values: BlockRows(base: p), post: f), b: PostRows(values: BlockRows(base: q), post: g)))
    case (.rowsThen(let p, let f), .scalar(let t)):
        drain(count, sink, BinaryRows<Op, PostRows<BlockRows>, Broadcast>(a: PostRows(values: BlockRows(base: p), post: f), b: Broadcast(value: t)))
    case (.scalar(let s), .rowsThen(let q, let g)):
        drain(count, sink, BinaryRows<Op, Broadcast, PostRows<BlockRows>>(a: Broadcast(value: s), b: PostRows(values: BlockRows(base: q), post: g)))
    }
}

/// Adds `count` rows of a block into the leaves' running sums `sums` (a
/// reduction of a column, or of a value another reduction already took from
/// its producer).
func accumulateBlock(
    _ source: UnsafePointer<Double>, _ count: Int, into sums: UnsafeMutablePointer<LeafSum>, _ leaves: BlockLeaves
) {
    store(count, Sink(destination: nil, sum: sums, leaves: leaves), BlockRows(base: source))
}

// MARK: - Operations with a vector form
//
// Each `row` is the scalar definition (`UnaryOp.apply`/`BinaryOp.apply`);
// each `lanes` must agree with it lane by lane, `nan`, `±0` and `±inf`
// included (KernelTests checks every operation in every operand form).

@inline(__always) private func bits(_ x: Lanes) -> SIMD8<UInt64> { unsafeBitCast(x, to: SIMD8<UInt64>.self) }
@inline(__always) private func fromBits(_ bits: SIMD8<UInt64>) -> Lanes { unsafeBitCast(bits, to: Lanes.self) }

/// 1 where `mask` is set, else 0.
@inline(__always)
private func indicator(_ mask: SIMDMask<SIMD8<Int64>>) -> Lanes {
    Lanes(repeating: 0).replacing(with: 1, where: mask)
}

enum Negate: UnaryKernel {
    // Flip the sign bit: the standard library's SIMD `prefix -` is `0 - x`,
    // which gives +0 for +0 where scalar negation gives -0.
    @inline(__always) static func lanes(_ x: Lanes) -> Lanes { fromBits(bits(x) ^ 0x8000_0000_0000_0000) }
    @inline(__always) static func row(_ x: Double) -> Double { UnaryOp.negate.apply(x) }
}

enum Absolute: UnaryKernel {
    @inline(__always) static func lanes(_ x: Lanes) -> Lanes { fromBits(bits(x) & 0x7FFF_FFFF_FFFF_FFFF) }
    @inline(__always) static func row(_ x: Double) -> Double { UnaryOp.abs.apply(x) }
}

enum SquareRoot: UnaryKernel {
    @inline(__always) static func lanes(_ x: Lanes) -> Lanes {
        let negative = x .< 0
        return x.replacing(with: 0, where: negative).squareRoot().replacing(with: .nan, where: negative)
    }
    @inline(__always) static func row(_ x: Double) -> Double { UnaryOp.sqrt.apply(x) }
}

enum Sign: UnaryKernel {
    @inline(__always) static func lanes(_ x: Lanes) -> Lanes {
        Lanes(repeating: 0).replacing(with: 1, where: x .> 0).replacing(with: -1, where: x .< 0)
            .replacing(with: x, where: x .!= x)
    }
    @inline(__always) static func row(_ x: Double) -> Double { UnaryOp.sign.apply(x) }
}

enum Step: UnaryKernel {
    @inline(__always) static func lanes(_ x: Lanes) -> Lanes { indicator(x .> 0).replacing(with: x, where: x .!= x) }
    @inline(__always) static func row(_ x: Double) -> Double { UnaryOp.step.apply(x) }
}

enum Hinge: UnaryKernel {
    @inline(__always) static func lanes(_ m: Lanes) -> Lanes {
        let margin = 1 - m
        return Lanes(repeating: 0).replacing(with: margin, where: margin .>= 0).replacing(with: m, where: m .!= m)
    }
    @inline(__always) static func row(_ x: Double) -> Double { UnaryOp.hinge.apply(x) }
}

/// e^x of eight lanes: gd's exp (Core's `exponential`) on all eight at
/// once, with no branch, when every lane is in its core range (|x| < 512,
/// not `nan`); the lanes outside it go through the scalar function. The
/// same bits either way (tested).
@inline(__always)
private func exponentialLanes(_ x: Lanes, _ table: UnsafeBufferPointer<UInt64>) -> Lanes {
    var result = exponentialCore(x, table: table)
    let core = exponentialCoreLanes(x)
    if !all(core) {
        for lane in 0..<8 where !core[lane] { result[lane] = exponential(x[lane]) }
    }
    return result
}

/// e^x of a block's rows; `table` from `withExponentialTable`, taken once per block.
struct ExponentialRows: RowValues {
    let source: BlockRows
    let table: UnsafeBufferPointer<UInt64>
    @inline(__always) func lanes(_ i: Int) -> Lanes { exponentialLanes(source.lanes(i), table) }
    @inline(__always) func row(_ i: Int) -> Double { UnaryOp.exp.apply(source.row(i)) }
}

/// σ(x) = 1 / (1 + e^(−x)) of a block's rows, as `UnaryOp.sigmoid` writes
/// it, with e^(−x) eight lanes at once.
struct SigmoidRows: RowValues {
    let source: BlockRows
    let table: UnsafeBufferPointer<UInt64>
    @inline(__always) func lanes(_ i: Int) -> Lanes { 1 / (1 + exponentialLanes(Negate.lanes(source.lanes(i)), table)) }
    @inline(__always) func row(_ i: Int) -> Double { UnaryOp.sigmoid.apply(source.row(i)) }
}

/// A tabled built-in (`UnaryOp.builtin`) of a block's rows, one call per row.
struct BuiltinRows: RowValues {
    let source: BlockRows
    let index: Int
    @inline(__always) func lanes(_ i: Int) -> Lanes {
        var result = Lanes()
        for lane in 0..<8 { result[lane] = builtinValue(index, source.row(i + lane)) }
        return result
    }
    @inline(__always) func row(_ i: Int) -> Double { builtinValue(index, source.row(i)) }
}

/// Names a unary operation with no vector form, as a type.
protocol UnaryTag { static var op: UnaryOp { get } }
enum LnTag: UnaryTag { static var op: UnaryOp { .ln } }
enum Log10Tag: UnaryTag { static var op: UnaryOp { .log10 } }
enum SinTag: UnaryTag { static var op: UnaryOp { .sin } }
enum CosTag: UnaryTag { static var op: UnaryOp { .cos } }
enum TanTag: UnaryTag { static var op: UnaryOp { .tan } }
enum AsinTag: UnaryTag { static var op: UnaryOp { .asin } }
enum AcosTag: UnaryTag { static var op: UnaryOp { .acos } }
enum AtanTag: UnaryTag { static var op: UnaryOp { .atan } }
enum TanhTag: UnaryTag { static var op: UnaryOp { .tanh } }

/// The scalar function applied lane by lane.
enum PerLane<Tag: UnaryTag>: UnaryKernel {
    @inline(__always) static func lanes(_ x: Lanes) -> Lanes {
        var result = Lanes()
        for lane in 0..<8 { result[lane] = Tag.op.apply(x[lane]) }
        return result
    }
    @inline(__always) static func row(_ x: Double) -> Double { Tag.op.apply(x) }
}

enum Add: BinaryKernel {
    @inline(__always) static func lanes(_ a: Lanes, _ b: Lanes) -> Lanes { a + b }
    @inline(__always) static func row(_ a: Double, _ b: Double) -> Double { BinaryOp.add.apply(a, b) }
}

enum Subtract: BinaryKernel {
    @inline(__always) static func lanes(_ a: Lanes, _ b: Lanes) -> Lanes { a - b }
    @inline(__always) static func row(_ a: Double, _ b: Double) -> Double { BinaryOp.subtract.apply(a, b) }
}

enum Multiply: BinaryKernel {
    @inline(__always) static func lanes(_ a: Lanes, _ b: Lanes) -> Lanes { a * b }
    @inline(__always) static func row(_ a: Double, _ b: Double) -> Double { BinaryOp.multiply.apply(a, b) }
}

enum Divide: BinaryKernel {
    @inline(__always) static func lanes(_ a: Lanes, _ b: Lanes) -> Lanes { a / b }
    @inline(__always) static func row(_ a: Double, _ b: Double) -> Double { BinaryOp.divide.apply(a, b) }
}

enum Power: BinaryKernel {
    @inline(__always) static func lanes(_ a: Lanes, _ b: Lanes) -> Lanes {
        var result = Lanes()
        for lane in 0..<8 { result[lane] = BinaryOp.power.apply(a[lane], b[lane]) }
        return result
    }
    @inline(__always) static func row(_ a: Double, _ b: Double) -> Double { BinaryOp.power.apply(a, b) }
}

enum Maximum: BinaryKernel {
    @inline(__always) static func lanes(_ a: Lanes, _ b: Lanes) -> Lanes {
        a.replacing(with: b, where: (b .> a) .| (b .!= b))
    }
    @inline(__always) static func row(_ a: Double, _ b: Double) -> Double { BinaryOp.maximum.apply(a, b) }
}

enum Minimum: BinaryKernel {
    @inline(__always) static func lanes(_ a: Lanes, _ b: Lanes) -> Lanes {
        a.replacing(with: b, where: (b .< a) .| (b .!= b))
    }
    @inline(__always) static func row(_ a: Double, _ b: Double) -> Double { BinaryOp.minimum.apply(a, b) }
}

/// Names a comparison, as a type.
protocol ComparisonTag {
    static var op: BinaryOp { get }
    static func mask(_ a: Lanes, _ b: Lanes) -> SIMDMask<SIMD8<Int64>>
}
enum EqualTag: ComparisonTag {
    static var op: BinaryOp { .equal }
    @inline(__always) static func mask(_ a: Lanes, _ b: Lanes) -> SIMDMask<SIMD8<Int64>> { a .== b }
}
enum NotEqualTag: ComparisonTag {
    static var op: BinaryOp { .notEqual }
    @inline(__always) static func mask(_ a: Lanes, _ b: Lanes) -> SIMDMask<SIMD8<Int64>> { a .!= b }
}
enum LessTag: ComparisonTag {
    static var op: BinaryOp { .less }
    @inline(__always) static func mask(_ a: Lanes, _ b: Lanes) -> SIMDMask<SIMD8<Int64>> { a .< b }
}
enum LessOrEqualTag: ComparisonTag {
    static var op: BinaryOp { .lessOrEqual }
    @inline(__always) static func mask(_ a: Lanes, _ b: Lanes) -> SIMDMask<SIMD8<Int64>> { a .<= b }
}
enum GreaterTag: ComparisonTag {
    static var op: BinaryOp { .greater }
    @inline(__always) static func mask(_ a: Lanes, _ b: Lanes) -> SIMDMask<SIMD8<Int64>> { a .> b }
}
enum GreaterOrEqualTag: ComparisonTag {
    static var op: BinaryOp { .greaterOrEqual }
    @inline(__always) static func mask(_ a: Lanes, _ b: Lanes) -> SIMDMask<SIMD8<Int64>> { a .>= b }
}

enum Compare<Tag: ComparisonTag>: BinaryKernel {
    @inline(__always) static func lanes(_ a: Lanes, _ b: Lanes) -> Lanes { indicator(Tag.mask(a, b)) }
    @inline(__always) static func row(_ a: Double, _ b: Double) -> Double { Tag.op.apply(a, b) }
}
