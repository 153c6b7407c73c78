import Core
import Foundation
import Syntax

// Tab completion for the interactive session, as pure functions of the text
// before the cursor, so every rule is unit-tested without a terminal. The
// line editor (Sources/gd/LineEditor.swift) only applies the result.
//
// Which list a Tab completes from:
//   1. after `#` (outside a string): nothing, it is a comment;
//   2. `\name` (also inside a string, unless the `\` is escaped): a Greek
//      letter by its LaTeX name from the lexer's table, `\theta` → `θ`; a
//      typed subscript is kept, `\theta0` → `θ0`;
//   3. inside an unterminated `"…`: file names, relative paths as typed,
//      read and written with the string's escapes;
//   4. `NAME.prefix`: the columns of table NAME (or fields of record NAME);
//   5. any other name: commands (at the start of a statement), option
//      keywords (later in a statement that begins with a command), built-ins
//      and bound names.

/// What a Tab press offers: replace the last `replaceLength` characters before
/// the cursor with one of `candidates`.
///
/// With one candidate the editor inserts it followed by `suffixWhenUnique`
/// (a space after a command or keyword, the closing `"` after a file name).
/// With several it inserts their longest common prefix, or lists them when
/// that adds nothing to what is typed. No candidates: nothing to complete.
public struct CompletionResult: Sendable, Equatable {
    /// Characters (Swift `Character`s) before the cursor that a candidate replaces.
    public var replaceLength: Int
    /// Replacement texts, sorted and without duplicates.
    public var candidates: [String]
    /// Text to add after the candidate when it is the only one.
    public var suffixWhenUnique: String

    public init(replaceLength: Int = 0, candidates: [String] = [], suffixWhenUnique: String = "") {
        self.replaceLength = replaceLength
        self.candidates = candidates
        self.suffixWhenUnique = suffixWhenUnique
    }

    /// Nothing to offer.
    public static let none = CompletionResult()
}

/// The names a session knows, read by `completions(lineBeforeCursor:context:)`.
public struct CompletionContext {
    /// Statement commands: `descend`, `minimize`, `plot`, `help`, …
    public var commands: [String]
    /// Commands whose argument is itself a statement or a command name
    /// (`time`, `help`): after one of them commands are offered again.
    public var prefixCommands: [String]
    /// Keywords inside a command: `from`, `rate`, `steps`, `on`, …
    public var optionKeywords: [String]
    /// Built-in functions and constants: `sin`, `exp`, `pi`, …
    public var builtins: [String]
    /// The session's bindings: variables, functions, tables, results.
    public var boundNames: [String]
    /// What `NAME.` reaches, by NAME: a table's column names (or a result
    /// record's field names); nil when NAME is neither.
    public var columns: (String) -> [String]?
    /// The entries of a folder, folders with a trailing `/`. The argument is
    /// the folder part of the path as typed inside the string: empty for the
    /// current folder, otherwise ending in `/` (`data/`, `../`, `/tmp/`,
    /// `~/`). `directoryEntries(typedDirectory:relativeTo:)` is a ready one.
    public var listDirectory: (String) -> [String]

    public init(
        commands: [String] = [],
        prefixCommands: [String] = [],
        optionKeywords: [String] = [],
        builtins: [String] = [],
        boundNames: [String] = [],
        columns: @escaping (String) -> [String]? = { _ in nil },
        listDirectory: @escaping (String) -> [String] = { _ in [] }
    ) {
        self.commands = commands
        self.prefixCommands = prefixCommands
        self.optionKeywords = optionKeywords
        self.builtins = builtins
        self.boundNames = boundNames
        self.columns = columns
        self.listDirectory = listDirectory
    }
}

