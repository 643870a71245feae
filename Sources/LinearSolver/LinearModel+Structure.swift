// Questions about a model's shape that warm starts ask: whether a variant can be loaded into a
// problem built for another (only objective and bounds changed), and a start that needs no solve.

extension LinearModel {
    /// Whether this model differs from `other` at most in objective coefficients and bounds:
    /// then a `LinearProblem` of `other` can take it by `setObjective`/`setColumnBounds`/
    /// `setRowBounds` and keep its basis.
    public func hasSameStructure(as other: LinearModel) -> Bool {
        columnCount == other.columnCount && rowCount == other.rowCount && columnKinds == other.columnKinds
            && entryRows == other.entryRows && entryColumns == other.entryColumns && entryValues == other.entryValues
            && objectiveConstant == other.objectiveConstant && direction == other.direction
    }

    /// All rows basic, every column at a finite bound (fixed, lower, upper, else free): a start
    /// that needs no solve.
    public func slackBasis() -> Basis {
        let columns = (0..<columnCount).map { j -> BasisStatus in
            let lower = columnLower[j]
            let upper = columnUpper[j]
            if lower == upper { return .fixed }
            if lower.isFinite { return .lowerBound }
            if upper.isFinite { return .upperBound }
            return .free
        }
        return Basis(rowStatus: Array(repeating: .basic, count: rowCount), columnStatus: columns)
    }
}
