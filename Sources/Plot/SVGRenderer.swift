import Core
import Foundation

/// Size of an SVG plot, in pixels (kept within 400…4000 × 250…4000; the
/// legend takes the rightmost 190 px).
public struct SVGOptions: Sendable, Equatable {
    public var width: Int
    public var height: Int

    public init(width: Int = 720, height: Int = 480) {
        self.width = width
        self.height = height
    }
}

extension Figure {
    /// The figure as a standalone SVG document (UTF-8 text): a title, a
    /// framed plot area with grid lines and `<text>` tick labels, curves as
    /// `<polyline>`s (a sampled function has 401 points), iterates as
    /// numbered circles, level curves coloured by level, and a legend that
    /// lists curves and contour levels. Never fails; notes as for `renderText`.
    public func renderSVG(_ options: SVGOptions = SVGOptions()) -> RenderedPlot {
        var renderer = SVGRenderer(figure: self, options: options)
        return renderer.render()
    }
}

/// About how wide a legend character is at 12 px (DejaVu Sans averages
/// under 7 px); a swatch and its gap take 28 px, the margins 24.
let svgLegendCharacterWidth = 7.0

extension Figure {
    /// Pixels right of an SVG's plot area for the legend. 190 px holds
    /// entries of 24 characters; longer names widen the legend, up to
    /// 40% of the drawing; past that an entry wraps onto more lines rather
    /// than being cut ("tips.tip against tips.total_bill" is read whole).
    func svgLegendWidth(drawingWidth: Double) -> Double {
        let longest = layers.map { layer -> Int in
            switch layer {
            case .curve(let c): return c.name.count
            case .scatter(let s): return s.name.count
            case .path(let p): return p.name.count + pathLegendSuffix.count
            case .contour(let m): return m.name.count + 12
            }
        }.max() ?? 0
        // Up to 24 characters have always fitted the usual 190 px (names are mostly narrow letters).
        guard longest > 24 else { return 190 }
        let needed = 52 + svgLegendCharacterWidth * Double(longest)
        return min(max(190, needed), max(190, (0.4 * drawingWidth).rounded()))
    }
}

/// What a path's legend entry says after its name.
private let pathLegendSuffix = ": iterates 0, 1, 2, …"

/// Colours for curves and paths (Tableau 10, the matplotlib default cycle).
private let seriesColours = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
]
/// Viridis at nine stops, for contour levels from lowest to highest.
private let levelColours = [
    "#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725",
]

private struct SVGRenderer {
    let figure: Figure
    let width: Double
    let height: Double
    let area: (left: Double, top: Double, right: Double, bottom: Double)
    var notes: [String]
    var body: [String] = []
    var legend: [(swatch: String, text: String)] = []
    var placedLabels: [(x: Double, y: Double, width: Double)] = []
    /// Pixels right of the plot area for the legend.
    let legendWidth: Double


    init(figure: Figure, options: SVGOptions) {
        self.figure = figure
        width = Double(min(4000, max(400, options.width)))
        height = Double(min(4000, max(250, options.height)))
        let top = figure.title == nil ? 20.0 : 44.0
        let bottom = height - 52
        // Room on the left for the widest y tick label (about 7 px a
        // character at 12 px) and the rotated axis label beside it.
        let yLabels = Ticks.ticks(for: figure.y, maximumCount: max(2, Int((bottom - top) / 45))).map(\.label.count)
        let left = max(60, 36 + 7 * Double(yLabels.max() ?? 0))
        legendWidth = figure.svgLegendWidth(drawingWidth: width)
        area = (left: left, top: top, right: width - legendWidth, bottom: bottom)
        notes = figure.notes
    }

    /// The y range is drawn a little inside the frame (as matplotlib does),
    /// so a curve's lowest and highest points do not merge with the frame;
    /// a contour map fills its frame, as its grid covers exactly the range.
    var yInset: Double {
        figure.layers.contains { if case .contour = $0 { return true } else { return false } } ? 0 : 0.04 * (area.bottom - area.top)
    }

