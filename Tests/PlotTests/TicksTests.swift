import Foundation
import Testing
@testable import Plot

/// (lower, upper, maximum count, expected labels)
let linearTickCases: [(Double, Double, Int, [String])] = [
    (1.0, 6.75, 8, ["1", "2", "3", "4", "5", "6"]),
    (-1.0, 5.0, 7, ["-1", "0", "1", "2", "3", "4", "5"]),
    (0.0, 1.0, 6, ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
    (-0.7, 0.1, 5, ["-0.6", "-0.4", "-0.2", "0"]),
    (3.0, 51.0, 6, ["10", "20", "30", "40", "50"]),
    (0.0, 2_000_000.0, 3, ["0", "1000000", "2000000"]),
    (1e-6, 5e-6, 5, ["1e-06", "2e-06", "3e-06", "4e-06", "5e-06"]),
    (0.0, 3e-300, 4, ["0", "1e-300", "2e-300", "3e-300"]),
    (1e15, 1e15 + 4, 3, ["1000000000000000", "1000000000000002", "1000000000000004"]),
    (0.1, 0.35, 6, ["0.1", "0.15", "0.2", "0.25", "0.3", "0.35"]),
]

@Suite(.ignoringInterrupts) struct TicksTests {
    @Test(arguments: linearTickCases)
    func linearTicksAreRoundNumbers(lower: Double, upper: Double, count: Int, expected: [String]) {
        #expect(Ticks.linear(lower: lower, upper: upper, maximumCount: count).map(\.label) == expected)
    }

    /// Property: for random ranges, ticks lie inside the range, ascend, are at
    /// most the count asked for, are integer multiples of a step 1, 2 or 5 × 10^k,
    /// and their labels read back as their values.
    @Test func linearTicksPropertiesOnRandomRanges() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let magnitude = pow(10, Double.random(in: -300...300, using: &generator))
            let lower = Double.random(in: -1...1, using: &generator) * magnitude
            let upper = lower + Double.random(in: 0.001...10, using: &generator) * magnitude
            let count = Int.random(in: 2...12, using: &generator)
            let ticks = Ticks.linear(lower: lower, upper: upper, maximumCount: count)
            #expect(ticks.count >= 1 && ticks.count <= count)
            #expect(ticks.allSatisfy { $0.value >= lower - 1e-9 * magnitude && $0.value <= upper + 1e-9 * magnitude })
            #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0.value < $1.value })
            guard ticks.count >= 2 else { continue }
            let step = ticks[1].value - ticks[0].value
            let exponent = floor(log10(step))
            let mantissa = step / pow(10, exponent)
            #expect([1.0, 2.0, 5.0, 10.0].contains { abs($0 - mantissa) < 1e-6 }, "step \(step)")
            for tick in ticks {
                let multiple = tick.value / step
                #expect(abs(multiple - multiple.rounded()) < 1e-6)
                let readBack = Double(tick.label) ?? .nan
                #expect(abs(readBack - tick.value) <= 1e-9 * max(abs(tick.value), step))
            }
        }
    }

    @Test func logarithmicTicksArePowersOfTen() {
        let ticks = Ticks.logarithmic(lower: 3e-5, upper: 250, maximumCount: 10)
        #expect(ticks.map(\.label) == ["0.0001", "0.001", "0.01", "0.1", "1", "10", "100"])
        let sparse = Ticks.logarithmic(lower: 1e-30, upper: 1e30, maximumCount: 5)
        // 61 decades in at most 5 ticks: every 20th, on multiples of 20.
        #expect(sparse.map(\.label) == ["1e-20", "1", "1e+20"])
        #expect(sparse.allSatisfy { Double($0.label) == $0.value && log10($0.value).rounded() == log10($0.value) })
    }

    @Test func logarithmicTicksFallBackToLinearWithinADecade() {
        let ticks = Ticks.logarithmic(lower: 2, upper: 9, maximumCount: 4)
        #expect(ticks.map(\.label) == ["2", "4", "6", "8"])
    }

    @Test func degenerateRangesGiveNoTicks() {
        #expect(Ticks.linear(lower: 1, upper: 1, maximumCount: 5).isEmpty)
        #expect(Ticks.linear(lower: 2, upper: 1, maximumCount: 5).isEmpty)
        #expect(Ticks.linear(lower: -.infinity, upper: 1, maximumCount: 5).isEmpty)
        #expect(Ticks.linear(lower: -1e308, upper: 1e308, maximumCount: 5).isEmpty)
        #expect(Ticks.logarithmic(lower: 0, upper: 1, maximumCount: 5).isEmpty)
    }
}
