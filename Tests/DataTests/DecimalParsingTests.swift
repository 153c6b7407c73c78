import Core
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import Data

/// Reads `text` with the parser under test.
func parseField(_ text: String) -> FieldNumber {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return .missing }
        return DecimalParser().parse(base, count: buffer.count)
    }
}

/// The C library's reading of the whole of `text`, the reference.
func referenceDouble(_ text: String) -> Double {
    strtod(text, nil)
}


/// The decimal digits of 5·n, for digits of n (most significant first).
func timesFive(_ digits: [Int]) -> [Int] {
    var result = [Int](repeating: 0, count: digits.count + 1)
    var carry = 0
    for index in stride(from: digits.count - 1, through: 0, by: -1) {
        let product = digits[index] * 5 + carry
        result[index + 1] = product % 10
        carry = product / 10
    }
    result[0] = carry
    return result.first == 0 ? Array(result.dropFirst()) : result
}

/// Expects the parser to give exactly strtod's double (same bits, so -0 and
/// 0 differ) for `text`.
func expectExact(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let expected = referenceDouble(text)
    guard case .number(let got) = parseField(text) else {
        Issue.record("'\(text)' did not read as a number", sourceLocation: sourceLocation)
        return
    }
    #expect(got.bitPattern == expected.bitPattern, "'\(text)': got \(got), strtod gives \(expected)",
            sourceLocation: sourceLocation)
}

@Suite struct DecimalParsingTests {
    @Test(arguments: [
        // The forms LANGUAGE.md names, and their neighbours.
        "2", "0.75", ".5", "1e-5", "2E+3", "5.", "+1", "-0", "-0.0", "0", "00012", "1e5", "-.5e-3",
        // Clinger's fast path and its edges.
        "9007199254740992", "9007199254740993", "9007199254740994", "123456789012345e22", "1e22", "1e23",
        "0.1", "0.2", "0.3", "3.14159", "16.99", "1.01",
        // 16–19 significant digits (Eisel–Lemire).
        "0.30000000000000004", "2.2204460492503131e-16", "1.7976931348623157e308",
        "9999999999999999999", "18446744073709551615", "1844674407370955161.5",
        "0.1000000000000000055511151231257827",
        // More than 19 digits (truncated significand, w and w+1 agree or strtod decides).
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203126",
        "1.00000000000000011102230246251565404236316680908203124",
        "123456789012345678901234567890", "0.000000000000000000000000123456789012345678901",
        "9007199254740993.0000000000000000001",
        // Subnormals, underflow, overflow.
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "5e-324", "1e-320", "1e-400", "-1e-400",
        "1e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e400",
        "0e999999999999", "1e-99999999999999", "1e99999999999999",
        // Blanks around a number are allowed.
        " 42", "42 ", "\t-3.5\t",
    ])
    func readsExactlyAsStrtod(_ text: String) {
        expectExact(text)
    }

    @Test(arguments: [
        ("", FieldNumber.missing), ("   ", .missing), ("NA", .missing), ("nan", .missing), ("NaN", .missing),
        ("NAN", .missing), ("inf", .number(.infinity)), ("-inf", .number(-.infinity)),
        ("+Infinity", .number(.infinity)), ("INF", .number(.infinity)),
        ("na", .notANumber), ("N/A", .notANumber), ("-nan", .missing), ("infinit", .notANumber),
        ("abc", .notANumber), ("e5", .notANumber), (".", .notANumber), ("-", .notANumber), ("+", .notANumber),
        ("1e", .notANumber), ("1e+", .notANumber), ("1.2.3", .notANumber), ("0x10", .notANumber),
        ("1_000", .notANumber), ("1,5", .notANumber), ("1 2", .notANumber), ("--1", .notANumber),
        ("1e5.5", .notANumber), ("½", .notANumber), ("１", .notANumber), ("1d5", .notANumber),
    ])
    func classifiesWords(_ text: String, _ expected: FieldNumber) {
        #expect(parseField(text) == expected, "'\(text)'")
    }

