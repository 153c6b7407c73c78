/// A compiled formula: a linear program over registers, with one or more
/// outputs, evaluated by an `Evaluator` over one point or over the rows of
/// a `ColumnTable`.
///
/// Semantics (the same for every way of evaluating): parameters and
/// constants are scalars; a column is a per-row value; an operation on a
/// per-row value is applied row by row; `sum`/`mean` reduce a per-row value
/// over the rows in `FixedOrderSum`'s order, giving a scalar that later
/// operations may use (a program may reduce, use the result per row, and
/// reduce again: each level of reduction is one pass over the rows).
/// Evaluating at one point is evaluating over a table of one row.
///
/// Values are the same doubles whichever way they are computed: over the
/// whole table block by block, over a subset of rows, or at one point.
public struct Program: Sendable {
    /// Nodes in dependency order (operands before their users); unused ones dropped.
    let nodes: [Node]
    /// Node index of each output.
    let outputs: [Int]
    /// Whether each node's value differs from row to row.
    let varies: [Bool]
    /// Reduction depth of each node: how many nested `sum`/`mean` it depends on.
    let stage: [Int]
    let schedule: BlockSchedule

    /// Length of the parameter vector an evaluation takes.
    public let parameterCount: Int
    /// Number of columns the program reads (the highest column index + 1).
    public let columnCount: Int

    /// Whether an output is one number or one number per row.
    public enum OutputKind: Sendable, Equatable {
        /// One number: built from parameters and constants, and reductions over rows.
        case scalar
        /// One number per row (depends on a column outside any reduction).
        case perRow
    }

    public var outputCount: Int { outputs.count }
    public var outputKinds: [OutputKind] { outputs.map { varies[$0] ? .perRow : .scalar } }
    /// The number of registers the program computes, constants, parameters
    /// and columns included: a measure of how much was shared.
    public var registerCount: Int { nodes.count }
    /// The number of operations (unary, binary, reductions) the program applies.
    public var operationCount: Int {
        nodes.count(where: { node in
            switch node {
            case .unary, .binary, .reduction: return true
            default: return false
            }
        })
    }

    init(nodes allNodes: [Node], outputs allOutputs: [Int], parameterCount: Int, columnCount: Int) {
        // Keep only the nodes some output needs; operands precede users, so
        // one backward sweep marks everything reachable.
        var needed = [Bool](repeating: false, count: allNodes.count)
        for output in allOutputs { needed[output] = true }
        for index in allNodes.indices.reversed() where needed[index] {
            for operand in allNodes[index].operands { needed[operand] = true }
        }
        var renumbered = [Int](repeating: -1, count: allNodes.count)
        var nodes: [Node] = []
        for (index, node) in allNodes.enumerated() where needed[index] {
            renumbered[index] = nodes.count
            switch node {
            case .constant, .parameter, .column: nodes.append(node)
            case .unary(let op, let a): nodes.append(.unary(op, renumbered[a]))
            case .binary(let op, let a, let b): nodes.append(.binary(op, renumbered[a], renumbered[b]))
            case .reduction(let op, let a): nodes.append(.reduction(op, renumbered[a]))
            }
        }
        var varies: [Bool] = []
        var stage: [Int] = []
        for node in nodes {
            switch node {
            case .constant, .parameter:
                varies.append(false); stage.append(0)
            case .column:
                varies.append(true); stage.append(0)
            case .unary(_, let a):
                varies.append(varies[a]); stage.append(stage[a])
            case .binary(_, let a, let b):
                varies.append(varies[a] || varies[b]); stage.append(max(stage[a], stage[b]))
            case .reduction(_, let a):
                varies.append(false); stage.append(stage[a] + 1)
            }
        }
        self.nodes = nodes
        self.outputs = allOutputs.map { renumbered[$0] }
        self.varies = varies
        self.stage = stage
        self.parameterCount = parameterCount
        self.columnCount = columnCount
        self.schedule = BlockSchedule(nodes: nodes, outputs: self.outputs, varies: varies, stage: stage)
    }
}

/// Where a block step reads an operand: a per-row block, or a scalar.
enum Operand: Sendable {
    /// The current block of rows of this node.
    case rows(Int)
    /// The scalar value of this node.
    case uniform(Int)
}

/// One instruction of a pass over a block of rows.
enum BlockStep: Sendable {
    /// Points the column's node at the block's rows (gathered into `slot` for a subset).
    case loadColumn(node: Int, column: Int, slot: Int)
    case unary(UnaryOp, source: Int, node: Int, slot: Int)
    case binary(BinaryOp, Operand, Operand, node: Int, slot: Int)
    /// Adds the operand's rows into a reduction's lanes.
    case accumulate(Operand, reduction: Int)
}

