import Foundation
import LinearSolver
import SourcingModel
import SourcingScenario
import Testing

// Issue 13: indicator rows x ≤ M·y on "unlimited" lines (capacity 1e6–1e9). With M = capacity,
// GLPK's integrality tolerance let y = 5/1e6 count as 0: orders placed, fixed cost unpaid. The
// builder now uses M = min(capacity, what the item can use) and GLPK runs with tol_int 1e-9.
// Every plan goes through the independent checker (solveChecked), which recomputes the costs.

struct BigMTests {
    /// The repro: one line, capacity 1e6, unit cost 1, fixed cost 100, demand 5.
    /// The only way to deliver 5 is to open the line: 5·1 + 100 = 105.
    @Test func unlimitedLineWithFixedCostPaysIt() throws {
        let s = scenario(
            periods: 1, items: [item(demand: [5])],
            sources: [source("yard", periods: 1, cost: 1, capacity: 1_000_000) { $0.fixedCost = 100 }])
        let plan = try solveChecked(s)
        #expect(plan.status == .optimal)
        #expect(close(plan.objective, 105))
        #expect(close(plan.costs.fixed, 100))
        #expect(plan.orders("yard") == [5])
    }

    /// The second repro: minimum order 10, demand 5, capacity 1e6, unit cost 1, holding
    /// 0.5 per unit a period. The only source must take at least 10: 10·1 + 5 left over · 0.5 = 12.5.
    @Test func minimumOrderHoldsOnAnUnlimitedLine() throws {
        let s = scenario(
            periods: 1, items: [item(demand: [5]) { $0.holdingCost = 0.5 }],
            sources: [source("yard", periods: 1, cost: 1, capacity: 1_000_000) { $0.minOrder = 10 }])
        let plan = try solveChecked(s)
        #expect(plan.status == .optimal)
        #expect(plan.orders("yard") == [10])
        #expect(close(plan.objective, 12.5))
    }

    /// Two lines with capacity 1e9, demand 1 in each of 2 periods. "open": unit cost 1, fixed cost
    /// 100 → 2 + 100 = 102. "plain": unit cost 30, no fixed cost → 60. The optimum is 60; a
    /// fixed cost hidden by the tolerance would have given about 2.
    @Test func aHiddenFixedCostDoesNotWinTheChoice() throws {
        let s = scenario(
            periods: 2, items: [item(demand: [1, 1])],
            sources: [
                source("open", periods: 2, cost: 1, capacity: 1e9) { $0.fixedCost = 100 },
                source("plain", periods: 2, cost: 30, capacity: 1e9),
            ])
        let plan = try solveChecked(s)
        #expect(close(plan.objective, 60))
        #expect(plan.total("open") == 0)
        #expect(plan.orders("plain") == [1, 1])
    }

    /// Onshoring: the home line (unit cost 1, capacity 1e6) may work only after 2 units from the
    /// allied yard (unit cost 10) are delivered; demand 1 in each of 4 periods, hard, lead time 0.
    /// The line may never work in P1 and at the earliest from the period after the second allied
    /// unit, so 2 allied units are needed whatever the timing: 2·10 + 2·1 = 22. A may-work binary
    /// of 1e-6 (hidden by the tolerance with M = 1e6) would have let the line make 3 units.
    @Test func mayWorkBinaryOnAnUnlimitedLineHolds() throws {
        let s = scenario(
            periods: 4, items: [item(demand: [1, 1, 1, 1])],
            sources: [
                source("ally", country: finland, periods: 4, cost: 10, capacity: 1e6),
                source("home", periods: 4, cost: 1, capacity: 1e6) {
                    $0.onshoring = Onshoring(transfer: .init(fromSources: ["ally"], units: 2))
                },
            ])
        let plan = try solveChecked(s)
        #expect(close(plan.objective, 22))
        #expect(plan.total("ally") == 2)
        #expect(plan.total("home") == 2)
    }

