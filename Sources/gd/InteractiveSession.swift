import Core
import Diagnostics
import Foundation
import Interpreter

/// The interactive session: a banner, a prompt, a continuation prompt while
/// a statement is incomplete (the parser says so with a typed diagnostic),
/// history in ~/.gd_history and Tab completion. Ctrl-C cancels the line
/// being typed or stops a running command; Ctrl-D on an empty line ends.
func runInteractiveSession(transcript: Transcript? = nil) -> Int32 {
    let home = ProcessInfo.processInfo.environment["HOME"]
    let historyFile = home.map { ($0 as NSString).appendingPathComponent(".gd_history") }
    guard let editor = LineEditor(historyFile: historyFile) else {
        writeStandardError("gd: error: cannot start line editing on this terminal\n")
        return 2
    }
    installInterruptHandler()
    let session = Session(isInteractive: true, output: recording(writeStandardOutput, in: transcript),
                          errors: recording(writeStandardError, in: transcript))
    session.io.plotsInColour = SessionIO.plotsWantColour(isTerminal: isatty(STDOUT_FILENO) != 0, environment: ProcessInfo.processInfo.environment)
    session.io.progress = writeStandardError
    if let columns = terminalColumns() { session.io.plotWidth = max(40, min(columns, 200)) }
    var pending: [String] = []
    // Earlier lines of a statement typed over several lines give context
    // (inside a string, after a command) to completion on the current one.
    editor.completer = { completions(lineBeforeCursor: (pending + [$0]).joined(separator: "\n"), context: session.completionContext) }
    recording(writeStandardOutput, in: transcript)("gd: gradient descent shell. 'help' for a tour, Ctrl-D to leave.\n")
    var lineNumber = 1
    while true {
        Interrupt.clear()
        let prompt = pending.isEmpty ? Transcript.prompt : Transcript.continuationPrompt
        let input = editor.readLine(prompt: prompt)
        // The transcript shows each line as the terminal did: behind its
        // prompt, `^C` after a line cancelled, `^D` for the end.
        switch input {
        case .line(let line): transcript?.typed(line, prompt: prompt)
        case .interrupted(let discarded): transcript?.typed(discarded + "^C", prompt: prompt)
        case .endOfInput: transcript?.typed("^D", prompt: prompt)
        }
        switch input {
        case .endOfInput:
            if pending.isEmpty {
                editor.close()
                return 0
            }
            pending = []
        case .interrupted:
            pending = []
        case .line(let line):
            pending.append(line)
            let text = pending.joined(separator: "\n")
            let outcome = session.run(SourceFile(displayName: nil, text: text, firstLine: lineNumber))
            if outcome == .incomplete { continue }
            if !text.trimmingCharacters(in: .whitespaces).isEmpty { editor.addToHistory(text) }
            if session.hasEnded {
                editor.close()
                return 0
            }
            lineNumber += pending.count
            pending = []
        }
    }
}

private func terminalColumns() -> Int? {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
}
