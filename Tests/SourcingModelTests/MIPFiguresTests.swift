import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

/// QA after issue 16: MIP sensitivity figures that said the wrong thing (a spent-out budget
/// reported as binding nowhere, a capacity value on a line that never works), a diagnosis that
/// blamed demand for a coverage rule, and re-solves that made a MIP's solve 30 times slower.
struct MIPFiguresTests {
    /// 4 whole units due in one period (late at 5, unmet at 5 more) from a cheap line (1, at
    /// most 2) and a mid one (2, at most 2), under a one-period budget.
    func twoLines(budget: Double) -> Scenario {
        scenario(
            periods: 1,
            items: [
                item(demand: [4]) {
                    $0.integerUnits = true
                    $0.backlogPenalty = 5
                    $0.unmetPenalty = 5
                }
            ],
            sources: [
                source("cheap", periods: 1, cost: 1, capacity: 2),
                source("mid", periods: 1, cost: 2, capacity: 2),
            ]
        ) { $0.policy.budget = [budget] }
    }

    /// Whole units: 4 due in one period, late at 5 and unmet at 5 more; a cheap line (1, at most
    /// 2) and a mid one (2, at most 2); the budget of 4 buys 2 cheap and 1 mid (spent to the last
    /// unit), the 4th unit goes unmet: 4 + 10 = 14. The budget binds. With the whole-number
    /// orders held fixed one more unit of money buys nothing (half a mid unit is not a unit): 0.
    /// Before, the fixed LP's dual of 0 was read as "binds in no period".
    @Test func aSpentOutBudgetBindsInAMIP() throws {
        let s = twoLines(budget: 4)
        let plan = try solveChecked(s, options: PlanOptions(sensitivity: true))
        #expect(plan.objective == 14)
        #expect(plan.spending == [4])
        #expect(plan.sensitivity?.basis == "mip-fixed")
        #expect(plan.sensitivity?.budgetValue == [BudgetValue(period: "P1", savingPerUnit: 0)])
        #expect(
            plan.summary().contains(
                "\n  budget binds, what one more unit of money saves: P1 0 (whole-number decisions held fixed: 0 where one unit of money buys no whole unit)\n"
            ))
    }

    /// A budget with room left does not bind: 5 for the same plan (the 4th unit would cost 2
    /// more, 6 > 5, so the plan is the same and spends 4).
    @Test func aBudgetWithRoomLeftDoesNotBind() throws {
        let s = twoLines(budget: 5)
        let plan = try solveChecked(s, options: PlanOptions(sensitivity: true))
        #expect(plan.objective == 14 && plan.spending == [4])
        #expect(plan.sensitivity?.budgetValue == [])
    }

    /// 10 due, continuous; an ally at 5 (at most 20) and a home line at 1 that needs a facility
    /// of 100 first (and a fixed-cost line at 2 that costs 100 to open). Building either saves
    /// 40 or 30, less than 100, so the ally delivers all 10: 50. Neither home line ever works,
    /// and the ally's capacity has room: no capacity binds. Before, the fixed LP (the facility
    /// decision held at "never") valued the home line's capacity at 4 a unit, 5 − 1, as if one
    /// more unit of a line that is not built could be used.
    @Test func aLineThatNeverWorksHasNoCapacityValue() throws {
        let s = scenario(
            periods: 1, items: [item(demand: [10])],
            sources: [
                source("ally", country: finland, periods: 1, cost: 5, capacity: 20),
                source("home", periods: 1, cost: 1, capacity: 20) {
                    $0.onshoring = Onshoring(facility: .init(cost: 100))
                },
                source("opens", periods: 1, cost: 2, capacity: 20) { $0.fixedCost = 100 },
            ])
        let plan = try solveChecked(s, options: PlanOptions(sensitivity: true))
        #expect(plan.objective == 50)
        #expect(plan.orders("ally") == [10] && plan.total("home") == 0 && plan.total("opens") == 0)
        #expect(plan.sensitivity?.capacityValue == [])
        #expect(!plan.summary().contains("binding capacity"))
    }

    /// Rare-earth magnets with Japan embargoed too and a budget of 70 a year. Demand is soft
    /// (late at 0.5, unmet at 2), so demand is never the rule that fails; with Australia and
    /// Japan out only the US plant and Canada's 300 t are eligible (Malaysia's screening is
    /// pending), and from FY28 losing either country must leave half the year's demand in
    /// reserves and stock: Canada's 300 t cannot cover half of 900, and the US plant's reserve
    /// costs money the budget does not have. Before, the relaxation counted relaxed demand as
    /// stock on hand (one phantom tonne covering both countries' loss) and blamed demand.
    @Test func theDiagnosisNamesTheCoverageRuleAndTheBudgetNotDemand() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/rare-earth-magnets.yaml").path
        var s = try ScenarioLoader().load(path: path)
        s.policy.embargo.append("JP")
        s.policy.budget = Array(repeating: 70, count: s.periodCount)
        let plan = try s.solve(identity: ScenarioIdentity(name: s.name, sha256: "test"))
        #expect(plan.status == .infeasible)
        let diagnosis = try #require(plan.diagnosis)
        #expect(!diagnosis.contains { $0.rule == .demand })
        #expect(Set(diagnosis.map(\.rule)) == [.resilience, .budget])
        // Canada alone (if the US drops out) can hold at most its 300 t in reserve: FY28 needs
        // 450 t of cover beyond it; every resilience shortfall is from FY28 on.
        #expect(
            diagnosis.filter { $0.rule == .resilience }.allSatisfy {
                ["FY28", "FY29", "FY30", "FY31", "FY32", "FY33"].contains($0.period ?? "")
            })
    }

    /// 6 whole-unit items over 8 periods (`sourcing generate --items 6 --sources-per-item 3
    /// --countries 3 --periods 8 --integer-share 1 --seed 5`): 96 re-solves would be needed (one
    /// more and one less in each period with demand); the allowance of 24 takes whole items in
    /// order while they fit, and the plan says which items were skipped and why.
    @Test func reSolvesAreBoundedAndTheSkippedItemsAreNamed() throws {
        let options = ScenarioGeneratorOptions(
            items: 6, sourcesPerItem: 3, countries: 3, periods: 8, integerShare: 1, seed: 5)
        let s = try #require(ScenarioGenerator.generate(options))
        let plan = try solveChecked(s, options: PlanOptions(sensitivity: true))
        let sensitivity = try #require(plan.sensitivity)
        let variants = s.items.map { item in item.demand.count + item.demand.filter { $0 >= 1 }.count }
        var fitted: [String] = []
        var skipped: [String] = []
        var used = 0
        for (item, count) in zip(s.items, variants) {
            if used + count <= wholeUnitResolveLimit {
                used += count
                fitted.append(item.id)
            } else {
                skipped.append(item.id)
            }
        }
        #expect(!skipped.isEmpty && !fitted.isEmpty)
        #expect(sensitivity.skipped == SkippedResolves(items: skipped, limit: 24))
        #expect(!sensitivity.complete)
        // Fitted items have re-solved figures in every period; skipped ones none at all.
        #expect(Set(sensitivity.demandCost.map(\.item)) == Set(fitted))
        #expect(sensitivity.demandCost.allSatisfy { $0.method == .resolve })
        let json = plan.jsonText()
        #expect(json.contains("\"skipped\": {"))
        #expect(try Plan(jsonText: json).sensitivity?.skipped == sensitivity.skipped)
        #expect(
            plan.summary().contains(
                "\n  not re-solved: \(skipped.joined(separator: ", ")), at most 24 re-solves per plan (one more and one less unit due, each a full MIP solve); these items' re-solves did not fit; they have no demand cost here\n"
            ))
    }
}
