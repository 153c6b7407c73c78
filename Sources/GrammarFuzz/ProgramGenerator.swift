import Core
import Interpreter
import Syntax

/// Random gd programs built from the whole grammar, for fuzzing: each is a
/// few statements (bindings, definitions, nested calculus forms, commands
/// with random options from `CommandSpec`'s table, data tables, help), and
/// now and then a big or deep input (long sums, deep brackets, long vectors,
/// deep calls). Programs are well-formed more often than not, so they reach
/// the evaluator and the commands, not only the parser; a few are mutated
/// to reach the parser's error paths.
///
/// The same seed gives the same programs (SplitMix64). Sizes are bounded so
/// that a program runs in well under a second in a release build: a run
/// that takes long is a hang worth reporting. Nothing writes files (`plot …
/// to` is never generated).
public struct ProgramGenerator {
    private var random: SplitMix64
    private let builtins: [String]
    private let commands = CommandSpec.all.filter { $0.name != .plot } + [CommandSpec.of(.plot)]
    /// Names a program binds and uses: parameters, globals, functions, tables.
    private let variables = ["x", "y", "θ", "θ0", "w", "b", "a"]
    private let functions = ["f", "g", "h", "loss", "F"]
    private let tables = ["D", "T"]
    private let results = ["r", "ans"]
    private let statementWords = ["who", "reset", "help", "clear f", "help descend", "help sin", "help()"]