    func px(_ x: Double, _ y: Double) -> (x: Double, y: Double)? {
        let fx = figure.x.fraction(of: x), fy = figure.y.fraction(of: y)
        guard fx.isFinite, fy.isFinite else { return nil }
        let inset = yInset
        return (area.left + fx * (area.right - area.left), area.bottom - inset - fy * (area.bottom - area.top - 2 * inset))
    }

    func inside(_ x: Double, _ y: Double) -> Bool { figure.x.contains(x) && figure.y.contains(y) }

    mutating func render() -> RenderedPlot {
        // Curves and point sets take colours in turn; paths are always red
        // (a path shares its figure with one curve, which is blue).
        var seriesIndex = 0
        func nextColour() -> String {
            defer { seriesIndex += 1 }
            return seriesColours[seriesIndex % seriesColours.count]
        }
        for layer in figure.layers {
            switch layer {
            case .contour(let map): drawContour(map)
            case .curve(let curve): drawCurve(curve, colour: nextColour())
            case .scatter(let scatter): drawScatter(scatter, colour: nextColour())
            case .path(let path): drawPath(path, colour: "#d62728")
            }
        }
        // Level values go on the map last, where they leave the iterate
        // numbers (placed with the path) readable.
        for layer in figure.layers {
            if case .contour(let map) = layer { labelLevels(map) }
        }
        return RenderedPlot(text: document(), notes: notes)
    }

    // MARK: Layers

    /// Splits a sampled line at non-finite points and at the plot area's
    /// edge (segments are clipped, so far-off points never reach the file).
    /// A point within half a pixel of the last one written is left out (a
    /// million-step loss curve would otherwise write a million points); the
    /// last point of each piece is always kept.
    func polylines(xs: [Double], ys: [Double]) -> [[(x: Double, y: Double)]] {
        var result: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        var pending: (x: Double, y: Double)?
        var lastEnd: (x: Double, y: Double)?
        var previous: (x: Double, y: Double)?
        func flush() {
            if let end = pending { current.append(end) }
            if current.count >= 2 { result.append(current) }
            current = []
            pending = nil
            lastEnd = nil
        }
        for (x, y) in zip(xs, ys) {
            guard x.isFinite, y.isFinite, let point = px(x, y) else {
                flush()
                previous = nil
                continue
            }
            defer { previous = point }
            guard let start = previous else { continue }
            guard let (a, b) = clipSegment(start, point, to: area) else {
                flush()
                continue
            }
            if let end = lastEnd, abs(end.x - a.x) < 1e-9, abs(end.y - a.y) < 1e-9, let written = current.last {
                if abs(written.x - b.x) < 0.5, abs(written.y - b.y) < 0.5 {
                    pending = b
                } else {
                    current.append(b)
                    pending = nil
                }
            } else {
                flush()
                current = [a, b]
            }
            lastEnd = b
        }
        flush()
        return result
    }

    mutating func drawCurve(_ curve: Curve, colour: String) {
        for line in polylines(xs: curve.xs, ys: curve.ys) {
            body.append("<polyline class=\"curve\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(pointList(line))\"/>")
        }
        if curve.marksPoints {
            for (x, y) in zip(curve.xs, curve.ys) where inside(x, y) {
                guard let p = px(x, y) else { continue }
                body.append("<circle class=\"sample\" cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"2.5\" fill=\"\(colour)\"/>")
            }
        }
        legend.append(("<line x1=\"0\" y1=\"0\" x2=\"22\" y2=\"0\" stroke=\"\(colour)\" stroke-width=\"2\"/>", curve.name))
    }

    mutating func drawScatter(_ scatter: Scatter, colour: String) {
        var outside = 0
        // One circle per pixel: more would not show, and would make a file
        // of a hundred megabytes from a million points.
        var drawn = Set<Int>()
        for (x, y) in zip(scatter.xs, scatter.ys) {
            guard inside(x, y), let p = px(x, y) else {
                outside += 1
                continue
            }
            guard drawn.insert(pixelKey(p, size: 1)).inserted else { continue }
            body.append("<circle class=\"point\" cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"3\" fill=\"\(colour)\" fill-opacity=\"0.6\"/>")
        }
        if outside > 0 {
            notes.append("\(outside) of \(scatter.xs.count) points lie outside the plotted range and are not drawn")
        }
        legend.append(("<circle cx=\"11\" cy=\"0\" r=\"3\" fill=\"\(colour)\" fill-opacity=\"0.6\"/>", scatter.name))
    }

