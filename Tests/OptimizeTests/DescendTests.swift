import Core
import Foundation
import Testing
@testable import Optimize

extension OptimizeTests {
    /// The lecture runs of `descend` on the quartic and the secret-number game.
}

extension OptimizeTests {
    @Suite struct DescendGoldenTests {
        @Test func quarticAtRate03TakesTheLecturePath() throws {
            let run = try descend(quartic, from: [4], options: DescendOptions(rate: 0.3, steps: 19))
            let expected = [
                4, 4.12, 4.26729664, 4.44272584, 4.64092624, 4.8461837, 5.03211854, 5.17201478, 5.25648449, 5.29791149,
                5.31542718, 5.3222606, 5.32483298, 5.32578765, 5.32614004, 5.32626985, 5.32631764, 5.32633523, 5.3263417,
                5.32634408,
            ]
            #expect(run.path.map { rounded8($0[0]) } == expected)
            #expect(run.steps == 19)
            #expect(run.losses.count == 20)
            #expect(run.stop == .stepLimit)
            #expect(!run.converged)
            #expect(run.diagnoses.isEmpty)
            #expect(run.losses[0] == 0)
        }

        @Test func quarticAtRate1BouncesBetweenTwoValues() throws {
            let run = try descend(quartic, from: [4], options: DescendOptions(rate: 1, steps: 19))
            #expect(run.path.prefix(6).map { rounded8($0[0]) } == [4, 4.4, 5.0464, 5.4967306, 5.08086249, 5.48998039])
            guard case let .bouncing(low, high)? = run.diagnoses.first else {
                Issue.record("expected bouncing, got \(run.diagnoses)")
                return
            }
            #expect(abs(low[0] - 5.10) < 0.01)
            #expect(abs(high[0] - 5.48) < 0.01)
            #expect(run.reason.contains("bouncing back and forth between 5.105 and 5.483"))
            #expect(!run.reason.contains("crawling"))
        }

        @Test func quarticAtRate2DivergesAndSuggestsASmallerRate() throws {
            let run = try descend(quartic, from: [4], options: DescendOptions(rate: 2, steps: 19))
            guard case let .diverged(step) = run.stop, case let .diverging(at, curvature?, suggested?)? = run.diagnoses.first else {
                Issue.record("expected divergence, got \(run.stop) \(run.diagnoses)")
                return
            }
            #expect(step == at)
            #expect(run.steps == step)
            #expect(run.path.count == step + 1)
            // The curvature estimate must make the suggested rate one that works.
            #expect(suggested < 2 / curvature)
            #expect(suggested < 2)
            let retry = try descend(quartic, from: [4], options: DescendOptions(rate: suggested, steps: 200))
            #expect(abs(retry.x[0] - 5.32634546) < 1e-6)
            #expect(run.reason.hasPrefix("Diverged at step \(step)"))
        }

        @Test func quarticAtRate0001Crawls() throws {
            let run = try descend(quartic, from: [4], options: DescendOptions(rate: 0.001))
            #expect(run.steps == 1000)
            #expect(!run.converged)
            guard case let .crawling(needed, tolerance, _, curvature?, rate)? = run.diagnoses.first else {
                Issue.record("expected crawling, got \(run.diagnoses)")
                return
            }
            #expect(needed > 10_000)
            #expect(tolerance == 1e-8)
            #expect(rate == 0.001)
            // f″ is about −0.8 at the start: the secant curvature sees that magnitude.
            #expect(curvature > 0.5 && curvature < 1)
            #expect(run.reason.contains("crawling"))
            #expect(run.reason.contains("try a larger rate"))
        }

