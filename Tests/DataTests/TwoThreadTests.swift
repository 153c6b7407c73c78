import Core
import Foundation
import Testing
@testable import Data

/// The size from which these tests' files are read by two threads: lower
/// than the default so that the files stay small.
let testThreshold = 100_000

/// Reads `text` with one thread and, where the file allows, with two.
func parseBothWays(_ text: String) -> (one: Result<Table, CSVError>, two: Result<Table, CSVError>) {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
        // The files here are meant to take the two-thread path.
        #expect(DataLayout(buffer, from: 0, splitThreshold: testThreshold).split != nil)
        var sequential = CSVParser(bytes: buffer, fileName: "big.csv")
        sequential.twoThreadThreshold = nil
        var parallel = CSVParser(bytes: buffer, fileName: "big.csv")
        parallel.twoThreadThreshold = testThreshold
        return (Result { () throws(CSVError) in try sequential.parse() },
                Result { () throws(CSVError) in try parallel.parse() })
    }
}

/// Tables equal value for value, NaN included (by bit pattern).
func sameTable(_ a: Table, _ b: Table) -> Bool {
    guard a.rowCount == b.rowCount, a.rowNames == b.rowNames, a.columnNames == b.columnNames else { return false }
    for (x, y) in zip(a.columns, b.columns) {
        switch (x.content, y.content) {
        case (.numeric(let u, let m), .numeric(let v, let n)):
            if m != n || u.map(\.bitPattern) != v.map(\.bitPattern) { return false }
        case (.text(let u, let r), .text(let v, let s)):
            if u != v || r != s { return false }
        default:
            return false
        }
    }
    return true
}

/// Files over the two-thread threshold: the two-thread reading must give
/// exactly the one-thread table or error.
@Suite struct TwoThreadTests {
    /// `row(i)` for i in 0..<count, LF or CRLF, over the test threshold.
    func bigFile(header: String, rows count: Int = 60_000, newline: String = "\n",
                 _ row: (Int) -> String) -> String {
        var text = header + newline
        text.reserveCapacity(count * 24)
        for index in 0..<count { text += row(index) + newline }
        #expect(text.utf8.count >= testThreshold)
        return text
    }

    @Test func plainNumbersAreTheSame() throws {
        let text = bigFile(header: "x,y") { "\($0),\(Double($0) * 0.37 + 0.001)" }
        let (one, two) = parseBothWays(text)
        let table = try two.get()
        #expect(table.rowCount == 60_000)
        #expect(sameTable(try one.get(), table))
        #expect(table.column(named: "x")?.numbers?.last == 59_999)
    }

    @Test func blankLinesInTheFirstHalfMoveTheSecondHalfDown() throws {
        let text = bigFile(header: "x,y") { $0 % 7 == 0 && $0 < 30_000 ? "\n\($0),\($0)" : "\($0),NA" }
        let (one, two) = parseBothWays(text)
        let table = try two.get()
        #expect(sameTable(try one.get(), table))
        #expect(table.column(named: "x")?.numbers == (0..<60_000).map(Double.init))
        #expect(table.column(named: "y")?.kindDescription == "numeric, \(60_000 - 30_000 / 7 - 1) missing")
    }

    @Test func textReasonIsTheFirstInTheFile() throws {
        // b turns text in both halves (the first half's reason wins); c only in the second.
        let text = bigFile(header: "a,b,c", newline: "\r\n") { index in
            let b = index == 10 || index == 50_000 ? "early\(index)" : "\(index)"
            let c = index == 55_000 ? "late" : "\(index % 3)"
            return "\(index),\(b),\(c)"
        }
        let (one, two) = parseBothWays(text)
        let table = try two.get()
        #expect(sameTable(try one.get(), table))
        #expect(table.column(named: "b")?.kindDescription == "text, line 12: 'early10'")
        #expect(table.column(named: "c")?.kindDescription == "text, line 55002: 'late'")
        #expect(table.column(named: "c")?.texts?[55_000] == "late")
    }

