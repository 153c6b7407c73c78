// The Swift side of scripts/bench-training.sh: the Training engine on the
// benchmark's data, one run of plain SGD, batch 32, timing each epoch.
//
// usage: bench-training DATA.bin ROWS EPOCHS RATE SEED
// DATA.bin holds ROWS doubles x, then ROWS doubles y (then labels, unused here).
// Prints the same lines as bench-training-loop.c.
import Foundation
import BenchTrainingSupport
import Training

let arguments = CommandLine.arguments
guard arguments.count == 6, let rows = Int(arguments[2]), let epochs = Int(arguments[3]),
    let rate = Double(arguments[4]), let seed = UInt64(arguments[5]),
    let data = FileManager.default.contents(atPath: arguments[1]), data.count >= 16 * rows
else {
    print("usage: bench-training DATA.bin ROWS EPOCHS RATE SEED")
    exit(2)
}
let columns = data.withUnsafeBytes { raw in
    let doubles = raw.bindMemory(to: Double.self)
    return (Array(doubles[0..<rows]), Array(doubles[rows..<(2 * rows)]))
}
let objective = try LinearRegressionObjective(inputs: columns.0, targets: columns.1)
print("start loss \(objective.meanLoss(at: [0, 0]))")

try runTimedEpochs(of: objective, rate: rate, epochs: epochs, seed: seed)
