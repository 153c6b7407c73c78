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
        /// Settable inside the module only while a sum is being collected.
        public internal(set) var coefficient: Number
        public let monomial: Expr
    }

    public var kind: Kind { storage.kind }

    public static func == (lhs: Expr, rhs: Expr) -> Bool {
        if lhs.storage === rhs.storage { return true }
        guard lhs.storage.hash == rhs.storage.hash, lhs.storage.nodeCount == rhs.storage.nodeCount else { return false }
        if lhs.storage.nodeCount <= Expr.plainComparisonNodes { return lhs.storage.kind == rhs.storage.kind }
        var proven: Set<StoragePair> = []
        return structurallyEqual(lhs, rhs, &proven)
    }

    /// Up to this size (written out) equality recurses plainly.
    private static let plainComparisonNodes = 256

    private struct StoragePair: Hashable {
        let left: ObjectIdentifier, right: ObjectIdentifier
    }

    /// Equality of two large expressions built apart, each pair of shared
    /// parts compared once: two copies of `a = a*sin(a)` applied 40 times
    /// are 2^40 nodes written out, and a plain comparison visits them all.
    private static func structurallyEqual(_ lhs: Expr, _ rhs: Expr, _ proven: inout Set<StoragePair>) -> Bool {
        if lhs.storage === rhs.storage { return true }
        guard lhs.storage.hash == rhs.storage.hash, lhs.storage.nodeCount == rhs.storage.nodeCount else { return false }
        let pair = StoragePair(left: ObjectIdentifier(lhs.storage), right: ObjectIdentifier(rhs.storage))
        if proven.contains(pair) { return true }
        func all(_ a: [Expr], _ b: [Expr]) -> Bool {
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !structurallyEqual(x, y, &proven) { return false }
            return true
        }
        let equal: Bool
        switch (lhs.kind, rhs.kind) {
        case (.number(let a), .number(let b)): equal = a == b
        case (.symbol(let a), .symbol(let b)): equal = a == b
        case (.sum(let c1, let t1), .sum(let c2, let t2)):
            equal = c1 == c2 && t1.map(\.coefficient) == t2.map(\.coefficient) && all(t1.map(\.monomial), t2.map(\.monomial))
        case (.product(let c1, let f1), .product(let c2, let f2)): equal = c1 == c2 && all(f1, f2)
        case (.power(let b1, let e1), .power(let b2, let e2)): equal = all([b1, e1], [b2, e2])
        case (.call(let f1, let a1), .call(let f2, let a2)): equal = f1 == f2 && all(a1, a2)
        default: equal = false
        }
        if equal { proven.insert(pair) }
        return equal
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
        contains(symbol: name, mask: symbolMaskBit(name))
    }

    /// The walk, with the name's mask bit (`symbolMaskBit(name)`) hashed once
    /// rather than at every node; the differentiator keeps its variable's.
    func contains(symbol name: String, mask: UInt64) -> Bool {
        if !mayContain(symbolMask: mask) { return false }
        switch kind {
        case .number: return false
        case .symbol(let s): return s == name
        case .sum(_, let terms): return terms.contains { $0.monomial.contains(symbol: name, mask: mask) }
        case .product(_, let factors): return factors.contains { $0.contains(symbol: name, mask: mask) }
        case .power(let b, let e): return b.contains(symbol: name, mask: mask) || e.contains(symbol: name, mask: mask)
        case .call(_, let args): return args.contains { $0.contains(symbol: name, mask: mask) }
        }
    }
}

/// Per-node data computed once at construction.
final class ExprStorage: Sendable {
    let kind: Expr.Kind
    // The flags come right after `kind` (32 bytes), in one 8-byte slot before
    // the integers: declared among them they took 141 bytes a node, a 160-byte
    // malloc chunk, against 128 bytes in a 144-byte chunk now (measured with
    // malloc_usable_size).
    /// True when some product of a sum or integer power of a sum occurs, i.e.
    /// when `simplified()` has an expansion to consider.
    let expandable: Bool
    /// True when a `nan` or `±inf` constant occurs: such an expression is
    /// not finite anywhere, and has no derivative (its derivative is `nan`).
    let hasNonFiniteConstant: Bool
    /// True when this node, read as a product, has a factor below the line.
    let hasDenominator: Bool
    /// True when some sum occurs whose terms may share a factor or have a
    /// denominator, i.e. when `simplified()` has a factoring to consider.
    let factorable: Bool
    /// True when this node is such a sum itself.
    let isFactorableSum: Bool
    /// True when a call of sin or cos occurs: without one, the simplifier's
    /// sin²/cos² rules need not look at the terms of a sum.
    let hasSineOrCosine: Bool
    /// True for a sum whose coefficients and constant are all integers, one of
    /// them ±1: its `positiveContent` is 1 (known here, without the gcds).
    let hasUnitIntegerContent: Bool
    let hash: Int
    /// One bit per symbol name (by a fixed string hash), or-ed over the tree.
    let symbolMask: UInt64
    let depth: Int
    /// Degree used to order the terms of a sum (higher first); see `Expr+Order`.
    let orderDegree: Double
    /// Tree size, shared sub-trees counted each time (saturating).
    let nodeCount: Int
    /// Operations in the printed form, counted structurally (see `Expr+Printing`);
    /// what `simplified()` compares, in O(1). At most `maximumOperations`.
    let operations: Int
    /// The cap on `operations`: an expression built by repeated
    /// self-reference (`a = a*sin(a)`, 70 times) has 2^70 operations written
    /// out, and the sums over its children would overflow. Capped, they stay
    /// far from `Int.max` (a node has fewer than 2^30 children), and every
    /// size limit of the simplifier is far below the cap.
    static let maximumOperations = 1 << 32
    /// For symbols: the name's sort class and Unicode scalars (see `Expr+Order`).
    let symbolKey: SymbolKey?
    /// One bit per base of this node read as a product (by hash; `sqrt(u)`
    /// and its powers count as the base u), or-ed: a sum whose terms' masks
    /// share a bit may have a common factor.
    let factorMask: UInt64

