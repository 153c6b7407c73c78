/// A symbolic expression in canonical form.
///
/// Expressions are immutable and built only through the smart constructors
/// (`sum`, `product`, `power`, `call`, `symbol`, `number` and the operators
/// `+ - * /`, unary `-`), which keep one canonical shape per value, as SymPy
/// and SymbolicUtils.jl do:
///
/// - a sum is a numeric constant plus distinct monomials, each with a numeric
///   coefficient, in a fixed order (like terms collected: `x + x` → `2*x`);
/// - a product is a numeric coefficient times distinct bases, each raised to
///   an exponent (`x*x` → `x^2`, `x/x` → `1`); a numeric coefficient times a
///   single sum is distributed (`2*(θ - 2)` → `2*θ - 4`), as in SymPy, so like
///   terms always meet; products of sums are never expanded implicitly;
/// - numbers are exact rationals where possible (`Number`), and folding never
///   replaces an IEEE result by a different one (`x/0` and `0^-1` stay symbolic).
///
/// Equality is structural on the canonical form, so two expressions that the
/// constructors bring to the same shape are `==` and hash alike.
///
///     let x = Expr.symbol("x")
///     (x * x / x).description          // "x"
///     Expr.power(x - 2, 2).derivative(withRespectTo: "x").description   // "2*x - 4"
public struct Expr: Hashable, Sendable {
    let storage: ExprStorage

    init(_ kind: Kind) { storage = ExprStorage(kind) }

    /// The canonical shape of an expression.
    public enum Kind: Sendable, Equatable {
        case number(Number)
        /// A free name, printed verbatim (`θ0`, `tips.total_bill`, `e`, `pi`).
        case symbol(String)
        /// `constant + Σ coefficient·monomial`; at least one term, monomials distinct
        /// and never numbers, sums or products with a coefficient other than 1.
        case sum(constant: Number, terms: [Term])
        /// `coefficient · Π factor`; factors are non-numeric symbols, calls, sums or
        /// powers with distinct bases; never a lone factor with coefficient 1.
        case product(coefficient: Number, factors: [Expr])
        /// `base ^ exponent` with exponent ≠ 0, 1.
        case power(base: Expr, exponent: Expr)
        /// A built-in function applied to its arguments.
        case call(BuiltinFunction, [Expr])
    }

    /// One term of a canonical sum.
    public struct Term: Sendable, Equatable {
        public let coefficient: Number
        public let monomial: Expr
    }

    public var kind: Kind { storage.kind }

    public static func == (lhs: Expr, rhs: Expr) -> Bool {
        lhs.storage === rhs.storage || (lhs.storage.hash == rhs.storage.hash && lhs.storage.kind == rhs.storage.kind)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(storage.hash) }

    /// Nesting depth of the tree (an atom has depth 1). Recursive operations
    /// recurse at most this deep, so callers bound it by bounding input nesting.
    public var depth: Int { storage.depth }

    // MARK: Common values

    public static let zero = Expr(.number(.zero))
    public static let one = Expr(.number(.one))
    public static let minusOne = Expr(.number(.minusOne))

    // MARK: Queries

    public var numberValue: Number? { if case .number(let n) = kind { return n } else { return nil } }
    public var symbolName: String? { if case .symbol(let s) = kind { return s } else { return nil } }
    public var isZero: Bool { numberValue?.isZero ?? false }
    public var isOne: Bool { numberValue?.isOne ?? false }

    /// The base and exponent of a factor (`x` is `x^1`).
    var baseAndExponent: (base: Expr, exponent: Expr) {
        if case .power(let base, let exponent) = kind { return (base, exponent) }
        return (self, .one)
    }

    /// The numeric coefficient and the rest (`3*x*y` → (3, `x*y`); `x` → (1, `x`)).
    var coefficientAndMonomial: (coefficient: Number, monomial: Expr) {
        switch kind {
        case .number(let n): return (n, .one)
        case .product(let c, let factors) where !c.isOne:
            return (c, factors.count == 1 ? factors[0] : Expr(.product(coefficient: .one, factors: factors)))
        default: return (.one, self)
        }
    }

    /// True when the symbol `name` may occur in this expression (a cheap,
    /// conservative filter: false means it certainly does not).
    func mayContain(symbolMask mask: UInt64) -> Bool { storage.symbolMask & mask != 0 }

