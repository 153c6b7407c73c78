import Core

/// A data table: named columns of equal length, and optional row names.
///
/// A column is numeric (contiguous `[Double]`, missing values are NaN) or
/// text (`[String]`, with the reason it is text). Row names, when a CSV's
/// first column has an empty header, are kept for display only: they are
/// not a column.
///
///     let d = try Table(columns: [
///         Column(name: "x", numbers: [2, 3, 5, 8]),
///         Column(name: "y", numbers: [3, 6, 5, 12]),
///     ])
///     d.rowCount                       // 4
///     try d.numbers(inColumn: "y")     // [3, 6, 5, 12]
public struct Table: Sendable, Equatable {
    /// The columns, in file (or construction) order.
    public let columns: [Column]
    /// One name per row, or nil when the table has none.
    public let rowNames: [String]?
    /// The number of rows (also when there are no columns but row names).
    public let rowCount: Int

    /// Builds a table, checking that the columns have one length and
    /// distinct, non-empty names.
    public init(columns: [Column], rowNames: [String]? = nil) throws(TableError) {
        var seen = Set<String>()
        for column in columns {
            if column.name.isEmpty { throw .emptyColumnName }
            if !seen.insert(column.name).inserted { throw .duplicateColumnName(column.name) }
        }
        let count = columns.first?.count ?? rowNames?.count ?? 0
        for column in columns where column.count != count {
            throw .unequalLengths(column: column.name, length: column.count, expected: count)
        }
        if let rowNames, rowNames.count != count {
            throw .unequalLengths(column: "(row names)", length: rowNames.count, expected: count)
        }
        self.init(validatedColumns: columns, rowNames: rowNames, rowCount: count)
    }

    /// For callers that have already established the invariants.
    init(validatedColumns columns: [Column], rowNames: [String]?, rowCount: Int) {
        self.columns = columns
        self.rowNames = rowNames
        self.rowCount = rowCount
    }

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column called `name`, or nil.
    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The column called `name`, or an error naming the table's closest
    /// column name ("did you mean") when there is none.
    public func lookup(_ name: String) throws(TableError) -> Column {
        if let column = column(named: name) { return column }
        throw .noSuchColumn(name, suggestion: closestMatch(to: name, among: columnNames))
    }

    /// The values of numeric column `name`; an error when the column does
    /// not exist or is text (the error carries the reason it is text).
    public func numbers(inColumn name: String) throws(TableError) -> [Double] {
        let column = try lookup(name)
        switch column.content {
        case .numeric(let values, _): return values
        case .text(_, let reason): throw .textColumn(name, reason: reason)
        }
    }

    /// The first `count` rows (all when there are fewer; none for count ≤ 0).
    public func head(_ count: Int = 5) -> Table {
        rows(0..<max(0, min(count, rowCount)))
    }

    /// The rows in `range` (clamped to the table), as a table of their own.
    public func rows(_ range: Range<Int>) -> Table {
        let lower = max(0, min(range.lowerBound, rowCount))
        let upper = max(lower, min(range.upperBound, rowCount))
        let clamped = lower..<upper
        return Table(
            validatedColumns: columns.map { $0.rows(clamped) },
            rowNames: rowNames.map { Array($0[clamped]) },
            rowCount: clamped.count)
    }
}

/// One named column of a table.
public struct Column: Sendable, Equatable {
    public let name: String
    public let content: Content

    /// A column's values, by kind.
    public enum Content: Sendable, Equatable {
        /// Numbers; missing values are NaN, and `missingCount` counts them.
        case numeric([Double], missingCount: Int)
        /// Text, and why the column is not numeric.
        case text([String], reason: TextReason)
    }

    /// A numeric column; NaN values count as missing.
    public init(name: String, numbers: [Double]) {
        var missing = 0
        for value in numbers where value.isNaN { missing += 1 }
        self.init(name: name, content: .numeric(numbers, missingCount: missing))
    }

    /// A text column built from strings (its reason is `.givenAsText`).
    public init(name: String, texts: [String]) {
        self.init(name: name, content: .text(texts, reason: .givenAsText))
    }

    public init(name: String, content: Content) {
        self.name = name
        self.content = content
    }

    /// The number of values.
    public var count: Int {
        switch content {
        case .numeric(let values, _): values.count
        case .text(let values, _): values.count
        }
    }

    /// True for a numeric column.
    public var isNumeric: Bool {
        if case .numeric = content { return true }
        return false
    }

    /// The numbers of a numeric column, nil for a text column.
    public var numbers: [Double]? {
        if case .numeric(let values, _) = content { return values }
        return nil
    }

    /// The strings of a text column, nil for a numeric column.
    public var texts: [String]? {
        if case .text(let values, _) = content { return values }
        return nil
    }

    /// How the column describes itself in a table's summary:
    /// `numeric`, `numeric, 2 missing`, `text, line 3: 'oops'`.
    public var kindDescription: String {
        switch content {
        case .numeric(_, let missing):
            return missing == 0 ? "numeric" : "numeric, \(missing) missing"
        case .text(_, let reason):
            return "text" + reason.suffix
        }
    }

    func rows(_ range: Range<Int>) -> Column {
        switch content {
        case .numeric(let values, _):
            return Column(name: name, numbers: Array(values[range]))
        case .text(let values, let reason):
            return Column(name: name, content: .text(Array(values[range]), reason: reason))
        }
    }
}

/// Why a column is text rather than numeric.
public enum TextReason: Sendable, Equatable {
    /// In a CSV file, the first field that is not a number: its line
    /// (1-based, the header is line 1) and its text.
    case field(line: Int, value: String)
    /// The column was built from strings.
    case givenAsText

    /// The summary's words after "text": `, line 3: 'oops'`, or nothing.
    var suffix: String {
        switch self {
        case .field(let line, let value): ", line \(line): '\(displayEscaped(value, limit: 40))'"
        case .givenAsText: ""
        }
    }
}

/// Errors from building or querying a table (not from reading CSV: see
/// `CSVError`).
public enum TableError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyColumnName
    case duplicateColumnName(String)
    case unequalLengths(column: String, length: Int, expected: Int)
    case noSuchColumn(String, suggestion: String?)
    case textColumn(String, reason: TextReason)

    /// The message, in one place; notes such as "did you mean" are in `note`.
    public var description: String {
        switch self {
        case .emptyColumnName:
            return "a column needs a name"
        case .duplicateColumnName(let name):
            return "two columns are named '\(name)'"
        case .unequalLengths(let column, let length, let expected):
            return "column '\(column)' has \(length) values, the table has \(expected) rows"
        case .noSuchColumn(let name, _):
            return "no column named '\(name)'"
        case .textColumn(let name, let reason):
            return "column '\(name)' is text\(reason.suffix), not numbers"
        }
    }

    /// A hint to show after the message, if any.
    public var note: String? {
        if case .noSuchColumn(_, let suggestion?) = self { return "did you mean '\(suggestion)'?" }
        return nil
    }
}

/// `text` with control characters written as escapes (`\n`, `\t`, `\r`,
/// `\u{7}`), so a value never breaks a line of output, and cut to `limit`
/// characters with "…" when longer.
func displayEscaped(_ text: String, limit: Int) -> String {
    let shown = text.count > limit ? text.prefix(max(0, limit - 1)) + "…" : Substring(text)
    var result = ""
    for character in shown {
        switch character {
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\r\n": result += "\\r\\n"
        case "\t": result += "\\t"
        default:
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
               scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.append(character)
            }
        }
    }
    return result
}
