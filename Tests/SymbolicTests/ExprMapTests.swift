import Core
import Testing
@testable import Symbolic

/// ExprMap against a Dictionary: the same answers over random insertions,
/// replacements and lookups, keys built afresh each time (equal, not identical).
struct ExprMapTests {
    private func key(_ n: Int) -> Expr {
        // Distinct structures over a few symbols; some equal by construction.
        let x = Expr.symbol("x"), y = Expr.symbol("y")
        switch n % 4 {
        case 0: return x + .integer(n / 4)
        case 1: return .power(y, .integer(n / 4 + 2))
        case 2: return x * y + .integer(n / 4)
        default: return .call(.sin, [x - .integer(n / 4)])
        }
    }

    @Test func agreesWithADictionary() {
        var generator = SplitMix64(state: 20_261_207)
        var map = ExprMap<Int>()
        var reference: [Expr: Int] = [:]
        for step in 0..<20_000 {
            let k = key(generator.below(3_000))
            if generator.below(3) == 0 {
                map[k] = step
                reference[k] = step
            } else {
                #expect(map[k] == reference[k])
            }
            #expect(map.count == reference.count)
        }
        for (k, v) in reference { #expect(map[k] == v) }
    }

    @Test func holdsOptionalValuesAndIgnoresNil() {
        var map = ExprMap<Int?>()
        let x = Expr.symbol("x")
        map[x] = .some(nil)  // a stored "no value", as the polynomial memo stores one
        #expect(map.count == 1)
        #expect(map[x] == .some(nil))
        map[Expr.symbol("y")] = nil  // ignored
        #expect(map.count == 1)
        #expect(map[Expr.symbol("y")] == nil)
    }

    @Test func presizedMapTakesItsEntriesWithoutLosingAny() {
        var map = ExprMap<Int>(capacity: 40)
        for n in 0..<200 { map[key(n)] = n }
        #expect(map.count == 200)
        for n in 0..<200 { #expect(map[key(n)] == n) }
    }
}
