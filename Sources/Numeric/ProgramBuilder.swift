/// A value in a program under construction: a constant, a parameter, a
/// column, or the result of an operation. Only a `ProgramBuilder` makes them.
public struct Register: Hashable, Sendable {
    /// Position of the defining node in the builder (operands always come first).
    public let index: Int
}

/// One node of a program: what a register holds. Operands are register indices.
enum Node: Hashable, Sendable {
    /// A constant, keyed by its bits so that `0` and `-0` (and each `nan`) stay distinct.
    case constant(bits: UInt64)
    case parameter(Int)
    case column(Int)
    case unary(UnaryOp, Int)
    case binary(BinaryOp, Int, Int)
    case reduction(ReductionOp, Int)

    var operands: [Int] {
        switch self {
        case .constant, .parameter, .column: return []
        case .unary(_, let a), .reduction(_, let a): return [a]
        case .binary(_, let a, let b): return [a, b]
        }
    }
}

/// Builds a `Program` from operations, sharing common subexpressions.
///
/// Nodes are hash-consed: asking twice for the same operation on the same
/// registers returns the same register, so a loss and its gradient built in
/// one builder share every subexpression they have in common (the residual
/// `θ0 + θ1*x - y` of a least-squares loss is computed once per row).
///
/// The builder never changes a value's bits. It folds an operation whose
/// operands are all constants (the program would compute the very same
/// double), and applies only identities that are exact for every double:
/// `x*1`, `1*x`, `x/1`, `x - 0`, `x + (-0)`, `-(-x)`, `x^1`, `x^0` (`pow`
/// gives 1 for every x, `nan` included), `(-1)*x` → `-x`, and `a + (-b)` →
/// `a - b`, `(-a) + b` → `b - a`, `a - (-b)` → `a + b` (IEEE defines
/// subtraction as adding the negation). It does not fold `x + 0` (that turns
/// `-0` into `0`) and does not reorder anything except the operands of `+`,
/// `*`, `==`, `!=`, whose order never matters.
///
/// `x^n` goes through `pow`, as Python's `**` does, unless
/// `rewritesIntegerPowers` is set while it is added: derivative programs
/// (compiled from their simplified symbolic form, whose bits nobody typed)
/// may set it to compute `x^2` as `x*x`, `x^3` as `x*x*x`, `x^-2` as
/// `1/(x*x)`, `x^-1` as `1/x`, and so on up to `|n| = 8`, which is many times faster than
/// `pow` and within a few ulps of it.
///
///     var builder = ProgramBuilder()
///     let theta0 = builder.parameter(0), theta1 = builder.parameter(1)
///     let x = builder.column(0), y = builder.column(1)
///     let residual = builder.binary(.subtract,
///         builder.binary(.add, theta0, builder.binary(.multiply, theta1, x)), y)
///     let loss = builder.reduce(.mean, builder.binary(.power, residual, builder.constant(2)))
///     let program = try builder.build(outputs: [loss])
public struct ProgramBuilder: Sendable {
    private(set) var nodes: [Node] = []
    private var lookup = NodeIndex()
    private var invalidIndex: Int?

    /// Parameters the program takes, at least; raised to cover every `parameter(i)`.
    public var parameterCount: Int
    /// Columns the program reads, at least; raised to cover every `column(i)`.
    public var columnCount: Int
    /// When set, integer powers added from now on may be rewritten into
    /// multiplications (see the type's documentation). Off by default.
    public var rewritesIntegerPowers = false

    /// Largest |n| for which `x^n` is rewritten into multiplications.
    public static let largestRewrittenPower = 8

    public init(parameterCount: Int = 0, columnCount: Int = 0) {
        self.parameterCount = max(0, parameterCount)
        self.columnCount = max(0, columnCount)
    }

    /// The number of distinct nodes so far (shared subexpressions count once).
    public var nodeCount: Int { nodes.count }

    public mutating func constant(_ value: Double) -> Register {
        intern(.constant(bits: value.bitPattern))
    }

