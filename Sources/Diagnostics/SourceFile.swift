/// A piece of source text with a display name: a script file, a `-e`
/// argument, a line typed in a session.
///
/// Positions everywhere else are UTF-8 byte offsets into `text`; they become
/// line and column (in characters) only when a diagnostic is rendered.
public struct SourceFile: Sendable {
    /// The name shown in diagnostics (`FILE` in `FILE:LINE:COL`), or nil in a
    /// session, where messages carry no file name.
    public let displayName: String?
    public let text: String
    public let bytes: [UInt8]
    /// The byte offset at which each line starts.
    private let lineStarts: [Int]
    /// The line number of the first line, for sessions that number lines.
    public let firstLine: Int

    public init(displayName: String?, text: String, firstLine: Int = 1) {
        self.displayName = displayName
        self.text = text
        self.bytes = Array(text.utf8)
        self.firstLine = firstLine
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// The 0-based line index holding `offset`.
    public func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The text of a line without its newline (and without a trailing `\r`).
    public func lineText(_ index: Int) -> String {
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// 1-based line and column, the column counted in characters.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, bytes.count))
        let index = lineIndex(of: clamped)
        let prefix = String(decoding: bytes[lineStarts[index]..<clamped], as: UTF8.self)
        return (index + firstLine, prefix.count + 1)
    }

    public func text(in range: SourceRange) -> String {
        let start = max(0, min(range.start, bytes.count))
        let end = max(start, min(range.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// A half-open span of UTF-8 byte offsets in a `SourceFile`.
public struct SourceRange: Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    public static func covering(_ a: SourceRange, _ b: SourceRange) -> SourceRange {
        SourceRange(min(a.start, b.start), max(a.end, b.end))
    }
}
