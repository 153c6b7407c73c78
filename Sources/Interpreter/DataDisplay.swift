import Data

/// How tables print: the Data module renders, the interpreter only chooses.
/// A small table (a `head(t, n)` of up to 20 rows, say) shows every row;
/// a larger one its first rows and how many more there are.
func displayTable(_ table: Table) -> String {
    table.rowCount <= 20 ? table.summary(showingRows: table.rowCount) : table.summary
}

func describeTable(_ table: Table) -> String { table.describe().grid }
