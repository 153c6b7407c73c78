import Core
import Diagnostics
import Optimize
import Syntax
import Training

/// `explain R step K`: the update that produced row K of a run's table, with
/// every number substituted, as a teacher writes it on the board
/// (x₁ = x₀ − α·f′(x₀) = 4 − 0.3 × (−0.4) = 4.12). The numbers are the run's
/// own doubles: a descent's rule state is replayed from the gradients and
/// rates it stored, an sgd run is replayed from its seed to that batch, and
/// each coordinate goes through the very functions the run used
/// (`UpdateRuleState.plain`, `.momentum`, `.adagrad`, `.rmsprop`, `.adam`).
extension CommandRunner {
    func explainStep(_ subject: ExpressionSyntax, step stepExpression: ExpressionSyntax) throws -> String {
        let value = try evaluate(subject)
        if case .record(let record) = value, record.run == nil, record.kind == .descent || record.kind == .sgdRun {
            // A run of vector or matrix parameters keeps no per-step record to replay.
            throw Diagnostic(.invalidArgument, "'explain … step K' shows runs of named numbers; this run's parameters are vectors or matrices", at: subject.range,
                             notes: ["its losses are in .losses; plot it with plot \(subject.description)"])
        }
        guard case .record(let record) = value, let run = record.run else {
            throw Diagnostic(.typeMismatch, "'explain … step K' takes a result of descend or sgd", at: subject.range,
                             notes: ["as: r = descend f from 4 rate 0.3 steps 19; explain r step 1"])
        }
        guard let k = try evaluate(stepExpression).scalar, k.rounded() == k, k >= 1, k <= 1e12 else {
            throw Diagnostic(.invalidArgument, "the step is a whole number from 1", at: stepExpression.range)
        }
        let step = Int(k)
        switch run {
        case .descent(let result):
            guard step <= result.steps else {
                throw Diagnostic(.indexOutOfRange, "the run took \(result.steps) step\(result.steps == 1 ? "" : "s"); step \(step) is not one of them",
                                 at: stepExpression.range)
            }
            return explainDescentStep(result, step: step)
        case .sgd(let details):
            guard step <= details.result.steps else {
                throw Diagnostic(.indexOutOfRange, "the run took \(details.result.steps) step\(details.result.steps == 1 ? "" : "s") (one per batch); step \(step) is not one of them",
                                 at: stepExpression.range)
            }
            return try explainSGDStep(details, step: step, at: stepExpression.range)
        case .minimize:
            throw Diagnostic(.invalidArgument, "'explain … step K' shows updates of descend and sgd; minimize's steps come from its line search and curvature model",
                             at: subject.range)
        }
    }

    private func explainDescentStep(_ result: DescendResult, step: Int) -> String {
        let n = result.parameterNames.count
        // Replay the rule's state through the updates before this one.
        var state = UpdateRuleState(result.rule, parameterCount: n)
        var scratch = [Double](repeating: 0, count: n)
        for t in 0..<(step - 1) {
            scratch = result.path[t]
            state.update(&scratch, gradient: result.updateGradients[t], rate: result.rates[t])
        }
        let before = result.path[step - 1], gradient = result.updateGradients[step - 1], rate = result.rates[step - 1]
        var lines = ["step \(step) of \(ruleDescription(result.rule)): \(pointText(before, result.parameterNames)) → \(pointText(result.path[step], result.parameterNames))"]
        // With a line search the schedule gives the first trial; the search picks the rate used.
        let scheduled = result.lineSearchTrials.isEmpty ? rate : (result.lineSearchTrials[step - 1].first?.rate ?? rate)
        lines += rateLines(rate: scheduled, base: result.baseRate, decay: result.decay, t: step - 1)
        if !result.lineSearchTrials.isEmpty { lines += lineSearchLines(result, step: step) }
        var lookAhead: [Double]?
        if case .nesterov(let lambda) = result.rule {
            var ahead = before
            state.lookAhead(from: before, into: &ahead)
            lookAhead = ahead
            lines.append("  look-ahead x + λ·v, where the gradient is taken:")
            for j in 0..<n {
                lines.append("    \(result.parameterNames[j]) + λ·v = \(num(before[j])) + \(num(lambda)) × \(signed(state.first[j])) = \(num(ahead[j]))")
            }
        }
        let (updateLines, after) = updateLinesFor(state: state, x: before, gradient: gradient, rate: rate, names: result.parameterNames,
                                                  gradientLabel: { lookAhead == nil ? "∂F/∂\($0)" : "∂F/∂\($0) at the look-ahead" })
        lines += updateLines
        lines.append("  loss F: \(num(result.losses[step - 1])) → \(num(result.losses[step]))")
        if after.map(\.bitPattern) != result.path[step].map(\.bitPattern) {
            // Cannot happen: the replay runs the run's own code on its own numbers.
            lines.append("note: the replayed update differs from the run's recorded point")
        }
        return lines.joined(separator: "\n")
    }

