import Foundation
import Testing
@testable import Interpreter

@Suite struct GoldenRunnerTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "gd-golden-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func write(_ text: String, to path: String) {
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    @Test func passFailDiffAndUpdate() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        write("1 + 1\n", to: folder + "/pass.gd")
        write("2\n", to: folder + "/pass.out")
        write("a = 2\na * 3\nfoo(1)\n", to: folder + "/fail.gd")
        write("5\n", to: folder + "/fail.out")

        var output = ""
        let summary = GoldenTestRunner(update: false, write: { output += $0 }).run([folder])
        #expect(summary == GoldenTestRunner.Summary(passed: 1, failed: 1))
        #expect(output.contains("--- \(folder)/fail.out\n+++ \(folder)/fail.gd (actual output)\n"))
        #expect(output.contains("-5\n+6\n"))
        // Both streams are recorded in order, with the file name relative to the test's folder.
        #expect(output.contains("+fail.gd:3:1: error: unknown function 'foo'\n"))
        #expect(output.hasSuffix("1 passed, 1 failed\n"))

        var updateOutput = ""
        let updated = GoldenTestRunner(update: true, write: { updateOutput += $0 }).run([folder])
        #expect(updated.failed == 0)
        let recorded = try String(contentsOfFile: folder + "/fail.out", encoding: .utf8)
        #expect(recorded == "6\nfail.gd:3:1: error: unknown function 'foo'\nfoo(1)\n^~~\n")

        var again = ""
        #expect(GoldenTestRunner(update: false, write: { again += $0 }).run([folder]) == GoldenTestRunner.Summary(passed: 2, failed: 0))
    }

    @Test func missingPathIsAFailure() {
        var output = ""
        let summary = GoldenTestRunner(update: false, write: { output += $0 }).run(["/nonexistent/gd-tests"])
        #expect(summary.failed == 1)
        #expect(output.contains("no such file or folder"))
    }

    @Test func diffShowsContext() {
        let diff = unifiedDiff(expected: "a\nb\nc\nd\n", actual: "a\nb\nX\nd\n", expectedName: "e", actualName: "a")
        #expect(diff == "--- e\n+++ a\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+X\n d\n \n")
    }

    @Test func aFolderWithoutTestsFails() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var output = ""
        let summary = GoldenTestRunner(update: false, write: { output += $0 }).run([folder])
        #expect(summary == GoldenTestRunner.Summary(passed: 0, failed: 1))
        #expect(output.hasPrefix("gd test: no tests found in \(folder)"))
    }

    @Test func aRecordingThatCannotBeWrittenFails() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        write("1 + 1\n", to: folder + "/a.gd")
        // A folder where the recording should go: the write fails.
        try FileManager.default.createDirectory(atPath: folder + "/a.out", withIntermediateDirectories: false)
        var output = ""
        let summary = GoldenTestRunner(update: true, write: { output += $0 }).run([folder])
        #expect(summary == GoldenTestRunner.Summary(passed: 0, failed: 1))
        #expect(output.contains("FAIL \(folder)/a.gd: cannot write \(folder)/a.out: "))
    }
}
