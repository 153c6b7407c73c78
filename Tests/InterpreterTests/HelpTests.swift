import Diagnostics
import Foundation
import Testing
@testable import Interpreter

/// Every `help NAME` example runs without an error; what each prints is
/// recorded in Tests/golden/reference/help-*.gd.
@Suite struct HelpTests {
    @Test func everyTopicHasAnExampleThatRuns() {
        let topics = Session.helpTopics
        #expect(topics.count > 50)
        for topic in topics {
            var output = ""
            var errors = ""
            let session = Session(output: { output += $0 }, errors: { errors += $0 })
            session.run(SourceFile(displayName: "help", text: "help \(topic)"))
            #expect(errors.isEmpty, "help \(topic): \(errors)")
            #expect(output.contains("usage: "), "help \(topic) shows no usage")
            #expect(output.contains("example:"), "help \(topic) shows no example")
            #expect(!output.contains("error:") || topic == "clear", "help \(topic)'s example fails:\n\(output)")
        }
    }

    @Test func goldenHelpCoversEveryTopic() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let script = try String(contentsOf: root.appendingPathComponent("golden/reference/help.gd"), encoding: .utf8)
        let covered = Set(script.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("help ") ? String(line.dropFirst(5)) : nil
        })
        for topic in Session.helpTopics {
            #expect(covered.contains(topic), "Tests/golden/reference/help.gd does not show 'help \(topic)'")
        }
    }
}
