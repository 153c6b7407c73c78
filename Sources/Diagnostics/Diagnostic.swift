/// One problem found in the user's input: what kind it is (a stable id that
/// code may test, never the message text), where it is, and what to say.
///
/// Phases throw diagnostics; only the edge (the session, `gd test`) renders
/// them, with `render(_:in:)`.
public struct Diagnostic: Error, Sendable, Equatable {
    public enum Severity: String, Sendable { case error, warning }

    /// Stable identifiers. The session asks for a continuation line exactly
    /// when the kind is `.unexpectedEndOfInput`.
    public enum Kind: String, Sendable {
        case unexpectedEndOfInput
        case invalidCharacter
        case invalidNumber
        case unterminatedString
        case singleQuotedString
        case expectedExpression
        case unexpectedToken
        case ambiguousImplicitMultiplication
        case missingOperator
        case chainedComparison
        case nestingTooDeep
        case invalidStatement
        case invalidCommand
        case unknownOption
        case duplicateOption
        case missingOption
        case unknownName
        case unknownFunction
        case notCallable
        case wrongArgumentCount
        case typeMismatch
        /// A symbolic expression where an operation on arrays needs numbers
        /// (`W @ x` with W a symbol): the sign that a function's parameter
        /// is meant to be a vector or matrix.
        case symbolicOperand
        case shapeMismatch
        case indexOutOfRange
        case recursionTooDeep
        case invalidArgument
        case notAvailableYet
        case fileError
        case dataError
        case evaluationError
        case interrupted
        case warning
    }

    public var severity: Severity
    public var kind: Kind
    public var message: String
    /// Where the problem is; nil for problems with no place (a missing file
    /// given on the command line).
    public var range: SourceRange?
    public var notes: [String]
    /// Notes that point somewhere else, shown with their own line and caret:
    /// where inside a function's definition an error raised by a call began.
    public var locatedNotes: [LocatedNote] = []

    public init(_ kind: Kind, _ message: String, at range: SourceRange?, notes: [String] = [], severity: Severity = .error) {
        self.kind = kind
        self.message = message
        self.range = range
        self.notes = notes
        self.severity = severity
    }

    /// The same diagnostic with a note added ("did you mean …?", a hint).
    public func noting(_ note: String?) -> Diagnostic {
        guard let note else { return self }
        var copy = self
        copy.notes.append(note)
        return copy
    }
}

/// A note about another place, possibly in another text (a function's
/// definition, when the error surfaced at a call).
public struct LocatedNote: Sendable, Equatable {
    public var message: String
    public var file: SourceFile
    public var range: SourceRange

    public init(_ message: String, in file: SourceFile, at range: SourceRange) {
        self.message = message
        self.file = file
        self.range = range
    }

    public static func == (lhs: LocatedNote, rhs: LocatedNote) -> Bool {
        lhs.message == rhs.message && lhs.range == rhs.range && lhs.file.displayName == rhs.file.displayName && lhs.file.text == rhs.file.text
    }
}

/// The `FILE:LINE:COL: ` prefix (none in a session) and the excerpt with a
/// caret under `range`.
private func locate(_ range: SourceRange, in file: SourceFile) -> (header: String, excerpt: String) {
    var header = ""
    let (line, column) = file.location(of: range.start)
    if let name = file.displayName { header = "\(name):\(line):\(column): " }
    let lineIndex = file.lineIndex(of: min(range.start, file.bytes.count))
    let lineText = file.lineText(lineIndex)
    let (endLine, endColumn) = file.location(of: range.end)
    let lineLength = lineText.count
    let caretStart = column - 1
    var width = endLine == line ? endColumn - column : lineLength - caretStart
    width = max(1, min(width, max(1, lineLength - caretStart)))
    return (header, lineText + "\n" + String(repeating: " ", count: caretStart) + "^" + String(repeating: "~", count: width - 1) + "\n")
}

/// Renders a diagnostic as LANGUAGE.md specifies:
///
///     script.gd:3:9: error: unknown function 'foo'
///     y = 2 + foo(3)
///             ^~~
///     note: did you mean 'floor'?
///
/// In a session (`file.displayName == nil`) the location prefix is dropped;
/// the caret still shows the place.
public func render(_ diagnostic: Diagnostic, in file: SourceFile?) -> String {
    var header = ""
    var excerpt = ""
    if let file, let range = diagnostic.range {
        (header, excerpt) = locate(range, in: file)
    } else if let name = file?.displayName {
        header = "\(name): "
    }
    var text = "\(header)\(diagnostic.severity.rawValue): \(diagnostic.message)\n\(excerpt)"
    for note in diagnostic.notes { text += "note: \(note)\n" }
    for note in diagnostic.locatedNotes {
        let (noteHeader, noteExcerpt) = locate(note.range, in: note.file)
        text += "\(noteHeader)note: \(note.message)\n\(noteExcerpt)"
    }
    return text
}
