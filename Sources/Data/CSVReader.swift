#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Core
import Dispatch

extension Table {
    /// Reads a CSV file (see `parseCSV` for the rules). `displayName` is the
    /// name errors show (default: `path`), so that a script's messages can
    /// name the file relative to the script's folder.
    public static func load(csvFile path: String, displayName: String? = nil,
                            delimiter: CSVDelimiter? = nil) throws(CSVError) -> Table {
        let name = displayName ?? path
        let contents = try FileContents(path: path, displayName: name)
        defer { contents.deallocate() }
        var parser = CSVParser(bytes: contents.bytes, fileName: name, delimiter: delimiter)
        parser.precounted = contents.counts
        return try parser.parse()
    }

    /// Reads CSV text held in memory. `fileName` is the name errors show.
    ///
    /// The rules: the first non-blank line is the header. Fields are
    /// separated by `delimiter`, or when it is nil by the one the header
    /// shows (`CSVDelimiter.detect`: `,` unless the header has none and has
    /// `;`, a tab or `|`); in a `;` file a number may have a decimal comma
    /// (`1,5`). A field that starts with `"` (after optional spaces) is
    /// quoted and may hold the delimiter, newlines and `""` (one quote);
    /// quoting does not change a field's type. Lines end with LF, CRLF or CR; a UTF-8 byte order mark is
    /// skipped; blank lines are skipped. A column is numeric when every
    /// field reads as a number or is missing (empty, `NA`, `nan`: see
    /// `DecimalParser` for the number grammar); otherwise it is text, and
    /// remembers the first field that is not a number. When the first
    /// header field is empty, the first column holds row names. Header names
    /// are trimmed of spaces and tabs; text values are kept as written.
    public static func parseCSV(_ bytes: [UInt8], fileName: String, delimiter: CSVDelimiter? = nil) throws(CSVError) -> Table {
        let result: Result<Table, CSVError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CSVError) -> Table in
                try CSVParser(bytes: buffer, fileName: fileName, delimiter: delimiter).parse()
            }
        }
        return try result.get()
    }

    /// Reads CSV text held in a string. `fileName` is the name errors show.
    public static func parseCSV(text: String, fileName: String, delimiter: CSVDelimiter? = nil) throws(CSVError) -> Table {
        try parseCSV(Array(text.utf8), fileName: fileName, delimiter: delimiter)
    }
}

/// A whole file read into one buffer: the parser then works on raw bytes,
/// and the buffer is freed as soon as the table is built (so peak memory is
/// the table plus the file, once).
///
/// A large file's buffer is an anonymous mapping of its own, on Linux with
/// its whole 2 MB pages advised to use transparent huge pages: a 36 MB file
/// then takes a few dozen page faults instead of nine thousand (measured:
/// kernel time of a 10^6-row, 17-digit load 31 ms → 15 ms). Only whole huge
/// pages inside the file's bytes are advised, so the resident size stays
/// the file's size; the mapping is one huge page longer than needed so the
/// buffer can start on a 2 MB boundary, and the slack is never touched.
///
/// A file of at least `parallelReadThreshold` bytes is read by two threads,
/// one half each, in chunks that each thread counts (`ByteCounts`) while
/// they are still in its cache: on one thread, reading and counting were
/// the serial part of a load, before the parse that two threads share
/// (measured, 10^6 rows on 2 idle cores: 9-digit 13.3 → 11.1 ms, 17-digit
/// 23.1 → 19.1 ms). A file that changes size while it is read is read again
/// by one thread. The file is read, not mapped: a mapping would save the
/// copy and the zeroing of the buffer (about 12% of a load's CPU time), but
/// a file truncated by another program during the load would then kill
/// the process with SIGBUS.
///
/// Nor is a large file streamed through small per-thread buffers (read
/// once to count line ends, again to parse each chunk's lines): that saves
/// the zeroing but pays a second copy from the page cache, and the row loop
/// is compute-bound, no faster from the cache. Measured on a quiet machine
/// (10^6 rows, 17 digits, medians of 48 loads): this buffer 22.0 ms,
/// streamed 23.2 ms (branch stream-experiment; its peak memory was lower by
/// the file's size). Where a read lands matters: reading a cached 37 MB
/// file in 256 KB preads took 5.9 ms on one thread with each destination
/// at its file offset modulo 4096, 5.5–6.4 ms with it 16, 32 or 64 bytes
/// further, 16 ms with it 1 or 8 bytes further. Here every byte lands at
/// `start` plus its offset, and `start` is a 2 MB boundary or `malloc`'s
/// (16-byte aligned).
struct FileContents {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The line ends and quotes of the two halves, when two threads read them.
    let counts: PrecountedHalves?
    private let allocation: Allocation

    static let parallelReadThreshold = 1 << 20
    /// A chunk's bytes are counted right after they are read, while they
    /// are in the core's cache (1 MB of L2 here).
    private static let chunkSize = 256 << 10

