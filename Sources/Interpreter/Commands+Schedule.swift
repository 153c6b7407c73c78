import Core
import Diagnostics
import Optimize
import Plot
import Syntax

/// `schedule α decay …`: a learning-rate schedule on its own (deck 002's
/// decay formulas), printed as a table of αₜ and drawn against t. The rates
/// are the ones `descend` and `sgd` use for the same `rate α decay …`
/// (Core's `LearningRateDecay`, t = 0 for the first update).
extension CommandRunner {
    func runSchedule(_ command: Command) throws -> CommandResult {
        let subject = command.subjects[0]
        guard let base = try evaluate(subject).scalar, base.isFinite, base > 0 else {
            throw Diagnostic(.invalidArgument, "schedule takes the starting rate α, a positive number", at: subject.range,
                             notes: ["as: schedule 0.1 decay linear 100 final 0.001"])
        }
        guard let decay = try decay(command, rate: base) else {
            throw Diagnostic(.missingOption, "schedule needs 'decay linear ρ', 'decay inverse ρ' or 'decay exp ρ'", at: command.range)
        }
        let steps = try count(command, .steps, limit: 1_000_000, minimum: 1) ?? 100
        let rates = (0..<steps).map { decay.rate(base: base, update: $0) }
        let rows = descendReportSteps(totalSteps: steps - 1)
        var table = [["t", "rate αₜ"]] + rows.map { ["\($0)", formatNumber(rates[$0])] }
        let widths = [table.map { $0[0].count }.max() ?? 0, table.map { $0[1].count }.max() ?? 0]
        table.insert([String(repeating: "-", count: widths[0]), String(repeating: "-", count: widths[1])], at: 1)
        var report = table.map { row in
            String(repeating: " ", count: widths[0] - row[0].count) + row[0] + "  " + String(repeating: " ", count: widths[1] - row[1].count) + row[1]
        }.joined(separator: "\n")
        report += "\n" + scheduleFormula(decay, base: base)
        do {
            let figure = try Figure.lossCurves([(scheduleName(decay), rates)], xLabel: "update t", yLabel: "rate")
            let (text, _) = try show(figure, file: command.option(.file)?.expression, ascii: command.option(.ascii) != nil)
            report += "\n" + text
        } catch let error as PlotError {
            report += "\nnote: the schedule cannot be drawn: \(error.message)"
        }
        return CommandResult(report: report, value: .vector(rates))
    }

    private func scheduleName(_ decay: LearningRateDecay) -> String {
        switch decay {
        case .linear(let steps, _): return "decay linear \(formatNumber(steps))"
        case .inverse(let rho): return "decay inverse \(formatNumber(rho))"
        case .exponential(let rho): return "decay exp \(formatNumber(rho))"
        }
    }

    private func scheduleFormula(_ decay: LearningRateDecay, base: Double) -> String {
        switch decay {
        case .linear(let steps, let final):
            let target = final ?? base / 100
            return "αₜ = α + (α_ρ - α)·min(t, ρ)/ρ with α = \(formatNumber(base)), α_ρ = \(formatNumber(target)), ρ = \(formatNumber(steps)): a straight line to α_ρ at t = ρ, then held."
        case .inverse(let rho):
            return "αₜ = α/(1 + ρt) with α = \(formatNumber(base)), ρ = \(formatNumber(rho))."
        case .exponential(let rho):
            return "αₜ = α·e^(-ρt) with α = \(formatNumber(base)), ρ = \(formatNumber(rho))."
        }
    }
}
