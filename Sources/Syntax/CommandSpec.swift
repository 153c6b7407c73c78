/// The commands of LANGUAGE.md and the options each accepts: the one table
/// read by the parser (validation, did-you-mean), `help` and Tab completion.
public enum CommandName: String, Sendable, CaseIterable {
    case descend, minimize, sgd, search, compare, schedule, solve, gradcheck, classify, stationary, plot, save

    /// True for the commands whose subject is a function (an objective):
    /// given an expression instead, the parser says how to define one. (A
    /// switch, not a static `Set`: the first use of a `Set` of a new element
    /// type makes the Swift runtime scan every protocol conformance of the
    /// process, a tenth of a millisecond at every start.)
    public var takesFunction: Bool {
        switch self {
        case .descend, .minimize, .sgd, .search, .solve, .gradcheck, .classify, .stationary: true
        case .compare, .schedule, .plot, .save: false
        }
    }

    /// The commands `compare` runs once per value of one option.
    public static let comparable: [CommandName] = [.descend, .minimize, .sgd]
}

/// Every option keyword of every command: the interpreter reads options
/// through these cases (`command.option(.rate)`), so a keyword the table
/// does not define cannot be asked for.
public enum OptionKeyword: String, Sendable, CaseIterable {
    case on, reduce, from, to, at, rate, steps, tol, momentum, decay, final, linesearch, every
    case method, maxiter, batch, epochs, seed, optimizer, noshuffle
    case beta1, beta2, eps, rho
    case grad, h, forward, exact, ascii
    case tries, scale, local
    case title, xlabel, ylabel, legend, ylim, log
    /// `plot … to "file.svg"`: the parser reads a `to` followed by a string as this.
    case file
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
    public var key: OptionKeyword
    public var kind: OptionKind
    public var summary: String

    public init(_ key: OptionKeyword, kind: OptionKind, summary: String) {
        self.key = key
        self.kind = kind
        self.summary = summary
    }

    /// The keyword as typed.
    public var keyword: String { key.rawValue }
}

public struct CommandSpec: Sendable {
    public var name: CommandName
    /// How many subjects (comma-separated expressions) the command takes.
    public var subjectCount: ClosedRange<Int>
    public var options: [OptionSpec]
    public var required: [OptionKeyword]
    public var synopsis: String

    public func option(_ keyword: String) -> OptionSpec? {
        options.first { $0.keyword == keyword }
    }

    public func option(_ key: OptionKeyword) -> OptionSpec? {
        options.first { $0.key == key }
    }

    public static func of(_ name: CommandName) -> CommandSpec {
        all.first { $0.name == name } ?? all[0]
    }

    private static let decayKinds = ["linear", "inverse", "exp"]

