import Syntax

/// Remembers the compiled objective of each function used by `descend`,
/// `minimize`, `gradcheck`, … so that trying one function at several rates
/// (what a lesson does) differentiates and compiles it once.
///
/// An entry is reused only while every binding it was built from is the
/// same: the function itself, and every name its body reads, followed
/// through the user functions it calls. Anything the check cannot compare
/// cheaply (a derived function, a record, …) makes the entry unusable, so a
/// stale objective is never returned. Objectives over a table are not
/// cached (their construction may warn, and a warning must show each time).
struct ObjectiveCache {
    private struct Entry {
        let objective: FunctionObjective
        let dependencies: [(name: String, value: Value?)]
    }

    private var entries: [String: Entry] = [:]

    func objective(named name: String, in globals: [String: Value]) -> FunctionObjective? {
        guard let entry = entries[name] else { return nil }
        for (dependency, value) in entry.dependencies where !Self.isSame(value, globals[dependency]) { return nil }
        return entry.objective
    }

    mutating func store(_ objective: FunctionObjective, named name: String, globals: [String: Value]) {
        var names: Set<String> = []
        collectNames(reading: name, globals, into: &names)
        let dependencies = names.sorted().map { (name: $0, value: globals[$0]) }
        guard dependencies.allSatisfy({ Self.isComparable($0.value) }) else {
            entries[name] = nil
            return
        }
        entries[name] = Entry(objective: objective, dependencies: dependencies)
    }

    mutating func removeAll() { entries = [:] }

    /// `name`, and if it is a user function, every name its body reads, transitively.
    private func collectNames(reading name: String, _ globals: [String: Value], into names: inout Set<String>) {
        guard names.insert(name).inserted else { return }
        guard case .function(.user(let function))? = globals[name] else { return }
        var read: [String] = []
        Self.names(in: function.body, into: &read)
        for other in read where !function.parameters.contains(other) || other == name {
            collectNames(reading: other, globals, into: &names)
        }
    }

    private static func names(in e: ExpressionSyntax, into names: inout [String]) {
        switch e.kind {
        case .number, .string: break
        case .name(let name): names.append(name)
        case .derivative(let name, _): names.append(name)
        case .negate(let a): Self.names(in: a, into: &names)
        case .binary(_, let a, let b):
            Self.names(in: a, into: &names)
            Self.names(in: b, into: &names)
        case .call(let callee, let arguments):
            Self.names(in: callee, into: &names)
            for argument in arguments { Self.names(in: argument.value, into: &names) }
        case .index(let base, let subscripts):
            Self.names(in: base, into: &names)
            for item in subscripts {
                switch item {
                case .index(let i): Self.names(in: i, into: &names)
                case .slice(let a, let b, _):
                    if let a { Self.names(in: a, into: &names) }
                    if let b { Self.names(in: b, into: &names) }
                }
            }
        case .field(let base, _): Self.names(in: base, into: &names)
        case .vector(let items): for item in items { Self.names(in: item, into: &names) }
        }
    }

    /// Whether a binding can be compared by `isSame`.
    private static func isComparable(_ value: Value?) -> Bool {
        switch value {
        case nil, .number?, .boolean?, .vector?, .matrix?, .string?, .table?, .function(.user)?, .function(.builtin)?: return true
        default: return false
        }
    }

    /// The same binding: equal values (arrays compare their storage first, so
    /// an unchanged table costs nothing), and for a user function the same
    /// parameters and body.
    private static func isSame(_ a: Value?, _ b: Value?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (.number(x)?, .number(y)?): return x.bitPattern == y.bitPattern
        case let (.boolean(x)?, .boolean(y)?): return x == y
        case let (.vector(x)?, .vector(y)?): return x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }
        case let (.matrix(x)?, .matrix(y)?):
            return x.rows == y.rows && x.columns == y.columns
                && zip(x.elements, y.elements).allSatisfy { $0.bitPattern == $1.bitPattern }
        case let (.string(x)?, .string(y)?): return x == y
        case let (.table(x)?, .table(y)?): return x == y
        case let (.function(.user(f))?, .function(.user(g))?):
            return f.name == g.name && f.parameters == g.parameters && f.body == g.body
        case let (.function(.builtin(f))?, .function(.builtin(g))?): return f == g
        default: return false
        }
    }
}
