import Core
import Foundation

/// What kind of stationary point a point is, read from the Hessian there.
public enum StationaryKind: String, Sendable, Equatable {
    case minimum
    case maximum
    case saddle
    /// Some eigenvalue is zero to working precision: the second-order test cannot decide.
    case degenerate
    /// The gradient is not zero there.
    case notStationary = "not stationary"
    /// 1-D only: f′ = 0 and f″ = 0 without f′ changing sign (x³ at 0).
    case inflection = "inflection point"
}

/// `classify F at P`: the gradient, the Hessian and its eigenvalues at a point,
/// and what kind of point it is.
public struct PointClassification: Sendable {
    public var point: [Double]
    public var value: Double
    public var gradient: [Double]
    public var hessian: [[Double]]
    /// Ascending.
    public var eigenvalues: [Double]
    /// True when the Hessian came from finite differences of the gradient.
    public var hessianIsApproximate: Bool
    public var kind: StationaryKind
    /// What the eigenvalues alone say (minimum / maximum / saddle / degenerate),
    /// even where the gradient is not zero: the local shape of F.
    public var curvatureKind: StationaryKind

    /// A sentence: "a minimum (Hessian eigenvalues 2 and 5)".
    public var description: String {
        let eigen = eigenvalues.map(formatShort)
        let listed = eigen.count == 1 ? "second derivative \(eigen[0])" :
            "Hessian eigenvalues " + eigen.dropLast().joined(separator: ", ") + " and " + (eigen.last ?? "")
        let source = hessianIsApproximate ? ", by finite differences" : ""
        switch kind {
        case .minimum: return "a minimum (\(listed)\(source))"
        case .maximum: return "a maximum (\(listed)\(source))"
        case .saddle: return "a saddle point (\(listed)\(source))"
        case .degenerate: return "a degenerate stationary point: the second-order test cannot decide (\(listed)\(source))"
        case .inflection: return "an inflection point (\(listed)\(source); f′ does not change sign)"
        case .notStationary:
            let shape: String
            switch curvatureKind {
            case .minimum: shape = "curves upward in every direction"
            case .maximum: shape = "curves downward in every direction"
            case .saddle: shape = "curves up in some directions and down in others"
            default: shape = "is flat in some direction"
            }
            return "not a stationary point: the gradient is not zero there (largest component \(formatShort(maxAbs(gradient)))); F \(shape) (\(listed)\(source))"
        }
    }
}

/// Classifies x by the gradient and the Hessian's eigenvalues λ (exact Hessian
/// if the objective has one, else central differences of the gradient):
/// all λ > τ minimum, all λ < −τ maximum, both signs saddle, otherwise
/// degenerate, with τ = tolerance·max(1, max|λ|) (√ε for an exact Hessian,
/// 10⁻⁵ for a finite-difference one, whose error is about ε^(2/3)).
/// x counts as stationary when ‖∇F‖∞ ≤ `gradientTolerance`·max(1, |F|), or,
/// with `relativeToValue` false, when ‖∇F‖∞ ≤ `gradientTolerance` (the test
/// `minimize` converges by: far out on a function unbounded below, |F| is so
/// large that the relative test would pass a gradient of any size).
public func classifyPoint(_ objective: any Objective, at x: [Double], gradientTolerance: Double = 1e-5,
                          relativeToValue: Bool = true, cheapHessian: Bool = false) throws -> PointClassification {
    try validateStart(x, for: objective)
    let (value, gradient) = try objective.valueAndGradient(x)
    try validateGradient(gradient, count: x.count)
    var hessian: [[Double]]
    var approximate = false
    if let exact = try (cheapHessian ? objective.cheapExactHessian(x) : objective.hessian(x)), exact.count == x.count, exact.allSatisfy({ $0.count == x.count }) {
        hessian = exact
    } else {
        hessian = try finiteDifferenceHessian(at: x) { try objective.gradient($0) }
        approximate = true
    }
    let eigenvalues = try SymmetricEigen(hessian).values
    let curvature = kindFromEigenvalues(eigenvalues, approximate: approximate)
    let scale = relativeToValue ? max(1, abs(value).isFinite ? abs(value) : 1) : 1
    let stationary = maxAbs(gradient) <= gradientTolerance * scale
    return PointClassification(
        point: x, value: value, gradient: gradient, hessian: hessian, eigenvalues: eigenvalues,
        hessianIsApproximate: approximate, kind: stationary ? curvature : .notStationary, curvatureKind: curvature)
}

