import Core
import Foundation


/// Settings of `descend F from P …`.
public struct DescendOptions: Sendable {
    /// α, the learning rate (default 0.1).
    public var rate: Double
    /// N, the number of updates; nil means at most 1000 with a default tolerance.
    public var steps: Int?
    /// ε: stop when ‖∇F‖₂ ≤ ε. Nil means 1e-8 when `steps` is nil, and no
    /// tolerance at all (exactly N updates) when `steps` is given.
    public var tolerance: Double?
    /// The update rule (Core's `UpdateRule`, shared with `sgd`): plain steps
    /// by default; `momentum λ` alone means heavy-ball momentum.
    public var rule: UpdateRule
    public var decay: LearningRateDecay?
    /// Backtracking (Armijo) line search: start each update from the scheduled
    /// rate and halve it until F(x − α∇F) ≤ F(x) − 10⁻⁴·α‖∇F‖². With momentum
    /// the rate so chosen scales the gradient term of the velocity update.
    /// Only with the plain and momentum rules.
    public var lineSearch: Bool
    /// Exact line search (deck 002: α = argmin F(x − α∇F)), by bracketing and
    /// golden-section search from the scheduled rate; implies `lineSearch`'s
    /// restriction to the plain and momentum rules.
    public var exactLineSearch: Bool

    public init(
        rate: Double = 0.1, steps: Int? = nil, tolerance: Double? = nil, momentum: Double? = nil,
        decay: LearningRateDecay? = nil, lineSearch: Bool = false, rule: UpdateRule? = nil, exactLineSearch: Bool = false
    ) {
        self.rate = rate
        self.steps = steps
        self.tolerance = tolerance
        self.rule = rule ?? momentum.map { .momentum($0) } ?? .plain
        self.decay = decay
        self.lineSearch = lineSearch
        self.exactLineSearch = exactLineSearch
    }

    /// λ of the momentum rules, nil for the others.
    public var momentum: Double? {
        switch rule {
        case .momentum(let lambda), .nesterov(let lambda): lambda
        default: nil
        }
    }

    /// The update limit in force: N, or 1000.
    public var maxSteps: Int { max(0, steps ?? 1000) }
    /// The tolerance in force (see `tolerance`).
    public var effectiveTolerance: Double? { tolerance ?? (steps == nil ? 1e-8 : nil) }
}

/// Why `descend` stopped.
public enum DescendStop: Sendable, Equatable {
    /// It took every update it was allowed.
    case stepLimit
    /// ‖∇F‖ ≤ tol.
    case toleranceMet
    /// ∇F was exactly zero: no update can move.
    case zeroGradient
    /// A non-finite value, or the loss rose above its start for 5 steps in a row; at this step.
    case diverged(step: Int)
    /// Ctrl-C at this step.
    case interrupted(step: Int)
}

/// The diagnoses `descend` reports; they never stop a run.
public enum DescendDiagnosis: Sendable, Equatable {
    /// The last steps alternate in direction without shrinking, between these two points.
    case bouncing(between: [Double], and: [Double])
    /// At the current pace the tolerance would take this many more steps (more than 10× those
    /// used); `shrinking` false when the gradient is not shrinking yet (the count then comes from
    /// a curvature model); the largest secant curvature along the path and the last rate, which
    /// decide the advice.
    case crawling(stepsNeeded: Double, tolerance: Double, shrinking: Bool, curvature: Double?, rate: Double)
    /// Diverged at `step`; the curvature estimate L along the path and the rate it suggests.
    case diverging(step: Int, curvature: Double?, suggestedRate: Double?)
    /// The steps alternate in direction and shrink slowly (by `ratio` a step, just
    /// under 1): converging, but slowly; the rate 1/L that would converge fastest.
    case alternating(ratio: Double, curvature: Double?, suggestedRate: Double?)
    /// Near a saddle point: the gradient has shrunk by `shrink` from its largest,
    /// while F curves downward (`curvature` < 0) along parameter `parameter`,
    /// whose steps grow by `growth` a step: the way the run will leave.
    case saddle(near: [Double], shrink: Double, parameter: Int, curvature: Double, growth: Double)
}

