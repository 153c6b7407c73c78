import Core
import Diagnostics
import Foundation
import Testing
@testable import Interpreter

/// No input, however malformed, may crash, hang or trap gd: every input
/// gives a value (or nothing, for a binding) or a located error.
@Suite struct RobustnessTests {

    static let corpus = [
        "f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10", "f(4.4)", "g(x, y) = 4x^2 + y^2", "grad(g)(1, 2)",
        "diff(10x^3*y^2 + 5x*y^3 + 4x + y, x)", "v = [1, 2, 3]; v[1:3]", "m = [[1, 2], [3, 4]]; m @ [1, 1]",
        "descend f from 4 rate 0.3 steps 19", "minimize f from [1, 2] method nelder-mead", "plot f from 1 to 6.75",
        "D = table(x = [2, 3, 5, 8], y = [3, 6, 5, 12])", "D.x", "softmax([3.2, 5.1, -1.7])", "hinge([1, 2], 0)",
        "explain diff(ln(σ(a*x + b)), a)", "subs(x^2, x = 3)", "latex(x^2/2)", "1e999; 0/0", "help sin", "who",
        "loss(θ) = (θ - 2)^2", "loss'(5)", "head(D, 2)", "zeros(3) + ones(3)", "mean([1, 2] == [1, 3])", "x = 3; x(x+1)",
    ]
    static let fragments = ["(", ")", "[", "]", ",", "+", "-", "*", "/", "^", "'", "\"", "=", "==", ";", ":", ".", "\\", "\n",
                            "x", "f", "θ", "1e", "9", "0", "-1", "from", "rate", "steps", "grad", "diff", "[[", "]]", "#", "σ", "∇", "é", " "]

    private func mutate(_ text: String, _ random: inout SplitMix64) -> String {
        var characters = Array(text)
        for _ in 0...random.below(4) {
            let position = characters.isEmpty ? 0 : random.below(characters.count + 1)
            switch random.below(3) {
            case 0:
                characters.insert(contentsOf: Array(Self.fragments[random.below(Self.fragments.count)]), at: position)
            case 1:
                if position < characters.count { characters.remove(at: position) }
            default:
                if position < characters.count { characters[position] = Array(Self.fragments[random.below(Self.fragments.count)]).first ?? " " }
            }
        }
        return String(characters)
    }

    @Test func randomAndMutatedInputsGiveAValueOrALocatedError() {
        var random = SplitMix64(state: 20_261_121)
        var checked = 0
        for round in 0..<3000 {
            let base = Self.corpus[round % Self.corpus.count]
            let input: String
            if round % 10 == 9 {
                input = (0..<random.below(40)).map { _ in Self.fragments[random.below(Self.fragments.count)] }.joined()
            } else {
                input = mutate(base, &random)
            }
            var errors = ""
            let session = Session(output: { _ in }, errors: { errors += $0 })
            let outcome = session.run(SourceFile(displayName: "t", text: input))
            if outcome == .failed {
                let located = errors.range(of: #"t:\d+:\d+: error: "#, options: .regularExpression) != nil
                    || errors.hasPrefix("t: error: ")
                #expect(located, "input \(input.debugDescription) gave an unlocated error: \(errors)")
            } else {
                #expect(outcome == .completed, "input \(input.debugDescription)")
            }
            checked += 1
        }
        #expect(checked == 3000)
    }

    @Test func deepNestingAndRecursionAreErrors() {
        var errors = ""
        let session = Session(output: { _ in }, errors: { errors += $0 })
        let nested = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(session.run(SourceFile(displayName: "t", text: nested)) == .failed)
        #expect(errors.contains("nested too deeply"))
        errors = ""
        #expect(session.run(SourceFile(displayName: "t", text: "g(x) = g(x) + 1\ng(1)")) == .failed)
        #expect(errors.contains("calls nested more than"))
        errors = ""
        #expect(session.run(SourceFile(displayName: "t", text: "h(x) = -h(x)\nk(x) = h(x)*2\nk(2)")) == .failed)
        #expect(errors.contains("nested more than"))
    }

    @Test func aFailedStatementKeepsEveryBinding() {
        let session = Session(output: { _ in }, errors: { _ in })
        session.run(SourceFile(displayName: "t", text: "a = 1\nf(x) = x + a"))
        #expect(session.run(SourceFile(displayName: "t", text: "a = foo(2)")) == .failed)
        #expect(session.run(SourceFile(displayName: "t", text: "f(x) = (")) == .failed)
        guard case .number(let a)? = session.environment.globals["a"], case .function(.user(let f))? = session.environment.globals["f"] else {
            Issue.record("bindings were lost")
            return
        }
        #expect(a == 1)
        #expect(f.body.description == "x + a")
    }

    @Test func interactiveSessionsAskForMoreInsideBrackets() {
        let session = Session(isInteractive: true, output: { _ in }, errors: { _ in })
        #expect(session.run(SourceFile(displayName: nil, text: "v = [1,")) == .incomplete)
        #expect(session.run(SourceFile(displayName: nil, text: "x = 1 + \\")) == .incomplete)
        #expect(session.run(SourceFile(displayName: nil, text: "x = 1 +")) == .failed)
        #expect(session.run(SourceFile(displayName: nil, text: "v = [1,\n2]")) == .completed)
    }
}