func kindFromEigenvalues(_ eigenvalues: [Double], approximate: Bool) -> StationaryKind {
    let largest = eigenvalues.map(abs).max() ?? 0
    let threshold = (approximate ? 1e-5 : 1.4901161193847656e-08) * max(1, largest)
    let positive = eigenvalues.filter { $0 > threshold }.count
    let negative = eigenvalues.filter { $0 < -threshold }.count
    if positive > 0 && negative > 0 { return .saddle }
    if positive == eigenvalues.count { return .minimum }
    if negative == eigenvalues.count { return .maximum }
    return .degenerate
}

// MARK: - Stationary points of one parameter over an interval

/// A stationary point found by `stationaryPoints(of:from:to:)`.
public struct StationaryPoint: Sendable, Equatable {
    public var x: Double
    public var value: Double
    /// f″(x).
    public var secondDerivative: Double
    public var kind: StationaryKind
}

/// Every root of f′ in [a, b], each classified by f″ (and by the sign of f′
/// on either side when f″ is zero).
///
/// Method: f′ is sampled at `samples` + 1 evenly spaced points; each sign
/// change is refined by Brent's method (bisection safeguarding inverse
/// quadratic interpolation) to full precision, and each sample where f′ is
/// exactly zero is a root. A root where f′ touches zero without changing sign
/// between samples (f′ = x² at 0) is found when |f′| has a local minimum
/// below 10⁻¹⁰·max|f′| and golden-section refinement drives it to zero.
/// Each refinement ends with an interval that holds the root, and the root
/// reported is the number with the fewest significant digits in it
/// (`simplestNumber`) when f′ there is as small as at the refinement's own
/// answer. At a simple root the interval is a few ulps wide and this changes
/// at most the last digits; where f′ vanishes to high order (f = x⁴ at 0,
/// f′ = 4x³) every point of a wide interval has |f′| below any tolerance,
/// and the simplest one, 0, is the root, not an arbitrary point beside it.
/// A sign change across a pole is discarded (|f′| there is not small).
/// Roots closer than 10⁻⁹·(b − a) are merged. Results are in increasing x.
///
///     // f(x) = (x⁴ − 15x³ + 80x² − 180x + 144)/10 on [1, 6.75]:
///     // minima near 2.3927 and 5.3263, a maximum near 3.5309.
public func stationaryPoints(of objective: any Objective, from a: Double, to b: Double, samples: Int = 2000) throws -> [StationaryPoint] {
    guard objective.parameterNames.count == 1 else {
        throw OptimizeError.dimensionMismatch(expected: objective.parameterNames.count, found: 1)
    }
    guard a.isFinite, b.isFinite else { throw OptimizeError.invalidOption(name: "range", reason: "must have finite ends") }
    let (low, high) = a <= b ? (a, b) : (b, a)
    let count = max(2, samples)
    func derivative(_ x: Double) throws -> Double { try objective.gradient([x])[0] }
    let grid = (0...count).map { i in i == count ? high : low + (high - low) * Double(i) / Double(count) }
    let slopes = try grid.map(derivative)
    var roots: [Double] = []
    let largestSlope = slopes.filter(\.isFinite).map(abs).max() ?? 0
    for i in 0...count {
        if Interrupt.isRequested { throw Interrupted() }
        if slopes[i] == 0 { roots.append(grid[i]); continue }
        if i < count, slopes[i].isFinite, slopes[i + 1].isFinite, slopes[i + 1] != 0, (slopes[i] < 0) != (slopes[i + 1] < 0) {
            let root = try simplestRoot(derivative, of: brentRoot(derivative, grid[i], grid[i + 1], slopes[i], slopes[i + 1]))
            // A sign change across a pole (f′ = 1 − 1/x² at 0) is not a root: keep only
            // points where f′ really is zero to working precision.
            if abs(try derivative(root)) <= 1.4901161193847656e-08 * max(1, largestSlope) { roots.append(root) }
        }
        // A touching root: |f′| dips without a sign change.
        if i > 0, i < count, abs(slopes[i]) < abs(slopes[i - 1]), abs(slopes[i]) <= abs(slopes[i + 1]),
           (slopes[i - 1] < 0) == (slopes[i] < 0), (slopes[i + 1] < 0) == (slopes[i] < 0) {
            let candidate = try simplestRoot(derivative, of: goldenMinimumOfAbs(derivative, grid[i - 1], grid[i + 1]))
            if abs(try derivative(candidate)) <= 1e-10 * max(1, largestSlope) { roots.append(candidate) }
        }
    }
    roots.sort()
    var merged: [Double] = []
    for root in roots where merged.last.map({ abs(root - $0) > 1e-9 * max(1, high - low) }) ?? true {
        merged.append(root)
    }
    return try merged.map { x in
        let value = try objective.value([x])
        let curvature: Double
        if let exact = try objective.hessian([x]) {
            curvature = exact.first?.first ?? .nan
        } else {
            curvature = try finiteDifferenceHessian(at: [x]) { try objective.gradient($0) }[0][0]
        }
        let scale = max(1, abs(curvature))
        var kind: StationaryKind
        if curvature > 1e-8 * scale {
            kind = .minimum
        } else if curvature < -1e-8 * scale {
            kind = .maximum
        } else {
            // f″ ≈ 0: the sign of f′ on either side decides.
            let offset = 1e-4 * max(1, abs(x))
            let left = try derivative(x - offset), right = try derivative(x + offset)
            if left < 0 && right > 0 {
                kind = .minimum
            } else if left > 0 && right < 0 {
                kind = .maximum
            } else {
                kind = .inflection
            }
        }
        return StationaryPoint(x: x, value: value, secondDerivative: curvature, kind: kind)
    }
}

