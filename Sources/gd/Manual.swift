import Foundation
import Interpreter

/// `gd --manual`: the man page gd(1), written from the same reference that
/// `help` shows and `gd --reference` prints (Session.referenceDocument), so
/// the three cannot disagree. scripts/package and scripts/install put it
/// where `man gd` finds it.
///
/// The reference is Markdown of a known shape (`## Section`, ``### `topic` ``,
/// fenced blocks, `- ` items, paragraphs): each becomes its roff form.
func manualPage() -> String {
    var roff = """
    .TH GD 1 "" "gd \(gdVersion)" "User Commands"
    .\\" The page is Unicode (θ, ∂, braille plots). On a device without those
    .\\" glyphs (man in the C locale formats for ascii) each would be a warning:
    .\\" there, no character warnings and a note at the top instead.
    .nr gd-ascii 0
    .if '\\*[.T]'ascii' .nr gd-ascii 1
    .if '\\*[.T]'latin1' .nr gd-ascii 1
    .if \\n[gd-ascii] .if \\n[.warn]%2 .warn \\n[.warn]-1
    .SH NAME
    gd \\- a shell for learning and exploring gradient descent
    .SH SYNOPSIS
    .B gd
    .br
    .B gd
    .I FILE.gd ...
    .br
    .B gd \\-e
    .I STATEMENTS
    .br
    .B gd \\-\\-transcript
    .I FILE
    .RI [ FILE.gd ...]
    .br
    .B gd test
    .I PATH...
    .RB [ \\-\\-update ]
    .br
    .B gd
    .RB [ \\-\\-kernel | \\-\\-reference | \\-\\-manual | \\-\\-version ]
    .SH DESCRIPTION
    .if \\n[gd-ascii] \\{\\
    This page has Greek letters and plots this locale cannot show: read it with
    .B LANG=C.UTF-8 man gd
    .PP
    .\\}
    gd is one program for what a gradient-descent course needs: define a function in maths notation,
    see its derivative simplified and explained, watch gradient descent walk down it,
    compare it with a quasi-Newton solver, load a CSV file and train with mini-batch SGD,
    and plot all of it in the terminal.
    Without arguments and with a terminal, gd starts an interactive session
    with line editing, history in
    .I ~/.gd_history
    and Tab completion; with scripts, it runs them in order in one environment;
    with standard input that is not a terminal, it runs that as a script.
    .SH OPTIONS
    .TP
    .BI \\-e " STATEMENTS"
    Run statements given on the command line (after any scripts).
    .TP
    .BI \\-\\-transcript " FILE"
    Also write the session to FILE as plain UTF-8, to hand out: each line typed behind its prompt
    (a script's lines as if typed, just before they run), then what was printed, output and errors
    in order, without colour.
    .TP
    .B \\-\\-kernel
    Serve a Jupyter kernel: JSON requests on standard input, replies on standard output.
    .TP
    .B \\-\\-reference
    Print the reference below as Markdown.
    .TP
    .B \\-\\-manual
    Print this manual page.
    .TP
    .B \\-\\-version
    Print the version and the commit gd was built from.
    .SH EXIT STATUS
    0 success, 1 an error in a script, 2 a usage error, 130 interrupted (Ctrl-C).
    .SH ENVIRONMENT
    .TP
    .B NO_COLOR
    When set, plots in a terminal are drawn without colour.

    """
    var inBlock = false
    for line in Session.referenceDocument().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if line.hasPrefix("```") {
            roff += inBlock ? ".fi\n.RE\n" : ".RS 4\n.nf\n"
            inBlock.toggle()
        } else if inBlock {
            roff += roffEscaped(line, atLineStart: true) + "\n"
        } else if line.hasPrefix("# ") {
            continue  // the page's own title stands in for the reference's
        } else if line.hasPrefix("## ") {
            roff += ".SH \(roffEscaped(String(line.dropFirst(3)).uppercased(), atLineStart: false))\n"
        } else if line.hasPrefix("### ") {
            roff += ".SS \(roffEscaped(String(line.dropFirst(4)).replacingOccurrences(of: "`", with: ""), atLineStart: false))\n"
        } else if line.hasPrefix("- ") {
            roff += ".IP \\(bu 2\n" + roffEscaped(String(line.dropFirst(2)).replacingOccurrences(of: "`", with: ""), atLineStart: true) + "\n"
        } else if line.isEmpty {
            roff += ".PP\n"
        } else {
            roff += roffEscaped(line.replacingOccurrences(of: "`", with: ""), atLineStart: true) + "\n"
        }
    }
    roff += """
    .SH SEE ALSO
    The language is specified in LANGUAGE.md; the Jupyter kernel, the editor files
    and the package are described in the project's README.md.

    """
    return roff
}

/// Text safe in roff: backslashes doubled, and a line that would start with
/// a control character (`.` or `'`) led by the zero-width `\&`.
private func roffEscaped(_ text: String, atLineStart: Bool) -> String {
    var escaped = text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
    if atLineStart, escaped.hasPrefix(".") || escaped.hasPrefix("'") { escaped = "\\&" + escaped }
    return escaped
}
