import Core

/// SciPy's BFGS (`scipy.optimize._optimize._minimize_bfgs`).
///
/// Nocedal & Wright §6.1: with H₀ = I, pₖ = −Hₖ∇Fₖ, a Wolfe step αₖ, sₖ = αₖpₖ,
/// yₖ = ∇Fₖ₊₁ − ∇Fₖ, ρₖ = 1/yₖᵀsₖ,
/// Hₖ₊₁ = (I − ρₖsₖyₖᵀ) Hₖ (I − ρₖyₖsₖᵀ) + ρₖsₖsₖᵀ.
/// Stops when ‖∇F‖∞ ≤ gtol, after `maxIterations`, or when the line search
/// fails ("precision loss"). The first trial step follows SciPy: the previous
/// value is taken as F₀ + ‖∇F₀‖/2, so the first step moves about unit length.
func runBFGS(_ f: CountingObjective, start: [Double], gradientTolerance: Double, maxIterations: Int) throws -> MethodOutcome {
    let n = start.count
    var x = start
    var (value, gradient) = try f.valueAndGradient(x)
    f.recordIteration(value)
    var previousValue = value + quasiNewtonStartNorm(gradient) / 2
    var inverseHessian = identity(n)
    var k = 0
    var status = MinimizeStatus.success
    var gradientNorm = maxAbs(gradient)
    while gradientNorm > gradientTolerance && k < maxIterations {
        if Interrupt.isRequested { status = .interrupted; break }
        let direction = matrixVector(inverseHessian, gradient).map { -$0 }
        let line = LineFunction(objective: f, origin: x, direction: direction)
        let slope = dot(gradient, direction)
        guard let step = try wolfeLineSearch(line, value: value, previousValue: previousValue, slope: slope) else {
            status = .precisionLoss
            break
        }
        let s = scaled(direction, step.step)
        x = adding(x, 1, s)
        previousValue = value
        value = step.value
        let newGradient = try step.gradient ?? f.gradient(x)
        let y = subtracting(newGradient, gradient)
        gradient = newGradient
        k += 1
        f.recordIteration(value)
        gradientNorm = maxAbs(gradient)
        if gradientNorm <= gradientTolerance { break }
        if !value.isFinite { status = .precisionLoss; break }
        let curvature = dot(y, s)
        let rho = curvature == 0 ? 1000.0 : 1 / curvature
        updateInverseHessian(&inverseHessian, s: s, y: y, rho: rho)
    }
    if status == .success {
        if k >= maxIterations && gradientNorm > gradientTolerance {
            status = .maxIterations
        } else if gradientNorm.isNaN || value.isNaN || x.contains(where: \.isNaN) {
            status = .nanEncountered
        }
    }
    var outcome = MethodOutcome(x: x, value: value, gradient: gradient, iterations: k, status: status)
    outcome.inverseHessian = inverseHessian
    return outcome
}

/// H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ, evaluated in SciPy's order: A₁ = I − ρsyᵀ,
/// A₂ = I − ρysᵀ (each entry (sᵢyⱼ)ρ), then A₁(HA₂) + (ρs)sᵀ. The cheaper
/// expanded form H − ρ(s(Hy)ᵀ + (Hy)sᵀ) + (ρ²yᵀHy + ρ)ssᵀ is equal in exact
/// arithmetic, but its different rounding sends BFGS down measurably different
/// paths on ill-conditioned problems; this order keeps gd's steps next to SciPy's.
func updateInverseHessian(_ h: inout [[Double]], s: [Double], y: [Double], rho: Double) {
    let n = s.count
    var a1 = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    var a2 = a1
    for i in 0..<n {
        for j in 0..<n {
            let delta: Double = i == j ? 1 : 0
            a1[i][j] = delta - s[i] * y[j] * rho
            a2[i][j] = delta - y[i] * s[j] * rho
        }
    }
    let ha2 = matrixProduct(h, a2)
    let product = matrixProduct(a1, ha2)
    for i in 0..<n {
        for j in 0..<n { h[i][j] = product[i][j] + rho * s[i] * s[j] }
    }
}

/// A·B with each entry summed left to right.
func matrixProduct(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    let n = a.count, m = b.first?.count ?? 0, inner = b.count
    var result = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)
    for i in 0..<n {
        for j in 0..<m {
            var sum = 0.0
            for k in 0..<inner { sum += a[i][k] * b[k][j] }
            result[i][j] = sum
        }
    }
    return result
}

func identity(_ n: Int) -> [[Double]] {
    var m = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n { m[i][i] = 1 }
    return m
}
