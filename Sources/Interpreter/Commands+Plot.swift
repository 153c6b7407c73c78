import Core
import Diagnostics
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Plot
import Symbolic
import Syntax

/// `plot …` (LANGUAGE.md "Plots"): the interpreter only decides which kind
/// of figure the subjects ask for and hands plain numbers and functions to
/// the Plot module, which renders text or SVG.
extension CommandRunner {
    /// A plottable subject, classified from its value.
    private enum Subject {
        /// `parameter` names the x axis: a function of θ is drawn against θ.
        case function1(name: String, parameter: String, evaluate: RealFunction)
        case function2(name: String, axes: (String, String), evaluate: RealFunction2)
        case result(name: String, record: Record)
        case data(name: String, values: [Double])
    }

    private func subject(_ expression: ExpressionSyntax) throws -> Subject {
        let name = expression.description
        let value = try evaluate(expression)
        switch value {
        case .function(let f):
            let count = f.parameters?.count ?? 1
            let range = expression.range
            if count == 1 {
                return .function1(name: name, parameter: f.parameters?.first ?? "x", evaluate: { x in try self.scalar(self.evaluator.apply(f, [.number(x)], Scope(), at: range, argumentRanges: []), name, range) })
            }
            if count == 2 {
                let parameters = f.parameters ?? ["x", "y"]
                return .function2(name: name, axes: (parameters[0], parameters[1]), evaluate: { x, y in
                    try self.scalar(self.evaluator.apply(f, [.number(x), .number(y)], Scope(), at: range, argumentRanges: []), name, range)
                })
            }
            throw Diagnostic(.invalidArgument, "plot draws functions of one or two parameters; '\(name)' has \(count)", at: range)
        case .symbolic(let e):
            let variables = (e.canonical?.sortedFreeSymbols ?? e.formula.freeSymbols.sorted()).filter { Expr.constantValues[$0] == nil }
            guard variables.count == 1 else {
                throw Diagnostic(.invalidArgument, "plot draws an expression in one variable; this one has \(variables.isEmpty ? "none" : variables.joined(separator: ", "))", at: expression.range)
            }
            let variable = variables[0]
            let range = expression.range
            return .function1(name: name, parameter: variable, evaluate: { x in
                try self.scalar(self.evaluator.evaluate(expression, Scope(locals: [variable: .number(x)])), name, range)
            })
        case .record(let record):
            return .result(name: name, record: record)
        case .vector(let v):
            return .data(name: name, values: v)
        default:
            throw Diagnostic(.typeMismatch, "cannot plot \(value.kindName)", at: expression.range,
                             notes: ["plot takes functions, expressions in one variable, results of descend/minimize/sgd, or two columns"])
        }
    }

    private func scalar(_ value: Value, _ name: String, _ range: SourceRange) throws -> Double {
        guard let x = value.scalar else {
            throw Diagnostic(.typeMismatch, "'\(name)' gives \(value.kindName), not a number", at: range)
        }
        return x
    }

    private func rangeBound(_ command: Command, _ key: OptionKeyword) throws -> Value? {
        guard let e = command.option(key)?.expression else { return nil }
        return try evaluate(e)
    }

    func runPlot(_ command: Command) throws -> CommandResult {
        let figure = try plotFigure(command)
        let (text, value) = try show(figure, file: command.option(.file)?.expression, ascii: command.option(.ascii) != nil)
        return CommandResult(report: text, value: value)
    }

    /// The figure a `plot` command describes, before it is drawn as text or
    /// SVG (a notebook draws it as both).
    func plotFigure(_ command: Command) throws -> Figure {
        var command = command
        // `plot F on T`: with a table after `on`, F is a per-row loss over its
        // rows (`plot (F on T)`); with a function, `on` draws a path on it.
        if let onIndex = command.options.firstIndex(where: { $0.keyword == OptionKeyword.on.rawValue }),
           let tableSyntax = command.options[onIndex].expression, case .table = try evaluate(tableSyntax) {
            command.subjects = command.subjects.map { ExpressionSyntax(.on($0, tableSyntax), SourceRange.covering($0.range, tableSyntax.range)) }
            command.options.remove(at: onIndex)
        }
        let subjects = try command.subjects.map(subject)
        let from = try rangeBound(command, .from), to = try rangeBound(command, .to)
        if (from == nil) != (to == nil) {
            throw Diagnostic(.invalidArgument, "a range needs both ends: from A to B", at: (command.option(.from) ?? command.option(.to))?.range)
        }
        var onFunction: Subject?
        if let on = command.option(.on)?.expression { onFunction = try subject(on) }
        var figure: Figure
        do {
            figure = try makeFigure(subjects, on: onFunction, from: from, to: to, command: command)
        } catch let error as PlotError {
            throw Diagnostic(.invalidArgument, error.message, at: command.range)
        }
        try applyDecorations(&figure, command)
        return figure
    }

