import Foundation
import Testing
@testable import Optimize

extension OptimizeTests {
    @Suite struct StationaryTests {
        @Test func quarticHasTwoMinimaAndAMaximumOnTheLectureRange() throws {
            let points = try stationaryPoints(of: quartic, from: 1, to: 6.75)
            #expect(points.map(\.kind) == [.minimum, .maximum, .minimum])
            #expect(abs(points[0].x - 2.3927) < 1e-4)
            #expect(abs(points[1].x - 3.5309) < 1e-4)
            #expect(abs(points[2].x - 5.3263) < 1e-4)
            // Refined to full precision: f′ is zero to rounding there.
            for point in points { #expect(abs(try quartic.gradient([point.x])[0]) < 1e-12) }
        }

        @Test func parabolaHasItsMinimumAtTwo() throws {
            let points = try stationaryPoints(of: parabola, from: -10, to: 10)
            #expect(points == [StationaryPoint(x: 2, value: 1, secondDerivative: 2, kind: .minimum)])
        }

        @Test func degenerateCasesUseTheSignOfTheDerivative() throws {
            let cubic = ClosureObjective(parameterNames: ["x"], value: { p in pow(p[0], 3.0) }, gradient: { p in [3 * p[0] * p[0]] })
            let quarticPower = ClosureObjective(parameterNames: ["x"], value: { p in pow(p[0], 4.0) }, gradient: { p in [4 * pow(p[0], 3.0)] })
            #expect(try stationaryPoints(of: cubic, from: -1, to: 1.3).map(\.kind) == [.inflection])
            let flatMinimum = try stationaryPoints(of: quarticPower, from: -1, to: 1.3)
            #expect(flatMinimum.map(\.kind) == [.minimum])
            // f′ = 4x³ vanishes to third order: every point of the last bracket has |f′| below
            // any tolerance, and the simplest of them, 0 itself, is reported.
            #expect(flatMinimum[0].x == 0)
            #expect(try stationaryPoints(of: quarticPower, from: -1, to: 2).map(\.x) == [0])
            #expect(try stationaryPoints(of: cubic, from: -1, to: 2).map(\.x) == [0])
            let shifted = ClosureObjective(parameterNames: ["x"], value: { p in pow(p[0] - 1, 4.0) }, gradient: { p in [4 * pow(p[0] - 1, 3.0)] })
            #expect(try stationaryPoints(of: shifted, from: -1, to: 2).map(\.x) == [1])
            #expect(try stationaryPoints(of: secretNumber, from: 3, to: 4).isEmpty)
        }

        @Test func simplestNumberIsTheShortestDecimalInTheInterval() {
            #expect(simplestNumber(in: -1.5e-23, 3e-23) == 0)
            #expect(simplestNumber(in: 0.26, 0.34) == 0.3)
            #expect(simplestNumber(in: 0.951, 1.04) == 1)
            #expect(simplestNumber(in: 1.4142135623730949, 1.4142135623730951) == 1.414213562373095)
            // A one-point interval is its own answer.
            #expect(simplestNumber(in: 2.0.squareRoot(), 2.0.squareRoot()) == 2.0.squareRoot())
        }

        @Test func polesAreNotStationaryPoints() throws {
            // f(x) = x + 1/x: f′ = 1 − 1/x² changes sign at ±1 (roots) and across the pole at 0.
            let withPole = ClosureObjective(parameterNames: ["x"], value: { p in p[0] + 1 / p[0] }, gradient: { p in [1 - 1 / (p[0] * p[0])] })
            let points = try stationaryPoints(of: withPole, from: -2, to: 2.1)
            #expect(points.map(\.kind) == [.maximum, .minimum])
            #expect(points.map { ($0.x * 1e9).rounded() / 1e9 } == [-1, 1])
        }

        @Test func nonFiniteStartIsReportedAsSuch() throws {
            let run = try descend(quartic, from: [.nan], options: DescendOptions(steps: 5))
            #expect(run.stop == .diverged(step: 0))
            #expect(run.reason.contains("not finite at the start"))
        }

        @Test func newtonFindsSaddlesAsWellAsMinima() throws {
            let saddle = try newtonStationaryPoint(cubicSaddle, from: [-2, 1])
            #expect(saddle.converged)
            #expect(saddle.classification.kind == .saddle)
            #expect(abs(saddle.classification.point[0] - -1) < 1e-10)
            let minimum = try newtonStationaryPoint(cubicSaddle, from: [2, -1])
            #expect(minimum.classification.kind == .minimum)
            #expect(abs(minimum.classification.point[0] - 1) < 1e-10)
            let rosen = try newtonStationaryPoint(rosenbrock, from: [-1.2, 1])
            #expect(rosen.converged)
            #expect(rosen.classification.kind == .minimum)
        }

        @Test func singularHessianIsReportedNotTrapped() throws {
            let flat = ClosureObjective(parameterNames: ["x", "y"], value: { p in p[0] }, gradient: { _ in [1, 0] }, hessian: { _ in [[0, 0], [0, 0]] })
            let result = try newtonStationaryPoint(flat, from: [0, 0])
            #expect(!result.converged)
            #expect(result.reason.contains("singular"))
            #expect(result.classification.kind == .notStationary)
        }

        @Test func stationarityRelativeToFOrAbsolute() throws {
            // F = 10⁸ + x² at x = 1: the gradient 2 passes a test relative to |F|
            // (2 ≤ 10⁻⁵·10⁸), not the absolute one minimize uses for an unconverged run.
            let lifted = ClosureObjective(parameterNames: ["x"], value: { p in 1e8 + p[0] * p[0] }, gradient: { p in [2 * p[0]] },
                                          hessian: { _ in [[2]] })
            #expect(try classifyPoint(lifted, at: [1]).kind == .minimum)
            #expect(try classifyPoint(lifted, at: [1], relativeToValue: false).kind == .notStationary)
            #expect(try classifyPoint(lifted, at: [0], relativeToValue: false).kind == .minimum)
        }

        @Test func classificationByEigenvalues() throws {
            let maximum = ClosureObjective(parameterNames: ["x", "y"], value: { p in -p[0] * p[0] - p[1] * p[1] }, gradient: { p in [-2 * p[0], -2 * p[1]] })
            let atMaximum = try classifyPoint(maximum, at: [0, 0])
            #expect(atMaximum.kind == .maximum)
            #expect(atMaximum.hessianIsApproximate)
            #expect(atMaximum.eigenvalues.allSatisfy { abs($0 - -2) < 1e-6 })
            let monkeySaddle = ClosureObjective(parameterNames: ["x", "y"], value: { p in pow(p[0], 3.0) - 3 * p[0] * p[1] * p[1] }, gradient: { p in [3 * p[0] * p[0] - 3 * p[1] * p[1], -6 * p[0] * p[1]] })
            #expect(try classifyPoint(monkeySaddle, at: [0, 0]).kind == .degenerate)
            let offCentre = try classifyPoint(rosenbrock, at: [0, 0])
            #expect(offCentre.kind == .notStationary)
            #expect(offCentre.curvatureKind == .minimum)
            #expect(offCentre.description.hasPrefix("not a stationary point: the gradient is not zero there (largest component 2); F curves upward"))
            #expect(try classifyPoint(cubicSaddle, at: [-1, 0]).description == "a saddle point (Hessian eigenvalues -6 and 2)")
        }
    }

