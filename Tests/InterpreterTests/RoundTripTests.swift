import Core
import Diagnostics
import Foundation
import Symbolic
import Syntax
import Testing
@testable import Interpreter

/// Printing round-trips through the real parser: a symbolic result, printed
/// in gd syntax and read back by gd, is the same expression; so is every
/// derivative gd prints. Random expressions from a fixed seed.
@Suite struct RoundTripTests {

    /// A random gd expression over x, y, θ0 as source text.
    static func randomExpression(_ random: inout SplitMix64, depth: Int) -> String {
        let leaves = ["x", "y", "θ0", "2", "3", "0.5", "7", "1/10"]
        if depth == 0 || random.below(4) == 0 { return leaves[random.below(leaves.count)] }
        let a = randomExpression(&random, depth: depth - 1)
        let b = randomExpression(&random, depth: depth - 1)
        switch random.below(9) {
        case 0: return "(\(a)) + (\(b))"
        case 1: return "(\(a)) - (\(b))"
        case 2: return "(\(a))*(\(b))"
        case 3: return "(\(a))/(\(b))"
        case 4: return "(\(a))^\(random.below(4) + 1)"
        case 5: return "-(\(a))"
        case 6: return "exp(\(a))"
        case 7: return "σ(\(a))"
        default: return "ln(\(a))"
        }
    }

    /// Parses gd text and converts the tree to a symbolic expression as
    /// the calculus forms do (unbound names stay symbols; nothing is
    /// evaluated numerically).
    private func value(_ text: String, in session: Session) throws -> Expr? {
        guard let tree = try? Parser.parseExpression(SourceFile(displayName: "t", text: text)),
              let value = try? session.evaluator.evaluate(tree, Scope(columnsAsSymbols: true)) else { return nil }
        if case .number(let x) = value { return .number(x) }
        guard case .symbolic(let e) = value else { return nil }
        return e.canonical
    }

    @Test func printedExpressionsAndDerivativesReadBackEqual() throws {
        var random = SplitMix64(state: 42)
        let session = Session(output: { _ in }, errors: { _ in })
        var checked = 0
        for _ in 0..<400 {
            let source = Self.randomExpression(&random, depth: 4)
            guard let original = try value(source, in: session) else { continue }
            let reread = try value(original.description, in: session)
            #expect(reread == original, "\(source) printed as \(original.description) reads back as \(reread?.description ?? "an error")")
            for variable in ["x", "θ0"] {
                let derivative = original.derivative(withRespectTo: variable)
                let back = try value(derivative.description, in: session)
                #expect(back == derivative, "d/d\(variable) of \(source) printed as \(derivative.description) reads back as \(back?.description ?? "an error")")
                // And it is the derivative: central differences at a point.
                let point: [String: Double] = ["x": 0.7, "y": -0.4, "θ0": 1.3]
                if let exact = derivative.evaluate(point), exact.isFinite, abs(exact) < 1e6 {
                    let h = 1e-6
                    var plus = point, minus = point
                    plus[variable, default: 0] += h
                    minus[variable, default: 0] -= h
                    if let fp = original.evaluate(plus), let fm = original.evaluate(minus), fp.isFinite, fm.isFinite {
                        let numeric = (fp - fm) / (2 * h)
                        #expect(abs(numeric - exact) <= 1e-4 * max(1, abs(exact)), "d/d\(variable) \(source): \(exact) vs \(numeric)")
                    }
                }
            }
            checked += 1
        }
        #expect(checked > 300)
    }
}
