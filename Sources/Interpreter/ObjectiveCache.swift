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
///
/// The entries are a short list searched in order, newest last, rather than
/// a dictionary: the first dictionary of a new key type makes the Swift
/// runtime scan every protocol conformance of the process (about a tenth
/// of a millisecond, more than the search of 64 entries ever costs).
struct ObjectiveCache {
    struct Key: Hashable {
        let parameters: [String]
        let formula: Formula
    }

    private var entries: [(hash: Int, key: Key, objective: FunctionObjective)] = []
    /// Entries beyond this many are dropped, oldest first.
    private static let capacity = 64

    func objective(for key: Key) -> FunctionObjective? {
        let hash = key.hashValue
        return entries.last(where: { $0.hash == hash && $0.key == key })?.objective
    }

    mutating func store(_ objective: FunctionObjective, for key: Key) {
        let hash = key.hashValue
        entries.removeAll { $0.hash == hash && $0.key == key }
        entries.append((hash, key, objective))
        if entries.count > Self.capacity { entries.removeFirst() }
    }

    mutating func removeAll() {
        entries = []
    }
}
