import Core
import Data
import Syntax

/// How values print (LANGUAGE.md "Values and how they print"): one line of
/// gd text that reads back to the same value; records one field per line.
extension Value {
    /// Vectors and matrices longer than this print their ends only.
    static let elementLimit = 1000

    func formatted(nested: Bool = false) -> String {
        switch self {
        case .number(let x): return formatNumber(x)
        case .boolean(let b): return b ? "true" : "false"
        case .vector(let v): return formatVector(v)
        case .matrix(let m): return formatMatrix(m)
        case .string(let s): return nested ? quoted(s) : s
        case .table(let t): return nested ? "<table: \(t.rowCount) rows × \(t.columns.count) columns>" : displayTable(t)
        case .function(let f): return formatFunction(f)
        case .symbolic(let e): return e.description
        case .expressions(let a): return a.description
        case .record(let r):
            if nested { return "<\(r.kind)>" }
            let width = r.fields.map(\.name.count).max() ?? 0
            return r.fields.map { field in
                String(repeating: " ", count: width - field.name.count) + field.name + ": " + field.value.formatted(nested: true)
            }.joined(separator: "\n")
        }
    }

    private func formatVector(_ v: [Double]) -> String {
        if v.count > Value.elementLimit {
            let head = v.prefix(3).map(formatNumber).joined(separator: ", ")
            let tail = v.suffix(3).map(formatNumber).joined(separator: ", ")
            return "[\(head), …, \(tail)] (\(v.count) elements)"
        }
        return "[" + v.map(formatNumber).joined(separator: ", ") + "]"
    }

    private func formatMatrix(_ m: Matrix) -> String {
        if m.elements.count > Value.elementLimit {
            func row(_ i: Int) -> String {
                let r = m.row(i)
                if r.count > 6 {
                    return "[" + r.prefix(3).map(formatNumber).joined(separator: ", ") + ", …, " + r.suffix(3).map(formatNumber).joined(separator: ", ") + "]"
                }
                return "[" + r.map(formatNumber).joined(separator: ", ") + "]"
            }
            let rows = m.rows > 6 ? (0..<3).map(row) + ["…"] + ((m.rows - 3)..<m.rows).map(row) : (0..<m.rows).map(row)
            return "[" + rows.joined(separator: ", ") + "] (\(m.rows)×\(m.columns) matrix)"
        }
        return "[" + m.rowArrays.map { "[" + $0.map(formatNumber).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }

    private func formatFunction(_ f: Function) -> String {
        switch f {
        case .user(let u): return "\(u.name)(\(u.parameters.joined(separator: ", "))) = \(u.body.description)"
        case .builtin(let name): return name
        case .derived(let d): return d.description
        case .dataBound(let d): return "\(d.name): the mean over \(d.table.rowCount) rows of \(formatFunction(d.function))"
        }
    }
}
