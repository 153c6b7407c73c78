import Core
import Foundation
import Testing
@testable import Data

/// A column's content in a form that compares NaN as missing.
enum Expected: Equatable, CustomStringConvertible {
    case numbers([Double?], missing: Int)  // nil stands for a missing value
    case texts([String], reason: TextReason)

    init(_ column: Column) {
        switch column.content {
        case .numeric(let values, let missing):
            self = .numbers(values.map { $0.isNaN ? nil : $0 }, missing: missing)
        case .text(let values, let reason):
            self = .texts(values, reason: reason)
        }
    }

    var description: String {
        switch self {
        case .numbers(let values, let missing): "numbers \(values) missing \(missing)"
        case .texts(let values, let reason): "texts \(values) \(reason)"
        }
    }
}

func parse(_ text: String) throws(CSVError) -> Table {
    try Table.parseCSV(text: text, fileName: "t.csv")
}

/// The repository's folder, found from this file's real (symlink-free) path.
func repositoryFile(_ relativePath: String) -> String {
    let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(relativePath).path
}

@Suite struct CSVReaderTests {
    /// Each CSV rule: the text, then each column's name and content.
    @Test(arguments: [
        ("plain", "x,y\n1,2\n3,4\n", [("x", Expected.numbers([1, 3], missing: 0)), ("y", .numbers([2, 4], missing: 0))]),
        ("CRLF", "x,y\r\n1,2\r\n3,4\r\n", [("x", .numbers([1, 3], missing: 0)), ("y", .numbers([2, 4], missing: 0))]),
        ("lone CR", "x,y\r1,2\r3,4", [("x", .numbers([1, 3], missing: 0)), ("y", .numbers([2, 4], missing: 0))]),
        ("BOM", "\u{FEFF}x,y\n1,2\n", [("x", .numbers([1], missing: 0)), ("y", .numbers([2], missing: 0))]),
        ("blank trailing lines", "x,y\n1,2\n\n\r\n\n", [("x", .numbers([1], missing: 0)), ("y", .numbers([2], missing: 0))]),
        ("blank lines inside", "\nx,y\n\n1,2\n\n3,4\n", [("x", .numbers([1, 3], missing: 0)), ("y", .numbers([2, 4], missing: 0))]),
        ("no final newline", "x,y\n1,2", [("x", .numbers([1], missing: 0)), ("y", .numbers([2], missing: 0))]),
        ("header only", "x,y\n", [("x", .numbers([], missing: 0)), ("y", .numbers([], missing: 0))]),
        ("quoted comma", "name,v\n\"a,b\",1\n", [("name", .texts(["a,b"], reason: .field(line: 2, value: "a,b"))),
                                                  ("v", .numbers([1], missing: 0))]),
        ("doubled quotes", "s\n\"say \"\"hi\"\"\"\n", [("s", .texts(["say \"hi\""], reason: .field(line: 2, value: "say \"hi\"")))]),
        ("newline in quotes", "s,n\n\"two\nlines\",1\nb,2\n",
         [("s", .texts(["two\nlines", "b"], reason: .field(line: 2, value: "two\nlines"))), ("n", .numbers([1, 2], missing: 0))]),
        ("quoted numbers stay numbers", "x\n\"1.5\"\n2\n\" 3 \"\n", [("x", .numbers([1.5, 2, 3], missing: 0))]),
        ("quoted empty is missing", "x,y\n\"\",1\n2,\"NA\"\n", [("x", .numbers([nil, 2], missing: 1)), ("y", .numbers([1, nil], missing: 1))]),
        ("missing values", "x,y\n1,\nNA,2\n,3\nnan,4\n", [("x", .numbers([1, nil, nil, nil], missing: 3)),
                                                         ("y", .numbers([nil, 2, 3, 4], missing: 1))]),
        ("text reason is the first non-number", "a,b\n1,2\n3,oops\n4,5\n",
         [("a", .numbers([1, 3, 4], missing: 0)), ("b", .texts(["2", "oops", "5"], reason: .field(line: 3, value: "oops")))]),
        ("text keeps blanks and empties", "a\n x \n\nNA\n y\n",
         [("a", .texts([" x ", "NA", " y"], reason: .field(line: 2, value: " x ")))]),
        ("quote inside an unquoted field is literal", "a\nsay\"hi\"\n", [("a", .texts(["say\"hi\""], reason: .field(line: 2, value: "say\"hi\"")))]),
        ("blanks before a quote", "a,b\n1, \"x,y\"\n", [("a", .numbers([1], missing: 0)), ("b", .texts(["x,y"], reason: .field(line: 2, value: "x,y")))]),
        ("header names are trimmed", "x , \"y\" \n1, 2\n", [("x", .numbers([1], missing: 0)), ("y", .numbers([2], missing: 0))]),
        ("unicode names", "θ0,été\n1,2\n", [("θ0", .numbers([1], missing: 0)), ("été", .numbers([2], missing: 0))]),
        ("numbers of every form", "v\n2\n0.75\n.5\n1e-5\n2E+3\n-0\n+1\n5.\ninf\n",
         [("v", .numbers([2, 0.75, 0.5, 1e-5, 2000, -0.0, 1, 5, .infinity], missing: 0))]),
        ("one column with a blank line", "v\n1\n\n2\n", [("v", .numbers([1, 2], missing: 0))]),
    ] as [(String, String, [(String, Expected)])])
    func readsByTheRules(_ name: String, _ text: String, _ expected: [(String, Expected)]) throws {
        let table = try parse(text)
        #expect(table.columnNames == expected.map(\.0), "\(name)")
        for (columnName, content) in expected {
            guard let column = table.column(named: columnName) else { continue }
            #expect(Expected(column) == content, "\(name): column \(columnName)")
        }
        #expect(table.rowNames == nil)
    }