    init(path: String, displayName: String) throws(CSVError) {
        func failure(_ reason: String) -> CSVError {
            CSVError(file: displayName, line: nil, column: nil, problem: .cannotRead(reason))
        }
        // O_NONBLOCK: opening a FIFO for reading waits for a writer, in a
        // call that Ctrl-C cannot end (the handler restarts it); without
        // waiting, `readStream` polls for the writer and for Ctrl-C instead.
        // The flag changes nothing for a regular file.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if descriptor < 0 { throw failure(systemReason(errno)) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) != 0 { throw failure(systemReason(errno)) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw failure("it is a folder") }
        // A device other than a terminal holds no text (/dev/zero and
        // /dev/urandom never end): refused before reading anything.
        let kind = status.st_mode & S_IFMT
        if kind == S_IFBLK || (kind == S_IFCHR && isatty(descriptor) == 0) {
            throw failure("it is a device, not a file")
        }
        // A FIFO, a terminal or a socket has no size, and the kernel's
        // process files (/proc) state size 0 while they hold text: read those
        // to the end of file instead of trusting the stated size.
        if (status.st_mode & S_IFMT) != S_IFREG || status.st_size == 0 {
            let (allocation, count) = try Self.readStream(descriptor, displayName: displayName)
            self.allocation = allocation
            self.counts = nil
            self.bytes = UnsafeBufferPointer(start: allocation.start.assumingMemoryBound(to: UInt8.self), count: count)
            return
        }
        let size = max(0, Int(status.st_size))
        // One spare byte so that an empty file still gets a valid pointer.
        guard let allocation = Allocation(byteCount: size + 1) else {
            throw failure("not enough memory to read it (\(size) bytes)")
        }
        let start = allocation.start.assumingMemoryBound(to: UInt8.self)
        var counts: PrecountedHalves?
        var filled = 0
        if size >= Self.parallelReadThreshold {
            counts = Self.readInHalves(descriptor, into: start, size: size)
            if counts != nil { filled = size }
        }
        // One thread: small files, and files the halves could not read
        // (changed as we read them, or not seekable). `pread` leaves the
        // file offset at 0 for this loop.
        while counts == nil, filled < size {
            let got = read(descriptor, start + filled, size - filled)
            if got < 0 {
                if errno == EINTR { continue }
                let reason = systemReason(errno)
                allocation.release()
                throw failure(reason)
            }
            if got == 0 { break }  // the file shrank while we read it
            filled += got
        }
        self.allocation = allocation
        self.counts = counts
        self.bytes = UnsafeBufferPointer(start: start, count: filled)
    }

    /// Two threads each read and count one half of the file; nil when
    /// either half failed or came out short (the caller then reads the
    /// file the plain way, which also reports the error).
    private static func readInHalves(_ descriptor: Int32, into start: UnsafeMutablePointer<UInt8>,
                                     size: Int) -> PrecountedHalves? {
        let middle = size / 2
        struct Half {
            var filled = 0
            var failed = false
            var counts = ByteCounts()
        }
        let results = UnsafeMutableBufferPointer<Half>.allocate(capacity: 2)
        results.initialize(repeating: Half())
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let shared = UncheckedSendable((start: start, results: results))
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let (start, results) = shared.value
            let range = half == 0 ? 0..<middle : middle..<size
            var outcome = Half()
            var position = range.lowerBound
            // A CR's pair test reads the byte after it: the last byte read
            // waits for the next chunk (and the half's last byte for the end).
            var counted = range.lowerBound
            while position < range.upperBound {
                let wanted = min(range.upperBound - position, chunkSize)
                let got = pread(descriptor, start + position, wanted, off_t(position))
                if got < 0 {
                    if errno == EINTR { continue }
                    outcome.failed = true
                    break
                }
                if got == 0 { break }  // the file shrank
                position += got
                if position - 1 > counted {
                    outcome.counts += ByteCounts(UnsafePointer(start), counted..<(position - 1), readableEnd: position)
                    counted = position - 1
                }
            }
            outcome.filled = position - range.lowerBound
            results[half] = outcome
        }
        guard !results[0].failed, !results[1].failed,
              results[0].filled == middle, results[1].filled == size - middle else { return nil }
        let base = UnsafePointer(start)
        var first = results[0].counts
        var second = results[1].counts
        first += ByteCounts(base, (middle - 1)..<middle, readableEnd: size)
        second += ByteCounts(base, (size - 1)..<size, readableEnd: size)
        return PrecountedHalves(middle: middle, first: first, second: second)
    }

    /// The most a stream is read before `load` gives up on it: a writer that
    /// never stops would otherwise take all of memory.
    static let streamLimit = 1 << 30

    /// Reads a descriptor without a trustworthy size to its end of file,
    /// into a buffer that doubles as it fills. The descriptor is
    /// non-blocking: when no bytes are ready (a FIFO whose writer has not
    /// come, or is slow) it waits in `poll` a tenth of a second at a time
    /// and checks for Ctrl-C between waits.
    private static func readStream(_ descriptor: Int32, displayName: String) throws(CSVError) -> (Allocation, Int) {
        func failure(_ problem: CSVError.Problem) -> CSVError {
            CSVError(file: displayName, line: nil, column: nil, problem: problem)
        }
        func failure(_ reason: String) -> CSVError { failure(.cannotRead(reason)) }
        var capacity = 64 << 10
        guard var allocation = Allocation(byteCount: capacity) else { throw failure("not enough memory to read it") }
        var filled = 0
        let interrupt = Interrupt.poll()
        // Every way out but the end of file releases the buffer, here.
        do throws(CSVError) {
            while true {
                if filled == capacity {
                    guard capacity < streamLimit else { throw failure("it goes on past \(streamLimit >> 30) GB without ending") }
                    guard let grown = allocation.grown(to: capacity * 2) else {
                        throw failure("not enough memory to read it (past \(capacity) bytes)")
                    }
                    allocation = grown
                    capacity *= 2
                }
                // Wait until there is something to read or the writer has gone:
                // `read` on a FIFO whose writer has not yet come says end of file.
                var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&request, 1, 100)
                if ready < 0, errno != EINTR { throw failure(systemReason(errno)) }
                if ready > 0 {
                    let got = read(descriptor, allocation.start + filled, capacity - filled)
                    if got > 0 {
                        filled += got
                    } else if got == 0 {
                        return (allocation, filled)
                    } else if errno != EINTR, errno != EAGAIN, errno != EWOULDBLOCK {
                        throw failure(systemReason(errno))
                    }
                }
                // Ctrl-C while waiting, or while bytes keep coming (a device that never ends).
                if interrupt.isRequested { throw failure(.interrupted) }
            }
        } catch {
            allocation.release()
            throw error
        }
    }

    func deallocate() { allocation.release() }

    /// The buffer's memory: a mapping when the system gives one (for files
    /// of at least one huge page), else `malloc`; nil when neither can.
    private struct Allocation {
        let start: UnsafeMutableRawPointer
        private let mapping: UnsafeMutableRawPointer?
        private let mappingLength: Int

        init?(byteCount: Int) {
            let hugePage = 2 << 20
            if byteCount >= hugePage {
                let length = byteCount + hugePage
                if let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                   mapped != MAP_FAILED {
                    let misalignment = Int(bitPattern: mapped) % hugePage
                    let start = mapped + (misalignment == 0 ? 0 : hugePage - misalignment)
                    #if os(Linux)
                    _ = madvise(start, byteCount / hugePage * hugePage, MADV_HUGEPAGE)
                    #endif
                    self.start = start
                    self.mapping = mapped
                    self.mappingLength = length
                    return
                }
            }
            // `malloc`, not `allocate`, which would trap when memory runs out.
            guard let start = malloc(byteCount) else { return nil }
            self.start = start
            self.mapping = nil
            self.mappingLength = 0
        }

        private init(mallocated start: UnsafeMutableRawPointer) {
            self.start = start
            self.mapping = nil
            self.mappingLength = 0
        }

        /// The same bytes in a larger `malloc` block; nil, with this
        /// allocation still valid, when memory runs out or it is a mapping
        /// (a stream's buffer starts small, so it never is one).
        func grown(to byteCount: Int) -> Allocation? {
            guard mapping == nil, let moved = realloc(start, byteCount) else { return nil }
            return Allocation(mallocated: moved)
        }

        func release() {
            if let mapping {
                munmap(mapping, mappingLength)
            } else {
                free(start)
            }
        }
    }
}