    /// The plot options that dress any figure: `title`, `xlabel`, `ylabel`,
    /// `legend "a, b"`, `ylim [lower, upper]` and `log` (a log-scale y axis).
    private func applyDecorations(_ figure: inout Figure, _ command: Command) throws {
        func text(_ keyword: OptionKeyword) throws -> String? {
            guard let e = command.option(keyword)?.expression else { return nil }
            guard case .string(let s) = try evaluate(e) else {
                throw Diagnostic(.typeMismatch, "'\(keyword)' takes a string", at: e.range, notes: ["as: \(keyword) \"…\""])
            }
            return s
        }
        if let title = try text(.title) { figure.title = title }
        if let label = try text(.xlabel) { figure.x.label = label }
        if let label = try text(.ylabel) { figure.y.label = label }
        if let names = try text(.legend) {
            let list = names.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard list.count == figure.layers.count, !list.contains(where: \.isEmpty) else {
                throw Diagnostic(.invalidArgument, "'legend' names \(list.count) series; this plot has \(figure.layers.count)",
                                 at: command.option(.legend)?.range, notes: ["one name for each, separated by commas: legend \"train, test\""])
            }
            for (index, name) in list.enumerated() { figure.layers[index].rename(name) }
        }
        if let e = command.option(.ylim)?.expression {
            guard case .vector(let v) = try evaluate(e), v.count == 2, v[0].isFinite, v[1].isFinite, v[0] < v[1] else {
                throw Diagnostic(.invalidArgument, "'ylim' takes [lower, upper], finite, lower first", at: e.range)
            }
            figure.y.lower = v[0]
            figure.y.upper = v[1]
        }
        if let option = command.option(.log) {
            if figure.y.lower <= 0 {
                // An automatic range may reach below zero; start it at the smallest positive value drawn.
                guard command.option(.ylim) == nil, let smallest = figure.smallestPositiveY, smallest < figure.y.upper else {
                    throw Diagnostic(.invalidArgument, "a log scale needs a positive y range", at: option.range,
                                     notes: ["give one: ylim [0.001, 10]"])
                }
                figure.y.lower = smallest
                figure.notes.append("values ≤ 0 cannot be drawn on a log scale and are left out")
            }
            figure.y.scale = .logarithmic
        }
    }

    /// A figure drawn as text with its notes: what `plot` prints and binds.
    func plotText(_ figure: Figure, _ command: Command) -> String {
        let style: TextStyle = command.option(.ascii) != nil ? .ascii : .braille
        let options = io.isInteractive ? TextOptions.terminal(columns: io.plotWidth, style: style, colour: io.plotsInColour)
            : TextOptions(style: style, colour: io.plotsInColour)
        let rendered = figure.renderText(options)
        return ([rendered.text.hasSuffix("\n") ? String(rendered.text.dropLast()) : rendered.text] + rendered.notes.map { "note: \($0)" }).joined(separator: "\n")
    }

