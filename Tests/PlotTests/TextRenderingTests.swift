import Foundation
import Testing
@testable import Plot

/// One figure of each kind the lead maps gd's plot commands onto.
func sampleFigures() throws -> [(name: String, figure: Figure)] {
    let slow = quarticDescent(from: 4, rate: 0.3, steps: 25)
    let bouncing = quarticDescent(from: 4, rate: 1, steps: 25)
    let bowl = bowlDescent(from: (1.5, 1.8), rate: 0.2, steps: 15)
    let lossRuns: [(name: String, losses: [Double])] = [0.01, 0.3, 1.2].map { rate in
        (name: "α=\(rate)", losses: quarticDescent(from: 4, rate: rate, steps: 20).map(quartic))
    }
    let decaying: [Double] = (0..<200).map { 50 * pow(0.9, Double($0)) }
    let bills: [Double] = (0..<60).map { 3 + 0.8 * Double($0) }
    let tips: [Double] = bills.enumerated().map { 0.92 + 0.105 * $0.element + sin(Double($0.offset)) }
    return [
        ("function", try Figure.functions([("f", quartic)], from: 1, to: 6.75)),
        ("two functions", try Figure.functions([("f", quartic), ("g", { 3 * sin($0) })], from: -1, to: 5)),
        ("slow path", try Figure.path(slow, named: "r", on: ("f", quartic), from: 1, to: 6.75)),
        ("bouncing path", try Figure.path(bouncing, named: "r", on: ("f", quartic))),
        ("loss curves", try Figure.lossCurves(lossRuns)),
        ("log losses", try Figure.lossCurves([("r", decaying)])),
        ("contour", try Figure.contour(of: { 4 * $0 * $0 + $1 * $1 }, named: "g", xRange: (-2, 2), yRange: (-2, 2), path: ("s", bowl.xs, bowl.ys))),
        ("rosenbrock", try Figure.contour(of: { pow(1 - $0, 2) + 100 * pow($1 - $0 * $0, 2) }, named: "rosen", xRange: (-2, 2), yRange: (-1, 3))),
        ("scatter", try Figure.scatter(xs: bills, ys: tips, xName: "total_bill", yName: "tip", overlay: ("m", { 0.9203 + 0.10502 * $0 }))),
    ]
}

@Suite(.ignoringInterrupts) struct TextRenderingTests {
    @Test(arguments: [TextStyle.braille, .ascii])
    func everyLineHasTheSameWidth(style: TextStyle) throws {
        for (name, figure) in try sampleFigures() {
            for (width, height) in [(60, 15), (10, 4), (1, 1), (200, 40)] {
                let text = figure.renderText(TextOptions(style: style, plotWidth: width, plotHeight: height)).text
                let widths = Set(lines(text).map(\.count))
                #expect(widths.count == 1, "\(name) at \(width)×\(height): widths \(widths)")
                #expect(!text.hasSuffix("\n"))
            }
        }
    }

    @Test func asciiModeUsesOnlyAscii() throws {
        for (name, figure) in try sampleFigures() where name != "loss curves" {  // α in the names is the user's text
            let text = figure.renderText(TextOptions(style: .ascii)).text
            let allAscii = text.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(allAscii, "\(name)")
        }
    }

    @Test func brailleModeDrawsWithBraille() throws {
        let text = try Figure.functions([("f", quartic)], from: 1, to: 6.75).renderText().text
        let area = plotArea(text, style: .braille).joined()
        #expect(area.allSatisfy { $0 == " " || ("\u{2800}"..."\u{28FF}").contains($0) })
        #expect(area.contains { $0 != " " })
    }

    /// The script default: 60 × 15 cells of plot area.
    @Test func defaultSizeIsSixtyByFifteen() throws {
        let text = try Figure.functions([("f", quartic)], from: 1, to: 6.75).renderText().text
        let area = plotArea(text, style: .braille)
        #expect(area.count == 15)
        #expect(area.allSatisfy { $0.count == 60 })
    }

    /// A session passes the terminal's width: no line may be wider.
    @Test(arguments: [40, 80, 132])
    func terminalWidthIsRespected(columns: Int) throws {
        for (name, figure) in try sampleFigures() {
            let text = figure.renderText(.terminal(columns: columns)).text
            let widest = lines(text).map(\.count).max() ?? 0
            #expect(widest <= columns - 1, "\(name): \(widest) columns")
            #expect(widest >= min(columns - 1, 60), "\(name) should use the width it has")
        }
    }