    @Test func rowNamesWithoutQuotes() throws {
        let text = bigFile(header: ",v") { "r\($0),\($0)" }
        let (one, two) = parseBothWays(text)
        let table = try two.get()
        #expect(sameTable(try one.get(), table))
        #expect(table.rowNames?.last == "r59999")
    }

    @Test func errorsAreTheFirstInTheFile() {
        let late = bigFile(header: "a,b") { $0 == 50_000 ? "1,2,3" : "\($0),\($0)" }
        let (oneLate, twoLate) = parseBothWays(late)
        let expectedLate = CSVError(file: "big.csv", line: 50_002, column: 5, problem: .raggedRow(expected: 2, found: 3))
        #expect(throws: expectedLate) { try twoLate.get() }
        #expect(throws: expectedLate) { try oneLate.get() }

        let both = bigFile(header: "a,b") { $0 == 5 || $0 == 50_000 ? "1" : "\($0),\($0)" }
        let (oneBoth, twoBoth) = parseBothWays(both)
        let expectedEarly = CSVError(file: "big.csv", line: 7, column: 2, problem: .raggedRow(expected: 2, found: 1))
        #expect(throws: expectedEarly) { try twoBoth.get() }
        #expect(throws: expectedEarly) { try oneBoth.get() }
    }

