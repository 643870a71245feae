// With LinearProblem+Files.swift, the only files that call GLPK. Swift validates every
// argument before a glp_* call; the C guard in CGLPKShim catches whatever GLPK still rejects
// with a fatal error.
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

    // Mirrors of what was loaded, so getters and validation need no GLPK call.
    private var columnLowerBounds: [Double]
    private var columnUpperBounds: [Double]
    private var objectiveCoefficients: [Double]
    private var kinds: [ColumnKind]
    private var rowLowerBounds: [Double]
    private var rowUpperBounds: [Double]
    /// The number of matrix entries loaded (zeros dropped).
    public private(set) var nonzeroCount: Int
    /// The number of `.integer` and `.binary` columns.
    public private(set) var integerColumnCount: Int
    /// True right after an LP solve ended optimal, until anything changes.
    private var hasOptimalBasis = false
    /// True once a solve or setBasis has left a basis worth starting from.
    private var hasWarmBasis = false
    /// Whether GLPK's scale factors are set on the problem (``SolveOptions/scaling``).
    private var isScaled = false

    /// Whether the objective is minimised or maximised. Set it with ``setDirection(_:)``.
    /// The corresponding C function is glp_get_obj_dir.
    public private(set) var direction: OptimizationDirection

    /// The number of rows (constraints).
    public var rowCount: Int { rowLowerBounds.count }
    /// The number of columns (variables).
    public var columnCount: Int { columnLowerBounds.count }
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
        let m = model.rowCount, n = model.columnCount
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
            Self.setRowBounds(problem, Int32(i + 1), model.rowLower[i], model.rowUpper[i])
        }
        for j in 0..<n {
            let column = Int32(j + 1)
            if model.columnKinds[j] != .continuous { glp_set_col_kind(problem, column, GLP_IV) }
            Self.setColumnBounds(problem, column, model.columnLower[j], model.columnUpper[j])
            if model.objective[j] != 0 { glp_set_obj_coef(problem, column, model.objective[j]) }
        }
        if let names = model.columnNames {
            for j in 0..<n { glp_set_col_name(problem, Int32(j + 1), names[j]) }
        }
        if let names = model.rowNames {
            for i in 0..<m { glp_set_row_name(problem, Int32(i + 1), names[i]) }
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
                throw .glpkAborted(message: String(cString: cglpk_captured_text()))
            }
        }
    }

    /// Wraps a problem GLPK created (by reading a file), mirroring its data.
    /// Wraps a problem GLPK created (by reading a file) on the calling thread.
    init(reading problem: OpaquePointer) {
        self.problem = problem
        ownerThread = pthread_self()
        generation = cglpk_generation()
        let m = Int(glp_get_num_rows(problem)), n = Int(glp_get_num_cols(problem))
        func unbounded(_ value: Double, _ type: Int32, lowerSide: Bool) -> Double {
            if lowerSide { return (type == GLP_LO || type == GLP_DB || type == GLP_FX) ? value : -.infinity }
            return (type == GLP_UP || type == GLP_DB || type == GLP_FX) ? value : .infinity
        }
        rowLowerBounds = (0..<m).map { i in
            unbounded(glp_get_row_lb(problem, Int32(i + 1)), glp_get_row_type(problem, Int32(i + 1)), lowerSide: true)
        }
        rowUpperBounds = (0..<m).map { i in
            unbounded(glp_get_row_ub(problem, Int32(i + 1)), glp_get_row_type(problem, Int32(i + 1)), lowerSide: false)
        }
        columnLowerBounds = (0..<n).map { j in
            unbounded(glp_get_col_lb(problem, Int32(j + 1)), glp_get_col_type(problem, Int32(j + 1)), lowerSide: true)
        }
        columnUpperBounds = (0..<n).map { j in
            unbounded(glp_get_col_ub(problem, Int32(j + 1)), glp_get_col_type(problem, Int32(j + 1)), lowerSide: false)
        }
        objectiveCoefficients = (0..<n).map { j in glp_get_obj_coef(problem, Int32(j + 1)) }
        kinds = (0..<n).map { j in
            switch glp_get_col_kind(problem, Int32(j + 1)) {
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

    private func checkThread() {
        precondition(pthread_equal(ownerThread, pthread_self()) != 0,
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

    private func checkColumn(_ column: Int) throws(SolverError) {
        guard column >= 0 && column < columnCount else {
            throw .indexOutOfRange(kind: "column", index: column, count: columnCount)
        }
    }

    private func checkRow(_ row: Int) throws(SolverError) {
        guard row >= 0 && row < rowCount else { throw .indexOutOfRange(kind: "row", index: row, count: rowCount) }
    }

    private static func boundType(_ lower: Double, _ upper: Double) -> Int32 {
        switch (lower == -.infinity, upper == .infinity) {
        case (true, true): return GLP_FR
        case (false, true): return GLP_LO
        case (true, false): return GLP_UP
        case (false, false): return lower == upper ? GLP_FX : GLP_DB
        }
    }

    private static func setRowBounds(_ problem: OpaquePointer, _ row: Int32, _ lower: Double, _ upper: Double) {
        glp_set_row_bnds(problem, row, boundType(lower, upper), lower.isFinite ? lower : 0, upper.isFinite ? upper : 0)
    }

    private static func setColumnBounds(_ problem: OpaquePointer, _ column: Int32, _ lower: Double, _ upper: Double) {
        glp_set_col_bnds(problem, column, boundType(lower, upper), lower.isFinite ? lower : 0, upper.isFinite ? upper : 0)
    }

    // MARK: - Changes between solves

    /// Sets a column's objective coefficient (finite). A following solve with presolve off
    /// starts from the current basis. The corresponding C function is glp_set_obj_coef.
    public func setObjective(column: Int, _ value: Double) throws(SolverError) {
        try checkUsable()
        try checkColumn(column)
        guard value.isFinite else { throw .notFinite(what: "objective coefficient of column \(column)", value: value) }
        glp_set_obj_coef(problem, Int32(column + 1), value)
        objectiveCoefficients[column] = value
        hasOptimalBasis = false
    }

    /// Appends continuous columns, each non-basic at its lower bound, so that the current basis
    /// stays a basis and the next solve with presolve off starts from it (column generation
    /// grows a master problem this way). Each column's entries name distinct rows; zeros are
    /// dropped. Throws for an invalid bound, a non-finite value, an unknown or repeated row,
    /// before anything changes. Returns the index of the first new column.
    /// The corresponding C functions are glp_add_cols, glp_set_col_bnds, glp_set_obj_coef and
    /// glp_set_mat_col.
    @discardableResult
    public func addColumns(_ columns: [(lower: Double, upper: Double, objective: Double, entries: [(row: Int, value: Double)])])
        throws(SolverError) -> Int
    {
        try checkUsable()
        let first = columnCount
        var seen = [Int](repeating: -1, count: rowCount)
        for (k, column) in columns.enumerated() {
            let what = "column \(first + k)"
            if let error = LinearModel.boundsError(what: what, column.lower, column.upper) { throw error }
            if column.lower == -.infinity { throw .invalidBounds(what: what, lower: column.lower, upper: column.upper) }
            guard column.objective.isFinite else { throw .notFinite(what: "objective coefficient of \(what)", value: column.objective) }
            for (row, value) in column.entries {
                try checkRow(row)
                guard value.isFinite else { throw .notFinite(what: "matrix entry (row \(row), \(what))", value: value) }
                guard seen[row] != k else { throw .duplicateEntry(row: row, column: first + k) }
                seen[row] = k
            }
        }
        guard !columns.isEmpty else { return first }
        glp_add_cols(problem, Int32(columns.count))
        var indices = [Int32](repeating: 0, count: rowCount + 1)
        var values = [Double](repeating: 0, count: rowCount + 1)
        for (k, column) in columns.enumerated() {
            let j = Int32(first + k + 1)
            Self.setColumnBounds(problem, j, column.lower, column.upper)
            if column.objective != 0 { glp_set_obj_coef(problem, j, column.objective) }
            var count = 0
            for (row, value) in column.entries where value != 0 {
                count += 1
                indices[count] = Int32(row + 1)
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
    public func setColumnBounds(_ column: Int, lower: Double, upper: Double) throws(SolverError) {
        try checkUsable()
        try checkColumn(column)
        if let error = LinearModel.boundsError(what: "column \(column)", lower, upper) { throw error }
        Self.setColumnBounds(problem, Int32(column + 1), lower, upper)
        columnLowerBounds[column] = lower
        columnUpperBounds[column] = upper
        hasOptimalBasis = false
    }

    /// Sets a row's bounds (-infinity / +infinity for none; lower <= upper; not NaN).
    /// The corresponding C function is glp_set_row_bnds.
    public func setRowBounds(_ row: Int, lower: Double, upper: Double) throws(SolverError) {
        try checkUsable()
        try checkRow(row)
        if let error = LinearModel.boundsError(what: "row \(row)", lower, upper) { throw error }
        Self.setRowBounds(problem, Int32(row + 1), lower, upper)
        rowLowerBounds[row] = lower
        rowUpperBounds[row] = upper
        hasOptimalBasis = false
    }

    /// Sets a column's kind. `.binary` makes it integer and intersects its bounds with 0...1
    /// (throwing ``SolverError/invalidBounds(what:lower:upper:)`` if that leaves nothing).
    /// The corresponding C function is glp_set_col_kind.
    public func setColumnKind(_ column: Int, _ kind: ColumnKind) throws(SolverError) {
        try checkUsable()
        try checkColumn(column)
        if kind == .binary {
            let (lower, upper) = LinearModel.binaryBounds(columnLowerBounds[column], columnUpperBounds[column])
            guard lower <= upper else { throw .invalidBounds(what: "binary column \(column)", lower: lower, upper: upper) }
            Self.setColumnBounds(problem, Int32(column + 1), lower, upper)
            columnLowerBounds[column] = lower
            columnUpperBounds[column] = upper
        }
        glp_set_col_kind(problem, Int32(column + 1), kind == .continuous ? GLP_CV : GLP_IV)
        if (kinds[column] == .continuous) != (kind == .continuous) { integerColumnCount += kind == .continuous ? -1 : 1 }
        kinds[column] = kind
        hasOptimalBasis = false
    }

    /// A column's bounds (±infinity where there is none). Traps on an invalid index.
    /// The corresponding C functions are glp_get_col_lb and glp_get_col_ub.
    public func columnBounds(_ column: Int) -> (lower: Double, upper: Double) {
        (columnLowerBounds[column], columnUpperBounds[column])
    }

    /// A row's bounds (±infinity where there is none). Traps on an invalid index.
    /// The corresponding C functions are glp_get_row_lb and glp_get_row_ub.
    public func rowBounds(_ row: Int) -> (lower: Double, upper: Double) {
        (rowLowerBounds[row], rowUpperBounds[row])
    }

    /// A column's objective coefficient. Traps on an invalid index.
    /// The corresponding C function is glp_get_obj_coef.
    public func objectiveCoefficient(_ column: Int) -> Double { objectiveCoefficients[column] }

    /// A column's kind. Traps on an invalid index. The corresponding C function is glp_get_col_kind.
    public func columnKind(_ column: Int) -> ColumnKind { kinds[column] }

    /// A column's name, or nil when it has none, the index is invalid or the problem is unusable.
    /// The corresponding C function is glp_get_col_name.
    public func columnName(_ column: Int) -> String? {
        checkThread()
        guard column >= 0, column < columnCount, cglpk_generation() == generation,
              let name = glp_get_col_name(problem, Int32(column + 1)) else { return nil }
        return String(cString: name)
    }

    /// A row's name, or nil when it has none, the index is invalid or the problem is unusable.
    /// The corresponding C function is glp_get_row_name.
    public func rowName(_ row: Int) -> String? {
        checkThread()
        guard row >= 0, row < rowCount, cglpk_generation() == generation,
              let name = glp_get_row_name(problem, Int32(row + 1)) else { return nil }
        return String(cString: name)
    }

    // MARK: - Solving

    /// Solves the problem.
    ///
    /// An LP (no integer column) is solved by the simplex method (glp_simplex) with the
    /// chosen method and presolve setting; with presolve off it starts from the current basis
    /// (a warm start after a previous solve or ``setBasis(_:)``). If GLPK rejects that basis
    /// (invalid, singular, ill-conditioned) the standard basis is restored and the solve
    /// retried once.
    ///
    /// A MIP is solved by branch-and-bound (glp_intopt): with presolve on GLPK's MIP
    /// presolver solves the relaxation itself; with presolve off the LP relaxation is solved
    /// first by glp_simplex. The time limit and the deadline cover both: a callback stops
    /// branch-and-bound when the time runs out (GLPK's own limit restarts after the relaxation).
    /// A MIP stopped by a limit (or Ctrl-C, see ``GLPK/stopSearchesOnInterrupt()``) with an
    /// integer solution ends `.feasible` with the gap from the search; without one, `.timeLimit`.
    ///
    /// When the presolver reports the LP has no dual feasible solution (infeasible or
    /// unbounded, it cannot tell), the LP is solved again without presolve to tell which.
    /// A MIP whose LP relaxation is unbounded is reported `.unbounded`.
    ///
    /// Never prints. The corresponding C functions are glp_simplex and glp_intopt.
    public func solve(_ options: SolveOptions = SolveOptions()) -> Solution {
        let clock = ContinuousClock()
        let start = clock.now
        var solution = solveUnmeasured(options, start: start, clock: clock)
        let elapsed = clock.now - start
        solution.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return solution
    }

    private func solveUnmeasured(_ options: SolveOptions, start: ContinuousClock.Instant, clock: ContinuousClock) -> Solution {
        hasOptimalBasis = false
        do { try checkUsable() } catch { return Solution(termination: .error, error: error) }
        if let error = Self.optionsError(options) { return Solution(termination: .error, error: error) }
        if let megabytes = options.memoryLimitMegabytes {
            // GLPK's limit counts the whole thread's memory, and one set below the current use
            // never triggers (its check subtracts unsigned sizes); so allow `megabytes` more.
            var count: Int32 = 0, peakCount: Int32 = 0, total = 0, peakTotal = 0
            glp_mem_usage(&count, &peakCount, &total, &peakTotal)
            let inUse = (total + (1 << 20) - 1) >> 20
            if cglpk_mem_limit(Int32(clamping: inUse + min(max(1, megabytes), Int(Int32.max)))) == CGLPK_ABORTED { return aborted() }
        }
        defer {
            if options.memoryLimitMegabytes != nil, cglpk_generation() == generation {
                _ = cglpk_mem_limit(Int32.max)
            }
        }
        // Milliseconds left before the earlier of the time limit (from this call) and the deadline.
        let remaining: () -> Int32 = {
            var left = Double.infinity
            if let limit = options.timeLimit {
                let elapsed = clock.now - start
                left = limit - (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
            if let deadline = options.deadline {
                let until = clock.now.duration(to: deadline)
                left = min(left, Double(until.components.seconds) + Double(until.components.attoseconds) * 1e-18)
            }
            guard left < .infinity else { return Int32.max }
            let milliseconds = left * 1000
            return milliseconds <= 0 ? 0 : Int32(clamping: Int(min(milliseconds.rounded(.up), 2e9)))
        }
        if !options.presolve && options.scaling != isScaled {
            guard cglpk_scale(problem, options.scaling ? 1 : 0) != CGLPK_ABORTED else { return aborted() }
            isScaled = options.scaling
        }
        let iterationsBefore = Int(glp_get_it_cnt(problem))
        var solution = isMIP ? solveMIP(options, remaining: remaining) : solveLP(options, remaining: remaining)
        if cglpk_generation() == generation {
            solution.iterations = max(0, Int(glp_get_it_cnt(problem)) - iterationsBefore)
        }
        return solution
    }

    private static func optionsError(_ options: SolveOptions) -> SolverError? {
        if let limit = options.timeLimit, limit.isNaN { return .notFinite(what: "time limit", value: limit) }
        if !options.mipGap.isFinite || options.mipGap < 0 {
            return .invalidBounds(what: "MIP gap (must be finite and >= 0)", lower: options.mipGap, upper: options.mipGap)
        }
        // glp_intopt aborts on tolerances outside (0, 1).
        for (what, value) in [("integrality tolerance", options.integerTolerance ?? 1e-9), ("objective tolerance", options.objectiveTolerance)]
        where !(value > 0 && value < 1) {
            return .invalidBounds(what: "\(what) (must be > 0 and < 1)", lower: value, upper: value)
        }
        return nil
    }

    private func aborted() -> Solution {
        let text = String(cString: cglpk_captured_text())
        // GLPK's allocator says "<routine>: memory allocation limit exceeded" when glp_mem_limit's
        // limit is reached, and it only has one while a solve with `memoryLimitMegabytes` runs.
        let error: SolverError = text.contains("memory allocation limit exceeded")
            ? .memoryLimit(message: text) : .glpkAborted(message: text)
        return Solution(termination: .error, error: error)
    }

    private func simplexOptions(_ options: SolveOptions, presolve: Bool, timeLimit: Int32) -> cglpk_simplex_options {
        let method: Int32
        switch options.method {
        case .primal: method = 0
        case .dual: method = 1
        case .dualThenPrimal: method = 2
        }
        let iterations = options.iterationLimit.map { Int32(clamping: max(0, $0)) } ?? Int32.max
        return cglpk_simplex_options(method: method, presolve: presolve ? 1 : 0, it_lim: iterations, tm_lim: timeLimit,
                                     strict: options.strictTolerances ? 1 : 0)
    }

    /// Runs glp_simplex; nil when the guard caught a fatal error.
    private func runSimplex(_ options: SolveOptions, presolve: Bool, timeLimit: Int32) -> Int32? {
        var parameters = simplexOptions(options, presolve: presolve, timeLimit: timeLimit)
        var result: Int32 = 0
        if options.method == .dualThenPrimal && !presolve && hasWarmBasis {
            // A warm start after a cost change leaves the basis primal feasible but not dual
            // feasible; the dual simplex would then need a long phase 1 (measured: 133
            // iterations against 4 for the primal). Choose the simplex the basis suits.
            guard cglpk_warm_up(problem, &result) != CGLPK_ABORTED else { return nil }
            if result == 0 && glp_get_prim_stat(problem) == GLP_FEAS && glp_get_dual_stat(problem) != GLP_FEAS {
                parameters.method = 0
            }
        }
        guard cglpk_simplex(problem, &parameters, &result) != CGLPK_ABORTED else { return nil }
        if !presolve && (result == GLP_EBADB || result == GLP_ESING || result == GLP_ECOND) {
            // The warm-start basis was unusable: start again from the standard basis.
            glp_std_basis(problem)
            parameters = simplexOptions(options, presolve: presolve, timeLimit: timeLimit)
            guard cglpk_simplex(problem, &parameters, &result) != CGLPK_ABORTED else { return nil }
        }
        // Whatever the outcome, GLPK now holds a basis from a solve (postsolved if presolved).
        hasWarmBasis = true
        return result
    }

    private enum LPOutcome { case optimal, infeasible, unbounded, limit, failure(SolverError) }

    /// Solves the LP (or LP relaxation) and classifies the outcome; nil if aborted.
    private func solveRelaxation(_ options: SolveOptions, remaining: () -> Int32) -> LPOutcome? {
        guard var result = runSimplex(options, presolve: options.presolve, timeLimit: remaining()) else { return nil }
        if options.presolve && result == GLP_ENODFS {
            // Presolve cannot tell infeasible from unbounded: solve without it.
            guard let again = runSimplex(options, presolve: false, timeLimit: remaining()) else { return nil }
            result = again
        }
        switch result {
        case 0:
            switch glp_get_status(problem) {
            case GLP_OPT: return .optimal
            case GLP_NOFEAS, GLP_INFEAS: return .infeasible
            case GLP_UNBND: return .unbounded
            default:
                return .failure(.glpkFailure(code: 0, routine: "glp_simplex", message: "the solver stopped without a conclusive status (\(glp_get_status(problem)))"))
            }
        case GLP_ENOPFS: return .infeasible
        case GLP_ENODFS: return .unbounded
        case GLP_EITLIM, GLP_ETMLIM: return .limit
        default:
            return .failure(.glpkFailure(code: result, routine: "glp_simplex", message: SolverError.message(forCode: result)))
        }
    }

    private func solveLP(_ options: SolveOptions, remaining: () -> Int32) -> Solution {
        guard let outcome = solveRelaxation(options, remaining: remaining) else { return aborted() }
        switch outcome {
        case .optimal:
            hasOptimalBasis = true
            var solution = Solution(termination: .optimal)
            readLPSolution(into: &solution, duals: true)
            return solution
        case .infeasible: return Solution(termination: .infeasible)
        case .unbounded: return Solution(termination: .unbounded)
        case .limit:
            // A primal feasible point may exist (primal simplex phase 2); report it as feasible.
            if glp_get_prim_stat(problem) == GLP_FEAS {
                var solution = Solution(termination: .feasible)
                readLPSolution(into: &solution, duals: false)
                return solution
            }
            return Solution(termination: .timeLimit)
        case .failure(let error): return Solution(termination: .error, error: error)
        }
    }

    private func readLPSolution(into solution: inout Solution, duals: Bool) {
        let m = rowCount, n = columnCount
        solution.objective = glp_get_obj_val(problem)
        solution.columnValues = (0..<n).map { glp_get_col_prim(problem, Int32($0 + 1)) }
        solution.rowActivities = (0..<m).map { glp_get_row_prim(problem, Int32($0 + 1)) }
        if duals {
            solution.rowDuals = (0..<m).map { glp_get_row_dual(problem, Int32($0 + 1)) }
            solution.reducedCosts = (0..<n).map { glp_get_col_dual(problem, Int32($0 + 1)) }
        }
    }

    private func readMIPSolution(into solution: inout Solution) {
        let m = rowCount, n = columnCount
        solution.objective = glp_mip_obj_val(problem)
        solution.columnValues = (0..<n).map { glp_mip_col_val(problem, Int32($0 + 1)) }
        solution.rowActivities = (0..<m).map { glp_mip_row_val(problem, Int32($0 + 1)) }
    }

    /// Milliseconds from now to `instant` for GLPK (0 when past), INT_MAX for none.
    private static func milliseconds(until instant: ContinuousClock.Instant?) -> Int32 {
        guard let instant else { return Int32.max }
        let left = ContinuousClock.now.duration(to: instant)
        let milliseconds = (Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18) * 1000
        return milliseconds <= 0 ? 0 : Int32(clamping: Int(min(milliseconds.rounded(.up), 2e9)))
    }

    private static func cutBits(_ cuts: Set<Cut>) -> Int32 {
        cuts.reduce(Int32(0)) { bits, cut in
            switch cut {
            case .mixedIntegerRounding: return bits | CGLPK_CUT_MIR
            case .gomory: return bits | CGLPK_CUT_GOMORY
            case .cover: return bits | CGLPK_CUT_COVER
            case .clique: return bits | CGLPK_CUT_CLIQUE
            }
        }
    }

    private func solveMIP(_ options: SolveOptions, remaining: () -> Int32) -> Solution {
        if !options.presolve {
            // glp_intopt without its presolver needs an optimal LP relaxation first.
            guard let outcome = solveRelaxation(options, remaining: remaining) else { return aborted() }
            switch outcome {
            case .optimal: break
            case .infeasible: return Solution(termination: .infeasible)
            case .unbounded: return Solution(termination: .unbounded)
            case .limit: return Solution(termination: .timeLimit)
            case .failure(let error): return Solution(termination: .error, error: error)
            }
        }
        var progress = cglpk_mip_progress()
        var result: Int32 = 0
        let label = options.progressLabel ?? ""
        let outcome = label.withCString { text in
            var parameters = cglpk_intopt_options(presolve: options.presolve ? 1 : 0, tm_lim: remaining(), mip_gap: options.mipGap,
                                                  progress: options.progress ? 1 : 0,
                                                  progress_label: options.progressLabel == nil ? nil : text,
                                                  cuts: Self.cutBits(options.cuts),
                                                  soft_tm_lim: Self.milliseconds(until: options.softDeadline),
                                                  strict: options.strictTolerances ? 1 : 0,
                                                  tol_int: options.integerTolerance ?? (options.presolve ? 1e-9 : 1e-5),
                                                  tol_obj: options.objectiveTolerance)
            return cglpk_intopt(problem, &parameters, &result, &progress)
        }
        guard outcome != CGLPK_ABORTED else { return aborted() }
        let status = glp_mip_status(problem)
        let hasIncumbent = status == GLP_OPT || status == GLP_FEAS
        var solution: Solution
        switch result {
        case 0 where status == GLP_OPT:
            solution = Solution(termination: .optimal)
        case 0 where status == GLP_NOFEAS:
            return Solution(termination: .infeasible)
        case GLP_EMIPGAP where hasIncumbent:
            solution = Solution(termination: .optimal)
        case GLP_ETMLIM, GLP_ESTOP, GLP_EITLIM:
            guard hasIncumbent else {
                var stopped = Solution(termination: .timeLimit)
                stopped.interrupted = progress.stopped == CGLPK_STOPPED_BY_INTERRUPT
                return stopped
            }
            solution = Solution(termination: .feasible)
        case GLP_ENOPFS:
            return Solution(termination: .infeasible)
        case GLP_ENODFS:
            // The relaxation has no dual feasible solution: infeasible or unbounded. Ask the LP.
            guard let outcome = solveRelaxation(SolveOptions(method: options.method, presolve: false,
                                                             iterationLimit: options.iterationLimit),
                                                remaining: remaining) else { return aborted() }
            if case .infeasible = outcome { return Solution(termination: .infeasible) }
            return Solution(termination: .unbounded)
        default:
            return Solution(termination: .error, error: .glpkFailure(
                code: result, routine: "glp_intopt",
                message: result == 0 ? "the search ended without a conclusive status (\(status))" : SolverError.message(forCode: result)))
        }
        solution.interrupted = progress.stopped == CGLPK_STOPPED_BY_INTERRUPT
        readMIPSolution(into: &solution)
        if result == 0 {
            solution.mipGap = 0   // the search tree was exhausted: proven optimal
        } else if let objective = solution.objective, progress.has_bound != 0 {
            solution.mipGap = abs(objective - progress.best_bound) / (abs(objective) + Double.ulpOfOne)
        } else {
            solution.mipGap = progress.gap < Double.greatestFiniteMagnitude ? progress.gap : nil
        }
        return solution
    }

    /// Solves the LP obtained by fixing every integer column at its rounded value in
    /// `solution` (and making it continuous), which gives the MIP's objective with meaningful
    /// row duals and reduced costs; then restores kinds and bounds, so the problem is
    /// unchanged. The basis of that LP is kept (a later MIP solve ignores it), but ranging
    /// is not available afterwards because the bounds changed back.
    ///
    /// Returns `.error` with ``SolverError/indexOutOfRange(kind:index:count:)`` when
    /// `solution` has no column values for this problem. For an LP this is a plain solve.
    /// The corresponding C functions are glp_set_col_kind, glp_set_col_bnds and glp_simplex.
    public func fixedIntegerLP(from solution: Solution, options: SolveOptions = SolveOptions()) -> Solution {
        guard solution.columnValues.count == columnCount else {
            return Solution(termination: .error, error: .indexOutOfRange(
                kind: "solution column value", index: solution.columnValues.count, count: columnCount))
        }
        do { try checkUsable() } catch { return Solution(termination: .error, error: error) }
        let integerColumns = (0..<columnCount).filter { kinds[$0] != .continuous }
        for j in integerColumns {
            var value = solution.columnValues[j].rounded()
            guard value.isFinite else {
                return Solution(termination: .error, error: .notFinite(what: "solution value of column \(j)", value: value))
            }
            value = min(max(value, columnLowerBounds[j]), columnUpperBounds[j])
            glp_set_col_kind(problem, Int32(j + 1), GLP_CV)
            Self.setColumnBounds(problem, Int32(j + 1), value, value)
        }
        let savedCount = integerColumnCount
        integerColumnCount = 0
        let result = solve(options)
        integerColumnCount = savedCount
        if cglpk_generation() == generation {
            for j in integerColumns {
                glp_set_col_kind(problem, Int32(j + 1), GLP_IV)
                Self.setColumnBounds(problem, Int32(j + 1), columnLowerBounds[j], columnUpperBounds[j])
            }
        }
        if !integerColumns.isEmpty { hasOptimalBasis = false }
        return result
    }

    // MARK: - Basis

    /// The current basis (statuses of all rows and columns); empty arrays if the problem is
    /// unusable. The corresponding C functions are glp_get_row_stat and glp_get_col_stat.
    public func basis() -> Basis {
        checkThread()
        guard cglpk_generation() == generation else { return Basis(rowStatus: [], columnStatus: []) }
        return Basis(
            rowStatus: (0..<rowCount).map { BasisStatus(rawValue: glp_get_row_stat(problem, Int32($0 + 1))) ?? .basic },
            columnStatus: (0..<columnCount).map { BasisStatus(rawValue: glp_get_col_stat(problem, Int32($0 + 1))) ?? .lowerBound })
    }

    /// Restores a basis saved by ``basis()``, so that the next solve with presolve off starts
    /// from it (GLPK normalises a non-basic status to the variable's bound type, and a basis
    /// that turns out invalid or singular makes ``solve(_:)`` fall back to the standard basis).
    /// Throws ``SolverError/basisSizeMismatch`` when the sizes differ.
    /// The corresponding C functions are glp_set_row_stat and glp_set_col_stat.
    public func setBasis(_ basis: Basis) throws(SolverError) {
        try checkUsable()
        guard basis.rowStatus.count == rowCount, basis.columnStatus.count == columnCount else { throw .basisSizeMismatch }
        for (i, status) in basis.rowStatus.enumerated() { glp_set_row_stat(problem, Int32(i + 1), status.rawValue) }
        for (j, status) in basis.columnStatus.enumerated() { glp_set_col_stat(problem, Int32(j + 1), status.rawValue) }
        hasOptimalBasis = false
        hasWarmBasis = true
    }

    // MARK: - Sensitivity

    /// Makes sure an optimal LP basis with a valid factorization exists (factorizing after a
    /// presolved solve), or throws.
    private func prepareSensitivity() throws(SolverError) {
        try checkUsable()
        guard hasOptimalBasis, !isMIP, glp_get_status(problem) == GLP_OPT,
              glp_get_prim_stat(problem) == GLP_FEAS, glp_get_dual_stat(problem) == GLP_FEAS else { throw .noOptimalBasis }
        if rowCount > 0 && glp_bf_exists(problem) == 0 {
            var result: Int32 = 0
            guard cglpk_factorize(problem, &result) != CGLPK_ABORTED else {
                throw .glpkAborted(message: String(cString: cglpk_captured_text()))
            }
            guard result == 0 else {
                throw .glpkFailure(code: result, routine: "glp_factorize", message: SolverError.message(forCode: result))
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
    public func costRanges(columns: [Int]) throws(SolverError) -> [CostRange] {
        try costRanges(columns: columns, withGLPKRoutine: false)
    }

    /// ``costRanges(columns:)``; `withGLPKRoutine` takes a basic column's limits from
    /// glp_analyze_coef itself instead of the shim's batch (`cglpk_coef_limits`: the same ratio
    /// test on a simplex table row computed over the inverse row's non-zeros, 100 times faster
    /// on a budget-coupled model). The tests compare the two.
    func costRanges(columns: [Int], withGLPKRoutine: Bool) throws(SolverError) -> [CostRange] {
        try prepareSensitivity()
        for column in columns { try checkColumn(column) }
        let objective = glp_get_obj_val(problem)
        let basic = columns.filter { glp_get_col_stat(problem, Int32($0 + 1)) == GLP_BS }
        var limits: [Int: (lower: Double, upper: Double)] = [:]
        if withGLPKRoutine {
            let m = Int32(rowCount)
            for column in basic {
                var coef1 = 0.0, coef2 = 0.0, value1 = 0.0, value2 = 0.0
                var var1: Int32 = 0, var2: Int32 = 0
                guard cglpk_analyze_coef(problem, m + Int32(column + 1), &coef1, &var1, &value1, &coef2, &var2, &value2)
                        != CGLPK_ABORTED else { throw .glpkAborted(message: String(cString: cglpk_captured_text())) }
                limits[column] = (coef1, coef2)
            }
        } else if !basic.isEmpty {
            let indices = basic.map { Int32($0 + 1) }
            var lower = [Double](repeating: 0, count: basic.count), upper = lower
            let outcome = cglpk_coef_limits(problem, Int32(basic.count), indices, &lower, &upper)
            if outcome == CGLPK_ABORTED { throw .glpkAborted(message: String(cString: cglpk_captured_text())) }
            if outcome == CGLPK_OUT_OF_MEMORY { throw .memoryLimit(message: "no memory for the cost ranging's working arrays") }
            for (k, column) in basic.enumerated() { limits[column] = (lower[k], upper[k]) }
        }
        var ranges: [CostRange] = []
        ranges.reserveCapacity(columns.count)
        for column in columns {
            let cost = objectiveCoefficients[column], value = glp_get_col_prim(problem, Int32(column + 1))
            let status = glp_get_col_stat(problem, Int32(column + 1))
            guard let limit = limits[column] else {
                // glp_analyze_coef takes basic variables only (it aborts otherwise). A non-basic
                // column stays non-basic while its reduced cost keeps its sign: at its lower bound
                // the cost may rise without limit and fall by the reduced cost, at its upper bound
                // the other way round; a fixed column's cost never changes the basis.
                let reduced = glp_get_col_dual(problem, Int32(column + 1))
                let minimizing = direction == .minimize
                var lower = -Double.infinity, upper = Double.infinity
                switch status {
                case GLP_NL: if minimizing { lower = cost - reduced } else { upper = cost - reduced }
                case GLP_NU: if minimizing { upper = cost - reduced } else { lower = cost - reduced }
                case GLP_NF: lower = cost; upper = cost
                default: break
                }
                ranges.append(CostRange(column: column, lower: lower, upper: upper,
                                        objectiveAtLower: lower.isFinite ? objective + (lower - cost) * value : (value == 0 ? objective : -.infinity),
                                        objectiveAtUpper: upper.isFinite ? objective + (upper - cost) * value : (value == 0 ? objective : .infinity)))
                continue
            }
            // The objective at a limit follows from the current basis, which is still optimal there.
            let lower = Self.unlimited(limit.lower), upper = Self.unlimited(limit.upper)
            func objectiveAt(_ coefficient: Double) -> Double {
                if value == 0 { return objective }
                if coefficient.isInfinite { return (coefficient > 0) == (value > 0) ? .infinity : -.infinity }
                return objective + (coefficient - cost) * value
            }
            ranges.append(CostRange(column: column, lower: lower, upper: upper,
                                    objectiveAtLower: objectiveAt(lower), objectiveAtUpper: objectiveAt(upper)))
        }
        return ranges
    }

    /// For each row, the range of its activity (right-hand side) over which the current
    /// basis stays optimal; see ``BoundRange`` for non-binding rows. Same preconditions as
    /// ``costRanges(columns:)``. The corresponding C function is glp_analyze_bound.
    public func boundRanges(rows: [Int]) throws(SolverError) -> [BoundRange] {
        try prepareSensitivity()
        for row in rows { try checkRow(row) }
        var ranges: [BoundRange] = []
        ranges.reserveCapacity(rows.count)
        for row in rows {
            let k = Int32(row + 1)
            if glp_get_row_stat(problem, k) == GLP_BS {
                let activity = glp_get_row_prim(problem, k)
                let lower = rowLowerBounds[row], upper = rowUpperBounds[row]
                if lower == -.infinity && upper != .infinity {
                    ranges.append(BoundRange(row: row, lower: activity, upper: .infinity))
                } else if upper == .infinity && lower != -.infinity {
                    ranges.append(BoundRange(row: row, lower: -.infinity, upper: activity))
                } else {
                    ranges.append(BoundRange(row: row, lower: -.infinity, upper: .infinity))
                }
                continue
            }
            var value1 = 0.0, value2 = 0.0
            var var1: Int32 = 0, var2: Int32 = 0
            guard cglpk_analyze_bound(problem, k, &value1, &var1, &value2, &var2) != CGLPK_ABORTED else {
                throw .glpkAborted(message: String(cString: cglpk_captured_text()))
            }
            ranges.append(BoundRange(row: row, lower: Self.unlimited(value1), upper: Self.unlimited(value2)))
        }
        return ranges
    }

    // MARK: - Testing

    /// Makes GLPK raise a fatal error under the guard (glp_set_row_bnds with row 0), for
    /// tests of the guard. Always throws ``SolverError/glpkAborted(message:)``; afterwards
    /// every problem on this thread is unusable.
    func triggerGuardedGLPKErrorForTesting() throws(SolverError) {
        try checkUsable()
        if cglpk_test_trigger_error(problem) == CGLPK_ABORTED {
            throw .glpkAborted(message: String(cString: cglpk_captured_text()))
        }
    }
}

/// Process-wide facts about GLPK and per-thread housekeeping.
public enum GLPK {
    /// GLPK's version, e.g. "5.0". The corresponding C function is glp_version.
    public static var version: String { String(cString: glp_version()) }

    /// Frees the calling thread's GLPK environment (glp_free_env), e.g. when a worker thread
    /// has finished a job. Call it only when no ``LinearProblem`` created on this thread is
    /// still in use: any that remain become unusable (they are not deleted twice).
    public static func freeThreadEnvironment() {
        _ = cglpk_free_env()
    }

    /// Makes Ctrl-C (SIGINT) stop branch-and-bound instead of the process: a search running on
    /// any thread, and every search started later, ends at its next callback with the best
    /// integer solution found (`.feasible`, ``Solution/interrupted`` true) or without one
    /// (`.timeLimit`). A second Ctrl-C, or one while no search runs, ends the process as usual.
    /// For command-line tools; LP solves are not interrupted.
    public static func stopSearchesOnInterrupt() {
        cglpk_handle_interrupts()
    }

    /// Marks work around MIP searches (the relaxation, re-solves, the plan) during which Ctrl-C
    /// should stop the searches rather than end the process; pair with ``endInterruptibleWork()``.
    /// Nested calls and calls on several threads count up.
    public static func beginInterruptibleWork() { cglpk_search_begin() }

    /// Ends what ``beginInterruptibleWork()`` began.
    public static func endInterruptibleWork() { cglpk_search_end() }

    /// Whether Ctrl-C has stopped searches (see ``stopSearchesOnInterrupt()``): later steps
    /// should then do no more than they must.
    public static var interruptRequested: Bool { cglpk_interrupt_requested() != 0 }

    /// Installs a handler receiving GLPK's terminal output on the calling thread, or removes
    /// it with nil. Output never reaches stdout either way. The handler runs synchronously
    /// inside GLPK calls on this thread. The corresponding C function is glp_term_hook.
    public static func setThreadLogHandler(_ handler: (@Sendable (String) -> Void)?) {
        if let old = cglpk_log_sink_context() {
            Unmanaged<LogHandlerBox>.fromOpaque(old).release()
        }
        guard let handler else {
            cglpk_set_log_sink(nil, nil)
            return
        }
        let context = Unmanaged.passRetained(LogHandlerBox(handler)).toOpaque()
        cglpk_set_log_sink({ context, text in
            guard let context, let text else { return }
            Unmanaged<LogHandlerBox>.fromOpaque(context).takeUnretainedValue().handler(String(cString: text))
        }, context)
    }
}

final class LogHandlerBox {
    let handler: @Sendable (String) -> Void
    init(_ handler: @escaping @Sendable (String) -> Void) { self.handler = handler }
}
