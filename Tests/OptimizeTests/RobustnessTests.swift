import Foundation
import Testing
@testable import Optimize

extension OptimizeTests {
    /// Hostile inputs never trap: each run returns a result or throws an error value.
    @Suite struct RobustnessTests {
        /// Functions with overflow, poles, domain errors and flat regions.
        static var hostile: [ClosureObjective] { [
            ClosureObjective(parameterNames: ["x", "y"], value: { p in exp(p[0] * p[0]) + p[1] }, gradient: { p in [2 * p[0] * exp(p[0] * p[0]), 1] }),
            ClosureObjective(parameterNames: ["x", "y"], value: { p in 1 / p[0] + p[1] * p[1] }, gradient: { p in [-1 / (p[0] * p[0]), 2 * p[1]] }),
            ClosureObjective(parameterNames: ["x", "y"], value: { p in sqrt(p[0]) + sqrt(p[1]) }, gradient: { p in [0.5 / sqrt(p[0]), 0.5 / sqrt(p[1])] }),
            ClosureObjective(parameterNames: ["x", "y"], value: { _ in 3 }, gradient: { _ in [0, 0] }, hessian: { _ in [[0, 0], [0, 0]] }),
            ClosureObjective(parameterNames: ["x", "y"], value: { p in abs(p[0]) + max(0, p[1]) }, gradient: { p in [p[0] >= 0 ? 1 : -1, p[1] > 0 ? 1 : 0] }),
            ClosureObjective(parameterNames: ["x", "y"], value: { p in pow(p[0], 3.0) - p[1] }, gradient: { p in [3 * p[0] * p[0], -1] }, hessian: { p in [[6 * p[0], 0], [0, 0]] }),
        ] }

        @Test func hostileFunctionsAndStartsNeverTrap() throws {
            var generator = SeededGenerator(state: 2026)
            let specialStarts: [Double] = [0, -0.0, 1e300, -1e300, .nan, .infinity, 1e-300, .leastNonzeroMagnitude]
            for round in 0..<300 {
                let objective = Self.hostile[round % Self.hostile.count]
                let start = (0..<2).map { _ in
                    Bool.random(using: &generator) ? specialStarts.randomElement(using: &generator) ?? 0 : Double.random(in: -50...50, using: &generator)
                }
                let rate = [1e-3, 0.1, 1, 1e3, 1e300][round % 5]
                _ = try? descend(objective, from: start, options: DescendOptions(rate: rate, steps: 30, momentum: round % 3 == 0 ? 0.9 : nil, lineSearch: round % 4 == 0))
                let method = MinimizeMethod.allCases[round % MinimizeMethod.allCases.count]
                _ = try? minimize(objective, from: start, options: MinimizeOptions(method: method, maxIterations: 50))
                _ = try? gradientCheck(objective, at: start)
                _ = try? classifyPoint(objective, at: start)
                _ = try? newtonStationaryPoint(objective, from: start, maxIterations: 20)
            }
            for objective in [quartic, secretNumber] {
                _ = try stationaryPoints(of: objective, from: -1e300, to: 1e300)
                _ = try stationaryPoints(of: objective, from: 3, to: 3)
                #expect(throws: OptimizeError.self) { try stationaryPoints(of: objective, from: .nan, to: 1) }
            }
        }

        @Test func hostileMatricesAreErrorsOrAnswers() {
            var generator = SeededGenerator(state: 99)
            let entries: [Double] = [0, 1, -1, 1e-300, 1e300, 2, 0.5]
            for size in 1...4 {
                for _ in 0..<50 {
                    let matrix = (0..<size).map { _ in (0..<size).map { _ in entries.randomElement(using: &generator) ?? 0 } }
                    _ = try? inverse(matrix)
                    _ = try? CholeskyDecomposition(matrix)
                    _ = try? SymmetricEigen(matrix)
                    _ = try? leastSquares(matrix + matrix, (0..<(2 * size)).map(Double.init))
                }
            }
        }
    }
}
