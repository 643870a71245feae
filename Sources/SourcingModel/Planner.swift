import LinearSolver
import SourcingScenario

/// Settings for one solve; each overrides the scenario's `solver` object when set.
public struct PlanOptions: Sendable, Equatable {
    public var timeLimitSeconds: Double?
    public var mipGap: Double?
    public var presolve: Bool?
    /// A ceiling on GLPK's memory; exceeding it gives status `error`, not a crash.
    public var memoryLimitMegabytes: Int?
    /// Add shadow prices, reduced costs and cost ranges to the plan.
    public var sensitivity: Bool
    /// Explain an infeasible scenario by re-solving with penalised slack.
    public var diagnose: Bool
    /// Solve items that no budget ties together as separate problems, in parallel.
    public var decompose: Bool
    /// Threads for independent item blocks.
    public var jobs: Int
    /// Leave whole-unit demand re-solves to the caller (an item block's, done after every
    /// block is solved).
    var defersWholeUnitResolves = false

    public init(
        timeLimitSeconds: Double? = nil, mipGap: Double? = nil, presolve: Bool? = nil,
        memoryLimitMegabytes: Int? = nil, sensitivity: Bool = false, diagnose: Bool = true,
        decompose: Bool = true, jobs: Int = defaultJobs
    ) {
        self.timeLimitSeconds = timeLimitSeconds
        self.mipGap = mipGap
        self.presolve = presolve
        self.memoryLimitMegabytes = memoryLimitMegabytes
        self.sensitivity = sensitivity
        self.diagnose = diagnose
        self.decompose = decompose
        self.jobs = jobs
    }

    /// The settings in force for a scenario: these options over the scenario's own.
    public func settings(for scenario: Scenario) -> SolverSettingsUsed {
        SolverSettingsUsed(
            timeLimitSeconds: timeLimitSeconds ?? scenario.solver.timeLimitSeconds,
            mipGap: mipGap ?? scenario.solver.mipGap,
            presolve: presolve ?? scenario.solver.presolve)
    }

    /// The solver layer's options for a scenario: these options over the scenario's own.
    public func solveOptions(for scenario: Scenario) -> SolveOptions {
        let used = settings(for: scenario)
        var options = SolveOptions()
        options.presolve = used.presolve
        options.timeLimit = used.timeLimitSeconds
        options.mipGap = used.mipGap
        options.memoryLimitMegabytes = memoryLimitMegabytes
        return options
    }
}

extension PlanningModel {
    /// Solves the model with GLPK and returns the plan (on the calling thread; GLPK's state is per thread).
    ///
    /// An infeasible scenario gives a plan with status `infeasible` and a `diagnosis`.
    /// - Throws: `SolverError` only when the built model is invalid, which is a defect.
    public func solve(identity: ScenarioIdentity, options: PlanOptions = PlanOptions()) throws(SolverError) -> Plan {
        if options.decompose, let blocks = scenario.independentItemBlocks() {
            return try PlanningModel.solveInBlocks(blocks, of: scenario, identity: identity, options: options)
        }
        let started = ContinuousClock.now
        var problem = try LinearProblem(model)
        let solveOptions = options.solveOptions(for: scenario)
        // Checked on the model as built and re-solved differently when the check fails, so an
        // unverified vector never becomes a plan.
        let solution = LinearProblem.solveVerified(&problem, model: model, options: solveOptions) { problem in
            solveWhole(problem, options: solveOptions, decompose: options.decompose, jobs: options.jobs)
        }
        var plan = makePlan(solution: solution, problem: problem, identity: identity, options: options)
        if plan.status == .error, plan.diagnosis == nil {
            if let range = coefficientRangeFailure(solution, options: options) {
                plan.diagnosis = [Diagnosis(rule: PlanningModel.coefficientRangeRule, message: range)]
            } else {
                plan.diagnosis = [Diagnosis(rule: "error", message: solverFailure(solution, options: options))]
            }
        }
        if plan.status == .infeasible, options.diagnose {
            plan.diagnosis = try diagnose(options: solveOptions)
        }
        if options.sensitivity, plan.status.hasPlan {
            // The time limit covers the whole solve, the sensitivity report included.
            // At most 1e15 s (the format's limit): Int64 milliseconds cannot overflow.
            let deadline = solveOptions.timeLimit.map { started + .milliseconds(Int64(min($0, 1e15) * 1000)) }
            plan.sensitivity = sensitivityReport(problem: problem, solution: solution, options: solveOptions, deadline: deadline)
            if !options.defersWholeUnitResolves, plan.status == .optimal, let objective = plan.objective, plan.sensitivity != nil {
                resolveWholeUnits(&plan.sensitivity!, baseObjective: objective, options: solveOptions, deadline: deadline, jobs: options.jobs)
            }
        }
        return plan
    }
}

