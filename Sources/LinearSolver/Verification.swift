// The check every solution passes before anything is built from it: column values against the
// ORIGINAL model (the LinearModel as built, not GLPK's presolved or scaled copy). GLPK's own
// feasibility tests run on the transformed problem with its tolerances (tol_bnd 1e-7 on scaled
// rows, tol_int 1e-5); this one recomputes every row activity from the column values.

/// What ``LinearModel/verify(columnValues:tolerance:)`` found: the largest violation of any
/// rule of the model by a vector of column values, and where.
///
/// Violations are relative: a column bound's excess over `max(1, |bound|)`; a row's excess over
/// `max(1, |bound|, Σ|a_ij·x_j|)`, its activity recomputed from the column values; an integer
/// column's distance to the nearest integer (absolute). A non-finite value, or a vector of the
/// wrong length, is an infinite violation.
public struct Verification: Sendable, Equatable, CustomStringConvertible {
    /// Which rule a violation breaks.
    public enum Rule: String, Sendable, Equatable {
        /// A column below its lower or above its upper bound.
        case columnBound = "column bound"
        /// A row activity below its lower or above its upper bound.
        case rowBound = "row bound"
        /// An integer or binary column with a fractional value.
        case integrality
        /// A NaN or infinite column value.
        case notFinite = "finite value"
        /// The vector's length differs from the model's column count.
        case size
    }

    /// One violated rule.
    public struct Violation: Sendable, Equatable {
        /// The rule broken.
        public var rule: Rule
        /// The row (``Rule/rowBound``) or column (otherwise) index, 0-based; see ``row`` and
        /// ``column`` for the typed handles.
        public var index: Int
        /// The row or column name from the model, when it has names.
        public var name: String?
        /// The relative violation (see ``Verification``).
        public var amount: Double
        /// The value found: the recomputed row activity or the column value (for ``Rule/size``,
        /// the vector's length).
        public var value: Double
        /// The bound broken, or the nearest integer for ``Rule/integrality`` (for ``Rule/size``,
        /// the model's column count).
        public var bound: Double

        /// Creates a violation.
        public init(rule: Rule, index: Int, name: String?, amount: Double, value: Double, bound: Double) {
            self.rule = rule
            self.index = index
            self.name = name
            self.amount = amount
            self.value = value
            self.bound = bound
        }

        /// The row broken, for ``Rule/rowBound``; nil otherwise.
        public var row: RowID? { rule == .rowBound ? RowID(index) : nil }
        /// The column broken, for a column rule (not ``Rule/rowBound`` or ``Rule/size``); nil otherwise.
        public var column: ColumnID? { rule == .rowBound || rule == .size ? nil : ColumnID(index) }

        /// Where: the name when there is one, else "row 3" / "column 7".
        public var place: String {
            if let name { return name }
            return row?.description ?? column?.description ?? "column \(index)"
        }
    }

    /// The largest relative violation found; 0 when every rule holds exactly.
    public var maxViolation: Double
    /// The largest violation (nil when ``maxViolation`` is 0).
    public var worst: Violation?
    /// The tolerance the vector was checked against.
    public var tolerance: Double

    /// Creates a verification result.
    public init(maxViolation: Double, worst: Violation?, tolerance: Double) {
        self.maxViolation = maxViolation
        self.worst = worst
        self.tolerance = tolerance
    }

    /// Whether every rule holds within ``tolerance``.
    public var isVerified: Bool { maxViolation <= tolerance }

    /// One sentence: "verified (largest violation 3e-12)" or what failed by how much.
    public var description: String {
        guard !isVerified, let worst else {
            return "verified (largest relative violation \(maxViolation))"
        }
        switch worst.rule {
        case .size:
            return "the solution has \(Int(worst.value)) column values for \(Int(worst.bound)) columns"
        case .notFinite:
            return "\(worst.place) has the value \(worst.value)"
        case .integrality:
            return
                "integer \(worst.place) is \(worst.value), \(abs(worst.value - worst.bound)) from a whole number (tolerance \(tolerance))"
        case .columnBound, .rowBound:
            let side = worst.value < worst.bound ? "below its lower bound" : "above its upper bound"
            let what =
                worst.rule == .rowBound ? "\(worst.place) (activity recomputed from the column values)" : worst.place
            return
                "\(what) is \(worst.value), \(side) \(worst.bound) by \(worst.amount) relative (tolerance \(tolerance))"
        }
    }
}

extension LinearModel {
    /// The relative tolerance plans are verified against.
    public static let verificationTolerance = 1e-6