        @Test func aSoundRateCutShortIsToldToTakeMoreSteps() throws {
            // The lecture's rate 0.3 stopped after 5 steps is far from the tolerance, but
            // the rate is fine: the advice is more steps, not a larger rate.
            let run = try descend(quartic, from: [4], options: DescendOptions(rate: 0.3, steps: 5))
            if case .crawling? = run.diagnoses.first {
                #expect(run.reason.contains("give it more steps"))
                #expect(!run.reason.contains("larger rate"))
            }
            let lecture = try descend(quartic, from: [4], options: DescendOptions(rate: 0.3, steps: 19))
            #expect(lecture.diagnoses.isEmpty)
        }

        @Test func secretNumberAtRate1Bounces() throws {
            let run = try descend(secretNumber, from: [5], options: DescendOptions(rate: 1, steps: 6))
            #expect(run.path.map { $0[0] } == [5, -1, 5, -1, 5, -1, 5])
            #expect(run.diagnoses == [.bouncing(between: [-1], and: [5])])
        }

        @Test func secretNumberAtRate075ConvergesWithoutBouncing() throws {
            let run = try descend(secretNumber, from: [5], options: DescendOptions(rate: 0.75, steps: 12))
            #expect(Array(run.path.prefix(5).map { $0[0] }) == [5, 0.5, 2.75, 1.625, 2.1875])
            #expect(run.diagnoses.isEmpty)
            #expect(!run.reason.contains("bouncing"))
        }
    }
}

extension OptimizeTests {
    @Suite struct DescendRuleTests {
        @Test func stepsWithoutTolTakesExactlyNUpdates() throws {
            // With the default tol this run would stop near step 89; without it all 100 updates run.
            let run = try descend(parabola, from: [0], options: DescendOptions(rate: 0.1, steps: 100))
            #expect(run.steps == 100)
            #expect(run.path.count == 101)
            #expect(run.gradientNorms[95] < 1e-8)
            let defaults = try descend(parabola, from: [0], options: DescendOptions(rate: 0.1))
            #expect(defaults.steps < 100)
        }

        /// `secantCurvatures` is ‖∇F(xₜ₊₁) − ∇F(xₜ)‖/‖xₜ₊₁ − xₜ‖ with the gradients
        /// taken at the path's points, whichever way the run computed it (after
        /// the run from the recorded gradients, or during it for Nesterov, whose
        /// recorded gradients are taken ahead). Exactly: the same operations.
        @Test(arguments: [UpdateRule.plain, .momentum(0.5), .nesterov(0.5)])
        func secantCurvaturesAreTheSecantsBetweenPathPoints(rule: UpdateRule) throws {
            let bowl = ClosureObjective(parameterNames: ["x", "y"], value: { p in p[0] * p[0] * p[0] * p[0] + 3 * p[1] * p[1] },
                                        gradient: { p in [4 * p[0] * p[0] * p[0], 6 * p[1]] })
            let run = try descend(bowl, from: [1.3, -0.7], options: DescendOptions(rate: 0.05, steps: 40, rule: rule))
            #expect(run.secantCurvatures.count == run.steps)
            for t in 0..<run.steps {
                let g0 = try bowl.gradient(run.path[t]), g1 = try bowl.gradient(run.path[t + 1])
                let change = euclideanNorm(zip(g1, g0).map { $0 - $1 })
                let distance = euclideanNorm(zip(run.path[t + 1], run.path[t]).map { $0 - $1 })
                #expect(run.secantCurvatures[t] == change / distance, "update \(t)")
            }
            // The gradient norms likewise (taken after the run when no tolerance needs them during it).
            for options in [DescendOptions(rate: 0.05, steps: 40, rule: rule), DescendOptions(rate: 0.05, rule: rule)] {
                let run = try descend(bowl, from: [1.3, -0.7], options: options)
                #expect(run.gradientNorms.count == run.path.count)
                for t in 0..<run.path.count {
                    #expect(run.gradientNorms[t] == euclideanNorm(try bowl.gradient(run.path[t])), "point \(t)")
                }
            }
        }

