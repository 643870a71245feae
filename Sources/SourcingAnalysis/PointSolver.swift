import LinearSolver
import SourcingModel
import SourcingScenario

// Solving many variants of one scenario. A variant whose model has the same structure as the
// base (same rows, columns, kinds and matrix) differs only in objective coefficients and bounds:
// those are changed in place on the worker's GLPK problem, which then re-solves from the base
// scenario's optimal basis (warm start). Any other variant is built and solved afresh.
// Every point starts from the same basis, whichever worker solves it and whatever it solved
// before, so results do not depend on the number of jobs or on shards.

/// The base of an analysis: the scenario, its built model, and its optimal basis.
public struct AnalysisBase: Sendable {
    public let scenario: Scenario
    public let identity: ScenarioIdentity
    public let model: PlanningModel
    /// The base scenario's plan.
    public let plan: Plan
    /// The basis every warm point starts from (the base's optimal basis, or a slack basis).
    let startBasis: Basis
    public let options: PlanOptions

    /// Builds and solves the base scenario on the calling thread.
    public init(scenario: Scenario, identity: ScenarioIdentity, options: PlanOptions) throws(SolverError) {
        self.scenario = scenario
        self.identity = identity
        self.options = options
        model = PlanningModel(scenario: scenario)
        var problem = try LinearProblem(model.model)
        var solveOptions = options.solveOptions(for: scenario)
        solveOptions.presolve = false  // keep the basis
        let solution = LinearProblem.solveVerified(&problem, model: model.model, options: solveOptions)
        plan = model.makePlan(solution: solution, problem: problem, identity: identity, options: options)
        startBasis =
            solution.termination == .optimal || solution.termination == .feasible
            ? problem.basis() : model.model.slackBasis()
    }
}

/// One worker's solver: a GLPK problem of the base model, changed in place for each point.
/// Lives and dies on one thread. A point whose solve GLPK aborted (which frees every problem on
/// the thread) or that was re-solved on a fresh problem leaves the worker with a problem that
/// the next point rebuilds or re-loads, and every point starts from the base's basis: so a
/// point's result does not depend on what the worker solved before.
public final class PointSolver {
    let base: AnalysisBase
    /// Whether points with the base's structure re-use the problem and basis.
    let warm: Bool
    private var problem: LinearProblem?
    /// What is loaded in `problem` now (objective, column and row bounds).
    private var loaded: LinearModel

    public init(base: AnalysisBase, warm: Bool = true) {
        self.base = base
        self.warm = warm
        loaded = base.model.model
    }

    /// Solves a variant of the base scenario and returns its plan (no diagnosis, no sensitivity).
    public func solve(_ scenario: Scenario) -> Plan {
        let variant = PlanningModel(scenario: scenario)
        var options = base.options
        options.sensitivity = false
        options.diagnose = false
        do {
            if warm, variant.model.hasSameStructure(as: base.model.model) {
                var problem = try warmProblem()
                try load(variant.model, into: problem)
                try problem.setBasis(base.startBasis)
                var solveOptions = options.solveOptions(for: scenario)
                solveOptions.presolve = false
                let solution = LinearProblem.solveVerified(&problem, model: variant.model, options: solveOptions)
                // A re-solve may have left a fresh problem of this variant: keep it for the next point.
                self.problem = problem
                return variant.makePlan(solution: solution, problem: problem, identity: base.identity, options: options)
            }
            var problem = try LinearProblem(variant.model)
            let solution = LinearProblem.solveVerified(
                &problem, model: variant.model, options: options.solveOptions(for: scenario))
            return variant.makePlan(solution: solution, problem: problem, identity: base.identity, options: options)
        } catch {
            return variant.errorPlan(identity: base.identity, options: options, message: error.description)
        }
    }

    /// The worker's problem, rebuilt from the base model when there is none or a GLPK abort on
    /// this thread made it unusable.
    private func warmProblem() throws(SolverError) -> LinearProblem {
        if let problem, problem.isUsable { return problem }
        problem = nil
        let created = try LinearProblem(base.model.model)
        problem = created
        loaded = base.model.model
        return created
    }

    /// Changes only the coefficients and bounds that differ from what is loaded.
    private func load(_ model: LinearModel, into problem: LinearProblem) throws(SolverError) {
        for j in 0..<model.columnCount {
            if model.objective[j] != loaded.objective[j] {
                try problem.setObjective(column: ColumnID(j), model.objective[j])
            }
            if model.columnLower[j] != loaded.columnLower[j] || model.columnUpper[j] != loaded.columnUpper[j] {
                try problem.setColumnBounds(ColumnID(j), lower: model.columnLower[j], upper: model.columnUpper[j])
            }
        }
        for i in 0..<model.rowCount
        where model.rowLower[i] != loaded.rowLower[i] || model.rowUpper[i] != loaded.rowUpper[i] {
            try problem.setRowBounds(RowID(i), lower: model.rowLower[i], upper: model.rowUpper[i])
        }
        loaded = model
    }
}
