import Core
import Data
import Diagnostics
import Foundation
import Plot
import Syntax

/// What a notebook front end shows for one result: the same content in
/// several MIME types, keyed by type (`text/plain` always; `text/latex`,
/// `image/svg+xml` or `text/html` beside it when gd has a richer form).
/// The front end picks the richest it can show, as Jupyter's
/// `display_data` does.
public typealias MIMEBundle = [String: String]

/// Why a cell stopped: the diagnostic's kind, its message, and the located
/// error with its source line and caret exactly as gd prints it.
public struct CellFailure: Sendable, Equatable {
    /// The diagnostic's kind (`unknownName`, `interrupted`, …): Jupyter's `ename`.
    public var kind: String
    /// The one-line message: Jupyter's `evalue`.
    public var message: String
    /// `In[3]:1:5: error: …`, the line and the caret, and any notes.
    public var rendered: String
    /// Ctrl-C or a kernel interrupt stopped a command; the session lives on.
    public var interrupted: Bool
}

/// A session driven by a notebook (`gd --kernel`): cells instead of lines,
/// results as MIME bundles, and completion and help asked for by position.
///
/// Statements run exactly as in a script (`run(_:)` and this share
/// `execute`); only how a shown result leaves differs: an expression's value
/// and a plot become bundles with LaTeX, HTML or SVG beside their text, and
/// so does a chart inside a command's report (`compare`, `schedule`).
/// Everything else (command reports, `help`, warnings) still goes to the
/// session's output and error sinks.
extension Session {
    /// Runs every statement of a cell in order; returns the failure that
    /// stopped it, or nil when all ran.
    ///
    /// An interrupt is cleared once, when the cell starts, not before each
    /// statement as a script's lines are: one that arrives between two
    /// statements (the notebook sends it while the cell runs) stops the
    /// cell there instead of being forgotten.
    public func runCell(_ file: SourceFile, display: (MIMEBundle) -> Void) -> CellFailure? {
        withoutActuallyEscaping(display) { display in
            // Charts that commands draw into their reports are shown as SVG
            // too; the sink is the cell's only while the cell runs.
            io.cellFigures = CellFigures(display: display)
            defer { io.cellFigures = nil }
            return runStatements(of: file, display: display)
        }
    }

    private func runStatements(of file: SourceFile, display: (MIMEBundle) -> Void) -> CellFailure? {
        io.currentFile = file
        var parser = Parser(file)
        Interrupt.clear()
        while true {
            do {
                guard let statement = try parser.nextStatement() else { return nil }
                if Interrupt.isRequested {
                    throw Diagnostic(.interrupted, "interrupted before this statement ran", at: statement.range, severity: .warning)
                }
                io.cellFigures?.drawn = []  // a silent statement's charts are never shown
                try executeInCell(statement, display: display)
            } catch let diagnostic as Diagnostic {
                return CellFailure(kind: diagnostic.kind.rawValue, message: diagnostic.message,
                                   rendered: render(diagnostic, in: io.currentFile), interrupted: diagnostic.kind == .interrupted)
            } catch {
                let diagnostic = Diagnostic(.evaluationError, "\(error)", at: nil)
                return CellFailure(kind: diagnostic.kind.rawValue, message: diagnostic.message,
                                   rendered: render(diagnostic, in: io.currentFile), interrupted: false)
            }
        }
    }

    private func executeInCell(_ parsed: ParsedStatement, display: (MIMEBundle) -> Void) throws {
        switch parsed.statement {
        case .expression(let expression) where !parsed.isSilent:
            let value = try evaluator.evaluate(expression)
            // As a script refuses it (`Session.execute`): printing it would never end.
            if case .symbolic(let e) = value, e.isTooLargeToPrint { throw SymbolicValue.tooLarge(at: expression.range) }
            environment.set("ans", value)
            display(bundle(for: value))
        case .command(let target, let targetRange, let command)
            where command.name == .plot && command.option(.file) == nil && !parsed.isSilent:
            // As `plot` in a script (the text is bound), with the SVG beside it.
            let figure = try commands.plotFigure(command)
            let text = commands.plotText(figure, command)
            display(["text/plain": text, "image/svg+xml": figure.renderSVG().text])
            if let target, let targetRange { bind(target, .string(text), at: targetRange) } else { environment.set("ans", .string(text)) }
        default:
            try execute(parsed)
        }
    }

