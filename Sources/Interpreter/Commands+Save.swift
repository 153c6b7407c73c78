import Data
import Diagnostics
import Foundation
import Syntax

/// `save VALUE to "file.csv"`: results leave the session as CSV that `load`
/// reads back bit for bit (`Table.csvText` says how numbers and text are
/// written).
///
/// What becomes which table:
/// - a table: itself, row names included;
/// - a vector `w`: one column named `w` (or `value` for an expression);
/// - a matrix `M`: columns `M0`, `M1`, … (or `value0`, …);
/// - a result of descend or sgd: its path and losses, one row per step
///   (`step`, or `epoch` for sgd), the point (`x`, or `x0`, `x1`, … for
///   several parameters), then `loss`.
extension CommandRunner {
    func runSave(_ command: Command) throws -> CommandResult {
        let subject = command.subjects[0]
        guard let file = command.option(.to)?.expression else {
            throw Diagnostic(.missingOption, "save needs a file: save VALUE to \"file.csv\"", at: command.range)
        }
        guard case .string(let path) = try evaluate(file) else {
            throw Diagnostic(.typeMismatch, "the file name must be a string", at: file.range, notes: ["as: save r to \"path.csv\""])
        }
        let table = try savedTable(try evaluate(subject), named: subject.name ?? "value", at: subject.range)
        // As `plot … to`: never half a file, never a device or folder replaced.
        if let problem = writeReplacingSafely(table.csvText, to: io.resolvePath(path)) {
            throw Diagnostic(.fileError, "cannot write '\(path)': \(problem)", at: file.range)
        }
        return CommandResult(report: "wrote \(path) (\(table.shapeDescription))", value: .string(path))
    }

    private func savedTable(_ value: Value, named name: String, at range: SourceRange) throws -> Table {
        do {
            switch value {
            case .table(let table):
                return table
            case .vector(let v):
                return try Table(columns: [Column(name: name, numbers: v)])
            case .matrix(let m):
                let columns = m.transposed.rowArrays
                return try Table(columns: columns.indices.map { Column(name: "\(name)\($0)", numbers: columns[$0]) })
            case .record(let record):
                guard let path = record.field("path"), case .vector(let losses)? = record.field("losses") else {
                    throw Diagnostic(.typeMismatch, "save writes a result's path and losses; this \(record.kind) has none", at: range,
                                     notes: ["save its fields one by one, as: save \(name).x to \"x.csv\""])
                }
                let points: [[Double]]
                switch path {
                case .vector(let xs): points = [xs]
                case .matrix(let m): points = m.transposed.rowArrays
                default: points = []
                }
                guard let first = points.first, first.count == losses.count else {
                    throw Diagnostic(.shapeMismatch, "the path and the losses of '\(name)' differ in length", at: range)
                }
                let stepName = record.kind == .sgdRun ? "epoch" : "step"
                var columns = [Column(name: stepName, numbers: losses.indices.map(Double.init))]
                columns += points.indices.map { Column(name: points.count == 1 ? "x" : "x\($0)", numbers: points[$0]) }
                columns.append(Column(name: "loss", numbers: losses))
                return try Table(columns: columns)
            default:
                throw Diagnostic(.typeMismatch, "save writes tables, vectors, matrices and results of descend or sgd, not \(value.kindName)", at: range)
            }
        } catch let error as TableError {
            throw Diagnostic(.invalidArgument, error.description, at: range)
        }
    }
}
