import Core

// Dense linear algebra for gd's `inv`, `linsolve`, `lstsq` and `solve`, and for
// the optimisers. Matrices are `[[Double]]` in row-major order (`a[i][j]` is
// row i, column j), the shape gd's matrix values already have.
//
// References: Golub & Van Loan, "Matrix Computations" (4th ed.): §3.4 LU with
// partial pivoting, §4.2 Cholesky, §5.1–5.3 Householder QR least squares,
// §8.5 cyclic Jacobi for the symmetric eigenproblem.

/// Why a linear-algebra routine could not answer: a value, never a trap.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The matrix is not square (rows, columns).
    case notSquare(rows: Int, columns: Int)
    /// A matrix row has a different length from the first row.
    case ragged(row: Int, expected: Int, found: Int)
    /// Left and right sides disagree in size.
    case shapeMismatch(expected: Int, found: Int)
    /// Singular to working precision: no pivot could be found for this column.
    case singular(column: Int)
    /// Cholesky met a non-positive pivot at this index.
    case notPositiveDefinite(index: Int)
    /// Least squares with dependent columns: this column adds nothing new.
    case rankDeficient(column: Int)
    /// The matrix is empty.
    case empty
    /// The matrix holds a NaN or an infinity.
    case nonFinite
    /// Ctrl-C: the factorisations of large matrices poll `Interrupt` once
    /// per column (O(n²) work between polls), so they stop within a moment.
    case interrupted

    public var description: String {
        switch self {
        case let .notSquare(rows, columns): "the matrix is \(rows)×\(columns), not square"
        case let .ragged(row, expected, found): "row \(row) has \(found) elements, expected \(expected)"
        case let .shapeMismatch(expected, found): "size mismatch: expected \(expected), found \(found)"
        case let .singular(column): "the matrix is singular (no pivot in column \(column))"
        case let .notPositiveDefinite(index): "the matrix is not positive definite (pivot \(index) is not positive)"
        case let .rankDeficient(column): "the columns are linearly dependent (column \(column) adds nothing)"
        case .empty: "the matrix is empty"
        case .nonFinite: "the matrix contains nan or inf"
        case .interrupted: "interrupted"
        }
    }
}

/// Checks a matrix is rectangular, non-empty and finite; returns (rows, columns).
func shape(of a: [[Double]]) throws(LinearAlgebraError) -> (rows: Int, columns: Int) {
    guard let first = a.first, !first.isEmpty else { throw .empty }
    for (index, row) in a.enumerated() {
        if row.count != first.count { throw .ragged(row: index, expected: first.count, found: row.count) }
        if !allFinite(row) { throw .nonFinite }
    }
    return (a.count, first.count)
}

func squareSize(of a: [[Double]]) throws(LinearAlgebraError) -> Int {
    let (rows, columns) = try shape(of: a)
    guard rows == columns else { throw .notSquare(rows: rows, columns: columns) }
    return rows
}

// MARK: - LU with partial pivoting

/// PA = LU with partial pivoting, packed: `factors` holds L below the diagonal
/// (unit diagonal implied) and U on and above it; `permutation[i]` is the
/// original row now at row i.
public struct LUDecomposition: Sendable {
    public let factors: [[Double]]
    public let permutation: [Int]

    /// Factors a square matrix. A pivot no larger than n·ε·max|aᵢⱼ| counts as
    /// zero, so a matrix singular to working precision is reported, not inverted
    /// into garbage.
    public init(_ a: [[Double]]) throws(LinearAlgebraError) {
        let n = try squareSize(of: a)
        var lu = a
        var permutation = Array(0..<n)
        var largest = 0.0
        for row in a { for value in row { largest = max(largest, abs(value)) } }
        let negligible = Double(n) * Double.ulpOfOne * largest
        let interrupt = Interrupt.poll()
        for k in 0..<n {
            if interrupt.isRequested { throw .interrupted }
            var pivotRow = k
            for i in (k + 1)..<max(k + 1, n) where abs(lu[i][k]) > abs(lu[pivotRow][k]) { pivotRow = i }
            if abs(lu[pivotRow][k]) <= negligible { throw .singular(column: k) }
            if pivotRow != k {
                lu.swapAt(pivotRow, k)
                permutation.swapAt(pivotRow, k)
            }
            let pivot = lu[k][k]
            for i in (k + 1)..<max(k + 1, n) {
                let multiplier = lu[i][k] / pivot
                lu[i][k] = multiplier
                if multiplier == 0 { continue }
                for j in (k + 1)..<n { lu[i][j] -= multiplier * lu[k][j] }
            }
        }
        factors = lu
        self.permutation = permutation
    }