    /// Checks a vector of column values against every rule of this model: column bounds, row
    /// bounds (activities recomputed from `columnValues`, integer columns rounded, and the matrix entries) and
    /// integrality of `.integer` and `.binary` columns. Pure; O(rows + columns + entries).
    /// Ties go to the first rule checked (columns, then rows, in index order), so the result
    /// is deterministic.
    public func verify(columnValues: [Double], tolerance: Double = LinearModel.verificationTolerance) -> Verification {
        let n = columnCount
        let m = rowCount
        guard columnValues.count == n else {
            return Verification(
                maxViolation: .infinity,
                worst: .init(
                    rule: .size, index: 0, name: nil, amount: .infinity,
                    value: Double(columnValues.count), bound: Double(n)),
                tolerance: tolerance)
        }
        var largest = 0.0
        var worst: Verification.Violation?
        func record(_ rule: Verification.Rule, _ index: Int, _ amount: Double, _ value: Double, _ bound: Double) {
            guard amount > largest else { return }
            largest = amount
            let names = rule == .rowBound ? rowNames : columnNames
            worst = .init(rule: rule, index: index, name: names?[index], amount: amount, value: value, bound: bound)
        }
        for j in 0..<n {
            let x = columnValues[j]
            guard x.isFinite else {
                record(.notFinite, j, .infinity, x, 0)
                continue
            }
            let lower = columnLower[j]
            let upper = columnUpper[j]
            if x < lower { record(.columnBound, j, (lower - x) / Swift.max(1, abs(lower)), x, lower) }
            if x > upper { record(.columnBound, j, (x - upper) / Swift.max(1, abs(upper)), x, upper) }
            if columnKinds[j] != .continuous {
                let nearest = x.rounded()
                record(.integrality, j, abs(x - nearest), x, nearest)
            }
        }
        if largest.isInfinite { return Verification(maxViolation: largest, worst: worst, tolerance: tolerance) }
        // Rows are checked with every integer column rounded, as the plan reads them: a binary
        // at 4e-9 passes the integrality check, but in x ≤ 1e9·y it would let x = 4 run without
        // its fixed cost or minimum order.
        var rounded = columnValues
        for j in 0..<n where columnKinds[j] != .continuous { rounded[j] = rounded[j].rounded() }
        var activity = [Double](repeating: 0, count: m)
        var magnitude = [Double](repeating: 0, count: m)
        entryRows.withUnsafeBufferPointer { rows in
            entryColumns.withUnsafeBufferPointer { columns in
                entryValues.withUnsafeBufferPointer { values in
                    rounded.withUnsafeBufferPointer { x in
                        for k in 0..<values.count {
                            let i = Int(rows[k])
                            let j = Int(columns[k])
                            // An invalid model: see validationErrors().
                            guard i >= 0 && i < m && j >= 0 && j < n else { continue }
                            let term = values[k] * x[j]
                            activity[i] += term
                            magnitude[i] += abs(term)
                        }
                    }
                }
            }
        }
        for i in 0..<m {
            let a = activity[i]
            let lower = rowLower[i]
            let upper = rowUpper[i]
            guard a.isFinite else {
                record(.rowBound, i, .infinity, a, a > 0 ? upper : lower)
                continue
            }
            if a < lower { record(.rowBound, i, (lower - a) / Swift.max(1, abs(lower), magnitude[i]), a, lower) }
            if a > upper { record(.rowBound, i, (a - upper) / Swift.max(1, abs(upper), magnitude[i]), a, upper) }
        }
        return Verification(maxViolation: largest, worst: worst, tolerance: tolerance)
    }
}

/// One end of a model's coefficient range (``LinearModel/coefficientRange()``).
public struct CoefficientExtreme: Sendable, Equatable {
    /// The coefficient (a matrix entry).
    public var value: Double
    /// Its row.
    public var row: RowID
    /// Its column.
    public var column: ColumnID
    /// Creates an extreme.
    public init(value: Double, row: RowID, column: ColumnID) {
        self.value = value
        self.row = row
        self.column = column
    }
}

extension LinearModel {
    /// The matrix entries of smallest and largest magnitude (zeros ignored; the first of equal
    /// ones), or nil for a matrix without nonzero entries: what GLPK's scaling has to bridge.
    public func coefficientRange() -> (smallest: CoefficientExtreme, largest: CoefficientExtreme)? {
        var smallest: CoefficientExtreme?
        var largest: CoefficientExtreme?
        for k in 0..<entryValues.count {
            let magnitude = abs(entryValues[k])
            guard magnitude > 0, magnitude.isFinite else { continue }
            if smallest == nil || magnitude < abs(smallest!.value) {
                smallest = CoefficientExtreme(value: entryValues[k], row: entryRow(k), column: entryColumn(k))
            }
            if largest == nil || magnitude > abs(largest!.value) {
                largest = CoefficientExtreme(value: entryValues[k], row: entryRow(k), column: entryColumn(k))
            }
        }
        guard let smallest, let largest else { return nil }
        return (smallest, largest)
    }
}
