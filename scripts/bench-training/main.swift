// The Swift side of scripts/bench-training.sh: the Training engine on the
// benchmark's data, one run of plain SGD, batch 32, timing each epoch.
//
// usage: bench-training DATA.bin ROWS EPOCHS RATE SEED
// DATA.bin holds ROWS doubles x, then ROWS doubles y (then labels, unused here).
// Prints the same lines as bench-training-loop.c.
import Foundation
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
