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
        guard case .function(.user(let f))? = session.globals[name] else {
            Issue.record("\(name) is not defined")
            throw Diagnostic(.unknownName, "\(name)", at: SourceRange(0, 0))
        }
        return f
    }

    @Test func symbolicInliningReusesCallsWithoutChangingTheResult() throws {
        let session = try session()
        let f = try function("F", in: session)
        let bindings: [String: Expr] = ["a": .symbol("a"), "b": .symbol("b")]
        var reused = Session.InlinedCalls()
        var fresh = Session.InlinedCalls()
        fresh.reuses = false
        let once = try session.symbolicExpression(f.body, bindings, Scope(), depth: 0, &reused)
        let everyTime = try session.symbolicExpression(f.body, bindings, Scope(), depth: 0, &fresh)
        #expect(once == everyTime)
        #expect(reused.entries.count >= 6 && fresh.entries.count >= 6)
    }

    @Test func compiledInliningReusesCallsWithoutChangingTheProgram() throws {
        let session = try session()
        let f = try function("F", in: session)
        func program(reusing: Bool) throws -> Program {
            var b = ProgramBuilder(parameterCount: 2, columnCount: 1)
            let names: [String: Register] = ["c": b.column(0), "a": b.parameter(0), "b": b.parameter(1)]
            var compiler = SyntaxCompiler(session: session)
            compiler.reusesInlinedCalls = reusing
            let output = try compiler.compile(f.body, &b, names, depth: 0)
            return try b.build(outputs: [output])
        }
        let once = try program(reusing: true), everyTime = try program(reusing: false)
        #expect(once.operationCount == everyTime.operationCount)
        #expect(once.description == everyTime.description)
    }

    @Test func reuseRespectsTheNestingLimit() throws {
        // k is compiled near the top first; reached again through a chain of
        // 90 calls it would nest too deeply, and a reuse must refuse it too
        // (then the interpreter evaluates the formula).
        var text = "k(y) = " + String(repeating: "(", count: 30) + "y" + String(repeating: " + 1)", count: 30) + "\n"
        text += "w90(y) = k(y)\n"
        for level in stride(from: 89, through: 1, by: -1) { text += "w\(level)(y) = w\(level + 1)(y) + 1\n" }
        text += "F(y) = k(y) + w1(y)\n"
        let session = Session(output: { _ in }, errors: { _ in })
        #expect(session.run(SourceFile(displayName: "t", text: text)) == .completed)
        let f = try function("F", in: session)
        for reusing in [true, false] {
            var b = ProgramBuilder(parameterCount: 1)
            var compiler = SyntaxCompiler(session: session)
            compiler.reusesInlinedCalls = reusing
            let y = b.parameter(0)
            #expect(throws: CompiledObjective.Unsupported.self) {
                _ = try compiler.compile(f.body, &b, ["y": y], depth: 0)
            }
        }
        // Without the chain, k alone compiles.
        var b = ProgramBuilder(parameterCount: 1)
        var compiler = SyntaxCompiler(session: session)
        let y = b.parameter(0)
        _ = try compiler.compile(try function("k", in: session).body, &b, ["y": y], depth: 0)
    }
}
