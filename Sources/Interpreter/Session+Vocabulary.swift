import Syntax

/// The words gd gives a meaning to, by kind, read from the tables the parser
/// and evaluator run on: what editor syntax files highlight
/// (scripts/make-editor-files writes them from `gd --vocabulary`, and a test
/// compares the committed files' word lists with this).
public struct Vocabulary: Sendable, Equatable, Codable {
    /// Statement commands: `descend` … `save`, and `explain`, `help`, `who` ….
    public var commands: [String]
    /// Keywords inside a command: `from`, `rate`, `steps`, `on`, `to` ….
    public var optionKeywords: [String]
    /// Words some options take: `bfgs`, `adam`, `linear`, `all` ….
    public var optionValues: [String]
    /// Built-in functions, calculus forms (`diff`, `grad`) included.
    public var functions: [String]
    /// Named constants and the two boolean literals.
    public var constants: [String]

    public static var current: Vocabulary {
        let values = CommandSpec.all.flatMap { spec in
            spec.options.flatMap { option -> [String] in
                switch option.kind {
                case .word(let words), .wordThenExpression(let words), .expressionOrWord(let words): return words
                case .expression, .flag: return []
                }
            }
        }
        func sortedUnique(_ words: [String]) -> [String] { Array(Set(words)).sorted() }
        return Vocabulary(
            commands: sortedUnique(CommandName.allCases.map(\.rawValue) + statementWords),
            optionKeywords: sortedUnique(CommandSpec.allKeywords),
            optionValues: sortedUnique(values),
            functions: sortedUnique(Array(Builtins.entries.keys) + Array(Builtins.specialForms)),
            // `true` and `false` are read by the evaluator, not the constants table.
            constants: sortedUnique(Array(Builtins.constants.keys) + ["true", "false"]))
    }
}
