import Foundation
import Symbolic
import Testing
@testable import Numeric

@Suite("Evaluation at one point")
struct ScalarEvaluationTests {
    /// The lecture's quartic, built in the order it is written.
    static func quartic() throws -> Program {
        var b = ProgramBuilder()
        let x = b.parameter(0)
        func term(_ coefficient: Double, _ power: Double) -> Register {
            let p = b.binary(.power, x, b.constant(power))
            return b.binary(.multiply, b.constant(coefficient), p)
        }
        var sum = b.binary(.power, x, b.constant(4))
        sum = b.binary(.subtract, sum, term(15, 3))
        sum = b.binary(.add, sum, term(80, 2))
        sum = b.binary(.subtract, sum, b.binary(.multiply, b.constant(180), x))
        sum = b.binary(.add, sum, b.constant(144))
        return try b.build(outputs: [b.binary(.divide, sum, b.constant(10))])
    }

    @Test func quarticMatchesDirectSwiftBitForBit() throws {
        let evaluator = ProgramEvaluator(program: try Self.quartic())
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<2000 {
            let x = generator.interestingDouble()
            let direct = (libmPow(x, 4) - 15 * libmPow(x, 3) + 80 * libmPow(x, 2) - 180 * x + 144) / 10
            let compiled = try evaluator.evaluate(parameters: [x])
            #expect(compiled.count == 1)
            #expect(sameBits(compiled[0], direct), "x = \(x)")
        }
    }

    /// Values of the quartic recorded from Python 3 (`(x**4 - 15*x**3 + 80*x**2 - 180*x + 144)/10`),
    /// as bit patterns: `struct.unpack('<Q', struct.pack('<d', v))`.
    @Test(arguments: [
        (4.0, 0x0000_0000_0000_0000 as UInt64),
        (4.4, 0xBFCB_866E_43AA_7E66 as UInt64),  // -0.21504000000003315
        (0.1, 0x4029_5B65_A9A8_0496 as UInt64),  // 12.67851
        (6.75, 0x400D_6400_0000_0000 as UInt64),  // 3.673828125
    ])
    func quarticMatchesPython(x: Double, pythonBits: UInt64) throws {
        let value = try Self.quartic().evaluate(parameters: [x])[0]
        #expect(value.bitPattern == pythonBits, "x = \(x): \(value) vs \(Double(bitPattern: pythonBits))")
    }

    @Test(arguments: UnaryOp.allCases)
    func everyUnaryOpMatchesItsDefinition(op: UnaryOp) throws {
        var b = ProgramBuilder()
        let program = try b.build(outputs: [b.unary(op, b.parameter(0))])
        let evaluator = ProgramEvaluator(program: program)
        var generator = SeededGenerator(seed: 2)
        for _ in 0..<500 {
            let x = generator.interestingDouble()
            let expected: Double
            switch op {
            case .negate: expected = -x
            case .exp: expected = exp(x)
            case .ln: expected = log(x)
            case .log10: expected = log10(x)
            case .sqrt: expected = sqrt(x)
            case .abs: expected = Swift.abs(x)
            case .sign: expected = x.isNaN ? x : (x > 0 ? 1 : (x < 0 ? -1 : 0))
            case .step: expected = x.isNaN ? x : (x > 0 ? 1 : 0)
            case .sin: expected = sin(x)
            case .cos: expected = cos(x)
            case .tan: expected = tan(x)
            case .asin: expected = asin(x)
            case .acos: expected = acos(x)
            case .atan: expected = atan(x)
            case .tanh: expected = tanh(x)
            case .sigmoid: expected = 1 / (1 + exp(-x))
            case .hinge: expected = x.isNaN ? .nan : Swift.max(0, 1 - x)
            case .builtin(let index): expected = BuiltinFunction.all[index].evaluate([x])
            }
            #expect(sameBits(try evaluator.evaluate(parameters: [x])[0], expected), "\(op)(\(x))")
        }
    }