/// One trial of the backtracking line search: the rate tried and F there.
public struct LineSearchTrial: Sendable, Equatable {
    public var rate: Double
    public var loss: Double
    /// Whether the Armijo condition held (the trial accepted).
    public var accepted: Bool
}

/// The record `descend` returns: gd's `.x .fun .path .losses .steps .converged .reason`.
public struct DescendResult: Sendable {
    public var parameterNames: [String]
    /// The last point.
    public var x: [Double]
    /// F at the last point.
    public var fun: Double
    /// The start and each update: `steps + 1` points.
    public var path: PointPath
    /// F at each point of `path`.
    public var losses: [Double]
    /// ‖∇F‖₂ at each point of `path`.
    public var gradientNorms: [Double]
    /// The learning rate used by each update (`steps` entries).
    public var rates: [Double]
    /// The update rule the run used.
    public var rule: UpdateRule
    /// The rate before decay, and the decay (nil: none).
    public var baseRate: Double
    public var decay: LearningRateDecay?
    /// The gradient each update used (`steps` points): ∇F(xₜ), or for
    /// Nesterov ∇F at the look-ahead point. With the rates they replay the
    /// rule's state exactly (`explain r step K`).
    public var updateGradients: PointPath
    /// For a line-search run, each update's trials in order (the last is
    /// the rate accepted, or the 60th halving); empty otherwise.
    public var lineSearchTrials: [[LineSearchTrial]]
    /// True when those trials are an exact line search's (else backtracking).
    public var lineSearchIsExact: Bool
    /// Updates taken.
    public var steps: Int
    /// True when the tolerance was met.
    public var converged: Bool
    public var stop: DescendStop
    public var diagnoses: [DescendDiagnosis]
    /// The secant curvature ‖∇F(xₜ₊₁) − ∇F(xₜ)‖/‖xₜ₊₁ − xₜ‖ of each update (NaN
    /// where undefined): from the recorded gradients after the run, or during
    /// it for Nesterov (whose recorded gradients are taken ahead of xₜ).
    public var secantCurvatures: [Double]
    /// The summary sentence: why it stopped, then each diagnosis.
    public var reason: String
    public var interrupted: Bool { if case .interrupted = stop { true } else { false } }
}

