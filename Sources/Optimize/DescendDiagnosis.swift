import Core
import Foundation

// The diagnoses are analyses of the path, never keyword rules. Each looks at the
// last updates (a window of up to 10) because that is what the user sees last
// and what will happen next.

/// The window of recent updates the diagnoses read.
private let diagnosisWindow = 10

/// αL below this is a small rate for curvature L: each update removes under 5% of
/// the gradient on a quadratic, where αL ≈ 1 would remove it all.
private let smallStepCurvatureProduct = 0.05

func diagnose(_ run: DescendResult, tolerance: Double) -> [DescendDiagnosis] {
    var found: [DescendDiagnosis] = []
    if case let .diverged(step) = run.stop {
        let curvature = curvatureAlongPath(run)
        let suggested = curvature.map { 1 / $0 }
        found.append(.diverging(step: step, curvature: curvature, suggestedRate: suggested))
        return found
    }
    if let bounce = bouncing(run) {
        // A bouncing run's gradient shrinks slowly or not at all; calling it crawling would
        // suggest a larger rate, the opposite of the cure.
        found.append(bounce)
    } else if !run.converged, run.stop == .stepLimit, let crawl = crawling(run, tolerance: tolerance) {
        found.append(crawl)
    }
    return found
}

/// Bouncing: over the last updates dₜ = xₜ₊₁ − xₜ each step reverses the previous
/// one (dₜ·dₜ₋₁ < 0, and in n-D the angle between them is over 120°) and the
/// steps do not shrink: the geometric mean ratio (|d_last|/|d_first|)^(1/(k−1))
/// is at least 0.95. Damped alternation that converges (ratio 1 − αL < 0.95,
/// for example the secret-number game at rate 0.75, ratio 0.5) is not bouncing.
/// Needs at least 4 updates. Names the last two points: the values it swings between.
func bouncing(_ run: DescendResult) -> DescendDiagnosis? {
    let path = run.path
    guard path.count >= 5 else { return nil }
    let first = max(0, path.count - 1 - diagnosisWindow)
    let deltas = (first..<(path.count - 1)).map { subtracting(path[$0 + 1], path[$0]) }
    for i in 1..<deltas.count {
        let product = dot(deltas[i], deltas[i - 1])
        let norms = euclideanNorm(deltas[i]) * euclideanNorm(deltas[i - 1])
        guard norms > 0, product < -0.5 * norms else { return nil }
    }
    guard let firstSize = deltas.first.map(euclideanNorm), let lastSize = deltas.last.map(euclideanNorm), firstSize > 0 else {
        return nil
    }
    let ratio = Foundation.pow(lastSize / firstSize, 1 / Double(deltas.count - 1))
    guard ratio >= 0.95 else { return nil }
    let a = path[path.count - 2], b = path[path.count - 1]
    let ordered = a.lexicographicallyPrecedes(b) ? (a, b) : (b, a)
    return .bouncing(between: ordered.0, and: ordered.1)
}

/// Crawling: reaching the tolerance ε from the last gradient norm gₙ would take
/// more than ten times the updates used, at the current pace.
///
/// When the gradient norm is shrinking over the last updates, the pace is its
/// mean per-update log-ratio r̄ = mean ln(‖∇F(xₜ₊₁)‖/‖∇F(xₜ)‖) < 0 (the linear
/// convergence rate), and the estimate is ln(gₙ/ε)/(−r̄) updates. When it is
/// not shrinking yet (a plateau, a concave stretch) there is no rate to
/// extrapolate, so the estimate is what the current rate α could do at the
/// curvature seen along the path: on a quadratic of curvature L each update
/// shrinks the gradient by |1 − αL| ≈ e^(−αL), so about ln(gₙ/ε)/(αL) updates,
/// with L the largest secant curvature. That model is only trusted to call a
/// run crawling when the rate is plainly small for the curvature (αL < 0.05):
/// a brisk run crossing a concave stretch is not crawling.
func crawling(_ run: DescendResult, tolerance: Double) -> DescendDiagnosis? {
    let norms = run.gradientNorms
    guard run.steps >= 2, let last = norms.last, last > tolerance, last.isFinite, let rate = run.rates.last else { return nil }
    let first = max(0, norms.count - 1 - diagnosisWindow)
    var logRatios: [Double] = []
    for t in first..<(norms.count - 1) where norms[t] > 0 && norms[t + 1] > 0 {
        logRatios.append(Foundation.log(norms[t + 1] / norms[t]))
    }
    guard !logRatios.isEmpty else { return nil }
    let mean = logRatios.reduce(0, +) / Double(logRatios.count)
    let curvature = largestSecantCurvature(run, upTo: run.steps)
    let pace: Double
    if mean < 0 {
        pace = -mean
    } else if let l = curvature, abs(rate) * l < smallStepCurvatureProduct {
        pace = abs(rate) * l
    } else {
        return nil
    }
    let distance = Foundation.log(last / tolerance)
    let needed = pace > 0 ? distance / pace : .infinity
    guard needed > 10 * Double(run.steps) else { return nil }
    return .crawling(stepsNeeded: needed, tolerance: tolerance, shrinking: mean < 0, curvature: curvature, rate: rate)
}

