import Symbolic

/// Remembers the compiled objective of each resolved formula used by
/// `descend`, `minimize`, `gradcheck`, … so that trying one function at
/// several rates (what a lesson does) differentiates and compiles it once.
///
/// The key is the function's resolved formula itself: every bound name it
/// reads is already a number in it, every call inlined, so two equal keys
/// are the same objective, and rebinding anything the function reads gives
/// a new key. Objectives over a table are not cached (their construction
/// may warn, and a warning must show each time).
struct ObjectiveCache {
    struct Key: Hashable {
        let parameters: [String]
        let formula: Formula
    }

    private var entries: [Key: FunctionObjective] = [:]
    /// Entries beyond this many are dropped, oldest first.
    private static let capacity = 64
    private var order: [Key] = []

    func objective(for key: Key) -> FunctionObjective? { entries[key] }

    mutating func store(_ objective: FunctionObjective, for key: Key) {
        if entries.updateValue(objective, forKey: key) == nil { order.append(key) }
        if order.count > Self.capacity { entries[order.removeFirst()] = nil }
    }

    mutating func removeAll() {
        entries = [:]
        order = []
    }
}
