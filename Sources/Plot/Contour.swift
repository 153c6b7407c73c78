import Foundation

/// Level curves of a function sampled on a grid, by marching squares.
///
/// The grid holds g(x_i, y_j) at `xs[i]`, `ys[j]` (row j, column i). Each
/// grid cell whose corners straddle a level gets one segment (two at a
/// saddle, split by the cell's mean value), its ends placed on the cell's
/// edges by linear interpolation between the corner values. Segments that
/// share an edge crossing are then joined into polylines.
/// Cells with a non-finite corner are skipped (the curve has a gap there).
enum MarchingSquares {
    static func levelLine(level: Double, xs: [Double], ys: [Double], values: [Double]) -> LevelLine {
        let columns = xs.count, rows = ys.count
        guard columns >= 2, rows >= 2, values.count == columns * rows else {
            return LevelLine(level: level, pieces: [])
        }
        // An edge crossing is named by the grid edge it lies on, so that the
        // two cells sharing that edge produce the very same key.
        var segments: [(EdgeKey, EdgeKey)] = []
        var crossing: [EdgeKey: PlotPoint] = [:]

        func value(_ i: Int, _ j: Int) -> Double { values[j * columns + i] }
        func point(on edge: EdgeKey) -> PlotPoint {
            if let known = crossing[edge] { return known }
            let (i0, j0, i1, j1) = edge.horizontal ? (edge.i, edge.j, edge.i + 1, edge.j) : (edge.i, edge.j, edge.i, edge.j + 1)
            let v0 = value(i0, j0), v1 = value(i1, j1)
            let t = v1 == v0 ? 0.5 : min(1, max(0, (level - v0) / (v1 - v0)))
            let result = PlotPoint(x: xs[i0] + (xs[i1] - xs[i0]) * t, y: ys[j0] + (ys[j1] - ys[j0]) * t)
            crossing[edge] = result
            return result
        }

        for j in 0..<(rows - 1) {
            for i in 0..<(columns - 1) {
                let (v0, v1, v2, v3) = (value(i, j), value(i + 1, j), value(i + 1, j + 1), value(i, j + 1))
                // Most cells lie wholly on one side of the level: skip them before
                // allocating anything (a comparison with nan is false, so a cell
                // with a nan corner falls through to the finiteness check).
                if v0 > level, v1 > level, v2 > level, v3 > level { continue }
                if v0 <= level, v1 <= level, v2 <= level, v3 <= level { continue }
                let corners = [v0, v1, v2, v3]
                guard corners.allSatisfy(\.isFinite) else { continue }
                // Corner order: 0 (i, j), 1 (i+1, j), 2 (i+1, j+1), 3 (i, j+1);
                // edge k joins corner k and corner k+1.
                let above = corners.map { $0 > level }
                let edges = [
                    EdgeKey(i: i, j: j, horizontal: true),
                    EdgeKey(i: i + 1, j: j, horizontal: false),
                    EdgeKey(i: i, j: j + 1, horizontal: true),
                    EdgeKey(i: i, j: j, horizontal: false),
                ]
                let crossed = (0..<4).filter { above[$0] != above[($0 + 1) % 4] }
                if crossed.count == 2 {
                    segments.append((edges[crossed[0]], edges[crossed[1]]))
                } else if crossed.count == 4 {
                    // Saddle: which diagonal pair is joined depends on whether
                    // the centre (mean of the corners) is above the level.
                    let centreAbove = corners.reduce(0, +) / 4 > level
                    if centreAbove == above[0] {
                        segments.append((edges[0], edges[1]))
                        segments.append((edges[2], edges[3]))
                    } else {
                        segments.append((edges[3], edges[0]))
                        segments.append((edges[1], edges[2]))
                    }
                }
            }
        }
        for (a, b) in segments {
            _ = point(on: a)
            _ = point(on: b)
        }
        return LevelLine(level: level, pieces: join(segments).map { $0.compactMap { crossing[$0] } })
    }

