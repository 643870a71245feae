// The simplex basis: saving one and starting the next solve from it (warm starts).
import CGLPK
import CGLPKShim

extension LinearProblem {
    /// The current basis (statuses of all rows and columns); empty arrays if the problem is
    /// unusable. The corresponding C functions are glp_get_row_stat and glp_get_col_stat.
    public func basis() -> Basis {
        checkThread()
        guard cglpk_generation() == generation else { return Basis(rowStatus: [], columnStatus: []) }
        return Basis(
            rowStatus: (0..<rowCount).map {
                BasisStatus(rawValue: glp_get_row_stat(problem, RowID($0).glpkIndex)) ?? .basic
            },
            columnStatus: (0..<columnCount).map {
                BasisStatus(rawValue: glp_get_col_stat(problem, ColumnID($0).glpkIndex)) ?? .lowerBound
            })
    }

    /// Restores a basis saved by ``basis()``, so that the next solve with presolve off starts
    /// from it (GLPK normalises a non-basic status to the variable's bound type, and a basis
    /// that turns out invalid or singular makes ``solve(_:)`` fall back to the standard basis).
    /// Throws ``SolverError/basisSizeMismatch`` when the sizes differ.
    /// The corresponding C functions are glp_set_row_stat and glp_set_col_stat.
    public func setBasis(_ basis: Basis) throws(SolverError) {
        try checkUsable()
        guard basis.rowStatus.count == rowCount, basis.columnStatus.count == columnCount else {
            throw .basisSizeMismatch
        }
        for (i, status) in basis.rowStatus.enumerated() {
            glp_set_row_stat(problem, RowID(i).glpkIndex, status.rawValue)
        }
        for (j, status) in basis.columnStatus.enumerated() {
            glp_set_col_stat(problem, ColumnID(j).glpkIndex, status.rawValue)
        }
        hasOptimalBasis = false
        hasWarmBasis = true
    }
}
