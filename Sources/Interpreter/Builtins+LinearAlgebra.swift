import Diagnostics
import Foundation
import Optimize
import Training

extension Builtins {
    static func linearAlgebraError(_ call: BuiltinCall, _ error: LinearAlgebraError) -> Diagnostic {
        if error == .interrupted {
            return Diagnostic(.interrupted, "interrupted during \(call.name)", at: call.range, severity: .warning)
        }
        return Diagnostic(.invalidArgument, "\(call.name): \(error.description)", at: call.range)
    }

    static let linearAlgebraEntries: [BuiltinEntry] = [
        BuiltinEntry(name: "inv", arity: 1...1, synopsis: "inv(A)", summary: "the inverse of a square matrix (LU with partial pivoting)", example: "inv([[4, 7], [2, 6]])") { call in
            do {
                return .matrix(Matrix(rows: try inverse(try call.matrix(0).rowArrays)))
            } catch let error as LinearAlgebraError {
                throw linearAlgebraError(call, error)
            }
        },
        BuiltinEntry(name: "linsolve", arity: 2...2, synopsis: "linsolve(A, b)", summary: "x with A x = b (LU with partial pivoting)", example: "linsolve([[2, 1], [1, 3]], [3, 5])") { call in
            do {
                return .vector(try solveLinearSystem(try call.matrix(0).rowArrays, try call.vector(1)))
            } catch let error as LinearAlgebraError {
                throw linearAlgebraError(call, error)
            }
        },
        BuiltinEntry(name: "lstsq", arity: 2...2, synopsis: "lstsq(X, y)", summary: "β minimising ‖Xβ − y‖ (Householder QR): least squares in closed form",
                     example: "X = [[1, 2], [1, 3], [1, 5], [1, 8]]\nlstsq(X, [3, 6, 5, 12])") { call in
            do {
                return .vector(try leastSquares(try call.matrix(0).rowArrays, try call.vector(1)).coefficients)
            } catch let error as LinearAlgebraError {
                throw linearAlgebraError(call, error)
            }
        },
        BuiltinEntry(name: "rand", arity: 2...2, synopsis: "rand(n, seed)",
                     summary: "n uniform numbers in [0, 1) from sgd's generator (xoshiro256** seeded by SplitMix64; the top 53 bits of each draw)",
                     example: "rand(3, 42)") { call in
            var generator = SGDRandomGenerator(seed: try seed(call, 1))
            return .vector((0..<(try call.count(0, limit: 10_000_000))).map { _ in uniform(&generator) })
        },
        BuiltinEntry(name: "randn", arity: 2...2, synopsis: "randn(n, seed)",
                     summary: "n standard normal numbers (Box–Muller on pairs of rand's uniforms)", example: "randn(3, 42)") { call in
            var generator = SGDRandomGenerator(seed: try seed(call, 1))
            return .vector(normals(try call.count(0, limit: 10_000_000), &generator))
        },
    ]

    /// n standard normal numbers, Box–Muller on pairs of uniforms (the
    /// second of the last pair dropped when n is odd): `randn`'s, and each
    /// try of `search`.
    static func normals(_ n: Int, _ generator: inout SGDRandomGenerator) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(n + 1)
        while values.count < n {
            // 1 − u keeps the logarithm's argument in (0, 1].
            let u1 = 1 - uniform(&generator), u2 = uniform(&generator)
            let radius = (-2 * Foundation.log(u1)).squareRoot()
            values.append(radius * Foundation.cos(2 * Double.pi * u2))
            values.append(radius * Foundation.sin(2 * Double.pi * u2))
        }
        return Array(values.prefix(n))
    }

    static func uniform(_ generator: inout SGDRandomGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    static func seed(_ call: BuiltinCall, _ i: Int) throws -> UInt64 {
        do {
            return try SGDConfiguration.seed(from: try call.number(i))
        } catch let error as SGDError {
            throw Diagnostic(.invalidArgument, error.message, at: call.range(i))
        }
    }
}
