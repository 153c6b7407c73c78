import Core
import Diagnostics
import Foundation

/// Where a session's text goes and its files come from: the two sinks
/// (standard output and standard error, or one recording for `gd test`),
/// the source diagnostics are rendered against, how output is drawn (plot
/// width, colour, timings, progress) and the folder relative paths are
/// read against. Diagnostics are rendered here, at the edge; everything
/// below throws them.
public final class SessionIO {
    /// Interactive sessions number nothing and name no file in diagnostics.
    public let isInteractive: Bool
    /// Folder that relative paths (`load`, `plot … to`) are read against.
    public var baseDirectory: String
    /// Width in columns for plots; a fixed default in scripts keeps golden
    /// output stable, a session sets the terminal's width.
    public var plotWidth: Int = 72
    /// Colour terminal plots, one colour a series: set only for a terminal
    /// without NO_COLOR (`SessionIO.plotsWantColour`), never in recorded output.
    public var plotsInColour = false
    /// False where output must be reproducible (`gd test`, help examples):
    /// `time` then prints a placeholder instead of the elapsed time.
    public var showsTimings = true
    /// Where long commands draw a progress bar: set only when standard error
    /// is a terminal (never in scripts' recorded output).
    public var progress: ((String) -> Void)?
    /// Called with each statement's source just before it runs: a
    /// transcript of a script writes the lines as if typed (`Transcript`).
    public var statementWillRun: ((SourceFile, SourceRange) -> Void)?
    /// The source of the statement being run, for diagnostics and functions.
    var currentFile = SourceFile(displayName: nil, text: "")
    /// Set while a notebook cell runs (`Session.runCell`): the charts a
    /// command draws into its report (compare's and schedule's curves) are
    /// shown as pictures where their text would stand (`print`).
    var cellFigures: CellFigures?

    private let writeOutput: (String) -> Void
    private let writeError: (String) -> Void

    init(baseDirectory: String, isInteractive: Bool, output: @escaping (String) -> Void, errors: @escaping (String) -> Void) {
        self.baseDirectory = baseDirectory
        self.isInteractive = isInteractive
        writeOutput = output
        writeError = errors
    }

    /// Whether plots in this process use colour (LANGUAGE.md): only on a
    /// terminal, and never when NO_COLOR is set to anything but the empty
    /// string (no-color.org) or the terminal is `dumb`.
    public static func plotsWantColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    func print(_ text: String) {
        let text = text.hasSuffix("\n") ? text : text + "\n"
        guard let figures = cellFigures, !figures.drawn.isEmpty else {
            writeOutput(text)
            return
        }
        // A notebook: each chart drawn into this text becomes a bundle with
        // its SVG, between the text before and after it, in order.
        // A chart this text does not hold waits for the text that does.
        var rest = Substring(text)
        var waiting: [(text: String, svg: String)] = []
        for chart in figures.drawn {
            guard let range = rest.range(of: chart.text) else {
                waiting.append(chart)
                continue
            }
            if range.lowerBound > rest.startIndex { writeOutput(String(rest[..<range.lowerBound])) }
            figures.display(["text/plain": chart.text, "image/svg+xml": chart.svg])
            rest = rest[range.upperBound...]
            if rest.first == "\n" { rest = rest.dropFirst() }
        }
        figures.drawn = waiting
        if !rest.isEmpty { writeOutput(String(rest)) }
    }

    func report(_ diagnostic: Diagnostic) {
        writeError(render(diagnostic, in: currentFile))
    }

    func warn(_ message: String, at range: SourceRange?, notes: [String] = []) {
        report(Diagnostic(.warning, message, at: range, notes: notes, severity: .warning))
    }

    /// Resolves a path as LANGUAGE.md says: relative to the script's folder.
    func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] { return home + path.dropFirst(1) }
        return (baseDirectory as NSString).appendingPathComponent(path)
    }
}

/// The charts drawn as text while one statement of a notebook cell runs,
/// each with its SVG, and where the cell's pictures go.
final class CellFigures {
    var drawn: [(text: String, svg: String)] = []
    let display: (MIMEBundle) -> Void

    init(display: @escaping (MIMEBundle) -> Void) {
        self.display = display
    }
}