    // One pass over the children computes everything; this runs for every node
    // built, so it avoids re-switching on `kind` and uses a cheap fixed mixer
    // instead of SipHash (measured: about a third of small derivatives' time).
    init(_ kind: Expr.Kind) {
        self.kind = kind
        var h: UInt64
        var mask: UInt64 = 0
        var depth = 1
        var count = 1
        var expandable = false
        var symbolKey: SymbolKey?
        var nonFinite = false
        var factorable = false
        var ownFactorable = false
        var factorMask: UInt64 = 0
        var hasDenominator = false
        var sineOrCosine = false
        var unitIntegerContent = false
        let operations: Int
        let degree: Double
        switch kind {
        case .number(let n):
            h = mix(0x6e75, n.hashBits)
            nonFinite = n.isNonFinite
            operations = Expr.numberOperations(n)
            degree = 0
        case .symbol(let s):
            // One pass over the name for both (the mask bit is its FNV-1a folded).
            let nameHash = stringHash(s)
            h = mix(0x7379, nameHash)
            mask = 1 << (nameHash % 64)
            symbolKey = SymbolKey(s)
            operations = 0
            degree = Expr.symbolOrderDegree(s)
        case .sum(let constant, let terms):
            h = mix(0x7375, constant.hashBits)
            nonFinite = constant.isNonFinite
            var maximumDegree = 0.0
            var sharedMask: UInt64 = constant.isZero ? ~0 : 0
            var anyDenominator = false
            // The content is 1 when every number is an integer (as
            // `positiveContent` reads it) and one of them is ±1.
            // Nil for a number that is not such an integer, else whether it is ±1.
            func integerIsUnit(_ n: Number) -> Bool? {
                guard case .rational(let p, 1) = n, p != .min else { return nil }
                return p == 1 || p == -1
            }
            var allIntegers = true
            if let unit = integerIsUnit(constant) { unitIntegerContent = unit } else { allIntegers = false }
            for term in terms {
                if allIntegers {
                    if let unit = integerIsUnit(term.coefficient) { unitIntegerContent = unitIntegerContent || unit } else { allIntegers = false }
                }
                let child = term.monomial.storage
                factorable = factorable || child.factorable
                sharedMask &= child.factorMask
                anyDenominator = anyDenominator || child.hasDenominator
                h = mix(mix(h, term.coefficient.hashBits), UInt64(bitPattern: Int64(child.hash)))
                mask |= child.symbolMask
                count = saturatingCount(count, child.nodeCount)
                depth = max(depth, child.depth + 1)
                expandable = expandable || child.expandable
                sineOrCosine = sineOrCosine || child.hasSineOrCosine
                nonFinite = nonFinite || child.hasNonFiniteConstant || term.coefficient.isNonFinite
                maximumDegree = max(maximumDegree, child.orderDegree)
            }
            ownFactorable = terms.count + (constant.isZero ? 0 : 1) >= 2 && (sharedMask != 0 || anyDenominator)
            unitIntegerContent = unitIntegerContent && allIntegers
            factorable = factorable || ownFactorable
            operations = Expr.sumOperations(constant: constant, terms: terms)
            degree = terms.isEmpty ? 0 : maximumDegree
        case .product(let coefficient, let factors):
            h = mix(0x7072, coefficient.hashBits)
            nonFinite = coefficient.isNonFinite
            var totalDegree = 0.0
            for factor in factors {
                let child = factor.storage
                h = mix(h, UInt64(bitPattern: Int64(child.hash)))
                mask |= child.symbolMask
                count = saturatingCount(count, child.nodeCount)
                depth = max(depth, child.depth + 1)
                expandable = expandable || child.expandable || factor.isExpandableFactor
                sineOrCosine = sineOrCosine || child.hasSineOrCosine
                nonFinite = nonFinite || child.hasNonFiniteConstant
                totalDegree += child.orderDegree
                factorable = factorable || child.factorable
                factorMask |= child.factorMask
                hasDenominator = hasDenominator || child.hasDenominator
            }
            operations = (coefficient.isNegative ? 1 : 0) + Expr.layoutOperations(magnitude: coefficient.isNegative ? -coefficient : coefficient, factors: factors)
            degree = totalDegree
        case .power(let base, let exponent):
            let b = base.storage, e = exponent.storage
            h = mix(mix(0x706f, UInt64(bitPattern: Int64(b.hash))), UInt64(bitPattern: Int64(e.hash)))
            mask = b.symbolMask | e.symbolMask
            nonFinite = b.hasNonFiniteConstant || e.hasNonFiniteConstant
            depth = max(b.depth, e.depth) + 1
            count = saturatingCount(count, saturatingCount(b.nodeCount, e.nodeCount))
            let n = exponent.numberValue
            if case .sum = base.kind, let k = n?.integerValue, k > 1 { expandable = true }
            expandable = expandable || b.expandable || e.expandable
            sineOrCosine = b.hasSineOrCosine || e.hasSineOrCosine
            factorable = b.factorable || e.factorable
            factorMask = b.factorMask
            hasDenominator = n?.isNegative ?? false
            if let n, n.isNegative {
                // `1/b` or `1/b^k`
                operations = 1 + b.operations + (n == .minusOne ? 0 : 1 + (-n).operationsAsExponent)
            } else {
                operations = 1 + b.operations + e.operations
            }
            degree = n.map { b.orderDegree * $0.doubleValue } ?? (b.orderDegree + e.orderDegree)
        case .call(let function, let args):
            h = mix(0x6361, function.nameHash)
            var ops = 1
            var variable = false
            sineOrCosine = function.isSineOrCosine
            for arg in args {
                let child = arg.storage
                h = mix(h, UInt64(bitPattern: Int64(child.hash)))
                mask |= child.symbolMask
                count = saturatingCount(count, child.nodeCount)
                depth = max(depth, child.depth + 1)
                expandable = expandable || child.expandable
                sineOrCosine = sineOrCosine || child.hasSineOrCosine
                nonFinite = nonFinite || child.hasNonFiniteConstant
                ops += child.operations
                variable = variable || child.orderDegree != 0
                factorable = factorable || child.factorable
            }
            // sqrt(u) shares its base with u (sqrt(u)^3 = u^(3/2)).
            factorMask = function.isSquareRoot && args.count == 1 ? args[0].storage.ownFactorBit : 0
            operations = ops
            degree = variable ? 1 : 0
        }
        self.hash = Int(truncatingIfNeeded: h)
        switch kind {
        case .product, .power, .number: self.factorMask = factorMask
        case .call: self.factorMask = factorMask != 0 ? factorMask : 1 << (h % 64)
        default: self.factorMask = 1 << (h % 64)
        }
        self.hasDenominator = hasDenominator
        self.factorable = factorable
        self.isFactorableSum = ownFactorable
        self.hasSineOrCosine = sineOrCosine
        self.hasUnitIntegerContent = unitIntegerContent
        self.symbolMask = mask
        self.depth = depth
        self.nodeCount = count
        self.operations = min(operations, ExprStorage.maximumOperations)
        self.expandable = expandable
        self.symbolKey = symbolKey
        self.hasNonFiniteConstant = nonFinite
        self.orderDegree = degree
    }
}

