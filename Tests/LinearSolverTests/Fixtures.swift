import TestSupport

@testable import LinearSolver

/// Small models whose optima are worked out by hand in the comments.
enum Fixtures {
    /// max 3x + 5y
    ///   row 0:       x      <= 4
    ///   row 1:           2y <= 12
    ///   row 2:  3x + 2y     <= 18,   x, y >= 0
    /// Optimum at the intersection of rows 1 and 2: y = 6, x = (18 - 12) / 3 = 2, z = 6 + 30 = 36.
    /// Duals (d z / d rhs): row 0 slack (x = 2 < 4) -> 0; solving 2*u1 + 2*u2 = 5 and 3*u2 = 3
    /// (dual constraints for y and x with u0 = 0) gives u2 = 1, u1 = 1.5.
    static func textbookLP(names: Bool = false) -> LinearModel {
        var model = LinearModel()
        model.direction = .maximize
        let x = model.addColumn(objective: 3, name: names ? "x" : nil)
        let y = model.addColumn(objective: 5, name: names ? "y" : nil)
        let r0 = model.addRow(upper: 4, name: names ? "plantA" : nil)
        let r1 = model.addRow(upper: 12, name: names ? "plantB" : nil)
        let r2 = model.addRow(upper: 18, name: names ? "plantC" : nil)
        model.addEntry(row: r0, column: x, value: 1)
        model.addEntry(row: r1, column: y, value: 2)
        model.addEntry(row: r2, column: x, value: 3)
        model.addEntry(row: r2, column: y, value: 2)
        return model
    }

    /// max 10a + 13b + 7c + 8d  s.t. 4a + 6b + 3c + 5d <= 10, binaries.
    /// Any three items weigh at least 3 + 4 + 5 = 12 > 10, so at most two: the feasible pairs
    /// are ab (10, value 23), ac (7, 17), ad (9, 18), bc (9, 20), cd (8, 15). Optimum 23: a = b = 1.
    static func knapsack() -> LinearModel {
        var model = LinearModel()
        model.direction = .maximize
        let values: [Double] = [10, 13, 7, 8]
        let weights: [Double] = [4, 6, 3, 5]
        let row = model.addRow(upper: 10)
        for (value, weight) in zip(values, weights) {
            let column = model.addColumn(objective: value, kind: .binary)
            model.addEntry(row: row, column: column, value: weight)
        }
        return model
    }

    /// min 10 open + 2 ship
    ///   row 0 (demand):   ship >= 5
    ///   row 1 (capacity): ship - 8 open <= 0,   open binary, ship >= 0.
    /// open = 0 forces ship = 0 < 5, so open = 1, ship = 5, cost 10 + 10 = 20.
    /// With open fixed at 1 the LP is min 2 ship, 5 <= ship <= 8: demand dual = 2, capacity dual 0.
    static func facilityMIP() -> LinearModel {
        var model = LinearModel()
        let open = model.addColumn(objective: 10, kind: .binary)
        let ship = model.addColumn(objective: 2)
        let demand = model.addRow(lower: 5)
        let capacity = model.addRow(upper: 0)
        model.addEntry(row: demand, column: ship, value: 1)
        model.addEntry(row: capacity, column: ship, value: 1)
        model.addEntry(row: capacity, column: open, value: -8)
        return model
    }

    /// x + y >= 5 and x + y <= 3: no feasible point.
    static func infeasibleLP() -> LinearModel {
        var model = LinearModel()
        let x = model.addColumn(objective: 1)
        let y = model.addColumn(objective: 1)
        let a = model.addRow(lower: 5)
        let b = model.addRow(upper: 3)
        for row in [a, b] {
            model.addEntry(row: row, column: x, value: 1)
            model.addEntry(row: row, column: y, value: 1)
        }
        return model
    }

    /// max x + y s.t. x - y <= 1, x, y >= 0: y (and x with it) can grow without limit.
    static func unboundedLP() -> LinearModel {
        var model = LinearModel()
        model.direction = .maximize
        let x = model.addColumn(objective: 1)
        let y = model.addColumn(objective: 1)
        let row = model.addRow(upper: 1)
        model.addEntry(row: row, column: x, value: 1)
        model.addEntry(row: row, column: y, value: -1)
        return model
    }

