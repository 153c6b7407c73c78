import Diagnostics
import Foundation
import Optimize

/// Polynomials as the lectures write them, g(x) = θ₀ + θ₁x + … + θₙxⁿ:
/// coefficients lowest degree first (numpy.polynomial.polynomial's order,
/// not the older numpy.polyval's highest first).
extension Builtins {
    static let polynomialEntries: [BuiltinEntry] = [
        BuiltinEntry(name: "polyval", arity: 2...2, synopsis: "polyval(θ, x)",
                     summary: "θ₀ + θ₁x + … + θₙxⁿ (coefficients lowest degree first) by Horner's rule, as numpy.polynomial.polynomial.polyval; x a number, vector or matrix; θ may be a vector parameter",
                     example: "polyval([1, 0, 2], 3)\npolyval([1, 0, 2], [0, 1, 2])") { call in
            let theta = try call.vector(0)
            guard !theta.isEmpty else { throw call.fail("polyval needs at least one coefficient", argument: 0) }
            guard let (shape, points) = Arithmetic.array(call.arguments[1]) else {
                throw call.fail("polyval evaluates at a number, vector or matrix, not \(call.arguments[1].kindName)", argument: 1)
            }
            return Arithmetic.value(shape, points.map { horner(theta, $0) })
        },
        BuiltinEntry(name: "vander", arity: 2...2, synopsis: "vander(x, n)",
                     summary: "the matrix of powers 1, x, x², …, xⁿ, one row per element of x (increasing, as numpy.polynomial.polynomial.polyvander; each power the previous times x)",
                     example: "vander([1, 2, 3], 2)") { call in
            .matrix(try vandermonde(call))
        },
        BuiltinEntry(name: "polyfit", arity: 3...3, synopsis: "polyfit(x, y, n)",
                     summary: "the least-squares coefficients θ₀ … θₙ of a polynomial of degree n through the points (lowest degree first): lstsq(vander(x, n), y), by Householder QR",
                     example: "polyfit([0, 1, 2, 3], [1, 3, 9, 19], 2)") { call in
            let powers = try vandermonde(call)
            let y = try call.vector(1)
            guard y.count == powers.rows else {
                throw Diagnostic(.shapeMismatch, "polyfit needs as many y as x (\(powers.rows) and \(y.count))", at: call.range(1))
            }
            do {
                return .vector(try leastSquares(powers.rowArrays, y).coefficients)
            } catch let error as LinearAlgebraError {
                throw linearAlgebraError(call, error)
            }
        },
    ]

    /// θ₀ + x(θ₁ + x(θ₂ + …)): from the highest coefficient down, each step θₖ + x·y.
    static func horner(_ theta: [Double], _ x: Double) -> Double {
        var y = theta[theta.count - 1]
        for k in stride(from: theta.count - 2, through: 0, by: -1) { y = theta[k] + x * y }
        return y
    }

    /// The powers of the first argument up to the degree given last.
    static func vandermonde(_ call: BuiltinCall) throws -> Matrix {
        let x = try call.vector(0)
        let degreeArgument = call.arguments.count - 1
        let degree = try call.count(degreeArgument, limit: 1000)
        guard x.count * (degree + 1) <= 10_000_000 else { throw call.fail("at most 10,000,000 elements", argument: degreeArgument) }
        var elements: [Double] = []
        elements.reserveCapacity(x.count * (degree + 1))
        for value in x {
            var power = 1.0
            elements.append(power)
            for _ in 0..<degree {
                power *= value
                elements.append(power)
            }
        }
        return Matrix(rows: x.count, columns: degree + 1, elements: elements)
    }
}
