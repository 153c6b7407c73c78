import Testing
import Core

@Suite struct NumberFormattingTests {
    @Test(arguments: [
        (0.1, "0.1"), (0.1 + 0.2, "0.30000000000000004"), (1e-5, "1e-05"), (1e16, "1e+16"),
        (8.0, "8"), (-0.0, "-0"), (-0.21504000000003315, "-0.21504000000003315"),
        (Double.infinity, "inf"), (-Double.infinity, "-inf"), (1e15, "1000000000000000"),
        (2.5, "2.5"), (1e22, "1e+22"),
    ])
    func pythonReprWithoutTrailingZero(value: Double, expected: String) {
        #expect(formatNumber(value) == expected)
    }

    @Test func nanPrintsAsNan() {
        #expect(formatNumber(Double.nan) == "nan")
    }

    @Test func significantDigits() {
        #expect(formatNumber(5.326344079, significantDigits: 8) == "5.3263441")
        #expect(formatNumber(2.8999999999999995, significantDigits: 6) == "2.9")
    }

    @Test func suggestions() {
        #expect(closestMatch(to: "thetta", among: ["theta", "beta", "x"]) == "theta")
        #expect(closestMatch(to: "rat", among: ["rate", "steps"]) == "rate")
        #expect(closestMatch(to: "zzzzz", among: ["rate", "steps"]) == nil)
    }
}
