import Core
import Foundation
import Diagnostics
import Optimize
import Syntax

/// `help` and `help NAME`: the reference, from the same tables that drive
/// evaluation (built-ins) and parsing (commands). Examples run live in a
/// fresh session, so what help shows is what gd does.
extension Session {
    static let statementHelp: [String: (synopsis: String, summary: String, example: String)] = [
        "diff": ("diff(e, x), diff(e, x, n)", "symbolic derivative of an expression, a function or an array of them (n-th, n ≤ 100), simplified; x is a symbol inside even when bound outside, and calculus forms nest", "diff(10x^3*y^2 + 5x*y^3 + 4x + y, x)\nx = 10\ndiff(diff(x^3, x), x)\ng(x) = diff(x^3, x)\ng(2)"),
        "grad": ("grad(f), grad(e, [x, y])", "the gradient: a function returning the vector of partial derivatives", "g(x, y) = 4x^2 + y^2\ngrad(g)\ngrad(g)(1, 2)"),
        "hessian": ("hessian(f), hessian(e, [x, y])", "the matrix of second partial derivatives, as a function", "h(a, b) = 8a^2 + 3a*b\nhessian(h)"),
        "subs": ("subs(e, x = 2, y = 3)", "substitutes values for the names it lists (symbols inside, even when bound outside); with nothing left free, the formula evaluated as it stands", "subs(x^2 + y, x = 3, y = 1)\nsubs(diff(x^3, x), x = 2)"),
        "simplify": ("simplify(e)", "rewrites an expression in its simplest form", "simplify((x + 1)^2 - x^2)"),
        "expand": ("expand(e)", "multiplies out products and powers", "expand((x + 1)^2)"),
        "latex": ("latex(e)", "LaTeX text for an expression, a function's formula, or a gradient (a column bmatrix) or Hessian (a bmatrix)", "latex(x^2/2 + σ(x))\ng(x, y) = 4x^2 + y^2\nlatex(grad(g))"),
        "table": ("table(x = […], y = […])", "a table from named vectors", "table(x = [2, 3, 5, 8], y = [3, 6, 5, 12])"),
        "on": ("F on T", "a per-row loss bound to a table: the function of F's parameters whose value is the mean of F over T's rows, callable, differentiable, plottable and accepted by every command ('on' binds looser than every operator, tighter than ',')", "D = table(x = [1, 2, 3], y = [2, 4, 7])\nloss(a) = (y - a*x)^2\nL = loss on D\nL(2)\ngrad(L)(2)\nr = descend L from 0 rate 0.05 steps 3;\nr.x"),
        "explain": ("explain diff(e, x) | explain grad(f) | explain f' | explain R step K",
                    "the derivation step by step, each rule named; or the update that made row K of a descend or sgd run's table, every number substituted (the rate after decay, the line search's trials, each optimizer's state, an sgd batch's rows)",
                    "explain diff((θ - 2)^2, θ)\nf(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10\nr = descend f from 4 rate 0.3 steps 19;\nexplain r step 1"),
        "who": ("who", "lists the bindings", "a = 2\nwho"),
        "clear": ("clear NAME …", "removes bindings", "a = 2\nclear a\nwho"),
        "reset": ("reset", "removes every binding", "a = 2\nreset\nwho"),
        "time": ("time STATEMENT", "runs a statement, then prints its elapsed time", "time 1 + 1;"),
        "help": ("help, help NAME", "this reference", "help sin"),
    ]

    static let commandExamples: [CommandName: String] = [
        .descend: "f(x) = (x - 2)^2\ndescend f from 5 rate 0.25 steps 3\ndescend f from 5 rate 0.5 steps 3 optimizer adam\ng(x, y) = x^2 + 10y^2\ndescend g from [1, 1] steps 2 exact",
        .minimize: "f(x, y) = (x - 1)^2 + 10(y + 2)^2\nminimize f from [0, 0]",
        .sgd: "D = table(x = [2, 3, 5, 8], y = [4, 5, 7, 10])\nloss(θ) = (y - x - θ)^2\nsgd loss on D from 0 rate 0.1 batch 2 epochs 3\nsgd loss on D from 0 rate 0.1 batch 2 epochs 1 optimizer adam every step",
        .search: "f(x, y) = (x - 1)^2 + (y + 2)^2\nsearch f from [0, 0] tries 200 scale 2 seed 1 every 50\nsearch f from [0, 0] tries 200 scale 0.5 local seed 1 every 50",
        .compare: "q(x, y) = x^2/2 + 25y^2\ncompare descend q from [1, 1] rate 0.01, 0.035, 0.041 steps 30",
        .schedule: "schedule 0.1 decay linear 100 final 0.001 steps 150",
        .solve: "D = table(x = [2, 3, 5, 8], y = [3, 6, 5, 12])\nloss(θ) = (y - x - θ)^2\nsolve loss on D",
        .gradcheck: "f(x, y) = x^2*y\ngradcheck f at [1, 2]\ngradcheck f at [1, 2] forward",
        .classify: "f(x, y) = x^2 - y^2\nclassify f at [0, 0]",
        .stationary: "y(x) = x^2 - 4x + 5\nstationary y from -10 to 10",
        .plot: "plot sin from 0 to 2pi",
        // An absolute path: help examples run against scripts/, which they must not write into.
        .save: "save [0.1, -0, 5e-324] to \"/tmp/gd-help-save.csv\"\nload(\"/tmp/gd-help-save.csv\").value",
    ]

