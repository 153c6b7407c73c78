import Core
import Foundation

/// A function of one variable to sample. It may throw (the error is passed
/// on) or return a non-finite value (drawn as a gap and reported in a note).
public typealias RealFunction = (Double) throws -> Double
/// A function of two variables, for contour maps.
public typealias RealFunction2 = (Double, Double) throws -> Double

/// Sizes that keep every plot quick whatever the input.
public enum PlotLimits {
    /// Samples of a function across the x range (400 intervals: the SVG
    /// polyline has at least 100 points, the braille canvas 120 dots across).
    public static let functionSamples = 401
    /// Grid points along each side of a contour map.
    public static let contourGridSize = 121
    /// The most points a data series, loss curve or path may have.
    public static let maximumPoints = 1_000_000
}

extension Figure {
    /// `plot f, g from a to b`: functions of one variable over [a, b], with a legend.
    public static func functions(
        _ functions: [(name: String, evaluate: RealFunction)],
        from lower: Double, to upper: Double,
        title: String? = nil, xLabel: String? = "x"
    ) throws -> Figure {
        guard !functions.isEmpty else { throw PlotError.nothingToPlot }
        try validateRange(axis: "x", lower, upper)
        var notes: [String] = []
        var curves: [Curve] = []
        for function in functions {
            let (xs, ys) = try sample(function.evaluate, from: lower, to: upper)
            notes += gapNotes(name: function.name, ys: ys)
            curves.append(Curve(name: function.name, xs: xs, ys: ys))
        }
        let allYs = curves.flatMap(\.ys)
        guard allYs.contains(where: \.isFinite) else {
            throw PlotError.noFiniteValues(series: functions.map(\.name).joined(separator: ", "))
        }
        let yRange = robustRange(allYs, notes: &notes)
        return Figure(
            title: title,
            x: Axis(lower: lower, upper: upper, label: xLabel),
            y: Axis(lower: yRange.lower, upper: yRange.upper),
            layers: curves.map { .curve($0) }, notes: notes)
    }

    /// `plot r1, r2, r3`: the loss at each step of one or more runs.
    ///
    /// The y axis is logarithmic when every loss drawn is positive and they
    /// span more than two decades (max/min > 100), as a rate that is too
    /// large or too small shows only there. Non-finite losses (a diverged run)
    /// are left out and reported. x is the index of the loss (`xLabel` "step"
    /// for `descend`; an `sgd` run's losses are per epoch).
    public static func lossCurves(
        _ runs: [(name: String, losses: [Double])], title: String? = nil, xLabel: String = "step", yLabel: String = "loss"
    ) throws -> Figure {
        guard !runs.isEmpty else { throw PlotError.nothingToPlot }
        var notes: [String] = []
        var curves: [Curve] = []
        for run in runs {
            guard !run.losses.isEmpty else { throw PlotError.noData(series: run.name) }
            guard run.losses.count <= PlotLimits.maximumPoints else {
                throw PlotError.tooManyPoints(series: run.name, count: run.losses.count, limit: PlotLimits.maximumPoints)
            }
            let steps = run.losses.indices.map(Double.init)
            let skipped = run.losses.filter { !$0.isFinite }.count
            if skipped > 0 {
                notes.append("\(run.name): \(skipped) of \(run.losses.count) losses are not finite and are not drawn")
            }
            curves.append(Curve(name: run.name, xs: steps, ys: run.losses, marksPoints: run.losses.count <= 30))
        }
        let finite = curves.flatMap(\.ys).filter(\.isFinite)
        guard let lowest = finite.min(), let highest = finite.max() else {
            throw PlotError.noFiniteValues(series: runs.map(\.name).joined(separator: ", "))
        }
        let lastStep = Double(max(1, (runs.map(\.losses.count).max() ?? 1) - 1))
        let logarithmic = lowest > 0 && highest / lowest > 100
        let yRange = logarithmic ? (lowest, highest) : padded(lowest, highest)
        return Figure(
            title: title,
            x: Axis(lower: 0, upper: lastStep, label: xLabel),
            y: Axis(lower: yRange.0, upper: yRange.1, scale: logarithmic ? .logarithmic : .linear, label: yLabel),
            layers: curves.map { .curve($0) }, notes: notes)
    }

