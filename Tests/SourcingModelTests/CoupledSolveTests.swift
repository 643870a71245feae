import Foundation
import SourcingScenario
import Testing

@testable import LinearSolver
@testable import SourcingModel

// Budget-coupled LPs: the budget rows are priced by Dantzig–Wolfe over the item blocks, the
// blocks' bases at those prices (budget rows basic) start the whole model's dual simplex on the
// priced objective, and the primal simplex restores the original one: the answer must be the
// whole model's optimum, whether the budget binds or not.

/// Two items, two periods, demand 1 in each period for each, one source per item at cost 1,
/// capacity 5; holding 0.5 for a, 0.2 for b; no discounting.
/// Unconstrained: buy just in time, objective 4, spend [2, 2].
/// With budget [3, 1]: only one unit may be bought in period 2, so one item buys its second
/// unit in period 1 and holds it. Holding b (0.2) beats holding a (0.5): objective 4.2,
/// b orders [2, 0], a orders [1, 1].
private func twoItems(budget: [Double]?) -> Scenario {
    scenario(
        periods: 2,
        items: [
            item("a", demand: [1, 1]) { $0.holdingCost = 0.5 }, item("b", demand: [1, 1]) { $0.holdingCost = 0.2 },
        ],
        sources: [
            source("a-home", item: "a", periods: 2, cost: 1, capacity: 5),
            source("b-home", item: "b", periods: 2, cost: 1, capacity: 5),
        ]
    ) { $0.policy.budget = budget }
}

/// The plan of the coupled solve, with blocks however small, checked by the independent checker.
private func coupledPlan(_ s: Scenario, jobs: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> Plan {
    let model = PlanningModel(scenario: s)
    let problem = try LinearProblem(model.model)
    let solution = model.solveWhole(
        problem, options: SolveOptions(), decompose: true, jobs: jobs, minimumBlockEntries: 0)
    let plan = model.makePlan(
        solution: solution, problem: problem, identity: ScenarioIdentity(name: s.name, sha256: "test"),
        options: PlanOptions())
    let json = try JSONSerialization.jsonObject(with: Data(plan.jsonText().utf8)) as! [String: Any]
    let violations = checkPlan(json, against: s)
    #expect(violations.isEmpty, "plan violates the formulation: \(violations)", sourceLocation: sourceLocation)
    return plan
}

@Suite struct CoupledSolveTests {
    @Test func blockStructureSplitsAtTheLinkingRows() {
        // Columns 0-1 tied by row 0, column 2 alone with row 1, row 2 ties all three (linking),
        // row 3 has no entries (goes to the first block).
        var model = LinearModel()
        for _ in 0..<3 { model.addColumn(upper: 1, objective: 1) }
        for _ in 0..<4 { model.addRow(upper: 1) }
        model.addEntry(row: 0, column: 0, value: 1)
        model.addEntry(row: 0, column: 1, value: 1)
        model.addEntry(row: 1, column: 2, value: 1)
        for j in model.columns { model.addEntry(row: 2, column: j, value: 1) }
        let structure = BlockStructure(model: model, linkingRows: [2], minimumEntries: 0)
        #expect(structure.linkingRows == [2])
        #expect(structure.blockColumns == [[0, 1], [2]])
        #expect(structure.blockRows == [[0, 3], [1]])
        let second = structure.submodel(1, of: model)
        #expect(second.columnCount == 1 && second.rowCount == 1 && second.nonzeroCount == 1)
        // Without linking rows set aside, everything is one block; packing joins small components.
        #expect(BlockStructure(model: model, linkingRows: []).blockCount == 1)
        #expect(BlockStructure(model: model, linkingRows: [2], minimumEntries: 10).blockCount == 1)
    }

    @Test func aBindingBudgetIsSolvedFromTheBlocksToTheWholeOptimum() throws {
        let s = twoItems(budget: [3, 1])
        let model = PlanningModel(scenario: s)
        let pricing = try #require(model.linkPricing(minimumBlockEntries: 0))
        #expect(pricing.structure.blockCount == 2)
        // The unlinked plans spend [2, 2]: over the budget of 1 in period 2, so prices are needed.
        guard case .prices(let prices) = pricing.prices(options: SolveOptions(), jobs: 2, deadline: nil) else {
            Issue.record("expected prices")
            return
        }
        #expect(prices.rounds >= 1)
        let coupled = try coupledPlan(s, jobs: 2)
        let whole = try solveChecked(s, options: PlanOptions(decompose: false))
        #expect(coupled.status == .optimal)
        #expect(close(coupled.objective, 4.2))
        #expect(coupled.orders("b-home") == [2, 0] && coupled.orders("a-home") == [1, 1])
        #expect(bytesWithoutTimings(coupled) == bytesWithoutTimings(whole))
    }

    @Test func aSlackBudgetNeedsNoSimplexIterationAfterTheBlocks() throws {
        let s = twoItems(budget: [10, 10])
        let model = PlanningModel(scenario: s)
        let problem = try LinearProblem(model.model)
        let solution = model.solveWhole(
            problem, options: SolveOptions(), decompose: true, jobs: 1, minimumBlockEntries: 0)
        #expect(solution.termination == .optimal)
        #expect(solution.iterations == 0)
        #expect(close(solution.objective, 4))
    }

    @Test func aBlockThatCannotMeetDemandMakesTheWholeInfeasible() throws {
        var s = twoItems(budget: [10, 10])
        // b needs 10 units by period 2; its one source makes 4 + 5 = 9.
        s.items[1].demand = [1, 9]
        s.sources[1].capacity = [4, 5]
        let model = PlanningModel(scenario: s)
        let pricing = try #require(model.linkPricing(minimumBlockEntries: 0))
        guard case .infeasible = pricing.prices(options: SolveOptions(), jobs: 2, deadline: nil) else {
            Issue.record("expected an infeasible block")
            return
        }
        let plan = try solveChecked(s)
        #expect(plan.status == .infeasible)
        #expect(plan.diagnosis?.first?.item == "b")
    }

    /// Generated budget-coupled LPs, budgets from loose to tight: the priced start must give the
    /// whole model's optimum (the monolithic cold solve's objective, to 1e-7). The budget at 1.5
    /// binds nowhere (no pricing round); at 1.0 and 0.9 it binds (13 and 20 rounds when written);
    /// at 0.8 the scenario is infeasible, the master keeps its elastic columns, and the finish
    /// starts unpriced.
    @Test(arguments: [(1, 1.5, false), (2, 1.0, true), (3, 0.9, true), (4, 0.8, false)])
    func generatedBudgetPlansReachTheMonolithicOptimum(seed: UInt64, share: Double, priced: Bool) throws {
        let options = ScenarioGeneratorOptions(
            items: 12, sourcesPerItem: 4, countries: 5, periods: 8, integerShare: 0,
            seed: seed, lpCore: true, budgetShare: share)
        let s = try #require(ScenarioGenerator.generate(options))
        let whole = try solveChecked(s, options: PlanOptions(sensitivity: false, decompose: false))
        let model = PlanningModel(scenario: s)
        let pricing = try #require(model.linkPricing(minimumBlockEntries: 0))
        guard case .prices(let prices) = pricing.prices(options: SolveOptions(), jobs: 2, deadline: nil) else {
            Issue.record("expected a start from the blocks")
            return
        }
        #expect((prices.rounds > 0) == priced)
        #expect((whole.status == .infeasible) == (share == 0.8))
        let problem = try LinearProblem(model.model)
        let solution = model.solveWhole(
            problem, options: SolveOptions(), decompose: true, jobs: 2, minimumBlockEntries: 0)
        #expect((solution.termination == .optimal) == (whole.status == .optimal))
        if whole.status == .optimal, let objective = whole.objective {
            let found = try #require(solution.objective)
            #expect(
                abs(found - objective) <= 1e-7 * max(1, abs(objective)), "decomposed \(found) vs whole \(objective)")
            #expect(model.model.verify(columnValues: solution.columnValues).isVerified)
        }
    }
}

