import Diagnostics
import Testing
@testable import Interpreter

/// `Transcript`: a script's lines written as if typed, before their output;
/// terminal escapes removed.
@Suite struct TranscriptTests {
    private func transcript(of text: String) -> String {
        var written = ""
        let transcript = Transcript { written += $0 }
        let session = Session(output: { transcript.printed($0) }, errors: { transcript.printed($0) })
        session.io.statementWillRun = transcript.statementWillRun
        let file = SourceFile(displayName: "s.gd", text: text)
        transcript.startFile(file)
        session.run(file)
        return written
    }

    @Test func aScriptReadsAsTypedIntoASession() {
        #expect(transcript(of: "# Two on a line, one over two lines.\n\na = 1; b = 2\nc = [a,\n  b]\nc\n")
                == "gd> # Two on a line, one over two lines.\ngd> a = 1; b = 2\ngd> c = [a,\n...   b]\ngd> c\n[1, 2]\n")
    }

    @Test func aStatementsOutputFollowsItsOwnLine() {
        #expect(transcript(of: "1 + 1\n2 + 2\n") == "gd> 1 + 1\n2\ngd> 2 + 2\n4\n")
    }

    @Test func anErrorEndsTheTranscriptAsItEndsTheScript() {
        #expect(transcript(of: "x = 1\nnope(x)\ny = 2\n")
                == "gd> x = 1\ngd> nope(x)\ns.gd:2:1: error: unknown function 'nope'\nnope(x)\n^~~~\n")
    }

    @Test(arguments: [
        ("\u{1B}[38;5;33m⠤⠤\u{1B}[0m f", "⠤⠤ f"),           // colour (CSI … m)
        ("a\u{1B}]0;title\u{07}b", "ab"),                  // OSC ended by BEL
        ("a\u{1B}]8;;x\u{1B}\\b", "ab"),                   // OSC ended by ESC \
        ("θ\u{1B}=z", "θz"),                               // a two-byte escape (ESC =)
        ("plain θ text\n", "plain θ text\n"),
        ("ends in ESC \u{1B}", "ends in ESC "),
    ])
    func terminalEscapesAreRemoved(_ text: String, _ expected: String) {
        #expect(Transcript.removingTerminalEscapes(text) == expected)
    }
}
