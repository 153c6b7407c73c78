/// "Did you mean" support: the candidate closest to `name` by edit distance,
/// if it is close enough to be a plausible typo.
///
/// The threshold follows swift-argument-parser's habit: at most a third of
/// the name's length (and at least one edit) may differ.
public func closestMatch(to name: String, among candidates: some Sequence<String>) -> String? {
    let target = Array(name)
    let limit = max(1, target.count / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        let distance = editDistance(target, Array(candidate))
        guard distance <= limit else { continue }
        if let current = best, current.distance < distance || (current.distance == distance && current.name <= candidate) {
            continue
        }
        best = (candidate, distance)
    }
    return best?.name
}

/// Damerau–Levenshtein distance (optimal string alignment): insertions,
/// deletions, substitutions and swaps of neighbours each cost one.
public func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                value = min(value, previous2[j - 2] + 1)
            }
            current[j] = value
        }
        (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
}
