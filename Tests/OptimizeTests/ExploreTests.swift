import Testing
@testable import Optimize

@Test func explore() throws {
    for rate in [0.3, 1, 2, 0.001] {
        let r = try descend(quartic, from: [4], options: DescendOptions(rate: rate, steps: rate == 0.001 ? nil : 19))
        print(rate, r.path.suffix(6).map { $0[0] }, r.reason)
    }
    for rate in [1, 0.75] {
        let r = try descend(secretNumber, from: [5], options: DescendOptions(rate: rate, steps: 10))
        print(rate, r.path.map { $0[0] }, r.reason)
    }
}
