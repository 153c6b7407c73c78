import Core
import Testing
@testable import Training

@Suite struct BatchingTests {
    @Test(arguments: [
        (BatchSize.rows(3), [3, 3, 3, 1]),
        (BatchSize.rows(5), [5, 5]),
        (BatchSize.rows(1), [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
        (BatchSize.rows(32), [10]),
        (BatchSize.all, [10]),
    ])
    func batchesCoverEveryRowOncePerEpoch(batch: BatchSize, sizes: [Int]) throws {
        let objective = RecordingObjective(rowCount: 10, loss: { $0 * $0 }, derivative: { 2 * $0 })
        let result = try runSGD(objective, from: [1], SGDConfiguration(rate: 0.01, batchSize: batch, epochs: 3))
        #expect(result.batchesPerEpoch == sizes.count)
        #expect(result.steps == 3 * sizes.count)
        #expect(objective.batches.map(\.count) == sizes + sizes + sizes)
        for epoch in 0..<3 {
            let rows = objective.batches[(epoch * sizes.count)..<((epoch + 1) * sizes.count)].flatMap { $0 }
            #expect(rows.sorted() == Array(0..<10))
        }
    }

    @Test func eachEpochShufflesTheIdentityOrderAfresh() throws {
        let objective = RecordingObjective(rowCount: 10, loss: { $0 * $0 }, derivative: { 2 * $0 })
        _ = try runSGD(objective, from: [1], SGDConfiguration(batchSize: .all, epochs: 3, seed: 42))
        #expect(objective.batches == SGDReferenceFixture.shufflesForSeed42)
    }

    @Test func eachBatchFirstHintsTheNextBatchOfItsEpoch() throws {
        let objective = RecordingObjective(rowCount: 10, loss: { $0 * $0 }, derivative: { 2 * $0 })
        _ = try runSGD(objective, from: [1], SGDConfiguration(batchSize: .rows(3), epochs: 2, seed: 7))
        // Batches of 3, 3, 3, 1 rows: the first three of each epoch hint the one after.
        let expected = [1, 2, 3, 5, 6, 7].map { (rows: objective.batches[$0], afterBatches: $0 - 1) }
        #expect(objective.prefetches.map(\.rows) == expected.map(\.rows))
        #expect(objective.prefetches.map(\.afterBatches) == expected.map(\.afterBatches))
    }

    /// Batches of up to `RowOrder.narrowBatchLimit` rows come from a 32-bit
    /// order, larger ones from an `Int` order: both are the textbook
    /// shuffle of the identity, epoch after epoch.
    @Test(arguments: [(70_003, BatchSize.rows(1000)), (70_003, BatchSize.rows(33)), (70_003, BatchSize.all), (70_003, BatchSize.rows(66_000))])
    func bothOrderWidthsGiveTheTextbookShuffle(rowCount: Int, batch: BatchSize) throws {
        let objective = RecordingObjective(rowCount: rowCount, loss: { $0 * $0 }, derivative: { 2 * $0 })
        _ = try runSGD(objective, from: [1], SGDConfiguration(rate: 1e-9, batchSize: batch, epochs: 2, seed: 11))
        var generator = SGDRandomGenerator(seed: 11)
        var expected: [Int] = []
        for _ in 0..<2 {
            var order = Array(0..<rowCount)
            for index in stride(from: rowCount - 1, to: 0, by: -1) {
                order.swapAt(index, Int(generator.bounded(UInt64(index + 1))))
            }
            expected += order
        }
        #expect(objective.batches.flatMap { $0 } == expected)
        // Each hint is the batch after the one it precedes.
        for (rows, before) in objective.prefetches { #expect(rows == objective.batches[before + 1]) }
    }

    @Test func noshuffleTakesRowsInTableOrder() throws {
        let objective = RecordingObjective(rowCount: 7, loss: { $0 * $0 }, derivative: { 2 * $0 })
        _ = try runSGD(objective, from: [1], SGDConfiguration(batchSize: .rows(3), epochs: 2, shuffles: false))
        #expect(objective.batches == [[0, 1, 2], [3, 4, 5], [6], [0, 1, 2], [3, 4, 5], [6]])
    }

    @Test func progressIsReportedAfterEachEpoch() throws {
        let objective = RecordingObjective(rowCount: 5, loss: { $0 * $0 }, derivative: { 2 * $0 })
        var reports: [SGDProgress] = []
        let result = try stochasticGradientDescent(
            minimizing: objective, from: [1], configuration: SGDConfiguration(rate: 0.1, batchSize: .rows(2), epochs: 4),
            shouldStop: { false }, progress: { reports.append($0) })
        #expect(reports.map(\.epoch) == [1, 2, 3, 4])
        #expect(reports.allSatisfy { $0.epochs == 4 })
        #expect(reports.map(\.loss) == Array(result.losses.dropFirst()))
        #expect(reports.map(\.parameters) == Array(result.path.dropFirst()))
    }

    @Test func zeroEpochsOnlyEvaluatesTheStart() throws {
        let objective = RecordingObjective(rowCount: 4, loss: { $0 * $0 }, derivative: { 2 * $0 })
        let result = try runSGD(objective, from: [3], SGDConfiguration(epochs: 0))
        #expect(result.path == [[3]])
        #expect(result.losses == [9])
        #expect(result.steps == 0)
        #expect(result.stop == .completed)
        #expect(objective.batches.isEmpty)
    }

    @Test func theSameSeedGivesTheSameBitsAndAnotherSeedAnotherPath() throws {
        let inputs = uniformValues(count: 101, seed: 1, in: 0..<10)
        let objective = try LinearRegressionObjective(inputs: inputs, targets: inputs.map { 2 * $0 - 3 })
        let settings = SGDConfiguration(rate: 0.005, batchSize: .rows(8), epochs: 5, seed: 77, optimizer: .momentum(0.5))
        let first = try runSGD(objective, from: [0, 0], settings)
        let second = try runSGD(objective, from: [0, 0], settings)
        var otherSettings = settings
        otherSettings.seed = 78
        let other = try runSGD(objective, from: [0, 0], otherSettings)
        #expect(first.path.map { $0.map(\.bitPattern) } == second.path.map { $0.map(\.bitPattern) })
        #expect(first.path != other.path)
    }
}

@Suite struct ObjectiveTests {
    @Test func pairwiseSumIsNumPysOrder() {
        // Left to right this is 3 (the 1s after −1e100 survive); in NumPy's
        // eight partial sums, (r0 + r1) + (r2 + r3) = 1e100 and
        // (r4 + r5) + (r6 + r7) = −1e100: every 1 vanishes, the sum is 0.
        #expect(pairwiseSum([1e100, 1, 1, 1, -1e100, 1, 1, 1]) == 0)
        #expect(pairwiseSum([]) == 0)
        #expect(pairwiseSum([1, 2, 3, 4, 5]) == 15)
        for count in 0..<200 {
            let values = uniformValues(count: count, seed: UInt64(count), in: -1..<1).map { $0 * 1e3 }
            #expect(pairwiseSum(values).bitPattern == PairwiseSum.of(values).bitPattern)
        }
    }

    /// The built-in least-squares objective sums its gradient terms as
    /// NumPy's pairwise sum of the per-row terms would, for batches small and large.
    @Test func linearRegressionSumsPairwise() throws {
        let inputs = uniformValues(count: 1000, seed: 5, in: 0..<50)
        let targets = uniformValues(count: 1000, seed: 6, in: 0..<10)
        let objective = try LinearRegressionObjective(inputs: inputs, targets: targets)
        for count in [1, 7, 32, 129, 1000] {
            let rows = Array((0..<count).map { ($0 * 7) % 1000 })
            var gradient = [0.0, 0.0]
            rows.withUnsafeBufferPointer { objective.meanGradient(at: [0.5, 0.1], rows: $0, into: &gradient) }
            let residuals = rows.map { (0.5 + 0.1 * inputs[$0]) - targets[$0] }
            let weighted = zip(rows, residuals).map { $1 * inputs[$0] }
            #expect(gradient[0].bitPattern == (2 * pairwiseSum(residuals) / Double(count)).bitPattern, "\(count)")
            #expect(gradient[1].bitPattern == (2 * pairwiseSum(weighted) / Double(count)).bitPattern, "\(count)")
        }
        let squares = inputs.indices.map { ((0.5 + 0.1 * inputs[$0]) - targets[$0]) * ((0.5 + 0.1 * inputs[$0]) - targets[$0]) }
        #expect(objective.meanLoss(at: [0.5, 0.1]).bitPattern == (pairwiseSum(squares) / 1000).bitPattern)
    }

    @Test func linearRegressionAgreesWithItsRowByRowFormBitForBit() throws {
        let inputs = uniformValues(count: 37, seed: 3, in: 0..<50)
        let noise = uniformValues(count: 37, seed: 4, in: -1..<1)
        let targets = zip(inputs, noise).map { 0.15 * $0 + 1 + $1 }
        let fast = try LinearRegressionObjective(inputs: inputs, targets: targets)
        let slow = linearClosureObjective(inputs: inputs, targets: targets)
        var generator = SGDRandomGenerator(seed: 5)
        for batchSize in 1...19 {
            let rows = (0..<batchSize).map { _ in Int(generator.bounded(37)) }
            let theta = uniformValues(count: 2, seed: UInt64(batchSize), in: -2..<2)
            var fastGradient = [0.0, 0.0]
            var slowGradient = [0.0, 0.0]
            // A stretch of a longer buffer, as the engine passes.
            let padded = [0, 0, 0] + rows
            try padded[3...].withUnsafeBufferPointer { batch in
                fast.meanGradient(at: theta, rows: batch, into: &fastGradient)
                try slow.meanGradient(at: theta, rows: batch, into: &slowGradient)
            }
            #expect(fastGradient.map(\.bitPattern) == slowGradient.map(\.bitPattern))
            #expect(fast.meanLoss(at: theta).bitPattern == (try slow.meanLoss(at: theta)).bitPattern)
        }
    }

    @Test func linearRegressionGradientMatchesCentralDifferences() throws {
        let inputs = uniformValues(count: 9, seed: 8, in: 0..<5)
        let objective = try LinearRegressionObjective(inputs: inputs, targets: inputs.map { 1 - $0 })
        let theta = [0.3, -0.7]
        var gradient = [0.0, 0.0]
        Array(0..<9).withUnsafeBufferPointer { objective.meanGradient(at: theta, rows: $0, into: &gradient) }
        let step = 1e-6
        for j in 0..<2 {
            var up = theta
            var down = theta
            up[j] += step
            down[j] -= step
            let estimate = (objective.meanLoss(at: up) - objective.meanLoss(at: down)) / (2 * step)
            #expect(abs(estimate - gradient[j]) < 1e-6 * max(1, abs(gradient[j])))
        }
    }

    @Test func columnsOfDifferentLengthsAreAnError() {
        #expect(throws: SGDError.columnLengthsDiffer(2, 3)) {
            try LinearRegressionObjective(inputs: [1, 2], targets: [1, 2, 3])
        }
    }
}

@Suite struct OptimizerTests {
    /// ℓ(θ) = θ with gradient 1 everywhere: each rule's arithmetic shows directly.
    func constantSlope(rows: Int = 1) -> RecordingObjective {
        RecordingObjective(rowCount: rows, loss: { $0 }, derivative: { _ in 1 })
    }

    @Test func plainStepsDownTheGradient() throws {
        let result = try runSGD(constantSlope(), from: [0], SGDConfiguration(rate: 0.5, epochs: 3))
        #expect(result.path == [[0], [-0.5], [-1], [-1.5]])
    }

    @Test func momentumAccumulatesVelocity() throws {
        // v ← 0.5v − 0.5·1: v = −0.5, −0.75, −0.875; x adds each v.
        let result = try runSGD(constantSlope(), from: [0], SGDConfiguration(rate: 0.5, epochs: 3, optimizer: .momentum(0.5)))
        #expect(result.path == [[0], [-0.5], [-1.25], [-2.125]])
    }

    @Test func nesterovTakesTheGradientAtTheLookAheadPoint() throws {
        // ℓ = θ², ∇ = 2θ, α = 0.25, λ = 0.5 from 1: look-ahead points 1 then
        // 0.5 + 0.5·(−0.5) = 0.25; v = −0.5 then −0.25 − 0.125 = −0.375.
        let objective = RecordingObjective(rowCount: 1, loss: { $0 * $0 }, derivative: { 2 * $0 })
        let result = try runSGD(objective, from: [1], SGDConfiguration(rate: 0.25, epochs: 2, optimizer: .nesterov(0.5)))
        #expect(objective.evaluationPoints == [1, 0.25])
        #expect(result.path == [[1], [0.5], [0.125]])
    }

    @Test func adagradDividesByTheRootOfTheSummedSquares() throws {
        let objective = RecordingObjective(rowCount: 1, loss: { 2 * $0 }, derivative: { _ in 2 })
        let result = try runSGD(objective, from: [0], SGDConfiguration(rate: 1, epochs: 2, optimizer: .adagrad(epsilon: 1e-8)))
        // G = 4 then 8: steps 2/2 and 2/√8.
        #expect(abs(result.path[1][0] - -1) < 1e-8)
        #expect(abs(result.path[2][0] - (-1 - 2 / 8.0.squareRoot())) < 1e-8)
    }

    @Test func rmspropDividesByTheRootOfTheAveragedSquares() throws {
        let objective = RecordingObjective(rowCount: 1, loss: { 2 * $0 }, derivative: { _ in 2 })
        let result = try runSGD(
            objective, from: [0], SGDConfiguration(rate: 0.1, epochs: 2, optimizer: .rmsprop(decay: 0.9, epsilon: 1e-8)))
        // E = 0.4 then 0.9·0.4 + 0.4 = 0.76.
        let first = -0.1 * 2 / 0.4.squareRoot()
        #expect(abs(result.path[1][0] - first) < 1e-8)
        #expect(abs(result.path[2][0] - (first - 0.1 * 2 / 0.76.squareRoot())) < 1e-8)
    }

    @Test func adamsFirstStepIsTheRateTimesTheGradientsSign() throws {
        // Bias correction makes m̂/√v̂ = g/|g| on the first step, whatever |g|.
        let objective = RowClosureObjective(
            rowCount: 1, parameterCount: 2, rowLoss: { theta, _ in 1000 * theta[0] - 0.001 * theta[1] },
            rowGradient: { _, _, gradient in gradient = [1000, -0.001] })
        let result = try runSGD(
            objective, from: [0, 0],
            SGDConfiguration(rate: 0.01, epochs: 1, optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)))
        #expect(abs(result.x[0] - -0.01) < 1e-12)
        #expect(abs(result.x[1] - 0.01) < 1e-7)
    }

    @Test(arguments: [
        ("sgd", nil, SGDOptimizer.plain), (nil, nil, .plain), ("sgd", 0.5, .momentum(0.5)), (nil, 0.5, .momentum(0.5)),
        ("Momentum", nil, .momentum(0.9)), ("nesterov", 0.7, .nesterov(0.7)), ("ADAGRAD", nil, .adagrad(epsilon: 1e-10)),
        ("rms_prop", nil, .rmsprop(decay: 0.99, epsilon: 1e-8)), ("adam", nil, .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)),
    ] as [(String?, Double?, SGDOptimizer)])
    func optimizerNamesAndDefaults(name: String?, momentum: Double?, expected: SGDOptimizer) throws {
        #expect(try SGDOptimizer.named(name, momentum: momentum) == expected)
    }