    /// 2x = 1 with x integer in 0...5: the relaxation (x = 0.5) is feasible, no integer point is.
    static func infeasibleMIP() -> LinearModel {
        var model = LinearModel()
        let x = model.addColumn(lower: 0, upper: 5, objective: 1, kind: .integer)
        let y = model.addColumn(lower: 0, upper: 5, objective: 1, kind: .integer)
        let row = model.addRow(lower: 1, upper: 1)
        model.addEntry(row: row, column: x, value: 2)
        model.addEntry(row: row, column: y, value: 2)
        return model
    }

    /// A balanced transportation LP: `sources` supplies of `sources * 10` ... with random costs.
    /// Supply rows are <= (capacity), demand rows are >= (need); total capacity exceeds demand.
    static func transportation(sources: Int, sinks: Int, seed: UInt64) -> LinearModel {
        var random = SplitMix64(seed: seed)
        var model = LinearModel()
        model.reserve(columns: sources * sinks, rows: sources + sinks, nonzeros: 2 * sources * sinks)
        let supply = (0..<sources).map { _ in model.addRow(upper: Double(50 + random.next() % 50)) }
        let totalCapacity = (0..<sources).reduce(0.0) { $0 + model.rowUpper[$1] }
        let demand = (0..<sinks).map { _ in model.addRow(lower: (totalCapacity * 0.8 / Double(sinks)).rounded(.down)) }
        for s in 0..<sources {
            for d in 0..<sinks {
                let column = model.addColumn(objective: Double(1 + random.next() % 100))
                model.addEntry(row: supply[s], column: column, value: 1)
                model.addEntry(row: demand[d], column: column, value: 1)
            }
        }
        return model
    }

    /// A small random model, an LP or (for odd seeds) a MIP, always feasible and bounded:
    /// min c x with c >= 0, x in [0, 40], rows sum a x >= b with every row holding column 0
    /// with a >= 0.5, so x0 = 40 alone gives 20 >= b (b is at most 15.5).
    static func randomSmall(seed: UInt64) -> LinearModel {
        var random = SplitMix64(seed: seed)
        var model = LinearModel()
        let n = 8 + Int(random.next() % 8)
        let m = 5 + Int(random.next() % 6)
        for j in 0..<n {
            let kind: ColumnKind = seed % 2 == 1 && j % 2 == 0 ? .integer : .continuous
            model.addColumn(lower: 0, upper: 40, objective: Double(1 + random.next() % 20) / 3, kind: kind)
        }
        for _ in 0..<m {
            let row = model.addRow(lower: Double(5 + random.next() % 11) + 0.5)
            for j in 0..<n where random.next() % 3 == 0 || j == 0 {
                model.addEntry(row: row, column: ColumnID(j), value: Double(1 + random.next() % 9) / 2)
            }
        }
        return model
    }

    /// A market-split style MIP (Cornuéjols-Dawande) that branch-and-bound cannot finish
    /// quickly: rows sum_j a_ij x_j + s_i - t_i = floor(sum_j a_ij / 2), x binary, s, t >= 0,
    /// minimise sum (s + t). An incumbent is easy, but the LP bound stays 0 far into the search.
    static func marketSplit(rows m: Int, binaries n: Int, seed: UInt64) -> LinearModel {
        var random = SplitMix64(seed: seed)
        var model = LinearModel()
        let x = (0..<n).map { _ in model.addColumn(kind: .binary) }
        for _ in 0..<m {
            let coefficients = (0..<n).map { _ in Double(random.next() % 100) }
            let target = (coefficients.reduce(0, +) / 2).rounded(.down)
            let row = model.addRow(lower: target, upper: target)
            for (j, a) in coefficients.enumerated() where a != 0 { model.addEntry(row: row, column: x[j], value: a) }
            let over = model.addColumn(objective: 1)
            let under = model.addColumn(objective: 1)
            model.addEntry(row: row, column: over, value: 1)
            model.addEntry(row: row, column: under, value: -1)
        }
        return model
    }
}
