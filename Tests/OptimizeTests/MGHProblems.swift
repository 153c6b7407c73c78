import Foundation
import Optimize

// The unconstrained test problems of Moré, Garbow & Hillstrom, "Testing
// unconstrained optimization software", ACM TOMS 7 (1981) 17–41, at their
// standard starting points. Each is a sum of squares F(x) = Σ rᵢ(x)²; the
// residuals are written once, generically, and the exact gradient comes from
// forward-mode dual numbers. scripts/bench-optimize.py holds the same problems
// in Python for SciPy.

struct MGHProblem {
    let name: String
    let start: [Double]
    /// The optimal value F* from the paper (nil where it lists several local minima).
    let optimum: Double?
    let residuals: ([Double]) -> [Double]
    let dualResiduals: ([Dual]) -> [Dual]

    var objective: ClosureObjective {
        let n = start.count
        let residuals = self.residuals, dualResiduals = self.dualResiduals
        return ClosureObjective(
            parameterNames: (1...n).map { "x\($0)" },
            value: { x in residuals(x).reduce(0) { $0 + $1 * $1 } },
            gradient: { x in
                let variables = x.indices.map { Dual.variable(x[$0], index: $0, count: n) }
                let sum = dualResiduals(variables).reduce(Dual(0)) { $0 + $1 * $1 }
                return sum.gradient.isEmpty ? [Double](repeating: 0, count: n) : sum.gradient
            })
    }
}

func mgh(_ name: String, _ start: [Double], optimum: Double?, _ r: @escaping ([Double]) -> [Double], _ rd: @escaping ([Dual]) -> [Dual]) -> MGHProblem {
    MGHProblem(name: name, start: start, optimum: optimum, residuals: r, dualResiduals: rd)
}

/// The problem set, in the paper's order, with the sizes the bench uses.
var mghProblems: [MGHProblem] {
    [
        mgh("rosenbrock", [-1.2, 1], optimum: 0, rosenbrockResiduals, rosenbrockResiduals),
        mgh("freudenstein_roth", [0.5, -2], optimum: nil, freudensteinRoth, freudensteinRoth),
        mgh("powell_badly_scaled", [0, 1], optimum: 0, powellBadlyScaled, powellBadlyScaled),
        mgh("brown_badly_scaled", [1, 1], optimum: 0, brownBadlyScaled, brownBadlyScaled),
        mgh("beale", [1, 1], optimum: 0, beale, beale),
        mgh("jennrich_sampson", [0.3, 0.4], optimum: 124.362, jennrichSampson, jennrichSampson),
        mgh("bard", [1, 1, 1], optimum: nil, bard, bard),
        mgh("gaussian", [0.4, 1, 0], optimum: 1.12793e-8, gaussian, gaussian),
        mgh("meyer", [0.02, 4000, 250], optimum: 87.9458, meyer, meyer),
        mgh("box_3d", [0, 10, 20], optimum: 0, box3D, box3D),
        mgh("powell_singular", [3, -1, 0, 1], optimum: 0, powellSingular, powellSingular),
        mgh("wood", [-3, -1, -3, -1], optimum: 0, wood, wood),
        mgh("kowalik_osborne", [0.25, 0.39, 0.415, 0.39], optimum: 3.07505e-4, kowalikOsborne, kowalikOsborne),
        mgh("brown_dennis", [25, 5, -5, -1], optimum: 85822.2, brownDennis, brownDennis),
        mgh("osborne_1", [0.5, 1.5, -1, 0.01, 0.02], optimum: 5.46489e-5, osborne1, osborne1),
        mgh("biggs_exp6", [1, 2, 1, 1, 1, 1], optimum: nil, biggsEXP6, biggsEXP6),
        mgh("watson_6", [Double](repeating: 0, count: 6), optimum: 2.28767e-3, watson, watson),
        mgh("extended_rosenbrock_10", (0..<10).map { $0 % 2 == 0 ? -1.2 : 1 }, optimum: 0, extendedRosenbrock, extendedRosenbrock),
        mgh("extended_powell_8", (0..<8).map { [3.0, -1, 0, 1][$0 % 4] }, optimum: 0, extendedPowell, extendedPowell),
        mgh("penalty_1_4", [1, 2, 3, 4], optimum: 2.24997e-5, penalty1, penalty1),
        mgh("penalty_2_4", [Double](repeating: 0.5, count: 4), optimum: 9.37629e-6, penalty2, penalty2),
        mgh("variably_dimensioned_10", (1...10).map { 1 - Double($0) / 10 }, optimum: 0, variablyDimensioned, variablyDimensioned),
        mgh("trigonometric_10", [Double](repeating: 0.1, count: 10), optimum: nil, trigonometric, trigonometric),
        mgh("brown_almost_linear_10", [Double](repeating: 0.5, count: 10), optimum: nil, brownAlmostLinear, brownAlmostLinear),
        mgh("discrete_boundary_10", boundaryStart(10), optimum: 0, discreteBoundaryValue, discreteBoundaryValue),
        mgh("discrete_integral_10", boundaryStart(10), optimum: 0, discreteIntegral, discreteIntegral),
        mgh("broyden_tridiagonal_10", [Double](repeating: -1, count: 10), optimum: 0, broydenTridiagonal, broydenTridiagonal),
        mgh("broyden_banded_10", [Double](repeating: -1, count: 10), optimum: 0, broydenBanded, broydenBanded),
        mgh("linear_full_rank_10", [Double](repeating: 1, count: 10), optimum: 10, linearFullRank, linearFullRank),
        mgh("linear_rank_1_10", [Double](repeating: 1, count: 10), optimum: 380.0 / 82.0, linearRank1, linearRank1),
        mgh("chebyquad_8", (1...8).map { Double($0) / 9 }, optimum: 3.51687e-3, chebyquad, chebyquad),
    ]
}

