// Solve, check, re-solve differently: no vector GLPK returns is used unchecked. GLPK 5.0 gives
// wrong answers on valid models (glpk-notes.md): its MIP presolver now and then returns an
// infeasible point as INTEGER OPTIMAL, its integrality tolerance lets a big-M row run with its
// binary "zero", and its scaling raises a fatal error on a wide coefficient range. Each of these
// is caught by the check on the original model, or by the guard, and answered by a re-solve.

/// One way of solving in ``LinearProblem/solveVerified(_:model:options:firstAttempt:)``'s ladder.
public struct SolveAttempt: Sendable, Equatable, CustomStringConvertible {
    /// GLPK's presolver on.
    public var presolve: Bool
    /// Scaled (presolve off only; see ``SolveOptions/scaling``).
    public var scaling: Bool
    /// ``SolveOptions/strictTolerances``.
    public var strictTolerances: Bool

    /// Creates an attempt.
    public init(presolve: Bool, scaling: Bool, strictTolerances: Bool) {
        self.presolve = presolve
        self.scaling = scaling
        self.strictTolerances = strictTolerances
    }

    /// The re-solves tried, in order, after the first solve fails the check: presolve off (the
    /// problem scaled), then also without scaling, then also with tighter tolerances.
    public static let retries: [SolveAttempt] = [
        SolveAttempt(presolve: false, scaling: true, strictTolerances: false),
        SolveAttempt(presolve: false, scaling: false, strictTolerances: false),
        SolveAttempt(presolve: false, scaling: false, strictTolerances: true),
    ]

    /// E.g. "presolve off, unscaled, tighter tolerances".
    public var description: String {
        if presolve { return "presolve on" + (strictTolerances ? ", tighter tolerances" : "") }
        return "presolve off, " + (scaling ? "scaled" : "unscaled") + (strictTolerances ? ", tighter tolerances" : "")
    }

    func applied(to options: SolveOptions) -> SolveOptions {
        var options = options
        options.presolve = presolve
        options.scaling = scaling
        options.strictTolerances = strictTolerances
        return options
    }
}

extension LinearProblem {
    /// Solves `problem`, checks the answer against `model` and, when the check fails or GLPK
    /// fails, re-solves differently; returns a solution whose values passed the check, or one
    /// without values.
    ///
    /// `problem` must hold `model` (built from it, or changed since in step with it). The first
    /// solve is `firstAttempt(problem)` (e.g. a warm start), or `problem.solve(options)`.
    ///
    /// For a MIP the values are those of the fixed-integer LP (``fixedIntegerLP(from:options:)``):
    /// integer columns rounded and fixed, the LP re-solved, so that every row with an integer
    /// column is met with the rounded integers; its duals and reduced costs come along. That LP
    /// gets what is left of the time limit but at least 0.1 s. When it ends other than optimal,
    /// the MIP's values with the integers rounded are checked instead.
    ///
    /// The check is ``LinearModel/verify(columnValues:tolerance:)`` with
    /// ``LinearModel/verificationTolerance``, recorded in ``Solution/verification``. A solution
    /// with values that fails it, and a solve that ends `.error` (a fatal GLPK error caught by the
    /// guard included), are re-solved on a problem built afresh from `model` with each of
    /// ``SolveAttempt/retries`` in turn, within what is left of the time limit; `problem` is then
    /// the last problem solved. If none passes, the result is `.error` with no values, the
    /// verification with the smallest violation found and
    /// ``SolverError/verificationFailed(detail:)`` (or, when no attempt produced values, the
    /// first attempt's error). A GLPK memory-limit abort is not retried.
    ///
    /// `.infeasible`, `.unbounded` and `.timeLimit` are returned as they are; `seconds` and
    /// `iterations` count every attempt.
    public static func solveVerified(
        _ problem: inout LinearProblem, model: LinearModel, options: SolveOptions,
        firstAttempt: ((LinearProblem) -> Solution)? = nil
    ) -> Solution {
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Double { (clock.now - started).inSeconds }
        func remaining() -> Double? { options.timeLimit.map { $0 - elapsed() } }
        var iterations = 0
        func finished(_ solution: Solution) -> Solution {
            var solution = solution
            solution.seconds = elapsed()
            solution.iterations = iterations
            return solution
        }

        let first = SolveAttempt(
            presolve: options.presolve, scaling: options.scaling, strictTolerances: options.strictTolerances)
        var solution = firstAttempt?(problem) ?? problem.solve(options)
        iterations += solution.iterations
        solution = checked(
            solution, problem: problem, model: model, options: options, remaining: remaining(), iterations: &iterations)
        if accepted(solution) || !retryable(solution) { return finished(solution) }

        var failures: [String] = []
        var best: Verification?
        let firstError = solution.error
        func note(_ attempt: SolveAttempt, _ solution: Solution) {
            if let verification = solution.verification, !verification.isVerified {
                failures.append("\(attempt): \(verification)")
                if best == nil || verification.maxViolation < best!.maxViolation { best = verification }
            } else {
                failures.append(
                    "\(attempt): \(solution.error?.description ?? "ended \(solution.termination.rawValue)")")
            }
        }
        note(first, solution)
        for attempt in SolveAttempt.retries where firstAttempt != nil || attempt != first {
            if let left = remaining(), left <= 0 {
                failures.append("no time left for further re-solves")
                break
            }
            guard let fresh = try? LinearProblem(model) else { break }
            problem = fresh
            var attemptOptions = attempt.applied(to: options)
            attemptOptions.timeLimit = remaining()
            var retry = problem.solve(attemptOptions)
            iterations += retry.iterations
            retry = checked(
                retry, problem: problem, model: model, options: attemptOptions, remaining: remaining(),
                iterations: &iterations)
            if accepted(retry) { return finished(retry) }
            note(attempt, retry)
            if !retryable(retry) { break }
        }
        if best == nil, let firstError {
            return finished(Solution(termination: .error, error: firstError))
        }
        return finished(
            Solution(
                termination: .error, error: .verificationFailed(detail: failures.joined(separator: "; ")),
                verification: best))
    }

