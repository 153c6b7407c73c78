import Data
import Foundation
import Syntax

extension Session {
    /// What Tab completion offers in this session right now.
    public var completionContext: CompletionContext {
        let globals = environment.globals
        let base = io.baseDirectory
        return CompletionContext(
            commands: CommandName.allCases.map(\.rawValue) + statementWords,
            prefixCommands: ["time", "help"],
            optionKeywords: CommandSpec.allKeywords + CommandSpec.all.flatMap { $0.options.flatMap { option -> [String] in
                switch option.kind {
                case .word(let words), .wordThenExpression(let words), .expressionOrWord(let words): return words
                default: return []
                }
            } },
            builtins: Builtins.allNames,
            boundNames: Array(globals.keys),
            columns: { name in
                if case .table(let table)? = globals[name] { return table.columnNames }
                return nil
            },
            listDirectory: { directoryEntries(typedDirectory: $0, relativeTo: base) })
    }
}