    @Test func rowNamesComeFromAnEmptyFirstHeader() throws {
        let table = try parse("\"\",a,b\n\"r1\",1,x\n\"r2\",2,y\n")
        #expect(table.rowNames == ["r1", "r2"])
        #expect(table.columnNames == ["a", "b"])
        #expect(table.rowCount == 2)
        #expect(try table.numbers(inColumn: "a") == [1, 2])
    }

    /// Each malformed input: the error's line, column (characters) and problem.
    @Test(arguments: [
        ("empty", "", 1, 1, CSVError.Problem.empty),
        ("only blank lines", "\n\r\n\n", 1, 1, .empty),
        ("only a BOM", "\u{FEFF}", 1, 1, .empty),
        ("too many fields", "a,b\n1,2\n3,4,5\n", 3, 5, .raggedRow(expected: 2, found: 3)),
        ("far too many fields", "a,b\n1,2,3,\"4\",5\n", 2, 5, .raggedRow(expected: 2, found: 5)),
        ("too few fields", "a,b,c\n1,2\n", 2, 4, .raggedRow(expected: 3, found: 2)),
        ("a line of blanks", "a,b\n1,2\n  \n", 3, 3, .raggedRow(expected: 2, found: 1)),
        ("characters, not bytes", "é,b\nü,1,2\n", 2, 5, .raggedRow(expected: 2, found: 3)),
        ("line after a quoted newline", "a,b\n\"x\ny\",1\n1,2,3\n", 4, 5, .raggedRow(expected: 2, found: 3)),
        ("unterminated quote", "a,b\n1,\"abc\n2,3\n", 2, 3, .unterminatedQuote),
        ("unterminated quote in the header", "\"a,b\n", 1, 1, .unterminatedQuote),
        ("text after closing quote", "a\n\"ab\"c\n", 2, 5, .textAfterClosingQuote),
        ("empty column name", "a,,c\n1,2,3\n", 1, 3, .emptyColumnName(position: 2)),
        ("duplicate column name", "a,b,a\n", 1, 5, .duplicateColumnName("a")),
    ])
    func reportsMalformedInput(_ name: String, _ text: String, _ line: Int, _ column: Int,
                               _ problem: CSVError.Problem) {
        do {
            let table = try parse(text)
            Issue.record("\(name): read \(table.rowCount) rows, expected an error")
        } catch {
            #expect(error == CSVError(file: "t.csv", line: line, column: column, problem: problem), "\(name)")
        }
    }

