import Foundation

/// What the Moré–Garbow–Hillstrom residuals are written over: `Double` for
/// values, `Dual` for exact gradients by forward-mode differentiation.
protocol ResidualScalar {
    init(_ constant: Double)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    static func exp(_ a: Self) -> Self
    static func sin(_ a: Self) -> Self
    static func cos(_ a: Self) -> Self
    static func sqrt(_ a: Self) -> Self
}

extension ResidualScalar {
    static func + (a: Self, b: Double) -> Self { a + Self(b) }
    static func + (a: Double, b: Self) -> Self { Self(a) + b }
    static func - (a: Self, b: Double) -> Self { a - Self(b) }
    static func - (a: Double, b: Self) -> Self { Self(a) - b }
    static func * (a: Self, b: Double) -> Self { a * Self(b) }
    static func * (a: Double, b: Self) -> Self { Self(a) * b }
    static func / (a: Self, b: Double) -> Self { a / Self(b) }
    static func / (a: Double, b: Self) -> Self { Self(a) / b }
    func squared() -> Self { self * self }
}

extension Double: ResidualScalar {
    static func exp(_ a: Double) -> Double { Foundation.exp(a) }
    static func sin(_ a: Double) -> Double { Foundation.sin(a) }
    static func cos(_ a: Double) -> Double { Foundation.cos(a) }
    static func sqrt(_ a: Double) -> Double { a.squareRoot() }
}

/// A value with its exact gradient: the chain rule applied operation by operation.
struct Dual: ResidualScalar {
    var value: Double
    var gradient: [Double]

    init(_ constant: Double) {
        value = constant
        gradient = []
    }

    init(value: Double, gradient: [Double]) {
        self.value = value
        self.gradient = gradient
    }

    /// The i-th of n independent variables, with value v.
    static func variable(_ v: Double, index: Int, count: Int) -> Dual {
        var g = [Double](repeating: 0, count: count)
        g[index] = 1
        return Dual(value: v, gradient: g)
    }

    /// a·∇x + b·∇y, where an empty gradient is a constant's zero.
    private static func combine(_ a: Double, _ x: [Double], _ b: Double, _ y: [Double]) -> [Double] {
        if x.isEmpty { return y.map { b * $0 } }
        if y.isEmpty { return x.map { a * $0 } }
        var result = x
        for i in result.indices { result[i] = a * x[i] + b * y[i] }
        return result
    }

    static func + (a: Dual, b: Dual) -> Dual { Dual(value: a.value + b.value, gradient: combine(1, a.gradient, 1, b.gradient)) }
    static func - (a: Dual, b: Dual) -> Dual { Dual(value: a.value - b.value, gradient: combine(1, a.gradient, -1, b.gradient)) }
    static func * (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value * b.value, gradient: combine(b.value, a.gradient, a.value, b.gradient))
    }
    static func / (a: Dual, b: Dual) -> Dual {
        let quotient = a.value / b.value
        return Dual(value: quotient, gradient: combine(1 / b.value, a.gradient, -quotient / b.value, b.gradient))
    }
    static prefix func - (a: Dual) -> Dual { Dual(value: -a.value, gradient: a.gradient.map { -$0 }) }
    static func exp(_ a: Dual) -> Dual {
        let e = Foundation.exp(a.value)
        return Dual(value: e, gradient: a.gradient.map { e * $0 })
    }
    static func sin(_ a: Dual) -> Dual { Dual(value: Foundation.sin(a.value), gradient: a.gradient.map { Foundation.cos(a.value) * $0 }) }
    static func cos(_ a: Dual) -> Dual { Dual(value: Foundation.cos(a.value), gradient: a.gradient.map { -Foundation.sin(a.value) * $0 }) }
    static func sqrt(_ a: Dual) -> Dual {
        let root = a.value.squareRoot()
        return Dual(value: root, gradient: a.gradient.map { $0 / (2 * root) })
    }
}
