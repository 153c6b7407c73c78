/// Which characters a terminal plot is drawn with.
public enum TextStyle: Sendable, Equatable {
    /// Unicode braille: each character cell holds 2×4 dots.
    case braille
    /// Plain ASCII: each cell holds 3×3 dots, shown as the ASCII character
    /// whose shape is nearest (`-`, `|`, `/`, `\`, `.`, `'`, …).
    case ascii

    /// Dots across and down one character cell.
    var dotsPerCell: (across: Int, down: Int) {
        switch self {
        case .braille: return (2, 4)
        case .ascii: return (3, 3)
        }
    }
}

/// A grid of character cells, each subdivided into dots, with text laid over it.
///
/// This is the bottom layer of a terminal plot (as in UnicodePlots.jl):
/// lines and points set dots; labels and markers replace whole cells.
/// Coordinates are dot indices, x to the right and y downwards from the
/// top-left corner; anything outside the grid is silently dropped, so
/// callers never need to clip.
struct DotCanvas {
    let style: TextStyle
    let columns: Int
    let rows: Int
    let dotsAcross: Int
    let dotsDown: Int
    private var cellBits: [UInt16]
    private var cellText: [Character?]
    /// A faint mark per cell drawn over the dots but under text: the route
    /// of a path across a contour map, which braille dots alone would not
    /// tell apart from the level curves.
    private var cellTrail: [Character?]
    /// The colour (an ANSI foreground code, 0 for none) that marks take:
    /// the last layer to draw in a cell colours it, as in UnicodePlots.
    var pen: UInt8 = 0
    private var dotColour: [UInt8]
    private var textColour: [UInt8]
    private var trailColour: [UInt8]

    init(style: TextStyle, columns: Int, rows: Int) {
        self.style = style
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        (dotsAcross, dotsDown) = style.dotsPerCell
        cellBits = Array(repeating: 0, count: self.columns * self.rows)
        cellText = Array(repeating: nil, count: self.columns * self.rows)
        cellTrail = Array(repeating: nil, count: self.columns * self.rows)
        dotColour = Array(repeating: 0, count: self.columns * self.rows)
        textColour = dotColour
        trailColour = dotColour
    }

    var dotWidth: Int { columns * dotsAcross }
    var dotHeight: Int { rows * dotsDown }

