// Small helpers on `[Double]` used by every method. Sums run left to right, so
// results are the same bits on every machine.

@inline(__always) func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}

/// Euclidean norm ‖a‖₂, scaled to avoid overflow for huge components.
func euclideanNorm(_ a: [Double]) -> Double {
    a.withUnsafeBufferPointer(euclideanNorm)
}

/// As `euclideanNorm(_:)` on an array.
func euclideanNorm(_ a: UnsafeBufferPointer<Double>) -> Double {
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

func allFinite(_ a: UnsafeMutableBufferPointer<Double>) -> Bool { a.allSatisfy(\.isFinite) }