    @Test func negativeZeroKeepsItsSign() {
        guard case .number(let value) = parseField("-0") else {
            Issue.record("-0 is a number")
            return
        }
        #expect(value == 0 && value.sign == .minus)
    }

    /// Random decimal texts of 1–25 significant digits with exponents that
    /// reach both ends of the double range.
    @Test func randomDecimalsMatchStrtod() {
        var random = SplitMix64(state: 20_261_121)
        for _ in 0..<100_000 {
            let digitCount = 1 + random.below(25)
            var digits = ""
            for position in 0..<digitCount {
                let digit = position == 0 ? 1 + random.below(9) : random.below(10)
                digits.append(Character(String(digit)))
            }
            let point = random.below(digitCount + 1)
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if random.below(2) == 0 {
                text += "e\(random.below(700) - 350)"
            }
            if random.below(4) == 0 { text = "-" + text }
            expectExact(text)
        }
    }

    /// Random doubles written as Swift prints them (shortest round trip) and
    /// at full precision (`%.17g`, 17 significant digits), as data files are.
    @Test func randomDoublesRoundTrip() {
        var random = SplitMix64(state: 42)
        for _ in 0..<100_000 {
            let value = Double(bitPattern: random.next())
            guard value.isFinite else { continue }
            expectExact(value.description)
            let full = String(format: "%.17g", value)
            expectExact(full)
            if case .number(let back) = parseField(full) {
                #expect(back.bitPattern == value.bitPattern)
            }
        }
    }

    /// Exact halfway points between neighbouring doubles, where rounding
    /// must go to even: an odd m in [2^53, 2^54) lies halfway between the
    /// doubles m − 1 and m + 1, and so does m·2^−j, written exactly in
    /// decimal as m·5^j with the point moved j places. Also texts just
    /// above and below each tie.
    @Test func halfwayPointsMatchStrtod() {
        var random = SplitMix64(state: 7)
        for _ in 0..<3_000 {
            let odd = (UInt64(1) << 53) | (random.next() >> 11) | 1
            var digits = Array(String(odd)).compactMap { $0.wholeNumberValue }
            let shift = random.below(40)
            for _ in 0..<shift { digits = timesFive(digits) }
            let whole = digits.count - shift
            let text = digits[..<whole].map(String.init).joined() + "." + digits[whole...].map(String.init).joined()
            expectExact(text)
            expectExact(text + "000000000000000000000001")
            expectExact(String(odd))
            expectExact(String(odd - 1) + ".99999999999999999999")
        }
    }

    /// Eisel–Lemire on its own: whenever it answers, the answer is strtod's;
    /// and it answers for nearly all inputs (it should rarely fall back).
    @Test func eiselLemireAnswersCorrectlyOrNotAtAll() {
        var random = SplitMix64(state: 99)
        var answered = 0
        let trials = 100_000
        for trial in 0..<trials {
            // Alternate full 64-bit significands and 17-digit ones.
            let significand = trial % 2 == 0 ? random.next() : 10_000_000_000_000_000 + random.next() % 90_000_000_000_000_000
            let exponent = random.below(570) - 285  // normal results: no overflow or subnormals
            let text = "\(significand)e\(exponent)"
            guard let value = DecimalParser().eiselLemire(significand: significand, exponent: exponent, negative: false) else {
                continue
            }
            answered += 1
            #expect(value.bitPattern == referenceDouble(text).bitPattern, "\(text)")
        }
        #expect(answered > trials * 99 / 100, "answered only \(answered) of \(trials)")
    }

