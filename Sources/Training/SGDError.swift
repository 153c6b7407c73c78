import Core

/// Why `sgd` cannot start: a setting out of range or an objective it cannot
/// run on. Each case holds the offending data; `message` builds the text and
/// `option` names the keyword at fault so a caller can point at it.
public enum SGDError: Error, Equatable, Sendable {
    case invalidRate(Double)
    case invalidBatchSize(Int)
    case invalidEpochs(Int)
    case invalidReportInterval(Int)
    /// The optimizer's name or one of its hyperparameters.
    case optimizer(UpdateRuleError)
    case invalidDecay(String, parameter: Double)
    case invalidFinalRate(Double)
    case invalidSeed(Double)
    case notACount(option: String, value: Double)
    case startLengthMismatch(expected: Int, actual: Int)
    case nonFiniteStart(index: Int, value: Double)
    case nonFiniteStartLoss(Double)
    case emptyTable
    case noParameters
    case columnLengthsDiffer(Int, Int)

    /// The option keyword the error is about (`rate`, `batch`, …, `from`),
    /// or nil when it is about the objective or the table.
    public var option: String? {
        switch self {
        case .invalidRate: "rate"
        case .invalidBatchSize: "batch"
        case .invalidEpochs: "epochs"
        case .invalidReportInterval: "every"
        case .optimizer(let error): error.keyword
        case .invalidDecay, .invalidFinalRate: "decay"
        case .invalidSeed: "seed"
        case .notACount(let option, _): option
        case .startLengthMismatch, .nonFiniteStart, .nonFiniteStartLoss: "from"
        case .emptyTable, .noParameters, .columnLengthsDiffer: nil
        }
    }

    /// The message, without position or severity (the caller adds those).
    public var message: String {
        switch self {
        case .invalidRate(let rate):
            "the rate must be a positive number, not \(formatNumber(rate))"
        case .invalidBatchSize(let size):
            "the batch size must be a whole number of rows, at least 1, or 'all'; got \(size)"
        case .invalidEpochs(let epochs):
            "the number of epochs must be from 0 to \(SGDConfiguration.maximumEpochs), not \(epochs)"
        case .invalidReportInterval(let interval):
            "'every' needs a whole number of epochs, at least 1; got \(interval)"
        case .optimizer(let error):
            error.message
        case .invalidDecay(let kind, let parameter):
            kind == "linear"
                ? "decay linear needs a positive number of steps, not \(formatNumber(parameter))"
                : "decay \(kind) needs a rate of decay of 0 or more, not \(formatNumber(parameter))"
        case .invalidFinalRate(let rate):
            "the final rate of a linear decay must be 0 or more, not \(formatNumber(rate))"
        case .invalidSeed(let seed):
            "the seed must be a whole number from 0 to 2^64 - 1, not \(formatNumber(seed))"
        case .notACount(let option, let value):
            "'\(option)' needs a whole number, not \(formatNumber(value))"
        case .startLengthMismatch(let expected, let actual):
            "the start has \(actual) value\(actual == 1 ? "" : "s") but the objective has \(expected) parameter\(expected == 1 ? "" : "s")"
        case .nonFiniteStart(let index, let value):
            "the start's value \(index + 1) is \(formatNumber(value)); every starting value must be finite"
        case .nonFiniteStartLoss(let loss):
            "the loss at the start is \(formatNumber(loss)); check the start and the table for missing values (nan)"
        case .emptyTable:
            "the table has no rows to train on"
        case .noParameters:
            "the objective has no parameters to train"
        case .columnLengthsDiffer(let first, let second):
            "the columns differ in length (\(first) and \(second) rows)"
        }
    }

    /// A "did you mean" hint, when there is one.
    public var note: String? {
        if case .optimizer(let error) = self { return error.note }
        return nil
    }
}