    /// True when the symbol `name` occurs in this expression.
    public func contains(symbol name: String) -> Bool {
        let mask = symbolMaskBit(name)
        if !mayContain(symbolMask: mask) { return false }
        switch kind {
        case .number: return false
        case .symbol(let s): return s == name
        case .sum(_, let terms): return terms.contains { $0.monomial.contains(symbol: name) }
        case .product(_, let factors): return factors.contains { $0.contains(symbol: name) }
        case .power(let b, let e): return b.contains(symbol: name) || e.contains(symbol: name)
        case .call(_, let args): return args.contains { $0.contains(symbol: name) }
        }
    }
}

/// Per-node data computed once at construction.
final class ExprStorage: Sendable {
    let kind: Expr.Kind
    let hash: Int
    /// One bit per symbol name (by a fixed string hash), or-ed over the tree.
    let symbolMask: UInt64
    let depth: Int
    /// Degree used to order the terms of a sum (higher first); see `Expr+Order`.
    let orderDegree: Double
    /// Tree size, shared sub-trees counted each time (saturating).
    let nodeCount: Int
    /// Operations in the printed form, counted structurally (see `Expr+Printing`);
    /// what `simplified()` compares, in O(1).
    let operations: Int
    /// True when some product of a sum or integer power of a sum occurs, i.e.
    /// when `simplified()` has an expansion to consider.
    let expandable: Bool
    /// For symbols: the name's sort class and Unicode scalars (see `Expr+Order`).
    let symbolKey: SymbolKey?

    init(_ kind: Expr.Kind) {
        self.kind = kind
        var hasher = Hasher()
        var mask: UInt64 = 0
        var depth = 1
        var count = 1
        switch kind {
        case .number(let n):
            hasher.combine(0)
            hasher.combine(n)
        case .symbol(let s):
            hasher.combine(1)
            hasher.combine(s)
            mask = symbolMaskBit(s)
        case .sum(let constant, let terms):
            hasher.combine(2)
            hasher.combine(constant)
            for term in terms {
                hasher.combine(term.coefficient)
                hasher.combine(term.monomial.storage.hash)
                mask |= term.monomial.storage.symbolMask
                count = saturatingCount(count, term.monomial.storage.nodeCount)
                depth = max(depth, term.monomial.storage.depth + 1)
            }
        case .product(let coefficient, let factors):
            hasher.combine(3)
            hasher.combine(coefficient)
            for factor in factors {
                hasher.combine(factor.storage.hash)
                mask |= factor.storage.symbolMask
                count = saturatingCount(count, factor.storage.nodeCount)
                depth = max(depth, factor.storage.depth + 1)
            }
        case .power(let base, let exponent):
            hasher.combine(4)
            hasher.combine(base.storage.hash)
            hasher.combine(exponent.storage.hash)
            mask = base.storage.symbolMask | exponent.storage.symbolMask
            depth = max(base.storage.depth, exponent.storage.depth) + 1
            count = saturatingCount(count, saturatingCount(base.storage.nodeCount, exponent.storage.nodeCount))
        case .call(let function, let args):
            hasher.combine(5)
            hasher.combine(function.name)
            for arg in args {
                hasher.combine(arg.storage.hash)
                mask |= arg.storage.symbolMask
                count = saturatingCount(count, arg.storage.nodeCount)
                depth = max(depth, arg.storage.depth + 1)
            }
        }
        self.hash = hasher.finalize()
        self.symbolMask = mask
        self.depth = depth
        self.nodeCount = count
        self.operations = Expr.structuralOperations(kind)
        self.expandable = Expr.isExpandable(kind)
        if case .symbol(let name) = kind {
            self.symbolKey = SymbolKey(name)
        } else {
            self.symbolKey = nil
        }
        self.orderDegree = Expr.computeOrderDegree(kind)
    }
}

private func saturatingCount(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : sum
}

/// FNV-1a over the name's UTF-8, folded to one of 64 bits (deterministic).
func symbolMaskBit(_ name: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 {
        h ^= UInt64(byte)
        h = h &* 0x100_0000_01b3
    }
    return 1 << (h % 64)
}

extension Expr.Kind {
    public static func == (lhs: Expr.Kind, rhs: Expr.Kind) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a == b
        case (.symbol(let a), .symbol(let b)): return a == b
        case (.sum(let c1, let t1), .sum(let c2, let t2)): return c1 == c2 && t1 == t2
        case (.product(let c1, let f1), .product(let c2, let f2)): return c1 == c2 && f1 == f2
        case (.power(let b1, let e1), .power(let b2, let e2)): return b1 == b2 && e1 == e2
        case (.call(let f1, let a1), .call(let f2, let a2)): return f1 == f2 && a1 == a2
        default: return false
        }
    }
}
