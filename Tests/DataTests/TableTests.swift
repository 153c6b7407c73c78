import Testing
@testable import Data

@Suite struct TableTests {
    @Test func buildsFromSwiftArrays() throws {
        let table = try Table(columns: [
            Column(name: "x", numbers: [2, 3, 5, 8]),
            Column(name: "y", numbers: [3, 6, .nan, 12]),
        ])
        #expect(table.rowCount == 4)
        #expect(table.columnNames == ["x", "y"])
        #expect(table.column(named: "y")?.kindDescription == "numeric, 1 missing")
        #expect(try table.numbers(inColumn: "x") == [2, 3, 5, 8])
        #expect(table.rowNames == nil)
    }

    @Test(arguments: [
        ([Column(name: "x", numbers: [1]), Column(name: "x", numbers: [2])], TableError.duplicateColumnName("x")),
        ([Column(name: "", numbers: [1])], .emptyColumnName),
        ([Column(name: "x", numbers: [1, 2]), Column(name: "y", numbers: [1])],
         .unequalLengths(column: "y", length: 1, expected: 2)),
    ])
    func rejectsInconsistentColumns(_ columns: [Column], _ expected: TableError) {
        #expect(throws: expected) { try Table(columns: columns) }
    }

    @Test func lookupSuggestsTheClosestName() throws {
        let table = try Table(columns: [Column(name: "total_bill", numbers: [1]), Column(name: "tip", numbers: [2])])
        let error = #expect(throws: TableError.self) { try table.lookup("totl_bill") }
        #expect(error == .noSuchColumn("totl_bill", suggestion: "total_bill"))
        #expect(error?.description == "no column named 'totl_bill'")
        #expect(error?.note == "did you mean 'total_bill'?")
        #expect(throws: TableError.noSuchColumn("zzz", suggestion: nil)) { try table.lookup("zzz") }
    }

    @Test func numbersOfATextColumnIsAnErrorWithTheReason() throws {
        let table = try Table.parseCSV(text: "a,b\n1,2\n3,oops\n", fileName: "t.csv")
        let error = #expect(throws: TableError.self) { try table.numbers(inColumn: "b") }
        #expect(error?.description == "column 'b' is text, line 3: 'oops', not numbers")
        let given = try Table(columns: [Column(name: "s", texts: ["a"])])
        #expect(given.column(named: "s")?.kindDescription == "text")
    }

    @Test func headAndRowsClamp() throws {
        let table = try Table(columns: [Column(name: "x", numbers: [1, 2, 3])], rowNames: ["a", "b", "c"])
        #expect(table.head(2).rowCount == 2)
        #expect(table.head(2).rowNames == ["a", "b"])
        #expect(table.head(10).rowCount == 3)
        #expect(table.head(-1).rowCount == 0)
        #expect(table.rows(1..<9).column(named: "x")?.numbers == [2, 3])
        #expect(table.head(1).column(named: "x")?.kindDescription == "numeric")
    }

    // MARK: Display (expected texts reviewed by hand against pandas' layout)