    @Test func layoutFindsASplitOnlyWhenItIsSafe() {
        let plain = Array(bigFile(header: "x") { "\($0)" }.utf8)
        let quoted = Array(bigFile(header: "x") { $0 == 100 ? "\"7\"" : "\($0)" }.utf8)
        let loneCR = Array(bigFile(header: "x") { $0 == 100 ? "7\r8" : "\($0)" }.utf8)
        plain.withUnsafeBufferPointer { buffer in
            let layout = DataLayout(buffer, from: 2, splitThreshold: testThreshold)
            #expect(layout.lineEnds == 60_000)
            guard let split = layout.split else {
                Issue.record("a plain file splits")
                return
            }
            #expect(buffer[split.offset - 1] == UInt8(ascii: "\n"))
            #expect(buffer[2..<split.offset].filter { $0 == UInt8(ascii: "\n") }.count == split.lineFeedsBefore)
        }
        plain.withUnsafeBufferPointer { #expect(DataLayout($0, from: 2, splitThreshold: nil).split == nil) }
        quoted.withUnsafeBufferPointer { #expect(DataLayout($0, from: 2, splitThreshold: testThreshold).split == nil) }
        loneCR.withUnsafeBufferPointer { #expect(DataLayout($0, from: 2, splitThreshold: testThreshold).split == nil) }
    }

    /// The line-end count that sizes the columns, against a byte-by-byte
    /// count (LF, CRLF and lone CR once each), on random mixes long enough
    /// for the vector loop and its tail.
    @Test func lineEndsCountEachLineEndOnce() {
        var random = SplitMix64(state: 77)
        let alphabet: [UInt8] = Array("\r\n\r\na,\"".utf8)
        for _ in 0..<3_000 {
            let bytes = (0..<random.below(300)).map { _ in alphabet[random.below(alphabet.count)] }
            var expected = 0
            for (index, byte) in bytes.enumerated() {
                if byte == UInt8(ascii: "\n") { expected += 1 }
                if byte == UInt8(ascii: "\r"), !(index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n")) {
                    expected += 1
                }
            }
            let start = bytes.isEmpty ? 0 : random.below(bytes.count)
            let expectedFromStart = bytes.isEmpty ? 0 : zip(bytes.indices, bytes).filter { index, byte in
                index >= start && (byte == UInt8(ascii: "\n")
                    || (byte == UInt8(ascii: "\r") && !(index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n"))))
            }.count
            bytes.withUnsafeBufferPointer { buffer in
                #expect(DataLayout(buffer, from: 0, splitThreshold: nil).lineEnds == expected)
                #expect(DataLayout(buffer, from: start, splitThreshold: nil).lineEnds == expectedFromStart)
            }
        }
    }

    /// Found by fuzzing: the second half did not know that the first had
    /// made a column text, and stopped at a bad byte there that one thread
    /// only meets later. Pass one's errors no longer depend on the columns' kinds.
    @Test func halvesMeetTheSameErrors() {
        let bytes: [UInt8] = Array("x,yx,y]x,wx,Ky\n\u{1}x,yx,y]x,wx,Ky\n\u{1}]1@".utf8) + [0xBC]
            + Array("/]1@".utf8) + [0xBC, 0x2F]
        bytes.withUnsafeBufferPointer { buffer in
            var one = CSVParser(bytes: buffer, fileName: "f.csv")
            one.twoThreadThreshold = nil
            var two = CSVParser(bytes: buffer, fileName: "f.csv")
            two.twoThreadThreshold = 0
            let expected = CSVError(file: "f.csv", line: 3, column: 12, problem: .raggedRow(expected: 5, found: 1))
            #expect(throws: expected) { try one.parse() }
            #expect(throws: expected) { try two.parse() }
        }
    }

    /// Found by fuzzing: lone CRs among LFs each end a row.
    @Test func mixedLineEndsGetRoomForEveryRow() throws {
        let table = try Table.parseCSV(Array("m\n0\r00.\n0".utf8), fileName: "mixed.csv")
        #expect(table.column(named: "m")?.numbers == [0, 0, 0])
    }

    /// Pass one never writes past its room, and says when there was more.
    @Test func passOneStopsAtItsRoom() {
        let bytes = Array("1\n2\n3\n".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let parser = CSVParser(bytes: buffer, fileName: "t.csv")
            let storage = UnsafeMutablePointer<Double>.allocate(capacity: 2)
            defer { storage.deallocate() }
            let start = CSVParser.Cursor(offset: 0, line: 1, lineStart: 0)
            let cramped = parser.readRows(from: start, to: buffer.count, rows: 0..<2, into: [storage])
            #expect(cramped.exceededCapacity && cramped.rowCount == 2)
            #expect(storage[0] == 1 && storage[1] == 2)
        }
    }
}

/// Line feeds, CRs, CRLF pairs (by their CR) and quotes, a byte at a time.
func naiveCounts(_ bytes: [UInt8], _ range: Range<Int>) -> ByteCounts {
    var counts = ByteCounts()
    for index in range {
        switch bytes[index] {
        case UInt8(ascii: "\n"): counts.lineFeeds += 1
        case UInt8(ascii: "\r"):
            counts.carriageReturns += 1
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { counts.pairs += 1 }
        case UInt8(ascii: "\""): counts.quotes += 1
        default: break
        }
    }
    return counts
}

/// The vector counts match a byte-at-a-time count on ranges of every
/// length and start around the vector loops' edges (64-byte rounds, a
/// block of 63 rounds), in buffers dense in line feeds, with CRs and quotes
/// rare or absent, and with runs of line feeds past 255 in one lane.
@Suite struct ByteCountsTests {
    @Test func vectorCountsMatchOneByteAtATime() {
        var random = SplitMix64(state: 64)
        for trial in 0..<300 {
            let size = [0, 1, 63, 64, 65, 127, 128, 4_031, 4_032, 4_033, 8_064, 20_000][trial % 12] + random.below(3)
            let density = [0, 1, 50][trial % 3]
            let bytes: [UInt8] = (0..<size).map { _ in
                if density > 0, random.below(1_000) < density { return Array("\r\"".utf8)[random.below(2)] }
                return trial % 5 == 0 ? UInt8(ascii: "\n") : Array("\n1,.".utf8)[random.below(4)]
            }
            let start = size == 0 ? 0 : random.below(min(size, 70))
            let end = start + random.below(size - start + 1)
            bytes.withUnsafeBufferPointer { buffer in
                let counted = ByteCounts(buffer, start..<end)
                #expect(counted == naiveCounts(bytes, start..<end), "size \(size), \(start)..<\(end)")
            }
        }
    }
}

/// Files of at least `FileContents.parallelReadThreshold` bytes are read and
/// counted by two threads: the counts must be those of one pass over the
/// bytes, and the table the one parsed from the same bytes in memory.
@Suite struct TwoThreadReadTests {
    /// Writes `bytes` to a fresh file, calls `body` with its path, removes it.
    func withFile(_ bytes: [UInt8], _ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("gd-two-thread-read-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).csv").path
        #expect(FileManager.default.createFile(atPath: path, contents: Foundation.Data(bytes)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    /// A file just over the threshold whose middle falls between the CR and
    /// the LF of a line ending (the pair is counted in the first half), with
    /// a BOM, so the header's bytes are taken off the first half's counts.
    func crlfFile(quoted: Bool) -> [UInt8] {
        var text = "\u{FEFF}a,b\r\n"
        var index = 0
        while text.utf8.count < FileContents.parallelReadThreshold + 1_000 {
            text += quoted && index == 7 ? "\"\(index)\",0.5\r\n" : "\(index),\(Double(index) * 0.125)\r\n"
            index += 1
        }
        var bytes = Array(text.utf8)
        // Move the end so that the middle is a CR followed by its LF.
        while !(bytes.count >= 2 && bytes[bytes.count / 2 - 1] == UInt8(ascii: "\r")
                && bytes[bytes.count / 2] == UInt8(ascii: "\n")) {
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    @Test(arguments: [false, true])
    func countsMatchOnePassAndTablesMatchMemory(quoted: Bool) throws {
        let bytes = crlfFile(quoted: quoted)
        try withFile(bytes) { path in
            let contents = try FileContents(path: path, displayName: "f.csv")
            defer { contents.deallocate() }
            #expect(Array(contents.bytes) == bytes)
            guard let counts = contents.counts else {
                Issue.record("a file over the threshold is read by two threads")
                return
            }
            #expect(counts.middle == bytes.count / 2)
            #expect(counts.first == naiveCounts(bytes, 0..<counts.middle))
            #expect(counts.second == naiveCounts(bytes, counts.middle..<bytes.count))
            bytes.withUnsafeBufferPointer { buffer in
                for start in [0, 3, 10] {
                    let direct = DataLayout(buffer, from: start, splitThreshold: testThreshold)
                    let precounted = DataLayout(buffer, from: start, splitThreshold: testThreshold, precounted: counts)
                    #expect(direct.lineEnds == precounted.lineEnds)
                    #expect((direct.split == nil) == (precounted.split == nil))
                    #expect(precounted.split == nil || !quoted)
                }
            }
            let loaded = try Table.load(csvFile: path)
            let inMemory = try Table.parseCSV(bytes, fileName: path)
            #expect(sameTable(loaded, inMemory))
            #expect(loaded.rowCount > 40_000)
        }
    }

    /// Counting by chunks as they are read: random bytes give the counts
    /// of a byte-by-byte pass, whether line ends and quotes are rare (most
    /// blocks take the line-feed-only count) or common.
    @Test func randomFilesCountAsOnePass() throws {
        var random = SplitMix64(state: 2026)
        let rich = Array("\r\n\r\n\"a,1.5".utf8)
        let plain = Array("\na,1.5".utf8)
        for trial in 0..<4 {
            let size = FileContents.parallelReadThreshold + random.below(600_000)
            let bytes: [UInt8] = (0..<size).map { _ in
                if trial % 2 == 0 || random.below(20_000) == 0 { return rich[random.below(rich.count)] }
                return plain[random.below(plain.count)]
            }
            try withFile(bytes) { path in
                let contents = try FileContents(path: path, displayName: "r.csv")
                defer { contents.deallocate() }
                guard let counts = contents.counts else {
                    Issue.record("a file over the threshold is read by two threads")
                    return
                }
                #expect(counts.first == naiveCounts(bytes, 0..<counts.middle))
                #expect(counts.second == naiveCounts(bytes, counts.middle..<bytes.count))
            }
        }
    }
}