    private func explainSGDStep(_ details: SGDRunDetails, step: Int, at range: SourceRange) throws -> String {
        var observed: SGDStepObservation?
        _ = try stochasticGradientDescent(minimizing: details.objective, from: details.start, configuration: details.result.configuration,
                                          shouldStop: { observed != nil }, observing: step, observer: { observed = $0 })
        guard let seen = observed else {
            throw Diagnostic(.invalidArgument, "step \(step) could not be replayed", at: range)
        }
        let names = details.parameterNames
        let configuration = details.result.configuration
        var lines = ["step \(step) of \(ruleDescription(configuration.optimizer)), epoch \(seen.epoch), batch \(seen.batch) of \(details.result.batchesPerEpoch): \(pointText(seen.point, names)) → \(pointText(seen.result, names))"]
        lines.append(batchLine(seen.rows, columns: details.columns))
        var decay: LearningRateDecay?
        switch configuration.decay {
        case .constant: decay = nil
        case .linear(let steps, let final): decay = .linear(steps: steps, final: final)
        case .inverse(let rho): decay = .inverse(rho)
        case .exponential(let rho): decay = .exponential(rho)
        }
        lines += rateLines(rate: seen.rate, base: configuration.rate, decay: decay, t: step - 1)
        if case .nesterov(let lambda) = configuration.optimizer {
            lines.append("  look-ahead θ + λ·v, where the gradient is taken:")
            for j in names.indices {
                lines.append("    \(names[j]) + λ·v = \(num(seen.point[j])) + \(num(lambda)) × \(signed(seen.stateBefore.first[j])) = \(num(seen.evaluatedAt[j]))")
            }
        }
        let ahead = configuration.optimizer.evaluatesAhead
        let (updateLines, after) = updateLinesFor(state: seen.stateBefore, x: seen.point, gradient: seen.gradient, rate: seen.rate, names: names,
                                                  gradientLabel: { ahead ? "the batch's mean ∂ℓ/∂\($0) at the look-ahead" : "the batch's mean ∂ℓ/∂\($0)" })
        lines += updateLines
        if after.map(\.bitPattern) != seen.result.map(\.bitPattern) {
            lines.append("note: the replayed update differs from the run's")
        }
        return lines.joined(separator: "\n")
    }

    /// The batch's rows (0-based), with their values when the batch is small.
    private func batchLine(_ rows: [Int], columns: [String: Value]) -> String {
        let shown = rows.prefix(8).map(String.init).joined(separator: ", ") + (rows.count > 8 ? ", … (\(rows.count) rows)" : "")
        var text = "  batch: row\(rows.count == 1 ? "" : "s") \(shown)"
        if rows.count <= 4 {
            let names = columns.keys.sorted()
            for row in rows {
                let values = names.compactMap { name -> String? in
                    guard case .vector(let v)? = columns[name], row < v.count else { return nil }
                    return "\(name) = \(num(v[row]))"
                }
                text += "\n    row \(row): " + values.joined(separator: ", ")
            }
        }
        return text
    }

    private func rateLines(rate: Double, base: Double, decay: LearningRateDecay?, t: Int) -> [String] {
        guard let decay else { return ["  rate α = \(num(rate))"] }
        let time = num(Double(t))
        switch decay {
        case .linear(let steps, let final):
            let target = final ?? base / 100
            return ["  rate α\(subscripted(t)) = α + (α_ρ - α)·min(t, ρ)/ρ = \(num(base)) + (\(num(target)) - \(num(base))) × min(\(time), \(num(steps)))/\(num(steps)) = \(num(rate))  (decay linear, t = \(time))"]
        case .inverse(let rho):
            return ["  rate α\(subscripted(t)) = α/(1 + ρ·t) = \(num(base))/(1 + \(num(rho)) × \(time)) = \(num(rate))  (decay inverse)"]
        case .exponential(let rho):
            return ["  rate α\(subscripted(t)) = α·e^(-ρ·t) = \(num(base)) × e^(-\(num(rho)) × \(time)) = \(num(rate))  (decay exp)"]
        }
    }