    /// The least time the fixed-integer LP of a MIP gets, whatever is left of the time limit.
    static let fixedLPGraceSeconds = 0.1

    /// Whether a solution can be returned as it is: values that passed the check, or an
    /// outcome without values that needs none.
    private static func accepted(_ solution: Solution) -> Bool {
        switch solution.termination {
        case .optimal, .feasible: return solution.verification?.isVerified == true
        case .infeasible, .unbounded, .timeLimit: return true
        case .error: return false
        }
    }

    /// Whether re-solving might help: not after a memory-limit abort, which a re-solve under the
    /// same limit meets again.
    private static func retryable(_ solution: Solution) -> Bool {
        if case .memoryLimit? = solution.error { return false }
        return true
    }

    /// For a solution with values: a MIP's values replaced by its fixed-integer LP's, then the
    /// check against the model recorded.
    private static func checked(
        _ solution: Solution, problem: LinearProblem, model: LinearModel, options: SolveOptions,
        remaining: Double?, iterations: inout Int
    ) -> Solution {
        guard solution.termination == .optimal || solution.termination == .feasible, solution.hasSolution else {
            return solution
        }
        var solution = solution
        if problem.isMIP && problem.isUsable {
            var lpOptions = options
            lpOptions.presolve = false
            // The check needs this LP even when the search used up the time limit (a MIP stopped
            // by it): it gets at least a short grace, which an LP with every integer fixed rarely
            // needs in full.
            lpOptions.timeLimit = remaining.map { max(Self.fixedLPGraceSeconds, $0) }
            let fixed = problem.fixedIntegerLP(from: solution, options: lpOptions)
            iterations += fixed.iterations
            if fixed.termination == .optimal {
                solution.objective = fixed.objective
                solution.columnValues = fixed.columnValues
                solution.rowActivities = fixed.rowActivities
                solution.rowDuals = fixed.rowDuals
                solution.reducedCosts = fixed.reducedCosts
            } else {
                for j in 0..<min(solution.columnValues.count, model.columnCount)
                where model.columnKinds[j] != .continuous {
                    solution.columnValues[j] = solution.columnValues[j].rounded()
                }
            }
        }
        solution.verification = model.verify(columnValues: solution.columnValues)
        return solution
    }
}