    @Test func badOptimizerNamesAreErrorsWithSuggestions() {
        #expect(throws: UpdateRuleError.unknown("adamm", suggestion: "adam")) { try SGDOptimizer.named("adamm", momentum: nil) }
        #expect(throws: UpdateRuleError.notApplicable(.momentum, rule: "adam")) { try SGDOptimizer.named("adam", momentum: 0.9) }
        #expect(throws: UpdateRuleError.notApplicable(.beta1, rule: "rmsprop")) { try SGDOptimizer.named("rmsprop", beta1: 0.9) }
        let error = SGDError.optimizer(.unknown("adamm", suggestion: "adam"))
        #expect(error.note == "did you mean 'adam'?")
        #expect(error.option == "optimizer")
    }
}

@Suite struct DecayTests {
    @Test func linearGoesToTheFinalRateAndHolds() {
        let decay = SGDDecay.linear(steps: 4, finalRate: 0.5)
        let rates = (0...6).map { decay.rate(initial: 1, step: $0) }
        #expect(rates == [1, 0.875, 0.75, 0.625, 0.5, 0.5, 0.5])
        let byDefault = SGDDecay.linear(steps: 10, finalRate: nil)
        #expect(abs(byDefault.rate(initial: 2, step: 10) - 0.02) < 1e-15)
        #expect(byDefault.rate(initial: 2, step: 10) == byDefault.rate(initial: 2, step: 500))
    }

