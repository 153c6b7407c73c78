import Diagnostics
import Foundation
import Interpreter

/// `gd --kernel`: the machine-readable mode a notebook's kernel drives
/// (kernel/gd_kernel, a Jupyter wrapper kernel). One session lives as long
/// as the process.
///
/// Requests arrive one JSON object per line on standard input:
///
///     {"type": "execute", "code": "f(x) = x^2\nf'(3)", "name": "In[3]"}
///     {"type": "complete", "code": "plot si", "cursor": 7}
///     {"type": "inspect", "code": "sin(1)", "cursor": 2}
///
/// Replies are JSON objects, one per line on standard output. An execute
/// request gets any number of
///
///     {"type": "stream", "name": "stdout" | "stderr", "text": …}
///     {"type": "display", "data": {"text/plain": …, "text/latex": …}}
///
/// in the order the cell produced them, then one
/// `{"type": "done", "status": "ok"}`, or `"status": "error"` with `ename`,
/// `evalue` and `traceback` (the located error with its caret), plus
/// `"interrupted": true` when SIGINT stopped a command. SIGINT (the
/// notebook's interrupt) works as Ctrl-C does: the running command stops
/// with its partial result bound and the session lives on. `complete`
/// answers `{"type": "complete", "matches": […], "cursor_start": a,
/// "cursor_end": b}` and `inspect` `{"type": "inspect", "found": …,
/// "text": …}`; cursors count Unicode scalars, as Jupyter does. The first
/// line written, before any request is read, is
/// `{"type": "ready", "version": …}`.
func runKernel() -> Int32 {
    installInterruptHandler()
    let session = Session(output: { sendKernelMessage(["type": "stream", "name": "stdout", "text": $0]) },
                          errors: { sendKernelMessage(["type": "stream", "name": "stderr", "text": $0]) })
    sendKernelMessage(["type": "ready", "version": versionLine])
    while let line = readLine(strippingNewline: true) {
        guard !line.isEmpty else { continue }
        guard let data = line.data(using: .utf8),
              let request = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let type = request["type"] as? String
        else {
            sendKernelMessage(["type": "invalid", "text": "a request is one JSON object with a \"type\""])
            continue
        }
        let code = request["code"] as? String ?? ""
        let cursor = request["cursor"] as? Int ?? code.unicodeScalars.count
        switch type {
        case "execute":
            let name = request["name"] as? String ?? "cell"
            let failure = session.runCell(SourceFile(displayName: name, text: code)) { bundle in
                sendKernelMessage(["type": "display", "data": bundle])
            }
            if let failure {
                sendKernelMessage(["type": "done", "status": "error", "ename": failure.kind, "evalue": failure.message,
                                   "traceback": [failure.rendered], "interrupted": failure.interrupted])
            } else {
                sendKernelMessage(["type": "done", "status": "ok"])
            }
        case "complete":
            let completion = session.completeInCell(code, cursor: cursor)
            sendKernelMessage(["type": "complete", "matches": completion.matches,
                               "cursor_start": completion.start, "cursor_end": completion.end])
        case "inspect":
            let text = session.inspectInCell(code, cursor: cursor)
            sendKernelMessage(["type": "inspect", "found": text != nil, "text": text ?? ""])
        default:
            sendKernelMessage(["type": "invalid", "text": "unknown request type '\(type)'"])
        }
    }
    return 0
}

/// Writes one reply as one line: keys sorted, so the same reply is the same
/// bytes, and one `write` per line, so replies never interleave.
func sendKernelMessage(_ message: [String: Any]) {
    guard var data = try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
    data.append(UInt8(ascii: "\n"))
    FileHandle.standardOutput.write(data)
}
