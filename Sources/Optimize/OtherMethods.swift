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
    var previousValue: Double? = value + euclideanNorm(gradient) / 2
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
        if !value.isFinite { status = .precisionLoss; break }
        let sy = dot(s, y)
        if sy > Double.ulpOfOne * dot(y, y) {
            pairs.append((s, y, 1 / sy))
            if pairs.count > memory { pairs.removeFirst() }
        }
    }
    if status == .success {
        if maxAbs(gradient).isNaN || value.isNaN {
            status = .nanEncountered
        } else if maxAbs(gradient) > gradientTolerance {
            status = .maxIterations
        }
    }
    return MethodOutcome(x: x, value: value, gradient: gradient, iterations: k, status: status)
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

/// Nonlinear conjugate gradients, Polak–Ribière+ (Nocedal & Wright §5.2, as
/// SciPy's `method="CG"`): pₖ₊₁ = −∇Fₖ₊₁ + βₖpₖ with
/// βₖ = max(0, ∇Fₖ₊₁ᵀ(∇Fₖ₊₁ − ∇Fₖ)/‖∇Fₖ‖²), a Wolfe line search with c₂ = 0.4
/// (tighter than quasi-Newton's 0.9, as CG needs), and a restart along −∇F
/// whenever pₖ₊₁ is not a clear descent direction (pᵀ∇F > −0.01‖∇F‖²).
func runConjugateGradient(_ f: CountingObjective, start: [Double], gradientTolerance: Double, maxIterations: Int) throws -> MethodOutcome {
    var x = start
    var (value, gradient) = try f.valueAndGradient(x)
    var previousValue = value + euclideanNorm(gradient) / 2
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
        if !value.isFinite { status = .precisionLoss; break }
    }
    if status == .success {
        if maxAbs(gradient).isNaN || value.isNaN {
            status = .nanEncountered
        } else if maxAbs(gradient) > gradientTolerance {
            status = .maxIterations
        }
    }
    return MethodOutcome(x: x, value: value, gradient: gradient, iterations: k, status: status)
}

/// Newton's method with a line search (Nocedal & Wright §3.4, Algorithm 3.3):
/// solve (H + τI)p = −∇F by Cholesky with the smallest τ ∈ {0, β, 2β, 4β, …}
/// (β = 10⁻³·max(1, max|hᵢᵢ|)) that makes H + τI positive definite, so p is a
/// descent direction even at a saddle or a maximum; then a Wolfe step starting
/// from α = 1, the full Newton step, which near a minimiser converges quadratically.
func runNewton(_ f: CountingObjective, start: [Double], gradientTolerance: Double, maxIterations: Int) throws -> MethodOutcome {
    let n = start.count
    var x = start
    var (value, gradient) = try f.valueAndGradient(x)
    var k = 0
    var status = MinimizeStatus.success
    while maxAbs(gradient) > gradientTolerance && k < maxIterations {
        if Interrupt.isRequested { status = .interrupted; break }
        let hessian = try f.hessian(x)
        guard hessian.allSatisfy(allFinite) else { status = .nanEncountered; break }
        var largestDiagonal = 0.0
        for i in 0..<n { largestDiagonal = max(largestDiagonal, abs(hessian[i][i])) }
        let beta = 1e-3 * max(1, largestDiagonal)
        var smallestDiagonal = Double.infinity
        for i in 0..<n { smallestDiagonal = min(smallestDiagonal, hessian[i][i]) }
        var shift = smallestDiagonal > 0 ? 0 : -smallestDiagonal + beta
        var direction: [Double]?
        for _ in 0..<200 {
            var shifted = hessian
            for i in 0..<n { shifted[i][i] += shift }
            if let factor = try? CholeskyDecomposition(shifted), let p = try? factor.solve(gradient.map { -$0 }) {
                direction = p
                break
            }
            shift = max(2 * shift, beta)
        }
        guard let p = direction, allFinite(p) else { status = .precisionLoss; break }
        let line = LineFunction(objective: f, origin: x, direction: p)
        guard let step = try wolfeLineSearch(line, value: value, previousValue: nil, slope: dot(gradient, p)) else {
            status = .precisionLoss
            break
        }
        x = adding(x, step.step, p)
        value = step.value
        gradient = try step.gradient ?? f.gradient(x)
        k += 1
        if !value.isFinite { status = .precisionLoss; break }
    }
    if status == .success {
        if maxAbs(gradient).isNaN || value.isNaN {
            status = .nanEncountered
        } else if maxAbs(gradient) > gradientTolerance {
            status = .maxIterations
        }
    }
    return MethodOutcome(x: x, value: value, gradient: gradient, iterations: k, status: status)
}

