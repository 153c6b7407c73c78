import Core
import Foundation

/// One built-in function: the single source of truth for its name, aliases,
/// arity, scalar value and derivative, read by the printer, the
/// differentiator and (through `evaluate`) the interpreter and compiler.
///
/// A function states only its own partial derivatives ∂f/∂uₖ; the chain rule
/// d f(u₁…uₙ) = Σₖ ∂f/∂uₖ · duₖ is applied in one place (`Expr+Derivative`).
/// The reductions `sum` and `mean` are linear operators over a column instead:
/// d mean(u) = mean(du).
///
/// Non-smooth functions use these subgradients (the value at the kink is the
/// documented convention, so results are reproducible):
/// - `abs`: d|u| = sign(u)·du, with sign(0) = 0;
/// - `max(a, b, …)`: the derivative follows the first argument that attains
///   the maximum: ∂/∂aᵢ = [aᵢ > aⱼ for j < i]·[aᵢ ≥ aⱼ for j > i], written with
///   `step` (Heaviside, step(0) = 0) as Π_{j<i} step(aᵢ − aⱼ) · Π_{j>i} (1 − step(aⱼ − aᵢ));
///   `min` likewise with the inequalities reversed;
/// - `hinge(m)` = max(0, 1 − m): d hinge(m) = −step(1 − m)·dm (0 at the margin m = 1);
/// - `sign` and `step` have derivative 0 (everywhere but their jump).
///
/// A final class rather than a struct: `Expr.Kind.call` holds it, and as a
/// ten-field struct it made every `Kind` about 160 bytes, copied (with a
/// dozen retains) at each `switch e.kind`. A reference keeps `Kind` small
/// (measured: about a quarter of small derivatives' time).
public final class BuiltinFunction: Hashable, Sendable, CustomStringConvertible {
    /// The canonical name, as printed (`σ` for sigmoid, `ln` for the natural log).
    public let name: String
    /// Other names that read as this function (`sigmoid`).
    public let aliases: [String]
    /// How many arguments it takes (`Int.max` as upper bound: any number from the lower one).
    public let arity: ClosedRange<Int>
    /// Scalar value at the given arguments (IEEE; NaN for a wrong argument count).
    /// For the reductions `sum`/`mean` on a scalar, the scalar itself.
    public let evaluate: @Sendable ([Double]) -> Double
    /// True for `sum` and `mean`: linear operators over a data column.
    public let isLinearReduction: Bool
    /// The rule's name in a derivation ("derivative of ln").
    public let ruleName: String
    /// The derivative stated as text, for `explain` and help (`d ln(u) = du/u`).
    public let ruleText: String
    /// LaTeX command for the name (`\sin`, `\sigma`).
    public let latexName: String
    /// The value of a function of one argument, without the array
    /// `evaluate` takes (what compiled programs call per row).
    public let unaryValue: (@Sendable (Double) -> Double)?
    let partials: (@Sendable ([Expr]) -> [Expr])?
    /// Exact rewrites applied on construction; nil keeps the call as written.
    let rewrite: @Sendable ([Expr]) -> Expr?

    /// The reference `help NAME` shows: usage, one line, a runnable example.
    public struct Doc: Sendable {
        public let synopsis: String
        public let summary: String
        public let example: String
        init(_ synopsis: String, _ summary: String, _ example: String) {
            self.synopsis = synopsis
            self.summary = summary
            self.example = example
        }
    }

    public let doc: Doc
    /// LaTeX with `#` for the argument when it is not `\name\left(…\right)`
    /// (`\sqrt{#}`, `\left|#\right|`).
    public let latexTemplate: String?

