import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

/// QA after issue 16: MIP sensitivity figures that said the wrong thing (a spent-out budget
/// reported as binding nowhere, a capacity value on a line that never works), a diagnosis that
/// blamed demand for a coverage rule, and re-solves that made a MIP's solve 30 times slower.
struct MIPFiguresTests {
    /// Whole units: 4 due in one period, late at 5 and unmet at 5 more; a cheap line (1, at most
    /// 2) and a mid one (2, at most 2); the budget of 4 buys 2 cheap and 1 mid (spent to the last
    /// unit), the 4th unit goes unmet: 4 + 10 = 14. The budget binds. With the whole-number
    /// orders held fixed one more unit of money buys nothing (half a mid unit is not a unit): 0.
    /// Before, the fixed LP's dual of 0 was read as "binds in no period".
    @Test func aSpentOutBudgetBindsInAMIP() throws {
        let s = scenario(
            periods: 1,
            items: [item(demand: [4]) { $0.integerUnits = true; $0.backlogPenalty = 5; $0.unmetPenalty = 5 }],
            sources: [
                source("cheap", periods: 1, cost: 1, capacity: 2),
                source("mid", periods: 1, cost: 2, capacity: 2),
            ]) { $0.policy.budget = [4] }
        let plan = try solveChecked(s, options: PlanOptions(sensitivity: true))
        #expect(plan.objective == 14)
        #expect(plan.spending == [4])
        #expect(plan.sensitivity?.basis == "mip-fixed")
        #expect(plan.sensitivity?.budgetValue == [BudgetValue(period: "P1", savingPerUnit: 0)])
        #expect(plan.summary().contains("\n  budget binds, what one more unit of money saves: P1 0 (whole-number decisions held fixed: 0 where one unit of money buys no whole unit)\n"))
    }

    /// A budget with room left does not bind: 5 for the same plan (the 4th unit would cost 2
    /// more, 6 > 5, so the plan is the same and spends 4).
    @Test func aBudgetWithRoomLeftDoesNotBind() throws {
        let s = scenario(
            periods: 1,
            items: [item(demand: [4]) { $0.integerUnits = true; $0.backlogPenalty = 5; $0.unmetPenalty = 5 }],
            sources: [
                source("cheap", periods: 1, cost: 1, capacity: 2),
                source("mid", periods: 1, cost: 2, capacity: 2),
            ]) { $0.policy.budget = [5] }
        let plan = try solveChecked(s, options: PlanOptions(sensitivity: true))
        #expect(plan.objective == 14 && plan.spending == [4])
        #expect(plan.sensitivity?.budgetValue == [])
    }
}
