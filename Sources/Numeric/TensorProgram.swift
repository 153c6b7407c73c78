import Core
import Foundation
import Symbolic

/// The shape of a value in a tensor program: a number, a vector of n, or a
/// matrix of r rows and c columns (row-major), as NumPy's 0-, 1- and 2-D arrays.
public enum TensorShape: Hashable, Sendable, CustomStringConvertible {
    case scalar
    case vector(Int)
    case matrix(Int, Int)

    /// How many numbers it holds.
    public var count: Int {
        switch self {
        case .scalar: return 1
        case .vector(let n): return n
        case .matrix(let r, let c): return r * c
        }
    }

    /// As messages say it: "a number", "a vector of 3", "a 3×4 matrix".
    public var description: String {
        switch self {
        case .scalar: return "a number"
        case .vector(let n): return "a vector of \(n)"
        case .matrix(let r, let c): return "a \(r)×\(c) matrix"
        }
    }
}

/// A program over shaped values (numbers, vectors, matrices) with exact
/// gradients by reverse-mode differentiation: what a model with vector and
/// matrix parameters compiles to (`W @ x + b`, `crossentropy(s, y)`).
///
/// Nodes are in evaluation order; each names its inputs by index. A forward
/// pass fills every node's values; the backward pass walks the nodes in
/// reverse, each adding its output's adjoint times its own partial
/// derivatives to its inputs' adjoints (Griewank & Walther, *Evaluating
/// Derivatives*, ch. 3), so a gradient costs a small multiple of the value
/// whatever the number of parameters. Only nodes that depend on a parameter
/// carry adjoints.
///
/// The arithmetic is the interpreter's on arrays, operation by operation:
/// `^` through `pythonPower`, `sum` in NumPy's pairwise order, `@` and
/// `norm` as dot products added in order, `softmax` and `crossentropy`
/// shifted by the largest score, `exp` through Core's `exponential`. So a
/// value computed here is the double the interpreter prints for the same
/// formula at the same point.
public struct TensorProgram: Sendable {
    public enum Operation: Sendable {
        /// Parameter k, laid out at `parameterOffsets[k]` in the flat parameter vector.
        case parameter(Int)
        /// Column k of the table, the current row's value (a number).
        case column(Int)
        case constant([Double])
        case negate(Int)
        /// Elementwise with broadcasting: a number against anything, a vector
        /// of n against the rows of a matrix of n columns (NumPy's rule).
        case elementwise(Formula.Operator, Int, Int)
        /// A built-in function of one argument, elementwise.
        case function(BuiltinFunction, Int)
        /// The matrix product: a vector on the left is a row, on the right a column.
        case matrixProduct(Int, Int)
        case sum(Int)
        case mean(Int)
        case norm(Int)
        /// The largest (or smallest) element: `nan` wins, and of equal values the first.
        case maximum(Int)
        case minimum(Int)
        case softmax(Int)
        /// Multiclass SVM loss of scores and a class (a number, 0-based).
        case hinge(Int, Int)
        /// Softmax cross-entropy of scores and a class.
        case crossentropy(Int, Int)
        /// The first position of the largest element (no derivative).
        case argmax(Int)
        /// Element k of the output is element `indices[k]` of the input:
        /// indexing, slicing, rows, transposes (a vector; `reshaped` makes
        /// it a number or a matrix).
        case gather(Int, [Int])
        /// The inputs' elements one after another (numbers to a vector, vectors to a matrix).
        case concatenate([Int])
    }

    public struct Node: Sendable {
        public let operation: Operation
        public let shape: TensorShape
        /// Where its values start in the evaluation buffer.
        public let offset: Int
        /// True when a parameter flows into it (only these carry adjoints).
        public let dependsOnParameter: Bool
        /// True when a column flows into it (the rest is the same for every row).
        public let dependsOnColumn: Bool
    }

    public private(set) var nodes: [Node] = []
    public let parameterShapes: [TensorShape]
    /// Where each parameter starts in the flat parameter vector.
    public let parameterOffsets: [Int]
    public let parameterCount: Int
    public let columnCount: Int
    /// Numbers in the evaluation buffer.
    public private(set) var bufferSize = 0

    public init(parameterShapes: [TensorShape], columnCount: Int) {
        self.parameterShapes = parameterShapes
        var offsets: [Int] = []
        var total = 0
        for shape in parameterShapes {
            offsets.append(total)
            total += shape.count
        }
        parameterOffsets = offsets
        parameterCount = total
        self.columnCount = columnCount
    }

    public func shape(of node: Int) -> TensorShape { nodes[node].shape }

    // MARK: Building

    /// Appends a node, checking its inputs' shapes; returns its index. A
    /// shape mismatch throws a message for the caller to locate.
    public mutating func add(_ operation: Operation) throws(TensorShapeError) -> Int {
        let shape = try resultShape(of: operation)
        var fromParameter = false
        var fromColumn = false
        switch operation {
        case .parameter: fromParameter = true
        case .column: fromColumn = true
        default:
            for input in TensorProgram.inputs(of: operation) {
                fromParameter = fromParameter || nodes[input].dependsOnParameter
                fromColumn = fromColumn || nodes[input].dependsOnColumn
            }
        }
        if case .argmax = operation { fromParameter = false }
        if case .elementwise(let op, _, _) = operation, op.isComparison { fromParameter = false }
        guard bufferSize <= Int.max - shape.count else { throw TensorShapeError("the program is too large") }
        nodes.append(Node(operation: operation, shape: shape, offset: bufferSize, dependsOnParameter: fromParameter, dependsOnColumn: fromColumn))
        bufferSize += shape.count
        return nodes.count - 1
    }

