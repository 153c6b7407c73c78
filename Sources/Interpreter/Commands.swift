import Core
import Diagnostics
import Syntax

/// What a command leaves behind: the report it prints and the value bound
/// to its target (or `ans`).
struct CommandResult {
    var report: String?
    var value: Value
}

extension Session {
    func run(_ command: Command) throws -> CommandResult {
        switch command.name {
        default:
            throw Diagnostic(.notAvailableYet, "'\(command.name.rawValue)' is not available yet", at: command.nameRange,
                             notes: ["the command parses; its engine lands in a later release"])
        }
    }
}
