import Core
import Foundation
import Testing
@testable import Numeric

/// The block kernels' eight-lane forms against the scalar definitions, on
/// values that include `nan`, `±0` and `±inf`, for every operand form and
/// every way a result leaves a kernel (stored, reduced, both).
@Suite("Block kernels agree with the scalar definitions")
struct KernelTests {
    static let rowCount = 1037  // not a multiple of 8 or of the block size

    static func interestingColumns() throws -> ([[Double]], ColumnTable) {
        var generator = SeededGenerator(seed: 11)
        let columns = (0..<2).map { _ in (0..<rowCount).map { _ in generator.interestingDouble() } }
        return (columns, try ColumnTable(columns: columns))
    }

    @Test(arguments: UnaryOp.allCases)
    func unaryPerRowAndReduced(op: UnaryOp) throws {
        let (columns, table) = try Self.interestingColumns()
        var b = ProgramBuilder()
        let value = b.unary(op, b.column(0))
        // Stored (per-row output) and reduced: both sinks at once.
        let both = try b.build(outputs: [value, b.reduce(.sum, value)])
        let perRow = try ProgramEvaluator(program: both, blockSize: 128).evaluatePerRow(parameters: [], over: table)
        let expected = columns[0].map { op.apply($0) }
        #expect(sameBits(perRow[0], expected))
        #expect(sameBits(perRow[1][0], PairwiseSum.of(expected)))
        // Reduced only: the fused kernel never stores.
        var c = ProgramBuilder()
        let reducedOnly = try c.build(outputs: [c.reduce(.sum, c.unary(op, c.column(0)))])
        #expect(sameBits(try reducedOnly.evaluate(parameters: [], over: table)[0], PairwiseSum.of(expected)))
    }

    @Test(arguments: BinaryOp.allCases)
    func binaryInEveryOperandForm(op: BinaryOp) throws {
        let (columns, table) = try Self.interestingColumns()
        for scalar in [0.5, -0.0, .nan, .infinity] {
            var b = ProgramBuilder()
            let x = b.column(0), y = b.column(1), s = b.parameter(0)
            let forms = [b.binary(op, x, y), b.binary(op, x, s), b.binary(op, s, x)]
            let outputs = forms + forms.map { b.reduce(.sum, $0) }
            let program = try b.build(outputs: outputs)
            let perRow = try ProgramEvaluator(program: program, blockSize: 64).evaluatePerRow(parameters: [scalar], over: table)
            // A column to a number's power follows NumPy (only 0.5 of these
            // scalars is one of its special exponents).
            let columnToScalar: (Double) -> Double =
                op == .power && scalar == 0.5 ? { UnaryOp.sqrt.apply($0) } : { op.apply($0, scalar) }
            let expected = [
                zip(columns[0], columns[1]).map { op.apply($0, $1) },
                columns[0].map(columnToScalar),
                columns[0].map { op.apply(scalar, $0) },
            ]
            for form in 0..<3 {
                #expect(sameBits(perRow[form], expected[form]), "\(op) form \(form) with \(scalar)")
                #expect(sameBits(perRow[3 + form][0], PairwiseSum.of(expected[form])))
            }
        }
    }

    @Test func severalReductionsOfOneValueAndOfAColumn() throws {
        let (columns, table) = try Self.interestingColumns()
        let finite = columns.map { $0.map { $0.isFinite ? $0 : 1 } }
        let finiteTable = try ColumnTable(columns: finite)
        var b = ProgramBuilder()
        let x = b.column(0)
        let product = b.binary(.multiply, x, b.column(1))
        let program = try b.build(outputs: [b.reduce(.sum, product), b.reduce(.mean, product), b.reduce(.mean, x)])
        let values = try ProgramEvaluator(program: program, blockSize: 16).evaluate(parameters: [], over: finiteTable)
        let products = zip(finite[0], finite[1]).map { $0 * $1 }
        let n = Double(Self.rowCount)
        #expect(sameBits(values, [PairwiseSum.of(products), PairwiseSum.of(products) / n, PairwiseSum.of(finite[0]) / n]))
        _ = table
    }
}

