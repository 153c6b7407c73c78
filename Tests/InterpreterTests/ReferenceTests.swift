import Foundation
import Testing
@testable import Interpreter

/// docs/REFERENCE.md is generated from the help tables; it must not drift.
/// Regenerate with `.build/debug/gd --reference > docs/REFERENCE.md`.
@Suite struct ReferenceTests {
    @Test func committedReferenceMatchesTheHelpTables() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/REFERENCE.md"), encoding: .utf8)
        #expect(committed == Session.referenceDocument(), "docs/REFERENCE.md is stale: regenerate it with gd --reference")
    }
}
