import Core
import Data
import Diagnostics
import Foundation
import Numeric
import Syntax
import Training

/// A per-row loss over a table, as the SGD engine sees it: the mean
/// gradient over a batch of rows and the mean loss over the whole table,
/// both summed in Training's documented fixed order.
struct TableRowObjective: RowObjective {
    let objective: FunctionObjective
    let columnNames: [String]
    let columnData: [[Double]]
    let rowCount: Int
    /// The batch gradient's evaluator, bound to the table once
    /// (`ProgramEvaluator.bindBatches`), and borrowed each step without
    /// reference counting (`batchEvaluator` keeps it alive): copying it out
    /// of the objective with its table retained and released two objects
    /// twice a step, about 160 instructions of a batch-32 step.
    private let batchEvaluator: ProgramEvaluator?
    private let borrowedBatchEvaluator: Unmanaged<ProgramEvaluator>?
    var parameterCount: Int { objective.parameterNames.count }

    init(_ objective: FunctionObjective) {
        self.objective = objective
        let names = objective.columns.keys.sorted()
        columnNames = names
        columnData = names.map { name in
            if case .vector(let v)? = objective.columns[name] { return v }
            return []
        }
        rowCount = objective.rowCount ?? 0
        batchEvaluator = objective.compiled?.batchGradientEvaluator()
        borrowedBatchEvaluator = batchEvaluator.map(Unmanaged.passUnretained)
    }

    func meanGradient(at parameters: [Double], rows: UnsafeBufferPointer<Int>, into gradient: inout [Double]) throws {
        if let borrowedBatchEvaluator {
            try parameters.withUnsafeBufferPointer { parameters in
                try gradient.withUnsafeMutableBufferPointer { gradient in
                    try borrowedBatchEvaluator._withUnsafeGuaranteedRef {
                        try $0.evaluateBatch(parameters: parameters, rows: rows, into: gradient)
                    }
                }
            }
            return
        }
        guard let compiled = objective.compiled else { throw Diagnostic(.evaluationError, "'\(objective.name)' is not compiled", at: objective.range) }
        try compiled.batchGradient(parameters, rows: rows, into: &gradient)
    }

    func prefetch(rows: UnsafeBufferPointer<Int>) {
        borrowedBatchEvaluator?._withUnsafeGuaranteedRef { $0.prefetchBatch(rows: rows) }
    }

    func meanLoss(at parameters: [Double]) throws -> Double {
        guard let compiled = objective.compiled else { throw Diagnostic(.evaluationError, "'\(objective.name)' is not compiled", at: objective.range) }
        return try compiled.value(parameters)
    }
}

extension CommandRunner {
    func runSGD(_ command: Command) throws -> CommandResult {
        if let start = try namedStart(command, .from) { return try runShapedSGD(command, start) }
        let objective = try objective(command)
        guard objective.rowCount != nil else { throw sgdNeedsTable(command) }
        let start = try point(command, .from, parameters: objective.parameterNames) ?? []
        let configuration = try sgdConfiguration(command)
        let result = try runSGD(TableRowObjective(objective), from: start, configuration, command)
        let details = SGDRunDetails(result: result, parameterNames: objective.parameterNames, objective: TableRowObjective(objective),
                                    start: start, columns: objective.columns)
        let record = Record(kind: .sgdRun, fields: [
            ("x", parameterValue(result.x)), ("fun", .number(result.fun)), ("path", pathValue(result.path)),
            ("losses", .vector(result.losses)), ("epochs", .number(Double(result.epochs))), ("steps", .number(Double(result.steps))),
            ("reason", .string(result.reason)), ("rate", .number(configuration.rate)),
        ] + ruleFields(configuration.optimizer), run: .sgd(details))
        var interrupted = false
        if case .interrupted = result.stop { interrupted = true }
        if command.option(.every)?.word == "step" {
            let trace = try sgdStepTrace(details, at: command.option(.every)?.range)
            return CommandResult(report: self.renderSGDStepReport(details, trace), value: .record(record), interrupted: interrupted)
        }
        return CommandResult(report: renderSGDReport(result, parameterNames: objective.parameterNames), value: .record(record), interrupted: interrupted)
    }