    /// Solves A·x = b by forward then back substitution.
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        let n = factors.count
        guard b.count == n else { throw .shapeMismatch(expected: n, found: b.count) }
        var x = permutation.map { b[$0] }
        for i in 0..<n { for j in 0..<i { x[i] -= factors[i][j] * x[j] } }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in (i + 1)..<max(i + 1, n) { x[i] -= factors[i][j] * x[j] }
            x[i] /= factors[i][i]
        }
        return x
    }

    /// det(A) = sign(P)·∏ uᵢᵢ.
    public var determinant: Double {
        var sign = 1.0
        var seen = [Bool](repeating: false, count: permutation.count)
        for start in permutation.indices where !seen[start] {
            var length = 0
            var i = start
            while !seen[i] { seen[i] = true; i = permutation[i]; length += 1 }
            if length % 2 == 0 { sign = -sign }
        }
        return factors.indices.reduce(sign) { $0 * factors[$1][$1] }
    }
}

/// Solves the square system A·x = b (LU with partial pivoting).
public func solveLinearSystem(_ a: [[Double]], _ b: [Double]) throws(LinearAlgebraError) -> [Double] {
    try LUDecomposition(a).solve(b)
}

/// Solves A·X = B column by column for a matrix right-hand side B (n×k).
public func solveLinearSystem(_ a: [[Double]], _ b: [[Double]]) throws(LinearAlgebraError) -> [[Double]] {
    let lu = try LUDecomposition(a)
    let (rows, columns) = try shape(of: b)
    guard rows == a.count else { throw .shapeMismatch(expected: a.count, found: rows) }
    var result = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
    let interrupt = Interrupt.poll()
    for j in 0..<columns {
        if interrupt.isRequested { throw .interrupted }
        let column = try lu.solve(b.map { $0[j] })
        for i in 0..<rows { result[i][j] = column[i] }
    }
    return result
}

/// A⁻¹ from the LU factors, one unit column at a time.
public func inverse(_ a: [[Double]]) throws(LinearAlgebraError) -> [[Double]] {
    let n = try squareSize(of: a)
    var identity = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n { identity[i][i] = 1 }
    return try solveLinearSystem(a, identity)
}

// MARK: - Cholesky

/// A = L·Lᵀ for a symmetric positive definite A, with a cheap condition estimate.
public struct CholeskyDecomposition: Sendable {
    /// The lower triangular factor L.
    public let lower: [[Double]]
    /// (max lᵢᵢ / min lᵢᵢ)², a lower bound on the 2-norm condition number κ(A).
    public let conditionEstimate: Double

    public init(_ a: [[Double]]) throws(LinearAlgebraError) {
        let n = try squareSize(of: a)
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var diagonal = a[j][j]
            for k in 0..<j { diagonal -= l[j][k] * l[j][k] }
            guard diagonal > 0 else { throw .notPositiveDefinite(index: j) }
            let pivot = diagonal.squareRoot()
            l[j][j] = pivot
            for i in (j + 1)..<max(j + 1, n) {
                var sum = a[i][j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                l[i][j] = sum / pivot
            }
        }
        lower = l
        let diagonals = (0..<n).map { l[$0][$0] }
        let ratio = (diagonals.max() ?? 1) / (diagonals.min() ?? 1)
        conditionEstimate = ratio * ratio
    }

    /// A warning when the estimate says about half the digits or more are lost
    /// (κ ≥ 10⁸), else nil.
    public var conditionWarning: String? {
        guard conditionEstimate >= 1e8 else { return nil }
        return "the matrix is ill-conditioned (condition number ≳ \(formatShort(conditionEstimate))); the solution may be inaccurate"
    }

    /// Solves A·x = b by L·y = b then Lᵀ·x = y.
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        let n = lower.count
        guard b.count == n else { throw .shapeMismatch(expected: n, found: b.count) }
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= lower[i][k] * y[k] }
            y[i] /= lower[i][i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, n) { y[i] -= lower[k][i] * y[k] }
            y[i] /= lower[i][i]
        }
        return y
    }
}

// MARK: - Householder QR least squares

/// The least-squares solution of X·β ≈ y (X: m×n, m ≥ n, full column rank).
public struct LeastSquaresSolution: Sendable, Equatable {
    /// β minimising ‖Xβ − y‖₂.
    public let coefficients: [Double]
    /// ‖Xβ − y‖₂², the residual sum of squares.
    public let residualSumOfSquares: Double
}

