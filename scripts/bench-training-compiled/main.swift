// The Training engine fed by Numeric's compiled programs, as the `sgd`
// command runs it: the objective is a `RowObjective` whose gradient and
// loss are register programs evaluated over the batch's rows. As in `sgd`,
// the gradient is the symbolic derivative of the per-row loss (Symbolic's
// `gradient`, compiled, each component's mean over the batch) and the
// per-epoch loss is the user's formula compiled in the order written
// (`^2` through `pow`, as Python's `**`), its mean over the whole table.
// Run by scripts/bench-training.sh beside the C loop, which must end on
// the same bits.
//
// usage: bench-training-compiled DATA.bin ROWS EPOCHS RATE SEED [mse|logistic|absolute]
// DATA.bin holds ROWS doubles x, then y, then label (native byte order).
// With GD_PRINT_PROGRAMS set, prints the two programs first.
import Foundation
import Numeric
import Symbolic
import BenchTrainingSupport
import Training

/// A per-row loss compiled by Numeric: `mean` outputs of the gradient
/// program are the batch's mean gradient, summed in Numeric's fixed order.
struct CompiledObjective: RowObjective {
    let table: ColumnTable
    let gradientProgram: ProgramEvaluator
    let lossProgram: ProgramEvaluator
    let parameterCount: Int
    var rowCount: Int { table.rowCount }

    func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int>, into gradient: inout [Double]) throws {
        try gradientProgram.evaluate(parameters: parameters, over: table, rows: rows, into: &gradient)
    }

    func prefetch(rows: UnsafeBufferPointer<Int>) {
        gradientProgram.prefetch(over: table, rows: rows)
    }

    func meanLoss(at parameters: [Double]) throws -> Double {
        var outputs: [Double] = []
        try lossProgram.evaluate(parameters: parameters, over: table, into: &outputs)
        return outputs[0]
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 6 || arguments.count == 7, let rows = Int(arguments[2]), let epochs = Int(arguments[3]),
    let rate = Double(arguments[4]), let seed = UInt64(arguments[5]),
    let data = FileManager.default.contents(atPath: arguments[1]), data.count == 24 * rows
else {
    print("usage: bench-training-compiled DATA.bin ROWS EPOCHS RATE SEED [mse|logistic|absolute]")
    exit(2)
}
let lossName = arguments.count == 7 ? arguments[6] : "mse"
// Columns in gd's order (sorted by name): label, x, y.
let columns = data.withUnsafeBytes { raw in
    let doubles = raw.bindMemory(to: Double.self)
    return [Array(doubles[(2 * rows)..<(3 * rows)]), Array(doubles[0..<rows]), Array(doubles[rows..<(2 * rows)])]
}

// The per-row loss as Symbolic sees it, for its derivative.
let (a, b) = (Expr.symbol("a"), Expr.symbol("b"))
let (xSymbol, ySymbol, labelSymbol) = (Expr.symbol("x"), Expr.symbol("y"), Expr.symbol("label"))
let line = a + b * xSymbol
let rowLoss: Expr
switch lossName {
case "mse": rowLoss = .power(line - ySymbol, 2)
case "logistic":
    let p = Expr.call(.sigmoid, [line])
    rowLoss = -(labelSymbol * .call(.ln, [p]) + (1 - labelSymbol) * .call(.ln, [1 - p]))
case "absolute": rowLoss = .call(.abs, [line - ySymbol])
default:
    print("unknown loss \(lossName)")
    exit(2)
}

var gradientBuilder = ProgramBuilder(parameterCount: 2, columnCount: 3)
let names = [
    "a": gradientBuilder.parameter(0), "b": gradientBuilder.parameter(1),
    "label": gradientBuilder.column(0), "x": gradientBuilder.column(1), "y": gradientBuilder.column(2),
]
var gradientOutputs: [Register] = []
for component in rowLoss.gradient(withRespectTo: ["a", "b"]) {
    gradientOutputs.append(gradientBuilder.reduce(.mean, try gradientBuilder.add(component) { names[$0] }))
}
let gradientProgram = try gradientBuilder.build(outputs: gradientOutputs)

// The loss as a user types it, compiled in the order written.
var lossBuilder = ProgramBuilder(parameterCount: 2, columnCount: 3)
let (label, x, y) = (lossBuilder.column(0), lossBuilder.column(1), lossBuilder.column(2))
let z = lossBuilder.binary(.add, lossBuilder.parameter(0), lossBuilder.binary(.multiply, lossBuilder.parameter(1), x))
let perRowLoss: Register
switch lossName {
case "mse":  // (a + b*x - y)^2
    perRowLoss = lossBuilder.binary(.power, lossBuilder.binary(.subtract, z, y), lossBuilder.constant(2))
case "logistic":  // -(label*ln(σ(a + b*x)) + (1 - label)*ln(1 - σ(a + b*x)))
    let p = lossBuilder.unary(.sigmoid, z)
    let one = lossBuilder.constant(1)
    let yes = lossBuilder.binary(.multiply, label, lossBuilder.unary(.ln, p))
    let no = lossBuilder.binary(
        .multiply, lossBuilder.binary(.subtract, one, label), lossBuilder.unary(.ln, lossBuilder.binary(.subtract, one, p)))
    perRowLoss = lossBuilder.unary(.negate, lossBuilder.binary(.add, yes, no))
default:  // abs(a + b*x - y)
    perRowLoss = lossBuilder.unary(.abs, lossBuilder.binary(.subtract, z, y))
}
let lossProgram = try lossBuilder.build(outputs: [lossBuilder.reduce(.mean, perRowLoss)])
if ProcessInfo.processInfo.environment["GD_PRINT_PROGRAMS"] != nil {
    print("gradient program:\n\(gradientProgram)\nloss program:\n\(lossProgram)")
}
let objective = CompiledObjective(
    table: try ColumnTable(columns: columns), gradientProgram: ProgramEvaluator(program: gradientProgram),
    lossProgram: ProgramEvaluator(program: lossProgram), parameterCount: 2)
print("start loss \(try objective.meanLoss(at: [0, 0]))")

try runTimedEpochs(of: objective, rate: rate, epochs: epochs, seed: seed)
