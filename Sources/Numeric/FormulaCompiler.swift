import Core
import Symbolic

/// Compiling formulas (`Formula`: a user's resolved formula as written, or
/// the layout of a printed derivative) into register programs.
///
/// Each node becomes the operation it names, in the order written, with the
/// scalar definitions `Formula.evaluate` uses (`^` through `pow`, built-ins
/// through their table), so a compiled value at a point is the same double
/// as the evaluated one. `mean(u)` and `sum(u)` of a per-row value reduce it
/// over the table's rows.
extension ProgramBuilder {
    /// Adds `formula` and returns the register holding its value. Each free
    /// symbol is resolved by `symbols(name)` (a parameter, column or constant
    /// register); when that gives nil, the constants `e`, `pi` and `π` apply.
    public mutating func add(_ formula: Formula, symbols: (String) -> Register?) throws(CompileError) -> Register {
        if formula.depth > Self.maximumExpressionDepth {
            throw .tooDeep(depth: formula.depth, limit: Self.maximumExpressionDepth)
        }
        var memo = IdentityMemo<Register>()
        return try compile(formula, symbols, &memo)
    }

    private mutating func compile(
        _ formula: Formula, _ symbols: (String) -> Register?, _ memo: inout IdentityMemo<Register>
    ) throws(CompileError) -> Register {
        if let known = memo[ObjectIdentifier(formula)] { return known }
        let result: Register
        switch formula.kind {
        case .number(let x):
            result = constant(x)
        case .integer(let n):
            result = constant(Double(n))
        case .symbol(let name):
            if let register = symbols(name) {
                result = register
            } else if let value = Expr.constantValues[name] {
                result = constant(value)
            } else {
                throw .unboundSymbol(name)
            }
        case .group(let inner):
            result = try compile(inner, symbols, &memo)
        case .negate(let operand):
            result = unary(.negate, try compile(operand, symbols, &memo))
        case .binary(let op, let a, let b):
            let left = try compile(a, symbols, &memo)
            let right = try compile(b, symbols, &memo)
            result = binary(BinaryOp(op), left, right)
        case .call(let function, let arguments):
            var values: [Register] = []
            for argument in arguments { values.append(try compile(argument, symbols, &memo)) }
            result = try call(function, values)
        }
        memo[ObjectIdentifier(formula)] = result
        return result
    }

    /// A built-in call: its own kernel, a tabled scalar function, or the
    /// forms of `log`, `max`, `min`, `sum` and `mean` that
    /// `BuiltinFunction.evaluate` defines.
    mutating func call(_ function: BuiltinFunction, _ arguments: [Register]) throws(CompileError) -> Register {
        guard function.arity.contains(arguments.count) else {
            throw .wrongArgumentCount(function: function.name, count: arguments.count)
        }
        switch function {
        case .log where arguments.count == 2:
            return binary(.divide, unary(.ln, arguments[0]), unary(.ln, arguments[1]))
        case .log:
            return unary(.ln, arguments[0])
        case .max, .min:
            let op: BinaryOp = function == .max ? .maximum : .minimum
            var result = arguments[0]
            for argument in arguments.dropFirst() { result = binary(op, result, argument) }
            return result
        case .sum:
            return reduce(.sum, arguments[0])
        case .mean:
            return reduce(.mean, arguments[0])
        default:
            guard arguments.count == 1, let op = UnaryOp(function) else { throw .unsupportedFunction(function.name) }
            return unary(op, arguments[0])
        }
    }
}

extension BinaryOp {
    /// The program operation of a formula's operator (same definition).
    public init(_ op: Formula.Operator) {
        switch op {
        case .add: self = .add
        case .subtract: self = .subtract
        case .multiply: self = .multiply
        case .divide: self = .divide
        case .power: self = .power
        case .equal: self = .equal
        case .notEqual: self = .notEqual
        case .less: self = .less
        case .lessEqual: self = .lessOrEqual
        case .greater: self = .greater
        case .greaterEqual: self = .greaterOrEqual
        }
    }
}
