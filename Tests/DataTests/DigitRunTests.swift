import CDigits
import Core
import Testing

/// The C step that reads a run of up to 16 digits (`gd_digit_run16`), in
/// both versions whatever this build uses: the SSSE3 one (when this CPU
/// has SSSE3) and the portable SWAR one, against a byte loop.
struct DigitRunTests {
    /// The count and value of the leading digits of `bytes`, at most 16.
    func reference(_ bytes: [UInt8]) -> (count: Int, value: UInt64) {
        var count = 0
        var value: UInt64 = 0
        while count < 16, count < bytes.count, bytes[count] >= UInt8(ascii: "0"), bytes[count] <= UInt8(ascii: "9") {
            value = value * 10 + UInt64(bytes[count] - UInt8(ascii: "0"))
            count += 1
        }
        return (count, value)
    }

    func check(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = reference(bytes)
        let versions: [(String, (UnsafePointer<UInt8>) -> gd_digit_run)] =
            [("portable", { gd_digit_run16_portable($0) }), ("build's", { gd_digit_run16($0) })]
            + (gd_cpu_has_ssse3() != 0 ? [("ssse3", { gd_digit_run16_ssse3($0) })] : [])
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for (name, version) in versions {
                let run = version(base)
                #expect(Int(run.count) == expected.count && run.value == expected.value,
                        "\(name) on \(bytes.prefix(17)): got \(run.count) digits, \(run.value)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// Every run length 0–16 (and longer, which reads only 16), followed by
    /// each kind of byte that ends a run, including those next to the
    /// digits in ASCII ('/' and ':') and bytes above 0x7F, then anything.
    @Test func everyLengthAndEnding() {
        var random = SplitMix64(state: 16)
        let endings: [UInt8] = Array(",.\n\re/:+- xE".utf8) + [0, 0x7F, 0x80, 0xB0, 0xB9, 0xFF]
        for length in 0...20 {
            for ending in endings {
                for _ in 0..<20 {
                    var bytes = (0..<length).map { _ in UInt8(ascii: "0") + UInt8(random.below(10)) }
                    bytes.append(ending)
                    while bytes.count < 24 { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
                    check(bytes)
                }
            }
        }
    }

    /// All nines and all zeros: the largest value each lane must hold.
    @Test func extremeDigits() {
        for length in 0...16 {
            for digit in ["0", "9"] {
                check(Array((String(repeating: digit, count: length) + ",").utf8) + [UInt8](repeating: 0, count: 16))
            }
        }
    }

    /// Random bytes: runs of any length among anything.
    @Test func randomBytes() {
        var random = SplitMix64(state: 1_616)
        for _ in 0..<50_000 {
            let bytes = (0..<16).map { _ in
                random.below(4) == 0 ? UInt8(truncatingIfNeeded: random.next()) : UInt8(ascii: "0") + UInt8(random.below(10))
            }
            check(bytes)
        }
    }
}
