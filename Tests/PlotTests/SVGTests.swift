import Foundation
import Testing
@testable import Plot

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The elements of an SVG document, as parsed by Foundation's XMLParser.
final class SVGElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
    }
    var elements: [Element] = []
    private var open: [Int] = []
    var parsed = false

    init(_ document: String) {
        super.init()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = self
        parsed = parser.parse()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes, text: ""))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }

    func named(_ name: String, class className: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
    }

    /// The points of a polyline as (x, y) pairs.
    static func points(_ element: Element) -> [(Double, Double)] {
        (element.attributes["points"] ?? "").split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: ",").compactMap { Double($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }

    /// The plot area: the axes group's frame rectangle.
    var plotArea: (left: Double, top: Double, right: Double, bottom: Double)? {
        guard let clip = elements.first(where: { $0.name == "rect" && $0.attributes["fill"] == "none" }),
            let x = Double(clip.attributes["x"] ?? ""), let y = Double(clip.attributes["y"] ?? ""),
            let width = Double(clip.attributes["width"] ?? ""), let height = Double(clip.attributes["height"] ?? "")
        else { return nil }
        return (x, y, x + width, y + height)
    }
}

@Suite(.ignoringInterrupts) struct SVGTests {
    @Test func everySampleFigureIsWellFormedWithAxesAndLabels() throws {
        for (name, figure) in try sampleFigures() {
            let svg = SVGElements(figure.renderSVG().text)
            #expect(svg.parsed, "\(name)")
            #expect(svg.elements.first?.name == "svg")
            #expect(svg.named("text", class: "tick-label").count >= 4, "\(name)")
            #expect(svg.plotArea != nil)
        }
    }

    @Test func functionCurvesArePolylinesOfAtLeastAHundredPoints() throws {
        let figure = try Figure.functions([("f", quartic), ("g", { 3 * sin($0) })], from: 1, to: 6.75)
        let svg = SVGElements(figure.renderSVG().text)
        let curves = svg.named("polyline", class: "curve")
        #expect(curves.count >= 2)
        // f stays inside its own y range, so it is one unbroken polyline of every sample.
        #expect(SVGElements.points(curves[0]).count == PlotLimits.functionSamples)
        #expect(curves.allSatisfy { SVGElements.points($0).count >= 100 })
    }

    @Test func everyDrawnPointIsInsideThePlotArea() throws {
        for (name, figure) in try sampleFigures() {
            let svg = SVGElements(figure.renderSVG().text)
            guard let area = svg.plotArea else { continue }
            for polyline in svg.named("polyline") {
                for (x, y) in SVGElements.points(polyline) {
                    #expect(x >= area.left - 0.01 && x <= area.right + 0.01 && y >= area.top - 0.01 && y <= area.bottom + 0.01, "\(name)")
                }
            }
            for circle in svg.named("circle", class: "iterate") + svg.named("circle", class: "point") {
                let x = Double(circle.attributes["cx"] ?? "") ?? .nan, y = Double(circle.attributes["cy"] ?? "") ?? .nan
                #expect(x >= area.left && x <= area.right && y >= area.top && y <= area.bottom, "\(name)")
            }
        }
    }

    @Test func iteratesAreNumberedMarkers() throws {
        let path = quarticDescent(from: 4, rate: 0.3, steps: 12)
        let figure = try Figure.path(path, named: "r", on: ("f", quartic), from: 1, to: 6.75)
        let svg = SVGElements(figure.renderSVG().text)
        // Markers: in order, the first and last always; iterates 9 and 10
        // land within 9 px of earlier markers and are thinned out.
        let markers = svg.named("circle", class: "iterate").compactMap { Int($0.attributes["data-index"] ?? "") }
        #expect(markers == [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12])
        // Numbers: consecutive from 0 until the first that cannot be shown, then the last.
        let numbers = svg.named("text", class: "iterate-number").compactMap { Int($0.text) }
        let consecutive = numbers.prefix { $0 == numbers.firstIndex(of: $0) }
        #expect(consecutive.count >= 4)
        #expect(Array(consecutive) == Array(0..<consecutive.count))
        #expect(numbers.dropFirst(consecutive.count).allSatisfy { $0 == 12 })
        #expect(svg.named("polyline", class: "path").count == 1)
    }

