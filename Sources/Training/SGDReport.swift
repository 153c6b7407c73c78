import Core

/// The text `sgd` prints: a table with one row per epoch — the epoch, the
/// loss over the whole table and the parameters — then `result.reason`.
///
/// Row 0 is the start. With `every K` (`configuration.reportEvery`) only
/// every K-th epoch is shown, plus the start and the last completed epoch;
/// without it, every epoch up to 25, and beyond that the selection descend's
/// report makes (`reportRows`): a long run does not stream thousands of rows.
/// A run stopped inside an epoch ends with a row labelled `E (part)` for the
/// point where it stopped. Numbers are rounded to `significantDigits`
/// (`formatNumber(_:significantDigits:)`), columns right-aligned and joined
/// by two spaces. Pure and deterministic; no trailing newline.
///
///     // sgd on D = table(x = [2, 3, 5, 8], y = [3, 6, 5, 12]), a line,
///     // rate 0.01, batch 2, epochs 3:
///     epoch     loss        θ0       θ1
///         0     53.5         0        0
///         1  2.55904     0.227   1.2247
///         2  1.99823  0.243854  1.32688
///         3  2.06725  0.265722  1.44858
///     Completed 3 epochs of 2 batches of 2 rows (6 steps); loss 2.067251037757545.
///
/// - Parameter parameterNames: one name per parameter, for the header
///   (`x1`, `x2`, … are used if the count does not match).
public func renderSGDReport(_ result: SGDResult, parameterNames: [String], significantDigits: Int = 6) -> String {
    let names = parameterNames.count == result.x.count
        ? parameterNames : (1...max(1, result.x.count)).map { "x\($0)" }
    var rows: [[String]] = [["epoch", "loss"] + names]
    func addRow(label: String, index: Int) {
        let point = result.path[index]
        rows.append(
            [label, formatNumber(result.losses[index], significantDigits: significantDigits)]
                + point.map { formatNumber($0, significantDigits: significantDigits) })
    }
    for epoch in reportRows(total: result.epochs, every: result.configuration.reportEvery) {
        addRow(label: String(epoch), index: epoch)
    }
    if result.endsInsideEpoch {
        addRow(label: "\(result.epochs + 1) (part)", index: result.path.count - 1)
    }
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    var lines = rows.map { cells in
        zip(cells, widths).map { cell, width in
            String(repeating: " ", count: width - cell.count) + cell
        }.joined(separator: "  ")
    }
    lines.append(result.reason)
    return lines.joined(separator: "\n")
}
