import Testing
@testable import Symbolic

// `explain`: the steps of a derivation and their text.

struct DerivationTests {
    @Test func logisticStepReadsLikeAStudentsDerivation() {
        let steps = ln(σ(a * x + b)).derivation(withRespectTo: "a")
        #expect(
            DerivationStep.render(steps) == """
                1. constant multiple: d/da (a*x) = x
                2. sum rule: d/da (a*x + b) = x
                3. chain rule with derivative of σ, d σ(u) = σ(u)*(1 - σ(u))*du: d/da σ(a*x + b) = x*σ(a*x + b)*(1 - σ(a*x + b))
                4. chain rule with derivative of ln, d ln(u) = du/u: d/da ln(σ(a*x + b)) = x*(1 - σ(a*x + b))
                """)
    }

    @Test func polynomialStepsKeepTheirCoefficients() {
        let f = 10 * pow(x, 3) * pow(y, 2) + 5 * x * pow(y, 3) + 4 * x + y
        let steps = f.derivation(withRespectTo: "x")
        #expect(steps.map(\.rule) == [.power(chain: false), .constantMultiple, .constantMultiple, .constantMultiple, .sum])
        #expect(steps[1].expression.description == "10*x^3*y^2")
        #expect(steps.last?.result.description == "30*x^2*y^2 + 5*y^3 + 4")
    }

    @Test func rulesAreNamed() {
        #expect((x / (x + 1)).derivation(withRespectTo: "x").last(where: { $0.rule != .simplify })?.rule == .quotient)
        #expect((x * Expr.call(.sin, [x])).derivation(withRespectTo: "x").last?.rule == .product)
        #expect(pow(x + 1, 3).derivation(withRespectTo: "x").last?.rule == .power(chain: true))
        #expect(pow(2, x).derivation(withRespectTo: "x").last?.rule == .exponential)
        #expect(pow(x, x).derivation(withRespectTo: "x").last?.rule == .generalPower)
        #expect(mean(pow(x, 2)).derivation(withRespectTo: "x").last?.rule == .linearity(.mean))
        #expect(Expr.call(.sin, [x]).derivation(withRespectTo: "x").last?.rule == .function(.sin, chain: false))
    }

    @Test func trivialDerivations() {
        #expect(x.derivation(withRespectTo: "x").map(\.rule) == [.variable])
        #expect(y.derivation(withRespectTo: "x").map(\.result) == [0])
    }

    @Test func aFinalSimplifyStepWhenExpansionIsSmaller() {
        let steps = (pow(x + 1, 2) * (x - 1)).derivation(withRespectTo: "x")
        #expect(steps.last?.rule == .simplify)
        #expect(steps.last?.result.description == "3*x^2 + 2*x - 1")
        #expect(steps.dropLast().last?.result.description == "2*(x - 1)*(x + 1) + (x + 1)^2")
    }
}

/// `explain` walks the formula as written (`Formula.derivation`).
struct WrittenDerivationTests {
    static let fx = Formula(.symbol("x"))
    static func n(_ value: Int64) -> Formula { Formula(.integer(value)) }
    static func op(_ o: Formula.Operator, _ a: Formula, _ b: Formula) -> Formula { Formula(.binary(o, a, b)) }

    @Test func stepsNameTheUsersOwnTermsAndEndAtTheDerivative() throws {
        // (x^4 - 15*x^3 + 144)/10
        let x = Self.fx
        let top = Self.op(.add, Self.op(.subtract, Self.op(.power, x, Self.n(4)), Self.op(.multiply, Self.n(15), Self.op(.power, x, Self.n(3)))), Self.n(144))
        let f = Self.op(.divide, Formula(.group(top)), Self.n(10))
        let steps = try f.derivation(withRespectTo: "x")
        #expect(steps.last?.result == (try f.canonical()).derivative(withRespectTo: "x"))
        #expect(steps.contains { $0.written?.description == "15*x^3" && $0.result.description == "45*x^2" })
        // The canonical form's term -3*x^3/2 is not something the user wrote.
        #expect(!steps.contains { $0.expression.description == "-3*x^3/2" })
        #expect(steps.last?.rule == .constantMultiple)
    }

    @Test func aSharedSubexpressionIsExplainedOnce() throws {
        // σ(x) + ln(σ(x))
        let s = Formula(.call(.sigmoid, [Self.fx]))
        let f = Self.op(.add, s, Formula(.call(.ln, [s])))
        let steps = try f.derivation(withRespectTo: "x")
        #expect(steps.filter { $0.written == s }.count == 1)
        #expect(steps.last?.result == (try f.canonical()).derivative(withRespectTo: "x"))
    }
}

/// LaTeX of a formula as written (`Formula.latex`).
struct WrittenLatexTests {
    @Test func keepsTheUsersOrderDecimalsAndBrackets() {
        let x = Formula(.symbol("x"))
        let sum = Formula(.binary(.add, Formula(.symbol("θ0")), Formula(.binary(.multiply, Formula(.symbol("θ1")), x))))
        #expect(sum.latex == "\\theta_{0} + \\theta_{1} x")
        #expect(Formula(.binary(.multiply, Formula(.number(1e-5)), x)).latex == "10^{-5} x")
        #expect(Formula(.binary(.multiply, Formula(.number(0.1)), x)).latex == "0.1 x")
        #expect(Formula(.number(-2.5e-7)).latex == "-2.5 \\cdot 10^{-7}")
        // A bracket the user wrote is kept, except where LaTeX already groups.
        let group = Formula(.group(Formula(.binary(.add, x, Formula(.integer(1))))))
        #expect(Formula(.binary(.divide, Formula(.integer(1)), group)).latex == "\\frac{1}{x + 1}")
        #expect(Formula(.binary(.power, group, Formula(.integer(2)))).latex == "\\left(x + 1\\right)^{2}")
        #expect(Formula(.binary(.multiply, Formula(.integer(2)), Formula(.binary(.power, Formula(.integer(10)), x)))).latex == "2 \\cdot 10^{x}")
    }
}
