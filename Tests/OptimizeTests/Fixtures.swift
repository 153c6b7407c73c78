import Foundation
import Testing
import Optimize

/// The lectures' quartic f(x) = (x⁴ − 15x³ + 80x² − 180x + 144)/10, evaluated as
/// written (powers through `pow`, as gd and Python do), with
/// f′(x) = (4x³ − 45x² + 160x − 180)/10 and f″(x) = (12x² − 90x + 160)/10.
var quartic: ClosureObjective {
    ClosureObjective(
        parameterNames: ["x"],
        value: { p in
            let x = p[0]
            return (pow(x, 4.0) - 15 * pow(x, 3.0) + 80 * pow(x, 2.0) - 180 * x + 144) / 10
        },
        gradient: { p in
            let x = p[0]
            return [(4 * pow(x, 3.0) - 45 * pow(x, 2.0) + 160 * x - 180) / 10]
        },
        hessian: { p in
            let x = p[0]
            return [[(12 * pow(x, 2.0) - 90 * x + 160) / 10]]
        })
}

/// The same quartic without its Hessian, so methods must take finite differences.
var quarticWithoutHessian: ClosureObjective {
    ClosureObjective(
        parameterNames: ["x"], value: { try quartic.value($0) }, gradient: { try quartic.gradient($0) })
}

/// The secret-number game: loss(θ) = (θ − 2)².
var secretNumber: ClosureObjective {
    ClosureObjective(
        parameterNames: ["θ"],
        value: { p in pow(p[0] - 2, 2.0) },
        gradient: { p in [2 * (p[0] - 2)] },
        hessian: { _ in [[2]] })
}

/// y = x² − 4x + 5 (deck 004).
var parabola: ClosureObjective {
    ClosureObjective(
        parameterNames: ["x"],
        value: { p in p[0] * p[0] - 4 * p[0] + 5 },
        gradient: { p in [2 * p[0] - 4] },
        hessian: { _ in [[2]] })
}

/// Rosenbrock's banana, 100(y − x²)² + (1 − x)².
var rosenbrock: ClosureObjective {
    ClosureObjective(
        parameterNames: ["x", "y"],
        value: { p in 100 * pow(p[1] - p[0] * p[0], 2.0) + pow(1 - p[0], 2.0) },
        gradient: { p in
            [-400 * p[0] * (p[1] - p[0] * p[0]) - 2 * (1 - p[0]), 200 * (p[1] - p[0] * p[0])]
        },
        hessian: { p in
            [[1200 * p[0] * p[0] - 400 * p[1] + 2, -400 * p[0]], [-400 * p[0], 200]]
        })
}

/// g(x, y) = x³ − 3x + y²: a minimum at (1, 0) and a saddle at (−1, 0).
var cubicSaddle: ClosureObjective {
    ClosureObjective(
        parameterNames: ["x", "y"],
        value: { p in pow(p[0], 3.0) - 3 * p[0] + p[1] * p[1] },
        gradient: { p in [3 * p[0] * p[0] - 3, 2 * p[1]] },
        hessian: { p in [[6 * p[0], 0], [0, 2]] })
}

/// Rounds to 8 decimals, as the golden paths are written.
func rounded8(_ x: Double) -> Double { (x * 1e8).rounded() / 1e8 }

/// The root of every suite in this target. Serialized because the optimisers
/// poll the process-wide `Interrupt` flag, which one test sets on purpose;
/// the whole target runs in well under a second anyway.
@Suite(.serialized) struct OptimizeTests {}
