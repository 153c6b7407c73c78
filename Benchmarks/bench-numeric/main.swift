import Core
// bench-numeric: times compiled programs over 10^6 rows, the work one
// full-batch gradient step does, for three losses of a line θ0 + θ1*x:
// least squares, logistic log-loss and absolute error.
//
//     bench-numeric DATA_DIR [repetitions]
//
// Writes the data it uses (x.f64, y.f64, label.f64: raw little-endian
// doubles) into DATA_DIR so that the C and NumPy peers run on the same
// rows (scripts/bench-numeric.sh runs all three and prints ratios). Prints
// one line per measurement:
//
//     RESULT <case> swift <median ms> <min ms> <output values…>
//
// Two ways to build each program: by hand on `ProgramBuilder` (the
// residual written once, gradients as `mean(2*r)`, `mean(2*r*x)`), and
// through gd's real path, the Symbolic derivative of the loss compiled by
// `Program.compile` (canonical form: `2*mean(θ1*x + θ0 - y)`, …). Gradients
// are compiled with `rewritesIntegerPowers` on; losses as a user writes them
// (`^2` through `pow`, as Python's `**`). Nothing in Numeric knows these
// formulas.
import Foundation
import Numeric
import Symbolic

let arguments = CommandLine.arguments
let dataDirectory = arguments.count > 1 ? arguments[1] : "/tmp/bench-numeric-data"
let repetitions = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 30) : 30
let rowCount = 1_000_000
let blockSize = Int(ProcessInfo.processInfo.environment["GD_BLOCK_SIZE"] ?? "") ?? ProgramEvaluator.defaultBlockSize

// MARK: - Data


var generator = SplitMix64(state: 2024)
var x = [Double](repeating: 0, count: rowCount)
var y = [Double](repeating: 0, count: rowCount)
var label = [Double](repeating: 0, count: rowCount)
for i in 0..<rowCount {
    x[i] = 4 * generator.unitInterval() - 2
    y[i] = 1.5 - 0.7 * x[i] + (generator.unitInterval() - 0.5)
    let probability = 1 / (1 + exp(-(0.3 + 2 * x[i])))
    label[i] = generator.unitInterval() < probability ? 1 : 0
}

func write(_ values: [Double], _ name: String) {
    let url = URL(fileURLWithPath: dataDirectory).appendingPathComponent(name)
    let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
    do { try data.write(to: url) } catch { print("cannot write \(url.path): \(error)"); exit(1) }
}
try? FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
write(x, "x.f64")
write(y, "y.f64")
write(label, "label.f64")

// MARK: - Programs

/// Columns: 0 x, 1 y, 2 label. Parameters θ0, θ1.
struct Line {
    var builder = ProgramBuilder(parameterCount: 2, columnCount: 3)
    let theta0: Register, theta1: Register, x: Register, y: Register, label: Register
    let z: Register  // θ0 + θ1*x

    init() {
        theta0 = builder.parameter(0)
        theta1 = builder.parameter(1)
        x = builder.column(0)
        y = builder.column(1)
        label = builder.column(2)
        z = builder.binary(.add, theta0, builder.binary(.multiply, theta1, x))
    }

    mutating func mean(_ a: Register) -> Register { builder.reduce(.mean, a) }
    mutating func c(_ value: Double) -> Register { builder.constant(value) }
    mutating func op(_ op: BinaryOp, _ a: Register, _ b: Register) -> Register { builder.binary(op, a, b) }
    mutating func op(_ op: UnaryOp, _ a: Register) -> Register { builder.unary(op, a) }
}

enum Loss: String, CaseIterable { case mse, logistic, absolute }

/// (loss outputs, gradient outputs) for a loss, built in one builder.
func program(_ loss: Loss, withLoss: Bool) throws -> Program {
    var line = Line()
    var outputs: [Register] = []
    switch loss {
    case .mse:
        let residual = line.op(.subtract, line.z, line.y)
        if withLoss { outputs.append(line.mean(line.op(.power, residual, line.c(2)))) }
        let twice = line.op(.multiply, line.c(2), residual)
        outputs += [line.mean(twice), line.mean(line.op(.multiply, twice, line.x))]
    case .logistic:
        let p = line.op(.sigmoid, line.z)
        if withLoss {
            // -(y ln p + (1 - y) ln(1 - p))
            let yes = line.op(.multiply, line.label, line.op(.ln, p))
            let no = line.op(.multiply, line.op(.subtract, line.c(1), line.label),
                             line.op(.ln, line.op(.subtract, line.c(1), p)))
            outputs.append(line.mean(line.op(.negate, line.op(.add, yes, no))))
        }
        let error = line.op(.subtract, p, line.label)
        outputs += [line.mean(error), line.mean(line.op(.multiply, error, line.x))]
    case .absolute:
        let residual = line.op(.subtract, line.z, line.y)
        if withLoss { outputs.append(line.mean(line.op(.abs, residual))) }
        let sign = line.op(.sign, residual)
        outputs += [line.mean(sign), line.mean(line.op(.multiply, sign, line.x))]
    }
    line.builder.rewritesIntegerPowers = true
    return try line.builder.build(outputs: outputs)
}