    struct EdgeKey: Hashable {
        var i: Int
        var j: Int
        var horizontal: Bool
    }

    /// Chains segments that share an end into polylines (each key joins at
    /// most two segments, one from each cell beside its edge).
    private static func join(_ segments: [(EdgeKey, EdgeKey)]) -> [[EdgeKey]] {
        var byKey: [EdgeKey: [Int]] = [:]
        for (index, segment) in segments.enumerated() {
            byKey[segment.0, default: []].append(index)
            byKey[segment.1, default: []].append(index)
        }
        var used = Array(repeating: false, count: segments.count)
        var chains: [[EdgeKey]] = []

        // Follows unused segments from `key` onwards; each step uses one
        // segment, so this ends within segments.count steps.
        func extend(from key: EdgeKey) -> [EdgeKey] {
            var chain: [EdgeKey] = []
            var current = key
            while let next = byKey[current]?.first(where: { !used[$0] }) {
                used[next] = true
                let segment = segments[next]
                current = segment.0 == current ? segment.1 : segment.0
                chain.append(current)
            }
            return chain
        }

        for index in segments.indices where !used[index] {
            used[index] = true
            let (start, end) = segments[index]
            let forward = extend(from: end)
            let backward = extend(from: start)
            chains.append(backward.reversed() + [start, end] + forward)
        }
        return chains
    }
}

/// How many level curves a contour map shows, and at which values.
public enum ContourLevels {
    /// Round values spread over the sampled values of g.
    ///
    /// For a bowl whose values are spread fairly evenly (4a² + b²), levels
    /// sit at quantiles of the grid values, so that each band covers a similar
    /// area, rounded to one significant digit of their spacing. When most of
    /// the grid lies far below the top (Rosenbrock: median under a sixth of
    /// the way up), levels above the minimum form a 1–3–10 geometric
    /// progression instead, which keeps rings around a flat valley.
    public static func choose(values: [Double], count: Int = 8) -> [Double] {
        let sorted = values.filter(\.isFinite).sorted()
        guard let lowest = sorted.first, let highest = sorted.last, highest > lowest else { return [] }
        let wanted = max(1, min(count, 20))
        let span = highest - lowest
        guard span.isFinite else { return [] }
        let median = sorted[sorted.count / 2]
        var levels: [Double] = []
        if (median - lowest) < span / 6 {
            // Offsets 1, 3, 10, 30, … × 10^k from the minimum, up to 70% of the span.
            var exponent = Int(floor(log10(span))) - 5
            var offsets: [Double] = []
            for _ in 0..<40 {
                for mantissa in [1.0, 3.0] {
                    let offset = mantissa * pow(10, Double(exponent))
                    if offset > span * 1e-4, offset <= span * 0.7 { offsets.append(offset) }
                }
                exponent += 1
            }
            let chosen = offsets.suffix(wanted)
            levels = chosen.map { roundOffset(lowest + $0, offset: $0) }
        } else {
            let spacing = span / Double(wanted + 1)
            let unit = pow(10, floor(log10(spacing)))
            for k in 1...wanted {
                let quantile = sorted[min(sorted.count - 1, sorted.count * k / (wanted + 1))]
                levels.append((quantile / unit).rounded() * unit)
            }
        }
        var unique: [Double] = []
        for level in levels.sorted() where level > lowest && level < highest && unique.last.map({ $0 != level }) ?? true {
            unique.append(cleaned(level))
        }
        return unique
    }

    /// lowest + offset, rounded to two significant digits of the offset.
    private static func roundOffset(_ value: Double, offset: Double) -> Double {
        let unit = pow(10, floor(log10(offset)) - 1)
        return (value / unit).rounded() * unit
    }

    /// Removes binary noise from a value that is a multiple of a power of ten (3 * 0.1 → 0.3).
    private static func cleaned(_ value: Double) -> Double {
        Double(String(format: "%.12g", value)) ?? value
    }
}
