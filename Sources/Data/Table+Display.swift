#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Core

/// How tables print. Pure functions of the table: nothing prints, and the
/// same table always gives the same text.
extension Table {
    /// The rows a table's summary shows.
    public static let summaryRowCount = 5
    /// Columns shown side by side in a grid, and kinds listed in a summary,
    /// before the rest is counted in a "… more columns" line.
    public static let displayColumnLimit = 20
    /// Text values longer than this many characters are cut with "…".
    public static let displayTextLimit = 24

    /// `244 rows × 7 columns` (singular for one).
    public var shapeDescription: String {
        let rowWord = rowCount == 1 ? "row" : "rows"
        let columnWord = columns.count == 1 ? "column" : "columns"
        return "\(rowCount) \(rowWord) × \(columns.count) \(columnWord)"
    }

    /// What a table prints as: its shape, each column's kind (indented), and
    /// its first rows as a grid, then how many rows are not shown.
    ///
    ///     4 rows × 2 columns
    ///       x: numeric
    ///       y: text, line 3: 'oops'
    ///        x     y
    ///     0  2     3
    ///     …
    public var summary: String { summary(showingRows: Self.summaryRowCount) }

    /// The summary with its first `count` rows in the grid.
    public func summary(showingRows count: Int) -> String {
        var lines = [shapeDescription]
        for column in columns.prefix(Self.displayColumnLimit) {
            lines.append("  \(displayEscaped(column.name, limit: 40)): \(column.kindDescription)")
        }
        if columns.count > Self.displayColumnLimit {
            lines.append("  … \(columns.count - Self.displayColumnLimit) more columns")
        }
        if rowCount > 0, !columns.isEmpty {
            lines.append(head(count).grid)
            if rowCount > count {
                let hidden = rowCount - count
                lines.append("… \(hidden) more \(hidden == 1 ? "row" : "rows")")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// All rows as an aligned grid, as `head(t, n)` and `describe(t)`
    /// print: a header line of column names, then one line per row led by
    /// its row name (or its 0-based index). Names and values are
    /// right-aligned, row labels left-aligned, columns two spaces apart.
    /// Numbers print in full when that takes at most 10 characters,
    /// otherwise to 6 significant digits (`%g`, as pandas shows them);
    /// missing values print as `nan`; text is cut at `displayTextLimit`
    /// characters, with control characters escaped. A table without
    /// columns (`describe()` of a table with no numeric column) prints as
    /// `(no columns)`.
    public var grid: String {
        if columns.isEmpty { return "(no columns)" }
        let shown = Array(columns.prefix(Self.displayColumnLimit))
        let labels = [""] + (0..<rowCount).map { row in
            rowNames.map { displayEscaped($0[row], limit: Self.displayTextLimit) } ?? String(row)
        }
        var cells: [[String]] = [labels]
        for column in shown {
            var texts = [displayEscaped(column.name, limit: Self.displayTextLimit)]
            switch column.content {
            case .numeric(let values, _):
                texts += values.map(displayNumber)
            case .text(let values, _):
                texts += values.map { displayEscaped($0, limit: Self.displayTextLimit) }
            }
            cells.append(texts)
        }
        let widths = cells.map { $0.reduce(0) { max($0, $1.count) } }
        var lines: [String] = []
        for row in 0...rowCount {
            var line = pad(cells[0][row], to: widths[0], right: false)
            for index in 1..<cells.count {
                line += "  " + pad(cells[index][row], to: widths[index], right: true)
            }
            lines.append(trimTrailingSpaces(line))
        }
        if columns.count > shown.count {
            lines.append("… \(columns.count - shown.count) more columns")
        }
        return lines.joined(separator: "\n")
    }
}

/// A number in a grid cell: in full (`formatNumber`) when that is at most
/// 10 characters, else `%.6g` (`0.30000000000000004` → `0.3`,
/// `19.785942622950824` → `19.7859`, `1234567890123` → `1.23457e+12`).
func displayNumber(_ value: Double) -> String {
    let full = formatNumber(value)
    if full.utf8.count <= 10 { return full }
    var buffer = [CChar](repeating: 0, count: 32)
    let written = buffer.withUnsafeMutableBufferPointer { pointer -> Int32 in
        guard let base = pointer.baseAddress else { return -1 }
        return withVaList([value]) { vsnprintf(base, 32, "%.6g", $0) }
    }
    guard written > 0 else { return full }
    return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

private func pad(_ text: String, to width: Int, right: Bool) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}

private func trimTrailingSpaces(_ line: String) -> String {
    var result = Substring(line)
    while result.last == " " { result.removeLast() }
    return String(result)
}