    /// The coefficients themselves: capacity 1e6, demand [3, 2], hard, lead time 0. An order in
    /// P1 can serve 3 + 2 = 5, one in P2 only 2: the fixed-cost rows are x[P1] ≤ 5y, x[P2] ≤ 2y.
    /// With a backlog allowed, an order in P2 may also serve P1's shortfall: both 5. A minimum
    /// order of 4 raises the P2 bound to 4 (a single order must be allowed to reach it).
    @Test func bigMIsWhatTheItemCanUse() throws {
        func coefficients(
            _ configureItem: @escaping (inout Item) -> Void = { _ in },
            _ configureSource: @escaping (inout Source) -> Void = { _ in }
        ) -> [Double] {
            let s = scenario(
                periods: 2, items: [item(demand: [3, 2], configureItem)],
                sources: [
                    source("yard", periods: 2, cost: 1, capacity: 1e6) {
                        $0.fixedCost = 100
                        configureSource(&$0)
                    }
                ])
            let planning = PlanningModel(scenario: s)
            let y = planning.sourceColumns[0].fixedCostBinary
            let model = planning.model
            return model.entryValues.indices.filter { model.entryColumn($0) == y }
                .map { -model.entryValues[$0] }
        }
        #expect(coefficients() == [5, 2])
        #expect(coefficients({ $0.backlogPenalty = 7 }) == [5, 5])
        #expect(coefficients({ _ in }, { $0.minOrder = 4 }) == [5, 4])
        // Capacity below the use stays the bound; without tight bounds the capacity is M.
        let small = scenario(
            periods: 2, items: [item(demand: [3, 2])],
            sources: [source("yard", periods: 2, cost: 1, capacity: 1) { $0.fixedCost = 100 }])
        let planning = PlanningModel(scenario: small, tightBigM: false)
        let y = planning.sourceColumns[0].fixedCostBinary
        #expect(
            planning.model.entryValues.indices.filter { planning.model.entryColumn($0) == y }
                .map { planning.model.entryValues[$0] } == [-1, -1])
    }

    /// Items with share rules keep the capacity as M (a ratio can force a source above its
    /// demand): domestic share at most 0.5, so M stays 1e6.
    @Test func shareRulesKeepCapacityAsBigM() throws {
        let s = scenario(
            periods: 1, items: [item(demand: [4]) { $0.domesticShare = DomesticShareRule(max: 0.5) }],
            sources: [
                source("home", periods: 1, cost: 1, capacity: 1e6) { $0.fixedCost = 100 },
                source("ally", country: finland, periods: 1, cost: 3, capacity: 1e6),
            ])
        let planning = PlanningModel(scenario: s)
        let y = planning.sourceColumns[0].fixedCostBinary
        #expect(
            planning.model.entryValues.indices.filter { planning.model.entryColumn($0) == y }
                .map { planning.model.entryValues[$0] } == [-1e6])
        // Optimum: home 2 (≤ half of 4), ally 2: 2 + 100 + 6 = 108; or ally 4 alone: 12.
        let plan = try solveChecked(s)
        #expect(close(plan.objective, 12))
    }

    /// A component drawn by a line: the hull line (capacity 1e6) consumes 2 radars per hull; the
    /// radar line has capacity 1e9 and a fixed cost 50, unit cost 1. Demand 3 hulls, unit cost 1:
    /// 3 hulls + 6 radars + 50 = 59. The radar bound is the hulls' draw, 2·min(1e6, 3) = 6.
    @Test func componentBoundFollowsTheDraw() throws {
        let s = scenario(
            periods: 1, items: [item("hull", demand: [3]), item("radar", demand: [0])],
            sources: [
                source("yard", item: "hull", periods: 1, cost: 1, capacity: 1e6) {
                    $0.consumes = [Component(item: "radar", perUnit: 2)]
                },
                source("plant", item: "radar", periods: 1, cost: 1, capacity: 1e9) { $0.fixedCost = 50 },
            ])
        let planning = PlanningModel(scenario: s)
        let y = planning.sourceColumns[1].fixedCostBinary
        #expect(
            planning.model.entryValues.indices.filter { planning.model.entryColumn($0) == y }
                .map { planning.model.entryValues[$0] } == [-6])
        let plan = try solveChecked(s)
        #expect(close(plan.objective, 59))
    }

    /// Whole-unit demand costs move a demand row by one unit on the built program: the +1 variant
    /// must stay feasible. One line, capacity 1e6, fixed cost 100, unit cost 2, demand 5 whole
    /// units: one more unit costs 2, one less saves 2 (the line stays open).
    @Test func wholeUnitDemandCostsSeeOneMoreUnit() throws {
        let s = scenario(
            periods: 1, items: [item(demand: [5]) { $0.integerUnits = true }],
            sources: [source("yard", periods: 1, cost: 2, capacity: 1e6) { $0.fixedCost = 100 }])
        let plan = try solveChecked(s, options: PlanOptions(sensitivity: true))
        #expect(close(plan.objective, 110))
        let cost = try #require(plan.sensitivity?.demandCost.first)
        #expect(cost.method == .resolve)
        #expect(close(cost.costPerUnit, 2))
        #expect(close(cost.savingOneLess, 2))
    }

    /// tol_int and tol_obj reach GLPK, and values GLPK would abort on (0, 1) are refused first.
    @Test func toleranceOptionsAreChecked() throws {
        var options = SolveOptions()
        #expect(options.integerTolerance == nil)  // 1e-9 with presolve, 1e-5 without
        #expect(options.objectiveTolerance == 1e-9)
        var model = LinearModel()
        let x = model.addColumn(lower: 0, upper: 10, objective: -1, kind: .integer)
        let row = model.addRow(upper: 2.5)
        model.addEntry(row: row, column: x, value: 1)
        let problem = try LinearProblem(model)
        #expect(problem.solve(options).objective == -2)
        options.integerTolerance = 0
        let refused = problem.solve(options)
        #expect(refused.termination == .error)
        #expect(refused.error?.description.contains("integrality tolerance (must be > 0 and < 1)") == true)
        options.integerTolerance = 1e-9
        options.objectiveTolerance = 1
        #expect(problem.solve(options).error?.description.contains("objective tolerance (must be > 0 and < 1)") == true)
    }
}