    /// `plot r on f [from a to b]`: a one-parameter run's iterates on its function,
    /// numbered 0, 1, 2, … in order. Without a range (give both bounds or
    /// neither), one that holds the whole path, with a margin of a tenth of
    /// its width each side. The loss at each iterate is f(iterate).
    public static func path(
        _ iterates: [Double], named name: String,
        on function: (name: String, evaluate: RealFunction),
        from lower: Double? = nil, to upper: Double? = nil,
        title: String? = nil, xLabel: String? = "x"
    ) throws -> Figure {
        guard !iterates.isEmpty else { throw PlotError.noData(series: name) }
        guard iterates.count <= PlotLimits.maximumPoints else {
            throw PlotError.tooManyPoints(series: name, count: iterates.count, limit: PlotLimits.maximumPoints)
        }
        var notes: [String] = []
        let finiteIterates = iterates.filter(isPlottable)
        let range: (lower: Double, upper: Double)
        if let lower, let upper {
            try validateRange(axis: "x", lower, upper)
            range = (lower, upper)
        } else {
            guard let lowest = finiteIterates.min(), let highest = finiteIterates.max() else {
                throw PlotError.noFiniteValues(series: name)
            }
            range = padded(lowest, highest, fraction: 0.1)
        }
        let (xs, ys) = try sample(function.evaluate, from: range.lower, to: range.upper)
        notes += gapNotes(name: function.name, ys: ys)
        var losses: [Double] = []
        for (index, x) in iterates.enumerated() {
            try checkInterrupt(index)
            losses.append(x.isFinite ? try function.evaluate(x) : .nan)
        }
        notes += outsideNotes(name: name, xs: iterates, ys: nil, xRange: range, yRange: nil)
        var visibleYs = ys
        for (x, loss) in zip(iterates, losses) where x >= range.lower && x <= range.upper {
            visibleYs.append(loss)
        }
        guard visibleYs.contains(where: \.isFinite) else { throw PlotError.noFiniteValues(series: function.name) }
        let yRange = robustRange(visibleYs, notes: &notes)
        return Figure(
            title: title,
            x: Axis(lower: range.lower, upper: range.upper, label: xLabel),
            y: Axis(lower: yRange.lower, upper: yRange.upper),
            layers: [
                .curve(Curve(name: function.name, xs: xs, ys: ys)),
                .path(Path(name: name, xs: iterates, ys: losses, connectsIterates: false)),
            ],
            notes: notes)
    }

    /// `plot g from [x0, y0] to [x1, y1]` and `plot s on g`: level curves of a
    /// two-parameter function, optionally with a run's path across them.
    /// Without ranges, the path chooses them (its extent plus a fifth each side).
    public static func contour(
        of function: RealFunction2, named functionName: String,
        xRange: (lower: Double, upper: Double)? = nil, yRange: (lower: Double, upper: Double)? = nil,
        path: (name: String, xs: [Double], ys: [Double])? = nil,
        levelCount: Int = 8, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil
    ) throws -> Figure {
        var notes: [String] = []
        if let path {
            guard path.xs.count == path.ys.count else {
                throw PlotError.lengthMismatch(first: "\(path.name) (x)", firstCount: path.xs.count, second: "\(path.name) (y)", secondCount: path.ys.count)
            }
            guard !path.xs.isEmpty else { throw PlotError.noData(series: path.name) }
            guard path.xs.count <= PlotLimits.maximumPoints else {
                throw PlotError.tooManyPoints(series: path.name, count: path.xs.count, limit: PlotLimits.maximumPoints)
            }
        }
        func rangeFromPath(_ values: [Double]?) throws -> (lower: Double, upper: Double) {
            let finite = (values ?? []).filter(isPlottable)
            guard let lowest = finite.min(), let highest = finite.max() else {
                throw PlotError.needsRange(function: functionName)
            }
            return padded(lowest, highest, fraction: 0.2)
        }
        let xBounds = try xRange ?? rangeFromPath(path?.xs)
        let yBounds = try yRange ?? rangeFromPath(path?.ys)
        try validateRange(axis: "x", xBounds.lower, xBounds.upper)
        try validateRange(axis: "y", yBounds.lower, yBounds.upper)

        let size = PlotLimits.contourGridSize
        let gridXs = (0..<size).map { xBounds.lower + (xBounds.upper - xBounds.lower) * Double($0) / Double(size - 1) }
        let gridYs = (0..<size).map { yBounds.lower + (yBounds.upper - yBounds.lower) * Double($0) / Double(size - 1) }
        var values: [Double] = []
        values.reserveCapacity(size * size)
        for y in gridYs {
            try checkInterrupt(0)
            for x in gridXs { values.append(try function(x, y)) }
        }
        let nonFinite = values.filter { !$0.isFinite }.count
        guard nonFinite < values.count else { throw PlotError.noFiniteValues(series: functionName) }
        if nonFinite > 0 {
            notes.append("\(functionName) is not finite at \(nonFinite) of \(values.count) grid points (gaps in the level curves)")
        }
        let levels = ContourLevels.choose(values: values, count: levelCount)
        if levels.isEmpty, let value = values.first(where: \.isFinite) {
            let constant = values.allSatisfy { !$0.isFinite || $0 == value }
            notes.append(
                constant
                    ? "\(functionName) is constant (\(formatNumber(value))) over the range: there are no level curves to draw"
                    : "\(functionName) spans more than the largest double over the range: no level curves could be chosen")
        }
        let lines = levels.map { MarchingSquares.levelLine(level: $0, xs: gridXs, ys: gridYs, values: values) }
        var layers: [Layer] = [.contour(ContourMap(name: functionName, lines: lines))]
        if let path {
            notes += outsideNotes(name: path.name, xs: path.xs, ys: path.ys, xRange: xBounds, yRange: yBounds)
            layers.append(.path(Path(name: path.name, xs: path.xs, ys: path.ys, connectsIterates: true)))
        }
        return Figure(
            title: title,
            x: Axis(lower: xBounds.lower, upper: xBounds.upper, label: xLabel),
            y: Axis(lower: yBounds.lower, upper: yBounds.upper, label: yLabel),
            layers: layers, notes: notes)
    }

