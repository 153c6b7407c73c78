import Foundation
import Testing
@testable import Plot

/// Reference renderings. The expected texts in GoldenRenderings.swift were
/// produced by this code and reviewed by eye, never typed by hand. To
/// re-record after a deliberate change, run the tests with
/// PLOT_GOLDEN_DIR=/some/folder: each rendering is written there as
/// NAME.txt to look at, and the whole table as GoldenRenderings.swift;
/// review `diff` against the one here, then copy it over.
enum GoldenCase: String, CaseIterable, Sendable {
    case quarticBraille, quarticAscii, slowPathBraille, bouncingPathAscii, lossCurvesAscii, bowlContourBraille, scatterAscii

    func render() throws -> String {
        switch self {
        case .quarticBraille:
            return try Figure.functions([("f", quartic)], from: 1, to: 6.75)
                .renderText(TextOptions(style: .braille, plotWidth: 40, plotHeight: 10)).text
        case .quarticAscii:
            return try Figure.functions([("f", quartic)], from: 1, to: 6.75)
                .renderText(TextOptions(style: .ascii, plotWidth: 40, plotHeight: 10)).text
        case .slowPathBraille:
            // The lecture's rate-0.3 run: 4, 4.12, 4.267, 4.443, 4.641, 4.846, 5.032, …
            return try Figure.path(quarticDescent(from: 4, rate: 0.3, steps: 12), named: "r", on: ("f", quartic), from: 1, to: 6.75)
                .renderText().text
        case .bouncingPathAscii:
            // Rate 1: 4, 4.4, 5.0464, 5.4967, 5.0809, 5.4900, … swinging between 5.10 and 5.48.
            return try Figure.path(quarticDescent(from: 4, rate: 1, steps: 12), named: "r", on: ("f", quartic))
                .renderText(TextOptions(style: .ascii, plotWidth: 40, plotHeight: 10)).text
        case .lossCurvesAscii:
            let runs = [("small", 0.02), ("right", 0.3), ("large", 1.0)].map { name, rate in
                (name: name, losses: quarticDescent(from: 4, rate: rate, steps: 15).map(quartic))
            }
            return try Figure.lossCurves(runs).renderText(TextOptions(style: .ascii, plotWidth: 40, plotHeight: 10)).text
        case .bowlContourBraille:
            let path = bowlDescent(from: (1.5, 1.8), rate: 0.2, steps: 8)
            return try Figure.contour(
                of: { 4 * $0 * $0 + $1 * $1 }, named: "g", xRange: (-2, 2), yRange: (-2, 2),
                path: ("s", path.xs, path.ys), levelCount: 5, xLabel: "a", yLabel: "b"
            ).renderText(TextOptions(style: .braille, plotWidth: 40, plotHeight: 12)).text
        case .scatterAscii:
            return try Figure.scatter(
                xs: [3, 10, 16, 20, 25, 33, 40, 51], ys: [1, 2, 2.5, 3, 3.5, 4, 5, 6], xName: "total_bill", yName: "tip",
                overlay: ("m", { 0.9203 + 0.10502 * $0 })
            ).renderText(TextOptions(style: .ascii, plotWidth: 30, plotHeight: 8)).text
        }
    }
}

@Suite(.ignoringInterrupts) struct GoldenTests {
    @Test(arguments: GoldenCase.allCases)
    func renderingMatchesTheReviewedReference(_ golden: GoldenCase) throws {
        let actual = try golden.render()
        let expected = goldenRenderings[golden.rawValue]?.joined(separator: "\n")
        #expect(actual == expected)
    }

    /// Records the renderings when PLOT_GOLDEN_DIR is set (does nothing otherwise).
    @Test func recordWhenAsked() throws {
        guard let folder = ProcessInfo.processInfo.environment["PLOT_GOLDEN_DIR"] else { return }
        var source = [
            "// Reference renderings for GoldenTests, recorded from the code with",
            "// PLOT_GOLDEN_DIR and reviewed by eye (see GoldenTests.swift). One quoted",
            "// string per line, so that trailing blanks survive editors.",
            "let goldenRenderings: [String: [String]] = [",
        ]
        for golden in GoldenCase.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
            let text = try golden.render()
            try text.write(toFile: "\(folder)/\(golden.rawValue).txt", atomically: true, encoding: .utf8)
            source.append("    \"\(golden.rawValue)\": [")
            source += text.components(separatedBy: "\n").map { "        ##\"\($0)\"##," }
            source.append("    ],")
        }
        source.append("]")
        try (source.joined(separator: "\n") + "\n").write(toFile: "\(folder)/GoldenRenderings.swift", atomically: true, encoding: .utf8)
    }
}
