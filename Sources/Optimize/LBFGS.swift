import Core

/// Limited-memory BFGS (Nocedal & Wright Algorithm 7.4, the two-loop recursion)
/// keeping the last m = 10 pairs (sᵢ, yᵢ), with H₀ = γI, γ = sᵀy/yᵀy of the
/// newest pair. The first step is scaled like SciPy's BFGS (about unit
/// length); later steps try α = 1 first, as quasi-Newton steps are
/// well-scaled. Pairs with sᵀy ≤ ε·yᵀy are skipped to keep H positive definite.
func runLBFGS(_ f: CountingObjective, start: [Double], gradientTolerance: Double, maxIterations: Int) throws -> MethodOutcome {
    let memory = 10
    var x = start
    var (value, gradient) = try f.valueAndGradient(x)
    f.recordIteration(value)
    var previousValue: Double? = value + quasiNewtonStartNorm(gradient) / 2
    var pairs: [(s: [Double], y: [Double], rho: Double)] = []
    var k = 0
    var status = MinimizeStatus.success
    while maxAbs(gradient) > gradientTolerance && k < maxIterations {
        if Interrupt.isRequested { status = .interrupted; break }
        var direction = twoLoopDirection(gradient: gradient, pairs: pairs)
        var slope = dot(gradient, direction)
        if !(slope < 0) {
            pairs.removeAll()
            direction = gradient.map { -$0 }
            slope = dot(gradient, direction)
        }
        let line = LineFunction(objective: f, origin: x, direction: direction)
        guard let step = try wolfeLineSearch(line, value: value, previousValue: previousValue, slope: slope) else {
            status = .precisionLoss
            break
        }
        previousValue = nil
        let s = scaled(direction, step.step)
        x = adding(x, 1, s)
        value = step.value
        let newGradient = try step.gradient ?? f.gradient(x)
        let y = subtracting(newGradient, gradient)
        gradient = newGradient
        k += 1
        f.recordIteration(value)
        if !value.isFinite { status = .precisionLoss; break }
        let sy = dot(s, y)
        if sy > Double.ulpOfOne * dot(y, y) {
            pairs.append((s, y, 1 / sy))
            if pairs.count > memory { pairs.removeFirst() }
        }
    }
    return .ending(x: x, value: value, gradient: gradient, iterations: k, status: status, gradientTolerance: gradientTolerance)
}

/// −H·g by the two-loop recursion over the stored pairs (oldest first).
private func twoLoopDirection(gradient: [Double], pairs: [(s: [Double], y: [Double], rho: Double)]) -> [Double] {
    var q = gradient
    var alphas = [Double](repeating: 0, count: pairs.count)
    for i in stride(from: pairs.count - 1, through: 0, by: -1) {
        alphas[i] = pairs[i].rho * dot(pairs[i].s, q)
        q = adding(q, -alphas[i], pairs[i].y)
    }
    if let newest = pairs.last {
        q = scaled(q, dot(newest.s, newest.y) / dot(newest.y, newest.y))
    }
    for i in pairs.indices {
        let beta = pairs[i].rho * dot(pairs[i].y, q)
        q = adding(q, alphas[i] - beta, pairs[i].s)
    }
    return q.map { -$0 }
}
