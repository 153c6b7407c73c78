import Data
import Diagnostics
import Testing

@testable import Interpreter

/// The notebook side of a session (`gd --kernel`): bundles, failures,
/// completion and inspection by cursor position. Tests/tools/test_kernel.py
/// runs the same through the real Jupyter kernel.
@Suite struct NotebookTests {
    private func cell(_ session: Session, _ text: String) -> (bundles: [MIMEBundle], failure: CellFailure?) {
        var bundles: [MIMEBundle] = []
        let failure = session.runCell(SourceFile(displayName: "In[1]", text: text)) { bundles.append($0) }
        return (bundles, failure)
    }

    @Test func shownValuesBecomeBundlesAndSilentOnesDoNot() {
        let session = Session(output: { _ in }, errors: { _ in })
        let run = cell(session, "a = 2\na + 1\na;\ndiff(x^2, x)")
        #expect(run.failure == nil)
        #expect(run.bundles == [["text/plain": "3"], ["text/plain": "2*x", "text/latex": "$2 x$"]])
    }

    @Test func aPlotIsSVGBesideItsTextAndBindsTheText() {
        let session = Session(output: { _ in }, errors: { _ in })
        let run = cell(session, "p = plot sin from 0 to 1")
        #expect(run.bundles.count == 1)
        #expect(run.bundles.first?["image/svg+xml"]?.hasPrefix("<?xml") == true)
        guard case .string(let text)? = session.environment.globals["p"] else { Issue.record("p is not bound to the text"); return }
        #expect(run.bundles.first?["text/plain"] == text)
    }

    @Test func aComparisonsChartIsSVGBetweenItsTableAndItsNotes() {
        var shown: [String] = []
        let session = Session(output: { shown.append("text " + $0) }, errors: { _ in })
        let failure = session.runCell(SourceFile(displayName: "In[1]", text: "f(x) = x^2\ncompare descend f from 1 rate 0.1, 0.2 steps 3")) {
            shown.append("svg " + ($0["image/svg+xml"] ?? "none") + "\ntext " + ($0["text/plain"] ?? "none"))
        }
        #expect(failure == nil)
        #expect(shown.count == 3)
        #expect(shown.first?.hasPrefix("text rate  final loss") == true)
        #expect(shown.dropFirst().first?.hasPrefix("svg <?xml") == true)
        #expect(shown.dropFirst().first?.contains("rate 0.2") == true)  // the legend
        #expect(shown.last?.hasPrefix("text rate 0.1: ") == true)
        #expect(shown.joined().contains("\ntext loss "))  // the text chart rides along in the bundle
        // A silent statement shows nothing, and leaves no chart for the next.
        shown = []
        #expect(session.runCell(SourceFile(displayName: "In[2]", text: "c = compare descend f from 1 rate 0.1, 0.2 steps 3;\nf(2)")) {
            shown.append("bundle " + ($0["text/plain"] ?? ""))
        } == nil)
        #expect(shown == ["bundle 4"])
    }

    @Test func aFailureStopsTheCellAndCarriesTheCaret() {
        var errors = ""
        let session = Session(output: { _ in }, errors: { errors += $0 })
        let run = cell(session, "1\nsqrt(1, 2)\n3")
        #expect(run.bundles == [["text/plain": "1"]])
        #expect(run.failure?.kind == "wrongArgumentCount")
        #expect(run.failure?.rendered.hasPrefix("In[1]:2:1: error: ") == true)
        #expect(run.failure?.rendered.contains("sqrt(1, 2)\n^") == true)
        #expect(run.failure?.interrupted == false)
        #expect(errors.isEmpty)  // the failure is the kernel's to show, not the error sink's
    }

    /// `a = a*sin(a)`, 40 times: 2^40 nodes written out. A cell showing it
    /// alone fails at once, as a script does; in a vector it is a
    /// placeholder, with no LaTeX.
    @Test func anExpressionTooLargeToPrintFailsInsteadOfHanging() {
        let session = Session(output: { _ in }, errors: { _ in })
        let build = "a = x\n" + String(repeating: "a = a*sin(a)\n", count: 40)
        let alone = cell(session, build + "a")
        #expect(alone.bundles.isEmpty)
        #expect(alone.failure?.rendered.hasPrefix("In[1]:42:1: error: this expression has more than 1000000 terms written out") == true)
        let listed = cell(session, "[a, x]")
        #expect(listed.failure == nil)
        #expect(listed.bundles == [["text/plain": "[<expression: more than 1000000 terms written out>, x]"]])
    }

    @Test func tablesBecomeEscapedHTML() throws {
        let table = try Table(columns: [Column(name: "a<b", numbers: [1.5, -0.0]), Column(name: "s", texts: ["x & y", "\"q\""])])
        let html = htmlTable(table)
        #expect(html.contains("<th>a&lt;b</th><th>s</th>"))
        #expect(html.contains("<tr><th>0</th><td>1.5</td><td>x &amp; y</td></tr>"))
        #expect(html.contains("<tr><th>1</th><td>-0</td><td>&quot;q&quot;</td></tr>"))
        #expect(html.hasSuffix("<p>2 rows × 2 columns</p>"))
    }

    @Test func completionCountsUnicodeScalarsOnTheCursorsLine() {
        let session = Session(output: { _ in }, errors: { _ in })
        session.environment.set("θ1", .number(1))
        // "θ = 1\nθ" — the cursor after the second line's θ, scalar 7.
        let result = session.completeInCell("θ = 1\nθ", cursor: 7)
        #expect(result.matches == ["θ1"])
        #expect(result.start == 6 && result.end == 7)
        let keywords = session.completeInCell("f(x) = x^2\ndescend f fr", cursor: 23)
        #expect(keywords.matches == ["from "])
        #expect(keywords.start == 21)
    }

    @Test func inspectionShowsHelpOrABoundValue() {
        let session = Session(output: { _ in }, errors: { _ in })
        session.environment.set("w", .vector([1, 2]))
        #expect(session.inspectInCell("sqrt(2)", cursor: 2)?.hasPrefix("usage: sqrt(x)") == true)
        #expect(session.inspectInCell("w + 1", cursor: 1) == "w = [1, 2]")
        #expect(session.inspectInCell("  ", cursor: 1) == nil)
    }
}

/// Colour in terminal plots: only for a terminal without NO_COLOR, one
/// colour a series, never in a session that records its output.
@Suite struct PlotColourTests {
    @Test(arguments: [
        (true, [String: String](), true),
        (false, [:], false),
        (true, ["NO_COLOR": "1"], false),
        (true, ["NO_COLOR": ""], true),  // no-color.org: set to a non-empty string
        (true, ["TERM": "dumb"], false),
        (true, ["TERM": "xterm-256color"], true),
    ])
    func colourOnlyOnATerminalWithoutNoColor(isTerminal: Bool, environment: [String: String], expected: Bool) {
        #expect(SessionIO.plotsWantColour(isTerminal: isTerminal, environment: environment) == expected)
    }

    @Test func aColouredSessionColoursEachSeriesAndAPlainOneDoesNot() {
        var output = ""
        let session = Session(output: { output += $0 }, errors: { _ in })
        session.run(SourceFile(displayName: nil, text: "plot sin, cos from 0 to 6"))
        #expect(!output.contains("\u{1B}["))
        output = ""
        session.io.plotsInColour = true
        session.run(SourceFile(displayName: nil, text: "plot sin, cos from 0 to 6"))
        #expect(output.contains("\u{1B}[34m") && output.contains("\u{1B}[33m"))  // blue, then yellow
    }
}