/// Gradient descent exactly as the lectures write it: xₜ₊₁ = xₜ − αₜ∇F(xₜ)
/// (with momentum: vₜ₊₁ = λvₜ − αₜ∇F(xₜ), xₜ₊₁ = xₜ + vₜ₊₁, v₀ = 0), or any
/// other `UpdateRule` (Nesterov, AdaGrad, RMSProp, Adam), the same code
/// `sgd` runs.
///
/// Stops early only on an exactly zero gradient, the tolerance met, divergence
/// (a non-finite value, or a loss above the starting loss that has risen 5
/// updates in a row) or Ctrl-C (`Interrupt.isRequested`, polled before each
/// update: the partial path is kept). Errors thrown by the objective propagate.
///
///     // f(x) = (x⁴ − 15x³ + 80x² − 180x + 144)/10, rate 0.3, 19 steps from 4:
///     // path 4, 4.12, 4.26729664, …, 5.32634408
public func descend(_ objective: any Objective, from start: [Double], options: DescendOptions = DescendOptions()) throws -> DescendResult {
    try validateStart(start, for: objective)
    try validateDescendOptions(options)
    let n = start.count
    let tolerance = options.effectiveTolerance
    // The working vectors are allocated once, so an update allocates nothing
    // but the amortised growth of the records (a step of a small problem
    // costs tens of nanoseconds: per-step arrays would dominate it).
    var work = DescentWorkspace(start: start)
    defer { work.deallocate() }
    var state = UpdateRuleState(options.rule, parameterCount: n)
    let expected = min(options.maxSteps, 1 << 16) + 1
    var path = PointPath(dimension: n, reservingCapacity: expected)
    var updateGradients = PointPath(dimension: n, reservingCapacity: expected)
    var losses: [Double] = [], norms: [Double] = [], rates: [Double] = [], secants: [Double] = []
    var trials: [[LineSearchTrial]] = []
    losses.reserveCapacity(expected)
    norms.reserveCapacity(expected)
    rates.reserveCapacity(expected)
    if state.evaluatesAhead { secants.reserveCapacity(expected) }  // otherwise taken after the run

    var loss = try objective.valueAndGradient(UnsafeBufferPointer(work.x), into: work.gradient)
    path.append(UnsafeBufferPointer(work.x))
    losses.append(loss)
    norms.append(euclideanNorm(UnsafeBufferPointer(work.gradient)))
    var stop = DescendStop.stepLimit
    var risingStreak = 0
    var converged = false
    let interrupt = Interrupt.poll()
    while true {
        let t = rates.count
        if !allFinite(work.x) || !loss.isFinite || !allFinite(work.gradient) {
            stop = .diverged(step: t)
            break
        }
        if let tol = tolerance, norms[t] <= tol {
            stop = .toleranceMet
            converged = true
            break
        }
        if work.gradient.allSatisfy({ $0 == 0 }) {
            stop = .zeroGradient
            break
        }
        if t >= options.maxSteps { break }
        if interrupt.isRequested {
            stop = .interrupted(step: t)
            break
        }
        var rate = options.decay?.rate(base: options.rate, update: t) ?? options.rate
        if options.exactLineSearch {
            let search = try exactSearch(objective, at: Array(work.x), loss: loss, gradient: Array(work.gradient), initialRate: rate)
            rate = search.rate
            trials.append(search.trials)
        } else if options.lineSearch {
            let search = try armijoSearch(objective, at: Array(work.x), loss: loss, gradient: Array(work.gradient), initialRate: rate)
            rate = search.rate
            trials.append(search.trials)
        }
        if state.evaluatesAhead {
            _ = work.previousX.update(fromContentsOf: work.x)  // for `stepNorms`
            // Nesterov: the update's gradient is taken at x + λv; ∇F(x) is
            // still what the tolerance, the diagnoses and the report read.
            state.lookAhead(from: UnsafeBufferPointer(work.x), into: work.aheadPoint)
            _ = try objective.valueAndGradient(UnsafeBufferPointer(work.aheadPoint), into: work.aheadGradient)
            updateGradients.append(UnsafeBufferPointer(work.aheadGradient))
            state.update(work.x, gradient: UnsafeBufferPointer(work.aheadGradient), rate: rate)
        } else {
            updateGradients.append(UnsafeBufferPointer(work.gradient))
            state.update(work.x, gradient: UnsafeBufferPointer(work.gradient), rate: rate)
        }
        swap(&work.gradient, &work.previousGradient)
        loss = try objective.valueAndGradient(UnsafeBufferPointer(work.x), into: work.gradient)
        rates.append(rate)
        path.append(UnsafeBufferPointer(work.x))
        losses.append(loss)
        if state.evaluatesAhead {
            // The update gradients are taken ahead of xₜ, so the secant
            // between ∇F(xₜ) and ∇F(xₜ₊₁) needs the gradients seen here.
            let (distance, gradientChange, gradientNorm) = work.stepNorms()
            secants.append(secantCurvature(distance: distance, gradientChange: gradientChange))
            norms.append(gradientNorm)
        } else if tolerance != nil {
            // The next check reads it; otherwise it is taken after the run.
            norms.append(euclideanNorm(UnsafeBufferPointer(work.gradient)))
        }
        risingStreak = losses[t + 1] > losses[t] ? risingStreak + 1 : 0
        if risingStreak >= 5 && loss > losses[0] {
            stop = .diverged(step: t + 1)
            break
        }
    }
    if !state.evaluatesAhead {
        secants = measuresAfterRun(path: path, gradients: updateGradients, last: UnsafeBufferPointer(work.gradient),
                                   norms: &norms, withNorms: tolerance == nil)
    }
    var result = DescendResult(
        parameterNames: objective.parameterNames, x: Array(work.x), fun: loss, path: path, losses: losses, gradientNorms: norms,
        rates: rates, rule: options.rule, baseRate: options.rate, decay: options.decay, updateGradients: updateGradients, lineSearchTrials: trials, lineSearchIsExact: options.exactLineSearch, steps: rates.count,
        converged: converged, stop: stop, diagnoses: [], secantCurvatures: secants, reason: "")
    result.diagnoses = diagnose(result, tolerance: tolerance ?? 1e-8)
    result.reason = summarize(result, tolerance: tolerance)
    return result
}