    @Suite struct GradientCheckTests {
        @Test func forwardDifferencesAreOneSidedWithAnErrorOfOrderH() throws {
            // F = x³ at 1: (F(1 + h) − F(1))/h = 3 + 3h + h², against F′ = 3.
            let cube = ClosureObjective(parameterNames: ["x"], value: { $0[0] * $0[0] * $0[0] }, gradient: { [3 * $0[0] * $0[0]] })
            let h = 1e-3
            let check = try gradientCheck(cube, at: [1], step: h, forward: true)
            #expect(check.forward)
            #expect(check.numeric[0] == ((1 + h) * (1 + h) * (1 + h) - 1) / ((1 + h) - 1))
            #expect(abs(check.numeric[0] - (3 + 3 * h)) < 1e-5)
            #expect(check.verdict == .suspicious)
            let central = try gradientCheck(cube, at: [1], step: h)
            #expect(abs(central.numeric[0] - 3) < 2e-6)
        }

        @Test func correctGradientsPass() throws {
            let check = try gradientCheck(rosenbrock, at: [-1.2, 1])
            #expect(check.verdict == .correct)
            #expect(check.relativeErrors.allSatisfy { $0 < 1e-6 })
            #expect(abs(check.numeric[0] - -215.6) < 1e-5)
            #expect(check.steps == [1.2e-5, 1e-5])
        }

        @Test func wrongGradientsAreCaughtAndTheWorstNamed() throws {
            // A classic slip: dropping the chain rule's inner factor in ∂/∂x.
            let check = try gradientCheck(rosenbrock, at: [-1.2, 1], suppliedGradient: { p in
                [-200 * (p[1] - p[0] * p[0]) - 2 * (1 - p[0]), 200 * (p[1] - p[0] * p[0])]
            })
            #expect(check.verdict == .wrong)
            #expect(check.relativeErrors[1] < 1e-6)
            #expect(check.relativeErrors[0] > 0.1)
            #expect(check.summary.contains("∂/∂x"))
        }

        @Test func zeroGradientsAgreeDespiteRoundingNoise() throws {
            let check = try gradientCheck(parabola, at: [2])
            #expect(check.analytic == [0])
            #expect(check.verdict == .correct)
        }

