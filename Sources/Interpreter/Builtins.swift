import Core
import Data
import Diagnostics
import Foundation
import Symbolic
import Syntax

/// One entry of gd's built-in reference: read by evaluation, `help NAME`,
/// Tab completion and the generated reference, so they cannot disagree.
struct BuiltinEntry: Sendable {
    var name: String
    var arity: ClosedRange<Int>
    var synopsis: String
    var summary: String
    /// A statement (or several, separated by newlines) that `help` runs live
    /// and the test suite runs and checks.
    var example: String
    var implementation: @Sendable (BuiltinCall) throws -> Value
}

/// What a built-in sees of its call: the evaluated arguments with their
/// source ranges, the evaluator, and helpers that produce located errors.
struct BuiltinCall {
    let name: String
    let arguments: [Value]
    let ranges: [SourceRange]
    let range: SourceRange
    let evaluator: Evaluator

    func range(_ i: Int) -> SourceRange { i < ranges.count ? ranges[i] : range }

    func number(_ i: Int) throws -> Double {
        guard let x = arguments[i].scalar else {
            throw Diagnostic(.typeMismatch, "\(name) expects a number here, not \(arguments[i].kindName)", at: range(i))
        }
        return x
    }

    func count(_ i: Int, limit: Int = 100_000_000) throws -> Int {
        let x = try number(i)
        guard x.rounded() == x, x >= 0, x <= Double(limit) else {
            throw Diagnostic(.invalidArgument, "\(name) expects a whole number from 0 to \(limit) here", at: range(i))
        }
        return Int(x)
    }

    func vector(_ i: Int) throws -> [Double] {
        switch arguments[i] {
        case .vector(let v): return v
        case .number(let x): return [x]
        case .boolean(let b): return [b ? 1 : 0]
        default: throw Diagnostic(.typeMismatch, "\(name) expects a vector here, not \(arguments[i].kindName)", at: range(i))
        }
    }

    func matrix(_ i: Int) throws -> Matrix {
        switch arguments[i] {
        case .matrix(let m): return m
        case .vector(let v): return Matrix(rows: v.count, columns: 1, elements: v)
        default: throw Diagnostic(.typeMismatch, "\(name) expects a matrix here, not \(arguments[i].kindName)", at: range(i))
        }
    }

    func string(_ i: Int) throws -> String {
        guard case .string(let s) = arguments[i] else {
            throw Diagnostic(.typeMismatch, "\(name) expects a string here, not \(arguments[i].kindName)", at: range(i))
        }
        return s
    }

    func table(_ i: Int) throws -> Table {
        guard case .table(let t) = arguments[i] else {
            throw Diagnostic(.typeMismatch, "\(name) expects a table here, not \(arguments[i].kindName)", at: range(i))
        }
        return t
    }

    func fail(_ message: String, argument i: Int? = nil) -> Diagnostic {
        Diagnostic(.invalidArgument, message, at: i.map(range) ?? range)
    }
}

enum Builtins {
    static let constants: [String: Double] = Constants.all

    static func isFunction(_ name: String) -> Bool { entries[name] != nil || specialForms.contains(name) }

    static var allNames: [String] { Array(entries.keys) + Array(specialForms) + Array(constants.keys) }

    /// Forms that see their arguments unevaluated (calculus, `table`).
    static let specialForms: Set<String> = ["diff", "grad", "hessian", "subs", "simplify", "expand", "latex", "table"]

    static func call(_ name: String, _ arguments: [Value], evaluator: Evaluator, at range: SourceRange, argumentRanges: [SourceRange]) throws -> Value {
        guard let entry = entries[name] else {
            throw Diagnostic(.unknownFunction, "'\(name)' cannot be called this way", at: range)
        }
        guard entry.arity.contains(arguments.count) else {
            let expected = entry.arity.lowerBound == entry.arity.upperBound ? "\(entry.arity.lowerBound)" :
                (entry.arity.upperBound > 100 ? "\(entry.arity.lowerBound) or more" : "\(entry.arity.lowerBound) to \(entry.arity.upperBound)")
            throw Diagnostic(.wrongArgumentCount, "\(name) takes \(expected) argument\(expected == "1" ? "" : "s"), not \(arguments.count)", at: range,
                             notes: ["usage: \(entry.synopsis)"])
        }
        if arguments.contains(where: { switch $0 { case .symbolic, .expressions: return true; default: return false } }) {
            return try symbolicCall(name, arguments, evaluator: evaluator, at: range)
        }
        return try entry.implementation(BuiltinCall(name: name, arguments: arguments, ranges: argumentRanges, range: range, evaluator: evaluator))
    }

