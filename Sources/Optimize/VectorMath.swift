// Small helpers on `[Double]` used by every method. Sums run left to right, so
// results are the same bits on every machine.

@inline(__always) func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}

/// Euclidean norm ‖a‖₂.
func euclideanNorm(_ a: [Double]) -> Double {
    a.withUnsafeBufferPointer(euclideanNorm)
}

/// As `euclideanNorm(_:)` on an array: √(Σ aᵢ²) summed left to right, as
/// NumPy's `norm` computes it, whenever no square overflows and the sum is
/// far from underflow (a descent step takes three norms, so the common case
/// must be a few multiply-adds, not a division per component). Otherwise the
/// components are scaled by the power of two nearest their largest, which is
/// exact, so huge and tiny vectors get a finite, accurate norm.
@inline(__always)
func euclideanNorm(_ a: UnsafeBufferPointer<Double>) -> Double {
    var sum = 0.0
    for value in a { sum += value * value }
    return normFromSumOfSquares(sum) ?? scaledEuclideanNorm(a)
}

/// √sum for a left-to-right sum of squares that neither overflowed nor came
/// near underflow (then it is the norm); nil otherwise (scale instead).
@inline(__always)
func normFromSumOfSquares(_ sum: Double) -> Double? {
    sum.isFinite && sum >= 0x1p-900 ? sum.squareRoot() : nil
}

/// ‖a‖₂ when the plain sum of squares overflows or nears underflow.
@inline(never)
func scaledEuclideanNorm(_ a: UnsafeBufferPointer<Double>) -> Double {
    if a.contains(where: \.isNaN) { return .nan }
    var largest = 0.0
    for value in a { largest = max(largest, abs(value)) }
    if largest == 0 || !largest.isFinite { return largest }
    // 2^-e with largest in [2^e, 2^(e+1)): the scaled components are at most 2 in magnitude.
    // (Built with `exponent:` so subnormal components, whose scale 2^-e would itself overflow, work too.)
    let exponent = largest.exponent
    var scaledSum = 0.0
    for value in a where value != 0 {
        let scaled = Double(sign: .plus, exponent: value.exponent - exponent, significand: value.significand)
        scaledSum += scaled * scaled
    }
    return Double(sign: .plus, exponent: exponent, significand: scaledSum.squareRoot())
}

/// ‖a‖₂ computed the way gd's quasi-Newton methods have always taken it for
/// their first step's size guess (F + ‖∇F‖/2, as SciPy does): each component
/// divided by the largest, squared and summed. Kept apart from
/// `euclideanNorm` because that guess steers the whole run: a different last
/// bit changes the iterations of some problems, and recorded runs (the MGH
/// golden scripts) must stay reproducible.
func quasiNewtonStartNorm(_ a: [Double]) -> Double {
    var largest = 0.0
    for value in a { largest = max(largest, abs(value)) }
    if largest == 0 || !largest.isFinite { return a.contains(where: \.isNaN) ? .nan : largest }
    var sum = 0.0
    for value in a {
        let scaled = value / largest
        sum += scaled * scaled
    }
    return largest * sum.squareRoot()
}

/// ‖a‖∞, the largest absolute component (NaN when any component is NaN).
func maxAbs(_ a: [Double]) -> Double {
    var largest = 0.0
    for value in a {
        if value.isNaN { return .nan }
        largest = max(largest, abs(value))
    }
    return largest
}

/// a + s·b
@inline(__always) func adding(_ a: [Double], _ s: Double, _ b: [Double]) -> [Double] {
    var result = a
    for i in result.indices { result[i] += s * b[i] }
    return result
}

@inline(__always) func subtracting(_ a: [Double], _ b: [Double]) -> [Double] {
    var result = a
    for i in result.indices { result[i] -= b[i] }
    return result
}

@inline(__always) func scaled(_ a: [Double], _ s: Double) -> [Double] { a.map { $0 * s } }

func matrixVector(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { dot($0, v) } }

func allFinite(_ a: [Double]) -> Bool { a.allSatisfy(\.isFinite) }

/// Checked twice a descent step: a plain loop, inlined (`allSatisfy` with a
/// key path was a call and a closure a step).
@inline(__always)
func allFinite(_ a: UnsafeMutableBufferPointer<Double>) -> Bool {
    for x in a where !x.isFinite { return false }
    return true
}
