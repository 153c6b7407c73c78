// The Training engine fed by Numeric's compiled programs, as the `sgd`
// command will run it: the objective is a `RowObjective` whose gradient and
// loss are register programs evaluated over the batch's rows (the least-
// squares line built as a symbolic derivative would hand it over). Run by
// scripts/bench-training.sh beside the built-in objective and the C loop;
// it must end on the same bits as both.
//
// usage: bench-training-compiled DATA.bin ROWS EPOCHS RATE SEED
import Foundation
import Numeric
import Training

/// A per-row loss compiled by Numeric: `mean` outputs of the gradient
/// program are the batch's mean gradient, summed in Numeric's fixed order.
struct CompiledObjective: RowObjective {
    let table: ColumnTable
    let gradientProgram: ProgramEvaluator
    let lossProgram: ProgramEvaluator
    let parameterCount: Int
    var rowCount: Int { table.rowCount }

    func meanGradient(at parameters: [Double], rows: ArraySlice<Int>, into gradient: inout [Double]) throws {
        try gradientProgram.evaluate(parameters: parameters, over: table, rows: rows, into: &gradient)
    }

    func meanLoss(at parameters: [Double]) throws -> Double {
        var outputs: [Double] = []
        try lossProgram.evaluate(parameters: parameters, over: table, into: &outputs)
        return outputs[0]
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 6, let rows = Int(arguments[2]), let epochs = Int(arguments[3]),
    let rate = Double(arguments[4]), let seed = UInt64(arguments[5]),
    let data = FileManager.default.contents(atPath: arguments[1]), data.count == 16 * rows
else {
    print("usage: bench-training-compiled DATA.bin ROWS EPOCHS RATE SEED")
    exit(2)
}
let columns = data.withUnsafeBytes { raw in
    let doubles = raw.bindMemory(to: Double.self)
    return [Array(doubles[0..<rows]), Array(doubles[rows..<(2 * rows)])]
}

// ℓ = (θ0 + θ1·x − y)²; ∂ℓ/∂θ0 = 2r, ∂ℓ/∂θ1 = 2r·x with r = θ0 + θ1·x − y.
func line(_ builder: inout ProgramBuilder) -> (residual: Register, x: Register) {
    let x = builder.column(0)
    let prediction = builder.binary(.add, builder.parameter(0), builder.binary(.multiply, builder.parameter(1), x))
    return (builder.binary(.subtract, prediction, builder.column(1)), x)
}
var gradientBuilder = ProgramBuilder(parameterCount: 2, columnCount: 2)
gradientBuilder.rewritesIntegerPowers = true
let (residual, x) = line(&gradientBuilder)
let twice = gradientBuilder.binary(.multiply, gradientBuilder.constant(2), residual)
let gradientProgram = try gradientBuilder.build(outputs: [
    gradientBuilder.reduce(.mean, twice),
    gradientBuilder.reduce(.mean, gradientBuilder.binary(.multiply, twice, x)),
])
var lossBuilder = ProgramBuilder(parameterCount: 2, columnCount: 2)
let lossResidual = line(&lossBuilder).residual
let lossProgram = try lossBuilder.build(outputs: [
    lossBuilder.reduce(.mean, lossBuilder.binary(.multiply, lossResidual, lossResidual))
])
let objective = CompiledObjective(
    table: try ColumnTable(columns: columns), gradientProgram: ProgramEvaluator(program: gradientProgram),
    lossProgram: ProgramEvaluator(program: lossProgram), parameterCount: 2)
print("start loss \(try objective.meanLoss(at: [0, 0]))")

/// CPU time of this thread in milliseconds: on a busy machine it is
/// distorted much less than wall-clock time (the C loop measures the same).
func threadMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

// The first epoch's time also covers allocating the row order and the start
// loss; the script takes the median of the later epochs.
var epochStart = threadMilliseconds()
let result = try stochasticGradientDescent(
    minimizing: objective, from: [0, 0],
    configuration: SGDConfiguration(rate: rate, batchSize: .rows(32), epochs: epochs, seed: seed),
    shouldStop: { false },
    progress: { progress in
        let now = threadMilliseconds()
        print("epoch \(progress.epoch) ms \(String(format: "%.3f", now - epochStart)) loss \(progress.loss)")
        epochStart = now
    })
print("x \(result.x[0]) \(result.x[1])")
