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
                let first = (lower / step).rounded(.up)
                let last = (upper / step).rounded(.down)
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

    /// A tick value as text: round to the step's decimal places (a multiple
    /// of 0.1 computed in binary is not exactly 0.3), then write it as gd writes numbers.
    static func label(_ value: Double, exponent: Int) -> String {
        let decimals = max(0, -exponent)
        let rounded = Double(String(format: "%.\(min(decimals, 20))f", value)) ?? value
        return formatNumber(rounded == 0 ? 0 : rounded)
    }
}
