import Core

/// The algorithms behind `minimize F from P method …`.
public enum MinimizeMethod: String, CaseIterable, Sendable {
    /// Quasi-Newton with the full inverse-Hessian update and a Wolfe line search (SciPy's default).
    case bfgs
    /// Limited-memory BFGS: the two-loop recursion over the last 10 steps.
    case lbfgs
    /// Newton's method on the exact (or finite-difference) Hessian in a trust region.
    case newton
    /// Nonlinear conjugate gradients, Polak–Ribière+.
    case cg
    /// The Nelder–Mead simplex: function values only, no gradient.
    case nelderMead = "nelder-mead"

    /// One line for `help minimize`: what the method does and the book it follows.
    public var summary: String {
        switch self {
        case .bfgs: "quasi-Newton: the full inverse-Hessian update, a Wolfe line search (SciPy's BFGS; Nocedal & Wright §6.1)"
        case .lbfgs: "limited-memory BFGS: the two-loop recursion over the last 10 steps (Nocedal & Wright Alg. 7.4)"
        case .newton:
            "Newton's method with the exact Hessian in a trust region (Nocedal & Wright, Numerical Optimization, 2nd ed., "
                + "Alg. 4.1, the subproblem solved as in §4.3): singular and indefinite Hessians are used as they are, "
                + "and the region grows only where the quadratic model predicted the decrease"
        case .cg: "nonlinear conjugate gradients, Polak–Ribière+ (Nocedal & Wright §5.2)"
        case .nelderMead: "the Nelder–Mead simplex: function values only, no gradient"
        }
    }

    /// Reads a method name as a user writes it: `bfgs`, `l-bfgs`, `nelder_mead`, case-insensitive.
    public init?(name: String) {
        let normalised = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch normalised {
        case "bfgs": self = .bfgs
        case "lbfgs", "l-bfgs", "l-bfgs-b": self = .lbfgs
        case "newton", "newton-cg": self = .newton
        case "cg": self = .cg
        case "nelder-mead", "neldermead": self = .nelderMead
        default: return nil
        }
    }
}

/// Settings of one `minimize` run. Defaults are SciPy's.
public struct MinimizeOptions: Sendable {
    public var method: MinimizeMethod
    /// SciPy's `tol`: `gtol` on ‖∇F‖∞ for the gradient methods; for
    /// Nelder–Mead both `xatol` and `fatol` (default 1e-4 there).
    public var tolerance: Double?
    /// Iteration limit; nil means 200 × the number of parameters.
    public var maxIterations: Int?
    /// Whether to classify the point it stopped at (the Hessian's
    /// eigenvalues, by finite differences of the gradient without an exact
    /// Hessian: 2n gradients, too many for a model of hundreds of weights).
    public var classifiesStoppingPoint = true

    public init(method: MinimizeMethod = .bfgs, tolerance: Double? = nil, maxIterations: Int? = nil) {
        self.method = method
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }
}

/// Why a `minimize` run stopped, with SciPy's messages.
public enum MinimizeStatus: Int, Sendable, Equatable {
    case success = 0
    case maxIterations = 1
    case precisionLoss = 2
    case nanEncountered = 3
    case maxEvaluations = 4
    case interrupted = 5

    public var message: String {
        switch self {
        case .success: "Optimization terminated successfully."
        case .maxIterations: "Maximum number of iterations has been exceeded."
        case .precisionLoss: "Desired error not necessarily achieved due to precision loss."
        case .nanEncountered: "NaN result encountered."
        case .maxEvaluations: "Maximum number of function evaluations has been exceeded."
        case .interrupted: "Interrupted."
        }
    }
}

/// A `minimize` result, with SciPy's field names.
public struct MinimizeResult: Sendable {
    public var method: MinimizeMethod
    /// The final point.
    public var x: [Double]
    /// F(x).
    public var fun: Double
    /// ∇F(x); nil for Nelder–Mead, which never evaluates it.
    public var jac: [Double]?
    /// Iterations taken.
    public var nit: Int
    /// Objective evaluations.
    public var nfev: Int
    /// Gradient evaluations.
    public var njev: Int
    /// Exact Hessian evaluations (Newton only; finite-difference Hessians count in `njev`).
    public var nhev: Int
    public var status: MinimizeStatus
    /// SciPy's `hess_inv`: BFGS's inverse-Hessian estimate at x (nil for the other methods).
    public var hessInv: [[Double]]?
    /// F at the start and after each iteration (Nelder–Mead: at its best vertex).
    public var losses: [Double]
    public var success: Bool { status == .success }
    public var message: String { status.message }
    public var interrupted: Bool { status == .interrupted }
    /// What kind of point x is, from the Hessian's eigenvalues there (these
    /// evaluations are not counted in nfev/njev); nil if it could not be computed.
    public var pointKind: PointClassification?
}