extension ExprStorage {
    /// The bit this node has as a base in `factorMask`.
    var ownFactorBit: UInt64 {
        if case .call(let function, let args) = kind, function.isSquareRoot, args.count == 1 { return factorMask }
        return 1 << (UInt64(bitPattern: Int64(hash)) % 64)
    }
}

private func saturatingCount(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : sum
}

/// A fixed 64-bit mixer (splitmix64's finaliser over a combination).
@inline(__always)
func mix(_ seed: UInt64, _ value: UInt64) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15 &+ (value ^ (seed << 6) ^ (seed >> 2))
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

func stringHash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        h ^= UInt64(byte)
        h = h &* 0x100_0000_01b3
    }
    return h
}

extension Number {
    /// `nan` or `±inf` (a rational never is).
    @inline(__always)
    var isNonFinite: Bool {
        if case .real(let x) = self { return !x.isFinite }
        return false
    }

    /// Bits for hashing, consistent with `==` (reals by bit pattern).
    @inline(__always)
    var hashBits: UInt64 {
        switch self {
        case .rational(let n, let d): return mix(UInt64(bitPattern: n), UInt64(bitPattern: d))
        case .decimal(let n, let d): return mix(0x6465, mix(UInt64(bitPattern: n), UInt64(bitPattern: d)))
        case .real(let x): return mix(0x7265, x.bitPattern)
        }
    }
}

extension Expr {
    /// A product factor that `simplified()` could multiply out: a sum, or a
    /// positive integer power of a sum.
    var isExpandableFactor: Bool {
        switch kind {
        case .sum: return true
        case .power(let base, let exponent):
            if case .sum = base.kind, let n = exponent.numberValue?.integerValue, n > 0 { return true }
            return false
        default: return false
        }
    }
}

/// FNV-1a over the name's UTF-8, folded to one of 64 bits (deterministic).
func symbolMaskBit(_ name: String) -> UInt64 {
    1 << (stringHash(name) % 64)
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
