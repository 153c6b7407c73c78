import Testing
@testable import Training

/// Random settings (fixed seed), including rates far too large: every run
/// must end cleanly with a result whose parts agree with each other.
@Suite struct SGDPropertyTests {
    @Test func randomSettingsGiveConsistentResults() throws {
        var generator = SGDRandomGenerator(seed: 20_261_121)
        let inputs = uniformValues(count: 23, seed: 1, in: -5..<20)
        let targets = zip(inputs, uniformValues(count: 23, seed: 2, in: -1..<1)).map { 0.5 * $0 - 2 + $1 }
        let objective = try LinearRegressionObjective(inputs: inputs, targets: targets)
        var stops: Set<String> = []
        for _ in 0..<300 {
            let rate = 1e-4 * Double(1 << generator.bounded(24))  // 1e-4 … 838
            let batch: BatchSize = generator.bounded(5) == 0 ? .all : .rows(Int(generator.bounded(30)) + 1)
            let optimizers: [SGDOptimizer] = [
                .plain, .momentum(0.9), .nesterov(0.5), .adagrad(epsilon: 1e-8),
                .rmsprop(decay: 0.9, epsilon: 1e-8), .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
            ]
            let decays: [SGDDecay] = [.constant, .linear(steps: 7, finalRate: nil), .inverse(0.1), .exponential(0.01)]
            let configuration = SGDConfiguration(
                rate: rate, batchSize: batch, epochs: Int(generator.bounded(25)), seed: generator.next(),
                optimizer: optimizers[Int(generator.bounded(6))], decay: decays[Int(generator.bounded(4))],
                shuffles: generator.bounded(4) != 0, reportEvery: Int(generator.bounded(4)) + 1)
            let result = try runSGD(objective, from: [1, -1], configuration)

            #expect(result.path.count == result.losses.count)
            #expect(result.path.count == result.epochs + 1 + (result.endsInsideEpoch ? 1 : 0))
            #expect(result.x == result.path.last)
            #expect(result.fun.bitPattern == result.losses.last?.bitPattern)
            #expect(result.steps >= result.epochs * result.batchesPerEpoch)
            #expect(result.steps <= (result.epochs + 1) * result.batchesPerEpoch)
            switch result.stop {
            case .completed:
                stops.insert("completed")
                #expect(result.epochs == configuration.epochs)
                #expect(result.steps == configuration.epochs * result.batchesPerEpoch)
                #expect(result.losses.allSatisfy { $0.isFinite })
            case .diverged:
                stops.insert("diverged")
                #expect(!result.fun.isFinite || !result.x.allSatisfy { $0.isFinite })
            case .interrupted:
                Issue.record("nothing asked to stop")
            }
            let report = renderSGDReport(result, parameterNames: ["a", "b"])
            #expect(report.split(separator: "\n").last.map(String.init) == result.reason)
        }
        #expect(stops == ["completed", "diverged"])  // both kinds of ending were exercised
    }
}
