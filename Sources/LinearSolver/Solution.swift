/// Whether to minimise or maximise the objective. The corresponding C function is glp_set_obj_dir.
public enum OptimizationDirection: Sendable {
    /// `GLP_MIN`.
    case minimize
    /// `GLP_MAX`.
    case maximize
}

/// The kind of a column. The corresponding C function is glp_set_col_kind.
public enum ColumnKind: Sendable, Equatable {
    /// `GLP_CV`: a real number between its bounds.
    case continuous
    /// `GLP_IV`: an integer between its bounds.
    case integer
    /// `GLP_BV`: an integer with bounds 0 and 1 (setting this kind replaces the bounds).
    case binary
}

/// Options for ``LinearProblem/solve(_:)``: the fields of GLPK's `glp_smcp` and `glp_iocp`
/// that matter here. Solver messages are always off (`msg_lev = GLP_MSG_OFF`).
public struct SolveOptions: Sendable {
    /// Which simplex method solves the LP (or the MIP's LP relaxation): the `meth` field.
    public enum Method: Sendable {
        /// `GLP_PRIMAL`.
        case primal
        /// `GLP_DUAL`.
        case dual
        /// `GLP_DUALP`: dual simplex, falling back to primal if it fails. On a warm start
        /// (presolve off, basis from an earlier solve or ``LinearProblem/setBasis(_:)``) whose
        /// basis is primal feasible but not dual feasible, as after an objective change, the
        /// primal simplex is used instead (measured: 7 iterations instead of 299).
        case dualThenPrimal
    }
    /// The simplex method; default `.dualThenPrimal` (`GLP_DUALP`).
    public var method: Method
    /// Whether to use GLPK's LP (and MIP) presolver. With presolve on, no basis survives
    /// the solve, so a following solve starts cold; turn it off for warm starts.
    public var presolve: Bool
    /// Wall-clock limit in seconds for the whole solve (LP relaxation and branch-and-bound);
    /// nil for none. Passed to GLPK's `tm_lim` in milliseconds.
    public var timeLimit: Double?
    /// Relative MIP gap at which branch-and-bound stops and reports `.optimal` (`mip_gap`).
    public var mipGap: Double
    /// A point in time by which the solve must end, whatever ``timeLimit`` says (the earlier
    /// of the two counts): one deadline shared by every solve of a command; nil for none.
    public var deadline: ContinuousClock.Instant?
    /// MIPs: from this point on, branch-and-bound stops as soon as it has an integer solution
    /// (`.feasible`, with its gap); before the ``deadline``, which stops it anyway. nil for none.
    public var softDeadline: ContinuousClock.Instant?
    /// MIPs: write a progress line (incumbent, bound, gap, open nodes, seconds) on stderr about
    /// once a second during branch-and-bound, for a terminal. Off by default.
    public var progress: Bool
    /// MIPs: the cutting planes GLPK adds during branch-and-bound; none by default (GLPK's own
    /// default). The fields `mir_cuts`, `gmi_cuts`, `cov_cuts` and `clq_cuts`.
    public var cuts: Set<Cut> = []
    /// Words after "MIP search" in the progress line (e.g. "of block 3/20"); nil for none.
    public var progressLabel: String?
    /// Simplex iteration limit (`it_lim`) for each simplex call; nil for none.
    public var iterationLimit: Int?
    /// How many more megabytes GLPK may allocate on this thread during the solve
    /// (glp_mem_limit, set to the current use plus this, and lifted afterwards). GLPK counts
    /// all of the thread's GLPK memory, and a limit below the current use would never trigger,
    /// hence "more". Exceeding it makes GLPK raise a fatal
    /// error which the guard catches: the solve ends with `.error` and
    /// ``SolverError/memoryLimit(message:)``, and the problem becomes unusable.
    public var memoryLimitMegabytes: Int?
    /// With presolve off only: scale the problem (glp_scale_prob with `GLP_SF_AUTO`) before
    /// solving; false solves it unscaled (glp_unscale_prob). With presolve on GLPK always
    /// scales the presolved copy it solves, and this setting has no effect. Default false.
    public var scaling: Bool
    /// Tighter simplex and MIP tolerances than GLPK's defaults: `tol_bnd` and `tol_dj` 1e-9
    /// (instead of 1e-7), `tol_int` and `tol_obj` at most 1e-9. Slower and more prone to
    /// numerical trouble; a last resort for a solution that fails verification. Default false.
    public var strictTolerances: Bool
    /// How far from a whole number an integer column's value may be and still count as whole
    /// (`tol_int`, absolute). In an indicator row x ≤ M·y a binary y = tol_int lets x = M·tol_int
    /// go without its fixed cost: GLPK's default 1e-5 with M = 1e6 is 10 units. nil (default):
    /// 1e-9 with presolve, GLPK's 1e-5 without. Measured on 60 generated scenarios with
    /// "unlimited" lines (WideMagnitudePropertyTests): with presolve, plans breaking a rule fell
    /// from 25 (1e-5) to 9 (1e-7) and 2 (1e-9); without presolve GLPK's branch-and-bound on the
    /// unscaled problem then wrongly reported 24 of them infeasible (1e-9), so it keeps 1e-5.
    /// Must be above 0 and below 1.
    public var integerTolerance: Double? = nil
    /// Relative tolerance with which branch-and-bound prunes a node whose bound is not better
    /// than the incumbent (`tol_obj`); default 1e-9 where GLPK's own is 1e-7, which at an
    /// objective of 1e9 could prune a branch 100 cheaper when `mipGap` is 0. Above 0, below 1.
    public var objectiveTolerance: Double = 1e-9

