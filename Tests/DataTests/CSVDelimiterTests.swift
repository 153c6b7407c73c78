import Testing
@testable import Data

/// Files separated by `;` (European spreadsheets), tabs or `|`: the
/// delimiter the header shows, or the one named; decimal commas in `;` files.
@Suite struct CSVDelimiterTests {
    @Test(arguments: [
        ("x,y\n", CSVDelimiter.comma),
        ("x;y\n", .semicolon),
        ("x\ty\n", .tab),
        ("x|y\n", .bar),
        ("x\n", .comma),                      // one column: the default
        ("x;y,z\n", .comma),                  // a comma in the header always wins
        ("\"a,b\";c\n", .semicolon),          // commas inside quotes do not count
        ("\u{FEFF}\n\nx;y\n1,2;3\n", .semicolon),  // past a byte order mark and blank lines
        ("x\n1;2,3\n", .comma),               // only the header decides
        ("", .comma),
    ])
    func detectsTheHeadersDelimiter(_ text: String, _ expected: CSVDelimiter) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(CSVParser(bytes: buffer, fileName: "t.csv").delimiter == expected, "\(text.debugDescription)")
        }
    }

    @Test func semicolonFilesReadDecimalCommas() throws {
        let table = try Table.parseCSV(text: "x;y;s\n1,5;2;a\n-0,25;3,0e2;\"b;c\"\n2;;1.234,5\n", fileName: "t.csv")
        #expect(table.columnNames == ["x", "y", "s"])
        #expect(table.column(named: "x").map(Expected.init) == .numbers([1.5, -0.25, 2], missing: 0))
        #expect(table.column(named: "y").map(Expected.init) == .numbers([2, 300, nil], missing: 1))
        // A thousands point beside the decimal comma is text, not a guess.
        #expect(table.column(named: "s").map(Expected.init)
                == .texts(["a", "b;c", "1.234,5"], reason: .field(line: 2, value: "a")))
    }

    @Test func aNamedDelimiterOverridesDetection() throws {
        // Named ',' on a ';' file: the header is one column, the rows two.
        #expect(throws: CSVError(file: "t.csv", line: 2, column: 3, problem: .raggedRow(expected: 1, found: 2))) {
            try Table.parseCSV(text: "x;y\n1,5;2\n", fileName: "t.csv", delimiter: .comma)
        }
        let table = try Table.parseCSV(text: "a|b\n1|2\n", fileName: "t.csv", delimiter: .bar)
        #expect(table.columnNames == ["a", "b"])
        // Decimal commas only in ';' files: a tab file's 1,5 is text.
        let tabs = try Table.parseCSV(text: "a\tb\n1,5\t2\n", fileName: "t.csv")
        #expect(tabs.column(named: "a").map(Expected.init) == .texts(["1,5"], reason: .field(line: 2, value: "1,5")))
    }

    @Test func delimitersAreNamedByOneCharacter() {
        #expect(CSVDelimiter(";") == .semicolon)
        #expect(CSVDelimiter("\t") == .tab)
        #expect(CSVDelimiter(":") == nil)
        #expect(CSVDelimiter(";;") == nil)
        #expect(CSVDelimiter.tab.description == "tab")
        #expect(CSVDelimiter.semicolon.description == "';'")
    }
}
