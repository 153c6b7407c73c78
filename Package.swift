// swift-tools-version:6.0
// gd: a shell for learning and exploring gradient descent.
//
// Targets by concern; arrows point at what a target may import.
//   Core ← Diagnostics ← Syntax
//   Core ← Symbolic ← Numeric
//   Core ← Optimize, Training, Data, Plot   (optimisers, SGD, tables, drawing)
//   CPrefetch ← Numeric, Training   (one C function: software prefetch)
//   CDigits ← Data   (a run of up to 16 digits in one SSE register)
//   CBuildInfo ← gd   (the commit `gd --version` prints)
//   Interpreter uses them all; `gd` is thin and alone links libedit.
import PackageDescription

// No setting here depends on the machine that builds: a plain `swift build`
// is the portable x86-64 baseline, and the package can be a dependency (no
// unsafeFlags). gd's exp (Sources/Core/Exponential.swift) uses explicit
// fused multiply-adds; without FMA in the target each is a call to the C
// library's exact `fma` (same bits, exp about 3x slower). Builds for CPUs
// with AVX2 and FMA say so on the command line (scripts/release-flags);
// scripts/package builds both and installs a launcher that picks by CPU.

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
        .target(name: "Core"),
        .target(name: "Diagnostics", dependencies: ["Core"]),
        .target(name: "Syntax", dependencies: ["Core", "Diagnostics"]),
        .target(name: "Symbolic", dependencies: ["Core"]),
        .target(name: "CPrefetch"),
        .target(name: "CBuildInfo"),
        .target(name: "Numeric", dependencies: ["Core", "CPrefetch", "Symbolic"]),
        .target(name: "Optimize", dependencies: ["Core"]),
        .target(name: "Training", dependencies: ["Core", "CPrefetch"]),
        .target(name: "CDigits"),
        .target(name: "Data", dependencies: ["Core", "CDigits"]),
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
        .testTarget(name: "DataTests", dependencies: ["Core", "Data", "CDigits"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "InterpreterTests", dependencies: ["Core", "Data", "Interpreter", "GrammarFuzz"]),
    ],
    swiftLanguageModes: [.v6]
)
