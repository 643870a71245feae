import LinearSolver

// Tests write the rows and columns of hand-made models as numbers ("row 2, column 0"), as their
// comments do; the library itself takes handles only from addColumn/addRow or ColumnID(_:).
extension ColumnID: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

extension RowID: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}
