/// Errors the optimisers report before running: values with data, never traps.
/// (Not converging is never an error: it is a result.)
public enum OptimizeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The starting point has `found` values but the objective has `expected` parameters.
    case dimensionMismatch(expected: Int, found: Int)
    /// The objective's gradient had `found` components instead of `expected`.
    case gradientSize(expected: Int, found: Int)
    /// The objective has no parameters to optimise.
    case noParameters
    /// An option is out of range: its name and why.
    case invalidOption(name: String, reason: String)

    public var description: String {
        switch self {
        case let .dimensionMismatch(expected, found):
            "the starting point has \(found) value\(found == 1 ? "" : "s") but the function has \(expected) parameter\(expected == 1 ? "" : "s")"
        case let .gradientSize(expected, found):
            "the gradient has \(found) component\(found == 1 ? "" : "s"), expected \(expected)"
        case .noParameters: "the function has no parameters to optimise"
        case let .invalidOption(name, reason): "\(name) \(reason)"
        }
    }
}

/// Checks a starting point against an objective before a run.
func validateStart(_ start: [Double], for objective: any Objective) throws {
    let expected = objective.parameterNames.count
    if expected == 0 { throw OptimizeError.noParameters }
    if start.count != expected { throw OptimizeError.dimensionMismatch(expected: expected, found: start.count) }
}

/// Checks a gradient's size, so a faulty objective cannot index out of range.
@inline(__always) func validateGradient(_ gradient: [Double], count: Int) throws {
    if gradient.count != count { throw OptimizeError.gradientSize(expected: count, found: gradient.count) }
}