    @Test func inverseAndExponentialFollowTheirFormulas() {
        #expect(SGDDecay.inverse(0.5).rate(initial: 1, step: 2) == 0.5)
        #expect(SGDDecay.inverse(0.5).rate(initial: 1, step: 0) == 1)
        #expect(abs(SGDDecay.exponential(0.1).rate(initial: 2, step: 10) - 2 * 0.36787944117144233) < 1e-15)
        #expect(SGDDecay.constant.rate(initial: 0.3, step: 1000) == 0.3)
    }

    @Test func decayIsCountedPerStepAcrossEpochs() throws {
        // Constant slope 1 and plain SGD: x after T steps is −Σ αₜ; 3 rows in
        // batches of 1 over 2 epochs is 6 steps, t = 0 … 5.
        let objective = RecordingObjective(rowCount: 3, loss: { $0 }, derivative: { _ in 1 })
        let decay = SGDDecay.linear(steps: 4, finalRate: 0.125)
        let result = try runSGD(objective, from: [0], SGDConfiguration(rate: 1, batchSize: .rows(1), epochs: 2, decay: decay))
        var expected = 0.0
        for step in 0..<6 { expected = expected - decay.rate(initial: 1, step: step) }
        #expect(result.x == [expected])
        #expect(result.x == [-(1 + 0.78125 + 0.5625 + 0.34375 + 0.125 + 0.125)])
    }
}

