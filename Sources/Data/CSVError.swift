/// A CSV file that cannot be read as a table: where and why.
///
/// `line` and `column` are 1-based; the column counts characters (not bytes)
/// from the start of the line, as gd's diagnostics do. Both are nil when the
/// problem has no place in the text (the file cannot be opened).
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, with its data; `message` turns it into words.
    public enum Problem: Sendable, Equatable {
        /// The file cannot be opened or read; the system's reason.
        case cannotRead(String)
        /// No header row: the file is empty or holds only blank lines.
        case empty
        /// Bytes that are not UTF-8.
        case invalidUTF8
        /// A quoted field whose closing quote never comes; the place is the
        /// opening quote.
        case unterminatedQuote
        /// Something other than a separator right after a closing quote
        /// (`"ab"c`); a quote inside a field must be doubled (`"a""b"`).
        case textAfterClosingQuote
        /// A data row with the wrong number of fields.
        case raggedRow(expected: Int, found: Int)
        /// A header field other than the first is empty (1-based position).
        case emptyColumnName(position: Int)
        /// Two header fields name the same column.
        case duplicateColumnName(String)
        /// Ctrl-C while waiting for a stream (a FIFO with no writer yet).
        case interrupted
    }

    /// The file's name as the user should see it.
    public let file: String
    public let line: Int?
    public let column: Int?
    public let problem: Problem

    public init(file: String, line: Int?, column: Int?, problem: Problem) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// The words alone, without the file or the place; show users
    /// `description`, which names both.
    public var message: String {
        switch problem {
        case .cannotRead(let reason):
            return reason
        case .empty:
            return "the file is empty: a CSV file starts with a header row"
        case .invalidUTF8:
            return "this byte is not UTF-8: a CSV file must be UTF-8 text"
        case .unterminatedQuote:
            return "this quoted field is never closed (a quote inside a field is written \"\")"
        case .textAfterClosingQuote:
            return "unexpected text after a closing quote (a quote inside a field is written \"\")"
        case .raggedRow(let expected, let found):
            let fields = found == 1 ? "1 field" : "\(found) fields"
            return "this row has \(fields), the header has \(expected)"
        case .emptyColumnName(let position):
            return "column \(position) has no name in the header"
        case .duplicateColumnName(let name):
            return "two columns are named '\(name)'"
        case .interrupted:
            return "interrupted while reading it"
        }
    }

    /// `FILE:LINE:COL: MESSAGE`, or `FILE: MESSAGE` without a place.
    public var description: String {
        if let line, let column { return "\(file):\(line):\(column): \(message)" }
        return "\(file): \(message)"
    }
}
