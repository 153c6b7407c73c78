import Testing
@testable import Plot

/// What `plot`'s decorations and markers leave in the drawings: legends
/// read whole in SVG, scatter points a reader can see, renamed layers.
@Suite struct DecorationTests {
    private func scatterFigure(name: String) throws -> Figure {
        try Figure.scatter(xs: [1, 2, 3, 4], ys: [2, 1, 4, 3], xName: "tips.total_bill", yName: "tips.tip")
            .renamingFirstLayer(name)
    }

    @Test func svgLegendsAreNotCut() throws {
        let long = "tips.tip against tips.total_bill, the whole long name of it"
        let svg = try scatterFigure(name: long).renderSVG().text
        let legend = SVGElements(svg)
        #expect(legend.parsed)
        // The entry's text (across its wrapped lines) holds every character.
        let texts = (legend.named("text") + legend.named("tspan")).map(\.text).joined(separator: " ")
        let words = long.split(separator: " ")
        #expect(words.allSatisfy { texts.contains($0) }, "\(texts)")
        #expect(!texts.contains("…"))
    }

    @Test func aShortLegendKeepsTheUsualWidth() throws {
        let figure = try scatterFigure(name: "points")
        #expect(figure.svgLegendWidth(drawingWidth: 720) == 190)
        let wide = try scatterFigure(name: String(repeating: "n", count: 30))
        #expect(wide.svgLegendWidth(drawingWidth: 720) == 52 + 7 * 30)
        let huge = try scatterFigure(name: String(repeating: "n", count: 400))
        #expect(huge.svgLegendWidth(drawingWidth: 720) == 288)
    }

    @Test func brailleScatterPointsAreBlocksOfFourDots() throws {
        let figure = Figure(x: Axis(lower: 0, upper: 1), y: Axis(lower: 0, upper: 1),
                            layers: [.scatter(Scatter(name: "p", xs: [0.5], ys: [0.5]))])
        let text = figure.renderText(TextOptions(plotWidth: 10, plotHeight: 4)).text
        // Each braille character's low bits are dots; four set in all, in a 2×2 square.
        let dots = text.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }
            .map { ($0.value - 0x2800).nonzeroBitCount }.reduce(0, +)
        #expect(dots == 4 + 4)  // the marker's four, and the four of the legend's key ⠛
    }

    @Test func renamingALayerRenamesItsLegendEntry() throws {
        var layer = Layer.curve(Curve(name: "sin", xs: [0, 1], ys: [0, 1]))
        layer.rename("sine")
        guard case .curve(let curve) = layer else { Issue.record("not a curve"); return }
        #expect(curve.name == "sine")
    }

    @Test func smallestPositiveYSkipsZeroNegativeAndInfinite() {
        let figure = Figure(x: Axis(lower: 0, upper: 1), y: Axis(lower: -1, upper: 1),
                            layers: [.curve(Curve(name: "c", xs: [0, 1, 2, 3], ys: [-1, 0, .infinity, 0.25]))])
        #expect(figure.smallestPositiveY == 0.25)
    }
}

extension Figure {
    fileprivate func renamingFirstLayer(_ name: String) -> Figure {
        var copy = self
        copy.layers[0].rename(name)
        return copy
    }
}