/// The same through Symbolic: the loss as an expression, its gradient by
/// `Expr.gradient`, compiled together (the loss exactly, the gradient with
/// integer powers rewritten).
func symbolicProgram(_ loss: Loss, withLoss: Bool) throws -> Program {
    let (t0, t1) = (Expr.symbol("θ0"), Expr.symbol("θ1"))
    let (x, y, label) = (Expr.symbol("x"), Expr.symbol("y"), Expr.symbol("label"))
    let z = t0 + t1 * x
    let objective: Expr
    switch loss {
    case .mse: objective = .call(.mean, [.power(z - y, 2)])
    case .logistic:
        let p = Expr.call(.sigmoid, [z])
        objective = .call(.mean, [-(label * .call(.ln, [p]) + (1 - label) * .call(.ln, [1 - p]))])
    case .absolute: objective = .call(.mean, [.call(.abs, [z - y])])
    }
    let gradient = objective.gradient(withRespectTo: ["θ0", "θ1"])
    var builder = ProgramBuilder(parameterCount: 2, columnCount: 3)
    let names = [
        "θ0": builder.parameter(0), "θ1": builder.parameter(1),
        "x": builder.column(0), "y": builder.column(1), "label": builder.column(2),
    ]
    var outputs: [Register] = []
    if withLoss { outputs.append(try builder.add(objective) { names[$0] }) }
    builder.rewritesIntegerPowers = true
    for component in gradient { outputs.append(try builder.add(component) { names[$0] }) }
    return try builder.build(outputs: outputs)
}

// MARK: - Timing

/// CPU time of this thread in milliseconds: other load on the machine
/// (a shared, busy machine) distorts it much less than wall-clock time.
func threadMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

func milliseconds(_ body: () throws -> Void) rethrows -> (median: Double, minimum: Double) {
    var times: [Double] = []
    for _ in 0..<repetitions {
        let start = threadMilliseconds()
        try body()
        times.append(threadMilliseconds() - start)
    }
    times.sort()
    return (times[times.count / 2], times[0])
}

func report(_ name: String, _ time: (median: Double, minimum: Double), _ values: [Double]) {
    let shown = values.map { String($0) }.joined(separator: " ")
    print("RESULT \(name) swift \(String(format: "%.3f", time.median)) \(String(format: "%.3f", time.minimum)) \(shown)")
}

do {
    let table = try ColumnTable(columns: [x, y, label])
    let parameters = [1.4, -0.6]
    var outputs: [Double] = []
    for loss in Loss.allCases {
        for withLoss in [false, true] {
            let name = "\(loss.rawValue)-\(withLoss ? "loss+gradient" : "gradient")"
            let evaluator = ProgramEvaluator(program: try program(loss, withLoss: withLoss), blockSize: blockSize)
            let time = try milliseconds {
                try evaluator.evaluate(parameters: parameters, over: table, into: &outputs)
            }
            report(name, time, outputs)
            let symbolic = ProgramEvaluator(program: try symbolicProgram(loss, withLoss: withLoss), blockSize: blockSize)
            let symbolicTime = try milliseconds {
                try symbolic.evaluate(parameters: parameters, over: table, into: &outputs)
            }
            report(name + "(sym)", symbolicTime, outputs)
        }
    }

    // SGD-sized work: the least-squares gradient over batches of 32 rows
    // (one epoch over the first 10^5 rows of a fixed order).
    let evaluator = ProgramEvaluator(program: try program(.mse, withLoss: false))
    let order = (0..<100_000).map { ($0 &* 7919) % rowCount }
    var checksum = 0.0
    let batches = try milliseconds {
        var start = 0
        while start < order.count {
            let end = min(start + 32, order.count)
            try evaluator.evaluate(parameters: parameters, over: table, rows: order[start..<end], into: &outputs)
            checksum += outputs[0]
            start = end
        }
    }
    let perBatch = (median: batches.median * 1e3 / 3125, minimum: batches.minimum * 1e3 / 3125)
    print("INFO mse-gradient-batch32 swift \(String(format: "%.3f", perBatch.median)) µs per batch (checksum \(checksum))")

    // Descend-sized work: the quartic and its derivative at one point.
    var builder = ProgramBuilder(parameterCount: 1)
    let t = builder.parameter(0)
    func power(_ n: Double) -> Register { builder.binary(.power, t, builder.constant(n)) }
    var f = builder.binary(.subtract, power(4), builder.binary(.multiply, builder.constant(15), power(3)))
    f = builder.binary(.add, f, builder.binary(.multiply, builder.constant(80), power(2)))
    f = builder.binary(.subtract, f, builder.binary(.multiply, builder.constant(180), t))
    f = builder.binary(.divide, builder.binary(.add, f, builder.constant(144)), builder.constant(10))
    builder.rewritesIntegerPowers = true
    var d = builder.binary(.subtract, builder.binary(.multiply, builder.constant(4), power(3)),
                           builder.binary(.multiply, builder.constant(45), power(2)))
    d = builder.binary(.add, d, builder.binary(.multiply, builder.constant(160), t))
    d = builder.binary(.divide, builder.binary(.subtract, d, builder.constant(180)), builder.constant(10))
    let quartic = ProgramEvaluator(program: try builder.build(outputs: [f, d]))
    var point = [4.0]
    let steps = try milliseconds {
        for _ in 0..<100_000 {
            try quartic.evaluate(parameters: point, into: &outputs)
            point[0] = 4 + outputs[1] * 1e-9
        }
    }
    print("INFO quartic-value+derivative swift \(String(format: "%.1f", steps.median * 1e6 / 100_000)) ns per point")
} catch {
    print("error: \(error)")
    exit(1)
}