/// The system's words for an `errno` ("No such file or directory").
private func systemReason(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}

/// The CSV grammar over raw bytes, and the two passes that build a table.
///
/// Pass one reads every field: numeric columns parse straight into their
/// final `[Double]` storage (sized from a count of line ends, so it never
/// grows); a column becomes text at its first field that is not a number,
/// and stops storing numbers. Pass two, only when there are text columns
/// or row names, reads the file again and keeps those columns' fields as
/// strings. Numeric fields are ASCII by the number grammar; every other
/// byte of the file ends up in a header name, row name or text value, and
/// is checked to be UTF-8 when that string is made.
struct CSVParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let fileName: String
    let delimiter: CSVDelimiter
    /// Files of at least this many bytes may be read by two threads; nil
    /// for never (tests compare both ways).
    var twoThreadThreshold: Int? = 1 << 20
    /// The file's line ends and quotes, when its reader counted them.
    var precounted: PrecountedHalves?

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Where the scanner is: a byte offset, and the line it is on.
    struct Cursor {
        var offset: Int
        var line: Int
        var lineStart: Int
    }

    /// One field's content: bytes `start..<end` (inside the quotes for a
    /// quoted field), and whether it holds doubled quotes to undo.
    struct Field {
        var start: Int
        var end: Int
        var hasDoubledQuotes: Bool
    }

    /// A parser of `bytes` with fields between `delimiter`, or, when it is
    /// nil, the delimiter the header line shows (`CSVDelimiter.detect`).
    init(bytes: UnsafeBufferPointer<UInt8>, fileName: String, delimiter: CSVDelimiter? = nil) {
        self.bytes = bytes
        self.fileName = fileName
        self.delimiter = delimiter ?? CSVDelimiter.detect(in: bytes, headerStart: Self.header(of: bytes).offset)
    }

    /// Where the header line starts: past a UTF-8 byte order mark and
    /// blank lines (at the end of the bytes when there is none).
    static func header(of bytes: UnsafeBufferPointer<UInt8>) -> Cursor {
        var cursor = Cursor(offset: 0, line: 1, lineStart: 0)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            cursor.offset = 3
            cursor.lineStart = 3
        }
        skipBlankLines(in: bytes, &cursor)
        return cursor
    }

    func parse() throws(CSVError) -> Table {
        var cursor = Self.header(of: bytes)
        if cursor.offset >= bytes.count { throw error(.empty, at: nil) }

        // The header.
        var names: [String] = []
        var nameCursors: [Cursor] = []
        repeat {
            nameCursors.append(cursor)
            let field = try scanField(&cursor)
            let name = try string(field, at: nameCursors[nameCursors.count - 1])
            names.append(trimmingBlanks(name))
        } while try nextFieldInRecord(&cursor)
        let hasRowNames = names[0].isEmpty
        var seen = Set<String>()
        for (index, name) in names.enumerated() where !(index == 0 && hasRowNames) {
            if name.isEmpty { throw error(.emptyColumnName(position: index + 1), at: nameCursors[index]) }
            if !seen.insert(name).inserted { throw error(.duplicateColumnName(name), at: nameCursors[index]) }
        }

        // Pass one: numbers, kinds, and the shape, straight into the
        // columns' final storage.
        let dataStart = cursor
        let columnCount = names.count
        let layout = DataLayout(bytes, from: dataStart.offset, splitThreshold: twoThreadThreshold,
                                precounted: precounted)
        // Two upper bounds on the rows: one per line end, plus a last row
        // without one; and, since a row of C columns takes at least C − 1
        // commas and all but the last a line end, (bytes + 1) / C, which
        // bounds the room even for a wide header over many blank lines.
        let remainingBytes = bytes.count - dataStart.offset
        let byteBound = remainingBytes / columnCount + 1
        let estimate = min(layout.lineEnds + 1, byteBound)
        let numericIndices = (0..<columnCount).filter { !(hasRowNames && $0 == 0) }
        var outcome = PassOne(columnCount: columnCount)
        var storage: [[Double]] = []
        // Should the line-end count ever fall short, pass one stops before
        // writing past its room, and runs again with the byte bound alone.
        for rowCapacity in [estimate, byteBound] {
            storage = try ColumnStorage.withArrays(count: numericIndices.count, capacity: rowCapacity) {
                (pointers: [UnsafeMutablePointer<Double>]) throws(CSVError) -> Int in
                var columnPointers = [UnsafeMutablePointer<Double>?](repeating: nil, count: columnCount)
                for (slot, index) in numericIndices.enumerated() { columnPointers[index] = pointers[slot] }
                outcome = try readNumbers(from: dataStart, layout: layout, rowCapacity: rowCapacity,
                                          into: columnPointers)
                return outcome.rowCount
            }
            if !outcome.exceededCapacity { break }
        }
        let rowCount = outcome.rowCount

        // Pass two: the strings of text columns and row names (checked to
        // be UTF-8 here, in file order, whichever pass one ran).
        var isText = outcome.firstTexts.map { $0 != nil }
        if hasRowNames { isText[0] = true }
        var texts = [[String]](repeating: [], count: columnCount)
        if isText.contains(true) {
            for index in 0..<columnCount where isText[index] { texts[index].reserveCapacity(rowCount) }
            cursor = dataStart
            while true {
                skipBlankLines(&cursor)
                if cursor.offset >= bytes.count { break }
                for index in 0..<columnCount {
                    let fieldCursor = cursor
                    let field = try scanField(&cursor)
                    if isText[index] { texts[index].append(try string(field, at: fieldCursor)) }
                    _ = try nextFieldInRecord(&cursor)
                }
            }
        }

        var columns: [Column] = []
        for (slot, index) in numericIndices.enumerated() {
            if let first = outcome.firstTexts[index] {
                let reason = TextReason.field(line: first.cursor.line, value: try string(first.field, at: first.cursor))
                columns.append(Column(name: names[index], content: .text(texts[index], reason: reason)))
                continue
            }
            var values = storage[slot]
            // Blank lines leave spare capacity: give it back.
            if values.capacity > rowCount + rowCount / 64 + 1024 {
                values = values.withUnsafeBufferPointer { Array($0) }
            }
            columns.append(Column(name: names[index],
                                  content: .numeric(values, missingCount: outcome.missingCounts[index])))
        }
        return Table(validatedColumns: columns, rowNames: hasRowNames ? texts[0] : nil, rowCount: rowCount)
    }

    /// What pass one learns: the rows, and per column (by file position)
    /// its missing values and its first field that is not a number (which
    /// makes it text). That field is turned into words only after pass two,
    /// so that pass one's errors do not depend on which columns are text
    /// yet, and two threads meet exactly the errors one would.
    struct PassOne {
        var rowCount = 0
        var missingCounts: [Int]
        var firstTexts: [(field: Field, cursor: Cursor)?]
        var failure: CSVError?
        /// Set when there were more rows than room for them (see `parse`).
        var exceededCapacity = false
        init(columnCount: Int) {
            missingCounts = [Int](repeating: 0, count: columnCount)
            firstTexts = [(field: Field, cursor: Cursor)?](repeating: nil, count: columnCount)
        }
    }

    /// Pass one over the data rows: numbers go to `pointers[column]` (nil
    /// for the row names), row by row from row 0.
    ///
    /// A large file without quotes is read by two threads, each half from a
    /// line start (measured on a busy machine, load 6 on 2 cores: parsing
    /// 10^6 rows of 9-digit data 36 ms → 31 ms; the halves share nothing but
    /// the input, so the gain grows with idle cores). Without quotes a record never
    /// spans lines, so the second half's first row starts right after the
    /// line feed found at the middle, its first line number is known from
    /// the line feeds before it, and its rows can be stored from an upper
    /// bound of the first half's rows (its line feeds), then moved down if
    /// the first half had blank lines. Merging takes the first half's error
    /// and text reasons before the second's, so the result is the same as
    /// one thread's, bit for bit.
    private func readNumbers(from start: Cursor, layout: DataLayout, rowCapacity: Int,
                             into pointers: [UnsafeMutablePointer<Double>?]) throws(CSVError) -> PassOne {
        guard let split = layout.split, rowCapacity == layout.lineEnds + 1 else {
            let outcome = readRows(from: start, to: bytes.count, rows: 0..<rowCapacity, into: pointers)
            if let failure = outcome.failure { throw failure }
            return outcome
        }
        let secondStart = Cursor(offset: split.offset, line: start.line + split.lineFeedsBefore, lineStart: split.offset)
        let halves = [(start, split.offset, 0..<split.lineFeedsBefore),
                      (secondStart, bytes.count, split.lineFeedsBefore..<rowCapacity)]
        let results = UnsafeMutableBufferPointer<PassOne>.allocate(capacity: 2)
        results.initialize(repeating: PassOne(columnCount: pointers.count))
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let shared = UncheckedSendable((parser: self, pointers: pointers, halves: halves, results: results))
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let (parser, pointers, halves, results) = shared.value
            let (from, to, rows) = halves[half]
            results[half] = parser.readRows(from: from, to: to, rows: rows, into: pointers)
        }
        let first = results[0]
        let second = results[1]
        if let failure = first.failure ?? second.failure { throw failure }
        var merged = first
        merged.rowCount = first.rowCount + second.rowCount
        merged.exceededCapacity = first.exceededCapacity || second.exceededCapacity
        for index in 0..<pointers.count {
            merged.missingCounts[index] += second.missingCounts[index]
            merged.firstTexts[index] = first.firstTexts[index] ?? second.firstTexts[index]
        }
        if first.rowCount < split.lineFeedsBefore {
            for case let pointer? in pointers {
                (pointer + first.rowCount).update(from: pointer + split.lineFeedsBefore, count: second.rowCount)
            }
        }
        return merged
    }

    /// Pass one's loop over the rows that start in `from.offset..<end`:
    /// numbers to `pointers[column][rows.lowerBound + row]`, never beyond
    /// `rows.upperBound` (the outcome says so if there were more). A column
    /// stops storing at its first field that is not a number. Errors are
    /// returned in the result, so that two halves can run side by side.
    func readRows(from start: Cursor, to end: Int, rows: Range<Int>,
                  into pointers: [UnsafeMutablePointer<Double>?]) -> PassOne {
        var outcome = PassOne(columnCount: pointers.count)
        guard let base = bytes.baseAddress else { return outcome }
        let columnCount = pointers.count
        // The columns' row pointers as plain memory: the loop reads one per
        // field, without an array's bounds and uniqueness checks.
        let targets = UnsafeMutablePointer<UnsafeMutablePointer<Double>?>.allocate(capacity: max(1, columnCount))
        defer { targets.deallocate() }
        for (index, pointer) in pointers.enumerated() {
            (targets + index).initialize(to: pointer.map { $0 + rows.lowerBound })
        }
        let room = rows.count
        let lastColumn = columnCount - 1
        let decimal = DecimalParser()
        // A local copy, which the compiler keeps at hand, instead of a
        // property it reloads after every store into a column.
        let delimiter = self.delimiter
        let count = bytes.count
        // The cursor's parts as locals, which the compiler keeps in
        // registers; a `Cursor` is made only for the out-of-line calls.
        var offset = start.offset
        var line = start.line
        var lineStart = start.lineStart
        var rowCount = 0
        do throws(CSVError) {
            while true {
                // Blank lines (LF, CR or CRLF alone) are skipped.
                while offset < count, base[offset] == Self.lineFeed || base[offset] == Self.carriageReturn {
                    offset &+= 1
                    if base[offset &- 1] == Self.carriageReturn, offset < count, base[offset] == Self.lineFeed {
                        offset &+= 1
                    }
                    line &+= 1
                    lineStart = offset
                }
                if offset >= end { break }
                if rowCount >= room {
                    outcome.exceededCapacity = true
                    break
                }
                var index = 0
                while true {
                    let fieldCursor = Cursor(offset: offset, line: line, lineStart: lineStart)
                    // The common field inline; everything else (quotes,
                    // blanks, missing values, text, long numbers) out of
                    // line, so that this loop stays small enough for the
                    // compiler to inline the number parser into it.
                    // After a field: a delimiter, a line ending or the end
                    // of the file (the field readers stop only there).
                    let byte: UInt8
                    if let target = targets[index],
                       let (value, fieldEnd, ending) = decimal.parsePlainFieldAndEnding(base, at: offset, limit: count,
                                                                                       delimiter: delimiter) {
                        target[rowCount] = value
                        offset = fieldEnd
                        byte = ending
                    } else {
                        let after = try readOtherField(at: fieldCursor, column: index, row: rowCount, targets: targets,
                                                       outcome: &outcome, decimal: decimal)
                        offset = after.offset
                        line = after.line
                        lineStart = after.lineStart
                        byte = offset < count ? base[offset] : Self.lineFeed
                    }
                    if byte == delimiter.byte {
                        if index < lastColumn {
                            offset &+= 1
                            index &+= 1
                            continue
                        }
                    } else if index == lastColumn {
                        var next = offset &+ 1
                        if byte == Self.carriageReturn, next < count, base[next] == Self.lineFeed { next &+= 1 }
                        offset = min(next, count)
                        line &+= 1
                        lineStart = offset
                        break
                    }
                    throw try raggedRowError(startingAt: fieldCursor, fieldIndex: index, expected: columnCount)
                }
                rowCount &+= 1
            }
        } catch {
            outcome.failure = error
        }
        outcome.rowCount = rowCount
        return outcome
    }

    /// Pass one's reading of any field but a plain number in a numeric
    /// column: numbers in other forms, missing values, the field that makes
    /// a column text, and the fields of text columns.
    @inline(never)
    private func readOtherField(at fieldCursor: Cursor, column index: Int, row: Int,
                                targets: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>,
                                outcome: inout PassOne, decimal: DecimalParser) throws(CSVError) -> Cursor {
        var cursor = fieldCursor
        let field = try scanField(&cursor)
        guard let target = targets[index], let base = bytes.baseAddress else { return cursor }
        var reading: FieldNumber = field.hasDoubledQuotes
            ? .notANumber
            : decimal.parse(base + field.start, count: field.end - field.start)
        if case .notANumber = reading, delimiter.readsDecimalComma, !field.hasDoubledQuotes {
            reading = decimalCommaReading(field, decimal: decimal)
        }
        switch reading {
        case .number(let value):
            target[row] = value
        case .missing:
            target[row] = .nan
            outcome.missingCounts[index] += 1
        case .notANumber:
            outcome.firstTexts[index] = (field, fieldCursor)
            targets[index] = nil
        }
        return cursor
    }

    /// A field with one comma and no point (`1,5`, `-0,25e3`) read with
    /// the comma as a decimal point; `.notANumber` for any other field
    /// (`1.234,5`, with a thousands point, stays text).
    private func decimalCommaReading(_ field: Field, decimal: DecimalParser) -> FieldNumber {
        let content = bytes[field.start..<field.end]
        guard content.count <= 64, !content.contains(UInt8(ascii: ".")),
              let comma = content.firstIndex(of: UInt8(ascii: ",")),
              content[(comma + 1)...].firstIndex(of: UInt8(ascii: ",")) == nil else { return .notANumber }
        var copy = Array(content)
        copy[comma - field.start] = UInt8(ascii: ".")
        return copy.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return .notANumber }
            return decimal.parse(start, count: buffer.count)
        }
    }

    // MARK: The grammar

    /// Reads one field at the cursor and leaves the cursor on the byte
    /// after it: the delimiter, a line ending, or the end of the file.
    ///
    ///     field    = quoted | unquoted
    ///     quoted   = [blank…] '"' (any byte but '"' | '""')* '"' [blank…]
    ///     unquoted = (any byte but delimiter CR LF)*   (a '"' after its start is literal)
    @inline(__always)
    func scanField(_ cursor: inout Cursor) throws(CSVError) -> Field {
        let count = bytes.count
        var offset = cursor.offset
        // Blanks before an opening quote are allowed (`a, "b,c"` as people type it).
        var quoteOffset = offset
        while quoteOffset < count, isBlank(bytes[quoteOffset]) { quoteOffset += 1 }
        if quoteOffset < count, bytes[quoteOffset] == Self.quote {
            offset = quoteOffset
            var opening = cursor
            opening.offset = quoteOffset
            offset += 1
            let start = offset
            var doubled = false
            while true {
                guard offset < count else { throw error(.unterminatedQuote, at: opening) }
                let byte = bytes[offset]
                if byte == Self.quote {
                    if offset + 1 < count, bytes[offset + 1] == Self.quote {
                        doubled = true
                        offset += 2
                        continue
                    }
                    break
                }
                if byte == Self.lineFeed || (byte == Self.carriageReturn
                                             && !(offset + 1 < count && bytes[offset + 1] == Self.lineFeed)) {
                    cursor.line += 1
                    cursor.lineStart = offset + 1
                }
                offset += 1
            }
            let end = offset
            offset += 1
            while offset < count, isBlank(bytes[offset]) { offset += 1 }
            if offset < count, !delimiter.endsField(bytes[offset]) {
                cursor.offset = offset
                throw error(.textAfterClosingQuote, at: cursor)
            }
            cursor.offset = offset
            return Field(start: start, end: end, hasDoubledQuotes: doubled)
        }
        let start = offset
        while offset < count, !delimiter.endsField(bytes[offset]) { offset += 1 }
        cursor.offset = offset
        return Field(start: start, end: offset, hasDoubledQuotes: false)
    }

    /// After a field: true (and past the delimiter) when another field of the
    /// same record follows; false (and past the line ending) at the end of
    /// a record or of the file.
    @inline(__always)
    func nextFieldInRecord(_ cursor: inout Cursor) throws(CSVError) -> Bool {
        let count = bytes.count
        guard cursor.offset < count else { return false }
        let byte = bytes[cursor.offset]
        if byte == delimiter.byte {
            cursor.offset += 1
            return true
        }
        cursor.offset += 1
        if byte == Self.carriageReturn, cursor.offset < count, bytes[cursor.offset] == Self.lineFeed {
            cursor.offset += 1
        }
        cursor.line += 1
        cursor.lineStart = cursor.offset
        return false
    }

    /// Skips empty lines (nothing but a line ending).
    private func skipBlankLines(_ cursor: inout Cursor) { Self.skipBlankLines(in: bytes, &cursor) }

    private static func skipBlankLines(in bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Cursor) {
        let count = bytes.count
        while cursor.offset < count {
            let byte = bytes[cursor.offset]
            guard byte == Self.lineFeed || byte == Self.carriageReturn else { return }
            cursor.offset += 1
            if byte == Self.carriageReturn, cursor.offset < count, bytes[cursor.offset] == Self.lineFeed {
                cursor.offset += 1
            }
            cursor.line += 1
            cursor.lineStart = cursor.offset
        }
    }

    /// The error for a record that ended too soon or went on too long:
    /// counts its fields, and points at the first extra field or at the end
    /// of the short record.
    private func raggedRowError(startingAt fieldCursor: Cursor, fieldIndex: Int,
                                expected: Int) throws(CSVError) -> CSVError {
        var cursor = fieldCursor
        _ = try scanField(&cursor)
        if fieldIndex < expected - 1 {
            // Too few: the record ended after this field.
            return error(.raggedRow(expected: expected, found: fieldIndex + 1), at: cursor)
        }
        // Too many: count the rest of the record.
        cursor.offset += 1  // past the delimiter
        let extra = cursor
        var found = expected + 1
        _ = try scanField(&cursor)
        while try nextFieldInRecord(&cursor) {
            found += 1
            _ = try scanField(&cursor)
        }
        return error(.raggedRow(expected: expected, found: found), at: extra)
    }

    // MARK: Strings and places

    /// The field's text, with doubled quotes undone; an error at the first
    /// byte that is not UTF-8.
    func string(_ field: Field, at cursor: Cursor) throws(CSVError) -> String {
        let content = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
        if let invalid = firstInvalidUTF8Offset(content) {
            throw invalidUTF8Error(at: field.start + invalid, near: cursor)
        }
        if !field.hasDoubledQuotes { return String(decoding: content, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(content.count)
        var index = content.startIndex
        while index < content.endIndex {
            unescaped.append(content[index])
            index += content[index] == Self.quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    private func invalidUTF8Error(at offset: Int, near cursor: Cursor) -> CSVError {
        // The field may span lines: find the line of the bad byte.
        var place = cursor
        for index in cursor.offset..<offset where bytes[index] == Self.lineFeed {
            place.line += 1
            place.lineStart = index + 1
        }
        place.offset = offset
        return error(.invalidUTF8, at: place)
    }

    func error(_ problem: CSVError.Problem, at cursor: Cursor?) -> CSVError {
        guard let cursor else { return CSVError(file: fileName, line: 1, column: 1, problem: problem) }
        let prefix = UnsafeBufferPointer(rebasing: bytes[cursor.lineStart..<min(cursor.offset, bytes.count)])
        // Characters, not bytes; damaged bytes count as one character each.
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return CSVError(file: fileName, line: cursor.line, column: column, problem: problem)
    }
}

/// Spaces and tabs trimmed from both ends.
private func trimmingBlanks(_ text: String) -> String {
    var scalars = Substring(text).unicodeScalars[...]
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
}

/// The offset of the first byte that does not belong to a well-formed
/// UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF), or nil when all of `bytes` is UTF-8.
func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0
    let count = bytes.count
    while index < count {
        let lead = bytes[index]
        if lead < 0x80 {
            index += 1
            continue
        }
        // The allowed range of the second byte depends on the lead byte.
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: return index
        }
        guard index + 1 < count, bytes[index + 1] >= secondLow, bytes[index + 1] <= secondHigh else {
            return index
        }
        for continuation in 2..<length {
            guard index + continuation < count, bytes[index + continuation] & 0xC0 == 0x80 else { return index }
        }
        index += length
    }
    return nil
}

/// What one vectorised pass over the data rows tells: an upper bound on
/// the rows, and where a second thread may start.
struct DataLayout {
    /// Line ends (LF, CRLF or a lone CR, each counted once): at most one
    /// row per line end, plus a last row without one.
    let lineEnds: Int
    /// Where a second thread may start reading rows: just after a line feed
    /// near the middle, with the line feeds before it. Only for data of at
    /// least the threshold's bytes without quotes (a quoted field may hold
    /// line feeds) and without lone carriage returns (line numbers count
    /// line feeds).
    let split: (offset: Int, lineFeedsBefore: Int)?

    /// Counts the data's line ends and quotes in two halves (measured: 2 ms
    /// for 20 MB, against 20 ms a byte at a time), or takes the counts the
    /// file's reader made (`precounted`, over the whole buffer) and removes
    /// those of the bytes before `offset`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, splitThreshold: Int?,
         precounted: PrecountedHalves? = nil) {
        let count = bytes.count
        let middle: Int
        let first: ByteCounts
        let second: ByteCounts
        if let precounted, let base = bytes.baseAddress, precounted.middle >= offset,
           precounted.middle <= count {
            middle = precounted.middle
            first = precounted.first - ByteCounts(base, 0..<offset, readableEnd: count)
            second = precounted.second
        } else {
            middle = offset + (count - offset) / 2
            first = ByteCounts(bytes, offset..<middle)
            second = ByteCounts(bytes, middle..<count)
        }
        let lineFeeds = first.lineFeeds + second.lineFeeds
        let carriageReturns = first.carriageReturns + second.carriageReturns
        let pairs = first.pairs + second.pairs
        lineEnds = lineFeeds + carriageReturns - pairs
        var split: (Int, Int)?
        if let splitThreshold, count - offset >= splitThreshold, first.quotes + second.quotes == 0,
           carriageReturns == pairs {
            var index = middle
            while index < count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            if index + 1 < count { split = (index + 1, first.lineFeeds + 1) }
        }
        self.split = split
    }
}

