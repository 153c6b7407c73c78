import Foundation
import Testing
@testable import Numeric

@Suite("Program builder")
struct BuilderTests {
    @Test func lossAndGradientShareTheResidual() throws {
        let program = try leastSquaresProgram()
        // Registers: θ0 θ1 x y, θ1*x, +θ0, -y, 2 (constant), ^2, mean, 2*r, mean, *x, mean = 14.
        #expect(program.registerCount == 14)
        #expect(program.operationCount == 9)
        // Building the residual twice does not add registers.
        var b = ProgramBuilder()
        let first = b.binary(.subtract, b.binary(.multiply, b.parameter(1), b.column(0)), b.column(1))
        let count = b.nodeCount
        let second = b.binary(.subtract, b.binary(.multiply, b.parameter(1), b.column(0)), b.column(1))
        #expect(first == second && b.nodeCount == count)
        // Commutative operands are shared in either order; others are not.
        #expect(b.binary(.add, first, b.column(0)) == b.binary(.add, b.column(0), first))
        #expect(b.binary(.subtract, first, b.column(0)) != b.binary(.subtract, b.column(0), first))
        #expect(b.binary(.maximum, first, b.column(0)) != b.binary(.maximum, b.column(0), first))
    }

    /// The hash-consing table over thousands of nodes (it grows many times):
    /// the same operation on the same registers is the same register, and
    /// distinct ones stay distinct.
    @Test func internedNodesAreSharedAcrossGrowth() {
        var b = ProgramBuilder(parameterCount: 3, columnCount: 0)
        let params = (0..<3).map { b.parameter($0) }
        var firsts: [Register] = []
        for k in 0..<3_000 {
            let c = b.constant(Double(k) + 0.5)
            firsts.append(b.binary(.multiply, params[k % 3], c))
        }
        #expect(Set(firsts.map(\.index)).count == 3_000)
        for k in 0..<3_000 {
            let again = b.binary(.multiply, params[k % 3], b.constant(Double(k) + 0.5))
            #expect(again.index == firsts[k].index)
        }
    }

    @Test func unusedNodesAreDropped() throws {
        var b = ProgramBuilder()
        let x = b.parameter(0)
        _ = b.unary(.exp, b.unary(.sin, x))
        let program = try b.build(outputs: [b.unary(.cos, x)])
        #expect(program.registerCount == 2)
    }

    @Test func constantsFoldToTheValueTheProgramWouldCompute() throws {
        var b = ProgramBuilder()
        let folded = b.binary(.divide, b.constant(1), b.constant(3))
        let zeroOverZero = b.binary(.divide, b.constant(0), b.constant(0))
        let program = try b.build(outputs: [folded, zeroOverZero, b.unary(.exp, b.constant(1))])
        #expect(program.operationCount == 0)
        let values = try program.evaluate(parameters: [])
        #expect(values[0] == 1.0 / 3 && values[1].isNaN && values[2] == exp(1.0))
    }

    @Test func onlyExactIdentitiesAreApplied() throws {
        var b = ProgramBuilder()
        let x = b.parameter(0)
        #expect(b.binary(.multiply, x, b.constant(1)) == x)
        #expect(b.binary(.multiply, b.constant(1), x) == x)
        #expect(b.binary(.divide, x, b.constant(1)) == x)
        #expect(b.binary(.subtract, x, b.constant(0)) == x)
        #expect(b.binary(.add, x, b.constant(-0.0)) == x)
        #expect(b.unary(.negate, b.unary(.negate, x)) == x)
        #expect(b.binary(.power, x, b.constant(1)) == x)
        #expect(b.binary(.multiply, b.constant(-1), x) == b.unary(.negate, x))
        let y = b.parameter(1)
        #expect(b.binary(.add, x, b.unary(.negate, y)) == b.binary(.subtract, x, y))
        #expect(b.binary(.add, b.unary(.negate, y), x) == b.binary(.subtract, x, y))
        #expect(b.binary(.subtract, x, b.unary(.negate, y)) == b.binary(.add, x, y))
        // x + 0 is not x: -0 + 0 is +0.
        let plusZero = b.binary(.add, x, b.constant(0))
        #expect(plusZero != x)
        // x - (-0) is x + 0, likewise.
        #expect(b.binary(.subtract, x, b.constant(-0.0)) != x)
        let program = try b.build(outputs: [plusZero, b.binary(.power, x, b.constant(0))])
        let values = try program.evaluate(parameters: [-0.0, 0])
        #expect(values[0].bitPattern == (0.0).bitPattern)
        #expect(try program.evaluate(parameters: [.nan, 0])[1] == 1)  // libmPow(nan, 0) is 1
    }

    /// The rewrites above are exact: the IEEE operations they replace give
    /// the same doubles on every input, signed zeros and infinities included.
    @Test func negationRewritesAreExact() {
        var generator = SeededGenerator(seed: 8)
        for _ in 0..<20_000 {
            let x = generator.interestingDouble(), y = generator.interestingDouble()
            #expect(sameBits(-1 * x, -x))
            #expect(sameBits(x + (-y), x - y))
            #expect(sameBits((-y) + x, x - y))
            #expect(sameBits(x - (-y), x + y))
        }
    }