    @Test func tipsSummary() throws {
        let tips = try Table.load(csvFile: repositoryFile("scripts/data/tips.csv"))
        #expect(tips.summary == """
            244 rows × 7 columns
              total_bill: numeric
              tip: numeric
              sex: text, line 2: 'Female'
              smoker: text, line 2: 'No'
              day: text, line 2: 'Sun'
              time: text, line 2: 'Dinner'
              size: numeric
               total_bill   tip     sex  smoker  day    time  size
            1       16.99  1.01  Female      No  Sun  Dinner     2
            2       10.34  1.66    Male      No  Sun  Dinner     3
            3       21.01   3.5    Male      No  Sun  Dinner     3
            4       23.68  3.31    Male      No  Sun  Dinner     2
            5       24.59  3.61  Female      No  Sun  Dinner     4
            … 239 more rows
            """)
    }

    @Test func gridFormatsNumbersTextAndMissingValues() throws {
        let table = try Table.parseCSV(
            text: "a,b,c\n1,x,\n2.5,\"long text value that goes on and on\",3\n0.30000000000000004,\"two\nlines\",1234567890123\n",
            fileName: "t.csv")
        #expect(table.summary == """
            3 rows × 3 columns
              a: numeric
              b: text, line 2: 'x'
              c: numeric, 1 missing
                 a                         b            c
            0    1                         x          nan
            1  2.5  long text value that go…            3
            2  0.3                two\\nlines  1.23457e+12
            """)
    }

    @Test func smallShapesReadNaturally() throws {
        let one = try Table(columns: [Column(name: "x", numbers: [7])])
        #expect(one.summary == "1 row × 1 column\n  x: numeric\n   x\n0  7")
        let empty = try Table.parseCSV(text: "a,b\n", fileName: "t.csv")
        #expect(empty.summary == "0 rows × 2 columns\n  a: numeric\n  b: numeric")
        let words = try Table(columns: [Column(name: "w", texts: ["a"])])
        #expect(words.describe().grid == "(no columns)")
        let six = try Table(columns: [Column(name: "x", numbers: [1, 2, 3, 4, 5, 6])])
        #expect(six.summary.hasSuffix("\n… 1 more row"))
    }

    @Test(arguments: [
        (2.0, "2"), (-0.0, "-0"), (0.1, "0.1"), (16.99, "16.99"), (.nan, "nan"), (-.infinity, "-inf"),
        (0.30000000000000004, "0.3"), (19.785942622950824, "19.7859"), (1234567890123, "1.23457e+12"),
        (1e-5, "1e-05"), (123456.789, "123456.789"), (0.000123456789, "0.000123457"),
    ])
    func gridNumbers(_ value: Double, _ expected: String) {
        #expect(displayNumber(value) == expected)
    }

    // MARK: describe

    /// The tips figures from pandas 3.1.1 `read_csv(…, index_col=0).describe()`.
    @Test func describeMatchesPandasOnTips() throws {
        let tips = try Table.load(csvFile: repositoryFile("scripts/data/tips.csv"))
        let described = tips.describe()
        #expect(described.columnNames == ["total_bill", "tip", "size"])
        #expect(described.rowNames == ["count", "mean", "std", "min", "25%", "50%", "75%", "max"])
        let pandas: [String: [Double]] = [
            "total_bill": [244, 19.78594262295082, 8.902411954856856, 3.07, 13.3475, 17.795, 24.127499999999998, 50.81],
            "tip": [244, 2.99827868852459, 1.3836381890011822, 1, 2, 2.9, 3.5625, 10],
            "size": [244, 2.569672131147541, 0.9510998047322344, 1, 2, 2, 3, 6],
        ]
        for (name, expected) in pandas {
            let got = try described.numbers(inColumn: name)
            for (statistic, (value, reference)) in zip(Table.describeStatistics, zip(got, expected)) {
                // Quantiles, extremes and counts are exact; sums may differ by rounding order.
                #expect(abs(value - reference) <= 4 * reference.ulp, "\(name) \(statistic): \(value) vs \(reference)")
            }
        }
        #expect(described.grid == """
                   total_bill      tip     size
            count         244      244      244
            mean      19.7859  2.99828  2.56967
            std       8.90241  1.38364   0.9511
            min          3.07        1        1
            25%       13.3475        2        2
            50%        17.795      2.9        2
            75%       24.1275   3.5625        3
            max         50.81       10        6
            """)
    }

    @Test func describeLeavesOutMissingValues() throws {
        let table = try Table(columns: [
            Column(name: "x", numbers: [4, .nan, 1, 3, 2]),
            Column(name: "one", numbers: [.nan, .nan, 5, .nan, .nan]),
            Column(name: "none", numbers: [.nan, .nan, .nan, .nan, .nan]),
        ])
        let described = table.describe()
        let x = try described.numbers(inColumn: "x")
        #expect(Array(x[0..<2]) == [4, 2.5])
        #expect(abs(x[2] - 1.2909944487358056) < 1e-15)  // sample std of 1, 2, 3, 4
        #expect(Array(x[3...]) == [1, 1.75, 2.5, 3.25, 4])
        let one = try described.numbers(inColumn: "one")
        #expect(one[0] == 1 && one[1] == 5 && one[2].isNaN && one[3...].allSatisfy { $0 == 5 })
        let none = try described.numbers(inColumn: "none")
        #expect(none[0] == 0 && none[1...].allSatisfy(\.isNaN))
    }

    /// Quantiles agree with NumPy's linear interpolation (values from
    /// `numpy.percentile(v, [25, 50, 75])`).
    @Test func quantilesFollowNumPy() {
        let values = [0.1, 0.7, 0.2, 1e-3, 3.3, 2.2, 9.9].sorted()
        #expect(quantile(sorted: values, 0.25) == 0.15000000000000002)
        #expect(quantile(sorted: values, 0.5) == 0.7)
        #expect(quantile(sorted: values, 0.75) == 2.75)
    }

    @Test func compensatedSumIsAccurate() {
        #expect(compensatedSum([1e100, 1, -1e100]) == 1)
        #expect(compensatedSum([0.1, 0.2, 0.3]) == 0.6)
        #expect(compensatedSum([.infinity, 1]) == .infinity)
        #expect(compensatedSum([]) == 0)
    }
}
