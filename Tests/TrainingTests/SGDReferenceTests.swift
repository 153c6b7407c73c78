import Foundation
import Testing
@testable import Training

/// The engine against `scripts/sgd_reference.py`, a plain-Python run of the
/// documented algorithm: every point and loss must be the same double.
///
/// The expected values live in SGDReferenceFixture.swift, produced by
/// `python3 scripts/sgd_reference.py --swift-fixture`; the last test reruns
/// the script (when python3 is installed) to show the fixture is current.
@Suite struct SGDReferenceTests {
    static var runNames: [String] { SGDReferenceFixture.runs.map(\.name) }

    @Test(arguments: runNames)
    func engineReproducesThePythonRunBitForBit(name: String) throws {
        let run = try #require(SGDReferenceFixture.runs.first { $0.name == name })
        let objective = try LinearRegressionObjective(
            inputs: SGDReferenceFixture.inputs, targets: SGDReferenceFixture.targets)
        let result = try stochasticGradientDescent(
            minimizing: objective, from: run.start, configuration: run.configuration, shouldStop: { false })
        let expectedPath = try run.path.map { point in try point.map { try #require(Double($0)) } }
        let expectedLosses = try run.losses.map { try #require(Double($0)) }
        #expect(result.stop == .completed)
        #expect(result.path.map { $0.map(\.bitPattern) } == expectedPath.map { $0.map(\.bitPattern) })
        #expect(result.losses.map(\.bitPattern) == expectedLosses.map(\.bitPattern))
        #expect(result.x == expectedPath.last)
        #expect(result.fun == expectedLosses.last)
        #expect(result.epochs == run.configuration.epochs)
    }

    /// The script beside the tests (symlinks resolved: a scratch package may
    /// link to the test folder) and a python3 to run it, when both exist.
    static let referenceScript: (python: String, script: String)? = {
        let testsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let script = testsFolder.appendingPathComponent("../../scripts/sgd_reference.py").standardized.path
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let python, FileManager.default.fileExists(atPath: script) else { return nil }
        return (python, script)
    }()

    @Test(.enabled(if: referenceScript != nil, "needs python3 and scripts/sgd_reference.py"))
    func fixtureIsWhatTheScriptPrints() throws {
        let (python, script) = try #require(Self.referenceScript)
        let fixture = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("SGDReferenceFixture.swift")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--swift-fixture"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let expected = try String(contentsOf: fixture, encoding: .utf8)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }
}