    static func inputs(of operation: Operation) -> [Int] {
        switch operation {
        case .parameter, .column, .constant: return []
        case .negate(let a), .function(_, let a), .sum(let a), .mean(let a), .norm(let a), .maximum(let a), .minimum(let a),
             .softmax(let a), .argmax(let a), .gather(let a, _):
            return [a]
        case .elementwise(_, let a, let b), .matrixProduct(let a, let b), .hinge(let a, let b), .crossentropy(let a, let b): return [a, b]
        case .concatenate(let parts): return parts
        }
    }

    /// The elementwise result's shape, or nil when the shapes do not broadcast.
    public static func broadcast(_ a: TensorShape, _ b: TensorShape) -> TensorShape? {
        if a == b { return a }
        switch (a, b) {
        case (.scalar, _): return b
        case (_, .scalar): return a
        case (.vector(let n), .matrix(_, let c)) where n == c: return b
        case (.matrix(_, let c), .vector(let n)) where n == c: return a
        default: return nil
        }
    }

    private func resultShape(of operation: Operation) throws(TensorShapeError) -> TensorShape {
        switch operation {
        case .parameter(let k):
            guard parameterShapes.indices.contains(k) else { throw TensorShapeError("no parameter \(k)") }
            return parameterShapes[k]
        case .column(let k):
            guard k >= 0, k < columnCount else { throw TensorShapeError("no column \(k)") }
            return .scalar
        case .constant(let values):
            return values.count == 1 ? .scalar : .vector(values.count)
        case .negate(let a), .function(_, let a):
            return nodes[a].shape
        case .elementwise(let op, let a, let b):
            guard let shape = TensorProgram.broadcast(nodes[a].shape, nodes[b].shape) else {
                throw TensorShapeError("cannot combine \(nodes[a].shape) with \(nodes[b].shape) in '\(op.rawValue)'")
            }
            return shape
        case .matrixProduct(let a, let b):
            switch (nodes[a].shape, nodes[b].shape) {
            case (.vector(let n), .vector(let m)) where n == m: return .scalar
            case (.matrix(let r, let c), .vector(let n)) where c == n: return .vector(r)
            case (.vector(let n), .matrix(let r, let c)) where n == r: return .vector(c)
            case (.matrix(let r, let c), .matrix(let r2, let c2)) where c == r2: return .matrix(r, c2)
            case (let x, let y): throw TensorShapeError("cannot multiply \(x) by \(y) with '@'")
            }
        case .sum, .mean, .norm, .maximum, .minimum, .argmax:
            return .scalar
        case .softmax(let a):
            guard case .vector = nodes[a].shape else { throw TensorShapeError("softmax takes a vector, not \(nodes[a].shape)") }
            return nodes[a].shape
        case .hinge(let s, let y), .crossentropy(let s, let y):
            guard case .vector = nodes[s].shape else { throw TensorShapeError("the scores must be a vector, not \(nodes[s].shape)") }
            guard nodes[y].shape == .scalar else { throw TensorShapeError("the class must be a number, not \(nodes[y].shape)") }
            return .scalar
        case .gather(let a, let indices):
            guard indices.allSatisfy({ $0 >= 0 && $0 < nodes[a].shape.count }) else { throw TensorShapeError("an index is out of range") }
            return .vector(indices.count)
        case .concatenate(let parts):
            guard let first = parts.first else { throw TensorShapeError("nothing to put together") }
            let shape = nodes[first].shape
            guard parts.allSatisfy({ nodes[$0].shape == shape }) else { throw TensorShapeError("every element must have the same shape") }
            switch shape {
            case .scalar: return .vector(parts.count)
            case .vector(let n): return .matrix(parts.count, n)
            case .matrix: throw TensorShapeError("matrices cannot be stacked")
            }
        }
    }

    /// The same gather with a stated shape (a matrix's rows, a transpose).
    public mutating func reshaped(_ node: Int, as shape: TensorShape) throws(TensorShapeError) -> Int {
        guard nodes[node].shape.count == shape.count else { throw TensorShapeError("cannot reshape \(nodes[node].shape) as \(shape)") }
        let old = nodes[node]
        nodes[node] = Node(operation: old.operation, shape: shape, offset: old.offset, dependsOnParameter: old.dependsOnParameter,
                           dependsOnColumn: old.dependsOnColumn)
        return node
    }
}

/// A shape that does not fit an operation; the caller adds where.
public struct TensorShapeError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A value that fails at run time (a class out of range); `node` is the
/// operation's index, for the caller to point at its source.
public struct TensorEvaluationError: Error, Sendable, CustomStringConvertible {
    public let node: Int
    public let message: String
    public var description: String { message }
}
