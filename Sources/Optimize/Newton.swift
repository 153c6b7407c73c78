import Core

/// Newton's method in a trust region: Nocedal & Wright, *Numerical
/// Optimization* (2nd ed.), Algorithm 4.1, with each subproblem
///
///     minimise  mₖ(p) = Fₖ + ∇Fₖᵀp + ½pᵀHₖp   subject to ‖p‖ ≤ Δₖ
///
/// solved nearly exactly as in their §4.3: first the Newton step by Cholesky,
/// the answer when Hₖ is positive definite and the step fits; otherwise Moré &
/// Sorensen's characterisation (Theorem 4.1) computed through the
/// eigen-decomposition Hₖ = QΛQᵀ (eqs. 4.37–4.45; see `trustRegionStep`).
/// The exact Hessian is used as it is —
/// singular or indefinite — and the region, not a modified Hessian, keeps
/// each step where the quadratic model can be trusted:
///
/// - ρₖ = (Fₖ − F(xₖ + pₖ)) / (mₖ(0) − mₖ(pₖ)) compares the decrease achieved
///   with the decrease predicted; the step is taken when ρₖ > η = 0.15;
/// - Δ shrinks to ¼‖pₖ‖ when ρₖ < ¼ (¼ of the step, not of Δ, so a short
///   Newton step that failed is not proposed again), and doubles when ρₖ > ¾
///   and the step reached the boundary;
/// - beyond Algorithm 4.1, both decreases in ρₖ are raised by 10ε·max(1, |Fₖ|)
///   (a guard trust-region codes commonly add), so steps whose predicted
///   decrease is below F's rounding are judged by the model, not by noise;
/// - Δ₀ = 1 and η are SciPy's (`trust-exact`); the cap Δ̂ = 10¹⁰⁰ only keeps Δ
///   finite (SciPy's 1000 would take 1000 iterations to reach a minimiser
///   10⁶ away).
///
/// Why not a line search on a modified Hessian (Algorithm 3.3, gd's Newton
/// until now): where H is singular, H + τI with a small τ gives a step of
/// length ~‖∇F‖/τ, and a Wolfe search along it accepts any point with enough
/// decrease — on McCormick's function, which is unbounded below along x = y,
/// that was a point 10¹⁵ away. The trust region only grows after steps whose
/// decrease the model predicted, so it stays with the minimiser near the start.
///
/// Stops when ‖∇F‖∞ ≤ gtol (success), after `maxIterations` (every trial
/// counts, accepted or not, as in SciPy's trust-region methods), at a
/// non-finite value or Hessian, or when the model predicts no decrease or Δ
/// falls below the spacing of the floating-point numbers at x (precision loss:
/// F's rounding hides any further decrease).
func runNewton(_ f: CountingObjective, start: [Double], gradientTolerance: Double, maxIterations: Int) throws -> MethodOutcome {
    let acceptance = 0.15
    let largestRadius = 1e100
    var x = start
    var (value, gradient) = try f.valueAndGradient(x)
    f.recordIteration(value)
    var radius = 1.0
    // The Hessian at x and its eigen-decomposition, kept while trials are rejected.
    var hessian: [[Double]]?
    var eigen: SymmetricEigen?
    var k = 0
    var status = MinimizeStatus.success
    while maxAbs(gradient) > gradientTolerance && k < maxIterations {
        if Interrupt.isRequested { status = .interrupted; break }
        guard value.isFinite, allFinite(gradient) else { status = .nanEncountered; break }
        let h: [[Double]]
        if let known = hessian {
            h = known
        } else {
            h = try f.hessian(x)
            guard h.allSatisfy(allFinite) else { status = .nanEncountered; break }
            hessian = h
        }
        // First the Newton step by one Cholesky factorisation, as Algorithm 4.3 begins:
        // when H is positive definite and the step fits in the region, it is the
        // subproblem's solution, found at a fraction of the eigen-decomposition's cost.
        var newtonStep: TrustRegionStep?
        if eigen == nil, let factor = try? CholeskyDecomposition(h), let p = try? factor.solve(gradient.map { -$0 }),
           allFinite(p), euclideanNorm(p) <= radius {
            let predicted = -(dot(gradient, p) + 0.5 * dot(p, matrixVector(h, p)))
            newtonStep = TrustRegionStep(step: p, predictedDecrease: predicted, reachesBoundary: false)
        }
        if newtonStep == nil && eigen == nil {
            guard let computed = try? SymmetricEigen(h) else { status = .nanEncountered; break }
            eigen = computed
        }
        guard let step = newtonStep ?? eigen.map({ trustRegionStep($0, gradient: gradient, radius: radius) }),
              step.predictedDecrease > 0, allFinite(step.step) else { status = .precisionLoss; break }
        let trial = adding(x, 1, step.step)
        let trialValue = try f.value(trial)
        // ρ with both decreases raised by δ = 10ε·max(1, |F|), the rounding in F's
        // values: where the model predicts less than F can resolve, ρ → 1 and the step is
        // taken instead of being judged on rounding noise (without this, a minimum where |F|
        // is large ends in "precision loss" before ‖∇F‖ reaches gtol). A non-finite trial
        // value is no decrease at all: shrink and try again.
        let rounding = 10 * Double.ulpOfOne * max(1, abs(value))
        let ratio = trialValue.isFinite
            ? ((value - trialValue) + rounding) / (step.predictedDecrease + rounding) : -Double.infinity
        let length = euclideanNorm(step.step)
        if ratio < 0.25 {
            radius = 0.25 * min(radius, length)
        } else if ratio > 0.75 && step.reachesBoundary {
            radius = min(2 * radius, largestRadius)
        }
        if ratio > acceptance {
            x = trial
            value = trialValue
            gradient = try f.gradient(x)
            hessian = nil
            eigen = nil
        }
        k += 1
        f.recordIteration(value)
        if radius <= Double.ulpOfOne * max(1, euclideanNorm(x)) && maxAbs(gradient) > gradientTolerance {
            status = .precisionLoss
            break
        }
    }
    return .ending(x: x, value: value, gradient: gradient, iterations: k, status: status, gradientTolerance: gradientTolerance)
}

