// Tight loops that apply one operation to a block of rows.
//
// Each operation gets its own loop with the operation inlined (the switch
// picks the loop once per block, never per row), so the compiler vectorises
// the arithmetic ones. The loops never reorder floating-point operations:
// every row's value is exactly `op.apply` of that row's operands.

/// `destination[i] = f(source[i])` for `i < count`.
@inline(__always)
private func map(
    _ source: UnsafePointer<Double>, _ destination: UnsafeMutablePointer<Double>, _ count: Int,
    _ function: (Double) -> Double
) {
    for i in 0..<count { destination[i] = function(source[i]) }
}

/// `destination[i] = f(a_i, b_i)`, where a nil pointer means the operand is
/// the scalar beside it for every row.
@inline(__always)
private func map(
    _ a: UnsafePointer<Double>?, _ scalarA: Double, _ b: UnsafePointer<Double>?, _ scalarB: Double,
    _ destination: UnsafeMutablePointer<Double>, _ count: Int, _ function: (Double, Double) -> Double
) {
    if let a, let b {
        for i in 0..<count { destination[i] = function(a[i], b[i]) }
    } else if let a {
        for i in 0..<count { destination[i] = function(a[i], scalarB) }
    } else if let b {
        for i in 0..<count { destination[i] = function(scalarA, b[i]) }
    } else {
        let value = function(scalarA, scalarB)
        for i in 0..<count { destination[i] = value }
    }
}

func applyBlock(
    _ op: UnaryOp, _ source: UnsafePointer<Double>, _ destination: UnsafeMutablePointer<Double>, _ count: Int
) {
    // Each case names its op as a constant so `apply` folds to one function.
    switch op {
    case .negate: map(source, destination, count) { UnaryOp.negate.apply($0) }
    case .exp: map(source, destination, count) { UnaryOp.exp.apply($0) }
    case .ln: map(source, destination, count) { UnaryOp.ln.apply($0) }
    case .log10: map(source, destination, count) { UnaryOp.log10.apply($0) }
    case .sqrt: map(source, destination, count) { UnaryOp.sqrt.apply($0) }
    case .abs: map(source, destination, count) { UnaryOp.abs.apply($0) }
    case .sign: map(source, destination, count) { UnaryOp.sign.apply($0) }
    case .step: map(source, destination, count) { UnaryOp.step.apply($0) }
    case .sin: map(source, destination, count) { UnaryOp.sin.apply($0) }
    case .cos: map(source, destination, count) { UnaryOp.cos.apply($0) }
    case .tan: map(source, destination, count) { UnaryOp.tan.apply($0) }
    case .asin: map(source, destination, count) { UnaryOp.asin.apply($0) }
    case .acos: map(source, destination, count) { UnaryOp.acos.apply($0) }
    case .atan: map(source, destination, count) { UnaryOp.atan.apply($0) }
    case .tanh: map(source, destination, count) { UnaryOp.tanh.apply($0) }
    case .sigmoid: map(source, destination, count) { UnaryOp.sigmoid.apply($0) }
    }
}

func applyBlock(
    _ op: BinaryOp, _ a: UnsafePointer<Double>?, _ scalarA: Double, _ b: UnsafePointer<Double>?,
    _ scalarB: Double, _ destination: UnsafeMutablePointer<Double>, _ count: Int
) {
    switch op {
    case .add: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.add.apply($0, $1) }
    case .subtract: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.subtract.apply($0, $1) }
    case .multiply: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.multiply.apply($0, $1) }
    case .divide: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.divide.apply($0, $1) }
    case .power: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.power.apply($0, $1) }
    case .maximum: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.maximum.apply($0, $1) }
    case .minimum: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.minimum.apply($0, $1) }
    case .equal: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.equal.apply($0, $1) }
    case .notEqual: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.notEqual.apply($0, $1) }
    case .less: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.less.apply($0, $1) }
    case .lessOrEqual: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.lessOrEqual.apply($0, $1) }
    case .greater: map(a, scalarA, b, scalarB, destination, count) { BinaryOp.greater.apply($0, $1) }
    case .greaterOrEqual:
        map(a, scalarA, b, scalarB, destination, count) { BinaryOp.greaterOrEqual.apply($0, $1) }
    }
}

/// Adds `count` rows to `sum`'s lanes, the first of them being row `firstRow`
/// of the summation order. `firstRow` is a multiple of the lane count (blocks
/// are), so row `firstRow + i` goes to lane `i mod 8`, as `FixedOrderSum.add`
/// would put it.
func accumulateBlock(_ source: UnsafePointer<Double>, _ count: Int, into sum: inout FixedOrderSum) {
    var lanes = sum.lanes
    let raw = UnsafeRawPointer(source)
    let stride = MemoryLayout<Double>.stride
    var i = 0
    while i + 8 <= count {
        lanes += raw.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<Double>.self)
        i += 8
    }
    var lane = 0
    while i < count {
        lanes[lane] += source[i]
        i += 1
        lane += 1
    }
    sum.lanes = lanes
}

/// Adds `value` once for each of `count` rows (a scalar reduced over rows).
func accumulateBlock(repeating value: Double, _ count: Int, into sum: inout FixedOrderSum) {
    var lanes = sum.lanes
    let splat = SIMD8<Double>(repeating: value)
    var i = 0
    while i + 8 <= count {
        lanes += splat
        i += 8
    }
    var lane = 0
    while i < count {
        lanes[lane] += value
        i += 1
        lane += 1
    }
    sum.lanes = lanes
}