    func help(_ topic: String?, at range: SourceRange?) throws -> String {
        guard let topic else { return Session.helpOverview() }
        if let entry = Builtins.entries[topic] {
            return Session.helpPage(entry.synopsis, entry.summary, example: entry.example)
        }
        if let entry = Session.statementHelp[topic] {
            return Session.helpPage(entry.synopsis, entry.summary, example: entry.example)
        }
        if let command = CommandName(rawValue: topic) {
            let spec = CommandSpec.of(command)
            var text = "usage: \(spec.synopsis)\n"
            for option in spec.options {
                text += "  \(option.keyword.padding(toLength: 11, withPad: " ", startingAt: 0)) \(option.summary)\n"
            }
            if command == .descend || command == .sgd { text += Session.updateRuleFormulas }
            if command == .compare { text += Session.compareSummary }
            if command == .minimize { text += Session.minimizeMethodSummaries }
            return text + Session.exampleSection(Session.commandExamples[command] ?? "")
        }
        if let constant = Builtins.constants[topic] {
            return "\(topic): the constant \(formatNumber(constant))"
        }
        let suggestions = Session.nearestTopics(to: topic)
        let note = suggestions.isEmpty ? [] : ["did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"]
        throw Diagnostic(.unknownName, "no help for '\(topic)'", at: range, notes: note + ["'help' lists the topics"])
    }

    /// Topics near a phrase: by edit distance to the phrase or to any of its
    /// words (`minimise` → minimize), or sharing a word's first three letters
    /// (`random search` → rand, randn); at most three, nearest first.
    static func nearestTopics(to phrase: String) -> [String] {
        let words = [phrase] + phrase.split(separator: " ").map(String.init)
        var found: [String] = []
        for word in words {
            if let close = closestMatch(to: word.lowercased(), among: helpTopics), !found.contains(close) { found.append(close) }
        }
        for word in words where word.count >= 3 {
            for topic in helpTopics.sorted() where topic.count >= 3 && topic.prefix(3) == word.lowercased().prefix(3) && !found.contains(topic) {
                found.append(topic)
            }
        }
        return Array(found.prefix(3))
    }

    static var helpTopics: [String] {
        Array(Builtins.entries.keys) + Array(statementHelp.keys) + CommandName.allCases.map(\.rawValue)
    }

    /// The update rules exactly as `UpdateRule` computes them (Core/UpdateRule.swift):
    /// g is the gradient (sgd: the batch's mean), α the rate after decay, t
    /// the update's number from 1; every state starts at 0.
    static let updateRuleFormulas = """
    update rules (g the gradient, α the rate, t = 1, 2, …; each state starts at 0):
      sgd        x ← x − α·g                      (with momentum λ: as momentum)
      momentum   v ← λ·v − α·g;  x ← x + v
      nesterov   the same, with g taken at x + λ·v
      adagrad    G ← G + g·g;  x ← x − α·g/(√G + ε)
      rmsprop    E ← ρ·E + (1 − ρ)·(g·g);  x ← x − α·g/(√E + ε)
      adam       m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·(g·g);
                 m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ);  x ← x − α·m̂/(√v̂ + ε)
                 (β₁ᵗ, β₂ᵗ as running products: β₁ᵗ = β₁ᵗ⁻¹·β₁)
      each computed left to right as written, per coordinate: a Python transcription gives the same doubles.
      defaults (PyTorch's): momentum 0.9 (optimizer momentum, nesterov), beta1 0.9, beta2 0.999,
      eps 1e-8 (adagrad 1e-10), rho 0.99. The result holds .optimizer and these settings.

    """