/// The line ends and quotes of a file's two halves, `0..<middle` and
/// `middle..<count`, counted by the threads that read them.
struct PrecountedHalves: Equatable {
    let middle: Int
    let first: ByteCounts
    let second: ByteCounts
}

/// Line feeds, carriage returns, CRLF pairs and quotes in a range of bytes.
/// A pair is counted in the range that holds its CR.
struct ByteCounts: Equatable {
    var lineFeeds = 0
    var carriageReturns = 0
    var pairs = 0
    var quotes = 0

    init() {}

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard let base = bytes.baseAddress else {
            self.init()
            return
        }
        self.init(base, range, readableEnd: bytes.count)
    }

    /// Counts 64 or 16 bytes at a time: per-lane counters of matches,
    /// widened before they can wrap. A CR's pair test reads the byte after
    /// it, which may lie past the range but not at `readableEnd` or beyond.
    ///
    /// Most files have neither CRs nor quotes, so each block of up to 255
    /// vectors first counts only line feeds and notes whether a CR or a
    /// quote appeared; only a block where one did is counted again in full
    /// (measured: counting's share of a 17-digit load's CPU 5.8% → 3.7%).
    init(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, readableEnd: Int) {
        let raw = UnsafeRawPointer(base)
        let lineFeed = SIMD16<UInt8>(repeating: UInt8(ascii: "\n"))
        let carriageReturn = SIMD16<UInt8>(repeating: UInt8(ascii: "\r"))
        let quote = SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
        let one = SIMD16<UInt8>(repeating: 1)
        let zero = SIMD16<UInt8>(repeating: 0)
        var index = range.lowerBound
        // The pair test reads one byte past each chunk, so the vector loop
        // stops a byte short of the readable end.
        let vectorEnd = min(range.upperBound, readableEnd - 1)
        // The first look takes four vectors a round, so that the loop's
        // own work is shared by 64 bytes (measured, callgrind: counting a
        // 10^6-row, 17-digit file 38 M → 22 M instructions). (Swift's
        // SIMD32 compiled to a byte loop here.)
        while index + 64 <= vectorEnd {
            let blockStart = index
            var lineFeedLanes = zero
            var rareLanes = zero
            var rounds = 0
            // At most 63 rounds of four vectors, so that no lane's counter
            // wraps, here or in the count again in full below.
            while rounds < 63, index + 64 <= vectorEnd {
                let first = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                let second = raw.loadUnaligned(fromByteOffset: index + 16, as: SIMD16<UInt8>.self)
                let third = raw.loadUnaligned(fromByteOffset: index + 32, as: SIMD16<UInt8>.self)
                let fourth = raw.loadUnaligned(fromByteOffset: index + 48, as: SIMD16<UInt8>.self)
                lineFeedLanes &+= zero.replacing(with: one, where: first .== lineFeed)
                lineFeedLanes &+= zero.replacing(with: one, where: second .== lineFeed)
                lineFeedLanes &+= zero.replacing(with: one, where: third .== lineFeed)
                lineFeedLanes &+= zero.replacing(with: one, where: fourth .== lineFeed)
                let rare = (first .== carriageReturn) .| (first .== quote) .| (second .== carriageReturn)
                    .| (second .== quote) .| (third .== carriageReturn) .| (third .== quote)
                    .| (fourth .== carriageReturn) .| (fourth .== quote)
                rareLanes |= zero.replacing(with: one, where: rare)
                index += 64
                rounds += 1
            }
            if rareLanes == zero {
                lineFeeds += Int(SIMD16<UInt16>(truncatingIfNeeded: lineFeedLanes).wrappedSum())
                continue
            }
            // The block again, in full, sixteen bytes at a time.
            rounds *= 4
            lineFeedLanes = zero
            var carriageReturnLanes = zero
            var pairLanes = zero
            var quoteLanes = zero
            index = blockStart
            for _ in 0..<rounds {
                let chunk = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                let next = raw.loadUnaligned(fromByteOffset: index + 1, as: SIMD16<UInt8>.self)
                let isCarriageReturn = chunk .== carriageReturn
                lineFeedLanes &+= zero.replacing(with: one, where: chunk .== lineFeed)
                carriageReturnLanes &+= zero.replacing(with: one, where: isCarriageReturn)
                pairLanes &+= zero.replacing(with: one, where: isCarriageReturn .& (next .== lineFeed))
                quoteLanes &+= zero.replacing(with: one, where: chunk .== quote)
                index += 16
            }
            lineFeeds += Int(SIMD16<UInt16>(truncatingIfNeeded: lineFeedLanes).wrappedSum())
            carriageReturns += Int(SIMD16<UInt16>(truncatingIfNeeded: carriageReturnLanes).wrappedSum())
            pairs += Int(SIMD16<UInt16>(truncatingIfNeeded: pairLanes).wrappedSum())
            quotes += Int(SIMD16<UInt16>(truncatingIfNeeded: quoteLanes).wrappedSum())
        }
        while index < range.upperBound {
            switch base[index] {
            case UInt8(ascii: "\n"):
                lineFeeds += 1
            case UInt8(ascii: "\r"):
                carriageReturns += 1
                if index + 1 < readableEnd, base[index + 1] == UInt8(ascii: "\n") { pairs += 1 }
            case UInt8(ascii: "\""):
                quotes += 1
            default:
                break
            }
            index += 1
        }
    }

    static func += (total: inout ByteCounts, part: ByteCounts) {
        total.lineFeeds += part.lineFeeds
        total.carriageReturns += part.carriageReturns
        total.pairs += part.pairs
        total.quotes += part.quotes
    }

    /// The counts of a range less those of a prefix of it.
    static func - (whole: ByteCounts, prefix: ByteCounts) -> ByteCounts {
        var rest = whole
        rest.lineFeeds -= prefix.lineFeeds
        rest.carriageReturns -= prefix.carriageReturns
        rest.pairs -= prefix.pairs
        rest.quotes -= prefix.quotes
        return rest
    }
}

