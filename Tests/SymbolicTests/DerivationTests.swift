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
