/// A linear or mixed-integer model as plain data: columns, rows and matrix triplets in flat
/// arrays, built by the caller and loaded into GLPK in one step by ``LinearProblem/init(_:)``.
///
/// Columns and rows are named by ``ColumnID`` and ``RowID`` handles (0-based indices into the
/// flat arrays). Nothing is checked while building (so building stays fast);
/// ``validationErrors()`` reports every problem that would make GLPK abort or misbehave,
/// and ``LinearProblem/init(_:)`` refuses a model that has any.
///
/// Rules checked:
/// - matrix entries name existing rows and columns, and each (row, column) pair appears at
///   most once (duplicates are an error, not summed: they nearly always mean a bug);
/// - matrix and objective coefficients and the objective constant are finite;
/// - bounds are not NaN, a lower bound is not +infinity, an upper bound is not -infinity,
///   and lower <= upper;
/// - names, when present, are 1-255 bytes without control characters, one per row/column.
///
/// Zero matrix entries are allowed and dropped at load.
public struct LinearModel: Sendable {
    /// Whether to minimise (default) or maximise. The corresponding C function is glp_set_obj_dir.
    public var direction: OptimizationDirection = .minimize
    /// A constant added to the objective (GLPK's column 0 objective coefficient).
    public var objectiveConstant: Double = 0
    /// Lower bound per column; -infinity for none.
    public private(set) var columnLower: [Double] = []
    /// Upper bound per column; +infinity for none.
    public private(set) var columnUpper: [Double] = []
    /// Objective coefficient per column.
    public private(set) var objective: [Double] = []
    /// Kind per column.
    public private(set) var columnKinds: [ColumnKind] = []
    /// Lower bound per row; -infinity for none.
    public private(set) var rowLower: [Double] = []
    /// Upper bound per row; +infinity for none.
    public private(set) var rowUpper: [Double] = []
    /// Row index of each matrix entry (0-based).
    public private(set) var entryRows: [Int32] = []
    /// Column index of each matrix entry (0-based).
    public private(set) var entryColumns: [Int32] = []
    /// Value of each matrix entry.
    public private(set) var entryValues: [Double] = []
    /// Column names, or nil for unnamed columns. Set automatically (with defaults `c0`,
    /// `c1`, ... for unnamed ones) as soon as a name is passed to ``addColumn(lower:upper:objective:kind:name:)``.
    /// Names cost load time; leave nil when not needed. Must have one name per column.
    public var columnNames: [String]?
    /// Row names, or nil; defaults `r0`, `r1`, ... as for ``columnNames``.
    public var rowNames: [String]?

    /// Creates an empty minimisation model.
    public init() {}

    /// The number of columns.
    public var columnCount: Int { objective.count }
    /// The number of rows.
    public var rowCount: Int { rowLower.count }
    /// The number of matrix entries added (including zeros, which are dropped at load).
    public var nonzeroCount: Int { entryValues.count }

    /// The row of matrix entry `k` (a position in ``entryRows``).
    public func entryRow(_ k: Int) -> RowID { RowID(Int(entryRows[k])) }
    /// The column of matrix entry `k` (a position in ``entryColumns``).
    public func entryColumn(_ k: Int) -> ColumnID { ColumnID(Int(entryColumns[k])) }

    /// Reserves capacity so that building a large model does not reallocate.
    public mutating func reserve(columns: Int, rows: Int, nonzeros: Int) {
        columnLower.reserveCapacity(columns)
        columnUpper.reserveCapacity(columns)
        objective.reserveCapacity(columns)
        columnKinds.reserveCapacity(columns)
        rowLower.reserveCapacity(rows)
        rowUpper.reserveCapacity(rows)
        entryRows.reserveCapacity(nonzeros)
        entryColumns.reserveCapacity(nonzeros)
        entryValues.reserveCapacity(nonzeros)
        columnNames?.reserveCapacity(columns)
        rowNames?.reserveCapacity(rows)
    }

    /// The columns, in order.
    public var columns: [ColumnID] { (0..<columnCount).map(ColumnID.init) }
    /// The rows, in order.
    public var rows: [RowID] { (0..<rowCount).map(RowID.init) }

