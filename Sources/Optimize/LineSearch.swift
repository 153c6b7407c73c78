// Line searches along x + α·p, ported from SciPy (scipy/optimize/_dcsrch.py and
// _linesearch.py, SciPy 1.17) so that BFGS takes the same steps and counts the
// same evaluations as `scipy.optimize.minimize(method="BFGS")`.
//
// Moré & Thuente, "Line search algorithms with guaranteed sufficient
// decrease", ACM TOMS 20 (1994) 286–307 (MINPACK-2 `dcsrch`/`dcstep`); and
// Nocedal & Wright, "Numerical Optimization" (2nd ed.), Algorithms 3.5–3.6
// (SciPy's `line_search_wolfe2`, the fallback).

/// φ(α) = F(x + α·p) and φ′(α) = ∇F(x + α·p)·p over a counting objective,
/// remembering the gradient at the last point where φ′ was asked.
final class LineFunction {
    let objective: CountingObjective
    let origin: [Double]
    let direction: [Double]
    private(set) var lastGradient: [Double]?

    init(objective: CountingObjective, origin: [Double], direction: [Double]) {
        self.objective = objective
        self.origin = origin
        self.direction = direction
    }

    func point(_ alpha: Double) -> [Double] { adding(origin, alpha, direction) }

    func value(_ alpha: Double) throws -> Double { try objective.value(point(alpha)) }

    func derivative(_ alpha: Double) throws -> Double {
        let gradient = try objective.gradient(point(alpha))
        lastGradient = gradient
        return dot(gradient, direction)
    }

    func valueAndDerivative(_ alpha: Double) throws -> (Double, Double) {
        let joint = try objective.valueAndGradient(point(alpha))
        lastGradient = joint.gradient
        return (joint.value, dot(joint.gradient, direction))
    }
}

/// The outcome of a successful line search.
struct LineSearchStep {
    var step: Double
    var value: Double
    /// ∇F at the accepted point, when the search evaluated it there.
    var gradient: [Double]?
}

/// SciPy's first trial step: α₁ = min(1, 1.01·2(φ(0) − φ_prev)/φ′(0)), the step
/// that would repeat the previous iteration's decrease; 1 when that is negative.
func initialStep(value: Double, previousValue: Double?, slope: Double) -> Double {
    guard let previous = previousValue, slope != 0 else { return 1 }
    let alpha = min(1.0, 1.01 * 2 * (value - previous) / slope)
    return alpha < 0 ? 1 : alpha
}

/// SciPy's `_line_search_wolfe12`: Moré–Thuente first, the Nocedal–Wright
/// zoom search if that fails, nil when both fail.
func wolfeLineSearch(
    _ line: LineFunction, value: Double, previousValue: Double?, slope: Double,
    c1: Double = 1e-4, c2: Double = 0.9, minimumStep: Double = 1e-100, maximumStep: Double = 1e100
) throws -> LineSearchStep? {
    let first = initialStep(value: value, previousValue: previousValue, slope: slope)
    var search = MoreThuenteSearch(
        sufficientDecrease: c1, curvature: c2, stepTolerance: 1e-14,
        minimumStep: minimumStep, maximumStep: maximumStep)
    if let found = try search.run(line, initialStep: first, value: value, slope: slope) {
        return LineSearchStep(step: found.step, value: found.value, gradient: line.lastGradient)
    }
    return try zoomLineSearch(
        line, value: value, previousValue: previousValue, slope: slope, c1: c1, c2: c2, maximumStep: maximumStep)
}

/// MINPACK-2's `dcsrch`: finds α with the strong Wolfe conditions
/// φ(α) ≤ φ(0) + c₁αφ′(0) and |φ′(α)| ≤ c₂|φ′(0)|, keeping an interval that
/// brackets a minimiser of ψ(α) = φ(α) − φ(0) − c₁αφ′(0) and choosing trial
/// steps by safeguarded cubic and quadratic interpolation (`dcstep`).
/// Each trial evaluates φ and φ′ together.
struct MoreThuenteSearch {
    let sufficientDecrease: Double  // ftol = c₁
    let curvature: Double  // gtol = c₂
    let stepTolerance: Double  // xtol
    let minimumStep: Double
    let maximumStep: Double

    private var bracketed = false
    private var stage = 1
    private var initialValue = 0.0, initialSlope = 0.0, slopeTest = 0.0
    private var width = 0.0, previousWidth = 0.0
    private var stx = 0.0, fx = 0.0, gx = 0.0
    private var sty = 0.0, fy = 0.0, gy = 0.0
    private var stepMin = 0.0, stepMax = 0.0

