/// What students who know Python, NumPy or a machine-learning library type,
/// and what gd writes instead: the tables the parser reads to turn a
/// familiar form into an error that teaches (one table per fact).
public enum ForeignForms {
    /// Python keywords that start or join statements, with what gd does
    /// instead. gd has no loops, conditionals or function bodies of
    /// statements: commands repeat the step, and a function is one formula.
    public static let keywords: [String: String] = [
        "def": "define a function in maths notation: f(x) = x^2",
        "lambda": "define a named function in maths notation: f(x) = x^2",
        "return": "a function's body is its value: f(x) = (x - 2)^2",
        "for": "gd has no loops: a command repeats the step for you (descend F from P steps N, sgd F on T from P epochs E); linspace(a, b, n) gives n values",
        "while": "gd has no loops: descend F from P stops by itself at 'tol ε' or after 'steps N'",
        "if": "gd has no if statements: a comparison is true or false, 1 or 0 in arithmetic, so (x > 1)*x is x where x > 1 and 0 elsewhere",
        "elif": "gd has no if statements: a comparison is true or false, 1 or 0 in arithmetic",
        "else": "gd has no if statements: a comparison is true or false, 1 or 0 in arithmetic",
        "import": "gd needs no imports: mean, exp, sqrt, … are built in (help lists them), and load(\"file.csv\") reads data",
        "print": "gd prints a value by itself: write the expression alone on its line",
        "and": "gd has no 'and': multiply comparisons, (a > 0)*(b > 0), to get 1 when both hold",
        "or": "gd has no 'or': max(a > 0, b > 0) is 1 when either holds",
        "not": "gd has no 'not': 1 - (a > 0) is 1 when a > 0 does not hold",
        "in": "gd has no loops or membership tests: commands repeat the step for you",
        "is": "gd compares values with == and !=: x == 0 is true or false (gd has no None)",
    ]

    /// Booleans and the empty value as Python spells them.
    public static let constants: [String: String] = ["True": "true", "False": "false"]

    /// Module prefixes of NumPy, math, SciPy and friends: gd's built-ins
    /// need none (`np.mean(v)` is `mean(v)`).
    public static let modules: Set<String> = ["np", "numpy", "math", "scipy", "torch", "sp", "sympy", "pd", "pandas"]

    /// Functions of those modules whose gd spelling differs; the rest keep
    /// their name (`np.exp` is `exp`). `np.array([1, 2])` is just `[1, 2]`.
    public static let moduleFunctions: [String: String] = [
        "array": "", "asarray": "", "average": "mean", "amax": "max", "amin": "min", "expit": "sigmoid",
    ]

    /// Methods called on a value in NumPy or pandas (`v.mean()`) that gd
    /// writes as a function of the value (`mean(v)`).
    public static let methods: Set<String> = ["mean", "sum", "max", "min", "std", "var", "argmax", "transpose", "round", "abs", "head", "describe", "dot"]

    /// Command names as other spellings or libraries write them.
    public static let commandSpellings: [String: CommandName] = [
        "minimise": .minimize, "optimise": .minimize, "optimize": .minimize, "fmin": .minimize, "minimum": .minimize,
        "gradient_descent": .descend, "gd": .descend, "gradientdescent": .descend,
    ]

    /// Option names from other libraries, each with gd's keywords for it in
    /// order of preference: the first one the command has is suggested
    /// (`iterations` is `steps` for descend, `maxiter` for minimize and
    /// `epochs` for sgd).
    public static let optionAliases: [String: [String]] = [
        "lr": ["rate"], "alpha": ["rate"], "learning_rate": ["rate"], "learningrate": ["rate"], "eta": ["rate"], "step_size": ["rate"],
        "batch_size": ["batch"], "batchsize": ["batch"], "minibatch": ["batch"],
        "iterations": ["steps", "maxiter", "epochs"], "iters": ["steps", "maxiter", "epochs"], "n_iter": ["steps", "maxiter", "epochs"],
        "max_iter": ["maxiter", "steps", "epochs"], "maxiters": ["maxiter", "steps", "epochs"], "niter": ["steps", "maxiter", "epochs"],
        "iter": ["steps", "maxiter", "epochs"], "num_epochs": ["epochs"], "n_epochs": ["epochs"], "epoch": ["epochs"], "step": ["steps"],
        "x0": ["from", "at"], "start": ["from", "at"], "init": ["from", "at"], "initial": ["from", "at"], "theta0": ["from", "at"],
        "beta": ["momentum"], "mu": ["momentum"], "gamma": ["momentum"],
        "tolerance": ["tol"], "gtol": ["tol"], "eps": ["tol"], "epsilon": ["tol"],
        "data": ["on"], "dataset": ["on"],
        "shuffle": ["noshuffle"], "random_state": ["seed"], "opt": ["optimizer"], "optimiser": ["optimizer"], "solver": ["method"],
    ]

    /// The order in which a command's options would be given as positional
    /// arguments, as `descend(loss, 0, 0.001)` does, after the function.
    public static let positionalOptions: [CommandName: [String]] = [
        .descend: ["from", "rate", "steps"], .minimize: ["from", "method"], .sgd: ["on", "from", "rate"], .solve: ["on"],
        .gradcheck: ["at"], .classify: ["at"], .stationary: ["from", "to"], .plot: ["from", "to"],
    ]
}
