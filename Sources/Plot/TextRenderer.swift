import Core

/// Size and character set of a terminal plot.
public struct TextOptions: Sendable, Equatable {
    public var style: TextStyle
    /// Character cells across the plot area (inside the frame).
    public var plotWidth: Int
    /// Character cells down the plot area.
    public var plotHeight: Int
    /// When set (a session sets it to the terminal's width), the plot area
    /// narrows so that no line of the plot is wider than this.
    public var maximumLineWidth: Int?
    /// Colour curves, points, paths and level curves with ANSI codes (the
    /// last layer drawn in a cell colours it). Off by default: a session
    /// turns it on for a terminal when NO_COLOR is not set. Colour codes take
    /// no columns, so lines stay the same display width.
    public var colour: Bool

    /// The fixed size scripts use, so golden outputs are stable: a plot area
    /// of 60 × 15 cells (120 × 60 braille dots), about 70 columns in all.
    public static let scriptDefault = TextOptions(style: .braille, plotWidth: 60, plotHeight: 15)

    public init(style: TextStyle = .braille, plotWidth: Int = 60, plotHeight: Int = 15, maximumLineWidth: Int? = nil, colour: Bool = false) {
        self.style = style
        self.plotWidth = plotWidth
        self.plotHeight = plotHeight
        self.maximumLineWidth = maximumLineWidth
        self.colour = colour
    }

    /// A session's plot: as wide as the terminal allows (at most 160 cells of
    /// plot area), the script default height.
    public static func terminal(columns: Int, style: TextStyle = .braille, colour: Bool = false) -> TextOptions {
        TextOptions(style: style, plotWidth: 160, plotHeight: 15, maximumLineWidth: max(20, columns - 1), colour: colour)
    }
}

/// A drawn plot: the drawing (every line the same width, lines joined by
/// "\n", no trailing newline) and notes to show beside it.
public struct RenderedPlot: Sendable, Equatable {
    public var text: String
    public var notes: [String]
}

extension Figure {
    /// Draws the figure for a terminal. Never fails: what cannot be drawn
    /// (points off the axes, non-finite values) is left out and the notes say so.
    public func renderText(_ options: TextOptions = .scriptDefault) -> RenderedPlot {
        var renderer = TextRenderer(figure: self, options: options)
        return renderer.render()
    }
}

/// The tag of the index-th level curve: a, b, c, … (`ContourLevels` gives at
/// most 20 levels; past z, tags would go on z1, z2, …).
func levelTag(_ index: Int) -> String {
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    return index < letters.count ? String(letters[index]) : "z\(index - letters.count + 1)"
}

/// Legend keys for several curves: stamped along each curve so that curves
/// can be told apart without colour.
let curveKeys: [Character] = ["*", "#", "@", "%", "&", "$"]

/// ANSI foreground colours: curves and point sets in turn (blue, yellow,
/// green, magenta, cyan), paths red, level curves from blue to yellow.
private let seriesColourCodes: [UInt8] = [34, 33, 32, 35, 36]
private let pathColourCode: UInt8 = 31
private let levelColourCodes: [UInt8] = [34, 36, 32, 33]

private func levelColourCode(_ index: Int, of count: Int) -> UInt8 {
    count <= 1 ? levelColourCodes[0] : levelColourCodes[index * (levelColourCodes.count - 1) / (count - 1)]
}

private struct TextRenderer {
    let figure: Figure
    let style: TextStyle
    let height: Int
    let coloured: Bool
    var width: Int
    var notes: [String]
    var canvas: DotCanvas

    init(figure: Figure, options: TextOptions) {
        self.figure = figure
        style = options.style
        height = min(200, max(4, options.plotHeight))
        coloured = options.colour
        width = min(500, max(10, options.plotWidth))
        notes = figure.notes
        canvas = DotCanvas(style: options.style, columns: 1, rows: 1)
        yTicks = []
        margin = 0
        if let limit = options.maximumLineWidth {
            // Frame: two border columns besides the y labels' margin.
            computeYTicks()
            width = min(width, max(10, limit - margin - 2))
        }
        computeYTicks()
        canvas = DotCanvas(style: style, columns: width, rows: height)
    }

    var yTicks: [(row: Int, label: String)]
    var margin: Int

    // MARK: Coordinates

    /// Data → dot coordinates (fractional); nil where the axis cannot place it.
    /// Dot centres span the canvas: the range's ends fall on the outermost dots.
    func dot(_ x: Double, _ y: Double) -> (x: Double, y: Double)? {
        let fx = figure.x.fraction(of: x), fy = figure.y.fraction(of: y)
        guard fx.isFinite, fy.isFinite else { return nil }
        return (fx * Double(canvas.dotWidth - 1) + 0.5, (1 - fy) * Double(canvas.dotHeight - 1) + 0.5)
    }

