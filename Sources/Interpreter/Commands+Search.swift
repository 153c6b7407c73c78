import Core
import Diagnostics
import Optimize
import Syntax
import Training

/// `search`: the lecture's random search, against the same objective the
/// other commands optimise (lecture 3, "Optimization").
///
/// - Strategy #1 (the default): each try is a fresh point σ·N(0, 1), every
///   number drawn independently; the best point seen is kept.
/// - Strategy #2 (`local`): each try is the best point so far plus σ·N(0, 1);
///   it is kept when its loss is lower.
///
/// The start point's loss is the first to beat. The draws are `randn`'s
/// (sgd's generator seeded by `seed`, Box–Muller), one block of n numbers
/// per try, so a run is reproducible and `randn(n, S)` is its first try.
extension CommandRunner {
    func runSearch(_ command: Command) throws -> CommandResult {
        let objective: any Objective
        let start: [Double]
        var shaped: ShapedObjective?
        if let named = try namedStart(command, .from) {
            let (model, x0) = try shapedObjective(command, start: named, key: .from)
            objective = model
            start = x0
            shaped = model
        } else {
            let scalar = try self.objective(command)
            objective = scalar
            start = try point(command, .from, parameters: scalar.parameterNames) ?? []
        }
        let tries = try count(command, .tries, limit: 10_000_000, minimum: 1) ?? 1000
        let scale = try positive(command, .scale) ?? 1
        let local = command.option(.local) != nil
        var seed: UInt64 = 0
        if let value = try number(command, .seed) {
            do {
                seed = try SGDConfiguration.seed(from: value)
            } catch {
                throw Diagnostic(.invalidArgument, error.message, at: command.option(.seed)?.range)
            }
        }
        let every = try count(command, .every, limit: 1_000_000, minimum: 1)
        var generator = SGDRandomGenerator(seed: seed)
        var best = start
        var bestLoss = try objective.value(start)
        var tried = [bestLoss]
        var bests = [bestLoss]
        var interrupted = false
        let interrupt = Interrupt.poll()
        for _ in 0..<tries {
            if interrupt.isRequested {
                interrupted = true
                break
            }
            let noise = Builtins.normals(start.count, &generator)
            let candidate = local ? zip(best, noise).map { $0 + scale * $1 } : noise.map { scale * $0 }
            let loss = try objective.value(candidate)
            // A nan loss never wins.
            if loss < bestLoss {
                best = candidate
                bestLoss = loss
            }
            tried.append(loss)
            bests.append(bestLoss)
        }
        let done = tried.count - 1
        let strategy = local ? "random local steps of σ = \(formatNumber(scale))" : "random points σ·N(0, 1), σ = \(formatNumber(scale))"
        let point = shaped.map { compactParameters($0, best) } ?? "x = " + (best.count == 1 ? formatTableCell(best[0]) : "[" + best.map(formatTableCell).joined(separator: ", ") + "]")
        let reason = (interrupted ? "Interrupted after \(done) of \(tries) tries" : "Tried \(done) \(strategy)")
            + "; the best loss \(formatTableCell(bestLoss)) at \(point)."
        var fields: [(name: String, value: Value)]
        if let shaped {
            fields = shapedFields(shaped, best)
        } else {
            fields = [("x", parameterValue(best))]
        }
        fields += [("fun", .number(bestLoss)), ("losses", .vector(bests)), ("tried", .vector(tried)), ("tries", .number(Double(done))),
                   ("reason", .string(reason)), ("scale", .number(scale))]
        let report = {
            let rows = reportRows(total: done, every: every).map { [String($0), formatTableCell(tried[$0]), formatTableCell(bests[$0])] }
            return renderAlignedTable(header: ["try", "loss", "best"], rows: rows) + "\n" + reason
        }
        return CommandResult(report: report(), value: .record(Record(kind: .search, fields: fields)), interrupted: interrupted)
    }
}
