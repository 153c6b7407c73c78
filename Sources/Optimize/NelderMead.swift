import Core

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
    f.recordIteration(values[0])
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
        f.recordIteration(values[0])
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
