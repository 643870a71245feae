// Solving: the LP by the simplex method, the MIP by branch-and-bound, the fixed-integer LP that
// gives a MIP's duals, and the time, memory and warm-start handling around them.
import CGLPK
import CGLPKShim

extension LinearProblem {
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
        solution.seconds = (clock.now - start).inSeconds
        return solution
    }

    private func solveUnmeasured(_ options: SolveOptions, start: ContinuousClock.Instant, clock: ContinuousClock)
        -> Solution
    {
        hasOptimalBasis = false
        do { try checkUsable() } catch { return Solution(termination: .error, error: error) }
        if let error = Self.optionsError(options) { return Solution(termination: .error, error: error) }
        if let megabytes = options.memoryLimitMegabytes {
            // GLPK's limit counts the whole thread's memory, and one set below the current use
            // never triggers (its check subtracts unsigned sizes); so allow `megabytes` more.
            var count: Int32 = 0
            var peakCount: Int32 = 0
            var total = 0
            var peakTotal = 0
            glp_mem_usage(&count, &peakCount, &total, &peakTotal)
            let inUse = (total + (1 << 20) - 1) >> 20
            if cglpk_mem_limit(Int32(clamping: inUse + min(max(1, megabytes), Int(Int32.max)))) == CGLPK_ABORTED {
                return aborted()
            }
        }
        defer {
            if options.memoryLimitMegabytes != nil, cglpk_generation() == generation {
                _ = cglpk_mem_limit(Int32.max)
            }
        }
        // Milliseconds left before the earlier of the time limit (from this call) and the deadline.
        let remaining: () -> Int32 = {
            var left = Double.infinity
            if let limit = options.timeLimit { left = limit - (clock.now - start).inSeconds }
            if let deadline = options.deadline { left = min(left, clock.now.duration(to: deadline).inSeconds) }
            return Self.milliseconds(left)
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
            return .invalidBounds(
                what: "MIP gap (must be finite and >= 0)", lower: options.mipGap, upper: options.mipGap)
        }
        // glp_intopt aborts on tolerances outside (0, 1).
        for (what, value) in [
            ("integrality tolerance", options.integerTolerance ?? 1e-9),
            ("objective tolerance", options.objectiveTolerance),
        ]
        where !(value > 0 && value < 1) {
            return .invalidBounds(what: "\(what) (must be > 0 and < 1)", lower: value, upper: value)
        }
        return nil
    }

    /// The outcome of a solve during which the guard caught a fatal error (the memory limit too).
    private func aborted() -> Solution { Solution(termination: .error, error: .capturedAbort()) }

    private func simplexOptions(_ options: SolveOptions, presolve: Bool, timeLimit: Int32) -> cglpk_simplex_options {
        let method: Int32
        switch options.method {
        case .primal: method = 0
        case .dual: method = 1
        case .dualThenPrimal: method = 2
        }
        let iterations = options.iterationLimit.map { Int32(clamping: max(0, $0)) } ?? Int32.max
        return cglpk_simplex_options(
            method: method, presolve: presolve ? 1 : 0, it_lim: iterations, tm_lim: timeLimit,
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

    private enum LPOutcome {
        case optimal, infeasible, unbounded, limit
        case failure(SolverError)
    }

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
                return .failure(
                    .glpkFailure(
                        code: 0, routine: "glp_simplex",
                        message: "the solver stopped without a conclusive status (\(glp_get_status(problem)))"))
            }
        case GLP_ENOPFS: return .infeasible
        case GLP_ENODFS: return .unbounded
        case GLP_EITLIM, GLP_ETMLIM: return .limit
        default:
            return .failure(
                .glpkFailure(code: result, routine: "glp_simplex", message: SolverError.message(forCode: result)))
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
        let m = rowCount
        let n = columnCount
        solution.objective = glp_get_obj_val(problem)
        solution.columnValues = (0..<n).map { glp_get_col_prim(problem, ColumnID($0).glpkIndex) }
        solution.rowActivities = (0..<m).map { glp_get_row_prim(problem, RowID($0).glpkIndex) }
        if duals {
            solution.rowDuals = (0..<m).map { glp_get_row_dual(problem, RowID($0).glpkIndex) }
            solution.reducedCosts = (0..<n).map { glp_get_col_dual(problem, ColumnID($0).glpkIndex) }
        }
    }

    private func readMIPSolution(into solution: inout Solution) {
        let m = rowCount
        let n = columnCount
        solution.objective = glp_mip_obj_val(problem)
        solution.columnValues = (0..<n).map { glp_mip_col_val(problem, ColumnID($0).glpkIndex) }
        solution.rowActivities = (0..<m).map { glp_mip_row_val(problem, RowID($0).glpkIndex) }
    }

    /// Milliseconds from now to `instant` for GLPK (0 when past), INT_MAX for none.
    private static func milliseconds(until instant: ContinuousClock.Instant?) -> Int32 {
        guard let instant else { return Int32.max }
        return milliseconds(ContinuousClock.now.duration(to: instant).inSeconds)
    }

    /// A time limit of `seconds` as GLPK's `tm_lim`: milliseconds rounded up, 0 when none is left,
    /// INT_MAX for infinity (no limit).
    private static func milliseconds(_ seconds: Double) -> Int32 {
        guard seconds < .infinity else { return Int32.max }
        let milliseconds = seconds * 1000
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
            var parameters = cglpk_intopt_options(
                presolve: options.presolve ? 1 : 0, tm_lim: remaining(), mip_gap: options.mipGap,
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
            guard
                let outcome = solveRelaxation(
                    SolveOptions(
                        method: options.method, presolve: false,
                        iterationLimit: options.iterationLimit),
                    remaining: remaining)
            else { return aborted() }
            if case .infeasible = outcome { return Solution(termination: .infeasible) }
            return Solution(termination: .unbounded)
        default:
            return Solution(
                termination: .error,
                error: .glpkFailure(
                    code: result, routine: "glp_intopt",
                    message: result == 0
                        ? "the search ended without a conclusive status (\(status))"
                        : SolverError.message(forCode: result)))
        }
        solution.interrupted = progress.stopped == CGLPK_STOPPED_BY_INTERRUPT
        readMIPSolution(into: &solution)
        if result == 0 {
            solution.mipGap = 0  // the search tree was exhausted: proven optimal
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
            return Solution(
                termination: .error,
                error: .indexOutOfRange(
                    kind: "solution column value", index: solution.columnValues.count, count: columnCount))
        }
        do { try checkUsable() } catch { return Solution(termination: .error, error: error) }
        let integerColumns = (0..<columnCount).filter { kinds[$0] != .continuous }
        for j in integerColumns {
            var value = solution.columnValues[j].rounded()
            guard value.isFinite else {
                return Solution(
                    termination: .error, error: .notFinite(what: "solution value of column \(j)", value: value))
            }
            value = min(max(value, columnLowerBounds[j]), columnUpperBounds[j])
            glp_set_col_kind(problem, ColumnID(j).glpkIndex, GLP_CV)
            Self.setColumnBounds(problem, ColumnID(j).glpkIndex, value, value)
        }
        let savedCount = integerColumnCount
        integerColumnCount = 0
        let result = solve(options)
        integerColumnCount = savedCount
        if cglpk_generation() == generation {
            for j in integerColumns {
                glp_set_col_kind(problem, ColumnID(j).glpkIndex, GLP_IV)
                Self.setColumnBounds(problem, ColumnID(j).glpkIndex, columnLowerBounds[j], columnUpperBounds[j])
            }
        }
        if !integerColumns.isEmpty { hasOptimalBasis = false }
        return result
    }
}

extension Duration {
    /// The duration in seconds.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