/// Storage for numeric columns that pass one writes through pointers and
/// that ends up as the columns' own `[Double]`, without a copy.
enum ColumnStorage {
    /// Above this many numeric columns, storage is allocated separately and
    /// copied into arrays (one nested closure per column would otherwise
    /// grow the stack with the file's width).
    static let directLimit = 64

    /// Calls `body` with one pointer per column to room for `capacity`
    /// doubles; `body` returns how many rows it wrote, and the arrays have
    /// that many elements. Text columns' arrays come back too (their
    /// content then means nothing) and are dropped by the caller.
    static func withArrays(count: Int, capacity: Int,
                           _ body: ([UnsafeMutablePointer<Double>]) throws(CSVError) -> Int) throws(CSVError) -> [[Double]] {
        if count > directLimit { return try withCopiedArrays(count: count, capacity: capacity, body) }
        var pointers: [UnsafeMutablePointer<Double>] = []
        var arrays: [[Double]] = []
        var failure: CSVError?
        // Each level makes one array whose initializer makes the next, so
        // that all the buffers are live when `body` runs; the depth is at
        // most `directLimit`.
        func level(_ depth: Int) -> Int {
            if depth == count {
                do {
                    return try body(pointers)
                } catch {
                    failure = error
                    return 0
                }
            }
            var rows = 0
            let array = [Double](unsafeUninitializedCapacity: max(1, capacity)) { buffer, initializedCount in
                guard let start = buffer.baseAddress else {
                    initializedCount = 0
                    return
                }
                adviseHugePages(start, byteCount: buffer.count * MemoryLayout<Double>.stride)
                pointers.append(start)
                rows = min(level(depth + 1), buffer.count)
                initializedCount = rows
            }
            arrays.append(array)
            return rows
        }
        _ = level(0)
        if let failure { throw failure }
        return arrays.reversed()
    }

