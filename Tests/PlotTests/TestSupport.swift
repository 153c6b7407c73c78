import Core
import Foundation
import Testing
@testable import Plot

/// Runs a suite's tests with Ctrl-C simulated as never pressed: `swift test` runs
/// every target's tests in one process, and other targets' tests set the
/// process-wide interrupt flag on purpose (a plot built at that moment
/// would stop with `Interrupted`).
struct IgnoringInterrupts: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await Interrupt.$simulation.withValue({ false }) { try await function() }
    }
}

extension Trait where Self == IgnoringInterrupts {
    static var ignoringInterrupts: Self { IgnoringInterrupts() }
}

/// The lecture quartic (Data 100, lecture 16) and its derivative.
func quartic(_ x: Double) -> Double { (pow(x, 4) - 15 * pow(x, 3) + 80 * pow(x, 2) - 180 * x + 144) / 10 }
func quarticSlope(_ x: Double) -> Double { (4 * pow(x, 3) - 45 * pow(x, 2) + 160 * x - 180) / 10 }

/// Gradient descent on the quartic, x ← x − α f'(x), start included.
func quarticDescent(from start: Double, rate: Double, steps: Int) -> [Double] {
    var path = [start]
    for _ in 0..<steps { path.append(path[path.count - 1] - rate * quarticSlope(path[path.count - 1])) }
    return path
}

/// Gradient descent on 4a² + b² (gradient (8a, 2b)).
func bowlDescent(from start: (Double, Double), rate: Double, steps: Int) -> (xs: [Double], ys: [Double]) {
    var (a, b) = start
    var xs = [a], ys = [b]
    for _ in 0..<steps {
        a -= rate * 8 * a
        b -= rate * 2 * b
        xs.append(a)
        ys.append(b)
    }
    return (xs, ys)
}

/// SplitMix64: a seeded generator for property tests (same cases on every run).
typealias SeededGenerator = SplitMix64

/// The lines of a rendering.
func lines(_ text: String) -> [String] { text.components(separatedBy: "\n") }

/// Rows of the plot area: the characters strictly between the frame's
/// left and right borders, for rows between the top and bottom borders.
func plotArea(_ text: String, style: TextStyle) -> [[Character]] {
    let (topLeft, bottomLeft, right): (Character, Character, Character) = style == .braille ? ("┌", "└", "│") : ("+", "+", "|")
    let all = lines(text).map { Array($0) }
    guard let top = all.firstIndex(where: { $0.contains(topLeft) && ($0.contains("─") || $0.contains("-")) }) else { return [] }
    guard let bottom = all[(top + 1)...].firstIndex(where: { $0.contains(bottomLeft) && ($0.contains("─") || $0.contains("-") || $0.contains("┬")) }) else { return [] }
    guard let left = all[top].firstIndex(of: topLeft) else { return [] }
    return all[(top + 1)..<bottom].map { row in
        let end = row.lastIndex(of: right) ?? row.count
        return Array(row[(left + 1)..<end])
    }
}
