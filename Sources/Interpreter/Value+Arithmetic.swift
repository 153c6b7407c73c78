import Core
import Foundation
import Symbolic
import Diagnostics
import Syntax

/// Elementwise arithmetic with NumPy's broadcasting rules for 1-D and 2-D
/// values, IEEE semantics throughout (`1/0` is `inf`, `0/0` is `nan`) and
/// `x^y` through `pow`, as Python's `**` for floats — except a vector or
/// matrix to a number's power, which follows NumPy's arrays (`arrayPower`).
enum Arithmetic {
    /// The operator on two numbers: `Formula.Operator.apply`, the one
    /// definition formulas and compiled programs use too.
    static func scalar(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double {
        (Formula.Operator(op) ?? .multiply).apply(x, y)
    }

    /// One element of `c^e`, c a vector or matrix (a table's column) and e a
    /// number, as NumPy computes `c**e` (LANGUAGE.md, "Statements"): `c*c`
    /// for 2 (`square`), `sqrt(c)` for 0.5, `1/c` for −1, `pow` otherwise.
    /// The same rule as Numeric's block kernels, so a formula over a table
    /// gives the same bits evaluated or compiled.
    static func arrayPower(_ x: Double, _ exponent: Double) -> Double {
        switch exponent {
        case 2: return x * x
        case 0.5: return x < 0 ? .nan : x.squareRoot()
        case -1: return 1 / x
        default: return pow(x, exponent)
        }
    }

    /// A numeric array view of a value: its shape and elements.
    enum Shape: Equatable {
        case scalar
        case vector(Int)
        case matrix(Int, Int)
    }

    static func array(_ value: Value) -> (Shape, [Double])? {
        switch value {
        case .number(let x): return (.scalar, [x])
        case .boolean(let b): return (.scalar, [b ? 1 : 0])
        case .vector(let v): return (.vector(v.count), v)
        case .matrix(let m): return (.matrix(m.rows, m.columns), m.elements)
        default: return nil
        }
    }

    static func value(_ shape: Shape, _ elements: [Double]) -> Value {
        switch shape {
        case .scalar: return .number(elements.first ?? .nan)
        case .vector: return .vector(elements)
        case .matrix(let r, let c): return .matrix(Matrix(rows: r, columns: c, elements: elements))
        }
    }

    static func describe(_ shape: Shape) -> String {
        switch shape {
        case .scalar: return "a number"
        case .vector(let n): return "a vector of \(n)"
        case .matrix(let r, let c): return "a \(r)×\(c) matrix"
        }
    }

    /// `a op b` elementwise with broadcasting; nil when the kinds do not
    /// combine (the caller reports it).
    static func elementwise(_ op: BinaryOperator, _ a: Value, _ b: Value, at range: SourceRange) throws -> Value? {
        guard let (shapeA, x) = array(a), let (shapeB, y) = array(b) else { return nil }
        switch (shapeA, shapeB) {
        case (.scalar, .scalar):
            let result = scalar(op, x[0], y[0])
            return op.isComparison ? .boolean(result == 1) : .number(result)
        case (.scalar, _):
            return value(shapeB, y.map { scalar(op, x[0], $0) })
        case (_, .scalar) where op == .power:
            return value(shapeA, x.map { arrayPower($0, y[0]) })
        case (_, .scalar):
            return value(shapeA, x.map { scalar(op, $0, y[0]) })
        case (.vector(let n), .vector(let m)):
            guard n == m else { throw mismatch(op, shapeA, shapeB, range) }
            return .vector(zip(x, y).map { scalar(op, $0, $1) })
        case (.matrix(let r, let c), .matrix(let r2, let c2)):
            guard r == r2, c == c2 else { throw mismatch(op, shapeA, shapeB, range) }
            return .matrix(Matrix(rows: r, columns: c, elements: zip(x, y).map { scalar(op, $0, $1) }))
        case (.matrix(let r, let c), .vector(let n)):
            guard n == c else { throw mismatch(op, shapeA, shapeB, range) }
            return .matrix(Matrix(rows: r, columns: c, elements: x.indices.map { scalar(op, x[$0], y[$0 % c]) }))
        case (.vector(let n), .matrix(let r, let c)):
            guard n == c else { throw mismatch(op, shapeA, shapeB, range) }
            return .matrix(Matrix(rows: r, columns: c, elements: y.indices.map { scalar(op, x[$0 % c], y[$0]) }))
        }
    }

    static func mismatch(_ op: BinaryOperator, _ a: Shape, _ b: Shape, _ range: SourceRange) -> Diagnostic {
        Diagnostic(.shapeMismatch, "cannot combine \(describe(a)) and \(describe(b)) with '\(op.rawValue)'", at: range)
    }

    /// The matrix product `@` (vector · vector is the dot product).
    static func matrixProduct(_ a: Value, _ b: Value, at range: SourceRange) throws -> Value? {
        guard let (shapeA, x) = array(a), let (shapeB, y) = array(b) else { return nil }
        switch (shapeA, shapeB) {
        case (.vector(let n), .vector(let m)):
            guard n == m else { throw mismatch(.matrixMultiply, shapeA, shapeB, range) }
            return .number(FixedOrder.dot(x, y))
        case (.matrix(let r, let c), .vector(let n)):
            guard c == n else { throw mismatch(.matrixMultiply, shapeA, shapeB, range) }
            return .vector((0..<r).map { i in FixedOrder.dot(Array(x[(i * c)..<((i + 1) * c)]), y) })
        case (.vector(let n), .matrix(let r, let c)):
            guard n == r else { throw mismatch(.matrixMultiply, shapeA, shapeB, range) }
            return .vector((0..<c).map { j in FixedOrder.dot(x, (0..<r).map { y[$0 * c + j] }) })
        case (.matrix(let r, let c), .matrix(let r2, let c2)):
            guard c == r2 else { throw mismatch(.matrixMultiply, shapeA, shapeB, range) }
            var result = [Double](repeating: 0, count: r * c2)
            for i in 0..<r {
                for j in 0..<c2 {
                    result[i * c2 + j] = FixedOrder.dot(Array(x[(i * c)..<((i + 1) * c)]), (0..<c).map { y[$0 * c2 + j] })
                }
            }
            return .matrix(Matrix(rows: r, columns: c2, elements: result))
        default:
            return try elementwise(.multiply, a, b, at: range)
        }
    }
}

/// Sums in a fixed order, so results are the same bits on every machine.
enum FixedOrder {
    /// NumPy's pairwise sum (Core's `PairwiseSum`), `numpy.sum`'s double:
    /// `sum`, `mean`, `var` and `std` of a vector or column agree with NumPy
    /// and pandas and with compiled reductions over a table.
    static func sum(_ values: [Double]) -> Double {
        PairwiseSum.of(values)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var total = 0.0
        for i in 0..<min(a.count, b.count) { total += a[i] * b[i] }
        return total
    }
}
