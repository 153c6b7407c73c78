import Core
import Foundation
import Testing
@testable import Optimize

/// A seeded generator (SplitMix64) so random matrices are the same on every run.
typealias SeededGenerator = SplitMix64

func randomMatrix(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator) -> [[Double]] {
    (0..<rows).map { _ in (0..<columns).map { _ in Double.random(in: -1...1, using: &generator) } }
}

func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    a.map { row in (0..<b[0].count).map { j in zip(row, b).reduce(0) { $0 + $1.0 * $1.1[j] } } }
}

extension OptimizeTests {
    @Suite struct LinearAlgebraTests {
        @Test func luSolvesRandomSystems() throws {
            var generator = SeededGenerator(state: 42)
            for n in 1...8 {
                let a = randomMatrix(n, n, &generator)
                let x = (0..<n).map { _ in Double.random(in: -5...5, using: &generator) }
                let b = a.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
                let solved = try solveLinearSystem(a, b)
                for i in 0..<n { #expect(abs(solved[i] - x[i]) < 1e-9 * max(1, abs(x[i]))) }
            }
        }

        @Test func inverseTimesMatrixIsIdentity() throws {
            var generator = SeededGenerator(state: 7)
            let a = randomMatrix(5, 5, &generator)
            let product = multiply(a, try inverse(a))
            for i in 0..<5 { for j in 0..<5 { #expect(abs(product[i][j] - (i == j ? 1 : 0)) < 1e-10) } }
            #expect(try inverse([[2, 0], [0, 4]]) == [[0.5, 0], [0, 0.25]])
        }

        @Test func singularAndMalformedMatricesAreErrors() {
            #expect(throws: LinearAlgebraError.singular(column: 1)) { try inverse([[1, 2], [2, 4]]) }
            #expect(throws: LinearAlgebraError.notSquare(rows: 1, columns: 2)) { try inverse([[1, 2]]) }
            #expect(throws: LinearAlgebraError.ragged(row: 1, expected: 2, found: 1)) { try inverse([[1, 2], [3]]) }
            #expect(throws: LinearAlgebraError.empty) { try inverse([]) }
            #expect(throws: LinearAlgebraError.nonFinite) { try inverse([[1, .nan], [0, 1]]) }
            #expect(throws: LinearAlgebraError.shapeMismatch(expected: 2, found: 3)) { try solveLinearSystem([[1, 0], [0, 1]], [1, 2, 3]) }
        }

        @Test func determinantFollowsThePivots() throws {
            #expect(abs(try LUDecomposition([[0, 1], [1, 0]]).determinant - -1) < 1e-15)
            #expect(abs(try LUDecomposition([[2, 1, 0], [1, 3, 1], [0, 1, 4]]).determinant - 18) < 1e-12)
        }

        @Test func choleskySolvesAndWarnsWhenIllConditioned() throws {
            let spd = [[4.0, 2, 0.4], [2, 5, 1], [0.4, 1, 3]]
            let factor = try CholeskyDecomposition(spd)
            #expect(multiply(factor.lower, factor.lower.indices.map { j in factor.lower.indices.map { factor.lower[$0][j] } })
                .enumerated().allSatisfy { i, row in row.enumerated().allSatisfy { abs($1 - spd[i][$0]) < 1e-12 } })
            let x = try factor.solve([1, 2, 3])
            let check = spd.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
            for (got, want) in zip(check, [1.0, 2, 3]) { #expect(abs(got - want) < 1e-12) }
            #expect(factor.conditionWarning == nil)
            let hilbert = (0..<8).map { i in (0..<8).map { j in 1 / Double(i + j + 1) } }
            #expect(try CholeskyDecomposition(hilbert).conditionWarning != nil)
            #expect(throws: LinearAlgebraError.notPositiveDefinite(index: 1)) { try CholeskyDecomposition([[1, 2], [2, 1]]) }
        }

        @Test func leastSquaresMatchesTheNormalEquations() throws {
            // The lectures' closed form on D = table(x = [2, 3, 5, 8], y = [3, 6, 5, 12]):
            // y ≈ θ0 + θ1·x with θ1 = Sxy/Sxx = 28/21 and θ0 = ȳ − θ1·x̄ (x̄ = 4.5, ȳ = 6.5).
            let xs = [2.0, 3, 5, 8], ys = [3.0, 6, 5, 12]
            let solution = try leastSquares(xs.map { [1, $0] }, ys)
            let slope = 28.0 / 21
            #expect(abs(solution.coefficients[1] - slope) < 1e-12)
            #expect(abs(solution.coefficients[0] - (6.5 - slope * 4.5)) < 1e-12)
            let residual = zip(xs, ys).reduce(0.0) { sum, point in
                let e = point.1 - solution.coefficients[0] - solution.coefficients[1] * point.0
                return sum + e * e
            }
            #expect(abs(solution.residualSumOfSquares - residual) < 1e-10)
            #expect(throws: LinearAlgebraError.rankDeficient(column: 1)) { try leastSquares([[1, 2], [2, 4], [3, 6]], [1, 2, 3]) }
        }

        @Test func leastSquaresOnRandomOverdeterminedSystems() throws {
            var generator = SeededGenerator(state: 3)
            let x = randomMatrix(30, 4, &generator)
            let truth = [1.5, -2, 0.25, 3]
            let y = x.map { row in zip(row, truth).reduce(0) { $0 + $1.0 * $1.1 } }
            let fit = try leastSquares(x, y)
            for (got, want) in zip(fit.coefficients, truth) { #expect(abs(got - want) < 1e-12) }
            #expect(fit.residualSumOfSquares < 1e-20)
        }

        @Test func jacobiEigenvaluesAndVectors() throws {
            #expect(try symmetricEigenvalues([[2, 1], [1, 2]]).enumerated().allSatisfy { abs($1 - [1.0, 3][$0]) < 1e-14 })
            var generator = SeededGenerator(state: 11)
            let b = randomMatrix(6, 6, &generator)
            let symmetric = (0..<6).map { i in (0..<6).map { j in b[i][j] + b[j][i] } }
            let eigen = try SymmetricEigen(symmetric)
            #expect(eigen.values == eigen.values.sorted())
            for (value, vector) in zip(eigen.values, eigen.vectors) {
                let av = symmetric.map { row in zip(row, vector).reduce(0) { $0 + $1.0 * $1.1 } }
                for i in 0..<6 { #expect(abs(av[i] - value * vector[i]) < 1e-10) }
            }
            // The trace is the sum of the eigenvalues.
            let trace = (0..<6).reduce(0.0) { $0 + symmetric[$1][$1] }
            #expect(abs(eigen.values.reduce(0, +) - trace) < 1e-12)
        }

        @Test func jacobiOnALargerMatrixStopsAtItsRoundingFloorAccurately() throws {
            // 40×40: off(A) stalls a little above ε‖A‖ here; the sweeps stop there, and the
            // decomposition is as accurate as Jacobi can be (residuals ~ nε‖A‖, orthonormal Q).
            var generator = SeededGenerator(state: 23)
            let n = 40
            let b = randomMatrix(n, n, &generator)
            let symmetric = (0..<n).map { i in (0..<n).map { j in 50 * (b[i][j] + b[j][i]) } }
            let eigen = try SymmetricEigen(symmetric)
            let norm = symmetric.joined().reduce(0) { $0 + $1 * $1 }.squareRoot()
            let bound = 100 * Double(n) * Double.ulpOfOne * norm
            for (value, vector) in zip(eigen.values, eigen.vectors) {
                let av = symmetric.map { row in zip(row, vector).reduce(0) { $0 + $1.0 * $1.1 } }
                for i in 0..<n { #expect(abs(av[i] - value * vector[i]) < bound) }
            }
            for p in 0..<n {
                for q in p..<n {
                    let product = zip(eigen.vectors[p], eigen.vectors[q]).reduce(0) { $0 + $1.0 * $1.1 }
                    #expect(abs(product - (p == q ? 1 : 0)) < 1e-12)
                }
            }
        }

        /// Ctrl-C stops a factorisation of a large matrix between columns:
        /// "pressed" after the tenth poll, each routine throws instead of
        /// running to the end (inv, linsolve and lstsq of a 2000×2000
        /// matrix take minutes in a debug build).
        @Test func interruptStopsTheFactorisations() {
            var generator = SeededGenerator(state: 5)
            let a = randomMatrix(40, 40, &generator)
            let b = [Double](repeating: 1, count: 40)
            let routines: [(String, () throws(LinearAlgebraError) -> Void)] = [
                ("inverse", { () throws(LinearAlgebraError) in _ = try inverse(a) }),
                ("linsolve", { () throws(LinearAlgebraError) in _ = try solveLinearSystem(a, b) }),
                ("lstsq", { () throws(LinearAlgebraError) in _ = try leastSquares(a, b) }),
            ]
            for (name, routine) in routines {
                let polls = Counter()
                #expect(throws: LinearAlgebraError.interrupted, "\(name)") {
                    try Interrupt.$simulation.withValue({ polls.increment(); return polls.value > 10 }) { try routine() }
                }
                #expect(polls.value == 11, "\(name) polls once per column")
                // Without Ctrl-C the same call answers.
                #expect(throws: Never.self) { try routine() }
            }
        }
    }
}
