/// Columns of equal length, stored contiguously, that programs run over.
///
/// Built once from a table's numeric columns (a copy), then shared by every
/// evaluation: the block kernels read it through raw pointers, which is why
/// it owns its storage instead of borrowing Swift arrays.
public struct ColumnTable: Sendable {
    final class Storage: @unchecked Sendable {
        // Immutable after init: safe to share between threads.
        let base: UnsafeMutablePointer<Double>
        let rowCount: Int
        let columnCount: Int

        init(rowCount: Int, columnCount: Int) {
            self.rowCount = rowCount
            self.columnCount = columnCount
            base = .allocate(capacity: max(1, rowCount * columnCount))
        }

        deinit { base.deallocate() }
    }

    let storage: Storage

    public var rowCount: Int { storage.rowCount }
    public var columnCount: Int { storage.columnCount }

    /// A table of `columns`, which must all have the same length.
    public init(columns: [[Double]]) throws(EvaluationError) {
        let rowCount = columns.first?.count ?? 0
        for (index, column) in columns.enumerated() where column.count != rowCount {
            throw .columnLengthMismatch(column: index, length: column.count, expected: rowCount)
        }
        let (cells, overflow) = rowCount.multipliedReportingOverflow(by: columns.count)
        if overflow || cells > Int.max / MemoryLayout<Double>.stride {
            throw .tableTooLarge(rows: rowCount, columns: columns.count)
        }
        storage = Storage(rowCount: rowCount, columnCount: columns.count)
        for (index, column) in columns.enumerated() {
            column.withUnsafeBufferPointer { source in
                guard let start = source.baseAddress else { return }
                (storage.base + index * rowCount).update(from: start, count: rowCount)
            }
        }
    }

    /// The column at `index`, copied out (for tests and reports).
    public func column(_ index: Int) -> [Double]? {
        guard index >= 0, index < columnCount else { return nil }
        return Array(UnsafeBufferPointer(start: columnBase(index), count: rowCount))
    }

    func columnBase(_ index: Int) -> UnsafeMutablePointer<Double> {
        storage.base + index * storage.rowCount
    }
}

/// Why an evaluation could not run. Messages are built in `description`.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The parameter vector's length differs from the program's.
    case parameterCountMismatch(expected: Int, got: Int)
    /// The program reads a column the table (or row) does not have.
    case missingColumn(index: Int, available: Int)
    /// A table's columns differ in length.
    case columnLengthMismatch(column: Int, length: Int, expected: Int)
    /// A row index of a subset is outside the table.
    case rowIndexOutOfRange(row: Int, rowCount: Int)
    /// A per-row output was asked for as one number.
    case perRowOutput(output: Int)
    /// The table would not fit in memory's address range.
    case tableTooLarge(rows: Int, columns: Int)

    public var description: String {
        switch self {
        case .parameterCountMismatch(let expected, let got):
            return "expected \(expected) parameter\(expected == 1 ? "" : "s"), got \(got)"
        case .missingColumn(let index, let available):
            return "the program reads column \(index), but there \(available == 1 ? "is" : "are") only \(available)"
        case .columnLengthMismatch(let column, let length, let expected):
            return "column \(column) has \(length) rows, expected \(expected)"
        case .rowIndexOutOfRange(let row, let rowCount):
            return "row \(row) is outside the table's \(rowCount) rows"
        case .perRowOutput(let output):
            return "output \(output) has one value per row, not one number"
        case .tableTooLarge(let rows, let columns):
            return "a table of \(rows) rows × \(columns) columns is too large"
        }
    }
}