    /// Largest parameter or column index a program may use (so counts never overflow).
    public static let maximumIndex = 1 << 24

    /// The parameter at `index` (0-based) of the parameter vector.
    public mutating func parameter(_ index: Int) -> Register {
        guard index >= 0, index <= Self.maximumIndex else { return recordInvalid(index) }
        parameterCount = max(parameterCount, index + 1)
        return intern(.parameter(index))
    }

    /// The column at `index` (0-based) of the table the program runs over.
    public mutating func column(_ index: Int) -> Register {
        guard index >= 0, index <= Self.maximumIndex else { return recordInvalid(index) }
        columnCount = max(columnCount, index + 1)
        return intern(.column(index))
    }

    public mutating func unary(_ op: UnaryOp, _ a: Register) -> Register {
        guard isValid(a) else { return recordInvalid(a.index) }
        if let value = constantValue(a) { return constant(op.apply(value)) }
        // -(-x) is x for every double.
        if op == .negate, case .unary(.negate, let inner) = nodes[a.index] { return Register(index: inner) }
        return intern(.unary(op, a.index))
    }

    public mutating func binary(_ op: BinaryOp, _ a: Register, _ b: Register) -> Register {
        guard isValid(a) else { return recordInvalid(a.index) }
        guard isValid(b) else { return recordInvalid(b.index) }
        let left = constantValue(a), right = constantValue(b)
        if let left, let right { return constant(op.apply(left, right)) }
        if let simpler = exactIdentity(op, a, left, b, right) { return simpler }
        if op == .power, rewritesIntegerPowers, let right, let power = rewrittenPower(a, right) { return power }
        if op.isCommutative, b.index < a.index { return intern(.binary(op, b.index, a.index)) }
        return intern(.binary(op, a.index, b.index))
    }

    /// The sum or mean over rows of a per-row value. Of a value that does
    /// not vary by row: the mean is that value, the sum n times it.
    public mutating func reduce(_ op: ReductionOp, _ a: Register) -> Register {
        guard isValid(a) else { return recordInvalid(a.index) }
        return intern(.reduction(op, a.index))
    }

    /// The finished program computing `outputs` in order. Nodes that no
    /// output needs are dropped.
    ///
    /// `mutating` although it changes nothing: a non-mutating call copies
    /// the builder *before* its arguments are evaluated, so
    /// `builder.build(outputs: [builder.unary(.exp, x)])` would build from a
    /// builder without the `exp`; a mutating call sees it.
    public mutating func build(outputs: [Register]) throws(BuildError) -> Program {
        if let invalidIndex { throw .invalidIndex(invalidIndex) }
        for output in outputs where !isValid(output) { throw .invalidIndex(output.index) }
        return Program(
            nodes: nodes, outputs: outputs.map(\.index),
            parameterCount: parameterCount, columnCount: columnCount)
    }

    // MARK: - Private

    private mutating func intern(_ node: Node) -> Register {
        if let existing = lookup.index(of: node, in: nodes) { return Register(index: existing) }
        nodes.append(node)
        lookup.insert(node, at: nodes.count - 1, in: nodes)
        return Register(index: nodes.count - 1)
    }

    private func isValid(_ register: Register) -> Bool {
        register.index >= 0 && register.index < nodes.count
    }

    private mutating func recordInvalid(_ index: Int) -> Register {
        if invalidIndex == nil { invalidIndex = index }
        return Register(index: -1)
    }

    private func constantValue(_ register: Register) -> Double? {
        if case .constant(let bits) = nodes[register.index] { return Double(bitPattern: bits) }
        return nil
    }