/// The Nelder–Mead simplex as SciPy runs it (`_minimize_neldermead`, standard
/// coefficients: reflection ρ = 1, expansion χ = 2, contraction ψ = ½,
/// shrink σ = ½). The initial simplex moves each coordinate of x₀ by 5% (or to
/// 0.00025 when it is zero). Stops when every vertex is within `xTolerance`
/// of the best in each coordinate and every value within `fTolerance` of the
/// best value. Uses values only: njev stays 0.
func runNelderMead(
    _ f: CountingObjective, start: [Double], xTolerance: Double, fTolerance: Double,
    maxIterations: Int, maxEvaluations: Int
) throws -> MethodOutcome {
    let n = start.count
    var simplex = [start]
    for k in 0..<n {
        var vertex = start
        vertex[k] = vertex[k] != 0 ? 1.05 * vertex[k] : 0.00025
        simplex.append(vertex)
    }
    var values = try simplex.map { try f.value($0) }
    // Orders by value, NaN last, ties kept in place (a stable sort).
    func sortSimplex() {
        let order = values.indices.sorted { a, b in
            let va = values[a], vb = values[b]
            if va.isNaN != vb.isNaN { return vb.isNaN }
            if va != vb && !va.isNaN { return va < vb }
            return a < b
        }
        simplex = order.map { simplex[$0] }
        values = order.map { values[$0] }
    }
    sortSimplex()
    var iterations = 1
    var status = MinimizeStatus.success
    while f.valueCount < maxEvaluations && iterations < maxIterations {
        if Interrupt.isRequested { status = .interrupted; break }
        var spread = 0.0
        var valueSpread = 0.0
        for j in 1...n {
            for i in 0..<n { spread = max(spread, abs(simplex[j][i] - simplex[0][i])) }
            valueSpread = max(valueSpread, abs(values[0] - values[j]))
        }
        if spread <= xTolerance && valueSpread <= fTolerance { break }
        var centroid = [Double](repeating: 0, count: n)
        for j in 0..<n { for i in 0..<n { centroid[i] += simplex[j][i] } }
        centroid = scaled(centroid, 1 / Double(n))
        let worst = simplex[n]
        let reflected = adding(scaled(centroid, 2), -1, worst)
        let reflectedValue = try f.value(reflected)
        var shrink = false
        if reflectedValue < values[0] {
            let expanded = adding(scaled(centroid, 3), -2, worst)
            let expandedValue = try f.value(expanded)
            if expandedValue < reflectedValue {
                simplex[n] = expanded; values[n] = expandedValue
            } else {
                simplex[n] = reflected; values[n] = reflectedValue
            }
        } else if reflectedValue < values[n - 1] {
            simplex[n] = reflected; values[n] = reflectedValue
        } else if reflectedValue < values[n] {
            let contracted = adding(scaled(centroid, 1.5), -0.5, worst)
            let contractedValue = try f.value(contracted)
            if contractedValue <= reflectedValue {
                simplex[n] = contracted; values[n] = contractedValue
            } else {
                shrink = true
            }
        } else {
            let contracted = adding(scaled(centroid, 0.5), 0.5, worst)
            let contractedValue = try f.value(contracted)
            if contractedValue < values[n] {
                simplex[n] = contracted; values[n] = contractedValue
            } else {
                shrink = true
            }
        }
        if shrink {
            for j in 1...n {
                simplex[j] = adding(simplex[0], 0.5, subtracting(simplex[j], simplex[0]))
                values[j] = try f.value(simplex[j])
            }
        }
        sortSimplex()
        iterations += 1
    }
    if status == .success {
        if f.valueCount >= maxEvaluations {
            status = .maxEvaluations
        } else if iterations >= maxIterations {
            status = .maxIterations
        }
    }
    return MethodOutcome(x: simplex[0], value: values[0], gradient: nil, iterations: iterations, status: status)
}
