import CDigits
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one CSV field holds, read as a number.
enum FieldNumber: Equatable {
    /// A number, exactly the double `strtod` gives for the same text.
    case number(Double)
    /// Empty (or only spaces and tabs), `NA`, or `nan` in any case: a missing value.
    case missing
    /// Anything else: the field makes its column a text column.
    case notANumber
}

/// Reads decimal numbers from raw ASCII bytes, exactly and fast.
///
/// The grammar (spaces and tabs around the number are ignored):
///
///     number  = [+-] (digits ["." [digits]] | "." digits) [("e"|"E") [+-] digits]
///     special = [+-] ("inf" | "infinity")      (any case)  → ±∞
///     missing = "" | "NA" | "nan"               (any case for nan) → missing
///
/// so `2`, `0.75`, `.5`, `5.`, `+1`, `-0`, `1e5`, `2E+3` are numbers and
/// `0x10`, `1_000`, `1,5`, `e5`, `.` are text. `nan` counts as missing rather
/// than as a value because a table's missing values are NaN anyway, and
/// counting it keeps the summary honest.
///
/// The value is the correctly rounded double (round half to even), the one
/// `strtod` gives, computed by three methods from fastest to most general:
///
/// 1. Clinger's fast path: when the decimal significand w ≤ 2^53 and the
///    power 10^|q| ≤ 10^22, both are exact doubles and one IEEE multiply or
///    divide gives the correctly rounded w·10^q.
/// 2. Eisel–Lemire (Lemire, "Number Parsing at a Gigabyte per Second",
///    Software: Practice and Experience 51(8), 2021): for w < 2^64, multiply
///    the normalised w by a 128-bit approximation of 10^q and round; the
///    method reports when the approximation cannot decide the rounding.
///    More than 19 significant digits are truncated to w and the result is
///    accepted when w and w+1 round to the same double.
/// 3. `strtod` for what remains (undecidable cases, subnormals, overflow
///    near the top of the range).
///
/// A parser is a value holding a pointer to its tables, so that the hot
/// loop reads them without the lazy-global check a `static let` costs on
/// every access (measured: 2% of a load in `swift_once`), without the
/// indirect jump a `switch` of constants compiled to, and without an
/// array's bounds check: every index below is in range by the grammar or
/// by a guard just before it.
struct DecimalParser {
    /// The three tables in one block of 64-bit words, so that the row loop
    /// keeps one pointer for them instead of three (it has few registers
    /// to spare; measured, callgrind, 10^6-row loads: 17-digit 546 M →
    /// 542 M instructions, 9-digit 370 M → 366 M):
    /// `runPowersStart`: 10^0 … 10^16, for combining digit runs;
    /// `exactPowersStart`: 10^0 … 10^22 as doubles, each exact
    /// (5^22 < 2^53), for Clinger's path; `powersStart`: `powersOfFive128`.
    private let table: UnsafePointer<UInt64>

    private static var runPowersStart: Int { 0 }
    private static var exactPowersStart: Int { 17 }
    private static var powersStart: Int { 40 }

    /// The table, built once and never freed (the process keeps it, as it
    /// would a constant array).
    private struct Tables: @unchecked Sendable {
        let words: UnsafePointer<UInt64>

        init() {
            // The C target's table, which its portable digit runs use too.
            let runPowers = withUnsafeBytes(of: gd_powers_of_ten) { Array($0.bindMemory(to: UInt64.self)) }
            let exactPowers = (0...22).map { power in (0..<power).reduce(1.0) { product, _ in product * 10 } }
            let words = runPowers + exactPowers.map(\.bitPattern) + powersOfFive128
            assert(runPowers.count == DecimalParser.exactPowersStart
                   && runPowers.count + exactPowers.count == DecimalParser.powersStart)
            let storage = UnsafeMutablePointer<UInt64>.allocate(capacity: words.count)
            storage.initialize(from: words, count: words.count)
            self.words = UnsafePointer(storage)
        }
    }

    private static let sharedTables = Tables()

    init() {
        table = Self.sharedTables.words
    }

