import Core
import Foundation
import Testing
@testable import Numeric

@Suite("Evaluation over columns")
struct ColumnEvaluationTests {
    static func randomColumns(rows: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        let x = (0..<rows).map { _ in Double.random(in: -3...3, using: &generator) }
        let y = x.map { 1.5 - 0.7 * $0 + Double.random(in: -0.5...0.5, using: &generator) }
        return [x, y]
    }

    /// The reference semantics: the program at each row alone, then each
    /// reduction's operand summed in NumPy's pairwise order (`PairwiseSum`).
    /// The square is `r*r`, NumPy's `square` over columns (the C library's
    /// `pow(r, 2)` may be an ulp off for huge `r`). BatchEvaluationTests
    /// checks the batch path against this same reference.
    static func referenceLeastSquares(_ columns: [[Double]], rows: [Int], parameters: [Double]) -> [Double] {
        let (t0, t1) = (parameters[0], parameters[1])
        var squares: [Double] = [], twice: [Double] = [], twiceX: [Double] = []
        for row in rows {
            let x = columns[0][row], y = columns[1][row]
            let residual = (t0 + t1 * x) - y
            squares.append(residual * residual)
            twice.append(2 * residual)
            twiceX.append(2 * residual * x)
        }
        let n = Double(rows.count)
        return [PairwiseSum.of(squares) / n, PairwiseSum.of(twice) / n, PairwiseSum.of(twiceX) / n]
    }

    @Test(arguments: [0, 1, 7, 8, 9, 1023, 1024, 1025, 5000])
    func wholeTableMatchesRowByRowReference(rows: Int) throws {
        let columns = Self.randomColumns(rows: rows, seed: UInt64(rows) + 10)
        let table = try ColumnTable(columns: columns)
        let parameters = [0.25, -1.5]
        let expected = Self.referenceLeastSquares(columns, rows: Array(0..<rows), parameters: parameters)
        for blockSize in [8, 24, 1024] {
            let evaluator = ProgramEvaluator(program: try leastSquaresProgram(), blockSize: blockSize)
            let values = try evaluator.evaluate(parameters: parameters, over: table)
            #expect(sameBits(values, expected), "rows \(rows), block \(blockSize): \(values) vs \(expected)")
        }
    }

    @Test func subsetMatchesReferenceInBatchOrder() throws {
        let columns = Self.randomColumns(rows: 3000, seed: 42)
        let table = try ColumnTable(columns: columns)
        var generator = SeededGenerator(seed: 43)
        let evaluator = ProgramEvaluator(program: try leastSquaresProgram(), blockSize: 64)
        var outputs: [Double] = []
        for batchSize in [1, 5, 32, 100, 2500] {
            let batch = (0..<batchSize).map { _ in Int.random(in: 0..<3000, using: &generator) }
            let parameters = [generator.interestingDouble(), Double.random(in: -2...2, using: &generator)]
            try evaluator.evaluate(parameters: parameters, over: table, rows: batch, into: &outputs)
            let expected = Self.referenceLeastSquares(columns, rows: batch, parameters: parameters)
            #expect(sameBits(outputs, expected), "batch \(batchSize)")
            // A slice of a larger order gives the same as the array of its rows.
            let order = [7, 7] + batch + [9]
            try evaluator.evaluate(parameters: parameters, over: table, rows: order[2..<(2 + batchSize)], into: &outputs)
            #expect(sameBits(outputs, expected), "slice of batch \(batchSize)")
            // ... and as a stretch of a buffer (how SGD passes its batches).
            try order[2..<(2 + batchSize)].withUnsafeBufferPointer { (rows) throws(EvaluationError) in
                try evaluator.evaluate(parameters: parameters, over: table, rows: rows, into: &outputs)
            }
            #expect(sameBits(outputs, expected), "buffer of batch \(batchSize)")
            // ... and the same as a table holding just those rows.
            let gathered = try ColumnTable(columns: columns.map { column in batch.map { column[$0] } })
            #expect(sameBits(try evaluator.evaluate(parameters: parameters, over: gathered), expected))
        }
    }

