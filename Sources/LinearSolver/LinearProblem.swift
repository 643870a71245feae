// LinearProblem's life (load, wrap, delete), its checks, and the changes between solves. With its
// extensions (+Solve, +Basis, +Sensitivity, +Files) and GLPK.swift these are the only files that
// call GLPK. Swift validates every argument before a glp_* call; the C guard in CGLPKShim catches
// whatever GLPK still rejects with a fatal error.
import CGLPK
import CGLPKShim
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One GLPK problem object (`glp_prob`), created from a ``LinearModel``, solved, changed and
/// solved again.
///
/// **Threads.** GLPK keeps one environment per thread, and a problem belongs to the
/// environment of the thread that created it: using or deleting it on another thread
/// aborts. So a `LinearProblem` must be created, used and released on one thread. It is not
/// `Sendable`; never hold one across an `await` (a task may resume on another thread).
/// Every method checks the calling thread with a precondition; a problem released on the
/// wrong thread is leaked rather than deleted (deleting it would abort the process).
/// Separate problems on separate threads can be solved concurrently.
///
/// **Fatal GLPK errors.** If GLPK raises a fatal error anyway (see
/// ``SolverError/glpkAborted(message:)``), the guard frees the thread's GLPK environment, and
/// this and every other problem created on the thread before becomes unusable
/// (``isUsable`` is false): throwing methods throw `glpkAborted`, ``solve(_:)`` returns
/// `.error`, getters still return the last known values, and release is safe.
///
/// The corresponding C functions are glp_create_prob and glp_delete_prob.
public final class LinearProblem {
    let problem: OpaquePointer
    let ownerThread: pthread_t
    let generation: UInt64

    // Mirrors of what was loaded, so getters and validation need no GLPK call. Changed only by
    // the setters here and by fixedIntegerLP (+Solve), always together with GLPK's copy.
    var columnLowerBounds: [Double]
    var columnUpperBounds: [Double]
    var objectiveCoefficients: [Double]
    var kinds: [ColumnKind]
    var rowLowerBounds: [Double]
    var rowUpperBounds: [Double]
    /// The number of matrix entries loaded (zeros dropped).
    public private(set) var nonzeroCount: Int
    /// The number of `.integer` and `.binary` columns.
    public internal(set) var integerColumnCount: Int
    /// True right after an LP solve ended optimal, until anything changes (+Sensitivity).
    var hasOptimalBasis = false
    /// True once a solve or setBasis has left a basis worth starting from (+Solve).
    var hasWarmBasis = false
    /// Whether GLPK's scale factors are set on the problem (``SolveOptions/scaling``).
    var isScaled = false

    /// Whether the objective is minimised or maximised. Set it with ``setDirection(_:)``.
    /// The corresponding C function is glp_get_obj_dir.
    public private(set) var direction: OptimizationDirection

    /// The number of rows (constraints). The corresponding C function is glp_get_num_rows.
    public var rowCount: Int { rowLowerBounds.count }
    /// The number of columns (variables). The corresponding C function is glp_get_num_cols.
    public var columnCount: Int { columnLowerBounds.count }
    /// The columns, in order.
    public var columns: [ColumnID] { (0..<columnCount).map(ColumnID.init) }
    /// The rows, in order.
    public var rows: [RowID] { (0..<rowCount).map(RowID.init) }
    /// Whether any column is integer, so that ``solve(_:)`` runs branch-and-bound.
    public var isMIP: Bool { integerColumnCount > 0 }

    /// Whether the problem can still be used: false after a fatal GLPK error on its thread or
    /// ``GLPK/freeThreadEnvironment()`` freed its environment, or on a thread other than its own.
    public var isUsable: Bool {
        pthread_equal(ownerThread, pthread_self()) != 0 && cglpk_generation() == generation
    }

