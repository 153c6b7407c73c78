import Foundation
import Testing
@testable import Optimize

extension OptimizeTests {
    @Suite struct MinimizeTests {
        @Test func bfgsFindsTheLectureMinimaOfTheQuartic() throws {
            let fromSix = try minimize(quartic, from: [6])
            #expect(fromSix.success)
            #expect(abs(fromSix.x[0] - 5.32634546) < 1e-7)
            #expect(abs(fromSix.fun - -0.69140967888) < 1e-10)
            #expect(fromSix.pointKind?.kind == .minimum)
            let fromOne = try minimize(quartic, from: [1])
            #expect(abs(fromOne.x[0] - 2.39274798) < 1e-7)
            #expect(abs(fromOne.fun - -0.13827491294) < 1e-10)
        }

        @Test func everyMethodRecordsItsLossPerIteration() throws {
            for method in MinimizeMethod.allCases {
                let result = try minimize(rosenbrock, from: [-1.2, 1], options: MinimizeOptions(method: method))
                // F(-1.2, 1) first; Nelder–Mead's first is its initial simplex's best vertex.
                let first = try #require(result.losses.first)
                #expect(method == .nelderMead ? first <= 24.199999999999996 : first == 24.199999999999996, "\(method)")
                #expect(result.losses.last == result.fun, "\(method)")
                // Nelder–Mead counts its set-up as an iteration (as SciPy does).
                #expect(result.losses.count == (method == .nelderMead ? result.nit : result.nit + 1), "\(method)")
                #expect(zip(result.losses, result.losses.dropFirst()).allSatisfy { $1 <= $0 }, "\(method): the loss never rises")
                #expect((result.hessInv != nil) == (method == .bfgs))
            }
        }

        @Test func bfgsInverseHessianApproachesTheTrueOneOnAQuadratic() throws {
            // F = x² + 10y²: the Hessian is diag(2, 20), its inverse diag(0.5, 0.05).
            let quadratic = ClosureObjective(parameterNames: ["x", "y"], value: { $0[0] * $0[0] + 10 * $0[1] * $0[1] },
                                             gradient: { [2 * $0[0], 20 * $0[1]] })
            let result = try minimize(quadratic, from: [1, 1])
            let h = try #require(result.hessInv)
            #expect(abs(h[0][0] - 0.5) < 1e-3 && abs(h[1][1] - 0.05) < 1e-3 && abs(h[0][1]) < 1e-3)
            #expect(result.status == .success)
        }

        @Test func bfgsCountsMatchSciPyOnTheQuartic() throws {
            // scipy.optimize.minimize(f, [6], jac=f', method="BFGS"): nit 7, nfev 8, njev 8 (from 1 likewise).
            for start in [6.0, 1.0] {
                let result = try minimize(quartic, from: [start])
                #expect(result.nit == 7)
                #expect(result.nfev == 8)
                #expect(result.njev == 8)
            }
        }

        @Test func bfgsMatchesSciPyOnRosenbrock() throws {
            // SciPy 1.17: nit 32, nfev 39, njev 39 from (−1.2, 1).
            let result = try minimize(rosenbrock, from: [-1.2, 1])
            #expect(result.success)
            #expect(abs(result.x[0] - 1) < 1e-6 && abs(result.x[1] - 1) < 1e-6)
            #expect(result.nfev <= 39)
            #expect(result.njev <= 39)
        }

        @Test(arguments: MinimizeMethod.allCases)
        func everyMethodSolvesRosenbrock(method: MinimizeMethod) throws {
            let result = try minimize(rosenbrock, from: [-1.2, 1], options: MinimizeOptions(method: method))
            #expect(result.success, "\(method): \(result.message)")
            let tolerance = method == .nelderMead ? 1e-3 : 1e-5
            #expect(abs(result.x[0] - 1) < tolerance && abs(result.x[1] - 1) < tolerance, "\(method): \(result.x)")
            #expect(result.pointKind?.kind == .minimum)
            if method == .nelderMead {
                #expect(result.njev == 0)
                #expect(result.jac == nil)
            } else {
                #expect(result.njev > 0)
                #expect(result.jac.map { maxAbs($0) <= 1e-5 } == true)
            }
        }

        @Test func nelderMeadMatchesSciPyExactly() throws {
            // scipy.optimize.minimize(rosen, [−1.2, 1], method="Nelder-Mead"):
            // x = [1.0000220217835696, 1.0000422197517715], nit 85, nfev 159.
            let result = try minimize(rosenbrock, from: [-1.2, 1], options: MinimizeOptions(method: .nelderMead))
            #expect(result.nit == 85)
            #expect(result.nfev == 159)
            #expect(abs(result.x[0] - 1.0000220217835696) < 1e-12)
            #expect(abs(result.x[1] - 1.0000422197517715) < 1e-12)
            // From 6 on the quartic: x = 5.326318359374998, nit 15, nfev 30.
            let quarticResult = try minimize(quartic, from: [6], options: MinimizeOptions(method: .nelderMead))
            #expect(quarticResult.nfev == 30)
            #expect(quarticResult.nit == 15)
            #expect(abs(quarticResult.x[0] - 5.326318359374998) < 1e-12)
        }

