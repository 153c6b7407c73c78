import CPrefetch

/// The documented random generator behind `sgd`'s shuffles: xoshiro256**
/// (Blackman & Vigna, 2018) whose four state words are the first four
/// outputs of SplitMix64 started at the seed.
///
/// Everything here is integer arithmetic on the generator's own state, so a
/// seed gives the same stream on every machine, and a few lines of Python
/// (`scripts/sgd_reference.py`) reproduce it. The wrapping operators (`&+`,
/// `&*`, `&<<`) are the algorithm's modular arithmetic, not a hazard: no user
/// value ever flows into them except the seed, which is a state word.
///
///     var generator = SGDRandomGenerator(seed: 0)
///     generator.next()        // 11091344671253066420
///     generator.bounded(10)   // uniform in 0..<10
public struct SGDRandomGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Seeds the four state words with SplitMix64's first four outputs.
    ///
    /// SplitMix64: `s ← s + 0x9E3779B97F4A7C15`, then
    /// `z ← (s ^ (s >> 30))·0xBF58476D1CE4E5B9`,
    /// `z ← (z ^ (z >> 27))·0x94D049BB133111EB`, output `z ^ (z >> 31)`.
    /// SplitMix64 never yields four zero words, so the state is valid for
    /// every seed.
    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix = splitMix &+ 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let first = nextSplitMix()
        let second = nextSplitMix()
        let third = nextSplitMix()
        let fourth = nextSplitMix()
        state = (first, second, third, fourth)
    }

    /// A generator in the given state (for checking against the published
    /// reference outputs, which start from a raw state).
    init(state words: (UInt64, UInt64, UInt64, UInt64)) {
        state = words
    }

    /// The four state words, for tests.
    var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// The next 64-bit draw of xoshiro256**:
    /// `rotl(s1·5, 7)·9`, then the state's xor-shift-rotate update.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, by: 45)
        return result
    }

    /// A uniform integer in `0..<bound` by Lemire's multiply-and-reject
    /// method ("Fast random integer generation in an interval", 2019).
    ///
    /// The draw `d` times `bound` is a 128-bit product; its high 64 bits are
    /// the answer unless its low 64 bits fall below `2^64 mod bound`
    /// (computed as `(0 &- bound) % bound`), in which case a new draw is
    /// taken. Testing `low < bound` first is only a shortcut: the threshold
    /// is below `bound`, so the result is the same as always comparing with
    /// the threshold, and the modulo is rarely needed.
    ///
    /// - Precondition: `bound > 0` (the shuffle never asks for less than 2).
    @inline(__always)
    public mutating func bounded(_ bound: UInt64) -> UInt64 {
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// Shuffles `order` in place by Fisher–Yates from the last index down:
    /// for i = n−1 … 1, swap positions i and `bounded(i + 1)`.
    ///
    /// `sgd` calls this once per epoch on the identity order 0…n−1.
    ///
    /// The partners are drawn `shuffleLookahead` swaps ahead of their swap,
    /// in the same order (a draw depends on the index, never on the
    /// array), and each partner's element is prefetched when drawn: on a
    /// large order every swap's partner is a cache miss, and this way
    /// several are in flight at once instead of one after another. Measured
    /// on 10^6 rows inside SGD epochs (identity fill included): 2.3–2.7 ms
    /// with 16 ahead, against 3.1–4.2 ms for the C loop's plain shuffle in
    /// the same runs; more ahead helps further (`shuffleLookahead`).
    ///
    /// After the first `shuffleLookahead` draws, each swap is followed by
    /// one draw (the partner of the index `shuffleLookahead` below, into
    /// the ring slot the swap freed): the same draws in the same order as
    /// drawing in a loop nested in each swap. With the state in registers
    /// (see below) the shuffle with the engine's own loop went from 46 to
    /// 36 instructions a row (callgrind, sgd on 10^5 rows, batch 32).
    ///
    /// The order's elements may be any integer type wide enough for its
    /// indices (`sgd` keeps 32-bit row numbers when it can): the draws
    /// depend only on the count, so every type gets the same permutation.
    public mutating func shuffle<Row: FixedWidthInteger>(_ order: UnsafeMutableBufferPointer<Row>) {
        guard let base = order.baseAddress, order.count > 1 else { return }
        // Drawn from a copy local to the closure and handed back: the state
        // stays in registers (through `self`, or a variable the closure
        // captures, it was loaded and stored at each draw).
        self = withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.shuffleLookahead) { partners in
            var generator = self
            guard let ring = partners.baseAddress else { return generator }
            let mask = Self.shuffleLookahead - 1
            var index = order.count - 1
            var drawn = index  // the next index whose partner is drawn
            while drawn > 0, drawn > index - Self.shuffleLookahead {
                let other = Int(truncatingIfNeeded: generator.bounded(UInt64(drawn + 1)))
                ring[drawn & mask] = other
                gd_prefetch(base + other)
                drawn -= 1
            }
            // From here on, each swap is followed by one draw, of the partner
            // of index − shuffleLookahead, into the slot the swap freed.
            while index > 0 {
                let partner = ring[index & mask]
                let value = base[index]
                base[index] = base[partner]
                base[partner] = value
                index -= 1
                if drawn > 0 {
                    let other = Int(truncatingIfNeeded: generator.bounded(UInt64(drawn + 1)))
                    ring[drawn & mask] = other
                    gd_prefetch(base + other)
                    drawn -= 1
                }
            }
            return generator
        }
    }

    /// How many swaps ahead `shuffle` draws partners (a power of two): a
    /// swap takes a few nanoseconds, a miss to memory a hundred or more.
    /// Measured (SGD epochs on 10^6 rows, least squares): 16 ahead 12.8–13.0
    /// ms an epoch, 32 12.3–12.6, 64 12.2–12.5, 128 11.6–12.3, 256 12.0–12.4.
    static let shuffleLookahead = 64

    /// Fills `order` with 0, 1, …, n−1 (which its element type must hold).
    public static func fillIdentity<Row: FixedWidthInteger>(_ order: UnsafeMutableBufferPointer<Row>) {
        for index in order.indices {
            order[index] = Row(truncatingIfNeeded: index)
        }
    }

    private func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 &- amount))
    }
}
