import Core
import Foundation
import Symbolic
import Testing
@testable import Numeric

@Suite("Compiling symbolic expressions")
struct ExpressionCompilerTests {
    static let x = Expr.symbol("x"), y = Expr.symbol("y")

    /// A random expression in x and y, at most `depth` deep, from the
    /// smart constructors (so it is canonical, as derivatives are).
    static func randomExpression(_ depth: Int, _ g: inout SeededGenerator) -> Expr {
        if depth == 0 || Int.random(in: 0..<4, using: &g) == 0 {
            switch Int.random(in: 0..<6, using: &g) {
            case 0: return x
            case 1: return y
            case 2: return .integer(Int.random(in: -5...5, using: &g))
            case 3: return .rational(Int.random(in: 1...7, using: &g), Int.random(in: 2...9, using: &g)) ?? x
            case 4: return .number(Double.random(in: -3...3, using: &g))
            default: return .symbol("pi")
            }
        }
        let a = randomExpression(depth - 1, &g), b = randomExpression(depth - 1, &g)
        switch Int.random(in: 0..<14, using: &g) {
        case 0: return a + b
        case 1: return a - b
        case 2: return a * b
        case 3: return a / b
        case 4: return .power(a, .integer(Int.random(in: -2...4, using: &g)))
        case 5: return .power(a, .rational(1, 2) ?? x)
        case 6: return .call(.sin, [a])
        case 7: return .call(.exp, [.call(.tanh, [a])])
        case 8: return .call(.ln, [.call(.abs, [a])])
        case 9: return .call(.sigmoid, [a])
        case 10: return .call(.max, [a, b, x])
        case 11: return .call(.min, [a, b])
        case 12: return .call(.log, [a, .integer(2)])
        default: return .call([.sign, .step, .hinge, .atan, .sqrt, .cos][Int.random(in: 0..<6, using: &g)], [a])
        }
    }

    @Test func compiledValuesEqualSymbolicEvaluationBitForBit() throws {
        var g = SeededGenerator(seed: 21)
        var checked = 0
        for _ in 0..<300 {
            let expression = Self.randomExpression(4, &g)
            let program = try Program.compile([expression], parameters: ["x", "y"])
            let evaluator = ProgramEvaluator(program: program)
            for _ in 0..<10 {
                // Signed zeros now and then: sums must keep -0 exactly as `evaluate` does.
                func coordinate() -> Double {
                    Int.random(in: 0..<8, using: &g) == 0
                        ? (Bool.random(using: &g) ? 0.0 : -0.0) : Double.random(in: -3...3, using: &g)
                }
                let point = [coordinate(), coordinate()]
                let symbolic = expression.evaluate(["x": point[0], "y": point[1]])
                let compiled = try evaluator.evaluate(parameters: point)[0]
                #expect(symbolic.map { sameBits($0, compiled) } == true, "\(expression) at \(point)")
                checked += 1
            }
        }
        #expect(checked == 3000)
    }

    /// Whether `e` raises something that depends on the column x to the power 2, 1/2 or −1.
    static func hasArrayPower(_ e: Expr) -> Bool {
        switch e.kind {
        case .number, .symbol: return false
        case .sum(_, let terms): return terms.contains { hasArrayPower($0.monomial) }
        case .product(_, let factors): return factors.contains(where: hasArrayPower)
        case .power(let base, let exponent):
            if base.contains(symbol: "x"), case .number(let n) = exponent.kind, [2, 0.5, -1].contains(n.doubleValue) {
                return true
            }
            return hasArrayPower(base) || hasArrayPower(exponent)
        case .call(_, let arguments): return arguments.contains(where: hasArrayPower)
        }
    }

    @Test func perRowExpressionsOverColumnsEqualSymbolicEvaluationRowByRow() throws {
        var g = SeededGenerator(seed: 22)
        let rows = 300
        let xs = (0..<rows).map { _ in Double.random(in: -2...2, using: &g) }
        let table = try ColumnTable(columns: [xs])
        var reductionsChecked = 0
        var compared = 0
        for _ in 0..<300 where compared < 100 {
            let expression = Self.randomExpression(3, &g)
            // Over rows a per-row base to the power 2, 1/2 or −1 follows NumPy
            // (`c*c`, `sqrt`, `1/c`: KernelTests), where Symbolic's evaluation
            // at a point is `pow`: compare the other expressions here.
            if Self.hasArrayPower(expression) { continue }
            compared += 1
            // Symbolic canonicalises the mean (mean(3*u) is 3*mean(u)), so
            // compare with the canonical form it hands over.
            let mean = Expr.call(.mean, [expression])
            // y is a parameter, x a column: a per-row value, then its mean.
            let program = try Program.compile([expression, mean], parameters: ["y"], columns: ["x"])
            let evaluator = ProgramEvaluator(program: program, blockSize: 64)
            let y = Double.random(in: -2...2, using: &g)
            let perRow = try evaluator.evaluatePerRow(parameters: [y], over: table)
            let expected = xs.map { expression.evaluate(["x": $0, "y": y]) ?? .infinity }
            #expect(sameBits(perRow[0], expected), "\(expression)")
            func meanOverRows(_ argument: Expr) -> Double {
                // The mean of a value that does not vary by row is that value.
                guard argument.contains(symbol: "x") else { return argument.evaluate(["y": y]) ?? .infinity }
                return PairwiseSum.of(xs.map { argument.evaluate(["x": $0, "y": y]) ?? .infinity }) / Double(rows)
            }
            switch mean.kind {
            case .call(let function, let arguments) where function == .mean:
                #expect(sameBits(perRow[1][0], meanOverRows(arguments[0])), "\(mean)")
                reductionsChecked += 1
            case .product(let coefficient, let factors)
            where factors.count == 1 && factors[0].calls(of: .mean).count == 1:
                if case .call(_, let arguments) = factors[0].kind {
                    #expect(sameBits(perRow[1][0], coefficient.doubleValue * meanOverRows(arguments[0])), "\(mean)")
                    reductionsChecked += 1
                }
            default:
                // No x left: the mean of a number is itself.
                #expect(sameBits(perRow[1][0], mean.evaluate(["y": y]) ?? .infinity), "\(mean)")
            }
        }
        #expect(reductionsChecked > 60)
    }

