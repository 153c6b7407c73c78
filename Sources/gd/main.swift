import ArgumentParser
import Diagnostics
import Foundation
import Interpreter
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

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
        gd --transcript FILE  also write what is typed and printed to FILE
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

    @Option(help: ArgumentHelp("Also write what is typed and printed to FILE, as plain UTF-8 (a script's lines as if typed).",
                               valueName: "FILE"))
    var transcript: String?

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
        try runScripts(files: files, statements: statements, transcriptPath: transcript)
    }
}

/// The `run` subcommand's work: the scripts in order in one session, then the
/// `-e` statements; with neither, standard input or an interactive session.
/// Throws `ExitCode` when something fails.
func runScripts(files: [String], statements: [String], transcriptPath: String? = nil) throws {
    let transcript = try openTranscript(transcriptPath)
    if statements.isEmpty && files.isEmpty && isatty(STDIN_FILENO) != 0 {
        throw ExitCode(runInteractiveSession(transcript: transcript))
    }
    let session = Session(isInteractive: false, output: recording(writeStandardOutput, in: transcript),
                          errors: recording(writeStandardError, in: transcript))
    if let transcript {
        session.io.statementWillRun = transcript.statementWillRun
    }
    // The environment only for a terminal: copying it costs a fifth of a
    // script's start, and output to a file or pipe is never in colour.
    if isatty(STDOUT_FILENO) != 0 {
        session.io.plotsInColour = SessionIO.plotsWantColour(isTerminal: true, environment: ProcessInfo.processInfo.environment)
    }
    if isatty(STDERR_FILENO) != 0 { session.io.progress = writeStandardError }
    if statements.isEmpty && files.isEmpty {
        installInterruptHandler()
        let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        throw ExitCode(status(run(SourceFile(displayName: "<stdin>", text: text), in: session, transcript: transcript)))
    }
    installInterruptHandler()
    for file in files {
        guard let data = readToEndOfFile(file) else {
            writeStandardError("gd: error: cannot read '\(file)'\n")
            throw ExitCode(2)
        }
        session.io.baseDirectory = (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent
        let outcome = run(SourceFile(displayName: file, text: String(decoding: data, as: UTF8.self)), in: session, transcript: transcript)
        if outcome != .completed || session.hasEnded { throw ExitCode(status(outcome)) }
    }
    session.io.baseDirectory = FileManager.default.currentDirectoryPath
    for text in statements {
        let outcome = run(SourceFile(displayName: "-e", text: text), in: session, transcript: transcript)
        if outcome != .completed || session.hasEnded { throw ExitCode(status(outcome)) }
    }
}

/// Runs a script's text, its lines written to the transcript as they run.
private func run(_ file: SourceFile, in session: Session, transcript: Transcript?) -> Session.Outcome {
    transcript?.startFile(file)
    return session.run(file)
}

/// The transcript `--transcript FILE` asks for (nil without one); a file
/// that cannot be written is a usage error, before anything runs.
func openTranscript(_ path: String?) throws -> Transcript? {
    guard let path else { return nil }
    do {
        return try Transcript(path: path, failure: writeStandardError)
    } catch {
        writeStandardError("gd: error: \(error)\n")
        throw ExitCode(2)
    }
}

/// A sink that also writes to the transcript, when there is one.
func recording(_ sink: @escaping (String) -> Void, in transcript: Transcript?) -> (String) -> Void {
    guard let transcript else { return sink }
    return { text in
        sink(text)
        transcript.printed(text)
    }
}

struct GoldenTest: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Run golden tests: each NAME.gd beside a NAME.out.")

    @Flag(help: "Rewrite the .out files with the actual output.")
    var update = false

    @Option(help: "Stop and fail a test still running after this many seconds.")
    var timeLimit: Double = 120

    @Argument(help: "Test files or folders (searched recursively).")
    var paths: [String] = []

    func run() throws {
        guard !paths.isEmpty else { throw ValidationError("give the test files or folders to run") }
        installInterruptHandler()
        var runner = GoldenTestRunner(update: update, write: writeStandardOutput)
        runner.timeLimit = timeLimit
        let summary = runner.run(paths)
        if summary.interrupted { throw ExitCode(130) }
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

/// A whole file, read to its end: the standard input's device node, a
/// pipe (`gd <(echo 1+1)`), a FIFO and the kernel's /proc files state no
/// size (or a wrong one), so reading only the stated size would read nothing.
func readToEndOfFile(_ path: String) -> Data? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    return (try? handle.readToEnd()) ?? nil
}

func writeStandardOutput(_ text: String) {
    if !write(text, to: STDOUT_FILENO) { failedToWrite("standard output") }
}

func writeStandardError(_ text: String) {
    // With standard error gone there is nowhere to say so: end as a failure.
    if !write(text, to: STDERR_FILENO) { exit(1) }
}

/// Writes every byte, resuming after a signal; false on an error (a closed
/// or full stream, a broken pipe with SIGPIPE ignored), with `errno` set.
private func write(_ text: String, to descriptor: Int32) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return true }
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

/// Output that cannot be written is reported once, and gd ends with status
/// 1: carrying on would lose every later result silently.
private func failedToWrite(_ stream: String) -> Never {
    let reason = String(cString: strerror(errno))
    _ = write("gd: error: cannot write to \(stream): \(reason)\n", to: STDERR_FILENO)
    exit(1)
}

// `gd FILE.gd …`, the common case, skips ArgumentParser: building its
// command tree costs about 11M instructions of start-up (runtime metadata and
// conformance lookups), more than a small script's whole run. Anything else
// (options, subcommands, no arguments) goes through it.
let arguments = Array(CommandLine.arguments.dropFirst())
// The subcommands' names come from their configurations (plus ArgumentParser's own `help`).
let subcommandNames = GD.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]

/// Files, `-e STATEMENTS` pairs and `--transcript FILE`, read here rather
/// than by ArgumentParser, which takes statements starting with `-`
/// (`gd -e '-3'`, `-x^2 + 1`) for options; nil for anything else (other
/// options, subcommands).
func scriptsAndStatements(_ arguments: [String]) -> (files: [String], statements: [String], transcript: String?)? {
    var files: [String] = [], statements: [String] = []
    var transcript: String?
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "-e", index + 1 < arguments.count {
            statements.append(arguments[index + 1])
            index += 2
            continue
        }
        if argument == "--transcript", index + 1 < arguments.count, transcript == nil {
            transcript = arguments[index + 1]
            index += 2
            continue
        }
        if argument.hasPrefix("--transcript="), transcript == nil {
            transcript = String(argument.dropFirst("--transcript=".count))
            index += 1
            continue
        }
        guard !argument.isEmpty, !argument.hasPrefix("-") else { return nil }
        files.append(argument)
        index += 1
    }
    return (files, statements, transcript)
}

if !arguments.isEmpty, !subcommandNames.contains(arguments[0]), let (files, statements, transcript) = scriptsAndStatements(arguments) {
    do {
        try runScripts(files: files, statements: statements, transcriptPath: transcript)
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
