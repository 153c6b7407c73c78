import Diagnostics
import Symbolic

/// The interpreter's calls into the Symbolic module, in one place, with
/// Symbolic's errors turned into located diagnostics.
enum SymbolicAdapter {
    static func derivative(_ e: Expr, _ variable: String, order: Int, at range: SourceRange) throws -> Expr {
        do {
            return try e.derivative(withRespectTo: variable, order: order)
        } catch {
            throw Diagnostic(.invalidArgument, error.description, at: range)
        }
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

    static func explain(_ e: Expr, _ variable: String, at range: SourceRange) throws -> String {
        DerivationStep.render(e.derivation(withRespectTo: variable))
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
