/// The rows a long report shows (descend's steps, sgd's epochs), one rule
/// for both: every row when there are at most 25; with `every` K, rows 0,
/// K, 2K, … and the last; otherwise rows 0–10, then every multiple of a
/// round interval (1, 2 or 5 × 10ᵏ) chosen so about ten more rows follow,
/// and the last. With `pairs` (a run whose steps alternate in direction)
/// each selected row after row 10 comes with the next, so a selection of
/// every other step does not hide the alternation.
public func reportRows(total: Int, every: Int? = nil, pairs: Bool = false) -> [Int] {
    guard total > 0 else { return [0] }
    var rows: [Int]
    if let k = every, k >= 1 {
        rows = Array(stride(from: 0, through: total, by: k))
    } else if total <= 25 {
        rows = Array(0...total)
    } else {
        rows = Array(0...10)
        let interval = roundInterval(atLeast: Double(total - 10) / 10)
        var row = (10 / interval + 1) * interval
        while row < total {
            rows.append(row)
            let (next, overflow) = row.addingReportingOverflow(interval)
            if overflow { break }
            row = next
        }
    }
    if pairs, every == nil, total > 25 {
        var paired: [Int] = []
        for row in rows where paired.last.map({ row > $0 }) ?? true {
            paired.append(row)
            if row > 10, row < total { paired.append(row + 1) }
        }
        rows = paired
    }
    if rows.last != total { rows.append(total) }
    return rows
}

/// The smallest of 1, 2, 5, 10, 20, 50, … that is at least `minimum`.
private func roundInterval(atLeast minimum: Double) -> Int {
    var decade = 1
    while true {
        for factor in [1, 2, 5] where Double(factor * decade) >= minimum { return factor * decade }
        let (next, overflow) = decade.multipliedReportingOverflow(by: 10)
        if overflow { return decade }
        decade = next
    }
}