    func sgdNeedsTable(_ command: Command) -> Diagnostic {
        Diagnostic(.missingOption, "sgd needs a table: 'on T', or a loss bound to one, as (F on T)", at: command.range,
                   notes: ["usage: \(CommandSpec.of(.sgd).synopsis)"])
    }

    /// sgd's options: rate, batch, epochs, seed, the rule, decay, noshuffle, every.
    func sgdConfiguration(_ command: Command) throws -> SGDConfiguration {
        var configuration = SGDConfiguration()
        do {
            if let rate = try positive(command, .rate) { configuration.rate = rate }
            if let batch = command.option(.batch) {
                if batch.word == "all" {
                    configuration.batchSize = .all
                } else {
                    configuration.batchSize = .rows(try count(command, .batch, limit: 1_000_000_000, minimum: 1) ?? 32)
                }
            }
            if let epochs = try count(command, .epochs, limit: SGDConfiguration.maximumEpochs) { configuration.epochs = epochs }
            if let seed = try number(command, .seed) { configuration.seed = try SGDConfiguration.seed(from: seed) }
            configuration.optimizer = try updateRule(command)
            switch try decay(command, rate: configuration.rate) {
            case .linear(let steps, let final)?: configuration.decay = .linear(steps: steps, finalRate: final)
            case .inverse(let rho)?: configuration.decay = .inverse(rho)
            case .exponential(let rho)?: configuration.decay = .exponential(rho)
            case nil: break
            }
            configuration.shuffles = command.option(.noshuffle) == nil
            if let every = try count(command, .every, limit: 1_000_000, minimum: 1) { configuration.reportEvery = every }
        } catch let error as SGDError {
            throw Diagnostic(.invalidArgument, error.message, at: error.option.flatMap(OptionKeyword.init(rawValue:)).flatMap { command.option($0)?.range } ?? command.range,
                             notes: error.note.map { [$0] } ?? [])
        }
        return configuration
    }

    /// Runs sgd with a progress bar on a terminal once a run lasts half a second.
    func runSGD(_ objective: some RowObjective, from start: [Double], _ configuration: SGDConfiguration, _ command: Command) throws -> SGDResult {
        let result: SGDResult
        let started = DispatchTime.now().uptimeNanoseconds
        var drewProgress = false
        let draw = io.progress
        // A bar on standard error once a run has lasted half a second.
        let onEpoch: ((SGDProgress) -> Void)? = draw.map { draw in
            { update in
                guard Double(DispatchTime.now().uptimeNanoseconds - started) > 5e8, update.epochs > 0 else { return }
                let width = 30
                let filled = min(width, width * update.epoch / update.epochs)
                draw("\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                     + "] epoch \(update.epoch)/\(update.epochs)  loss \(formatNumber(update.loss, significantDigits: 6))   ")
                drewProgress = true
            }
        }
        defer { if drewProgress { draw?("\r" + String(repeating: " ", count: 72) + "\r") } }
        do {
            result = try stochasticGradientDescent(minimizing: objective, from: start, configuration: configuration, progress: onEpoch)
        } catch let error as SGDError {
            throw Diagnostic(.invalidArgument, error.message, at: command.range, notes: error.note.map { [$0] } ?? [])
        }
        return result
    }
}

/// An sgd run kept for `explain R step K`: the result, and what replays it
/// (the same objective over the same rows, the same start and settings, so
/// the same seed draws the same batches and every double comes out again).
public final class SGDRunDetails: @unchecked Sendable {
    let result: SGDResult
    let parameterNames: [String]
    let objective: TableRowObjective
    let start: [Double]
    /// The table's columns the loss reads, to show a batch's rows.
    let columns: [String: Value]

    init(result: SGDResult, parameterNames: [String], objective: TableRowObjective, start: [Double], columns: [String: Value]) {
        self.result = result
        self.parameterNames = parameterNames
        self.objective = objective
        self.start = start
        self.columns = columns
    }
}
