import Diagnostics
import Numeric
import Symbolic
import Syntax
import Testing
@testable import Interpreter

/// Calls of user functions are inlined once per function and arguments, both
/// into symbolic expressions and into compiled programs; reusing them must
/// give exactly what inlining every call again gives.
@Suite struct InlinedCallTests {
    /// Chebyshev polynomials by their recurrence (a Fibonacci number of calls),
    /// a helper that sees a column and its caller's parameter, and a formula
    /// that calls them with repeated and distinct arguments.
    static let script = """
        D = table(c = [1, 2, 3])
        T1(y) = y
        T2(y) = 2*y*T1(y) - 1
        T3(y) = 2*y*T2(y) - T1(y)
        T4(y) = 2*y*T3(y) - T2(y)
        T5(y) = 2*y*T4(y) - T3(y)
        T6(y) = 2*y*T5(y) - T4(y)
        h(u) = u*c + T3(u)/4
        F(a, b) = (T6(2*a - 1) + T6(2*b - 1) + T5(a)*T4(b))^2 + h(a - b) + h(b)^2 + T2(T3(a))
        """

    private func session() throws -> Session {
        let session = Session(output: { _ in }, errors: { _ in })
        #expect(session.run(SourceFile(displayName: "t", text: Self.script)) == .completed)
        return session
    }

    private func function(_ name: String, in session: Session) throws -> UserFunction {
        guard case .function(.user(let f))? = session.environment.globals[name] else {
            Issue.record("\(name) is not defined")
            throw Diagnostic(.unknownName, "\(name)", at: SourceRange(0, 0))
        }
        return f
    }

    private func evaluate(_ text: String, _ session: Session, _ scope: Scope) throws -> Value {
        try session.evaluator.evaluate(Parser.parseExpression(SourceFile(displayName: "t", text: text)), scope)
    }

    @Test func inlinedFormulaGivesTheDirectValues() throws {
        let session = try session()
        // F's formula, its helpers inlined (each T_k once per argument), with c a per-row symbol.
        var symbolic = Scope(columnsAsSymbols: true)
        symbolic.columns["c"] = .symbolic(.symbol("c"))
        guard case .symbolic(let formula) = try evaluate("F(p, q)", session, symbolic) else {
            Issue.record("F(p, q) is not symbolic")
            return
        }
        #expect(formula.canonical != nil)
        for (a, b) in [(0.3, -0.2), (0.9, 0.4), (-1.5, 2.25)] {
            let direct = try evaluate("F(\(a), \(b))", session, Scope(columns: ["c": .vector([1, 2, 3])]))
            let viaFormula = try session.evaluator.evaluate(formula.formula, ["p": .number(a), "q": .number(b), "c": .vector([1, 2, 3])],
                                                  at: SourceRange(0, 0))
            guard case .vector(let x) = direct, case .vector(let y) = viaFormula else {
                Issue.record("F over the column c should be a vector of rows")
                return
            }
            #expect(x.map(\.bitPattern) == y.map(\.bitPattern))
        }
    }

    @Test func deepChainsOfCallsCompile() throws {
        var text = "k(y) = " + String(repeating: "(", count: 30) + "y" + String(repeating: " + 1)", count: 30) + "\n"
        text += "w90(y) = k(y)\n"
        for level in stride(from: 89, through: 1, by: -1) { text += "w\(level)(y) = w\(level + 1)(y) + 1\n" }
        text += "F(y) = k(y) + w1(y)\n"
        text += "r = minimize F from 1 method nelder-mead maxiter 1\n"
        var output = ""
        let session = Session(output: { output += $0 }, errors: { output += $0 })
        #expect(session.run(SourceFile(displayName: "t", text: text)) == .completed, "\(output)")
    }
}