@Suite struct StoppingTests {
    @Test func divergenceStopsAndSuggestsASmallerRate() throws {
        let inputs = uniformValues(count: 10, seed: 2, in: 0..<10)
        let objective = try LinearRegressionObjective(inputs: inputs, targets: inputs)
        let result = try runSGD(objective, from: [0, 0], SGDConfiguration(rate: 10, batchSize: .rows(3), epochs: 1000))
        guard case .diverged(let epoch, let batch) = result.stop else {
            Issue.record("expected divergence, got \(result.stop)")
            return
        }
        #expect(epoch < 1000)
        #expect((1...4).contains(batch))
        #expect(!result.fun.isFinite || !result.x.allSatisfy(\.isFinite))
        #expect(result.path.count == result.losses.count)
        #expect(result.reason.hasPrefix("Diverged in epoch \(epoch) at batch \(batch) "))
        #expect(result.reason.hasSuffix("try a smaller rate, such as 1."))
    }

    @Test func aLossThatStopsBeingFiniteIsDivergenceAtTheEpochsEnd() throws {
        // The loss overflows past θ = 4 while θ itself stays finite.
        let objective = RecordingObjective(rowCount: 2, loss: { $0 > 4 ? .infinity : $0 }, derivative: { _ in -1 })
        let result = try runSGD(objective, from: [0], SGDConfiguration(rate: 1, batchSize: .rows(1), epochs: 10))
        #expect(result.stop == .diverged(epoch: 3, batch: 2))
        #expect(result.epochs == 3)
        #expect(result.path == [[0], [2], [4], [6]])
        #expect(result.reason == "Diverged in epoch 3 at batch 2 (6 steps): the loss became inf; try a smaller rate, such as 0.1.")
    }

