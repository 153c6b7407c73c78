import Foundation
import Testing
@testable import Optimize

extension OptimizeTests {
    @Suite struct MGHTests {
        @Test func everyProblemHasAConsistentGradient() throws {
            for problem in mghProblems {
                let check = try gradientCheck(problem.objective, at: problem.start)
                #expect(check.verdict == .correct || check.verdict == .probablyCorrect, "\(problem.name): \(check.summary)")
            }
        }

        /// BFGS reaches the paper's optimum on every problem with a single listed F*.
        @Test func bfgsSolvesTheProblemSet() throws {
            var rows: [String] = []
            for problem in mghProblems {
                let result = try minimize(problem.objective, from: problem.start)
                rows.append("\(problem.name) \(result.success) \(result.nit) \(result.nfev) \(result.njev) \(formatNumberForBench(result.fun)) \(result.message)")
                if let optimum = problem.optimum {
                    let scale = max(1, abs(optimum))
                    // F* is printed to 6 digits in the paper.
                    #expect(abs(result.fun - optimum) <= 1e-4 * scale, "\(problem.name): F = \(result.fun), F* = \(optimum)")
                }
            }
            if let path = ProcessInfo.processInfo.environment["GD_BENCH_OPTIMIZE_OUT"] {
                try (rows.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
    }
}

func formatNumberForBench(_ x: Double) -> String { x.description }
