/// SplitMix64 (Steele, Lea and Flood 2014): the small generator gd seeds
/// everything random from. `sgd`'s xoshiro256** takes its four state words
/// from the first four outputs; tests and benchmarks use it directly for
/// reproducible random cases.
///
///     s ← s + 0x9E3779B97F4A7C15
///     z ← (s ^ (s >> 30))·0xBF58476D1CE4E5B9
///     z ← (z ^ (z >> 27))·0x94D049BB133111EB
///     output z ^ (z >> 31)
///
/// Wrapping arithmetic is the algorithm, applied to the generator's own state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public init(seed: UInt64) { self.state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound by remainder (slightly biased; for test cases,
    /// not for `sgd`, which uses Lemire's method); 0 when bound ≤ 0.
    public mutating func below(_ bound: Int) -> Int {
        bound > 0 ? Int(next() % UInt64(bound)) : 0
    }

    /// Uniform in [0, 1) from the top 53 bits.
    public mutating func unitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
