import Foundation
import Testing

/// The gd executable end to end: what only the command line can show (its
/// arguments, its output streams, its exit status). Runs the binary that
/// `swift build` put beside the tests.
@Suite struct CommandLineTests {
    private static let binary: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/gd").path
    }()

    /// Runs gd through the shell (for redirections), returning its exit
    /// status and both streams.
    private func run(_ shellArguments: String) throws -> (status: Int32, output: String, errors: String) {
        try runShell("'\(Self.binary)' \(shellArguments)")
    }

    /// Runs a shell command line (gd is `Self.binary` in it).
    private func runShell(_ command: String) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile(), err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func statementsStartingWithAMinusAreStatements() throws {
        #expect(try FileManager.default.isExecutableFile(atPath: Self.binary))
        let negative = try run("-e '-3'")
        #expect(negative.status == 0 && negative.output == "-3\n")
        let polynomial = try run("-e '-x^2 + 1'")
        #expect(polynomial.status == 0 && polynomial.output == "1 - x^2\n")
    }

    @Test func quitAndExitEndWithStatusZero() throws {
        for statement in ["quit", "exit", "quit()", "exit()"] {
            let result = try run("-e '1 + 1; \(statement); 2 + 2'")
            #expect(result.status == 0, "\(statement)")
            #expect(result.output == "", "\(statement): a statement followed by ';' prints nothing, and nothing after quit runs")
        }
    }

    @Test func scriptsAreReadToTheEndFromPipesAndDevices() throws {
        let substitution = try run("/dev/stdin <<'EOF'\n1 + 1\n2 + 2\nEOF")
        #expect(substitution.status == 0 && substitution.output == "2\n4\n")
    }

    @Test func anOutputThatCannotBeWrittenIsReportedOnceWithStatusOne() throws {
        let closed = try run("-e '1 + 1' >&-")
        #expect(closed.status == 1)
        #expect(closed.errors == "gd: error: cannot write to standard output: Bad file descriptor\n")
        let full = try run("-e '1 + 1; 2 + 2' > /dev/full")
        #expect(full.status == 1)
        #expect(full.errors == "gd: error: cannot write to standard output: No space left on device\n")
    }

    /// gd test stops a test past its time limit (here 0.2 s for a 2000×2000
    /// matrix product, seconds of work) and runs the next.
    @Test func goldenTestsHaveATimeLimit() throws {
        let folder = NSTemporaryDirectory() + "gd-limit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "A = ones(2000, 2000)\nA @ A\n".write(toFile: folder + "/slow.gd", atomically: false, encoding: .utf8)
        try "".write(toFile: folder + "/slow.out", atomically: false, encoding: .utf8)
        try "1 + 1\n".write(toFile: folder + "/then.gd", atomically: false, encoding: .utf8)
        try "2\n".write(toFile: folder + "/then.out", atomically: false, encoding: .utf8)
        let result = try run("test --time-limit 0.2 '\(folder)'")
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL \(folder)/slow.gd: still running after 0.2 s"))
        #expect(result.output.hasSuffix("1 passed, 1 failed\n"))
    }

    /// Ctrl-C during a script (here around a matrix product, which polls the
    /// flag) stops it with status 130 and a located note, whether the script
    /// is a file or standard input, even when gd's parent blocks SIGINT (as
    /// this test runner does: a blocked signal stays blocked across exec).
    /// The signal is sent once the statement before has printed, so no
    /// timing is assumed.
    @Test(arguments: [false, true]) func anInterruptedScriptEndsWithStatus130(fromStandardInput: Bool) throws {
        let folder = NSTemporaryDirectory() + "gd-interrupt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "\"ready\"\nA = ones(2000, 2000)\nB = A @ A\n\"not reached\"\n".write(toFile: folder + "/slow.gd", atomically: false, encoding: .utf8)
        let input = fromStandardInput ? "< slow.gd" : "slow.gd"
        let result = try runShell("""
            cd '\(folder)' && { '\(Self.binary)' \(input) > out 2> err & pid=$!; \
            until grep -q ready out; do sleep 0.05; done; kill -INT $pid; wait $pid; echo "status $?"; cat out err; }
            """)
        // Stopped where the signal came: between statements (located at the
        // one before) or inside the product (located at it).
        let name = fromStandardInput ? "<stdin>" : "slow.gd"
        #expect(result.output.hasPrefix("status 130\nready\n\(name):"), "\(result.output)")
        #expect(result.output.contains(": warning: interrupted"), "\(result.output)")
        #expect(!result.output.contains("not reached"), "\(result.output)")
    }

    /// With standard error closed, an error still ends the run with status 1.
    @Test func aClosedStandardErrorStillEndsWithStatusOne() throws {
        #expect(try run("-e 'x x' 2>&-").status == 1)
    }

    /// A broken pipe with SIGPIPE ignored is a write error, reported once
    /// with status 1.
    @Test func aBrokenPipeIsReportedOnce() throws {
        let folder = NSTemporaryDirectory() + "gd-pipe-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Far more output than a pipe holds, so gd is still writing when `head` has gone.
        try (1...30_000).map { "\($0) + 1" }.joined(separator: "\n").write(toFile: folder + "/many.gd", atomically: false, encoding: .utf8)
        let result = try runShell("trap '' PIPE; { '\(Self.binary)' '\(folder)/many.gd'; echo \"status $?\" >&2; } | head -c 10 >/dev/null")
        #expect(result.errors == "gd: error: cannot write to standard output: Broken pipe\nstatus 1\n")
    }
}