    @Test func integerPowersStayPowUnlessAllowed() throws {
        func build(_ rewrite: Bool, _ exponent: Double) throws -> Program {
            var b = ProgramBuilder()
            b.rewritesIntegerPowers = rewrite
            return try b.build(outputs: [b.binary(.power, b.parameter(0), b.constant(exponent))])
        }
        #expect(try build(false, 2).nodes.contains(.binary(.power, 0, 1)))
        var generator = SeededGenerator(seed: 9)
        for exponent in [2.0, 3, 4, 5, 8, -1, -2, -3] {
            let program = try build(true, exponent)
            #expect(!program.nodes.contains { if case .binary(.power, _, _) = $0 { true } else { false } })
            for _ in 0..<200 {
                let x = Double.random(in: -4...4, using: &generator)
                let value = try program.evaluate(parameters: [x])[0]
                let reference = libmPow(x, exponent)
                #expect(Swift.abs(value - reference) <= 4 * reference.ulp, "x^\(exponent) at \(x)")
            }
        }
        // x^2 is exactly x*x, and x^4 reuses it.
        #expect(try build(true, 2).evaluate(parameters: [1.1]) == [1.1 * 1.1])
        #expect(try build(true, 4).operationCount == 2)
        // Beyond the limit, or not an integer: pow.
        #expect(try build(true, 9).operationCount == 1 && build(true, 2.5).operationCount == 1)
    }

    @Test func powerRewritingAppliesOnlyToNodesAddedWhileSet() throws {
        let exact = try leastSquaresProgram(rewritesPowers: false)
        let rewritten = try leastSquaresProgram(rewritesPowers: true)
        #expect(exact.nodes.contains { if case .binary(.power, _, _) = $0 { true } else { false } })
        #expect(!rewritten.nodes.contains { if case .binary(.power, _, _) = $0 { true } else { false } })
    }

    @Test func invalidIndicesAreBuildErrors() {
        var b = ProgramBuilder()
        _ = b.parameter(-1)
        #expect(throws: BuildError.invalidIndex(-1)) { try b.build(outputs: []) }
        var c = ProgramBuilder()
        let foreign = Register(index: 5)
        #expect(throws: BuildError.invalidIndex(5)) { try c.build(outputs: [foreign]) }
        _ = c.unary(.exp, foreign)
        #expect(throws: BuildError.invalidIndex(5)) { try c.build(outputs: []) }
        var d = ProgramBuilder()
        _ = d.column(Int.max)  // no overflow computing the column count
        #expect(throws: BuildError.invalidIndex(Int.max)) { try d.build(outputs: []) }
    }
}

@Suite("Evaluation errors")
struct EvaluationErrorTests {
    @Test func wrongParameterCount() throws {
        let evaluator = ProgramEvaluator(program: try leastSquaresProgram())
        #expect(throws: EvaluationError.parameterCountMismatch(expected: 2, got: 1)) {
            try evaluator.evaluate(parameters: [1], row: [1, 2])
        }
        let table = try ColumnTable(columns: [[1], [2]])
        #expect(throws: EvaluationError.parameterCountMismatch(expected: 2, got: 3)) {
            try evaluator.evaluate(parameters: [1, 2, 3], over: table)
        }
    }

    @Test func missingColumns() throws {
        let evaluator = ProgramEvaluator(program: try leastSquaresProgram())
        #expect(throws: EvaluationError.missingColumn(index: 1, available: 1)) {
            try evaluator.evaluate(parameters: [1, 2], row: [1])
        }
        let table = try ColumnTable(columns: [[1, 2, 3]])
        #expect(throws: EvaluationError.missingColumn(index: 1, available: 1)) {
            try evaluator.evaluate(parameters: [1, 2], over: table)
        }
    }

    @Test func mismatchedColumnLengths() {
        #expect(throws: EvaluationError.columnLengthMismatch(column: 1, length: 2, expected: 3)) {
            try ColumnTable(columns: [[1, 2, 3], [1, 2]])
        }
    }

    @Test func rowIndicesOutsideTheTable() throws {
        let evaluator = ProgramEvaluator(program: try leastSquaresProgram())
        let table = try ColumnTable(columns: [[1, 2, 3], [4, 5, 6]])
        #expect(throws: EvaluationError.rowIndexOutOfRange(row: 3, rowCount: 3)) {
            try evaluator.evaluate(parameters: [1, 2], over: table, rows: [0, 3])
        }
        #expect(throws: EvaluationError.rowIndexOutOfRange(row: -1, rowCount: 3)) {
            try evaluator.evaluate(parameters: [1, 2], over: table, rows: [-1])
        }
        // The whole batch is tested at once (signs of r and r − n): the
        // extremes, and one bad row among many good ones, anywhere.
        for bad in [Int.min, Int.min + 3, -3, 4, Int.max - 2, Int.max] {
            for position in [0, 17, 39] {
                var rows = (0..<40).map { $0 % 3 }
                rows[position] = bad
                #expect(throws: EvaluationError.rowIndexOutOfRange(row: bad, rowCount: 3)) {
                    try evaluator.evaluate(parameters: [1, 2], over: table, rows: rows)
                }
            }
        }
        #expect(try evaluator.evaluate(parameters: [1, 2], over: table, rows: (0..<40).map { $0 % 3 }).count == 3)
    }

    @Test func messagesNameTheProblem() {
        #expect(EvaluationError.parameterCountMismatch(expected: 1, got: 2).description == "expected 1 parameter, got 2")
        #expect(EvaluationError.rowIndexOutOfRange(row: 7, rowCount: 3).description.contains("row 7"))
    }
}

@Suite("Program listing")
struct ProgramListingTests {
    @Test func listsRegistersInOrder() throws {
        var b = ProgramBuilder()
        let product = b.binary(.multiply, b.parameter(0), b.column(0))
        let program = try b.build(outputs: [b.reduce(.mean, product), b.constant(0.5)])
        #expect(program.description == """
            r0 = θ[0]
            r1 = column 0
            r2 = multiply r0 r1
            r3 = mean r2
            r4 = 0.5
            outputs: r3, r4
            """)
    }
}