@Suite("Folding a scalar operation into its operand's loop")
struct PostOperationTests {
    @Test(arguments: [BinaryOp.add, .subtract, .multiply, .divide])
    func foldedOperationGivesTheSameRows(op: BinaryOp) throws {
        let (columns, table) = try KernelTests.interestingColumns()
        for scalarFirst in [false, true] {
            for scalar in [0.0, -0.0, 2.5, .nan] {
                var b = ProgramBuilder()
                let x = b.column(0), y = b.column(1), s = b.parameter(0)
                // Producers of each kind: unary, binary of two columns, binary with a scalar.
                let producers = [b.unary(.exp, x), b.binary(.multiply, x, y), b.binary(.subtract, s, x)]
                let consumers = producers.map { scalarFirst ? b.binary(op, s, $0) : b.binary(op, $0, s) }
                let program = try b.build(outputs: consumers)
                // Each consumer is folded into its producer's step: three steps besides the columns.
                let computeSteps = program.schedule.passes[0].steps.filter {
                    if case .loadColumn = $0 { false } else { true }
                }
                #expect(computeSteps.count == 3)
                let perRow = try ProgramEvaluator(program: program, blockSize: 40).evaluatePerRow(parameters: [scalar], over: table)
                let point = ProgramEvaluator(program: program)
                for row in stride(from: 0, to: KernelTests.rowCount, by: 7) {
                    let expected = try point.evaluate(parameters: [scalar], row: [columns[0][row], columns[1][row]])
                    #expect(sameBits(perRow.map { $0[row] }, expected), "\(op) row \(row)")
                }
                // Reduced only: folded, fused into the sum, never stored.
                var c = ProgramBuilder()
                let inner = c.binary(.multiply, c.column(0), c.column(1))
                let outer = scalarFirst ? c.binary(op, c.parameter(0), inner) : c.binary(op, inner, c.parameter(0))
                let reduced = try c.build(outputs: [c.reduce(.sum, outer)])
                let rows = zip(columns[0], columns[1]).map { scalarFirst ? op.apply(scalar, $0 * $1) : op.apply($0 * $1, scalar) }
                #expect(sameBits(try reduced.evaluate(parameters: [scalar], over: table)[0], PairwiseSum.of(rows)))
            }
        }
    }

    /// A per-row value computed with a scalar and read by one binary step
    /// is computed inside that step's loop (`pre`), for arithmetic as v·m + c
    /// (`ScalarOperation.affine`): the same bits as the operation itself,
    /// `±0`, `±inf` and `nan` included, on either side of the consumer.
    @Test(arguments: [BinaryOp.add, .subtract, .multiply, .divide])
    func inlinedOperationGivesTheSameRows(op: BinaryOp) throws {
        let (columns, table) = try KernelTests.interestingColumns()
        for scalarFirst in [false, true] {
            for scalar in [0.0, -0.0, 1, -1, 2.5, .nan, .infinity] {
                // Stored (a per-row output) and reduced only (fused into the sum, never stored).
                let programs = try [false, true].map { reduced in
                    var b = ProgramBuilder()
                    let x = b.column(0), y = b.column(1), s = b.parameter(0)
                    let shifted = scalarFirst ? b.binary(op, s, x) : b.binary(op, x, s)
                    return try b.build(
                        outputs: [reduced ? b.reduce(.sum, b.binary(.multiply, y, shifted)) : b.binary(.subtract, shifted, y)])
                }
                for program in programs {
                    let inlined = program.schedule.passes[0].steps.contains {
                        if case .binary(_, _, _, _, _, _, _, let aPre, let bPre) = $0 { aPre != nil || bPre != nil } else { false }
                    }
                    #expect(inlined)
                }
                let shiftedRows = columns[0].map { scalarFirst ? op.apply(scalar, $0) : op.apply($0, scalar) }
                let stored = try ProgramEvaluator(program: programs[0], blockSize: 40).evaluatePerRow(parameters: [scalar], over: table)
                #expect(sameBits(stored[0], zip(shiftedRows, columns[1]).map { $0 - $1 }), "\(op) \(scalar)")
                let reduced = try ProgramEvaluator(program: programs[1], blockSize: 40).evaluate(parameters: [scalar], over: table)
                #expect(sameBits(reduced[0], PairwiseSum.of(zip(columns[1], shiftedRows).map { $0 * $1 })), "\(op) \(scalar)")
            }
        }
    }

