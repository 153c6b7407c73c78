import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The history file (~/.gd_history) in libedit's format: the line
/// `_HiStOrY_V2_`, then one entry a line with spaces, backslashes and other
/// special bytes written as `\ooo` octal escapes (what libedit's loader
/// undoes with `strunvis`).
///
/// Entries are appended, never rewritten, as shells do: two sessions open
/// at once both keep their entries, and a session that is killed keeps what
/// it had. A file that does not start with libedit's line was not written by
/// gd (a plain list of lines, a binary file): gd neither loads it nor writes
/// to it, so it is never cut down.
struct HistoryFile {
    static let cookie = "_HiStOrY_V2_"

    enum Kind: Equatable {
        /// gd's (libedit's) format, or empty.
        case gd
        /// Not there yet: created on the first entry.
        case absent
        /// Something else: left alone.
        case foreign
    }

    let path: String

    var kind: Kind {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return FileManager.default.fileExists(atPath: path) ? .foreign : .absent
        }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: HistoryFile.cookie.utf8.count + 1)) ?? Data()
        if start.isEmpty { return .gd }
        return start == Data((HistoryFile.cookie + "\n").utf8) ? .gd : .foreign
    }

    /// Appends one entry in a single write (appends of concurrent sessions
    /// do not interleave); the file starts with libedit's line when new.
    /// Best effort: a history that cannot be written never stops a session.
    func append(_ entry: String) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard descriptor >= 0 else { return }
        defer { Glibc.close(descriptor) }
        var status = stat()
        var text = HistoryFile.encode(entry) + "\n"
        if fstat(descriptor, &status) == 0, status.st_size == 0 { text = HistoryFile.cookie + "\n" + text }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }

    /// The entry with space, tab, backslash, control and non-ASCII bytes as
    /// `\ooo` (three octal digits), printable ASCII as it is.
    static func encode(_ entry: String) -> String {
        var encoded = ""
        for byte in entry.utf8 {
            if byte > 0x20, byte < 0x7f, byte != UInt8(ascii: "\\") {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let octal = String(byte, radix: 8)
                encoded += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return encoded
    }

    /// The number of lines in the file (entries plus libedit's first line).
    var lineCount: Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }
}