    /// Rewrites that give the same double as the operation for every input.
    private mutating func exactIdentity(
        _ op: BinaryOp, _ a: Register, _ left: Double?, _ b: Register, _ right: Double?
    ) -> Register? {
        func isPositiveOne(_ value: Double?) -> Bool { value == 1 }
        func isZero(_ value: Double?, negative: Bool) -> Bool {
            guard let value, value == 0 else { return false }
            return (value.sign == .minus) == negative
        }
        func negated(_ register: Register) -> Register? {
            if case .unary(.negate, let inner) = nodes[register.index] { return Register(index: inner) }
            return nil
        }
        switch op {
        case .multiply:
            if isPositiveOne(right) { return a }
            if isPositiveOne(left) { return b }
            if right == -1 { return unary(.negate, a) }
            if left == -1 { return unary(.negate, b) }
        case .divide:
            if isPositiveOne(right) { return a }
        case .subtract:
            // x - (+0) is x, -0 included (-0 - 0 = -0); x - (-0) is x + 0, not exact.
            if isZero(right, negative: false) { return a }
            if let inner = negated(b) { return binary(.add, a, inner) }
        case .add:
            // x + (-0) is x for every x; x + (+0) turns -0 into +0.
            if isZero(right, negative: true) { return a }
            if isZero(left, negative: true) { return b }
            if let inner = negated(b) { return binary(.subtract, a, inner) }
            if let inner = negated(a) { return binary(.subtract, b, inner) }
        case .power:
            if isPositiveOne(right) { return a }
            if right == 0 { return constant(1) }
        default:
            break
        }
        return nil
    }

    /// `base^exponent` as multiplications when the exponent is an integer
    /// n with n = -1 or 2 ≤ |n| ≤ `largestRewrittenPower`: square-and-multiply, so `x^4`
    /// is `(x*x)*(x*x)` with `x*x` shared; a negative power is `1/x^|n|`.
    private mutating func rewrittenPower(_ base: Register, _ exponent: Double) -> Register? {
        // 0 and 1 are exact identities handled before; -1 becomes 1/x.
        guard exponent == exponent.rounded(), exponent != 0, exponent != 1,
            Swift.abs(exponent) <= Double(Self.largestRewrittenPower)
        else { return nil }
        var remaining = Int(Swift.abs(exponent))
        var square = base
        var result: Register?
        while remaining > 0 {
            if remaining & 1 == 1 {
                if let partial = result { result = binary(.multiply, partial, square) } else { result = square }
            }
            remaining >>= 1
            if remaining > 0 { square = binary(.multiply, square, square) }
        }
        guard let positive = result else { return nil }
        return exponent < 0 ? binary(.divide, constant(1), positive) : positive
    }
}

/// A program could not be built: a register or index that no builder made.
public enum BuildError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidIndex(Int)

    public var description: String {
        switch self {
        case .invalidIndex(let index): return "invalid register or index \(index) in a compiled program"
        }
    }
}

/// The builder's hash-consing table: each node's position in `nodes`, by
/// the node's value. Not a `[Node: Int]`: the first dictionary keyed by a
/// type makes the Swift runtime scan every protocol conformance of the
/// process for the key's `Hashable` (0.36M instructions, once per process
/// that compiles anything; a sixtieth of a small script). Open addressing
/// with linear probing over a power-of-two table of positions (-1: empty),
/// at most three quarters full; the nodes themselves stay in `nodes`.
struct NodeIndex: Sendable {
    private var slots: [Int] = []
    private var count = 0

    func index(of node: Node, in nodes: [Node]) -> Int? {
        guard count > 0 else { return nil }
        let mask = slots.count - 1
        var slot = node.hashValue & mask
        while true {
            let stored = slots[slot]
            if stored < 0 { return nil }
            if nodes[stored] == node { return stored }
            slot = (slot + 1) & mask
        }
    }

    /// Records that `nodes[position]` is `node` (not already present).
    mutating func insert(_ node: Node, at position: Int, in nodes: [Node]) {
        if (count + 1) * 4 > slots.count * 3 { grow(nodes) }
        let mask = slots.count - 1
        var slot = node.hashValue & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = position
        count += 1
    }

    private mutating func grow(_ nodes: [Node]) {
        let old = slots
        slots = [Int](repeating: -1, count: Swift.max(64, old.count * 2))
        let mask = slots.count - 1
        for position in old where position >= 0 {
            var slot = nodes[position].hashValue & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = position
        }
    }
}
