/// The commands of LANGUAGE.md and the options each accepts: the one table
/// read by the parser (validation, did-you-mean), `help` and Tab completion.
public enum CommandName: String, Sendable, CaseIterable {
    case descend, minimize, sgd, solve, gradcheck, classify, stationary, plot, save
}

public enum OptionKind: Sendable, Equatable {
    /// `rate 0.3`: the longest expression that follows.
    case expression
    /// `method bfgs`: one of the listed words.
    case word([String])
    /// `batch 32` or `batch all`.
    case expressionOrWord([String])
    /// `decay linear 0.5`: a word, then an expression.
    case wordThenExpression([String])
    /// `linesearch`: no value.
    case flag
}

public struct OptionSpec: Sendable {
    public var keyword: String
    public var kind: OptionKind
    public var summary: String
}

public struct CommandSpec: Sendable {
    public var name: CommandName
    /// How many subjects (comma-separated expressions) the command takes.
    public var subjectCount: ClosedRange<Int>
    public var options: [OptionSpec]
    public var required: [String]
    public var synopsis: String

    public func option(_ keyword: String) -> OptionSpec? {
        options.first { $0.keyword == keyword }
    }

    public static func of(_ name: CommandName) -> CommandSpec {
        all.first { $0.name == name } ?? all[0]
    }

    private static let decayKinds = ["linear", "inverse", "exp"]

    private static func decayOptions() -> [OptionSpec] {
        [
            OptionSpec(keyword: "decay", kind: .wordThenExpression(decayKinds), summary: "learning-rate schedule: linear ρ [final α], inverse ρ, exp ρ"),
            OptionSpec(keyword: "final", kind: .expression, summary: "the rate a linear decay ends at (default rate/100)"),
        ]
    }

