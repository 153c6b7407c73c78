import Diagnostics
import Foundation
import Testing
@testable import Interpreter

/// `descend … optimizer adam|rmsprop|adagrad|nesterov` against a plain Python
/// transcription of the documented formulas (scripts/descend_reference.py)
/// on three functions: every point of every path must print the same, and
/// gd prints a double as its shortest round trip, so the doubles are equal.
@Suite struct DescendReferenceTests {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let script = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("../../scripts/descend_reference.py").standardized.path

    static func runPython(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/python3")
        process.arguments = [script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: output, as: UTF8.self)
    }

    @Test(.enabled(if: python != nil && FileManager.default.fileExists(atPath: script), "needs python3"))
    func everyRuleMatchesThePythonTranscriptionBitForBit() throws {
        let gdScript = try Self.runPython(["--gd"])
        let expected = try Self.runPython([])
        #expect(gdScript.contains("optimizer adam") && gdScript.contains("optimizer rmsprop")
                && gdScript.contains("optimizer adagrad") && gdScript.contains("optimizer nesterov"))
        var output = ""
        var errors = ""
        let session = Session(output: { output += $0 }, errors: { errors += $0 })
        session.run(SourceFile(displayName: "descend_reference.gd", text: gdScript))
        #expect(errors.isEmpty, "\(errors)")
        let got = output.split(separator: "\n"), want = expected.split(separator: "\n")
        #expect(got.count == want.count)
        for (index, (line, reference)) in zip(got, want).enumerated() {
            #expect(line == reference, "line \(index + 1) differs from Python's")
        }
    }

    /// Deck 002's comparison of momentum against plain descent in a ravine:
    /// the losses after 60 steps equal the deck's loop run in Python.
    @Test(.enabled(if: python != nil && FileManager.default.fileExists(atPath: script), "needs python3"))
    func ravineComparisonMatchesAPlainPythonLoop() throws {
        let expected = try Self.runPython(["--ravine"])
        var output = ""
        var errors = ""
        let session = Session(output: { output += $0 }, errors: { errors += $0 })
        session.run(SourceFile(displayName: "ravine.gd", text: """
            q(x, y) = x^2/2 + 25y^2
            c = compare descend q from [1, 1] rate 0.035 steps 60 momentum 0, 0.5, 0.7, 0.9;
            c.fun
            """))
        #expect(errors.isEmpty, "\(errors)")
        #expect(output == expected)
        #expect(output.split(separator: ",").count == 4)
    }
}
