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
/// computes for the same call. `solve` agrees with `polyfit`, and `search`
/// is reproducible from its seed.
@Suite struct ShapedModelTests {
    /// The lecture's losses of scores s = W @ x + b for one row (x the
    /// feature columns f0…, y the class column), each with a regulariser.
    static let losses = [
        "crossentropy(W @ x(W) + b, y) + 0.01*sum(W^2)",
        "hinge(W @ x(W) + b, y) + 0.01*sum(W^2)",
        "-ln(softmax(W @ x(W) + b)[0]) + 0.1*norm(b)",
        "sum((transpose(W) @ (W @ x(W)) - x(W))^2)/2 + 0.01*sum(abs(W))",
        "max(tanh(W @ x(W)) + b) + mean(W[0, :]^2) + σ(W[-1, 0])",
        "sum(max(0, W @ x(W) + b)^2) + mean(min(W[0, :], 0.3, b[0])) + polyval(b, y/4)",
        // The bias–variance fit with ridge (b the polynomial's θ), and the elastic net on W.
        "(y/4 - polyval(b, x(W)[0]))^2 + 0.01*sum(b^2) + 0.001*sum(0.5*W^2 + abs(W))",
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
            var printed = ""
            let session = Session(output: { printed += $0 }, errors: { printed += $0 })
            #expect(session.run(SourceFile(displayName: "t", text: program)) == .completed)
            let model = try objective(session, "loss", shapes: [.matrix(classes, features), .vector(classes)], table: "T")
            let point = Self.numbers(classes * features + classes, &random)
            let exact = try model.gradient(point)
            // The gradcheck command at the same point: every relative error below 1e-6.
            printed = ""
            _ = session.run(SourceFile(displayName: "t", text: """
                g = gradcheck loss on T at (W = \(Self.matrixText(Array(point.prefix(classes * features)), columns: features)), b = \(Self.text(Array(point.suffix(classes)))));
                max(g.errors) < 1e-6
                """))
            #expect(printed == "true\n", "loss \(loss), \(classes)×\(features), \(rows) rows: gradcheck says \(printed)")
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

    /// A matrix to a number's power follows NumPy's arrays (`v*v`, `sqrt`,
    /// `1/v`; `pow` otherwise), compiled as evaluated. The inputs include
    /// 0.53797140066913174, where `pow(x, 0.5)` (Python's `x**0.5`) is one
    /// ulp from `sqrt(x)` (NumPy's `a**0.5`), so a compiled `pow` would fail.
    @Test("a matrix parameter to a number's power has the evaluator's bits (NumPy's rule for 2, 0.5, −1)")
    func arrayPowerIsTheEvaluators() throws {
        var random = SplitMix64(seed: 7)
        // Each power summed on its own, so no other term absorbs a last-digit difference.
        let losses = ["sum(W^2)", "sum(W^0.5)", "sum(W^-1)", "sum(W^3)", "sum((2*W)^0.5) + sum(W^2)"]
        for trial in 0..<8 {
            let rows = trial == 0 ? 1 : Int.random(in: 1...4, using: &random)
            let columns = trial == 0 ? 1 : Int.random(in: 1...5, using: &random)
            var weights = (0..<(rows * columns)).map { _ in Double.random(in: 0.05...1.6, using: &random) }
            if trial == 0 { weights[0] = 0.53797140066913174 }
            for loss in losses {
                let program = """
                    loss(W) = \(loss)
                    W0 = \(Self.matrixText(weights, columns: columns))
                    """
                let session = Session(output: { _ in }, errors: { _ in })
                #expect(session.run(SourceFile(displayName: "t", text: program)) == .completed)
                let model = try objective(session, "loss", shapes: [.matrix(rows, columns)], table: nil)
                let tree = try Parser.parseExpression(SourceFile(displayName: "t", text: "loss(W0)"))
                let direct = try session.evaluator.evaluate(tree, Scope())
                let compiled = try model.value(weights)
                #expect(direct.scalar?.bitPattern == compiled.bitPattern,
                        "\(loss) at a \(rows)×\(columns) matrix: \(String(describing: direct.scalar)) against \(compiled)")
            }
        }
    }

    /// Over a table a per-row base is an array too (LANGUAGE.md: over table
    /// columns `c^0.5` is `sqrt(c)`): a shaped model's powers of a per-row
    /// value give the bits of the same model with a scalar parameter, which
    /// the block kernels compute. One row of 0.53797140066913174 would tell
    /// `pow` from `sqrt`.
    @Test("a per-row base to a number's power over a table is the scalar model's double")
    func perRowPowerIsTheScalarModels() throws {
        var random = SplitMix64(seed: 8)
        for trial in 0..<6 {
            let rows = trial == 0 ? 1 : Int.random(in: 1...12, using: &random)
            var a = (0..<rows).map { _ in Double.random(in: 0.05...1.6, using: &random) }
            if trial == 0 { a[0] = 0.53797140066913174 }
            let w = trial == 0 ? 1 : Double.random(in: 0.5...1.5, using: &random)
            var output = ""
            let session = Session(output: { output += $0 }, errors: { output += $0 })
            _ = session.run(SourceFile(displayName: "t", text: """
                T = table(a = \(Self.text(a)))
                f2(W) = (W[0, 0]*a)^2
                g2(w) = (w*a)^2
                f5(W) = (W[0, 0]*a)^0.5
                g5(w) = (w*a)^0.5
                f1(W) = (W[0, 0]*a)^-1
                g1(w) = (w*a)^-1
                f3(W) = (W[0, 0] + a)^3
                g3(w) = (w + a)^3
                (f2 on T)([[\(w)]]) == (g2 on T)(\(w))
                (f5 on T)([[\(w)]]) == (g5 on T)(\(w))
                (f1 on T)([[\(w)]]) == (g1 on T)(\(w))
                (f3 on T)([[\(w)]]) == (g3 on T)(\(w))
                """))
            #expect(output == "true\ntrue\ntrue\ntrue\n", "\(rows) rows at w = \(w): \(output)")
        }
    }