/// The candidates for completing the word that ends at the cursor.
///
///     completions(lineBeforeCursor: "descend f from 4 ra", context: gdContext)
///     // CompletionResult(replaceLength: 2, candidates: ["rate"], suffixWhenUnique: " ")
///     completions(lineBeforeCursor: "J(\\the", context: gdContext)
///     // CompletionResult(replaceLength: 4, candidates: ["θ"])
///
/// On a continuation line, pass the statement's earlier lines too, joined
/// with "\n" before the current line's text: a command begun on an earlier
/// line still offers its keywords. Only the last line's text is replaced.
public func completions(lineBeforeCursor line: String, context: CompletionContext) -> CompletionResult {
    let result = completionsAtCursor(Array(line), context: context)
    return result.candidates.isEmpty ? .none : result
}

private func completionsAtCursor(_ text: [Character], context: CompletionContext) -> CompletionResult {
    let scan = scanLexicalState(text)
    if scan.inComment { return .none }

    let word = trailingNameCharacters(text, end: text.count)
    let wordStart = text.count - word.count
    // `\name`, unless that backslash is itself escaped (`"a\\b`).
    let backslashes = text[..<wordStart].reversed().prefix(while: { $0 == "\\" }).count
    if backslashes % 2 == 1 {
        return greekLetterCompletion(typedName: String(word))
    }
    if let stringContentStart = scan.openStringContentStart {
        return fileNameCompletion(typedPath: String(text[stringContentStart...]), context: context)
    }

    // Digits in front of a name are a number multiplying it (`15x`), not part of it.
    let name = word.drop(while: isDigit)
    if name.isEmpty, !word.isEmpty { return .none }
    let nameStart = text.count - name.count
    // Right after an operand (`f'`, `)`, `]`, a closed string) no name can follow.
    if name.isEmpty, nameStart > 0, "')]\"".contains(text[nameStart - 1]) { return .none }

    if nameStart > 0, text[nameStart - 1] == "." {
        return columnCompletion(text, dotIndex: nameStart - 1, typedPrefix: String(name), context: context)
    }

    let position = statementPosition(Array(text[scan.statementStart..<nameStart]), context: context)
    var offered: [(names: [String], suffix: String)] = [
        (context.builtins, ""), (context.boundNames, ""),
    ]
    switch position {
    case .start: offered.append((context.commands, " "))
    case .insideCommand: offered.append((context.optionKeywords, " "))
    case .insideExpression: break
    }
    return matching(prefix: String(name), offered: offered)
}

// MARK: - Greek letters

/// `\name` → its letter. A name followed by digits or `_` keeps them
/// (`\theta0` → `θ0`, `\theta_1` → `θ_1`) because parameters are written so.
/// Several matches are offered by name (`\e` → `\epsilon`, `\eta`).
///
/// The names are Core's table (`greekLetters`, also read by the lexer), so the letters
/// its "type \theta and press Tab" hint promises are the ones offered.
private func greekLetterCompletion(typedName: String) -> CompletionResult {
    let replaceLength = typedName.count + 1  // with the backslash
    let letters = String(typedName.prefix(while: { $0.isASCII && $0.isLetter }))
    let subscriptPart = typedName.dropFirst(letters.count)
    if let exact = greekLetters[letters] {
        return CompletionResult(replaceLength: replaceLength, candidates: [exact + subscriptPart])
    }
    guard subscriptPart.isEmpty else { return .none }
    let matches = greekLetters.filter { $0.key.hasPrefix(letters) }
    if matches.count == 1, let only = matches.first {
        return CompletionResult(replaceLength: replaceLength, candidates: [only.value])
    }
    return CompletionResult(replaceLength: replaceLength, candidates: sortedUnique(matches.keys.map { "\\" + $0 }))
}

// MARK: - File names

