import Core
import Foundation
import Testing
@testable import Numeric

@Suite("The point evaluator")
struct PointEvaluatorTests {
    /// A random program over two parameters (no columns), with every operation,
    /// `x^2` among them, and reductions (which at a point are the one-row rule).
    static func randomProgram(_ g: inout SeededGenerator) -> Program? {
        var b = ProgramBuilder(parameterCount: 2, columnCount: 0)
        var registers = [b.parameter(0), b.parameter(1), b.constant(2), b.constant(-0.5)]
        for _ in 0..<Int.random(in: 2...16, using: &g) {
            func pick() -> Register { registers[Int.random(in: 0..<registers.count, using: &g)] }
            switch Int.random(in: 0..<10, using: &g) {
            case 0..<3:
                let op = UnaryOp.allCases[Int.random(in: 0..<UnaryOp.allCases.count, using: &g)]
                let operand = pick()
                registers.append(b.unary(op, operand))
            case 3..<5:
                let base = pick()
                registers.append(b.binary(.power, base, registers[2]))
            case 5..<9:
                let op = BinaryOp.allCases[Int.random(in: 0..<BinaryOp.allCases.count, using: &g)]
                let (l, r) = (pick(), pick())
                registers.append(b.binary(op, l, r))
            default:
                let (op, operand): (ReductionOp, Register) = (Bool.random(using: &g) ? .sum : .mean, pick())
                registers.append(b.reduce(op, operand))
            }
        }
        let outputs = (0..<Int.random(in: 1...3, using: &g)).map { _ in registers[Int.random(in: 2..<registers.count, using: &g)] }
        return try? b.build(outputs: outputs)
    }

    @Test func agreesWithTheProgramEvaluatorBitForBit() throws {
        var g = SeededGenerator(seed: 2026)
        var checked = 0
        for _ in 0..<400 {
            guard let program = Self.randomProgram(&g) else { continue }
            let point = try PointEvaluator(program: program)
            let reference = ProgramEvaluator(program: program)
            var outputs = [Double](repeating: 0, count: point.outputCount)
            for _ in 0..<20 {
                let x = [g.interestingDouble(), g.interestingDouble()]
                let expected = try reference.evaluate(parameters: x)
                let written = x.withUnsafeBufferPointer { input in
                    outputs.withUnsafeMutableBufferPointer { point.evaluate(input, into: $0) }
                }
                #expect(written)
                #expect(sameBits(outputs, expected), "program \(program.registerCount) registers at \(x)")
                checked += 1
            }
        }
        #expect(checked > 5000)
    }

    @Test func refusesProgramsThatReadColumnsAndShortBuffers() throws {
        var b = ProgramBuilder(parameterCount: 1, columnCount: 1)
        let (parameter, column) = (b.parameter(0), b.column(0))
        let added = b.binary(.add, parameter, column)
        let program = try b.build(outputs: [added])
        #expect(throws: PointEvaluator.ReadsColumns.self) { try PointEvaluator(program: program) }

        var c = ProgramBuilder(parameterCount: 2, columnCount: 0)
        let (p0, p1) = (c.parameter(0), c.parameter(1))
        let both = c.binary(.add, p0, p1)
        let sum = try c.build(outputs: [both])
        let point = try PointEvaluator(program: sum)
        var output = [Double](repeating: 7, count: 1)
        let written = [1.0].withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { point.evaluate(input, into: $0) }
        }
        #expect(!written)
        #expect(output == [7])
    }

    /// `powSquare` must be exactly `pow(x, 2)`: over random doubles of every
    /// magnitude, the edges of its fast range, and the special values.
    @Test func powSquareIsPowBitForBit() {
        var g = SeededGenerator(seed: 7)
        var inputs: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                0x1p-450, 0x1p450, 0x1p-450.nextDown, 0x1p450.nextUp, 3, 1e154, 1e-154]
        for _ in 0..<400_000 {
            let magnitude = Foundation.pow(2, Double.random(in: -520...520, using: &g))
            inputs.append(Bool.random(using: &g) ? magnitude : -magnitude)
            inputs.append(Double.random(in: -100...100, using: &g))
        }
        var mismatches = 0
        for x in inputs where !sameBits(powSquare(x), BinaryOp.power.apply(x, 2)) { mismatches += 1 }
        #expect(mismatches == 0)
    }
}