    /// Validates the model and loads it into a new GLPK problem: one glp_add_rows, one
    /// glp_add_cols, bounds, objective, kinds, names (only when the model has them) and
    /// one glp_load_matrix with all non-zero entries.
    ///
    /// Throws the first of ``LinearModel/validationErrors()`` if there are any, or
    /// ``SolverError/glpkAborted(message:)`` if GLPK still rejects the data.
    /// The corresponding C functions are glp_create_prob and glp_load_matrix.
    public init(_ model: LinearModel) throws(SolverError) {
        if let first = model.validationErrors().first { throw first }
        let m = model.rowCount
        let n = model.columnCount
        guard m < Int(Int32.max), n < Int(Int32.max), model.nonzeroCount < Int(Int32.max) else {
            throw .indexOutOfRange(kind: "size", index: max(m, n, model.nonzeroCount), count: Int(Int32.max))
        }
        cglpk_prepare()
        ownerThread = pthread_self()
        generation = cglpk_generation()
        problem = glp_create_prob()
        columnLowerBounds = model.columnLower
        columnUpperBounds = model.columnUpper
        objectiveCoefficients = model.objective
        kinds = model.columnKinds
        rowLowerBounds = model.rowLower
        rowUpperBounds = model.rowUpper
        integerColumnCount = model.columnKinds.reduce(0) { $0 + ($1 == .continuous ? 0 : 1) }
        direction = model.direction

        glp_set_obj_dir(problem, model.direction == .minimize ? GLP_MIN : GLP_MAX)
        glp_set_obj_coef(problem, 0, model.objectiveConstant)
        if m > 0 { glp_add_rows(problem, Int32(m)) }
        if n > 0 { glp_add_cols(problem, Int32(n)) }
        for i in 0..<m {
            Self.setRowBounds(problem, RowID(i).glpkIndex, model.rowLower[i], model.rowUpper[i])
        }
        for j in 0..<n {
            let column = ColumnID(j).glpkIndex
            if model.columnKinds[j] != .continuous { glp_set_col_kind(problem, column, GLP_IV) }
            Self.setColumnBounds(problem, column, model.columnLower[j], model.columnUpper[j])
            if model.objective[j] != 0 { glp_set_obj_coef(problem, column, model.objective[j]) }
        }
        if let names = model.columnNames {
            for j in 0..<n { glp_set_col_name(problem, ColumnID(j).glpkIndex, names[j]) }
        }
        if let names = model.rowNames {
            for i in 0..<m { glp_set_row_name(problem, RowID(i).glpkIndex, names[i]) }
        }

        // 1-based triplet arrays (slot 0 unused), zeros dropped.
        let count = model.entryValues.count
        var ia = [Int32](repeating: 0, count: count + 1)
        var ja = [Int32](repeating: 0, count: count + 1)
        var ar = [Double](repeating: 0, count: count + 1)
        var loaded = 0
        model.entryRows.withUnsafeBufferPointer { rows in
            model.entryColumns.withUnsafeBufferPointer { columns in
                model.entryValues.withUnsafeBufferPointer { values in
                    for k in 0..<count where values[k] != 0 {
                        loaded += 1
                        ia[loaded] = rows[k] + 1
                        ja[loaded] = columns[k] + 1
                        ar[loaded] = values[k]
                    }
                }
            }
        }
        nonzeroCount = loaded
        if loaded > 0 {
            let outcome = cglpk_load_matrix(problem, Int32(loaded), ia, ja, ar)
            if outcome == CGLPK_ABORTED {
                // The environment (and the problem with it) is gone; deinit will not delete it.
                throw .capturedAbort()
            }
        }
    }