    @Test func prefetchIsOnlyAHint() throws {
        // Prefetching any rows, out-of-range ones and more than the limit
        // included, changes no result and reports nothing.
        let columns = Self.randomColumns(rows: 1000, seed: 8)
        let table = try ColumnTable(columns: columns)
        let evaluator = ProgramEvaluator(program: try leastSquaresProgram(), blockSize: 64)
        let batch = [3, 999, 0, 512, 3]
        let parameters = [0.5, -0.25]
        let before = try evaluator.evaluate(parameters: parameters, over: table, rows: batch)
        let hints = [-1, 1000, Int.min, Int.max] + batch + Array(0..<(ProgramEvaluator.prefetchLimit + 10))
        let narrow = try ColumnTable(columns: [columns[0]])
        hints.withUnsafeBufferPointer { evaluator.prefetch(over: table, rows: $0) }
        evaluator.prefetch(over: table, rows: UnsafeBufferPointer(start: nil, count: 0))
        batch.withUnsafeBufferPointer { evaluator.prefetch(over: narrow, rows: $0) }
        #expect(sameBits(try evaluator.evaluate(parameters: parameters, over: table, rows: batch), before))
        #expect(sameBits(before, Self.referenceLeastSquares(columns, rows: batch, parameters: parameters)))
    }