/// ‖∇F(xₜ₊₁) − ∇F(xₜ)‖/‖xₜ₊₁ − xₜ‖, NaN where undefined.
@inline(__always)
private func secantCurvature(distance: Double, gradientChange: Double) -> Double {
    let secant = gradientChange / distance
    return distance > 0 && secant.isFinite ? secant : .nan
}

/// The secant curvature of each update of a run whose update gradients are
/// ∇F at the path's points (every rule but Nesterov's), and with `withNorms`
/// the gradient norms ‖∇F(xₜ)‖₂ of points 1…steps (appended to `norms`), from the records after
/// the run: the same differences, sums and roots a step would take (see
/// `stepNorms` and `euclideanNorm`), so the same doubles, without square
/// roots and a division in every step's chain of dependent work (a fifth
/// of a small problem's step). `last` is ∇F at the last point.
private func measuresAfterRun(path: PointPath, gradients: PointPath, last: UnsafeBufferPointer<Double>,
                              norms: inout [Double], withNorms: Bool) -> [Double] {
    let n = path.dimension, steps = gradients.count
    guard steps > 0, path.count == steps + 1, last.count == n, let lastGradient = last.baseAddress else { return [] }
    // The norms are written in place, into room the run reserved (an
    // append per step checked the array's uniqueness every time; a buffer
    // of their own made a run touch more fresh memory).
    let firstLater = norms.count
    if withNorms { norms.append(contentsOf: repeatElement(0, count: steps)) }
    return norms.withUnsafeMutableBufferPointer { allNorms in
        let later = UnsafeMutableBufferPointer(rebasing: allNorms[firstLater...])
        return path.coordinates.withUnsafeBufferPointer { points in
        gradients.coordinates.withUnsafeBufferPointer { updates in
            guard let x = points.baseAddress, let g = updates.baseAddress else { return [Double]() }
            return [Double](unsafeUninitializedCapacity: steps) { secants, initialized in
                for t in 0..<steps {
                    let x0 = x + t * n, x1 = x0 + n
                    let g0 = g + t * n, g1 = t + 1 < steps ? g0 + n : lastGradient
                    var distanceSquares = 0.0, changeSquares = 0.0, gradientSquares = 0.0
                    for i in 0..<n {
                        let step = x1[i] - x0[i], change = g1[i] - g0[i]
                        distanceSquares += step * step
                        changeSquares += change * change
                        gradientSquares += g1[i] * g1[i]
                    }
                    let distance = normFromSumOfSquares(distanceSquares) ?? scaledNormOfDifference(x1, x0, n)
                    let change = normFromSumOfSquares(changeSquares) ?? scaledNormOfDifference(g1, g0, n)
                    secants[t] = secantCurvature(distance: distance, gradientChange: change)
                    if withNorms {
                        later[t] = normFromSumOfSquares(gradientSquares)
                            ?? scaledEuclideanNorm(UnsafeBufferPointer(start: g1, count: n))
                    }
                }
                initialized = steps
            }
        }
        }
    }
}

/// ‖a − b‖₂ by scaling, for n-vectors (the rare case of `secantCurvatures`).
@inline(never)
private func scaledNormOfDifference(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    let difference = (0..<n).map { a[$0] - b[$0] }
    return difference.withUnsafeBufferPointer(scaledEuclideanNorm)
}

/// The vectors one descent updates in place.
private struct DescentWorkspace {
    var x, previousX, gradient, previousGradient, difference: UnsafeMutableBufferPointer<Double>
    /// Nesterov's look-ahead point x + λv and the gradient there.
    var aheadPoint, aheadGradient: UnsafeMutableBufferPointer<Double>

