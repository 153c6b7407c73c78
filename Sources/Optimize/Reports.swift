import Core

// Pure renderers: each turns a result into the text gd prints. Nothing here
// prints or reads state, so the same result always gives the same bytes.

/// The rows a descend report shows: every update when there are at most 25;
/// with `every` K, steps 0, K, 2K, … and the last; otherwise steps 0–10, then
/// every multiple of a round interval (1, 2 or 5 × 10ᵏ) chosen so about ten
/// more rows follow, and the last. With `pairs` (a run whose steps alternate
/// in direction) each selected row after step 10 comes with the next, so a
/// selection of every other step does not hide the alternation.
public func descendReportSteps(totalSteps: Int, every: Int? = nil, pairs: Bool = false) -> [Int] {
    guard totalSteps > 0 else { return [0] }
    var rows: [Int]
    if let k = every, k >= 1 {
        rows = Array(stride(from: 0, through: totalSteps, by: k))
    } else if totalSteps <= 25 {
        rows = Array(0...totalSteps)
    } else {
        rows = Array(0...10)
        let interval = roundInterval(atLeast: Double(totalSteps - 10) / 10)
        var step = (10 / interval + 1) * interval
        while step < totalSteps {
            rows.append(step)
            let (next, overflow) = step.addingReportingOverflow(interval)
            if overflow { break }
            step = next
        }
    }
    if pairs, every == nil, totalSteps > 25 {
        var paired: [Int] = []
        for row in rows where paired.last.map({ row > $0 }) ?? true {
            paired.append(row)
            if row > 10, row < totalSteps { paired.append(row + 1) }
        }
        rows = paired
    }
    if rows.last != totalSteps { rows.append(totalSteps) }
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

/// The descend report: a table (step, each parameter by name, loss, gradient
/// norm ‖∇F‖, to 8 significant digits; the step column shows where rows are
/// skipped), then the summary sentence.
///
///     step          x          loss           ‖∇F‖
///     ----  ---------  ------------  -------------
///        0          4             0            0.4
///        1       4.12  -0.053566464      0.4909888
///     …
///     Stopped after 19 steps (the step limit) at x = 5.3263441, loss -0.69140968, gradient norm 2.92e-06.
public func renderDescendReport(_ result: DescendResult, every: Int? = nil) -> String {
    let header = ["step"] + result.parameterNames + ["loss", "‖∇F‖"]
    let alternates = alternationRatio(result) != nil
    let rows = descendReportSteps(totalSteps: result.steps, every: every, pairs: alternates).filter { $0 < result.path.count }.map { step in
        [String(step)] + result.path[step].map(formatCell) + [formatCell(result.losses[step]), formatCell(result.gradientNorms[step])]
    }
    return renderTable(header: header, rows: rows) + "\n" + result.reason
}

/// The minimize report, SciPy's record one field per line, then what kind of
/// point it stopped at.
///
///     message: Optimization terminated successfully.
///     success: true
///     fun: -0.6914096788765847
///     x: [5.326345459037857]
///     nit: 7
///     jac: [-9.101495379582048e-09]
///     nfev: 8
///     njev: 8
///     stopped at: a minimum (second derivative 2.107)
public func renderMinimizeReport(_ result: MinimizeResult) -> String {
    var lines = [
        "message: \(result.message)",
        "success: \(result.success)",
        "fun: \(formatNumber(result.fun))",
        "x: \(formatVector(result.x))",
        "nit: \(result.nit)",
    ]
    if let jac = result.jac { lines.append("jac: \(formatVector(jac))") }
    lines.append("nfev: \(result.nfev)")
    lines.append("njev: \(result.njev)")
    if result.method == .newton { lines.append("nhev: \(result.nhev)") }
    if let kind = result.pointKind { lines.append("stopped at: \(kind.description)") }
    return lines.joined(separator: "\n")
}

/// The gradcheck report: one row per parameter (analytic, numeric, relative
/// error), then the verdict sentence.
public func renderGradientCheckReport(_ result: GradientCheckResult) -> String {
    let header = ["parameter", "analytic", "numeric", "relative error"]
    let rows = result.point.indices.map { i in
        [
            i < result.parameterNames.count ? result.parameterNames[i] : "x\(i)",
            formatCell(i < result.analytic.count ? result.analytic[i] : .nan),
            formatCell(result.numeric[i]),
            formatShort(result.relativeErrors[i]),
        ]
    }
    return renderTable(header: header, rows: rows) + "\n" + result.summary
}

/// The classify report: value, gradient, Hessian eigenvalues and the kind of point.
public func renderClassification(_ result: PointClassification) -> String {
    [
        "at: \(formatVector(result.point))",
        "value: \(formatNumber(result.value))",
        "gradient: \(formatVector(result.gradient))",
        "eigenvalues: \(formatVector(result.eigenvalues))" + (result.hessianIsApproximate ? " (finite differences)" : ""),
        "kind: \(result.kind.rawValue)",
        "This is \(result.description).",
    ].joined(separator: "\n")
}

/// The stationary-points report for one parameter over [a, b]: one line per point.
public func renderStationaryPoints(_ points: [StationaryPoint], parameterName: String, from a: Double, to b: Double) -> String {
    guard !points.isEmpty else {
        return "No stationary points in [\(formatNumber(a)), \(formatNumber(b))]."
    }
    let header = [parameterName, "value", "second derivative", "kind"]
    let rows = points.map { [formatCell($0.x), formatCell($0.value), formatShort($0.secondDerivative), $0.kind.rawValue] }
    return renderTable(header: header, rows: rows)
}

/// The report of `stationary F from P` (Newton's method on ∇F = 0): why it
/// stopped, then the classification of the point it reached.
public func renderNewtonStationary(_ result: NewtonStationaryResult) -> String {
    result.reason + "\n" + renderClassification(result.classification)
}