    private static func withCopiedArrays(count: Int, capacity: Int,
                                         _ body: ([UnsafeMutablePointer<Double>]) throws(CSVError) -> Int) throws(CSVError) -> [[Double]] {
        let pointers = (0..<count).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: max(1, capacity)) }
        defer { for pointer in pointers { pointer.deallocate() } }
        let rows = min(try body(pointers), capacity)
        return pointers.map { Array(UnsafeBufferPointer(start: $0, count: rows)) }
    }
}

/// Asks for huge pages (2 MiB) for the whole 2 MiB-aligned stretches of a
/// column's buffer, before anything is written to it. SGD reads a column's
/// rows in shuffled order: with 4 KiB pages nearly every row of a batch misses
/// the TLB as well as the cache; with 2 MiB pages a column of 10^6 rows is 4
/// pages (`sgd … batch 32 epochs 10` on 10^6 rows, whole command, busy
/// machine: 996/887/738 ms without, 749/625/794 ms with). Only a hint:
/// memory and values are the same either way.
func adviseHugePages(_ start: UnsafeMutableRawPointer, byteCount: Int) {
    #if os(Linux)
    let hugePage = 2 << 20
    let address = Int(bitPattern: start)
    let first = (address + hugePage - 1) / hugePage * hugePage
    let end = (address + byteCount) / hugePage * hugePage
    if end > first, let alignedStart = UnsafeMutableRawPointer(bitPattern: first) {
        _ = madvise(alignedStart, end - first, MADV_HUGEPAGE)
    }
    #endif
}

/// A value handed to another thread by a caller that guarantees the
/// threads touch disjoint parts of it (the two halves of pass one).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