func rosenbrockResiduals<T: ResidualScalar>(_ x: [T]) -> [T] { [10 * (x[1] - x[0] * x[0]), 1 - x[0]] }

func freudensteinRoth<T: ResidualScalar>(_ x: [T]) -> [T] {
    [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]]
}

func powellBadlyScaled<T: ResidualScalar>(_ x: [T]) -> [T] {
    [10000 * x[0] * x[1] - 1, T.exp(-x[0]) + T.exp(-x[1]) - 1.0001]
}

func brownBadlyScaled<T: ResidualScalar>(_ x: [T]) -> [T] { [x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2] }

func beale<T: ResidualScalar>(_ x: [T]) -> [T] {
    let y = [1.5, 2.25, 2.625]
    var power = T(1)
    return (0..<3).map { i in
        power = power * x[1]
        return y[i] - x[0] * (1 - power)
    }
}

func jennrichSampson<T: ResidualScalar>(_ x: [T]) -> [T] {
    (1...10).map { i in
        let t = Double(i)
        return 2 + 2 * t - (T.exp(t * x[0]) + T.exp(t * x[1]))
    }
}

func bard<T: ResidualScalar>(_ x: [T]) -> [T] {
    let y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
    return (1...15).map { i in
        let u = Double(i), v = Double(16 - i), w = min(u, v)
        return y[i - 1] - (x[0] + u / (v * x[1] + w * x[2]))
    }
}

func gaussian<T: ResidualScalar>(_ x: [T]) -> [T] {
    let y = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009]
    return (1...15).map { i in
        let t = (8 - Double(i)) / 2
        let d = t - x[2]
        return x[0] * T.exp(-x[1] * d * d / 2) - y[i - 1]
    }
}

func meyer<T: ResidualScalar>(_ x: [T]) -> [T] {
    let y = [34780.0, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872]
    return (1...16).map { i in
        let t = 45 + 5 * Double(i)
        return x[0] * T.exp(x[1] / (t + x[2])) - y[i - 1]
    }
}

func box3D<T: ResidualScalar>(_ x: [T]) -> [T] {
    (1...10).map { i in
        let t = 0.1 * Double(i)
        return T.exp(-t * x[0]) - T.exp(-t * x[1]) - x[2] * (Foundation.exp(-t) - Foundation.exp(-10 * t))
    }
}

func powellSingular<T: ResidualScalar>(_ x: [T]) -> [T] {
    [x[0] + 10 * x[1], 5.0.squareRoot() * (x[2] - x[3]), (x[1] - 2 * x[2]).squared(), 10.0.squareRoot() * (x[0] - x[3]).squared()]
}