    @Test func aLossThatEndsAboveItsStartIsDiagnosed() throws {
        // ℓ = θ with gradient −1 (a wrong sign, as a too-large rate would
        // behave): the loss climbs; the run completes and says so.
        let objective = RecordingObjective(rowCount: 1, loss: { $0 }, derivative: { _ in -1 })
        let result = try runSGD(objective, from: [0], SGDConfiguration(rate: 0.5, epochs: 2))
        #expect(result.stop == .completed)
        #expect(
            result.reason
                == "Completed 2 epochs of 1 batch of 1 row (2 steps); loss 1. The loss ended above its start (0): the rate may be too large; try a smaller rate, such as 0.05.")
    }

    @Test func stopCheckIsPolledBeforeEveryBatch() throws {
        // 10 rows in batches of 3: 4 batches an epoch. The 6th poll is before
        // batch 2 of epoch 2, so 5 steps have run.
        let objective = RecordingObjective(rowCount: 10, loss: { $0 * $0 }, derivative: { 2 * $0 })
        var polls = 0
        let result = try stochasticGradientDescent(
            minimizing: objective, from: [1], configuration: SGDConfiguration(rate: 0.1, batchSize: .rows(3), epochs: 5),
            shouldStop: {
                polls += 1
                return polls == 6
            })
        #expect(result.stop == .interrupted(epoch: 2, batch: 1))
        #expect(result.steps == 5)
        #expect(result.epochs == 1)
        #expect(result.wasInterrupted)
        #expect(result.endsInsideEpoch)
        #expect(result.path.count == 3)
        #expect(result.x == result.path[2])
        #expect(result.fun == result.x[0] * result.x[0])
        #expect(result.reason == "Interrupted in epoch 2 after batch 1 of 4 (5 steps); the result holds the parameters where it stopped.")
    }

    @Test func stopBetweenEpochsAddsNoPartialPoint() throws {
        let objective = RecordingObjective(rowCount: 10, loss: { $0 * $0 }, derivative: { 2 * $0 })
        var polls = 0
        let result = try stochasticGradientDescent(
            minimizing: objective, from: [1], configuration: SGDConfiguration(rate: 0.1, batchSize: .rows(5), epochs: 5),
            shouldStop: {
                polls += 1
                return polls == 3
            })
        #expect(result.stop == .interrupted(epoch: 2, batch: 0))
        #expect(!result.endsInsideEpoch)
        #expect(result.path.count == 2)
    }

    @Test func anObjectiveThatThrowsInterruptedStopsTheRun() throws {
        let objective = RecordingObjective(rowCount: 4, loss: { $0 * $0 }, derivative: { 2 * $0 })
        objective.failure = Interrupted()
        objective.failAfterBatches = 3
        let result = try runSGD(objective, from: [1], SGDConfiguration(rate: 0.1, batchSize: .rows(2), epochs: 5))
        #expect(result.stop == .interrupted(epoch: 2, batch: 1))
        #expect(result.steps == 3)
    }

    @Test func otherObjectiveErrorsPropagate() {
        struct Broken: Error, Equatable {}
        let objective = RecordingObjective(rowCount: 4, loss: { $0 * $0 }, derivative: { 2 * $0 })
        objective.failure = Broken()
        objective.failAfterBatches = 1
        #expect(throws: Broken()) { try runSGD(objective, from: [1], SGDConfiguration(batchSize: .rows(2))) }
    }
}

