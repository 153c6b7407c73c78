import Core

/// How well an analytic gradient agrees with central differences.
public enum GradientCheckVerdict: String, Sendable, Equatable {
    /// Worst relative error below 10⁻⁶.
    case correct
    /// Below 10⁻⁴: agreement to about four digits, usual near a kink (`abs`, `max`, `hinge`).
    case probablyCorrect = "probably correct"
    /// Below 10⁻²: something may be off.
    case suspicious
    /// 10⁻² or more: the gradient is wrong.
    case wrong
}

/// `gradcheck F at P [grad G] [h δ]`.
public struct GradientCheckResult: Sendable {
    public var parameterNames: [String]
    public var point: [Double]
    /// F(P).
    public var value: Double
    /// The gradient being checked (the objective's, or the supplied one).
    public var analytic: [Double]
    /// (F(P + hᵢeᵢ) − F(P − hᵢeᵢ)) / 2hᵢ, or with `forward` (F(P + hᵢeᵢ) − F(P)) / hᵢ.
    public var numeric: [Double]
    /// True for one-sided (forward) differences.
    public var forward: Bool
    /// |analyticᵢ − numericᵢ| / max(|analyticᵢ|, |numericᵢ|, noise), 0 when both are 0.
    public var relativeErrors: [Double]
    /// The hᵢ used.
    public var steps: [Double]
    public var verdict: GradientCheckVerdict
    /// An English sentence with the verdict and the worst component.
    public var summary: String
}

/// Compares a gradient with central differences of the objective alone
/// (CS231n's "gradient check"): for each i, nᵢ = (F(x + hᵢeᵢ) − F(x − hᵢeᵢ))/2hᵢ,
/// whose error is O(h²) truncation plus O(ε|F|/h) rounding; hᵢ = `step`, or
/// 10⁻⁵·max(1, |xᵢ|) by default (near the optimum ε^(1/3) of that balance).
/// The relative error's denominator has a floor of 10·ε·max(1, |F|)/hᵢ, the
/// rounding noise of the difference itself, so two values that are both zero
/// up to noise do not count as disagreeing.
///
/// With `forward`, the one-sided difference the CS231n slide computes,
/// nᵢ = (F(x + hᵢeᵢ) − F(x))/hᵢ: its truncation error is O(h), so a correct
/// gradient typically agrees only to about h·|F″|/|F′| (often "probably correct").
///
/// - Parameter suppliedGradient: a hand-written gradient to check instead of the objective's.
public func gradientCheck(
    _ objective: any Objective, at x: [Double], suppliedGradient: (([Double]) throws -> [Double])? = nil, step: Double? = nil,
    forward useForward: Bool = false
) throws -> GradientCheckResult {
    try validateStart(x, for: objective)
    let value = try objective.value(x)
    let analytic = try suppliedGradient?(x) ?? objective.gradient(x)
    try validateGradient(analytic, count: x.count)
    var numeric: [Double] = []
    var errors: [Double] = []
    var steps: [Double] = []
    for i in x.indices {
        if Interrupt.isRequested { throw Interrupted() }
        let h = step ?? 1e-5 * max(1, abs(x[i]))
        var forward = x, backward = x
        forward[i] += h
        if !useForward { backward[i] -= h }
        let fPlus = try objective.value(forward), fMinus = useForward ? value : try objective.value(backward)
        let actualStep = forward[i] - backward[i]
        let estimate = (fPlus - fMinus) / actualStep
        let a = i < analytic.count ? analytic[i] : .nan
        let noise = 10 * Double.ulpOfOne * max(1, abs(value)) / (useForward ? actualStep : actualStep / 2)
        let difference = abs(a - estimate)
        let error = (a == estimate) ? 0 : difference / max(abs(a), abs(estimate), noise)
        numeric.append(estimate)
        errors.append(error)
        steps.append(h)
    }
    let worst = errors.indices.max { lhs, rhs in
        // NaN counts as the worst.
        errors[lhs].isNaN ? false : (errors[rhs].isNaN || errors[lhs] < errors[rhs])
    }
    let worstError = worst.map { errors[$0] } ?? 0
    let verdict: GradientCheckVerdict
    if !(worstError < 1e-2) {
        verdict = .wrong
    } else if worstError < 1e-6 {
        verdict = .correct
    } else if worstError < 1e-4 {
        verdict = .probablyCorrect
    } else {
        verdict = .suspicious
    }
    let names = objective.parameterNames
    var summary: String
    let differences = useForward ? "forward differences" : "central differences"
    switch verdict {
    case .correct: summary = "The gradient is correct: every component agrees with \(differences) to a relative error below 1e-06"
    case .probablyCorrect:
        let usual = useForward ? "usual for one-sided differences, whose error is O(h)" : "usual near a kink"
        summary = "The gradient is probably correct: components agree to a relative error below 1e-04 (\(usual))"
    case .suspicious: summary = "The gradient is suspicious: some component disagrees with \(differences) by a relative error of 1e-04 or more"
    case .wrong: summary = "The gradient is wrong: some component disagrees with \(differences) by a relative error of 1e-02 or more"
    }
    if let index = worst, x.count > 0 {
        let name = index < names.count ? names[index] : "x\(index)"
        summary += "; the worst is ∂/∂\(name), \(formatCell(analytic.indices.contains(index) ? analytic[index] : .nan)) against \(formatCell(numeric[index])) (relative error \(formatShort(worstError)))"
    }
    summary += "."
    return GradientCheckResult(
        parameterNames: names, point: x, value: value, analytic: analytic, numeric: numeric, forward: useForward,
        relativeErrors: errors, steps: steps, verdict: verdict, summary: summary)
}
