import Core
import Diagnostics
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `gd test PATH…`: every `NAME.gd` with a `NAME.out` beside it is run in a
/// fresh session and its output (both streams, in the order written) is
/// compared byte for byte with the recording. File names in diagnostics are
/// relative to the test's folder, so recordings do not depend on where the
/// tests run.
public struct GoldenTestRunner {
    public var update: Bool
    public var write: (String) -> Void
    /// A test still running after this many seconds is stopped (as Ctrl-C
    /// would stop it) and fails: a hang must not hang the whole run. Far
    /// above what any test takes (the slowest take a few seconds in a debug
    /// build), so results do not depend on the machine's speed.
    public var timeLimit: Double = 120

    public init(update: Bool, write: @escaping (String) -> Void) {
        self.update = update
        self.write = write
    }

    public struct Summary: Equatable, Sendable {
        public var passed = 0
        public var failed = 0
        /// Ctrl-C stopped the run: the tests after the one running were skipped.
        public var interrupted = false
    }

    /// Finds the tests under each path (a `.gd` file, or a folder searched
    /// recursively), in sorted order; an error message for a missing path.
    /// With `includeUnrecorded` (for `--update`), scripts without a `.out`
    /// are found too, so a new test is recorded on its first run.
    public static func discover(_ paths: [String], includeUnrecorded: Bool = false) -> (tests: [String], problems: [String]) {
        var tests: [String] = []
        var problems: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append("gd test: no such file or folder: \(path)")
                continue
            }
            if !isDirectory.boolValue {
                tests.append(path)
                continue
            }
            let enumerator = manager.enumerator(atPath: path)
            var found: [String] = []
            while let item = enumerator?.nextObject() as? String {
                guard item.hasSuffix(".gd") else { continue }
                let full = (path as NSString).appendingPathComponent(item)
                if includeUnrecorded || manager.fileExists(atPath: String(full.dropLast(3)) + ".out") { found.append(full) }
            }
            tests.append(contentsOf: found.sorted())
        }
        return (tests, problems)
    }

    /// Runs one script as `gd test` does and returns everything it wrote.
    public static func transcript(of scriptPath: String) -> String {
        let folder = (scriptPath as NSString).deletingLastPathComponent
        let name = (scriptPath as NSString).lastPathComponent
        var recorded = ""
        guard let data = FileManager.default.contents(atPath: scriptPath) else { return "gd test: cannot read \(name)\n" }
        let text = String(decoding: data, as: UTF8.self)
        let session = Session(baseDirectory: folder.isEmpty ? "." : folder, output: { recorded += $0 }, errors: { recorded += $0 })
        session.io.showsTimings = false
        session.run(SourceFile(displayName: name, text: text))
        return recorded
    }

    /// Writes a recording; the system's reason when it cannot.
    static func record(_ text: String, at path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var problem = writeAll(text, to: descriptor)
        if close(descriptor) != 0, problem == nil { problem = String(cString: strerror(errno)) }
        return problem
    }

    public func run(_ paths: [String]) -> Summary {
        var summary = Summary()
        let (tests, problems) = GoldenTestRunner.discover(paths, includeUnrecorded: update)
        for problem in problems {
            write(problem + "\n")
            summary.failed += 1
        }
        if tests.isEmpty && problems.isEmpty {
            // A folder without tests is a mistake (a wrong path, tests never
            // recorded), not a pass.
            write("gd test: no tests found in \(paths.joined(separator: ", ")) (a test is NAME.gd with NAME.out beside it; --update records new ones)\n")
            summary.failed += 1
        }
        for test in tests {
            let expectedPath = String(test.dropLast(3)) + ".out"
            let watchdog = Watchdog(seconds: timeLimit)
            let actual = GoldenTestRunner.transcript(of: test)
            if watchdog.finish() {
                Interrupt.clear()
                write("FAIL \(test): still running after \(formatNumber(timeLimit)) s, gd test's limit for one test; stopped\n")
                summary.failed += 1
                continue
            }
            if Interrupt.isRequested {
                write("interrupted while running \(test); the tests after it did not run\n")
                summary.interrupted = true
                break
            }
            let expected = FileManager.default.contents(atPath: expectedPath).map { String(decoding: $0, as: UTF8.self) }
            if expected == actual {
                summary.passed += 1
                continue
            }
            if update {
                if let problem = GoldenTestRunner.record(actual, at: expectedPath) {
                    // A recording that could not be written is a failure: the
                    // next run would compare against the old one.
                    write("FAIL \(test): cannot write \(expectedPath): \(problem)\n")
                    summary.failed += 1
                } else {
                    write("updated \(expectedPath)\n")
                    summary.passed += 1
                }
                continue
            }
            summary.failed += 1
            write("FAIL \(test)\n")
            write(unifiedDiff(expected: expected ?? "", actual: actual, expectedName: expectedPath, actualName: "\(test) (actual output)"))
        }
        write("\(summary.passed) passed, \(summary.failed) failed\n")
        return summary
    }
}

/// A unified diff of two texts by lines (`---` the recording, `+++` the
/// actual output), three lines of context, from a longest common
/// subsequence. Large inputs fall back to replacing everything.
public func unifiedDiff(expected: String, actual: String, expectedName: String, actualName: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    enum Edit { case same(String), removed(String), added(String) }
    var edits: [Edit] = []
    if a.count * b.count <= 4_000_000 {
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append(.same(a[i])); i += 1; j += 1
            } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                edits.append(.removed(a[i])); i += 1
            } else {
                edits.append(.added(b[j])); j += 1
            }
        }
    } else {
        edits = a.map { .removed($0) } + b.map { .added($0) }
    }
    var output = "--- \(expectedName)\n+++ \(actualName)\n"
    let context = 3
    let changed = edits.indices.filter { if case .same = edits[$0] { return false } else { return true } }
    var index = 0
    while index < changed.count {
        var start = max(0, changed[index] - context)
        var end = min(edits.count, changed[index] + context + 1)
        while index + 1 < changed.count, changed[index + 1] - context <= end {
            index += 1
            end = min(edits.count, changed[index] + context + 1)
        }
        var aLine = 1, bLine = 1
        for e in edits[0..<start] {
            switch e {
            case .same: aLine += 1; bLine += 1
            case .removed: aLine += 1
            case .added: bLine += 1
            }
        }
        var body = ""
        var aCount = 0, bCount = 0
        for e in edits[start..<end] {
            switch e {
            case .same(let s): body += " \(s)\n"; aCount += 1; bCount += 1
            case .removed(let s): body += "-\(s)\n"; aCount += 1
            case .added(let s): body += "+\(s)\n"; bCount += 1
            }
        }
        output += "@@ -\(aLine),\(aCount) +\(bLine),\(bCount) @@\n" + body
        start = end
        index += 1
    }
    return output
}

/// Requests an interrupt when a test runs past its time limit; `finish`
/// says whether it did.
private final class Watchdog: @unchecked Sendable {
    private let timer = DispatchSource.makeTimerSource(queue: .global())
    private let lock = NSLock()
    private var fired = false

    init(seconds: Double) {
        timer.schedule(deadline: .now() + seconds)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.withLock { self.fired = true }
            Interrupt.request()
        }
        timer.resume()
    }

    /// Stops the timer; true when it had fired.
    func finish() -> Bool {
        timer.cancel()
        return lock.withLock { fired }
    }
}
