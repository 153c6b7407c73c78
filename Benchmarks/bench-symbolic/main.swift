import Core
// bench-symbolic: in-process timing of differentiation + simplification.
//
//     bench-symbolic            # JSON lines: each case's input, results and time
//     bench-symbolic --quick    # fewer repetitions (a smoke run)
//     bench-symbolic --only polyfit8x50   # one case (for profiling)
//     bench-symbolic --repeats N          # each gradient N times, untimed (callgrind)
//
// Cases: (i) the lecture expressions, (ii) the gradient of the 20-variable
// extended Rosenbrock function, (iii) the gradient of the sum of squared
// residuals of a degree-8 polynomial over 50 points with symbolic x_i, y_i
// w.r.t. its 9 coefficients, (iv) fixed-seed random expressions (sizes only).
// scripts/bench-symbolic.py runs SymPy and SymEngine on the same inputs,
// compares output sizes (SymPy's count_ops) and prints ratios.
import Symbolic

let quick = CommandLine.arguments.contains("--quick")

// MARK: Inputs

func symbol(_ name: String) -> Expr { .symbol(name) }
func pow(_ base: Expr, _ exponent: Expr) -> Expr { .power(base, exponent) }
func call(_ function: BuiltinFunction, _ args: Expr...) -> Expr { .call(function, args) }

struct Case {
    let name: String
    let kind: String
    let expression: Expr
    let variables: [String]
}

func lectureCases() -> [Case] {
    let (x, y, a, b) = (symbol("x"), symbol("y"), symbol("a"), symbol("b"))
    let (θ, θ0, θ1, x0, x1) = (symbol("θ"), symbol("θ0"), symbol("θ1"), symbol("x0"), symbol("x1"))
    let tip = symbol("tips.tip"), bill = symbol("tips.total_bill")
    return [
        Case(name: "poly2", kind: "lecture", expression: 10 * pow(x, 3) * pow(y, 2) + 5 * x * pow(y, 3) + 4 * x + y, variables: ["x", "y"]),
        Case(name: "bowl", kind: "lecture", expression: 4 * pow(x, 2) + pow(y, 2), variables: ["x", "y"]),
        Case(name: "h", kind: "lecture", expression: 8 * pow(θ0, 2) + 3 * θ0 * θ1, variables: ["θ0", "θ1"]),
        Case(
            name: "quartic", kind: "lecture", expression: (pow(x, 4) - 15 * pow(x, 3) + 80 * pow(x, 2) - 180 * x + 144) / 10,
            variables: ["x"]),
        Case(name: "square", kind: "lecture", expression: pow(θ - 2, 2), variables: ["θ"]),
        Case(name: "logistic_a", kind: "lecture", expression: call(.ln, call(.sigmoid, a * x + b)), variables: ["a"]),
        Case(name: "logistic_b", kind: "lecture", expression: call(.ln, 1 - call(.sigmoid, a * x + b)), variables: ["b"]),
        Case(name: "residual", kind: "lecture", expression: pow(y - θ0 * x0 - θ1 * x1, 2), variables: ["θ0", "θ1"]),
        Case(name: "quadratic", kind: "lecture", expression: pow(x, 2) - 4 * x + 5, variables: ["x"]),
        Case(name: "mean_loss", kind: "lecture", expression: call(.mean, pow(tip - θ0 - θ1 * bill, 2)), variables: ["θ0", "θ1"]),
    ]
}

/// Σ_{i=1}^{19} 100·(x_{i+1} − x_i²)² + (1 − x_i)²
func rosenbrock(_ n: Int) -> Case {
    let xs = (1...n).map { symbol("x\($0)") }
    var terms: [Expr] = []
    for i in 0..<(n - 1) {
        terms.append(100 * pow(xs[i + 1] - pow(xs[i], 2), 2))
        terms.append(pow(1 - xs[i], 2))
    }
    return Case(name: "rosenbrock\(n)", kind: "rosenbrock", expression: .sum(terms), variables: (1...n).map { "x\($0)" })
}