        @Test func methodsTakeDifferentPaths() throws {
            // Each method is its own algorithm: on several problems their iteration
            // and evaluation counts (the fingerprint of the path) all differ. (In one
            // dimension BFGS and L-BFGS coincide by construction, both stepping along
            // the secant −g·s/y, so the problems here have two or more parameters.)
            let quarticValley = ClosureObjective(
                parameterNames: ["x", "y"],
                value: { p in try quartic.value([p[0]]) + (p[1] - p[0]) * (p[1] - p[0]) },
                gradient: { p in [try quartic.gradient([p[0]])[0] - 2 * (p[1] - p[0]), 2 * (p[1] - p[0])] })
            for (objective, start) in [(rosenbrock, [-1.2, 1.0]), (quarticValley, [6.0, 3.0]), (cubicSaddle, [2.0, 1.5])] {
                var fingerprints: Set<[Int]> = []
                var points: [[Double]] = []
                for method in MinimizeMethod.allCases {
                    let result = try minimize(objective, from: start, options: MinimizeOptions(method: method))
                    fingerprints.insert([result.nit, result.nfev, result.njev])
                    points.append(result.x)
                }
                #expect(fingerprints.count == MinimizeMethod.allCases.count, "\(fingerprints) \(points)")
                // ... and the final points differ in their low bits too.
                #expect(Set(points).count == MinimizeMethod.allCases.count)
            }
        }

        @Test func newtonWithoutAHessianUsesFiniteDifferences() throws {
            let exact = try minimize(quartic, from: [6], options: MinimizeOptions(method: .newton))
            let approximate = try minimize(quarticWithoutHessian, from: [6], options: MinimizeOptions(method: .newton))
            #expect(exact.nhev > 0)
            #expect(approximate.nhev == 0)
            #expect(approximate.njev > exact.njev)
            #expect(abs(exact.x[0] - approximate.x[0]) < 1e-7)
            // From the maximum's side, Newton's shifted Hessian still descends.
            let nearMaximum = try minimize(quartic, from: [3.6], options: MinimizeOptions(method: .newton))
            #expect(nearMaximum.success)
            #expect(nearMaximum.pointKind?.kind == .minimum)
        }

        @Test func notConvergingIsAResultNotAnError() throws {
            let result = try minimize(rosenbrock, from: [-1.2, 1], options: MinimizeOptions(maxIterations: 3))
            #expect(!result.success)
            #expect(result.status == .maxIterations)
            #expect(result.message == "Maximum number of iterations has been exceeded.")
            #expect(result.nit == 3)
            #expect(result.pointKind?.kind == .notStationary)
        }

        @Test func unboundedBelowEndsWithoutTrapping() throws {
            let line = ClosureObjective(parameterNames: ["x"], value: { p in -p[0] }, gradient: { _ in [-1] })
            for method in MinimizeMethod.allCases {
                let result = try minimize(line, from: [0], options: MinimizeOptions(method: method, maxIterations: 50))
                #expect(!result.success, "\(method)")
            }
        }

        @Test func nanObjectiveIsReported() throws {
            let broken = ClosureObjective(parameterNames: ["x"], value: { p in p[0] > 1 ? .nan : (p[0] - 3) * (p[0] - 3) }, gradient: { p in [p[0] > 1 ? .nan : 2 * (p[0] - 3)] })
            // Nelder–Mead treats NaN as worst, a wall it may legitimately converge against.
            for method in MinimizeMethod.allCases where method != .nelderMead {
                let result = try minimize(broken, from: [0], options: MinimizeOptions(method: method))
                #expect(!result.success, "\(method): \(result.message)")
                #expect(result.x.allSatisfy(\.isFinite) || result.status == .nanEncountered)
            }
        }

        @Test func tolIsGtol() throws {
            let loose = try minimize(rosenbrock, from: [-1.2, 1], options: MinimizeOptions(tolerance: 1e-2))
            let tight = try minimize(rosenbrock, from: [-1.2, 1], options: MinimizeOptions(tolerance: 1e-8))
            #expect(loose.jac.map { maxAbs($0) <= 1e-2 } == true)
            #expect(tight.jac.map { maxAbs($0) <= 1e-8 } == true)
            #expect(loose.nit < tight.nit)
        }

        @Test func methodNamesReadAsUsersWriteThem() {
            #expect(MinimizeMethod(name: "nelder_mead") == .nelderMead)
            #expect(MinimizeMethod(name: "Nelder-Mead") == .nelderMead)
            #expect(MinimizeMethod(name: "L-BFGS") == .lbfgs)
            #expect(MinimizeMethod(name: "BFGS") == .bfgs)
            #expect(MinimizeMethod(name: "simplex") == nil)
        }
    }
}
