import Core

extension Table {
    /// The table as CSV text that `parseCSV` (and so `load`) reads back to
    /// the same table, bit for bit.
    ///
    /// - Numbers are written in their shortest form that reads back to the
    ///   same double (Swift's `description`, Python's repr: 17 significant
    ///   digits at most), `-0` and subnormals included; infinities as `inf`
    ///   and `-inf`; a missing value (NaN) as `nan`, which the reader counts
    ///   as missing (not as an empty field: a row of one empty field would
    ///   be a blank line, which the reader skips).
    /// - Text values and names are quoted when the reader would otherwise
    ///   change them: when they hold `,`, `"`, a line break, start or end
    ///   with a space or a tab, or are empty. Quoting never changes a
    ///   field's type, and a column is text only when one of its values is
    ///   not a number, so a text column stays text.
    /// - Row names become a first column with an empty header, which the
    ///   reader takes as row names.
    public var csvText: String {
        var text = ""
        var header: [String] = rowNames == nil ? [] : [""]
        header += columns.map { csvField($0.name) }
        text += header.joined(separator: ",") + "\n"
        for row in 0..<rowCount {
            var fields: [String] = []
            if let rowNames { fields.append(csvField(rowNames[row])) }
            for column in columns {
                switch column.content {
                case .numeric(let values, _):
                    fields.append(formatNumber(values[row]))
                case .text(let values, _):
                    fields.append(csvField(values[row]))
                }
            }
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }
}

/// A text field as CSV: quoted (with `""` for a quote) when reading it
/// unquoted would split it, trim it or lose it.
func csvField(_ value: String) -> String {
    let needsQuotes = value.isEmpty
        || value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        || value.first == " " || value.first == "\t" || value.last == " " || value.last == "\t"
    guard needsQuotes else { return value }
    var quoted = "\""
    for character in value {
        quoted.append(character)
        if character == "\"" { quoted.append("\"") }
    }
    return quoted + "\""
}
