import Testing
@testable import Training

/// The worked examples of the LING 282 deck ("Gradient Descent").
@Suite struct LectureTests {
    @Test func secretNumberGameLearnsTheta() throws {
        // y = x + θ with θ = 2 exactly, one row per step.
        let objective = secretNumberObjective([(2, 4), (3, 5), (5, 7), (8, 10)])
        let result = try runSGD(objective, from: [0], SGDConfiguration(rate: 0.1, batchSize: .rows(1), epochs: 50))
        #expect(abs(result.x[0] - 2) < 1e-12)
        #expect(result.fun < 1e-20)
        #expect(result.losses.count == 51)
        #expect(result.losses == result.losses.sorted(by: >))  // every step shrinks θ − 2 by the same factor
    }

    @Test func noisySecretNumberGameFindsTheAverageDifference() throws {
        // No θ fits D = {(2, 3), (3, 6), (5, 5), (8, 12)} exactly; the batch
        // optimum is the mean difference 2, with loss (1 + 1 + 4 + 4)/4 = 2.5.
        let objective = secretNumberObjective([(2, 3), (3, 6), (5, 5), (8, 12)])
        let result = try runSGD(objective, from: [0], SGDConfiguration(rate: 0.25, batchSize: .all, epochs: 100))
        #expect(abs(result.x[0] - 2) < 1e-12)
        #expect(abs(result.fun - 2.5) < 1e-12)
    }

    @Test func noisySecretNumberGameWithMiniBatchesSettlesNearTwo() throws {
        // Mini-batches of 2 pull θ towards 1.5 or 2.5 (each half's mean
        // difference); a decaying rate lets the noise average out.
        let objective = secretNumberObjective([(2, 3), (3, 6), (5, 5), (8, 12)])
        let result = try runSGD(
            objective, from: [0],
            SGDConfiguration(rate: 0.2, batchSize: .rows(2), epochs: 200, seed: 3, decay: .inverse(0.05)))
        #expect(abs(result.x[0] - 2) < 0.05)
        #expect(abs(result.fun - 2.5) < 0.01)
    }

    @Test func aRateOfOneBouncesBackAndForth() throws {
        // One point (2, 4): ℓ = (θ − 2)², dℓ/dθ = 2θ − 4; from θ = 5 a full
        // step lands on −1 and the next one back on 5.
        let objective = secretNumberObjective([(2, 4)])
        let result = try runSGD(objective, from: [5], SGDConfiguration(rate: 1, epochs: 2))
        #expect(result.path == [[5], [-1], [5]])
    }

    @Test func aRateOfThreeQuartersHomesIn() throws {
        // The deck's second try: 5 → 0.5 → 2.75 → 1.625 (the slide's 2.25 and
        // 1.875 carry a slip: 0.5 − 0.75·(−3) = 2.75).
        let objective = secretNumberObjective([(2, 4)])
        let result = try runSGD(objective, from: [5], SGDConfiguration(rate: 0.75, epochs: 3))
        #expect(result.path == [[5], [0.5], [2.75], [1.625]])
        #expect(result.losses == [9, 2.25, 0.5625, 0.140625])
    }

    @Test func linearRegressionRecoversTheLine() throws {
        // y = 0.15x + 1 exactly on 200 points in [0, 50): Adam finds θ = (1, 0.15).
        let inputs = uniformValues(count: 200, seed: 11, in: 0..<50)
        let objective = try LinearRegressionObjective(inputs: inputs, targets: inputs.map { 0.15 * $0 + 1 })
        let result = try runSGD(
            objective, from: [0, 0],
            SGDConfiguration(rate: 0.05, batchSize: .rows(16), epochs: 300, optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), decay: .inverse(0.001)))
        #expect(abs(result.x[0] - 1) < 1e-3)
        #expect(abs(result.x[1] - 0.15) < 1e-4)
    }
}