    init(
        name: String, aliases: [String], arity: ClosedRange<Int>, doc: Doc = Doc("", "", ""), latexTemplate: String? = nil,
        evaluate: @escaping @Sendable ([Double]) -> Double,
        unaryValue: (@Sendable (Double) -> Double)? = nil,
        isLinearReduction: Bool, ruleName: String, ruleText: String, latexName: String,
        partials: (@Sendable ([Expr]) -> [Expr])?, rewrite: @escaping @Sendable ([Expr]) -> Expr?
    ) {
        self.name = name
        self.nameHash = stringHash(name)
        self.isSineOrCosine = name == "sin" || name == "cos"
        self.isSquareRoot = name == "sqrt"
        self.aliases = aliases
        self.arity = arity
        self.doc = doc
        self.latexTemplate = latexTemplate
        self.evaluate = evaluate
        if let unaryValue {
            self.unaryValue = unaryValue
        } else if arity == 1...1 {
            self.unaryValue = { @Sendable x in evaluate([x]) }
        } else {
            self.unaryValue = nil
        }
        self.isLinearReduction = isLinearReduction
        self.ruleName = ruleName
        self.ruleText = ruleText
        self.latexName = latexName
        self.partials = partials
        self.rewrite = rewrite
    }

    public var description: String { name }

    /// What every node of a call reads when it is built (`ExprStorage`):
    /// the name's hash, and whether this is sin or cos, or sqrt. Kept here so
    /// a node neither hashes the name again nor reaches the table's entries,
    /// each a lazily initialised global.
    let nameHash: UInt64
    let isSineOrCosine: Bool
    let isSquareRoot: Bool

    /// The same function: each built-in is one instance, made once in the
    /// table below (the initialiser is not public), so identity is equality.
    /// Comparing names instead cost a string comparison at every
    /// `function == .exp` test in the simplifier (`σ` and `ln` are not ASCII
    /// to the comparison's fast path): 11% of `diff(ln(σ(a*x + b)), a)`.
    public static func == (lhs: BuiltinFunction, rhs: BuiltinFunction) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// f′(x) of a function of one argument, from its derivative rule
    /// (`nan` when it has none).
    public func derivativeValue(at x: Double) -> Double {
        let u = "\u{1}u"
        guard let partial = partials?([.symbol(u)]).first else { return .nan }
        return partial.evaluate([u: x]) ?? .nan
    }

    /// The partial derivatives ∂f/∂uₖ at `arguments` (nil for linear reductions).
    public func partialDerivatives(at arguments: [Expr]) -> [Expr]? { partials?(arguments) }

    // MARK: The table

