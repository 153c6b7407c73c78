import Foundation
import Testing
@testable import Symbolic

// The simplifier's rules beyond expansion (issue 15): each example's form,
// and each result equal to the plain rules' result at points where the
// original is defined.

struct SimplificationRuleTests {
    static let derivatives: [(input: String, variable: String, order: Int, expected: String)] = [
        ("ln(exp(x))", "x", 1, "1"),
        ("exp(ln(x))", "x", 1, "1"),
        ("exp(2*ln(x))", "x", 1, "2*x"),
        ("ln(sqrt(x^2 + 1))", "x", 1, "x/(x^2 + 1)"),
        ("atan(sqrt(x))", "x", 1, "1/(2*sqrt(x)*(x + 1))"),
        ("x^2*exp(x)", "x", 3, "(x^2 + 6*x + 6)*exp(x)"),
        ("atan(1/x)", "x", 1, "-1/(x^2 + 1)"),
        ("atan((1 + x)/(1 - x))", "x", 1, "1/(x^2 + 1)"),
        ("(3*x - 2)/(2*x + 5)", "x", 1, "19/(2*x + 5)^2"),
        ("sqrt(x^2 + 2*x + 1)", "x", 1, "(x + 1)/sqrt(x^2 + 2*x + 1)"),
        ("ln((x - 1)^2)", "x", 1, "2/(x - 1)"),
        ("-(y*ln(σ(w*x + b)) + (1 - y)*ln(1 - σ(w*x + b)))", "w", 1, "x*(σ(w*x + b) - y)"),
        ("-(y*ln(σ(w*x + b)) + (1 - y)*ln(1 - σ(w*x + b)))", "b", 1, "σ(w*x + b) - y"),
        ("x/sqrt(x^2 + 4)", "x", 1, "4/(x^2 + 4)^(3/2)"),
        ("exp(x)/(1 + exp(x))", "x", 1, "exp(x)/(exp(x) + 1)^2"),
        // sin/cos is tan (where cos ≠ 0, as the quotient needs), sinh/cosh is tanh.
        ("ln(sin(x))", "x", 1, "1/tan(x)"),
        ("ln(cos(x))", "x", 1, "-tan(x)"),
        ("ln(cosh(x))", "x", 1, "tanh(x)"),
        // Factored before multiplying out, where that is smaller.
        ("(x - 1)^2*(x + 1)^3", "x", 1, "(5*x - 1)*(x - 1)*(x + 1)^2"),
        ("(x^2 + 1)^4", "x", 2, "8*(7*x^2 + 1)*(x^2 + 1)^2"),
        // A polynomial stays one: no `x*(3*x + 2)`.
        ("x^3 + x^2", "x", 1, "3*x^2 + 2*x"),
    ]

    @Test(arguments: 0..<derivatives.count) func derivativeForms(_ index: Int) throws {
        let (input, variable, order, expected) = Self.derivatives[index]
        let f = try TestParser.parse(input)
        let result = try f.derivative(withRespectTo: variable, order: order)
        #expect(result.description == expected)
        // The plain rules, without simplification (nor factoring), n times.
        var plain = f
        for _ in 0..<order {
            var differentiator = Differentiator(variable: variable, recording: false)
            plain = differentiator.derivative(plain)
        }
        for point in [0.2, 0.35, 0.45] {
            let bindings = ["x": point, "y": 0.3, "w": 0.7, "b": -0.2]
            guard let want = plain.evaluate(bindings), want.isFinite else { continue }
            let got = try #require(result.evaluate(bindings))
            #expect(abs(got - want) <= 1e-12 * max(1, abs(want)), "\(input) at x = \(point)")
        }
    }

    @Test func hessianEntriesHaveTheirCommonFactorOut() throws {
        let h = try TestParser.parse("exp(x*y)").hessian(withRespectTo: ["x", "y"])
        #expect(h[0][1].description == "(x*y + 1)*exp(x*y)")
    }

    @Test func cubeRootPowersOfPositiveSumsArePowers() throws {
        // cbrt(u)^n = u^(n/3) only where u > 0 everywhere; cbrt(x - 1) is real for x < 1, its power is not.
        #expect(try TestParser.parse("cbrt(x^2 + 1)^2").description == "(x^2 + 1)^(2/3)")
        #expect(try TestParser.parse("cbrt(x - 1)^2").description == "cbrt(x - 1)^2")
        #expect(try TestParser.parse("cbrt(x)^2").description == "cbrt(x)^2")
        #expect(try TestParser.parse("cbrt(x^2 + 1)").derivative(withRespectTo: "x").description == "2*x/(3*(x^2 + 1)^(2/3))")
    }

    @Test func squaresOfSineAndCosineCombine() throws {
        // The double angle and Pythagoras hold for every real u; simplify applies them when smaller.
        #expect(try TestParser.parse("2*cos(x)^2 - 2*sin(x)^2").simplified().description == "2*cos(2*x)")
        #expect(try TestParser.parse("3*y*cos(x + 1)^2 + 3*y*sin(x + 1)^2 + x").simplified().description == "x + 3*y")
        // Unequal coefficients or arguments: nothing to combine.
        #expect(try TestParser.parse("cos(x)^2 - 2*sin(x)^2").simplified().description == "cos(x)^2 - 2*sin(x)^2")
        #expect(try TestParser.parse("cos(x)^2 - sin(y)^2").simplified().description == "cos(x)^2 - sin(y)^2")
        // The second derivative of sin(x)^2, as SymPy's simplify writes it.
        #expect(try TestParser.parse("sin(x)^2").derivative(withRespectTo: "x", order: 2).description == "2*cos(2*x)")
    }

    @Test func exponentialAndLogarithmRewritesKeepTheirDomainsHonest() throws {
        // ln(exp(u)) = u everywhere; exp(ln(u)) = u only where u > 0, which is where the original is defined.
        #expect(try TestParser.parse("ln(exp(x^2 - 1))").description == "x^2 - 1")
        #expect(try TestParser.parse("exp(ln(x) + x)").description == "x*exp(x)")
        #expect(try TestParser.parse("exp(x)*exp(-x)").description == "1")
        // sqrt(u)^n = u^(n/2); u^(1/2) is sqrt(u).
        #expect(try TestParser.parse("sqrt(x)^2").description == "x")
        #expect(try TestParser.parse("sqrt(x)^3").description == "x^(3/2)")
        #expect(try TestParser.parse("x^(1/2)").description == "sqrt(x)")
        #expect(try TestParser.parse("(x + 1)*sqrt(x + 1)").description == "(x + 1)^(3/2)")
        #expect(try TestParser.parse("x^(3/2)/x").description == "sqrt(x)")
        // sqrt(c*u) = sqrt(c)*sqrt(u) for c > 0 with an exact root.
        #expect(try TestParser.parse("sqrt(1 - x^2/4)").description == "sqrt(4 - x^2)/2")
        // ln(x^2) is not 2*ln(x) (x < 0): it stays.
        #expect(try TestParser.parse("ln(x^2)").description == "ln(x^2)")
    }

    @Test func integerContentJoinsTheCoefficient() throws {
        #expect(try TestParser.parse("(2*x - 2)/(x - 1)^2").description == "2/(x - 1)")
        #expect(try TestParser.parse("y*(-x - 1)").description == "-y*(x + 1)")
        // A lone sum times a number is distributed, as before.
        #expect(try TestParser.parse("2*(x + 1)").description == "2*x + 2")
    }
}