        @Test func kinksAreOnlyProbablyCorrect() throws {
            // |x| checked so close to its kink that the default step h = 1e-5 straddles it by
            // δ = 1e-10: the difference quotient is 1 − δ/h, a relative error of about 1e-5.
            let absolute = ClosureObjective(parameterNames: ["x"], value: { p in abs(p[0]) }, gradient: { p in [p[0] >= 0 ? 1 : -1] })
            let check = try gradientCheck(absolute, at: [1e-5 - 1e-10])
            #expect(check.verdict == .probablyCorrect)
            #expect(abs(check.relativeErrors[0] - 1e-5) < 1e-7)
            // Straddling it by half the step is plainly wrong.
            #expect(try gradientCheck(absolute, at: [5e-6]).verdict == .wrong)
        }

        @Test func givenStepIsUsed() throws {
            let check = try gradientCheck(quartic, at: [4], step: 1e-3)
            #expect(check.steps == [1e-3])
            // Central differences are O(h²): with h = 1e-3 the error is about f‴·h²/6 relative to f′.
            #expect(check.relativeErrors[0] > 1e-9 && check.relativeErrors[0] < 1e-5)
        }
    }

    @Suite struct ValidationTests {
        @Test func mismatchedStartsAreErrors() {
            #expect(throws: OptimizeError.dimensionMismatch(expected: 2, found: 1)) { try descend(rosenbrock, from: [1]) }
            #expect(throws: OptimizeError.dimensionMismatch(expected: 2, found: 3)) { try minimize(rosenbrock, from: [1, 2, 3]) }
            #expect(throws: OptimizeError.dimensionMismatch(expected: 1, found: 2)) { try gradientCheck(quartic, at: [1, 2]) }
            let none = ClosureObjective(parameterNames: [], value: { _ in 1 }, gradient: { _ in [] })
            for method in MinimizeMethod.allCases {
                #expect(throws: OptimizeError.noParameters) { try minimize(none, from: [], options: MinimizeOptions(method: method)) }
            }
        }

        @Test func badOptionsAreErrors() {
            #expect(throws: OptimizeError.self) { try descend(quartic, from: [4], options: DescendOptions(steps: -1)) }
            #expect(throws: OptimizeError.self) { try descend(quartic, from: [4], options: DescendOptions(rate: .infinity)) }
            #expect(throws: OptimizeError.self) { try minimize(quartic, from: [4], options: MinimizeOptions(tolerance: -1)) }
        }

        @Test func wrongSizedGradientsAreErrorsNotTraps() {
            let faulty = ClosureObjective(parameterNames: ["x", "y"], value: { p in p[0] }, gradient: { _ in [1] })
            #expect(throws: OptimizeError.gradientSize(expected: 2, found: 1)) { try descend(faulty, from: [0, 0]) }
            for method in MinimizeMethod.allCases where method != .nelderMead {
                #expect(throws: OptimizeError.gradientSize(expected: 2, found: 1)) { try minimize(faulty, from: [0, 0], options: MinimizeOptions(method: method)) }
            }
        }
    }

    @Suite struct QuadraticSolveTests {
        @Test func leastSquaresLossSolvesToTheClosedForm() throws {
            // mean((y − θ0 − θ1·x)²) on the lecture's four points: θ = (6.5 − 4/3·4.5, 4/3).
            let xs = [2.0, 3, 5, 8], ys = [3.0, 6, 5, 12]
            func residuals(_ t: [Double]) -> [Double] { zip(xs, ys).map { (x: Double, y: Double) -> Double in y - t[0] - t[1] * x } }
            let loss = ClosureObjective(
                parameterNames: ["θ0", "θ1"],
                value: { t in residuals(t).reduce(0) { $0 + $1 * $1 } / 4 },
                gradient: { t in
                    let r = residuals(t)
                    var weighted = 0.0
                    for (residual, x) in zip(r, xs) { weighted += residual * x }
                    return [-2 * r.reduce(0, +) / 4, -2 * weighted / 4]
                })
            let solution = try solveQuadratic(loss)
            #expect(abs(solution.x[1] - 4.0 / 3) < 1e-9)
            #expect(abs(solution.x[0] - (6.5 - 4.0 / 3 * 4.5)) < 1e-9)
            #expect(maxAbs(solution.jac) < 1e-9)
            #expect(solution.conditionWarning == nil)
        }

        @Test func undeterminedParametersAreErrors() {
            // θ1 never appears: the Hessian is singular, no unique minimiser.
            let flat = ClosureObjective(parameterNames: ["θ0", "θ1"], value: { t in (t[0] - 1) * (t[0] - 1) }, gradient: { t in [2 * (t[0] - 1), 0] }, hessian: { _ in [[2, 0], [0, 0]] })
            #expect(throws: LinearAlgebraError.notPositiveDefinite(index: 1)) { try solveQuadratic(flat) }
        }
    }
}
