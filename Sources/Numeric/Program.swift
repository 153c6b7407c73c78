import Core
/// A compiled formula: a linear program over registers, with one or more
/// outputs, evaluated by a `ProgramEvaluator` over one point or over the rows of
/// a `ColumnTable`.
///
/// Semantics: parameters and constants are scalars; a column is a per-row
/// value; an operation on a per-row value is applied row by row; `sum`/`mean`
/// reduce a per-row value over the rows in NumPy's pairwise order (Core's
/// `PairwiseSum`), giving a scalar that later operations may use (a program
/// may reduce, use the result per row, and reduce again: each level of
/// reduction is one pass over the rows). A reduction of a value that does
/// not vary by row needs no pass and is exact: `mean(c)` is c, `sum(c)` is n·c.
///
/// Over rows (a table, or a subset of its rows) arithmetic on a per-row value
/// is NumPy's: a per-row base to the power 2, 0.5 or −1 is `c*c`, `sqrt(c)`,
/// `1/c`, as NumPy's `c**2`, `c**0.5`, `c**-1` (LANGUAGE.md, "Statements").
/// At one point (`evaluate(parameters:row:)`, `PointEvaluator`) every power is
/// `pow`, as Python's `**` on floats. Over rows, values are the same doubles
/// whichever way they are computed: the whole table block by block (any block
/// size, one thread or two) or a subset of rows.
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
                // Reducing a per-row value takes a pass over the rows; a value
                // that does not vary reduces without one (see `ReductionOp`).
                varies.append(false); stage.append(varies[a] ? stage[a] + 1 : stage[a])
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
    /// Computes a node's rows, storing them in `slot` if a later step reads
    /// them and adding them into `reduction`'s lanes if one reduces them.
    /// With `post`, the rows computed are those of `node`, whose operation
    /// (with a scalar) is applied to the result of this operation.
    case unary(UnaryOp, source: Int, node: Int, slot: Int?, reduction: Int?, post: PostStep?)
    /// `aPre`/`bPre`: the operand's rows are those of another node with an
    /// operation with a scalar applied first, or a product then a sum (a
    /// view, computed inside this step's loop instead of a loop of its own:
    /// `(y - a) - b*x` is one loop reading y and x, not three).
    case binary(
        BinaryOp, Operand, Operand, node: Int, slot: Int?, reduction: Int?, post: PostStep?,
        aPre: PostStep?, bPre: PostStep?)
    /// Adds the stored rows of a node (a column, or a value whose producer
    /// already feeds another reduction) into a reduction's lanes.
    case accumulate(source: Int, reduction: Int)
}

/// An arithmetic operation with a scalar node, folded into the step that
/// computes its other operand.
struct PostStep: Sendable {
    let op: BinaryOp
    let scalar: Int
    let scalarFirst: Bool
    /// In a `pre` only: an addition or subtraction with another scalar after
    /// this multiplication (`x*b + a`), the two applied as one v·m + c (see
    /// `ScalarOperation.affine`).
    var then: (op: BinaryOp, scalar: Int, scalarFirst: Bool)? = nil
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
        for node in nodes {
            if case .reduction(_, let a) = node, varies[a] { passCount = max(passCount, stage[a] + 1) }
        }
        for output in outputs where varies[output] { passCount = max(passCount, stage[output] + 1) }

        scalarsBefore = Array(repeating: [], count: passCount + 1)
        for (index, node) in nodes.enumerated() where !varies[index] {
            if case .reduction(_, let a) = node, varies[a] { continue }  // computed by its pass
            scalarsBefore[stage[index]].append(index)
        }

