import Core

// Pure renderers: each turns a result into the text gd prints. Nothing here
// prints or reads state, so the same result always gives the same bytes.

/// The rows a descend report shows: `reportRows` (Core), the rule `sgd`'s
/// report shares.
public func descendReportSteps(totalSteps: Int, every: Int? = nil, pairs: Bool = false) -> [Int] {
    reportRows(total: totalSteps, every: every, pairs: pairs)
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
    // One parameter: the signed derivative, whose sign says which way the
    // next step goes, instead of the gradient's norm.
    let derivatives = signedDerivatives(result)
    let slopeHeader = derivatives != nil ? "dF/d\(result.parameterNames.first ?? "x")" : "‖∇F‖"
    let header = ["step"] + result.parameterNames + ["loss", slopeHeader]
    let alternates = alternationRatio(result) != nil
    let rows = descendReportSteps(totalSteps: result.steps, every: every, pairs: alternates).filter { $0 < result.path.count }.map { step in
        [String(step)] + result.path[step].map(formatCell) + [formatCell(result.losses[step]), formatCell(derivatives?[step] ?? result.gradientNorms[step])]
    }
    return renderTable(header: header, rows: rows) + "\n" + result.reason
}

/// F′ at each point of a one-parameter run, or nil (more parameters, or
/// Nesterov's rule, whose recorded gradients are at look-ahead points).
///
/// The run records ∇F(xₜ) for each update and ‖∇F‖ at each point; the last
/// point's sign is the one that agrees with the secant curvature recorded
/// for the last update, |F′(x_N) − F′(x_{N−1})| = L·|x_N − x_{N−1}| (when that
/// cannot decide, the norm is shown unsigned).
func signedDerivatives(_ run: DescendResult) -> [Double]? {
    guard run.parameterNames.count == 1, run.path.count == run.steps + 1, run.updateGradients.count == run.steps else { return nil }
    if case .nesterov = run.rule { return nil }
    guard run.steps > 0, let lastNorm = run.gradientNorms.last, let secant = run.secantCurvatures.last, !secant.isNaN else { return nil }
    var derivatives = (0..<run.steps).map { run.updateGradients[$0][0] }
    let previous = derivatives[run.steps - 1]
    let change = secant * abs(run.path[run.steps][0] - run.path[run.steps - 1][0])
    // The sign whose change from the previous derivative the secant measured.
    let positiveMisfit = abs(abs(lastNorm - previous) - change), negativeMisfit = abs(abs(-lastNorm - previous) - change)
    derivatives.append(positiveMisfit <= negativeMisfit ? lastNorm : -lastNorm)
    return derivatives
}

/// The minimize report, SciPy's record one field per line, then what kind of
/// point it stopped at.
///
///     message: Optimization terminated successfully.
///     success: true
///     fun: -0.6914096788765847
///     x: 5.326345459037857
///     nit: 7
///     jac: -9.101495379582048e-09
///     nfev: 8
///     njev: 8
///     stopped at: a minimum (second derivative 2.107)
public func renderMinimizeReport(_ result: MinimizeResult) -> String {
    var lines = [
        "message: \(result.message)",
        "success: \(result.success)",
        "fun: \(formatNumber(result.fun))",
        "x: \(formatParameters(result.x))",
        "nit: \(result.nit)",
    ]
    if let jac = result.jac { lines.append("jac: \(formatParameters(jac))") }
    lines.append("nfev: \(result.nfev)")
    lines.append("njev: \(result.njev)")
    if result.method == .newton { lines.append("nhev: \(result.nhev)") }
    if let kind = result.pointKind { lines.append("stopped at: \(kind.description)") }
    return lines.joined(separator: "\n")
}

/// Parameters as the result's value holds them: one parameter is a number
/// (`r.x` is 5.3, not [5.3]), more a vector; the report and `r.x` agree.
private func formatParameters(_ values: [Double]) -> String {
    values.count == 1 ? formatNumber(values[0]) : formatVector(values)
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
