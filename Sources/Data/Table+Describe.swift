/// Summary statistics per column, as pandas' `DataFrame.describe()` gives them.
extension Table {
    /// The statistics' names, in order: the row names of `describe()`.
    public static let describeStatistics = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]

    /// A table with one column per numeric column of this table and one row
    /// per statistic (`describeStatistics`), missing values left out:
    ///
    /// - count: the values that are not missing;
    /// - mean: their sum (compensated, Neumaier) over the count;
    /// - std: the sample standard deviation √(Σ(x − mean)² / (n − 1)), NaN
    ///   when n < 2, as pandas;
    /// - min, max; 25%, 50%, 75%: quantiles by linear interpolation between
    ///   order statistics (NumPy's default, which pandas uses): at position
    ///   h = (n − 1)·p of the sorted values, x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋).
    ///
    /// Text columns are left out, as pandas does for a mixed table; with no
    /// numeric columns the result has none. Print it with `grid`.
    public func describe() -> Table {
        var described: [Column] = []
        for column in columns {
            guard let values = column.numbers else { continue }
            described.append(Column(name: column.name, numbers: describeStatisticsOf(values)))
        }
        return Table(validatedColumns: described, rowNames: Self.describeStatistics,
                     rowCount: Self.describeStatistics.count)
    }
}

/// count, mean, std, min, 25%, 50%, 75%, max of the values that are not NaN.
func describeStatisticsOf(_ values: [Double]) -> [Double] {
    let present = values.filter { !$0.isNaN }.sorted()
    let count = present.count
    guard let smallest = present.first, let largest = present.last else {
        return [0, .nan, .nan, .nan, .nan, .nan, .nan, .nan]
    }
    let mean = compensatedSum(present) / Double(count)
    var standardDeviation = Double.nan
    if count > 1 {
        let squaredDeviations = compensatedSum(present.map { ($0 - mean) * ($0 - mean) })
        standardDeviation = (squaredDeviations / Double(count - 1)).squareRoot()
    }
    return [Double(count), mean, standardDeviation, smallest,
            quantile(sorted: present, 0.25), quantile(sorted: present, 0.5), quantile(sorted: present, 0.75),
            largest]
}

/// The p-quantile of sorted values by linear interpolation, with NumPy's
/// form of the interpolation (from the upper neighbour when the fraction is
/// at least one half) so that the result is the same double NumPy gives.
func quantile(sorted values: [Double], _ p: Double) -> Double {
    guard let first = values.first else { return .nan }
    if values.count == 1 { return first }
    let position = Double(values.count - 1) * p
    let lowerIndex = min(values.count - 2, Int(position.rounded(.down)))
    let fraction = position - Double(lowerIndex)
    let lower = values[lowerIndex]
    let upper = values[lowerIndex + 1]
    let difference = upper - lower
    return fraction >= 0.5 ? upper - difference * (1 - fraction) : lower + difference * fraction
}

/// Σ values with Neumaier's compensation: the rounding error of each
/// addition is kept and added back at the end, so the sum is accurate to
/// about one rounding whatever the order of magnitudes. Fixed order, so the
/// same bits on every machine.
func compensatedSum(_ values: [Double]) -> Double {
    var sum = 0.0
    var compensation = 0.0
    for value in values {
        let total = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - total) + value
        } else {
            compensation += (value - total) + sum
        }
        sum = total
    }
    let result = sum + compensation
    // ±∞ inputs make the compensation NaN; the plain sum is then the answer.
    return result.isNaN && !sum.isNaN ? sum : result
}