    /// The update rules of `optimizer NAME` (Core's `UpdateRule.names`).
    private static let optimizerNames = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]

    /// The update rules' hyperparameters, with PyTorch's defaults.
    private static func hyperparameterOptions() -> [OptionSpec] {
        [
            OptionSpec(.momentum, kind: .expression, summary: "momentum λ of sgd/momentum/nesterov (default 0.9 with optimizer momentum or nesterov)"),
            OptionSpec(.beta1, kind: .expression, summary: "Adam's β₁ (default 0.9)"),
            OptionSpec(.beta2, kind: .expression, summary: "Adam's β₂ (default 0.999)"),
            OptionSpec(.eps, kind: .expression, summary: "ε of adagrad (default 1e-10), rmsprop and adam (default 1e-8)"),
            OptionSpec(.rho, kind: .expression, summary: "RMSProp's decay ρ (default 0.99)"),
        ]
    }

    private static func decayOptions() -> [OptionSpec] {
        [
            OptionSpec(.decay, kind: .wordThenExpression(decayKinds), summary: "learning-rate schedule: linear ρ [final α], inverse ρ, exp ρ"),
            OptionSpec(.final, kind: .expression, summary: "the rate a linear decay ends at (default rate/100)"),
        ]
    }

    public static let all: [CommandSpec] = [
        CommandSpec(
            name: .descend, subjectCount: 1...1,
            options: [
                OptionSpec(.on, kind: .expression, summary: "a table whose rows the loss is averaged over"),
                OptionSpec(.reduce, kind: .word(["mean", "sum"]), summary: "with on T: the rows' losses averaged (mean, the default) or added (sum)"),
                OptionSpec(.from, kind: .expression, summary: "the starting point; vector and matrix parameters by name, which fixes their shapes: (W = zeros(3, 4), b = zeros(3))"),
                OptionSpec(.rate, kind: .expression, summary: "the learning rate α (default 0.1)"),
                OptionSpec(.steps, kind: .expression, summary: "the number of updates"),
                OptionSpec(.tol, kind: .expression, summary: "stop when the gradient's norm is below this"),
                OptionSpec(.optimizer, kind: .word(optimizerNames), summary: "the update rule (default sgd: plain steps)"),
            ] + hyperparameterOptions() + decayOptions() + [
                OptionSpec(.linesearch, kind: .flag, summary: "backtracking (Armijo) line search"),
                OptionSpec(.exact, kind: .flag, summary: "exact line search: α = argmin F(x − α∇F) (golden section)"),
                OptionSpec(.every, kind: .expression, summary: "show every K-th step"),
            ],
            required: [.from],
            synopsis: "descend F [on T [reduce sum]] from P [rate α] [steps N] [tol ε] [optimizer sgd|momentum|nesterov|adagrad|rmsprop|adam] [momentum λ] [beta1 β₁] [beta2 β₂] [eps ε] [rho ρ] [decay linear ρ [final α] | decay inverse ρ | decay exp ρ] [linesearch] [exact] [every K]"),
        CommandSpec(
            name: .minimize, subjectCount: 1...1,
            options: [
                OptionSpec(.on, kind: .expression, summary: "a table whose rows the loss is averaged over"),
                OptionSpec(.reduce, kind: .word(["mean", "sum"]), summary: "with on T: the rows' losses averaged (mean, the default) or added (sum)"),
                OptionSpec(.from, kind: .expression, summary: "the starting point; vector and matrix parameters by name, which fixes their shapes: (W = zeros(3, 4), b = zeros(3))"),
                OptionSpec(.method, kind: .word(["bfgs", "lbfgs", "newton", "cg", "nelder-mead"]), summary: "the algorithm (default bfgs)"),
                OptionSpec(.tol, kind: .expression, summary: "gradient tolerance (SciPy's gtol, default 1e-5)"),
                OptionSpec(.maxiter, kind: .expression, summary: "iteration limit (default 200 × parameters)"),
            ],
            required: [.from],
            synopsis: "minimize F [on T [reduce sum]] from P [method bfgs|lbfgs|newton|cg|nelder-mead] [tol ε] [maxiter N]"),
        CommandSpec(
            name: .sgd, subjectCount: 1...1,
            options: [
                OptionSpec(.on, kind: .expression, summary: "the table of rows"),
                OptionSpec(.from, kind: .expression, summary: "the starting point; vector and matrix parameters by name, which fixes their shapes: (W = zeros(3, 4), b = zeros(3))"),
                OptionSpec(.rate, kind: .expression, summary: "the learning rate (default 0.01)"),
                OptionSpec(.batch, kind: .expressionOrWord(["all"]), summary: "rows per batch, or all (default 32)"),
                OptionSpec(.epochs, kind: .expression, summary: "passes over the data (default 10)"),
                OptionSpec(.seed, kind: .expression, summary: "the shuffle's seed (default 0)"),
                OptionSpec(.optimizer, kind: .word(optimizerNames), summary: "the update rule (default sgd)"),
            ] + hyperparameterOptions() + decayOptions() + [
                OptionSpec(.noshuffle, kind: .flag, summary: "keep the rows in order"),
                OptionSpec(.every, kind: .expressionOrWord(["step"]), summary: "show every K-th epoch, or every step: the loss after each batch's update"),
            ],
            required: [.from],  // and a table: `on T`, or a subject `F on T`
            synopsis: "sgd F on T from P [rate α] [batch B|all] [epochs E] [seed S] [optimizer sgd|momentum|nesterov|adagrad|rmsprop|adam] [momentum λ] [beta1 β₁] [beta2 β₂] [eps ε] [rho ρ] [decay …] [noshuffle] [every K|step]"),
        CommandSpec(
            name: .search, subjectCount: 1...1,
            options: [
                OptionSpec(.on, kind: .expression, summary: "a table whose rows the loss is averaged over"),
                OptionSpec(.from, kind: .expression, summary: "the starting point (by name for vector and matrix parameters); its loss is the first to beat"),
                OptionSpec(.tries, kind: .expression, summary: "how many random points to try (default 1000)"),
                OptionSpec(.scale, kind: .expression, summary: "the standard deviation σ of each random number (default 1)"),
                OptionSpec(.local, kind: .flag, summary: "random local steps: each try is the best point so far plus σ·N(0, 1) noise (strategy #2), not a fresh point σ·N(0, 1) (strategy #1)"),
                OptionSpec(.seed, kind: .expression, summary: "the generator's seed (default 0; sgd's generator)"),
                OptionSpec(.every, kind: .expression, summary: "show every K-th try"),
            ],
            required: [.from],
            synopsis: "search F [on T] from P [tries N] [scale σ] [local] [seed S] [every K]"),
        CommandSpec(
            name: .compare, subjectCount: 1...1, options: [], required: [],
            synopsis: "compare descend|minimize|sgd … OPTION v1, v2, … [ascii] [to \"file.svg\"]"),
        CommandSpec(
            name: .schedule, subjectCount: 1...1,
            options: decayOptions() + [
                OptionSpec(.steps, kind: .expression, summary: "the number of updates to show (default 100)"),
                OptionSpec(.ascii, kind: .flag, summary: "plain ASCII instead of braille"),
            ],
            required: [.decay],
            synopsis: "schedule α decay linear ρ [final α_ρ] | decay inverse ρ | decay exp ρ [steps N] [ascii] [to \"file.svg\"]"),
        CommandSpec(
            name: .solve, subjectCount: 1...1,
            options: [OptionSpec(.on, kind: .expression, summary: "the table of rows"), OptionSpec(.reduce, kind: .word(["mean", "sum"]), summary: "with on T: the rows' losses averaged (mean, the default) or added (sum)"),
                      OptionSpec(.from, kind: .expression, summary: "parameters that are vectors or matrices, by name, giving their shapes: (θ = zeros(4))")],
            required: [],
            synopsis: "solve F [on T [reduce sum]] [from (θ = zeros(n), …)]"),
        CommandSpec(
            name: .gradcheck, subjectCount: 1...1,
            options: [
                OptionSpec(.on, kind: .expression, summary: "the table of rows"),
                OptionSpec(.reduce, kind: .word(["mean", "sum"]), summary: "with on T: the rows' losses averaged (mean, the default) or added (sum)"),
                OptionSpec(.at, kind: .expression, summary: "the point to check at (vector and matrix parameters by name: (W = …, b = …))"),
                OptionSpec(.grad, kind: .expression, summary: "a hand-written gradient function to check"),
                OptionSpec(.h, kind: .expression, summary: "the finite-difference step"),
                OptionSpec(.forward, kind: .flag, summary: "one-sided differences (F(x + h) − F(x))/h, as CS231n computes them"),
            ],
            required: [.at],
            synopsis: "gradcheck F [on T [reduce sum]] at P [grad G] [h δ] [forward]"),
        CommandSpec(
            name: .classify, subjectCount: 1...1,
            options: [OptionSpec(.at, kind: .expression, summary: "the point")],
            required: [.at],
            synopsis: "classify F at P"),
        CommandSpec(
            name: .stationary, subjectCount: 1...1,
            options: [
                OptionSpec(.from, kind: .expression, summary: "the start (or the range's start)"),
                OptionSpec(.to, kind: .expression, summary: "the range's end (one-parameter functions)"),
            ],
            required: [.from],
            synopsis: "stationary F from P   |   stationary F from a to b"),
        CommandSpec(
            name: .plot, subjectCount: 1...8,
            options: [
                OptionSpec(.on, kind: .expression, summary: "the function a path is drawn on"),
                OptionSpec(.from, kind: .expression, summary: "the range's start"),
                OptionSpec(.to, kind: .expression, summary: "the range's end, or a file name \"plot.svg\""),
                OptionSpec(.ascii, kind: .flag, summary: "plain ASCII instead of braille"),
                OptionSpec(.steps, kind: .flag, summary: "for an sgd result: the loss after every step (batch), not every epoch"),
                OptionSpec(.title, kind: .expression, summary: "a title above the plot, \"…\""),
                OptionSpec(.xlabel, kind: .expression, summary: "the x axis's label (default: the parameter's name)"),
                OptionSpec(.ylabel, kind: .expression, summary: "the y axis's label"),
                OptionSpec(.legend, kind: .expression, summary: "the series' names, \"a, b, …\", one for each in order"),
                OptionSpec(.ylim, kind: .expression, summary: "the y range shown, [lower, upper]"),
                OptionSpec(.log, kind: .flag, summary: "a logarithmic y axis"),
            ],
            required: [],
            synopsis: "plot F [, G …] [on F] [from A to B] [ascii] [steps] [title \"…\"] [xlabel \"…\"] [ylabel \"…\"] [legend \"a, b\"] [ylim [a, b]] [log] [to \"file.svg\"]"),
        CommandSpec(
            name: .save, subjectCount: 1...1,
            options: [OptionSpec(.to, kind: .expression, summary: "the CSV file to write (replaced if it exists)")],
            required: [.to],
            synopsis: "save VALUE to \"file.csv\"   (a table, a result's path and losses, a vector or a matrix)"),
    ]

    /// Every option keyword of every command, for completion.
    public static var allKeywords: [String] {
        Array(Set(all.flatMap { $0.options.map(\.keyword) })).sorted()
    }
}

/// Statement words that are not optimisation commands.
public let statementWords = ["explain", "help", "who", "clear", "reset", "time"]
