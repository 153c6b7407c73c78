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

/// Alternation whose steps shrink by less than this a step has not settled:
/// it is bouncing (the rule LANGUAGE.md states names two values it swings
/// between). At 1 − αL = −0.98 (rate 0.99 on x²) the run does converge, by
/// damped alternation, and is not bouncing.
private let bouncingRatio = 0.995
/// Alternation whose steps grow by more than this a step is divergence.
private let growingRatio = 1.02
/// Damped alternation shrinking slower than this a step is worth a note.
private let slowAlternationRatio = 0.9
/// Loss increments growing this much over a short rising streak are
/// divergence, before the five-rising-steps rule can fire.
private let explosiveGrowth = 1000.0

func diagnose(_ run: DescendResult, tolerance: Double) -> [DescendDiagnosis] {
    var found: [DescendDiagnosis] = []
    if case let .diverged(step) = run.stop {
        found.append(diverging(run, from: step))
        return found
    }
    if let step = explosiveLossGrowth(run) {
        found.append(diverging(run, from: step))
        return found
    }
    if let alternation = alternation(run) {
        // A bouncing run's gradient shrinks slowly or not at all; calling it crawling would
        // suggest a larger rate, the opposite of the cure.
        found.append(alternation)
    } else if let saddle = saddle(run) {
        // Slow progress at a saddle is not crawling: a larger rate is not the cure.
        found.append(saddle)
    } else if !run.converged, run.stop == .stepLimit, let crawl = crawling(run, tolerance: tolerance) {
        found.append(crawl)
    }
    return found
}

/// The gradient shrinking by this factor from its largest, with a direction
/// of negative curvature, is a saddle point being approached or passed.
private let saddleShrink = 100.0

/// A saddle point: the gradient has shrunk at least a hundredfold from its
/// largest along the path, and along some parameter F curves downward, as
/// the last update's secant says, hᵢ = (gᵢ(t) − gᵢ(t−1))/(xᵢ(t) − xᵢ(t−1)) < 0,
/// while along another it curves upward (so not a maximum). The parameter
/// with the most negative hᵢ is the way out; its steps grow by 1 − α·hᵢ a
/// step. Uses the recorded update gradients, so not with Nesterov's rule
/// (gradients at look-ahead points) and only with at least two parameters
/// and two updates.
func saddle(_ run: DescendResult) -> DescendDiagnosis? {
    let n = run.path.dimension
    guard n >= 2, run.steps >= 2, run.updateGradients.count == run.steps, !run.converged else { return nil }
    if case .nesterov = run.rule { return nil }
    let t = run.steps - 1
    var curvatures: [Double?] = []
    for i in 0..<n {
        let dx = run.path[t][i] - run.path[t - 1][i]
        let dg = run.updateGradients[t][i] - run.updateGradients[t - 1][i]
        curvatures.append(dx != 0 && dg.isFinite ? dg / dx : nil)
    }
    // The curvature signs first: they rule out most runs without a pass over the record.
    guard curvatures.contains(where: { ($0 ?? 0) > 0 }),
          let way = curvatures.indices.filter({ (curvatures[$0] ?? 0) < 0 }).min(by: { (curvatures[$0] ?? 0) < (curvatures[$1] ?? 0) }),
          let curvature = curvatures[way] else { return nil }
    guard let largest = run.gradientNorms.max(), let last = run.gradientNorms.last, largest.isFinite, last > 0,
          largest / last >= saddleShrink else { return nil }
    let before = abs(run.path[t][way] - run.path[t - 1][way]), after = abs(run.path[t + 1][way] - run.path[t][way])
    guard before > 0, after > before else { return nil }
    return .saddle(near: run.x, shrink: largest / last, parameter: way, curvature: curvature, growth: after / before)
}

private func diverging(_ run: DescendResult, from step: Int) -> DescendDiagnosis {
    let curvature = curvatureAlongPath(run)
    return .diverging(step: step, curvature: curvature, suggestedRate: curvature.map { 1 / $0 })
}

/// Divergence in a run too short for the five-rising-steps rule: the loss
/// rose at each of the last updates (at least 2) and its increase grew at
/// least a thousandfold over them (`descend q from 4 rate 1e6 steps 3` takes
/// the loss from 0 to 2e290). The step the rise began, or nil.
func explosiveLossGrowth(_ run: DescendResult) -> Int? {
    let losses = run.losses
    guard losses.count >= 3 else { return nil }
    var start = losses.count - 1
    while start > 0, losses.count - start <= 5, losses[start] > losses[start - 1] { start -= 1 }
    let rises = losses.count - 1 - start
    // (The whole record is checked only for a run whose last updates rose.)
    guard rises >= 2, losses.allSatisfy(\.isFinite) else { return nil }
    let firstIncrease = losses[start + 1] - losses[start]
    let lastIncrease = losses[losses.count - 1] - losses[losses.count - 2]
    guard firstIncrease > 0, lastIncrease >= explosiveGrowth * firstIncrease, losses[losses.count - 1] > losses[0] else { return nil }
    return start + 1
}

/// The ratio by which the last updates' steps grow or shrink when each
/// reverses the previous one, or nil when they do not alternate.
///
/// Over the last updates dₜ = xₜ₊₁ − xₜ each step must reverse the previous one
/// (dₜ·dₜ₋₁ < 0, and in n-D the angle between them is over 120°); the ratio is
/// the geometric mean (|d_last|/|d_first|)^(1/(k−1)). Needs at least 4 updates.
func alternationRatio(_ run: DescendResult) -> Double? {
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
    return ratio.isFinite ? ratio : nil
}