/// The precomputed plan for evaluating a program over rows, pass by pass.
struct BlockSchedule: Sendable {
    struct Pass: Sendable {
        var steps: [BlockStep] = []
        /// Reductions completed by this pass: (node, accumulator index).
        var reductions: [(node: Int, op: ReductionOp, accumulator: Int)] = []
        /// Per-row outputs produced by this pass: (output position, node).
        var perRowOutputs: [(output: Int, node: Int)] = []
    }

    /// Scalar (non-varying, non-reduction) nodes to compute before pass p;
    /// the last entry (index `passes.count`) runs after every pass.
    var scalarsBefore: [[Int]]
    var passes: [Pass]
    /// Block buffers needed at once (the largest over passes).
    var slotCount: Int
    var reductionCount: Int

    init(nodes: [Node], outputs: [Int], varies: [Bool], stage: [Int]) {
        var passCount = 0
        for (index, node) in nodes.enumerated() {
            if case .reduction = node { passCount = max(passCount, stage[index]) }
        }
        for output in outputs where varies[output] { passCount = max(passCount, stage[output] + 1) }

        scalarsBefore = Array(repeating: [], count: passCount + 1)
        for (index, node) in nodes.enumerated() where !varies[index] {
            if case .reduction = node { continue }
            scalarsBefore[stage[index]].append(index)
        }

        passes = Array(repeating: Pass(), count: passCount)
        slotCount = 0
        reductionCount = 0
        for pass in 0..<passCount {
            // The rows-varying nodes this pass needs: operands of its
            // reductions and its per-row outputs, and their varying operands
            // (recomputed here even if an earlier pass computed them: blocks
            // are not kept between passes).
            var needed = [Bool](repeating: false, count: nodes.count)
            var isRoot = [Bool](repeating: false, count: nodes.count)
            for (index, node) in nodes.enumerated() {
                if case .reduction(_, let a) = node, stage[a] == pass {
                    isRoot[index] = true
                    if varies[a] { needed[a] = true }
                }
            }
            for (position, output) in outputs.enumerated() where varies[output] && stage[output] == pass {
                needed[output] = true
                passes[pass].perRowOutputs.append((position, output))
            }
            for index in nodes.indices.reversed() where needed[index] {
                for operand in nodes[index].operands where varies[operand] { needed[operand] = true }
            }
            func operand(_ node: Int) -> Operand { varies[node] ? .rows(node) : .uniform(node) }

            // Steps in node order; each computed block gets a buffer, given
            // back after its last use. A destination never shares a buffer
            // with its operands: exact aliasing defeats the vectoriser's
            // overlap check and the loop would run scalar.
            var lastUse = [Int](repeating: -1, count: nodes.count)
            var stepNodes: [Int] = []
            for index in nodes.indices where needed[index] || isRoot[index] {
                for operand in nodes[index].operands where varies[operand] { lastUse[operand] = stepNodes.count }
                stepNodes.append(index)
            }
            for (_, node) in passes[pass].perRowOutputs { lastUse[node] = Int.max }

            var free: [Int] = []
            var used = 0
            var slotOf = [Int](repeating: -1, count: nodes.count)
            for (position, index) in stepNodes.enumerated() {
                if !isRoot[index] {
                    let slot = free.popLast() ?? { used += 1; return used - 1 }()
                    slotOf[index] = slot
                }
                switch nodes[index] {
                case .column(let column):
                    passes[pass].steps.append(.loadColumn(node: index, column: column, slot: slotOf[index]))
                case .unary(let op, let a):
                    passes[pass].steps.append(.unary(op, source: a, node: index, slot: slotOf[index]))
                case .binary(let op, let a, let b):
                    passes[pass].steps.append(
                        .binary(op, operand(a), operand(b), node: index, slot: slotOf[index]))
                case .reduction(let op, let a):
                    passes[pass].steps.append(.accumulate(operand(a), reduction: reductionCount))
                    passes[pass].reductions.append((index, op, reductionCount))
                    reductionCount += 1
                case .constant, .parameter:
                    break  // scalars are never per-row steps
                }
                let operands = nodes[index].operands
                for (k, operand) in operands.enumerated() where !operands[..<k].contains(operand) {
                    if varies[operand], lastUse[operand] == position, slotOf[operand] >= 0 {
                        free.append(slotOf[operand])
                    }
                }
            }
            slotCount = max(slotCount, used)
        }
    }
}
