import Dispatch

/// `items.map(transform)`, computed on every core: each element alone, by a
/// pure transform, so the result is the same array whichever thread computed
/// what (nothing is summed across elements, nothing depends on timing).
///
/// For work that is large per element (differentiating a big formula with
/// respect to each of its parameters); for small work the threads cost more
/// than they save, so callers decide with a size threshold.
///
///     let partials = orderedConcurrentMap(parameters) { body.derivative(withRespectTo: $0) }
public func orderedConcurrentMap<Element: Sendable, Result: Sendable>(
    _ items: [Element], _ transform: @Sendable (Element) -> Result
) -> [Result] {
    guard items.count > 1 else { return items.map(transform) }
    let results = ResultSlots<Result>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        results.store(transform(items[index]), at: index)
    }
    return results.collect()
}

/// One slot per element, each written by exactly one iteration (disjoint
/// memory, so no lock), read after `concurrentPerform` has joined them all.
private final class ResultSlots<Result>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ value: Result, at index: Int) { slots[index] = value }

    func collect() -> [Result] { slots.compactMap { $0 } }
}