    init(sufficientDecrease: Double, curvature: Double, stepTolerance: Double, minimumStep: Double, maximumStep: Double) {
        self.sufficientDecrease = sufficientDecrease
        self.curvature = curvature
        self.stepTolerance = stepTolerance
        self.minimumStep = minimumStep
        self.maximumStep = maximumStep
    }

    private enum Task { case evaluate, converged, warning, error }

    /// Runs at most 100 trials; nil on a warning, an error or no convergence
    /// (SciPy then falls back to the zoom search).
    mutating func run(_ line: LineFunction, initialStep: Double, value: Double, slope: Double) throws -> (step: Double, value: Double)? {
        var step = initialStep
        guard start(step: step, value: value, slope: slope) else { return nil }
        for _ in 0..<100 {
            let (f, g) = try line.valueAndDerivative(step)
            let (next, task) = iterate(step: step, value: f, slope: g)
            switch task {
            case .converged: return (step, f)
            case .warning, .error: return nil
            case .evaluate:
                if !next.isFinite { return nil }
                step = next
            }
        }
        return nil
    }

    private mutating func start(step: Double, value f: Double, slope g: Double) -> Bool {
        if step < minimumStep || step > maximumStep || g >= 0 || !(g.isFinite) { return false }
        bracketed = false
        stage = 1
        initialValue = f
        initialSlope = g
        slopeTest = sufficientDecrease * g
        width = maximumStep - minimumStep
        previousWidth = width / 0.5
        stx = 0; fx = f; gx = g
        sty = 0; fy = f; gy = g
        stepMin = 0
        stepMax = step + 4 * step
        return true
    }

    private mutating func iterate(step stepIn: Double, value f: Double, slope g: Double) -> (Double, Task) {
        var stp = stepIn
        let valueTest = initialValue + stp * slopeTest
        if stage == 1 && f <= valueTest && g >= 0 { stage = 2 }
        // Warnings first, convergence last: the last assignment wins, as in MINPACK.
        var task = Task.evaluate
        if bracketed && (stp <= stepMin || stp >= stepMax) { task = .warning }
        if bracketed && stepMax - stepMin <= stepTolerance * stepMax { task = .warning }
        if stp == maximumStep && f <= valueTest && g <= slopeTest { task = .warning }
        if stp == minimumStep && (f > valueTest || g >= slopeTest) { task = .warning }
        if f <= valueTest && abs(g) <= curvature * -initialSlope { task = .converged }
        if task != .evaluate { return (stp, task) }

        if stage == 1 && f <= fx && f > valueTest {
            // Stage 1 works on the modified function ψ, whose values and slopes shift by the test line.
            var fxm = fx - stx * slopeTest
            var fym = fy - sty * slopeTest
            var gxm = gx - slopeTest, gym = gy - slopeTest
            let fm = f - stp * slopeTest, gm = g - slopeTest
            Self.takeStep(&stx, &fxm, &gxm, &sty, &fym, &gym, &stp, fm, gm, &bracketed, stepMin, stepMax)
            fx = fxm + stx * slopeTest
            fy = fym + sty * slopeTest
            gx = gxm + slopeTest
            gy = gym + slopeTest
        } else {
            var (x, fX, gX, y, fY, gY) = (stx, fx, gx, sty, fy, gy)
            Self.takeStep(&x, &fX, &gX, &y, &fY, &gY, &stp, f, g, &bracketed, stepMin, stepMax)
            (stx, fx, gx, sty, fy, gy) = (x, fX, gX, y, fY, gY)
        }
        if bracketed {
            if abs(sty - stx) >= 0.66 * previousWidth { stp = stx + 0.5 * (sty - stx) }
            previousWidth = width
            width = abs(sty - stx)
            stepMin = min(stx, sty)
            stepMax = max(stx, sty)
        } else {
            stepMin = stp + 1.1 * (stp - stx)
            stepMax = stp + 4.0 * (stp - stx)
        }
        stp = clip(stp, minimumStep, maximumStep)
        if bracketed && (stp <= stepMin || stp >= stepMax) || (bracketed && stepMax - stepMin <= stepTolerance * stepMax) {
            stp = stx
        }
        return (stp, .evaluate)
    }