    /// Wraps a problem GLPK created (by reading a file) on the calling thread, mirroring its data.
    init(reading problem: OpaquePointer) {
        self.problem = problem
        ownerThread = pthread_self()
        generation = cglpk_generation()
        let m = Int(glp_get_num_rows(problem))
        let n = Int(glp_get_num_cols(problem))
        let rows = (0..<m).map { i in
            let k = RowID(i).glpkIndex
            return Self.bounds(
                type: glp_get_row_type(problem, k), glp_get_row_lb(problem, k), glp_get_row_ub(problem, k))
        }
        let columns = (0..<n).map { j in
            let k = ColumnID(j).glpkIndex
            return Self.bounds(
                type: glp_get_col_type(problem, k), glp_get_col_lb(problem, k), glp_get_col_ub(problem, k))
        }
        rowLowerBounds = rows.map(\.lower)
        rowUpperBounds = rows.map(\.upper)
        columnLowerBounds = columns.map(\.lower)
        columnUpperBounds = columns.map(\.upper)
        objectiveCoefficients = (0..<n).map { j in glp_get_obj_coef(problem, ColumnID(j).glpkIndex) }
        kinds = (0..<n).map { j in
            switch glp_get_col_kind(problem, ColumnID(j).glpkIndex) {
            case GLP_IV: return .integer
            case GLP_BV: return .binary
            default: return .continuous
            }
        }
        integerColumnCount = kinds.reduce(0) { $0 + ($1 == .continuous ? 0 : 1) }
        nonzeroCount = Int(glp_get_num_nz(problem))
        direction = glp_get_obj_dir(problem) == GLP_MAX ? .maximize : .minimize
    }

    deinit {
        guard pthread_equal(ownerThread, pthread_self()) != 0 else {
            // Deleting on another thread aborts inside GLPK; leaking is the only safe choice.
            assertionFailure("LinearProblem released on a thread other than the one that created it; leaked")
            return
        }
        if cglpk_generation() == generation { glp_delete_prob(problem) }
    }

    // MARK: - Checks

    func checkThread() {
        precondition(
            pthread_equal(ownerThread, pthread_self()) != 0,
            "LinearProblem used on a thread other than the one that created it (GLPK's environment is per thread)")
    }

    private static let unusableMessage =
        "this problem is unusable: an earlier fatal GLPK error on its thread, or GLPK.freeThreadEnvironment(), freed its environment"

    /// Throws unless the problem is alive on the calling thread; also installs GLPK's hooks.
    func checkUsable() throws(SolverError) {
        checkThread()
        guard cglpk_generation() == generation else { throw .glpkAborted(message: Self.unusableMessage) }
        cglpk_prepare()
    }

    func checkColumn(_ column: ColumnID) throws(SolverError) {
        guard column.index >= 0 && column.index < columnCount else {
            throw .indexOutOfRange(kind: "column", index: column.index, count: columnCount)
        }
    }

    func checkRow(_ row: RowID) throws(SolverError) {
        guard row.index >= 0 && row.index < rowCount else {
            throw .indexOutOfRange(kind: "row", index: row.index, count: rowCount)
        }
    }

    // MARK: - Bounds as GLPK stores them (a type and two numbers)

    private static func boundType(_ lower: Double, _ upper: Double) -> Int32 {
        switch (lower == -.infinity, upper == .infinity) {
        case (true, true): return GLP_FR
        case (false, true): return GLP_LO
        case (true, false): return GLP_UP
        case (false, false): return lower == upper ? GLP_FX : GLP_DB
        }
    }

    /// Bounds read from GLPK: ±infinity on a side its bound type leaves open.
    private static func bounds(type: Int32, _ lower: Double, _ upper: Double) -> (lower: Double, upper: Double) {
        let hasLower = type == GLP_LO || type == GLP_DB || type == GLP_FX
        let hasUpper = type == GLP_UP || type == GLP_DB || type == GLP_FX
        return (hasLower ? lower : -.infinity, hasUpper ? upper : .infinity)
    }

    private static func setRowBounds(_ problem: OpaquePointer, _ row: Int32, _ lower: Double, _ upper: Double) {
        glp_set_row_bnds(problem, row, boundType(lower, upper), lower.isFinite ? lower : 0, upper.isFinite ? upper : 0)
    }

    static func setColumnBounds(_ problem: OpaquePointer, _ column: Int32, _ lower: Double, _ upper: Double) {
        glp_set_col_bnds(
            problem, column, boundType(lower, upper), lower.isFinite ? lower : 0, upper.isFinite ? upper : 0)
    }

    // MARK: - Changes between solves

    /// Sets a column's objective coefficient (finite). A following solve with presolve off
    /// starts from the current basis. The corresponding C function is glp_set_obj_coef.
    public func setObjective(column: ColumnID, _ value: Double) throws(SolverError) {
        try checkUsable()
        try checkColumn(column)
        guard value.isFinite else { throw .notFinite(what: "objective coefficient of \(column)", value: value) }
        glp_set_obj_coef(problem, column.glpkIndex, value)
        objectiveCoefficients[column.index] = value
        hasOptimalBasis = false
    }

