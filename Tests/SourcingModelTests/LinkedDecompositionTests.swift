import Foundation
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

// Components and pools link items into blocks: items connected through `consumes` or a shared
// pool are solved together, the others apart, and the assembled plan is the monolithic one.

@Suite struct LinkedDecompositionTests {
    /// Five items: hull ← pod (the hull line consumes pods), cutter and frigate sharing a dock
    /// pool, and an unrelated widget; each optimum is unique (holding costs break ties).
    ///
    /// By hand: hull 1 a period from the home yard (100) with 2 Finnish pods (6): 2 × 112 = 224.
    /// The dock holds 1 start a period; the frigate line saves more (200 − 150 = 50 against
    /// 30 for the cutter), so it takes the dock and cutters come from elsewhere: 2 × (150 + 130)
    /// = 560. Widgets from the ally at 3: 6. Total 790.
    static let portfolio = scenario(
        periods: 2,
        items: [
            item("hull", demand: [1, 1]) { $0.holdingCost = 1 },
            item("cutter", demand: [1, 1]) { $0.holdingCost = 1 },
            component("pod", demand: [0, 0]) { $0.holdingCost = 1 },
            item("frigate", demand: [1, 1]) { $0.holdingCost = 1 },
            item("widget", demand: [1, 1]) { $0.holdingCost = 1 },
        ],
        sources: [
            source("yard", item: "hull", periods: 2, cost: 100, capacity: 5) {
                $0.consumes = [Component(item: "pod", perUnit: 2)]
            },
            source("fi-pods", country: finland, item: "pod", periods: 2, cost: 6, capacity: 10),
            source("us-pods", item: "pod", periods: 2, cost: 10, capacity: 10),
            source("gulf-cutter", item: "cutter", periods: 2, cost: 100, capacity: 5),
            source("other-cutter", item: "cutter", periods: 2, cost: 130, capacity: 5),
            source("gulf-frigate", item: "frigate", periods: 2, cost: 150, capacity: 5),
            source("other-frigate", item: "frigate", periods: 2, cost: 200, capacity: 5),
            source("widget-ally", country: finland, item: "widget", periods: 2, cost: 3, capacity: 5),
        ]
    ) {
        $0.capacityPools = [
            CapacityPool(
                id: "gulf-docks", capacity: [1, 1],
                members: [.init(source: "gulf-cutter"), .init(source: "gulf-frigate")])
        ]
    }

    @Test func linkedItemsFormBlocks() {
        let s = Self.portfolio
        // hull+pod (consumes), cutter+frigate (pool), widget alone; blocks by their first item.
        #expect(s.linkedItemGroups() == [[0, 2], [1, 3], [4]])
        let blocks = s.independentItemBlocks()
        #expect(blocks?.map { $0.items.map(\.id) } == [["hull", "pod"], ["cutter", "frigate"], ["widget"]])
        #expect(
            blocks?.map { $0.sources.map(\.id) } == [
                ["yard", "fi-pods", "us-pods"], ["gulf-cutter", "other-cutter", "gulf-frigate", "other-frigate"],
                ["widget-ally"],
            ])
        #expect(blocks?.map { $0.capacityPools.map(\.id) } == [[], ["gulf-docks"], []])
    }

    @Test func theBlocksGiveTheMonolithicPlan() throws {
        let blocks = try solveChecked(Self.portfolio, options: PlanOptions(sensitivity: true, decompose: true, jobs: 2))
        let monolith = try solveChecked(Self.portfolio, options: PlanOptions(sensitivity: true, decompose: false))
        #expect(blocks.objective == 790 && monolith.objective == 790)
        #expect(blocks.items == monolith.items && blocks.sources == monolith.sources)
        #expect(blocks.capacityPools == monolith.capacityPools)
        #expect(blocks.sensitivity?.demandCost == monolith.sensitivity?.demandCost)
        #expect(blocks.solver.rows == monolith.solver.rows && blocks.solver.columns == monolith.solver.columns)
        // Items no line consumes carry zeros and no components, whichever block they were in.
        #expect(blocks.items[4].consumed == [0, 0] && blocks.items[4].components == [])
        #expect(blocks.items.map(\.id) == ["hull", "cutter", "pod", "frigate", "widget"])
        #expect(
            bytesWithoutTimings(blocks)
                == bytesWithoutTimings(
                    try solveChecked(Self.portfolio, options: PlanOptions(sensitivity: true, jobs: 1))))
    }

    @Test func aBudgetStillTiesEverything() throws {
        var s = Self.portfolio
        s.policy.budget = [1000, 1000]
        #expect(s.independentItemBlocks() == nil)
        // Budget-coupled solves (blocks from the matrix, then the whole LP) keep the links too.
        // 395 a period is enough for the plan above (224/2 + 150 + 130 + 3 = 395 each period);
        // 390 is not: every plan spends at least 790 in all, so it is infeasible, whole or not.
        for budget in [395.0, 390.0] {
            s.policy.budget = [budget, budget]
            let coupled = try solveChecked(s, options: PlanOptions(decompose: true, jobs: 2))
            let monolith = try solveChecked(s, options: PlanOptions(decompose: false))
            #expect(coupled.status == monolith.status)
            #expect(coupled.objective == monolith.objective)
            #expect(budget == 395 ? coupled.objective == 790 : coupled.status == .infeasible)
        }
    }
}
