import Core
import Data
import Diagnostics
import Foundation
import Numeric
import Syntax
import Testing
@testable import Interpreter

/// Models with vector and matrix parameters (issue 13): the exact gradient
/// of every lecture loss agrees with central differences over random shapes
/// and data, and a model's value at a point is the double the evaluator
/// computes for the same call.
@Suite struct ShapedModelTests {
    /// The lecture's losses of scores s = W @ x + b for one row (x the
    /// feature columns f0…, y the class column), each with a regulariser.
    static let losses = [
        "crossentropy(W @ x(W) + b, y) + 0.01*sum(W^2)",
        "hinge(W @ x(W) + b, y) + 0.01*sum(W^2)",
        "-ln(softmax(W @ x(W) + b)[0]) + 0.1*norm(b)",
        "sum((transpose(W) @ (W @ x(W)) - x(W))^2)/2 + 0.01*sum(abs(W))",
        "max(tanh(W @ x(W)) + b) + mean(W[0, :]^2) + σ(W[-1, 0])",
    ]

    /// Random numbers written as gd text, away from the kinks of abs and hinge.
    static func numbers(_ count: Int, _ random: inout SplitMix64) -> [Double] {
        (0..<count).map { _ in
            let x = Double.random(in: 0.05...1.5, using: &random)
            return Bool.random(using: &random) ? x : -x
        }
    }

    static func text(_ values: [Double]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }

    static func matrixText(_ values: [Double], columns: Int) -> String {
        "[" + stride(from: 0, to: values.count, by: columns).map { text(Array(values[$0..<($0 + columns)])) }.joined(separator: ", ") + "]"
    }

    private func objective(_ session: Session, _ name: String, shapes: [TensorShape], table: String?) throws -> ShapedObjective {
        guard case .function(.user(let f))? = session.environment.globals[name] else { throw Diagnostic(.unknownName, name, at: nil) }
        var t: Table?
        if let table, case .table(let value)? = session.environment.globals[table] { t = value }
        return try ShapedObjective(evaluator: session.evaluator, function: f, shapes: shapes, table: t, at: SourceRange(0, 0))
    }

    @Test("gradients of the lecture's losses agree with central differences", arguments: Array(losses.indices))
    func gradientsAgree(loss: Int) throws {
        var random = SplitMix64(seed: UInt64(100 + loss))
        for _ in 0..<6 {
            let classes = Int.random(in: 2...4, using: &random), features = Int.random(in: 2...4, using: &random)
            let rows = Int.random(in: 1...20, using: &random)
            let columns = (0..<features).map { "f\($0) = \(Self.text(Self.numbers(rows, &random)))" }
            let labels = (0..<rows).map { _ in Double(Int.random(in: 0..<classes, using: &random)) }
            let program = """
                T = table(\(columns.joined(separator: ", ")), y = \(Self.text(labels)))
                x(W) = [\((0..<features).map { "f\($0)" }.joined(separator: ", "))]
                loss(W, b) = \(Self.losses[loss])
                """
            let session = Session(output: { _ in }, errors: { _ in })
            #expect(session.run(SourceFile(displayName: "t", text: program)) == .completed)
            let model = try objective(session, "loss", shapes: [.matrix(classes, features), .vector(classes)], table: "T")
            let point = Self.numbers(classes * features + classes, &random)
            let exact = try model.gradient(point)
            // Central differences of the mean over the rows.
            for k in point.indices {
                let h = 1e-6
                var up = point, down = point
                up[k] += h
                down[k] -= h
                let numeric = (try model.value(up) - model.value(down)) / (up[k] - down[k])
                let error = abs(exact[k] - numeric) / max(1e-4, abs(exact[k]) + abs(numeric))
                #expect(error < 1e-6, "loss \(loss), \(classes)×\(features), \(rows) rows, component \(k): \(exact[k]) against \(numeric)")
            }
        }
    }

    @Test("a model's value at a point is the evaluator's double for the same call", arguments: Array(losses.indices))
    func valueIsTheEvaluators(loss: Int) throws {
        var random = SplitMix64(seed: UInt64(200 + loss))
        for _ in 0..<6 {
            let classes = Int.random(in: 2...4, using: &random), features = Int.random(in: 2...4, using: &random)
            let weights = Self.numbers(classes * features, &random), bias = Self.numbers(classes, &random)
            let program = """
                x(W) = \(Self.text(Self.numbers(features, &random)))
                y = \(Int.random(in: 0..<classes, using: &random))
                loss(W, b) = \(Self.losses[loss])
                W0 = \(Self.matrixText(weights, columns: features))
                b0 = \(Self.text(bias))
                """
            let session = Session(output: { _ in }, errors: { _ in })
            #expect(session.run(SourceFile(displayName: "t", text: program)) == .completed)
            let model = try objective(session, "loss", shapes: [.matrix(classes, features), .vector(classes)], table: nil)
            let tree = try Parser.parseExpression(SourceFile(displayName: "t", text: "loss(W0, b0)"))
            let direct = try session.evaluator.evaluate(tree, Scope())
            let compiled = try model.value(weights + bias)
            #expect(direct.scalar?.bitPattern == compiled.bitPattern, "loss \(loss): \(String(describing: direct.scalar)) against \(compiled)")
        }
    }

    @Test("a start point by name gives each parameter its shape; a missing or extra name is an error")
    func startPoints() throws {
        var output = ""
        var errors = ""
        let session = Session(output: { output += $0 }, errors: { errors += $0 })
        _ = session.run(SourceFile(displayName: "t", text: """
            f(W, b) = sum((W @ [1, 2] + b - [3, 4])^2)
            r = descend f from (W = zeros(2, 2), b = zeros(2)) rate 0.05 steps 400;
            norm(r.W @ [1, 2] + r.b - [3, 4]) < 1e-12
            """))
        #expect(output == "true\n", "\(output)")
        #expect(errors.isEmpty)
        errors = ""
        _ = session.run(SourceFile(displayName: "t", text: "descend f from (W = zeros(2, 2)) steps 1"))
        #expect(errors.contains("the start gives no value for 'b'"))
        errors = ""
        _ = session.run(SourceFile(displayName: "t", text: "descend f from (W = zeros(2, 2), b = zeros(2), c = 1) steps 1"))
        #expect(errors.contains("'c' is not a parameter of 'f'"))
        errors = ""
        _ = session.run(SourceFile(displayName: "t", text: "descend f from (W = zeros(3, 2), b = zeros(2)) steps 1"))
        #expect(errors.contains("cannot combine a vector of 3 with a vector of 2"))
    }
}