func wood<T: ResidualScalar>(_ x: [T]) -> [T] {
    [
        10 * (x[1] - x[0] * x[0]), 1 - x[0], 90.0.squareRoot() * (x[3] - x[2] * x[2]), 1 - x[2],
        10.0.squareRoot() * (x[1] + x[3] - 2), (x[1] - x[3]) / 10.0.squareRoot(),
    ]
}

func kowalikOsborne<T: ResidualScalar>(_ x: [T]) -> [T] {
    let y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
    let u = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
    return (0..<11).map { (i: Int) -> T in
        let uu: Double = u[i] * u[i]
        let numerator: T = uu + u[i] * x[1]
        let denominator: T = uu + u[i] * x[2] + x[3]
        return y[i] - x[0] * numerator / denominator
    }
}

func brownDennis<T: ResidualScalar>(_ x: [T]) -> [T] {
    (1...20).map { i in
        let t = Double(i) / 5
        return (x[0] + t * x[1] - Foundation.exp(t)).squared() + (x[2] + x[3] * Foundation.sin(t) - Foundation.cos(t)).squared()
    }
}

func osborne1<T: ResidualScalar>(_ x: [T]) -> [T] {
    let y = [
        0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
        0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406,
    ]
    return (0..<33).map { i in
        let t = 10 * Double(i)
        return y[i] - (x[0] + x[1] * T.exp(-t * x[3]) + x[2] * T.exp(-t * x[4]))
    }
}

func biggsEXP6<T: ResidualScalar>(_ x: [T]) -> [T] {
    (1...13).map { i in
        let t = 0.1 * Double(i)
        let y = Foundation.exp(-t) - 5 * Foundation.exp(-10 * t) + 3 * Foundation.exp(-4 * t)
        return x[2] * T.exp(-t * x[0]) - x[3] * T.exp(-t * x[1]) + x[5] * T.exp(-t * x[4]) - y
    }
}

func watson<T: ResidualScalar>(_ x: [T]) -> [T] {
    let n = x.count
    var r: [T] = (1...29).map { i in
        let t = Double(i) / 29
        var sum1 = T(0), sum2 = T(0)
        for j in 2...n { sum1 = sum1 + Double(j - 1) * Foundation.pow(t, Double(j - 2)) * x[j - 1] }
        for j in 1...n { sum2 = sum2 + Foundation.pow(t, Double(j - 1)) * x[j - 1] }
        return sum1 - sum2 * sum2 - 1
    }
    r.append(x[0])
    r.append(x[1] - x[0] * x[0] - 1)
    return r
}

func extendedRosenbrock<T: ResidualScalar>(_ x: [T]) -> [T] {
    stride(from: 0, to: x.count, by: 2).flatMap { (i: Int) -> [T] in rosenbrockResiduals([x[i], x[i + 1]]) }
}

func extendedPowell<T: ResidualScalar>(_ x: [T]) -> [T] {
    stride(from: 0, to: x.count, by: 4).flatMap { i in powellSingular(Array(x[i..<(i + 4)])) }
}

func penalty1<T: ResidualScalar>(_ x: [T]) -> [T] {
    let a = 1e-5.squareRoot()
    var r = x.map { a * ($0 - 1) }
    r.append(x.reduce(T(0)) { $0 + $1 * $1 } - 0.25)
    return r
}

func penalty2<T: ResidualScalar>(_ x: [T]) -> [T] {
    let n = x.count
    let a = 1e-5.squareRoot()
    var r = [x[0] - 0.2]
    for i in 2...n {
        let y = Foundation.exp(Double(i) / 10) + Foundation.exp(Double(i - 1) / 10)
        r.append(a * (T.exp(x[i - 1] / 10) + T.exp(x[i - 2] / 10) - y))
    }
    for i in (n + 1)..<(2 * n) { r.append(a * (T.exp(x[i - n] / 10) - Foundation.exp(-0.1))) }
    var sum = T(0)
    for j in 1...n { sum = sum + Double(n - j + 1) * x[j - 1] * x[j - 1] }
    r.append(sum - 1)
    return r
}

func variablyDimensioned<T: ResidualScalar>(_ x: [T]) -> [T] {
    var r = x.map { $0 - 1 }
    var sum = T(0)
    for j in x.indices { sum = sum + Double(j + 1) * (x[j] - 1) }
    r.append(sum)
    r.append(sum * sum)
    return r
}

