/// A map keyed by structural equality of expressions (and, with `Bool`
/// values, a set: a `Set<Expr>` was the first hashed collection of
/// expressions left, and its first use made the Swift runtime scan every
/// protocol conformance of the process for `Expr: Hashable`, 0.36M
/// instructions), hashed by the hash each
/// node computed once when it was built (`ExprStorage.hash`): the memos of
/// the differentiator, the simplifier and the collectors of sums and
/// products.
///
/// Not a `[Expr: Value]`: a Swift dictionary feeds every key through its
/// seeded SipHash on each lookup and insertion (`Hasher`'s seed, combine and
/// finalize, about a hundred instructions), and rehashes every key again
/// when it grows; for the polynomial fit of bench-symbolic that hashing of
/// already-hashed keys was a tenth of a gradient's instructions. Open
/// addressing with linear probing over a power-of-two table, at most three
/// quarters full; a slot's stored hash is compared before the expressions
/// are. Entries are only added or replaced, never removed.
///
///     var memo = ExprMap<Expr>()
///     memo[x] = .one
///     memo[x]   // 1
struct ExprMap<Value> {
    /// One slot of the table: empty while `key` is nil. (One array of slots
    /// measured better than three arrays of keys, hashes and values.)
    private struct Slot {
        var key: Expr?
        var hash: Int
        var value: Value?
    }

    private var slots: [Slot] = []
    private(set) var count = 0

    init() {}

    /// A map with room for `capacity` entries before it grows.
    init(capacity: Int) {
        if capacity > 0 { allocate(Self.tableSize(for: capacity)) }
    }

    var isEmpty: Bool { count == 0 }

    // Inlined into each use: as out-of-line generic functions, the
    // specialisations for different class-valued maps were merged into one
    // that copied values through witness tables.
    subscript(key: Expr) -> Value? {
        @inline(__always) get {
            guard count > 0 else { return nil }
            let hash = key.storage.hash
            return slots.withUnsafeBufferPointer { table in
                let mask = table.count - 1
                var slot = Self.home(of: hash) & mask
                while let stored = table[slot].key {
                    if table[slot].hash == hash, stored == key { return table[slot].value }
                    slot = (slot + 1) & mask
                }
                return nil
            }
        }
        @inline(__always) set {
            // Removal is never needed: a nil is ignored.
            guard let newValue else { return }
            if (count + 1) * 4 > slots.count * 3 { grow() }
            let hash = key.storage.hash
            let added = slots.withUnsafeMutableBufferPointer { table -> Bool in
                let mask = table.count - 1
                var slot = Self.home(of: hash) & mask
                while let stored = table[slot].key {
                    if table[slot].hash == hash, stored == key {
                        table[slot].value = newValue
                        return false
                    }
                    slot = (slot + 1) & mask
                }
                table[slot] = Slot(key: key, hash: hash, value: newValue)
                return true
            }
            if added { count += 1 }
        }
    }

    /// The hash's high bits folded into the low ones the mask keeps (the
    /// node hash is already mixed; this guards against a weak low half).
    @inline(__always)
    private static func home(of hash: Int) -> Int { hash ^ (hash >> 32) }

    /// The smallest power of two that holds `count` entries at most three quarters full.
    private static func tableSize(for count: Int) -> Int {
        var size = 8
        while size * 3 < count * 4 { size *= 2 }
        return size
    }

    /// An empty table of `size` slots. Not `Array(repeating:count:)`, which
    /// copied the empty slot through its value witness, a retain a slot.
    @inline(__always)
    private mutating func allocate(_ size: Int) {
        slots = [Slot](unsafeUninitializedCapacity: size) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            for index in buffer.indices { (base + index).initialize(to: Slot(key: nil, hash: 0, value: nil)) }
            initialized = buffer.count
        }
    }

    private mutating func grow() {
        let old = slots
        allocate(Swift.max(8, old.count * 2))
        slots.withUnsafeMutableBufferPointer { table in
            let mask = table.count - 1
            for entry in old where entry.key != nil {
                var slot = Self.home(of: entry.hash) & mask
                while table[slot].key != nil { slot = (slot + 1) & mask }
                table[slot] = entry
            }
        }
    }
}
