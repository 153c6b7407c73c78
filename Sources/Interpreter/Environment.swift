import Core
import Diagnostics
import Syntax

/// The names a session has bound (LANGUAGE.md "Names"): what a name means
/// before the built-ins, what `who` lists, `clear` removes and `reset`
/// empties. It knows nothing of evaluation or output: binding a name that
/// hides a built-in returns the warning for the caller to show.
public final class Environment {
    /// Changed only through `set`, `bind`, `clear` and `reset`, which keep
    /// `versions`.
    public private(set) var globals: [String: Value] = [:]
    /// When each name was last bound or removed, on `clock`: what a result
    /// computed from bindings (a resolved objective) checks to know it
    /// still holds. A name never bound is at version 0.
    private var versions: [String: UInt64] = [:]
    private var clock: UInt64 = 0
    /// Built-in names already reported as shadowed (a session says so once).
    private var shadowReported: Set<String> = []

    init() {}

    deinit {
        // Bindings may hold trees thousands of levels deep, freed by
        // recursion: free them on a large stack too (see `LargeStack`).
        var bindings = globals
        globals = [:]
        LargeStack.run { bindings.removeAll() }
    }

    /// Binds `name`; the warning, when the name now hides a built-in the
    /// session has not yet been told about.
    func bind(_ name: String, _ value: Value, at range: SourceRange) -> Diagnostic? {
        let warning = shadowingWarning(name, at: range, as: "your value")
        set(name, value)
        return warning
    }

    /// Binds or removes `name` without a warning (`ans`, a notebook's set-up).
    public func set(_ name: String, _ value: Value?) {
        clock += 1
        versions[name] = clock
        globals[name] = value
    }

    /// When `name` was last bound or removed (0: never).
    func version(of name: String) -> UInt64 { versions[name] ?? 0 }

    /// True when every name read still has the version it had.
    func isCurrent(_ reads: [String: UInt64]) -> Bool {
        reads.allSatisfy { version(of: $0.key) == $0.value }
    }

    /// The warning for a name (a value or a parameter) that hides a
    /// built-in constant or function, given once a session.
    func shadowingWarning(_ name: String, at range: SourceRange, as what: String) -> Diagnostic? {
        guard globals[name] == nil, Builtins.constants[name] != nil || Builtins.isFunction(name), !shadowReported.contains(name) else { return nil }
        shadowReported.insert(name)
        let kind = Builtins.constants[name] != nil ? "the constant" : "the built-in function"
        return Diagnostic(.warning, "'\(name)' now names \(what); \(kind) '\(name)' is hidden", at: range,
                          notes: ["'clear \(name)' brings it back"], severity: .warning)
    }

    /// True when `name` means something before it is bound: a binding, a
    /// constant or a built-in function.
    func isKnown(_ name: String) -> Bool {
        globals[name] != nil || Builtins.constants[name] != nil || Builtins.isFunction(name)
    }

    /// `clear a, b`: every name must be bound, else nothing is removed.
    func clear(_ names: [(String, SourceRange)]) throws {
        for (name, range) in names where globals[name] == nil {
            let suggestion = closestMatch(to: name, among: globals.keys)
            throw Diagnostic(.unknownName, "'\(name)' is not bound", at: range, notes: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
        }
        for (name, _) in names { set(name, nil) }
    }

    func reset() {
        for name in globals.keys { set(name, nil) }
        shadowReported = []
    }

    /// `who`: every binding with its kind, a value shortened to one line.
    var listing: String {
        if globals.isEmpty { return "no bindings" }
        return globals.keys.sorted().map { name in
            let value = globals[name] ?? .number(.nan)
            switch value {
            case .function(let f): return "\(name): function of \((f.parameters ?? []).joined(separator: ", "))"
            case .table(let t): return "\(name): table, \(t.rowCount) rows × \(t.columns.count) columns"
            case .record(let r): return "\(name): \(r.kind)"
            default:
                let text = value.formatted()
                let shown = text.count > 60 ? String(text.prefix(59)) + "…" : text
                return "\(name): \(value.kindName.split(separator: " ").dropFirst().joined(separator: " ")) = \(shown)"
            }
        }.joined(separator: "\n")
    }
}