    /// `dcstep`: updates the interval [stx, sty] and chooses the next trial step.
    private static func takeStep(
        _ stx: inout Double, _ fx: inout Double, _ dx: inout Double,
        _ sty: inout Double, _ fy: inout Double, _ dy: inout Double,
        _ stp: inout Double, _ fp: Double, _ dp: Double,
        _ bracketed: inout Bool, _ stepMin: Double, _ stepMax: Double
    ) {
        let sgnd = sign(dp) * sign(dx)
        var stpf: Double
        if fp > fx {
            // Case 1: higher value; the minimum is bracketed.
            let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
            let s = max3(abs(theta), abs(dx), abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp < stx { gamma = -gamma }
            let p = (gamma - dx) + theta
            let q = ((gamma - dx) + gamma) + dp
            let r = p / q
            let stpc = stx + r * (stp - stx)
            let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx)
            stpf = abs(stpc - stx) <= abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2.0
            bracketed = true
        } else if sgnd < 0 {
            // Case 2: lower value, derivatives of opposite sign; bracketed.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max3(abs(theta), abs(dx), abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = ((gamma - dp) + gamma) + dx
            let r = p / q
            let stpc = stp + r * (stx - stp)
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
            bracketed = true
        } else if abs(dp) < abs(dx) {
            // Case 3: lower value, same-sign derivative that shrinks in magnitude.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max3(abs(theta), abs(dx), abs(dp))
            var gamma = s * max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = (gamma + (dx - dp)) + gamma
            let r = p / q
            let stpc: Double
            if r < 0 && gamma != 0 {
                stpc = stp + r * (stx - stp)
            } else if stp > stx {
                stpc = stepMax
            } else {
                stpc = stepMin
            }
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            if bracketed {
                stpf = abs(stpc - stp) < abs(stpq - stp) ? stpc : stpq
                if stp > stx {
                    stpf = min(stp + 0.66 * (sty - stp), stpf)
                } else {
                    stpf = max(stp + 0.66 * (sty - stp), stpf)
                }
            } else {
                stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
                stpf = clip(stpf, stepMin, stepMax)
            }
        } else {
            // Case 4: lower value, same-sign derivative that does not shrink.
            if bracketed {
                let theta = 3.0 * (fp - fy) / (sty - stp) + dy + dp
                let s = max3(abs(theta), abs(dy), abs(dp))
                var gamma = s * ((theta / s) * (theta / s) - (dy / s) * (dp / s)).squareRoot()
                if stp > sty { gamma = -gamma }
                let p = (gamma - dp) + theta
                let q = ((gamma - dp) + gamma) + dy
                let r = p / q
                stpf = stp + r * (sty - stp)
            } else if stp > stx {
                stpf = stepMax
            } else {
                stpf = stepMin
            }
        }
        if fp > fx {
            sty = stp; fy = fp; dy = dp
        } else {
            if sgnd < 0 { sty = stx; fy = fx; dy = dx }
            stx = stp; fx = fp; dx = dp
        }
        stp = stpf
    }
}

/// numpy's sign: −1, 0 or 1 (NaN stays NaN).
private func sign(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : (x == 0 ? 0 : .nan)) }

/// Python's max of three: the first of the largest, NaN-tolerant like CPython's
/// comparisons (a NaN argument is kept only when it comes first).
private func max3(_ a: Double, _ b: Double, _ c: Double) -> Double {
    var best = a
    if b > best { best = b }
    if c > best { best = c }
    return best
}

/// numpy's clip, which keeps a NaN.
private func clip(_ x: Double, _ low: Double, _ high: Double) -> Double {
    if x.isNaN { return x }
    return min(max(x, low), high)
}

/// SciPy's `scalar_search_wolfe2` (Nocedal & Wright Algorithm 3.5 with the zoom
/// of Algorithm 3.6): doubles the step until the strong Wolfe conditions hold
/// or a minimiser is bracketed, then zooms by cubic / quadratic interpolation.
/// φ and φ′ are evaluated separately, as SciPy does.
func zoomLineSearch(
    _ line: LineFunction, value phi0: Double, previousValue: Double?, slope derphi0: Double,
    c1: Double, c2: Double, maximumStep: Double
) throws -> LineSearchStep? {
    var alpha0 = 0.0
    var alpha1 = initialStep(value: phi0, previousValue: previousValue, slope: derphi0)
    alpha1 = min(alpha1, maximumStep)
    var phiA1 = try line.value(alpha1)
    var phiA0 = phi0
    var derphiA0 = derphi0
    for i in 0..<10 {
        if alpha1 == 0 || alpha0 > maximumStep { return nil }
        if phiA1 > phi0 + c1 * alpha1 * derphi0 || (phiA1 >= phiA0 && i > 0) {
            return try zoom(line, low: alpha0, high: alpha1, phiLow: phiA0, phiHigh: phiA1, derphiLow: derphiA0,
                            phi0: phi0, derphi0: derphi0, c1: c1, c2: c2)
        }
        let derphiA1 = try line.derivative(alpha1)
        if abs(derphiA1) <= -c2 * derphi0 {
            return LineSearchStep(step: alpha1, value: phiA1, gradient: line.lastGradient)
        }
        if derphiA1 >= 0 {
            return try zoom(line, low: alpha1, high: alpha0, phiLow: phiA1, phiHigh: phiA0, derphiLow: derphiA1,
                            phi0: phi0, derphi0: derphi0, c1: c1, c2: c2)
        }
        let alpha2 = min(2 * alpha1, maximumStep)
        alpha0 = alpha1
        alpha1 = alpha2
        phiA0 = phiA1
        phiA1 = try line.value(alpha1)
        derphiA0 = derphiA1
    }
    // SciPy accepts the last step without its gradient when the doubling runs out.
    return LineSearchStep(step: alpha1, value: phiA1, gradient: nil)
}