    /// Draws a figure in the terminal (braille or ASCII, in colour where
    /// plots are), or writes it as SVG when a file is named (safely, as
    /// `plot … to` does); the text to print and the value to bind.
    func show(_ figure: Figure, file: ExpressionSyntax?, ascii: Bool) throws -> (text: String, value: Value) {
        if let file {
            guard case .string(let path) = try evaluate(file) else {
                throw Diagnostic(.typeMismatch, "the file name must be a string", at: file.range)
            }
            let rendered = figure.renderSVG()
            if let problem = writeReplacingSafely(rendered.text, to: io.resolvePath(path)) {
                throw Diagnostic(.fileError, "cannot write '\(path)': \(problem)", at: file.range)
            }
            let notes = rendered.notes.map { "note: \($0)" }
            return ((["wrote \(path)"] + notes).joined(separator: "\n"), .string(path))
        }
        let style: TextStyle = ascii ? .ascii : .braille
        let options = io.isInteractive ? TextOptions.terminal(columns: io.plotWidth, style: style, colour: io.plotsInColour)
            : TextOptions(style: style, colour: io.plotsInColour)
        let rendered = figure.renderText(options)
        let chart = rendered.text.hasSuffix("\n") ? String(rendered.text.dropLast()) : rendered.text
        io.cellFigures?.drawn.append((chart, figure.renderSVG().text))
        let text = ([chart] + rendered.notes.map { "note: \($0)" }).joined(separator: "\n")
        return (text, .string(text))
    }

    private func numberPair(_ value: Value?, _ command: Command, _ key: OptionKeyword) throws -> (Double, Double)? {
        guard let value else { return nil }
        guard case .vector(let v) = value, v.count == 2 else {
            throw Diagnostic(.invalidArgument, "for a two-parameter function, '\(key.rawValue)' takes a point [a, b]", at: command.option(key)?.range)
        }
        return (v[0], v[1])
    }

    private func number(_ value: Value?, _ command: Command, _ key: OptionKeyword) throws -> Double? {
        guard let value else { return nil }
        guard let x = value.scalar else {
            throw Diagnostic(.invalidArgument, "'\(key.rawValue)' takes a number here", at: command.option(key)?.range)
        }
        return x
    }

    private func makeFigure(_ subjects: [Subject], on: Subject?, from: Value?, to: Value?, command: Command) throws -> Figure {
        // A result drawn on its function: a path on a curve, or across level curves.
        if let on {
            guard subjects.count == 1, case .result(let name, let record) = subjects[0], let path = record.field("path") else {
                throw Diagnostic(.invalidArgument, "'plot R on F' draws the path of one result R (of descend, minimize or sgd)", at: command.subjects[0].range)
            }
            switch (on, path) {
            case (.function1(let fname, let parameter, let f), .vector(let xs)):
                return try Figure.path(xs, named: name, on: (fname, f), from: try number(from, command, .from), to: try number(to, command, .to),
                                       xLabel: parameter)
            case (.function2(let fname, let axes, let f), .matrix(let m)) where m.columns == 2:
                let lower = try numberPair(from, command, .from), upper = try numberPair(to, command, .to)
                return try Figure.contour(of: f, named: fname, xRange: lower.flatMap { l in upper.map { (l.0, $0.0) } },
                                          yRange: lower.flatMap { l in upper.map { (l.1, $0.1) } },
                                          path: (name, m.rowArrays.map { $0[0] }, m.rowArrays.map { $0[1] }),
                                          xLabel: axes.0, yLabel: axes.1)
            default:
                throw Diagnostic(.invalidArgument, "the path of '\(name)' does not fit the function it is drawn on (one parameter: a curve; two: level curves)", at: command.range)
            }
        }
        switch subjects[0] {
        case .function1:
            var functions: [(name: String, evaluate: RealFunction)] = []
            var parameters: Set<String> = []
            for subject in subjects {
                guard case .function1(let name, let parameter, let f) = subject else {
                    throw Diagnostic(.invalidArgument, "plot several functions of one variable together, or one function of two", at: command.range)
                }
                functions.append((name, f))
                parameters.insert(parameter)
            }
            guard let a = try number(from, command, .from), let b = try number(to, command, .to) else {
                throw Diagnostic(.invalidArgument, "plotting a function needs a range: from A to B", at: command.range, notes: ["as: plot \(functions[0].name) from -1 to 5"])
            }
            // Functions of one name (θ) share its axis; of several, the axis is x.
            return try Figure.functions(functions, from: a, to: b, xLabel: parameters.count == 1 ? parameters.first : "x")
        case .function2(let name, let axes, let f):
            guard subjects.count == 1 else { throw Diagnostic(.invalidArgument, "plot one function of two parameters at a time", at: command.range) }
            let lower = try numberPair(from, command, .from), upper = try numberPair(to, command, .to)
            guard let lower, let upper else {
                throw Diagnostic(.invalidArgument, "a contour map needs a range: from [a0, b0] to [a1, b1]", at: command.range)
            }
            return try Figure.contour(of: f, named: name, xRange: (lower.0, upper.0), yRange: (lower.1, upper.1), xLabel: axes.0, yLabel: axes.1)
        case .result:
            var runs: [(name: String, losses: [Double])] = []
            var xLabel = "step"
            for subject in subjects {
                guard case .result(let name, let record) = subject, case .vector(var losses)? = record.field("losses") else {
                    throw Diagnostic(.invalidArgument, "loss curves come from results of descend or sgd (they have .losses)", at: command.range)
                }
                if let steps = command.option(.steps) {
                    // `plot R steps`: an sgd run's loss after every update, replayed from its seed.
                    guard case .sgd(let details)? = record.run else {
                        throw Diagnostic(.invalidArgument, "'steps' draws an sgd run's loss after every batch; '\(name)' is a \(record.kind)", at: steps.range)
                    }
                    losses = [details.result.losses[0]] + (try sgdStepTrace(details, at: steps.range)).map(\.loss)
                    runs.append((name, losses))
                    xLabel = "step"
                    continue
                }
                if record.kind == .sgdRun { xLabel = "epoch" } else if record.kind == .minimisation { xLabel = "iteration" }
                runs.append((name, losses))
            }
            return try Figure.lossCurves(runs, xLabel: xLabel)
        case .data(let xName, let xs):
            guard subjects.count >= 2, case .data(let yName, let ys) = subjects[1] else {
                throw Diagnostic(.invalidArgument, "points need two columns of equal length: plot D.x, D.y", at: command.range)
            }
            var overlay: (name: String, evaluate: RealFunction)?
            if subjects.count == 3 {
                guard case .function1(let name, _, let f) = subjects[2] else {
                    throw Diagnostic(.invalidArgument, "the third item drawn over points is a function of one variable", at: command.subjects[2].range)
                }
                overlay = (name, f)
            }
            guard subjects.count <= 3 else { throw Diagnostic(.invalidArgument, "plot D.x, D.y[, F] takes at most three items", at: command.range) }
            return try Figure.scatter(xs: xs, ys: ys, xName: xName, yName: yName, overlay: overlay)
        }
    }
}

