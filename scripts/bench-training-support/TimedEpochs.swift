import Foundation
import Training

/// CPU time of this thread in milliseconds: on a busy machine it is
/// distorted much less than wall-clock time (the C loop measures the same).
func threadMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

/// Plain SGD, batch 32, from (0, 0), printing one "epoch E ms T loss L" line
/// per epoch and the final "x θ0 θ1": the protocol bench-training.sh reads,
/// shared by both engines it times.
public func runTimedEpochs(of objective: some RowObjective, rate: Double, epochs: Int, seed: UInt64) throws {
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
}