private func zoom(
    _ line: LineFunction, low: Double, high: Double, phiLow: Double, phiHigh: Double, derphiLow: Double,
    phi0: Double, derphi0: Double, c1: Double, c2: Double
) throws -> LineSearchStep? {
    var aLow = low, aHigh = high, phiLo = phiLow, phiHi = phiHigh, derphiLo = derphiLow
    var phiRecent = phi0
    var aRecent = 0.0
    var i = 0
    while true {
        let dalpha = aHigh - aLow
        let (a, b) = dalpha < 0 ? (aHigh, aLow) : (aLow, aHigh)
        var trial: Double?
        if i > 0 {
            let cubicCheck = 0.2 * dalpha
            trial = cubicMinimizer(aLow, phiLo, derphiLo, aHigh, phiHi, aRecent, phiRecent)
            if let t = trial, t > b - cubicCheck || t < a + cubicCheck { trial = nil }
        }
        if trial == nil {
            let quadraticCheck = 0.1 * dalpha
            trial = quadraticMinimizer(aLow, phiLo, derphiLo, aHigh, phiHi)
            if let t = trial, t > b - quadraticCheck || t < a + quadraticCheck { trial = nil }
        }
        let aj = trial ?? aLow + 0.5 * dalpha
        let phiAj = try line.value(aj)
        if phiAj > phi0 + c1 * aj * derphi0 || phiAj >= phiLo {
            phiRecent = phiHi
            aRecent = aHigh
            aHigh = aj
            phiHi = phiAj
        } else {
            let derphiAj = try line.derivative(aj)
            if abs(derphiAj) <= -c2 * derphi0 {
                return LineSearchStep(step: aj, value: phiAj, gradient: line.lastGradient)
            }
            if derphiAj * (aHigh - aLow) >= 0 {
                phiRecent = phiHi
                aRecent = aHigh
                aHigh = aLow
                phiHi = phiLo
            } else {
                phiRecent = phiLo
                aRecent = aLow
            }
            aLow = aj
            phiLo = phiAj
            derphiLo = derphiAj
        }
        i += 1
        if i > 10 { return nil }
    }
}

/// Minimiser of the cubic through (a, fa) with slope fpa at a, (b, fb) and (c, fc);
/// nil when it does not exist or is not finite (SciPy's `_cubicmin`).
private func cubicMinimizer(_ a: Double, _ fa: Double, _ fpa: Double, _ b: Double, _ fb: Double, _ c: Double, _ fc: Double) -> Double? {
    let db = b - a
    let dc = c - a
    let denominator = (db * dc) * (db * dc) * (db - dc)
    let rb = fb - fa - fpa * db
    let rc = fc - fa - fpa * dc
    var bigA = dc * dc * rb - db * db * rc
    var bigB = -(dc * dc * dc) * rb + db * db * db * rc
    // SciPy raises (and returns None) on division by zero, overflow or an invalid value.
    guard denominator != 0, denominator.isFinite else { return nil }
    bigA /= denominator
    bigB /= denominator
    let radical = bigB * bigB - 3 * bigA * fpa
    guard radical >= 0, bigA != 0 else { return nil }
    let result = a + (-bigB + radical.squareRoot()) / (3 * bigA)
    return result.isFinite ? result : nil
}

/// Minimiser of the parabola through (a, fa) with slope fpa at a and (b, fb)
/// (SciPy's `_quadmin`).
private func quadraticMinimizer(_ a: Double, _ fa: Double, _ fpa: Double, _ b: Double, _ fb: Double) -> Double? {
    let db = b - a
    guard db != 0 else { return nil }
    let curvature = (fb - fa - fpa * db) / (db * db)
    guard curvature != 0, curvature.isFinite else { return nil }
    let result = a - fpa / (2.0 * curvature)
    return result.isFinite ? result : nil
}
