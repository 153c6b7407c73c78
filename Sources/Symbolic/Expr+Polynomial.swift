// Polynomial structure in chosen variables: what `solve` needs to know whether
// an objective has a closed-form minimiser (the normal equations).

extension Expr {
    /// The degree of this expression as a polynomial in `variable` (0 when it
    /// does not occur), or nil when it is not a polynomial in it (`1/x`, `sin(x)`,
    /// `x^(1/2)`, `abs(x)`, `2^x`). `sum` and `mean` are linear, so
    /// `mean((y - θ*x)^2)` has degree 2 in θ.
    public func polynomialDegree(in variable: String) -> Int? {
        if !contains(symbol: variable) { return 0 }
        switch kind {
        case .number: return 0
        case .symbol(let name): return name == variable ? 1 : 0
        case .sum(_, let terms):
            var degree = 0
            for term in terms {
                guard let d = term.monomial.polynomialDegree(in: variable) else { return nil }
                degree = max(degree, d)
            }
            return degree
        case .product(_, let factors):
            var degree = 0
            for factor in factors {
                guard let d = factor.polynomialDegree(in: variable) else { return nil }
                let (total, overflow) = degree.addingReportingOverflow(d)
                if overflow { return nil }
                degree = total
            }
            return degree
        case .power(let base, let exponent):
            guard !exponent.contains(symbol: variable), let n = exponent.numberValue?.integerValue, n > 0, n <= Int64(Int32.max),
                let d = base.polynomialDegree(in: variable)
            else { return nil }
            let (total, overflow) = d.multipliedReportingOverflow(by: Int(n))
            return overflow ? nil : total
        case .call(let function, let args):
            guard function.isLinearReduction, args.count == 1 else { return nil }
            return args[0].polynomialDegree(in: variable)
        }
    }

    /// This expression as an exact quadratic in `parameters`:
    /// f(θ) = ½·θᵀ·A·θ + bᵀ·θ + c with A the (constant) Hessian, b = ∇f(0) and
    /// c = f(0), so the minimiser (when A is positive definite) solves A·θ = −b,
    /// the normal equations. Entries may contain other symbols and reductions over
    /// columns (`mean(tips.total_bill^2)`).
    ///
    /// Throws `SymbolicError.notQuadratic(parameter:)` naming the first parameter
    /// in which f is not a polynomial of degree ≤ 2, or else the first parameter
    /// that remains in the Hessian (a cross term of degree > 2 such as θ0²·θ1).
    public func quadraticForm(in parameters: [String]) throws(SymbolicError) -> QuadraticForm {
        for parameter in parameters {
            guard let degree = polynomialDegree(in: parameter), degree <= 2 else { throw .notQuadratic(parameter: parameter) }
        }
        let hessian = self.hessian(withRespectTo: parameters)
        for row in hessian {
            for entry in row {
                if let offender = parameters.first(where: { entry.contains(symbol: $0) }) {
                    throw .notQuadratic(parameter: offender)
                }
            }
        }
        var zero: [String: Expr] = [:]
        for parameter in parameters { zero[parameter] = .zero }
        let linear = gradient(withRespectTo: parameters).map { $0.substituting(zero) }
        return QuadraticForm(parameters: parameters, quadratic: hessian, linear: linear, constant: substituting(zero))
    }
}

/// f(θ) = ½·θᵀ·A·θ + bᵀ·θ + c in the listed parameters (see `Expr.quadraticForm(in:)`).
public struct QuadraticForm: Sendable, Equatable {
    public let parameters: [String]
    /// A: the Hessian, free of the parameters, symmetric.
    public let quadratic: [[Expr]]
    /// b: the gradient at θ = 0.
    public let linear: [Expr]
    /// c: the value at θ = 0.
    public let constant: Expr
}
