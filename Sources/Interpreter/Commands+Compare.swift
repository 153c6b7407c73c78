import Core
import Diagnostics
import Optimize
import Plot
import Syntax
import Training

/// `compare descend|minimize|sgd … OPTION v1, v2, …`: the statement run once
/// per value of one option, everything else (start, seed, data) the same;
/// one table of the runs, their loss curves together with a legend, and a
/// result that binds every run (`c.runs[0]`, `c.runs["0.3"]`, `c.runs.adam`).
extension CommandRunner {
    /// One compared run: the setting as written and what the run left.
    private struct ComparedRun {
        var setting: String
        var record: Record
    }

    func runComparison(_ command: Command) throws -> CommandResult {
        guard let inner = command.compared, let varied = command.variedOption else {
            throw Diagnostic(.invalidCommand, "compare needs one option with several values, separated by commas", at: command.range)
        }
        var runs: [ComparedRun] = []
        var interrupted = false
        for value in varied.alternatives {
            var options = command.options.filter { $0.keyword != OptionKeyword.file.rawValue && $0.keyword != OptionKeyword.ascii.rawValue }
            for i in options.indices where options[i].keyword == varied.keyword {
                options[i].value = value
                options[i].alternatives = []
            }
            let variant = Command(name: inner, nameRange: command.nameRange, subjects: command.subjects, options: options, range: command.range)
            let setting = settingText(value)
            guard runs.allSatisfy({ $0.setting != setting }) else {
                throw Diagnostic(.duplicateOption, "'\(setting)' is listed twice", at: range(of: value) ?? varied.range)
            }
            let result = try run(variant)
            guard case .record(let record) = result.value else { continue }
            runs.append(ComparedRun(setting: setting, record: record))
            if result.interrupted {
                interrupted = true
                break
            }
        }
        let keyword = varied.keyword
        var report = comparisonTable(inner: inner, keyword: keyword, runs: runs)
        var plotNote: String?
        let curves = runs.compactMap { run -> (name: String, losses: [Double])? in
            guard run.record.kind.hasLossCurve, case .vector(let losses)? = run.record.field("losses") else { return nil }
            return ("\(keyword) \(run.setting)", losses)
        }
        if curves.count == runs.count, !curves.isEmpty {
            do {
                let figure = try Figure.lossCurves(curves, xLabel: inner == .sgd ? "epoch" : (inner == .minimize ? "iteration" : "step"))
                let (text, _) = try show(figure, file: command.option(.file)?.expression, ascii: command.option(.ascii) != nil)
                report += "\n" + text
            } catch let error as PlotError {
                plotNote = "note: the loss curves cannot be drawn: \(error.message)"
            }
        }
        if let plotNote { report += "\n" + plotNote }
        for run in runs {
            if case .string(let reason)? = run.record.field("reason") { report += "\n\(keyword) \(run.setting): \(reason)" }
        }

        var fields: [(name: String, value: Value)] = [
            ("option", .string(keyword)),
            ("runs", .record(Record(kind: .runs, fields: runs.map { ($0.setting, .record($0.record)) }))),
            ("fun", .vector(runs.map { run in run.record.field("fun")?.scalar ?? .nan })),
        ]
        let numericSettings = varied.alternatives.compactMap { value -> Double? in
            guard case .expression(let e) = value, let x = try? evaluate(e).scalar else { return nil }
            return x
        }
        if numericSettings.count == runs.count { fields.insert(("settings", .vector(numericSettings)), at: 1) }
        return CommandResult(report: report, value: .record(Record(kind: .comparison, fields: fields)), interrupted: interrupted)
    }

    /// A setting as the user wrote it: `0.3`, `adam`, `all`, `linear 0.5`.
    private func settingText(_ value: CommandOption.Value) -> String {
        switch value {
        case .expression(let e): return e.description
        case .word(let word, _): return word
        case .wordAndExpression(let word, _, let e): return "\(word) \(e.description)"
        case .flag: return "on"
        }
    }

    private func range(of value: CommandOption.Value) -> SourceRange? {
        switch value {
        case .expression(let e), .wordAndExpression(_, _, let e): return e.range
        case .word(_, let range): return range
        case .flag: return nil
        }
    }

    /// One row per run: the setting, the final loss, the steps or epochs
    /// taken, where it stopped and the diagnosis (descend's own analysis).
    private func comparisonTable(inner: CommandName, keyword: String, runs: [ComparedRun]) -> String {
        let header = [keyword, "final loss", inner == .sgd ? "epochs" : (inner == .minimize ? "iterations" : "steps"), "stopped", "diagnosis"]
        var rows = [header]
        for run in runs {
            let loss = run.record.field("fun")?.scalar.map { formatNumber($0, significantDigits: 6) } ?? "?"
            switch run.record.run {
            case .descent(let result)?:
                rows.append([run.setting, loss, "\(result.steps)", stopText(result.stop), diagnosisText(result)])
            case .sgd(let details)?:
                let result = details.result
                rows.append([run.setting, loss, "\(result.epochs)", sgdStopText(result), sgdDiagnosis(result)])
            case .minimize(let result)?:
                rows.append([run.setting, loss, "\(result.nit)", result.success ? "converged" : result.message,
                             result.pointKind.map { $0.kind.rawValue } ?? "unknown"])
            case nil:
                rows.append([run.setting, loss, "", "", ""])
            }
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private func stopText(_ stop: DescendStop) -> String {
        switch stop {
        case .stepLimit: return "step limit"
        case .toleranceMet: return "tol met"
        case .zeroGradient: return "zero gradient"
        case .diverged(let step): return "diverged at step \(step)"
        case .interrupted(let step): return "interrupted at step \(step)"
        }
    }

    /// The diagnoses of `DescendDiagnosis`, named in a word each; the full
    /// sentences follow the table (each run's `.reason`).
    private func diagnosisText(_ result: DescendResult) -> String {
        if result.diagnoses.isEmpty { return result.converged ? "converged" : "none" }
        return result.diagnoses.map { diagnosis in
            switch diagnosis {
            case .bouncing(let a, let b): "bouncing between \(formatPoint(a)) and \(formatPoint(b))"
            case .crawling: "crawling"
            case .diverging: "diverging"
            case .alternating: "alternating, shrinking slowly"
            case .saddle: "near a saddle point"
            }
        }.joined(separator: ", ")
    }

    private func formatPoint(_ x: [Double]) -> String {
        x.count == 1 ? formatNumber(x[0], significantDigits: 6) : "[" + x.map { formatNumber($0, significantDigits: 6) }.joined(separator: ", ") + "]"
    }

    private func sgdStopText(_ result: SGDResult) -> String {
        switch result.stop {
        case .completed: return "completed"
        case .diverged(let epoch, let batch): return "diverged in epoch \(epoch), batch \(batch)"
        case .interrupted(let epoch, let batch): return "interrupted in epoch \(epoch) after batch \(batch)"
        }
    }

    private func sgdDiagnosis(_ result: SGDResult) -> String {
        if case .diverged = result.stop { return "diverging" }
        if let start = result.losses.first, result.fun > start { return "ended above its start" }
        return "none"
    }
}
