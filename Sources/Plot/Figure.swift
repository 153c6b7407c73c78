import Foundation

/// A plot described as data: axes and layers, independent of how it is drawn.
///
/// The module is layered as UnicodePlots.jl is:
///
/// 1. builders — `Figure.functions(…)`, `.lossCurves(…)`, `.path(…)`,
///    `.contour(…)`, `.scatter(…)` — sample closures, choose ranges and
///    levels, and collect notes (Figure+Builders.swift, Contour.swift);
/// 2. a canvas of character cells, each 2×4 braille dots or 3×3 ASCII dots,
///    with text laid over it (Canvas.swift);
/// 3. decorations — frame, ticks at round numbers (Ticks.swift), labels,
///    legend — laid out into lines of equal width (TextRenderer.swift), or
///    the same figure written as an SVG document (SVGRenderer.swift).
///
/// Nothing prints: `renderText(_:)` and `renderSVG(_:)` return a
/// `RenderedPlot` (the text and the notes to show beside it). The same
/// figure gives the same bytes every time.
public struct Figure: Sendable {
    public var title: String?
    public var x: Axis
    public var y: Axis
    /// Drawn in order; later layers are drawn over earlier ones.
    public var layers: [Layer]
    /// Things the reader should know that the picture does not say:
    /// gaps where a function is not finite, iterates outside the range, clipping.
    public var notes: [String]

    public init(title: String? = nil, x: Axis, y: Axis, layers: [Layer], notes: [String] = []) {
        self.title = title
        self.x = x
        self.y = y
        self.layers = layers
        self.notes = notes
    }
}

/// How data values map to positions along an axis.
public enum AxisScale: Sendable, Equatable {
    case linear
    /// Positions proportional to log10 of the value; the range must be positive.
    case logarithmic
}

public struct Axis: Sendable, Equatable {
    /// The data interval shown, lower bound first.
    public var lower: Double
    public var upper: Double
    public var scale: AxisScale
    public var label: String?

    public init(lower: Double, upper: Double, scale: AxisScale = .linear, label: String? = nil) {
        self.lower = lower
        self.upper = upper
        self.scale = scale
        self.label = label
    }

    /// Where `value` falls along the axis: 0 at `lower`, 1 at `upper`
    /// (outside [0, 1] for values outside the range; nan for values a log
    /// axis cannot show).
    public func fraction(of value: Double) -> Double {
        switch scale {
        case .linear:
            return (value - lower) / (upper - lower)
        case .logarithmic:
            guard value > 0 else { return .nan }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    public func contains(_ value: Double) -> Bool {
        value.isFinite && value >= lower && value <= upper
    }
}

/// One thing drawn in a figure.
public enum Layer: Sendable {
    case curve(Curve)
    case scatter(Scatter)
    case path(Path)
    case contour(ContourMap)
}

/// A line through sampled points; a non-finite y (or x) breaks the line.
public struct Curve: Sendable {
    public var name: String
    public var xs: [Double]
    public var ys: [Double]
    /// Mark each sample (loss curves with few points show their steps).
    public var marksPoints: Bool

    public init(name: String, xs: [Double], ys: [Double], marksPoints: Bool = false) {
        self.name = name
        self.xs = xs
        self.ys = ys
        self.marksPoints = marksPoints
    }

    /// The unbroken stretches of finite points, as index ranges.
    var finiteRuns: [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        let count = min(xs.count, ys.count)
        for index in 0..<count {
            let finite = xs[index].isFinite && ys[index].isFinite
            if finite, start == nil { start = index }
            if !finite, let first = start {
                runs.append(first..<index)
                start = nil
            }
        }
        if let first = start { runs.append(first..<count) }
        return runs
    }
}

/// Points drawn unconnected.
public struct Scatter: Sendable {
    public var name: String
    public var xs: [Double]
    public var ys: [Double]

    public init(name: String, xs: [Double], ys: [Double]) {
        self.name = name
        self.xs = xs
        self.ys = ys
    }
}

/// The iterates of an optimisation run, numbered 0, 1, 2, … in order.
/// For a one-parameter run, x is the parameter and y its loss; for two
/// parameters, x and y are the parameters (drawn over a contour map).
public struct Path: Sendable {
    public var name: String
    public var xs: [Double]
    public var ys: [Double]
    /// Join consecutive iterates with a line (two-parameter paths, where the
    /// route across the level curves is the point of the picture).
    public var connectsIterates: Bool

    public init(name: String, xs: [Double], ys: [Double], connectsIterates: Bool) {
        self.name = name
        self.xs = xs
        self.ys = ys
        self.connectsIterates = connectsIterates
    }
}

/// Level curves of a function of two variables.
public struct ContourMap: Sendable {
    public var name: String
    public var lines: [LevelLine]

    public init(name: String, lines: [LevelLine]) {
        self.name = name
        self.lines = lines
    }
}

/// All pieces of one level curve {(x, y) : g(x, y) = level}.
public struct LevelLine: Sendable, Equatable {
    public var level: Double
    /// Each piece is a polyline of (x, y) data points.
    public var pieces: [[PlotPoint]]

    public init(level: Double, pieces: [[PlotPoint]]) {
        self.level = level
        self.pieces = pieces
    }
}

public struct PlotPoint: Sendable, Equatable, Hashable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

extension Layer {
    /// Gives the layer the name its legend entry shows (`plot … legend "…"`).
    public mutating func rename(_ name: String) {
        switch self {
        case .curve(var c): c.name = name; self = .curve(c)
        case .scatter(var s): s.name = name; self = .scatter(s)
        case .path(var p): p.name = name; self = .path(p)
        case .contour(var m): m.name = name; self = .contour(m)
        }
    }
}

extension Figure {
    /// The smallest positive, finite y value any layer draws (where a log
    /// scale can start), nil when there is none.
    public var smallestPositiveY: Double? {
        var ys: [Double] = []
        for layer in layers {
            switch layer {
            case .curve(let c): ys += c.ys
            case .scatter(let s): ys += s.ys
            case .path(let p): ys += p.ys
            case .contour(let m): ys += m.lines.flatMap { $0.pieces.flatMap { $0.map(\.y) } }
            }
        }
        return ys.filter { $0 > 0 && $0.isFinite }.min()
    }
}
