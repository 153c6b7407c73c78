/// A memo keyed by object identity: what the passes over a shared formula
/// graph (canonical forms, compilation, evaluation, substitution) remember
/// of each node they have done, so a node shared a thousand times is done
/// once.
///
/// Not a `[ObjectIdentifier: Value]`: the first dictionary keyed by a type
/// makes the Swift runtime find the key's `Hashable` conformance by scanning
/// every conformance record of the process (about 0.36M instructions, a
/// tenth of a millisecond, a sixth of a small command's first run), while
/// arrays require no conformance. Open addressing with linear probing over a
/// power-of-two table, at most three quarters full; an identity is never 0,
/// which marks an empty slot. Entries are only added or replaced.
///
///     var memo = IdentityMemo<Double>()
///     memo[ObjectIdentifier(node)] = 2.5
///     memo[ObjectIdentifier(node)]   // 2.5
///
/// Inlinable, so each client module specialises it for its values (called
/// generically across modules, every access looked up type metadata).
public struct IdentityMemo<Value> {
    @usableFromInline var keys: [UInt] = []
    @usableFromInline var values: [Value?] = []
    @usableFromInline var count = 0

    @inlinable public init() {}

    @inlinable public subscript(key: ObjectIdentifier) -> Value? {
        get {
            guard !keys.isEmpty else { return nil }
            let raw = UInt(bitPattern: key)
            var slot = Self.slot(of: raw, in: keys.count)
            while true {
                let stored = keys[slot]
                if stored == raw { return values[slot] }
                if stored == 0 { return nil }
                slot = (slot + 1) & (keys.count - 1)
            }
        }
        set {
            // Removal is never needed: a nil is ignored.
            guard let newValue else { return }
            if (count + 1) * 4 > keys.count * 3 { grow() }
            let raw = UInt(bitPattern: key)
            var slot = Self.slot(of: raw, in: keys.count)
            while keys[slot] != 0 && keys[slot] != raw { slot = (slot + 1) & (keys.count - 1) }
            if keys[slot] == 0 {
                keys[slot] = raw
                count += 1
            }
            values[slot] = newValue
        }
    }

    /// The home slot of an identity: Fibonacci hashing of the address
    /// without its alignment bits (`capacity` is a power of two).
    @inlinable static func slot(of raw: UInt, in capacity: Int) -> Int {
        Int(truncatingIfNeeded: ((raw >> 4) &* 0x9E37_79B9_7F4A_7C15) >> 32) & (capacity - 1)
    }

    @inlinable mutating func grow() {
        let oldKeys = keys, oldValues = values
        let capacity = Swift.max(16, keys.count * 2)
        keys = [UInt](repeating: 0, count: capacity)
        values = [Value?](repeating: nil, count: capacity)
        count = 0
        for (index, raw) in oldKeys.enumerated() where raw != 0 {
            var slot = Self.slot(of: raw, in: capacity)
            while keys[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            keys[slot] = raw
            values[slot] = oldValues[index]
            count += 1
        }
    }
}

/// A set of object identities (`IdentityMemo` without values), for passes
/// that visit each shared node of a graph once.
public typealias IdentitySet = IdentityMemo<Bool>

extension IdentityMemo where Value == Bool {
    /// Adds `key`; true when it was not in yet.
    @inlinable public mutating func insert(_ key: ObjectIdentifier) -> Bool {
        if self[key] != nil { return false }
        self[key] = true
        return true
    }
}