    /// Data → the character cell holding it, nil when outside the axes.
    func cell(_ x: Double, _ y: Double) -> (column: Int, row: Int)? {
        guard figure.x.contains(x), figure.y.contains(y), let point = dot(x, y) else { return nil }
        let column = min(width - 1, max(0, Int(point.x) / canvas.dotsAcross))
        let row = min(height - 1, max(0, Int(point.y) / canvas.dotsDown))
        return (column, row)
    }

    mutating func computeYTicks() {
        let ticks = Ticks.ticks(for: figure.y, maximumCount: max(2, height / 3 + 1))
        var rows: [(Int, String)] = []
        // The same mapping as `dot`, before the canvas exists (its width
        // depends on the margin these labels need).
        let dotsDown = style.dotsPerCell.down
        for tick in ticks {
            let fraction = figure.y.fraction(of: tick.value)
            guard fraction.isFinite else { continue }
            let dotY = (1 - fraction) * Double(height * dotsDown - 1) + 0.5
            let row = min(height - 1, max(0, Int(dotY) / dotsDown))
            if rows.contains(where: { $0.0 == row }) { continue }
            rows.append((row, tick.label))
        }
        yTicks = rows
        margin = (rows.map(\.1.count).max() ?? 0) + 1
    }

    /// x ticks whose labels, centred under their columns but kept within
    /// the frame's width, leave at least two spaces between neighbours.
    /// `start` is the label's first column in the whole line.
    func xTicks() -> [(column: Int, label: String, start: Int)] {
        let lineWidth = margin + width + 2
        var count = max(2, width / 5)
        while count >= 2 {
            var placed: [(column: Int, label: String, start: Int)] = []
            for tick in Ticks.ticks(for: figure.x, maximumCount: count) {
                let fraction = figure.x.fraction(of: tick.value)
                guard fraction.isFinite else { continue }
                let column = min(width - 1, max(0, Int(fraction * Double(canvas.dotWidth - 1) + 0.5) / canvas.dotsAcross))
                let centred = margin + 1 + column - tick.label.count / 2
                let start = max(0, min(centred, lineWidth - tick.label.count))
                placed.append((column, tick.label, start))
            }
            let fits = zip(placed, placed.dropFirst()).allSatisfy { left, right in
                right.start - (left.start + left.label.count) >= 2
            }
            if fits { return placed }
            count -= 1
        }
        return []
    }

    // MARK: Drawing

    mutating func render() -> RenderedPlot {
        var legend: [String] = []
        let curveCount = figure.layers.filter { if case .curve = $0 { return true } else { return false } }.count
        var curveIndex = 0
        // Curves and point sets take colours in turn, as in the SVG.
        var seriesIndex = 0
        let pens: [UInt8] = figure.layers.map { layer in
            switch layer {
            case .curve, .scatter:
                defer { seriesIndex += 1 }
                return seriesColourCodes[seriesIndex % seriesColourCodes.count]
            case .path: return pathColourCode
            case .contour: return 0
            }
        }
        // Lines and dots first, then text (which covers dots) in order of
        // importance: iterate numbers, curve keys, level labels.
        for (layer, pen) in zip(figure.layers, pens) {
            canvas.pen = pen
            switch layer {
            case .contour(let map): drawContourLines(map)
            case .curve(let curve): drawCurve(curve)
            case .scatter(let scatter): drawScatter(scatter)
            case .path(let path): drawPathLines(path)
            }
        }
        for (layer, pen) in zip(figure.layers, pens) {
            canvas.pen = pen
            if case .path(let path) = layer { numberIterates(path) }
        }
        for (layer, pen) in zip(figure.layers, pens) {
            canvas.pen = pen
            switch layer {
            case .curve(let curve):
                if curveCount > 1 {
                    let key = curveKeys[curveIndex % curveKeys.count]
                    stampKey(key, on: curve, index: curveIndex, of: curveCount)
                    legend.append("\(key) \(curve.name)")
                } else {
                    legend.append((style == .braille ? "⠤⠤" : "--") + " \(curve.name)")
                }
                curveIndex += 1
            case .scatter(let scatter):
                legend.append((style == .braille ? "⠛" : "o") + " \(scatter.name)")
            case .path(let path):
                legend.append("\(path.name): iterates 0 1 2" + ellipsis)
            case .contour(let map):
                labelLevels(map)
                let levels = map.lines.enumerated().map { "\(levelTag($0.offset))=\(formatNumber($0.element.level))" }
                    .joined(separator: " ")
                legend.append("levels of \(map.name): " + (levels.isEmpty ? "none (constant)" : levels))
            }
        }
        return RenderedPlot(text: assemble(legend: legend), notes: notes)
    }