    public static let sin: BuiltinFunction = unary("sin", doc: Doc("sin(x)", "sine (radians)", "sin(pi/2)"), latex: "\\sin", rule: "d sin(u) = cos(u)*du", { Foundation.sin($0) },
        partial: { [Expr.call(.cos, [$0])] }, rewrite: { oddRewrite(.sin, $0) })
    public static let cos: BuiltinFunction = unary("cos", doc: Doc("cos(x)", "cosine (radians)", "cos(0)"), latex: "\\cos", rule: "d cos(u) = -sin(u)*du", { Foundation.cos($0) },
        partial: { [-Expr.call(.sin, [$0])] }, rewrite: { $0.isZero ? .one : (looksNegative($0) ? Expr.call(.cos, [-$0]) : nil) })
    public static let tan: BuiltinFunction = unary("tan", doc: Doc("tan(x)", "tangent (radians)", "tan(pi/4)"), latex: "\\tan", rule: "d tan(u) = (1 + tan(u)^2)*du", { Foundation.tan($0) },
        partial: { [1 + Expr.power(Expr.call(.tan, [$0]), 2)] }, rewrite: { oddRewrite(.tan, $0) })
    public static let asin: BuiltinFunction = unary("asin", doc: Doc("asin(x)", "inverse sine", "asin(1)"), latex: "\\arcsin", rule: "d asin(u) = du/sqrt(1 - u^2)", { Foundation.asin($0) },
        partial: { [Expr.power(Expr.call(.sqrt, [1 - Expr.power($0, 2)]), -1)] }, rewrite: { oddRewrite(.asin, $0) })
    public static let acos: BuiltinFunction = unary("acos", doc: Doc("acos(x)", "inverse cosine", "acos(1)"), latex: "\\arccos", rule: "d acos(u) = -du/sqrt(1 - u^2)", { Foundation.acos($0) },
        partial: { [-Expr.power(Expr.call(.sqrt, [1 - Expr.power($0, 2)]), -1)] }, rewrite: { _ in nil })
    public static let atan: BuiltinFunction = unary("atan", doc: Doc("atan(x)", "inverse tangent", "atan(1)"), latex: "\\arctan", rule: "d atan(u) = du/(1 + u^2)", { Foundation.atan($0) },
        partial: { [Expr.power(1 + Expr.power($0, 2), -1)] }, rewrite: { oddRewrite(.atan, $0) })
    public static let exp: BuiltinFunction = unary("exp", doc: Doc("exp(x)", "e to the power x", "exp(1)"), latex: "\\exp", rule: "d exp(u) = exp(u)*du", { exponential($0) },
        partial: { [Expr.call(.exp, [$0])] }, rewrite: { $0.isZero ? .one : exponentialOfLogarithms($0) })
    public static let ln: BuiltinFunction = unary("ln", doc: Doc("ln(x)", "natural logarithm", "ln(e^2)"), latex: "\\ln", rule: "d ln(u) = du/u", { Foundation.log($0) },
        partial: { [Expr.power($0, -1)] },
        rewrite: { u in u.isOne ? .zero : (u.symbolName == "e" ? .one : logarithmOfInverse(u)) })
    /// `log(u)` is the natural log (rewritten to `ln`); `log(u, b)` is base b.
    public static let log: BuiltinFunction = BuiltinFunction(
        name: "log", aliases: [], arity: 1...2,
        doc: Doc("log(x), log(x, b)", "natural logarithm, or the logarithm to base b", "log(100, 10)"),
        evaluate: { args in
            if args.count == 1 { return Foundation.log(args[0]) }
            if args.count == 2 { return Foundation.log(args[0]) / Foundation.log(args[1]) }
            return .nan
        },
        isLinearReduction: false, ruleName: "derivative of log", ruleText: "d log(u, b) = du/(u*ln(b)) - ln(u)*db/(b*ln(b)^2)",
        latexName: "\\log",
        partials: { args in
            guard args.count == 2 else { return [Expr.power(args.first ?? .zero, -1)] }
            let (u, b) = (args[0], args[1])
            let lnB = Expr.call(.ln, [b])
            return [Expr.power(u * lnB, -1), -Expr.call(.ln, [u]) / (b * Expr.power(lnB, 2))]
        },
        rewrite: { args in
            if args.count == 1 || (args.count == 2 && args[1].symbolName == "e") { return Expr.call(.ln, [args[0]]) }
            return nil
        })
    public static let log10: BuiltinFunction = unary("log10", doc: Doc("log10(x)", "base-10 logarithm", "log10(1000)"), latex: "\\log_{10}", rule: "d log10(u) = du/(u*ln(10))", { Foundation.log10($0) },
        partial: { [Expr.power($0 * Expr.call(.ln, [10]), -1)] }, rewrite: { $0.isOne ? .zero : nil })
    public static let sqrt: BuiltinFunction = unary("sqrt", doc: Doc("sqrt(x)", "square root", "sqrt(2)"), latex: "\\sqrt", template: "\\sqrt{#}", rule: "d sqrt(u) = du/(2*sqrt(u))", { Foundation.sqrt($0) },
        partial: { [Expr.power(2 * Expr.call(.sqrt, [$0]), -1)] },
        rewrite: { u in
            // Exact roots only (sqrt(9/4) = 3/2); sqrt(2) stays symbolic.
            if let n = u.numberValue {
                guard let root = n.exactRoot(2) else { return nil }
                return .number(root)
            }
            return squareRootOfContent(u)
        })
    public static let abs: BuiltinFunction = unary("abs", doc: Doc("abs(x)", "absolute value (subgradient sign(x), 0 at 0)", "abs(-3)"), latex: "", template: "\\left|#\\right|", rule: "d abs(u) = sign(u)*du, with sign(0) = 0", { Swift.abs($0) },
        partial: { [Expr.call(.sign, [$0])] },
        rewrite: { u in
            guard let n = u.numberValue else { return nil }
            return .number(n.isNegative ? -n : n)
        })
    public static let sign: BuiltinFunction = unary("sign", doc: Doc("sign(x)", "-1, 0 or 1 (the subgradient gd uses for abs)", "sign(-2)"), latex: "\\operatorname{sign}", rule: "d sign(u) = 0", { x in
        x.isNaN ? .nan : (x > 0 ? 1 : (x < 0 ? -1 : 0))
    }, partial: { _ in [.zero] },
        rewrite: { u in
            guard let n = u.numberValue, n.isRational else { return nil }
            return n.isZero ? .zero : (n.isNegative ? .minusOne : .one)
        })
    /// Heaviside step with step(0) = 0 (alias `heaviside`).
    public static let step: BuiltinFunction = BuiltinFunction(
        name: "step", aliases: ["heaviside"], arity: 1...1,
        doc: Doc("step(x), heaviside(x)", "1 for x > 0, else 0 (the subgradient gd uses for max and hinge)", "step([-1, 0, 2])"),
        evaluate: { args in
            guard args.count == 1 else { return .nan }
            return args[0].isNaN ? .nan : (args[0] > 0 ? 1 : 0)
        },
        isLinearReduction: false, ruleName: "derivative of step", ruleText: "d step(u) = 0", latexName: "\\operatorname{step}",
        partials: { _ in [.zero] },
        rewrite: { args in
            guard args.count == 1, let n = args[0].numberValue, n.isRational else { return nil }
            return Number.compare(n, .zero) > 0 ? .one : .zero
        })
    public static let tanh: BuiltinFunction = unary("tanh", doc: Doc("tanh(x)", "hyperbolic tangent", "tanh(0.5)"), latex: "\\tanh", rule: "d tanh(u) = (1 - tanh(u)^2)*du", { Foundation.tanh($0) },
        partial: { [1 - Expr.power(Expr.call(.tanh, [$0]), 2)] }, rewrite: { oddRewrite(.tanh, $0) })
    /// σ(u) = 1/(1 + e^-u), printed `σ` (alias `sigmoid`).
    public static let sigmoid: BuiltinFunction = BuiltinFunction(
        name: "σ", aliases: ["sigmoid"], arity: 1...1,
        doc: Doc("sigmoid(x), σ(x)", "the logistic function 1/(1 + e^-x)", "sigmoid(0)"),
        evaluate: { args in args.count == 1 ? 1 / (1 + exponential(-args[0])) : .nan },
        isLinearReduction: false, ruleName: "derivative of σ", ruleText: "d σ(u) = σ(u)*(1 - σ(u))*du", latexName: "\\sigma",
        partials: { args in
            let s = Expr.call(.sigmoid, args)
            return [s * (1 - s)]
        },
        rewrite: { args in args.count == 1 && args[0].isZero ? Expr.rational(1, 2) : nil })
    /// The scalar hinge loss of a margin: hinge(m) = max(0, 1 − m).
    public static let hinge: BuiltinFunction = unary("hinge", doc: Doc("hinge(m)", "the binary hinge loss max(0, 1 − m)", "hinge(0.5)"), latex: "\\operatorname{hinge}", rule: "d hinge(m) = -step(1 - m)*dm",
        { m in m.isNaN ? .nan : Swift.max(0, 1 - m) },
        partial: { [-Expr.call(.step, [1 - $0])] },
        rewrite: { _ in nil })
    // Hyperbolic, reciprocal trigonometric and other functions: each is this
    // one entry (value, derivative, LaTeX, reference); evaluation, compiled
    // programs, help and completion read it from here.
    public static let sinh: BuiltinFunction = unary("sinh", doc: Doc("sinh(x)", "hyperbolic sine", "sinh(1)"), latex: "\\sinh",
        rule: "d sinh(u) = cosh(u)*du", { Foundation.sinh($0) },
        partial: { [Expr.call(.cosh, [$0])] }, rewrite: { oddRewrite(.sinh, $0) })
    public static let cosh: BuiltinFunction = unary("cosh", doc: Doc("cosh(x)", "hyperbolic cosine", "cosh(0)"), latex: "\\cosh",
        rule: "d cosh(u) = sinh(u)*du", { Foundation.cosh($0) },
        partial: { [Expr.call(.sinh, [$0])] }, rewrite: { $0.isZero ? .one : (looksNegative($0) ? Expr.call(.cosh, [-$0]) : nil) })
    /// sec(x) = 1/cos(x), as Python's `1/math.cos(x)`.
    public static let sec: BuiltinFunction = unary("sec", doc: Doc("sec(x)", "secant 1/cos(x)", "sec(0)"), latex: "\\sec",
        rule: "d sec(u) = sec(u)*tan(u)*du", { 1 / Foundation.cos($0) },
        partial: { [Expr.call(.sec, [$0]) * Expr.call(.tan, [$0])] },
        rewrite: { $0.isZero ? .one : (looksNegative($0) ? Expr.call(.sec, [-$0]) : nil) })
    /// csc(x) = 1/sin(x): odd, but csc(0) is inf, so no rewrite at 0.
    public static let csc: BuiltinFunction = unary("csc", doc: Doc("csc(x)", "cosecant 1/sin(x)", "csc(pi/2)"), latex: "\\csc",
        rule: "d csc(u) = -csc(u)*cot(u)*du", { 1 / Foundation.sin($0) },
        partial: { [-(Expr.call(.csc, [$0]) * Expr.call(.cot, [$0]))] },
        rewrite: { looksNegative($0) ? -Expr.call(.csc, [-$0]) : nil })
    /// cot(x) = 1/tan(x), as Python's `1/math.tan(x)`.
    public static let cot: BuiltinFunction = unary("cot", doc: Doc("cot(x)", "cotangent 1/tan(x)", "cot(pi/4)"), latex: "\\cot",
        rule: "d cot(u) = -csc(u)^2*du", { 1 / Foundation.tan($0) },
        partial: { [-Expr.power(Expr.call(.csc, [$0]), 2)] },
        rewrite: { looksNegative($0) ? -Expr.call(.cot, [-$0]) : nil })
    public static let asinh: BuiltinFunction = unary("asinh", doc: Doc("asinh(x)", "inverse hyperbolic sine", "asinh(1)"),
        latex: "\\operatorname{arsinh}", rule: "d asinh(u) = du/sqrt(u^2 + 1)", { Foundation.asinh($0) },
        partial: { [Expr.power(Expr.call(.sqrt, [Expr.power($0, 2) + 1]), -1)] }, rewrite: { oddRewrite(.asinh, $0) })
    public static let acosh: BuiltinFunction = unary("acosh", doc: Doc("acosh(x)", "inverse hyperbolic cosine (x ≥ 1)", "acosh(2)"),
        latex: "\\operatorname{arcosh}", rule: "d acosh(u) = du/sqrt(u^2 - 1)", { Foundation.acosh($0) },
        partial: { [Expr.power(Expr.call(.sqrt, [Expr.power($0, 2) - 1]), -1)] }, rewrite: { $0.isOne ? .zero : nil })
    public static let atanh: BuiltinFunction = unary("atanh", doc: Doc("atanh(x)", "inverse hyperbolic tangent (|x| < 1)", "atanh(0.5)"),
        latex: "\\operatorname{artanh}", rule: "d atanh(u) = du/(1 - u^2)", { Foundation.atanh($0) },
        partial: { [Expr.power(1 - Expr.power($0, 2), -1)] }, rewrite: { oddRewrite(.atanh, $0) })
    public static let log2: BuiltinFunction = unary("log2", doc: Doc("log2(x)", "base-2 logarithm", "log2(1024)"), latex: "\\log_{2}",
        rule: "d log2(u) = du/(u*ln(2))", { Foundation.log2($0) },
        partial: { [Expr.power($0 * Expr.call(.ln, [2]), -1)] }, rewrite: { $0.isOne ? .zero : nil })
    /// The real cube root (negative for negative x, unlike x^(1/3)).
    public static let cbrt: BuiltinFunction = unary("cbrt", doc: Doc("cbrt(x)", "real cube root", "cbrt(-27)"), latex: "",
        template: "\\sqrt[3]{#}", rule: "d cbrt(u) = du/(3*cbrt(u)^2)", { Foundation.cbrt($0) },
        partial: { [Expr.power(3 * Expr.power(Expr.call(.cbrt, [$0]), 2), -1)] },
        rewrite: { u in
            if let n = u.numberValue, let root = n.exactRoot(3) { return .number(root) }
            return oddRewrite(.cbrt, u)
        })
    /// The error function, as C's and Python's `erf`.
    public static let erf: BuiltinFunction = unary("erf", doc: Doc("erf(x)", "the error function (2/√π)∫₀ˣ e^(−t²) dt", "erf(1)"),
        latex: "\\operatorname{erf}", rule: "d erf(u) = 2*exp(-u^2)/sqrt(pi)*du", { Foundation.erf($0) },
        partial: { [2 * Expr.call(.exp, [-Expr.power($0, 2)]) / Expr.call(.sqrt, [.symbol("pi")])] }, rewrite: { oddRewrite(.erf, $0) })
    public static let max: BuiltinFunction = extremum(name: "max", latex: "\\max", isMaximum: true)
    public static let min: BuiltinFunction = extremum(name: "min", latex: "\\min", isMaximum: false)
    /// Sum over a data column; linear: d sum(u) = sum(du).
    public static let sum: BuiltinFunction = reduction(name: "sum", latex: "\\sum", rewrite: { u in u.isZero ? .zero : nil })
    /// Mean over a data column; linear: d mean(u) = mean(du); mean(c) = c for a number c.
    public static let mean: BuiltinFunction = reduction(name: "mean", latex: "\\operatorname{mean}", rewrite: { u in u.numberValue != nil ? u : nil })

