import Core
import Diagnostics
import Testing
@testable import Interpreter

/// `explain R step K` prints the run's own numbers: each test recomputes the
/// printed quantities here from the formulas `help descend` documents,
/// written out by hand, and finds the same text (gd prints a double as its
/// shortest round trip, so equal text is an equal double).
@Suite struct ExplainStepTests {
    func output(_ script: String) -> String {
        var output = ""
        var errors = ""
        let session = Session(output: { output += $0 }, errors: { errors += $0 })
        session.run(SourceFile(displayName: "explain.gd", text: script))
        #expect(errors.isEmpty, "\(errors)")
        return output
    }

    func n(_ x: Double) -> String { formatNumber(x) }
    func s(_ x: Double) -> String { x < 0 ? "(\(formatNumber(x)))" : formatNumber(x) }

    static let quadratic = "q(x, y) = x^2/2 + 25y^2\n"
    /// ∇q = [x, 50y], as gd prints it.
    func gradient(_ p: [Double]) -> [Double] { [p[0], 50 * p[1]] }

    @Test func deck001PlotOneStep() {
        let text = output("f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10\nr = descend f from 4 rate 0.3 steps 19;\nexplain r step 1\ns = descend f from 4 rate 1 steps 19;\nexplain s step 2")
        #expect(text.contains("x ← x - α·g = 4 - 0.3 × (-0.4) = 4.12"))
        #expect(text.contains("x ← x - α·g = 4.4 - 1 × (-0.6464000000000055) = 5.0464000000000055"))
    }

