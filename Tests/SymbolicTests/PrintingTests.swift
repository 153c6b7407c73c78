import Testing
@testable import Symbolic

// gd syntax with the fewest parentheses; LaTeX; operation counts.

struct PrintingTests {
    static let cases: [(expression: Expr, gd: String)] = [
        (-pow(x, 2), "-x^2"),
        (pow(x, -1), "1/x"),
        (pow(x, -2) * 3, "3/x^2"),
        (x / (2 * pow(y, 2)), "x/(2*y^2)"),
        (pow(x, Expr.rational(1, 2) ?? 0), "sqrt(x)"),
        (pow(x, pow(y, 2)), "x^y^2"),
        (pow(pow(x, y), Expr.rational(1, 3) ?? 0), "(x^y)^(1/3)"),
        // An integer power of a power multiplies the exponents.
        (pow(pow(x, y), 2), "x^(2*y)"),
        (pow(x, -y), "x^(-y)"),
        (pow(-2, x), "(-2)^x"),
        (pow(x + 1, 2), "(x + 1)^2"),
        (pow(2 * x, y), "(2*x)^y"),
        (3 * x / 2, "3*x/2"),
        (-x / 3, "-x/3"),
        (1 - σ(x), "1 - σ(x)"),
        (-x - 1, "-x - 1"),
        (y - θ0 * x0, "y - θ0*x0"),
        (Expr.call(.log, [x, 2]), "log(x, 2)"),
        (Expr.call(.log, [x]), "ln(x)"),
        (Expr.call(.max, [x, y, 0]), "max(x, y, 0)"),
        // A product's sum factors hold no integer content, so `2*(x + y)` reads
        // back through 2*x + 2*y; a group is needed only where it would not.
        (Expr.product([2, x + y, pow(y, -2)]), "2*(x + y)/y^2"),
        (Expr.product([-1, x + y, pow(y, -2)]), "-(x + y)/y^2"),
        (Expr.product([2, x + 1, y + 1]), "2*(x + 1)*(y + 1)"),
        (Expr.product([2, 1 - x, y + 1]), "2*(1 - x)*(y + 1)"),
        (Expr.product([-5, 6 * x - 2, pow(y, -2)]), "(10 - 30*x)/y^2"),  // the 10 multiplies in at no cost
        (Expr.product([3, x + 1, pow(y, -1)]), "3*(x + 1)/y"),  // here it would cost a `*`
        // A double times a sum is not taken back out: the group stays.
        (Expr.product([Expr.number(1.2345678e-300), x + 1, y + 1]), "1.2345678e-300*((x + 1)*(y + 1))"),
        (Expr.product([2, x + 1, pow(y + 1, 2)]), "2*(x + 1)*(y + 1)^2"),
        (sinOf(x / 10 + y / 10 + (Expr.rational(1, 10) ?? 0)), "sin((x + y + 1)/10)"),
        (sinOf(x / 10 + 1), "sin(x/10 + 1)"),
        (2 * (x + 1) * (y + 1), "2*(x + 1)*(y + 1)"),
        ((-x - 1) * y, "-y*(x + 1)"),
        (Expr.number(2.5e-7) * x, "2.5e-07*x"),
        (Expr.number(1.2345678e-300) * x, "1.2345678e-300*x"),
    ]

    @Test(arguments: 0..<cases.count) func gdSyntax(_ index: Int) throws {
        let (expression, gd) = Self.cases[index]
        #expect(expression.description == gd)
        #expect(try TestParser.parse(gd) == expression)
    }

    @Test func latex() {
        #expect((30 * pow(x, 2) * pow(y, 2) + 4).latex == "30 x^{2} y^{2} + 4")
        #expect(((x + y + 1) / 10).latex == "\\frac{x + y + 1}{10}")
        #expect((pow(x, 3) / 10 - 1).latex == "\\frac{x^{3}}{10} - 1")
        #expect((3 * x / 2).latex == "\\frac{3 x}{2}")
        #expect(ln(σ(a * x + b)).latex == "\\ln\\left(\\sigma\\left(a x + b\\right)\\right)")
        #expect((θ0 * pow(θ1, 2)).latex == "\\theta_{0} \\theta_{1}^{2}")
        #expect(Expr.call(.sqrt, [x + 1]).latex == "\\sqrt{x + 1}")
        #expect(Expr.call(.abs, [x]).latex == "\\left|x\\right|")
        #expect(Expr.call(.log, [x, 2]).latex == "\\log_{2}\\left(x\\right)")
        #expect(pow(x + 1, -2).latex == "\\frac{1}{\\left(x + 1\\right)^{2}}")
        #expect(Expr.symbol("tips.total_bill").latex == "\\mathrm{tips.total\\_bill}")
        #expect(Expr.symbol("rate").latex == "\\mathrm{rate}")
        #expect(Expr.symbol("x_1").latex == "x_{1}")
    }

