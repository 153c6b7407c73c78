import Testing
import Diagnostics
@testable import Syntax

private func parse(_ text: String) throws -> ExpressionSyntax {
    try Parser.parseExpression(SourceFile(displayName: "t", text: text))
}

private func statements(_ text: String) throws -> [ParsedStatement] {
    var parser = Parser(SourceFile(displayName: "t", text: text))
    var result: [ParsedStatement] = []
    while let statement = try parser.nextStatement() { result.append(statement) }
    return result
}

private func diagnosticKind(_ text: String) -> Diagnostic.Kind? {
    do {
        _ = try statements(text)
        return nil
    } catch let diagnostic as Diagnostic {
        return diagnostic.kind
    } catch {
        return nil
    }
}

@Suite struct ParserTests {
    @Test(arguments: [
        ("10x^3y^2", "10*x^3*y^2"),
        ("15x^3", "15*x^3"),
        ("2(x+1)", "2*(x + 1)"),
        ("-x^2", "-x^2"),
        ("(-x)^2", "(-x)^2"),
        ("2^3^2", "2^3^2"),
        ("(2^3)^2", "(2^3)^2"),
        ("x^-1", "x^-1"),
        ("a - (b - c)", "a - (b - c)"),
        ("a - b - c", "a - b - c"),
        ("a/(b*c)", "a/(b*c)"),
        ("2e-1", "0.2"),
        ("2e", "2*e"),
        (".5x", "0.5*x"),
        ("e^2x", "e^2*x"),
        ("x**2", "x^2"),
        ("f'(4)", "f'(4)"),
        ("f''", "f''"),
        ("grad(g)(1, 2)", "grad(g)(1, 2)"),
        ("v[1:3]", "v[1:3]"),
        ("m[0, -1]", "m[0, -1]"),
        ("tips.total_bill", "tips.total_bill"),
        ("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]"),
        ("subs(e, x = 2)", "subs(e, x = 2)"),
        ("θ₀ + θ_1", "θ0 + θ_1"),
        ("a < b", "a < b"),
    ])
    func parsesAndPrintsAsWritten(source: String, printed: String) throws {
        #expect(try parse(source).description == printed)
    }

    @Test func implicitMultiplicationBindsLikeStar() throws {
        guard case .binary(.add, let left, _) = try parse("2x + 1").kind else {
            Issue.record("expected a sum")
            return
        }
        guard case .binary(.multiply, _, _) = left.kind else {
            Issue.record("expected 2*x on the left")
            return
        }
    }

    @Test(arguments: [
        ("1/2x", Diagnostic.Kind.ambiguousImplicitMultiplication),
        ("x/2y", .ambiguousImplicitMultiplication),
        ("1/2(x+1)", .ambiguousImplicitMultiplication),
        ("2 x", .missingOperator),
        ("(a)(b)", .missingOperator),
        ("2[1, 2]", .missingOperator),
        ("'tips.csv'", .singleQuotedString),
        ("1 < x < 3", .chainedComparison),
        ("(1 + 2", .unexpectedEndOfInput),
        ("[1, 2,\n3", .unexpectedEndOfInput),
        ("x + \\", .unexpectedEndOfInput),
        ("x +", .expectedExpression),
        ("∇f", .invalidCharacter),
        ("\"abc", .unterminatedString),
        ("descend f from 4 rat 0.3", .unknownOption),
        ("descend f from 4 rate 0.3 rate 1", .duplicateOption),
        ("descend f rate 0.3", .missingOption),
        ("minimize f from 1 method newtn", .invalidArgument),
        ("f(x, x) = x", .invalidStatement),
    ])
    func reportsMistakesWithTheirKind(source: String, kind: Diagnostic.Kind) {
        #expect(diagnosticKind(source) == kind)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(diagnosticKind(text) == .nestingTooDeep)
    }

    @Test func commandsTakeOptionsInAnyOrderAndWordsWithDashes() throws {
        let parsed = try statements("r = minimize f from [1, 2] method nelder_mead tol 1e-6")
        guard case .command(let target, _, let command) = parsed.first?.statement else {
            Issue.record("expected a command")
            return
        }
        #expect(target == "r")
        #expect(command.name == .minimize)
        #expect(command.option(.method)?.word == "nelder-mead")
        #expect(command.option(.from)?.expression?.description == "[1, 2]")
    }

    @Test func aKeywordMayBeAVariableName() throws {
        let parsed = try statements("rate = 0.3\ndescend f from 4 rate rate steps 19")
        #expect(parsed.count == 2)
        guard case .command(_, _, let command) = parsed[1].statement else {
            Issue.record("expected a command")
            return
        }
        #expect(command.option(.rate)?.expression?.description == "rate")
        #expect(command.option(.steps)?.expression?.description == "19")
    }

    @Test func plotRangeAndFile() throws {
        let parsed = try statements("plot f, g from 1 to 6.75 ascii to \"a.svg\"")
        guard case .command(_, _, let command) = parsed.first?.statement else {
            Issue.record("expected a command")
            return
        }
        #expect(command.subjects.count == 2)
        #expect(command.option(.to)?.expression?.description == "6.75")
        #expect(command.option(.file)?.expression?.description == "\"a.svg\"")
        #expect(command.option(.ascii) != nil)
    }

    @Test func semicolonSilencesAndNewlinesInsideBracketsContinue() throws {
        let parsed = try statements("a = 1; b\nf(x, y) = x +\\\n y\nv = [1,\n 2]")
        #expect(parsed.map(\.isSilent) == [true, false, false, false])
        guard case .definition(let name, _, let parameters, let body) = parsed[2].statement else {
            Issue.record("expected a definition")
            return
        }
        #expect(name == "f")
        #expect(parameters.map(\.0) == ["x", "y"])
        #expect(body.description == "x + y")
    }

    @Test func sessionWords() throws {
        let parsed = try statements("who\nreset\nclear a b\nhelp descend\nhelp\ntime 1 + 1\nexplain f'")
        #expect(parsed.count == 7)
        #expect(parsed[0].statement == .who)
        #expect(parsed[3].statement == .help("descend", nil))
    }
}