    /// Appends continuous columns, each non-basic at its lower bound, so that the current basis
    /// stays a basis and the next solve with presolve off starts from it (column generation
    /// grows a master problem this way). Each column's entries name distinct rows; zeros are
    /// dropped. Throws for an invalid bound, a non-finite value, an unknown or repeated row,
    /// before anything changes. Returns the first new column (the others follow it in order).
    /// The corresponding C functions are glp_add_cols, glp_set_col_bnds, glp_set_obj_coef and
    /// glp_set_mat_col.
    @discardableResult
    public func addColumns(
        _ columns: [(lower: Double, upper: Double, objective: Double, entries: [(row: RowID, value: Double)])]
    )
        throws(SolverError) -> ColumnID
    {
        try checkUsable()
        let first = ColumnID(columnCount)
        // The new column (its offset in `columns`) that last named each row: a repeat is a duplicate.
        var seen = [Int?](repeating: nil, count: rowCount)
        for (k, column) in columns.enumerated() {
            let what = "column \(first.index + k)"
            if let error = LinearModel.boundsError(what: what, column.lower, column.upper) { throw error }
            if column.lower == -.infinity { throw .invalidBounds(what: what, lower: column.lower, upper: column.upper) }
            guard column.objective.isFinite else {
                throw .notFinite(what: "objective coefficient of \(what)", value: column.objective)
            }
            for (row, value) in column.entries {
                try checkRow(row)
                guard value.isFinite else { throw .notFinite(what: "matrix entry (\(row), \(what))", value: value) }
                guard seen[row.index] != k else { throw .duplicateEntry(row: row.index, column: first.index + k) }
                seen[row.index] = k
            }
        }
        guard !columns.isEmpty else { return first }
        glp_add_cols(problem, Int32(columns.count))
        var indices = [Int32](repeating: 0, count: rowCount + 1)
        var values = [Double](repeating: 0, count: rowCount + 1)
        for (k, column) in columns.enumerated() {
            let j = ColumnID(first.index + k).glpkIndex
            Self.setColumnBounds(problem, j, column.lower, column.upper)
            if column.objective != 0 { glp_set_obj_coef(problem, j, column.objective) }
            var count = 0
            for (row, value) in column.entries where value != 0 {
                count += 1
                indices[count] = row.glpkIndex
                values[count] = value
            }
            if count > 0 { glp_set_mat_col(problem, j, Int32(count), indices, values) }
            glp_set_col_stat(problem, j, column.lower == column.upper ? GLP_NS : GLP_NL)
            nonzeroCount += count
            columnLowerBounds.append(column.lower)
            columnUpperBounds.append(column.upper)
            objectiveCoefficients.append(column.objective)
            kinds.append(.continuous)
        }
        hasOptimalBasis = false
        return first
    }

    /// Sets the optimisation direction (e.g. after reading an MPS file, which cannot store it).
    /// The corresponding C function is glp_set_obj_dir.
    public func setDirection(_ direction: OptimizationDirection) throws(SolverError) {
        try checkUsable()
        glp_set_obj_dir(problem, direction == .minimize ? GLP_MIN : GLP_MAX)
        self.direction = direction
        hasOptimalBasis = false
    }

    /// Sets a column's bounds (-infinity / +infinity for none; lower <= upper; not NaN).
    /// The corresponding C function is glp_set_col_bnds.
    public func setColumnBounds(_ column: ColumnID, lower: Double, upper: Double) throws(SolverError) {
        try checkUsable()
        try checkColumn(column)
        if let error = LinearModel.boundsError(what: column.description, lower, upper) { throw error }
        Self.setColumnBounds(problem, column.glpkIndex, lower, upper)
        columnLowerBounds[column.index] = lower
        columnUpperBounds[column.index] = upper
        hasOptimalBasis = false
    }

