import Testing
@testable import Symbolic

// The smart constructors bring equal values to one printed shape.

struct CanonicalFormTests {
    static let cases: [(built: Expr, printed: String)] = [
        (x * x, "x^2"),
        (x / x, "1"),
        (x + x, "2*x"),
        (x - x, "0"),
        (x * 0, "0"),
        (2 * (θ - 2), "2*θ - 4"),
        (-(x - y), "y - x"),
        (x * y / (y * x), "1"),
        (pow(x, 2) * pow(x, -2), "1"),
        (pow(pow(x, 2), 3), "x^6"),
        (pow(2 * x * y, 2), "4*x^2*y^2"),
        (pow(-x, 3), "-x^3"),
        (pow(-x, 2), "x^2"),
        (Expr.number(0.75) * x, "3*x/4"),
        (0.1 * x, "x/10"),
        (x / 10 + x / 10, "x/5"),
        (pow(4, Expr.rational(1, 2) ?? 0), "2"),
        (pow(Expr.rational(9, 4) ?? 0, Expr.rational(-1, 2) ?? 0), "2/3"),
        (pow(2, Expr.rational(1, 2) ?? 0), "sqrt(2)"),
        (pow(2, 10), "1024"),
        (pow(0, -1), "1/0"),
        (1 / Expr.zero, "1/0"),
        (pow(x, 0), "1"),
        (pow(1, x), "1"),
        (σ(x) / σ(x), "1"),
        (1 / (2 * x + 2), "1/(2*(x + 1))"),
        (x * (1 - σ(x)) + x * σ(x), "x*σ(x) + x*(1 - σ(x))"),  // products are not expanded implicitly
    ]

    @Test(arguments: 0..<cases.count) func printedShape(_ index: Int) {
        let (built, printed) = Self.cases[index]
        #expect(built.description == printed)
    }

    @Test func equalValuesBuiltDifferentlyAreEqual() {
        #expect(x * y + 3 == 3 + y * x)
        #expect((x + 1) * (x + 1) == pow(x + 1, 2))
        #expect(Expr.sum([x, y, x, -y]) == 2 * x)
        #expect(Expr.product([2, x, Expr.rational(1, 2) ?? 0]) == x)
        #expect((x + 1) * 2 == 2 * x + 2)
    }

    @Test func foldingNeverChangesIEEEResults() {
        // 0^-1 stays symbolic: it evaluates as pow(0, -1) = inf, as the user's formula would.
        #expect(pow(0, -1).evaluate([:]) == .infinity)
        // (-2)^(1/2) is NaN in IEEE; it is not folded.
        let root = pow(-2, Expr.rational(1, 2) ?? 0)
        #expect(root.numberValue == nil)
        #expect(root.evaluate([:])?.isNaN == true)
        // A double with no short decimal form stays that double.
        #expect(Expr.number(1e-300).numberValue == .real(1e-300))
        #expect(Expr.number(-0.0).numberValue == .real(-0.0))
        #expect(Expr.number(.infinity).description == "inf")
    }

    @Test func symbolsArePrintedVerbatimAndOrderedNaturally() {
        let bill = Expr.symbol("tips.total_bill")
        #expect((θ1 * bill).description == "θ1*tips.total_bill")
        let names = ["x10", "x2", "θ1", "b", "tips.tip", "pi"].map(Expr.symbol)
        #expect(Expr.sum(names).description == "θ1 + b + x2 + x10 + pi + tips.tip")
        #expect(Expr.sum([Expr.symbol("θ10"), Expr.symbol("θ2")]).description == "θ2 + θ10")
    }

    @Test func numberArithmeticFallsBackToDoublesOnOverflow() {
        let big = Number.rational(Int64.max, 1)
        #expect(big + big == .real(2 * Double(Int64.max)))
        #expect(big * big == .real(Double(Int64.max) * Double(Int64.max)))
        #expect(-Number.rational(Int64.min, 1) == .real(-Double(Int64.min)))
        #expect(Number(0.1) == .rational(1, 10))
        #expect(Number(123.5) == .rational(247, 2))
        #expect(Number(1e20) == .real(1e20))
        #expect(Number.one.dividing(by: .zero) == nil)
        #expect(Number.rational(2, 3).power(-2) == .rational(9, 4))
        #expect(Number.rational(10, 1).power(40) == .real(1e40))
    }

    @Test func depthAndSizeAreTracked() {
        var e = x
        for _ in 0..<50 { e = Expr.call(.sin, [e]) }
        #expect(e.depth == 51)
        #expect(e.nodeCount == 51)
        #expect(e.contains(symbol: "x"))
        #expect(!e.contains(symbol: "y"))
        #expect(e.freeSymbols == ["x"])
    }
}