    private func lineSearchLines(_ result: DescendResult, step: Int) -> [String] {
        let trials = result.lineSearchTrials[step - 1]
        let loss = result.losses[step - 1]
        let gradient = result.updateGradients[step - 1]
        if result.lineSearchIsExact {
            var lines = ["  exact line search: α = argmin F(x - α·g) over α ≥ 0, with F(x) = \(num(loss)); \(trials.count) trials (bracketing, then golden section), the first and the last:"]
            let shown = trials.count <= 8 ? Array(trials) : Array(trials.prefix(4)) + Array(trials.suffix(4))
            for (index, trial) in shown.enumerated() {
                if trials.count > 8 && index == 4 { lines.append("    …") }
                lines.append("    α = \(num(trial.rate)): F = \(num(trial.loss))\(trial.accepted ? "  chosen" : "")")
            }
            return lines
        }
        let squaredNorm = gradient.reduce(0) { $0 + $1 * $1 }
        var lines = ["  backtracking line search: halve α until F(x - α·g) ≤ F(x) - 1e-4·α·‖g‖², with F(x) = \(num(loss)), ‖g‖² = \(num(squaredNorm)):"]
        for trial in trials {
            let bound = loss - 1e-4 * trial.rate * squaredNorm
            lines.append("    α = \(num(trial.rate)): F = \(num(trial.loss)) \(trial.accepted ? "≤" : ">") \(num(bound))  \(trial.accepted ? "accepted" : "rejected")")
        }
        return lines
    }

    /// The rule's arithmetic for each coordinate, through the rule's own
    /// per-coordinate functions; returns the lines and the new point.
    private func updateLinesFor(state: UpdateRuleState, x: [Double], gradient g: [Double], rate: Double, names: [String],
                                gradientLabel: (String) -> String) -> (lines: [String], point: [Double]) {
        var lines: [String] = []
        var point = x
        let beta1Power: Double, beta2Power: Double
        if case .adam(let beta1, let beta2, _) = state.rule {
            beta1Power = state.beta1Power * beta1
            beta2Power = state.beta2Power * beta2
            lines.append("  t = \(state.step + 1): β₁ᵗ = \(num(state.beta1Power)) × \(num(beta1)) = \(num(beta1Power)), β₂ᵗ = \(num(state.beta2Power)) × \(num(beta2)) = \(num(beta2Power))")
        } else {
            beta1Power = 1
            beta2Power = 1
        }
        let a = num(rate)
        for j in x.indices {
            let p = names[j]
            lines.append("  \(p): g = \(gradientLabel(p)) = \(num(g[j]))")
            switch state.rule {
            case .plain:
                point[j] = UpdateRuleState.plain(x: x[j], g: g[j], rate: rate)
                lines.append("    \(p) ← \(p) - α·g = \(num(x[j])) - \(a) × \(signed(g[j])) = \(num(point[j]))")
            case .momentum(let lambda), .nesterov(let lambda):
                let s = UpdateRuleState.momentum(x: x[j], v: state.first[j], g: g[j], rate: rate, lambda: lambda)
                point[j] = s.x
                lines.append("    v ← λ·v - α·g = \(num(lambda)) × \(signed(state.first[j])) - \(a) × \(signed(g[j])) = \(num(s.v))")
                lines.append("    \(p) ← \(p) + v = \(num(x[j])) + \(signed(s.v)) = \(num(s.x))")
            case .adagrad(let epsilon):
                let s = UpdateRuleState.adagrad(x: x[j], sum: state.first[j], g: g[j], rate: rate, epsilon: epsilon)
                point[j] = s.x
                lines.append("    G ← G + g·g = \(num(state.first[j])) + \(signed(g[j])) × \(signed(g[j])) = \(num(s.sum))")
                lines.append("    \(p) ← \(p) - α·g/(√G + ε) = \(num(x[j])) - \(a) × \(signed(g[j]))/(\(num(s.sum.squareRoot())) + \(num(epsilon))) = \(num(s.x))")
            case .rmsprop(let decay, let epsilon):
                let s = UpdateRuleState.rmsprop(x: x[j], average: state.first[j], g: g[j], rate: rate, decay: decay, epsilon: epsilon)
                point[j] = s.x
                lines.append("    E ← ρ·E + (1 - ρ)·(g·g) = \(num(decay)) × \(num(state.first[j])) + (1 - \(num(decay))) × (\(signed(g[j])) × \(signed(g[j]))) = \(num(s.average))")
                lines.append("    \(p) ← \(p) - α·g/(√E + ε) = \(num(x[j])) - \(a) × \(signed(g[j]))/(\(num(s.average.squareRoot())) + \(num(epsilon))) = \(num(s.x))")
            case .adam(let beta1, let beta2, let epsilon):
                let s = UpdateRuleState.adam(x: x[j], m: state.first[j], v: state.second[j], g: g[j], rate: rate, beta1: beta1, beta2: beta2,
                                             epsilon: epsilon, beta1Power: beta1Power, beta2Power: beta2Power)
                point[j] = s.x
                lines.append("    m ← β₁·m + (1 - β₁)·g = \(num(beta1)) × \(signed(state.first[j])) + (1 - \(num(beta1))) × \(signed(g[j])) = \(num(s.m))")
                lines.append("    v ← β₂·v + (1 - β₂)·(g·g) = \(num(beta2)) × \(num(state.second[j])) + (1 - \(num(beta2))) × (\(signed(g[j])) × \(signed(g[j]))) = \(num(s.v))")
                lines.append("    m̂ = m/(1 - β₁ᵗ) = \(num(s.m))/(1 - \(num(beta1Power))) = \(num(s.mHat))")
                lines.append("    v̂ = v/(1 - β₂ᵗ) = \(num(s.v))/(1 - \(num(beta2Power))) = \(num(s.vHat))")
                lines.append("    \(p) ← \(p) - α·m̂/(√v̂ + ε) = \(num(x[j])) - \(a) × \(signed(s.mHat))/(\(num(s.vHat.squareRoot())) + \(num(epsilon))) = \(num(s.x))")
            }
        }
        return (lines, point)
    }

