/// How the learning rate changes with the update index t = 0, 1, 2, …: the
/// schedules of `descend` and `sgd` (LANGUAGE.md), the one definition of
/// their formulas, read by both.
public enum LearningRateDecay: Sendable, Equatable {
    /// From α down to `final` (default α/100) in a straight line over `steps`
    /// updates, then held: αₜ = α + (final − α)·min(t, ρ)/ρ.
    case linear(steps: Double, final: Double?)
    /// αₜ = α / (1 + ρt).
    case inverse(Double)
    /// αₜ = α·e^(−ρt).
    case exponential(Double)

    /// The rate for update t given the base rate α.
    public func rate(base: Double, update t: Int) -> Double {
        let time = Double(t)
        switch self {
        case let .linear(steps, final):
            let target = final ?? base / 100
            guard steps > 0 else { return target }
            return base + (target - base) * min(time, steps) / steps
        case let .inverse(rho):
            return base / (1 + rho * time)
        case let .exponential(rho):
            return base * Core.exponential(-rho * time)
        }
    }
}
