import Core
import Testing
@testable import Symbolic

struct CalculusTests {
    @Test func higherDerivativesStopAtZero() throws {
        #expect(try pow(x, 3).derivative(withRespectTo: "x", order: 2).description == "6*x")
        #expect(try pow(x, 3).derivative(withRespectTo: "x", order: 100) == 0)
        #expect(try Expr.call(.sin, [x]).derivative(withRespectTo: "x", order: 4) == Expr.call(.sin, [x]))
        #expect(try x.derivative(withRespectTo: "x", order: 0) == x)
        #expect(throws: SymbolicError.derivativeOrderOutOfRange(101)) { try x.derivative(withRespectTo: "x", order: 101) }
        #expect(throws: SymbolicError.derivativeOrderOutOfRange(-1)) { try x.derivative(withRespectTo: "x", order: -1) }
    }

    @Test func powersAndExponentials() {
        #expect(pow(Expr.symbol("e"), 2 * x).derivative(withRespectTo: "x").description == "2*e^(2*x)")
        #expect(pow(2, x).derivative(withRespectTo: "x").description == "2^x*ln(2)")
        #expect(pow(x, x).derivative(withRespectTo: "x").description == "x^x*(ln(x) + 1)")
        #expect(Expr.call(.sqrt, [x]).derivative(withRespectTo: "x").description == "1/(2*sqrt(x))")
        // Over one denominator: 1/(x + 1) - x/(x + 1)^2 is larger.
        #expect((x / (x + 1)).derivative(withRespectTo: "x").description == "1/(x + 1)^2")
    }

    @Test func simplificationExpandsOnlyWhenSmaller() {
        // 2*(x + 1)*(x - 1) + (x + 1)^2 is larger than 3*x^2 + 2*x - 1.
        #expect((pow(x + 1, 2) * (x - 1)).derivative(withRespectTo: "x").description == "3*x^2 + 2*x - 1")
        // Expanding would grow this one, so it stays factored.
        #expect(pow(y - θ0 * x0 - θ1 * x1, 2).derivative(withRespectTo: "θ1").description == "-2*x1*(y - θ0*x0 - θ1*x1)")
        #expect(pow(x + 1, 2).expanded().description == "x^2 + 2*x + 1")
        #expect(((x + y) * (x - y)).expanded().description == "x^2 - y^2")
        #expect(pow(x + 1, 2).simplified().description == "(x + 1)^2")
    }

    @Test func substitutionAndEvaluation() {
        let e = pow(x, 2) + y
        #expect(e.substituting(["x": 3]).description == "y + 9")
        #expect(e.substituting(["x": 3, "y": 1]) == 10)
        #expect(e.substituting(["x": y]).description == "y^2 + y")
        #expect(e.evaluate(["x": 2, "y": 0.5]) == 4.5)
        #expect(e.evaluate(["x": 2]) == nil)
        #expect(Expr.symbol("pi").evaluate([:]) == Double.pi)
        #expect(Expr.symbol("pi").evaluate(["pi": 3]) == 3)  // a binding shadows the constant
    }

    @Test func polynomialDegrees() {
        let loss = mean(pow(Expr.symbol("t.y") - θ0 - θ1 * Expr.symbol("t.x"), 2))
        #expect(loss.polynomialDegree(in: "θ1") == 2)
        #expect(loss.polynomialDegree(in: "t.x") == 2)
        #expect(loss.polynomialDegree(in: "z") == 0)
        #expect((1 / x).polynomialDegree(in: "x") == nil)
        #expect(Expr.call(.abs, [x]).polynomialDegree(in: "x") == nil)
        #expect(pow(2, x).polynomialDegree(in: "x") == nil)
        #expect((pow(x, 3) * y + x).polynomialDegree(in: "x") == 3)
    }