    /// Every built-in, in the order help lists them.
    public static let all: [BuiltinFunction] = [
        .sin, .cos, .tan, .asin, .acos, .atan, .exp, .ln, .log, .log10, .sqrt, .abs, .tanh, .sigmoid,
        .max, .min, .sum, .mean, .sign, .step, .hinge,
        .sinh, .cosh, .sec, .csc, .cot, .asinh, .acosh, .atanh, .log2, .cbrt, .erf,
    ]

    private static let byName: [String: BuiltinFunction] = {
        var table: [String: BuiltinFunction] = [:]
        for function in all {
            table[function.name] = function
            for alias in function.aliases { table[alias] = function }
        }
        return table
    }()

    /// Looks a built-in up by name or alias.
    public static func named(_ name: String) -> BuiltinFunction? { byName[name] }

    private static let positions: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.name, $0) })

    /// The function's position in `all`: a plain number that compiled
    /// programs hold instead of a reference (no reference counting per row).
    public var tableIndex: Int { Self.positions[name] ?? 0 }

    /// Every name and alias, sorted (for completion and did-you-mean).
    public static var allNames: [String] { byName.keys.sorted() }

    // MARK: Table helpers

    private static func unary(
        _ name: String, doc: Doc, latex: String, template: String? = nil, rule: String, _ value: @escaping @Sendable (Double) -> Double,
        partial: @escaping @Sendable (Expr) -> [Expr], rewrite: @escaping @Sendable (Expr) -> Expr?
    ) -> BuiltinFunction {
        BuiltinFunction(
            name: name, aliases: [], arity: 1...1, doc: doc, latexTemplate: template,
            evaluate: { args in args.count == 1 ? value(args[0]) : .nan }, unaryValue: value,
            isLinearReduction: false, ruleName: "derivative of \(name)", ruleText: rule, latexName: latex,
            partials: { args in args.count == 1 ? partial(args[0]) : [] },
            rewrite: { args in args.count == 1 ? rewrite(args[0]) : nil })
    }

    private static func reduction(name: String, latex: String, rewrite: @escaping @Sendable (Expr) -> Expr?) -> BuiltinFunction {
        BuiltinFunction(
            name: name, aliases: [], arity: 1...1,
            evaluate: { args in args.count == 1 ? args[0] : .nan },
            isLinearReduction: true, ruleName: "linearity of \(name)", ruleText: "d \(name)(u) = \(name)(du)", latexName: latex,
            partials: nil,
            rewrite: { args in
                guard args.count == 1 else { return nil }
                if let simple = rewrite(args[0]) { return simple }
                // A numeric factor moves out: mean(3*u) = 3*mean(u).
                if case .product(let c, let factors) = args[0].kind, !c.isOne {
                    let rest = factors.count == 1 ? factors[0] : Expr(.product(coefficient: .one, factors: factors))
                    return Expr.scaled(Expr(.call(named(name) ?? .mean, [rest])), by: c)
                }
                // A sum's common factor moves out too, signed so that the data term
                // (a column) leads positively: mean(2*θ0 - 2*y) = -2*mean(y - θ0).
                if case .sum(let constant, let terms) = args[0].kind, let content = sumContent(constant: constant, terms: terms),
                    !content.isOne, let inverse = Number.one.dividing(by: content)
                {
                    let rest = Expr.makeSum(
                        constant: constant * inverse,
                        terms: terms.map { Expr.Term(coefficient: $0.coefficient * inverse, monomial: $0.monomial) }, alreadySorted: true)
                    return Expr.scaled(Expr(.call(named(name) ?? .mean, [rest])), by: content)
                }
                return nil
            })
    }

    private static func extremum(name: String, latex: String, isMaximum: Bool) -> BuiltinFunction {
        BuiltinFunction(
            name: name, aliases: [], arity: 2...Int.max,
            evaluate: { args in
                guard let first = args.first else { return .nan }
                var best = first
                for x in args {
                    if x.isNaN { return .nan }
                    if isMaximum ? x > best : x < best { best = x }
                }
                return best
            },
            isLinearReduction: false, ruleName: "derivative of \(name)",
            ruleText: "d \(name)(a, b) = \(isMaximum ? "(1 - step(b - a))*da + step(b - a)*db" : "(1 - step(a - b))*da + step(a - b)*db")",
            latexName: latex,
            partials: { args in
                // ∂/∂aᵢ: aᵢ beats every earlier argument strictly and every later one weakly.
                args.indices.map { i in
                    var factors: [Expr] = []
                    for j in args.indices where j != i {
                        let lead = isMaximum ? args[i] - args[j] : args[j] - args[i]
                        if j < i {
                            factors.append(Expr.call(.step, [lead]))
                        } else {
                            factors.append(1 - Expr.call(.step, [-lead]))
                        }
                    }
                    return Expr.product(factors)
                }
            },
            rewrite: { args in
                // Fold when every argument is an exact number.
                var numbers: [Number] = []
                for arg in args {
                    guard let n = arg.numberValue, n.isRational else { return nil }
                    numbers.append(n)
                }
                guard var best = numbers.first else { return nil }
                for n in numbers where isMaximum ? Number.compare(n, best) > 0 : Number.compare(n, best) < 0 { best = n }
                return .number(best)
            })
    }
}

