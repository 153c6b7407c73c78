// libFuzzer harness for the Data module (CSV reader, number parser, display).
// Not part of the package build. Build and run (about 9 000 inputs/s here):
//
//     mkdir -p /tmp/fuzz-data/corpus && cd /tmp/fuzz-data
//     for f in /work/main/Sources/Core/*.swift /work/main/Sources/Data/*.swift; do
//         sed '/^import Core$/d' "$f" > "$(basename "$f")"; done
//     cp /work/main/scripts/bench-data-fuzz.swift Fuzz.swift
//     swiftc -sanitize=fuzzer,address -parse-as-library -O *.swift -o fuzz-csv
//     printf 'x,y\n1,2\n' > corpus/a
//     SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 ./fuzz-csv corpus -max_total_time=90 -max_len=512
//
// Checks: no crash or memory error; a table's columns all have its row
// count; one thread and two give the same table or error; whenever the
// fused fast number path answers, the general path gives the same bits for
// the same text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let table = try? Table.parseCSV(bytes, fileName: "fuzz.csv") {
        _ = table.summary
        _ = table.describe().grid
        for column in table.columns { precondition(column.count == table.rowCount) }
    }
    // One thread and two threads (threshold 0: any quote-free input splits)
    // give the same table or the same error.
    bytes.withUnsafeBufferPointer { buffer in
        var one = CSVParser(bytes: buffer, fileName: "fuzz.csv")
        one.twoThreadThreshold = nil
        var two = CSVParser(bytes: buffer, fileName: "fuzz.csv")
        two.twoThreadThreshold = 0
        let first = Result { () throws(CSVError) in try one.parse() }
        let second = Result { () throws(CSVError) in try two.parse() }
        switch (first, second) {
        case (.success(let a), .success(let b)):
            precondition(a.rowCount == b.rowCount && a.rowNames == b.rowNames && a.columnNames == b.columnNames)
            for (x, y) in zip(a.columns, b.columns) {
                precondition(x.kindDescription == y.kindDescription && x.texts == y.texts)
                precondition(x.numbers?.map(\.bitPattern) == y.numbers?.map(\.bitPattern))
            }
        case (.failure(let a), .failure(let b)):
            precondition(a == b)
        default:
            preconditionFailure("one thread and two threads disagree")
        }
    }
    // Every field form through the number parser as well.
    _ = bytes.withUnsafeBufferPointer { buffer -> FieldNumber in
        guard let base = buffer.baseAddress else { return .missing }
        let parser = DecimalParser()
        if let (value, end) = parser.parsePlainField(base, at: 0, limit: buffer.count) {
            precondition(end <= buffer.count)
            if case .number(let general) = parser.parse(base, count: end) {
                precondition(general.bitPattern == value.bitPattern)
            } else { preconditionFailure("fast path answered, general path did not") }
        }
        return parser.parse(base, count: buffer.count)
    }
    return 0
}