/// Completes the last path component typed inside a string. Hidden entries
/// are offered only when the typed component starts with `.`, as in a shell.
/// The typed text is read through the string's escapes (`\"`, `\\`) and the
/// candidates are written with them.
private func fileNameCompletion(typedPath: String, context: CompletionContext) -> CompletionResult {
    let typed = Array(typedPath)
    let partialStart = (typed.lastIndex(of: "/") ?? -1) + 1
    let directory = unescapedStringContent(typed[..<partialStart])
    let partial = unescapedStringContent(typed[partialStart...])
    let showHidden = partial.hasPrefix(".")
    let matches = context.listDirectory(directory).filter { entry in
        entry.hasPrefix(partial) && (showHidden || !entry.hasPrefix("."))
    }
    let candidates = sortedUnique(matches.map(escapedForString))
    // A unique file ends the string; a unique folder is entered instead.
    let suffix = candidates.count == 1 && !candidates[0].hasSuffix("/") ? "\"" : ""
    return CompletionResult(replaceLength: typed.count - partialStart, candidates: candidates, suffixWhenUnique: suffix)
}

/// A string literal's text as the lexer reads it: `\n` and `\t` are a line
/// break and a tab; `\` before any other character keeps that character.
private func unescapedStringContent(_ typed: ArraySlice<Character>) -> String {
    var text = ""
    var escaping = false
    for character in typed {
        if escaping {
            text.append(character == "n" ? "\n" : character == "t" ? "\t" : character)
            escaping = false
        } else if character == "\\" {
            escaping = true
        } else {
            text.append(character)
        }
    }
    return text
}

/// A file name as it is written inside a string literal.
private func escapedForString(_ name: String) -> String {
    var text = ""
    for character in name {
        if character == "\"" || character == "\\" { text.append("\\") }
        text.append(character)
    }
    return text
}

/// Entries of a folder for file-name completion, each folder with a trailing
/// `/`, sorted; empty when the folder cannot be read.
///
/// `typedDirectory` is the folder part typed inside the string (see
/// `CompletionContext.listDirectory`): absolute (`/tmp/`), home (`~/`), or
/// relative to `baseDirectory` (a script's folder, or the current folder).
public func directoryEntries(typedDirectory: String, relativeTo baseDirectory: String) -> [String] {
    let folder: String
    if typedDirectory.hasPrefix("/") {
        folder = typedDirectory
    } else if typedDirectory == "~" || typedDirectory.hasPrefix("~/") {
        folder = NSHomeDirectory() + typedDirectory.dropFirst()
    } else {
        folder = (baseDirectory.isEmpty ? "." : baseDirectory) + "/" + typedDirectory
    }
    let fileManager = FileManager.default
    guard let names = try? fileManager.contentsOfDirectory(atPath: folder) else { return [] }
    return names.map { name in
        var isFolder: ObjCBool = false
        let exists = fileManager.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder)
        return exists && isFolder.boolValue ? name + "/" : name
    }.sorted()
}

// MARK: - Columns

/// `t.pre` → the columns of table `t` starting with `pre`. Columns whose
/// names are not gd names (`"day, name"`) are left out: `t.` cannot reach
/// them (they are read as `t["day, name"]`).
private func columnCompletion(
    _ text: [Character], dotIndex: Int, typedPrefix: String, context: CompletionContext
) -> CompletionResult {
    let tableName = trailingNameCharacters(text, end: dotIndex)
    guard let first = tableName.first, !isDigit(first) else { return .none }
    guard let columns = context.columns(String(tableName)) else { return .none }
    let matches = columns.filter { $0.hasPrefix(typedPrefix) && isName($0) }
    return CompletionResult(replaceLength: typedPrefix.count, candidates: sortedUnique(matches))
}

// MARK: - Names

private enum StatementPosition {
    /// Where a statement may begin: a command is possible.
    case start
    /// Inside a statement that began with a command: its keywords apply.
    case insideCommand
    /// Inside an expression or a definition: only names apply.
    case insideExpression
}

