import Core
import Foundation
import Testing

/// gd's sums against NumPy's: the columns `scripts/pairwise-reference.py`
/// builds (SplitMix64 seeded with the length, values of many scales), summed
/// by `PairwiseSum` and compared bit for bit with `numpy.sum` and
/// `pandas.Series.mean` — through python3 when NumPy is installed, and always
/// against digests that script recorded (NumPy 2.4.6, pandas 3.1.1).
struct PairwiseSumTests {
    /// The column `scripts/pairwise-reference.py` builds for length `n`.
    static func column(_ n: Int) -> [Double] {
        var generator = SplitMix64(seed: UInt64(n))
        return (0..<n).map { _ in
            let u = generator.unitInterval()
            let e = Int(generator.next() % 13) - 6
            return (2 * u - 1) * Double(sign: .plus, exponent: e, significand: 1)
        }
    }

    static func mean(_ values: [Double]) -> Double { PairwiseSum.of(values) / Double(values.count) }

    /// Recorded by `python3 scripts/pairwise-reference.py --digest`: each
    /// length's sum then mean bit pattern folded in as one 64-bit word,
    /// d ← (d ^ word)·0x100000001B3 from 0xCBF29CE484222325.
    static let recordedDigest: UInt64 = 0x7528_3712_2575_33CC
    static let recordedMillionSum: UInt64 = 0xC0C5_6A95_3307_B118
    static let recordedMillionMean: UInt64 = 0xBF86_74E7_9DDB_CBBC

    @Test func everyLengthUpToAThousandMatchesTheRecordedNumPyDigest() {
        var digest: UInt64 = 0xCBF2_9CE4_8422_2325
        for n in 1...1000 {
            let values = Self.column(n)
            for word in [PairwiseSum.of(values).bitPattern, Self.mean(values).bitPattern] {
                digest = (digest ^ word) &* 0x100_0000_01B3
            }
        }
        #expect(digest == Self.recordedDigest)
    }

    @Test func aMillionRowsMatchTheRecordedNumPySumAndPandasMean() {
        let values = Self.column(1_000_000)
        #expect(PairwiseSum.of(values).bitPattern == Self.recordedMillionSum)
        #expect(Self.mean(values).bitPattern == Self.recordedMillionMean)
    }

    /// The same comparison live, length by length, when python3 has NumPy.
    @Test func everyLengthMatchesNumPyWhenInstalled() throws {
        guard let lines = Self.runReferenceScript() else { return }  // no python3 with NumPy here
        var compared = 0
        for line in lines {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let n = Int(fields[0]), let sum = UInt64(fields[1], radix: 16),
                let mean = UInt64(fields[2], radix: 16)
            else { continue }
            let values = Self.column(n)
            #expect(PairwiseSum.of(values).bitPattern == sum, "sum of length \(n)")
            #expect(Self.mean(values).bitPattern == mean, "mean of length \(n)")
            compared += 1
        }
        #expect(compared == 1001)
    }

    static func runReferenceScript() -> [String]? {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/pairwise-reference.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func theDocumentedOrder() {
        // Fewer than 8: in order. 1e16 + 1 rounds to 1e16, so the 1 is lost.
        #expect(PairwiseSum.of([1e16, 1, -1e16, 1]) == 1)
        // A leaf: partial sums r_k over positions k, k+8; combined ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)).
        let leaf: [Double] = [1e16, -1e16, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3]
        var r = [Double](repeating: -0.0, count: 8)
        for k in 0..<16 { r[k % 8] += leaf[k] }
        let expected = (((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))) + 3
        #expect(PairwiseSum.of(leaf).bitPattern == expected.bitPattern)
        // Above 128: split at ⌊n/2⌋ rounded down to a multiple of 8.
        #expect(PairwiseSum.leftCount(of: 129) == 64)
        #expect(PairwiseSum.leftCount(of: 1000) == 496)
        let values = Self.column(1000)
        let split = values.withUnsafeBufferPointer { buffer in
            PairwiseSum.tree(buffer.baseAddress!, 496) + PairwiseSum.tree(buffer.baseAddress! + 496, 504)
        }
        #expect(PairwiseSum.of(values).bitPattern == split.bitPattern)
        // The identity +0: a sum of -0s is +0, as numpy.sum; the sum of nothing is +0.
        #expect(PairwiseSum.of([-0.0, -0.0]).bitPattern == (0.0).bitPattern)
        #expect(PairwiseSum.of([Double]()).bitPattern == (0.0).bitPattern)
    }

    /// Leaf by leaf with a stack, as the block evaluators sum, gives the tree's bits.
    @Test func walkingTheLeavesBuildsTheTree() {
        let values = Self.column(5000)
        for n in [0, 1, 7, 8, 127, 128, 129, 200, 255, 256, 257, 1000, 1031, 4096, 5000] {
            var walk = PairwiseWalk(count: n)
            var stack: [Double] = []
            var leaves = 0
            repeat {
                let leaf = values.withUnsafeBufferPointer { PairwiseSum.leaf($0.baseAddress! + walk.leafStart, walk.leafEnd - walk.leafStart) }
                #expect(walk.leafStart % 8 == 0)
                stack.append(leaf)
                leaves += 1
                for _ in 0..<walk.finishLeaf() {
                    let b = stack.removeLast()
                    let a = stack.removeLast()
                    stack.append(a + b)
                }
            } while !walk.isFinished
            let expected = values.withUnsafeBufferPointer { PairwiseSum.tree($0.baseAddress!, n) }
            #expect(stack.count == 1)
            #expect(stack.first?.bitPattern == expected.bitPattern, "length \(n)")
            #expect(leaves == max(1, (n + 127) / 128) || n > 128, "length \(n)")
        }
    }
}
