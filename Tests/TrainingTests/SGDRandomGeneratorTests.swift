import Testing
@testable import Training

@Suite struct SGDRandomGeneratorTests {
    @Test func xoshiroMatchesThePublishedReferenceOutputs() {
        // The reference C implementation (and rand_xoshiro's test) from state {1, 2, 3, 4}.
        var generator = SGDRandomGenerator(state: (1, 2, 3, 4))
        let expected: [UInt64] = [
            11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
            607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
            10_595_114_339_597_558_777, 2_904_607_092_377_533_576,
        ]
        #expect((0..<10).map { _ in generator.next() } == expected)
    }

    @Test func seedingUsesSplitMix64sFirstFourOutputs() {
        // SplitMix64 from 0 starts with 0xE220A8397B1DCDAF (Vigna's splitmix64.c).
        let words = SGDRandomGenerator(seed: 0).stateWords
        #expect(words[0] == 0xE220_A839_7B1D_CDAF)
        #expect(Set(words).count == 4)
    }

    @Test func drawsMatchThePythonReference() {
        var generator = SGDRandomGenerator(seed: 0)
        #expect((0..<8).map { _ in generator.next() } == SGDReferenceFixture.drawsForSeedZero)
    }

    @Test func shufflesMatchThePythonReference() {
        var generator = SGDRandomGenerator(seed: 42)
        var shuffles: [[Int]] = []
        var order = [Int](repeating: 0, count: 10)
        for _ in 0..<3 {
            order.withUnsafeMutableBufferPointer { buffer in
                SGDRandomGenerator.fillIdentity(buffer)
                generator.shuffle(buffer)
            }
            shuffles.append(order)
        }
        #expect(shuffles == SGDReferenceFixture.shufflesForSeed42)
    }

    @Test(arguments: [2, 15, 16, 17, 33, 1000, 100_003])
    func shuffleDrawingAheadEqualsPlainFisherYates(count: Int) {
        // `shuffle` draws partners `shuffleLookahead` swaps early (to
        // prefetch them); the draws and the swaps must be those of the
        // textbook loop, whatever the length.
        var generator = SGDRandomGenerator(seed: UInt64(count))
        var reference = generator
        var order = Array(0..<count)
        order.withUnsafeMutableBufferPointer { generator.shuffle($0) }
        var expected = Array(0..<count)
        for index in stride(from: count - 1, to: 0, by: -1) {
            expected.swapAt(index, Int(reference.bounded(UInt64(index + 1))))
        }
        #expect(order == expected)
        #expect(generator.next() == reference.next())
    }

    @Test(arguments: [2, 65, 1000, 100_003])
    func shufflingThirtyTwoBitRowsGivesTheSamePermutation(count: Int) {
        var wide = SGDRandomGenerator(seed: 3)
        var narrow = wide
        var wideOrder = Array(0..<count)
        var narrowOrder = (0..<count).map { UInt32($0) }
        wideOrder.withUnsafeMutableBufferPointer { wide.shuffle($0) }
        narrowOrder.withUnsafeMutableBufferPointer { narrow.shuffle($0) }
        #expect(narrowOrder.map(Int.init) == wideOrder)
        #expect(wide.next() == narrow.next())
    }

    @Test func shuffleIsAPermutationAndLeavesTinyOrdersAlone() {
        var generator = SGDRandomGenerator(seed: 9)
        for count in [0, 1, 2, 7, 100] {
            var order = [Int](repeating: 0, count: count)
            order.withUnsafeMutableBufferPointer { buffer in
                SGDRandomGenerator.fillIdentity(buffer)
                generator.shuffle(buffer)
            }
            #expect(order.sorted() == Array(0..<count))
        }
    }

    @Test(arguments: [1, 2, 3, 10, 1000, 1 << 40] as [UInt64])
    func boundedStaysBelowItsBound(bound: UInt64) {
        var generator = SGDRandomGenerator(seed: bound)
        for _ in 0..<2000 {
            #expect(generator.bounded(bound) < bound)
        }
    }

    @Test func boundedIsUniform() {
        // 60 000 draws in 6 cells: each count's deviation from 10 000 is
        // a few times √(10 000·5/6) ≈ 91 at most for a uniform source.
        var generator = SGDRandomGenerator(seed: 2024)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 {
            counts[Int(generator.bounded(6))] += 1
        }
        let chiSquare = counts.reduce(0.0) { sum, count in
            let deviation = Double(count) - 10_000
            return sum + deviation * deviation / 10_000
        }
        // 5 degrees of freedom: P(χ² > 20.5) ≈ 0.001.
        #expect(chiSquare < 20.5)
    }

    @Test func boundedRejectsTheBiasedLowRange() {
        // With bound 2^63 + 1 the threshold 2^64 mod k = 2^63 − 1 is large, so
        // about half the draws are rejected; the result must still be < bound
        // and equal to the high word of an accepted draw·k.
        let bound: UInt64 = (1 << 63) + 1
        var generator = SGDRandomGenerator(seed: 5)
        var replay = SGDRandomGenerator(seed: 5)
        for _ in 0..<200 {
            let value = generator.bounded(bound)
            var product = replay.next().multipliedFullWidth(by: bound)
            while product.low < (0 &- bound) % bound {
                product = replay.next().multipliedFullWidth(by: bound)
            }
            #expect(value == product.high)
        }
    }
}