        passes = []
        slotCount = 0
        reductionCount = 0
        for pass in 0..<passCount {
            let (plan, slots) = Self.plan(
                pass: pass, nodes: nodes, outputs: outputs, varies: varies, stage: stage,
                firstAccumulator: reductionCount)
            passes.append(plan)
            slotCount = max(slotCount, slots)
            reductionCount += plan.reductions.count
        }
    }

    /// The steps of one pass and the number of block buffers they use.
    private static func plan(
        pass: Int, nodes: [Node], outputs: [Int], varies: [Bool], stage: [Int], firstAccumulator: Int
    ) -> (Pass, Int) {
        var plan = Pass()
        // The per-row nodes this pass needs: operands of the reductions it
        // completes and its per-row outputs, and their per-row operands
        // (recomputed here even if an earlier pass computed them: blocks are
        // not kept between passes).
        var needed = [Bool](repeating: false, count: nodes.count)
        var reductionsHere: [Int] = []
        for (index, node) in nodes.enumerated() {
            if case .reduction(let op, let a) = node, varies[a], stage[a] == pass {
                reductionsHere.append(index)
                plan.reductions.append((index, op, firstAccumulator + plan.reductions.count))
                needed[a] = true
            }
        }
        for (position, output) in outputs.enumerated() where varies[output] && stage[output] == pass {
            needed[output] = true
            plan.perRowOutputs.append((position, output))
        }
        for index in nodes.indices.reversed() where needed[index] {
            for operand in nodes[index].operands where varies[operand] { needed[operand] = true }
        }
        func operand(_ node: Int) -> Operand { varies[node] ? .rows(node) : .uniform(node) }
        func isComputed(_ node: Int) -> Bool {
            switch nodes[node] {
            case .unary, .binary: return true
            default: return false
            }
        }

        // A reduction of a computed node is fused into the loop that computes
        // it (the first such reduction; others read the stored rows).
        var fusedReduction = [Int?](repeating: nil, count: nodes.count)
        var separateReductions: [(accumulator: Int, operand: Int)] = []
        for (k, index) in reductionsHere.enumerated() {
            guard case .reduction(_, let a) = nodes[index] else { continue }
            let accumulator = firstAccumulator + k
            if isComputed(a), fusedReduction[a] == nil {
                fusedReduction[a] = accumulator
            } else {
                separateReductions.append((accumulator, a))
            }
        }

        // Reads of each per-row node by later steps: operands of other steps,
        // separate reductions, per-row outputs. A node nobody reads is not stored.
        var lastRead = [Int](repeating: -1, count: nodes.count)
        var readers = [Int](repeating: 0, count: nodes.count)
        let stepNodes = nodes.indices.filter { needed[$0] }
        for (position, index) in stepNodes.enumerated() {
            let operands = nodes[index].operands
            for (k, operand) in operands.enumerated() where varies[operand] {
                lastRead[operand] = position
                if !operands[..<k].contains(operand) { readers[operand] += 1 }
            }
        }
        for (_, operand) in separateReductions {
            lastRead[operand] = Int.max
            readers[operand] += 1
        }
        for (_, node) in plan.perRowOutputs {
            lastRead[node] = Int.max
            readers[node] += 1
        }
        for (node, accumulator) in fusedReduction.enumerated() where accumulator != nil { readers[node] += 1 }

        // Views: a per-row value computed from one per-row node and scalars
        // (`y - a`, `x*b`, or a product then a sum, `x*b + a`) that only
        // binary steps read (not powers, whose kernels look at their
        // operands) is computed inside each reader's loop (`pre`), neither a
        // loop of its own nor stored: the lecture's `(y - a) - b*x` and its
        // gradient's `(y - b*x) - a` and `2*b*x + 2*a - 2*y` read x and y in
        // three loops, not six. The same operations on the same operands:
        // the same bits.
        var readersOf = [[Int]](repeating: [], count: nodes.count)
        for index in stepNodes {
            let operands = nodes[index].operands
            for (k, operand) in operands.enumerated() where varies[operand] && !operands[..<k].contains(operand) {
                readersOf[operand].append(index)
            }
        }
        var viewSource = [Int](repeating: -1, count: nodes.count)
        var viewStep = [PostStep?](repeating: nil, count: nodes.count)
        /// The sum view a product view continues in (its only reader).
        var chainedInto = [Int](repeating: -1, count: nodes.count)
        for index in stepNodes where fusedReduction[index] == nil {
            guard case .binary(let op, let a, let b) = nodes[index], varies[a] != varies[b],
                ScalarOperation(op, scalar: 0, scalarFirst: false) != nil
            else { continue }
            let source = varies[a] ? a : b
            let step = PostStep(op: op, scalar: varies[a] ? b : a, scalarFirst: !varies[a])
            if viewSource[source] < 0 {
                viewSource[index] = source
                viewStep[index] = step
            } else if var product = viewStep[source], product.op == .multiply, product.then == nil,
                op == .add || op == .subtract, readersOf[source] == [index]
            {
                product.then = (op, step.scalar, step.scalarFirst)
                chainedInto[source] = index
                viewSource[index] = viewSource[source]
                viewStep[index] = product
            }
        }
        // A view stays one only if every reader takes it, so readers (later
        // nodes) are settled first; an output or a value a reduction reads
        // (`lastRead` past the steps) is computed.
        for index in stepNodes.reversed() where viewSource[index] >= 0 {
            let everyReaderTakesIt = readersOf[index].allSatisfy { reader in
                if viewSource[reader] >= 0 { return chainedInto[index] == reader }
                guard case .binary(let op, _, _) = nodes[reader] else { return false }
                return op != .power
            }
            if !everyReaderTakesIt || lastRead[index] < 0 || lastRead[index] >= stepNodes.count {
                viewSource[index] = -1
                viewStep[index] = nil
            }
        }
        for index in stepNodes where viewSource[index] >= 0 {
            lastRead[viewSource[index]] = max(lastRead[viewSource[index]], lastRead[index])
        }
        func isView(_ node: Int) -> Bool { viewSource[node] >= 0 }

        // A computed node whose one reader is an arithmetic operation with a
        // scalar takes that operation along (`post`), if it has none yet; so
        // does one whose reader squares it (the constant power 2, which over
        // rows is `c*c`: `(y - a - b*x)^2` is one loop, not two).
        var absorbs = [Int?](repeating: nil, count: nodes.count)
        var isAbsorbed = [Bool](repeating: false, count: nodes.count)
        for index in stepNodes where !isView(index) {
            guard case .binary(let op, let a, let b) = nodes[index], varies[a] != varies[b],
                ScalarOperation(op, scalar: 0, scalarFirst: false) != nil
                    || (op == .power && varies[a] && nodes[b] == .constant(bits: (2.0).bitPattern))
            else { continue }
            let producer = varies[a] ? a : b
            guard isComputed(producer), !isView(producer), readers[producer] == 1, !isAbsorbed[producer] else { continue }
            absorbs[producer] = index
            isAbsorbed[index] = true
        }
        func operandWithPre(_ node: Int) -> (Operand, PostStep?) {
            isView(node) ? (.rows(viewSource[node]), viewStep[node]) : (operand(node), nil)
        }

        // Each stored block gets a buffer, given back after its last read. A
        // destination never shares a buffer with its operands: exact aliasing
        // defeats the vectoriser's overlap check.
        var free: [Int] = []
        var used = 0
        func allocate() -> Int {
            if let slot = free.popLast() { return slot }
            used += 1
            return used - 1
        }
        var slotOf = [Int?](repeating: nil, count: nodes.count)
        for (position, index) in stepNodes.enumerated() {
            if isAbsorbed[index] || isView(index) { continue }  // computed by another step
            // The node whose rows this step produces: this one, or the one it absorbs.
            let target = absorbs[index] ?? index
            var post: PostStep?
            if let consumer = absorbs[index], case .binary(let op, let a, let b) = nodes[consumer] {
                post = PostStep(op: op, scalar: varies[a] ? b : a, scalarFirst: !varies[a])
            }
            let stored = lastRead[target] >= 0
            switch nodes[index] {
            case .column(let column):
                let slot = allocate()
                slotOf[index] = slot
                plan.steps.append(.loadColumn(node: index, column: column, slot: slot))
            case .unary(let op, let a):
                slotOf[target] = stored ? allocate() : nil
                plan.steps.append(
                    .unary(
                        op, source: a, node: target, slot: slotOf[target], reduction: fusedReduction[target],
                        post: post))
            case .binary(let op, let a, let b):
                slotOf[target] = stored ? allocate() : nil
                let (first, aPre) = operandWithPre(a)
                let (second, bPre) = operandWithPre(b)
                plan.steps.append(
                    .binary(
                        op, first, second, node: target, slot: slotOf[target],
                        reduction: fusedReduction[target], post: post, aPre: aPre, bPre: bPre))
            case .constant, .parameter, .reduction:
                break  // not per-row
            }
            let operands = nodes[index].operands.map { isView($0) ? viewSource[$0] : $0 }
            for (k, operand) in operands.enumerated() where !operands[..<k].contains(operand) {
                if lastRead[operand] == position, let slot = slotOf[operand] { free.append(slot) }
            }
        }
        for (accumulator, reduced) in separateReductions {
            plan.steps.append(.accumulate(source: reduced, reduction: accumulator))
        }
        return (plan, used)
    }
}

extension Program: CustomStringConvertible {
    /// The program as a listing, one register per line, for debugging:
    ///
    ///     r0 = θ[0]
    ///     r1 = column 0
    ///     r2 = multiply r0 r1
    ///     r3 = mean r2
    ///     outputs: r3
    public var description: String {
        var lines: [String] = []
        for (index, node) in nodes.enumerated() {
            let text: String
            switch node {
            case .constant(let bits): text = "\(Double(bitPattern: bits))"
            case .parameter(let position): text = "θ[\(position)]"
            case .column(let column): text = "column \(column)"
            case .unary(let op, let a): text = "\(op.name) r\(a)"
            case .binary(let op, let a, let b): text = "\(op.rawValue) r\(a) r\(b)"
            case .reduction(let op, let a): text = "\(op.rawValue) r\(a)"
            }
            lines.append("r\(index) = \(text)")
        }
        lines.append("outputs: " + outputs.map { "r\($0)" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
