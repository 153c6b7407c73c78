import Core

/// A number for prose in reports and reasons: four significant digits.
func formatShort(_ value: Double) -> String { formatNumber(value, significantDigits: 4) }

/// A number for report tables: eight significant digits.
/// Zero prints as `0` whatever its sign: in a table `-0` only distracts.
func formatCell(_ value: Double) -> String { value == 0 ? "0" : formatNumber(value, significantDigits: 8) }

/// A vector as gd writes one, `[a, b]`, each element with `format`.
func formatVector(_ values: [Double], _ format: (Double) -> String = formatNumber) -> String {
    "[" + values.map(format).joined(separator: ", ") + "]"
}

/// A point in prose: a bare number for one parameter, a vector otherwise.
func formatPoint(_ values: [Double], _ format: (Double) -> String = formatShort) -> String {
    values.count == 1 ? format(values[0]) : formatVector(values, format)
}

/// Lays out rows of cells as a right-aligned table with a header and a rule.
func renderTable(header: [String], rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in String(repeating: " ", count: widths[i] - cell.count) + cell }
            .joined(separator: "  ")
    }
    var lines = [line(header)]
    lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    for row in rows { lines.append(line(row)) }
    return lines.joined(separator: "\n")
}