/// What alternating steps mean, by how their size changes a step:
/// - growing (ratio above 1.02): each step overshoots further — divergence,
///   even before the loss has risen five times;
/// - steady (0.995 to 1.02): bouncing between the last two points;
/// - shrinking slowly (0.9 to 0.995): damped alternation that converges, but
///   slowly, when the run has not met its tolerance;
/// - shrinking faster (for example the secret-number game at rate 0.75,
///   ratio 0.5): converging well, nothing to say.
func alternation(_ run: DescendResult) -> DescendDiagnosis? {
    guard let ratio = alternationRatio(run) else { return nil }
    let path = run.path
    if ratio > growingRatio {
        // The step the growing swings began: the first of the window's updates.
        return diverging(run, from: max(1, path.count - 1 - diagnosisWindow))
    }
    if ratio >= bouncingRatio {
        let a = path[path.count - 2], b = path[path.count - 1]
        let ordered = a.lexicographicallyPrecedes(b) ? (a, b) : (b, a)
        return .bouncing(between: ordered.0, and: ordered.1)
    }
    if ratio >= slowAlternationRatio, !run.converged {
        let curvature = largestSecantCurvature(run, upTo: run.steps)
        return .alternating(ratio: ratio, curvature: curvature, suggestedRate: curvature.map { 1 / $0 })
    }
    return nil
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
    // (An undefined secant is NaN, which no comparison admits.)
    for secant in run.secantCurvatures.prefix(max(0, limit)) where secant > 0 && secant > (largest ?? 0) {
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
        case let .alternating(ratio, curvature, suggested):
            var sentence = "It alternates around the minimum, each step reversing the last, and shrinks slowly (by ×\(formatShort(ratio)) a step): the rate is a little too large"
            if let l = curvature, let rate = suggested {
                sentence += "; for the curvature seen along the path (about \(formatShort(l))) the rate that converges fastest is about 1/\(formatShort(l)) = \(formatShort(rate))"
            }
            sentences.append(sentence + ".")
        case let .saddle(point, shrink, parameter, curvature, growth):
            let name = parameter < run.parameterNames.count ? run.parameterNames[parameter] : "x\(parameter + 1)"
            let direction = run.path[run.steps][parameter] >= run.path[run.steps - 1][parameter] ? "increasing" : "decreasing"
            sentences.append("It is at or passing a saddle point near \(formatPoint(point)): the gradient has shrunk \(formatShort(shrink))-fold from its largest, but F curves downward along \(name) (curvature about \(formatShort(curvature))), so the run will leave along \(name), \(direction) it, its steps growing ×\(formatShort(growth)) a step.")
        case let .diverging(step, curvature, suggested):
            if run.steps == 0 {
                // Not finite at the start: no rate would help.
                break
            }
            if case .diverged = run.stop {} else {
                sentences.append(growthSentence(run, from: step))
            }
            if let l = curvature, let rate = suggested {
                sentences.append("The curvature along the path is about \(formatShort(l)) (secant of the gradient), so rates below 2/\(formatShort(l)) = \(formatShort(2 / l)) are stable there; try rate \(formatShort(rate)).")
            } else {
                sentences.append("Try a smaller rate.")
            }
        }
    }
    return sentences.joined(separator: " ")
}

/// Why a run still below the five-rising-steps rule is diverging.
private func growthSentence(_ run: DescendResult, from step: Int) -> String {
    if let ratio = alternationRatio(run), ratio > growingRatio {
        return "It is diverging: each step overshoots the minimum further than the last (×\(formatShort(ratio)) a step), so the swings grow without end."
    }
    let start = run.losses[max(0, step - 1)]
    return "It is diverging: the loss has risen at every step since step \(max(0, step - 1)), by orders of magnitude, from \(formatShort(start)) to \(formatShort(run.fun))."
}

/// Coordinates (or losses) beyond this are far outside any sensible region:
/// a nan there comes from overflow (inf − inf), not from a point where F is
/// undefined.
private let overflowScale = 1e100

private func divergenceCause(_ run: DescendResult) -> String {
    if run.steps == 0 {
        return "the loss or the gradient is not finite at the start (loss \(formatNumber(run.fun))), so there is nothing to descend; a value F uses is missing (nan) or F is not defined there"
    }
    if !run.fun.isFinite || !allFinite(run.x) {
        let point = allFinite(run.x) ? " at x = \(formatPoint(run.x, formatCell))" : ""
        let previousLoss = run.losses.count >= 2 ? run.losses[run.losses.count - 2] : 0
        let far = run.x.contains { abs($0) > overflowScale } || abs(previousLoss) > overflowScale
        if run.fun.isNaN && allFinite(run.x) && far {
            return "the loss overflowed\(point): after steps far too large, F's terms there exceed the largest double, and inf − inf is nan"
        }
        if run.fun.isNaN && allFinite(run.x) {
            return "the loss became nan\(point), where the function is not defined"
        }
        return "the loss became \(formatNumber(run.fun))\(point)"
    }
    var since = run.losses.count - 1
    while since > 0 && run.losses[since] > run.losses[since - 1] { since -= 1 }
    return "the loss has risen at every step since step \(since), to \(formatShort(run.fun)), above its start \(formatShort(run.losses.first ?? .nan))"
}