/// The largest secant curvature ‖∇F(xₜ₊₁) − ∇F(xₜ)‖/‖xₜ₊₁ − xₜ‖ over updates 0..<limit.
func largestSecantCurvature(_ run: DescendResult, upTo limit: Int) -> Double? {
    var largest: Double?
    for case let secant? in run.secantCurvatures.prefix(max(0, limit)) where secant > 0 && secant > (largest ?? 0) {
        largest = secant
    }
    return largest
}

/// L, the largest secant curvature ‖∇F(xₜ₊₁) − ∇F(xₜ)‖/‖xₜ₊₁ − xₜ‖ over the
/// updates up to the first whose loss rose above the start (the region the
/// run should have stayed in; further out the estimate only says how far it
/// flew). Plain gradient descent on a function with curvature L is stable only
/// for α < 2/L; 1/L is the safe suggestion.
func curvatureAlongPath(_ run: DescendResult) -> Double? {
    guard run.path.count >= 2 else { return nil }
    var limit = run.path.count - 1
    if let firstRise = run.losses.indices.dropFirst().first(where: { run.losses[$0] > run.losses[0] }) {
        limit = max(1, firstRise)
    }
    return largestSecantCurvature(run, upTo: limit)
}

/// The summary sentence (`.reason`).
func summarize(_ run: DescendResult, tolerance: Double?) -> String {
    let stepsWord = run.steps == 1 ? "step" : "steps"
    var sentences: [String] = []
    switch run.stop {
    case .stepLimit:
        sentences.append("Stopped after \(run.steps) \(stepsWord) (the step limit) at x = \(formatPoint(run.x, formatCell)), loss \(formatCell(run.fun)), gradient norm \(formatShort(run.gradientNorms.last ?? .nan)).")
    case .toleranceMet:
        sentences.append("Converged after \(run.steps) \(stepsWord): the gradient norm \(formatShort(run.gradientNorms.last ?? .nan)) is within tol \(formatNumber(tolerance ?? 0)); x = \(formatPoint(run.x, formatCell)), loss \(formatCell(run.fun)).")
    case .zeroGradient:
        sentences.append("Stopped after \(run.steps) \(stepsWord): the gradient is exactly zero at x = \(formatPoint(run.x, formatCell)), so no update can move.")
    case let .diverged(step):
        sentences.append("Diverged at step \(step): \(divergenceCause(run)).")
    case let .interrupted(step):
        sentences.append("Interrupted at step \(step) at x = \(formatPoint(run.x, formatCell)), loss \(formatCell(run.fun)).")
    }
    for diagnosis in run.diagnoses {
        switch diagnosis {
        case let .bouncing(a, b):
            sentences.append("It is bouncing back and forth between \(formatPoint(a)) and \(formatPoint(b)): the rate is too large to settle into the minimum; try a smaller rate.")
        case let .crawling(needed, tol, shrinking, curvature, rate):
            let count = needed.isFinite ? formatShort(needed.rounded()) : "infinitely many"
            var sentence = shrinking
                ? "It is crawling: at the current pace, reaching a gradient norm of \(formatNumber(tol)) would take about \(count) more steps"
                : "It is crawling: the gradient norm is not shrinking yet, and at this rate reaching \(formatNumber(tol)) would take about \(count) more steps"
            // Advise a larger rate only when the rate is small for the curvature seen;
            // otherwise the rate is sound and the run simply needs more steps.
            if let l = curvature, abs(rate) * l < smallStepCurvatureProduct {
                sentence += "; the rate is small for the curvature seen along the path (rate × curvature ≈ \(formatShort(abs(rate) * l)), where about 1 is fastest): try a larger rate."
            } else {
                sentence += "; give it more steps."
            }
            sentences.append(sentence)
        case let .diverging(_, curvature, suggested):
            if let l = curvature, let rate = suggested {
                sentences.append("The curvature along the path is about \(formatShort(l)) (secant of the gradient), so rates below 2/\(formatShort(l)) = \(formatShort(2 / l)) are stable there; try rate \(formatShort(rate)).")
            } else {
                sentences.append("Try a smaller rate.")
            }
        }
    }
    return sentences.joined(separator: " ")
}

private func divergenceCause(_ run: DescendResult) -> String {
    if run.steps == 0 {
        return "the loss or the gradient is not finite at the start (loss \(formatNumber(run.fun))), so there is nothing to descend"
    }
    if !run.fun.isFinite || !allFinite(run.x) {
        let point = allFinite(run.x) ? " at x = \(formatPoint(run.x, formatCell))" : ""
        if run.fun.isNaN && allFinite(run.x) {
            return "the loss became nan\(point), where the function is not defined"
        }
        return "the loss became \(formatNumber(run.fun))\(point)"
    }
    var since = run.losses.count - 1
    while since > 0 && run.losses[since] > run.losses[since - 1] { since -= 1 }
    return "the loss has risen at every step since step \(since), to \(formatShort(run.fun)), above its start \(formatShort(run.losses.first ?? .nan))"
}