    /// The sum of `values` in the order of NumPy's pairwise summation (Core's
    /// `PairwiseSum`, spelled out with `add`): `+0` plus the tree, whose
    /// leaves start eight partial sums at `-0`. Over numbers it is exactly
    /// `PairwiseSum.of`; over expressions it is the formula that computes it.
    static func pairwiseSum(_ values: [Value], add: (Value, Value) throws -> Value) rethrows -> Value {
        func leaf(_ part: ArraySlice<Value>) throws -> Value {
            var lanes = [Value](repeating: .number(-0.0), count: 8)
            let base = part.startIndex, full = part.count & ~7
            for i in stride(from: 0, to: full, by: 8) { for k in 0..<8 { lanes[k] = try add(lanes[k], part[base + i + k]) } }
            var total = try add(try add(try add(lanes[0], lanes[1]), try add(lanes[2], lanes[3])),
                                try add(try add(lanes[4], lanes[5]), try add(lanes[6], lanes[7])))
            for i in full..<part.count { total = try add(total, part[base + i]) }
            return total
        }
        func tree(_ part: ArraySlice<Value>) throws -> Value {
            if part.count <= PairwiseSum.leafLimit { return try leaf(part) }
            let left = PairwiseSum.leftCount(of: part.count)
            return try add(try tree(part.prefix(left)), try tree(part.dropFirst(left)))
        }
        return try add(.number(0), try tree(values[...]))
    }

    /// A built-in applied to unbound names stays symbolic: `sin(x)`; a
    /// reduction of a vector of expressions folds it in the order the
    /// numeric reduction adds (`pairwiseSum`).
    static func symbolicCall(_ name: String, _ arguments: [Value], evaluator: Evaluator, at range: SourceRange) throws -> Value {
        if arguments.count == 1, case .expressions(let array) = arguments[0] {
            let elements = array.elements.map { Value.symbolic($0) }
            switch name {
            case "sum", "mean":
                let total = try pairwiseSum(elements) { try evaluator.symbolicBinary(.add, $0, $1, at: range) }
                return name == "sum" ? total : try evaluator.symbolicBinary(.divide, total, .number(Double(elements.count)), at: range)
            case "max", "min":
                guard !elements.isEmpty else { throw Diagnostic(.invalidArgument, "\(name) of an empty vector", at: range) }
                return elements.count == 1 ? elements[0] : try symbolicCall(name, elements, evaluator: evaluator, at: range)
            default:
                throw Diagnostic(.typeMismatch, "\(name) does not take a vector of expressions yet", at: range,
                                 notes: ["bind the names first, or write the formula out"])
            }
        }
        var operands: [SymbolicValue] = []
        for argument in arguments {
            guard let e = Evaluator.symbolic(argument) else {
                throw Diagnostic(.symbolicOperand, "\(name) cannot mix \(argument.kindName) with a symbolic expression", at: range)
            }
            operands.append(e)
        }
        guard let function = BuiltinFunction.named(name) else {
            throw Diagnostic(.invalidArgument, "\(name) needs numbers: its argument is a symbolic expression", at: range,
                             notes: ["bind the names first"])
        }
        guard function.arity.contains(operands.count) else {
            throw Diagnostic(.wrongArgumentCount, "\(name) of a symbolic expression takes \(function.arity.lowerBound) argument\(function.arity.lowerBound == 1 ? "" : "s")", at: range)
        }
        return .symbolic(SymbolicValue(formula: .call(function, operands.map(\.formula))))
    }

    // MARK: The table

    static let entries: [String: BuiltinEntry] = {
        // Sized once and filled list by list: concatenating the lists first
        // copied every entry twice more, and the table grew five times.
        let lists = [mathEntries, reductionEntries, vectorEntries, dataEntries, lossEntries, linearAlgebraEntries, polynomialEntries]
        var table: [String: BuiltinEntry] = [:]
        table.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for list in lists {
            for entry in list { table[entry.name] = entry }
        }
        return table
    }()

