import Core
import Foundation
import Testing
@testable import Numeric

/// `evaluateBatch` (SGD's step over a bound table) against the general
/// `evaluate(parameters:over:rows:into:)` and the plain reference
/// interpreter: the same bits for every batch size, on tables holding
/// `nan`, `±inf`, `±0` and values of every magnitude.
@Suite("Batches over a bound table")
struct BatchEvaluationTests {
    static let batchSizes = [1, 7, 8, 32, 33, 128, 129, 256, 257]

    /// Two columns of `interestingDouble`s (special values included).
    static func specialColumns(rows: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<2).map { _ in (0..<rows).map { _ in generator.interestingDouble() } }
    }

    /// The batches of one epoch over a shuffled order of `rows` rows, as SGD
    /// cuts them: `batchSize` rows each, the last one shorter if need be.
    static func epochBatches(rows: Int, batchSize: Int, _ generator: inout SeededGenerator) -> [[Int]] {
        var order = Array(0..<rows)
        order.shuffle(using: &generator)
        return stride(from: 0, to: rows, by: batchSize).map { Array(order[$0..<min($0 + batchSize, rows)]) }
    }

    /// `evaluateBatch` into a fresh buffer.
    static func batch(_ evaluator: ProgramEvaluator, _ parameters: [Double], _ rows: [Int]) throws -> [Double] {
        var outputs = [Double](repeating: 0, count: evaluator.program.outputCount)
        try parameters.withUnsafeBufferPointer { parameters in
            try rows.withUnsafeBufferPointer { rows in
                try outputs.withUnsafeMutableBufferPointer { outputs in
                    try evaluator.evaluateBatch(parameters: parameters, rows: rows, into: outputs)
                }
            }
        }
        return outputs
    }

    @Test func leastSquaresBatchesMatchTheGeneralPath() throws {
        let rowCount = 1000
        let columns = Self.specialColumns(rows: rowCount, seed: 5)
        let table = try ColumnTable(columns: columns)
        var generator = SeededGenerator(seed: 6)
        for blockSize in [8, 64, 256] {
            let batched = ProgramEvaluator(program: try leastSquaresProgram(), blockSize: blockSize)
            let general = ProgramEvaluator(program: try leastSquaresProgram(), blockSize: blockSize)
            try batched.bindBatches(to: table)
            #expect(batched.batchRowCount == rowCount)
            for batchSize in Self.batchSizes {
                // Every batch of an epoch, the short last one included.
                for rows in Self.epochBatches(rows: rowCount, batchSize: batchSize, &generator) {
                    let parameters = [generator.interestingDouble(), generator.interestingDouble()]
                    let got = try Self.batch(batched, parameters, rows)
                    let expected = try general.evaluate(parameters: parameters, over: table, rows: rows)
                    #expect(sameBits(got, expected), "block \(blockSize), batch \(rows.count): \(got) vs \(expected)")
                    let reference = ColumnEvaluationTests.referenceLeastSquares(columns, rows: rows, parameters: parameters)
                    #expect(sameBits(got, reference), "block \(blockSize), batch \(rows.count)")
                }
            }
        }
    }

    @Test func randomProgramsMatchTheGeneralPathAndTheReference() throws {
        var g = SeededGenerator(seed: 77)
        let rowCount = 600
        let columns = Self.specialColumns(rows: rowCount, seed: 78)
        let table = try ColumnTable(columns: columns)
        var checked = 0, nested = 0
        for _ in 0..<600 {
            guard let (c, program) = RandomProgramTests.randomCase(&g),
                program.outputKinds.allSatisfy({ $0 == .scalar })
            else { continue }
            if program.schedule.passes.count > 1 { nested += 1 }
            let blockSize = [8, 24, 256][Int.random(in: 0..<3, using: &g)]
            let batched = ProgramEvaluator(program: program, blockSize: blockSize)
            let general = ProgramEvaluator(program: program, blockSize: blockSize)
            try batched.bindBatches(to: table)
            let parameters = [g.interestingDouble(), Double.random(in: -2...2, using: &g)]
            let batchSize = Self.batchSizes[Int.random(in: 0..<Self.batchSizes.count, using: &g)]
            // A batch with repeats, anywhere in the table.
            let rows = (0..<batchSize).map { _ in Int.random(in: 0..<rowCount, using: &g) }
            let got = try Self.batch(batched, parameters, rows)
            let expected = try general.evaluate(parameters: parameters, over: table, rows: rows)
            #expect(sameBits(got, expected), "batch \(batchSize): \(program)")
            let reference = RandomProgramTests.reference(c, parameters, columns, rows).map { $0.first ?? .nan }
            #expect(sameBits(got, reference), "batch \(batchSize): \(program)")
            // A pass over the whole table between batches points the columns'
            // blocks into the table; the next batch must gather again.
            _ = try batched.evaluate(parameters: parameters, over: table)
            #expect(sameBits(try Self.batch(batched, parameters, rows), expected), "after a whole pass: \(program)")
            checked += 1
        }
        #expect(checked > 300 && nested >= 1, "checked \(checked), nested \(nested)")
    }

    /// Programs of two and three passes (a reduction used per row, then
    /// reduced again), where a later pass recomputes values in other buffers.
    static func nestedPrograms() throws -> [Program] {
        var programs: [Program] = []
        do {
            // mean((x - mean(x)) * (y - θ0)), sum(θ1 * x)
            var b = ProgramBuilder(parameterCount: 2, columnCount: 2)
            let x = b.column(0), y = b.column(1)
            let centred = b.binary(.subtract, x, b.reduce(.mean, x))
            let covariance = b.reduce(.mean, b.binary(.multiply, centred, b.binary(.subtract, y, b.parameter(0))))
            programs.append(try b.build(outputs: [covariance, b.reduce(.sum, b.binary(.multiply, b.parameter(1), x))]))
        }
        do {
            // mean(tanh(x*θ0 - mean(y - mean(y*θ1))) * y): three passes sharing y*θ1's producer.
            var b = ProgramBuilder(parameterCount: 2, columnCount: 2)
            let x = b.column(0), y = b.column(1)
            let scaled = b.binary(.multiply, y, b.parameter(1))
            let inner = b.reduce(.mean, b.binary(.subtract, y, b.reduce(.mean, scaled)))
            let activation = b.unary(.tanh, b.binary(.subtract, b.binary(.multiply, x, b.parameter(0)), inner))
            programs.append(try b.build(outputs: [b.reduce(.mean, b.binary(.multiply, activation, y)), inner]))
        }
        return programs
    }

    @Test func nestedReductionsMatchTheGeneralPath() throws {
        let rowCount = 700
        let table = try ColumnTable(columns: Self.specialColumns(rows: rowCount, seed: 90))
        var generator = SeededGenerator(seed: 91)
        for program in try Self.nestedPrograms() {
            #expect(program.schedule.passes.count >= 2)
            let batched = ProgramEvaluator(program: program)
            let general = ProgramEvaluator(program: program)
            try batched.bindBatches(to: table)
            for batchSize in Self.batchSizes {
                for rows in Self.epochBatches(rows: rowCount, batchSize: batchSize, &generator).suffix(2) {
                    let parameters = [generator.interestingDouble(), Double.random(in: -2...2, using: &generator)]
                    let got = try Self.batch(batched, parameters, rows)
                    let expected = try general.evaluate(parameters: parameters, over: table, rows: rows)
                    #expect(sameBits(got, expected), "batch \(rows.count): \(program)")
                }
            }
        }
    }

    @Test func badBatchesAreReportedNotRead() throws {
        let table = try ColumnTable(columns: [[1, 2, 3], [4, 5, 6]])
        let evaluator = ProgramEvaluator(program: try leastSquaresProgram())
        // Nothing bound yet.
        #expect(throws: EvaluationError.self) { try Self.batch(evaluator, [0, 0], [0]) }
        try evaluator.bindBatches(to: table)
        #expect(throws: EvaluationError.rowIndexOutOfRange(row: 3, rowCount: 3)) { try Self.batch(evaluator, [0, 0], [0, 3]) }
        #expect(throws: EvaluationError.rowIndexOutOfRange(row: -1, rowCount: 3)) { try Self.batch(evaluator, [0, 0], [-1]) }
        #expect(throws: EvaluationError.parameterCountMismatch(expected: 2, got: 1)) { try Self.batch(evaluator, [0], [0]) }
        // Too few columns to bind.
        #expect(throws: EvaluationError.self) { try evaluator.bindBatches(to: try ColumnTable(columns: [[1]])) }
        // Prefetching a bad batch is only a hint: it does nothing.
        [0, 99, -5].withUnsafeBufferPointer { evaluator.prefetchBatch(rows: $0) }
    }
}
