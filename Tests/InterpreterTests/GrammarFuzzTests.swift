import Diagnostics
import Foundation
import GrammarFuzz
import Testing
@testable import Interpreter

/// Random programs built from the whole grammar (`ProgramGenerator`) give a
/// value or a located error, never a crash. A fixed seed and a small count
/// keep this in the suite; `scripts/fuzz.sh` runs long campaigns.
@Suite struct GrammarFuzzTests {
    @Test func randomProgramsGiveAValueOrALocatedError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gd-grammar-fuzz-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var generator = ProgramGenerator(seed: 20_261_207)
        var outcomes: [Session.Outcome: Int] = [:]
        for _ in 0..<150 {
            let program = generator.program()
            var errors = ""
            let session = Session(baseDirectory: folder, output: { _ in }, errors: { errors += $0 })
            session.io.showsTimings = false
            let outcome = session.run(SourceFile(displayName: "t", text: program))
            outcomes[outcome, default: 0] += 1
            if outcome == .failed {
                let located = errors.range(of: #"t:\d+:\d+: error: "#, options: .regularExpression) != nil
                #expect(located, "program \(program.debugDescription) gave an unlocated error: \(errors)")
            } else {
                #expect(outcome == .completed, "program \(program.debugDescription)")
            }
        }
        // Both classes are reached: the generator is not all errors.
        #expect(outcomes[.completed, default: 0] > 10)
        #expect(outcomes[.failed, default: 0] > 10)
    }
}