    mutating func drawContour(_ map: ContourMap) {
        let count = map.lines.count
        for (index, line) in map.lines.enumerated() {
            let stop = count <= 1 ? 0 : index * (levelColours.count - 1) / (count - 1)
            let colour = levelColours[stop]
            for piece in line.pieces {
                for polyline in polylines(xs: piece.map(\.x), ys: piece.map(\.y)) {
                    body.append("<polyline class=\"level\" data-level=\"\(escape(formatNumber(line.level)))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.2\" points=\"\(pointList(polyline))\"/>")
                }
            }
            legend.append(("<line x1=\"0\" y1=\"0\" x2=\"22\" y2=\"0\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>", "\(map.name) = \(formatNumber(line.level))"))
        }
    }

    /// Writes each level's value on its curve (as matplotlib's clabel does),
    /// at the first point from the middle of its longest piece outwards
    /// where the text clears the frame and every label already placed.
    mutating func labelLevels(_ map: ContourMap) {
        var labels: [String] = []
        for line in map.lines {
            let text = formatNumber(line.level)
            let textWidth = 6.5 * Double(text.count)
            let pieces = line.pieces.sorted { $0.count > $1.count }
            var placed = false
            for piece in pieces where !placed {
                let middle = piece.count / 2
                let step = max(1, piece.count / 16)
                for k in 0...(piece.count / step) where !placed {
                    for offset in [middle + k * step, middle - k * step] where offset >= 0 && offset < piece.count && !placed {
                        let point = piece[offset]
                        guard inside(point.x, point.y), let p = px(point.x, point.y) else { continue }
                        let (labelX, labelY) = (p.x - textWidth / 2, p.y + 4)
                        guard canPlaceLabel(x: labelX, y: labelY, width: textWidth) else { continue }
                        placedLabels.append((labelX, labelY, textWidth))
                        labels.append("<text class=\"level-label\" x=\"\(f(labelX))\" y=\"\(f(labelY))\" font-size=\"10\" fill=\"#333\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(escape(text))</text>")
                        placed = true
                    }
                }
            }
        }
        body += labels
    }

    /// Iterates as circles joined in order by a dashed line, numbered in
    /// order until the first whose number would cover an earlier one (the
    /// numbers shown are always 0, 1, …, k without gaps). A long run's
    /// markers are thinned to one per 9-pixel square (the first and last
    /// always drawn), or thousands of circles would hide the route.
    mutating func drawPath(_ path: Path, colour: String) {
        for line in polylines(xs: path.xs, ys: path.ys) {
            body.append("<polyline class=\"path\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\" points=\"\(pointList(line))\"/>")
        }
        let count = path.xs.count
        let considered = Array(0..<min(count, 10_000)) + (count > 10_000 ? [count - 1] : [])
        var markers: [String] = [], labels: [String] = []
        var occupied = Set<Int>()
        var numbering = true
        for index in considered {
            let (x, y) = (path.xs[index], path.ys[index])
            guard inside(x, y), let p = px(x, y) else { continue }
            let square = pixelKey(p, size: 9)
            let isLast = index == count - 1
            if occupied.contains(square), index != 0, !isLast {
                numbering = false
                continue
            }
            occupied.insert(square)
            markers.append("<circle class=\"iterate\" data-index=\"\(index)\" cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"4\" fill=\"white\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>")
            guard numbering || isLast else { continue }
            let text = String(index)
            let textWidth = 6.5 * Double(text.count)
            let places = [(p.x + 5, p.y - 6), (p.x + 5, p.y + 14), (p.x - 5 - textWidth, p.y - 6), (p.x - 5 - textWidth, p.y + 14)]
            var placed = false
            for (labelX, labelY) in places where canPlaceLabel(x: labelX, y: labelY, width: textWidth) {
                placedLabels.append((labelX, labelY, textWidth))
                labels.append("<text class=\"iterate-number\" x=\"\(f(labelX))\" y=\"\(f(labelY))\" font-size=\"11\" fill=\"\(colour)\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(text)</text>")
                placed = true
                break
            }
            numbering = numbering && placed
        }
        body += markers + labels
        legend.append(("<circle cx=\"11\" cy=\"0\" r=\"4\" fill=\"white\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>", path.name + pathLegendSuffix))
    }

