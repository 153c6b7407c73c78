/// Evaluates a program that reads no column at one point, as fast as an
/// interpreter can: the program flattened once into instructions over a
/// register file whose constants are loaded at construction, so an
/// evaluation is one pass of loads, arithmetic and stores with no
/// allocation, no enum payload unpacking and no bounds checks.
///
/// This is the loop a `descend` step runs (value and gradient at xₜ), so its
/// cost per instruction is the cost per step. The values are those of
/// `ProgramEvaluator.evaluate(parameters:)`: the same operations on the same
/// doubles in the same order (a reduction at one point is the one-row rule).
///
/// Not thread-safe: it reuses its register file; make one per thread.
///
///     let point = try PointEvaluator(program: program)
///     let loss = point.evaluate(x, into: gradient)   // outputs: loss, then ∂F/∂xᵢ
public final class PointEvaluator {
    public let program: Program

    /// The commonest operations have codes of their own, so the one
    /// dispatch of the loop computes them; the rest go through their op's `apply`.
    private enum Code: UInt8 {
        case parameter, unary, binary, scaleByOne
        case add, subtract, multiply, divide, negate
        /// `a^2` with a constant 2: `pow`'s own result, mostly without calling it.
        case squareThroughPow
    }

    /// One instruction: `registers[target] = op(registers[a], registers[b])`,
    /// or the parameter at position `a` for `.parameter`.
    private struct Instruction {
        var code: Code
        var unary: UnaryOp
        var binary: BinaryOp
        var target: Int32
        var a: Int32
        var b: Int32
    }

    private let registers: UnsafeMutablePointer<Double>
    private let instructions: UnsafeMutablePointer<Instruction>
    private let instructionCount: Int
    private let outputRegisters: UnsafeMutablePointer<Int32>

    /// Why a program has no point form.
    public struct ReadsColumns: Error, Sendable {}

    /// Fails for a program that reads columns (evaluate it over a table instead).
    public init(program: Program) throws(ReadsColumns) {
        if program.columnCount > 0 { throw ReadsColumns() }
        self.program = program
        let nodes = program.nodes
        registers = .allocate(capacity: max(1, nodes.count))
        registers.initialize(repeating: 0, count: max(1, nodes.count))
        var flat: [Instruction] = []
        flat.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() {
            let target = Int32(truncatingIfNeeded: index)
            switch node {
            case .constant(let bits):
                registers[index] = Double(bitPattern: bits)
            case .parameter(let position):
                flat.append(Instruction(code: .parameter, unary: .negate, binary: .add, target: target,
                                        a: Int32(truncatingIfNeeded: position), b: 0))
            case .column:
                throw ReadsColumns()
            case .unary(let op, let a):
                flat.append(Instruction(code: op == .negate ? .negate : .unary, unary: op, binary: .add, target: target,
                                        a: Int32(truncatingIfNeeded: a), b: 0))
            case .binary(.power, let a, let b) where nodes[b] == .constant(bits: (2.0).bitPattern):
                flat.append(Instruction(code: .squareThroughPow, unary: .negate, binary: .power, target: target,
                                        a: Int32(truncatingIfNeeded: a), b: Int32(truncatingIfNeeded: b)))
            case .binary(let op, let a, let b):
                let code: Code
                switch op {
                case .add: code = .add
                case .subtract: code = .subtract
                case .multiply: code = .multiply
                case .divide: code = .divide
                default: code = .binary
                }
                flat.append(Instruction(code: code, unary: .negate, binary: op, target: target,
                                        a: Int32(truncatingIfNeeded: a), b: Int32(truncatingIfNeeded: b)))
            case .reduction(.mean, let a):
                // The mean of one row is its value…
                flat.append(Instruction(code: .scaleByOne, unary: .negate, binary: .add, target: target,
                                        a: Int32(truncatingIfNeeded: a), b: 0))
            case .reduction(.sum, let a):
                // …and so is the sum (n·c with n = 1, exactly as the one-row rule).
                flat.append(Instruction(code: .scaleByOne, unary: .negate, binary: .add, target: target,
                                        a: Int32(truncatingIfNeeded: a), b: 0))
            }
        }
        instructionCount = flat.count
        instructions = .allocate(capacity: max(1, flat.count))
        for (index, instruction) in flat.enumerated() { (instructions + index).initialize(to: instruction) }
        outputRegisters = .allocate(capacity: max(1, program.outputs.count))
        for (index, output) in program.outputs.enumerated() {
            (outputRegisters + index).initialize(to: Int32(truncatingIfNeeded: output))
        }
    }

    deinit {
        registers.deallocate()
        instructions.deallocate()
        outputRegisters.deallocate()
    }

    /// The number of outputs `evaluate` writes.
    public var outputCount: Int { program.outputs.count }

    /// Writes the outputs at `parameters` into `outputs`, which must have room
    /// for `outputCount` values; `parameters` must hold `program.parameterCount`.
    /// Returns false (writing nothing) when either is too short.
    @discardableResult
    public func evaluate(_ parameters: UnsafeBufferPointer<Double>, into outputs: UnsafeMutableBufferPointer<Double>) -> Bool {
        guard parameters.count >= program.parameterCount, outputs.count >= program.outputs.count,
              let input = parameters.baseAddress, let output = outputs.baseAddress
        else { return program.outputs.isEmpty }
        let r = registers
        for index in 0..<instructionCount {
            let instruction = instructions[index]
            let value: Double
            switch instruction.code {
            case .parameter: value = input[Int(instruction.a)]
            case .unary: value = instruction.unary.apply(r[Int(instruction.a)])
            case .binary: value = instruction.binary.apply(r[Int(instruction.a)], r[Int(instruction.b)])
            case .scaleByOne: value = r[Int(instruction.a)]
            case .add: value = r[Int(instruction.a)] + r[Int(instruction.b)]
            case .subtract: value = r[Int(instruction.a)] - r[Int(instruction.b)]
            case .multiply: value = r[Int(instruction.a)] * r[Int(instruction.b)]
            case .divide: value = r[Int(instruction.a)] / r[Int(instruction.b)]
            case .negate: value = -r[Int(instruction.a)]
            case .squareThroughPow: value = powSquare(r[Int(instruction.a)])
            }
            r[Int(instruction.target)] = value
        }
        for index in 0..<program.outputs.count { output[index] = r[Int(outputRegisters[index])] }
        return true
    }
}

/// `pow(x, 2)`, the very double the C library's `pow` returns (Python's
/// `x**2`), computed as `x*x` where that provably is the same double and
/// through `pow` elsewhere: the one-row form of `squareThroughPow`, whose
/// comment gives the argument (the exact rounding error `lo` of `x*x`, by
/// Dekker's product, at most 0.4 ulp, leaves `pow` no other double to return).
@inline(__always)
func powSquare(_ x: Double) -> Double {
    let hi = x * x
    let magnitude = Swift.abs(x)
    guard magnitude >= 0x1p-450, magnitude <= 0x1p450 else { return BinaryOp.power.apply(x, 2) }
    let split = 134_217_729 * x  // 2^27 + 1
    let xHigh = split - (split - x)
    let xLow = x - xHigh
    let lo = ((xHigh * xHigh - hi) + 2 * xHigh * xLow) + xLow * xLow
    let ulp = Double(bitPattern: hi.bitPattern & 0x7FF0_0000_0000_0000) * 0x1p-52
    return Swift.abs(lo) <= 0.4 * ulp ? hi : BinaryOp.power.apply(x, 2)
}
