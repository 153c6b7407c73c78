import Testing
@testable import Core

@Suite struct IdentityMemoTests {
    final class Node {}

    /// The memo answers as a dictionary keyed by the same identities would,
    /// through many growths, replacements and misses.
    @Test func answersAsADictionaryWould() {
        let nodes = (0..<5000).map { _ in Node() }
        var memo = IdentityMemo<Int>()
        var reference: [ObjectIdentifier: Int] = [:]
        var generator = SplitMix64(seed: 7)
        for step in 0..<20_000 {
            let node = nodes[Int(generator.next() % UInt64(nodes.count))]
            let key = ObjectIdentifier(node)
            if generator.next() % 3 == 0 {
                memo[key] = step
                reference[key] = step
            }
            #expect(memo[key] == reference[key])
        }
        for node in nodes { #expect(memo[ObjectIdentifier(node)] == reference[ObjectIdentifier(node)]) }
    }

    @Test func setInsertsEachIdentityOnce() {
        let nodes = (0..<300).map { _ in Node() }
        var seen = IdentitySet()
        #expect(nodes.allSatisfy { seen.insert(ObjectIdentifier($0)) })
        #expect(nodes.allSatisfy { !seen.insert(ObjectIdentifier($0)) })
        var empty = IdentityMemo<String>()
        empty[ObjectIdentifier(nodes[0])] = nil  // ignored
        #expect(empty[ObjectIdentifier(nodes[0])] == nil)
    }
}