    /// The common case, fused with finding the field's end: a plain number
    /// (`[+-] digits [. digits] [e [+-] digits]`, at most 19 digits, no
    /// blanks) starting at `offset` and followed by a field end (the
    /// delimiter, CR, LF or `limit`). Returns the value and the offset of the field end,
    /// or nil to let the general path (`parse`) decide: one pass over the
    /// bytes instead of finding the field's end and then parsing it.
    ///
    /// Only fields that start at least `plainFieldMargin` bytes before
    /// `limit` are read here, so that no 16-byte load needs a bounds
    /// test (the runs stop after 19 digits); the last few fields of a
    /// buffer take the general path. The rare parts (exponents, the
    /// refinement of an undecided Eisel–Lemire product) are calls. `@_transparent` because the optimiser
    /// declined `@inline(__always)` here and called it once per field;
    /// inlined into the row loop, a load's CPU time fell 10% (10^6 rows:
    /// 9-digit 25.6 → 23.0 ms, 17-digit 43.2 → 40.7 ms).
    @_transparent
    func parsePlainField(_ bytes: UnsafePointer<UInt8>, at offset: Int, limit: Int,
                         delimiter: CSVDelimiter = .comma) -> (value: Double, end: Int)? {
        guard let field = parsePlainFieldAndEnding(bytes, at: offset, limit: limit, delimiter: delimiter) else {
            return nil
        }
        return (field.value, field.end)
    }

    /// `parsePlainField`, with the byte that ends the field (the delimiter,
    /// CR or LF; LF at `limit`), which the row loop reads next: handing it
    /// over saves loading and testing it again (measured with the row
    /// loop's delimiter in a local, callgrind, 10^6-row loads: 17-digit
    /// 569 M → 547 M instructions, 9-digit 381 M → 375 M).
    @_transparent
    func parsePlainFieldAndEnding(_ bytes: UnsafePointer<UInt8>, at offset: Int, limit: Int,
                                  delimiter: CSVDelimiter) -> (value: Double, end: Int, ending: UInt8)? {
        // `limit − margin` rather than `limit − offset`: the compiler keeps
        // the bound, the same for every field of a buffer, out of the loop.
        guard offset <= limit &- Self.plainFieldMargin else { return nil }
        var index = offset
        let first = bytes[index]
        let negative = first == UInt8(ascii: "-")
        if negative || first == UInt8(ascii: "+") { index &+= 1 }
        // Digits up to 16 at a time (`gd_digit_run16`, one SSE register
        // in the AVX2 build): a number's digit runs vary in length, and a
        // byte loop's mispredicted exit cost more than the arithmetic
        // (measured: 0.067 s → 0.041 s for 10^6 rows of 9-digit data with
        // eight-byte SWAR runs; 16-byte runs: see `gd_digit_run16`).
        // After a full run, the next byte is usually not a digit: checking
        // it saves a whole run. Digits are counted from where they start,
        // not run by run, so that a run updates one counter.
        let digitsStart = index
        var run = gd_digit_run16(bytes + index)
        var significand = run.value
        index &+= Int(run.count)
        while run.count == 16, isDigit(bytes[index]) {
            // Up to 19 digits cannot overflow 64 bits; more (rare) take the
            // general path (a product that wrapped is rejected below).
            guard index &- digitsStart <= 19 else { return nil }
            run = gd_digit_run16(bytes + index)
            significand = significand &* smallPowerOfTen(Int(run.count)) &+ run.value
            index &+= Int(run.count)
        }
        var digitCount = index &- digitsStart
        var exponent = 0
        if bytes[index] == UInt8(ascii: ".") {
            index &+= 1
            let fractionStart = index
            // Before each run, at most 19 digits so far: the integer's and
            // those after the point.
            let lastRunStart = fractionStart &+ (19 &- digitCount)
            repeat {
                guard index <= lastRunStart else { return nil }
                run = gd_digit_run16(bytes + index)
                significand = significand &* smallPowerOfTen(Int(run.count)) &+ run.value
                index &+= Int(run.count)
            } while run.count == 16 && isDigit(bytes[index])
            exponent = fractionStart &- index
            digitCount &+= index &- fractionStart
        }
        guard digitCount > 0, digitCount <= 19 else { return nil }
        var byte = bytes[index]
        if byte | 0x20 == UInt8(ascii: "e") {
            guard let (written, end) = exponentPart(bytes, at: index &+ 1, limit: limit) else { return nil }
            exponent &+= written
            index = end
            if index == limit { byte = UInt8(ascii: "\n") } else { byte = bytes[index] }
        }
        guard delimiter.endsField(byte) else { return nil }
        if significand == 0 { return (negative ? -0.0 : 0.0, index, byte) }
        if significand <= 1 << 53, exponent >= -22, exponent <= 22 {
            // Clinger: measured faster than Eisel–Lemire here even with the
            // division (fields of 10^6 9-digit rows: 21 ms against 26 ms).
            let magnitude = exponent >= 0
                ? Double(significand) * exactPowerOfTen(exponent) : Double(significand) / exactPowerOfTen(0 &- exponent)
            return (negative ? -magnitude : magnitude, index, byte)
        }
        // Inlined, not called: most numbers written with 17 digits come
        // here (w > 2^53), and a call spilled the row loop's registers
        // (callgrind, 10^6-row 17-digit load: 636 M → 585 M instructions).
        guard let value = eiselLemire(significand: significand, exponent: exponent, negative: negative) else {
            return nil
        }
        return (value, index, byte)
    }

