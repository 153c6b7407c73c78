// swift-tools-version:6.0
// gd: a shell for learning and exploring gradient descent.
//
// Targets by concern; arrows point at what a target may import.
//   Core ← Diagnostics ← Syntax
//   Core ← Symbolic ← Numeric
//   Core ← Optimize, Training, Data, Plot   (optimisers, SGD, tables, drawing)
//   CPrefetch ← Numeric, Training   (one C function: software prefetch)
//   CBuildInfo ← gd   (the commit `gd --version` prints)
//   Interpreter uses them all; `gd` is thin and alone links libedit.
import Foundation
import PackageDescription

// gd's exp (Sources/Core/Exponential.swift) uses explicit fused
// multiply-adds. Swift emits the instruction only when the target has it
// (always on arm64; on x86-64 only with FMA enabled); otherwise each
// becomes a call to the C library's `fma`: the same bits (both are exact),
// but exp is then 3× slower and its eight-lane form 7× (measured here).
// gd is always built from source on the machine that runs it (scripts/gd
// builds it), so on x86-64 Core and Numeric (which inlines the eight-lane
// exp) are built with AVX2 and FMA when this machine's CPU has both. Swift
// never fuses a plain `a * b + c` (in the release binary only exp's code
// holds fused instructions), so no result depends on these flags.
let hostHasFMA: Bool = {
    #if os(Linux) && arch(x86_64)
    guard let cpuInfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
        let flags = cpuInfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return false }
    let features = Set(flags.split(separator: " "))
    return features.contains("fma") && features.contains("avx2")
    #else
    return false
    #endif
}()
let fmaSettings: [SwiftSetting] = hostHasFMA ? [.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma"])] : []

let package = Package(
    name: "gd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gd", targets: ["gd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "Core", swiftSettings: fmaSettings),
        .target(name: "Diagnostics", dependencies: ["Core"]),
        .target(name: "Syntax", dependencies: ["Core", "Diagnostics"]),
        .target(name: "Symbolic", dependencies: ["Core"]),
        .target(name: "CPrefetch"),
        .target(name: "CBuildInfo"),
        .target(name: "Numeric", dependencies: ["Core", "CPrefetch", "Symbolic"], swiftSettings: fmaSettings),
        .target(name: "Optimize", dependencies: ["Core"]),
        .target(name: "Training", dependencies: ["Core", "CPrefetch"]),
        .target(name: "Data", dependencies: ["Core"]),
        .target(name: "Plot", dependencies: ["Core"]),
        .target(
            name: "Interpreter",
            dependencies: ["Core", "Diagnostics", "Syntax", "Symbolic", "Numeric", "Optimize", "Training", "Data", "Plot"]),
        .target(name: "GrammarFuzz", dependencies: ["Core", "Syntax", "Interpreter"]),
        .executableTarget(name: "gd-fuzz", dependencies: ["GrammarFuzz"], path: "Fuzz/gd-fuzz"),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .executableTarget(
            name: "gd",
            dependencies: [
                "Interpreter", "CEditLine", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "bench-symbolic", dependencies: ["Core", "Symbolic"], path: "Benchmarks/bench-symbolic"),
        .executableTarget(name: "bench-numeric", dependencies: ["Core", "Numeric", "Symbolic", "Training", "Data"], path: "Benchmarks/bench-numeric"),
        .executableTarget(name: "bench-data", dependencies: ["Data"], path: "Benchmarks/bench-data"),
        .executableTarget(name: "exp-crosscheck", dependencies: ["Core"], path: "Benchmarks/exp-crosscheck"),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "SyntaxTests", dependencies: ["Syntax", "Diagnostics"]),
        .testTarget(name: "SymbolicTests", dependencies: ["Core", "Symbolic"]),
        .testTarget(name: "NumericTests", dependencies: ["Numeric", "Symbolic"]),
        .testTarget(name: "OptimizeTests", dependencies: ["Optimize"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training"]),
        .testTarget(name: "DataTests", dependencies: ["Core", "Data"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "InterpreterTests", dependencies: ["Core", "Data", "Interpreter", "GrammarFuzz"]),
    ],
    swiftLanguageModes: [.v6]
)