    /// `plot D.x, D.y [, m]`: points of two equal-length columns, optionally
    /// with a one-variable function drawn across the x range. Pairs with a
    /// non-finite (missing) value are left out and reported.
    public static func scatter(
        xs: [Double], ys: [Double], xName: String, yName: String,
        overlay: (name: String, evaluate: RealFunction)? = nil, title: String? = nil
    ) throws -> Figure {
        guard xs.count == ys.count else {
            throw PlotError.lengthMismatch(first: xName, firstCount: xs.count, second: yName, secondCount: ys.count)
        }
        guard !xs.isEmpty else { throw PlotError.noData(series: xName) }
        guard xs.count <= PlotLimits.maximumPoints else {
            throw PlotError.tooManyPoints(series: xName, count: xs.count, limit: PlotLimits.maximumPoints)
        }
        var notes: [String] = []
        let pairs = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }
        guard !pairs.isEmpty else { throw PlotError.noFiniteValues(series: "\(yName) against \(xName)") }
        if pairs.count < xs.count {
            notes.append("\(xs.count - pairs.count) of \(xs.count) points have a missing or non-finite value and are not drawn")
        }
        let xRange = padded(pairs.map(\.0).min() ?? 0, pairs.map(\.0).max() ?? 1, fraction: 0.05)
        var yValues = pairs.map(\.1)
        var layers: [Layer] = [.scatter(Scatter(name: "\(yName) against \(xName)", xs: pairs.map(\.0), ys: pairs.map(\.1)))]
        if let overlay {
            let (lineXs, lineYs) = try sample(overlay.evaluate, from: xRange.lower, to: xRange.upper)
            notes += gapNotes(name: overlay.name, ys: lineYs)
            yValues += lineYs
            layers.append(.curve(Curve(name: overlay.name, xs: lineXs, ys: lineYs)))
        }
        let finiteYs = yValues.filter(\.isFinite)
        let yRange = padded(finiteYs.min() ?? 0, finiteYs.max() ?? 1, fraction: 0.05)
        return Figure(
            title: title,
            x: Axis(lower: xRange.lower, upper: xRange.upper, label: xName),
            y: Axis(lower: yRange.lower, upper: yRange.upper, label: yName),
            layers: layers, notes: notes)
    }
}

// MARK: - Helpers shared by the builders

/// Whether an iterate can help choose a range: a diverged run's last
/// iterates (1e200, inf) would make a range no plot can show, so they are
/// left outside it (and the note on iterates outside the range names them).
private func isPlottable(_ value: Double) -> Bool {
    value.isFinite && abs(value) < 1e100
}

