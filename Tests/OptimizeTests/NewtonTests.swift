import Foundation
import Testing
@testable import Optimize

/// McCormick's function sin(x + y) + (x − y)² − 1.5x + 2.5y + 1: its Hessian
/// is singular at the origin, and it is unbounded below along x = y.
var mcCormick: ClosureObjective {
    ClosureObjective(
        parameterNames: ["x", "y"],
        value: { p in sin(p[0] + p[1]) + (p[0] - p[1]) * (p[0] - p[1]) - 1.5 * p[0] + 2.5 * p[1] + 1 },
        gradient: { p in
            let c = cos(p[0] + p[1]), d = 2 * (p[0] - p[1])
            return [c + d - 1.5, c - d + 2.5]
        },
        hessian: { p in
            let s = -sin(p[0] + p[1])
            return [[s + 2, s - 2], [s - 2, s + 2]]
        })
}

/// Hosaki's function (1 − 8a + 7a² − 7a³/3 + a⁴/4)·b²·e^(−b): minimum at (4, 2),
/// unbounded below as b → −∞ wherever the polynomial is negative.
var hosaki: ClosureObjective {
    func p(_ a: Double) -> Double { 1 - 8 * a + 7 * a * a - 7.0 / 3 * a * a * a + a * a * a * a / 4 }
    func dp(_ a: Double) -> Double { -8 + 14 * a - 7 * a * a + a * a * a }
    func ddp(_ a: Double) -> Double { 14 - 14 * a + 3 * a * a }
    return ClosureObjective(
        parameterNames: ["a", "b"],
        value: { x in p(x[0]) * x[1] * x[1] * exp(-x[1]) },
        gradient: { x in
            let e = exp(-x[1]), b = x[1]
            return [dp(x[0]) * b * b * e, p(x[0]) * (2 * b - b * b) * e]
        },
        hessian: { x in
            let e = exp(-x[1]), b = x[1]
            let cross = dp(x[0]) * (2 * b - b * b) * e
            return [[ddp(x[0]) * b * b * e, cross], [cross, p(x[0]) * (2 - 4 * b + b * b) * e]]
        })
}

extension OptimizeTests {
    @Suite struct NewtonTests {
        @Test func mcCormickFromASingularHessianReachesTheMinimumNearTheStart() throws {
            let result = try minimize(mcCormick, from: [0, 0], options: MinimizeOptions(method: .newton))
            #expect(result.success)
            // x − y = 1 and x + y = −2π/3: the local minimum SciPy's Newton-CG reaches.
            #expect(abs(result.x[0] - (0.5 - Double.pi / 3)) < 1e-8)
            #expect(abs(result.x[1] - (-0.5 - Double.pi / 3)) < 1e-8)
            #expect(abs(result.fun - -1.9132229549810362) < 1e-12)
            #expect(result.pointKind?.kind == .minimum)
        }

        @Test func hosakiStaysWithTheMinimumNearTheStart() throws {
            let result = try minimize(hosaki, from: [4.5, 3], options: MinimizeOptions(method: .newton))
            #expect(result.success)
            #expect(abs(result.x[0] - 4) < 1e-6 && abs(result.x[1] - 2) < 1e-6)
            #expect(result.pointKind?.kind == .minimum)
        }

        @Test func fromASaddleNewtonLeavesAlongNegativeCurvature() throws {
            // x² − y² + y⁴/4 from (1, 0): the gradient has no component along y, the
            // direction of negative curvature (the subproblem's hard case).
            let saddle = ClosureObjective(
                parameterNames: ["x", "y"],
                value: { p in p[0] * p[0] - p[1] * p[1] + pow(p[1], 4) / 4 },
                gradient: { p in [2 * p[0], -2 * p[1] + pow(p[1], 3)] },
                hessian: { p in [[2, 0], [0, -2 + 3 * p[1] * p[1]]] })
            let result = try minimize(saddle, from: [1, 0], options: MinimizeOptions(method: .newton))
            #expect(result.success)
            #expect(abs(result.x[0]) < 1e-6 && abs(abs(result.x[1]) - 2.squareRoot()) < 1e-6)
            #expect(result.pointKind?.kind == .minimum)
        }