    /// A product with a scalar then a sum or difference with another
    /// (`x*b + a`, `a - x*b`), read by binary steps only, is one v·m + c in
    /// each reader's loop; and a value computed with a scalar that several
    /// binary steps read is computed in each of their loops. The same bits
    /// as the operations in turn, `±0`, `±inf` and `nan` included.
    @Test(arguments: [BinaryOp.add, .subtract])
    func productThenSumInlinedGivesTheSameRows(op: BinaryOp) throws {
        let (columns, table) = try KernelTests.interestingColumns()
        let specials = [0.0, -0.0, 1, -1, 2.5, .nan, .infinity]
        for scalarFirst in [false, true] {
            for k in specials {
                for s in specials {
                var b = ProgramBuilder()
                let x = b.column(0), y = b.column(1)
                let product = b.binary(.multiply, x, b.parameter(0))
                let chained = scalarFirst ? b.binary(op, b.parameter(1), product) : b.binary(op, product, b.parameter(1))
                // Two readers each: `chained` one per-row output, one reduced.
                let stored = b.binary(.subtract, chained, y)
                let reduced = b.reduce(.sum, b.binary(.multiply, y, chained))
                let shared = b.binary(.add, x, b.parameter(1))
                let program = try b.build(
                    outputs: [stored, reduced, b.binary(.divide, shared, y), b.binary(.multiply, y, shared)])
                let steps = program.schedule.passes[0].steps
                #expect(steps.count(where: { if case .loadColumn = $0 { false } else { true } }) == 4)
                #expect(steps.contains {
                    if case .binary(_, _, _, _, _, _, _, let aPre, let bPre) = $0 { aPre?.then != nil || bPre?.then != nil } else { false }
                })
                let rows = try ProgramEvaluator(program: program, blockSize: 40).evaluatePerRow(parameters: [k, s], over: table)
                let chainedRows = columns[0].map { scalarFirst ? op.apply(s, $0 * k) : op.apply($0 * k, s) }
                let sharedRows = columns[0].map { $0 + s }
                #expect(sameBits(rows[0], zip(chainedRows, columns[1]).map { $0 - $1 }), "\(op) \(k) \(s)")
                #expect(sameBits(rows[1][0], PairwiseSum.of(zip(columns[1], chainedRows).map { $0 * $1 })), "\(op) \(k) \(s)")
                #expect(sameBits(rows[2], zip(sharedRows, columns[1]).map { $0 / $1 }), "\(op) \(k) \(s)")
                #expect(sameBits(rows[3], zip(columns[1], sharedRows).map { $0 * $1 }), "\(op) \(k) \(s)")
                }
            }
        }
    }

    @Test func aValueReadTwiceIsNotFolded() throws {
        var b = ProgramBuilder()
        let product = b.binary(.multiply, b.column(0), b.column(1))
        let shifted = b.binary(.add, product, b.parameter(0))
        let program = try b.build(outputs: [b.reduce(.sum, shifted), b.reduce(.sum, b.binary(.multiply, product, product))])
        let steps = program.schedule.passes[0].steps.filter { if case .loadColumn = $0 { false } else { true } }
        #expect(steps.count == 3)
        let table = try ColumnTable(columns: [[1, 2, 3], [4, 5, 6]])
        #expect(try program.evaluate(parameters: [0.5], over: table) == [33.5, 16 + 100 + 324])
    }
}