/// What one method's loop hands back to the driver.
struct MethodOutcome {
    var x: [Double]
    var value: Double
    var gradient: [Double]?
    var iterations: Int
    var status: MinimizeStatus
    /// BFGS's final inverse-Hessian estimate (SciPy's `hess_inv`).
    var inverseHessian: [[Double]]? = nil

    /// How CG, L-BFGS and Newton end: a loop that left `status` at success
    /// either met the gradient tolerance, met a NaN, or ran out of iterations.
    static func ending(x: [Double], value: Double, gradient: [Double], iterations: Int, status: MinimizeStatus,
                       gradientTolerance: Double) -> MethodOutcome {
        var status = status
        if status == .success {
            if maxAbs(gradient).isNaN || value.isNaN {
                status = .nanEncountered
            } else if maxAbs(gradient) > gradientTolerance {
                status = .maxIterations
            }
        }
        return MethodOutcome(x: x, value: value, gradient: gradient, iterations: iterations, status: status)
    }
}

/// Minimises F from `start` with the chosen method.
///
/// Not converging is a result (`success` false), not an error. Errors thrown
/// by the objective propagate; Ctrl-C (`Interrupt.isRequested`, polled each
/// iteration) ends the run with status `.interrupted` and the best point so far.
///
///     let r = try minimize(f, from: [6])   // BFGS: r.x ≈ [5.32634546], r.fun ≈ −0.6914
public func minimize(_ objective: any Objective, from start: [Double], options: MinimizeOptions = MinimizeOptions()) throws -> MinimizeResult {
    try validateStart(start, for: objective)
    if let tolerance = options.tolerance, !(tolerance >= 0) {
        throw OptimizeError.invalidOption(name: "tol", reason: "must be a non-negative number")
    }
    let n = start.count
    let counted = CountingObjective(objective)
    let maxIterations = max(0, options.maxIterations ?? 200 * max(1, n))
    let gtol = options.tolerance ?? 1e-5
    let outcome: MethodOutcome
    switch options.method {
    case .bfgs: outcome = try runBFGS(counted, start: start, gradientTolerance: gtol, maxIterations: maxIterations)
    case .lbfgs: outcome = try runLBFGS(counted, start: start, gradientTolerance: gtol, maxIterations: maxIterations)
    case .newton: outcome = try runNewton(counted, start: start, gradientTolerance: gtol, maxIterations: maxIterations)
    case .cg: outcome = try runConjugateGradient(counted, start: start, gradientTolerance: gtol, maxIterations: maxIterations)
    case .nelderMead:
        outcome = try runNelderMead(
            counted, start: start, xTolerance: options.tolerance ?? 1e-4, fTolerance: options.tolerance ?? 1e-4,
            maxIterations: maxIterations,
            maxEvaluations: options.maxIterations == nil ? maxIterations : Int.max)
    }
    var result = MinimizeResult(
        method: options.method, x: outcome.x, fun: outcome.value, jac: outcome.gradient, nit: outcome.iterations,
        nfev: counted.valueCount, njev: counted.gradientCount, nhev: counted.exactHessianCount,
        status: outcome.status, hessInv: outcome.inverseHessian, losses: counted.iterationValues, pointKind: nil)
    if options.classifiesStoppingPoint, outcome.status != .interrupted, allFinite(outcome.x) {
        // A converged run is stationary to its own tolerance (Nelder–Mead's is on x and F,
        // not on ∇F). An unconverged one is stationary only if its gradient meets the
        // tolerance a gradient method converges by (for Nelder–Mead, whose `tol` is not
        // on ∇F, the default), absolutely: a run that ran off towards −∞ has a huge |F|,
        // and a test relative to it would call any point there "a minimum" (McCormick's
        // function, 10¹⁵ out along its valley).
        let stationarity = options.method == .nelderMead ? 1e-5 : gtol
        result.pointKind = try? classifyPoint(
            objective, at: outcome.x, gradientTolerance: outcome.status == .success ? .infinity : stationarity,
            relativeToValue: false, cheapHessian: true)
    }
    return result
}