    init(start: [Double]) {
        func vector(_ values: [Double]? = nil) -> UnsafeMutableBufferPointer<Double> {
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: start.count)
            if let values { _ = buffer.initialize(from: values) } else { buffer.initialize(repeating: 0) }
            return buffer
        }
        x = vector(start)
        previousX = vector(start)
        gradient = vector()
        previousGradient = vector()
        difference = vector()
        aheadPoint = vector()
        aheadGradient = vector()
    }

    func deallocate() {
        for buffer in [x, previousX, gradient, previousGradient, difference, aheadPoint, aheadGradient] { buffer.deallocate() }
    }

    /// ‖x − x′‖₂, ‖g − g′‖₂ and ‖g‖₂ of the update just taken, each the
    /// double `euclideanNorm` gives, with the three sums of squares taken in
    /// one pass (a step of a small problem is a few dozen nanoseconds; three
    /// separate passes and square roots were a seventh of it).
    func stepNorms() -> (distance: Double, gradientChange: Double, gradient: Double) {
        var distanceSquares = 0.0, changeSquares = 0.0, gradientSquares = 0.0
        for i in 0..<x.count {
            let step = x[i] - previousX[i], change = gradient[i] - previousGradient[i]
            distanceSquares += step * step
            changeSquares += change * change
            gradientSquares += gradient[i] * gradient[i]
        }
        return (normFromSumOfSquares(distanceSquares) ?? normOfDifference(x, previousX),
                normFromSumOfSquares(changeSquares) ?? normOfDifference(gradient, previousGradient),
                normFromSumOfSquares(gradientSquares) ?? scaledEuclideanNorm(UnsafeBufferPointer(gradient)))
    }

    /// ‖a − b‖₂ by scaling (the rare case of `stepNorms`).
    private func normOfDifference(_ a: UnsafeMutableBufferPointer<Double>, _ b: UnsafeMutableBufferPointer<Double>) -> Double {
        for i in 0..<difference.count { difference[i] = a[i] - b[i] }
        return scaledEuclideanNorm(UnsafeBufferPointer(difference))
    }
}

/// Points of one dimension stored one after another in a single array: a
/// path of thousands of updates is one growing allocation, not one per point,
/// and becomes a gd matrix without copying.
public struct PointPath: Sendable, RandomAccessCollection {
    /// Coordinates per point.
    public let dimension: Int
    /// The points' coordinates, point after point (row-major).
    public private(set) var coordinates: [Double] = []

    public init(dimension: Int, reservingCapacity points: Int = 0) {
        self.dimension = Swift.max(1, dimension)
        coordinates.reserveCapacity(points * self.dimension)
    }