    /// The methods of `minimize`, from their own table (`MinimizeMethod.summary`),
    /// each summary filled to 100 columns under its own indent.
    static let minimizeMethodSummaries: String = {
        let width = (MinimizeMethod.allCases.map(\.rawValue.count).max() ?? 0) + 2
        let indent = String(repeating: " ", count: 2 + width)
        return "methods:\n" + MinimizeMethod.allCases.map { method in
            var lines = ["  " + method.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)]
            for word in method.summary.split(separator: " ") {
                let last = lines[lines.count - 1]
                if last.count > indent.count, last.count + 1 + word.count > 100 {
                    lines.append(indent + word)
                } else {
                    lines[lines.count - 1] = last + (last.count > indent.count ? " " : "") + word
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }.joined()
    }()

    static let compareSummary = """
    runs descend, minimize or sgd once per value of one option (values separated by commas),
    everything else the same (start, data, seed); prints a table (setting, final loss, steps or
    epochs, where it stopped, the diagnosis), the loss curves with a legend (to "file.svg" writes
    them as SVG), then each run's reason. The result: .option, .settings (when numbers), .fun,
    .runs (each run by position, c.runs[0], or by setting, c.runs["0.3"] or c.runs.adam).

    """

    static func helpPage(_ synopsis: String, _ summary: String, example: String) -> String {
        "usage: \(synopsis)\n  \(summary)\n" + exampleSection(example)
    }

    /// Runs an example in a fresh session (relative paths against the
    /// shipped lecture data) and shows each line with what it printed.
    static func exampleSection(_ example: String) -> String {
        guard !example.isEmpty else { return "" }
        var transcript = ""
        let session = Session(baseDirectory: exampleDirectory, output: { transcript += $0 }, errors: { transcript += $0 })
        session.io.showsTimings = false
        var text = "example:\n"
        for line in example.split(separator: "\n") {
            transcript = ""
            session.run(SourceFile(displayName: nil, text: String(line)))
            text += "  > \(line)\n"
            for out in transcript.split(separator: "\n", omittingEmptySubsequences: false).dropLast() { text += "  \(out)\n" }
        }
        return text
    }

    /// Where help examples find `data/tips.csv`: the project's `scripts/`
    /// folder, found by walking up from the running executable (a build
    /// folder inside the checkout, or PREFIX/bin of an install, whose
    /// PREFIX/share/gd/scripts holds the data), else the current folder.
    static let exampleDirectory: String = {
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<8 {
            for candidate in [folder.appendingPathComponent("scripts"), folder.appendingPathComponent("share/gd/scripts")]
            where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("data/tips.csv").path) {
                return candidate.path
            }
            folder = folder.deletingLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }()

    static func helpOverview() -> String {
        let commands = CommandName.allCases.map(\.rawValue).joined(separator: " ")
        let builtins = Builtins.entries.keys.sorted().joined(separator: " ")
        let calculus = ["diff", "grad", "hessian", "subs", "simplify", "expand", "latex", "explain"].joined(separator: " ")
        return """
        gd: define functions in maths notation, differentiate them, and watch gradient descent walk down them.
          f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10     define a function
          f'(4)   grad(g)   diff(e, x)   explain f'          calculus
          r = descend f from 4 rate 0.3 steps 19           optimise, then r.x, r.path, plot r on f
        commands: \(commands)
        calculus: \(calculus)
        built-ins: \(builtins)
        session: who clear reset time help; start gd --transcript FILE to keep a session's text to hand out
        'help NAME' shows a topic with a runnable example.
        """
    }
}

extension Session {
    /// The user reference (docs/REFERENCE.md): every help page, grouped, with
    /// its example run live. `gd --reference` prints it; a test keeps the
    /// committed copy equal to it.
    public static func referenceDocument() -> String {
        var text = """
        # gd reference

        Generated by `gd --reference` from the tables `help NAME` reads; every
        example below was run by gd to produce the output shown. The language
        itself (lexical rules, values, statements) is described in the README
        and LANGUAGE.md.


        """
        func section(_ title: String, _ topics: [String]) {
            text += "## \(title)\n\n"
            for topic in topics {
                let page = (try? Session(output: { _ in }, errors: { _ in }).help(topic, at: nil)) ?? ""
                text += "### `\(topic)`\n\n```\n\(page.hasSuffix("\n") ? page : page + "\n")```\n\n"
            }
        }
        section("Commands", CommandName.allCases.map(\.rawValue))
        section("Calculus", ["diff", "grad", "hessian", "subs", "simplify", "expand", "latex", "explain"])
        section("Session", ["who", "clear", "reset", "time", "help"])
        section("Data", ["load", "table", "head", "rows", "describe", "columns"])
        let covered: Set<String> = Set(CommandName.allCases.map(\.rawValue) + ["diff", "grad", "hessian", "subs", "simplify", "expand", "latex", "explain",
                                                                                "who", "clear", "reset", "time", "help", "load", "table", "head", "rows", "describe", "columns"])
        section("Built-in functions", Builtins.entries.keys.filter { !covered.contains($0) }.sorted())
        text += "## Constants\n\n" + Builtins.constants.keys.sorted().map { "- `\($0)` = \(formatNumber(Builtins.constants[$0] ?? .nan))" }.joined(separator: "\n") + "\n"
        return text
    }
}