    /// A value's bundle: its printed form, plus LaTeX for a symbolic
    /// expression and an HTML table for a table.
    public func bundle(for value: Value) -> MIMEBundle {
        var bundle: MIMEBundle = ["text/plain": value.formatted()]
        switch value {
        // LaTeX from the canonical form, as `latex(e)` writes it; a value
        // without one shows as text only.
        // LaTeX of one too large to print (in a listing it is a placeholder) is never written.
        case .symbolic(let e):
            if !e.isTooLargeToPrint, let canonical = e.canonical { bundle["text/latex"] = "$\(canonical.latex)$" }
        case .function(.derived(let d)):
            if case .scalar(let e) = d.output, !e.isTooLargeToPrint, let canonical = e.canonical { bundle["text/latex"] = "$\(canonical.latex)$" }
        case .table(let table): bundle["text/html"] = htmlTable(table)
        default: break
        }
        return bundle
    }

    // MARK: Completion and inspection

    /// Tab completion at `cursor` (counted in Unicode scalars, as Jupyter
    /// counts) of a cell: the same rules as the terminal's Tab, applied to
    /// the cursor's line. Returns the candidates and the scalar range of
    /// the cell they replace.
    public func completeInCell(_ code: String, cursor: Int) -> (matches: [String], start: Int, end: Int) {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        var before = String.UnicodeScalarView()
        before.append(contentsOf: scalars[..<end])
        let line = String(before).split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let result = completions(lineBeforeCursor: line, context: completionContext)
        let replaced = String(line.suffix(result.replaceLength)).unicodeScalars.count
        let matches = result.candidates.count == 1 ? [result.candidates[0] + result.suffixWhenUnique] : result.candidates
        return (matches, end - replaced, end)
    }

    /// Shift-Tab inspection: `help NAME` for the name under (or just
    /// before) the cursor, or a bound name's value; nil when there is none.
    public func inspectInCell(_ code: String, cursor: Int) -> String? {
        let scalars = Array(code.unicodeScalars)
        func isNamePart(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || s.properties.numericType != nil || s == "_" }
        var start = min(max(cursor, 0), scalars.count), end = start
        while start > 0, isNamePart(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isNamePart(scalars[end]) { end += 1 }
        guard start < end else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        let name = String(view)
        if let value = environment.globals[name] {
            return "\(name) = \(value.formatted())"
        }
        return try? help(name, at: nil)
    }
}

/// A table as an HTML table: every row when it has at most 20 (as a table
/// prints), else its first rows and how many more there are.
func htmlTable(_ table: Table) -> String {
    let shown = table.rowCount <= 20 ? table.rowCount : Table.summaryRowCount
    var html = "<table>\n<thead><tr><th></th>"
    for column in table.columns { html += "<th>\(htmlEscaped(column.name))</th>" }
    html += "</tr></thead>\n<tbody>\n"
    for row in 0..<shown {
        html += "<tr><th>\(htmlEscaped(table.rowNames?[row] ?? String(row)))</th>"
        for column in table.columns {
            switch column.content {
            case .numeric(let values, _): html += "<td>\(formatNumber(values[row]))</td>"
            case .text(let values, _): html += "<td>\(htmlEscaped(values[row]))</td>"
            }
        }
        html += "</tr>\n"
    }
    html += "</tbody>\n</table>\n<p>\(htmlEscaped(table.shapeDescription))"
    if shown < table.rowCount { html += "; the first \(shown) rows shown" }
    return html + "</p>"
}

func htmlEscaped(_ text: String) -> String {
    var out = ""
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.append(character)
        }
    }
    return out
}