/// What a one-dimensional root refinement ends with: its answer and an
/// interval [lower, upper] holding it in which the root lies.
struct RootBracket {
    var root: Double
    var lower: Double
    var upper: Double

    init(root: Double, _ a: Double, _ b: Double) {
        self.root = root
        lower = min(a, b, root)
        upper = max(a, b, root)
    }
}

/// The root to report from a refinement: the simplest number in its bracket
/// when g there is no larger in magnitude than at the refinement's answer
/// (always so where g vanishes to high order), else the answer itself.
private func simplestRoot(_ g: (Double) throws -> Double, of bracket: RootBracket) throws -> Double {
    let simplest = simplestNumber(in: bracket.lower, bracket.upper)
    if simplest == bracket.root { return simplest }
    return abs(try g(simplest)) <= abs(try g(bracket.root)) ? simplest : bracket.root
}

/// The number with the fewest significant digits in [lower, upper]: 0 when
/// the interval holds it, otherwise the midpoint rounded to the fewest digits
/// that land inside. (If any d-digit number lies in the interval, the d-digit
/// number nearest the midpoint does too, so rounding the midpoint finds it.)
/// The idea is that of the shortest repr of a double: of equally good
/// answers, the one a person would write.
func simplestNumber(in lower: Double, _ upper: Double) -> Double {
    if lower <= 0 && upper >= 0 { return 0 }
    let middle = lower + 0.5 * (upper - lower)
    for digits in 1...17 {
        if let rounded = Double(formatNumber(middle, significantDigits: digits)), rounded >= lower, rounded <= upper {
            return rounded
        }
    }
    return middle
}

/// Brent's root finder on a sign-changing bracket [a, b] (Brent 1973, ch. 4;
/// the `zeroin` algorithm), to a tolerance of 2ε|x|; the answer and the last
/// sign-changing bracket around it.
func brentRoot(_ f: (Double) throws -> Double, _ a0: Double, _ b0: Double, _ fa0: Double, _ fb0: Double) throws -> RootBracket {
    var a = a0, b = b0, fa = fa0, fb = fb0
    var c = a, fc = fa
    var d = b - a, e = d
    for _ in 0..<200 {
        if (fb > 0) == (fc > 0) { c = a; fc = fa; d = b - a; e = d }
        if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
        let tolerance = 2 * Double.ulpOfOne * abs(b) + 1e-300
        let middle = 0.5 * (c - b)
        if fb == 0 { return RootBracket(root: b, b, b) }
        if abs(middle) <= tolerance { return RootBracket(root: b, b, c) }
        if abs(e) >= tolerance && abs(fa) > abs(fb) {
            let s = fb / fa
            var p: Double, q: Double
            if a == c {
                p = 2 * middle * s
                q = 1 - s
            } else {
                let qa = fa / fc, r = fb / fc
                p = s * (2 * middle * qa * (qa - r) - (b - a) * (r - 1))
                q = (qa - 1) * (r - 1) * (s - 1)
            }
            if p > 0 { q = -q } else { p = -p }
            if 2 * p < min(3 * middle * q - abs(tolerance * q), abs(e * q)) {
                e = d
                d = p / q
            } else {
                d = middle
                e = d
            }
        } else {
            d = middle
            e = d
        }
        a = b
        fa = fb
        b += abs(d) > tolerance ? d : (middle > 0 ? tolerance : -tolerance)
        fb = try f(b)
        if !fb.isFinite { return RootBracket(root: a, a, a) }
    }
    // Out of iterations (a root of high multiplicity converges slowly): the
    // sign change lies between b and whichever of a and c differs from it in sign.
    if fb == 0 { return RootBracket(root: b, b, b) }
    return RootBracket(root: b, b, (fb > 0) == (fc > 0) ? a : c)
}