    /// A label fits when it stays inside the plot area and clears every
    /// label already placed (boxes 11 px tall, 2 px apart).
    func canPlaceLabel(x: Double, y: Double, width: Double) -> Bool {
        guard x >= area.left + 1, x + width <= area.right - 1, y - 10 >= area.top + 1, y <= area.bottom - 1 else { return false }
        return placedLabels.allSatisfy { other in
            x + width + 2 <= other.x || other.x + other.width + 2 <= x || y + 2 <= other.y - 11 || other.y + 2 <= y - 11
        }
    }

    // MARK: Document

    func document() -> String {
        let (left, top, right, bottom) = area
        var lines: [String] = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">",
        ]
        if let title = figure.title { lines.append("<title>\(escape(title))</title>") }
        lines.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        lines.append("<defs><clipPath id=\"plot-area\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(bottom - top))\"/></clipPath></defs>")
        // Grid and ticks.
        var grid: [String] = [], tickMarks: [String] = [], tickLabels: [String] = []
        let xCount = max(2, Int((right - left) / 55))
        for tick in Ticks.ticks(for: figure.x, maximumCount: xCount) {
            let fraction = figure.x.fraction(of: tick.value)
            guard fraction.isFinite else { continue }
            let x = left + fraction * (right - left)
            grid.append("<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\"/>")
            tickMarks.append("<line x1=\"\(f(x))\" y1=\"\(f(bottom))\" x2=\"\(f(x))\" y2=\"\(f(bottom + 5))\"/>")
            tickLabels.append("<text class=\"tick-label\" x=\"\(f(x))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\">\(escape(tick.label))</text>")
        }
        let yCount = max(2, Int((bottom - top) / 45))
        for tick in Ticks.ticks(for: figure.y, maximumCount: yCount) {
            let fraction = figure.y.fraction(of: tick.value)
            guard fraction.isFinite else { continue }
            let y = bottom - yInset - fraction * (bottom - top - 2 * yInset)
            grid.append("<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(right))\" y2=\"\(f(y))\"/>")
            tickMarks.append("<line x1=\"\(f(left - 5))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\"/>")
            tickLabels.append("<text class=\"tick-label\" x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(escape(tick.label))</text>")
        }
        lines.append("<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">")
        lines += grid
        lines.append("</g>")
        lines.append("<g class=\"layers\" clip-path=\"url(#plot-area)\">")
        lines += body
        lines.append("</g>")
        lines.append("<g class=\"axes\" stroke=\"black\" stroke-width=\"1\">")
        lines.append("<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(bottom - top))\" fill=\"none\"/>")
        lines += tickMarks
        lines.append("</g>")
        lines.append("<g class=\"tick-labels\" fill=\"black\">")
        lines += tickLabels
        lines.append("</g>")
        if let title = figure.title {
            lines.append("<text class=\"title\" x=\"\(f((left + right) / 2))\" y=\"26\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escape(title))</text>")
        }
        if let label = figure.x.label {
            lines.append("<text class=\"axis-label\" x=\"\(f((left + right) / 2))\" y=\"\(f(bottom + 40))\" text-anchor=\"middle\">\(escape(label))</text>")
        }
        if let label = figure.y.label {
            let centre = (top + bottom) / 2
            lines.append("<text class=\"axis-label\" x=\"18\" y=\"\(f(centre))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(f(centre)))\">\(escape(label))</text>")
        }
        if figure.y.scale == .logarithmic {
            lines.append("<text class=\"scale-note\" x=\"\(f(left))\" y=\"\(f(top - 6))\" font-size=\"10\" fill=\"#555\">log scale</text>")
        }
        lines.append("<g class=\"legend\" transform=\"translate(\(f(right + 16)) \(f(top + 8)))\">")
        // At most as many entries as fit down the plot area; the rest are counted.
        let available = bottom - top - 8
        let charactersPerLine = max(24, Int((legendWidth - 52) / svgLegendCharacterWidth))
        var y = 0.0, shown = 0
        for entry in legend {
            let wrapped = wrapLegend(entry.text, width: charactersPerLine)
            let entryHeight = 18 + 14 * Double(wrapped.count - 1)
            guard y + entryHeight <= available || shown == 0 else { break }
            let text = wrapped.enumerated().map { index, line in
                index == 0 ? escape(line) : "<tspan x=\"28\" dy=\"14\">\(escape(line))</tspan>"
            }.joined()
            lines.append("<g transform=\"translate(0 \(f(y)))\">\(entry.swatch)<text x=\"28\" y=\"4\">\(text)</text></g>")
            y += entryHeight
            shown += 1
        }
        if legend.count > shown {
            lines.append("<text x=\"0\" y=\"\(f(y + 4))\">… and \(legend.count - shown) more</text>")
        }
        lines.append("</g>")
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A legend entry in lines of at most `width` characters, broken after
    /// spaces where it can be, else inside a long word.
    func wrapLegend(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if candidate.count <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            var rest = word
            while rest.count > width {
                lines.append(String(rest.prefix(width)))
                rest = String(rest.dropFirst(width))
            }
            current = rest
        }
        lines.append(current)
        return lines
    }
}

