import Core
import Data
import Diagnostics
import Syntax

extension Builtins {
    static let dataEntries: [BuiltinEntry] = [
        BuiltinEntry(name: "load", arity: 1...2, synopsis: "load(\"file.csv\"), load(\"file.csv\", \";\")",
                     summary: "reads a CSV file with a header row into a table (paths are relative to the script's folder); fields are separated by ',', or by ';', a tab or '|' when the header has one of them and no ',' (or name the delimiter); in a ';' file 1,5 reads as 1.5",
                     example: "tips = load(\"data/tips.csv\")\nrows(tips)") { call in
            let path = try call.string(0)
            var delimiter: CSVDelimiter?
            if call.arguments.count == 2 {
                let text = try call.string(1)
                guard let named = CSVDelimiter(text) else {
                    let accepted = CSVDelimiter.all.map { $0 == .tab ? "\"\\t\"" : "\"\(Character(UnicodeScalar($0.byte)))\"" }
                    throw call.fail("a delimiter is one of \(accepted.joined(separator: ", "))", argument: 1)
                }
                delimiter = named
            }
            do {
                return .table(try Table.load(csvFile: call.evaluator.io.resolvePath(path), displayName: path, delimiter: delimiter))
            } catch let error as CSVError {
                if error.problem == .interrupted {
                    throw Diagnostic(.interrupted, "interrupted while reading '\(path)'", at: call.range(0), severity: .warning)
                }
                throw Diagnostic(.dataError, "cannot load \(error.description)", at: call.range(0))
            }
        },
        BuiltinEntry(name: "head", arity: 1...2, synopsis: "head(t), head(t, n)", summary: "the first n rows of a table (default 5)",
                     example: "D = table(x = [2, 3, 5, 8], y = [3, 6, 5, 12])\nhead(D, 2)") { call in
            let n = call.arguments.count == 2 ? try call.count(1, limit: 1_000_000_000) : 5
            return .table(try call.table(0).head(n))
        },
        BuiltinEntry(name: "rows", arity: 1...1, synopsis: "rows(t)", summary: "the number of rows of a table",
                     example: "rows(table(x = [1, 2, 3]))") { call in
            .number(Double(try call.table(0).rowCount))
        },
        BuiltinEntry(name: "describe", arity: 1...1, synopsis: "describe(t)", summary: "count, mean, std, min, quartiles and max of each numeric column, as pandas",
                     example: "describe(table(x = [2, 3, 5, 8], y = [3, 6, 5, 12]))") { call in
            .string(describeTable(try call.table(0)))
        },
        BuiltinEntry(name: "columns", arity: 2...100, synopsis: "columns(t, \"a\", \"b\", …)", summary: "a matrix whose columns are the named table columns",
                     example: "D = table(x = [2, 3, 5], y = [3, 6, 5])\ncolumns(D, \"x\", \"y\")") { call in
            let table = try call.table(0)
            var columns: [[Double]] = []
            for i in 1..<call.arguments.count {
                let name = try call.string(i)
                guard case .vector(let v) = try call.evaluator.column(of: table, name, at: call.range(i)) else { throw call.fail("not numeric", argument: i) }
                columns.append(v)
            }
            let rows = table.rowCount
            var elements: [Double] = []
            elements.reserveCapacity(rows * columns.count)
            for r in 0..<rows { for c in columns { elements.append(c[r]) } }
            return .matrix(Matrix(rows: rows, columns: columns.count, elements: elements))
        },
    ]
}

extension Evaluator {
    /// `table(x = [2, 3, 5, 8], y = [3, 6, 5, 12])`: columns from vectors.
    func makeTable(_ arguments: [Argument], _ scope: Scope, at range: SourceRange) throws -> Value {
        guard !arguments.isEmpty else {
            throw Diagnostic(.invalidArgument, "table needs columns", at: range, notes: ["usage: table(x = [2, 3, 5, 8], y = [3, 6, 5, 12])"])
        }
        var columns: [Column] = []
        for argument in arguments {
            guard let label = argument.label else {
                throw Diagnostic(.invalidArgument, "name each column, as table(x = [1, 2])", at: argument.value.range)
            }
            switch try evaluate(argument.value, scope) {
            case .vector(let v): columns.append(Column(name: label, numbers: v))
            case let other: throw Diagnostic(.typeMismatch, "column '\(label)' must be a vector, not \(other.kindName)", at: argument.value.range)
            }
        }
        do {
            return .table(try Table(columns: columns))
        } catch {
            throw Diagnostic(.shapeMismatch, error.description, at: range)
        }
    }
}
