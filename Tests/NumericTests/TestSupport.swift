import Core
import Foundation
@testable import Numeric

/// Core's SplitMix64, so every property test sees the same inputs.
typealias SeededGenerator = SplitMix64

extension SeededGenerator {
    /// A double spread over many magnitudes and both signs, with occasional
    /// special values, to exercise IEEE corner cases.
    mutating func interestingDouble() -> Double {
        switch Int.random(in: 0..<20, using: &self) {
        case 0: return [0.0, -0.0, 1, -1, .infinity, -.infinity, .nan, 2, 0.5][Int.random(in: 0..<9, using: &self)]
        case 1...4: return Double.random(in: -1...1, using: &self)
        case 5...8: return Double.random(in: -10...10, using: &self)
        default:
            let magnitude = Foundation.pow(10, Double.random(in: -8...8, using: &self))
            return Bool.random(using: &self) ? magnitude : -magnitude
        }
    }
}

/// Same double, bit for bit (every nan counts as equal to every nan).
func sameBits(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
}

func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { sameBits($0, $1) }
}

/// The least-squares loss of a line and its gradient, built in one builder:
/// `mean((θ0 + θ1*x - y)^2)`, `mean(2*(θ0 + θ1*x - y))`, `mean(2*(θ0 + θ1*x - y)*x)`.
/// Columns: x = 0, y = 1.
func leastSquaresProgram(rewritesPowers: Bool = false) throws -> Program {
    var builder = ProgramBuilder(parameterCount: 2, columnCount: 2)
    let theta0 = builder.parameter(0), theta1 = builder.parameter(1)
    let x = builder.column(0), y = builder.column(1)
    let prediction = builder.binary(.add, theta0, builder.binary(.multiply, theta1, x))
    let residual = builder.binary(.subtract, prediction, y)
    builder.rewritesIntegerPowers = rewritesPowers
    let loss = builder.reduce(.mean, builder.binary(.power, residual, builder.constant(2)))
    let twiceResidual = builder.binary(.multiply, builder.constant(2), residual)
    let gradient0 = builder.reduce(.mean, twiceResidual)
    let gradient1 = builder.reduce(.mean, builder.binary(.multiply, twiceResidual, x))
    return try builder.build(outputs: [loss, gradient0, gradient1])
}

/// The C library's `pow`, always called: in a release build LLVM turns
/// `pow(x, 2)` with a literal 2 into `x*x`, a different double at times,
/// and the tests must compare against the real `pow` (Python's `**`).
@inline(never) @_optimize(none)
func libmPow(_ a: Double, _ b: Double) -> Double { Foundation.pow(a, b) }