    /// The fused fast path (number and field end in one pass) agrees with
    /// the general path whenever it answers, and finds the field's end, for
    /// random texts of every shape followed by each terminator or nothing.
    @Test func fastFieldPathAgreesWithTheGeneralPath() {
        var random = SplitMix64(state: 5)
        let parser = DecimalParser()
        let pieces = ["", "-", "+", "0", "00", "7", "12345678", "123456789", "9007199254740993", ".", "e", "E-",
                      "e+", "e12", "x", " ", "\"", "1234567890123456789", "5"]
        var answered = 0
        for trial in 0..<200_000 {
            var text: String
            if trial % 2 == 0 {
                text = (0..<(1 + random.below(5))).map { _ in pieces[random.below(pieces.count)] }.joined()
            } else {
                let value = Double(bitPattern: random.next() >> 1)
                text = trial % 4 == 1 ? "\(value)" : String(format: "%.17g", value)
            }
            // The fast path reads only fields that start well before the
            // end of the buffer (`plainFieldMargin`): pad after the field end.
            let terminator = [",", "\n", "\r\n", ",9"][random.below(4)]
            let bytes = Array((text + terminator).utf8) + Array(repeating: UInt8(ascii: "x"), count: DecimalParser.plainFieldMargin)
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                guard let (value, end) = parser.parsePlainField(base, at: 0, limit: buffer.count) else { return }
                answered += 1
                #expect(end == text.utf8.count, "'\(text)' ended at \(end)")
                #expect(parseField(text) == .number(value), "'\(text)'")
                if case .number(let general) = parseField(text) {
                    #expect(general.bitPattern == value.bitPattern, "'\(text)'")
                }
            }
        }
        #expect(answered > 100_000)
    }

    /// The fast path on its own against strtod, for every shape its
    /// straight-line part (fewer than 16 integer digits, a point, a run
    /// of fraction digits) and its loops read: 0–20 integer digits (a
    /// second 16-digit run and more), 0–22 fraction digits (so 17- and
    /// 19-digit significands, and more),
    /// with and without a sign and an exponent, followed by a terminator
    /// and then digits, points or letters (which the second run's load
    /// reads when the first run is not full, and must ignore). Fields of at
    /// most 19 digits without an exponent must be answered here.
    @Test func fastFieldPathMatchesStrtodForEveryShape() {
        var random = SplitMix64(state: 17)
        let parser = DecimalParser()
        let after = ["1234567890123456789", ".5.5.5.5.5.5.5.5.5", "x", "99,99\n", "e5e5e5e5e5"]
        var checked = 0
        for _ in 0..<40 {
            for wholeCount in 0...20 {
                for fractionCount in 0...22 where wholeCount + fractionCount > 0 {
                    func digits(_ count: Int) -> String {
                        String((0..<count).map { _ in Character(String(random.below(10))) })
                    }
                    let sign = ["", "-", "+"][random.below(3)]
                    let point = fractionCount > 0 || random.below(2) == 0 ? "." : ""
                    let exponent = random.below(4) == 0 ? "e\(random.below(80) - 40)" : ""
                    let whole = digits(wholeCount)
                    let fraction = digits(fractionCount)
                    let text = sign + whole + point + fraction + exponent
                    let terminator = [",", "\n", "\r\n"][random.below(3)]
                    let bytes = Array((text + terminator + after[random.below(after.count)]).utf8)
                        + Array(repeating: UInt8(ascii: "7"), count: DecimalParser.plainFieldMargin)
                    let answer = bytes.withUnsafeBufferPointer { buffer -> (value: Double, end: Int)? in
                        guard let base = buffer.baseAddress else { return nil }
                        return parser.parsePlainField(base, at: 0, limit: buffer.count)
                    }
                    guard let (value, end) = answer else {
                        // Declining is right for more than 19 digits, an
                        // exponent (not always: out of range), or a value
                        // Eisel–Lemire cannot decide (an exact tie, common
                        // for integers above 2^53, or a near one).
                        let undecided = UInt64(whole + fraction).map {
                            $0 != 0 && parser.eiselLemire(significand: $0, exponent: -fractionCount, negative: false) == nil
                        } ?? false
                        #expect(wholeCount + fractionCount > 19 || !exponent.isEmpty || undecided, "'\(text)' declined")
                        continue
                    }
                    checked += 1
                    #expect(end == text.utf8.count, "'\(text)' ended at \(end)")
                    #expect(value.bitPattern == referenceDouble(text).bitPattern,
                            "'\(text)': got \(value), strtod gives \(referenceDouble(text))")
                }
            }
        }
        #expect(checked > 5_000)
    }

    /// Ties and near-ties of 17 to 19 digits in the fast path's common
    /// shape (a few integer digits, the rest after the point): halfway
    /// points between doubles (written with an exponent), a text just
    /// above each, and the same digits without the exponent.
    @Test func fastFieldPathRoundsTiesToEven() {
        var random = SplitMix64(state: 1_717)
        let parser = DecimalParser()
        var checked = 0
        for _ in 0..<20_000 {
            // An odd m in [2^53, 2^54) is halfway between two doubles; so is
            // m·2^−j = m·5^j·10^−j, with j = 1 or 2 (17–19 digits).
            let odd = (UInt64(1) << 53) | (random.next() >> 11) | 1
            var digits = Array(String(odd)).compactMap { $0.wholeNumberValue }
            let shift = 1 + random.below(2)
            for _ in 0..<shift { digits = timesFive(digits) }
            let wholeCount = 1 + random.below(min(7, digits.count - 1))
            let text = digits[..<wholeCount].map(String.init).joined() + "."
                + digits[wholeCount...].map(String.init).joined()
            // The exponent that puts the point back where the tie has it,
            // and the same with a last digit that lifts it just above.
            let exponent = digits.count - wholeCount - shift
            for candidate in [text, text + "e\(exponent)", text + "1e\(exponent)"] {
                let bytes = Array((candidate + ",").utf8)
                    + Array(repeating: UInt8(ascii: "5"), count: DecimalParser.plainFieldMargin)
                let answer = bytes.withUnsafeBufferPointer { buffer -> (value: Double, end: Int)? in
                    guard let base = buffer.baseAddress else { return nil }
                    return parser.parsePlainField(base, at: 0, limit: buffer.count)
                }
                // Exact ties are left to strtod (nil) or answered exactly.
                guard let (value, _) = answer else { continue }
                checked += 1
                #expect(value.bitPattern == referenceDouble(candidate).bitPattern, "'\(candidate)'")
            }
        }
        #expect(checked > 1_000)
    }

    /// Subnormal, tiny and huge values in the common shape go to the
    /// general path or read exactly.
    @Test(arguments: [
        "4.9406564584124654e-324", "2.2250738585072011e-308", "2.2250738585072014e-308", "1.5e-320",
        "1.7976931348623157e308", "1.7976931348623159e308", "9.9999999999999999e307", "12.345678901234567e-330",
        "0.12345678901234567", "0.1234567890123456789", "1234567.123456789012", "0.000000000000000012345",
        "7.0000000000000000", "9999999.999999999999", "1.9999999999999999", "-0.0000000000000000",
    ])
    func fastFieldPathAtTheEdgesOfTheRange(_ text: String) {
        let bytes = Array((text + "\n").utf8) + Array(repeating: UInt8(ascii: "9"), count: DecimalParser.plainFieldMargin)
        let answer = bytes.withUnsafeBufferPointer { buffer -> (value: Double, end: Int)? in
            guard let base = buffer.baseAddress else { return nil }
            return DecimalParser().parsePlainField(base, at: 0, limit: buffer.count)
        }
        if let (value, end) = answer {
            #expect(end == text.utf8.count)
            #expect(value.bitPattern == referenceDouble(text).bitPattern, "'\(text)': got \(value)")
        }
        expectExact(text)
    }

    /// Near the end of the buffer the fast path declines (its eight-byte
    /// loads would read past it), and the general path reads the field.
    @Test func fastFieldPathDeclinesNearTheEnd() {
        let parser = DecimalParser()
        for text in ["1", "12.5", "-0.125", "123456789.12345678", "1e5", "7,"] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                #expect(parser.parsePlainField(base, at: 0, limit: buffer.count) == nil, "'\(text)'")
            }
        }
    }

    /// The fast path's 16-byte loads stay before `limit` for a field that
    /// starts exactly `plainFieldMargin` bytes before it, whatever follows
    /// (digits to the end are the longest runs it can read): the buffer
    /// ends at an inaccessible page, so a load past it would crash the test.
    @Test func fastFieldPathReadsNothingPastTheLimit() throws {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let mapping = mmap(nil, 2 * pageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        let start = try #require(mapping == MAP_FAILED ? nil : mapping)
        defer { munmap(start, 2 * pageSize) }
        #expect(mprotect(start + pageSize, pageSize, PROT_NONE) == 0)
        let bytes = start.assumingMemoryBound(to: UInt8.self)
        let limit = pageSize
        let offset = limit - DecimalParser.plainFieldMargin
        let parser = DecimalParser()
        let heads = ["", "-", "+", "1", "12.", "1234567890123456.", "1234567890123456789.", ".", "0.", "-.",
                     "123456789012345678901234567890123456.", "1.2e", "1e+"]
        for head in heads {
            for filler in ["0", "9", "5."] {
                var text = Array(head.utf8)
                while text.count < DecimalParser.plainFieldMargin { text += Array(filler.utf8) }
                for (position, byte) in text.prefix(DecimalParser.plainFieldMargin).enumerated() {
                    bytes[offset + position] = byte
                }
                // Answers or declines; either way it read only what it may.
                _ = parser.parsePlainField(UnsafePointer(bytes), at: offset, limit: limit)
            }
        }
        // A number that fits is still read there.
        let text = Array("1.7288774582539328,".utf8)
        for (position, byte) in text.enumerated() { bytes[offset + position] = byte }
        let answer = parser.parsePlainField(UnsafePointer(bytes), at: offset, limit: limit)
        #expect(answer?.value == 1.7288774582539328 && answer?.end == offset + text.count - 1)
    }

    /// Numbers in every position of a file's last bytes, where the loader
    /// switches from the fast path to the general one, read exactly.
    @Test func numbersAtTheEndOfAFileReadExactly() throws {
        let values = ["0.1", "-2.5e-3", "123456789.123456789", "17", "9007199254740993", "1e22", "4.9e-324", ""]
        for count in 1...40 {
            var rows = ["x,y"]
            for index in 0..<count { rows.append("\(values[index % values.count]),\(index).25") }
            for ending in ["", "\n", "\r\n"] {
                let table = try Table.parseCSV(text: rows.joined(separator: "\n") + ending, fileName: "end.csv")
                let x = table.column(named: "x")?.numbers ?? []
                let y = table.column(named: "y")?.numbers ?? []
                #expect(x.count == count && y.count == count)
                for index in 0..<min(count, x.count, y.count) {
                    let text = values[index % values.count]
                    let expected = text.isEmpty ? Double.nan : referenceDouble(text)
                    #expect(x[index].bitPattern == expected.bitPattern, "row \(index) of \(count): \(text)")
                    #expect(y[index] == Double(index) + 0.25)
                }
            }
        }
    }

    /// The table matches the mathematics on every entry it can be checked by
    /// doubles: 10^q rounds to the high word's leading 53 bits.
    @Test func powerTableHasTheTopBitSet() {
        #expect(powersOfFive128.count == 2 * (largestPowerOfFiveExponent - smallestPowerOfFiveExponent + 1))
        for index in stride(from: 0, to: powersOfFive128.count, by: 2) {
            #expect(powersOfFive128[index] >> 63 == 1)
        }
    }
}