    /// Sets one dot; ignores dots off the canvas.
    mutating func setDot(x: Int, y: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / dotsDown) * columns + x / dotsAcross
        let bit = bitIndex(dx: x % dotsAcross, dy: y % dotsDown)
        cellBits[cell] |= UInt16(1) << UInt16(bit)
        dotColour[cell] = pen
    }

    /// A straight line between two points in (fractional) dot coordinates,
    /// clipped to the canvas first so that its cost is bounded by the
    /// canvas size whatever the endpoints.
    mutating func drawLine(from start: (x: Double, y: Double), to end: (x: Double, y: Double)) {
        guard let (a, b) = clip(start, end) else { return }
        let steps = Int(max(abs(b.x - a.x), abs(b.y - a.y)).rounded(.up))
        let count = max(1, min(steps, 4 * (dotWidth + dotHeight)))
        for step in 0...count {
            let t = Double(step) / Double(count)
            let x = a.x + (b.x - a.x) * t
            let y = a.y + (b.y - a.y) * t
            setDot(x: Int(x.rounded(.down)), y: Int(y.rounded(.down)))
        }
    }

    /// Liang–Barsky clipping of a segment to [0, dotWidth) × [0, dotHeight).
    private func clip(_ p: (x: Double, y: Double), _ q: (x: Double, y: Double)) -> ((x: Double, y: Double), (x: Double, y: Double))? {
        // The canvas in dot coordinates, just inside its far edges.
        clipSegment(p, q, to: (left: 0, top: 0, right: Double(dotWidth) - 1e-9, bottom: Double(dotHeight) - 1e-9))
    }

    /// Marks every cell a segment (in fractional dot coordinates) passes through.
    mutating func drawTrail(from start: (x: Double, y: Double), to end: (x: Double, y: Double), mark: Character) {
        guard let (a, b) = clip(start, end) else { return }
        let cellSteps = max(abs(b.x - a.x) / Double(dotsAcross), abs(b.y - a.y) / Double(dotsDown))
        let count = max(1, min(Int((cellSteps * 2).rounded(.up)), 4 * (columns + rows)))
        for step in 0...count {
            let t = Double(step) / Double(count)
            let column = Int((a.x + (b.x - a.x) * t).rounded(.down)) / dotsAcross
            let row = Int((a.y + (b.y - a.y) * t).rounded(.down)) / dotsDown
            guard column >= 0, row >= 0, column < columns, row < rows else { continue }
            cellTrail[row * columns + column] = mark
            trailColour[row * columns + column] = pen
        }
    }

    func hasText(column: Int, row: Int) -> Bool {
        guard column >= 0, row >= 0, column < columns, row < rows else { return true }
        return cellText[row * columns + column] != nil
    }

    /// Writes `text` from (column, row) rightwards; returns false, writing
    /// nothing, when it would leave the canvas or cover other text.
    /// With `spaced`, the cells just before and after must hold no text
    /// either (the canvas edge counts as blank), so that neighbouring labels
    /// never run together ("9" beside "12" would read as 912).
    @discardableResult
    mutating func placeText(_ text: String, column: Int, row: Int, spaced: Bool = false) -> Bool {
        let characters = Array(text)
        guard row >= 0, row < rows, column >= 0, column + characters.count <= columns else { return false }
        for offset in characters.indices where hasText(column: column + offset, row: row) {
            return false
        }
        if spaced {
            if column > 0, hasText(column: column - 1, row: row) { return false }
            let after = column + characters.count
            if after < columns, hasText(column: after, row: row) { return false }
        }
        for (offset, character) in characters.enumerated() {
            cellText[row * columns + column + offset] = character
            textColour[row * columns + column + offset] = pen
        }
        return true
    }

    /// Row `row` as characters, exactly `columns` of them; with `coloured`,
    /// runs of coloured cells are wrapped in ANSI colour codes (which take
    /// no columns).
    func line(_ row: Int, coloured: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(columns * 3)
        var open: UInt8 = 0
        for column in 0..<columns {
            let cell = row * columns + column
            let character: Character
            let colour: UInt8
            if let text = cellText[cell] {
                (character, colour) = (text, textColour[cell])
            } else if let trail = cellTrail[cell] {
                (character, colour) = (trail, trailColour[cell])
            } else {
                character = glyph(cellBits[cell])
                colour = cellBits[cell] == 0 ? 0 : dotColour[cell]
            }
            if coloured, colour != open, character != " " || colour == 0 {
                result += colour == 0 ? "\u{1B}[0m" : "\u{1B}[\(colour)m"
                open = colour
            }
            result.append(character)
        }
        if open != 0 { result += "\u{1B}[0m" }
        return result
    }

    private func bitIndex(dx: Int, dy: Int) -> Int {
        switch style {
        case .braille:
            // Unicode braille numbers dots 1–3 down the left column, 4–6 down
            // the right, and 7, 8 for the bottom row (added later to the standard).
            if dy == 3 { return dx == 0 ? 6 : 7 }
            return dx * 3 + dy
        case .ascii:
            return dy * 3 + dx
        }
    }

    private func glyph(_ bits: UInt16) -> Character {
        if bits == 0 { return " " }
        switch style {
        case .braille:
            return Character(Unicode.Scalar(0x2800 + UInt32(bits)) ?? " ")
        case .ascii:
            return AsciiShapes.nearest(to: bits)
        }
    }
}

/// The ASCII characters a 3×3 dot pattern may be drawn as, each with the
/// dots it looks like (rows top to bottom, bit 0 top-left).
enum AsciiShapes {
    static let shapes: [(character: Character, bits: UInt16)] = [
        ("-", pattern("...", "###", "...")),
        ("|", pattern(".#.", ".#.", ".#.")),
        ("/", pattern("..#", ".#.", "#..")),
        ("\\", pattern("#..", ".#.", "..#")),
        ("_", pattern("...", "...", "###")),
        ("'", pattern(".#.", "...", "...")),
        (".", pattern("...", "...", ".#.")),
        ("`", pattern("#..", "...", "...")),
        (",", pattern("...", "...", "#..")),
        ("+", pattern(".#.", "###", ".#.")),
        (":", pattern(".#.", "...", ".#.")),
        ("#", pattern("###", "###", "###")),
        // Lone dots in the remaining corners and edges, so that they match a
        // light mark exactly rather than tie with a diagonal.
        (".", pattern("...", "...", "..#")),
        ("'", pattern("..#", "...", "...")),
        ("-", pattern("...", "#..", "...")),
        ("-", pattern("...", "..#", "...")),
        // Steep lines along a cell's side.
        ("|", pattern("#..", "#..", "#..")),
        ("|", pattern("..#", "..#", "..#")),
    ]

    private static func pattern(_ top: String, _ middle: String, _ bottom: String) -> UInt16 {
        var bits: UInt16 = 0
        for (row, text) in [top, middle, bottom].enumerated() {
            for (column, character) in text.enumerated() where character == "#" {
                bits |= UInt16(1) << UInt16(row * 3 + column)
            }
        }
        return bits
    }

    /// The shape with the fewest differing dots (the earlier on a tie); never
    /// a space, so a set dot is always visible.
    static func nearest(to bits: UInt16) -> Character {
        var best = shapes[0]
        var bestDistance = Int.max
        for shape in shapes {
            let distance = (shape.bits ^ bits).nonzeroBitCount
            if distance < bestDistance {
                best = shape
                bestDistance = distance
            }
        }
        return best.character
    }
}