    /// Linear classifiers run fused (`LinearClassifier`: blocked scores, the
    /// loss and its score gradient together, terms straight into the
    /// pairwise lanes); the node-by-node pass gives the same bits for the
    /// mean, its gradient over the table and over a shuffled batch, with
    /// more rows than one leaf and shapes that are not whole blocks.
    static let linearLosses = [
        "crossentropy(W @ x(W) + b, y) + 0.01*sum(W^2)",
        "hinge(W @ x(W) + b, y) + 0.01*sum(W^2)",
        "crossentropy(W @ x(W), y)",
        "0.5*sum(W^2) + hinge(b + W @ (x(W)/4), y)",
        "crossentropy((2*W) @ x(W) + b, y) + 0.001*sum(abs(W)) + 0.01*sum(b^2)",
    ]

    @Test("a fused linear classifier gives the node-by-node pass's bits", arguments: Array(linearLosses.indices))
    func fusedLinearClassifier(loss: Int) throws {
        var random = SplitMix64(seed: UInt64(300 + loss))
        for _ in 0..<5 {
            let classes = Int.random(in: 1...19, using: &random), features = Int.random(in: 1...37, using: &random)
            let rows = Int.random(in: 1...400, using: &random)
            let columns = (0..<features).map { "f\($0) = \(Self.text(Self.numbers(rows, &random)))" }
            let labels = (0..<rows).map { _ in Double(Int.random(in: 0..<classes, using: &random)) }
            let session = Session(output: { _ in }, errors: { _ in })
            #expect(session.run(SourceFile(displayName: "t", text: """
                T = table(\(columns.joined(separator: ", ")), y = \(Self.text(labels)))
                x(W) = [\((0..<features).map { "f\($0)" }.joined(separator: ", "))]
                loss(W, b) = \(Self.linearLosses[loss])
                """)) == .completed)
            guard case .function(.user(let f))? = session.environment.globals["loss"], case .table(let table)? = session.environment.globals["T"] else {
                Issue.record("no loss or table")
                return
            }
            let shapes: [TensorShape] = [.matrix(classes, features), .vector(classes)]
            let fused = try ShapedObjective(evaluator: session.evaluator, function: f, shapes: shapes, table: table, at: SourceRange(0, 0))
            let plain = try ShapedObjective(evaluator: session.evaluator, function: f, shapes: shapes, table: table, at: SourceRange(0, 0), fusing: false)
            let uncached = try ShapedObjective(evaluator: session.evaluator, function: f, shapes: shapes, table: table, at: SourceRange(0, 0),
                                               cachingFeatures: false)
            #expect(fused.isFused && uncached.isFused && !plain.isFused)
            let point = Self.numbers(classes * features + classes, &random)
            let context = "loss \(loss), \(classes)×\(features), \(rows) rows"
            #expect(try fused.value(point).bitPattern == plain.value(point).bitPattern, "\(context)")
            #expect(try uncached.value(point).bitPattern == plain.value(point).bitPattern, "\(context)")
            let (a, b) = (try fused.valueAndGradient(point), try plain.valueAndGradient(point))
            #expect(a.value.bitPattern == b.value.bitPattern && a.gradient.map(\.bitPattern) == b.gradient.map(\.bitPattern), "\(context)")
            var batch = Array(0..<rows)
            batch.shuffle(using: &random)
            batch = Array(batch.prefix(Int.random(in: 1...min(rows, 160), using: &random)))
            var fusedBatch = [Double](repeating: 0, count: point.count), plainBatch = fusedBatch, uncachedBatch = fusedBatch
            try batch.withUnsafeBufferPointer {
                try fused.meanGradient(at: point, rows: $0, into: &fusedBatch)
                try plain.meanGradient(at: point, rows: $0, into: &plainBatch)
                try uncached.meanGradient(at: point, rows: $0, into: &uncachedBatch)
            }
            #expect(fusedBatch.map(\.bitPattern) == plainBatch.map(\.bitPattern), "\(context), batch of \(batch.count)")
            #expect(uncachedBatch.map(\.bitPattern) == plainBatch.map(\.bitPattern), "\(context), batch of \(batch.count), features not kept")
        }
    }

    @Test("solve of a polynomial least-squares fit agrees with polyfit; search repeats itself from a seed")
    func solveAndSearch() throws {
        var random = SplitMix64(seed: 31)
        for degree in [1, 2, 4] {
            let x = (0..<20).map { _ in Double.random(in: -1...1, using: &random) }
            let y = (0..<20).map { _ in Double.random(in: -1...1, using: &random) }
            var output = ""
            let session = Session(output: { output += $0 }, errors: { output += $0 })
            _ = session.run(SourceFile(displayName: "t", text: """
                D = table(x = \(Self.text(x)), y = \(Self.text(y)))
                fit(θ) = (y - polyval(θ, x))^2
                r = solve fit on D from (θ = zeros(\(degree + 1)));
                norm(r.θ - polyfit(D.x, D.y, \(degree))) < 1e-9
                s1 = search fit on D from (θ = zeros(\(degree + 1))) tries 50 scale 0.5 local seed 3;
                s2 = search fit on D from (θ = zeros(\(degree + 1))) tries 50 scale 0.5 local seed 3;
                s1.tried == s2.tried
                s1.fun <= s1.tried[0]
                """))
            #expect(output.hasPrefix("true\n"), "degree \(degree): \(output)")
            #expect(!output.contains("false") && !output.contains("error"), "degree \(degree): \(output)")
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