/// The square of side `size` pixels holding a point inside the drawing,
/// as one number (the drawing is at most 4000 px on a side).
private func pixelKey(_ point: (x: Double, y: Double), size: Double) -> Int {
    Int(point.x / size) * 10_000 + Int(point.y / size)
}

/// Pixel coordinates with two decimals: enough for any screen, and stable text.
/// (Integer arithmetic rather than String(format:), which took most of the
/// time of writing a contour map: 20 ms → 4 ms.)
private func f(_ value: Double) -> String {
    // Coordinates are clipped to the drawing, so this range is never exceeded in practice.
    guard value.isFinite, abs(value) < 1e12 else { return "0" }
    let hundredths = Int((value * 100).rounded())
    let magnitude = abs(hundredths)
    let fraction = magnitude % 100
    let sign = hundredths < 0 ? "-" : ""
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

private func pointList(_ points: [(x: Double, y: Double)]) -> String {
    points.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")
}

/// Text made safe for XML character data and attribute values.
func escape(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        default:
            // Control characters other than tab and newline are not allowed in XML 1.0.
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                scalar.value < 0x20, scalar != "\t", scalar != "\n"
            {
                result += " "
            } else {
                result.append(character)
            }
        }
    }
    return result
}

/// Liang–Barsky clipping of the segment p–q to a rectangle; nil when no part is inside.
func clipSegment(
    _ p: (x: Double, y: Double), _ q: (x: Double, y: Double),
    to box: (left: Double, top: Double, right: Double, bottom: Double)
) -> ((x: Double, y: Double), (x: Double, y: Double))? {
    guard p.x.isFinite, p.y.isFinite, q.x.isFinite, q.y.isFinite else { return nil }
    if (p.x < box.left && q.x < box.left) || (p.x > box.right && q.x > box.right)
        || (p.y < box.top && q.y < box.top) || (p.y > box.bottom && q.y > box.bottom)
    {
        return nil
    }
    let dx = q.x - p.x, dy = q.y - p.y
    guard dx.isFinite, dy.isFinite else { return nil }
    var t0 = 0.0, t1 = 1.0
    for (denominator, numerator) in [(-dx, p.x - box.left), (dx, box.right - p.x), (-dy, p.y - box.top), (dy, box.bottom - p.y)] {
        if denominator == 0 {
            if numerator < 0 { return nil }
            continue
        }
        let t = numerator / denominator
        if denominator < 0 {
            if t > t1 { return nil }
            t0 = max(t0, t)
        } else {
            if t < t0 { return nil }
            t1 = min(t1, t)
        }
    }
    return ((p.x + t0 * dx, p.y + t0 * dy), (p.x + t1 * dx, p.y + t1 * dy))
}
