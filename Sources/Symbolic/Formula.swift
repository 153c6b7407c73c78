import Core
import Foundation

/// A formula as it is written: the one resolved form that evaluation,
/// calculus and compilation share.
///
/// Two things become formulas. A user's expression, once its names are
/// resolved (parameters, columns and free names to symbols, bound numbers
/// to numbers, built-ins to their table entry, user-function calls inlined),
/// keeps the order the user wrote it in, so evaluating it gives the same
/// double as the same formula in Python. A canonical `Expr` is printed
/// through its *layout* (`Expr.layout`), the formula its printed text reads
/// as, so a derivative evaluated or compiled from its layout gives exactly
/// the value of the text the user sees — without printing and parsing it.
///
/// - `evaluate(_:)` computes a formula at a point, operation by operation
///   (`^` through `pow`, as Python's `**`; built-ins through their table);
/// - `Numeric`'s `ProgramBuilder.add(_:symbols:)` compiles one into a
///   register program with the same operations, so compiled and evaluated
///   values agree bit for bit;
/// - `expr` folds one into canonical form through the smart constructors,
///   for algebra and differentiation;
/// - `description` prints one, with the parentheses its `group` nodes hold
///   and otherwise the fewest that keep its meaning.
///
/// Nodes are immutable and shared; walks that may meet a node many times
/// (a formula built by repeated self-reference is a DAG) memoise by node.
public final class Formula: Hashable, Sendable, CustomStringConvertible {
    /// The operators of the language, with the meaning of `Operator.apply`.
    public enum Operator: String, Sendable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
        case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

        /// The operator at a point, IEEE semantics: `^` through the C
        /// library's `pow` (Python's `**` on floats), comparisons 1 or 0.
        /// The interpreter's arithmetic on numbers and arrays and the
        /// compiled programs use this same definition.
        @inlinable
        public func apply(_ a: Double, _ b: Double) -> Double {
            switch self {
            case .add: return a + b
            case .subtract: return a - b
            case .multiply: return a * b
            case .divide: return a / b
            case .power: return pythonPower(a, b)
            case .equal: return a == b ? 1 : 0
            case .notEqual: return a != b ? 1 : 0
            case .less: return a < b ? 1 : 0
            case .lessEqual: return a <= b ? 1 : 0
            case .greater: return a > b ? 1 : 0
            case .greaterEqual: return a >= b ? 1 : 0
            }
        }

        public var isComparison: Bool {
            switch self {
            case .add, .subtract, .multiply, .divide, .power: return false
            default: return true
            }
        }

        /// A distinct small number per operator, for the node hash.
        fileprivate var hashCode: UInt64 {
            switch self {
            case .add: return 0
            case .subtract: return 1
            case .multiply: return 2
            case .divide: return 3
            case .power: return 4
            case .equal: return 5
            case .notEqual: return 6
            case .less: return 7
            case .lessEqual: return 8
            case .greater: return 9
            case .greaterEqual: return 10
            }
        }

