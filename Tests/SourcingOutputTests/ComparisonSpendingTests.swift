import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import TestSupport
import Testing

/// QA after issue 16: `compare` had no spending or budget rows, and said nothing when the two
/// plans answer different scenario files.
struct ComparisonSpendingTests {
    /// The ASC plan against the ASC with `policy.budget: 1200` a year: the most it spends in a
    /// year is 1,130 (FY33), so the plan is the same; only the budget is new. B's file differs
    /// (its SHA-256 is another), which the text says first.
    @Test func aNewBudgetIsListedPerPeriodAndADifferentScenarioIsSaid() throws {
        let a = try ExampleModels.plan("arctic-security-cutter")
        var (scenario, _) = try ExampleModels.scenario("arctic-security-cutter")
        scenario.policy.budget = Array(repeating: 1200, count: scenario.periodCount)
        var b = try scenario.solve(
            identity: ScenarioIdentity(name: scenario.name, sha256: String(repeating: "b", count: 64)))
        b.solver.seconds = 0
        #expect(b.spending == a.spending)
        let comparison = PlanComparison(before: a, after: b)
        #expect(!comparison.sameScenario)
        #expect(comparison.spending.isEmpty)
        #expect(comparison.budget.map(\.value.after) == Array(repeating: 1200, count: 11))
        let sha = String(a.scenario.sha256.prefix(12))
        #expect(
            comparison.text(beforeLabel: "a.json", afterLabel: "b.json") == """
                A: a.json (Arctic Security Cutter (US-Finland phased onshoring, illustrative), optimal, total cost 6,110.0 USD millions)
                B: b.json (Arctic Security Cutter (US-Finland phased onshoring, illustrative), optimal, total cost 6,110.0 USD millions)
                Note: the plans answer different scenario files (SHA-256 \(sha)… and bbbbbbbbbbbb…): the differences below come from the inputs as well as the plans.

                Total cost (USD millions): 6,110.0 → 6,110.0 (+0.0, +0%)

                Spending per period and budget (USD millions, undiscounted)
                  period     FY26     FY27     FY28     FY29     FY30     FY31     FY32     FY33     FY34     FY35     FY36
                  budget  –→1,200  –→1,200  –→1,200  –→1,200  –→1,200  –→1,200  –→1,200  –→1,200  –→1,200  –→1,200  –→1,200

                """)
        let json = comparison.json
        #expect(json["sameScenario"] == .bool(false))
        let rows = parseCSV(comparison.table.csv).filter { $0.first == "budget" }
        #expect(rows.count == 11 && rows[0] == ["budget", "", "", "FY26", "", "", "1200", ""])
    }

    /// The same plan file twice: no note, no differences.
    @Test func theSameScenarioNeedsNoNote() throws {
        let a = try ExampleModels.plan("arctic-security-cutter")
        let comparison = PlanComparison(before: a, after: a)
        #expect(comparison.sameScenario)
        #expect(!comparison.text().contains("Note:"))
    }

    /// Spending that changes: the plan against an infeasible one spends 940 → – in FY26 and so
    /// on (no plan, no spending); the budget 900 is new in every period.
    @Test func spendingChangesArePerPeriod() throws {
        let a = try ExampleModels.plan("arctic-security-cutter")
        var (scenario, identity) = try ExampleModels.scenario("arctic-security-cutter")
        scenario.policy.budget = Array(repeating: 900, count: scenario.periodCount)
        let b = try scenario.solve(identity: identity)
        let comparison = PlanComparison(before: a, after: b)
        #expect(comparison.spending.map(\.value.before) == [940, 630, 630, 565, 550, 565, 550, 1130, 550, 0, 0])
        #expect(comparison.spending.map(\.value.after) == Array(repeating: nil, count: 11))
        #expect(
            comparison.text().contains(
                "\n  spending  940→–  630→–  630→–  565→–  550→–  565→–  550→–  1,130→–  550→–    0→–    0→–\n"))
    }
}