    @Test(arguments: [
        // (bytes, line, column): a lone continuation byte, a truncated
        // sequence, an overlong form, a surrogate, in headers and in fields.
        ([0x61, 0x2C, 0x62, 0x0A, 0x31, 0x2C, 0xFF, 0x0A] as [UInt8], 2, 3),
        ([0x61, 0x0A, 0x78, 0xC3] as [UInt8], 2, 2),
        ([0xC0, 0xAF, 0x0A, 0x31, 0x0A] as [UInt8], 1, 1),
        ([0x61, 0x0A, 0xC3, 0xA9, 0xED, 0xA0, 0x80, 0x0A] as [UInt8], 2, 2),
        ([0x61, 0x0A, 0x31, 0x0A, 0x22, 0x78, 0x0A, 0x79, 0x80, 0x22, 0x0A] as [UInt8], 4, 2),
    ])
    func reportsInvalidUTF8(_ bytes: [UInt8], _ line: Int, _ column: Int) {
        #expect(throws: CSVError(file: "b.csv", line: line, column: column, problem: .invalidUTF8)) {
            try Table.parseCSV(bytes, fileName: "b.csv")
        }
    }

    @Test func validUTF8IsAccepted() throws {
        let text = "word\nnaïve\n日本\n😀\nΩ\n"
        let table = try parse(text)
        #expect(table.column(named: "word")?.texts == ["naïve", "日本", "😀", "Ω"])
    }

    @Test func errorsPrintAsFileLineColumn() {
        let error = CSVError(file: "data/t.csv", line: 3, column: 5, problem: .raggedRow(expected: 2, found: 3))
        #expect(error.description == "data/t.csv:3:5: this row has 3 fields, the header has 2")
        let unplaced = CSVError(file: "t.csv", line: nil, column: nil, problem: .cannotRead("No such file or directory"))
        #expect(unplaced.description == "t.csv: No such file or directory")
        let empty = CSVError(file: "e.csv", line: 1, column: 1, problem: .empty)
        #expect(empty.description == "e.csv:1:1: the file is empty: a CSV file starts with a header row")
    }

    @Test func loadsFromAFileAndNamesItInErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gd-data-tests-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.csv")
        try Data("x,y\n2,4\n3,5\n".utf8).write(to: good)
        let table = try Table.load(csvFile: good.path)
        #expect(try table.numbers(inColumn: "y") == [4, 5])

        let bad = folder.appendingPathComponent("bad.csv")
        try Data("x,y\n2,4,6\n".utf8).write(to: bad)
        #expect(throws: CSVError(file: "bad.csv", line: 2, column: 5, problem: .raggedRow(expected: 2, found: 3))) {
            try Table.load(csvFile: bad.path, displayName: "bad.csv")
        }
        let empty = folder.appendingPathComponent("empty.csv")
        try Data().write(to: empty)
        #expect(throws: CSVError(file: "empty.csv", line: 1, column: 1, problem: .empty)) {
            try Table.load(csvFile: empty.path, displayName: "empty.csv")
        }
    }

    @Test func missingFilesAndFoldersAreErrors() {
        #expect(throws: CSVError(file: "nowhere.csv", line: nil, column: nil,
                                 problem: .cannotRead("No such file or directory"))) {
            try Table.load(csvFile: "/nonexistent-gd-folder/nowhere.csv", displayName: "nowhere.csv")
        }
        #expect(throws: CSVError(file: "tmp", line: nil, column: nil, problem: .cannotRead("it is a folder"))) {
            try Table.load(csvFile: NSTemporaryDirectory(), displayName: "tmp")
        }
        // Devices hold no text (and /dev/zero never ends): refused, never an endless read.
        #expect(throws: CSVError(file: "zero", line: nil, column: nil, problem: .cannotRead("it is a device, not a file"))) {
            try Table.load(csvFile: "/dev/zero", displayName: "zero")
        }
    }

    @Test func readsTheTipsDataSet() throws {
        let tips = try Table.load(csvFile: repositoryFile("scripts/data/tips.csv"), displayName: "tips.csv")
        #expect(tips.rowCount == 244)
        #expect(tips.columnNames == ["total_bill", "tip", "sex", "smoker", "day", "time", "size"])
        #expect(tips.rowNames?.first == "1" && tips.rowNames?.last == "244")
        #expect(tips.column(named: "sex")?.content == .text(tips.column(named: "sex")?.texts ?? [],
                                                             reason: .field(line: 2, value: "Female")))
        let bills = try tips.numbers(inColumn: "total_bill")
        #expect(bills.prefix(3) == [16.99, 10.34, 21.01])
        #expect(bills.last == 18.78)
        // Least squares tip ≈ θ0 + θ1·total_bill, the figure in the data's note.
        let tipsPaid = try tips.numbers(inColumn: "tip")
        let n = Double(bills.count)
        let meanBill = bills.reduce(0, +) / n
        let meanTip = tipsPaid.reduce(0, +) / n
        var covariance = 0.0
        var variance = 0.0
        for (bill, tip) in zip(bills, tipsPaid) {
            covariance += (bill - meanBill) * (tip - meanTip)
            variance += (bill - meanBill) * (bill - meanBill)
        }
        #expect(abs(covariance / variance - 0.10502451738435345) < 1e-12)
    }

    @Test func readsTheProjectDataSets() throws {
        let secret = try Table.load(csvFile: repositoryFile("scripts/data/secret.csv"))
        #expect(try secret.numbers(inColumn: "x") == [2, 3, 5, 8])
        #expect(try secret.numbers(inColumn: "y") == [4, 5, 7, 10])
        let noisy = try Table.load(csvFile: repositoryFile("scripts/data/secret-noisy.csv"))
        #expect(try noisy.numbers(inColumn: "y") == [3, 6, 5, 12])
        let twoClass = try Table.load(csvFile: repositoryFile("scripts/data/twoclass.csv"))
        #expect(twoClass.columnNames == ["x1", "x2", "label"])
        #expect(twoClass.rowCount == 40)
        let labels = try twoClass.numbers(inColumn: "label")
        #expect(Set(labels) == [0, 1])
    }

    /// Many random tables written by a simple writer read back exactly:
    /// quoting, escapes and line endings chosen at random (fixed seed).
    @Test func randomTablesRoundTrip() throws {
        var random = SplitMix64(state: 2026)
        let words = ["a", "b,c", "say \"hi\"", "two\nlines", " pad ", "é", "NA x", "1e", "-"]
        for _ in 0..<300 {
            let columnCount = 1 + random.below(4)
            let rowCount = random.below(6)
            let numericColumns = (0..<columnCount).map { _ in random.below(3) != 0 }
            let newline = ["\n", "\r\n"][random.below(2)]
            var numbers = [[Double]](repeating: [], count: columnCount)
            var texts = [[String]](repeating: [], count: columnCount)
            var csv = (0..<columnCount).map { "c\($0)" }.joined(separator: ",") + newline
            for _ in 0..<rowCount {
                var fields: [String] = []
                for column in 0..<columnCount {
                    if numericColumns[column] {
                        // Clearing the top two bits keeps the value finite (exponent < 0x400).
                        let value = Double(bitPattern: random.next() >> 2) * (random.below(2) == 0 ? 1 : -1)
                        numbers[column].append(value)
                        let text = "\(value)"
                        fields.append(random.below(3) == 0 ? "\"\(text)\"" : text)
                    } else {
                        let word = words[random.below(words.count)] + "w"
                        texts[column].append(word)
                        fields.append("\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
                    }
                }
                csv += fields.joined(separator: ",") + newline
            }
            let table = try parse(csv)
            #expect(table.rowCount == rowCount)
            for column in 0..<columnCount {
                let read = table.columns[column]
                if numericColumns[column] {
                    #expect(read.numbers?.map(\.bitPattern) == numbers[column].map(\.bitPattern))
                } else if rowCount > 0 {
                    #expect(read.texts == texts[column])
                }
            }
        }
    }

    @Test func wideTablesAndManyBlankLines() throws {
        // 2000 columns: the per-column block shrinks so the scratch stays small.
        let header = (0..<2000).map { "c\($0)" }.joined(separator: ",")
        let row = (0..<2000).map { String($0 % 7) }.joined(separator: ",")
        let wide = try parse(header + "\n" + row + "\n\n" + row + "\n")
        #expect(wide.rowCount == 2)
        #expect(wide.columns[1999].numbers == [Double(1999 % 7), Double(1999 % 7)])
        // Blank lines are counted when reserving rows; the spare room is given back.
        let sparse = try parse("x\n1\n" + String(repeating: "\n", count: 100_000) + "2\n")
        #expect(sparse.column(named: "x")?.numbers == [1, 2])
        #expect((sparse.column(named: "x")?.numbers?.capacity ?? .max) < 1000)
    }

    /// Random byte soup made of the characters that matter to CSV never
    /// crashes the reader: it gives a consistent table or an error placed
    /// inside the text.
    @Test func randomBytesGiveATableOrAPlacedError() {
        var random = SplitMix64(state: 31337)
        let alphabet: [UInt8] = Array(",,,\"\"\n\n\r  12.e-+NAna".utf8) + [0xFF, 0xC3, 0xA9, 0xEF, 0xBB, 0xBF, 0x00]
        for _ in 0..<20_000 {
            let bytes = (0..<random.below(40)).map { _ in alphabet[random.below(alphabet.count)] }
            do {
                let table = try Table.parseCSV(bytes, fileName: "soup.csv")
                for column in table.columns { #expect(column.count == table.rowCount) }
                if let rowNames = table.rowNames { #expect(rowNames.count == table.rowCount) }
            } catch {
                let lines = bytes.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
                #expect((error.line ?? 0) >= 1 && (error.line ?? 0) <= lines, "\(bytes)")
                #expect((error.column ?? 0) >= 1 && (error.column ?? 0) <= bytes.count + 1, "\(bytes)")
            }
        }
    }
}
