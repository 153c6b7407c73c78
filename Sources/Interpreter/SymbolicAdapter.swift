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

    /// The same bound holds for every result the rules of differentiation
    /// build before simplification: it bounds the work of differentiating a
    /// formula nested thousands deep (its derivative has about N²/2 nodes,
    /// see `Expr.derivative(withRespectTo:nodeLimit:)`; 12,000 nested sines
    /// took hours, and are refused after about 200 levels). Simplification
    /// rarely shrinks a derivative much, so no result gd used to show is lost
    /// (the golden scripts' derivatives are all far smaller).
    static let rawDerivativeSizeLimit = derivativeSizeLimit

    /// Runs a bounded derivative, with Symbolic's refusals as located
    /// diagnostics; `what` names the derivative in the message.
    private static func bounded<Result>(_ what: String, at range: SourceRange, higherOrder: Bool = false,
                                        _ work: () throws -> Result) throws -> Result {
        do {
            return try work()
        } catch is Interrupted {
            throw Diagnostic(.interrupted, "interrupted while taking \(what)", at: range, severity: .warning)
        } catch SymbolicError.derivativeTooLarge {
            throw tooLarge(what, at: range, higherOrder: higherOrder)
        }
    }

    private static func tooLarge(_ what: String, at range: SourceRange, higherOrder: Bool = false) -> Diagnostic {
        Diagnostic(.invalidArgument, "\(what) has grown past \(derivativeSizeLimit) terms; gd stops here", at: range,
                   notes: [higherOrder ? "nested functions grow quickly with each derivative; ask for a lower order"
                                       : "by the chain rule, a formula nested N deep has a derivative of N factors, each as deep"])
    }

    /// The `order`-th derivative, one order at a time: stops at 0, checks
    /// the size after each order and polls Ctrl-C between them.
    static func derivative(_ e: Expr, _ variable: String, order: Int, at range: SourceRange) throws -> Expr {
        guard (0...100).contains(order) else {
            throw Diagnostic(.invalidArgument, "the order of a derivative is a whole number from 0 to 100", at: range)
        }
        var result = e
        for n in stride(from: 1, through: order, by: 1) {
            if result.isZero { break }
            let what = order == 1 ? "the derivative" : "derivative \(n) of \(order)"
            let previous = result
            result = try bounded(what, at: range, higherOrder: n > 1) {
                try previous.derivative(withRespectTo: variable, nodeLimit: rawDerivativeSizeLimit)
            }
            if result.nodeCount > derivativeSizeLimit { throw tooLarge(what, at: range, higherOrder: n > 1) }
        }
        return result
    }

    static func gradient(_ e: Expr, _ variables: [String], at range: SourceRange) throws -> [Expr] {
        try bounded("the gradient", at: range) { try e.gradient(withRespectTo: variables, nodeLimit: rawDerivativeSizeLimit) }
    }

    static func hessian(_ e: Expr, _ variables: [String], at range: SourceRange) throws -> [[Expr]] {
        try bounded("the Hessian", at: range) { try e.hessian(withRespectTo: variables, nodeLimit: rawDerivativeSizeLimit) }
    }

    /// The most nodes, written out, of a formula `explain` walks.
    static let explainableNodes = derivativeSizeLimit

    static func simplify(_ e: Expr, at range: SourceRange) throws -> Expr { e.simplified() }
    static func expand(_ e: Expr, at range: SourceRange) throws -> Expr { e.expanded() }
    static func latex(_ e: Expr, at range: SourceRange) throws -> String { e.latex }

    /// The derivation over the formula as written (`explain` walks the
    /// user's own terms), ending at what `diff` prints. The derivative is
    /// first taken bounded, as `diff` takes it, so a formula nested
    /// thousands deep is refused before the walk starts.
    static func explain(_ e: SymbolicValue, _ variable: String, at range: SourceRange) throws -> String {
        guard let canonical = e.canonical else {
            throw Diagnostic(.typeMismatch, "comparisons have no algebra: this expression gives true or false", at: range)
        }
        _ = try bounded("the derivative", at: range) {
            try canonical.derivative(withRespectTo: variable, nodeLimit: rawDerivativeSizeLimit)
        }
        // The walk shows every sub-formula as written: a formula that repeats
        // itself (`a = a - a + x`, 40 times: canonically x, 2^40 nodes written
        // out) would never finish, and a long one is not read step by step.
        if e.formula.nodeCount > explainableNodes {
            throw Diagnostic(.invalidArgument, "this expression has more than \(explainableNodes) terms written out; too many to explain step by step", at: range,
                             notes: ["explain a smaller part of it; diff gives the derivative without the steps"])
        }
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
