// Typed handles for a model's columns and rows: a column index cannot be passed where a row is
// meant, and "no column" is `ColumnID?` rather than -1. Both are one `Int` (the 0-based index);
// the model keeps its matrix triplets as flat `Int32` arrays, so building stays as cheap as with
// bare integers. GLPK numbers rows and columns from 1: ``ColumnID/glpkIndex`` and
// ``RowID/glpkIndex`` are the only places that add the 1.

/// A column (variable) of a ``LinearModel`` or ``LinearProblem``, by its 0-based index, as
/// ``LinearModel/addColumn(lower:upper:objective:kind:name:)`` returns it.
public struct ColumnID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 0-based index: the column's position in ``LinearModel/objective``,
    /// ``Solution/columnValues`` and the other per-column arrays.
    public let index: Int

    /// The column at a 0-based index.
    @inlinable
    public init(_ index: Int) { self.index = index }

    @inlinable
    public static func < (a: ColumnID, b: ColumnID) -> Bool { a.index < b.index }

    /// "column 7".
    public var description: String { "column \(index)" }

    /// The index as GLPK numbers columns: from 1, as `Int32`. Callers check the index first
    /// (``LinearProblem`` refuses a problem with `Int32.max` columns), so this cannot trap.
    var glpkIndex: Int32 { Int32(index + 1) }
}

/// A row (constraint) of a ``LinearModel`` or ``LinearProblem``, by its 0-based index, as
/// ``LinearModel/addRow(lower:upper:name:)`` returns it.
public struct RowID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 0-based index: the row's position in ``LinearModel/rowLower``,
    /// ``Solution/rowActivities`` and the other per-row arrays.
    public let index: Int

    /// The row at a 0-based index.
    @inlinable
    public init(_ index: Int) { self.index = index }

    @inlinable
    public static func < (a: RowID, b: RowID) -> Bool { a.index < b.index }

    /// "row 3".
    public var description: String { "row \(index)" }

    /// The index as GLPK numbers rows: from 1, as `Int32` (see ``ColumnID/glpkIndex``).
    var glpkIndex: Int32 { Int32(index + 1) }
}
