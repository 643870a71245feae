import Foundation
import LinearSolver
import SourcingModel
import SourcingScenario
import Testing

@testable import SourcingAnalysis

/// A point whose solve makes GLPK raise a fatal error (caught by the guard, which frees every
/// problem on the worker's thread) neither poisons the points after it on that worker nor
/// changes any point's result: the same per-point results on 1 and 2 threads and in either
/// point order (issue 13).
@Suite struct AbortRecoveryTests {
    /// premiumScenario with a budget of 50 a period, which puts every unit cost into the matrix
    /// (the budget rows, which bind for no point here: a plan spends at most 2c + 10 <= 50 in a
    /// period with c <= 20, or 30 making everything at home). An ally cost of 1e308 there is
    /// what GLPK's scaling cannot take (`glp_set_rii: rii = 0; invalid scale factor`, a fatal
    /// error), with presolve or without; one of 1e-300 makes GLPK return wrong "optimal"
    /// answers (objective -35 presolved, 0 scaled); unscaled both are solved right.
    func budgeted() -> Scenario {
        var scenario = premiumScenario()
        scenario.policy.budget = [50, 50, 50]
        return scenario
    }

    func sweep(costs: [Double]) throws -> Sweep {
        let base = try AnalysisBase(scenario: budgeted(), identity: identity, options: PlanOptions())
        let path = try ParameterPath("sources[ally].unitCost", in: base.scenario)
        return try Sweep(
            base: base,
            parameters: [
                Sweep.Parameter(
                    path: path, changes: costs.map { .set($0) },
                    valuesText: costs.map { "\($0)" }.joined(separator: ","))
            ])
    }

    @Test func anAbortingPointLeavesOtherPointsAndOrdersAlone() throws {
        let costs: [Double] = [6, 1e308, 1e-300, 7, 12]
        // The premises: solved as GLPK is asked to by default (presolve on), the 1e308 point
        // aborts and the 1e-300 point gets a wrong optimum.
        let huge = PlanningModel(scenario: try sweep(costs: costs).scenario(at: 1).0).model
        let aborted = try LinearProblem(huge).solve(SolveOptions(presolve: true))
        guard case .glpkAborted(let message)? = aborted.error else {
            Issue.record(
                "the point does not make GLPK abort: \(aborted.termination) \(String(describing: aborted.error))")
            return
        }
        #expect(message.contains("invalid scale factor"))
        let tiny = PlanningModel(scenario: try sweep(costs: costs).scenario(at: 2).0).model
        let wrong = try LinearProblem(tiny).solve(SolveOptions(presolve: true))
        #expect(wrong.termination == .optimal && wrong.objective == -35)
        #expect(tiny.verify(columnValues: wrong.columnValues).isVerified == false)

        func results(_ costs: [Double], jobs: Int) throws -> [Double: PointResult] {
            var byCost: [Double: PointResult] = [:]
            for point in try sweep(costs: costs).run(jobs: jobs).map({ $0! }) {
                var point = point
                let cost = costs[point.index]
                point.index = 0  // positions differ between the orders; the results must not
                byCost[cost] = point
            }
            return byCost
        }
        let serial = try results(costs, jobs: 1)
        #expect(serial.count == costs.count)
        #expect(try results(costs, jobs: 2) == serial)
        #expect(try results(costs.reversed(), jobs: 1) == serial)
        #expect(try results(costs.reversed(), jobs: 2) == serial)
        // By hand (premiumScenario): 5c + 10 for c <= 10, 60 above; the nearly free ally gives
        // 10 (home's one unit); the ally at 1e308 is never used: 60.
        #expect(costs.map { serial[$0]?.objective } == [40, 60, 10, 45, 60])
        #expect(serial.values.allSatisfy { $0.status == .optimal && $0.error == nil })
        // Cold solves, one point after another on one worker, agree too.
        let cold = try sweep(costs: costs).run(jobs: 1, warm: false).map { $0!.objective }
        #expect(cold == [40, 60, 10, 45, 60])
    }
}