extension Scenario {
    /// Builds the model and solves it: the one call most callers need.
    public func solve(identity: ScenarioIdentity, options: PlanOptions = PlanOptions()) throws(SolverError) -> Plan {
        // Independent items are built block by block: never build the whole model just to split it.
        if options.decompose, let blocks = independentItemBlocks() {
            return try PlanningModel.solveInBlocks(blocks, of: self, identity: identity, options: options)
        }
        return try PlanningModel(scenario: self).solve(identity: identity, options: options)
    }
}

extension PlanningModel {
    /// The diagnosis rule of a scenario whose numbers GLPK cannot handle (the CLI exits 2).
    public static let coefficientRangeRule = "coefficientRange"

    /// For a solve that GLPK failed (a fatal error or a failure code, not a memory limit) even
    /// after the re-solves without presolve and scaling, on a model whose matrix coefficients
    /// span at least eight orders of magnitude: the message naming the model's
    /// coefficients at both ends of its range, with the scenario entities behind them.
    func coefficientRangeFailure(_ solution: Solution, options: PlanOptions) -> String? {
        let text: String
        switch solution.error {
        case .glpkAborted(let message)?: text = message
        case .glpkFailure(_, _, let message)?: text = message
        default: return nil
        }
        if options.memoryLimitMegabytes != nil, text.lowercased().contains("memory") { return nil }
        // A narrow range is not to blame: then the failure is reported as GLPK's.
        guard let range = model.coefficientRange(), abs(range.largest.value / range.smallest.value) >= 1e8 else { return nil }
        let named = PlanningModel(scenario: scenario, names: true).model
        func place(_ end: CoefficientExtreme) -> String {
            let row = named.rowNames.map { $0[end.row] } ?? "row \(end.row)"
            let column = named.columnNames.map { $0[end.column] } ?? "column \(end.column)"
            return "\(end.value) (the coefficient of \(column) in \(row))"
        }
        let ratio = abs(range.largest.value / range.smallest.value)
        return "GLPK cannot solve with this scenario's numbers, even without presolve and scaling (\(solution.error!.description)): "
            + "the model's coefficients range from \(place(range.smallest)) to \(place(range.largest)), a ratio of \(ratio); "
            + "bring the figures behind them closer together (e.g. state money in thousands or quantities in larger units)"
    }

    /// Why GLPK failed, in words that say what to do next.
    func solverFailure(_ solution: Solution, options: PlanOptions) -> String {
        if case .verificationFailed(let detail) = solution.error {
            let closest = solution.verification.map { unverifiedMessage($0) + "; " } ?? ""
            return "\(closest)no re-solve gave an answer that passes the check (\(detail))"
        }
        return solverFailure(solution.error, options: options)
    }

    /// Why GLPK failed, in words that say what to do next.
    func solverFailure(_ error: SolverError?, options: PlanOptions) -> String {
        let text = error?.description ?? "GLPK stopped without a solution"
        if let megabytes = options.memoryLimitMegabytes, text.lowercased().contains("memory") {
            return "GLPK needed more memory than the limit allows (--memory-limit \(megabytes) MiB beyond what it already used); raise the limit or make the scenario smaller. GLPK said: \(text)"
        }
        return "the solver failed: \(text)"
    }
}
