import Foundation
import Testing
@testable import Symbolic

struct BuiltinFunctionTests {
    @Test func namesAndAliasesResolveToOneEntry() throws {
        #expect(BuiltinFunction.named("sigmoid") == .sigmoid)
        #expect(BuiltinFunction.named("σ") == .sigmoid)
        #expect(BuiltinFunction.named("heaviside") == .step)
        #expect(BuiltinFunction.named("nope") == nil)
        #expect(try Expr.call(named: "sigmoid", [x]).description == "σ(x)")
        #expect(try Expr.call(named: "log", [x]).description == "ln(x)")
        #expect(try Expr.call(named: "log", [x, Expr.symbol("e")]).description == "ln(x)")
        let names = Set(BuiltinFunction.all.map(\.name))
        #expect(names.count == BuiltinFunction.all.count)
        // Equality is identity: every name and alias finds the one instance.
        for function in BuiltinFunction.all {
            #expect(BuiltinFunction.named(function.name) === function)
            for alias in function.aliases { #expect(BuiltinFunction.named(alias) === function) }
        }
    }

    @Test func callErrorsCarryTheirData() {
        #expect(throws: SymbolicError.unknownFunction(name: "sinn", suggestion: "sign")) { try Expr.call(named: "sinn", [x]) }
        #expect(throws: SymbolicError.wrongArgumentCount(function: "max", expected: 2...Int.max, got: 1)) {
            try Expr.call(named: "max", [x])
        }
        #expect(SymbolicError.wrongArgumentCount(function: "sin", expected: 1...1, got: 2).description == "'sin' takes 1 argument, got 2")
        #expect(SymbolicError.wrongArgumentCount(function: "max", expected: 2...Int.max, got: 1).description == "'max' takes at least 2 arguments, got 1")
    }

    @Test func scalarValues() {
        let cases: [(BuiltinFunction, [Double], Double)] = [
            (.sigmoid, [0], 0.5), (.ln, [M_E], 1), (.log, [8, 2], 3), (.log10, [1000], 3), (.sqrt, [9], 3),
            (.abs, [-2], 2), (.sign, [-3], -1), (.sign, [0], 0), (.step, [0], 0), (.step, [1e-300], 1),
            (.max, [1, 3, 2], 3), (.min, [1, 3, 2], 1), (.hinge, [0.25], 0.75), (.hinge, [2], 0), (.mean, [4], 4),
        ]
        for (function, args, expected) in cases {
            #expect(function.evaluate(args) == expected, "\(function)(\(args))")
        }
        #expect(BuiltinFunction.max.evaluate([1, .nan]).isNaN)
        #expect(BuiltinFunction.sin.evaluate([1, 2]).isNaN)  // wrong count: NaN, never a trap
    }

    @Test func exactRewritesOnConstruction() {
        #expect(Expr.call(.ln, [1]) == 0)
        #expect(Expr.call(.ln, [Expr.symbol("e")]) == 1)
        #expect(Expr.call(.exp, [0]) == 1)
        #expect(Expr.call(.sqrt, [Expr.rational(9, 4) ?? 0]).description == "3/2")
        #expect(Expr.call(.sqrt, [2]).description == "sqrt(2)")
        #expect(Expr.call(.sigmoid, [0]).description == "1/2")
        #expect(Expr.call(.max, [1, Expr.rational(3, 2) ?? 0]).description == "3/2")
        #expect(mean(3 * x).description == "3*mean(x)")
        #expect(mean(2 * θ0 - 2 * Expr.symbol("t.y")).description == "-2*mean(t.y - θ0)")
        #expect(mean(2 * θ0 - 2 * y).description == "2*mean(θ0 - y)")
        #expect(Expr.call(.sum, [3]).description == "sum(3)")  // the row count is unknown
        #expect(mean(3).description == "3")
        // Odd and even functions take a leading minus out, as SymPy does.
        #expect(Expr.call(.sin, [-x]).description == "-sin(x)")
        #expect(Expr.call(.tanh, [-2 * x - 1]).description == "-tanh(2*x + 1)")
        #expect(Expr.call(.atan, [-3]).description == "-atan(3)")
        #expect(Expr.call(.cos, [-x]).description == "cos(x)")
        #expect(Expr.call(.sin, [y - x]).description == "sin(y - x)")  // mixed signs stay
        #expect(Expr.power(Expr.call(.exp, [-x]), 4).description == "exp(-4*x)")
    }

    @Test func subgradientConventions() {
        #expect(Expr.call(.abs, [x]).derivative(withRespectTo: "x").description == "sign(x)")
        #expect(Expr.call(.max, [0, x]).derivative(withRespectTo: "x").description == "step(x)")
        #expect(Expr.call(.max, [x, y]).derivative(withRespectTo: "x").description == "1 - step(y - x)")
        #expect(Expr.call(.min, [x, y]).derivative(withRespectTo: "y").description == "step(x - y)")
        #expect(Expr.call(.max, [0, 1 - y * x]).derivative(withRespectTo: "x").description == "-y*step(1 - x*y)")
        #expect(Expr.call(.hinge, [y * x]).derivative(withRespectTo: "x").description == "-y*step(1 - x*y)")
        // At a tie the derivative follows the first argument: d max(x, x)/dx = 1 there.
        let tie = Expr.call(.max, [x, 2 - x]).derivative(withRespectTo: "x")
        #expect(tie.evaluate(["x": 1]) == 1)
        #expect(Expr.call(.abs, [x]).derivative(withRespectTo: "x").evaluate(["x": 0]) == 0)
    }

    @Test func eachSmoothRuleMatchesCentralDifferences() {
        let smooth: [BuiltinFunction] = [.sin, .cos, .tan, .asin, .acos, .atan, .exp, .ln, .log10, .sqrt, .tanh, .sigmoid]
        for function in smooth {
            let d = Expr.call(function, [x]).derivative(withRespectTo: "x")
            for point in [0.3, 0.7] {
                let analytic = d.evaluate(["x": point]) ?? .nan
                let numeric = centralDifference(Expr.call(function, [x]), "x", at: ["x": point]) ?? .nan
                #expect(agrees(analytic, numeric, tolerance: 1e-6), "\(function): \(d)")
            }
        }
        let logBase = Expr.call(.log, [x, y])
        for variable in ["x", "y"] {
            let point = ["x": 3.0, "y": 2.0]
            let analytic = logBase.derivative(withRespectTo: variable).evaluate(point) ?? .nan
            #expect(agrees(analytic, centralDifference(logBase, variable, at: point) ?? .nan, tolerance: 1e-6))
        }
    }
}
