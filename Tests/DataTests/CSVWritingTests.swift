import Core
import Testing
@testable import Data

/// `Table.csvText` (what `save` writes) read back by `parseCSV` (what `load`
/// reads) gives the same table, bit for bit.
@Suite struct CSVWritingTests {
    /// Equal bit for bit: -0 is not 0, and every NaN reads back as missing.
    private func expectSameBits(_ a: Table, _ b: Table, _ context: String) {
        #expect(a.columnNames == b.columnNames, "\(context)")
        #expect(a.rowNames == b.rowNames, "\(context)")
        #expect(a.rowCount == b.rowCount, "\(context)")
        for (x, y) in zip(a.columns, b.columns) {
            switch (x.content, y.content) {
            case (.numeric(let u, _), .numeric(let v, _)):
                for (p, q) in zip(u, v) where !(p.isNaN && q.isNaN) && p.bitPattern != q.bitPattern {
                    Issue.record("\(context): column \(x.name): \(p) (\(p.bitPattern)) read back as \(q) (\(q.bitPattern))")
                    return
                }
            case (.text(let u, _), .text(let v, _)):
                #expect(u == v, "\(context): column \(x.name)")
            default:
                Issue.record("\(context): column \(x.name) changed kind: \(x.kindDescription) → \(y.kindDescription)")
            }
        }
    }

    private func roundTrip(_ table: Table) throws -> Table {
        try Table.parseCSV(text: table.csvText, fileName: "saved.csv")
    }

    @Test func edgeValuesRoundTrip() throws {
        let values: [Double] = [-0.0, 0, 5e-324, -5e-324, 2.2250738585072009e-308, 2.2250738585072014e-308,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan,
                                0.1, 1 / 3, 0.30000000000000004, 1e23, 9007199254740993, 123456789012345680]
        let table = try Table(columns: [Column(name: "x", numbers: values)])
        #expect(table.csvText.hasPrefix("x\n-0\n0\n5e-324\n-5e-324\n"))
        expectSameBits(table, try roundTrip(table), "edge values")
    }

    @Test func textIsQuotedOnlyWhereTheReaderWouldChangeIt() throws {
        let table = try Table(columns: [
            Column(name: "name, full", texts: ["plain", "a,b", "say \"hi\"", "two\nlines", " padded ", "", "NA", "3.5", "θ"]),
        ], rowNames: ["r0", "r 1", "", "r3", "r4", "r5", "r6", "r7", "r8"])
        #expect(table.csvText.hasPrefix(",\"name, full\"\nr0,plain\nr 1,\"a,b\"\n\"\",\"say \"\"hi\"\"\"\n"))
        expectSameBits(table, try roundTrip(table), "text")
    }

    /// Random tables: numbers from random bit patterns (every finite double,
    /// subnormals, ±0, ±inf, NaN) and from random 17-digit decimals, text
    /// from an alphabet of the characters CSV treats specially.
    @Test func randomTablesRoundTrip() throws {
        var generator = SplitMix64(seed: 20_261_207)
        let alphabet: [Character] = ["a", "Z", "0", "7", ".", "-", "e", ",", "\"", "\n", "\r", " ", "\t", "θ", "é", "#"]
        for trial in 0..<200 {
            let rows = generator.below(20) + 1
            var columns: [Column] = []
            for c in 0..<(generator.below(4) + 1) {
                switch generator.below(3) {
                case 0:
                    columns.append(Column(name: "bits\(c)", numbers: (0..<rows).map { _ in Double(bitPattern: generator.next()) }))
                case 1:
                    columns.append(Column(name: "digits\(c)", numbers: (0..<rows).map { _ in
                        let significand = Double(generator.next() % 100_000_000_000_000_000) / 1e16
                        let scale = Double(sign: .plus, exponent: generator.below(140) - 70, significand: 1)
                        return significand * scale
                    }))
                default:
                    var texts = (0..<rows).map { _ in String((0..<generator.below(6)).map { _ in alphabet[generator.below(alphabet.count)] }) }
                    texts[generator.below(rows)] = "text"  // at least one value that is not a number
                    columns.append(Column(name: "text \(c)", texts: texts))
                }
            }
            let table = try Table(columns: columns)
            expectSameBits(table, try roundTrip(table), "trial \(trial)")
        }
    }
}
