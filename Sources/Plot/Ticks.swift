import Core
import Foundation

/// A labelled position on an axis.
public struct Tick: Sendable, Equatable {
    public var value: Double
    public var label: String

    public init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

/// Tick marks at round numbers.
///
/// Linear axes use Heckbert's "nice numbers": the step is 1, 2 or 5 times a
/// power of ten, the smallest such step that gives at most `maximumCount`
/// ticks inside the range, and every tick is an integer multiple of it.
/// Logarithmic axes put ticks at powers of ten (every k-th decade when there
/// are too many), falling back to nice linear values when the range spans
/// less than two decades.
public enum Ticks {
    public static func ticks(for axis: Axis, maximumCount: Int) -> [Tick] {
        switch axis.scale {
        case .linear:
            return linear(lower: axis.lower, upper: axis.upper, maximumCount: maximumCount)
        case .logarithmic:
            return logarithmic(lower: axis.lower, upper: axis.upper, maximumCount: maximumCount)
        }
    }

    public static func linear(lower: Double, upper: Double, maximumCount: Int) -> [Tick] {
        guard lower.isFinite, upper.isFinite, upper > lower else { return [] }
        let limit = max(2, maximumCount)
        let span = upper - lower
        guard span.isFinite else { return [] }
        // Start one decade below span/limit: the first candidate that fits wins.
        var exponent = Int((span / Double(limit)).magnitude.isZero ? 0 : floor(log10(span / Double(limit)))) - 1
        // Bounded: each round multiplies the step by at least 2; 60 rounds cover any double span.
        for _ in 0..<60 {
            for mantissa in [1.0, 2.0, 5.0] {
                let step = mantissa * pow(10, Double(exponent))
                // A bound that is itself a multiple of the step (0.35 for
                // step 0.05) may divide to 6.9999999: allow for that.
                let first = (lower / step - 1e-9).rounded(.up)
                let last = (upper / step + 1e-9).rounded(.down)
                guard first.isFinite, last.isFinite else { continue }
                let count = last - first + 1
                if count <= Double(limit) {
                    guard count >= 1 else { return [] }
                    return (0..<Int(count)).map { offset in
                        let value = (first + Double(offset)) * step
                        return Tick(value: value, label: label(value, exponent: exponent))
                    }
                }
            }
            exponent += 1
        }
        return []
    }

    public static func logarithmic(lower: Double, upper: Double, maximumCount: Int) -> [Tick] {
        guard lower > 0, upper.isFinite, upper > lower else { return [] }
        let firstDecade = Int(ceil(log10(lower) - 1e-9))
        let lastDecade = Int(floor(log10(upper) + 1e-9))
        let decadeCount = lastDecade - firstDecade + 1
        if decadeCount < 2 {
            return linear(lower: lower, upper: upper, maximumCount: maximumCount)
        }
        let limit = max(2, maximumCount)
        // Every k-th decade, k a round number (1, 2, 5, 10, 20, …), on multiples of k.
        let needed = (decadeCount + limit - 1) / limit
        let stride = [1, 2, 5, 10, 20, 50, 100, 200, 500].first { $0 >= needed } ?? 1000
        let start = Int((Double(firstDecade) / Double(stride)).rounded(.up)) * stride
        return Swift.stride(from: start, through: lastDecade, by: stride).map { decade in
            let value = pow(10, Double(decade))
            return Tick(value: value, label: formatNumber(Double("1e\(decade)") ?? value))
        }
    }

    /// A tick value as text: rounded to the digits the step has (a multiple
    /// of 0.1 computed in binary is not exactly 0.3), then written as gd
    /// writes numbers (`0.3`, `1000000`, `1e-06`).
    static func label(_ value: Double, exponent: Int) -> String {
        guard value != 0, value.isFinite else { return "0" }
        // Significant digits from the value's leading digit down to the step's.
        let leading = Int(floor(log10(abs(value))))
        let digits = max(1, min(17, leading - exponent + 1))
        return formatNumber(value, significantDigits: digits)
    }
}
