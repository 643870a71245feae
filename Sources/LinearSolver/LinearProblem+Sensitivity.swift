// Sensitivity analysis (ranging) on an optimal LP basis: how far an objective coefficient or a
// row's right-hand side can move before the basis, and with it the duals, changes.
import CGLPK
import CGLPKShim

extension LinearProblem {
    /// Makes sure an optimal LP basis with a valid factorization exists (factorizing after a
    /// presolved solve), or throws.
    private func prepareSensitivity() throws(SolverError) {
        try checkUsable()
        guard hasOptimalBasis, !isMIP, glp_get_status(problem) == GLP_OPT,
            glp_get_prim_stat(problem) == GLP_FEAS, glp_get_dual_stat(problem) == GLP_FEAS
        else { throw .noOptimalBasis }
        if rowCount > 0 && glp_bf_exists(problem) == 0 {
            var result: Int32 = 0
            guard cglpk_factorize(problem, &result) != CGLPK_ABORTED else { throw .capturedAbort() }
            guard result == 0 else {
                throw .glpkFailure(
                    code: result, routine: "glp_factorize", message: SolverError.message(forCode: result))
            }
        }
    }

    private static func unlimited(_ value: Double) -> Double {
        if value >= Double.greatestFiniteMagnitude { return .infinity }
        if value <= -Double.greatestFiniteMagnitude { return -.infinity }
        return value
    }

    /// For each column, the range of its objective coefficient over which the current basis
    /// stays optimal, and the objective values at the ends. Only right after ``solve(_:)``
    /// ended `.optimal` on an LP with nothing changed since; otherwise throws
    /// ``SolverError/noOptimalBasis``. The corresponding C function is glp_analyze_coef.
    public func costRanges(columns: [ColumnID]) throws(SolverError) -> [CostRange] {
        try costRanges(columns: columns, withGLPKRoutine: false)
    }

    /// ``costRanges(columns:)``; `withGLPKRoutine` takes a basic column's limits from
    /// glp_analyze_coef itself instead of the shim's batch (`cglpk_coef_limits`: the same ratio
    /// test on a simplex table row computed over the inverse row's non-zeros: `sourcing solve`
    /// with its 8,549 cost ranges on a 218,272-nonzero budget-coupled LP went from 51 s to 6.35 s).
    /// The tests compare the two.
    func costRanges(columns: [ColumnID], withGLPKRoutine: Bool) throws(SolverError) -> [CostRange] {
        try prepareSensitivity()
        for column in columns { try checkColumn(column) }
        let objective = glp_get_obj_val(problem)
        let basic = columns.filter { glp_get_col_stat(problem, $0.glpkIndex) == GLP_BS }
        var limits: [ColumnID: (lower: Double, upper: Double)] = [:]
        if withGLPKRoutine {
            let m = Int32(rowCount)
            for column in basic {
                var coef1 = 0.0
                var coef2 = 0.0
                var value1 = 0.0
                var value2 = 0.0
                var var1: Int32 = 0
                var var2: Int32 = 0
                guard
                    cglpk_analyze_coef(problem, m + column.glpkIndex, &coef1, &var1, &value1, &coef2, &var2, &value2)
                        != CGLPK_ABORTED
                else { throw .capturedAbort() }
                limits[column] = (coef1, coef2)
            }
        } else if !basic.isEmpty {
            let indices = basic.map(\.glpkIndex)
            var lower = [Double](repeating: 0, count: basic.count)
            var upper = lower
            let outcome = cglpk_coef_limits(problem, Int32(basic.count), indices, &lower, &upper)
            if outcome == CGLPK_ABORTED { throw .capturedAbort() }
            if outcome == CGLPK_OUT_OF_MEMORY {
                throw .memoryLimit(message: "no memory for the cost ranging's working arrays")
            }
            for (k, column) in basic.enumerated() { limits[column] = (lower[k], upper[k]) }
        }
        var ranges: [CostRange] = []
        ranges.reserveCapacity(columns.count)
        for column in columns {
            let cost = objectiveCoefficients[column.index]
            let value = glp_get_col_prim(problem, column.glpkIndex)
            let status = glp_get_col_stat(problem, column.glpkIndex)
            guard let limit = limits[column] else {
                // glp_analyze_coef takes basic variables only (it aborts otherwise). A non-basic
                // column stays non-basic while its reduced cost keeps its sign: at its lower bound
                // the cost may rise without limit and fall by the reduced cost, at its upper bound
                // the other way round; a fixed column's cost never changes the basis.
                let reduced = glp_get_col_dual(problem, column.glpkIndex)
                let minimizing = direction == .minimize
                var lower = -Double.infinity
                var upper = Double.infinity
                switch status {
                case GLP_NL: if minimizing { lower = cost - reduced } else { upper = cost - reduced }
                case GLP_NU: if minimizing { upper = cost - reduced } else { lower = cost - reduced }
                case GLP_NF:
                    lower = cost
                    upper = cost
                default: break
                }
                ranges.append(
                    CostRange(
                        column: column, lower: lower, upper: upper,
                        objectiveAtLower: lower.isFinite
                            ? objective + (lower - cost) * value : (value == 0 ? objective : -.infinity),
                        objectiveAtUpper: upper.isFinite
                            ? objective + (upper - cost) * value : (value == 0 ? objective : .infinity)))
                continue
            }
            // The objective at a limit follows from the current basis, which is still optimal there.
            let lower = Self.unlimited(limit.lower)
            let upper = Self.unlimited(limit.upper)
            func objectiveAt(_ coefficient: Double) -> Double {
                if value == 0 { return objective }
                if coefficient.isInfinite { return (coefficient > 0) == (value > 0) ? .infinity : -.infinity }
                return objective + (coefficient - cost) * value
            }
            ranges.append(
                CostRange(
                    column: column, lower: lower, upper: upper,
                    objectiveAtLower: objectiveAt(lower), objectiveAtUpper: objectiveAt(upper)))
        }
        return ranges
    }

    /// For each row, the range of its activity (right-hand side) over which the current
    /// basis stays optimal; see ``BoundRange`` for non-binding rows. Same preconditions as
    /// ``costRanges(columns:)``. The corresponding C function is glp_analyze_bound.
    public func boundRanges(rows: [RowID]) throws(SolverError) -> [BoundRange] {
        try prepareSensitivity()
        for row in rows { try checkRow(row) }
        var ranges: [BoundRange] = []
        ranges.reserveCapacity(rows.count)
        for row in rows {
            let k = row.glpkIndex
            if glp_get_row_stat(problem, k) == GLP_BS {
                let activity = glp_get_row_prim(problem, k)
                let lower = rowLowerBounds[row.index]
                let upper = rowUpperBounds[row.index]
                if lower == -.infinity && upper != .infinity {
                    ranges.append(BoundRange(row: row, lower: activity, upper: .infinity))
                } else if upper == .infinity && lower != -.infinity {
                    ranges.append(BoundRange(row: row, lower: -.infinity, upper: activity))
                } else {
                    ranges.append(BoundRange(row: row, lower: -.infinity, upper: .infinity))
                }
                continue
            }
            var value1 = 0.0
            var value2 = 0.0
            var var1: Int32 = 0
            var var2: Int32 = 0
            guard cglpk_analyze_bound(problem, k, &value1, &var1, &value2, &var2) != CGLPK_ABORTED else {
                throw .capturedAbort()
            }
            ranges.append(BoundRange(row: row, lower: Self.unlimited(value1), upper: Self.unlimited(value2)))
        }
        return ranges
    }
}