        @Test func trustRegionStepSolvesTheSubproblem() throws {
            // Positive definite, Newton step inside the region: the Newton step.
            let bowl = try SymmetricEigen([[2, 0], [0, 8]])
            let inside = trustRegionStep(bowl, gradient: [2, 8], radius: 10)
            #expect(!inside.reachesBoundary)
            #expect(abs(inside.step[0] + 1) < 1e-15 && abs(inside.step[1] + 1) < 1e-15)
            #expect(abs(inside.predictedDecrease - 5) < 1e-14)
            // Newton step too long, or an indefinite Hessian: a step of length Δ on the
            // boundary that decreases the model at least as much as the Cauchy point.
            for (hessian, gradient) in [([[2.0, 0], [0, 8]], [2.0, 8]), ([[1, 3], [3, 1]], [1, -0.5]), ([[0, 0], [0, 4]], [1, 1])] {
                let eigen = try SymmetricEigen(hessian)
                let step = trustRegionStep(eigen, gradient: gradient, radius: 0.5)
                #expect(step.reachesBoundary)
                #expect(abs(euclideanNorm(step.step) - 0.5) < 1e-10)
                let model = dot(gradient, step.step) + 0.5 * dot(step.step, matrixVector(hessian, step.step))
                #expect(abs(-model - step.predictedDecrease) < 1e-12)
                let cauchyDirection = scaled(gradient, -0.5 / euclideanNorm(gradient))
                let cauchyModel = dot(gradient, cauchyDirection) + 0.5 * dot(cauchyDirection, matrixVector(hessian, cauchyDirection))
                #expect(model <= cauchyModel + 1e-12, "\(hessian)")
            }
            // Nearly the hard case: a gradient component along q₁ from 10⁻³ down to below
            // rounding; the step stays on the boundary and keeps (nearly) the same model value.
            for tiny in [1e-3, 1e-8, 1e-13, 1e-17] {
                let near = trustRegionStep(try SymmetricEigen([[2, 0], [0, -2]]), gradient: [2, tiny], radius: 2)
                #expect(abs(euclideanNorm(near.step) - 2) < 1e-9, "\(tiny)")
                #expect(abs(near.step[0] + 0.5) < 1e-4, "\(tiny)")
                #expect(abs(near.predictedDecrease - 4.5) <= 2 * tiny + 1e-12, "\(tiny)")
            }
            // The hard case: no gradient along the negative-curvature direction.
            let hard = trustRegionStep(try SymmetricEigen([[2, 0], [0, -2]]), gradient: [2, 0], radius: 2)
            #expect(hard.reachesBoundary)
            #expect(abs(hard.step[0] + 0.5) < 1e-12 && abs(abs(hard.step[1]) - 3.75.squareRoot()) < 1e-12)
        }

        @Test func trustRegionStepBeatsEveryPointOfTheBallOnRandomModels() throws {
            // Random symmetric (mostly indefinite) H, gradients and radii: the step lies in the
            // ball, its predicted decrease is the model's, and no sampled point of the ball
            // (inside or on the boundary) has a lower model value.
            var generator = SeededGenerator(state: 2718)
            for trial in 0..<60 {
                let n = 1 + trial % 3
                let b = randomMatrix(n, n, &generator)
                let hessian = (0..<n).map { i in (0..<n).map { j in 3 * (b[i][j] + b[j][i]) } }
                let gradient = (0..<n).map { _ in Double.random(in: -2...2, using: &generator) }
                let radius = Double.random(in: 0.05...3, using: &generator)
                let step = trustRegionStep(try SymmetricEigen(hessian), gradient: gradient, radius: radius)
                func model(_ p: [Double]) -> Double { dot(gradient, p) + 0.5 * dot(p, matrixVector(hessian, p)) }
                #expect(euclideanNorm(step.step) <= radius * (1 + 1e-9), "trial \(trial)")
                #expect(abs(-model(step.step) - step.predictedDecrease) <= 1e-12 * max(1, step.predictedDecrease))
                for _ in 0..<400 {
                    let direction = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
                    let length = radius * (Bool.random(using: &generator) ? 1 : Double.random(in: 0...1, using: &generator))
                    let point = scaled(direction, length / max(euclideanNorm(direction), 1e-300))
                    #expect(model(step.step) <= model(point) + 1e-9 * max(1, abs(model(point))), "trial \(trial)")
                }
            }
        }

        @Test func aMinimumWhereFIsLargeIsReachedNotLostInRounding() throws {
            // F = 10⁶ + u² + u⁴ + 10(y + 2)² with u = x − 1: Newton converges quadratically, and
            // its last steps predict decreases (≈ ‖∇F‖²) far below F's rounding (≈ 10⁻¹⁰), so F
            // does not change at all; judged on F alone those steps would be refused and the
            // run would end in precision loss short of gtol.
            let offset = ClosureObjective(
                parameterNames: ["x", "y"],
                value: { p in
                    let u = p[0] - 1
                    return 1e6 + u * u + u * u * u * u + 10 * (p[1] + 2) * (p[1] + 2)
                },
                gradient: { p in
                    let u = p[0] - 1
                    return [2 * u + 4 * u * u * u, 20 * (p[1] + 2)]
                },
                hessian: { p in
                    let u = p[0] - 1
                    return [[2 + 12 * u * u, 0], [0, 20]]
                })
            let result = try minimize(offset, from: [1.5, -1.5], options: MinimizeOptions(method: .newton, tolerance: 1e-12))
            #expect(result.success, "\(result.message)")
            #expect(abs(result.x[0] - 1) < 1e-12 && abs(result.x[1] + 2) < 1e-12)
        }

        @Test func aRunThatDidNotConvergeIsNeverCalledAMinimum() throws {
            // Unbounded below along a line of positive curvature elsewhere: F = −x + y².
            let ramp = ClosureObjective(parameterNames: ["x", "y"], value: { p in -p[0] + p[1] * p[1] },
                                        gradient: { p in [-1, 2 * p[1]] }, hessian: { _ in [[0, 0], [0, 2]] })
            for method in MinimizeMethod.allCases where method != .nelderMead {
                let result = try minimize(ramp, from: [0, 1], options: MinimizeOptions(method: method, maxIterations: 60))
                #expect(!result.success, "\(method)")
                #expect(result.pointKind?.kind == .notStationary, "\(method): \(result.pointKind?.description ?? "nil")")
            }
        }
    }
}