    @Test func adamStepTwo() {
        let (b1, b2, eps, rate) = (0.9, 0.999, 1e-8, 0.1)
        var x = [1.0, 1.0], m = [0.0, 0.0], v = [0.0, 0.0]
        var lines: [String] = []
        for t in 1...2 {
            let g = gradient(x)
            let b1t = t == 1 ? b1 : b1 * b1, b2t = t == 1 ? b2 : b2 * b2
            for j in 0..<2 {
                let oldM = m[j], oldV = v[j], oldX = x[j]
                m[j] = b1 * m[j] + (1 - b1) * g[j]
                v[j] = b2 * v[j] + (1 - b2) * (g[j] * g[j])
                let mHat = m[j] / (1 - b1t), vHat = v[j] / (1 - b2t)
                x[j] = x[j] - rate * mHat / (vHat.squareRoot() + eps)
                if t == 2 {
                    lines.append("m ← β₁·m + (1 - β₁)·g = 0.9 × \(s(oldM)) + (1 - 0.9) × \(s(g[j])) = \(n(m[j]))")
                    lines.append("v ← β₂·v + (1 - β₂)·(g·g) = 0.999 × \(n(oldV)) + (1 - 0.999) × (\(s(g[j])) × \(s(g[j]))) = \(n(v[j]))")
                    lines.append("m̂ = m/(1 - β₁ᵗ) = \(n(m[j]))/(1 - \(n(b1t))) = \(n(mHat))")
                    lines.append("v̂ = v/(1 - β₂ᵗ) = \(n(v[j]))/(1 - \(n(b2t))) = \(n(vHat))")
                    lines.append("= \(n(oldX)) - 0.1 × \(s(mHat))/(\(n(vHat.squareRoot())) + 1e-08) = \(n(x[j]))")
                }
            }
        }
        let text = output(Self.quadratic + "a = descend q from [1, 1] rate 0.1 steps 3 optimizer adam;\nexplain a step 2")
        for line in lines { #expect(text.contains(line), "missing: \(line)\n\(text)") }
    }

    @Test func rmspropAdagradNesterovMomentumStepTwo() {
        // RMSProp, ρ 0.99, ε 1e-8, rate 0.05
        var x = [1.0, 1.0], e = [0.0, 0.0]
        var expected: [String] = []
        for t in 1...2 {
            let g = gradient(x)
            for j in 0..<2 {
                let old = e[j], oldX = x[j]
                e[j] = 0.99 * e[j] + (1 - 0.99) * (g[j] * g[j])
                x[j] = x[j] - 0.05 * g[j] / (e[j].squareRoot() + 1e-8)
                if t == 2 {
                    expected.append("E ← ρ·E + (1 - ρ)·(g·g) = 0.99 × \(n(old)) + (1 - 0.99) × (\(s(g[j])) × \(s(g[j]))) = \(n(e[j]))")
                    expected.append("= \(n(oldX)) - 0.05 × \(s(g[j]))/(\(n(e[j].squareRoot())) + 1e-08) = \(n(x[j]))")
                }
            }
        }
        var text = output(Self.quadratic + "r_rmsprop = descend q from [1, 1] rate 0.05 steps 3 optimizer rmsprop;\nexplain r_rmsprop step 2")
        for line in expected { #expect(text.contains(line), "missing: \(line)\n\(text)") }

        // AdaGrad, ε 1e-10, rate 0.5
        x = [1.0, 1.0]
        var sum = [0.0, 0.0]
        expected = []
        for t in 1...2 {
            let g = gradient(x)
            for j in 0..<2 {
                let old = sum[j], oldX = x[j]
                sum[j] = sum[j] + g[j] * g[j]
                x[j] = x[j] - 0.5 * g[j] / (sum[j].squareRoot() + 1e-10)
                if t == 2 {
                    expected.append("G ← G + g·g = \(n(old)) + \(s(g[j])) × \(s(g[j])) = \(n(sum[j]))")
                    expected.append("= \(n(oldX)) - 0.5 × \(s(g[j]))/(\(n(sum[j].squareRoot())) + 1e-10) = \(n(x[j]))")
                }
            }
        }
        text = output(Self.quadratic + "r_adagrad = descend q from [1, 1] rate 0.5 steps 3 optimizer adagrad;\nexplain r_adagrad step 2")
        for line in expected { #expect(text.contains(line), "missing: \(line)\n\(text)") }

        // Nesterov, λ 0.9, rate 0.01: the gradient at x + λv
        x = [1.0, 1.0]
        var velocity = [0.0, 0.0]
        expected = []
        for t in 1...2 {
            let ahead = [x[0] + 0.9 * velocity[0], x[1] + 0.9 * velocity[1]]
            let g = gradient(ahead)
            for j in 0..<2 {
                let old = velocity[j], oldX = x[j]
                velocity[j] = 0.9 * velocity[j] - 0.01 * g[j]
                x[j] = x[j] + velocity[j]
                if t == 2 {
                    expected.append("+ λ·v = \(n(oldX)) + 0.9 × \(s(old)) = \(n(ahead[j]))")
                    expected.append("v ← λ·v - α·g = 0.9 × \(s(old)) - 0.01 × \(s(g[j])) = \(n(velocity[j]))")
                    expected.append("← \(["x", "y"][j]) + v = \(n(oldX)) + \(s(velocity[j])) = \(n(x[j]))")
                }
            }
        }
        text = output(Self.quadratic + "r_nesterov = descend q from [1, 1] rate 0.01 steps 3 optimizer nesterov;\nexplain r_nesterov step 2")
        for line in expected { #expect(text.contains(line), "missing: \(line)\n\(text)") }
    }

    @Test func sgdStepShowsTheBatchAndMatchesTheRun() {
        // Batch "all" has no shuffle to reproduce: the step is plain descent on the mean gradient.
        let text = output("D = table(x = [2, 3, 5, 8], y = [3, 6, 5, 12])\nloss(θ) = (x + θ - y)^2\ng = sgd loss on D from 5 rate 0.1 batch all epochs 3;\nexplain g step 2\ng.path")
        // mean gradient of (x + θ - y)^2 is 2(θ - 2) here (mean of y - x is 2)
        let first = 5 - 0.1 * (2 * (5.0 - 2))
        let g2 = 2 * (first - 2)
        let second = first - 0.1 * g2
        #expect(text.contains("batch: rows "))
        #expect(text.contains("= \(n(first)) - 0.1 × \(s(g2)) = \(n(second))"), "\(text)")
    }

    /// The per-step replay ends each epoch exactly where the run did.
    @Test func stepTraceMeetsTheRunAtEveryEpochEnd() throws {
        let session = Session(output: { _ in }, errors: { _ in })
        session.run(SourceFile(displayName: "trace.gd", text: """
            D = table(x = [2, 3, 5, 8, 13, 21], y = [3, 6, 5, 12, 15, 20])
            loss(a, b) = (a*x + b - y)^2
            g = sgd loss on D from [0, 0] rate 0.005 batch 4 epochs 5 optimizer adam;
            """))
        guard case .record(let record)? = session.environment.globals["g"], case .sgd(let details)? = record.run else {
            Issue.record("no sgd result")
            return
        }
        let trace = try session.commands.sgdStepTrace(details, at: nil)
        let result = details.result
        #expect(trace.count == result.steps)
        #expect(result.batchesPerEpoch == 2)
        for epoch in 1...result.epochs {
            let end = trace[epoch * result.batchesPerEpoch - 1]
            #expect(end.epoch == epoch)
            #expect(end.point.map(\.bitPattern) == result.path[epoch].map(\.bitPattern))
            #expect(end.loss.bitPattern == result.losses[epoch].bitPattern)
        }
    }
}