@Suite("Powers of columns by NumPy's rules")
struct ColumnPowerTests {
    /// Over rows, `c^2` is `c*c`, `c^0.5` is `sqrt(c)` and `c^-1` is `1/c`
    /// (NumPy's `square`, `sqrt`, `reciprocal`), including where `pow` gives
    /// another double; any other power, and a power at one point, is `pow`.
    @Test func columnPowersFollowNumPyAndPointPowersFollowPython() throws {
        var generator = SeededGenerator(seed: 31)
        var values: [Double] = [7.2249061795510094, 0, -0.0, .nan, .infinity, -.infinity, 0x1p-450, 0x1p450,
                                0x1.0000000000001p-450, 0x1.fffffffffffffp449, 1e-300, 1e300, .leastNonzeroMagnitude, -4]
        for _ in 0..<200_000 {
            values.append(Bool.random(using: &generator)
                ? Double.random(in: -10...10, using: &generator) : generator.interestingDouble())
        }
        let table = try ColumnTable(columns: [values])
        var b = ProgramBuilder()
        let exponents = [2.0, 0.5, -1, 3, -0.5]
        let powers = exponents.map { b.binary(.power, b.column(0), b.constant($0)) }
        let program = try b.build(outputs: powers)
        let perRow = try ProgramEvaluator(program: program).evaluatePerRow(parameters: [], over: table)
        let numpy: [(Double) -> Double] = [
            { $0 * $0 }, { $0 < 0 ? .nan : $0.squareRoot() }, { 1 / $0 }, { libmPow($0, 3) }, { libmPow($0, -0.5) },
        ]
        var squaresUnlikePow = 0
        for (k, rule) in numpy.enumerated() {
            #expect(sameBits(perRow[k], values.map(rule)), "exponent \(exponents[k])")
        }
        for x in values where !sameBits(x * x, libmPow(x, 2)) { squaresUnlikePow += 1 }
        // The columns include values where c*c and pow(c, 2) differ.
        #expect(squaresUnlikePow > 20)
        // At one point, the same program is Python's `**`: pow.
        for x in values.prefix(2000) {
            let atPoint = try ProgramEvaluator(program: program).evaluate(parameters: [], row: [x])
            #expect(sameBits(atPoint, exponents.map { libmPow(x, $0) }), "x = \(x)")
        }
    }
}

@Suite("exp and σ eight lanes at once")
struct ExponentialKernelTests {
    /// Blocks of mostly typical arguments (so whole groups of eight take the
    /// vector path) with special values and arguments outside exp's core
    /// range mixed in (so other groups take the scalar fallback): every row
    /// is exactly the scalar definition, stored and reduced.
    @Test(arguments: [UnaryOp.exp, .sigmoid])
    func blocksEqualTheScalarDefinition(op: UnaryOp) throws {
        var generator = SeededGenerator(seed: 41)
        let specials: [Double] = [0, -0.0, 0x1p-1074, -0x1p-60, .infinity, -.infinity, .nan, 512, -512, 709.8, -745.2, 1e300]
        var values: [Double] = []
        for _ in 0..<100_003 {
            switch Int.random(in: 0..<50, using: &generator) {
            case 0: values.append(specials[Int.random(in: 0..<specials.count, using: &generator)])
            case 1: values.append(Double.random(in: -1000...1000, using: &generator))
            case 2: values.append(generator.interestingDouble())
            default: values.append(Double.random(in: -40...40, using: &generator))
            }
        }
        let table = try ColumnTable(columns: [values])
        var b = ProgramBuilder()
        let value = b.unary(op, b.column(0))
        let program = try b.build(outputs: [value, b.reduce(.sum, value)])
        let result = try ProgramEvaluator(program: program).evaluatePerRow(parameters: [], over: table)
        let expected = values.map { op.apply($0) }
        let differing = zip(result[0], expected).filter { !sameBits($0, $1) }.count
        #expect(differing == 0)
        #expect(sameBits(result[1][0], PairwiseSum.of(expected)))
        // Both paths ran: most groups of eight are all in the core range, some are not.
        let groups = stride(from: 0, to: values.count - 7, by: 8).map { values[$0..<$0 + 8].allSatisfy { abs($0) < 512 } }
        #expect(groups.filter { $0 }.count > groups.count / 2)
        #expect(groups.filter { !$0 }.count > 1000)
    }

    /// The scalar definitions are gd's own exp.
    @Test func scalarDefinitionsUseGdsExp() {
        for x in [-3.5, 0.25, 1, 700, -740] {
            #expect(UnaryOp.exp.apply(x).bitPattern == exponential(x).bitPattern)
            #expect(UnaryOp.sigmoid.apply(x).bitPattern == (1 / (1 + exponential(-x))).bitPattern)
        }
    }
}