/// True when `u` prints with a leading minus and no positive part: a negative
/// number, a product with a negative coefficient, a sum of negative terms.
/// Odd and even functions take the sign out of such arguments, as SymPy does.
/// sqrt(c·v) = sqrt(c)·sqrt(v) for a rational c > 0 with an exact root,
/// the content of a sum or the coefficient of a product (`sqrt(1 - x^2/4)` →
/// `sqrt(4 - x^2)/2`): for c > 0 both sides are defined exactly where v ≥ 0.
func squareRootOfContent(_ u: Expr) -> Expr? {
    switch u.kind {
    case .sum(let constant, let terms):
        guard let content = Expr.positiveContent(constant: constant, terms: terms), !content.isOne,
            let root = content.exactRoot(2), let inverse = Number.one.dividing(by: content)
        else { return nil }
        return Expr.scaled(Expr.call(.sqrt, [Expr.scaled(u, by: inverse)]), by: root)
    case .product(let c, let factors) where c.isRational && !c.isNegative && !c.isOne:
        guard let root = c.exactRoot(2) else { return nil }
        let rest = factors.count == 1 ? factors[0] : Expr(.product(coefficient: .one, factors: factors))
        return Expr.scaled(Expr.call(.sqrt, [rest]), by: root)
    default:
        return nil
    }
}