    /// Iterate numbers sit at their iterate's cell (or next to it), inside the frame.
    @Test func iterateNumbersAreInsideTheCanvasAtTheirIterates() throws {
        let path = quarticDescent(from: 4, rate: 0.3, steps: 3)
        let figure = try Figure.path(path, named: "r", on: ("f", quartic), from: 1, to: 6.75)
        let area = plotArea(figure.renderText().text, style: .braille)
        for (index, x) in path.enumerated() {
            let fx = (x - 1) / 5.75, fy = figure.y.fraction(of: quartic(x))
            let column = Int(fx * 119 + 0.5) / 2
            let row = Int((1 - fy) * 59 + 0.5) / 4
            let digit = Character(String(index))
            let nearby = (max(0, row - 1)...min(14, row + 1)).contains { r in
                (max(0, column - 1)...min(59, column + 1)).contains { area[r][$0] == digit }
            }
            #expect(nearby, "iterate \(index) at cell (\(column), \(row))")
        }
    }

    /// The bouncing run (rate 1) swings between about 5.08 and 5.49: both
    /// sides of the minimum carry iterate numbers, even and odd apart.
    @Test func bouncingIsVisible() throws {
        let path = quarticDescent(from: 4, rate: 1, steps: 12)
        let figure = try Figure.path(path, named: "r", on: ("f", quartic), from: 1, to: 6.75)
        let area = plotArea(figure.renderText().text, style: .braille)
        func column(ofLabel label: String) -> Int? {
            for row in area {
                let text = String(row)
                if let range = text.range(of: label) { return text.distance(from: text.startIndex, to: range.lowerBound) }
            }
            return nil
        }
        let left = [2, 4].compactMap { column(ofLabel: String($0)) }
        let right = [3, 5].compactMap { column(ofLabel: String($0)) }
        #expect(left.count == 2 && right.count == 2)
        #expect((left.max() ?? 99) < (right.min() ?? 0))
    }

    @Test func severalCurvesGetKeysAndALegend() throws {
        let text = try Figure.functions([("f", quartic), ("g", { 3 * sin($0) })], from: -1, to: 5).renderText().text
        let area = plotArea(text, style: .braille).joined()
        #expect(area.contains("*") && area.contains("#"))
        #expect(lines(text).contains { $0.hasPrefix("* f   # g") })
    }

    @Test func contourLevelsAreTaggedAndListed() throws {
        let figure = try Figure.contour(of: { 4 * $0 * $0 + $1 * $1 }, named: "g", xRange: (-2, 2), yRange: (-2, 2), levelCount: 4)
        guard case .contour(let map) = figure.layers[0] else { return }
        let text = figure.renderText().text
        let legend = "levels of g: " + map.lines.enumerated().map { "\(levelTag($0.offset))=\(formatLevel($0.element.level))" }.joined(separator: " ")
        #expect(lines(text).contains { $0.hasPrefix(legend) })
        let area = plotArea(text, style: .braille).joined()
        #expect(["a", "b", "c", "d"].allSatisfy { area.contains(Character($0)) })
    }

    /// Names are the user's: a CJK name takes two columns a character, and
    /// the padding counts columns, not characters.
    @Test func wideCharactersInNamesKeepLinesEven() throws {
        let figure = try Figure.functions([("損失", quartic), ("θ₀", { 3 * sin($0) })], from: 1, to: 6.75, title: "学習率 0.3")
        let text = figure.renderText().text
        #expect(Set(lines(text).map(displayWidth)).count == 1)
        #expect(lines(text).contains { $0.hasPrefix("* 損失   # θ₀") })
        #expect(displayWidth("損失") == 4 && displayWidth("θ₀") == 2 && displayWidth("⣿─") == 2)
    }

    /// Long tick labels at the right end stay inside the width given.
    @Test func wideTickLabelsStayWithinTheWidth() throws {
        let figure = try Figure.functions([("f", { $0 })], from: 0, to: 2_000_000)
        for columns in [30, 41, 57, 80] {
            let text = figure.renderText(.terminal(columns: columns)).text
            #expect(lines(text).allSatisfy { $0.count <= columns - 1 }, "\(columns) columns")
            #expect(text.contains("2000000") || columns < 41)
        }
    }

    @Test func constantContourSaysSo() throws {
        let figure = try Figure.contour(of: { _, _ in 3 }, named: "g", xRange: (0, 1), yRange: (0, 1))
        #expect(figure.notes == ["g is constant (3) over the range: there are no level curves to draw"])
        #expect(figure.renderText().text.contains("levels of g: none (constant)"))
    }

