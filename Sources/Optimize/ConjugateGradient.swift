import Core

/// Nonlinear conjugate gradients, Polak–Ribière+ (Nocedal & Wright §5.2, as
/// SciPy's `method="CG"`): pₖ₊₁ = −∇Fₖ₊₁ + βₖpₖ with
/// βₖ = max(0, ∇Fₖ₊₁ᵀ(∇Fₖ₊₁ − ∇Fₖ)/‖∇Fₖ‖²), a Wolfe line search with c₂ = 0.4
/// (tighter than quasi-Newton's 0.9, as CG needs), and a restart along −∇F
/// whenever pₖ₊₁ is not a clear descent direction (pᵀ∇F > −0.01‖∇F‖²).
func runConjugateGradient(_ f: CountingObjective, start: [Double], gradientTolerance: Double, maxIterations: Int) throws -> MethodOutcome {
    var x = start
    var (value, gradient) = try f.valueAndGradient(x)
    f.recordIteration(value)
    var previousValue = value + quasiNewtonStartNorm(gradient) / 2
    var direction = gradient.map { -$0 }
    var k = 0
    var status = MinimizeStatus.success
    while maxAbs(gradient) > gradientTolerance && k < maxIterations {
        if Interrupt.isRequested { status = .interrupted; break }
        let line = LineFunction(objective: f, origin: x, direction: direction)
        let slope = dot(gradient, direction)
        guard let step = try wolfeLineSearch(line, value: value, previousValue: previousValue, slope: slope, c2: 0.4) else {
            status = .precisionLoss
            break
        }
        x = adding(x, step.step, direction)
        previousValue = value
        value = step.value
        let newGradient = try step.gradient ?? f.gradient(x)
        let beta = max(0, dot(newGradient, subtracting(newGradient, gradient)) / dot(gradient, gradient))
        direction = adding(newGradient.map { -$0 }, beta, direction)
        if dot(direction, newGradient) > -0.01 * dot(newGradient, newGradient) {
            direction = newGradient.map { -$0 }
        }
        gradient = newGradient
        k += 1
        f.recordIteration(value)
        if !value.isFinite { status = .precisionLoss; break }
    }
    return .ending(x: x, value: value, gradient: gradient, iterations: k, status: status, gradientTolerance: gradientTolerance)
}
