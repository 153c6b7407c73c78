import Core
import Foundation
@testable import Symbolic

/// Core's SplitMix64, with the helpers property tests draw with.
extension SplitMix64 {
    mutating func int(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func double(in range: ClosedRange<Double>) -> Double {
        let unit = Double(next() >> 11) / Double(1 << 53)
        return range.lowerBound + unit * (range.upperBound - range.lowerBound)
    }
}

/// Random smooth expressions over x, y, z with small exact constants.
struct RandomExpressions {
    var generator: SplitMix64
    let variables = ["x", "y", "z"]

    init(seed: UInt64) { generator = SplitMix64(state: seed) }

    mutating func leaf() -> Expr {
        switch generator.int(below: 5) {
        case 0, 1, 2: return .symbol(variables[generator.int(below: variables.count)])
        case 3: return .integer(generator.int(below: 7) - 3)
        default: return Expr.rational(generator.int(below: 9) - 4, generator.int(below: 4) + 1) ?? .one
        }
    }

    mutating func expression(depth: Int) -> Expr {
        if depth == 0 || generator.int(below: 5) == 0 { return leaf() }
        switch generator.int(below: 10) {
        case 0, 1: return expression(depth: depth - 1) + expression(depth: depth - 1)
        case 2: return expression(depth: depth - 1) - expression(depth: depth - 1)
        case 3, 4: return expression(depth: depth - 1) * expression(depth: depth - 1)
        case 5:
            // Keep denominators away from zero: u / (1 + v^2).
            return expression(depth: depth - 1) / (1 + Expr.power(expression(depth: depth - 1), 2))
        case 6: return Expr.power(expression(depth: depth - 1), .integer(generator.int(below: 4) + 1))
        case 7: return -expression(depth: depth - 1)
        default:
            let u = expression(depth: depth - 1)
            switch generator.int(below: 8) {
            case 0: return Expr.call(.sin, [u])
            case 1: return Expr.call(.cos, [u])
            case 2: return Expr.call(.exp, [Expr.call(.sin, [u])])
            case 3: return Expr.call(.sigmoid, [u])
            case 4: return Expr.call(.tanh, [u])
            case 5: return Expr.call(.atan, [u])
            case 6: return Expr.call(.ln, [1 + Expr.power(u, 2)])
            default: return Expr.call(.sqrt, [2 + Expr.call(.sin, [u])])
            }
        }
    }

    mutating func point() -> [String: Double] {
        var bindings: [String: Double] = [:]
        for name in variables { bindings[name] = generator.double(in: -2...2) }
        return bindings
    }
}

/// Central difference of `e` in `variable` at `point`: (f(x+h) − f(x−h)) / 2h.
func centralDifference(_ e: Expr, _ variable: String, at point: [String: Double]) -> Double? {
    guard let x = point[variable] else { return nil }
    let h = 1e-5 * max(1, Swift.abs(x))
    var plus = point, minus = point
    plus[variable] = x + h
    minus[variable] = x - h
    guard let fPlus = e.evaluate(plus), let fMinus = e.evaluate(minus) else { return nil }
    return (fPlus - fMinus) / (2 * h)
}

/// Relative agreement with an absolute floor of 1 (for values near zero).
func agrees(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    Swift.abs(a - b) <= tolerance * max(1, Swift.abs(a), Swift.abs(b))
}
