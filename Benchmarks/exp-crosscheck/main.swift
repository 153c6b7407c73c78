import Core
// exp-crosscheck: compares gd's exp (Core's `exponential`, and its
// eight-lane form) with this machine's C library `exp` on N inputs, and
// prints how many results differ, so the claim "the same bits as glibc's
// FMA exp" can be re-checked anywhere.
//
//     exp-crosscheck [N] [seed]      (N defaults to 10^8)
//
// Inputs, in turn: uniformly random bit patterns (every exponent, nan, inf),
// uniform in [-745.2, 709.8] (every finite nonzero result), uniform in
// [-2, 2] (typical arguments), and uniform in the special ranges
// [512, 710] and [-746, -512] (rescaled results, subnormal results); then a
// fixed list of edge cases. A difference is any difference in bits (a `nan`
// must be the same `nan`). On x86-64 with glibc 2.28 or later, whose `exp`
// selects its FMA build on CPUs with FMA, the count should be 0; elsewhere
// it measures how far the C library is from gd (within 1 ulp).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments
let count = arguments.count > 1 ? max(0, Int(arguments[1]) ?? 100_000_000) : 100_000_000
let seed = arguments.count > 2 ? UInt64(arguments[2]) ?? 1 : 1

/// The inputs, in turn from each distribution.
struct Inputs {
    var generator: SplitMix64

    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * generator.unitInterval()
    }

    mutating func next(_ i: Int) -> Double {
        switch i % 5 {
        case 0: return Double(bitPattern: generator.next())
        case 1: return uniform(-745.2, 709.8)
        case 2: return uniform(-2, 2)
        case 3: return uniform(512, 710)
        default: return uniform(-746, -512)
        }
    }
}

let edgeCases: [Double] = [
    0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, -0x1p-1022, 0x1.fffffffffffffp-55, -0x1.fffffffffffffp-55,
    0x1p-54, -0x1p-54, 0x1p-53, 1, -1, 0.5, 511.9999999999999, 512, -512, 1023.9999999999999, 1024, -1024,
    709.782712893384, 709.7827128933841, 709.78271289338397, 709.78, 710, -708.3964185322641, -708.4,
    -709.08956571282405, -744.4400719213812, -745.1332191019411, -745.1332191019412, -745.2, -746,
    .infinity, -.infinity, .nan, -Double.nan, .signalingNaN, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
]

/// Counts the differences.
struct Tally {
    var checked = 0
    var differing = 0
    var laneDiffering = 0

    /// gd's exp of `x` against the C library's.
    mutating func compare(_ x: Double) {
        checked += 1
        let ours = exponential(x), theirs = exp(x)
        if ours.bitPattern != theirs.bitPattern {
            differing += 1
            if differing <= 10 {
                print("differs: x = \(x) (bits \(String(x.bitPattern, radix: 16))): gd \(ours), libm \(theirs)")
            }
        }
    }

    /// The eight-lane form against the scalar one, in the lanes it computes.
    mutating func compareLanes(_ x: SIMD8<Double>) {
        let core = exponentialCoreLanes(x)
        let vector = withExponentialTable { exponentialCore(x, table: $0) }
        for lane in 0..<8 where core[lane] && vector[lane].bitPattern != exponential(x[lane]).bitPattern {
            laneDiffering += 1
        }
    }
}

var inputs = Inputs(generator: SplitMix64(seed: seed))
var tally = Tally()
var lanes = SIMD8<Double>()
for i in 0..<count {
    let x = inputs.next(i)
    tally.compare(x)
    lanes[i & 7] = x
    if i & 7 == 7 { tally.compareLanes(lanes) }
}
for x in edgeCases {
    tally.compare(x)
    tally.compareLanes(SIMD8(repeating: x))
}
print("\(tally.differing) of \(tally.checked) results differ from the C library's exp")
print("\(tally.laneDiffering) eight-lane results differ from the scalar function")
