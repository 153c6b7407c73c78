/// The one summation order every reduction in gd uses, so that a sum over
/// rows is the same double on every machine and in every build.
///
/// Row `i` (counted from 0 in the order the rows are given: table order, or
/// batch order for a subset) is added to lane `i mod 8`; each lane is a
/// plain left-to-right sum starting at `-0`, the identity of IEEE addition
/// (so one row's sum is exactly its value, `-0` included). The eight lane
/// totals `l0…l7` are then combined by halving:
///
///     ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))
///
/// The sum of no rows is `+0`, as Python's `sum([])`.
///
/// Eight independent lanes let the block kernels keep eight additions in
/// flight (a `SIMD8<Double>` accumulator, lane-wise IEEE addition, no fused
/// multiply-add and no reassociation), which is as fast as a "relaxed" sum
/// while fixing the bits. The order differs from NumPy's pairwise sum, so
/// totals may differ from NumPy's in the last bits; they never differ
/// between gd runs.
public struct FixedOrderSum: Sendable, Equatable {
    /// Number of lanes; blocks of rows are multiples of it.
    public static let laneCount = 8

    /// The running lane totals.
    public var lanes = SIMD8<Double>(repeating: -0.0)
    /// Whether any row was added (an empty sum is `+0`, not `-0`).
    public var isEmpty = true

    public init() {}

    /// Adds the value of row `row` (its position in the summation order).
    @inlinable
    public mutating func add(_ value: Double, atRow row: Int) {
        lanes[row & 7] += value
        isEmpty = false
    }

    /// The combined total of the lanes, in the documented order.
    @inlinable
    public var total: Double {
        if isEmpty { return 0 }
        let half = lanes.lowHalf + lanes.highHalf  // (l0+l4, l1+l5, l2+l6, l3+l7)
        return (half[0] + half[2]) + (half[1] + half[3])
    }

    /// The fixed-order sum of `values`: the reference definition, element by element.
    public static func of<C: Collection>(_ values: C) -> Double where C.Element == Double {
        var sum = FixedOrderSum()
        for (row, value) in values.enumerated() { sum.add(value, atRow: row) }
        return sum.total
    }

    /// The same sum over a buffer, eight elements at a time (the same bits
    /// as `of(_:)`: lane-wise IEEE additions in the same order).
    public static func of(_ values: UnsafeBufferPointer<Double>) -> Double {
        guard !values.isEmpty else { return 0 }
        var sum = FixedOrderSum()
        sum.isEmpty = false
        var position = 0
        let fullGroupsEnd = values.count - values.count % 8
        while position < fullGroupsEnd {
            sum.lanes += SIMD8(
                values[position], values[position + 1], values[position + 2], values[position + 3],
                values[position + 4], values[position + 5], values[position + 6], values[position + 7])
            position += 8
        }
        while position < values.count {
            sum.lanes[position & 7] += values[position]
            position += 1
        }
        return sum.total
    }
}
