import Foundation
import Testing
@testable import Optimize

/// F(x) = ½xᵀAx − bᵀx with A symmetric positive definite: minimiser A⁻¹b, curvature
/// between A's smallest and largest eigenvalues.
func quadratic(_ a: [[Double]], _ b: [Double]) -> ClosureObjective {
    ClosureObjective(
        parameterNames: b.indices.map { "x\($0)" },
        value: { x in
            var total = 0.0
            for i in x.indices {
                var row = 0.0
                for j in x.indices { row += a[i][j] * x[j] }
                total += 0.5 * x[i] * row - b[i] * x[i]
            }
            return total
        },
        gradient: { x in x.indices.map { i in x.indices.reduce(0.0) { $0 + a[i][$1] * x[$1] } - b[i] } },
        hessian: { _ in a })
}

/// A random SPD matrix QᵀDQ-like: BᵀB + shift·I, eigenvalues spread over a few decades.
func randomSPD(_ n: Int, _ generator: inout SeededGenerator) -> [[Double]] {
    let b = randomMatrix(n, n, &generator)
    var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i][j] += b[k][i] * b[k][j] } } }
    for i in 0..<n { a[i][i] += 0.1 }
    return a
}

extension OptimizeTests {
    @Suite struct PropertyTests {
        @Test func descendBelowTwoOverLConvergesToTheSolutionOfTheNormalEquations() throws {
            var generator = SeededGenerator(state: 314)
            for n in 1...5 {
                let a = randomSPD(n, &generator)
                let b = (0..<n).map { _ in Double.random(in: -3...3, using: &generator) }
                let largest = try symmetricEigenvalues(a).last ?? 1
                let run = try descend(quadratic(a, b), from: [Double](repeating: 0, count: n), options: DescendOptions(rate: 1.9 / largest, steps: 200_000, tolerance: 1e-9))
                let solution = try solveLinearSystem(a, b)
                #expect(run.converged)
                for i in 0..<n { #expect(abs(run.x[i] - solution[i]) < 1e-6 * max(1, abs(solution[i])) * (largest / 0.1)) }
            }
        }

        @Test func divergenceSuggestsARateThatWorks() throws {
            var generator = SeededGenerator(state: 2718)
            for n in 1...6 {
                let a = randomSPD(n, &generator)
                let b = (0..<n).map { _ in Double.random(in: -3...3, using: &generator) }
                let eigenvalues = try symmetricEigenvalues(a)
                let largest = eigenvalues.last ?? 1
                let start = (0..<n).map { _ in Double.random(in: -2...2, using: &generator) }
                let run = try descend(quadratic(a, b), from: start, options: DescendOptions(rate: 2.5 / largest, steps: 500))
                guard case let .diverging(_, curvature?, suggested?)? = run.diagnoses.first else {
                    Issue.record("n = \(n): expected divergence, got \(run.stop)")
                    continue
                }
                // The secant curvature of a quadratic never exceeds its largest eigenvalue...
                #expect(curvature <= largest * (1 + 1e-9))
                // ... and the suggested rate is stable: below 2/λmax.
                #expect(suggested < 2 / largest, "n = \(n): L = \(curvature), λmax = \(largest)")
            }
        }

        @Test func everyGradientMethodAgreesWithTheLinearSolveOnQuadratics() throws {
            var generator = SeededGenerator(state: 1618)
            for n in 1...6 {
                let a = randomSPD(n, &generator)
                let b = (0..<n).map { _ in Double.random(in: -3...3, using: &generator) }
                let solution = try solveLinearSystem(a, b)
                let exact = try solveQuadratic(quadratic(a, b))
                for i in 0..<n { #expect(abs(exact.x[i] - solution[i]) < 1e-9 * max(1, abs(solution[i]))) }
                for method in MinimizeMethod.allCases where method != .nelderMead {
                    // ‖x − x*‖ ≤ ‖∇F‖₂/λmin ≤ √n·gtol/0.1: about 2.5e-5 for gtol 1e-6. (Much tighter
                    // gtols hit the precision limit: the decrease left, ½‖∇F‖²/λ, drowns in F's rounding.)
                    let result = try minimize(quadratic(a, b), from: [Double](repeating: 1, count: n), options: MinimizeOptions(method: method, tolerance: 1e-6))
                    #expect(result.success, "\(method) n = \(n): \(result.message)")
                    for i in 0..<n { #expect(abs(result.x[i] - solution[i]) < 3e-5 * max(1, abs(solution[i])), "\(method) n = \(n)") }
                }
                // Newton in a trust region: the quadratic model is exact, so every trial step is
                // taken (the loss falls at every iteration), and once the region holds the Newton
                // step that step lands on the solution to rounding, far inside gtol.
                let newton = try minimize(quadratic(a, b), from: [Double](repeating: 1, count: n), options: MinimizeOptions(method: .newton))
                #expect(newton.success)
                #expect(zip(newton.losses, newton.losses.dropFirst()).allSatisfy { $0.1 < $0.0 }, "n = \(n): \(newton.losses)")
                for i in 0..<n { #expect(abs(newton.x[i] - solution[i]) < 1e-9 * max(1, abs(solution[i])), "n = \(n)") }
            }
        }
    }
}
