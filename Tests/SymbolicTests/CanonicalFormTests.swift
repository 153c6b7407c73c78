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
        (Expr.number(0.75) * x, "0.75*x"),  // a decimal prints as written
        (0.1 * x, "0.1*x"),
        (x / 10 + x / 10, "x/5"),  // a fraction stays one
        (0.1 * x + x / 10, "0.2*x"),  // a decimal and a fraction give a decimal
        (pow(x, 2) / 3 + 0.1 * x, "x^2/3 + 0.1*x"),
        (0.5 * 2 * x / 3, "x/3"),  // 0.5·2 is the whole number 1
        (pow(x, 0.5), "sqrt(x)"),  // x^0.5 is a square root, as x^(1/2) is
        (pow(x, 2.5), "x^2.5"),  // another decimal exponent stays a decimal
        (1 / (x / 10 + 0.05), "20/(2*x + 1)"),  // a sum with fractions has a content, decimals or not
        (2 / (3 * x + 0.5), "2/(3*x + 0.5)"),  // one with decimals only keeps them
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

    @Test func decimalsComputeExactlyAndKeepTheirMark() {
        let tenth = Number(0.1)
        #expect(tenth * tenth == .decimal(1, 100))
        #expect((tenth * tenth).description == "0.01")
        #expect(tenth + .rational(2, 3) == .decimal(23, 30))
        #expect(Number.rational(1, 3) + .rational(1, 3) == .rational(2, 3))
        #expect(Number(0.5) * .rational(2, 1) == .one)  // whole: one value whatever its origin
        #expect(Number(0.25).exactRoot(2) == .decimal(1, 2))
        #expect(Number.one.dividing(by: Number(0.4)) == .decimal(5, 2))
        #expect(-tenth == .decimal(-1, 10))
        #expect(Number(0.1).power(3) == .decimal(1, 1000))
        // Equal values with and without the mark order next to each other.
        #expect(Number.compare(.rational(1, 10), tenth) == -1)
        #expect(Number.compare(tenth, .rational(1, 5)) == -1)
        // The printed digits read back to the double the rational evaluates to.
        #expect(Number(0.1).dividing(by: Number(0.3)) == .decimal(1, 3))
        let third = Number.decimal(1, 3)
        #expect(Double(third.description) == third.doubleValue)
        // A printed result evaluates as its text: 0.1*x is 0.1 times x, not x/10.
        let scaled = 0.1 * x
        #expect(scaled.layout.evaluate { $0 == "x" ? 3 : nil } == 0.1 * 3)
    }

    @Test func numberArithmeticFallsBackToDoublesOnOverflow() {
        let big = Number.rational(Int64.max, 1)
        #expect(big + big == .real(2 * Double(Int64.max)))
        #expect(big * big == .real(Double(Int64.max) * Double(Int64.max)))
        #expect(-Number.rational(Int64.min, 1) == .real(-Double(Int64.min)))
        #expect(Number(0.1) == .decimal(1, 10))
        #expect(Number(123.5) == .decimal(247, 2))
        #expect(Number(2.0) == .rational(2, 1))
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

    /// `a = a*sin(a)`, 70 times: shared in memory, 2^70 nodes written out.
    /// Its size saturates instead of overflowing, and two copies built
    /// apart compare equal (each shared part once: a plain walk would take
    /// 2^70 steps), as do their formulas.
    @Test func sharedStructuresAreMeasuredAndComparedWithoutWritingThemOut() {
        func selfReferent(_ steps: Int, differing: Bool = false) -> (Expr, Formula) {
            var e = x
            var f = Formula.symbol("x")
            for step in 0..<steps {
                let last = differing && step == steps - 1
                e = e * Expr.call(last ? .cos : .sin, [e])
                f = .binary(.multiply, f, .call(last ? .cos : .sin, [f]))
            }
            return (e, f)
        }
        let (a, fa) = selfReferent(70), (b, fb) = selfReferent(70), (c, fc) = selfReferent(70, differing: true)
        #expect(a.nodeCount == Int.max)
        #expect(fa.nodeCount == Int.max)
        #expect(selfReferent(3).1.nodeCount == 22)
        #expect(a == b)
        #expect(a != c)
        #expect(fa == fb)
        #expect(fa != fc)
        #expect((a - b).isZero)
        #expect(a.freeSymbols == ["x"])
    }
}
