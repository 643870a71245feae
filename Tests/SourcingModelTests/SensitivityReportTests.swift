import SourcingModel
import SourcingScenario
import Testing

/// The marginal figures of a plan: whole-unit demand costs from re-solves, budget values.
struct SensitivityReportTests {
    /// Whole units, demand [1, 2]; the line costs 10 in P1 and 12 in P2, at most 2 a period;
    /// holding 1 per unit and period. Base: 2 in P1 (one held) and 1 in P2 = 20 + 1 + 12 = 33.
    func wholeUnits(capacity: Double = 2) -> Scenario {
        scenario(
            periods: 2,
            items: [
                item(demand: [1, 2]) {
                    $0.integerUnits = true
                    $0.holdingCost = 1
                }
            ],
            sources: [source("home", periods: 2, cost: 10, capacity: capacity) { $0.unitCost = [10, 12] }])
    }

    @Test func wholeUnitDemandCostsComeFromReSolves() throws {
        let plan = try solveChecked(wholeUnits(), options: PlanOptions(sensitivity: true))
        #expect(plan.objective == 33)
        let sensitivity = try #require(plan.sensitivity)
        #expect(sensitivity.basis == "mip-fixed")
        #expect(sensitivity.complete)
        // One more in P1 ([2, 2]): 2 in P1, 2 in P2 = 44, +11. One less ([0, 2]): 2 in P1 held
        // (20 + 2) = 22 beats 1 + 1 (23) and 2 in P2 (24), saving 11.
        // One more in P2 ([1, 3]): 2 in P1 (one held), 2 in P2 = 20 + 1 + 24 = 45, +12. One less
        // ([1, 1]): 2 in P1 (one held) = 21, saving 12.
        #expect(sensitivity.demandCost.map(\.method) == [.resolve, .resolve])
        #expect(sensitivity.demandCost.map(\.costPerUnit) == [11, 12])
        #expect(sensitivity.demandCost.map(\.savingOneLess) == [11, 12])
    }

    @Test func itemBlocksAreReSolvedLikeOneModel() throws {
        // Two copies of the item (no budget: solved as two blocks, their re-solves after both).
        var s = wholeUnits()
        var twin = s.items[0]
        twin.id = "twin"
        s.items.append(twin)
        var line = s.sources[0]
        line.id = "twin-line"
        line.item = "twin"
        s.sources.append(line)
        let blocks = try solveChecked(s, options: PlanOptions(sensitivity: true, decompose: true, jobs: 2))
        let whole = try solveChecked(s, options: PlanOptions(sensitivity: true, decompose: false))
        #expect(blocks.sensitivity?.demandCost.map(\.costPerUnit) == [11, 12, 11, 12])
        #expect(blocks.sensitivity?.demandCost == whole.sensitivity?.demandCost)
        #expect(blocks.sensitivity?.complete == true)
    }

    @Test func oneMoreUnitThatCannotBeDeliveredIsNil() throws {
        // At most 1 in P1 and 2 in P2: the base orders 1 and 2 = 10 + 24 = 34.
        var s = wholeUnits()
        s.sources[0].capacity = [1, 2]
        let plan = try solveChecked(s, options: PlanOptions(sensitivity: true))
        #expect(plan.objective == 34)
        let costs = try #require(plan.sensitivity?.demandCost)
        // One more in P1 needs 2 in P1 (capacity 1): impossible; one less: 1 in P1 held + 1 in P2
        // = 10 + 1 + 12 = 23 (vs 24), saving 11. One more in P2 needs 3 by P2 from 1 + 2: every
        // unit is already ordered, impossible; one less: 10 + 12 = 22, saving 12.
        #expect(costs.map(\.costPerUnit) == [nil, nil])
        #expect(costs.map(\.savingOneLess) == [11, 12])
    }

    @Test func continuousItemsKeepTheirShadowPrices() throws {
        var s = wholeUnits()
        s.items[0].integerUnits = false
        let plan = try solveChecked(s, options: PlanOptions(sensitivity: true))
        let costs = try #require(plan.sensitivity?.demandCost)
        // LP, same plan (P1 full at 2, one held): one more in P1 keeps the held unit at home
        // (−1 holding) and buys one in P2 (+12): 11; one more in P2 comes from P2: 12.
        #expect(costs.map(\.method) == [.dual, .dual])
        #expect(costs.map(\.costPerUnit) == [11, 12])
    }

    @Test func aBindingBudgetHasAValue() throws {
        // 4 units due in one period, late at 5 and unmet at 5 more; a cheap line (1, at most 2)
        // and a mid one (2, at most 2); the budget of 4 buys 2 cheap and 1 mid, and the 4th unit
        // goes unmet: 4 + 10 = 14. One more unit of money buys half a mid unit: it costs 1 and
        // saves half of the 10, so the budget is worth 4 per unit.
        let s = scenario(
            periods: 1,
            items: [
                item(demand: [4]) {
                    $0.backlogPenalty = 5
                    $0.unmetPenalty = 5
                }
            ],
            sources: [
                source("cheap", periods: 1, cost: 1, capacity: 2),
                source("mid", periods: 1, cost: 2, capacity: 2),
            ]
        ) { $0.policy.budget = [4] }
        let plan = try solveChecked(s, options: PlanOptions(sensitivity: true))
        #expect(plan.spending == [4])
        #expect(plan.budget == [4])
        #expect(plan.sensitivity?.budgetValue == [BudgetValue(period: "P1", savingPerUnit: 4)])
    }
}