    @Test func perRowOutputsMatchScalarEvaluationAtEachRow() throws {
        var b = ProgramBuilder()
        let x = b.column(0), y = b.column(1), a = b.parameter(0)
        let score = b.binary(.subtract, b.binary(.multiply, a, x), y)
        let outputs = [
            b.unary(.sigmoid, score), b.binary(.greater, score, b.constant(0)), b.unary(.abs, score),
            b.binary(.power, x, b.constant(3)), b.unary(.exp, a),
        ]
        let program = try b.build(outputs: outputs)
        #expect(program.outputKinds == [.perRow, .perRow, .perRow, .perRow, .scalar])
        let columns = Self.randomColumns(rows: 2100, seed: 5)
        let table = try ColumnTable(columns: columns)
        let evaluator = ProgramEvaluator(program: program, blockSize: 512)
        let perRow = try evaluator.evaluatePerRow(parameters: [0.3], over: table)
        let pointEvaluator = ProgramEvaluator(program: program)
        for row in 0..<2100 {
            let expected = try pointEvaluator.evaluate(parameters: [0.3], row: [columns[0][row], columns[1][row]])
            #expect(sameBits(perRow.map { $0[row] }, expected), "row \(row)")
        }
        let subset = try evaluator.evaluatePerRow(parameters: [0.3], over: table, rows: [2099, 0, 5])
        #expect(sameBits(subset[0], [perRow[0][2099], perRow[0][0], perRow[0][5]]))
        #expect(throws: EvaluationError.perRowOutput(output: 0)) {
            try evaluator.evaluate(parameters: [0.3], over: table)
        }
    }

    @Test func nestedReductionsRunOnePassPerLevel() throws {
        // Population variance as two passes: mean((x - mean(x))^2).
        var b = ProgramBuilder()
        let x = b.column(0)
        let mean = b.reduce(.mean, x)
        let deviation = b.binary(.subtract, x, mean)
        let variance = b.reduce(.mean, b.binary(.power, deviation, b.constant(2)))
        let program = try b.build(outputs: [variance, mean, deviation])
        #expect(program.schedule.passes.count == 2)
        let values = Self.randomColumns(rows: 1500, seed: 6)[0]
        let table = try ColumnTable(columns: [values])
        let expectedMean = PairwiseSum.of(values) / 1500
        let expectedDeviation = values.map { $0 - expectedMean }
        let expectedVariance = PairwiseSum.of(expectedDeviation.map { libmPow($0, 2) }) / 1500
        let perRow = try ProgramEvaluator(program: program, blockSize: 256).evaluatePerRow(parameters: [], over: table)
        #expect(sameBits(perRow[0], [Double](repeating: expectedVariance, count: 1500)))
        #expect(sameBits(perRow[1], [Double](repeating: expectedMean, count: 1500)))
        #expect(sameBits(perRow[2], expectedDeviation))
    }

    @Test func reducingAScalarIsExactWithoutAPass() throws {
        var b = ProgramBuilder()
        let p = b.parameter(0)
        let program = try b.build(outputs: [b.reduce(.sum, p), b.reduce(.mean, p)])
        #expect(program.schedule.passes.isEmpty)
        let table = try ColumnTable(columns: [[Double](repeating: 0, count: 13)])
        let values = try program.evaluate(parameters: [0.1], over: table)
        #expect(sameBits(values, [13 * 0.1, 0.1]))
        #expect(sameBits(try program.evaluate(parameters: [0.1]), [0.1, 0.1]))
    }

    /// As `numpy.sum`: the pairwise tree starts from `-0`, and the total is
    /// added to the identity `+0`, so a sum of `-0`s is `+0`.
    @Test func sumsOfNegativeZerosArePositiveZeroAsNumPys() throws {
        var b = ProgramBuilder()
        let program = try b.build(outputs: [b.reduce(.sum, b.column(0))])
        let allNegativeZero = try ColumnTable(columns: [[-0.0, -0.0, -0.0]])
        #expect(try program.evaluate(parameters: [], over: allNegativeZero)[0].bitPattern == (0.0).bitPattern)
        let mixed = try ColumnTable(columns: [[-0.0, 0.0]])
        #expect(try program.evaluate(parameters: [], over: mixed)[0].bitPattern == (0.0).bitPattern)
        #expect(PairwiseSum.of([Double]()).bitPattern == (0.0).bitPattern)
    }

    @Test func emptyTableGivesZeroSumAndNanMean() throws {
        let table = try ColumnTable(columns: [[], []])
        let values = try leastSquaresProgram().evaluate(parameters: [1, 2], over: table)
        #expect(values.allSatisfy { $0.isNaN })
        var b = ProgramBuilder()
        let program = try b.build(outputs: [b.reduce(.sum, b.column(0))])
        #expect(try program.evaluate(parameters: [], over: table)[0].bitPattern == (0.0).bitPattern)
    }

    /// One leaf added a block at a time gives `PairwiseSum.leaf`'s bits.
    @Test func aLeafAddedInBlocksEqualsTheReferenceLeaf() {
        var generator = SeededGenerator(seed: 7)
        for length in [0, 1, 3, 8, 15, 16, 17, 100, 127, 128] {
            let values = (0..<length).map { _ in generator.interestingDouble() }.map { $0.isFinite ? $0 : 1 }
            var sum = LeafSum()
            values.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                // Two blocks: the first a multiple of 8, as the evaluator cuts them.
                let first = min(length & ~7, 64)
                withUnsafeMutablePointer(to: &sum) { sum in
                    accumulateBlock(base, first, into: sum, .whole)
                    accumulateBlock(base + first, length - first, into: sum, .whole)
                }
            }
            #expect(sameBits(0 + sum.total, PairwiseSum.of(values)), "length \(length)")
        }
    }

    /// Reductions over a table are NumPy's pairwise sums, whatever the block
    /// size: a column of every length from 1 to 600 and one of 10 007 rows.
    @Test func reductionsArePairwiseForAnyLengthAndBlockSize() throws {
        var generator = SeededGenerator(seed: 8)
        var b = ProgramBuilder()
        let column = b.column(0)
        let program = try b.build(outputs: [b.reduce(.sum, column), b.reduce(.mean, b.binary(.multiply, column, column))])
        let evaluators = [8, 64, 256, 1000].map { ProgramEvaluator(program: program, blockSize: $0, threadCount: 1) }
        for length in Array(1...600) + [10_007] {
            let values = (0..<length).map { _ in Double.random(in: -1...1, using: &generator) * 1e4 }
            let table = try ColumnTable(columns: [values])
            let expected = [PairwiseSum.of(values), PairwiseSum.of(values.map { $0 * $0 }) / Double(length)]
            for evaluator in evaluators {
                let result = try evaluator.evaluate(parameters: [], over: table)
                #expect(sameBits(result, expected), "length \(length), block \(evaluator.blockSize)")
            }
        }
    }

    /// A computed value squared (the constant power 2) is squared inside the
    /// loop that computes it, stored or reduced, with `c*c`'s bits.
    @Test func aSquareOfAComputedValueFoldsIntoItsProducer() throws {
        var generator = SeededGenerator(seed: 10)
        let x = (0..<1000).map { _ in Double.random(in: -10...10, using: &generator) }
        let y = (0..<1000).map { _ in Double.random(in: -10...10, using: &generator) }
        let table = try ColumnTable(columns: [x, y])
        var b = ProgramBuilder(parameterCount: 1, columnCount: 2)
        let residual = b.binary(.subtract, b.binary(.multiply, b.column(0), b.parameter(0)), b.column(1))
        let square = b.binary(.power, residual, b.constant(2))
        let program = try b.build(outputs: [square, b.reduce(.mean, b.binary(.power, b.binary(.add, b.column(0), b.column(1)), b.constant(2)))])
        #expect(program.schedule.passes[0].steps.contains {
            if case .binary(_, _, _, _, _, _, let post?, _, _) = $0 { return post.op == .power }
            return false
        })
        let result = try ProgramEvaluator(program: program).evaluatePerRow(parameters: [1.7], over: table)
        let residuals = zip(x, y).map { $0 * 1.7 - $1 }
        #expect(sameBits(result[0], residuals.map { $0 * $0 }))
        #expect(sameBits(result[1][0], PairwiseSum.of(zip(x, y).map { ($0 + $1) * ($0 + $1) }) / 1000))
    }

    /// The example of LANGUAGE.md: NumPy's mean of [1e16, 1, -1e16, 1] is 0.25.
    @Test func theMeanOfACancellingColumnIsNumPys() throws {
        var b = ProgramBuilder()
        let program = try b.build(outputs: [b.reduce(.mean, b.column(0))])
        let table = try ColumnTable(columns: [[1e16, 1, -1e16, 1]])
        #expect(try program.evaluate(parameters: [], over: table) == [0.25])
    }

    /// One thread or two (the halves of the pairwise tree's root), the same
    /// bits: a full-batch gradient descent over 300 000 rows, 12 steps.
    @Test func oneOrTwoThreadsGiveTheSameDescent() throws {
        var generator = SeededGenerator(seed: 9)
        let rows = 300_001
        let x = (0..<rows).map { _ in Double.random(in: 0...50, using: &generator) }
        let y = x.map { 0.15 * $0 + 1 + Double.random(in: -1...1, using: &generator) }
        let table = try ColumnTable(columns: [x, y])
        var b = ProgramBuilder(parameterCount: 2, columnCount: 2)
        let residual = b.binary(.subtract, b.binary(.subtract, b.column(1), b.parameter(0)), b.binary(.multiply, b.parameter(1), b.column(0)))
        let square = b.binary(.power, residual, b.constant(2))
        let minusTwo = b.constant(-2)
        let program = try b.build(outputs: [
            b.reduce(.mean, square), b.reduce(.mean, b.binary(.multiply, minusTwo, residual)),
            b.reduce(.mean, b.binary(.multiply, b.binary(.multiply, minusTwo, residual), b.column(0))),
        ])
        #expect(rows >= ProgramEvaluator.parallelRowThreshold)
        func descend(threads: Int) throws -> [[UInt64]] {
            let evaluator = ProgramEvaluator(program: program, threadCount: threads)
            var point = [0.0, 0.0]
            var path: [[UInt64]] = []
            for _ in 0..<12 {
                let outputs = try evaluator.evaluate(parameters: point, over: table)
                path.append(outputs.map(\.bitPattern))
                point = [point[0] - 0.0001 * outputs[1], point[1] - 0.0001 * outputs[2]]
            }
            return path
        }
        let one = try descend(threads: 1)
        #expect(one == (try descend(threads: 2)))
        // A second pass over the rows uses the first's reductions (a variance):
        // both threads see them.
        var v = ProgramBuilder(parameterCount: 0, columnCount: 2)
        let deviation = v.binary(.subtract, v.column(0), v.reduce(.mean, v.column(0)))
        let variance = try v.build(outputs: [v.reduce(.mean, v.binary(.multiply, deviation, deviation))])
        let values = try [1, 2].map { try ProgramEvaluator(program: variance, threadCount: $0).evaluate(parameters: [], over: table) }
        let mean = PairwiseSum.of(x) / Double(rows)
        #expect(sameBits(values[0], values[1]))
        #expect(sameBits(values[0], [PairwiseSum.of(x.map { ($0 - mean) * ($0 - mean) }) / Double(rows)]))
        // And the same as the reference sums of the per-row values.
        let residuals = zip(x, y).map { $1 - 0 - 0 * $0 }
        #expect(one[0][0] == (PairwiseSum.of(residuals.map { $0 * $0 }) / Double(rows)).bitPattern)
    }
}