        /// Binding strength in the printed form (higher binds tighter).
        var precedence: Int {
            switch self {
            case .add, .subtract: return Precedence.additive
            case .multiply, .divide: return Precedence.multiplicative
            case .power: return Precedence.power
            default: return Precedence.comparison
            }
        }
    }

    public enum Kind: Sendable {
        case number(Double)
        /// A whole number printed with all its digits (a rational's numerator
        /// or denominator in a layout); evaluates to the nearest double.
        case integer(Int64)
        /// A free name: a variable, a parameter, a column (`tips.tip` or a
        /// per-row column name), or the constants `e` and `pi`.
        case symbol(String)
        case negate(Formula)
        case binary(Operator, Formula, Formula)
        case call(BuiltinFunction, [Formula])
        /// Parentheses the printed form shows; no effect on the value.
        case group(Formula)
    }

    public let kind: Kind
    private let hashBits: Int
    /// Nesting depth (an atom has depth 1).
    public let depth: Int
    /// Size written out as a tree, a shared sub-formula counted each time it
    /// occurs (saturating): what printing walks. A formula built by repeated
    /// self-reference (`a = a*sin(a)`, 40 times) is small in memory but 2^40
    /// nodes by this count; kept at construction, so asking is O(1).
    public let nodeCount: Int
    /// True when no name occurs but the constants `e`, `pi`, `π`: a formula
    /// of numbers (kept at construction, so asking is O(1)).
    public let isConstant: Bool
    /// One bit per symbol name (a fixed hash of it), or-ed over the tree: a
    /// cheap test that a name certainly does not occur.
    private let symbolMask: UInt64

    public init(_ kind: Kind) {
        self.kind = kind
        // The fixed mixer of `ExprStorage`, not SipHash: every printed
        // expression builds its layout formula node by node.
        var h: UInt64
        var depth = 1
        var count = 1
        var constant = true
        var mask: UInt64 = 0
        switch kind {
        case .number(let x): h = mix(0, x.bitPattern)
        case .integer(let n): h = mix(1, UInt64(bitPattern: n))
        case .symbol(let s):
            let nameHash = stringHash(s)
            h = mix(2, nameHash)
            mask = Formula.maskBit(nameHash: nameHash)
            // The table is looked up only for a name whose mask bit a constant's has.
            constant = mask & Formula.constantNamesMask != 0 && Constants.symbolic[s] != nil
        case .negate(let a):
            h = mix(3, UInt64(truncatingIfNeeded: a.hashBits)); depth = a.depth + 1; constant = a.isConstant; mask = a.symbolMask
            count = Formula.saturatingSum(count, a.nodeCount)
        case .binary(let op, let a, let b):
            h = mix(mix(mix(4, op.hashCode), UInt64(truncatingIfNeeded: a.hashBits)), UInt64(truncatingIfNeeded: b.hashBits))
            depth = max(a.depth, b.depth) + 1
            count = Formula.saturatingSum(count, Formula.saturatingSum(a.nodeCount, b.nodeCount))
            constant = a.isConstant && b.isConstant
            mask = a.symbolMask | b.symbolMask
        case .call(let f, let args):
            h = mix(5, stringHash(f.name))
            for arg in args {
                h = mix(h, UInt64(truncatingIfNeeded: arg.hashBits))
                depth = max(depth, arg.depth + 1)
                count = Formula.saturatingSum(count, arg.nodeCount)
                constant = constant && arg.isConstant
                mask |= arg.symbolMask
            }
        case .group(let a):
            h = mix(6, UInt64(truncatingIfNeeded: a.hashBits)); depth = a.depth + 1; constant = a.isConstant; mask = a.symbolMask
            count = Formula.saturatingSum(count, a.nodeCount)
        }
        hashBits = Int(truncatingIfNeeded: h)
        self.depth = depth
        self.nodeCount = count
        self.isConstant = constant
        self.symbolMask = mask
    }

    private static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    // MARK: Construction

    public static func number(_ x: Double) -> Formula { Formula(.number(x)) }
    public static func symbol(_ name: String) -> Formula { Formula(.symbol(name)) }
    public static func negate(_ a: Formula) -> Formula { Formula(.negate(a)) }
    public static func binary(_ op: Operator, _ a: Formula, _ b: Formula) -> Formula { Formula(.binary(op, a, b)) }
    public static func call(_ f: BuiltinFunction, _ args: [Formula]) -> Formula { Formula(.call(f, args)) }
    static func group(_ a: Formula) -> Formula { Formula(.group(a)) }

    // MARK: Equality

    public static func == (lhs: Formula, rhs: Formula) -> Bool {
        if lhs === rhs { return true }
        guard lhs.hashBits == rhs.hashBits, lhs.nodeCount == rhs.nodeCount else { return false }
        if lhs.nodeCount > plainComparisonNodes {
            var proven: Set<FormulaPair> = []
            return structurallyEqual(lhs, rhs, &proven)
        }
        switch (lhs.kind, rhs.kind) {
        case (.number(let a), .number(let b)): return a.bitPattern == b.bitPattern
        case (.integer(let a), .integer(let b)): return a == b
        case (.symbol(let a), .symbol(let b)): return a == b
        case (.negate(let a), .negate(let b)), (.group(let a), .group(let b)): return a == b
        case (.binary(let o1, let a1, let b1), .binary(let o2, let a2, let b2)): return o1 == o2 && a1 == a2 && b1 == b2
        case (.call(let f1, let a1), .call(let f2, let a2)): return f1 == f2 && a1 == a2
        default: return false
        }
    }

    /// Up to this size (written out) equality recurses plainly.
    private static let plainComparisonNodes = 256

    private struct FormulaPair: Hashable {
        let left: ObjectIdentifier, right: ObjectIdentifier
    }

    /// Equality of two large formulas built apart, each pair of shared parts
    /// compared once (two copies of `a = a*sin(a)` applied 40 times are 2^40
    /// nodes written out, and a plain comparison visits them all).
    private static func structurallyEqual(_ lhs: Formula, _ rhs: Formula, _ proven: inout Set<FormulaPair>) -> Bool {
        if lhs === rhs { return true }
        guard lhs.hashBits == rhs.hashBits, lhs.nodeCount == rhs.nodeCount else { return false }
        let pair = FormulaPair(left: ObjectIdentifier(lhs), right: ObjectIdentifier(rhs))
        if proven.contains(pair) { return true }
        let equal: Bool
        switch (lhs.kind, rhs.kind) {
        case (.number(let a), .number(let b)): equal = a.bitPattern == b.bitPattern
        case (.integer(let a), .integer(let b)): equal = a == b
        case (.symbol(let a), .symbol(let b)): equal = a == b
        case (.negate(let a), .negate(let b)), (.group(let a), .group(let b)): equal = structurallyEqual(a, b, &proven)
        case (.binary(let o1, let a1, let b1), .binary(let o2, let a2, let b2)):
            equal = o1 == o2 && structurallyEqual(a1, a2, &proven) && structurallyEqual(b1, b2, &proven)
        case (.call(let f1, let a1), .call(let f2, let a2)):
            var same = f1 == f2 && a1.count == a2.count
            for (x, y) in zip(a1, a2) where same { same = structurallyEqual(x, y, &proven) }
            equal = same
        default: equal = false
        }
        if equal { proven.insert(pair) }
        return equal
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(hashBits) }

    /// The formula without its outermost `group`s.
    public var ungrouped: Formula {
        if case .group(let inner) = kind { return inner.ungrouped }
        return self
    }

    public var numberValue: Double? {
        switch ungrouped.kind {
        case .number(let x): return x
        case .integer(let n): return Double(n)
        default: return nil
        }
    }

    // MARK: Evaluation

    /// The value with symbols bound by `lookup` (then the constants `e`,
    /// `pi`, `π`), operation by operation as written; nil when a symbol is
    /// unbound. `sum` and `mean` of a number are the number (a reduction over
    /// rows needs the column data: the compiled program computes those).
    public func evaluate(_ lookup: (String) -> Double?) -> Double? {
        var memo = IdentityMemo<Double>()
        return evaluate(lookup, &memo)
    }

    public func evaluate(_ bindings: [String: Double]) -> Double? { evaluate { bindings[$0] } }

    private func evaluate(_ lookup: (String) -> Double?, _ memo: inout IdentityMemo<Double>) -> Double? {
        if let known = memo[ObjectIdentifier(self)] { return known }
        let value: Double
        switch kind {
        case .number(let x): value = x
        case .integer(let n): value = Double(n)
        case .symbol(let name):
            guard let x = lookup(name) ?? Expr.constantValues[name] else { return nil }
            value = x
        case .negate(let a):
            guard let x = a.evaluate(lookup, &memo) else { return nil }
            value = -x
        case .group(let a):
            guard let x = a.evaluate(lookup, &memo) else { return nil }
            value = x
        case .binary(let op, let a, let b):
            guard let x = a.evaluate(lookup, &memo), let y = b.evaluate(lookup, &memo) else { return nil }
            value = op.apply(x, y)
        case .call(let f, let args):
            var values: [Double] = []
            values.reserveCapacity(args.count)
            for arg in args {
                guard let x = arg.evaluate(lookup, &memo) else { return nil }
                values.append(x)
            }
            value = f.evaluate(values)
        }
        memo[ObjectIdentifier(self)] = value
        return value
    }

    // MARK: Canonical form

    /// The canonical expression (through the smart constructors); throws for
    /// a comparison, which has no algebra.
    public func canonical() throws(SymbolicError) -> Expr {
        var memo = IdentityMemo<Expr>()
        return try canonical(&memo)
    }

    private func canonical(_ memo: inout IdentityMemo<Expr>) throws(SymbolicError) -> Expr {
        if let known = memo[ObjectIdentifier(self)] { return known }
        let result: Expr
        switch kind {
        case .number(let x): result = .number(x)
        case .integer(let n): result = .number(Number.rational(n, 1))
        case .symbol(let name): result = .symbol(name == "π" ? "pi" : name)
        case .negate(let a): result = -(try a.canonical(&memo))
        case .group(let a): result = try a.canonical(&memo)
        case .binary(let op, let a, let b):
            let x = try a.canonical(&memo), y = try b.canonical(&memo)
            switch op {
            case .add: result = x + y
            case .subtract: result = x - y
            case .multiply: result = x * y
            case .divide: result = x / y
            case .power: result = .power(x, y)
            default: throw SymbolicError.noAlgebra(op.rawValue)
            }
        case .call(let f, let args):
            var values: [Expr] = []
            for arg in args { values.append(try arg.canonical(&memo)) }
            result = .call(f, values)
        }
        memo[ObjectIdentifier(self)] = result
        return result
    }

    // MARK: Names

    /// FNV-1a of the name's UTF-8 (`stringHash`), folded to one of 64 bits.
    private static func maskBit(_ name: String) -> UInt64 {
        maskBit(nameHash: stringHash(name))
    }

    private static func maskBit(nameHash: UInt64) -> UInt64 {
        1 << (nameHash % 64)
    }

    /// The mask bits of the names of `Constants.symbolic` (e, pi, π).
    private static let constantNamesMask: UInt64 = Constants.symbolic.keys.reduce(0) { $0 | maskBit($1) }

    /// True when some name of `names` occurs (a mask test first, then a walk).
    public func mentions(any names: Set<String>) -> Bool {
        var mask: UInt64 = 0
        for name in names { mask |= Formula.maskBit(name) }
        guard symbolMask & mask != 0 else { return false }
        return !freeSymbols.isDisjoint(with: names)
    }

    /// Every symbol that occurs.
    public var freeSymbols: Set<String> {
        // An explicit stack, not a recursive closure: the closure's captured
        // sets were boxed, and this runs each time a loss is resolved.
        // Capacity up front: growing a set from empty rehashed it at every
        // doubling, most of the cost for a loss of a few dozen nodes.
        var names = Set<String>(minimumCapacity: 8)
        var seen = IdentitySet()
        var pending: [Formula] = [self]
        while let f = pending.popLast() {
            switch f.kind {
            case .number, .integer: continue
            case .symbol(let s): names.insert(s)
            case .negate(let a), .group(let a):
                if seen.insert(ObjectIdentifier(f)) { pending.append(a) }
            case .binary(_, let a, let b):
                if seen.insert(ObjectIdentifier(f)) { pending.append(b); pending.append(a) }
            case .call(_, let args):
                if seen.insert(ObjectIdentifier(f)) { pending.append(contentsOf: args.reversed()) }
            }
        }
        return names
    }

    /// Every symbol replaced by its formula in `replacements`, all at once.
    public func substituting(_ replacements: [String: Formula]) -> Formula {
        if replacements.isEmpty { return self }
        var memo = IdentityMemo<Formula>()
        func walk(_ f: Formula) -> Formula {
            if let known = memo[ObjectIdentifier(f)] { return known }
            let result: Formula
            switch f.kind {
            case .number, .integer: result = f
            case .symbol(let s): result = replacements[s] ?? f
            case .negate(let a): result = .negate(walk(a))
            case .group(let a): result = .group(walk(a))
            case .binary(let op, let a, let b): result = .binary(op, walk(a), walk(b))
            case .call(let fn, let args): result = .call(fn, args.map(walk))
            }
            memo[ObjectIdentifier(f)] = result
            return result
        }
        return walk(self)
    }

    /// True when some call of `function` occurs.
    public func calls(_ function: BuiltinFunction) -> Bool {
        var seen = IdentitySet()
        func walk(_ f: Formula) -> Bool {
            guard seen.insert(ObjectIdentifier(f)) else { return false }
            switch f.kind {
            case .number, .integer, .symbol: return false
            case .negate(let a), .group(let a): return walk(a)
            case .binary(_, let a, let b): return walk(a) || walk(b)
            case .call(let fn, let args): return fn == function || args.contains(where: walk)
            }
        }
        return walk(self)
    }

    // MARK: Printing

    public var description: String {
        var text = ""
        render(into: &text)
        return text
    }

    var printedPrecedence: Int {
        switch kind {
        case .number(let x): return x.sign == .minus && !x.isNaN ? Precedence.unary : Precedence.atom
        case .integer(let n): return n < 0 ? Precedence.unary : Precedence.atom
        case .symbol, .call, .group: return Precedence.atom
        case .negate: return Precedence.unary
        case .binary(let op, _, _): return op.precedence
        }
    }

    /// A negated number literal (`-1`): the one signed form an exponent takes
    /// without parentheses (`x^-1`).
    private var isSignedNumber: Bool {
        if case .negate(let a) = kind, a.numberValue != nil { return true }
        if let x = numberValue { return x.sign == .minus && !x.isNaN }
        return false
    }

    /// Appends the printed form to `text`: one string for the whole formula
    /// (each node returning its own text copied a sum's left operand once
    /// per term that followed).
    private func render(into text: inout String) {
        func wrapped(_ f: Formula, when needed: Bool) {
            if needed {
                text += "("
                f.render(into: &text)
                text += ")"
            } else {
                f.render(into: &text)
            }
        }
        switch kind {
        case .number(let x): text += formatNumber(x)
        case .integer(let n): text += String(n)
        case .symbol(let s): text += s
        case .group(let a): wrapped(a, when: true)
        case .call(let f, let args):
            text += f.name
            text += "("
            for (i, arg) in args.enumerated() {
                if i > 0 { text += ", " }
                arg.render(into: &text)
            }
            text += ")"
        case .negate(let a):
            text += "-"
            wrapped(a, when: a.printedPrecedence < Precedence.unary)
        case .binary(let op, let a, let b):
            let p = op.precedence
            if op == .power {
                wrapped(a, when: a.printedPrecedence <= p)
                text += "^"
                wrapped(b, when: b.printedPrecedence < p && !b.isSignedNumber)
                return
            }
            wrapped(a, when: a.printedPrecedence < p)
            switch op {
            case .multiply, .divide: text += op.rawValue
            default: text += " " + op.rawValue + " "
            }
            wrapped(b, when: b.printedPrecedence <= p)
        }
    }
}

/// The C library's `pow(a, b)`, always called: Python's `**` on floats.
///
/// LLVM rewrites `pow(x, 2.0)` with a constant 2 into `x*x` even without
/// fast-math, which is not the same double: keeping the call out of line and
/// unoptimised hides the exponent, so a literal 2 never changes a value.
@inline(never) @_optimize(none)
public func pythonPower(_ a: Double, _ b: Double) -> Double {
    Foundation.pow(a, b)
}