    @Test func operationCountMatchesSymPyStyle() {
        // Values from SymPy's count_ops on the same text.
        #expect(Expr.operationCount(ofPrinted: "(4*x^3 - 45*x^2 + 160*x - 180)/10") == 9)
        #expect(Expr.operationCount(ofPrinted: "2*x^3/5 - 9*x^2/2 + 16*x - 18") == 10)
        #expect(Expr.operationCount(ofPrinted: "x*(1 - σ(a*x + b))") == 5)
        #expect(Expr.operationCount(ofPrinted: "-2*x") == 2)
        #expect(Expr.operationCount(ofPrinted: "1e-05*x") == 1)
    }

    /// `(…)/q` is chosen by structural counts; it must be the choice that
    /// printing both forms and counting their operations makes.
    @Test func factoringOverDenominatorAgreesWithPrintedCounts() {
        var random = RandomExpressions(seed: 31)
        var sums = 0, factored = 0
        func check(_ e: Expr) {
            switch e.kind {
            case .number, .symbol: return
            case .sum(let constant, let terms):
                if Expr.commonDenominator(constant: constant, terms: terms) != nil {
                    sums += 1
                    let structural = Expr.factoredOverDenominator(constant: constant, terms: terms) != nil
                    if structural { factored += 1 }
                    #expect(structural == Expr.factoredOverDenominatorByPrinting(constant: constant, terms: terms), "\(e)")
                }
                for term in terms { check(term.monomial) }
            case .product(_, let factors): factors.forEach(check)
            case .power(let base, let exponent): check(base); check(exponent)
            case .call(_, let args): args.forEach(check)
            }
        }
        for _ in 0..<PropertyTests.expressionCount {
            let e = random.expression(depth: 4)
            for form in [e, e.expanded(), e.derivative(withRespectTo: "x"), e.expanded() / 6 + Expr.call(.sin, [e / 4])] { check(form) }
        }
        #expect(sums > 100 && factored > 10, "\(sums) sums, \(factored) factored")
    }
}

func sinOf(_ u: Expr) -> Expr { Expr.call(.sin, [u]) }

struct SharedLayoutTests {
    /// `Expr.layouts` gives each expression its own layout, and lays out
    /// what they share once (the same `Formula` node in each).
    @Test func layoutsOfAGradientEqualEachLayoutAndShareTheirParts() throws {
        let f = try TestParser.parse("(x*(2 + 5*x^2) + 1 - y*(1 + y))^2 + (y*(2 + 5*y^2) + 1 - x*(1 + x) - z*(1 + z))^2 + sin(x*y + z)^2")
        let gradient = f.gradient(withRespectTo: ["x", "y", "z"])
        let shared = Expr.layouts(gradient)
        #expect(shared.map(\.description) == gradient.map(\.layout.description))
        #expect(shared.map(\.description) == gradient.map(\.description))
        // The residual y*(5*y^2 + 2) - x*(x + 1) - z*(z + 1) + 1 occurs in every partial: laid out once.
        func nodes(_ f: Formula, _ into: inout Set<ObjectIdentifier>) {
            guard into.insert(ObjectIdentifier(f)).inserted else { return }
            switch f.kind {
            case .number, .integer, .symbol: return
            case .negate(let a), .group(let a): nodes(a, &into)
            case .binary(_, let a, let b): nodes(a, &into); nodes(b, &into)
            case .call(_, let args): args.forEach { nodes($0, &into) }
            }
        }
        var separate = Set<ObjectIdentifier>(), together = Set<ObjectIdentifier>()
        for layout in gradient.map(\.layout) { nodes(layout, &separate) }
        for layout in shared { nodes(layout, &together) }
        #expect(together.count < separate.count)
    }
}
