import Core
import Foundation
import Symbolic

/// The per-row functions of one argument a compiled program can apply.
///
/// `apply(_:)` is the single definition of each function's value: the scalar
/// evaluator, the block kernels and constant folding all call it, so a value
/// never depends on which path computed it.
public enum UnaryOp: Sendable, Hashable, CaseIterable {
    case negate
    case exp
    /// Natural logarithm.
    case ln
    case log10
    case sqrt
    case abs
    /// −1, 0 or 1; `sign(±0)` is `+0` and `sign(nan)` is `nan`, as NumPy's `sign`.
    case sign
    /// Heaviside step with value 0 at 0: `step(x)` is 1 for x > 0, `nan` for `nan`,
    /// otherwise 0 (NumPy's `heaviside(x, 0)`).
    case step
    case sin, cos, tan, asin, acos, atan, tanh
    /// The logistic function σ(u) = 1 / (1 + e^(−u)).
    case sigmoid
    /// The hinge loss of a margin, max(0, 1 − m) (`nan` for `nan`).
    case hinge
    /// Any other built-in of one argument, by its position in
    /// `BuiltinFunction.all`: its table's `unaryValue`, called per row. A
    /// new built-in needs no code here; the cases above are the functions
    /// with kernels of their own (measured faster than a call per row).
    case builtin(Int)

    /// The operations with kernels of their own.
    public static let allCases: [UnaryOp] = [
        .negate, .exp, .ln, .log10, .sqrt, .abs, .sign, .step, .sin, .cos, .tan, .asin, .acos, .atan, .tanh, .sigmoid, .hinge,
    ]

    /// The operation a built-in of one argument compiles to.
    public init?(_ function: BuiltinFunction) {
        if let fast = UnaryOp.kernels[function.name] {
            self = fast
        } else if function.unaryValue != nil {
            self = .builtin(function.tableIndex)
        } else {
            return nil
        }
    }

    /// The built-ins whose kernel is one of the cases above, by canonical name.
    private static let kernels: [String: UnaryOp] = [
        "sin": .sin, "cos": .cos, "tan": .tan, "asin": .asin, "acos": .acos, "atan": .atan,
        "exp": .exp, "ln": .ln, "log10": .log10, "sqrt": .sqrt, "abs": .abs, "tanh": .tanh,
        "σ": .sigmoid, "sign": .sign, "step": .step, "hinge": .hinge,
    ]

    /// The name programs print (`exp`, or the built-in's own name).
    public var name: String {
        switch self {
        case .negate: return "negate"
        case .sigmoid: return "sigmoid"
        case .builtin(let index): return BuiltinFunction.all[index].name
        default: return UnaryOp.kernels.first { $0.value == self }?.key ?? "unary"
        }
    }

    /// The function's value at `x`, IEEE double semantics (no traps: a domain
    /// error gives `nan`, an overflow `±inf`). The block kernels' eight-lane
    /// forms of the cheap functions must agree with this lane by lane (tested).
    ///
    /// σ is evaluated as written, 1 / (1 + e^(−u)), with no branch to the
    /// "stable" form e^u / (1 + e^u): for u ≪ 0, e^(−u) overflows to `inf` and
    /// the quotient is `+0`, the correctly rounded limit, and elsewhere the
    /// relative error stays within a few ulps, so the naive form is already
    /// stable for σ itself. (Only 1 − σ(u) and ln σ(u) lose accuracy, and they
    /// are separate expressions.) Keeping the written form means a value equals
    /// the same formula typed into Python, bit for bit.
    @inlinable
    public func apply(_ x: Double) -> Double {
        switch self {
        case .negate: return -x
        case .exp: return exponential(x)
        case .ln: return Foundation.log(x)
        case .log10: return Foundation.log10(x)
        // The explicit branch keeps the compiler from calling libm's `sqrt`
        // (for errno) on every negative input: 60× slower on such rows.
        case .sqrt: return x < 0 ? .nan : x.squareRoot()
        case .abs: return Swift.abs(x)
        case .sign: return x > 0 ? 1 : (x < 0 ? -1 : (x == 0 ? 0 : x))
        case .step: return x > 0 ? 1 : (x.isNaN ? x : 0)
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        case .tan: return Foundation.tan(x)
        case .asin: return Foundation.asin(x)
        case .acos: return Foundation.acos(x)
        case .atan: return Foundation.atan(x)
        case .tanh: return Foundation.tanh(x)
        case .sigmoid: return 1 / (1 + exponential(-x))
        case .hinge: return x.isNaN ? .nan : Swift.max(0, 1 - x)
        case .builtin(let index): return builtinValue(index, x)
        }
    }
}

/// A tabled built-in's value (out of line: rare, and keeps `apply` small).
@usableFromInline @inline(never)
func builtinValue(_ index: Int, _ x: Double) -> Double {
    let table = BuiltinFunction.all
    guard table.indices.contains(index), let value = table[index].unaryValue else { return .nan }
    return value(x)
}

/// The per-row functions of two arguments a compiled program can apply.
public enum BinaryOp: String, Sendable, Hashable, CaseIterable {
    case add, subtract, multiply, divide
    /// `a^b` through the C library's `pow`, exactly as Python's `**` on floats.
    /// (Over table columns the block kernels follow NumPy instead: a per-row
    /// base to the power 2, 0.5 or −1 is `c*c`, `sqrt(c)`, `1/c`.)
    case power
    /// The larger: `nan` if either is `nan`; of two equal values (`-0` and
    /// `+0`) the first, as Python's `max` and gd's n-ary `max`, which is the
    /// left fold of this.
    case maximum
    /// The smaller, likewise.
    case minimum
    /// Comparisons give 1 (true) or 0 (false); any comparison with `nan` is
    /// false except `notEqual`, as IEEE says.
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

    /// The function's value at `(a, b)`, IEEE double semantics.
    @inlinable
    public func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .power: return pythonPower(a, b)  // Symbolic's: out of line, so a literal 2 never becomes x*x
        case .maximum: return (b > a || b.isNaN) ? b : a
        case .minimum: return (b < a || b.isNaN) ? b : a
        case .equal: return a == b ? 1 : 0
        case .notEqual: return a != b ? 1 : 0
        case .less: return a < b ? 1 : 0
        case .lessOrEqual: return a <= b ? 1 : 0
        case .greater: return a > b ? 1 : 0
        case .greaterOrEqual: return a >= b ? 1 : 0
        }
    }

    /// True when `a op b` and `b op a` are the same double for every pair
    /// (up to which `nan` comes out), so the builder may order the operands to
    /// share more subexpressions. `maximum`/`minimum` are not: they pick the
    /// first of `-0` and `+0`.
    public var isCommutative: Bool {
        switch self {
        case .add, .multiply, .equal, .notEqual: return true
        default: return false
        }
    }
}


/// Reductions over the rows of a table (or of a batch of its rows).
public enum ReductionOp: String, Sendable, Hashable, CaseIterable {
    /// Σ over rows, in NumPy's pairwise order (Core's `PairwiseSum`). Of a value that
    /// does not vary by row, n times it (one rounding).
    case sum
    /// That sum divided by the number of rows (`nan` over no rows). Of a
    /// value that does not vary by row, the value itself.
    case mean
}
