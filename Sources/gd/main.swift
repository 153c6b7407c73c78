import ArgumentParser
import Diagnostics
import Foundation
import Interpreter

/// gd's command line. Exit statuses (LANGUAGE.md): 0 success, 1 an error in
/// the script, 2 a usage error, 130 interrupted.
struct GD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gd",
        abstract: "A shell for learning and exploring gradient descent.",
        discussion: """
        gd                    interactive session
        gd FILE.gd …          run scripts in one environment
        gd -e 'STATEMENTS'    run statements from the command line
        … | gd                run standard input as a script
        gd test PATH…         golden tests (NAME.gd with NAME.out beside it)
        gd --kernel           the Jupyter kernel's protocol (kernel/README.md)
        gd --version          the version and the commit it was built from
        gd --manual           the man page (roff)
        """,
        version: versionLine,
        subcommands: [Run.self, GoldenTest.self],
        defaultSubcommand: Run.self)
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run scripts, statements or an interactive session.", shouldDisplay: false)

    @Option(name: .customShort("e"), help: "Statements to run.")
    var statements: [String] = []

    @Argument(help: "Scripts to run, in order, in one environment.")
    var files: [String] = []

    @Flag(help: "Print the reference of every command and built-in (Markdown).")
    var reference = false

    @Flag(help: "Serve a notebook kernel: JSON requests on standard input, replies on standard output (kernel/README.md).")
    var kernel = false

    @Flag(help: "Print the man page gd(1) (roff).")
    var manual = false

    @Flag(help: ArgumentHelp("Print the words gd knows, by kind (JSON), for editor syntax files.", visibility: .hidden))
    var vocabulary = false

    func run() throws {
        if manual {
            writeStandardOutput(manualPage())
            return
        }
        if vocabulary {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            writeStandardOutput(String(decoding: try encoder.encode(Vocabulary.current), as: UTF8.self) + "\n")
            return
        }
        if kernel {
            throw ExitCode(runKernel())
        }
        if reference {
            writeStandardOutput(Session.referenceDocument())
            return
        }
        try runScripts(files: files, statements: statements)
    }
}

/// The `run` subcommand's work: the scripts in order in one session, then the
/// `-e` statements; with neither, standard input or an interactive session.
/// Throws `ExitCode` when something fails.
func runScripts(files: [String], statements: [String]) throws {
    let session = Session(isInteractive: false, output: writeStandardOutput, errors: writeStandardError)
    session.plotsInColour = Session.plotsWantColour(isTerminal: isatty(STDOUT_FILENO) != 0, environment: ProcessInfo.processInfo.environment)
    if isatty(STDERR_FILENO) != 0 { session.progress = writeStandardError }
    if statements.isEmpty && files.isEmpty {
        if isatty(STDIN_FILENO) != 0 {
            throw ExitCode(runInteractiveSession())
        }
        let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        throw ExitCode(status(session.run(SourceFile(displayName: "<stdin>", text: text))))
    }
    installInterruptHandler()
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else {
            writeStandardError("gd: error: cannot read '\(file)'\n")
            throw ExitCode(2)
        }
        session.baseDirectory = (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent
        let outcome = session.run(SourceFile(displayName: file, text: String(decoding: data, as: UTF8.self)))
        if outcome != .completed { throw ExitCode(status(outcome)) }
    }
    session.baseDirectory = FileManager.default.currentDirectoryPath
    for text in statements {
        let outcome = session.run(SourceFile(displayName: "-e", text: text))
        if outcome != .completed { throw ExitCode(status(outcome)) }
    }
}

struct GoldenTest: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Run golden tests: each NAME.gd beside a NAME.out.")

    @Flag(help: "Rewrite the .out files with the actual output.")
    var update = false

    @Argument(help: "Test files or folders (searched recursively).")
    var paths: [String] = []

    func run() throws {
        guard !paths.isEmpty else { throw ValidationError("give the test files or folders to run") }
        let summary = GoldenTestRunner(update: update, write: writeStandardOutput).run(paths)
        if summary.failed > 0 { throw ExitCode(1) }
    }
}

func status(_ outcome: Session.Outcome) -> Int32 {
    switch outcome {
    case .completed: return 0
    case .failed, .incomplete: return 1
    case .interrupted: return 130
    }
}

func writeStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

func writeStandardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

// `gd FILE.gd …`, the common case, skips ArgumentParser: building its
// command tree costs about 11M instructions of start-up (runtime metadata and
// conformance lookups), more than a small script's whole run. Anything else
// (options, subcommands, no arguments) goes through it.
let arguments = Array(CommandLine.arguments.dropFirst())
// The subcommands' names come from their configurations (plus ArgumentParser's own `help`).
let subcommandNames = GD.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
if !arguments.isEmpty, !subcommandNames.contains(arguments[0]), arguments.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") }) {
    do {
        try runScripts(files: arguments, statements: [])
        Foundation.exit(0)
    } catch let exit as ExitCode {
        Foundation.exit(exit.rawValue)
    } catch {
        writeStandardError("gd: error: \(error)\n")
        Foundation.exit(1)
    }
}

// ArgumentParser's usage errors exit 64; LANGUAGE.md asks for 2.
do {
    var command = try GD.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = GD.exitCode(for: error)
    if code == .success {
        writeStandardOutput(GD.fullMessage(for: error) + "\n")
        Foundation.exit(0)
    }
    writeStandardError(GD.fullMessage(for: error) + "\n")
    Foundation.exit(2)
}
