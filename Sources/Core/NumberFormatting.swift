import Foundation

/// How gd writes a number: the shortest text that reads back to the same
/// double, as Python's `repr` writes it, except that an integral value drops
/// Python's trailing `.0` (`8`, not `8.0`) because gd has one number type.
///
/// Swift's `Double.description` already produces the shortest round-trip
/// digits with Python's switch to exponent form (below 1e-4, from 1e16), so
/// this only normalises the integral case. Negative zero prints as `-0`.
///
///     formatNumber(0.1 + 0.2)   // "0.30000000000000004"
///     formatNumber(1e-5)        // "1e-05"
///     formatNumber(8)           // "8"
public func formatNumber(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let text = value.description
    if text.hasSuffix(".0") { return String(text.dropLast(2)) }
    return text
}

/// Formats a number rounded to `digits` significant digits, for tables and
/// reports where full precision would drown the reader (`%.{digits}g`).
public func formatNumber(_ value: Double, significantDigits digits: Int) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let clamped = Int32(max(1, min(17, digits)))
    // C's own `%.*g` into a stack buffer: the digits `String(format:)` gives,
    // at a fraction of its cost (a 1000-step report formats thousands of cells).
    let rounded: Double? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer in
        guard let base = buffer.baseAddress else { return nil }
        let written: Int32
        if let strfromd = cStringFromDouble {
            written = "%.\(clamped)g".withCString { strfromd(base, buffer.count, $0, value) }
        } else {
            written = withVaList([clamped, value]) { vsnprintf(base, buffer.count, "%.*g", $0) }
        }
        guard written > 0, Int(written) < buffer.count else { return nil }
        return strtod(base, nil)
    }
    guard let rounded else { return formatNumber(value) }
    return formatNumber(rounded)
}

/// The C library's `strfromd` (C23; glibc since 2.25): `%.Ng` formatting
/// without C varargs. Swift reaches `vsnprintf` only through `withVaList`,
/// whose first use in a process searches the runtime's conformance records
/// (about 1.4 million instructions, measured with callgrind: most of what
/// the first `descend` report cost). Swift's Glibc module does not declare
/// `strfromd`, so it is looked up by name; where it is missing (macOS),
/// `formatNumber` uses `vsnprintf`, with the same digits.
private let cStringFromDouble: (@convention(c) (UnsafeMutablePointer<CChar>?, Int, UnsafePointer<CChar>?, Double) -> Int32)? = {
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "strfromd") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<CChar>?, Int, UnsafePointer<CChar>?, Double) -> Int32).self)
}()
