import Foundation
import Symbolic

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

/// The largest rounding error of `x*x`, in ulps of the product, at which
/// `x*x` is certainly `pow(x, 2)` (see `powSquare`).
let powSquareSafeBound = 0.44

/// `pow(x, 2)`, the very double the C library's `pow` returns (Python's
/// `x**2` at a point), computed as `x*x` where that provably is the same
/// double and through `pow` elsewhere. (Over table columns gd follows
/// NumPy, whose `c**2` is `c*c`: the block kernels multiply.)
///
/// `pow(x, 2)` is not always `x*x`: `pow` errs by up to about half an ulp
/// more than rounding, so when x² lies near the midpoint between two
/// doubles it may round the other way (0.08% of random x here; `x**2` and
/// `x*x` differ in Python too). But where the rounding error of `hi = x*x`
/// is small, `pow` cannot differ: with `lo = x² − hi` computed exactly
/// (Dekker's product with Veltkamp's split, no fused multiply-add),
/// `|lo| ≤ 0.44 ulp(hi)` (`powSquareSafeBound`) puts every other double at
/// least 0.56 ulp from x², beyond any `pow` accurate to 0.56 ulp, so `pow`
/// returns `hi`. (glibc's and musl's `pow`, from Arm's optimized routines,
/// document a worst case of 0.54 ulp; measured over 1.4·10^8 inputs,
/// `pow(x, 2)` never differed from `hi` below |lo| = 0.49 ulp, and again
/// over 1.2·10^8 others with glibc 2.36's FMA variant: 103 335 differed,
/// none below 0.4917 ulp.) |x| outside [2^-450, 2^450] (where the split
/// could overflow or `lo` underflow), `nan` and `inf` go to `pow` itself.
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
    return Swift.abs(lo) <= powSquareSafeBound * ulp ? hi : BinaryOp.power.apply(x, 2)
}

extension PointEvaluator {
    /// The derivatives of every output with respect to every parameter at
    /// `parameters` (row i: ∂outputᵢ/∂x₀ … ∂outputᵢ/∂xₙ₋₁), by forward-mode
    /// differentiation of the program: one sweep per parameter, carrying each
    /// register's derivative beside its value. Exact up to rounding (no step
    /// size, unlike finite differences), so the Jacobian of a compiled
    /// gradient is the Hessian without differentiating symbolically twice.
    ///
    /// At points where an operation is not differentiable the documented
    /// subgradient is used (`abs`, `max`, `min`, `hinge`, `step`, `sign`
    /// follow the same one-sided choices as their symbolic derivatives: 0 at
    /// the kink for `abs`, the chosen operand for `max`/`min`). Nil when
    /// `parameters` is too short.
    public func jacobian(at parameters: [Double]) -> [[Double]]? {
        let n = program.parameterCount
        var outputs = [Double](repeating: 0, count: outputCount)
        let evaluated = parameters.withUnsafeBufferPointer { input in
            outputs.withUnsafeMutableBufferPointer { evaluate(input, into: $0) }
        }
        guard evaluated, parameters.count >= n else { return nil }
        let nodes = program.nodes
        // The values of every register, as the evaluation just left them.
        let value = UnsafeBufferPointer(start: registers, count: nodes.count)
        var tangent = [Double](repeating: 0, count: nodes.count)
        var rows = [[Double]](repeating: [Double](repeating: 0, count: n), count: outputCount)
        for direction in 0..<n {
            for (index, node) in nodes.enumerated() {
                tangent[index] = Self.tangent(of: node, direction: direction, value, tangent, at: index)
            }
            for (row, output) in program.outputs.enumerated() { rows[row][direction] = tangent[output] }
        }
        return rows
    }

    /// d(node)/d(parameter `direction`) from its operands' values and derivatives.
    private static func tangent(of node: Node, direction: Int, _ value: UnsafeBufferPointer<Double>, _ tangent: [Double], at index: Int) -> Double {
        switch node {
        case .constant, .column: return 0
        case .parameter(let position): return position == direction ? 1 : 0
        case .reduction(_, let a): return tangent[a]  // one row: the value itself
        case .unary(let op, let a):
            let dx = tangent[a]
            if dx == 0 { return 0 }
            let x = value[a], v = value[index]
            switch op {
            case .negate: return -dx
            case .exp: return v * dx
            case .ln: return dx / x
            case .log10: return dx / (x * 2.302585092994046)
            case .sqrt: return dx / (2 * v)
            case .abs: return x > 0 ? dx : (x < 0 ? -dx : 0)
            case .sign, .step: return 0
            case .sin: return Foundation.cos(x) * dx
            case .cos: return -Foundation.sin(x) * dx
            case .tan: return (1 + v * v) * dx
            case .asin: return dx / (1 - x * x).squareRoot()
            case .acos: return -dx / (1 - x * x).squareRoot()
            case .atan: return dx / (1 + x * x)
            case .tanh: return (1 - v * v) * dx
            case .sigmoid: return v * (1 - v) * dx
            case .hinge: return x < 1 ? -dx : 0
            case .builtin(let index):
                // The table's own derivative rule, evaluated at x.
                return BuiltinFunction.all.indices.contains(index) ? BuiltinFunction.all[index].derivativeValue(at: x) * dx : .nan
            }
        case .binary(let op, let a, let b):
            let da = tangent[a], db = tangent[b]
            let x = value[a], y = value[b]
            switch op {
            case .add: return da + db
            case .subtract: return da - db
            case .multiply: return (da == 0 ? 0 : da * y) + (db == 0 ? 0 : x * db)
            case .divide: return (da == 0 ? 0 : da / y) - (db == 0 ? 0 : value[index] * db / y)
            case .power:
                // d(xʸ) = y·xʸ⁻¹·dx + xʸ·ln x·dy, each term only where its
                // derivative is non-zero (so a constant exponent never meets ln of a negative base).
                let base = da == 0 || y == 0 ? 0 : y * BinaryOp.power.apply(x, y - 1) * da
                let exponent = db == 0 ? 0 : value[index] * Foundation.log(x) * db
                return base + exponent
            case .maximum: return (y > x || y.isNaN) ? db : da
            case .minimum: return (y < x || y.isNaN) ? db : da
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 0
            }
        }
    }
}