/// Where the cursor is in its statement, from the statement's text before
/// the word being completed.
///
/// A statement may begin with `NAME =` (binding a command's result) and with
/// prefix commands (`time`, `help`); what follows them is a statement start.
private func statementPosition(_ statement: [Character], context: CompletionContext) -> StatementPosition {
    var rest = ArraySlice(statement)
    while true {
        skipSpaces(&rest)
        skipBindingTarget(&rest)
        if rest.isEmpty { return .start }
        let word = leadingNameCharacters(rest)
        let afterWord = rest.dropFirst(word.count)
        // A word counts as a command only once it is followed by a blank.
        guard !word.isEmpty, let next = afterWord.first, isBlank(next) || next == "\\" || next == "#" else {
            return .insideExpression
        }
        let wordText = String(word)
        guard context.prefixCommands.contains(wordText) else {
            return context.commands.contains(wordText) ? .insideCommand : .insideExpression
        }
        rest = afterWord  // progress: `word` is not empty
    }
}

/// Skips `NAME =` (not `NAME ==`), the target that binds a command's result.
private func skipBindingTarget(_ text: inout ArraySlice<Character>) {
    let target = leadingNameCharacters(text)
    guard !target.isEmpty else { return }
    var afterTarget = text.dropFirst(target.count)
    skipSpaces(&afterTarget)
    guard afterTarget.first == "=", afterTarget.dropFirst().first != "=" else { return }
    text = afterTarget.dropFirst()
    skipSpaces(&text)
}

/// The names in `offered` that start with `prefix`, sorted and de-duplicated;
/// a unique candidate gets the suffix of the first list that holds it.
private func matching(prefix: String, offered: [(names: [String], suffix: String)]) -> CompletionResult {
    var suffixByName: [String: String] = [:]
    for (names, suffix) in offered {
        for name in names where name.hasPrefix(prefix) && suffixByName[name] == nil {
            suffixByName[name] = suffix
        }
    }
    let candidates = suffixByName.keys.sorted()
    let suffix = candidates.count == 1 ? suffixByName[candidates[0]] ?? "" : ""
    return CompletionResult(replaceLength: prefix.count, candidates: candidates, suffixWhenUnique: suffix)
}

// MARK: - Lexical helpers

/// What the text before the cursor is in the middle of: a comment, a string
/// (and where its content starts), and where the current statement starts
/// (after the last `;` outside strings and comments). A line break ends a
/// comment and a string (gd strings do not span lines); the caller passes
/// only continuation lines, so it does not end the statement.
private func scanLexicalState(_ text: [Character]) -> (inComment: Bool, openStringContentStart: Int?, statementStart: Int) {
    var stringContentStart: Int?
    var inComment = false
    var escaped = false  // the previous character in the string was `\`
    var statementStart = 0
    for (index, character) in text.enumerated() {
        if character.isNewline {
            inComment = false
            stringContentStart = nil
            escaped = false
            continue
        }
        if inComment { continue }
        if stringContentStart != nil {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                stringContentStart = nil
            }
            continue
        }
        switch character {
        case "\"": stringContentStart = index + 1
        case "#": inComment = true
        case ";": statementStart = index + 1
        default: break
        }
    }
    return (inComment, stringContentStart, statementStart)
}

/// Characters that may continue a gd name: letters (any script), `_`, ASCII
/// digits and subscript digits (`θ₀` reads as `θ0`).
private func isNameCharacter(_ character: Character) -> Bool {
    character == "_" || character.isLetter || isDigit(character)
}

private func isDigit(_ character: Character) -> Bool {
    (character.isASCII && character.isNumber) || ("₀"..."₉").contains(character)
}

/// Whether `text` is a gd name: a letter or `_`, then name characters.
private func isName(_ text: String) -> Bool {
    guard let first = text.first, !isDigit(first) else { return false }
    return text.allSatisfy(isNameCharacter)
}

private func trailingNameCharacters(_ text: [Character], end: Int) -> ArraySlice<Character> {
    var start = end
    while start > 0, isNameCharacter(text[start - 1]) { start -= 1 }
    return text[start..<end]
}

