import Diagnostics
#if canImport(Glibc)
import Glibc
#endif

/// A session written down as it looked: each line typed behind its prompt,
/// then what gd printed (output and errors, in the order written), as plain
/// UTF-8 a teacher can hand out (`gd --transcript FILE`). Unlike the history
/// file, nothing is escaped (`θ = 1`, not `θ\040=\0401`), and terminal
/// colour is removed.
///
/// In an interactive session the line editor reports each typed line
/// (`typed(_:prompt:)`). A script or `-e` has no one typing: its source
/// lines are written as if typed, behind the same prompts, just before
/// their statement runs (`statementWillRun`), so a script's transcript reads
/// as the session that typed it would.
public final class Transcript {
    /// The prompt of a statement's first line, and of each further line.
    public static let prompt = "gd> "
    public static let continuationPrompt = "... "

    private let write: (String) -> Void
    /// The script whose lines are being written, and how many of them.
    private var file: SourceFile?
    private var linesWritten = 0

    /// `write` receives the transcript's text piece by piece, in order.
    public init(write: @escaping (String) -> Void) {
        self.write = write
    }

    /// A transcript written to the file at `path` (created, or emptied) as
    /// the session goes, so a session that is killed keeps what it showed.
    /// Throws the system's reason when the file cannot be opened; a later
    /// write that fails is reported once to `failure`, and the transcript
    /// stops there (the session goes on).
    public convenience init(path: String, failure: @escaping (String) -> Void) throws(TranscriptFileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw TranscriptFileError(path: path, reason: String(cString: strerror(errno))) }
        var failed = false
        self.init { text in
            guard !failed else { return }
            if let reason = writeAll(text, to: descriptor) {
                failed = true
                failure("gd: warning: cannot write the transcript '\(path)': \(reason); it stops here\n")
            }
        }
    }

    /// A line typed at `prompt`; the line editor adds `^C` after a line
    /// cancelled with Ctrl-C and gives `^D` for the end, as the terminal
    /// shows them.
    public func typed(_ line: String, prompt: String) {
        write(prompt + line + "\n")
    }

    /// Output or an error message, as printed, without terminal escapes.
    public func printed(_ text: String) {
        write(Transcript.removingTerminalEscapes(text))
    }

    /// A new script (or `-e` text) starts: its lines are written as its
    /// statements run.
    public func startFile(_ file: SourceFile) {
        self.file = file
        linesWritten = 0
    }

    /// Writes the lines of the current script up to the end of the
    /// statement at `range`, not yet written, as typed: the statement's
    /// first line (or a comment line before it) behind `gd> `, its further
    /// lines behind `... `; blank lines are left out, as a session shows none.
    public func statementWillRun(_ file: SourceFile, _ range: SourceRange) {
        // The file `startFile` named (compared by name and size: comparing
        // the text at every statement would cost a long script's length squared).
        guard let current = self.file, current.displayName == file.displayName, current.bytes.count == file.bytes.count else { return }
        let first = file.lineIndex(of: range.start)
        let last = file.lineIndex(of: max(range.start, range.end - 1))
        while linesWritten <= last {
            let index = linesWritten
            linesWritten += 1
            let line = file.lineText(index)
            if line.allSatisfy(\.isWhitespace) { continue }
            typed(line, prompt: index > first ? Transcript.continuationPrompt : Transcript.prompt)
        }
    }

    /// The text without ANSI escape sequences: CSI sequences (`ESC [` …
    /// a final byte from `@` to `~`, which colour plots use), OSC sequences
    /// (`ESC ]` … BEL or `ESC \`), and other two-byte `ESC X` sequences.
    public static func removingTerminalEscapes(_ text: String) -> String {
        guard text.utf8.contains(0x1B) else { return text }
        var kept: [UInt8] = []
        kept.reserveCapacity(text.utf8.count)
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x1B else {
                kept.append(bytes[index])
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "["):
                index += 1
                while index < bytes.count, !(0x40...0x7E).contains(bytes[index]) { index += 1 }
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                while index < bytes.count, bytes[index] != 0x07, bytes[index] != 0x1B { index += 1 }
                index += bytes.count > index && bytes[index] == 0x1B ? 2 : 1
            default:
                index += 1
            }
        }
        return String(decoding: kept, as: UTF8.self)
    }
}

/// A transcript file that cannot be opened, with the system's reason.
public struct TranscriptFileError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write the transcript '\(path)': \(reason)" }
}