    var ellipsis: String { style == .braille ? "…" : "..." }

    mutating func drawPolyline(xs: [Double], ys: [Double]) {
        var previous: (x: Double, y: Double)?
        for (x, y) in zip(xs, ys) {
            guard x.isFinite, y.isFinite, let point = dot(x, y) else {
                previous = nil
                continue
            }
            if let start = previous {
                canvas.drawLine(from: start, to: point)
            } else {
                canvas.drawLine(from: point, to: point)
            }
            previous = point
        }
    }

    mutating func drawCurve(_ curve: Curve) {
        drawPolyline(xs: curve.xs, ys: curve.ys)
    }

    mutating func drawScatter(_ scatter: Scatter) {
        for (x, y) in zip(scatter.xs, scatter.ys) {
            switch style {
            case .braille:
                // A 2×2 block of dots (⠛ when it fills a cell's top half): a
                // lone dot is too faint to find at a glance.
                if figure.x.contains(x), figure.y.contains(y), let point = dot(x, y) {
                    let (left, top) = (min(Int(point.x), canvas.dotWidth - 2), min(Int(point.y), canvas.dotHeight - 2))
                    for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] { canvas.setDot(x: left + dx, y: top + dy) }
                }
            case .ascii:
                // A lone dot in a 3×3 cell reads as stray punctuation; a
                // letter o reads as a point.
                if let place = cell(x, y), !canvas.hasText(column: place.column, row: place.row) {
                    canvas.placeText("o", column: place.column, row: place.row)
                }
            }
        }
        let outside = zip(scatter.xs, scatter.ys).filter { !figure.x.contains($0.0) || !figure.y.contains($0.1) }.count
        if outside > 0 {
            notes.append("\(outside) of \(scatter.xs.count) points lie outside the plotted range and are not drawn")
        }
    }

    mutating func drawContourLines(_ map: ContourMap) {
        for (index, line) in map.lines.enumerated() {
            canvas.pen = levelColourCode(index, of: map.lines.count)
            for piece in line.pieces {
                drawPolyline(xs: piece.map(\.x), ys: piece.map(\.y))
            }
        }
    }

    /// A two-parameter path's route: a trail of marks through the cells
    /// between consecutive iterates, over the level curves.
    mutating func drawPathLines(_ path: Path) {
        guard path.connectsIterates else { return }
        let mark: Character = style == .braille ? "·" : ":"
        var previous: (x: Double, y: Double)?
        for (x, y) in zip(path.xs, path.ys) {
            guard let point = dot(x, y) else {
                previous = nil
                continue
            }
            if let start = previous { canvas.drawTrail(from: start, to: point, mark: mark) }
            previous = point
        }
    }

    /// Writes each iterate's number at (or beside) its cell, with a blank
    /// between labels. Numbers stay consecutive: from the first iterate
    /// whose neighbourhood is full (a run settling into a minimum), the
    /// rest go unnumbered, so "0 1 2 3" never skips to "11"; only the last
    /// iterate gets its number again, where it fits, to show where the run
    /// ended. Unnumbered iterates of a one-parameter path are marked `o`
    /// (two clusters of them show a run bouncing); a two-parameter path's
    /// trail already shows its route.
    mutating func numberIterates(_ path: Path) {
        let count = path.xs.count
        // Past 10 000 iterates every cell near the route is long taken.
        let labelled = Array(0..<min(count, 10_000)) + (count > 10_000 ? [count - 1] : [])
        var numbering = true
        for index in labelled {
            guard let place = cell(path.xs[index], path.ys[index]) else { continue }
            let isLast = index == count - 1
            var placed = false
            if numbering || isLast {
                let label = String(index)
                let candidates = [
                    (place.column, place.row), (place.column, place.row - 1), (place.column, place.row + 1),
                    (place.column + 1, place.row), (place.column - label.count, place.row),
                ]
                for (column, row) in candidates where canvas.placeText(label, column: column, row: row, spaced: true) {
                    placed = true
                    break
                }
                numbering = numbering && placed
            }
            if !placed, !path.connectsIterates, !canvas.hasText(column: place.column, row: place.row) {
                canvas.placeText("o", column: place.column, row: place.row)
            }
        }
    }

    /// Stamps a curve's legend key along it every sixth of the width,
    /// staggered between curves so that keys do not pile up where curves meet.
    mutating func stampKey(_ key: Character, on curve: Curve, index: Int, of count: Int) {
        let spacing = max(4, width / 6)
        var nextColumn = (spacing * (2 * index + 1)) / (2 * count)
        for (x, y) in zip(curve.xs, curve.ys) {
            guard let place = cell(x, y), place.column >= nextColumn else { continue }
            if canvas.placeText(String(key), column: place.column, row: place.row) {
                nextColumn = place.column + spacing
            }
        }
    }

    /// Level curves are tagged a, b, c, … (the legend gives their values;
    /// numbers on the map would be mistaken for iterate numbers). Each tag
    /// goes where it fits with a blank either side, trying points spread
    /// along the longest pieces first.
    mutating func labelLevels(_ map: ContourMap) {
        for (levelIndex, line) in map.lines.enumerated() {
            canvas.pen = levelColourCode(levelIndex, of: map.lines.count)
            let label = levelTag(levelIndex)
            let pieces = line.pieces.sorted { $0.count > $1.count }
            var done = false
            for piece in pieces where !done && piece.count >= 2 {
                // From the middle of the piece outwards: an open piece starts
                // and ends on the frame, where tags would line up in a row.
                let step = max(1, piece.count / 12)
                let middle = piece.count / 2
                var offsets: [Int] = []
                for k in 0...(piece.count / step) {
                    offsets.append(middle + k * step)
                    if k > 0 { offsets.append(middle - k * step) }
                }
                offsets.removeAll { $0 < 0 || $0 >= piece.count }
                for offset in offsets {
                    guard let place = cell(piece[offset].x, piece[offset].y) else { continue }
                    if canvas.placeText(label, column: place.column, row: place.row, spaced: true) {
                        done = true
                        break
                    }
                }
            }
        }
    }

    // MARK: Layout

    func assemble(legend: [String]) -> String {
        let braille = style == .braille
        let (topLeft, topRight, bottomLeft, bottomRight) = braille ? ("┌", "┐", "└", "┘") : ("+", "+", "+", "+")
        let (horizontal, vertical, leftTick, bottomTick) = braille ? ("─", "│", "┤", "┬") : ("-", "|", "+", "+")
        let pad = String(repeating: " ", count: margin)
        let frameWidth = margin + width + 2
        var lines: [String] = []
        if let title = figure.title {
            lines.append(centered(truncated(title, to: frameWidth), in: frameWidth))
        }
        let scaleNote = figure.y.scale == .logarithmic ? "log scale" : nil
        if let label = [figure.y.label, scaleNote.map { "(\($0))" }].compactMap({ $0 }).joined(separator: " ").nonEmpty {
            lines.append(truncated(label, to: frameWidth))
        }
        lines.append(pad + topLeft + String(repeating: horizontal, count: width) + topRight)
        for row in 0..<height {
            let tick = yTicks.first { $0.row == row }
            let label = tick.map { String(repeating: " ", count: margin - 1 - $0.label.count) + $0.label + " " } ?? pad
            lines.append(label + (tick == nil ? vertical : leftTick) + canvas.line(row, coloured: coloured) + vertical)
        }
        let ticks = xTicks()
        var bottom = Array(repeating: horizontal, count: width)
        for tick in ticks { bottom[tick.column] = bottomTick }
        lines.append(pad + bottomLeft + bottom.joined() + bottomRight)
        var tickLine = Array(repeating: Character(" "), count: frameWidth)
        for tick in ticks {
            for (offset, character) in tick.label.enumerated() where tick.start + offset < tickLine.count {
                tickLine[tick.start + offset] = character
            }
        }
        lines.append(String(tickLine))
        if let label = figure.x.label {
            lines.append(String(repeating: " ", count: margin + 1) + centered(truncated(label, to: width), in: width))
        }
        lines += wrap(legend, width: frameWidth)
        // Pad to the widest line, counting display columns (a wide character
        // in a user's name takes two), so every line has the same width.
        let widest = lines.map(displayWidth).max() ?? 0
        return lines.map { $0 + String(repeating: " ", count: widest - displayWidth($0)) }.joined(separator: "\n")
    }

    func truncated(_ text: String, to limit: Int) -> String {
        guard displayWidth(text) > limit else { return text }
        let mark = ellipsis
        return prefix(text, fittingWidth: max(0, limit - mark.count)) + mark
    }

    func centered(_ text: String, in width: Int) -> String {
        String(repeating: " ", count: max(0, (width - displayWidth(text)) / 2)) + text
    }

    /// Legend entries on as few lines as fit, three spaces between entries.
    func wrap(_ entries: [String], width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for entry in entries.map({ truncated($0, to: width) }) {
            if current.isEmpty {
                current = entry
            } else if displayWidth(current) + 3 + displayWidth(entry) <= width {
                current += "   " + entry
            } else {
                lines.append(current)
                current = entry
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
