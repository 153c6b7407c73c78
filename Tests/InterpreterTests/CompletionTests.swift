import Core
import Foundation
import Syntax
import Testing

@testable import Interpreter

/// A session as a user might have it: a few commands, keywords, built-ins,
/// a table `tips` (one column whose name is not a gd name) and a folder.
private var session: CompletionContext {
    CompletionContext(
        commands: ["descend", "minimize", "sgd", "solve", "plot", "help", "time", "explain", "who", "clear"],
        prefixCommands: ["time", "help"],
        optionKeywords: ["from", "to", "rate", "steps", "tol", "seed", "on", "every", "epochs"],
        builtins: ["sin", "sigmoid", "sqrt", "exp", "rand", "σ", "pi", "π", "e"],
        boundNames: ["f", "tips", "θ0", "θ1", "r", "loss", "steps_taken", "sin"],
        columns: { name in
            switch name {
            case "tips": ["total_bill", "tip", "sex", "smoker", "day, name", "size"]
            case "D": ["x", "y"]
            default: nil
            }
        },
        listDirectory: { folder in
            switch folder {
            case "":
                ["tips.csv", "train.csv", "data/", ".hidden", "notes.txt", "my tips.csv", #"quote"d.csv"#, #"back\slash.csv"#]
            case "data/": ["iris.csv", "raw/"]
            default: []
            }
        })
}

struct CompletionCase: CustomTestStringConvertible, Sendable {
    let line: String
    let expected: CompletionResult
    var testDescription: String { line.debugDescription }

    init(_ line: String, _ replaceLength: Int, _ candidates: [String], suffix: String = "") {
        self.line = line
        self.expected = CompletionResult(replaceLength: replaceLength, candidates: candidates, suffixWhenUnique: suffix)
    }
}

@Suite struct NameCompletionTests {
    static let cases: [CompletionCase] = [
        // At a statement start: commands (with a space when unique), built-ins, names.
        CompletionCase("des", 3, ["descend"], suffix: " "),
        CompletionCase("  des", 3, ["descend"], suffix: " "),
        CompletionCase("s", 1, ["sgd", "sigmoid", "sin", "solve", "sqrt", "steps_taken"]),
        CompletionCase("si", 2, ["sigmoid", "sin"]),
        CompletionCase("sq", 2, ["sqrt"]),
        CompletionCase("θ", 1, ["θ0", "θ1"]),
        CompletionCase("lo", 2, ["loss"]),
        CompletionCase("zzz", 0, []),
        // After `NAME =`, `;`, and the prefix commands `time` and `help`.
        CompletionCase("r = des", 3, ["descend"], suffix: " "),
        CompletionCase("r=des", 3, ["descend"], suffix: " "),
        CompletionCase("a = 1; des", 3, ["descend"], suffix: " "),
        CompletionCase("a = 1;des", 3, ["descend"], suffix: " "),
        CompletionCase("time des", 3, ["descend"], suffix: " "),
        CompletionCase("r = time sg", 2, ["sgd"], suffix: " "),
        CompletionCase("help mi", 2, ["minimize"], suffix: " "),
        CompletionCase("time r = des", 3, ["descend"], suffix: " "),
        CompletionCase("time time des", 3, ["descend"], suffix: " "),
        CompletionCase("r = time x = des", 3, ["descend"], suffix: " "),
        // Inside a command: its keywords, never commands.
        CompletionCase("descend f from 4 ra", 2, ["rand", "rate"]),
        CompletionCase("descend f from 4 rat", 3, ["rate"], suffix: " "),
        CompletionCase("r = sgd loss on tips from 0 ep", 2, ["epochs"], suffix: " "),
        CompletionCase("descend f from 4 rate 0.3 st", 2, ["steps", "steps_taken"]),
        CompletionCase("descend f fr", 2, ["from"], suffix: " "),
        // Inside an expression or a definition: neither commands nor keywords.
        CompletionCase("f(x) = x^2 + ra", 2, ["rand"]),
        CompletionCase("x == des", 0, []),
        CompletionCase("(des", 0, []),
        CompletionCase("f(x) = des", 0, []),
        CompletionCase("descend(ra", 2, ["rand"]),
        CompletionCase("loss(θ0, θ", 1, ["θ0", "θ1"]),
        // A number before a name multiplies it; a number alone has no completion.
        CompletionCase("2si", 2, ["sigmoid", "sin"]),
        CompletionCase("f(x) = 15θ", 1, ["θ0", "θ1"]),
        CompletionCase("x = 2", 0, []),
        CompletionCase("x = 2.5", 0, []),
        CompletionCase("f'", 0, []),
        CompletionCase("f(2)", 0, []),
        CompletionCase("v[0]", 0, []),
        // Comments complete nothing; `#` inside a string is not a comment.
        CompletionCase("x = 1 # des", 0, []),
        CompletionCase("# sq", 0, []),
        CompletionCase("x = \"a#b\"; des", 3, ["descend"], suffix: " "),
        CompletionCase("x = \"a;b\" + si", 2, ["sigmoid", "sin"]),
        // A statement continued over lines: earlier lines come joined by "\n".
        CompletionCase("descend f from 4 \\\nrat", 3, ["rate"], suffix: " "),
        CompletionCase("r = descend \\\n  f from 4 \\\n  ep", 2, ["epochs"], suffix: " "),
        CompletionCase("descend \\\ndes", 0, []),
        CompletionCase("f(x) = (x^2 +\n  ra", 2, ["rand"]),
        CompletionCase("f(x) = (x^2 + # square\n  ra", 2, ["rand"]),
        CompletionCase("descend f \\ # the objective\nfr", 2, ["from"], suffix: " "),
        CompletionCase("descend # what to minimise:\n f fr", 2, ["from"], suffix: " "),
        CompletionCase("plot f to \"a\n  si", 2, ["sigmoid", "sin"]),
    ]

    @Test(arguments: cases)
    func completesNames(_ testCase: CompletionCase) {
        #expect(completions(lineBeforeCursor: testCase.line, context: session) == testCase.expected)
    }

    @Test func emptyLineOffersEveryCommandBuiltinAndName() {
        let result = completions(lineBeforeCursor: "", context: session)
        let expected = Set(session.commands + session.builtins + session.boundNames).sorted()
        #expect(result == CompletionResult(replaceLength: 0, candidates: expected))
    }

    @Test func afterACommandEmptyWordOffersKeywordsBuiltinsAndNames() {
        let result = completions(lineBeforeCursor: "descend f ", context: session)
        let expected = Set(session.optionKeywords + session.builtins + session.boundNames).sorted()
        #expect(result.candidates == expected)
        #expect(result.replaceLength == 0)
    }
}

@Suite struct ColumnCompletionTests {
    static let cases: [CompletionCase] = [
        CompletionCase("tips.t", 1, ["tip", "total_bill"]),
        CompletionCase("tips.to", 2, ["total_bill"]),
        CompletionCase("tips.s", 1, ["sex", "size", "smoker"]),
        // Every column that `t.` can reach; "day, name" is read as tips["day, name"].
        CompletionCase("tips.", 0, ["sex", "size", "smoker", "tip", "total_bill"]),
        CompletionCase("mean(tips.ti", 2, ["tip"]),
        CompletionCase("plot D.x, D.", 0, ["x", "y"]),
        CompletionCase("descend f on tips from 0 rate tips.si", 2, ["size"]),
        // Not a table (a result record, an unknown name), or not a name at all.
        CompletionCase("r.x", 0, []),
        CompletionCase("nosuch.a", 0, []),
        CompletionCase("x = 1.", 0, []),
        CompletionCase("x = .", 0, []),
        CompletionCase("tips.zz", 0, []),
    ]

    @Test(arguments: cases)
    func completesColumns(_ testCase: CompletionCase) {
        #expect(completions(lineBeforeCursor: testCase.line, context: session) == testCase.expected)
    }
}

@Suite struct FileNameCompletionTests {
    static let cases: [CompletionCase] = [
        CompletionCase("load(\"t", 1, ["tips.csv", "train.csv"]),
        CompletionCase("load(\"ti", 2, ["tips.csv"], suffix: "\""),
        CompletionCase("tips = load(\"tips.csv", 8, ["tips.csv"], suffix: "\""),
        // A folder is entered, not closed; its entries complete after the `/`.
        CompletionCase("load(\"da", 2, ["data/"]),
        CompletionCase("load(\"data/", 0, ["iris.csv", "raw/"]),
        CompletionCase("load(\"data/i", 1, ["iris.csv"], suffix: "\""),
        CompletionCase("load(\"data/r", 1, ["raw/"]),
        // Hidden entries only when asked for with a leading dot.
        CompletionCase(
            "load(\"", 0, [#"back\\slash.csv"#, "data/", "my tips.csv", "notes.txt", #"quote\"d.csv"#, "tips.csv", "train.csv"]),
        CompletionCase("load(\".", 1, [".hidden"], suffix: "\""),
        // The typed path may hold spaces; a finished string completes names again.
        CompletionCase("load(\"my t", 4, ["my tips.csv"], suffix: "\""),
        CompletionCase("plot f to \"x.svg\"; load(\"n", 1, ["notes.txt"], suffix: "\""),
        CompletionCase("load(\"tips.csv\") + si", 2, ["sigmoid", "sin"]),
        CompletionCase("load(\"nothing/here", 0, []),
        CompletionCase("load(\"zz", 0, []),
        // Names with `"` or `\` are written with the string's escapes.
        CompletionCase("load(\"q", 1, [#"quote\"d.csv"#], suffix: "\""),
        CompletionCase(#"load("quote\"d"#, 8, [#"quote\"d.csv"#], suffix: "\""),
        CompletionCase(#"load("back\\s"#, 7, [#"back\\slash.csv"#], suffix: "\""),
        CompletionCase(#"x = "a\"b" + si"#, 2, ["sigmoid", "sin"]),
        CompletionCase(#"x = "a\\"; si"#, 2, ["sigmoid", "sin"]),
    ]

    @Test(arguments: cases)
    func completesFileNames(_ testCase: CompletionCase) {
        #expect(completions(lineBeforeCursor: testCase.line, context: session) == testCase.expected)
    }

    @Test func passesTheTypedFolderToListDirectory() {
        final class Recorder: @unchecked Sendable { var folders: [String] = [] }
        let recorder = Recorder()
        var context = session
        context.listDirectory = { folder in
            recorder.folders.append(folder)
            return []
        }
        for line in ["load(\"a", "load(\"../b", "load(\"/tmp/c", "load(\"~/", "load(\"x/y/z"] {
            _ = completions(lineBeforeCursor: line, context: context)
        }
        #expect(recorder.folders == ["", "../", "/tmp/", "~/", "x/y/"])
    }

    @Test func directoryEntriesMarkFoldersAndResolveRelativePaths() throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("gd-completion-\(getpid())-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/data/raw", withIntermediateDirectories: true)
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: base + "/tips.csv"))
        try Data("a\n".utf8).write(to: URL(fileURLWithPath: base + "/data/iris.csv"))

        #expect(directoryEntries(typedDirectory: "", relativeTo: base) == ["data/", "tips.csv"])
        #expect(directoryEntries(typedDirectory: "data/", relativeTo: base) == ["iris.csv", "raw/"])
        #expect(directoryEntries(typedDirectory: base + "/data/", relativeTo: "/nonexistent") == ["iris.csv", "raw/"])
        #expect(directoryEntries(typedDirectory: "nosuch/", relativeTo: base) == [])
        #expect(directoryEntries(typedDirectory: "tips.csv/", relativeTo: base) == [])
    }
}

@Suite struct GreekLetterCompletionTests {
    static let cases: [CompletionCase] = [
        CompletionCase("\\the", 4, ["θ"]),
        CompletionCase("\\theta", 6, ["θ"]),
        CompletionCase("\\Theta", 6, ["Θ"]),
        CompletionCase("\\sigma", 6, ["σ"]),
        CompletionCase("\\Sig", 4, ["Σ"]),
        CompletionCase("\\al", 3, ["α"]),
        CompletionCase("\\lambda", 7, ["λ"]),
        CompletionCase("\\pi", 3, ["π"]),
        // A subscript typed after a full name is kept: parameters are θ0, θ_1.
        CompletionCase("\\theta0", 7, ["θ0"]),
        CompletionCase("\\theta12", 8, ["θ12"]),
        CompletionCase("\\theta_1", 8, ["θ_1"]),
        CompletionCase("\\the0", 0, []),
        // Several matches are offered by name, so the editor can extend or list them.
        CompletionCase("\\e", 2, ["\\epsilon", "\\eta"]),
        CompletionCase("\\Om", 3, ["Ω"]),
        CompletionCase("\\p", 2, ["\\phi", "\\pi", "\\psi"]),
        CompletionCase("\\v", 2, ["\\varepsilon", "\\varphi", "\\vartheta"]),
        CompletionCase("\\varphi", 7, ["φ"]),
        CompletionCase("\\vartheta", 9, ["ϑ"]),
        // Capitals that look like Latin letters are left out: `Α` is not `A`.
        CompletionCase("\\Alpha", 0, []),
        CompletionCase("\\Om", 3, ["Ω"]),
        CompletionCase("\\xyz", 0, []),
        CompletionCase("\\THETA", 0, []),
        // In the middle of a line, after other characters, and inside a string.
        CompletionCase("J(\\alpha", 6, ["α"]),
        CompletionCase("f(x) = 2\\mu", 3, ["μ"]),
        CompletionCase("plot f to \"\\the", 4, ["θ"]),
        CompletionCase("x = 1 # \\the", 0, []),
    ]

    @Test(arguments: cases)
    func completesGreekLetters(_ testCase: CompletionCase) {
        #expect(completions(lineBeforeCursor: testCase.line, context: session) == testCase.expected)
    }

    @Test func aLoneBackslashListsEveryLetterByName() {
        let result = completions(lineBeforeCursor: "\\", context: session)
        #expect(result.replaceLength == 1)
        #expect(result.candidates == greekLetters.keys.map { "\\" + $0 }.sorted())
        #expect(result.candidates.contains("\\theta"))
        #expect(result.candidates.contains("\\Omega"))
    }

    /// The lexer's hint "type \theta and press Tab" holds for its whole table.
    @Test func everyNameInTheLexersTableCompletesToItsLetter() {
        #expect(greekLetters.count >= 24)
        for (name, letter) in greekLetters {
            let typed = "x = \\" + name
            #expect(completions(lineBeforeCursor: typed, context: session).candidates == [letter], "\(name)")
            #expect(completions(lineBeforeCursor: typed + "_1", context: session).candidates == [letter + "_1"], "\(name)")
        }
    }
}

@Suite struct CompletionPresentationTests {
    @Test(arguments: [
        ([], ""),
        (["descend"], "descend"),
        (["tips.csv", "train.csv"], "t"),
        (["\\epsilon", "\\eta"], "\\e"),
        (["θ0", "θ1"], "θ"),
        (["sin", "sinh", "sigmoid"], "si"),
        (["abc", "xyz"], ""),
        (["same", "same"], "same"),
    ])
    func longestCommonPrefixIsByWholeCharacters(_ candidates: [String], _ expected: String) {
        #expect(longestCommonPrefix(of: candidates) == expected)
    }

    @Test func combiningMarksStayWithTheirLetter() {
        // "ŷ" written as y + U+0302 is one character: the prefix must not split it.
        #expect(longestCommonPrefix(of: ["y\u{302}a", "yb"]) == "")
        #expect(longestCommonPrefix(of: ["y\u{302}a", "y\u{302}b"]) == "y\u{302}")
    }

    @Test func listingFillsColumnsDownThenAcross() {
        let names = ["descend", "minimize", "sgd", "solve", "plot"]
        // Cells are 10 wide (8 + a gap of 2); 30 columns hold 3 of them.
        #expect(candidateListing(names, width: 30) == "descend   sgd       plot\nminimize  solve\n")
        #expect(candidateListing(names, width: 28) == "descend   sgd       plot\nminimize  solve\n")
        #expect(candidateListing(names, width: 27) == "descend   solve\nminimize  plot\nsgd\n")
        #expect(candidateListing(names, width: 5) == "descend\nminimize\nsgd\nsolve\nplot\n")
        #expect(candidateListing(names, width: 0) == "descend\nminimize\nsgd\nsolve\nplot\n")
        #expect(candidateListing([], width: 80) == "")
        #expect(candidateListing(["θ0", "θ1"], width: 80) == "θ0  θ1\n")
    }

    @Test func listingLinesNeverExceedTheWidthWhenTheNamesFit() {
        var generator = SplitMix64(state: 7)
        for _ in 0..<200 {
            let count = Int(generator.next() % 40) + 1
            let names = (0..<count).map { _ in String(repeating: "a", count: Int(generator.next() % 12) + 1) }
            let width = Int(generator.next() % 100) + 12
            let listing = candidateListing(names, width: width)
            let lines = listing.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.allSatisfy { $0.count <= width && !$0.hasSuffix(" ") })
            // Every name appears exactly once, in order down the columns.
            #expect(lines.flatMap { $0.split(separator: " ") }.count == names.count)
        }
    }
}

@Suite struct HistoryLineTests {
    @Test(arguments: [
        ("x = 1", "x = 1"),
        ("descend f from 4 rate 0.3", "descend f from 4 rate 0.3"),
        // Open brackets: lines joined with one space, indentation dropped.
        ("f(x) = (x^4 - 15x^3 +\n        80x^2 - 180x + 144)/10", "f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10"),
        ("A = [[1, 2],\n     [3, 4]]", "A = [[1, 2], [3, 4]]"),
        // A trailing backslash continues the line; it is not kept.
        ("descend f from 4 \\\n  rate 0.3", "descend f from 4 rate 0.3"),
        ("descend f from 4\\\nrate 0.3", "descend f from 4 rate 0.3"),
        // A comment before a joined line would swallow it: it goes; the last stays.
        ("f(x) = (x^2  # square\n  + 1)", "f(x) = (x^2 + 1)"),
        ("f(x) = (x^2 +\n  1)  # shifted", "f(x) = (x^2 + 1)  # shifted"),
        ("load(\"a#b.csv\" +\n  1)", "load(\"a#b.csv\" + 1)"),
        // Blank lines inside brackets vanish; CRLF counts as one line break.
        ("v = [1,\n\n  2]", "v = [1, 2]"),
        ("v = [1,\r\n  2]", "v = [1, 2]"),
        ("x = 1\n", "x = 1"),
    ])
    func joinsOneStatementIntoOneLine(_ entry: String, _ expected: String) {
        #expect(historyLine(joining: entry) == expected)
        #expect(!historyLine(joining: entry).contains("\n"))
    }
}

/// Random lines from gd's characters: completion never traps, replaces only
/// what is before the cursor, and returns sorted, distinct candidates; a
/// history line never holds a line break.
@Test func randomLinesGiveWellFormedResults() {
    let alphabet: [Character] = Array("ab tθ0._\"#;=\\(),[]+-*/^'1σ\u{302}ŷ\t") + ["\r\n", "\n"]
    var generator = SplitMix64(state: 2026)
    for _ in 0..<5000 {
        let length = Int(generator.next() % 24)
        let line = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        let result = completions(lineBeforeCursor: line, context: session)
        #expect(result.replaceLength >= 0 && result.replaceLength <= line.count, "\(line.debugDescription)")
        #expect(result.candidates == Array(Set(result.candidates)).sorted(), "\(line.debugDescription)")
        if result.candidates.isEmpty { #expect(result.suffixWhenUnique.isEmpty) }
        let joinedHasLineBreak = historyLine(joining: line).contains { $0.isNewline }
        #expect(!joinedHasLineBreak, "\(line.debugDescription)")
    }
}

