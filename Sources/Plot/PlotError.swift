/// Why a plot could not be drawn. Each case carries the data its message
/// needs; the message is written in one place, `message`.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `from a to b` with a == b.
    case emptyRange(axis: String, bound: Double)
    /// `from a to b` with a > b.
    case reversedRange(axis: String, from: Double, to: Double)
    /// A range bound that is `inf` or `nan`.
    case nonFiniteBound(axis: String, value: Double)
    /// A function (or data series) with no finite value to draw.
    case noFiniteValues(series: String)
    /// Two columns of a scatter plot (or a path's coordinates) of different lengths.
    case lengthMismatch(first: String, firstCount: Int, second: String, secondCount: Int)
    /// A series with no points at all.
    case noData(series: String)
    /// More points than a plot will take (drawing them would not finish in reasonable time).
    case tooManyPoints(series: String, count: Int, limit: Int)
    /// A plot request with nothing to draw (no functions, no curves).
    case nothingToPlot
    /// A two-parameter function with neither a range nor a path to choose one from.
    case needsRange(function: String)

    public var message: String {
        switch self {
        case .emptyRange(let axis, let bound):
            return "empty \(axis) range: from \(formatBound(bound)) to \(formatBound(bound)); give two different bounds"
        case .reversedRange(let axis, let from, let to):
            return "reversed \(axis) range: from \(formatBound(from)) to \(formatBound(to)); write the smaller bound first"
        case .nonFiniteBound(let axis, let value):
            return "the \(axis) range needs finite bounds, not \(formatBound(value))"
        case .noFiniteValues(let series):
            return "\(series) has no finite value to plot"
        case .lengthMismatch(let first, let firstCount, let second, let secondCount):
            return "\(first) has \(firstCount) values but \(second) has \(secondCount); a plot needs equal lengths"
        case .noData(let series):
            return "\(series) is empty: nothing to plot"
        case .tooManyPoints(let series, let count, let limit):
            return "\(series) has \(count) points, more than the \(limit) a plot draws"
        case .nothingToPlot:
            return "nothing to plot"
        case .needsRange(let function):
            return "a contour map of \(function) needs a range: from [x0, y0] to [x1, y1], or a path to plot on it"
        }
    }

    public var description: String { message }
}

import Core

private func formatBound(_ value: Double) -> String { formatNumber(value) }