    @Test func lossAndGradientCompileTogetherAndShare() throws {
        // The lecture's least-squares objective, per row, and its gradient.
        let (t0, t1) = (Expr.symbol("θ0"), Expr.symbol("θ1"))
        let loss = Expr.call(.mean, [.power(t0 + t1 * Self.x - Self.y, 2)])
        let gradient = loss.gradient(withRespectTo: ["θ0", "θ1"])
        let alone = try Program.compile(gradient, parameters: ["θ0", "θ1"], columns: ["x", "y"])
        let together = try Program.compile([loss] + gradient, parameters: ["θ0", "θ1"], columns: ["x", "y"])
        let lossAlone = try Program.compile([loss], parameters: ["θ0", "θ1"], columns: ["x", "y"])
        #expect(together.registerCount < alone.registerCount + lossAlone.registerCount)

        var g = SeededGenerator(seed: 23)
        let xs = (0..<1000).map { _ in Double.random(in: -2...2, using: &g) }
        let ys = xs.map { 1 - 2 * $0 + Double.random(in: -0.1...0.1, using: &g) }
        let table = try ColumnTable(columns: [xs, ys])
        let values = try together.evaluate(parameters: [0.5, -1.5], over: table)
        // Each output equals its expression evaluated row by row and reduced in the fixed order.
        for (position, expression) in ([loss] + gradient).enumerated() {
            guard case .call(_, let arguments) = expression.kind, arguments.count == 1 else {
                // A reduction with a factor moved out, e.g. 2*mean(…): compare against a
                // per-row compile of the same expression instead.
                let reference = try Program.compile([expression], parameters: ["θ0", "θ1"], columns: ["x", "y"])
                #expect(sameBits(try reference.evaluate(parameters: [0.5, -1.5], over: table)[0], values[position]))
                continue
            }
            let perRow = zip(xs, ys).map { arguments[0].evaluate(["θ0": 0.5, "θ1": -1.5, "x": $0, "y": $1]) ?? .nan }
            #expect(sameBits(values[position], PairwiseSum.of(perRow) / 1000), "\(expression)")
        }
    }

    @Test func namesResolveParameterThenColumnThenConstant() throws {
        let a = Expr.symbol("a")
        let program = try Program.compile([a + Expr.symbol("e")], parameters: ["a"], columns: ["a"], constants: ["a": 100])
        #expect(try program.evaluate(parameters: [1], row: [10]) == [1 + M_E])
        let column = try Program.compile([a], parameters: [], columns: ["a"], constants: ["a": 100])
        #expect(try column.evaluate(parameters: [], row: [10]) == [10])
        let shadowed = try Program.compile([Expr.symbol("pi")], parameters: [], constants: ["pi": 3])
        #expect(try shadowed.evaluate(parameters: []) == [3])
    }

    @Test func compileErrors() throws {
        #expect(throws: CompileError.unboundSymbol("z")) {
            try Program.compile([Self.x + .symbol("z")], parameters: ["x"])
        }
        // Just inside the limit compiles (the recursion fits a test thread's
        // stack); just beyond is an error, not a crash.
        var deep = Self.x
        for _ in 1..<ProgramBuilder.maximumExpressionDepth { deep = .call(.sin, [deep]) }
        #expect(deep.depth == ProgramBuilder.maximumExpressionDepth)
        let program = try Program.compile([deep], parameters: ["x"])
        #expect(program.operationCount == ProgramBuilder.maximumExpressionDepth - 1)
        for _ in 0..<5 { deep = .call(.sin, [deep]) }
        #expect(throws: CompileError.self) { try Program.compile([deep], parameters: ["x"]) }
        #expect(CompileError.unboundSymbol("z").description == "unknown name 'z'")
    }

    @Test func derivativePowersMayBecomeMultiplications() throws {
        let expression = Expr.power(Self.x, 3).derivative(withRespectTo: "x")  // 3*x^2
        let exact = try Program.compile([expression], parameters: ["x"])
        let fast = try Program.compile([expression], parameters: ["x"], rewritesIntegerPowers: true)
        #expect(try exact.evaluate(parameters: [1.1]) == [3 * libmPow(1.1, 2)])
        #expect(try fast.evaluate(parameters: [1.1]) == [3 * (1.1 * 1.1)])
    }
}