    /// Creates options; every argument has the documented default.
    public init(
        method: Method = .dualThenPrimal, presolve: Bool = true, timeLimit: Double? = nil,
        mipGap: Double = 1e-4, iterationLimit: Int? = nil, memoryLimitMegabytes: Int? = nil,
        deadline: ContinuousClock.Instant? = nil, progress: Bool = false,
        scaling: Bool = false, strictTolerances: Bool = false
    ) {
        self.deadline = deadline
        self.progress = progress
        self.method = method
        self.presolve = presolve
        self.timeLimit = timeLimit
        self.mipGap = mipGap
        self.iterationLimit = iterationLimit
        self.memoryLimitMegabytes = memoryLimitMegabytes
        self.scaling = scaling
        self.strictTolerances = strictTolerances
    }
}

/// A family of cutting planes for branch-and-bound (GLPK's `glp_iocp`).
public enum Cut: Sendable, Hashable, CaseIterable {
    /// Mixed-integer rounding cuts (`mir_cuts`).
    case mixedIntegerRounding
    /// Gomory's mixed-integer cuts (`gmi_cuts`).
    case gomory
    /// Mixed cover cuts (`cov_cuts`).
    case cover
    /// Clique cuts (`clq_cuts`).
    case clique
}

/// Why the solver stopped. Whether a solution exists is separate: ``Solution/hasSolution``.
public enum Termination: String, Sendable, Equatable {
    /// LP optimal, or MIP proven optimal within ``SolveOptions/mipGap``.
    case optimal
    /// MIP stopped by a limit with an integer solution (its gap is in ``Solution/mipGap``).
    case feasible
    /// No feasible solution exists: primal infeasible (LP) or no integer solution (MIP).
    case infeasible
    /// The objective is unbounded (the LP is feasible and dual infeasible).
    case unbounded
    /// Stopped by the time or iteration limit without a feasible solution.
    case timeLimit
    /// Numerical trouble or a GLPK failure; ``Solution/error`` says which.
    case error
}