private func leadingNameCharacters(_ text: ArraySlice<Character>) -> ArraySlice<Character> {
    text.prefix(while: isNameCharacter)
}

/// Skips what the lexer skips between words: blanks, comments, and the
/// line breaks of a statement typed over several lines with a `\` before
/// each (which blanks or a comment may follow).
private func skipSpaces(_ text: inout ArraySlice<Character>) {
    while let first = text.first {
        if isBlank(first) {
            text = text.dropFirst()
        } else if first == "#" {
            text = text.drop(while: { !$0.isNewline })
        } else if first == "\\" {
            let rest = text.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
            guard rest.isEmpty || rest.first == "#" || rest.first?.isNewline == true else { return }
            text = rest
        } else {
            return
        }
    }
}

private func isBlank(_ character: Character) -> Bool {
    character == " " || character == "\t" || character.isNewline
}

private func sortedUnique(_ names: [String]) -> [String] {
    Array(Set(names)).sorted()
}

// MARK: - Presenting candidates

/// The longest common prefix of `candidates`, by whole characters.
public func longestCommonPrefix(of candidates: [String]) -> String {
    guard var prefix = candidates.first.map(Array.init) else { return "" }
    for candidate in candidates.dropFirst() {
        let characters = Array(candidate)
        var length = 0
        while length < prefix.count, length < characters.count, prefix[length] == characters[length] {
            length += 1
        }
        prefix.removeLast(prefix.count - length)
    }
    return String(prefix)
}

/// Candidates laid out in columns, down then across as `ls` does, within
/// `width` terminal columns; each row ends in a newline, no trailing spaces.
public func candidateListing(_ candidates: [String], width: Int) -> String {
    guard !candidates.isEmpty else { return "" }
    let gap = 2
    let cellWidth = (candidates.map(\.count).max() ?? 0) + gap
    let columnCount = max(1, (max(width, 1) + gap) / cellWidth)
    let rowCount = (candidates.count + columnCount - 1) / columnCount
    var output = ""
    for row in 0..<rowCount {
        let indices = Array(stride(from: row, to: candidates.count, by: rowCount))
        for (position, index) in indices.enumerated() {
            let entry = candidates[index]
            output += entry
            if position < indices.count - 1 {
                output += String(repeating: " ", count: cellWidth - entry.count)
            }
        }
        output += "\n"
    }
    return output
}

// MARK: - History

/// One history line for a statement typed over several lines.
///
/// libedit's history file holds one entry a line, so the physical lines are
/// joined with single spaces: a line-continuation `\` at a line's end is
/// dropped, continuation lines lose their indentation, blank lines vanish,
/// and a `#` comment on any but the last line is removed (it would otherwise
/// swallow the lines joined after it). The joined line means the same
/// statement, because newlines inside brackets do not end one.
public func historyLine(joining entry: String) -> String {
    let lines = entry.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    var pieces: [String] = []
    for (index, line) in lines.enumerated() {
        var characters = Array(line)
        let isLast = index == lines.count - 1
        if !isLast, let commentStart = commentStartIndex(characters) {
            characters.removeSubrange(commentStart...)
        }
        while let last = characters.last, last == " " || last == "\t" { characters.removeLast() }
        if !isLast, characters.last == "\\" {
            characters.removeLast()
            while let last = characters.last, last == " " || last == "\t" { characters.removeLast() }
        }
        var piece = String(characters)
        if index > 0 { piece = String(piece.drop(while: { $0 == " " || $0 == "\t" })) }
        if !piece.isEmpty { pieces.append(piece) }
    }
    return pieces.joined(separator: " ")
}

/// Where a `#` comment starts in a line (outside strings), if it has one.
private func commentStartIndex(_ line: [Character]) -> Int? {
    var inString = false
    for (index, character) in line.enumerated() {
        if character == "\"" {
            inString.toggle()
        } else if character == "#", !inString {
            return index
        }
    }
    return nil
}