    public init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        builtins = Session(output: { _ in }, errors: { _ in }).completionContext.builtins.sorted()
    }

    /// One program: a preamble that binds what later statements use, then
    /// random statements.
    public mutating func program() -> String {
        var lines: [String] = []
        if chance(4, in: 5) { lines.append(contentsOf: preamble()) }
        for _ in 0..<(1 + below(6)) { lines.append(statement()) }
        if chance(1, in: 12) { lines.append(bigInput()) }
        var text = lines.joined(separator: "\n") + "\n"
        if chance(1, in: 8) { text = mutate(text) }
        return text
    }

    // MARK: Statements

    private mutating func preamble() -> [String] {
        var lines = [
            "f(x) = \(expression(depth: 2, over: ["x"]))",
            "g(x, y) = \(expression(depth: 2, over: ["x", "y"]))",
        ]
        if chance(1, in: 2) {
            let n = 2 + below(12)
            lines.append("D = table(x = \(vector(n)), y = \(vector(n)))")
            lines.append("loss(w, b) = (w*x + b - y)^2")
        }
        return lines
    }

    private mutating func statement() -> String {
        switch below(14) {
        case 0, 1: return expression(depth: 3 + below(3), over: variables)
        case 2: return "\(pick(variables)) = \(expression(depth: 3, over: variables))"
        case 3: return "\(pick(functions))(\(parameters())) = \(expression(depth: 3, over: variables))"
        case 4, 5, 6: return (chance(1, in: 2) ? "\(pick(results)) = " : "") + command()
        case 7: return calculus(depth: 2)
        case 8: return "explain " + pick(["diff(\(expression(depth: 2, over: ["x"])), x)", "grad(g)", "f'"])
        case 9: return pick(statementWords)
        case 10: return "time " + statement()
        case 11: return "\(pick(results)).\(pick(["x", "fun", "path", "losses", "steps", "reason", "nit", "success", "jac", "nope"]))"
        case 12: return "\(pick(tables)).\(pick(["x", "y", "z"]))"
        default: return expression(depth: 2, over: variables) + pick([";", "", " # comment", "; 1"])
        }
    }

    private mutating func parameters() -> String {
        let count = 1 + below(3)
        return Array(variables.shuffled(using: &random).prefix(count)).joined(separator: ", ")
    }

    /// A command with its subject and a random selection of its options, in
    /// random order, each with a value of the kind the table says (and now
    /// and then a wrong one).
    private mutating func command() -> String {
        let spec = pick(commands)
        var parts = [spec.name.rawValue]
        let subjectCount = spec.name == .plot ? 1 + below(2) : 1
        parts.append((0..<subjectCount).map { _ in subject(for: spec.name) }.joined(separator: ", "))
        var options = spec.options.filter { spec.required.contains($0.key) || chance(1, in: 3) }
        options.shuffle(using: &random)
        for option in options {
            parts.append(option.keyword)
            switch option.kind {
            case .flag: break
            case .expression: parts.append(optionValue(option.keyword))
            case .word(let words): parts.append(chance(1, in: 10) ? "nonsense" : pick(words))
            case .expressionOrWord(let words): parts.append(chance(1, in: 2) ? pick(words) : optionValue(option.keyword))
            case .wordThenExpression(let words): parts.append(pick(words) + " " + optionValue(option.keyword))
            }
        }
        return parts.joined(separator: " ")
    }

    private mutating func subject(for command: CommandName) -> String {
        switch below(6) {
        case 0: return "loss on D"
        case 1: return "(\(pick(functions)) on \(pick(tables)))"
        case 2 where command == .plot: return pick(["r", "D.x, D.y", "f, g", "r on f", "f'"])
        case 3: return expression(depth: 2, over: ["x"])
        default: return pick(functions)
        }
    }

    /// Option values: mostly sensible sizes, sometimes the edge cases
    /// (zero, negative, huge, nan, a vector of the wrong length).
    private mutating func optionValue(_ keyword: String) -> String {
        if chance(1, in: 6) { return pick(["0", "-1", "1e308", "nan", "inf", "[1, 2, 3]", "\"text\"", "x", "[]", "0.5"]) }
        switch keyword {
        case "steps", "epochs", "maxiter", "every", "batch": return String(1 + below(60))
        case "rate", "final", "tol", "h": return pick(["0.1", "0.01", "0.5", "1.5", "1e-3", "2", "1e6"])
        case "momentum": return pick(["0.9", "0.5", "1", "1.5", "0"])
        case "seed": return String(below(1000))
        case "on": return pick(tables)
        case "from", "at", "to": return chance(1, in: 2) ? number() : vector(1 + below(3))
        case "grad": return pick(["grad(g)", "f'", "g"])
        default: return number()
        }
    }

    // MARK: Expressions

    private mutating func calculus(depth: Int) -> String {
        let inner = depth > 0 && chance(1, in: 2) ? calculus(depth: depth - 1) : expression(depth: 2, over: ["x", "y"])
        switch below(10) {
        case 0: return "diff(\(inner), x)"
        case 1: return "diff(\(inner), x, \(below(4)))"
        case 2: return "grad(\(inner), [x, y])"
        case 3: return "hessian(\(inner), [x, y])"
        case 4: return "subs(\(inner), x = \(number()))"
        case 5: return "simplify(\(inner))"
        case 6: return "expand(\(inner))"
        case 7: return "latex(\(inner))"
        case 8: return pick(["f'", "f''", "grad(g)", "hessian(g)", "grad(f)(1)", "f'(2)", "(loss on D)(1, 2)"])
        default: return "[\(inner), \(calculus(depth: depth - 1))]"
        }
    }

    private mutating func expression(depth: Int, over names: [String]) -> String {
        if depth <= 0 || chance(1, in: 4) { return atom(over: names) }
        let d = depth - 1
        switch below(12) {
        case 0, 1, 2: return "\(expression(depth: d, over: names)) \(pick(["+", "-", "*", "/", "^", "@", "==", "<", ">=", "!="])) \(expression(depth: d, over: names))"
        case 3: return "(\(expression(depth: d, over: names)))"
        case 4: return "-\(expression(depth: d, over: names))"
        case 5, 6: return call(depth: d, over: names)
        case 7: return "[\((0..<below(4)).map { _ in expression(depth: d, over: names) }.joined(separator: ", "))]"
        case 8: return "\(pick(["v", "D.x", "[1, 2, 3]", "[[1, 2], [3, 4]]"]))[\(pick(["0", "-1", "1:3", ":2", "0, 1", "5", "x"]))]"
        case 9: return "\(number())\(pick(names))"
        case 10: return calculus(depth: min(d, 2))
        default: return "\(pick(functions))(\(expression(depth: d, over: names)))"
        }
    }

    private mutating func call(depth: Int, over names: [String]) -> String {
        let name = pick(builtins)
        let count = below(4)
        return "\(name)(\((0..<count).map { _ in expression(depth: depth, over: names) }.joined(separator: ", ")))"
    }

    private mutating func atom(over names: [String]) -> String {
        switch below(5) {
        case 0, 1: return pick(names)
        case 2: return number()
        case 3: return pick(["pi", "e", "true", "false", "\"s\"", "D", "r", "nan", "inf", "[]", "[[]]", "zeros(3)", "ones(2, 2)"])
        default: return number()
        }
    }

    private mutating func number() -> String {
        pick(["0", "1", "2", "-3", "0.5", "1e-5", "1e300", "-0", "4.4", "100", ".5", "2E+3", "1e-320", String(below(10))])
    }

    private mutating func vector(_ count: Int) -> String {
        "[" + (0..<count).map { _ in String(Double(below(2000)) / 100 - 10) }.joined(separator: ", ") + "]"
    }

    // MARK: Big and deep inputs

    private mutating func bigInput() -> String {
        let size = 50 + below(3000)
        switch below(9) {
        case 0: return Array(repeating: pick(["1", "x", "f(x)", "x^2"]), count: size).joined(separator: "+")
        case 1: return String(repeating: "(", count: size % 260) + "x" + String(repeating: ")", count: size % 260)
        case 2: return String(repeating: "sin(", count: size % 300) + "x" + String(repeating: ")", count: size % 300)
        case 3: return "v = " + vector(size)
        case 4: return String(repeating: "-", count: size % 300) + "1"
        case 5: return "u = [1]\nu" + String(repeating: "[0]", count: size)
        case 6: return selfReference(times: 20 + size % 30)
        case 7: return "s = \"ab\"\n" + String(repeating: "s = s + s\n", count: 20 + size % 20) + pick(["s", "len(s)", "who"])
        default: return String(repeating: "time ", count: size % 300) + "1"
        }
    }

    /// An expression built by repeated self-reference (`a = a*sin(a)`, N
    /// times): small in memory, its parts shared, but 2^N nodes written out;
    /// then a form that prints, rewrites, differentiates or compiles it.
    /// Sometimes a second copy built apart, so that comparing them meets two
    /// equal structures that share nothing.
    private mutating func selfReference(times: Int) -> String {
        let step = pick(["a*sin(a)", "a - a + x", "a + a", "(a == a)", "a^a", "exp(a)*a", "a/a + x", "f(a)", "a*y + a"])
        var lines = ["f(x) = x^2", "a = x"]
        lines += Array(repeating: "a = " + step, count: times)
        if chance(1, in: 3) {
            lines.append("b = x")
            lines += Array(repeating: "b = " + step.replacingOccurrences(of: "a", with: "b"), count: times)
            lines.append(pick(["a - b", "a == b", "simplify(a - b)", "[a, b]", "diff(a - b, x)"]))
        }
        lines.append(pick(["a", "who", "[a, 1]", "latex(a)", "simplify(a)", "expand(a)", "subs(a, x = 0.5)", "subs(a, x = y)",
                           "diff(a, x)", "grad(a, [x, y])", "hessian(a, [x, y])", "explain diff(a, x)", "F(x) = a",
                           "F(x) = a\nF(0.5)", "F(x) = a\ndescend F from 1 steps 3", "F(x) = a\nminimize F from 1 method nelder-mead",
                           "F(x) = a\nlatex(F)", "F(x) = a\nexplain F'", "F(x) = a\nplot F from 0 to 1",
                           "D = table(x = [1, 2], y = [3, 4])\nL(w) = (w*a - y)^2\nsgd L on D from 1 epochs 2",
                           "a == a", "a - a", "plot a from 0 to 1", "time a"]))
        return lines.joined(separator: "\n")
    }

    /// Inserts, deletes or replaces a few characters, to reach the parser's
    /// and lexer's error paths with inputs close to real ones.
    private mutating func mutate(_ text: String) -> String {
        let fragments = ["(", ")", "[", "]", ",", "=", "'", "\"", "\\", "\n", ";", ".", "from", " to ", "θ", "∇", "#", "e"]
        var characters = Array(text)
        for _ in 0...below(3) {
            let position = below(characters.count + 1)
            if chance(1, in: 2) || position == characters.count {
                characters.insert(contentsOf: Array(pick(fragments)), at: position)
            } else {
                characters.remove(at: position)
            }
        }
        return String(characters)
    }

    // MARK: Random choices

    private mutating func below(_ bound: Int) -> Int { random.below(bound) }
    private mutating func chance(_ count: Int, in total: Int) -> Bool { random.below(total) < count }
    private mutating func pick<T>(_ items: [T]) -> T { items[random.below(items.count)] }
}
