/// A differentiable function of named scalar parameters: what every optimiser
/// in this module works on.
///
/// Each requirement may throw, so an evaluation error (a domain error in the
/// user's formula) or `Interrupted` stops a run and reaches the caller as is.
/// `hessian` returns `nil` when no exact Hessian is known; the optimisers then
/// take finite differences of the gradient.
public protocol Objective {
    /// The parameter names in order; `x[i]` is the value of `parameterNames[i]`.
    var parameterNames: [String] { get }
    func value(_ x: [Double]) throws -> Double
    func gradient(_ x: [Double]) throws -> [Double]
    /// F(x) and ∇F(x) together (one joint evaluation counts as one of each).
    func valueAndGradient(_ x: [Double]) throws -> (value: Double, gradient: [Double])
    /// F(x), writing ∇F(x) into `gradient` (as many entries as `x`): the
    /// allocation-free form a descent step calls. The default goes through
    /// `valueAndGradient(_:)`; compiled objectives evaluate in place.
    func valueAndGradient(_ x: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>) throws -> Double
    /// The matrix of second partials, row i holding ∂²F/∂xᵢ∂xⱼ, or `nil` when unknown.
    func hessian(_ x: [Double]) throws -> [[Double]]?
    /// Exact second derivatives by the cheapest exact means the objective
    /// has, for judging where a run stopped. The default is `hessian(_:)`; a
    /// compiled objective differentiates its gradient program instead of
    /// building every second derivative symbolically (the same numbers up to
    /// rounding, at a fraction of the cost for a large formula).
    func cheapExactHessian(_ x: [Double]) throws -> [[Double]]?
}

extension Objective {
    public func valueAndGradient(_ x: [Double]) throws -> (value: Double, gradient: [Double]) {
        (try value(x), try gradient(x))
    }

    public func hessian(_ x: [Double]) throws -> [[Double]]? { nil }

    public func cheapExactHessian(_ x: [Double]) throws -> [[Double]]? { try hessian(x) }

    public func valueAndGradient(_ x: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>) throws -> Double {
        let joint = try valueAndGradient(Array(x))
        try validateGradient(joint.gradient, count: gradient.count)
        _ = gradient.update(fromContentsOf: joint.gradient)
        return joint.value
    }
}

/// An objective made of Swift closures: for tests, benchmarks and callers that
/// already hold compiled functions.
///
///     let parabola = ClosureObjective(
///         parameterNames: ["θ"],
///         value: { x in (x[0] - 2) * (x[0] - 2) },
///         gradient: { x in [2 * (x[0] - 2)] })
public struct ClosureObjective: Objective {
    public let parameterNames: [String]
    private let valueFunction: ([Double]) throws -> Double
    private let gradientFunction: ([Double]) throws -> [Double]
    private let hessianFunction: (([Double]) throws -> [[Double]])?

    public init(
        parameterNames: [String],
        value: @escaping ([Double]) throws -> Double,
        gradient: @escaping ([Double]) throws -> [Double],
        hessian: (([Double]) throws -> [[Double]])? = nil
    ) {
        self.parameterNames = parameterNames
        self.valueFunction = value
        self.gradientFunction = gradient
        self.hessianFunction = hessian
    }

    public func value(_ x: [Double]) throws -> Double { try valueFunction(x) }
    public func gradient(_ x: [Double]) throws -> [Double] { try gradientFunction(x) }
    public func hessian(_ x: [Double]) throws -> [[Double]]? { try hessianFunction?(x) }
}

/// Wraps an objective to count evaluations the way SciPy's `ScalarFunction`
/// does: `nfev` objective values, `njev` gradients, with the last point's
/// value and gradient remembered so asking twice at the same point is free.
final class CountingObjective {
    let base: any Objective
    private(set) var valueCount = 0
    private(set) var gradientCount = 0
    private(set) var exactHessianCount = 0
    /// F at the start and after each iteration, as the method reports it
    /// (`recordIteration`): the run's loss curve, `minimize`'s `.losses`.
    private(set) var iterationValues: [Double] = []
    private var cachedPoint: [Double]?
    private var cachedValue: Double?
    private var cachedGradient: [Double]?

    init(_ base: any Objective) { self.base = base }

    var dimension: Int { base.parameterNames.count }

    /// Called by each method with F at its start and at the end of each iteration.
    func recordIteration(_ value: Double) { iterationValues.append(value) }

    private func moveCache(to x: [Double]) {
        if cachedPoint != x {
            cachedPoint = x
            cachedValue = nil
            cachedGradient = nil
        }
    }

    func value(_ x: [Double]) throws -> Double {
        moveCache(to: x)
        if let known = cachedValue { return known }
        let computed = try base.value(x)
        valueCount += 1
        cachedValue = computed
        return computed
    }

    func gradient(_ x: [Double]) throws -> [Double] {
        moveCache(to: x)
        if let known = cachedGradient { return known }
        let computed = try base.gradient(x)
        try validateGradient(computed, count: x.count)
        gradientCount += 1
        cachedGradient = computed
        return computed
    }

    func valueAndGradient(_ x: [Double]) throws -> (value: Double, gradient: [Double]) {
        moveCache(to: x)
        switch (cachedValue, cachedGradient) {
        case let (value?, gradient?):
            return (value, gradient)
        case let (value?, nil):
            return (value, try gradient(x))
        case let (nil, gradient?):
            return (try self.value(x), gradient)
        case (nil, nil):
            let joint = try base.valueAndGradient(x)
            try validateGradient(joint.gradient, count: x.count)
            valueCount += 1
            gradientCount += 1
            cachedValue = joint.value
            cachedGradient = joint.gradient
            return joint
        }
    }

    /// The exact Hessian, or central differences of the gradient (2n gradient
    /// evaluations, counted) when the objective has none.
    func hessian(_ x: [Double]) throws -> [[Double]] {
        if let exact = try base.hessian(x) {
            guard exact.count == x.count, exact.allSatisfy({ $0.count == x.count }) else {
                throw OptimizeError.gradientSize(expected: x.count, found: exact.count)
            }
            exactHessianCount += 1
            return exact
        }
        return try finiteDifferenceHessian(at: x) { try self.gradient($0) }
    }
}

/// Central differences of a gradient, symmetrised: H ≈ (J + Jᵀ)/2 where
/// column j of J is (∇F(x + hⱼeⱼ) − ∇F(x − hⱼeⱼ)) / 2hⱼ, hⱼ = ε^(1/3)·max(1, |xⱼ|)
/// (the step that balances truncation O(h²) against rounding O(ε/h)).
func finiteDifferenceHessian(at x: [Double], gradient: ([Double]) throws -> [Double]) throws -> [[Double]] {
    let n = x.count
    var jacobian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    let cubeRootEpsilon = 6.0554544523933395e-06  // cbrt(2.220446049250313e-16)
    for j in 0..<n {
        let step = cubeRootEpsilon * max(1, abs(x[j]))
        var forward = x
        var backward = x
        forward[j] += step
        backward[j] -= step
        let gradientForward = try gradient(forward)
        let gradientBackward = try gradient(backward)
        let actualStep = forward[j] - backward[j]
        for i in 0..<n { jacobian[i][j] = (gradientForward[i] - gradientBackward[i]) / actualStep }
    }
    var symmetric = jacobian
    for i in 0..<n { for j in 0..<n { symmetric[i][j] = 0.5 * (jacobian[i][j] + jacobian[j][i]) } }
    return symmetric
}