    /// Sets a row's bounds (-infinity / +infinity for none; lower <= upper; not NaN).
    /// The corresponding C function is glp_set_row_bnds.
    public func setRowBounds(_ row: RowID, lower: Double, upper: Double) throws(SolverError) {
        try checkUsable()
        try checkRow(row)
        if let error = LinearModel.boundsError(what: row.description, lower, upper) { throw error }
        Self.setRowBounds(problem, row.glpkIndex, lower, upper)
        rowLowerBounds[row.index] = lower
        rowUpperBounds[row.index] = upper
        hasOptimalBasis = false
    }

    /// Sets a column's kind. `.binary` makes it integer and intersects its bounds with 0...1
    /// (throwing ``SolverError/invalidBounds(what:lower:upper:)`` if that leaves nothing).
    /// The corresponding C function is glp_set_col_kind.
    public func setColumnKind(_ column: ColumnID, _ kind: ColumnKind) throws(SolverError) {
        try checkUsable()
        try checkColumn(column)
        let j = column.index
        if kind == .binary {
            let (lower, upper) = LinearModel.binaryBounds(columnLowerBounds[j], columnUpperBounds[j])
            guard lower <= upper else { throw .invalidBounds(what: "binary \(column)", lower: lower, upper: upper) }
            Self.setColumnBounds(problem, column.glpkIndex, lower, upper)
            columnLowerBounds[j] = lower
            columnUpperBounds[j] = upper
        }
        glp_set_col_kind(problem, column.glpkIndex, kind == .continuous ? GLP_CV : GLP_IV)
        if (kinds[j] == .continuous) != (kind == .continuous) { integerColumnCount += kind == .continuous ? -1 : 1 }
        kinds[j] = kind
        hasOptimalBasis = false
    }

    // MARK: - What was loaded

    /// A column's bounds (±infinity where there is none). Traps on an invalid handle.
    /// The corresponding C functions are glp_get_col_lb and glp_get_col_ub.
    public func columnBounds(_ column: ColumnID) -> (lower: Double, upper: Double) {
        (columnLowerBounds[column.index], columnUpperBounds[column.index])
    }

    /// A row's bounds (±infinity where there is none). Traps on an invalid handle.
    /// The corresponding C functions are glp_get_row_lb and glp_get_row_ub.
    public func rowBounds(_ row: RowID) -> (lower: Double, upper: Double) {
        (rowLowerBounds[row.index], rowUpperBounds[row.index])
    }

    /// A column's objective coefficient. Traps on an invalid handle.
    /// The corresponding C function is glp_get_obj_coef.
    public func objectiveCoefficient(_ column: ColumnID) -> Double { objectiveCoefficients[column.index] }

    /// A column's kind. Traps on an invalid handle. The corresponding C function is glp_get_col_kind.
    public func columnKind(_ column: ColumnID) -> ColumnKind { kinds[column.index] }

    /// A column's name, or nil when it has none, the handle is invalid or the problem is unusable.
    /// The corresponding C function is glp_get_col_name.
    public func columnName(_ column: ColumnID) -> String? {
        checkThread()
        guard column.index >= 0, column.index < columnCount, cglpk_generation() == generation,
            let name = glp_get_col_name(problem, column.glpkIndex)
        else { return nil }
        return String(cString: name)
    }

    /// A row's name, or nil when it has none, the handle is invalid or the problem is unusable.
    /// The corresponding C function is glp_get_row_name.
    public func rowName(_ row: RowID) -> String? {
        checkThread()
        guard row.index >= 0, row.index < rowCount, cglpk_generation() == generation,
            let name = glp_get_row_name(problem, row.glpkIndex)
        else { return nil }
        return String(cString: name)
    }

    // MARK: - Testing

    /// Makes GLPK raise a fatal error under the guard (glp_set_row_bnds with row 0), for
    /// tests of the guard. Always throws ``SolverError/glpkAborted(message:)``; afterwards
    /// every problem on this thread is unusable.
    func triggerGuardedGLPKErrorForTesting() throws(SolverError) {
        try checkUsable()
        if cglpk_test_trigger_error(problem) == CGLPK_ABORTED { throw .capturedAbort() }
    }
}