        @Test func defaultsStopAtTheDefaultTolerance() throws {
            let run = try descend(parabola, from: [0], options: DescendOptions())
            #expect(run.converged)
            #expect(run.stop == .toleranceMet)
            #expect(run.gradientNorms.last.map { $0 <= 1e-8 } == true)
            #expect(run.gradientNorms.dropLast().allSatisfy { $0 > 1e-8 })
            #expect(abs(run.x[0] - 2) < 1e-8)
        }

        @Test func exactlyZeroGradientStops() throws {
            // Rate 0.5 on (θ − 2)² jumps straight to 2, where the gradient is exactly 0.
            let run = try descend(secretNumber, from: [5], options: DescendOptions(rate: 0.5, steps: 10))
            #expect(run.steps == 1)
            #expect(run.stop == .zeroGradient)
            #expect(!run.converged)
        }

        @Test func tolStopsWhenMet() throws {
            let run = try descend(secretNumber, from: [5], options: DescendOptions(rate: 0.25, steps: 100, tolerance: 1e-3))
            #expect(run.converged)
            // |g| = 6·0.5ᵗ ≤ 1e-3 first at t = 13.
            #expect(run.steps == 13)
        }

        @Test func momentumFollowsTheLectureUpdate() throws {
            let run = try descend(secretNumber, from: [5], options: DescendOptions(rate: 0.1, steps: 3, momentum: 0.9))
            // v1 = −0.1·6 = −0.6, x1 = 4.4; v2 = 0.9·(−0.6) − 0.1·4.8 = −1.02, x2 = 3.38;
            // v3 = 0.9·(−1.02) − 0.1·2.76 = −1.194, x3 = 2.186.
            let expected = [5, 4.4, 3.38, 2.186]
            for (got, want) in zip(run.path.map { $0[0] }, expected) { #expect(abs(got - want) < 1e-12) }
        }

        @Test(arguments: [
            (LearningRateDecay.linear(steps: 10, final: nil), [1.0, 0.901, 0.802], 0.01),
            (LearningRateDecay.linear(steps: 4, final: 0.2), [1.0, 0.8, 0.6], 0.2),
            (LearningRateDecay.inverse(1), [1.0, 0.5, 1.0 / 3], 1.0 / 12),
            (LearningRateDecay.exponential(0.5), [1.0, exp(-0.5), exp(-1.0)], exp(-5.5)),
        ])
        func decaySchedules(decay: LearningRateDecay, firstRates: [Double], twelfthRate: Double) throws {
            for (t, want) in firstRates.enumerated() { #expect(abs(decay.rate(base: 1, update: t) - want) < 1e-12) }
            #expect(abs(decay.rate(base: 1, update: 11) - twelfthRate) < 1e-12)
            let run = try descend(parabola, from: [0], options: DescendOptions(rate: 0.4, steps: 12, decay: decay))
            #expect(run.rates.count == 12)
            for (t, rate) in run.rates.enumerated() { #expect(rate == decay.rate(base: 0.4, update: t)) }
        }

        @Test func exactLineSearchTakesTheMinimisingStepOnAQuadratic() throws {
            // F = x²/2 + 25y²: along −g the minimising α is gᵀg / gᵀAg, A = diag(1, 50).
            let ravine = ClosureObjective(parameterNames: ["x", "y"], value: { $0[0] * $0[0] / 2 + 25 * $0[1] * $0[1] },
                                          gradient: { [$0[0], 50 * $0[1]] })
            let run = try descend(ravine, from: [1, 1], options: DescendOptions(rate: 0.1, steps: 4, exactLineSearch: true))
            for t in 0..<run.steps {
                let g = run.updateGradients[t]
                let optimal = (g[0] * g[0] + g[1] * g[1]) / (g[0] * g[0] + 50 * g[1] * g[1])
                #expect(abs(run.rates[t] - optimal) <= 1e-8 * optimal, "step \(t + 1)")
                #expect(run.lineSearchTrials[t].last?.accepted == true)
            }
            #expect(run.lineSearchIsExact)
        }

        @Test func lineSearchTamesATooLargeRate() throws {
            let plain = try descend(quartic, from: [4], options: DescendOptions(rate: 2, steps: 40))
            let searched = try descend(quartic, from: [4], options: DescendOptions(rate: 2, steps: 40, lineSearch: true))
            #expect(plain.stop != .stepLimit)
            #expect(abs(searched.x[0] - 5.32634546) < 1e-6)
            // Armijo: each accepted step decreases the loss.
            for t in 1..<searched.losses.count { #expect(searched.losses[t] <= searched.losses[t - 1]) }
        }

        @Test func nonFiniteValuesEndTheRunAsDivergence() throws {
            let blowUp = ClosureObjective(parameterNames: ["x"], value: { p in exp(p[0] * p[0]) }, gradient: { p in [2 * p[0] * exp(p[0] * p[0])] })
            let run = try descend(blowUp, from: [2], options: DescendOptions(rate: 1, steps: 50))
            guard case .diverged = run.stop else {
                Issue.record("expected divergence, got \(run.stop)")
                return
            }
            #expect(run.reason.hasPrefix("Diverged"))
        }

        @Test func twoDimensionalBouncingIsSeenInTheValley() throws {
            // F = x² + 10y²: rate 0.1 makes the y-coordinate flip sign with |1 − 2| = 1 (no shrink).
            let valley = ClosureObjective(parameterNames: ["x", "y"], value: { p in p[0] * p[0] + 10 * p[1] * p[1] }, gradient: { p in [2 * p[0], 20 * p[1]] })
            let run = try descend(valley, from: [0, 1], options: DescendOptions(rate: 0.1, steps: 20))
            guard case .bouncing? = run.diagnoses.first else {
                Issue.record("expected bouncing, got \(run.diagnoses)")
                return
            }
            let damped = try descend(valley, from: [0, 1], options: DescendOptions(rate: 0.09, steps: 20))
            #expect(damped.diagnoses.isEmpty)
        }

        @Test func evaluationErrorsPropagate() throws {
            struct DomainError: Error {}
            let failing = ClosureObjective(parameterNames: ["x"], value: { p in if p[0] > 4.5 { throw DomainError() }; return p[0] }, gradient: { _ in [-1] })
            #expect(throws: DomainError.self) { try descend(failing, from: [4], options: DescendOptions(rate: 0.3, steps: 5)) }
        }
    }
}

extension OptimizeTests {
    /// Ctrl-C is simulated per task (`Interrupt.$simulation`), so these tests
    /// never touch the process-wide flag other targets' tests run beside.
}

extension OptimizeTests {
    @Suite struct InterruptTests {
        @Test func interruptKeepsThePartialPath() throws {
            let calls = Counter()
            let slow = ClosureObjective(parameterNames: ["θ"], value: { p in pow(p[0] - 2, 2.0) }, gradient: { p in
                calls.increment()
                return [2 * (p[0] - 2)]
            })
            // Ctrl-C "pressed" after the fourth gradient, for this task only.
            let run = try Interrupt.$simulation.withValue({ calls.value >= 4 }) {
                try descend(slow, from: [5], options: DescendOptions(rate: 0.1, steps: 100))
            }
            #expect(run.stop == .interrupted(step: 3))
            #expect(run.interrupted)
            #expect(run.path.count == 4)
            #expect(run.reason.hasPrefix("Interrupted at step 3"))
        }

        @Test func interruptStopsMinimize() throws {
            for method in MinimizeMethod.allCases {
                let result = try Interrupt.$simulation.withValue({ true }) {
                    try minimize(rosenbrock, from: [-1.2, 1], options: MinimizeOptions(method: method))
                }
                #expect(result.status == .interrupted)
                #expect(!result.success)
            }
        }
    }
}

/// A thread-safe call counter for closures the optimisers call.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    func increment() { lock.lock(); count += 1; lock.unlock() }
}
