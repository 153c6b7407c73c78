// The loader side of scripts/bench-data.py: loads a CSV file with gd's Data
// module and reports time, memory and a checksum on one line.
//
// The package's `bench-data` executable (scripts/bench-data.py builds it):
//
//     bench-data FILE [REPEATS]
//
// prints `seconds=BEST cpu_seconds=CPU rows=N columns=C rss_before_kb=… rss_after_kb=…
// hwm_kb=… checksum=…`: the best of REPEATS loads (default 5), in wall time
// and in the process's CPU time (all threads: steadier than wall time on a
// shared machine, and it shows what a second thread costs); the resident
// set before the first load, after it (the table retained), and its peak
// (VmHWM) during it; and per numeric column the sum of the values' bit
// patterns modulo 2^64, so the caller can check every value exactly.
#if canImport(Glibc)
import Glibc
#endif
import Data

func memoryField(_ name: String) -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix(name + ":") {
            return Int(text.dropFirst(name.count + 1).filter(\.isNumber)) ?? -1
        }
    }
    return -1
}

func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
    var spec = timespec()
    clock_gettime(clock, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: DataBench FILE [REPEATS]")
    exit(2)
}
let path = arguments[1]
let repeats = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 5) : 5

// Warm up on a tiny table first, so that "before" already includes the
// loader's code pages and the allocator's bookkeeping: the difference after
// the real load is then the table itself.
_ = try? Table.parseCSV(text: "x,y\n1,2\n", fileName: "warm-up")
let rssBefore = memoryField("VmRSS")
var start = now()
var startCPU = now(CLOCK_PROCESS_CPUTIME_ID)
var table: Table
do {
    table = try Table.load(csvFile: path)
} catch {
    print("error: \(error)")
    exit(1)
}
var best = now() - start
var bestCPU = now(CLOCK_PROCESS_CPUTIME_ID) - startCPU
let rssAfter = memoryField("VmRSS")
let peak = memoryField("VmHWM")

var checksums: [String] = []
for column in table.columns {
    guard let values = column.numbers else { continue }
    var sum: UInt64 = 0
    for value in values { sum &+= value.bitPattern }
    checksums.append("\(column.name):\(sum)")
}
let rows = table.rowCount
let columnCount = table.columns.count

for _ in 1..<repeats {
    table = try Table(columns: [])  // drop the previous table before loading again
    start = now()
    startCPU = now(CLOCK_PROCESS_CPUTIME_ID)
    table = (try? Table.load(csvFile: path)) ?? table
    best = min(best, now() - start)
    bestCPU = min(bestCPU, now(CLOCK_PROCESS_CPUTIME_ID) - startCPU)
}
print("seconds=\(best) cpu_seconds=\(bestCPU) rows=\(rows) columns=\(columnCount) rss_before_kb=\(rssBefore) rss_after_kb=\(rssAfter) hwm_kb=\(peak) checksum=\(checksums.joined(separator: ","))")