/// Least squares by Householder QR: Qᵀ·X = R, then R·β = (Qᵀy)[0..<n]. Unlike the
/// normal equations XᵀXβ = Xᵀy this does not square the condition number.
/// Dependent columns (|rₖₖ| ≤ 10·max(m,n)·ε·‖X‖) are an error naming the column.
public func leastSquares(_ x: [[Double]], _ y: [Double]) throws(LinearAlgebraError) -> LeastSquaresSolution {
    let (m, n) = try shape(of: x)
    guard y.count == m else { throw .shapeMismatch(expected: m, found: y.count) }
    guard allFinite(y) else { throw .nonFinite }
    guard m >= n else { throw .rankDeficient(column: m) }
    var r = x
    var qty = y
    var scale = 0.0
    for row in x { for value in row { scale = max(scale, abs(value)) } }
    let negligible = 10 * Double(max(m, n)) * Double.ulpOfOne * scale
    let interrupt = Interrupt.poll()
    for k in 0..<n {
        if interrupt.isRequested { throw .interrupted }
        // Householder vector v with (I − 2vvᵀ/vᵀv) sending column k below the diagonal to zero.
        var columnNorm = 0.0
        for i in k..<m { columnNorm = hypot2(columnNorm, r[i][k]) }
        if columnNorm <= negligible { throw .rankDeficient(column: k) }
        let alpha = r[k][k] > 0 ? -columnNorm : columnNorm
        var v = [Double](repeating: 0, count: m)
        for i in k..<m { v[i] = r[i][k] }
        v[k] -= alpha
        var vNormSquared = 0.0
        for i in k..<m { vNormSquared += v[i] * v[i] }
        if vNormSquared == 0 { continue }
        for j in k..<n {
            var projection = 0.0
            for i in k..<m { projection += v[i] * r[i][j] }
            let factor = 2 * projection / vNormSquared
            for i in k..<m { r[i][j] -= factor * v[i] }
        }
        var projection = 0.0
        for i in k..<m { projection += v[i] * qty[i] }
        let factor = 2 * projection / vNormSquared
        for i in k..<m { qty[i] -= factor * v[i] }
        if abs(r[k][k]) <= negligible { throw .rankDeficient(column: k) }
    }
    var beta = [Double](repeating: 0, count: n)
    for i in stride(from: n - 1, through: 0, by: -1) {
        var sum = qty[i]
        for j in (i + 1)..<max(i + 1, n) { sum -= r[i][j] * beta[j] }
        beta[i] = sum / r[i][i]
    }
    var residual = 0.0
    for i in n..<max(n, m) { residual += qty[i] * qty[i] }
    return LeastSquaresSolution(coefficients: beta, residualSumOfSquares: residual)
}

/// √(a² + b²) without overflow.
private func hypot2(_ a: Double, _ b: Double) -> Double {
    let big = max(abs(a), abs(b))
    if big == 0 { return 0 }
    let small = min(abs(a), abs(b)) / big
    return big * (1 + small * small).squareRoot()
}

// MARK: - Symmetric eigenvalues (cyclic Jacobi)

/// Eigenvalues (ascending) and unit eigenvectors of a symmetric matrix.
public struct SymmetricEigen: Sendable {
    /// λ₁ ≤ λ₂ ≤ … ≤ λₙ.
    public let values: [Double]
    /// `vectors[k]` is the unit eigenvector for `values[k]`.
    public let vectors: [[Double]]

    /// Cyclic Jacobi: sweep over the off-diagonal entries, zeroing each by a
    /// plane rotation, until the off-diagonal mass is negligible (at most 100
    /// sweeps; convergence is quadratic, a handful suffice): off(A) ≤ ε‖A‖_F,
    /// or, once off(A) ≤ nε‖A‖_F, a sweep that no longer reduces it — the
    /// rotations' own rounding leaves a floor that grows with n, and a matrix
    /// of 30 or more rows may never reach ε‖A‖_F (it then ran all 100 sweeps,
    /// ~50× the work). Only the upper
    /// triangle's average with the lower is used, so a slightly asymmetric
    /// finite-difference Hessian is symmetrised first.
    public init(_ matrix: [[Double]]) throws(LinearAlgebraError) {
        let n = try squareSize(of: matrix)
        var a = matrix
        for i in 0..<n { for j in 0..<n { a[i][j] = 0.5 * (matrix[i][j] + matrix[j][i]) } }
        var v = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { v[i][i] = 1 }
        var previousOffDiagonal = Double.infinity
        for _ in 0..<100 {
            var offDiagonal = 0.0
            var total = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    total += a[i][j] * a[i][j]
                    if i != j { offDiagonal += a[i][j] * a[i][j] }
                }
            }
            let negligible = Double.ulpOfOne * Double.ulpOfOne * total
            if offDiagonal <= negligible || offDiagonal == 0 { break }
            if offDiagonal <= Double(n * n) * negligible && offDiagonal >= previousOffDiagonal { break }
            previousOffDiagonal = offDiagonal
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where a[p][q] != 0 {
                    // Rotation angle from θ = (a_qq − a_pp)/(2a_pq), t = sgn(θ)/(|θ| + √(θ²+1)).
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let diagonal: [Double] = (0..<n).map { a[$0][$0] }
        let order: [Int] = (0..<n).sorted { (i: Int, j: Int) -> Bool in
            diagonal[i] < diagonal[j] || (diagonal[i] == diagonal[j] && i < j)
        }
        values = order.map { diagonal[$0] }
        let rotations = v
        vectors = order.map { (k: Int) -> [Double] in (0..<n).map { rotations[$0][k] } }
    }
}

/// The eigenvalues of a symmetric matrix, ascending.
public func symmetricEigenvalues(_ a: [[Double]]) throws(LinearAlgebraError) -> [Double] {
    try SymmetricEigen(a).values
}