/// The outcome of a solve.
public struct Solution: Sendable {
    /// Why the solver stopped.
    public var termination: Termination
    /// The objective value (including the constant), or nil when no primal solution exists.
    /// The corresponding C functions are glp_get_obj_val and glp_mip_obj_val.
    public var objective: Double?
    /// MIPs only: the relative gap `|incumbent - best bound| / (|incumbent| + DBL_EPSILON)`
    /// (GLPK's own formula, glp_ios_mip_gap) between the integer solution and the best bound
    /// from the branch-and-bound search; 0 when the search finished the tree. nil for LPs and
    /// when no integer solution exists.
    public var mipGap: Double?
    /// Column values (glp_get_col_prim / glp_mip_col_val); empty when no solution.
    public var columnValues: [Double]
    /// Row activities (glp_get_row_prim / glp_mip_row_val); empty when no solution.
    public var rowActivities: [Double]
    /// Row duals (shadow prices, glp_get_row_dual) for an optimal LP only; nil otherwise.
    /// Sign: the rate of change of the optimal objective per unit increase of the row's
    /// active bound (d objective / d rhs), for minimisation and maximisation alike.
    /// E.g. minimising cost, a binding `>=` demand row has a dual >= 0.
    public var rowDuals: [Double]?
    /// Reduced costs (glp_get_col_dual) for an optimal LP only; nil otherwise. Same sign
    /// convention: d objective / d column bound for a non-basic column.
    public var reducedCosts: [Double]?
    /// Simplex iterations used by this solve (glp_get_it_cnt difference).
    public var iterations: Int
    /// Wall-clock seconds spent in this solve.
    public var seconds: Double
    /// Set when ``termination`` is `.error` (and for a few informative failures).
    public var error: SolverError?
    /// MIPs: true when Ctrl-C stopped the search (``GLPK/stopSearchesOnInterrupt()``).
    public var interrupted = false
    /// The check of ``columnValues`` against the original model, when it was made
    /// (``LinearProblem/solveVerified(_:model:options:firstAttempt:)`` always makes it for a
    /// solution with values); nil otherwise.
    public var verification: Verification?

    /// Whether a primal solution (possibly suboptimal) is present.
    public var hasSolution: Bool { objective != nil }

    /// A column's value (``columnValues``). Traps when there is no solution or no such column.
    @inlinable
    public subscript(_ column: ColumnID) -> Double {
        get { columnValues[column.index] }
        set { columnValues[column.index] = newValue }
    }
    /// A row's activity (``rowActivities``). Traps when there is no solution or no such row.
    @inlinable
    public subscript(_ row: RowID) -> Double {
        get { rowActivities[row.index] }
        set { rowActivities[row.index] = newValue }
    }
    /// A row's dual (``rowDuals``), or nil when the solve gave none.
    @inlinable
    public func dual(_ row: RowID) -> Double? { rowDuals?[row.index] }
    /// A column's reduced cost (``reducedCosts``), or nil when the solve gave none.
    @inlinable
    public func reducedCost(_ column: ColumnID) -> Double? { reducedCosts?[column.index] }

    /// Creates a solution value.
    public init(
        termination: Termination, objective: Double? = nil, mipGap: Double? = nil,
        columnValues: [Double] = [], rowActivities: [Double] = [],
        rowDuals: [Double]? = nil, reducedCosts: [Double]? = nil,
        iterations: Int = 0, seconds: Double = 0, error: SolverError? = nil, verification: Verification? = nil
    ) {
        self.termination = termination
        self.objective = objective
        self.mipGap = mipGap
        self.columnValues = columnValues
        self.rowActivities = rowActivities
        self.rowDuals = rowDuals
        self.reducedCosts = reducedCosts
        self.iterations = iterations
        self.seconds = seconds
        self.error = error
        self.verification = verification
    }
}

