import Foundation
import SourcingAnalysis
import SourcingModel
import SourcingOutput
import SourcingScenario
import Testing

// Stress tests, sweeps and tornado on scenarios with components and capacity pools, worked out
// by hand (real GLPK).

/// Hulls (1 a period, P1–P3) from the home yard (100, 2 a period), each start drawing a pod;
/// pods only from Finland (5). Base: 3 × 105 = 315.
func podScenario() -> Scenario {
    Scenario(
        name: "pods", periods: ["P1", "P2", "P3"], countries: [usa, finland],
        items: [
            Item(id: "hull", category: "ship", demand: [1, 1, 1], holdingCost: 1),
            Item(id: "pod", category: "propulsion", demand: [0, 0, 0], holdingCost: 1),
        ],
        sources: [
            Source(
                id: "yard", country: "US", item: "hull", unitCost: [100, 100, 100], capacity: [2, 2, 2],
                domesticContent: 1,
                consumes: [Component(item: "pod", perUnit: 1)]),
            Source(
                id: "fi-pods", country: "FI", item: "pod", unitCost: [5, 5, 5], capacity: [5, 5, 5], domesticContent: 0),
        ])
}

/// Cutters and frigates (1 each a period, P1–P2) from one yard whose slips take `slips` starts a
/// period in all; elsewhere a cutter costs 130 (yard 100) and a frigate 200 (yard 150).
func slipScenario(slips: Double = 1) -> Scenario {
    Scenario(
        name: "slips", periods: ["P1", "P2"], countries: [usa],
        items: [
            Item(id: "cutter", category: "ship", demand: [1, 1], holdingCost: 1),
            Item(id: "frigate", category: "ship", demand: [1, 1], holdingCost: 1),
        ],
        sources: [
            Source(
                id: "yard-cutter", country: "US", item: "cutter", unitCost: [100, 100], capacity: [5, 5],
                domesticContent: 1),
            Source(
                id: "other-cutter", country: "US", item: "cutter", unitCost: [130, 130], capacity: [5, 5],
                domesticContent: 1),
            Source(
                id: "yard-frigate", country: "US", item: "frigate", unitCost: [150, 150], capacity: [5, 5],
                domesticContent: 1),
            Source(
                id: "other-frigate", country: "US", item: "frigate", unitCost: [200, 200], capacity: [5, 5],
                domesticContent: 1),
        ],
        capacityPools: [
            CapacityPool(
                id: "slips", capacity: [slips, slips],
                members: [.init(source: "yard-cutter"), .init(source: "yard-frigate")])
        ])
}

@Suite struct LinkStressTests {
    @Test func losingTheComponentCountryStopsTheHomeYard() throws {
        // Knocking out Finland for the whole horizon removes every pod line: the home yard cannot
        // start a hull (a draw is never owed), so all 3 hulls are short, through the pods; the
        // pods themselves owe nothing (no demand of their own). Knocking out the US stops the
        // yard itself: 3 hulls short, not through a component.
        let base = try AnalysisBase(scenario: podScenario(), identity: identity, options: PlanOptions())
        #expect(base.plan.objective == 315)
        let test = try StressTest(base: base, by: .country, from: "P1", duration: 3)
        let results = test.run(jobs: 2).map { $0! }
        #expect(results.map(\.target) == ["US", "FI"])
        let fi = results[1]
        #expect(fi.items.map(\.id) == ["hull", "pod"])
        #expect(fi.items[0].unitsShort == 3 && fi.items[0].throughComponents == ["pod"])
        #expect(fi.items[1].unitsShort == 0 && fi.items[1].throughComponents == [])
        // Nothing can be bought: 315 less is spent, but all demand goes unmet, valued at the stress
        // penalty P = 10 × 100 + 1 = 1,001 per hull and period late (1 + 2 + 3) and once more for
        // each of the 3 never delivered: 9 × 1,001 − 315 = 8,694.
        #expect(fi.extraSpend == -315)
        #expect(fi.extraCost == 8694)
        #expect(results[0].items[0].unitsShort == 3 && results[0].items[0].throughComponents == [])
        let table = stressTable(results, test: test)
        #expect(
            table.contains(
                "Output lost through components (their lines were knocked out):\n  FI: hull loses output through pod\n")
        )
        let json = stressJSON(results, test: test)
        guard case .array(let disruptions)? = json["disruptions"], case .array(let items)? = disruptions[1]["items"]
        else {
            Issue.record("no disruptions")
            return
        }
        #expect(items[0]["throughComponents"] == .array([.string("pod")]))
        let tables = stressOutputTables(results, test: test)
        #expect(tables.map(\.name) == ["disruptions", "shortfalls", "relaxed-rules", "lost-through-components"])
        #expect(tables.last?.csv == "target,item,component\r\nFI,hull,pod\r\n")
    }

    @Test func aScenarioWithoutComponentsKeepsItsStressBytes() throws {
        let test = try StressTest(
            base: try AnalysisBase(scenario: stressScenario(), identity: identity, options: PlanOptions()), by: .source)
        let results = test.run(jobs: 1)
        #expect(!stressJSON(results, test: test).serialized().contains("throughComponents"))
        #expect(stressOutputTables(results, test: test).map(\.name) == ["disruptions", "shortfalls", "relaxed-rules"])
    }
}

