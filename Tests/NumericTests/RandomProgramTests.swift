import Core
import Foundation
import Testing
@testable import Numeric

/// Random programs (nested reductions, shared values, scalar operations that
/// get folded into their producers, values read many times) against a plain
/// reference interpreter that evaluates every node over all rows at once.
/// This checks the scheduler: passes, fused reductions, folded `post` and inlined `pre`
/// operations, buffer reuse, gathering subsets.
@Suite("Random programs against a reference interpreter")
struct RandomProgramTests {
    /// A node as the test built it (before any sharing or rewriting).
    enum Mirror {
        case constant(Double), parameter(Int), column(Int)
        case unary(UnaryOp, Int), binary(BinaryOp, Int, Int), reduction(ReductionOp, Int)
    }

    struct Case {
        var mirror: [Mirror] = []
        var registers: [Register] = []
        var outputs: [Int] = []
    }

    static func randomCase(_ g: inout SeededGenerator) -> (Case, Program)? {
        var b = ProgramBuilder(parameterCount: 2, columnCount: 2)
        var c = Case()
        func add(_ m: Mirror, _ r: Register) { c.mirror.append(m); c.registers.append(r) }
        add(.parameter(0), b.parameter(0))
        add(.parameter(1), b.parameter(1))
        add(.column(0), b.column(0))
        add(.column(1), b.column(1))
        let constant = [0.5, 2, -1, 0, 3][Int.random(in: 0..<5, using: &g)]
        add(.constant(constant), b.constant(constant))
        let unaries: [UnaryOp] = [.negate, .exp, .sqrt, .abs, .sign, .tanh, .sigmoid, .step, .hinge, .sin]
        let binaries: [BinaryOp] = [.add, .subtract, .multiply, .divide, .maximum, .less, .add, .multiply, .subtract]
        for _ in 0..<Int.random(in: 3...14, using: &g) {
            // Prefer recent registers, so chains (and folding chances) form.
            func pick() -> Int {
                let n = c.mirror.count
                return Bool.random(using: &g) ? Int.random(in: max(0, n - 3)..<n, using: &g) : Int.random(in: 0..<n, using: &g)
            }
            switch Int.random(in: 0..<10, using: &g) {
            case 0..<3:
                let op = unaries[Int.random(in: 0..<unaries.count, using: &g)], a = pick()
                add(.unary(op, a), b.unary(op, c.registers[a]))
            case 3..<8:
                let op = binaries[Int.random(in: 0..<binaries.count, using: &g)], x = pick()
                // Often with a scalar on one side, so `post` folding happens.
                let y = Bool.random(using: &g) ? Int.random(in: 0..<2, using: &g) : pick()
                let (l, r) = Bool.random(using: &g) ? (x, y) : (y, x)
                add(.binary(op, l, r), b.binary(op, c.registers[l], c.registers[r]))
            default:
                let op: ReductionOp = Bool.random(using: &g) ? .sum : .mean, a = pick()
                add(.reduction(op, a), b.reduce(op, c.registers[a]))
            }
        }
        let count = c.mirror.count
        c.outputs = (0..<Int.random(in: 1...3, using: &g)).map { _ in Int.random(in: 4..<count, using: &g) }
        guard let program = try? b.build(outputs: c.outputs.map { c.registers[$0] }) else { return nil }
        return (c, program)
    }

    /// Every node over the rows `rows` of `columns`: (values per row, varies by row).
    static func reference(_ c: Case, _ parameters: [Double], _ columns: [[Double]], _ rows: [Int]) -> [[Double]] {
        let n = rows.count
        var values: [[Double]] = []
        var varies: [Bool] = []
        for node in c.mirror {
            switch node {
            case .constant(let v): values.append(Array(repeating: v, count: n)); varies.append(false)
            case .parameter(let i): values.append(Array(repeating: parameters[i], count: n)); varies.append(false)
            case .column(let i): values.append(rows.map { columns[i][$0] }); varies.append(true)
            case .unary(let op, let a): values.append(values[a].map { op.apply($0) }); varies.append(varies[a])
            case .binary(let op, let a, let b):
                values.append(zip(values[a], values[b]).map { op.apply($0, $1) })
                varies.append(varies[a] || varies[b])
            case .reduction(let op, let a):
                let value: Double
                if varies[a] {
                    let total = PairwiseSum.of(values[a])
                    value = op == .sum ? total : total / Double(n)
                } else {
                    let scalar = values[a].first ?? .nan
                    value = op == .sum ? Double(n) * scalar : scalar
                }
                values.append(Array(repeating: value, count: n))
                varies.append(false)
            }
        }
        return c.outputs.map { values[$0] }
    }

    @Test func blockEvaluationMatchesTheReference() throws {
        var g = SeededGenerator(seed: 41)
        let rowCount = 301
        let columns = (0..<2).map { _ in (0..<rowCount).map { _ in Double.random(in: -3...3, using: &g) } }
        let table = try ColumnTable(columns: columns)
        var checked = 0, nested = 0, folded = 0, inlined = 0
        for _ in 0..<400 {
            guard let (c, program) = Self.randomCase(&g) else { continue }
            if program.schedule.passes.count > 1 { nested += 1 }
            let steps = program.schedule.passes.flatMap(\.steps)
            if steps.contains(where: {
                switch $0 {
                case .unary(_, _, _, _, _, let post?), .binary(_, _, _, _, _, _, let post?, _, _): _ = post; return true
                default: return false
                }
            }) { folded += 1 }
            if steps.contains(where: {
                if case .binary(_, _, _, _, _, _, _, let aPre, let bPre) = $0 { return aPre != nil || bPre != nil }
                return false
            }) { inlined += 1 }
            let parameters = [Double.random(in: -2...2, using: &g), Double.random(in: -2...2, using: &g)]
            let evaluator = ProgramEvaluator(program: program, blockSize: [8, 24, 256][Int.random(in: 0..<3, using: &g)])
            let all = Array(0..<rowCount)
            let got = try evaluator.evaluatePerRow(parameters: parameters, over: table)
            let expected = Self.reference(c, parameters, columns, all)
            #expect(zip(got, expected).allSatisfy { sameBits($0, $1) }, "\(program)")
            // A subset, in shuffled order with repeats.
            let batch = (0..<37).map { _ in Int.random(in: 0..<rowCount, using: &g) }
            let gotBatch = try evaluator.evaluatePerRow(parameters: parameters, over: table, rows: batch)
            #expect(zip(gotBatch, Self.reference(c, parameters, columns, batch)).allSatisfy { sameBits($0, $1) }, "\(program)")
            // At one point: a one-row table.
            let row = Int.random(in: 0..<rowCount, using: &g)
            let point = try evaluator.evaluate(parameters: parameters, row: [columns[0][row], columns[1][row]])
            #expect(sameBits(point, Self.reference(c, parameters, columns, [row]).map { $0[0] }), "\(program)")
            checked += 1
        }
        #expect(checked > 350)
        // The random programs do exercise the scheduler's harder paths.
        // (A value read only by binary steps is inlined into them rather
        // than folded into its producer: 21 folded, 40 inlined here.)
        #expect(nested >= 8 && folded >= 15 && inlined >= 20, "nested \(nested), folded \(folded), inlined \(inlined)")
    }
}
