@preconcurrency import CEditLine
import Core
@preconcurrency import Glibc
import Interpreter

/// Interactive line input over libedit's native API: emacs-style editing,
/// UTF-8 (typed `θ` works), history kept in a file across sessions, and Tab
/// completion through `completer`.
///
/// An optional layer over plain line reading, as in Lua's `lua.c`: `init`
/// fails when standard input is not a terminal, and the session then reads
/// lines without it. Only the `gd` executable links libedit; the completion
/// rules themselves are pure functions in `Interpreter/Completion.swift`.
///
///     guard let editor = LineEditor(historyFile: home + "/.gd_history") else { … }
///     editor.completer = { completions(lineBeforeCursor: $0, context: session.completionContext) }
///     switch editor.readLine(prompt: "> ") { … }
final class LineEditor {
    /// What one `readLine` call produced.
    enum Input: Equatable {
        /// A line the user entered, without its newline.
        case line(String)
        /// Ctrl-C: the half-typed line (as it stood on the screen) was discarded.
        case interrupted(String)
        /// Ctrl-D on an empty line (or standard input closed).
        case endOfInput
    }

    /// Called on Tab with the line's text before the cursor.
    var completer: ((_ lineBeforeCursor: String) -> CompletionResult)?

    private var editLine: OpaquePointer?
    private var history: OpaquePointer?
    /// Where entries are appended: nil without a file, or when the file
    /// there was not written by gd (`HistoryFile.Kind.foreign`).
    private let historyFile: HistoryFile?
    /// The prompt libedit shows, as a C string it reads through `showPrompt`.
    private var promptText: UnsafeMutablePointer<CChar>?

    /// Starts line editing on the terminal, loading `historyFile` when given
    /// (keeping its last `historySize` entries). Nil when standard input is
    /// not a terminal or libedit cannot start.
    init?(historyFile: String?, historySize: Int = 1000) {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        // Without the user's LC_CTYPE libedit reads bytes as the C locale and
        // silently drops every non-ASCII character (θ, é).
        gd_setlocale_ctype_from_environment()
        guard let editLine = gd_el_init_stdio("gd") else { return nil }
        self.editLine = editLine
        let file = historyFile.map(HistoryFile.init(path:))
        let kind = file?.kind
        if kind == .foreign, let historyFile {
            writeStandardError("gd: \(historyFile) is not a gd history file; it is left as it is and this session's history is not saved\n")
        }
        self.historyFile = kind == .foreign ? nil : file
        self.promptText = strdup("")

        gd_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        gd_el_set_editor(editLine, "emacs")
        // libedit's own handlers while reading: Ctrl-C restores the terminal
        // and makes el_gets return -1 (then reaches installInterruptHandler's
        // handler); a window resize re-lays the line out.
        gd_el_set_signal(editLine, 1)
        gd_el_set_prompt(editLine, showPrompt)
        gd_el_add_function(editLine, "gd-complete", "Complete the word before the cursor", completeAtCursor)
        gd_el_bind(editLine, "^I", "gd-complete")
        // Ctrl-R searches history backwards, as in bash.
        gd_el_bind(editLine, "^R", "em-inc-search-prev")

        if let history = history_init() {
            self.history = history
            gd_history_set_size(history, Int32(clamping: max(0, historySize)))
            gd_history_set_unique(history, 1)  // no consecutive duplicates
            if let file = self.historyFile, kind == .gd {
                gd_history_load(history, file.path)
                // Appending grows the file; past twice the size kept, it is
                // rewritten with the last entries (beside it, then renamed).
                if file.lineCount > 2 * historySize + 1 {
                    let temporary = file.path + ".gd-\(getpid()).tmp"
                    if gd_history_save(history, temporary) >= 0 { rename(temporary, file.path) } else { unlink(temporary) }
                }
            }
            gd_el_set_history(editLine, history)
        }
        // The user's ~/.editrc (or $EDITRC) may rebind keys, e.g. `bind -v`.
        el_source(editLine, nil)
    }

    deinit { close() }

