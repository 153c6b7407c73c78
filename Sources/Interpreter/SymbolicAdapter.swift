import Core
import Diagnostics
import Symbolic

/// The interpreter's calls into the Symbolic module, in one place, with
/// Symbolic's errors turned into located diagnostics.
enum SymbolicAdapter {
    /// Largest expression (in nodes) an n-th derivative may grow to. Nested
    /// functions grow exponentially with the order (the 30th derivative of
    /// σ(σ(σ(x))) would not finish); past this size gd stops and says so.
    static let derivativeSizeLimit = 20_000

    /// The `order`-th derivative, one order at a time: stops at 0, checks
    /// the size after each order and polls Ctrl-C between them.
    static func derivative(_ e: Expr, _ variable: String, order: Int, at range: SourceRange) throws -> Expr {
        guard (0...100).contains(order) else {
            throw Diagnostic(.invalidArgument, "the order of a derivative is a whole number from 0 to 100", at: range)
        }
        var result = e
        for n in stride(from: 1, through: order, by: 1) {
            if result.isZero { break }
            if Interrupt.isRequested { throw Diagnostic(.interrupted, "interrupted while taking derivative \(n) of \(order)", at: range) }
            result = result.derivative(withRespectTo: variable)
            if result.nodeCount > derivativeSizeLimit {
                throw Diagnostic(.invalidArgument, "derivative \(n) of \(order) has grown past \(derivativeSizeLimit) terms; gd stops here", at: range,
                                 notes: ["nested functions grow quickly with each derivative; ask for a lower order"])
            }
        }
        return result
    }

    static func gradient(_ e: Expr, _ variables: [String], at range: SourceRange) throws -> [Expr] {
        e.gradient(withRespectTo: variables)
    }

    static func hessian(_ e: Expr, _ variables: [String], at range: SourceRange) throws -> [[Expr]] {
        e.hessian(withRespectTo: variables)
    }

    static func simplify(_ e: Expr, at range: SourceRange) throws -> Expr { e.simplified() }
    static func expand(_ e: Expr, at range: SourceRange) throws -> Expr { e.expanded() }
    static func latex(_ e: Expr, at range: SourceRange) throws -> String { e.latex }

    /// The derivation over the formula as written (`explain` walks the
    /// user's own terms), ending at what `diff` prints.
    static func explain(_ e: SymbolicValue, _ variable: String, at range: SourceRange) throws -> String {
        do {
            return DerivationStep.render(try e.formula.derivation(withRespectTo: variable))
        } catch {
            throw Diagnostic(.typeMismatch, "comparisons have no algebra: this expression gives true or false", at: range)
        }
    }

    static func substitute(_ e: Expr, _ replacements: [String: Expr]) -> Expr { e.substituting(replacements) }
    static func freeSymbols(_ e: Expr) -> Set<String> { e.freeSymbols }

    static func evaluate(_ e: Expr, _ bindings: [String: Double], at range: SourceRange) throws -> Double {
        guard let value = e.evaluate(bindings) else {
            let unbound = e.freeSymbols.subtracting(bindings.keys).subtracting(Expr.constantValues.keys).sorted()
            throw Diagnostic(.unknownName, "cannot evaluate: \(unbound.map { "'\($0)'" }.joined(separator: ", ")) \(unbound.count == 1 ? "is" : "are") not bound", at: range)
        }
        return value
    }
}
