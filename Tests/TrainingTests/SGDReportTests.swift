import Testing
@testable import Training

@Suite struct SGDReportTests {
    /// A result built by hand, so the expected text follows from the numbers.
    func result(epochs: Int, every: Int? = nil, stop: SGDStop = .completed, partial: [Double]? = nil) -> SGDResult {
        var path = (0...epochs).map { [Double($0) / 4, 0 - 2.5 * Double($0)] }
        var losses = (0...epochs).map { 100 / Double($0 + 1) }
        if let partial {
            path.append(partial)
            losses.append(.nan)
        }
        return SGDResult(
            x: path[path.count - 1], fun: losses[losses.count - 1], path: path, losses: losses, epochs: epochs,
            steps: epochs * 4 + (partial == nil ? 0 : 1), batchesPerEpoch: 4, batchSize: 3, rowCount: 10, stop: stop,
            configuration: SGDConfiguration(rate: 0.1, batchSize: .rows(3), epochs: epochs, reportEvery: every))
    }

    @Test func oneRowPerEpochThenTheReason() {
        let text = renderSGDReport(result(epochs: 3), parameterNames: ["θ0", "θ1"])
        #expect(
            text == """
                epoch     loss    θ0    θ1
                    0      100     0     0
                    1       50  0.25  -2.5
                    2  33.3333   0.5    -5
                    3       25  0.75  -7.5
                Completed 3 epochs of 4 batches of 3 rows (12 steps); loss 25.
                """)
    }

    @Test func everyKShowsTheStartEveryKthAndTheLastEpoch() {
        let text = renderSGDReport(result(epochs: 10, every: 3), parameterNames: ["a", "b"])
        let labels = text.split(separator: "\n").dropFirst().dropLast().map { $0.split(separator: " ")[0] }
        #expect(labels == ["0", "3", "6", "9", "10"])
    }

    /// A long run shows a selection, as descend does: 0–10, round steps, the last.
    @Test func aLongRunShowsASelectionOfEpochs() {
        let text = renderSGDReport(result(epochs: 1000), parameterNames: ["a", "b"])
        let labels = text.split(separator: "\n").dropFirst().dropLast().map { String($0.split(separator: " ")[0]) }
        let expected: [String] = Array(0...10).map { String($0) } + Array(stride(from: 100, through: 1000, by: 100)).map { String($0) }
        #expect(labels == expected)
        let everyOne = renderSGDReport(result(epochs: 1000, every: 1), parameterNames: ["a", "b"])
        let lineCount = everyOne.split(separator: "\n").count
        #expect(lineCount == 1003)
    }

    @Test func aStopInsideAnEpochEndsWithAPartialRow() {
        let text = renderSGDReport(
            result(epochs: 1, stop: .diverged(epoch: 2, batch: 1), partial: [.nan, .infinity]), parameterNames: ["w", "b"])
        let lines = text.split(separator: "\n")
        #expect(lines[lines.count - 2] == "2 (part)   nan   nan   inf")
        #expect(lines.last == "Diverged in epoch 2 at batch 1 (5 steps): the parameters became nan; try a smaller rate, such as 0.01.")
    }

    @Test func digitsAreRoundedAndNamesFallBack() {
        var run = result(epochs: 0)
        run.path = [[1 / 3.0, 2 / 3.0]]
        run.x = run.path[0]
        let text = renderSGDReport(run, parameterNames: ["only one"], significantDigits: 3)
        #expect(text.hasPrefix("epoch  loss     x1     x2\n    0   100  0.333  0.667\n"))
    }

    @Test func aRealRunRendersDeterministically() throws {
        let objective = try LinearRegressionObjective(
            inputs: SGDReferenceFixture.inputs, targets: SGDReferenceFixture.targets)
        let settings = SGDConfiguration(rate: 0.01, batchSize: .rows(3), epochs: 4, seed: 5)
        let first = renderSGDReport(try runSGD(objective, from: [0, 0], settings), parameterNames: ["θ0", "θ1"])
        let second = renderSGDReport(try runSGD(objective, from: [0, 0], settings), parameterNames: ["θ0", "θ1"])
        #expect(first == second)
        #expect(first.split(separator: "\n").count == 1 + 5 + 1)
    }
}
