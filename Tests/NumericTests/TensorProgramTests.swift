import Core
import Foundation
import Symbolic
import Testing
@testable import Numeric

/// Tensor programs: values as the interpreter computes them, reverse-mode
/// gradients against central differences over random shapes and data, and
/// means over rows in NumPy's pairwise order.
@Suite("Tensor programs")
struct TensorProgramTests {
    /// A linear classifier's loss for one row: scores W @ x + b from the
    /// columns x (all but the last, the class), the given loss of the
    /// scores, plus λ·sum(W^2).
    static func classifier(classes: Int, features: Int, loss: String, lambda: Double) throws -> TensorProgram {
        var p = TensorProgram(parameterShapes: [.matrix(classes, features), .vector(classes)], columnCount: features + 1)
        let w = try p.add(.parameter(0)), b = try p.add(.parameter(1))
        var xs: [Int] = []
        for k in 0..<features { xs.append(try p.add(.column(k))) }
        let x = try p.add(.concatenate(xs))
        let y = try p.add(.column(features))
        let scores = try p.add(.elementwise(.add, try p.add(.matrixProduct(w, x)), b))
        let data: Int
        switch loss {
        case "hinge": data = try p.add(.hinge(scores, y))
        case "crossentropy": data = try p.add(.crossentropy(scores, y))
        default:
            // Squared error of the softmax against the one-hot class, through gather.
            let probabilities = try p.add(.softmax(scores))
            let picked = try p.reshaped(try p.add(.gather(probabilities, [0])), as: .scalar)
            data = try p.add(.function(.ln, try p.add(.elementwise(.add, picked, try p.add(.constant([1]))))))
        }
        let two = try p.add(.constant([2]))
        let regulariser = try p.add(.sum(try p.add(.elementwise(.power, w, two))))
        _ = try p.add(.elementwise(.add, data, try p.add(.elementwise(.multiply, try p.add(.constant([lambda])), regulariser))))
        return p
    }

    static func randomTable(rows: Int, features: Int, classes: Int, _ g: inout SplitMix64) -> [[Double]] {
        var columns = (0..<features).map { _ in (0..<rows).map { _ in Double.random(in: -2...2, using: &g) } }
        columns.append((0..<rows).map { _ in Double(Int.random(in: 0..<classes, using: &g)) })
        return columns
    }

    /// Central differences of the mean loss, each step scaled to the coordinate.
    static func centralDifferences(_ evaluator: TensorEvaluator, _ x: [Double]) throws -> [Double] {
        try x.indices.map { i in
            let h = 1e-6 * max(1, abs(x[i]))
            var up = x, down = x
            up[i] += h
            down[i] -= h
            return (try evaluator.mean(at: up, rows: nil, gradient: false).value - evaluator.mean(at: down, rows: nil, gradient: false).value)
                / (up[i] - down[i])
        }
    }

    @Test("gradients agree with central differences over random shapes and data", arguments: ["hinge", "crossentropy", "softmax"])
    func gradientsAgree(loss: String) throws {
        var g = SplitMix64(seed: 13)
        for _ in 0..<12 {
            let classes = Int.random(in: 2...5, using: &g), features = Int.random(in: 1...6, using: &g)
            let rows = Int.random(in: 1...40, using: &g)
            let program = try Self.classifier(classes: classes, features: features, loss: loss, lambda: 0.01)
            let evaluator = TensorEvaluator(program: program, output: program.nodes.count - 1,
                                            columns: Self.randomTable(rows: rows, features: features, classes: classes, &g))
            let x = (0..<program.parameterCount).map { _ in Double.random(in: -1...1, using: &g) }
            let exact = try evaluator.mean(at: x, rows: nil, gradient: true).gradient
            let numeric = try Self.centralDifferences(evaluator, x)
            for (a, b) in zip(exact, numeric) {
                #expect(abs(a - b) / max(1e-3, abs(a) + abs(b)) < 1e-6, "\(loss) \(classes)×\(features), \(rows) rows: \(a) against \(b)")
            }
        }
    }

    @Test("a mean over rows is the pairwise sum of the rows' values, divided by their count")
    func meanIsPairwise() throws {
        var g = SplitMix64(seed: 5)
        for rows in [1, 7, 8, 9, 31, 128, 129, 300, 1000] {
            let program = try Self.classifier(classes: 3, features: 2, loss: "crossentropy", lambda: 0)
            let evaluator = TensorEvaluator(program: program, output: program.nodes.count - 1,
                                            columns: Self.randomTable(rows: rows, features: 2, classes: 3, &g))
            let x = (0..<program.parameterCount).map { _ in Double.random(in: -1...1, using: &g) }
            var perRow: [Double] = []
            var perRowGradients: [[Double]] = []
            for row in 0..<rows {
                let (value, gradient) = try evaluator.valueAndGradient(at: x, row: row)
                perRow.append(value)
                perRowGradients.append(gradient)
            }
            let (mean, gradient) = try evaluator.mean(at: x, rows: nil, gradient: true)
            #expect(mean.bitPattern == (PairwiseSum.of(perRow) / Double(rows)).bitPattern, "\(rows) rows")
            for k in x.indices {
                #expect(gradient[k].bitPattern == (PairwiseSum.of(perRowGradients.map { $0[k] }) / Double(rows)).bitPattern, "\(rows) rows, component \(k)")
            }
            // A batch of rows is the same sum over those rows.
            let batch = [2, 0, 1].filter { $0 < rows }
            let batchMean = try batch.withUnsafeBufferPointer { try evaluator.mean(at: x, rows: $0, gradient: false).value }
            #expect(batchMean.bitPattern == (PairwiseSum.of(batch.map { perRow[$0] }) / Double(batch.count)).bitPattern)
        }
    }

    @Test("the lecture's SVM example: scores W @ x, losses 2.9, 0 and 12.9")
    func lectureHinge() throws {
        // W and the three images' x chosen so the scores are the lecture's table.
        let scores: [[Double]] = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]
        let expected: [Double] = [2.9, 0, 12.9]
        for (image, label) in [0, 1, 2].enumerated() {
            var p = TensorProgram(parameterShapes: [.vector(3)], columnCount: 0)
            let s = try p.add(.parameter(0))
            _ = try p.add(.hinge(s, try p.add(.constant([Double(label)]))))
            let evaluator = TensorEvaluator(program: p, output: p.nodes.count - 1, columns: [])
            let value = try evaluator.value(at: scores[image])[0]
            #expect(abs(value - expected[image]) < 1e-12)
        }
    }

    @Test("shape mismatches and classes out of range are errors, not traps")
    func errors() throws {
        var p = TensorProgram(parameterShapes: [.matrix(3, 4), .vector(3)], columnCount: 0)
        let w = try p.add(.parameter(0)), b = try p.add(.parameter(1))
        #expect(throws: TensorShapeError.self) { try p.add(.matrixProduct(w, b)) }
        #expect(throws: TensorShapeError.self) { try p.add(.elementwise(.add, w, try p.add(.constant([1, 2])))) }
        let loss = try p.add(.crossentropy(b, try p.add(.constant([3]))))
        let evaluator = TensorEvaluator(program: p, output: loss, columns: [])
        #expect(throws: TensorEvaluationError.self) { try evaluator.value(at: [Double](repeating: 0, count: 15)) }
    }
}