/// Golden-section search for the minimiser of |g| on [a, b] (100 iterations):
/// the answer and the last interval, which holds the minimiser when |g| is
/// unimodal on [a, b].
private func goldenMinimumOfAbs(_ g: (Double) throws -> Double, _ a0: Double, _ b0: Double) throws -> RootBracket {
    let ratio = 0.6180339887498949
    var a = a0, b = b0
    var c = b - ratio * (b - a), d = a + ratio * (b - a)
    var gc = abs(try g(c)), gd = abs(try g(d))
    for _ in 0..<100 {
        if gc < gd {
            b = d; d = c; gd = gc
            c = b - ratio * (b - a)
            gc = abs(try g(c))
        } else {
            a = c; c = d; gc = gd
            d = a + ratio * (b - a)
            gd = abs(try g(d))
        }
        if b - a <= 4 * Double.ulpOfOne * max(1, abs(a)) { break }
    }
    return RootBracket(root: gc < gd ? c : d, a, b)
}

// MARK: - Newton's method on ∇F = 0

/// The outcome of `newtonStationaryPoint`.
public struct NewtonStationaryResult: Sendable {
    /// Where it stopped, classified there.
    public var classification: PointClassification
    public var iterations: Int
    /// True when ‖∇F‖∞ fell to the tolerance.
    public var converged: Bool
    /// Why it stopped, in English.
    public var reason: String
}

/// `stationary F from P` for several parameters: Newton's method on the system
/// ∇F(x) = 0, xₖ₊₁ = xₖ − H(xₖ)⁻¹∇F(xₖ). It seeks where the gradient vanishes,
/// not where F is small, so it finds saddles and maxima as well as minima —
/// whichever the start is near. Full steps are taken (halved only when they
/// reach a non-finite value), as the method is usually taught; it converges
/// quadratically near a nondegenerate stationary point and may wander from a
/// poor start, which the result then reports. Stops when
/// ‖∇F‖∞ ≤ `tolerance`·max(1, |F|), after `maxIterations`, or at a singular Hessian.
public func newtonStationaryPoint(
    _ objective: any Objective, from start: [Double], tolerance: Double = 1e-10, maxIterations: Int = 100
) throws -> NewtonStationaryResult {
    try validateStart(start, for: objective)
    let counted = CountingObjective(objective)
    var x = start
    var iterations = 0
    var reason = ""
    var converged = false
    while true {
        let (value, gradient) = try counted.valueAndGradient(x)
        guard value.isFinite, allFinite(gradient) else {
            reason = "Newton's method reached a point where the function or its gradient is not finite."
            break
        }
        if maxAbs(gradient) <= tolerance * max(1, abs(value)) {
            converged = true
            reason = "Newton's method converged in \(iterations) iteration\(iterations == 1 ? "" : "s")."
            break
        }
        if iterations >= maxIterations {
            reason = "Newton's method did not converge in \(maxIterations) iterations."
            break
        }
        if Interrupt.isRequested { throw Interrupted() }
        let hessian = try counted.hessian(x)
        guard let step = try? solveLinearSystem(hessian, gradient.map { -$0 }), allFinite(step) else {
            reason = "The Hessian is singular at \(formatPoint(x)); Newton's method cannot continue."
            break
        }
        var candidate = adding(x, 1, step)
        var halvings = 0
        while halvings < 60 {
            let (candidateValue, candidateGradient) = try counted.valueAndGradient(candidate)
            if candidateValue.isFinite && allFinite(candidateGradient) { break }
            halvings += 1
            candidate = adding(x, Foundation.pow(0.5, Double(halvings)), step)
        }
        x = candidate
        iterations += 1
    }
    // As `minimize` judges a run that did not converge: by an absolute gradient test, since
    // a run that wandered off where F is huge would pass any test relative to |F|.
    let classification = try classifyPoint(objective, at: x, gradientTolerance: converged ? .infinity : 1e-5, relativeToValue: false)
    return NewtonStationaryResult(classification: classification, iterations: iterations, converged: converged, reason: reason)
}