func trigonometric<T: ResidualScalar>(_ x: [T]) -> [T] {
    let n = Double(x.count)
    let cosSum = x.reduce(T(0)) { $0 + T.cos($1) }
    return x.indices.map { i in n - cosSum + Double(i + 1) * (1 - T.cos(x[i])) - T.sin(x[i]) }
}

func brownAlmostLinear<T: ResidualScalar>(_ x: [T]) -> [T] {
    let n = x.count
    let sum = x.reduce(T(0), +)
    var r = (0..<(n - 1)).map { x[$0] + sum - Double(n + 1) }
    r.append(x.reduce(T(1), *) - 1)
    return r
}

func boundaryStart(_ n: Int) -> [Double] {
    let h = 1 / Double(n + 1)
    return (1...n).map { let t = Double($0) * h; return t * (t - 1) }
}

func discreteBoundaryValue<T: ResidualScalar>(_ x: [T]) -> [T] {
    let n = x.count
    let h = 1 / Double(n + 1)
    return (0..<n).map { i in
        let t = Double(i + 1) * h
        let left = i > 0 ? x[i - 1] : T(0), right = i < n - 1 ? x[i + 1] : T(0)
        let cube = (x[i] + t + 1) * (x[i] + t + 1) * (x[i] + t + 1)
        return 2 * x[i] - left - right + h * h * cube / 2
    }
}

func discreteIntegral<T: ResidualScalar>(_ x: [T]) -> [T] {
    let n = x.count
    let h = 1 / Double(n + 1)
    let t = (1...n).map { Double($0) * h }
    let cubes = (0..<n).map { (j: Int) -> T in
        let shifted: T = x[j] + t[j] + 1
        return shifted * shifted * shifted
    }
    return (0..<n).map { i in
        var below = T(0), above = T(0)
        for j in 0...i { below = below + t[j] * cubes[j] }
        for j in (i + 1)..<max(i + 1, n) { above = above + (1 - t[j]) * cubes[j] }
        return x[i] + h * ((1 - t[i]) * below + t[i] * above) / 2
    }
}

func broydenTridiagonal<T: ResidualScalar>(_ x: [T]) -> [T] {
    let n = x.count
    return (0..<n).map { i in
        let left = i > 0 ? x[i - 1] : T(0), right = i < n - 1 ? x[i + 1] : T(0)
        return (3 - 2 * x[i]) * x[i] - left - 2 * right + 1
    }
}

func broydenBanded<T: ResidualScalar>(_ x: [T]) -> [T] {
    let n = x.count
    return (0..<n).map { i in
        var sum = T(0)
        for j in max(0, i - 5)...min(n - 1, i + 1) where j != i { sum = sum + x[j] * (1 + x[j]) }
        return x[i] * (2 + 5 * x[i] * x[i]) + 1 - sum
    }
}

func linearFullRank<T: ResidualScalar>(_ x: [T]) -> [T] {
    let m = 20
    let sum = x.reduce(T(0), +)
    return (0..<m).map { i in (i < x.count ? x[i] : T(0)) - 2 * sum / Double(m) - 1 }
}

func linearRank1<T: ResidualScalar>(_ x: [T]) -> [T] {
    var weighted = T(0)
    for j in x.indices { weighted = weighted + Double(j + 1) * x[j] }
    return (1...20).map { i in Double(i) * weighted - 1 }
}

func chebyquad<T: ResidualScalar>(_ x: [T]) -> [T] {
    let n = x.count
    var sums = [T](repeating: T(0), count: n)
    for j in 0..<n {
        // Shifted Chebyshev polynomials by their recurrence: T₀ = 1, T₁ = y, Tₖ₊₁ = 2yTₖ − Tₖ₋₁ with y = 2x − 1.
        let y = 2 * x[j] - 1
        var previous = T(1), current = y
        for i in 0..<n {
            sums[i] = sums[i] + current
            let next = 2 * y * current - previous
            previous = current
            current = next
        }
    }
    return (0..<n).map { i in
        let degree = i + 1
        let integral = degree % 2 == 1 ? 0.0 : -1.0 / Double(degree * degree - 1)
        return sums[i] / Double(n) - integral
    }
}
