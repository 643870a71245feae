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
    /// When the command began: the time limit runs from here, one deadline for every step of
    /// the solve (relaxation, branch-and-bound, diagnosis, sensitivity, re-solves). nil: from
    /// the moment the solve begins.
    public var startedAt: ContinuousClock.Instant?
    /// A progress line on stderr about once a second during branch-and-bound (for a terminal).
    public var progress = false
    /// What a block's progress lines are labelled with.
    var progressLabel: String?
    /// An item block's share of the time left: after it, the block's search stops as soon as
    /// it has an integer plan (``SolveOptions/softDeadline``).
    var softDeadline: ContinuousClock.Instant?
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

    /// GLPK's cutting planes for our MIPs, chosen by measurement (issue 15's closing note): on
    /// the 30 × 5 × 16 budget MIP, 45 s, the gap left was 0.83 % with GLPK's defaults, 0.48 %
    /// with MIR cuts, 0.59 % with Gomory's, 0.32 % with both; cover and clique cuts, the
    /// feasibility pump and proximity search changed nothing, pseudocost branching made it 3.4 %.
    static let mipCuts: Set<Cut> = [.mixedIntegerRounding, .gomory]

    /// The time limit of a MIP when neither these options nor the scenario set one, so that
    /// no MIP search runs unseen for ever.
    public static let defaultMIPTimeLimitSeconds = 300.0

    /// The settings in force for a scenario: these options over the scenario's own, and for a
    /// MIP (`isMIP`) without a time limit, ``defaultMIPTimeLimitSeconds``.
    public func settings(for scenario: Scenario, isMIP: Bool = false) -> SolverSettingsUsed {
        SolverSettingsUsed(
            timeLimitSeconds: timeLimitSeconds ?? scenario.solver.timeLimitSeconds
                ?? (isMIP ? Self.defaultMIPTimeLimitSeconds : nil),
            mipGap: mipGap ?? scenario.solver.mipGap,
            presolve: presolve ?? scenario.solver.presolve)
    }

    /// Whether the time limit in force is the default one for MIPs (nobody set one).
    public func usesDefaultTimeLimit(for scenario: Scenario) -> Bool {
        timeLimitSeconds == nil && scenario.solver.timeLimitSeconds == nil
    }

    /// The deadline of a solve that began at `startedAt` (now when nil), or nil without a limit.
    public func deadline(for scenario: Scenario, isMIP: Bool = false) -> ContinuousClock.Instant? {
        settings(for: scenario, isMIP: isMIP).timeLimitSeconds.map {
            // At most 1e15 s (the format's limit): Int64 milliseconds cannot overflow.
            (startedAt ?? .now) + .milliseconds(Int64(min($0, 1e15) * 1000))
        }
    }

    /// The solver layer's options for a scenario: these options over the scenario's own. With
    /// ``startedAt`` set, the limit is a deadline shared by every solve made with them; without
    /// it, each solve's own time limit.
    public func solveOptions(for scenario: Scenario, isMIP: Bool = false) -> SolveOptions {
        let used = settings(for: scenario, isMIP: isMIP)
        var options = SolveOptions()
        options.presolve = used.presolve
        if startedAt != nil {
            options.deadline = deadline(for: scenario, isMIP: isMIP)
        } else {
            options.timeLimit = used.timeLimitSeconds
        }
        options.mipGap = used.mipGap
        options.memoryLimitMegabytes = memoryLimitMegabytes
        options.progress = progress
        options.progressLabel = progressLabel
        options.softDeadline = softDeadline
        options.cuts = Self.mipCuts
        return options
    }
}

extension PlanningModel {
    /// Solves the model with GLPK and returns the plan (on the calling thread; GLPK's state is per thread).
    ///
    /// An infeasible scenario gives a plan with status `infeasible` and a `diagnosis`.
    /// - Throws: `SolverError` only when the built model is invalid, which is a defect.
    public func solve(identity: ScenarioIdentity, options: PlanOptions = PlanOptions()) throws(SolverError) -> Plan {
        var options = options
        if options.startedAt == nil { options.startedAt = .now }
        if options.decompose, let blocks = scenario.independentItemBlocks() {
            return try PlanningModel.solveInBlocks(blocks, of: scenario, identity: identity, options: options)
        }
        var problem = try LinearProblem(model)
        // Ctrl-C during a MIP's solve stops the search and keeps its best plan (see the CLI).
        let isMIP = problem.isMIP
        if isMIP { GLPK.beginInterruptibleWork() }
        defer { if isMIP { GLPK.endInterruptibleWork() } }
        // One deadline for every step below: each gets what the earlier ones left.
        let solveOptions = options.solveOptions(for: scenario, isMIP: isMIP)
        // Checked on the model as built and re-solved differently when the check fails, so an
        // unverified vector never becomes a plan.
        let solution = LinearProblem.solveVerified(&problem, model: model, options: solveOptions) { problem in
            solveWhole(problem, options: solveOptions, decompose: options.decompose, jobs: options.jobs)
        }
        var plan = makePlan(solution: solution, problem: problem, identity: identity, options: options)
        if plan.status == .error, plan.diagnosis == nil {
            if let range = coefficientRangeFailure(solution, options: options) {
                plan.diagnosis = [Diagnosis(rule: .coefficientRange, message: range)]
            } else {
                plan.diagnosis = [Diagnosis(rule: .error, message: solverFailure(solution, options: options))]
            }
        }
        if plan.status == .infeasible, options.diagnose {
            plan.diagnosis = try diagnose(options: solveOptions)
        }
        if options.sensitivity, plan.status.hasPlan, !GLPK.interruptRequested {
            let deadline = solveOptions.deadline
            plan.sensitivity = sensitivityReport(
                problem: problem, solution: solution, options: solveOptions, deadline: deadline)
            if !options.defersWholeUnitResolves, plan.status == .optimal, let objective = plan.objective,
                plan.sensitivity != nil
            {
                resolveWholeUnits(
                    &plan.sensitivity!, baseObjective: objective, options: solveOptions, deadline: deadline,
                    jobs: options.jobs)
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
        // A narrow range is not to blame: then the failure is reported as GLPK's.
        guard let range = model.coefficientRange(), abs(range.largest.value / range.smallest.value) >= 1e8 else {
            return nil
        }
        let named = PlanningModel(scenario: scenario, names: true).model
        func place(_ end: CoefficientExtreme) -> String {
            let row = named.rowNames.map { $0[end.row.index] } ?? end.row.description
            let column = named.columnNames.map { $0[end.column.index] } ?? end.column.description
            return "\(end.value) (the coefficient of \(column) in \(row))"
        }
        let ratio = abs(range.largest.value / range.smallest.value)
        return
            "GLPK cannot solve with this scenario's numbers, even without presolve and scaling (\(solution.error!.description)): "
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
        if case .memoryLimit? = error, let megabytes = options.memoryLimitMegabytes {
            return
                "GLPK needed more memory than the limit allows (\(megabytes) MiB beyond what it already used); raise the limit or make the scenario smaller. GLPK said: \(text)"
        }
        return "the solver failed: \(text)"
    }
}
