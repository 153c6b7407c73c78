import Symbolic

/// Compiling canonical symbolic expressions (derivatives, gradients, and
/// anything else held as an `Expr`) into register programs.
///
/// The program computes exactly what `Expr.evaluate` computes, operation for
/// operation, so a compiled value is the same double as the symbolic one:
/// a sum `c + Σ kᵢ·mᵢ` as `((0 + k₁·m₁) + k₂·m₂ …) + c` (a coefficient of 1
/// not multiplied), a product `k·Π fᵢ` as `(k·f₁)·f₂ …`, a power through
/// `pow`, `log(u, b)` as `ln(u)/ln(b)`, `max`/`min` of several arguments as
/// the left fold of the two-argument ones. The one licensed difference:
/// with `rewritesIntegerPowers` set on the builder, integer powers become
/// multiplications (faster, within a few ulps of `pow`).
///
/// A user's own formula should not come through here: `Expr` is canonical
/// (reordered, folded), and a user's formula must be computed in the order it
/// was written. Build it on `ProgramBuilder` from the syntax tree instead.
extension ProgramBuilder {
    /// Deepest expression `add(_:symbols:)` accepts (it recurses once per level).
    public static let maximumExpressionDepth = 2_000

    /// Adds `expression` and returns the register holding its value. Each
    /// free symbol is resolved by `symbol(name)` (a parameter, column or
    /// constant register); when that gives nil, the built-in constants of
    /// `Expr.constantValues` (`e`, `pi`, `π`) apply, as in `Expr.evaluate`.
    ///
    ///     var builder = ProgramBuilder(parameterCount: 2, columnCount: 2)
    ///     let names = ["θ0": builder.parameter(0), "θ1": builder.parameter(1),
    ///                  "x": builder.column(0), "y": builder.column(1)]
    ///     let gradient = try lossExpr.gradient(…).map { try builder.add($0) { names[$0] } }
    public mutating func add(_ expression: Expr, symbols: (String) -> Register?) throws(CompileError) -> Register {
        if expression.depth > Self.maximumExpressionDepth {
            throw .tooDeep(depth: expression.depth, limit: Self.maximumExpressionDepth)
        }
        var memo: [Expr: Register] = [:]
        return try compile(expression, symbols, &memo)
    }

    private mutating func compile(
        _ expression: Expr, _ symbols: (String) -> Register?, _ memo: inout [Expr: Register]
    ) throws(CompileError) -> Register {
        if let known = memo[expression] { return known }
        let result: Register
        switch expression.kind {
        case .number(let number):
            result = constant(number.doubleValue)
        case .symbol(let name):
            if let register = symbols(name) {
                result = register
            } else if let value = Expr.constantValues[name] {
                result = constant(value)
            } else {
                throw .unboundSymbol(name)
            }
        case .sum(let sumConstant, let terms):
            // `Expr.evaluate` starts from 0, and 0 + t differs from t only
            // when t is -0; the constant added last then makes both +0,
            // unless it is itself -0 (which adds nothing). So the leading
            // 0 is kept only in that case: one pass over the rows fewer.
            let last = sumConstant.doubleValue
            var total: Register? = (last == 0 && last.sign == .minus) ? constant(0) : nil
            for term in terms {
                let monomial = try compile(term.monomial, symbols, &memo)
                let value =
                    term.coefficient.isOne
                    ? monomial : binary(.multiply, constant(term.coefficient.doubleValue), monomial)
                total = total.map { binary(.add, $0, value) } ?? value
            }
            result = binary(.add, total ?? constant(0), constant(last))
        case .product(let coefficient, let factors):
            var total = constant(coefficient.doubleValue)
            for factor in factors {
                total = binary(.multiply, total, try compile(factor, symbols, &memo))
            }
            result = total
        case .power(let base, let exponent):
            let b = try compile(base, symbols, &memo)
            let e = try compile(exponent, symbols, &memo)
            result = binary(.power, b, e)
        case .call(let function, let arguments):
            var values: [Register] = []
            for argument in arguments { values.append(try compile(argument, symbols, &memo)) }
            result = try call(function, values)
        }
        memo[expression] = result
        return result
    }

}

extension Program {
    /// Compiles `expressions` into one program (shared subexpressions
    /// computed once), with output i the value of `expressions[i]`.
    ///
    /// A symbol is resolved as gd binds names in a per-row objective: a
    /// parameter (by position in `parameters`) wins over a column (by
    /// position in `columns`), which wins over a global in `constants`; then
    /// `e` and `pi`. Set `rewritesIntegerPowers` for derivative programs only.
    ///
    ///     let program = try Program.compile(
    ///         [loss] + gradient, parameters: ["θ0", "θ1"], columns: ["x", "y"])
    public static func compile(
        _ expressions: [Expr], parameters: [String], columns: [String] = [],
        constants: [String: Double] = [:], rewritesIntegerPowers: Bool = false
    ) throws(CompileError) -> Program {
        var builder = ProgramBuilder(parameterCount: parameters.count, columnCount: columns.count)
        builder.rewritesIntegerPowers = rewritesIntegerPowers
        var registers: [String: Register] = [:]
        // Sorted so that constants are added in the same order every run.
        for (name, value) in constants.sorted(by: { $0.key < $1.key }) { registers[name] = builder.constant(value) }
        for (index, name) in columns.enumerated().reversed() { registers[name] = builder.column(index) }
        for (index, name) in parameters.enumerated().reversed() { registers[name] = builder.parameter(index) }
        var outputs: [Register] = []
        for expression in expressions {
            outputs.append(try builder.add(expression) { registers[$0] })
        }
        do {
            return try builder.build(outputs: outputs)
        } catch {
            // Every register came from this builder; kept as an error, not a trap.
            throw .internalError(error.description)
        }
    }
}

/// Why an expression could not be compiled. Messages are built in `description`.
public enum CompileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A free name that is no parameter, column, constant or built-in constant.
    case unboundSymbol(String)
    /// A function the compiled programs do not evaluate (vector functions).
    case unsupportedFunction(String)
    case wrongArgumentCount(function: String, count: Int)
    case tooDeep(depth: Int, limit: Int)
    case internalError(String)

    public var description: String {
        switch self {
        case .unboundSymbol(let name): return "unknown name '\(name)'"
        case .unsupportedFunction(let name): return "'\(name)' cannot be evaluated row by row"
        case .wrongArgumentCount(let name, let count):
            return "'\(name)' does not take \(count) argument\(count == 1 ? "" : "s")"
        case .tooDeep(let depth, let limit): return "expression nested \(depth) deep (the limit is \(limit))"
        case .internalError(let message): return "internal error: \(message)"
        }
    }
}