    /// How far before the end of the buffer `parsePlainField` reads: a
    /// sign, 19 digits and a point, a run's sixteen-byte load and the byte
    /// after it (at most 37 bytes from the field's start), with room to spare.
    static let plainFieldMargin = 64

    /// After an `e`: `[+-] digits`, the signed exponent (saturated, since
    /// beyond 10^±100000 every significand gives 0 or ∞) and the offset
    /// after it; nil without digits.
    @inline(never)
    private func exponentPart(_ bytes: UnsafePointer<UInt8>, at offset: Int, limit: Int) -> (Int, Int)? {
        var index = offset
        var negative = false
        if index < limit, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        let start = index
        var written = 0
        while index < limit, isDigit(bytes[index]) {
            if written < 100_000 { written = written * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
            index += 1
        }
        guard index > start else { return nil }
        return (negative ? -written : written, index)
    }

    /// 10^count for a digit run's length, 0 ≤ count ≤ 16.
    @inline(__always)
    private func smallPowerOfTen(_ count: Int) -> UInt64 { table[Self.runPowersStart &+ count] }

    /// Reads the `count` bytes at `start`: the general path, for any field.
    func parse(_ start: UnsafePointer<UInt8>, count: Int) -> FieldNumber {
        var low = 0
        var high = count
        while low < high, isBlank(start[low]) { low += 1 }
        while high > low, isBlank(start[high - 1]) { high -= 1 }
        if low == high { return .missing }

        var index = low
        var negative = false
        if start[index] == UInt8(ascii: "-") || start[index] == UInt8(ascii: "+") {
            negative = start[index] == UInt8(ascii: "-")
            index += 1
        }

        // Up to 19 significant digits go into `significand`; the exponent
        // counts the digits that did not (integer part) or did (fraction).
        var significand: UInt64 = 0
        var significantDigits = 0
        var truncated = false
        var exponent = 0
        var digitsSeen = 0

        /// Appends a digit to `significand` while it has room for 19 (a
        /// leading zero adds nothing); false when it is full.
        @inline(__always) func appendToSignificand(_ digit: Int) -> Bool {
            guard significantDigits < 19 else { return false }
            if significand != 0 || digit != 0 {
                significand = significand &* 10 &+ UInt64(digit)
                significantDigits += 1
            }
            return true
        }
        while index < high, let digit = digitValue(start[index]) {
            digitsSeen += 1
            if !appendToSignificand(digit) {
                exponent += 1
                if digit != 0 { truncated = true }
            }
            index += 1
        }
        if index < high, start[index] == UInt8(ascii: ".") {
            index += 1
            while index < high, let digit = digitValue(start[index]) {
                digitsSeen += 1
                if appendToSignificand(digit) {
                    exponent -= 1
                } else if digit != 0 {
                    truncated = true
                }
                index += 1
            }
        }
        if digitsSeen == 0 { return special(start + low, count: high - low) }

        if index < high, start[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < high, start[index] == UInt8(ascii: "-") || start[index] == UInt8(ascii: "+") {
                exponentNegative = start[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var exponentDigits = 0
            while index < high, let digit = digitValue(start[index]) {
                // Saturate: beyond 10^±100000 every significand gives 0 or ∞.
                if written < 100_000 { written = written * 10 + digit }
                exponentDigits += 1
                index += 1
            }
            if exponentDigits == 0 { return .notANumber }
            exponent += exponentNegative ? -written : written
        }
        if index != high { return .notANumber }

        return .number(value(significand: significand, exponent: exponent, negative: negative,
                             truncated: truncated, text: start + low, count: high - low))
    }

    /// The correctly rounded double of ±w·10^q (w the first 19 significant
    /// digits; `truncated` when nonzero digits followed).
    private func value(significand w: UInt64, exponent q: Int, negative: Bool,
                              truncated: Bool, text: UnsafePointer<UInt8>, count: Int) -> Double {
        if w == 0 { return negative ? -0.0 : 0.0 }
        if !truncated {
            if w <= 1 << 53, q >= -22, q <= 22 {
                let magnitude = q >= 0 ? Double(w) * exactPowerOfTen(q) : Double(w) / exactPowerOfTen(-q)
                return negative ? -magnitude : magnitude
            }
            if let result = eiselLemire(significand: w, exponent: q, negative: negative) {
                return result
            }
        } else if let lower = eiselLemire(significand: w, exponent: q, negative: negative),
                  w < UInt64.max,
                  let upper = eiselLemire(significand: w + 1, exponent: q, negative: negative),
                  lower == upper {
            return lower
        }
        return viaStrtod(text, count: count)
    }

    /// 10^power for 0 ≤ power ≤ 22, every one an exact double (5^22 < 2^53).
    @inline(__always)
    private func exactPowerOfTen(_ power: Int) -> Double { Double(bitPattern: table[Self.exactPowersStart &+ power]) }

    /// The C library's reading, for the rare inputs the fast methods leave.
    /// The text has already matched the grammar, so `strtod` reads all of it
    /// (it is locale-independent for these characters in the "C" numeric
    /// locale, which gd never changes).
    private func viaStrtod(_ text: UnsafePointer<UInt8>, count: Int) -> Double {
        var buffer = [CChar](repeating: 0, count: count + 1)
        for offset in 0..<count { buffer[offset] = CChar(bitPattern: text[offset]) }
        return buffer.withUnsafeBufferPointer { pointer in
            guard let base = pointer.baseAddress else { return .nan }
            return strtod(base, nil)
        }
    }

    /// `inf`, `infinity` (with a sign), `NA`, `nan`: the words that are not
    /// digits but still belong in a numeric column.
    private func special(_ text: UnsafePointer<UInt8>, count: Int) -> FieldNumber {
        var word = [UInt8]()
        word.reserveCapacity(count)
        for offset in 0..<count { word.append(text[offset]) }
        if word == Array("NA".utf8) { return .missing }
        var sign = 1.0
        if let first = word.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            sign = first == UInt8(ascii: "-") ? -1 : 1
            word.removeFirst()
        }
        let lowered = word.map { $0 | 0x20 }  // ASCII letters only below: case-insensitive
        guard word.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }) else {
            return .notANumber
        }
        if lowered == Array("nan".utf8) { return .missing }
        if lowered == Array("inf".utf8) || lowered == Array("infinity".utf8) { return .number(sign * .infinity) }
        return .notANumber
    }

