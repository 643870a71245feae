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
        let problem = try LinearProblem(model)
        let solveOptions = options.solveOptions(for: scenario)
        let solution = solveWhole(problem, options: solveOptions, decompose: options.decompose, jobs: options.jobs)
        var plan = makePlan(solution: solution, problem: problem, identity: identity, options: options)
        if plan.status == .error {
            plan.diagnosis = [Diagnosis(rule: .error, message: solverFailure(solution.error, options: options))]
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
    /// Why GLPK failed, in words that say what to do next.
    func solverFailure(_ error: SolverError?, options: PlanOptions) -> String {
        let text = error?.description ?? "GLPK stopped without a solution"
        if case .memoryLimit? = error, let megabytes = options.memoryLimitMegabytes {
            return "GLPK needed more memory than the limit allows (\(megabytes) MiB beyond what it already used); raise the limit or make the scenario smaller. GLPK said: \(text)"
        }
        return "the solver failed: \(text)"
    }
}
