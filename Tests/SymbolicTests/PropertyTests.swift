import Testing
@testable import Symbolic

// Random expressions (fixed seeds) checked against numeric evaluation.

struct PropertyTests {
    static let expressionCount = 500

    @Test func derivativeAgreesWithCentralDifferences() {
        var random = RandomExpressions(seed: 20_251_121)
        var checked = 0
        for _ in 0..<Self.expressionCount {
            let e = random.expression(depth: 4)
            let variable = random.variables[random.generator.int(below: 3)]
            let d = e.derivative(withRespectTo: variable)
            for _ in 0..<3 {
                let point = random.point()
                guard let analytic = d.evaluate(point), let numeric = centralDifference(e, variable, at: point),
                    analytic.isFinite, numeric.isFinite, Swift.abs(analytic) < 1e4
                else { continue }
                checked += 1
                #expect(agrees(analytic, numeric, tolerance: 1e-5), "d/d\(variable) \(e) = \(d) at \(point)")
            }
        }
        #expect(checked > Self.expressionCount)
    }

    @Test func simplifiedAndExpandedAgreeWithOriginal() {
        var random = RandomExpressions(seed: 7)
        for _ in 0..<Self.expressionCount {
            let e = random.expression(depth: 4)
            let forms = [e.simplified(), e.expanded()]
            for _ in 0..<3 {
                let point = random.point()
                guard let value = e.evaluate(point), value.isFinite, Swift.abs(value) < 1e6 else { continue }
                for form in forms {
                    let other = form.evaluate(point) ?? .nan
                    #expect(agrees(value, other, tolerance: 1e-9), "\(e) vs \(form) at \(point)")
                }
            }
            #expect(e.simplified().operationCount <= e.operationCount, "simplified grew: \(e)")
        }
    }

    @Test func printingRoundTrips() throws {
        var random = RandomExpressions(seed: 99)
        for _ in 0..<Self.expressionCount {
            let e = random.expression(depth: 4)
            for form in [e, e.derivative(withRespectTo: "x")] {
                let reparsed = try TestParser.parse(form.description)
                #expect(reparsed == form, "\(form) reparsed as \(reparsed)")
            }
        }
    }

    @Test func derivationStepsAgreeWithCentralDifferences() {
        var random = RandomExpressions(seed: 2024)
        for _ in 0..<(Self.expressionCount / 4) {
            let e = random.expression(depth: 3)
            let steps = e.derivation(withRespectTo: "x")
            #expect(steps.last?.result == e.derivative(withRespectTo: "x"), "last step of \(e)")
            let point = random.point()
            for step in steps {
                guard let analytic = step.result.evaluate(point), let numeric = centralDifference(step.expression, "x", at: point),
                    analytic.isFinite, numeric.isFinite, Swift.abs(analytic) < 1e4
                else { continue }
                #expect(agrees(analytic, numeric, tolerance: 1e-5), "\(step.rule): d/dx \(step.expression) = \(step.result)")
            }
        }
    }

    /// Simplifying with a shared memo changes nothing: each result is the
    /// expression's own `simplified()`, and a gradient's entries are the
    /// partial derivatives one at a time.
    @Test func sharedSimplificationAgreesWithOneAtATime() {
        var random = RandomExpressions(seed: 77)
        for _ in 0..<(Self.expressionCount / 5) {
            let common = random.expression(depth: 3)
            let e = common * random.expression(depth: 3) + Expr.power(common + random.expression(depth: 2), 2)
            let raw = random.variables.map { e.derivative(withRespectTo: $0) } + [e, e.expanded()]
            #expect(Expr.simplified(raw) == raw.map { $0.simplified() }, "\(e)")
            #expect(e.gradient(withRespectTo: random.variables) == random.variables.map { e.derivative(withRespectTo: $0) }, "\(e)")
        }
    }

    @Test func canonicalFormIsOrderIndependent() {
        var random = RandomExpressions(seed: 5)
        for _ in 0..<Self.expressionCount {
            let parts = (0..<4).map { _ in random.expression(depth: 2) }
            #expect(Expr.sum(parts) == Expr.sum(parts.reversed()))
            #expect(Expr.product(parts) == Expr.product(parts.reversed()))
        }
    }
}
