import Core
import Diagnostics
import Syntax
import Testing
@testable import Interpreter

/// Inputs deep enough to overflow an 8 MiB stack (the fuzzer's findings)
/// end in a value or a located error: statements run on a large stack
/// (`LargeStack`) and the parser refuses what is deeper still.
@Suite struct DeepInputTests {
    private func run(_ text: String) -> (Session.Outcome, output: String, errors: String) {
        var output = "", errors = ""
        let session = Session(output: { output += $0 }, errors: { errors += $0 })
        let outcome = session.run(SourceFile(displayName: "t", text: text))
        return (outcome, output, errors)
    }

    @Test func aLongFlatSumEvaluates() {
        let (outcome, output, _) = run(Array(repeating: "1", count: 20_000).joined(separator: "+"))
        #expect(outcome == .completed)
        #expect(output == "20000\n")
    }

    @Test func aStatementWithTooManyOperatorsIsALocatedError() {
        let (outcome, _, errors) = run(Array(repeating: "1", count: Parser.maximumOperators + 2).joined(separator: "+"))
        #expect(outcome == .failed)
        #expect(errors.hasPrefix("t:1:"))
        #expect(errors.contains("statement too long"))
    }

    @Test func aDeepIndexChainAndTimePrefixesAreErrors() {
        let index = run("v = [1]\nv" + String(repeating: "[0]", count: 6_000))
        #expect(index.0 == .failed)
        #expect(index.errors.hasPrefix("t:2:1: error:"))
        let time = run(String(repeating: "time ", count: 4_000) + "1")
        #expect(time.0 == .failed)
        #expect(time.errors.contains("nested too deeply"))
    }

    /// The session, and with it an expression 40,000 deep, is freed when the
    /// test ends: on a large stack (`Session.deinit`), not this thread's.
    @Test func aDeepExpressionIsBuiltAndFreed() {
        let (outcome, output, _) = run("a = x\n" + String(repeating: "a = sin(a)\n", count: 40_000) + "1")
        #expect(outcome == .completed)
        #expect(output == "1\n")
    }
}

/// Ctrl-C during a long linear-algebra built-in stops it with a located
/// warning, and the session goes on with its bindings as they were.
@Suite struct LinearAlgebraInterruptTests {
    @Test(arguments: ["B = inv(A)", "B = linsolve(A, x)", "B = lstsq(A, x)"])
    func interruptingASolveKeepsTheSession(_ statement: String) {
        var output = "", errors = ""
        let session = Session(isInteractive: true, output: { output += $0 }, errors: { errors += $0 })
        let setUp = "x = linspace(1, 30, 30)\nA = (transpose(x) == x) * 30 + sin(transpose(x) * x)"
        #expect(session.run(SourceFile(displayName: "t", text: setUp)) == .completed)
        let outcome = Interrupt.$simulation.withValue({ true }) {
            session.run(SourceFile(displayName: "t", text: statement))
        }
        #expect(outcome == .interrupted)
        let name = statement.dropFirst(4).prefix { $0 != "(" }
        #expect(errors.hasPrefix("t:1:5: warning: interrupted during \(name)\n"), "\(errors)")
        // B stays unbound (an unbound name prints as itself); A is kept.
        #expect(session.run(SourceFile(displayName: "t", text: "B\nA[0, 0]")) == .completed)
        #expect(output == "B\n30.841470984807895\n")  // 30 + sin(1)
    }
}

/// Ctrl-C inside a derivative (polled at every node of the formula) stops
/// it with a located warning.
@Test func interruptingADerivativeIsALocatedWarning() {
    var errors = ""
    let session = Session(isInteractive: true, output: { _ in }, errors: { errors += $0 })
    let outcome = Interrupt.$simulation.withValue({ true }) {
        session.run(SourceFile(displayName: "t", text: "d = diff(sin(x)^2, x)"))
    }
    #expect(outcome == .interrupted)
    #expect(errors.hasPrefix("t:1:5: warning: interrupted while taking the derivative\n"), "\(errors)")
}

/// Calls that multiply without nesting deep (k40(x) = k39(k39(x)), …: 2^40
/// calls of sin) stop at Ctrl-C, polled at every call of a user function.
@Test func interruptingCallsThatMultiplyIsALocatedWarning() {
    var errors = ""
    let session = Session(isInteractive: true, output: { _ in }, errors: { errors += $0 })
    let definitions = ["k0(x) = sin(x)"] + (1...40).map { "k\($0)(x) = k\($0 - 1)(k\($0 - 1)(x))" }
    #expect(session.run(SourceFile(displayName: "t", text: definitions.joined(separator: "\n"))) == .completed)
    for call in ["k40(0.5)", "k40(y)"] {
        errors = ""
        let outcome = Interrupt.$simulation.withValue({ true }) {
            session.run(SourceFile(displayName: "t", text: call))
        }
        #expect(outcome == .interrupted)
        #expect(errors.hasPrefix("t:1:1: warning: interrupted while calling 'k"), "\(errors)")
    }
}
