import Foundation
import Testing

/// Derivatives reach evaluation and the compiler as formulas (their
/// layout), never as printed text parsed back. This keeps it so: the only
/// code that parses is the parser itself and the places that read what a
/// user typed (a statement, a script, a notebook cell).
@Suite struct NoPrintParseTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Files that may construct a parser: they parse user input.
    static let readersOfUserInput: Set<String> = [
        "Sources/Interpreter/Session.swift",
        "Sources/Interpreter/Session+Notebook.swift",
    ]

    private func sources() throws -> [(path: String, text: String)] {
        let folder = Self.root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let relative = String(url.path.dropFirst(Self.root.path.count + 1))
            found.append((relative, try String(contentsOf: url, encoding: .utf8)))
        }
        return found
    }

    @Test func nothingOutsideTheParserParsesTextItMade() throws {
        let files = try sources()
        #expect(files.count > 50)
        for (path, text) in files where !path.hasPrefix("Sources/Syntax/") {
            #expect(!text.contains("parseExpression("), "\(path) parses an expression from text")
            if !Self.readersOfUserInput.contains(path) {
                #expect(text.range(of: #"\bParser\("#, options: .regularExpression) == nil, "\(path) constructs a parser")
            }
        }
    }

    @Test func printedFormsAreNotTurnedBackIntoSourceText() throws {
        // `SourceFile(… text: e.description)` was how a derivative went from
        // the printer to the evaluator; nothing may do that again.
        for (path, text) in try sources() {
            for line in text.split(separator: "\n") where line.contains("SourceFile(") {
                #expect(!line.contains(".description"), "\(path) makes source text from a printed form: \(line)")
            }
        }
    }
}