/// The shim's cost ranging (`cglpk_coef_limits`) against GLPK's own glp_analyze_coef on the same
/// optimal basis: every column's limits agree to 1e-9 (relative), infinite where GLPK's are.
@Suite struct CostRangingTests {
    @Test(arguments: [(5, 1.0), (6, 0.9), (7, 1.5)])
    func theFastRangingMatchesGLPK(seed: UInt64, share: Double) throws {
        let options = ScenarioGeneratorOptions(
            items: 30, sourcesPerItem: 5, countries: 6, periods: 10, integerShare: 0,
            seed: seed, lpCore: true, budgetShare: share)
        let s = try #require(ScenarioGenerator.generate(options))
        let model = PlanningModel(scenario: s)
        let problem = try LinearProblem(model.model)
        let solution = model.solveWhole(problem, options: SolveOptions(), decompose: true, jobs: 2)
        try #require(solution.termination == .optimal)
        let columns = model.model.columns
        let fast = try problem.costRanges(columns: columns, withGLPKRoutine: false)
        let glpk = try problem.costRanges(columns: columns, withGLPKRoutine: true)
        #expect(fast.count == columns.count && glpk.count == columns.count)
        var basic = 0
        var differing: [ColumnID] = []
        for (a, b) in zip(fast, glpk) {
            if problem.basis()[a.column] == .basic { basic += 1 }
            func same(_ x: Double, _ y: Double) -> Bool {
                x.isInfinite || y.isInfinite ? x == y : abs(x - y) <= 1e-9 * max(1, abs(y))
            }
            if !same(a.lower, b.lower) || !same(a.upper, b.upper) { differing.append(a.column) }
        }
        #expect(basic > 100, "too few basic columns to compare: \(basic)")
        #expect(differing.isEmpty, "columns whose ranges differ: \(differing.prefix(10))")
    }
}
