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
    /// The most elements a result of arithmetic may have (80 MB of doubles),
    /// checked before allocating: a column broadcast against a row, or a
    /// product of a tall and a wide matrix, can ask for far more memory than
    /// the machine has. `zeros`, `ones` and `linspace` have the same limit.
    static let maximumElements = 10_000_000

    static func checkSize(_ rows: Int, _ columns: Int, _ range: SourceRange) throws {
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, count <= maximumElements else {
            throw Diagnostic(.invalidArgument, "the result would have \(rows)×\(columns) elements, more than the limit of 10,000,000", at: range)
        }
    }

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
            guard r == r2, c == c2 else { return try broadcast(op, shapeA, x, shapeB, y, at: range) }
            return .matrix(Matrix(rows: r, columns: c, elements: zip(x, y).map { scalar(op, $0, $1) }))
        case (.matrix, .vector), (.vector, .matrix):
            return try broadcast(op, shapeA, x, shapeB, y, at: range)
        }
    }

    /// NumPy's broadcasting of two 2-D shapes (a vector of n is a 1×n row):
    /// each dimension must be equal or 1, and a dimension of 1 stretches, so
    /// a 3×1 column plus a row of 2 is 3×2.
    private static func broadcast(_ op: BinaryOperator, _ shapeA: Shape, _ x: [Double], _ shapeB: Shape, _ y: [Double],
                                  at range: SourceRange) throws -> Value {
        func dimensions(_ shape: Shape) -> (Int, Int) {
            switch shape {
            case .scalar: return (1, 1)
            case .vector(let n): return (1, n)
            case .matrix(let r, let c): return (r, c)
            }
        }
        let (r1, c1) = dimensions(shapeA), (r2, c2) = dimensions(shapeB)
        guard r1 == r2 || r1 == 1 || r2 == 1, c1 == c2 || c1 == 1 || c2 == 1 else { throw mismatch(op, shapeA, shapeB, range) }
        let rows = r1 == 1 ? r2 : r1, columns = c1 == 1 ? c2 : c1
        try checkSize(rows, columns, range)
        var elements: [Double] = []
        elements.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                elements.append(scalar(op, x[(r1 == 1 ? 0 : i) * c1 + (c1 == 1 ? 0 : j)], y[(r2 == 1 ? 0 : i) * c2 + (c2 == 1 ? 0 : j)]))
            }
        }
        return .matrix(Matrix(rows: rows, columns: columns, elements: elements))
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
            try checkSize(r, c2, range)
            // Each element is a dot product added in order (the same bits as
            // `FixedOrder.dot`), over B's columns laid out as rows once. A
            // large product takes seconds: Ctrl-C is polled every row.
            var columnsOfB = [Double](repeating: 0, count: c * c2)
            for k in 0..<c { for j in 0..<c2 { columnsOfB[j * c + k] = y[k * c2 + j] } }
            var result = [Double](repeating: 0, count: r * c2)
            let interrupt = Interrupt.poll()
            for i in 0..<r {
                if interrupt.isRequested { throw Diagnostic(.interrupted, "interrupted during a matrix product", at: range, severity: .warning) }
                for j in 0..<c2 {
                    var total = 0.0
                    for k in 0..<c { total += x[i * c + k] * columnsOfB[j * c + k] }
                    result[i * c2 + j] = total
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