    @Test func contourLevelsAreDrawnAndListedInTheLegend() throws {
        let figure = try Figure.contour(of: { pow(1 - $0, 2) + 100 * pow($1 - $0 * $0, 2) }, named: "rosen", xRange: (-2, 2), yRange: (-1, 3))
        let svg = SVGElements(figure.renderSVG().text)
        let drawnLevels = Set(svg.named("polyline", class: "level").compactMap { $0.attributes["data-level"] })
        #expect(drawnLevels == ["0.3", "1", "3", "10", "30", "100", "300", "1000"])
        let legend = svg.elements.filter { $0.name == "text" && $0.text.hasPrefix("rosen = ") }.map(\.text)
        #expect(legend == ["rosen = 0.3", "rosen = 1", "rosen = 3", "rosen = 10", "rosen = 30", "rosen = 100", "rosen = 300", "rosen = 1000"])
        // Every level also carries its value on the map here (there is room for all).
        let onMap = svg.named("text", class: "level-label").map(\.text)
        #expect(Set(onMap) == drawnLevels)
    }

    /// Big inputs give files of a reasonable size: one circle per pixel,
    /// polyline points at least half a pixel apart (a smooth decay of 200 000
    /// steps needs no more points than the curve has pixels along it).
    @Test func bigInputsAreThinned() throws {
        let same = try Figure.scatter(xs: Array(repeating: 1, count: 10_000) + [2], ys: Array(repeating: 1, count: 10_000) + [2], xName: "x", yName: "y")
        #expect(SVGElements(same.renderSVG().text).named("circle", class: "point").count == 2)
        let decay = try Figure.lossCurves([("r", (0..<200_000).map { 1 / Double($0 + 1) })])
        let curve = SVGElements(decay.renderSVG().text).named("polyline", class: "curve")
        let points = curve.map { SVGElements.points($0).count }.reduce(0, +)
        #expect(points >= 100 && points < 2_000)
    }

    /// Any requested size gives a proper plot area.
    @Test(arguments: [(1, 1), (400, 250), (10_000, 10_000)])
    func sizesAreKeptSensible(width: Int, height: Int) throws {
        let figure = try Figure.functions([("f", quartic)], from: 1, to: 6.75)
        let svg = SVGElements(figure.renderSVG(SVGOptions(width: width, height: height)).text)
        guard let area = svg.plotArea else {
            Issue.record("no plot area")
            return
        }
        #expect(area.right - area.left >= 100 && area.bottom - area.top >= 100)
        #expect(area.right <= 4000 && area.bottom <= 4000)
    }

    @Test func textIsEscaped() throws {
        let figure = try Figure.functions([("a<b & \"c\"", quartic)], from: 1, to: 2, title: "f < g & 'h'")
        let document = figure.renderSVG().text
        let svg = SVGElements(document)
        #expect(svg.parsed)
        #expect(svg.named("text", class: "title").first?.text == "f < g & 'h'")
        #expect(svg.elements.contains { $0.name == "text" && $0.text == "a<b & \"c\"" })
        #expect(!document.contains("a<b"))
    }

    @Test func logScaleIsMarked() throws {
        let figure = try Figure.lossCurves([("r", (0..<100).map { pow(0.8, Double($0)) })])
        let svg = SVGElements(figure.renderSVG().text)
        #expect(svg.named("text", class: "scale-note").first?.text == "log scale")
        // y tick labels are the right-aligned ones. 0.8^99 ≈ 2.5e-10: ten
        // decades, every second one labelled.
        let yLabels = svg.named("text", class: "tick-label").filter { $0.attributes["text-anchor"] == "end" }.map(\.text)
        #expect(yLabels == ["1e-08", "1e-06", "0.0001", "0.01", "1"])
    }
}
