import Core
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// gd's own exp: glibc's FMA exp bit for bit, within an ulp of any libm, and
/// its eight-lane form equal to the scalar one.
@Suite struct ExponentialTests {
    /// Pairs recorded from glibc 2.36's FMA exp (scripts/exp-reference.py),
    /// among them inputs where glibc's FMA and plain builds disagree, so an
    /// implementation that fuses differently fails here on any machine.
    @Test func equalsGlibcFMAExpOnRecordedPairs() {
        var mismatches: [String] = []
        for (x, expected) in exponentialReference {
            let result = exponential(Double(bitPattern: x))
            if result.bitPattern != expected {
                mismatches.append("x = \(Double(bitPattern: x)): \(result), glibc \(Double(bitPattern: expected))")
            }
        }
        #expect(exponentialReference.count > 300)
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, first: \(mismatches.prefix(3))")
    }

    @Test(arguments: [
        (0.0, 1.0), (-0.0, 1.0), (Double.infinity, .infinity), (-Double.infinity, 0.0),
        (1024, .infinity), (-1024, 0.0), (709.7827128933841, .infinity), (-745.1332191019412, 0.0),
        (1, 2.718281828459045), (-0x1p-1074, 1.0),
    ])
    func specialValues(x: Double, expected: Double) {
        #expect(exponential(x).bitPattern == expected.bitPattern)
    }

    @Test func nanStaysNan() {
        #expect(exponential(.nan).isNaN)
        #expect(exponential(-.nan).isNaN)
    }

    /// Any correct libm is within half an ulp of e^x, and gd's within 0.52,
    /// so the two are at most one ulp apart (one step of the double's bits),
    /// on every machine.
    @Test func withinOneUlpOfTheCLibrary() {
        var generator = SplitMix64(seed: 2)
        var worst: UInt64 = 0
        var worstInput = 0.0
        for i in 0..<1_000_000 {
            let x: Double
            switch i % 4 {
            case 0: x = -745.2 + (709.8 + 745.2) * generator.unitInterval()
            case 1: x = -20 + 40 * generator.unitInterval()
            case 2:  // ±2^e·(1 + f) for e in -60..<10: tiny arguments up to the special range
                let magnitude = Double(sign: .plus, exponent: generator.below(70) - 60, significand: 1 + generator.unitInterval())
                x = generator.next() & 1 == 0 ? magnitude : -magnitude
            default: x = -2 + 4 * generator.unitInterval()
            }
            let ours = exponential(x), theirs = exp(x)
            let distance = ours.bitPattern > theirs.bitPattern ? ours.bitPattern - theirs.bitPattern : theirs.bitPattern - ours.bitPattern
            if distance > worst {
                worst = distance
                worstInput = x
            }
        }
        #expect(worst <= 1, "\(worst) ulps apart at x = \(worstInput)")
    }

    /// The eight-lane form equals the scalar function in every lane it
    /// claims, on random groups with special values mixed in, and claims
    /// exactly the lanes with |x| < 512.
    @Test func eightLanesEqualTheScalarFunction() {
        var generator = SplitMix64(seed: 3)
        let specials: [Double] = [
            0, -0.0, 0x1p-1074, -0x1p-1060, 0x1p-55, -0x1p-54, .infinity, -.infinity, .nan, 511.99999999999994,
            -511.99999999999994, 512, -512, 709.8, -745.2, 1e300, .greatestFiniteMagnitude,
        ]
        var claimed = 0
        for _ in 0..<200_000 {
            var x = SIMD8<Double>()
            for lane in 0..<8 {
                switch generator.below(8) {
                case 0: x[lane] = specials[generator.below(specials.count)]
                case 1: x[lane] = Double(bitPattern: generator.next())
                case 2: x[lane] = -20 + 40 * generator.unitInterval()
                default: x[lane] = -745 + 1257 * generator.unitInterval() - 0.5  // mostly the core range
                }
            }
            let core = exponentialCoreLanes(x)
            let vector = withExponentialTable { exponentialCore(x, table: $0) }
            for lane in 0..<8 {
                #expect(core[lane] == (abs(x[lane]) < 512), "lane of \(x[lane])")
                if core[lane] {
                    claimed += 1
                    #expect(vector[lane].bitPattern == exponential(x[lane]).bitPattern, "x = \(x[lane])")
                }
            }
        }
        #expect(claimed > 800_000)
    }
}
