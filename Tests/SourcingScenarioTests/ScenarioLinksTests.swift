import Foundation
import Testing

@testable import SourcingScenario

/// Components (`sources[].consumes`) and capacity pools: decoding with defaults, the writer's
/// round trip, and scenarios without them written exactly as before.
struct ScenarioLinksTests {
    static let sharedYard = ScenarioDecodingTests.good.appendingPathComponent("shared-yard.json")

    @Test func componentsAndPoolsReadAsWritten() throws {
        let scenario = try ScenarioLoader().load(path: Self.sharedYard.path)
        #expect(scenario.sources[0].consumes == [Component(item: "pod", perUnit: 2)])
        #expect(scenario.sources[2].consumes.isEmpty)
        #expect(
            scenario.capacityPools == [
                CapacityPool(
                    id: "gulf-docks", name: "Gulf yard dock slots", capacity: [2, 2, 2], capacityMode: .concurrent,
                    members: [.init(source: "gulf-cutter", perUnit: 1), .init(source: "gulf-frigate", perUnit: 1.5)])
            ])
    }

    @Test func poolDefaultsAreStartsAndOnePerUnit() throws {
        let text =
            ScenarioDecodingTests.minimal
            + "\ncapacityPools: [{id: p, capacity: [1, 2, 3], members: [{source: s}, {source: t}]}]\n"
        let scenario = try ScenarioLoader().decode(Array(text.utf8), format: .yaml)
        #expect(
            scenario.capacityPools == [
                CapacityPool(id: "p", capacity: [1, 2, 3], members: [.init(source: "s"), .init(source: "t")])
            ])
        #expect(scenario.capacityPools[0].capacityMode == .starts && scenario.capacityPools[0].members[1].perUnit == 1)
    }

    @Test(arguments: [ScenarioFormat.json, .yaml])
    func theWriterRoundTripsComponentsAndPools(_ format: ScenarioFormat) throws {
        let scenario = try ScenarioLoader().load(path: Self.sharedYard.path)
        let text = ScenarioWriter.text(scenario, format: format)
        #expect(text.contains("consumes") && text.contains("capacityPools"))
        #expect(try ScenarioLoader().decode(Array(text.utf8), format: format) == scenario)
    }

    @Test func scenariosWithoutLinksAreWrittenWithoutTheNewFields() throws {
        let scenario = try ScenarioLoader().load(
            path: ScenarioDecodingTests.good.appendingPathComponent("cutter.yaml").path)
        for format in [ScenarioFormat.json, .yaml] {
            let text = ScenarioWriter.text(scenario, format: format)
            #expect(!text.contains("consumes") && !text.contains("capacityPools"))
        }
    }

    @Test func anEmptyConsumesListMeansNoComponents() throws {
        let text = """
            periods: [P1]
            countries: [{id: US, domestic: true}]
            items: [{id: x, category: c, demand: 1}]
            sources: [{id: s, country: US, item: x, unitCost: 1, capacity: 1, consumes: []}]
            capacityPools: []
            """
        let scenario = try ScenarioLoader().decode(Array(text.utf8), format: .yaml)
        #expect(scenario.sources[0].consumes.isEmpty && scenario.capacityPools.isEmpty)
    }
}

extension ScenarioLinksTests {
    @Test func theValidateSummaryListsComponentsAndPools() throws {
        let scenario = try ScenarioLoader().load(path: Self.sharedYard.path)
        #expect(
            ScenarioSummary(scenario: scenario).text == """
                Scenario: Shared yard with furnished pods
                Periods: 3 (FY26 to FY28)
                Countries: 2 (domestic US; allies FI)
                Items: 3
                  cutter   total demand 2 (whole units, hard demand)
                  frigate  total demand 1 (hard demand)
                  pod      total demand 0 (hard demand)
                Sources: 4
                  US (domestic): gulf-cutter, gulf-frigate, us-pods
                  FI: fi-pods
                Lines consuming components: 2
                  gulf-cutter (cutter): pod ×2
                  gulf-frigate (frigate): pod ×2
                Capacity pools: 1
                  gulf-docks (concurrent): gulf-cutter, gulf-frigate ×1.5
                Ineligible sources: none

                """)
    }
}
