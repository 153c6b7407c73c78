import Data
import Optimize
import Diagnostics
import Symbolic
import Syntax

/// A gd value (LANGUAGE.md "Values and how they print").
public enum Value: Sendable {
    case number(Double)
    case boolean(Bool)
    case vector([Double])
    case matrix(Matrix)
    case string(String)
    case table(Table)
    case function(Function)
    case symbolic(SymbolicValue)
    /// A vector or matrix whose elements are expressions (`grad(e, [x, y])`'s
    /// printed form, `[diff(x^2, x), diff(x^3, x)]`).
    case expressions(ExpressionArray)
    case record(Record)

    /// The kind's name as messages say it: "a number", "a vector", …
    public var kindName: String {
        switch self {
        case .number: return "a number"
        case .boolean: return "a boolean"
        case .vector: return "a vector"
        case .matrix: return "a matrix"
        case .string: return "a string"
        case .table: return "a table"
        case .function: return "a function"
        case .symbolic: return "a symbolic expression"
        case .expressions(let a): return a.rows == nil ? "a vector of expressions" : "a matrix of expressions"
        case .record: return "a result"
        }
    }

    /// The value as a number, when it is one (booleans count as 1 and 0).
    public var scalar: Double? {
        switch self {
        case .number(let x): return x
        case .boolean(let b): return b ? 1 : 0
        // A formula of numbers alone (`1/10` inside a formula) counts as its value.
        case .symbolic(let e): return e.constantValue
        default: return nil
        }
    }
}

/// A dense row-major matrix.
public struct Matrix: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var elements: [Double]

    public init(rows: Int, columns: Int, elements: [Double]) {
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    public init(rows: [[Double]]) {
        self.rows = rows.count
        self.columns = rows.first?.count ?? 0
        self.elements = rows.flatMap { $0 }
    }

    public subscript(row: Int, column: Int) -> Double {
        elements[row * columns + column]
    }

    public func row(_ index: Int) -> [Double] {
        Array(elements[(index * columns)..<((index + 1) * columns)])
    }

    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    public var transposed: Matrix {
        var result = [Double](repeating: 0, count: elements.count)
        for i in 0..<rows {
            for j in 0..<columns { result[j * rows + i] = elements[i * columns + j] }
        }
        return Matrix(rows: columns, columns: rows, elements: result)
    }
}

/// What made a result record: plots, `explain … step` and `compare` ask
/// this, never which fields a record happens to have.
public enum RecordKind: String, Sendable, CustomStringConvertible {
    case descent = "descent result"
    case minimisation = "minimize result"
    case sgdRun = "sgd result"
    case comparison = "comparison"
    /// `c.runs`: one field per compared run, named by its setting.
    case runs = "set of runs"
    case gradientCheck = "gradient check"
    case classification = "classification"
    case stationaryPoints = "stationary points"
    case stationaryPoint = "stationary point"
    case solution = "solution"
    /// `(W = zeros(3, 4), b = zeros(3))`: values by name, as a start point.
    case namedValues = "set of named values"

    /// The name messages use ("the descent result has no field …").
    public var description: String { rawValue }

    /// True for the runs whose `.losses` is a loss curve.
    public var hasLossCurve: Bool { self == .descent || self == .sgdRun || self == .minimisation }
}

/// The run behind a result, kept whole for `explain R step K`: what the
/// fields show, and what they do not (each update's gradient and rate, the
/// line search's trials, how to replay an sgd run's batches). Indirect, so
/// a `Value` stays small: every evaluator frame holds Values, and a run held
/// inline made them large enough to overflow the stack before the depth
/// limit (Tests/golden/language/error-25.gd).
public indirect enum RunDetails: Sendable {
    case descent(DescendResult)
    case sgd(SGDRunDetails)
    case minimize(MinimizeResult)
}

/// A result record: fields in a fixed order, read with `.name`, printed one
/// per line as SciPy prints its results.
public struct Record: Sendable {
    public var kind: RecordKind
    public var fields: [(name: String, value: Value)]
    /// The command's printed report, shown when the command runs.
    public var report: String?
    /// The run itself, for results of descend and sgd.
    public var run: RunDetails?

    public init(kind: RecordKind, fields: [(name: String, value: Value)], report: String? = nil, run: RunDetails? = nil) {
        self.kind = kind
        self.fields = fields
        self.report = report
        self.run = run
    }

    public func field(_ name: String) -> Value? {
        fields.first { $0.name == name }?.value
    }
}

/// A function value: defined by the user, built in, derived symbolically
/// (`f'`, `grad(f)`, `hessian(f)`), or a per-row loss bound to a table
/// (`F on T`).
public indirect enum Function: Sendable {
    case user(UserFunction)
    case builtin(String)
    case derived(DerivedFunction)
    case dataBound(DataBoundFunction)

    public var name: String {
        switch self {
        case .user(let f): return f.name
        case .builtin(let name): return name
        case .derived(let d): return d.name
        case .dataBound(let d): return d.name
        }
    }

    public var parameters: [String]? {
        switch self {
        case .user(let f): return f.parameters
        case .builtin: return nil
        case .derived(let d): return d.parameters
        case .dataBound(let d): return d.function.parameters
        }
    }
}

/// `F on T`: the function of F's parameters whose value is the mean of F
/// over T's rows (LANGUAGE.md "Optimisation commands").
public struct DataBoundFunction: Sendable {
    public var function: Function
    public var table: Table
    public var tableName: String
    public var name: String { "\(function.name) on \(tableName)" }
}

/// `name(p1, p2, …) = body`, kept as written so evaluation follows the
/// formula exactly (values match Python's for the same formula).
public struct UserFunction: Sendable {
    public var name: String
    public var parameters: [String]
    public var body: ExpressionSyntax
    /// The text the body was parsed from, to point into it from errors.
    public var source: SourceFile
}