/// A solution of the trust-region subproblem and what the model predicts for it.
struct TrustRegionStep {
    var step: [Double]
    /// mₖ(0) − mₖ(p) = −(∇Fᵀp + ½pᵀHp).
    var predictedDecrease: Double
    /// ‖p‖ = Δ (as opposed to an interior Newton step).
    var reachesBoundary: Bool
}

/// The global minimiser of ∇Fᵀp + ½pᵀHp over ‖p‖ ≤ Δ (Nocedal & Wright §4.3).
///
/// By their Theorem 4.1, p* solves (H + λI)p* = −∇F for a λ ≥ 0 with H + λI
/// positive semidefinite and λ(Δ − ‖p*‖) = 0. In the eigenbasis of H
/// (eigenvalues λ₁ ≤ … ≤ λₙ, γⱼ = qⱼᵀ∇F) that is (eq. 4.38)
///
///     p(λ) = −Σⱼ γⱼ/(λⱼ + λ) qⱼ,   ‖p(λ)‖² = Σⱼ γⱼ²/(λⱼ + λ)².
///
/// - H positive definite and ‖p(0)‖ ≤ Δ: the Newton step p(0).
/// - Otherwise λ > max(0, −λ₁) with ‖p(λ)‖ = Δ, found by Newton's method on
///   1/‖p(λ)‖ − 1/Δ = 0, which is nearly linear in λ (their eq. 4.39 and
///   Algorithm 4.3's update, written here in the eigenbasis), kept inside a
///   bracket that shrinks at every evaluation.
/// - The hard case (γⱼ = 0 for every j of the smallest eigenvalue, and
///   ‖p(−λ₁)‖ < Δ): p = −Σ over the other j of γⱼ/(λⱼ − λ₁) qⱼ + τq₁, with τ
///   chosen so ‖p‖ = Δ (eq. 4.45). When λ₁ is zero rather than negative, the
///   τq₁ part changes nothing in the model and is left out: the shortest of
///   the model's minimisers.
///
/// "Zero" is judged at working precision: eigenvalues within n·ε·max|λ| of λ₁
/// count as λ₁ (the accuracy of the eigenvalues), and γⱼ below ε·‖∇F‖ count as
/// zero (the rounding of qⱼᵀ∇F).
func trustRegionStep(_ eigen: SymmetricEigen, gradient: [Double], radius: Double) -> TrustRegionStep {
    let n = gradient.count
    let eigenvalues = eigen.values
    let smallest = eigenvalues.first ?? 0
    var components = eigen.vectors.map { dot($0, gradient) }
    let gradientNorm = euclideanNorm(gradient)
    let largestMagnitude = eigenvalues.map(abs).max() ?? 0
    let eigenvalueNoise = Double(n) * Double.ulpOfOne * largestMagnitude
    // Shift so the smallest eigenvalue sits at 0 when it is not positive: shifted[j] = λⱼ + max(0, −λ₁) ≥ 0.
    let lowestMultiplier = max(0, -smallest)
    let shifted = eigenvalues.map { $0 + lowestMultiplier }
    let flat = (0..<n).filter { shifted[$0] <= eigenvalueNoise }
    let flatGradientIsZero = flat.allSatisfy { abs(components[$0]) <= Double.ulpOfOne * gradientNorm }
    if flatGradientIsZero {
        for j in flat { components[j] = 0 }
    }

    func coefficients(_ multiplier: Double) -> [Double] {
        (0..<n).map { j in components[j] == 0 ? 0 : -components[j] / (shifted[j] + multiplier) }
    }
    func result(_ c: [Double], boundary: Bool) -> TrustRegionStep {
        var step = [Double](repeating: 0, count: n)
        var decrease = 0.0
        for j in 0..<n where c[j] != 0 {
            for i in 0..<n { step[i] += c[j] * eigen.vectors[j][i] }
            decrease -= components[j] * c[j] + 0.5 * eigenvalues[j] * c[j] * c[j]
        }
        return TrustRegionStep(step: step, predictedDecrease: decrease, reachesBoundary: boundary)
    }

    if flat.isEmpty || flatGradientIsZero {
        // The Newton step (or, with the flat directions left out, the shortest minimiser
        // of the model on the subspace where H + max(0, −λ₁)I is positive definite).
        var c = coefficients(0)
        let length = euclideanNorm(c)
        if length <= radius {
            if smallest < -eigenvalueNoise, let lowest = flat.first {
                // The hard case: move along q₁, where the model curves down, to the boundary.
                c[lowest] = (radius * radius - length * length).squareRoot()
                return result(c, boundary: true)
            }
            return result(c, boundary: false)
        }
    }

    // ‖p(λ)‖ = Δ for λ = max(0, −λ₁) + μ, μ > 0 (so λⱼ + λ = shifted[j] + μ): ‖p‖ falls from
    // above Δ (or ∞) at μ = 0 to at most ‖∇F‖/μ, so below Δ by μ = ‖∇F‖/Δ.
    var low = 0.0, high = gradientNorm / radius
    var multiplier = flat.isEmpty ? 0 : high
    for _ in 0..<100 {
        var sumOfSquares = 0.0, sumOfCubes = 0.0
        for j in 0..<n where components[j] != 0 {
            let d = shifted[j] + multiplier
            let ratio = components[j] / d
            sumOfSquares += ratio * ratio
            sumOfCubes += ratio * ratio / d
        }
        let length = sumOfSquares.squareRoot()
        if abs(length - radius) <= 1e-12 * radius { break }
        if length > radius { low = multiplier } else { high = multiplier }
        // Newton on 1/‖p(μ)‖ − 1/Δ: μ ← μ + (‖p‖/‖q‖)²·(‖p‖ − Δ)/Δ with ‖q‖² = Σ γⱼ²/(λⱼ + λ)³.
        var next = multiplier + (sumOfSquares / sumOfCubes) * (length - radius) / radius
        if !(next > low && next < high) {
            // Outside the bracket (from the right, Newton can overshoot past the pole):
            // a point inside it, geometric when the bracket spans decades.
            next = low > 0 ? (low * high).squareRoot() : 1e-3 * high
            if !(next > low && next < high) { next = 0.5 * (low + high) }
        }
        if next == multiplier { break }
        multiplier = next
    }
    return result(coefficients(multiplier), boundary: true)
}
