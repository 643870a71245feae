import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import TestSupport
import Testing

/// QA after issue 16: an infeasible plan reported costs and spending of 0, which reads as a free
/// plan. Without a plan there is nothing to cost: null in the JSON (like `objective`; the keys
/// stay), empty cells in the tables, "—" in the summary.
struct NoPlanFiguresTests {
    /// The ASC with `policy.budget: 900` (infeasible: Rauma's two hulls cost 940 in FY26; see
    /// SummaryTests.aBudgetBreachIsDiagnosedAsMoneyNotDemand).
    func infeasiblePlan() throws -> Plan {
        var (scenario, identity) = try ExampleModels.scenario("arctic-security-cutter")
        scenario.policy.budget = Array(repeating: 900, count: scenario.periodCount)
        var plan = try scenario.solve(identity: identity)
        plan.solver.seconds = 0
        #expect(plan.status == .infeasible)
        return plan
    }

    @Test func anInfeasiblePlanHasNullCostsAndSpending() throws {
        let plan = try infeasiblePlan()
        let json = plan.json
        #expect(json["objective"] == .null)
        #expect(
            json["costs"]
                == .object(
                    ["procurement", "fixed", "holding", "backlog", "unmet", "investment", "reserve"].map { ($0, .null) }
                ))
        #expect(json["spending"] == .array(Array(repeating: .null, count: 11)))
        // The budget is the scenario's, plan or no plan.
        #expect(json["budget"] == .array(Array(repeating: .number(900), count: 11)))
        // Read back, the same bytes.
        let text = plan.jsonText()
        #expect(try Plan(jsonText: text).jsonText() == text)
        #expect(
            plan.summary().hasPrefix(
                "Arctic Security Cutter (US-Finland phased onshoring, illustrative): infeasible, total cost —\n"))
    }

    @Test func theTablesOfAnInfeasiblePlanHaveEmptyCells() throws {
        let tables = Dictionary(
            uniqueKeysWithValues: try infeasiblePlan().csvTables.map { ($0.name, parseCSV($0.text)) })
        #expect(
            tables["costs.csv"] == [["kind", "amount", "currency"]]
                + ["procurement", "fixed", "holding", "backlog", "unmet", "investment", "reserve"].map {
                    [$0, "", "USD millions"]
                })
        let spending = try #require(tables["spending.csv"])
        #expect(spending.first == ["period", "spending", "budget", "currency"])
        #expect(spending.dropFirst().map { $0[1] } == Array(repeating: "", count: 11))
        #expect(spending.dropFirst().map { $0[2] } == Array(repeating: "900", count: 11))
    }

    /// Compared with a plan, the side without one has no costs ("–"), not zeros.
    @Test func aComparisonWithAnInfeasiblePlanShowsNoCosts() throws {
        let a = try ExampleModels.plan("arctic-security-cutter")
        let b = try infeasiblePlan()
        let comparison = PlanComparison(before: a, after: b)
        #expect(comparison.costs.map(\.kind) == ["procurement", "investment"])
        #expect(comparison.costs.map(\.amount.after) == [nil, nil])
        #expect(comparison.text().contains("\n  procurement  5,810.0 → –\n  investment   300.0 → –\n"))
    }
}
