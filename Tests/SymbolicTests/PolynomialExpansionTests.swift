import Foundation
import Testing
@testable import Symbolic

// `simplified()` multiplies a nested polynomial out all the way when that
// is smaller (a recurrence such as Chebyshev's, whose canonical form keeps
// the nesting), and refuses cheaply where multiplying out is larger.

struct PolynomialExpansionTests {
    /// T₁ … Tₙ at `u` by the recurrence T(k) = 2·u·T(k−1) − T(k−2), built as a
    /// user's functions build it: nested, each level sharing the two below.
    static func chebyshev(_ n: Int, at u: Expr) -> Expr {
        var previous = Expr.one, current = u
        for _ in 1..<n {
            (previous, current) = (current, Expr.integer(2) * u * current - previous)
        }
        return current
    }

    /// The derivative by the plain rules, not simplified.
    static func plainDerivative(_ e: Expr, _ variable: String) -> Expr {
        var differentiator = Differentiator(variable: variable, recording: false)
        return differentiator.derivative(e)
    }

    static func agree(_ a: Expr, _ b: Expr, at bindings: [String: Double]) throws -> Bool {
        let x = try #require(a.evaluate(bindings)), y = try #require(b.evaluate(bindings))
        return abs(x - y) <= 1e-9 * max(1, abs(y))
    }

    @Test func derivativeOfANestedRecurrenceIsMultipliedOut() throws {
        let x = Expr.symbol("x")
        let t8 = Self.chebyshev(8, at: Expr.integer(2) * x - .one)
        let derivative = t8.derivative(withRespectTo: "x")
        #expect(derivative.description
            == "262144*x^7 - 917504*x^6 + 1277952*x^5 - 901120*x^4 + 337920*x^3 - 64512*x^2 + 5376*x - 128")
        let plain = Self.plainDerivative(t8, "x")
        #expect(derivative.storage.operations < plain.storage.operations)
        for point in [-0.3, 0.1, 0.45, 0.9] {
            #expect(try Self.agree(derivative, plain, at: ["x": point]), "at x = \(point)")
        }
    }

    @Test func aSumOverManyVariablesTimesAnotherSumStaysAProduct() throws {
        // Σᵢ T4(2xᵢ − 1) squared, as Chebyquad's terms are: its partial
        // derivative is 2·S·∂S/∂x₁, and S·∂S/∂x₁ multiplied out has more
        // terms than the product has operations, so it is refused; S itself
        // and ∂S/∂x₁ are multiplied out.
        let names = ["x1", "x2", "x3", "x4"]
        let s = Expr.sum(names.map { Self.chebyshev(4, at: Expr.integer(2) * .symbol($0) - .one) })
        let f = Expr.power(s, .integer(2))
        let derivative = f.derivative(withRespectTo: "x1")
        guard case .product(_, let factors) = derivative.kind else {
            Issue.record("expected a product, got \(derivative)")
            return
        }
        #expect(factors.count == 2)
        // T4(2x − 1) = 128x⁴ − 256x³ + 160x² − 32x + 1, so 2·S·∂S/∂x₁ is
        // 2·4·(32Σxᵢ⁴ − 64Σxᵢ³ + 40Σxᵢ² − 8Σxᵢ + 1)·32·(16x₁³ − 24x₁² + 10x₁ − 1).
        #expect(derivative.description == "256*(32*x1^4 + 32*x2^4 + 32*x3^4 + 32*x4^4 - 64*x1^3 - 64*x2^3 - 64*x3^3 - 64*x4^3"
            + " + 40*x1^2 + 40*x2^2 + 40*x3^2 + 40*x4^2 - 8*x1 - 8*x2 - 8*x3 - 8*x4 + 1)*(16*x1^3 - 24*x1^2 + 10*x1 - 1)")
        let plain = Self.plainDerivative(f, "x1")
        #expect(try Self.agree(derivative, plain, at: ["x1": 0.2, "x2": 0.4, "x3": 0.65, "x4": 0.9]))
    }

    @Test func aLargePowerOfAMultivariateSumIsNotMultipliedOut() throws {
        // (a + b + c + d)^6 has 84 terms: far larger, and refused before it is formed.
        let f = try TestParser.parse("(a + b + c + d)^7")
        #expect(f.derivative(withRespectTo: "a").description == "7*(a + b + c + d)^6")
    }

    @Test func onlyExactPolynomialsInSymbolsAreMultipliedOut() throws {
        let x = Expr.symbol("x")
        // A function of x inside the recurrence: not a polynomial in symbols.
        let nested = Self.chebyshev(5, at: Expr.call(.sin, [x]) - .one)
        let derivative = nested.derivative(withRespectTo: "x")
        #expect(derivative.description.contains("(sin(x) - 1)"))
        let plain = Self.plainDerivative(nested, "x")
        #expect(try Self.agree(derivative, plain, at: ["x": 0.7]))
    }

    @Test(arguments: ["3*x^2*y - x/2 + 7", "-x - y", "x", "-3/4", "0.5*x^2 + 1.5", "-2*x^3*y^2/3 - 5/7", "x*y*z - 1"])
    func operationsAreCountedWithoutBuildingTheSum(_ text: String) throws {
        let e = try TestParser.parse(text)
        var expander = PolynomialExpander()
        let computed = expander.polynomial(e)
        let polynomial = try #require(computed)
        #expect(PolynomialExpander.printedOperations(polynomial) == e.storage.operations)
    }
}