    public static let all: [CommandSpec] = [
        CommandSpec(
            name: .descend, subjectCount: 1...1,
            options: [
                OptionSpec(keyword: "on", kind: .expression, summary: "a table whose rows the loss is averaged over"),
                OptionSpec(keyword: "from", kind: .expression, summary: "the starting point"),
                OptionSpec(keyword: "rate", kind: .expression, summary: "the learning rate α (default 0.1)"),
                OptionSpec(keyword: "steps", kind: .expression, summary: "the number of updates"),
                OptionSpec(keyword: "tol", kind: .expression, summary: "stop when the gradient's norm is below this"),
                OptionSpec(keyword: "momentum", kind: .expression, summary: "momentum λ"),
            ] + decayOptions() + [
                OptionSpec(keyword: "linesearch", kind: .flag, summary: "backtracking (Armijo) line search"),
                OptionSpec(keyword: "every", kind: .expression, summary: "show every K-th step"),
            ],
            required: ["from"],
            synopsis: "descend F [on T] from P [rate α] [steps N] [tol ε] [momentum λ] [decay linear ρ [final α] | decay inverse ρ | decay exp ρ] [linesearch] [every K]"),
        CommandSpec(
            name: .minimize, subjectCount: 1...1,
            options: [
                OptionSpec(keyword: "on", kind: .expression, summary: "a table whose rows the loss is averaged over"),
                OptionSpec(keyword: "from", kind: .expression, summary: "the starting point"),
                OptionSpec(keyword: "method", kind: .word(["bfgs", "lbfgs", "newton", "cg", "nelder-mead"]), summary: "the algorithm (default bfgs)"),
                OptionSpec(keyword: "tol", kind: .expression, summary: "gradient tolerance (SciPy's gtol, default 1e-5)"),
                OptionSpec(keyword: "maxiter", kind: .expression, summary: "iteration limit (default 200 × parameters)"),
            ],
            required: ["from"],
            synopsis: "minimize F [on T] from P [method bfgs|lbfgs|newton|cg|nelder-mead] [tol ε] [maxiter N]"),
        CommandSpec(
            name: .sgd, subjectCount: 1...1,
            options: [
                OptionSpec(keyword: "on", kind: .expression, summary: "the table of rows"),
                OptionSpec(keyword: "from", kind: .expression, summary: "the starting point"),
                OptionSpec(keyword: "rate", kind: .expression, summary: "the learning rate (default 0.01)"),
                OptionSpec(keyword: "batch", kind: .expressionOrWord(["all"]), summary: "rows per batch, or all (default 32)"),
                OptionSpec(keyword: "epochs", kind: .expression, summary: "passes over the data (default 10)"),
                OptionSpec(keyword: "seed", kind: .expression, summary: "the shuffle's seed (default 0)"),
                OptionSpec(keyword: "optimizer", kind: .word(["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]), summary: "the update rule (default sgd)"),
                OptionSpec(keyword: "momentum", kind: .expression, summary: "momentum λ"),
            ] + decayOptions() + [
                OptionSpec(keyword: "noshuffle", kind: .flag, summary: "keep the rows in order"),
                OptionSpec(keyword: "every", kind: .expression, summary: "show every K-th epoch"),
            ],
            required: ["from"],  // and a table: `on T`, or a subject `F on T`
            synopsis: "sgd F on T from P [rate α] [batch B|all] [epochs E] [seed S] [optimizer sgd|momentum|nesterov|adagrad|rmsprop|adam] [momentum λ] [decay …] [noshuffle] [every K]"),
        CommandSpec(
            name: .solve, subjectCount: 1...1,
            options: [OptionSpec(keyword: "on", kind: .expression, summary: "the table of rows")],
            required: [],
            synopsis: "solve F [on T]"),
        CommandSpec(
            name: .gradcheck, subjectCount: 1...1,
            options: [
                OptionSpec(keyword: "on", kind: .expression, summary: "the table of rows"),
                OptionSpec(keyword: "at", kind: .expression, summary: "the point to check at"),
                OptionSpec(keyword: "grad", kind: .expression, summary: "a hand-written gradient function to check"),
                OptionSpec(keyword: "h", kind: .expression, summary: "the finite-difference step"),
            ],
            required: ["at"],
            synopsis: "gradcheck F [on T] at P [grad G] [h δ]"),
        CommandSpec(
            name: .classify, subjectCount: 1...1,
            options: [OptionSpec(keyword: "at", kind: .expression, summary: "the point")],
            required: ["at"],
            synopsis: "classify F at P"),
        CommandSpec(
            name: .stationary, subjectCount: 1...1,
            options: [
                OptionSpec(keyword: "from", kind: .expression, summary: "the start (or the range's start)"),
                OptionSpec(keyword: "to", kind: .expression, summary: "the range's end (one-parameter functions)"),
            ],
            required: ["from"],
            synopsis: "stationary F from P   |   stationary F from a to b"),
        CommandSpec(
            name: .plot, subjectCount: 1...8,
            options: [
                OptionSpec(keyword: "on", kind: .expression, summary: "the function a path is drawn on"),
                OptionSpec(keyword: "from", kind: .expression, summary: "the range's start"),
                OptionSpec(keyword: "to", kind: .expression, summary: "the range's end, or a file name \"plot.svg\""),
                OptionSpec(keyword: "ascii", kind: .flag, summary: "plain ASCII instead of braille"),
                OptionSpec(keyword: "title", kind: .expression, summary: "a title above the plot, \"…\""),
                OptionSpec(keyword: "xlabel", kind: .expression, summary: "the x axis's label (default: the parameter's name)"),
                OptionSpec(keyword: "ylabel", kind: .expression, summary: "the y axis's label"),
                OptionSpec(keyword: "legend", kind: .expression, summary: "the series' names, \"a, b, …\", one for each in order"),
                OptionSpec(keyword: "ylim", kind: .expression, summary: "the y range shown, [lower, upper]"),
                OptionSpec(keyword: "log", kind: .flag, summary: "a logarithmic y axis"),
            ],
            required: [],
            synopsis: "plot F [, G …] [on F] [from A to B] [ascii] [title \"…\"] [xlabel \"…\"] [ylabel \"…\"] [legend \"a, b\"] [ylim [a, b]] [log] [to \"file.svg\"]"),
        CommandSpec(
            name: .save, subjectCount: 1...1,
            options: [OptionSpec(keyword: "to", kind: .expression, summary: "the CSV file to write (replaced if it exists)")],
            required: ["to"],
            synopsis: "save VALUE to \"file.csv\"   (a table, a result's path and losses, a vector or a matrix)"),
    ]

    /// Every option keyword of every command, for completion.
    public static var allKeywords: [String] {
        Array(Set(all.flatMap { $0.options.map(\.keyword) })).sorted()
    }
}

/// Statement words that are not optimisation commands.
public let statementWords = ["explain", "help", "who", "clear", "reset", "time"]
