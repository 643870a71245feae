import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import TestSupport
import Testing

// Items without a budget between them are solved as separate blocks in parallel; the assembled
// plan must have the monolithic optimum, pass the checker, and not depend on the thread count.

/// The repository's `models/` folder.
let modelsFolder = Repository.models

func bytesWithoutTimings(_ plan: Plan) -> String {
    var plan = plan
    plan.solver.seconds = 0
    return plan.jsonText()
}

@Suite struct DecompositionTests {
    @Test func blocksOfAGeneratedLikeScenarioMatchTheMonolith() throws {
        // Three items, each with a home and an ally source, and a per-source share cap: the
        // blocks are independent, so the sum of their optima is the monolithic optimum.
        var items: [Item] = []
        var sources: [Source] = []
        for k in 0..<3 {
            let id = "item\(k)"
            items.append(
                item(id, demand: [Double(k + 1), 2, 3]) {
                    $0.holdingCost = 1
                    $0.maxSharePerSource = 0.8
                })
            sources.append(source("\(id)-home", item: id, periods: 3, cost: 10 + Double(k), capacity: 10))
            sources.append(source("\(id)-ally", country: finland, item: id, periods: 3, cost: 6, capacity: 2))
        }
        let s = scenario(periods: 3, items: items, sources: sources)
        #expect(s.independentItemBlocks()?.count == 3)
        let blocks = try solveChecked(s, options: PlanOptions(sensitivity: true, decompose: true, jobs: 2))
        let monolith = try solveChecked(s, options: PlanOptions(sensitivity: true, decompose: false))
        #expect(blocks.status == .optimal)
        #expect(close(blocks.objective, monolith.objective!))
        #expect(blocks.solver.rows == monolith.solver.rows && blocks.solver.columns == monolith.solver.columns)
        #expect(blocks.sensitivity?.demandCost == monolith.sensitivity?.demandCost)
    }

    @Test func aBudgetKeepsTheModelWhole() {
        let s = scenario(
            periods: 1, items: [item("a", demand: [1]), item("b", demand: [1])],
            sources: [
                source("a-home", item: "a", periods: 1, cost: 1, capacity: 5),
                source("b-home", item: "b", periods: 1, cost: 1, capacity: 5),
            ]
        ) { $0.policy.budget = [5] }
        #expect(s.independentItemBlocks() == nil)
    }

    @Test func infeasibleBlockIsDiagnosedInTheAssembledPlan() throws {
        let s = scenario(
            periods: 1, items: [item("a", demand: [1]), item("b", demand: [3])],
            sources: [
                source("a-home", item: "a", periods: 1, cost: 1, capacity: 5),
                source("b-home", item: "b", periods: 1, cost: 1, capacity: 2),
            ])
        let plan = try solveChecked(s)
        #expect(plan.status == .infeasible)
        #expect(plan.diagnosis?.map(\.item) == ["b"])
        #expect(plan.diagnosis?.first?.shortfall == 1)
    }

    /// Every model in models/: optimal, checked, the same optimum whole or in blocks, and the same
    /// bytes on 1 and 2 threads and on a second run (timings aside).
    @Test(arguments: ExampleModels.files(extensions: ["yaml", "yml", "json"]))
    func everyModelIsReproducible(file: String) throws {
        let scenario = try ScenarioLoader().load(path: modelsFolder.appendingPathComponent(file).path)
        let serial = try solveChecked(scenario, options: PlanOptions(sensitivity: true, jobs: 1))
        let parallel = try solveChecked(scenario, options: PlanOptions(sensitivity: true, jobs: 2))
        let again = try solveChecked(scenario, options: PlanOptions(sensitivity: true, jobs: 2))
        #expect(serial.status == .optimal)
        #expect(bytesWithoutTimings(serial) == bytesWithoutTimings(parallel))
        #expect(bytesWithoutTimings(parallel) == bytesWithoutTimings(again))
        let monolith = try solveChecked(scenario, options: PlanOptions(decompose: false))
        #expect(close(serial.objective, monolith.objective!))
    }
}
