import Core
import Diagnostics
import Foundation
import Plot
import Symbolic
import Syntax

/// `plot …` (LANGUAGE.md "Plots"): the interpreter only decides which kind
/// of figure the subjects ask for and hands plain numbers and functions to
/// the Plot module, which renders text or SVG.
extension Session {
    /// A plottable subject, classified from its value.
    private enum Subject {
        case function1(name: String, evaluate: RealFunction)
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
                return .function1(name: name, evaluate: { x in try self.scalar(self.apply(f, [.number(x)], Scope(), at: range, argumentRanges: []), name, range) })
            }
            if count == 2 {
                let parameters = f.parameters ?? ["x", "y"]
                return .function2(name: name, axes: (parameters[0], parameters[1]), evaluate: { x, y in
                    try self.scalar(self.apply(f, [.number(x), .number(y)], Scope(), at: range, argumentRanges: []), name, range)
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
            return .function1(name: name, evaluate: { x in
                try self.scalar(self.evaluate(expression, Scope(locals: [variable: .number(x)])), name, range)
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
        let subjects = try command.subjects.map(subject)
        let from = try rangeBound(command, .from), to = try rangeBound(command, .to)
        if (from == nil) != (to == nil) {
            throw Diagnostic(.invalidArgument, "a range needs both ends: from A to B", at: (command.option(.from) ?? command.option(.to))?.range)
        }
        var onFunction: Subject?
        if let on = command.option(.on)?.expression { onFunction = try subject(on) }
        let figure: Figure
        do {
            figure = try makeFigure(subjects, on: onFunction, from: from, to: to, command: command)
        } catch let error as PlotError {
            throw Diagnostic(.invalidArgument, error.message, at: command.range)
        }
        let (text, value) = try show(figure, file: command.option(.file)?.expression, ascii: command.option(.ascii) != nil)
        return CommandResult(report: text, value: value)
    }

    /// Draws a figure in the terminal (braille or ASCII), or writes it as SVG
    /// when a file is named; the text to print and the value to bind.
    func show(_ figure: Figure, file: ExpressionSyntax?, ascii: Bool) throws -> (text: String, value: Value) {
        if let file {
            guard case .string(let path) = try evaluate(file) else {
                throw Diagnostic(.typeMismatch, "the file name must be a string", at: file.range)
            }
            let rendered = figure.renderSVG()
            guard FileManager.default.createFile(atPath: resolvePath(path), contents: Data(rendered.text.utf8)) else {
                throw Diagnostic(.fileError, "cannot write '\(path)'", at: file.range)
            }
            let notes = rendered.notes.map { "note: \($0)" }
            return ((["wrote \(path)"] + notes).joined(separator: "\n"), .string(path))
        }
        let style: TextStyle = ascii ? .ascii : .braille
        let options = isInteractive ? TextOptions.terminal(columns: plotWidth, style: style) : TextOptions(style: style)
        let rendered = figure.renderText(options)
        let text = ([rendered.text.hasSuffix("\n") ? String(rendered.text.dropLast()) : rendered.text] + rendered.notes.map { "note: \($0)" }).joined(separator: "\n")
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
            case (.function1(let fname, let f), .vector(let xs)):
                return try Figure.path(xs, named: name, on: (fname, f), from: try number(from, command, .from), to: try number(to, command, .to))
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
            for subject in subjects {
                guard case .function1(let name, let f) = subject else {
                    throw Diagnostic(.invalidArgument, "plot several functions of one variable together, or one function of two", at: command.range)
                }
                functions.append((name, f))
            }
            guard let a = try number(from, command, .from), let b = try number(to, command, .to) else {
                throw Diagnostic(.invalidArgument, "plotting a function needs a range: from A to B", at: command.range, notes: ["as: plot \(functions[0].name) from -1 to 5"])
            }
            return try Figure.functions(functions, from: a, to: b)
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
                guard case .function1(let name, let f) = subjects[2] else {
                    throw Diagnostic(.invalidArgument, "the third item drawn over points is a function of one variable", at: command.subjects[2].range)
                }
                overlay = (name, f)
            }
            guard subjects.count <= 3 else { throw Diagnostic(.invalidArgument, "plot D.x, D.y[, F] takes at most three items", at: command.range) }
            return try Figure.scatter(xs: xs, ys: ys, xName: xName, yName: yName, overlay: overlay)
        }
    }
}