    @Test func quadraticFormOfLeastSquares() throws {
        let loss = mean(pow(Expr.symbol("t.y") - θ0 - θ1 * Expr.symbol("t.x"), 2))
        let form = try loss.quadraticForm(in: ["θ0", "θ1"])
        #expect(form.quadratic.map { $0.map(\.description) } == [["2", "2*mean(t.x)"], ["2*mean(t.x)", "2*mean(t.x^2)"]])
        #expect(form.linear.map(\.description) == ["-2*mean(t.y)", "-2*mean(t.x*t.y)"])
        #expect(form.constant.description == "mean(t.y^2)")
        // Ridge: adding λ(θ0² + θ1²) stays quadratic.
        let ridge = loss + Expr.symbol("λ") * (pow(θ0, 2) + pow(θ1, 2))
        #expect(try ridge.quadraticForm(in: ["θ0", "θ1"]).quadratic[0][0].description == "2*λ + 2")
    }

    @Test func quadraticFormNamesTheParameterThatBreaksIt() {
        #expect(throws: SymbolicError.notQuadratic(parameter: "θ1")) { try (θ0 + pow(θ1, 3)).quadraticForm(in: ["θ0", "θ1"]) }
        #expect(throws: SymbolicError.notQuadratic(parameter: "θ0")) {
            try Expr.call(.abs, [θ0 - 1]).quadraticForm(in: ["θ0"])
        }
        #expect(throws: SymbolicError.notQuadratic(parameter: "θ1")) { try (pow(θ0, 2) * θ1).quadraticForm(in: ["θ0", "θ1"]) }
        #expect(SymbolicError.notQuadratic(parameter: "θ1").description == "the objective is not quadratic in 'θ1'")
    }
}

/// The bounded derivatives used for what a user typed: the same results as
/// the unbounded ones, a refusal once a rule builds more than the limit, and
/// Core's `Interrupted` at Ctrl-C.
struct BoundedDerivativeTests {
    private func nestedSines(_ depth: Int) -> Expr {
        var e = x
        for _ in 0..<depth { e = Expr.call(.sin, [e]) }
        return e
    }

    @Test func withinTheLimitTheResultIsTheUnboundedOne() throws {
        let f = pow(x, 3) * Expr.call(.sin, [x * y]) + Expr.call(.exp, [y])
        #expect(try f.derivative(withRespectTo: "x", nodeLimit: 1_000) == f.derivative(withRespectTo: "x"))
        #expect(try f.gradient(withRespectTo: ["x", "y"], nodeLimit: 1_000) == f.gradient(withRespectTo: ["x", "y"]))
        #expect(try f.hessian(withRespectTo: ["x", "y"], nodeLimit: 1_000) == f.hessian(withRespectTo: ["x", "y"]))
        #expect(try f.derivation(withRespectTo: "x", nodeLimit: 1_000) == f.derivation(withRespectTo: "x"))
    }

    @Test func aDeepChainIsRefusedOnceItsDerivativeOutgrowsTheLimit() {
        // d sin^60(x) is a product of 60 cosines of sizes 1…60: about 1,900 nodes.
        let deep = nestedSines(60)
        #expect(deep.derivative(withRespectTo: "x").nodeCount > 1_000)
        #expect(throws: SymbolicError.derivativeTooLarge(nodeLimit: 1_000)) { try deep.derivative(withRespectTo: "x", nodeLimit: 1_000) }
        #expect(throws: SymbolicError.derivativeTooLarge(nodeLimit: 1_000)) { try deep.gradient(withRespectTo: ["x"], nodeLimit: 1_000) }
        #expect(throws: SymbolicError.derivativeTooLarge(nodeLimit: 1_000)) { try deep.derivation(withRespectTo: "x", nodeLimit: 1_000) }
    }

    @Test func ctrlCStopsADerivative() {
        #expect(throws: Interrupted.self) {
            try Interrupt.$simulation.withValue({ true }) { try nestedSines(5).derivative(withRespectTo: "x", nodeLimit: 1_000) }
        }
    }
}