    /// Scalar functions applied elementwise to vectors and matrices: one
    /// entry per function of one argument in Symbolic's table of built-ins
    /// (`BuiltinFunction.all`), the one definition of its value, derivative,
    /// LaTeX and reference, so a new built-in needs no edit here.
    static func elementwise(_ function: BuiltinFunction, named name: String) -> BuiltinEntry {
        BuiltinEntry(name: name, arity: 1...1, synopsis: function.doc.synopsis, summary: function.doc.summary, example: function.doc.example) { call in
            let f: (Double) -> Double = function.unaryValue ?? { function.evaluate([$0]) }
            guard let (shape, elements) = Arithmetic.array(call.arguments[0]) else {
                throw Diagnostic(.typeMismatch, "\(call.name) expects a number, vector or matrix, not \(call.arguments[0].kindName)", at: call.range(0))
            }
            return Arithmetic.value(shape, elements.map(f))
        }
    }

    /// The table's functions of one argument that act elementwise (the
    /// reductions and the multiclass `hinge` have entries of their own).
    static let tabledEntries: [BuiltinEntry] = BuiltinFunction.all
        .filter { $0.arity == 1...1 && !$0.isLinearReduction && $0 != .hinge }
        .flatMap { function in ([function.name] + function.aliases).map { elementwise(function, named: $0) } }

    static let mathEntries: [BuiltinEntry] = tabledEntries + [
        BuiltinEntry(name: "log", arity: 1...2, synopsis: BuiltinFunction.log.doc.synopsis, summary: BuiltinFunction.log.doc.summary,
                     example: BuiltinFunction.log.doc.example) { call in
            guard let (shape, elements) = Arithmetic.array(call.arguments[0]) else { throw call.fail("log expects numbers", argument: 0) }
            if call.arguments.count == 2 {
                let base = try call.number(1)
                return Arithmetic.value(shape, elements.map { BuiltinFunction.log.evaluate([$0, base]) })
            }
            return Arithmetic.value(shape, elements.map { BuiltinFunction.log.evaluate([$0]) })
        },
        BuiltinEntry(name: "round", arity: 1...1, synopsis: "round(x)", summary: "round half away from zero", example: "round(2.5)") { call in
            guard let (shape, elements) = Arithmetic.array(call.arguments[0]) else { throw call.fail("round expects numbers", argument: 0) }
            return Arithmetic.value(shape, elements.map { $0.rounded() })
        },
    ]

    /// `sum`, `mean`, `max`, `min`: one argument reduces; more are elementwise.
    static func reduction(_ name: String, _ summary: String, _ example: String, reduce: @escaping @Sendable ([Double]) -> Double,
                          combine: @escaping @Sendable ([Double]) -> Double) -> BuiltinEntry {
        BuiltinEntry(name: name, arity: 1...1000, synopsis: "\(name)(v), \(name)(a, b, …)", summary: summary, example: example) { call in
            if call.arguments.count == 1 {
                // Of a number, the number itself (NumPy's reduction of a 0-d
                // value; Symbolic's and the compiled programs' `mean(c) = c`).
                if case .number(let x) = call.arguments[0] { return .number(x) }
                var v: [Double]
                if case .matrix(let m) = call.arguments[0] { v = m.elements } else { v = try call.vector(0) }
                if v.isEmpty, name == "max" || name == "min" {
                    throw call.fail("\(name) of an empty \(call.arguments[0].kindName.split(separator: " ").last ?? "vector") has no value", argument: 0)
                }
                return .number(reduce(v))
            }
            var arrays: [(Arithmetic.Shape, [Double])] = []
            for i in call.arguments.indices {
                guard let array = Arithmetic.array(call.arguments[i]) else { throw call.fail("\(name) expects numbers or vectors", argument: i) }
                arrays.append(array)
            }
            // Elementwise over the arrays' common shape; numbers broadcast. The
            // length is the shape's (an empty vector gives an empty result).
            let shape = arrays.first { $0.0 != .scalar }?.0 ?? .scalar
            let length = arrays.first { $0.0 != .scalar }?.1.count ?? 1
            for (i, array) in arrays.enumerated() where array.0 != .scalar && array.0 != shape {
                throw Diagnostic(.shapeMismatch, "\(name): the arguments have different shapes", at: call.range(i))
            }
            let elements = (0..<length).map { k in combine(arrays.map { $0.0 == .scalar ? $0.1[0] : $0.1[k] }) }
            return Arithmetic.value(shape, elements)
        }
    }

