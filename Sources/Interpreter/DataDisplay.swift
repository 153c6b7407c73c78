import Data

/// How tables print: the Data module renders, the interpreter only chooses.
func displayTable(_ table: Table) -> String { table.summary }

func describeTable(_ table: Table) -> String { table.describe().grid }