@Suite struct LinkParameterTests {
    @Test func sweepingAPoolsCapacity() throws {
        // One slip a period: the frigates take it (they save 50 a ship against 30), cutters come
        // from elsewhere: 2 × 150 + 2 × 130 = 560. Two slips: both classes at the yard, 500.
        // In between, each extra half slip moves half a cutter to the yard: 560 − 30 = 530.
        let base = try AnalysisBase(scenario: slipScenario(), identity: identity, options: PlanOptions())
        let sweep = try Sweep(base: base, vary: ["capacityPools[slips].capacity=1,1.5,2"])
        let points = sweep.run(jobs: 1).map { $0! }
        #expect(points.map(\.objective) == [560, 530, 500])
        // One period only: the first period's slips.
        let one = try Sweep(base: base, vary: ["capacityPools[slips].capacity[P1]=2"]).run(jobs: 1).map { $0! }
        #expect(one.map(\.objective) == [530])
    }

    @Test func sweepingAComponentsUnitsPerHull() throws {
        // Two pods a hull instead of one: 3 more pods at 5: 315 → 330.
        let base = try AnalysisBase(scenario: podScenario(), identity: identity, options: PlanOptions())
        let points = try Sweep(base: base, vary: ["sources[yard].consumes[pod].perUnit=1,2"]).run(jobs: 1).map { $0! }
        #expect(points.map(\.objective) == [315, 330])
    }

    @Test func theTornadoMovesPoolsAndComponents() throws {
        let pods = try Tornado(
            base: try AnalysisBase(scenario: podScenario(), identity: identity, options: PlanOptions()), share: 0.2)
        #expect(pods.paths.map(\.text).contains("sources[yard].consumes[pod].perUnit"))
        let slips = try Tornado(
            base: try AnalysisBase(scenario: slipScenario(), identity: identity, options: PlanOptions()), share: 0.2)
        #expect(slips.paths.map(\.text).contains("capacityPools[slips].capacity"))
        // ±20% of one slip a period: 0.8 leaves 0.2 frigate a period elsewhere, 560 + 2 × 0.2 × 50
        // = 580; 1.2 brings 0.2 cutter a period to the yard, 560 − 2 × 0.2 × 30 = 548: swing 32.
        let bar = try #require(slips.run(jobs: 1).first { $0.path == "capacityPools[slips].capacity" })
        #expect(bar.low.objective == 580 && bar.high.objective == 548 && bar.swing == 32)
    }

    @Test func badLinkPathsAreExplained() throws {
        let base = try AnalysisBase(scenario: podScenario(), identity: identity, options: PlanOptions())
        #expect(throws: AnalysisError.badPath("capacityPools[docks].capacity", "unknown capacity pool \"docks\"")) {
            try Sweep(base: base, vary: ["capacityPools[docks].capacity=1"])
        }
        #expect(
            throws: AnalysisError.badPath(
                "sources[yard].consumes[radar].perUnit", "source \"yard\" does not consume \"radar\"")
        ) {
            try Sweep(base: base, vary: ["sources[yard].consumes[radar].perUnit=1"])
        }
        #expect(
            throws: AnalysisError.badPath(
                "sources[yard].consumes[pod].item",
                "only perUnit of a component can be varied: sources[yard].consumes[pod].perUnit")
        ) {
            try Sweep(base: base, vary: ["sources[yard].consumes[pod].item=1"])
        }
        #expect(
            throws: AnalysisError.badValues(
                "sources[yard].consumes[pod].perUnit", "0.0 is not allowed: the format wants this field above 0")
        ) {
            try Sweep(base: base, vary: ["sources[yard].consumes[pod].perUnit=0"])
        }
    }
}