    static let reductionEntries: [BuiltinEntry] = [
        reduction("sum", "sum of a vector's elements", "sum([1, 2, 3])", reduce: FixedOrder.sum, combine: FixedOrder.sum),
        reduction("mean", "mean of a vector's elements", "mean([1, 2, 3, 4])",
                  reduce: { $0.isEmpty ? .nan : FixedOrder.sum($0) / Double($0.count) },
                  combine: { FixedOrder.sum($0) / Double($0.count) }),
        // `nan` wins, and of equal values the first (Symbolic's definition,
        // which formulas and compiled programs use too).
        reduction("max", "largest element (subgradient: the winning argument's)", "max([3, 1, 4])",
                  reduce: { BuiltinFunction.max.evaluate($0) }, combine: { BuiltinFunction.max.evaluate($0) }),
        reduction("min", "smallest element", "min(2, [1, 5])",
                  reduce: { BuiltinFunction.min.evaluate($0) }, combine: { BuiltinFunction.min.evaluate($0) }),
        BuiltinEntry(name: "std", arity: 1...1, synopsis: "std(v)", summary: "standard deviation with n − 1, as pandas", example: "std([2, 4, 4, 4, 5, 5, 7, 9])") { call in
            .number(Foundation.sqrt(variance(try call.vector(0))))
        },
        BuiltinEntry(name: "var", arity: 1...1, synopsis: "var(v)", summary: "variance with n − 1, as pandas", example: "var([1, 2, 3, 4])") { call in
            .number(variance(try call.vector(0)))
        },
    ]

    static func variance(_ v: [Double]) -> Double {
        guard v.count > 1 else { return .nan }
        let mean = FixedOrder.sum(v) / Double(v.count)
        return FixedOrder.sum(v.map { ($0 - mean) * ($0 - mean) }) / Double(v.count - 1)
    }

    static let vectorEntries: [BuiltinEntry] = [
        BuiltinEntry(name: "len", arity: 1...1, synopsis: "len(v)", summary: "number of elements (rows of a matrix or table)", example: "len([4, 5, 6])") { call in
            switch call.arguments[0] {
            case .vector(let v): return .number(Double(v.count))
            case .matrix(let m): return .number(Double(m.rows))
            case .table(let t): return .number(Double(t.rowCount))
            case .string(let s): return .number(Double(s.count))
            default: throw call.fail("len expects a vector, matrix, table or string", argument: 0)
            }
        },
        BuiltinEntry(name: "norm", arity: 1...1, synopsis: "norm(v)", summary: "Euclidean length", example: "norm([3, 4])") { call in
            let v = try call.vector(0)
            return .number(Foundation.sqrt(FixedOrder.dot(v, v)))
        },
        BuiltinEntry(name: "dot", arity: 2...2, synopsis: "dot(a, b)", summary: "dot product", example: "dot([1, 2], [3, 4])") { call in
            let a = try call.vector(0), b = try call.vector(1)
            guard a.count == b.count else { throw Diagnostic(.shapeMismatch, "dot needs vectors of the same length (\(a.count) and \(b.count))", at: call.range) }
            return .number(FixedOrder.dot(a, b))
        },
        BuiltinEntry(name: "argmax", arity: 1...1, synopsis: "argmax(v)", summary: "0-based position of the largest element", example: "argmax([3, 7, 2])") { call in
            let v = try call.vector(0)
            guard var best = v.indices.first else { throw call.fail("argmax of an empty vector", argument: 0) }
            for i in v.indices where v[i] > v[best] { best = i }
            return .number(Double(best))
        },
        BuiltinEntry(name: "zeros", arity: 1...2, synopsis: "zeros(n), zeros(rows, columns)", summary: "a vector (or matrix) of zeros", example: "zeros(3)") { call in
            try filled(call, 0)
        },
        BuiltinEntry(name: "ones", arity: 1...2, synopsis: "ones(n), ones(rows, columns)", summary: "a vector (or matrix) of ones", example: "ones(2, 2)") { call in
            try filled(call, 1)
        },
        BuiltinEntry(name: "linspace", arity: 3...3, synopsis: "linspace(a, b, n)", summary: "n evenly spaced numbers from a to b", example: "linspace(0, 1, 5)") { call in
            let a = try call.number(0), b = try call.number(1), n = try call.count(2, limit: 10_000_000)
            if n == 1 { return .vector([a]) }
            return .vector((0..<n).map { i in i == n - 1 ? b : a + (b - a) * Double(i) / Double(n - 1) })
        },
        BuiltinEntry(name: "transpose", arity: 1...1, synopsis: "transpose(X)", summary: "the matrix transpose (a vector becomes a column)", example: "transpose([[1, 2], [3, 4]])") { call in
            // A vector is read as a row, so its transpose is the n×1 column a
            // teacher means by xᵀ (`call.matrix` already reads it as that column).
            if case .vector = call.arguments[0] { return .matrix(try call.matrix(0)) }
            return .matrix(try call.matrix(0).transposed)
        },
    ]