/// Σ_{i=1}^{50} (y_i − Σ_{j=0}^{8} c_j·x_i^j)²
func polynomialFit(points: Int, degree: Int) -> Case {
    var terms: [Expr] = []
    for i in 1...points {
        let xi = symbol("x_\(i)"), yi = symbol("y_\(i)")
        let prediction = Expr.sum((0...degree).map { j in symbol("c\(j)") * pow(xi, .integer(j)) })
        terms.append(pow(yi - prediction, 2))
    }
    return Case(name: "polyfit\(degree)x\(points)", kind: "polyfit", expression: .sum(terms), variables: (0...degree).map { "c\($0)" })
}


func randomExpression(_ g: inout SplitMix64, depth: Int) -> Expr {
    if depth == 0 || g.below(5) == 0 {
        switch g.below(4) {
        case 0, 1, 2: return symbol(["x", "y", "z"][g.below(3)])
        default: return .integer(g.below(7) - 3)
        }
    }
    switch g.below(10) {
    case 0, 1: return randomExpression(&g, depth: depth - 1) + randomExpression(&g, depth: depth - 1)
    case 2: return randomExpression(&g, depth: depth - 1) - randomExpression(&g, depth: depth - 1)
    case 3, 4: return randomExpression(&g, depth: depth - 1) * randomExpression(&g, depth: depth - 1)
    case 5: return randomExpression(&g, depth: depth - 1) / (1 + pow(randomExpression(&g, depth: depth - 1), 2))
    case 6: return pow(randomExpression(&g, depth: depth - 1), .integer(g.below(4) + 1))
    case 7: return -randomExpression(&g, depth: depth - 1)
    default:
        let u = randomExpression(&g, depth: depth - 1)
        let functions: [BuiltinFunction] = [.sin, .cos, .exp, .sigmoid, .tanh, .atan]
        return .call(functions[g.below(functions.count)], [u])
    }
}

func randomCases(count: Int) -> [Case] {
    var g = SplitMix64(state: 20_251_121)
    return (0..<count).map { i in
        Case(name: "random\(i)", kind: "random", expression: randomExpression(&g, depth: 4), variables: ["x"])
    }
}

// MARK: Timing

/// Median wall time of `body` in microseconds over repeated runs.
func medianMicroseconds(minimumRuns: Int, budgetSeconds: Double, _ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    var samples: [Double] = []
    let start = clock.now
    while samples.count < minimumRuns || (clock.now - start) < .milliseconds(Int64(budgetSeconds * 1000)) {
        let t0 = clock.now
        body()
        let elapsed = clock.now - t0
        let (seconds, attoseconds) = elapsed.components
        samples.append(Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
        if samples.count >= 100_000 { break }
    }
    samples.sort()
    return samples[samples.count / 2]
}

func json(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

var sink = 0
let only: String? = CommandLine.arguments.firstIndex(of: "--only").flatMap { i in
    i + 1 < CommandLine.arguments.count ? CommandLine.arguments[i + 1] : nil
}
// `--repeats N`: each case's gradient exactly N times, untimed (for
// instruction counts under callgrind, where a time budget would vary).
let fixedRepeats: Int? = CommandLine.arguments.firstIndex(of: "--repeats").flatMap { i in
    i + 1 < CommandLine.arguments.count ? Int(CommandLine.arguments[i + 1]) : nil
}
let cases = lectureCases() + [rosenbrock(20), polynomialFit(points: 50, degree: 8)] + randomCases(count: quick ? 20 : 200)
for c in cases where only == nil || c.name == only {
    let results = c.expression.gradient(withRespectTo: c.variables)
    var micros = -1.0
    if let repeats = fixedRepeats {
        for _ in 0..<repeats { sink &+= c.expression.gradient(withRespectTo: c.variables).count }
    } else if c.kind != "random" {
        micros = medianMicroseconds(minimumRuns: quick ? 3 : 20, budgetSeconds: quick ? 0.05 : 0.5) {
            sink &+= c.expression.gradient(withRespectTo: c.variables).count
        }
    }
    let variables = c.variables.map(json).joined(separator: ", ")
    let printed = results.map { json($0.description) }.joined(separator: ", ")
    print(
        "{\"case\": \(json(c.name)), \"kind\": \(json(c.kind)), \"input\": \(json(c.expression.description)), "
            + "\"variables\": [\(variables)], \"results\": [\(printed)], \"microseconds\": \(micros)}")
}
if sink == -1 { print("") }  // keeps the timed work observable
