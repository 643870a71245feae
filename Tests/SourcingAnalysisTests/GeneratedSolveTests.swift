import SourcingAnalysis
import SourcingModel
import SourcingScenario
import Testing

// Generated scenarios (`sourcing generate`) are feasible by construction: small ones solve to
// optimal through the whole path (write, read back, build, GLPK), and a warm sweep over one
// agrees with a cold one, which is what the benchmarks compare.

@Suite struct GeneratedSolveTests {
    static let cases: [ScenarioGeneratorOptions] = [
        .init(items: 20, sourcesPerItem: 5, countries: 5, periods: 12, integerShare: 0, seed: 1, lpCore: true),
        .init(items: 6, sourcesPerItem: 4, countries: 5, periods: 8, integerShare: 0, seed: 3),
        .init(items: 3, sourcesPerItem: 3, countries: 4, periods: 6, integerShare: 0.5, seed: 1),
        .init(items: 3, sourcesPerItem: 3, countries: 4, periods: 6, integerShare: 0.5, seed: 2),
    ]

    @Test(arguments: cases)
    func aSmallGeneratedScenarioSolvesToOptimal(options: ScenarioGeneratorOptions) throws {
        let generated = try #require(ScenarioGenerator.generate(options))
        let bytes = ScenarioWriter.bytes(generated, format: .json)
        let scenario = try ScenarioLoader().decode(bytes, format: .json)
        let plan = try scenario.solve(identity: ScenarioIdentity(name: scenario.name, bytes: bytes))
        #expect(plan.status == .optimal)
        let objective = try #require(plan.objective)
        #expect(abs(objective - plan.costs.total) <= 1e-6 * max(1, abs(objective)))
        for (item, itemPlan) in zip(scenario.items, plan.items) where item.backlogPenalty == nil {
            // Hard demand: everything due is delivered (or was on hand) by each period.
            var owed = -item.initialInventory
            var delivered = 0.0
            for t in scenario.periods.indices {
                owed += item.demand[t]
                delivered += itemPlan.delivered[t]
                #expect(delivered >= owed - 1e-6, "\(item.id) short in \(scenario.periods[t])")
            }
        }
    }

    @Test func aWarmSweepOfAGeneratedLPAgreesWithACold() throws {
        let scenario = try #require(
            ScenarioGenerator.generate(
                .init(items: 8, sourcesPerItem: 4, countries: 5, periods: 10, seed: 12, lpCore: true)))
        let base = try AnalysisBase(
            scenario: scenario, identity: ScenarioIdentity(name: "g", sha256: "g"), options: PlanOptions())
        // Vary the unit cost of an ally's line of the first item that has one.
        let ally = try #require(scenario.sources.first { $0.country != "HOME" })
        let sweep = try Sweep(base: base, vary: ["sources[\(ally.id)].unitCost=x0.25..x2:12"])
        let warm = sweep.run(jobs: 2, warm: true)
        let cold = sweep.run(jobs: 1, warm: false)
        for (w, c) in zip(warm, cold) {
            let w = try #require(w)
            let c = try #require(c)
            #expect(w.status == .optimal && c.status == .optimal)
            let a = try #require(w.objective)
            let b = try #require(c.objective)
            #expect(abs(a - b) <= 1e-6 * max(1, abs(b)))
        }
        // The objective cannot fall as the line gets dearer.
        let objectives = warm.compactMap { $0?.objective }
        #expect(zip(objectives, objectives.dropFirst()).allSatisfy { $0 <= $1 + 1e-6 * max(1, abs($1)) })
    }
}