/// The status of one row or column in a simplex basis (`GLP_BS` ... `GLP_NS`).
public enum BasisStatus: Int32, Sendable {
    /// `GLP_BS`: basic.
    case basic = 1
    /// `GLP_NL`: non-basic at its lower bound.
    case lowerBound = 2
    /// `GLP_NU`: non-basic at its upper bound.
    case upperBound = 3
    /// `GLP_NF`: non-basic free (unbounded) variable.
    case free = 4
    /// `GLP_NS`: non-basic fixed variable.
    case fixed = 5
}

/// A simplex basis: a status per row and per column. The corresponding C functions are
/// glp_get_row_stat / glp_get_col_stat and glp_set_row_stat / glp_set_col_stat.
public struct Basis: Sendable, Equatable {
    /// Status of each row, by ``RowID/index``.
    public var rowStatus: [BasisStatus]
    /// Status of each column, by ``ColumnID/index``.
    public var columnStatus: [BasisStatus]
    /// A row's status.
    public subscript(_ row: RowID) -> BasisStatus {
        get { rowStatus[row.index] }
        set { rowStatus[row.index] = newValue }
    }
    /// A column's status.
    public subscript(_ column: ColumnID) -> BasisStatus {
        get { columnStatus[column.index] }
        set { columnStatus[column.index] = newValue }
    }
    /// Creates a basis from its statuses.
    public init(rowStatus: [BasisStatus], columnStatus: [BasisStatus]) {
        self.rowStatus = rowStatus
        self.columnStatus = columnStatus
    }
}

/// The range of a column's objective coefficient over which the current optimal basis stays
/// optimal. The corresponding C function is glp_analyze_coef.
public struct CostRange: Sendable, Equatable {
    /// The column.
    public var column: ColumnID
    /// Lowest coefficient keeping the basis optimal (-infinity when unlimited).
    public var lower: Double
    /// Highest coefficient keeping the basis optimal (+infinity when unlimited).
    public var upper: Double
    /// Objective value when the coefficient is at ``lower`` (the current solution is still
    /// optimal there): objective + (lower - coefficient) * column value; ±infinity when the
    /// range is unlimited and the column is non-zero.
    public var objectiveAtLower: Double
    /// Objective value when the coefficient is at ``upper``; ±infinity when unlimited.
    public var objectiveAtUpper: Double
    /// Creates a cost range.
    public init(column: ColumnID, lower: Double, upper: Double, objectiveAtLower: Double, objectiveAtUpper: Double) {
        self.column = column
        self.lower = lower
        self.upper = upper
        self.objectiveAtLower = objectiveAtLower
        self.objectiveAtUpper = objectiveAtUpper
    }
}

/// The range over which a row's activity (its active bound, the right-hand side) can move
/// while the current basis stays optimal, so that its dual stays valid.
/// The corresponding C function is glp_analyze_bound.
///
/// For a binding (non-basic) row these are glp_analyze_bound's limit values. For a
/// non-binding (basic) row, whose dual is 0, GLPK gives no ranging: the range reported is
/// from the current activity to +infinity for a row with only an upper bound, from
/// -infinity to the activity for a row with only a lower bound, and (-infinity, +infinity)
/// otherwise.
public struct BoundRange: Sendable, Equatable {
    /// The row.
    public var row: RowID
    /// Lowest activity (-infinity when unlimited).
    public var lower: Double
    /// Highest activity (+infinity when unlimited).
    public var upper: Double
    /// Creates a bound range.
    public init(row: RowID, lower: Double, upper: Double) {
        self.row = row
        self.lower = lower
        self.upper = upper
    }
}

/// File formats GLPK reads and writes.
public enum ModelFileFormat: String, Sendable, CaseIterable {
    /// CPLEX LP format (glp_write_lp / glp_read_lp).
    case lp
    /// Fixed MPS (glp_write_mps / glp_read_mps with `GLP_MPS_DECK`).
    case mps
    /// Free MPS (glp_write_mps / glp_read_mps with `GLP_MPS_FILE`).
    case freemps
    /// GLPK's own format (glp_write_prob / glp_read_prob).
    case glpk
}
