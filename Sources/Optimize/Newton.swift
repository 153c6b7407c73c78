import Core

/// Newton's method with a line search (Nocedal & Wright §3.4, Algorithm 3.3):
/// solve (H + τI)p = −∇F by Cholesky with the smallest τ ∈ {0, β, 2β, 4β, …}
/// (β = 10⁻³·max(1, max|hᵢᵢ|)) that makes H + τI positive definite, so p is a
/// descent direction even at a saddle or a maximum; then a Wolfe step starting
/// from α = 1, the full Newton step, which near a minimiser converges quadratically.
func runNewton(_ f: CountingObjective, start: [Double], gradientTolerance: Double, maxIterations: Int) throws -> MethodOutcome {
    let n = start.count
    var x = start
    var (value, gradient) = try f.valueAndGradient(x)
    f.recordIteration(value)
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
        f.recordIteration(value)
        if !value.isFinite { status = .precisionLoss; break }
    }
    return .ending(x: x, value: value, gradient: gradient, iterations: k, status: status, gradientTolerance: gradientTolerance)
}