    /// Adds a column and returns its handle. A `.binary` column is an integer column whose
    /// bounds are intersected with 0...1 (so the defaults give 0...1).
    @discardableResult
    public mutating func addColumn(
        lower: Double = 0, upper: Double = .infinity, objective: Double = 0,
        kind: ColumnKind = .continuous, name: String? = nil
    ) -> ColumnID {
        let index = self.objective.count
        var lower = lower
        var upper = upper
        if kind == .binary { (lower, upper) = Self.binaryBounds(lower, upper) }
        columnLower.append(lower)
        columnUpper.append(upper)
        self.objective.append(objective)
        columnKinds.append(kind)
        if let name {
            if columnNames == nil { columnNames = (0..<index).map { "c\($0)" } }
            columnNames!.append(name)
        } else if columnNames != nil {
            columnNames!.append("c\(index)")
        }
        return ColumnID(index)
    }

    /// Adds a row (constraint `lower <= sum of entries * column <= upper`) and returns its handle.
    @discardableResult
    public mutating func addRow(lower: Double = -.infinity, upper: Double = .infinity, name: String? = nil) -> RowID {
        let index = rowLower.count
        rowLower.append(lower)
        rowUpper.append(upper)
        if let name {
            if rowNames == nil { rowNames = (0..<index).map { "r\($0)" } }
            rowNames!.append(name)
        } else if rowNames != nil {
            rowNames!.append("r\(index)")
        }
        return RowID(index)
    }

    /// Adds a matrix entry. Handles are checked by ``validationErrors()``, not here.
    public mutating func addEntry(row: RowID, column: ColumnID, value: Double) {
        entryRows.append(Int32(clamping: row.index))
        entryColumns.append(Int32(clamping: column.index))
        entryValues.append(value)
    }

    /// Sets a column's objective coefficient. Traps if the column does not exist.
    public mutating func setObjective(column: ColumnID, _ value: Double) {
        precondition(objective.indices.contains(column.index), "\(column) out of range 0..<\(columnCount)")
        objective[column.index] = value
    }

    /// Sets a column's bounds (checked by ``validationErrors()``). Traps if the column does not exist.
    public mutating func setColumnBounds(_ column: ColumnID, lower: Double, upper: Double) {
        precondition(objective.indices.contains(column.index), "\(column) out of range 0..<\(columnCount)")
        columnLower[column.index] = lower
        columnUpper[column.index] = upper
    }

    /// Sets a row's bounds (checked by ``validationErrors()``). Traps if the row does not exist.
    public mutating func setRowBounds(_ row: RowID, lower: Double, upper: Double) {
        precondition(rowLower.indices.contains(row.index), "\(row) out of range 0..<\(rowCount)")
        rowLower[row.index] = lower
        rowUpper[row.index] = upper
    }

    /// Sets a column's kind; `.binary` also intersects its bounds with 0...1.
    /// Traps if the column does not exist.
    public mutating func setColumnKind(_ column: ColumnID, _ kind: ColumnKind) {
        precondition(objective.indices.contains(column.index), "\(column) out of range 0..<\(columnCount)")
        let j = column.index
        columnKinds[j] = kind
        if kind == .binary {
            (columnLower[j], columnUpper[j]) = Self.binaryBounds(columnLower[j], columnUpper[j])
        }
    }

    static func binaryBounds(_ lower: Double, _ upper: Double) -> (Double, Double) {
        (lower.isNaN ? lower : Swift.max(lower, 0), upper.isNaN ? upper : Swift.min(upper, 1))
    }

    /// The most errors ``validationErrors()`` reports (a broken model can have millions).
    public static let maximumReportedErrors = 100

