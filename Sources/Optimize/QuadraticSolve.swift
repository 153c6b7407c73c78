import Core

/// The result of `solveQuadratic`: gd's `solve F` once F is known to be quadratic.
public struct QuadraticSolution: Sendable {
    /// The minimiser x* = −H⁻¹∇F(0).
    public var x: [Double]
    /// F(x*).
    public var fun: Double
    /// ∇F(x*), zero up to rounding: the check that the normal equations were solved.
    public var jac: [Double]
    /// A warning when H is ill-conditioned (the answer may have lost digits), else nil.
    public var conditionWarning: String?
}

/// Minimises an objective that is quadratic in its parameters from its normal
/// equations, the lectures' closed form: F(x) = ½xᵀHx + gᵀx + c has
/// ∇F(x) = Hx + g, so x* solves H·x* = −∇F(0) (for least squares, H = 2XᵀX/n and
/// this is XᵀXθ = Xᵀy). H is the exact Hessian when the objective has one, else
/// central differences of the gradient (exact for a quadratic up to rounding).
/// Solved by Cholesky, so an H that is not positive definite — no unique
/// minimum (a saddle, or a flat direction: a parameter the loss does not
/// determine) — is `LinearAlgebraError.notPositiveDefinite`. Whether F really is
/// quadratic is the caller's check (it is a symbolic fact).
public func solveQuadratic(_ objective: any Objective) throws -> QuadraticSolution {
    let n = objective.parameterNames.count
    if n == 0 { throw OptimizeError.noParameters }
    let origin = [Double](repeating: 0, count: n)
    let counted = CountingObjective(objective)
    let gradientAtOrigin = try counted.gradient(origin)
    let hessian = try counted.hessian(origin)
    let factor = try CholeskyDecomposition(hessian)
    let x = try factor.solve(gradientAtOrigin.map { -$0 })
    let (value, gradient) = try objective.valueAndGradient(x)
    return QuadraticSolution(x: x, fun: value, jac: gradient, conditionWarning: factor.conditionWarning)
}