    /// Values at the ends of the double range: no trap, even widths.
    @Test func extremeValuesRenderSafely() throws {
        let huge: [Double] = [-1.7e308, 1.7e308, 0, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude]
        var figures: [Figure] = [
            try Figure.scatter(xs: huge, ys: huge.reversed(), xName: "x", yName: "y"),
            try Figure.lossCurves([("r", huge)]),
            try Figure.lossCurves([("r", [Double.leastNonzeroMagnitude, 1e308])]),
            try Figure.functions([("f", { $0 * 1e308 })], from: -10, to: 10),
            try Figure.path([0, 1e300, -1e300], named: "r", on: ("f", { $0 }), from: -1, to: 1),
        ]
        figures.append(try Figure.contour(of: { $0 * 1e308 + $1 }, named: "g", xRange: (-2, 2), yRange: (-2, 2)))
        for figure in figures {
            for style in [TextStyle.braille, .ascii] {
                let text = figure.renderText(TextOptions(style: style)).text
                #expect(Set(lines(text).map(\.count)).count == 1)
            }
            #expect(SVGElements(figure.renderSVG().text).parsed)
        }
    }

    /// Colour adds ANSI codes and nothing else: stripped of them, the text is
    /// the colourless rendering; lines keep one display width.
    @Test func colourOnlyAddsAnsiCodes() throws {
        for (name, figure) in try sampleFigures() {
            for style in [TextStyle.braille, .ascii] {
                let plain = figure.renderText(TextOptions(style: style)).text
                let coloured = figure.renderText(TextOptions(style: style, colour: true)).text
                #expect(!plain.contains("\u{1B}"))
                #expect(coloured.contains("\u{1B}["), "\(name)")
                let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
                #expect(stripped == plain, "\(name)")
                #expect(Set(lines(coloured).map(displayWidth)).count == 1)
            }
        }
    }

    @Test func renderingIsDeterministic() throws {
        for (_, figure) in try sampleFigures() {
            #expect(figure.renderText().text == figure.renderText().text)
            #expect(figure.renderSVG().text == figure.renderSVG().text)
        }
    }

    /// Random functions, ranges and paths (seeded): rendering never traps
    /// and keeps its line widths, whatever the magnitudes.
    @Test func randomFiguresRenderSafely() throws {
        var generator = SeededGenerator(seed: 2024)
        for trial in 0..<60 {
            let magnitude = pow(10, Double.random(in: -12...12, using: &generator))
            let lower = Double.random(in: -5...5, using: &generator) * magnitude
            let upper = lower + Double.random(in: 1e-6...10, using: &generator) * magnitude
            let coefficients = (0..<4).map { _ in Double.random(in: -1e6...1e6, using: &generator) }
            let poles = Bool.random(using: &generator)
            let function: RealFunction = { x in
                let polynomial = coefficients.reversed().reduce(0) { $0 * x + $1 }
                return poles ? polynomial / (x - lower - (upper - lower) / 3) : polynomial
            }
            let iterates = (0..<Int.random(in: 1...40, using: &generator)).map { _ in
                lower + Double.random(in: -0.5...1.5, using: &generator) * (upper - lower)
            }
            var figures: [Figure] = []
            if let figure = try? Figure.functions([("f", function)], from: lower, to: upper) { figures.append(figure) }
            if let figure = try? Figure.path(iterates + [.nan], named: "r", on: ("f", function)) { figures.append(figure) }
            if let figure = try? Figure.lossCurves([("r", iterates.map { abs($0) })]) { figures.append(figure) }
            if let ys = try? iterates.map(function), let figure = try? Figure.scatter(xs: iterates, ys: ys, xName: "x", yName: "y") {
                figures.append(figure)
            }
            if trial % 4 == 0, let figure = try? Figure.contour(of: { x, y in try function(x) + y * y }, named: "g", xRange: (lower, upper), yRange: (-1, 1)) {
                figures.append(figure)
            }
            for figure in figures {
                let style: TextStyle = trial % 2 == 0 ? .braille : .ascii
                let text = figure.renderText(TextOptions(style: style, plotWidth: 30, plotHeight: 8)).text
                #expect(Set(lines(text).map(\.count)).count == 1)
                #expect(!figure.renderSVG().text.isEmpty)
            }
        }
    }
}

func formatLevel(_ value: Double) -> String {
    let text = value.description
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}