/// Writes `text` to `path` so that a reader never sees half a file, without
/// replacing anything that is not a regular file: the text goes to a
/// temporary file beside the target, which is then renamed over it. A
/// symbolic link is followed to its target (the link stays); an existing
/// file keeps its permission bits, and one no one may write is refused; a
/// device (`/dev/null`), a folder or a FIFO is refused rather than replaced
/// by a regular file. Returns why it could not write, or nil.
/// Writes all of `text` to an open descriptor, retrying short writes and
/// interrupted calls; the system's reason when it cannot (shared by `plot …
/// to`, `save` and `gd test --update`).
func writeAll(_ text: String, to descriptor: Int32) -> String? {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
        if written < 0 {
            if errno != EINTR { return String(cString: strerror(errno)) }
        } else {
            offset += written
        }
    }
    return nil
}

func writeReplacingSafely(_ text: String, to path: String) -> String? {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    var status = stat()
    var mode: mode_t?
    if lstat(target, &status) == 0 {
        guard status.st_mode & S_IFMT == S_IFREG else { return "it is not a regular file (a device, a folder or a pipe), and gd writes only to regular files" }
        guard status.st_mode & 0o222 != 0 else { return "the file is read-only" }
        mode = status.st_mode & 0o7777
    } else if errno != ENOENT {
        return String(cString: strerror(errno))
    }
    let folder = (target as NSString).deletingLastPathComponent
    let temporary = (folder.isEmpty ? "." : folder) + "/.\((target as NSString).lastPathComponent).gd-\(getpid()).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o666)
    guard descriptor >= 0 else { return String(cString: strerror(errno)) }
    var problem = writeAll(text, to: descriptor)
    if problem == nil, let mode, fchmod(descriptor, mode) != 0 { problem = String(cString: strerror(errno)) }
    if close(descriptor) != 0, problem == nil { problem = String(cString: strerror(errno)) }
    if problem == nil, rename(temporary, target) != 0 { problem = String(cString: strerror(errno)) }
    if problem != nil { unlink(temporary) }
    return problem
}