/// `ln(exp(v))` → v: exp(v) > 0 for every real v, so this holds wherever
/// the original is defined (everywhere). `ln(sqrt(v))` → ln(v)/2: the
/// original is defined only where sqrt(v) > 0, i.e. v > 0, and there
/// ln(v^(1/2)) = ln(v)/2 (at v = 0 both are -inf).
func logarithmOfInverse(_ u: Expr) -> Expr? {
    guard case .call(let inner, let args) = u.kind, args.count == 1 else { return nil }
    if inner == .exp { return args[0] }
    if inner == .sqrt { return Expr.scaled(Expr.call(.ln, [args[0]]), by: .rational(1, 2)) }
    return nil
}

/// `exp(c*ln(v) + rest)` → `v^c * exp(rest)` for a number c (`exp(ln(x))` → x,
/// `exp(2*ln(x))` → x^2). The original is defined only where ln(v) is, i.e.
/// v > 0 (or v = 0, where both sides are 0 for c > 0), and there
/// exp(c*ln(v)) = v^c by the definition of a real power; the rewrite only
/// extends the domain, it never changes a value the original has.
func exponentialOfLogarithms(_ u: Expr) -> Expr? {
    func logarithmArgument(_ monomial: Expr) -> Expr? {
        if case .call(let f, let args) = monomial.kind, f == .ln, args.count == 1 { return args[0] }
        return nil
    }
    switch u.kind {
    case .call:
        return logarithmArgument(u)
    case .product(let c, let factors) where factors.count == 1:
        return logarithmArgument(factors[0]).map { Expr.power($0, .number(c)) }
    case .sum(let constant, let terms):
        var powers: [Expr] = []
        var rest: [Expr.Term] = []
        for term in terms {
            if let v = logarithmArgument(term.monomial) {
                powers.append(Expr.power(v, .number(term.coefficient)))
            } else {
                rest.append(term)
            }
        }
        if powers.isEmpty { return nil }
        let remaining = Expr.makeSum(constant: constant, terms: rest, alreadySorted: true)
        return Expr.product(powers + [Expr.call(.exp, [remaining])])
    default:
        return nil
    }
}