@Suite struct ValidationTests {
    static var quadratic: RecordingObjective { RecordingObjective(rowCount: 3, loss: { $0 * $0 }, derivative: { 2 * $0 }) }

    @Test(arguments: [
        (SGDConfiguration(rate: 0), SGDError.invalidRate(0), "rate"),
        (SGDConfiguration(rate: -0.1), .invalidRate(-0.1), "rate"),
        (SGDConfiguration(rate: .nan), .invalidRate(.nan), "rate"),
        (SGDConfiguration(batchSize: .rows(0)), .invalidBatchSize(0), "batch"),
        (SGDConfiguration(epochs: -1), .invalidEpochs(-1), "epochs"),
        (SGDConfiguration(epochs: 1_000_001), .invalidEpochs(1_000_001), "epochs"),
        (SGDConfiguration(reportEvery: 0), .invalidReportInterval(0), "every"),
        (SGDConfiguration(optimizer: .momentum(1)), .optimizer(.invalid(.momentum, 1)), "momentum"),
        (SGDConfiguration(optimizer: .nesterov(-0.5)), .optimizer(.invalid(.momentum, -0.5)), "momentum"),
        (SGDConfiguration(optimizer: .adam(beta1: 1, beta2: 0.999, epsilon: 1e-8)), .optimizer(.invalid(.beta1, 1)), "beta1"),
        (SGDConfiguration(optimizer: .adagrad(epsilon: 0)), .optimizer(.invalid(.eps, 0)), "eps"),
        (SGDConfiguration(decay: .linear(steps: 0, finalRate: nil)), .invalidDecay("linear", parameter: 0), "decay"),
        (SGDConfiguration(decay: .linear(steps: 5, finalRate: -1)), .invalidFinalRate(-1), "decay"),
        (SGDConfiguration(decay: .inverse(-1)), .invalidDecay("inverse", parameter: -1), "decay"),
        (SGDConfiguration(decay: .exponential(.infinity)), .invalidDecay("exp", parameter: .infinity), "decay"),
    ])
    func settingsOutOfRangeAreErrors(configuration: SGDConfiguration, error: SGDError, option: String) {
        // NaN never equals itself, so compare messages (which hold the value).
        #expect {
            try runSGD(Self.quadratic, from: [1], configuration)
        } throws: { thrown in
            (thrown as? SGDError)?.message == error.message && (thrown as? SGDError)?.option == option
        }
    }

    @Test func startAndTableProblemsAreErrors() throws {
        #expect(throws: SGDError.startLengthMismatch(expected: 1, actual: 2)) { try runSGD(Self.quadratic, from: [1, 2]) }
        #expect(throws: SGDError.nonFiniteStart(index: 0, value: .infinity)) { try runSGD(Self.quadratic, from: [.infinity]) }
        let empty = RecordingObjective(rowCount: 0, loss: { $0 }, derivative: { _ in 1 })
        #expect(throws: SGDError.emptyTable) { try runSGD(empty, from: [1]) }
        let missing = try LinearRegressionObjective(inputs: [1, 2, 3], targets: [1, .nan, 3])
        #expect {
            try runSGD(missing, from: [0, 0])
        } throws: { error in
            (error as? SGDError)?.message == "the loss at the start is nan; check the start and the table for missing values (nan)"
        }
        let none = RowClosureObjective(rowCount: 3, parameterCount: 0, rowLoss: { _, _ in 0 }, rowGradient: { _, _, _ in })
        #expect(throws: SGDError.noParameters) { try runSGD(none, from: []) }
    }

    @Test(arguments: [(0.0, UInt64(0)), (42, 42), (0x1p63, 1 << 63), (0x1p64 - 2048, UInt64.max - 2047)] as [(Double, UInt64)])
    func seedsAreWholeNumbersBelowTwoToThe64(value: Double, expected: UInt64) throws {
        #expect(try SGDConfiguration.seed(from: value) == expected)
    }

    @Test(arguments: [-1, 0.5, 0x1p64, .infinity, .nan] as [Double])
    func otherSeedsAreErrors(value: Double) {
        #expect(throws: SGDError.self) { try SGDConfiguration.seed(from: value) }
    }

    @Test func countsAreWholeNumbersThatFitAnInt32() throws {
        #expect(try SGDConfiguration.count(from: 32, for: "batch") == 32)
        #expect(try SGDConfiguration.count(from: 0, for: "epochs") == 0)
        for value in [2.5, -1, 1e300, .infinity, .nan, 0x1p31] {
            #expect {
                try SGDConfiguration.count(from: value, for: "epochs")
            } throws: { error in
                (error as? SGDError)?.option == "epochs"
                    && (error as? SGDError)?.message == "'epochs' needs a whole number, not \(formatNumber(value))"
            }
        }
    }
}
