import Testing
@testable import Data

@Test func smoke() throws {
    let table = try Table.parseCSV(text: "a,b\n1,2\n3,x\n", fileName: "t.csv")
    #expect(table.rowCount == 2)
}