    /// Every problem that would make GLPK abort or misbehave (at most
    /// ``maximumReportedErrors``), in a fixed order: columns, rows, names, entries,
    /// duplicates. Empty when the model can be loaded. Runs in O(rows + columns + entries).
    public func validationErrors() -> [SolverError] {
        var errors: [SolverError] = []
        func report(_ error: SolverError) -> Bool {
            errors.append(error)
            return errors.count < Self.maximumReportedErrors
        }
        let n = columnCount
        let m = rowCount
        if !objectiveConstant.isFinite, !report(.notFinite(what: "objective constant", value: objectiveConstant)) {
            return errors
        }
        for j in 0..<n {
            if let error = Self.boundsError(what: "column \(j)", columnLower[j], columnUpper[j]), !report(error) {
                return errors
            }
            if !objective[j].isFinite,
                !report(.notFinite(what: "objective coefficient of column \(j)", value: objective[j]))
            {
                return errors
            }
        }
        for i in 0..<m {
            if let error = Self.boundsError(what: "row \(i)", rowLower[i], rowUpper[i]), !report(error) {
                return errors
            }
        }
        for (label, names, count) in [("column", columnNames, n), ("row", rowNames, m)] {
            guard let names else { continue }
            if names.count != count {
                if !report(.invalidName(what: "\(label) names: \(names.count) names for \(count) \(label)s;", name: ""))
                {
                    return errors
                }
                continue
            }
            for (index, name) in names.enumerated() where !Self.isValidName(name) {
                if !report(.invalidName(what: "\(label) \(index)", name: name)) { return errors }
            }
        }
        var indicesValid = true
        for k in 0..<entryValues.count {
            let i = Int(entryRows[k])
            let j = Int(entryColumns[k])
            if i < 0 || i >= m {
                indicesValid = false
                if !report(.indexOutOfRange(kind: "row", index: i, count: m)) { return errors }
            }
            if j < 0 || j >= n {
                indicesValid = false
                if !report(.indexOutOfRange(kind: "column", index: j, count: n)) { return errors }
            }
            if !entryValues[k].isFinite,
                !report(.notFinite(what: "matrix entry (row \(i), column \(j))", value: entryValues[k]))
            {
                return errors
            }
        }
        if indicesValid {
            for (i, j) in duplicateEntries(limit: Self.maximumReportedErrors - errors.count) {
                if !report(.duplicateEntry(row: i, column: j)) { return errors }
            }
        }
        return errors
    }

    /// The bounds error for one row or column, if any.
    static func boundsError(what: @autoclosure () -> String, _ lower: Double, _ upper: Double) -> SolverError? {
        if lower.isNaN { return .notFinite(what: "lower bound of \(what())", value: lower) }
        if upper.isNaN { return .notFinite(what: "upper bound of \(what())", value: upper) }
        if lower == .infinity || upper == -.infinity || lower > upper {
            return .invalidBounds(what: what(), lower: lower, upper: upper)
        }
        return nil
    }

    /// Whether GLPK accepts the name: 1-255 bytes, none of them a control character.
    static func isValidName(_ name: String) -> Bool {
        var count = 0
        for byte in name.utf8 {
            if byte < 0x20 || byte == 0x7F { return false }
            count += 1
        }
        return count >= 1 && count <= 255
    }

    /// Duplicate (row, column) pairs, each reported once, ordered by row then first
    /// appearance. Requires all indices in range. Counting sort by row, then a per-column
    /// marker stamped with the row: O(rows + columns + entries), no hashing.
    func duplicateEntries(limit: Int) -> [(Int, Int)] {
        let m = rowCount
        let n = columnCount
        let count = entryValues.count
        guard count > 1, limit > 0 else { return [] }
        var rowStart = [Int32](repeating: 0, count: m + 1)
        for k in 0..<count { rowStart[Int(entryRows[k]) + 1] += 1 }
        for i in 0..<m { rowStart[i + 1] += rowStart[i] }
        var next = rowStart
        var order = [Int32](repeating: 0, count: count)
        for k in 0..<count {
            let i = Int(entryRows[k])
            order[Int(next[i])] = Int32(k)
            next[i] += 1
        }
        // mark[j] = row + 1 when column j was seen in that row; reported[j] likewise when reported.
        var mark = [Int32](repeating: 0, count: n)
        var reported = [Int32](repeating: 0, count: n)
        var result: [(Int, Int)] = []
        for i in 0..<m {
            let stamp = Int32(i + 1)
            for position in Int(rowStart[i])..<Int(rowStart[i + 1]) {
                let j = Int(entryColumns[Int(order[position])])
                if mark[j] == stamp {
                    if reported[j] != stamp {
                        reported[j] = stamp
                        result.append((i, j))
                        if result.count >= limit { return result }
                    }
                } else {
                    mark[j] = stamp
                }
            }
        }
        return result
    }
}