    public init(_ points: [[Double]]) {
        self.init(dimension: points.first?.count ?? 1, reservingCapacity: points.count)
        for point in points { append(point) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { coordinates.count / dimension }
    public subscript(position: Int) -> [Double] {
        Array(coordinates[(position * dimension)..<((position + 1) * dimension)])
    }

    /// Appends a point of `dimension` coordinates (extra ones are ignored, missing ones are 0).
    @inline(__always)
    public mutating func append(_ point: UnsafeBufferPointer<Double>) {
        if point.count == dimension {
            // One by one: `append(contentsOf:)` cost more than the copy for a
            // point of a few coordinates. Inlined into the descent loop, the
            // capacity reserved up front makes each append a store.
            for value in point { coordinates.append(value) }
        } else {
            for i in 0..<dimension { coordinates.append(i < point.count ? point[i] : 0) }
        }
    }

    public mutating func append(_ point: [Double]) {
        point.withUnsafeBufferPointer { append($0) }
    }
}

private func validateDescendOptions(_ options: DescendOptions) throws {
    if !options.rate.isFinite { throw OptimizeError.invalidOption(name: "rate", reason: "must be a finite number") }
    if let steps = options.steps, steps < 0 { throw OptimizeError.invalidOption(name: "steps", reason: "must not be negative") }
    if let tolerance = options.tolerance, !(tolerance >= 0) {
        throw OptimizeError.invalidOption(name: "tol", reason: "must be a non-negative number")
    }
    do {
        try options.rule.validate()
    } catch {
        throw OptimizeError.invalidOption(name: error.keyword, reason: error.message)
    }
    if options.lineSearch || options.exactLineSearch {
        switch options.rule {
        case .plain, .momentum: break
        default:
            throw OptimizeError.invalidOption(name: "linesearch", reason: "goes with the plain and momentum rules, not \(options.rule.name): the adaptive rules scale each coordinate themselves")
        }
    }
}

/// Backtracking from `initialRate`: halve α (at most 60 times) until the Armijo
/// condition F(x − α∇F) ≤ F(x) − c·α‖∇F‖², c = 10⁻⁴, holds. Returns the rate
/// and every trial in order (the last is the one accepted; when none is,
/// the rate returned is half the 60th trial's, as before).
private func armijoSearch(_ objective: any Objective, at x: [Double], loss: Double, gradient: [Double], initialRate: Double) throws
    -> (rate: Double, trials: [LineSearchTrial])
{
    let squaredNorm = dot(gradient, gradient)
    var rate = initialRate
    var trials: [LineSearchTrial] = []
    for _ in 0..<60 {
        let trial = try objective.value(adding(x, -rate, gradient))
        let accepted = trial.isFinite && trial <= loss - 1e-4 * rate * squaredNorm
        trials.append(LineSearchTrial(rate: rate, loss: trial, accepted: accepted))
        if accepted { return (rate, trials) }
        rate *= 0.5
    }
    return (rate, trials)
}

/// Exact line search: the α ≥ 0 that minimises φ(α) = F(x − α∇F), found by
/// bracketing from the scheduled rate (halving until φ(α) < φ(0), then
/// doubling while φ keeps falling) and golden-section search inside the
/// bracket until it is 10⁻¹⁰ of α wide (at most 200 evaluations in all).
/// Every evaluation is a trial; the last is the α chosen (accepted). If no
/// α below the scheduled rate lowers F within 60 halvings, the smallest
/// tried is used, as the backtracking search does.
private func exactSearch(_ objective: any Objective, at x: [Double], loss: Double, gradient: [Double], initialRate: Double) throws
    -> (rate: Double, trials: [LineSearchTrial])
{
    var trials: [LineSearchTrial] = []
    func phi(_ alpha: Double) throws -> Double {
        let value = try objective.value(adding(x, -alpha, gradient))
        trials.append(LineSearchTrial(rate: alpha, loss: value, accepted: false))
        return value.isFinite ? value : .infinity
    }
    var b = initialRate
    var fb = try phi(b)
    var halvings = 0
    while !(fb < loss) {
        halvings += 1
        if halvings > 60 {
            trials[trials.count - 1].accepted = true
            return (b, trials)
        }
        b *= 0.5
        fb = try phi(b)
    }
    var a = 0.0
    var c = 2 * b
    var fc = try phi(c)
    while fc < fb && trials.count < 100 {
        a = b
        b = c
        fb = fc
        c = 2 * c
        fc = try phi(c)
    }
    // Golden-section search on [a, c], which holds a point b below both ends.
    let ratio = (5.0.squareRoot() - 1) / 2
    var lower = a, upper = c
    var left = upper - ratio * (upper - lower), right = lower + ratio * (upper - lower)
    var fLeft = try phi(left), fRight = try phi(right)
    while upper - lower > 1e-10 * max(abs(b), Double.leastNormalMagnitude) && trials.count < 200 {
        if fLeft < fRight {
            upper = right
            right = left
            fRight = fLeft
            left = upper - ratio * (upper - lower)
            fLeft = try phi(left)
        } else {
            lower = left
            left = right
            fLeft = fRight
            right = lower + ratio * (upper - lower)
            fRight = try phi(right)
        }
    }
    // The best point seen inside the bracket.
    var best = fLeft < fRight ? (left, fLeft) : (right, fRight)
    if fb < best.1 { best = (b, fb) }
    trials.append(LineSearchTrial(rate: best.0, loss: best.1, accepted: true))
    return (best.0, trials)
}

