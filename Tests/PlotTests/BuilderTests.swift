import Core
import Foundation
import Testing
@testable import Plot

struct DomainError: Error, Equatable {}

/// A call counter a sendable closure can read (tests run one at a time on it).
final class Counter: @unchecked Sendable {
    private(set) var value = 0
    func increment() { value += 1 }
}

@Suite(.ignoringInterrupts) struct BuilderTests {
    @Test func rangeErrorsAreValuesWithClearMessages() {
        #expect(throws: PlotError.emptyRange(axis: "x", bound: 2)) {
            try Figure.functions([("f", quartic)], from: 2, to: 2)
        }
        #expect(throws: PlotError.reversedRange(axis: "x", from: 5, to: -1)) {
            try Figure.functions([("f", quartic)], from: 5, to: -1)
        }
        #expect(throws: PlotError.nonFiniteBound(axis: "x", value: .infinity)) {
            try Figure.functions([("f", quartic)], from: 0, to: .infinity)
        }
        #expect(PlotError.reversedRange(axis: "x", from: 5, to: -1).message == "reversed x range: from 5 to -1; write the smaller bound first")
        #expect(PlotError.emptyRange(axis: "x", bound: 2).message == "empty x range: from 2 to 2; give two different bounds")
        #expect(throws: PlotError.self) { try Figure.functions([("f", quartic)], from: -1e308, to: 1e308) }
        #expect(throws: PlotError.nothingToPlot) { try Figure.functions([], from: 0, to: 1) }
        #expect(throws: PlotError.emptyRange(axis: "y", bound: 1)) {
            try Figure.contour(of: { $0 + $1 }, named: "g", xRange: (0, 1), yRange: (1, 1))
        }
        #expect(throws: PlotError.needsRange(function: "g")) {
            try Figure.contour(of: { $0 + $1 }, named: "g")
        }
    }

    @Test func functionErrorsPassThrough() {
        #expect(throws: DomainError()) {
            try Figure.functions([("f", { x in if x > 3 { throw DomainError() }; return x })], from: 0, to: 5)
        }
    }

    /// Ctrl-C (simulated for this task only) stops sampling with `Interrupted`,
    /// within 64 evaluations.
    @Test func interruptStopsSampling() {
        // Core's `Interrupted`, named by its type (PlotTests depends on Plot alone).
        func isInterrupted(_ error: any Error) -> Bool { String(describing: type(of: error)) == "Interrupted" }
        let calls = Counter()
        Interrupt.$simulation.withValue({ calls.value >= 10 }) {
            #expect {
                try Figure.functions([("f", { x in calls.increment(); return x })], from: 0, to: 1)
            } throws: { isInterrupted($0) }
            #expect(calls.value < 10 + 64)
            #expect {
                try Figure.contour(of: { x, y in calls.increment(); return x + y }, named: "g", xRange: (0, 1), yRange: (0, 1))
            } throws: { isInterrupted($0) }
        }
    }

    @Test func nowhereFiniteFunctionIsAnError() {
        #expect(throws: PlotError.noFiniteValues(series: "f")) {
            try Figure.functions([("f", { _ in .nan })], from: 0, to: 1)
        }
    }

    /// log(x) is nan below 0 and -inf at 0: the curve has a gap, and a note says where.
    @Test func gapsAreDrawnAsGapsAndNoted() throws {
        let figure = try Figure.functions([("ln", { log($0) })], from: -1, to: 3)
        #expect(figure.notes == ["ln is not finite at 101 of 401 sample points (gaps in the curve)"])
        guard case .curve(let curve) = figure.layers.first else {
            Issue.record("expected a curve")
            return
        }
        #expect(curve.finiteRuns == [101..<401])
    }

    /// 1/x² has a pole at 0 (sampled values up to 40000 beside it): the y
    /// axis is clipped to the bulk of the values and says so.
    @Test func polesAreClippedAndNoted() throws {
        let figure = try Figure.functions([("h", { 1 / ($0 * $0) })], from: -1, to: 1)
        // The 98th percentile is 1/0.02² ≈ 2500 (0.02 as sampled is not exact); the axis
        // goes half the 2%–98% spread above it.
        #expect(figure.y.upper < 4000 && figure.y.lower >= 1)
        #expect(figure.notes.contains { $0.hasPrefix("y axis clipped to [1, 3749]; values reach [1, 40000]") })
    }

    @Test func lossCurvesUseALogScaleWhenTheySpanDecades() throws {
        let decaying = (0..<50).map { 10 * pow(0.7, Double($0)) }
        let flat = (0..<50).map { 2 + 0.01 * Double($0) }
        #expect(try Figure.lossCurves([("r", decaying)]).y.scale == .logarithmic)
        #expect(try Figure.lossCurves([("r", flat)]).y.scale == .linear)
        #expect(try Figure.lossCurves([("r", decaying.map { $0 - 1 })]).y.scale == .linear)
        let figure = try Figure.lossCurves([("a", decaying), ("b", flat + [.infinity, .nan])])
        #expect(figure.x.lower == 0 && figure.x.upper == 51)
        #expect(figure.notes == ["b: 2 of 52 losses are not finite and are not drawn"])
        #expect(throws: PlotError.noData(series: "e")) { try Figure.lossCurves([("e", [])]) }
    }

    /// Without a range, a path plot chooses one that holds the whole path.
    @Test func pathRangeHoldsTheWholePath() throws {
        let path = quarticDescent(from: 4, rate: 1, steps: 20)
        let figure = try Figure.path(path, named: "r", on: ("f", quartic))
        #expect(path.allSatisfy { figure.x.contains($0) })
        #expect(path.map(quartic).allSatisfy { figure.y.contains($0) })
        #expect(figure.notes.isEmpty)
    }

    /// A diverged run's last iterates are left out of the chosen range, and named.
    @Test func divergedIteratesDoNotStretchTheRange() throws {
        let path = [4, 5, -20, 1e120, .infinity]
        let figure = try Figure.path(path, named: "r", on: ("f", { $0 * $0 }))
        #expect(figure.x.lower > -30 && figure.x.upper < 20)
        #expect(figure.notes == ["2 of 5 iterates of r lie outside the plotted range and are not drawn (iterates 3, 4)"])
        let contour = try Figure.contour(of: { $0 * $1 }, named: "g", path: ("s", [1, 2, 1e200], [1, -3, 1e200]))
        #expect(contour.x.upper < 10 && contour.y.lower > -10)
    }

    @Test func pathLeavingTheRangeIsNoted() throws {
        let path = [4, 7, 8, .infinity]
        let figure = try Figure.path(path, named: "r", on: ("f", quartic), from: 1, to: 6.75)
        #expect(figure.notes == ["3 of 4 iterates of r lie outside the plotted range and are not drawn (iterates 1, 2, 3)"])
    }

    @Test func contourRangeFromPathAndLengthChecks() throws {
        let path = bowlDescent(from: (1.5, 1.8), rate: 0.1, steps: 10)
        let figure = try Figure.contour(of: { 4 * $0 * $0 + $1 * $1 }, named: "g", path: ("s", path.xs, path.ys))
        #expect(zip(path.xs, path.ys).allSatisfy { figure.x.contains($0) && figure.y.contains($1) })
        #expect(figure.layers.count == 2)
        #expect(throws: PlotError.lengthMismatch(first: "s (x)", firstCount: 2, second: "s (y)", secondCount: 1)) {
            try Figure.contour(of: { $0 + $1 }, named: "g", path: ("s", [1, 2], [1]))
        }
    }

    @Test func scatterDropsMissingValuesAndChecksLengths() throws {
        let figure = try Figure.scatter(xs: [1, 2, .nan, 4], ys: [1, 4, 9, 16], xName: "x", yName: "y")
        #expect(figure.notes == ["1 of 4 points have a missing or non-finite value and are not drawn"])
        #expect(throws: PlotError.lengthMismatch(first: "x", firstCount: 2, second: "y", secondCount: 3)) {
            try Figure.scatter(xs: [1, 2], ys: [1, 2, 3], xName: "x", yName: "y")
        }
        #expect(throws: PlotError.noData(series: "x")) { try Figure.scatter(xs: [], ys: [], xName: "x", yName: "y") }
        // A single point (or a constant column) still gets a proper range.
        let single = try Figure.scatter(xs: [3], ys: [3], xName: "x", yName: "y")
        #expect(single.x.lower < 3 && single.x.upper > 3)
    }
}
