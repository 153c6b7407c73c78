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
    /// The reduction to add each row into, in `FixedOrderSum`'s lanes.
    var sum: UnsafeMutablePointer<FixedOrderSum>?
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
        }
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
private func drain<Values: RowValues>(_ count: Int, _ sink: Sink, _ values: Values) {
    if let post = sink.post {
        store(count, sink, PostRows(values: values, post: post))
    } else {
        store(count, sink, values)
    }
}

/// Runs `values` over `count` rows into `sink`. The block's first row is a
/// multiple of 8 in the summation order, so row `i` belongs to lane `i mod 8`.
@inline(__always)
private func store<Values: RowValues>(_ count: Int, _ sink: Sink, _ values: Values) {
    let full = count & ~7
    var i = 0
    if let sum = sink.sum {
        if count > 0 { sum.pointee.isEmpty = false }
        var accumulator = sum.pointee.lanes
        if let destination = sink.destination {
            while i < full {
                let value = values.lanes(i)
                UnsafeMutableRawPointer(destination + i).storeBytes(of: value, as: Lanes.self)
                accumulator += value
                i += 8
            }
            while i < count {
                let value = values.row(i)
                destination[i] = value
                accumulator[i & 7] += value
                i += 1
            }
        } else {
            while i < full {
                accumulator += values.lanes(i)
                i += 8
            }
            while i < count {
                accumulator[i & 7] += values.row(i)
                i += 1
            }
        }
        sum.pointee.lanes = accumulator
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

/// Buffers a kernel may use within one block (one block's rows each).
struct KernelScratch {
    let values: UnsafeMutablePointer<Double>
    let rows: UnsafeMutablePointer<Int>
}

func applyBlock(
    _ op: BinaryOp, _ a: BlockOperand, _ b: BlockOperand, _ count: Int, _ sink: Sink, _ scratch: KernelScratch
) {
    if op == .power, case .rows(let base) = a, case .scalar(let exponent) = b, exponent == 2 {
        // A user's `r^2`, the commonest power.
        squareThroughPow(base, count, scratch)
        drain(count, sink, BlockRows(base: scratch.values))
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
    }
}

/// Adds `count` rows of a block into `sum` (a reduction of a column, or of
/// a value another reduction already took from its producer).
func accumulateBlock(_ source: UnsafePointer<Double>, _ count: Int, into sum: inout FixedOrderSum) {
    withUnsafeMutablePointer(to: &sum) { pointer in
        store(count, Sink(destination: nil, sum: pointer), BlockRows(base: source))
    }
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

/// Writes `pow(x, 2)` for `count` rows of `source` into `scratch.values`:
/// the very double the C library's `pow` returns (Python's `x**2`), mostly
/// without calling it.
///
/// `pow(x, 2)` is not always `x*x`: `pow` errs by up to about half an ulp
/// more than rounding, so when x² lies near the midpoint between two
/// doubles it may round the other way (0.08% of random x here; `x**2` and
/// `x*x` differ in Python too). But where the rounding error of `hi = x*x`
/// is small, `pow` cannot differ: with `lo = x² − hi` computed exactly
/// (Dekker's product with Veltkamp's split, no fused multiply-add),
/// `|lo| ≤ 0.44 ulp(hi)` (`powSquareSafeBound`) puts every other double at least 0.56 ulp from x²,
/// beyond any `pow` accurate to 0.56 ulp, so `pow` returns `hi`. (glibc's and
/// musl's `pow`, from Arm's optimized routines, document a worst case of
/// 0.54 ulp; measured over 1.4·10^8 inputs, `pow(x, 2)` never differed from
/// `hi` below |lo| = 0.49 ulp, and again over 1.2·10^8 others with glibc
/// 2.36's FMA variant: 103 335 differed, none below 0.4917 ulp.) The bound
/// was 0.4 ulp; 0.44 keeps a margin of 0.02 ulp over the documented worst
/// case and sends 12% of random rows to `pow` instead of 20% (`pow(x, 2)`
/// itself stays: it differs from `x*x` on 0.04–0.08% of random inputs,
/// see NumericTests). The other rows — an eighth of random inputs,
/// |x| outside [2^-450, 2^450] (where the split could overflow or `lo`
/// underflow), `nan`, `inf` — are listed branch-free in `scratch.rows` and
/// get `pow` itself. (Calling `pow` from that list instead of lane by lane
/// avoids a mispredicted branch per lane: 6.8 → 3 ms for a least-squares
/// loss over 10^6 rows, against 11 ms calling `pow` on every row.) The
/// vector loop only stores a flag per row (1: needs `pow`); one scalar loop
/// over the block then lists the flagged rows, with no branch and no
/// moving of mask lanes into integer registers (a least-squares loss over
/// 10^6 rows: 4.05 → 3.03 ms, against the list built lane by lane inside
/// the vector loop for each group of eight where some lane needed `pow`,
/// a branch mispredicted on a third of the groups).
func squareThroughPow(_ source: UnsafePointer<Double>, _ count: Int, _ scratch: KernelScratch) {
    let full = count & ~7
    var i = 0
    while i < full {
        let x = UnsafeRawPointer(source + i).loadUnaligned(as: Lanes.self)
        let hi = x * x
        UnsafeMutableRawPointer(scratch.values + i).storeBytes(of: hi, as: Lanes.self)
        UnsafeMutableRawPointer(scratch.rows + i).storeBytes(of: powSquareFlags(x, hi), as: SIMD8<Int64>.self)
        i += 8
    }
    while i < count {
        scratch.rows[i] = 1
        i += 1
    }
    // In place: row k's flag is read before position `pending` ≤ k is written.
    var pending = 0
    for k in 0..<count {
        let flag = scratch.rows[k]  // 0 or 1
        scratch.rows[pending] = k
        pending &+= flag
    }
    for k in 0..<pending {
        let row = scratch.rows[k]
        scratch.values[row] = BinaryOp.power.apply(source[row], 2)
    }
}

/// 0 in the lanes where `hi = x*x` is certainly `pow(x, 2)`, 1 in the others:
/// see `squareThroughPow`.
///
/// The comparisons run two lanes at a time: on eight lanes at once this
/// target (SSE2) packs their masks to 16 bits a lane and widens them again
/// (the least-squares loss over 10^6 rows: 2.95 → 2.85 ms). Flags computed
/// from the signs of differences of bit patterns instead were slower
/// (3.5 ms): the compiler turns them back into 64-bit unsigned
/// comparisons, which SSE2 lacks.
@inline(__always)
func powSquareFlags(_ x: Lanes, _ hi: Lanes) -> SIMD8<Int64> {
    let split = 134_217_729 * x  // 2^27 + 1
    let xHigh = split - (split - x)
    let xLow = x - xHigh
    let lo = ((xHigh * xHigh - hi) + 2 * xHigh * xLow) + xLow * xLow
    // powSquareSafeBound ulp(hi) as one product: 2^e·(0.44·2^-52) is exactly
    // 0.44·(2^e·2^-52), both scalings by powers of two (hi is normal in range).
    let bound = fromBits(bits(hi) & 0x7FF0_0000_0000_0000) * (powSquareSafeBound * 0x1p-52)
    let lowMagnitude = fromBits(bits(lo) & 0x7FFF_FFFF_FFFF_FFFF)
    // |x| in [2^-450, 2^450], read on hi = x*x (to within its rounding, far
    // inside the range where the product is exact); false for nan and inf.
    @inline(__always) func flags(_ hi: SIMD2<Double>, _ lowMagnitude: SIMD2<Double>, _ bound: SIMD2<Double>) -> SIMD2<Int64> {
        let safe = (hi .>= 0x1p-900) .& (hi .<= 0x1p900) .& (lowMagnitude .<= bound)
        return unsafeBitCast(safe, to: SIMD2<Int64>.self) &+ 1  // -1 where safe
    }
    let (h, l, b) = (hi.lowHalf, lowMagnitude.lowHalf, bound.lowHalf)
    let (H, L, B) = (hi.highHalf, lowMagnitude.highHalf, bound.highHalf)
    return SIMD8(
        lowHalf: SIMD4(
            lowHalf: flags(h.lowHalf, l.lowHalf, b.lowHalf), highHalf: flags(h.highHalf, l.highHalf, b.highHalf)),
        highHalf: SIMD4(
            lowHalf: flags(H.lowHalf, L.lowHalf, B.lowHalf), highHalf: flags(H.highHalf, L.highHalf, B.highHalf)))
}

/// Lanes where `hi = x*x` is certainly `pow(x, 2)` (for tests).
func isPowSquare(_ x: Lanes, _ hi: Lanes) -> SIMDMask<SIMD8<Int64>> {
    powSquareFlags(x, hi) .== 0
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
