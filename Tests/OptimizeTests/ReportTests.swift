import Testing
@testable import Optimize

extension OptimizeTests {
    @Suite struct ReportTests {
        @Test(arguments: [
            (19, nil, Array(0...19)),
            (25, nil, Array(0...25)),
            (26, nil, Array(0...10) + [12, 14, 16, 18, 20, 22, 24, 26]),
            (1000, nil, Array(0...10) + Array(stride(from: 100, through: 1000, by: 100))),
            (137, nil, Array(0...10) + Array(stride(from: 20, through: 130, by: 20)) + [137]),
            (60, 20, [0, 20, 40, 60]),
            (7, 3, [0, 3, 6, 7]),
            (0, nil, [0]),
        ] as [(Int, Int?, [Int])])
        func descendRowSelection(total: Int, every: Int?, expected: [Int]) {
            #expect(descendReportSteps(totalSteps: total, every: every) == expected)
        }

        @Test func descendReportHasOneRowPerSelectedStepAndEndsWithTheReason() throws {
            let run = try descend(rosenbrock, from: [-1.2, 1], options: DescendOptions(rate: 0.001, steps: 60))
            let lines = renderDescendReport(run, every: 20).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines[0].split(separator: " ") == ["step", "x", "y", "loss", "‖∇F‖"])
            #expect(lines.count == 2 + 4 + 1)
            #expect(lines[2].split(separator: " ") == ["0", "-1.2", "1", "24.2", "232.86769"])
            #expect(lines[5].split(separator: " ").first == "60")
            #expect(lines.last.map(String.init) == run.reason)
            // Every table line has the same width: columns are aligned.
            #expect(Set(lines.dropLast().map(\.count)).count == 1)
        }

        @Test func descendReportShowsTheLectureSteps() throws {
            let run = try descend(quartic, from: [4], options: DescendOptions(rate: 0.3, steps: 19))
            let lines = renderDescendReport(run).split(separator: "\n")
            #expect(lines.count == 2 + 20 + 1)
            #expect(lines[3].split(separator: " ").prefix(2) == ["1", "4.12"])
            #expect(lines[21].split(separator: " ").prefix(2) == ["19", "5.3263441"])
        }

        @Test func minimizeReportUsesSciPyNames() throws {
            let result = try minimize(quartic, from: [6])
            let lines = renderMinimizeReport(result).split(separator: "\n").map(String.init)
            #expect(lines.map { $0.split(separator: ":")[0] } == ["message", "success", "fun", "x", "nit", "jac", "nfev", "njev", "stopped at"])
            #expect(lines[0] == "message: Optimization terminated successfully.")
            #expect(lines[1] == "success: true")
            // One parameter: a number, as the result's .x holds it.
            #expect(lines[3] == "x: \(result.x[0].description)")
            #expect(lines[6] == "nfev: 8")
            #expect(lines[8].hasPrefix("stopped at: a minimum (second derivative 2.107"))
            let simplex = renderMinimizeReport(try minimize(quartic, from: [6], options: MinimizeOptions(method: .nelderMead)))
            #expect(!simplex.contains("jac:"))
            #expect(simplex.contains("njev: 0"))
            #expect(renderMinimizeReport(try minimize(quartic, from: [6], options: MinimizeOptions(method: .newton))).contains("nhev: "))
        }

        @Test func gradientCheckReportListsEachParameter() throws {
            let text = renderGradientCheckReport(try gradientCheck(rosenbrock, at: [-1.2, 1]))
            let lines = text.split(separator: "\n")
            #expect(lines.count == 2 + 2 + 1)
            #expect(lines[2].split(separator: " ").first == "x")
            #expect(lines[3].split(separator: " ").first == "y")
            #expect(lines[4].hasPrefix("The gradient is correct"))
        }

        @Test func stationaryReportsNameEveryPoint() throws {
            let text = renderStationaryPoints(try stationaryPoints(of: quartic, from: 1, to: 6.75), parameterName: "x", from: 1, to: 6.75)
            #expect(text.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").last.map(String.init) ?? "" } == ["minimum", "maximum", "minimum"])
            #expect(renderStationaryPoints([], parameterName: "x", from: 3, to: 4) == "No stationary points in [3, 4].")
            let classification = renderClassification(try classifyPoint(cubicSaddle, at: [-1, 0]))
            #expect(classification.contains("kind: saddle"))
            #expect(classification.contains("eigenvalues: [-6, 2]"))
            let newton = renderNewtonStationary(try newtonStationaryPoint(cubicSaddle, from: [-2, 1])).split(separator: "\n")
            #expect(newton.first == "Newton's method converged in 5 iterations.")
            #expect(newton.last == "This is a saddle point (Hessian eigenvalues -6 and 2).")
        }
    }
}