    @Test(arguments: BinaryOp.allCases)
    func everyBinaryOpMatchesItsDefinition(op: BinaryOp) throws {
        var b = ProgramBuilder()
        let program = try b.build(outputs: [b.binary(op, b.parameter(0), b.parameter(1))])
        let evaluator = ProgramEvaluator(program: program)
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<500 {
            let x = generator.interestingDouble(), y = generator.interestingDouble()
            let expected: Double
            switch op {
            case .add: expected = x + y
            case .subtract: expected = x - y
            case .multiply: expected = x * y
            case .divide: expected = x / y
            case .power: expected = libmPow(x, y)
            // The first of equal values, as Python's max(x, y).
            case .maximum: expected = x.isNaN || y.isNaN ? .nan : (y > x ? y : x)
            case .minimum: expected = x.isNaN || y.isNaN ? .nan : (y < x ? y : x)
            case .equal: expected = x == y ? 1 : 0
            case .notEqual: expected = x != y ? 1 : 0
            case .less: expected = x < y ? 1 : 0
            case .lessOrEqual: expected = x <= y ? 1 : 0
            case .greater: expected = x > y ? 1 : 0
            case .greaterOrEqual: expected = x >= y ? 1 : 0
            }
            #expect(sameBits(try evaluator.evaluate(parameters: [x, y])[0], expected), "\(op)(\(x), \(y))")
        }
    }

    @Test func specialValuesFollowNumPy() {
        #expect(UnaryOp.sign.apply(-0.0).bitPattern == (0.0).bitPattern)
        #expect(UnaryOp.step.apply(0) == 0 && UnaryOp.step.apply(-0.0) == 0 && UnaryOp.step.apply(1e-300) == 1)
        #expect(BinaryOp.maximum.apply(-0.0, 0.0).bitPattern == (-0.0).bitPattern)
        #expect(BinaryOp.maximum.apply(0.0, -0.0).bitPattern == (0.0).bitPattern)
        #expect(BinaryOp.minimum.apply(0.0, -0.0).bitPattern == (0.0).bitPattern)
        #expect(BinaryOp.minimum.apply(1, .nan).isNaN && BinaryOp.minimum.apply(.nan, 1).isNaN)
        #expect(BinaryOp.notEqual.apply(.nan, .nan) == 1 && BinaryOp.equal.apply(.nan, .nan) == 0)
        // σ is stable as written: no nan at either end.
        #expect(UnaryOp.sigmoid.apply(-1000) == 0 && UnaryOp.sigmoid.apply(1000) == 1)
        #expect(UnaryOp.sigmoid.apply(-40) > 0)
    }

    @Test func aRowSuppliesColumnsAndReductionsOverOneRowAreItsValue() throws {
        var b = ProgramBuilder()
        let x = b.column(0), y = b.column(1), t = b.parameter(0)
        let perRow = b.binary(.multiply, t, b.binary(.subtract, x, y))
        let program = try b.build(outputs: [perRow, b.reduce(.mean, perRow), b.reduce(.sum, perRow)])
        let evaluator = ProgramEvaluator(program: program)
        let values = try evaluator.evaluate(parameters: [3], row: [5, 1.5])
        #expect(values == [10.5, 10.5, 10.5])
        // A reduction over one row is exactly its value, -0 included.
        let negativeZero = try evaluator.evaluate(parameters: [-1], row: [1, 1])
        #expect(negativeZero.allSatisfy { $0.bitPattern == (-0.0).bitPattern })
    }

    /// Python's `x**2` is libm's `pow`, which is not always `x*x`: for this x
    /// (found by a seeded search in Python) `x**2` is 52.19926930331436 and
    /// `x*x` is 52.19926930331437. So a user's `x^2` must stay `pow`.
    @Test func squareThroughPowMatchesPythonNotMultiplication() throws {
        let x = 7.2249061795510094
        #expect(libmPow(x, 2) != x * x)
        var b = ProgramBuilder()
        let user = try b.build(outputs: [b.binary(.power, b.parameter(0), b.constant(2))])
        #expect(try user.evaluate(parameters: [x]) == [52.19926930331436])
        var d = ProgramBuilder()
        d.rewritesIntegerPowers = true
        let derivative = try d.build(outputs: [d.binary(.power, d.parameter(0), d.constant(2))])
        #expect(try derivative.evaluate(parameters: [x]) == [x * x])
    }

    @Test func outputsArrayIsReused() throws {
        var b = ProgramBuilder()
        let p = b.parameter(0)
        let program = try b.build(outputs: [p, b.unary(.negate, p)])
        let evaluator = ProgramEvaluator(program: program)
        var outputs: [Double] = [9, 9, 9, 9]
        try evaluator.evaluate(parameters: [2], into: &outputs)
        #expect(outputs == [2, -2])
        try evaluator.evaluate(parameters: [5], into: &outputs)
        #expect(outputs == [5, -5])
    }
}