    private func ruleDescription(_ rule: UpdateRule) -> String {
        switch rule {
        case .plain: return "plain gradient descent"
        case .momentum(let lambda): return "momentum λ = \(num(lambda))"
        case .nesterov(let lambda): return "Nesterov momentum λ = \(num(lambda))"
        case .adagrad(let epsilon): return "AdaGrad ε = \(num(epsilon))"
        case .rmsprop(let decay, let epsilon): return "RMSProp ρ = \(num(decay)), ε = \(num(epsilon))"
        case .adam(let beta1, let beta2, let epsilon): return "Adam β₁ = \(num(beta1)), β₂ = \(num(beta2)), ε = \(num(epsilon))"
        }
    }

    private func pointText(_ x: [Double], _ names: [String]) -> String {
        x.count == 1 ? "\(names.first ?? "x") = \(num(x[0]))" : "[" + x.map(num).joined(separator: ", ") + "]"
    }

    private func num(_ x: Double) -> String { formatNumber(x) }

    /// A number as an operand: negatives in parentheses, `3 × (-0.4)`.
    private func signed(_ x: Double) -> String { x < 0 || (x == 0 && x.sign == .minus) ? "(\(formatNumber(x)))" : formatNumber(x) }

    private func subscripted(_ t: Int) -> String {
        let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(String(t).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }

    // MARK: Every step of an sgd run

    /// One update of an sgd run and the whole-table loss after it.
    struct SGDStepRow {
        var step: Int
        var epoch: Int
        var batch: Int
        var point: [Double]
        var loss: Double
    }

    /// The most updates `every step` and `plot R steps` replay.
    static let stepTraceLimit = 100_000

    /// Every update of a run, replayed from its seed (the same doubles), with
    /// the loss over the whole table after each: deck 000's "each step has a
    /// different loss curve", seen as the zig-zag of the full loss.
    func sgdStepTrace(_ details: SGDRunDetails, at range: SourceRange?) throws -> [SGDStepRow] {
        guard details.result.steps <= CommandRunner.stepTraceLimit else {
            throw Diagnostic(.invalidArgument, "the run took \(details.result.steps) steps; a per-step trace shows at most \(CommandRunner.stepTraceLimit)",
                             at: range, notes: ["use fewer epochs or a larger batch, or 'every K' for every K-th epoch"])
        }
        var rows: [SGDStepRow] = []
        var failure: Error?
        let objective = details.objective
        _ = try stochasticGradientDescent(minimizing: objective, from: details.start, configuration: details.result.configuration,
                                          shouldStop: { failure != nil || rows.count >= details.result.steps },
                                          observer: { seen in
            do {
                rows.append(SGDStepRow(step: seen.step, epoch: seen.epoch, batch: seen.batch, point: seen.result,
                                       loss: try objective.meanLoss(at: seen.result)))
            } catch {
                failure = error
            }
        })
        if let failure { throw failure }
        return rows
    }

    /// `sgd … every step`: one row per update (step, epoch, batch, the loss
    /// over the whole table after it, the parameters), then the run's reason.
    func renderSGDStepReport(_ details: SGDRunDetails, _ trace: [SGDStepRow]) -> String {
        let result = details.result
        var rows: [[String]] = [["step", "epoch", "batch", "loss"] + details.parameterNames]
        rows.append(["0", "", "", formatNumber(result.losses[0], significantDigits: 6)] + details.start.map { formatNumber($0, significantDigits: 6) })
        for row in trace {
            rows.append(["\(row.step)", "\(row.epoch)", "\(row.batch)", formatNumber(row.loss, significantDigits: 6)]
                        + row.point.map { formatNumber($0, significantDigits: 6) })
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { cells in
            zip(cells, widths).map { cell, width in String(repeating: " ", count: width - cell.count) + cell }.joined(separator: "  ")
        }
        return (lines + [result.reason]).joined(separator: "\n")
    }
}