private func validateRange(axis: String, _ lower: Double, _ upper: Double) throws {
    guard lower.isFinite else { throw PlotError.nonFiniteBound(axis: axis, value: lower) }
    guard upper.isFinite else { throw PlotError.nonFiniteBound(axis: axis, value: upper) }
    guard lower != upper else { throw PlotError.emptyRange(axis: axis, bound: lower) }
    guard lower < upper else { throw PlotError.reversedRange(axis: axis, from: lower, to: upper) }
    // A span that overflows to inf cannot be divided into ticks or samples.
    guard (upper - lower).isFinite else { throw PlotError.nonFiniteBound(axis: axis, value: upper - lower) }
}

/// Polls Ctrl-C every 64 evaluations: user functions may be slow.
private func checkInterrupt(_ index: Int) throws {
    if index % 64 == 0, Interrupt.isRequested { throw Interrupted() }
}

/// Samples f at `PlotLimits.functionSamples` evenly spaced points of [lower, upper],
/// the last exactly at `upper`.
private func sample(_ function: RealFunction, from lower: Double, to upper: Double) throws -> ([Double], [Double]) {
    let count = PlotLimits.functionSamples
    var xs: [Double] = [], ys: [Double] = []
    xs.reserveCapacity(count)
    ys.reserveCapacity(count)
    for index in 0..<count {
        try checkInterrupt(index)
        let x = index == count - 1 ? upper : lower + (upper - lower) * Double(index) / Double(count - 1)
        xs.append(x)
        ys.append(try function(x))
    }
    return (xs, ys)
}

private func gapNotes(name: String, ys: [Double]) -> [String] {
    let nonFinite = ys.filter { !$0.isFinite }.count
    guard nonFinite > 0, nonFinite < ys.count else { return [] }
    return ["\(name) is not finite at \(nonFinite) of \(ys.count) sample points (gaps in the curve)"]
}

/// [lowest, highest] widened by `fraction` of its width each side; a single
/// value gets a unit-sized (or 10%-of-magnitude) interval around it.
func padded(_ lowest: Double, _ highest: Double, fraction: Double = 0) -> (lower: Double, upper: Double) {
    let span = highest - lowest
    if span > 0, span.isFinite {
        return (lowest - span * fraction, highest + span * fraction)
    }
    let half = max(1, abs(lowest) * 0.1)
    return (lowest - half, lowest + half)
}

/// The y interval for sampled function values. A pole (1/x near 0, tan)
/// would squash everything else into one row, so when the extremes lie
/// more than ten times the 2%–98% spread beyond it, the axis is clipped
/// to that spread (widened by half of it) and a note says so.
private func robustRange(_ values: [Double], notes: inout [String]) -> (lower: Double, upper: Double) {
    let sorted = values.filter(\.isFinite).sorted()
    guard let lowest = sorted.first, let highest = sorted.last else { return (-1, 1) }
    let low = sorted[sorted.count * 2 / 100]
    let high = sorted[min(sorted.count - 1, sorted.count * 98 / 100)]
    let spread = high - low
    if spread > 0, highest - lowest > 10 * spread {
        let clipped = (max(lowest, low - spread / 2), min(highest, high + spread / 2))
        notes.append("y axis clipped to [\(formatNumber(clipped.0, significantDigits: 4)), \(formatNumber(clipped.1, significantDigits: 4))]; values reach [\(formatNumber(lowest, significantDigits: 4)), \(formatNumber(highest, significantDigits: 4))]")
        return clipped
    }
    return padded(lowest, highest)
}

/// A note naming the iterates that fall outside the plotted ranges.
private func outsideNotes(
    name: String, xs: [Double], ys: [Double]?,
    xRange: (lower: Double, upper: Double), yRange: (lower: Double, upper: Double)?
) -> [String] {
    var outside: [Int] = []
    for index in xs.indices {
        let x = xs[index]
        var inside = x.isFinite && x >= xRange.lower && x <= xRange.upper
        if let ys, let yRange {
            let y = ys[index]
            inside = inside && y.isFinite && y >= yRange.lower && y <= yRange.upper
        }
        if !inside { outside.append(index) }
    }
    guard !outside.isEmpty else { return [] }
    let shown = outside.prefix(5).map(String.init).joined(separator: ", ")
    let more = outside.count > 5 ? ", …" : ""
    let (noun, verb) = outside.count == 1 ? ("iterate", "lies") : ("iterates", "lie")
    return ["\(outside.count) of \(xs.count) iterates of \(name) \(verb) outside the plotted range and are not drawn (\(noun) \(shown)\(more))"]
}
