import Diagnostics
import Symbolic

/// A symbolic value: an expression with unbound names.
///
/// It carries the formula as written (`Formula`: what substituting numbers
/// evaluates and what the compiler compiles, so values match Python's) and
/// its canonical form (`Expr`: what prints and what the calculus works on).
/// For a result of calculus (`diff`, `simplify`, …) the formula is the
/// canonical form's layout, the tree its printed text reads as. A
/// comparison has a formula but no canonical form.
public struct SymbolicValue: Sendable {
    public let formula: Formula
    /// The canonical form when it was given (a result of algebra); otherwise
    /// it is folded from the formula when first asked for.
    private let givenCanonical: Expr?

    /// The canonical form: what prints, and what calculus works on; nil for
    /// a comparison. Folded from the formula through the smart constructors
    /// (`Formula.canonical`) unless given: evaluation builds formulas only,
    /// and pays for the algebra only where a result is printed or
    /// differentiated (an optimisation command that reuses a compiled
    /// objective never does).
    public var canonical: Expr? { givenCanonical ?? (try? formula.canonical()) }

    public init(formula: Formula, canonical: Expr?) {
        self.formula = formula
        self.givenCanonical = canonical
    }

    /// A formula whose canonical form is folded when needed.
    public init(formula: Formula) {
        self.formula = formula
        self.givenCanonical = nil
    }

    /// A result of algebra: printed, evaluated and compiled as printed.
    public init(_ expr: Expr) {
        formula = expr.layout
        givenCanonical = expr
    }

    /// A name or a number: their canonical forms cost as much to fold when
    /// asked for as to build now, and evaluation asks for none (building
    /// them eagerly was a third of resolving a loss for `descend`).
    public static func symbol(_ name: String) -> SymbolicValue {
        SymbolicValue(formula: .symbol(name))
    }

    public static func number(_ x: Double) -> SymbolicValue {
        SymbolicValue(formula: .number(x))
    }

    /// The most nodes an expression may have, written out as a tree, to be
    /// printed or shown in LaTeX (`Expr.maximumResultNodes`: printing a
    /// million nodes helps no one). One built by repeated self-reference
    /// (`a = a*sin(a)`, 40 times) shares its parts in memory but is 2^40
    /// nodes written out: printing it would never end. Both forms count
    /// their size at construction (`Expr.nodeCount`, `Formula.nodeCount`),
    /// so asking costs nothing.
    public static let printableNodes = Expr.maximumResultNodes

    /// True when what prints (the canonical form, or the formula of a
    /// comparison, which has none) is larger than `printableNodes`.
    public var isTooLargeToPrint: Bool { isTooLargeToPrint(canonical) }

    private func isTooLargeToPrint(_ canonical: Expr?) -> Bool {
        (canonical?.nodeCount ?? formula.nodeCount) > SymbolicValue.printableNodes
    }

    /// The gd text of the canonical form; a placeholder for one too large
    /// to print (in a vector, a record, `who`: a statement that prints one
    /// alone is an error instead).
    public var description: String {
        let canonical = self.canonical  // folded from the formula once, not once a question
        if isTooLargeToPrint(canonical) { return SymbolicValue.tooLargePlaceholder }
        return canonical?.description ?? formula.description
    }

    static let tooLargePlaceholder = "<expression: more than \(printableNodes) terms written out>"

    /// `expr` as a value, unless it is too large to print (a result of
    /// calculus on an expression built by repeated self-reference): its
    /// printed layout is computed now, and would never end.
    static func result(_ expr: Expr, at range: SourceRange) throws -> SymbolicValue {
        if expr.nodeCount > printableNodes { throw tooLarge(at: range) }
        return SymbolicValue(expr)
    }

    static func tooLarge(at range: SourceRange) -> Diagnostic {
        Diagnostic(.invalidArgument, "this expression has more than \(printableNodes) terms written out; gd does not print or rewrite it", at: range,
                   notes: [repeatsItselfNote])
    }

    static let repeatsItselfNote = "it repeats parts of itself (as a = a*sin(a) does each time): evaluate it at numbers with subs, or work on a smaller part"

    /// True for a formula as the user wrote it (not a result of algebra):
    /// `latex` shows it in the user's order and with their decimals.
    public var isAsWritten: Bool { givenCanonical == nil }

    /// True when no name is free but `e` and `pi`: a constant, whose value
    /// is its formula's.
    public var isConstant: Bool { formula.isConstant }

    /// The value of a constant, as written.
    public var constantValue: Double? { isConstant ? formula.evaluate { _ in nil } : nil }

    /// Numbers put in for symbols, in both forms.
    public func substituting(_ replacements: [String: SymbolicValue]) -> SymbolicValue {
        let formula = self.formula.substituting(replacements.mapValues(\.formula))
        guard let canonical else { return SymbolicValue(formula: formula, canonical: nil) }
        var exprs: [String: Expr] = [:]
        for (name, value) in replacements {
            guard let e = value.canonical else { return SymbolicValue(formula: formula, canonical: nil) }
            exprs[name] = e
            if name == "π" { exprs["pi"] = e }
        }
        return SymbolicValue(formula: formula, canonical: canonical.substituting(exprs))
    }
}

/// A vector or matrix of symbolic values, row-major.
public struct ExpressionArray: Sendable {
    /// Nil for a vector.
    public var rows: Int?
    public var columns: Int
    public var elements: [SymbolicValue]

    public static func vector(_ elements: [SymbolicValue]) -> ExpressionArray {
        ExpressionArray(rows: nil, columns: elements.count, elements: elements)
    }

    public static func matrix(_ rows: [[SymbolicValue]]) -> ExpressionArray {
        ExpressionArray(rows: rows.count, columns: rows.first?.count ?? 0, elements: rows.flatMap { $0 })
    }

    public var rowArrays: [[SymbolicValue]] {
        guard let rows, columns > 0 else { return [elements] }
        return (0..<rows).map { Array(elements[($0 * columns)..<(($0 + 1) * columns)]) }
    }

    public func map(_ transform: (SymbolicValue) throws -> SymbolicValue) rethrows -> ExpressionArray {
        ExpressionArray(rows: rows, columns: columns, elements: try elements.map(transform))
    }

    public var description: String {
        if rows == nil { return "[" + elements.map(\.description).joined(separator: ", ") + "]" }
        return "[" + rowArrays.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }
}