func looksNegative(_ u: Expr) -> Bool {
    switch u.kind {
    case .number(let n): return n.isNegative
    case .product(let c, _): return c.isNegative
    case .sum(let constant, let terms):
        return terms.allSatisfy { $0.coefficient.isNegative } && (constant.isZero || constant.isNegative)
    default: return false
    }
}

/// f(0) = 0 and f(−u) = −f(u) for the odd functions sin, tan, asin, atan, tanh
/// (exact in IEEE arithmetic too: the libm functions are odd-symmetric).
func oddRewrite(_ function: BuiltinFunction, _ u: Expr) -> Expr? {
    if u.isZero { return .zero }
    return looksNegative(u) ? -Expr.call(function, [-u]) : nil
}

/// The common factor of a sum with rational coefficients: gcd of the numerators
/// over the lcm of the denominators, signed so that the first column term (a
/// symbol of degree 0, such as `tips.tip`), or else the first term, becomes
/// positive. Nil when some coefficient is not rational.
func sumContent(constant: Number, terms: [Expr.Term]) -> Number? {
    guard var content = Expr.positiveContent(constant: constant, terms: terms) else { return nil }
    let leading = terms.first { $0.monomial.storage.orderDegree == 0 } ?? terms.first
    if let leading, leading.coefficient.isNegative { content = -content }
    return content
}

/// The built-in name closest to a misspelt one, for "did you mean".
func closestBuiltinName(to name: String) -> String? {
    closestMatch(to: name, among: BuiltinFunction.allNames)
}
