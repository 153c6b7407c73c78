/// Columns of equal length that programs run over.
///
/// It shares the columns' arrays (no copy: a table of 10^6 rows is not
/// copied again by every command that runs over it) and reads them through
/// raw pointers, which the block kernels need. The storage keeps each array
/// alive and never mutates it, so its elements stay where they are: an array
/// whose buffer is shared is copied by whoever mutates it, never changed in
/// place. Immutable after init, so safe to share between threads.
public struct ColumnTable: Sendable {
    final class Storage: @unchecked Sendable {
        /// The arrays the pointers point into, held for as long as the table lives.
        let columns: [[Double]]
        let bases: [UnsafePointer<Double>]
        let rowCount: Int

        init(columns: [[Double]], rowCount: Int) {
            self.columns = columns
            self.rowCount = rowCount
            // Each pointer outlives `withUnsafeBufferPointer` on purpose: the
            // array it points into is `columns`' own (a native contiguous
            // buffer, retained above and never mutated). An empty column gets
            // a placeholder that is never read.
            bases = columns.map { column in
                column.withUnsafeBufferPointer { $0.baseAddress } ?? Storage.placeholder
            }
        }

        private static var placeholder: UnsafePointer<Double> {
            UnsafePointer<Double>(bitPattern: MemoryLayout<Double>.alignment).unsafelyUnwrapped
        }
    }

    let storage: Storage

    public var rowCount: Int { storage.rowCount }
    public var columnCount: Int { storage.columns.count }

    /// A table of `columns`, which must all have the same length (shared, not copied).
    public init(columns: [[Double]]) throws(EvaluationError) {
        let rowCount = columns.first?.count ?? 0
        for (index, column) in columns.enumerated() where column.count != rowCount {
            throw .columnLengthMismatch(column: index, length: column.count, expected: rowCount)
        }
        storage = Storage(columns: columns, rowCount: rowCount)
    }

    /// The column at `index` (for tests and reports).
    public func column(_ index: Int) -> [Double]? {
        guard index >= 0, index < columnCount else { return nil }
        return storage.columns[index]
    }

    @inline(__always)
    func columnBase(_ index: Int) -> UnsafePointer<Double> {
        storage.bases[index]
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
        }
    }
}
