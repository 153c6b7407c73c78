import Testing
@testable import Symbolic

// The lectures' expected outputs, printed exactly as gd must show them.

let x = Expr.symbol("x"), y = Expr.symbol("y"), a = Expr.symbol("a"), b = Expr.symbol("b")
let θ = Expr.symbol("θ"), θ0 = Expr.symbol("θ0"), θ1 = Expr.symbol("θ1")
let x0 = Expr.symbol("x0"), x1 = Expr.symbol("x1")

func pow(_ base: Expr, _ exponent: Expr) -> Expr { Expr.power(base, exponent) }
func σ(_ u: Expr) -> Expr { Expr.call(.sigmoid, [u]) }
func ln(_ u: Expr) -> Expr { Expr.call(.ln, [u]) }
func mean(_ u: Expr) -> Expr { Expr.call(.mean, [u]) }

struct LectureDerivativeTests {
    @Test func polynomialInTwoVariables() {
        let f = 10 * pow(x, 3) * pow(y, 2) + 5 * x * pow(y, 3) + 4 * x + y
        #expect(f.derivative(withRespectTo: "x").description == "30*x^2*y^2 + 5*y^3 + 4")
        #expect(f.derivative(withRespectTo: "y").description == "20*x^3*y + 15*x*y^2 + 1")
    }

    @Test func gradientsAndHessian() {
        let g = 4 * pow(x, 2) + pow(y, 2)
        #expect(g.gradient(withRespectTo: ["x", "y"]).map(\.description) == ["8*x", "2*y"])
        let h = 8 * pow(θ0, 2) + 3 * θ0 * θ1
        #expect(h.gradient(withRespectTo: ["θ0", "θ1"]).map(\.description) == ["16*θ0 + 3*θ1", "3*θ0"])
        #expect(h.hessian(withRespectTo: ["θ0", "θ1"]).map { $0.map(\.description) } == [["16", "3"], ["3", "0"]])
    }

    @Test func quarticOverTen() throws {
        let f = (pow(x, 4) - 15 * pow(x, 3) + 80 * pow(x, 2) - 180 * x + 144) / 10
        let d = f.derivative(withRespectTo: "x")
        #expect(d.description == "(4*x^3 - 45*x^2 + 160*x - 180)/10")
        let value = try #require(d.evaluate(["x": 4]))
        #expect(Swift.abs(value - -0.4) < 1e-12)
    }

    @Test func squaresAndQuadratics() {
        #expect(pow(θ - 2, 2).derivative(withRespectTo: "θ").description == "2*θ - 4")
        #expect((pow(x, 2) - 4 * x + 5).derivative(withRespectTo: "x").description == "2*x - 4")
        #expect(pow(y - θ0 * x0 - θ1 * x1, 2).derivative(withRespectTo: "θ0").description == "-2*x0*(y - θ0*x0 - θ1*x1)")
    }

    @Test func logisticSteps() {
        #expect(ln(σ(a * x + b)).derivative(withRespectTo: "a").description == "x*(1 - σ(a*x + b))")
        #expect(ln(1 - σ(a * x + b)).derivative(withRespectTo: "b").description == "-σ(a*x + b)")
    }

    @Test func meanOverColumns() {
        let tip = Expr.symbol("tips.tip"), bill = Expr.symbol("tips.total_bill")
        let loss = mean(pow(tip - θ0 - θ1 * bill, 2))
        #expect(loss.derivative(withRespectTo: "θ1").description == "-2*mean(tips.total_bill*(tips.tip - θ0 - θ1*tips.total_bill))")
        #expect(loss.derivative(withRespectTo: "θ0").description == "-2*mean(tips.tip - θ0 - θ1*tips.total_bill)")
    }
}