    /// Shows `prompt` and reads one line with editing. Clears `Interrupt`'s
    /// flag before reading and after an interrupt it reported, so neither a
    /// stale nor a consumed Ctrl-C reaches the next statement. After
    /// `.interrupted` and `.endOfInput` the cursor is at the start of a fresh
    /// line.
    func readLine(prompt: String) -> Input {
        guard let editLine else { return .endOfInput }
        free(promptText)
        promptText = strdup(prompt)
        Interrupt.clear()
        var count: Int32 = 0
        errno = 0
        let text = el_gets(editLine, &count)
        let readError = errno
        // libedit reports a signal while reading (Ctrl-C) as NULL with count
        // -1 and EINTR; check that first, a NULL line otherwise means end of
        // input. Other read errors (EIO on a hung-up terminal) end the input,
        // or a session would loop on them.
        if Interrupt.isRequested || (count < 0 && readError == EINTR) {
            Interrupt.clear()
            gd_write_stdout("^C\n")
            return .interrupted(discardedText(editLine))
        }
        guard let text, count > 0 else {
            gd_write_stdout("\n")
            return .endOfInput
        }
        // The line is NUL-terminated UTF-8 ending in "\n"; invalid bytes
        // become U+FFFD rather than failing.
        var line = String(cString: text)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// The text in libedit's line buffer: after Ctrl-C, the half-typed line
    /// the terminal still shows (a transcript writes it as it looked).
    private func discardedText(_ editLine: OpaquePointer) -> String {
        guard let info = el_line(editLine), let start = info.pointee.buffer, let end = info.pointee.lastchar else { return "" }
        let count = end - start
        guard count > 0 else { return "" }
        return UnsafeBufferPointer(start: start, count: count).withMemoryRebound(to: UInt8.self) {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// Adds a statement to the history and saves the history file at once
    /// (so a session that is killed keeps it). A statement typed over several
    /// lines becomes one line (`historyLine(joining:)`); blank ones are skipped.
    func addToHistory(_ entry: String) {
        guard let history else { return }
        let line = historyLine(joining: entry)
        guard !line.allSatisfy(\.isWhitespace) else { return }
        gd_history_enter(history, line)
        historyFile?.append(line)
    }

    /// Restores the terminal and frees libedit's state; later reads return
    /// `.endOfInput`. Safe to call more than once.
    func close() {
        if let editLine { el_end(editLine) }
        if let history { history_end(history) }
        editLine = nil
        history = nil
        free(promptText)
        promptText = nil
    }

    // MARK: - Tab completion

    /// Applies the completer's answer bash's way: one candidate is inserted
    /// (with its suffix); several insert their longest common prefix, or are
    /// listed below the line when that adds nothing; none beeps.
    fileprivate func complete() -> UInt8 {
        guard let editLine, let completer, let info = el_wline(editLine) else { return UInt8(CC_ERROR) }
        let beforeCursor = wideText(from: info.pointee.buffer, to: info.pointee.cursor)
        let afterCursor = wideText(from: info.pointee.cursor, to: info.pointee.lastchar)
        let result = completer(beforeCursor)
        guard !result.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }

        let replaced = String(beforeCursor.suffix(max(0, result.replaceLength)))
        var insertion: String
        if result.candidates.count == 1 {
            insertion = result.candidates[0]
            // Do not double a closing quote the line already has.
            if !afterCursor.hasPrefix(result.suffixWhenUnique) { insertion += result.suffixWhenUnique }
        } else {
            insertion = longestCommonPrefix(of: result.candidates)
            if insertion.count <= replaced.count {
                let columns = Int(gd_el_terminal_columns(editLine))
                gd_write_stdout("\n" + candidateListing(result.candidates, width: columns > 0 ? columns : 80))
                return UInt8(CC_REDISPLAY)
            }
        }
        if insertion == replaced { return UInt8(CC_NORM) }
        // libedit counts wide characters, which on Linux are Unicode scalars.
        el_deletestr(editLine, Int32(clamping: replaced.unicodeScalars.count))
        var wide = insertion.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        _ = el_winsertstr(editLine, wide)
        return UInt8(CC_REFRESH)
    }

    fileprivate var currentPrompt: UnsafeMutablePointer<CChar>? { promptText }
}

/// The editor that owns a libedit handle, through its client data.
private func owningEditor(_ editLine: OpaquePointer?) -> LineEditor? {
    guard let editLine, let data = gd_el_get_clientdata(editLine) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
}

/// libedit's prompt function: it must return a C string, never NULL.
private let showPrompt: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { editLine in
    owningEditor(editLine)?.currentPrompt ?? emptyPrompt
}

nonisolated(unsafe) private let emptyPrompt: UnsafeMutablePointer<CChar>? = strdup("")

/// libedit's key function for Tab.
private let completeAtCursor: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
    owningEditor(editLine)?.complete() ?? UInt8(CC_ERROR)
}

/// The text between two positions of libedit's wide-character line buffer.
private func wideText(from start: UnsafePointer<wchar_t>?, to end: UnsafePointer<wchar_t>?) -> String {
    guard let start, let end, end > start else { return "" }
    var scalars = String.UnicodeScalarView()
    for wide in UnsafeBufferPointer(start: start, count: end - start) {
        if let scalar = Unicode.Scalar(UInt32(bitPattern: wide)) { scalars.append(scalar) }
    }
    return String(scalars)
}