    @inline(__always)
    private func digitValue(_ byte: UInt8) -> Int? {
        let digit = byte &- UInt8(ascii: "0")
        return digit < 10 ? Int(digit) : nil
    }

    /// The Eisel–Lemire step: the correctly rounded double of w·10^q for a
    /// 64-bit w, or nil when its 128-bit product cannot decide the rounding.
    ///
    /// With w normalised (shifted so its top bit is set) and T the 128-bit
    /// significand of 10^q from `powersOfFive128`, the top 64 bits of w·T hold
    /// the result's 53 significant bits, one rounding bit, and 9 or 10 bits of
    /// slack. When the slack bits are all ones the truncated table entry may
    /// have lost a carry: the next 64 bits of T decide it, or the method gives
    /// up. A product that lands exactly on a halfway point also gives up, since
    /// the approximation cannot tell "exactly half" from "just above half".
    /// Subnormal and overflowing results are left to the caller (`strtod`).
    @inline(__always)
    func eiselLemire(significand w: UInt64, exponent q: Int, negative: Bool) -> Double? {
        guard w != 0, q >= smallestPowerOfFiveExponent, q <= largestPowerOfFiveExponent else { return nil }
        let leadingZeros = w.leadingZeroBitCount
        let normalised = w &<< UInt64(leadingZeros)
        // ⌊q·log2(10)⌋ via 217706/2^16 ≈ log2(10), exact for |q| ≤ 1650;
        // computed before the product, so that one value waits across it
        // instead of q and the leading zeros (fewer spills when inlined).
        var biasedExponent = ((217_706 &* q) &>> 16) &+ (64 + 1023) &- leadingZeros
        let index = 2 * (q - smallestPowerOfFiveExponent)
        let product = normalised.multipliedFullWidth(by: table[Self.powersStart &+ index])
        var productHigh = product.high
        var productLow = product.low
        // The discarded low half of w·T could carry into the slack bits
        // (rare: out of line, so that the common case inlines small).
        if productHigh & 0x1FF == 0x1FF {
            guard let refined = refinedProduct(normalised, high: productHigh, low: productLow,
                                               next: table[Self.powersStart &+ index &+ 1]) else {
                return nil
            }
            (productHigh, productLow) = refined
        }

        let topBit = productHigh >> 63
        var mantissa = productHigh &>> (topBit &+ 9)
        biasedExponent &-= Int(1 ^ topBit)

        if productLow == 0, productHigh & 0x1FF == 0, mantissa & 3 == 1 { return nil }

        mantissa = (mantissa &+ (mantissa & 1)) &>> 1  // round half up on 54 bits; ties were excluded above
        // The mantissa, 2^52 ≤ m ≤ 2^53, is added to the exponent field
        // less one: its hidden bit adds the one back, and a mantissa that
        // rounded up to 2^53 adds two, the next binade, with a zero
        // fraction, as it should (no test for the carry). The bits are then
        // a normal finite double exactly when the exponent field is 1 to
        // 0x7FE; every other biased exponent this range of q gives
        // (−114 to 2110) lands outside that window, a negative one with
        // the sign bit set (subnormals and overflows are left to strtod).
        let bits = UInt64(bitPattern: Int64(biasedExponent &- 1)) &<< 52 &+ mantissa
        guard bits &- (1 << 52) < 0x7FE0_0000_0000_0000 else { return nil }
        return Double(bitPattern: bits | UInt64(negative ? 1 : 0) &<< 63)
    }
}

extension DecimalParser {
    /// The Eisel–Lemire product w·T when its slack bits are all ones: the
    /// low word of T, times w, may carry into them. Nil when even the full
    /// 128-bit product cannot decide.
    @inline(never)
    fileprivate func refinedProduct(_ normalised: UInt64, high productHigh: UInt64, low productLow: UInt64,
                                    next low: UInt64) -> (high: UInt64, low: UInt64)? {
        guard productLow &+ normalised < normalised else { return (productHigh, productLow) }
        var high = productHigh
        let product = normalised.multipliedFullWidth(by: low)
        let mergedLow = productLow &+ product.high
        if mergedLow < productLow { high &+= 1 }
        if high & 0x1FF == 0x1FF, mergedLow == UInt64.max, product.low &+ normalised < normalised {
            return nil
        }
        return (high, mergedLow)
    }
}

/// A decimal digit, `0` to `9`.
@inline(__always)
func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

/// A blank around a field: space or tab.
@inline(__always)
func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