    static func filled(_ call: BuiltinCall, _ value: Double) throws -> Value {
        let n = try call.count(0, limit: 10_000_000)
        if call.arguments.count == 2 {
            let c = try call.count(1, limit: 10_000_000)
            guard n * c <= 10_000_000 else { throw call.fail("at most 10,000,000 elements") }
            return .matrix(Matrix(rows: n, columns: c, elements: [Double](repeating: value, count: n * c)))
        }
        return .vector([Double](repeating: value, count: n))
    }

    static let lossEntries: [BuiltinEntry] = [
        BuiltinEntry(name: "softmax", arity: 1...1, synopsis: "softmax(v)", summary: "e^v / sum(e^v), computed stably", example: "softmax([3.2, 5.1, -1.7])") { call in
            .vector(softmax(try call.vector(0)))
        },
        BuiltinEntry(name: "hinge", arity: 1...2, synopsis: "hinge(scores, y), hinge(m)",
                     summary: "multiclass SVM loss, margin 1: the sum over j ≠ y of max(0, s_j − s_y + 1) (y 0-based); with one argument the binary hinge max(0, 1 − m)",
                     example: "hinge([3.2, 5.1, -1.7], 0)") { call in
            if call.arguments.count == 1 {
                guard let (shape, elements) = Arithmetic.array(call.arguments[0]) else { throw call.fail("hinge expects numbers", argument: 0) }
                return Arithmetic.value(shape, elements.map { BuiltinFunction.hinge.evaluate([$0]) })
            }
            let (scores, y) = try classScores(call)
            var total = 0.0
            for j in scores.indices where j != y { total += Swift.max(0, scores[j] - scores[y] + 1) }
            return .number(total)
        },
        BuiltinEntry(name: "crossentropy", arity: 2...2, synopsis: "crossentropy(scores, y)", summary: "softmax cross-entropy −ln(softmax(scores)[y]) (natural log, y 0-based)", example: "crossentropy([3.2, 5.1, -1.7], 0)") { call in
            let (scores, y) = try classScores(call)
            let top = scores.max() ?? 0
            let logSum = Foundation.log(FixedOrder.sum(scores.map { exponential($0 - top) })) + top
            return .number(logSum - scores[y])
        },
    ]

    static func softmax(_ v: [Double]) -> [Double] {
        let top = v.max() ?? 0
        let exps = v.map { exponential($0 - top) }
        let total = FixedOrder.sum(exps)
        return exps.map { $0 / total }
    }

    static func classScores(_ call: BuiltinCall) throws -> ([Double], Int) {
        let scores = try call.vector(0)
        let y = try call.count(1, limit: 1_000_000)
        guard y < scores.count else {
            throw Diagnostic(.indexOutOfRange, "class \(y) is out of range for \(scores.count) scores (classes start at 0)", at: call.range(1))
        }
        return (scores, y)
    }
}
