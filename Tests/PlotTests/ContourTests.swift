import Foundation
import Testing
@testable import Plot

@Suite(.ignoringInterrupts) struct ContourTests {
    func grid(_ g: (Double, Double) -> Double, from lower: Double, to upper: Double, size: Int) -> ([Double], [Double], [Double]) {
        let axis = (0..<size).map { lower + (upper - lower) * Double($0) / Double(size - 1) }
        var values: [Double] = []
        for y in axis { for x in axis { values.append(g(x, y)) } }
        return (axis, axis, values)
    }

    /// The level set x² + y² = 1 is the unit circle: one closed piece whose
    /// points lie on the circle to within the interpolation error.
    @Test func circleIsOneClosedPieceOnTheCircle() {
        let (xs, ys, values) = grid({ $0 * $0 + $1 * $1 }, from: -2, to: 2, size: 41)
        let line = MarchingSquares.levelLine(level: 1, xs: xs, ys: ys, values: values)
        #expect(line.pieces.count == 1)
        guard let piece = line.pieces.first, let first = piece.first, let last = piece.last else { return }
        #expect(first == last)
        #expect(piece.count > 30)
        for point in piece {
            #expect(abs((point.x * point.x + point.y * point.y).squareRoot() - 1) < 0.01)
        }
    }

    /// A level through a saddle (xy = 0.1 splits into two hyperbola branches)
    /// and a level that misses the grid entirely.
    @Test func saddleBranchesAndMissingLevels() {
        let (xs, ys, values) = grid({ $0 * $1 }, from: -1, to: 1, size: 21)
        let line = MarchingSquares.levelLine(level: 0.1, xs: xs, ys: ys, values: values)
        #expect(line.pieces.count == 2)
        for point in line.pieces.joined() {
            #expect(abs(point.x * point.y - 0.1) < 0.02)
        }
        #expect(MarchingSquares.levelLine(level: 5, xs: xs, ys: ys, values: values).pieces.isEmpty)
    }

    @Test func nonFiniteCellsLeaveGaps() {
        var (xs, ys, values) = grid({ $0 * $0 + $1 * $1 }, from: -2, to: 2, size: 41)
        values[20 * 41 + 30] = .nan  // a point on the circle's right side, y = 0
        let line = MarchingSquares.levelLine(level: 1, xs: xs, ys: ys, values: values)
        #expect(line.pieces.count == 1)
        guard let piece = line.pieces.first else { return }
        #expect(piece.first != piece.last)
    }

    /// Rosenbrock's values crowd near its valley floor: levels form a 1–3–10
    /// progression above the minimum (here up to 70% of the highest value,
    /// (−2, −2) → 3609; from 1e-4 of it).
    @Test func rosenbrockLevelsAreGeometric() {
        let (_, _, values) = grid({ a, b in pow(1 - a, 2) + 100 * pow(b - a * a, 2) }, from: -2, to: 2, size: 61)
        let levels = ContourLevels.choose(values: values, count: 8)
        #expect(levels == [1, 3, 10, 30, 100, 300, 1000])
    }

    /// A bowl's values are spread evenly: levels at quantiles, rounded, increasing,
    /// all strictly between the lowest and highest value.
    @Test func bowlLevelsAreRoundQuantiles() {
        let (_, _, values) = grid({ a, b in 4 * a * a + b * b }, from: -2, to: 2, size: 61)
        let levels = ContourLevels.choose(values: values, count: 6)
        #expect(levels.count == 6)
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $0 < $1 })
        #expect(levels.allSatisfy { $0 > 0 && $0 < 20 && $0 == $0.rounded() })
    }

    @Test func constantOrEmptyGridsHaveNoLevels() {
        #expect(ContourLevels.choose(values: Array(repeating: 3, count: 100)).isEmpty)
        #expect(ContourLevels.choose(values: [.nan, .infinity]).isEmpty)
        #expect(ContourLevels.choose(values: []).isEmpty)
        // Finite values whose span overflows.
        #expect(ContourLevels.choose(values: [-1e308, 0, 1e308]).isEmpty)
    }
}
