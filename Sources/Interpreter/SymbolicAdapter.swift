import Diagnostics
import Symbolic

/// The interpreter's calls into the Symbolic module, in one place, with
/// Symbolic's errors turned into located diagnostics.
enum SymbolicAdapter {
    static func unavailable(_ what: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.notAvailableYet, "\(what) is not available yet", at: range)
    }

    static func derivative(_ e: Expr, _ variable: String, order: Int, at range: SourceRange) throws -> Expr {
        throw unavailable("diff", at: range)
    }

    static func gradient(_ e: Expr, _ variables: [String], at range: SourceRange) throws -> [Expr] {
        throw unavailable("grad", at: range)
    }

    static func hessian(_ e: Expr, _ variables: [String], at range: SourceRange) throws -> [[Expr]] {
        throw unavailable("hessian", at: range)
    }

    static func simplify(_ e: Expr, at range: SourceRange) throws -> Expr { throw unavailable("simplify", at: range) }
    static func expand(_ e: Expr, at range: SourceRange) throws -> Expr { throw unavailable("expand", at: range) }
    static func latex(_ e: Expr, at range: SourceRange) throws -> String { throw unavailable("latex", at: range) }
    static func explain(_ e: Expr, _ variable: String, at range: SourceRange) throws -> String { throw unavailable("explain", at: range) }
    static func substitute(_ e: Expr, _ replacements: [String: Expr]) -> Expr { e }
    static func freeSymbols(_ e: Expr) -> Set<String> { [] }
    static func evaluate(_ e: Expr, _ bindings: [String: Double], at range: SourceRange) throws -> Double {
        throw unavailable("evaluating a symbolic expression", at: range)
    }
}
