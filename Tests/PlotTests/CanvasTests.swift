import Testing
@testable import Plot

@Suite(.ignoringInterrupts) struct CanvasTests {
    /// Unicode braille: dots 1-2-3 down the left, 4-5-6 down the right, 7 and 8 below.
    @Test(arguments: [
        (0, 0, "\u{2801}"), (0, 1, "\u{2802}"), (0, 2, "\u{2804}"), (0, 3, "\u{2840}"),
        (1, 0, "\u{2808}"), (1, 1, "\u{2810}"), (1, 2, "\u{2820}"), (1, 3, "\u{2880}"),
    ])
    func brailleDotsMapToTheirUnicodeBits(x: Int, y: Int, expected: String) {
        var canvas = DotCanvas(style: .braille, columns: 1, rows: 1)
        canvas.setDot(x: x, y: y)
        #expect(canvas.line(0) == expected)
    }

    @Test func fullBrailleCellAndEmptyCell() {
        var canvas = DotCanvas(style: .braille, columns: 2, rows: 1)
        for x in 0..<2 { for y in 0..<4 { canvas.setDot(x: x, y: y) } }
        #expect(canvas.line(0) == "\u{28FF} ")
    }

    @Test func dotsOffTheCanvasAreIgnored() {
        var canvas = DotCanvas(style: .braille, columns: 2, rows: 2)
        canvas.setDot(x: -1, y: 0)
        canvas.setDot(x: 4, y: 0)
        canvas.setDot(x: 0, y: 8)
        canvas.drawLine(from: (-1e300, -1e300), to: (-5, -5))
        #expect(canvas.line(0) == "  " && canvas.line(1) == "  ")
    }

    @Test func asciiLinesUseTheirShapes() {
        var canvas = DotCanvas(style: .ascii, columns: 4, rows: 1)
        canvas.drawLine(from: (0.5, 1.5), to: (11.5, 1.5))
        #expect(canvas.line(0) == "----")
        var vertical = DotCanvas(style: .ascii, columns: 1, rows: 3)
        vertical.drawLine(from: (1.5, 0.5), to: (1.5, 8.5))
        #expect((0..<3).map { vertical.line($0) } == ["|", "|", "|"])
        var diagonal = DotCanvas(style: .ascii, columns: 3, rows: 3)
        diagonal.drawLine(from: (0.5, 8.5), to: (8.5, 0.5))
        #expect((0..<3).map { diagonal.line($0) } == ["  /", " / ", "/  "])
    }

    @Test func everyNonEmptyAsciiPatternIsVisible() {
        for bits in UInt16(1)..<UInt16(512) {
            #expect(AsciiShapes.nearest(to: bits) != " ")
            #expect(AsciiShapes.nearest(to: bits).isASCII)
        }
    }

    /// A line between far-off points is clipped first: it costs at most a few
    /// times the canvas size, and draws the visible part only.
    @Test func hugeLinesAreClippedToTheCanvas() {
        var canvas = DotCanvas(style: .braille, columns: 3, rows: 1)
        canvas.drawLine(from: (-1e9, 2.5), to: (1e9, 2.5))
        #expect(canvas.line(0) == "\u{2824}\u{2824}\u{2824}")
    }

    @Test func textCoversDotsButNotOtherText() {
        var canvas = DotCanvas(style: .braille, columns: 5, rows: 1)
        canvas.drawLine(from: (0.5, 0.5), to: (9.5, 0.5))
        let placedFirst = canvas.placeText("12", column: 1, row: 0)
        let placedOverText = canvas.placeText("3", column: 2, row: 0)
        let placedTouching = canvas.placeText("4", column: 3, row: 0, spaced: true)
        let placedBeside = canvas.placeText("5", column: 4, row: 0)
        let placedPastEdge = canvas.placeText("66", column: 4, row: 0)
        #expect(placedFirst && !placedOverText && !placedTouching && placedBeside && !placedPastEdge)
        #expect(canvas.line(0) == "\u{2809}12\u{2809}5")
    }
}
